/**
 * The emotion history view's logic, without Svelte (unit-tested in history.test.ts): ranges and
 * their dates, the previous range of the same length, the stacked timeline (top emotions plus
 * "other"), dominant emotion and valence of a day, the year-in-pixels grid, change deltas and
 * the colours that keep emotions of one colour group apart.
 *
 * Valence: how positive a period felt, in [−1, 1], as `haru_core::emotion::valence` defines it
 * (the one definition; history.test.ts checks this against `VALENCE_EXAMPLES`, which Rust
 * writes into `bindings/sentiment.ts`):
 *
 *     valence = mean(p of POSITIVE) − mean(p of NEGATIVE)
 *
 * Both means are of probabilities in [0, 1], so the difference is already within [−1, 1]
 * (+1: every positive emotion certain and no negative one; −1 the reverse; 0 balanced or
 * neutral). The means make the two sets (12 and 11 labels) weigh the same. The sets are
 * GoEmotions' sentiment grouping, generated from haru-core (`bindings/sentiment.ts`); labels in
 * neither (surprise, realization, curiosity, confusion, neutral) do not count. Because the
 * means are small in practice, views scale the value for display with `valenceDisplay`.
 */
import type { PeriodEmotions } from '../bindings/PeriodEmotions';
import { NEGATIVE, POSITIVE } from '../bindings/sentiment';
import { addDays, isISODate, parseISODate, shiftMonthKeepDay, toISODate, type ISODate } from './dates';
import { dominantOf, groupOf, type EmotionGroup } from './emotions';

// ─── ranges ─────────────────────────────────────────────────────────────────

