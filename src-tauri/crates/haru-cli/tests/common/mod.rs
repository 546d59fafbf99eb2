//! Helpers shared by the CLI's tests: running `haru` on a test diary, and the fault tests'
//! checks (`durability.rs`, `full_disk.rs`).

use std::path::Path;
use std::process::Command;

/// Says loudly that a test could not run here (a missing tool or kernel feature) and why.
#[allow(dead_code)]
pub fn loudly_skip(what: &str, why: &str) {
    let line = format!("SKIPPED: {what}: {why}");
    eprintln!(
        "\n{}\n{line}\n{}\n",
        "!".repeat(line.len()),
        "!".repeat(line.len())
    );
}

/// Whether `unshare -rm` (a private user + mount namespace, for a tmpfs of the test's own)
/// works here; the reason when it does not.
#[allow(dead_code)]
pub fn unshare_works() -> Result<(), String> {
    Command::new("unshare")
        .args(["-rm", "true"])
        .output()
        .map_err(|e| e.to_string())
        .and_then(|o| {
            if o.status.success() {
                Ok(())
            } else {
                Err(String::from_utf8_lossy(&o.stderr).into_owned())
            }
        })
}

/// What a full-disk script printed: its standard output and error.
#[allow(dead_code)]
pub struct OnSmallDisk {
    pub stdout: String,
    pub stderr: String,
}

/// Runs `script` with `sh` on a 1 MiB tmpfs of its own (mount it at `$D` first, exiting 90 if
/// that fails), in a private user + mount namespace (`unshare -rm`), so nothing outside sees it
/// and it disappears with the process. `$HARU` is the `haru` binary, `$BIG` a file holding
/// `big`, `$O` a scratch folder; `env` adds more. `None`, said loudly, where namespaces or a
/// tmpfs are not available here (they need unprivileged user namespaces or root).
#[allow(dead_code)]
pub fn on_a_small_disk(script: &str, big: &str, env: &[(&str, &Path)]) -> Option<OnSmallDisk> {
    if let Err(why) = unshare_works() {
        loudly_skip(
            "full-disk test",
            &format!("`unshare -rm` is unavailable ({why})"),
        );
        return None;
    }
    let tmp = tempfile::tempdir().unwrap();
    let mount = tmp.path().join("disk");
    std::fs::create_dir(&mount).unwrap();
    let big_file = tmp.path().join("big.txt");
    std::fs::write(&big_file, big).unwrap();
    let mut command = Command::new("unshare");
    command
        .args(["-rm", "sh", "-c", script])
        .env("D", &mount)
        .env("O", tmp.path())
        .env("HARU", env!("CARGO_BIN_EXE_haru"))
        .env("BIG", &big_file);
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if out.status.code() == Some(90) {
        loudly_skip("full-disk test", &format!("cannot mount a tmpfs: {stderr}"));
        return None;
    }
    assert!(out.status.success(), "{stdout}\n{stderr}");
    Some(OnSmallDisk { stdout, stderr })
}

/// Runs the `haru` binary with `args` on the diary in `data_dir` (`HARU_DATA_DIR`).
#[allow(dead_code)] // not every test file uses every helper
pub fn haru(data_dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_haru"))
        .args(args)
        .env("HARU_DATA_DIR", data_dir)
        .output()
        .expect("run haru")
}

/// The standard output of a command that must have succeeded (else its standard error).
#[allow(dead_code)]
pub fn ok(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The strings of a JSON list (a list of label names in `--json` output).
#[allow(dead_code)]
pub fn names(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}
