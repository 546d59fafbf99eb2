//! `haru analyze` as a user runs it: the JSON Lines contract, the summary, and clear errors for
//! bad input and for missing or damaged model files and ONNX Runtime libraries. Each case is
//! its own process, so libraries that must fail to load never meet one that loaded.
//!
//! These tests need the real model (committed under `models/`) and ONNX Runtime (`make setup`);
//! they fail with a message saying so when the files are missing.

#[cfg(unix)]
#[path = "../../haru-emotion/tests/support/c_library.rs"]
mod c_library;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The output contract's label order, spelled out here on purpose: the maintainers score the
/// model through this order, so the test must not follow the implementation if it drifts.
const LABELS: [&str; 28] = [
    "admiration",
    "amusement",
    "anger",
    "annoyance",
    "approval",
    "caring",
    "confusion",
    "curiosity",
    "desire",
    "disappointment",
    "disapproval",
    "disgust",
    "embarrassment",
    "excitement",
    "fear",
    "gratitude",
    "grief",
    "joy",
    "love",
    "nervousness",
    "optimism",
    "pride",
    "realization",
    "relief",
    "remorse",
    "sadness",
    "surprise",
    "neutral",
];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

fn model_dir() -> PathBuf {
    let dir = repo_root().join("models");
    for name in ["haru-emotion.onnx", "haru-emotion.json", "tokenizer.json"] {
        assert!(
            dir.join(name).is_file(),
            "this test needs {}: the model files are committed under models/",
            dir.join(name).display()
        );
    }
    dir
}

fn ort_lib() -> PathBuf {
    let lib = repo_root().join(".setup/onnxruntime/libonnxruntime.so.1.31.1");
    if cfg!(target_os = "linux") {
        assert!(
            lib.is_file(),
            "this test needs ONNX Runtime at {}: run `make setup`",
            lib.display()
        );
    }
    lib
}

/// `haru analyze …` with the repository's model and runtime, and a clean environment.
fn analyze(args: &[&str]) -> Output {
    analyze_with(args, &[])
}

fn analyze_with(args: &[&str], env: &[(&str, &Path)]) -> Output {
    run_as("analyze", args, env)
}

