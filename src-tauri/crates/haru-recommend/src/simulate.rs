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
//! `rank::targets`, gradual lift on heavy days included). On taste alone they like an item when
//! `u > 1.5`.
//!
//! ## Judging fit, not only taste
//! A pick can suit someone's taste and still be wrong for the day. Users also reject, whatever
//! `u` says ([`fits`]):
//! - a kids-only title (pre-school or kids audience) unless family films are among their
//!   favourites: an adult without children's tastes does not want a pre-school cartoon;
//! - on a heavy day (`fit::heavy_day` of the day they are living), an upbeat party song
//!   (energy > [`PARTY_ENERGY`] and musical valence > [`PARTY_VALENCE`]): after a sad mood the
//!   usual preference for happy-sounding music disappears (Hunter, Schellenberg & Griffith,
//!   *Emotion* 2011), and bad moods are best served by calm, not arousing, content (Zillmann
//!   1988; Reinecke 2017);
//! - on a heavy day, a horror title unless horror is among their favourites: fear-arousing
//!   content intensifies a negative mood instead of relieving it (Zillmann 1988).
//!
//! Their click is the fit-aware judgement (what the learner learns from); the report gives
//! both the fit-aware satisfaction and the taste-only one.
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
use crate::fit;
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
/// A heavy day's party song: energy and musical valence above these.
pub const PARTY_ENERGY: f32 = 0.7;
pub const PARTY_VALENCE: f32 = 0.6;

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
    /// `satisfaction[policy][day]` in [0, 1]: fit-aware likes / shown.
    pub satisfaction: Vec<Vec<f32>>,
    /// The same on taste alone (the fit rules not applied).
    pub taste_satisfaction: Vec<Vec<f32>>,
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

    /// Taste-only satisfaction of a policy on a day.
    pub fn taste_on_day(&self, policy: &str, day: usize) -> f32 {
        let p = self
            .policies
            .iter()
            .position(|x| x == policy)
            .expect("policy");
        self.taste_satisfaction[p][day.min(self.mix.days) - 1]
    }

    /// A Markdown table of chosen days: fit-aware satisfaction, taste-only in brackets.
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
                out.push_str(&format!(
                    " {:.1}% ({:.1}%) |",
                    100.0 * self.on_day(p, d),
                    100.0 * self.taste_on_day(p, d)
                ));
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

/// Whether item `n` fits the day for this user (the rules in the module header).
pub fn fits(
    cat: &Catalogue,
    n: usize,
    heavy: bool,
    favourite_family: bool,
    favourite_horror: bool,
) -> bool {
    let item = &cat.items[n];
    if fit::audience(item).kids_only() && !favourite_family {
        return false;
    }
    if heavy {
        let party = item.energy.is_some_and(|e| e > PARTY_ENERGY)
            && item.valence.is_some_and(|v| v > PARTY_VALENCE);
        if party || (fit::horror(item) && !favourite_horror) {
            return false;
        }
    }
    true
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
    run_with(cat, days_pool, mix, None)
}

/// [`run`], with every user wanting `only` when it is given (else match or lift by the mix).
pub fn run_with(
    cat: &Catalogue,
    days_pool: &[Vec<f32>],
    mix: &Mix,
    only: Option<Strategy>,
) -> SimulationReport {
    let movie_genres = top_genres(cat, ItemKind::Movie, 16);
    let music_genres = top_genres(cat, ItemKind::Music, 8);
    let prefs = RecommendationPrefs::default();
    let mut satisfaction = vec![vec![0.0f32; mix.days]; POLICIES.len()];
    let mut taste_satisfaction = vec![vec![0.0f32; mix.days]; POLICIES.len()];
    let family = cat.genre_id("family");
    let horror = cat.genre_id("horror");
    let heavy_days: Vec<bool> = days_pool.iter().map(|p| fit::heavy_day(p)).collect();
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
        let mut user = make_user(&mut user_rng, cat, mix, &movie_genres, &music_genres);
        user.strategy = only.unwrap_or(user.strategy);
        let favourite = |g: Option<u16>| g.is_some_and(|g| user.favourite.contains(&g));
        let (likes_family, likes_horror) = (favourite(family), favourite(horror));
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
                let own_target = rank::targets(probs, user.strategy).0;
                let mut liked = 0usize;
                let mut liked_taste = 0usize;
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
                                &Request::new(*kind, mix.k, probs, user.strategy, &prefs, &shown),
                            )
                            .into_iter()
                            .map(|p| p.index)
                            .collect()
                        }
                    };
                    for n in picks {
                        shown.insert(n);
                        let taste = likes(&user, cat, n, &own_target, &mut judge);
                        let like = taste && fits(cat, n, heavy_days[d], likes_family, likes_horror);
                        liked_taste += taste as usize;
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
                    taste_satisfaction[p][day] +=
                        liked_taste as f32 / total as f32 / mix.users as f32;
                }
            }
        }
        let _ = learner::f::COUNT;
    }
    SimulationReport {
        mix: mix.clone(),
        policies: POLICIES.iter().map(|s| s.to_string()).collect(),
        satisfaction,
        taste_satisfaction,
        day_texts: days_pool.len(),
    }
}

