//! The Tauri side of "Your data" (`haru_api::commands::portability` holds the rest): the system's file dialogs and
//! the long work, off the UI thread.
//!
//! The window never names a file path. The shell opens the dialog itself (tauri-plugin-dialog's
//! Rust API; the window is granted none of the plugin's commands) on a blocking worker thread,
//! never the UI thread, and runs the work there too, announced with `data-progress` events
//! ([`DataProgress`]: `working` once the file is chosen, then `done` or `failed`; an export
//! may first be `analysing` the entries not yet analysed), so the window can say what is
//! happening and keep its buttons disabled until the command answers. Exports and imports
//! count entries (`done` of `total`) for a progress bar; the events are sent only when the
//! whole percentage changes, so a large diary does not flood the window.

use std::path::PathBuf;
use std::sync::Mutex;

use haru_core::{AppError, DataStage, DataTask, ErrorCode, ExportSummary, ImportSummary};
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;
use zeroize::Zeroizing;

use haru_api::commands::portability::{self, ExportKind, ImportChoice};
use haru_api::commands::recommend::Recs;
use haru_api::host::{self, DataCounter, Event, Host};
use haru_api::Session;

use crate::host::WindowHost;

type Result<T> = std::result::Result<T, AppError>;

/// The file `pick_import_file` chose, kept here (never in the window) for `import_picked`,
/// which may first need the passphrase of an encrypted export.
#[derive(Default)]
pub struct PendingImport(Mutex<Option<PathBuf>>);

/// Runs `work` on a blocking worker thread (dialogs block; so do large exports).
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|err| AppError::new(ErrorCode::Internal, format!("the work stopped: {err}")))?
}

/// `work`, announced to the window as `task` (`data-progress`: working, then done or failed).
fn announced<T>(app: &AppHandle, task: DataTask, work: impl FnOnce() -> Result<T>) -> Result<T> {
    host::announced(&WindowHost(app.clone()), task, work)
}

/// "Back up now".
pub async fn backup(app: &AppHandle) -> Result<haru_core::BackupInfo> {
    let db = app.state::<Session>().db_file()?;
    let app = app.clone();
    blocking(move || announced(&app, DataTask::Backup, || portability::backup_now(&db))).await
}

/// The backups, newest first.
pub async fn list_backups(app: &AppHandle) -> Result<Vec<haru_core::BackupInfo>> {
    let db = app.state::<Session>().db_file()?;
    blocking(move || portability::list_backups(&db)).await
}

/// Restores the backup named `file_name` (one of [`list_backups`]'s).
pub async fn restore(app: &AppHandle, file_name: String) -> Result<haru_core::RestoreOutcome> {
    let app = app.clone();
    blocking(move || {
        let state = app.state::<Session>();
        let db = state.db_file()?;
        let backup = portability::backup_in(db.path(), db.key(), &file_name)?;
        let outcome = announced(&app, DataTask::Restore, || state.restore_backup(&backup))?;
        after_change(&app);
        Ok(outcome)
    })
    .await
}

/// Asks where to export (`None`: the dialog was cancelled), then writes the export there.
pub async fn export(
    app: &AppHandle,
    format: &str,
    passphrase: Option<String>,
) -> Result<Option<ExportSummary>> {
    let passphrase = passphrase.map(Zeroizing::new);
    let kind = ExportKind::parse(format, passphrase.is_some())?;
    let db = app.state::<Session>().db_file()?;
    let app = app.clone();
    blocking(move || {
        let Some(path) = save_path(&app, kind) else {
            return Ok(None);
        };
        let passphrase = passphrase.as_ref().map(|p| p.as_str());
        let exported = announced(&app, DataTask::Export, || {
            let window = WindowHost(app.clone());
            let mut counter = DataCounter::new(&window, DataTask::Export);
            portability::export(
                &db,
                kind,
                &path,
                passphrase,
                &crate::analysis::model_paths(),
                &mut |stage, done, total| counter.report(stage, done, total),
            )
        })?;
        for entry_id in &exported.analysed {
            WindowHost(app.clone()).emit(Event::Analysed {
                entry_id: *entry_id,
            });
        }
        Ok(Some(exported.summary))
    })
    .await
}

/// Asks which file to import (`None`: cancelled) and keeps it for [`import_picked`].
pub async fn pick_import(app: &AppHandle) -> Result<Option<ImportChoice>> {
    let app = app.clone();
    blocking(move || {
        let Some(path) = open_path(&app) else {
            return Ok(None);
        };
        let choice = portability::describe_import(&path)?;
        *pending(&app) = Some(path);
        Ok(Some(choice))
    })
    .await
}

/// Imports the file [`pick_import`] chose. A missing or wrong passphrase keeps it chosen, to
/// try again.
pub async fn import_picked(app: &AppHandle, passphrase: Option<String>) -> Result<ImportSummary> {
    let passphrase = passphrase.map(Zeroizing::new);
    let app = app.clone();
    blocking(move || {
        let path = pending(&app).take().ok_or_else(|| {
            AppError::new(ErrorCode::InvalidInput, "choose a file to import first")
        })?;
        let passphrase = passphrase.as_ref().map(|p| p.as_str());
        let state = app.state::<Session>();
        let result = announced(&app, DataTask::Import, || {
            let window = WindowHost(app.clone());
            let mut counter = DataCounter::new(&window, DataTask::Import);
            state.with_store(|s| {
                portability::import(s, &path, passphrase, &mut |done, total| {
                    counter.report(DataStage::Working, done, total)
                })
            })
        });
        match &result {
            Err(err) if matches!(err.code, ErrorCode::Locked | ErrorCode::WrongPassphrase) => {
                *pending(&app) = Some(path);
            }
            Err(_) => {}
            Ok(_) => after_change(&app),
        }
        result
    })
    .await
}

/// The diary changed underneath (a restore, an import): what the recommender learned is read
/// again from it, and its new entries are analysed.
fn after_change(app: &AppHandle) {
    app.state::<Recs>().forget();
    app.state::<Session>().queue_unanalysed();
}

fn pending(app: &AppHandle) -> std::sync::MutexGuard<'_, Option<PathBuf>> {
    let slot = &app.state::<PendingImport>().inner().0;
    slot.lock().unwrap_or_else(|p| p.into_inner())
}

/// The system's save dialog, over the main window, proposing `kind`'s file name.
fn save_path(app: &AppHandle, kind: ExportKind) -> Option<PathBuf> {
    let today = haru_core::date::today().to_string();
    let mut dialog = app
        .dialog()
        .file()
        .set_file_name(kind.suggested_name(&today))
        .set_can_create_directories(true);
    if let Some((name, extensions)) = kind.filter() {
        dialog = dialog.add_filter(name, extensions);
    }
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    dialog.blocking_save_file()?.into_path().ok()
}

/// The system's open dialog, over the main window, for a Haru, Day One or jrnl export.
fn open_path(app: &AppHandle) -> Option<PathBuf> {
    let mut dialog = app
        .dialog()
        .file()
        .add_filter("Haru, Day One, jrnl", &["json", "zip", "haru"]);
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    dialog.blocking_pick_file()?.into_path().ok()
}
