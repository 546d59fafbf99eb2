//! "Your data" in the settings: back up now, list and restore backups, export and import, with
//! the same `haru-portability` functions (so the same guarantees and messages) as
//! `haru backup`, `restore`, `export` and `import`.
//!
//! The window never names a file path (the permission manifest in `build.rs`): the shell asks
//! the system's file dialog for one (`data_dialogs.rs`) and hands it here. A restore names its
//! backup by file name only, one the app listed itself: [`backup_in`] accepts a plain name of a
//! backup in the diary's `backups` folder and nothing else. Tauri-free, so tests call it on a
//! temporary diary.

use std::path::{Component, Path, PathBuf};

use haru_core::{AppError, BackupInfo, ErrorCode, ExportSummary, ImportSummary};
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

/// Writes the export of `kind` to `path` (a folder for Markdown), on its own connection so
/// saves go on meanwhile. Whole or not at all, private (0600), as `haru export`.
pub fn export(
    db: &DbFile,
    kind: ExportKind,
    path: &Path,
    passphrase: Option<&str>,
) -> Result<ExportSummary> {
    let store = db.open(Integrity::OnAccess)?;
    let summary = match kind {
        ExportKind::Json => haru_portability::export_to(&store, "json", path)?,
        ExportKind::JsonEncrypted => {
            let passphrase =
                passphrase.ok_or_else(|| invalid("an encrypted export needs a passphrase"))?;
            haru_portability::export_json_encrypted_to(&store, path, None, passphrase)?
        }
        ExportKind::Markdown => haru_portability::export_to(&store, "markdown", path)?,
        ExportKind::Csv => haru_portability::export_to(&store, "csv", path)?,
    };
    Ok(summary)
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
/// export, recognised by content.
pub fn import(store: &mut Store, path: &Path, passphrase: Option<&str>) -> Result<ImportSummary> {
    Ok(haru_portability::import_file_with(store, path, passphrase)?)
}

/// `haru backup`, on its own connection (the integrity check and the copy never hold up a save).
pub fn backup_now(db: &DbFile) -> Result<BackupInfo> {
    let store = db.open(Integrity::OnAccess)?;
    Ok(haru_portability::backup_now(&store)?)
}

/// `haru backup --list`: newest first, with entry counts and kinds.
pub fn list_backups(db: &DbFile) -> Result<Vec<BackupInfo>> {
    Ok(haru_portability::list_backups(
        &backups_dir(db.path()),
        db.key(),
    )?)
}

fn backups_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or(Path::new("."))
        .join(haru_portability::BACKUP_DIR)
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
    let dir = backups_dir(db_path);
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
        let summary = export(&store.db_file(), ExportKind::Json, &json, None).unwrap();
        assert_eq!(summary.entries, 2);
        assert!(!describe_import(&json).unwrap().encrypted);

        let sealed = out.path().join("diary.haru");
        export(
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
            import(&mut target, &sealed, None).unwrap_err().code,
            ErrorCode::Locked
        );
        assert_eq!(
            import(&mut target, &sealed, Some("wrong words here"))
                .unwrap_err()
                .code,
            ErrorCode::WrongPassphrase
        );
        let imported = import(&mut target, &json, None).unwrap();
        assert_eq!((imported.format.as_str(), imported.imported), ("haru", 2));
        // A Haru export goes into an empty diary only, as with `haru import`.
        assert_eq!(
            import(&mut target, &sealed, Some("four unrelated words"))
                .unwrap_err()
                .code,
            ErrorCode::InvalidInput
        );

        let md = out.path().join("md");
        assert_eq!(
            export(&store.db_file(), ExportKind::Markdown, &md, None)
                .unwrap()
                .entries,
            2
        );
        assert_eq!(std::fs::read_dir(&md).unwrap().count(), 2);
    }
}