/// What one strategy offered over a panel of days (prior weights, no stated tastes, nothing
/// excluded: what a new writer sees).
#[derive(Debug, Clone, Serialize)]
pub struct PanelRow {
    pub strategy: Strategy,
    pub songs: usize,
    /// Songs with energy ≤ `fit::GENTLE_ENERGY`.
    pub gentle_songs: usize,
    /// Songs a heavy day's user rejects as party songs (see [`fits`]).
    pub party_songs: usize,
    pub explicit_songs: usize,
    pub titles: usize,
    pub kids_only_titles: usize,
    pub horror_titles: usize,
    /// Mean musical valence of the songs.
    pub song_valence: f32,
}

/// The heavy-day panel: per strategy, what was offered, and how far match and lift differ.
#[derive(Debug, Clone, Serialize)]
pub struct PanelReport {
    pub days: usize,
    /// Days `fit::heavy_day` reads as heavy.
    pub heavy: usize,
    pub rows: Vec<PanelRow>,
    /// Mean share of one day's picks (movies and songs) that match and lift have in common.
    pub match_lift_overlap: f32,
}

/// Ranks `k` movies and `k` songs for each day with each strategy and counts what kind of
/// picks they are.
pub fn panel(cat: &Catalogue, days: &[Vec<f32>], k: usize) -> PanelReport {
    let prefs = RecommendationPrefs::default();
    let excluded = HashSet::new();
    let weights = Learner::default().mean;
    let mut rows = Vec::new();
    let mut picked: Vec<Vec<HashSet<usize>>> = Vec::new();
    for strategy in Strategy::ALL {
        let mut row = PanelRow {
            strategy,
            songs: 0,
            gentle_songs: 0,
            party_songs: 0,
            explicit_songs: 0,
            titles: 0,
            kids_only_titles: 0,
            horror_titles: 0,
            song_valence: 0.0,
        };
        let mut per_day = Vec::new();
        for probs in days {
            let mut mine = HashSet::new();
            for kind in [ItemKind::Movie, ItemKind::Music] {
                let req = Request::new(kind, k, probs, strategy, &prefs, &excluded);
                for p in rank::rank(cat, &weights, &req) {
                    mine.insert(p.index);
                    let item = &cat.items[p.index];
                    match kind {
                        ItemKind::Music => {
                            row.songs += 1;
                            row.gentle_songs +=
                                item.energy.is_some_and(|e| e <= fit::GENTLE_ENERGY) as usize;
                            row.party_songs += !fits(cat, p.index, true, true, true) as usize;
                            row.explicit_songs += item.explicit as usize;
                            row.song_valence += item.valence.unwrap_or(0.5);
                        }
                        ItemKind::Movie => {
                            row.titles += 1;
                            row.kids_only_titles += cat.audience[p.index].kids_only() as usize;
                            row.horror_titles += fit::horror(item) as usize;
                        }
                    }
                }
            }
            per_day.push(mine);
        }
        row.song_valence /= row.songs.max(1) as f32;
        rows.push(row);
        picked.push(per_day);
    }
    let overlap = picked[0]
        .iter()
        .zip(&picked[2])
        .map(|(m, l)| m.intersection(l).count() as f32 / m.len().max(1) as f32)
        .sum::<f32>()
        / days.len().max(1) as f32;
    PanelReport {
        days: days.len(),
        heavy: days.iter().filter(|p| fit::heavy_day(p)).count(),
        rows,
        match_lift_overlap: overlap,
    }
}

