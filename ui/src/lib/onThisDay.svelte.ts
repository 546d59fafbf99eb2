// "On this day": the entries of the selected day's month and day in earlier years, listed under
// the day's own entries. Asked for once per day chosen, with only the newest answer shown. Only
// that list reads it, so it is a small state of its own; the diary says which day is chosen.
import type { EntrySummary } from '../bindings/EntrySummary';
import type { Api } from './api';
import { Latest } from './latest';

export class OnThisDay {
  /** Entries of `date`'s month and day in earlier years, newest first. */
  entries = $state.raw<EntrySummary[]>([]);
  /** The day `entries` are for (null: none yet, or to be asked again). */
  date = $state<string | null>(null);

  private readonly api: Pick<Api, 'onThisDay'>;
  private readonly latest = new Latest();

  constructor(api: Pick<Api, 'onThisDay'>) {
    this.api = api;
  }

  /** `date` is chosen: its earlier years are asked for, unless they are what is shown. */
  follow(date: string): void {
    if (date !== this.date) void this.load(date);
  }

  /** Asks for the entries of `date`'s month and day in earlier years (none when that fails). */
  load(date: string): Promise<void> {
    const show = (list: EntrySummary[]) => {
      this.entries = list;
      this.date = date;
    };
    return this.latest.ask(() => this.api.onThisDay(date), show, () => show([]));
  }
}
