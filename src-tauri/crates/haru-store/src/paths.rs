//! Where a diary lives: the OS data folder, unless `HARU_DATA_DIR` points elsewhere (tests
//! and benchmarks always set it, so they never touch a real diary).

use std::path::PathBuf;

pub const DATA_DIR_ENV: &str = "HARU_DATA_DIR";

/// The file the running app holds an OS lock on, inside the data folder (one app per diary;
/// commands that rewrite the whole file refuse while it is held).
pub const APP_LOCK_FILE: &str = "haru-app.lock";

/// The data folder to use: an explicit override, then `HARU_DATA_DIR`, then the OS default
/// (`~/.local/share/haru` on Linux, `~/Library/Application Support/app.haru.Haru` on macOS,
/// `%APPDATA%\haru\Haru\data` on Windows).
pub fn resolve_data_dir(explicit: Option<PathBuf>) -> Result<PathBuf, haru_core::AppError> {
    if let Some(dir) = explicit {
        return Ok(dir);
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("app", "haru", "Haru")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| {
            haru_core::AppError::new(
                haru_core::ErrorCode::Io,
                format!("could not find a home folder for the diary; set {DATA_DIR_ENV}"),
            )
        })
}
