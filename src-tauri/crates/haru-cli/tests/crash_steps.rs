//! A kill at every step of the commands that rewrite the data folder — `encrypt`, `decrypt`,
//! `passphrase`, `restore`, `import` and `backup` — followed by every other command. Each
//! command is run on a fresh copy of a prepared diary with `HARU_TEST_CRASH_AT=N` (debug
//! builds only: `haru_store::crash_point`), N = 1, 2, … until it runs to its end, so every
//! step it passes is a kill point. After each kill: `list`, `show`, `search`, `add`, `backup`,
//! `export` must work, every acknowledged entry must be there with its text, the interrupted
//! command run again must finish, and an encrypted folder must hold none of the entries' text
//! in the clear (UTF-8 and UTF-16) once a command has opened it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use haru_powerloss::support::copy_dir;

const HARU: &str = env!("CARGO_BIN_EXE_haru");
const PASS: &str = "four random words here";
const NEW_PASS: &str = "five other random words";
/// Entry texts whose words are grepped for in the folder's files.
const KEPT: &str = "Persimmon lantern evening. 감나무 아래 등불.";
const AFTER_BACKUP: &str = "Quokka harbour morning. 바닷가 아침.";
const NEEDLES: [&str; 4] = ["Persimmon", "감나무", "Quokka", "바닷가"];

