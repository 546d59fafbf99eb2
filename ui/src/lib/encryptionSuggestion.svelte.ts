/**
 * The calm suggestion to protect the diary with a passphrase: encryption at rest is opt-in but
 * recommended, so an unencrypted diary shows a small note until the person encrypts it or says
 * "Not now". The dismissal is UI-only state kept in localStorage (nothing is sent to the back end);
 * when storage is unavailable it lasts until Haru closes.
 */

export const SUGGESTION_DISMISSED_KEY = 'haru.encryptionSuggestion.dismissed';

/** The part of `Storage` this needs (injectable for tests). */
export type FlagStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** `localStorage`, or null where it is missing or refuses access (e.g. disabled storage). */
export function browserStorage(): FlagStorage | null {
  if (typeof window === 'undefined') return null;
  try {
    return window.localStorage ?? null;
  } catch {
    return null;
  }
}

/** What decides whether the note is shown, besides the dismissal. */
export type SuggestionContext = {
  /** The diary is open (not starting, not locked, not the error screen). */
  ready: boolean;
  /** The diary is encrypted at rest; null while unknown. */
  encrypted: boolean | null;
  /** The encryption settings are being used (enabling, or the recovery key is shown). */
  busy: boolean;
};

export function shouldSuggest(ctx: SuggestionContext, dismissed: boolean): boolean {
  return ctx.ready && ctx.encrypted === false && !ctx.busy && !dismissed;
}

export class EncryptionSuggestion {
  private readonly storage: FlagStorage | null;

  dismissed = $state(false);

  constructor(options: { storage?: FlagStorage | null } = {}) {
    this.storage = options.storage === undefined ? browserStorage() : options.storage;
    try {
      this.dismissed = this.storage?.getItem(SUGGESTION_DISMISSED_KEY) === '1';
    } catch {
      this.dismissed = false;
    }
  }

  visible(ctx: SuggestionContext): boolean {
    return shouldSuggest(ctx, this.dismissed);
  }

  /** "Not now": hidden from now on (remembered across starts where storage works). */
  dismiss(): void {
    this.dismissed = true;
    try {
      this.storage?.setItem(SUGGESTION_DISMISSED_KEY, '1');
    } catch {
      /* storage unavailable or full: hidden until Haru closes */
    }
  }
}
