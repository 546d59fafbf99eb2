//! The store through its public API, on real SQLite files in temporary folders.

use haru_core::{ErrorCode, SaveOutcome, SaveRequest};
use haru_store::{Store, StoreError};

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path()).unwrap();
    (dir, store)
}

fn hit_ids(store: &Store, query: &str) -> Vec<i64> {
    store
        .search(query, None)
        .unwrap()
        .into_iter()
        .map(|h| h.entry.id)
        .collect()
}

#[test]
fn an_entry_survives_reopening_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let body = "오늘은 비가 왔다. A quiet day ☔️\nשלום עולם · مرحبا · e\u{301}te\u{301} · 👩‍👩‍👧";
    let id = {
        let mut store = Store::open_in(dir.path()).unwrap();
        store.create_entry("2026-03-14", body).unwrap().id
    };
    let store = Store::open_in(dir.path()).unwrap();
    let entry = store.get_entry(id).unwrap();
    assert_eq!(entry.body.as_bytes(), body.as_bytes());
    assert_eq!(entry.date, "2026-03-14");
    assert_eq!(entry.language, "ko");
    store.integrity_check().unwrap();
}

#[test]
fn blank_entries_are_not_stored() {
    let (_dir, mut store) = temp_store();
    for blank in ["", "   ", "\n\t \u{3000}"] {
        assert!(matches!(
            store.create_entry("2026-01-01", blank),
            Err(StoreError::EmptyEntry)
        ));
        let outcome = store
            .save(&SaveRequest {
                id: None,
                date: "2026-01-01".into(),
                body: blank.into(),
            })
            .unwrap();
        assert_eq!(outcome, SaveOutcome::Empty);
    }
    assert_eq!(store.entry_count().unwrap(), 0);
}

#[test]
fn a_megabyte_entry_in_many_scripts_round_trips_and_is_found() {
    let (_dir, mut store) = temp_store();
    let pieces = [
        "하루를 마무리하며 ",
        "walking home 🚶‍♀️ ",
        "שלום ",
        "مرحبا بالعالم ",
        "cafe\u{301} ",
        "🙂👍🏽 ",
    ];
    let mut body = String::new();
    let mut i = 0;
    while body.len() < 1_000_000 {
        body.push_str(pieces[i % pieces.len()]);
        i += 1;
    }
    body.push_str("unicorn 마지막문장");
    let id = store.create_entry("2026-05-05", &body).unwrap().id;
    assert_eq!(
        store.get_entry(id).unwrap().body.as_bytes(),
        body.as_bytes()
    );
    for query in [
        "unicorn",
        "마지막",
        "마",
        "שלום",
        "مرحبا",
        "café",
        "👍",
        "walk",
    ] {
        assert_eq!(hit_ids(&store, query), vec![id], "query {query:?}");
    }
}

#[test]
fn korean_search_finds_one_and_two_syllable_queries_inside_words() {
    let (_dir, mut store) = temp_store();
    let school = store
        .create_entry("2026-03-02", "아침에 학교에서 친구를 만났다.")
        .unwrap()
        .id;
    let flower = store
        .create_entry("2026-03-03", "꽃이 피었다. 봄이다!")
        .unwrap()
        .id;
    let english = store
        .create_entry("2026-03-04", "Walking in the park with Mina")
        .unwrap()
        .id;
    assert_eq!(hit_ids(&store, "학교"), vec![school]);
    assert_eq!(hit_ids(&store, "꽃"), vec![flower]);
    assert_eq!(hit_ids(&store, "친구를 만"), vec![school]);
    assert_eq!(hit_ids(&store, "교에서"), vec![school]);
    assert!(hit_ids(&store, "학생").is_empty());
    assert_eq!(hit_ids(&store, "walk"), vec![english]);
    assert_eq!(hit_ids(&store, "PARK"), vec![english]);
    assert!(hit_ids(&store, "parking").is_empty());
    // Every part of the query must match.
    assert!(hit_ids(&store, "학교 꽃").is_empty());
    // Queries with nothing searchable, or FTS syntax, are harmless.
    assert!(hit_ids(&store, " \"* ").is_empty());
    assert!(hit_ids(&store, "NEAR(a b) OR \"x").is_empty());
}

#[test]
fn search_highlights_point_at_the_matches() {
    let (_dir, mut store) = temp_store();
    store
        .create_entry("2026-03-02", "🙂 오늘 학교에 갔다")
        .unwrap();
    let hits = store.search("학교", None).unwrap();
    let snippet: Vec<u16> = hits[0].snippet.encode_utf16().collect();
    let (start, end) = hits[0].highlights[0];
    assert_eq!(
        String::from_utf16(&snippet[start as usize..end as usize]).unwrap(),
        "학교"
    );
}

#[test]
fn edits_reindex_and_trash_hides_until_restored() {
    let (_dir, mut store) = temp_store();
    let id = store
        .create_entry("2026-04-01", "first draft about apples")
        .unwrap()
        .id;
    store
        .update_entry(id, "2026-04-02", "rewritten about pears")
        .unwrap();
    assert!(hit_ids(&store, "apples").is_empty());
    assert_eq!(hit_ids(&store, "pears"), vec![id]);
    assert_eq!(store.get_entry(id).unwrap().date, "2026-04-02");

    store.trash_entry(id).unwrap();
    assert!(hit_ids(&store, "pears").is_empty());
    assert!(store.list_entries(None, None).unwrap().is_empty());
    assert_eq!(
        store.get_entry(id).unwrap_err().to_string(),
        format!("no entry with id {id}")
    );

    let restored = store.restore_entry(id).unwrap();
    assert_eq!(restored.body, "rewritten about pears");
    assert_eq!(hit_ids(&store, "pears"), vec![id]);
}

