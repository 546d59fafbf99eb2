//! The `haru` binary as a user runs it: real processes, real files, `HARU_DATA_DIR` set to a
//! temporary folder.

mod common;
use common::haru;

use std::path::Path;
use std::process::{Command, Output};

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn add(dir: &Path, date: &str, text: &str) -> i64 {
    let out = haru(dir, &["add", "--date", date, "--text", text]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().parse().expect("add prints the new id")
}

#[test]
fn add_list_show_search_delete() {
    let dir = tempfile::tempdir().unwrap();
    let first = add(dir.path(), "2026-03-01", "오늘은 학교에서 친구를 만났다.");
    let second = add(dir.path(), "2026-03-02", "A long walk by the river.");
    assert_ne!(first, second);

    let list: serde_json::Value =
        serde_json::from_str(&stdout(&haru(dir.path(), &["list", "--json"]))).unwrap();
    let ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![second, first]);
    assert!(stdout(&haru(dir.path(), &["list"])).contains("2026-03-01"));

    let shown: serde_json::Value = serde_json::from_str(&stdout(&haru(
        dir.path(),
        &["show", &first.to_string(), "--json"],
    )))
    .unwrap();
    assert_eq!(shown["body"], "오늘은 학교에서 친구를 만났다.");
    assert_eq!(shown["date"], "2026-03-01");

    let hits: serde_json::Value =
        serde_json::from_str(&stdout(&haru(dir.path(), &["search", "학교", "--json"]))).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert_eq!(hits[0]["entry"]["id"].as_i64(), Some(first));
    assert!(stdout(&haru(dir.path(), &["search", "river"])).contains("river"));

    let out = haru(dir.path(), &["delete", &first.to_string()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = haru(dir.path(), &["show", &first.to_string()]);
    assert!(!out.status.success());
}

#[test]
fn add_from_a_file_keeps_every_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("entry.txt");
    let body = "line one\r\n둘째 줄 👋\n\tשלום\n";
    std::fs::write(&file, body).unwrap();
    let out = haru(
        dir.path(),
        &[
            "add",
            "--date",
            "2026-01-09",
            "--file",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let id = stdout(&out).trim().to_string();
    let shown: serde_json::Value =
        serde_json::from_str(&stdout(&haru(dir.path(), &["show", &id, "--json"]))).unwrap();
    assert_eq!(shown["body"].as_str().unwrap().as_bytes(), body.as_bytes());
}

#[test]
fn bad_input_gets_a_clear_message_and_a_failing_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["add", "--date", "2026-02-30", "--text", "x"],
            "2026-02-30",
        ),
        (
            vec!["add", "--date", "yesterday", "--text", "x"],
            "yesterday",
        ),
        (
            vec!["add", "--date", "2026-02-01", "--text", "   "],
            "empty",
        ),
        (vec!["show", "4242"], "4242"),
        (vec!["delete", "4242"], "4242"),
        (
            vec![
                "add",
                "--date",
                "2026-02-01",
                "--file",
                "/nonexistent/entry.txt",
            ],
            "/nonexistent/entry.txt",
        ),
    ];
    for (args, needle) in cases {
        let out = haru(dir.path(), &args);
        assert!(!out.status.success(), "{args:?} must fail");
        assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
    }
    // Nothing was stored by the failed adds.
    assert_eq!(stdout(&haru(dir.path(), &["list", "--json"])).trim(), "[]");
}

#[test]
fn a_file_that_is_not_utf8_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("latin1.txt");
    std::fs::write(&file, b"caf\xe9").unwrap();
    let out = haru(
        dir.path(),
        &[
            "add",
            "--date",
            "2026-01-01",
            "--file",
            file.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("not UTF-8"), "{}", stderr(&out));
}

#[test]
fn a_corrupt_database_is_named_and_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("haru.sqlite3");
    std::fs::write(&db, b"not a database at all").unwrap();
    for args in [
        vec!["list"],
        vec!["add", "--date", "2026-01-01", "--text", "hello"],
    ] {
        let out = haru(dir.path(), &args);
        assert!(!out.status.success());
        let message = stderr(&out);
        assert!(message.contains(&db.display().to_string()), "{message}");
        assert!(message.contains("database_corrupt"), "{message}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), b"not a database at all");
}

#[test]
fn every_subcommand_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["add", "list", "show", "search", "delete"] {
        let out = haru(dir.path(), &[sub, "--help"]);
        assert!(out.status.success(), "{sub} --help");
        assert!(stdout(&out).contains("Usage"), "{sub}");
    }
}

#[test]
fn honours_haru_data_dir() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    add(a.path(), "2026-01-01", "only in a");
    assert!(a.path().join("haru.sqlite3").exists());
    assert_eq!(stdout(&haru(b.path(), &["list", "--json"])).trim(), "[]");
}

