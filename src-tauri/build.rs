//! Tauri's code generation, with the app's permission manifest: the webview may call only the
//! commands listed in `COMMANDS`, each granted by name in `capabilities/default.json` (Tauri
//! checks every IPC call against that list once an app manifest exists). The list is exactly
//! what `ui/src/lib/api.ts` calls; a UI test keeps the three in step. Nothing here takes a file
//! path from the webview: "Your data" (backups, restore, export, import) asks the system's file
//! dialog from Rust (`src/data_dialogs.rs`), and a restore names a backup the app listed by its
//! plain file name. The dialog and autostart plugins' own commands are granted to
//! no window (the reminder and "start at login" are switched through the app's own commands).

const COMMANDS: &[&str] = &[
    "analyser_status",
    "app_status",
    "backup_diary",
    "calibration_status",
    "cancel_reanalysis",
    "care_enabled",
    "care_note",
    "catalogue_stats",
    "change_passphrase",
    "clear_checkin",
    "diary_backups",
    "dismiss_care",
    "emotion_history",
    "emotion_peaks",
    "enable_encryption",
    "export_diary",
    "feedback_history",
    "get_analysis",
    "get_autostart",
    "get_checkin",
    "get_display_settings",
    "get_entry",
    "get_idle_lock",
    "get_recommendation_prefs",
    "show_recommendations",
    "get_reminder",
    "get_settings",
    "import_catalogue",
    "import_picked",
    "insights",
    "list_days",
    "list_entries",
    "lock_diary",
    "on_this_day",
    "pick_import_file",
    "quit_app",
    "reanalysis_progress",
    "reset_calibration",
    "reset_learning",
    "restore_diary",
    "restore_entry",
    "save_entry",
    "search_entries",
    "send_feedback",
    "set_autostart",
    "set_calibration_enabled",
    "set_care_enabled",
    "set_checkin",
    "set_display_settings",
    "set_idle_lock",
    "set_recommendation_prefs",
    "set_reminder",
    "set_settings",
    "tag_counts",
    "trash_entry",
    "ui_ready",
    "unlock",
    "writers_word_days",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build: the app's configuration and permission manifest");
}
