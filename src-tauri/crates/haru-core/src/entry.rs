//! Diary entries as they cross the IPC boundary and the CLI's `--json` output.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One diary entry, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Entry {
    #[ts(type = "number")]
    pub id: i64,
    /// Local calendar day, `YYYY-MM-DD`.
    pub date: String,
    pub body: String,
    /// `ko`, `en` or `und` (undetermined), detected from the text.
    pub language: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
    pub word_count: u32,
}

impl Entry {
    /// The entry as a list row.
    pub fn summary(&self) -> EntrySummary {
        EntrySummary {
            id: self.id,
            date: self.date.clone(),
            preview: crate::text::preview(&self.body, PREVIEW_CHARS),
            language: self.language.clone(),
            created_at: self.created_at.clone(),
            updated_at: self.updated_at.clone(),
            word_count: self.word_count,
        }
    }
}

/// Characters of body text a list row shows.
pub const PREVIEW_CHARS: usize = 140;

/// A list row: everything but the full body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EntrySummary {
    #[ts(type = "number")]
    pub id: i64,
    pub date: String,
    /// The first ~140 characters of the body on one line.
    pub preview: String,
    pub language: String,
    pub created_at: String,
    pub updated_at: String,
    pub word_count: u32,
}

/// How many entries a day holds (calendar dots).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DayCount {
    pub date: String,
    pub count: u32,
}

/// What the editor sends on autosave: `id` is `null` until the first save created the entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SaveRequest {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub date: String,
    pub body: String,
}

/// The result of an autosave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum SaveOutcome {
    /// The text was stored.
    Saved { entry: Entry },
    /// Blank text for a new entry: nothing was stored, and that is not an error.
    Empty,
    /// An existing entry was emptied, so it went to the trash (undo restores it).
    Trashed {
        #[ts(type = "number")]
        id: i64,
    },
}

/// One search result with a snippet and the match positions inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchHit {
    pub entry: EntrySummary,
    pub snippet: String,
    /// `[start, end)` ranges in UTF-16 code units of `snippet` (what JavaScript strings index).
    pub highlights: Vec<(u32, u32)>,
}
