import { describe, expect, it } from 'vitest';
import type { TimerApi } from './autosave';
import { IDLE_LOCK_CHOICES, IdleLock } from './idleLock';

/** A clock and timers driven by hand. */
function fakeTime() {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const timer: TimerApi = {
    set: (fn, ms) => {
      seq += 1;
      timers.set(seq, { at: now + ms, fn });
      return seq;
    },
    clear: (h) => void timers.delete(h as number),
  };
  async function advance(ms: number) {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fn();
      for (let i = 0; i < 10; i++) await Promise.resolve();
    }
    now = end;
  }
  return { timer, now: () => now, advance, pending: () => timers.size };
}

describe('IdleLock', () => {
  it('fires once after the chosen time without activity', async () => {
    const time = fakeTime();
    let fired = 0;
    const lock = new IdleLock({ timer: time.timer, now: time.now, onIdle: () => void (fired += 1) });
    lock.setSeconds(60);
    await time.advance(59_000);
    expect(fired).toBe(0);
    await time.advance(1_000);
    expect(fired).toBe(1);
  });

  it('activity pushes the lock back by the whole time', async () => {
    const time = fakeTime();
    let fired = 0;
    const lock = new IdleLock({ timer: time.timer, now: time.now, onIdle: () => void (fired += 1) });
    lock.setSeconds(60);
    await time.advance(50_000);
    lock.activity();
    await time.advance(50_000);
    expect(fired, '100 s after the start but 50 s after the last key').toBe(0);
    await time.advance(10_000);
    expect(fired).toBe(1);
  });

  it('off (0) never fires and leaves no timer behind', async () => {
    const time = fakeTime();
    let fired = 0;
    const lock = new IdleLock({ timer: time.timer, now: time.now, onIdle: () => void (fired += 1) });
    lock.setSeconds(60);
    lock.setSeconds(0);
    expect(lock.active).toBe(false);
    expect(time.pending()).toBe(0);
    await time.advance(3_600_000);
    expect(fired).toBe(0);
  });

  it('stop() cancels a pending lock', async () => {
    const time = fakeTime();
    let fired = 0;
    const lock = new IdleLock({ timer: time.timer, now: time.now, onIdle: () => void (fired += 1) });
    lock.setSeconds(5);
    lock.stop();
    await time.advance(10_000);
    expect(fired).toBe(0);
  });

  it('changing the time restarts the count from now', async () => {
    const time = fakeTime();
    let fired = 0;
    const lock = new IdleLock({ timer: time.timer, now: time.now, onIdle: () => void (fired += 1) });
    lock.setSeconds(300);
    await time.advance(200_000);
    lock.setSeconds(60);
    await time.advance(59_000);
    expect(fired).toBe(0);
    await time.advance(1_000);
    expect(fired).toBe(1);
  });

  it('a lock that did not happen (the save failed) is tried again after another idle spell', async () => {
    const time = fakeTime();
    let tries = 0;
    const lock = new IdleLock({
      timer: time.timer,
      now: time.now,
      onIdle: () => {
        tries += 1;
        return Promise.reject(new Error('save failed'));
      },
    });
    lock.setSeconds(10);
    await time.advance(10_000);
    expect(tries).toBe(1);
    await time.advance(10_000);
    expect(tries).toBe(2);
  });

  it('offers off and the same minutes as the shell', () => {
    expect(IDLE_LOCK_CHOICES).toEqual([0, 1, 5, 15, 30, 60]);
  });
});
