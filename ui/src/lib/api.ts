/** Typed wrappers of every Tauri command and event Haru's back end offers. All invoke and listen calls live here. */
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import type { AnalyserStatus } from '../bindings/AnalyserStatus';
import type { AppStatus } from '../bindings/AppStatus';
import type { BackupInfo } from '../bindings/BackupInfo';
import type { CheckIn } from '../bindings/CheckIn';
import type { DataProgress } from '../bindings/DataProgress';
import type { InsightGroup } from '../bindings/InsightGroup';
import type { CalibrationStatus } from '../bindings/CalibrationStatus';
import type { CareNote } from '../bindings/CareNote';
import type { CatalogueProgress } from '../bindings/CatalogueProgress';
import type { CatalogueStats } from '../bindings/CatalogueStats';
import type { DayCount } from '../bindings/DayCount';
import type { DisplaySettings } from '../bindings/DisplaySettings';
import type { Entry } from '../bindings/Entry';
import type { EntryAnalysis } from '../bindings/EntryAnalysis';
import type { EmotionPeak } from '../bindings/EmotionPeak';
import type { EntryRecommendations } from '../bindings/EntryRecommendations';
import type { EntrySummary } from '../bindings/EntrySummary';
import type { ExportSummary } from '../bindings/ExportSummary';
import type { FeedbackHistory } from '../bindings/FeedbackHistory';
import type { FeedbackValue } from '../bindings/FeedbackValue';
import type { ImportReport } from '../bindings/ImportReport';
import type { ImportSummary } from '../bindings/ImportSummary';
import type { PeriodEmotions } from '../bindings/PeriodEmotions';
import type { ReanalysisProgress } from '../bindings/ReanalysisProgress';
import type { RecommendationPrefs } from '../bindings/RecommendationPrefs';
import type { SaveOutcome } from '../bindings/SaveOutcome';
import type { SaveRequest } from '../bindings/SaveRequest';
import type { RestoreOutcome } from '../bindings/RestoreOutcome';
import type { SearchHit } from '../bindings/SearchHit';
import type { Settings } from '../bindings/Settings';
import type { Strategy } from '../bindings/Strategy';
import { toAppError } from './errors';
import type { SearchRequest } from './searchFilters';

/** Invokes a command; a rejection is always an AppError (see errors.ts). */
async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toAppError(e);
  }
}

/** Stops listening to an event. */
export type Unlisten = () => void;

/** Payload of `analysis-updated`: a new analysis of this entry is stored. */
export type AnalysisUpdated = { entry_id: number };

/** "Your data": the long work in hand (`data-progress`, generated from the Rust types): `working` once its file is
 *  chosen (an export may first be `analysing` the entries not yet analysed), then `done` or `failed`; exports and
 *  imports count entries (`done` of `total`, `null` when not counted). */
export type { DataProgress } from '../bindings/DataProgress';
export type { DataStage } from '../bindings/DataStage';
export type { DataTask } from '../bindings/DataTask';
/** A file chosen for import: its name (the path stays in the back end) and whether it needs a passphrase. */
export type ImportChoice = { file_name: string; encrypted: boolean };
export type ExportFormat = 'json' | 'markdown' | 'csv';

/** A #tag (lower-cased, without `#`) and how many entries carry it (`tag_counts`). */
export type TagCount = [tag: string, entries: number];
/** What goes with what (`haru_insights::links`), generated from the Rust types. */
export type { InsightLink } from '../bindings/InsightLink';
export type { InsightGroup } from '../bindings/InsightGroup';

/** Listens to a back-end event; resolves with the function that stops listening. */
function subscribe<T>(event: string, handler: (payload: T) => void): Promise<Unlisten> {
  return listen<T>(event, (e) => handler(e.payload));
}

