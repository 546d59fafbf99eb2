// End-to-end: the real app analyses entries with the shipped model and shows emotion bars
// and sentence highlights; without a model it says why and keeps saving.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { withDriver, tempDir, removeTempDirs, cli, newEntry } from './harness.mjs';

after(() => removeTempDirs());

async function bars(session) {
  return session.waitFor(async () => {
    const found = await session.findAll('#emotion-panel .emotion-bar');
    return found.length > 0 ? found : null;
  }, 'emotion bars', 30000);
}

test('English and Korean entries get emotion bars and sentence highlights', async () => {
  await withDriver(async (driver) => {
    const data = tempDir();
    const session = await driver.launch(data);
    await newEntry(session, 'I finally got the job offer today! I am so happy and grateful. Then I called my mom.');
    const english = await bars(session);
    const top = await english[0].attribute('data-label');
    assert.ok(['joy', 'gratitude', 'excitement', 'admiration', 'optimism'].includes(top), `top emotion ${top}`);
    assert.match(await (await session.find('#emotion-panel .emotion-percent')).text(), /^\d{1,3}%$/);
    const sentences = await session.waitFor(async () => {
      const found = await session.findAll('.sentence-highlight');
      return found.length === 3 ? found : null;
    }, 'three highlighted sentences', 30000);
    assert.ok(await sentences[1].attribute('data-emotion'));

    await newEntry(session, '오늘은 정말 슬픈 하루였다. 강아지가 아파서 하루 종일 눈물이 났다.');
    await session.waitFor(async () => {
      const first = (await session.findAll('#emotion-panel .emotion-bar'))[0];
      return first && ['sadness', 'grief', 'disappointment', 'remorse', 'caring', 'fear', 'nervousness'].includes(await first.attribute('data-label'));
    }, 'a sad top emotion for the Korean entry', 30000);
    await session.waitFor(async () => (await session.findAll('.sentence-highlight')).length === 2, 'two Korean sentences', 30000);
  });
});

test('without a model the app says analysis is unavailable and still saves', async () => {
  await withDriver({ env: { HARU_MODEL_DIR: '/nonexistent/haru-models' } }, async (driver) => {
    const data = tempDir();
    const session = await driver.launch(data);
    const note = await session.waitForElement('#analyser-unavailable', 30000);
    assert.match(await note.text(), /haru-models|haru-emotion/);
    await newEntry(session, 'Saved even without the model.');
    const recs = await session.waitForElement('#recs-error', 30000);
    assert.match(await recs.text(), /emotion model/);
    const [entry] = JSON.parse(cli(data, ['list', '--json']));
    assert.equal(JSON.parse(cli(data, ['show', String(entry.id), '--json'])).body, 'Saved even without the model.');
  });
});
