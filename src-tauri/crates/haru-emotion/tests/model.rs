//! The real model on real files: what `analyse` returns for ordinary and awkward entries, and
//! how loading fails when a model file is missing or damaged (always an error naming the file,
//! never a panic). ONNX Runtime itself loads fine here; damaged runtime libraries are tested in
//! `ort_library.rs` and through the CLI, in processes that never load the real one.

mod common;
use common::max_abs_diff;

use std::path::Path;

use haru_emotion::{
    combine, predicted_labels, top_labels, EmotionError, EmotionModel, ModelPaths, LABELS,
    NUM_LABELS,
};

fn assert_distribution(probs: &[f32; NUM_LABELS], what: &str) {
    for (label, p) in LABELS.iter().zip(probs) {
        assert!(
            p.is_finite() && (0.0..=1.0).contains(p),
            "{what}: {label} = {p}"
        );
    }
}

#[test]
fn an_entry_gets_sentences_and_a_combined_distribution() {
    let mut model = common::load_model();
    let text = "오늘 친구랑 싸워서 속상했다. 그래도 저녁에 화해했다ㅎㅎ\n\nThanks to her, I feel better now!";
    let analysis = model.analyse(text).unwrap();
    assert_eq!(analysis.model_id, model.model_id());
    assert_distribution(&analysis.probs, "entry");
    let texts: Vec<&str> = analysis.sentences.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "오늘 친구랑 싸워서 속상했다.",
            "그래도 저녁에 화해했다ㅎㅎ",
            "Thanks to her, I feel better now!"
        ]
    );
    let chars: Vec<char> = text.chars().collect();
    for s in &analysis.sentences {
        assert_eq!(
            chars[s.start_char..s.end_char].iter().collect::<String>(),
            s.text
        );
        assert_distribution(&s.probs, &s.text);
    }
    // The documented formula.
    let sentence_probs: Vec<_> = analysis.sentences.iter().map(|s| s.probs).collect();
    let expected = combine(&analysis.whole, &sentence_probs);
    assert!(max_abs_diff(&analysis.probs, &expected) < 1e-6);
    // A sentence is read in the entry's context, so its numbers are not those it gets alone,
    // but a clear sentence keeps its reading.
    let alone = model
        .analyse_batch(&[analysis.sentences[2].text.as_str()])
        .unwrap()[0];
    let in_entry = &analysis.sentences[2].probs;
    assert_eq!(
        top_labels(in_entry, 1)[0].0,
        top_labels(&alone, 1)[0].0,
        "{in_entry:?} vs {alone:?}"
    );
    // Deterministic.
    assert_eq!(model.analyse(text).unwrap(), analysis);
}

#[test]
fn obvious_emotions_are_recognised() {
    let mut model = common::load_model();
    let thresholds = *model.thresholds();
    for (text, expected) in [
        (
            "Thank you so much for the lovely birthday present!",
            "gratitude",
        ),
        ("오늘 너무 행복했다!", "joy"),
        ("할머니가 돌아가셔서 너무 슬프다.", "sadness"),
        (
            "My grandmother died last night and I can't stop crying.",
            "sadness",
        ),
    ] {
        let probs = model.analyse(text).unwrap().probs;
        let top: Vec<&str> = top_labels(&probs, 3).into_iter().map(|(l, _)| l).collect();
        let predicted = predicted_labels(&probs, &thresholds);
        assert!(
            top.contains(&expected) || predicted.contains(&expected),
            "{text}: expected {expected}, top {top:?}, predicted {predicted:?}"
        );
    }
}

#[test]
fn blank_text_has_a_defined_result() {
    let mut model = common::load_model();
    let empty = model.analyse("").unwrap();
    assert!(empty.sentences.is_empty());
    assert_distribution(&empty.probs, "empty");
    for blank in ["   ", "\n\n\t", "\r\n \u{3000}"] {
        let analysis = model.analyse(blank).unwrap();
        assert!(analysis.sentences.is_empty(), "{blank:?}");
        // Whitespace normalises away: the same as the empty string.
        assert!(
            max_abs_diff(&analysis.probs, &empty.probs) < 1e-6,
            "{blank:?}"
        );
    }
    // Control characters only: no sentences, a valid distribution (the tokenizer keeps NUL as
    // <unk>, exactly like the Python reference).
    let control = model.analyse("\u{0}\u{7}\u{1b}").unwrap();
    assert!(control.sentences.is_empty());
    assert_distribution(&control.probs, "control");
    assert!(!predicted_labels(&empty.probs, model.thresholds()).is_empty());
    let batch = model.analyse_batch(&["", "  "]).unwrap();
    assert_eq!(batch.len(), 2);
    assert!(max_abs_diff(&batch[0], &empty.probs) < 1e-6);
}

