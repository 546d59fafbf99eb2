/**
 * The writer's own word on how a day felt (check-in), as the panel under an entry's reading
 * handles it: the quick feelings and the 28 grouped by colour, picking and unpicking in label
 * order, and the pleasantness × energy point of the Mood Meter pad (pointer and keyboard).
 * Plain functions, no Svelte (unit-tested in checkin.test.ts). The rules themselves (which
 * labels, the -1 … 1 range) are checked again by the back end (`haru_core::CheckIn::new`).
 */
import { EMOTION_GROUPS, GO_EMOTIONS, isGoEmotion, membersOf, type EmotionGroup, type GoEmotion } from './emotions';

/** Offered first, before "more feelings": the most common feelings of a day, one or two per group. */
export const QUICK_FEELINGS: readonly GoEmotion[] = ['joy', 'gratitude', 'relief', 'sadness', 'nervousness', 'annoyance', 'neutral'];

/** The 28 labels by colour group, in legend order (each group's members in label order). */
export function feelingGroups(): Array<{ group: EmotionGroup; labels: GoEmotion[] }> {
  return EMOTION_GROUPS.map((group) => ({ group, labels: membersOf(group) }));
}

/** Known labels only, each once, in label order (the order the back end stores). */
export function normalizeLabels(labels: Iterable<string>): GoEmotion[] {
  const set = new Set<string>();
  for (const l of labels) if (isGoEmotion(l)) set.add(l);
  return GO_EMOTIONS.filter((l) => set.has(l));
}

/** `labels` with `label` added, or removed when it was there. */
export function toggleLabel(labels: readonly string[], label: string): GoEmotion[] {
  return labels.includes(label) ? normalizeLabels(labels.filter((l) => l !== label)) : normalizeLabels([...labels, label]);
}

/** Whether two label lists name the same feelings. */
export function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  const x = normalizeLabels(a);
  const y = normalizeLabels(b);
  return x.length === y.length && x.every((l, i) => l === y[i]);
}

// ─── the pleasantness × energy pad ──────────────────────────────────────────

/** A point on the pad: pleasantness (x) and energy (y), each -1 … 1. */
export type MoodPoint = { pleasant: number; energy: number };

/** One arrow key moves the point this far (Shift: five times as far). */
export const PAD_STEP = 0.1;

function clampUnit(v: number): number {
  if (!Number.isFinite(v)) return 0;
  return Math.min(1, Math.max(-1, v));
}

/** Rounded to hundredths and kept in -1 … 1 (what is stored). */
export function cleanPoint(p: MoodPoint): MoodPoint {
  const r = (v: number) => Math.round(clampUnit(v) * 100) / 100 || 0;
  return { pleasant: r(p.pleasant), energy: r(p.energy) };
}

/** The point under the pointer at (`x`, `y`) within a pad `width` × `height` (energy grows upwards). */
export function pointAt(x: number, y: number, width: number, height: number): MoodPoint {
  if (width <= 0 || height <= 0) return { pleasant: 0, energy: 0 };
  return cleanPoint({ pleasant: (x / width) * 2 - 1, energy: 1 - (y / height) * 2 });
}

/** Where a point sits on the pad, as percentages from the left and from the top. */
export function padPosition(p: MoodPoint): { left: number; top: number } {
  const c = cleanPoint(p);
  return { left: ((c.pleasant + 1) / 2) * 100, top: ((1 - c.energy) / 2) * 100 };
}

/**
 * The point after a key press on the pad, or null when the key does nothing there. Arrows move
 * by a step (Shift: five), Home goes to the middle; an unset point starts from the middle.
 */
export function padKey(p: MoodPoint | null, key: string, shift = false): MoodPoint | null {
  const from = p ?? { pleasant: 0, energy: 0 };
  const step = shift ? PAD_STEP * 5 : PAD_STEP;
  switch (key) {
    case 'ArrowLeft':
      return cleanPoint({ ...from, pleasant: from.pleasant - step });
    case 'ArrowRight':
      return cleanPoint({ ...from, pleasant: from.pleasant + step });
    case 'ArrowUp':
      return cleanPoint({ ...from, energy: from.energy + step });
    case 'ArrowDown':
      return cleanPoint({ ...from, energy: from.energy - step });
    case 'Home':
      return { pleasant: 0, energy: 0 };
    default:
      return null;
  }
}

/** The Mood Meter's four quadrants: high/low energy × pleasant/unpleasant. */
export type Quadrant = 'high-pleasant' | 'low-pleasant' | 'high-unpleasant' | 'low-unpleasant';

export function quadrantOf(p: MoodPoint): Quadrant {
  const c = cleanPoint(p);
  const energy = c.energy >= 0 ? 'high' : 'low';
  return `${energy}-${c.pleasant >= 0 ? 'pleasant' : 'unpleasant'}`;
}

/** A value of the pad as a signed number for screen readers and labels ("+0.6", "-0.2", "0"). */
export function signed(v: number): string {
  const r = Math.round(clampUnit(v) * 10) / 10 || 0;
  return r > 0 ? `+${r.toFixed(1)}` : r < 0 ? `−${Math.abs(r).toFixed(1)}` : '0';
}
