//! Helpers shared by the CLI's tests: running `haru` on a test diary, and the fault tests'
//! checks (`durability.rs`, `full_disk.rs`).

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
