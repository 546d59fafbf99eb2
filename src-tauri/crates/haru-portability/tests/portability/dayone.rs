//! Day One exports as people export them: each entry on its own local day whatever this
//! computer's zone, the zip with several journals and photos, a report of what was left out,
//! re-imports (also of entries earlier versions filed under another day), and zips that are
//! damaged or too big refused with nothing changed.
//!
//! The zone an entry without one falls back to is injected here ([`LocalZone::Named`]); the
//! same fixture goes through the real `haru` binary with `TZ` set in haru-cli's tests.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use haru_core::ErrorCode;
use haru_portability::{
    import_file, import_file_opts, read_day_one_zip, ImportOptions, LocalZone, ZipLimits,
};
use haru_store::{ImportedEntry, Store};
use zip::write::SimpleFileOptions;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `dayone-zones.json`: creation instant → the day the entry was written on, in its own zone.
const ZONED: [(&str, &str); 11] = [
    ("2025-06-09T22:40:00.000Z", "2025-06-10"), // Asia/Seoul, 07:40
    ("2024-07-04T05:30:00.000Z", "2024-07-03"), // America/Los_Angeles, 22:30 PDT
    ("2024-01-15T23:30:00.000Z", "2024-01-15"), // Europe/London, 23:30 GMT
    ("2024-10-26T23:30:00.000Z", "2024-10-27"), // London, 00:30 BST, the night clocks go back
    ("2024-10-27T00:30:00.000Z", "2024-10-27"), // London, 01:30 BST
    ("2024-10-27T01:30:00.000Z", "2024-10-27"), // London, 01:30 GMT (the hour again)
    ("2024-10-27T23:30:00.000Z", "2024-10-27"), // London, 23:30 GMT
    ("2024-03-10T09:59:00.000Z", "2024-03-10"), // Los Angeles, 01:59 PST, a minute before the jump
    ("2024-03-10T07:30:00.000Z", "2024-03-09"), // Los Angeles, 23:30 PST
    ("2024-11-04T07:30:00.000Z", "2024-11-03"), // Los Angeles, 23:30 PST after clocks went back
    ("2024-05-01T16:00:00.000Z", "2024-05-02"), // GMT+0900, 01:00
];
/// The entry without a zone, created at 2024-02-29T20:00Z: dated in the importing zone.
const UNZONED: &str = "2024-02-29T20:00:00.000Z";

fn machine_zones() -> [(Tz, &'static str); 3] {
    [
        (chrono_tz::UTC, "2024-02-29"),
        (chrono_tz::Asia::Seoul, "2024-03-01"),
        (chrono_tz::America::New_York, "2024-02-29"),
    ]
}

fn in_zone(zone: Tz) -> ImportOptions<'static> {
    ImportOptions {
        local_zone: LocalZone::Named(zone),
        ..ImportOptions::default()
    }
}

/// created_at → (date, body) of every entry, trash included.
fn by_instant(store: &Store) -> BTreeMap<String, (String, String)> {
    let mut stmt = store
        .connection()
        .prepare("SELECT created_at, entry_date, body FROM entries")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
        .unwrap()
        .collect::<Result<BTreeMap<_, _>, _>>()
        .unwrap();
    rows
}

