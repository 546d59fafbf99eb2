import type { AppError } from '../bindings/AppError';
import type { Entry } from '../bindings/Entry';
import type { SaveOutcome } from '../bindings/SaveOutcome';
import type { SaveRequest } from '../bindings/SaveRequest';
import { toAppError } from './errors';
import { isBlank } from './wordcount';

/** Injectable timer (tests drive time by hand). */
export interface TimerApi {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimer: TimerApi = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * What the editor shows for the document being edited:
 * - idle: nothing stored and nothing to store (a new page, empty or blank);
 * - saved: what is on screen is what is stored;
 * - pending: changes wait for the debounce or are being written ("Saving…");
 * - empty-pending: a stored entry was emptied; it is sent (and so trashed) only on flush,
 *   never while the person pauses in the middle of rewriting it;
 * - error: the last attempt failed; the text stays on screen and is tried again on the next
 *   edit or flush.
 */
export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saved' }
  | { kind: 'pending' }
  | { kind: 'empty-pending' }
  | { kind: 'error'; error: AppError };

export interface DocInput {
  id: number | null;
  date: string;
  body: string;
}

/** The saver's view of one document. `id` becomes known after its first save creates it. */
export interface DocHandle {
  readonly id: number | null;
  readonly date: string;
}

class Doc implements DocHandle {
  id: number | null;
  date: string;
  body: string;
  /** The body the store holds for this document (or "" when nothing is stored). */
  savedBody: string;
  queued = false;
  inFlight = false;
  error: AppError | null = null;

  constructor(input: DocInput) {
    this.id = input.id;
    this.date = input.date;
    this.body = input.body;
    this.savedBody = input.body;
  }

  needsSave(): boolean {
    if (this.body === this.savedBody) return false;
    // Nothing stored and nothing worth storing: never send it.
    if (this.id === null && isBlank(this.body)) return false;
    return true;
  }

  /** A stored entry that has been emptied: deleting it waits for a flush. */
  emptied(): boolean {
    return this.id !== null && isBlank(this.body) && this.body !== this.savedBody;
  }
}

export interface SaveInfo {
  /** The document the save belongs to. */
  doc: DocHandle;
  /** Whether that document is still the one in the editor. */
  current: boolean;
}

export interface AutosaverOptions {
  save: (request: SaveRequest) => Promise<SaveOutcome>;
  delayMs?: number;
  timer?: TimerApi;
  /** The state of the current document changed. */
  onState?: (state: SaveState) => void;
  /** An entry was stored; `created` when this save created it. */
  onSaved?: (entry: Entry, info: SaveInfo & { created: boolean }) => void;
  /** An existing entry was emptied and the store moved it to the trash. */
  onTrashed?: (id: number, info: SaveInfo & { date: string }) => void;
  /** A save failed. */
  onError?: (error: AppError, info: SaveInfo) => void;
}

/**
 * Debounced, serialising autosave.
 *
 * - Edits are saved `delayMs` after the last keystroke; `flush()` saves at once and resolves
 *   when everything queued has been written (or has failed).
 * - Never two saves in flight: a single loop writes one document at a time, in order.
 * - A new document's first save creates the entry; its id is recorded before the next save of
 *   that document starts, so later saves update it and never create a duplicate.
 * - Switching to another document with `open()` queues the previous one if it has changes; the
 *   outcome of that save is applied to the previous document, not to the new one.
 * - Blank text is never stored: a new blank page is never sent, and an emptied entry is sent
 *   only on flush (the store trashes it and answers "trashed").
 */
export class Autosaver {
  private readonly opts: AutosaverOptions;
  private readonly delayMs: number;
  private readonly timer: TimerApi;
  private cur: Doc;
  private timerHandle: unknown = null;
  private readonly queue: Doc[] = [];
  /** Documents whose last save failed: tried again on the next flush. */
  private readonly failed = new Set<Doc>();
  private running: Promise<void> | null = null;
  private lastState: SaveState | null = null;

  constructor(opts: AutosaverOptions, initial: DocInput = { id: null, date: '', body: '' }) {
    this.opts = opts;
    this.delayMs = opts.delayMs ?? 400;
    this.timer = opts.timer ?? realTimer;
    this.cur = new Doc(initial);
  }

  /** The document in the editor. */
  get current(): DocHandle & { readonly body: string } {
    return this.cur;
  }

  get state(): SaveState {
    const d = this.cur;
    if (d.error && !d.queued && !d.inFlight) return { kind: 'error', error: d.error };
    if (d.needsSave()) {
      if (d.emptied() && !d.queued && !d.inFlight) return { kind: 'empty-pending' };
      return { kind: 'pending' };
    }
    if (d.inFlight || d.queued) return { kind: 'pending' };
    return d.id === null ? { kind: 'idle' } : { kind: 'saved' };
  }

