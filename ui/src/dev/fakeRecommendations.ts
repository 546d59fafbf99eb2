/**
 * DEV ONLY: plausible answers of the recommendation commands for the fake back end
 * (fakeBackend.ts): a dozen made-up movies and songs, feedback that puts cards away, a strategy
 * that changes the list, tastes, a feedback history with a weekly trend, and a catalogue import
 * that reports bad rows and sends `catalogue-progress`. Nothing is fetched from anywhere.
 *
 * URL switches: ?fake=norecs (show_recommendations rejects with model_unavailable),
 * ?fake=onboarded (the tastes card is not shown at first), ?fake=feedback (a few weeks of
 * past feedback).
 */
import type { AppError } from '../bindings/AppError';
import type { CatalogueStats } from '../bindings/CatalogueStats';
import type { EntryAnalysis } from '../bindings/EntryAnalysis';
import type { EntryRecommendations } from '../bindings/EntryRecommendations';
import type { FeedbackHistory } from '../bindings/FeedbackHistory';
import type { FeedbackRecord } from '../bindings/FeedbackRecord';
import type { FeedbackValue } from '../bindings/FeedbackValue';
import type { ImportReport } from '../bindings/ImportReport';
import type { Recommendation } from '../bindings/Recommendation';
import type { RecommendationPrefs } from '../bindings/RecommendationPrefs';
import type { RowError } from '../bindings/RowError';
import type { Strategy } from '../bindings/Strategy';
import { GO_EMOTIONS } from '../lib/emotions';
import { josa } from '../lib/josa';

type Item = Omit<Recommendation, 'score' | 'why' | 'feedback'> & {
  /** Emotions the item suits when matching a mood, and the ones it lifts towards. */
  moods: string[];
};

const item = (
  id: string,
  kind: 'movie' | 'music',
  title: string,
  creator: string | null,
  year: number,
  genres: string[],
  language: string,
  moods: string[],
  source = kind === 'movie' ? 'tmdb' : 'spotify-top2000',
): Item => ({
  id,
  kind,
  title,
  creator,
  year,
  genres,
  language,
  moods,
  source,
  link: null,
  energy: kind === 'music' ? (moods.includes('excitement') ? 0.85 : moods.includes('sadness') || moods.includes('relief') ? 0.3 : 0.55) : null,
  valence: kind === 'music' ? (moods.includes('sadness') ? 0.2 : 0.7) : null,
  audience: kind === 'movie' ? (genres.includes('family') ? 'family' : 'general') : null,
  emotions: moods.slice(0, 3).map((label, i) => ({ label, weight: Math.round((0.7 - i * 0.2) * 100) / 100 })),
});

const CATALOGUE: Item[] = [
  { ...item('m-paper-lanterns', 'movie', 'Paper Lanterns', null, 2016, ['drama', 'family'], 'en', ['sadness', 'caring', 'love']), link: 'https://www.themoviedb.org/movie/0000-paper-lanterns' },
  item('m-quiet-harbour', 'movie', 'The Quiet Harbour', null, 1998, ['drama', 'romance'], 'en', ['sadness', 'grief', 'love']),
  item('m-rain-letters', 'movie', '비 오는 날의 편지', null, 2004, ['romance', 'drama'], 'ko', ['sadness', 'love', 'desire']),
  item('m-sunday-bakery', 'movie', 'Sunday Bakery', null, 2019, ['comedy', 'family'], 'en', ['joy', 'amusement', 'gratitude']),
  item('m-summer-bus', 'movie', '여름 버스', null, 2021, ['comedy', 'drama'], 'ko', ['joy', 'optimism', 'amusement']),
  item('m-night-train', 'movie', 'Night Train to Nowhere', null, 1987, ['thriller', 'mystery'], 'en', ['nervousness', 'fear', 'curiosity']),
  item('m-moon-garden', 'movie', 'The Moon Garden', null, 2012, ['fantasy', 'animation'], 'ja', ['admiration', 'curiosity', 'joy']),
  item('m-second-wind', 'movie', 'Second Wind', null, 2009, ['sport', 'drama'], 'en', ['pride', 'optimism', 'excitement'], 'netflix'),
  item('m-island', 'movie', '섬마을 선생님', null, 1995, ['drama'], 'ko', ['caring', 'gratitude', 'relief'], 'kmrd'),
  item('s-slow-morning', 'music', 'Slow Morning', 'The Linen Birds', 2015, ['indie', 'acoustic'], 'en', ['relief', 'caring', 'joy']),
  item('s-grey-sky', 'music', 'Grey Sky Lullaby', 'Mara Ellis', 2003, ['folk'], 'en', ['sadness', 'grief', 'nervousness']),
  item('s-bom', 'music', '봄날의 산책', '하늘빛', 2018, ['ballad', 'k-pop'], 'ko', ['love', 'joy', 'optimism']),
  item('s-neon', 'music', 'Neon Bicycle', 'Kite Parade', 2011, ['pop', 'dance'], 'en', ['excitement', 'joy', 'amusement']),
  item('s-letters', 'music', '편지', '윤슬', 2007, ['ballad'], 'ko', ['sadness', 'love', 'remorse']),
  item('s-lighthouse', 'music', 'Lighthouse', 'Northern Tide', 1994, ['rock'], 'en', ['optimism', 'pride', 'admiration']),
  item('s-tea', 'music', 'Tea for the Night', 'Juno Park', 2020, ['jazz'], 'en', ['relief', 'caring', 'realization']),
  item('s-run', 'music', '달려', '파란불', 2022, ['k-pop', 'dance'], 'ko', ['excitement', 'pride', 'joy']),
];

