//! The application layer's commands on a real diary file in a temporary folder, as the app's
//! IPC commands and the CLI call them.

use haru_api::commands::{diary, emotions, encryption, insights};
use haru_api::Session;
use haru_core::{CheckIn, ErrorCode, SaveOutcome, SaveRequest, LABELS};
use haru_store::StoredAnalysis;

fn label(name: &str) -> usize {
    LABELS.iter().position(|l| *l == name).unwrap()
}

/// Saves an entry through the session and stores a reading of `feeling` at `p` for it.
fn write(session: &Session, date: &str, body: &str, feeling: &str, p: f32) -> i64 {
    let SaveOutcome::Saved { entry } = session
        .save(&SaveRequest {
            id: None,
            date: date.into(),
            body: body.into(),
        })
        .unwrap()
    else {
        panic!("not saved");
    };
    let mut probs = vec![0.0; LABELS.len()];
    probs[label(feeling)] = p;
    session
        .with_store(|s| s.save_analysis(&StoredAnalysis::of(&entry, "test-model", probs, vec![])))
        .unwrap();
    entry.id
}

fn diary() -> (tempfile::TempDir, Session, [i64; 3]) {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::open(dir.path().to_path_buf());
    let ids = [
        write(
            &session,
            "2026-03-02",
            "Ran by the river. #운동",
            "joy",
            0.8,
        ),
        write(&session, "2026-03-03", "A grey, heavy day.", "sadness", 0.7),
        write(
            &session,
            "2026-03-09",
            "Gym, then tired. #운동",
            "sadness",
            0.4,
        ),
    ];
    (dir, session, ids)
}

#[test]
fn a_tag_filter_keeps_the_history_to_the_tagged_entries() {
    let (_dir, session, _) = diary();
    let all = emotions::HistoryQuery {
        by: "week",
        ..Default::default()
    };
    let history = |query: &emotions::HistoryQuery| {
        session.with_store(|s| emotions::history(s, query)).unwrap()
    };
    let weeks = history(&all);
    assert_eq!(
        weeks.iter().map(|w| w.entries).collect::<Vec<_>>(),
        vec![2, 1]
    );

    let tagged = emotions::HistoryQuery {
        tag: Some("운동"),
        ..all.clone()
    };
    let weeks = history(&tagged);
    assert_eq!(
        weeks.iter().map(|w| w.entries).collect::<Vec<_>>(),
        vec![1, 1]
    );
    assert!(weeks[0].probs[label("joy")] > 0.7, "{:?}", weeks[0]);

    // Weeks that begin on Sunday: 1 March 2026 is a Sunday, so the first three entries share one.
    let sundays = emotions::HistoryQuery {
        week_start: Some("sunday"),
        ..all.clone()
    };
    let weeks = history(&sundays);
    assert_eq!(weeks[0].start, "2026-03-01");
}

#[test]
fn a_mistyped_period_or_date_is_refused_with_its_own_code() {
    let (_dir, session, _) = diary();
    for (query, code) in [
        (
            emotions::HistoryQuery {
                by: "fortnight",
                ..Default::default()
            },
            ErrorCode::InvalidInput,
        ),
        (
            emotions::HistoryQuery {
                by: "day",
                from: Some("2026-02-30"),
                ..Default::default()
            },
            ErrorCode::InvalidDate,
        ),
        (
            emotions::HistoryQuery {
                by: "week",
                week_start: Some("friday"),
                ..Default::default()
            },
            ErrorCode::InvalidInput,
        ),
    ] {
        let err = session
            .with_store(|s| emotions::history(s, &query))
            .unwrap_err();
        assert_eq!(err.code, code, "{query:?}: {err:?}");
    }
}

#[test]
fn search_by_feeling_uses_the_models_threshold_for_it() {
    let (_dir, session, [_, grey, gym]) = diary();
    let sad = diary::SearchQuery {
        emotion: Some("sadness"),
        ..Default::default()
    };
    let found = |thresholds: Option<&[f32]>, query: &diary::SearchQuery<'_>| {
        let mut ids: Vec<i64> = session
            .with_store(|s| diary::search(s, "", query, thresholds))
            .unwrap()
            .into_iter()
            .map(|hit| hit.entry.id)
            .collect();
        ids.sort_unstable();
        ids
    };
    // 0.5 before the model's files are read: only the grey day.
    assert_eq!(found(None, &sad), vec![grey]);
    let mut thresholds = vec![0.5; LABELS.len()];
    thresholds[label("sadness")] = 0.35;
    assert_eq!(found(Some(&thresholds), &sad), vec![grey, gym]);
    let tagged_sad = diary::SearchQuery {
        tag: Some("운동"),
        ..sad
    };
    assert_eq!(found(Some(&thresholds), &tagged_sad), vec![gym]);
}

#[test]
fn the_writers_word_days_are_the_days_with_a_check_in() {
    let (_dir, session, [run, _, gym]) = diary();
    for id in [run, gym] {
        let checkin = CheckIn::new(&["pride".to_owned()], None, None).unwrap();
        session.with_store(|s| s.set_checkin(id, &checkin)).unwrap();
    }
    let days = session
        .with_store(|s| emotions::writers_word_days(s, None, Some("2026-03-05")))
        .unwrap();
    assert_eq!(days, vec!["2026-03-02"]);
    let days = session
        .with_store(|s| emotions::writers_word_days(s, None, None))
        .unwrap();
    assert_eq!(days, vec!["2026-03-02", "2026-03-09"]);
}

#[test]
fn the_idle_lock_is_off_until_chosen_and_refuses_other_minutes() {
    let (_dir, session, _) = diary();
    assert_eq!(encryption::idle_lock(&session).unwrap().0, 0);
    assert_eq!(encryption::set_idle_lock(&session, 15).unwrap().0, 15);
    assert_eq!(encryption::idle_lock(&session).unwrap().0, 15);
    let err = encryption::set_idle_lock(&session, 7).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
}

#[test]
fn on_this_day_lists_earlier_years_and_refuses_a_date_that_does_not_exist() {
    let (_dir, session, [run, _, _]) = diary();
    let found = session
        .with_store(|s| insights::on_this_day(s, Some("2027-03-02")))
        .unwrap();
    assert_eq!(found.iter().map(|e| e.id).collect::<Vec<_>>(), vec![run]);
    let none = session
        .with_store(|s| insights::on_this_day(s, Some("2026-03-02")))
        .unwrap();
    assert!(none.is_empty(), "the same year is not an earlier one");
    let err = session
        .with_store(|s| insights::on_this_day(s, Some("2027-02-30")))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidDate);
}

#[test]
fn peaks_are_strongest_first_and_the_limit_is_kept() {
    let (_dir, session, [run, grey, gym]) = diary();
    let ids = |limit| {
        session
            .with_store(|s| insights::peaks(s, "sadness", None, None, limit))
            .unwrap()
            .iter()
            .map(|p| p.entry.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(None), vec![grey, gym, run]);
    assert_eq!(ids(Some(2)), vec![grey, gym]);
}

#[test]
fn a_check_in_is_recorded_and_a_feeling_outside_the_28_is_refused() {
    let (_dir, session, [run, _, _]) = diary();
    let stored = session
        .with_store(|s| insights::set_checkin(s, run, &["relief".to_owned()], Some(0.5), None))
        .unwrap();
    assert_eq!(stored.labels, vec!["relief"]);
    assert_eq!(
        session.with_store(|s| s.checkin(run)).unwrap(),
        Some(stored)
    );
    let err = session
        .with_store(|s| insights::set_checkin(s, run, &["hungry".to_owned()], None, None))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
}
