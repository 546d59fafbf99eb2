//! The app using what Haru learned of the writer's way of naming feelings
//! ([`crate::calibration`]): the writer's corrections (check-ins, with the probabilities the
//! loaded model stored for those entries) are gathered from the diary, the rules learned from
//! them, and an entry the writer has not checked in gets the labels the rules would give it,
//! beside the model's own.
//!
//! Everything is computed from the diary file alone, on demand; nothing is stored but two
//! preferences in the diary's settings: whether to learn at all (`calibration`, on unless
//! `off`) and the moment of the last reset (`calibration_since`): corrections made before it
//! are ignored from then on (the check-ins themselves stay, as the writer's word on their
//! entries). Nothing is learned before [`MIN_CORRECTIONS`] corrections.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use haru_core::emotion::label_index;
use haru_core::LABELS;
use haru_store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calibration::{model_labels, Correction, Rules, MIN_CORRECTIONS};

const ENABLED: &str = "calibration";
const SINCE: &str = "calibration_since";

/// One thing Haru learned of how the writer names feelings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum LearnedRule {
    /// The writer never names `label` where the model reads it: it is no longer shown.
    Never { label: String },
    /// The writer names `label` from a lower probability than the model's threshold.
    Lower { label: String, from: f32 },
    /// Where the model reads `from`, the writer says `to`.
    Remap { from: String, to: String },
}

/// What Haru learned from the writer's corrections, for the settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalibrationStatus {
    /// "Learn from my corrections" (on by default).
    pub enabled: bool,
    /// Corrections counted (made since the last reset, of entries read by the loaded model).
    pub corrections: u32,
    /// Corrections needed before anything is learned.
    pub needed: u32,
    /// The rules in use (none while off, before `needed`, or when none would help).
    pub rules: Vec<LearnedRule>,
    /// The rules in words ([`Rules::describe`]).
    pub described: Vec<String>,
    /// When what was learned was last reset, if ever.
    pub reset_at: Option<String>,
}

/// Whether Haru learns from the writer's corrections (on unless turned off).
pub fn calibration_enabled(store: &Store) -> Result<bool, StoreError> {
    Ok(store.preference(ENABLED)?.as_deref() != Some("off"))
}

pub fn set_calibration_enabled(store: &mut Store, enabled: bool) -> Result<(), StoreError> {
    store.set_preference(ENABLED, if enabled { "on" } else { "off" })
}

/// Makes Haru ignore every correction made until now; returns the moment stored.
pub fn reset_calibration(store: &mut Store) -> Result<String, StoreError> {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    store.set_preference(SINCE, &now)?;
    Ok(now)
}

/// The corrections Haru learns from: check-ins made since the last reset on entries model
/// `model_id` read, as the calibration takes them.
pub fn corrections(store: &Store, model_id: &str) -> Result<Vec<Correction>, StoreError> {
    let since = store.preference(SINCE)?;
    Ok(store
        .corrections(Some(model_id), since.as_deref())?
        .into_iter()
        .filter(|(_, probs)| probs.len() == LABELS.len())
        .map(|(labels, probs)| {
            let mut set = vec![false; LABELS.len()];
            for l in labels.iter().filter_map(|l| label_index(l)) {
                set[l] = true;
            }
            Correction { probs, labels: set }
        })
        .collect())
}

/// The last rules learned, by a fingerprint of what they were learned from: learning reads
/// every correction once per correction, so the panel asks it again only when something
/// changed.
static LEARNED: Mutex<Option<(u64, Rules)>> = Mutex::new(None);

fn learn(corrections: &[Correction], thresholds: &[f32]) -> Rules {
    let mut hasher = DefaultHasher::new();
    for t in thresholds {
        t.to_bits().hash(&mut hasher);
    }
    for c in corrections {
        c.labels.hash(&mut hasher);
        for p in &c.probs {
            p.to_bits().hash(&mut hasher);
        }
    }
    let key = hasher.finish();
    if let Ok(cached) = LEARNED.lock() {
        if let Some((k, rules)) = cached.as_ref() {
            if *k == key {
                return rules.clone();
            }
        }
    }
    let rules = Rules::learn(corrections, thresholds);
    if let Ok(mut cached) = LEARNED.lock() {
        *cached = Some((key, rules.clone()));
    }
    rules
}

