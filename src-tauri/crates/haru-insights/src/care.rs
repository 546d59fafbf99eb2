//! Gentle care: when heavy feelings (sadness, grief, fear, nervousness, remorse) dominate the
//! diary for many written days in a row, the app offers a calm, dismissible note with offline
//! resources. It is never a diagnosis and can be turned off.
//!
//! The rule, with its thresholds:
//! * a written day is **heavy** when its strongest heavy emotion reaches [`HEAVY_MIN`] (0.40)
//!   and is at least as strong as every other non-neutral emotion of that day (days combine
//!   their entries length-weighted, as in history);
//! * a **run** is consecutive heavy written days; one day without an entry between two
//!   written days does not break it (people skip days), two or more do, and so does any
//!   written day that is not heavy;
//! * the note appears when the latest run has at least [`RUN_DAYS`] (5) written days and its
//!   last day is at most [`RECENT_DAYS`] (2) days before today.

use chrono::NaiveDate;
use haru_core::{CareNote, PeriodEmotions, LABELS};
use haru_store::{Store, StoreError};

/// How long a dismissed note stays away.
pub const DISMISS_DAYS: u64 = 7;

/// The note to show now, honouring the user's switch and a recent dismissal.
pub fn care_note_now(store: &Store, today: NaiveDate) -> Result<Option<CareNote>, StoreError> {
    if !care_enabled(store)? {
        return Ok(None);
    }
    if let Some(until) = store.preference("care_dismissed_until")? {
        if until.as_str() >= today.to_string().as_str() {
            return Ok(None);
        }
    }
    let from = (today - chrono::Days::new(60)).to_string();
    let days = crate::history(
        &store.analysed_entries(Some(&from), None)?,
        crate::Period::Day,
    );
    Ok(care_note(&days, today))
}

/// Hides the note for [`DISMISS_DAYS`].
pub fn dismiss_care(store: &mut Store, today: NaiveDate) -> Result<(), StoreError> {
    store.set_preference(
        "care_dismissed_until",
        &(today + chrono::Days::new(DISMISS_DAYS)).to_string(),
    )
}

/// Whether the notes are on (they are unless turned off).
pub fn care_enabled(store: &Store) -> Result<bool, StoreError> {
    Ok(store.preference("care_notes")?.as_deref() != Some("off"))
}

/// Turns the notes on or off.
pub fn set_care_enabled(store: &mut Store, enabled: bool) -> Result<(), StoreError> {
    store.set_preference("care_notes", if enabled { "on" } else { "off" })
}

pub const HEAVY: [&str; 5] = ["sadness", "grief", "fear", "nervousness", "remorse"];
pub const HEAVY_MIN: f32 = 0.40;
pub const RUN_DAYS: u32 = 5;
pub const RECENT_DAYS: i64 = 2;

fn index(label: &str) -> usize {
    LABELS.iter().position(|l| *l == label).unwrap_or(0)
}

fn is_heavy(day: &PeriodEmotions) -> bool {
    let heavy: Vec<usize> = HEAVY.iter().map(|l| index(l)).collect();
    let neutral = index("neutral");
    let strongest_heavy = heavy.iter().map(|i| day.probs[*i]).fold(0.0, f32::max);
    let strongest_other = (0..LABELS.len())
        .filter(|i| !heavy.contains(i) && *i != neutral)
        .map(|i| day.probs[i])
        .fold(0.0, f32::max);
    strongest_heavy >= HEAVY_MIN && strongest_heavy >= strongest_other
}

