//! Backups with SQLite's online backup API, and restoring one.
//!
//! Backups live in `<data folder>/backups/haru-YYYYMMDD-HHMMSS[-kind].sqlite3` (UTC), each a
//! self-contained database (rollback-journal mode, so one file) with a `sha256sum`-style
//! `.sha256` file beside it: SQLite has no checksums of its own, and the hash catches a bit
//! flipped anywhere in a backup, not only in the parts `PRAGMA integrity_check` reads. A backup
//! of an encrypted diary also gets a copy of the key file beside it (`….sqlite3.key`, see
//! `haru_store::key_copies`), so the recovery key alone opens it when `haru.key` is lost.
//!
//! * automatic backups (`auto`, no suffix): at most one per UTC day, the newest N kept
//!   (`pref.backup.keep` in the settings table, default 7);
//! * `-manual`: "back up now"; `-pre-restore`: the diary as it was before a restore, so a
//!   restore can be undone. Neither is rotated away.
//!
//! Backups taken in the same second (two `haru backup` runs, the app's and the CLI's) get
//! `-2`, `-3`, … names: a name is claimed by creating its checksum file exclusively, so no
//! backup is ever written over another.
//!
//! A restore checks the backup whole first (checksum, `integrity_check`, that it is a Haru
//! database no newer than this build), saves the current diary as `-pre-restore`, copies the
//! backup into a temporary file in the data folder (backup API, fsync, checked again), and
//! then installs that copy into the open database with the backup API in a single
//! transaction. That last step is deliberately not a rename over `haru.sqlite3`: in WAL mode
//! other connections (the app's analysis worker) keep the old `-wal`/`-shm` files, and a
//! renamed-in database paired with them is corrupted. The transaction is as atomic as any save:
//! after a crash or a full disk the diary is the old one or the new one, never a mix. Only when
//! the current database cannot be opened at all (damaged) is it renamed aside — kept, never
//! deleted — and the checked copy renamed into its place.

use haru_store::crash_point;
use std::path::{Path, PathBuf};

use chrono::{NaiveDateTime, Utc};
use haru_core::{BackupInfo, RestoreOutcome};
use haru_store::{DbKey, FolderLock, Integrity, Secret, Store, StoreError, DB_FILE_NAME};
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::db::{self, sqlite};
use crate::PortabilityError;

pub const BACKUP_DIR: &str = "backups";
/// Preference key (`Store::preference`, stored as `pref.backup.keep`): automatic backups kept.
pub const KEEP_PREFERENCE: &str = "backup.keep";
pub const DEFAULT_KEEP: usize = 7;

const PREFIX: &str = "haru-";
const SUFFIX: &str = ".sqlite3";
const STAMP: &str = "%Y%m%d-%H%M%S";

/// What a backup was taken for (its file-name suffix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupKind {
    Auto,
    Manual,
    PreRestore,
}

impl BackupKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BackupKind::Auto => "auto",
            BackupKind::Manual => "manual",
            BackupKind::PreRestore => "pre-restore",
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            BackupKind::Auto => "",
            BackupKind::Manual => "-manual",
            BackupKind::PreRestore => "-pre-restore",
        }
    }
}

/// `<data folder>/backups` for the diary `store` writes.
pub fn backups_dir(store: &Store) -> PathBuf {
    backups_dir_of(store.path())
}

/// `<data folder>/backups` for the diary file at `db_path`.
pub fn backups_dir_of(db_path: &Path) -> PathBuf {
    data_dir_of(db_path).join(BACKUP_DIR)
}

fn data_dir_of(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Parses `haru-YYYYMMDD-HHMMSS[-kind][-n].sqlite3` into (time, kind).
fn parse_name(name: &str) -> Option<(NaiveDateTime, BackupKind)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let stamp = rest.get(..15)?;
    let time = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    let tail = &rest[15..];
    let kind = if tail.starts_with("-pre-restore") {
        BackupKind::PreRestore
    } else if tail.starts_with("-manual") {
        BackupKind::Manual
    } else if tail.is_empty()
        || tail
            .strip_prefix('-')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    {
        BackupKind::Auto
    } else {
        return None;
    };
    Some((time, kind))
}