/// The rules in use for the diary with model `model_id` (of `thresholds`): none while the
/// writer turned learning off or before enough corrections.
pub fn learned_rules(
    store: &Store,
    model_id: &str,
    thresholds: &[f32],
) -> Result<Rules, StoreError> {
    if !calibration_enabled(store)? || thresholds.len() != LABELS.len() {
        return Ok(Rules::default());
    }
    let corrections = corrections(store, model_id)?;
    if corrections.len() < MIN_CORRECTIONS {
        return Ok(Rules::default());
    }
    Ok(learn(&corrections, thresholds))
}

/// What Haru learned, for the settings. `model` is the loaded model's id and thresholds
/// (`None` while no model is loaded: the corrections are then counted whatever read them,
/// and no rule is given).
pub fn calibration_status(
    store: &Store,
    model: Option<(&str, &[f32])>,
) -> Result<CalibrationStatus, StoreError> {
    let enabled = calibration_enabled(store)?;
    let reset_at = store.preference(SINCE)?;
    let (corrections, rules) = match model {
        Some((model_id, thresholds)) => (
            corrections(store, model_id)?.len(),
            learned_rules(store, model_id, thresholds)?,
        ),
        None => (
            store.corrections(None, reset_at.as_deref())?.len(),
            Rules::default(),
        ),
    };
    let name = |l: usize| LABELS[l].to_owned();
    let mut listed: Vec<LearnedRule> = rules
        .never
        .iter()
        .map(|&l| LearnedRule::Never { label: name(l) })
        .collect();
    listed.extend(rules.lower.iter().map(|&(l, from)| LearnedRule::Lower {
        label: name(l),
        from,
    }));
    listed.extend(rules.remap.iter().map(|&(a, b)| LearnedRule::Remap {
        from: name(a),
        to: name(b),
    }));
    Ok(CalibrationStatus {
        enabled,
        corrections: corrections as u32,
        needed: MIN_CORRECTIONS as u32,
        rules: listed,
        described: rules.describe(),
        reset_at,
    })
}

