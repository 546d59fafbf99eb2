//! Measuring satisfaction: synthetic users with hidden tastes live through days of real
//! diary-like texts, rate what four rankers show them, and the like rate is reported per day.
//!
//! ## The synthetic users
//! Each user has hidden tastes drawn from the catalogue itself: two favourite movie genres and
//! one disliked one (among the 16 most common), one favourite music genre (among the 8 most
//! common), a preferred language (Korean, English or none), whether they want their mood
//! *matched* or *lifted* (they set the strategy toggle accordingly, as a real user would), and
//! a noise level. Their utility for an item on a day is
//!
//! `u = 1.6·[favourite genre] − 2.0·[disliked genre] + 0.9·[preferred language]
//!      + 2.0·fit + noise·N(0, 1)`
//!
//! where `fit` is the cosine between the item's centred emotion vector and the user's own
//! target for the day (match or lift of the day's distribution, computed by the same
//! `space` functions). They like an item when `u > 1.5`, else dislike it.
//!
//! ## The rankers compared
//! `random`, `popularity`, `similarity` (the ranking with the prior weights — cosine to the
//! chosen strategy's target — and diversity, no learning) and `learning` (the same ranking with
//! the online learner, Thompson sampling, updated after every rating). All four never repeat an
//! item to a user and never show a disliked one again. Every day each user sees `k` movies and
//! `k` songs; satisfaction is likes / shown.

use std::collections::HashSet;

use haru_core::{ItemKind, RecommendationPrefs, Strategy};
use serde::Serialize;

use crate::catalogue::Catalogue;
use crate::learner::{self, Learner};
use crate::rank::{self, Request};
use crate::rng::Rng;
use crate::space;

pub const POLICIES: [&str; 4] = ["random", "popularity", "similarity", "learning"];

/// Who the synthetic users are and how long they live.
#[derive(Debug, Clone, Serialize)]
pub struct Mix {
    pub users: usize,
    pub days: usize,
    pub k: usize,
    pub seed: u64,
    /// Share of users who want their mood lifted rather than matched.
    pub lift_share: f32,
    /// Share of users with a preferred language.
    pub language_share: f32,
    /// Standard deviation of the noise in a user's judgement.
    pub noise: f32,
}

impl Default for Mix {
    fn default() -> Self {
        Mix {
            users: 200,
            days: 30,
            k: 5,
            seed: 7,
            lift_share: 0.5,
            language_share: 0.6,
            noise: 0.6,
        }
    }
}

pub const W_FAVOURITE: f32 = 1.6;
pub const W_DISLIKED: f32 = 2.0;
pub const W_LANGUAGE: f32 = 0.9;
pub const W_FIT: f32 = 2.0;
pub const LIKE_ABOVE: f32 = 1.5;

struct User {
    favourite: HashSet<u16>,
    disliked: HashSet<u16>,
    language: Option<&'static str>,
    strategy: Strategy,
    noise: f32,
}

/// Per-day satisfaction of each policy (averaged over users).
#[derive(Debug, Clone, Serialize)]
pub struct SimulationReport {
    pub mix: Mix,
    pub policies: Vec<String>,
    /// `satisfaction[policy][day]` in [0, 1].
    pub satisfaction: Vec<Vec<f32>>,
    pub day_texts: usize,
}

impl SimulationReport {
    pub fn on_day(&self, policy: &str, day: usize) -> f32 {
        let p = self
            .policies
            .iter()
            .position(|x| x == policy)
            .expect("policy");
        self.satisfaction[p][day.min(self.mix.days) - 1]
    }

    /// A Markdown table of chosen days.
    pub fn table(&self) -> String {
        let mut days: Vec<usize> = [1, 2, 5, 10, 15, 20, 25, 30, 40, 60]
            .into_iter()
            .filter(|&d| d <= self.mix.days)
            .collect();
        if !days.contains(&self.mix.days) {
            days.push(self.mix.days);
        }
        let mut out = String::from("| ranker |");
        for d in &days {
            out.push_str(&format!(" day {d} |"));
        }
        out.push_str("\n|---|");
        out.push_str(&"---:|".repeat(days.len()));
        out.push('\n');
        for p in &self.policies {
            out.push_str(&format!("| {p} |"));
            for &d in &days {
                out.push_str(&format!(" {:.1}% |", 100.0 * self.on_day(p, d)));
            }
            out.push('\n');
        }
        out
    }
}

fn top_genres(cat: &Catalogue, kind: ItemKind, n: usize) -> Vec<u16> {
    let mut counts = vec![0u32; cat.genres.len()];
    for i in 0..cat.len() {
        if cat.items[i].kind == kind {
            for &g in cat.genres_of(i) {
                counts[g as usize] += 1;
            }
        }
    }
    let mut order: Vec<u16> = (0..cat.genres.len() as u16)
        .filter(|&g| counts[g as usize] > 0)
        .collect();
    order.sort_by(|&a, &b| counts[b as usize].cmp(&counts[a as usize]).then(a.cmp(&b)));
    order.truncate(n);
    order
}