/// `haru <command> …` (`analyze`, or `analyse`: the same command) with a clean environment.
fn run_as(command: &str, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_haru"));
    cmd.arg(command)
        .args(args)
        .env_remove("HARU_MODEL_DIR")
        .env_remove("HARU_ORT_LIB")
        .env_remove("ORT_DYLIB_PATH")
        .env(
            "HARU_DATA_DIR",
            std::env::temp_dir().join("haru-cli-analyze-never-used"),
        );
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run haru")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Runs `--input` over `content` and returns the output lines.
fn run_jsonl(dir: &Path, content: &[u8], extra: &[&str]) -> Vec<String> {
    let input = dir.join("in.txt");
    let output = dir.join("out.jsonl");
    std::fs::write(&input, content).unwrap();
    let mut args = vec![
        "--input",
        input.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = analyze(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&output).unwrap();
    assert!(text.is_empty() || text.ends_with('\n'));
    text.lines().map(str::to_string).collect()
}

/// Checks one output object and returns its probabilities.
fn check_object(line: &str) -> (Vec<f64>, Vec<String>) {
    let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
    let object = value.as_object().unwrap();
    assert_eq!(object.len(), 2, "{line}");
    // All 28 labels, in label order (checked on the text: JSON maps do not keep order).
    let mut at = 0;
    for label in LABELS {
        let key = format!("\"{label}\":");
        let found = line[at..]
            .find(&key)
            .unwrap_or_else(|| panic!("{label} in order: {line}"));
        at += found + key.len();
    }
    let probs: Vec<f64> = LABELS
        .iter()
        .map(|l| value["probs"][l].as_f64().expect("a number"))
        .collect();
    assert_eq!(value["probs"].as_object().unwrap().len(), 28);
    assert!(probs.iter().all(|p| (0.0..=1.0).contains(p)));
    let labels: Vec<String> = value["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect();
    assert!(!labels.is_empty(), "labels are never empty: {line}");
    assert!(labels.iter().all(|l| LABELS.contains(&l.as_str())));
    (probs, labels)
}

#[test]
fn jsonl_has_one_object_per_line_in_order() {
    model_dir();
    let dir = tempfile::tempdir().unwrap();
    let content = "Thank you so much for the lovely present!\n\
                   \n\
                   오늘 너무 행복했다!\r\n\
                   😂😂😂\n\
                   \t \n\
                   My grandmother died last night and I can't stop crying.\n";
    let lines = run_jsonl(dir.path(), content.as_bytes(), &[]);
    assert_eq!(lines.len(), 6, "one object per input line");
    let parsed: Vec<_> = lines.iter().map(|l| check_object(l)).collect();
    assert!(
        parsed[0].1.contains(&"gratitude".to_string()),
        "{:?}",
        parsed[0].1
    );
    assert!(
        parsed[5].1.contains(&"sadness".to_string()),
        "{:?}",
        parsed[5].1
    );
    // Empty and blank lines are empty texts: the same object.
    assert_eq!(lines[1], lines[4]);
    // No trailing newline: still one object per line; a file without lines gives an empty file.
    assert_eq!(run_jsonl(dir.path(), b"a\nb", &[]).len(), 2);
    assert!(run_jsonl(dir.path(), b"", &[]).is_empty());
}

#[test]
fn batch_size_one_matches_each_line_alone() {
    model_dir();
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        "I finally finished the project today.",
        "내일 면접인데 너무 긴장돼…",
        "ok",
    ];
    let together = run_jsonl(
        dir.path(),
        texts.join("\n").as_bytes(),
        &["--batch-size", "1"],
    );
    for (text, line) in texts.iter().zip(&together) {
        let alone = run_jsonl(dir.path(), text.as_bytes(), &["--batch-size", "1"]);
        assert_eq!(&alone[0], line, "{text}");
    }
    // Batched (the default) stays close.
    let batched = run_jsonl(dir.path(), texts.join("\n").as_bytes(), &["--threads", "2"]);
    for (a, b) in together.iter().zip(&batched) {
        let (pa, _) = check_object(a);
        let (pb, _) = check_object(b);
        let worst = pa
            .iter()
            .zip(&pb)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max);
        assert!(worst < 0.25, "{worst}");
    }
}

#[test]
fn non_utf8_input_names_the_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.txt");
    let output = dir.path().join("out.jsonl");
    std::fs::write(&input, b"fine\nalso fine\nbad \xff\xfe here\nfine\n").unwrap();
    let run = || {
        analyze(&[
            "--input",
            input.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ])
    };
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("line 3") && err.contains("not UTF-8"), "{err}");
    assert!(err.contains("in.txt"), "{err}");
    assert!(err.contains("[invalid_input]"), "{err}");
    assert!(!output.exists(), "no partial output");
    // An existing output file is left as it was.
    std::fs::write(&output, "previous\n").unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "previous\n");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temporary files left"
    );
}

