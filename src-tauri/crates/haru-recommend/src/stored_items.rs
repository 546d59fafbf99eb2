//! The catalogue's items as rows of the diary database, and the user's own items (imported
//! films and songs) vectorised and stored: the storage side of recommendations, apart from
//! the flow that ranks and explains them (`service`).

use std::collections::HashMap;

use haru_core::{CatalogueStats, ItemKind};
use haru_store::{ItemRow, Store};

use crate::catalogue::{Basis, CatalogueItem};
use crate::RecommendError;

pub(crate) fn kind_of(text: &str) -> ItemKind {
    ItemKind::parse(text).unwrap_or(ItemKind::Movie)
}

fn basis_str(b: Basis) -> &'static str {
    match b {
        Basis::Story => "story",
        Basis::Reviews => "reviews",
        Basis::Audio => "audio",
        Basis::Text => "text",
    }
}

fn basis_of(text: Option<&str>) -> Basis {
    match text {
        Some("reviews") => Basis::Reviews,
        Some("audio") => Basis::Audio,
        Some("text") => Basis::Text,
        _ => Basis::Story,
    }
}

/// A stored row as a catalogue item (`None` without a usable vector).
pub fn item_from_row(row: &ItemRow) -> Option<CatalogueItem> {
    let vector = row
        .vector
        .clone()
        .filter(|v| v.len() == haru_core::LABELS.len())?;
    let features: Option<crate::music::AudioFeatures> = row
        .user_features
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok());
    Some(CatalogueItem {
        id: row.id.clone(),
        kind: kind_of(&row.kind),
        title: row.title.clone(),
        creator: row.creator.clone(),
        year: row.year,
        genres: row.genres.clone(),
        language: row.language.clone(),
        popularity: row.popularity.unwrap_or(0.0),
        link: row.link.clone(),
        source: row.source.clone(),
        basis: basis_of(row.basis.as_deref()),
        mood: row.mood.clone(),
        rating: None,
        energy: features.map(|f| f.energy),
        valence: features.map(|f| f.valence),
        explicit: false,
        vector,
    })
}

/// A catalogue item as a stored row.
pub fn row_from_item(item: &CatalogueItem, model_sha256: Option<&str>) -> ItemRow {
    ItemRow {
        id: item.id.clone(),
        kind: item.kind.as_str().into(),
        title: item.title.clone(),
        creator: item.creator.clone(),
        year: item.year,
        genres: item.genres.clone(),
        language: item.language.clone(),
        popularity: Some(item.popularity),
        link: item.link.clone(),
        source: item.source.clone(),
        basis: Some(basis_str(item.basis).into()),
        mood: item.mood.clone(),
        vector: Some(item.vector.clone()),
        model_sha256: model_sha256.map(str::to_string),
        user_text: None,
        user_features: None,
    }
}

/// Vectorises validated import rows (texts through the model, songs through the mood
/// mapping) and stores them as the user's items in one transaction. `progress(done, total)`.
pub fn import_rows(
    store: &mut Store,
    rows: &[crate::import::ImportRow],
    model: Option<&mut dyn crate::Vectorizer>,
    mapping: &crate::music::MoodMapping,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<CatalogueItem>, RecommendError> {
    let texts: Vec<(usize, String)> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.text.clone().map(|t| (i, t)))
        .collect();
    let mut vectors: Vec<Option<Vec<f32>>> = vec![None; rows.len()];
    let mut sha = None;
    if !texts.is_empty() {
        let model = model.ok_or_else(|| {
            RecommendError::Invalid(
                "rows with text need the emotion model, which is not available; rows with audio \
                 features only can still be imported"
                    .into(),
            )
        })?;
        sha = Some(model.model_sha256());
        let total = texts.len();
        for (done, chunk) in texts.chunks(32).enumerate() {
            let batch: Vec<String> = chunk.iter().map(|(_, t)| t.clone()).collect();
            for ((i, _), v) in chunk.iter().zip(model.vectorize(&batch)?) {
                vectors[*i] = Some(v);
            }
            progress(((done + 1) * 32).min(total), total);
        }
    }
    let mut items = Vec::with_capacity(rows.len());
    let mut stored = Vec::with_capacity(rows.len());
    for (r, text_vector) in rows.iter().zip(vectors) {
        let (vector, basis, mood) = match (text_vector, &r.features) {
            (Some(v), _) => (v, Basis::Text, None),
            (None, Some(f)) => {
                let (v, mood) = mapping.vector(f);
                (v, Basis::Audio, Some(mood.to_string()))
            }
            (None, None) => continue,
        };
        let item = CatalogueItem {
            id: r.id.clone(),
            kind: r.kind,
            title: r.title.clone(),
            creator: r.creator.clone(),
            year: r.year,
            genres: r.genres.clone(),
            language: r.language.clone(),
            popularity: 0.5,
            link: r.link.clone(),
            source: "user".into(),
            basis,
            mood,
            rating: None,
            energy: r.features.map(|f| f.energy),
            valence: r.features.map(|f| f.valence),
            explicit: false,
            vector,
        };
        let mut row = row_from_item(&item, sha.as_deref().filter(|_| basis == Basis::Text));
        row.user_text = r.text.clone();
        row.user_features = r.features.map(|f| serde_json::to_string(&f).unwrap());
        stored.push(row);
        items.push(item);
    }
    store.upsert_items(&stored)?;
    Ok(items)
}

