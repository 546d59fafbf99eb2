import { describe, expect, it } from 'vitest';
import type { BackupInfo } from '../bindings/BackupInfo';
import { Diary } from './diary.svelte';
import { translate, type MessageKey, type Params } from './i18n';
import { backupDate, importLines, lineText, newestFirst, percentOf, restoreLines, exportLines, YourData, MAX_PROBLEMS_SHOWN } from './yourData.svelte';
import { FakeTimer, MemoryApi, settle } from '../test/fakes';
import { expectWeakPassphrasesRefused } from '../test/passphrase';

const en = (key: MessageKey, params?: Params) => translate('en', key, params);
const ko = (key: MessageKey, params?: Params) => translate('ko', key, params);

function backup(created_at: string, kind: string, entries: number | null = 3, problem: string | null = null): BackupInfo {
  const stamp = created_at.replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const suffix = kind === 'auto' ? '' : `-${kind}`;
  return {
    path: `/data/backups/haru-${stamp}${suffix}.sqlite3`,
    file_name: `haru-${stamp}${suffix}.sqlite3`,
    size_bytes: 4096,
    created_at,
    kind,
    entries,
    problem,
  };
}

function yourData(mem = new MemoryApi(), encrypted = false) {
  const events: string[] = [];
  const data = new YourData({
    api: mem.api(),
    encrypted: () => encrypted,
    beforeChange: async () => void events.push('saved first'),
    afterChange: async () => void events.push('diary read again'),
  });
  return { mem, data, events };
}

/** "Your data" over `mem` whose export waits until `release()` is called. */
function gatedExport(mem: MemoryApi) {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const api = mem.api();
  const slow = new YourData({
    api: {
      ...api,
      exportDiary: async (format, passphrase) => {
        await gate;
        return api.exportDiary(format, passphrase);
      },
    },
    encrypted: () => false,
  });
  return { slow, release };
}

describe('the backups list', () => {
  it('is newest first, whatever order it came in', () => {
    const list = newestFirst([
      backup('2026-01-02T09:00:00Z', 'auto'),
      backup('2026-03-01T09:00:00Z', 'manual'),
      backup('2026-02-10T09:00:00Z', 'pre-restore'),
    ]);
    expect(list.map((b) => b.kind)).toEqual(['manual', 'pre-restore', 'auto']);
  });

  it('names kinds and counts entries in both languages', async () => {
    const { mem, data } = yourData();
    mem.backups = [backup('2026-01-02T09:00:00Z', 'pre-restore', 1), backup('2026-03-01T09:00:00Z', 'manual', 12)];
    await data.open();
    expect(data.backups.map((b) => b.entries)).toEqual([12, 1]);
    expect(en('data.entries', { count: 1 })).toBe('1 entry');
    expect(ko('data.entries', { count: 12 })).toBe('글 12개');
    expect(en('data.kindPreRestore')).toBe('before a restore');
    expect(backupDate('2026-03-01T09:00:00Z', 'en')).toMatch(/2026/);
    expect(backupDate('not a date', 'en')).toBe('not a date');
  });

  it('back up now adds the new backup to the list and says where it went', async () => {
    const { mem, data } = yourData();
    mem.add('2026-01-01', 'one');
    await data.open();
    expect(await data.backupNow()).toBe(true);
    expect(data.backups).toHaveLength(1);
    expect(data.backups[0].kind).toBe('manual');
    expect(lineText(data.lines[0], en)).toBe(`Backed up to ${data.backups[0].file_name}.`);
    expect(data.busy).toBeNull();
  });
});