#[test]
fn emoji_control_characters_and_mixed_scripts_work() {
    let mut model = common::load_model();
    for text in [
        "😂😂😂",
        "👨‍👩‍👧❤️🎂🥰",
        "\u{1}\u{2}좋았다\u{7f}.\u{0}",
        "회의에서 presentation 완전 망했다 ㅠㅠ so embarrassing",
        "Ｆｕｌｌｗｉｄｔｈ café naïve \u{200B}\u{FEFF}",
        "ㅋㅋㅋㅋㅋㅋㅋㅋ",
        "\u{1100}\u{1161}\u{11A8}", // decomposed Hangul (각), NFC'd before tokenising
        "مرحبا 你好 Привет",
    ] {
        let analysis = model.analyse(text).unwrap();
        assert_distribution(&analysis.probs, text);
        assert!(!analysis.sentences.is_empty(), "{text:?}");
        assert!(!predicted_labels(&analysis.probs, model.thresholds()).is_empty());
    }
    // NFC: decomposed and composed Hangul are the same input.
    assert_eq!(
        model.token_ids("\u{1100}\u{1161}\u{11A8}").unwrap(),
        model.token_ids("각").unwrap()
    );
}

#[test]
fn a_100k_character_entry_is_analysed_whole() {
    let mut model = common::load_model();
    let unit = "오늘은 아침부터 비가 왔다. I walked to work anyway and felt strangely calm! \
                점심에는 친구와 웃으면서 이야기했다ㅋㅋ 저녁에는 조금 외로웠다.\n";
    let mut text = String::new();
    while text.chars().count() < 100_000 {
        text.push_str(unit);
    }
    let chars = text.chars().count();
    assert!(chars >= 100_000);

    let sequences = model.whole_text_sequences(&text).unwrap();
    let max = model.meta().max_tokens;
    assert!(sequences.len() > 20, "{} chunks", sequences.len());
    assert!(sequences.iter().all(|s| s.len() <= max));
    // Nothing dropped: the chunks hold (almost exactly) every token of the whole text.
    let overhead = 5; // <s> ▁que ry : </s>
    let whole_body = model.token_ids(&text).unwrap().len() - overhead;
    let chunk_body: usize = sequences.iter().map(|s| s.len() - overhead).sum();
    let drift = (chunk_body as f64 - whole_body as f64).abs() / whole_body as f64;
    assert!(
        drift < 0.01,
        "chunks hold {chunk_body} tokens, text has {whole_body}"
    );

    let analysis = model.analyse(&text).unwrap();
    assert_distribution(&analysis.probs, "100k");
    assert_eq!(analysis.sentences.len(), 4 * text.matches(unit).count());
    assert_eq!(analysis.sentences.last().unwrap().end_char, chars - 1); // before the last '\n'
}

#[test]
fn one_over_long_sentence_is_cut_into_windows() {
    let mut model = common::load_model();
    let text = "and then we walked further along the river ".repeat(300); // ~2,700 tokens
    let sequences = model.whole_text_sequences(&text).unwrap();
    assert!(sequences.len() >= 5);
    let max = model.meta().max_tokens;
    for s in &sequences {
        assert!(s.len() <= max);
        assert_eq!(
            &s[..4],
            &sequences[0][..4],
            "every window starts <s> query:"
        );
        assert_eq!(s.last(), sequences[0].last());
    }
    let analysis = model.analyse(&text).unwrap();
    assert_eq!(analysis.sentences.len(), 1);
    assert_distribution(&analysis.sentences[0].probs, "long sentence");
}