/** Feelings that comforting a hard day aims for: warm and gentle, not lively. */
const COMFORT = new Set(['caring', 'relief', 'gratitude', 'love', 'optimism', 'admiration']);

/** Feelings that lifting a mood aims for. */
const LIFT = new Set(['joy', 'amusement', 'optimism', 'excitement', 'gratitude', 'relief', 'pride', 'love', 'admiration']);

const flags = new Set((new URLSearchParams(location.search).get('fake') ?? '').split(',').filter(Boolean));

let prefs: RecommendationPrefs = {
  genres: [],
  languages: [],
  from_year: null,
  to_year: null,
  strategy: null,
  onboarded: flags.has('onboarded'),
};
const feedback: FeedbackRecord[] = flags.has('feedback') ? pastFeedback() : [];
/** not-now lasts for the page's life here (the real back end waits a while). */
const later = new Set<string>();
let userItems: Item[] = [];
let shownCount = feedback.length + 14;

function pastFeedback(): FeedbackRecord[] {
  const out: FeedbackRecord[] = [];
  const values: FeedbackValue[] = ['like', 'like', 'dislike', 'like', 'seen', 'like', 'dislike', 'like', 'not-now', 'like', 'like', 'dislike'];
  values.forEach((value, i) => {
    const it = CATALOGUE[(i * 5) % CATALOGUE.length];
    const at = new Date(Date.now() - (values.length - i) * 2.5 * 86_400_000);
    out.unshift({ item_id: it.id, kind: it.kind, title: it.title, creator: it.creator, value, created_at: at.toISOString() });
  });
  return out;
}

function fail(code: AppError['code'], message: string): never {
  throw { code, message } satisfies AppError;
}

function why(it: Item, strategy: Strategy, top: string[], lang: string, names: (l: string) => string): string {
  const shared = it.moods.filter((m) => top.includes(m));
  const feel = names(shared[0] ?? it.moods[0]);
  const day = names(top[0] ?? 'neutral');
  if (lang === 'ko') {
    if (strategy === 'comfort') return `${josa(day, '이/가')} 느껴지는 하루라 잔잔하고 따뜻한 ${feel}의 작품을 골랐어요.`;
    return strategy === 'match'
      ? `오늘 글의 ${josa(day, '과/와')} 닮은 ${feel}의 분위기를 지녔어요.`
      : `${josa(day, '이/가')} 느껴지는 하루에, ${josa(feel, '을/를')} 조금 건네줄 수 있어요.`;
  }
  if (strategy === 'comfort') return `Something gentle for a day of ${day.toLowerCase()}: it feels ${feel.toLowerCase()}.`;
  return strategy === 'match'
    ? `Shares the ${feel.toLowerCase()} your entry carries today.`
    : `On a day of ${day.toLowerCase()}, it may bring a little ${feel.toLowerCase()}.`;
}

