// Several states wait a moment before acting (a toast hides after a while, a search waits for
// the typing to pause) and each may be waiting for one thing at a time: a new wait replaces
// the one pending. This is that one pending timeout, on the `TimerApi` the tests control.
import type { TimerApi } from './autosave';

export class Delay {
  private readonly timer: TimerApi;
  private handle: unknown = null;

  constructor(timer: TimerApi) {
    this.timer = timer;
  }

  /** Something is waiting to run. */
  get pending(): boolean {
    return this.handle !== null;
  }

  /** Runs `fn` in `ms`, instead of what was waiting. */
  set(fn: () => void, ms: number): void {
    this.clear();
    this.handle = this.timer.set(() => {
      this.handle = null;
      fn();
    }, ms);
  }

  /** Nothing waits any more. */
  clear(): void {
    if (this.handle === null) return;
    this.timer.clear(this.handle);
    this.handle = null;
  }
}
