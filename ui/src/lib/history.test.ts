import { describe, expect, it } from 'vitest';
import type { PeriodEmotions } from '../bindings/PeriodEmotions';
import { DOMINANT_EXAMPLES } from '../bindings/dominant';
import { VALENCE_EXAMPLES } from '../bindings/sentiment';
import { formatTick } from './dates';
import { GO_EMOTIONS } from './emotions';
import {
  fromDayNumber,
  pixelCell,
  scrollToShow,
  timeTicks,
  VALUE_TICKS,
  bandPaths,
  changes,
  combine,
  contiguousRuns,
  daysBetween,
  dayMoods,
  dayNumber,
  daySpans,
  dominantOf,
  formatDelta,
  isLeapYear,
  NEGATIVE,
  OTHER,
  POSITIVE,
  previousRange,
  rangeDates,
  shadeColours,
  pickDistinct,
  periodAt,
  stackTopK,
  stepDay,
  stepPeriod,
  stripMarkup,
  thinLine,
  valence,
  valenceDisplay,
  valenceStep,
  yearGrid,
  keysIn,
  moodFill,
  moodPalette,
  valenceColour,
} from './history';

const L = GO_EMOTIONS;
function probs(values: Partial<Record<string, number>>): number[] {
  return L.map((l) => values[l] ?? 0);
}
function period(p: string, start: string, end: string, values: Partial<Record<string, number>>, entries = 1): PeriodEmotions {
  return { period: p, start, end, entries, probs: probs(values) };
}

describe('ranges', () => {
  it('maps ranges to inclusive dates ending today', () => {
    expect(rangeDates('30d', '2026-03-31')).toEqual({ from: '2026-03-02', to: '2026-03-31' });
    expect(rangeDates('3m', '2026-05-31')).toEqual({ from: '2026-03-01', to: '2026-05-31' });
    expect(rangeDates('1y', '2026-11-21')).toEqual({ from: '2025-11-22', to: '2026-11-21' });
    expect(rangeDates('1y', '2024-02-29')).toEqual({ from: '2023-03-01', to: '2024-02-29' });
    expect(rangeDates('all', '2026-11-21')).toEqual({ from: null, to: null });
  });
  it('counts days and finds the previous range of the same length', () => {
    expect(daysBetween('2026-03-02', '2026-03-31')).toBe(30);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(3);
    expect(previousRange({ from: '2026-03-02', to: '2026-03-31' })).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(previousRange({ from: null, to: null })).toBeNull();
    const r = rangeDates('1y', '2026-11-21');
    const prev = previousRange(r)!;
    expect(daysBetween(prev.from, prev.to)).toBe(daysBetween(r.from!, r.to!));
  });
});

describe('valence', () => {
  it('has 11 positive and 11 negative labels, all known', () => {
    expect(POSITIVE.length).toBe(12);
    expect(NEGATIVE.length).toBe(11);
    for (const l of [...POSITIVE, ...NEGATIVE]) expect(L).toContain(l);
  });
  it('is mean(positive) − mean(negative) within [−1, 1]', () => {
    expect(valence(probs({ neutral: 0.9 }), L)).toBe(0);
    expect(valence(probs(Object.fromEntries(POSITIVE.map((l) => [l, 1]))), L)).toBe(1);
    expect(valence(probs(Object.fromEntries(NEGATIVE.map((l) => [l, 1]))), L)).toBe(-1);
    expect(valence(probs({ joy: 0.66, sadness: 0.22 }), L)).toBeCloseTo(0.04);
    expect(valence([NaN, Infinity], L)).toBeGreaterThanOrEqual(-1);
  });
  it('reads every example as haru-core does (the one definition)', () => {
    expect(VALENCE_EXAMPLES.length).toBeGreaterThan(10);
    for (const example of VALENCE_EXAMPLES) expect(valence(example.probs, L)).toBeCloseTo(example.valence, 6);
  });
  it('stretches for display and steps', () => {
    expect(valenceDisplay(0.5)).toBe(1);
    expect(valenceDisplay(-0.02)).toBeCloseTo(-0.1);
    expect(valenceStep(0)).toBe(0);
    expect(valenceStep(0.2)).toBe(2);
    expect(valenceStep(0.05)).toBe(1);
    expect(valenceStep(-0.05)).toBe(-1);
    expect(valenceStep(-0.3)).toBe(-2);
  });
});

