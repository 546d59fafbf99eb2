import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EntryAnalysis } from '../bindings/EntryAnalysis';
import type { Recommendation } from '../bindings/Recommendation';
import { analysisOf, startedDiary, TODAY } from '../test/diary';
import { MemoryApi, settle } from '../test/fakes';
import { RecommendationsState } from './recommendations.svelte';

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

/** A finished analysis of the entry that reads sadness. */
function analysis(entryId: number): EntryAnalysis {
  return analysisOf(entryId, 'sadness', 0.7);
}

function rec(id: string, kind: 'movie' | 'music', over: Partial<Recommendation> = {}): Recommendation {
  return {
    id,
    kind,
    title: `Title ${id}`,
    creator: kind === 'music' ? 'Someone' : null,
    year: 2001,
    genres: ['drama'],
    language: 'en',
    score: 1,
    why: `why ${id}`,
    emotions: [{ label: 'sadness', weight: 0.6 }],
    source: 'tmdb',
    link: null,
    feedback: null,
    energy: kind === 'music' ? 0.4 : null,
    valence: kind === 'music' ? 0.5 : null,
    audience: kind === 'movie' ? 'general' : null,
    ...over,
  };
}

function catalogue(mem: MemoryApi): void {
  mem.catalogue = {
    match: [rec('m1', 'movie'), rec('m2', 'movie'), rec('m3', 'movie'), rec('s1', 'music'), rec('s2', 'music'), rec('s3', 'music')],
    comfort: [rec('m7', 'movie'), rec('s7', 'music', { energy: 0.3 })],
    lift: [rec('m9', 'movie'), rec('s9', 'music')],
  };
}

function make(prepare?: (m: MemoryApi) => void) {
  const mem = new MemoryApi();
  catalogue(mem);
  prepare?.(mem);
  const errors: unknown[] = [];
  const messages: string[] = [];
  const recs = new RecommendationsState({
    api: mem.api(),
    lang: () => 'en',
    onError: (e) => errors.push(e),
    onMessage: (k) => messages.push(k),
  });
  const ids = () => [...recs.movies, ...recs.music].map((r) => r.id);
  return { mem, recs, errors, messages, ids };
}

/** make() with entry 4 analysed and open, its cards fetched; `loadPrefs` loads the saved default first. */
async function ready(prepare?: (m: MemoryApi) => void, { loadPrefs = false } = {}) {
  const s = make((m) => {
    m.analyses.set(4, analysis(4));
    prepare?.(m);
  });
  if (loadPrefs) await s.recs.loadPrefs();
  s.recs.setEntry(4);
  await settle();
  return s;
}

