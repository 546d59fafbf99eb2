//! `haru.key` is not a single point of failure: a copy of the key file is
//! kept in the folder and beside every encrypted backup, so the recovery key alone opens the
//! diary and every backup once `haru.key` is gone; a passphrase change, rotation and decrypt
//! keep the copies in step; with no copy left the error says the key is missing, not that the
//! diary is damaged.

use std::path::{Path, PathBuf};

use haru_core::ErrorCode;
use haru_portability::{
    backup_now, backups_dir, change_passphrase, decrypt_folder, encrypt_folder, restore_in, rotate,
    take_backup, verify_backup, BackupKind,
};
use haru_store::key_copies::{backup_key_path, data_copy_path};
use haru_store::{Integrity, KdfParams, KeyFile, Secret, Store};

use crate::{live_bodies, rich_store};

const PASS: &str = "correct horse battery";
const FAST: KdfParams = KdfParams::FAST_FOR_TESTS;

/// An encrypted diary (one backup from before encryption) plus two backups taken since.
/// Returns the recovery key.
fn encrypted_with_backups(data: &Path) -> String {
    {
        let mut store = rich_store(data);
        store
            .create_entry("2026-04-01", "before encryption")
            .unwrap();
        backup_now(&store).unwrap();
    }
    let recovery = encrypt_folder(data, PASS, FAST)
        .unwrap()
        .recovery_key
        .unwrap();
    let mut store = Store::unlock_in(data, Integrity::OnAccess, Some(&pass())).unwrap();
    store
        .create_entry("2026-04-02", "after encryption")
        .unwrap();
    backup_now(&store).unwrap();
    take_backup(&store, BackupKind::Auto).unwrap();
    recovery
}

fn pass() -> Secret {
    Secret::passphrase(PASS)
}

fn backups(data: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(data.join("backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sqlite3"))
        .collect();
    out.sort();
    out
}

fn remove(path: &Path) {
    std::fs::remove_file(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

#[test]
fn the_recovery_key_alone_opens_the_diary_and_every_backup_once_haru_key_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let recovery = encrypted_with_backups(&data);
    let by_recovery = Secret::recovery_key(recovery.clone());
    let expected = {
        let store = Store::unlock_in(&data, Integrity::OnAccess, Some(&pass())).unwrap();
        live_bodies(&store)
    };
    let key_bytes = std::fs::read(KeyFile::path_in(&data)).unwrap();
    // Copies of the same sealed bytes, private, in the folder and beside every backup.
    let all = backups(&data);
    assert_eq!(all.len(), 3);
    for copy in all
        .iter()
        .map(|b| backup_key_path(b))
        .chain([data_copy_path(&data)])
    {
        assert_eq!(
            std::fs::read(&copy).unwrap(),
            key_bytes,
            "{}",
            copy.display()
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", copy.display());
        }
    }

    // haru.key and the folder's copy are lost: only the backups' copies are left.
    remove(&KeyFile::path_in(&data));
    remove(&data_copy_path(&data));
    let locked = Store::unlock_in(&data, Integrity::OnAccess, None)
        .err()
        .unwrap();
    assert_eq!(locked.code(), ErrorCode::Locked, "{locked}");
    let store = Store::unlock_in(&data, Integrity::CheckAtOpen, Some(&by_recovery)).unwrap();
    assert_eq!(live_bodies(&store), expected);
    drop(store);
    // Unlocking put haru.key (and its copy) back.
    assert_eq!(std::fs::read(KeyFile::path_in(&data)).unwrap(), key_bytes);
    assert_eq!(std::fs::read(data_copy_path(&data)).unwrap(), key_bytes);

    // Every backup opens with the recovery key and the copy beside it, nothing else.
    remove(&KeyFile::path_in(&data));
    remove(&data_copy_path(&data));
    let mut counts = Vec::new();
    for backup in &all {
        let copy = KeyFile::read_file(&backup_key_path(backup))
            .unwrap()
            .unwrap();
        let key = copy.unlock(&by_recovery, &data).unwrap();
        counts.push(verify_backup(backup, Some(&key)).unwrap());
        assert!(verify_backup(backup, None).is_err(), "sealed");
    }
    counts.sort();
    assert_eq!(counts, [3, 4, 4]);
    let with = |n: i64| {
        all.iter()
            .find(|b| {
                let copy = KeyFile::read_file(&backup_key_path(b)).unwrap().unwrap();
                let key = copy.unlock(&by_recovery, &data).unwrap();
                verify_backup(b, Some(&key)).unwrap() == n
            })
            .unwrap()
            .clone()
    };
    let oldest = with(3);
    let newest = with(4);

    // A backup is restored with the recovery key alone (the diary unlocked through a copy).
    let outcome = restore_in(&data, &oldest, Some(&by_recovery)).unwrap();
    assert_eq!(outcome.entries, 3, "the backup from before the later entry");
    let store = Store::unlock_in(&data, Integrity::CheckAtOpen, Some(&by_recovery)).unwrap();
    assert!(!live_bodies(&store).contains(&"after encryption".to_owned()));
    drop(store);

    // The folder lost whole but one backup and its key copy: restored into a new folder.
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let carried = elsewhere.join(newest.file_name().unwrap());
    std::fs::copy(&newest, &carried).unwrap();
    std::fs::copy(backup_key_path(&newest), backup_key_path(&carried)).unwrap();
    let fresh = dir.path().join("fresh");
    let wrong = Secret::recovery_key("00".repeat(32));
    let err = restore_in(&fresh, &carried, Some(&wrong)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongPassphrase, "{err}");
    restore_in(&fresh, &carried, Some(&by_recovery)).unwrap();
    let store = Store::unlock_in(&fresh, Integrity::CheckAtOpen, Some(&by_recovery)).unwrap();
    assert!(store.is_encrypted());
    assert_eq!(live_bodies(&store), expected);
}

#[test]
fn with_no_key_file_left_the_error_says_the_key_is_missing_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let recovery = encrypted_with_backups(&data);
    let by_recovery = Secret::recovery_key(recovery);
    // A damaged haru.key, no copies: the key is missing (damaged), the diary is not.
    std::fs::write(KeyFile::path_in(&data), "format haru-key\nversion 1\n").unwrap();
    remove(&data_copy_path(&data));
    for backup in backups(&data) {
        remove(&backup_key_path(&backup));
    }
    let err = Store::unlock_in(&data, Integrity::OnAccess, Some(&by_recovery))
        .err()
        .unwrap();
    assert_eq!(err.code(), ErrorCode::KeyMissing, "{err}");
    assert!(err.to_string().contains("damaged"), "{err}");
    // No haru.key at all: the same code, also without a secret (not "database_corrupt").
    remove(&KeyFile::path_in(&data));
    for secret in [None, Some(&by_recovery)] {
        let err = Store::unlock_in(&data, Integrity::OnAccess, secret)
            .err()
            .unwrap();
        assert_eq!(err.code(), ErrorCode::KeyMissing, "{err}");
        assert!(err.to_string().contains("missing"), "{err}");
    }
    let err = Store::open_in(&data).err().unwrap();
    assert_eq!(err.code(), ErrorCode::KeyMissing, "{err}");
}

