/**
 * "Your data" in the settings: back up now, the backups (newest first) and restoring one after a
 * confirmation, export and import. The back end opens the system's file dialogs and does the
 * work (the same functions as `haru backup/restore/export/import`); this class only keeps one
 * task running at a time, follows its progress and words what happened in the UI language,
 * with the back end's own message when something failed.
 */
import type { BackupInfo } from '../bindings/BackupInfo';
import type { ExportSummary } from '../bindings/ExportSummary';
import type { ImportSummary } from '../bindings/ImportSummary';
import type { RestoreOutcome } from '../bindings/RestoreOutcome';
import type { Api, DataProgress, DataTask, ExportFormat, ImportChoice, Unlisten } from './api';
import { passphraseProblem, type Problem } from './encryption.svelte';
import { toAppError } from './errors';
import type { MessageKey, Params } from './i18n';

export type YourDataApi = Pick<
  Api,
  'backupDiary' | 'diaryBackups' | 'restoreDiary' | 'exportDiary' | 'pickImportFile' | 'importPicked' | 'onDataProgress'
>;

/** One line of what happened, translated when shown. */
export type Line = { key: MessageKey; params?: Params };

/** `choosing`: the system's file dialog is open; `analysing`: an export first analyses the entries not analysed
 *  yet; `working`: the file is chosen and the work runs. */
export type Stage = 'choosing' | 'analysing' | 'working';

/** Entries done of `total` in the stage in hand, as the back end counts them. */
export type Count = { done: number; total: number };

/** The whole percentage of `count` (0–100), or `null` when there is nothing to count. */
export function percentOf(count: Count | null): number | null {
  if (!count || count.total <= 0) return null;
  return Math.min(100, Math.max(0, Math.floor((count.done * 100) / count.total)));
}

/** At most this many entries that could not be imported are named (the rest are counted). */
export const MAX_PROBLEMS_SHOWN = 5;

/** Newest first (the back end lists them so; kept here so the order never depends on it). */
export function newestFirst(backups: readonly BackupInfo[]): BackupInfo[] {
  return [...backups].sort((a, b) =>
    a.created_at === b.created_at ? b.file_name.localeCompare(a.file_name) : a.created_at < b.created_at ? 1 : -1,
  );
}

export function kindKey(kind: string): MessageKey {
  if (kind === 'manual') return 'data.kindManual';
  if (kind === 'pre-restore') return 'data.kindPreRestore';
  return 'data.kindAuto';
}

/** The file name at the end of a path the back end reported. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function exportLines(summary: ExportSummary, diaryEncrypted: boolean): Line[] {
  const lines: Line[] = [{ key: 'data.exported', params: { count: summary.entries, path: summary.path } }];
  if (summary.not_analysed > 0) lines.push({ key: 'data.exportNotAnalysed', params: { count: summary.not_analysed } });
  if (diaryEncrypted && summary.format !== 'json-encrypted') lines.push({ key: 'data.exportNotEncrypted' });
  return lines;
}

export function restoreLines(outcome: RestoreOutcome): Line[] {
  const lines: Line[] = [{ key: 'data.restored', params: { count: outcome.entries, name: baseName(outcome.restored_from) } }];
  if (outcome.previous_saved_as) lines.push({ key: 'data.restoredPrevious', params: { name: baseName(outcome.previous_saved_as) } });
  return lines;
}

const FORMAT_KEYS: Record<string, MessageKey> = {
  haru: 'data.formatHaru',
  day_one: 'data.formatDayOne',
  jrnl: 'data.formatJrnl',
};

/** What `haru import` prints, line by line: counts, media left out, each entry left out, notes. */
export function importLines(s: ImportSummary): Line[] {
  const lines: Line[] = [
    {
      key: 'data.imported',
      params: { count: s.imported, format: s.format, duplicates: s.duplicates, problems: s.problems.length },
    },
  ];
  if (s.dates_corrected > 0) lines.push({ key: 'data.datesCorrected', params: { count: s.dates_corrected } });
  if (s.photos_skipped > 0) lines.push({ key: 'data.photosSkipped', params: { count: s.photos_skipped } });
  if (s.other_media_skipped > 0) lines.push({ key: 'data.mediaSkipped', params: { count: s.other_media_skipped } });
  for (const p of s.problems.slice(0, MAX_PROBLEMS_SHOWN)) {
    lines.push({
      key: p.file ? 'data.problemIn' : 'data.problem',
      params: { file: p.file ?? '', index: p.index, reason: p.reason },
    });
  }
  if (s.problems.length > MAX_PROBLEMS_SHOWN) {
    lines.push({ key: 'data.moreProblems', params: { count: s.problems.length - MAX_PROBLEMS_SHOWN } });
  }
  for (const note of s.notes) lines.push({ key: 'data.note', params: { note } });
  return lines;
}

