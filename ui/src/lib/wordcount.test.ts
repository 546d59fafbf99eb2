import { describe, expect, it } from 'vitest';
import { countChars, countWords, isBlank } from './wordcount';

describe('countWords', () => {
  it('counts whitespace-separated words in Korean and English', () => {
    const texts = ['오늘은 날씨가 참 좋았다.', 'Today was a good day', '  leading and   trailing\n\nlines\t', '한국어와 English 섞인 글'];
    expect(texts.map((t) => countWords(t))).toEqual([4, 5, 4, 4]);
  });
  it('counts nothing in empty or blank text', () => {
    expect(countWords('')).toBe(0);
    expect(countWords(' \n\t\u3000\u00a0')).toBe(0);
  });
  it('treats the ideographic space as a separator', () => {
    expect(countWords('하나\u3000둘')).toBe(2);
  });
});

describe('countChars', () => {
  it('counts Hangul syllables and letters, not line breaks', () => {
    expect(['안녕하세요', 'ab\ncd', 'ab\r\ncd', 'a b'].map((t) => countChars(t))).toEqual([5, 4, 4, 3]);
    expect(countChars('a b', { spaces: false })).toBe(2);
  });
  it('counts an emoji or a decomposed syllable as one character', () => {
    expect(countChars('👍🏽')).toBe(1);
    expect(countChars('\u1100\u1161')).toBe(1); // 가 as conjoining jamo
    expect(countChars('é')).toBe(1); // e + combining acute
  });
});

describe('isBlank', () => {
  it('is true only for whitespace', () => {
    expect(isBlank('')).toBe(true);
    expect(isBlank(' \n ')).toBe(true);
    expect(isBlank(' 가 ')).toBe(false);
    // As the back end (haru_core::text::is_blank): invisible joiners and NEL are blank too.
    expect(isBlank('\u200b\u200c\u200d\ufeff\u0085 \u3000')).toBe(true);
    expect(isBlank('\u200bx')).toBe(false);
  });
});
