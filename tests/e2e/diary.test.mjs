// End-to-end tests of the real Haru app (WebKitGTK through tauri-driver): writing survives a
// restart, edit and delete with undo, Korean search, and the close/kill durability promise.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { driverForFile, tempDir, cli, appPids, sleep, waitSaved, editorValue, newEntry, closeApp } from './harness.mjs';

const driver = driverForFile();

test('an entry written in the app is there after a restart', async () => {
  const data = tempDir();
  const text = 'First day with Haru. 하루를 기록한다 ☀';
  await driver.withApp(data, (session) => newEntry(session, text));

  await driver.withApp(data, async (session) => {
    await session.waitFor(async () => (await session.findAll('.entry-item')).length === 1, 'one entry in the list');
    assert.equal(await editorValue(session), text);
    const listed = JSON.parse(cli(data, ['list', '--json']));
    assert.equal(listed.length, 1);
    assert.equal(JSON.parse(cli(data, ['show', String(listed[0].id), '--json'])).body, text);
  });
});

test('edit, then delete with confirmation and undo', async () => {
  const data = tempDir();
  await driver.withApp(data, async (session) => {
    await newEntry(session, 'draft one');
    const editor = await session.find('#editor');
    await editor.selectAll();
    await editor.type('rewritten entry');
    await waitSaved(session);
    const [entry] = JSON.parse(cli(data, ['list', '--json']));
    assert.equal(JSON.parse(cli(data, ['show', String(entry.id), '--json'])).body, 'rewritten entry');

    await (await session.find('#delete-entry')).click();
    await (await session.waitForElement('#confirm-delete')).click();
    await session.waitFor(async () => (await session.findAll('.entry-item')).length === 0, 'entry gone from the list');
    assert.equal(JSON.parse(cli(data, ['list', '--json'])).length, 0, 'deleted in the database');

    await (await session.waitForElement('#undo-delete')).click();
    await session.waitFor(async () => (await session.findAll('.entry-item')).length === 1, 'entry back in the list');
    assert.equal(JSON.parse(cli(data, ['show', String(entry.id), '--json'])).body, 'rewritten entry');
  });
});

test('a two-syllable Korean query finds the entry and highlights it', async () => {
  const data = tempDir();
  cli(data, ['add', '--date', '2026-03-02', '--text', '아침 일찍 학교에서 친구를 만났다.']);
  cli(data, ['add', '--date', '2026-03-03', '--text', '비 오는 날, 집에서 책을 읽었다.']);
  await driver.withApp(data, async (session) => {
    await (await session.find('#search')).type('학교');
    const results = await session.waitFor(async () => {
      const found = await session.findAll('.search-result');
      return found.length === 1 ? found : null;
    }, 'exactly one search result');
    const marks = await session.findAll('.search-result mark');
    assert.equal(await marks[0].text(), '학교');
    await results[0].click();
    await session.waitFor(async () => (await editorValue(session)) === '아침 일찍 학교에서 친구를 만났다.', 'the found entry opened');
  });
});

/** Opens a new diary, writes an entry `saved` (and waits until it is), then types `more` after
 * it: what happens to the app next decides whether `more` is kept. */
async function typedAfterSaving(saved, more) {
  const data = tempDir();
  const session = await driver.launch(data);
  await newEntry(session, saved);
  const editor = await session.find('#editor');
  await editor.type(more);
  return { data, session, editor };
}

test('closing the window right after typing keeps the text', async () => {
  const { data, session } = await typedAfterSaving('saved part.', ' typed just before closing');
  await closeApp(session, data);
  const [entry] = JSON.parse(cli(data, ['list', '--json']));
  assert.equal(JSON.parse(cli(data, ['show', String(entry.id), '--json'])).body, 'saved part. typed just before closing');
});

test('killing the app loses at most the last debounce interval, never older text', async () => {
  const { data, session, editor } = await typedAfterSaving('before the crash.', ' more text');
  await sleep(1500); // longer than the autosave debounce
  await editor.type(' and a last burst');
  for (const pid of appPids(data)) process.kill(pid, 'SIGKILL');
  await session.quit();
  const [entry] = JSON.parse(cli(data, ['list', '--json']));
  const body = JSON.parse(cli(data, ['show', String(entry.id), '--json'])).body;
  assert.ok(
    body === 'before the crash. more text' || body === 'before the crash. more text and a last burst',
    `unexpected body after kill: ${JSON.stringify(body)}`,
  );
});

test('a corrupt database is named, not replaced, and the app still opens', async () => {
  const data = tempDir();
  const db = path.join(data, 'haru.sqlite3');
  writeFileSync(db, 'my precious notes, not a database');
  await driver.withApp(data, { waitFor: '#fatal-error' }, async (session) => {
    const message = await (await session.find('#fatal-error')).text();
    assert.match(message, /haru\.sqlite3/);
    assert.equal(readFileSync(db, 'utf8'), 'my precious notes, not a database');
  });
});

test('a second launch on the same diary focuses the first instead of opening it twice', async () => {
  const data = tempDir();
  await driver.withApp(data, async (session) => {
    const { spawnSync } = await import('node:child_process');
    const { APP } = await import('./harness.mjs');
    const second = spawnSync(APP, ['--data-dir', data], { encoding: 'utf8', timeout: 15000 });
    assert.equal(second.status, 0);
    assert.match(second.stderr, /already open/);
    assert.equal(appPids(data).length, 1, 'still exactly one app on this diary');
    await newEntry(session, 'the first window still works');
  });
});
