/**
 * Encryption at rest, as the UI drives it: the unlock screen at start (`UnlockState`) and the
 * settings that turn encryption on or change the passphrase (`EncryptionSettings`). The back
 * end does the cryptography; these classes only validate input, call it, and say what happened.
 * Secrets are cleared from state as soon as they have been sent.
 */
import type { AppError } from '../bindings/AppError';
import type { Api } from './api';
import { toAppError } from './errors';
import type { MessageKey } from './i18n';

/** At least this many characters (the back end enforces the same). */
export const MIN_PASSPHRASE = 8;

export type UnlockApi = Pick<Api, 'unlock'>;

/** What the user sees under the field: a message key, or the back end's own message. */
export type Problem = { key: MessageKey } | { message: string };

export class UnlockState {
  private readonly api: UnlockApi;
  private readonly onUnlocked: () => void | Promise<void>;

  secret = $state('');
  recovery = $state(false);
  busy = $state(false);
  problem = $state<Problem | null>(null);
  /** Wrong tries so far (the screen says "try again", never locks the user out). */
  failures = $state(0);

  constructor(options: { api: UnlockApi; onUnlocked: () => void | Promise<void> }) {
    this.api = options.api;
    this.onUnlocked = options.onUnlocked;
  }

  toggleRecovery(): void {
    this.recovery = !this.recovery;
    this.secret = '';
    this.problem = null;
  }

  /** Sends the passphrase (or recovery key); true when the diary is open. */
  async submit(): Promise<boolean> {
    if (this.busy) return false;
    if (this.secret.trim() === '') {
      this.problem = { key: 'unlock.empty' };
      return false;
    }
    this.busy = true;
    this.problem = null;
    const secret = this.secret;
    try {
      await this.api.unlock(secret, this.recovery);
    } catch (e) {
      const err: AppError = toAppError(e);
      this.secret = '';
      if (err.code === 'wrong_passphrase') {
        this.failures += 1;
        this.problem = { key: this.recovery ? 'unlock.wrongRecovery' : 'unlock.wrong' };
      } else {
        this.problem = { message: err.message };
      }
      return false;
    } finally {
      this.busy = false;
    }
    this.secret = '';
    await this.onUnlocked();
    return true;
  }
}

export type EncryptionApi = Pick<Api, 'enableEncryption' | 'changePassphrase' | 'quitApp'>;

export type EncryptionMode = 'idle' | 'enabling' | 'changing' | 'recovery';

/** Why a new passphrase cannot be used yet, or null. */
export function passphraseProblem(passphrase: string, confirm: string): MessageKey | null {
  if ([...passphrase].length < MIN_PASSPHRASE) return 'encryption.tooShort';
  if (passphrase !== confirm) return 'encryption.mismatch';
  return null;
}

export class EncryptionSettings {
  private readonly api: EncryptionApi;

  mode = $state<EncryptionMode>('idle');
  passphrase = $state('');
  confirm = $state('');
  current = $state('');
  acknowledged = $state(false);
  busy = $state(false);
  problem = $state<Problem | null>(null);
  /** Shown once after encryption was turned on, then forgotten when Haru closes. */
  recoveryKey = $state<string | null>(null);
  /** A passphrase change went through. */
  changed = $state(false);

  constructor(options: { api: EncryptionApi }) {
    this.api = options.api;
  }

  private clear(): void {
    this.passphrase = '';
    this.confirm = '';
    this.current = '';
    this.acknowledged = false;
    this.problem = null;
  }

  startEnabling(): void {
    this.clear();
    this.changed = false;
    this.mode = 'enabling';
  }

  startChanging(): void {
    this.clear();
    this.changed = false;
    this.mode = 'changing';
  }

  cancel(): void {
    if (this.mode === 'recovery' || this.busy) return;
    this.clear();
    this.mode = 'idle';
  }

  /** Turns encryption on; afterwards the recovery key is shown. */
  async enable(): Promise<boolean> {
    if (this.busy || this.mode !== 'enabling') return false;
    const invalid = passphraseProblem(this.passphrase, this.confirm);
    if (invalid) {
      this.problem = { key: invalid };
      return false;
    }
    if (!this.acknowledged) {
      this.problem = { key: 'encryption.mustAcknowledge' };
      return false;
    }
    this.busy = true;
    this.problem = null;
    try {
      this.recoveryKey = await this.api.enableEncryption(this.passphrase);
    } catch (e) {
      this.problem = { message: toAppError(e).message };
      return false;
    } finally {
      this.busy = false;
    }
    this.clear();
    this.mode = 'recovery';
    return true;
  }

  /** Changes the passphrase (the current one is checked by the back end). */
  async change(): Promise<boolean> {
    if (this.busy || this.mode !== 'changing') return false;
    if (this.current === '') {
      this.problem = { key: 'unlock.empty' };
      return false;
    }
    const invalid = passphraseProblem(this.passphrase, this.confirm);
    if (invalid) {
      this.problem = { key: invalid };
      return false;
    }
    this.busy = true;
    this.problem = null;
    try {
      await this.api.changePassphrase(this.current, this.passphrase);
    } catch (e) {
      const err = toAppError(e);
      this.current = '';
      this.problem = err.code === 'wrong_passphrase' ? { key: 'encryption.wrongCurrent' } : { message: err.message };
      return false;
    } finally {
      this.busy = false;
    }
    this.clear();
    this.changed = true;
    this.mode = 'idle';
    return true;
  }

  /** After the recovery key was shown: Haru closes (it must reopen the encrypted file). */
  async finish(): Promise<void> {
    this.recoveryKey = null;
    await this.api.quitApp();
  }
}
