//! Recommendations as the app and the CLI load and feed them: the recommender over the bundled
//! catalogues and the diary's learning, refusing catalogue vectors of another emotion model
//! than the one reading the diary, the import of the writer's own films and songs, and the
//! recommender the app keeps loaded between commands ([`Recs`]).

use std::sync::{Arc, Mutex};

use haru_core::{AppError, CatalogueProgress, ErrorCode, ImportReport};
use haru_emotion::ModelPaths;
use haru_recommend::import::Parsed;
use haru_recommend::music::MoodMapping;
use haru_recommend::{CatalogueItem, Recommender, Vectorizer};
use haru_store::Store;

use crate::host::{Event, Host};
use crate::{Result, Session};

/// The recommender over the catalogues (found as `haru_recommend::catalogue::locate_resources`
/// finds them) and what `store` learned; with `model_sha256`, catalogues built by another model
/// are refused, loudly (`invalid_input`, naming both).
pub fn load(store: &Store, model_sha256: Option<&str>) -> Result<Recommender> {
    let resources = haru_recommend::catalogue::locate_resources()?;
    let recommender = Recommender::load(&resources, store)?;
    recommender.check_model(model_sha256)?;
    Ok(recommender)
}

/// The SHA-256 of the emotion model in `paths`, from its description (without loading it).
pub fn model_sha256(paths: &ModelPaths) -> Option<String> {
    haru_emotion::ModelMeta::load(&paths.meta)
        .ok()
        .and_then(|meta| meta.sha256)
}

/// A file of the writer's own films or songs (CSV or JSON), read and checked before anything
/// is written: its rows, the reasons the others were refused, and the mood mapping that places
/// songs by their audio features.
pub struct CatalogueFile {
    parsed: Parsed,
    mapping: MoodMapping,
}

impl CatalogueFile {
    /// Reads `bytes` of a file named `file_name` (its extension says the format).
    pub fn read(file_name: &str, bytes: &[u8]) -> Result<CatalogueFile> {
        let parsed = haru_recommend::import::parse(file_name, bytes)
            .map_err(|e| AppError::new(ErrorCode::InvalidInput, e.0))?;
        let resources = haru_recommend::catalogue::locate_resources()?;
        let mapping = haru_recommend::music::load_mapping(&resources)?;
        Ok(CatalogueFile { parsed, mapping })
    }

    /// How many rows can be imported.
    pub fn rows(&self) -> usize {
        self.parsed.rows.len()
    }

    /// Whether a row has a text (a synopsis, lyrics) for the emotion model to read.
    pub fn needs_model(&self) -> bool {
        self.parsed.rows.iter().any(|r| r.text.is_some())
    }

