import { describe, expect, it } from 'vitest';
import { Diary } from './diary.svelte';
import {
  EncryptionSuggestion,
  SUGGESTION_DISMISSED_KEY,
  browserStorage,
  shouldSuggest,
  type FlagStorage,
} from './encryptionSuggestion.svelte';
import { FakeTimer, MemoryApi } from '../test/fakes';

class MemoryStorage implements FlagStorage {
  items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

/** Storage that refuses everything (private mode, disabled storage, quota). */
const brokenStorage: FlagStorage = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
};

const OPEN = { ready: true, encrypted: false, busy: false };

describe('shouldSuggest', () => {
  it('suggests only for an open, unencrypted diary that was not dismissed', () => {
    expect(shouldSuggest(OPEN, false)).toBe(true);
    expect(shouldSuggest(OPEN, true)).toBe(false);
    expect(shouldSuggest({ ...OPEN, encrypted: true }, false)).toBe(false);
    expect(shouldSuggest({ ...OPEN, encrypted: null }, false)).toBe(false);
    expect(shouldSuggest({ ...OPEN, ready: false }, false)).toBe(false);
    expect(shouldSuggest({ ...OPEN, busy: true }, false)).toBe(false);
  });
});

describe('EncryptionSuggestion', () => {
  it('is shown until dismissed, and remembers the dismissal', () => {
    const storage = new MemoryStorage();
    const s = new EncryptionSuggestion({ storage });
    expect(s.dismissed).toBe(false);
    expect(s.visible(OPEN)).toBe(true);
    s.dismiss();
    expect(s.visible(OPEN)).toBe(false);
    expect(storage.getItem(SUGGESTION_DISMISSED_KEY)).toBe('1');
    // The next start reads it back.
    expect(new EncryptionSuggestion({ storage }).visible(OPEN)).toBe(false);
  });

  it('ignores values it did not write', () => {
    const storage = new MemoryStorage();
    storage.setItem(SUGGESTION_DISMISSED_KEY, 'maybe');
    expect(new EncryptionSuggestion({ storage }).dismissed).toBe(false);
  });

  it('works without storage, and when storage throws', () => {
    for (const storage of [null, brokenStorage]) {
      const s = new EncryptionSuggestion({ storage });
      expect(s.visible(OPEN)).toBe(true);
      expect(() => s.dismiss()).not.toThrow();
      expect(s.visible(OPEN)).toBe(false);
    }
  });

  it('finds no browser storage outside a browser', () => {
    expect(browserStorage()).toBeNull();
    expect(new EncryptionSuggestion().dismissed).toBe(false);
  });
});

function setup(options: { storage?: FlagStorage; status?: Partial<MemoryApi['status']> } = {}) {
  const mem = new MemoryApi();
  mem.status = { ...mem.status, ...options.status };
  const storage = options.storage ?? new MemoryStorage();
  const diary = new Diary({ api: mem.api(), timer: new FakeTimer(), storage });
  return { mem, diary, storage };
}

describe('the suggestion in the diary', () => {
  it('is not shown before the diary is open', () => {
    const { diary } = setup();
    expect(diary.phase).toBe('starting');
    expect(diary.showEncryptionSuggestion).toBe(false);
  });

  it('is shown once an unencrypted diary is open, and "Not now" hides it for good', async () => {
    const { diary, mem, storage } = setup();
    await diary.init();
    expect(diary.phase).toBe('ready');
    expect(diary.showEncryptionSuggestion).toBe(true);
    diary.dismissEncryptionSuggestion();
    expect(diary.showEncryptionSuggestion).toBe(false);
    expect(mem.count('enable_encryption')).toBe(0);
    const again = new Diary({ api: mem.api(), timer: new FakeTimer(), storage });
    await again.init();
    expect(again.showEncryptionSuggestion).toBe(false);
  });

  it('is not shown for an encrypted diary, on the unlock screen, or after it is unlocked', async () => {
    const { diary, mem } = setup({
      status: { encrypted: true, db_error: { code: 'locked', message: 'this diary is encrypted' } },
    });
    mem.passphrase = 'correct horse';
    await diary.init();
    expect(diary.phase).toBe('locked');
    expect(diary.showEncryptionSuggestion).toBe(false);
    diary.unlock!.secret = 'correct horse';
    expect(await diary.unlock!.submit()).toBe(true);
    expect(diary.phase).toBe('ready');
    expect(diary.showEncryptionSuggestion).toBe(false);
  });

  it('is not shown on the error screen', async () => {
    const { diary } = setup({ status: { db_error: { code: 'database_corrupt', message: 'the file is damaged' } } });
    await diary.init();
    expect(diary.phase).toBe('fatal');
    expect(diary.showEncryptionSuggestion).toBe(false);
  });

  it('opens the encryption settings with the form ready, and steps aside meanwhile', async () => {
    const { diary } = setup();
    await diary.init();
    diary.openEncryptionSettings();
    expect(diary.popover).toBe('settings');
    expect(diary.encryption.mode).toBe('enabling');
    expect(diary.showEncryptionSuggestion).toBe(false);
    // Cancelling brings the suggestion back (it was not dismissed).
    diary.encryption.cancel();
    expect(diary.showEncryptionSuggestion).toBe(true);
  });

  it('stays away once encryption was turned on (the recovery key is shown)', async () => {
    const { diary } = setup();
    await diary.init();
    diary.openEncryptionSettings();
    const enc = diary.encryption;
    enc.passphrase = 'long enough words';
    enc.confirm = 'long enough words';
    enc.acknowledged = true;
    expect(await enc.enable()).toBe(true);
    expect(enc.mode).toBe('recovery');
    expect(diary.showEncryptionSuggestion).toBe(false);
  });
});
