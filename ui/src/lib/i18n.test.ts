import { describe, expect, it } from 'vitest';
import { emotionName, LANGS, messages, placeholders, resolveLang, translate, type MessageKey } from './i18n';
import { isJosaPair } from './josa';

describe('i18n tables', () => {
  it('English and Korean have exactly the same keys', () => {
    const en = Object.keys(messages.en).sort();
    const ko = Object.keys(messages.ko).sort();
    expect(ko).toEqual(en);
    expect(en.length).toBeGreaterThan(40);
  });

  it('every message is non-empty and uses the same placeholders in both languages', () => {
    for (const key of Object.keys(messages.en) as MessageKey[]) {
      for (const lang of LANGS) {
        const msg = messages[lang][key];
        const text = typeof msg === 'string' ? msg : msg.other;
        expect(text.trim(), `${lang}:${key}`).not.toBe('');
      }
      expect(placeholders(messages.ko[key]), key).toEqual(placeholders(messages.en[key]));
    }
  });

  it('writes Korean particles through {name|이/가}, never as "이(가)"', () => {
    for (const [key, msg] of Object.entries(messages.ko)) {
      const texts = typeof msg === 'string' ? [msg] : [msg.one ?? '', msg.other];
      for (const text of texts) {
        expect(text, key).not.toMatch(/[이을은과]\([가를는와]\)|으\(로\)|\((이|을|은|과|으)\)/);
        for (const m of text.matchAll(/\{\w+\|([^}]*)\}/g)) expect(isJosaPair(m[1]), `${key}: ${m[1]}`).toBe(true);
      }
    }
  });

  it('has the guidance of the error screen', () => {
    expect(translate('en', 'fatal.guidance')).toBe(
      'Haru did not change this file. Restore it from a backup or move it away, then start Haru again.',
    );
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('en', 'status.error', { message: 'disk full' })).toBe('Not saved: disk full');
    expect(translate('ko', 'status.error', { message: '디스크' })).toBe('저장 안 됨: 디스크');
  });
  it('chooses plural forms and formats numbers', () => {
    expect(translate('en', 'editor.words', { count: 1 })).toBe('1 word');
    expect(translate('en', 'editor.words', { count: 1234 })).toBe('1,234 words');
    expect(translate('ko', 'editor.words', { count: 1 })).toBe('1단어');
    expect(translate('ko', 'editor.chars', { count: 12 })).toBe('12자');
  });
  it('puts the particle that fits after a filled value', () => {
    expect(translate('ko', 'history.showPeaks', { emotion: emotionName('ko', 'joy') })).toBe('기쁨이 뚜렷했던 글 보기');
    expect(translate('ko', 'history.showPeaks', { emotion: emotionName('ko', 'anger') })).toBe('분노가 뚜렷했던 글 보기');
    expect(translate('ko', 'history.drilldown', { emotion: emotionName('ko', 'gratitude') })).toBe('감사가 가장 뚜렷했던 글');
    expect(translate('ko', 'history.drillEmpty', { emotion: emotionName('ko', 'sadness') })).toBe(
      '이 기간에는 슬픔이 뚜렷했던 글이 없어요.',
    );
    // English has no particles: the same key names the emotion plainly.
    expect(translate('en', 'history.showPeaks', { emotion: 'Joy' })).toBe('Show entries where Joy peaked');
    // The bar does not hide the name from the placeholder check.
    expect(placeholders('{emotion|이/가} 보기')).toEqual(['emotion']);
  });
  it('leaves unknown placeholders alone', () => {
    expect(translate('en', 'status.error')).toBe('Not saved: {message}');
  });
});

describe('resolveLang', () => {
  it('prefers the saved setting', () => {
    expect(resolveLang('ko', 'en-US')).toBe('ko');
    expect(resolveLang('en', 'ko-KR')).toBe('en');
  });
  it('follows the OS locale otherwise', () => {
    expect(resolveLang(null, 'ko-KR')).toBe('ko');
    expect(resolveLang(null, 'ko')).toBe('ko');
    expect(resolveLang(undefined, 'en-GB')).toBe('en');
    expect(resolveLang(null, 'fr')).toBe('en');
    expect(resolveLang('xx', undefined)).toBe('en');
  });
});
