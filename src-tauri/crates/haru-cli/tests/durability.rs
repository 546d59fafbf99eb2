//! Your data, from the outside: `haru backup/restore/export/import` as real processes, and the
//! fault tests — SIGKILL during saves, a full disk, no network. Every test works in temporary
//! folders (`HARU_DATA_DIR`), never in the user's data folder.

mod common;

use common::{loudly_skip, ok, on_a_small_disk, OnSmallDisk};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use haru_powerloss::support::XorShift;

const HARU: &str = env!("CARGO_BIN_EXE_haru");

fn haru(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(HARU)
        .args(args)
        .env("HARU_DATA_DIR", data_dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run haru")
}

fn failed(out: Output, code: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "should fail: {stderr}");
    assert!(
        stderr.contains(&format!("[{code}]")),
        "expected {code}: {stderr}"
    );
    stderr
}

fn add(dir: &Path, date: &str, text: &str) -> i64 {
    ok(haru(dir, &["add", "--date", date, "--text", text]))
        .trim()
        .parse()
        .unwrap()
}

fn integrity_ok(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn backup_restore_export_import_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("diary");
    add(&dir, "2026-03-01", "오늘은 학교에서 친구를 만났다.");
    add(&dir, "2026-03-02", "A long walk by the river.");

    let backup = PathBuf::from(ok(haru(&dir, &["backup"])).trim());
    assert!(backup.starts_with(dir.join("backups")) && backup.exists());
    let listed = ok(haru(&dir, &["backup", "--list"]));
    assert!(
        listed.contains("2 entries") && listed.contains("manual"),
        "{listed}"
    );

    // JSON: export, import into a new folder, export again: the same bytes.
    let first = tmp.path().join("first.json");
    let run = |dir: &Path, args: &[&str]| {
        Command::new(HARU)
            .args(args)
            .env("HARU_DATA_DIR", dir)
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .output()
            .unwrap()
    };
    ok(run(
        &dir,
        &[
            "export",
            "--format",
            "json",
            "--output",
            first.to_str().unwrap(),
        ],
    ));
    let copy = tmp.path().join("copy");
    let summary = ok(haru(&copy, &["import", first.to_str().unwrap()]));
    assert!(
        summary.contains("imported 2 entries (haru export)"),
        "{summary}"
    );
    let again = ok(run(&copy, &["export", "--format", "json"]));
    assert_eq!(again, std::fs::read_to_string(&first).unwrap());
    assert!(again.contains("\"exported_at\": \"2026-01-01T00:00:00Z\""));
    // Not into a diary that has entries.
    let stderr = failed(
        haru(&dir, &["import", first.to_str().unwrap()]),
        "invalid_input",
    );
    assert!(stderr.contains("--data-dir NEW_FOLDER"), "{stderr}");

    // Markdown needs a folder; --what is for csv.
    let md = tmp.path().join("md");
    ok(haru(
        &dir,
        &[
            "export",
            "--format",
            "markdown",
            "--output",
            md.to_str().unwrap(),
        ],
    ));
    assert_eq!(std::fs::read_dir(&md).unwrap().count(), 2);
    failed(
        haru(&dir, &["export", "--format", "markdown"]),
        "invalid_input",
    );
    failed(
        haru(&dir, &["export", "--format", "json", "--what", "emotions"]),
        "invalid_input",
    );

    // Restore: a later entry disappears, and the restore can be undone.
    add(&dir, "2026-03-03", "after the backup");
    let out = ok(haru(&dir, &["restore", backup.to_str().unwrap()]));
    assert!(out.contains("restored 2 entries"), "{out}");
    let list = ok(haru(&dir, &["list"]));
    assert!(!list.contains("after the backup"), "{list}");
    let previous = out
        .lines()
        .find_map(|l| l.strip_prefix("the diary as it was before is kept in "))
        .and_then(|l| l.strip_suffix(" (restore it to undo)"))
        .expect("pre-restore path")
        .to_owned();
    ok(haru(&dir, &["restore", &previous]));
    assert!(ok(haru(&dir, &["list"])).contains("after the backup"));

    // A damaged backup is refused with guidance; the diary is untouched.
    let mut bytes = std::fs::read(&backup).unwrap();
    bytes.truncate(bytes.len() / 2);
    let broken = tmp.path().join("broken.sqlite3");
    std::fs::write(&broken, bytes).unwrap();
    let stderr = failed(
        haru(&dir, &["restore", broken.to_str().unwrap()]),
        "database_corrupt",
    );
    assert!(stderr.contains("choose another backup"), "{stderr}");
    assert!(ok(haru(&dir, &["list"])).contains("after the backup"));
    failed(haru(&dir, &["restore", "/nonexistent/haru.sqlite3"]), "io");
    integrity_ok(&dir.join("haru.sqlite3"));
}

