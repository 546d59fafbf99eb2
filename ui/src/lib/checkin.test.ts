import { describe, expect, it } from 'vitest';
import {
  QUICK_FEELINGS,
  cleanPoint,
  feelingGroups,
  normalizeLabels,
  padKey,
  padPosition,
  pointAt,
  quadrantOf,
  sameLabels,
  signed,
  toggleLabel,
} from './checkin';
import { CheckInState } from './checkin.svelte';
import { Diary } from './diary.svelte';
import { GO_EMOTIONS, isGoEmotion } from './emotions';
import { emotionName, translate } from './i18n';
import { FakeTimer, MemoryApi, settle } from '../test/fakes';

describe('feelings to pick', () => {
  it('groups all 28 labels once, each group named in both languages', () => {
    const groups = feelingGroups();
    const all = groups.flatMap((g) => g.labels);
    expect(all).toHaveLength(28);
    expect(new Set(all)).toEqual(new Set(GO_EMOTIONS));
    for (const lang of ['en', 'ko'] as const) {
      for (const g of groups) expect(translate(lang, `emotionGroup.${g.group}`)).not.toBe(`emotionGroup.${g.group}`);
      for (const l of all) expect(emotionName(lang, l)).not.toBe(l);
    }
  });

  it('offers a few quick ones first, all real labels', () => {
    expect(QUICK_FEELINGS.length).toBeGreaterThanOrEqual(4);
    expect(QUICK_FEELINGS.length).toBeLessThanOrEqual(8);
    expect(QUICK_FEELINGS.every(isGoEmotion)).toBe(true);
  });

  it('keeps picks in label order, once each, known labels only', () => {
    expect(normalizeLabels(['joy', 'admiration', 'joy', 'happiness'])).toEqual(['admiration', 'joy']);
    expect(toggleLabel(['joy'], 'gratitude')).toEqual(['gratitude', 'joy']);
    expect(toggleLabel(['gratitude', 'joy'], 'joy')).toEqual(['gratitude']);
    expect(sameLabels(['joy', 'gratitude'], ['gratitude', 'joy'])).toBe(true);
    expect(sameLabels(['joy'], ['joy', 'grief'])).toBe(false);
  });
});

describe('the pleasantness × energy pad', () => {
  it('maps the pointer to a point: right is pleasant, up is energy', () => {
    expect(pointAt(100, 0, 100, 100)).toEqual({ pleasant: 1, energy: 1 });
    expect(pointAt(0, 100, 100, 100)).toEqual({ pleasant: -1, energy: -1 });
    expect(pointAt(50, 50, 100, 100)).toEqual({ pleasant: 0, energy: 0 });
    expect(pointAt(80, 60, 100, 100)).toEqual({ pleasant: 0.6, energy: -0.2 });
    // Outside the pad (a drag past its edge) stays on the edge.
    expect(pointAt(-30, 140, 100, 100)).toEqual({ pleasant: -1, energy: -1 });
    expect(pointAt(5, 5, 0, 0)).toEqual({ pleasant: 0, energy: 0 });
  });

  it('places a point back where it was picked', () => {
    expect(padPosition({ pleasant: 0.6, energy: -0.2 })).toEqual({ left: 80, top: 60 });
    expect(padPosition({ pleasant: 9, energy: Number.NaN })).toEqual({ left: 100, top: 50 });
  });

  it('moves with the arrow keys, Shift for bigger steps, Home to the middle', () => {
    expect(padKey(null, 'ArrowRight')).toEqual({ pleasant: 0.1, energy: 0 });
    expect(padKey({ pleasant: 0.1, energy: 0 }, 'ArrowUp', true)).toEqual({ pleasant: 0.1, energy: 0.5 });
    expect(padKey({ pleasant: 0.95, energy: -0.95 }, 'ArrowRight')).toEqual({ pleasant: 1, energy: -0.95 });
    expect(padKey({ pleasant: 0.95, energy: -0.95 }, 'ArrowDown', true)).toEqual({ pleasant: 0.95, energy: -1 });
    expect(padKey({ pleasant: 0.3, energy: 0.3 }, 'ArrowLeft')).toEqual({ pleasant: 0.2, energy: 0.3 });
    expect(padKey({ pleasant: 0.3, energy: 0.3 }, 'Home')).toEqual({ pleasant: 0, energy: 0 });
    expect(padKey({ pleasant: 0.3, energy: 0.3 }, 'a')).toBeNull();
  });

  it('names quadrants and values', () => {
    expect(quadrantOf({ pleasant: 0.5, energy: 0.5 })).toBe('high-pleasant');
    expect(quadrantOf({ pleasant: -0.5, energy: -0.5 })).toBe('low-unpleasant');
    expect(signed(0.6)).toBe('+0.6');
    expect(signed(-0.2)).toBe('−0.2');
    expect(signed(0.01)).toBe('0');
    expect(cleanPoint({ pleasant: 0.123, energy: -0.004 })).toEqual({ pleasant: 0.12, energy: 0 });
  });
});