/** A line in the UI language (`tr`: the translate function of the current language); an import's
 *  format is named in that language too. */
export function lineText(line: Line, tr: (key: MessageKey, params?: Params) => string): string {
  const params = { ...line.params };
  const format = typeof params.format === 'string' ? FORMAT_KEYS[params.format] : undefined;
  if (format) params.format = tr(format);
  return tr(line.key, params);
}

export class YourData {
  private readonly api: YourDataApi;
  private readonly encrypted: () => boolean;
  private readonly beforeChange: () => Promise<void>;
  private readonly afterChange: () => Promise<void>;
  private unlisten: Unlisten | null = null;
  private openSeq = 0;

  backups = $state<BackupInfo[]>([]);
  loading = $state(false);
  /** The task in hand; every button waits while there is one. */
  busy = $state<DataTask | null>(null);
  stage = $state<Stage | null>(null);
  /** How far the stage in hand has come (exports and imports count entries); `null` until counted. */
  count = $state<Count | null>(null);
  /** What the last task did. */
  lines = $state<Line[]>([]);
  /** Why the last task failed (the back end's message), or why it could not start. */
  problem = $state<Problem | null>(null);
  /** The backup waiting for "Restore" to be confirmed. */
  confirming = $state<BackupInfo | null>(null);

  format = $state<ExportFormat>('json');
  encrypt = $state(false);
  passphrase = $state('');
  confirm = $state('');

  /** An encrypted export chosen for import, waiting for its passphrase. */
  importChoice = $state<ImportChoice | null>(null);
  importPassphrase = $state('');

  constructor(options: {
    api: YourDataApi;
    /** Whether the diary is encrypted (a plain export of it says so). */
    encrypted: () => boolean;
    /** Before a restore or an import: what was typed is saved first. */
    beforeChange?: () => Promise<void>;
    /** After them: the diary on screen is read again. */
    afterChange?: () => Promise<void>;
  }) {
    this.api = options.api;
    this.encrypted = options.encrypted;
    this.beforeChange = options.beforeChange ?? (async () => {});
    this.afterChange = options.afterChange ?? (async () => {});
  }

  /** The section is shown: list the backups and follow progress. */
  async open(): Promise<void> {
    const seq = ++this.openSeq;
    if (!this.unlisten) {
      const unlisten = await this.api.onDataProgress((p) => this.onProgress(p)).catch(() => null);
      if (seq !== this.openSeq) unlisten?.();
      else this.unlisten = unlisten;
    }
    await this.refresh();
  }

  close(): void {
    this.openSeq++;
    this.unlisten?.();
    this.unlisten = null;
    this.confirming = null;
    this.clearSecrets();
  }

  async refresh(): Promise<void> {
    this.loading = true;
    try {
      this.backups = newestFirst(await this.api.diaryBackups());
    } catch (e) {
      this.problem = { message: toAppError(e).message };
    } finally {
      this.loading = false;
    }
  }

  /** The whole percentage of the stage in hand, or `null` while not counted (the bar then just moves). */
  get percent(): number | null {
    return percentOf(this.count);
  }

  onProgress(p: DataProgress): void {
    if (p.task !== this.busy) return;
    if (p.stage !== 'working' && p.stage !== 'analysing') return;
    if (p.stage !== this.stage) this.count = null;
    this.stage = p.stage;
    if (p.done !== null && p.total !== null) this.count = { done: p.done, total: p.total };
  }

  private clearSecrets(): void {
    this.passphrase = '';
    this.confirm = '';
    this.importPassphrase = '';
  }

  /** Runs one task at a time; its result's lines, or its error, are what the section shows. */
  private async run<T>(task: DataTask, stage: Stage, work: () => Promise<T>, describe: (r: T) => Line[]): Promise<boolean> {
    if (this.busy) return false;
    this.busy = task;
    this.stage = stage;
    this.count = null;
    this.problem = null;
    this.lines = [];
    try {
      const result = await work();
      this.lines = describe(result);
      return true;
    } catch (e) {
      this.problem = { message: toAppError(e).message };
      return false;
    } finally {
      this.busy = null;
      this.stage = null;
      this.count = null;
    }
  }

