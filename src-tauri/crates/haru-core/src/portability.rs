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
    /// Position in the file's entry list, from 0.
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
    /// Entries already in the diary (same day, same text), not added again.
    pub duplicates: u32,
    pub problems: Vec<ImportProblem>,
}

/// What `export_data` / `haru export` wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportSummary {
    pub format: String,
    pub path: String,
    /// Entries written (Markdown files, CSV rows, or entries in the JSON).
    pub entries: u32,
}
