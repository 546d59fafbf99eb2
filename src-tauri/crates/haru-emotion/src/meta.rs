//! The model's description (`haru-emotion.json`) and the 28 labels.
//!
//! Why it exists: labels, per-label thresholds, the text prefix the encoder was trained with,
//! the longest sequence it accepts and the hash of the ONNX file travel with the model, not with
//! the code. This module reads and validates them, so a mismatched or hand-edited description is
//! reported instead of producing wrong labels, and it turns probabilities into label names.

use std::path::Path;

use serde::Deserialize;

use crate::error::{EmotionError, Result};

/// The labels in the model's output order (GoEmotions `labels.txt`), shared with the UI.
pub use haru_core::LABELS;

/// Number of emotion labels (GoEmotions: 27 emotions + neutral).
pub const NUM_LABELS: usize = LABELS.len();

/// One probability per label, in [`LABELS`] order.
pub type Probs = [f32; NUM_LABELS];

/// The validated content of `haru-emotion.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelMeta {
    /// Stored with every analysis, so results can be traced to the model that made them.
    pub model_id: String,
    /// A label is predicted when its probability is at least its threshold.
    pub thresholds: Probs,
    /// Prepended to every text before tokenising (e.g. `"query: "`).
    pub text_prefix: String,
    /// Longest input the graph accepts, special tokens included.
    pub max_tokens: usize,
    /// Lower-case hex SHA-256 of the ONNX file, when the description carries one.
    pub sha256: Option<String>,
}

#[derive(Deserialize)]
struct RawMeta {
    model_id: String,
    labels: Vec<String>,
    thresholds: Vec<f32>,
    #[serde(default)]
    text_prefix: String,
    max_tokens: usize,
    #[serde(default)]
    sha256: Option<String>,
}

impl ModelMeta {
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|err| EmotionError::io(path, err))?;
        Self::parse(&bytes).map_err(|reason| EmotionError::MetaInvalid {
            path: path.to_path_buf(),
            reason,
        })
    }

    fn parse(bytes: &[u8]) -> std::result::Result<Self, String> {
        let raw: RawMeta = serde_json::from_slice(bytes).map_err(|err| err.to_string())?;
        if raw.labels.len() != NUM_LABELS || raw.labels.iter().zip(LABELS).any(|(a, b)| a != b) {
            return Err(format!(
                "expected the {NUM_LABELS} GoEmotions labels in order, found {:?}",
                raw.labels
            ));
        }
        let thresholds: Probs = raw.thresholds.clone().try_into().map_err(|_| {
            format!(
                "expected {NUM_LABELS} thresholds, found {}",
                raw.thresholds.len()
            )
        })?;
        if let Some(bad) = thresholds
            .iter()
            .find(|t| !(t.is_finite() && **t > 0.0 && **t <= 1.0))
        {
            return Err(format!("threshold {bad} is not in (0, 1]"));
        }
        if raw.max_tokens < 8 {
            return Err(format!("max_tokens {} is too small", raw.max_tokens));
        }
        if raw.model_id.trim().is_empty() {
            return Err("model_id is empty".into());
        }
        let sha256 = raw
            .sha256
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty());
        if let Some(hash) = &sha256 {
            if hash.len() != 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(format!("sha256 {hash:?} is not a SHA-256 hex digest"));
            }
        }
        Ok(ModelMeta {
            model_id: raw.model_id,
            thresholds,
            text_prefix: raw.text_prefix,
            max_tokens: raw.max_tokens,
            sha256,
        })
    }
}

/// The names of the labels at or above their threshold, most probable first, never empty
/// ([`haru_core::emotion::predicted_at_thresholds`], the one definition every view uses).
pub fn predicted_labels(probs: &Probs, thresholds: &Probs) -> Vec<&'static str> {
    haru_core::emotion::predicted_at_thresholds(probs, thresholds)
        .into_iter()
        .map(|i| LABELS[i])
        .collect()
}