#[test]
fn each_entry_is_dated_in_its_own_zone_wherever_it_is_imported() {
    for (zone, unzoned_date) in machine_zones() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        let summary =
            import_file_opts(&mut store, &fixture("dayone-zones.json"), &in_zone(zone)).unwrap();
        assert_eq!(summary.format, "day_one");
        assert_eq!(
            (summary.imported, summary.problems.len()),
            (12, 0),
            "{summary:?}"
        );
        let entries = by_instant(&store);
        for (instant, date) in ZONED {
            assert_eq!(entries[instant].0, date, "{instant} imported in {zone}");
        }
        assert_eq!(
            entries[UNZONED].0, unzoned_date,
            "no zone, imported in {zone}"
        );
        // created_at is the instant itself; the photo placeholder is gone, the text stays.
        let (_, seoul) = &entries["2025-06-09T22:40:00.000Z"];
        assert_eq!(
            seoul,
            "출근길에 비가 왔다. Seoul, 07:40 on 10 June.\n\nUmbrella forgotten, again."
        );
        assert_eq!(summary.photos_skipped, 1);
        // Again, somewhere else: nothing added, and nothing moved (not even the entry without
        // a zone, which has no day of its own to go back to).
        let elsewhere = machine_zones()
            .into_iter()
            .map(|(z, _)| z)
            .find(|z| *z != zone)
            .unwrap();
        let again = import_file_opts(
            &mut store,
            &fixture("dayone-zones.json"),
            &in_zone(elsewhere),
        )
        .unwrap();
        assert_eq!(
            (again.imported, again.duplicates, again.dates_corrected),
            (0, 12, 0)
        );
        assert_eq!(by_instant(&store)[UNZONED].0, unzoned_date);
    }
}

#[test]
fn an_unknown_zone_falls_back_to_the_local_one_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Journal.json");
    std::fs::write(
        &file,
        r#"{"metadata": {}, "entries": [
            {"uuid": "U1", "creationDate": "2024-02-29T20:00:00Z", "timeZone": "Mars/Olympus", "text": "far away"},
            {"uuid": "U2", "creationDate": "2024-02-29T21:00:00Z", "timeZone": "Mars/Olympus", "text": "still far"}
        ]}"#,
    )
    .unwrap();
    let mut store = Store::open_in(&dir.path().join("diary")).unwrap();
    let summary = import_file_opts(&mut store, &file, &in_zone(chrono_tz::Asia::Seoul)).unwrap();
    assert_eq!(summary.imported, 2);
    assert_eq!(
        summary.notes,
        vec![
            "the time zone \"Mars/Olympus\" is unknown, so 2 entries with it were dated in this \
             computer's time zone"
        ]
    );
    let dates: Vec<String> = by_instant(&store).into_values().map(|(d, _)| d).collect();
    assert_eq!(dates, vec!["2024-03-01", "2024-03-01"]);
}

fn journal(entries: serde_json::Value) -> Vec<u8> {
    serde_json::to_vec_pretty(
        &serde_json::json!({"metadata": {"version": "1.0"}, "entries": entries}),
    )
    .unwrap()
}

fn write_zip(path: &Path, members: &[(&str, &[u8])]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        if name.ends_with('/') {
            zip.add_directory(*name, options).unwrap();
        } else {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
    }
    zip.finish().unwrap();
}

