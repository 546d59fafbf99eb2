// End-to-end: "Your data" in the settings, with the system's file dialogs answered by the test.
// Back up now and see the backup in the list; export JSON through GTK's save dialog; restore that
// backup after its confirmation (the diary as it was kept as a pre-restore backup, the page on
// screen read again); then, in a second, empty diary, import the export through GTK's open
// dialog, and its entries get analysed; a jrnl export adds an entry, and an emotion CSV exported
// at once has it too, the export's progress counted on screen. The window never names a path:
// the back end opens the dialog (tauri-plugin-dialog), and the test types the path into it with
// xdotool on this X display, as a person would.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Driver, tempDir, removeTempDirs, cli, inUi, sleep, waitSaved } from './harness.mjs';

after(() => removeTempDirs());

function xdotool(...args) {
  return execFileSync('xdotool', args, { encoding: 'utf8' }).trim();
}

/** Answers the GTK file chooser titled `title` (rfd's "Save File" / "Open File") with `file`:
 *  focus it, put the full path in its location field (Ctrl+L opens it in the open dialog; the
 *  save dialog's name field takes a path as it is), Enter. */
async function answerFileDialog(title, file) {
  let id = '';
  const deadline = Date.now() + 20000;
  while (!id && Date.now() < deadline) {
    try {
      id = xdotool('search', '--onlyvisible', '--name', `^${title}$`).split('\n').pop();
    } catch {
      await sleep(200);
    }
  }
  assert.ok(id, `the "${title}" dialog opened`);
  await sleep(500); // mapped is not yet drawn and listening
  xdotool('windowfocus', id);
  await sleep(200);
  if (title === 'Open File') {
    xdotool('key', '--clearmodifiers', 'ctrl+l');
    await sleep(300);
  }
  xdotool('key', '--clearmodifiers', 'ctrl+a');
  xdotool('type', '--delay', '20', file);
  await sleep(300);
  xdotool('key', 'Return');
  // Gone once answered.
  const gone = Date.now() + 10000;
  while (Date.now() < gone) {
    try {
      xdotool('search', '--onlyvisible', '--name', `^${title}$`);
    } catch {
      return;
    }
    await sleep(200);
  }
  throw new Error(`the "${title}" dialog is still open after typing ${file}`);
}

async function openYourData(session) {
  await (await session.find('#settings-button')).click();
  await session.waitForElement('#settings-popover');
  await (await session.find('#open-your-data')).click();
  await session.waitForElement('#backup-now');
}

/** Waits until no work runs, then returns the result lines and the problem shown. */
async function settled(session, timeoutMs = 30000) {
  return session.waitFor(
    async () => {
      const state = await session.execute(`
        const status = document.querySelector('#data-status');
        return {
          busy: status?.dataset.busy ?? '?',
          result: document.querySelector('#data-result')?.textContent ?? '',
          problem: document.querySelector('#data-problem')?.textContent ?? '',
        };`);
      return state.busy === '' && (state.result || state.problem) ? state : null;
    },
    'Your data to finish its work',
    timeoutMs,
  );
}

function backupsShown(session) {
  return session.execute(`
    return [...document.querySelectorAll('#backup-list .backup')].map((li) => ({
      file: li.dataset.file, kind: li.dataset.kind, entries: li.dataset.entries,
    }));`);
}

function localToday() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

