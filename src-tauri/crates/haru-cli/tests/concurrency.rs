//! Writers and whole-folder commands at the same time, as real processes: two `haru add` loops
//! keep saving while a third loop turns encryption on and off, changes the passphrase and
//! restores backups, over and over. Every save that was acknowledged (its id printed) must be
//! in the diary at the end, except one that overlapped a backup-and-restore (a restore puts an
//! older diary back, on purpose); no command may call the busy diary `database_corrupt`; and
//! every refusal must be `busy` ("try again") or, while the passphrase is being changed,
//! `wrong_passphrase`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const HARU: &str = env!("CARGO_BIN_EXE_haru");
const PASS: &str = "four random words here";
const OTHER_PASS: &str = "five other random words";
/// Successful encrypt, decrypt, passphrase and restore runs to reach (the acceptance floor is
/// 200 across the four).
const WHOLE_FOLDER_RUNS: usize = 204;
/// Saves that landed outside every restore (and so must all be kept) the test needs to tell.
const ENOUGH_SAVES: usize = 50;

fn haru(dir: &Path, args: &[&str], pass: &str, new_pass: Option<&str>) -> Output {
    let mut cmd = Command::new(HARU);
    cmd.args(args)
        .env("HARU_DATA_DIR", dir)
        .env("HARU_TEST_FAST_KDF", "1")
        .env("HARU_PASSPHRASE", pass)
        .env_remove("HARU_RECOVERY_KEY")
        .env_remove("HARU_NEW_PASSPHRASE");
    if let Some(new_pass) = new_pass {
        cmd.env("HARU_NEW_PASSPHRASE", new_pass);
    }
    cmd.output().expect("run haru")
}

/// The error code in `haru: error [code]: …`.
fn error_code(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    stderr
        .split_once("error [")
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(code, _)| code.to_owned())
        .unwrap_or_else(|| format!("no code in {stderr:?}"))
}

/// One `haru add` that printed its id: when it started and ended, and its unique text.
struct Acknowledged {
    started: Instant,
    ended: Instant,
    text: String,
}

/// When a restore was under way: from the start of the backup it restores until the restore
/// returned. Saves overlapping that window may be rolled back by design.
struct RestoreWindow {
    from: Instant,
    to: Instant,
}

impl Acknowledged {
    /// Whether the save overlapped a restore (which may put the folder back to before it).
    fn raced_a_restore(&self, windows: &[RestoreWindow]) -> bool {
        windows
            .iter()
            .any(|w| self.started <= w.to && self.ended >= w.from)
    }
}

#[derive(Default)]
struct Tally {
    runs: std::collections::BTreeMap<&'static str, usize>,
    busy: usize,
    refusals: Vec<String>,
}

fn writer(
    dir: PathBuf,
    n: usize,
    stop: Arc<AtomicBool>,
    acknowledged: Arc<Mutex<Vec<Acknowledged>>>,
    refusals: Arc<Mutex<Vec<String>>>,
) {
    let mut i = 0usize;
    while !stop.load(Ordering::Relaxed) {
        i += 1;
        let text = format!("writer {n} save {i} · 작가 {n}의 {i}번째 저장");
        let started = Instant::now();
        // The writer knows one passphrase; during a change it may be the other one.
        let mut out = haru(
            &dir,
            &["add", "--date", "2026-02-01", "--text", &text],
            PASS,
            None,
        );
        if error_code(&out) == "wrong_passphrase" {
            out = haru(
                &dir,
                &["add", "--date", "2026-02-01", "--text", &text],
                OTHER_PASS,
                None,
            );
        }
        let ended = Instant::now();
        if out.status.success() {
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                stdout.trim().parse::<i64>().is_ok(),
                "add printed {stdout:?}"
            );
            acknowledged.lock().unwrap().push(Acknowledged {
                started,
                ended,
                text,
            });
        } else {
            refusals
                .lock()
                .unwrap()
                .push(format!("add: {}", String::from_utf8_lossy(&out.stderr)));
        }
        // Writers pause between saves, as people do; whole-folder commands get their turn.
        std::thread::sleep(Duration::from_millis(10 + (i as u64 * 7919) % 40));
    }
}