function setup() {
  const mem = new MemoryApi();
  const e1 = mem.add('2026-03-01', 'a long day');
  const e2 = mem.add('2026-03-02', 'another');
  const changed: number[] = [];
  const state = new CheckInState({ api: mem.api(), onChanged: (id) => changed.push(id) });
  return { mem, e1, e2, state, changed };
}

describe('CheckInState', () => {
  it('loads the entry’s word, and nothing for a new page', async () => {
    const { mem, e1, e2, state } = setup();
    mem.checkins.set(e1.id, { labels: ['grief'], pleasant: -0.8, energy: -0.4, updated_at: 't' });
    state.setEntry(e1.id);
    await settle();
    expect(state.loaded).toBe(true);
    expect(state.stored?.labels).toEqual(['grief']);
    state.setEntry(e2.id);
    expect(state.stored).toBeNull();
    await settle();
    expect(state.stored).toBeNull();
    expect(state.loaded).toBe(true);
    state.setEntry(null);
    expect(state.loaded).toBe(false);
  });

  it('"That’s right" stores the model’s reading as the writer’s word', async () => {
    const { mem, e1, state, changed } = setup();
    state.setEntry(e1.id);
    await settle();
    expect(await state.confirm(['joy', 'admiration'])).toBe(true);
    expect(mem.checkins.get(e1.id)?.labels).toEqual(['admiration', 'joy']);
    expect(state.stored?.labels).toEqual(['admiration', 'joy']);
    expect(changed).toEqual([e1.id]);
  });

  it('corrects: starts from the suggestion, toggles, keeps the point, saves', async () => {
    const { mem, e1, state } = setup();
    state.setEntry(e1.id);
    await settle();
    state.edit(['joy']);
    expect(state.editing).toBe(true);
    expect(state.picked).toEqual(['joy']);
    expect(state.showAll).toBe(false);
    state.toggle('joy');
    state.toggle('grief');
    state.toggle('sadness');
    state.setPoint({ pleasant: -0.73, energy: -0.301 });
    expect(await state.save()).toBe(true);
    expect(state.editing).toBe(false);
    expect(mem.calls.at(-1)).toEqual({
      cmd: 'set_checkin',
      args: { entryId: e1.id, labels: ['grief', 'sadness'], pleasant: -0.73, energy: -0.3 },
    });
    // Changing it again starts from what was stored, with "more feelings" open for grief.
    state.edit(['joy']);
    expect(state.picked).toEqual(['grief', 'sadness']);
    expect(state.point).toEqual({ pleasant: -0.73, energy: -0.3 });
    expect(state.showAll).toBe(true);
  });

  it('opens all 28 when the suggestion has a feeling outside the quick ones, so every pick shows', async () => {
    const { e1, state } = setup();
    state.setEntry(e1.id);
    await settle();
    state.edit(['admiration', 'amusement']);
    expect(state.picked).toEqual(['admiration', 'amusement']);
    expect(state.showAll).toBe(true);
  });

  it('refuses to save nothing, and shows the back end’s refusal', async () => {
    const { mem, e1, state } = setup();
    state.setEntry(e1.id);
    await settle();
    state.edit([]);
    expect(await state.save()).toBe(false);
    expect(mem.count('set_checkin')).toBe(0);
    state.toggle('joy');
    mem.checkinError = { code: 'invalid_input', message: 'energy must be between -1 and 1' };
    expect(await state.save()).toBe(false);
    expect(state.error).toBe('energy must be between -1 and 1');
    expect(state.editing).toBe(true);
  });

  it('clears the writer’s word', async () => {
    const { mem, e1, state, changed } = setup();
    mem.checkins.set(e1.id, { labels: ['grief'], pleasant: null, energy: null, updated_at: 't' });
    state.setEntry(e1.id);
    await settle();
    expect(await state.clear()).toBe(true);
    expect(mem.checkins.has(e1.id)).toBe(false);
    expect(state.stored).toBeNull();
    expect(changed).toEqual([e1.id]);
  });

  it('ignores an answer for an entry no longer open', async () => {
    const { mem, e1, e2, state } = setup();
    mem.checkins.set(e1.id, { labels: ['grief'], pleasant: null, energy: null, updated_at: 't' });
    state.setEntry(e1.id);
    state.setEntry(e2.id);
    await settle();
    expect(state.entryId).toBe(e2.id);
    expect(state.stored).toBeNull();
  });
});

