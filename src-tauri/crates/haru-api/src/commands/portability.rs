//! "Your data" in the settings: back up now, list and restore backups, export and import, with
//! the same `haru-portability` functions (so the same guarantees and messages) as
//! `haru backup`, `restore`, `export` and `import`.
//!
//! The window never names a file path (the permission manifest in the app's `build.rs`): the shell asks
//! the system's file dialog for one (its `data_dialogs.rs`) and hands it here. A restore names its
//! backup by file name only, one the app listed itself: [`backup_in`] accepts a plain name of a
//! backup in the diary's `backups` folder and nothing else. Tauri-free, so tests call it on a
//! temporary diary.
//!
//! Exports and imports report how far they have come (`progress(stage, done, total)` entries),
//! and an export first analyses the entries whose emotions are missing or out of date, as
//! `haru export` does before its CSV, so that CSV, Markdown and JSON carry them; when the
//! emotion model cannot be loaded it exports without them and says how many
//! ([`ExportSummary::not_analysed`]).

use std::path::{Component, Path, PathBuf};

use haru_core::{AppError, BackupInfo, DataStage, ErrorCode, ExportSummary, ImportSummary};
use haru_emotion::ModelPaths;
use haru_store::{DbFile, DbKey, Integrity, Store};

type Result<T> = std::result::Result<T, AppError>;

/// What "Export" writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// Everything, lossless (`haru export --format json`).
    Json,
    /// The same, sealed under a passphrase (`--encrypt`).
    JsonEncrypted,
    /// One `YYYY-MM-DD-<id>.md` per entry, in a folder.
    Markdown,
    /// Emotion scores, one row per analysed entry.
    Csv,
}

impl ExportKind {
    /// The window's `format` (`json`, `markdown`, `csv`), encrypted or not.
    pub fn parse(format: &str, encrypted: bool) -> Result<ExportKind> {
        match (format, encrypted) {
            ("json", false) => Ok(ExportKind::Json),
            ("json", true) => Ok(ExportKind::JsonEncrypted),
            ("markdown", false) => Ok(ExportKind::Markdown),
            ("csv", false) => Ok(ExportKind::Csv),
            ("markdown" | "csv", true) => Err(invalid("only a JSON export can be encrypted")),
            (other, _) => Err(invalid(format!(
                "unknown export format '{other}' (json, markdown or csv)"
            ))),
        }
    }

    /// The name the save dialog proposes; for Markdown, the folder that is created.
    pub fn suggested_name(self, today: &str) -> String {
        match self {
            ExportKind::Json => format!("haru-{today}.json"),
            ExportKind::JsonEncrypted => format!("haru-{today}.haru"),
            ExportKind::Markdown => format!("haru-{today}-markdown"),
            ExportKind::Csv => format!("haru-emotions-{today}.csv"),
        }
    }

