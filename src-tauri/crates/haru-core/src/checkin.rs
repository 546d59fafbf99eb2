//! The writer's own word on how a day felt: the feelings they picked from Haru's 28 labels and,
//! optionally, where the day sat on pleasantness × energy. The model's reading is a guess that
//! is right about half the time; where the writer has spoken, history, the year grid, the
//! gentle-care rule and recommendations go by this instead (the model's reading stays beside
//! it). Validated here so the app, the CLI and imports refuse the same things.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::emotion::LABELS;
use crate::error::{AppError, ErrorCode};

/// A check-in as stored and shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CheckIn {
    /// GoEmotions label names, in label order, at least one.
    pub labels: Vec<String>,
    /// -1 (unpleasant) … 1 (pleasant), when given.
    pub pleasant: Option<f32>,
    /// -1 (low energy) … 1 (high energy), when given.
    pub energy: Option<f32>,
    /// RFC 3339, UTC (set by the store).
    pub updated_at: String,
}

impl CheckIn {
    /// A check-in from what the writer gave: labels checked against the 28 (duplicates
    /// dropped, put in label order) and the point within -1 … 1.
    pub fn new(
        labels: &[impl AsRef<str>],
        pleasant: Option<f32>,
        energy: Option<f32>,
    ) -> Result<CheckIn, AppError> {
        let mut indices = Vec::new();
        for label in labels {
            let label = label.as_ref().trim();
            let Some(i) = LABELS.iter().position(|l| *l == label) else {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "\"{label}\" is not one of Haru's feelings ({})",
                        LABELS.join(", ")
                    ),
                ));
            };
            if !indices.contains(&i) {
                indices.push(i);
            }
        }
        if indices.is_empty() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "pick at least one feeling",
            ));
        }
        indices.sort_unstable();
        for (name, value) in [("pleasant", pleasant), ("energy", energy)] {
            if value.is_some_and(|v| !(-1.0..=1.0).contains(&v)) {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    format!("{name} must be between -1 and 1"),
                ));
            }
        }
        Ok(CheckIn {
            labels: indices.iter().map(|&i| LABELS[i].to_owned()).collect(),
            pleasant,
            energy,
            updated_at: String::new(),
        })
    }

    /// The check-in as a distribution over the 28 labels: 1 for each feeling the writer
    /// named, 0 for the others (the labels are independent, as in the model's multi-label
    /// reading: "joy and gratitude" means both, fully).
    pub fn distribution(&self) -> Vec<f32> {
        distribution_of(&self.labels)
    }
}

/// [`CheckIn::distribution`] for stored label names (unknown names are skipped).
pub fn distribution_of(labels: &[impl AsRef<str>]) -> Vec<f32> {
    let mut probs = vec![0.0; LABELS.len()];
    for label in labels {
        if let Some(i) = LABELS.iter().position(|l| *l == label.as_ref()) {
            probs[i] = 1.0;
        }
    }
    probs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_checked_deduplicated_and_put_in_label_order() {
        let c = CheckIn::new(&["gratitude", "joy", "joy"], Some(0.6), None).unwrap();
        assert_eq!(c.labels, vec!["gratitude", "joy"]);
        let d = c.distribution();
        assert_eq!(d.iter().filter(|p| **p == 1.0).count(), 2);
        assert_eq!(d[LABELS.iter().position(|l| *l == "joy").unwrap()], 1.0);
    }

    #[test]
    fn unknown_labels_no_labels_and_points_off_the_scale_are_refused() {
        let err = CheckIn::new(&["happiness"], None, None).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert!(err.message.contains("happiness"), "{}", err.message);
        assert!(CheckIn::new(&[] as &[&str], None, None).is_err());
        assert!(CheckIn::new(&["joy"], Some(1.5), None).is_err());
        assert!(CheckIn::new(&["joy"], None, Some(-1.01)).is_err());
        assert!(CheckIn::new(&["joy"], Some(-1.0), Some(1.0)).is_ok());
    }
}
