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
    /// The labels adjusted to how this writer names feelings (learned from their
    /// corrections), where they differ from `labels` and the writer has not given their own
    /// word on the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub adjusted: Option<Vec<String>>,
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

/// The label the model reads first at its `thresholds`: the most probable label among those at
/// or above their threshold; when none is, the one closest to its threshold (largest
/// `probs / thresholds`). (The largest ratio alone would favour rare labels whose tuned
/// thresholds are tiny: `relief` at 3% over `gratitude` at 85%.) The first label on ties.
pub fn top_at_thresholds(probs: &[f32], thresholds: &[f32]) -> usize {
    let n = probs.len().min(thresholds.len());
    let first_max = |score: &dyn Fn(usize) -> f32, among: &mut dyn Iterator<Item = usize>| {
        among.fold(None, |best: Option<usize>, i| match best {
            Some(b) if score(b) >= score(i) => Some(b),
            _ => Some(i),
        })
    };
    let prob = |i: usize| probs[i];
    let ratio = |i: usize| probs[i] / thresholds[i].max(f32::EPSILON);
    first_max(&prob, &mut (0..n).filter(|&i| probs[i] >= thresholds[i]))
        .or_else(|| first_max(&ratio, &mut (0..n)))
        .unwrap_or(0)
}

/// The labels the model predicts at its `thresholds` (the app's panel, `haru analyze`, the
/// calibration): those at or above their threshold, most probable first (the earlier label on
/// ties). Never empty: when none reaches its threshold, [`top_at_thresholds`] alone.
pub fn predicted_at_thresholds(probs: &[f32], thresholds: &[f32]) -> Vec<usize> {
    let n = probs.len().min(thresholds.len());
    let mut above: Vec<usize> = (0..n).filter(|&i| probs[i] >= thresholds[i]).collect();
    if above.is_empty() {
        above.push(top_at_thresholds(probs, thresholds));
    }
    above.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
    above
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
    fn predicted_labels_are_most_probable_first_and_never_empty() {
        let mut probs = [0.01f32; 28];
        probs[0] = 0.3;
        probs[17] = 0.6;
        probs[15] = 0.2;
        let mut thresholds = [0.25f32; 28];
        thresholds[15] = 0.5;
        assert_eq!(predicted_at_thresholds(&probs, &thresholds), [17, 0]);
        assert_eq!(top_at_thresholds(&probs, &thresholds), 17);
        // None above: the label closest to its threshold, not the rarest one's ratio.
        let mut high = [0.9f32; 28];
        high[15] = 0.5; // gratitude 0.2 / 0.5 = 0.4 < joy 0.6 / 0.9 = 0.67
        assert_eq!(predicted_at_thresholds(&probs, &high), [17]);
        high[15] = 0.25; // 0.8 > 0.67
        assert_eq!(predicted_at_thresholds(&probs, &high), [15]);
        // Ties go to the earlier label.
        assert_eq!(predicted_at_thresholds(&[0.5; 28], &[0.9; 28]), [0]);
        assert_eq!(predicted_at_thresholds(&[0.5; 28], &[0.5; 28]).len(), 28);
    }

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