test('back up, export, restore and import from the settings, answering the file dialogs', async () => {
  // GTK's file chooser keeps its state in GSettings: in memory here (no dconf, no D-Bus).
  const driver = await Driver.start({ env: { GSETTINGS_BACKEND: 'memory' } });
  const data = tempDir();
  const out = tempDir('haru-e2e-out-');
  const today = localToday();
  cli(data, ['add', '--date', today, '--text', 'The first page, kept in every backup.']);
  cli(data, ['add', '--date', today, '--text', '두 번째 글도 백업에 있다.']);
  const exported = path.join(out, 'diary.json');

  let session = await driver.launch(data);
  try {
    await openYourData(session);

    // Back up now: the new backup is listed first, as manual, with its two entries.
    await (await session.find('#backup-now')).click();
    const backedUp = await settled(session);
    assert.equal(backedUp.problem, '');
    const manual = await session.waitFor(async () => (await backupsShown(session)).find((b) => b.kind === 'manual'), 'the manual backup listed');
    assert.equal(manual.entries, '2');
    assert.equal((await backupsShown(session))[0].kind, 'manual', 'newest first');
    assert.ok(existsSync(path.join(data, 'backups', manual.file)));

    // Export JSON through the save dialog.
    await (await session.find('#export-format [data-value="json"]')).click();
    await (await session.find('#export-data')).click();
    await session.waitFor(async () => (await (await session.find('#data-status')).attribute('data-stage')) === 'choosing', 'waiting for the dialog');
    await answerFileDialog('Save File', exported);
    const exportedState = await settled(session);
    assert.equal(exportedState.problem, '');
    assert.match(exportedState.result, inUi(/Exported 2 entries to .*diary\.json/, /글 2개를 .*diary\.json에 내보냈어요/));
    const json = JSON.parse(readFileSync(exported, 'utf8'));
    assert.equal(json.format, 'haru-export');

    // Write a third entry, then restore the backup: it is gone, and the diary as it was is kept.
    await (await session.find('#close-your-data')).click();
    await (await session.find('#new-entry')).click();
    const editor = await session.find('#editor');
    await editor.click();
    await editor.type('Written after the backup.');
    await waitSaved(session);
    assert.equal(JSON.parse(cli(data, ['list', '--json'])).length, 3);

    await openYourData(session);
    await session.waitFor(async () => (await backupsShown(session)).length > 0, 'the backups listed');
    await (await session.find(`#backup-list .backup[data-file="${manual.file}"] .restore`)).click();
    const confirm = await session.waitForElement('#restore-confirm');
    assert.match(await confirm.text(), inUi(/pre-restore backup/, /되돌리기 전/));
    assert.equal(JSON.parse(cli(data, ['list', '--json'])).length, 3, 'nothing restored before the confirmation');
    await (await session.find('#confirm-restore')).click();
    const restored = await settled(session);
    assert.equal(restored.problem, '');
    assert.match(restored.result, inUi(/Restored 2 entries from/, /글 2개를 되돌렸어요/));
    const after = await session.waitFor(
      async () => (await backupsShown(session)).find((b) => b.kind === 'pre-restore'),
      'the pre-restore backup listed',
    );
    assert.equal(after.entries, '3', 'the diary as it was, with the third entry');
    assert.equal(JSON.parse(cli(data, ['list', '--json'])).length, 2);
    await (await session.find('#close-your-data')).click();
    await session.waitFor(async () => !(await (await session.find('#editor')).property('value')).includes('Written after'), 'the page read again');
    // The diary keeps working after the restore.
    await (await session.find('#new-entry')).click();
    await (await session.find('#editor')).type('After the restore.');
    await waitSaved(session);
    assert.equal(JSON.parse(cli(data, ['list', '--json'])).length, 3);
  } finally {
    await session.quit();
  }

  // Import the export into an empty diary through the open dialog.
  const empty = tempDir();
  session = await driver.launch(empty);
  try {
    await openYourData(session);
    await (await session.find('#import-data')).click();
    await answerFileDialog('Open File', exported);
    const imported = await settled(session);
    assert.equal(imported.problem, '');
    assert.match(imported.result, inUi(/Imported 2 entries \(Haru export\)/, /글 2개를 가져왔어요\(Haru 내보내기\)/));
    const rows = JSON.parse(cli(empty, ['list', '--json']));
    assert.equal(rows.length, 2);
    // The imported entries are read by the emotion model too.
    await session.waitFor(
      () => rows.every((row) => JSON.parse(cli(empty, ['show', String(row.id), '--json'])).emotions),
      'the imported entries analysed',
      60000,
    );

    // A jrnl export adds to a diary that has entries; what it brings is analysed as well.
    const jrnl = path.join(out, 'jrnl.json');
    writeFileSync(
      jrnl,
      JSON.stringify({
        tags: {},
        entries: [{ date: today, time: '21:00', title: 'From jrnl', body: 'A long walk by the river made me so happy.', starred: false, tags: [] }],
      }),
    );
    await (await session.find('#import-data')).click();
    await answerFileDialog('Open File', jrnl);
    const fromJrnl = await settled(session);
    assert.equal(fromJrnl.problem, '');
    assert.match(fromJrnl.result, inUi(/Imported 1 entry \(jrnl export\)/, /글 1개를 가져왔어요\(jrnl 내보내기\)/));
    const added = JSON.parse(cli(empty, ['list', '--json'])).find((row) => !rows.some((r) => r.id === row.id));
    assert.ok(added, 'the jrnl entry is in the diary');

    // An emotion CSV right away has every entry, the new one too: the export analyses what the
    // worker has not yet, and the dialog counts the entries as it goes (a progress bar).
    await session.execute(`
      const status = document.querySelector('#data-status');
      window.__dataSeen = [];
      new MutationObserver(() => window.__dataSeen.push(status.dataset.stage + ' ' + status.dataset.percent))
        .observe(status, { attributes: true, attributeFilter: ['data-stage', 'data-percent'] });
      return true;`);
    const csvFile = path.join(out, 'emotions.csv');
    await (await session.find('#export-format [data-value="csv"]')).click();
    await (await session.find('#export-data')).click();
    await answerFileDialog('Save File', csvFile);
    const csvState = await settled(session, 120000);
    assert.equal(csvState.problem, '');
    assert.match(csvState.result, inUi(/Exported 3 entries to .*emotions\.csv/, /글 3개를 .*emotions\.csv에 내보냈어요/));
    const csv = readFileSync(csvFile, 'utf8').trim().split('\n');
    assert.match(csv[0], /^id,date,admiration,/);
    assert.deepEqual(
      csv.slice(1).map((line) => Number(line.split(',')[0])).sort((a, b) => a - b),
      [...rows.map((r) => r.id), added.id].sort((a, b) => a - b),
    );
    const seen = await session.execute('return window.__dataSeen;');
    assert.ok(seen.includes('working 100'), `the export counted its entries: ${JSON.stringify(seen)}`);
    await session.waitFor(
      () => JSON.parse(cli(empty, ['show', String(added.id), '--json'])).emotions,
      'the jrnl entry analysed',
      60000,
    );

    // The day is read again: the imported entry is in its list (where depends on the time of
    // day: the list is newest first, and the jrnl entry says 21:00) and opens from there.
    await (await session.find('#close-your-data')).click();
    const fromJrnlItem = await session.waitForElement(`.entry-item[data-entry-id="${added.id}"]`);
    await fromJrnlItem.click();
    await session.waitFor(
      async () => (await (await session.find('#editor')).property('value')).includes('From jrnl'),
      'the imported entry in the editor',
    );
  } finally {
    await session.quit();
    await driver.stop();
  }
});
