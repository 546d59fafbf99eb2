//! `haru show --json` reads an entry as the app's panel does, adjusted to how the writer names
//! feelings (`haru_insights::writers_way`): nothing before enough check-ins, then the model's
//! labels in the writer's word ("adjusted"), beside the model's own ("labels"), with the
//! shipped model.

mod common;
use common::{haru, names, ok};

use std::path::Path;

use haru_insights::calibration::MIN_CORRECTIONS;

const NAMES: &[&str] = &[
    "Mina",
    "my sister",
    "Jun",
    "my neighbour",
    "Dad",
    "the nurse",
    "Sora",
    "my teacher",
];
const THINGS: &[&str] = &[
    "the help with the move",
    "the lovely birthday card",
    "driving me home in the rain",
    "the soup when I was ill",
];

fn panel(data: &Path, id: usize) -> serde_json::Value {
    // `haru history` reads whatever has not been read yet (as the app does on opening).
    ok(haru(data, &["history", "--by", "day", "--json"]));
    let shown: serde_json::Value =
        serde_json::from_str(&ok(haru(data, &["show", &id.to_string(), "--json"]))).unwrap();
    shown["emotions"].clone()
}

/// A writer who says "joy" on every day Haru reads as gratitude.
#[test]
fn show_json_gives_the_reading_in_the_writers_word_once_haru_has_learned_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("diary");
    let days = MIN_CORRECTIONS + 4;
    for i in 0..=days {
        let text = format!(
            "Thank you so much to {} for {}. I am really grateful.",
            NAMES[i % NAMES.len()],
            THINGS[i / NAMES.len() % THINGS.len()]
        );
        let date = format!("2026-05-{:02}", i % 28 + 1);
        ok(haru(&data, &["add", "--date", &date, "--text", &text]));
    }
    // The last entry is never checked in: the one Haru reads in the writer's word.
    let last = days + 1;
    let before = panel(&data, last);
    assert!(
        names(&before["labels"]).contains(&"gratitude".to_owned()),
        "{before}"
    );
    assert!(
        before["adjusted"].is_null(),
        "nothing learned yet: {before}"
    );

    for id in 1..=days {
        ok(haru(&data, &["feel", &id.to_string(), "--labels", "joy"]));
        if id == MIN_CORRECTIONS - 1 {
            let early = panel(&data, last);
            assert!(early["adjusted"].is_null(), "too few corrections: {early}");
        }
    }
    let after = panel(&data, last);
    let adjusted = names(&after["adjusted"]);
    assert!(adjusted.contains(&"joy".to_owned()), "{after}");
    assert!(!adjusted.contains(&"gratitude".to_owned()), "{after}");
    // The model's own reading stays beside it.
    assert_eq!(after["labels"], before["labels"], "{after}");
    // An entry the writer spoke about keeps their word: nothing to adjust.
    assert!(panel(&data, 1)["adjusted"].is_null());
}
