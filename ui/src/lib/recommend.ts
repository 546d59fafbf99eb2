/**
 * Pure helpers of the recommendations panel: validating answers, the onboarding choices
 * (genres, languages, eras), the satisfaction text and the weekly trend line.
 */
import type { Audience } from '../bindings/Audience';
import type { CatalogueProgress } from '../bindings/CatalogueProgress';
import type { EntryRecommendations } from '../bindings/EntryRecommendations';
import type { FeedbackHistory } from '../bindings/FeedbackHistory';
import type { FeedbackValue } from '../bindings/FeedbackValue';
import type { Recommendation } from '../bindings/Recommendation';
import type { RecommendationPrefs } from '../bindings/RecommendationPrefs';
import type { SatisfactionPoint } from '../bindings/SatisfactionPoint';
import type { Strategy } from '../bindings/Strategy';
import { localeOf } from './dates';
import { messages, translate, type Lang, type MessageKey } from './i18n';

export const STRATEGIES: readonly Strategy[] = ['match', 'comfort', 'lift'];
export const FEEDBACK_VALUES: readonly FeedbackValue[] = ['like', 'dislike', 'seen', 'not-now'];

/** How many genre chips the onboarding card offers. */
export const TOP_GENRES = 16;
/** How many language chips (Korean and English first). */
export const TOP_LANGUAGES = 6;
/** Bigger catalogue files are refused before they are read (the webview would freeze). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** Years a person can type (anything else is "no limit"). */
export const MIN_YEAR = 1870;
export const MAX_YEAR = 2100;

export const DEFAULT_PREFS: RecommendationPrefs = {
  genres: [],
  languages: [],
  from_year: null,
  to_year: null,
  strategy: null,
  onboarded: false,
};

export function isStrategy(v: unknown): v is Strategy {
  return (STRATEGIES as readonly unknown[]).includes(v);
}

export function isFeedbackValue(v: unknown): v is FeedbackValue {
  return (FEEDBACK_VALUES as readonly unknown[]).includes(v);
}

const AUDIENCES: readonly Audience[] = ['preschool', 'kids', 'family', 'general'];

function isAudience(v: unknown): v is Audience {
  return (AUDIENCES as readonly unknown[]).includes(v);
}

/** A number in [0, 1] (a song's energy or valence), else null. */
function unitOrNull(v: unknown): number | null {
  return typeof v === 'number' && v >= 0 && v <= 1 ? v : null;
}

function isRecommendation(v: unknown): v is Recommendation {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.id === 'string' &&
    (r.kind === 'movie' || r.kind === 'music') &&
    typeof r.title === 'string' &&
    typeof r.why === 'string' &&
    Array.isArray(r.genres)
  );
}

/** A well-formed answer of show_recommendations (malformed cards are dropped), or null. */
export function normalizeRecommendations(v: unknown): EntryRecommendations | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Record<string, unknown>;
  if (typeof r.entry_id !== 'number' || !Array.isArray(r.movies) || !Array.isArray(r.music)) return null;
  const clean = (list: unknown[]) =>
    list.filter(isRecommendation).map((x) => ({
      ...x,
      genres: x.genres.filter((g): g is string => typeof g === 'string'),
      emotions: Array.isArray(x.emotions) ? x.emotions : [],
      creator: typeof x.creator === 'string' && x.creator ? x.creator : null,
      year: typeof x.year === 'number' && Number.isFinite(x.year) ? x.year : null,
      link: typeof x.link === 'string' && x.link ? x.link : null,
      feedback: isFeedbackValue(x.feedback) ? x.feedback : null,
      energy: unitOrNull(x.energy),
      valence: unitOrNull(x.valence),
      audience: isAudience(x.audience) ? x.audience : null,
    }));
  return {
    entry_id: r.entry_id,
    strategy: isStrategy(r.strategy) ? r.strategy : 'match',
    movies: clean(r.movies),
    music: clean(r.music),
  };
}

/** Prefs with every field present and a sensible year range (from ≤ to). */
export function normalizePrefs(v: unknown): RecommendationPrefs {
  if (!v || typeof v !== 'object') return { ...DEFAULT_PREFS };
  const p = v as Partial<RecommendationPrefs>;
  const strings = (a: unknown) =>
    Array.isArray(a) ? [...new Set(a.filter((x): x is string => typeof x === 'string' && x.trim() !== ''))] : [];
  let from = normalizeYear(p.from_year);
  let to = normalizeYear(p.to_year);
  if (from !== null && to !== null && from > to) [from, to] = [to, from];
  return {
    genres: strings(p.genres),
    languages: strings(p.languages),
    from_year: from,
    to_year: to,
    strategy: isStrategy(p.strategy) ? p.strategy : null,
    onboarded: p.onboarded === true,
  };
}

/** A year from a number input (or a stored value); blank or out of range → null. */
export function normalizeYear(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < MIN_YEAR || n > MAX_YEAR) return null;
  return n;
}

export function isProgress(v: unknown): v is CatalogueProgress {
  const p = v as Partial<CatalogueProgress> | null;
  return !!p && typeof p.done === 'number' && typeof p.total === 'number' && typeof p.finished === 'boolean';
}

/** Adds `value` to the list, or removes it when it is there. */
export function toggleIn(list: readonly string[], value: string): string[] {
  return list.includes(value) ? list.filter((x) => x !== value) : [...list, value];
}

// ─── eras ───────────────────────────────────────────────────────────────────

export type EraId = 'any' | 'before1990' | '1990s' | '2000s' | '2010s';
export type Era = { id: EraId; from: number | null; to: number | null; label: MessageKey };

