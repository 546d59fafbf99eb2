//! `haru history`, `haru export --what emotions` and `haru search --emotion`, as real
//! processes with the shipped model analysing entries written by `haru add`.

mod common;
use common::{haru, ok};

use std::path::Path;

/// What `haru ARGS --json` printed, parsed.
fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let args: Vec<&str> = args.iter().copied().chain(["--json"]).collect();
    serde_json::from_str(&ok(haru(dir, &args))).unwrap()
}

fn seeded() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (date, text) in [
        (
            "2026-03-02",
            "I cried all evening. My grandmother passed away and I miss her so much.",
        ),
        ("2026-03-02", "Short note: still very sad."),
        (
            "2026-03-20",
            "What a wonderful day! I got the job and I am so happy.",
        ),
        (
            "2026-05-11",
            "오늘은 친구들과 즐겁게 웃었다. 정말 행복한 하루였다.",
        ),
    ] {
        ok(haru(dir.path(), &["add", "--date", date, "--text", text]));
    }
    dir
}

#[test]
fn history_groups_entries_by_period() {
    let dir = seeded();
    let months = json(dir.path(), &["history", "--by", "month"]);
    let months = months.as_array().unwrap();
    assert_eq!(months.len(), 2, "March and May; April is a gap");
    assert_eq!(months[0]["period"], "2026-03");
    assert_eq!(months[0]["entries"], 3);
    assert_eq!(months[0]["probs"].as_object().unwrap().len(), 28);
    let days = json(
        dir.path(),
        &[
            "history",
            "--by",
            "day",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
        ],
    );
    assert_eq!(days.as_array().unwrap().len(), 2);
    let sad_day = &days[0]["probs"];
    assert!(sad_day["sadness"].as_f64().unwrap() > sad_day["joy"].as_f64().unwrap());
    let weeks = ok(haru(dir.path(), &["history", "--by", "week"]));
    assert!(weeks.contains("2026-W10"), "{weeks}");
    let bad = haru(dir.path(), &["history", "--by", "year"]);
    assert!(!bad.status.success());
    let bad = haru(dir.path(), &["history", "--from", "2026-13-01"]);
    assert!(!bad.status.success());
}

#[test]
fn export_writes_one_row_per_entry_with_28_scores() {
    let dir = seeded();
    let csv = ok(haru(
        dir.path(),
        &["export", "--format", "csv", "--what", "emotions"],
    ));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].starts_with("id,date,admiration,amusement"));
    assert!(lines[0].ends_with(",neutral"));
    for row in &lines[1..] {
        assert_eq!(row.split(',').count(), 30, "{row}");
    }
    // To a file: the same rows, written whole (no temporary file left) and private (0600).
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("emotions.csv");
    std::fs::write(&path, "an older export, readable by all\n").unwrap();
    let target = path.to_str().unwrap();
    ok(haru(
        dir.path(),
        &[
            "export", "--format", "csv", "--what", "emotions", "--output", target,
        ],
    ));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), csv);
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{mode:o}");
    }
}

#[test]
fn search_by_feeling_and_dates() {
    let dir = seeded();
    let hits = json(
        dir.path(),
        &[
            "search",
            "",
            "--emotion",
            "sadness",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
        ],
    );
    let dates: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["entry"]["date"].as_str().unwrap())
        .collect();
    assert!(!dates.is_empty());
    assert!(dates.iter().all(|d| *d == "2026-03-02"), "{dates:?}");
    let happy = json(dir.path(), &["search", "job", "--emotion", "joy"]);
    assert_eq!(happy.as_array().unwrap().len(), 1);
    let bad = haru(dir.path(), &["search", "x", "--emotion", "hunger"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("hunger"));
}

