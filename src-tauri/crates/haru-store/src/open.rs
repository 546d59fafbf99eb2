//! Opening a diary file safely: recognise foreign or damaged files before SQLite writes to
//! them, set the connection pragmas, then migrate. A bad file is reported, never replaced.

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::{migrations, DbKey, StoreError};

pub const DB_FILE_NAME: &str = "haru.sqlite3";

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// How much of the file to verify when opening it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Integrity {
    /// `PRAGMA quick_check` over the whole file before anything else (the app, once per
    /// start: O(file size), ~70 ms for ten years of entries).
    CheckAtOpen,
    /// Header and schema only; SQLite still reports damage in any page it reads. For
    /// short-lived commands (the CLI) whose whole run must take milliseconds.
    OnAccess,
}

pub(crate) fn open_checked(
    path: &Path,
    integrity: Integrity,
    key: Option<&DbKey>,
) -> Result<Connection, StoreError> {
    if key.is_none() {
        check_header(path)?;
    }
    // Private before SQLite writes anything into it (see `private`); the folder's other files
    // that an older Haru left readable are tightened too.
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let read_only = is_read_only(path, dir);
    if read_only {
        if !path.exists() {
            // Nothing to read, and no diary can be started here.
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
            });
        }
        return open_read_only(path, integrity, key);
    }
    crate::private::tighten_data_dir(dir);
    remove_stale_staging(dir);
    match crate::private::create_new_file(path) {
        Ok(_) => {}
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {}
        // SQLite reports it (a missing folder, say) in its own words.
        Err(_) => {}
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let sqlite = |err| StoreError::from_sqlite(err, path);
    let mut conn = Connection::open_with_flags(path, flags).map_err(sqlite)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(sqlite)?;
    if let Some(key) = key {
        // Before anything reads the file: every page (and every WAL frame) is decrypted and
        // authenticated with this key from here on.
        apply_key(&conn, key).map_err(sqlite)?;
    }
    // Reading the schema is the first thing that fails on a file that is not a database.
    let found = migrations::schema_version(&conn).map_err(sqlite)?;
    // Refuse before the first write (switching to WAL rewrites the header).
    refuse_newer_schema(found, path)?;
    if integrity == Integrity::CheckAtOpen {
        integrity_check(&conn, path, "quick_check")?;
    }
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(sqlite)?;
    // FULL: a save the UI was told about survives a crash or power loss.
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(sqlite)?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(sqlite)?;
    // Deleted rows are overwritten with zeros, not left in free space (see `Store::scrub`).
    conn.pragma_update(None, "secure_delete", true)
        .map_err(sqlite)?;
    migrations::migrate(&mut conn, path)?;
    Ok(conn)
}

/// Whether the diary cannot be written here: the file, or the folder that must take its
/// `-wal` and `-shm` files, refuses this user (or sits on a read-only disk). Then the diary
/// is opened read-only: reading commands work, a change fails with `ReadOnly`.
fn is_read_only(path: &Path, dir: &Path) -> bool {
    use std::io::ErrorKind::{PermissionDenied, ReadOnlyFilesystem};
    let refused =
        |err: &std::io::Error| matches!(err.kind(), PermissionDenied | ReadOnlyFilesystem);
    if let Err(err) = std::fs::OpenOptions::new().append(true).open(path) {
        if refused(&err) {
            return true;
        }
    }
    if !dir.is_dir() {
        return false;
    }
    // A probe file, created and removed at once, says whether the folder takes new files.
    let probe = dir.join(format!(".haru-probe-{}", std::process::id()));
    match crate::private::create_new_file(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            false
        }
        Err(err) => refused(&err),
    }
}

/// Refuses a diary written by a newer Haru (its schema version above this build's latest).
fn refuse_newer_schema(found: u32, path: &Path) -> Result<(), StoreError> {
    let supported = migrations::latest_version();
    if found > supported {
        return Err(StoreError::SchemaTooNew {
            path: path.to_path_buf(),
            found,
            supported,
        });
    }
    Ok(())
}

