/**
 * What goes with what, as the history view shows it: the groups `insights` answers (tags, then
 * weekdays) and their links in whole percentage points. Whether a link holds is decided by the
 * back end (`haru_insights::links`: at least MIN_ENTRIES entries in the group and in the rest, a
 * 90% bootstrap interval that excludes zero, a difference of at least 5 points); this module only
 * words it. Plain functions (unit-tested in insights.test.ts).
 */
import type { InsightGroup, InsightLink } from './api';
import { localeOf } from './dates';
import type { Lang } from './i18n';

/** The back end's minimum number of entries on each side (`haru_insights::links::MIN_ENTRIES`). */
export const MIN_ENTRIES = 5;

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A group's name: `#tag`, or the weekday in the UI language. */
export function groupName(group: Pick<InsightGroup, 'kind' | 'name'>, lang: Lang): string {
  if (group.kind === 'tag') return `#${group.name}`;
  const i = WEEKDAYS.indexOf(group.name as (typeof WEEKDAYS)[number]);
  if (i < 0) return group.name;
  // 1 January 2024 was a Monday.
  return new Intl.DateTimeFormat(localeOf(lang), { weekday: 'long' }).format(new Date(2024, 0, 1 + i));
}

/** Points (-100 … 100, whole) with a sign: "+12", "−4", "0". */
export function signedPoints(v: number): string {
  const p = Math.round((Number.isFinite(v) ? v : 0) * 100) || 0;
  return p > 0 ? `+${p}` : p < 0 ? `−${Math.abs(p)}` : '0';
}

/** A link as shown: how many points more or less (unsigned), its signed interval, and which way. */
export function describeLink(link: InsightLink): { points: number; low: string; high: string; direction: 'more' | 'less' } {
  return {
    points: Math.abs(Math.round((Number.isFinite(link.difference) ? link.difference : 0) * 100)),
    low: signedPoints(link.low),
    high: signedPoints(link.high),
    direction: link.difference >= 0 ? 'more' : 'less',
  };
}

/** Tags and weekdays apart, each in the back end's order. */
export function splitGroups(groups: ReadonlyArray<InsightGroup>): { tags: InsightGroup[]; weekdays: InsightGroup[] } {
  return { tags: groups.filter((g) => g.kind === 'tag'), weekdays: groups.filter((g) => g.kind === 'weekday') };
}
