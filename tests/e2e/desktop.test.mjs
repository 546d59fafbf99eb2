// Behaves like a desktop app: the window's size and position come back at the next start
// (tauri-plugin-window-state), and the app keeps a log file in the OS log folder that says
// what happened and holds none of the diary's words (src-tauri/src/logging.rs).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { APP, tempDir, removeTempDirs, cli, sleep, appWindowId } from './harness.mjs';

after(() => removeTempDirs());

/** Words of the entry that must never reach the log (Latin and Hangul). */
const NEEDLES = ['Zanzibar', 'marmalade', '등대지기는', '오렌지색'];
const TEXT = 'Zanzibar marmalade at dawn. 등대지기는 오렌지색 하늘을 보았다. #lighthousefolk';

/** Starts the app on `data` with its own XDG folders under `home`; resolves once ready. */
async function start(data, home) {
  const ready = path.join(tempDir('haru-ready-'), 'ready');
  const app = spawn(APP, ['--data-dir', data], {
    env: {
      ...process.env,
      HARU_READY_FILE: ready,
      XDG_DATA_HOME: path.join(home, 'data'),
      XDG_CONFIG_HOME: path.join(home, 'config'),
      XDG_CACHE_HOME: path.join(home, 'cache'),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  app.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => app.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60000;
  while (!existsSync(ready) && Date.now() < deadline) await sleep(200);
  assert.ok(existsSync(ready), 'the editor became ready');
  return {
    stderr: () => stderr,
    /** Closes it as a logout does (SIGTERM) and waits for a clean exit. */
    async close() {
      app.kill('SIGTERM');
      const code = await Promise.race([exited, sleep(20000).then(() => 'timeout')]);
      app.kill('SIGKILL');
      assert.equal(code, 0, `exit code; stderr:\n${stderr}`);
    },
  };
}

function geometry(id) {
  const out = execFileSync('xdotool', ['getwindowgeometry', '--shell', id], { encoding: 'utf8' });
  return Object.fromEntries(out.trim().split('\n').map((l) => l.split('=')).map(([k, v]) => [k, Number(v)]));
}

async function waitForWindow() {
  for (let i = 0; i < 50; i++) {
    const id = appWindowId();
    if (id) return id;
    await sleep(200);
  }
  throw new Error('no app window on the X screen');
}

test('the window comes back at the size it was left', async () => {
  const data = tempDir();
  const home = tempDir('haru-home-');
  const first = await start(data, home);
  const id = await waitForWindow();
  const before = geometry(id);
  // A size no one would get by default (the window opens at 1180×780).
  const wanted = { WIDTH: 903, HEIGHT: 611 };
  execFileSync('xdotool', ['windowsize', '--sync', id, String(wanted.WIDTH), String(wanted.HEIGHT)]);
  await sleep(1000);
  assert.notEqual(before.WIDTH, wanted.WIDTH);
  await first.close();
  const saved = path.join(home, 'config', 'app.haru.Haru', '.window-state.json');
  assert.ok(existsSync(saved), `window state saved in ${saved}`);

  const second = await start(data, home);
  try {
    const again = geometry(await waitForWindow());
    assert.equal(again.WIDTH, wanted.WIDTH, JSON.stringify(again));
    assert.equal(again.HEIGHT, wanted.HEIGHT, JSON.stringify(again));
  } finally {
    await second.close();
  }
});

test('the log file says what happened and holds no diary text', async () => {
  const data = tempDir();
  const home = tempDir('haru-home-');
  cli(data, ['add', '--date', '2026-03-01', '--text', TEXT]);
  const app = await start(data, home);
  await sleep(3000); // the analysis worker reads the entry
  await app.close();
  const logs = path.join(home, 'data', 'app.haru.Haru', 'logs');
  assert.ok(existsSync(logs), `a log folder at ${logs}`);
  const files = readdirSync(logs);
  assert.ok(files.includes('haru.log'), `haru.log in ${files}`);
  const log = files.map((f) => readFileSync(path.join(logs, f), 'utf8')).join('\n');
  assert.match(log, /Haru \S+ started on /);
  assert.match(log, /the diary is open/);
  assert.match(log, /closing the diary/);
  for (const needle of NEEDLES) assert.ok(!log.includes(needle), `the log holds "${needle}":\n${log}`);
  // The same on stderr (the terminal that started it).
  assert.match(app.stderr(), /the diary is open/);
});