/// The note for `days` (history by day, in date order) as of `today`, if the rule holds.
pub fn care_note(days: &[PeriodEmotions], today: NaiveDate) -> Option<CareNote> {
    let parse = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let mut run: Vec<&PeriodEmotions> = Vec::new();
    for day in days.iter().filter(|d| d.probs.len() == LABELS.len()) {
        let date = parse(&day.start)?;
        let continues = run
            .last()
            .and_then(|last| parse(&last.start))
            .is_some_and(|last| (date - last).num_days() <= 2);
        if !continues {
            run.clear();
        }
        if is_heavy(day) {
            run.push(day);
        } else {
            run.clear();
        }
    }
    let last = parse(&run.last()?.start)?;
    if (run.len() as u32) < RUN_DAYS || (today - last).num_days() > RECENT_DAYS {
        return None;
    }
    let mut totals: Vec<(&str, f32)> = HEAVY
        .iter()
        .map(|l| (*l, run.iter().map(|d| d.probs[index(l)]).sum::<f32>()))
        .collect();
    totals.sort_by(|a, b| b.1.total_cmp(&a.1));
    Some(CareNote {
        days: run.len() as u32,
        since: run[0].start.clone(),
        until: last.to_string(),
        emotions: totals
            .iter()
            .filter(|(_, v)| *v / run.len() as f32 >= 0.15)
            .map(|(l, _)| (*l).to_owned())
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(date: &str, label: &str, p: f32) -> PeriodEmotions {
        let mut probs = vec![0.05; 28];
        probs[index(label)] = p;
        PeriodEmotions {
            period: date.into(),
            start: date.into(),
            end: date.into(),
            entries: 1,
            probs,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
    }

    #[test]
    fn five_heavy_days_in_a_row_bring_the_note() {
        let days: Vec<_> = (4..=9)
            .map(|d| day(&format!("2026-03-{d:02}"), "sadness", 0.7))
            .collect();
        let note = care_note(&days, today()).expect("a note");
        assert_eq!(note.days, 6);
        assert_eq!(
            (note.since.as_str(), note.until.as_str()),
            ("2026-03-04", "2026-03-09")
        );
        assert_eq!(note.emotions, vec!["sadness"]);
    }

    #[test]
    fn one_skipped_day_does_not_break_the_run_but_a_light_day_does() {
        let mut days: Vec<_> = [
            "2026-03-01",
            "2026-03-03",
            "2026-03-04",
            "2026-03-06",
            "2026-03-08",
        ]
        .iter()
        .map(|d| day(d, "fear", 0.6))
        .collect();
        assert!(care_note(&days, today()).is_some());
        days.insert(2, day("2026-03-03", "joy", 0.9));
        assert!(care_note(&days, today()).is_none());
    }

    #[test]
    fn the_switch_and_dismissal_are_honoured() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        for d in 4..=9 {
            let entry = store
                .create_entry(&format!("2026-03-{d:02}"), "a heavy day")
                .unwrap();
            let mut probs = vec![0.05; 28];
            probs[index("sadness")] = 0.8;
            store
                .save_analysis(&haru_store::StoredAnalysis::of(&entry, "m", probs, vec![]))
                .unwrap();
        }
        assert!(care_note_now(&store, today()).unwrap().is_some());
        dismiss_care(&mut store, today()).unwrap();
        assert!(care_note_now(&store, today()).unwrap().is_none());
        assert!(
            care_note_now(&store, today() + chrono::Days::new(8))
                .unwrap()
                .is_none(),
            "the run is old by then"
        );
        store
            .set_preference("care_dismissed_until", "2000-01-01")
            .unwrap();
        set_care_enabled(&mut store, false).unwrap();
        assert!(care_note_now(&store, today()).unwrap().is_none());
        set_care_enabled(&mut store, true).unwrap();
        assert!(care_note_now(&store, today()).unwrap().is_some());
    }

    #[test]
    fn old_runs_short_runs_and_mild_days_bring_nothing() {
        let old: Vec<_> = (1..=6)
            .map(|d| day(&format!("2026-02-{d:02}"), "grief", 0.8))
            .collect();
        assert!(
            care_note(&old, today()).is_none(),
            "the run ended weeks ago"
        );
        let short: Vec<_> = (6..=9)
            .map(|d| day(&format!("2026-03-{d:02}"), "sadness", 0.8))
            .collect();
        assert!(care_note(&short, today()).is_none());
        let mild: Vec<_> = (4..=9)
            .map(|d| day(&format!("2026-03-{d:02}"), "sadness", 0.3))
            .collect();
        assert!(care_note(&mild, today()).is_none());
        assert!(care_note(&[], today()).is_none());
    }
}