export const RANGES = ['30d', '3m', '1y', 'all'] as const;
export type RangeKind = (typeof RANGES)[number];
export const GROUPINGS = ['day', 'week', 'month'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export type DateRange = { from: ISODate | null; to: ISODate | null };

/**
 * The dates of a range ending today (inclusive): the last 30 days, the last 3 months (from the
 * day after the same day 3 months ago), the last year (likewise, 12 months), or everything
 * (both null).
 */
export function rangeDates(kind: RangeKind, today: ISODate): DateRange {
  switch (kind) {
    case '30d':
      return { from: addDays(today, -29), to: today };
    case '3m':
      return { from: addDays(shiftMonthKeepDay(today, -3), 1), to: today };
    case '1y':
      return { from: addDays(shiftMonthKeepDay(today, -12), 1), to: today };
    case 'all':
      return { from: null, to: null };
  }
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: ISODate, to: ISODate): number {
  const a = parseISODate(from);
  const b = parseISODate(to);
  return Math.round((Date.UTC(b.getFullYear(), b.getMonth(), b.getDate()) - Date.UTC(a.getFullYear(), a.getMonth(), a.getDate())) / 86_400_000) + 1;
}

/** The range of the same length just before `range` (null for an open range: "all"). */
export function previousRange(range: DateRange): { from: ISODate; to: ISODate } | null {
  if (!range.from || !range.to) return null;
  const n = daysBetween(range.from, range.to);
  return { from: addDays(range.from, -n), to: addDays(range.from, -1) };
}

/** A sensible default grouping for a range (few enough points to read). */
export function defaultGrouping(kind: RangeKind): Grouping {
  return kind === '30d' ? 'day' : kind === '3m' ? 'week' : 'month';
}

// ─── valence ────────────────────────────────────────────────────────────────

// GoEmotions' sentiment grouping, generated from haru-core (the recommender's sets too).
export { NEGATIVE, POSITIVE };

function finite(p: unknown): number {
  const n = Number(p);
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
}

const indexCache = new WeakMap<ReadonlyArray<string>, Map<readonly string[], number[]>>();

/** The indices in `labels` of the labels of `set` (−1: missing), cached per label list. */
function indicesOf(set: readonly string[], labels: ReadonlyArray<string>): number[] {
  let bySet = indexCache.get(labels);
  if (!bySet) indexCache.set(labels, (bySet = new Map()));
  let idx = bySet.get(set);
  if (!idx) bySet.set(set, (idx = set.map((l) => labels.indexOf(l))));
  return idx;
}

function meanOf(set: readonly string[], probs: ReadonlyArray<number>, labels: ReadonlyArray<string>): number {
  let sum = 0;
  for (const i of indicesOf(set, labels)) sum += i >= 0 ? finite(probs[i]) : 0;
  return sum / set.length;
}

/** mean(positive) − mean(negative), within [−1, 1] (see the module comment). */
export function valence(probs: ReadonlyArray<number>, labels: ReadonlyArray<string>): number {
  const v = meanOf(POSITIVE, probs, labels) - meanOf(NEGATIVE, probs, labels);
  return Math.min(1, Math.max(-1, v));
}

/**
 * Valence stretched for colour and charts: the raw means rarely pass ±0.15 (a clearly happy day
 * has joy 0.7 but most positive labels near 0), so ×5, clamped to [−1, 1].
 */
export const VALENCE_GAIN = 5;
export function valenceDisplay(v: number): number {
  if (!Number.isFinite(v)) return 0;
  return Math.min(1, Math.max(-1, v * VALENCE_GAIN));
}

/** Five diverging steps, −2 (most negative) … +2 (most positive), 0 around neutral. */
export function valenceStep(v: number): -2 | -1 | 0 | 1 | 2 {
  const d = valenceDisplay(v);
  if (d <= -0.5) return -2;
  if (d <= -0.15) return -1;
  if (d < 0.15) return 0;
  if (d < 0.5) return 1;
  return 2;
}

// ─── dominant emotion ───────────────────────────────────────────────────────

// One definition with haru_core::emotion::dominant (sentences' colours, `haru analyze`):
// NEUTRAL_YIELD comes from the generated bindings, and the UI tests check dominantOf against
// Rust's own examples.
export { dominantOf, NEUTRAL_YIELD } from './emotions';

// ─── combining periods ──────────────────────────────────────────────────────

/** The mean distribution of several periods, each weighted by its number of entries. */
export function combine(periods: ReadonlyArray<Pick<PeriodEmotions, 'entries' | 'probs'>>, size: number): number[] {
  const out = new Array<number>(size).fill(0);
  let weight = 0;
  for (const p of periods) {
    const w = Math.max(0, Number(p.entries) || 0);
    if (w === 0) continue;
    weight += w;
    for (let i = 0; i < size; i++) out[i] += finite(p.probs[i]) * w;
  }
  return weight > 0 ? out.map((x) => x / weight) : out;
}

export type Ranked = { label: string; p: number };

/** The `k` most likely labels of a distribution, most likely first (ties: label order). */
export function rankLabels(probs: ReadonlyArray<number>, labels: ReadonlyArray<string>, k: number): Ranked[] {
  return labels
    .map((label, i) => ({ label, p: finite(probs[i]), i }))
    .sort((a, b) => b.p - a.p || a.i - b.i)
    .slice(0, Math.max(0, k))
    .map(({ label, p }) => ({ label, p }));
}

// ─── the stacked timeline ───────────────────────────────────────────────────

export const OTHER = 'other';
export const TIMELINE_K = 6;

export type StackBand = { label: string; y0: number; y1: number };
export type StackedPeriod = {
  period: string;
  start: ISODate;
  end: ISODate;
  entries: number;
  /** Bands from the bottom, each a share in [0, 1]; they add up to 1 (or all 0 without data). */
  bands: StackBand[];
};
export type Stacked = { keys: string[]; periods: StackedPeriod[] };

/**
 * Stacks the periods: the `k` emotions most present over all of them (entry-weighted), then
 * "other" for the rest. Each period's values are shares of its total, so the stack is 100 %
 * high. `keys` is bottom-to-top (the top emotion at the bottom, "other" last when it is used).
 */
export function stackTopK(periods: ReadonlyArray<PeriodEmotions>, labels: ReadonlyArray<string>, k = TIMELINE_K): Stacked {
  const overall = combine(periods, labels.length);
  const top = rankLabels(overall, labels, k)
    .filter((r) => r.p > 0)
    .map((r) => r.label);
  const topIdx = top.map((l) => labels.indexOf(l));
  const useOther = top.length > 0 && labels.length > top.length;
  const inTop = labels.map((_, i) => topIdx.includes(i));
  const keys = useOther ? [...top, OTHER] : top;
  const out: StackedPeriod[] = periods.map((p) => {
    const values = topIdx.map((i) => finite(p.probs[i]));
    if (useOther) {
      let rest = 0;
      for (let i = 0; i < labels.length; i++) if (!inTop[i]) rest += finite(p.probs[i]);
      values.push(rest);
    }
    const total = values.reduce((a, b) => a + b, 0);
    let y = 0;
    const bands = keys.map((label, j) => {
      const share = total > 0 ? values[j] / total : 0;
      const band = { label, y0: y, y1: y + share };
      y += share;
      return band;
    });
    return { period: p.period, start: p.start, end: p.end, entries: p.entries, bands };
  });
  return { keys, periods: out };
}

/**
 * Splits periods into runs without gaps: a new run starts where a period does not begin the
 * day after the previous one ended (periods without entries are absent from the data).
 */
export function contiguousRuns<T extends { start: ISODate; end: ISODate }>(periods: ReadonlyArray<T>): T[][] {
  const runs: T[][] = [];
  let lastEnd = NaN;
  for (const p of periods) {
    const last = runs[runs.length - 1];
    if (last && lastEnd + 1 === dayNumber(p.start)) last.push(p);
    else runs.push([p]);
    lastEnd = dayNumber(p.end);
  }
  return runs;
}

/** A day as a number (days since 1970-01-01), for time axes. */
export function dayNumber(date: ISODate): number {
  // The fast path (plain arithmetic, no Date: the timeline converts thousands of days).
  if (date.length === 10 && date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45) {
    const y = Number(date.slice(0, 4));
    const m = Number(date.slice(5, 7));
    const d = Number(date.slice(8, 10));
    if (Number.isInteger(y) && m >= 1 && m <= 12 && d >= 1 && d <= 31) return daysFromCivil(y, m, d);
  }
  const p = parseISODate(date);
  return Math.round(Date.UTC(p.getFullYear(), p.getMonth(), p.getDate()) / 86_400_000);
}

/** The date of a day number (the inverse of dayNumber; H. Hinnant's civil_from_days). */
export function fromDayNumber(n: number): ISODate {
  const z = Math.floor(n) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const pad = (v: number, w = 2) => String(v).padStart(w, '0');
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

// ─── axes ───────────────────────────────────────────────────────────────────

/** The timeline's value axis: shares of the 100 % stack. */
export const VALUE_TICKS = [0, 0.25, 0.5, 0.75, 1] as const;

/**
 * A date tick on a time axis: where `date` begins. `unit` says how it should be named: a day
 * ("Nov 21"), a month ("Nov", with the year in January or on the first tick) or a year.
 */
export type TimeTick = { day: number; date: ISODate; unit: 'day' | 'month' | 'year' };

type TickStep = { unit: 'day'; days: number } | { unit: 'week'; weeks: number } | { unit: 'month'; months: number } | { unit: 'year'; years: number };

const TICK_STEPS: TickStep[] = [
  { unit: 'day', days: 1 },
  { unit: 'day', days: 2 },
  { unit: 'week', weeks: 1 },
  { unit: 'week', weeks: 2 },
  { unit: 'month', months: 1 },
  { unit: 'month', months: 2 },
  { unit: 'month', months: 3 },
  { unit: 'month', months: 6 },
  { unit: 'year', years: 1 },
  { unit: 'year', years: 2 },
  { unit: 'year', years: 5 },
  { unit: 'year', years: 10 },
  { unit: 'year', years: 25 },
  { unit: 'year', years: 50 },
  { unit: 'year', years: 100 },
];

/** Weekday of a day number: 0 Sunday … 6 Saturday (1970-01-01 was a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function ticksOf(step: TickStep, lo: number, hi: number, weekStartsOn: number, limit: number): TimeTick[] | null {
  const out: TimeTick[] = [];
  const push = (day: number, unit: TimeTick['unit']) => {
    if (day >= lo && day <= hi) out.push({ day, date: fromDayNumber(day), unit });
    return out.length <= limit;
  };
  switch (step.unit) {
    case 'day': {
      for (let d = Math.ceil(lo / step.days) * step.days; d <= hi; d += step.days) if (!push(d, 'day')) return null;
      return out;
    }
    case 'week': {
      // Weeks begin on the first day of the week; every other one counts from an even week.
      let d = Math.ceil(lo);
      d += (weekStartsOn - weekdayOf(d) + 7) % 7;
      if (step.weeks === 2 && Math.floor((d - weekStartsOn + 4) / 7) % 2 !== 0) d += 7;
      for (; d <= hi; d += 7 * step.weeks) if (!push(d, 'day')) return null;
      return out;
    }
    case 'month': {
      const first = fromDayNumber(Math.floor(lo));
      let year = Number(first.slice(0, 4));
      let month = Number(first.slice(5, 7));
      for (;;) {
        const d = dayNumber(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`);
        if (d > hi) return out;
        if ((month - 1) % step.months === 0 && !push(d, 'month')) return null;
        month++;
        if (month > 12) {
          month = 1;
          year++;
        }
      }
    }
    case 'year': {
      let year = Math.ceil(Number(fromDayNumber(Math.floor(lo)).slice(0, 4)) / step.years) * step.years;
      for (;;) {
        const d = dayNumber(`${String(year).padStart(4, '0')}-01-01`);
        if (d > hi) return out;
        if (!push(d, 'year')) return null;
        year += step.years;
      }
    }
  }
}

/**
 * Date ticks for a time axis from day number `lo` to `hi` (both included): the finest of days,
 * weeks (from `weekStartsOn`), months, quarters, half years and years that gives at most
 * `maxTicks` ticks (at least 2), each on the first day of its unit, so labels are round dates.
 */
export function timeTicks(lo: number, hi: number, maxTicks: number, weekStartsOn = 0): TimeTick[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) return [];
  const limit = Math.max(2, Math.floor(maxTicks));
  for (const step of TICK_STEPS) {
    const ticks = ticksOf(step, lo, hi, weekStartsOn, limit);
    if (ticks !== null) return ticks; // the finest step that fits
  }
  return [];
}

// ─── colours ────────────────────────────────────────────────────────────────

/**
 * A colour for each key that keeps emotions of the same group apart: the first of a group gets
 * the group colour, the next ones the colour mixed with the page background or the text colour
 * (lighter / darker), alternating. "other" is a pale grey.
 */
export function shadeColours(keys: ReadonlyArray<string>): Record<string, string> {
  const used = new Map<EmotionGroup, number>();
  const out: Record<string, string> = {};
  const steps = ['', 'var(--bg) 50%', 'var(--text) 30%', 'var(--text) 55%', 'var(--bg) 28%'];
  for (const key of keys) {
    if (key === OTHER) {
      out[key] = 'color-mix(in oklab, var(--muted) 35%, var(--bg))';
      continue;
    }
    const g = groupOf(key);
    const n = used.get(g) ?? 0;
    used.set(g, n + 1);
    const step = steps[n % steps.length];
    out[key] = step ? `color-mix(in oklab, var(--emo-${g}), ${step})` : `var(--emo-${g})`;
  }
  return out;
}

/** The diverging valence colours, −2 … +2: sad blue through grey to warm orange. */
export function valenceColour(step: -2 | -1 | 0 | 1 | 2): string {
  switch (step) {
    case -2:
      return 'var(--emo-sad)';
    case -1:
      return 'color-mix(in oklab, var(--emo-sad), var(--bg) 55%)';
    case 0:
      return 'color-mix(in oklab, var(--emo-neutral), var(--bg) 40%)';
    case 1:
      return 'color-mix(in oklab, var(--emo-warm), var(--bg) 55%)';
    case 2:
      return 'var(--emo-warm)';
  }
}

/** Shades per group that stay well apart (shadeColours repeats after this many). */
export const SHADES_PER_GROUP = 4;

/**
 * The labels that get their own colour among `ranked` (most important first): at most `max`,
 * and at most SHADES_PER_GROUP of one colour group; the rest are shown as "other".
 */
export function pickDistinct(ranked: ReadonlyArray<string>, max = 8): string[] {
  const perGroup = new Map<EmotionGroup, number>();
  const out: string[] = [];
  for (const l of ranked) {
    if (out.length >= max) break;
    const g = groupOf(l);
    const n = perGroup.get(g) ?? 0;
    if (n >= SHADES_PER_GROUP) continue;
    perGroup.set(g, n + 1);
    out.push(l);
  }
  return out;
}

// ─── year in pixels ─────────────────────────────────────────────────────────

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export type YearCell = { date: ISODate; week: number; weekday: number; row: number; month: number };
export type YearGrid = { cells: YearCell[]; weeks: number; monthStarts: Array<{ month: number; week: number }> };

/**
 * Every day of `year` laid out in week columns: `row` 0-6 counts from `weekStartsOn` (0 =
 * Sunday, 1 = Monday), `week` is the column (the first, partial week is 0). 365 or 366 cells;
 * `monthStarts` gives the column where each month begins (for labels).
 */
export function yearGrid(year: number, weekStartsOn = 0): YearGrid {
  const cells: YearCell[] = [];
  const first = new Date(year, 0, 1, 12);
  first.setFullYear(year);
  const offset = (first.getDay() - weekStartsOn + 7) % 7;
  const days = isLeapYear(year) ? 366 : 365;
  const monthStarts: Array<{ month: number; week: number }> = [];
  const cursor = new Date(first);
  for (let i = 0; i < days; i++) {
    const weekday = cursor.getDay();
    const week = Math.floor((i + offset) / 7);
    const month = cursor.getMonth() + 1;
    if (cursor.getDate() === 1) monthStarts.push({ month, week });
    cells.push({ date: toISODate(cursor), week, weekday, row: (weekday - weekStartsOn + 7) % 7, month });
    cursor.setDate(cursor.getDate() + 1);
  }
  return { cells, weeks: cells[cells.length - 1].week + 1, monthStarts };
}

/** The year in pixels' geometry: CSS pixels of the weekday label column and between cells. */
export const PIXEL_LABEL = 28;
export const PIXEL_GAP = 3;
export const PIXEL_MIN = 9;
export const PIXEL_MAX = 16;

/**
 * The cell size that fits `weeks` columns (and the weekday labels) into `available` pixels,
 * between PIXEL_MIN and PIXEL_MAX; `fits` is false when even the smallest cells do not fit
 * (then the grid scrolls sideways).
 */
export function pixelCell(available: number, weeks: number): { cell: number; fits: boolean } {
  if (!(available > 0) || weeks <= 0) return { cell: PIXEL_MIN, fits: false };
  const cell = Math.floor((available - PIXEL_LABEL) / weeks - PIXEL_GAP);
  if (cell < PIXEL_MIN) return { cell: PIXEL_MIN, fits: false };
  return { cell: Math.min(PIXEL_MAX, cell), fits: true };
}

/**
 * Where to scroll a row of `content` pixels shown through `viewport` pixels so that the item
 * from `start` to `end` is visible, with `margin` pixels after it (today, with the days before
 * it in view): null when everything fits (nothing to scroll), 0 when it is visible from the
 * start, else the scroll offset, never past the end.
 */
export function scrollToShow(start: number, end: number, viewport: number, content: number, margin = 0): number | null {
  if (content <= viewport) return null;
  const max = content - viewport;
  if (end + margin <= viewport) return 0;
  return Math.min(max, Math.max(0, Math.min(start, end + margin - viewport)));
}

export type DayMood = { dominant: string | null; valence: number; entries: number };

/** The daily periods as a map from date to dominant emotion and valence. */
export function dayMoods(days: ReadonlyArray<PeriodEmotions>, labels: ReadonlyArray<string>): Map<ISODate, DayMood> {
  const out = new Map<ISODate, DayMood>();
  for (const d of days) {
    const date = isISODate(d.period) ? d.period : d.start;
    out.set(date, { dominant: dominantOf(d.probs, labels), valence: valence(d.probs, labels), entries: d.entries });
  }
  return out;
}

/** The colours of a year's days: each dominant emotion its own shade (at most 8 that stay apart,
 *  most frequent first; the rarer ones are "other"). The year grid and the calendar share it, so a
 *  day has the same colour in both. */
export type MoodPalette = { keys: string[]; colours: Record<string, string> };

export function moodPalette(moods: ReadonlyMap<ISODate, DayMood>, labels: ReadonlyArray<string>): MoodPalette {
  const counts = new Map<string, number>();
  for (const m of moods.values()) if (m.dominant) counts.set(m.dominant, (counts.get(m.dominant) ?? 0) + 1);
  const dominants = [...counts].sort((a, b) => b[1] - a[1] || labels.indexOf(a[0]) - labels.indexOf(b[0])).map(([l]) => l);
  const shown = pickDistinct(dominants, 8);
  const keys = shown.length < dominants.length ? [...shown, OTHER] : shown;
  return { keys, colours: shadeColours(keys) };
}

/** A day's colour: its dominant emotion's shade, or its valence step (null: nothing to colour). */
export function moodFill(m: DayMood | undefined, palette: MoodPalette, mode: 'emotion' | 'valence'): string | null {
  if (!m) return null;
  if (mode === 'valence') return valenceColour(valenceStep(m.valence));
  return m.dominant ? (palette.colours[m.dominant] ?? palette.colours[OTHER] ?? null) : null;
}

/** The legend keys of `palette` that occur among `moods` (in the palette's order). */
export function keysIn(palette: MoodPalette, moods: Iterable<DayMood | undefined>): string[] {
  const used = new Set<string>();
  for (const m of moods) {
    if (!m?.dominant) continue;
    used.add(palette.colours[m.dominant] !== undefined ? m.dominant : OTHER);
  }
  return palette.keys.filter((k) => used.has(k));
}

// ─── summary ────────────────────────────────────────────────────────────────

export type Change = { label: string; p: number; previous: number | null; delta: number | null };

/**
 * The top `k` emotions of `now` with their change from `before` in whole percentage points
 * (null when there is nothing to compare with).
 */
export function changes(
  now: ReadonlyArray<number>,
  before: ReadonlyArray<number> | null,
  labels: ReadonlyArray<string>,
  k = 5,
): Change[] {
  return rankLabels(now, labels, k).map(({ label, p }) => {
    if (!before) return { label, p, previous: null, delta: null };
    const prev = finite(before[labels.indexOf(label)]);
    return { label, p, previous: prev, delta: Math.round(p * 100) - Math.round(prev * 100) };
  });
}

/** "▲ +4", "▼ −3", "= 0" for a delta in points. */
export function formatDelta(delta: number): { arrow: '▲' | '▼' | '='; text: string } {
  if (delta > 0) return { arrow: '▲', text: `+${delta}` };
  if (delta < 0) return { arrow: '▼', text: `−${Math.abs(delta)}` };
  return { arrow: '=', text: '0' };
}

/** The year of an ISO date. */
export function yearOf(date: ISODate): number {
  return Number(date.slice(0, 4));
}

// ─── drawing and navigating a long timeline ─────────────────────────────────

/**
 * The stacked areas as one SVG path per key (bottom-to-top as `stacked.keys`), each run of
 * periods without gaps a closed sub-path, so the chart costs one element per emotion however
 * many periods there are. `x(day)` maps a day number to the chart's x.
 *
 * Visual aggregation: periods of one run whose middles fall in the same column (`column` units
 * of x wide, one pixel by default) are drawn as one point, the plain mean of their band edges
 * (still stacking to 100 %). Each run keeps flat caps from its first period's start to its last
 * period's end, so gaps stay empty and a lone period is a visible block. Hover and keyboard
 * still work on the exact periods (see `periodAt`); only the drawing is aggregated.
 */
export function bandPaths(
  stacked: Stacked,
  spans: ReadonlyArray<DaySpan>,
  x: (day: number) => number,
  height: number,
  column = 1,
): Record<string, string> {
  const paths: Record<string, string[]> = {};
  for (const key of stacked.keys) paths[key] = [];
  const y = (share: number) => (height - share * height).toFixed(1);
  const nk = stacked.keys.length;
  const periods = stacked.periods;
  let start = 0;
  while (start < periods.length) {
    // The run: periods without a gap between them.
    let end = start + 1;
    while (end < periods.length && spans[end].lo === spans[end - 1].hi) end++;
    // Bucket the run by column.
    const xs: number[] = [];
    const y0: number[][] = [];
    const y1: number[][] = [];
    let col = NaN;
    let n = 0;
    let sx = 0;
    let s0 = new Array<number>(nk).fill(0);
    let s1 = new Array<number>(nk).fill(0);
    const flush = () => {
      if (n === 0) return;
      xs.push(sx / n);
      y0.push(s0.map((v) => v / n));
      y1.push(s1.map((v) => v / n));
      n = 0;
      sx = 0;
      s0 = new Array<number>(nk).fill(0);
      s1 = new Array<number>(nk).fill(0);
    };
    for (let i = start; i < end; i++) {
      const bands = periods[i].bands;
      const mid = (x(spans[i].lo) + x(spans[i].hi)) / 2;
      const c = Math.floor(mid / column);
      if (c !== col) {
        flush();
        col = c;
      }
      n++;
      sx += mid;
      for (let j = 0; j < nk; j++) {
        s0[j] += bands[j]?.y0 ?? 0;
        s1[j] += bands[j]?.y1 ?? 0;
      }
    }
    flush();
    const px = [x(spans[start].lo), ...xs, x(spans[end - 1].hi)].map((v) => v.toFixed(1));
    const at = (i: number) => Math.min(xs.length - 1, Math.max(0, i - 1));
    stacked.keys.forEach((key, j) => {
      const top: string[] = [];
      const bottom: string[] = [];
      for (let i = 0; i < px.length; i++) {
        top.push(`${px[i]},${y(y1[at(i)][j])}`);
        bottom.push(`${px[i]},${y(y0[at(i)][j])}`);
      }
      bottom.reverse();
      paths[key].push(`M${top.join('L')}L${bottom.join('L')}Z`);
    });
    start = end;
  }
  const out: Record<string, string> = {};
  for (const key of stacked.keys) out[key] = paths[key].join('');
  return out;
}

/** A period as a span of day numbers, `lo` its first day, `hi` the day after its last. */
export type DaySpan = { lo: number; hi: number };

export function daySpans(periods: ReadonlyArray<{ start: ISODate; end: ISODate }>): DaySpan[] {
  return periods.map((p) => ({ lo: dayNumber(p.start), hi: dayNumber(p.end) + 1 }));
}

/**
 * The index of the period under `day` (a fractional day number, as from a pointer position):
 * the period whose days contain it, else the nearest one when it is at most `tolerance` days
 * away (gaps and periods thinner than a pixel stay reachable), else null. `spans` must be in
 * date order and not overlap.
 */
export function periodAt(spans: ReadonlyArray<DaySpan>, day: number, tolerance = 0): number | null {
  const n = spans.length;
  if (n === 0 || !Number.isFinite(day)) return null;
  // The last period starting at or before `day`.
  let a = 0;
  let b = n - 1;
  let found = -1;
  while (a <= b) {
    const m = (a + b) >> 1;
    if (spans[m].lo <= day) {
      found = m;
      a = m + 1;
    } else b = m - 1;
  }
  if (found >= 0 && day < spans[found].hi) return found;
  const before = found >= 0 ? day - spans[found].hi : Infinity;
  const after = found + 1 < n ? spans[found + 1].lo - day : Infinity;
  if (Math.min(before, after) > tolerance) return null;
  return before <= after ? found : found + 1;
}

/**
 * Keyboard steps through `n` periods from `i` (null: nothing chosen yet, the arrows start at
 * the latest period), as an ARIA slider: ←/↓ one period earlier, →/↑ one later, PageDown /
 * PageUp `page` periods earlier / later, Home/End the first and last. Null for any other key.
 */
export function stepPeriod(i: number | null, key: string, n: number, page = 10): number | null {
  if (n <= 0) return null;
  const from = i ?? n - 1;
  let next: number;
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      next = i === null ? n - 1 : from - 1;
      break;
    case 'ArrowRight':
    case 'ArrowUp':
      next = i === null ? n - 1 : from + 1;
      break;
    case 'PageDown':
      next = from - Math.max(1, page);
      break;
    case 'PageUp':
      next = from + Math.max(1, page);
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = n - 1;
      break;
    default:
      return null;
  }
  return Math.min(n - 1, Math.max(0, next));
}

