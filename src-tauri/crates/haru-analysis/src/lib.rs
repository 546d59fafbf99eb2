//! Keeps every entry's stored emotions in step with its text, off the UI thread.
//!
//! The desktop shell owns one [`AnalysisWorker`]: a thread that checks the model's files
//! (reporting `Loading` → `Ready` or `Unavailable` with the reason), loads the model when there
//! is work, analyses entries a moment after they
//! are saved (saves arrive every few hundred milliseconds while someone types, so each entry
//! waits [`SAVE_DEBOUNCE`] after its last save), and re-analyses, oldest first, every entry
//! whose analysis is missing, out of date, or made by another model, with progress and
//! cancellation. After [`IDLE_UNLOAD`] without work it unloads the model to give its memory
//! back, and loads it again for the next save. It talks to the UI only through the [`Events`] callbacks, so it runs and is
//! tested without a window. When the model cannot load the diary keeps working: nothing here
//! is on the save path.

mod vectorizer;
mod view;
mod worker;

pub use vectorizer::ModelVectorizer;
pub use view::{entry_analysis, utf16_offsets};
pub use worker::{
    analyse_pending, catch_up, AnalysisWorker, CatchUp, Events, IDLE_UNLOAD, SAVE_DEBOUNCE,
};
