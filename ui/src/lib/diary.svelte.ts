/**
 * The state of the app and everything the person can do, independent of the components.
 * Components read the $state fields and call the methods. The parts with a life of their own
 * are state modules of their own, reached through it: the toasts (`toasts`), the search
 * (`search`), the window's settings (`prefs`), the emotions, history, recommendations, …
 */
import type { AppError } from '../bindings/AppError';
import type { AppStatus } from '../bindings/AppStatus';
import type { Entry } from '../bindings/Entry';
import type { EntrySummary } from '../bindings/EntrySummary';
import type { SearchHit } from '../bindings/SearchHit';
import { AnalysisState } from './analysis.svelte';
import { CalendarMonth } from './calendarMonth.svelte';
import { CalendarMoods } from './calendarMoods.svelte';
import { CheckInState } from './checkin.svelte';
import { DayEntries } from './dayEntries.svelte';
import { CalibrationSettings } from './calibration.svelte';
import { CareState } from './care.svelte';
import { EncryptionSettings, UnlockState } from './encryption.svelte';
import { EncryptionSuggestion, type FlagStorage } from './encryptionSuggestion.svelte';
import { YourData } from './yourData.svelte';
import type { Api } from './api';
import { Autosaver, realTimer, type SaveState, type TimerApi } from './autosave';
import { addDays, isISODate, monthOf, todayISO } from './dates';
import { toAppError } from './errors';
import { locale, t } from './locale.svelte';
import { HistoryState } from './historyState.svelte';
import { Latest } from './latest';
import { Locking } from './locking.svelte';
import { OnThisDay } from './onThisDay.svelte';
import { Preferences } from './preferences.svelte';
import { ReminderSettings } from './reminder.svelte';
import { RecommendationsState } from './recommendations.svelte';
import { SearchState } from './search.svelte';
import { Toasts } from './toasts.svelte';
import { effectiveWeekStart } from './weekStart';
import { isBlank } from './wordcount';

export type Phase = 'starting' | 'locked' | 'ready' | 'fatal';

export type CurrentDoc = {
  id: number | null;
  date: string;
  createdAt: string | null;
  language: string | null;
};

export type Popover = 'settings' | 'help' | null;

/** What the main area shows: the diary (editor) or the emotion history. */
export type View = 'diary' | 'history';

function docOf(entry: Entry): CurrentDoc {
  return { id: entry.id, date: entry.date, createdAt: entry.created_at, language: entry.language };
}

export interface DiaryOptions {
  api: Api;
  timer?: TimerApi;
  now?: () => Date;
  osLanguage?: () => string | undefined;
  /** Where UI-only flags are kept (default: localStorage when available). */
  storage?: FlagStorage | null;
  /**
   * After the shell locked the diary: forget everything decrypted. The default reloads the page,
   * which drops every entry, analysis and recommendation the page held and starts again at the
   * unlock screen (the shell says `locked`).
   */
  afterLock?: () => void;
}

export class Diary {
  private readonly api: Api;
  private readonly timer: TimerApi;
  private readonly now: () => Date;
  private readonly afterLock: () => void;
  readonly saver: Autosaver;
  /** Emotions of the open entry, the analyser's state and the background re-analysis. */
  readonly analysis: AnalysisState;
  /** The emotion history view's choices and data. */
  readonly history: HistoryState;
  /** Gentle care: the calm note after many heavy days, and its switch. */
  readonly care: CareState;
  /** Movies and songs for the open entry, the person's tastes and the feedback history. */
  readonly recs: RecommendationsState;
  /** The writer's own word on how the open entry's day felt. */
  readonly checkin: CheckInState;
  /** "Learn from my corrections": what Haru learned of the writer's way of naming feelings. */
  readonly calibration: CalibrationSettings;
  /** How the days of the calendar's year felt (its colours). */
  readonly moods: CalendarMoods;