describe('restoring', () => {
  it('asks first, saying the diary as it is is kept as a pre-restore backup', async () => {
    const { mem, data, events } = yourData();
    mem.backups = [backup('2026-03-01T09:00:00Z', 'manual', 4)];
    await data.open();
    data.askRestore(data.backups[0]);
    expect(data.confirming?.file_name).toBe(mem.backups[0].file_name);
    expect(mem.count('restore_diary')).toBe(0);
    expect(en('data.confirmBody', { date: 'x', entries: '4 entries' })).toContain('saved first as a pre-restore backup');

    data.cancelRestore();
    expect(await data.restore()).toBe(false);
    expect(mem.count('restore_diary')).toBe(0);

    data.askRestore(data.backups[0]);
    expect(await data.restore()).toBe(true);
    expect(mem.calls.find((c) => c.cmd === 'restore_diary')?.args).toEqual({ fileName: mem.backups[0].file_name });
    expect(events).toEqual(['saved first', 'diary read again']);
    expect(data.lines.map((l) => lineText(l, en))).toEqual([
      `Restored 4 entries from ${mem.backups[0].file_name}.`,
      'The diary as it was before is kept as haru-20260109-090000-pre-restore.sqlite3 (restore it to undo).',
    ]);
  });

  it('does not offer a damaged backup', async () => {
    const { mem, data } = yourData();
    mem.backups = [backup('2026-03-01T09:00:00Z', 'auto', null, 'its checksum differs')];
    await data.open();
    data.askRestore(data.backups[0]);
    expect(data.confirming).toBeNull();
  });

  it('shows the back end’s message when the restore is refused, and leaves the diary alone', async () => {
    const { mem, data, events } = yourData();
    mem.backups = [backup('2026-03-01T09:00:00Z', 'manual')];
    mem.dataError = { code: 'busy', message: 'another Haru program holds the diary: try again' };
    await data.open();
    data.askRestore(data.backups[0]);
    expect(await data.restore()).toBe(false);
    expect(data.problem).toEqual({ message: 'another Haru program holds the diary: try again' });
    expect(events).toEqual(['saved first']);
    expect(data.busy).toBeNull();
  });

  it('restoreLines works without a previous diary', () => {
    expect(restoreLines({ restored_from: '/a/b/haru-x.sqlite3', previous_saved_as: null, entries: 1 }).map((l) => lineText(l, en))).toEqual([
      'Restored 1 entry from haru-x.sqlite3.',
    ]);
  });
});

describe('exporting', () => {
  it('sends only a format (and a passphrase), never a path, and says where the file went', async () => {
    const { mem, data } = yourData();
    mem.add('2026-01-01', 'one');
    data.format = 'markdown';
    expect(await data.export()).toBe(true);
    expect(mem.calls.find((c) => c.cmd === 'export_diary')?.args).toEqual({ format: 'markdown', passphrase: null });
    expect(lineText(data.lines[0], en)).toBe('Exported 1 entry to /home/me/haru.json.');
  });

  it('a cancelled dialog changes nothing and says nothing', async () => {
    const { mem, data } = yourData();
    mem.exportPath = null;
    expect(await data.export()).toBe(false);
    expect(data.lines).toEqual([]);
    expect(data.problem).toBeNull();
    expect(data.busy).toBeNull();
  });

  it('an encrypted JSON export needs a good passphrase twice, then clears it', async () => {
    const { mem, data } = yourData();
    data.encrypt = true;
    await expectWeakPassphrasesRefused(data, () => data.export(), 'four unrelated words', 'four unrelated word');
    expect(mem.count('export_diary')).toBe(0);
    data.confirm = 'four unrelated words';
    expect(await data.export()).toBe(true);
    expect(mem.calls.find((c) => c.cmd === 'export_diary')?.args).toEqual({ format: 'json', passphrase: 'four unrelated words' });
    expect(data.passphrase).toBe('');
    expect(data.confirm).toBe('');
  });

  it('the encryption choice applies to JSON only', async () => {
    const { mem, data } = yourData();
    data.encrypt = true;
    data.format = 'csv';
    expect(await data.export()).toBe(true);
    expect(mem.calls.find((c) => c.cmd === 'export_diary')?.args).toEqual({ format: 'csv', passphrase: null });
  });

  it('warns when an encrypted diary is exported in the clear, as the CLI does', () => {
    const summary = { format: 'json', path: '/x.json', entries: 3, not_analysed: 0 };
    expect(exportLines(summary, false)).toHaveLength(1);
    expect(exportLines(summary, true).map((l) => l.key)).toEqual(['data.exported', 'data.exportNotEncrypted']);
    expect(exportLines({ ...summary, format: 'json-encrypted' }, true)).toHaveLength(1);
  });

  it('follows progress: waiting for the dialog, then working, and one task at a time', async () => {
    const { mem, data } = yourData();
    await data.open();
    const { slow, release } = gatedExport(mem);
    await slow.open();
    const running = slow.export();
    expect(slow.busy).toBe('export');
    expect(slow.stage).toBe('choosing');
    expect(await slow.backupNow()).toBe(false);
    expect(await slow.pickImport()).toBe(false);
    mem.emit('data-progress', { task: 'export', stage: 'working', done: null, total: null });
    expect(slow.stage).toBe('working');
    expect(slow.percent).toBeNull();
    release();
    expect(await running).toBe(true);
    expect(slow.busy).toBeNull();
    expect(slow.stage).toBeNull();
    slow.close();
    data.close();
    expect(mem.listenerCount('data-progress')).toBe(0);
  });
});

