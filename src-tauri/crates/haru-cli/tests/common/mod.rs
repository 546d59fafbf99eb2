//! Helpers shared by the CLI's fault tests (`durability.rs`, `full_disk.rs`).

use std::process::Command;

/// Says loudly that a test could not run here (a missing tool or kernel feature) and why.
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
