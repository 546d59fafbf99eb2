//! Tauri's code generation, with the app's permission manifest: the webview may call only the
//! commands listed in `COMMANDS`, each granted by name in `capabilities/default.json` (Tauri
//! checks every IPC call against that list once an app manifest exists). The list is exactly
//! what `ui/src/lib/api.ts` calls; a UI test keeps the three in step. Nothing here takes a file
//! path from the webview: backups, export and import are the CLI's until the settings reach
//! them through the system's file dialogs.

const COMMANDS: &[&str] = &[
    "analyzer_status",
    "app_status",
    "cancel_reanalysis",
    "care_enabled",
    "care_note",
    "catalogue_stats",
    "change_passphrase",
    "dismiss_care",
    "emotion_history",
    "emotion_peaks",
    "enable_encryption",
    "feedback_history",
    "get_analysis",
    "get_display_settings",
    "get_entry",
    "get_recommendation_prefs",
    "get_recommendations",
    "get_settings",
    "import_catalogue",
    "list_days",
    "list_entries",
    "quit_app",
    "reanalysis_progress",
    "reset_learning",
    "restore_entry",
    "save_entry",
    "search_entries",
    "send_feedback",
    "set_care_enabled",
    "set_display_settings",
    "set_recommendation_prefs",
    "set_settings",
    "trash_entry",
    "ui_ready",
    "unlock",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build: the app's configuration and permission manifest");
}