/**
 * Keyboard steps in the year-in-pixels grid (weeks are columns, weekdays rows): ←/→ a week,
 * ↑/↓ a day, PageUp/PageDown a month (the same day, or the month's last), Home/End the first
 * and last day of the year (`first`, `last`). Null for other keys and for steps leaving the
 * year.
 */
export function stepDay(date: ISODate, key: string, first: ISODate, last: ISODate): ISODate | null {
  const step: Record<string, number> = { ArrowLeft: -7, ArrowRight: 7, ArrowUp: -1, ArrowDown: 1 };
  let next: ISODate;
  if (key in step) next = addDays(date, step[key]);
  else if (key === 'PageUp') next = shiftMonthKeepDay(date, -1);
  else if (key === 'PageDown') next = shiftMonthKeepDay(date, 1);
  else if (key === 'Home') next = first;
  else if (key === 'End') next = last;
  else return null;
  return next < first || next > last ? null : next;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The timeline's per-period strips as SVG markup: one `rect.timeline-period` per period, with
 * its key in `data-period` and its exact span in x (`strips`, in chart units), full `height`.
 */
export function stripMarkup(
  strips: ReadonlyArray<{ x: number; w: number }>,
  periods: ReadonlyArray<{ period: string }>,
  height: number,
): string {
  let out = '';
  for (let i = 0; i < strips.length; i++) {
    const s = strips[i];
    out += `<rect class="timeline-period" data-period="${escapeAttr(String(periods[i]?.period ?? ''))}" x="${s.x.toFixed(2)}" y="0" width="${s.w.toFixed(2)}" height="${height}"></rect>`;
  }
  return out;
}

/**
 * A line through `points` (x in chart units, in order) thinned to at most one point per
 * `column` units: the points of a column become their mean. For trend lines with thousands of
 * periods.
 */
export function thinLine(points: ReadonlyArray<{ x: number; y: number }>, column = 1): Array<{ x: number; y: number }> {
  const out: Array<{ x: number; y: number }> = [];
  let col = NaN;
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    const c = Math.floor(p.x / column);
    if (c !== col && n > 0) {
      out.push({ x: sx / n, y: sy / n });
      n = sx = sy = 0;
    }
    col = c;
    n++;
    sx += p.x;
    sy += p.y;
  }
  if (n > 0) out.push({ x: sx / n, y: sy / n });
  return out;
}
