// Haru's start-up, memory and search benchmark (`make bench`). Writes tests/bench/RESULTS.md.
//
// - Cold start: from spawning the release app to the editor being editable (the UI calls
//   `ui_ready` once the editor is mounted and the diary is open; the app writes the time to
//   HARU_READY_FILE). Each run gets fresh WebKit cache folders and a 365-entry diary.
// - Memory: resident set (RSS) and proportional set (PSS, shared pages split fairly) of the
//   app and its WebKit helper processes, 2 s after the editor is ready (the emotion model is
//   then loaded and analysing the diary), and on a diary with nothing to analyse.
// - Search: `haru search` over 10,000 entries, whole process (spawn to exit) and the query
//   inside it (`cargo bench -p haru-store --bench search` measures the library alone).

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const APP = path.join(root, 'target/release/haru-app');
const CLI = path.join(root, 'target/release/haru');
const RUNS = Number(process.env.BENCH_RUNS || 5);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const tmp = (p) => mkdtempSync(path.join(tmpdir(), p));

function seed(dir, count) {
  execFileSync('cargo', ['run', '--release', '-q', '-p', 'haru-store', '--example', 'seed', '--', dir, String(count)], {
    cwd: root,
    stdio: 'inherit',
  });
}

function descendants(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {}
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) || []));
  return out;
}

function memoryKb(pids) {
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] || 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] || 0);
    } catch {}
  }
  return { rss, pss };
}

async function coldStart(dataDir, settleMs = 2000) {
  const scratch = tmp('haru-bench-webkit-');
  const ready = path.join(scratch, 'ready');
  const t0 = Date.now();
  const child = spawn(APP, ['--data-dir', dataDir], {
    stdio: 'ignore',
    env: {
      ...process.env,
      HARU_READY_FILE: ready,
      XDG_DATA_HOME: path.join(scratch, 'data'),
      XDG_CACHE_HOME: path.join(scratch, 'cache'),
      XDG_CONFIG_HOME: path.join(scratch, 'config'),
    },
  });
  const deadline = Date.now() + 30000;
  while (!existsSync(ready) || readFileSync(ready, 'utf8').trim() === '') {
    if (Date.now() > deadline) throw new Error('the app never reported ready');
    await sleep(5);
  }
  const readyAt = Number(readFileSync(ready, 'utf8').split(' ')[0]);
  await sleep(settleMs);
  const pids = descendants(child.pid);
  const mem = memoryKb(pids);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(scratch, { recursive: true, force: true });
  return { ms: readyAt - t0, ...mem, processes: pids.length };
}

const results = [];
const diary = tmp('haru-bench-diary-');
seed(diary, 365);
const starts = [];
for (let i = 0; i < RUNS; i++) {
  const run = await coldStart(diary);
  starts.push(run);
  console.log(`run ${i + 1}: ready in ${run.ms} ms, RSS ${(run.rss / 1024).toFixed(0)} MB, PSS ${(run.pss / 1024).toFixed(0)} MB over ${run.processes} processes`);
}
const startMs = starts.map((r) => r.ms);
results.push(['App cold start to editable editor (365 entries), median of ' + RUNS, `${median(startMs)} ms (min ${Math.min(...startMs)}, max ${Math.max(...startMs)})`, '≤ 1500 ms']);
results.push(['App resident memory after start, all processes (RSS sum)', `${(median(starts.map((r) => r.rss)) / 1024).toFixed(0)} MB`, '≤ 300 MB']);
results.push(['App memory after start, all processes (PSS: shared pages split)', `${(median(starts.map((r) => r.pss)) / 1024).toFixed(0)} MB`, '']);
// The 2 s after start above include the emotion model analysing the diary's 365 new entries.
// With nothing to analyse the model is not loaded: measure that on an empty diary.
const empty = tmp('haru-bench-empty-');
const idle = await coldStart(empty, 5000);
results.push(['App memory with nothing to analyse (empty diary, 5 s after start), RSS sum / PSS', `${(idle.rss / 1024).toFixed(0)} MB / ${(idle.pss / 1024).toFixed(0)} MB`, '≤ 300 MB']);
rmSync(empty, { recursive: true, force: true });

const big = tmp('haru-bench-10k-');
seed(big, 10000);
for (const query of ['학교', '발표가 걱정', 'river', 'grateful family']) {
  const times = [];
  for (let i = 0; i < 20; i++) {
    const t = process.hrtime.bigint();
    execFileSync(CLI, ['search', query, '--json'], { env: { ...process.env, HARU_DATA_DIR: big }, stdio: ['ignore', 'ignore', 'inherit'] });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  results.push([`\`haru search "${query}" --json\` over 10,000 entries, whole process, median of 20`, `${median(times).toFixed(1)} ms`, '≤ 10 ms']);
}
rmSync(diary, { recursive: true, force: true });
rmSync(big, { recursive: true, force: true });

const cpu = cpus()[0]?.model || 'unknown CPU';
const table = [
  '# Haru benchmarks',
  '',
  `Measured by \`make bench\` (tests/bench/bench.mjs) on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpu}), release build, under Xvfb.`,
  'The search library alone: `cargo bench -p haru-store --bench search`.',
  '',
  '| what | measured | target |',
  '|---|---|---|',
  ...results.map((r) => `| ${r.join(' | ')} |`),
  '',
].join('\n');
writeFileSync(path.join(root, 'tests/bench/RESULTS.md'), table);
console.log(table);
