//! The data folder's lock between processes: while another process has the diary open,
//! encrypt, decrypt, a passphrase change and a restore refuse with `busy` and change nothing;
//! while one of those runs elsewhere, opening the diary waits and then says `busy`. The other
//! process is `flock(1)` holding `haru.lock` the way another Haru would (shared or exclusive).
#![cfg(target_os = "linux")]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use haru_core::ErrorCode;
use haru_portability::{backup_now, change_passphrase, decrypt_folder, encrypt_folder, restore_in};
use haru_store::{KdfParams, Secret, Store, FOLDER_LOCK_FILE};

use crate::rich_store;

const PASS: &str = "correct horse battery";

/// Another process holding the folder's lock until dropped.
struct OtherProcess(Child);

impl OtherProcess {
    fn holding(dir: &Path, mode: &str) -> OtherProcess {
        // `-n`: fail at once rather than wait, so a lock still held here fails the test.
        let mut child = Command::new("flock")
            .args(["-n", mode])
            .arg(dir.join(FOLDER_LOCK_FILE))
            .args(["-c", "echo held; read line"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("flock(1) runs");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "held", "flock {mode} could not take the lock");
        OtherProcess(child)
    }
}

impl Drop for OtherProcess {
    fn drop(&mut self) {
        let _ = self.0.stdin.take().unwrap().write_all(b"done\n");
        let _ = self.0.wait();
    }
}

fn hashes(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        if path.is_dir() {
            out.extend(hashes(&path));
        } else {
            out.insert(path.clone(), std::fs::read(&path).unwrap());
        }
    }
    out
}

#[test]
fn whole_folder_commands_refuse_while_another_process_has_the_diary_open() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let backup = {
        let store = rich_store(&data);
        backup_now(&store).unwrap()
    };
    let before = hashes(&data);
    {
        // A writer (the app, `haru add`) has the diary open.
        let _writer = OtherProcess::holding(&data, "--shared");
        let err = encrypt_folder(&data, PASS, KdfParams::FAST_FOR_TESTS).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Busy, "{err}");
        assert!(err.to_string().contains("try again"), "{err}");
        let err = restore_in(&data, Path::new(&backup.path), None).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Busy, "{err}");
        assert_eq!(hashes(&data), before, "nothing changed");
    }
    // Closed: the same commands work.
    encrypt_folder(&data, PASS, KdfParams::FAST_FOR_TESTS).unwrap();
    let before = hashes(&data);
    {
        let _writer = OtherProcess::holding(&data, "--shared");
        let secret = Secret::passphrase(PASS);
        let err = decrypt_folder(&data, &secret).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Busy, "{err}");
        let err = change_passphrase(
            &data,
            &secret,
            "another long one",
            KdfParams::FAST_FOR_TESTS,
        )
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Busy, "{err}");
        assert_eq!(hashes(&data), before, "nothing changed");
    }
    decrypt_folder(&data, &Secret::passphrase(PASS)).unwrap();
}

#[test]
fn a_diary_being_rewritten_elsewhere_is_not_opened_until_it_is_done() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    drop(rich_store(&data));
    let before = hashes(&data);
    {
        // `haru encrypt` (or decrypt, restore) is running in another process.
        let _rewriting = OtherProcess::holding(&data, "--exclusive");
        let err = Store::open_in(&data).err().expect("refused");
        assert_eq!(err.code(), ErrorCode::Busy, "{err}");
        assert_eq!(hashes(&data), before, "nothing written");
    }
    let mut store = Store::open_in(&data).unwrap();
    store.create_entry("2026-05-01", "after").unwrap();
}

#[test]
fn within_one_process_the_lock_is_shared_by_its_own_connections() {
    // The app encrypts with its own diary (and its worker's connection) open.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = rich_store(&data);
    let worker = store
        .db_file()
        .open(haru_store::Integrity::OnAccess)
        .unwrap();
    encrypt_folder(&data, PASS, KdfParams::FAST_FOR_TESTS).unwrap();
    drop((store, worker));
    // Released: another process can hold it exclusively now.
    let _other = OtherProcess::holding(&data, "--exclusive");
}
