// End-to-end test of locking an encrypted diary: "Lock now" and its shortcut save
// the text being typed, return to the unlock screen with no entry text left in the page, and
// the passphrase brings the diary back; the idle lock fires after the chosen time without
// activity (shortened here by HARU_TEST_IDLE_SECONDS, which makes every "on" choice that many
// seconds), and the choice survives the lock.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Driver, CLI, tempDir, removeTempDirs, cli, editorValue, sleep, isoDay } from './harness.mjs';

const PASSPHRASE = 'lanterns along the cheonggyecheon';
const FIRST = 'Persimmon evening: the lighthouse keeper waved twice.';
const TYPED = 'Typed just before locking: a heron on the Han river.';
const IDLE_SECONDS = 4;

let driver;
before(async () => {
  driver = await Driver.start({ env: { HARU_TEST_IDLE_SECONDS: String(IDLE_SECONDS) } });
});
after(async () => {
  await driver?.stop();
  removeTempDirs();
});

/** A diary with one entry, encrypted with the CLI. */
function encryptedDiary() {
  const data = tempDir();
  cli(data, ['add', '--date', isoDay(), '--text', FIRST]);
  execFileSync(CLI, ['encrypt'], {
    env: { ...process.env, HARU_DATA_DIR: data, HARU_PASSPHRASE: PASSPHRASE },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return data;
}

async function unlock(session) {
  const field = await session.waitForElement('#unlock-secret', 20000);
  await field.selectAll();
  await field.type(PASSPHRASE);
  await (await session.find('#unlock-submit')).click();
  await session.waitForElement('#editor', 30000);
}

/** The whole page's markup and text: nothing of the diary may be left in it once locked. */
async function pageText(session) {
  return session.execute('return document.documentElement.outerHTML + "\\n" + document.body.innerText;');
}

/** Marks the page, so the test can tell when locking has reloaded it. */
async function markPage(session) {
  await session.execute('window.__haruBeforeLock = true; return true;');
}

async function assertLockedPage(session) {
  // The reloaded page: unmarked, and past its start (the unlock screen shown).
  await session.waitFor(
    () => session.execute("return !window.__haruBeforeLock && !!document.querySelector('#unlock-screen');"),
    'the reloaded page on the unlock screen',
    20000,
  );
  assert.equal((await session.findAll('#editor')).length, 0, 'no editor while locked');
  const page = await pageText(session);
  assert.ok(!page.includes('Persimmon'), 'the entry text is not in the page');
  assert.ok(!page.includes('heron'), 'the typed text is not in the page');
}

test('"Lock now" and Ctrl+L save the text, show the unlock screen with no entry text, and the passphrase brings it back', async () => {
  const data = encryptedDiary();
  const session = await driver.launch(data, { waitFor: '#unlock-screen' });
  try {
    await unlock(session);
    await session.waitFor(async () => (await editorValue(session)) === FIRST, 'the entry after unlocking');

    // The button in the sidebar.
    await markPage(session);
    await (await session.waitForElement('#lock-now')).click();
    await assertLockedPage(session);
    await unlock(session);
    await session.waitFor(async () => (await editorValue(session)) === FIRST, 'the entry is back');

    // Text typed and not yet saved (the autosave waits), then the shortcut at once.
    await (await session.find('#new-entry')).click();
    const editor = await session.find('#editor');
    await editor.click();
    await editor.type(TYPED);
    await markPage(session);
    await session.execute(
      "document.querySelector('#editor').dispatchEvent(new KeyboardEvent('keydown', { key: 'l', code: 'KeyL', ctrlKey: true, bubbles: true, cancelable: true })); return true;",
    );
    await assertLockedPage(session);
    await unlock(session);
    await session.waitFor(async () => (await session.findAll('.entry-item')).length === 2, 'both entries after unlocking');
    const previews = await session.execute("return [...document.querySelectorAll('.entry-item')].map((e) => e.textContent).join('\\n');");
    assert.match(previews, /heron on the Han river/, 'the text typed before locking was saved');
  } finally {
    await session.quit();
  }
  const listed = JSON.parse(
    execFileSync(CLI, ['list', '--json'], {
      env: { ...process.env, HARU_DATA_DIR: data, HARU_PASSPHRASE: PASSPHRASE },
      encoding: 'utf8',
    }),
  );
  assert.equal(listed.length, 2);
});

test('the idle lock fires after the chosen time without activity, and the choice is kept', async () => {
  const data = encryptedDiary();
  const session = await driver.launch(data, { waitFor: '#unlock-screen' });
  try {
    await unlock(session);
    // Off by default: nothing happens.
    await sleep((IDLE_SECONDS + 2) * 1000);
    assert.equal((await session.findAll('#editor')).length, 1, 'off by default');

    await (await session.find('#settings-button')).click();
    const select = await session.waitForElement('#idle-lock-select');
    assert.equal(await select.property('value'), '0');
    await markPage(session);
    await session.execute(
      "const s = document.querySelector('#idle-lock-select'); s.value = '1'; s.dispatchEvent(new Event('change', { bubbles: true })); return true;",
    );
    const started = Date.now();
    await assertLockedPage(session);
    const waited = (Date.now() - started) / 1000;
    assert.ok(waited >= IDLE_SECONDS - 1, `locked after ${waited} s, not before the idle time`);

    await unlock(session);
    await session.waitFor(async () => (await editorValue(session)) === FIRST, 'the entry is back');
    await (await session.find('#settings-button')).click();
    assert.equal(await (await session.waitForElement('#idle-lock-select')).property('value'), '1', 'the choice is kept');
    // And it locks again by itself.
    await markPage(session);
    await assertLockedPage(session);
  } finally {
    await session.quit();
  }
});
