//! Backups, export and import as the UI and the CLI see them. The work itself lives in
//! `haru-portability`; these are only the shapes that cross the IPC boundary.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One backup file in `<data folder>/backups/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    pub path: String,
    pub file_name: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// When it was taken, RFC 3339 UTC (from the file name).
    pub created_at: String,
    /// `auto`, `manual` or `pre-restore` (the diary as it was before a restore).
    pub kind: String,
    /// Live entries in it; `null` when it cannot be read (see `problem`).
    #[ts(type = "number | null")]
    pub entries: Option<i64>,
    /// Why this backup cannot be restored (damaged, checksum mismatch, …), if it cannot.
    pub problem: Option<String>,
}

/// What `restore_backup` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RestoreOutcome {
    /// The backup that was restored.
    pub restored_from: String,
    /// The diary as it was just before, so the restore can be undone.
    pub previous_saved_as: Option<String>,
    #[ts(type = "number")]
    pub entries: i64,
}

/// One entry of an import file that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportProblem {
    /// The journal inside a zip export it comes from (`Journal.json`); `null` for a JSON file.
    pub file: Option<String>,
    /// Position in that file's entry list, from 0.
    pub index: u32,
    pub reason: String,
}

/// What `import_data` / `haru import` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportSummary {
    /// `haru`, `day_one` or `jrnl`.
    pub format: String,
    pub imported: u32,
    /// Entries already in the diary (or read earlier in the same import), not added again:
    /// Day One entries are recognised by their creation instant and text, jrnl entries by
    /// their day and text.
    pub duplicates: u32,
    /// Of those, entries an earlier import had filed under another day (in the importing
    /// computer's time zone instead of the entry's own), now moved to their own day.
    pub dates_corrected: u32,
    /// Photos attached to the export's entries, not imported: Haru keeps text only (their
    /// placeholders are removed from the text).
    pub photos_skipped: u32,
    /// Videos, audio recordings and PDFs attached to the export's entries, likewise.
    pub other_media_skipped: u32,
    /// Entries not imported, and why.
    pub problems: Vec<ImportProblem>,
    /// What else the import left out or assumed: files of a zip export that were not read,
    /// entries filed in this computer's time zone because theirs is unknown, …
    pub notes: Vec<String>,
}

/// What `export_data` / `haru export` wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportSummary {
    pub format: String,
    pub path: String,
    /// Entries written (Markdown files, CSV rows, or entries in the JSON).
    pub entries: u32,
    /// Live entries whose emotions were missing or out of date and could not be analysed
    /// before the export (the emotion model could not be loaded, or could not analyse them):
    /// they are exported without up-to-date emotions. The app analyses pending entries first, as `haru export` does
    /// before its CSV.
    #[serde(default)]
    pub not_analysed: u32,
}

/// Which "Your data" task a `data-progress` event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DataTask {
    Backup,
    Restore,
    Export,
    Import,
}

/// Where the task is: `analysing` the entries not yet analysed (before an export), `working`
/// (the file is chosen and is being written or read), then `done` or `failed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DataStage {
    Analysing,
    Working,
    Done,
    Failed,
}

/// The `data-progress` event: how far the long work of "Your data" has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DataProgress {
    pub task: DataTask,
    pub stage: DataStage,
    /// Entries done of `total` in this stage; `null` when not counted (a backup, a restore,
    /// reading the file before an import, the end).
    pub done: Option<u32>,
    pub total: Option<u32>,
}
