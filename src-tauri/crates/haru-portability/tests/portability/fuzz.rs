//! Property tests over the importers, the key file (`haru.key`) and encrypted exports: any
//! input — random bytes, random JSON in roughly the right shape, or a valid file with random
//! damage — gives `Ok` or a readable `Err`, never a panic or a hang.
//!
//! `cargo test` runs a short pass (`HARU_FUZZ_CASES`, default 1,000 cases per property, 9,000
//! inputs in all, ~2 s). The long run (`make fuzz`) sets `HARU_FUZZ_CASES=200000` (1.8M inputs).
//! Longest run so far: 800,000 cases per property, 4M inputs, 14 min, no failure. Any failure
//! found later is kept at the bottom as an ordinary test (none yet; the edge cases there were
//! written by hand).

use std::sync::OnceLock;

use haru_portability::{
    detect, load_export, parse_haru_export, parse_json, read_day_one, read_day_one_zip, read_jrnl,
    ImportFormat, LocalZone, ZipLimits,
};
use proptest::prelude::*;
use serde_json::{json, Value};

fn cases() -> u32 {
    std::env::var("HARU_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Everything `haru import` does short of writing to a diary, on any bytes.
fn import_everything(bytes: &[u8]) {
    let Ok(value) = parse_json(bytes) else {
        return;
    };
    match detect(&value) {
        Some(ImportFormat::Haru) => {
            if let Ok(export) = parse_haru_export(&value) {
                let mut conn = rusqlite::Connection::open_in_memory().unwrap();
                let _ = load_export(&mut conn, &export);
            }
        }
        Some(ImportFormat::DayOne) => {
            let _ = read_day_one(&value);
        }
        Some(ImportFormat::Jrnl) => {
            let _ = read_jrnl(&value);
        }
        None => {}
    }
    // Each reader also copes with the others' input.
    let _ = read_day_one_zip(std::io::Cursor::new(bytes), ZIP_LIMITS, LocalZone::System);
    let _ = read_day_one(&value);
    let _ = read_jrnl(&value);
    let _ = parse_haru_export(&value);
}

const ZIP_LIMITS: ZipLimits = ZipLimits {
    json_bytes: 1 << 20,
    members: 64,
};

/// A small Day One zip export (two journals, a photo), to damage.
fn sample_zip() -> &'static [u8] {
    static SAMPLE: OnceLock<Vec<u8>> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in [
            (
                "Journal.json",
                r#"{"metadata": {}, "entries": [{"uuid": "A", "creationDate": "2024-01-02T12:00:00Z",
                   "timeZone": "Asia/Seoul", "text": "hi

![](dayone-moment://P)"}]}"#,
            ),
            (
                "Trip.json",
                r#"{"entries": [{"creationDate": "2024-01-03T12:00:00Z", "text": "there"}]}"#,
            ),
            ("photos/p.jpeg", "not a photo"),
        ] {
            zip.start_file(name, options).unwrap();
            zip.write_all(bytes.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    })
}

/// A real export of a small diary, to mutate.
fn sample_export() -> &'static str {
    static SAMPLE: OnceLock<String> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::rich_store(dir.path());
        haru_portability::export_json(&store, Some("2026-01-01T00:00:00Z")).unwrap()
    })
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        "[ -~가-힣]{0,12}".prop_map(Value::from),
        prop_oneof![
            Just("2024-01-02"),
            Just("2024-01-02T09:00:00Z"),
            Just("2024-13-45T99:00:00+25:00"),
            Just("09:30"),
            Just("24:00"),
            Just("0000-00-00"),
            Just("+275760-09-13T00:00:00Z"),
            Just("Asia/Seoul"),
            Just("GMT+0900"),
            Just("GMT-99:99"),
            Just("GMT+가나다"),
            Just("![](dayone-moment://AB12)"),
            Just("a\n\n![x](dayone-moment:/video/V)\n\n![](dayone-moment:"),
        ]
        .prop_map(Value::from),
    ]
}

/// The object keys Day One's and jrnl's importers read.
const IMPORTER_KEYS: &[&str] = &[
    "text",
    "creationDate",
    "modifiedDate",
    "uuid",
    "timeZone",
    "photos",
    "identifier",
    "date",
    "time",
    "title",
    "body",
    "entries",
    "$blob",
];

fn any_json() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                // One of the keys the importers look at, or (one time in 14) any other.
                prop_oneof![
                    IMPORTER_KEYS.len() as u32 => prop::sample::select(IMPORTER_KEYS)
                        .prop_map(str::to_owned),
                    1 => "[a-z_$]{1,8}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// `{"entries": [...]}` with entries made of the fields the importers look at.
fn entries_file() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(any_json(), 0..8),
        prop_oneof![Just("metadata"), Just("tags"), Just("other")],
    )
        .prop_map(|(entries, marker)| json!({ "entries": entries, marker: {} }))
}

const SEALED_PASS: &str = "long enough passphrase";

/// A real key file (cheap test parameters), as `haru encrypt` writes it.
fn sample_key_file() -> &'static str {
    static FILE: OnceLock<String> = OnceLock::new();
    FILE.get_or_init(|| {
        let key = haru_store::DbKey::random().unwrap();
        let (file, _) =
            haru_store::KeyFile::create(&key, SEALED_PASS, haru_store::KdfParams::FAST_FOR_TESTS)
                .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("haru.key");
        file.write_file(&path).unwrap();
        std::fs::read_to_string(&path).unwrap()
    })
}

