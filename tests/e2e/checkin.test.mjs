// End-to-end: the writer's own word on how a day felt, in the real app. A reading is
// corrected under an entry (feelings and a pleasantness × energy point), the app restarts, and
// the correction is still there, marked as the writer's; the year in pixels, the calendar and
// the recommendations go by it, and clearing it gives the model's reading back. Then a diary written through the CLI: a #tag filter in search and
// in the history finds exactly the tagged days, on this day shows last years' entries of today's
// date, the insights panel counts and refuses to conclude from too few entries, and the
// calendar's colours are the year in pixels' colours. Last, a writer with 22 corrections: a new
// entry shows Haru's reading adjusted to their words beside Haru's own, and the settings'
// switch and reset take the adjustment back.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { withDriver, tempDir, removeTempDirs, cli, newEntry, editorValue, inUi, isoDay } from './harness.mjs';

after(() => removeTempDirs());

const KEY = { HOME: '\uE011', LEFT: '\uE012', DOWN: '\uE015' };

/** Sets a <select> the way a person's choice does (WebKit's driver cannot click <option>s). */
function choose(session, css, value) {
  return session.execute(
    `const s = document.querySelector(arguments[0]); s.value = arguments[1];
     s.dispatchEvent(new Event('change', { bubbles: true })); return s.value;`,
    [css, value],
  );
}

/** The computed background colour of the first element matching `css`. */
function background(session, css) {
  return session.execute(
    `const e = document.querySelector(arguments[0]); return e ? getComputedStyle(e).backgroundColor : null;`,
    [css],
  );
}

/** Clicks the element `css` after scrolling it into view (the panel sits below the text). */
async function tap(session, css) {
  const el = await session.waitForElement(css, 20000);
  await session.execute(`arguments[0].scrollIntoView({ block: 'center' }); return true;`, [el.ref()]);
  try {
    await el.click();
  } catch (err) {
    await session.screenshot(`/tmp/haru-checkin-${Date.now()}.png`).catch(() => {});
    throw err;
  }
}

async function pressed(session, css) {
  return session.execute(`return [...document.querySelectorAll(arguments[0])].map((e) => e.dataset.label);`, [css]);
}

