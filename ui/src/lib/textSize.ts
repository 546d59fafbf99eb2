/**
 * The text-size setting: four steps that scale the whole UI (text, controls and spacing
 * together, as a browser's zoom does), so nothing is clipped at the larger ones. The scale is
 * applied to the web view (Tauri's `setZoom`); in a plain browser (the dev server) CSS `zoom`
 * on the root stands in. The steps and their factors match `haru_core::settings::TextSize`.
 */
import type { DisplaySettings } from '../bindings/DisplaySettings';

export const TEXT_SIZES = ['small', 'normal', 'large', 'larger'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

export const DEFAULT_TEXT_SIZE: TextSize = 'normal';

const SCALES: Record<TextSize, number> = { small: 0.9, normal: 1, large: 1.15, larger: 1.3 };

export function isTextSize(v: unknown): v is TextSize {
  return typeof v === 'string' && (TEXT_SIZES as readonly string[]).includes(v);
}

/** The zoom factor of a size (1 for anything unknown). */
export function textScale(size: string): number {
  return isTextSize(size) ? SCALES[size] : 1;
}

/**
 * One step larger (+1) or smaller (−1), staying at the ends (zooming past "larger" keeps
 * "larger"); an unknown size counts as normal.
 */
export function stepTextSize(size: string, direction: 1 | -1): TextSize {
  const i = TEXT_SIZES.indexOf(isTextSize(size) ? size : DEFAULT_TEXT_SIZE);
  return TEXT_SIZES[Math.min(TEXT_SIZES.length - 1, Math.max(0, i + direction))];
}

/** The size after a zoom shortcut. */
export function zoomed(size: string, action: 'zoom-in' | 'zoom-out' | 'zoom-reset'): TextSize {
  if (action === 'zoom-reset') return DEFAULT_TEXT_SIZE;
  return stepTextSize(size, action === 'zoom-in' ? 1 : -1);
}

export const DEFAULT_DISPLAY: DisplaySettings = { text_size: DEFAULT_TEXT_SIZE, week_start: null };

/** A display setting from the back end or storage, with anything unknown put back to its default. */
export function cleanDisplay(d: Partial<DisplaySettings> | null | undefined): DisplaySettings {
  return {
    text_size: isTextSize(d?.text_size) ? d.text_size : DEFAULT_TEXT_SIZE,
    week_start: d?.week_start === 'monday' || d?.week_start === 'sunday' ? d.week_start : null,
  };
}

/**
 * Scales the UI through `zoomWebview` (the web view's zoom, see api.ts); where that is refused
 * (a plain browser), CSS `zoom` on <html>. `data-text-size` on <html> says which size is on.
 */
export async function applyTextSize(size: string, zoomWebview: (scale: number) => Promise<void>): Promise<void> {
  const clean = isTextSize(size) ? size : DEFAULT_TEXT_SIZE;
  const scale = textScale(clean);
  const root = typeof document === 'undefined' ? null : document.documentElement;
  if (root) root.dataset.textSize = clean;
  let cssZoom = false;
  try {
    await zoomWebview(scale);
  } catch {
    cssZoom = true;
  }
  if (!root) return;
  if (cssZoom && scale !== 1) root.style.setProperty('zoom', String(scale));
  else root.style.removeProperty('zoom');
}