fn pick_distinct(rng: &mut Rng, from: &[u16], n: usize, avoid: &HashSet<u16>) -> HashSet<u16> {
    let mut pool: Vec<u16> = from
        .iter()
        .copied()
        .filter(|g| !avoid.contains(g))
        .collect();
    rng.shuffle(&mut pool);
    pool.into_iter().take(n).collect()
}

fn make_user(
    rng: &mut Rng,
    cat: &Catalogue,
    mix: &Mix,
    movie_genres: &[u16],
    music_genres: &[u16],
) -> User {
    let mut favourite = pick_distinct(rng, movie_genres, 2, &HashSet::new());
    let disliked = pick_distinct(rng, movie_genres, 1, &favourite);
    favourite.extend(pick_distinct(rng, music_genres, 1, &HashSet::new()));
    let language = if rng.chance(mix.language_share) {
        Some(if rng.chance(0.5) { "ko" } else { "en" })
    } else {
        None
    };
    let _ = cat;
    User {
        favourite,
        disliked,
        language,
        strategy: if rng.chance(mix.lift_share) {
            Strategy::Lift
        } else {
            Strategy::Match
        },
        noise: mix.noise * (0.5 + rng.unit()),
    }
}

fn likes(user: &User, cat: &Catalogue, n: usize, target: &space::Vector, rng: &mut Rng) -> bool {
    let genres = cat.genres_of(n);
    let fav = genres.iter().any(|g| user.favourite.contains(g)) as u8 as f32;
    let dis = genres.iter().any(|g| user.disliked.contains(g)) as u8 as f32;
    let lang = match (user.language, cat.items[n].language.as_deref()) {
        (Some(a), Some(b)) if a == b => 1.0,
        _ => 0.0,
    };
    let fit: f32 = target.iter().zip(cat.unit(n)).map(|(a, b)| a * b).sum();
    let u = W_FAVOURITE * fav - W_DISLIKED * dis
        + W_LANGUAGE * lang
        + W_FIT * fit
        + user.noise * rng.normal();
    u > LIKE_ABOVE
}

/// Runs every policy for every user over the days; `days_pool` are the day distributions
/// (28 probabilities each), drawn in a per-user random order.
pub fn run(cat: &Catalogue, days_pool: &[Vec<f32>], mix: &Mix) -> SimulationReport {
    let movie_genres = top_genres(cat, ItemKind::Movie, 16);
    let music_genres = top_genres(cat, ItemKind::Music, 8);
    let prefs = RecommendationPrefs::default();
    let mut satisfaction = vec![vec![0.0f32; mix.days]; POLICIES.len()];
    let by_kind: Vec<(ItemKind, Vec<usize>)> = [ItemKind::Movie, ItemKind::Music]
        .into_iter()
        .map(|k| {
            (
                k,
                (0..cat.len()).filter(|&n| cat.items[n].kind == k).collect(),
            )
        })
        .collect();
    let mut by_popularity = by_kind.clone();
    for (_, list) in by_popularity.iter_mut() {
        list.sort_by(|&a, &b| {
            cat.items[b]
                .popularity
                .total_cmp(&cat.items[a].popularity)
                .then(a.cmp(&b))
        });
    }
    for u in 0..mix.users {
        let mut user_rng = Rng::new(mix.seed.wrapping_mul(1_000_003).wrapping_add(u as u64));
        let user = make_user(&mut user_rng, cat, mix, &movie_genres, &music_genres);
        let day_order: Vec<usize> = (0..mix.days)
            .map(|_| user_rng.below(days_pool.len().max(1)))
            .collect();
        for (p, policy) in POLICIES.iter().enumerate() {
            // Same user, same days, same judgement noise for every policy.
            let mut judge = Rng::new(mix.seed ^ (u as u64).wrapping_mul(0x9E37));
            let mut explore = Rng::new(mix.seed.wrapping_add(17 * u as u64 + p as u64));
            let mut shown: HashSet<usize> = HashSet::new();
            let mut learners = [Learner::default(), Learner::default()];
            for (day, &d) in day_order.iter().enumerate() {
                let probs = &days_pool[d];
                let own_target = space::unit(&match user.strategy {
                    Strategy::Match => space::match_target(probs),
                    Strategy::Lift => space::lift_target(probs),
                });
                let mut liked = 0usize;
                let mut total = 0usize;
                for (ki, (kind, items)) in by_kind.iter().enumerate() {
                    let picks: Vec<usize> = match *policy {
                        "random" => {
                            let mut out = Vec::new();
                            let mut tries = 0;
                            while out.len() < mix.k && tries < 10_000 && !items.is_empty() {
                                let n = items[explore.below(items.len())];
                                if !shown.contains(&n) && !out.contains(&n) {
                                    out.push(n);
                                }
                                tries += 1;
                            }
                            out
                        }
                        "popularity" => by_popularity[ki]
                            .1
                            .iter()
                            .copied()
                            .filter(|n| !shown.contains(n))
                            .take(mix.k)
                            .collect(),
                        _ => {
                            let weights = if *policy == "learning" {
                                learners[ki].weights(Some(&mut explore))
                            } else {
                                Learner::default().mean
                            };
                            rank::rank(
                                cat,
                                &weights,
                                &Request {
                                    kind: *kind,
                                    k: mix.k,
                                    probs,
                                    strategy: user.strategy,
                                    prefs: &prefs,
                                    excluded: &shown,
                                    diverse: true,
                                },
                            )
                            .into_iter()
                            .map(|p| p.index)
                            .collect()
                        }
                    };
                    for n in picks {
                        shown.insert(n);
                        let like = likes(&user, cat, n, &own_target, &mut judge);
                        liked += like as usize;
                        total += 1;
                        if *policy == "learning" {
                            let x = rank::features(cat, n, probs, user.strategy, &prefs);
                            learners[ki].update(&x, like as u8 as f32, 1.0);
                        }
                    }
                }
                if total > 0 {
                    satisfaction[p][day] += liked as f32 / total as f32 / mix.users as f32;
                }
            }
        }
        let _ = learner::f::COUNT;
    }
    SimulationReport {
        mix: mix.clone(),
        policies: POLICIES.iter().map(|s| s.to_string()).collect(),
        satisfaction,
        day_texts: days_pool.len(),
    }
}

