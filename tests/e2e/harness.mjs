// Starts what the end-to-end tests need: tauri-driver (one per test file, on its own port),
// a temporary data folder per app launch, and the `haru` CLI to seed and inspect diaries.
// Tests never touch the user's real data folder: every launch passes --data-dir, and the XDG
// folders point into a scratch home (SCRATCH_HOME).

import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { Session } from './webdriver.mjs';

/** The user's own folders are never written: everything a test starts (the app, WebKit, the
 * CLI) gets a scratch home for WebKit's caches, the app's log and its window state. */
export const SCRATCH_HOME = mkdtempSync(path.join(tmpdir(), 'haru-e2e-home-'));
for (const [name, sub] of [
  ['XDG_DATA_HOME', 'data'],
  ['XDG_CONFIG_HOME', 'config'],
  ['XDG_CACHE_HOME', 'cache'],
  ['XDG_STATE_HOME', 'state'],
]) {
  process.env[name] = path.join(SCRATCH_HOME, sub);
}
process.on('exit', () => rmSync(SCRATCH_HOME, { recursive: true, force: true }));

/** `HARU_E2E_LOCALE=ko_KR.UTF-8` (set by `make test` for its second run) starts every app under
 * that locale, which also puts the UI in Korean; each launch then checks that the UI is Korean
 * and that the window is painted on the X screen. */
export const LOCALE = process.env.HARU_E2E_LOCALE || '';
export const KOREAN = LOCALE.toLowerCase().startsWith('ko');

/** The expectation for this run's UI language. */
export function inUi(en, ko) {
  return KOREAN ? ko : en;
}

/** The environment of a locale: LANG and LC_ALL (LC_ALL wins over whatever the caller has). */
export function localeEnv(locale) {
  return locale ? { LANG: locale, LC_ALL: locale, LANGUAGE: locale.split(/[.@]/)[0] } : {};
}

