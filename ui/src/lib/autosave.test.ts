import { describe, expect, it } from 'vitest';
import type { Entry } from '../bindings/Entry';
import type { SaveOutcome } from '../bindings/SaveOutcome';
import type { SaveRequest } from '../bindings/SaveRequest';
import { FakeTimer, settle } from '../test/fakes';
import { Autosaver, type SaveState } from './autosave';

type Call = { request: SaveRequest; resolve: (o: SaveOutcome) => void; reject: (e: unknown) => void };

/** A fake store: every save waits until the test resolves it; records concurrency. */
class FakeStore {
  calls: Call[] = [];
  inFlight = 0;
  maxInFlight = 0;
  nextId = 100;
  save = (request: SaveRequest): Promise<SaveOutcome> => {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise<SaveOutcome>((resolve, reject) => {
      this.calls.push({
        request: { ...request },
        resolve: (o) => {
          this.inFlight--;
          resolve(o);
        },
        reject: (e) => {
          this.inFlight--;
          reject(e);
        },
      });
    });
  };
  entry(request: SaveRequest, id?: number): Entry {
    return {
      id: id ?? request.id ?? this.nextId++,
      date: request.date,
      body: request.body,
      language: 'und',
      created_at: '2026-11-21T12:00:00Z',
      updated_at: '2026-11-21T12:00:00Z',
      word_count: request.body.split(/\s+/).filter(Boolean).length,
    };
  }
  /** Expects `count` saves sent so far, the last of them asking for `request`. */
  expectLast(count: number, request: SaveRequest): void {
    expect(this.calls).toHaveLength(count);
    expect(this.calls[count - 1].request).toEqual(request);
  }
  /** Answers call `index` as a successful save (of entry `id`, else the request's or a new one). */
  async answerSaved(index: number, id?: number): Promise<Entry> {
    const call = this.calls[index];
    const e = this.entry(call.request, id);
    call.resolve({ kind: 'saved', entry: e });
    await settle();
    return e;
  }
}

function setup(initial = { id: null as number | null, date: '2026-11-21', body: '' }) {
  const timer = new FakeTimer();
  const store = new FakeStore();
  const states: SaveState['kind'][] = [];
  const saved: Array<{ entry: Entry; created: boolean; current: boolean }> = [];
  const trashed: Array<{ id: number; date: string; current: boolean }> = [];
  const errors: string[] = [];
  const saver = new Autosaver(
    {
      save: store.save,
      timer,
      delayMs: 400,
      onState: (s) => states.push(s.kind),
      onSaved: (entry, info) => saved.push({ entry, created: info.created, current: info.current }),
      onTrashed: (id, info) => trashed.push({ id, date: info.date, current: info.current }),
      onError: (e) => errors.push(e.message),
    },
    initial,
  );
  /** Edits to each text in turn, `ms` passing after each one (promise callbacks do not run). */
  function typing(...steps: Array<[body: string, ms: number]>): void {
    for (const [body, ms] of steps) {
      saver.edit(body);
      timer.advance(ms);
    }
  }
  /** Lets `ms` pass, then the promise callbacks that started run. */
  async function wait(ms: number): Promise<void> {
    timer.advance(ms);
    await settle();
  }
  /** Types `body` and lets the 400 ms debounce run out (and what it starts run). */
  async function type(body: string): Promise<void> {
    saver.edit(body);
    await wait(400);
  }
  return { timer, store, saver, states, saved, trashed, errors, typing, wait, type };
}

describe('Autosaver debounce', () => {
  it('saves 400 ms after the last keystroke, once, with the latest text', async () => {
    const { store, saver, typing, wait } = setup();
    typing(['H', 300], ['Ha', 300], ['Har', 399]);
    await settle();
    expect(store.calls).toHaveLength(0);
    expect(saver.state.kind).toBe('pending');
    await wait(1);
    store.expectLast(1, { id: null, date: '2026-11-21', body: 'Har' });
    await store.answerSaved(0, 7);
    expect(saver.state.kind).toBe('saved');
    expect(saver.current.id).toBe(7);
  });

  it('does not save when the text is back to what is stored', async () => {
    const { store, saver, typing } = setup({ id: 3, date: '2026-11-20', body: 'hello' });
    typing(['hello!', 0], ['hello', 1000]);
    await settle();
    expect(store.calls).toHaveLength(0);
    expect(saver.state.kind).toBe('saved');
  });
});

