/**
 * Emotion analysis as the UI shows it: the 28 GoEmotions labels, their colour groups, top-k
 * selection, percentages, sentence runs for the highlighted text, payload validation and the
 * state of the emotion panel. Plain functions, no Svelte (unit-tested in emotions.test.ts).
 */
import type { AnalyserStatus } from '../bindings/AnalyserStatus';
import type { EntryAnalysis } from '../bindings/EntryAnalysis';
import type { ReanalysisProgress } from '../bindings/ReanalysisProgress';
import type { SentenceEmotion } from '../bindings/SentenceEmotion';
import { NEUTRAL_YIELD } from '../bindings/dominant';
import { clampRange } from './textRange';

/** GoEmotions' 27 emotions plus neutral, in the model's output order (used when the analyser has not said). */
export const GO_EMOTIONS = [
  'admiration',
  'amusement',
  'anger',
  'annoyance',
  'approval',
  'caring',
  'confusion',
  'curiosity',
  'desire',
  'disappointment',
  'disapproval',
  'disgust',
  'embarrassment',
  'excitement',
  'fear',
  'gratitude',
  'grief',
  'joy',
  'love',
  'nervousness',
  'optimism',
  'pride',
  'realization',
  'relief',
  'remorse',
  'sadness',
  'surprise',
  'neutral',
] as const;

export type GoEmotion = (typeof GO_EMOTIONS)[number];

export function isGoEmotion(label: string): label is GoEmotion {
  return (GO_EMOTIONS as readonly string[]).includes(label);
}

/** The panel shows at most this many emotions, those at least MIN_SHOWN likely (always one). */
export const TOP_K = 5;
export const MIN_SHOWN = 0.05;
/** The sentence tooltip shows this many. */
export const TOOLTIP_K = 3;

// ─── colour groups ──────────────────────────────────────────────────────────

/**
 * One colour per group, from the Okabe–Ito palette (distinguishable with the common kinds of
 * colour blindness): warm orange for the positive emotions, blue for sadness, vermilion for
 * anger and dislike, reddish purple for fear and unease, yellow for surprise and curiosity,
 * grey for neutral. The colours themselves are CSS variables (`--emo-<group>`, app.css), tuned
 * for the light and the dark theme.
 */
export const EMOTION_GROUPS = ['warm', 'sad', 'anger', 'fear', 'surprise', 'neutral'] as const;
export type EmotionGroup = (typeof EMOTION_GROUPS)[number];

const GROUP_OF: Record<GoEmotion, EmotionGroup> = {
  admiration: 'warm',
  amusement: 'warm',
  approval: 'warm',
  caring: 'warm',
  desire: 'warm',
  excitement: 'warm',
  gratitude: 'warm',
  joy: 'warm',
  love: 'warm',
  optimism: 'warm',
  pride: 'warm',
  relief: 'warm',
  disappointment: 'sad',
  grief: 'sad',
  remorse: 'sad',
  sadness: 'sad',
  anger: 'anger',
  annoyance: 'anger',
  disapproval: 'anger',
  disgust: 'anger',
  fear: 'fear',
  nervousness: 'fear',
  embarrassment: 'fear',
  surprise: 'surprise',
  realization: 'surprise',
  curiosity: 'surprise',
  confusion: 'surprise',
  neutral: 'neutral',
};

/** The colour group of a label (an unknown label is neutral). */
export function groupOf(label: string): EmotionGroup {
  return isGoEmotion(label) ? GROUP_OF[label] : 'neutral';
}

/** The labels of a group, in GoEmotions order. */
export function membersOf(group: EmotionGroup): GoEmotion[] {
  return GO_EMOTIONS.filter((l) => GROUP_OF[l] === group);
}

/** The CSS colour of a label's group. */
export function colorVar(label: string): string {
  return `var(--emo-${groupOf(label)})`;
}

/** The soft CSS tint of a label's group (behind highlighted text). */
export function tintVar(label: string): string {
  return `var(--emo-${groupOf(label)}-tint)`;
}

