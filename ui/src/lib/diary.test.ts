import { describe, expect, it } from 'vitest';
import { startedDiary, testDiary, TODAY } from '../test/diary';
import { FakeTimer, MemoryApi, settle } from '../test/fakes';
import { Diary } from './diary.svelte';
import { summaryOf } from './entrySummary';
import { locale } from './locale.svelte';

/** The test diary with a Korean OS (the language it follows until one is saved). */
function setup(prepare?: (m: MemoryApi) => void) {
  return testDiary(prepare, { osLanguage: () => 'ko-KR' });
}

function started(prepare?: (m: MemoryApi) => void) {
  return startedDiary(prepare, { osLanguage: () => 'ko-KR' });
}

describe('start', () => {
  it('shows the fatal error and touches nothing else when the database is broken', async () => {
    const { mem, diary } = setup((m) => {
      m.status = { ...m.status, db_error: { code: 'database_corrupt', message: '/data/haru.db is not a database' } };
    });
    diary.markEditorReady();
    await diary.init();
    await settle();
    expect(diary.phase).toBe('fatal');
    expect(diary.fatal?.message).toContain('/data/haru.db');
    expect(mem.count('ui_ready')).toBe(0);
    expect(mem.count('list_entries')).toBe(0);
  });

  it('calls ui_ready exactly once, after both the editor and app_status are ready', async () => {
    const { mem, diary } = setup();
    const init = diary.init();
    await settle();
    expect(mem.count('ui_ready')).toBe(0); // editor not ready yet
    diary.markEditorReady();
    diary.markEditorReady();
    await init;
    await settle();
    expect(mem.count('ui_ready')).toBe(1);
  });

  it('follows the OS language when no language is saved', async () => {
    await started();
    expect(locale.lang).toBe('ko');
  });

  it("opens today's newest entry when nothing was typed yet", async () => {
    const { diary } = await started((m) => {
      m.add(TODAY, 'older');
      m.add(TODAY, 'newest');
      m.add('2026-11-20', 'yesterday');
    });
    expect(diary.body).toBe('newest');
    expect(diary.entries.list.map((e) => e.preview)).toEqual(['newest', 'older']);
    expect(diary.calendar.counts).toEqual({ [TODAY]: 2, '2026-11-20': 1 });
  });
});

describe('summaryOf', () => {
  it('previews like the back end: one line, 140 characters, then an ellipsis', () => {
    const entry = { id: 1, date: '2026-03-01', language: 'en', created_at: 'c', updated_at: 'u', word_count: 0 };
    expect(summaryOf({ ...entry, body: '  a\n\n b  ' }).preview).toBe('a b');
    const long = '가'.repeat(141);
    expect(summaryOf({ ...entry, body: long }).preview).toBe('가'.repeat(140) + '…');
    expect(summaryOf({ ...entry, body: '가'.repeat(140) }).preview).toBe('가'.repeat(140));
  });
});

describe('writing', () => {
  it('creates one entry for a new page and lists it', async () => {
    const { mem, diary, type } = await started();
    await type('오늘은 조용한 하루');
    await type('오늘은 조용한 하루였다');
    expect(mem.count('save_entry')).toBe(2);
    expect(mem.rows).toHaveLength(1);
    expect(diary.doc.id).toBe(mem.rows[0].id);
    expect(diary.entries.list).toHaveLength(1);
    expect(diary.entries.list[0].preview).toBe('오늘은 조용한 하루였다');
    expect(diary.calendar.counts[TODAY]).toBe(1);
    expect(diary.saveState.kind).toBe('saved');
  });

  it('saves the pending text before switching day, then opens the other day', async () => {
    const { mem, diary } = await started((m) => m.add('2026-11-20', 'yesterday'));
    diary.edit('draft');
    await diary.prevDay();
    await settle();
    expect(mem.rows.find((r) => r.body === 'draft')?.date).toBe(TODAY);
    expect(diary.selectedDate).toBe('2026-11-20');
    expect(diary.body).toBe('yesterday');
  });

  it('New entry gives an empty page for the selected day without creating anything', async () => {
    const { mem, diary } = await started((m) => m.add(TODAY, 'first'));
    diary.newEntry();
    await diary.flush();
    expect(diary.doc.id).toBeNull();
    expect(diary.body).toBe('');
    expect(mem.count('save_entry')).toBe(0);
  });
});

