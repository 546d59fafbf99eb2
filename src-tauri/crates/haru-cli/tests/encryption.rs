//! `haru encrypt`, `decrypt`, `passphrase`, and unlocking every command with
//! `HARU_PASSPHRASE` or `--passphrase-stdin`: real processes on temporary folders.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const PASS: &str = "four random words here";
const TEXT: &str = "Marmalade lighthouse evening. 등대지기는 바다를 보았다.";

/// Runs `haru` with `env` and, if given, `stdin`. Key derivation is made cheap for tests
/// (`HARU_TEST_FAST_KDF`, honoured by debug builds only).
fn haru_with(dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_haru"));
    cmd.args(args)
        .env("HARU_DATA_DIR", dir)
        .env("HARU_TEST_FAST_KDF", "1")
        .env_remove("HARU_PASSPHRASE")
        .env_remove("HARU_RECOVERY_KEY")
        .env_remove("HARU_NEW_PASSPHRASE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run haru");
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).unwrap();
        }
    }
    child.wait_with_output().unwrap()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn err(out: Output) -> String {
    assert!(!out.status.success());
    String::from_utf8(out.stderr).unwrap()
}

fn with_pass(dir: &Path, args: &[&str]) -> Output {
    haru_with(dir, args, &[("HARU_PASSPHRASE", PASS)], None)
}

fn contains_text(dir: &Path) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for item in std::fs::read_dir(&d).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            for needle in ["Marmalade", "등대지기는"] {
                if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                    hits.push(format!("{} has {needle}", path.display()));
                }
            }
        }
    }
    hits
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

/// A diary in a temporary folder (`<tmp>/diary`) with one entry, [`TEXT`] on 2026-03-01.
fn diary_with_entry() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("diary");
    ok(haru_with(
        &dir,
        &["add", "--date", "2026-03-01", "--text", TEXT],
        &[],
        None,
    ));
    (tmp, dir)
}

#[test]
fn encrypt_unlock_export_import_change_and_decrypt() {
    let (tmp, dir) = diary_with_entry();
    ok(haru_with(&dir, &["backup"], &[], None));
    assert!(!contains_text(&dir).is_empty(), "plain at first");

    // Encrypt: needs a passphrase, prints the recovery key once on stdout.
    assert!(err(haru_with(&dir, &["encrypt"], &[], None)).contains("HARU_PASSPHRASE"));
    let recovery = ok(with_pass(&dir, &["encrypt"])).trim().to_owned();
    assert_eq!(recovery.len(), 64 + 15, "{recovery}");
    assert!(contains_text(&dir).is_empty(), "{:?}", contains_text(&dir));

    // Locked without a secret; a wrong one is refused and changes nothing.
    let before = snapshot(&dir);
    let locked = err(haru_with(&dir, &["list"], &[], None));
    assert!(
        locked.contains("[locked]") && locked.contains("this diary is encrypted"),
        "{locked}"
    );
    let wrong = err(haru_with(
        &dir,
        &["list"],
        &[("HARU_PASSPHRASE", "nope nope nope")],
        None,
    ));
    assert!(wrong.contains("[wrong_passphrase]"), "{wrong}");
    assert_eq!(snapshot(&dir), before);

    // Unlocked by the environment, by standard input, or by the recovery key.
    assert!(ok(with_pass(&dir, &["search", "marmalade"])).contains("Marmalade"));
    let listed = ok(haru_with(
        &dir,
        &["--passphrase-stdin", "list", "--json"],
        &[],
        Some(&format!("{PASS}\n")),
    ));
    assert!(listed.contains("lighthouse"), "{listed}");
    ok(haru_with(
        &dir,
        &["list"],
        &[("HARU_RECOVERY_KEY", &recovery)],
        None,
    ));

    // Backups of an encrypted diary are encrypted; `backup --list` reads them with the key.
    let backup = ok(with_pass(&dir, &["backup"]));
    assert!(!std::fs::read(backup.trim())
        .unwrap()
        .starts_with(b"SQLite format 3"));
    let list = ok(with_pass(&dir, &["backup", "--list"]));
    assert_eq!(list.matches("1 entries").count(), 2, "{list}");

    // A plain export says it is not encrypted; an encrypted one needs the passphrase back.
    let plain = with_pass(&dir, &["export", "--format", "json"]);
    assert!(String::from_utf8_lossy(&plain.stderr).contains("NOT"));
    let export = tmp.path().join("diary.haru");
    let export_arg = export.to_str().unwrap();
    ok(with_pass(
        &dir,
        &[
            "export",
            "--format",
            "json",
            "--encrypt",
            "--output",
            export_arg,
        ],
    ));
    assert!(contains_text(tmp.path().join("diary").as_path()).is_empty());
    let bytes = std::fs::read(&export).unwrap();
    assert!(!bytes.windows(9).any(|w| w == b"Marmalade"));
    let fresh = tmp.path().join("fresh");
    let refused = err(haru_with(&fresh, &["import", export_arg], &[], None));
    assert!(refused.contains("[locked]"), "{refused}");
    ok(haru_with(
        &fresh,
        &["import", export_arg],
        &[("HARU_PASSPHRASE", PASS)],
        None,
    ));
    assert!(ok(haru_with(&fresh, &["list"], &[], None)).contains("2026-03-01"));

    // Change the passphrase from standard input (current, then new).
    let input = format!("{PASS}\nan entirely new phrase\n");
    ok(haru_with(
        &dir,
        &["--passphrase-stdin", "passphrase"],
        &[],
        Some(&input),
    ));
    err(with_pass(&dir, &["list"]));
    let new = [("HARU_PASSPHRASE", "an entirely new phrase")];
    ok(haru_with(&dir, &["list"], &new, None));

    // Decrypt: plain again, entries intact, and the backups readable without a key.
    ok(haru_with(&dir, &["decrypt"], &new, None));
    assert!(!dir.join("haru.key").exists());
    assert!(ok(haru_with(&dir, &["search", "등대지기는"], &[], None)).contains("2026-03-01"));
    let list = ok(haru_with(&dir, &["backup", "--list"], &[], None));
    assert_eq!(list.matches("1 entries").count(), 2, "{list}");
}

