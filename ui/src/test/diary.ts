/** A Diary wired to the test doubles, and the analyses tests give it. */
import type { EntryAnalysis } from '../bindings/EntryAnalysis';
import { Diary, type DiaryOptions } from '../lib/diary.svelte';
import { GO_EMOTIONS } from '../lib/emotions';
import { FakeTimer, MemoryApi, settle } from './fakes';

/** The day the test diary's clock says it is (10:00 on it). */
export const TODAY = '2026-11-21';

/**
 * A Diary over a fresh MemoryApi and a FakeTimer, its clock at TODAY 10:00 and the OS in
 * English; `prepare` fills the back end before the Diary exists, `options` replace the defaults.
 * Not started: see startedDiary.
 */
export function testDiary(prepare?: (m: MemoryApi) => void, options: Partial<DiaryOptions> = {}) {
  const mem = new MemoryApi();
  prepare?.(mem);
  const timer = new FakeTimer();
  const diary = new Diary({
    api: mem.api(),
    timer,
    now: () => new Date(2026, 10, 21, 10, 0),
    osLanguage: () => 'en-US',
    ...options,
  });
  /** Types `body` into the editor and lets the 400 ms autosave, and what it starts, run. */
  async function type(body: string): Promise<void> {
    diary.edit(body);
    timer.advance(400);
    await settle();
  }
  return { mem, timer, diary, type };
}

/** testDiary, started as the page starts it: the editor is ready and init() has run. */
export async function startedDiary(prepare?: (m: MemoryApi) => void, options: Partial<DiaryOptions> = {}) {
  const d = testDiary(prepare, options);
  d.diary.markEditorReady();
  await d.diary.init();
  await settle();
  return d;
}

/** An analysis of entry `entryId` that reads `label`: `label` at `p`, every other label at 0.01. */
export function analysisOf(entryId: number, label: string, p: number, over: Partial<EntryAnalysis> = {}): EntryAnalysis {
  return {
    entry_id: entryId,
    model_id: 'test-model',
    stale: false,
    probs: GO_EMOTIONS.map((l) => (l === label ? p : 0.01)),
    labels: [label],
    sentences: [],
    ...over,
  };
}
