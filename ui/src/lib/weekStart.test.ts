import { describe, expect, it } from 'vitest';
import { monthGrid, weekdayNames } from './dates';
import { yearGrid } from './history';
import { dayOfWeek, effectiveWeekStart, isWeekStart, weekStartsOn } from './weekStart';

describe('week start', () => {
  it('is Sunday for Korean and English unless chosen', () => {
    expect(effectiveWeekStart(null, 'ko')).toBe('sunday');
    expect(effectiveWeekStart(null, 'en')).toBe('sunday');
    expect(effectiveWeekStart('monday', 'ko')).toBe('monday');
    expect(effectiveWeekStart('friday', 'en')).toBe('sunday');
    expect(weekStartsOn('monday', 'en')).toBe(1);
    expect(weekStartsOn(undefined, 'ko')).toBe(0);
    expect(isWeekStart('sunday')).toBe(true);
    expect(isWeekStart('Sunday')).toBe(false);
  });

  it('counts days into the week from its first day', () => {
    // Sunday is 0 days into a Sunday week and 6 into a Monday week.
    expect(dayOfWeek(0, 0)).toBe(0);
    expect(dayOfWeek(0, 1)).toBe(6);
    expect(dayOfWeek(1, 1)).toBe(0);
    expect(dayOfWeek(6, 0)).toBe(6);
  });

  it('moves the calendar, its headers and the year in pixels', () => {
    const sunday = monthGrid({ year: 2026, month: 3 }, weekStartsOn('sunday', 'en'));
    const monday = monthGrid({ year: 2026, month: 3 }, weekStartsOn('monday', 'en'));
    expect(sunday[0][0].weekday).toBe(0);
    expect(monday[0][0].weekday).toBe(1);
    // 2026-03-01 is a Sunday: first cell in a Sunday grid, last of the first row in a Monday grid.
    expect(sunday[0][0].date).toBe('2026-03-01');
    expect(monday[0][6].date).toBe('2026-03-01');
    expect(weekdayNames('ko', 1).map((w) => w.short)).toEqual(['월', '화', '수', '목', '금', '토', '일']);
    expect(weekdayNames('en', 0)[0].short).toBe('Sun');
    // 2026-01-01 is a Thursday: row 4 with Sunday weeks, row 3 with Monday weeks.
    expect(yearGrid(2026, 0).cells[0].row).toBe(4);
    expect(yearGrid(2026, 1).cells[0].row).toBe(3);
  });
});
