//! The store through its public API, on real SQLite files in temporary folders.

use haru_core::{ErrorCode, SaveOutcome, SaveRequest};
use haru_store::{Integrity, Store, StoreError};

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path()).unwrap();
    (dir, store)
}

/// A new entry's id.
fn add(store: &mut Store, date: &str, text: &str) -> i64 {
    store.create_entry(date, text).unwrap().id
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
        add(&mut store, "2026-03-14", body)
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
    let id = add(&mut store, "2026-05-05", &body);
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
    let school = add(&mut store, "2026-03-02", "아침에 학교에서 친구를 만났다.");
    let flower = add(&mut store, "2026-03-03", "꽃이 피었다. 봄이다!");
    let english = add(&mut store, "2026-03-04", "Walking in the park with Mina");
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
    let id = add(&mut store, "2026-04-01", "first draft about apples");
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
    let id = add(&mut store, "2026-04-01", "something");
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
    let a = add(&mut store, "2026-06-01", "morning");
    let b = add(&mut store, "2026-06-01", "evening");
    let c = add(&mut store, "2026-06-03", "later day");
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
    let old = add(&mut store, "2026-01-01", "old");
    let kept = add(&mut store, "2026-01-02", "kept");
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
        let mut store = Store::open_keyed(&path, Integrity::CheckAtOpen, None).unwrap();
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
    let err = Store::open_keyed(&path, Integrity::CheckAtOpen, None)
        .err()
        .expect("must refuse");
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
    let err = Store::open_keyed(&path, Integrity::CheckAtOpen, None)
        .err()
        .expect("must refuse");
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

#[test]
fn display_settings_round_trip_and_reject_unknown_values() {
    let (_dir, mut store) = temp_store();
    let defaults = store.display_settings().unwrap();
    assert_eq!(defaults, haru_core::DisplaySettings::default());
    assert_eq!(defaults.text_size, "normal");
    assert_eq!(defaults.week_start, None);

    let set = haru_core::DisplaySettings {
        text_size: "larger".into(),
        week_start: Some("monday".into()),
    };
    assert_eq!(store.set_display_settings(&set).unwrap(), set);
    assert_eq!(store.display_settings().unwrap(), set);

    for bad in [
        haru_core::DisplaySettings {
            text_size: "huge".into(),
            week_start: None,
        },
        haru_core::DisplaySettings {
            text_size: "small".into(),
            week_start: Some("friday".into()),
        },
    ] {
        let err = store.set_display_settings(&bad).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
        assert!(err.to_string().starts_with("unknown "), "{err}");
    }
    assert_eq!(store.display_settings().unwrap(), set, "nothing changed");

    // Back to following the language; the other settings are not touched.
    let follow = haru_core::DisplaySettings {
        text_size: "small".into(),
        week_start: None,
    };
    assert_eq!(store.set_display_settings(&follow).unwrap(), follow);
    assert_eq!(store.settings().unwrap(), haru_core::Settings::default());
}

#[test]
fn display_settings_survive_reopening_and_ignore_stale_values() {
    let dir = tempfile::tempdir().unwrap();
    let set = haru_core::DisplaySettings {
        text_size: "large".into(),
        week_start: Some("sunday".into()),
    };
    {
        let mut store = Store::open_in(dir.path()).unwrap();
        store.set_display_settings(&set).unwrap();
    }
    let store = Store::open_in(dir.path()).unwrap();
    assert_eq!(store.display_settings().unwrap(), set);
    // A value written by some other build that this one does not know reads as the default.
    store
        .connection()
        .execute(
            "UPDATE settings SET value = 'gigantic' WHERE key = 'display.text_size'",
            [],
        )
        .unwrap();
    assert_eq!(store.display_settings().unwrap().text_size, "normal");
}

/// The files in `dir` (the diary, its WAL, anything else) that hold any of `needles`.
fn files_holding(dir: &std::path::Path, needles: &[Vec<u8>]) -> Vec<String> {
    let mut found = Vec::new();
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        if !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        for needle in needles {
            if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
                found.push(format!(
                    "{} holds {:?}",
                    path.display(),
                    String::from_utf8_lossy(needle)
                ));
            }
        }
    }
    found
}

