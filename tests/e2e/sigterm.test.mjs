// SIGTERM (what a logout or `kill` sends) closes Haru as closing its window does: the process
// exits 0, the diary's write-ahead log is checkpointed and removed, the single-instance socket
// and lock file are gone, and the diary opens clean with everything in it. Before, a SIGTERM
// left the -wal, the socket and the lock behind.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { APP, tempDir, removeTempDirs, cli, sleep } from './harness.mjs';

after(() => removeTempDirs());

for (const signal of ['SIGTERM', 'SIGHUP']) {
  test(`${signal} closes the diary cleanly`, async () => {
    const data = tempDir();
    cli(data, ['add', '--date', '2026-03-01', '--text', 'Closing time. 문을 닫을 시간.']);
    const ready = path.join(tempDir('haru-ready-'), 'ready');
    const app = spawn(APP, ['--data-dir', data], {
      env: { ...process.env, HARU_READY_FILE: ready },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    app.stderr.on('data', (chunk) => { stderr += chunk; });
    const exited = new Promise((resolve) => app.on('exit', (code, sig) => resolve({ code, sig })));
    try {
      const deadline = Date.now() + 60000;
      while (!existsSync(ready) && Date.now() < deadline) await sleep(200);
      assert.ok(existsSync(ready), 'the editor became ready');
      await sleep(3000); // the analysis worker reads and writes the diary
      const running = readdirSync(data);
      assert.ok(running.includes('haru.sqlite3-wal'), `the open diary has its log: ${running}`);
      assert.ok(running.includes('haru-app.sock'), `the running app listens: ${running}`);
      app.kill(signal);
      const { code, sig } = await Promise.race([exited, sleep(20000).then(() => ({ code: 'timeout' }))]);
      assert.equal(code, 0, `exit code (signal ${sig}); stderr:\n${stderr}`);
    } finally {
      app.kill('SIGKILL');
    }
    const left = readdirSync(data);
    for (const name of ['haru.sqlite3-wal', 'haru.sqlite3-shm', 'haru-app.sock', 'haru-app.lock']) {
      assert.ok(!left.includes(name), `${name} left behind: ${left}`);
    }
    assert.ok(stderr.includes('closing the diary'), stderr);
    assert.match(cli(data, ['list']), /Closing time/);
  });
}