  /** Whether a save is queued, waiting for the debounce, or in flight. */
  get busy(): boolean {
    return this.running !== null || this.timerHandle !== null;
  }

  /** Whether some text is not stored (pending, failed, or an emptied entry not yet trashed). */
  hasUnsaved(): boolean {
    if (this.cur.needsSave()) return true;
    for (const d of this.failed) if (d.needsSave()) return true;
    return this.queue.some((d) => d.needsSave());
  }

  /**
   * Puts another document in the editor. The previous one, if it has changes, is queued for
   * saving right away (its outcome is applied to it, not to the new document).
   */
  open(input: DocInput): void {
    this.cancelTimer();
    const prev = this.cur;
    this.cur = new Doc(input);
    if (prev.needsSave()) this.request(prev);
    this.emitState();
  }

  /** The editor's text changed. */
  edit(body: string): void {
    const d = this.cur;
    if (body === d.body) return;
    d.body = body;
    d.error = null;
    this.failed.delete(d);
    this.cancelTimer();
    if (d.needsSave() && !d.emptied()) {
      this.timerHandle = this.timer.set(() => {
        this.timerHandle = null;
        if (this.cur === d && d.needsSave() && !d.emptied()) this.request(d);
      }, this.delayMs);
    }
    this.emitState();
  }

  /**
   * Saves now whatever is not saved (the current document, including an emptied entry, and
   * documents whose save failed before), and resolves once the queue is empty. Never rejects.
   */
  flush(): Promise<void> {
    this.cancelTimer();
    for (const d of [...this.failed]) {
      this.failed.delete(d);
      if (d.needsSave()) this.request(d);
    }
    if (this.cur.needsSave()) this.request(this.cur);
    return this.running ?? Promise.resolve();
  }

  /**
   * Forgets unsaved changes of the current document (it was just deleted: nothing of it may be
   * written again).
   */
  discardChanges(): void {
    this.cancelTimer();
    this.cur.savedBody = this.cur.body;
    this.cur.error = null;
    this.failed.delete(this.cur);
    this.emitState();
  }

  /** Stops the debounce timer (the saver can be dropped after a flush). */
  dispose(): void {
    this.cancelTimer();
  }

  private cancelTimer(): void {
    if (this.timerHandle !== null) {
      this.timer.clear(this.timerHandle);
      this.timerHandle = null;
    }
  }

  private request(doc: Doc): void {
    if (!doc.queued) {
      doc.queued = true;
      this.queue.push(doc);
    }
    if (this.running === null) this.running = this.run();
    this.emitState();
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      console.error('autosave callback failed', e);
    }
  }

  private async run(): Promise<void> {
    // Must come first: `this.running = this.run()` has to be assigned before the loop can end
    // (and reset it). It also lets the caller finish its synchronous work first.
    await Promise.resolve();
    for (;;) {
      const doc = this.queue.shift();
      if (!doc) {
        // Decided synchronously with the check above: a request after this starts a new loop.
        this.running = null;
        this.emitState();
        return;
      }
      doc.queued = false;
      if (!doc.needsSave()) continue;
      const body = doc.body;
      const request: SaveRequest = { id: doc.id, date: doc.date, body };
      doc.inFlight = true;
      this.emitState();
      let outcome: SaveOutcome | null = null;
      let error: AppError | null = null;
      try {
        outcome = await this.opts.save(request);
      } catch (e) {
        error = toAppError(e);
      }
      doc.inFlight = false;
      const info = { doc, current: doc === this.cur };
      if (error) {
        if (error.code === 'empty_entry') {
          // The store found nothing worth keeping: not an error for the person writing.
          doc.savedBody = body;
          doc.error = null;
        } else {
          doc.error = error;
          this.failed.add(doc);
          this.emitState();
          this.safely(() => this.opts.onError?.(error, info));
          continue;
        }
      } else if (outcome) {
        doc.error = null;
        this.failed.delete(doc);
        switch (outcome.kind) {
          case 'saved': {
            const created = doc.id === null;
            doc.id = outcome.entry.id;
            doc.savedBody = body;
            this.emitState();
            const entry = outcome.entry;
            this.safely(() => this.opts.onSaved?.(entry, { ...info, created }));
            break;
          }
          case 'empty':
            doc.savedBody = body;
            break;
          case 'trashed':
            // The entry is in the trash: from now on this page is a new, unsaved one.
            doc.id = null;
            doc.savedBody = body;
            this.emitState();
            const id = outcome.id;
            this.safely(() => this.opts.onTrashed?.(id, { ...info, date: doc.date }));
            break;
        }
      }
      this.emitState();
    }
  }

  private emitState(): void {
    const s = this.state;
    const last = this.lastState;
    const same =
      last !== null &&
      last.kind === s.kind &&
      (s.kind !== 'error' || (last.kind === 'error' && last.error === s.error));
    if (same) return;
    this.lastState = s;
    this.safely(() => this.opts.onState?.(s));
  }
}
