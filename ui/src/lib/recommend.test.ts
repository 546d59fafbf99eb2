import { describe, expect, it } from 'vitest';
import {
  eraOf,
  genreChoices,
  genreName,
  languageChoices,
  languageName,
  normalizePrefs,
  normalizeRecommendations,
  normalizeYear,
  satisfactionPercent,
  satisfactionText,
  toggleIn,
  trendPath,
  trendPoints,
} from './recommend';

describe('satisfaction', () => {
  it('formats the running rate with the counts', () => {
    expect(satisfactionText('en', { likes: 18, dislikes: 7, satisfaction: 0.72 })).toBe('72% liked (18 of 25 rated)');
    expect(satisfactionText('ko', { likes: 18, dislikes: 7, satisfaction: 0.72 })).toBe('72% 만족 (평가 25개 중 좋아요 18개)');
  });

  it('says there are no ratings before the first one', () => {
    expect(satisfactionText('en', { likes: 0, dislikes: 0, satisfaction: null })).toBe('No ratings yet');
    expect(satisfactionPercent({ likes: 0, dislikes: 0, satisfaction: null })).toBeNull();
  });

  it('computes the rate when the back end gives none, and rounds', () => {
    expect(satisfactionPercent({ likes: 2, dislikes: 1, satisfaction: null })).toBe(67);
    expect(satisfactionPercent({ likes: 1, dislikes: 0, satisfaction: 1 })).toBe(100);
    expect(satisfactionText('en', { likes: 1, dislikes: 2, satisfaction: 1 / 3 })).toBe('33% liked (1 of 3 rated)');
  });
});

describe('weekly trend', () => {
  it('places rated weeks left to right with 100% at the top, skipping weeks without ratings', () => {
    const pts = trendPoints(
      [
        { week: '2026-11-02', likes: 1, rated: 2 },
        { week: '2026-11-09', likes: 0, rated: 0 },
        { week: '2026-11-16', likes: 3, rated: 3 },
        { week: '2026-11-23', likes: 0, rated: 1 },
      ],
      100,
      50,
      5,
    );
    expect(pts.map((p) => [p.week, p.x, p.y, p.percent])).toEqual([
      ['2026-11-02', 5, 25, 50],
      ['2026-11-16', 50, 5, 100],
      ['2026-11-23', 95, 45, 0],
    ]);
    expect(trendPath(pts)).toBe('M5 25 L50 5 L95 45');
  });

  it('has no points without ratings and centres a single week', () => {
    expect(trendPoints([], 100, 50)).toEqual([]);
    expect(trendPoints([{ week: '2026-11-02', likes: 1, rated: 1 }], 100, 50, 0)[0]).toMatchObject({ x: 50, y: 0 });
  });
});

describe('onboarding choices', () => {
  it('offers the top genres, lower-cased and unique, plus chosen ones', () => {
    const many = Array.from({ length: 30 }, (_, i) => `g${i}`);
    expect(genreChoices(many)).toHaveLength(16);
    expect(genreChoices(['Drama', 'drama', ' comedy '], ['jazz'])).toEqual(['drama', 'comedy', 'jazz']);
  });

  it('offers Korean and English first, then the catalogue languages', () => {
    expect(languageChoices(['en', 'ja', 'ko', 'fr', 'es', 'zh', 'de'])).toEqual(['ko', 'en', 'ja', 'fr', 'es', 'zh']);
    expect(languageChoices([], ['it'])).toEqual(['ko', 'en', 'it']);
  });

  it('names genres and languages in the UI language', () => {
    expect(['drama', 'shoegaze'].map((g) => genreName('en', g))).toEqual(['Drama', 'Shoegaze']);
    expect(['drama', 'science fiction'].map((g) => genreName('ko', g))).toEqual(['드라마', 'SF']);
    expect(['ko', 'ja'].map((l) => languageName('en', l))).toEqual(['Korean', 'Japanese']);
    expect(languageName('ko', 'en')).toBe('영어');
  });

  it('knows the era presets', () => {
    expect(eraOf(null, null)).toBe('any');
    expect(eraOf(null, 1989)).toBe('before1990');
    expect(eraOf(2000, 2009)).toBe('2000s');
    expect(eraOf(2010, null)).toBe('2010s');
    expect(eraOf(1995, 2005)).toBeNull();
  });

  it('reads years from inputs', () => {
    expect(normalizeYear('1999')).toBe(1999);
    expect(normalizeYear(' ')).toBeNull();
    expect(normalizeYear('19x9')).toBeNull();
    expect(normalizeYear(12)).toBeNull();
    expect(normalizeYear(2024.5)).toBeNull();
  });

  it('toggles a value in a list', () => {
    expect(toggleIn(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggleIn(['a', 'b'], 'a')).toEqual(['b']);
  });
});

describe('normalising answers', () => {
  it('fills missing prefs fields and orders the years', () => {
    expect(normalizePrefs(null)).toEqual({ genres: [], languages: [], from_year: null, to_year: null, strategy: null, onboarded: false });
    expect(normalizePrefs({ genres: ['drama', 'drama', 3], from_year: 2010, to_year: 1990, strategy: 'lift', onboarded: true })).toEqual({
      genres: ['drama'],
      languages: [],
      from_year: 1990,
      to_year: 2010,
      strategy: 'lift',
      onboarded: true,
    });
  });

  it('drops malformed cards and fills optional fields', () => {
    const r = normalizeRecommendations({
      entry_id: 3,
      strategy: 'lift',
      movies: [{ id: 'a', kind: 'movie', title: 'A', why: 'because', genres: ['drama'], score: 1 }, { id: 5 }],
      music: [],
    });
    expect(r?.movies).toHaveLength(1);
    expect(r?.movies[0]).toMatchObject({ creator: null, year: null, link: null, feedback: null, emotions: [] });
    expect(r?.strategy).toBe('lift');
    expect(normalizeRecommendations({ movies: [] })).toBeNull();
  });

  it('keeps comfort, songs\' energy and valence, and titles\' audience; drops bad values', () => {
    const song = { id: 's', kind: 'music', title: 'S', why: 'w', genres: [], score: 1 };
    const r = normalizeRecommendations({
      entry_id: 3,
      strategy: 'comfort',
      movies: [{ id: 'm', kind: 'movie', title: 'M', why: 'w', genres: [], score: 1, audience: 'preschool' }],
      music: [
        { ...song, energy: 0.3, valence: 0.6 },
        { ...song, id: 't', energy: 1.7, valence: 'high', audience: 'everyone' },
      ],
    });
    expect(r?.strategy).toBe('comfort');
    expect(r?.movies[0]).toMatchObject({ audience: 'preschool', energy: null, valence: null });
    expect(r?.music[0]).toMatchObject({ energy: 0.3, valence: 0.6, audience: null });
    expect(r?.music[1]).toMatchObject({ energy: null, valence: null, audience: null });
    expect(normalizeRecommendations({ entry_id: 3, strategy: 'party', movies: [], music: [] })?.strategy).toBe('match');
  });
});