/** The groups that occur among `labels`, in legend order. */
export function groupsIn(labels: Iterable<string>): EmotionGroup[] {
  const seen = new Set<EmotionGroup>();
  for (const l of labels) seen.add(groupOf(l));
  return EMOTION_GROUPS.filter((g) => seen.has(g));
}

// ─── numbers ────────────────────────────────────────────────────────────────

/** A probability as a whole percentage, 0 to 100 (`Math.round(p * 100)`; nonsense is 0). */
export function percent(p: number): number {
  if (typeof p !== 'number' || !Number.isFinite(p)) return 0;
  return Math.min(100, Math.max(0, Math.round(p * 100)));
}

export function formatPercent(p: number): string {
  return `${percent(p)}%`;
}

export type Scored = { label: string; index: number; p: number };

/**
 * The most likely emotions, most likely first: at most `k`, each at least `min` likely, but
 * always the most likely one (when there are any). Ties keep label order; non-finite values
 * count as 0; probabilities past the end of `labels` are ignored.
 */
export function topEmotions(
  probs: ReadonlyArray<number>,
  labels: ReadonlyArray<string>,
  k: number = TOP_K,
  min: number = MIN_SHOWN,
): Scored[] {
  const n = Math.min(probs?.length ?? 0, labels?.length ?? 0);
  const all: Scored[] = [];
  for (let i = 0; i < n; i++) {
    const p = Number(probs[i]);
    all.push({ label: labels[i], index: i, p: Number.isFinite(p) ? p : 0 });
  }
  all.sort((a, b) => b.p - a.p || a.index - b.index);
  if (all.length === 0 || k < 1) return [];
  const chosen = all.filter((s) => s.p >= min).slice(0, k);
  return chosen.length > 0 ? chosen : [all[0]];
}

// ─── labels and payloads ────────────────────────────────────────────────────

/** The labels to read probabilities with: the analyser's when it is ready, else GoEmotions'. */
export function labelsFromStatus(status: AnalyserStatus | null | undefined): readonly string[] {
  if (
    status?.state === 'ready' &&
    Array.isArray(status.labels) &&
    status.labels.length === GO_EMOTIONS.length &&
    status.labels.every((l) => typeof l === 'string' && l.length > 0)
  ) {
    return status.labels;
  }
  return GO_EMOTIONS;
}

function toProbs(v: unknown): number[] | null {
  if (!Array.isArray(v)) return null;
  return v.map((x) => {
    const p = Number(x);
    return Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0;
  });
}

/**
 * Checks an analysis from the back end: the right shape (or null), probabilities made finite
 * and within [0, 1], sentences without a usable shape dropped. Offsets are checked later,
 * against the text (see sentenceRuns).
 */
export function normalizeAnalysis(raw: unknown): EntryAnalysis | null {
  if (!raw || typeof raw !== 'object') return null;
  const a = raw as Record<string, unknown>;
  const probs = toProbs(a.probs);
  if (typeof a.entry_id !== 'number' || !probs || probs.length === 0) return null;
  const sentences: SentenceEmotion[] = [];
  if (Array.isArray(a.sentences)) {
    for (const s of a.sentences as unknown[]) {
      if (!s || typeof s !== 'object') continue;
      const r = s as Record<string, unknown>;
      const sp = toProbs(r.probs);
      if (typeof r.start !== 'number' || typeof r.end !== 'number' || !sp) continue;
      sentences.push({ start: r.start, end: r.end, probs: sp, dominant: typeof r.dominant === 'number' ? r.dominant : -1 });
    }
  }
  return {
    entry_id: a.entry_id,
    model_id: typeof a.model_id === 'string' ? a.model_id : '',
    stale: a.stale === true,
    probs,
    labels: Array.isArray(a.labels) ? (a.labels as unknown[]).filter((l): l is string => typeof l === 'string') : [],
    // The labels adjusted to how the writer names feelings, when the back end learned them.
    ...(Array.isArray(a.adjusted) ? { adjusted: (a.adjusted as unknown[]).filter((l): l is string => typeof l === 'string') } : {}),
    sentences,
  };
}

