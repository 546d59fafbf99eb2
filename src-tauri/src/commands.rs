//! IPC commands: one-line adapters from the window to the application layer (`haru-api`:
//! the open diary and the commands' functions, shared with the CLI) and the core crates. Async
//! so they run on the runtime's worker threads, never on the UI thread.

use haru_core::{
    AnalyserStatus, AppError, AppStatus, CareNote, DayCount, DisplaySettings, EmotionPeak, Entry,
    EntryAnalysis, EntrySummary, PeriodEmotions, ReanalysisProgress, SaveOutcome, SaveRequest,
    SearchHit, Settings,
};
use tauri::State;
use zeroize::Zeroizing;

use haru_api::commands::{diary, emotions, encryption, insights};
use haru_api::Session;

type Result<T> = std::result::Result<T, AppError>;

#[tauri::command]
pub async fn app_status(state: State<'_, Session>) -> Result<AppStatus> {
    Ok(state.status())
}

#[tauri::command]
pub async fn list_entries(
    state: State<'_, Session>,
    from: Option<String>,
    to: Option<String>,
) -> Result<Vec<EntrySummary>> {
    state.with_store(|s| s.list_entries(from.as_deref(), to.as_deref()))
}

#[tauri::command]
pub async fn list_days(
    state: State<'_, Session>,
    from: String,
    to: String,
) -> Result<Vec<DayCount>> {
    state.with_store(|s| s.list_days(&from, &to))
}

#[tauri::command]
pub async fn get_entry(state: State<'_, Session>, id: i64) -> Result<Entry> {
    state.with_store(|s| s.get_entry(id))
}

#[tauri::command]
pub async fn save_entry(state: State<'_, Session>, request: SaveRequest) -> Result<SaveOutcome> {
    state.save(&request)
}

#[tauri::command]
pub async fn trash_entry(state: State<'_, Session>, id: i64) -> Result<()> {
    state.with_store(|s| s.trash_entry(id))
}

#[tauri::command]
pub async fn restore_entry(state: State<'_, Session>, id: i64) -> Result<Entry> {
    state.with_store(|s| s.restore_entry(id))
}

#[tauri::command]
pub async fn search_entries(
    state: State<'_, Session>,
    query: String,
    limit: Option<u32>,
    emotion: Option<String>,
    from: Option<String>,
    to: Option<String>,
    tag: Option<String>,
) -> Result<Vec<SearchHit>> {
    let filter = diary::SearchQuery {
        limit,
        emotion: emotion.as_deref(),
        from: from.as_deref(),
        to: to.as_deref(),
        tag: tag.as_deref(),
    };
    let thresholds = state.thresholds();
    state.with_store(|s| diary::search(s, &query, &filter, thresholds.as_deref()))
}

#[tauri::command]
pub async fn get_settings(state: State<'_, Session>) -> Result<Settings> {
    state.with_store(|s| s.settings())
}

#[tauri::command]
pub async fn set_settings(state: State<'_, Session>, settings: Settings) -> Result<Settings> {
    state.with_store(|s| s.set_settings(&settings))
}

#[tauri::command]
pub async fn get_display_settings(state: State<'_, Session>) -> Result<DisplaySettings> {
    state.with_store(|s| s.display_settings())
}

#[tauri::command]
pub async fn set_display_settings(
    state: State<'_, Session>,
    display: DisplaySettings,
) -> Result<DisplaySettings> {
    state.with_store(|s| s.set_display_settings(&display))
}

#[tauri::command]
pub async fn analyser_status(state: State<'_, Session>) -> Result<AnalyserStatus> {
    Ok(state.analyser_status())
}

#[tauri::command]
pub async fn get_analysis(state: State<'_, Session>, id: i64) -> Result<Option<EntryAnalysis>> {
    state.analysis_of(id)
}

#[tauri::command]
pub async fn reanalysis_progress(state: State<'_, Session>) -> Result<ReanalysisProgress> {
    Ok(state.worker().map(|w| w.progress()).unwrap_or_default())
}

#[tauri::command]
pub async fn cancel_reanalysis(state: State<'_, Session>) -> Result<()> {
    state.worker().inspect(|w| w.cancel_reanalysis());
    Ok(())
}

