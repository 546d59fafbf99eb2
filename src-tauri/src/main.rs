//! Haru's desktop shell. It only wires windows to the application layer (`haru-api`, shared
//! with the CLI) and the core crates: every command in `commands.rs` is a one-to-three-line
//! adapter over a function that the tests call directly, without a window.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod analysis;
mod commands;
mod data_dialogs;
mod host;
mod input_method;
mod logging;
mod notify;
mod single_instance;

use std::path::PathBuf;

use haru_api::reminder::{self, Reminders};
use tauri::Manager;

fn main() {
    // Before any thread starts: the model's memory goes back to the system when it is dropped.
    haru_heap::prefer_returning_memory();
    // Before any thread starts and before GTK: the input method GTK will load decides whether
    // WebKit may draw without compositing (under a Korean locale that showed as a blank window).
    let input_method = input_method::configure();
    prefer_software_compositing(input_method.software_compositing_ok);
    // ONNX Runtime must never phone home (see haru_emotion::runtime).
    haru_emotion::disable_telemetry();
    // Before the diary is touched: without a display there is no app to run.
    start_gtk_or_exit();
    let data_dir = match haru_store::paths::resolve_data_dir(data_dir_arg()) {
        Ok(dir) => dir,
        Err(err) => {
            eprintln!("haru-app: {}", err.message);
            std::process::exit(1);
        }
    };
    let instance = match single_instance::acquire(&data_dir) {
        Ok(single_instance::Acquired::First(guard)) => guard,
        Ok(single_instance::Acquired::AlreadyRunning) => {
            eprintln!(
                "haru-app: Haru is already open on {}; focused its window",
                data_dir.display()
            );
            return;
        }
        Err(err) => {
            eprintln!("haru-app: {err}");
            std::process::exit(1);
        }
    };
    let session = haru_api::Session::open(data_dir);

    tauri::Builder::default()
        .manage(session)
        .manage(haru_api::commands::recommend::Recs::default())
        .manage(data_dialogs::PendingImport::default())
        .plugin(logging::plugin())
        .plugin(tauri_plugin_dialog::init())
        // "Start Haru at login" (for the daily reminder), switched from Rust only.
        .plugin(tauri_plugin_autostart::Builder::new().build())
        // Size, position and maximised state, saved on close and restored at the next start.
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(
                    tauri_plugin_window_state::StateFlags::SIZE
                        | tauri_plugin_window_state::StateFlags::POSITION
                        | tauri_plugin_window_state::StateFlags::MAXIMIZED,
                )
                .build(),
        )
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::list_entries,
            commands::list_days,
            commands::get_entry,
            commands::save_entry,
            commands::trash_entry,
            commands::restore_entry,
            commands::search_entries,
            commands::get_settings,
            commands::set_settings,
            commands::get_display_settings,
            commands::set_display_settings,
            commands::ui_ready,
            commands::analyser_status,
            commands::get_analysis,
            commands::reanalysis_progress,
            commands::cancel_reanalysis,
            commands::emotion_history,
            commands::emotion_peaks,
            commands::care_note,
            commands::dismiss_care,
            commands::care_enabled,
            commands::set_care_enabled,
            commands::unlock,
            commands::enable_encryption,
            commands::change_passphrase,
            commands::lock_diary,
            commands::get_idle_lock,
            commands::set_idle_lock,
            commands::get_reminder,
            commands::set_reminder,
            commands::get_autostart,
            commands::set_autostart,
            commands::quit_app,
            commands::show_recommendations,
            commands::send_feedback,
            commands::feedback_history,
            commands::get_recommendation_prefs,
            commands::set_recommendation_prefs,
            commands::reset_learning,
            commands::catalogue_stats,
            commands::import_catalogue,
            commands::backup_diary,
            commands::diary_backups,
            commands::restore_diary,
            commands::export_diary,
            commands::pick_import_file,
            commands::import_picked,
            commands::set_checkin,
            commands::clear_checkin,
            commands::get_checkin,
            commands::writers_word_days,
            commands::tag_counts,
            commands::on_this_day,
            commands::insights,
            commands::calibration_status,
            commands::set_calibration_enabled,
            commands::reset_calibration,
        ])
        .setup(move |app| {
            // Now that the log is up (see `logging`): what opening the diary found.
            let state = app.state::<haru_api::Session>();
            state.log_open_outcome();
            state.start_auto_backup();
            start_reminder(app)?;
            let handle = app.handle().clone();
            instance.on_second_launch(move || focus_main_window(&handle));
            close_on_termination_signals(app.handle().clone());
            Ok(())
        })
        .build(tauri::generate_context!())
        .unwrap_or_else(|err| {
            eprintln!("haru-app: could not start the window: {err}");
            std::process::exit(1);
        })
        .run(|handle, event| {
            if let tauri::RunEvent::Exit = event {
                close_cleanly(handle);
            }
        });
}

