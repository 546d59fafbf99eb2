/**
 * The idle auto-lock's timer (encrypted diaries only): after `seconds` without a key press,
 * pointer move, wheel or touch in the window, `onIdle` runs (the diary saves and locks). The
 * shell stores the chosen time (`get_idle_lock` / `set_idle_lock`); this only counts. Pure, with
 * an injectable timer and clock so tests drive time by hand.
 */
import type { TimerApi } from './autosave';

/** The choices the settings offer, in minutes (0 = off); the shell accepts exactly these. */
export const IDLE_LOCK_CHOICES: readonly number[] = [0, 1, 5, 15, 30, 60];

export interface IdleLockOptions {
  timer: TimerApi;
  now: () => number;
  onIdle: () => void | Promise<void>;
}

export class IdleLock {
  private readonly opts: IdleLockOptions;
  private seconds = 0;
  private last = 0;
  private handle: unknown = null;
  private firing = false;

  constructor(opts: IdleLockOptions) {
    this.opts = opts;
    this.last = opts.now();
  }

  /** 0 turns the lock off; any other value (re)starts the count from now. */
  setSeconds(seconds: number): void {
    this.seconds = Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
    this.last = this.opts.now();
    this.schedule(this.seconds * 1000);
  }

  get active(): boolean {
    return this.seconds > 0;
  }

  /** Something happened in the window: the count starts again (cheaply: no timer churn). */
  activity(): void {
    this.last = this.opts.now();
  }

  /** Stops counting (the diary locked or the window is going away). */
  stop(): void {
    this.seconds = 0;
    this.clear();
  }

  private clear(): void {
    if (this.handle !== null) this.opts.timer.clear(this.handle);
    this.handle = null;
  }

  private schedule(ms: number): void {
    this.clear();
    if (this.seconds <= 0) return;
    this.handle = this.opts.timer.set(() => this.check(), Math.max(0, ms));
  }

  private check(): void {
    this.handle = null;
    if (this.seconds <= 0 || this.firing) return;
    const left = this.last + this.seconds * 1000 - this.opts.now();
    if (left > 0) {
      this.schedule(left);
      return;
    }
    this.firing = true;
    Promise.resolve()
      .then(() => this.opts.onIdle())
      .catch(() => {})
      .finally(() => {
        this.firing = false;
        // Still counting (the lock did not happen, e.g. a save failed): try again later.
        this.last = this.opts.now();
        this.schedule(this.seconds * 1000);
      });
  }
}
