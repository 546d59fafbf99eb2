/**
 * The check-in panel's state for the open entry: the writer's stored word (if any), and while
 * they are changing it, the feelings picked and the optional pleasantness × energy point.
 * "That's right" stores the model's reading as theirs; "Clear" removes their word. After each
 * change `onChanged` lets the owner refresh what goes by the writer's word (recommendations,
 * the gentle-care note, the calendar's colours).
 */
import type { CheckIn } from '../bindings/CheckIn';
import type { Api } from './api';
import { QUICK_FEELINGS, cleanPoint, normalizeLabels, toggleLabel, type MoodPoint } from './checkin';
import { toAppError } from './errors';
import { Latest } from './latest';

export interface CheckInOptions {
  api: Pick<Api, 'getCheckin' | 'setCheckin' | 'clearCheckin'>;
  onChanged?: (entryId: number) => void;
}

export class CheckInState {
  private readonly api: CheckInOptions['api'];
  private readonly onChanged: (entryId: number) => void;

  /** The open entry (null: a new, unsaved page). */
  entryId = $state<number | null>(null);
  /** The writer's stored word (null: none, or not loaded). */
  stored = $state<CheckIn | null>(null);
  loaded = $state(false);
  /** The picker is open. */
  editing = $state(false);
  picked = $state<string[]>([]);
  point = $state<MoodPoint | null>(null);
  /** "More feelings": all 28 shown, not only the quick ones. */
  showAll = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);

  /** Loads and changes of the open entry's word: a newer one makes the older answers stale. */
  private readonly latest = new Latest();

  constructor(options: CheckInOptions) {
    this.api = options.api;
    this.onChanged = options.onChanged ?? (() => {});
  }

  /** The open entry changed (null: a new page): its word is asked for. */
  setEntry(id: number | null): void {
    if (id === this.entryId) return;
    this.entryId = id;
    this.stored = null;
    this.loaded = false;
    this.editing = false;
    this.error = null;
    this.latest.cancel();
    if (id !== null) void this.load();
  }

  async load(): Promise<void> {
    const id = this.entryId;
    if (id === null) return;
    await this.latest.ask(
      () => this.api.getCheckin(id),
      (c) => {
        this.stored = c;
        this.loaded = true;
      },
      (e) => (this.error = toAppError(e).message),
    );
  }

  /** Opens the picker, starting from the stored word, else from `suggested` (the model's reading). */
  edit(suggested: readonly string[] = []): void {
    const s = this.stored;
    this.picked = s ? normalizeLabels(s.labels) : normalizeLabels(suggested);
    this.point = s && s.pleasant !== null && s.energy !== null ? { pleasant: s.pleasant, energy: s.energy } : null;
    // Every picked feeling is on screen: one outside the quick ones opens all 28.
    this.showAll = this.picked.some((l) => !QUICK_SET.has(l));
    this.error = null;
    this.editing = true;
  }

  cancel(): void {
    this.editing = false;
    this.error = null;
  }

  toggle(label: string): void {
    this.picked = toggleLabel(this.picked, label);
  }

  setPoint(p: MoodPoint | null): void {
    this.point = p === null ? null : cleanPoint(p);
  }

  /** Stores the picked feelings (and point) as the writer's word. */
  save(): Promise<boolean> {
    return this.store(this.picked, this.point);
  }

  /** "That's right": the model's reading (`labels`) becomes the writer's word. */
  confirm(labels: readonly string[]): Promise<boolean> {
    return this.store(labels, null);
  }

  private store(labels: readonly string[], point: MoodPoint | null): Promise<boolean> {
    const clean = normalizeLabels(labels);
    if (clean.length === 0) return Promise.resolve(false);
    return this.change(
      (id) => this.api.setCheckin(id, clean, point?.pleasant ?? null, point?.energy ?? null),
      (stored) => {
        this.stored = stored;
        this.loaded = true;
      },
    );
  }

  /** Removes the writer's word: the model's reading counts again. */
  clear(): Promise<boolean> {
    return this.change(
      (id) => this.api.clearCheckin(id),
      () => {
        this.stored = null;
      },
    );
  }

  /** One change to the open entry's word at a time: `call` asks the back end, and `commit` takes
   *  its answer only while the same entry is open and no later change started. */
  private async change<T>(call: (id: number) => Promise<T>, commit: (answer: T) => void): Promise<boolean> {
    const id = this.entryId;
    if (id === null || this.busy) return false;
    const current = this.latest.start();
    this.busy = true;
    this.error = null;
    try {
      const answer = await call(id);
      if (!current() || id !== this.entryId) return false;
      commit(answer);
      this.editing = false;
      this.onChanged(id);
      return true;
    } catch (e) {
      if (current()) this.error = toAppError(e).message;
      return false;
    } finally {
      this.busy = false;
    }
  }
}

const QUICK_SET: ReadonlySet<string> = new Set(QUICK_FEELINGS);