#[test]
fn emptying_an_entry_moves_it_to_the_trash_and_typing_again_restores_it() {
    let (_dir, mut store) = temp_store();
    let id = store.create_entry("2026-04-01", "something").unwrap().id;
    let outcome = store
        .save(&SaveRequest {
            id: Some(id),
            date: "2026-04-01".into(),
            body: "  ".into(),
        })
        .unwrap();
    assert_eq!(outcome, SaveOutcome::Trashed { id });
    assert_eq!(store.entry_count().unwrap(), 0);
    let outcome = store
        .save(&SaveRequest {
            id: Some(id),
            date: "2026-04-01".into(),
            body: "back".into(),
        })
        .unwrap();
    assert!(
        matches!(outcome, SaveOutcome::Saved { ref entry } if entry.id == id && entry.body == "back")
    );
    assert_eq!(hit_ids(&store, "back"), vec![id]);
}

#[test]
fn several_entries_per_day_are_listed_newest_first() {
    let (_dir, mut store) = temp_store();
    let a = store.create_entry("2026-06-01", "morning").unwrap().id;
    let b = store.create_entry("2026-06-01", "evening").unwrap().id;
    let c = store.create_entry("2026-06-03", "later day").unwrap().id;
    let ids: Vec<i64> = store
        .list_entries(None, None)
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(ids, vec![c, b, a]);
    let june1: Vec<i64> = store
        .list_entries(Some("2026-06-01"), Some("2026-06-01"))
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(june1, vec![b, a]);
    let days = store.list_days("2026-06-01", "2026-06-30").unwrap();
    assert_eq!(days.len(), 2);
    assert_eq!((days[0].date.as_str(), days[0].count), ("2026-06-01", 2));
}

#[test]
fn invalid_dates_and_unknown_ids_are_named() {
    let (_dir, mut store) = temp_store();
    let err = haru_core::AppError::from(store.create_entry("2026-02-30", "x").unwrap_err());
    assert_eq!(err.code, ErrorCode::InvalidDate);
    assert!(err.message.contains("2026-02-30"));
    let err = haru_core::AppError::from(store.delete_entry(999).unwrap_err());
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(err.message.contains("999"));
}

#[test]
fn purge_erases_only_old_trash() {
    let (_dir, mut store) = temp_store();
    let old = store.create_entry("2026-01-01", "old").unwrap().id;
    let kept = store.create_entry("2026-01-02", "kept").unwrap().id;
    store.trash_entry(old).unwrap();
    store.trash_entry(kept).unwrap();
    assert_eq!(store.purge_trash("9999-01-01T00:00:00.000Z").unwrap(), 2);
    assert!(store.restore_entry(old).is_err());
    assert_eq!(store.purge_trash("2000-01-01T00:00:00.000Z").unwrap(), 0);
}

fn file_bytes(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(haru_store::DB_FILE_NAME);
    std::fs::write(&path, b"these are my notes, not a database\n".repeat(100)).unwrap();
    let before = file_bytes(&path);
    let err = Store::open_in(dir.path()).err().expect("must refuse");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains(&path.display().to_string()));
    assert!(file_bytes(&path) == before, "the file was not modified");
    assert_eq!(
        haru_core::AppError::from(err).code,
        ErrorCode::DatabaseCorrupt
    );
}

#[test]
fn a_damaged_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(haru_store::DB_FILE_NAME);
    {
        let mut store = Store::open(&path).unwrap();
        for i in 0..300 {
            store
                .create_entry(
                    "2026-01-01",
                    &format!("entry number {i} {}", "text ".repeat(50)),
                )
                .unwrap();
        }
    }
    // Checkpoint the WAL into the main file, then scribble over the middle of it.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
    }
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    for b in &mut bytes[page * 3..page * 6] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).err().expect("must refuse");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(
        std::fs::read(&path).unwrap() == bytes,
        "the file was not modified"
    );
}

#[test]
fn a_database_from_a_newer_haru_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(haru_store::DB_FILE_NAME);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;")
            .unwrap();
    }
    let before = file_bytes(&path);
    let err = Store::open(&path).err().expect("must refuse");
    assert!(
        matches!(err, StoreError::SchemaTooNew { found: 999, .. }),
        "{err}"
    );
    assert!(file_bytes(&path) == before, "the file was not modified");
}

#[test]
fn settings_round_trip_and_reject_nonsense() {
    let (_dir, mut store) = temp_store();
    assert_eq!(store.settings().unwrap(), haru_core::Settings::default());
    let set = haru_core::Settings {
        language: Some("ko".into()),
        theme: "dark".into(),
    };
    assert_eq!(store.set_settings(&set).unwrap(), set);
    let bad = haru_core::Settings {
        language: Some("xx".into()),
        theme: "dark".into(),
    };
    assert!(store.set_settings(&bad).is_err());
    assert_eq!(store.settings().unwrap(), set);
}
