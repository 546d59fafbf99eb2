/**
 * DEV ONLY: an in-memory stand-in for Haru's Rust commands, so the UI can be tried with
 * `npx vite` in a plain browser. main.ts imports it only when `import.meta.env.DEV` and not
 * inside Tauri; `vite build` drops it.
 *
 * URL switches: ?fake=dberror (broken database screen), ?fake=savefail (saves fail),
 * ?fake=slow (every command takes 600 ms), ?fake=empty (no sample entries),
 * ?fake=nobackend (app_status rejects), ?fake=locked (an encrypted diary: the unlock screen;
 * the passphrase is "correct horse").
 * Emotion analysis: ?fake=noanalyser (the analyser is unavailable), ?fake=modelslow (the model
 * loads for 10 s), ?fake=unanalysed (no stored analyses: entries are analysed one by one once the
 * model is ready), ?fake=reanalysis (a background re-analysis of 340 entries runs).
 * Settings to start with: ?fake=ko / ?fake=en (language), ?fake=dark / ?fake=light (theme),
 * ?fake=large (text size), ?fake=monday (weeks start on Monday).
 * Emotion history: ?fake=history (about 200 more entries over the last 14 months, with a gap of
 * two months), ?fake=openhistory (opens the history view once the app is up).
 * Gentle care: ?fake=care (care_note answers a note of 6 heavy days until dismissed or turned off;
 * dismiss_care / set_care_enabled last for the page's life).
 * Recommendations: see fakeRecommendations.ts (?fake=norecs, ?fake=onboarded, ?fake=feedback);
 * ?fake=openfeedback opens the feedback history, ?fake=openabout the About dialog.
 * Flags combine: ?fake=reanalysis,modelslow,ko.
 */
import { emit } from '@tauri-apps/api/event';
import type { CareNote } from '../bindings/CareNote';
import type { CalibrationStatus } from '../bindings/CalibrationStatus';
import type { CheckIn } from '../bindings/CheckIn';
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import type { AnalyserStatus } from '../bindings/AnalyserStatus';
import type { AppError } from '../bindings/AppError';
import type { AppStatus } from '../bindings/AppStatus';
import type { DayCount } from '../bindings/DayCount';
import type { DisplaySettings } from '../bindings/DisplaySettings';
import type { Entry } from '../bindings/Entry';
import type { EntryAnalysis } from '../bindings/EntryAnalysis';
import type { EmotionPeak } from '../bindings/EmotionPeak';
import type { EntrySummary } from '../bindings/EntrySummary';
import type { PeriodEmotions } from '../bindings/PeriodEmotions';
import type { ReanalysisProgress } from '../bindings/ReanalysisProgress';
import type { SaveOutcome } from '../bindings/SaveOutcome';
import type { SaveRequest } from '../bindings/SaveRequest';
import type { SearchHit } from '../bindings/SearchHit';
import type { Settings } from '../bindings/Settings';
import { addDays, daysInMonth, parseISODate, toISODate, todayISO } from '../lib/dates';
import { GO_EMOTIONS } from '../lib/emotions';
import { countWords } from '../lib/wordcount';
import { emotionName } from '../lib/i18n';
import { FAKE_MODEL_ID, fakeAnalysis } from './fakeAnalysis';
import {
  fakeCatalogueStats,
  fakeFeedbackHistory,
  fakeImport,
  fakePrefs,
  fakeRecommendations,
  fakeResetLearning,
  fakeSendFeedback,
  fakeSetPrefs,
} from './fakeRecommendations';

type Stored = Entry & { trashed: boolean };

const flags = new Set((new URLSearchParams(location.search).get('fake') ?? '').split(',').filter(Boolean));

const STORE_KEY = 'haru.dev.fake';

function load(): { entries: Stored[]; settings: Settings; nextId: number } {
  try {
    const raw = sessionStorage.getItem(STORE_KEY);
    if (raw) return JSON.parse(raw);
  } catch {
    /* start over */
  }
  const language = flags.has('ko') ? 'ko' : flags.has('en') ? 'en' : null;
  const theme = flags.has('dark') ? 'dark' : flags.has('light') ? 'light' : 'system';
  const entries = flags.has('empty') ? [] : seed();
  return { entries, settings: { language, theme }, nextId: Math.max(100, entries.length + 1) };
}