test('a corrected reading survives a restart, is marked as the writer’s, and history, the year grid and recommendations follow it', async () => {
  await withDriver(async (driver) => {
    const data = tempDir();
    const today = isoDay(0);
    let session = await driver.launch(data);
    await newEntry(session, 'What a wonderful day! I laughed with my friends all afternoon and felt so happy and grateful.');
    // The model's reading first, and the question under it.
    await session.waitForElement('#emotion-panel .emotion-bar', 60000);
    await session.waitForElement('#checkin-correct', 20000);
    const firstWhy = await session.waitFor(async () => {
      const cards = await session.findAll('#recommendations .rec-card .rec-why');
      return cards.length > 0 ? cards[0].text() : null;
    }, 'recommendations for the happy reading', 60000);
    assert.doesNotMatch(firstWhy, inUi(/gentle for a hard day/, /힘든 날이라/));

    // "Not quite": grief and sadness, low pleasantness and energy.
    await tap(session, '#checkin-correct');
    await session.waitForElement('#checkin-editor');
    // Unpick Haru's suggestions (a label shows twice when all 28 are open: once is enough).
    for (const label of new Set(await pressed(session, '#checkin-editor .pick[aria-pressed="true"]'))) {
      await tap(session, `#checkin-editor .pick[aria-pressed="true"][data-label="${label}"]`);
    }
    await tap(session, '#checkin-quick .pick[data-label="sadness"]');
    // All 28 are open already when Haru's reading picked one outside the quick ones.
    if ((await (await session.find('#checkin-more')).attribute('aria-expanded')) !== 'true') {
      await tap(session, '#checkin-more');
    }
    await tap(session, '#checkin-all .pick[data-label="grief"]');
    assert.deepEqual((await pressed(session, '#checkin-quick .pick[aria-pressed="true"]')).sort(), ['sadness']);
    await tap(session, '#mood-pad'); // about the middle; Home puts it there exactly
    const pad = await session.find('#mood-pad');
    await pad.type(KEY.HOME + KEY.LEFT.repeat(5) + KEY.DOWN.repeat(3));
    await session.waitFor(async () => (await pad.attribute('data-pleasant')) === '-0.5' && (await pad.attribute('data-energy')) === '-0.3', 'the point moved with the arrow keys');
    await tap(session, '#checkin-save');
    await session.waitForElement('#checkin-yours #writers-word-mark');
    // Haru's own reading stays on screen beside it.
    await session.waitForElement('#haru-reading-title');
    assert.ok((await session.findAll('#emotion-panel .emotion-bar')).length > 0);

    // Recommendations now go by the writer's word (the strategy the entry was last seen with
    // is kept, so the explanation, not the switch, says what changed).
    const why = await session.waitFor(async () => {
      const text = await (await session.find('#recommendations .rec-card .rec-why')).text();
      return /grieving and sad|비통·슬픔/.test(text) ? text : null;
    }, 'recommendations for a day of grief and sadness', 30000);
    assert.match(why, inUi(/^Your entry felt mostly grieving and sad/, /^오늘 일기는 주로 비통·슬픔의 감정이었어요/));

    // Restart: the correction is still there.
    await session.quit();
    session = await driver.launch(data);
    await session.waitForElement('#checkin-yours', 20000);
    const labels = await session.execute(`return [...document.querySelectorAll('#checkin-yours .chip')].map((c) => c.dataset.label);`);
    assert.deepEqual(labels, ['grief', 'sadness']);
    assert.match(await (await session.find('#checkin-point')).text(), /−0\.5.*−0\.3/);
    await session.waitFor(
      async () => /grieving and sad|비통·슬픔/.test(await (await session.find('#recommendations .rec-card .rec-why')).text()),
      'the recommendations still go by the writer’s word after the restart',
      30000,
    );

    // The year in pixels: today is marked as the writer's word and coloured by grief (the first
    // of the two in label order); the calendar gives the day the same colour.
    await (await session.find('#open-history')).click();
    const cell = await session.waitForElement(`#year-pixels .pixel-day[data-date="${today}"][data-writers-word="true"]`, 20000);
    assert.match(await cell.attribute('aria-label'), inUi(/Grief/, /비통/));
    await session.waitForElement('#pixels-yours-key');
    // The range's summary says on how many days the writer's word counts.
    assert.match(await (await session.waitForElement('#range-yours')).text(), inUi(/On 1 day of this range your own word counts/, /1일은 하루가 읽은 감정 대신 내가 고른 감정/));
    const pixel = await background(session, `#year-pixels .pixel-day[data-date="${today}"]`);
    const day = await session.waitFor(() => background(session, `.calendar-day[data-date="${today}"] .mood`), 'the calendar colours today');
    assert.equal(day, pixel);
    assert.equal(await (await session.find(`.calendar-day[data-date="${today}"] .mood`)).attribute('data-writers-word'), 'true');

    // Cleared, Haru's reading counts again.
    await (await session.find('#open-diary')).click();
    await tap(session, '#checkin-clear');
    await session.waitForElement('#checkin-correct');
    assert.equal(JSON.parse(cli(data, ['show', JSON.parse(cli(data, ['list', '--json']))[0].id.toString(), '--json'])).checkin, null);
  });
});

