// Takes the README's screenshot of the real app under Xvfb (`make screenshot`): seeds a small
// demo diary through the CLI, launches the release app, waits until the editor is ready and
// grabs the screen with ImageMagick's `import`, trimmed to the window.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const APP = path.join(root, 'target/release/haru-app');
const CLI = path.join(root, 'target/release/haru');
const out = path.join(root, 'ui/screenshots/editor-light.png');
const scratch = mkdtempSync(path.join(tmpdir(), 'haru-shot-'));
const data = path.join(scratch, 'diary');
const today = new Date();
const day = (offset) => {
  const d = new Date(today);
  d.setDate(d.getDate() - offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const entries = [
  [9, 'Rainy Sunday. Stayed in with tea and finally finished the novel I started in spring.'],
  [6, '회사 프로젝트 발표가 끝났다. 긴장했지만 생각보다 잘 해냈다. 저녁엔 팀과 치킨을 먹었다.'],
  [3, 'Long run along the river at dawn. My legs hurt, but my head is clear.'],
  [1, '엄마와 통화했다. 김장 이야기를 한참 했다. 다음 주말엔 집에 내려가야지.'],
  [0, '오늘은 오랜만에 친구와 한강을 걸었다. 바람이 차가웠지만 마음은 따뜻했다.\n\nWe laughed about the summer we got lost in Busan, and I realised how grateful I am for the people who stayed. 작은 하루였지만, 오래 기억하고 싶다.'],
];
for (const [offset, text] of entries) {
  execFileSync(CLI, ['add', '--date', day(offset), '--text', text], { env: { ...process.env, HARU_DATA_DIR: data } });
}
const ready = path.join(scratch, 'ready');
const app = spawn(APP, ['--data-dir', data], {
  stdio: 'ignore',
  env: { ...process.env, HARU_READY_FILE: ready, XDG_DATA_HOME: path.join(scratch, 'x'), XDG_CACHE_HOME: path.join(scratch, 'c') },
});
const deadline = Date.now() + 30000;
while (!existsSync(ready)) {
  if (Date.now() > deadline) throw new Error('the app never became ready');
  await new Promise((r) => setTimeout(r, 50));
}
await new Promise((r) => setTimeout(r, 1500));
mkdirSync(path.dirname(out), { recursive: true });
execFileSync('import', ['-window', 'root', path.join(scratch, 'raw.png')]);
execFileSync('convert', [path.join(scratch, 'raw.png'), '-trim', '+repage', out]);
app.kill('SIGTERM');
await new Promise((r) => app.once('exit', r));
rmSync(scratch, { recursive: true, force: true });
console.log(`wrote ${out}`);