#[test]
fn every_sentence_is_read_from_its_own_tokens_in_one_run() {
    let mut model = common::load_model();
    let text = "I woke up early and the house was quiet. The meeting went badly and I was angry \
                for an hour. At lunch my friend told me he is moving away. 오늘은 정말 피곤했다. \
                그래도 저녁에 엄마랑 통화해서 마음이 따뜻해졌다. Tonight I feel calm.";
    let haru_emotion::EntryTokens {
        ids,
        sentences: ranges,
    } = model.sentence_token_ranges(text).unwrap();
    assert_eq!(
        ids,
        model.token_ids(text).unwrap(),
        "same ids as the whole text"
    );
    assert_eq!(ranges.len(), 6);
    // Ranges are disjoint, in order, inside the text's tokens (after <s> query:, before </s>).
    let mut at = 4;
    for range in &ranges {
        let range = range.clone().expect("every sentence has tokens");
        assert!(range.start >= at && range.end > range.start, "{range:?}");
        at = range.end;
    }
    assert!(at < ids.len());

    let analysis = model.analyse(text).unwrap();
    assert_eq!(model.analyse(text).unwrap(), analysis, "deterministic");
    assert_eq!(analysis.sentences.len(), 6);
    for s in &analysis.sentences {
        assert_distribution(&s.probs, &s.text);
    }
    // The entry combines the whole-text reading of the same run with the sentences'.
    let sentence_probs: Vec<_> = analysis.sentences.iter().map(|s| s.probs).collect();
    assert!(max_abs_diff(&analysis.probs, &combine(&analysis.whole, &sentence_probs)) < 1e-6);
    // Sentences attend to themselves and the shared tokens only, so the entry's whole-text
    // reading is not the plain one (`analyse_batch`; it is less confident), but its two
    // strongest labels share one with the plain reading's three strongest.
    let plain = model.analyse_batch(&[text]).unwrap()[0];
    assert_ne!(analysis.whole, plain);
    let leading: Vec<&str> = top_labels(&analysis.whole, 2)
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    let plain_top: Vec<&str> = top_labels(&plain, 3).into_iter().map(|(l, _)| l).collect();
    assert!(
        leading.iter().any(|l| plain_top.contains(l)),
        "{leading:?} share nothing with {plain_top:?}"
    );
    // Sentences are read differently from each other (not all the entry's reading).
    let angry = &analysis.sentences[1].probs;
    let calm = &analysis.sentences[5].probs;
    assert!(max_abs_diff(angry, calm) > 0.1, "{angry:?} vs {calm:?}");
}

#[test]
fn a_one_sentence_entry_runs_once_with_the_same_numbers() {
    let mut model = common::load_model();
    let text = "I finally finished the project today and I'm so relieved!";
    let analysis = model.analyse(text).unwrap();
    assert_eq!(analysis.sentences.len(), 1);
    model.set_max_batch(1);
    let alone = model.analyse_batch(&[text]).unwrap()[0];
    assert!(max_abs_diff(&analysis.sentences[0].probs, &alone) < 1e-6);
    assert!(max_abs_diff(&analysis.probs, &alone) < 1e-6);
    // One sentence: its layout is the plain one, so the whole-text reading is the same too.
    assert!(max_abs_diff(&analysis.whole, &alone) < 1e-6);
}

#[test]
fn two_threads_agree_with_one() {
    let paths = common::model_paths();
    let mut one = EmotionModel::load(&paths, 1).unwrap();
    let mut two = EmotionModel::load(&paths, 2).unwrap();
    assert_eq!(two.threads(), 2);
    assert_eq!(EmotionModel::load(&paths, 0).unwrap().threads(), 1);
    let text = "I finally finished the project today. I'm so relieved!";
    let a = one.analyse(text).unwrap();
    let b = two.analyse(text).unwrap();
    assert!(max_abs_diff(&a.probs, &b.probs) < 1e-4);
}

// ---- damaged or missing model files ----

/// A temporary model folder: copies of the real files, which a test then damages.
fn copy_model(dir: &Path) -> ModelPaths {
    let real = common::model_paths();
    let paths = ModelPaths::in_dir(dir, &real.ort_lib);
    std::fs::copy(&real.model, &paths.model).unwrap();
    std::fs::copy(&real.meta, &paths.meta).unwrap();
    std::fs::copy(&real.tokenizer, &paths.tokenizer).unwrap();
    paths
}

fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut rng = haru_core::XorShift(seed);
    (0..len).map(|_| (rng.next_u64() >> 24) as u8).collect()
}

fn load_err(paths: &ModelPaths) -> EmotionError {
    let err = EmotionModel::load(paths, 1).expect_err("loading must fail");
    assert_eq!(err.code(), haru_core::ErrorCode::ModelUnavailable, "{err}");
    err
}

