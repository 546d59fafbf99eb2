import { describe, expect, it } from 'vitest';
import { toSegments } from './highlight';

const join = (s: ReturnType<typeof toSegments>) => s.map((x) => (x.mark ? `[${x.text}]` : x.text)).join('');

describe('toSegments', () => {
  it('wraps the ranges and keeps the whole text', () => {
    const segs = toSegments('오늘은 바다에 갔다. 바다는 넓었다.', [
      [4, 6],
      [12, 14],
    ]);
    expect(join(segs)).toBe('오늘은 [바다]에 갔다. [바다]는 넓었다.');
    expect(segs.map((s) => s.text).join('')).toBe('오늘은 바다에 갔다. 바다는 넓었다.');
  });

  it('returns plain text when there is nothing to highlight', () => {
    expect(toSegments('hello', [])).toEqual([{ text: 'hello', mark: false }]);
    expect(toSegments('', [[0, 3]])).toEqual([]);
  });

  it('sorts, merges overlapping or touching ranges and drops empty or inverted ones', () => {
    expect(join(toSegments('abcdefghij', [[6, 8], [1, 3], [2, 4], [4, 5], [9, 9], [7, 2]]))).toBe('a[bcde]f[gh]ij');
  });

  it('clamps ranges outside the snippet and ignores garbage', () => {
    const bad = [[-5, 2], [8, 99], [Number.NaN, 3], ['x', 'y'], [1]] as unknown as Array<[number, number]>;
    expect(join(toSegments('abcdefghij', bad))).toBe('[ab]cdefgh[ij]');
  });

  it('never splits a surrogate pair', () => {
    const s = 'a😀b';
    // 😀 is two UTF-16 code units at [1, 3); a range cutting it in half is widened.
    expect(join(toSegments(s, [[2, 3]]))).toBe('a[😀]b');
    expect(join(toSegments(s, [[0, 2]]))).toBe('[a😀]b');
  });

  it('keeps markup as text (it is rendered as text nodes, never as HTML)', () => {
    const segs = toSegments('<img src=x onerror=alert(1)> hi', [[29, 31]]);
    expect(segs[0]).toEqual({ text: '<img src=x onerror=alert(1)> ', mark: false });
    expect(segs[1]).toEqual({ text: 'hi', mark: true });
  });
});