/// A deleted entry's text, as written (UTF-8 and UTF-16) and as the search index stores its
/// words (hex-encoded terms).
fn deleted_needles() -> Vec<Vec<u8>> {
    let mut needles = Vec::new();
    for text in ["marmalade lighthouse", "marmalade", "등대지기"] {
        needles.push(text.as_bytes().to_vec());
        needles.push(text.encode_utf16().flat_map(u16::to_le_bytes).collect());
        needles.push(text.encode_utf16().flat_map(u16::to_be_bytes).collect());
    }
    let hex: String = "marmalade".bytes().map(|b| format!("{b:02x}")).collect();
    needles.push(hex.into_bytes());
    needles
}

const DOOMED: &str = "The marmalade lighthouse keeper. 등대지기는 오렌지색 하늘을 보았다.";

fn diary_with_neighbours(dir: &std::path::Path) -> (Store, i64) {
    let mut store = Store::open_in(dir).unwrap();
    // Neighbours in the same pages, so deleting frees space inside pages that stay in use.
    store
        .create_entry("2026-03-01", "A quiet day at home.")
        .unwrap();
    let doomed = add(&mut store, "2026-03-02", DOOMED);
    store
        .create_entry("2026-03-03", "Rain again, tea.")
        .unwrap();
    (store, doomed)
}

/// No file of the diary in `dir` holds the deleted entry's text, while `store` is open (its
/// WAL is there) and after it is closed.
fn no_deleted_text_while_open_and_after(dir: &std::path::Path, store: Store) {
    assert_eq!(files_holding(dir, &deleted_needles()), Vec::<String>::new());
    drop(store);
    assert_eq!(files_holding(dir, &deleted_needles()), Vec::<String>::new());
}

#[test]
fn a_deleted_entry_leaves_no_text_in_the_diary_or_its_wal() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, doomed) = diary_with_neighbours(dir.path());
    store.delete_entry(doomed).unwrap();
    no_deleted_text_while_open_and_after(dir.path(), store);
    let store = Store::open_in(dir.path()).unwrap();
    assert_eq!(store.entry_count().unwrap(), 2);
    assert!(hit_ids(&store, "rain").len() == 1 && hit_ids(&store, "marmalade").is_empty());
}

#[test]
fn purged_trash_leaves_no_text_in_the_diary_or_its_wal() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, doomed) = diary_with_neighbours(dir.path());
    store.trash_entry(doomed).unwrap();
    assert_eq!(store.purge_trash("9999-01-01T00:00:00.000Z").unwrap(), 1);
    no_deleted_text_while_open_and_after(dir.path(), store);
}

#[test]
fn an_empty_or_missing_diary_beside_a_key_file_is_refused_not_started_plain() {
    let dir = tempfile::tempdir().unwrap();
    // What is left of an encrypted diary whose database file was lost or cut to nothing.
    std::fs::write(dir.path().join("haru.key"), "format haru-key\n").unwrap();
    for empty in [false, true] {
        let db = dir.path().join("haru.sqlite3");
        if empty {
            std::fs::write(&db, b"").unwrap();
        }
        let err = Store::open_in(dir.path()).err().expect("refused");
        assert_eq!(err.code(), ErrorCode::DatabaseCorrupt, "{err}");
        assert!(err.to_string().contains("haru.key"), "{err}");
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != haru_store::FOLDER_LOCK_FILE)
            .collect();
        names.sort();
        let expected: &[&str] = if empty {
            &["haru.key", "haru.sqlite3"]
        } else {
            &["haru.key"]
        };
        assert_eq!(names, expected, "nothing written");
        if empty {
            assert_eq!(std::fs::metadata(&db).unwrap().len(), 0);
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn staging_files_of_a_killed_process_are_removed_when_the_diary_opens() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open_in(dir.path()).unwrap());
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    // No process has this id (Linux pids stop at 2^22); pid 1 always runs.
    let dead = 999_999_999u32;
    let stale = [
        dir.path().join(format!(".haru-convert-{dead}.sqlite3")),
        dir.path().join(format!(".haru-import-{dead}.sqlite3")),
        dir.path().join(format!(".haru-import-{dead}.sqlite3-wal")),
        dir.path().join(format!(".haru-restore-{dead}.sqlite3")),
        backups.join(format!(
            ".haru-20260102-030405-manual.sqlite3.{dead}-0.partial"
        )),
        backups.join(format!(".haru-20260102-030405.sqlite3.{dead}.rewrite")),
    ];
    let live = [
        dir.path().join(".haru-convert-1.sqlite3"),
        dir.path()
            .join(format!(".haru-import-{}.sqlite3", std::process::id())),
        dir.path().join(format!(".haru-other-{dead}.sqlite3")),
        dir.path().join("notes.txt"),
    ];
    for path in stale.iter().chain(&live) {
        std::fs::write(path, "The marmalade lighthouse keeper.").unwrap();
    }
    drop(Store::open_in(dir.path()).unwrap());
    for path in &stale {
        assert!(!path.exists(), "left behind: {}", path.display());
    }
    for path in &live {
        assert!(path.exists(), "removed: {}", path.display());
    }
}

