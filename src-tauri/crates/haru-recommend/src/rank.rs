//! Ranking: score every item of a kind for the day, keep the best, then pick a diverse top-k.
//!
//! The score is the learner's linear model (see `learner`): because similarity enters it
//! linearly, both strategy targets fold into one 27-number direction, so scoring an item costs
//! one short dot product plus a few table lookups — a full pass over a million items fits the
//! 50 ms budget without an approximate index. Candidates are the best `max(8k, 40)` by score;
//! from them, maximal marginal relevance picks items that are good *and* unlike the ones
//! already picked (emotion direction, shared genres, same artist/director), and no creator
//! appears more than twice. Items that do not fit the day (`fit::Gate`: kids' titles for
//! writers without that taste, loud songs for comfort, horror on a heavy day, …) are not
//! candidates at all.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashSet};

use haru_core::{ItemKind, RecommendationPrefs, Strategy};

use crate::catalogue::Catalogue;
use crate::fit;
use crate::learner::f;
use crate::space::{self, Vector, DIMS};

/// Weight of relevance against novelty in maximal marginal relevance.
pub const MMR_LAMBDA: f32 = 0.7;

/// What to rank for.
pub struct Request<'a> {
    pub kind: ItemKind,
    pub k: usize,
    /// The day's 28-label distribution.
    pub probs: &'a [f32],
    pub strategy: Strategy,
    pub prefs: &'a RecommendationPrefs,
    /// Item indices that must not be returned.
    pub excluded: &'a HashSet<usize>,
    /// Pick a diverse top-k (true in the product; false shows the raw order).
    pub diverse: bool,
}

impl<'a> Request<'a> {
    /// The product's request: `k` diverse picks of `kind` for a day read as `probs`.
    pub fn new(
        kind: ItemKind,
        k: usize,
        probs: &'a [f32],
        strategy: Strategy,
        prefs: &'a RecommendationPrefs,
        excluded: &'a HashSet<usize>,
    ) -> Self {
        Request {
            kind,
            k,
            probs,
            strategy,
            prefs,
            excluded,
            diverse: true,
        }
    }
}

/// A ranked item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pick {
    pub index: usize,
    pub score: f32,
}

/// A day's targets, as unit vectors: (chosen strategy, the other one). The other one of match
/// is lift; of comfort and lift, match. On a heavy day lift is the gradual lift.
pub fn targets(probs: &[f32], strategy: Strategy) -> (Vector, Vector) {
    let m = space::unit(&space::match_target(probs));
    let lift = |p| {
        if fit::heavy_day(p) {
            space::unit(&space::gradual_lift_target(p))
        } else {
            space::unit(&space::lift_target(p))
        }
    };
    match strategy {
        Strategy::Match => (m, lift(probs)),
        Strategy::Comfort => (space::unit(&space::comfort_target(probs)), m),
        Strategy::Lift => (lift(probs), m),
    }
}

/// Per-request constants shared by scoring and the explicit feature vector.
struct Prepared {
    chosen: Vector,
    other: Vector,
    entry_balance: f32,
    preferred_genre: Vec<bool>,
    /// Per language id of the catalogue: preferred or not.
    preferred_language: Vec<bool>,
    from_year: Option<i32>,
    to_year: Option<i32>,
}

impl Prepared {
    fn new(
        cat: &Catalogue,
        probs: &[f32],
        strategy: Strategy,
        prefs: &RecommendationPrefs,
    ) -> Self {
        let (chosen, other) = targets(probs, strategy);
        let mut preferred_genre = vec![false; cat.genres.len()];
        for g in &prefs.genres {
            if let Some(id) = cat.genre_id(g) {
                preferred_genre[id as usize] = true;
            }
        }
        let wanted: HashSet<String> = prefs.languages.iter().map(|l| l.to_lowercase()).collect();
        Prepared {
            chosen,
            other,
            entry_balance: space::balance(&space::emotions(probs)),
            preferred_genre,
            preferred_language: cat.languages.iter().map(|l| wanted.contains(l)).collect(),
            from_year: prefs.from_year,
            to_year: prefs.to_year,
        }
    }

    fn pref_genre(&self, cat: &Catalogue, n: usize) -> f32 {
        let hit = cat
            .genres_of(n)
            .iter()
            .any(|&g| self.preferred_genre[g as usize]);
        hit as u8 as f32
    }

    fn pref_language(&self, cat: &Catalogue, n: usize) -> f32 {
        let id = cat.language_ids[n];
        let hit = id != u16::MAX && self.preferred_language[id as usize];
        hit as u8 as f32
    }

    fn pref_era(&self, cat: &Catalogue, n: usize) -> f32 {
        if self.from_year.is_none() && self.to_year.is_none() {
            return 0.0;
        }
        let year = cat.years[n];
        if year == i32::MIN {
            return 0.0;
        }
        let after = self.from_year.is_none_or(|y| year >= y);
        let before = self.to_year.is_none_or(|y| year <= y);
        (after && before) as u8 as f32
    }
}

