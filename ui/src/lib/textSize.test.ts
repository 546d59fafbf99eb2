import { describe, expect, it } from 'vitest';
import { applyTextSize, cleanDisplay, isTextSize, stepTextSize, TEXT_SIZES, textScale, zoomed } from './textSize';

describe('text size', () => {
  it('has four steps, smallest first, normal at 1', () => {
    expect(TEXT_SIZES).toEqual(['small', 'normal', 'large', 'larger']);
    const scales = TEXT_SIZES.map(textScale);
    expect(scales).toEqual([...scales].sort((a, b) => a - b));
    expect(textScale('normal')).toBe(1);
    expect(textScale('huge')).toBe(1);
  });

  it('steps one size at a time and stays at the ends', () => {
    expect(stepTextSize('normal', 1)).toBe('large');
    expect(stepTextSize('large', 1)).toBe('larger');
    expect(stepTextSize('larger', 1)).toBe('larger');
    expect(stepTextSize('normal', -1)).toBe('small');
    expect(stepTextSize('small', -1)).toBe('small');
    // Something unknown counts as normal.
    expect(stepTextSize('gigantic', 1)).toBe('large');
  });

  it('maps the zoom shortcuts to sizes', () => {
    expect(zoomed('normal', 'zoom-in')).toBe('large');
    expect(zoomed('small', 'zoom-out')).toBe('small');
    expect(zoomed('larger', 'zoom-reset')).toBe('normal');
  });

  it('cleans what the back end or storage answered', () => {
    expect(isTextSize('large')).toBe(true);
    expect(isTextSize('Large')).toBe(false);
    expect(cleanDisplay({ text_size: 'larger', week_start: 'monday' })).toEqual({ text_size: 'larger', week_start: 'monday' });
    expect(cleanDisplay({ text_size: 'x', week_start: 'friday' })).toEqual({ text_size: 'normal', week_start: null });
    expect(cleanDisplay(null)).toEqual({ text_size: 'normal', week_start: null });
  });

  it('zooms the web view by the size’s factor, even when asked for an unknown size', async () => {
    const zooms: number[] = [];
    await applyTextSize('larger', async (s) => void zooms.push(s));
    await applyTextSize('what', async (s) => void zooms.push(s));
    expect(zooms).toEqual([1.3, 1]);
    // A refused zoom (a plain browser) is not an error.
    await expect(
      applyTextSize('large', async () => {
        throw new Error('no webview');
      }),
    ).resolves.toBeUndefined();
  });
});