test('a #tag filter finds the tagged days; on this day shows earlier years; insights count; the calendar has the year grid’s colours', async () => {
  const today = isoDay(0);
  if (today.endsWith('-02-29')) return; // no 29 February in the earlier years to write on
  const data = tempDir();
  const texts = [
    'Ran five kilometres in the morning and felt proud and full of energy. #운동',
    'A sad evening. I missed my grandmother and cried a little.',
    '오늘은 가족과 저녁을 먹었다. 정말 고맙고 따뜻했다. #family',
    'Swimming after work, tired but happy. #운동',
    'Annoyed at the meeting that went on for hours.',
  ];
  const tagged = [];
  for (let i = 0; i < 10; i++) {
    const text = texts[i % texts.length];
    cli(data, ['add', '--date', isoDay(i), '--text', `${text} (day ${i})`]);
    if (text.includes('#운동')) tagged.push(isoDay(i));
  }
  const year = Number(today.slice(0, 4));
  const lastYear = `${year - 1}${today.slice(4)}`;
  const twoYears = `${year - 2}${today.slice(4)}`;
  cli(data, ['add', '--date', lastYear, '--text', 'A year ago today: the first snow, and hot chocolate.']);
  cli(data, ['add', '--date', twoYears, '--text', 'Two years ago today I started this diary.']);
  // Analysed with the shipped model before the app opens.
  JSON.parse(cli(data, ['history', '--by', 'day', '--json']));
  const list = JSON.parse(cli(data, ['list', '--json']));
  const idOf = (date) => list.find((e) => e.date === date).id;

  await withDriver(async (driver) => {
    const session = await driver.launch(data);
    // On this day: last year's and the year before's entries of today's date, newest first.
    await session.waitForElement('#on-this-day', 20000);
    const past = await session.execute(`return [...document.querySelectorAll('#on-this-day .past-item')].map((e) => e.dataset.date);`);
    assert.deepEqual(past, [lastYear, twoYears]);
    await (await session.find(`#on-this-day .past-item[data-entry-id="${idOf(lastYear)}"]`)).click();
    await session.waitFor(async () => (await editorValue(session)).includes('first snow'), 'last year’s entry opened');
    // Back to today's month in the calendar.
    for (const back of await session.findAll('.today-btn')) await back.click();
    await session.waitForElement(`.calendar-day[data-date="${today}"]`);

    // Search by tag alone: exactly the days carrying #운동.
    await (await session.find('#search-filters-toggle')).click();
    await session.waitFor(async () => (await session.findAll('#search-tag option')).length >= 3, 'the tags listed');
    const options = await session.execute(`return [...document.querySelectorAll('#search-tag option')].map((o) => o.textContent.trim());`);
    assert.ok(options.includes(`#운동 (${tagged.length})`), `tag options: ${options}`);
    await choose(session, '#search-tag', '운동');
    const found = await session.waitFor(async () => {
      const ids = await session.execute(`return [...document.querySelectorAll('.search-result')].map((e) => Number(e.dataset.entryId));`);
      return ids.length === tagged.length ? ids : null;
    }, `${tagged.length} entries tagged #운동`, 15000);
    assert.deepEqual(found.sort((a, b) => a - b), tagged.map(idOf).sort((a, b) => a - b));
    await (await session.find('#search-clear-filters')).click();

    // The history: the calendar and the year grid colour each day alike; the tag filter keeps
    // the tagged days only; insights count entries and refuse to conclude from too few.
    await (await session.find('#open-history')).click();
    await session.waitFor(async () => (await session.findAll('#year-pixels .pixel-day.has-entry')).length >= 10, 'the year grid', 20000);
    const colours = await session.waitFor(async () => {
      const pairs = await session.execute(`return [...document.querySelectorAll('.calendar-day .mood')].map((m) => {
        const date = m.closest('.calendar-day').dataset.date;
        const px = document.querySelector('#year-pixels .pixel-day[data-date="' + date + '"]');
        return [date, getComputedStyle(m).backgroundColor, px ? getComputedStyle(px).backgroundColor : null];
      });`);
      return pairs.length > 0 ? pairs : null;
    }, 'coloured calendar days', 20000);
    for (const [date, cal, grid] of colours) {
      if (grid === null) continue; // a day of the neighbouring year shown in the month's grid
      assert.equal(cal, grid, `the colour of ${date}`);
    }
    await session.waitForElement('#calendar-legend li');

    await session.waitFor(async () => (await session.findAll('#history-tag option')).length >= 3, 'the history’s tag filter');
    await choose(session, '#history-tag', '운동');
    await session.waitFor(async () => {
      const dates = await session.execute(`return [...document.querySelectorAll('#year-pixels .pixel-day.has-entry')].map((e) => e.dataset.date);`);
      return dates.length === tagged.length && tagged.every((d) => dates.includes(d));
    }, 'only the tagged days in the year grid', 20000);
    await choose(session, '#history-tag', '');

    const group = await session.waitForElement('#insights .group[data-kind="tag"][data-name="family"]', 20000);
    assert.equal(await group.attribute('data-enough'), 'false');
    assert.match(await group.text(), inUi(/2 entries[\s\S]*Too few entries to tell/, /글 2개[\s\S]*너무 적어서/));
    const exercise = await session.find('#insights .group[data-kind="tag"][data-name="운동"]');
    assert.match(await exercise.text(), inUi(new RegExp(`${tagged.length} entries`), new RegExp(`글 ${tagged.length}개`)));
  });
});