/// Opens a diary that cannot be written (see [`is_read_only`]) for reading: nothing is
/// tightened, removed, migrated or switched to WAL. A WAL-mode diary whose `-shm` cannot be
/// created is opened `immutable` (nobody can be writing it: its folder takes no files).
fn open_read_only(
    path: &Path,
    integrity: Integrity,
    key: Option<&DbKey>,
) -> Result<Connection, StoreError> {
    let sqlite = |err| StoreError::from_sqlite(err, path);
    let open = |immutable: bool| -> Result<(Connection, u32), StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = if immutable {
            let uri = format!("file:{}?immutable=1", uri_path(path));
            Connection::open_with_flags(uri, flags)
        } else {
            Connection::open_with_flags(path, flags)
        }
        .map_err(sqlite)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(sqlite)?;
        if let Some(key) = key {
            apply_key(&conn, key).map_err(sqlite)?;
        }
        let found = migrations::schema_version(&conn).map_err(sqlite)?;
        Ok((conn, found))
    };
    let (conn, found) = match open(false) {
        Ok(opened) => opened,
        Err(StoreError::Sqlite { .. }) | Err(StoreError::ReadOnly { .. }) => open(true)?,
        Err(err) => return Err(err),
    };
    refuse_newer_schema(found, path)?;
    if found < migrations::latest_version() {
        // It would need migrating, which is a write.
        return Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    if integrity == Integrity::CheckAtOpen {
        integrity_check(&conn, path, "quick_check")?;
    }
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(sqlite)?;
    Ok(conn)
}

/// `path` for a `file:` URI: percent-encodes what a URI would read otherwise.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'?' | b'#' | b'%' => out.push_str(&format!("%{byte:02X}")),
            _ => out.push(byte as char),
        }
    }
    out
}

/// Keys a fresh SQLCipher connection with the raw 256-bit key (no passphrase derivation).
pub(crate) fn apply_key(conn: &Connection, key: &DbKey) -> rusqlite::Result<()> {
    // The statement holds the key as text: a wiped buffer, never a plain `format!`.
    conn.execute_batch(&crate::crypt::pragma_key_statement(key))
}

/// The first 16 bytes of `path` (fewer for a short file, none for a missing one).
pub(crate) fn read_header(path: &Path) -> Result<Option<Vec<u8>>, StoreError> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let mut header = Vec::with_capacity(16);
    (&mut file)
        .take(16)
        .read_to_end(&mut header)
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(Some(header))
}

pub(crate) fn is_plain_header(header: &[u8]) -> bool {
    header.is_empty() || header == SQLITE_MAGIC
}

/// A non-empty file must start with SQLite's magic string; anything else is not ours, unless
/// a key file beside it says it is an encrypted diary (then it is locked, not damaged). A diary
/// that is missing or empty beside a key file is refused: the encrypted diary is gone, and
/// starting a new plain one there would write the next entries in the clear.
fn check_header(path: &Path) -> Result<(), StoreError> {
    let data_dir = path.parent().unwrap_or(Path::new("."));
    let header = read_header(path)?;
    if header.as_ref().is_none_or(|h| h.is_empty())
        && path.file_name() == Some(DB_FILE_NAME.as_ref())
        && (crate::KeyFile::path_in(data_dir).exists()
            || crate::key_copies::data_copy_path(data_dir).exists())
    {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: "the diary file is missing or empty, but its key file haru.key is there:                      this was an encrypted diary. Nothing was written: restore haru.sqlite3 from                      a backup (`haru restore`), or, to start a new diary here, move haru.key                      away first"
                .into(),
        });
    }
    let Some(header) = header else {
        return Ok(());
    };
    if is_plain_header(&header) {
        return Ok(());
    }
    if crate::key_copies::any_key_file(data_dir) {
        return Err(StoreError::Locked {
            data_dir: data_dir.to_path_buf(),
        });
    }
    if looks_encrypted(path) {
        // Whole pages of what reads as noise: an encrypted diary whose key file and every copy
        // of it are gone, not a damaged file (restoring it from a backup would not help).
        return Err(StoreError::KeyMissing {
            data_dir: data_dir.to_path_buf(),
            damaged: false,
        });
    }
    Err(StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: "the file does not start with the SQLite header (if this diary was encrypted, \
                 its key file haru.key is missing from the folder)"
            .into(),
    })
}

/// Whether a file that does not start with SQLite's header is shaped like a SQLCipher
/// database: whole pages (SQLCipher writes 4096-byte pages; any power of two from 512 is
/// accepted), at least one. A text file or a truncated copy is not.
fn looks_encrypted(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() >= 4096 && m.len() % 512 == 0)
}