describe('RecommendationsState: the cards', () => {
  it('fetches the open entry’s cards with the saved default and the UI language', async () => {
    const { mem, recs, ids } = make((m) => m.analyses.set(4, analysis(4)));
    recs.setEntry(4);
    expect(recs.phase).toBe('loading');
    await settle();
    expect(mem.calls).toContainEqual({ cmd: 'show_recommendations', args: { entryId: 4, strategy: null, lang: 'en' } });
    expect(recs.phase).toBe('ready');
    expect(ids()).toEqual(['m1', 'm2', 's1', 's2']);
    expect(recs.strategy).toBe('match');
  });

  it('waits quietly for an entry that is not analysed, then refetches on analysis-updated for it', async () => {
    const { mem, recs, ids } = make();
    recs.setEntry(4);
    await settle();
    expect(recs.phase).toBe('waiting');
    expect(recs.error).toBeNull();
    recs.onAnalysisUpdated(9); // another entry
    await settle();
    expect(mem.count('show_recommendations')).toBe(1);
    mem.analyses.set(4, analysis(4));
    recs.onAnalysisUpdated(4);
    await settle();
    expect(mem.count('show_recommendations')).toBe(2);
    expect(recs.phase).toBe('ready');
    expect(ids()).toHaveLength(4);
  });

  it('asks nothing for a new page and forgets the cards of the previous entry', async () => {
    const { mem, recs } = await ready();
    recs.setEntry(null);
    expect(recs.phase).toBe('idle');
    expect(recs.data).toBeNull();
    recs.onAnalysisUpdated(4);
    await settle();
    expect(mem.count('show_recommendations')).toBe(1);
  });

  it('shows a rejection calmly, and a retry clears it', async () => {
    const { mem, recs } = make((m) => {
      m.analyses.set(4, analysis(4));
      m.recsError = { code: 'model_unavailable', message: 'the emotion model is not loaded' };
    });
    recs.setEntry(4);
    await settle();
    expect(recs.phase).toBe('error');
    expect(recs.error).toBe('the emotion model is not loaded');
    mem.recsError = null;
    await recs.refresh();
    expect(recs.phase).toBe('ready');
    expect(recs.error).toBeNull();
  });

  it('drops an answer for an entry that is no longer open', async () => {
    const { mem, recs } = make((m) => {
      m.analyses.set(4, analysis(4));
      m.analyses.set(5, analysis(5));
    });
    recs.setEntry(4);
    recs.setEntry(5);
    await settle();
    expect(recs.data?.entry_id).toBe(5);
    expect(mem.count('show_recommendations')).toBe(2);
  });

  it('switches the strategy: asks again with it and keeps it as the default', async () => {
    const { mem, recs, ids } = await ready(undefined, { loadPrefs: true });
    recs.setStrategy('lift');
    expect(recs.strategy).toBe('lift');
    await settle();
    expect(mem.calls).toContainEqual({ cmd: 'show_recommendations', args: { entryId: 4, strategy: 'lift', lang: 'en' } });
    expect(ids()).toEqual(['m9', 's9']);
    expect(mem.prefs.strategy).toBe('lift');
    const asked = mem.count('show_recommendations');
    recs.setStrategy('lift'); // already chosen
    await settle();
    expect(mem.count('show_recommendations')).toBe(asked);
  });

  it('comfort is a third strategy: asked for by name, and shown when the answer carries it', async () => {
    const { mem, recs, ids } = await ready(undefined, { loadPrefs: true });
    recs.setStrategy('comfort');
    await settle();
    expect(mem.calls).toContainEqual({ cmd: 'show_recommendations', args: { entryId: 4, strategy: 'comfort', lang: 'en' } });
    expect(ids()).toEqual(['m7', 's7']);
    expect(recs.music[0].energy).toBe(0.3);
    // A fresh panel with no choice made shows what the back end picked (comfort on a hard day).
    const second = make((m) => {
      m.analyses.set(4, analysis(4));
      m.prefs = { ...m.prefs, strategy: 'comfort' };
    });
    second.recs.setEntry(4);
    await settle();
    expect(second.recs.strategy).toBe('comfort');
  });

  it('asks again in the new language', async () => {
    const { mem, recs } = await ready();
    recs.setLang('ko');
    await settle();
    expect(mem.calls).toContainEqual({ cmd: 'show_recommendations', args: { entryId: 4, strategy: null, lang: 'ko' } });
    recs.setLang('ko');
    await settle();
    expect(mem.count('show_recommendations')).toBe(2);
  });
});

describe('RecommendationsState: feedback', () => {
  it('removes a disliked card at once, then refetches and shows a replacement', async () => {
    const { mem, recs, ids } = await ready();
    const card = recs.movies[0];
    const sending = recs.feedback(card, 'dislike');
    expect(ids()).toEqual(['m2', 's1', 's2']); // before the back end answers
    await sending;
    expect(mem.calls).toContainEqual({ cmd: 'send_feedback', args: { entryId: 4, itemId: 'm1', value: 'dislike' } });
    expect(ids()).toEqual(['m2', 'm3', 's1', 's2']);
  });

  it('removes a seen card and a not-now card the same way', async () => {
    const { recs, ids } = await ready();
    await recs.feedback(recs.music[0], 'seen');
    expect(ids()).toEqual(['m1', 'm2', 's2', 's3']);
    await recs.feedback(recs.movies[1], 'not-now');
    expect(ids()).not.toContain('m2');
    expect(recs.movies.length).toBeGreaterThan(0);
  });

  it('marks a liked card without removing or refetching, and sends it once', async () => {
    const { mem, recs, ids } = await ready();
    const asked = mem.count('show_recommendations');
    await recs.feedback(recs.movies[0], 'like');
    expect(recs.movies[0].feedback).toBe('like');
    expect(ids()).toEqual(['m1', 'm2', 's1', 's2']);
    await recs.feedback(recs.movies[0], 'like');
    expect(mem.count('send_feedback')).toBe(1);
    expect(mem.count('show_recommendations')).toBe(asked);
  });

  it('brings a card back and reports when the feedback could not be stored', async () => {
    const { mem, recs, ids, errors } = await ready((m) => (m.feedbackError = { code: 'internal', message: 'db locked' }));
    await recs.feedback(recs.movies[0], 'dislike');
    expect(ids()).toContain('m1');
    await recs.feedback(recs.music[0], 'like');
    expect(recs.music[0].feedback).toBeNull();
    expect(errors).toHaveLength(2);
    expect(mem.count('show_recommendations')).toBe(1);
  });
});