function seed(): Stored[] {
  const today = todayISO();
  const samples: Array<[number, string, string]> = [
    [
      0,
      '09:12',
      '아침에 일찍 일어나서 동네 한 바퀴를 걸었다. 공기가 차갑지만 맑았고, 빵집 앞을 지날 때 갓 구운 냄새가 났다. 오후 발표 때문에 조금 긴장했다. 그래도 팀장님이 잘했다고 해 주셔서 정말 뿌듯했다! 저녁에는 엄마한테 전화해서 고맙다고 말했다. 오늘은 천천히 지내기로 했다.',
    ],
    [
      0,
      '21:40',
      'Finished the first draft of the letter to grandmother. It took three tries to get the opening right, but it finally sounds like me. I was nervous she would find it too sentimental.\n\nThen I realised she has kept every letter I ever sent her. I miss her more than I say. Tomorrow I will post it, and I am so glad I wrote it 😊',
    ],
    [-1, '22:05', '비가 와서 하루 종일 집에 있었다. 오래된 사진첩을 꺼내 보다가 제주도 여행 사진을 찾았다. 바다 색이 그대로였다.'],
    [-3, '19:30', 'Long walk by the river after work. The light on the water at sunset — I should remember to come back with a camera.'],
    [-6, '08:00', '새해 목표를 다시 읽어 보았다. 매일 조금씩 쓰기. 지금까지는 잘 지키고 있다.'],
    [-9, '23:10', 'Could not sleep. Made tea and read a few pages of the novel. Sometimes a quiet night is a gift.'],
    [-15, '12:45', '점심에 친구와 칼국수를 먹었다. 오랜만에 웃으며 이야기했다. 다음 달에 같이 바다에 가자고 약속했다.'],
  ];
  if (flags.has('history')) samples.push(...historySamples());
  return samples.map(([offset, time, body], i) => {
    const date = addDays(today, offset);
    const ts = new Date(`${date}T${time}:00`).toISOString();
    return {
      id: i + 1,
      date,
      body,
      language: /[\uac00-\ud7a3]/.test(body) ? 'ko' : 'en',
      created_at: ts,
      updated_at: ts,
      word_count: countWords(body),
      trashed: false,
    };
  });
}

/** Many more entries for the history view: most days of the last 14 months, none 4–5 months ago. */
function historySamples(): Array<[number, string, string]> {
  const bits = [
    'Had a wonderful lunch with Mina, we laughed a lot.',
    'I am so grateful for the quiet morning.',
    'Work was annoying and I felt tired all afternoon.',
    '발표 때문에 하루 종일 긴장했다.',
    '오랜만에 엄마와 통화해서 정말 고마웠다.',
    'I miss the old apartment and the people there.',
    'Finally finished the project — what a relief.',
    '비가 와서 조금 슬펐다.',
    'I was angry at myself for forgetting the appointment.',
    'Tomorrow we go to the sea, I hope the weather holds.',
    'Walked to the library and read for an hour.',
    '새로 산 화분이 예쁘게 자라고 있다.',
    'I am proud of how I handled the meeting.',
    'Suddenly remembered an old friend and felt curious about her life.',
    'I love these slow Sunday mornings.',
  ];
  const out: Array<[number, string, string]> = [];
  let seed = 7;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 1000) / 1000;
  for (let offset = -20; offset > -430; offset--) {
    if (offset < -120 && offset > -170) continue; // a gap of months
    if (rnd() < 0.45) continue;
    const season = Math.sin(offset / 40);
    const pick = (n: number) => bits[Math.floor(((rnd() + (season > 0 ? 0 : 0.35)) % 1) * n)];
    const body = [pick(bits.length), pick(bits.length), rnd() < 0.5 ? pick(bits.length) : ''].join(' ').trim();
    out.push([offset, `${String(7 + Math.floor(rnd() * 15)).padStart(2, '0')}:00`, body]);
  }
  return out;
}

const db = load();
function persist(): void {
  try {
    sessionStorage.setItem(STORE_KEY, JSON.stringify(db));
  } catch {
    /* ignore */
  }
}

function fail(code: AppError['code'], message: string): never {
  throw { code, message } satisfies AppError;
}

function summary(e: Entry): EntrySummary {
  const line = e.body.trim().replace(/\s+/g, ' ');
  return {
    id: e.id,
    date: e.date,
    preview: Array.from(line).slice(0, 140).join(''),
    language: e.language,
    created_at: e.created_at,
    updated_at: e.updated_at,
    word_count: e.word_count,
  };
}

