/**
 * The daily reminder and "start Haru at login", as the settings drive them. The shell keeps
 * the choice and runs the scheduler (`src-tauri/src/reminder.rs`); this validates the time,
 * sends the notification's words in the UI's language, and reports failures.
 */
import type { Api } from './api';
import { t } from './locale.svelte';

export type ReminderApi = Pick<Api, 'getReminder' | 'setReminder' | 'getAutostart' | 'setAutostart'>;

/** Offered when the reminder is turned on. */
export const DEFAULT_REMINDER_TIME = '21:00';

/** `HH:MM`, 24-hour (what `<input type="time">` gives and the shell accepts). */
export function isReminderTime(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

export class ReminderSettings {
  private readonly api: ReminderApi;
  private readonly onError: (e: unknown) => void;

  /** `HH:MM`, or null when off. */
  time = $state<string | null>(null);
  /** Whether Haru starts at login; null until known (or where it cannot be known). */
  autostart = $state<boolean | null>(null);

  constructor(options: { api: ReminderApi; onError: (e: unknown) => void }) {
    this.api = options.api;
    this.onError = options.onError;
  }

  /**
   * Reads the stored choice. A setting made while this was on its way wins: the answer, read
   * before it, would otherwise switch the reminder the writer just turned on back off.
   */
  async load(): Promise<void> {
    const generation = this.generation;
    const [time, autostart] = await Promise.all([
      this.api.getReminder().catch(() => null),
      this.api.getAutostart().catch(() => null),
    ]);
    if (generation === this.generation) this.time = time;
    this.autostart = autostart;
  }

  /** The last setting sent; the next one waits for it, so the shell receives them in order. */
  private sending: Promise<void> = Promise.resolve();
  /** Counts settings made; only the latest one's answer is shown. */
  private generation = 0;

  /**
   * Turns the reminder on at `time`, or off with null. Settings made in quick succession (the
   * switch, then a time typed at once) reach the shell one after another, in the order made,
   * and the field shows the last one's answer, never an earlier one's arriving late.
   */
  setTime(time: string | null): Promise<void> {
    if (time !== null && !isReminderTime(time)) return Promise.resolve();
    const before = this.time;
    const generation = ++this.generation;
    this.time = time;
    const send = async () => {
      try {
        const saved = await this.api.setReminder(time, t('reminder.notifyTitle'), t('reminder.notifyBody'));
        if (generation === this.generation) this.time = saved;
      } catch (e) {
        if (generation === this.generation) this.time = before;
        this.onError(e);
      }
    };
    this.sending = this.sending.then(send);
    return this.sending;
  }

  toggle(on: boolean): Promise<void> {
    return this.setTime(on ? (this.time ?? DEFAULT_REMINDER_TIME) : null);
  }

  async setAutostart(enabled: boolean): Promise<void> {
    const before = this.autostart;
    this.autostart = enabled;
    try {
      this.autostart = await this.api.setAutostart(enabled);
    } catch (e) {
      this.autostart = before;
      this.onError(e);
    }
  }
}
