import { describe, expect, it } from 'vitest';
import type { AnalyserStatus } from '../bindings/AnalyserStatus';
import type { EntryAnalysis } from '../bindings/EntryAnalysis';
import {
  EMOTION_GROUPS,
  GO_EMOTIONS,
  colorVar,
  dominantLabel,
  formatPercent,
  groupOf,
  groupsIn,
  isCurrent,
  labelsFromStatus,
  membersOf,
  normalizeAnalysis,
  panelView,
  percent,
  placeTooltip,
  predictedLabels,
  progressFraction,
  sentenceRuns,
  showProgress,
  tintVar,
  topEmotions,
  type PanelInput,
  type Run,
} from './emotions';
import { emotionName, messages, type MessageKey } from './i18n';

/** 28 probabilities with the given labels set. */
function probs(set: Record<string, number>, base = 0.01): number[] {
  return GO_EMOTIONS.map((l) => set[l] ?? base);
}

function sentence(start: number, end: number, dominant: string) {
  return { start, end, probs: probs({ [dominant]: 0.8 }), dominant: GO_EMOTIONS.indexOf(dominant as never) };
}

function analysis(over: Partial<EntryAnalysis> = {}): EntryAnalysis {
  return { entry_id: 1, model_id: 'm', stale: false, probs: probs({ joy: 0.7 }), labels: ['joy'], sentences: [], ...over };
}

describe('labels', () => {
  it('has the 28 GoEmotions labels in model order', () => {
    expect(GO_EMOTIONS).toHaveLength(28);
    expect(GO_EMOTIONS[0]).toBe('admiration');
    expect(GO_EMOTIONS[17]).toBe('joy');
    expect(GO_EMOTIONS[27]).toBe('neutral');
  });

  it('uses the analyser labels when ready and valid, else the constant', () => {
    const mine = GO_EMOTIONS.map((l) => l.toUpperCase());
    expect(labelsFromStatus({ state: 'ready', model_id: 'x', labels: mine })).toBe(mine);
    expect(labelsFromStatus({ state: 'ready', model_id: 'x', labels: ['joy'] })).toBe(GO_EMOTIONS);
    expect(labelsFromStatus({ state: 'loading' })).toBe(GO_EMOTIONS);
    expect(labelsFromStatus(null)).toBe(GO_EMOTIONS);
  });

  it('names every label in English and Korean', () => {
    for (const l of GO_EMOTIONS) {
      expect(messages.en[`emo.${l}` as MessageKey], l).toBeTruthy();
      expect(messages.ko[`emo.${l}` as MessageKey], l).toBeTruthy();
    }
    expect(['gratitude', 'toString'].map((l) => emotionName('en', l))).toEqual(['Gratitude', 'toString']);
    expect(['gratitude', 'joy', 'something-new'].map((l) => emotionName('ko', l))).toEqual(['감사', '기쁨', 'something-new']);
  });
});

describe('colour groups', () => {
  it('puts every label in exactly one group, with a name in both languages', () => {
    const all = EMOTION_GROUPS.flatMap((g) => membersOf(g));
    expect([...all].sort()).toEqual([...GO_EMOTIONS].sort());
    for (const g of EMOTION_GROUPS) {
      expect(membersOf(g).length).toBeGreaterThan(0);
      expect(messages.en[`emotionGroup.${g}` as MessageKey]).toBeTruthy();
      expect(messages.ko[`emotionGroup.${g}` as MessageKey]).toBeTruthy();
    }
  });

  it('groups as the palette says', () => {
    expect(groupOf('joy')).toBe('warm');
    expect(groupOf('gratitude')).toBe('warm');
    expect(groupOf('sadness')).toBe('sad');
    expect(groupOf('grief')).toBe('sad');
    expect(groupOf('anger')).toBe('anger');
    expect(groupOf('disgust')).toBe('anger');
    expect(groupOf('fear')).toBe('fear');
    expect(groupOf('nervousness')).toBe('fear');
    expect(groupOf('surprise')).toBe('surprise');
    expect(groupOf('realization')).toBe('surprise');
    expect(groupOf('neutral')).toBe('neutral');
    expect(groupOf('unknown')).toBe('neutral');
    expect(colorVar('joy')).toBe('var(--emo-warm)');
    expect(tintVar('fear')).toBe('var(--emo-fear-tint)');
  });

  it('lists the groups present, in legend order', () => {
    expect(groupsIn(['neutral', 'sadness', 'joy', 'love'])).toEqual(['warm', 'sad', 'neutral']);
    expect(groupsIn([])).toEqual([]);
  });
});

