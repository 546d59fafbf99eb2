/**
 * The emotion analysis of the open entry, the analyser's state and the background re-analysis,
 * kept up to date from the back end's events. The Diary tells it which entry is open and what
 * the store holds of it; components read the $state fields and `view()`.
 */
import type { AnalyserStatus } from '../bindings/AnalyserStatus';
import type { EntryAnalysis } from '../bindings/EntryAnalysis';
import type { ReanalysisProgress } from '../bindings/ReanalysisProgress';
import type { Api, Unlisten } from './api';
import { labelsFromStatus, normalizeAnalysis, panelView, type PanelView } from './emotions';

export type AnalysisApi = Pick<
  Api,
  | 'analyserStatus'
  | 'getAnalysis'
  | 'reanalysisProgress'
  | 'cancelReanalysis'
  | 'onAnalysisUpdated'
  | 'onAnalyserStatus'
  | 'onReanalysisProgress'
>;

export interface AnalysisOptions {
  api: AnalysisApi;
  /** Cancelling the re-analysis failed (the person pressed the button: tell them). */
  onError?: (error: unknown) => void;
  /** Any new analysis was stored (`analysis-updated`, whatever the entry; null when the event named none). */
  onAnyUpdated?: (entryId: number | null) => void;
}

function isStatus(v: unknown): v is AnalyserStatus {
  const s = (v as { state?: unknown } | null)?.state;
  return s === 'loading' || s === 'ready' || s === 'unavailable';
}

function isProgress(v: unknown): v is ReanalysisProgress {
  const p = v as Partial<ReanalysisProgress> | null;
  return !!p && typeof p.done === 'number' && typeof p.total === 'number' && typeof p.running === 'boolean';
}

function messageOf(e: unknown): string {
  if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') {
    return (e as { message: string }).message;
  }
  return typeof e === 'string' && e ? e : String(e);
}

export class AnalysisState {
  private readonly api: AnalysisApi;
  private readonly onError: (error: unknown) => void;
  private readonly onAnyUpdated: (entryId: number | null) => void;

  /** null until the analyser has said how it is. */
  status = $state<AnalyserStatus | null>(null);
  progress = $state<ReanalysisProgress | null>(null);
  cancelling = $state(false);

  /** The open entry (null: a new page). */
  docId = $state<number | null>(null);
  /** get_analysis has answered for docId. */
  loaded = $state(false);
  analysis = $state<EntryAnalysis | null>(null);
  /** The stored text `analysis` was read from (null when not known for sure). */
  analysedBody = $state<string | null>(null);

  /** What the store holds of the open entry. */
  private storedBody = '';
  private fetchSeq = 0;
  private statusSeq = 0;
  private progressSeq = 0;
  private unlisten: Unlisten[] = [];
  private stopped = false;

  constructor(options: AnalysisOptions) {
    this.api = options.api;
    this.onError = options.onError ?? (() => {});
    this.onAnyUpdated = options.onAnyUpdated ?? (() => {});
  }

  /** The labels the probabilities are in (the analyser's, or GoEmotions' order). */
  get labels(): readonly string[] {
    return labelsFromStatus(this.status);
  }

  /** What the panel shows while the editor holds `editorBody`. */
  view(editorBody: string): PanelView {
    return panelView({
      status: this.status,
      docId: this.docId,
      editorBody,
      loaded: this.loaded,
      analysis: this.analysis,
      analysedBody: this.analysedBody,
    });
  }

  /** Listens to the back end's events, then asks for the analyser's state and the re-analysis. */
  async start(): Promise<void> {
    this.stopped = false;
    const subscriptions: Array<Promise<Unlisten>> = [
      this.api.onAnalysisUpdated((p) => this.onAnalysisUpdated(p?.entry_id)),
      this.api.onAnalyserStatus((s) => this.setStatus(s)),
      this.api.onReanalysisProgress((p) => this.setProgress(p)),
    ];
    await Promise.all(
      subscriptions.map((s) =>
        s.then(
          (u) => (this.stopped ? u() : this.unlisten.push(u)),
          (e) => console.warn('emotion events unavailable', e),
        ),
      ),
    );
    await Promise.all([this.loadStatus(), this.loadProgress()]);
  }

