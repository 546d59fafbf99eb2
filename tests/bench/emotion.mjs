// The emotion model's speed and memory (`make bench`), written to tests/bench/EMOTION.md:
// - the library: `cargo bench -p haru-emotion --bench analyse` (1 thread, in process);
// - the CLI: `haru analyze --text ENTRY` from process start to exit (the result is printed just
//   before), its CPU time (user + sys, all threads) and its peak resident memory (GNU time);
// - the same model through Python transformers + torch (tests/bench/emotion_python.py), when
//   the training environment exists (`make -C models all`), as a ratio.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(root, 'target/release/haru');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The benchmark's English entry (250 words, 12 sentences), taken from the Rust bench.
const benchSource = readFileSync(path.join(root, 'src-tauri/crates/haru-emotion/benches/analyse.rs'), 'utf8');
const english = /const ENGLISH: &str = "([\s\S]*?)";/.exec(benchSource)[1].replace(/\\\n/g, '');
const entryFile = path.join(mkdtempSync(path.join(tmpdir(), 'haru-emo-')), 'entry.txt');
writeFileSync(entryFile, english);

const library = execFileSync('cargo', ['bench', '-q', '-p', 'haru-emotion', '--bench', 'analyse'], { cwd: root, encoding: 'utf8' });

// GNU time writes "peak RSS (KB), user s, sys s" as the last line of stderr.
const starts = [];
const cpuMs = [];
let rssKb = 0;
const loadBefore = loadavg()[0];
for (let i = 0; i < 10; i++) {
  const t = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', '%M %U %S', CLI, 'analyze', '--text', english], { encoding: 'utf8' });
  starts.push(Number(process.hrtime.bigint() - t) / 1e6);
  if (run.status !== 0 || !run.stdout.trim()) throw new Error(`haru analyze failed: ${run.stderr}`);
  const [kb, user, sys] = run.stderr.trim().split('\n').pop().split(' ').map(Number);
  rssKb = Math.max(rssKb, kb);
  cpuMs.push((user + sys) * 1000);
}
const loadAfter = loadavg()[0];

const rows = [
  ['`haru analyze --text` (250 words, 12 sentences): process start to exit, just after the printed result; median of 10 (fastest)', `${median(starts).toFixed(0)} ms (${Math.min(...starts).toFixed(0)} ms)`, '≤ 500 ms'],
  ['`haru analyze --text`: CPU time of the process (user + sys, all threads), median of 10', `${median(cpuMs).toFixed(0)} ms`, ''],
  ['`haru analyze`: peak resident memory (largest of 10)', `${(rssKb / 1024).toFixed(0)} MB`, '≤ 250 MB'],
];

const venvPython = path.join(root, 'models/.venv/bin/python');
const checkpoint = path.join(root, 'models/checkpoints/ko2/best.pt');
let python = null;
if (existsSync(venvPython) && existsSync(checkpoint)) {
  const t = process.hrtime.bigint();
  python = JSON.parse(execFileSync(venvPython, [path.join(root, 'tests/bench/emotion_python.py'), entryFile], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } }).trim().split('\n').pop());
  python.wall_ms = Number(process.hrtime.bigint() - t) / 1e6;
  const rustAnalyse = Number(/English entry[^|]*\|\s*([\d.]+)/.exec(library)?.[1] || NaN);
  rows.push(['Python transformers + torch (fp32, 1 thread): first result after process start', `${(python.first_result_s * 1000).toFixed(0)} ms`, '']);
  rows.push(['Python transformers + torch: analyse the same entry the same way (one pass, sentence spans), median', `${python.analyse_ms.toFixed(0)} ms`, '']);
  rows.push(['Python transformers + torch: peak resident memory', `${python.max_rss_mb.toFixed(0)} MB`, '']);
  rows.push(['Ratio Python / Rust: start to first result', `${(python.first_result_s * 1000 / median(starts)).toFixed(1)}×`, '']);
  if (!Number.isNaN(rustAnalyse)) rows.push(['Ratio Python / Rust: analysing the entry', `${(python.analyse_ms / rustAnalyse).toFixed(1)}×`, '']);
}

const doc = [
  '# Emotion model benchmarks',
  '',
  `Measured by \`make bench\` (tests/bench/emotion.mjs) on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model}), release build. Load average around the CLI runs: ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} (other work on the same cores slows every wall-clock number; the on-CPU columns are less affected).`,
  '',
  '## Library (`cargo bench -p haru-emotion --bench analyse`, 1 thread)',
  '',
  library.trim(),
  '',
  '## Command line and the Python pipeline',
  '',
  '| what | measured | target |',
  '|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
  python ? '' : 'The Python comparison needs the training environment (`make -C models all`); it was not found.',
  '',
].join('\n');
writeFileSync(path.join(root, 'tests/bench/EMOTION.md'), doc);
console.log(doc);
