//! Haru's durable state: one SQLite file per diary, opened, checked and migrated here.
//!
//! Every per-table read and write lives in this crate so that the CLI, the desktop shell and
//! the tests share one implementation of each (and of its search-index maintenance). The one
//! exception is whole-database work (backups, restore, export, import) in `haru-portability`,
//! which runs SQL through the open connection (`Store::connection`, see `handles`).

mod analyses;
mod at_rest;
mod checkins;
mod crash_point;
pub mod crypt;
mod entries;
mod error;
mod folder_lock;
mod handles;
pub mod hex;
pub mod key_copies;
mod migrations;
mod open;
pub mod paths;
pub mod private;
mod recommendations;
pub mod search;
mod settings;

pub use analyses::{DatedAnalysis, StoredAnalysis, StoredSentence};
pub use at_rest::{convert_database, is_encrypted_in, key_connection, DbFile};
pub use checkins::StoredCorrection;
pub use crash_point::crash_point;
pub use crypt::{DbKey, KdfParams, KeyFile, RecoveryKey, Secret};
pub use error::StoreError;
pub use folder_lock::{FolderLock, FOLDER_LOCK_FILE};
pub use handles::{classify_sqlite, ImportedEntry};
pub use migrations::{latest_version, MIGRATIONS};
pub use open::{Integrity, DB_FILE_NAME};
pub use recommendations::{FeedbackRow, ItemRow, ShownRow};
pub use search::SearchFilter;

use std::path::{Path, PathBuf};

/// An open, migrated diary database.
pub struct Store {
    conn: rusqlite::Connection,
    path: PathBuf,
    /// The SQLCipher key when the diary is encrypted (other connections need it too).
    key: Option<DbKey>,
    /// The data folder held shared while the diary is open (`folder_lock`); after `conn`, so
    /// it is released only once the connection is closed.
    _lock: FolderLock,
}

impl Store {
    /// Opens (creating if needed) the diary database in `data_dir`, checking it whole. An
    /// encrypted diary gives `StoreError::Locked`: use [`Store::unlock_in`].
    pub fn open_in(data_dir: &Path) -> Result<Store, StoreError> {
        Store::open_in_with(data_dir, Integrity::CheckAtOpen)
    }

    /// Like [`Store::open_in`], choosing how much to verify up front.
    pub fn open_in_with(data_dir: &Path, integrity: Integrity) -> Result<Store, StoreError> {
        private::create_dir(data_dir).map_err(|source| StoreError::Io {
            path: data_dir.to_path_buf(),
            source,
        })?;
        Store::open_keyed(&data_dir.join(DB_FILE_NAME), integrity, None)
    }

    /// Opens (creating if needed) the database file at `path` with `key` (SQLCipher) or, with
    /// `None`, as plain SQLite, refusing files that are not SQLite databases, are damaged, or
    /// were written by a newer Haru.
    pub fn open_keyed(
        path: &Path,
        integrity: Integrity,
        key: Option<&DbKey>,
    ) -> Result<Store, StoreError> {
        let lock = match path.parent() {
            Some(dir) if path.file_name() == Some(DB_FILE_NAME.as_ref()) => {
                FolderLock::shared(dir)?
            }
            // Staging and other files outside a data folder's diary name.
            _ => FolderLock::none(),
        };
        let conn = open::open_checked(path, integrity, key)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            key: key.cloned(),
            _lock: lock,
        })
    }

    /// Opens the diary in `data_dir`, unlocking it with `secret` when it is encrypted (a plain
    /// diary opens as usual). A wrong secret is `WrongPassphrase` and changes nothing.
    pub fn unlock_in(
        data_dir: &Path,
        integrity: Integrity,
        secret: Option<&Secret>,
    ) -> Result<Store, StoreError> {
        // Held while deciding: an `encrypt` in another process cannot switch the file between
        // this look and the open.
        let _held = FolderLock::shared(data_dir)?;
        if !is_encrypted_in(data_dir)? {
            return Store::open_in_with(data_dir, integrity);
        }
        let key = at_rest::unlock_key(data_dir, secret)?;
        Store::open_keyed(&data_dir.join(DB_FILE_NAME), integrity, Some(&key))
    }

    /// Whether this diary is encrypted (SQLCipher).
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// The database key, when encrypted (backups of an encrypted diary use it).
    pub fn key(&self) -> Option<&DbKey> {
        self.key.as_ref()
    }

    /// What another connection needs to open this diary (path and key).
    pub fn db_file(&self) -> DbFile {
        DbFile::new(self.path.clone(), self.key.clone())
    }

    /// The database file this store writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs SQLite's own consistency check; `Ok(())` when it reports "ok".
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        open::integrity_check(&self.conn, &self.path, "integrity_check")
    }

    fn map_err(&self, err: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(err, &self.path)
    }

    /// Starts a write transaction (`IMMEDIATE`: the write lock is taken now, so the
    /// transaction cannot fail half-way because another connection started writing), with
    /// the mapper that turns its SQLite errors into errors naming this file.
    fn write(
        &mut self,
    ) -> Result<
        (
            rusqlite::Transaction<'_>,
            impl Fn(rusqlite::Error) -> StoreError + Copy + '_,
        ),
        StoreError,
    > {
        let Store { conn, path, .. } = self;
        let path: &Path = path;
        let sqlite = move |err| StoreError::from_sqlite(err, path);
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        Ok((tx, sqlite))
    }
}

/// A diary date as stored (`YYYY-MM-DD`), or `InvalidInput` naming what is wrong with it.
pub(crate) fn checked_date(date: &str) -> Result<String, StoreError> {
    Ok(haru_core::parse_entry_date(date)?.to_string())
}

/// Now, as stored in timestamps: RFC 3339 UTC with milliseconds.
pub(crate) fn now_timestamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