/** The fake ranking: overlap with the entry's strongest feelings (match), or with uplifting ones (lift). */
export function fakeRecommendations(
  args: Record<string, unknown>,
  analysis: EntryAnalysis | undefined,
  names: (lang: string, label: string) => string,
): EntryRecommendations {
  if (flags.has('norecs')) fail('model_unavailable', 'the recommendation vectors are not built yet');
  const entryId = args.entryId as number;
  const strategy: Strategy =
    args.strategy === 'lift' || args.strategy === 'match' || args.strategy === 'comfort' ? args.strategy : (prefs.strategy ?? 'match');
  const lang = args.lang === 'ko' ? 'ko' : 'en';
  if (!analysis || analysis.stale) return { entry_id: entryId, strategy, movies: [], music: [] };
  const top = analysis.probs
    .map((p, i) => ({ label: GO_EMOTIONS[i] as string, p }))
    .sort((a, b) => b.p - a.p)
    .slice(0, 4)
    .map((x) => x.label);
  const away = new Set(feedback.filter((f) => f.value === 'dislike' || f.value === 'seen').map((f) => f.item_id));
  const liked = new Set(feedback.filter((f) => f.value === 'like').map((f) => f.item_id));
  const score = (it: Item) => {
    const aim = strategy === 'comfort' ? COMFORT : LIFT;
    const base = strategy === 'match' ? it.moods.filter((m) => top.includes(m)).length : it.moods.filter((m) => aim.has(m)).length;
    const taste =
      (prefs.genres.some((g) => it.genres.includes(g)) ? 0.8 : 0) +
      (it.language && prefs.languages.includes(it.language) ? 0.5 : 0) +
      ((prefs.from_year === null || (it.year ?? 0) >= prefs.from_year) && (prefs.to_year === null || (it.year ?? 0) <= prefs.to_year) ? 0.3 : 0);
    return base + taste + (liked.has(it.id) ? 0.4 : 0) + (it.id.length % 7) / 20;
  };
  const pick = (kind: 'movie' | 'music') =>
    [...CATALOGUE, ...userItems]
      .filter((it) => it.kind === kind && !away.has(it.id) && !later.has(it.id))
      .map((it) => ({ it, s: score(it) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, 3)
      .map(({ it, s }): Recommendation => {
        const { moods: _m, ...rest } = it;
        return {
          ...rest,
          score: Math.round(s * 100) / 100,
          why: why(it, strategy, top, lang, (l) => names(lang, l)),
          feedback: liked.has(it.id) ? 'like' : null,
        };
      });
  const answer = { entry_id: entryId, strategy, movies: pick('movie'), music: pick('music') };
  shownCount += answer.movies.length + answer.music.length;
  return answer;
}

export function fakeSendFeedback(args: Record<string, unknown>): null {
  const itemId = String(args.itemId);
  const value = args.value as FeedbackValue;
  if (!['like', 'dislike', 'seen', 'not-now'].includes(value)) fail('invalid_input', `unknown feedback ${String(value)}`);
  const it = [...CATALOGUE, ...userItems].find((x) => x.id === itemId);
  if (!it) fail('not_found', `no catalogue item ${itemId}`);
  if (value === 'not-now') later.add(itemId);
  feedback.unshift({ item_id: it.id, kind: it.kind, title: it.title, creator: it.creator, value, created_at: new Date().toISOString() });
  return null;
}

function mondayOf(d: Date): string {
  const m = new Date(d);
  m.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return `${m.getFullYear()}-${String(m.getMonth() + 1).padStart(2, '0')}-${String(m.getDate()).padStart(2, '0')}`;
}

export function fakeFeedbackHistory(): FeedbackHistory {
  const likes = feedback.filter((f) => f.value === 'like').length;
  const dislikes = feedback.filter((f) => f.value === 'dislike').length;
  const weeks = new Map<string, { likes: number; rated: number }>();
  for (const f of [...feedback].reverse()) {
    if (f.value !== 'like' && f.value !== 'dislike') continue;
    const w = mondayOf(new Date(f.created_at));
    const p = weeks.get(w) ?? { likes: 0, rated: 0 };
    p.rated++;
    if (f.value === 'like') p.likes++;
    weeks.set(w, p);
  }
  return {
    records: feedback.map((f) => ({ ...f })),
    likes,
    dislikes,
    shown: shownCount,
    satisfaction: likes + dislikes > 0 ? likes / (likes + dislikes) : null,
    weekly: [...weeks].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([week, p]) => ({ week, ...p })),
  };
}

export const fakePrefs = (): RecommendationPrefs => ({ ...prefs });

export function fakeSetPrefs(args: Record<string, unknown>): RecommendationPrefs {
  prefs = { ...(args.prefs as RecommendationPrefs) };
  return { ...prefs };
}

export function fakeResetLearning(): null {
  feedback.length = 0;
  later.clear();
  return null;
}

export function fakeCatalogueStats(): CatalogueStats {
  const all = [...CATALOGUE, ...userItems];
  const count = new Map<string, number>();
  for (const it of all) for (const g of it.genres) count.set(g, (count.get(g) ?? 0) + 1);
  return {
    movies: 48_213 + all.filter((x) => x.kind === 'movie').length,
    music: 113_950 + all.filter((x) => x.kind === 'music').length,
    user_items: userItems.length,
    stale_items: 0,
    genres: [
      ...[...count].sort((a, b) => b[1] - a[1]).map(([g]) => g),
      ...['action', 'horror', 'science fiction', 'documentary', 'hip hop', 'r&b', 'classical', 'animation'],
    ].filter((g, i, a) => a.indexOf(g) === i),
    languages: ['en', 'ko', 'ja', 'fr', 'es', 'zh'],
    model_sha256: 'f4ke0000000000000000000000000000000000000000000000000000000000',
  };
}

/** A forgiving CSV/JSON reader: rows need a title and a kind; a year must be a number. */
export async function fakeImport(args: Record<string, unknown>, send: (event: string, payload: unknown) => void): Promise<ImportReport> {
  const name = String(args.fileName ?? '');
  const text = String(args.contents ?? '');
  let rows: Array<Record<string, unknown>>;
  let firstRow = 1;
  if (/\.json$/i.test(name)) {
    try {
      const parsed = JSON.parse(text);
      if (!Array.isArray(parsed)) fail('invalid_input', 'the JSON file must hold a list of items');
      rows = parsed;
    } catch (e) {
      if ((e as AppError).code) throw e;
      fail('invalid_input', `not valid JSON: ${(e as Error).message}`);
    }
  } else if (/\.csv$/i.test(name)) {
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    const header = (lines.shift() ?? '').split(',').map((h) => h.trim().toLowerCase());
    if (!header.includes('title')) fail('invalid_input', 'the CSV header has no "title" column');
    rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i] ?? `col${i}`, v.trim()])));
    firstRow = 2;
  } else {
    fail('invalid_input', 'choose a .csv or .json file');
  }
  const errors: RowError[] = [];
  const added: Item[] = [];
  const total = rows.length;
  for (let i = 0; i < total; i++) {
    const r = rows[i] ?? {};
    const row = i + firstRow;
    const title = String(r.title ?? '').trim();
    const kind = String(r.kind ?? 'movie').trim();
    const year = r.year === undefined || r.year === '' ? null : Number(r.year);
    if (!title) errors.push({ row, reason: 'title is empty' });
    else if (kind !== 'movie' && kind !== 'music') errors.push({ row, reason: `kind must be "movie" or "music", not "${kind}"` });
    else if (year !== null && !Number.isInteger(year)) errors.push({ row, reason: 'year is not a number' });
    else {
      const genres = String(r.genres ?? r.genre ?? '')
        .split(/[|;]/)
        .map((g) => g.trim().toLowerCase())
        .filter(Boolean);
      added.push({
        ...item(`user-${Date.now()}-${i}`, kind, title, typeof r.creator === 'string' && r.creator ? r.creator : null, year ?? 0, genres, String(r.language ?? 'en'), ['joy', 'relief', 'caring'], 'user'),
        year,
      });
    }
    if (i % 5 === 4 || i === total - 1) {
      send('catalogue-progress', { done: i + 1, total, finished: false });
      await new Promise((res) => setTimeout(res, 120));
    }
  }
  userItems = [...userItems, ...added];
  send('catalogue-progress', { done: total, total, finished: true });
  return { imported: added.length, errors };
}
