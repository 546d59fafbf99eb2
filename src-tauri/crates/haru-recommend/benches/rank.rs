//! Ranking speed: top-10 (with diversity and the learner's weights) over synthetic catalogues
//! of 100k and 1M items, one thread. `cargo bench -p haru-recommend --bench rank`; prints a
//! Markdown table (targets: ≤ 5 ms at 100k, ≤ 50 ms at 1M).

use std::collections::HashSet;
use std::time::Instant;

use haru_core::{ItemKind, RecommendationPrefs, Strategy};
use haru_recommend::catalogue::{Basis, Catalogue, CatalogueItem};
use haru_recommend::learner::Learner;
use haru_recommend::rank::{rank, Request};
use haru_recommend::rng::Rng;

const GENRES: [&str; 24] = [
    "drama",
    "comedy",
    "thriller",
    "action",
    "romance",
    "horror",
    "documentary",
    "family",
    "crime",
    "science fiction",
    "fantasy",
    "animation",
    "mystery",
    "war",
    "music",
    "history",
    "western",
    "adventure",
    "sport",
    "series",
    "independent",
    "classic",
    "teen",
    "nature",
];

fn catalogue(n: usize, rng: &mut Rng) -> Catalogue {
    let items = (0..n)
        .map(|i| {
            let mut vector: Vec<f32> = (0..28).map(|_| rng.unit() * 0.1).collect();
            for _ in 0..3 {
                vector[rng.below(27)] += rng.unit() * 0.8;
            }
            let genres = (0..1 + rng.below(3))
                .map(|_| GENRES[rng.below(GENRES.len())].to_string())
                .collect();
            CatalogueItem {
                creator: Some(format!("creator {}", rng.below(n / 5 + 1))),
                year: Some(1950 + rng.below(75) as i32),
                genres,
                language: Some(["en", "ko", "fr", "ja"][rng.below(4)].into()),
                popularity: rng.unit(),
                vector,
                ..CatalogueItem::new(
                    format!("item:{i}"),
                    ItemKind::Movie,
                    &format!("Item {i}"),
                    "bench",
                    Basis::Story,
                )
            }
        })
        .collect();
    Catalogue::new(items, None)
}

fn main() {
    let mut rng = Rng::new(42);
    let mut learner = Learner::default();
    // A learner that has seen some feedback (non-trivial weights everywhere).
    for (i, w) in learner.mean.iter_mut().enumerate() {
        *w += ((i * 7919) % 13) as f32 / 13.0 - 0.5;
    }
    let prefs = RecommendationPrefs {
        genres: vec!["comedy".into(), "drama".into()],
        languages: vec!["ko".into()],
        from_year: Some(1990),
        to_year: None,
        strategy: None,
        onboarded: true,
    };
    println!("| catalogue | top-k | median | p95 | runs |");
    println!("|---:|---:|---:|---:|---:|");
    for (n, runs) in [(100_000usize, 60usize), (1_000_000, 20)] {
        let cat = catalogue(n, &mut rng);
        let excluded: HashSet<usize> = (0..200).map(|_| rng.below(n)).collect();
        let mut times = Vec::with_capacity(runs);
        for r in 0..runs {
            let mut probs: Vec<f32> = (0..28).map(|_| rng.unit() * 0.1).collect();
            probs[r % 27] = 0.8;
            let weights = learner.weights(Some(&mut rng));
            let started = Instant::now();
            let picks = rank(
                &cat,
                &weights,
                &Request::new(
                    ItemKind::Movie,
                    10,
                    &probs,
                    [Strategy::Match, Strategy::Lift][r % 2],
                    &prefs,
                    &excluded,
                ),
            );
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(picks.len(), 10);
        }
        times.sort_by(f64::total_cmp);
        let p95 = times[((times.len() as f64 * 0.95) as usize).min(times.len() - 1)];
        println!(
            "| {n} | 10 | {:.2} ms | {:.2} ms | {runs} |",
            times[times.len() / 2],
            p95
        );
    }
}