/// Emotions per day, week or month (`by`), between two optional dates; weeks begin on
/// `week_start` (`monday`, the default, or `sunday`); with a `tag`, of the entries carrying it.
#[tauri::command]
pub async fn emotion_history(
    state: State<'_, Session>,
    by: String,
    from: Option<String>,
    to: Option<String>,
    week_start: Option<String>,
    tag: Option<String>,
) -> Result<Vec<PeriodEmotions>> {
    let query = emotions::HistoryQuery {
        by: &by,
        from: from.as_deref(),
        to: to.as_deref(),
        week_start: week_start.as_deref(),
        tag: tag.as_deref(),
    };
    state.with_store(|s| emotions::history(s, &query))
}

/// Entries (and their sentences) where `label` peaked, for the drill-down.
#[tauri::command]
pub async fn emotion_peaks(
    state: State<'_, Session>,
    label: String,
    from: Option<String>,
    to: Option<String>,
    limit: Option<u32>,
) -> Result<Vec<EmotionPeak>> {
    state.with_store(|s| insights::peaks(s, &label, from.as_deref(), to.as_deref(), limit))
}

/// The gentle-care note to show now, if any (see `haru_insights::care` for the rule).
#[tauri::command]
pub async fn care_note(state: State<'_, Session>) -> Result<Option<CareNote>> {
    state.with_store(|s| insights::care_note(s))
}

#[tauri::command]
pub async fn dismiss_care(state: State<'_, Session>) -> Result<()> {
    state.with_store(insights::dismiss_care)
}

#[tauri::command]
pub async fn care_enabled(state: State<'_, Session>) -> Result<bool> {
    state.with_store(|s| haru_insights::care_enabled(s))
}

#[tauri::command]
pub async fn set_care_enabled(state: State<'_, Session>, enabled: bool) -> Result<()> {
    state.with_store(|s| haru_insights::set_care_enabled(s, enabled))
}

/// The editor is on screen and editable: start the emotion worker (benchmarks read the
/// moment from `HARU_READY_FILE`).
#[tauri::command]
pub async fn ui_ready(app: tauri::AppHandle, state: State<'_, Session>) -> Result<()> {
    crate::write_ready_marker(state.started);
    state.start_analysis(|db| crate::analysis::start(&app, db));
    Ok(())
}

// ---- Your data: back up, restore, export and import from the settings ----
// The window names no file path: the shell asks the system's file dialog (`data_dialogs.rs`).

use haru_api::commands::portability::ImportChoice;
use haru_core::{BackupInfo, ExportSummary, ImportSummary, RestoreOutcome};

#[tauri::command]
pub async fn backup_diary(app: tauri::AppHandle) -> Result<BackupInfo> {
    crate::data_dialogs::backup(&app).await
}

#[tauri::command]
pub async fn diary_backups(app: tauri::AppHandle) -> Result<Vec<BackupInfo>> {
    crate::data_dialogs::list_backups(&app).await
}

/// Restores a backup named by its file name, one of `diary_backups`' (nothing else is accepted).
#[tauri::command]
pub async fn restore_diary(app: tauri::AppHandle, file_name: String) -> Result<RestoreOutcome> {
    crate::data_dialogs::restore(&app, file_name).await
}

/// `format`: json, markdown or csv; a `passphrase` seals a JSON export. `null` when the save
/// dialog was cancelled.
#[tauri::command]
pub async fn export_diary(
    app: tauri::AppHandle,
    format: String,
    passphrase: Option<String>,
) -> Result<Option<ExportSummary>> {
    crate::data_dialogs::export(&app, &format, passphrase).await
}

/// Opens the system's file dialog; `null` when it was cancelled.
#[tauri::command]
pub async fn pick_import_file(app: tauri::AppHandle) -> Result<Option<ImportChoice>> {
    crate::data_dialogs::pick_import(&app).await
}

#[tauri::command]
pub async fn import_picked(
    app: tauri::AppHandle,
    passphrase: Option<String>,
) -> Result<ImportSummary> {
    crate::data_dialogs::import_picked(&app, passphrase).await
}

// ---- Encryption at rest (`haru_store::crypt`, `haru_portability::encrypt_folder`) ----

/// Unlocks an encrypted diary (`recovery`: `secret` is the recovery key). A wrong one rejects
/// with `wrong_passphrase` and changes nothing.
#[tauri::command]
pub async fn unlock(state: State<'_, Session>, secret: String, recovery: bool) -> Result<()> {
    encryption::unlock(&state, secret, recovery)
}

