// Typing Korean through a real input method: ibus with its Hangul engine, on the test's X
// display, keys sent as X key presses (xdotool), the app under ko_KR.UTF-8. Once with GTK's
// ibus module (GTK_IM_MODULE=ibus) and once through XIM (XMODIFIERS=@im=ibus, no module named:
// GTK's XIM module, for which Haru keeps WebKit's compositing so the window is painted; see
// src-tauri/src/input_method.rs). All of it on an X server of its own (Xvfb), so that neither
// the keys nor this ibus reach a desktop the tests may be running on. The set-up installs
// ibus, ibus-hangul and xdotool; without them these tests are skipped, saying why.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Driver, tempDir, removeTempDirs, cli, localeEnv, requireLocale, sleep, appWindowId, windowPainted, editorValue } from './harness.mjs';

const KO = 'ko_KR.UTF-8';
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const memconf = ['/usr/libexec/ibus-memconf', '/usr/lib/ibus/ibus-memconf'].find((p) => existsSync(p));
const missing = ['ibus-daemon', 'ibus', 'dbus-run-session', 'xdotool', 'Xvfb'].filter((c) => !has(c));
const skip = missing.length > 0 ? `not installed: ${missing.join(', ')} (make setup installs them)` : false;

/** Starts ibus-daemon (with its XIM server) on a private session bus and a scratch config. */
async function startIbus() {
  const home = tempDir('haru-e2e-ibus-');
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    IBUS_ADDRESS: undefined,
  };
  const args = ['--', 'ibus-daemon', '--xim', '--replace', '--panel=disable', ...(memconf ? [`--config=${memconf}`] : [])];
  // Its own process group: the bus, ibus and what they start are stopped together.
  const child = spawn('dbus-run-session', args, { env, stdio: 'ignore', detached: true });
  const run = (...a) => execFileSync('ibus', a, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const deadline = Date.now() + 20000;
  for (;;) {
    try {
      if (run('list-engine').includes('hangul')) break;
    } catch {}
    if (Date.now() > deadline) throw new Error('ibus-daemon did not start with the hangul engine');
    await sleep(200);
  }
  const address = run('address');
  env.IBUS_ADDRESS = address;
  run('engine', 'hangul');
  assert.equal(run('engine'), 'hangul');
  return { child, env, address };
}

async function stopIbus(ibus) {
  try {
    execFileSync('ibus', ['exit'], { env: ibus.env, stdio: 'ignore' });
  } catch {}
  await sleep(500);
  try {
    process.kill(-ibus.child.pid, 'SIGTERM');
  } catch {}
  ibus.child.unref();
}

let xvfb = null;

/** A private X server; its display number is read from -displayfd. */
async function startXvfb() {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x860x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const display = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('Xvfb did not start')), 15000);
    child.stdio[3].on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    child.once('exit', () => reject(new Error('Xvfb exited')));
  });
  return { child, display };
}

before(async () => {
  if (skip) return;
  requireLocale(KO);
  xvfb = await startXvfb();
  process.env.DISPLAY = xvfb.display; // for everything started from here on
  delete process.env.WAYLAND_DISPLAY;
});
after(() => {
  xvfb?.child.kill('SIGTERM');
  removeTempDirs();
});

function xdotool(...args) {
  execFileSync('xdotool', args);
}

/** Types `keys` (Latin keys of the Korean 2-set layout) into the focused editor through ibus. */
async function typeHangul(keys) {
  const id = appWindowId();
  assert.ok(id, 'the app window on the X screen');
  xdotool('mousemove', '--window', id, '600', '400');
  xdotool('windowfocus', '--sync', id);
  await sleep(300);
  xdotool('key', '--delay', '150', 'shift+space'); // ibus-hangul: Latin → Hangul
  await sleep(300);
  xdotool('key', '--delay', '150', ...keys.split('').map((k) => (k === ' ' ? 'space' : k)));
}

for (const [name, env] of [
  ['GTK_IM_MODULE=ibus', { GTK_IM_MODULE: 'ibus', XMODIFIERS: '@im=ibus' }],
  ['XMODIFIERS=@im=ibus (XIM)', { GTK_IM_MODULE: undefined, XMODIFIERS: '@im=ibus' }],
]) {
  test(`ibus-hangul, ${name}: the window is painted and "한글 일기" is typed and stored once`, { skip }, async () => {
    // A fresh ibus for each test: its Hangul engine starts in Latin mode.
    const ibus = await startIbus();
    let driver, session;
    try {
      driver = await Driver.start({ env: { ...localeEnv(KO), IBUS_ADDRESS: ibus.address, ...env } });
      const data = tempDir();
      session = await driver.launch(data);
      await windowPainted();
      await (await session.find('#new-entry')).click();
      await (await session.find('#editor')).click();
      // 2-set keys: gks rmf = 한 글, dlf rl = 일 기; the last space commits 기.
      await typeHangul('gksrmf dlfrl ');
      await session.waitFor(async () => (await editorValue(session)) === '한글 일기 ', 'the editor to hold "한글 일기 "', 15000);
      await session.waitFor(() => {
        const list = JSON.parse(cli(data, ['list', '--json']));
        return list.length === 1 && JSON.parse(cli(data, ['show', String(list[0].id), '--json'])).body === '한글 일기 ';
      }, 'the entry stored as "한글 일기 "');
      assert.equal(await (await session.find('#word-count')).text(), '2단어');
    } finally {
      await session?.quit();
      await driver?.stop();
      await stopIbus(ibus);
    }
  });
}