function strip(e: Stored): Entry {
  const { trashed: _t, ...entry } = e;
  return entry;
}

const live = () => db.entries.filter((e) => !e.trashed);
const newestFirst = (a: Entry, b: Entry) =>
  a.date === b.date ? (a.created_at < b.created_at ? 1 : -1) : a.date < b.date ? 1 : -1;

function find(id: number): Stored {
  const e = db.entries.find((x) => x.id === id && !x.trashed);
  if (!e) fail('not_found', `entry ${id} not found`);
  return e;
}

const DB_PATH = '/home/you/.local/share/haru/haru.sqlite3';

// ─── emotion analysis ───────────────────────────────────────────────────────

const analyses = new Map<number, EntryAnalysis>();
let analyser: AnalyserStatus = flags.has('noanalyser')
  ? { state: 'unavailable', message: 'the emotion model (models/goemotions-int8.onnx) could not be loaded' }
  : { state: 'loading' };
let progress: ReanalysisProgress = flags.has('reanalysis')
  ? { done: 12, total: 340, running: true, cancelled: false }
  : { done: 0, total: 0, running: false, cancelled: false };
const analyseTimers = new Map<number, ReturnType<typeof setTimeout>>();

function send(event: string, payload: unknown): void {
  void emit(event, payload);
}

/** Analyses an entry `ms` after its last save (debounced), once the model is ready. */
function scheduleAnalysis(id: number, ms = 1500): void {
  clearTimeout(analyseTimers.get(id));
  analyseTimers.set(
    id,
    setTimeout(() => {
      analyseTimers.delete(id);
      if (analyser.state === 'unavailable') return;
      if (analyser.state === 'loading') return scheduleAnalysis(id, 500);
      const e = db.entries.find((x) => x.id === id && !x.trashed);
      if (!e) return;
      analyses.set(id, fakeAnalysis(id, e.body));
      send('analysis-updated', { entry_id: id });
    }, ms),
  );
}

function startAnalyser(): void {
  if (!flags.has('unanalysed')) for (const e of db.entries) analyses.set(e.id, fakeAnalysis(e.id, e.body));
  if (analyser.state === 'unavailable') return;
  setTimeout(
    () => {
      analyser = { state: 'ready', model_id: FAKE_MODEL_ID, labels: [...GO_EMOTIONS] };
      send('analyser-status', analyser);
      if (flags.has('unanalysed')) live().forEach((e, i) => scheduleAnalysis(e.id, 1200 * (i + 1)));
    },
    flags.has('modelslow') ? 10_000 : 700,
  );
  if (progress.running) {
    const tick = setInterval(() => {
      if (!progress.running) return clearInterval(tick);
      const done = progress.done + 1;
      progress = { ...progress, done, running: done < progress.total };
      send('reanalysis-progress', progress);
    }, 450);
  }
}

// ─── emotion history ────────────────────────────────────────────────────────

/** The ISO week of a date: "2026-W11", and its Monday and Sunday. */
function isoWeek(date: string): { period: string; start: string; end: string } {
  const d = parseISODate(date);
  const monday = new Date(d);
  monday.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  const thursday = new Date(monday);
  thursday.setDate(monday.getDate() + 3);
  const year = thursday.getFullYear();
  const jan4 = new Date(year, 0, 4, 12);
  const week1 = new Date(jan4);
  week1.setDate(jan4.getDate() - ((jan4.getDay() + 6) % 7));
  const week = Math.round((monday.getTime() - week1.getTime()) / (7 * 86_400_000)) + 1;
  const start = toISODate(monday);
  return { period: `${year}-W${String(week).padStart(2, '0')}`, start, end: addDays(start, 6) };
}

function periodOf(date: string, by: string, weekStart: unknown): { period: string; start: string; end: string } {
  if (by === 'week' && weekStart === 'sunday') {
    // Sunday to Saturday, named after the ISO week of its Monday (as the back end does).
    const sunday = addDays(date, -parseISODate(date).getDay());
    return { ...isoWeek(addDays(sunday, 1)), start: sunday, end: addDays(sunday, 6) };
  }
  if (by === 'week') return isoWeek(date);
  if (by === 'month') {
    const [y, m] = date.split('-').map(Number);
    const ym = date.slice(0, 7);
    return { period: ym, start: `${ym}-01`, end: `${ym}-${String(daysInMonth({ year: y, month: m })).padStart(2, '0')}` };
  }
  return { period: date, start: date, end: date };
}