  phase = $state<Phase>('starting');
  view = $state<View>('diary');
  status = $state<AppStatus | null>(null);
  fatal = $state<AppError | null>(null);
  /** The unlock screen's state while the diary is encrypted and locked. */
  unlock = $state<UnlockState | null>(null);
  /** Settings: turn encryption on, change the passphrase. */
  readonly encryption: EncryptionSettings;
  /** The calm "protect your diary with a passphrase?" note while the diary is not encrypted. */
  readonly encryptionSuggestion: EncryptionSuggestion;
  /** Language, theme, text size and the first day of the week. */
  readonly prefs: Preferences;
  /** The short message at the bottom (a delete's "Undo", notes, errors). */
  readonly toasts: Toasts;
  /** The search box: text, filters, tags and results. */
  readonly search: SearchState;
  /** "Lock now", the idle lock and its setting (encrypted diaries). */
  readonly lock: Locking;

  today = $state('');
  selectedDate = $state('');
  /** The calendar's month and the entry counts of its days. */
  readonly calendar: CalendarMonth;

  /** The selected day's entries, once listed. */
  readonly entries = new DayEntries();

  doc = $state<CurrentDoc>({ id: null, date: '', createdAt: null, language: null });
  body = $state('');
  /** Changes each time another document is put in the editor (for its fade-in). */
  docKey = $state(0);
  saveState = $state<SaveState>({ kind: 'idle' });
  opening = $state(false);

  /** Entries of the selected day's month and day in earlier years. */
  readonly onThisDay: OnThisDay;

  confirmingDelete = $state(false);
  popover = $state<Popover>(null);
  /** The About dialog is open. */
  aboutOpen = $state(false);
  /** "Your data" (backups, restore, export, import) is open. */
  dataOpen = $state(false);
  /** Backups, restore, export and import. */
  readonly data: YourData;
  /** The daily reminder and starting Haru at login. */
  readonly reminder: ReminderSettings;

  private editorReady = false;
  private uiReadySent = false;
  private closeWarned = false;
  /** Only the newest of each kind of ask lands: opening an entry, a day's list. */
  private readonly opens = new Latest();
  private readonly days = new Latest();
  private editorEl: HTMLTextAreaElement | null = null;

  constructor(options: DiaryOptions) {
    this.api = options.api;
    this.timer = options.timer ?? realTimer;
    this.now = options.now ?? (() => new Date());
    this.afterLock = options.afterLock ?? (() => window.location.reload());
    const today = todayISO(this.now());
    this.today = today;
    this.selectedDate = today;
    this.doc = { id: null, date: today, createdAt: null, language: null };
    this.toasts = new Toasts(this.timer);
    const onError = (e: unknown) => this.toasts.error(e);
    this.search = new SearchState({ api: this.api, timer: this.timer, onError });
    this.onThisDay = new OnThisDay(this.api);
    this.calendar = new CalendarMonth({
      api: this.api,
      month: monthOf(today),
      weekStartsOn: () => this.prefs.weekStartsOn,
      onLoad: (month) => void this.moods.show(month.year),
      onError,
    });
    this.lock = new Locking({
      api: this.api,
      timer: this.timer,
      now: this.now,
      ready: () => this.phase === 'ready',
      encrypted: () => this.status?.encrypted ?? false,
      save: () => this.saveBeforeLock(),
      onLocked: () => this.forgetLocked(),
      onError,
    });
    this.prefs = new Preferences({
      api: this.api,
      osLanguage: options.osLanguage ?? (() => (typeof navigator === 'undefined' ? undefined : navigator.language)),
      onError,
      onLang: (lang) => this.recs.setLang(lang),
      onWeekStart: () => this.syncWeekStart(),
    });
    this.history = new HistoryState({ api: this.api, today: () => this.today, onError });
    // The care note listens through the analysis (one `analysis-updated` subscription).
    const { careNote, dismissCare, careEnabled, setCareEnabled } = this.api;
    this.care = new CareState({ api: { careNote, dismissCare, careEnabled, setCareEnabled }, timer: this.timer });
    this.recs = new RecommendationsState({
      api: this.api,
      lang: () => locale.lang,
      onError,
      onMessage: (key) => this.toasts.message(key),
    });
    this.checkin = new CheckInState({ api: this.api, onChanged: (id) => this.onCheckinChanged(id) });
    // A switch or a reset changes the open entry's adjusted reading.
    this.calibration = new CalibrationSettings({ api: this.api, onChanged: () => void this.analysis.refresh() });
    this.moods = new CalendarMoods({ api: this.api, timer: this.timer });
    this.encryption = new EncryptionSettings({ api: this.api });
    this.encryptionSuggestion = new EncryptionSuggestion({ storage: options.storage });
    this.data = new YourData({
      api: this.api,
      encrypted: () => this.status?.encrypted ?? false,
      beforeChange: () => this.saver.flush(),
      afterChange: () => this.reloadDiary(),
    });
    this.reminder = new ReminderSettings({ api: this.api, onError });
    this.analysis = new AnalysisState({
      api: this.api,
      onError,
      onAnyUpdated: (entryId) => {
        this.moods.refreshSoon();
        this.care.onAnalysisUpdated();
        this.recs.onAnalysisUpdated(entryId);
      },
    });
    this.saver = new Autosaver(
      {
        save: (request) => this.api.saveEntry(request),
        timer: this.timer,
        onState: (s) => (this.saveState = s),
        onSaved: (entry, info) => this.onSaved(entry, info.created, info.current),
        onTrashed: (id, info) => this.onTrashed(id, info.date, info.current),
        onError: (error, info) => {
          if (!info.current) this.toasts.error(error);
        },
      },
      { id: null, date: today, body: '' },
    );
  }

