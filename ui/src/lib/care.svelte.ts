/**
 * Gentle care: a calm, dismissible note with offline resources when heavy feelings have
 * dominated the diary for many written days in a row. The rule lives in the back end
 * (haru-insights `care.rs`); the UI only asks, shows what it gets, and never reports failures.
 */
import type { CareNote } from '../bindings/CareNote';
import type { Api, Unlisten } from './api';
import { realTimer, type TimerApi } from './autosave';

/** `analysis-updated` asks again at most once in this time. */
export const CARE_REFRESH_MS = 30_000;

/** Without `onAnalysisUpdated` the owner forwards the event by calling `onAnalysisUpdated()`. */
export type CareApi = Pick<Api, 'careNote' | 'dismissCare' | 'careEnabled' | 'setCareEnabled'> &
  Partial<Pick<Api, 'onAnalysisUpdated'>>;

export interface CareOptions {
  api: CareApi;
  timer?: TimerApi;
  /** Milliseconds, for the debounce (defaults to Date.now). */
  clock?: () => number;
}

function isCareNote(v: unknown): v is CareNote {
  if (!v || typeof v !== 'object') return false;
  const n = v as Record<string, unknown>;
  return (
    typeof n.days === 'number' &&
    typeof n.since === 'string' &&
    typeof n.until === 'string' &&
    Array.isArray(n.emotions)
  );
}

export class CareState {
  private readonly api: CareApi;
  private readonly timer: TimerApi;
  private readonly clock: () => number;

  /** The note to show, or null. */
  note = $state<CareNote | null>(null);
  /** Whether the notes are on (as the back end says; on until known otherwise). */
  enabled = $state(true);

  private lastAsk = -Infinity;
  private pending: unknown = null;
  private seq = 0;
  private unlisten: Unlisten | null = null;
  private stopped = false;
  private started = false;

  constructor(options: CareOptions) {
    this.api = options.api;
    this.timer = options.timer ?? realTimer;
    this.clock = options.clock ?? (() => Date.now());
  }

  /** Asks for the note and the switch, and listens to `analysis-updated`. */
  async start(): Promise<void> {
    this.stopped = false;
    this.started = true;
    if (this.api.onAnalysisUpdated) {
      try {
        const u = await this.api.onAnalysisUpdated(() => this.onAnalysisUpdated());
        if (this.stopped) u();
        else this.unlisten = u;
      } catch {
        /* no events: the note is only asked at start */
      }
    }
    if (this.stopped) return;
    await Promise.all([this.refresh(), this.loadEnabled()]);
  }

  stop(): void {
    this.stopped = true;
    if (this.pending !== null) this.timer.clear(this.pending);
    this.pending = null;
    try {
      this.unlisten?.();
    } catch {
      /* already gone */
    }
    this.unlisten = null;
  }

  /** Asks the back end for the note now; failures leave nothing shown. */
  async refresh(): Promise<void> {
    this.lastAsk = this.clock();
    const seq = ++this.seq;
    let note: CareNote | null = null;
    try {
      const answer = await this.api.careNote();
      note = isCareNote(answer) ? answer : null;
    } catch {
      note = null;
    }
    if (seq !== this.seq || this.stopped) return;
    this.note = this.enabled ? note : null;
  }

  private async loadEnabled(): Promise<void> {
    try {
      const on = await this.api.careEnabled();
      if (typeof on === 'boolean') {
        this.enabled = on;
        if (!on) this.note = null;
      }
    } catch {
      /* keep the default */
    }
  }

  /** A new analysis is stored: asks again, at most once every CARE_REFRESH_MS. */
  onAnalysisUpdated(): void {
    if (this.stopped || !this.started || this.pending !== null) return;
    const wait = this.lastAsk + CARE_REFRESH_MS - this.clock();
    if (wait <= 0) {
      void this.refresh();
      return;
    }
    this.pending = this.timer.set(() => {
      this.pending = null;
      if (!this.stopped) void this.refresh();
    }, wait);
  }

  /** "Thanks, hide for a week": hides the note now and tells the back end. */
  async dismiss(): Promise<void> {
    this.note = null;
    this.seq++; // an answer on its way must not bring it back
    try {
      await this.api.dismissCare();
    } catch {
      /* silent */
    }
  }

  /** The switch in the settings (and "Turn these notes off" on the note). */
  async setEnabled(enabled: boolean): Promise<void> {
    const before = this.enabled;
    this.enabled = enabled;
    if (!enabled) {
      this.note = null;
      this.seq++;
    }
    try {
      await this.api.setCareEnabled(enabled);
    } catch {
      this.enabled = before; // the switch shows what is stored
      return;
    }
    if (enabled) void this.refresh();
  }
}
