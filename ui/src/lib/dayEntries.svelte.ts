// The selected day's entries as the list shows them. The back end lists a day; saves and
// deletes made on the page then change the list at once, without asking again (the same
// summaries and order as the back end's, see entrySummary.ts). The entry list reads it; the
// diary says which day was listed and what was saved or went, so it lives apart from the diary.
import type { Entry } from '../bindings/Entry';
import type { EntrySummary } from '../bindings/EntrySummary';
import { byCreatedDesc, summaryOf } from './entrySummary';

export class DayEntries {
  /** Entries of `date` (the selected day once listed), newest first. */
  list = $state<EntrySummary[]>([]);
  /** The day `list` is for (null: none listed yet). */
  date = $state<string | null>(null);

  /**
   * The back end's list of `date`. `openId`, the entry open in the editor if it is of that day,
   * stays in the list when it was created while the list was on its way. Returns the list put.
   */
  put(date: string, list: EntrySummary[], openId: number | null): EntrySummary[] {
    if (openId !== null && !list.some((e) => e.id === openId)) {
      const known = this.date === date ? this.list.find((e) => e.id === openId) : undefined;
      if (known) list = [...list, known].sort(byCreatedDesc);
    }
    this.list = list;
    this.date = date;
    return list;
  }

  /** An entry was saved: its summary is updated, or it joins the list of its day. */
  saved(entry: Entry): void {
    if (this.date !== entry.date) return;
    const summary = summaryOf(entry);
    const i = this.list.findIndex((e) => e.id === entry.id);
    if (i >= 0) this.list[i] = summary;
    else this.list = [...this.list, summary].sort(byCreatedDesc);
  }

  /** Entry `id` of `date` went away. Returns the entry now in its place (the next older, else the one before), if any. */
  removed(id: number, date: string): EntrySummary | undefined {
    if (this.date !== date) return undefined;
    const index = this.list.findIndex((e) => e.id === id);
    this.list = this.list.filter((e) => e.id !== id);
    return index >= 0 ? (this.list[index] ?? this.list[index - 1]) : undefined;
  }
}
