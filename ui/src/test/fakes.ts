/** Test doubles shared by unit tests: a hand-driven timer and an in-memory Api. */
import type { BackupInfo } from '../bindings/BackupInfo';
import type { CheckIn } from '../bindings/CheckIn';
import type { AnalyserStatus } from '../bindings/AnalyserStatus';
import type { AppStatus } from '../bindings/AppStatus';
import type { CalibrationStatus } from '../bindings/CalibrationStatus';
import type { CareNote } from '../bindings/CareNote';
import type { CatalogueStats } from '../bindings/CatalogueStats';
import type { FeedbackRecord } from '../bindings/FeedbackRecord';
import type { ImportReport } from '../bindings/ImportReport';
import type { ImportSummary } from '../bindings/ImportSummary';
import type { Recommendation } from '../bindings/Recommendation';
import type { RecommendationPrefs } from '../bindings/RecommendationPrefs';
import type { Strategy } from '../bindings/Strategy';
import type { Entry } from '../bindings/Entry';
import type { EntryAnalysis } from '../bindings/EntryAnalysis';
import type { ReanalysisProgress } from '../bindings/ReanalysisProgress';
import type { EntrySummary } from '../bindings/EntrySummary';
import type { SaveRequest } from '../bindings/SaveRequest';
import type { SaveOutcome } from '../bindings/SaveOutcome';
import type { Settings } from '../bindings/Settings';
import type { DisplaySettings } from '../bindings/DisplaySettings';
import type { Api, ImportChoice, InsightGroup, TagCount } from '../lib/api';
import type { TimerApi } from '../lib/autosave';

export class FakeTimer implements TimerApi {
  now = 0;
  private seq = 0;
  private tasks = new Map<number, { at: number; fn: () => void }>();
  set(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.tasks.set(id, { at: this.now + ms, fn });
    return id;
  }
  clear(handle: unknown): void {
    this.tasks.delete(handle as number);
  }
  get pending(): number {
    return this.tasks.size;
  }
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.tasks.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at);
      if (due.length === 0) break;
      const [id, t] = due[0];
      this.tasks.delete(id);
      this.now = t.at;
      t.fn();
    }
    this.now = until;
  }
}