export const ERAS: readonly Era[] = [
  { id: 'any', from: null, to: null, label: 'recs.eraAny' },
  { id: 'before1990', from: null, to: 1989, label: 'recs.eraBefore1990' },
  { id: '1990s', from: 1990, to: 1999, label: 'recs.era1990s' },
  { id: '2000s', from: 2000, to: 2009, label: 'recs.era2000s' },
  { id: '2010s', from: 2010, to: null, label: 'recs.era2010s' },
];

/** The preset a year range is, or null for a custom range. */
export function eraOf(from: number | null, to: number | null): EraId | null {
  return ERAS.find((e) => e.from === from && e.to === to)?.id ?? null;
}

// ─── chips ──────────────────────────────────────────────────────────────────

/** The genre chips: the catalogue's most common ones, plus any chosen one not among them. */
export function genreChoices(catalogue: readonly string[], chosen: readonly string[] = [], n = TOP_GENRES): string[] {
  const top = [...new Set(catalogue.map((g) => g.trim().toLowerCase()).filter(Boolean))].slice(0, n);
  for (const g of chosen) if (!top.includes(g)) top.push(g);
  return top;
}

/** The language chips: Korean and English first, then the catalogue's others, plus any chosen one. */
export function languageChoices(catalogue: readonly string[], chosen: readonly string[] = [], n = TOP_LANGUAGES): string[] {
  const out = ['ko', 'en'];
  for (const raw of catalogue) {
    const l = raw.trim().toLowerCase();
    if (l && !out.includes(l) && out.length < n) out.push(l);
  }
  for (const l of chosen) if (!out.includes(l)) out.push(l);
  return out;
}

/** Whether the message tables hold `key` (for data-driven keys). */
function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(messages.en, key);
}

/** A genre name in `lang` (genres the tables do not know are shown as they are, capitalised). */
export function genreName(lang: Lang, genre: string): string {
  const key = `genre.${genre.toLowerCase()}`;
  if (hasKey(key)) return translate(lang, key);
  return genre.charAt(0).toUpperCase() + genre.slice(1);
}

const displayNames = new Map<Lang, Intl.DisplayNames | null>();

/** A language name in `lang` ("ko" → "Korean" / "한국어"); unknown codes are shown upper case. */
export function languageName(lang: Lang, code: string): string {
  if (code === 'ko') return translate(lang, 'recs.langKo');
  if (code === 'en') return translate(lang, 'recs.langEn');
  let dn = displayNames.get(lang);
  if (dn === undefined) {
    try {
      dn = new Intl.DisplayNames([lang === 'ko' ? 'ko-KR' : 'en-US'], { type: 'language' });
    } catch {
      dn = null;
    }
    displayNames.set(lang, dn);
  }
  try {
    const name = dn?.of(code);
    if (name && name !== code) return name;
  } catch {
    /* not a language code */
  }
  return code.toUpperCase();
}

export const FEEDBACK_LABEL: Record<FeedbackValue, MessageKey> = {
  like: 'recs.valueLike',
  dislike: 'recs.valueDislike',
  seen: 'recs.valueSeen',
  'not-now': 'recs.valueNotNow',
};

// ─── satisfaction ───────────────────────────────────────────────────────────

/** Whole percent of likes among rated cards, or null before the first rating. */
export function satisfactionPercent(h: Pick<FeedbackHistory, 'likes' | 'dislikes' | 'satisfaction'>): number | null {
  const rated = h.likes + h.dislikes;
  if (rated <= 0) return null;
  const rate = typeof h.satisfaction === 'number' && Number.isFinite(h.satisfaction) ? h.satisfaction : h.likes / rated;
  return Math.round(Math.min(1, Math.max(0, rate)) * 100);
}

/** "72% liked (18 of 25 rated)", or "No ratings yet". */
export function satisfactionText(lang: Lang, h: Pick<FeedbackHistory, 'likes' | 'dislikes' | 'satisfaction'>): string {
  const percent = satisfactionPercent(h);
  if (percent === null) return translate(lang, 'recs.satisfactionNone');
  return translate(lang, 'recs.satisfaction', { percent, likes: h.likes, rated: h.likes + h.dislikes });
}

export type TrendPoint = { week: string; x: number; y: number; percent: number; likes: number; rated: number };

/**
 * The weekly satisfaction as points of a `width`×`height` box (weeks without ratings are left
 * out; 100% is at the top, with `pad` pixels kept free around the line).
 */
export function trendPoints(weekly: readonly SatisfactionPoint[], width: number, height: number, pad = 4): TrendPoint[] {
  const rated = weekly.filter((w) => w.rated > 0);
  if (rated.length === 0) return [];
  const step = rated.length > 1 ? (width - 2 * pad) / (rated.length - 1) : 0;
  return rated.map((w, i) => {
    const rate = Math.min(1, Math.max(0, w.likes / w.rated));
    const x = rated.length > 1 ? pad + i * step : width / 2;
    const y = pad + (1 - rate) * (height - 2 * pad);
    return { week: w.week, x: round(x), y: round(y), percent: Math.round(rate * 100), likes: w.likes, rated: w.rated };
  });
}

/** An SVG path through the points. */
export function trendPath(points: readonly TrendPoint[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The local day of an RFC 3339 time: "Nov 21, 2026" / "2026. 11. 21."; empty when unparsable. */
export function formatFeedbackDate(rfc3339: string, lang: Lang): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(localeOf(lang), { year: 'numeric', month: 'short', day: 'numeric' }).format(d);
}
