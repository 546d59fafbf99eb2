// Takes the README's screenshots of the real app (`make screenshot`): seeds two months of a
// demo diary through the CLI (analysed by the shipped model), launches the release app through
// tauri-driver and saves WebDriver screenshots of the editor, its recommendations and the history view, in the
// light and the dark theme, to ui/screenshots/. Under HARU_E2E_LOCALE=ko_KR.UTF-8 (the second run of
// `make screenshot`) the UI is Korean and the files are named `*-ko.png`.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

process.env.HARU_PROFILE ||= 'release';
const { Driver, tempDir, removeTempDirs, cli, sleep } = await import('../e2e/harness.mjs');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(root, 'ui/screenshots');
const suffix = process.env.HARU_E2E_LOCALE ? '-ko' : '';
mkdirSync(outDir, { recursive: true });

const day = (offset) => {
  const d = new Date();
  d.setDate(d.getDate() - offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const pool = [
  'Rainy Sunday. Stayed in with tea and finally finished the novel I started in spring.',
  '회사 프로젝트 발표가 끝났다. 긴장했지만 생각보다 잘 해냈다. 저녁엔 팀과 치킨을 먹었다.',
  'Long run along the river at dawn. My legs hurt, but my head is clear.',
  '엄마와 통화했다. 김장 이야기를 한참 했다. 다음 주말엔 집에 내려가야지.',
  'I was so angry at the meeting today. Nobody listened and the plan changed again.',
  '시험 결과가 나왔는데 생각보다 낮아서 속상했다. 그래도 다시 해보자.',
  'Dinner with old friends. We laughed until midnight. I feel grateful for them.',
  '오늘은 왠지 불안했다. 내일 면접이 걱정된다.',
];
const data = tempDir('haru-shot-');
for (let i = 1; i < 75; i++) {
  if (i % 9 === 4) continue; // a few days without entries
  cli(data, ['add', '--date', day(i), '--text', pool[(i * 3) % pool.length]]);
}
cli(data, [
  'add', '--date', day(0), '--text',
  '오늘은 오랜만에 친구와 한강을 걸었다. 바람이 차가웠지만 마음은 따뜻했다.\n\nWe laughed about the summer we got lost in Busan, and I realised how grateful I am for the people who stayed. 내일 발표가 조금 걱정되지만, 작은 하루였어도 오래 기억하고 싶다.',
]);
cli(data, ['history', '--by', 'day']); // analyse everything with the shipped model

const driver = await Driver.start();
const session = await driver.launch(data);
try {
  await session.waitForElement('#emotion-panel .emotion-bar', 30000);
  await sleep(800);
  for (const theme of ['light', 'dark']) {
    await (await session.find('#settings-button')).click();
    await (await session.waitForElement(`#theme-choices [data-value="${theme}"]`)).click();
    await session.execute('document.activeElement && document.activeElement.blur(); return true;');
    await (await session.find('#editor')).click();
    await sleep(600);
    await session.screenshot(path.join(outDir, `editor-${theme}${suffix}.png`));
    const skip = await session.findAll('#rec-onboarding-skip');
    if (skip.length) await skip[0].click();
    await session.waitFor(async () => ((await session.findAll('.rec-card')).length >= 10 ? true : null), 'recommendation cards', 60000);
    await session.execute("document.querySelector('#recommendations').scrollIntoView(); return true;");
    await sleep(800);
    await session.screenshot(path.join(outDir, `recommendations-${theme}${suffix}.png`));
    await session.execute("document.querySelector('#emotion-panel').scrollIntoView(); return true;");
    await (await session.find('#open-history')).click();
    await session.waitForElement('#history-view #timeline');
    await (await session.find('#range-3m')).click();
    await sleep(1200);
    await session.screenshot(path.join(outDir, `history-${theme}${suffix}.png`));
    await (await session.find('#open-diary')).click();
    await session.waitForElement('#editor');
  }
} finally {
  await session.quit();
  await driver.stop();
  removeTempDirs();
}
console.log(`wrote ${outDir}/{editor,recommendations,history}-{light,dark}${suffix}.png`);