/// A Day One export of two journals with photos, a video and the odd extra file.
fn two_journals(path: &Path) {
    let journal_one = journal(serde_json::json!([
        {
            "uuid": "J1-SEOUL", "creationDate": "2025-06-09T22:40:00Z", "timeZone": "Asia/Seoul",
            "text": "# Rainy Monday\n\n![](dayone-moment://P1)\n\n![](dayone-moment://P2)\n\nRain **all** day.\n\n- umbrella\n- tea",
            "photos": [{"identifier": "P1", "md5": "a"}, {"identifier": "P2", "md5": "b"}]
        },
        {
            "uuid": "J1-PHOTO-ONLY", "creationDate": "2025-06-10T01:00:00Z", "timeZone": "Asia/Seoul",
            "text": "![](dayone-moment://P3)",
            "photos": [{"identifier": "P3", "md5": "c"}]
        },
        {
            "uuid": "J1-NOZONE", "creationDate": "2025-06-11T12:00:00Z",
            "text": "Lunch with 민지."
        },
        {"uuid": "J1-BAD", "creationDate": "last week", "text": "never dated"}
    ]));
    let journal_two = journal(serde_json::json!([
        {
            "uuid": "J2-LA", "creationDate": "2024-07-04T05:30:00Z", "timeZone": "America/Los_Angeles",
            "text": "Road trip, day one.\n\n![](dayone-moment:/video/V1)",
            "videos": [{"identifier": "V1"}]
        },
        {
            "uuid": "J2-LONDON", "creationDate": "2024-10-26T23:30:00Z", "timeZone": "Europe/London",
            "text": "Landed in London."
        }
    ]));
    write_zip(
        path,
        &[
            ("Journal.json", &journal_one),
            ("Road Trip.json", &journal_two),
            ("photos/", b""),
            (
                "photos/0cc175b9c0f1b6a831c399e269772661.jpeg",
                b"\xff\xd8\xff\xe0 not really a photo",
            ),
            (
                "photos/92eb5ffee6ae2fec3ad71c777531578f.jpeg",
                b"\xff\xd8\xff\xe0 nor this",
            ),
            ("videos/4a8a08f09d37b73795649038408b5f33.mov", b"moov"),
            ("__MACOSX/._Journal.json", b"\x00\x05\x16\x07"),
            ("README.txt", b"exported by Day One"),
            ("settings.json", br#"{"theme": "dark"}"#),
        ],
    );
}

#[test]
fn a_zip_with_two_journals_and_photos_imports_in_one_go_with_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("DayOne.zip");
    two_journals(&export);
    let mut store = Store::open_in(&dir.path().join("diary")).unwrap();
    let summary =
        import_file_opts(&mut store, &export, &in_zone(chrono_tz::America::New_York)).unwrap();
    assert_eq!(summary.format, "day_one");
    assert_eq!(
        (summary.imported, summary.duplicates),
        (4, 0),
        "{summary:?}"
    );
    assert_eq!(
        (summary.photos_skipped, summary.other_media_skipped),
        (3, 1)
    );
    let problems: Vec<(Option<&str>, u32, &str)> = summary
        .problems
        .iter()
        .map(|p| (p.file.as_deref(), p.index, p.reason.as_str()))
        .collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(problems[0].0, Some("Journal.json"));
    assert_eq!(problems[0].1, 1);
    assert!(problems[0].2.contains("only 1 photo"), "{problems:?}");
    assert_eq!((problems[1].0, problems[1].1), (Some("Journal.json"), 3));
    assert!(problems[1].2.contains("last week"), "{problems:?}");
    assert_eq!(
        summary.notes,
        vec!["not read from the zip: README.txt (not a journal), settings.json (not a Day One journal)"]
    );

    let entries = by_instant(&store);
    let day_and_text = |instant: &str| entries[instant].clone();
    assert_eq!(
        day_and_text("2025-06-09T22:40:00.000Z"),
        (
            "2025-06-10".into(),
            "# Rainy Monday\n\nRain **all** day.\n\n- umbrella\n- tea".into()
        )
    );
    assert_eq!(
        day_and_text("2024-07-04T05:30:00.000Z"),
        ("2024-07-03".into(), "Road trip, day one.".into())
    );
    assert_eq!(day_and_text("2024-10-26T23:30:00.000Z").0, "2024-10-27");
    assert_eq!(day_and_text("2025-06-11T12:00:00.000Z").0, "2025-06-11");
    assert_eq!(store.search("umbrella", None).unwrap().len(), 1);

    // The same export again adds nothing, and says the same about photos.
    let again = import_file_opts(&mut store, &export, &in_zone(chrono_tz::Asia::Seoul)).unwrap();
    assert_eq!(
        (again.imported, again.duplicates, again.dates_corrected),
        (0, 4, 0)
    );
    assert_eq!(again.photos_skipped, 3);
    assert_eq!(store.entry_count().unwrap(), 4);
}

#[test]
fn the_same_entry_in_two_journals_or_twice_in_one_is_imported_once() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("DayOne.zip");
    let entry = serde_json::json!({
        "uuid": "SAME", "creationDate": "2024-01-15T23:30:00Z", "timeZone": "Europe/London",
        "text": "Once only."
    });
    let no_uuid = serde_json::json!({
        "creationDate": "2024-01-16T08:00:00Z", "timeZone": "Europe/London", "text": "Twice?"
    });
    let one = journal(serde_json::json!([entry, no_uuid, no_uuid]));
    let two = journal(serde_json::json!([entry]));
    write_zip(
        &export,
        &[("Journal.json", &one), ("Copy/Journal.json", &two)],
    );
    let mut store = Store::open_in(&dir.path().join("diary")).unwrap();
    let summary = import_file(&mut store, &export).unwrap();
    assert_eq!(
        (summary.imported, summary.duplicates),
        (2, 2),
        "{summary:?}"
    );
    assert_eq!(store.entry_count().unwrap(), 2);
}