/// `haru show` names the entry's strongest feelings once it has been read (here by `haru
/// history`), says when the reading is of an earlier version, and has them in `--json`.
#[test]
fn show_prints_the_feelings_of_an_analysed_entry() {
    let dir = seeded();
    let before = ok(haru(dir.path(), &["show", "1"]));
    assert!(!before.contains("feelings:"), "not analysed yet: {before}");
    let card = json(dir.path(), &["show", "1"]);
    assert!(card["emotions"].is_null(), "{card}");

    ok(haru(dir.path(), &["history", "--json"]));
    let shown = ok(haru(dir.path(), &["show", "1"]));
    let feelings = shown
        .lines()
        .find(|l| l.starts_with("feelings: "))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(
        feelings.contains("sadness") || feelings.contains("grief"),
        "{feelings}"
    );
    assert!(!feelings.contains("earlier"), "{feelings}");
    let card = json(dir.path(), &["show", "1"]);
    assert_eq!(card["emotions"]["current"], true, "{card}");
    let strongest = card["emotions"]["strongest"].as_array().unwrap();
    assert_eq!(strongest.len(), 5);
    let probs: Vec<f64> = strongest
        .iter()
        .map(|s| s["probability"].as_f64().unwrap())
        .collect();
    assert!(probs.windows(2).all(|w| w[0] >= w[1]), "{probs:?}");
    assert!(feelings.contains(strongest[0]["label"].as_str().unwrap()));

    // Edited since: the reading is marked as of the earlier text.
    haru_store::Store::open_in(dir.path())
        .unwrap()
        .update_entry(1, "2026-03-02", "A different text now.")
        .unwrap();
    let shown = ok(haru(dir.path(), &["show", "1"]));
    assert!(shown.contains("(read before the last edit)"), "{shown}");
}

/// `haru feel` records the writer's word: `show --json` has it beside the model's reading,
/// `history` goes by it for that entry, `--clear` hands the entry back to the model, and an
/// unknown feeling or a point off the scale is refused with nothing changed.
#[test]
fn feel_records_the_writers_word_and_history_follows_it() {
    let dir = seeded();
    let history_of_march_20 = |dir: &Path| -> serde_json::Value {
        let days = json(
            dir,
            &[
                "history",
                "--by",
                "day",
                "--from",
                "2026-03-20",
                "--to",
                "2026-03-20",
            ],
        );
        days[0]["probs"].clone()
    };
    let model = history_of_march_20(dir.path());
    assert!(model["joy"].as_f64().unwrap() > model["sadness"].as_f64().unwrap());

    // Entry 3 is the new-job day; the writer says it was really relief and nervousness.
    let said = ok(haru(
        dir.path(),
        &[
            "feel",
            "3",
            "--labels",
            "relief,nervousness",
            "--pleasant",
            "0.3",
            "--energy",
            "-0.5",
        ],
    ));
    assert!(said.contains("nervousness, relief"), "{said}");
    let theirs = history_of_march_20(dir.path());
    assert_eq!(theirs["relief"], 1.0);
    assert_eq!(theirs["nervousness"], 1.0);
    assert_eq!(theirs["joy"], 0.0);
    let shown = json(dir.path(), &["show", "3"]);
    assert_eq!(
        shown["checkin"]["labels"],
        serde_json::json!(["nervousness", "relief"])
    );
    assert_eq!(shown["checkin"]["energy"], -0.5);
    assert!(
        shown["emotions"]["strongest"].is_array(),
        "the model's reading stays beside it"
    );
    assert!(ok(haru(dir.path(), &["show", "3"])).contains("your word: nervousness, relief"));

    for bad in [
        vec!["feel", "3", "--labels", "hungry"],
        vec!["feel", "3", "--labels", "joy", "--pleasant", "2"],
        vec!["feel", "99", "--labels", "joy"],
    ] {
        let out = haru(dir.path(), &bad);
        assert!(!out.status.success(), "{bad:?}");
    }
    assert_eq!(
        history_of_march_20(dir.path())["relief"],
        1.0,
        "refusals changed nothing"
    );

    ok(haru(dir.path(), &["feel", "3", "--clear"]));
    assert_eq!(history_of_march_20(dir.path()), model);
}