describe('RecommendationsState: tastes', () => {
  it('shows the onboarding card until it is saved, with the catalogue’s genres', async () => {
    const { mem, recs } = make((m) => {
      m.analyses.set(4, analysis(4));
      m.prefs = { ...m.prefs, onboarded: false };
    });
    await recs.start();
    await settle();
    expect(recs.tastesOpen).toBe(true);
    expect(recs.stats?.genres).toEqual(['drama', 'comedy', 'pop']);
    recs.setEntry(4);
    await settle();
    recs.toggleGenre('drama');
    recs.toggleGenre('pop');
    recs.toggleGenre('pop');
    recs.toggleLanguage('ko');
    recs.setEra('1990s');
    expect(recs.draftEra).toBe('1990s');
    const asked = mem.count('show_recommendations');
    await recs.saveTastes();
    expect(recs.tastesOpen).toBe(false);
    expect(mem.prefs).toEqual({ genres: ['drama'], languages: ['ko'], from_year: 1990, to_year: 1999, strategy: null, onboarded: true });
    expect(mem.count('show_recommendations')).toBe(asked + 1);
  });

  it('skip ends the onboarding without changing the tastes', async () => {
    const { mem, recs } = make((m) => (m.prefs = { ...m.prefs, genres: ['jazz'], onboarded: false }));
    await recs.loadPrefs();
    recs.toggleGenre('drama');
    await recs.skipTastes();
    expect(recs.tastesOpen).toBe(false);
    expect(mem.prefs).toMatchObject({ genres: ['jazz'], onboarded: true });
  });

  it('"Your tastes" reopens the card with the stored choices; closing it stores nothing', async () => {
    const { mem, recs } = make((m) => (m.prefs = { ...m.prefs, genres: ['jazz'], from_year: 1995, to_year: 2005 }));
    await recs.loadPrefs();
    expect(recs.tastesOpen).toBe(false);
    recs.openTastes();
    expect(recs.tastesOpen).toBe(true);
    expect(recs.draft?.genres).toEqual(['jazz']);
    expect(recs.draftEra).toBeNull(); // a custom range
    recs.setYears('2020', '');
    expect(recs.draft).toMatchObject({ from_year: 2020, to_year: null });
    await recs.skipTastes();
    expect(recs.tastesOpen).toBe(false);
    expect(mem.count('set_recommendation_prefs')).toBe(0);
  });

  it('does not show the onboarding when the prefs cannot be read', async () => {
    const { recs } = make();
    const api = (recs as unknown as { api: { getRecommendationPrefs: () => Promise<never> } }).api;
    api.getRecommendationPrefs = () => Promise.reject({ code: 'internal', message: 'nope' });
    await recs.loadPrefs();
    expect(recs.prefs).toBeNull();
    expect(recs.tastesOpen).toBe(false);
  });

  it('does not ask again this session when saving the end of the onboarding fails', async () => {
    const { mem, recs, errors } = make((m) => (m.prefs = { ...m.prefs, onboarded: false }));
    await recs.loadPrefs();
    const api = (recs as unknown as { api: { setRecommendationPrefs: () => Promise<never> } }).api;
    api.setRecommendationPrefs = () => Promise.reject({ code: 'disk_full', message: 'full' });
    await recs.skipTastes();
    expect(recs.tastesOpen).toBe(false);
    expect(errors).toHaveLength(1);
    expect(mem.prefs.onboarded).toBe(false);
  });
});

