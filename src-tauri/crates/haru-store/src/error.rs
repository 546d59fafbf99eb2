//! Store failures, each naming the file or input involved, with a mapping to UI error codes.

use std::path::{Path, PathBuf};

use haru_core::{AppError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the diary database {path} is damaged or is not a Haru database ({detail}). Haru did not \
         change it: restore it from a backup, or move it away to start a new diary"
    )]
    Corrupt { path: PathBuf, detail: String },

    #[error(
        "the diary database {path} was written by a newer version of Haru (schema {found}, this \
         version understands up to {supported}). Haru did not change it: update Haru to open it"
    )]
    SchemaTooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    #[error("the disk holding {path} is full: the last change was not saved and earlier data is intact. Free some space and try again")]
    DiskFull { path: PathBuf },

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "this diary is encrypted; unlock it with its passphrase (the app asks for it; the `haru` \
         command reads HARU_PASSPHRASE or --passphrase-stdin) or with the recovery key \
         ({data_dir})"
    )]
    Locked { data_dir: PathBuf },

    #[error(
        "{}. Nothing was changed; try again in a moment",
        if *exclusive {
            format!("the diary in {} is open in another Haru program (the app or a command): \
                     close it, or let the command finish", data_dir.display())
        } else {
            format!("the diary in {} is busy: another Haru command (encrypt, decrypt, a \
                     passphrase change or a restore) is working on it", data_dir.display())
        }
    )]
    Busy { data_dir: PathBuf, exclusive: bool },

    /// SQLite's own "database is locked": another connection held the database longer than
    /// the busy timeout, or a read could not be turned into a write because another save
    /// landed first. Like `Busy`, nothing was changed and trying again works.
    #[error(
        "the diary {path} is busy with another save that did not finish in time. Nothing was \
         changed; try again in a moment"
    )]
    Contended { path: PathBuf },

    #[error(
        "{} is not the right {} for the diary in {data_dir}. Nothing was changed; try again",
        if *recovery { "That recovery key" } else { "That passphrase" },
        if *recovery { "recovery key" } else { "passphrase" }
    )]
    WrongPassphrase { data_dir: PathBuf, recovery: bool },

    #[error(
        "the diary in {data_dir} is encrypted, but its key file haru.key is {} and no intact \
         copy of it was found (haru.key.copy in the folder, or a .key file beside a backup in \
         backups/). Nothing was changed: put haru.key, or a copy of it, back into the folder; \
         the passphrase or the recovery key then opens the diary",
        if *damaged { "damaged" } else { "missing" }
    )]
    KeyMissing { data_dir: PathBuf, damaged: bool },

    #[error(
        "the diary {path} cannot be written: the file or its folder is read-only (or on a \
         read-only disk). Nothing was changed; reading works, but to change the diary make the \
         folder and the file writable for this user"
    )]
    ReadOnly { path: PathBuf },

    #[error("no entry with id {0}")]
    NotFound(i64),

    #[error("an empty entry is not saved")]
    EmptyEntry,

    #[error(transparent)]
    InvalidInput(#[from] AppError),

    #[error("database error in {path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}

impl StoreError {
    /// Classifies a SQLite error: damaged files and full disks get their own variants.
    pub(crate) fn from_sqlite(err: rusqlite::Error, path: &Path) -> StoreError {
        use rusqlite::ffi::ErrorCode as Code;
        match err.sqlite_error_code() {
            Some(Code::NotADatabase) | Some(Code::DatabaseCorrupt) => StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: err.to_string(),
            },
            Some(Code::DiskFull) => StoreError::DiskFull {
                path: path.to_path_buf(),
            },
            // SQLCipher's export reports a full disk as a plain error with SQLite's message.
            _ if err.to_string().contains("database or disk is full") => StoreError::DiskFull {
                path: path.to_path_buf(),
            },
            // A full disk can also surface as an I/O error (growing the shared-memory file,
            // a short write): when the disk has next to no room left, that is what it is.
            Some(Code::SystemIoFailure) if almost_no_room_left(path) => StoreError::DiskFull {
                path: path.to_path_buf(),
            },
            Some(Code::ReadOnly) => StoreError::ReadOnly {
                path: path.to_path_buf(),
            },
            Some(Code::DatabaseBusy) => StoreError::Contended {
                path: path.to_path_buf(),
            },
            _ => StoreError::Sqlite {
                path: path.to_path_buf(),
                source: err,
            },
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::Corrupt { .. } => ErrorCode::DatabaseCorrupt,
            StoreError::SchemaTooNew { .. } => ErrorCode::SchemaTooNew,
            StoreError::DiskFull { .. } => ErrorCode::DiskFull,
            StoreError::Io { source, .. } if is_disk_full(source) => ErrorCode::DiskFull,
            StoreError::Io { .. } => ErrorCode::Io,
            StoreError::Locked { .. } => ErrorCode::Locked,
            StoreError::Busy { .. } | StoreError::Contended { .. } => ErrorCode::Busy,
            StoreError::KeyMissing { .. } => ErrorCode::KeyMissing,
            StoreError::ReadOnly { .. } => ErrorCode::ReadOnly,
            StoreError::WrongPassphrase { .. } => ErrorCode::WrongPassphrase,
            StoreError::NotFound(_) => ErrorCode::NotFound,
            StoreError::EmptyEntry => ErrorCode::EmptyEntry,
            StoreError::InvalidInput(err) => err.code,
            StoreError::Sqlite { .. } => ErrorCode::Internal,
        }
    }
}

/// Whether the file system holding `path` has less than 1 MiB left for this user.
#[cfg(unix)]
fn almost_no_room_left(path: &Path) -> bool {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    rustix::fs::statvfs(dir)
        .is_ok_and(|stats| u128::from(stats.f_bavail) * u128::from(stats.f_frsize) < 1 << 20)
}

#[cfg(not(unix))]
fn almost_no_room_left(_path: &Path) -> bool {
    false
}

fn is_disk_full(err: &std::io::Error) -> bool {
    err.kind() == std::io::ErrorKind::StorageFull
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> AppError {
        match err {
            StoreError::InvalidInput(inner) => inner,
            // A full disk says so the same way wherever it was hit, and that nothing is lost.
            StoreError::Io { path, source } if is_disk_full(&source) => {
                StoreError::DiskFull { path }.into()
            }
            other => AppError::new(other.code(), other.to_string()),
        }
    }
}