/** Throws unless `locale -a` lists `locale` (the set-up generates ko_KR.UTF-8). */
export function requireLocale(locale) {
  const norm = (l) => l.toLowerCase().replace(/[-_.]/g, '');
  const have = execFileSync('locale', ['-a'], { encoding: 'utf8' }).split('\n').map(norm);
  if (!have.includes(norm(locale))) {
    throw new Error(`locale ${locale} is not installed here: run \`make setup\` (locale-gen ${locale})`);
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const profile = process.env.HARU_PROFILE || 'debug';
export const APP = process.env.HARU_APP || path.join(root, 'target', profile, 'haru-app');
export const CLI = process.env.HARU_CLI || path.join(root, 'target', profile, 'haru');

function findTauriDriver() {
  const candidates = [
    process.env.TAURI_DRIVER,
    path.join(process.env.CARGO_HOME || path.join(homedir(), '.cargo'), 'bin', 'tauri-driver'),
  ].filter(Boolean);
  return candidates.find((p) => existsSync(p)) || 'tauri-driver';
}

const created = [];
export function tempDir(prefix = 'haru-e2e-') {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Removes every folder `tempDir` made (call once the apps using them have quit). */
export function removeTempDirs() {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The local date `daysAgo` days before today, as the diary writes dates (YYYY-MM-DD). */
export function isoDay(daysAgo = 0) {
  const d = new Date();
  d.setDate(d.getDate() - daysAgo);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Runs the CLI against a data folder and returns its stdout. */
export function cli(dataDir, args) {
  return execFileSync(CLI, args, { env: { ...process.env, HARU_DATA_DIR: dataDir }, encoding: 'utf8' });
}

export class Driver {
  /** `env`: extra environment for the apps it starts (e.g. HARU_MODEL_DIR); a key set to
   * `undefined` is not passed on (node's spawn ignores undefined values). `locale`: a locale the
   * apps start under whatever the run's (it must be installed); `env` still wins over it. */
  static async start({ env = {}, locale = '' } = {}) {
    for (const l of [LOCALE, locale]) if (l) requireLocale(l);
    const port = 4500 + Math.floor(Math.random() * 400) * 2;
    const scratch = tempDir('haru-e2e-webkit-');
    const child = spawn(findTauriDriver(), ['--port', String(port), '--native-port', String(port + 1)], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        // WebKit's own caches go to a scratch folder, not the user's.
        XDG_DATA_HOME: path.join(scratch, 'data'),
        XDG_CACHE_HOME: path.join(scratch, 'cache'),
        XDG_CONFIG_HOME: path.join(scratch, 'config'),
        HARU_DATA_DIR: path.join(scratch, 'never-used'),
        ...localeEnv(LOCALE),
        ...localeEnv(locale),
        ...env,
      },
    });
    const driver = new Driver(child, `http://127.0.0.1:${port}`, scratch);
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      try {
        const r = await fetch(`${driver.base}/status`);
        if (r.ok) return driver;
      } catch {}
      await new Promise((r) => setTimeout(r, 100));
    }
    await driver.stop();
    throw new Error('tauri-driver did not start');
  }

  constructor(child, base, scratch) {
    this.child = child;
    this.base = base;
    this.scratch = scratch;
    /** Data folders of the apps this driver launched. */
    this.launched = new Set();
    /** The sessions it started: `stop` quits those still open. */
    this.sessions = new Set();
  }

  /** Launches the app on `dataDir` and waits until the editor (or the error screen) shows. */
  async launch(dataDir, { waitFor = '#editor' } = {}) {
    // A session that just quit may still be shutting its app down (and holding the diary).
    await appClosed(dataDir).catch(() => {});
    this.launched.add(dataDir);
    const session = await Session.start(this.base, APP, ['--data-dir', dataDir]);
    this.sessions.add(session);
    try {
      await session.waitForElement(waitFor, 20000);
      if (KOREAN) {
        // The Korean run is only worth its time if the UI is Korean and the window shows it.
        const lang = await session.execute('return document.documentElement.lang;');
        if (lang !== 'ko') throw new Error(`the UI is not in Korean under ${LOCALE} (html lang=${lang})`);
        await windowPainted();
      }
    } catch (err) {
      await session.quit();
      throw err;
    }
    return session;
  }

  /** Launches the app on `dataDir` (as `launch`, with its `options` when given, like
   * node:test's `test(name, options, fn)`), runs `fn(session)` and quits the session whatever
   * `fn` does; returns what `fn` returns. */
  async withApp(dataDir, options, fn) {
    if (typeof options === 'function') [options, fn] = [undefined, options];
    const session = await this.launch(dataDir, options);
    try {
      return await fn(session);
    } finally {
      await session.quit();
    }
  }

  async stop() {
    // A session a test left open (one that failed, say) ends first, and its app with it.
    for (const session of this.sessions) await session.quit();
    // Now and then an app outlives its WebDriver session (its page is closed, the process is
    // not). It would hold this test file's output open and keep the test runner waiting: end
    // the apps this driver started that are still running.
    for (const dir of this.launched) {
      await appClosed(dir, 3000).catch(async () => {
        const signal = (sig) => appPids(dir).forEach((pid) => { try { process.kill(pid, sig); } catch {} });
        signal('SIGTERM');
        await appClosed(dir, 5000).catch(() => signal('SIGKILL'));
      });
    }
    // SIGTERM, not SIGKILL: SIGKILL leaves WebKitWebDriver holding its port.
    this.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

/** One driver for all the tests of a file: started (with `Driver.start`'s options) before the
 * first, stopped after the last, and then the folders `tempDir` made are removed. What it returns
 * launches apps on that driver (`launch`, `withApp`). */
export function driverForFile(options) {
  let driver;
  before(async () => {
    driver = await Driver.start(options);
  });
  after(async () => {
    await driver?.stop();
    removeTempDirs();
  });
  return {
    launch: (...args) => driver.launch(...args),
    withApp: (...args) => driver.withApp(...args),
  };
}

/** A driver of one test's own: starts it (with `Driver.start`'s `options`, when given, like
 * node:test's `test(name, options, fn)`), runs `fn(driver)`, and stops it whatever `fn` does
 * (which quits the sessions it started that are still open). Returns what `fn` returns. */
export async function withDriver(options, fn) {
  if (typeof options === 'function') [options, fn] = [undefined, options];
  const driver = await Driver.start(options);
  try {
    return await fn(driver);
  } finally {
    await driver.stop();
  }
}

/** PIDs of app processes started on `dataDir`. */
export function appPids(dataDir) {
  try {
    return execFileSync('pgrep', ['-f', `haru-app --data-dir ${dataDir}`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Waits until no app runs on `dataDir` and the diary's app lock is free. A process leaves
 * pgrep's view when its memory is torn down, a moment before the kernel closes its files and
 * releases the lock, so the lock is checked too (with flock(1), the same kind of lock). */
export async function appClosed(dataDir, timeoutMs = 15000) {
  const lock = path.join(dataDir, 'haru-app.lock');
  const lockFree = () => !existsSync(lock) || spawnSync('flock', ['-n', lock, 'true']).status === 0;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (appPids(dataDir).length === 0 && lockFree()) return;
    await sleep(100);
  }
  throw new Error(`the app on ${dataDir} did not close within ${timeoutMs} ms`);
}

/** The X window of the running app (the largest "haru-app" window), from `xwininfo -tree`. */
export function appWindowId() {
  const tree = execFileSync('xwininfo', ['-root', '-tree'], { encoding: 'utf8' });
  let best = null;
  for (const line of tree.split('\n')) {
    const m = line.match(/^\s*(0x[0-9a-f]+) .*\("haru-app" "[^"]*"\)\s+(\d+)x(\d+)/);
    if (m && (!best || m[2] * m[3] > best.area)) best = { id: m[1], area: m[2] * m[3] };
  }
  return best?.id ?? null;
}

/** How many colours the app's window shows on the X screen (not WebDriver's rendering of the
 * page, which has the page even when the window is blank). */
export function windowColours() {
  const id = appWindowId();
  if (!id) return 0;
  const png = execFileSync('import', ['-window', id, 'png:-'], { maxBuffer: 64 << 20 });
  return Number(execFileSync('convert', ['png:-', '-format', '%k', 'info:'], { input: png, encoding: 'utf8' }));
}

/** Waits until the app's window on the X screen is painted: an empty window is one colour (two
 * with its border); the diary's page has hundreds (text is antialiased). */
export async function windowPainted(timeoutMs = 10000, minColours = 64) {
  const deadline = Date.now() + timeoutMs;
  let colours = 0;
  while (Date.now() < deadline) {
    colours = windowColours();
    if (colours >= minColours) return colours;
    await sleep(250);
  }
  throw new Error(`the app's window is blank on the X screen (${colours} colours after ${timeoutMs} ms)`);
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Waits until the editor reports that everything typed is saved. */
export function waitSaved(session) {
  return session.waitFor(
    async () => (await (await session.find('#save-status')).attribute('data-state')) === 'saved',
    'save status "saved"',
  );
}

export async function editorValue(session) {
  return (await session.find('#editor')).property('value');
}

/** Starts a new entry, types `text` in the editor and waits until it is saved. */
export async function newEntry(session, text) {
  await (await session.find('#new-entry')).click();
  const editor = await session.find('#editor');
  await editor.click();
  await editor.type(text);
  await waitSaved(session);
}

/** Closes the window as its title bar's close button does, waits for the app on `dataDir` to
 * exit, and quits the session. */
export async function closeApp(session, dataDir) {
  await session.execute("window.__TAURI_INTERNALS__.invoke('plugin:window|close', { label: 'main' }); return true;").catch(() => {});
  await session.waitFor(() => appPids(dataDir).length === 0, 'the app to exit', 15000);
  await session.quit();
}
