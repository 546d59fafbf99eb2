//! `haru recommend`, `haru feedback` and `haru catalogue` as the maintainers drive them: real
//! processes, the shipped model and catalogues, a temporary `HARU_DATA_DIR`.

mod common;
use common::haru;

use std::path::Path;

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn recommend(dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["recommend", "--json"];
    all.extend_from_slice(args);
    let out = haru(dir, &all);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_str::<serde_json::Value>(&text(&out.stdout))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The field names of a JSON object, in order.
fn keys_of(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn recommend_prints_the_contract_and_feedback_is_learned() {
    let dir = tempfile::tempdir().unwrap();
    let cards = recommend(
        dir.path(),
        &[
            "--text",
            "I failed my exam and I feel sad and alone tonight.",
        ],
    );
    assert_eq!(cards.len(), 10, "five movies and five songs by default");
    assert_eq!(
        keys_of(&cards[0]),
        vec![
            "audience", "genres", "id", "kind", "language", "score", "strategy", "title", "why",
            "year"
        ],
        "exactly the documented fields (a film's)"
    );
    let song = cards.iter().find(|c| c["kind"] == "music").unwrap();
    assert_eq!(
        keys_of(song),
        vec![
            "energy", "genres", "id", "kind", "language", "score", "strategy", "title", "valence",
            "why", "year"
        ],
        "exactly the documented fields (a song's)"
    );
    assert_eq!(cards.iter().filter(|c| c["kind"] == "movie").count(), 5);
    assert!(cards[0]["why"]
        .as_str()
        .unwrap()
        .starts_with("Your entry felt mostly sad"));

    let songs = recommend(
        dir.path(),
        &[
            "--text",
            "오늘 친구들이랑 바다에 가서 정말 행복했다.",
            "--kind",
            "music",
            "--k",
            "3",
            "--strategy",
            "lift",
            "--lang",
            "ko",
        ],
    );
    assert_eq!(songs.len(), 3);
    assert!(songs.iter().all(|c| c["kind"] == "music"));
    assert!(songs[0]["why"].as_str().unwrap().contains("기분 전환"));
    let shown: Vec<&str> = cards
        .iter()
        .chain(&songs)
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let unique: std::collections::HashSet<_> = shown.iter().collect();
    assert_eq!(unique.len(), shown.len(), "nothing shown twice in a row");

    let liked = cards[0]["id"].as_str().unwrap();
    let out = haru(
        dir.path(),
        &["feedback", "--item", liked, "--value", "like"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = haru(
        dir.path(),
        &[
            "feedback",
            "--item",
            cards[1]["id"].as_str().unwrap(),
            "--value",
            "not-now",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    for (args, message) in [
        (
            vec!["feedback", "--item", liked, "--value", "meh"],
            "like, dislike, seen or not-now",
        ),
        (
            vec!["feedback", "--item", "tmdb:no-such", "--value", "like"],
            "unknown item",
        ),
        (vec!["recommend", "--text", "  "], "empty"),
        (
            vec!["recommend", "--text", "x", "--kind", "book"],
            "movie or music",
        ),
        (
            vec!["recommend", "--text", "x", "--strategy", "up"],
            "match, comfort or lift",
        ),
    ] {
        let out = haru(dir.path(), &args);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            text(&out.stderr).contains(message),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

/// A hard day: comfort is the default, its songs are gentle and its films are not cartoons or
/// horror; lift on the same day keeps songs calm too; match differs from lift.
#[test]
fn a_hard_day_gets_comfort_by_default_and_gentle_picks() {
    let dir = tempfile::tempdir().unwrap();
    let text = "My grandmother died last night. I can't stop crying.";
    let comfort = recommend(dir.path(), &["--text", text, "--k", "8"]);
    assert!(comfort.iter().all(|c| c["strategy"] == "comfort"));
    let songs: Vec<&serde_json::Value> = comfort.iter().filter(|c| c["kind"] == "music").collect();
    assert_eq!(songs.len(), 8);
    for s in &songs {
        let energy = s["energy"].as_f64().unwrap();
        assert!(energy <= 0.6, "{s}");
        assert!(s["why"]
            .as_str()
            .unwrap()
            .contains("something gentle for a hard day"));
    }
    for film in comfort.iter().filter(|c| c["kind"] == "movie") {
        assert!(
            film["audience"] == "general" || film["audience"] == "family",
            "{film}"
        );
        assert!(!film["genres"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g == "horror"));
    }
    let ko = recommend(
        dir.path(),
        &[
            "--text",
            "할머니가 어젯밤 돌아가셨다. 눈물이 멈추지 않는다.",
            "--lang",
            "ko",
        ],
    );
    assert!(ko.iter().all(|c| c["strategy"] == "comfort"), "{ko:?}");
    assert!(ko[0]["why"].as_str().unwrap().contains("힘든 날"));

    // Match sits with the mood (sad songs); lift on a hard day is calm but not sad.
    let sad = |cards: &[serde_json::Value]| {
        cards
            .iter()
            .filter(|c| c["why"].as_str().unwrap().contains("this sad song"))
            .count()
    };
    let lift = recommend(
        dir.path(),
        &["--text", text, "--strategy", "lift", "--kind", "music"],
    );
    assert!(lift.iter().all(|c| c["energy"].as_f64().unwrap() <= 0.7));
    let matched = recommend(
        dir.path(),
        &["--text", text, "--strategy", "match", "--kind", "music"],
    );
    assert!(
        sad(&matched) >= 4 && sad(&lift) <= 2,
        "{matched:?} {lift:?}"
    );
}

#[test]
fn catalog_import_reports_bad_rows_and_keeps_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.csv");
    std::fs::write(
        &file,
        "title,artist,year,valence,energy\nMy Song,Me,2020,0.9,0.8\n,Nobody,2020,0.5,0.5\nOdd,Me,twenty,0.5,0.5\nMy Other Song,Me,2021,0.1,0.2\n",
    )
    .unwrap();
    let data = dir.path().join("data");
    let out = haru(&data, &["catalogue", "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("imported 2 item(s)"),
        "{}",
        text(&out.stdout)
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("row 3: title is missing") && err.contains("row 4: year"),
        "{err}"
    );

    let stats: serde_json::Value = serde_json::from_str(&text(
        &haru(&data, &["catalogue", "stats", "--json"]).stdout,
    ))
    .unwrap();
    assert_eq!(stats["user_items"], 2);
    assert!(stats["movies"].as_u64().unwrap() >= 10_000);
    assert!(stats["music"].as_u64().unwrap() >= 10_000);

    // Re-importing the same rows updates them instead of duplicating; the earlier ones stay
    // (`catalog`, the earlier spelling, still names the command).
    assert!(haru(&data, &["catalog", "import", file.to_str().unwrap()])
        .status
        .success());
    let stats: serde_json::Value = serde_json::from_str(&text(
        &haru(&data, &["catalogue", "stats", "--json"]).stdout,
    ))
    .unwrap();
    assert_eq!(stats["user_items"], 2);

    for (name, bytes, message) in [
        ("empty.csv", b"".to_vec(), "is empty"),
        ("latin1.csv", b"title\ncaf\xe9\n".to_vec(), "not UTF-8"),
        (
            "cols.csv",
            b"name,artist\nx,y\n".to_vec(),
            "no 'title' column",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = haru(&data, &["catalogue", "import", path.to_str().unwrap()]);
        assert!(!out.status.success(), "{name}");
        assert!(
            text(&out.stderr).contains(message),
            "{name}: {}",
            text(&out.stderr)
        );
    }
    let stats: serde_json::Value = serde_json::from_str(&text(
        &haru(&data, &["catalogue", "stats", "--json"]).stdout,
    ))
    .unwrap();
    assert_eq!(
        stats["user_items"], 2,
        "a bad file loses nothing already imported"
    );
}
