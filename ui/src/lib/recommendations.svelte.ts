/**
 * The recommendations panel's state: the open entry's movies and songs, the strategy, the
 * feedback buttons (optimistic), the person's tastes (onboarding), the feedback history, the
 * "reset what Haru learned" confirmation and the catalogue import. Owned by the Diary, which
 * tells it which entry is open and forwards `analysis-updated`.
 */
import type { CatalogueProgress } from '../bindings/CatalogueProgress';
import type { CatalogueStats } from '../bindings/CatalogueStats';
import type { EntryRecommendations } from '../bindings/EntryRecommendations';
import type { FeedbackHistory } from '../bindings/FeedbackHistory';
import type { FeedbackValue } from '../bindings/FeedbackValue';
import type { ImportReport } from '../bindings/ImportReport';
import type { Recommendation } from '../bindings/Recommendation';
import type { RecommendationPrefs } from '../bindings/RecommendationPrefs';
import type { Strategy } from '../bindings/Strategy';
import type { Api, Unlisten } from './api';
import { toAppError } from './errors';
import { translate, type Lang, type MessageKey } from './i18n';
import {
  ERAS,
  MAX_IMPORT_BYTES,
  isProgress,
  normalizePrefs,
  normalizeRecommendations,
  normalizeYear,
  toggleIn,
  type EraId,
} from './recommend';

export type RecsApi = Pick<
  Api,
  | 'showRecommendations'
  | 'sendFeedback'
  | 'feedbackHistory'
  | 'getRecommendationPrefs'
  | 'setRecommendationPrefs'
  | 'resetLearning'
  | 'catalogueStats'
  | 'importCatalogue'
  | 'onCatalogueProgress'
>;

export interface RecsOptions {
  api: RecsApi;
  /** The UI language (the explanations come in it). */
  lang?: () => Lang;
  /** A button the person pressed failed: tell them (a toast). */
  onError?: (error: unknown) => void;
  /** Something worth a short confirmation (a toast). */
  onMessage?: (key: MessageKey) => void;
}

/** What the panel shows besides the cards. */
export type RecsPhase = 'idle' | 'loading' | 'waiting' | 'error' | 'ready';

/** A file picked in the import control (a `File` has all of this). */
export type ImportFile = { name: string; size?: number; text: () => Promise<string> };

export class RecommendationsState {
  private readonly api: RecsApi;
  private readonly langOf: () => Lang;
  private readonly onError: (error: unknown) => void;
  private readonly onMessage: (key: MessageKey) => void;

  /** The open entry (null: a new page, nothing to recommend for). */
  entryId = $state<number | null>(null);
  /** The last answer for `entryId` (null until the first one). */
  data = $state<EntryRecommendations | null>(null);
  loading = $state(false);
  /** Why show_recommendations failed (shown calmly in the panel), or null. */
  error = $state<string | null>(null);
  /** The strategy picked in the panel (null: the saved default). */
  chosen = $state<Strategy | null>(null);
  /** Cards put away by dislike / seen / not-now for this entry (hidden at once, before the back end answers). */
  hidden = $state<string[]>([]);

  /** The person's tastes (null: not known; then no onboarding card is shown). */
  prefs = $state<RecommendationPrefs | null>(null);
  /** The tastes card's choices while it is open. */
  draft = $state<RecommendationPrefs | null>(null);
  /** "Your tastes" was opened from the panel (after the onboarding). */
  editingTastes = $state(false);
  savingTastes = $state(false);
  stats = $state<CatalogueStats | null>(null);

  historyOpen = $state(false);
  history = $state<FeedbackHistory | null>(null);
  historyError = $state<string | null>(null);
  confirmingReset = $state(false);

  importing = $state(false);
  progress = $state<CatalogueProgress | null>(null);
  importReport = $state<ImportReport | null>(null);
  importError = $state<string | null>(null);

  private lang: Lang;
  private seq = 0;
  private historySeq = 0;
  private unlisten: Unlisten | null = null;
  private stopped = false;

  constructor(options: RecsOptions) {
    this.api = options.api;
    this.langOf = options.lang ?? (() => 'en');
    this.onError = options.onError ?? (() => {});
    this.onMessage = options.onMessage ?? (() => {});
    this.lang = this.langOf();
  }

  // ─── derived ──────────────────────────────────────────────────────────────

  /** The strategy the segmented control shows. */
  get strategy(): Strategy {
    return this.chosen ?? this.data?.strategy ?? this.prefs?.strategy ?? 'match';
  }

  get movies(): Recommendation[] {
    return this.visible(this.data?.movies);
  }

  get music(): Recommendation[] {
    return this.visible(this.data?.music);
  }

  private visible(list: Recommendation[] | undefined): Recommendation[] {
    return (list ?? []).filter((r) => !this.hidden.includes(r.id));
  }

  get phase(): RecsPhase {
    if (this.entryId === null) return 'idle';
    if (this.error !== null && this.data === null) return 'error';
    if (this.data === null) return 'loading';
    if (this.data.movies.length === 0 && this.data.music.length === 0) return 'waiting';
    return 'ready';
  }

