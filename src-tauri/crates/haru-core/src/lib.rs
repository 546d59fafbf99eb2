//! Haru's vocabulary: the types every layer (store, CLI, desktop shell, UI) agrees on.
//!
//! This crate has no I/O and no Tauri dependency so that it can be shared by the CLI and the
//! app alike, and so that the TypeScript bindings the UI uses are generated from one place
//! (`ts-rs`, written to `ui/src/bindings/` by `cargo test`).

pub mod checkin;
pub mod date;
pub mod emotion;
pub mod entry;
pub mod error;
pub mod portability;
pub mod recommend;
pub mod settings;
pub mod text;
pub mod xorshift;

pub use checkin::CheckIn;
pub use date::{parse_entry_date, EntryDate};
pub use emotion::{
    AnalyserStatus, CareNote, EmotionPeak, EntryAnalysis, PeakSentence, PeriodEmotions,
    ReanalysisProgress, SentenceEmotion, LABELS, LABELS_KO,
};
pub use entry::{DayCount, Entry, EntrySummary, SaveOutcome, SaveRequest, SearchHit};
pub use error::{AppError, ErrorCode};
pub use portability::{
    BackupInfo, DataProgress, DataStage, DataTask, ExportSummary, ImportProblem, ImportSummary,
    RestoreOutcome,
};
pub use recommend::{
    Audience, CatalogueProgress, CatalogueStats, EntryRecommendations, FeedbackHistory,
    FeedbackRecord, FeedbackValue, ImportReport, ItemKind, LabelWeight, Recommendation,
    RecommendationPrefs, RowError, SatisfactionPoint, Strategy,
};
pub use settings::{
    AppStatus, DisplaySettings, Settings, TextSize, Theme, UnknownSetting, WeekStart,
};
pub use xorshift::XorShift;
