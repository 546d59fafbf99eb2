import { describe, expect, it } from 'vitest';
import { isMacPlatform, matchShortcut, shortcutLabel, type KeyLike } from './shortcuts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('matchShortcut', () => {
  it('uses Ctrl on Linux/Windows', () => {
    expect(matchShortcut(key('n', { ctrlKey: true }), false)).toBe('new-entry');
    expect(matchShortcut(key('f', { ctrlKey: true }), false)).toBe('focus-search');
    expect(matchShortcut(key('k', { ctrlKey: true }), false)).toBe('focus-search');
    expect(matchShortcut(key('z', { ctrlKey: true }), false)).toBe('undo');
    expect(matchShortcut(key('h', { ctrlKey: true }), false)).toBe('toggle-history');
    expect(matchShortcut(key('ㅗ', { code: 'KeyH', metaKey: true }), true)).toBe('toggle-history');
    expect(matchShortcut(key('l', { ctrlKey: true }), false)).toBe('lock');
    expect(matchShortcut(key('ㅣ', { code: 'KeyL', metaKey: true }), true)).toBe('lock');
    expect(matchShortcut(key('l', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(matchShortcut(key('n', { metaKey: true }), false)).toBeNull();
  });
  it('uses Cmd on macOS', () => {
    expect(matchShortcut(key('n', { metaKey: true }), true)).toBe('new-entry');
    expect(matchShortcut(key('n', { ctrlKey: true }), true)).toBeNull();
  });
  it('does not take Mod+Shift+Z (redo) or other combinations', () => {
    expect(matchShortcut(key('Z', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(matchShortcut(key('n'), false)).toBeNull();
    expect(matchShortcut(key('x', { ctrlKey: true }), false)).toBeNull();
  });
  it('works with a Korean keyboard layout through the physical key', () => {
    expect(matchShortcut(key('ㅜ', { code: 'KeyN', ctrlKey: true }), false)).toBe('new-entry');
  });
  it('ignores keys while an IME is composing', () => {
    expect(matchShortcut(key('Escape', { isComposing: true }), false)).toBeNull();
    expect(matchShortcut(key('Process', { ctrlKey: true, keyCode: 229 }), false)).toBeNull();
  });
  it('maps Alt+arrows to days and Escape', () => {
    expect(matchShortcut(key('ArrowLeft', { altKey: true }), false)).toBe('prev-day');
    expect(matchShortcut(key('ArrowRight', { altKey: true }), true)).toBe('next-day');
    expect(matchShortcut(key('ArrowRight'), false)).toBeNull();
    expect(matchShortcut(key('Escape'), false)).toBe('escape');
  });
});

describe('zoom shortcuts', () => {
  it('maps Mod with = / +, - and 0, with or without Shift', () => {
    expect(matchShortcut(key('=', { ctrlKey: true }), false)).toBe('zoom-in');
    expect(matchShortcut(key('+', { ctrlKey: true, shiftKey: true }), false)).toBe('zoom-in');
    expect(matchShortcut(key('-', { ctrlKey: true }), false)).toBe('zoom-out');
    expect(matchShortcut(key('_', { ctrlKey: true, shiftKey: true }), false)).toBe('zoom-out');
    expect(matchShortcut(key('0', { ctrlKey: true }), false)).toBe('zoom-reset');
    expect(matchShortcut(key('=', { metaKey: true }), true)).toBe('zoom-in');
  });
  it('works from the keypad and by the physical key', () => {
    expect(matchShortcut(key('+', { code: 'NumpadAdd', ctrlKey: true }), false)).toBe('zoom-in');
    expect(matchShortcut(key('-', { code: 'NumpadSubtract', ctrlKey: true }), false)).toBe('zoom-out');
    expect(matchShortcut(key('Insert', { code: 'Numpad0', ctrlKey: true }), false)).toBe('zoom-reset');
    expect(matchShortcut(key('Unidentified', { code: 'Equal', ctrlKey: true }), false)).toBe('zoom-in');
  });
  it('needs the platform modifier and no Alt, and waits for the IME', () => {
    expect(matchShortcut(key('='), false)).toBeNull();
    expect(matchShortcut(key('=', { metaKey: true }), false)).toBeNull();
    expect(matchShortcut(key('=', { ctrlKey: true }), true)).toBeNull();
    expect(matchShortcut(key('-', { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(matchShortcut(key('0', { ctrlKey: true, isComposing: true }), false)).toBeNull();
    // Mod+Shift+Z stays free for redo.
    expect(matchShortcut(key('Z', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
  });
  it('is labelled in the help', () => {
    expect(shortcutLabel('zoom-in', false)).toBe('Ctrl+=');
    expect(shortcutLabel('zoom-out', true)).toBe('⌘-');
    expect(shortcutLabel('zoom-reset', true)).toBe('⌘0');
  });
});

describe('labels', () => {
  it('shows platform keys', () => {
    expect(shortcutLabel('new-entry', false)).toBe('Ctrl+N');
    expect(shortcutLabel('new-entry', true)).toBe('⌘N');
    expect(shortcutLabel('prev-day', false)).toBe('Alt+←');
  });
  it('detects macOS', () => {
    expect(isMacPlatform('MacIntel')).toBe(true);
    expect(isMacPlatform('macOS')).toBe(true);
    expect(isMacPlatform('Linux x86_64')).toBe(false);
    expect(isMacPlatform('Win32')).toBe(false);
  });
});