/// The writer's check-in is stored with the entry, replaces the model's reading in what the
/// history views read (marked as theirs), counts for an entry the model never read, can be
/// cleared, refuses unknown feelings and entries, and goes when the entry is deleted.
#[test]
fn a_check_in_is_the_writers_word_over_the_models_reading() {
    use haru_core::{CheckIn, LABELS};
    let (_dir, mut store) = temp_store();
    let read = store
        .create_entry("2026-05-01", "A long day at work.")
        .unwrap();
    let unread = store
        .create_entry("2026-05-02", "Dinner with my sister.")
        .unwrap();
    let mut probs = vec![0.0f32; LABELS.len()];
    probs[LABELS.iter().position(|l| *l == "annoyance").unwrap()] = 0.8;
    store
        .save_analysis(&haru_store::StoredAnalysis::of(
            &read,
            "test-model",
            probs.clone(),
            vec![],
        ))
        .unwrap();
    let before = store.analysed_entries(None, None).unwrap();
    assert_eq!(before.len(), 1, "only the analysed entry has a reading");
    assert!(!before[0].writers_word);
    assert_eq!(store.checkin(read.id).unwrap(), None);

    let said = CheckIn::new(&["pride", "relief"], Some(0.5), Some(-0.25)).unwrap();
    let stored = store.set_checkin(read.id, &said).unwrap();
    assert_eq!(stored.labels, vec!["pride", "relief"]);
    assert!(!stored.updated_at.is_empty());
    store
        .set_checkin(unread.id, &CheckIn::new(&["love"], None, None).unwrap())
        .unwrap();
    assert_eq!(store.checkin(read.id).unwrap(), Some(stored));

    let after = store.analysed_entries(None, None).unwrap();
    assert_eq!(
        after.len(),
        2,
        "the writer's word counts without a model reading"
    );
    for day in &after {
        assert!(day.writers_word);
    }
    let pride = LABELS.iter().position(|l| *l == "pride").unwrap();
    let annoyance = LABELS.iter().position(|l| *l == "annoyance").unwrap();
    assert_eq!(after[0].probs[pride], 1.0);
    assert_eq!(
        after[0].probs[annoyance], 0.0,
        "the model's reading is not mixed in"
    );
    // The model's reading itself is kept, to be shown beside the writer's.
    assert_eq!(store.analysis(read.id).unwrap().unwrap().probs, probs);

    let err = store
        .set_checkin(
            read.id,
            &CheckIn {
                labels: vec!["hunger".into()],
                pleasant: None,
                energy: None,
                updated_at: String::new(),
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(matches!(
        store.set_checkin(999, &CheckIn::new(&["joy"], None, None).unwrap()),
        Err(StoreError::NotFound(999))
    ));

    assert!(store.clear_checkin(read.id).unwrap());
    assert!(!store.clear_checkin(read.id).unwrap());
    assert!(!store.analysed_entries(None, None).unwrap()[0].writers_word);
    store.delete_entry(unread.id).unwrap();
    assert_eq!(store.checkin(unread.id).unwrap(), None);
    let rows: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM checkins", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0, "deleted with its entry");
}

/// The corrections Haru learns from: check-ins with the probabilities of the model that read
/// the entry, only that model's, only live entries, only those made after a moment.
#[test]
fn corrections_pair_the_writers_word_with_that_models_reading() {
    use haru_core::{CheckIn, LABELS};
    let (_dir, mut store) = temp_store();
    let read = |store: &mut Store, date: &str, model: &str, p: f32| {
        let e = store.create_entry(date, "A day.").unwrap();
        store
            .save_analysis(&haru_store::StoredAnalysis::of(
                &e,
                model,
                vec![p; LABELS.len()],
                vec![],
            ))
            .unwrap();
        e.id
    };
    let a = read(&mut store, "2026-05-01", "m1", 0.1);
    let b = read(&mut store, "2026-05-02", "m2", 0.2);
    let trashed = read(&mut store, "2026-05-03", "m1", 0.3);
    // Read but not corrected.
    read(&mut store, "2026-05-04", "m1", 0.4);
    let unread = add(&mut store, "2026-05-05", "No reading.");
    for id in [a, b, trashed, unread] {
        store
            .set_checkin(id, &CheckIn::new(&["joy", "relief"], None, None).unwrap())
            .unwrap();
    }
    store.trash_entry(trashed).unwrap();

    let m1 = store.corrections(Some("m1"), None).unwrap();
    assert_eq!(
        m1,
        vec![(vec!["joy".into(), "relief".into()], vec![0.1; LABELS.len()])]
    );
    assert_eq!(store.corrections(Some("m2"), None).unwrap().len(), 1);
    assert_eq!(store.corrections(None, None).unwrap().len(), 2);
    let stamp = store.checkin(b).unwrap().unwrap().updated_at;
    assert_eq!(store.corrections(None, Some(&stamp)).unwrap().len(), 0);
    assert_eq!(
        store.corrections(None, Some("2000-01-01")).unwrap().len(),
        2
    );
}

/// "On this day": the same month and day in earlier years, newest first; not this year's or
/// later ones, not other days, not the trash; 29 February's entries on 28 February of a
/// non-leap year.
#[test]
fn on_this_day_finds_the_same_date_in_earlier_years() {
    let (_dir, mut store) = temp_store();
    let ids: Vec<i64> = [
        ("2024-03-05", "two years ago"),
        ("2025-03-05", "last year"),
        ("2025-03-06", "the day after"),
        ("2026-03-05", "today"),
        ("2027-03-05", "from the future"),
        ("2023-03-05", "trashed"),
        ("2024-02-29", "leap day"),
        ("2025-02-28", "last year's 28th"),
    ]
    .iter()
    .map(|(d, t)| add(&mut store, d, t))
    .collect();
    store.trash_entry(ids[5]).unwrap();
    let found = |day: &str| -> Vec<String> {
        let past = store.on_this_day(day).unwrap();
        past.into_iter().map(|e| e.preview).collect()
    };
    assert_eq!(found("2026-03-05"), vec!["last year", "two years ago"]);
    assert_eq!(found("2026-02-28"), vec!["last year's 28th", "leap day"]);
    assert!(store.on_this_day("2026-13-01").is_err());
}

#[test]
fn a_diary_held_by_another_writer_is_busy_not_internal() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    add(&mut store, "2026-03-01", "before the other writer");
    // Another program holds the write lock for longer than the store waits (5 seconds).
    let other = rusqlite::Connection::open(store.path()).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = store
        .create_entry("2026-03-02", "while it writes")
        .expect_err("the write lock is held elsewhere");
    assert!(matches!(err, StoreError::Contended { .. }), "{err:?}");
    let shown = haru_core::AppError::from(err);
    assert_eq!(shown.code, ErrorCode::Busy);
    assert!(shown.message.contains("try again"), "{}", shown.message);
    other.execute_batch("ROLLBACK").unwrap();
    store.create_entry("2026-03-02", "once it is done").unwrap();
}