export { NEUTRAL_YIELD };

function unit(p: unknown): number {
  const n = Number(p);
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
}

/**
 * The dominant emotion of a reading (a day in the calendar, the year in pixels, a sentence
 * without its index), as haru_core::emotion::dominant defines it: the most likely label (the
 * first on ties), except neutral, which gives way to the most likely other label when that one
 * is at least NEUTRAL_YIELD. Null without probabilities.
 */
export function dominantOf(probs: ReadonlyArray<number>, labels: ReadonlyArray<string>): string | null {
  const n = Math.min(probs.length, labels.length);
  let best = -1;
  let bestOther = -1;
  for (let i = 0; i < n; i++) {
    const p = unit(probs[i]);
    if (best < 0 || p > unit(probs[best])) best = i;
    if (labels[i] !== 'neutral' && (bestOther < 0 || p > unit(probs[bestOther]))) bestOther = i;
  }
  if (best < 0) return null;
  if (labels[best] === 'neutral' && bestOther >= 0 && unit(probs[bestOther]) >= NEUTRAL_YIELD) return labels[bestOther];
  return labels[best];
}

/** The dominant label of a sentence: its `dominant` index from the back end when valid, else dominantOf. */
export function dominantLabel(sentence: Pick<SentenceEmotion, 'probs' | 'dominant'>, labels: ReadonlyArray<string>): string {
  const d = sentence.dominant;
  if (Number.isInteger(d) && d >= 0 && d < labels.length) return labels[d];
  return dominantOf(sentence.probs ?? [], labels) ?? 'neutral';
}

/** The predicted labels, most likely first (unknown ones last, as given). */
export function predictedLabels(analysis: Pick<EntryAnalysis, 'labels' | 'probs'>, labels: ReadonlyArray<string>): string[] {
  const p = (l: string) => {
    const i = labels.indexOf(l);
    return i >= 0 ? (analysis.probs[i] ?? 0) : -1;
  };
  return [...new Set(analysis.labels)].sort((a, b) => p(b) - p(a));
}

// ─── sentence runs ──────────────────────────────────────────────────────────

export type Run =
  | { kind: 'plain'; start: number; end: number; text: string }
  | { kind: 'sentence'; start: number; end: number; text: string; sentence: number; label: string };

/**
 * Splits `body` into plain text and sentences from the analysis' `[start, end)` ranges (UTF-16
 * code units, i.e. JavaScript string indices). The ranges are untrusted: they are clamped to the
 * text, widened so that they never cut a surrogate pair, taken in order of start, cut where they
 * overlap an earlier one, and dropped when empty. Text outside every sentence is plain. The runs
 * cover `body` exactly, in order.
 */
export function sentenceRuns(
  body: string,
  sentences: ReadonlyArray<Pick<SentenceEmotion, 'start' | 'end' | 'probs' | 'dominant'>>,
  labels: ReadonlyArray<string> = GO_EMOTIONS,
): Run[] {
  const len = body.length;
  const ranges: Array<{ start: number; end: number; i: number }> = [];
  (sentences ?? []).forEach((s, i) => {
    if (!s) return;
    const range = clampRange(body, s.start, s.end);
    if (range) ranges.push({ start: range[0], end: range[1], i });
  });
  ranges.sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);

  const runs: Run[] = [];
  let pos = 0;
  for (const r of ranges) {
    const start = Math.max(r.start, pos);
    if (r.end <= start) continue; // inside an earlier sentence
    if (start > pos) runs.push({ kind: 'plain', start: pos, end: start, text: body.slice(pos, start) });
    runs.push({
      kind: 'sentence',
      start,
      end: r.end,
      text: body.slice(start, r.end),
      sentence: r.i,
      label: dominantLabel(sentences[r.i], labels),
    });
    pos = r.end;
  }
  if (pos < len) runs.push({ kind: 'plain', start: pos, end: len, text: body.slice(pos) });
  return runs;
}