  // ─── start ────────────────────────────────────────────────────────────────

  /** Calls app_status; on success loads settings and lists in the background. */
  async init(): Promise<void> {
    const settings = this.api.getSettings().catch(() => null);
    const display = this.api.getDisplaySettings().catch(() => null);
    let status: AppStatus;
    try {
      status = await this.api.appStatus();
    } catch (e) {
      this.fail(toAppError(e));
      return;
    }
    this.status = status;
    if (status.db_error?.code === 'locked') {
      // Encrypted: nothing is open until the passphrase is given; then start again.
      this.phase = 'locked';
      this.unlock = new UnlockState({ api: this.api, onUnlocked: () => this.init() });
      return;
    }
    this.unlock = null;
    if (status.db_error) {
      this.fail(status.db_error);
      return;
    }
    this.phase = 'ready';
    this.maybeUiReady();
    void this.analysis.start();
    void settings.then((s) => {
      if (s) this.prefs.applySettings(s);
    });
    void display.then((d) => {
      if (d) this.prefs.applyDisplay(d);
    });
    if (status.encrypted) void this.lock.load();
    void this.reminder.load();
    await Promise.all([this.calendar.load(), this.loadDay(this.selectedDate, 'latest-if-pristine')]);
    // Asked once the diary is on screen; failures are silent.
    if (this.phase === 'ready') {
      void this.care.start();
      void this.recs.start();
    }
  }

  private fail(error: AppError): void {
    this.fatal = error;
    this.phase = 'fatal';
    this.dispose();
  }

  /** The app is going away, or the diary closed (stops listening to the back end). */
  dispose(): void {
    this.lock.idle.stop();
    this.saver.dispose();
    this.analysis.stop();
    this.care.stop();
    this.recs.stop();
    this.moods.stop();
  }

  /** The editor is on screen and can take text. */
  markEditorReady(): void {
    this.editorReady = true;
    this.maybeUiReady();
  }

  private maybeUiReady(): void {
    if (this.uiReadySent || !this.editorReady || this.phase !== 'ready') return;
    this.uiReadySent = true;
    this.api.uiReady().catch(() => {});
  }

  registerEditor(el: HTMLTextAreaElement | null): void {
    this.editorEl = el;
  }

  focusEditor(): void {
    this.editorEl?.focus();
  }

  focusSearch(): void {
    this.popover = null;
    this.search.focus();
  }

  // ─── views ────────────────────────────────────────────────────────────────