#[test]
fn entries_imported_before_under_another_day_are_recognised_and_moved() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("DayOne.zip");
    two_journals(&export);
    let mut store = Store::open_in(&dir.path().join("diary")).unwrap();
    // What earlier versions left: Day One's text as it was (placeholders and all), the
    // creation instant, and the day in the importing computer's zone (here UTC).
    let earlier = |date: &str, body: &str, created: &str| ImportedEntry {
        date: date.into(),
        body: body.into(),
        created_at: created.into(),
        updated_at: created.into(),
        starred: false,
    };
    let ids = store
        .insert_imported_entries(&[
            earlier(
                "2025-06-09",
                "# Rainy Monday\n\n![](dayone-moment://P1)\n\n![](dayone-moment://P2)\n\nRain **all** day.\n\n- umbrella\n- tea",
                "2025-06-09T22:40:00.000Z",
            ),
            earlier("2024-07-04", "Landed in London.", "2024-10-26T23:30:00.000Z"),
            // Right day already.
            earlier(
                "2024-07-03",
                "Road trip, day one.\n\n![](dayone-moment:/video/V1)",
                "2024-07-04T05:30:00.000Z",
            ),
        ])
        .unwrap();
    // The person moved this one to another month themselves: left where they put it.
    store
        .connection()
        .execute(
            "UPDATE entries SET entry_date = '2024-08-01' WHERE id = ?1",
            [ids[1]],
        )
        .unwrap();
    store.trash_entry(ids[2]).unwrap();
    let analysed_before = store.get_entry(ids[0]).unwrap().updated_at;

    let summary =
        import_file_opts(&mut store, &export, &in_zone(chrono_tz::America::New_York)).unwrap();
    assert_eq!(
        (
            summary.imported,
            summary.duplicates,
            summary.dates_corrected
        ),
        (1, 3, 1),
        "only the entry without a zone is new: {summary:?}"
    );
    let seoul = store.get_entry(ids[0]).unwrap();
    assert_eq!(seoul.date, "2025-06-10");
    assert!(
        seoul.body.contains("dayone-moment://P1"),
        "the text is theirs, untouched"
    );
    assert_eq!(seoul.updated_at, analysed_before);
    assert_eq!(store.get_entry(ids[1]).unwrap().date, "2024-08-01");
    assert_eq!(
        store.entry_count().unwrap(),
        3,
        "two live earlier ones and the new one"
    );
    let again = import_file(&mut store, &export).unwrap();
    assert_eq!((again.imported, again.dates_corrected), (0, 0));
}

#[test]
fn a_damaged_or_foreign_zip_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(&dir.path().join("diary")).unwrap();
    store.create_entry("2024-01-01", "already here").unwrap();
    let good = dir.path().join("good.zip");
    two_journals(&good);
    let bytes = std::fs::read(&good).unwrap();

    let refused = |name: &str, contents: &[u8], expected: &str, store: &mut Store| {
        let file = dir.path().join(name);
        std::fs::write(&file, contents).unwrap();
        let err = import_file(store, &file).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{name}: {err}");
        let message = err.to_string();
        assert!(message.contains(expected), "{name}: {message}");
        assert!(message.contains("Nothing was changed"), "{name}: {message}");
        let app: haru_core::AppError = err.into();
        assert_eq!(app.code, ErrorCode::InvalidInput);
        assert_eq!(store.entry_count().unwrap(), 1, "{name}");
    };
    // A download cut short: the start of a zip without its directory.
    refused(
        "cut.zip",
        &bytes[..bytes.len() / 2],
        "not a readable zip archive",
        &mut store,
    );
    refused(
        "renamed.zip",
        b"<html>not found</html>",
        "not a zip archive",
        &mut store,
    );
    // One journal damaged (a byte of its compressed data changed): the other is not imported
    // alone either.
    let mut damaged = bytes.clone();
    let at = 30 + "Journal.json".len() + 40;
    damaged[at] ^= 0x55;
    refused("damaged.zip", &damaged, "Journal.json", &mut store);

    for (name, member, why) in [
        (
            "photos-only.zip",
            ("photos/a.jpeg", &b"\xff\xd8"[..]),
            "no Day One journal",
        ),
        (
            "bad-json.zip",
            ("Journal.json", &b"{\"entries\": ["[..]),
            "Journal.json in the zip: it is not valid JSON",
        ),
    ] {
        let zip = dir.path().join(name);
        write_zip(&zip, &[member]);
        refused(name, &std::fs::read(&zip).unwrap(), why, &mut store);
    }
}

