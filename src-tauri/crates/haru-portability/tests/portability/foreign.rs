//! Day One and jrnl JSON exports (small committed fixtures): good entries imported with
//! their dates and times, bad ones reported by position and reason, nothing imported twice.

use std::path::PathBuf;

use haru_portability::{import_file, import_file_opts, ImportOptions, LocalZone};
use haru_store::Store;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn reasons(summary: &haru_core::ImportSummary) -> Vec<(u32, String)> {
    summary
        .problems
        .iter()
        .map(|p| (p.index, p.reason.clone()))
        .collect()
}

#[test]
fn day_one_export_imports_good_entries_and_reports_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    store.create_entry("2023-12-31", "already here").unwrap();
    let summary = import_file(&mut store, &fixture("dayone.json")).unwrap();
    assert_eq!(summary.format, "day_one");
    assert_eq!(summary.imported, 2);
    assert_eq!(summary.duplicates, 0);
    let problems = reasons(&summary);
    assert_eq!(
        problems.iter().map(|p| p.0).collect::<Vec<_>>(),
        vec![2, 3, 4, 5],
        "{problems:?}"
    );
    assert!(
        problems[0].1.contains("\"text\" is missing"),
        "{problems:?}"
    );
    assert!(problems[1].1.contains("creationDate") && problems[1].1.contains("yesterday"));
    assert!(problems[2].1.contains("empty"));
    assert!(problems[3].1.contains("not an object"));

    let hits = store.search("river", None).unwrap();
    assert_eq!(hits.len(), 1);
    let walk = store.get_entry(hits[0].entry.id).unwrap();
    // Midday UTC: the same day in every time zone from UTC-11 to UTC+11.
    assert_eq!(walk.date, "2024-01-02");
    // Day One's tags come along as Haru #tags on a last line.
    assert_eq!(
        walk.body,
        "A walk by the Han river.\n\nCold but bright.\n\n#walk"
    );
    assert_eq!(store.tag_counts().unwrap(), vec![("walk".to_owned(), 1)]);
    assert_eq!(walk.created_at, "2024-01-02T12:00:00.000Z");
    assert_eq!(walk.updated_at, "2024-01-02T13:30:00.000Z");
    let korean = store.search("저녁", None).unwrap();
    assert_eq!(korean.len(), 1);
    assert_eq!(korean[0].entry.language, "ko");

    // Importing the same file again adds nothing.
    let again = import_file(&mut store, &fixture("dayone.json")).unwrap();
    assert_eq!((again.imported, again.duplicates), (0, 2));
    assert_eq!(store.entry_count().unwrap(), 3);
}

#[test]
fn jrnl_export_imports_good_entries_and_reports_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let summary = import_file(&mut store, &fixture("jrnl.json")).unwrap();
    assert_eq!(summary.format, "jrnl");
    assert_eq!(summary.imported, 3, "{summary:?}");
    let problems = reasons(&summary);
    assert_eq!(
        problems.iter().map(|p| p.0).collect::<Vec<_>>(),
        vec![3, 4, 5, 6]
    );
    assert!(problems[0].1.contains("\"date\" is missing"));
    assert!(problems[1].1.contains("12/02/2024"));
    assert!(problems[2].1.contains("25:99"));
    assert!(problems[3].1.contains("\"title\" is not a string"));

    let mut entries = store.list_entries(None, None).unwrap();
    entries.sort_by(|a, b| a.date.cmp(&b.date));
    let dates: Vec<&str> = entries.iter().map(|e| e.date.as_str()).collect();
    assert_eq!(dates, vec!["2024-02-10", "2024-02-11", "2024-02-12"]);
    let first = store.get_entry(entries[0].id).unwrap();
    // jrnl's tag becomes a Haru #tag; its star is kept.
    assert_eq!(
        first.body,
        "Long day at @work.\nFinished the report.\nTired but happy.\n\n#work"
    );
    assert!(store.is_starred(first.id).unwrap());
    assert!(!store.is_starred(entries[1].id).unwrap());
    let tagged = store
        .search_tagged("", &Default::default(), Some("#Work"), None)
        .unwrap();
    assert_eq!(tagged.len(), 1);
    assert_eq!(tagged[0].entry.id, first.id);
    assert_eq!(
        store.get_entry(entries[1].id).unwrap().body,
        "Only a title today."
    );
    assert_eq!(
        store.get_entry(entries[2].id).unwrap().body,
        "No time given."
    );
    assert_eq!(store.search("report", None).unwrap().len(), 1);
    let again = import_file(&mut store, &fixture("jrnl.json")).unwrap();
    assert_eq!((again.imported, again.duplicates), (0, 3));
}

