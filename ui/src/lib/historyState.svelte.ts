/**
 * The emotion history view's state: the chosen range, grouping, year and drill-down, and the
 * data loaded for them (emotion_history / emotion_peaks). Owned by the Diary, so the choices
 * survive switching back and forth between the diary and the history.
 */
import type { EmotionPeak } from '../bindings/EmotionPeak';
import type { PeriodEmotions } from '../bindings/PeriodEmotions';
import type { Api, InsightGroup, TagCount } from './api';
import { defaultGrouping, previousRange, rangeDates, yearOf, type DateRange, type Grouping, type RangeKind } from './history';
import type { WeekStart } from './weekStart';

export type PixelsMode = 'emotion' | 'valence';

/** How many peak entries the drill-down lists. */
export const PEAKS_LIMIT = 20;

export interface HistoryOptions {
  api: Pick<Api, 'emotionHistory' | 'emotionPeaks' | 'writersWordDays' | 'tagCounts' | 'insights'>;
  today: () => string;
  onError: (e: unknown) => void;
}

export class HistoryState {
  private readonly api: HistoryOptions['api'];
  private readonly today: () => string;
  private readonly onError: (e: unknown) => void;

  range = $state<RangeKind>('30d');
  by = $state<Grouping>('day');
  year = $state(0);
  pixelsMode = $state<PixelsMode>('emotion');
  /** The first day of weekly periods (the Diary keeps it in step with the setting). */
  weekStart = $state<WeekStart>('sunday');
  /** The emotion whose peaks are listed (null: no drill-down). */
  drill = $state<string | null>(null);

  // The loaded rows are replaced whole, never changed in place: `$state.raw` (no deep proxy), so
  // the views read ten years by day (3,650 × 28 numbers) at plain-array speed.
  /** The periods of the range (null: loading or not loaded). */
  periods = $state.raw<PeriodEmotions[] | null>(null);
  /** The previous range of the same length, by month (null: none, or not loaded). */
  previous = $state.raw<PeriodEmotions[] | null>(null);
  /** The days of `year`. */
  yearDays = $state.raw<PeriodEmotions[] | null>(null);
  peaks = $state.raw<EmotionPeak[] | null>(null);
  /** Whether the diary has any analysed entry at all (null: not known yet). */
  hasAny = $state<boolean | null>(null);
  /** The dates the loaded range covers. */
  dates = $state<DateRange>({ from: null, to: null });
  /** Only the entries carrying this #tag (null: all). */
  tag = $state<string | null>(null);
  /** The diary's tags with their counts (null: not loaded). */
  tags = $state.raw<TagCount[] | null>(null);
  /** How many days of the range have an entry in the writer's own word. */
  rangeWords = $state(0);
  /** The days of `year` with an entry in the writer's own word. */
  yearWords = $state.raw<ReadonlySet<string>>(new Set());
  /** What goes with what (null: loading or not loaded). */
  insights = $state.raw<InsightGroup[] | null>(null);

  private rangeSeq = 0;
  private yearSeq = 0;
  private peakSeq = 0;

  constructor(options: HistoryOptions) {
    this.api = options.api;
    this.today = options.today;
    this.onError = options.onError;
  }

  /** Loads everything the view shows (on opening it). */
  async load(): Promise<void> {
    if (!this.year) this.year = yearOf(this.today());
    await Promise.all([
      this.loadRange(),
      this.loadYear(),
      this.drill ? this.loadPeaks() : null,
      this.loadTags(),
      this.loadInsights(),
    ]);
    await this.loadAny();
  }

  /**
   * Whether there is anything to show at all. Known without asking when the range or the year
   * has periods; otherwise by month over everything (a few rows, but a scan of every entry, so
   * it is not on the way to the first paint).
   */
  async loadAny(): Promise<void> {
    if ((this.periods?.length ?? 0) > 0 || (this.yearDays?.length ?? 0) > 0) {
      this.hasAny = true;
      return;
    }
    try {
      this.hasAny = (await this.api.emotionHistory('month', null, null)).length > 0;
    } catch {
      this.hasAny = null; // the range's own request reports the error
    }
  }

  async loadRange(): Promise<void> {
    const seq = ++this.rangeSeq;
    const dates = rangeDates(this.range, this.today());
    const prev = previousRange(dates);
    this.dates = dates;
    this.periods = null;
    try {
      const [periods, previous, words] = await Promise.all([
        this.api.emotionHistory(this.by, dates.from, dates.to, this.by === 'week' ? this.weekStart : null, this.tag),
        prev ? this.api.emotionHistory('month', prev.from, prev.to, null, this.tag) : Promise.resolve(null),
        this.api.writersWordDays(dates.from, dates.to).catch(() => [] as string[]),
      ]);
      if (seq !== this.rangeSeq) return;
      this.periods = periods;
      this.previous = previous;
      this.rangeWords = words.length;
    } catch (e) {
      if (seq !== this.rangeSeq) return;
      this.periods = [];
      this.previous = null;
      this.onError(e);
    }
  }

  async loadYear(): Promise<void> {
    const seq = ++this.yearSeq;
    const year = this.year;
    this.yearDays = null;
    try {
      const [days, words] = await Promise.all([
        this.api.emotionHistory('day', `${year}-01-01`, `${year}-12-31`, null, this.tag),
        this.api.writersWordDays(`${year}-01-01`, `${year}-12-31`),
      ]);
      if (seq !== this.yearSeq) return;
      this.yearDays = days;
      this.yearWords = new Set(words);
    } catch (e) {
      if (seq !== this.yearSeq) return;
      this.yearDays = [];
      this.onError(e);
    }
  }

  async loadTags(): Promise<void> {
    try {
      this.tags = await this.api.tagCounts();
    } catch {
      this.tags = [];
    }
  }

  async loadInsights(): Promise<void> {
    try {
      this.insights = await this.api.insights();
    } catch (e) {
      this.insights = [];
      this.onError(e);
    }
  }

  /** Shows only the entries carrying `tag` (null: all of them). */
  setTag(tag: string | null): void {
    if (tag === this.tag) return;
    this.tag = tag;
    void Promise.all([this.loadRange(), this.loadYear()]);
  }

  async loadPeaks(): Promise<void> {
    const label = this.drill;
    if (!label) return;
    const seq = ++this.peakSeq;
    this.peaks = null;
    try {
      const peaks = await this.api.emotionPeaks(label, this.dates.from, this.dates.to, PEAKS_LIMIT);
      if (seq === this.peakSeq) this.peaks = peaks;
    } catch (e) {
      if (seq !== this.peakSeq) return;
      this.peaks = [];
      this.onError(e);
    }
  }

  /** A new range; the grouping follows when it would make too many or too few points. */
  setRange(range: RangeKind): void {
    if (range === this.range) return;
    this.range = range;
    this.by = defaultGrouping(range);
    void this.loadRange().then(() => this.loadPeaks());
  }

  setBy(by: Grouping): void {
    if (by === this.by) return;
    this.by = by;
    void this.loadRange();
  }

  setYear(year: number): void {
    if (year === this.year || year < 1) return;
    this.year = year;
    void this.loadYear();
  }

  drillInto(label: string): void {
    this.drill = label;
    void this.loadPeaks();
  }

  closeDrill(): void {
    ++this.peakSeq;
    this.drill = null;
    this.peaks = null;
  }
}
