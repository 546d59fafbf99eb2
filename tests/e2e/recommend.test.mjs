// End-to-end: under an analysed entry the real app shows five movies and five songs; a hard
// day opens with gentle "comfort me" picks, a disliked one never returns, and switching between
// comfort, lift and match changes the list.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP, withDriver, tempDir, removeTempDirs, newEntry, inUi } from './harness.mjs';

/** Each shipped song's energy (0–1, from its audio features), by catalogue id: from the
 *  catalogue of the app under test (an installed package keeps it in /usr/lib/Haru). */
function songEnergies() {
  const installed = path.resolve(path.dirname(APP), '../lib/Haru/resources/catalogue/music.jsonl');
  const checkout = fileURLToPath(new URL('../../resources/catalogue/music.jsonl', import.meta.url));
  const file = process.env.HARU_APP && existsSync(installed) ? installed : checkout;
  const energy = new Map();
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    if (!line.trim()) continue;
    const item = JSON.parse(line);
    energy.set(item.id, item.energy);
  }
  return energy;
}

after(() => removeTempDirs());

async function cards(session, kind) {
  const found = await session.findAll(`#recommendations .rec-card[data-kind="${kind}"]`);
  return Promise.all(found.map((c) => c.attribute('data-item-id')));
}

async function fullLists(session, label) {
  return session.waitFor(async () => {
    const [movies, music] = [await cards(session, 'movie'), await cards(session, 'music')];
    return movies.length === 5 && music.length === 5 ? { movies, music } : null;
  }, label, 60000);
}

test('five movies and five songs; a hard day opens with comfort; a disliked one never returns; the strategies differ', async () => {
  await withDriver(async (driver) => {
    const data = tempDir();
    const session = await driver.launch(data);
    await newEntry(session, 'I failed the exam I studied for all month. I feel sad and lonely tonight, and I miss home.');

    const first = await fullLists(session, 'five movies and five songs');
    assert.equal(new Set([...first.movies, ...first.music]).size, 10, 'ten different items');
    const why = await (await session.find('#recommendations .rec-card .rec-why')).text();
    assert.match(why, inUi(/Your entry felt mostly/, /오늘 일기는 주로/));
    // A hard day: the panel opens with comfort, and every card says why, gently.
    assert.equal(await (await session.find('#strategy-comfort')).attribute('aria-pressed'), 'true');
    for (const card of await session.findAll('#recommendations .rec-card .rec-why')) {
      assert.match(await card.text(), inUi(/something gentle for a hard day/, /힘든 날이라 잔잔하고 따뜻한/));
    }
    // ...and the songs are gentle: none above energy 0.6 (the catalogue's audio features).
    const energy = songEnergies();
    for (const id of first.music) {
      assert.ok(energy.has(id), `${id} is a shipped song`);
      assert.ok(energy.get(id) <= 0.6, `${id}: energy ${energy.get(id)} on a hard day`);
    }

    // Dislike the first movie: it leaves, a replacement arrives, and it never comes back.
    const disliked = first.movies[0];
    await (await session.find(`#recommendations .rec-card[data-item-id="${disliked}"] .rec-dislike`)).click();
    const after = await session.waitFor(async () => {
      const movies = await cards(session, 'movie');
      return movies.length === 5 && !movies.includes(disliked) ? movies : null;
    }, 'a replacement for the disliked movie', 30000);
    assert.deepEqual(after.slice(0, 4), first.movies.slice(1), 'the other cards stay');

    // Lift the mood: a different list.
    await (await session.find('#strategy-lift')).click();
    const lifted = await session.waitFor(async () => {
      const lists = await fullLists(session, 'lifted lists');
      const same = lists.movies.filter((id) => after.includes(id)).length;
      return same < 5 ? lists : null;
    }, 'the list to change with lift', 30000);
    assert.ok(!lifted.movies.includes(disliked));
    assert.equal(await (await session.find('#strategy-lift')).attribute('aria-pressed'), 'true');

    // Back to comfort: the same cards as before, still without the disliked one.
    await (await session.find('#strategy-comfort')).click();
    const back = await session.waitFor(async () => {
      const movies = await cards(session, 'movie');
      return movies.length === 5 && movies.every((id, i) => id === after[i]) ? movies : null;
    }, 'the comfort list again', 30000);
    assert.ok(!back.includes(disliked));

    // Match sits with the mood: a list of its own.
    await (await session.find('#strategy-match')).click();
    const matched = await session.waitFor(async () => {
      const lists = await fullLists(session, 'matched lists');
      return lists.movies.some((id) => !after.includes(id) && !lifted.movies.includes(id)) ? lists : null;
    }, 'the list to change with match', 30000);
    assert.ok(!matched.movies.includes(disliked));
    assert.equal(await (await session.find('#strategy-match')).attribute('aria-pressed'), 'true');
  });
});