describe('RecommendationsState: history, reset and import', () => {
  it('opens the history and loads it; a like makes it load afresh next time', async () => {
    const { mem, recs } = make((m) => m.analyses.set(4, analysis(4)));
    recs.setEntry(4);
    await settle();
    await recs.feedback(recs.movies[0], 'like');
    await recs.feedback(recs.movies[1], 'dislike');
    recs.openHistory();
    await settle();
    expect(recs.historyOpen).toBe(true);
    expect(recs.history).toMatchObject({ likes: 1, dislikes: 1, satisfaction: 0.5 });
    expect(recs.history?.records.map((r) => r.value)).toEqual(['dislike', 'like']);
    recs.closeHistory();
    expect(recs.historyOpen).toBe(false);
    expect(mem.count('feedback_history')).toBe(1);
  });

  it('asks before resetting what Haru learned, then reloads', async () => {
    const { mem, recs, messages } = make((m) => m.analyses.set(4, analysis(4)));
    recs.setEntry(4);
    await settle();
    await recs.feedback(recs.movies[0], 'dislike');
    recs.openHistory();
    await settle();
    recs.requestReset();
    expect(recs.confirmingReset).toBe(true);
    recs.cancelReset();
    expect(mem.count('reset_learning')).toBe(0);
    recs.requestReset();
    await recs.confirmReset();
    expect(recs.confirmingReset).toBe(false);
    expect(mem.count('reset_learning')).toBe(1);
    expect(messages).toEqual(['recs.resetDone']);
    expect(recs.history?.records).toEqual([]);
    expect(recs.movies.map((r) => r.id)).toContain('m1');
  });

  it('imports a file read as text and keeps the report with the row errors', async () => {
    const { mem, recs } = make((m) => {
      m.analyses.set(4, analysis(4));
      m.importAnswer = { imported: 3, errors: [{ row: 7, reason: 'year is not a number' }] };
    });
    recs.setEntry(4);
    await settle();
    await recs.importFile({ name: 'mine.csv', size: 40, text: async () => 'title,year\nA,2001' });
    expect(mem.calls).toContainEqual({ cmd: 'import_catalogue', args: { fileName: 'mine.csv', contents: 'title,year\nA,2001' } });
    expect(recs.importReport).toEqual({ imported: 3, errors: [{ row: 7, reason: 'year is not a number' }] });
    expect(recs.importing).toBe(false);
    expect(mem.count('show_recommendations')).toBe(2); // new items may fit
  });

  it('refuses a huge file before reading it, and reports a failed import', async () => {
    const { recs } = make();
    let read = false;
    await recs.importFile({ name: 'big.json', size: 50 * 1024 * 1024, text: async () => ((read = true), '') });
    expect(read).toBe(false);
    expect(recs.importError).toBe('This file is too large (more than 20 MB).');
    const api = (recs as unknown as { api: { importCatalogue: () => Promise<never> } }).api;
    api.importCatalogue = () => Promise.reject({ code: 'invalid_input', message: 'not a CSV' });
    await recs.importFile({ name: 'x.csv', text: async () => 'x' });
    expect(recs.importError).toBe('The file could not be imported: not a CSV');
    expect(recs.importReport).toBeNull();
  });

  it('follows the catalogue progress events and stops listening', async () => {
    const { mem, recs } = make();
    await recs.start();
    mem.emit('catalogue-progress', { done: 3, total: 10, finished: false });
    expect(recs.progress).toEqual({ done: 3, total: 10, finished: false });
    mem.emit('catalogue-progress', { done: 'x' });
    expect(recs.progress?.done).toBe(3);
    recs.stop();
    expect(mem.listenerCount('catalogue-progress')).toBe(0);
  });
});

describe('recommendations in the diary', () => {
  function started(prepare?: (m: MemoryApi) => void) {
    return startedDiary((m) => {
      catalogue(m);
      prepare?.(m);
    });
  }

  it('follows the open entry, and the first analysis of a new entry (one analysis-updated subscription)', async () => {
    const { mem, diary, type } = await started();
    expect(diary.recs.phase).toBe('idle');
    expect(mem.listenerCount('analysis-updated')).toBe(1);
    await type('A grey day.');
    expect(diary.doc.id).toBe(1);
    expect(diary.recs.phase).toBe('waiting');
    mem.analyses.set(1, analysis(1));
    mem.emit('analysis-updated', { entry_id: 1 });
    await settle();
    expect(diary.recs.phase).toBe('ready');
    expect(diary.recs.movies.length).toBe(2);
  });

  it('opens an analysed entry with its cards, and never breaks the editor when they fail', async () => {
    const { diary } = await started((m) => {
      const e = m.add(TODAY, 'text');
      m.analyses.set(e.id, analysis(e.id));
      m.recsError = { code: 'model_unavailable', message: 'no model' };
    });
    expect(diary.phase).toBe('ready');
    expect(diary.doc.id).toBe(1);
    expect(diary.recs.error).toBe('no model');
    expect(diary.toasts.current).toBeNull();
  });

  it('reports a failed feedback in a toast, and the dialogs hold the keyboard', async () => {
    const { diary } = await started((m) => {
      const e = m.add(TODAY, 'text');
      m.analyses.set(e.id, analysis(e.id));
      m.feedbackError = { code: 'internal', message: 'db locked' };
    });
    await diary.recs.feedback(diary.recs.movies[0], 'seen');
    expect(diary.toasts.current?.kind).toBe('error');
    expect(diary.modalOpen).toBe(false);
    diary.recs.openHistory();
    expect(diary.modalOpen).toBe(true);
    diary.recs.closeHistory();
    diary.popover = 'settings';
    diary.openAbout();
    expect(diary.popover).toBeNull();
    expect(diary.modalOpen).toBe(true);
    diary.closeAbout();
    expect(diary.modalOpen).toBe(false);
  });

  it('asks in the language of the settings', async () => {
    const { mem, diary } = await started((m) => {
      m.settings = { language: 'ko', theme: 'system' };
      const e = m.add(TODAY, 'text');
      m.analyses.set(e.id, analysis(e.id));
    });
    await settle();
    const last = mem.calls.filter((c) => c.cmd === 'show_recommendations').pop();
    expect(last?.args).toMatchObject({ lang: 'ko' });
    expect(diary.recs.phase).toBe('ready');
    diary.dispose();
    expect(mem.listenerCount('catalogue-progress')).toBe(0);
  });
});
