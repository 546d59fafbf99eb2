//! A missing, damaged, foreign or wrong-version ONNX Runtime library is an error naming the
//! file, never a panic or a crash.
//!
//! ONNX Runtime can be loaded only once per process, so this test binary never loads a real
//! one: every test here must fail to load. (The CLI tests cover the cases that get further,
//! each in its own process.) The fake libraries are compiled with the system C compiler, which
//! `make setup` installs (`build-essential`).

#[cfg(unix)]
#[path = "support/c_library.rs"]
mod c_library;

use std::path::Path;

#[cfg(unix)]
use c_library::{compile, fake_onnx_runtime};
use haru_emotion::{EmotionError, EmotionModel, ModelPaths};

/// The real model files (they are checked before the library) with another library.
fn paths_with_library(lib: &Path) -> ModelPaths {
    let real = ModelPaths::locate();
    assert!(
        real.model.is_file() && real.meta.is_file() && real.tokenizer.is_file(),
        "this test needs the model files under {}: they are committed under models/",
        real.model.parent().unwrap().display()
    );
    ModelPaths {
        ort_lib: lib.to_path_buf(),
        ..real
    }
}

fn load_err(lib: &Path) -> EmotionError {
    let err = EmotionModel::load(&paths_with_library(lib), 1).expect_err("must not load");
    assert_eq!(err.code(), haru_core::ErrorCode::ModelUnavailable);
    let text = err.to_string();
    assert!(
        text.contains(&lib.display().to_string()),
        "names the file: {text}"
    );
    assert!(text.contains("HARU_ORT_LIB"), "says what to do: {text}");
    assert!(haru_emotion::loaded_library().is_none());
    err
}

#[test]
fn missing_library() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("libonnxruntime.so.1.31.1");
    let err = load_err(&lib);
    assert!(
        matches!(err, EmotionError::OrtLibraryMissing { .. }),
        "{err}"
    );
}

#[test]
fn random_empty_and_directory_libraries() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("libonnxruntime.so.1.31.1");
    let bytes: Vec<u8> = (0..100_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    for content in [bytes.as_slice(), b"", b"\x7fEL"] {
        std::fs::write(&lib, content).unwrap();
        let err = load_err(&lib);
        assert!(
            matches!(err, EmotionError::OrtLibraryCorrupt { .. }),
            "{err}"
        );
    }
    // An ELF header followed by garbage gets past our check and is refused by the loader.
    let mut elf = b"\x7fELF\x02\x01\x01\x00".to_vec();
    elf.extend_from_slice(&bytes);
    std::fs::write(&lib, &elf).unwrap();
    let err = load_err(&lib);
    assert!(
        matches!(err, EmotionError::OrtLibraryCorrupt { .. }),
        "{err}"
    );

    let err = load_err(dir.path());
    assert!(
        matches!(err, EmotionError::OrtLibraryCorrupt { .. }),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_library_that_is_not_onnx_runtime() {
    let dir = tempfile::tempdir().unwrap();
    let lib = compile(
        dir.path(),
        "libnotort.so",
        "int haru_not_ort(void) { return 42; }\n",
    );
    let err = load_err(&lib);
    assert!(
        matches!(err, EmotionError::OrtLibraryCorrupt { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("OrtGetApiBase"), "{err}");
}

#[cfg(unix)]
#[test]
fn an_old_onnx_runtime() {
    let dir = tempfile::tempdir().unwrap();
    let lib = fake_onnx_runtime(dir.path(), "liboldort.so", "1.20.1");
    let err = load_err(&lib);
    match &err {
        EmotionError::OrtLibraryWrongVersion { found, .. } => assert_eq!(found, "1.20.1"),
        other => panic!("expected a version error, got {other}"),
    }
    assert!(err.to_string().contains("1.31"), "{err}");
}