/// `#tags` in the text: `haru tags` counts them (Korean and English, case folded), `search
/// --tag` finds the entries carrying one (also with a blank query), and `show --json` lists them.
#[test]
fn tags_are_listed_and_searchable() {
    let dir = tempfile::tempdir().unwrap();
    for (date, text) in [
        ("2026-04-01", "아침에 달리기 #운동 #morning"),
        ("2026-04-02", "Gym with Mina. #운동 #Family"),
        ("2026-04-03", "Quiet evening at home #family"),
        (
            "2026-04-04",
            "No tags today, only issue #12 and page#anchor.",
        ),
    ] {
        ok(haru(dir.path(), &["add", "--date", date, "--text", text]));
    }
    let tags = json(dir.path(), &["tags"]);
    assert_eq!(
        tags,
        serde_json::json!([
            {"tag": "family", "entries": 2},
            {"tag": "운동", "entries": 2},
            {"tag": "morning", "entries": 1}
        ])
    );
    let found = json(dir.path(), &["search", "", "--tag", "#운동"]);
    let mut ids: Vec<i64> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["entry"]["id"].as_i64().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, vec![1, 2]);
    let found = ok(haru(dir.path(), &["search", "gym", "--tag", "family"]));
    assert!(found.contains("Gym"), "{found}");
    assert!(ok(haru(dir.path(), &["search", "", "--tag", "nothing"])).is_empty());
    let shown = json(dir.path(), &["show", "2"]);
    assert_eq!(shown["tags"], serde_json::json!(["운동", "family"]));
    assert_eq!(shown["starred"], false);

    // The history of one tag's entries, as the app's history view filters it.
    let days = json(dir.path(), &["history", "--by", "day", "--tag", "운동"]);
    let days: Vec<&str> = days
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["period"].as_str().unwrap())
        .collect();
    assert_eq!(days, vec!["2026-04-01", "2026-04-02"]);
}

/// `haru insights`: a tag that always came with joy (here in the writer's own word) is linked
/// to joy, and away from sadness, against the rest of the diary; weekdays with too few entries
/// say so.
#[test]
fn insights_link_a_tag_to_the_feelings_that_go_with_it() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..12 {
        let date = format!("2026-06-{:02}", i + 1);
        let (text, feeling) = if i % 2 == 0 {
            (format!("Ran by the river #운동 ({i})"), "joy")
        } else {
            (format!("Long meeting ({i})"), "sadness")
        };
        let id = ok(haru(dir.path(), &["add", "--date", &date, "--text", &text]));
        ok(haru(dir.path(), &["feel", id.trim(), "--labels", feeling]));
    }
    let groups = json(dir.path(), &["insights"]);
    let groups = groups.as_array().unwrap();
    let exercise = groups.iter().find(|g| g["name"] == "운동").unwrap();
    assert_eq!(exercise["kind"], "tag");
    assert_eq!(exercise["entries"], 6);
    assert_eq!(exercise["enough"], true);
    let links: Vec<(&str, f64)> = exercise["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["label"].as_str().unwrap(),
                l["difference"].as_f64().unwrap(),
            )
        })
        .collect();
    assert!(links.contains(&("joy", 1.0)), "{links:?}");
    assert!(links.contains(&("sadness", -1.0)), "{links:?}");
    let weekdays: Vec<_> = groups.iter().filter(|g| g["kind"] == "weekday").collect();
    assert_eq!(weekdays.len(), 7);
    assert!(weekdays.iter().all(|g| g["enough"] == false));
    let text = ok(haru(dir.path(), &["insights"]));
    assert!(
        text.contains("#운동 (6 entries): joy +100 points"),
        "{text}"
    );
    assert!(text.contains("too few entries to tell"), "{text}");
}