/// The labels Haru gives entry `entry_id` in the writer's way: its reading by model
/// `model_id` (`probs`, at `thresholds`) with the learned rules applied, most probable first.
/// `None` where there is nothing to adjust: learning is off, too few corrections, the writer
/// gave their own word on this entry, or the rules leave the model's labels as they are.
pub fn adjusted_labels(
    store: &Store,
    entry_id: i64,
    model_id: &str,
    probs: &[f32],
    thresholds: &[f32],
) -> Result<Option<Vec<String>>, StoreError> {
    if probs.len() != LABELS.len() || store.checkin(entry_id)?.is_some() {
        return Ok(None);
    }
    let rules = learned_rules(store, model_id, thresholds)?;
    if rules.is_empty() {
        return Ok(None);
    }
    let adjusted = rules.predict(probs, thresholds);
    if adjusted == model_labels(probs, thresholds) {
        return Ok(None);
    }
    let mut labels: Vec<usize> = (0..LABELS.len()).filter(|&l| adjusted[l]).collect();
    labels.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
    Ok(Some(
        labels.into_iter().map(|l| LABELS[l].to_owned()).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use haru_core::CheckIn;
    use haru_store::StoredAnalysis;

    const MODEL: &str = "test-model";
    const ANGER: usize = 2;
    const JOY: usize = 17;

    fn thresholds() -> Vec<f32> {
        vec![0.4; LABELS.len()]
    }

    /// The model reads anger (and joy on odd days) strongly; this writer calls it annoyance.
    fn probs(i: usize) -> Vec<f32> {
        let mut p = vec![0.02; LABELS.len()];
        p[ANGER] = 0.9;
        if i % 2 == 1 {
            p[JOY] = 0.7;
        }
        p
    }

    fn entry(store: &mut Store, day: usize, probs: &[f32]) -> i64 {
        let e = store
            .create_entry(
                &format!("2026-01-{:02}", day % 28 + 1),
                &format!("day {day}"),
            )
            .unwrap();
        assert!(store
            .save_analysis(&StoredAnalysis::of(&e, MODEL, probs.to_vec(), vec![]))
            .unwrap());
        e.id
    }

    /// `n` corrections in which the writer says annoyance where the model read anger.
    fn correct(store: &mut Store, n: usize) {
        for i in 0..n {
            let p = probs(i);
            let id = entry(store, i, &p);
            let mut said = vec!["annoyance".to_owned()];
            if i % 2 == 1 {
                said.push("joy".to_owned());
            }
            store
                .set_checkin(id, &CheckIn::new(&said, None, None).unwrap())
                .unwrap();
        }
    }

    fn adjusted(store: &Store, id: i64, p: &[f32]) -> Option<Vec<String>> {
        adjusted_labels(store, id, MODEL, p, &thresholds()).unwrap()
    }

    fn diary() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in(dir.path()).unwrap();
        (dir, store)
    }

    #[test]
    fn nothing_is_adjusted_before_enough_corrections() {
        let (_dir, mut store) = diary();
        correct(&mut store, MIN_CORRECTIONS - 1);
        let id = entry(&mut store, 40, &probs(0));
        assert_eq!(adjusted(&store, id, &probs(0)), None);
        let status = calibration_status(&store, Some((MODEL, &thresholds()))).unwrap();
        assert_eq!(status.corrections as usize, MIN_CORRECTIONS - 1);
        assert!(status.enabled && status.rules.is_empty());
    }

    #[test]
    fn enough_corrections_read_the_model_in_the_writers_words() {
        let (_dir, mut store) = diary();
        correct(&mut store, MIN_CORRECTIONS + 4);
        let p = probs(1);
        let id = entry(&mut store, 41, &p);
        // The model reads anger and joy; this writer says annoyance and joy.
        assert_eq!(
            adjusted(&store, id, &p),
            Some(vec!["joy".to_owned(), "annoyance".to_owned()])
        );
        let status = calibration_status(&store, Some((MODEL, &thresholds()))).unwrap();
        assert_eq!(status.corrections as usize, MIN_CORRECTIONS + 4);
        assert!(status.rules.contains(&LearnedRule::Remap {
            from: "anger".into(),
            to: "annoyance".into()
        }));
        assert!(status.described.iter().any(|d| d == "annoyance for anger"));
        // An entry the writer spoke about keeps their word alone.
        store
            .set_checkin(id, &CheckIn::new(&["joy"], None, None).unwrap())
            .unwrap();
        assert_eq!(adjusted(&store, id, &p), None);
        // Another model's readings teach nothing about this one.
        assert_eq!(
            adjusted_labels(&store, id + 1, "other-model", &p, &thresholds()).unwrap(),
            None
        );
    }

    #[test]
    fn off_and_reset_take_effect() {
        let (_dir, mut store) = diary();
        correct(&mut store, MIN_CORRECTIONS + 4);
        let p = probs(0);
        let id = entry(&mut store, 42, &p);
        assert_eq!(adjusted(&store, id, &p), Some(vec!["annoyance".to_owned()]));

        set_calibration_enabled(&mut store, false).unwrap();
        assert!(!calibration_enabled(&store).unwrap());
        assert_eq!(adjusted(&store, id, &p), None);
        let off = calibration_status(&store, Some((MODEL, &thresholds()))).unwrap();
        assert!(!off.enabled && off.rules.is_empty());
        set_calibration_enabled(&mut store, true).unwrap();
        assert!(adjusted(&store, id, &p).is_some());

        let at = reset_calibration(&mut store).unwrap();
        assert_eq!(adjusted(&store, id, &p), None);
        let status = calibration_status(&store, Some((MODEL, &thresholds()))).unwrap();
        assert_eq!((status.corrections, status.reset_at), (0, Some(at)));
        // The check-ins themselves stay the writer's word.
        assert_eq!(
            store.corrections(Some(MODEL), None).unwrap().len(),
            MIN_CORRECTIONS + 4
        );

        // Corrections made after the reset count again, in a fresh diary's own words.
        std::thread::sleep(std::time::Duration::from_millis(5));
        correct(&mut store, MIN_CORRECTIONS + 4);
        assert!(adjusted(&store, id, &p).is_some());
        // The setting survives reopening the diary.
        set_calibration_enabled(&mut store, false).unwrap();
        let path = store.path().to_path_buf();
        drop(store);
        let store = Store::open_keyed(&path, haru_store::Integrity::CheckAtOpen, None).unwrap();
        assert!(!calibration_enabled(&store).unwrap());
    }
}
