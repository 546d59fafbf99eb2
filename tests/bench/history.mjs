// History view render time in the real app (`make bench`), appended to tests/bench/HISTORY.md:
// ten years of daily entries (3,650 entries, 40,150 sentences) with stored analyses (seeded
// by `cargo run -p haru-store --example seed -- DIR 3650 analysed`: synthetic distributions,
// since running the model 3,650 times would take ~15 minutes), opened in the release app
// through tauri-driver. The model is pointed at a missing folder so no background analysis
// competes with the measurement. Time = click → the timeline and the year grid are in the
// page and two animation frames have passed (i.e. painted).

import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

process.env.HARU_PROFILE ||= 'release';
const { Driver, tempDir, removeTempDirs } = await import('../e2e/harness.mjs');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const data = tempDir('haru-bench-history-');
// The seeding tool is built in the same profile as the app (HARU_PROFILE=debug: no release build).
const profileArgs = process.env.HARU_PROFILE === 'release' ? ['--release'] : [];
execFileSync('cargo', ['run', ...profileArgs, '-q', '-p', 'haru-store', '--example', 'seed', '--', data, '3650', 'analysed'], { cwd: root, stdio: 'inherit' });

const MEASURE = `
  const [selector, done] = arguments;
  const t0 = performance.now();
  document.querySelector(selector).click();
  const check = () => {
    const periods = document.querySelectorAll('#timeline .timeline-period').length;
    const pixels = document.querySelectorAll('#year-pixels .pixel-day').length;
    if (periods > 0 && pixels > 0) {
      requestAnimationFrame(() => requestAnimationFrame(() => done({ ms: performance.now() - t0, periods })));
    } else {
      setTimeout(check, 2);
    }
  };
  check();`;

const driver = await Driver.start({ env: { HARU_MODEL_DIR: '/nonexistent' } });
const session = await driver.launch(data);
const rows = [];
try {
  const opens = [];
  let periods = 0;
  for (let i = 0; i < 5; i++) {
    const r = await session.executeAsync(MEASURE, ['#open-history']);
    opens.push(r.ms);
    periods = r.periods;
    await (await session.find('#open-diary')).click();
    await session.waitForElement('#editor');
  }
  rows.push([`open the history view (default range, ${periods} periods), median of 5`, median(opens)]);
  await (await session.find('#open-history')).click();
  await session.waitForElement('#history-view');
  for (const [selector, what] of [['#range-all', 'range "all" (ten years by month)'], ['#by-week', 'ten years by week'], ['#by-day', 'ten years by day (3,650 periods)'], ['#range-1y', 'range "year"']]) {
    const r = await session.executeAsync(MEASURE, [selector]);
    rows.push([`${what}: ${r.periods} periods`, r.ms]);
  }
} finally {
  await session.quit();
  await driver.stop();
  removeTempDirs();
}
const table = [
  '',
  `## History view render time in the real app (\`node tests/bench/history.mjs\`, ${process.env.HARU_PROFILE} build, Xvfb)`,
  '',
  '| action | time | target |',
  '|---|---|---|',
  ...rows.map(([what, ms]) => `| ${what} | ${ms.toFixed(0)} ms | ≤ 300 ms |`),
  '',
].join('\n');
// HARU_BENCH_DRY=1: print only (exploratory runs leave HISTORY.md alone).
if (!process.env.HARU_BENCH_DRY) appendFileSync(path.join(root, 'tests/bench/HISTORY.md'), table);
console.log(table);
