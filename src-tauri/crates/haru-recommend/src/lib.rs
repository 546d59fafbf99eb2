//! Movies and songs that fit the day, explained and improved by the user's feedback.
//!
//! - `space`: the emotion space and the documented *match* / *comfort* / *lift* targets.
//! - `fit`: heavy days, audiences, and what a hard day is not handed (rules beyond taste).
//! - `catalogue`: catalogue files (`resources/catalogue/*.jsonl`) and the in-memory index.
//! - `music`: the calibrated audio-feature → mood → emotion mapping for songs.
//! - `build` (feature `tools`, the CLI's only): `haru catalogue build` — the shipped catalogues
//!   from `../shared/data`.
//! - `import`: the user's own catalogue (CSV / JSON), validated row by row.
//! - `learner`, `rank`, `explain`: the online learner, ranking with diversity, the "why".
//! - `service`: the whole flow over a diary database (what the app and CLI call).
//! - `simulate` (feature `tools`): synthetic users living through days, to measure satisfaction.
//!
//! No Tauri and no model here: vectors for new text come through the [`Vectorizer`] trait,
//! which the CLI and the app implement with `haru-emotion`.

#[cfg(feature = "tools")]
pub mod build;
pub mod catalogue;
pub mod explain;
pub mod feedback;
pub mod fit;
pub mod import;
pub mod learner;
pub mod music;
pub mod prefs;
pub mod rank;
pub mod rng;
pub mod service;
#[cfg(feature = "tools")]
pub mod simulate;
pub mod space;
pub mod stored_items;

use std::path::PathBuf;

use haru_core::{AppError, ErrorCode};

pub use catalogue::{Basis, Catalogue, CatalogueHeader, CatalogueItem};
pub use learner::{Learner, LearnerState};
pub use service::Recommender;

/// Turns texts into 28-label distributions (the emotion model, behind a trait).
pub trait Vectorizer {
    /// One distribution per text, in order.
    fn vectorize(&mut self, texts: &[String]) -> Result<Vec<Vec<f32>>, AppError>;
    /// The model's id and the sha256 of its ONNX file.
    fn model_id(&self) -> String;
    fn model_sha256(&self) -> String;
}

#[derive(Debug, thiserror::Error)]
pub enum RecommendError {
    #[error(
        "the catalogue {path} is damaged ({detail}): reinstall Haru, or rebuild it with \
         `haru catalogue build`"
    )]
    BadCatalogue { path: PathBuf, detail: String },
    #[error(
        "no catalogues in {} (movies.jsonl, music.jsonl): reinstall Haru, or set \
         HARU_RESOURCE_DIR to a folder with catalogue/ in it",
        expected.display()
    )]
    NoCatalogue {
        /// Where this build expected them (see `catalogue::locate_resources`).
        expected: PathBuf,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("unknown item '{0}'")]
    UnknownItem(String),
    #[error(transparent)]
    Store(#[from] haru_store::StoreError),
    #[error(transparent)]
    App(#[from] AppError),
    #[error("cancelled")]
    Cancelled,
}

impl RecommendError {
    /// An I/O failure on `path`: the store's, so that a full disk reads the same everywhere.
    pub(crate) fn io(
        path: &std::path::Path,
    ) -> impl Fn(std::io::Error) -> RecommendError + Copy + '_ {
        move |source| {
            RecommendError::Store(haru_store::StoreError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    }
}

impl From<RecommendError> for AppError {
    fn from(err: RecommendError) -> AppError {
        let code = match err {
            RecommendError::Store(e) => return e.into(),
            RecommendError::App(e) => return e,
            RecommendError::BadCatalogue { .. }
            | RecommendError::NoCatalogue { .. }
            | RecommendError::UnknownItem(_) => ErrorCode::NotFound,
            RecommendError::Invalid(_) | RecommendError::Cancelled => ErrorCode::InvalidInput,
        };
        AppError::new(code, err.to_string())
    }
}
