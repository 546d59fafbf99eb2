/**
 * Search by feeling: the filters beside the full-text query (an emotion, a date
 * range and a #tag), the request sent to `search_entries`, and whether to search at all. Plain functions,
 * unit-tested in searchFilters.test.ts.
 */
import { GO_EMOTIONS, isGoEmotion } from './emotions';

/** Filters as the UI holds them; null = not set. */
export type SearchFilters = { emotion: string | null; from: string | null; to: string | null; tag: string | null };

/** The arguments of `search_entries`. */
export type SearchRequest = {
  query: string;
  limit: number | null;
  /** A GoEmotions label, e.g. "sadness". */
  emotion: string | null;
  /** YYYY-MM-DD, inclusive. */
  from: string | null;
  to: string | null;
  /** A #tag, lower-cased, without the `#`. */
  tag: string | null;
};

export const NO_FILTERS: SearchFilters = Object.freeze({ emotion: null, from: null, to: null, tag: null });

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function cleanDate(value: string | null | undefined): string | null {
  const v = (value ?? '').trim();
  return ISO_DATE.test(v) ? v : null;
}

/** Drops unknown emotions and malformed dates (an `<input type="date">` gives '' when empty); swaps a reversed range. */
export function normalizeFilters(f: Partial<SearchFilters>): SearchFilters {
  const emotion = f.emotion && isGoEmotion(f.emotion) ? f.emotion : null;
  let from = cleanDate(f.from);
  let to = cleanDate(f.to);
  if (from && to && from > to) [from, to] = [to, from];
  return { emotion, from, to, tag: cleanTag(f.tag) };
}

/** A tag as the back end compares it: trimmed, without a leading `#`, lower-cased; null when empty. */
export function cleanTag(value: string | null | undefined): string | null {
  const v = (value ?? '').trim().replace(/^#+/, '').trim().toLowerCase();
  return v ? v : null;
}

/** How many filters are set (0 = none). */
export function activeFilterCount(f: SearchFilters): number {
  const n = normalizeFilters(f);
  return (n.emotion ? 1 : 0) + (n.from ? 1 : 0) + (n.to ? 1 : 0) + (n.tag ? 1 : 0);
}

export function hasFilters(f: SearchFilters): boolean {
  return activeFilterCount(f) > 0;
}

/**
 * The request to send, or null when there is nothing to search for: a blank query with no
 * filter. A blank query with a filter lists every entry passing the filters.
 */
export function buildSearchRequest(query: string, filters: SearchFilters, limit: number | null): SearchRequest | null {
  const q = query.trim();
  const f = normalizeFilters(filters);
  if (!q && !f.emotion && !f.from && !f.to && !f.tag) return null;
  return { query: q, limit, emotion: f.emotion, from: f.from, to: f.to, tag: f.tag };
}

/** The emotion choices, named in the UI language and sorted by that name (value = the English label). */
export function emotionOptions(name: (label: string) => string, lang: string): Array<{ value: string; label: string }> {
  const collator = new Intl.Collator(lang);
  return GO_EMOTIONS.map((value) => ({ value, label: name(value) })).sort((a, b) => collator.compare(a.label, b.label));
}
