//! Encrypted or plain: telling them apart, unlocking, and rewriting a database file from one
//! form into the other (SQLCipher's `sqlcipher_export`, which copies every table, index,
//! trigger and the full-text index's storage into a new file under another key).
//!
//! A diary is encrypted when its database file does not start with SQLite's plain header and
//! the key file `haru.key` is beside it. The plain header wins over a key file that is still
//! there (a crash between the two steps of `haru encrypt`/`haru decrypt` leaves a diary that
//! opens as it really is).

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::open::{self, is_plain_header, read_header};
use crate::{migrations, DbKey, Integrity, Secret, Store, StoreError, DB_FILE_NAME};

/// Whether the diary in `data_dir` is encrypted (and so needs unlocking).
pub fn is_encrypted_in(data_dir: &Path) -> Result<bool, StoreError> {
    let db = data_dir.join(DB_FILE_NAME);
    match read_header(&db)? {
        None => Ok(false),
        Some(header) if is_plain_header(&header) => Ok(false),
        // Not plain: encrypted if a key file (haru.key or a copy of it) says so, otherwise
        // `open` reports it damaged or its key missing.
        Some(_) => Ok(crate::key_copies::any_key_file(data_dir)),
    }
}

/// The database key for the encrypted diary in `data_dir`, from the passphrase or recovery key
/// (from `haru.key`, or a copy of it when that is lost: see `key_copies`).
pub(crate) fn unlock_key(data_dir: &Path, secret: Option<&Secret>) -> Result<DbKey, StoreError> {
    let Some(secret) = secret else {
        return Err(StoreError::Locked {
            data_dir: data_dir.to_path_buf(),
        });
    };
    crate::key_copies::unlock_key_file(data_dir, secret).map(|(_, key)| key)
}

/// Where a diary's database is and the key that opens it: what a second connection (a
/// background worker, an automatic backup) needs. The key is wiped from memory when dropped.
#[derive(Debug, Clone)]
pub struct DbFile {
    path: PathBuf,
    key: Option<DbKey>,
}

impl DbFile {
    pub fn new(path: PathBuf, key: Option<DbKey>) -> DbFile {
        DbFile { path, key }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn key(&self) -> Option<&DbKey> {
        self.key.as_ref()
    }

    /// Opens another connection to the diary.
    pub fn open(&self, integrity: Integrity) -> Result<Store, StoreError> {
        Store::open_keyed(&self.path, integrity, self.key.as_ref())
    }
}

/// A plain database file (tests, and callers that never see an encrypted diary).
impl From<PathBuf> for DbFile {
    fn from(path: PathBuf) -> DbFile {
        DbFile { path, key: None }
    }
}

/// Keys a connection that was opened on an encrypted file by other code (backups, checks).
pub fn key_connection(conn: &Connection, key: &DbKey) -> rusqlite::Result<()> {
    open::apply_key(conn, key)
}

/// Writes the whole database behind `src` into the new file `dest` (which must not exist),
/// encrypted with `to_key` or plain with `None`, keeping the schema version. `dest` is left in
/// rollback-journal mode, fsynced, and checked (integrity and entry count) before returning.
pub fn convert_database(
    src: &Connection,
    dest: &Path,
    to_key: Option<&DbKey>,
) -> Result<(), StoreError> {
    let sqlite = |err| StoreError::from_sqlite(err, dest);
    let version = migrations::schema_version(src).map_err(sqlite)?;
    let fk: bool = src
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .map_err(sqlite)?;
    // Created here, private and empty (SQLite fills it as a new database); fails if it exists.
    crate::private::create_new_file(dest).map_err(|source| StoreError::Io {
        path: dest.to_path_buf(),
        source,
    })?;
    // `sqlcipher_export` copies table by table in schema order: children may come first.
    if let Err(err) = src.pragma_update(None, "foreign_keys", false) {
        let _ = std::fs::remove_file(dest);
        return Err(sqlite(err));
    }
    let key_text = to_key.map(|k| k.sql_literal());
    let key_value: &str = key_text.as_ref().map(|k| k.trim_matches('"')).unwrap_or("");
    let result = (|| {
        src.execute(
            "ATTACH DATABASE ?1 AS haru_convert KEY ?2",
            rusqlite::params![dest.to_string_lossy(), key_value],
        )?;
        let exported = src
            .query_row("SELECT sqlcipher_export('haru_convert')", [], |_| Ok(()))
            .and_then(|()| {
                src.execute_batch(&format!("PRAGMA haru_convert.user_version = {version};"))
            });
        let detached = src.execute_batch("DETACH DATABASE haru_convert");
        exported.and(detached)
    })();
    src.pragma_update(None, "foreign_keys", fk)
        .map_err(sqlite)?;
    if let Err(err) = result {
        let _ = std::fs::remove_file(dest);
        return Err(sqlite(err));
    }
    let checked = (|| {
        let conn = Connection::open(dest).map_err(sqlite)?;
        if let Some(key) = to_key {
            open::apply_key(&conn, key).map_err(sqlite)?;
        }
        open::integrity_check(&conn, dest, "integrity_check")?;
        let count = |c: &Connection| -> rusqlite::Result<i64> {
            c.query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
        };
        if count(&conn).map_err(sqlite)? != count(src).map_err(sqlite)? {
            return Err(StoreError::Corrupt {
                path: dest.to_path_buf(),
                detail: "the rewritten copy lacks entries".into(),
            });
        }
        conn.close().map_err(|(_, err)| sqlite(err))?;
        std::fs::File::open(dest)
            .and_then(|f| f.sync_all())
            .map_err(|source| StoreError::Io {
                path: dest.to_path_buf(),
                source,
            })
    })();
    if checked.is_err() {
        let _ = std::fs::remove_file(dest);
    }
    checked
}