describe('dominantOf', () => {
  it('takes the most likely label', () => {
    expect(dominantOf(probs({ joy: 0.5, sadness: 0.2 }), L)).toBe('joy');
  });
  it('lets neutral give way to an emotion of at least 0.15', () => {
    expect(dominantOf(probs({ neutral: 0.7, sadness: 0.15 }), L)).toBe('sadness');
    expect(dominantOf(probs({ neutral: 0.7, sadness: 0.14 }), L)).toBe('neutral');
  });
  it('is null without probabilities', () => {
    expect(dominantOf([], L)).toBeNull();
  });
  it("reads every one of haru-core's examples as Rust does (the one definition)", () => {
    expect(DOMINANT_EXAMPLES.length).toBeGreaterThan(40);
    for (const example of DOMINANT_EXAMPLES) expect(dominantOf(example.probs, L)).toBe(example.dominant);
  });
});

describe('stackTopK', () => {
  const periods = [
    period('2026-03-01', '2026-03-01', '2026-03-01', { joy: 0.5, sadness: 0.2, fear: 0.1, anger: 0.1, love: 0.05, pride: 0.03, relief: 0.02 }),
    period('2026-03-02', '2026-03-02', '2026-03-02', { joy: 0.1, sadness: 0.6, grief: 0.3 }, 3),
  ];
  it('keeps the top k over all periods (entry-weighted) and groups the rest as other', () => {
    const s = stackTopK(periods, L, 3);
    expect(s.keys).toEqual(['sadness', 'grief', 'joy', OTHER]); // grief 0.9·3/4 > joy (0.5 + 0.1·3)/4
    const first = s.periods[0].bands;
    expect(first[first.length - 1].y1).toBeCloseTo(1);
    const other = first.find((b) => b.label === OTHER)!;
    expect(other.y1 - other.y0).toBeCloseTo(0.3 / 1.0);
    for (const p of s.periods) for (let i = 1; i < p.bands.length; i++) expect(p.bands[i].y0).toBeCloseTo(p.bands[i - 1].y1);
  });
  it('handles no periods', () => {
    expect(stackTopK([], L)).toEqual({ keys: [], periods: [] });
  });
  it('splits runs at gaps', () => {
    const runs = contiguousRuns([
      { start: '2026-01-01', end: '2026-01-31' },
      { start: '2026-02-01', end: '2026-02-28' },
      { start: '2026-05-01', end: '2026-05-31' },
    ]);
    expect(runs.map((r) => r.length)).toEqual([2, 1]);
  });
  it('combines periods weighted by entries', () => {
    const c = combine(periods, L.length);
    expect(c[L.indexOf('sadness')]).toBeCloseTo((0.2 + 0.6 * 3) / 4);
  });
});

describe('colours', () => {
  it('gives emotions of one group different shades', () => {
    const c = shadeColours(['joy', 'love', 'sadness', OTHER]);
    expect(c.joy).toBe('var(--emo-warm)');
    expect(c.love).not.toBe(c.joy);
    expect(c.love).toContain('--emo-warm');
    expect(c.sadness).toBe('var(--emo-sad)');
    expect(c[OTHER]).toBeTruthy();
  });
});

describe('pickDistinct', () => {
  it('keeps at most 4 of a group and max labels', () => {
    const warm = ['joy', 'love', 'pride', 'relief', 'gratitude', 'caring'];
    expect(pickDistinct([...warm, 'sadness'], 8)).toEqual(['joy', 'love', 'pride', 'relief', 'sadness']);
    expect(pickDistinct(['joy', 'sadness', 'anger'], 2)).toEqual(['joy', 'sadness']);
    const c = shadeColours(pickDistinct(warm));
    expect(new Set(Object.values(c)).size).toBe(4);
  });
});

