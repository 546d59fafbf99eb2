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

#[test]
fn a_schema_v2_diary_with_recommendations_opens_and_migrates() {
    let fixture = fixtures().join("schema-v2.sqlite3");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&fixture, dir.path().join(DB_FILE_NAME)).unwrap();
    let store = Store::open_in(dir.path()).unwrap();
    store.integrity_check().unwrap();
    assert_eq!(store.entry_count().unwrap(), 2);
    let feedback = store.feedback_rows().unwrap();
    assert_eq!(feedback.len(), 1);
    assert_eq!(
        (feedback[0].value.as_str(), feedback[0].title.as_str()),
        ("like", "Almost Famous")
    );
    assert_eq!(feedback[0].context.as_ref().map(Vec::len), Some(28));
    assert!(store.learner_state("movie").unwrap().is_some());
    assert_eq!(store.shown_count().unwrap(), 1);
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
    // Schema 2 added the recommendation tables: one shown card, one like, a learner state.
    let item = haru_store::ItemRow {
        id: "tmdb:786".into(),
        kind: "movie".into(),
        title: "Almost Famous".into(),
        creator: None,
        year: Some(2000),
        genres: vec!["drama".into(), "music".into()],
        language: Some("en".into()),
        popularity: Some(0.7),
        link: None,
        source: "tmdb".into(),
        basis: Some("story".into()),
        mood: None,
        vector: Some(vec![0.03; 28]),
        model_sha256: Some("0".repeat(64)),
        user_text: None,
        user_features: None,
    };
    let shown = haru_store::ShownRow {
        entry_id: Some(1),
        item_id: item.id.clone(),
        strategy: "match".into(),
        rank: 0,
        score: 1.5,
        shown_at: "2026-01-01T10:00:00.000Z".into(),
        context: vec![0.1; 28],
    };
    store
        .record_shown(std::slice::from_ref(&item), &[shown])
        .unwrap();
    let like = haru_store::FeedbackRow {
        item_id: item.id.clone(),
        entry_id: Some(1),
        value: "like".into(),
        strategy: Some("match".into()),
        context: Some(vec![0.1; 28]),
        created_at: "2026-01-01T10:01:00.000Z".into(),
        kind: String::new(),
        title: String::new(),
        creator: None,
    };
    store
        .add_feedback(
            None,
            &like,
            Some(("movie", r#"{"mean":[],"precision":[],"updates":1}"#)),
        )
        .unwrap();
    let info = haru_portability::backup_now(&store).unwrap();
    let out = fixtures().join(format!("schema-v{}.sqlite3", haru_store::latest_version()));
    std::fs::copy(&info.path, &out).unwrap();
    println!("wrote {}", out.display());
}
