import { describe, expect, it } from 'vitest';
import { Diary } from './diary.svelte';
import { EncryptionSettings, UnlockState, passphraseProblem } from './encryption.svelte';
import { FakeTimer, MemoryApi, settle } from '../test/fakes';

function lockedDiary() {
  const mem = new MemoryApi();
  mem.passphrase = 'correct horse';
  mem.status = { ...mem.status, encrypted: true, db_error: { code: 'locked', message: 'this diary is encrypted' } };
  const diary = new Diary({ api: mem.api(), timer: new FakeTimer() });
  return { mem, diary };
}

describe('passphraseProblem', () => {
  it('wants 8 characters and the same text twice', () => {
    expect(passphraseProblem('short', 'short')).toBe('encryption.tooShort');
    expect(passphraseProblem('한국어로된암호문장', '한국어로된암호문장')).toBeNull();
    expect(passphraseProblem('long enough', 'long enougH')).toBe('encryption.mismatch');
    expect(passphraseProblem('long enough', 'long enough')).toBeNull();
  });
});

describe('the unlock screen', () => {
  it('shows instead of the editor while the diary is locked, and opens nothing', async () => {
    const { mem, diary } = lockedDiary();
    await diary.init();
    expect(diary.phase).toBe('locked');
    expect(diary.unlock).not.toBeNull();
    expect(diary.fatal).toBeNull();
    diary.markEditorReady();
    expect(mem.count('ui_ready')).toBe(0);
    expect(mem.count('list_entries')).toBe(0);
  });

  it('refuses a wrong passphrase with a clear message, clears the field, and can try again', async () => {
    const { mem, diary } = lockedDiary();
    await diary.init();
    const unlock = diary.unlock!;
    unlock.secret = 'wrong horse';
    expect(await unlock.submit()).toBe(false);
    expect(unlock.problem).toEqual({ key: 'unlock.wrong' });
    expect(unlock.secret).toBe('');
    expect(unlock.failures).toBe(1);
    expect(diary.phase).toBe('locked');
    expect(mem.count('unlock')).toBe(1);

    unlock.secret = 'correct horse';
    expect(await unlock.submit()).toBe(true);
    await settle();
    expect(diary.phase).toBe('ready');
    expect(diary.unlock).toBeNull();
    expect(unlock.secret).toBe('');
    diary.markEditorReady();
    expect(mem.count('ui_ready')).toBe(1);
  });

  it('does not call the back end for an empty field', async () => {
    const api = { unlock: async () => {} };
    const unlock = new UnlockState({ api, onUnlocked: () => {} });
    unlock.secret = '   ';
    expect(await unlock.submit()).toBe(false);
    expect(unlock.problem).toEqual({ key: 'unlock.empty' });
  });

  it('opens with the recovery key, and says which secret was wrong', async () => {
    const { diary } = lockedDiary();
    await diary.init();
    const unlock = diary.unlock!;
    unlock.toggleRecovery();
    expect(unlock.recovery).toBe(true);
    unlock.secret = 'correct horse';
    expect(await unlock.submit()).toBe(false);
    expect(unlock.problem).toEqual({ key: 'unlock.wrongRecovery' });
    unlock.secret = 'abcd-ef01';
    expect(await unlock.submit()).toBe(true);
  });

  it('shows other errors as the back end words them', async () => {
    const api = {
      unlock: async () => {
        throw { code: 'database_corrupt', message: 'the key file is damaged' };
      },
    };
    const unlock = new UnlockState({ api, onUnlocked: () => {} });
    unlock.secret = 'anything at all';
    expect(await unlock.submit()).toBe(false);
    expect(unlock.problem).toEqual({ message: 'the key file is damaged' });
  });
});

describe('encryption settings', () => {
  function setup() {
    const mem = new MemoryApi();
    const enc = new EncryptionSettings({ api: mem.api() });
    return { mem, enc };
  }

  it('turns encryption on only after a good passphrase and the warning was acknowledged', async () => {
    const { mem, enc } = setup();
    enc.startEnabling();
    enc.passphrase = 'short';
    enc.confirm = 'short';
    expect(await enc.enable()).toBe(false);
    expect(enc.problem).toEqual({ key: 'encryption.tooShort' });
    enc.passphrase = 'a long passphrase';
    enc.confirm = 'a long passphrase!';
    expect(await enc.enable()).toBe(false);
    expect(enc.problem).toEqual({ key: 'encryption.mismatch' });
    enc.confirm = 'a long passphrase';
    expect(await enc.enable()).toBe(false);
    expect(enc.problem).toEqual({ key: 'encryption.mustAcknowledge' });
    expect(mem.count('enable_encryption')).toBe(0);

    enc.acknowledged = true;
    expect(await enc.enable()).toBe(true);
    expect(mem.passphrase).toBe('a long passphrase');
    expect(enc.mode).toBe('recovery');
    expect(enc.recoveryKey).toBe('abcd-ef01');
    // The passphrase is not kept in the UI's state.
    expect(enc.passphrase).toBe('');
    expect(enc.confirm).toBe('');
    // The recovery key cannot be dismissed by "cancel"; finishing closes Haru.
    enc.cancel();
    expect(enc.mode).toBe('recovery');
    await enc.finish();
    expect(enc.recoveryKey).toBeNull();
    expect(mem.count('quit_app')).toBe(1);
  });

  it('changes the passphrase, and refuses a wrong current one', async () => {
    const { mem, enc } = setup();
    mem.passphrase = 'the old passphrase';
    enc.startChanging();
    enc.current = 'not the old one';
    enc.passphrase = 'the new passphrase';
    enc.confirm = 'the new passphrase';
    expect(await enc.change()).toBe(false);
    expect(enc.problem).toEqual({ key: 'encryption.wrongCurrent' });
    expect(mem.passphrase).toBe('the old passphrase');
    enc.current = 'the old passphrase';
    expect(await enc.change()).toBe(true);
    expect(mem.passphrase).toBe('the new passphrase');
    expect(enc.changed).toBe(true);
    expect(enc.mode).toBe('idle');
    expect(enc.current).toBe('');
  });

  it('reports a failure to turn encryption on in the back end words', async () => {
    const { mem, enc } = setup();
    mem.status = { ...mem.status, encrypted: true };
    enc.startEnabling();
    enc.passphrase = enc.confirm = 'a long passphrase';
    enc.acknowledged = true;
    expect(await enc.enable()).toBe(false);
    expect(enc.problem).toEqual({ message: 'already encrypted' });
    expect(enc.mode).toBe('enabling');
  });
});