#[test]
fn zip_bombs_and_huge_members_stop_at_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    let limits = ZipLimits {
        json_bytes: 1 << 20,
        members: 16,
    };
    let read = |path: &Path, limits: ZipLimits| {
        read_day_one_zip(
            std::fs::File::open(path).unwrap(),
            limits,
            LocalZone::Named(chrono_tz::UTC),
        )
    };
    // 8 MiB of spaces (valid JSON around them) packs into a few KiB.
    let mut big = b"{\"entries\": [] ".to_vec();
    big.resize(8 << 20, b' ');
    big.push(b'}');
    let bomb = dir.path().join("bomb.zip");
    write_zip(&bomb, &[("Journal.json", &big)]);
    assert!(std::fs::metadata(&bomb).unwrap().len() < 64 << 10);
    let err = read(&bomb, limits).unwrap_err();
    assert!(
        err.contains("unpack to more than 1048576 bytes (at Journal.json)"),
        "{err}"
    );

    // The same, with the archive lying about the size: reading stops at the limit anyway.
    let mut lying = std::fs::read(&bomb).unwrap();
    let declared = u32::try_from(big.len()).unwrap().to_le_bytes();
    let mut patched = 0;
    for i in 0..lying.len().saturating_sub(4) {
        if lying[i..i + 4] == declared {
            lying[i..i + 4].copy_from_slice(&100u32.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "the local and the central header");
    let liar = dir.path().join("liar.zip");
    std::fs::write(&liar, &lying).unwrap();
    assert!(read(&liar, limits).is_err());

    // Two journals, each under the limit, together over it.
    let half = vec![b' '; 600 << 10];
    let mut journal_bytes = b"{\"entries\": [] ".to_vec();
    journal_bytes.extend_from_slice(&half);
    journal_bytes.push(b'}');
    let pair = dir.path().join("pair.zip");
    write_zip(
        &pair,
        &[("A.json", &journal_bytes), ("B.json", &journal_bytes)],
    );
    let err = read(&pair, limits).unwrap_err();
    assert!(
        err.contains("unpack to more than 1048576 bytes (at B.json)"),
        "{err}"
    );
    assert!(read(
        &pair,
        ZipLimits {
            json_bytes: 2 << 20,
            ..limits
        }
    )
    .is_ok());

    // Too many files.
    let names: Vec<String> = (0..20).map(|i| format!("photos/{i}.jpeg")).collect();
    let mut members: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    let empty = journal(serde_json::json!([]));
    members.push(("Journal.json", &empty));
    let many = dir.path().join("many.zip");
    write_zip(&many, &members);
    let err = read(&many, limits).unwrap_err();
    assert!(err.contains("holds 21 files, more than the 16"), "{err}");

    // Through `haru import`'s own path: a clear error, nothing imported.
    let mut store = Store::open_in(&dir.path().join("diary")).unwrap();
    let err = import_file_opts(
        &mut store,
        &bomb,
        &ImportOptions {
            zip_limits: limits,
            ..ImportOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(store.entry_count().unwrap(), 0);
}
