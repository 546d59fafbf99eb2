// The back end marks places in a text as `[start, end)` ranges in UTF-16 code units (search
// highlights, the analysed sentences). The page trusts none of them: this is the one place that
// turns such a pair into a range that is safe to slice with, for every caller alike.

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * `[start, end)` made safe for `text`: whole numbers, clamped to the text, and widened so that
 * they never cut a surrogate pair in half. Null when the range is not a pair of numbers or is
 * empty once clamped.
 */
export function clampRange(text: string, start: unknown, end: unknown): [number, number] | null {
  const len = text.length;
  let s = Math.floor(Number(start));
  let e = Math.floor(Number(end));
  if (!Number.isFinite(s) || !Number.isFinite(e)) return null;
  s = Math.max(0, Math.min(len, s));
  e = Math.max(0, Math.min(len, e));
  if (s > 0 && s < len && isLowSurrogate(text.charCodeAt(s)) && isHighSurrogate(text.charCodeAt(s - 1))) s--;
  if (e > 0 && e < len && isLowSurrogate(text.charCodeAt(e)) && isHighSurrogate(text.charCodeAt(e - 1))) e++;
  return e <= s ? null : [s, e];
}
