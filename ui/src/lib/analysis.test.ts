import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EntryAnalysis } from '../bindings/EntryAnalysis';
import { analysisOf, startedDiary, TODAY } from '../test/diary';
import { MemoryApi, settle } from '../test/fakes';
import { AnalysisState } from './analysis.svelte';
import { GO_EMOTIONS } from './emotions';

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

/** A finished analysis of the entry that reads joy. */
function result(entryId: number, over: Partial<EntryAnalysis> = {}): EntryAnalysis {
  return analysisOf(entryId, 'joy', 0.8, over);
}

describe('AnalysisState with the diary', () => {
  it('listens to the three events and asks for the analyser state and the progress', async () => {
    const { mem, diary } = await startedDiary();
    expect(mem.listenerCount('analysis-updated')).toBe(1);
    expect(mem.listenerCount('analyser-status')).toBe(1);
    expect(mem.listenerCount('reanalysis-progress')).toBe(1);
    expect(mem.count('analyser_status')).toBe(1);
    expect(mem.count('reanalysis_progress')).toBe(1);
    expect(diary.analysis.status?.state).toBe('ready');
    diary.dispose();
    expect(mem.listenerCount('analysis-updated')).toBe(0);
  });

  it('shows nothing for a new page, and asks nothing', async () => {
    const { mem, diary } = await startedDiary();
    expect(diary.doc.id).toBeNull();
    expect(diary.analysis.view(diary.body).show).toBe(false);
    expect(mem.count('get_analysis')).toBe(0);
  });

  it('fetches the analysis of the opened entry and shows it as current', async () => {
    const { mem, diary } = await startedDiary((m) => {
      const e = m.add(TODAY, 'A good day.');
      m.analyses.set(e.id, result(e.id));
    });
    expect(mem.count('get_analysis')).toBe(1);
    const v = diary.analysis.view(diary.body);
    expect(v).toMatchObject({ show: true, current: true, updating: false });
    expect(v.analysis?.entry_id).toBe(1);
  });

  it('is pending after the first save of a new page, then shows the result on analysis-updated', async () => {
    const { mem, diary, type } = await startedDiary();
    await type('Today was lovely.');
    expect(diary.doc.id).toBe(1);
    expect(diary.analysis.view(diary.body)).toMatchObject({ show: true, placeholder: 'pending' });

    mem.analyses.set(1, result(1));
    mem.emit('analysis-updated', { entry_id: 1 });
    await settle();
    expect(diary.analysis.view(diary.body)).toMatchObject({ show: true, current: true, placeholder: null });
  });

  it('dims the result while the text differs from what was analysed, until the new analysis arrives', async () => {
    const { mem, timer, diary } = await startedDiary((m) => {
      const e = m.add(TODAY, 'A good day.');
      m.analyses.set(e.id, result(e.id));
    });
    diary.edit('A good day. Then rain.');
    expect(diary.analysis.view(diary.body)).toMatchObject({ current: false, updating: true });
    timer.advance(400);
    await settle();
    // Saved; the back end marks the old analysis stale until the new one is stored.
    mem.analyses.set(1, result(1, { stale: true }));
    expect(diary.analysis.view(diary.body)).toMatchObject({ current: false, updating: true });
    mem.analyses.set(1, result(1, { labels: ['sadness'] }));
    mem.emit('analysis-updated', { entry_id: 1 });
    await settle();
    const v = diary.analysis.view(diary.body);
    expect(v).toMatchObject({ current: true, updating: false });
    expect(v.analysis?.labels).toEqual(['sadness']);
    expect(diary.analysis.analysedBody).toBe('A good day. Then rain.');
  });

  it('treats a stale analysis as updating even when the text matches', async () => {
    const { diary } = await startedDiary((m) => {
      const e = m.add(TODAY, 'text');
      m.analyses.set(e.id, result(e.id, { stale: true }));
    });
    expect(diary.analysis.view(diary.body)).toMatchObject({ current: false, updating: true });
    expect(diary.analysis.analysedBody).toBeNull();
  });

  it('ignores analysis-updated for other entries', async () => {
    const { mem } = await startedDiary((m) => {
      const e = m.add(TODAY, 'text');
      m.analyses.set(e.id, result(e.id));
    });
    const before = mem.count('get_analysis');
    mem.emit('analysis-updated', { entry_id: 99 });
    mem.emit('analysis-updated', null);
    await settle();
    expect(mem.count('get_analysis')).toBe(before);
  });

  it('drops an answer for an entry that is no longer open', async () => {
    const { mem, diary } = await startedDiary((m) => {
      m.add('2026-11-20', 'yesterday');
      m.analyses.set(1, result(1));
      const e = m.add(TODAY, 'today');
      m.analyses.set(e.id, result(e.id, { labels: ['love'] }));
    });
    expect(diary.doc.id).toBe(2);
    await diary.selectDate('2026-11-20');
    await settle();
    expect(diary.doc.id).toBe(1);
    expect(diary.analysis.analysis?.entry_id).toBe(1);
    expect(mem.count('get_analysis')).toBe(2);
  });

  it('shows a result whose entry_id is not the open entry as no result', async () => {
    const { diary } = await startedDiary((m) => {
      const e = m.add(TODAY, 'text');
      m.analyses.set(e.id, result(42));
    });
    expect(diary.analysis.view(diary.body)).toMatchObject({ show: true, placeholder: 'pending', analysis: null });
  });

  it('says the model is loading, then refetches when it becomes ready', async () => {
    const { mem, diary } = await startedDiary((m) => {
      m.analyser = { state: 'loading' };
      m.add(TODAY, 'text');
    });
    expect(diary.analysis.view(diary.body).placeholder).toBe('loading');
    const before = mem.count('get_analysis');
    mem.analyses.set(1, result(1));
    mem.emit('analyser-status', { state: 'ready', model_id: 'm', labels: [...GO_EMOTIONS] });
    await settle();
    expect(mem.count('get_analysis')).toBe(before + 1);
    expect(diary.analysis.view(diary.body)).toMatchObject({ current: true });
  });

  it('shows the unavailable note, and never fails the diary, when the analyser is unavailable', async () => {
    const { diary } = await startedDiary((m) => {
      m.analyser = { state: 'unavailable', message: 'the model file is missing' };
      m.add(TODAY, 'text');
    });
    expect(diary.phase).toBe('ready');
    expect(diary.analysis.view(diary.body)).toMatchObject({ show: true, unavailable: 'the model file is missing', placeholder: null });
    expect(diary.toasts.current).toBeNull();
  });

  it('shows the unavailable note on a new page too', async () => {
    const { diary } = await startedDiary((m) => {
      m.analyser = { state: 'unavailable', message: 'no model' };
    });
    expect(diary.doc.id).toBeNull();
    expect(diary.analysis.view(diary.body)).toMatchObject({ show: true, unavailable: 'no model', placeholder: null });
  });

  it('treats a back end without analysis commands as unavailable', async () => {
    const { diary } = await startedDiary((m) => {
      m.analysisError = { code: 'internal', message: 'command analyser_status not found' };
      m.add(TODAY, 'text');
    });
    expect(diary.phase).toBe('ready');
    expect(diary.analysis.status).toEqual({ state: 'unavailable', message: 'command analyser_status not found' });
    expect(diary.analysis.view(diary.body)).toMatchObject({ show: true, unavailable: 'command analyser_status not found' });
    expect(diary.toasts.current).toBeNull();
  });

  it('forgets the analysis when the entry is deleted and a new page opens', async () => {
    const { diary } = await startedDiary((m) => {
      const e = m.add(TODAY, 'text');
      m.analyses.set(e.id, result(e.id));
    });
    await diary.requestDelete();
    await diary.confirmDelete();
    await settle();
    expect(diary.doc.id).toBeNull();
    expect(diary.analysis.analysis).toBeNull();
    expect(diary.analysis.view(diary.body).show).toBe(false);
  });
});

