import { describe, expect, it } from 'vitest';
import { GO_EMOTIONS } from './emotions';
import { emotionName } from './i18n';
import {
  NO_FILTERS,
  activeFilterCount,
  buildSearchRequest,
  emotionOptions,
  hasFilters,
  normalizeFilters,
} from './searchFilters';

describe('search filters', () => {
  it('does not search for a blank query without filters', () => {
    expect(buildSearchRequest('', NO_FILTERS, 50)).toBeNull();
    expect(buildSearchRequest('   ', { emotion: '', from: '', to: '', tag: ' # ' }, 50)).toBeNull();
    expect(buildSearchRequest(' ', { emotion: 'nope', from: 'x', to: null, tag: null }, 50)).toBeNull();
  });

  it('searches text alone, with null filters', () => {
    expect(buildSearchRequest(' 바다 ', NO_FILTERS, 50)).toEqual({ query: '바다', limit: 50, emotion: null, from: null, to: null, tag: null });
  });

  it('lists by filters alone with a blank query', () => {
    expect(buildSearchRequest('', { emotion: 'sadness', from: '2026-03-01', to: '2026-03-31', tag: null }, 50)).toEqual({
      query: '',
      limit: 50,
      emotion: 'sadness',
      from: '2026-03-01',
      to: '2026-03-31',
      tag: null,
    });
    expect(buildSearchRequest('', { emotion: null, from: null, to: '2026-03-31', tag: null }, null)).toEqual({
      query: '',
      limit: null,
      emotion: null,
      from: null,
      to: '2026-03-31',
      tag: null,
    });
  });

  it('lists the entries carrying a tag, named as the back end compares tags', () => {
    expect(buildSearchRequest('', { ...NO_FILTERS, tag: '#Family ' }, 50)).toEqual({
      query: '',
      limit: 50,
      emotion: null,
      from: null,
      to: null,
      tag: 'family',
    });
    expect(normalizeFilters({ tag: '#운동' }).tag).toBe('운동');
    expect(normalizeFilters({ tag: '##' }).tag).toBeNull();
    expect(activeFilterCount({ ...NO_FILTERS, tag: '운동' })).toBe(1);
  });

  it('normalises: empty strings, unknown emotions, reversed ranges', () => {
    expect(normalizeFilters({ emotion: '', from: '', to: '' })).toEqual(NO_FILTERS);
    expect(normalizeFilters({ emotion: 'Sadness' }).emotion).toBeNull();
    expect(normalizeFilters({ from: '2026-04-01', to: '2026-03-01' })).toEqual({ emotion: null, from: '2026-03-01', to: '2026-04-01', tag: null });
  });

  it('counts active filters', () => {
    expect(activeFilterCount(NO_FILTERS)).toBe(0);
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(activeFilterCount({ emotion: 'joy', from: '2026-01-01', to: null, tag: null })).toBe(2);
    expect(hasFilters({ emotion: null, from: null, to: '2026-01-01', tag: null })).toBe(true);
  });

  it('offers the 28 labels sorted by their name in the UI language', () => {
    for (const lang of ['en', 'ko'] as const) {
      const opts = emotionOptions((l) => emotionName(lang, l), lang);
      expect(opts).toHaveLength(28);
      expect(new Set(opts.map((o) => o.value))).toEqual(new Set(GO_EMOTIONS));
      const names = opts.map((o) => o.label);
      expect(names).toEqual([...names].sort(new Intl.Collator(lang).compare));
    }
    expect(emotionOptions((l) => emotionName('en', l), 'en')[0]).toEqual({ value: 'admiration', label: 'Admiration' });
  });
});
