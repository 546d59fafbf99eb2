// End-to-end: the settings popover changes the language and the theme at once and they are
// still there after a restart; "system" follows the OS locale (English in the plain run,
// Korean in make test's Korean run). Also: the editor's placeholder is italic in English only
// (Hangul has no italic; WebKit would slant it synthetically). The text size follows Ctrl+=
// and Ctrl+0 and, like the first day of the week, survives a restart.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { withDriver, tempDir, removeTempDirs, inUi, closeApp } from './harness.mjs';

after(() => removeTempDirs());

const PLACEHOLDER = { en: 'How was your day?', ko: '오늘은 어떤 하루였나요?' };

async function choose(session, group, value) {
  if ((await session.findAll('#settings-popover')).length === 0) {
    await (await session.find('#settings-button')).click();
    await session.waitForElement('#settings-popover');
  }
  await (await session.find(`#${group}-choices [data-value="${value}"]`)).click();
  await session.waitFor(
    async () => (await (await session.find(`#${group}-choices [data-value="${value}"]`)).attribute('aria-checked')) === 'true',
    `${group} ${value} chosen`,
  );
}

async function page(session) {
  return session.execute(`
    const editor = document.querySelector('#editor');
    // The font style the cascade gives the placeholder: the last ::placeholder rule that matches
    // the editor and sets one (WebKit's getComputedStyle does not resolve ::placeholder).
    let placeholderStyle = 'normal';
    const walk = (rules) => {
      for (const rule of rules) {
        if (rule.cssRules && !(rule instanceof CSSStyleRule)) walk(rule.cssRules);
        if (!(rule instanceof CSSStyleRule) || !rule.style.fontStyle) continue;
        for (const sel of rule.selectorText.split(',')) {
          if (!sel.includes('::placeholder')) continue;
          try {
            if (editor.matches(sel.replaceAll('::placeholder', '').trim())) placeholderStyle = rule.style.fontStyle;
          } catch {}
        }
      }
    };
    for (const sheet of document.styleSheets) walk(sheet.cssRules);
    const root = document.documentElement;
    return {
      lang: root.lang,
      theme: root.dataset.theme ?? 'system',
      placeholder: editor.placeholder,
      placeholderStyle,
      fontSynthesis: getComputedStyle(root).fontSynthesis,
    };`);
}

/** Waits until the page shows `expected` (a subset of what `page` reads), then returns it. */
async function pageShows(session, expected) {
  let last;
  try {
    return await session.waitFor(async () => {
      last = await page(session);
      return Object.entries(expected).every(([k, v]) => last[k] === v) ? last : null;
    }, JSON.stringify(expected));
  } catch (err) {
    assert.deepEqual(last, { ...last, ...expected }, err.message);
    throw err;
  }
}

test('language and theme apply at once, survive a restart, and "system" follows the OS', async () => {
  await withDriver(async (driver) => {
    const data = tempDir();
    let session = await driver.launch(data);
    const os = inUi('en', 'ko');
    await pageShows(session, { lang: os, placeholder: PLACEHOLDER[os] });

    await choose(session, 'language', 'en');
    await choose(session, 'theme', 'dark');
    await pageShows(session, { lang: 'en', theme: 'dark', placeholder: PLACEHOLDER.en, placeholderStyle: 'italic' });

    await choose(session, 'language', 'ko');
    // Hangul has no italic: the Korean placeholder stands upright, nothing is slanted synthetically.
    const p = await pageShows(session, { lang: 'ko', placeholder: PLACEHOLDER.ko, placeholderStyle: 'normal' });
    assert.doesNotMatch(p.fontSynthesis, /style/);
    // Closed the way the title bar's button does, right after the last choice: closing waits
    // for the settings to be stored.
    await closeApp(session, data);

    session = await driver.launch(data);
    await pageShows(session, { lang: 'ko', theme: 'dark', placeholder: PLACEHOLDER.ko });
    assert.equal(await (await session.find('#settings-button')).attribute('aria-label'), '설정');

    await choose(session, 'language', 'system');
    await choose(session, 'theme', 'system');
    await pageShows(session, { lang: os, theme: 'system', placeholder: PLACEHOLDER[os] });
  });
});

/** What the text-size and week-start settings show: the size on <html>, the web view's width in
 * CSS pixels (it shrinks as the zoom grows), the calendar's first weekday. */
function display(session) {
  return session.execute(`
    const first = document.querySelector('.calendar [role="columnheader"]');
    return {
      textSize: document.documentElement.dataset.textSize ?? null,
      width: window.innerWidth,
      firstWeekday: first ? first.getAttribute('aria-label') : null,
    };`);
}

test('text size: Ctrl+= zooms the whole window a step, Ctrl+0 resets; the size and the week start survive a restart', async () => {
  await withDriver(async (driver) => {
    const data = tempDir();
    let session = await driver.launch(data);
    const sunday = inUi('Sunday', '일요일');
    const monday = inUi('Monday', '월요일');
    const start = await session.waitFor(async () => {
      const d = await display(session);
      return d.textSize === 'normal' && d.firstWeekday ? d : null;
    }, 'the normal size and the calendar');
    assert.equal(start.firstWeekday, sunday, 'weeks start on Sunday by default');

    const editor = await session.find('#editor');
    await editor.click();
    await editor.type('\uE009=\uE000'); // Ctrl+=
    const large = await session.waitFor(async () => {
      const d = await display(session);
      return d.textSize === 'large' ? d : null;
    }, 'Ctrl+= to make the text large');
    // The web view itself zooms: fewer CSS pixels fit across the same window.
    assert.ok(Math.abs(large.width - start.width / 1.15) <= 2, `zoomed by 1.15: ${start.width} → ${large.width}`);
    assert.equal(await editor.property('value'), '', 'the shortcut typed nothing');
    await editor.type('\uE009=\uE000');
    await session.waitFor(async () => (await display(session)).textSize === 'larger', 'Ctrl+= again: larger');
    await editor.type('\uE0090\uE000'); // Ctrl+0
    await session.waitFor(async () => (await display(session)).width === start.width, 'Ctrl+0: back to normal');

    await choose(session, 'week-start', 'monday');
    await session.waitFor(async () => (await display(session)).firstWeekday === monday, 'the calendar to start on Monday');
    // Last, as WebKitWebDriver places its clicks without the zoom: nothing is clicked after it.
    await choose(session, 'text-size', 'large');
    await closeApp(session, data);

    session = await driver.launch(data);
    const again = await session.waitFor(async () => {
      const d = await display(session);
      return d.textSize === 'large' && d.firstWeekday === monday ? d : null;
    }, 'large text and Monday weeks after the restart');
    assert.ok(Math.abs(again.width - large.width) <= 2, `still zoomed: ${again.width} vs ${large.width}`);
  });
});
