//! The app's log: what happened (start, the diary opened or locked, backups, the model, errors)
//! in a file in the OS log folder, and on stderr. On Linux the file is
//! `$XDG_DATA_HOME/app.haru.Haru/logs/haru.log` (`~/Library/Logs/app.haru.Haru` on macOS,
//! `%LOCALAPPDATA%\app.haru.Haru\logs` on Windows), at most 1 MB, with the two before it kept.
//!
//! It never holds diary text: messages name entries by id and failures by their error, whose
//! messages name files and codes, never an entry's words. The window cannot write to it (no
//! `log:` permission is granted in `capabilities/default.json`), so nothing typed reaches it.
//! Messages from before the window exists (no display, a second launch) go to stderr only.

use tauri_plugin_log::{RotationStrategy, Target, TargetKind};

/// The log file's name in the log folder (`haru.log`).
pub const LOG_FILE_NAME: &str = "haru";

/// The largest a log file grows before it is rotated (bytes).
const MAX_FILE_BYTES: u128 = 1_000_000;

/// The logger, as a Tauri plugin: Haru's own messages from `info` up, others' from `warn`.
pub fn plugin<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_log::Builder::new()
        .clear_targets()
        .targets([
            Target::new(TargetKind::Stderr),
            Target::new(TargetKind::LogDir {
                file_name: Some(LOG_FILE_NAME.into()),
            }),
        ])
        .level(log::LevelFilter::Warn)
        .level_for("haru_app", log::LevelFilter::Info)
        .level_for("haru_api", log::LevelFilter::Info)
        .level_for("haru_analysis", log::LevelFilter::Info)
        .level_for("haru_recommend", log::LevelFilter::Info)
        .max_file_size(MAX_FILE_BYTES)
        .rotation_strategy(RotationStrategy::KeepSome(2))
        .build()
}