describe('delete and undo', () => {
  it('asks, deletes, offers undo for 8 s, and restores', async () => {
    const { mem, timer, diary } = await started((m) => {
      m.add(TODAY, 'keep me');
      m.add(TODAY, 'delete me');
    });
    expect(diary.body).toBe('delete me');
    const id = diary.doc.id!;
    await diary.requestDelete();
    expect(diary.confirmingDelete).toBe(true);
    await diary.confirmDelete();
    await settle();
    expect(mem.count('trash_entry')).toBe(1);
    expect(diary.entries.list.map((e) => e.id)).not.toContain(id);
    expect(diary.calendar.counts[TODAY]).toBe(1);
    expect(diary.toasts.current?.undoId).toBe(id);
    expect(diary.body).toBe('keep me');
    expect(diary.canUndoDeleteByKey()).toBe(true);

    await diary.undoDelete();
    await settle();
    expect(mem.count('restore_entry')).toBe(1);
    expect(diary.doc.id).toBe(id);
    expect(diary.body).toBe('delete me');
    expect(diary.entries.list.map((e) => e.id)).toContain(id);
    expect(diary.calendar.counts[TODAY]).toBe(2);

    // The "restored" note goes away by itself.
    timer.advance(8000);
    expect(diary.toasts.current).toBeNull();
  });

  it('the undo toast disappears after 8 seconds', async () => {
    const { timer, diary } = await started((m) => m.add(TODAY, 'x'));
    await diary.requestDelete();
    await diary.confirmDelete();
    timer.advance(7900);
    expect(diary.toasts.current).not.toBeNull();
    timer.advance(200);
    expect(diary.toasts.current).toBeNull();
    expect(diary.canUndoDeleteByKey()).toBe(false);
  });

  it('nothing to delete on a blank new page', async () => {
    const { diary } = await started();
    await diary.requestDelete();
    expect(diary.confirmingDelete).toBe(false);
  });

  it('an entry emptied and left is trashed with an undo toast, and no error', async () => {
    const { mem, diary } = await started((m) => m.add(TODAY, 'words'));
    diary.edit('   ');
    await diary.flush();
    await settle();
    expect(mem.rows[0].trashed).toBe(true);
    expect(diary.toasts.current?.kind).toBe('deleted');
    expect(diary.entries.list).toHaveLength(0);
    expect(diary.saveState.kind).toBe('idle');
  });
});

describe('search', () => {
  it('debounces by 200 ms and searches once with the last query', async () => {
    const { mem, timer, diary } = await started((m) => m.add('2026-11-02', '바다에 갔다'));
    diary.search.setQuery('바');
    timer.advance(100);
    diary.search.setQuery('바다');
    timer.advance(199);
    expect(mem.count('search_entries')).toBe(0);
    timer.advance(1);
    await settle();
    expect(mem.calls.filter((c) => c.cmd === 'search_entries').map((c) => c.args)).toEqual([
      { query: '바다', limit: 50, emotion: null, from: null, to: null, tag: null },
    ]);
    expect(diary.search.results).toHaveLength(1);

    await diary.openHit(diary.search.results![0]);
    await settle();
    expect(diary.selectedDate).toBe('2026-11-02');
    expect(diary.body).toBe('바다에 갔다');

    diary.search.clear();
    expect(diary.search.results).toBeNull();
    expect(diary.search.query).toBe('');
  });

  it('searches by filters alone, and Escape-style clearing drops text and filters', async () => {
    const { mem, timer, diary } = await started((m) => {
      m.add('2026-03-02', 'rainy');
      m.add('2026-04-02', 'sunny');
    });
    expect(diary.search.active).toBe(false);
    diary.search.setFilters({ from: '2026-03-01', to: '2026-03-31' });
    expect(diary.search.active).toBe(true);
    timer.advance(200);
    await settle();
    expect(mem.calls.filter((c) => c.cmd === 'search_entries').map((c) => c.args)).toEqual([
      { query: '', limit: 50, emotion: null, from: '2026-03-01', to: '2026-03-31', tag: null },
    ]);
    expect(diary.search.results?.map((h) => h.entry.date)).toEqual(['2026-03-02']);

    diary.search.clear();
    expect(diary.search.filters).toEqual({ emotion: null, from: null, to: null, tag: null });
    expect(diary.search.results).toBeNull();
    expect(diary.search.active).toBe(false);
    timer.advance(500);
    await settle();
    expect(mem.count('search_entries')).toBe(1);
  });
});

describe('closing', () => {
  it('waits for the pending save before letting the window close', async () => {
    const { mem, diary } = await started();
    diary.edit('last words');
    expect(await diary.beforeClose()).toBe(true);
    expect(mem.rows.map((r) => r.body)).toEqual(['last words']);
  });
});

describe('Mod+Z after a delete', () => {
  it('undoes the delete only until something is typed', async () => {
    const { diary } = await started((m) => m.add(TODAY, 'x'));
    await diary.requestDelete();
    await diary.confirmDelete();
    expect(diary.canUndoDeleteByKey()).toBe(true);
    diary.edit('n');
    expect(diary.canUndoDeleteByKey()).toBe(false);
  });
});

