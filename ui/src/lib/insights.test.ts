import { describe, expect, it } from 'vitest';
import type { InsightGroup } from './api';
import { describeLink, groupName, signedPoints, splitGroups } from './insights';
import { translate } from './i18n';

const groups: InsightGroup[] = [
  { kind: 'tag', name: '운동', entries: 8, enough: true, links: [{ label: 'joy', difference: 0.123, low: 0.04, high: 0.2 }] },
  { kind: 'tag', name: 'family', entries: 2, enough: false, links: [] },
  { kind: 'weekday', name: 'mon', entries: 6, enough: true, links: [{ label: 'annoyance', difference: -0.08, low: -0.15, high: -0.01 }] },
];

describe('insights as shown', () => {
  it('names tags with # and weekdays in the UI language', () => {
    expect(groupName(groups[0], 'en')).toBe('#운동');
    expect(groupName(groups[2], 'en')).toBe('Monday');
    expect(groupName(groups[2], 'ko')).toBe('월요일');
    expect(groupName({ kind: 'weekday', name: 'sun' }, 'en')).toBe('Sunday');
  });

  it('words a link in points, more or less, with its interval', () => {
    expect(describeLink(groups[0].links[0])).toEqual({ points: 12, low: '+4', high: '+20', direction: 'more' });
    expect(describeLink(groups[2].links[0])).toEqual({ points: 8, low: '−15', high: '−1', direction: 'less' });
    expect(signedPoints(0.001)).toBe('0');
    expect(signedPoints(Number.NaN)).toBe('0');
    const d = describeLink(groups[2].links[0]);
    expect(translate('en', 'insights.less', { emotion: 'Annoyance', ...d })).toBe('Annoyance: 8 points less than usual (−15 to −1)');
  });

  it('keeps tags and weekdays apart in the back end’s order', () => {
    const { tags, weekdays } = splitGroups(groups);
    expect(tags.map((g) => g.name)).toEqual(['운동', 'family']);
    expect(weekdays.map((g) => g.name)).toEqual(['mon']);
  });

  it('says "too few entries to tell" in both languages, with the minimum in the explanation', () => {
    expect(translate('en', 'insights.tooFew')).toMatch(/too few entries to tell/i);
    expect(translate('ko', 'insights.tooFew')).toMatch(/너무 적/);
    expect(translate('en', 'insights.explain', { min: 5 })).toContain('fewer than 5 entries');
  });
});