describe('percentages', () => {
  it('rounds like Math.round(p*100) and stays within 0–100', () => {
    expect(percent(0.424)).toBe(42);
    expect(percent(0.425)).toBe(43);
    expect(percent(0.005)).toBe(1);
    expect(percent(0.0049)).toBe(0);
    expect(percent(1)).toBe(100);
    expect(percent(1.3)).toBe(100);
    expect(percent(-0.2)).toBe(0);
    expect(percent(Number.NaN)).toBe(0);
    expect(formatPercent(0.07)).toBe('7%');
  });
});

describe('topEmotions', () => {
  it('takes up to 5 with p ≥ 0.05, most likely first', () => {
    const top = topEmotions(probs({ joy: 0.6, love: 0.3, gratitude: 0.2, relief: 0.1, pride: 0.07, optimism: 0.06, neutral: 0.04 }), GO_EMOTIONS);
    expect(top.map((s) => s.label)).toEqual(['joy', 'love', 'gratitude', 'relief', 'pride']);
    expect(top[0]).toEqual({ label: 'joy', index: 17, p: 0.6 });
  });

  it('drops those under 5% but always keeps one', () => {
    expect(topEmotions(probs({ joy: 0.5, love: 0.049 }), GO_EMOTIONS).map((s) => s.label)).toEqual(['joy']);
    expect(topEmotions(probs({ fear: 0.03 }), GO_EMOTIONS).map((s) => s.label)).toEqual(['fear']);
  });

  it('keeps label order on ties and copes with bad input', () => {
    expect(topEmotions(probs({ anger: 0.3, admiration: 0.3 }), GO_EMOTIONS, 2).map((s) => s.label)).toEqual([
      'admiration',
      'anger',
    ]);
    expect(topEmotions([], GO_EMOTIONS)).toEqual([]);
    expect(topEmotions([Number.NaN, 0.2], ['a', 'b']).map((s) => s.label)).toEqual(['b']);
    expect(topEmotions([0.9, 0.8, 0.7], ['a', 'b']).map((s) => s.label)).toEqual(['a', 'b']);
  });
});

describe('normalizeAnalysis', () => {
  it('accepts a valid payload and clamps probabilities', () => {
    const a = normalizeAnalysis({
      entry_id: 3,
      model_id: 'm',
      stale: false,
      probs: [0.5, 2, -1, 'x', null],
      labels: ['joy', 4],
      sentences: [{ start: 0, end: 4, probs: [0.1], dominant: 0 }, { start: 'a' }, null],
    });
    expect(a).toEqual({
      entry_id: 3,
      model_id: 'm',
      stale: false,
      probs: [0.5, 1, 0, 0, 0],
      labels: ['joy'],
      sentences: [{ start: 0, end: 4, probs: [0.1], dominant: 0 }],
    });
  });

  it('rejects nonsense', () => {
    expect(normalizeAnalysis(null)).toBeNull();
    expect(normalizeAnalysis('x')).toBeNull();
    expect(normalizeAnalysis({ entry_id: 1, probs: [] })).toBeNull();
    expect(normalizeAnalysis({ probs: [0.1] })).toBeNull();
  });
});

describe('dominantLabel and predictedLabels', () => {
  it('uses dominant when valid, else the most likely', () => {
    expect(dominantLabel({ dominant: 25, probs: [] }, GO_EMOTIONS)).toBe('sadness');
    expect(dominantLabel({ dominant: 99, probs: probs({ fear: 0.9 }) }, GO_EMOTIONS)).toBe('fear');
    expect(dominantLabel({ dominant: -1, probs: [] }, GO_EMOTIONS)).toBe('neutral');
  });

  it('orders the predicted labels by probability', () => {
    expect(predictedLabels({ labels: ['love', 'joy', 'joy', 'new'], probs: probs({ joy: 0.8, love: 0.4 }) }, GO_EMOTIONS)).toEqual([
      'joy',
      'love',
      'new',
    ]);
  });
});