describe('yearGrid', () => {
  it('lays out every day of a common and a leap year', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
    expect(yearGrid(2026).cells.length).toBe(365);
    const leap = yearGrid(2024);
    expect(leap.cells.length).toBe(366);
    expect(leap.cells.some((c) => c.date === '2024-02-29')).toBe(true);
  });
  it('starts weeks on Sunday or Monday', () => {
    // 2026-01-01 is a Thursday.
    const sun = yearGrid(2026, 0);
    expect(sun.cells[0]).toMatchObject({ date: '2026-01-01', week: 0, weekday: 4, row: 4 });
    expect(sun.cells[3]).toMatchObject({ date: '2026-01-04', week: 1, row: 0 });
    const mon = yearGrid(2026, 1);
    expect(mon.cells[0].row).toBe(3);
    expect(mon.cells[4]).toMatchObject({ date: '2026-01-05', week: 1, row: 0 });
    expect(sun.monthStarts.length).toBe(12);
    expect(sun.weeks).toBe(sun.cells[364].week + 1);
  });
  it('maps daily periods to moods', () => {
    const m = dayMoods([period('2026-03-01', '2026-03-01', '2026-03-01', { neutral: 0.6, joy: 0.3 })], L);
    expect(m.get('2026-03-01')?.dominant).toBe('joy');
    expect(m.get('2026-03-01')?.valence).toBeGreaterThan(0);
  });
});

describe('changes', () => {
  it('gives the top emotions with point deltas', () => {
    const c = changes(probs({ joy: 0.42, sadness: 0.1 }), probs({ joy: 0.3, sadness: 0.2 }), L, 2);
    expect(c).toEqual([
      { label: 'joy', p: 0.42, previous: 0.3, delta: 12 },
      { label: 'sadness', p: 0.1, previous: 0.2, delta: -10 },
    ]);
    expect(changes(probs({ joy: 0.4 }), null, L, 1)[0].delta).toBeNull();
  });
  it('formats deltas with arrows', () => {
    expect(formatDelta(4)).toEqual({ arrow: '▲', text: '+4' });
    expect(formatDelta(-3)).toEqual({ arrow: '▼', text: '−3' });
    expect(formatDelta(0)).toEqual({ arrow: '=', text: '0' });
  });
});

