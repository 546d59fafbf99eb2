import { describe, expect, it } from 'vitest';
import { Diary } from './diary.svelte';
import { EncryptionSettings, UnlockState, passphraseProblem } from './encryption.svelte';
import { FakeTimer, MemoryApi, settle } from '../test/fakes';
import { expectWeakPassphrasesRefused } from '../test/passphrase';

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
    await expectWeakPassphrasesRefused(enc, () => enc.enable(), 'a long passphrase', 'a long passphrase!');
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

describe('locking', () => {
  async function openEncrypted(prepare?: (m: MemoryApi) => void) {
    const mem = new MemoryApi();
    mem.passphrase = 'correct horse';
    mem.status = { ...mem.status, encrypted: true };
    prepare?.(mem);
    const timer = new FakeTimer();
    let locked = 0;
    const api = mem.api();
    const diary = new Diary({
      api,
      timer,
      now: () => new Date(2026, 10, 21, 10, 0, 0, timer.now),
      afterLock: () => (locked += 1),
    });
    await diary.init();
    await settle();
    return { mem, api, diary, timer, locked: () => locked };
  }

  it('"Lock now" saves the typed text first, then locks and forgets it', async () => {
    const { mem, diary, locked } = await openEncrypted();
    expect(diary.lock.available).toBe(true);
    diary.edit('a secret evening');
    expect(await diary.lock.now()).toBe(true);
    const cmds = mem.calls.map((c) => c.cmd);
    expect(cmds.lastIndexOf('save_entry')).toBeLessThan(cmds.indexOf('lock_diary'));
    expect(mem.rows.map((r) => r.body)).toEqual(['a secret evening']);
    expect(diary.phase).toBe('locked');
    expect(diary.body).toBe('');
    expect(diary.unlock).not.toBeNull();
    expect(locked()).toBe(1);
  });

  it('does not lock while the text cannot be saved, and says so', async () => {
    const { mem, api, diary, locked } = await openEncrypted();
    // Saves fail from now on.
    api.saveEntry = async () => {
      throw { code: 'io', message: 'the disk is full' };
    };
    diary.edit('not yet stored');
    expect(await diary.lock.now()).toBe(false);
    expect(mem.count('lock_diary')).toBe(0);
    expect(diary.phase).toBe('ready');
    expect(diary.body).toBe('not yet stored');
    expect(diary.toasts.current?.kind).toBe('error');
    expect(locked()).toBe(0);
  });

  it('is not offered for a diary without encryption', async () => {
    const mem = new MemoryApi();
    const diary = new Diary({ api: mem.api(), timer: new FakeTimer(), afterLock: () => {} });
    await diary.init();
    expect(diary.lock.available).toBe(false);
    expect(await diary.lock.now()).toBe(false);
    expect(mem.count('lock_diary')).toBe(0);
    expect(mem.count('get_idle_lock')).toBe(0);
  });

  it('the idle lock follows the setting and locks after that long without activity', async () => {
    const { mem, diary, timer, locked } = await openEncrypted((m) => {
      m.idleLockMinutes = 5;
    });
    expect(diary.lock.idleMinutes).toBe(5);
    timer.advance(4 * 60_000);
    diary.lock.idle.activity();
    timer.advance(4 * 60_000);
    await settle();
    expect(locked(), 'activity pushed it back').toBe(0);
    timer.advance(60_000);
    await settle();
    expect(mem.count('lock_diary')).toBe(1);
    expect(locked()).toBe(1);
    expect(diary.phase).toBe('locked');
  });

  it('the setting is stored and an off choice stops the count', async () => {
    const { mem, diary, timer, locked } = await openEncrypted();
    await diary.lock.setIdleMinutes(1);
    expect(mem.idleLockMinutes).toBe(1);
    await diary.lock.setIdleMinutes(0);
    timer.advance(3_600_000);
    await settle();
    expect(locked()).toBe(0);
    await diary.lock.setIdleMinutes(7);
    expect(diary.lock.idleMinutes, 'a refused value is put back').toBe(0);
  });
});