/// Locks the encrypted diary now ("Lock now", its shortcut, the idle lock): the window has
/// saved its text first. The recommender's cache of the diary's learning is dropped too.
#[tauri::command]
pub async fn lock_diary(state: State<'_, Session>, recs: State<'_, Recs>) -> Result<()> {
    state.lock()?;
    recs.forget();
    Ok(())
}

/// The idle lock: `(minutes chosen, seconds they mean)`; 0 is off.
#[tauri::command]
pub async fn get_idle_lock(state: State<'_, Session>) -> Result<(u32, u32)> {
    encryption::idle_lock(&state)
}

#[tauri::command]
pub async fn set_idle_lock(state: State<'_, Session>, minutes: u32) -> Result<(u32, u32)> {
    encryption::set_idle_lock(&state, minutes)
}

/// Turns encryption on; resolves with the recovery key (shown once). Haru must then restart.
#[tauri::command]
pub async fn enable_encryption(state: State<'_, Session>, passphrase: String) -> Result<String> {
    // Wiped from memory when dropped, like every secret the window sends.
    let passphrase = Zeroizing::new(passphrase);
    state.enable_encryption(&passphrase)
}

#[tauri::command]
pub async fn change_passphrase(
    state: State<'_, Session>,
    current: String,
    new: String,
) -> Result<()> {
    let new = Zeroizing::new(new);
    state.change_passphrase(current, &new)
}

/// Ends the app at once (after encryption was turned on: see `Session::enable_encryption`).
#[tauri::command]
pub fn quit_app() {
    std::process::exit(0);
}

// ---- Recommendations (`haru-recommend`) ----

use crate::host::window_host;
use haru_api::commands::recommend::Recs;
use haru_core::{
    CatalogueStats, EntryRecommendations, FeedbackHistory, FeedbackValue, ImportReport,
    RecommendationPrefs, Strategy,
};
use haru_recommend::Recommender;

/// The movies and songs to show under an entry (empty until the entry is analysed). Not a
/// plain read: what is shown is recorded, as the learner learns from picks passed over and the
/// entry keeps the strategy last shown with it.
#[tauri::command]
pub async fn show_recommendations(
    app: tauri::AppHandle,
    state: State<'_, Session>,
    recs: State<'_, Recs>,
    entry_id: i64,
    strategy: Option<Strategy>,
    lang: String,
) -> Result<EntryRecommendations> {
    state.require_model("recommendations")?;
    recs.with(&state, &window_host(&app), |r, s| {
        r.panel(s, entry_id, strategy, &lang)
    })
}

#[tauri::command]
pub async fn send_feedback(
    app: tauri::AppHandle,
    state: State<'_, Session>,
    recs: State<'_, Recs>,
    entry_id: Option<i64>,
    item_id: String,
    value: FeedbackValue,
) -> Result<()> {
    recs.with(&state, &window_host(&app), |r, s| {
        r.feedback(s, &item_id, entry_id, value)
    })
}

#[tauri::command]
pub async fn feedback_history(state: State<'_, Session>) -> Result<FeedbackHistory> {
    state.with_store(|s| Recommender::history(s))
}

#[tauri::command]
pub async fn get_recommendation_prefs(state: State<'_, Session>) -> Result<RecommendationPrefs> {
    state.with_store(|s| Recommender::prefs(s))
}

#[tauri::command]
pub async fn set_recommendation_prefs(
    state: State<'_, Session>,
    prefs: RecommendationPrefs,
) -> Result<RecommendationPrefs> {
    state.with_store(|s| Recommender::set_prefs(s, &prefs))
}

#[tauri::command]
pub async fn reset_learning(state: State<'_, Session>) -> Result<()> {
    state.with_store(Recommender::reset_learning)
}

#[tauri::command]
pub async fn catalogue_stats(
    app: tauri::AppHandle,
    state: State<'_, Session>,
    recs: State<'_, Recs>,
) -> Result<CatalogueStats> {
    recs.with(&state, &window_host(&app), |r, s| r.stats(s))
}

#[tauri::command]
pub async fn import_catalogue(
    app: tauri::AppHandle,
    state: State<'_, Session>,
    recs: State<'_, Recs>,
    file_name: String,
    contents: String,
) -> Result<ImportReport> {
    recs.import(&state, &window_host(&app), &file_name, contents.as_bytes())
}

// ---- The writer's own word, tags, on this day, what goes with what ----

use haru_core::CheckIn;
use haru_insights::links::GroupLinks;
use haru_insights::writers_way::CalibrationStatus;