/// The learner's feature vector of item `n` for this day (what a feedback click updates on).
pub fn features(
    cat: &Catalogue,
    n: usize,
    probs: &[f32],
    strategy: Strategy,
    prefs: &RecommendationPrefs,
) -> Vec<f32> {
    let p = Prepared::new(cat, probs, strategy, prefs);
    let unit: &[f32] = cat.unit(n);
    let mut x = vec![0.0; f::COUNT];
    x[f::BIAS] = 1.0;
    x[f::SIM] = dot(&p.chosen, unit);
    x[f::SIM_OTHER] = dot(&p.other, unit);
    x[f::BALANCE_AGREE] = p.entry_balance * cat.balance[n];
    x[f::ITEM_BALANCE] = cat.balance[n];
    x[f::POPULARITY] = cat.popularity[n];
    x[f::PREF_GENRE] = p.pref_genre(cat, n);
    x[f::PREF_LANGUAGE] = p.pref_language(cat, n);
    x[f::PREF_ERA] = p.pref_era(cat, n);
    let buckets = cat.buckets_of(n);
    if !buckets.is_empty() {
        let share = 1.0 / (buckets.len() as f32).sqrt();
        for &b in buckets {
            x[f::GENRE + b as usize] += share;
        }
    }
    if cat.language_slot[n] != u8::MAX {
        x[f::LANGUAGE + cat.language_slot[n] as usize] = 1.0;
    }
    if cat.era_slot[n] != u8::MAX {
        x[f::ERA + cat.era_slot[n] as usize] = 1.0;
    }
    x
}

fn dot(a: &Vector, b: &[f32]) -> f32 {
    // Fixed-length arrays let the compiler drop bounds checks and vectorise.
    let b: &Vector = b.try_into().expect("unit vectors have DIMS values");
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[derive(PartialEq)]
struct Scored(f32, usize);
impl Eq for Scored {}
impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scored {
    // Reversed: the heap's top is the *worst* kept candidate.
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.total_cmp(&self.0).then(other.1.cmp(&self.1))
    }
}

/// Scores every eligible item of `req.kind` with `weights` and returns a top-k.
pub fn rank(cat: &Catalogue, weights: &[f32], req: &Request) -> Vec<Pick> {
    if req.k == 0 || weights.len() != f::COUNT {
        return Vec::new();
    }
    let p = Prepared::new(cat, req.probs, req.strategy, req.prefs);
    let mut direction = [0.0f32; DIMS];
    for ((d, chosen), other) in direction.iter_mut().zip(&p.chosen).zip(&p.other) {
        *d = weights[f::SIM] * chosen + weights[f::SIM_OTHER] * other;
    }
    let balance_weight = weights[f::BALANCE_AGREE] * p.entry_balance + weights[f::ITEM_BALANCE];
    let any_pref_genre = p.preferred_genre.iter().any(|&b| b);
    let any_pref_language = p.preferred_language.iter().any(|&b| b);
    let share = [
        0.0,
        1.0,
        1.0 / 2f32.sqrt(),
        1.0 / 3f32.sqrt(),
        0.5,
        1.0 / 5f32.sqrt(),
    ];

    let candidates = (req.k * 8).max(40);
    let mut excluded = vec![false; cat.len()];
    for &n in req.excluded {
        if let Some(x) = excluded.get_mut(n) {
            *x = true;
        }
    }
    let any_pref_era = p.from_year.is_some() || p.to_year.is_some();
    let gate = fit::Gate::new(req.probs, req.strategy, req.prefs, weights);
    let mut heap: BinaryHeap<Scored> = BinaryHeap::with_capacity(candidates + 1);
    let mut worst = f32::NEG_INFINITY;
    for (n, &skip) in excluded.iter().enumerate() {
        if skip || cat.kinds[n] != req.kind || !gate.admits(cat, n) {
            continue;
        }
        let mut score = weights[f::BIAS]
            + dot(&direction, cat.unit(n))
            + balance_weight * cat.balance[n]
            + weights[f::POPULARITY] * cat.popularity[n];
        if any_pref_genre {
            score += weights[f::PREF_GENRE] * p.pref_genre(cat, n);
        }
        if any_pref_language {
            score += weights[f::PREF_LANGUAGE] * p.pref_language(cat, n);
        }
        if any_pref_era {
            score += weights[f::PREF_ERA] * p.pref_era(cat, n);
        }
        let buckets = cat.buckets_of(n);
        let s = share
            .get(buckets.len())
            .copied()
            .unwrap_or_else(|| 1.0 / (buckets.len() as f32).sqrt());
        for &b in buckets {
            score += weights[f::GENRE + b as usize] * s;
        }
        let language = cat.language_slot[n];
        if language != u8::MAX {
            score += weights[f::LANGUAGE + language as usize];
        }
        let era = cat.era_slot[n];
        if era != u8::MAX {
            score += weights[f::ERA + era as usize];
        }
        if !score.is_finite() || (heap.len() >= candidates && score <= worst) {
            continue;
        }
        heap.push(Scored(score, n));
        if heap.len() > candidates {
            heap.pop();
        }
        if heap.len() >= candidates {
            worst = heap.peek().map_or(f32::NEG_INFINITY, |w| w.0);
        }
    }
    let mut pool: Vec<Pick> = heap
        .into_iter()
        .map(|Scored(score, index)| Pick { index, score })
        .collect();
    pool.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
    if req.diverse {
        diversify(cat, pool, req.k)
    } else {
        pool.truncate(req.k);
        pool
    }
}