  /** Whether the tastes card shows: the onboarding until saved or skipped, or "Your tastes". */
  get tastesOpen(): boolean {
    return this.editingTastes || (this.prefs !== null && !this.prefs.onboarded);
  }

  /** The era preset the draft's years are (null: a custom range). */
  get draftEra(): EraId | null {
    const d = this.draft;
    if (!d) return 'any';
    return ERAS.find((e) => e.from === d.from_year && e.to === d.to_year)?.id ?? null;
  }

  // ─── life ─────────────────────────────────────────────────────────────────

  /** Listens to the catalogue's progress and asks for the person's tastes. */
  async start(): Promise<void> {
    this.stopped = false;
    try {
      const u = await this.api.onCatalogueProgress((p) => this.setProgress(p));
      if (this.stopped) u();
      else this.unlisten = u;
    } catch (e) {
      console.warn('catalogue events unavailable', e);
    }
    if (this.stopped) return;
    await this.loadPrefs();
  }

  stop(): void {
    this.stopped = true;
    try {
      this.unlisten?.();
    } catch {
      /* already gone */
    }
    this.unlisten = null;
  }

  setProgress(p: CatalogueProgress): void {
    if (isProgress(p)) this.progress = p;
  }

  // ─── the cards ────────────────────────────────────────────────────────────

  /** The open entry changed (null: a new page). */
  setEntry(id: number | null): void {
    if (id === this.entryId) return;
    this.entryId = id;
    this.data = null;
    this.error = null;
    this.hidden = [];
    ++this.seq;
    this.loading = false;
    if (id !== null) void this.refresh();
  }

  /** `analysis-updated`: the open entry's emotions changed, so may its recommendations. */
  onAnalysisUpdated(entryId: number | null): void {
    if (entryId !== null && entryId === this.entryId) void this.refresh();
  }

  /** The UI language changed: the explanations are asked again in it. */
  setLang(lang: Lang): void {
    if (lang === this.lang) return;
    this.lang = lang;
    if (this.entryId !== null) void this.refresh();
  }

  /** Asks for the open entry's recommendations. */
  async refresh(): Promise<void> {
    const id = this.entryId;
    if (id === null) return;
    const seq = ++this.seq;
    this.loading = true;
    let answer: EntryRecommendations | null;
    try {
      answer = normalizeRecommendations(await this.api.showRecommendations(id, this.chosen, this.lang));
    } catch (e) {
      if (seq !== this.seq) return;
      this.loading = false;
      this.error = toAppError(e).message;
      return;
    }
    if (seq !== this.seq || id !== this.entryId) return;
    this.loading = false;
    if (answer === null || answer.entry_id !== id) {
      this.error = translate(this.lang, 'recs.badAnswer');
      return;
    }
    this.error = null;
    this.data = answer;
  }

  /** The strategy switch: asks again, and keeps the choice as the default for next time. */
  setStrategy(strategy: Strategy): void {
    if (strategy === this.strategy) return;
    this.chosen = strategy;
    void this.refresh();
    const prefs = this.prefs;
    if (prefs && prefs.strategy !== strategy) {
      this.prefs = { ...prefs, strategy };
      this.api.setRecommendationPrefs({ ...prefs, strategy }).then(
        (stored) => {
          // Only if nothing else changed the tastes meanwhile.
          if (this.prefs?.strategy === strategy) this.prefs = normalizePrefs(stored);
        },
        (e) => console.warn('saving the strategy failed', e),
      );
    }
  }

  /**
   * A feedback button. `like` marks the card; `dislike`, `seen` and `not-now` put it away at once
   * and ask again (a replacement appears). A failure brings the card back and is reported.
   */
  async feedback(item: Recommendation, value: FeedbackValue): Promise<void> {
    const entryId = this.entryId;
    if (value === 'like') {
      if (item.feedback === 'like') return;
      const before = item.feedback;
      this.mark(item.id, 'like');
      try {
        await this.api.sendFeedback(entryId, item.id, 'like');
      } catch (e) {
        this.mark(item.id, before);
        this.onError(e);
        return;
      }
      this.history = null; // read again when the history is opened
      return;
    }
    if (!this.hidden.includes(item.id)) this.hidden = [...this.hidden, item.id];
    try {
      await this.api.sendFeedback(entryId, item.id, value);
    } catch (e) {
      if (entryId === this.entryId) this.hidden = this.hidden.filter((x) => x !== item.id);
      this.onError(e);
      return;
    }
    this.history = null;
    if (entryId === this.entryId) await this.refresh();
  }

  private mark(id: string, value: FeedbackValue | null): void {
    const d = this.data;
    if (!d) return;
    const set = (list: Recommendation[]) => list.map((r) => (r.id === id ? { ...r, feedback: value } : r));
    this.data = { ...d, movies: set(d.movies), music: set(d.music) };
  }

  // ─── tastes ───────────────────────────────────────────────────────────────