describe('AnalysisState alone', () => {
  function make() {
    const mem = new MemoryApi();
    const errors: unknown[] = [];
    const state = new AnalysisState({ api: mem.api(), onError: (e) => errors.push(e) });
    return { mem, state, errors };
  }

  it('follows the re-analysis progress and cancels it', async () => {
    const { mem, state } = make();
    mem.progress = { done: 12, total: 340, running: true, cancelled: false };
    await state.start();
    expect(state.progress).toEqual({ done: 12, total: 340, running: true, cancelled: false });
    mem.emit('reanalysis-progress', { done: 13, total: 340, running: true, cancelled: false });
    expect(state.progress?.done).toBe(13);
    await state.cancelReanalysis();
    expect(mem.count('cancel_reanalysis')).toBe(1);
    expect(state.progress).toMatchObject({ running: false, cancelled: true });
    expect(state.cancelling).toBe(false);
  });

  it('reports a failed cancel and lets the person try again', async () => {
    const { mem, errors } = make();
    const api = mem.api();
    const s = new AnalysisState({
      api: { ...api, cancelReanalysis: () => Promise.reject({ code: 'internal', message: 'nope' }) },
      onError: (e) => errors.push(e),
    });
    await s.cancelReanalysis();
    expect(errors).toEqual([{ code: 'internal', message: 'nope' }]);
    expect(s.cancelling).toBe(false);
  });

  it('keeps a newer status event over an older answer of analyser_status', async () => {
    const { mem } = make();
    let answer!: (v: unknown) => void;
    const api = mem.api();
    const s = new AnalysisState({
      api: { ...api, analyserStatus: () => new Promise((r) => (answer = r as (v: unknown) => void)) },
    });
    const starting = s.start();
    await settle();
    mem.emit('analyser-status', { state: 'unavailable', message: 'crashed' });
    answer({ state: 'loading' });
    await starting;
    expect(s.status).toEqual({ state: 'unavailable', message: 'crashed' });
  });

  it('ignores malformed events', async () => {
    const { mem, state } = make();
    await state.start();
    mem.emit('analyser-status', { state: 'weird' });
    mem.emit('reanalysis-progress', { done: 'x' });
    expect(state.status?.state).toBe('ready');
    expect(state.progress).toEqual({ done: 0, total: 0, running: false, cancelled: false });
  });

  it('marks the analysed text unknown when a save landed while get_analysis was answering', async () => {
    const { mem } = make();
    let answer!: (v: EntryAnalysis | null) => void;
    const api = mem.api();
    const s = new AnalysisState({ api: { ...api, getAnalysis: () => new Promise((r) => (answer = r)) } });
    s.setDoc(7, 'old text');
    s.setDoc(7, 'new text'); // saved meanwhile
    answer(result(7));
    await settle();
    expect(s.analysis?.entry_id).toBe(7);
    expect(s.analysedBody).toBeNull();
    expect(s.view('new text')).toMatchObject({ current: false, updating: true });
  });

  it('shows the placeholder when get_analysis fails', async () => {
    const { mem, state } = make();
    mem.analysisError = { code: 'internal', message: 'db' };
    state.setDoc(3, 'text');
    await settle();
    expect(state.view('text')).toMatchObject({ show: true, placeholder: 'pending' });
  });

  it('stops listening even when stop() comes before the subscriptions resolve', async () => {
    const { mem, state } = make();
    const starting = state.start();
    state.stop();
    await starting;
    expect(mem.listenerCount('analysis-updated')).toBe(0);
  });
});
