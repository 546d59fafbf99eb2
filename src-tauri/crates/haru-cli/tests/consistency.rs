//! One reading everywhere: the same text gets the same predicted labels and the same dominant
//! labels (the entry's and each sentence's) from `haru analyze --text`, from the app's panel
//! (`haru show --json` prints what `haru_api::commands::emotions::analysis` gives the panel)
//! and in the history (a day's distribution from `haru history --json`, whose dominant label
//! the UI's `dominantOf` reads as `haru_core::emotion::dominant` does: the generated
//! `ui/src/bindings/dominant.ts`), over texts in both languages, with the shipped model.
//!
//! (`haru analyze --input`, the bulk scoring for evaluation, gives each line's plain reading
//! in batches, as the thresholds were tuned: see `haru analyze --help`.)

mod common;
use common::{haru, names, ok};

use std::path::Path;

use haru_core::emotion::dominant;
use haru_core::LABELS;

const TEXTS: &[&str] = &[
    "I cried all evening. My grandmother passed away and I miss her so much.",
    "What a wonderful day! I got the job and I am so happy.",
    "The meeting ran late again and my manager blamed me for his mistake.",
    "I'm so nervous about tomorrow's interview that I can't sleep.",
    "Thank you to my sister for driving four hours just to see me.",
    "Nothing much happened. Did laundry, made dinner, went to bed.",
    "I can't believe they cancelled the concert an hour before it started.",
    "Finally finished the marathon. My legs hurt but I'm so proud.",
    "I forgot my best friend's birthday and I feel terrible about it.",
    "The new neighbours play music until 3am. I'm losing my mind.",
    "Watched the sunset at the beach with Mina. Calm and grateful.",
    "Why does the bus never come on time? Whatever, I walked.",
    "I'm curious whether the new library opens next week.",
    "Got a surprise letter from an old teacher today. I was stunned.",
    "I love how my dog waits at the door every evening.",
    "오늘은 시험을 망쳐서 너무 속상했다. 그래도 엄마가 해준 저녁을 먹고 조금 나아졌다.",
    "엄마가 보고 싶다. 할머니 장례식 이후로 집이 너무 조용하다.",
    "내일 면접인데 너무 긴장돼서 잠이 안 온다.",
    "친구가 생일 선물로 책을 줘서 정말 고마웠다.",
    "오늘은 친구들과 즐겁게 웃었다. 정말 행복한 하루였다.",
    "팀장님이 또 내 탓을 했다. 정말 화가 난다.",
    "빨래하고 밥 먹고 잤다. 특별한 일은 없었다.",
    "드디어 마라톤을 완주했다. 다리는 아프지만 뿌듯하다.",
    "약속을 잊어버려서 친구에게 너무 미안했다.",
    "윗집이 새벽까지 시끄러워서 짜증이 났다.",
    "바다에서 노을을 보며 마음이 편안해졌다.",
    "버스가 또 늦게 와서 지각했다. 어이가 없다.",
    "새로 생긴 도서관이 언제 문을 여는지 궁금하다.",
    "옛 선생님께 편지를 받아서 깜짝 놀랐다.",
    "퇴근하면 문 앞에서 기다리는 강아지가 너무 사랑스럽다.",
];

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

/// The 28 probabilities of a `{"label": p}` object, in label order.
fn probs(value: &serde_json::Value) -> Vec<f32> {
    LABELS
        .iter()
        .map(|l| value[*l].as_f64().unwrap() as f32)
        .collect()
}

/// `haru analyze --text`'s summary: the predicted labels, and each sentence's label.
fn analyze_summary(text: &str) -> (Vec<String>, Vec<String>) {
    let out = ok(haru(
        Path::new("/nonexistent-haru-data"),
        &["analyze", "--text", text],
    ));
    let predicted = out
        .lines()
        .find_map(|l| l.strip_prefix("Predicted: "))
        .unwrap_or_else(|| panic!("no predicted labels in {out}"))
        .split(", ")
        .map(str::to_owned)
        .collect();
    let sentences = out
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("→ "))
        .map(|l| l.split(' ').next().unwrap().to_owned())
        .collect();
    (predicted, sentences)
}

#[test]
fn the_same_text_reads_the_same_in_analyze_the_panel_and_the_history() {
    let dir = tempfile::tempdir().unwrap();
    // One entry a day, so that a day's distribution in the history is its entry's.
    let data = dir.path().join("diary");
    for (i, text) in TEXTS.iter().enumerate() {
        let date = format!("2026-04-{:02}", i + 1);
        ok(haru(&data, &["add", "--date", &date, "--text", text]));
    }
    let days = json(&ok(haru(
        &data,
        &["history", "--by", "day", "--from", "2026-04-01", "--json"],
    )));
    let days = days.as_array().unwrap();
    assert_eq!(days.len(), TEXTS.len());

    let mut dominants = std::collections::BTreeSet::new();
    for (i, text) in TEXTS.iter().enumerate() {
        let (predicted, sentence_labels) = analyze_summary(text);
        let id = (i + 1).to_string();
        let shown = json(&ok(haru(&data, &["show", &id, "--json"])));
        let panel = &shown["emotions"];
        assert_eq!(
            names(&panel["labels"]),
            predicted,
            "predicted labels of {text:?}"
        );
        assert_eq!(
            names(&panel["sentences"]),
            sentence_labels,
            "the sentences' labels of {text:?}"
        );
        let entry_probs: Vec<f32> = {
            let mut p = vec![0.0; LABELS.len()];
            for s in panel["strongest"].as_array().unwrap() {
                let i = LABELS.iter().position(|l| s["label"] == *l).unwrap();
                p[i] = s["probability"].as_f64().unwrap() as f32;
            }
            p
        };
        let expected = panel["dominant"].as_str().unwrap().to_owned();
        // The dominant label is among the strongest five, and is the history's for the day.
        assert_eq!(
            LABELS[dominant(&entry_probs) as usize],
            expected,
            "{text:?}"
        );
        // The history rounds to four decimals: only a near tie could read otherwise.
        let day = probs(&days[i]["probs"]);
        let in_history = dominant(&day) as usize;
        let wanted = LABELS.iter().position(|l| *l == expected).unwrap();
        assert!(
            in_history == wanted || (day[in_history] - day[wanted]).abs() < 2e-4,
            "{text:?}: the history reads {} where the panel reads {expected}",
            LABELS[in_history]
        );
        dominants.insert(expected);
    }
    // Not one label read everywhere: the texts tell feelings apart.
    assert!(dominants.len() >= 6, "{dominants:?}");
}