describe('progress', () => {
  it('counts entries: analysing first, then writing, with a whole percentage for the bar', async () => {
    const { mem, data } = yourData();
    const { slow, release } = gatedExport(mem);
    await slow.open();
    const running = slow.export();
    mem.emit('data-progress', { task: 'export', stage: 'working', done: null, total: null });
    expect([slow.stage, slow.percent]).toEqual(['working', null]);
    mem.emit('data-progress', { task: 'export', stage: 'analysing', done: 0, total: 3 });
    expect([slow.stage, slow.percent]).toEqual(['analysing', 0]);
    mem.emit('data-progress', { task: 'export', stage: 'analysing', done: 2, total: 3 });
    expect(slow.percent).toBe(66);
    // A new stage starts its own count.
    mem.emit('data-progress', { task: 'export', stage: 'working', done: null, total: null });
    expect([slow.stage, slow.percent]).toEqual(['working', null]);
    mem.emit('data-progress', { task: 'export', stage: 'working', done: 1, total: 4 });
    expect([slow.percent, slow.count]).toEqual([25, { done: 1, total: 4 }]);
    // Another task's progress is not ours.
    mem.emit('data-progress', { task: 'import', stage: 'working', done: 4, total: 4 });
    expect(slow.percent).toBe(25);
    release();
    expect(await running).toBe(true);
    expect([slow.stage, slow.count, slow.percent]).toEqual([null, null, null]);
    slow.close();
    data.close();
  });

  it('nothing to count is no percentage', () => {
    expect(percentOf(null)).toBeNull();
    expect(percentOf({ done: 0, total: 0 })).toBeNull();
    expect(percentOf({ done: 1, total: 3 })).toBe(33);
    expect(percentOf({ done: 3, total: 3 })).toBe(100);
    expect(percentOf({ done: 5, total: 3 })).toBe(100);
  });

  it('says in both languages when entries were exported without up-to-date emotions', async () => {
    const { mem, data } = yourData();
    mem.add('2026-01-01', 'one');
    mem.add('2026-01-02', 'two');
    mem.exportNotAnalysed = 2;
    mem.exportAnalyses = 2;
    const stages: string[] = [];
    const unlisten = await mem.api().onDataProgress((p) => stages.push(`${p.stage} ${p.done ?? '-'}/${p.total ?? '-'}`));
    expect(await data.export()).toBe(true);
    unlisten();
    expect(stages).toEqual(['working -/-', 'analysing 0/2', 'analysing 1/2', 'analysing 2/2', 'working 0/2', 'working 1/2', 'working 2/2']);
    expect(data.lines.map((l) => l.key)).toEqual(['data.exported', 'data.exportNotAnalysed']);
    expect(lineText(data.lines[1], en)).toBe('The emotion model could not analyse 2 entries, so they were exported without up-to-date emotions.');
    expect(lineText(data.lines[1], ko)).toBe('감정 모델이 글 2개를 분석하지 못해서, 그 글은 최신 감정 없이 내보냈어요.');
    expect(en('data.progress', { percent: 50, done: 1, count: 2 })).toBe('50% (1 of 2 entries)');
    expect(ko('data.progress', { percent: 50, done: 1, count: 2 })).toBe('50% (글 2개 중 1개)');
  });
});

