// The package upgrade as a user sees it, in two runs around `apt-get install` of the next
// version (tests/package/run.sh): `before` writes an entry in the installed app and chooses
// Korean and the dark theme; `after` starts the upgraded app on the same diary and finds the
// entry, the language and the theme. WebKit's own storage is a fresh scratch folder in each
// run, so what comes back comes from the diary itself.
//
//   HARU_UPGRADE_PHASE=before|after HARU_UPGRADE_DIARY=DIR HARU_APP=… HARU_CLI=… node --test upgrade.mjs

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Driver, removeTempDirs, waitSaved, editorValue, cli } from '../e2e/harness.mjs';

after(() => removeTempDirs());

const phase = process.env.HARU_UPGRADE_PHASE;
const diary = process.env.HARU_UPGRADE_DIARY;
const TEXT = 'Written before the upgrade. 업그레이드 전에 쓴 일기.';

/** The settings stored in the diary, read with the installed CLI. */
function storedSettings() {
  const rows = JSON.parse(cli(diary, ['export', '--format', 'json'])).tables.settings;
  return Object.fromEntries(rows.map((r) => (Array.isArray(r) ? r.slice(0, 2) : [r.key, r.value])));
}

async function appearance(session) {
  return session.execute('return [document.documentElement.lang, document.documentElement.dataset.theme || ""];');
}

test(`upgrade, ${phase}: the diary, its language and its theme`, async () => {
  assert.ok(['before', 'after'].includes(phase) && diary, 'HARU_UPGRADE_PHASE and HARU_UPGRADE_DIARY');
  const driver = await Driver.start();
  const session = await driver.launch(diary);
  try {
    if (phase === 'before') {
      await (await session.find('#new-entry')).click();
      const editor = await session.find('#editor');
      await editor.click();
      await editor.type(TEXT);
      await waitSaved(session);
      await (await session.find('#settings-button')).click();
      await (await session.waitForElement('#language-choices [data-value="ko"]')).click();
      await (await session.waitForElement('#theme-choices [data-value="dark"]')).click();
      await session.waitFor(async () => (await appearance(session)).join() === 'ko,dark', 'Korean and dark');
      // The window shows a choice at once and stores it a moment later: wait for the diary.
      await session.waitFor(async () => {
        const stored = storedSettings();
        return stored.language === 'ko' && stored.theme === 'dark';
      }, 'Korean and dark stored in the diary');
    } else {
      await session.waitFor(async () => (await appearance(session)).join() === 'ko,dark', 'Korean and dark after the upgrade');
      await session.waitFor(async () => (await session.findAll('.entry-item')).length >= 1, "the entry in today's list");
      const items = await session.findAll('.entry-item');
      await items[items.length - 1].click();
      await session.waitFor(async () => (await editorValue(session)) === TEXT, 'the entry written before the upgrade');
    }
  } finally {
    await session.quit();
    await driver.stop();
  }
});
