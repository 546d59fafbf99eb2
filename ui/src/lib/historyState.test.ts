import { describe, expect, it } from 'vitest';
import type { PeriodEmotions } from '../bindings/PeriodEmotions';
import { HistoryState } from './historyState.svelte';
import { settle } from '../test/fakes';

function setup(rows: PeriodEmotions[] = []) {
  const calls: Array<[string, ...unknown[]]> = [];
  const errors: unknown[] = [];
  const h = new HistoryState({
    api: {
      emotionHistory: async (by, from, to, _weekStart, tag) =>
        (calls.push(tag ? ['history', by, from, to, tag] : ['history', by, from, to]), rows),
      emotionPeaks: async (label, from, to, limit) => (calls.push(['peaks', label, from, to, limit]), []),
      writersWordDays: async (from, to) => (calls.push(['words', from, to]), ['2026-03-05']),
      tagCounts: async () => (calls.push(['tags']), [['운동', 3] as [string, number]]),
      insights: async () => (calls.push(['insights']), []),
    },
    today: () => '2026-03-31',
    onError: (e) => errors.push(e),
  });
  return { h, calls, errors };
}

describe('HistoryState', () => {
  it('asks for weeks that begin on the chosen day, and only for weekly grouping', async () => {
    const weekStarts: unknown[] = [];
    const h = new HistoryState({
      api: {
        emotionHistory: async (by, _from, _to, weekStart) => (weekStarts.push([by, weekStart]), []),
        emotionPeaks: async () => [],
        writersWordDays: async () => [],
        tagCounts: async () => [],
        insights: async () => [],
      },
      today: () => '2026-03-31',
      onError: () => {},
    });
    h.weekStart = 'monday';
    h.by = 'week';
    await h.loadRange();
    h.by = 'day';
    await h.loadRange();
    expect(weekStarts).toContainEqual(['week', 'monday']);
    expect(weekStarts).toContainEqual(['day', null]);
    expect(weekStarts).not.toContainEqual(['week', null]);
  });

  it('loads the range, the previous range, the year and whether anything exists', async () => {
    const { h, calls } = setup();
    await h.load();
    expect(h.year).toBe(2026);
    expect(calls).toContainEqual(['history', 'day', '2026-03-02', '2026-03-31']);
    expect(calls).toContainEqual(['history', 'month', '2026-01-31', '2026-03-01']);
    expect(calls).toContainEqual(['history', 'day', '2026-01-01', '2026-12-31']);
    expect(calls).toContainEqual(['history', 'month', null, null]);
    expect(h.hasAny).toBe(false);
    expect(h.periods).toEqual([]);
  });
  it('changes grouping with the range and drills into an emotion of the range', async () => {
    const { h, calls } = setup();
    await h.load();
    h.setRange('all');
    expect(h.by).toBe('month');
    h.drillInto('joy');
    await settle();
    expect(calls).toContainEqual(['peaks', 'joy', null, null, 20]);
    expect(h.peaks).toEqual([]);
    h.closeDrill();
    expect(h.drill).toBeNull();
  });
  it('knows there is something to show from the range without scanning every entry', async () => {
    const row: PeriodEmotions = { period: '2026-03-30', start: '2026-03-30', end: '2026-03-30', entries: 1, probs: [] };
    const { h, calls } = setup([row]);
    await h.load();
    expect(h.hasAny).toBe(true);
    expect(calls).not.toContainEqual(['history', 'month', null, null]);
    // The range and the year are asked for first (the full scan is not on the way to the first paint).
    expect(calls[0]).toEqual(['history', 'day', '2026-03-02', '2026-03-31']);
  });

  it('loads the tags, the insights and the days in the writer\'s word with the year', async () => {
    const { h, calls } = setup();
    await h.load();
    expect(calls).toContainEqual(['words', '2026-01-01', '2026-12-31']);
    expect(h.yearWords.has('2026-03-05')).toBe(true);
    expect(h.rangeWords).toBe(1);
    expect(calls).toContainEqual(['words', '2026-03-02', '2026-03-31']);
    expect(h.tags).toEqual([['운동', 3]]);
    expect(h.insights).toEqual([]);
  });

  it('filters the range and the year by a tag, and back', async () => {
    const { h, calls } = setup();
    await h.load();
    calls.length = 0;
    h.setTag('운동');
    await settle();
    expect(calls).toContainEqual(['history', 'day', '2026-03-02', '2026-03-31', '운동']);
    expect(calls).toContainEqual(['history', 'day', '2026-01-01', '2026-12-31', '운동']);
    calls.length = 0;
    h.setTag(null);
    await settle();
    expect(calls).toContainEqual(['history', 'day', '2026-01-01', '2026-12-31']);
  });
});