  async loadPrefs(): Promise<void> {
    let prefs: RecommendationPrefs;
    try {
      prefs = normalizePrefs(await this.api.getRecommendationPrefs());
    } catch (e) {
      console.warn('get_recommendation_prefs failed', e);
      return; // no onboarding card: the cards work without tastes
    }
    if (this.stopped) return;
    this.prefs = prefs;
    if (!prefs.onboarded) this.beginDraft();
  }

  async loadStats(): Promise<void> {
    try {
      this.stats = await this.api.catalogueStats();
    } catch (e) {
      console.warn('catalogue_stats failed', e);
    }
  }

  private beginDraft(): void {
    this.draft = normalizePrefs(this.prefs ?? {});
    if (this.stats === null) void this.loadStats();
  }

  /** "Your tastes" in the panel. */
  openTastes(): void {
    this.editingTastes = true;
    this.beginDraft();
  }

  toggleGenre(genre: string): void {
    if (this.draft) this.draft = { ...this.draft, genres: toggleIn(this.draft.genres, genre) };
  }

  toggleLanguage(code: string): void {
    if (this.draft) this.draft = { ...this.draft, languages: toggleIn(this.draft.languages, code) };
  }

  setEra(id: EraId): void {
    const era = ERAS.find((e) => e.id === id);
    if (this.draft && era) this.draft = { ...this.draft, from_year: era.from, to_year: era.to };
  }

  /** The year inputs ('' or nonsense: no limit). */
  setYears(from: unknown, to: unknown): void {
    if (this.draft) this.draft = { ...this.draft, from_year: normalizeYear(from), to_year: normalizeYear(to) };
  }

  /** Saves the tastes card's choices (also ends the onboarding) and asks again. */
  saveTastes(): Promise<void> {
    const draft = normalizePrefs(this.draft ?? this.prefs ?? {});
    return this.storeTastes({ ...draft, strategy: this.prefs?.strategy ?? draft.strategy, onboarded: true }, true);
  }

  /** Skip (onboarding) or close (editing): nothing changes but the onboarding is over. */
  skipTastes(): Promise<void> {
    if (this.prefs?.onboarded) {
      this.closeTastes();
      return Promise.resolve();
    }
    return this.storeTastes({ ...normalizePrefs(this.prefs ?? {}), onboarded: true }, false);
  }

  private closeTastes(): void {
    this.editingTastes = false;
    this.draft = null;
  }

  private async storeTastes(next: RecommendationPrefs, refetch: boolean): Promise<void> {
    const before = this.prefs;
    this.prefs = next;
    this.closeTastes();
    this.savingTastes = true;
    try {
      this.prefs = normalizePrefs(await this.api.setRecommendationPrefs(next));
    } catch (e) {
      this.prefs = before ? { ...before, onboarded: true } : next; // do not ask again this session
      this.savingTastes = false;
      this.onError(e);
      return;
    }
    this.savingTastes = false;
    if (refetch) await this.refresh();
  }

  // ─── feedback history ─────────────────────────────────────────────────────

  openHistory(): void {
    this.historyOpen = true;
    void this.loadHistory();
  }

  closeHistory(): void {
    this.historyOpen = false;
    this.confirmingReset = false;
  }

  async loadHistory(): Promise<void> {
    const seq = ++this.historySeq;
    this.historyError = null;
    try {
      const h = await this.api.feedbackHistory();
      if (seq !== this.historySeq) return;
      this.history = h;
    } catch (e) {
      if (seq !== this.historySeq) return;
      this.historyError = toAppError(e).message;
    }
  }

  requestReset(): void {
    this.confirmingReset = true;
  }

  cancelReset(): void {
    this.confirmingReset = false;
  }

  /** Forgets what Haru learned from the buttons, then shows fresh history and cards. */
  async confirmReset(): Promise<void> {
    this.confirmingReset = false;
    try {
      await this.api.resetLearning();
    } catch (e) {
      this.onError(e);
      return;
    }
    this.onMessage('recs.resetDone');
    this.hidden = [];
    await Promise.all([this.historyOpen ? this.loadHistory() : null, this.refresh()]);
  }

  // ─── import ───────────────────────────────────────────────────────────────

  /** Reads the picked file as text and imports it; the report lists what was added and each bad row. */
  async importFile(file: ImportFile): Promise<void> {
    if (this.importing) return;
    this.importReport = null;
    this.importError = null;
    if (typeof file.size === 'number' && file.size > MAX_IMPORT_BYTES) {
      this.importError = translate(this.lang, 'recs.importTooBig', { size: MAX_IMPORT_BYTES / (1024 * 1024) });
      return;
    }
    this.importing = true;
    let report: ImportReport;
    try {
      const contents = await file.text();
      const answer = await this.api.importCatalogue(file.name, contents);
      report = {
        imported: typeof answer?.imported === 'number' ? answer.imported : 0,
        errors: Array.isArray(answer?.errors) ? answer.errors : [],
      };
      this.importReport = report;
    } catch (e) {
      this.importError = translate(this.lang, 'recs.importFailed', { message: toAppError(e).message });
      return;
    } finally {
      this.importing = false;
    }
    void this.loadStats();
    if (report.imported > 0) await this.refresh();
  }
}
