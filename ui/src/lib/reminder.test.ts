import { describe, expect, it } from 'vitest';
import { MemoryApi } from '../test/fakes';
import { isReminderTime, ReminderSettings } from './reminder.svelte';

describe('isReminderTime', () => {
  it('takes 24-hour HH:MM only', () => {
    for (const ok of ['00:00', '07:05', '21:30', '23:59']) expect(isReminderTime(ok)).toBe(true);
    for (const bad of ['24:00', '7:05', '21:60', '', '9pm']) expect(isReminderTime(bad)).toBe(false);
  });
});

describe('ReminderSettings', () => {
  it('is off by default, turns on at 21:00 with the words in the UI language, and off again', async () => {
    const mem = new MemoryApi();
    const r = new ReminderSettings({ api: mem.api(), onError: () => {} });
    await r.load();
    expect(r.time).toBeNull();
    expect(r.autostart).toBe(false);
    await r.toggle(true);
    expect(r.time).toBe('21:00');
    expect(mem.reminder?.title).toBe('Haru');
    expect(mem.reminder?.body).toMatch(/today/);
    await r.setTime('07:30');
    expect(mem.reminder?.time).toBe('07:30');
    await r.toggle(false);
    expect(r.time).toBeNull();
    expect(mem.reminder?.time).toBeNull();
  });

  it('ignores a malformed time and puts the old one back when the shell refuses', async () => {
    const mem = new MemoryApi();
    const errors: unknown[] = [];
    const api = mem.api();
    const r = new ReminderSettings({ api, onError: (e) => errors.push(e) });
    await r.setTime('25:00');
    expect(mem.count('set_reminder')).toBe(0);
    await r.setTime('08:00');
    api.setReminder = async () => {
      throw { code: 'io', message: 'read-only' };
    };
    await r.setTime('09:00');
    expect(r.time).toBe('08:00');
    expect(errors).toHaveLength(1);
  });

  it('sends a switch and a time made at once in order, and shows the last one', async () => {
    const mem = new MemoryApi();
    const api = mem.api();
    const store = api.setReminder;
    const received: (string | null)[] = [];
    let calls = 0;
    // The first answer is slow: without ordering, the time typed next would land first and
    // the switch's 21:00 would then overwrite it, in the shell and in the field.
    api.setReminder = async (time, title, body) => {
      const first = calls++ === 0;
      if (first) await new Promise((resolve) => setTimeout(resolve, 30));
      received.push(time);
      return store(time, title, body);
    };
    const r = new ReminderSettings({ api, onError: () => {} });
    const switched = r.toggle(true);
    const timed = r.setTime('12:25');
    expect(r.time).toBe('12:25');
    await Promise.all([switched, timed]);
    expect(received).toEqual(['21:00', '12:25']);
    expect(mem.reminder?.time).toBe('12:25');
    expect(r.time).toBe('12:25');
  });

  it('keeps a setting made while the stored one was still being read', async () => {
    const mem = new MemoryApi();
    const api = mem.api();
    let answer: (time: string | null) => void = () => {};
    api.getReminder = () => new Promise((resolve) => (answer = resolve));
    const r = new ReminderSettings({ api, onError: () => {} });
    const loaded = r.load();
    await r.toggle(true);
    await r.setTime('07:45');
    answer(null);
    await loaded;
    expect(r.time).toBe('07:45');
    expect(r.autostart).toBe(false);
  });

  it('switches starting at login', async () => {
    const mem = new MemoryApi();
    const r = new ReminderSettings({ api: mem.api(), onError: () => {} });
    await r.setAutostart(true);
    expect(r.autostart).toBe(true);
    expect(mem.autostart).toBe(true);
    await r.setAutostart(false);
    expect(mem.autostart).toBe(false);
  });
});
