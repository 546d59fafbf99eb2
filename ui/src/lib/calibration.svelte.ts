/**
 * "Learn from my corrections": what Haru learned of how the writer names feelings (the back
 * end's `haru_insights::writers_way` does the learning, from the diary alone), its switch and
 * its reset. After a change `onChanged` lets the owner ask the open entry's reading again (its
 * adjusted labels may have gone or come back).
 */
import type { CalibrationStatus } from '../bindings/CalibrationStatus';
import type { EntryAnalysis } from '../bindings/EntryAnalysis';
import type { LearnedRule } from '../bindings/LearnedRule';
import type { Api } from './api';
import { toAppError } from './errors';
import type { MessageKey } from './i18n';
import { Latest } from './latest';

export type CalibrationApi = Pick<Api, 'calibrationStatus' | 'setCalibrationEnabled' | 'resetCalibration'>;

export interface CalibrationOptions {
  api: CalibrationApi;
  onChanged?: () => void;
}

/**
 * The labels to show as "adjusted to how you name feelings" for an entry: the back end's
 * adjusted reading, unless the writer gave their own word on the entry (theirs is shown then).
 */
export function adjustedReading(analysis: Pick<EntryAnalysis, 'adjusted'> | null, writersWord: boolean): string[] | null {
  const adjusted = analysis?.adjusted;
  return adjusted && adjusted.length > 0 && !writersWord ? [...adjusted] : null;
}

/** A learned rule as a message and its values (feelings by their label, for `emotionName`). */
export function ruleMessage(rule: LearnedRule): { key: MessageKey; labels: Record<string, string>; percent?: number } {
  switch (rule.kind) {
    case 'never':
      return { key: 'calibration.never', labels: { label: rule.label } };
    case 'lower':
      return { key: 'calibration.lower', labels: { label: rule.label }, percent: Math.round(rule.from * 100) };
    case 'remap':
      return { key: 'calibration.remap', labels: { from: rule.from, to: rule.to } };
  }
}

export class CalibrationSettings {
  private readonly api: CalibrationApi;
  private readonly onChanged: () => void;

  status = $state<CalibrationStatus | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  /** The reset was just done (a quiet confirmation until the next change). */
  wasReset = $state(false);

  private readonly latest = new Latest();

  constructor(options: CalibrationOptions) {
    this.api = options.api;
    this.onChanged = options.onChanged ?? (() => {});
  }

  /** Whether learning is on (on until the back end says otherwise). */
  get enabled(): boolean {
    return this.status?.enabled ?? true;
  }

  /** Corrections still needed before anything is learned (0 once there are enough). */
  get missing(): number {
    const s = this.status;
    return s ? Math.max(0, s.needed - s.corrections) : 0;
  }

  load(): Promise<void> {
    return this.latest.ask(
      () => this.api.calibrationStatus(),
      (s) => {
        this.status = s;
        this.error = null;
      },
      (e) => (this.error = toAppError(e).message),
    );
  }

  setEnabled(enabled: boolean): Promise<boolean> {
    return this.change(() => this.api.setCalibrationEnabled(enabled));
  }

  async reset(): Promise<boolean> {
    const done = await this.change(() => this.api.resetCalibration());
    this.wasReset = done;
    return done;
  }

  private async change(f: () => Promise<unknown>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.error = null;
    this.wasReset = false;
    try {
      await f();
      await this.load();
      this.onChanged();
      return true;
    } catch (e) {
      this.error = toAppError(e).message;
      return false;
    } finally {
      this.busy = false;
    }
  }
}
