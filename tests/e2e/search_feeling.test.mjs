// End-to-end: "sad entries in March" — search by feeling and date range in the real app.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Driver, tempDir, removeTempDirs, cli } from './harness.mjs';

after(() => removeTempDirs());

async function setValue(session, css, value) {
  const el = await session.find(css);
  await session.execute(
    `const el = arguments[0]; el.value = arguments[1];
     el.dispatchEvent(new Event('input', { bubbles: true }));
     el.dispatchEvent(new Event('change', { bubbles: true })); return true;`,
    [el.ref(), value],
  );
}

test('search by feeling and dates finds the sad entry of March only', async () => {
  const data = tempDir();
  const sadMarch = cli(data, ['add', '--date', '2026-03-12', '--text', 'I cried all night. I miss my grandmother so much and feel very sad.']).trim();
  cli(data, ['add', '--date', '2026-03-20', '--text', 'Best day ever! I got the job and I am so happy.']);
  cli(data, ['add', '--date', '2026-04-02', '--text', 'So sad today. My dog is sick and I cried again.']);
  cli(data, ['history', '--by', 'day']); // analyse with the shipped model
  const driver = await Driver.start();
  const session = await driver.launch(data);
  try {
    await (await session.find('#search-filters-toggle')).click();
    await session.waitForElement('#search-emotion');
    await setValue(session, '#search-emotion', 'sadness');
    await setValue(session, '#search-from', '2026-03-01');
    await setValue(session, '#search-to', '2026-03-31');
    const results = await session.waitFor(async () => {
      const found = await session.findAll('.search-result');
      return found.length === 1 ? found : null;
    }, 'exactly one result', 20000);
    assert.equal(await results[0].attribute('data-entry-id'), sadMarch);
  } finally {
    await session.quit();
    await driver.stop();
  }
});