describe('sentenceRuns', () => {
  const body = 'Good day. Bad night! Fine.';

  /** Each run's text, a sentence run's in brackets (no test text has brackets of its own). */
  function bracketed(runs: Run[]): string[] {
    return runs.map((r) => (r.kind === 'sentence' ? `[${r.text}]` : r.text));
  }

  it('covers the text exactly with plain and sentence runs', () => {
    const runs = sentenceRuns(body, [sentence(0, 9, 'joy'), sentence(10, 20, 'sadness'), sentence(21, 26, 'neutral')]);
    expect(bracketed(runs)).toEqual(['[Good day.]', ' ', '[Bad night!]', ' ', '[Fine.]']);
    expect(runs.map((r) => (r.kind === 'sentence' ? r.label : null))).toEqual(['joy', null, 'sadness', null, 'neutral']);
    expect(runs.map((r) => r.text).join('')).toBe(body);
  });

  it('renders text outside any sentence as plain, and no sentences as one plain run', () => {
    expect(sentenceRuns(body, [sentence(10, 20, 'sadness')]).map((r) => r.kind)).toEqual(['plain', 'sentence', 'plain']);
    expect(sentenceRuns(body, [])).toEqual([{ kind: 'plain', start: 0, end: body.length, text: body }]);
    expect(sentenceRuns('', [sentence(0, 3, 'joy')])).toEqual([]);
  });

  it('sorts ranges and cuts overlaps', () => {
    const runs = sentenceRuns(body, [sentence(10, 20, 'sadness'), sentence(0, 12, 'joy'), sentence(11, 15, 'fear')]);
    expect(bracketed(runs)).toEqual(['[Good day. Ba]', '[d night!]', ' Fine.']);
    const second = runs[1];
    expect(second.kind === 'sentence' && second.sentence).toBe(0);
  });

  it('clamps out-of-range ranges and drops empty, reversed and non-numeric ones', () => {
    const runs = sentenceRuns('abc', [
      { start: -5, end: 1, probs: [], dominant: 17 },
      { start: 2, end: 99, probs: [], dominant: 25 },
      { start: 2, end: 2, probs: [], dominant: 0 },
      { start: 3, end: 1, probs: [], dominant: 0 },
      { start: Number.NaN, end: 2, probs: [], dominant: 0 },
      { start: 50, end: 60, probs: [], dominant: 0 },
    ]);
    expect(bracketed(runs)).toEqual(['[a]', 'b', '[c]']);
  });

  it('uses UTF-16 offsets and never splits a surrogate pair', () => {
    const text = '좋았다 😊 그런데 피곤했다.';
    const emoji = text.indexOf('😊');
    // A sentence "좋았다 😊" (the emoji is two code units).
    const runs = sentenceRuns(text, [sentence(0, emoji + 2, 'joy'), sentence(emoji + 3, text.length, 'sadness')]);
    expect(runs.map((r) => r.text)).toEqual(['좋았다 😊', ' ', '그런데 피곤했다.']);
    // A range ending in the middle of the emoji is widened to the whole character.
    const cut = sentenceRuns(text, [sentence(0, emoji + 1, 'joy')]);
    expect(cut[0].text).toBe('좋았다 😊');
    const cutStart = sentenceRuns(text, [sentence(emoji + 1, text.length, 'joy')]);
    expect(cutStart.map((r) => r.text)).toEqual(['좋았다 ', '😊 그런데 피곤했다.']);
  });

  it('floors fractional offsets', () => {
    expect(sentenceRuns('abcd', [sentence(1.7, 3.2, 'joy')]).map((r) => r.text)).toEqual(['a', 'bc', 'd']);
  });
});

