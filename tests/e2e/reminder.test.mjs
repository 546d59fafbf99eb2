// End-to-end test of the daily reminder and "start Haru at login": the reminder's
// choice survives a restart; turning on "start at login" writes the XDG autostart entry
// (`~/.config/autostart/Haru.desktop`: tauri-plugin-autostart's `auto-launch` writes it under
// $HOME/.config, not $XDG_CONFIG_HOME, so the app here gets a scratch HOME with XDG_CONFIG_HOME
// inside it) and turning it off removes it; and a reminder set for the next minute is shown
// once, skipped on a day already written. A test display has no notification service, so the
// app records each due reminder in HARU_TEST_REMINDER_FILE.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Driver, APP, tempDir, removeTempDirs, cli, sleep } from './harness.mjs';

const HOME = mkdtempSync(path.join(tmpdir(), 'haru-e2e-reminder-home-'));
const CONFIG = path.join(HOME, '.config');
const AUTOSTART = path.join(CONFIG, 'autostart', 'Haru.desktop');
const RECORD = path.join(HOME, 'reminders.log');
const STORED = path.join(CONFIG, 'app.haru.Haru', 'reminder.json');

let driver;
before(async () => {
  driver = await Driver.start({
    env: { HOME, XDG_CONFIG_HOME: CONFIG, HARU_TEST_REMINDER_FILE: RECORD, HARU_TEST_REMINDER_TICK_MS: '500' },
  });
});
after(async () => {
  await driver?.stop();
  removeTempDirs();
  rmSync(HOME, { recursive: true, force: true });
});

async function openSettings(session) {
  await (await session.find('#settings-button')).click();
  return session.waitForElement('#reminder-setting');
}

async function setTime(session, value) {
  await session.execute(
    `const i = document.querySelector('#reminder-time'); i.value = '${value}'; i.dispatchEvent(new Event('change', { bubbles: true })); return true;`,
  );
}

/** The reminder's time as the shell stored it (undefined before anything was stored). */
function storedTime() {
  return existsSync(STORED) ? JSON.parse(readFileSync(STORED, 'utf8')).time : undefined;
}

/** Sets the time field and waits until the shell has stored it. */
async function chooseTime(session, value) {
  await setTime(session, value);
  await session.waitFor(() => storedTime() === value, `the reminder at ${value} to be stored`);
}

function recorded() {
  return existsSync(RECORD) ? readFileSync(RECORD, 'utf8').trim().split('\n').filter(Boolean) : [];
}

const pad = (n) => String(n).padStart(2, '0');

test('the reminder is off by default, its time survives a restart, and "start at login" writes and removes the autostart entry', async () => {
  const data = tempDir();
  let session = await driver.launch(data);
  try {
    await openSettings(session);
    assert.equal(await (await session.find('#reminder-toggle')).property('checked'), false, 'off by default');
    assert.equal((await session.findAll('#reminder-time')).length, 0);
    assert.match(await (await session.find('#reminder-hint')).text(), /[Nn]o reminder|알림이 없어요/);
    await (await session.find('#reminder-toggle')).click();
    await session.waitForElement('#reminder-time');
    await chooseTime(session, '07:45');

    assert.equal(existsSync(AUTOSTART), false);
    await (await session.find('#autostart-toggle')).click();
    await session.waitFor(() => existsSync(AUTOSTART), 'the autostart entry');
    const entry = readFileSync(AUTOSTART, 'utf8');
    assert.match(entry, /\[Desktop Entry\]/);
    assert.ok(entry.includes(`Exec=${APP}`), entry);
  } finally {
    await session.quit();
  }

  session = await driver.launch(data);
  try {
    await openSettings(session);
    assert.equal(await (await session.find('#reminder-toggle')).property('checked'), true, 'still on after a restart');
    assert.equal(await (await session.waitForElement('#reminder-time')).property('value'), '07:45');
    assert.equal(await (await session.find('#autostart-toggle')).property('checked'), true);
    await (await session.find('#autostart-toggle')).click();
    await session.waitFor(() => !existsSync(AUTOSTART), 'the autostart entry to go');
    await (await session.find('#reminder-toggle')).click();
    await session.waitFor(async () => (await session.findAll('#reminder-time')).length === 0, 'the time field to go');
    await session.waitFor(() => storedTime() === null, 'the reminder to be stored as off');
  } finally {
    await session.quit();
  }
  assert.equal(storedTime(), null, 'turned off');
});

test('a reminder set for the next minute is shown once with nothing written today, and skipped after writing', async () => {
  rmSync(RECORD, { force: true });
  rmSync(STORED, { force: true });
  const data = tempDir();
  const session = await driver.launch(data);
  try {
    await openSettings(session);
    // At least 5 s ahead, so the next minute has not begun before the setting lands.
    const at = new Date(Date.now() + 65_000);
    const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
    await (await session.find('#reminder-toggle')).click();
    await session.waitForElement('#reminder-time');
    await chooseTime(session, time);
    await session.waitFor(() => recorded().length > 0, `the reminder at ${time}`, 75_000);
    assert.deepEqual(recorded(), ['shown']);
    await sleep(2000);
    assert.deepEqual(recorded(), ['shown'], 'shown once');

    // With an entry written today, the next one is skipped.
    const today = new Date();
    cli(data, ['add', '--date', `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`, '--text', 'written']);
    const next = new Date(Date.now() + 65_000);
    await chooseTime(session, `${pad(next.getHours())}:${pad(next.getMinutes())}`);
    await session.waitFor(() => recorded().length > 1, 'the second reminder', 75_000);
    assert.deepEqual(recorded(), ['shown', 'skipped']);
  } finally {
    await session.quit();
  }
});
