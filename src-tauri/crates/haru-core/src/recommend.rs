//! Recommendations as the UI and the CLI see them: the cards under an entry, the feedback
//! buttons, the user's stated preferences and the catalogue's state.
//!
//! The ranking itself lives in `haru-recommend`; these are only the shapes that cross the IPC
//! boundary (TypeScript bindings are generated from them).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a catalogue item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ItemKind {
    Movie,
    Music,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Movie => "movie",
            ItemKind::Music => "music",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "movie" => Some(ItemKind::Movie),
            "music" => Some(ItemKind::Music),
            _ => None,
        }
    }
}

/// Whether recommendations should fit the day's mood, comfort it (warm, gentle, hopeful, low in
/// arousal: what a hard day asks for) or gently lift it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Strategy {
    Match,
    Comfort,
    Lift,
}

impl Strategy {
    pub const ALL: [Strategy; 3] = [Strategy::Match, Strategy::Comfort, Strategy::Lift];

    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Match => "match",
            Strategy::Comfort => "comfort",
            Strategy::Lift => "lift",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Strategy::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// Who a film or series is made for. Pre-school and kids' titles are offered only to writers
/// who said they like family films (see `haru-recommend`'s `fit` module).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Audience {
    Preschool,
    Kids,
    Family,
    General,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Preschool => "preschool",
            Audience::Kids => "kids",
            Audience::Family => "family",
            Audience::General => "general",
        }
    }

    /// Made for children only (pre-school or kids).
    pub fn kids_only(self) -> bool {
        matches!(self, Audience::Preschool | Audience::Kids)
    }
}

/// The four feedback buttons. On the wire (CLI and IPC) `not-now` has a hyphen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum FeedbackValue {
    #[serde(rename = "like")]
    Like,
    #[serde(rename = "dislike")]
    Dislike,
    #[serde(rename = "seen")]
    Seen,
    #[serde(rename = "not-now")]
    NotNow,
}

impl FeedbackValue {
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackValue::Like => "like",
            FeedbackValue::Dislike => "dislike",
            FeedbackValue::Seen => "seen",
            FeedbackValue::NotNow => "not-now",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "like" => Some(FeedbackValue::Like),
            "dislike" => Some(FeedbackValue::Dislike),
            "seen" => Some(FeedbackValue::Seen),
            "not-now" | "not_now" => Some(FeedbackValue::NotNow),
            _ => None,
        }
    }
}

/// One card: a movie or a song, why it was picked, and the user's last feedback on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Recommendation {
    pub id: String,
    pub kind: ItemKind,
    pub title: String,
    /// Artist for songs, `None` for movies.
    pub creator: Option<String>,
    pub year: Option<i32>,
    pub genres: Vec<String>,
    /// ISO 639-1 code ("en", "ko", …) when known.
    pub language: Option<String>,
    /// The final ranking score (higher is better; comparable within one list only).
    pub score: f32,
    /// A short, true explanation in the requested language.
    pub why: String,
    /// The item's top emotions (label, weight), strongest first.
    pub emotions: Vec<LabelWeight>,
    /// Where the item comes from ("tmdb", "netflix", "kmrd", "spotify-top2000", "user", …).
    pub source: String,
    pub link: Option<String>,
    pub feedback: Option<FeedbackValue>,
    /// Songs: energy from the audio features, 0 (still) to 1 (intense), when known.
    pub energy: Option<f32>,
    /// Songs: musical valence from the audio features, 0 (sad-sounding) to 1 (happy), when known.
    pub valence: Option<f32>,
    /// Films and series: who they are made for.
    pub audience: Option<Audience>,
}

/// A label with a weight in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LabelWeight {
    pub label: String,
    pub weight: f32,
}

/// The recommendations panel of one entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EntryRecommendations {
    #[ts(type = "number")]
    pub entry_id: i64,
    pub strategy: Strategy,
    pub movies: Vec<Recommendation>,
    pub music: Vec<Recommendation>,
}

/// One past feedback, for the feedback history view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackRecord {
    pub item_id: String,
    pub kind: ItemKind,
    pub title: String,
    pub creator: Option<String>,
    pub value: FeedbackValue,
    /// RFC 3339 time of the click.
    pub created_at: String,
}

/// The feedback history with the running satisfaction rate (likes / rated, where "rated"
/// counts likes and dislikes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackHistory {
    pub records: Vec<FeedbackRecord>,
    pub likes: u32,
    pub dislikes: u32,
    /// Cards shown so far.
    pub shown: u32,
    /// likes / (likes + dislikes); `None` before the first rating.
    pub satisfaction: Option<f32>,
    /// Satisfaction per week (oldest first), for a small trend line.
    pub weekly: Vec<SatisfactionPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SatisfactionPoint {
    /// Monday of the ISO week, YYYY-MM-DD.
    pub week: String,
    pub likes: u32,
    pub rated: u32,
}

/// What the user told Haru they like (onboarding; editable later). Empty means "no preference".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecommendationPrefs {
    /// Genre names as in [`CatalogueStats::genres`] (lower case).
    pub genres: Vec<String>,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    /// Preferred release years, inclusive.
    pub from_year: Option<i32>,
    pub to_year: Option<i32>,
    /// The strategy the panel starts with.
    pub strategy: Option<Strategy>,
    /// True once the user saved or skipped the onboarding card.
    pub onboarded: bool,
}

/// What the catalogues hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CatalogueStats {
    pub movies: u32,
    pub music: u32,
    /// Items the user imported.
    pub user_items: u32,
    /// Items whose vectors came from an older model (being rebuilt).
    pub stale_items: u32,
    /// The most common genres (for the onboarding chips), most common first.
    pub genres: Vec<String>,
    pub languages: Vec<String>,
    /// sha256 of the model the vectors were computed with.
    pub model_sha256: Option<String>,
}

/// The outcome of importing a catalogue file: what was added and, per bad row, why not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub imported: u32,
    pub errors: Vec<RowError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowError {
    /// 1-based row (the CSV header is row 1; in JSON the first item is row 1).
    pub row: u32,
    pub reason: String,
}

/// Progress of a catalogue import or rebuild.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CatalogueProgress {
    pub done: u32,
    pub total: u32,
    pub finished: bool,
}
