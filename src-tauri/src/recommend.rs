//! The recommender held by the shell: loaded on first use (the catalogues take a moment to
//! read, so the window never waits for them), then shared by the recommendation commands.

use std::sync::Mutex;

use haru_api::commands::recommend::{self, CatalogueFile};
use haru_api::host::{Event, Host};
use haru_core::{AppError, CatalogueProgress, ErrorCode, ImportReport};
use haru_recommend::{Recommender, Vectorizer};
use haru_store::Store;
use tauri::{AppHandle, Manager};

use crate::host::WindowHost;

use haru_api::Session;

#[derive(Default)]
pub struct Recs {
    recommender: Mutex<Option<Recommender>>,
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
    pub fn with<T, E: Into<AppError>>(
        &self,
        app: &AppHandle,
        state: &Session,
        f: impl FnOnce(&mut Recommender, &mut Store) -> Result<T, E>,
    ) -> Result<T, AppError> {
        let mut guard = self.recommender.lock().map_err(|_| {
            AppError::new(
                ErrorCode::Internal,
                "recommendations are unavailable after an earlier failure",
            )
        })?;
        state.with_store(|store| -> Result<T, AppError> {
            if guard.is_none() {
                let model = recommend::model_sha256(&crate::analysis::model_paths());
                let recommender = recommend::load(store, model.as_deref())?;
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
            f(recommender, store).map_err(Into::into)
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
        let file = CatalogueFile::read(file_name, contents.as_bytes())?;
        let mut model = if file.needs_model() {
            Some(haru_analysis::ModelVectorizer::load(
                &crate::analysis::model_paths(),
                1,
            )?)
        } else {
            None
        };
        let emit =
            |done: usize, total: usize, finished: bool| progress_event(app, done, total, finished);
        emit(0, file.rows(), false);
        let result = self.with(app, state, |recommender, store| {
            let vectorizer = model.as_mut().map(|m| m as &mut dyn Vectorizer);
            let (report, items) = file.import(store, vectorizer, &mut |d, t| emit(d, t, false))?;
            recommender.add_items(items);
            Ok::<_, AppError>(report)
        });
        emit(file.rows(), file.rows(), true);
        result
    }
}

fn progress_event(app: &AppHandle, done: usize, total: usize, finished: bool) {
    WindowHost(app.clone()).emit(Event::Catalogue(CatalogueProgress {
        done: done as u32,
        total: total as u32,
        finished,
    }));
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
