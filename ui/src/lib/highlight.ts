import { clampRange } from './textRange';

/** A piece of a search snippet: plain text, or a match to wrap in <mark>. Rendered as text, never as HTML. */
export type Segment = { text: string; mark: boolean };

/**
 * Turns a snippet and its highlight ranges ([start, end) in UTF-16 code units) into segments.
 * Ranges are untrusted: they are clamped to the snippet, sorted, merged when they overlap or
 * touch, empty ones are dropped, and a range never splits a surrogate pair.
 */
export function toSegments(snippet: string, highlights: ReadonlyArray<readonly [number, number]>): Segment[] {
  const len = snippet.length;
  const ranges: Array<[number, number]> = [];
  for (const h of highlights ?? []) {
    if (!Array.isArray(h) || h.length < 2) continue;
    const range = clampRange(snippet, h[0], h[1]);
    if (range) ranges.push(range);
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);

  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }

  const out: Segment[] = [];
  let pos = 0;
  for (const [start, end] of merged) {
    if (start > pos) out.push({ text: snippet.slice(pos, start), mark: false });
    out.push({ text: snippet.slice(start, end), mark: true });
    pos = end;
  }
  if (pos < len) out.push({ text: snippet.slice(pos), mark: false });
  return out;
}
