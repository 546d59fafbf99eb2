//! Databases written by earlier versions open and migrate. `tests/fixtures/schema-v1.sqlite3`
//! was written by Haru at schema version 1 (see `make_fixture` below); add one fixture per
//! schema version as migrations are added.

use std::path::PathBuf;

use haru_store::{Store, DB_FILE_NAME};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

#[test]
fn a_schema_v1_diary_opens_and_migrates() {
    let fixture = fixtures().join("schema-v1.sqlite3");
    let version: u32 =
        rusqlite::Connection::open_with_flags(&fixture, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
    assert_eq!(version, 1, "the fixture must stay at schema 1");
    assert_eq!(haru_portability::verify_backup(&fixture, None).unwrap(), 2);

    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&fixture, dir.path().join(DB_FILE_NAME)).unwrap();
    let store = Store::open_in(dir.path()).unwrap();
    let now: u32 = store
        .connection()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(now, haru_store::latest_version());
    store.integrity_check().unwrap();
    let mut bodies = crate::live_bodies(&store);
    bodies.sort();
    assert_eq!(
        bodies,
        vec!["A walk by the river.", "오늘은 학교에서 친구를 만났다."]
    );
    assert_eq!(store.search("학교", None).unwrap().len(), 1);
    assert_eq!(store.settings().unwrap().theme, "dark");
    // Restoring the old backup into a current diary also migrates it.
    let current = tempfile::tempdir().unwrap();
    let mut target = Store::open_in(current.path()).unwrap();
    haru_portability::restore(&mut target, &fixture).unwrap();
    assert_eq!(target.entry_count().unwrap(), 2);
}

/// Writes the fixture for the current schema version (run by hand when adding a migration:
/// `cargo test -p haru-portability make_fixture -- --ignored`, then rename the file).
#[test]
#[ignore]
fn make_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    store
        .create_entry("2026-01-01", "오늘은 학교에서 친구를 만났다.")
        .unwrap();
    store
        .create_entry("2026-01-02", "A walk by the river.")
        .unwrap();
    store
        .set_settings(&haru_core::Settings {
            language: None,
            theme: "dark".into(),
        })
        .unwrap();
    let info = haru_portability::backup_now(&store).unwrap();
    let out = fixtures().join(format!("schema-v{}.sqlite3", haru_store::latest_version()));
    std::fs::copy(&info.path, &out).unwrap();
    println!("wrote {}", out.display());
}
