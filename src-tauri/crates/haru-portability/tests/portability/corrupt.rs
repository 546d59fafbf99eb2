//! Damaged files: a truncated or bit-flipped backup or database is detected and refused with
//! guidance, and never silently replaced. (These tests copy and damage raw bytes on purpose.)

use std::path::{Path, PathBuf};

use haru_core::ErrorCode;
use haru_portability::{backup_now, restore, restore_in, verify_backup, PortabilityError};
use haru_store::{Store, StoreError, DB_FILE_NAME};

use crate::{live_bodies, rich_store};

const PAGE: usize = 4096;

fn damaged_copy(source: &str, dir: &Path, name: &str, damage: impl Fn(&mut Vec<u8>)) -> PathBuf {
    let mut bytes = std::fs::read(source).unwrap();
    damage(&mut bytes);
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Page 2 is a b-tree page: flipping its page-type byte is structural damage SQLite sees.
#[allow(clippy::ptr_arg)] // same signature as `truncate`, to sit in one list of damages
fn flip_btree_header(bytes: &mut Vec<u8>) {
    bytes[PAGE] ^= 0xff;
}

fn truncate(bytes: &mut Vec<u8>) {
    bytes.truncate(bytes.len() / 2 + 100);
}

fn assert_refused(err: &PortabilityError, what: &str) {
    assert_eq!(err.code(), ErrorCode::DatabaseCorrupt, "{what}: {err}");
    let text = err.to_string();
    assert!(
        text.contains("damaged") && text.contains("another backup"),
        "{what}: {text}"
    );
}

#[test]
fn damaged_backups_are_refused_and_the_diary_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = rich_store(dir.path());
    let good = backup_now(&store).unwrap();
    store
        .create_entry("2026-04-01", "after the backup")
        .unwrap();
    let before = live_bodies(&store);
    let backups = dir.path().join("backups");
    let with_sums = |name: &str, damage: fn(&mut Vec<u8>)| {
        let path = damaged_copy(&good.path, &backups, name, damage);
        std::fs::copy(
            format!("{}.sha256", good.path),
            format!("{}.sha256", path.display()),
        )
        .unwrap();
        path
    };
    let cases: Vec<(&str, PathBuf)> = vec![
        (
            "truncated, checksum",
            with_sums("haru-20250101-000000.sqlite3", truncate),
        ),
        (
            "one bit in the text, checksum",
            with_sums("haru-20250102-000000.sqlite3", |b| {
                let at = b.len() - 200;
                b[at] ^= 0x01;
            }),
        ),
        (
            "truncated",
            damaged_copy(&good.path, &backups, "t.sqlite3", truncate),
        ),
        (
            "b-tree flipped",
            damaged_copy(&good.path, &backups, "f.sqlite3", flip_btree_header),
        ),
        (
            "header flipped",
            damaged_copy(&good.path, &backups, "h.sqlite3", |b| b[3] ^= 0x20),
        ),
        (
            "empty",
            damaged_copy(&good.path, &backups, "e.sqlite3", |b| b.clear()),
        ),
    ];
    for (what, path) in cases {
        let err = verify_backup(&path, None).unwrap_err();
        assert_refused(&err, what);
        let bytes_before = std::fs::read(&path).unwrap();
        let err = restore(&mut store, &path).unwrap_err();
        assert_refused(&err, what);
        assert_eq!(live_bodies(&store), before, "{what}: the diary changed");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes_before,
            "{what}: the backup changed"
        );
    }
    // The good backup still restores.
    restore(&mut store, Path::new(&good.path)).unwrap();
    assert_eq!(store.entry_count().unwrap(), 2);
}

#[test]
fn foreign_and_newer_databases_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("other.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE notes (x); PRAGMA user_version = 1;")
        .unwrap();
    let err = verify_backup(&foreign, None).unwrap_err();
    assert!(matches!(err, PortabilityError::NotHaru { .. }), "{err}");
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello, not a database at all").unwrap();
    assert_refused(&verify_backup(&text, None).unwrap_err(), "text file");

    let store = rich_store(&dir.path().join("d"));
    let newer = backup_now(&store).unwrap();
    let newer = Path::new(&newer.path);
    std::fs::remove_file(format!("{}.sha256", newer.display())).unwrap();
    rusqlite::Connection::open(newer)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let err = verify_backup(newer, None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::SchemaTooNew, "{err}");
}

#[test]
fn a_damaged_diary_is_not_backed_up_and_is_kept_aside_when_a_backup_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = rich_store(&data);
    let good = backup_now(&store).unwrap();
    drop(store);
    let db = data.join(DB_FILE_NAME);
    for (what, damage) in [
        ("truncated", truncate as fn(&mut Vec<u8>)),
        ("flipped", flip_btree_header),
    ] {
        // Damage the diary in place (through a copy of a checked backup).
        let broken = damaged_copy(&good.path, dir.path(), "broken.sqlite3", damage);
        std::fs::rename(&broken, &db).unwrap();
        // The app's open refuses it, with guidance.
        match Store::open_in(&data) {
            Err(err @ StoreError::Corrupt { .. }) => {
                assert!(
                    err.to_string().contains("restore it from a backup"),
                    "{err}"
                )
            }
            Err(other) => panic!("{what}: {other}"),
            Ok(_) => panic!("{what}: a damaged diary opened"),
        }
        // A command that opens lazily may get further, but a backup of it is refused.
        if let Ok(store) = Store::open_keyed(&db, haru_store::Integrity::OnAccess, None) {
            let err = backup_now(&store).unwrap_err();
            assert_eq!(err.code(), ErrorCode::DatabaseCorrupt, "{what}: {err}");
            assert!(err.to_string().contains("not backed up"), "{what}: {err}");
        }
        let damaged_bytes = std::fs::read(&db).unwrap();
        assert!(Store::open_in(&data).is_err(), "{what}: still refused");
        assert_eq!(
            std::fs::read(&db).unwrap(),
            damaged_bytes,
            "{what}: changed"
        );
        // Restoring sets the damaged file aside (kept byte for byte) and brings the backup in.
        let outcome = restore_in(&data, Path::new(&good.path), None).unwrap();
        let aside = PathBuf::from(outcome.previous_saved_as.expect("kept aside"));
        assert!(
            aside.to_string_lossy().contains(".damaged-"),
            "{}",
            aside.display()
        );
        assert_eq!(std::fs::read(&aside).unwrap(), damaged_bytes);
        std::fs::remove_file(&aside).unwrap();
        let restored = Store::open_in(&data).unwrap();
        assert_eq!(restored.entry_count().unwrap(), 2);
    }
}
