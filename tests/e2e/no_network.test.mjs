// The real app opens no network sockets: it runs under strace from launch until its editor is
// ready and an entry has been analysed (the model loaded and ran), and the trace must hold
// no IPv4/IPv6/packet socket and no connect to an internet address (local Unix sockets and
// WebKit's netlink query of the routing table are kernel-local and allowed). This caught ONNX
// Runtime 1.31's 1DS telemetry, which ignores `DisableTelemetryEvents` (see runtime.rs).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { APP, tempDir, removeTempDirs, cli, sleep } from './harness.mjs';

after(() => removeTempDirs());

test('the app makes no network connections', { skip: spawnSync('strace', ['-V']).status !== 0 && 'strace is missing (make setup installs it)' }, async () => {
  const data = tempDir();
  cli(data, ['add', '--date', '2026-03-01', '--text', 'A quiet walk by the river. I felt calm and grateful.']);
  const traceDir = tempDir('haru-trace-');
  const ready = path.join(traceDir, 'ready');
  const cache = tempDir('haru-cache-');
  const app = spawn('strace', ['-f', '-qq', '-e', 'trace=socket,connect,sendto', '-ff', '-o', path.join(traceDir, 'trace'), APP, '--data-dir', data], {
    // ONNX Runtime's 1DS telemetry would write its device id under XDG_CACHE_HOME at start-up.
    env: { ...process.env, HARU_READY_FILE: ready, XDG_CACHE_HOME: cache, ORT_DISABLE_TELEMETRY: '' },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => app.on('exit', resolve));
  try {
    const deadline = Date.now() + 60000;
    while (!existsSync(ready) && Date.now() < deadline) await sleep(200);
    assert.ok(existsSync(ready), 'the editor became ready');
    // Give the analysis worker and the recommendation panel time to run.
    await sleep(8000);
  } finally {
    spawnSync('pkill', ['-TERM', '-f', `haru-app --data-dir ${data}`]);
    await Promise.race([exited, sleep(10000)]);
    app.kill('SIGKILL');
    spawnSync('pkill', ['-KILL', '-f', `haru-app --data-dir ${data}`]);
  }
  const lines = readdirSync(traceDir)
    .filter((f) => f.startsWith('trace'))
    .flatMap((f) => readFileSync(path.join(traceDir, f), 'utf8').split('\n'))
    .filter(Boolean);
  assert.ok(lines.some((l) => l.includes('AF_UNIX')), 'the trace saw the app (its local sockets)');
  const network = lines.filter((l) => /AF_INET6?|AF_PACKET|sin_addr|sin6_addr/.test(l));
  assert.deepEqual(network, [], 'network system calls');
  assert.ok(!existsSync(path.join(cache, 'Microsoft')), 'ONNX Runtime wrote no telemetry device id or event store');
});
