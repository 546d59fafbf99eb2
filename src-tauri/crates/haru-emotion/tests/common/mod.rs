//! Shared by the integration tests that need the real model: find the files or fail loudly.
//!
//! These tests run in `make test`, where the model files are committed under `models/` and
//! `make setup` has put ONNX Runtime under `.setup/onnxruntime/`. They never skip: a missing
//! file fails the test with a message saying how to get it.

#![allow(dead_code)]

use std::path::PathBuf;

use haru_emotion::{EmotionModel, ModelPaths};

pub fn model_paths() -> ModelPaths {
    let paths = ModelPaths::locate();
    for (what, path, fix) in [
        (
            "model",
            &paths.model,
            "the model files are committed under models/",
        ),
        (
            "model description",
            &paths.meta,
            "the model files are committed under models/",
        ),
        (
            "tokenizer",
            &paths.tokenizer,
            "the model files are committed under models/",
        ),
        (
            "ONNX Runtime library",
            &paths.ort_lib,
            "run `make setup` (or set HARU_ORT_LIB)",
        ),
    ] {
        assert!(
            path.is_file(),
            "this test needs the {what} at {}: {fix}",
            path.display()
        );
    }
    paths
}

pub fn load_model() -> EmotionModel {
    EmotionModel::load(&model_paths(), 1).unwrap_or_else(|err| panic!("loading the model: {err}"))
}

pub fn models_dir() -> PathBuf {
    model_paths().model.parent().unwrap().to_path_buf()
}

/// The largest difference between two distributions, label by label.
pub fn max_abs_diff(a: &[f32], b: &[f32]) -> f32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}
