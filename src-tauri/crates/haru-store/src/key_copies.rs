//! Copies of the key file, so that `haru.key` is not a single point of failure.
//!
//! `haru.key` holds the only sealed copies of an encrypted diary's database key: lose that one
//! small file and the diary and every backup were unreadable, recovery key or not. So the same bytes are kept twice more:
//!
//! * `haru.key.copy` in the data folder, written with (just before) every `haru.key`;
//! * `<backup>.key` beside every encrypted backup (`backups/haru-….sqlite3.key`), written when
//!   the backup is taken or encrypted, rewritten by a passphrase change, removed with the
//!   backup (rotation, `haru decrypt`). A backup copied elsewhere together with its `.key`
//!   still opens with the recovery key alone.
//!
//! A copy holds exactly what `haru.key` holds: the key sealed under the passphrase and under the
//! recovery key, never the key in the clear.
//!
//! Unlocking reads `haru.key` first. Only when it is missing or damaged, or holds a key that does
//! not open the diary, are the copies tried (the folder's copy, then the backups' newest first);
//! the first one that the secret opens *and* whose key opens the diary wins, and is written back
//! as `haru.key` and `haru.key.copy` (best-effort: a read-only folder still opens). A `haru.key`
//! that is there and refuses the secret is final: a copy still sealed under an earlier
//! passphrase is never tried then. When neither `haru.key` nor any copy is left, the error is
//! `KeyMissing`, not "damaged".

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::{DbKey, KeyFile, Secret, StoreError, DB_FILE_NAME};

/// The copy of `haru.key` kept in the data folder.
pub const KEY_COPY_NAME: &str = "haru.key.copy";
/// Appended to a backup's file name for the copy kept beside it.
pub const BACKUP_KEY_SUFFIX: &str = ".key";
const BACKUP_DIR: &str = "backups";

/// `haru.key.copy` in `data_dir`.
pub fn data_copy_path(data_dir: &Path) -> PathBuf {
    data_dir.join(KEY_COPY_NAME)
}

/// The key-file copy beside the backup at `backup` (`….sqlite3.key`).
pub fn backup_key_path(backup: &Path) -> PathBuf {
    let mut name = backup.file_name().unwrap_or_default().to_os_string();
    name.push(BACKUP_KEY_SUFFIX);
    backup.with_file_name(name)
}

/// The copies beside backups in `data_dir/backups`, newest backup name first.
pub fn backup_copy_paths(data_dir: &Path) -> Vec<PathBuf> {
    let Ok(items) = std::fs::read_dir(data_dir.join(BACKUP_DIR)) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = items
        .flatten()
        .filter(|item| {
            let name = item.file_name();
            let name = name.to_string_lossy();
            name.starts_with("haru-")
                && name.ends_with(&format!(".sqlite3{BACKUP_KEY_SUFFIX}"))
                && item.file_type().is_ok_and(|t| t.is_file())
        })
        .map(|item| item.path())
        .collect();
    out.sort();
    out.reverse();
    out
}

/// Every copy of the key file that exists: the folder's, then the backups' (newest first).
pub fn copy_paths(data_dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let folder_copy = data_copy_path(data_dir);
    if folder_copy.is_file() {
        out.push(folder_copy);
    }
    out.extend(backup_copy_paths(data_dir));
    out
}

/// Whether `haru.key` or any copy of it is there (then a diary file that is not plain SQLite
/// is an encrypted diary, not a damaged one).
pub fn any_key_file(data_dir: &Path) -> bool {
    KeyFile::path_in(data_dir).exists() || !copy_paths(data_dir).is_empty()
}

/// The key file (and the key it seals) that `secret` opens for the diary in `data_dir`: see
/// the module documentation for the order and when the copies are tried.
pub fn unlock_key_file(data_dir: &Path, secret: &Secret) -> Result<(KeyFile, DbKey), StoreError> {
    let db = data_dir.join(DB_FILE_NAME);
    let mut mismatch: Option<(KeyFile, DbKey)> = None;
    let mut damaged = false;
    match KeyFile::read(data_dir) {
        Ok(Some(file)) => {
            // A wrong secret for the key file that is there is final.
            let key = file.unlock(secret, data_dir)?;
            if key_opens(&db, &key) {
                if !data_copy_path(data_dir).exists() {
                    // A diary encrypted before copies were kept gets its folder copy now.
                    let _ = file.write_file(&data_copy_path(data_dir));
                }
                return Ok((file, key));
            }
            mismatch = Some((file, key));
        }
        Ok(None) => {}
        Err(StoreError::Corrupt { .. }) => damaged = true,
        Err(err) => return Err(err),
    }
    let mut refused = false;
    for path in copy_paths(data_dir) {
        // A damaged copy is skipped: another one may do.
        let Ok(Some(file)) = KeyFile::read_file(&path) else {
            continue;
        };
        if mismatch.as_ref().is_some_and(|(m, _)| m.same_key_as(&file)) {
            continue;
        }
        match file.unlock(secret, data_dir) {
            Ok(key) if key_opens(&db, &key) => {
                // Put haru.key back (best-effort: a read-only folder still opens).
                let _ = file.write(data_dir);
                return Ok((file, key));
            }
            Ok(_) => {}
            Err(StoreError::WrongPassphrase { .. }) => refused = true,
            Err(err) => return Err(err),
        }
    }
    if let Some(found) = mismatch {
        // haru.key opens, but not this diary, and no copy does better: the diary file is
        // damaged (or not this key's); opening it says so in its own words.
        return Ok(found);
    }
    if refused {
        return Err(StoreError::WrongPassphrase {
            data_dir: data_dir.to_path_buf(),
            recovery: matches!(secret, Secret::RecoveryKey(_)),
        });
    }
    Err(StoreError::KeyMissing {
        data_dir: data_dir.to_path_buf(),
        damaged,
    })
}

/// Writes the copy beside `backup` (whole or not at all, private).
pub fn write_backup_copy(backup: &Path, file: &KeyFile) -> Result<(), StoreError> {
    file.write_file(&backup_key_path(backup))
}

/// The key file to copy beside a new backup of the open diary: `haru.key`, else the folder's
/// copy (unlocking puts `haru.key` back, so it is there in practice).
pub fn current_key_file(data_dir: &Path) -> Option<KeyFile> {
    [KeyFile::path_in(data_dir), data_copy_path(data_dir)]
        .iter()
        .find_map(|path| KeyFile::read_file(path).ok().flatten())
}

/// Whether `key` opens the database at `path`. One that is missing or cannot be read for
/// another reason than a wrong key counts as opening: opening it then reports the problem.
pub fn key_opens(path: &Path, key: &DbKey) -> bool {
    if !path.exists() {
        return true;
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let Ok(conn) = Connection::open_with_flags(path, flags) else {
        return true;
    };
    if crate::open::apply_key(&conn, key).is_err() {
        return true;
    }
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => true,
        Err(err) => err.sqlite_error_code() != Some(rusqlite::ffi::ErrorCode::NotADatabase),
    }
}