describe('the long timeline', () => {
  function day(date: string, values: Partial<Record<string, number>>, entries = 1): PeriodEmotions {
    return { period: date, start: date, end: date, entries, probs: probs(values) };
  }
  // Ten years by day, with a gap of three months in the middle.
  const first = dayNumber('2016-01-01');
  const many: PeriodEmotions[] = [];
  for (let d = 0; d < 3650; d++) {
    if (d >= 1800 && d < 1890) continue;
    const date = new Date(Date.UTC(2016, 0, 1 + d)).toISOString().slice(0, 10);
    many.push(day(date, d % 2 ? { joy: 0.6, sadness: 0.2 } : { sadness: 0.5, fear: 0.3 }));
  }

  it('draws one path per emotion, one sub-path per run, at most about one point per column', () => {
    const stacked = stackTopK(many, L, 3);
    const span = 3650;
    const x = (d: number) => ((d - first) / span) * 720;
    const paths = bandPaths(stacked, daySpans(many), x, 200);
    expect(Object.keys(paths)).toEqual(stacked.keys);
    for (const key of stacked.keys) {
      const d = paths[key];
      expect(d.match(/M/g)).toHaveLength(2); // two runs around the gap
      expect(d.match(/Z/g)).toHaveLength(2);
      const points = d.split(/[MLZ]/).filter(Boolean).length;
      // Two edges (top and bottom) of ≤ 721 columns plus the caps, not 2 × 3,560 periods.
      expect(points).toBeLessThanOrEqual(2 * (720 + 2 * 2 + 2));
      expect(d).not.toContain('NaN');
    }
  });

  it('keeps the stack whole when a column is averaged', () => {
    const a = day('2026-01-01', { joy: 1 });
    const b = day('2026-01-02', { sadness: 1 });
    const stacked = stackTopK([a, b], L, 2);
    // Both periods in one column (x squeezed to less than a unit): the mean of 100 % joy and
    // 100 % sadness is half and half, and the top band still reaches the top.
    const paths = bandPaths(stacked, daySpans([a, b]), (d) => (d - dayNumber('2026-01-01')) * 0.1, 100);
    const top = stacked.keys[stacked.keys.length - 1];
    expect(paths[top]).toMatch(/^M0\.0,0\.0L/);
    expect(paths.joy).toContain(',50.0');
  });

  it('finds the exact period under a day, and the nearest one within the tolerance', () => {
    const spans = daySpans([day('2026-01-01', {}), day('2026-01-02', {}), day('2026-01-10', {})]);
    const d0 = dayNumber('2026-01-01');
    expect(periodAt(spans, d0)).toBe(0);
    expect(periodAt(spans, d0 + 0.99)).toBe(0);
    expect(periodAt(spans, d0 + 1.5)).toBe(1);
    expect(periodAt(spans, d0 + 9.2)).toBe(2);
    expect(periodAt(spans, d0 + 5)).toBeNull(); // in the gap
    expect(periodAt(spans, d0 + 2.5, 1)).toBe(1); // half a day after the 2nd
    expect(periodAt(spans, d0 + 8.5, 1)).toBe(2); // half a day before the 10th
    expect(periodAt(spans, d0 - 0.5, 1)).toBe(0);
    expect(periodAt(spans, d0 + 20, 1)).toBeNull();
    expect(periodAt([], d0)).toBeNull();
    expect(periodAt(spans, Number.NaN)).toBeNull();
  });

  it('numbers days like the calendar (leap years, far years, the epoch)', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1969-12-31')).toBe(-1);
    expect(dayNumber('2000-03-01') - dayNumber('2000-02-28')).toBe(2);
    expect(dayNumber('2100-03-01') - dayNumber('2100-02-28')).toBe(1);
    for (const d of ['0099-07-04', '1600-02-29', '2026-11-21', '2400-12-31']) {
      const [y, m, dd] = d.split('-').map(Number);
      const date = new Date(Date.UTC(2000, m - 1, dd));
      date.setUTCFullYear(y);
      expect(dayNumber(d)).toBe(Math.round(date.getTime() / 86_400_000));
    }
  });

  it('finds the exact period among thousands', () => {
    const spans = daySpans(many);
    many.forEach((p, i) => {
      if (i % 97 === 0) expect(periodAt(spans, dayNumber(p.start) + 0.5)).toBe(i);
    });
  });

  it('steps through the periods with the keys of a slider', () => {
    expect(stepPeriod(null, 'ArrowLeft', 10)).toBe(9); // the arrows start at the latest
    expect(stepPeriod(null, 'ArrowRight', 10)).toBe(9);
    expect(stepPeriod(5, 'ArrowLeft', 10)).toBe(4);
    expect(stepPeriod(5, 'ArrowDown', 10)).toBe(4);
    expect(stepPeriod(5, 'ArrowRight', 10)).toBe(6);
    expect(stepPeriod(9, 'ArrowRight', 10)).toBe(9);
    expect(stepPeriod(0, 'ArrowLeft', 10)).toBe(0);
    expect(stepPeriod(5, 'PageDown', 10, 3)).toBe(2);
    expect(stepPeriod(5, 'PageUp', 10, 30)).toBe(9);
    expect(stepPeriod(5, 'Home', 10)).toBe(0);
    expect(stepPeriod(5, 'End', 10)).toBe(9);
    expect(stepPeriod(5, 'a', 10)).toBeNull();
    expect(stepPeriod(null, 'ArrowLeft', 0)).toBeNull();
  });
});

describe('keyboard in the year in pixels', () => {
  const first = '2026-01-01';
  const last = '2026-12-31';
  it('moves by day, week and month within the year', () => {
    expect(stepDay('2026-03-10', 'ArrowUp', first, last)).toBe('2026-03-09');
    expect(stepDay('2026-03-10', 'ArrowDown', first, last)).toBe('2026-03-11');
    expect(stepDay('2026-03-10', 'ArrowLeft', first, last)).toBe('2026-03-03');
    expect(stepDay('2026-03-10', 'ArrowRight', first, last)).toBe('2026-03-17');
    expect(stepDay('2026-03-31', 'PageUp', first, last)).toBe('2026-02-28');
    expect(stepDay('2026-03-31', 'PageDown', first, last)).toBe('2026-04-30');
    expect(stepDay('2026-03-31', 'Home', first, last)).toBe(first);
    expect(stepDay('2026-03-31', 'End', first, last)).toBe(last);
  });
  it('does not leave the year, and ignores other keys', () => {
    expect(stepDay('2026-01-03', 'ArrowLeft', first, last)).toBeNull();
    expect(stepDay('2026-12-31', 'ArrowDown', first, last)).toBeNull();
    expect(stepDay('2026-12-15', 'PageDown', first, last)).toBeNull();
    expect(stepDay('2026-03-10', 'Enter', first, last)).toBeNull();
  });
});