describe('the diary and the writer’s word', () => {
  it('follows the open entry and asks for the recommendations again after a change', async () => {
    const mem = new MemoryApi();
    const e = mem.add('2026-03-01', 'a day');
    const diary = new Diary({ api: mem.api(), timer: new FakeTimer(), now: () => new Date(2026, 2, 1, 12), storage: null });
    await diary.init();
    diary.openLoaded(e);
    await settle();
    expect(diary.checkin.entryId).toBe(e.id);
    const before = mem.count('show_recommendations');
    await diary.checkin.confirm(['joy']);
    await settle();
    expect(mem.count('show_recommendations')).toBeGreaterThan(before);
    diary.openNew('2026-03-01');
    expect(diary.checkin.entryId).toBeNull();
    diary.dispose();
  });
});

describe('the diary’s tags and on this day', () => {
  it('lists the tags for the filter and searches by one', async () => {
    const mem = new MemoryApi();
    mem.tags = [['운동', 2], ['family', 1]];
    const timer = new FakeTimer();
    const diary = new Diary({ api: mem.api(), timer, now: () => new Date(2026, 2, 1, 12), storage: null });
    await diary.init();
    await diary.search.loadTags();
    expect(diary.search.tags).toEqual([['운동', 2], ['family', 1]]);
    diary.search.setFilters({ tag: '#운동' });
    timer.advance(300);
    await settle();
    expect(mem.calls.filter((c) => c.cmd === 'search_entries').at(-1)?.args).toMatchObject({ query: '', tag: '운동' });
    diary.dispose();
  });

  it('asks for the selected day’s entries of earlier years', async () => {
    const mem = new MemoryApi();
    const past = mem.add('2025-03-01', 'a year ago today');
    mem.pastDays = [{ ...past, preview: past.body }];
    const diary = new Diary({ api: mem.api(), timer: new FakeTimer(), now: () => new Date(2026, 2, 1, 12), storage: null });
    await diary.init();
    await settle();
    expect(mem.calls.find((c) => c.cmd === 'on_this_day')?.args).toEqual({ date: '2026-03-01' });
    expect(diary.onThisDay.date).toBe('2026-03-01');
    expect(diary.onThisDay.entries.map((e) => e.id)).toEqual([past.id]);
    diary.dispose();
  });
});

describe('after a restore or an import', () => {
  it('asks again for the calendar’s colours and on this day', async () => {
    const mem = new MemoryApi();
    const diary = new Diary({ api: mem.api(), timer: new FakeTimer(), now: () => new Date(2026, 2, 1, 12), storage: null });
    await diary.init();
    await settle();
    const [days, past] = [mem.count('writers_word_days'), mem.count('on_this_day')];
    await diary.reloadDiary();
    await settle();
    expect(mem.count('writers_word_days')).toBeGreaterThan(days);
    expect(mem.count('on_this_day')).toBeGreaterThan(past);
    diary.dispose();
  });
});