#[test]
fn encrypt_and_decrypt_refuse_while_the_app_has_the_diary_open() {
    let (_tmp, dir) = diary_with_entry();
    // What the running app holds (see src-tauri/src/single_instance.rs).
    let lock = std::fs::File::create(dir.join(haru_store::paths::APP_LOCK_FILE)).unwrap();
    lock.try_lock().unwrap();
    let before = snapshot(&dir);
    let message = err(with_pass(&dir, &["encrypt"]));
    assert!(message.contains("close the app first"), "{message}");
    assert_eq!(snapshot(&dir), before, "nothing changed");
    drop(lock);
    ok(with_pass(&dir, &["encrypt"]));
    let lock = std::fs::File::open(dir.join(haru_store::paths::APP_LOCK_FILE)).unwrap();
    lock.try_lock().unwrap();
    assert!(err(with_pass(&dir, &["decrypt"])).contains("close the app first"));
}

#[test]
fn whole_folder_commands_and_writers_take_turns_saying_busy() {
    let (_tmp, dir) = diary_with_entry();
    // Another program (here: this test) has the diary open, as `haru add` or the app would.
    let open = haru_store::Store::open_in(&dir).unwrap();
    let before = snapshot(&dir);
    let message = err(with_pass(&dir, &["encrypt"]));
    assert!(message.contains("[busy]"), "{message}");
    assert!(message.contains("try again"), "{message}");
    assert!(!message.contains("database_corrupt"), "{message}");
    assert_eq!(snapshot(&dir), before, "nothing changed");
    drop(open);
    ok(with_pass(&dir, &["encrypt"]));

    // While a whole-folder command runs (here: this test holding the folder), a writer waits,
    // then says busy, and writes nothing.
    let rewriting = haru_store::FolderLock::exclusive(&dir).unwrap();
    let before = snapshot(&dir);
    let message = err(with_pass(
        &dir,
        &["add", "--date", "2026-03-02", "--text", "later"],
    ));
    assert!(message.contains("[busy]"), "{message}");
    assert_eq!(snapshot(&dir), before, "nothing written");
    drop(rewriting);
    ok(with_pass(
        &dir,
        &["add", "--date", "2026-03-02", "--text", "later"],
    ));
}

