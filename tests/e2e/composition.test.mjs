// Korean is typed through an input method: each syllable is composed (ㅎ → 하 → 한) before it is
// committed, and WebDriver's typing skips all of that. These tests drive the composition
// events a Korean IME produces (compositionstart / compositionupdate / input with isComposing /
// compositionend, in both orders browsers use at the commit) in the editor and the search box
// of the real app, under a Korean locale, and check that autosave, word counts, shortcuts,
// switching entries, blur and closing the window never lose or double the syllable being
// composed. (ime_ibus.test.mjs types through a real ibus-hangul.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { driverForFile, tempDir, cli, sleep, editorValue, isoDay, newEntry, closeApp } from './harness.mjs';

const driver = driverForFile({ locale: 'ko_KR.UTF-8', env: { GTK_IM_MODULE: undefined, XMODIFIERS: undefined } });

// An input method in the page: the preedit occupies [from, to) of the field's value, as WebKit
// keeps it, and every step fires the events a real IME makes WebKit fire.
const IME = `
window.__ime = {
  state: null,
  start(el) {
    el.focus();
    this.state = { el, from: el.selectionStart, to: el.selectionEnd };
    el.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, composed: true, data: '' }));
  },
  update(text) {
    const s = this.state;
    s.el.dispatchEvent(new InputEvent('beforeinput', { bubbles: true, composed: true, inputType: 'insertCompositionText', data: text, isComposing: true }));
    s.el.setRangeText(text, s.from, s.to, 'end');
    s.to = s.from + text.length;
    s.el.dispatchEvent(new CompositionEvent('compositionupdate', { bubbles: true, composed: true, data: text }));
    s.el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertCompositionText', data: text, isComposing: true }));
  },
  // 'input-first': input (isComposing) then compositionend, as WebKitGTK with ibus and Chrome do;
  // 'end-first': compositionend then a plain input, as older Safari does.
  commit(text, order = 'input-first') {
    const s = this.state;
    if (!s) return;
    this.state = null;
    s.el.setRangeText(text, s.from, s.to, 'end');
    const input = (composing) => s.el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: composing ? 'insertCompositionText' : 'insertFromComposition', data: text, isComposing: composing }));
    const end = () => s.el.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, composed: true, data: text }));
    if (order === 'input-first') { input(true); end(); } else { end(); input(false); }
  },
  // What an IME does when the field loses focus mid-syllable: it commits the preedit.
  commitOnBlur(order) {
    const s = this.state;
    s.el.addEventListener('blur', () => this.commit(s.el.value.slice(s.from, s.to), order), { once: true });
  },
  key(el, init) {
    const composing = this.state !== null;
    const e = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, composed: true, isComposing: composing, keyCode: composing ? 229 : 0, ...init });
    el.dispatchEvent(e);
    return e.defaultPrevented;
  },
};
return true;`;

async function install(session) {
  await session.execute(IME);
}
const ime = {
  start: (s, css = '#editor') => s.execute(`window.__ime.start(document.querySelector(arguments[0])); return true;`, [css]),
  update: (s, text) => s.execute('window.__ime.update(arguments[0]); return true;', [text]),
  commit: (s, text, order) => s.execute('window.__ime.commit(arguments[0], arguments[1]); return true;', [text, order]),
  commitOnBlur: (s, order) => s.execute('window.__ime.commitOnBlur(arguments[0]); return true;', [order]),
  key: (s, css, init) => s.execute('return window.__ime.key(document.querySelector(arguments[0]), arguments[1]);', [css, init]),
};

/** Composes one syllable, jamo by jamo, leaving it uncommitted. */
async function compose(session, steps, css) {
  await ime.start(session, css);
  for (const step of steps) await ime.update(session, step);
}

function stored(data) {
  return JSON.parse(cli(data, ['list', '--json'])).map((e) => JSON.parse(cli(data, ['show', String(e.id), '--json'])).body);
}

/** Waits until the diary holds exactly `expected`, and checks it still does after longer than
 * the autosave debounce (a late duplicate would show then). */
async function storedAs(session, data, expected) {
  await session.waitFor(() => JSON.stringify(stored(data)) === JSON.stringify(expected), `the diary to hold ${JSON.stringify(expected)}`);
  await sleep(700);
  assert.deepEqual(stored(data), expected);
}

async function counts(session) {
  return [await (await session.find('#word-count')).text(), await (await session.find('#char-count')).text()];
}

async function writeNew(session, text) {
  await newEntry(session, text);
  await install(session);
}

for (const order of ['input-first', 'end-first']) {
  test(`autosave and word counts keep the syllable being composed, once (${order})`, async () => {
    const data = tempDir();
    await driver.withApp(data, async (session) => {
      assert.equal(await session.execute('return document.documentElement.lang;'), 'ko');
      await writeNew(session, '오늘은 ');
      await compose(session, ['ㅎ', '하', '한']);
      assert.equal(await editorValue(session), '오늘은 한');
      assert.deepEqual(await counts(session), ['2단어', '5자']);
      // A pause mid-syllable: autosave keeps what is on screen, the syllable included.
      await storedAs(session, data, ['오늘은 한']);
      await ime.commit(session, '한', order);
      await compose(session, ['ㄱ', '그', '글']);
      await ime.commit(session, '글', order);
      assert.equal(await editorValue(session), '오늘은 한글');
      assert.deepEqual(await counts(session), ['2단어', '6자']);
      await storedAs(session, data, ['오늘은 한글']);
    });
  });
}

