//! The recommendation flow over a diary database: what the app's commands and the CLI call to
//! rank, explain and record cards for a day. The writer's clicks live in `feedback`, their
//! stated tastes in `prefs`, the catalogue's counts beside the stored items (`stored_items`).
//!
//! ## Exclusions and rotation (documented rules)
//! - An item the user disliked or marked seen never returns.
//! - "Not now" hides an item for [`NOT_NOW_DAYS`] days.
//! - An item shown in the last [`ROTATION_DAYS`] days is not offered for another day (so the
//!   panel rotates instead of repeating itself), nor is anything shown for the same context.
//! - The cards of an entry stay put: asking again for the same entry and strategy returns the
//!   same cards minus the ones just dismissed, and fills the gaps with new picks. When the
//!   entry's emotions change (edited and re-analysed), a fresh list is ranked.
//!
//! Every card carries the day's distribution it was ranked for, so a later click teaches the
//! learner with the features the item had *when it was shown*.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{Duration, Utc};
use haru_core::{
    EntryRecommendations, FeedbackValue, ItemKind, LabelWeight, Recommendation,
    RecommendationPrefs, Strategy, LABELS,
};
use haru_store::{FeedbackRow, ItemRow, ShownRow, Store};

use crate::catalogue::{Catalogue, CatalogueItem};
use crate::explain::{self, Why};
use crate::learner::LearnerState;
use crate::rank::{self, Request};
use crate::rng::Rng;
use crate::stored_items::{item_from_row, row_from_item};
use crate::{space, RecommendError};

pub const NOT_NOW_DAYS: i64 = 7;
pub const ROTATION_DAYS: i64 = 3;
/// Cards per kind unless asked otherwise.
pub const DEFAULT_K: usize = 5;

/// What to recommend for.
pub struct Ask<'a> {
    pub entry_id: Option<i64>,
    /// The day's 28-label distribution.
    pub probs: &'a [f32],
    pub kind: ItemKind,
    pub k: usize,
    pub strategy: Strategy,
    pub lang: &'a str,
}

/// The day a card is explained for.
#[derive(Clone, Copy)]
struct Day<'a> {
    probs: &'a [f32],
    strategy: Strategy,
    lang: &'a str,
}

/// What one request ranks and explains with, read from the store once per request: the
/// user's stated tastes and what the learner has learned.
struct Taste {
    prefs: RecommendationPrefs,
    learner: LearnerState,
}

impl Taste {
    fn load(store: &Store) -> Result<Taste, RecommendError> {
        Ok(Taste {
            prefs: Recommender::prefs(store)?,
            learner: Recommender::learner(store)?,
        })
    }
}

/// The recommender: the catalogue index plus a generator for exploration.
pub struct Recommender {
    pub catalogue: Catalogue,
    rng: Rng,
}

