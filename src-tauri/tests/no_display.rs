//! `haru-app` without a display (no X or Wayland, as under SSH): a clear message and exit
//! status 1, not a panic (exit 101 and a backtrace), and the data folder left untouched.

use std::process::Command;

#[cfg(target_os = "linux")]
#[test]
fn without_a_display_the_app_says_so_and_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("diary");
    let out = Command::new(env!("CARGO_BIN_EXE_haru-app"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("HARU_DATA_DIR", &data)
        .output()
        .expect("run haru-app");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot open a window"), "{stderr}");
    assert!(stderr.contains("DISPLAY"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!data.exists(), "the data folder was not created");
}
