//! Encryption at rest: no plaintext anywhere in the folder, its backups or an encrypted
//! export; wrong secrets change nothing; decrypt, change passphrase, recovery key, restore.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use haru_portability::{
    backup_now, backups_dir, change_passphrase, decrypt_folder, encrypt_folder,
    export_json_encrypted_to, export_json_to, import_file, import_file_with, list_backups, restore,
    restore_in, verify_backup, PortabilityError,
};
use haru_store::{Integrity, KdfParams, KeyFile, Secret, Store, StoreError};
use sha2::{Digest, Sha256};

use crate::{live_bodies, rich_store};

const PASS: &str = "correct horse battery";
const FAST: KdfParams = KdfParams::FAST_FOR_TESTS;
/// The known entry: three sentences, English and Korean.
const SECRET_TEXT: &str = "The lighthouse keeper wrote about marmalade skies. \
                           등대지기는 오렌지색 하늘을 보았다. Zebra crossings glitter at dusk.";
/// With two tags (Latin and Hangul), kept in the entry's text.
const LATER_TEXT: &str = "Quokka picnic under violet umbrellas. #quokkaclub #등대모임";
/// The writer's word on an entry, as the `checkins` table stores it (label order).
const CHECKIN_LABELS: [&str; 2] = ["nervousness", "remorse"];

/// Records the writer's word (the check-in) on entry `id`.
fn check_in(store: &mut Store, id: i64) {
    let checkin = haru_core::CheckIn::new(&CHECKIN_LABELS, Some(-0.5), Some(0.25)).unwrap();
    store.set_checkin(id, &checkin).unwrap();
}

fn needles() -> Vec<(String, Vec<u8>)> {
    let mut texts: Vec<String> = vec![SECRET_TEXT.into(), LATER_TEXT.into()];
    // Its sentences, and single distinctive words (what a search index would hold).
    texts.extend(
        [
            "The lighthouse keeper wrote about marmalade skies.",
            "등대지기는 오렌지색 하늘을 보았다.",
            "Zebra crossings glitter at dusk.",
            "lighthouse",
            "marmalade",
            "등대지기",
            "오렌지색",
            "Zebra",
            "Quokka",
            "violet umbrellas",
            "quokkaclub",
            "등대모임",
        ]
        .map(String::from),
    );
    texts.push(CHECKIN_LABELS.join(","));
    let mut out = Vec::new();
    for text in texts {
        out.push((format!("{text} (UTF-8)"), text.as_bytes().to_vec()));
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        out.push((format!("{text} (UTF-16LE)"), le));
        out.push((format!("{text} (UTF-16BE)"), be));
    }
    out
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// "file contains what" for every needle found in any of `paths`.
fn plaintext_in(paths: &[PathBuf]) -> Vec<String> {
    let needles = needles();
    let mut found = Vec::new();
    for path in paths {
        let bytes = std::fs::read(path).unwrap();
        for (what, needle) in &needles {
            if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
                found.push(format!("{} contains {what}", path.display()));
            }
        }
    }
    found
}

fn assert_no_plaintext(paths: &[PathBuf]) {
    assert!(!paths.is_empty());
    let found = plaintext_in(paths);
    assert!(found.is_empty(), "{found:#?}");
}

fn hashes(dir: &Path) -> BTreeMap<PathBuf, String> {
    files_under(dir)
        .into_iter()
        .map(|p| {
            let sum = Sha256::digest(std::fs::read(&p).unwrap());
            (p, format!("{sum:x}"))
        })
        .collect()
}

fn pass() -> Secret {
    Secret::passphrase(PASS)
}

/// A plain diary with the known entry and one plain backup, then encrypted.
fn encrypted_folder(dir: &Path) -> String {
    {
        let mut store = rich_store(dir);
        let entry = store.create_entry("2026-04-01", SECRET_TEXT).unwrap();
        check_in(&mut store, entry.id);
        backup_now(&store).unwrap();
    }
    let outcome = encrypt_folder(dir, PASS, FAST).unwrap();
    assert_eq!(outcome.backups_rewritten, 1);
    outcome.recovery_key.expect("a recovery key")
}

