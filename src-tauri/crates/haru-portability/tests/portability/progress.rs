//! Progress of exports and imports: `progress(done, total)` starts at `(0, total)`, `done`
//! never goes back, and it ends at `(total, total)`, `total` the number of entries the work
//! writes.

use haru_core::ImportSummary;
use haru_portability::{
    emotions_csv_with_progress, export_json, export_json_encrypted_to_with_progress,
    export_json_with_progress, export_markdown_with_progress, export_to_with_progress,
    import_file_with_progress, ImportOptions,
};
use haru_store::Store;
use std::path::Path;

use crate::rich_store;

/// Checks the calls recorded against the rules above.
fn check(calls: &[(u32, u32)], total: u32) {
    assert!(!calls.is_empty(), "no progress reported");
    assert_eq!(calls[0], (0, total), "{calls:?}");
    assert_eq!(*calls.last().unwrap(), (total, total), "{calls:?}");
    for pair in calls.windows(2) {
        assert!(pair[0].0 <= pair[1].0, "done went back: {calls:?}");
    }
    assert!(
        calls.iter().all(|&(d, t)| t == total && d <= t),
        "{calls:?}"
    );
    // One call per entry (after the first): the window can follow them one by one.
    assert_eq!(calls.len() as u32, total + 1, "{calls:?}");
}

fn diary(dir: &std::path::Path, entries: usize) -> Store {
    let mut store = Store::open_in(dir).unwrap();
    for i in 0..entries {
        store
            .create_entry(&format!("2026-01-{:02}", i % 28 + 1), &format!("day {i}"))
            .unwrap();
    }
    store
}

#[test]
fn exports_report_each_entry_up_to_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let store = diary(dir.path(), 7);
    let out = tempfile::tempdir().unwrap();

    let mut calls = Vec::new();
    let json = export_json_with_progress(&store, Some("2026-03-04T05:06:07Z"), &mut |d, t| {
        calls.push((d, t))
    })
    .unwrap();
    check(&calls, 7);
    // The same file as without progress.
    assert_eq!(
        json,
        export_json(&store, Some("2026-03-04T05:06:07Z")).unwrap()
    );

    for format in ["json", "markdown"] {
        let mut calls = Vec::new();
        let summary =
            export_to_with_progress(&store, format, &out.path().join(format), &mut |d, t| {
                calls.push((d, t))
            })
            .unwrap();
        assert_eq!(summary.entries, 7);
        check(&calls, 7);
    }

    let mut calls = Vec::new();
    export_json_encrypted_to_with_progress(
        &store,
        &out.path().join("sealed.haru"),
        None,
        "four unrelated words",
        &mut |d, t| calls.push((d, t)),
    )
    .unwrap();
    check(&calls, 7);

    // Nothing analysed: an empty CSV, reported as 0 of 0.
    let mut calls = Vec::new();
    let (_, rows) = emotions_csv_with_progress(&store, &mut |d, t| calls.push((d, t))).unwrap();
    assert_eq!(rows, 0);
    assert_eq!(calls, vec![(0, 0)]);
}

#[test]
fn markdown_counts_live_entries_and_json_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    // Two live entries (analysed) and one in the trash.
    let store = rich_store(dir.path());
    let out = tempfile::tempdir().unwrap();
    let mut calls = Vec::new();
    export_markdown_with_progress(&store, &out.path().join("md"), &mut |d, t| {
        calls.push((d, t))
    })
    .unwrap();
    check(&calls, 2);
    let mut calls = Vec::new();
    export_json_with_progress(&store, None, &mut |d, t| calls.push((d, t))).unwrap();
    check(&calls, 3);
    let mut calls = Vec::new();
    let (_, rows) = emotions_csv_with_progress(&store, &mut |d, t| calls.push((d, t))).unwrap();
    assert_eq!(rows, 2);
    check(&calls, rows);
}

#[test]
fn imports_report_each_entry_up_to_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let store = diary(dir.path(), 12);
    let file = dir.path().join("export.json");
    std::fs::write(&file, export_json(&store, None).unwrap()).unwrap();

    // A Haru export, into an empty diary.
    let empty = tempfile::tempdir().unwrap();
    let mut copy = Store::open_in(empty.path()).unwrap();
    let (summary, calls) = import_counted(&mut copy, &file);
    assert_eq!(summary.imported, 12);
    check(&calls, 12);

    // A jrnl export: the new entries are counted, not those already there.
    let jrnl = dir.path().join("jrnl.json");
    let entries: Vec<serde_json::Value> = (0..5)
        .map(|i| serde_json::json!({"date": format!("2025-05-0{}", i + 1), "time": "09:00", "title": format!("title {i}"), "body": "b"}))
        .collect();
    std::fs::write(
        &jrnl,
        serde_json::json!({"tags": {}, "entries": entries}).to_string(),
    )
    .unwrap();
    let (summary, calls) = import_counted(&mut copy, &jrnl);
    assert_eq!(summary.imported, 5);
    check(&calls, 5);
    let (again, calls) = import_counted(&mut copy, &jrnl);
    assert_eq!((again.imported, again.duplicates), (0, 5));
    assert_eq!(calls, vec![(0, 0)]);
}

/// Imports `file` into `store` with the default options, keeping each progress call.
fn import_counted(store: &mut Store, file: &Path) -> (ImportSummary, Vec<(u32, u32)>) {
    let mut calls = Vec::new();
    let summary = import_file_with_progress(store, file, &ImportOptions::default(), &mut |d, t| {
        calls.push((d, t))
    })
    .unwrap();
    (summary, calls)
}