fn checksum_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".sha256");
    path.with_file_name(name)
}

fn sha256_of(path: &Path) -> Result<String, PortabilityError> {
    let mut file = std::fs::File::open(path).map_err(PortabilityError::io(path))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(PortabilityError::io(path))?;
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Copies the database behind `src` into a new self-contained file at `dest` (which must not
/// exist): backup API into `dest`'s folder, rollback-journal mode, checked, fsynced.
/// With `key`, `src` must be keyed with the same key: the copy is encrypted like the diary.
fn write_database_copy(
    src: &Connection,
    dest: &Path,
    key: Option<&DbKey>,
) -> Result<(), PortabilityError> {
    // Private (see `haru_store::private`); SQLite fills the empty file as a new database.
    haru_store::private::create_new_file(dest).map_err(PortabilityError::io(dest))?;
    let mut dst = Connection::open(dest).map_err(sqlite(dest))?;
    if let Some(key) = key {
        haru_store::key_connection(&dst, key).map_err(sqlite(dest))?;
    }
    db::copy_database(src, &mut dst).map_err(sqlite(dest))?;
    // One file, no -wal beside it: a backup is opened read-only and may be moved around.
    dst.query_row("PRAGMA journal_mode = DELETE", [], |r| {
        r.get::<_, String>(0)
    })
    .map_err(sqlite(dest))?;
    if let Err(detail) = db::integrity(&dst) {
        return Err(PortabilityError::BackupDamaged {
            path: dest.to_path_buf(),
            detail: format!("the copy just written does not check out: {detail}"),
        });
    }
    dst.close().map_err(|(_, err)| sqlite(dest)(err))?;
    db::fsync_file(dest)
}

/// Picks the backup's file name and claims it by creating its checksum file (`create_new`, so
/// atomic on every file system): two backups taken in the same second, by two processes or two
/// connections, each get their own name and never write over each other. A name is taken when
/// its backup or its checksum exists (a checksum left by a crash keeps its name taken too).
fn claim_name(
    dir: &Path,
    stamp: &str,
    kind: BackupKind,
) -> Result<(String, std::fs::File), PortabilityError> {
    let mut n = 1;
    loop {
        let name = match n {
            1 => format!("{PREFIX}{stamp}{}{SUFFIX}", kind.suffix()),
            n => format!("{PREFIX}{stamp}{}-{n}{SUFFIX}", kind.suffix()),
        };
        n += 1;
        let path = dir.join(&name);
        if path.exists() {
            continue;
        }
        let sums = checksum_path(&path);
        match haru_store::private::create_new_file(&sums) {
            Ok(file) => return Ok((name, file)),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(PortabilityError::io(&sums)(err)),
        }
    }
}

/// Writes the checksum into the file [`claim_name`] created, and flushes it to disk.
fn write_claimed(
    file: &mut std::fs::File,
    path: &Path,
    bytes: &[u8],
) -> Result<(), PortabilityError> {
    use std::io::Write;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(PortabilityError::io(path))
}

/// A temporary file name for `name` in `dir` that no other writer (process or thread) uses.
fn unique_partial(dir: &Path, name: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    dir.join(format!(".{name}.{}-{n}.partial", std::process::id()))
}

/// A backups folder that cannot be written (the data folder is read-only, or on a read-only
/// disk) is the diary's `read_only` case, with its "nothing was changed", not a bare I/O error.
fn read_only_folder(store: &Store) -> impl Fn(PortabilityError) -> PortabilityError + '_ {
    use std::io::ErrorKind::{PermissionDenied, ReadOnlyFilesystem};
    move |err| match err {
        PortabilityError::Store(haru_store::StoreError::Io { source, .. })
            if matches!(source.kind(), PermissionDenied | ReadOnlyFilesystem) =>
        {
            PortabilityError::Store(haru_store::StoreError::ReadOnly {
                path: store.path().to_path_buf(),
            })
        }
        other => other,
    }
}

/// Takes a backup of the diary now (`Manual`), returning its description.
pub fn backup_now(store: &Store) -> Result<BackupInfo, PortabilityError> {
    take_backup(store, BackupKind::Manual)
}

/// Takes a backup of `kind`. The source is checked first (except before a restore, when even
/// a damaged diary is kept so the restore can be undone).
pub fn take_backup(store: &Store, kind: BackupKind) -> Result<BackupInfo, PortabilityError> {
    if kind != BackupKind::PreRestore {
        store
            .integrity_check()
            .map_err(|err| PortabilityError::SourceDamaged(err.to_string()))?;
    }
    let dir = backups_dir(store);
    haru_store::private::create_dir(&dir)
        .map_err(PortabilityError::io(&dir))
        .map_err(read_only_folder(store))?;
    let stamp = Utc::now().format(STAMP).to_string();
    let (name, mut sums) = claim_name(&dir, &stamp, kind).map_err(read_only_folder(store))?;
    let path = dir.join(&name);
    let partial = unique_partial(&dir, &name);
    // An encrypted backup gets the diary's key file beside it, before the backup itself lands:
    // with it the recovery key alone opens the backup, even once haru.key is lost.
    let key_copy = match store.key() {
        Some(_) => haru_store::key_copies::current_key_file(&data_dir_of(store.path())),
        None => None,
    };
    let result = (|| {
        write_database_copy(store.connection(), &partial, store.key())?;
        crash_point("backup: the copy is written");
        if let Some(file) = &key_copy {
            haru_store::key_copies::write_backup_copy(&path, file)?;
            crash_point("backup: its key copy is written");
        }
        // The checksum lands first: a crash in between leaves a checksum without a backup
        // (ignored), never a backup without its checksum.
        let sum = sha256_of(&partial)?;
        write_claimed(
            &mut sums,
            &checksum_path(&path),
            format!("{sum}  {name}\n").as_bytes(),
        )?;
        crash_point("backup: its checksum is written");
        std::fs::rename(&partial, &path).map_err(PortabilityError::io(&path))?;
        db::fsync_dir(&dir);
        Ok(())
    })();
    if let Err(err) = result {
        let _ = std::fs::remove_file(&partial);
        let _ = std::fs::remove_file(checksum_path(&path));
        let _ = std::fs::remove_file(haru_store::key_copies::backup_key_path(&path));
        return Err(err);
    }
    describe(&path, store.key())
}

/// The automatic daily backup: none if one was already taken today (UTC); afterwards only the
/// newest `pref.backup.keep` (default 7) automatic backups are kept.
pub fn auto_backup(store: &Store) -> Result<Option<BackupInfo>, PortabilityError> {
    let dir = backups_dir(store);
    let today = Utc::now().date_naive();
    let autos = backup_files(&dir)?
        .into_iter()
        .filter(|(_, _, kind)| *kind == BackupKind::Auto)
        .collect::<Vec<_>>();
    if autos.iter().any(|(_, time, _)| time.date() == today) {
        return Ok(None);
    }
    let info = take_backup(store, BackupKind::Auto)?;
    let keep = store
        .preference(KEEP_PREFERENCE)?
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(DEFAULT_KEEP);
    rotate(&dir, keep)?;
    Ok(Some(info))
}

/// Deletes all but the newest `keep` automatic backups (and their checksums and key copies).
pub fn rotate(dir: &Path, keep: usize) -> Result<usize, PortabilityError> {
    let mut autos: Vec<_> = backup_files(dir)?
        .into_iter()
        .filter(|(_, _, kind)| *kind == BackupKind::Auto)
        .collect();
    autos.sort_by(|a, b| (b.1, &b.0).cmp(&(a.1, &a.0)));
    let mut removed = 0;
    for (path, _, _) in autos.into_iter().skip(keep) {
        std::fs::remove_file(&path).map_err(PortabilityError::io(&path))?;
        let _ = std::fs::remove_file(checksum_path(&path));
        let _ = std::fs::remove_file(haru_store::key_copies::backup_key_path(&path));
        removed += 1;
    }
    Ok(removed)
}

/// Backup files in `dir`, unsorted: (path, time, kind). A missing folder has none.
fn backup_files(dir: &Path) -> Result<Vec<(PathBuf, NaiveDateTime, BackupKind)>, PortabilityError> {
    let read = match std::fs::read_dir(dir) {
        Ok(read) => read,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(PortabilityError::io(dir)(err)),
    };
    let mut out = Vec::new();
    for item in read {
        let item = item.map_err(PortabilityError::io(dir))?;
        let name = item.file_name().to_string_lossy().into_owned();
        if let Some((time, kind)) = parse_name(&name) {
            out.push((item.path(), time, kind));
        }
    }
    Ok(out)
}

/// Every backup in `dir`, newest first, with its size and entry count (a quick look; the
/// full check happens when one is restored). `key`: the diary's, when it is encrypted.
pub fn list_backups(dir: &Path, key: Option<&DbKey>) -> Result<Vec<BackupInfo>, PortabilityError> {
    let mut files = backup_files(dir)?;
    files.sort_by(|a, b| (b.1, &b.0).cmp(&(a.1, &a.0)));
    files
        .iter()
        .map(|(path, _, _)| describe(path, key))
        .collect()
}

/// Backup files in `dir` (any kind), for re-encrypting them all.
pub(crate) fn all_backup_paths(dir: &Path) -> Result<Vec<PathBuf>, PortabilityError> {
    Ok(backup_files(dir)?.into_iter().map(|(p, _, _)| p).collect())
}

/// Replaces the backup at `path` with `rewritten` (a checked file in the same folder) and
/// records its new checksum; the checksum lands first, as when a backup is taken.
pub(crate) fn replace_backup(path: &Path, rewritten: &Path) -> Result<(), PortabilityError> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let sum = sha256_of(rewritten)?;
    db::write_atomically(&checksum_path(path), format!("{sum}  {name}\n").as_bytes())?;
    std::fs::rename(rewritten, path).map_err(PortabilityError::io(path))?;
    if let Some(dir) = path.parent() {
        db::fsync_dir(dir);
    }
    Ok(())
}