describe('closing when saving fails', () => {
  it('keeps the window open once with a message, then lets it close', async () => {
    const { mem, diary } = await started();
    const api = mem.api();
    // Make saves fail from now on.
    (diary as unknown as { api: typeof api }).api.saveEntry = async () => {
      throw { code: 'disk_full', message: 'the disk is full' };
    };
    diary.edit('unsaved words');
    expect(await diary.beforeClose()).toBe(false);
    expect(diary.toasts.current?.kind).toBe('error');
    expect(diary.toasts.current?.message).toContain('the disk is full');
    expect(await diary.beforeClose()).toBe(true);
  });
});

describe('display settings', () => {
  it('applies the stored text size at start and zooms one step per shortcut, within the ends', async () => {
    const { mem, diary } = await started((m) => {
      m.display = { text_size: 'large', week_start: null };
    });
    expect(diary.prefs.display.text_size).toBe('large');
    expect(mem.zooms.at(-1)).toBe(1.15);
    await diary.prefs.zoom('zoom-in');
    await settle();
    expect(mem.display.text_size).toBe('larger');
    expect(mem.zooms.at(-1)).toBe(1.3);
    const writes = mem.count('set_display_settings');
    await diary.prefs.zoom('zoom-in'); // already the largest: nothing to store
    expect(mem.count('set_display_settings')).toBe(writes);
    await diary.prefs.zoom('zoom-reset');
    await settle();
    expect(mem.display).toEqual({ text_size: 'normal', week_start: null });
    expect(mem.zooms.at(-1)).toBe(1);
    await diary.prefs.zoom('zoom-out');
    await diary.prefs.zoom('zoom-out');
    await settle();
    expect(mem.display.text_size).toBe('small');
  });

  it('redraws the calendar from Monday once Monday is chosen, keeping the text size', async () => {
    const { mem, diary } = await started();
    // November 2026 begins on a Sunday: from Sunday the grid starts on November 1, from
    // Monday on October 26.
    expect(diary.prefs.weekStartsOn).toBe(0);
    const before = mem.calls.filter((c) => c.cmd === 'list_days').at(-1)?.args;
    expect(before).toEqual({ from: '2026-11-01', to: '2026-12-12' });
    await diary.prefs.updateDisplay({ week_start: 'monday' });
    await settle();
    expect(diary.prefs.weekStartsOn).toBe(1);
    expect(diary.history.weekStart).toBe('monday');
    expect(mem.display).toEqual({ text_size: 'normal', week_start: 'monday' });
    const after = mem.calls.filter((c) => c.cmd === 'list_days').at(-1)?.args;
    expect(after).toEqual({ from: '2026-10-26', to: '2026-12-06' });
    expect(diary.prefs.display.text_size).toBe('normal');
  });
});

describe('settings', () => {
  it('quick choices are stored one at a time, the last one last, and never undone on screen', async () => {
    const mem = new MemoryApi();
    const answers: Array<() => void> = [];
    const sent: Array<{ language: string | null; theme: string }> = [];
    const api = mem.api();
    api.setSettings = (settings) =>
      new Promise((resolve) => {
        sent.push({ ...settings });
        answers.push(() => resolve(settings));
      });
    const diary = new Diary({ api, timer: new FakeTimer(), now: () => new Date(2026, 10, 21, 10, 0), osLanguage: () => 'en-US' });
    diary.markEditorReady();
    await diary.init();
    await settle();
    const done = [diary.prefs.updateSettings({ language: 'en' })];
    await settle();
    done.push(diary.prefs.updateSettings({ theme: 'dark' }));
    await settle();
    done.push(diary.prefs.updateSettings({ language: 'ko' }));
    await settle();
    expect(diary.prefs.settings).toEqual({ language: 'ko', theme: 'dark' });
    expect(sent).toEqual([{ language: 'en', theme: 'system' }]); // one write in flight, no more
    answers[0]();
    await settle();
    // The first answer does not undo the newer choices; "dark" alone is never written: the
    // newest choice is.
    expect(diary.prefs.settings).toEqual({ language: 'ko', theme: 'dark' });
    expect(locale.lang).toBe('ko');
    expect(sent).toEqual([
      { language: 'en', theme: 'system' },
      { language: 'ko', theme: 'dark' },
    ]);
    // Closing the window now waits for the last write.
    let closed = false;
    void diary.beforeClose().then(() => (closed = true));
    await settle();
    expect(closed).toBe(false);
    answers[1]();
    await Promise.all(done);
    await settle();
    expect(closed).toBe(true);
    expect(diary.prefs.settings).toEqual({ language: 'ko', theme: 'dark' });
    expect(sent).toHaveLength(2);
  });
});
