//! The shipped catalogues in `resources/catalogue/` are complete, readable and were computed
//! with the shipped model: when the model changes, this fails until `haru catalog build` is
//! run again (so vectors of two models are never mixed).

use std::path::PathBuf;

use haru_core::{ItemKind, RecommendationPrefs, Strategy};
use haru_recommend::catalogue::{read_file, shipped_files, Catalogue};
use haru_recommend::learner::Learner;
use haru_recommend::rank::{rank, Request};
use sha2::{Digest, Sha256};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

#[test]
fn catalogues_are_stamped_with_the_shipped_model() {
    let onnx = std::fs::read(repo().join("models/haru-emotion.onnx")).expect("the shipped model");
    let sha: String = Sha256::digest(&onnx)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    for path in shipped_files(&repo().join("resources")) {
        let (header, items) = read_file(&path).unwrap();
        assert_eq!(
            header.model_sha256,
            sha,
            "{} was built with another model: run `haru catalog build`",
            path.display()
        );
        assert!(
            items.len() >= 10_000,
            "{}: only {} items",
            path.display(),
            items.len()
        );
        assert!(items.iter().all(|i| i.kind == header.kind));
    }
}

#[test]
fn the_music_mapping_is_calibrated() {
    let mapping = haru_recommend::build::load_mapping(&repo().join("resources")).unwrap();
    // Four moods: chance is 25-29%; the calibration must be far above it.
    assert!(
        mapping.held_out_accuracy > 0.6,
        "{}",
        mapping.held_out_accuracy
    );
    assert_eq!(mapping.songs, 686);
}

#[test]
fn a_sad_day_matches_sad_stories_and_lifts_toward_brighter_ones() {
    let cat = Catalogue::load_shipped(&repo().join("resources")).unwrap();
    assert!(cat.common_genres(10).contains(&"drama".to_string()));
    let mut day = vec![0.02; 28];
    day[haru_core::emotion::label_index("sadness").unwrap()] = 0.8;
    day[haru_core::emotion::label_index("grief").unwrap()] = 0.3;
    let prefs = RecommendationPrefs::default();
    let excluded = Default::default();
    let weights = Learner::default().mean;
    let picks = |strategy, kind| {
        let picks = rank(
            &cat,
            &weights,
            &Request {
                kind,
                k: 10,
                probs: &day,
                strategy,
                prefs: &prefs,
                excluded: &excluded,
                diverse: true,
            },
        );
        assert_eq!(picks.len(), 10);
        picks
            .into_iter()
            .map(|p| &cat.items[p.index])
            .collect::<Vec<_>>()
    };
    let valence = |items: &[&haru_recommend::CatalogueItem]| {
        items
            .iter()
            .map(|i| haru_recommend::space::valence(&haru_recommend::space::emotions(&i.vector)))
            .sum::<f32>()
            / items.len() as f32
    };
    let movies: Vec<_> = cat
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Movie)
        .collect();
    let everything = valence(&movies);
    let matched = valence(&picks(Strategy::Match, ItemKind::Movie));
    let lifted = valence(&picks(Strategy::Lift, ItemKind::Movie));
    assert!(
        matched < everything - 0.3,
        "matched films should be sadder than most ({matched} vs {everything})"
    );
    assert!(
        lifted > everything,
        "lifted films should be brighter than most ({lifted} vs {everything})"
    );
    // Songs carry the mood their audio features map to.
    let sad = |items: Vec<&haru_recommend::CatalogueItem>| {
        items
            .iter()
            .filter(|i| i.mood.as_deref() == Some("sad"))
            .count()
    };
    assert!(sad(picks(Strategy::Match, ItemKind::Music)) >= 7);
    assert!(sad(picks(Strategy::Lift, ItemKind::Music)) <= 2);
}