  /** Shows the emotion history (saving what is pending first). */
  openHistory(): void {
    this.popover = null;
    void this.saver.flush();
    this.refreshToday();
    this.view = 'history';
    void this.history.load();
  }

  openDiary(): void {
    this.view = 'diary';
  }

  /** Mod+H. */
  toggleHistory(): void {
    if (this.view === 'history') this.openDiary();
    else this.openHistory();
  }

  /** The About dialog (from the settings). */
  openAbout(): void {
    this.popover = null;
    this.aboutOpen = true;
  }

  closeAbout(): void {
    this.aboutOpen = false;
  }

  /** "Your data" (from the settings). */
  openYourData(): void {
    this.popover = null;
    this.dataOpen = true;
    void this.data.open();
  }

  /** Closes "Your data" (not while its work runs: the buttons wait for it). */
  closeYourData(): void {
    if (this.data.busy) return;
    this.dataOpen = false;
    this.data.close();
  }

  /** A restore or an import changed the diary underneath: the selected day is read again from
   *  it (what was typed was saved before), and the page in the editor with it. */
  async reloadDiary(): Promise<void> {
    this.search.clear();
    this.openNew(this.selectedDate);
    this.onThisDay.date = null;
    void this.moods.load();
    await Promise.all([this.calendar.load(), this.loadDay(this.selectedDate, 'latest')]);
  }

  /** The encryption suggestion is shown (an open, unencrypted diary; not dismissed). */
  get showEncryptionSuggestion(): boolean {
    return this.encryptionSuggestion.visible({
      ready: this.phase === 'ready' && this.fatal === null && !this.status?.db_error,
      encrypted: this.status ? this.status.encrypted : null,
      busy: this.encryption.mode !== 'idle' || this.encryption.recoveryKey !== null,
    });
  }

  /** The suggestion's button: the settings, with the "encrypt my diary" form already open. */
  openEncryptionSettings(): void {
    this.popover = 'settings';
    if (this.encryption.mode === 'idle' && this.status?.encrypted === false) this.encryption.startEnabling();
  }

  dismissEncryptionSuggestion(): void {
    this.encryptionSuggestion.dismiss();
  }

  /** A dialog holds the keyboard (the app's shortcuts wait). */
  get modalOpen(): boolean {
    return this.confirmingDelete || this.aboutOpen || this.dataOpen || this.recs.historyOpen || this.recs.confirmingReset;
  }

  // ─── calendar and days ────────────────────────────────────────────────────

  /** After the week start or the language changed: weekly history and the calendar's dots follow. */
  private syncWeekStart(): void {
    const start = effectiveWeekStart(this.prefs.display.week_start, locale.lang);
    if (start === this.history.weekStart) return;
    this.history.weekStart = start;
    if (this.view === 'history' && this.history.by === 'week') void this.history.loadRange();
    if (this.phase === 'ready') void this.calendar.load();
  }

  refreshToday(): void {
    this.today = todayISO(this.now());
  }

  /**
   * Selects a day: saves what is pending, then lists the day's entries and opens one.
   * `openId`/`entry` open that entry; otherwise the newest entry of the day, or a new page.
   */
  async selectDate(date: string, opts: { openId?: number; entry?: Entry } = {}): Promise<void> {
    if (!isISODate(date)) return;
    this.view = 'diary';
    this.selectedDate = date;
    void this.calendar.show(monthOf(date));
    if (opts.entry) this.openLoaded(opts.entry);
    const current = this.days.start();
    await this.saver.flush();
    if (!current()) return;
    if (opts.openId !== undefined) void this.openEntry(opts.openId);
    // Re-selecting the day of the page being written keeps that page.
    const keep = opts.entry !== undefined || opts.openId !== undefined || (this.doc.date === date && !this.opening);
    await this.loadDay(date, keep ? 'none' : 'latest', current);
  }

  prevDay(): Promise<void> {
    return this.selectDate(addDays(this.selectedDate, -1));
  }

  nextDay(): Promise<void> {
    return this.selectDate(addDays(this.selectedDate, 1));
  }

  goToday(): Promise<void> {
    this.refreshToday();
    return this.selectDate(this.today);
  }