/// Runs a whole-folder command until it is not refused as `busy` (the writers hold the folder
/// most of the time); any other failure is recorded.
fn until_not_busy(
    dir: &Path,
    args: &[&str],
    pass: &str,
    new_pass: Option<&str>,
    tally: &mut Tally,
) -> Output {
    loop {
        let out = haru(dir, args, pass, new_pass);
        if !out.status.success() && error_code(&out) == "busy" {
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains("try again"), "{stderr}");
            tally.busy += 1;
            std::thread::sleep(Duration::from_millis(3));
            continue;
        }
        if out.status.success() {
            *tally.runs.entry(leak(args[0])).or_default() += 1;
        } else {
            tally.refusals.push(format!(
                "{}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        return out;
    }
}

fn leak(name: &str) -> &'static str {
    match name {
        "encrypt" => "encrypt",
        "decrypt" => "decrypt",
        "passphrase" => "passphrase",
        "restore" => "restore",
        "backup" => "backup",
        _ => "other",
    }
}

/// One whole-folder command of the cycle, run until it is not refused as busy.
fn run_step(dir: &Path, step: &str, tally: &mut Tally, windows: &mut Vec<RestoreWindow>) {
    match step {
        "passphrase" => {
            // PASS → OTHER_PASS, then back: which one opens it now?
            let (old, new) = if tally.runs.get("passphrase").copied().unwrap_or(0) % 2 == 0 {
                (PASS, OTHER_PASS)
            } else {
                (OTHER_PASS, PASS)
            };
            until_not_busy(dir, &["passphrase"], old, Some(new), tally);
        }
        "restore" => backup_and_restore(dir, tally, windows),
        _ => {
            until_not_busy(dir, &[step], PASS, None, tally);
        }
    }
}

/// A backup now, then a restore of it (both waiting out `busy`), recording the window.
fn backup_and_restore(dir: &Path, tally: &mut Tally, windows: &mut Vec<RestoreWindow>) {
    let from = Instant::now();
    let out = until_not_busy(dir, &["backup"], PASS, None, tally);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let _ = until_not_busy(dir, &["restore", &path], PASS, None, tally);
    windows.push(RestoreWindow {
        from,
        to: Instant::now(),
    });
    // Housekeeping between commands (no Haru program writes backups here): encrypt and
    // decrypt rewrite every backup, and a growing pile would only slow the loop down.
    for item in std::fs::read_dir(dir.join("backups")).unwrap() {
        std::fs::remove_file(item.unwrap().path()).unwrap();
    }
}

#[test]
fn acknowledged_saves_survive_encrypt_decrypt_passphrase_and_restore_running_beside_them() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("diary");
    let first = haru(
        &dir,
        &["add", "--date", "2026-01-31", "--text", "the first page"],
        PASS,
        None,
    );
    assert!(first.status.success());

    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let writer_refusals = Arc::new(Mutex::new(Vec::new()));
    let writers: Vec<_> = (1..=2)
        .map(|n| {
            let (dir, stop) = (dir.clone(), stop.clone());
            let (acknowledged, refusals) = (acknowledged.clone(), writer_refusals.clone());
            std::thread::spawn(move || writer(dir, n, stop, acknowledged, refusals))
        })
        .collect();

    let started = Instant::now();
    let mut tally = Tally::default();
    let mut windows = Vec::new();
    let whole_folder_runs = |tally: &Tally| -> usize {
        ["encrypt", "decrypt", "passphrase", "restore"]
            .iter()
            .map(|k| tally.runs.get(k).copied().unwrap_or(0))
            .sum()
    };
    let mut cycle = 0;
    while whole_folder_runs(&tally) < WHOLE_FOLDER_RUNS {
        cycle += 1;
        // Every other cycle restores twice (once encrypted, once plain); the others do not,
        // so that most saves land outside a restore and must all be kept.
        let steps: &[&str] = if cycle % 2 == 1 {
            &[
                "encrypt",
                "passphrase",
                "passphrase",
                "restore",
                "decrypt",
                "restore",
            ]
        } else {
            &["encrypt", "passphrase", "passphrase", "decrypt"]
        };
        for &step in steps {
            run_step(&dir, step, &mut tally, &mut windows);
        }
    }
    // On a slow machine few saves land between the restores: a few more cycles without a
    // restore (the saves beside encrypt, passphrase and decrypt must all be kept too), until
    // enough did to tell.
    let outside_restores = |windows: &[RestoreWindow]| {
        let acknowledged = acknowledged.lock().unwrap();
        acknowledged
            .iter()
            .filter(|a| !a.raced_a_restore(windows))
            .count()
    };
    for _ in 0..20 {
        if outside_restores(&windows) >= ENOUGH_SAVES {
            break;
        }
        for step in ["encrypt", "passphrase", "passphrase", "decrypt"] {
            run_step(&dir, step, &mut tally, &mut windows);
        }
    }
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    let elapsed = started.elapsed();

    // The diary ends plain (the cycle ends with decrypt → restore of a plain backup).
    let export = haru(&dir, &["export", "--format", "json"], PASS, None);
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let export: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let bodies: std::collections::HashSet<&str> = export["tables"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["body"].as_str().unwrap())
        .collect();
    let acknowledged = acknowledged.lock().unwrap();
    let must_be_there: Vec<_> = acknowledged
        .iter()
        .filter(|a| !a.raced_a_restore(&windows))
        .collect();
    let lost: Vec<_> = must_be_there
        .iter()
        .filter(|a| !bodies.contains(a.text.as_str()))
        .map(|a| a.text.clone())
        .collect();
    let writer_refusals = writer_refusals.lock().unwrap();
    println!(
        "concurrency: {} whole-folder runs ({:?}) in {:.1} s, {} busy refusals of them, {} saves \
         acknowledged ({} of them raced a restore), {} writer refusals, {} lost",
        whole_folder_runs(&tally),
        tally.runs,
        elapsed.as_secs_f64(),
        tally.busy,
        acknowledged.len(),
        acknowledged.len() - must_be_there.len(),
        writer_refusals.len(),
        lost.len()
    );
    assert!(lost.is_empty(), "acknowledged saves lost: {lost:?}");
    assert!(
        tally.refusals.is_empty(),
        "whole-folder commands failed other than busy: {:?}",
        tally.refusals
    );
    for refusal in writer_refusals.iter() {
        assert!(
            refusal.contains("[busy]") || refusal.contains("[wrong_passphrase]"),
            "a writer was refused with something other than busy: {refusal}"
        );
        assert!(!refusal.contains("database_corrupt"), "{refusal}");
    }
    assert!(
        must_be_there.len() >= ENOUGH_SAVES,
        "too few saves landed outside restores to tell ({})",
        must_be_there.len()
    );
    let integrity = rusqlite::Connection::open(dir.join("haru.sqlite3"))
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
        .unwrap();
    assert_eq!(integrity, "ok");
}