fn describe(path: &Path, key: Option<&DbKey>) -> Result<BackupInfo, PortabilityError> {
    let file_name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let (time, kind) = parse_name(&file_name).ok_or_else(|| PortabilityError::NotHaru {
        path: path.to_path_buf(),
        detail: "not a backup file name".into(),
    })?;
    let size_bytes = std::fs::metadata(path)
        .map_err(PortabilityError::io(path))?
        .len();
    let (entries, problem) = match quick_look(path, key) {
        Ok(n) => (Some(n), None),
        Err(err) => (None, Some(err.to_string())),
    };
    Ok(BackupInfo {
        path: path.display().to_string(),
        file_name,
        size_bytes,
        created_at: time
            .and_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        kind: kind.as_str().to_owned(),
        entries,
        problem,
    })
}

fn quick_look(path: &Path, key: Option<&DbKey>) -> Result<i64, PortabilityError> {
    let conn = db::open_backup(path, key)?;
    live_entries(&conn).map_err(|err| damaged(path, &err.to_string()))
}

fn live_entries(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM entries WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )
}

fn damaged(path: &Path, detail: &str) -> PortabilityError {
    PortabilityError::BackupDamaged {
        path: path.to_path_buf(),
        detail: detail.to_owned(),
    }
}

/// Checks a backup (or any Haru database file) whole before it is used: its checksum when it
/// has one, SQLite's `integrity_check`, that it is a Haru diary, and that its schema is not
/// newer than this build's. Returns its live entry count. Never writes to it. An encrypted
/// backup is read with `key` (the diary's).
pub fn verify_backup(path: &Path, key: Option<&DbKey>) -> Result<i64, PortabilityError> {
    let head = db::header(path)?;
    if head.is_empty() {
        return Err(damaged(path, "the file is empty"));
    }
    if head.as_slice() != db::SQLITE_MAGIC && key.is_none() {
        return Err(damaged(
            path,
            "it does not start with the SQLite header (an encrypted backup opens only with its \
             diary's key)",
        ));
    }
    let sums = checksum_path(path);
    if let Ok(recorded) = std::fs::read_to_string(&sums) {
        let recorded = recorded.split_whitespace().next().unwrap_or("").to_owned();
        if recorded != sha256_of(path)? {
            return Err(damaged(
                path,
                "its checksum differs from the one recorded when it was taken: the file changed \
                 since (a disk or copy error)",
            ));
        }
    }
    let conn = db::open_backup(path, key).map_err(|err| damaged(path, &err.to_string()))?;
    db::integrity(&conn).map_err(|detail| damaged(path, &format!("integrity check: {detail}")))?;
    let version = db::schema_version(&conn).map_err(|err| damaged(path, &err.to_string()))?;
    let supported = haru_store::latest_version();
    if version > supported {
        return Err(PortabilityError::BackupTooNew {
            path: path.to_path_buf(),
            found: version,
            supported,
        });
    }
    let tables = db::user_tables(&conn).map_err(|err| damaged(path, &err.to_string()))?;
    if version == 0
        || !["entries", "settings"]
            .iter()
            .all(|t| tables.iter().any(|n| n == t))
    {
        return Err(PortabilityError::NotHaru {
            path: path.to_path_buf(),
            detail: format!("schema version {version}, tables: {}", tables.join(", ")),
        });
    }
    live_entries(&conn).map_err(|err| damaged(path, &err.to_string()))
}

