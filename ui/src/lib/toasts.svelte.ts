// The one short message at the bottom of the window: a deleted entry with its "Undo", a note,
// an error. Every part of the app reports through it, so it is a small state of its own that
// they share (and that the toast component reads) rather than a corner of the whole diary.
// It also knows whether Mod+Z still means "undo the delete": only until something is typed.
import type { TimerApi } from './autosave';
import { Delay } from './delay';
import { toAppError } from './errors';
import type { MessageKey, Params } from './i18n';
import { t } from './locale.svelte';

export type Toast = {
  id: number;
  kind: 'deleted' | 'info' | 'error';
  message: string;
  /** The trashed entry that "Undo" restores. */
  undoId: number | null;
};

export const TOAST_MS = 8000;
/** How long a toast stays once the pointer or focus has left it. */
const RELEASED_MS = 4000;

export class Toasts {
  /** The toast on screen. */
  current = $state<Toast | null>(null);

  private readonly hiding: Delay;
  private seq = 0;
  /** Something was typed since the last toast appeared (then Mod+Z is the text field's undo). */
  private typedSince = false;

  constructor(timer: TimerApi) {
    this.hiding = new Delay(timer);
  }

  show(toast: Omit<Toast, 'id'>, ms = TOAST_MS): void {
    this.hiding.clear();
    this.typedSince = false;
    this.current = { ...toast, id: ++this.seq };
    this.hideIn(ms);
  }

  /** An entry went to the trash: said with its "Undo". */
  deleted(id: number): void {
    this.show({ kind: 'deleted', message: t('toast.deleted'), undoId: id });
  }

  /** An error, in the back end's words. */
  error(e: unknown): void {
    const error = toAppError(e);
    this.show({ kind: 'error', message: t('toast.error', { message: error.message }), undoId: null });
  }

  message(key: MessageKey, params?: Params): void {
    this.show({ kind: 'info', message: t(key, params), undoId: null });
  }

  /** The pointer or focus is on the toast: keep it. */
  hold(): void {
    this.hiding.clear();
  }

  release(): void {
    if (!this.current || this.hiding.pending) return;
    this.hideIn(RELEASED_MS);
  }

  dismiss(): void {
    this.hiding.clear();
    this.current = null;
  }

  /** The writer typed in the editor. */
  typed(): void {
    this.typedSince = true;
  }

  /** The trashed entry Mod+Z restores now: the toast's, until something is typed. */
  get undoByKey(): number | null {
    const toast = this.current;
    return toast && !this.typedSince ? toast.undoId : null;
  }

  private hideIn(ms: number): void {
    this.hiding.set(() => (this.current = null), ms);
  }
}