/// `haru.key` lost: the recovery key alone still opens the diary and
/// every backup (copies of the key file live in the folder and beside each backup); with no
/// copy left either, the error is `key_missing`, not `database_corrupt`.
#[test]
fn the_recovery_key_alone_opens_the_diary_and_every_backup_after_haru_key_is_deleted() {
    let (_tmp, dir) = diary_with_entry();
    let plain_backup = ok(haru_with(&dir, &["backup"], &[], None))
        .trim()
        .to_owned();
    let recovery = ok(with_pass(&dir, &["encrypt"])).trim().to_owned();
    ok(with_pass(
        &dir,
        &["add", "--date", "2026-03-02", "--text", "second day"],
    ));
    let later_backup = ok(with_pass(&dir, &["backup"])).trim().to_owned();
    let by_recovery = [("HARU_RECOVERY_KEY", recovery.as_str())];
    let delete_keys = || {
        for name in ["haru.key", "haru.key.copy"] {
            std::fs::remove_file(dir.join(name)).unwrap();
        }
    };

    delete_keys();
    let locked = err(haru_with(&dir, &["list"], &[], None));
    assert!(locked.contains("[locked]"), "{locked}");
    let listed = ok(haru_with(&dir, &["list"], &by_recovery, None));
    assert!(
        listed.contains("2026-03-01") && listed.contains("2026-03-02"),
        "{listed}"
    );
    delete_keys();
    let list = ok(haru_with(&dir, &["backup", "--list"], &by_recovery, None));
    assert_eq!(list.lines().count(), 2, "{list}");
    assert!(!list.contains("UNUSABLE"), "{list}");
    assert!(
        list.contains("1 entries") && list.contains("2 entries"),
        "{list}"
    );

    // Restore the backup from before encryption, then the later one, recovery key alone.
    delete_keys();
    for (backup, n) in [(&plain_backup, 1), (&later_backup, 2)] {
        let restored = ok(haru_with(&dir, &["restore", backup], &by_recovery, None));
        assert!(
            restored.contains(&format!("restored {n} entries")),
            "{restored}"
        );
    }
    assert!(contains_text(&dir).is_empty(), "{:?}", contains_text(&dir));

    // Decrypt with the recovery key alone; no key file or copy is left.
    delete_keys();
    ok(haru_with(&dir, &["decrypt"], &by_recovery, None));
    let mut names = Vec::new();
    for folder in [dir.clone(), dir.join("backups")] {
        for item in std::fs::read_dir(folder).unwrap() {
            names.push(item.unwrap().file_name().to_string_lossy().into_owned());
        }
    }
    assert!(!names.iter().any(|n| n.contains(".key")), "{names:?}");
    assert!(ok(haru_with(&dir, &["list"], &[], None)).contains("2026-03-02"));

    // Every copy gone as well: the key is missing, the diary is not damaged.
    let recovery = ok(with_pass(&dir, &["encrypt"])).trim().to_owned();
    for item in std::fs::read_dir(dir.join("backups")).unwrap() {
        let path = item.unwrap().path();
        if path.to_string_lossy().ends_with(".key") {
            std::fs::remove_file(path).unwrap();
        }
    }
    delete_keys();
    for env in [vec![], vec![("HARU_RECOVERY_KEY", recovery.as_str())]] {
        let message = err(haru_with(&dir, &["list"], &env, None));
        assert!(message.contains("[key_missing]"), "{message}");
        assert!(!message.contains("database_corrupt"), "{message}");
    }
}

/// With standard input a terminal and no `HARU_PASSPHRASE`, the
/// passphrase is asked for on the terminal with echo off (run here under a pseudo-terminal by
/// util-linux `script`); piped standard input is never prompted (the tests above).
#[test]
fn in_a_terminal_the_passphrase_is_asked_for_and_not_echoed() {
    use std::io::Read;
    use std::sync::{Arc, Mutex};
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` (util-linux) for a pseudo-terminal");
        return;
    }
    let (_tmp, dir) = diary_with_entry();
    ok(with_pass(&dir, &["encrypt"]));
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c"])
        .arg(format!("'{}' list", env!("CARGO_BIN_EXE_haru")))
        .arg("/dev/null")
        .env("HARU_DATA_DIR", &dir)
        .env("HARU_TEST_FAST_KDF", "1")
        .env_remove("HARU_PASSPHRASE")
        .env_remove("HARU_RECOVERY_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run script");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let seen = Arc::clone(&seen);
        let mut out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 512];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                seen.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        })
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !String::from_utf8_lossy(&seen.lock().unwrap()).contains("passphrase") {
        assert!(std::time::Instant::now() < deadline, "no prompt");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // The prompt is written just before echo is turned off: let that happen first.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut input = child.stdin.take().unwrap();
    input.write_all(format!("{PASS}\r").as_bytes()).unwrap();
    input.flush().unwrap();
    let status = child.wait().unwrap();
    drop(input);
    reader.join().unwrap();
    let text = String::from_utf8_lossy(&seen.lock().unwrap()).into_owned();
    assert!(status.success(), "{text}");
    assert!(text.contains("Marmalade lighthouse"), "unlocked: {text}");
    assert!(!text.contains(PASS), "the passphrase was echoed: {text}");
}