export const api = {
  appStatus: () => call<AppStatus>('app_status'),
  listEntries: (from: string | null, to: string | null) => call<EntrySummary[]>('list_entries', { from, to }),
  listDays: (from: string, to: string) => call<DayCount[]>('list_days', { from, to }),
  getEntry: (id: number) => call<Entry>('get_entry', { id }),
  saveEntry: (request: SaveRequest) => call<SaveOutcome>('save_entry', { request }),
  trashEntry: (id: number) => call<void>('trash_entry', { id }),
  restoreEntry: (id: number) => call<Entry>('restore_entry', { id }),
  /** Full-text search with optional filters; a blank query with a filter lists the matching entries, newest first. */
  searchEntries: (request: SearchRequest) => call<SearchHit[]>('search_entries', { ...request }),
  getSettings: () => call<Settings>('get_settings'),
  setSettings: (settings: Settings) => call<Settings>('set_settings', { settings }),
  getDisplaySettings: () => call<DisplaySettings>('get_display_settings'),
  setDisplaySettings: (display: DisplaySettings) => call<DisplaySettings>('set_display_settings', { display }),
  /** Zooms the whole web view (the text-size setting); rejects outside Tauri. */
  zoomWebview: (scale: number) => getCurrentWebview().setZoom(scale),
  uiReady: () => call<void>('ui_ready'),

  // Encryption at rest (the back end does the cryptography; see encryption.svelte.ts).
  /** Opens an encrypted diary; rejects with `wrong_passphrase` and changes nothing otherwise. */
  unlock: (secret: string, recovery: boolean) => call<void>('unlock', { secret, recovery }),
  /** Turns encryption on; resolves with the recovery key (shown once). Haru must restart. */
  enableEncryption: (passphrase: string) => call<string>('enable_encryption', { passphrase }),
  changePassphrase: (current: string, next: string) => call<void>('change_passphrase', { current, new: next }),
  quitApp: () => call<void>('quit_app'),
  /** Locks the encrypted diary now (the key and the open diary are dropped); save first. */
  lockDiary: () => call<void>('lock_diary'),
  /** The idle lock: [minutes chosen (0 = off), seconds they mean]. */
  getIdleLock: () => call<[number, number]>('get_idle_lock'),
  setIdleLock: (minutes: number) => call<[number, number]>('set_idle_lock', { minutes }),

  // The daily reminder (shown by the shell while Haru runs) and starting Haru at login.
  /** `HH:MM`, or null when off. */
  getReminder: () => call<string | null>('get_reminder'),
  /** `time` null turns it off; `title` and `body` are the notification's words. */
  setReminder: (time: string | null, title: string, body: string) => call<string | null>('set_reminder', { time, title, body }),
  getAutostart: () => call<boolean>('get_autostart'),
  setAutostart: (enabled: boolean) => call<boolean>('set_autostart', { enabled }),

  // Emotion analysis (the shell analyses every saved entry in the background).
  analyserStatus: () => call<AnalyserStatus>('analyser_status'),
  getAnalysis: (id: number) => call<EntryAnalysis | null>('get_analysis', { id }),
  reanalysisProgress: () => call<ReanalysisProgress>('reanalysis_progress'),
  cancelReanalysis: () => call<void>('cancel_reanalysis'),
  onAnalysisUpdated: (handler: (payload: AnalysisUpdated) => void) => subscribe('analysis-updated', handler),
  onAnalyserStatus: (handler: (payload: AnalyserStatus) => void) => subscribe('analyser-status', handler),
  onReanalysisProgress: (handler: (payload: ReanalysisProgress) => void) => subscribe('reanalysis-progress', handler),

  // Emotion history (periods with analysed entries only, in date order; peaks strongest first).
  emotionHistory: (
    by: 'day' | 'week' | 'month',
    from: string | null,
    to: string | null,
    weekStart: 'monday' | 'sunday' | null = null,
    tag: string | null = null,
  ) => call<PeriodEmotions[]>('emotion_history', { by, from, to, weekStart, tag }),
  emotionPeaks: (label: string, from: string | null, to: string | null, limit: number | null) =>
    call<EmotionPeak[]>('emotion_peaks', { label, from, to, limit }),

  // The writer's own word on how the day felt (it overrides the model's reading in history, the year
  // grid, gentle care and recommendations; the model's reading stays available beside it).
  setCheckin: (entryId: number, labels: string[], pleasant: number | null, energy: number | null) =>
    call<CheckIn>('set_checkin', { entryId, labels, pleasant, energy }),
  /** Resolves false when the entry had no word of the writer's. */
  clearCheckin: (entryId: number) => call<boolean>('clear_checkin', { entryId }),
  getCheckin: (entryId: number) => call<CheckIn | null>('get_checkin', { entryId }),
  /** Days (YYYY-MM-DD, ascending) with at least one entry in the writer's own word. */
  writersWordDays: (from: string | null, to: string | null) => call<string[]>('writers_word_days', { from, to }),
  /** Tags with their entry counts, most used first. */
  tagCounts: () => call<TagCount[]>('tag_counts'),
  /** Entries of the same month and day in earlier years (default: today), newest first. */
  onThisDay: (date: string | null) => call<EntrySummary[]>('on_this_day', { date }),
  /** What goes with what: tags first (most used first), then weekdays. */
  insights: () => call<InsightGroup[]>('insights'),

  // Gentle care (the rule lives in the back end; null when there is nothing to say, or it is off or dismissed).
  careNote: () => call<CareNote | null>('care_note'),
  dismissCare: () => call<void>('dismiss_care'),
  careEnabled: () => call<boolean>('care_enabled'),
  setCareEnabled: (enabled: boolean) => call<void>('set_care_enabled', { enabled }),

  // Haru learning how the writer names feelings from their corrections (`haru_insights::writers_way`).
  calibrationStatus: () => call<CalibrationStatus>('calibration_status'),
  setCalibrationEnabled: (enabled: boolean) => call<void>('set_calibration_enabled', { enabled }),
  /** Corrections made until now are no longer learned from; resolves with the moment stored. */
  resetCalibration: () => call<string>('reset_calibration'),

  // Recommendations: movies and songs that fit the day (empty lists while the entry is not analysed;
  // `strategy` null = the person's saved default).
  showRecommendations: (entryId: number, strategy: Strategy | null, lang: 'en' | 'ko') =>
    call<EntryRecommendations>('show_recommendations', { entryId, strategy, lang }),
  sendFeedback: (entryId: number | null, itemId: string, value: FeedbackValue) =>
    call<void>('send_feedback', { entryId, itemId, value }),
  feedbackHistory: () => call<FeedbackHistory>('feedback_history'),
  getRecommendationPrefs: () => call<RecommendationPrefs>('get_recommendation_prefs'),
  setRecommendationPrefs: (prefs: RecommendationPrefs) => call<RecommendationPrefs>('set_recommendation_prefs', { prefs }),
  /** Forgets what Haru learned from the feedback buttons. */
  resetLearning: () => call<void>('reset_learning'),
  catalogueStats: () => call<CatalogueStats>('catalogue_stats'),
  /** Imports the person's own catalogue (the text of a CSV or JSON file). */
  importCatalogue: (fileName: string, contents: string) => call<ImportReport>('import_catalogue', { fileName, contents }),
  onCatalogueProgress: (handler: (payload: CatalogueProgress) => void) => subscribe('catalogue-progress', handler),

  // Your data. No command takes a file path: the back end asks the system's file dialog itself,
  // and a restore names a backup by the file name the list gave.
  backupDiary: () => call<BackupInfo>('backup_diary'),
  /** Backups, newest first, with entry counts and kinds. */
  diaryBackups: () => call<BackupInfo[]>('diary_backups'),
  restoreDiary: (fileName: string) => call<RestoreOutcome>('restore_diary', { fileName }),
  /** Opens the save dialog, then exports; null when the dialog was cancelled. A passphrase seals a JSON export. */
  exportDiary: (format: ExportFormat, passphrase: string | null) =>
    call<ExportSummary | null>('export_diary', { format, passphrase }),
  /** Opens the file dialog; null when it was cancelled. */
  pickImportFile: () => call<ImportChoice | null>('pick_import_file'),
  /** Imports the file pickImportFile chose (an encrypted export needs its passphrase). */
  importPicked: (passphrase: string | null) => call<ImportSummary>('import_picked', { passphrase }),
  onDataProgress: (handler: (payload: DataProgress) => void) => subscribe('data-progress', handler),
};

/** The API as the app uses it (a test can pass a fake). */
export type Api = typeof api;