#[test]
fn with_encryption_on_no_file_holds_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // Before: the test would find the text (it is not vacuous).
    {
        let mut store = Store::open_in(&data).unwrap();
        store.create_entry("2026-04-01", SECRET_TEXT).unwrap();
        let later = store.create_entry("2026-04-02", LATER_TEXT).unwrap();
        check_in(&mut store, later.id);
    }
    let found = plaintext_in(&files_under(&data));
    for what in [
        "quokkaclub (UTF-8)",
        "등대모임 (UTF-8)",
        "nervousness,remorse (UTF-8)",
    ] {
        assert!(
            found.iter().any(|f| f.ends_with(what)),
            "a plain diary should hold {what}: {found:#?}"
        );
    }
    std::fs::remove_dir_all(&data).unwrap();

    encrypted_folder(&data);
    let mut store = Store::unlock_in(&data, Integrity::CheckAtOpen, Some(&pass())).unwrap();
    assert!(store.is_encrypted());
    // Written now, so it sits in the WAL while the diary is open.
    let later = store.create_entry("2026-04-02", LATER_TEXT).unwrap();
    check_in(&mut store, later.id);
    assert_eq!(
        store.checkin(later.id).unwrap().unwrap().labels,
        CHECKIN_LABELS
    );
    let tags = store.tag_counts().unwrap();
    assert!(tags.iter().any(|(tag, _)| tag == "등대모임"), "{tags:?}");
    assert!(data.join("haru.sqlite3-wal").exists());
    // Full-text search (FTS5) works on the encrypted database.
    let hits = store.search("lighthouse", None).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(store.search("등대지기는", None).unwrap().len(), 1);
    assert_eq!(store.search("quokka", None).unwrap().len(), 1);
    backup_now(&store).unwrap();
    let export = dir.path().join("export.haru");
    export_json_encrypted_to(&store, &export, None, PASS).unwrap();

    let mut files = files_under(&data);
    files.push(export.clone());
    assert!(files.iter().any(|p| p.ends_with("haru.sqlite3-wal")));
    assert!(
        files
            .iter()
            .filter(|p| p.starts_with(backups_dir(&store)))
            .count()
            >= 4
    );
    assert_no_plaintext(&files);
    drop(store);
    assert_no_plaintext(&files_under(&data));
}

#[test]
fn a_wrong_passphrase_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    encrypted_folder(dir.path());
    let before = hashes(dir.path());
    let wrong = Secret::passphrase("correct horse battery!");
    for integrity in [Integrity::CheckAtOpen, Integrity::OnAccess] {
        let err = Store::unlock_in(dir.path(), integrity, Some(&wrong))
            .err()
            .unwrap();
        assert!(matches!(err, StoreError::WrongPassphrase { .. }), "{err}");
        assert_eq!(err.code(), haru_core::ErrorCode::WrongPassphrase);
        assert!(err.to_string().contains("Nothing was changed"), "{err}");
    }
    let locked = Store::open_in(dir.path()).err().unwrap();
    assert_eq!(locked.code(), haru_core::ErrorCode::Locked);
    assert!(
        locked.to_string().contains("this diary is encrypted"),
        "{locked}"
    );
    let locked = Store::unlock_in(dir.path(), Integrity::OnAccess, None)
        .err()
        .unwrap();
    assert_eq!(locked.code(), haru_core::ErrorCode::Locked);
    assert!(decrypt_folder(dir.path(), &wrong).is_err());
    assert!(change_passphrase(dir.path(), &wrong, "a new passphrase", FAST).is_err());
    assert!(encrypt_folder(dir.path(), "correct horse battery!", FAST).is_err());
    let bad_recovery = Secret::recovery_key("0000-1111");
    assert!(Store::unlock_in(dir.path(), Integrity::OnAccess, Some(&bad_recovery)).is_err());
    assert_eq!(hashes(dir.path()), before);
}

#[test]
fn decrypt_makes_the_folder_plain_again_with_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    let expected = {
        let mut store = rich_store(dir.path());
        store.create_entry("2026-04-01", SECRET_TEXT).unwrap();
        backup_now(&store).unwrap();
        live_bodies(&store)
    };
    encrypt_folder(dir.path(), PASS, FAST).unwrap();
    assert_eq!(decrypt_folder(dir.path(), &pass()).unwrap(), 1);
    assert!(!KeyFile::path_in(dir.path()).exists());
    let store = Store::open_in(dir.path()).unwrap();
    assert!(!store.is_encrypted());
    assert_eq!(live_bodies(&store), expected);
    assert_eq!(store.search("marmalade", None).unwrap().len(), 1);
    for backup in list_backups(&backups_dir(&store), None).unwrap() {
        assert!(backup.problem.is_none(), "{:?}", backup.problem);
        verify_backup(Path::new(&backup.path), None).unwrap();
    }
    let header = std::fs::read(dir.path().join("haru.sqlite3")).unwrap();
    assert!(header.starts_with(b"SQLite format 3\0"));
}

