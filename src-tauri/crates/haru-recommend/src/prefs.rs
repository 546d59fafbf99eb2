//! What the writer told Haru about their tastes (genres, languages, an era, the strategy they
//! chose last), kept as one preference in the diary, cleaned and checked on the way in.

use haru_core::RecommendationPrefs;
use haru_store::Store;

use crate::{RecommendError, Recommender};

const PREFS_KEY: &str = "recommendation_prefs";

impl Recommender {
    pub fn prefs(store: &Store) -> Result<RecommendationPrefs, RecommendError> {
        Ok(store
            .preference(PREFS_KEY)?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }

    pub fn set_prefs(
        store: &mut Store,
        prefs: &RecommendationPrefs,
    ) -> Result<RecommendationPrefs, RecommendError> {
        let clean = RecommendationPrefs {
            genres: prefs
                .genres
                .iter()
                .map(|g| crate::catalogue::normalise_genre(g))
                .filter(|g| !g.is_empty() && g.len() <= 60)
                .take(50)
                .collect(),
            languages: prefs
                .languages
                .iter()
                .map(|l| l.trim().to_lowercase())
                .filter(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_lowercase()))
                .take(20)
                .collect(),
            from_year: prefs.from_year.filter(|y| (1850..=2100).contains(y)),
            to_year: prefs.to_year.filter(|y| (1850..=2100).contains(y)),
            strategy: prefs.strategy,
            onboarded: prefs.onboarded,
        };
        if let (Some(a), Some(b)) = (clean.from_year, clean.to_year) {
            if a > b {
                return Err(RecommendError::Invalid(format!(
                    "the era starts after it ends ({a} > {b})"
                )));
            }
        }
        store.set_preference(PREFS_KEY, &serde_json::to_string(&clean).unwrap())?;
        Ok(clean)
    }
}
