// End-to-end test of encryption at rest in the real app: a diary encrypted with `haru encrypt`
// starts on the unlock screen; a wrong passphrase is refused with a clear message and changes
// no file; the right one opens the diary with its entries, and what is written afterwards is
// encrypted on disk too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { driverForFile, CLI, tempDir, cli, newEntry, editorValue, appClosed, sleep, isoDay } from './harness.mjs';

const PASSPHRASE = 'sunrise over namsan tower';
const FIRST = 'Lighthouse diary: the marmalade sky over the harbour.';
const SECOND = '오늘은 등대지기와 바다를 보았다.';
const LATER = 'Written after unlocking: quokka umbrellas.';

const driver = driverForFile();

/** The CLI with a passphrase in the environment. */
function cliWith(dataDir, args, passphrase = PASSPHRASE) {
  return execFileSync(CLI, args, {
    env: { ...process.env, HARU_DATA_DIR: dataDir, HARU_PASSPHRASE: passphrase },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** sha256 of every diary file (the app's own lock and socket files left out). */
function hashes(dir) {
  const out = {};
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && !name.startsWith('haru-app.')) out[p] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

function filesContaining(dir, text) {
  const needle = Buffer.from(text, 'utf8');
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && readFileSync(p).includes(needle)) found.push(p);
    }
  };
  walk(dir);
  return found;
}

async function typeSecret(session, secret) {
  const field = await session.waitForElement('#unlock-secret');
  await field.selectAll();
  await field.type(secret);
  await (await session.find('#unlock-submit')).click();
}

test('an encrypted diary asks for its passphrase, refuses a wrong one, and opens with the right one', async () => {
  const data = tempDir();
  const day = isoDay();
  cli(data, ['add', '--date', day, '--text', FIRST]);
  cli(data, ['add', '--date', day, '--text', SECOND]);

  // The plain diary opens straight into the editor.
  await driver.withApp(data, (session) =>
    session.waitFor(async () => (await session.findAll('.entry-item')).length === 2, 'two entries'));
  await appClosed(data);

  // Encryption on (the CLI prints the recovery key once), then the app is started again.
  const recovery = cliWith(data, ['encrypt']).trim();
  assert.match(recovery, /^([0-9a-f]{4}-){15}[0-9a-f]{4}$/);
  assert.deepEqual(filesContaining(data, 'marmalade'), []);
  assert.deepEqual(filesContaining(data, '등대지기'), []);

  await driver.withApp(data, { waitFor: '#unlock-screen' }, async (session) => {
    assert.equal((await session.findAll('#editor')).length, 0, 'no editor before unlocking');
    const before = hashes(data);

    await typeSecret(session, 'not my passphrase');
    const problem = await session.waitFor(async () => {
      const text = await (await session.find('#unlock-problem')).text();
      return text.trim() ? text : null;
    }, 'the wrong-passphrase message');
    assert.match(problem, /not right/);
    assert.match(problem, /Nothing was changed/);
    assert.equal((await session.findAll('#editor')).length, 0, 'still locked');
    assert.deepEqual(hashes(data), before, 'a wrong passphrase changed no file');

    await typeSecret(session, PASSPHRASE);
    await session.waitForElement('#editor', 20000);
    await session.waitFor(async () => (await session.findAll('.entry-item')).length === 2, 'both entries after unlocking');
    const shown = await editorValue(session);
    assert.ok([FIRST, SECOND].includes(shown), `the editor shows an entry (${shown})`);

    // Writing works, and lands encrypted (the WAL included).
    await newEntry(session, LATER);
    assert.deepEqual(filesContaining(data, 'quokka'), []);
  });

  const listed = JSON.parse(cliWith(data, ['list', '--json']));
  assert.equal(listed.length, 3);
  assert.throws(() => cliWith(data, ['list', '--json'], 'wrong passphrase'), /wrong_passphrase/);
  assert.throws(() => cli(data, ['list']), /locked/);
  // The recovery key opens it too.
  const byRecovery = execFileSync(CLI, ['list', '--json'], {
    env: { ...process.env, HARU_DATA_DIR: data, HARU_RECOVERY_KEY: recovery },
    encoding: 'utf8',
  });
  assert.equal(JSON.parse(byRecovery).length, 3);
});

test('encryption turned on in the settings shows the recovery key once, and the diary needs the passphrase afterwards', async () => {
  const data = tempDir();
  cli(data, ['add', '--date', isoDay(), '--text', FIRST]);
  const session = await driver.launch(data);
  let recovery;
  try {
    await (await session.find('#settings-button')).click();
    await (await session.waitForElement('#enc-turn-on')).click();
    assert.match(await (await session.waitForElement('#encryption-warning')).text(), /cannot be recovered/);
    await (await session.find('#enc-pass')).type(PASSPHRASE);
    await (await session.find('#enc-confirm')).type(PASSPHRASE);
    await (await session.find('#enc-submit')).click();
    // Not without acknowledging the warning.
    await session.waitFor(async () => (await session.findAll('#recovery-key')).length === 0, 'no key yet');
    await (await session.find('#enc-ack')).click();
    await (await session.find('#enc-submit')).click();
    recovery = (await (await session.waitForElement('#recovery-key', 20000)).text()).trim();
    assert.match(recovery, /^([0-9a-f]{4}-){15}[0-9a-f]{4}$/);
    assert.deepEqual(filesContaining(data, 'marmalade'), []);
    // "I wrote it down" closes Haru (it must reopen the encrypted file).
    // The app exits while WebDriver waits for the click's answer: an error here is expected.
    await (await session.find('#recovery-done')).click().catch(() => {});
    await appClosed(data); // throws when it did not
  } finally {
    await session.quit().catch(() => {});
  }
  assert.throws(() => cli(data, ['list']), /locked/);
  assert.equal(JSON.parse(cliWith(data, ['list', '--json'])).length, 1);
  const byRecovery = execFileSync(CLI, ['list', '--json'], {
    env: { ...process.env, HARU_DATA_DIR: data, HARU_RECOVERY_KEY: recovery },
    encoding: 'utf8',
  });
  assert.equal(JSON.parse(byRecovery).length, 1);
});

test('a plain diary recommends encryption at first launch; the suggestion opens the settings form and can be dismissed', async () => {
  const KEY = 'haru.encryptionSuggestion.dismissed';
  const data = tempDir();
  cli(data, ['add', '--date', isoDay(), '--text', FIRST]);
  const session = await driver.launch(data);
  try {
    // The dismissal is UI state in the webview's storage: start from a first launch.
    await session.waitForElement('#editor', 20000);
    await session.execute(`localStorage.removeItem('${KEY}'); location.reload(); return true;`);
    await sleep(1500); // let the reload replace the page
    await (await session.waitForElement('#encryption-suggestion-open', 20000)).click();
    assert.match(await (await session.waitForElement('#encryption-warning')).text(), /cannot be recovered/);
    await session.execute("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })); return true;");
    await session.execute('location.reload(); return true;');
    await sleep(1500);
    await (await session.waitForElement('#encryption-suggestion-dismiss', 20000)).click();
    await session.waitFor(async () => (await session.findAll('#encryption-suggestion')).length === 0, 'the suggestion to go');
    await session.execute('location.reload(); return true;');
    await sleep(1500);
    await session.waitForElement('#editor', 20000);
    await sleep(1000);
    assert.equal((await session.findAll('#encryption-suggestion')).length, 0, 'a dismissed suggestion stays away');
  } finally {
    await session.execute(`localStorage.removeItem('${KEY}'); return true;`).catch(() => {});
    await session.quit();
  }
});
