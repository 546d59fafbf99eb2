import { describe, expect, it } from 'vitest';
import { FakeTimer, settle } from '../test/fakes';
import { IDLE_LOCK_CHOICES, IdleLock } from './idleLock';

/**
 * An IdleLock on a hand-driven clock and timer, counting how often it fired; `onIdle`, when
 * given, runs after each count and answers what the lock waits for (a failed lock rejects).
 */
function idleLock(onIdle?: () => Promise<void>) {
  const timer = new FakeTimer();
  let fired = 0;
  const lock = new IdleLock({
    timer,
    now: () => timer.now,
    onIdle: () => {
      fired += 1;
      return onIdle?.();
    },
  });
  /** Lets `ms` pass (what a firing starts runs), then says how often the lock fired so far. */
  async function firedAfter(ms: number): Promise<number> {
    timer.advance(ms);
    await settle();
    return fired;
  }
  return { lock, timer, firedAfter };
}

describe('IdleLock', () => {
  it('fires once after the chosen time without activity', async () => {
    const { lock, firedAfter } = idleLock();
    lock.setSeconds(60);
    expect(await firedAfter(59_000)).toBe(0);
    expect(await firedAfter(1_000)).toBe(1);
  });

  it('activity pushes the lock back by the whole time', async () => {
    const { lock, firedAfter } = idleLock();
    lock.setSeconds(60);
    await firedAfter(50_000);
    lock.activity();
    expect(await firedAfter(50_000), '100 s after the start but 50 s after the last key').toBe(0);
    expect(await firedAfter(10_000)).toBe(1);
  });

  it('off (0) never fires and leaves no timer behind', async () => {
    const { lock, timer, firedAfter } = idleLock();
    lock.setSeconds(60);
    lock.setSeconds(0);
    expect(lock.active).toBe(false);
    expect(timer.pending).toBe(0);
    expect(await firedAfter(3_600_000)).toBe(0);
  });

  it('stop() cancels a pending lock', async () => {
    const { lock, firedAfter } = idleLock();
    lock.setSeconds(5);
    lock.stop();
    expect(await firedAfter(10_000)).toBe(0);
  });

  it('changing the time restarts the count from now', async () => {
    const { lock, firedAfter } = idleLock();
    lock.setSeconds(300);
    await firedAfter(200_000);
    lock.setSeconds(60);
    expect(await firedAfter(59_000)).toBe(0);
    expect(await firedAfter(1_000)).toBe(1);
  });

  it('a lock that did not happen (the save failed) is tried again after another idle spell', async () => {
    const { lock, firedAfter } = idleLock(() => Promise.reject(new Error('save failed')));
    lock.setSeconds(10);
    expect(await firedAfter(10_000)).toBe(1);
    expect(await firedAfter(10_000)).toBe(2);
  });

  it('offers off and the same minutes as the shell', () => {
    expect(IDLE_LOCK_CHOICES).toEqual([0, 1, 5, 15, 30, 60]);
  });
});
