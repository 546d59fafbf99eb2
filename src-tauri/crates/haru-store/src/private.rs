//! A diary is nobody else's business, not even another account's on the same computer: every
//! folder Haru creates is `0700` and every file `0600` (on Unix; elsewhere the folder's own
//! access rules apply), whatever the umask says. Files and folders left readable by others
//! (by an older Haru, or copied in) are tightened each time the diary is opened.
//!
//! SQLite gives the `-wal`, `-shm` and journal files it creates the database file's own mode,
//! so a private database file keeps its write-ahead log private too: the database file is
//! therefore created here, empty and private, before SQLite opens it.
//!
//! Tightening an existing file is best-effort: on a read-only folder or a file owned by
//! someone else it cannot be done, and refusing to open the diary then would help nobody.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

use crate::DB_FILE_NAME;

/// Creates `dir` and any missing parents as private folders. One that already exists is left
/// as it is (it may be the user's own, an export's destination); the data folder is tightened
/// by [`tighten_data_dir`] when the diary opens.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Options that create a private file (`0600`); the caller adds `create`/`create_new`.
pub fn file_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// Creates (or truncates) `path` as a private file, tightening it when it already existed
/// (a mode given at open applies only to a file that open creates).
pub fn create_file(path: &Path) -> io::Result<File> {
    let file = file_options().create(true).truncate(true).open(path)?;
    tighten(path);
    Ok(file)
}

/// Creates `path` as a new, empty private file; fails when it exists.
pub fn create_new_file(path: &Path) -> io::Result<File> {
    file_options().create_new(true).open(path)
}

/// Takes every permission away from group and others on `path` (a file or a folder), when it
/// exists and this process may change it. Owner permissions are left as they are.
pub fn tighten(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::symlink_metadata(path) {
            let mode = meta.permissions().mode();
            if !meta.file_type().is_symlink() && mode & 0o077 != 0 {
                let _ =
                    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o7700));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Tightens the data folder and everything Haru keeps in it: the database and its `-wal`/`-shm`,
/// the key file and its copy, the lock files, damaged databases set aside, staging files, and the
/// backups folder with its backups and checksums. Only Haru's own names are touched, so a data
/// folder pointed at a folder holding other files changes nothing of theirs but the folder's
/// own mode.
pub fn tighten_data_dir(data_dir: &Path) {
    tighten(data_dir);
    let ours = |name: &str| {
        name.starts_with(DB_FILE_NAME)
            || name.starts_with(crate::crypt::KEY_FILE_NAME)
            || name == crate::paths::APP_LOCK_FILE
            || name == crate::FOLDER_LOCK_FILE
            || name.starts_with(".haru-")
    };
    if let Ok(items) = std::fs::read_dir(data_dir) {
        for item in items.flatten() {
            if ours(&item.file_name().to_string_lossy()) {
                tighten(&item.path());
            }
        }
    }
    let backups = data_dir.join("backups");
    if backups.is_dir() {
        tighten(&backups);
        if let Ok(items) = std::fs::read_dir(&backups) {
            for item in items.flatten() {
                let name = item.file_name();
                let name = name.to_string_lossy();
                if name.starts_with("haru-") || name.starts_with(".haru-") {
                    tighten(&item.path());
                }
            }
        }
    }
}