/// Copies the checked backup at `backup` into a new file `staged` beside the diary and checks
/// the copy (what gets installed is exactly what was checked). With `key` (an encrypted diary)
/// the copy is encrypted with it, also when the backup is a plain one from before encryption.
fn stage(backup: &Path, staged: &Path, key: Option<&DbKey>) -> Result<(), PortabilityError> {
    let _ = std::fs::remove_file(staged);
    let result = if key.is_some() && db::is_plain(backup)? {
        // A plain backup from before encryption: rewritten encrypted (the backup API cannot
        // copy between a plain and an encrypted database).
        db::open_for_copy(backup, None).and_then(|src| {
            haru_store::convert_database(&src, staged, key).map_err(PortabilityError::from)
        })
    } else {
        db::open_backup(backup, key).and_then(|src| write_database_copy(&src, staged, key))
    };
    if result.is_err() {
        let _ = std::fs::remove_file(staged);
    }
    result
}

fn staged_path(data_dir: &Path) -> PathBuf {
    data_dir.join(format!(".haru-restore-{}.sqlite3", std::process::id()))
}

/// Restores `backup` into the open diary. The current diary is first saved as a
/// `-pre-restore` backup. See the module documentation for why this is atomic.
pub fn restore(store: &mut Store, backup: &Path) -> Result<RestoreOutcome, PortabilityError> {
    // No other process may be writing while the diary is replaced (`haru_store::FolderLock`).
    let _exclusive = FolderLock::exclusive(&data_dir_of(store.path()))?;
    let key = store.key().cloned();
    let entries = verify_backup(backup, key.as_ref())?;
    let previous = take_backup(store, BackupKind::PreRestore)?;
    crash_point("restore: the diary as it was is backed up");
    let data_dir = data_dir_of(store.path());
    let staged = staged_path(&data_dir);
    stage(backup, &staged, key.as_ref())?;
    crash_point("restore: the backup is staged");
    let result = (|| -> Result<(), PortabilityError> {
        let src = Connection::open(&staged).map_err(sqlite(&staged))?;
        if let Some(key) = &key {
            haru_store::key_connection(&src, key).map_err(sqlite(&staged))?;
        }
        let db_path = store.path().to_path_buf();
        db::copy_database(&src, store.connection_mut()).map_err(sqlite(&db_path))?;
        crash_point("restore: copied into the diary");
        store.migrate()?;
        Ok(())
    })();
    let _ = std::fs::remove_file(&staged);
    result?;
    Ok(RestoreOutcome {
        restored_from: backup.display().to_string(),
        previous_saved_as: Some(previous.path),
        entries,
    })
}