/// The `k` most probable labels with their probabilities, most probable first.
pub fn top_labels(probs: &Probs, k: usize) -> Vec<(&'static str, f32)> {
    let mut order: Vec<usize> = (0..NUM_LABELS).collect();
    order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]));
    order
        .into_iter()
        .take(k)
        .map(|i| (LABELS[i], probs[i]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_json(labels: &[&str], thresholds: &[f32]) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "model_id": "m1", "labels": labels, "thresholds": thresholds,
            "text_prefix": "query: ", "max_tokens": 512,
            "sha256": "AB".repeat(32),
        }))
        .unwrap()
    }

    #[test]
    fn parses_a_valid_description() {
        let meta = ModelMeta::parse(&meta_json(&LABELS, &[0.3; 28])).unwrap();
        assert_eq!(meta.model_id, "m1");
        assert_eq!(meta.text_prefix, "query: ");
        assert_eq!(meta.max_tokens, 512);
        assert_eq!(meta.sha256.as_deref(), Some("ab".repeat(32).as_str()));
    }

    #[test]
    fn rejects_wrong_labels_thresholds_and_garbage() {
        let mut swapped = LABELS;
        swapped.swap(0, 1);
        assert!(ModelMeta::parse(&meta_json(&swapped, &[0.3; 28]))
            .unwrap_err()
            .contains("labels"));
        assert!(ModelMeta::parse(&meta_json(&LABELS, &[0.3; 27]))
            .unwrap_err()
            .contains("28 thresholds"));
        let mut t = [0.3; 28];
        t[5] = 0.0;
        assert!(ModelMeta::parse(&meta_json(&LABELS, &t)).is_err());
        assert!(ModelMeta::parse(b"{not json").is_err());
        assert!(ModelMeta::parse(b"").is_err());
    }

    #[test]
    fn load_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("haru-emotion.json");
        std::fs::write(&path, b"[1,2]").unwrap();
        let err = ModelMeta::load(&path).unwrap_err();
        assert!(matches!(err, EmotionError::MetaInvalid { .. }));
        assert!(err.to_string().contains(&path.display().to_string()));
        let err = ModelMeta::load(&dir.path().join("missing.json")).unwrap_err();
        assert!(matches!(err, EmotionError::ModelMissing { .. }), "{err}");
    }

    #[test]
    fn predicted_labels_are_thresholded_sorted_and_never_empty() {
        let mut t = [0.5; NUM_LABELS];
        let mut p = [0.0; NUM_LABELS];
        p[17] = 0.6; // joy: ratio 1.2
        p[0] = 0.9; // admiration: ratio 1.8
        assert_eq!(predicted_labels(&p, &t), vec!["admiration", "joy"]);
        // Most probable first, not largest ratio: a rare label with a tiny threshold does not
        // outrank a clear one.
        t[23] = 0.02; // relief: 0.03 is ratio 1.5
        p[23] = 0.03;
        t[15] = 0.7; // gratitude: 0.85 is ratio 1.2
        p[15] = 0.85;
        assert_eq!(
            predicted_labels(&p, &t),
            vec!["admiration", "gratitude", "joy", "relief"]
        );
        p[0] = 0.0;
        assert_eq!(predicted_labels(&p, &t)[0], "gratitude");
        let mut t = [0.5; NUM_LABELS];

        // Nothing above threshold: the dominant label by prob / threshold.
        let mut p = [0.01; NUM_LABELS];
        p[27] = 0.4; // neutral, threshold 0.8 → ratio 0.5
        p[25] = 0.2; // sadness, threshold 0.25 → ratio 0.8
        t[27] = 0.8;
        t[25] = 0.25;
        assert_eq!(predicted_labels(&p, &t), vec!["sadness"]);

        let zeros = [0.0; NUM_LABELS];
        assert_eq!(predicted_labels(&zeros, &t).len(), 1);
        let nan = [f32::NAN; NUM_LABELS];
        assert_eq!(predicted_labels(&nan, &t).len(), 1);
    }

    #[test]
    fn top_labels_sort_by_probability() {
        let mut p = [0.0; NUM_LABELS];
        p[3] = 0.2;
        p[8] = 0.7;
        assert_eq!(top_labels(&p, 2), vec![("desire", 0.7), ("annoyance", 0.2)]);
    }
}
