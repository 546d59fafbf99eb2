//! Haru JSON: export → import into an empty folder → export again gives the same bytes.

use haru_portability::{export_json, import_file, PortabilityError};
use haru_store::Store;

use crate::{live_bodies, rich_store};

const AT: &str = "2026-03-04T05:06:07Z";

#[test]
fn export_import_export_is_byte_identical() {
    let original_dir = tempfile::tempdir().unwrap();
    let original = rich_store(original_dir.path());
    let first = export_json(&original, Some(AT)).unwrap();
    // Every kind of data is in it.
    for needle in [
        "\"analyses\": [\n",
        "\"sentence_analyses\": [\n",
        "\"feedback\": [\n",
        "\"recommendations_shown\": [\n",
        "\"pref.backup.keep\"",
        "\"theme\"",
        "\"$blob\"",
        "{\"$real\":\"inf\"}",
        "0.30000000000000004",
        "to the bin",
    ] {
        assert!(first.contains(needle), "export lacks {needle}:\n{first}");
    }
    assert!(
        !first.contains("entry_terms"),
        "the search index is derived, not exported"
    );

    let file = original_dir.path().join("export.json");
    std::fs::write(&file, &first).unwrap();
    let copy_dir = tempfile::tempdir().unwrap();
    let mut copy = Store::open_in(copy_dir.path()).unwrap();
    let summary = import_file(&mut copy, &file).unwrap();
    assert_eq!(summary.format, "haru");
    assert_eq!(summary.imported, 3);
    let second = export_json(&copy, Some(AT)).unwrap();
    assert!(first == second, "exports differ:\n{first}\n---\n{second}");

    // The copy works like the original: same entries, search index rebuilt (live entries only),
    // analyses and settings in place, and a fresh connection sees the same.
    assert_eq!(live_bodies(&copy), live_bodies(&original));
    assert_eq!(copy.search("학교", None).unwrap().len(), 1);
    assert_eq!(copy.search("river", None).unwrap().len(), 1);
    assert!(copy.search("bin", None).unwrap().is_empty());
    assert_eq!(copy.settings().unwrap().theme, "dark");
    copy.integrity_check().unwrap();
    drop(copy);
    let reopened = Store::open_in(copy_dir.path()).unwrap();
    let first_id = reopened.search("학교", None).unwrap()[0].entry.id;
    let analysis = reopened.analysis(first_id).unwrap().unwrap();
    assert_eq!(analysis.sentences.len(), 2);
    assert_eq!(
        analysis.probs,
        (0..28).map(|i| (i as f32 + 0.5) / 29.0).collect::<Vec<_>>()
    );
    assert_eq!(export_json(&reopened, Some(AT)).unwrap(), first);
}

#[test]
fn a_haru_export_is_refused_by_a_diary_with_entries_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = rich_store(dir.path());
    let file = dir.path().join("export.json");
    std::fs::write(&file, export_json(&store, Some(AT)).unwrap()).unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    let mut other = Store::open_in(other_dir.path()).unwrap();
    other.create_entry("2026-01-01", "mine").unwrap();
    let before = export_json(&other, Some(AT)).unwrap();
    let err = import_file(&mut other, &file).unwrap_err();
    assert!(
        matches!(err, PortabilityError::NotEmpty { entries: 1 }),
        "{err}"
    );
    assert!(err.to_string().contains("--data-dir"), "{err}");
    assert_eq!(export_json(&other, Some(AT)).unwrap(), before);
}

#[test]
fn a_broken_export_is_refused_with_the_reason_and_leaves_the_diary_empty() {
    let dir = tempfile::tempdir().unwrap();
    let store = rich_store(dir.path());
    let good = export_json(&store, Some(AT)).unwrap();
    let cases = [
        (
            good.replace(
                "\"entry_date\":\"2026-03-02\"",
                "\"entry_date\":\"2026-3-2\"",
            ),
            "CHECK",
        ),
        (
            good.replace("\"item_id\":\"mb:2\"", "\"item_id\":\"nope\""),
            "missing row",
        ),
        (
            good.replace("\"theme\"", "\"theme\",\"colour\":1"),
            "no column colour",
        ),
        (
            good.replace("\"settings\": [", "\"diary\": [],\n    \"settings\": ["),
            "table diary",
        ),
        (
            good.replace(
                &format!("\"schema_version\": {}", haru_store::latest_version()),
                "\"schema_version\": 999",
            ),
            "update Haru",
        ),
        (
            good.replace("\"language\":\"ko\"", "\"language\":true"),
            "true/false",
        ),
        (good[..good.len() / 2].to_owned(), "not valid JSON"),
    ];
    for (text, expected) in cases {
        assert_ne!(text, good, "case {expected} did not change the export");
        let file = dir.path().join("broken.json");
        std::fs::write(&file, &text).unwrap();
        let empty_dir = tempfile::tempdir().unwrap();
        let mut empty = Store::open_in(empty_dir.path()).unwrap();
        let err = import_file(&mut empty, &file).unwrap_err();
        assert!(err.to_string().contains(expected), "{expected}: {err}");
        assert_eq!(err.code(), haru_core::ErrorCode::InvalidInput, "{err}");
        assert_eq!(empty.entry_count().unwrap(), 0);
        let leftovers: Vec<_> = std::fs::read_dir(empty_dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".haru-import"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

#[test]
fn markdown_export_writes_one_file_per_live_entry_with_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let store = rich_store(dir.path());
    let out = dir.path().join("md");
    let summary = haru_portability::export_markdown(&store, &out).unwrap();
    assert_eq!(summary.entries, 2);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, vec!["2026-03-01-1.md", "2026-03-02-2.md"]);
    let first = std::fs::read_to_string(out.join("2026-03-01-1.md")).unwrap();
    assert!(
        first.starts_with("---\ndate: 2026-03-01\nid: 1\ncreated: \""),
        "{first}"
    );
    // The strongest three of the analysis (probabilities rise with the label index).
    assert!(
        first.contains(
            "emotions:\n  - neutral: 0.948\n  - surprise: 0.914\n  - sadness: 0.879\n---\n\n오늘은"
        ),
        "{first}"
    );
    let second = std::fs::read_to_string(out.join("2026-03-02-2.md")).unwrap();
    assert!(!second.contains("emotions:"));
    assert!(second.ends_with("Quiet \"evening\".\n"));
}
