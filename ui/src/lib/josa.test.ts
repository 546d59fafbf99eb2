import { describe, expect, it } from 'vitest';
import { isJosaPair, josa, josaFor, type JosaPair } from './josa';

/** josa(word, pair) for each of the words, in order. */
function withJosa(pair: JosaPair, words: string[]): string[] {
  return words.map((word) => josa(word, pair));
}

describe('josa', () => {
  it('follows the final consonant of the last Hangul syllable', () => {
    expect(withJosa('이/가', ['기쁨', '분노', '자부심'])).toEqual(['기쁨이', '분노가', '자부심이']);
    expect(withJosa('을/를', ['슬픔', '희망', '안도'])).toEqual(['슬픔을', '희망을', '안도를']);
    expect(withJosa('은/는', ['두려움', '호기심', '중립'])).toEqual(['두려움은', '호기심은', '중립은']);
    expect(withJosa('과/와', ['놀라움', '사랑', '감사'])).toEqual(['놀라움과', '사랑과', '감사와']);
  });

  it('takes 로 after ㄹ and after a vowel, 으로 after other consonants', () => {
    expect(withJosa('으로/로', ['서울', '바다', '기쁨'])).toEqual(['서울로', '바다로', '기쁨으로']);
    expect(josa('서울', '이/가')).toBe('서울이');
  });

  it('uses the whole last syllable block range', () => {
    expect(josaFor('가', '이/가')).toBe('가'); // U+AC00, no final
    expect(josaFor('힣', '이/가')).toBe('이'); // U+D7A3, final ㅎ
  });

  it('reads digits and Latin letters the Korean way', () => {
    expect(withJosa('이/가', ['1', '2', 'HTML'])).toEqual(['1이', '2가', 'HTML이']);
    expect(withJosa('을/를', ['10', 'PC'])).toEqual(['10을', 'PC를']);
    expect(withJosa('은/는', ['2024'])).toEqual(['2024는']);
    expect(withJosa('으로/로', ['7', '3'])).toEqual(['7로', '3으로']);
    expect(withJosa('과/와', ['MP3'])).toEqual(['MP3과']);
  });

  it('looks past trailing punctuation and spaces', () => {
    expect(withJosa('이/가', ['“기쁨”', '분노 ', '(기쁨)'])).toEqual(['“기쁨”이', '분노 가', '(기쁨)이']);
  });

  it('picks the after-vowel form when there is nothing to read', () => {
    expect(josa('', '이/가')).toBe('가');
    expect(josa('…', '을/를')).toBe('…를');
  });

  it('knows its pairs', () => {
    expect(isJosaPair('이/가')).toBe(true);
    expect(isJosaPair('으로/로')).toBe(true);
    expect(isJosaPair('가/이')).toBe(false);
    expect(isJosaPair('')).toBe(false);
  });
});
