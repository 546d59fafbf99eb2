// An installed Haru whose bundled files were lost or damaged: the app says what is wrong and
// keeps saving. tests/package/run.sh unpacks the package into throw-away roots, breaks one
// file in each, and passes them as HARU_DAMAGED_ROOTS="case=/root/dir case=/root/dir …":
//   model-missing      models/haru-emotion.onnx deleted
//   model-damaged      models/haru-emotion.onnx cut to its first megabyte
//   ort-damaged        the ONNX Runtime library replaced by text
//   catalogue-damaged  resources/catalogue/movies.jsonl with a broken line
// Each case starts that root's usr/bin/haru-app, writes an entry and reads the notices.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Driver, tempDir, removeTempDirs, appClosed, waitSaved } from '../e2e/harness.mjs';
import { Session } from '../e2e/webdriver.mjs';

after(() => removeTempDirs());

const roots = Object.fromEntries(
  (process.env.HARU_DAMAGED_ROOTS || '').split(/\s+/).filter(Boolean).map((pair) => pair.split('=')),
);

// What the app must say in each case: the file that is wrong, in words.
const EXPECT = {
  'model-missing': { analyser: /haru-emotion\.onnx is missing/ },
  'model-damaged': { analyser: /haru-emotion\.onnx is damaged/ },
  'ort-damaged': { analyser: /libonnxruntime\.so\.1\.31\.1 is damaged/ },
  'catalogue-damaged': { recs: /movies\.jsonl is damaged/ },
};

async function launch(driver, app, data) {
  await appClosed(data).catch(() => {});
  const session = await Session.start(driver.base, app, ['--data-dir', data]);
  await session.waitForElement('#editor', 20000);
  return session;
}

for (const [name, expect] of Object.entries(EXPECT)) {
  test(`installed app with ${name}: says so and keeps saving`, { skip: !roots[name] && 'not prepared' }, async () => {
    const root = roots[name];
    const app = path.join(root, 'usr/bin/haru-app');
    const cli = path.join(root, 'usr/bin/haru');
    const data = tempDir();
    const driver = await Driver.start();
    const session = await launch(driver, app, data);
    try {
      const text = `Saved although ${name}. 그래도 저장된다.`;
      await (await session.find('#new-entry')).click();
      const editor = await session.find('#editor');
      await editor.click();
      await editor.type(text);
      await waitSaved(session);
      const listed = JSON.parse(execFileSync(cli, ['--data-dir', data, 'list', '--json'], { encoding: 'utf8' }));
      assert.equal(listed.length, 1);
      assert.equal(JSON.parse(execFileSync(cli, ['--data-dir', data, 'show', String(listed[0].id), '--json'], { encoding: 'utf8' })).body, text);
      if (expect.analyser) {
        const note = await session.waitForElement('#analyser-unavailable', 30000);
        const said = await note.text();
        assert.match(said, expect.analyser);
        assert.ok(said.includes(root), `names the file in the unpacked root: ${said}`);
      }
      if (expect.recs) {
        // The model works here: the entry is analysed, then the recommendations fail loudly.
        await session.waitFor(async () => (await session.findAll('#emotion-panel .emotion-bar')).length > 0, 'emotion bars', 30000);
        const recs = await session.waitForElement('#recs-error', 30000);
        assert.match(await recs.text(), expect.recs);
      }
    } finally {
      await session.quit();
      await driver.stop();
    }
  });
}
