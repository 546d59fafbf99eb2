//! Turning encryption at rest on and off for a whole data folder, and changing the passphrase.
//!
//! `encrypt_folder` rewrites the diary into a new SQLCipher file under a fresh random key
//! (`sqlcipher_export`, checked), writes the key file, renames the new file over the old one,
//! then rewrites every backup the same way: afterwards no file in the folder holds the text in
//! the clear. `decrypt_folder` is the reverse and removes the key file last. A crash at any
//! point leaves a diary that opens (see `haru_store::is_encrypted_in`); running the command
//! again finishes the backups. Each encrypted backup gets a copy of the key file beside it, and
//! a passphrase change rewrites every copy (`haru_store::key_copies`). All three hold the data
//! folder exclusively (`haru_store::FolderLock`): while any other process has the diary open
//! they refuse with `Busy` and change nothing, and no other process can open it until they are
//! done.

use haru_store::crash_point;
use std::path::{Path, PathBuf};

use haru_core::{AppError, ErrorCode};
use haru_store::{
    DbKey, FolderLock, Integrity, KdfParams, KeyFile, Secret, Store, StoreError, DB_FILE_NAME,
};

use crate::backup::{all_backup_paths, replace_backup};
use crate::db;
use crate::{PortabilityError, BACKUP_DIR};

/// What `encrypt_folder` did.
#[derive(Debug)]
pub struct EncryptOutcome {
    /// Shown once: with it the diary opens even when the passphrase is forgotten. `None` when
    /// the diary was already encrypted (only leftover plain backups were encrypted).
    pub recovery_key: Option<String>,
    /// Backups rewritten into the new form.
    pub backups_rewritten: usize,
}

fn invalid(message: &str) -> PortabilityError {
    PortabilityError::Store(StoreError::InvalidInput(AppError::new(
        ErrorCode::InvalidInput,
        message,
    )))
}

/// Encrypts the diary in `data_dir` (and its backups) under `passphrase`.
pub fn encrypt_folder(
    data_dir: &Path,
    passphrase: &str,
    kdf: KdfParams,
) -> Result<EncryptOutcome, PortabilityError> {
    let _exclusive = FolderLock::exclusive(data_dir)?;
    if haru_store::is_encrypted_in(data_dir)? {
        // Finish a run that was interrupted while rewriting the backups.
        let store = Store::unlock_in(
            data_dir,
            Integrity::OnAccess,
            Some(&Secret::passphrase(passphrase)),
        )?;
        let key_file = haru_store::key_copies::current_key_file(data_dir)
            .ok_or_else(|| invalid("the key file is missing"))?;
        let backups_rewritten = rewrite_backups(data_dir, store.key(), &key_file)?;
        if let Some(key) = store.key() {
            seal_damaged(data_dir, key)?;
        }
        return Ok(EncryptOutcome {
            recovery_key: None,
            backups_rewritten,
        });
    }
    finish_interrupted_decrypt(data_dir, passphrase)?;
    crash_point("encrypt: an interrupted decrypt finished");
    let key = DbKey::random()?;
    // Refuses a too-short passphrase before any work.
    let (key_file, recovery) = KeyFile::create(&key, passphrase, kdf)?;
    let store = Store::open_in_with(data_dir, Integrity::CheckAtOpen)?;
    swap_in_converted(store, data_dir, Some(&key), || key_file.write(data_dir))?;
    crash_point("encrypt: the encrypted diary is in place");
    let backups_rewritten = rewrite_backups(data_dir, Some(&key), &key_file)?;
    seal_damaged(data_dir, &key)?;
    Ok(EncryptOutcome {
        recovery_key: Some(recovery.display()),
        backups_rewritten,
    })
}

/// A plain diary with a key file beside it is a `decrypt` (or an `encrypt`) that was stopped
/// half-way. Backups still sealed under that key would be unreadable for good once a new key
/// replaces the file, so they are decrypted with it first (the passphrase given to `encrypt`
/// must open the old key file then); with none left sealed, the old key file is simply replaced.
fn finish_interrupted_decrypt(data_dir: &Path, passphrase: &str) -> Result<(), PortabilityError> {
    let Some(old) = KeyFile::read(data_dir)? else {
        return Ok(());
    };
    let mut sealed = 0;
    for path in all_backup_paths(&data_dir.join(BACKUP_DIR))? {
        if !db::is_plain(&path)? {
            sealed += 1;
        }
    }
    if sealed == 0 {
        return Ok(());
    }
    let key = match old.unlock(&Secret::passphrase(passphrase), data_dir) {
        Ok(key) => key,
        Err(StoreError::WrongPassphrase { .. }) => {
            return Err(invalid(&format!(
                "an interrupted `haru decrypt` left {sealed} backup(s) encrypted under the                  diary's old key (haru.key). Nothing was changed: run `haru decrypt` again with                  the old passphrase (or HARU_RECOVERY_KEY) to finish it, or give `haru encrypt`                  the old passphrase"
            )))
        }
        Err(err) => return Err(err.into()),
    };
    decrypt_backups(data_dir, &key)?;
    unseal_damaged(data_dir, &key)?;
    remove_key_file(data_dir)
}

