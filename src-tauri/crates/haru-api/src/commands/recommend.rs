//! Recommendations as the app and the CLI load and feed them: the recommender over the bundled
//! catalogues and the diary's learning, refusing catalogue vectors of another emotion model
//! than the one reading the diary, and the import of the writer's own films and songs.

use haru_core::{AppError, ErrorCode, ImportReport};
use haru_recommend::import::Parsed;
use haru_recommend::music::MoodMapping;
use haru_recommend::{CatalogueItem, Recommender, Vectorizer};
use haru_store::Store;

use crate::Result;

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
pub fn model_sha256(paths: &haru_emotion::ModelPaths) -> Option<String> {
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
