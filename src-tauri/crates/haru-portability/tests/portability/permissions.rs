//! Privacy from other accounts on the same computer: every folder Haru writes is 0700 and every
//! file 0600 (the data folder, the diary and its WAL, backups and checksums, the key file,
//! exports), whatever the umask; files an older Haru left readable are tightened at open; and
//! another user (`setpriv --reuid=65534`, when the tests run as root) can read none of them.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use haru_portability::{backup_now, encrypt_folder, export_to};
use haru_store::{Integrity, KdfParams, Secret, Store};

use crate::rich_store;

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

/// Every folder and file under `dir`, `dir` included.
fn everything_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        if path.is_dir() {
            out.extend(everything_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn assert_private(paths: &[PathBuf]) {
    let loose: Vec<String> = paths
        .iter()
        .filter(|p| mode(p) & 0o077 != 0)
        .map(|p| format!("{} {:o}", p.display(), mode(p)))
        .collect();
    assert!(loose.is_empty(), "readable by others: {loose:#?}");
    for path in paths {
        let expected = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode(path), expected, "{}", path.display());
    }
}

/// A parent folder others may enter, as a home folder usually is (a temporary folder is 0700,
/// which would hide what is inside it whatever its modes).
fn open_parent() -> tempfile::TempDir {
    let parent = tempfile::tempdir().unwrap();
    std::fs::set_permissions(parent.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    parent
}

/// Whether user 65534 (nobody) can read `path`: `Some(false)` when refused, `None` when this
/// cannot be tried here (not root, or no `setpriv`).
fn nobody_can_read(path: &Path) -> Option<bool> {
    let root = std::process::Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&root.stdout).trim() != "0" {
        return None;
    }
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "cat"])
        .arg(path)
        .output()
        .ok()?;
    Some(out.status.success())
}

#[test]
fn everything_haru_writes_is_private_to_its_user() {
    let parent = open_parent();
    let data_dir = parent.path().join("haru");
    let outputs = parent.path().join("exports");
    std::fs::create_dir(&outputs).unwrap();
    std::fs::set_permissions(&outputs, std::fs::Permissions::from_mode(0o755)).unwrap();
    {
        let store = rich_store(&data_dir);
        backup_now(&store).unwrap();
        export_to(&store, "json", &outputs.join("diary.json")).unwrap();
        export_to(&store, "csv", &outputs.join("emotions.csv")).unwrap();
        export_to(&store, "markdown", &outputs.join("diary-md")).unwrap();
        // The write-ahead log and shared memory, while the diary is open.
        let all = everything_under(&data_dir);
        assert!(
            all.iter()
                .any(|p| p.to_string_lossy().ends_with("haru.sqlite3-wal")),
            "{all:?}"
        );
        assert_private(&all);
    }
    let mut written = everything_under(&outputs);
    written.retain(|p| p != &outputs);
    assert_eq!(written.len(), 5, "{written:?}"); // json, csv, the folder and its two entries
    assert_private(&written);

    encrypt_folder(
        &data_dir,
        "correct horse battery",
        KdfParams::FAST_FOR_TESTS,
    )
    .unwrap();
    let store = Store::unlock_in(
        &data_dir,
        Integrity::CheckAtOpen,
        Some(&Secret::passphrase("correct horse battery")),
    )
    .unwrap();
    backup_now(&store).unwrap();
    let all = everything_under(&data_dir);
    assert!(all.iter().any(|p| p.ends_with("haru.key")), "{all:?}");
    assert_private(&all);

    for path in all.iter().chain(&written).filter(|p| p.is_file()) {
        if let Some(readable) = nobody_can_read(path) {
            assert!(!readable, "another user read {}", path.display());
        }
    }
}

#[test]
fn files_left_readable_are_tightened_when_the_diary_opens() {
    let parent = open_parent();
    let data_dir = parent.path().join("haru");
    {
        let store = rich_store(&data_dir);
        backup_now(&store).unwrap();
    }
    // As an older Haru (or a copy with a 022 umask) left them.
    let everything = everything_under(&data_dir);
    for path in &everything {
        let loose = if path.is_dir() { 0o755 } else { 0o644 };
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(loose)).unwrap();
    }
    let diary = data_dir.join("haru.sqlite3");
    assert!(nobody_can_read(&diary).unwrap_or(true));

    drop(Store::open_in_with(&data_dir, Integrity::OnAccess).unwrap());
    assert_private(&everything_under(&data_dir));
    if let Some(readable) = nobody_can_read(&diary) {
        assert!(!readable, "another user read the diary");
    }
}
