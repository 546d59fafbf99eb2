//! Wires the background emotion worker to the window: its callbacks become Tauri events the
//! UI listens to (`analyzer-status`, `analysis-updated`, `reanalysis-progress`).

use std::sync::Arc;

use haru_analysis::{AnalysisWorker, Events};
use haru_core::{AnalyzerStatus, ReanalysisProgress};
use tauri::{AppHandle, Emitter};

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

/// Tells the window that `entry_id` has a new analysis (made outside the worker: before an
/// export).
pub fn announce_analysed(app: &AppHandle, entry_id: i64) {
    let _ = app.emit("analysis-updated", Analysed { entry_id });
}

/// The model's files, found as the CLI finds them (`haru_emotion::ModelPaths::locate`:
/// `$HARU_MODEL_DIR`, then the bundle folder beside the executable — Tauri's resource folder —
/// then, in development builds, the checkout).
pub fn model_paths() -> haru_emotion::ModelPaths {
    haru_emotion::ModelPaths::locate()
}

/// Starts the worker on the open diary with the model [`model_paths`] finds.
pub fn start(app: &AppHandle, db: haru_store::DbFile) -> AnalysisWorker {
    let paths = model_paths();
    AnalysisWorker::start(
        db,
        paths,
        ANALYSIS_THREADS,
        Arc::new(WindowEvents(app.clone())),
    )
}
