//! What can go wrong when backing up, restoring, exporting or importing, with the code the UI
//! branches on and a message that says what to do next.

use std::path::PathBuf;

use haru_core::{AppError, ErrorCode};
use haru_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum PortabilityError {
    #[error(transparent)]
    Store(#[from] StoreError),

    #[error(
        "the backup {path} is damaged ({detail}). Nothing was changed: choose another backup \
         (`haru backup --list` shows them), the newest undamaged one is usually best"
    )]
    BackupDamaged { path: PathBuf, detail: String },

    #[error(
        "{path} is not a Haru diary database ({detail}). Nothing was changed: choose a file from \
         the backups folder"
    )]
    NotHaru { path: PathBuf, detail: String },

    #[error(
        "the backup {path} was written by a newer version of Haru (schema {found}, this version \
         understands up to {supported}). Nothing was changed: update Haru to restore it"
    )]
    BackupTooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    #[error(
        "the diary database is damaged, so it was not backed up (a damaged copy would push a \
         good backup out of the rotation): {0}"
    )]
    SourceDamaged(String),

    #[error("{path} cannot be imported: {detail}. Nothing was changed")]
    BadImport { path: PathBuf, detail: String },

    #[error(
        "this diary already has {entries} entries, and a Haru export is imported only into an \
         empty diary (it carries ids, analyses and settings that would clash). Nothing was \
         changed: import it into a new folder (`haru --data-dir NEW_FOLDER import FILE`), or \
         restore a backup instead"
    )]
    NotEmpty { entries: i64 },
}

impl PortabilityError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> PortabilityError {
        let path = path.into();
        move |source| PortabilityError::Store(StoreError::Io { path, source })
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            PortabilityError::Store(err) => err.code(),
            PortabilityError::BackupDamaged { .. } | PortabilityError::SourceDamaged(_) => {
                ErrorCode::DatabaseCorrupt
            }
            PortabilityError::BackupTooNew { .. } => ErrorCode::SchemaTooNew,
            PortabilityError::NotHaru { .. }
            | PortabilityError::BadImport { .. }
            | PortabilityError::NotEmpty { .. } => ErrorCode::InvalidInput,
        }
    }
}

impl From<PortabilityError> for AppError {
    fn from(err: PortabilityError) -> AppError {
        match err {
            PortabilityError::Store(inner) => inner.into(),
            other => AppError::new(other.code(), other.to_string()),
        }
    }
}
