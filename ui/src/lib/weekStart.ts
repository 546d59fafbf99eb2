/**
 * The first day of the week: the person's choice (`monday` / `sunday`), or, with none, the UI
 * language's custom. Korean calendars start on Sunday (일 월 화 …), and so does the app's
 * English (en-US), which is what the calendar always showed. Used by the month calendar, the
 * year in pixels and weekly history.
 */
import type { Lang } from './i18n';

export type WeekStart = 'monday' | 'sunday';
/** A weekday number as Date.getDay() counts: 0 Sunday, 1 Monday. */
export type WeekStartsOn = 0 | 1;

const BY_LANGUAGE: Record<Lang, WeekStart> = { en: 'sunday', ko: 'sunday' };

export function isWeekStart(v: unknown): v is WeekStart {
  return v === 'monday' || v === 'sunday';
}

/** The week start in effect: the choice, else the language's. */
export function effectiveWeekStart(choice: string | null | undefined, lang: Lang): WeekStart {
  return isWeekStart(choice) ? choice : (BY_LANGUAGE[lang] ?? 'sunday');
}

export function weekStartsOn(choice: string | null | undefined, lang: Lang): WeekStartsOn {
  return effectiveWeekStart(choice, lang) === 'monday' ? 1 : 0;
}

/** How far `weekday` (0 Sunday … 6 Saturday) is from the first day of its week: 0 … 6. */
export function dayOfWeek(weekday: number, startsOn: WeekStartsOn): number {
  return (((weekday - startsOn) % 7) + 7) % 7;
}
