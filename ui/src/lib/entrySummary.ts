// The day's list shows each entry as the back end summarises it (`EntrySummary`). An entry just
// saved is put in the list without asking the back end again, so the page makes the same
// summary and keeps the same order as the back end does: both rules live here, next to each other.
import type { Entry } from '../bindings/Entry';
import type { EntrySummary } from '../bindings/EntrySummary';

const PREVIEW_CHARS = 140;

/** The summary the list shows for an entry just saved (the back end makes the same). */
export function summaryOf(entry: Entry): EntrySummary {
  const line = entry.body.trim().replace(/\s+/g, ' ');
  const chars = Array.from(line);
  // As `haru_core::text::preview`: the first PREVIEW_CHARS characters, then "…" when cut.
  const preview = chars.length > PREVIEW_CHARS ? chars.slice(0, PREVIEW_CHARS).join('') + '…' : line;
  return {
    id: entry.id,
    date: entry.date,
    preview,
    language: entry.language,
    created_at: entry.created_at,
    updated_at: entry.updated_at,
    word_count: entry.word_count,
  };
}

/** Newest first: the order of list_entries within a day. */
export function byCreatedDesc(a: EntrySummary, b: EntrySummary): number {
  if (a.created_at === b.created_at) return b.id - a.id;
  return a.created_at < b.created_at ? 1 : -1;
}
