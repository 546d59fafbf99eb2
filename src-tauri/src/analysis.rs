//! Wires the background emotion worker to the window: its callbacks become Tauri events the
//! UI listens to (`analyzer-status`, `analysis-updated`, `reanalysis-progress`).

use std::sync::Arc;

use haru_analysis::{AnalysisWorker, Events};
use haru_core::{AnalyzerStatus, ReanalysisProgress};
use tauri::{AppHandle, Emitter, Manager};

/// ONNX Runtime threads for analysis: one keeps the window responsive on small machines.
const ANALYSIS_THREADS: usize = 1;

struct WindowEvents(AppHandle);

#[derive(Clone, serde::Serialize)]
struct Analysed {
    entry_id: i64,
}

impl Events for WindowEvents {
    fn status(&self, status: &AnalyzerStatus) {
        let _ = self.0.emit("analyzer-status", status);
    }
    fn analysed(&self, entry_id: i64) {
        let _ = self.0.emit("analysis-updated", Analysed { entry_id });
    }
    fn progress(&self, progress: &ReanalysisProgress) {
        let _ = self.0.emit("reanalysis-progress", progress);
    }
}

/// The model's files: the copy bundled as a resource when the app is installed (unless
/// `HARU_MODEL_DIR` says otherwise), else what `ModelPaths::locate` finds.
pub fn model_paths(app: &AppHandle) -> haru_emotion::ModelPaths {
    // `HARU_MODEL_DIR` (tests, developers) wins over the bundled copy.
    let bundled = app
        .path()
        .resource_dir()
        .ok()
        .filter(|_| std::env::var_os("HARU_MODEL_DIR").is_none())
        .map(|dir| dir.join("models"))
        .filter(|dir| dir.join("haru-emotion.onnx").is_file());
    haru_emotion::ModelPaths::locate_with(bundled.as_deref(), None)
}

/// Starts the worker on the open diary, with the model bundled as a resource when the app
/// is installed (unless `HARU_MODEL_DIR` says otherwise), or found by `haru_emotion::ModelPaths::locate` (environment, next to the
/// executable, the source tree) otherwise.
pub fn start(app: &AppHandle, db: haru_store::DbFile) -> AnalysisWorker {
    let paths = model_paths(app);
    AnalysisWorker::start(
        db,
        paths,
        ANALYSIS_THREADS,
        Arc::new(WindowEvents(app.clone())),
    )
}