/// The daily reminder: its choice from the app's config folder, and its scheduler thread.
fn start_reminder(app: &mut tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    app.manage(Reminders::load(app.path().app_config_dir()?));
    let (read, ask) = (app.handle().clone(), app.handle().clone());
    reminder::start(
        move || read.state::<Reminders>().get(),
        move || ask.state::<haru_api::Session>().written_today(),
        |r| {
            let title = if r.title.is_empty() { "Haru" } else { &r.title };
            if let Err(err) = notify::notify(title, &r.body) {
                log::warn!("the daily reminder could not be shown: {err}");
            }
        },
    );
    Ok(())
}

/// What closing the window does, also on SIGTERM, SIGINT and SIGHUP (a logout, `kill`, Ctrl+C
/// in a terminal): the app ends through Tauri's own exit, so [`close_cleanly`] runs.
fn close_on_termination_signals(handle: tauri::AppHandle) {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = match signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP]) {
            Ok(signals) => signals,
            Err(err) => {
                log::warn!(
                    "cannot watch for SIGTERM ({err}); a kill will not close the diary cleanly"
                );
                return;
            }
        };
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    log::info!("signal {signal}: closing the diary");
                    handle.exit(0);
                }
            })
            .expect("spawn the signal thread");
    }
    #[cfg(not(unix))]
    let _ = handle;
}

/// The diary closed (its write-ahead log checkpointed and removed by SQLite) and the
/// single-instance socket and lock file removed, before the process ends.
fn close_cleanly(handle: &tauri::AppHandle) {
    use tauri::Manager;
    let state = handle.state::<haru_api::Session>();
    state.close();
    single_instance::remove_files(&state.data_dir);
}

/// Starts GTK on this (the main) thread, or says why it cannot and exits with status 1.
/// Tauri starts GTK itself and panics (exit 101, a backtrace) when there is no display, as
/// under SSH or with DISPLAY unset; started here first, Tauri finds it running.
fn start_gtk_or_exit() {
    #[cfg(target_os = "linux")]
    if let Err(err) = gtk::init() {
        let display = match (
            std::env::var_os("DISPLAY"),
            std::env::var_os("WAYLAND_DISPLAY"),
        ) {
            (None, None) => "neither DISPLAY nor WAYLAND_DISPLAY is set".to_owned(),
            (x, w) => format!(
                "DISPLAY={} WAYLAND_DISPLAY={}",
                x.map(|v| v.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                w.map(|v| v.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ),
        };
        eprintln!(
            "haru-app: cannot open a window: {err} ({display}). Start Haru in a graphical \
             session, or use the `haru` command in a terminal; nothing was changed"
        );
        std::process::exit(1);
    }
}

/// WebKitGTK's GPU compositing costs ~100 MB of memory and is a common source of blank
/// windows on Linux drivers; a diary needs none of it. `HARU_GPU_COMPOSITING=1` keeps it, and
/// so does GTK's XIM input method, with which the page shows only when WebKit composites
/// (see `input_method.rs`).
fn prefer_software_compositing(software_ok: bool) {
    #[cfg(target_os = "linux")]
    if software_ok
        && std::env::var_os("HARU_GPU_COMPOSITING").is_none()
        && std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none()
    {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    #[cfg(not(target_os = "linux"))]
    let _ = software_ok;
}

/// `--data-dir DIR` (or `--data-dir=DIR`) overrides `HARU_DATA_DIR` (used by tests).
fn data_dir_arg() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        if text == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(value) = text.strip_prefix("--data-dir=") {
            return Some(PathBuf::from(value));
        }
    }
    None
}

fn focus_main_window(handle: &tauri::AppHandle) {
    let handle2 = handle.clone();
    let _ = handle.run_on_main_thread(move || {
        if let Some(window) = handle2.get_webview_window("main") {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
    });
}

/// Benchmarks set `HARU_READY_FILE`; when the editor is usable the app writes the wall-clock
/// time (Unix milliseconds) and the milliseconds since the diary's session was opened.
pub fn write_ready_marker(started: std::time::Instant) {
    if let Some(path) = std::env::var_os("HARU_READY_FILE") {
        let unix_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        let line = format!("{unix_ms} {}\n", started.elapsed().as_millis());
        if let Err(err) = std::fs::write(&path, line) {
            log::warn!("cannot write HARU_READY_FILE: {err}");
        }
    }
}
