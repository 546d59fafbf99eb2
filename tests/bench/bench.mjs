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
import { mkdtempSync, readFileSync, existsSync, writeFileSync, rmSync, readdirSync, cpSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const APP = path.join(root, 'target/release/haru-app');
const CLI = path.join(root, 'target/release/haru');
const RUNS = Number(process.env.BENCH_RUNS || 5);
// BENCH_MEMORY_ONLY=1 measures only the memory per process and prints it (RESULTS.md is kept).
const MEMORY_ONLY = process.env.BENCH_MEMORY_ONLY === '1';
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

function processName(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

// RSS and PSS (kB) of each process, by name (haru-app, WebKitWebProcess, WebKitNetworkProcess).
function memoryKb(pids) {
  let rss = 0;
  let pss = 0;
  const byProcess = {};
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const r = Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] || 0);
      const p = Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] || 0);
      rss += r;
      pss += p;
      const name = processName(pid);
      const slot = (byProcess[name] ||= { rss: 0, pss: 0 });
      slot.rss += r;
      slot.pss += p;
    } catch {}
  }
  return { rss, pss, byProcess };
}

// A process's memory (RSS and PSS, KiB) by the kind `kindOf(file)` gives each mapping
// ('' for anonymous ones), from /proc/PID/smaps.
function smapsByKindKb(pid, kindOf) {
  const out = {};
  let current = null;
  try {
    for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
      const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
      if (head) {
        current = (out[kindOf(head[1])] ||= { rss: 0, pss: 0 });
        continue;
      }
      const m = /^(Rss|Pss):\s+(\d+)/.exec(line);
      if (m && current) current[m[1].toLowerCase()] += Number(m[2]);
    }
  } catch {}
  return out;
}

// The app's own process, split by what holds the memory: anonymous pages (heaps, ONNX
// Runtime's buffers, JavaScriptCore is in the web process), and mapped files by library (RSS).
function appBreakdownKb(pid) {
  const kinds = smapsByKindKb(pid, (file) =>
    !file || file.startsWith('[') ? 'anonymous (heap)' : /onnxruntime/.test(file) ? 'ONNX Runtime library' : /webkit|javascriptcore/i.test(file) ? 'WebKit libraries' : /\.onnx$/.test(file) ? 'model file' : 'other files',
  );
  return Object.fromEntries(Object.entries(kinds).map(([kind, kb]) => [kind, kb.rss]));
}