test('after enough corrections Haru reads a new entry in the writer’s words, beside its own reading; off and reset take it back', async () => {
  const data = tempDir();
  // A writer who calls every happy day "relief": 22 corrections (Haru learns from 20).
  const happy = [
    'What a wonderful day! I laughed with my friends all afternoon and felt so happy.',
    'Such a joyful morning, we laughed and laughed and I felt so happy.',
    'I am so happy today, everything went wonderfully and I laughed a lot.',
  ];
  for (let i = 1; i <= 22; i++) {
    const id = cli(data, ['add', '--date', isoDay(i), '--text', `${happy[i % happy.length]} (day ${i})`]).trim();
    cli(data, ['feel', id, '--labels', 'relief']);
  }
  cli(data, ['add', '--date', isoDay(0), '--text', 'What a wonderful day! I laughed with my friends and felt so happy.']);
  cli(data, ['history', '--by', 'day']); // analyse with the shipped model

  await withDriver(async (driver) => {
    const session = await driver.launch(data);
    const adjusted = () => pressed(session, '#adjusted-reading .chip');
    // Today's entry: not corrected, so the adjusted reading, marked, above Haru's own.
    await session.waitForElement('#adjusted-reading .chip', 60000);
    const words = await adjusted();
    assert.ok(words.includes('relief'), `adjusted: ${words}`);
    assert.match(await (await session.find('#adjusted-note')).text(), inUi(/Adjusted to how you name feelings/, /내가 감정을 부르는 방식에 맞췄어요/));
    await session.waitForElement('#haru-reading-title');
    const own = await pressed(session, '#emotion-panel .result > .chips .chip');
    assert.ok(own.length > 0, 'Haru’s own reading is still shown');
    assert.notDeepEqual(own, words);

    // Settings: what was learned, from how many corrections.
    await (await session.find('#settings-button')).click();
    await session.waitForElement('#calibration-rules li', 20000);
    assert.match(await (await session.find('#calibration-count')).text(), /22/);

    // Off: Haru's own reading alone; on again: adjusted again.
    await tap(session, '#calibration-toggle');
    await session.waitFor(async () => (await session.findAll('#adjusted-reading')).length === 0, 'no adjusted reading while off', 20000);
    await tap(session, '#calibration-toggle');
    await session.waitForElement('#adjusted-reading .chip', 20000);

    // Reset: the corrections made until now no longer count.
    await tap(session, '#calibration-reset');
    await session.waitForElement('#calibration-was-reset', 20000);
    await session.waitFor(async () => (await session.findAll('#adjusted-reading')).length === 0, 'no adjusted reading after the reset', 20000);
    assert.match(await (await session.find('#calibration-count')).text(), /\b0\b/);
    // The writer's words on the corrected days stay theirs.
    const list = JSON.parse(cli(data, ['list', '--json']));
    const corrected = list.find((e) => e.date === isoDay(1));
    assert.deepEqual(JSON.parse(cli(data, ['show', String(corrected.id), '--json'])).checkin.labels, ['relief']);
  });
});