describe('panelView', () => {
  const ready: AnalyserStatus = { state: 'ready', model_id: 'm', labels: [...GO_EMOTIONS] };
  const base: PanelInput = { status: ready, docId: 1, editorBody: 'text', loaded: true, analysis: null, analysedBody: null };

  it('shows nothing for a new page, an empty one, or before get_analysis answered', () => {
    expect(panelView({ ...base, docId: null }).show).toBe(false);
    expect(panelView({ ...base, editorBody: '  \n' }).show).toBe(false);
    expect(panelView({ ...base, loaded: false }).show).toBe(false);
  });

  it('says analysis is unavailable even on a new page', () => {
    const status = { state: 'unavailable', message: 'no model' } as const;
    expect(panelView({ ...base, status, docId: null, editorBody: '' })).toMatchObject({
      show: true,
      unavailable: 'no model',
      placeholder: null,
      analysis: null,
    });
    expect(panelView({ ...base, status, loaded: false })).toMatchObject({ show: true, unavailable: 'no model' });
  });

  it('says the entry is being read while there is no analysis yet', () => {
    expect(panelView(base)).toMatchObject({ show: true, placeholder: 'pending', unavailable: null });
    expect(panelView({ ...base, status: null }).placeholder).toBe('pending');
  });

  it('says the model is loading', () => {
    expect(panelView({ ...base, status: { state: 'loading' } })).toMatchObject({ show: true, placeholder: 'loading' });
  });

  it('gives the unavailable message without a placeholder', () => {
    const v = panelView({ ...base, status: { state: 'unavailable', message: 'no model' } });
    expect(v).toMatchObject({ show: true, placeholder: null, unavailable: 'no model' });
  });

  it('shows a current result when the analysis belongs to exactly the editor text', () => {
    const a = analysis();
    expect(panelView({ ...base, analysis: a, analysedBody: 'text' })).toMatchObject({ current: true, updating: false, analysis: a });
  });

  it('shows the last result as updating when stale, edited, or of an unknown text', () => {
    expect(panelView({ ...base, analysis: analysis({ stale: true }), analysedBody: 'text' })).toMatchObject({ current: false, updating: true });
    expect(panelView({ ...base, analysis: analysis(), analysedBody: 'tex' })).toMatchObject({ current: false, updating: true });
    expect(panelView({ ...base, analysis: analysis(), analysedBody: null })).toMatchObject({ current: false, updating: true });
  });

  it('does not promise an update when the analyser is unavailable', () => {
    const v = panelView({ ...base, status: { state: 'unavailable', message: 'gone' }, analysis: analysis({ stale: true }), analysedBody: 'text' });
    expect(v).toMatchObject({ current: false, updating: false, unavailable: 'gone' });
  });

  it('isCurrent', () => {
    expect(isCurrent(analysis(), 'a', 'a')).toBe(true);
    expect(isCurrent(analysis({ stale: true }), 'a', 'a')).toBe(false);
    expect(isCurrent(null, 'a', 'a')).toBe(false);
    expect(isCurrent(analysis(), 'a', 'b')).toBe(false);
  });
});

describe('re-analysis progress', () => {
  it('is shown only while running', () => {
    expect(showProgress({ done: 1, total: 3, running: true, cancelled: false })).toBe(true);
    expect(showProgress({ done: 3, total: 3, running: false, cancelled: false })).toBe(false);
    expect(showProgress(null)).toBe(false);
  });
  it('fraction', () => {
    expect(progressFraction({ done: 12, total: 340, running: true, cancelled: false })).toBeCloseTo(12 / 340);
    expect(progressFraction({ done: 5, total: 0, running: true, cancelled: false })).toBe(0);
    expect(progressFraction({ done: 9, total: 3, running: true, cancelled: false })).toBe(1);
  });
});

describe('placeTooltip', () => {
  const anchor = { left: 100, top: 200, width: 80, height: 20 };
  it('centres above the anchor', () => {
    expect(placeTooltip(anchor, 400, 200, 90)).toEqual({ left: 40, top: 102, below: false });
  });
  it('goes below when there is no room above', () => {
    expect(placeTooltip({ ...anchor, top: 50 }, 400, 200, 90)).toEqual({ left: 40, top: 78, below: true });
    expect(placeTooltip(anchor, 400, 200, 90, 60).below).toBe(true);
  });
  it('stays inside the container', () => {
    expect(placeTooltip({ ...anchor, left: 0, width: 10 }, 400, 200, 90).left).toBe(0);
    expect(placeTooltip({ ...anchor, left: 390, width: 10 }, 400, 200, 90).left).toBe(200);
    expect(placeTooltip(anchor, 150, 200, 90).left).toBe(0);
  });
});