#[test]
fn changing_the_passphrase_and_the_recovery_key() {
    let dir = tempfile::tempdir().unwrap();
    let recovery = encrypted_folder(dir.path());
    let db_before = std::fs::read(dir.path().join("haru.sqlite3")).unwrap();
    change_passphrase(dir.path(), &pass(), "a brand new passphrase", FAST).unwrap();
    // Only the key file changed: nothing was re-encrypted.
    assert_eq!(
        std::fs::read(dir.path().join("haru.sqlite3")).unwrap(),
        db_before
    );
    assert!(Store::unlock_in(dir.path(), Integrity::OnAccess, Some(&pass())).is_err());
    let new = Secret::passphrase("a brand new passphrase");
    let store = Store::unlock_in(dir.path(), Integrity::OnAccess, Some(&new)).unwrap();
    assert_eq!(store.search("lighthouse", None).unwrap().len(), 1);
    drop(store);
    // The recovery key opens it, in any spacing, and can set a passphrase again.
    let typed = recovery.replace('-', " ").to_uppercase();
    let by_recovery = Secret::recovery_key(typed);
    let store = Store::unlock_in(dir.path(), Integrity::OnAccess, Some(&by_recovery)).unwrap();
    assert!(live_bodies(&store).iter().any(|b| b == SECRET_TEXT));
    drop(store);
    change_passphrase(dir.path(), &by_recovery, "remembered this time", FAST).unwrap();
    let again = Secret::passphrase("remembered this time");
    Store::unlock_in(dir.path(), Integrity::OnAccess, Some(&again)).unwrap();
    // Too short a passphrase is refused.
    assert!(change_passphrase(dir.path(), &again, "short", FAST).is_err());
}

#[test]
fn encrypted_backups_restore() {
    let dir = tempfile::tempdir().unwrap();
    encrypted_folder(dir.path());
    let mut store = Store::unlock_in(dir.path(), Integrity::CheckAtOpen, Some(&pass())).unwrap();
    let expected = live_bodies(&store);
    let backup = backup_now(&store).unwrap();
    assert_eq!(backup.entries, Some(expected.len() as i64));
    let head = std::fs::read(&backup.path).unwrap();
    assert!(!head.starts_with(b"SQLite format 3\0"));
    // Without the key a backup of an encrypted diary cannot be read.
    assert!(verify_backup(Path::new(&backup.path), None).is_err());
    assert_eq!(
        verify_backup(Path::new(&backup.path), store.key()).unwrap(),
        expected.len() as i64
    );
    store.create_entry("2026-05-01", LATER_TEXT).unwrap();
    restore(&mut store, Path::new(&backup.path)).unwrap();
    assert_eq!(live_bodies(&store), expected);
    assert!(store.is_encrypted());
    assert_eq!(store.search("zebra", None).unwrap().len(), 1);
    drop(store);
    // The plain backup from before encryption was re-encrypted and restores too, by path
    // from the CLI's entry point (unlocking first).
    let listed = list_backups(&dir.path().join("backups"), None).unwrap();
    assert!(listed.iter().all(|b| b.entries.is_none()));
    let oldest = listed.last().unwrap();
    let outcome = restore_in(dir.path(), Path::new(&oldest.path), Some(&pass())).unwrap();
    assert_eq!(outcome.entries, expected.len() as i64);
    let store = Store::unlock_in(dir.path(), Integrity::CheckAtOpen, Some(&pass())).unwrap();
    assert_eq!(live_bodies(&store), expected);
    let err = restore_in(dir.path(), Path::new(&oldest.path), None).unwrap_err();
    assert_eq!(
        haru_core::AppError::from(err).code,
        haru_core::ErrorCode::Locked
    );
}

#[test]
fn an_encrypted_export_imports_back_with_the_passphrase_only() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source");
    let store = rich_store(&source);
    let export = dir.path().join("diary.haru");
    export_json_encrypted_to(&store, &export, Some("2026-01-01T00:00:00Z"), PASS).unwrap();
    assert_no_plaintext(std::slice::from_ref(&export));

    let target = dir.path().join("target");
    let mut empty = Store::open_in(&target).unwrap();
    let err = import_file(&mut empty, &export).unwrap_err();
    assert!(matches!(
        err,
        PortabilityError::Store(StoreError::Locked { .. })
    ));
    let err = import_file_with(&mut empty, &export, Some("not the passphrase")).unwrap_err();
    assert!(matches!(
        err,
        PortabilityError::Store(StoreError::WrongPassphrase { .. })
    ));
    assert!(live_bodies(&empty).is_empty());
    let summary = import_file_with(&mut empty, &export, Some(PASS)).unwrap();
    assert_eq!(summary.format, "haru");
    assert_eq!(live_bodies(&empty), live_bodies(&store));
}