test('shortcuts wait while a syllable is composed', async () => {
  const data = tempDir();
  await driver.withApp(data, async (session) => {
    await writeNew(session, '첫 ');
    const date = await (await session.find('#editor-date')).text();
    await compose(session, ['ㄱ', '그', '글']);
    // Ctrl+N, Alt+→ and Escape pressed while composing belong to the IME.
    assert.equal(await ime.key(session, '#editor', { key: 'n', code: 'KeyN', ctrlKey: true }), false);
    assert.equal(await ime.key(session, '#editor', { key: 'ArrowRight', code: 'ArrowRight', altKey: true }), false);
    await sleep(600);
    assert.equal(await editorValue(session), '첫 글');
    assert.equal(await (await session.find('#editor-date')).text(), date, 'still the same day');
    assert.equal((await session.findAll('.entry-item')).length, 1);
    await ime.commit(session, '글');
    // Committed: the same Ctrl+N now opens a new page, and the entry is stored with the syllable once.
    assert.equal(await ime.key(session, '#editor', { key: 'n', code: 'KeyN', ctrlKey: true }), true);
    await session.waitFor(async () => (await editorValue(session)) === '', 'a new, empty page');
    await storedAs(session, data, ['첫 글']);
  });
});

for (const order of ['input-first', 'end-first']) {
  test(`switching entries mid-syllable stores it in the entry it was typed in, once (${order})`, async () => {
    const data = tempDir();
    const a = cli(data, ['add', '--date', isoDay(), '--text', '아침에 산책']).trim();
    const b = cli(data, ['add', '--date', isoDay(), '--text', '저녁에 독서']).trim();
    await driver.withApp(data, async (session) => {
      await (await session.waitForElement(`.entry-item[data-entry-id="${a}"]`)).click();
      await session.waitFor(async () => (await editorValue(session)) === '아침에 산책', 'entry A open');
      await install(session);
      await session.execute("const t = document.querySelector('#editor'); t.focus(); t.setSelectionRange(t.value.length, t.value.length); return true;");
      await compose(session, ['ㅎ', '했']);
      await ime.commitOnBlur(session, order);
      await (await session.find(`.entry-item[data-entry-id="${b}"]`)).click();
      await session.waitFor(async () => (await editorValue(session)) === '저녁에 독서', 'entry B open');
      await sleep(800); // longer than the autosave debounce
      const show = (id) => JSON.parse(cli(data, ['show', id, '--json'])).body;
      assert.equal(show(a), '아침에 산책했');
      assert.equal(show(b), '저녁에 독서');
      assert.equal(await editorValue(session), '저녁에 독서');
    });
  });
}

test('blur mid-syllable saves it once, whenever the IME commits', async () => {
  const data = tempDir();
  await driver.withApp(data, async (session) => {
    await writeNew(session, '바람이 ');
    await compose(session, ['ㅂ', '부', '불']);
    await ime.commitOnBlur(session, 'end-first');
    await (await session.find('#search')).click();
    await storedAs(session, data, ['바람이 불']);
    // Back in the editor, the next syllable continues the same text.
    await (await session.find('#editor')).click();
    await session.execute("const t = document.querySelector('#editor'); t.setSelectionRange(t.value.length, t.value.length); return true;");
    await compose(session, ['ㄷ', '다']);
    await ime.commit(session, '다');
    assert.equal(await editorValue(session), '바람이 불다');
    await storedAs(session, data, ['바람이 불다']);
  });
});

test('closing the window mid-syllable keeps it', async () => {
  const data = tempDir();
  const session = await driver.launch(data);
  await writeNew(session, '잘 자');
  await compose(session, ['ㄹ']);
  await ime.update(session, '라');
  // The IME never commits: the window goes away first.
  await closeApp(session, data);
  assert.deepEqual(stored(data), ['잘 자라']);
});

test('the search box: composing never doubles the query, and Enter and Escape wait for the commit', async () => {
  const data = tempDir();
  const hit = cli(data, ['add', '--date', '2026-03-02', '--text', '아침 일찍 학교에서 친구를 만났다.']).trim();
  cli(data, ['add', '--date', '2026-03-03', '--text', '비 오는 날, 집에서 책을 읽었다.']);
  await driver.withApp(data, async (session) => {
    await install(session);
    await (await session.find('#search')).click();
    await compose(session, ['ㅎ', '하', '학'], '#search');
    await ime.commit(session, '학');
    await compose(session, ['ㄱ', '교'], '#search');
    const value = () => session.execute("return document.querySelector('#search').value;");
    assert.equal(await value(), '학교');
    const results = await session.waitFor(async () => {
      const found = await session.findAll('.search-result');
      return found.length === 1 ? found : null;
    }, 'one result for 학교');
    assert.equal(await results[0].attribute('data-entry-id'), hit);
    // Enter and Escape while composing: the query stays and nothing opens.
    assert.equal(await ime.key(session, '#search', { key: 'Enter', code: 'Enter' }), false);
    assert.equal(await ime.key(session, '#search', { key: 'Escape', code: 'Escape' }), false);
    await sleep(400);
    assert.equal(await value(), '학교');
    assert.notEqual(await editorValue(session), '아침 일찍 학교에서 친구를 만났다.');
    await ime.commit(session, '교', 'end-first');
    assert.equal(await value(), '학교');
    assert.equal((await session.findAll('.search-result')).length, 1);
    // Committed: Enter opens the result.
    assert.equal(await ime.key(session, '#search', { key: 'Enter', code: 'Enter' }), true);
    await session.waitFor(async () => (await editorValue(session)) === '아침 일찍 학교에서 친구를 만났다.', 'the found entry opened');
  });
});
