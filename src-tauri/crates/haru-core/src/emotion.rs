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

/// Indices into [`LABELS`] of the positive emotions, in GoEmotions' own sentiment grouping
/// (Demszky et al., 2020). The one definition of "positive": the recommender's valence and
/// `lift` and the UI's history views (through the generated `ui/src/bindings/sentiment.ts`)
/// all use it. Confusion, curiosity, realization, surprise and neutral are in neither group.
pub const POSITIVE: [usize; 12] = [0, 1, 4, 5, 8, 13, 15, 17, 18, 20, 21, 23];
/// Indices into [`LABELS`] of the negative emotions (see [`POSITIVE`]).
pub const NEGATIVE: [usize; 11] = [2, 3, 9, 10, 11, 12, 14, 16, 19, 24, 25];

/// A probability as readings count it: values outside 0…1 as their nearest bound, non-numbers
/// as 0.
fn bounded(p: f32) -> f32 {
    if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// A reading's valence, the one definition: the mean probability of the [`POSITIVE`] emotions
/// minus that of the [`NEGATIVE`] ones, within −1…1 (a missing label counts as 0). The
/// history's timeline, the year in pixels' valence colours and a day's mood use it (the UI's
/// `valence`, checked against this through the generated `ui/src/bindings/sentiment.ts`).
/// Small in practice (a clearly happy day has joy at 0.7 but most positive labels near 0), so
/// views stretch it for display. The recommender ranks with another, scale-free quantity, the
/// positive share of a vector's emotional mass (`haru_recommend::space::balance`), which is not
/// a valence: a day with joy at 0.05 and nothing else is wholly positive in balance and
/// barely positive in valence.
pub fn valence(probs: &[f32]) -> f32 {
    let mean = |set: &[usize]| {
        set.iter()
            .map(|&i| probs.get(i).copied().map_or(0.0, bounded))
            .sum::<f32>()
            / set.len() as f32
    };
    (mean(&POSITIVE) - mean(&NEGATIVE)).clamp(-1.0, 1.0)
}

/// Readings the UI's `valence` must read as [`valence`] does: edge cases (empty, out of
/// bounds, not a number) and 4 pseudo-random ones, in hundredths.
fn valence_examples() -> Vec<Vec<f32>> {
    let at = |pairs: &[(&str, f32)]| {
        let mut probs = vec![0.0; LABELS.len()];
        for &(label, p) in pairs {
            probs[label_index(label).unwrap_or(0)] = p;
        }
        probs
    };
    let mut examples = vec![
        vec![],
        vec![0.0; LABELS.len()],
        vec![1.0; LABELS.len()],
        at(&[("joy", 0.7)]),
        at(&[("sadness", 1.0), ("grief", 1.0)]),
        at(&[("joy", 1.5), ("anger", -0.5), ("neutral", 0.9)]),
        at(&[("joy", f32::NAN), ("fear", 0.3)]),
    ];
    let mut state: u64 = 20_261_204;
    for _ in 0..4 {
        let probs = (0..LABELS.len())
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                ((state >> 33) % 100) as f32 / 100.0
            })
            .collect();
        examples.push(probs);
    }
    examples
}