describe('Autosaver never creates duplicates and serialises saves', () => {
  it('the second save of a new page waits for the first and updates the created id', async () => {
    const { store, saved, type } = setup();
    await type('first');
    expect(store.calls).toHaveLength(1);
    expect(store.calls[0].request.id).toBeNull();

    // More typing while the creating save is still in flight.
    await type('first words');
    await type('first words here');
    expect(store.calls).toHaveLength(1); // nothing else is sent while one save is in flight

    await store.answerSaved(0, 42);
    store.expectLast(2, { id: 42, date: '2026-11-21', body: 'first words here' });
    await store.answerSaved(1);

    expect(store.maxInFlight).toBe(1);
    expect(store.calls.filter((c) => c.request.id === null)).toHaveLength(1);
    expect(saved.map((s) => s.created)).toEqual([true, false]);
    expect(saved.every((s) => s.entry.id === 42)).toBe(true);
  });

  it('flush during an in-flight create waits for it, then updates instead of creating', async () => {
    const { store, saver, type } = setup();
    await type('a');
    saver.edit('ab');
    let flushed = false;
    const p = saver.flush().then(() => (flushed = true));
    await settle();
    expect(store.calls).toHaveLength(1);
    expect(flushed).toBe(false);
    await store.answerSaved(0, 9);
    expect(store.calls).toHaveLength(2);
    expect(store.calls[1].request.id).toBe(9);
    expect(flushed).toBe(false);
    await store.answerSaved(1);
    await p;
    expect(flushed).toBe(true);
    expect(store.maxInFlight).toBe(1);
  });

  it('many rapid flushes send one save per change, never in parallel', async () => {
    const { store, saver } = setup();
    const flushes: Promise<void>[] = [];
    for (let i = 1; i <= 5; i++) {
      saver.edit('x'.repeat(i));
      flushes.push(saver.flush());
    }
    await settle();
    let answered = 0;
    while (answered < store.calls.length) {
      await store.answerSaved(answered, 5);
      answered++;
    }
    await Promise.all(flushes);
    expect(store.maxInFlight).toBe(1);
    expect(store.calls[0].request.id).toBeNull();
    expect(store.calls.slice(1).every((c) => c.request.id === 5)).toBe(true);
    expect(store.calls[store.calls.length - 1].request.body).toBe('xxxxx');
    expect(saver.state.kind).toBe('saved');
  });
});

describe('Autosaver flush', () => {
  it('saves at once without waiting for the debounce and resolves when stored', async () => {
    const { timer, store, saver } = setup();
    saver.edit('written just before closing');
    let done = false;
    const p = saver.flush().then(() => (done = true));
    expect(timer.pending).toBe(0); // the debounce timer is cancelled
    await settle();
    expect(store.calls).toHaveLength(1);
    expect(done).toBe(false);
    await store.answerSaved(0, 1);
    await p;
    expect(done).toBe(true);
    expect(saver.state.kind).toBe('saved');
    expect(saver.hasUnsaved()).toBe(false);
  });

  it('resolves immediately when nothing is pending', async () => {
    const { store, saver } = setup({ id: 1, date: '2026-11-21', body: 'x' });
    await saver.flush();
    expect(store.calls).toHaveLength(0);
  });

  it('opening another document saves the previous one and applies the id to it only', async () => {
    const { store, saver, saved } = setup();
    saver.edit('page one');
    saver.open({ id: null, date: '2026-11-22', body: '' });
    expect(saver.current.date).toBe('2026-11-22');
    saver.edit('page two');
    const p = saver.flush();
    await settle();
    store.expectLast(1, { id: null, date: '2026-11-21', body: 'page one' });
    await store.answerSaved(0, 11);
    expect(saver.current.id).toBeNull(); // the new page did not inherit id 11
    store.expectLast(2, { id: null, date: '2026-11-22', body: 'page two' });
    await store.answerSaved(1, 12);
    await p;
    expect(saver.current.id).toBe(12);
    expect(saved.map((s) => [s.entry.id, s.current])).toEqual([
      [11, false],
      [12, true],
    ]);
    expect(store.maxInFlight).toBe(1);
  });
});

