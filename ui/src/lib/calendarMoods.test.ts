import { describe, expect, it } from 'vitest';
import type { PeriodEmotions } from '../bindings/PeriodEmotions';
import { CalendarMoods, MOODS_REFRESH_MS } from './calendarMoods.svelte';
import { FakeTimer, settle } from '../test/fakes';

function setup() {
  const calls: unknown[][] = [];
  const timer = new FakeTimer();
  const row: PeriodEmotions = { period: '2026-03-05', start: '2026-03-05', end: '2026-03-05', entries: 1, probs: [1] };
  const moods = new CalendarMoods({
    api: {
      emotionHistory: async (by, from, to) => (calls.push(['history', by, from, to]), [row]),
      writersWordDays: async (from, to) => (calls.push(['words', from, to]), ['2026-03-05']),
    },
    timer,
  });
  return { calls, timer, moods };
}

describe('CalendarMoods', () => {
  it('loads the shown year’s days once, and the days in the writer’s word', async () => {
    const { calls, moods } = setup();
    await moods.show(2026);
    await moods.show(2026);
    expect(calls).toEqual([
      ['history', 'day', '2026-01-01', '2026-12-31'],
      ['words', '2026-01-01', '2026-12-31'],
    ]);
    expect(moods.days).toHaveLength(1);
    expect(moods.words.has('2026-03-05')).toBe(true);
    await moods.show(2025);
    expect(calls).toContainEqual(['history', 'day', '2025-01-01', '2025-12-31']);
  });

  it('asks again once the analyses pause', async () => {
    const { calls, timer, moods } = setup();
    await moods.show(2026);
    calls.length = 0;
    moods.refreshSoon();
    timer.advance(MOODS_REFRESH_MS - 1);
    moods.refreshSoon();
    timer.advance(MOODS_REFRESH_MS - 1);
    expect(calls).toEqual([]);
    timer.advance(1);
    await settle();
    expect(calls).toHaveLength(2);
    moods.refreshSoon();
    moods.stop();
    timer.advance(MOODS_REFRESH_MS);
    await settle();
    expect(calls).toHaveLength(2);
  });
});