fn assert_names(err: &EmotionError, path: &Path) {
    let text = err.to_string();
    assert!(text.contains(&path.display().to_string()), "{text}");
    assert_eq!(err.path(), Some(path));
}

fn without_hash(meta: &Path) {
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(meta).unwrap()).unwrap();
    json.as_object_mut().unwrap().remove("sha256");
    std::fs::write(meta, serde_json::to_vec(&json).unwrap()).unwrap();
}

#[test]
fn the_copied_model_loads() {
    let dir = tempfile::tempdir().unwrap();
    let paths = copy_model(dir.path());
    EmotionModel::load(&paths, 1).unwrap();
}

#[test]
fn missing_model_file() {
    let dir = tempfile::tempdir().unwrap();
    let paths = copy_model(dir.path());
    std::fs::remove_file(&paths.model).unwrap();
    let err = load_err(&paths);
    assert!(matches!(err, EmotionError::ModelMissing { .. }), "{err}");
    assert_names(&err, &paths.model);
    assert!(
        err.to_string().contains("HARU_MODEL_DIR"),
        "says what to do: {err}"
    );
}

#[test]
fn missing_tokenizer_and_description() {
    let dir = tempfile::tempdir().unwrap();
    let paths = copy_model(dir.path());
    std::fs::remove_file(&paths.tokenizer).unwrap();
    assert_names(&load_err(&paths), &paths.tokenizer);
    std::fs::remove_file(&paths.meta).unwrap();
    assert_names(&load_err(&paths), &paths.meta);
}

#[test]
fn corrupt_model_is_caught_by_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let paths = copy_model(dir.path());
    std::fs::write(&paths.model, random_bytes(1 << 20, 7)).unwrap();
    let err = load_err(&paths);
    assert!(matches!(err, EmotionError::ModelCorrupt { .. }), "{err}");
    assert!(err.to_string().contains("SHA-256"), "{err}");
    assert_names(&err, &paths.model);
}

#[test]
fn corrupt_model_without_a_hash_is_caught_by_onnx_runtime() {
    let dir = tempfile::tempdir().unwrap();
    let paths = copy_model(dir.path());
    without_hash(&paths.meta);
    for (name, bytes) in [
        ("random", random_bytes(1 << 20, 11)),
        ("truncated", {
            let real = std::fs::read(&paths.model).unwrap();
            real[..real.len() / 2].to_vec()
        }),
        ("empty", Vec::new()),
    ] {
        std::fs::write(&paths.model, &bytes).unwrap();
        let err = load_err(&paths);
        assert!(
            matches!(err, EmotionError::ModelCorrupt { .. }),
            "{name}: {err}"
        );
        assert_names(&err, &paths.model);
    }
}

#[test]
fn invalid_tokenizer_and_description() {
    let dir = tempfile::tempdir().unwrap();
    let paths = copy_model(dir.path());
    std::fs::write(&paths.tokenizer, b"{\"version\": \"1.0\", \"model\": 42}").unwrap();
    let err = load_err(&paths);
    assert!(
        matches!(err, EmotionError::TokenizerInvalid { .. }),
        "{err}"
    );
    assert_names(&err, &paths.tokenizer);
    std::fs::write(&paths.tokenizer, random_bytes(5000, 3)).unwrap();
    assert!(matches!(
        load_err(&paths),
        EmotionError::TokenizerInvalid { .. }
    ));

    std::fs::write(&paths.meta, b"{\"model_id\": \"x\"}").unwrap();
    let err = load_err(&paths);
    assert!(matches!(err, EmotionError::MetaInvalid { .. }), "{err}");
    assert_names(&err, &paths.meta);
}

#[test]
fn a_second_runtime_library_is_refused_clearly() {
    let real = common::load_model(); // the real library is loaded in this process
    drop(real);
    let dir = tempfile::tempdir().unwrap();
    let mut paths = copy_model(dir.path());
    let other = dir.path().join(haru_emotion::paths::ORT_LIB_NAME);
    std::fs::copy(&paths.ort_lib, &other).unwrap();
    paths.ort_lib = other.clone();
    let err = load_err(&paths);
    assert!(
        matches!(err, EmotionError::OrtLibraryConflict { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("restart"), "{err}");
    assert_eq!(
        haru_emotion::loaded_library().unwrap(),
        common::model_paths().ort_lib.canonicalize().unwrap()
    );
}