/// `haru restore`: restores `backup` into the diary in `data_dir`, also when that diary is
/// missing or so damaged it cannot be opened (it is then renamed aside, never deleted). An
/// encrypted diary is unlocked with `secret` first.
pub fn restore_in(
    data_dir: &Path,
    backup: &Path,
    secret: Option<&Secret>,
) -> Result<RestoreOutcome, PortabilityError> {
    let _exclusive = FolderLock::exclusive(data_dir)?;
    let db_path = data_dir.join(DB_FILE_NAME);
    if haru_store::is_encrypted_in(data_dir)? {
        let mut store = Store::unlock_in(data_dir, Integrity::CheckAtOpen, secret)?;
        return restore(&mut store, backup);
    }
    let diary_missing = std::fs::metadata(&db_path).map_or(true, |m| m.len() == 0);
    if diary_missing && backup.exists() && !db::is_plain(backup)? {
        return restore_encrypted_into_empty(data_dir, backup, secret);
    }
    let entries = verify_backup(backup, None)?;
    let previous = if db_path.exists() {
        match Store::open_keyed(&db_path, Integrity::CheckAtOpen, None) {
            Ok(mut store) => return restore(&mut store, backup),
            Err(StoreError::Corrupt { .. }) => {
                let aside = set_aside(&db_path)?;
                crash_point("restore: the damaged diary is set aside");
                Some(aside)
            }
            Err(err) => return Err(err.into()),
        }
    } else {
        haru_store::private::create_dir(data_dir).map_err(PortabilityError::io(data_dir))?;
        None
    };
    // Nothing has the database open: a checked copy is renamed into place.
    let staged = staged_path(data_dir);
    stage(backup, &staged, None)?;
    crash_point("restore: the backup is staged for a missing diary");
    if let Err(err) = std::fs::rename(&staged, &db_path) {
        let _ = std::fs::remove_file(&staged);
        return Err(PortabilityError::io(&db_path)(err));
    }
    db::fsync_dir(data_dir);
    Store::open_keyed(&db_path, Integrity::CheckAtOpen, None)?;
    Ok(RestoreOutcome {
        restored_from: backup.display().to_string(),
        previous_saved_as: previous.map(|p| p.display().to_string()),
        entries,
    })
}