  /**
   * A task that changes the diary underneath (restore, import): what was typed is saved first.
   * True when it was done (the caller then has the diary on screen read again).
   */
  private async change<T>(task: DataTask, work: () => Promise<T>, describe: (r: T) => Line[]): Promise<boolean> {
    let done = false;
    await this.run(
      task,
      'working',
      async () => {
        await this.beforeChange();
        return work();
      },
      (result) => ((done = true), describe(result)),
    );
    return done;
  }

  async backupNow(): Promise<boolean> {
    const ok = await this.run(
      'backup',
      'working',
      () => this.api.backupDiary(),
      (info) => [{ key: 'data.backedUp', params: { name: info.file_name } }],
    );
    if (ok) await this.refresh();
    return ok;
  }

  /** Asks first: "Restore" confirms, saying the diary as it is is saved as a pre-restore backup. */
  askRestore(backup: BackupInfo): void {
    if (this.busy || backup.problem !== null) return;
    this.confirming = backup;
  }

  cancelRestore(): void {
    this.confirming = null;
  }

  async restore(): Promise<boolean> {
    const backup = this.confirming;
    if (!backup || this.busy) return false;
    this.confirming = null;
    const ok = await this.change('restore', () => this.api.restoreDiary(backup.file_name), restoreLines);
    if (ok) await this.afterChange();
    await this.refresh();
    return ok;
  }

  /** Opens the save dialog for the chosen format; an encrypted JSON export needs a passphrase twice. */
  async export(): Promise<boolean> {
    if (this.busy) return false;
    const sealed = this.format === 'json' && this.encrypt;
    if (sealed) {
      const invalid = passphraseProblem(this.passphrase, this.confirm);
      if (invalid) {
        this.problem = { key: invalid };
        return false;
      }
    }
    const passphrase = sealed ? this.passphrase : null;
    let cancelled = false;
    const ok = await this.run(
      'export',
      'choosing',
      () => this.api.exportDiary(this.format, passphrase),
      (summary) => {
        if (!summary) {
          cancelled = true;
          return [];
        }
        return exportLines(summary, this.encrypted());
      },
    );
    if (ok && !cancelled) this.clearSecrets();
    return ok && !cancelled;
  }

  /** Opens the file dialog; an encrypted export then waits for its passphrase, anything else is imported at once. */
  async pickImport(): Promise<boolean> {
    if (this.busy) return false;
    this.importChoice = null;
    this.importPassphrase = '';
    let choice = null as ImportChoice | null;
    const picked = await this.run('import', 'choosing', () => this.api.pickImportFile(), (c) => ((choice = c), []));
    if (!picked || !choice) return false;
    if (choice.encrypted) {
      this.importChoice = choice;
      return false;
    }
    return this.importNow(null);
  }

  /** Imports the chosen encrypted export with the passphrase typed for it. */
  async importEncrypted(): Promise<boolean> {
    if (!this.importChoice || this.busy) return false;
    if (this.importPassphrase === '') {
      this.problem = { key: 'unlock.empty' };
      return false;
    }
    return this.importNow(this.importPassphrase);
  }

  cancelImport(): void {
    if (this.busy) return;
    this.importChoice = null;
    this.importPassphrase = '';
  }

  private async importNow(passphrase: string | null): Promise<boolean> {
    let wrong = false;
    const ok = await this.change(
      'import',
      async () => {
        try {
          return await this.api.importPicked(passphrase);
        } catch (e) {
          const err = toAppError(e);
          wrong = err.code === 'wrong_passphrase' || err.code === 'locked';
          throw err;
        }
      },
      importLines,
    );
    this.importPassphrase = '';
    if (wrong && this.importChoice) {
      this.problem = { key: 'data.wrongExportPassphrase' };
      return false;
    }
    this.importChoice = null;
    if (ok) await this.afterChange();
    return ok;
  }
}

/** When a backup was taken, in this computer's time and the UI language. */
export function backupDate(createdAt: string, lang: 'en' | 'ko'): string {
  const d = new Date(createdAt);
  if (Number.isNaN(d.getTime())) return createdAt;
  return new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
