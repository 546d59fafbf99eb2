//! One lock per data folder, between processes: every open diary (the app, its analysis
//! worker, each CLI command) holds it shared, and the commands that replace the database file
//! or the key under everyone's feet (`encrypt`, `decrypt`, a passphrase change, a restore) hold
//! it exclusively. Without it a `haru add` running beside `haru encrypt` wrote into the old
//! file after it had been copied, and that entry was gone.
//!
//! The lock is an OS file lock (`flock` on Unix) on `haru.lock` in the data folder, so it goes
//! away with the process, however it ends. Within one process the lock is counted, not taken
//! again: the app's own connections never block the app's own `encrypt`, and a command holding
//! it exclusively opens the diary as usual. A shared request waits up to [`WAIT`] for an
//! exclusive holder to finish, then gives up with `StoreError::Busy`; an exclusive request does
//! not wait at all (someone has the diary open: try again once they close it).
//!
//! Turning a held shared lock into an exclusive one and back is not atomic on every system
//! (Linux's `flock` drops the old lock first); in that instant another process's request can
//! win. An exclusive request that fails this way takes its shared lock back before reporting
//! `Busy`. A folder where the lock file cannot be created or opened (read-only) is not locked:
//! nothing can be written there anyway.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::StoreError;

/// The lock file in the data folder (empty; only its lock matters).
pub const FOLDER_LOCK_FILE: &str = "haru.lock";

/// How long opening a diary waits for an `encrypt`, `decrypt`, passphrase change or restore
/// running in another process.
pub const WAIT: Duration = Duration::from_secs(5);

struct Held {
    dir: PathBuf,
    file: File,
    shared: usize,
    exclusive: usize,
}

static HELD: Mutex<Vec<Held>> = Mutex::new(Vec::new());

/// Held while alive; dropping it releases this hold (the OS lock goes with the last one).
#[derive(Debug)]
pub struct FolderLock {
    dir: Option<PathBuf>,
    exclusive: bool,
}

impl FolderLock {
    /// Holds `data_dir` shared (every open diary), waiting up to [`WAIT`] for an exclusive
    /// holder in another process.
    pub fn shared(data_dir: &Path) -> Result<FolderLock, StoreError> {
        let Some(dir) = key_of(data_dir) else {
            return Ok(FolderLock::none());
        };
        let deadline = Instant::now() + WAIT;
        loop {
            let mut held = HELD.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(h) = held.iter_mut().find(|h| h.dir == dir) {
                h.shared += 1;
                return Ok(FolderLock::holding(dir, false));
            }
            let Some(file) = open_lock_file(&dir) else {
                return Ok(FolderLock::none());
            };
            match file.try_lock_shared() {
                Ok(()) => {
                    held.push(Held {
                        dir: dir.clone(),
                        file,
                        shared: 1,
                        exclusive: 0,
                    });
                    return Ok(FolderLock::holding(dir, false));
                }
                Err(TryLockError::WouldBlock) => {}
                // Locks not supported on this file system: go on unlocked.
                Err(TryLockError::Error(_)) => return Ok(FolderLock::none()),
            }
            drop(held);
            if Instant::now() >= deadline {
                return Err(StoreError::Busy {
                    data_dir: data_dir.to_path_buf(),
                    exclusive: false,
                });
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Holds `data_dir` exclusively (creating it if missing), or says `Busy` at once when
    /// another process has the diary open.
    pub fn exclusive(data_dir: &Path) -> Result<FolderLock, StoreError> {
        crate::private::create_dir(data_dir).map_err(|source| StoreError::Io {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let Some(dir) = key_of(data_dir) else {
            return Ok(FolderLock::none());
        };
        let busy = || StoreError::Busy {
            data_dir: data_dir.to_path_buf(),
            exclusive: true,
        };
        let mut held = HELD.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(h) = held.iter_mut().find(|h| h.dir == dir) {
            if h.exclusive == 0 {
                match h.file.try_lock() {
                    Ok(()) => {}
                    Err(TryLockError::WouldBlock) => {
                        // The shared lock may have been dropped by the failed conversion.
                        let _ = h.file.lock_shared();
                        return Err(busy());
                    }
                    Err(TryLockError::Error(_)) => {}
                }
            }
            h.exclusive += 1;
            return Ok(FolderLock::holding(dir, true));
        }
        let Some(file) = open_lock_file(&dir) else {
            return Ok(FolderLock::none());
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(busy()),
            Err(TryLockError::Error(_)) => return Ok(FolderLock::none()),
        }
        held.push(Held {
            dir: dir.clone(),
            file,
            shared: 0,
            exclusive: 1,
        });
        Ok(FolderLock::holding(dir, true))
    }

    pub(crate) fn none() -> FolderLock {
        FolderLock {
            dir: None,
            exclusive: false,
        }
    }

    fn holding(dir: PathBuf, exclusive: bool) -> FolderLock {
        FolderLock {
            dir: Some(dir),
            exclusive,
        }
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        let Some(dir) = self.dir.take() else { return };
        let mut held = HELD.lock().unwrap_or_else(|p| p.into_inner());
        let Some(at) = held.iter().position(|h| h.dir == dir) else {
            return;
        };
        let h = &mut held[at];
        if self.exclusive {
            h.exclusive -= 1;
            if h.exclusive == 0 && h.shared > 0 {
                let _ = h.file.lock_shared();
            }
        } else {
            h.shared -= 1;
        }
        if h.shared == 0 && h.exclusive == 0 {
            // Closing the file releases the OS lock.
            held.swap_remove(at);
        }
    }
}

/// The folder's canonical path (one entry per folder however it was named), `None` when the
/// folder does not exist.
fn key_of(data_dir: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(data_dir).ok()
}

fn open_lock_file(dir: &Path) -> Option<File> {
    let path = dir.join(FOLDER_LOCK_FILE);
    crate::private::file_options()
        .read(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .or_else(|_| File::open(&path))
        .ok()
}