/// The sentiment groups and examples of [`valence`] as a TypeScript module for the UI (written
/// by this crate's tests, checked by `make test` like the other bindings).
pub fn sentiment_bindings() -> String {
    let names = |set: &[usize]| {
        set.iter()
            .map(|&i| format!("  '{}',\n", LABELS[i]))
            .collect::<String>()
    };
    let examples: String = valence_examples()
        .iter()
        .map(|probs| {
            let values: Vec<String> = probs.iter().map(|p| p.to_string()).collect();
            format!(
                "  {{ probs: [{}], valence: {} }},\n",
                values.join(", "),
                valence(probs)
            )
        })
        .collect();
    format!(
        "// Generated by haru-core's tests from haru_core::emotion::{{POSITIVE, NEGATIVE, valence}}; \
         do not edit.\n// GoEmotions' sentiment grouping: the one definition of positive and \
         negative emotions, and of a reading's valence.\n\nexport const POSITIVE = [\n{}] as \
         const;\n\nexport const NEGATIVE = [\n{}] as const;\n\n/** Readings with the valence Rust \
         gives them; the UI's valence must agree. */\nexport const VALENCE_EXAMPLES: \
         ReadonlyArray<{{ probs: number[]; valence: number }}> = [\n{examples}];\n",
        names(&POSITIVE),
        names(&NEGATIVE)
    )
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
    /// Index into [`LABELS`] of the dominant emotion ([`dominant`]).
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
pub enum AnalyserStatus {
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

/// Neutral gives way to another emotion at least this likely ([`dominant`]).
pub const NEUTRAL_YIELD: f32 = 0.15;

/// The dominant emotion of a reading, the one definition: a sentence's colour in the app's
/// panel, the sentence lines of `haru analyze`, and a day in the calendar, the year in pixels
/// and the history (the UI's `dominantOf`, checked against this through the generated
/// `ui/src/bindings/dominant.ts`). It is the most likely label (the first on ties), except
/// neutral, which gives way to the most likely other label when that one is at least
/// [`NEUTRAL_YIELD`]: "neutral, with some sadness" reads as sadness. Values outside 0…1 count
/// as their nearest bound, and non-numbers as 0; an empty reading gives 0.
pub fn dominant(probs: &[f32]) -> u32 {
    let neutral = label_index("neutral");
    let mut best: Option<usize> = None;
    let mut best_other: Option<usize> = None;
    for (i, &p) in probs.iter().enumerate().take(LABELS.len()) {
        if best.is_none_or(|b| bounded(p) > bounded(probs[b])) {
            best = Some(i);
        }
        if Some(i) != neutral && best_other.is_none_or(|b| bounded(p) > bounded(probs[b])) {
            best_other = Some(i);
        }
    }
    match (best, best_other) {
        (Some(b), Some(o)) if Some(b) == neutral && bounded(probs[o]) >= NEUTRAL_YIELD => o as u32,
        (Some(b), _) => b as u32,
        (None, _) => 0,
    }
}

/// Readings the UI's `dominantOf` must read as [`dominant`] does: edge cases (ties, the
/// neutral yield's boundary, empty) and 40 pseudo-random ones with a strong neutral.
fn dominant_examples() -> Vec<Vec<f32>> {
    let mut examples = vec![vec![], vec![0.0; LABELS.len()]];
    let neutral = label_index("neutral").unwrap_or(0);
    let sadness = label_index("sadness").unwrap_or(0);
    for (n, other) in [(0.7, 0.15), (0.7, 0.14), (0.1, 0.1), (0.4, 0.4)] {
        let mut probs = vec![0.01; LABELS.len()];
        probs[neutral] = n;
        probs[sadness] = other;
        examples.push(probs);
    }
    // A fixed linear congruential sequence, in hundredths so that f32 and f64 compare alike.
    let mut state: u64 = 20_261_204;
    let mut next = |modulo: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        (state >> 33) % modulo
    };
    for round in 0..40 {
        // Every other reading keeps the others under the yield (0.15), to test both ways.
        let spread = if round % 2 == 0 { 20 } else { 15 };
        let mut probs: Vec<f32> = (0..LABELS.len())
            .map(|_| next(spread) as f32 / 100.0)
            .collect();
        probs[neutral] = next(100) as f32 / 100.0;
        examples.push(probs);
    }
    examples
}

/// [`NEUTRAL_YIELD`] and examples of [`dominant`] as a TypeScript module for the UI (written
/// by this crate's tests, checked by `make test` like the other bindings).
pub fn dominant_bindings() -> String {
    let examples: String = dominant_examples()
        .iter()
        .map(|probs| {
            let values: Vec<String> = probs.iter().map(|p| p.to_string()).collect();
            let expected = if probs.is_empty() {
                "null".to_owned()
            } else {
                format!("'{}'", LABELS[dominant(probs) as usize])
            };
            format!(
                "  {{ probs: [{}], dominant: {expected} }},\n",
                values.join(", ")
            )
        })
        .collect();
    format!(
        "// Generated by haru-core's tests from haru_core::emotion::{{NEUTRAL_YIELD, dominant}}; do \
         not edit.\n// The one definition of an emotion reading's dominant label.\n\n/** Neutral \
         gives way to another emotion at least this likely. */\nexport const NEUTRAL_YIELD = {};\n\n\
         /** Readings with the dominant label Rust gives them (null: no reading); the UI's \
         dominantOf must agree. */\nexport const DOMINANT_EXAMPLES: ReadonlyArray<{{ probs: number[]; \
         dominant: string | null }}> = [\n{examples}];\n",
        NEUTRAL_YIELD
    )
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
    fn sentiment_groups_are_goemotions_own_and_exported_for_the_ui() {
        let named = |set: &[usize]| set.iter().map(|&i| LABELS[i]).collect::<Vec<_>>();
        assert_eq!(
            named(&POSITIVE),
            [
                "admiration",
                "amusement",
                "approval",
                "caring",
                "desire",
                "excitement",
                "gratitude",
                "joy",
                "love",
                "optimism",
                "pride",
                "relief"
            ]
        );
        assert_eq!(
            named(&NEGATIVE),
            [
                "anger",
                "annoyance",
                "disappointment",
                "disapproval",
                "disgust",
                "embarrassment",
                "fear",
                "grief",
                "nervousness",
                "remorse",
                "sadness"
            ]
        );
        write_binding("sentiment.ts", &sentiment_bindings());
    }

    /// Writes a generated TypeScript file where ts-rs writes the other bindings
    /// (TS_RS_EXPORT_DIR, .cargo/config.toml), when that folder is there.
    fn write_binding(name: &str, contents: &str) {
        let dir = std::env::var("TS_RS_EXPORT_DIR").unwrap_or_else(|_| "bindings".into());
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        if dir.is_dir() {
            std::fs::write(dir.join(name), contents).unwrap();
        }
    }

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
    fn valence_is_the_positive_mean_less_the_negative_mean() {
        let mut probs = vec![0.0; LABELS.len()];
        probs[label_index("joy").unwrap()] = 0.7;
        assert!((valence(&probs) - 0.7 / 12.0).abs() < 1e-6);
        probs[label_index("sadness").unwrap()] = 1.0;
        probs[label_index("grief").unwrap()] = f32::NAN;
        probs[label_index("neutral").unwrap()] = 0.9;
        assert!((valence(&probs) - (0.7 / 12.0 - 1.0 / 11.0)).abs() < 1e-6);
        assert_eq!(valence(&[]), 0.0);
        assert_eq!(valence(&[1.0; 28]), 1.0 - 1.0);
    }

    #[test]
    fn dominant_picks_the_largest_first_and_neutral_yields_to_a_clear_other() {
        assert_eq!(dominant(&[0.1, 0.7, 0.7, 0.2]), 1);
        assert_eq!(dominant(&[]), 0);
        let neutral = label_index("neutral").unwrap();
        let sadness = label_index("sadness").unwrap();
        let mut probs = vec![0.01; LABELS.len()];
        probs[neutral] = 0.7;
        probs[sadness] = 0.15;
        assert_eq!(dominant(&probs), sadness as u32);
        probs[sadness] = 0.14;
        assert_eq!(dominant(&probs), neutral as u32);
        probs[sadness] = f32::NAN;
        assert_eq!(dominant(&probs), neutral as u32);
        write_binding("dominant.ts", &dominant_bindings());
    }

    #[test]
    fn status_serialises_with_a_state_tag() {
        let json = serde_json::to_string(&AnalyserStatus::Unavailable {
            message: "x".into(),
        })
        .unwrap();
        assert_eq!(json, r#"{"state":"unavailable","message":"x"}"#);
    }
}
