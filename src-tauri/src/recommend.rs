//! The recommender held by the shell: loaded on first use (the catalogues take a moment to
//! read, so the window never waits for them), then shared by the recommendation commands.

use std::path::PathBuf;
use std::sync::Mutex;

use haru_core::{AppError, CatalogueProgress, ErrorCode, ImportReport};
use haru_recommend::{RecommendError, Recommender};
use haru_store::Store;
use tauri::{AppHandle, Emitter, Manager};

use haru_api::Session;

#[derive(Default)]
pub struct Recs {
    recommender: Mutex<Option<Recommender>>,
}

/// The catalogues' folder, found as the CLI finds it (`$HARU_RESOURCE_DIR`, then the bundle
/// folder beside the executable — Tauri's resource folder — then, in development builds, the
/// checkout); the error names where it was expected.
fn resources() -> Result<PathBuf, AppError> {
    Ok(haru_recommend::catalogue::locate_resources()?)
}

impl Recs {
    /// Forgets the loaded recommender once a restore or an import replaced the diary it read
    /// its learning from; the next use loads it again.
    pub fn forget(&self) {
        if let Ok(mut guard) = self.recommender.lock() {
            *guard = None;
        }
    }

    /// Runs `f` with the recommender (loading it first if needed) and the store.
    pub fn with<T>(
        &self,
        app: &AppHandle,
        state: &Session,
        f: impl FnOnce(&mut Recommender, &mut Store) -> Result<T, RecommendError>,
    ) -> Result<T, AppError> {
        let mut guard = self.recommender.lock().map_err(|_| {
            AppError::new(
                ErrorCode::Internal,
                "recommendations are unavailable after an earlier failure",
            )
        })?;
        let resources = if guard.is_none() {
            Some(resources()?)
        } else {
            None
        };
        state.with_store(|store| -> Result<T, AppError> {
            if let Some(resources) = resources {
                let recommender = Recommender::load(&resources, store)?;
                // Vectors of another model than the one reading the diary: refuse, loudly.
                let meta = haru_emotion::ModelMeta::load(&crate::analysis::model_paths().meta);
                recommender.check_model(meta.ok().and_then(|m| m.sha256).as_deref())?;
                if recommender
                    .stats(store)
                    .map(|s| s.stale_items > 0)
                    .unwrap_or(false)
                {
                    refresh_in_background(app.clone(), store.db_file());
                }
                *guard = Some(recommender);
            }
            let recommender = guard.as_mut().expect("loaded above");
            Ok(f(recommender, store)?)
        })
    }

    /// Imports the user's catalogue file, vectorising texts with the model, with progress
    /// events (`catalogue-progress`).
    pub fn import(
        &self,
        app: &AppHandle,
        state: &Session,
        file_name: &str,
        contents: &str,
    ) -> Result<ImportReport, AppError> {
        let parsed = haru_recommend::import::parse(file_name, contents.as_bytes())
            .map_err(|e| AppError::new(ErrorCode::InvalidInput, e.0))?;
        let mapping = haru_recommend::music::load_mapping(&resources()?)?;
        let mut model = if parsed.rows.iter().any(|r| r.text.is_some()) {
            Some(haru_analysis::ModelVectorizer::load(
                &crate::analysis::model_paths(),
                1,
            )?)
        } else {
            None
        };
        let emit =
            |done: usize, total: usize, finished: bool| progress_event(app, done, total, finished);
        emit(0, parsed.rows.len(), false);
        let result = self.with(app, state, |recommender, store| {
            let items = haru_recommend::stored_items::import_rows(
                store,
                &parsed.rows,
                model
                    .as_mut()
                    .map(|m| m as &mut dyn haru_recommend::Vectorizer),
                &mapping,
                &mut |d, t| emit(d, t, false),
            )?;
            let imported = items.len() as u32;
            recommender.add_items(items);
            Ok(parsed.report(imported))
        });
        emit(parsed.rows.len(), parsed.rows.len(), true);
        result
    }
}

fn progress_event(app: &AppHandle, done: usize, total: usize, finished: bool) {
    let _ = app.emit(
        "catalogue-progress",
        CatalogueProgress {
            done: done as u32,
            total: total as u32,
            finished,
        },
    );
}

/// Re-reads the user's imported items made by an older model, on its own thread and its own
/// database connection (saves never wait for it), then puts them in the index.
fn refresh_in_background(app: AppHandle, db: haru_store::DbFile) {
    std::thread::spawn(move || {
        let paths = crate::analysis::model_paths();
        let refreshed = db
            .open(haru_store::Integrity::CheckAtOpen)
            .map_err(AppError::from)
            .and_then(|mut store| {
                let mut model = haru_analysis::ModelVectorizer::load(&paths, 1)?;
                haru_recommend::stored_items::refresh_stale_items(
                    &mut store,
                    &mut model,
                    &mut |d, t| progress_event(&app, d, t, false),
                )
                .map_err(AppError::from)
            });
        match refreshed {
            Ok(items) => {
                let total = items.len();
                if let Ok(mut guard) = app.state::<Recs>().recommender.lock() {
                    if let Some(r) = guard.as_mut() {
                        r.add_items(items);
                    }
                }
                progress_event(&app, total, total, true);
            }
            Err(err) => log::warn!("imported items were not refreshed: {}", err.message),
        }
    });
}
