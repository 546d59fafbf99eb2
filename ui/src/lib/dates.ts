import type { Lang } from './i18n';

/** A calendar date, "YYYY-MM-DD", in the user's local time zone. */
export type ISODate = string;
export type YearMonth = { year: number; month: number /* 1-12 */ };

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function toISODate(d: Date): ISODate {
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function isISODate(s: string): boolean {
  const m = ISO_RE.exec(s);
  if (!m) return false;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return toISODate(d) === s;
}

/** Local noon of that day (noon keeps DST changes from moving the date). */
export function parseISODate(s: ISODate): Date {
  const m = ISO_RE.exec(s);
  if (!m) throw new Error(`not a date: ${s}`);
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
  d.setFullYear(Number(m[1])); // years 0-99
  return d;
}

export function todayISO(now: Date = new Date()): ISODate {
  return toISODate(now);
}

export function addDays(s: ISODate, n: number): ISODate {
  const d = parseISODate(s);
  d.setDate(d.getDate() + n);
  return toISODate(d);
}

export function monthOf(s: ISODate): YearMonth {
  const d = parseISODate(s);
  return { year: d.getFullYear(), month: d.getMonth() + 1 };
}

export function addMonths(ym: YearMonth, n: number): YearMonth {
  const idx = ym.year * 12 + (ym.month - 1) + n;
  return { year: Math.floor(idx / 12), month: (idx % 12) + 1 };
}

export function sameMonth(a: YearMonth, b: YearMonth): boolean {
  return a.year === b.year && a.month === b.month;
}

export function daysInMonth(ym: YearMonth): number {
  return new Date(ym.year, ym.month, 0).getDate();
}

/** The same day of the month in another month, clamped (Jan 31 + 1 month → Feb 28/29). */
export function shiftMonthKeepDay(s: ISODate, n: number): ISODate {
  const d = parseISODate(s);
  const target = addMonths({ year: d.getFullYear(), month: d.getMonth() + 1 }, n);
  const day = Math.min(d.getDate(), daysInMonth(target));
  return `${pad(target.year, 4)}-${pad(target.month)}-${pad(day)}`;
}

export type GridDay = { date: ISODate; day: number; inMonth: boolean; weekday: number };

/** Always 6 weeks of 7 days, so the calendar keeps its height from month to month. */
export function monthGrid(ym: YearMonth, weekStartsOn = 0): GridDay[][] {
  const first = new Date(ym.year, ym.month - 1, 1, 12);
  const offset = (first.getDay() - weekStartsOn + 7) % 7;
  const cursor = new Date(first);
  cursor.setDate(1 - offset);
  const weeks: GridDay[][] = [];
  for (let w = 0; w < 6; w++) {
    const week: GridDay[] = [];
    for (let i = 0; i < 7; i++) {
      week.push({
        date: toISODate(cursor),
        day: cursor.getDate(),
        inMonth: cursor.getMonth() === ym.month - 1,
        weekday: cursor.getDay(),
      });
      cursor.setDate(cursor.getDate() + 1);
    }
    weeks.push(week);
  }
  return weeks;
}

/** First and last date shown by monthGrid (to fetch the dots of the neighbouring days too). */
export function gridRange(ym: YearMonth, weekStartsOn = 0): { from: ISODate; to: ISODate } {
  const g = monthGrid(ym, weekStartsOn);
  return { from: g[0][0].date, to: g[5][6].date };
}

const LOCALES: Record<Lang, string> = { en: 'en-US', ko: 'ko-KR' };
export function localeOf(lang: Lang): string {
  return LOCALES[lang] ?? 'en-US';
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = lang + JSON.stringify(options);
  let f = fmtCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(localeOf(lang), options);
    fmtCache.set(key, f);
  }
  return f;
}

/** "Saturday, November 21, 2026" / "2026년 11월 21일 토요일". */
export function formatLongDate(s: ISODate, lang: Lang): string {
  return fmt(lang, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(parseISODate(s));
}

/** "Sat, Nov 21, 2026" / "2026년 11월 21일 (토)". */
export function formatMediumDate(s: ISODate, lang: Lang): string {
  return fmt(lang, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' }).format(parseISODate(s));
}

/** "Saturday, November 21" / "11월 21일 토요일". */
export function formatDayHeading(s: ISODate, lang: Lang): string {
  return fmt(lang, { weekday: 'long', month: 'long', day: 'numeric' }).format(parseISODate(s));
}

/** "November 2026" / "2026년 11월". */
export function formatMonthYear(ym: YearMonth, lang: Lang): string {
  return fmt(lang, { year: 'numeric', month: 'long' }).format(new Date(ym.year, ym.month - 1, 1, 12));
}

/** Local time of an RFC 3339 timestamp: "9:41 PM" / "오후 9:41". Empty when unparsable. */
export function formatTime(rfc3339: string, lang: Lang): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return '';
  return fmt(lang, { hour: 'numeric', minute: '2-digit' }).format(d);
}

/** Weekday column headers, starting at weekStartsOn: short ("Sun") and long ("Sunday") names. */
export function weekdayNames(lang: Lang, weekStartsOn = 0): Array<{ short: string; long: string; weekday: number }> {
  const out = [];
  // 2023-01-01 was a Sunday.
  for (let i = 0; i < 7; i++) {
    const wd = (weekStartsOn + i) % 7;
    const d = new Date(2023, 0, 1 + wd, 12);
    out.push({
      short: fmt(lang, { weekday: lang === 'ko' ? 'narrow' : 'short' }).format(d),
      long: fmt(lang, { weekday: 'long' }).format(d),
      weekday: wd,
    });
  }
  return out;
}

/**
 * A time-axis tick: a day "Nov 21" / "11월 21일"; a month "Nov" / "11월", with its year in
 * January or when `withYear` ("Jan 2027" / "2027년 1월"); a year "2027" / "2027년".
 */
export function formatTick(s: ISODate, unit: 'day' | 'month' | 'year', lang: Lang, withYear = false): string {
  const d = parseISODate(s);
  if (unit === 'year') return fmt(lang, { year: 'numeric' }).format(d);
  if (unit === 'month') {
    return withYear || d.getMonth() === 0 ? fmt(lang, { year: 'numeric', month: 'short' }).format(d) : fmt(lang, { month: 'short' }).format(d);
  }
  return withYear ? fmt(lang, { year: 'numeric', month: 'short', day: 'numeric' }).format(d) : fmt(lang, { month: 'short', day: 'numeric' }).format(d);
}

/** Years from `past` to `date` (both YYYY-MM-DD, the same day of the year), for "on this day". */
export function yearsAgo(past: string, date: string): number {
  return Number(date.slice(0, 4)) - Number(past.slice(0, 4));
}