#[test]
fn progress_is_reported_for_long_inputs() {
    model_dir();
    let dir = tempfile::tempdir().unwrap();
    let content: String = (0..240)
        .map(|i| format!("line {i} was a good day\n"))
        .collect();
    let input = dir.path().join("in.txt");
    let output = dir.path().join("out.jsonl");
    std::fs::write(&input, content).unwrap();
    let out = analyze(&[
        "--input",
        input.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("240/240 lines"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&output).unwrap().lines().count(),
        240
    );
    // Short inputs stay quiet when stderr is not a terminal.
    let short = run_jsonl(dir.path(), b"one\ntwo\n", &[]);
    assert_eq!(short.len(), 2);
}

#[test]
fn text_prints_a_readable_summary() {
    model_dir();
    let out = analyze(&[
        "--text",
        "오늘 친구랑 싸워서 속상했다. 그래도 저녁에 화해했다ㅎㅎ\nThanks to her, I feel better now!",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Emotions (3 sentences"), "{text}");
    assert!(text.contains('█') && text.contains('%'), "{text}");
    assert!(text.contains("Predicted: "), "{text}");
    assert!(
        text.contains("3. Thanks to her, I feel better now!"),
        "{text}"
    );
    assert!(text.contains("→ gratitude"), "{text}");

    let out = analyze(&["--text", ""]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Emotions (0 sentences"));

    // `haru analyse`, the spelling of the rest of Haru, is the same command.
    let british = run_as("analyse", &["--text", ""], &[]);
    assert!(british.status.success(), "{}", stderr(&british));
    assert_eq!(stdout(&british), stdout(&out));
}

#[test]
fn usage_errors() {
    let out = analyze(&["--input", "x.txt"]);
    assert_eq!(out.status.code(), Some(2), "--input needs --output");
    let out = analyze(&[]);
    assert_eq!(out.status.code(), Some(2));
    let out = analyze(&["--text", "a", "--input", "x", "--output", "y"]);
    assert_eq!(out.status.code(), Some(2));
    let out = analyze(&["--text", "a", "--threads", "0"]);
    assert_eq!(out.status.code(), Some(2));
}

// ---- missing or damaged files: errors that name the file, exit 1, never a panic ----

fn assert_clean_failure(out: &Output, names: &Path) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("haru: error [model_unavailable]: "),
        "{err}"
    );
    assert!(
        err.contains(&names.display().to_string()),
        "names {}: {err}",
        names.display()
    );
    assert!(!err.contains("RUST_BACKTRACE"), "a panic escaped: {err}");
    err
}

fn copy_model(dir: &Path) {
    for name in ["haru-emotion.onnx", "haru-emotion.json", "tokenizer.json"] {
        std::fs::copy(model_dir().join(name), dir.join(name)).unwrap();
    }
}

#[test]
fn missing_model_folder_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = analyze(&["--text", "hi", "--model-dir", dir.path().to_str().unwrap()]);
    let err = assert_clean_failure(&out, &dir.path().join("haru-emotion.json"));
    assert!(err.contains("HARU_MODEL_DIR"), "says what to do: {err}");

    // The same through the environment.
    copy_model(dir.path());
    std::fs::remove_file(dir.path().join("haru-emotion.onnx")).unwrap();
    let out = analyze_with(&["--text", "hi"], &[("HARU_MODEL_DIR", dir.path())]);
    assert_clean_failure(&out, &dir.path().join("haru-emotion.onnx"));
}

#[test]
fn corrupt_model_file() {
    let dir = tempfile::tempdir().unwrap();
    copy_model(dir.path());
    let model = dir.path().join("haru-emotion.onnx");
    let bytes: Vec<u8> = (0..500_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 11) as u8)
        .collect();
    std::fs::write(&model, bytes).unwrap();
    let out = analyze(&["--text", "hi", "--model-dir", dir.path().to_str().unwrap()]);
    let err = assert_clean_failure(&out, &model);
    assert!(err.contains("damaged"), "{err}");
}

#[test]
fn missing_and_corrupt_onnx_runtime_library() {
    ort_lib();
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("libonnxruntime.so.1.31.1");
    let out = analyze(&["--text", "hi", "--ort-lib", lib.to_str().unwrap()]);
    let err = assert_clean_failure(&out, &lib);
    assert!(
        err.contains("missing") && err.contains("HARU_ORT_LIB"),
        "{err}"
    );

    let bytes: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2246822519) >> 9) as u8)
        .collect();
    std::fs::write(&lib, &bytes).unwrap();
    let out = analyze_with(&["--text", "hi"], &[("HARU_ORT_LIB", &lib)]);
    assert_clean_failure(&out, &lib);

    // ORT_DYLIB_PATH (ort's own variable) is honoured too; ELF magic + garbage reaches dlopen.
    let mut elf = b"\x7fELF\x02\x01\x01\x00".to_vec();
    elf.extend_from_slice(&bytes);
    std::fs::write(&lib, &elf).unwrap();
    let out = analyze_with(&["--text", "hi"], &[("ORT_DYLIB_PATH", &lib)]);
    let err = assert_clean_failure(&out, &lib);
    assert!(err.contains("damaged"), "{err}");
}

/// A library that claims to be a newer ONNX Runtime but hands out no API: `ort` panics inside;
/// the CLI must still end with a clear error.
#[cfg(unix)]
#[test]
fn a_library_that_makes_ort_panic_is_a_clean_error() {
    model_dir();
    let dir = tempfile::tempdir().unwrap();
    let lib = c_library::fake_onnx_runtime(dir.path(), "libonnxruntime.so.1.99.0", "1.99.0");
    let out = analyze(&["--text", "hi", "--ort-lib", lib.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("haru: error [model_unavailable]: "), "{err}");
    assert!(err.contains(&lib.display().to_string()), "{err}");
}
