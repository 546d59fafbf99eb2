// End-to-end: 60 days written through the CLI, then the history view of the real app:
// the timeline has one period per written day, a day in the year-in-pixels opens its
// entries, and an emotion opens the drill-down of entries where it peaked.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Driver, tempDir, removeTempDirs, cli, isoDay } from './harness.mjs';

after(() => removeTempDirs());

const MOODS = [
  'I am so happy today, everything went well and I laughed with friends.',
  'A sad, heavy day. I missed my father and cried in the evening.',
  '오늘은 정말 감사한 하루였다. 친구가 도와줘서 고마웠다.',
  'Nervous about the exam tomorrow, I could not focus at all.',
  '회사에서 화가 많이 났다. 또 계획이 바뀌었다.',
];

/** The Sunday on or before the day `offset` days ago, as YYYY-MM-DD. */
function sundayBefore(offset) {
  const d = new Date();
  d.setDate(d.getDate() - offset);
  return isoDay(offset + d.getDay());
}

test('history view: timeline periods, a day in the calendar, and the drill-down', async () => {
  const data = tempDir();
  for (let i = 0; i < 60; i++) {
    cli(data, ['add', '--date', isoDay(i), '--text', `${MOODS[i % MOODS.length]} (day ${i})`]);
  }
  // `haru history` analyses the new entries with the shipped model first.
  const days = JSON.parse(cli(data, ['history', '--by', 'day', '--json']));
  assert.equal(days.length, 60);

  const driver = await Driver.start();
  const session = await driver.launch(data);
  try {
    await (await session.find('#open-history')).click();
    await session.waitForElement('#history-view');
    await (await session.find('#range-3m')).click();
    await (await session.find('#by-day')).click();
    await session.waitFor(async () => (await session.findAll('#timeline .timeline-period')).length === 60, '60 daily periods on the timeline', 20000);
    await (await session.find('#by-week')).click();
    // The app's weeks begin on Sunday (the default for English and Korean): one period per
    // Sunday-to-Saturday week holding one of the 60 days. (`haru history` counts ISO weeks.)
    const weeks = new Set(Array.from({ length: 60 }, (_, i) => sundayBefore(i))).size;
    await session.waitFor(async () => (await session.findAll('#timeline .timeline-period')).length === weeks, `${weeks} weekly periods`, 20000);

    const target = isoDay(3);
    await (await session.waitForElement(`#year-pixels .pixel-day[data-date="${target}"]`)).click();
    await session.waitForElement('#editor');
    const [expected] = JSON.parse(cli(data, ['list', '--json'])).filter((e) => e.date === target);
    await session.waitForElement(`.entry-item[data-entry-id="${expected.id}"]`);

    await (await session.find('#open-history')).click();
    await session.waitForElement('#history-view');
    await (await session.waitForElement('#history-view .emotion-drill')).click();
    await session.waitFor(async () => (await session.findAll('#drilldown .peak-entry')).length > 0, 'drill-down entries', 20000);
  } finally {
    await session.quit();
    await driver.stop();
  }
});
