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
const ZOOM_KEYS: ReadonlyArray<readonly [Action, keys: readonly string[], codes: readonly string[]]> = [
  ['zoom-in', ['=', '+'], ['Equal', 'NumpadAdd']],
  ['zoom-out', ['-', '_'], ['Minus', 'NumpadSubtract']],
  ['zoom-reset', ['0', ')'], ['Digit0', 'Numpad0']],
];

/** The character typed decides; only when it is none of them, the physical key. */
function zoomAction(e: KeyLike): Action | null {
  const found =
    ZOOM_KEYS.find(([, keys]) => keys.includes(e.key)) ??
    ZOOM_KEYS.find(([, , codes]) => e.code !== undefined && codes.includes(e.code));
  return found?.[0] ?? null;
}

/** Mod with a letter (by `letter`, so that a Korean layout works too). */
const MOD_LETTERS: ReadonlyMap<string, Action> = new Map([
  ['n', 'new-entry'],
  ['f', 'focus-search'],
  ['k', 'focus-search'],
  ['z', 'undo'],
  ['h', 'toggle-history'],
  ['l', 'lock'],
]);

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
  if (mod && !e.altKey && !e.shiftKey) return MOD_LETTERS.get(letter(e)) ?? null;
  if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
    if (e.key === 'ArrowLeft') return 'prev-day';
    if (e.key === 'ArrowRight') return 'next-day';
    return null;
  }
  if (e.key === 'Escape' && !e.ctrlKey && !e.metaKey && !e.altKey) return 'escape';
  return null;
}

/** Each action's keys as shown, `Mod` and `Alt` standing for the platform's own. */
const KEYS: Record<Action, readonly string[]> = {
  'new-entry': ['Mod', 'N'],
  'focus-search': ['Mod', 'F'],
  'prev-day': ['Alt', '←'],
  'next-day': ['Alt', '→'],
  undo: ['Mod', 'Z'],
  escape: ['Esc'],
  'toggle-history': ['Mod', 'H'],
  'zoom-in': ['Mod', '='],
  'zoom-out': ['Mod', '-'],
  'zoom-reset': ['Mod', '0'],
  lock: ['Mod', 'L'],
};

function platformKeys(keys: readonly string[], mac: boolean): string[] {
  return keys.map((k) => (k === 'Mod' ? (mac ? '⌘' : 'Ctrl') : k === 'Alt' ? (mac ? '⌥' : 'Alt') : k));
}

/** The keys of a shortcut as shown to the user, e.g. ["Ctrl", "N"] or ["⌘", "N"]. */
export function shortcutKeys(action: Action, mac: boolean): string[] {
  return platformKeys(KEYS[action], mac);
}

/** "Ctrl+N" / "⌘N": for tooltips. */
export function shortcutLabel(action: Action, mac: boolean): string {
  return shortcutKeys(action, mac).join(mac ? '' : '+');
}

/** Every key combination of an action (Mod+F and Mod+K both focus search), for the help popover. */
export function shortcutAlternatives(action: Action, mac: boolean): string[][] {
  const keys = [shortcutKeys(action, mac)];
  if (action === 'focus-search') keys.push(platformKeys(['Mod', 'K'], mac));
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
