// Locking an encrypted diary: "Lock now", its shortcut, and the idle lock with its setting.
// The settings, the sidebar's button and the shortcut all lock through here, and each lock
// first makes sure nothing typed is lost (`save`: when something cannot be saved the diary stays
// open and says why). What the page forgets once the shell has locked is the diary's part
// (`onLocked`); this keeps only the lock's own state, apart from the diary's.
import type { Api } from './api';
import type { TimerApi } from './autosave';
import { IdleLock } from './idleLock';

export interface LockingOptions {
  api: Pick<Api, 'getIdleLock' | 'setIdleLock' | 'lockDiary'>;
  timer: TimerApi;
  now: () => Date;
  /** The diary is open. */
  ready: () => boolean;
  /** The open diary is encrypted. */
  encrypted: () => boolean;
  /** Saves what is pending; false (after telling the person why) when something could not be saved. */
  save: () => Promise<boolean>;
  /** The shell has locked: the page forgets everything decrypted. */
  onLocked: () => void;
  onError: (e: unknown) => void;
}

export class Locking {
  /** The idle auto-lock, in minutes (0 = off). */
  idleMinutes = $state(0);
  /** "Lock now" is saving and locking. */
  busy = $state(false);
  /** Counts idle time while an encrypted diary is open (see `idleLock.ts`). */
  readonly idle: IdleLock;

  private readonly options: LockingOptions;

  constructor(options: LockingOptions) {
    this.options = options;
    this.idle = new IdleLock({
      timer: options.timer,
      now: () => options.now().getTime(),
      onIdle: async () => {
        if (!(await this.now())) throw new Error('not locked');
      },
    });
  }

  /** Whether "Lock now" applies: an encrypted diary, open. */
  get available(): boolean {
    return this.options.ready() && this.options.encrypted();
  }

  /** Asks for the idle lock's setting and starts counting. */
  async load(): Promise<void> {
    try {
      const [minutes, seconds] = await this.options.api.getIdleLock();
      this.idleMinutes = minutes;
      if (this.options.ready()) this.idle.setSeconds(seconds);
    } catch {
      // Silent: without the setting the diary simply does not lock by itself.
    }
  }

  /** The idle lock's setting (one of `IDLE_LOCK_CHOICES`, 0 = off). */
  async setIdleMinutes(minutes: number): Promise<void> {
    const before = this.idleMinutes;
    this.idleMinutes = minutes;
    try {
      const [stored, seconds] = await this.options.api.setIdleLock(minutes);
      this.idleMinutes = stored;
      this.idle.setSeconds(seconds);
    } catch (e) {
      this.idleMinutes = before;
      this.options.onError(e);
    }
  }

  /**
   * "Lock now", its shortcut and the idle lock: saves first (nothing typed is lost; if it cannot
   * be saved the diary stays open and says why), then the shell drops the key and the open
   * diary, and the page forgets everything decrypted (`onLocked`). True when locked.
   */
  async now(): Promise<boolean> {
    if (!this.available || this.busy) return false;
    this.busy = true;
    try {
      if (!(await this.options.save())) return false;
      await this.options.api.lockDiary();
    } catch (e) {
      this.options.onError(e);
      return false;
    } finally {
      this.busy = false;
    }
    this.options.onLocked();
    return true;
  }
}