// What of a process's memory is the system's shared libraries (/usr/lib, /lib: GTK, WebKit,
// Mesa's GL driver with libLLVM, ...), which every WebKitGTK app maps whatever it does, and
// what is the rest (anonymous memory, Haru's binary, the model and other files), in KiB.
function librarySplitKb(pid) {
  const none = { rss: 0, pss: 0 };
  const kinds = smapsByKindKb(pid, (file) => (/^\/(usr\/)?lib(64)?\//.test(file) ? 'libraries' : 'rest'));
  return { libraries: kinds.libraries || none, rest: kinds.rest || none };
}

// Waits until the app's process has used no CPU for `quietMs` (its analysis has ended).
async function waitForQuiet(pid, quietMs = 3000, timeoutMs = 600000) {
  const cpuTicks = () => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  const deadline = Date.now() + timeoutMs;
  let last = cpuTicks();
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    if (Date.now() > deadline) throw new Error('the app never went quiet');
    await sleep(500);
    const now = cpuTicks();
    // A tick or two per half second is the event loop; analysis keeps a core busy.
    if (now - last > 5) quietSince = Date.now();
    last = now;
  }
}

// Starts the app on `dataDir`, waits until the editor is ready, then calls `measure(child)`
// with the running app; returns the start time and what `measure` returned.
async function withApp(dataDir, measure) {
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
  const measured = await measure(child);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(scratch, { recursive: true, force: true });
  return { ms: readyAt - t0, ...measured };
}

// Starts the app, waits `settleMs`, and measures each process's memory (and, with
// `libraries`, how much of it is the system's shared libraries, by process name).
async function coldStart(dataDir, settleMs = 2000, { libraries = false } = {}) {
  return withApp(dataDir, async (child) => {
    await sleep(settleMs);
    const pids = descendants(child.pid);
    const split = libraries ? Object.fromEntries(pids.map((pid) => [processName(pid), librarySplitKb(pid)])) : undefined;
    return { ...memoryKb(pids), processes: pids.length, split };
  });
}

const MB = (kb) => `${(kb / 1024).toFixed(0)} MB`;
const results = [];
const seeded = tmp('haru-bench-seeded-');
seed(seeded, 365);
// Each start gets its own copy of the 365 unanalysed entries, so each one analyses.
const freshDiary = () => {
  const dir = tmp('haru-bench-diary-');
  cpSync(seeded, dir, { recursive: true });
  return dir;
};
const starts = [];
for (let i = 0; i < (MEMORY_ONLY ? 0 : RUNS); i++) {
  const diary = freshDiary();
  const run = await coldStart(diary);
  rmSync(diary, { recursive: true, force: true });
  starts.push(run);
  console.log(`run ${i + 1}: ready in ${run.ms} ms, RSS ${MB(run.rss)}, PSS ${MB(run.pss)} over ${run.processes} processes`);
}
if (!MEMORY_ONLY) {
  const startMs = starts.map((r) => r.ms);
  results.push(['App cold start to editable editor (365 entries), median of ' + RUNS, `${median(startMs)} ms (min ${Math.min(...startMs)}, max ${Math.max(...startMs)})`, '≤ 1500 ms']);
  results.push(['App resident memory 2 s after start (365 entries being analysed), all processes (RSS sum), median', MB(median(starts.map((r) => r.rss))), '']);
  results.push(['App memory 2 s after start (365 entries being analysed), all processes (PSS: shared pages split), median', MB(median(starts.map((r) => r.pss))), '']);
}

// A day in the app's life, per process: with nothing to analyse (the model is not loaded), 2 s
// after start while the diary's 365 entries are analysed, and a minute after that analysis ends
// (the model is unloaded after 45 s without work).
const phases = [];
const empty = tmp('haru-bench-empty-');
const idle = await coldStart(empty, 5000, { libraries: true });
const idleSplit = idle.split;
rmSync(empty, { recursive: true, force: true });
phases.push(['empty diary, 5 s after start', idle]);
const lifeDiary = freshDiary();
let appBreakdown = {};
await withApp(lifeDiary, async (child) => {
  await sleep(2000);
  phases.push(['365 entries, 2 s after start (analysing)', memoryKb(descendants(child.pid))]);
  const analysing = appBreakdownKb(child.pid);
  await waitForQuiet(child.pid);
  phases.push(['365 entries, analysis just ended', memoryKb(descendants(child.pid))]);
  await sleep(60000);
  phases.push(['365 entries, 60 s after analysis ended', memoryKb(descendants(child.pid))]);
  appBreakdown = { analysing, after: appBreakdownKb(child.pid) };
  return {};
});
rmSync(lifeDiary, { recursive: true, force: true });
rmSync(seeded, { recursive: true, force: true });
const names = [...new Set(phases.flatMap(([, m]) => Object.keys(m.byProcess)))].sort();
const perProcess = [
  `| when | ${names.map((n) => `${n} RSS / PSS`).join(' | ')} | all processes RSS / PSS |`,
  `|---|${names.map(() => '---|').join('')}---|`,
  ...phases.map(([when, m]) => `| ${when} | ${names.map((n) => (m.byProcess[n] ? `${MB(m.byProcess[n].rss)} / ${MB(m.byProcess[n].pss)}` : '–')).join(' | ')} | **${MB(m.rss)} / ${MB(m.pss)}** |`),
];
const kinds = [...new Set([...Object.keys(appBreakdown.analysing || {}), ...Object.keys(appBreakdown.after || {})])].sort();
const inApp = [
  '| haru-app RSS by kind | while analysing | 60 s after analysis |',
  '|---|---|---|',
  ...kinds.map((k) => `| ${k} | ${MB(appBreakdown.analysing?.[k] || 0)} | ${MB(appBreakdown.after?.[k] || 0)} |`),
];
const total = (part, kind) => Object.values(idleSplit).reduce((sum, s) => sum + s[part][kind], 0);
const librarySplit = [
  '| empty diary, 5 s after start | system libraries RSS / PSS | the rest (anonymous, Haru, files) RSS / PSS |',
  '|---|---|---|',
  ...Object.entries(idleSplit)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, s]) => `| ${name} | ${MB(s.libraries.rss)} / ${MB(s.libraries.pss)} | ${MB(s.rest.rss)} / ${MB(s.rest.pss)} |`),
  `| all processes | **${MB(total('libraries', 'rss'))} / ${MB(total('libraries', 'pss'))}** | **${MB(total('rest', 'rss'))} / ${MB(total('rest', 'pss'))}** |`,
];
if (MEMORY_ONLY) {
  console.log([...perProcess, '', ...inApp, '', ...librarySplit].join('\n'));
  process.exit(0);
}

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
  '## Memory per process',
  '',
  'Resident (RSS) and proportional (PSS: shared pages split between the processes that map them) memory of the app and its WebKit helper processes. Target: ≤ 400 MB RSS / ≤ 280 MB PSS after start, and back under that within a minute of analysis ending.',
  '',
  ...perProcess,
  '',
  ...inApp,
  '',
  'Where the memory of an idle start goes: the system\'s shared libraries (under /usr/lib and /lib, mapped by every WebKitGTK app) against the rest.',
  '',
  ...librarySplit,
  '',
].join('\n');
// The hand-written history below the measurements (before/after a change) is kept.
const resultsFile = path.join(root, 'tests/bench/RESULTS.md');
const HISTORY = '## Before and after';
const previous = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
const history = previous.includes(HISTORY) ? previous.slice(previous.indexOf(HISTORY)) : '';
writeFileSync(resultsFile, history ? `${table}\n${history}` : table);
console.log(table);