/// Removes staging files whose process is gone. `haru encrypt`/`decrypt` (`.haru-convert-PID`),
/// an import (`.haru-import-PID`), a restore (`.haru-restore-PID`) and backups
/// (`backups/.haru-….PID-N.partial`, `….PID.rewrite`) each write a whole copy of the diary
/// into a file named after their process, plain when the diary is; a kill leaves it behind, and
/// nothing else would ever remove it. Files of a process still running (or of this one) are
/// kept. Only where `/proc` tells which processes run (Linux); elsewhere nothing is removed.
fn remove_stale_staging(data_dir: &Path) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let gone = |pid: u32| pid != std::process::id() && !proc.join(pid.to_string()).exists();
    let sweep = |dir: &Path, pid_of: &dyn Fn(&str) -> Option<u32>| {
        let Ok(items) = std::fs::read_dir(dir) else {
            return;
        };
        for item in items.flatten() {
            let name = item.file_name();
            if let Some(pid) = pid_of(&name.to_string_lossy()) {
                if gone(pid) && item.file_type().is_ok_and(|t| t.is_file()) {
                    let _ = std::fs::remove_file(item.path());
                }
            }
        }
    };
    sweep(data_dir, &staging_pid);
    sweep(&data_dir.join("backups"), &backup_staging_pid);
}

/// The process id in `.haru-{convert,import,restore}-PID.sqlite3[-wal|-shm|-journal]`.
fn staging_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".haru-")?;
    let rest = ["convert-", "import-", "restore-"]
        .iter()
        .find_map(|kind| rest.strip_prefix(kind))?;
    let (pid, tail) = rest.split_once('.')?;
    let tail = tail.strip_prefix("sqlite3")?;
    if !["", "-wal", "-shm", "-journal"].contains(&tail) {
        return None;
    }
    digits(pid)
}

/// The process id in `.haru-….sqlite3.PID-N.partial` or `.haru-….sqlite3.PID.rewrite`.
fn backup_staging_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".haru-")?;
    let (rest, pid) = if let Some(rest) = rest.strip_suffix(".partial") {
        let (rest, n) = rest.rsplit_once('-')?;
        digits(n)?;
        let (rest, pid) = rest.rsplit_once('.')?;
        (rest, pid)
    } else {
        rest.strip_suffix(".rewrite")?.rsplit_once('.')?
    };
    rest.ends_with(".sqlite3").then_some(())?;
    digits(pid)
}

fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Runs `PRAGMA quick_check` or `integrity_check` and turns anything but "ok" into `Corrupt`.
pub(crate) fn integrity_check(
    conn: &Connection,
    path: &Path,
    pragma: &str,
) -> Result<(), StoreError> {
    let mut stmt = conn
        .prepare(&format!("PRAGMA {pragma}"))
        .map_err(|err| StoreError::from_sqlite(err, path))?;
    let rows: Vec<String> = stmt
        .query_map([], |row| row.get(0))
        .and_then(|rows| rows.collect())
        .map_err(|err| StoreError::from_sqlite(err, path))?;
    if rows.len() == 1 && rows[0] == "ok" {
        Ok(())
    } else {
        Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: format!("{pragma}: {}", rows.join("; ")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_names_give_their_process() {
        assert_eq!(staging_pid(".haru-convert-123.sqlite3"), Some(123));
        assert_eq!(staging_pid(".haru-import-7.sqlite3-wal"), Some(7));
        assert_eq!(staging_pid(".haru-restore-42.sqlite3-journal"), Some(42));
        for other in [
            "haru.sqlite3",
            ".haru-convert-.sqlite3",
            ".haru-convert-12x.sqlite3",
            ".haru-convert-12.sqlite3.bak",
            ".haru-other-12.sqlite3",
        ] {
            assert_eq!(staging_pid(other), None, "{other}");
        }
        assert_eq!(
            backup_staging_pid(".haru-20260102-030405-manual.sqlite3.99-3.partial"),
            Some(99)
        );
        assert_eq!(
            backup_staging_pid(".haru-20260102-030405.sqlite3.55.rewrite"),
            Some(55)
        );
        for other in [
            "haru-20260102-030405.sqlite3",
            ".haru-20260102-030405.sqlite3.x-1.partial",
            ".haru-20260102-030405.sqlite3.sha256.5.partial",
        ] {
            assert_eq!(backup_staging_pid(other), None, "{other}");
        }
    }
}