    /// The save dialog's file-type filter (name, extensions), if any.
    pub fn filter(self) -> Option<(&'static str, &'static [&'static str])> {
        match self {
            ExportKind::Json => Some(("JSON", &["json"])),
            ExportKind::JsonEncrypted => Some(("Haru (encrypted)", &["haru"])),
            ExportKind::Markdown => None,
            ExportKind::Csv => Some(("CSV", &["csv"])),
        }
    }
}

/// ONNX Runtime threads for the analysis before an export (as the background worker uses).
const EXPORT_ANALYSIS_THREADS: usize = 1;

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What an export did: its summary, and the entries it analysed first (the window is told
/// their analyses changed).
#[derive(Debug)]
pub struct Exported {
    pub summary: ExportSummary,
    pub analysed: Vec<i64>,
}

/// Writes the export of `kind` to `path` (a folder for Markdown), on its own connection so
/// saves go on meanwhile. Whole or not at all, private (0600), as `haru export`. Entries not
/// yet analysed are analysed first with the model at `model` ([`haru_analysis::catch_up`]);
/// `progress(stage, done, total)` follows the analysis (`analysing`), then the entries
/// written (`working`).
pub fn export(
    db: &DbFile,
    kind: ExportKind,
    path: &Path,
    passphrase: Option<&str>,
    model: &ModelPaths,
    progress: &mut dyn FnMut(DataStage, u32, u32),
) -> Result<Exported> {
    let needs_passphrase = || invalid("an encrypted export needs a passphrase");
    if kind == ExportKind::JsonEncrypted && passphrase.is_none() {
        return Err(needs_passphrase());
    }
    let mut store = db.open(Integrity::OnAccess)?;
    let emotions =
        haru_analysis::catch_up(&mut store, model, EXPORT_ANALYSIS_THREADS, |done, total| {
            progress(DataStage::Analysing, count(done), count(total))
        });
    if let Some(problem) = &emotions.problem {
        log::warn!("exporting without up-to-date emotions: {problem}");
    }
    let mut working = |done, total| progress(DataStage::Working, done, total);
    let mut summary = match kind {
        ExportKind::Json => {
            haru_portability::export_to_with_progress(&store, "json", path, &mut working)?
        }
        ExportKind::JsonEncrypted => {
            let passphrase = passphrase.ok_or_else(needs_passphrase)?;
            haru_portability::export_json_encrypted_to_with_progress(
                &store,
                path,
                None,
                passphrase,
                &mut working,
            )?
        }
        ExportKind::Markdown => {
            haru_portability::export_to_with_progress(&store, "markdown", path, &mut working)?
        }
        ExportKind::Csv => {
            haru_portability::export_to_with_progress(&store, "csv", path, &mut working)?
        }
    };
    summary.not_analysed = emotions.not_analysed;
    Ok(Exported {
        summary,
        analysed: emotions.analysed,
    })
}

/// A file chosen for import, as the window sees it: its name (not its path) and whether it is
/// an encrypted export, which needs a passphrase.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportChoice {
    pub file_name: String,
    pub encrypted: bool,
}

pub fn describe_import(path: &Path) -> Result<ImportChoice> {
    Ok(ImportChoice {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        encrypted: haru_portability::is_encrypted_export(path)?,
    })
}

/// `haru import`: a Haru export (into an empty diary only), a Day One zip or JSON, or a jrnl
/// export, recognised by content. `progress(done, total)` follows the entries imported.
pub fn import(
    store: &mut Store,
    path: &Path,
    passphrase: Option<&str>,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<ImportSummary> {
    let options = haru_portability::ImportOptions {
        passphrase,
        ..Default::default()
    };
    Ok(haru_portability::import_file_with_progress(
        store, path, &options, progress,
    )?)
}

/// `haru backup`, on its own connection (the integrity check and the copy never hold up a save).
pub fn backup_now(db: &DbFile) -> Result<BackupInfo> {
    let store = db.open(Integrity::OnAccess)?;
    Ok(haru_portability::backup_now(&store)?)
}

/// `haru backup --list`: newest first, with entry counts and kinds.
pub fn list_backups(db: &DbFile) -> Result<Vec<BackupInfo>> {
    Ok(haru_portability::list_backups(
        &haru_portability::backups_dir_of(db.path()),
        db.key(),
    )?)
}

/// The backup the window names by `file_name`: a plain file name (no folder, no `..`), listed
/// as a backup of this diary, and a regular file (not a link). Anything else is refused.
pub fn backup_in(db_path: &Path, key: Option<&DbKey>, file_name: &str) -> Result<PathBuf> {
    let not_ours = || {
        invalid(format!(
            "'{file_name}' is not a backup of this diary: choose one from the list"
        ))
    };
    let mut parts = Path::new(file_name).components();
    let plain = matches!(parts.next(), Some(Component::Normal(_)))
        && parts.next().is_none()
        && !file_name.contains(['/', '\\', '\0'])
        && !file_name.starts_with('.');
    if !plain {
        return Err(not_ours());
    }
    let dir = haru_portability::backups_dir_of(db_path);
    let listed = haru_portability::list_backups(&dir, key)?;
    if !listed.iter().any(|b| b.file_name == file_name) {
        return Err(not_ours());
    }
    let path = dir.join(file_name);
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.file_type().is_file() => Ok(path),
        _ => Err(not_ours()),
    }
}

fn invalid(message: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use haru_core::SaveRequest;

    /// A model that is not there: exports go on without analysing.
    fn no_model() -> ModelPaths {
        let nowhere = Path::new("/nonexistent/haru-model");
        ModelPaths::in_dir(nowhere, &nowhere.join("libonnxruntime.so"))
    }

    fn export_quietly(
        db: &DbFile,
        kind: ExportKind,
        path: &Path,
        passphrase: Option<&str>,
    ) -> Result<ExportSummary> {
        export(db, kind, path, passphrase, &no_model(), &mut |_, _, _| {}).map(|e| e.summary)
    }

    /// A plain export that must succeed, with every progress call it made.
    fn export_watched(
        store: &Store,
        kind: ExportKind,
        path: &Path,
        model: &ModelPaths,
    ) -> (Exported, Vec<(DataStage, u32, u32)>) {
        let mut calls = Vec::new();
        let exported = export(
            &store.db_file(),
            kind,
            path,
            None,
            model,
            &mut |stage, done, total| calls.push((stage, done, total)),
        )
        .unwrap();
        (exported, calls)
    }

    fn import_quietly(
        store: &mut Store,
        path: &Path,
        passphrase: Option<&str>,
    ) -> Result<ImportSummary> {
        import(store, path, passphrase, &mut |_, _| {})
    }

    fn diary_with(dir: &Path, texts: &[&str]) -> Store {
        let mut store = Store::open_in(dir).unwrap();
        for text in texts {
            store
                .save(&SaveRequest {
                    id: None,
                    date: "2026-03-14".into(),
                    body: (*text).into(),
                })
                .unwrap();
        }
        store
    }

    #[test]
    fn export_kinds_parse_and_only_json_encrypts() {
        assert_eq!(ExportKind::parse("json", false).unwrap(), ExportKind::Json);
        assert_eq!(
            ExportKind::parse("json", true).unwrap(),
            ExportKind::JsonEncrypted
        );
        assert_eq!(
            ExportKind::parse("markdown", false).unwrap(),
            ExportKind::Markdown
        );
        assert_eq!(ExportKind::parse("csv", false).unwrap(), ExportKind::Csv);
        assert_eq!(
            ExportKind::parse("csv", true).unwrap_err().code,
            ErrorCode::InvalidInput
        );
        assert_eq!(
            ExportKind::parse("/etc/passwd", false).unwrap_err().code,
            ErrorCode::InvalidInput
        );
        assert_eq!(
            ExportKind::Markdown.suggested_name("2026-03-14"),
            "haru-2026-03-14-markdown"
        );
    }

    #[test]
    fn a_backup_is_named_only_by_a_listed_plain_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let store = diary_with(dir.path(), &["오늘은 학교에 갔다."]);
        let db = store.db_file();
        let info = backup_now(&db).unwrap();
        let listed = list_backups(&db).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].entries, Some(1));
        assert_eq!(listed[0].kind, "manual");
        let path = backup_in(store.path(), None, &info.file_name).unwrap();
        assert_eq!(path, dir.path().join("backups").join(&info.file_name));

        let elsewhere = tempfile::tempdir().unwrap();
        let outside = elsewhere.path().join(&info.file_name);
        std::fs::copy(&path, &outside).unwrap();
        for name in [
            "",
            ".",
            "..",
            "../haru.sqlite3",
            "backups/x.sqlite3",
            outside.to_str().unwrap(),
            "..\\haru.sqlite3",
            "haru-20260101-000000-manual.sqlite3", // well formed, not there
            "haru.sqlite3",
            &format!("{}.sha256", info.file_name),
        ] {
            let err = backup_in(store.path(), None, name).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidInput, "{name:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_the_backups_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = diary_with(dir.path(), &["one"]);
        let info = backup_now(&store.db_file()).unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let target = elsewhere.path().join("other.sqlite3");
        std::fs::copy(dir.path().join("backups").join(&info.file_name), &target).unwrap();
        let name = "haru-20200101-000000-manual.sqlite3";
        std::os::unix::fs::symlink(&target, dir.path().join("backups").join(name)).unwrap();
        assert_eq!(
            backup_in(store.path(), None, name).unwrap_err().code,
            ErrorCode::InvalidInput
        );
    }

    #[test]
    fn export_then_import_into_an_empty_diary_and_an_encrypted_export_needs_its_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let store = diary_with(dir.path(), &["first day", "두 번째 날"]);
        let out = tempfile::tempdir().unwrap();
        let json = out.path().join("diary.json");
        let summary = export_quietly(&store.db_file(), ExportKind::Json, &json, None).unwrap();
        assert_eq!(summary.entries, 2);
        assert!(!describe_import(&json).unwrap().encrypted);

        let sealed = out.path().join("diary.haru");
        export_quietly(
            &store.db_file(),
            ExportKind::JsonEncrypted,
            &sealed,
            Some("four unrelated words"),
        )
        .unwrap();
        let choice = describe_import(&sealed).unwrap();
        assert_eq!(
            choice,
            ImportChoice {
                file_name: "diary.haru".into(),
                encrypted: true
            }
        );

        let empty = tempfile::tempdir().unwrap();
        let mut target = Store::open_in(empty.path()).unwrap();
        assert_eq!(
            import_quietly(&mut target, &sealed, None).unwrap_err().code,
            ErrorCode::Locked
        );
        assert_eq!(
            import_quietly(&mut target, &sealed, Some("wrong words here"))
                .unwrap_err()
                .code,
            ErrorCode::WrongPassphrase
        );
        let imported = import_quietly(&mut target, &json, None).unwrap();
        assert_eq!((imported.format.as_str(), imported.imported), ("haru", 2));
        // A Haru export goes into an empty diary only, as with `haru import`.
        assert_eq!(
            import_quietly(&mut target, &sealed, Some("four unrelated words"))
                .unwrap_err()
                .code,
            ErrorCode::InvalidInput
        );

        let md = out.path().join("md");
        assert_eq!(
            export_quietly(&store.db_file(), ExportKind::Markdown, &md, None)
                .unwrap()
                .entries,
            2
        );
        assert_eq!(std::fs::read_dir(&md).unwrap().count(), 2);
    }

    #[test]
    fn without_a_model_an_export_goes_on_and_counts_the_entries_left_unanalysed() {
        let dir = tempfile::tempdir().unwrap();
        let store = diary_with(dir.path(), &["first day", "두 번째 날"]);
        let out = tempfile::tempdir().unwrap();
        let (exported, calls) = export_watched(
            &store,
            ExportKind::Markdown,
            &out.path().join("md"),
            &no_model(),
        );
        assert_eq!(exported.summary.entries, 2);
        assert_eq!(exported.summary.not_analysed, 2);
        assert!(exported.analysed.is_empty());
        assert_eq!(
            calls,
            vec![
                (DataStage::Working, 0, 2),
                (DataStage::Working, 1, 2),
                (DataStage::Working, 2, 2)
            ]
        );
        // The CSV has the analysed entries only: none here, and it says so.
        let csv = export_quietly(
            &store.db_file(),
            ExportKind::Csv,
            &out.path().join("e.csv"),
            None,
        )
        .unwrap();
        assert_eq!((csv.entries, csv.not_analysed), (0, 2));
        // An encrypted export without its passphrase is refused before any work.
        let mut called = false;
        let err = export(
            &store.db_file(),
            ExportKind::JsonEncrypted,
            &out.path().join("x.haru"),
            None,
            &no_model(),
            &mut |_, _, _| called = true,
        )
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert!(!called);
    }

    #[test]
    fn an_export_analyses_the_entries_not_analysed_yet_first() {
        // The shipped model (`make setup`), as the background worker's tests use it.
        let dir = tempfile::tempdir().unwrap();
        let store = diary_with(dir.path(), &["What a lovely, happy day.", "너무 슬프다."]);
        let out = tempfile::tempdir().unwrap();
        let (exported, calls) = export_watched(
            &store,
            ExportKind::Csv,
            &out.path().join("emotions.csv"),
            &ModelPaths::locate(),
        );
        assert_eq!(
            (exported.summary.entries, exported.summary.not_analysed),
            (2, 0)
        );
        assert_eq!(exported.analysed.len(), 2);
        assert_eq!(
            calls,
            vec![
                (DataStage::Analysing, 0, 2),
                (DataStage::Analysing, 1, 2),
                (DataStage::Analysing, 2, 2),
                (DataStage::Working, 0, 2),
                (DataStage::Working, 1, 2),
                (DataStage::Working, 2, 2)
            ]
        );
        let csv = std::fs::read_to_string(out.path().join("emotions.csv")).unwrap();
        assert_eq!(csv.lines().count(), 3, "{csv}");
        // Nothing left to analyse the next time.
        let mut calls = Vec::new();
        export(
            &store.db_file(),
            ExportKind::Markdown,
            &out.path().join("md"),
            None,
            &ModelPaths::locate(),
            &mut |stage, _, _| calls.push(stage),
        )
        .unwrap();
        assert!(!calls.contains(&DataStage::Analysing));
    }

    #[test]
    fn an_import_reports_each_entry() {
        let dir = tempfile::tempdir().unwrap();
        let store = diary_with(dir.path(), &["one", "two", "three"]);
        let out = tempfile::tempdir().unwrap();
        let json = out.path().join("diary.json");
        export_quietly(&store.db_file(), ExportKind::Json, &json, None).unwrap();
        let empty = tempfile::tempdir().unwrap();
        let mut target = Store::open_in(empty.path()).unwrap();
        let mut calls = Vec::new();
        import(&mut target, &json, None, &mut |d, t| calls.push((d, t))).unwrap();
        assert_eq!(calls, vec![(0, 3), (1, 3), (2, 3), (3, 3)]);
    }
}