/// SIGKILL `haru add` at random moments 200 times: every save whose id was printed (the
/// acknowledgement: printed only after the transaction committed) is there afterwards, with
/// its exact text, nothing half-written is, and SQLite's integrity check passes.
#[test]
fn acknowledged_saves_survive_sigkill_at_random_moments() {
    const KILLS: usize = 200;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("diary");
    let seed = std::env::var("HARU_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let mut rng = XorShift(seed);
    // How long one save takes here, so that kills land before, during and after it.
    let probe = tempfile::tempdir().unwrap();
    let started = Instant::now();
    for i in 0..3 {
        add(probe.path(), "2026-01-01", &format!("probe {i}"));
    }
    let typical = started.elapsed() / 3;
    let window = (typical * 3 / 2).as_micros().max(1) as u64;

    let mut acknowledged: Vec<(i64, String)> = Vec::new();
    let started = Instant::now();
    for i in 0..KILLS {
        let text = format!("crash test entry {i} · 충돌 시험 {i}");
        let mut child = Command::new(HARU)
            .args(["add", "--date", "2026-01-01", "--text", &text])
            .env("HARU_DATA_DIR", &dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.next_u64() % window));
        let _ = child.kill(); // SIGKILL on Unix
        child.wait().unwrap();
        let mut out = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        if let Some(id) = out.strip_suffix('\n').and_then(|s| s.parse::<i64>().ok()) {
            acknowledged.push((id, text));
        }
    }
    let elapsed = started.elapsed();
    println!(
        "crash test: seed {seed}, {KILLS} SIGKILLs in {:.1} s (one save ≈ {} ms), {} saves \
         acknowledged before the kill",
        elapsed.as_secs_f64(),
        typical.as_millis(),
        acknowledged.len()
    );
    integrity_ok(&dir.join("haru.sqlite3"));
    let list: serde_json::Value =
        serde_json::from_str(&ok(haru(&dir, &["list", "--json"]))).unwrap();
    let present: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    for (id, text) in &acknowledged {
        assert!(
            present.contains(id),
            "acknowledged save {id} is missing (seed {seed})"
        );
        let shown: serde_json::Value =
            serde_json::from_str(&ok(haru(&dir, &["show", &id.to_string(), "--json"]))).unwrap();
        assert_eq!(shown["body"].as_str(), Some(text.as_str()), "seed {seed}");
    }
    // Unacknowledged saves may or may not have landed, but never torn.
    let bodies = ok(haru(
        &dir,
        &["search", "crash", "--limit", "1000", "--json"],
    ));
    let hits: serde_json::Value = serde_json::from_str(&bodies).unwrap();
    assert_eq!(
        hits.as_array().unwrap().len(),
        present.len(),
        "index and table agree"
    );
    integrity_ok(&dir.join("haru.sqlite3"));
    assert!(
        !acknowledged.is_empty() && acknowledged.len() < KILLS,
        "kills should land both before and after saves complete ({} of {KILLS} acknowledged; \
         seed {seed})",
        acknowledged.len()
    );
}

