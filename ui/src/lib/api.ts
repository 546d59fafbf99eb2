/** Typed wrappers of every Tauri command and event Haru's back end offers. All invoke and listen calls live here. */
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { AnalyzerStatus } from '../bindings/AnalyzerStatus';
import type { AppStatus } from '../bindings/AppStatus';
import type { CareNote } from '../bindings/CareNote';
import type { DayCount } from '../bindings/DayCount';
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
  uiReady: () => call<void>('ui_ready'),

  // Encryption at rest (the back end does the cryptography; see encryption.svelte.ts).
  /** Opens an encrypted diary; rejects with `wrong_passphrase` and changes nothing otherwise. */
  unlock: (secret: string, recovery: boolean) => call<void>('unlock', { secret, recovery }),
  /** Turns encryption on; resolves with the recovery key (shown once). Haru must restart. */
  enableEncryption: (passphrase: string) => call<string>('enable_encryption', { passphrase }),
  changePassphrase: (current: string, next: string) => call<void>('change_passphrase', { current, new: next }),
  quitApp: () => call<void>('quit_app'),

  // Emotion analysis (the shell analyses every saved entry in the background).
  analyzerStatus: () => call<AnalyzerStatus>('analyzer_status'),
  getAnalysis: (id: number) => call<EntryAnalysis | null>('get_analysis', { id }),
  reanalysisProgress: () => call<ReanalysisProgress>('reanalysis_progress'),
  cancelReanalysis: () => call<void>('cancel_reanalysis'),
  onAnalysisUpdated: (handler: (payload: AnalysisUpdated) => void) => subscribe('analysis-updated', handler),
  onAnalyzerStatus: (handler: (payload: AnalyzerStatus) => void) => subscribe('analyzer-status', handler),
  onReanalysisProgress: (handler: (payload: ReanalysisProgress) => void) => subscribe('reanalysis-progress', handler),

  // Emotion history (periods with analysed entries only, in date order; peaks strongest first).
  emotionHistory: (by: 'day' | 'week' | 'month', from: string | null, to: string | null) =>
    call<PeriodEmotions[]>('emotion_history', { by, from, to }),
  emotionPeaks: (label: string, from: string | null, to: string | null, limit: number | null) =>
    call<EmotionPeak[]>('emotion_peaks', { label, from, to, limit }),

  // Gentle care (the rule lives in the back end; null when there is nothing to say, or it is off or dismissed).
  careNote: () => call<CareNote | null>('care_note'),
  dismissCare: () => call<void>('dismiss_care'),
  careEnabled: () => call<boolean>('care_enabled'),
  setCareEnabled: (enabled: boolean) => call<void>('set_care_enabled', { enabled }),
};

/** The API as the app uses it (a test can pass a fake). */
export type Api = typeof api;
