//! What the shell holds between commands: the data folder and the open store, or the reason
//! it could not be opened (the UI then shows that reason instead of the editor).

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Instant;

use haru_analysis::AnalysisWorker;
use haru_core::{
    AnalyzerStatus, AppError, AppStatus, EntryAnalysis, ErrorCode, SaveOutcome, SaveRequest,
};
use haru_store::Store;

/// How long a deleted entry stays restorable across restarts before its text is erased.
const TRASH_GRACE: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

pub struct AppState {
    pub data_dir: PathBuf,
    pub db_path: PathBuf,
    store: Result<Mutex<Store>, AppError>,
    /// Started when the editor is ready (it reports through window events).
    pub analysis: OnceLock<AnalysisWorker>,
    pub started: Instant,
}

impl AppState {
    pub fn open(data_dir: PathBuf) -> AppState {
        let db_path = data_dir.join(haru_store::DB_FILE_NAME);
        let store = Store::open_in(&data_dir)
            .and_then(|mut store| {
                let cutoff = (chrono::Utc::now() - TRASH_GRACE)
                    .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
                store.purge_trash(&cutoff)?;
                Ok(store)
            })
            .map(Mutex::new)
            .map_err(AppError::from);
        if let Err(err) = &store {
            eprintln!("haru-app: {}", err.message);
        }
        AppState {
            data_dir,
            db_path,
            store,
            analysis: OnceLock::new(),
            started: Instant::now(),
        }
    }

    pub fn status(&self) -> AppStatus {
        AppStatus {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: self.data_dir.display().to_string(),
            db_path: self.db_path.display().to_string(),
            db_error: self.store.as_ref().err().cloned(),
        }
    }

    /// Starts background analysis once (the shell calls this when the editor is ready, so
    /// loading the model never competes with the window's first paint).
    pub fn start_analysis(&self, start: impl FnOnce(PathBuf) -> AnalysisWorker) {
        if self.store.is_ok() {
            self.analysis.get_or_init(|| start(self.db_path.clone()));
        }
    }

    /// Saves, then queues the entry for emotion analysis.
    pub fn save(&self, request: &SaveRequest) -> Result<SaveOutcome, AppError> {
        let outcome = self.with_store(|s| s.save(request))?;
        if let (SaveOutcome::Saved { entry }, Some(worker)) = (&outcome, self.analysis.get()) {
            worker.entry_saved(entry.id);
        }
        Ok(outcome)
    }

    pub fn analyzer_status(&self) -> AnalyzerStatus {
        match (&self.store, self.analysis.get()) {
            (Err(err), _) => AnalyzerStatus::Unavailable {
                message: err.message.clone(),
            },
            (Ok(_), Some(worker)) => worker.status(),
            (Ok(_), None) => AnalyzerStatus::Loading,
        }
    }

    /// Fails with `model_unavailable` (and the reason) when the emotion model cannot load:
    /// `what` needs it.
    pub fn require_model(&self, what: &str) -> Result<(), AppError> {
        match self.analyzer_status() {
            AnalyzerStatus::Unavailable { message } => Err(AppError::new(
                ErrorCode::ModelUnavailable,
                format!("{what} need the emotion model, which is unavailable: {message}"),
            )),
            _ => Ok(()),
        }
    }

    /// `(label index, threshold)` for searching by feeling: the model's threshold for the
    /// label (0.5 before the model's files have been checked).
    pub fn emotion_filter(&self, label: &str) -> Result<(usize, f32), AppError> {
        let index = haru_core::LABELS
            .iter()
            .position(|l| *l == label)
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    format!("unknown emotion '{label}'"),
                )
            })?;
        let threshold = self
            .analysis
            .get()
            .and_then(AnalysisWorker::thresholds)
            .and_then(|t| t.get(index).copied())
            .unwrap_or(0.5);
        Ok((index, threshold))
    }

    pub fn analysis_of(&self, id: i64) -> Result<Option<EntryAnalysis>, AppError> {
        let thresholds = self.analysis.get().and_then(AnalysisWorker::thresholds);
        self.with_store(|s| haru_analysis::entry_analysis(s, id, thresholds.as_deref()))
    }

    /// Runs `f` on the store, or fails with the start-up error when there is none.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, haru_store::StoreError>,
    ) -> Result<T, AppError> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        let mut guard: MutexGuard<'_, Store> = store.lock().map_err(|_| {
            AppError::new(
                ErrorCode::Internal,
                "the diary store is unavailable after an earlier failure",
            )
        })?;
        f(&mut guard).map_err(AppError::from)
    }
}

/// Benchmarks set `HARU_READY_FILE`; when the editor is usable the app writes the wall-clock
/// time (Unix milliseconds) and the milliseconds since the process state was created.
pub fn write_ready_marker(started: Instant) {
    if let Some(path) = std::env::var_os("HARU_READY_FILE") {
        let unix_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        let line = format!("{unix_ms} {}\n", started.elapsed().as_millis());
        if let Err(err) = std::fs::write(&path, line) {
            eprintln!("haru-app: cannot write HARU_READY_FILE: {err}");
        }
    }
}
