//! Turns a stored analysis into what the UI draws: probabilities, predicted labels, and
//! sentence ranges in UTF-16 units (JavaScript string indices) instead of characters.

use haru_core::emotion::dominant;
use haru_core::{EntryAnalysis, SentenceEmotion, LABELS};
use haru_store::{Store, StoreError};

/// Maps character offsets of `text` to UTF-16 offsets (`result[c]` for `c` in `0..=chars`).
pub fn utf16_offsets(text: &str) -> Vec<u32> {
    let mut offsets = Vec::with_capacity(text.len() + 1);
    let mut at = 0u32;
    for c in text.chars() {
        offsets.push(at);
        at += c.len_utf16() as u32;
    }
    offsets.push(at);
    offsets
}

/// Labels at or above their thresholds, most probable first, never empty: the same rule as
/// `haru analyze` ([`haru_emotion::predicted_labels`]), so the app's panel and the command line
/// agree on every text. Without a model (no thresholds) only the top label is predicted.
fn predicted(probs: &[f32], thresholds: Option<&[f32]>) -> Vec<String> {
    let as_probs = |values: &[f32]| <&haru_emotion::Probs>::try_from(values).ok().copied();
    match (as_probs(probs), thresholds.and_then(as_probs)) {
        (Some(probs), Some(thresholds)) => haru_emotion::predicted_labels(&probs, &thresholds)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        _ => vec![LABELS[dominant(probs) as usize].to_owned()],
    }
}

/// The analysis of entry `id` as the UI shows it, or `None` when it was never analysed.
/// `thresholds` are the loaded model's (without a model, only the top label is predicted).
pub fn entry_analysis(
    store: &Store,
    id: i64,
    thresholds: Option<&[f32]>,
) -> Result<Option<EntryAnalysis>, StoreError> {
    let entry = store.get_entry(id)?;
    let Some(stored) = store.analysis(id)? else {
        return Ok(None);
    };
    let stale = stored.entry_updated_at != entry.updated_at;
    // Offsets describe the analysed version; a stale analysis may point past a shorter text.
    let offsets = utf16_offsets(&entry.body);
    let at = |c: u32| offsets[(c as usize).min(offsets.len() - 1)];
    let sentences = stored
        .sentences
        .iter()
        .map(|s| SentenceEmotion {
            start: at(s.start_char),
            end: at(s.end_char),
            dominant: dominant(&s.probs),
            probs: s.probs.clone(),
        })
        .collect();
    Ok(Some(EntryAnalysis {
        entry_id: id,
        labels: predicted(&stored.probs, thresholds),
        adjusted: None,
        model_id: stored.model_id,
        stale,
        probs: stored.probs,
        sentences,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        assert_eq!(utf16_offsets("a🙂b"), vec![0, 1, 3, 4]);
        assert_eq!(utf16_offsets("학교"), vec![0, 1, 2]);
        assert_eq!(utf16_offsets(""), vec![0]);
    }

    #[test]
    fn predicted_labels_fall_back_to_the_top_one() {
        let mut probs = vec![0.1f32; 28];
        probs[17] = 0.4; // joy
        assert_eq!(predicted(&probs, Some(&[0.9; 28])), vec!["joy"]);
        assert_eq!(predicted(&probs, None), vec!["joy"]);
        let mut thresholds = vec![0.9f32; 28];
        thresholds[0] = 0.05;
        assert_eq!(predicted(&probs, Some(&thresholds)), vec!["admiration"]);
    }

    #[test]
    fn predicted_labels_are_the_command_lines_most_probable_first() {
        let mut probs = [0.01f32; 28];
        probs[0] = 0.3; // admiration
        probs[17] = 0.6; // joy
        probs[15] = 0.2; // gratitude, below its threshold
        let mut thresholds = [0.25f32; 28];
        thresholds[15] = 0.5;
        let expected: Vec<String> = haru_emotion::predicted_labels(&probs, &thresholds)
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(expected, ["joy", "admiration"]);
        assert_eq!(predicted(&probs, Some(&thresholds)), expected);
        // None above: the same fallback as the command line.
        let none = [0.99f32; 28];
        assert_eq!(
            predicted(&probs, Some(&none)),
            haru_emotion::predicted_labels(&probs, &none)
        );
    }
}
