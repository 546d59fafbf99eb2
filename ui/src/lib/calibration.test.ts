import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EntryAnalysis } from '../bindings/EntryAnalysis';
import { analysisOf, startedDiary, TODAY } from '../test/diary';
import { MemoryApi, settle } from '../test/fakes';
import { CalibrationSettings, adjustedReading, ruleMessage } from './calibration.svelte';
import { normalizeAnalysis } from './emotions';
import { translate } from './i18n';

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

/** A finished analysis of the entry that reads anger. */
function result(entryId: number, over: Partial<EntryAnalysis> = {}): EntryAnalysis {
  return analysisOf(entryId, 'anger', 0.8, over);
}

describe('adjustedReading', () => {
  it('is the back end’s adjusted labels, unless the writer gave their own word', () => {
    const a = result(1, { adjusted: ['annoyance'] });
    expect(adjustedReading(a, false)).toEqual(['annoyance']);
    expect(adjustedReading(a, true)).toBeNull();
  });

  it('survives the check of what the back end sent', () => {
    const checked = normalizeAnalysis({ ...result(1), adjusted: ['annoyance', 3] });
    expect(checked?.adjusted).toEqual(['annoyance']);
    expect(normalizeAnalysis(result(1))).not.toHaveProperty('adjusted');
  });

  it('is nothing without an adjusted reading', () => {
    expect(adjustedReading(result(1), false)).toBeNull();
    expect(adjustedReading(result(1, { adjusted: [] }), false)).toBeNull();
    expect(adjustedReading(null, false)).toBeNull();
  });
});

describe('ruleMessage', () => {
  it('names each kind of rule in both languages', () => {
    const remap = ruleMessage({ kind: 'remap', from: 'anger', to: 'annoyance' });
    expect(translate('en', remap.key, remap.labels)).toBe('“annoyance” where Haru reads “anger”');
    expect(translate('ko', remap.key, remap.labels)).toContain('anger');
    const lower = ruleMessage({ kind: 'lower', label: 'joy', from: 0.214 });
    expect(lower.percent).toBe(21);
    expect(translate('en', lower.key, { ...lower.labels, percent: lower.percent! })).toBe('“joy” from 21%, where you name it');
    const never = ruleMessage({ kind: 'never', label: 'neutral' });
    expect(translate('en', never.key, never.labels)).toContain('neutral');
  });
});

describe('CalibrationSettings', () => {
  function setup() {
    const mem = new MemoryApi();
    let changed = 0;
    const cal = new CalibrationSettings({ api: mem.api(), onChanged: () => changed++ });
    return { mem, cal, changed: () => changed };
  }

  it('is on until the back end says otherwise, and counts the corrections still needed', async () => {
    const { mem, cal } = setup();
    expect(cal.enabled).toBe(true);
    expect(cal.missing).toBe(0);
    mem.calibration = { ...mem.calibration, corrections: 7 };
    await cal.load();
    expect(cal.status?.corrections).toBe(7);
    expect(cal.missing).toBe(13);
  });

  it('turns learning off and on, asking again and telling the owner', async () => {
    const { mem, cal, changed } = setup();
    mem.calibration = {
      ...mem.calibration,
      corrections: 24,
      rules: [{ kind: 'remap', from: 'anger', to: 'annoyance' }],
      described: ['annoyance for anger'],
    };
    await cal.load();
    expect(await cal.setEnabled(false)).toBe(true);
    expect(mem.calls.some((c) => c.cmd === 'set_calibration_enabled')).toBe(true);
    expect(cal.enabled).toBe(false);
    expect(cal.status?.rules).toEqual([]);
    expect(changed()).toBe(1);
    await cal.setEnabled(true);
    expect(cal.enabled).toBe(true);
    expect(changed()).toBe(2);
  });

  it('resets what was learned: no corrections counted, and says so', async () => {
    const { mem, cal, changed } = setup();
    mem.calibration = { ...mem.calibration, corrections: 30, rules: [{ kind: 'never', label: 'neutral' }] };
    await cal.load();
    expect(await cal.reset()).toBe(true);
    expect(mem.count('reset_calibration')).toBe(1);
    expect(cal.status).toMatchObject({ corrections: 0, rules: [] });
    expect(cal.status?.reset_at).not.toBeNull();
    expect(cal.wasReset).toBe(true);
    expect(changed()).toBe(1);
  });

  it('shows a failure and keeps what it had', async () => {
    const { mem, cal, changed } = setup();
    await cal.load();
    const api = mem.api();
    const failing = new CalibrationSettings({
      api: { ...api, resetCalibration: async () => Promise.reject({ code: 'internal', message: 'disk full' }) },
    });
    await failing.load();
    expect(await failing.reset()).toBe(false);
    expect(failing.error).toBe('disk full');
    expect(failing.wasReset).toBe(false);
    expect(changed()).toBe(0);
  });
});

describe('calibration with the diary', () => {
  it('asks the open entry’s reading again after the switch changes', async () => {
    let id = 0;
    const { mem, diary } = await startedDiary((m) => {
      id = m.add(TODAY, 'Stuck in traffic again.').id;
      m.analyses.set(id, result(id, { adjusted: ['annoyance'] }));
    });
    const view = diary.analysis.view(diary.body);
    expect(adjustedReading(view.analysis, diary.checkin.stored !== null)).toEqual(['annoyance']);
    const asked = mem.count('get_analysis');

    // Off: the back end answers the model's reading alone.
    mem.analyses.set(id, result(id));
    await diary.calibration.setEnabled(false);
    await settle();
    expect(mem.count('get_analysis')).toBe(asked + 1);
    expect(adjustedReading(diary.analysis.view(diary.body).analysis, false)).toBeNull();
    diary.dispose();
  });
});