/// Decrypts the diary in `data_dir` (and its backups) for good; the key file is removed last.
/// Returns the number of backups rewritten.
pub fn decrypt_folder(data_dir: &Path, secret: &Secret) -> Result<usize, PortabilityError> {
    let _exclusive = FolderLock::exclusive(data_dir)?;
    if !haru_store::is_encrypted_in(data_dir)? {
        if KeyFile::path_in(data_dir).exists() {
            // Interrupted after the diary was decrypted: finish with the backups.
            let key = KeyFile::read(data_dir)?
                .ok_or_else(|| invalid("the key file disappeared"))?
                .unlock(secret, data_dir)?;
            let n = decrypt_backups(data_dir, &key)?;
            unseal_damaged(data_dir, &key)?;
            remove_key_file(data_dir)?;
            return Ok(n);
        }
        return Err(invalid("this diary is not encrypted: nothing to do"));
    }
    let store = Store::unlock_in(data_dir, Integrity::CheckAtOpen, Some(secret))?;
    let key = store
        .key()
        .cloned()
        .ok_or_else(|| invalid("the diary did not open encrypted"))?;
    swap_in_converted(store, data_dir, None, || Ok(()))?;
    crash_point("decrypt: the plain diary is in place");
    let n = decrypt_backups(data_dir, &key)?;
    unseal_damaged(data_dir, &key)?;
    crash_point("decrypt: backups and damaged files decrypted");
    remove_key_file(data_dir)?;
    Ok(n)
}

/// Changes the passphrase (the key file is rewritten; the data is not re-encrypted). `secret`
/// is the current passphrase or the recovery key; the recovery key stays valid.
pub fn change_passphrase(
    data_dir: &Path,
    secret: &Secret,
    new_passphrase: &str,
    kdf: KdfParams,
) -> Result<(), PortabilityError> {
    let _exclusive = FolderLock::exclusive(data_dir)?;
    if !haru_store::is_encrypted_in(data_dir)? {
        return Err(invalid(
            "this diary is not encrypted: turn encryption on first (`haru encrypt`)",
        ));
    }
    // haru.key, or a copy of it when it is lost (see `haru_store::key_copies`).
    let (file, key) = haru_store::key_copies::unlock_key_file(data_dir, secret)?;
    let changed = file.with_passphrase(&key, new_passphrase, kdf)?;
    changed.write(data_dir)?;
    crash_point("passphrase: haru.key rewritten");
    // Every copy beside a backup follows: the old passphrase opens none of them afterwards.
    // (A copy of another key, which nothing writes, is left alone.)
    for path in haru_store::key_copies::backup_copy_paths(data_dir) {
        if KeyFile::read_file(&path)
            .ok()
            .flatten()
            .is_some_and(|copy| copy.same_key_as(&changed))
        {
            changed.write_file(&path)?;
            crash_point("passphrase: a backup's key copy rewritten");
        }
    }
    Ok(())
}

/// Rewrites the open diary into a new file (encrypted with `to_key`, or plain), closes it, runs
/// `before_swap`, and renames the new file over the old one.
fn swap_in_converted(
    store: Store,
    data_dir: &Path,
    to_key: Option<&DbKey>,
    before_swap: impl FnOnce() -> Result<(), StoreError>,
) -> Result<(), PortabilityError> {
    let db_path = data_dir.join(DB_FILE_NAME);
    let staged = data_dir.join(format!(".haru-convert-{}.sqlite3", std::process::id()));
    let _ = std::fs::remove_file(&staged);
    // Everything in the WAL goes into the main file first (and the old WAL is emptied).
    store
        .connection()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .map_err(db::sqlite(&db_path))?;
    haru_store::convert_database(store.connection(), &staged, to_key)?;
    crash_point("convert: the converted copy is staged");
    let result = (|| {
        before_swap()?;
        crash_point("convert: ready to swap");
        drop(store);
        // The old WAL and shared-memory files belong to the old file: gone before the swap.
        // No other process has them open (the folder is held exclusively), and the WAL was
        // checkpointed and emptied above.
        for extra in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(data_dir.join(format!("{DB_FILE_NAME}{extra}")));
        }
        crash_point("convert: the old WAL is gone");
        std::fs::rename(&staged, &db_path).map_err(|source| StoreError::Io {
            path: db_path.clone(),
            source,
        })?;
        db::fsync_dir(data_dir);
        Ok::<(), StoreError>(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&staged);
    }
    result?;
    Ok(())
}