/// Re-reads imported items whose vectors came from another model (after a model update),
/// with progress; returns how many were refreshed.
pub fn refresh_stale_items(
    store: &mut Store,
    model: &mut dyn crate::Vectorizer,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<CatalogueItem>, RecommendError> {
    let sha = model.model_sha256();
    let stale: Vec<ItemRow> = store
        .user_items()?
        .into_iter()
        .filter(|r| r.user_text.is_some() && r.model_sha256.as_deref() != Some(sha.as_str()))
        .collect();
    let mut out = Vec::new();
    let total = stale.len();
    for (done, chunk) in stale.chunks(32).enumerate() {
        let texts: Vec<String> = chunk
            .iter()
            .map(|r| r.user_text.clone().unwrap_or_default())
            .collect();
        let vectors = model.vectorize(&texts)?;
        let mut rows = Vec::new();
        for (r, v) in chunk.iter().zip(vectors) {
            let mut row = r.clone();
            row.vector = Some(v);
            row.model_sha256 = Some(sha.clone());
            if let Some(item) = item_from_row(&row) {
                out.push(item);
            }
            rows.push(row);
        }
        store.upsert_items(&rows)?;
        progress(((done + 1) * 32).min(total), total);
    }
    Ok(out)
}

impl crate::Recommender {
    /// What the catalogue holds: films and songs, the writer's own items and how many of them
    /// were vectorised by another model, common genres and languages.
    pub fn stats(&self, store: &Store) -> Result<CatalogueStats, RecommendError> {
        let count = |kind| {
            self.catalogue
                .items
                .iter()
                .filter(|i| i.kind == kind)
                .count() as u32
        };
        let user: Vec<ItemRow> = store.user_items()?;
        let sha = self.catalogue.model_sha256.clone();
        let stale = user
            .iter()
            .filter(|u| sha.is_some() && u.model_sha256 != sha && u.user_text.is_some())
            .count() as u32;
        let mut languages: Vec<(String, usize)> = {
            let mut counts: HashMap<String, usize> = HashMap::new();
            for i in &self.catalogue.items {
                if let Some(l) = &i.language {
                    *counts.entry(l.clone()).or_default() += 1;
                }
            }
            counts.into_iter().collect()
        };
        languages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(CatalogueStats {
            movies: count(ItemKind::Movie),
            music: count(ItemKind::Music),
            user_items: user.len() as u32,
            stale_items: stale,
            genres: self.catalogue.common_genres(40),
            languages: languages.into_iter().take(12).map(|(l, _)| l).collect(),
            model_sha256: sha,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::tests::catalogue;
    use crate::Recommender;

    struct FakeModel(&'static str);

    impl crate::Vectorizer for FakeModel {
        fn vectorize(&mut self, texts: &[String]) -> Result<Vec<Vec<f32>>, haru_core::AppError> {
            Ok(texts
                .iter()
                .map(|t| {
                    let mut v = vec![0.01; 28];
                    v[if t.contains("sad") { 25 } else { 17 }] = 0.9;
                    v
                })
                .collect())
        }
        fn model_id(&self) -> String {
            "fake".into()
        }
        fn model_sha256(&self) -> String {
            self.0.into()
        }
    }

    #[test]
    fn imports_are_vectorised_stored_and_refreshed_for_a_new_model() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        let csv = "title,text,valence,energy\nA sad tale,a sad story,,\nUpbeat,,0.9,0.9\n";
        let parsed = crate::import::parse("mine.csv", csv.as_bytes()).unwrap();
        let mapping = crate::music::calibrate(
            &[
                (
                    crate::music::AudioFeatures {
                        valence: 0.9,
                        energy: 0.9,
                        danceability: 0.5,
                        acousticness: 0.1,
                        tempo: 120.0,
                        loudness: -5.0,
                        mode: None,
                    },
                    0,
                ),
                (
                    crate::music::AudioFeatures {
                        valence: 0.1,
                        energy: 0.2,
                        danceability: 0.3,
                        acousticness: 0.8,
                        tempo: 70.0,
                        loudness: -15.0,
                        mode: None,
                    },
                    1,
                ),
            ],
            "two songs",
        );
        let mut model = FakeModel("old");
        let items = import_rows(
            &mut store,
            &parsed.rows,
            Some(&mut model),
            &mapping,
            &mut |_, _| {},
        )
        .unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].basis, Basis::Text);
        assert_eq!(items[1].basis, Basis::Audio);
        assert!(items[0].vector[25] > 0.8);
        let stored = store.user_items().unwrap();
        assert_eq!(stored.len(), 2);
        assert_eq!(
            stored
                .iter()
                .filter(|r| r.model_sha256.as_deref() == Some("old"))
                .count(),
            1
        );

        // Without a model, text rows cannot be read: a clear error, nothing half-stored.
        let again = import_rows(&mut store, &parsed.rows, None, &mapping, &mut |_, _| {});
        assert!(matches!(again, Err(RecommendError::Invalid(_))));

        let mut rec = Recommender::new(catalogue(), 3);
        rec.add_items(items);
        assert_eq!(rec.stats(&store).unwrap().stale_items, 1);
        let mut calls = Vec::new();
        let refreshed = refresh_stale_items(&mut store, &mut FakeModel("sha"), &mut |d, t| {
            calls.push((d, t))
        })
        .unwrap();
        assert_eq!(refreshed.len(), 1);
        assert_eq!(calls, vec![(1, 1)]);
        assert_eq!(rec.stats(&store).unwrap().stale_items, 0);
        assert!(rec.check_model(Some("sha")).is_ok());
        assert!(rec.check_model(Some("other")).is_err());
    }
}