#[test]
fn escape_sequences_in_entries_are_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    // Retitle the terminal, ring the bell, clear the screen, a bare carriage return and a C1
    // control-sequence introducer: what a hostile import or a careless paste could hold.
    let body =
        "title\u{1b}]0;pwned\u{7} clear\u{1b}[2J over\rwrite csi\u{9b}31m\nline two\r\n\tend";
    let id = stdout(&haru(
        dir.path(),
        &["add", "--date", "2026-03-01", "--text", body],
    ))
    .trim()
    .to_owned();
    for args in [
        vec!["show", id.as_str()],
        vec!["list"],
        vec!["search", "title"],
    ] {
        let shown = stdout(&haru(dir.path(), &args));
        for control in ['\u{1b}', '\u{7}', '\u{9b}'] {
            assert!(
                !shown.contains(control),
                "{args:?} printed {control:?}: {shown:?}"
            );
        }
        assert!(!shown.contains("over\rwrite"), "{args:?}: {shown:?}");
    }
    let shown = stdout(&haru(dir.path(), &["show", &id]));
    assert!(
        shown.contains("title\\x1b]0;pwned\\x07 clear\\x1b[2J over\\x0dwrite"),
        "{shown}"
    );
    assert!(shown.contains("\nline two\r\n\tend"), "{shown}");
    // JSON keeps the text exactly.
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&haru(dir.path(), &["show", &id, "--json"]))).unwrap();
    assert_eq!(json["body"].as_str().unwrap(), body);
}

/// `add --file` from a pipe (or `/dev/zero`, which reports no size) stops reading at the cap.
#[cfg(target_os = "linux")]
#[test]
fn add_from_an_endless_file_is_refused_at_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("endless.txt");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            use std::io::Write;
            let mut pipe = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
            // 20 MiB of text, past the 16 MiB cap; stops when the reader goes away.
            let chunk = [b'a'; 64 * 1024];
            for _ in 0..320 {
                if pipe.write_all(&chunk).is_err() {
                    break;
                }
            }
        })
    };
    let data = dir.path().join("diary");
    let out = haru(
        &data,
        &[
            "add",
            "--date",
            "2026-03-01",
            "--file",
            fifo.to_str().unwrap(),
        ],
    );
    writer.join().unwrap();
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(message.contains("larger than"), "{message}");
    assert_eq!(stdout(&haru(&data, &["list", "--json"])).trim(), "[]");
}

/// A data folder this user cannot write (here: owned by user 65534 and
/// made read-only, the command run as that user when the tests run as root) still lists,
/// shows and searches; a change or a backup (which would write into the folder) is refused
/// as `read_only` (not `internal` or `io`) and nothing is written.
#[cfg(unix)]
#[test]
fn a_read_only_data_folder_still_reads_and_refuses_changes_clearly() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    // Others may enter the parent (a temporary folder is 0700), as a home folder allows.
    std::fs::set_permissions(parent.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let dir = parent.path().join("diary");
    add(&dir, "2026-03-01", "A read-only lighthouse.");
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if root && Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!("skipped: running as root without setpriv");
        return;
    }
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    for path in files.iter().chain([&dir]) {
        if root {
            std::os::unix::fs::chown(path, Some(65534), Some(65534)).unwrap();
        }
        let mode = if path.is_dir() { 0o500 } else { 0o400 };
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let run = |args: &[&str]| -> Output {
        let mut cmd = if root {
            let mut cmd = Command::new("setpriv");
            cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(env!("CARGO_BIN_EXE_haru"));
            cmd
        } else {
            Command::new(env!("CARGO_BIN_EXE_haru"))
        };
        cmd.args(args)
            .env("HARU_DATA_DIR", &dir)
            .output()
            .expect("run haru")
    };
    let before: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    for args in [
        vec!["list"],
        vec!["show", "1"],
        vec!["search", "lighthouse"],
    ] {
        let out = run(&args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(
            stdout(&out).contains("lighthouse"),
            "{args:?}: {}",
            stdout(&out)
        );
    }
    for args in [
        vec!["add", "--date", "2026-03-02", "--text", "refused"],
        vec!["backup"],
    ] {
        let out = run(&args);
        assert!(!out.status.success(), "{args:?}");
        let message = stderr(&out);
        assert!(message.contains("[read_only]"), "{args:?}: {message}");
        assert!(
            message.contains("Nothing was changed"),
            "{args:?}: {message}"
        );
    }
    let after: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert!(before == after, "nothing written");
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(names.len(), files.len(), "no file added");
    // Writable again, so the temporary folder can be removed by any user.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
}