describe('Autosaver and empty text', () => {
  it('never sends a blank new page, neither on debounce nor on flush', async () => {
    const { store, saver, errors, typing } = setup();
    typing(['   ', 1000]);
    saver.edit(' \n\t ');
    await saver.flush();
    saver.open({ id: null, date: '2026-11-23', body: '' });
    await saver.flush();
    await settle();
    expect(store.calls).toHaveLength(0);
    expect(errors).toEqual([]);
    expect(saver.state.kind).toBe('idle');
    expect(saver.hasUnsaved()).toBe(false);
  });

  it('a page typed then erased before the debounce is not sent', async () => {
    const { store, saver, typing } = setup();
    typing(['oops', 200], ['', 1000]);
    await saver.flush();
    expect(store.calls).toHaveLength(0);
  });

  it('an emptied entry is not sent while typing pauses, only on flush, and becomes a new page', async () => {
    const { store, saver, trashed, typing, type } = setup({ id: 5, date: '2026-11-21', body: 'old text' });
    typing(['', 2000]);
    await settle();
    expect(store.calls).toHaveLength(0);
    expect(saver.state.kind).toBe('empty-pending');

    const p = saver.flush();
    await settle();
    store.expectLast(1, { id: 5, date: '2026-11-21', body: '' });
    store.calls[0].resolve({ kind: 'trashed', id: 5 });
    await p;
    expect(trashed).toEqual([{ id: 5, date: '2026-11-21', current: true }]);
    expect(saver.current.id).toBeNull();
    expect(saver.state.kind).toBe('idle');

    // Writing again creates a new entry rather than touching the trashed one.
    await type('new start');
    expect(store.calls[1].request.id).toBeNull();
  });

  // The back end has the last word on what is empty (the page's isBlank mirrors it, but a
  // newer back end may count more as blank): its refusal or "empty" outcome is handled quietly.
  it('an "empty_entry" rejection is not an error', async () => {
    const { store, saver, errors } = setup();
    saver.edit('x');
    const p = saver.flush();
    await settle();
    store.calls[0].reject({ code: 'empty_entry', message: 'entry is empty' });
    await p;
    expect(errors).toEqual([]);
    expect(saver.state.kind).toBe('idle');
  });

  it('an "empty" outcome leaves the page unsaved and quiet', async () => {
    const { store, saver, errors } = setup();
    saver.edit('x');
    const p = saver.flush();
    await settle();
    store.calls[0].resolve({ kind: 'empty' });
    await p;
    expect(errors).toEqual([]);
    expect(saver.current.id).toBeNull();
    expect(saver.state.kind).toBe('idle');
  });
});

describe('Autosaver errors', () => {
  it('keeps the text, reports the error, and tries again on the next edit', async () => {
    const { store, saver, errors, wait, type } = setup();
    await type('precious');
    store.calls[0].reject({ code: 'disk_full', message: 'the disk is full' });
    await settle();
    expect(errors).toEqual(['the disk is full']);
    const st = saver.state;
    expect(st.kind).toBe('error');
    if (st.kind === 'error') expect(st.error.code).toBe('disk_full');
    expect(saver.hasUnsaved()).toBe(true);

    saver.edit('precious words');
    expect(saver.state.kind).toBe('pending');
    await wait(400);
    store.expectLast(2, { id: null, date: '2026-11-21', body: 'precious words' });
    await store.answerSaved(1, 3);
    expect(saver.state.kind).toBe('saved');
  });

  it('retries a failed previous document on the next flush', async () => {
    const { store, saver } = setup();
    saver.edit('left behind');
    saver.open({ id: 8, date: '2026-11-20', body: 'other' });
    await settle();
    store.calls[0].reject('io error');
    await settle();
    expect(saver.hasUnsaved()).toBe(true);
    const p = saver.flush();
    await settle();
    expect(store.calls).toHaveLength(2);
    expect(store.calls[1].request.body).toBe('left behind');
    await store.answerSaved(1, 4);
    await p;
    expect(saver.hasUnsaved()).toBe(false);
  });
});
