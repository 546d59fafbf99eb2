import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  formatLongDate,
  formatMonthYear,
  formatTime,
  gridRange,
  isISODate,
  monthGrid,
  monthOf,
  parseISODate,
  shiftMonthKeepDay,
  toISODate,
  weekdayNames,
} from './dates';

describe('ISO dates', () => {
  it('round-trips local dates', () => {
    expect(toISODate(new Date(2026, 10, 21, 23, 59))).toBe('2026-11-21');
    expect(toISODate(parseISODate('2024-02-29'))).toBe('2024-02-29');
  });
  it('validates', () => {
    expect(isISODate('2026-11-21')).toBe(true);
    expect(isISODate('2026-02-30')).toBe(false);
    expect(isISODate('2026-1-2')).toBe(false);
    expect(isISODate('')).toBe(false);
  });
  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
  it('adds months', () => {
    expect(addMonths({ year: 2026, month: 12 }, 1)).toEqual({ year: 2027, month: 1 });
    expect(addMonths({ year: 2026, month: 1 }, -1)).toEqual({ year: 2025, month: 12 });
    expect(monthOf('2026-11-21')).toEqual({ year: 2026, month: 11 });
    expect(shiftMonthKeepDay('2026-01-31', 1)).toBe('2026-02-28');
    expect(shiftMonthKeepDay('2026-03-15', -1)).toBe('2026-02-15');
  });
});

describe('monthGrid', () => {
  it('has 6 weeks of 7 days starting on Sunday', () => {
    const g = monthGrid({ year: 2026, month: 11 });
    expect(g).toHaveLength(6);
    expect(g.every((w) => w.length === 7)).toBe(true);
    // 2026-11-01 is a Sunday.
    expect(g[0][0]).toMatchObject({ date: '2026-11-01', day: 1, inMonth: true, weekday: 0 });
    expect(g[4][1]).toMatchObject({ date: '2026-11-30', inMonth: true });
    expect(g[5][6]).toMatchObject({ date: '2026-12-12', inMonth: false });
  });
  it('starts with the days of the previous month', () => {
    const g = monthGrid({ year: 2026, month: 2 }); // Feb 1 2026 is a Sunday
    expect(g[0][0].date).toBe('2026-02-01');
    const g2 = monthGrid({ year: 2026, month: 12 }); // Dec 1 2026 is a Tuesday
    expect(g2[0][0]).toMatchObject({ date: '2026-11-29', inMonth: false });
    expect(gridRange({ year: 2026, month: 12 })).toEqual({ from: '2026-11-29', to: '2027-01-09' });
  });
});

describe('formatting', () => {
  it('formats long dates in the UI language', () => {
    expect(formatLongDate('2026-11-21', 'en')).toBe('Saturday, November 21, 2026');
    expect(formatLongDate('2026-11-21', 'ko')).toBe('2026년 11월 21일 토요일');
  });
  it('formats months', () => {
    expect(formatMonthYear({ year: 2026, month: 11 }, 'en')).toBe('November 2026');
    expect(formatMonthYear({ year: 2026, month: 11 }, 'ko')).toBe('2026년 11월');
  });
  it('formats times and tolerates garbage', () => {
    expect(formatTime('2026-11-21T12:34:00Z', 'en')).toMatch(/\d{1,2}:34/);
    expect(formatTime('not a time', 'en')).toBe('');
  });
  it('names weekdays', () => {
    const en = weekdayNames('en');
    expect(en[0].long).toBe('Sunday');
    expect(weekdayNames('ko')[1].short).toBe('월');
  });
});

describe('yearsAgo', () => {
  it('counts the years back to the same day', async () => {
    const { yearsAgo } = await import('./dates');
    expect(yearsAgo('2024-03-05', '2026-03-05')).toBe(2);
    expect(yearsAgo('2025-12-31', '2026-12-31')).toBe(1);
  });
});
