// Emotion names are shown in full wherever they sit in a row of bars: the emotion panel, the
// sentence tooltip and the period summary of the history. Cutting them with an ellipsis made
// "Disappointment" and "Disapproval" read alike ("Disappoi…", "Disappro…") in a narrow column.
import { describe, expect, it } from 'vitest';
import emotionPanel from '../components/EmotionPanel.svelte?raw';
import periodSummary from '../components/PeriodSummary.svelte?raw';
import sentenceView from '../components/SentenceView.svelte?raw';

/** The declarations of every rule in `source`'s style block whose selector ends in `.name`. */
function nameRules(source: string): string[] {
  const style = source.match(/<style[^>]*>([\s\S]*?)<\/style>/)?.[1] ?? '';
  const rules = [...style.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g)];
  return rules.filter((m) => m[1].split(',').some((sel) => /\.name\s*$/.test(sel.trim()))).map((m) => m[2]);
}

describe('emotion names', () => {
  const components: [string, string][] = [
    ['EmotionPanel', emotionPanel],
    ['PeriodSummary', periodSummary],
    ['SentenceView', sentenceView],
  ];
  for (const [name, source] of components) {
    it(`${name} never cuts a name short`, () => {
      const rules = nameRules(source);
      expect(rules.length, `${name} styles .name`).toBeGreaterThan(0);
      for (const body of rules) {
        expect(body, name).not.toMatch(/text-overflow\s*:\s*ellipsis/);
        expect(body, name).not.toMatch(/white-space\s*:\s*nowrap/);
        expect(body, name).not.toMatch(/overflow\s*:\s*hidden/);
      }
    });
  }
});
