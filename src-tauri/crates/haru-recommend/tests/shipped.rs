//! The shipped catalogues in `resources/catalogue/` are complete, readable and were computed
//! with the shipped model: when the model changes, this fails until `haru catalogue build` is
//! run again (so vectors of two models are never mixed).

use std::path::PathBuf;

use haru_core::{Audience, ItemKind, RecommendationPrefs, Strategy};
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
            "{} was built with another model: run `haru catalogue build`",
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
    let mapping = haru_recommend::music::load_mapping(&repo().join("resources")).unwrap();
    // Four moods: chance is 25-29%; the calibration must be far above it.
    assert!(
        mapping.held_out_accuracy > 0.6,
        "{}",
        mapping.held_out_accuracy
    );
    assert_eq!(mapping.songs, 686);
}

/// A day read as `base` on every label but the `felt` ones.
fn day_of(base: f32, felt: &[(&str, f32)]) -> Vec<f32> {
    let mut day = vec![base; 28];
    for (label, p) in felt {
        day[haru_core::emotion::label_index(label).unwrap()] = *p;
    }
    day
}

/// The product's ten picks (their catalogue indices) for `day`, with no stated tastes and
/// nothing learned yet.
fn top_ten(cat: &Catalogue, day: &[f32], strategy: Strategy, kind: ItemKind) -> Vec<usize> {
    let prefs = RecommendationPrefs::default();
    let excluded = Default::default();
    let weights = Learner::default().mean;
    rank(
        cat,
        &weights,
        &Request::new(kind, 10, day, strategy, &prefs, &excluded),
    )
    .into_iter()
    .map(|p| p.index)
    .collect()
}

#[test]
fn a_sad_day_matches_sad_stories_and_lifts_toward_brighter_ones() {
    let cat = Catalogue::load_shipped(&repo().join("resources")).unwrap();
    assert!(cat.common_genres(10).contains(&"drama".to_string()));
    let day = day_of(0.02, &[("sadness", 0.8), ("grief", 0.3)]);
    let picks = |strategy, kind| {
        let picks = top_ten(&cat, &day, strategy, kind);
        assert_eq!(picks.len(), 10);
        picks.into_iter().map(|n| &cat.items[n]).collect::<Vec<_>>()
    };
    let valence = |items: &[&haru_recommend::CatalogueItem]| {
        items
            .iter()
            .map(|i| haru_recommend::space::balance(&haru_recommend::space::emotions(&i.vector)))
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

/// Every shipped song carries its energy and valence, Netflix titles their content rating, and
/// the audiences the fit rules need are there to be found.
#[test]
fn songs_carry_audio_facts_and_titles_their_audience() {
    let cat = Catalogue::load_shipped(&repo().join("resources")).unwrap();
    let songs: Vec<_> = cat
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Music)
        .collect();
    assert!(songs.iter().all(|s| s
        .energy
        .zip(s.valence)
        .is_some_and(|(e, v)| (0.0..=1.0).contains(&e) && (0.0..=1.0).contains(&v))));
    assert!(songs.iter().any(|s| s.explicit));
    // Netflix publishes a rating for all but a handful of its titles.
    let netflix: Vec<_> = cat.items.iter().filter(|i| i.source == "netflix").collect();
    let rated = netflix.iter().filter(|i| i.rating.is_some()).count();
    assert!(
        rated * 100 >= netflix.len() * 99,
        "{rated} of {}",
        netflix.len()
    );
    let count = |a: Audience| cat.audience.iter().filter(|x| **x == a).count();
    assert!(
        count(Audience::Preschool) >= 100,
        "{}",
        count(Audience::Preschool)
    );
    assert!(count(Audience::Kids) >= 100, "{}", count(Audience::Kids));
    for title in ["Vroomiz", "Charlie's Colorforms City"] {
        let n = cat.items.iter().position(|i| i.title == title).unwrap();
        assert!(cat.audience[n].kids_only(), "{title}");
    }
}

/// A hard day with no stated tastes: comfort and lift offer gentle songs, no kids' titles and
/// no horror; match still sits with the mood and differs from lift.
#[test]
fn a_hard_day_gets_gentle_songs_and_no_cartoons() {
    let cat = Catalogue::load_shipped(&repo().join("resources")).unwrap();
    let day = day_of(0.01, &[("grief", 0.5), ("sadness", 0.4)]);
    assert!(haru_recommend::fit::heavy_day(&day));
    let picks = |strategy, kind| top_ten(&cat, &day, strategy, kind);
    for strategy in [Strategy::Comfort, Strategy::Lift] {
        let songs = picks(strategy, ItemKind::Music);
        let gentle = songs
            .iter()
            .filter(|&&n| cat.items[n].energy.is_some_and(|e| e <= 0.6))
            .count();
        assert!(gentle >= 6, "{strategy:?}: {gentle} of 10 gentle");
        let films = picks(strategy, ItemKind::Movie);
        assert_eq!(films.len(), 10);
        for n in films {
            assert!(!cat.audience[n].kids_only(), "{}", cat.items[n].title);
            assert!(
                !haru_recommend::fit::horror(&cat.items[n]),
                "{}",
                cat.items[n].title
            );
        }
    }
    let sad = |ids: &[usize]| {
        ids.iter()
            .filter(|&&n| cat.items[n].mood.as_deref() == Some("sad"))
            .count()
    };
    let matched = picks(Strategy::Match, ItemKind::Music);
    let lifted = picks(Strategy::Lift, ItemKind::Music);
    assert!(matched.iter().all(|n| !lifted.contains(n)));
    assert!(
        sad(&matched) >= 7 && sad(&lifted) <= 3,
        "{} {}",
        sad(&matched),
        sad(&lifted)
    );
}