/// Records the writer's word on how the entry's day felt (the 28 labels; an optional
/// pleasantness × energy point, each -1 … 1), replacing any earlier one.
#[tauri::command]
pub async fn set_checkin(
    state: State<'_, Session>,
    entry_id: i64,
    labels: Vec<String>,
    pleasant: Option<f32>,
    energy: Option<f32>,
) -> Result<CheckIn> {
    state.with_store(|s| insights::set_checkin(s, entry_id, &labels, pleasant, energy))
}

/// Removes the writer's word; false when there was none.
#[tauri::command]
pub async fn clear_checkin(state: State<'_, Session>, entry_id: i64) -> Result<bool> {
    state.with_store(|s| s.clear_checkin(entry_id))
}

#[tauri::command]
pub async fn get_checkin(state: State<'_, Session>, entry_id: i64) -> Result<Option<CheckIn>> {
    state.with_store(|s| s.checkin(entry_id))
}

/// The days between two optional dates with at least one entry in the writer's own word.
#[tauri::command]
pub async fn writers_word_days(
    state: State<'_, Session>,
    from: Option<String>,
    to: Option<String>,
) -> Result<Vec<String>> {
    state.with_store(|s| emotions::writers_word_days(s, from.as_deref(), to.as_deref()))
}

/// Every #tag with the number of entries carrying it, most used first.
#[tauri::command]
pub async fn tag_counts(state: State<'_, Session>) -> Result<Vec<(String, u32)>> {
    state.with_store(|s| s.tag_counts())
}

/// Entries of the same month and day in earlier years than `date` (default: today), newest first.
#[tauri::command]
pub async fn on_this_day(
    state: State<'_, Session>,
    date: Option<String>,
) -> Result<Vec<EntrySummary>> {
    state.with_store(|s| insights::on_this_day(s, date.as_deref()))
}

/// What Haru learned of how the writer names feelings (see `haru_insights::writers_way`).
#[tauri::command]
pub async fn calibration_status(state: State<'_, Session>) -> Result<CalibrationStatus> {
    insights::calibration_status(&state)
}

/// "Learn from my corrections" on or off.
#[tauri::command]
pub async fn set_calibration_enabled(state: State<'_, Session>, enabled: bool) -> Result<()> {
    state.with_store(|s| haru_insights::writers_way::set_calibration_enabled(s, enabled))
}

/// "Reset what Haru learned": corrections made until now are no longer learned from.
#[tauri::command]
pub async fn reset_calibration(state: State<'_, Session>) -> Result<String> {
    state.with_store(haru_insights::writers_way::reset_calibration)
}

/// Which tags and weekdays go with which feelings (see `haru_insights::links` for the rule).
#[tauri::command]
pub async fn insights(state: State<'_, Session>) -> Result<Vec<GroupLinks>> {
    state.with_store(|s| haru_insights::links::links_now(s))
}

// ---- The daily reminder and starting at login ----

use haru_api::reminder::{Reminder, Reminders};
use tauri_plugin_autostart::ManagerExt as _;

/// The daily reminder's time (`HH:MM`), or `null` when it is off (the default).
#[tauri::command]
pub async fn get_reminder(reminders: State<'_, Reminders>) -> Result<Option<String>> {
    Ok(reminders.get().time)
}

/// Sets the reminder (`time` `HH:MM`, or `null` to turn it off) with the notification's words
/// in the window's language; resolves with the time as stored.
#[tauri::command]
pub async fn set_reminder(
    reminders: State<'_, Reminders>,
    time: Option<String>,
    title: String,
    body: String,
) -> Result<Option<String>> {
    Ok(reminders.set(Reminder { time, title, body })?.time)
}

/// Whether Haru starts at login (on Linux: the XDG autostart entry exists).
#[tauri::command]
pub async fn get_autostart(app: tauri::AppHandle) -> Result<bool> {
    app.autolaunch().is_enabled().map_err(autostart_error)
}

#[tauri::command]
pub async fn set_autostart(app: tauri::AppHandle, enabled: bool) -> Result<bool> {
    let autolaunch = app.autolaunch();
    if enabled {
        autolaunch.enable()
    } else {
        autolaunch.disable()
    }
    .map_err(autostart_error)?;
    autolaunch.is_enabled().map_err(autostart_error)
}

fn autostart_error(err: tauri_plugin_autostart::Error) -> AppError {
    AppError::new(
        haru_core::ErrorCode::Io,
        format!("starting Haru at login could not be changed: {err}"),
    )
}
