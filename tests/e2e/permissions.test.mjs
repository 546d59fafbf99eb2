// The webview can call only what the UI calls: Tauri checks every IPC call against the app's
// permission manifest (src-tauri/build.rs, capabilities/default.json). From inside the real
// window, a granted command answers, and the file-path commands the app once registered, the
// file-dialog plugin's own commands (the back end opens its dialogs itself) and core plugins
// nobody granted are refused; "Your data"'s commands refuse a path where a format or a backup's
// file name goes; and nothing is written to the path a page named.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Driver, tempDir, removeTempDirs } from './harness.mjs';

after(() => removeTempDirs());

/** Invokes `cmd` from the page: `{ ok: value }` or `{ err: the rejection, as text }`. */
function invokeFromPage(session, cmd, args) {
  return session.executeAsync(
    `const [cmd, args, done] = arguments;
     window.__TAURI_INTERNALS__.invoke(cmd, args).then(
       (value) => done({ ok: value === undefined ? null : value }),
       (err) => done({ err: typeof err === 'string' ? err : JSON.stringify(err) }));`,
    [cmd, args],
  );
}

test('the window may call only the commands the UI uses', async () => {
  const driver = await Driver.start();
  const data = tempDir();
  const elsewhere = tempDir('haru-e2e-target-');
  const session = await driver.launch(data);
  try {
    await session.waitForElement('#editor', 30000);
    const status = await invokeFromPage(session, 'app_status', {});
    assert.ok('ok' in status, `app_status answers: ${JSON.stringify(status)}`);

    const target = path.join(elsewhere, 'diary.json');
    const refused = [
      ['export_data', { format: 'json', path: target }],
      ['import_data', { path: target }],
      ['backup_now', {}],
      ['list_backups', {}],
      ['restore_backup', { path: target }],
      ['plugin:fs|read_text_file', { path: '/etc/passwd' }],
      ['plugin:shell|open', { path: 'https://example.com' }],
      ['plugin:dialog|open', { options: {} }],
      ['plugin:dialog|save', { options: { defaultPath: target } }],
      ['restore_diary', { fileName: target }],
      ['restore_diary', { fileName: '../haru.sqlite3' }],
      ['export_diary', { format: target, passphrase: null }],
      ['import_picked', { passphrase: null }],
    ];
    for (const [cmd, args] of refused) {
      const answer = await invokeFromPage(session, cmd, args);
      assert.ok('err' in answer, `${cmd} is refused: ${JSON.stringify(answer)}`);
    }
    assert.ok(!existsSync(target), 'nothing written where the page asked');
  } finally {
    await session.quit();
    await driver.stop();
  }
});
