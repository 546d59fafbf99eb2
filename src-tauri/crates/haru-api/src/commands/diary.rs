//! Finding entries: search by words, feeling, dates and tag, as the app's search panel and
//! `haru search` do it.

use haru_core::{AppError, ErrorCode, SearchHit, LABELS};
use haru_store::{SearchFilter, Store};

use crate::Result;

/// `(label index, threshold)` for searching by feeling: an entry "has" the feeling when the
/// model read it at or above the model's threshold for it (`thresholds`, when the model's files
/// have been read; 0.5 before). An unknown name is `invalid_input`, naming the 28 labels.
pub fn emotion_filter(label: &str, thresholds: Option<&[f32]>) -> Result<(usize, f32)> {
    let index = LABELS.iter().position(|l| *l == label).ok_or_else(|| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("unknown emotion '{label}' (one of: {})", LABELS.join(", ")),
        )
    })?;
    let threshold = thresholds
        .and_then(|t| t.get(index).copied())
        .unwrap_or(0.5);
    Ok((index, threshold))
}

/// What a search asks for besides its words.
#[derive(Debug, Default, Clone)]
pub struct SearchQuery<'a> {
    pub limit: Option<u32>,
    /// A feeling's label, with the model's thresholds ([`emotion_filter`]).
    pub emotion: Option<&'a str>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub tag: Option<&'a str>,
}

/// Entries matching `words` (all entries for empty words) and `query`, best first.
pub fn search(
    store: &Store,
    words: &str,
    query: &SearchQuery<'_>,
    thresholds: Option<&[f32]>,
) -> Result<Vec<SearchHit>> {
    let emotion = query
        .emotion
        .map(|label| emotion_filter(label, thresholds))
        .transpose()?;
    let filter = SearchFilter {
        from: query.from,
        to: query.to,
        emotion,
    };
    Ok(store.search_tagged(words, &filter, query.tag, query.limit)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feeling_filter_takes_the_models_threshold_and_names_the_labels_when_unknown() {
        let mut thresholds = vec![0.5; LABELS.len()];
        let sadness = LABELS.iter().position(|l| *l == "sadness").unwrap();
        thresholds[sadness] = 0.31;
        assert_eq!(
            emotion_filter("sadness", Some(&thresholds)).unwrap(),
            (sadness, 0.31)
        );
        assert_eq!(emotion_filter("sadness", None).unwrap(), (sadness, 0.5));
        let err = emotion_filter("melancholy", None).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert!(err.message.contains("gratitude"), "{}", err.message);
    }
}