#[test]
fn a_haru_export_imports_into_an_encrypted_diary_and_stays_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = rich_store(&dir.path().join("source"));
    store.create_entry("2026-04-01", SECRET_TEXT).unwrap();
    let plain_export = dir.path().join("diary.json");
    export_json_to(&store, &plain_export, Some("2026-01-01T00:00:00Z")).unwrap();
    let sealed_export = dir.path().join("diary.haru");
    export_json_encrypted_to(&store, &sealed_export, Some("2026-01-01T00:00:00Z"), PASS).unwrap();

    for (export, passphrase) in [(&plain_export, None), (&sealed_export, Some(PASS))] {
        // A new diary, encrypted before anything is written to it.
        let target = tempfile::tempdir().unwrap();
        drop(Store::open_in(target.path()).unwrap());
        encrypt_folder(target.path(), PASS, FAST).unwrap();
        let mut encrypted =
            Store::unlock_in(target.path(), Integrity::CheckAtOpen, Some(&pass())).unwrap();
        let summary = import_file_with(&mut encrypted, export, passphrase).unwrap();
        assert_eq!(summary.format, "haru");
        assert_eq!(live_bodies(&encrypted), live_bodies(&store));
        assert_eq!(encrypted.search("lighthouse", None).unwrap().len(), 1);
        // Neither the diary, its WAL nor anything staged holds the text, open or closed.
        assert_no_plaintext(&files_under(target.path()));
        drop(encrypted);
        assert_no_plaintext(&files_under(target.path()));
        let reopened =
            Store::unlock_in(target.path(), Integrity::CheckAtOpen, Some(&pass())).unwrap();
        assert!(reopened.is_encrypted());
        assert_eq!(live_bodies(&reopened), live_bodies(&store));
    }
}

/// The folder as a `haru decrypt` killed during its backup step leaves it: the diary plain,
/// `haru.key` still there, a backup still encrypted under that key.
fn interrupted_decrypt(data: &Path) -> PathBuf {
    encrypted_folder(data);
    let backups = backups_dir(&Store::unlock_in(data, Integrity::OnAccess, Some(&pass())).unwrap());
    let backup = files_under(&backups)
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "sqlite3"))
        .unwrap();
    let saved = |p: &Path| (p.to_path_buf(), std::fs::read(p).unwrap());
    let kept = [
        saved(&KeyFile::path_in(data)),
        saved(&backup),
        saved(&PathBuf::from(format!("{}.sha256", backup.display()))),
    ];
    decrypt_folder(data, &pass()).unwrap();
    for (path, bytes) in kept {
        std::fs::write(path, bytes).unwrap();
    }
    assert!(verify_backup(&backup, None).is_err(), "still sealed");
    backup
}

#[test]
fn encrypting_after_an_interrupted_decrypt_leaves_no_backup_under_a_dead_key() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let backup = interrupted_decrypt(&data);

    // Another passphrase cannot open the old key: refused, nothing changed.
    let before = hashes(&data);
    let err = encrypt_folder(&data, "a different passphrase", FAST).unwrap_err();
    assert!(err.to_string().contains("interrupted"), "{err}");
    assert_eq!(hashes(&data), before);

    encrypt_folder(&data, PASS, FAST).unwrap();
    let store = Store::unlock_in(&data, Integrity::CheckAtOpen, Some(&pass())).unwrap();
    // Every backup opens with the diary's key now.
    assert_eq!(verify_backup(&backup, store.key()).unwrap(), 3);
    for info in list_backups(&backups_dir(&store), store.key()).unwrap() {
        assert!(info.problem.is_none(), "{info:?}");
    }
}

#[test]
fn a_damaged_diary_set_aside_is_sealed_by_encrypt_and_given_back_by_decrypt() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    drop(rich_store(&data));
    // What a restore over a diary too damaged to open leaves (kept, never deleted).
    let damaged = data.join("haru.sqlite3.damaged-20260101-000000");
    let mut bytes = b"SQLite format 3\0 then garbage ".to_vec();
    bytes.extend_from_slice(SECRET_TEXT.as_bytes());
    std::fs::write(&damaged, &bytes).unwrap();

    encrypt_folder(&data, PASS, FAST).unwrap();
    assert_no_plaintext(&files_under(&data));
    assert!(!damaged.exists());
    assert!(data
        .join("haru.sqlite3.damaged-20260101-000000.sealed")
        .exists());

    decrypt_folder(&data, &pass()).unwrap();
    assert_eq!(
        std::fs::read(&damaged).unwrap(),
        bytes,
        "given back as it was"
    );
}