/// How alike two items are, in [0, 1]: emotion direction, shared genres, same creator.
pub fn likeness(cat: &Catalogue, a: usize, b: usize) -> f32 {
    let emotion = dot_slices(cat.unit(a), cat.unit(b)).max(0.0);
    let (ga, gb) = (cat.genres_of(a), cat.genres_of(b));
    let shared = ga.iter().filter(|g| gb.contains(g)).count();
    let union = ga.len() + gb.len() - shared;
    let genre = if union == 0 {
        0.0
    } else {
        shared as f32 / union as f32
    };
    let same_creator = match (&cat.items[a].creator, &cat.items[b].creator) {
        (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => 1.0,
        _ => 0.0,
    };
    (0.5 * emotion + 0.3 * genre + 0.5 * same_creator).min(1.0)
}

fn dot_slices(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Maximal marginal relevance over the candidate pool (sorted best first).
fn diversify(cat: &Catalogue, pool: Vec<Pick>, k: usize) -> Vec<Pick> {
    if pool.is_empty() {
        return pool;
    }
    let (hi, lo) = (pool[0].score, pool[pool.len() - 1].score);
    let range = (hi - lo).max(1e-6);
    let mut left = pool;
    let mut picked: Vec<Pick> = Vec::with_capacity(k);
    while picked.len() < k && !left.is_empty() {
        let mut best: Option<(usize, f32)> = None;
        for (i, cand) in left.iter().enumerate() {
            let creator = cat.items[cand.index].creator.as_deref();
            let same_creator = picked
                .iter()
                .filter(|p| creator.is_some() && cat.items[p.index].creator.as_deref() == creator)
                .count();
            if same_creator >= 2 {
                continue;
            }
            let relevance = (cand.score - lo) / range;
            let redundancy = picked
                .iter()
                .map(|p| likeness(cat, cand.index, p.index))
                .fold(0.0, f32::max);
            let value = MMR_LAMBDA * relevance - (1.0 - MMR_LAMBDA) * redundancy;
            if best.is_none_or(|(_, v)| value > v) {
                best = Some((i, value));
            }
        }
        let Some((i, _)) = best else { break };
        picked.push(left.remove(i));
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::tests::item;
    use crate::learner::Learner;

    fn probs(pairs: &[(&str, f32)]) -> Vec<f32> {
        let mut p = vec![0.0; 28];
        for (label, v) in pairs {
            p[haru_core::emotion::label_index(label).unwrap()] = *v;
        }
        p
    }

    fn catalogue() -> Catalogue {
        let mut items = vec![
            item("sad1", ItemKind::Movie, &["Drama"], &[("sadness", 0.8)]),
            item(
                "sad2",
                ItemKind::Movie,
                &["Drama"],
                &[("sadness", 0.7), ("grief", 0.3)],
            ),
            item(
                "funny",
                ItemKind::Movie,
                &["Comedy"],
                &[("amusement", 0.8), ("joy", 0.5)],
            ),
            item(
                "calm",
                ItemKind::Movie,
                &["Family"],
                &[("relief", 0.8), ("optimism", 0.5)],
            ),
            item("scary", ItemKind::Movie, &["Horror"], &[("fear", 0.9)]),
            item("song", ItemKind::Music, &["pop"], &[("joy", 0.9)]),
        ];
        items[2].language = Some("ko".into());
        Catalogue::new(items, None)
    }

    fn ids(cat: &Catalogue, picks: &[Pick]) -> Vec<String> {
        picks
            .iter()
            .map(|p| cat.items[p.index].id.clone())
            .collect()
    }

    #[test]
    fn match_finds_the_sad_films_and_lift_the_comforting_ones() {
        let cat = catalogue();
        let prefs = RecommendationPrefs::default();
        let excluded = HashSet::new();
        let day = probs(&[("sadness", 0.8), ("neutral", 0.3)]);
        let w = Learner::default().mean;
        let mut req = Request {
            diverse: false,
            ..Request::new(ItemKind::Movie, 2, &day, Strategy::Match, &prefs, &excluded)
        };
        let matched = ids(&cat, &rank(&cat, &w, &req));
        assert_eq!(matched, vec!["sad1", "sad2"]);
        // A lighter sad day: lift offers the comforting and the funny film, not the sad ones.
        let blue = probs(&[("sadness", 0.15), ("joy", 0.1), ("neutral", 0.6)]);
        assert!(!fit::heavy_day(&blue));
        req.probs = &blue;
        req.strategy = Strategy::Lift;
        let lifted = ids(&cat, &rank(&cat, &w, &req));
        assert!(lifted.contains(&"calm".to_string()), "{lifted:?}");
        assert!(!lifted.contains(&"sad1".to_string()));
        // On the heavy day lift is gradual and comfort gentle: both lead with the comforting
        // film, and no horror.
        req.probs = &day;
        for strategy in [Strategy::Lift, Strategy::Comfort] {
            req.strategy = strategy;
            let got = ids(&cat, &rank(&cat, &w, &req));
            assert_eq!(got[0], "calm", "{strategy:?}: {got:?}");
            assert!(!got.contains(&"scary".to_string()));
        }
    }

    #[test]
    fn exclusions_kinds_and_diversity_hold() {
        let cat = catalogue();
        let prefs = RecommendationPrefs::default();
        let day = probs(&[("sadness", 0.8)]);
        let w = Learner::default().mean;
        let excluded: HashSet<usize> = [cat.index_of("sad1").unwrap()].into();
        let req = Request::new(
            ItemKind::Movie,
            10,
            &day,
            Strategy::Match,
            &prefs,
            &excluded,
        );
        let got = ids(&cat, &rank(&cat, &w, &req));
        // A sad day is a heavy one: the horror film is not offered (see `fit`).
        assert_eq!(got.len(), 3);
        assert!(!got.contains(&"sad1".into()) && !got.contains(&"song".into()));
        assert!(!got.contains(&"scary".into()));
        assert_eq!(got[0], "sad2");
    }

    #[test]
    fn mmr_prefers_a_different_item_over_a_near_copy() {
        let mut items: Vec<_> = (0..5)
            .map(|i| {
                item(
                    &format!("s{i}"),
                    ItemKind::Movie,
                    &["Drama"],
                    &[("sadness", 0.8 - i as f32 * 0.01)],
                )
            })
            .collect();
        items.push(item(
            "g",
            ItemKind::Movie,
            &["War"],
            &[("sadness", 0.7), ("grief", 0.5)],
        ));
        items.push(item("j", ItemKind::Movie, &["Comedy"], &[("joy", 0.9)]));
        let cat = Catalogue::new(items, None);
        let prefs = RecommendationPrefs::default();
        let day = probs(&[("sadness", 0.8), ("grief", 0.2)]);
        let excluded = HashSet::new();
        let mut req = Request {
            diverse: false,
            ..Request::new(ItemKind::Movie, 2, &day, Strategy::Match, &prefs, &excluded)
        };
        let w = Learner::default().mean;
        assert_eq!(ids(&cat, &rank(&cat, &w, &req)), vec!["s0", "s1"]);
        req.diverse = true;
        assert_eq!(ids(&cat, &rank(&cat, &w, &req)), vec!["s0", "g"]);
    }

    #[test]
    fn ranking_scores_equal_the_learners_dot_product() {
        let cat = catalogue();
        let prefs = RecommendationPrefs {
            genres: vec!["comedy".into()],
            languages: vec!["ko".into()],
            from_year: Some(2000),
            ..Default::default()
        };
        let day = probs(&[("joy", 0.6), ("nervousness", 0.3)]);
        let mut w = Learner::default().mean;
        for (i, x) in w.iter_mut().enumerate() {
            *x += (i as f32 * 0.37).sin();
        }
        let excluded = HashSet::new();
        let req = Request {
            diverse: false,
            ..Request::new(ItemKind::Movie, 5, &day, Strategy::Lift, &prefs, &excluded)
        };
        for pick in rank(&cat, &w, &req) {
            let x = features(&cat, pick.index, &day, Strategy::Lift, &prefs);
            let expected = crate::learner::dot(&w, &x);
            assert!(
                (pick.score - expected).abs() < 1e-4,
                "{} vs {expected}",
                pick.score
            );
        }
        let funny = cat.index_of("funny").unwrap();
        let x = features(&cat, funny, &day, Strategy::Lift, &prefs);
        assert_eq!(
            (x[f::PREF_GENRE], x[f::PREF_LANGUAGE], x[f::PREF_ERA]),
            (1.0, 1.0, 1.0)
        );
    }
}
