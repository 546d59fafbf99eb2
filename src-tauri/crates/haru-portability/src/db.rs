//! SQLite helpers shared by backups, export and import: read-only opening that never writes
//! beside the file, the online backup API, and a schema-driven view of the user's tables.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use crate::PortabilityError;

pub(crate) const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Maps SQLite errors on `path` like the store does (damaged file, full disk, …).
pub(crate) fn sqlite(path: &Path) -> impl Fn(rusqlite::Error) -> PortabilityError + '_ {
    move |err| haru_store::classify_sqlite(err, path).into()
}

/// The first 16 bytes of the file, to tell "not SQLite at all" from "damaged".
pub(crate) fn header(path: &Path) -> Result<Vec<u8>, PortabilityError> {
    let file = std::fs::File::open(path).map_err(PortabilityError::io(path))?;
    let mut head = Vec::with_capacity(16);
    file.take(16)
        .read_to_end(&mut head)
        .map_err(PortabilityError::io(path))?;
    Ok(head)
}

/// Opens a database file strictly read-only: `immutable=1` keeps SQLite from creating
/// `-wal`/`-shm`/journal files beside it or taking locks, so checking a backup never changes it.
pub(crate) fn open_read_only(path: &Path) -> Result<Connection, PortabilityError> {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(&uri, flags).map_err(sqlite(path))
}

/// Opens a backup (or any diary file) read-only: a plain SQLite file as it is, an encrypted
/// one with `key` (the diary's key; backups of an encrypted diary share it).
pub(crate) fn open_backup(
    path: &Path,
    key: Option<&haru_store::DbKey>,
) -> Result<Connection, PortabilityError> {
    let head = header(path)?;
    let conn = open_read_only(path)?;
    if head.as_slice() != SQLITE_MAGIC {
        match key {
            Some(key) => haru_store::key_connection(&conn, key).map_err(sqlite(path))?,
            None => {
                return Err(PortabilityError::BackupDamaged {
                    path: path.to_path_buf(),
                    detail: "it does not start with the SQLite header (an encrypted backup \
                             opens only with its diary's key)"
                        .into(),
                })
            }
        }
    }
    Ok(conn)
}

/// Opens a backup read-write (no create) for `sqlcipher_export`, which needs a writable
/// connection to attach its output to; only reads are made through it.
pub(crate) fn open_for_copy(
    path: &Path,
    key: Option<&haru_store::DbKey>,
) -> Result<Connection, PortabilityError> {
    let plain = is_plain(path)?;
    if !plain && key.is_none() {
        return Err(PortabilityError::BackupDamaged {
            path: path.to_path_buf(),
            detail: "it is encrypted and there is no key for it".into(),
        });
    }
    // CREATE: attached databases inherit the flags, and the output file is new (the backup
    // itself exists: checked above).
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(sqlite(path))?;
    if let (false, Some(key)) = (plain, key) {
        haru_store::key_connection(&conn, key).map_err(sqlite(path))?;
    }
    Ok(conn)
}

/// Whether the file starts with SQLite's plain header.
pub(crate) fn is_plain(path: &Path) -> Result<bool, PortabilityError> {
    Ok(header(path)?.as_slice() == SQLITE_MAGIC)
}

/// `PRAGMA integrity_check`: `Ok` when SQLite answers "ok", otherwise what it found.
pub(crate) fn integrity(conn: &Connection) -> Result<(), String> {
    let mut stmt = conn
        .prepare("PRAGMA integrity_check")
        .map_err(|e| e.to_string())?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| e.to_string())?;
    if rows.len() == 1 && rows[0] == "ok" {
        Ok(())
    } else {
        let mut detail = rows.into_iter().take(3).collect::<Vec<_>>().join("; ");
        if detail.is_empty() {
            detail = "no answer".into();
        }
        Err(detail)
    }
}

pub(crate) fn schema_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Copies the whole of `src` over `dst` with SQLite's online backup API, in one step: on a
/// WAL destination that is one transaction, so readers see the old or the new database, never
/// a mix, and a crash or a full disk leaves the old one.
pub(crate) fn copy_database(src: &Connection, dst: &mut Connection) -> rusqlite::Result<()> {
    let backup = Backup::new(src, dst)?;
    for _ in 0..200 {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            // Another connection holds a lock: wait and retry (the step restarts cleanly).
            StepResult::More | StepResult::Busy | StepResult::Locked => {
                std::thread::sleep(Duration::from_millis(25))
            }
            _ => std::thread::sleep(Duration::from_millis(25)),
        }
    }
    Err(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
        Some("the diary stayed busy for 5 seconds; try again".into()),
    ))
}

/// Double-quotes an SQL identifier.
pub(crate) fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// The user's tables, by name: ordinary tables only, so the full-text index (a virtual table
/// and its shadow tables) and SQLite's own tables are left out; they are derived data.
pub(crate) fn user_tables(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM pragma_table_list
         WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
         ORDER BY name",
    )?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(names)
}

/// A table's storable columns (generated and hidden ones left out), in declaration order, with
/// their position in the primary key (0 = not part of it).
pub(crate) fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut stmt =
        conn.prepare("SELECT name, pk FROM pragma_table_xinfo(?1) WHERE hidden = 0 ORDER BY cid")?;
    let cols = stmt
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(cols)
}

/// `tables` ordered so that every table comes after the tables its foreign keys point to
/// (ties by name; a cycle, which Haru's schema does not have, keeps name order for the rest).
pub(crate) fn foreign_key_order(
    conn: &Connection,
    tables: &[String],
) -> rusqlite::Result<Vec<String>> {
    let mut parents: Vec<(String, Vec<String>)> = Vec::new();
    for table in tables {
        let mut stmt =
            conn.prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)")?;
        let refs = stmt
            .query_map([table], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|p| p != table && tables.contains(p))
            .collect();
        parents.push((table.clone(), refs));
    }
    let mut ordered: Vec<String> = Vec::new();
    while ordered.len() < tables.len() {
        let ready = parents.iter().find(|(name, refs)| {
            !ordered.contains(name) && refs.iter().all(|p| ordered.contains(p))
        });
        match ready {
            Some((name, _)) => ordered.push(name.clone()),
            None => {
                for (name, _) in &parents {
                    if !ordered.contains(name) {
                        ordered.push(name.clone());
                    }
                }
            }
        }
    }
    Ok(ordered)
}

/// Flushes a file's data and its directory entry to disk.
pub(crate) fn fsync_file(path: &Path) -> Result<(), PortabilityError> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(PortabilityError::io(path))
}

pub(crate) fn fsync_dir(dir: &Path) {
    // Not possible on every platform (Windows); a failure here loses nothing already synced.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Writes `bytes` to `path` whole or not at all: a temporary file beside it, fsync, rename.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), PortabilityError> {
    use std::io::Write;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let partial = path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    let result = (|| {
        let mut file =
            haru_store::private::create_file(&partial).map_err(PortabilityError::io(&partial))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(PortabilityError::io(&partial))?;
        std::fs::rename(&partial, path).map_err(PortabilityError::io(path))?;
        if let Some(dir) = path.parent() {
            fsync_dir(dir);
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}
