//! One app per diary: a second launch on the same data folder focuses the running window
//! instead of opening the same database twice.
//!
//! The first instance holds an OS file lock on `<data dir>/haru-app.lock` (released by the OS
//! even on a crash) and listens on a Unix socket beside it; a second instance finds the lock
//! taken, sends `focus` over the socket and exits. Keyed on the data folder, so test runs
//! with their own folders never collide with a diary the user has open.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

const LOCK_FILE: &str = haru_store::paths::APP_LOCK_FILE;
#[cfg(unix)]
const SOCKET_FILE: &str = "haru-app.sock";

pub enum Acquired {
    First(InstanceGuard),
    AlreadyRunning,
}

/// Held for the life of the first instance.
pub struct InstanceGuard {
    lock: File,
    #[cfg(unix)]
    listener: Option<std::os::unix::net::UnixListener>,
}

pub fn acquire(data_dir: &Path) -> io::Result<Acquired> {
    std::fs::create_dir_all(data_dir).map_err(|err| with_path(err, data_dir))?;
    let lock_path = data_dir.join(LOCK_FILE);
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&lock_path)
        .map_err(|err| with_path(err, &lock_path))?;
    match lock.try_lock() {
        Ok(()) => Ok(Acquired::First(InstanceGuard {
            #[cfg(unix)]
            listener: listen(data_dir),
            lock,
        })),
        Err(TryLockError::WouldBlock) => {
            notify_running_instance(data_dir);
            Ok(Acquired::AlreadyRunning)
        }
        Err(TryLockError::Error(err)) => Err(with_path(err, &lock_path)),
    }
}

fn with_path(err: io::Error, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

#[cfg(unix)]
fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join(SOCKET_FILE)
}

/// Removes the socket this instance listens on and its lock file, as the app closes, so
/// nothing is left behind. (The lock is still held until the process ends; a launch in that
/// moment makes a new lock file and starts, which is safe: the diary is closed by then.)
pub fn remove_files(data_dir: &Path) {
    #[cfg(unix)]
    let _ = std::fs::remove_file(socket_path(data_dir));
    let _ = std::fs::remove_file(data_dir.join(LOCK_FILE));
}

#[cfg(unix)]
fn listen(data_dir: &Path) -> Option<std::os::unix::net::UnixListener> {
    let path = socket_path(data_dir);
    // We hold the lock, so any socket file left here is from a crashed instance.
    let _ = std::fs::remove_file(&path);
    std::os::unix::net::UnixListener::bind(&path)
        .map_err(|err| {
            eprintln!(
                "haru-app: second launches cannot focus this window ({}: {err})",
                path.display()
            )
        })
        .ok()
}

#[cfg(unix)]
fn notify_running_instance(data_dir: &Path) {
    use std::io::Write;
    if let Ok(mut stream) = std::os::unix::net::UnixStream::connect(socket_path(data_dir)) {
        let _ = stream.write_all(b"focus\n");
    }
}

#[cfg(not(unix))]
fn notify_running_instance(_data_dir: &Path) {}

impl InstanceGuard {
    /// Calls `focus` whenever another launch asks this instance to come forward. Keeps the
    /// lock for the rest of the process.
    pub fn on_second_launch(self, focus: impl Fn() + Send + 'static) {
        std::thread::Builder::new()
            .name("single-instance".into())
            .spawn(move || self.serve(focus))
            .expect("spawn the single-instance listener thread");
    }

    #[cfg(unix)]
    fn serve(self, focus: impl Fn()) {
        use std::io::Read;
        let _lock = &self.lock;
        let Some(listener) = &self.listener else {
            // Nothing to listen on: keep the lock alive until the process ends.
            loop {
                std::thread::park();
            }
        };
        for stream in listener.incoming().flatten() {
            let mut message = Vec::new();
            let _ = stream.take(64).read_to_end(&mut message);
            if message.starts_with(b"focus") {
                focus();
            }
        }
    }

    #[cfg(not(unix))]
    fn serve(self, _focus: impl Fn()) {
        let _lock = &self.lock;
        loop {
            std::thread::park();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn second_acquire_on_the_same_folder_focuses_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let Acquired::First(guard) = acquire(dir.path()).unwrap() else {
            panic!("the first launch must win the lock");
        };
        let (tx, rx) = mpsc::channel();
        guard.on_second_launch(move || {
            let _ = tx.send(());
        });
        assert!(matches!(
            acquire(dir.path()).unwrap(),
            Acquired::AlreadyRunning
        ));
        #[cfg(unix)]
        rx.recv_timeout(Duration::from_secs(5))
            .expect("the running instance was asked to focus");
    }

    #[test]
    fn different_folders_do_not_collide() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let first = acquire(a.path()).unwrap();
        assert!(matches!(first, Acquired::First(_)));
        assert!(matches!(acquire(b.path()).unwrap(), Acquired::First(_)));
    }
}