function inRange(date: string, from: unknown, to: unknown): boolean {
  return (typeof from !== 'string' || date >= from) && (typeof to !== 'string' || date <= to);
}

function emotionHistory(a: Record<string, unknown>): PeriodEmotions[] {
  const groups = new Map<string, { p: { period: string; start: string; end: string }; weight: number; sum: number[]; entries: number }>();
  for (const e of live()) {
    const analysis = analyses.get(e.id);
    if (!analysis || !inRange(e.date, a.from, a.to)) continue;
    const p = periodOf(e.date, String(a.by), a.weekStart);
    const g = groups.get(p.period) ?? { p, weight: 0, sum: new Array(GO_EMOTIONS.length).fill(0), entries: 0 };
    const w = Math.max(1, Array.from(e.body).length);
    g.weight += w;
    g.entries++;
    analysis.probs.forEach((x, i) => (g.sum[i] += x * w));
    groups.set(p.period, g);
  }
  return [...groups.values()]
    .sort((x, y) => (x.p.start < y.p.start ? -1 : 1))
    .map((g) => ({ ...g.p, entries: g.entries, probs: g.sum.map((s) => s / g.weight) }));
}

function emotionPeaks(a: Record<string, unknown>): EmotionPeak[] {
  const i = GO_EMOTIONS.indexOf(a.label as (typeof GO_EMOTIONS)[number]);
  if (i < 0) fail('invalid_input', `unknown emotion ${String(a.label)}`);
  const limit = (a.limit as number | null) ?? 20;
  const peaks: EmotionPeak[] = [];
  for (const e of live()) {
    const analysis = analyses.get(e.id);
    if (!analysis || !inRange(e.date, a.from, a.to) || analysis.probs[i] < 0.05) continue;
    const sentences = analysis.sentences
      .map((s) => ({ text: e.body.slice(s.start, s.end), score: s.probs[i] }))
      .filter((s) => s.score >= 0.1)
      .sort((x, y) => y.score - x.score)
      .slice(0, 3);
    peaks.push({ entry: summary(e), score: analysis.probs[i], sentences });
  }
  return peaks.sort((x, y) => y.score - x.score).slice(0, limit);
}

/** Gentle care (?fake=care): the back end's rule is not imitated, only its answers. */
let careOn = true;
/** The display settings last for the page's life; ?fake=large starts with large text, ?fake=monday with Monday weeks. */
let display: DisplaySettings = {
  text_size: flags.has('large') ? 'large' : 'normal',
  week_start: flags.has('monday') ? 'monday' : null,
};
let locked = flags.has('locked');
let careDismissed = false;
function careNote(): CareNote | null {
  if (!flags.has('care') || !careOn || careDismissed) return null;
  const until = new Date();
  const since = new Date(until.getTime() - 6 * 86_400_000);
  const iso = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return { days: 6, since: iso(since), until: iso(until), emotions: ['sadness', 'nervousness'] };
}

// The writer's own word, per entry id (for the page's life).
const checkins = new Map<number, CheckIn>();
// "Learn from my corrections" (nothing is learned in the fake: it has fewer than 20 corrections).
let calibrationOn = true;
let calibrationSince: string | null = null;

