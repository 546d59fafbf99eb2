import { describe, expect, it } from 'vitest';
import { isJosaPair, josa, josaFor } from './josa';

describe('josa', () => {
  it('follows the final consonant of the last Hangul syllable', () => {
    expect(josa('기쁨', '이/가')).toBe('기쁨이');
    expect(josa('분노', '이/가')).toBe('분노가');
    expect(josa('슬픔', '을/를')).toBe('슬픔을');
    expect(josa('두려움', '은/는')).toBe('두려움은');
    expect(josa('놀라움', '과/와')).toBe('놀라움과');
    expect(josa('사랑', '과/와')).toBe('사랑과');
    expect(josa('감사', '과/와')).toBe('감사와');
    expect(josa('희망', '을/를')).toBe('희망을');
    expect(josa('호기심', '은/는')).toBe('호기심은');
    expect(josa('자부심', '이/가')).toBe('자부심이');
    expect(josa('안도', '을/를')).toBe('안도를');
    expect(josa('중립', '은/는')).toBe('중립은');
  });

  it('takes 로 after ㄹ and after a vowel, 으로 after other consonants', () => {
    expect(josa('서울', '으로/로')).toBe('서울로');
    expect(josa('바다', '으로/로')).toBe('바다로');
    expect(josa('기쁨', '으로/로')).toBe('기쁨으로');
    expect(josa('서울', '이/가')).toBe('서울이');
  });

  it('uses the whole last syllable block range', () => {
    expect(josaFor('가', '이/가')).toBe('가'); // U+AC00, no final
    expect(josaFor('힣', '이/가')).toBe('이'); // U+D7A3, final ㅎ
  });

  it('reads digits and Latin letters the Korean way', () => {
    expect(josa('1', '이/가')).toBe('1이');
    expect(josa('2', '이/가')).toBe('2가');
    expect(josa('10', '을/를')).toBe('10을');
    expect(josa('2024', '은/는')).toBe('2024는');
    expect(josa('7', '으로/로')).toBe('7로');
    expect(josa('3', '으로/로')).toBe('3으로');
    expect(josa('HTML', '이/가')).toBe('HTML이');
    expect(josa('MP3', '과/와')).toBe('MP3과');
    expect(josa('PC', '을/를')).toBe('PC를');
  });

  it('looks past trailing punctuation and spaces', () => {
    expect(josa('“기쁨”', '이/가')).toBe('“기쁨”이');
    expect(josa('분노 ', '이/가')).toBe('분노 가');
    expect(josa('(기쁨)', '이/가')).toBe('(기쁨)이');
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