/// A save that does not fit on the disk fails with `disk_full`, and what was there before is
/// intact. The disk: a 1 MiB tmpfs mounted in a private user + mount namespace
/// (`unshare -rm`), so nothing outside the test sees it and it disappears with the process; it
/// is filled to ~48 KiB free and a 250 KB entry is saved. Needs unprivileged user namespaces
/// or root; where neither is available the test says so loudly and skips.
#[test]
fn a_full_disk_gives_a_clear_error_and_keeps_earlier_entries() {
    let script = r#"
        mount -t tmpfs -o size=1m tmpfs "$D" || exit 90
        export HARU_DATA_DIR="$D/data"
        "$HARU" add --date 2026-01-01 --text "before the disk filled" || exit 91
        avail=$(df --output=avail -B1 "$D" | tail -n 1)
        head -c $((avail - 48 * 1024)) /dev/zero > "$D/filler"
        "$HARU" add --date 2026-01-02 --file "$BIG"
        echo "full-save-exit=$?"
        "$HARU" list --json
        echo "entries-after-failure=$("$HARU" list --json | grep -c '"id"')"
        rm "$D/filler"
        "$HARU" backup > /dev/null && echo "backup-after-freeing=ok"
        "$HARU" add --date 2026-01-02 --file "$BIG" > /dev/null && echo "save-after-freeing=ok"
    "#;
    let Some(OnSmallDisk { stdout, stderr }) =
        on_a_small_disk(script, &"오늘은 하루가 길었다. ".repeat(8000), &[])
    else {
        return;
    };
    assert!(stdout.contains("full-save-exit=1"), "{stdout}\n{stderr}");
    assert!(stderr.contains("haru: error [disk_full]"), "{stderr}");
    assert!(stderr.contains("earlier data is intact"), "{stderr}");
    assert!(stdout.contains("before the disk filled"), "{stdout}");
    assert!(
        stdout.contains("entries-after-failure=1"),
        "the failed save left something: {stdout}"
    );
    // After freeing space the diary checks out (backup runs integrity_check) and saves work.
    assert!(
        stdout.contains("backup-after-freeing=ok"),
        "{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("save-after-freeing=ok"),
        "{stdout}\n{stderr}"
    );
}