describe('thinning and strips', () => {
  it('thins a line to one point per column, the mean of its points', () => {
    const pts = Array.from({ length: 3650 }, (_, i) => ({ x: (i / 3650) * 240, y: i % 2 ? 10 : 20 }));
    const thin = thinLine(pts);
    expect(thin.length).toBeLessThanOrEqual(240);
    expect(thin[0].y).toBeCloseTo(15, 0);
    expect(thinLine([{ x: 1, y: 2 }])).toEqual([{ x: 1, y: 2 }]);
    expect(thinLine([])).toEqual([]);
  });
  it('writes one strip per period, keys escaped', () => {
    const m = stripMarkup([{ x: 0, w: 1.5 }, { x: 1.5, w: 1.5 }], [{ period: '2026-W01' }, { period: 'a"<b' }], 200);
    expect(m.match(/class="timeline-period"/g)).toHaveLength(2);
    expect(m).toContain('data-period="2026-W01" x="0.00" y="0" width="1.50" height="200"');
    expect(m).toContain('data-period="a&quot;&lt;b"');
  });
});

describe('timeline axes', () => {
  const day = (s: string) => dayNumber(s);
  const dates = (ticks: Array<{ date: string }>) => ticks.map((t) => t.date);

  it('turns day numbers back into dates', () => {
    for (const s of ['1970-01-01', '2024-02-29', '2026-12-31', '1969-12-31', '2000-03-01']) {
      expect(fromDayNumber(dayNumber(s))).toBe(s);
    }
  });

  it('ticks a month by weeks from the first day of the week', () => {
    // 2026-03-01 is a Sunday.
    const ticks = timeTicks(day('2026-03-01'), day('2026-03-31'), 6, 0);
    expect(dates(ticks)).toEqual(['2026-03-01', '2026-03-08', '2026-03-15', '2026-03-22', '2026-03-29']);
    expect(ticks.every((t) => t.unit === 'day')).toBe(true);
    expect(dates(timeTicks(day('2026-03-01'), day('2026-03-31'), 6, 1))).toEqual([
      '2026-03-02',
      '2026-03-09',
      '2026-03-16',
      '2026-03-23',
      '2026-03-30',
    ]);
  });

  it('ticks a week by days when there is room', () => {
    const ticks = timeTicks(day('2026-03-02'), day('2026-03-08'), 8);
    expect(ticks).toHaveLength(7);
    expect(ticks[0]).toEqual({ day: day('2026-03-02'), date: '2026-03-02', unit: 'day' });
  });

  it('ticks months, then quarters, then years as the range grows', () => {
    const year = timeTicks(day('2025-11-22'), day('2026-11-21'), 12);
    expect(dates(year)).toEqual([
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
      '2026-04-01',
      '2026-05-01',
      '2026-06-01',
      '2026-07-01',
      '2026-08-01',
      '2026-09-01',
      '2026-10-01',
      '2026-11-01',
    ]);
    expect(year.every((t) => t.unit === 'month')).toBe(true);
    expect(dates(timeTicks(day('2025-11-22'), day('2026-11-21'), 5))).toEqual(['2026-01-01', '2026-04-01', '2026-07-01', '2026-10-01']);
    const decade = timeTicks(day('2016-05-01'), day('2026-11-21'), 6);
    expect(dates(decade)).toEqual(['2018-01-01', '2020-01-01', '2022-01-01', '2024-01-01', '2026-01-01']);
    expect(decade.every((t) => t.unit === 'year')).toBe(true);
  });

  it('never gives more ticks than asked (two at least), and nothing for an empty range', () => {
    for (const [from, to] of [
      ['2026-03-01', '2026-03-31'],
      ['2020-01-15', '2026-11-21'],
      ['1900-01-01', '2026-01-01'],
    ]) {
      for (const max of [0, 2, 3, 5, 9]) {
        expect(timeTicks(day(from), day(to), max).length).toBeLessThanOrEqual(Math.max(2, max));
      }
    }
    expect(timeTicks(10, 5, 6)).toEqual([]);
    expect(timeTicks(NaN, 5, 6)).toEqual([]);
    expect(VALUE_TICKS).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('names ticks in both languages', () => {
    expect(formatTick('2026-03-08', 'day', 'en')).toBe('Mar 8');
    expect(formatTick('2026-03-08', 'day', 'ko')).toBe('3월 8일');
    expect(formatTick('2026-03-01', 'month', 'en')).toBe('Mar');
    expect(formatTick('2026-01-01', 'month', 'en')).toBe('Jan 2026');
    expect(formatTick('2026-03-01', 'month', 'ko', true)).toBe('2026년 3월');
    expect(formatTick('2026-01-01', 'year', 'ko')).toBe('2026년');
    expect(formatTick('2026-01-01', 'year', 'en')).toBe('2026');
  });
});

describe('year in pixels: fit or scroll to today', () => {
  it('fits 53 weeks by shrinking the cells, within limits', () => {
    expect(pixelCell(1000, 53)).toEqual({ cell: 15, fits: true });
    expect(pixelCell(2000, 53)).toEqual({ cell: 16, fits: true });
    // The smallest cells need 28 + 53 × 12 = 664 px.
    expect(pixelCell(664, 53)).toEqual({ cell: 9, fits: true });
    expect(pixelCell(663, 53)).toEqual({ cell: 9, fits: false });
    expect(pixelCell(0, 53).fits).toBe(false);
  });

  it('scrolls only when the grid is wider than its window, and so today shows', () => {
    // Everything fits: nothing to do.
    expect(scrollToShow(800, 812, 900, 880)).toBeNull();
    // Today near the start is visible without scrolling.
    expect(scrollToShow(100, 112, 500, 664, 24)).toBe(0);
    // Today in November: scrolled so it shows with 24 px after it…
    expect(scrollToShow(600, 612, 500, 664, 24)).toBe(136);
    // …but never past the end.
    expect(scrollToShow(650, 662, 500, 664, 24)).toBe(164);
    // An item wider than the window: its start shows.
    expect(scrollToShow(100, 700, 300, 800)).toBe(100);
  });
});

describe('the colours a day gets in the year grid and the calendar', () => {
  const L = ['joy', 'sadness', 'anger', 'gratitude', 'neutral'];
  const day = (period: string, probs: number[]) => ({ period, start: period, end: period, entries: 1, probs });

  it('gives each day its dominant emotion’s shade, most frequent first, the same for both views', () => {
    const moods = dayMoods(
      [day('2026-03-01', [0.9, 0.1, 0, 0, 0]), day('2026-03-02', [0.1, 0.8, 0, 0, 0]), day('2026-03-03', [0, 0.7, 0, 0, 0.1])],
      L,
    );
    const palette = moodPalette(moods, L);
    expect(palette.keys).toEqual(['sadness', 'joy']);
    expect(moodFill(moods.get('2026-03-02'), palette, 'emotion')).toBe('var(--emo-sad)');
    expect(moodFill(moods.get('2026-03-01'), palette, 'emotion')).toBe('var(--emo-warm)');
    expect(moodFill(undefined, palette, 'emotion')).toBeNull();
    expect(moodFill(moods.get('2026-03-01'), palette, 'valence')).toBe(valenceColour(valenceStep(moods.get('2026-03-01')!.valence)));
    // A second palette from the same days is the same (the calendar and the grid agree).
    expect(moodPalette(dayMoods([...[day('2026-03-03', [0, 0.7, 0, 0, 0.1])], day('2026-03-01', [0.9, 0.1, 0, 0, 0]), day('2026-03-02', [0.1, 0.8, 0, 0, 0])], L), L)).toEqual(palette);
  });

  it('lists the legend keys a set of days uses, "other" for the rare ones', () => {
    const rows = GO_EMOTIONS.slice(0, 12).map((label, i) => {
      const probs = GO_EMOTIONS.map((l) => (l === label ? 0.9 : 0));
      return day(`2026-04-${String(i + 1).padStart(2, '0')}`, probs);
    });
    const moods = dayMoods(rows, GO_EMOTIONS);
    const palette = moodPalette(moods, GO_EMOTIONS);
    expect(palette.keys).toContain(OTHER);
    const keys = keysIn(palette, moods.values());
    expect(keys.at(-1)).toBe(OTHER);
    expect(keysIn(palette, [moods.get('2026-04-01')])).toEqual(['admiration']);
  });
});