/// Encrypts every plain backup with `key` (already encrypted ones are left as they are), each
/// with `key_file` copied beside it first; an encrypted backup of this key that has no copy yet
/// (taken before copies were kept) gets one.
fn rewrite_backups(
    data_dir: &Path,
    key: Option<&DbKey>,
    key_file: &KeyFile,
) -> Result<usize, PortabilityError> {
    let Some(key) = key else { return Ok(0) };
    let mut n = 0;
    for path in all_backup_paths(&data_dir.join(BACKUP_DIR))? {
        let copy = haru_store::key_copies::backup_key_path(&path);
        if db::is_plain(&path)? {
            haru_store::key_copies::write_backup_copy(&path, key_file)?;
            crash_point("backups: a key copy written");
            convert_backup(&path, None, Some(key))?;
            crash_point("backups: one encrypted");
            n += 1;
        } else if !copy.exists() && haru_store::key_copies::key_opens(&path, key) {
            haru_store::key_copies::write_backup_copy(&path, key_file)?;
        }
    }
    Ok(n)
}

fn decrypt_backups(data_dir: &Path, key: &DbKey) -> Result<usize, PortabilityError> {
    let mut n = 0;
    for path in all_backup_paths(&data_dir.join(BACKUP_DIR))? {
        if !db::is_plain(&path)? {
            convert_backup(&path, Some(key), None)?;
            crash_point("backups: one decrypted");
            n += 1;
        }
    }
    Ok(n)
}

fn convert_backup(
    path: &Path,
    from_key: Option<&DbKey>,
    to_key: Option<&DbKey>,
) -> Result<(), PortabilityError> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let rewritten: PathBuf = path.with_file_name(format!(".{name}.{}.rewrite", std::process::id()));
    let _ = std::fs::remove_file(&rewritten);
    // Only read: the backup itself is untouched until the checked copy replaces it.
    let src = db::open_for_copy(path, from_key)?;
    haru_store::convert_database(&src, &rewritten, to_key)?;
    crash_point("backups: a rewritten copy staged");
    drop(src);
    let result = replace_backup(path, &rewritten);
    if result.is_err() {
        let _ = std::fs::remove_file(&rewritten);
    }
    result
}

/// Databases set aside as damaged by a restore (`haru.sqlite3.damaged-…`, with their `-wal`
/// and `-shm`) are kept, never deleted, and may hold text in the clear. SQLite cannot rewrite
/// a damaged file, so each is sealed whole under the database key into `….sealed` (written
/// and synced before the plain file is removed); `decrypt` unseals them again.
const DAMAGED_PREFIX: &str = "haru.sqlite3.damaged-";
const SEALED_SUFFIX: &str = ".sealed";

fn damaged_files(data_dir: &Path) -> Result<Vec<PathBuf>, PortabilityError> {
    let mut out = Vec::new();
    for item in std::fs::read_dir(data_dir).map_err(PortabilityError::io(data_dir))? {
        let item = item.map_err(PortabilityError::io(data_dir))?;
        if item
            .file_name()
            .to_string_lossy()
            .starts_with(DAMAGED_PREFIX)
            && item.file_type().is_ok_and(|t| t.is_file())
        {
            out.push(item.path());
        }
    }
    out.sort();
    Ok(out)
}

fn seal_damaged(data_dir: &Path, key: &DbKey) -> Result<(), PortabilityError> {
    for path in damaged_files(data_dir)? {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.ends_with(SEALED_SUFFIX) {
            continue;
        }
        let plain =
            zeroize::Zeroizing::new(std::fs::read(&path).map_err(PortabilityError::io(&path))?);
        let sealed = haru_store::crypt::seal_with_key(&plain, key)?;
        db::write_atomically(
            &path.with_file_name(format!("{name}{SEALED_SUFFIX}")),
            &sealed,
        )?;
        crash_point("damaged files: one sealed");
        std::fs::remove_file(&path).map_err(PortabilityError::io(&path))?;
    }
    db::fsync_dir(data_dir);
    Ok(())
}

fn unseal_damaged(data_dir: &Path, key: &DbKey) -> Result<(), PortabilityError> {
    for path in damaged_files(data_dir)? {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let Some(plain_name) = name.strip_suffix(SEALED_SUFFIX) else {
            continue;
        };
        let bytes = std::fs::read(&path).map_err(PortabilityError::io(&path))?;
        let plain = haru_store::crypt::open_with_key(&bytes, key).ok_or_else(|| {
            PortabilityError::BackupDamaged {
                path: path.clone(),
                detail: "it does not open with the diary's key".into(),
            }
        })?;
        db::write_atomically(&path.with_file_name(plain_name), &plain)?;
        crash_point("damaged files: one unsealed");
        std::fs::remove_file(&path).map_err(PortabilityError::io(&path))?;
    }
    db::fsync_dir(data_dir);
    Ok(())
}

/// Removes the key file once nothing is sealed under it: the copies beside the backups and in
/// the folder first, `haru.key` last (what marks an interrupted decrypt).
fn remove_key_file(data_dir: &Path) -> Result<(), PortabilityError> {
    let mut paths = haru_store::key_copies::copy_paths(data_dir);
    paths.push(KeyFile::path_in(data_dir));
    for path in paths {
        match std::fs::remove_file(&path) {
            Ok(()) => {
                if let Some(dir) = path.parent() {
                    db::fsync_dir(dir);
                }
                crash_point("key files: one removed");
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(PortabilityError::io(&path)(err)),
        }
    }
    Ok(())
}
