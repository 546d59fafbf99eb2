import { describe, expect, it } from 'vitest';
import type { CareNote } from '../bindings/CareNote';
import { CARE_REFRESH_MS, CareState } from './care.svelte';
import { Diary } from './diary.svelte';
import { FakeTimer, MemoryApi, settle } from '../test/fakes';

const NOTE: CareNote = { days: 6, since: '2026-03-24', until: '2026-03-30', emotions: ['sadness', 'grief'] };

function setup(note: CareNote | null = NOTE) {
  const mem = new MemoryApi();
  mem.care = note;
  const api = mem.api();
  const timer = new FakeTimer();
  const care = new CareState({ api, timer, clock: () => timer.now });
  const asked = () => mem.calls.filter((c) => c.cmd === 'care_note').length;
  return { mem, api, timer, care, asked };
}

describe('CareState', () => {
  it('shows the note the back end gives at start, and the switch', async () => {
    const { care, mem } = setup();
    await care.start();
    expect(care.note).toEqual(NOTE);
    expect(care.enabled).toBe(true);
    expect(mem.listenerCount('analysis-updated')).toBe(1);
    care.stop();
    expect(mem.listenerCount('analysis-updated')).toBe(0);
  });

  it('shows nothing when there is no note', async () => {
    const { care } = setup(null);
    await care.start();
    expect(care.note).toBeNull();
  });

  it('stays silent when the commands fail or are missing', async () => {
    const { care, api } = setup();
    api.careNote = async () => {
      throw { code: 'internal', message: 'command care_note not found' };
    };
    api.careEnabled = async () => {
      throw { code: 'internal', message: 'nope' };
    };
    await care.start();
    expect(care.note).toBeNull();
    expect(care.enabled).toBe(true);
  });

  it('ignores answers that are not notes', async () => {
    const { care, api } = setup();
    api.careNote = async () => ({ days: 'many' }) as unknown as CareNote;
    await care.start();
    expect(care.note).toBeNull();
  });

  it('dismiss hides the note and tells the back end', async () => {
    const { care, mem } = setup();
    await care.start();
    await care.dismiss();
    expect(care.note).toBeNull();
    expect(mem.calls.some((c) => c.cmd === 'dismiss_care')).toBe(true);
  });

  it('dismiss is not undone by an answer already on its way', async () => {
    const { care } = setup();
    await care.start();
    const late = care.refresh();
    await care.dismiss();
    await late;
    expect(care.note).toBeNull();
  });

  it('the off switch hides the note and stores the choice; on asks again', async () => {
    const { care, mem } = setup();
    await care.start();
    await care.setEnabled(false);
    expect(care.enabled).toBe(false);
    expect(care.note).toBeNull();
    expect(mem.calls).toContainEqual({ cmd: 'set_care_enabled', args: { enabled: false } });
    expect(mem.careEnabledFlag).toBe(false);
    await care.setEnabled(true);
    await settle();
    expect(care.enabled).toBe(true);
    expect(care.note).toEqual(NOTE);
  });

  it('reflects a switch that is off in the back end', async () => {
    const { care, mem } = setup();
    mem.careEnabledFlag = false;
    await care.start();
    expect(care.enabled).toBe(false);
    expect(care.note).toBeNull();
  });

  it('keeps the switch as stored when storing fails', async () => {
    const { care, api } = setup();
    await care.start();
    api.setCareEnabled = async () => {
      throw { code: 'internal', message: 'disk' };
    };
    await care.setEnabled(false);
    expect(care.enabled).toBe(true);
  });

  it('asks again on analysis-updated at most once every 30 s', async () => {
    const { care, mem, timer, asked } = setup(null);
    await care.start();
    expect(asked()).toBe(1);
    mem.care = NOTE;
    mem.emit('analysis-updated', { entry_id: 1 });
    mem.emit('analysis-updated', { entry_id: 2 });
    mem.emit('analysis-updated', { entry_id: 3 });
    await settle();
    expect(asked()).toBe(1); // the start asked just now
    timer.advance(CARE_REFRESH_MS - 1);
    await settle();
    expect(asked()).toBe(1);
    timer.advance(1);
    await settle();
    expect(asked()).toBe(2);
    expect(care.note).toEqual(NOTE);
    // Long after the last ask, an event asks at once.
    timer.advance(CARE_REFRESH_MS * 2);
    mem.emit('analysis-updated', { entry_id: 4 });
    await settle();
    expect(asked()).toBe(3);
    mem.emit('analysis-updated', { entry_id: 5 });
    await settle();
    expect(asked()).toBe(3);
    expect(timer.pending).toBe(1);
    care.stop();
    expect(timer.pending).toBe(0);
  });
});

describe('gentle care in the diary', () => {
  it('asks once the diary is loaded, and again (debounced) on analysis-updated', async () => {
    const mem = new MemoryApi();
    const timer = new FakeTimer();
    const diary = new Diary({ api: mem.api(), timer, now: () => new Date(2026, 2, 31, 10, 0), osLanguage: () => 'en-US' });
    await diary.init();
    await settle();
    const asked = () => mem.calls.filter((c) => c.cmd === 'care_note').length;
    expect(asked()).toBe(1);
    expect(diary.care.note).toBeNull();
    expect(mem.listenerCount('analysis-updated')).toBe(1);
    mem.care = NOTE;
    mem.emit('analysis-updated', { entry_id: 42 });
    mem.emit('analysis-updated', { entry_id: 43 });
    timer.advance(CARE_REFRESH_MS);
    await settle();
    expect(asked()).toBe(2);
    expect(diary.care.note).toEqual(NOTE);
    diary.dispose();
  });
});
