/**
 * How each day felt, for the calendar in the sidebar: the days of the shown month's year (the
 * writer's word where given, else the model's reading, as `emotion_history` combines them) and
 * the days in the writer's own word. The whole year is loaded so that the colours come from the
 * same palette as the history's year in pixels (`moodPalette`): a day has one colour in both.
 */
import type { PeriodEmotions } from '../bindings/PeriodEmotions';
import type { Api } from './api';
import type { TimerApi } from './autosave';

/** Analyses arrive one by one during a re-analysis: the calendar asks again once they pause. */
export const MOODS_REFRESH_MS = 1500;

export interface CalendarMoodsOptions {
  api: Pick<Api, 'emotionHistory' | 'writersWordDays'>;
  timer: TimerApi;
}

export class CalendarMoods {
  private readonly api: CalendarMoodsOptions['api'];
  private readonly timer: TimerApi;

  /** The year loaded (0: none yet). */
  year = $state(0);
  days = $state.raw<PeriodEmotions[]>([]);
  words = $state.raw<ReadonlySet<string>>(new Set());

  private seq = 0;
  private pending: unknown = null;

  constructor(options: CalendarMoodsOptions) {
    this.api = options.api;
    this.timer = options.timer;
  }

  /** The calendar shows a month of `year`. */
  show(year: number): Promise<void> {
    if (year === this.year) return Promise.resolve();
    this.year = year;
    this.days = [];
    this.words = new Set();
    return this.load();
  }

  async load(): Promise<void> {
    const year = this.year;
    if (!year) return;
    const seq = ++this.seq;
    try {
      const [days, words] = await Promise.all([
        this.api.emotionHistory('day', `${year}-01-01`, `${year}-12-31`),
        this.api.writersWordDays(`${year}-01-01`, `${year}-12-31`),
      ]);
      if (seq !== this.seq) return;
      this.days = days;
      this.words = new Set(words);
    } catch {
      // The calendar stays uncoloured; the diary itself is unaffected.
    }
  }

  /** Something changed how a day felt: asked again after a short pause. */
  refreshSoon(): void {
    if (this.pending !== null) this.timer.clear(this.pending);
    this.pending = this.timer.set(() => {
      this.pending = null;
      void this.load();
    }, MOODS_REFRESH_MS);
  }

  stop(): void {
    if (this.pending !== null) this.timer.clear(this.pending);
    this.pending = null;
    ++this.seq;
  }
}