describe('importing', () => {
  it('imports the chosen file at once and reads the diary again', async () => {
    const { mem, data, events } = yourData();
    expect(await data.pickImport()).toBe(true);
    expect(mem.calls.find((c) => c.cmd === 'import_picked')?.args).toEqual({ passphrase: null });
    expect(events).toEqual(['saved first', 'diary read again']);
    expect(lineText(data.lines[0], en)).toBe('Imported 2 entries (Haru export); 0 already there; 0 not imported.');
    expect(lineText(data.lines[0], ko)).toBe('글 2개를 가져왔어요(Haru 내보내기). 이미 있던 글 0개, 가져오지 못한 글 0개.');
  });

  it('a cancelled dialog imports nothing', async () => {
    const { mem, data } = yourData();
    mem.importChoice = null;
    expect(await data.pickImport()).toBe(false);
    expect(mem.count('import_picked')).toBe(0);
    expect(data.busy).toBeNull();
  });

  it('asks for the passphrase of an encrypted export, and lets a wrong one be tried again', async () => {
    const { mem, data } = yourData();
    mem.importChoice = { file_name: 'diary.haru', encrypted: true };
    expect(await data.pickImport()).toBe(false);
    expect(data.importChoice?.file_name).toBe('diary.haru');
    expect(await data.importEncrypted()).toBe(false);
    expect(data.problem).toEqual({ key: 'unlock.empty' });
    data.importPassphrase = 'not the one at all';
    expect(await data.importEncrypted()).toBe(false);
    expect(data.problem).toEqual({ key: 'data.wrongExportPassphrase' });
    expect(data.importPassphrase).toBe('');
    expect(data.importChoice).not.toBeNull();
    data.importPassphrase = 'four unrelated words';
    expect(await data.importEncrypted()).toBe(true);
    expect(data.importChoice).toBeNull();
  });

  it('words what the CLI prints: media left out, entries left out by position, notes', () => {
    const problems = Array.from({ length: MAX_PROBLEMS_SHOWN + 2 }, (_, i) => ({ file: i === 0 ? 'Journal.json' : null, index: i, reason: 'no text' }));
    const lines = importLines({
      format: 'day_one',
      imported: 5,
      duplicates: 1,
      dates_corrected: 2,
      photos_skipped: 1,
      other_media_skipped: 3,
      problems,
      notes: ['Photos/a.jpeg was not read'],
    }).map((l) => lineText(l, en));
    expect(lines[0]).toBe('Imported 5 entries (Day One export); 1 already there; 7 not imported.');
    expect(lines).toContain('2 moved to their own day.');
    expect(lines).toContain('1 photo not imported: Haru keeps text only.');
    expect(lines).toContain('3 other attachments not imported: Haru keeps text only.');
    expect(lines).toContain('Journal.json, entry 0: no text');
    expect(lines).toContain('Entry 1: no text');
    expect(lines).toContain('And 2 more not imported.');
    expect(lines.at(-1)).toBe('Note: Photos/a.jpeg was not read');
  });
});

describe('in the diary', () => {
  it('opens from the settings, holds the keyboard, and stays open while work runs', async () => {
    const mem = new MemoryApi();
    const diary = new Diary({ api: mem.api(), timer: new FakeTimer() });
    await diary.init();
    diary.popover = 'settings';
    diary.openYourData();
    await settle();
    expect(diary.popover).toBeNull();
    expect(diary.dataOpen).toBe(true);
    expect(diary.modalOpen).toBe(true);
    expect(mem.count('diary_backups')).toBe(1);
    diary.data.busy = 'export';
    diary.closeYourData();
    expect(diary.dataOpen).toBe(true);
    diary.data.busy = null;
    diary.closeYourData();
    expect(diary.dataOpen).toBe(false);
  });

  it('after a restore the selected day is read again from the restored diary', async () => {
    const mem = new MemoryApi();
    const diary = new Diary({ api: mem.api(), timer: new FakeTimer(), now: () => new Date(2026, 0, 5, 12) });
    await diary.init();
    await settle();
    mem.add('2026-01-05', 'from the backup');
    mem.backups = [backup('2026-01-04T09:00:00Z', 'manual', 1)];
    diary.openYourData();
    await settle();
    diary.data.askRestore(diary.data.backups[0]);
    expect(await diary.data.restore()).toBe(true);
    await settle();
    expect(diary.body).toBe('from the backup');
    expect(diary.calendar.counts['2026-01-05']).toBe(1);
  });
});