fn ago(days: i64) -> String {
    (Utc::now() - Duration::days(days)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// True when two distributions differ enough to rank a fresh list.
fn context_changed(a: &[f32], b: &[f32]) -> bool {
    if a.len() != b.len() {
        return true;
    }
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f32>() > 0.05
}

impl Recommender {
    pub fn new(catalogue: Catalogue, seed: u64) -> Recommender {
        Recommender {
            catalogue,
            rng: Rng::new(seed),
        }
    }

    /// The shipped catalogues from `resources` plus the user's imports from the store.
    pub fn load(resources: &Path, store: &Store) -> Result<Recommender, RecommendError> {
        let shipped = Catalogue::load_shipped(resources)?;
        let mine: Vec<CatalogueItem> = store
            .user_items()?
            .iter()
            .filter_map(item_from_row)
            .collect();
        let seed = Utc::now().timestamp_nanos_opt().unwrap_or(7) as u64;
        Ok(Recommender::new(shipped.with_items(mine), seed))
    }

    /// Refuses to rank when the catalogue's vectors came from another model than the one that
    /// reads the diary (their emotion spaces differ: mixing them would mislead silently).
    pub fn check_model(&self, model_sha256: Option<&str>) -> Result<(), RecommendError> {
        match (self.catalogue.model_sha256.as_deref(), model_sha256) {
            (Some(ours), Some(theirs)) if ours != theirs => Err(RecommendError::Invalid(format!(
                "the catalogues were built with another emotion model ({}…) than the one in use \
                 ({}…); rebuild them with `haru catalogue build`",
                &ours[..ours.len().min(12)],
                &theirs[..theirs.len().min(12)]
            ))),
            _ => Ok(()),
        }
    }

    /// Adds or replaces the user's imported items in the index.
    pub fn add_items(&mut self, items: Vec<CatalogueItem>) {
        let sha = self.catalogue.model_sha256.clone();
        let ids: HashSet<String> = items.iter().map(|i| i.id.clone()).collect();
        let mut all: Vec<CatalogueItem> =
            std::mem::replace(&mut self.catalogue, Catalogue::new(vec![], None))
                .items
                .into_iter()
                .filter(|i| !ids.contains(&i.id))
                .collect();
        all.extend(items);
        self.catalogue = Catalogue::new(all, sha);
    }

    /// Items that must not be offered now, as indices into the catalogue.
    fn exclusions(&self, feedback: &[FeedbackRow]) -> HashSet<usize> {
        let mut out = HashSet::new();
        let not_now_since = ago(NOT_NOW_DAYS);
        for row in feedback {
            let gone = match row.value.as_str() {
                "dislike" | "seen" => true,
                "not_now" => row.created_at >= not_now_since,
                _ => false,
            };
            if gone {
                if let Some(n) = self.catalogue.index_of(&row.item_id) {
                    out.insert(n);
                }
            }
        }
        out
    }

    /// Ranks `ask.k` new items of a kind, not in `excluded`, and explains each.
    fn pick(
        &mut self,
        taste: &Taste,
        ask: &Ask,
        excluded: &HashSet<usize>,
        explore: bool,
    ) -> Vec<(usize, f32)> {
        let belief = taste.learner.of(ask.kind);
        let weights = belief.weights(if explore { Some(&mut self.rng) } else { None });
        let picks = rank::rank(
            &self.catalogue,
            &weights,
            &Request::new(
                ask.kind,
                ask.k,
                ask.probs,
                ask.strategy,
                &taste.prefs,
                excluded,
            ),
        );
        picks.into_iter().map(|p| (p.index, p.score)).collect()
    }

    fn card(
        &self,
        taste: &Taste,
        (index, score): (usize, f32),
        day: &Day,
        feedback: Option<FeedbackValue>,
    ) -> Recommendation {
        let Day {
            probs,
            strategy,
            lang,
        } = *day;
        let item = &self.catalogue.items[index];
        let belief = taste.learner.of(item.kind);
        let x = rank::features(&self.catalogue, index, probs, strategy, &taste.prefs);
        let why = explain::why(&Why {
            cat: &self.catalogue,
            index,
            probs,
            strategy,
            features: &x,
            weights: &belief.mean,
            updates: belief.updates,
            lang,
        });
        let emotions = space::top_labels(&self.catalogue.distinctive(index), 3)
            .into_iter()
            .map(|(i, w)| LabelWeight {
                label: LABELS[i].to_string(),
                weight: w.clamp(0.0, 1.0),
            })
            .collect();
        Recommendation {
            id: item.id.clone(),
            kind: item.kind,
            title: item.title.clone(),
            creator: item.creator.clone(),
            year: item.year,
            genres: item.genres.clone(),
            language: item.language.clone(),
            score,
            why,
            emotions,
            source: item.source.clone(),
            link: item.link.clone(),
            feedback,
            energy: item.energy,
            valence: item.valence,
            audience: (item.kind == ItemKind::Movie).then(|| self.catalogue.audience[index]),
        }
    }

    /// Fresh recommendations for a distribution (the CLI's `recommend --text`): ranked with
    /// exploration, recorded as shown.
    pub fn recommend(
        &mut self,
        store: &mut Store,
        ask: &Ask,
    ) -> Result<Vec<Recommendation>, RecommendError> {
        let taste = Taste::load(store)?;
        let mut excluded = self.exclusions(&store.feedback_rows()?);
        for row in store.shown_since(&ago(ROTATION_DAYS))? {
            if let Some(n) = self.catalogue.index_of(&row.item_id) {
                excluded.insert(n);
            }
        }
        let picks = self.pick(&taste, ask, &excluded, true);
        let day = Day {
            probs: ask.probs,
            strategy: ask.strategy,
            lang: ask.lang,
        };
        let cards = picks
            .iter()
            .map(|&pick| self.card(&taste, pick, &day, None))
            .collect();
        self.remember(store, ask, &picks, 0)?;
        Ok(cards)
    }

    fn remember(
        &self,
        store: &mut Store,
        ask: &Ask,
        picks: &[(usize, f32)],
        first_rank: u32,
    ) -> Result<(), RecommendError> {
        let shown_at = now();
        let sha = self.catalogue.model_sha256.as_deref();
        let items: Vec<ItemRow> = picks
            .iter()
            .map(|&(n, _)| row_from_item(&self.catalogue.items[n], sha))
            .collect();
        let rows: Vec<ShownRow> = picks
            .iter()
            .enumerate()
            .map(|(r, &(n, score))| ShownRow {
                entry_id: ask.entry_id,
                item_id: self.catalogue.items[n].id.clone(),
                strategy: ask.strategy.as_str().into(),
                rank: first_rank + r as u32,
                score,
                shown_at: shown_at.clone(),
                context: ask.probs.to_vec(),
            })
            .collect();
        store.record_shown(&items, &rows)?;
        Ok(())
    }

    /// The cards of one entry (stable across calls, see the module header).
    pub fn for_entry(
        &mut self,
        store: &mut Store,
        entry_id: i64,
        probs: &[f32],
        strategy: Strategy,
        k: usize,
        lang: &str,
    ) -> Result<EntryRecommendations, RecommendError> {
        let taste = Taste::load(store)?;
        let rows = store.feedback_rows()?;
        let excluded_by_feedback = self.exclusions(&rows);
        // Newest click wins (rows come newest first).
        let feedback: HashMap<String, FeedbackValue> = rows
            .into_iter()
            .rev()
            .filter_map(|r| FeedbackValue::parse(&r.value).map(|v| (r.item_id, v)))
            .collect();
        let day = Day {
            probs,
            strategy,
            lang,
        };
        let earlier = store.shown_for_entry(entry_id, strategy.as_str())?;
        let fresh_context = earlier
            .last()
            .is_none_or(|row| context_changed(&row.context, probs));
        let mut out = EntryRecommendations {
            entry_id,
            strategy,
            movies: Vec::new(),
            music: Vec::new(),
        };
        let since_rotation = ago(ROTATION_DAYS);
        let rotation: Vec<ShownRow> = store.shown_since(&since_rotation)?;
        for kind in [ItemKind::Movie, ItemKind::Music] {
            // Keep the cards already on screen for this entry, minus dismissed ones.
            let mut kept: Vec<(usize, f32)> = Vec::new();
            let mut seen_here: HashSet<usize> = HashSet::new();
            for row in &earlier {
                let Some(n) = self.catalogue.index_of(&row.item_id) else {
                    continue;
                };
                if self.catalogue.items[n].kind != kind {
                    continue;
                }
                seen_here.insert(n);
                let dismissed = excluded_by_feedback.contains(&n)
                    || feedback.get(&row.item_id) == Some(&FeedbackValue::NotNow);
                if !fresh_context && !dismissed && !kept.iter().any(|(m, _)| *m == n) {
                    kept.push((n, row.score));
                }
            }
            kept.truncate(k);
            if kept.len() < k {
                let mut excluded = excluded_by_feedback.clone();
                excluded.extend(seen_here.iter().copied());
                for row in &rotation {
                    if row.entry_id != Some(entry_id) {
                        if let Some(n) = self.catalogue.index_of(&row.item_id) {
                            excluded.insert(n);
                        }
                    }
                }
                let ask = Ask {
                    entry_id: Some(entry_id),
                    probs,
                    kind,
                    k: k - kept.len(),
                    strategy,
                    lang,
                };
                let new = self.pick(&taste, &ask, &excluded, true);
                self.remember(store, &ask, &new, kept.len() as u32)?;
                kept.extend(new);
            }
            let cards = kept
                .iter()
                .map(|&(n, s)| {
                    let fb = feedback.get(&self.catalogue.items[n].id).copied();
                    self.card(&taste, (n, s), &day, fb)
                })
                .collect();
            match kind {
                ItemKind::Movie => out.movies = cards,
                ItemKind::Music => out.music = cards,
            }
        }
        Ok(out)
    }
}

impl Recommender {
    /// The panel of a stored entry: empty lists while the entry has no analysis yet (the UI
    /// asks again when it arrives). `strategy` `None` is [`Recommender::default_strategy`].
    pub fn panel(
        &mut self,
        store: &mut Store,
        entry_id: i64,
        strategy: Option<Strategy>,
        lang: &str,
    ) -> Result<EntryRecommendations, RecommendError> {
        store.get_entry(entry_id)?;
        // The writer's own word where they gave one, else the model's reading.
        let reading = store.entry_reading(entry_id)?;
        let strategy = match strategy {
            Some(s) => s,
            None => Self::default_strategy(store, Some(entry_id), reading.as_deref())?,
        };
        match reading {
            Some(probs) if probs.len() == haru_core::LABELS.len() => {
                self.for_entry(store, entry_id, &probs, strategy, DEFAULT_K, lang)
            }
            _ => Ok(EntryRecommendations {
                entry_id,
                strategy,
                movies: Vec::new(),
                music: Vec::new(),
            }),
        }
    }
}

impl Recommender {
    /// The strategy recommendations use when none is asked for: on a heavy day
    /// (`fit::heavy_day`) *comfort*, unless the writer already chose another strategy for this
    /// entry (the one they last saw it with); on other days the saved preference, else *match*.
    pub fn default_strategy(
        store: &Store,
        entry_id: Option<i64>,
        probs: Option<&[f32]>,
    ) -> Result<Strategy, RecommendError> {
        let saved = Self::prefs(store)?.strategy.unwrap_or(Strategy::Match);
        if !probs.is_some_and(|p| p.len() == haru_core::LABELS.len() && crate::fit::heavy_day(p)) {
            return Ok(saved);
        }
        let Some(entry_id) = entry_id else {
            return Ok(Strategy::Comfort);
        };
        let mut last: Option<(String, Strategy)> = None;
        for s in Strategy::ALL {
            if let Some(row) = store.shown_for_entry(entry_id, s.as_str())?.last() {
                if last.as_ref().is_none_or(|(at, _)| row.shown_at > *at) {
                    last = Some((row.shown_at.clone(), s));
                }
            }
        }
        Ok(last.map_or(Strategy::Comfort, |(_, s)| s))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::catalogue::tests::item;

    /// Thirty films and thirty songs over three moods (also used by `stored_items`' tests).
    pub(crate) fn catalogue() -> Catalogue {
        let mut items = Vec::new();
        for i in 0..30 {
            let (genre, label) = match i % 3 {
                0 => ("Drama", "sadness"),
                1 => ("Comedy", "amusement"),
                _ => ("Family", "relief"),
            };
            items.push(item(
                &format!("m{i}"),
                ItemKind::Movie,
                &[genre],
                &[(label, 0.5 + i as f32 * 0.01)],
            ));
            let mut song = item(&format!("s{i}"), ItemKind::Music, &["pop"], &[(label, 0.6)]);
            song.creator = Some(format!("artist {}", i % 7));
            items.push(song);
        }
        Catalogue::new(items, Some("sha".into()))
    }

    fn sad_day() -> Vec<f32> {
        let mut p = vec![0.01; 28];
        p[haru_core::emotion::label_index("sadness").unwrap()] = 0.8;
        p
    }

    #[test]
    fn an_entry_keeps_its_cards_and_a_disliked_one_never_returns() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        let entry = store.create_entry("2026-03-01", "sad").unwrap();
        let mut rec = Recommender::new(catalogue(), 1);
        let probs = sad_day();
        let first = rec
            .for_entry(&mut store, entry.id, &probs, Strategy::Match, 5, "en")
            .unwrap();
        assert_eq!((first.movies.len(), first.music.len()), (5, 5));
        let ids =
            |r: &EntryRecommendations| r.movies.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        let again = rec
            .for_entry(&mut store, entry.id, &probs, Strategy::Match, 5, "en")
            .unwrap();
        assert_eq!(ids(&first), ids(&again), "stable for the same entry");

        let gone = first.movies[0].id.clone();
        rec.feedback(&mut store, &gone, Some(entry.id), FeedbackValue::Dislike)
            .unwrap();
        let after = rec
            .for_entry(&mut store, entry.id, &probs, Strategy::Match, 5, "en")
            .unwrap();
        assert_eq!(after.movies.len(), 5, "a replacement fills the gap");
        assert!(!ids(&after).contains(&gone));
        assert_eq!(ids(&after)[..4], ids(&first)[1..]);
        // Neither for another day nor for a fresh ask.
        let other = store.create_entry("2026-03-02", "sad again").unwrap();
        for _ in 0..5 {
            let r = rec
                .for_entry(&mut store, other.id, &probs, Strategy::Lift, 5, "en")
                .unwrap();
            assert!(!ids(&r).contains(&gone));
        }
        let lifted = rec
            .for_entry(&mut store, entry.id, &probs, Strategy::Lift, 5, "en")
            .unwrap();
        assert_ne!(
            ids(&lifted),
            ids(&after),
            "switching strategy changes the list"
        );

        let history = Recommender::history(&store).unwrap();
        assert_eq!((history.likes, history.dislikes), (0, 1));
        assert_eq!(history.satisfaction, Some(0.0));
        assert_eq!(history.records[0].item_id, gone);
        assert!(history.shown >= 10);
    }

    #[test]
    fn likes_teach_the_learner_and_reset_forgets() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        let mut rec = Recommender::new(catalogue(), 2);
        let probs = sad_day();
        let ask = Ask {
            entry_id: None,
            probs: &probs,
            kind: ItemKind::Movie,
            k: 3,
            strategy: Strategy::Match,
            lang: "ko",
        };
        let cards = rec.recommend(&mut store, &ask).unwrap();
        assert_eq!(cards.len(), 3);
        assert!(cards[0].why.contains("오늘 일기는"), "{}", cards[0].why);
        rec.feedback(&mut store, &cards[0].id, None, FeedbackValue::Like)
            .unwrap();
        let learned = Recommender::learner(&store).unwrap();
        assert_eq!(learned.movie.updates, 1);
        assert_eq!(learned.music.updates, 0);
        rec.feedback(&mut store, &cards[1].id, None, FeedbackValue::Seen)
            .unwrap();
        assert_eq!(
            Recommender::learner(&store).unwrap().movie.updates,
            1,
            "seen teaches nothing"
        );
        // Shown items rotate out of the next fresh ask; seen ones never return.
        let next = rec.recommend(&mut store, &ask).unwrap();
        assert!(next.iter().all(|c| !cards.iter().any(|d| d.id == c.id)));
        Recommender::reset_learning(&mut store).unwrap();
        assert_eq!(
            Recommender::learner(&store).unwrap(),
            LearnerState::default()
        );
        assert!(matches!(
            rec.feedback(&mut store, "nope", None, FeedbackValue::Like),
            Err(RecommendError::UnknownItem(_))
        ));
    }

    #[test]
    fn a_heavy_day_opens_with_comfort_unless_the_writer_chose_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        let mut rec = Recommender::new(catalogue(), 4);
        let mut analysed = |text: &str, probs: Vec<f32>| {
            let entry = store.create_entry("2026-03-01", text).unwrap();
            store
                .save_analysis(&haru_store::StoredAnalysis::of(&entry, "m", probs, vec![]))
                .unwrap();
            entry.id
        };
        let heavy = analysed("my grandmother died", sad_day());
        let mut joy = vec![0.01; 28];
        joy[haru_core::emotion::label_index("joy").unwrap()] = 0.8;
        let light = analysed("a lovely day", joy);

        let first = rec.panel(&mut store, heavy, None, "en").unwrap();
        assert_eq!(first.strategy, Strategy::Comfort);
        assert!(
            first.music[0]
                .why
                .contains("something gentle for a hard day"),
            "{}",
            first.music[0].why
        );
        assert_eq!(
            rec.panel(&mut store, light, None, "en").unwrap().strategy,
            Strategy::Match
        );
        // The writer picks lift for this entry: that choice holds when it is opened again.
        rec.panel(&mut store, heavy, Some(Strategy::Lift), "en")
            .unwrap();
        assert_eq!(
            rec.panel(&mut store, heavy, None, "en").unwrap().strategy,
            Strategy::Lift
        );
        // A saved preference rules light days.
        let prefs = RecommendationPrefs {
            strategy: Some(Strategy::Lift),
            ..Default::default()
        };
        Recommender::set_prefs(&mut store, &prefs).unwrap();
        assert_eq!(
            rec.panel(&mut store, light, None, "en").unwrap().strategy,
            Strategy::Lift
        );
    }

    /// The model read a light day, the writer says it was grief: the panel goes by the writer
    /// (comfort, as on any heavy day), and by the model again (a light day) once their word is
    /// cleared.
    #[test]
    fn the_writers_word_decides_the_panel() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        let mut rec = Recommender::new(catalogue(), 4);
        let entry = store
            .create_entry("2026-03-01", "we went to the park")
            .unwrap();
        let mut joy = vec![0.01; 28];
        joy[haru_core::emotion::label_index("joy").unwrap()] = 0.8;
        store
            .save_analysis(&haru_store::StoredAnalysis::of(&entry, "m", joy, vec![]))
            .unwrap();
        store
            .set_checkin(
                entry.id,
                &haru_core::CheckIn::new(&["grief", "sadness"], None, None).unwrap(),
            )
            .unwrap();
        let theirs = rec.panel(&mut store, entry.id, None, "en").unwrap();
        assert_eq!(theirs.strategy, Strategy::Comfort);
        assert!(!theirs.music.is_empty());
        store.clear_checkin(entry.id).unwrap();
        assert_eq!(
            rec.panel(&mut store, entry.id, None, "en")
                .unwrap()
                .strategy,
            Strategy::Match
        );
    }

    #[test]
    fn cards_carry_song_energy_and_title_audiences() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        let mut items = catalogue().items;
        for (i, it) in items.iter_mut().enumerate() {
            if it.kind == ItemKind::Music {
                it.energy = Some(0.3 + (i % 5) as f32 * 0.15);
                it.valence = Some(0.5);
            }
        }
        let mut rec = Recommender::new(Catalogue::new(items, None), 5);
        let probs = sad_day();
        for (kind, strategy) in [
            (ItemKind::Music, Strategy::Comfort),
            (ItemKind::Movie, Strategy::Match),
        ] {
            let ask = Ask {
                entry_id: None,
                probs: &probs,
                kind,
                k: 4,
                strategy,
                lang: "en",
            };
            let cards = rec.recommend(&mut store, &ask).unwrap();
            assert_eq!(cards.len(), 4);
            for c in cards {
                match kind {
                    ItemKind::Music => {
                        assert!(c.energy.is_some_and(|e| e <= crate::fit::GENTLE_ENERGY));
                        assert_eq!((c.valence, c.audience), (Some(0.5), None));
                    }
                    ItemKind::Movie => {
                        assert_eq!((c.energy, c.valence), (None, None));
                        assert!(c.audience.is_some());
                    }
                }
            }
        }
    }

    #[test]
    fn prefs_are_cleaned_and_validated() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        let saved = Recommender::set_prefs(
            &mut store,
            &RecommendationPrefs {
                genres: vec![" Science  Fiction ".into(), "".into()],
                languages: vec!["KO".into(), "not a code".into()],
                from_year: Some(1990),
                to_year: Some(3000),
                strategy: Some(Strategy::Lift),
                onboarded: true,
            },
        )
        .unwrap();
        assert_eq!(saved.genres, vec!["science fiction"]);
        assert_eq!(saved.languages, vec!["ko"]);
        assert_eq!((saved.from_year, saved.to_year), (Some(1990), None));
        assert_eq!(Recommender::prefs(&store).unwrap(), saved);
        let backwards = RecommendationPrefs {
            from_year: Some(2000),
            to_year: Some(1990),
            ..Default::default()
        };
        assert!(Recommender::set_prefs(&mut store, &backwards).is_err());
    }
}