#[test]
fn a_passphrase_change_rotation_and_decrypt_keep_the_copies_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    encrypted_with_backups(&data);
    let new = Secret::passphrase("an entirely new phrase");
    change_passphrase(&data, &pass(), "an entirely new phrase", FAST).unwrap();
    let key_bytes = std::fs::read(KeyFile::path_in(&data)).unwrap();
    for backup in backups(&data) {
        assert_eq!(std::fs::read(backup_key_path(&backup)).unwrap(), key_bytes);
    }
    // With haru.key gone the old passphrase opens no copy; the new one does.
    remove(&KeyFile::path_in(&data));
    let err = Store::unlock_in(&data, Integrity::OnAccess, Some(&pass()))
        .err()
        .unwrap();
    assert_eq!(err.code(), ErrorCode::WrongPassphrase, "{err}");
    remove(&data_copy_path(&data));
    let err = Store::unlock_in(&data, Integrity::OnAccess, Some(&pass()))
        .err()
        .unwrap();
    assert_eq!(err.code(), ErrorCode::WrongPassphrase, "{err}");
    // A passphrase change works from a copy too.
    change_passphrase(&data, &new, PASS, FAST).unwrap();
    let store = Store::unlock_in(&data, Integrity::OnAccess, Some(&pass())).unwrap();

    // Rotation removes a backup's key copy with it.
    let dir_of_backups = backups_dir(&store);
    drop(store);
    let autos_before: Vec<PathBuf> = backups(&data)
        .into_iter()
        .filter(|p| !p.to_string_lossy().contains("-manual"))
        .collect();
    assert_eq!(autos_before.len(), 1);
    assert_eq!(rotate(&dir_of_backups, 0).unwrap(), 1);
    assert!(!backup_key_path(&autos_before[0]).exists());

    // Decrypt leaves no key file, copy or not.
    decrypt_folder(&data, &pass()).unwrap();
    let keys: Vec<PathBuf> = std::fs::read_dir(&data)
        .unwrap()
        .chain(std::fs::read_dir(data.join("backups")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".key"))
        .collect();
    assert!(keys.is_empty(), "{keys:?}");
}
