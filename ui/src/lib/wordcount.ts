/** Words are whitespace-separated runs (this is also how Korean counts 어절). */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

function isSpace(c: number): boolean {
  // ASCII whitespace, NBSP, Unicode spaces, line/paragraph separators, ideographic space, BOM.
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

type SegmenterLike = { segment(input: string): Iterable<unknown> };
let segmenter: SegmenterLike | null | undefined;

function getSegmenter(): SegmenterLike | null {
  if (segmenter === undefined) {
    const Seg = (Intl as unknown as { Segmenter?: new (l?: string, o?: object) => SegmenterLike }).Segmenter;
    segmenter = Seg ? new Seg(undefined, { granularity: 'grapheme' }) : null;
  }
  return segmenter;
}

/**
 * Characters as a person counts them (grapheme clusters: "한" is one, "👍🏽" is one).
 * Line breaks are not characters. `spaces: false` also leaves out other whitespace.
 */
export function countChars(text: string, options: { spaces?: boolean } = {}): number {
  const spaces = options.spaces ?? true;
  let t = text.replace(/\r?\n/g, '');
  if (!spaces) t = t.replace(/\s/g, '');
  if (t.length === 0) return 0;
  // Fast path: nothing that could form a multi-code-unit cluster.
  if (!/[\ud800-\udfff\u0300-\u036f\u1100-\u11ff\u200d\ufe00-\ufe0f\u20d0-\u20ff]/.test(t)) return t.length;
  const seg = getSegmenter();
  if (seg) {
    return Array.from(seg.segment(t)).length;
  }
  return Array.from(t).length;
}

/**
 * Nothing to save: only whitespace and invisible joiners, exactly as `haru_core::text::is_blank`
 * (Unicode White_Space, which adds U+0085 to JavaScript's `\s`, and U+200B–U+200D, U+FEFF).
 */
export function isBlank(text: string): boolean {
  return /^[\s\u0085\u200b\u200c\u200d\ufeff]*$/.test(text);
}