const commands: Record<string, (args: Record<string, unknown>) => unknown> = {
  set_checkin: (a): CheckIn => {
    const labels = a.labels as string[];
    if (labels.length === 0) fail('invalid_input', 'pick at least one feeling');
    const c: CheckIn = {
      labels: [...labels],
      pleasant: (a.pleasant as number | null) ?? null,
      energy: (a.energy as number | null) ?? null,
      updated_at: new Date().toISOString(),
    };
    checkins.set(a.entryId as number, c);
    return c;
  },
  clear_checkin: (a) => checkins.delete(a.entryId as number),
  get_checkin: (a) => checkins.get(a.entryId as number) ?? null,
  writers_word_days: () => [],
  tag_counts: () => [],
  on_this_day: () => [],
  insights: () => [],
  show_recommendations: (a) =>
    fakeRecommendations(a, analyses.get(a.entryId as number), (lang, label) => emotionName(lang === 'ko' ? 'ko' : 'en', label)),
  send_feedback: fakeSendFeedback,
  feedback_history: fakeFeedbackHistory,
  get_recommendation_prefs: fakePrefs,
  set_recommendation_prefs: fakeSetPrefs,
  reset_learning: fakeResetLearning,
  catalogue_stats: fakeCatalogueStats,
  import_catalogue: (a) => fakeImport(a, send),
  care_note: careNote,
  dismiss_care: () => {
    careDismissed = true;
    return null;
  },
  calibration_status: (): CalibrationStatus => ({
    enabled: calibrationOn,
    corrections: [...checkins.values()].filter((c) => calibrationSince === null || c.updated_at > calibrationSince).length,
    needed: 20,
    rules: [],
    described: [],
    reset_at: calibrationSince,
  }),
  set_calibration_enabled: (a) => {
    calibrationOn = a.enabled === true;
    return null;
  },
  reset_calibration: () => {
    calibrationSince = new Date().toISOString();
    return calibrationSince;
  },
  care_enabled: () => careOn,
  set_care_enabled: (a) => {
    careOn = a.enabled === true;
    return null;
  },
  emotion_history: emotionHistory,
  emotion_peaks: emotionPeaks,
  app_status: (): AppStatus => {
    if (flags.has('nobackend')) throw 'backend unavailable';
    return {
      version: '0.1.0-dev',
      data_dir: '/home/you/.local/share/haru',
      db_path: DB_PATH,
      db_error: flags.has('dberror')
        ? { code: 'database_corrupt', message: `The diary database ${DB_PATH} is damaged (file is not a database).` }
        : locked
          ? { code: 'locked', message: 'this diary is encrypted; unlock it with its passphrase' }
          : null,
      encrypted: flags.has('locked'),
    };
  },
  unlock: (a) => {
    if (a.secret !== 'correct horse') throw { code: 'wrong_passphrase', message: 'That passphrase is not right.' };
    locked = false;
    return null;
  },
  enable_encryption: () => 'a1b2-c3d4-e5f6-0718-293a-4b5c-6d7e-8f90-a1b2-c3d4-e5f6-0718-293a-4b5c-6d7e-8f90',
  change_passphrase: (a) => {
    if (a.current !== 'correct horse') throw { code: 'wrong_passphrase', message: 'wrong' };
    return null;
  },
  quit_app: () => {
    console.info('[fake] quit');
    return null;
  },
  'plugin:window|destroy': () => {
    console.info('[fake] window destroyed; stored bodies:', JSON.stringify(live().map((e) => e.body)));
    return null;
  },
  ui_ready: () => {
    console.info('[fake] ui_ready after', Math.round(performance.now()), 'ms');
    return null;
  },
  get_settings: (): Settings => db.settings,
  set_settings: (a): Settings => {
    db.settings = a.settings as Settings;
    persist();
    return db.settings;
  },
  get_display_settings: (): DisplaySettings => display,
  set_display_settings: (a): DisplaySettings => {
    const d = a.display as DisplaySettings;
    if (!['small', 'normal', 'large', 'larger'].includes(d.text_size)) fail('invalid_input', `unknown text size '${d.text_size}'`);
    display = { ...d };
    return display;
  },
  list_days: (a): DayCount[] => {
    const { from, to } = a as { from: string; to: string };
    const counts = new Map<string, number>();
    for (const e of live()) if (e.date >= from && e.date <= to) counts.set(e.date, (counts.get(e.date) ?? 0) + 1);
    return [...counts].map(([date, count]) => ({ date, count })).sort((x, y) => (x.date < y.date ? -1 : 1));
  },
  list_entries: (a): EntrySummary[] => {
    const { from, to } = a as { from: string | null; to: string | null };
    return live()
      .filter((e) => (!from || e.date >= from) && (!to || e.date <= to))
      .sort(newestFirst)
      .map(summary);
  },
  get_entry: (a): Entry => strip(find(a.id as number)),
  save_entry: (a): SaveOutcome => {
    const req = a.request as SaveRequest;
    if (flags.has('savefail')) fail('disk_full', 'the disk is full');
    const now = new Date().toISOString();
    const blank = req.body.trim() === '';
    if (req.id === null) {
      if (blank) return { kind: 'empty' };
      const e: Stored = {
        id: db.nextId++,
        date: req.date,
        body: req.body,
        language: /[\uac00-\ud7a3]/.test(req.body) ? 'ko' : 'en',
        created_at: now,
        updated_at: now,
        word_count: countWords(req.body),
        trashed: false,
      };
      db.entries.push(e);
      persist();
      scheduleAnalysis(e.id);
      return { kind: 'saved', entry: strip(e) };
    }
    const e = find(req.id);
    if (blank) {
      e.trashed = true;
      persist();
      return { kind: 'trashed', id: e.id };
    }
    e.body = req.body;
    e.updated_at = now;
    e.word_count = countWords(req.body);
    persist();
    const old = analyses.get(e.id);
    if (old) analyses.set(e.id, { ...old, stale: true });
    scheduleAnalysis(e.id);
    return { kind: 'saved', entry: strip(e) };
  },
  trash_entry: (a) => {
    find(a.id as number).trashed = true;
    persist();
    return null;
  },
  restore_entry: (a): Entry => {
    const e = db.entries.find((x) => x.id === a.id && x.trashed);
    if (!e) fail('not_found', `entry ${String(a.id)} is not in the trash`);
    e.trashed = false;
    persist();
    return strip(e);
  },
  analyser_status: (): AnalyserStatus => analyser,
  get_analysis: (a): EntryAnalysis | null => analyses.get(a.id as number) ?? null,
  reanalysis_progress: (): ReanalysisProgress => progress,
  cancel_reanalysis: () => {
    if (progress.running) {
      progress = { ...progress, running: false, cancelled: true };
      send('reanalysis-progress', progress);
    }
    return null;
  },
  search_entries: (a): SearchHit[] => {
    const query = String(a.query ?? '').trim().toLowerCase();
    const limit = (a.limit as number | null) ?? 50;
    const emotion = (a.emotion as string | null) ?? null;
    const from = (a.from as string | null) ?? null;
    const to = (a.to as string | null) ?? null;
    if (!query && !emotion && !from && !to) return [];
    const hits: SearchHit[] = [];
    for (const e of live().sort(newestFirst)) {
      if ((from && e.date < from) || (to && e.date > to)) continue;
      if (emotion && !analyses.get(e.id)?.labels.includes(emotion)) continue;
      if (!query) {
        const line = e.body.trim().replace(/\s+/g, ' ');
        hits.push({ entry: summary(e), snippet: line.length > 90 ? line.slice(0, 90) + '…' : line, highlights: [] });
        if (hits.length >= limit) break;
        continue;
      }
      const lower = e.body.toLowerCase();
      const at = lower.indexOf(query);
      if (at < 0) continue;
      const start = Math.max(0, at - 30);
      const end = Math.min(e.body.length, at + query.length + 60);
      const prefix = start > 0 ? '…' : '';
      const snippet = prefix + e.body.slice(start, end).replace(/\s+/g, ' ') + (end < e.body.length ? '…' : '');
      const highlights: Array<[number, number]> = [];
      const lowSnippet = snippet.toLowerCase();
      for (let i = lowSnippet.indexOf(query); i >= 0; i = lowSnippet.indexOf(query, i + query.length)) {
        highlights.push([i, i + query.length]);
      }
      hits.push({ entry: summary(e), snippet, highlights });
      if (hits.length >= limit) break;
    }
    return hits;
  },
};

