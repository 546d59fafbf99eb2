import type { Lang } from './i18n';

export type Theme = 'system' | 'light' | 'dark';

export function isTheme(v: unknown): v is Theme {
  return v === 'system' || v === 'light' || v === 'dark';
}

/** `data-theme` on <html> overrides prefers-color-scheme (see app.css). */
export function applyTheme(theme: Theme): void {
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

export function applyLang(lang: Lang): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lang;
}

// Last known appearance, remembered so the first paint of the next start is already right
// (the settings themselves are stored by the back end).
const KEY = 'haru.appearance';

export function rememberAppearance(theme: Theme, language: string | null): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ theme, language }));
  } catch {
    /* storage unavailable: only the first paint is affected */
  }
}

export function recallAppearance(): { theme: Theme; language: string | null } {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { theme?: unknown; language?: unknown } | null;
    return {
      theme: isTheme(v?.theme) ? v.theme : 'system',
      language: typeof v?.language === 'string' ? v.language : null,
    };
  } catch {
    return { theme: 'system', language: null };
  }
}

// The text size likewise, so the first paint has the right size (see lib/textSize.ts).
const TEXT_SIZE_KEY = 'haru.textSize';

export function rememberTextSize(size: string): void {
  try {
    localStorage.setItem(TEXT_SIZE_KEY, size);
  } catch {
    /* storage unavailable: only the first paint is affected */
  }
}

export function recallTextSize(): string | null {
  try {
    return localStorage.getItem(TEXT_SIZE_KEY);
  } catch {
    return null;
  }
}