  stop(): void {
    this.stopped = true;
    for (const u of this.unlisten.splice(0)) {
      try {
        u();
      } catch {
        /* already gone */
      }
    }
  }

  private async loadStatus(): Promise<void> {
    const seq = this.statusSeq;
    let status: AnalyserStatus;
    try {
      status = await this.api.analyserStatus();
    } catch (e) {
      // A back end without analysis (or a broken one): the diary works without it.
      status = { state: 'unavailable', message: messageOf(e) };
    }
    if (seq === this.statusSeq) this.setStatus(status); // else an event was newer
  }

  private async loadProgress(): Promise<void> {
    const seq = this.progressSeq;
    try {
      const p = await this.api.reanalysisProgress();
      if (seq === this.progressSeq) this.setProgress(p);
    } catch {
      /* no re-analysis to show */
    }
  }

  setStatus(status: AnalyserStatus): void {
    if (!isStatus(status)) return;
    ++this.statusSeq;
    const was = this.status?.state;
    this.status = status;
    // Ready again (or for the first time): the open entry may have been analysed meanwhile.
    if (status.state === 'ready' && was !== 'ready' && was !== undefined) void this.refresh();
  }

  setProgress(progress: ReanalysisProgress): void {
    if (!isProgress(progress)) return;
    ++this.progressSeq;
    this.progress = progress;
    if (!progress.running) this.cancelling = false;
  }

  /**
   * The open entry changed or was saved: `id` is the entry (null for a new page) and `storedBody`
   * what the store now holds of it.
   */
  setDoc(id: number | null, storedBody: string): void {
    this.storedBody = storedBody;
    if (id === this.docId) return;
    this.docId = id;
    this.analysis = null;
    this.analysedBody = null;
    this.loaded = id === null;
    if (id === null) ++this.fetchSeq;
    else void this.refresh();
  }

  private onAnalysisUpdated(entryId: unknown): void {
    try {
      this.onAnyUpdated(typeof entryId === 'number' ? entryId : null);
    } catch (e) {
      console.warn('analysis-updated listener', e);
    }
    if (typeof entryId === 'number' && entryId === this.docId) void this.refresh();
  }

  /** Fetches the analysis of the open entry. */
  async refresh(): Promise<void> {
    const id = this.docId;
    if (id === null) return;
    const seq = ++this.fetchSeq;
    const body = this.storedBody;
    let analysis: EntryAnalysis | null;
    try {
      analysis = normalizeAnalysis(await this.api.getAnalysis(id));
    } catch (e) {
      if (seq !== this.fetchSeq) return;
      console.warn('get_analysis failed', e);
      this.loaded = true; // show the placeholder (or the note); the next event tries again
      return;
    }
    if (seq !== this.fetchSeq || id !== this.docId) return;
    if (analysis && analysis.entry_id !== id) analysis = null;
    this.analysis = analysis;
    // A fresh analysis was read from what the store held when it answered. If a save landed
    // while the answer was on its way, which text it belongs to is not certain: the result is
    // shown as updating until the analysis of the new text arrives.
    this.analysedBody = analysis && !analysis.stale && body === this.storedBody ? body : null;
    this.loaded = true;
  }

  /** The cancel button of the re-analysis strip. */
  async cancelReanalysis(): Promise<void> {
    if (this.cancelling) return;
    this.cancelling = true;
    try {
      await this.api.cancelReanalysis();
      await this.loadProgress(); // in case the event that says it stopped is late
    } catch (e) {
      this.cancelling = false;
      this.onError(e);
    }
  }
}