  /** A search result: its day, with it open. */
  openHit(hit: SearchHit): Promise<void> {
    return this.selectDate(hit.entry.date, { openId: hit.entry.id });
  }

  private async loadDay(date: string, open: 'none' | 'latest' | 'latest-if-pristine', current = this.days.start()): Promise<void> {
    this.onThisDay.follow(date);
    let list: EntrySummary[];
    try {
      list = await this.api.listEntries(date, date);
    } catch (e) {
      if (current()) this.toasts.error(e);
      return;
    }
    if (!current()) return;
    list = this.entries.put(date, list, this.doc.date === date ? this.doc.id : null);
    if (open === 'none') return;
    if (open === 'latest-if-pristine' && !this.isPristine()) return;
    if (list.length > 0) await this.openEntry(list[0].id);
    else if (!(this.isPristine() && this.doc.date === date)) this.openNew(date);
  }

  /** A new page nobody has written on. */
  isPristine(): boolean {
    return this.doc.id === null && isBlank(this.body) && !this.opening;
  }

  // ─── editor ───────────────────────────────────────────────────────────────

  async openEntry(id: number): Promise<void> {
    this.view = 'diary';
    if (this.doc.id === id && !this.opening) return;
    const current = this.opens.start();
    this.opening = true;
    // Wait for pending saves: get_entry must not read a version older than what is on its way.
    await this.saver.flush();
    if (!current()) return;
    let entry: Entry;
    try {
      entry = await this.api.getEntry(id);
    } catch (e) {
      if (current()) {
        this.opening = false;
        this.toasts.error(e);
      }
      return;
    }
    if (!current()) return;
    this.openLoaded(entry);
  }

  /** Puts a loaded entry in the editor (the previous document is saved if it has changes). */
  openLoaded(entry: Entry): void {
    this.opens.cancel();
    this.opening = false;
    this.saver.open({ id: entry.id, date: entry.date, body: entry.body });
    this.doc = docOf(entry);
    this.body = entry.body;
    this.follow(entry.id, entry.body);
    this.docKey++;
  }

  /** A new, empty page for `date` (nothing is stored until something is written). */
  openNew(date: string): void {
    this.opens.cancel();
    this.opening = false;
    this.saver.open({ id: null, date, body: '' });
    this.doc = { id: null, date, createdAt: null, language: null };
    this.body = '';
    this.follow(null, '');
    this.docKey++;
  }

  /** What goes by the open entry follows it (`id` null: a page not stored yet). */
  private follow(id: number | null, body: string): void {
    this.analysis.setDoc(id, body);
    this.recs.setEntry(id);
    this.checkin.setEntry(id);
  }

  /** The "New entry" button and Mod+N. */
  newEntry(): void {
    this.popover = null;
    this.view = 'diary';
    const date = this.selectedDate;
    if (!(this.isPristine() && this.doc.date === date)) this.openNew(date);
    this.focusEditor();
  }

  edit(body: string): void {
    this.toasts.typed();
    this.body = body;
    this.saver.edit(body);
  }

  /** The writer's word on an entry changed: what goes by it is asked again. */
  private onCheckinChanged(entryId: number): void {
    if (entryId === this.doc.id) void this.recs.refresh();
    void this.care.refresh();
    void this.moods.load();
  }

  /** Blur, window hidden, etc. */
  flush(): Promise<void> {
    return this.saver.flush();
  }

  private onSaved(entry: Entry, created: boolean, current: boolean): void {
    this.closeWarned = false;
    if (current) {
      this.doc = docOf(entry);
      this.follow(entry.id, entry.body);
    }
    if (created) this.calendar.added(entry.date);
    this.entries.saved(entry);
  }

  private onTrashed(id: number, date: string, current: boolean): void {
    this.removeFromLists(id, date);
    if (current) {
      this.doc = { ...this.doc, id: null, createdAt: null };
      this.follow(null, '');
    }
    this.toasts.deleted(id);
  }