/// An encrypted backup restored where the diary is missing (or empty): lost with its folder,
/// or only `haru.key` and the backups left. The key comes from the key file that `secret` (the
/// passphrase or the recovery key) opens and whose key opens the backup: the copy beside the
/// backup, else `haru.key` or `haru.key.copy` in the folder. It becomes the folder's key file
/// (written before the diary lands, so the encrypted diary never stands without its key); a
/// `haru.key` of another key already in the folder is never replaced.
fn restore_encrypted_into_empty(
    data_dir: &Path,
    backup: &Path,
    secret: Option<&Secret>,
) -> Result<RestoreOutcome, PortabilityError> {
    let secret = secret.ok_or_else(|| StoreError::Locked {
        data_dir: data_dir.to_path_buf(),
    })?;
    let candidates = [
        haru_store::key_copies::backup_key_path(backup),
        haru_store::KeyFile::path_in(data_dir),
        haru_store::key_copies::data_copy_path(data_dir),
    ];
    let mut refused = false;
    let mut found = None;
    for path in &candidates {
        let Ok(Some(file)) = haru_store::KeyFile::read_file(path) else {
            continue;
        };
        match file.unlock(secret, data_dir) {
            Ok(key) if haru_store::key_copies::key_opens(backup, &key) => {
                found = Some((file, key));
                break;
            }
            Ok(_) => {}
            Err(StoreError::WrongPassphrase { .. }) => refused = true,
            Err(err) => return Err(err.into()),
        }
    }
    let Some((file, key)) = found else {
        if refused {
            return Err(StoreError::WrongPassphrase {
                data_dir: data_dir.to_path_buf(),
                recovery: matches!(secret, Secret::RecoveryKey(_)),
            }
            .into());
        }
        return Err(damaged(
            backup,
            "it is encrypted, and no key file for it was found (its copy \
             beside it, ….sqlite3.key, or haru.key in the data folder)",
        ));
    };
    if let Ok(Some(existing)) = haru_store::KeyFile::read(data_dir) {
        if !existing.same_key_as(&file) {
            return Err(PortabilityError::Store(StoreError::InvalidInput(
                haru_core::AppError::new(
                    haru_core::ErrorCode::InvalidInput,
                    format!(
                        "the backup {} is encrypted under another key than the haru.key in {}. \
                         Nothing was changed: move haru.key away first",
                        backup.display(),
                        data_dir.display()
                    ),
                ),
            )));
        }
    }
    let entries = verify_backup(backup, Some(&key))?;
    let db_path = data_dir.join(DB_FILE_NAME);
    let staged = staged_path(data_dir);
    stage(backup, &staged, Some(&key))?;
    let installed = (|| {
        file.write(data_dir)?;
        crash_point("restore: the key file is in place");
        std::fs::rename(&staged, &db_path).map_err(PortabilityError::io(&db_path))?;
        db::fsync_dir(data_dir);
        Ok::<(), PortabilityError>(())
    })();
    if let Err(err) = installed {
        let _ = std::fs::remove_file(&staged);
        return Err(err);
    }
    Store::open_keyed(&db_path, Integrity::CheckAtOpen, Some(&key))?;
    Ok(RestoreOutcome {
        restored_from: backup.display().to_string(),
        previous_saved_as: None,
        entries,
    })
}