    /// Stores the rows as the writer's items (texts read by `model`), reporting `progress(done,
    /// total)`; returns the report (imported, refused rows with reasons) and the items for the
    /// recommender's index.
    pub fn import(
        &self,
        store: &mut Store,
        model: Option<&mut dyn Vectorizer>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<(ImportReport, Vec<CatalogueItem>)> {
        let items = haru_recommend::stored_items::import_rows(
            store,
            &self.parsed.rows,
            model,
            &self.mapping,
            progress,
        )?;
        Ok((self.parsed.report(items.len() as u32), items))
    }
}

/// The writer's items read by an older model than `model` are read again (vectors of two
/// models are never ranked together) and put in `recommender`'s index; how many.
pub fn refresh_stale(
    store: &mut Store,
    recommender: &mut Recommender,
    model: &mut dyn Vectorizer,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<usize> {
    if recommender.stats(store)?.stale_items == 0 {
        return Ok(0);
    }
    let items = haru_recommend::stored_items::refresh_stale_items(store, model, progress)?;
    let refreshed = items.len();
    recommender.add_items(items);
    Ok(refreshed)
}

/// The recommender the app holds between commands: loaded on first use (the catalogues take a
/// moment to read, so the window never waits for them), then shared by the recommendation
/// commands; the writer's items of an older model are read again in the background.
#[derive(Default)]
pub struct Recs {
    recommender: Arc<Mutex<Option<Recommender>>>,
}

impl Recs {
    /// Forgets the loaded recommender once a restore, an import or a lock replaced the diary
    /// it read its learning from; the next use loads it again.
    pub fn forget(&self) {
        if let Ok(mut guard) = self.recommender.lock() {
            *guard = None;
        }
    }

    /// Runs `f` with the recommender (loading it first if needed, with the model check) and
    /// the store; catalogue progress of a background refresh goes to `host`.
    pub fn with<T, E: Into<AppError>>(
        &self,
        session: &Session,
        host: &Arc<dyn Host>,
        f: impl FnOnce(&mut Recommender, &mut Store) -> std::result::Result<T, E>,
    ) -> Result<T> {
        let mut guard = self.recommender.lock().map_err(|_| {
            AppError::new(
                ErrorCode::Internal,
                "recommendations are unavailable after an earlier failure",
            )
        })?;
        session.with_store(|store| -> Result<T> {
            if guard.is_none() {
                let recommender = load(store, model_sha256(&ModelPaths::locate()).as_deref())?;
                if recommender
                    .stats(store)
                    .map(|s| s.stale_items > 0)
                    .unwrap_or(false)
                {
                    self.refresh_in_background(host.clone(), store.db_file());
                }
                *guard = Some(recommender);
            }
            let recommender = guard.as_mut().expect("loaded above");
            f(recommender, store).map_err(Into::into)
        })
    }

    /// Imports the writer's catalogue file, reading texts with the model, with
    /// `catalogue-progress` events to `host`.
    pub fn import(
        &self,
        session: &Session,
        host: &Arc<dyn Host>,
        file_name: &str,
        contents: &[u8],
    ) -> Result<ImportReport> {
        let file = CatalogueFile::read(file_name, contents)?;
        let mut model = if file.needs_model() {
            Some(haru_analysis::ModelVectorizer::load(
                &ModelPaths::locate(),
                1,
            )?)
        } else {
            None
        };
        let emit = |done: usize, total: usize, finished: bool| {
            host.emit(catalogue_event(done, total, finished))
        };
        emit(0, file.rows(), false);
        let result = self.with(session, host, |recommender, store| {
            let vectorizer = model.as_mut().map(|m| m as &mut dyn Vectorizer);
            let (report, items) = file.import(store, vectorizer, &mut |d, t| emit(d, t, false))?;
            recommender.add_items(items);
            Ok::<_, AppError>(report)
        });
        emit(file.rows(), file.rows(), true);
        result
    }

    /// Re-reads the writer's items made by an older model, on its own thread and its own
    /// database connection (saves never wait for it), then puts them in the index.
    fn refresh_in_background(&self, host: Arc<dyn Host>, db: haru_store::DbFile) {
        let recommender = self.recommender.clone();
        std::thread::spawn(move || {
            let refreshed = db
                .open(haru_store::Integrity::CheckAtOpen)
                .map_err(AppError::from)
                .and_then(|mut store| {
                    let mut model = haru_analysis::ModelVectorizer::load(&ModelPaths::locate(), 1)?;
                    haru_recommend::stored_items::refresh_stale_items(
                        &mut store,
                        &mut model,
                        &mut |d, t| host.emit(catalogue_event(d, t, false)),
                    )
                    .map_err(AppError::from)
                });
            match refreshed {
                Ok(items) => {
                    let total = items.len();
                    if let Ok(mut guard) = recommender.lock() {
                        if let Some(r) = guard.as_mut() {
                            r.add_items(items);
                        }
                    }
                    host.emit(catalogue_event(total, total, true));
                }
                Err(err) => log::warn!("imported items were not refreshed: {}", err.message),
            }
        });
    }
}

fn catalogue_event(done: usize, total: usize, finished: bool) -> Event {
    Event::Catalogue(CatalogueProgress {
        done: done as u32,
        total: total as u32,
        finished,
    })
}