fn haru(dir: &Path, args: &[&str], pass: &str, crash_at: Option<usize>) -> Output {
    let mut cmd = Command::new(HARU);
    cmd.args(args)
        .env("HARU_DATA_DIR", dir)
        .env("HARU_TEST_FAST_KDF", "1")
        .env("HARU_PASSPHRASE", pass)
        .env("HARU_NEW_PASSPHRASE", NEW_PASS)
        .env_remove("HARU_RECOVERY_KEY")
        .env_remove("HARU_TEST_CRASH_AT");
    if let Some(n) = crash_at {
        cmd.env("HARU_TEST_CRASH_AT", n.to_string());
    }
    cmd.output().expect("run haru")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs a command with whichever passphrase opens the diary now (a killed passphrase change
/// may have left either).
fn run(dir: &Path, args: &[&str]) -> Output {
    let out = haru(dir, args, PASS, None);
    if stderr(&out).contains("[wrong_passphrase]") {
        return haru(dir, args, NEW_PASS, None);
    }
    out
}

fn ok(dir: &Path, args: &[&str], context: &str) -> String {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "{context}: `haru {}` failed: {}",
        args.join(" "),
        stderr(&out)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Files in `dir` that hold one of the needles, in UTF-8 or UTF-16 (either byte order).
fn plaintext_in(dir: &Path) -> Vec<String> {
    let mut hits = Vec::new();
    for path in files(dir) {
        let bytes = std::fs::read(&path).unwrap();
        for needle in NEEDLES {
            let utf16le: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
            let utf16be: Vec<u8> = needle.encode_utf16().flat_map(u16::to_be_bytes).collect();
            for form in [needle.as_bytes().to_vec(), utf16le, utf16be] {
                if bytes.windows(form.len()).any(|w| w == form.as_slice()) {
                    hits.push(format!("{} holds {needle}", path.display()));
                }
            }
        }
    }
    hits
}

fn is_encrypted(dir: &Path) -> bool {
    std::fs::read(dir.join("haru.sqlite3"))
        .is_ok_and(|b| !b.is_empty() && !b.starts_with(b"SQLite format 3\0"))
}

/// What one scenario expects of the diary after any kill.
struct Scenario {
    name: &'static str,
    /// The command under test (run in the prepared folder's copy).
    command: Vec<String>,
    /// Texts that must be there whatever step the kill hit.
    always: Vec<&'static str>,
    /// Texts that must be there once the command was run again to its end.
    finished: Vec<&'static str>,
    /// The folder ends encrypted (its files must then hold no needle in the clear).
    ends_encrypted: bool,
}

impl Scenario {
    /// `command`, after which (killed or not) the texts `kept` are there.
    fn keeping(
        name: &'static str,
        command: &[&str],
        kept: &[&'static str],
        ends_encrypted: bool,
    ) -> Scenario {
        Scenario {
            name,
            command: command.iter().map(|c| c.to_string()).collect(),
            always: kept.to_vec(),
            finished: kept.to_vec(),
            ends_encrypted,
        }
    }
}

#[derive(Default)]
struct Counts {
    runs: usize,
    kills: usize,
    acknowledged: usize,
    lost: usize,
}

/// Kills `scenario.command` at every step in copies of `prepared`, checking each aftermath.
fn kill_at_every_step(prepared: &Path, scenario: &Scenario, work: &Path, counts: &mut Counts) {
    let args: Vec<&str> = scenario.command.iter().map(String::as_str).collect();
    for n in 1.. {
        let dir = work.join(format!("{}-{n}", scenario.name));
        copy_dir(prepared, &dir);
        let out = haru(&dir, &args, PASS, Some(n));
        counts.runs += 1;
        if out.status.success() {
            assert!(n > 1, "{}: no crash point was passed", scenario.name);
            println!("{}: {} steps, each killed", scenario.name, n - 1);
            return;
        }
        let message = stderr(&out);
        assert!(
            message.contains("killed at crash point"),
            "{}: step {n}: failed without being killed: {message}",
            scenario.name
        );
        counts.kills += 1;
        let context = format!(
            "{} killed at {}",
            scenario.name,
            message.lines().last().unwrap_or_default()
        );
        every_other_command(&dir, scenario, &args, &context, counts);
    }
}

fn every_other_command(
    dir: &Path,
    scenario: &Scenario,
    args: &[&str],
    context: &str,
    counts: &mut Counts,
) {
    // Reading commands first: the folder as the kill left it opens and reads.
    let listed = ok(dir, &["list", "--json"], context);
    assert!(!listed.contains("database_corrupt"), "{context}");
    for text in &scenario.always {
        counts.acknowledged += 1;
        let word = text.split_whitespace().next().unwrap();
        let found = ok(dir, &["search", word, "--json"], context);
        if !found.contains(word) {
            counts.lost += 1;
            panic!("{context}: the acknowledged entry {text:?} is gone");
        }
    }
    // Once a command has opened it, an encrypted folder holds no text in the clear (staging
    // files of the killed command are removed at open). Only an `encrypt` killed before it
    // reached the backups leaves them as they were (plain) until it is run again, below.
    if is_encrypted(dir) {
        let hits: Vec<_> = plaintext_in(dir)
            .into_iter()
            .filter(|hit| args[0] != "encrypt" || !hit.contains("/backups/"))
            .collect();
        assert!(hits.is_empty(), "{context}: {hits:?}");
    }
    // The interrupted command, run again, finishes (or says there is nothing left to do).
    let again = run(dir, args);
    let message = stderr(&again);
    let finished_earlier = message.contains("nothing to do")
        || (args[0] == "import" && message.contains("already has"));
    assert!(
        again.status.success() || finished_earlier,
        "{context}: running `haru {}` again: {message}",
        args.join(" ")
    );
    for text in &scenario.finished {
        let word = text.split_whitespace().next().unwrap();
        let found = ok(dir, &["search", word, "--json"], context);
        assert!(
            found.contains(word),
            "{context}: {text:?} missing after the rerun"
        );
    }
    // Writing commands.
    let id = ok(
        dir,
        &[
            "add",
            "--date",
            "2026-03-09",
            "--text",
            "written after the kill",
        ],
        context,
    );
    counts.acknowledged += 1;
    ok(dir, &["backup"], context);
    let export = ok(dir, &["export", "--format", "json"], context);
    assert!(export.contains("written after the kill"), "{context}");
    let shown = ok(dir, &["show", id.trim()], context);
    assert!(shown.contains("written after the kill"), "{context}");
    if scenario.ends_encrypted {
        assert!(is_encrypted(dir), "{context}: the folder ended plain");
        ok(dir, &["list"], context);
        let hits = plaintext_in(dir);
        assert!(hits.is_empty(), "{context}: {hits:?}");
    }
    let integrity = if is_encrypted(dir) {
        "skipped".to_owned()
    } else {
        rusqlite::Connection::open(dir.join("haru.sqlite3"))
            .unwrap()
            .query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
            .unwrap()
    };
    assert!(
        integrity == "ok" || integrity == "skipped",
        "{context}: {integrity}"
    );
}

/// A plain diary with two entries and two backups (the first without the second entry).
fn prepare(dir: &Path) -> String {
    ok(
        dir,
        &["add", "--date", "2026-03-01", "--text", KEPT],
        "prepare",
    );
    let backup = ok(dir, &["backup"], "prepare").trim().to_owned();
    ok(
        dir,
        &["add", "--date", "2026-03-02", "--text", AFTER_BACKUP],
        "prepare",
    );
    ok(dir, &["backup"], "prepare");
    backup
}

#[test]
fn a_kill_at_every_step_of_every_folder_command_loses_nothing_and_leaks_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("runs");
    let mut counts = Counts::default();

    let plain = tmp.path().join("plain");
    let plain_backup = prepare(&plain);
    let encrypted = tmp.path().join("encrypted");
    copy_dir(&plain, &encrypted);
    ok(&encrypted, &["encrypt"], "prepare");
    let encrypted_backup =
        plain_backup.replace(plain.to_str().unwrap(), encrypted.to_str().unwrap());
    // A Haru export of the full diary, imported into an empty encrypted diary.
    let export = tmp.path().join("export.json");
    ok(
        &plain,
        &[
            "export",
            "--format",
            "json",
            "--output",
            export.to_str().unwrap(),
        ],
        "prepare",
    );
    let empty_encrypted = tmp.path().join("empty-encrypted");
    ok(&empty_encrypted, &["list"], "prepare");
    ok(&empty_encrypted, &["encrypt"], "prepare");
    let jrnl = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../haru-portability/tests/fixtures/jrnl.json"
    );

    let both = vec![KEPT, AFTER_BACKUP];
    let export = export.display().to_string();
    let scenarios: Vec<(&Path, Scenario)> = vec![
        (
            &plain,
            Scenario::keeping("encrypt", &["encrypt"], &both, true),
        ),
        (
            &encrypted,
            Scenario::keeping("decrypt", &["decrypt"], &both, false),
        ),
        (
            &encrypted,
            Scenario::keeping("passphrase", &["passphrase"], &both, true),
        ),
        (
            &plain,
            Scenario::keeping("restore", &["restore", &plain_backup], &[KEPT], false),
        ),
        (
            &encrypted,
            Scenario::keeping(
                "restore-encrypted",
                &["restore", &encrypted_backup],
                &[KEPT],
                true,
            ),
        ),
        (
            &empty_encrypted,
            Scenario {
                always: vec![],
                ..Scenario::keeping("import-haru-encrypted", &["import", &export], &both, true)
            },
        ),
        (
            &encrypted,
            Scenario::keeping("import-jrnl-encrypted", &["import", jrnl], &both, true),
        ),
        (
            &plain,
            Scenario::keeping("backup", &["backup"], &both, false),
        ),
        (
            &encrypted,
            Scenario::keeping("backup-encrypted", &["backup"], &both, true),
        ),
    ];
    for (prepared, scenario) in &scenarios {
        kill_at_every_step(prepared, scenario, &work, &mut counts);
    }
    println!(
        "kill at every step: {} runs, {} kills, {} acknowledged entries checked, {} lost",
        counts.runs, counts.kills, counts.acknowledged, counts.lost
    );
    assert_eq!(counts.lost, 0);
    assert!(
        counts.kills >= 30,
        "too few steps were killed: {}",
        counts.kills
    );
}