/** Lets pending promise callbacks run. */
export async function settle(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

type Row = Entry & { trashed: boolean };

/** The MemoryApi fields that a get/set command pair reads and writes as they are. */
type Stored = 'settings' | 'display' | 'autostart';

/** An in-memory back end with the semantics of the IPC contract; records every call. */
export class MemoryApi {
  rows: Row[] = [];
  calls: Array<{ cmd: string; args: unknown }> = [];
  status: AppStatus = { version: '1.0.0', data_dir: '/data', db_path: '/data/haru.db', db_error: null, encrypted: false };
  /** Encryption: the passphrase `unlock` accepts (null: the diary is not encrypted). */
  passphrase: string | null = null;
  recoveryKey = 'abcd-ef01';
  /** The idle lock's minutes (0 = off) and the seconds one of them means (tests may shorten it). */
  idleLockMinutes = 0;
  idleLockSeconds: number | null = null;
  /** The daily reminder as set_reminder stored it, and "start at login". */
  reminder: { time: string | null; title: string; body: string } | null = null;
  autostart = false;
  settings: Settings = { language: null, theme: 'system' };
  display: DisplaySettings = { text_size: 'normal', week_start: null };
  /** The web view's zoom factors, in the order they were set. */
  zooms: number[] = [];
  nextId = 1;
  clock = 0;
  /** Emotion analysis: what get_analysis answers, the analyser and the re-analysis. */
  analyses = new Map<number, EntryAnalysis>();
  analyser: AnalyserStatus = { state: 'ready', model_id: 'test-model', labels: [] };
  /** Gentle care: the note care_note answers while the notes are on. */
  care: CareNote | null = null;
  careEnabledFlag = true;
  /** What calibration_status answers (set_calibration_enabled and reset_calibration change it). */
  calibration: CalibrationStatus = { enabled: true, corrections: 0, needed: 20, rules: [], described: [], reset_at: null };
  progress: ReanalysisProgress = { done: 0, total: 0, running: false, cancelled: false };
  /** Makes get_analysis / analyser_status reject with this. */
  analysisError: unknown = null;
  /** Recommendations: the catalogue by strategy (answered for analysed entries only, minus put-away cards). */
  catalogue: Record<Strategy, Recommendation[]> = { match: [], comfort: [], lift: [] };
  /** How many cards of each kind show_recommendations answers. */
  perKind = 2;
  prefs: RecommendationPrefs = { genres: [], languages: [], from_year: null, to_year: null, strategy: null, onboarded: true };
  feedback: FeedbackRecord[] = [];
  stats: CatalogueStats = { movies: 3, music: 3, user_items: 0, stale_items: 0, genres: ['drama', 'comedy', 'pop'], languages: ['en', 'ko', 'ja'], model_sha256: null };
  importAnswer: ImportReport = { imported: 0, errors: [] };
  /** Your data: the backups diary_backups lists, what the file dialogs answer (null: cancelled),
   *  what an import gives, and the passphrase of the encrypted export being imported. */
  backups: BackupInfo[] = [];
  exportPath: string | null = '/home/me/haru.json';
  importChoice: ImportChoice | null = { file_name: 'diary.json', encrypted: false };
  importSummary: ImportSummary = {
    format: 'haru',
    imported: 2,
    duplicates: 0,
    dates_corrected: 0,
    photos_skipped: 0,
    other_media_skipped: 0,
    problems: [],
    notes: [],
  };
  exportPassphrase = 'four unrelated words';
  /** Entries an export reports as left without up-to-date emotions (the model could not be loaded). */
  exportNotAnalysed = 0;
  /** Entries an export reports analysing first (`analysing` progress before `working`). */
  exportAnalyses = 0;
  /** Makes the Your-data commands reject with this. */
  dataError: unknown = null;
  /** Makes show_recommendations / send_feedback reject with this. */
  recsError: unknown = null;
  feedbackError: unknown = null;
  /** The writer's own word by entry id; tag counts, on-this-day entries and insights as answered. */
  checkins = new Map<number, CheckIn>();
  tags: TagCount[] = [];
  pastDays: EntrySummary[] = [];
  insightGroups: InsightGroup[] = [];
  /** Makes set_checkin / clear_checkin reject with this. */
  checkinError: unknown = null;
  private listeners = new Map<string, Set<(payload: unknown) => void>>();

  /** Sends a back-end event to the listeners. */
  emit(
    event: 'analysis-updated' | 'analyser-status' | 'reanalysis-progress' | 'catalogue-progress' | 'data-progress',
    payload: unknown,
  ): void {
    for (const fn of [...(this.listeners.get(event) ?? [])]) fn(payload);
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  private subscribe<T>(event: string, fn: (payload: T) => void): Promise<() => void> {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    const f = fn as (payload: unknown) => void;
    set.add(f);
    return Promise.resolve(() => void set.delete(f));
  }

  add(date: string, body: string): Entry {
    const ts = new Date(Date.UTC(2026, 0, 1, 0, 0, this.clock++)).toISOString();
    const row: Row = {
      id: this.nextId++,
      date,
      body,
      language: 'und',
      created_at: ts,
      updated_at: ts,
      word_count: body.trim().split(/\s+/).filter(Boolean).length,
      trashed: false,
    };
    this.rows.push(row);
    return this.entry(row);
  }

  private entry(r: Row): Entry {
    const { trashed: _t, ...e } = r;
    return e;
  }

  private summary(r: Row): EntrySummary {
    return {
      id: r.id,
      date: r.date,
      preview: r.body.slice(0, 140),
      language: r.language,
      created_at: r.created_at,
      updated_at: r.updated_at,
      word_count: r.word_count,
    };
  }

  private live(id: number): Row {
    const r = this.rows.find((x) => x.id === id && !x.trashed);
    if (!r) throw { code: 'not_found', message: `no entry ${id}` };
    return r;
  }

  private idleLock(): [number, number] {
    const m = this.idleLockMinutes;
    return [m, m === 0 ? 0 : (this.idleLockSeconds ?? m * 60)];
  }

  private log(cmd: string, args: unknown = null): void {
    this.calls.push({ cmd, args });
  }

  /** A command that answers `field` as it is (logged as `cmd`). */
  private getter<K extends Stored>(cmd: string, field: K): () => Promise<MemoryApi[K]> {
    return async () => (this.log(cmd), this[field]);
  }

  /** A command that stores its one argument in `field` and answers it (logged as `cmd`, `{ [arg]: value }`). */
  private setter<K extends Stored>(cmd: string, field: K, arg: string = field): (value: MemoryApi[K]) => Promise<MemoryApi[K]> {
    return async (value) => {
      this.log(cmd, { [arg]: value });
      (this as MemoryApi)[field] = value;
      return value;
    };
  }

  count(cmd: string): number {
    return this.calls.filter((c) => c.cmd === cmd).length;
  }

  api(): Api {
    return {
      appStatus: async () => (this.log('app_status'), this.status),
      listEntries: async (from, to) => {
        this.log('list_entries', { from, to });
        return this.rows
          .filter((r) => !r.trashed && (!from || r.date >= from) && (!to || r.date <= to))
          .sort((a, b) => (a.date === b.date ? (a.created_at < b.created_at ? 1 : -1) : a.date < b.date ? 1 : -1))
          .map((r) => this.summary(r));
      },
      listDays: async (from, to) => {
        this.log('list_days', { from, to });
        const m = new Map<string, number>();
        for (const r of this.rows) if (!r.trashed && r.date >= from && r.date <= to) m.set(r.date, (m.get(r.date) ?? 0) + 1);
        return [...m].map(([date, count]) => ({ date, count }));
      },
      getEntry: async (id) => (this.log('get_entry', { id }), this.entry(this.live(id))),
      saveEntry: async (request: SaveRequest): Promise<SaveOutcome> => {
        this.log('save_entry', { request });
        const blank = request.body.trim() === '';
        if (request.id === null) {
          if (blank) return { kind: 'empty' };
          return { kind: 'saved', entry: this.add(request.date, request.body) };
        }
        const r = this.live(request.id);
        if (blank) {
          r.trashed = true;
          return { kind: 'trashed', id: r.id };
        }
        r.body = request.body;
        r.word_count = request.body.trim().split(/\s+/).length;
        return { kind: 'saved', entry: this.entry(r) };
      },
      trashEntry: async (id) => {
        this.log('trash_entry', { id });
        this.live(id).trashed = true;
      },
      restoreEntry: async (id) => {
        this.log('restore_entry', { id });
        const r = this.rows.find((x) => x.id === id && x.trashed);
        if (!r) throw { code: 'not_found', message: 'not in trash' };
        r.trashed = false;
        return this.entry(r);
      },
      searchEntries: async (request) => {
        this.log('search_entries', { ...request });
        const { query, from, to } = request;
        return this.rows
          .filter((r) => !r.trashed && r.body.includes(query) && (!from || r.date >= from) && (!to || r.date <= to))
          .map((r) => {
            const at = r.body.indexOf(query);
            return { entry: this.summary(r), snippet: r.body, highlights: [[at, at + query.length]] as Array<[number, number]> };
          });
      },
      getSettings: this.getter('get_settings', 'settings'),
      setSettings: this.setter('set_settings', 'settings'),
      getDisplaySettings: this.getter('get_display_settings', 'display'),
      setDisplaySettings: this.setter('set_display_settings', 'display'),
      zoomWebview: async (scale) => {
        this.zooms.push(scale);
      },
      uiReady: async () => {
        this.log('ui_ready');
      },
      analyserStatus: async () => {
        this.log('analyser_status');
        if (this.analysisError) throw this.analysisError;
        return this.analyser;
      },
      getAnalysis: async (id) => {
        this.log('get_analysis', { id });
        if (this.analysisError) throw this.analysisError;
        const a = this.analyses.get(id);
        return a ? structuredClone(a) : null;
      },
      reanalysisProgress: async () => (this.log('reanalysis_progress'), this.progress),
      cancelReanalysis: async () => {
        this.log('cancel_reanalysis');
        this.progress = { ...this.progress, running: false, cancelled: true };
      },
      onAnalysisUpdated: (fn) => this.subscribe('analysis-updated', fn),
      onAnalyserStatus: (fn) => this.subscribe('analyser-status', fn),
      onReanalysisProgress: (fn) => this.subscribe('reanalysis-progress', fn),
      emotionHistory: async () => [],
      emotionPeaks: async () => [],
      setCheckin: async (entryId, labels, pleasant, energy) => {
        this.log('set_checkin', { entryId, labels, pleasant, energy });
        if (this.checkinError) throw this.checkinError;
        this.live(entryId);
        if (labels.length === 0) throw { code: 'invalid_input', message: 'pick at least one feeling' };
        const c: CheckIn = { labels: [...labels], pleasant, energy, updated_at: new Date(Date.UTC(2026, 0, 2, 0, 0, this.clock++)).toISOString() };
        this.checkins.set(entryId, c);
        return structuredClone(c);
      },
      clearCheckin: async (entryId) => {
        this.log('clear_checkin', { entryId });
        if (this.checkinError) throw this.checkinError;
        return this.checkins.delete(entryId);
      },
      getCheckin: async (entryId) => {
        this.log('get_checkin', { entryId });
        const c = this.checkins.get(entryId);
        return c ? structuredClone(c) : null;
      },
      writersWordDays: async (from, to) => {
        this.log('writers_word_days', { from, to });
        const days = new Set<string>();
        for (const id of this.checkins.keys()) {
          const r = this.rows.find((x) => x.id === id && !x.trashed);
          if (r && (!from || r.date >= from) && (!to || r.date <= to)) days.add(r.date);
        }
        return [...days].sort();
      },
      tagCounts: async () => (this.log('tag_counts'), structuredClone(this.tags)),
      onThisDay: async (date) => (this.log('on_this_day', { date }), structuredClone(this.pastDays)),
      insights: async () => (this.log('insights'), structuredClone(this.insightGroups)),
      unlock: async (secret, recovery) => {
        this.log('unlock', { recovery });
        const right = recovery ? this.recoveryKey : this.passphrase;
        if (right === null || secret !== right) throw { code: 'wrong_passphrase', message: 'That passphrase is not right.' };
        this.status = { ...this.status, db_error: null, encrypted: true };
      },
      enableEncryption: async (passphrase) => {
        this.log('enable_encryption');
        if (this.status.encrypted) throw { code: 'invalid_input', message: 'already encrypted' };
        this.passphrase = passphrase;
        this.status = { ...this.status, encrypted: true };
        return this.recoveryKey;
      },
      changePassphrase: async (current, next) => {
        this.log('change_passphrase');
        if (current !== this.passphrase) throw { code: 'wrong_passphrase', message: 'wrong' };
        this.passphrase = next;
      },
      quitApp: async () => {
        this.log('quit_app');
      },
      lockDiary: async () => {
        this.log('lock_diary');
        if (!this.status.encrypted) throw { code: 'invalid_input', message: 'only an encrypted diary can be locked' };
        this.status = { ...this.status, db_error: { code: 'locked', message: 'the diary is locked' } };
      },
      getReminder: async () => (this.log('get_reminder'), this.reminder?.time ?? null),
      setReminder: async (time, title, body) => {
        this.log('set_reminder', { time });
        this.reminder = { time, title, body };
        return time;
      },
      getAutostart: this.getter('get_autostart', 'autostart'),
      setAutostart: this.setter('set_autostart', 'autostart', 'enabled'),
      getIdleLock: async () => (this.log('get_idle_lock'), this.idleLock()),
      setIdleLock: async (minutes) => {
        this.log('set_idle_lock', { minutes });
        if (![0, 1, 5, 15, 30, 60].includes(minutes)) throw { code: 'invalid_input', message: 'not a choice' };
        this.idleLockMinutes = minutes;
        return this.idleLock();
      },
      careNote: async () => (this.log('care_note'), this.careEnabledFlag ? this.care : null),
      dismissCare: async () => {
        this.log('dismiss_care');
        this.care = null;
      },
      careEnabled: async () => (this.log('care_enabled'), this.careEnabledFlag),
      setCareEnabled: async (enabled) => {
        this.log('set_care_enabled', { enabled });
        this.careEnabledFlag = enabled;
      },
      calibrationStatus: async () => (this.log('calibration_status'), structuredClone(this.calibration)),
      setCalibrationEnabled: async (enabled) => {
        this.log('set_calibration_enabled', { enabled });
        this.calibration = { ...this.calibration, enabled, rules: enabled ? this.calibration.rules : [], described: enabled ? this.calibration.described : [] };
      },
      resetCalibration: async () => {
        this.log('reset_calibration');
        const at = new Date(Date.UTC(2026, 10, 21, 10, 0, this.clock++)).toISOString();
        this.calibration = { ...this.calibration, corrections: 0, rules: [], described: [], reset_at: at };
        return at;
      },
      showRecommendations: async (entryId, strategy, lang) => {
        this.log('show_recommendations', { entryId, strategy, lang });
        if (this.recsError) throw this.recsError;
        const s: Strategy = strategy ?? this.prefs.strategy ?? 'match';
        if (!this.analyses.has(entryId)) return { entry_id: entryId, strategy: s, movies: [], music: [] };
        const away = new Set(this.feedback.filter((f) => f.value !== 'like').map((f) => f.item_id));
        const liked = new Set(this.feedback.filter((f) => f.value === 'like').map((f) => f.item_id));
        const pick = (kind: 'movie' | 'music') =>
          this.catalogue[s]
            .filter((r) => r.kind === kind && !away.has(r.id))
            .slice(0, this.perKind)
            .map((r) => ({ ...r, feedback: liked.has(r.id) ? ('like' as const) : null }));
        return { entry_id: entryId, strategy: s, movies: pick('movie'), music: pick('music') };
      },
      sendFeedback: async (entryId, itemId, value) => {
        this.log('send_feedback', { entryId, itemId, value });
        if (this.feedbackError) throw this.feedbackError;
        const item = [...this.catalogue.match, ...this.catalogue.lift].find((r) => r.id === itemId);
        this.feedback.unshift({
          item_id: itemId,
          kind: item?.kind ?? 'movie',
          title: item?.title ?? itemId,
          creator: item?.creator ?? null,
          value,
          created_at: new Date(Date.UTC(2026, 10, 21, 10, 0, this.clock++)).toISOString(),
        });
      },
      feedbackHistory: async () => {
        this.log('feedback_history');
        const likes = this.feedback.filter((f) => f.value === 'like').length;
        const dislikes = this.feedback.filter((f) => f.value === 'dislike').length;
        return {
          records: structuredClone(this.feedback),
          likes,
          dislikes,
          shown: this.feedback.length,
          satisfaction: likes + dislikes > 0 ? likes / (likes + dislikes) : null,
          weekly: likes + dislikes > 0 ? [{ week: '2026-11-16', likes, rated: likes + dislikes }] : [],
        };
      },
      getRecommendationPrefs: async () => (this.log('get_recommendation_prefs'), structuredClone(this.prefs)),
      setRecommendationPrefs: async (prefs) => {
        this.log('set_recommendation_prefs', { prefs });
        this.prefs = structuredClone(prefs);
        return structuredClone(prefs);
      },
      resetLearning: async () => {
        this.log('reset_learning');
        this.feedback = [];
      },
      catalogueStats: async () => (this.log('catalogue_stats'), structuredClone(this.stats)),
      importCatalogue: async (fileName, contents) => {
        this.log('import_catalogue', { fileName, contents });
        return structuredClone(this.importAnswer);
      },
      onCatalogueProgress: (fn) => this.subscribe('catalogue-progress', fn),
      backupDiary: async () => {
        this.log('backup_diary');
        if (this.dataError) throw this.dataError;
        const n = this.backups.length;
        const info: BackupInfo = {
          path: `/data/backups/haru-2026010${n + 1}-090000-manual.sqlite3`,
          file_name: `haru-2026010${n + 1}-090000-manual.sqlite3`,
          size_bytes: 4096,
          created_at: `2026-01-0${n + 1}T09:00:00Z`,
          kind: 'manual',
          entries: this.rows.filter((r) => !r.trashed).length,
          problem: null,
        };
        this.backups = [info, ...this.backups];
        return info;
      },
      diaryBackups: async () => (this.log('diary_backups'), structuredClone(this.backups)),
      restoreDiary: async (fileName) => {
        this.log('restore_diary', { fileName });
        if (this.dataError) throw this.dataError;
        const b = this.backups.find((x) => x.file_name === fileName);
        if (!b) throw { code: 'invalid_input', message: `'${fileName}' is not a backup of this diary: choose one from the list` };
        return {
          restored_from: b.path,
          previous_saved_as: '/data/backups/haru-20260109-090000-pre-restore.sqlite3',
          entries: b.entries ?? 0,
        };
      },
      exportDiary: async (format, passphrase) => {
        this.log('export_diary', { format, passphrase });
        if (this.dataError) throw this.dataError;
        if (this.exportPath === null) return null;
        this.emit('data-progress', { task: 'export', stage: 'working', done: null, total: null });
        for (let done = 0; done <= this.exportAnalyses && this.exportAnalyses > 0; done++) {
          this.emit('data-progress', { task: 'export', stage: 'analysing', done, total: this.exportAnalyses });
        }
        const entries = this.rows.filter((r) => !r.trashed).length;
        for (let done = 0; done <= entries; done++) {
          this.emit('data-progress', { task: 'export', stage: 'working', done, total: entries });
        }
        return {
          format: passphrase ? 'json-encrypted' : format,
          path: this.exportPath,
          entries,
          not_analysed: this.exportNotAnalysed,
        };
      },
      pickImportFile: async () => (this.log('pick_import_file'), structuredClone(this.importChoice)),
      importPicked: async (passphrase) => {
        this.log('import_picked', { passphrase });
        if (this.dataError) throw this.dataError;
        if (this.importChoice?.encrypted && passphrase !== this.exportPassphrase) {
          throw { code: passphrase ? 'wrong_passphrase' : 'locked', message: 'that passphrase does not open it' };
        }
        return structuredClone(this.importSummary);
      },
      onDataProgress: (fn) => this.subscribe('data-progress', fn),
    };
  }
}