/// Renames a damaged database (and its `-wal`/`-shm`) to `…damaged-YYYYMMDD-HHMMSS`.
fn set_aside(db_path: &Path) -> Result<PathBuf, PortabilityError> {
    let stamp = Utc::now().format(STAMP).to_string();
    let name = db_path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let aside = db_path.with_file_name(format!("{name}.damaged-{stamp}"));
    for extra in ["-wal", "-shm"] {
        let from = db_path.with_file_name(format!("{name}{extra}"));
        if from.exists() {
            let to = db_path.with_file_name(format!("{name}.damaged-{stamp}{extra}"));
            std::fs::rename(&from, &to).map_err(PortabilityError::io(&from))?;
        }
    }
    std::fs::rename(db_path, &aside).map_err(PortabilityError::io(db_path))?;
    Ok(aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_names_parse() {
        let (t, k) = parse_name("haru-20260102-030405.sqlite3").unwrap();
        assert_eq!(t.to_string(), "2026-01-02 03:04:05");
        assert_eq!(k, BackupKind::Auto);
        assert_eq!(
            parse_name("haru-20260102-030405-2.sqlite3").unwrap().1,
            BackupKind::Auto
        );
        assert_eq!(
            parse_name("haru-20260102-030405-manual.sqlite3").unwrap().1,
            BackupKind::Manual
        );
        assert_eq!(
            parse_name("haru-20260102-030405-pre-restore-3.sqlite3")
                .unwrap()
                .1,
            BackupKind::PreRestore
        );
        for bad in [
            "haru-20260102-030405.sqlite3.sha256",
            "haru-2026.sqlite3",
            "haru-20261302-030405.sqlite3",
            "haru-20260102-030405-x.sqlite3",
            "other.sqlite3",
            "haru-20260102-030405é.sqlite3",
        ] {
            assert!(parse_name(bad).is_none(), "{bad}");
        }
    }
}
