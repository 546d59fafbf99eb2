//! Starts the background emotion worker on the open diary, reporting to the window through
//! the app's host (`analyser-status`, `analysis-updated`, `reanalysis-progress`).

use std::sync::Arc;

use haru_analysis::AnalysisWorker;
use haru_api::host::WorkerEvents;
use tauri::AppHandle;

use crate::host::WindowHost;

/// ONNX Runtime threads for analysis: one keeps the window responsive on small machines.
const ANALYSIS_THREADS: usize = 1;

/// The model's files, found as the CLI finds them (`haru_emotion::ModelPaths::locate`:
/// `$HARU_MODEL_DIR`, then the bundle folder beside the executable — Tauri's resource folder —
/// then, in development builds, the checkout).
pub fn model_paths() -> haru_emotion::ModelPaths {
    haru_emotion::ModelPaths::locate()
}

/// Starts the worker on the open diary with the model [`model_paths`] finds.
pub fn start(app: &AppHandle, db: haru_store::DbFile) -> AnalysisWorker {
    AnalysisWorker::start(
        db,
        model_paths(),
        ANALYSIS_THREADS,
        Arc::new(WorkerEvents(Arc::new(WindowHost(app.clone())))),
    )
}