/// The CLI opens no sockets: every data command runs under `strace -f -e trace=%network`
/// and the trace must be empty (no `socket`, `connect`, `bind`, `sendto`, …).
#[test]
fn the_cli_opens_no_sockets() {
    if Command::new("strace").arg("-V").output().is_err() {
        return loudly_skip(
            "no-network test",
            "strace is not installed (`make setup` installs it)",
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("diary");
    let json = tmp.path().join("e.json");
    let md = tmp.path().join("md");
    let copy = tmp.path().join("copy");
    let (json_s, md_s) = (json.to_str().unwrap(), md.to_str().unwrap());
    let runs: Vec<(PathBuf, Vec<&str>)> = vec![
        (
            dir.clone(),
            vec!["add", "--date", "2026-01-01", "--text", "오늘 offline"],
        ),
        (dir.clone(), vec!["list"]),
        (dir.clone(), vec!["search", "offline"]),
        (dir.clone(), vec!["show", "1"]),
        (
            dir.clone(),
            vec!["export", "--format", "json", "--output", json_s],
        ),
        (
            dir.clone(),
            vec!["export", "--format", "markdown", "--output", md_s],
        ),
        (dir.clone(), vec!["backup"]),
        (dir.clone(), vec!["backup", "--list"]),
        (copy.clone(), vec!["import", json_s]),
        // The model (ONNX Runtime, telemetry off) and the recommender.
        (
            dir.clone(),
            vec!["analyze", "--text", "오늘은 행복했다. A calm day."],
        ),
        (dir.clone(), vec!["history", "--by", "day"]),
        (
            dir.clone(),
            vec!["recommend", "--text", "A calm day.", "--json"],
        ),
    ];
    let cache = tmp.path().join("cache");
    // Runs haru under strace, which logs every network system call: there must be none.
    let offline = |name: String, data_dir: &Path, args: &[&str]| {
        let log = tmp.path().join(format!("trace-{name}.log"));
        let out = Command::new("strace")
            // ONNX Runtime's 1DS telemetry would write its device id here at start-up.
            .env("XDG_CACHE_HOME", &cache)
            .env("HOME", tmp.path())
            .env_remove("ORT_DISABLE_TELEMETRY")
            .args(["-f", "-qq", "-e", "trace=%network", "-o"])
            .arg(&log)
            .arg(HARU)
            .args(args)
            .env("HARU_DATA_DIR", data_dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "haru {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let trace = std::fs::read_to_string(&log).unwrap();
        assert!(
            trace.trim().is_empty(),
            "haru {args:?} made network system calls:\n{trace}"
        );
    };
    for (i, (data_dir, args)) in runs.iter().enumerate() {
        offline(i.to_string(), data_dir, args);
    }
    // The restore needs a backup's path: the last line of `backup --list`.
    let listed = ok(haru(&dir, &["backup", "--list"]));
    let backup = listed.split_whitespace().last().unwrap().to_owned();
    offline("restore".into(), &dir, &["restore", &backup]);
    let telemetry: Vec<_> = walk(&cache);
    assert!(
        telemetry.is_empty(),
        "files written by telemetry: {telemetry:?}"
    );
}

// ---- Day One and jrnl imports, whatever this computer's time zone ----

fn portability_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../haru-portability/tests/fixtures")
        .join(name)
}

/// The machine zones the imports run under: `TZ` as a user sets it (IANA names, read from the
/// system's zoneinfo), or the same rules spelled out where the system has no zoneinfo.
fn machine_zones() -> [(&'static str, &'static str); 3] {
    let has = |name: &str| Path::new("/usr/share/zoneinfo").join(name).exists();
    [
        (if has("UTC") { "UTC" } else { "UTC0" }, "2024-02-29"),
        (
            if has("Asia/Seoul") {
                "Asia/Seoul"
            } else {
                "KST-9"
            },
            "2024-03-01",
        ),
        (
            if has("America/New_York") {
                "America/New_York"
            } else {
                "EST5EDT,M3.2.0,M11.1.0"
            },
            "2024-02-29",
        ),
    ]
}

fn haru_in_zone(data_dir: &Path, tz: &str, args: &[&str]) -> Output {
    Command::new(HARU)
        .args(args)
        .env("HARU_DATA_DIR", data_dir)
        .env("TZ", tz)
        .output()
        .expect("run haru")
}

/// created_at → day of every entry, from `haru list --json`.
fn days_by_instant(dir: &Path) -> std::collections::BTreeMap<String, String> {
    let list: serde_json::Value =
        serde_json::from_str(&ok(haru(dir, &["list", "--json"]))).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["created_at"].as_str().unwrap().to_owned(),
                e["date"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn day_one_entries_keep_their_own_days_under_any_machine_time_zone() {
    // dayone-zones.json: Seoul, Los Angeles, London, both nights the clocks changed, a fixed
    // offset; creation instant → the day it was written on where it was written.
    let zoned = [
        ("2025-06-09T22:40:00.000Z", "2025-06-10"),
        ("2024-07-04T05:30:00.000Z", "2024-07-03"),
        ("2024-01-15T23:30:00.000Z", "2024-01-15"),
        ("2024-10-26T23:30:00.000Z", "2024-10-27"),
        ("2024-10-27T00:30:00.000Z", "2024-10-27"),
        ("2024-10-27T01:30:00.000Z", "2024-10-27"),
        ("2024-10-27T23:30:00.000Z", "2024-10-27"),
        ("2024-03-10T09:59:00.000Z", "2024-03-10"),
        ("2024-03-10T07:30:00.000Z", "2024-03-09"),
        ("2024-11-04T07:30:00.000Z", "2024-11-03"),
        ("2024-05-01T16:00:00.000Z", "2024-05-02"),
    ];
    let dayone = portability_fixture("dayone-zones.json");
    let jrnl = portability_fixture("jrnl.json");
    let tmp = tempfile::tempdir().unwrap();
    for (i, (tz, unzoned)) in machine_zones().into_iter().enumerate() {
        let dir = tmp.path().join(format!("diary-{i}"));
        let out = ok(haru_in_zone(
            &dir,
            tz,
            &["import", dayone.to_str().unwrap()],
        ));
        assert!(
            out.contains("imported 12 entries (day one export); 0 already present; 0 not imported"),
            "{tz}: {out}"
        );
        assert!(out.contains("1 photo not imported"), "{tz}: {out}");
        let days = days_by_instant(&dir);
        for (instant, day) in zoned {
            assert_eq!(days[instant], day, "{instant} imported with TZ={tz}");
        }
        // The one entry without a zone is dated in the machine's.
        assert_eq!(days["2024-02-29T20:00:00.000Z"], unzoned, "TZ={tz}");
        // Imported again under another zone: nothing added, nothing moved.
        let other = machine_zones()[(i + 1) % 3].0;
        let again = ok(haru_in_zone(
            &dir,
            other,
            &["import", dayone.to_str().unwrap()],
        ));
        assert!(
            again.contains(
                "imported 0 entries (day one export); 12 already present; 0 not imported"
            ),
            "TZ={tz}, then TZ={other}: {again}"
        );
        // jrnl's days are the ones written.
        let jrnl_dir = tmp.path().join(format!("jrnl-{i}"));
        ok(haru_in_zone(
            &jrnl_dir,
            tz,
            &["import", jrnl.to_str().unwrap()],
        ));
        let mut jrnl_days: Vec<String> = days_by_instant(&jrnl_dir).into_values().collect();
        jrnl_days.sort();
        assert_eq!(
            jrnl_days,
            vec!["2024-02-10", "2024-02-11", "2024-02-12"],
            "TZ={tz}"
        );
    }
}

#[test]
fn a_day_one_zip_imports_in_one_command_and_a_bad_one_changes_nothing() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("diary");
    add(&dir, "2024-01-01", "already here");
    let export = tmp.path().join("DayOne.zip");
    let journal = |entries: serde_json::Value| {
        serde_json::to_vec(&serde_json::json!({"metadata": {"version": "1.0"}, "entries": entries}))
            .unwrap()
    };
    let members: Vec<(&str, Vec<u8>)> = vec![
        (
            "Journal.json",
            journal(serde_json::json!([
                {"uuid": "A", "creationDate": "2025-06-09T22:40:00Z", "timeZone": "Asia/Seoul",
                 "text": "Rain all day.\n\n![](dayone-moment://P1)",
                 "photos": [{"identifier": "P1"}]},
                {"uuid": "B", "creationDate": "2025-06-10T01:00:00Z", "timeZone": "Asia/Seoul",
                 "text": "![](dayone-moment://P2)", "photos": [{"identifier": "P2"}]}
            ])),
        ),
        (
            "Travel.json",
            journal(serde_json::json!([
                {"uuid": "C", "creationDate": "2024-07-04T05:30:00Z",
                 "timeZone": "America/Los_Angeles", "text": "Road trip, day one."}
            ])),
        ),
        ("photos/p1.jpeg", b"\xff\xd8 photo".to_vec()),
        ("photos/p2.jpeg", b"\xff\xd8 photo".to_vec()),
        ("notes.txt", b"hello".to_vec()),
    ];
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&export).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in &members {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();

    let out = haru_in_zone(&dir, "UTC0", &["import", export.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let stdout = ok(out);
    assert!(
        stdout.contains("imported 2 entries (day one export); 0 already present; 1 not imported"),
        "{stdout}"
    );
    assert!(
        stdout.contains("2 photos not imported: Haru keeps text only"),
        "{stdout}"
    );
    assert!(
        stderr.contains("haru: Journal.json, entry 1: it has no text, only 1 photo"),
        "{stderr}"
    );
    assert!(
        stderr.contains("haru: note: not read from the zip: notes.txt (not a journal)"),
        "{stderr}"
    );
    let days = days_by_instant(&dir);
    assert_eq!(days["2025-06-09T22:40:00.000Z"], "2025-06-10");
    assert_eq!(days["2024-07-04T05:30:00.000Z"], "2024-07-03");
    let again = ok(haru(&dir, &["import", export.to_str().unwrap()]));
    assert!(
        again.contains("imported 0 entries (day one export); 2 already present"),
        "{again}"
    );

    // A zip cut short (an interrupted download): a clear error with its code, nothing lost.
    let bytes = std::fs::read(&export).unwrap();
    let cut = tmp.path().join("cut.zip");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let stderr = failed(
        haru(&dir, &["import", cut.to_str().unwrap()]),
        "invalid_input",
    );
    assert!(stderr.contains("not a readable zip archive"), "{stderr}");
    assert!(stderr.contains("Nothing was changed"), "{stderr}");
    assert_eq!(days_by_instant(&dir).len(), 3);
}

/// Every file under `dir` (none when it does not exist).
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path);
            }
        }
    }
    out
}
