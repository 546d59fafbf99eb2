// The person's choices for the whole window: language and theme (`Settings`), text size and
// the first day of the week (`DisplaySettings`). Each choice shows at once and is stored in the
// background, one write at a time. The settings popover and the shortcuts change them, the
// calendar and the history read the week start; the diary only hears that the language or the
// week start may have changed, so none of this needs to live in the diary itself.
import type { DisplaySettings } from '../bindings/DisplaySettings';
import type { Settings } from '../bindings/Settings';
import type { Api } from './api';
import { resolveLang, type Lang } from './i18n';
import { Latest } from './latest';
import { locale } from './locale.svelte';
import { cleanDisplay, DEFAULT_DISPLAY, applyTextSize, zoomed } from './textSize';
import { applyLang, applyTheme, isTheme, rememberAppearance, rememberTextSize } from './theme';
import { weekStartsOn, type WeekStartsOn } from './weekStart';

export interface PreferencesOptions {
  api: Pick<Api, 'setSettings' | 'setDisplaySettings' | 'zoomWebview'>;
  /** The system's language (followed while none is chosen). */
  osLanguage: () => string | undefined;
  onError: (e: unknown) => void;
  /** The UI language was applied (it may be the same as before). */
  onLang: (lang: Lang) => void;
  /** A choice was applied: the first day of the week may have changed. */
  onWeekStart: () => void;
}

type ChoiceWriterOptions<T> = {
  /** Stores a choice; the answer is the choice as stored. */
  store: (choice: T) => Promise<T>;
  /** Puts a choice on screen. */
  apply: (choice: T) => void;
  onError: (e: unknown) => void;
};

/**
 * Applies a choice at once and stores it. Writes go one at a time (the back end runs
 * commands concurrently: two quick choices could otherwise be stored in the wrong order), a
 * choice overtaken by a newer one is not written at all, and the answer to an older write
 * never undoes a newer choice on screen.
 */
class ChoiceWriter<T> {
  /** The last write, done when every write so far is. */
  written: Promise<void> = Promise.resolve();
  private readonly latest = new Latest();
  private readonly options: ChoiceWriterOptions<T>;

  constructor(options: ChoiceWriterOptions<T>) {
    this.options = options;
  }

  write(next: T): Promise<void> {
    const { store, apply, onError } = this.options;
    const current = this.latest.start();
    apply(next);
    const write = this.written.then(async () => {
      if (!current()) return;
      try {
        const saved = await store(next);
        if (current()) apply(saved);
      } catch (e) {
        onError(e);
      }
    });
    this.written = write;
    return write;
  }
}

export class Preferences {
  settings = $state<Settings>({ language: null, theme: 'system' });
  /** Text size and first day of the week. */
  display = $state<DisplaySettings>({ ...DEFAULT_DISPLAY });

  private readonly options: PreferencesOptions;
  private readonly settingsWriter: ChoiceWriter<Settings>;
  private readonly displayWriter: ChoiceWriter<DisplaySettings>;

  constructor(options: PreferencesOptions) {
    this.options = options;
    const { api, onError } = options;
    this.settingsWriter = new ChoiceWriter({ store: (s) => api.setSettings(s), apply: (s) => this.applySettings(s), onError });
    this.displayWriter = new ChoiceWriter({ store: (d) => api.setDisplaySettings(d), apply: (d) => this.applyDisplay(d), onError });
  }

  /** The writes on their way (the window waits for them before it closes or locks). */
  get writes(): Promise<void>[] {
    return [this.settingsWriter.written, this.displayWriter.written];
  }

  applySettings(s: Settings): void {
    const theme = isTheme(s.theme) ? s.theme : 'system';
    this.settings = { language: s.language, theme };
    locale.lang = resolveLang(s.language, this.options.osLanguage());
    applyLang(locale.lang);
    this.options.onLang(locale.lang);
    applyTheme(theme);
    rememberAppearance(theme, s.language);
    this.options.onWeekStart();
  }

  /** Applies a choice at once and stores it (see `ChoiceWriter`). */
  updateSettings(patch: Partial<Settings>): Promise<void> {
    return this.settingsWriter.write({ ...this.settings, ...patch });
  }

  /** The first day of the week in effect: 0 Sunday, 1 Monday. */
  get weekStartsOn(): WeekStartsOn {
    return weekStartsOn(this.display.week_start, locale.lang);
  }

  applyDisplay(d: DisplaySettings): void {
    const clean = cleanDisplay(d);
    this.display = clean;
    void applyTextSize(clean.text_size, (scale) => this.options.api.zoomWebview(scale));
    rememberTextSize(clean.text_size);
    this.options.onWeekStart();
  }

  /** Applies a display choice at once and stores it, one write at a time (as updateSettings). */
  updateDisplay(patch: Partial<DisplaySettings>): Promise<void> {
    return this.displayWriter.write({ ...this.display, ...patch });
  }

  /** Mod+=, Mod+-, Mod+0: one text size larger, smaller, or back to normal. */
  zoom(action: 'zoom-in' | 'zoom-out' | 'zoom-reset'): Promise<void> {
    const size = zoomed(this.display.text_size, action);
    if (size === this.display.text_size) return Promise.resolve();
    return this.updateDisplay({ text_size: size });
  }
}
