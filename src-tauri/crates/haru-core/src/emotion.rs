//! Emotion analysis as the UI sees it: the 28 GoEmotions labels, an entry's distribution with
//! its sentences, and the analyser's state (loading, ready, or unavailable and why).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// GoEmotions' 27 emotions plus neutral, in the model's output order.
pub const LABELS: [&str; 28] = [
    "admiration",
    "amusement",
    "anger",
    "annoyance",
    "approval",
    "caring",
    "confusion",
    "curiosity",
    "desire",
    "disappointment",
    "disapproval",
    "disgust",
    "embarrassment",
    "excitement",
    "fear",
    "gratitude",
    "grief",
    "joy",
    "love",
    "nervousness",
    "optimism",
    "pride",
    "realization",
    "relief",
    "remorse",
    "sadness",
    "surprise",
    "neutral",
];

/// Korean names of [`LABELS`], in the same order (the UI's own table says the same; a test in
/// the UI checks they agree).
pub const LABELS_KO: [&str; 28] = [
    "감탄",
    "재미",
    "분노",
    "짜증",
    "인정",
    "배려",
    "혼란",
    "호기심",
    "소망",
    "실망",
    "못마땅함",
    "혐오",
    "부끄러움",
    "신남",
    "두려움",
    "감사",
    "비통",
    "기쁨",
    "사랑",
    "긴장",
    "낙관",
    "자부심",
    "깨달음",
    "안도",
    "후회",
    "슬픔",
    "놀람",
    "중립",
];

/// The index of a label in [`LABELS`].
pub fn label_index(label: &str) -> Option<usize> {
    LABELS.iter().position(|l| *l == label)
}

/// One sentence of an entry with its distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SentenceEmotion {
    /// `[start, end)` in UTF-16 code units of the entry body (JavaScript string indices).
    pub start: u32,
    pub end: u32,
    /// 28 probabilities in [`LABELS`] order.
    pub probs: Vec<f32>,
    /// Index into [`LABELS`] of the most likely emotion.
    pub dominant: u32,
}

/// An entry's emotions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EntryAnalysis {
    #[ts(type = "number")]
    pub entry_id: i64,
    pub model_id: String,
    /// True when the entry changed after this analysis (a new one is on its way).
    pub stale: bool,
    /// 28 probabilities in [`LABELS`] order.
    pub probs: Vec<f32>,
    /// The predicted labels under the model's thresholds (never empty).
    pub labels: Vec<String>,
    pub sentences: Vec<SentenceEmotion>,
}

/// Whether emotions can be analysed right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum AnalyzerStatus {
    /// The model is being loaded in the background.
    Loading,
    Ready {
        model_id: String,
        labels: Vec<String>,
    },
    /// The model or ONNX Runtime could not be loaded; the diary works without analysis.
    Unavailable { message: String },
}

/// Background re-analysis of entries made by an older model (or never analysed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReanalysisProgress {
    pub done: u32,
    pub total: u32,
    /// False once finished or cancelled.
    pub running: bool,
    pub cancelled: bool,
}

/// The combined emotions of one day, week or month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeriodEmotions {
    /// `2026-03-14`, `2026-W11` (ISO week) or `2026-03`.
    pub period: String,
    /// First and last calendar day of the period.
    pub start: String,
    pub end: String,
    /// Analysed entries in the period.
    pub entries: u32,
    /// 28 probabilities in [`LABELS`] order: the entries' distributions averaged, each
    /// weighted by its length in characters.
    pub probs: Vec<f32>,
}

/// A sentence where an emotion peaked, for the drill-down view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeakSentence {
    pub text: String,
    /// The emotion's probability in this sentence.
    pub score: f32,
}

/// An entry where an emotion peaked, with its strongest sentences for that emotion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EmotionPeak {
    pub entry: crate::EntrySummary,
    /// The emotion's probability in the whole entry.
    pub score: f32,
    /// Up to three sentences, strongest first.
    pub sentences: Vec<PeakSentence>,
}

/// A calm note offered when heavy feelings have dominated for many days in a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CareNote {
    /// Written days in the run.
    pub days: u32,
    /// First and last day of the run.
    pub since: String,
    pub until: String,
    /// The heavy emotions that dominated, strongest first.
    pub emotions: Vec<String>,
}

/// Index of the largest value (the first on ties); 0 for an empty slice.
pub fn dominant(probs: &[f32]) -> u32 {
    probs
        .iter()
        .enumerate()
        .fold(
            (0usize, f32::MIN),
            |best, (i, &p)| if p > best.1 { (i, p) } else { best },
        )
        .0 as u32
}

/// The `n` strongest labels of a distribution as (label index, probability), strongest
/// first, the earlier label first on ties (`haru show`, the Markdown export's front matter).
pub fn strongest(probs: &[f32], n: usize) -> Vec<(usize, f32)> {
    let mut scored: Vec<(usize, f32)> = probs
        .iter()
        .copied()
        .enumerate()
        .filter(|(i, _)| *i < LABELS.len())
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.truncate(n);
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strongest_labels_come_first_and_ties_keep_label_order() {
        let mut probs = vec![0.0f32; LABELS.len()];
        probs[25] = 0.6; // sadness
        probs[3] = 0.2;
        probs[9] = 0.2;
        assert_eq!(strongest(&probs, 3), vec![(25, 0.6), (3, 0.2), (9, 0.2)]);
        assert_eq!(strongest(&probs, 1), vec![(25, 0.6)]);
        assert!(strongest(&[], 3).is_empty());
    }

    #[test]
    fn dominant_picks_the_largest_first() {
        assert_eq!(dominant(&[0.1, 0.7, 0.7, 0.2]), 1);
        assert_eq!(dominant(&[]), 0);
    }

    #[test]
    fn status_serialises_with_a_state_tag() {
        let json = serde_json::to_string(&AnalyzerStatus::Unavailable {
            message: "x".into(),
        })
        .unwrap();
        assert_eq!(json, r#"{"state":"unavailable","message":"x"}"#);
    }
}