/// A real encrypted export (`haru export --encrypt`), 2 KB, cheap test parameters.
fn sample_sealed() -> &'static [u8] {
    static BLOB: OnceLock<Vec<u8>> = OnceLock::new();
    BLOB.get_or_init(|| {
        let plain = sample_export().repeat(1 + 2048 / sample_export().len());
        haru_store::crypt::seal(
            plain.as_bytes(),
            SEALED_PASS,
            haru_store::KdfParams::FAST_FOR_TESTS,
        )
        .unwrap()
    })
}

/// `bytes` after `edits`: each (position, byte, kind) overwrites the byte there with
/// `overwrite(old, byte)` (kind 0), cuts the file there (1) or inserts the byte (2).
fn damaged(
    bytes: &[u8],
    edits: &[(prop::sample::Index, u8, u8)],
    overwrite: fn(u8, u8) -> u8,
) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    for (at, byte, op) in edits {
        let i = at.index(bytes.len().max(1));
        match op {
            0 if i < bytes.len() => bytes[i] = overwrite(bytes[i], *byte),
            1 => bytes.truncate(i),
            _ => bytes.insert(i.min(bytes.len()), *byte),
        }
    }
    bytes
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        import_everything(&bytes);
    }

    #[test]
    fn random_json_never_panics(value in any_json()) {
        import_everything(value.to_string().as_bytes());
    }

    #[test]
    fn random_day_one_and_jrnl_shapes_never_panic(value in entries_file()) {
        let _ = read_day_one(&value);
        let _ = read_jrnl(&value);
        import_everything(value.to_string().as_bytes());
    }

    #[test]
    fn damaged_haru_exports_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6)
    ) {
        let mut bytes = sample_export().as_bytes().to_vec();
        for (at, byte, op) in edits {
            let i = at.index(bytes.len().max(1));
            match op {
                0 if i < bytes.len() => bytes[i] = byte,
                1 if i < bytes.len() => { bytes.remove(i); }
                _ => bytes.insert(i.min(bytes.len()), byte),
            }
        }
        import_everything(&bytes);
    }

    #[test]
    fn damaged_day_one_zips_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6)
    ) {
        let bytes = damaged(sample_zip(), &edits, |_, byte| byte);
        let _ = read_day_one_zip(std::io::Cursor::new(&bytes), ZIP_LIMITS, LocalZone::System);
    }

    #[test]
    fn damaged_key_files_are_refused_or_read_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6)
    ) {
        let bytes = damaged(sample_key_file().as_bytes(), &edits, |_, byte| byte);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("haru.key");
        std::fs::write(&path, &bytes).unwrap();
        // Parsing only (hostile Argon2 costs are refused at parse time: haru-store's
        // `hostile_key_derivation_costs_are_refused_before_deriving`).
        let _ = haru_store::KeyFile::read_file(&path);
    }

    #[test]
    fn damaged_sealed_exports_never_open_or_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6)
    ) {
        let bytes = damaged(sample_sealed(), &edits, |old, byte| old ^ byte.max(1));
        // Every edit breaks the authenticated encryption: nothing damaged ever opens.
        prop_assert!(haru_store::crypt::open_sealed(&bytes, SEALED_PASS).is_none());
    }

    #[test]
    fn random_sealed_blobs_never_open_or_panic(body in prop::collection::vec(any::<u8>(), 0..200)) {
        let mut bytes = sample_sealed()[..8].to_vec();
        bytes.extend_from_slice(&body);
        prop_assert!(haru_store::crypt::open_sealed(&bytes, SEALED_PASS).is_none());
    }

    #[test]
    fn haru_exports_with_random_values_never_panic(
        table in prop_oneof![Just("entries"), Just("analyses"), Just("settings"), Just("feedback"), Just("nope")],
        column in "[a-z_]{1,12}",
        value in any_json(),
    ) {
        let mut export: Value = serde_json::from_str(sample_export()).unwrap();
        let row = json!({ column: value.clone(), "id": value });
        export["tables"][table] = json!([row]);
        import_everything(export.to_string().as_bytes());
    }
}

#[test]
fn deeply_nested_json_is_refused_not_overflowed() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(parse_json(deep.as_bytes()).is_err());
    let deep = format!(
        "{{\"entries\": {}{}}}",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    import_everything(deep.as_bytes());
}

#[test]
fn dates_at_the_limits_of_chrono() {
    // Extreme but valid RFC 3339 times and odd jrnl times are errors or entries, not panics.
    let value = json!({"metadata": {}, "entries": [
        {"text": "x", "creationDate": "9999-12-31T23:59:59+23:59"},
        {"text": "x", "creationDate": "0000-01-01T00:00:00-23:59"},
    ]});
    let read = read_day_one(&value).unwrap();
    assert_eq!(read.entries.len() + read.problems.len(), 2);
    let value = json!({"tags": {}, "entries": [
        {"title": "x", "date": "9999-12-31", "time": "23:59:59"},
        {"title": "x", "date": "0001-01-01", "time": "00:00"},
    ]});
    let read = read_jrnl(&value).unwrap();
    assert_eq!(read.entries.len() + read.problems.len(), 2);
}