  /** Entry `id` of `date` went away: it leaves the lists. Returns the entry now in its place in the day's list. */
  private removeFromLists(id: number, date: string): EntrySummary | undefined {
    this.calendar.removed(date);
    this.search.forget(id);
    return this.entries.removed(id, date);
  }

  // ─── delete and undo ──────────────────────────────────────────────────────

  /** The delete button: saves what is pending, then asks for confirmation. */
  async requestDelete(): Promise<void> {
    this.popover = null;
    await this.saver.flush();
    if (this.doc.id === null || this.opening) return;
    this.confirmingDelete = true;
  }

  cancelDelete(): void {
    this.confirmingDelete = false;
  }

  async confirmDelete(): Promise<void> {
    this.confirmingDelete = false;
    const id = this.doc.id;
    const date = this.doc.date;
    if (id === null) return;
    await this.saver.flush();
    try {
      await this.api.trashEntry(id);
    } catch (e) {
      this.toasts.error(e);
      return;
    }
    const next = this.removeFromLists(id, date);
    if (this.doc.id === id) {
      this.saver.discardChanges();
      this.openNew(date);
      if (next) void this.openEntry(next.id);
    }
    this.toasts.deleted(id);
  }

  /** "Undo" in the toast, or Mod+Z while it is shown. */
  async undoDelete(): Promise<void> {
    const undoId = this.toasts.current?.undoId ?? null;
    if (undoId === null) return;
    this.toasts.dismiss();
    let entry: Entry;
    try {
      entry = await this.api.restoreEntry(undoId);
    } catch (e) {
      this.toasts.error(e);
      return;
    }
    this.calendar.added(entry.date);
    await this.selectDate(entry.date, { entry });
    this.toasts.show({ kind: 'info', message: t('toast.restored'), undoId: null }, 3000);
  }

  /** Whether Mod+Z should undo the delete rather than the text field. */
  canUndoDeleteByKey(): boolean {
    return this.toasts.undoByKey !== null;
  }

  // ─── locking (encrypted diaries) ───────────────────────────────────────────

  /** Before locking: what is typed and chosen is saved, or the person is told why not. */
  private async saveBeforeLock(): Promise<boolean> {
    await Promise.all([this.saver.flush(), ...this.prefs.writes]);
    if (!this.saver.hasUnsaved()) return true;
    this.tellUnsaved('lock.unsaved');
    return false;
  }

  /** The shell has locked: the page forgets everything decrypted and shows the unlock screen. */
  private forgetLocked(): void {
    this.dispose();
    this.popover = null;
    this.body = '';
    this.entries.list = [];
    this.search.results = null;
    this.onThisDay.entries = [];
    this.unlock = new UnlockState({ api: this.api, onUnlocked: () => this.init() });
    this.phase = 'locked';
    this.afterLock();
  }

  // ─── closing ──────────────────────────────────────────────────────────────

  /**
   * The window is about to close: waits for pending saves (at most `timeoutMs`). Returns false
   * (keep the window open) once if something could not be saved, and tells the person; a second
   * close goes through.
   */
  async beforeClose(timeoutMs = 10_000): Promise<boolean> {
    let handle: unknown = null;
    const finished = await Promise.race([
      // The text, and a settings choice made just before closing.
      Promise.all([this.saver.flush(), ...this.prefs.writes]).then(() => true),
      new Promise<boolean>((resolve) => (handle = this.timer.set(() => resolve(false), timeoutMs))),
    ]);
    if (handle !== null) this.timer.clear(handle);
    if (this.phase !== 'ready' || this.closeWarned) return true;
    if (finished && !this.saver.hasUnsaved()) return true;
    this.closeWarned = true;
    this.tellUnsaved('toast.unsavedOnClose');
    return false;
  }

  /** Says that the text is not saved (`key`): why, or that it is still on its way. */
  private tellUnsaved(key: 'lock.unsaved' | 'toast.unsavedOnClose'): void {
    const s = this.saveState;
    const message = s.kind === 'error' ? s.error.message : t('status.saving');
    this.toasts.show({ kind: 'error', message: t(key, { message }), undoId: null });
  }
}