impl PanelReport {
    /// A Markdown table: one row per strategy.
    pub fn table(&self) -> String {
        let pct = |a: usize, b: usize| 100.0 * a as f32 / b.max(1) as f32;
        let mut out = String::from(
            "| strategy | gentle songs (energy ≤ 0.6) | party songs | explicit songs | mean song valence | kids-only titles | horror titles |\n|---|---:|---:|---:|---:|---:|---:|\n",
        );
        for r in &self.rows {
            out.push_str(&format!(
                "| {} | {:.1}% ({}/{}) | {} | {} | {:.2} | {} of {} | {} |\n",
                r.strategy.as_str(),
                pct(r.gentle_songs, r.songs),
                r.gentle_songs,
                r.songs,
                r.party_songs,
                r.explicit_songs,
                r.song_valence,
                r.kids_only_titles,
                r.titles,
                r.horror_titles
            ));
        }
        out
    }
}

/// Diary-like day texts from the emotion data's dev splits: first-person sentences of at
/// least six words, half English (GoEmotions dev) and half Korean (KOTE validation).
pub fn day_texts(
    emotion_dir: &std::path::Path,
    per_language: usize,
    seed: u64,
) -> Result<Vec<String>, crate::RecommendError> {
    let read =
        |p: std::path::PathBuf| std::fs::read_to_string(&p).map_err(crate::RecommendError::io(&p));
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

    #[test]
    fn users_reject_cartoons_party_songs_and_horror_that_do_not_fit_the_day() {
        let mut party = item("party", ItemKind::Music, &["dance pop"], &[("joy", 0.9)]);
        (party.energy, party.valence) = (Some(0.9), Some(0.9));
        let mut ballad = item("ballad", ItemKind::Music, &["pop"], &[("sadness", 0.9)]);
        (ballad.energy, ballad.valence) = (Some(0.3), Some(0.2));
        let cartoon = item("cartoon", ItemKind::Movie, &["Animation", "Family"], &[]);
        let scary = item("scary", ItemKind::Movie, &["Horror"], &[]);
        let cat = Catalogue::new(vec![party, ballad, cartoon, scary], None);
        let at = |id: &str| cat.index_of(id).unwrap();
        // (item, heavy day, favourite family, favourite horror) → fits
        let cases = [
            ("party", true, false, false, false),
            ("party", false, false, false, true),
            ("ballad", true, false, false, true),
            ("cartoon", false, false, false, false),
            ("cartoon", true, true, false, true),
            ("scary", true, false, false, false),
            ("scary", true, false, true, true),
            ("scary", false, false, false, true),
        ];
        for (id, heavy, family, horror, expected) in cases {
            assert_eq!(
                fits(&cat, at(id), heavy, family, horror),
                expected,
                "{id} heavy={heavy} family={family} horror={horror}"
            );
        }
    }

    #[test]
    fn the_panel_counts_what_each_strategy_offers_on_hard_days() {
        let mut items = Vec::new();
        for i in 0..40 {
            let (label, energy, valence) = match i % 4 {
                0 => ("joy", 0.9, 0.9),
                1 => ("sadness", 0.3, 0.2),
                2 => ("relief", 0.4, 0.6),
                _ => ("excitement", 0.8, 0.5),
            };
            let mut song = item(&format!("s{i}"), ItemKind::Music, &["pop"], &[(label, 0.7)]);
            (song.energy, song.valence) = (Some(energy), Some(valence));
            song.creator = Some(format!("artist {i}"));
            items.push(song);
            let genres: &[&str] = match i % 4 {
                0 => &["Animation", "Family"],
                1 => &["Horror"],
                2 => &["Drama"],
                _ => &["Comedy"],
            };
            items.push(item(
                &format!("m{i}"),
                ItemKind::Movie,
                genres,
                &[(label, 0.7)],
            ));
        }
        let cat = Catalogue::new(items, None);
        let mut grief = vec![0.01; 28];
        grief[haru_core::emotion::label_index("grief").unwrap()] = 0.5;
        grief[haru_core::emotion::label_index("sadness").unwrap()] = 0.4;
        let report = panel(&cat, &[grief.clone(), grief], 5);
        assert_eq!((report.days, report.heavy), (2, 2));
        let row = |s: Strategy| report.rows.iter().find(|r| r.strategy == s).unwrap();
        for s in Strategy::ALL {
            assert_eq!((row(s).songs, row(s).titles), (10, 10));
            assert_eq!((row(s).kids_only_titles, row(s).horror_titles), (0, 0));
        }
        assert_eq!(row(Strategy::Comfort).gentle_songs, 10);
        assert_eq!(row(Strategy::Comfort).party_songs, 0);
        assert!(row(Strategy::Lift).song_valence > row(Strategy::Match).song_valence);
        assert!(report.match_lift_overlap < 1.0);
        assert!(
            report.table().contains("| comfort | 100.0% (10/10) |"),
            "{}",
            report.table()
        );
    }

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