/// Diary-like day texts from the emotion data's dev splits: first-person sentences of at
/// least six words, half English (GoEmotions dev) and half Korean (KOTE validation).
pub fn day_texts(
    emotion_dir: &std::path::Path,
    per_language: usize,
    seed: u64,
) -> Result<Vec<String>, crate::RecommendError> {
    let read = |p: std::path::PathBuf| {
        std::fs::read_to_string(&p).map_err(|source| crate::RecommendError::Io { path: p, source })
    };
    let english: Vec<String> = read(emotion_dir.join("goemotions/original/dev.tsv"))?
        .lines()
        .filter_map(|l| l.split('\t').next())
        .filter(|t| {
            let words: Vec<&str> = t.split_whitespace().collect();
            words.len() >= 6
                && words.iter().any(|w| {
                    matches!(
                        w.to_lowercase().trim_matches(|c: char| !c.is_alphabetic()),
                        "i" | "my" | "me" | "i'm"
                    )
                })
                && !t.contains("[NAME]")
        })
        .map(str::to_string)
        .collect();
    let korean: Vec<String> = read(emotion_dir.join("kote/val.tsv"))?
        .lines()
        .filter_map(|l| l.split('\t').nth(1))
        .filter(|t| {
            t.split_whitespace().count() >= 6
                && ["나", "내", "저", "제"].iter().any(|w| t.contains(w))
        })
        .map(str::to_string)
        .collect();
    let mut rng = Rng::new(seed);
    let mut pick = |mut v: Vec<String>| {
        rng.shuffle(&mut v);
        v.truncate(per_language);
        v
    };
    let mut out = pick(english);
    out.extend(pick(korean));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::tests::item;

    /// On a small synthetic catalogue the learner must overtake similarity: the simulator can
    /// tell rankers apart (the full-size run with the real catalogue is `haru simulate`).
    #[test]
    fn learning_beats_similarity_on_a_synthetic_catalogue() {
        let labels = ["sadness", "joy", "relief", "fear", "amusement", "anger"];
        let genres = [
            "Drama", "Comedy", "Horror", "Family", "Action", "Romance", "War", "Music",
        ];
        let mut rng = Rng::new(5);
        let mut items = Vec::new();
        for i in 0..1500 {
            let kind = if i % 3 == 0 {
                ItemKind::Music
            } else {
                ItemKind::Movie
            };
            let g = genres[rng.below(genres.len())];
            let (a, b) = (
                labels[rng.below(labels.len())],
                labels[rng.below(labels.len())],
            );
            let pairs = [(a, 0.2 + rng.unit() * 0.5), (b, 0.2 + rng.unit() * 0.5)];
            let mut it = item(&format!("i{i}"), kind, &[g], &pairs);
            it.language = Some(if rng.chance(0.3) { "ko" } else { "en" }.into());
            it.popularity = rng.unit();
            items.push(it);
        }
        let cat = Catalogue::new(items, None);
        let days: Vec<Vec<f32>> = (0..40)
            .map(|_| {
                let mut p = vec![0.02; 28];
                p[haru_core::emotion::label_index(labels[rng.below(labels.len())]).unwrap()] = 0.8;
                p
            })
            .collect();
        let mix = Mix {
            users: 30,
            days: 20,
            ..Mix::default()
        };
        let report = run(&cat, &days, &mix);
        let late = |p: &str| (16..=20).map(|d| report.on_day(p, d)).sum::<f32>() / 5.0;
        assert!(
            late("learning") > late("similarity") + 0.1,
            "{}",
            report.table()
        );
        assert!(late("similarity") > late("random"), "{}", report.table());
        assert!(report.table().contains("| learning |"));
    }
}
