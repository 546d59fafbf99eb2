/**
 * DEV ONLY: plausible emotion analyses for the fake back end (fakeBackend.ts), so the emotion
 * panel can be looked at in a plain browser. A keyword lexicon, not a model: each sentence gets
 * the emotions of the words it contains (or mostly neutral), with a little deterministic noise.
 */
import type { EntryAnalysis } from '../bindings/EntryAnalysis';
import type { SentenceEmotion } from '../bindings/SentenceEmotion';
import { GO_EMOTIONS } from '../lib/emotions';

export const FAKE_MODEL_ID = 'fake-goemotions-lexicon-v1';

const LEXICON: Array<[RegExp, Array<[string, number]>]> = [
  [/happy|glad|joy|wonderful|기뻤|기쁘|행복|좋았|잘했/i, [['joy', 0.72], ['approval', 0.12]]],
  [/thank|grateful|고마|고맙|감사/i, [['gratitude', 0.86]]],
  [/\blove|사랑/i, [['love', 0.78], ['joy', 0.2]]],
  [/proud|뿌듯|자랑/i, [['pride', 0.62], ['joy', 0.3]]],
  [/relie|finally|다행|드디어|마침내/i, [['relief', 0.58], ['joy', 0.18]]],
  [/hope|tomorrow|will post|기대|내일|약속/i, [['optimism', 0.55], ['excitement', 0.15]]],
  [/excit|can't wait|설레|신났/i, [['excitement', 0.66], ['joy', 0.25]]],
  [/laugh|funny|웃었|웃으며|재밌/i, [['amusement', 0.64], ['joy', 0.3]]],
  [/beautiful|amazing|light on the water|맑았|예쁘|멋지/i, [['admiration', 0.56], ['joy', 0.15]]],
  [/sad|miss|lonely|슬펐|그리워|그립|외로/i, [['sadness', 0.64], ['grief', 0.08]]],
  [/disappoint|아쉬|실망/i, [['disappointment', 0.6], ['sadness', 0.2]]],
  [/sorry|regret|미안|후회/i, [['remorse', 0.62], ['sadness', 0.22]]],
  [/nervous|worried|anxious|긴장|걱정|불안/i, [['nervousness', 0.66], ['fear', 0.14]]],
  [/afraid|scared|무서|두려/i, [['fear', 0.7], ['nervousness', 0.2]]],
  [/angry|furious|화가|화났/i, [['anger', 0.7], ['annoyance', 0.3]]],
  [/annoy|tired|could not sleep|짜증|피곤/i, [['annoyance', 0.42], ['disappointment', 0.18]]],
  [/surpris|suddenly|놀랐|갑자기/i, [['surprise', 0.66], ['excitement', 0.12]]],
  [/realis|realiz|I should|깨달|알게 됐/i, [['realization', 0.58]]],
  [/wonder|curious|궁금/i, [['curiosity', 0.6]]],
  [/confus|헷갈|모르겠/i, [['confusion', 0.6]]],
  [/gift|care|챙겨|배려/i, [['caring', 0.5], ['gratitude', 0.2]]],
  [/want|wish|싶다|싶었/i, [['desire', 0.5]]],
];

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Sentences as `[start, end)` UTF-16 ranges: up to . ! ? … (and what closes them) or a line break. */
export function fakeSentences(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = /[^\s][^\n.!?…]*(?:[.!?…]+["'”’)\]]*|(?=\n)|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

function scoreSentence(text: string): number[] {
  const seed = hash(text);
  const probs = GO_EMOTIONS.map((_, i) => 0.004 + ((seed >>> i % 24) % 17) / 1000);
  let hits = 0;
  for (const [re, emotions] of LEXICON) {
    if (!re.test(text)) continue;
    hits++;
    for (const [label, p] of emotions) {
      const i = GO_EMOTIONS.indexOf(label as (typeof GO_EMOTIONS)[number]);
      probs[i] = Math.min(0.97, Math.max(probs[i], p) + (hits > 1 ? 0.05 : 0));
    }
  }
  const neutral = GO_EMOTIONS.indexOf('neutral');
  probs[neutral] = hits === 0 ? 0.62 + (seed % 20) / 100 : 0.06 + (seed % 8) / 100;
  return probs.map((p) => Math.round(p * 1000) / 1000);
}

function argmax(xs: number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}

/** An analysis of `body` the way the real analyser shapes it. */
export function fakeAnalysis(entryId: number, body: string): EntryAnalysis {
  const sentences: SentenceEmotion[] = fakeSentences(body).map(([start, end]) => {
    const probs = scoreSentence(body.slice(start, end));
    return { start, end, probs, dominant: argmax(probs) };
  });
  // The entry: mostly the mean of its sentences, lifted towards the strongest one.
  const probs = GO_EMOTIONS.map((_, i) => {
    if (sentences.length === 0) return 0;
    const values = sentences.map((s) => s.probs[i]);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return Math.round((0.65 * mean + 0.35 * Math.max(...values)) * 1000) / 1000;
  });
  let labels = GO_EMOTIONS.filter((_, i) => probs[i] >= 0.3) as string[];
  if (labels.length === 0) labels = [GO_EMOTIONS[argmax(probs)]];
  return { entry_id: entryId, model_id: FAKE_MODEL_ID, stale: false, probs, labels, sentences };
}
