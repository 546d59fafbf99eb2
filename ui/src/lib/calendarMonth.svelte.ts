// The calendar's month: which month is shown and how many entries each day of its grid has
// (the dots). Saves, deletes and restores change the counts at once, without asking again, and
// only the newest month asked for lands. The calendar reads it; the diary only says which
// month to show and when an entry came or went, so it lives apart from the diary.
import type { Api } from './api';
import { gridRange, sameMonth, type YearMonth } from './dates';
import { Latest } from './latest';
import type { WeekStartsOn } from './weekStart';

export interface CalendarMonthOptions {
  api: Pick<Api, 'listDays'>;
  /** The month shown first. */
  month: YearMonth;
  /** The first day of the week in effect (the grid's weeks). */
  weekStartsOn: () => WeekStartsOn;
  /** A month is about to be listed (the year's colours follow it). */
  onLoad: (month: YearMonth) => void;
  onError: (e: unknown) => void;
}

export class CalendarMonth {
  month = $state<YearMonth>({ year: 2000, month: 1 });
  /** Entries of each day of the month's grid (days without any are left out). */
  counts = $state<Record<string, number>>({});

  private readonly options: CalendarMonthOptions;
  private readonly latest = new Latest();

  constructor(options: CalendarMonthOptions) {
    this.options = options;
    this.month = options.month;
  }

  async show(month: YearMonth): Promise<void> {
    if (sameMonth(month, this.month)) return;
    this.month = month;
    await this.load();
  }

  /** Asks for the counts of the month's grid. */
  async load(): Promise<void> {
    const { api, weekStartsOn, onLoad, onError } = this.options;
    onLoad(this.month);
    const { from, to } = gridRange(this.month, weekStartsOn());
    await this.latest.ask(
      () => api.listDays(from, to),
      (days) => {
        const counts: Record<string, number> = {};
        for (const d of days) if (d.count > 0) counts[d.date] = d.count;
        this.counts = counts;
      },
      onError,
    );
  }

  /** An entry of `date` was created or restored. */
  added(date: string): void {
    this.counts[date] = (this.counts[date] ?? 0) + 1;
  }

  /** An entry of `date` went away. */
  removed(date: string): void {
    const n = (this.counts[date] ?? 0) - 1;
    if (n > 0) this.counts[date] = n;
    else delete this.counts[date];
  }
}