// ─── the panel ──────────────────────────────────────────────────────────────

export interface PanelInput {
  status: AnalyserStatus | null;
  /** The open entry (null: a new page nothing is stored of). */
  docId: number | null;
  /** What the editor shows now. */
  editorBody: string;
  /** Whether get_analysis has answered for `docId`. */
  loaded: boolean;
  analysis: EntryAnalysis | null;
  /** The stored text the analysis was read from (null: not known for sure). */
  analysedBody: string | null;
}

export interface PanelView {
  /** Whether the panel is on screen at all (for a new page: only to say analysis is unavailable). */
  show: boolean;
  /** A placeholder instead of a result: the model is loading, or the entry waits for its turn. */
  placeholder: 'loading' | 'pending' | null;
  /** The analyser's message when it is unavailable. */
  unavailable: string | null;
  analysis: EntryAnalysis | null;
  /** The analysis belongs to exactly the text in the editor (sentence highlights may be shown). */
  current: boolean;
  /** A newer analysis is on its way (the result is shown dimmed). */
  updating: boolean;
}

const HIDDEN: PanelView = { show: false, placeholder: null, unavailable: null, analysis: null, current: false, updating: false };

/** Whether an analysis belongs to exactly the text the editor shows. */
export function isCurrent(analysis: EntryAnalysis | null, analysedBody: string | null, editorBody: string): boolean {
  return !!analysis && !analysis.stale && analysedBody !== null && analysedBody === editorBody;
}

/** What the emotion panel shows. */
export function panelView(input: PanelInput): PanelView {
  const { status, docId, editorBody, loaded, analysis, analysedBody } = input;
  const unavailable = status?.state === 'unavailable' ? status.message || '—' : null;
  // A new or empty page shows nothing, except the note that analysis is unavailable.
  if (docId === null || editorBody.trim() === '' || !loaded) {
    return unavailable === null ? HIDDEN : { ...HIDDEN, show: true, unavailable };
  }
  if (analysis) {
    const current = isCurrent(analysis, analysedBody, editorBody);
    return { show: true, placeholder: null, unavailable, analysis, current, updating: !current && unavailable === null };
  }
  const placeholder = unavailable !== null ? null : status?.state === 'loading' ? 'loading' : 'pending';
  return { ...HIDDEN, show: true, placeholder, unavailable };
}

// ─── re-analysis ────────────────────────────────────────────────────────────

/** Whether the re-analysis strip is shown. */
export function showProgress(p: ReanalysisProgress | null | undefined): boolean {
  return !!p && p.running === true;
}

/** done / total within [0, 1] (0 when the total is not known). */
export function progressFraction(p: ReanalysisProgress): number {
  if (!(p.total > 0) || !Number.isFinite(p.done)) return 0;
  return Math.min(1, Math.max(0, p.done / p.total));
}

// ─── tooltip placement ──────────────────────────────────────────────────────

export type Box = { left: number; top: number; width: number; height: number };

/**
 * Where a tooltip `tipWidth` × `tipHeight` goes for an anchor (in the coordinates of the
 * container, `containerWidth` wide): centred above it, or below when the visible room above the
 * anchor (`roomAbove`, by default its distance from the container's top) is too small, and kept
 * inside the container horizontally.
 */
export function placeTooltip(
  anchor: Box,
  containerWidth: number,
  tipWidth: number,
  tipHeight: number,
  roomAbove: number = anchor.top,
  gap = 8,
): { left: number; top: number; below: boolean } {
  const centre = anchor.left + anchor.width / 2;
  const maxLeft = Math.max(0, containerWidth - tipWidth);
  const left = Math.min(maxLeft, Math.max(0, centre - tipWidth / 2));
  const below = roomAbove < tipHeight + gap;
  const top = below ? anchor.top + anchor.height + gap : anchor.top - gap - tipHeight;
  return { left, top, below };
}