#[test]
fn jrnl_days_are_the_days_written_in_any_zone() {
    // jrnl writes local dates and times without a zone: the day stays as written, the time is
    // read in the importing zone.
    for (zone, created) in [
        (chrono_tz::UTC, "2024-02-10T21:30:00.000Z"),
        (chrono_tz::Asia::Seoul, "2024-02-10T12:30:00.000Z"),
        (chrono_tz::America::New_York, "2024-02-11T02:30:00.000Z"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        let options = ImportOptions {
            local_zone: LocalZone::Named(zone),
            ..ImportOptions::default()
        };
        import_file_opts(&mut store, &fixture("jrnl.json"), &options).unwrap();
        let mut entries = store.list_entries(None, None).unwrap();
        entries.sort_by(|a, b| a.date.cmp(&b.date));
        let dates: Vec<&str> = entries.iter().map(|e| e.date.as_str()).collect();
        assert_eq!(
            dates,
            vec!["2024-02-10", "2024-02-11", "2024-02-12"],
            "{zone}"
        );
        assert_eq!(entries[0].created_at, created, "{zone}");
    }
}

#[test]
fn unknown_files_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    for (text, expected) in [
        ("{\"entries\": [{\"x\": 1}]}", "neither a Haru export"),
        ("[1, 2, 3]", "neither a Haru export"),
        ("not json", "not valid JSON"),
        ("PK\x03\x04 cut short", "not a readable zip archive"),
        ("{\"entries\": 5, \"metadata\": {}}", "neither"),
    ] {
        let file = dir.path().join("in.json");
        std::fs::write(&file, text).unwrap();
        let err = import_file(&mut store, &file).unwrap_err();
        assert!(err.to_string().contains(expected), "{text}: {err}");
        assert_eq!(err.code(), haru_core::ErrorCode::InvalidInput);
    }
    let err = import_file(&mut store, &dir.path().join("missing.json")).unwrap_err();
    assert_eq!(err.code(), haru_core::ErrorCode::Io);
    assert_eq!(store.entry_count().unwrap(), 0);
}

/// A pipe (or a device such as `/dev/zero`) reports no size: the read itself must stop at the
/// limit, and the file is refused, nothing imported.
#[cfg(target_os = "linux")]
#[test]
fn an_import_from_a_pipe_is_read_only_up_to_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("endless.json");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    const LIMIT: u64 = 64 * 1024;
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            use std::io::Write;
            let mut pipe = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
            // Twice the limit, then the end (a reader that stops early breaks the pipe).
            let chunk = [b' '; 4096];
            for _ in 0..(2 * LIMIT / 4096) {
                if pipe.write_all(&chunk).is_err() {
                    break;
                }
            }
        })
    };
    let mut store = Store::open_in(&dir.path().join("diary")).unwrap();
    let options = ImportOptions {
        max_bytes: Some(LIMIT),
        ..ImportOptions::default()
    };
    let err = import_file_opts(&mut store, &fifo, &options).unwrap_err();
    assert!(
        err.to_string()
            .contains(&format!("larger than {LIMIT} bytes")),
        "{err}"
    );
    assert_eq!(store.entry_count().unwrap(), 0);
    drop(store);
    writer.join().unwrap();
}

/// An entry imported by an earlier Haru, before tags came along as a last line, is recognised
/// by its text as it was then: a re-import adds nothing twice.
#[test]
fn entries_imported_before_tags_are_not_imported_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    store
        .insert_imported_entries(&[haru_store::ImportedEntry {
            date: "2024-02-10".into(),
            body: "Long day at @work.\nFinished the report.\nTired but happy.".into(),
            created_at: "2024-02-10T12:30:00.000Z".into(),
            updated_at: "2024-02-10T12:30:00.000Z".into(),
            starred: false,
        }])
        .unwrap();
    let summary = import_file(&mut store, &fixture("jrnl.json")).unwrap();
    assert_eq!(
        (summary.imported, summary.duplicates),
        (2, 1),
        "{summary:?}"
    );
}