export function installFakeBackend(): void {
  mockWindows('main');
  mockIPC(
    async (cmd, payload) => {
      const handler = commands[cmd];
      if (flags.has('slow')) await new Promise((r) => setTimeout(r, 600));
      else await new Promise((r) => setTimeout(r, 5));
      if (!handler) throw `command ${cmd} not found`;
      return handler((payload ?? {}) as Record<string, unknown>);
    },
    { shouldMockEvents: true },
  );
  startAnalyser();
  if (flags.has('openhistory')) {
    const tryOpen = () => {
      const b = document.getElementById('open-history');
      if (b) b.click();
      else setTimeout(tryOpen, 100);
    };
    setTimeout(tryOpen, 300);
  }
  // ?fake=openfeedback / ?fake=openabout: opens the feedback history / the About dialog once the app is up.
  const clickWhenThere = (ids: string[], wait = 1500) => {
    const tryClick = () => {
      const b = document.getElementById(ids[0]);
      if (!b) return void setTimeout(tryClick, 100);
      b.click();
      if (ids.length > 1) setTimeout(() => clickWhenThere(ids.slice(1), 0), 100);
    };
    setTimeout(tryClick, wait);
  };
  if (flags.has('openfeedback')) clickWhenThere(['open-feedback-history']);
  if (flags.has('openabout')) clickWhenThere(['settings-button', 'open-about'], 300);
    (window as unknown as { __haruFake: unknown }).__haruFake = { db, flags, analyses };
  console.info('[fake] Haru dev backend installed', [...flags]);
}
