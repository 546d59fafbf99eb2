import type { MessageKey } from './i18n';

export type Action =
  | 'new-entry'
  | 'focus-search'
  | 'prev-day'
  | 'next-day'
  | 'undo'
  | 'escape'
  | 'toggle-history'
  | 'zoom-in'
  | 'zoom-out'
  | 'zoom-reset'
  | 'lock';

/** The parts of a KeyboardEvent that matter here (so tests need no DOM). */
export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  isComposing?: boolean;
  keyCode?: number;
}

export function isMacPlatform(platform: string | undefined): boolean {
  return /mac|iphone|ipad|ipod/i.test(platform ?? '');
}

/** Best guess of the platform in a webview (userAgentData where there is one). */
export function detectMac(): boolean {
  if (typeof navigator === 'undefined') return false;
  const uaData = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData;
  return isMacPlatform(uaData?.platform || navigator.platform || navigator.userAgent);
}

function letter(e: KeyLike): string {
  // With a Korean (or any non-Latin) layout active, `key` is a jamo: fall back to the physical key.
  if (e.code && /^Key[A-Z]$/.test(e.code)) return e.code.slice(3).toLowerCase();
  return e.key.length === 1 ? e.key.toLowerCase() : '';
}

/**
 * Mod with `=` / `+`, `-` and `0`, as in browsers: with or without Shift (`+` is Shift+`=` on
 * many layouts), from the main row or the numeric keypad, and by the physical key when the
 * layout puts another character there.
 */
function zoomAction(e: KeyLike): Action | null {
  switch (e.key) {
    case '=':
    case '+':
      return 'zoom-in';
    case '-':
    case '_':
      return 'zoom-out';
    case '0':
    case ')':
      return 'zoom-reset';
  }
  switch (e.code) {
    case 'Equal':
    case 'NumpadAdd':
      return 'zoom-in';
    case 'Minus':
    case 'NumpadSubtract':
      return 'zoom-out';
    case 'Digit0':
    case 'Numpad0':
      return 'zoom-reset';
  }
  return null;
}

/**
 * Maps a key press to an app action. Mod is Cmd on macOS and Ctrl elsewhere.
 * Nothing matches while an IME is composing (Korean input!).
 */
export function matchShortcut(e: KeyLike, mac: boolean): Action | null {
  if (e.isComposing || e.keyCode === 229) return null;
  const mod = mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  if (mod && !e.altKey) {
    const zoom = zoomAction(e);
    if (zoom) return zoom;
  }
  if (mod && !e.altKey && !e.shiftKey) {
    switch (letter(e)) {
      case 'n':
        return 'new-entry';
      case 'f':
      case 'k':
        return 'focus-search';
      case 'z':
        return 'undo';
      case 'h':
        return 'toggle-history';
      case 'l':
        return 'lock';
    }
    return null;
  }
  if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
    if (e.key === 'ArrowLeft') return 'prev-day';
    if (e.key === 'ArrowRight') return 'next-day';
    return null;
  }
  if (e.key === 'Escape' && !e.ctrlKey && !e.metaKey && !e.altKey) return 'escape';
  return null;
}

/** The keys of a shortcut as shown to the user, e.g. ["Ctrl", "N"] or ["⌘", "N"]. */
export function shortcutKeys(action: Action, mac: boolean): string[] {
  const mod = mac ? '⌘' : 'Ctrl';
  const alt = mac ? '⌥' : 'Alt';
  switch (action) {
    case 'new-entry':
      return [mod, 'N'];
    case 'focus-search':
      return [mod, 'F'];
    case 'prev-day':
      return [alt, '←'];
    case 'next-day':
      return [alt, '→'];
    case 'undo':
      return [mod, 'Z'];
    case 'escape':
      return ['Esc'];
    case 'toggle-history':
      return [mod, 'H'];
    case 'zoom-in':
      return [mod, '='];
    case 'zoom-out':
      return [mod, '-'];
    case 'zoom-reset':
      return [mod, '0'];
    case 'lock':
      return [mod, 'L'];
  }
}

/** "Ctrl+N" / "⌘N": for tooltips. */
export function shortcutLabel(action: Action, mac: boolean): string {
  return shortcutKeys(action, mac).join(mac ? '' : '+');
}

/** Every key combination of an action (Mod+F and Mod+K both focus search), for the help popover. */
export function shortcutAlternatives(action: Action, mac: boolean): string[][] {
  const keys = [shortcutKeys(action, mac)];
  if (action === 'focus-search') keys.push([mac ? '⌘' : 'Ctrl', 'K']);
  return keys;
}

export const SHORTCUT_HELP: ReadonlyArray<{ action: Action; label: MessageKey }> = [
  { action: 'new-entry', label: 'shortcut.newEntry' },
  { action: 'focus-search', label: 'shortcut.search' },
  { action: 'prev-day', label: 'shortcut.prevDay' },
  { action: 'next-day', label: 'shortcut.nextDay' },
  { action: 'undo', label: 'shortcut.undoDelete' },
  { action: 'toggle-history', label: 'shortcut.history' },
  { action: 'zoom-in', label: 'shortcut.zoomIn' },
  { action: 'zoom-out', label: 'shortcut.zoomOut' },
  { action: 'zoom-reset', label: 'shortcut.zoomReset' },
  { action: 'lock', label: 'shortcut.lock' },
  { action: 'escape', label: 'shortcut.escape' },
];
