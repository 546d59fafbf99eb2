//! Where the model files and the ONNX Runtime library are.
//!
//! Why it exists: the same crate runs from a source checkout (`cargo test`, `cargo run`), from
//! an installed package (`/usr/bin/haru` with its files in `/usr/lib/Haru/`), from a package
//! unpacked anywhere, and from the app. [`ModelPaths::locate`] tries these in a fixed,
//! documented order, and never downloads anything.
//!
//! Order, for the model folder (`haru-emotion.onnx`, `haru-emotion.json`, `tokenizer.json`):
//! 1. an explicit folder (`--model-dir`), else `$HARU_MODEL_DIR` — used as given, even when
//!    files are missing there (so that the error names the folder the user chose);
//! 2. the bundle folders beside the executable, then (development builds only) the checkout's
//!    `models/`: see `haru_bundle` for the layouts.
//!
//! For the ONNX Runtime library ([`ORT_LIB_NAME`]): an explicit path, `$HARU_ORT_LIB`,
//! `$ORT_DYLIB_PATH`; then the bundle folders; then (development builds only) the checkout's
//! `.setup/onnxruntime/` (made by `make setup`).
//!
//! The first bundle folder that holds the files wins; when none does, the place this build
//! expects them is returned (the checkout in development, `/usr/lib/Haru/…` when installed), so
//! the error names a real, expected location.

use std::path::{Path, PathBuf};

use haru_bundle::{clean, Bundled};

/// The ONNX Runtime version the `ort` crate (feature `api-31`) is built for.
pub const ORT_VERSION: &str = "1.31.1";

/// File name of the ONNX Runtime shared library on this platform.
#[cfg(target_os = "linux")]
pub const ORT_LIB_NAME: &str = "libonnxruntime.so.1.31.1";
#[cfg(target_os = "macos")]
pub const ORT_LIB_NAME: &str = "libonnxruntime.1.31.1.dylib";
#[cfg(target_os = "windows")]
pub const ORT_LIB_NAME: &str = "onnxruntime.dll";
#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
pub const ORT_LIB_NAME: &str = "libonnxruntime.so";

pub const MODEL_FILE: &str = "haru-emotion.onnx";
pub const META_FILE: &str = "haru-emotion.json";
pub const TOKENIZER_FILE: &str = "tokenizer.json";

/// The four files the emotion model needs, as explicit paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelPaths {
    /// `haru-emotion.onnx`
    pub model: PathBuf,
    /// `haru-emotion.json`: labels, thresholds, prefix, max tokens, hash.
    pub meta: PathBuf,
    /// `tokenizer.json`
    pub tokenizer: PathBuf,
    /// The ONNX Runtime shared library.
    pub ort_lib: PathBuf,
}

impl ModelPaths {
    /// The standard file names inside `model_dir`, with the given library.
    pub fn in_dir(model_dir: &Path, ort_lib: &Path) -> Self {
        ModelPaths {
            model: model_dir.join(MODEL_FILE),
            meta: model_dir.join(META_FILE),
            tokenizer: model_dir.join(TOKENIZER_FILE),
            ort_lib: ort_lib.to_path_buf(),
        }
    }

    /// Finds the files with the environment and the running executable (see the module docs).
    pub fn locate() -> Self {
        Self::locate_with(None, None)
    }

    /// Like [`ModelPaths::locate`], with explicit overrides (e.g. `--model-dir`) taking
    /// precedence over the environment.
    pub fn locate_with(model_dir: Option<&Path>, ort_lib: Option<&Path>) -> Self {
        let env = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let model_dir = model_dir
            .map(Path::to_path_buf)
            .or_else(|| env("HARU_MODEL_DIR"))
            .unwrap_or_else(|| {
                haru_bundle::locate(Bundled::Models, |dir| dir.join(META_FILE).is_file())
                    .unwrap_or_else(|expected| expected)
            });
        let ort_lib = ort_lib
            .map(Path::to_path_buf)
            .or_else(|| env("HARU_ORT_LIB"))
            .or_else(|| env("ORT_DYLIB_PATH"))
            .unwrap_or_else(|| {
                haru_bundle::locate(Bundled::OrtLibrary(ORT_LIB_NAME), Path::is_file)
                    .unwrap_or_else(|expected| expected)
            });
        ModelPaths::in_dir(&clean(&model_dir), &clean(&ort_lib))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_dir_uses_the_standard_names() {
        let p = ModelPaths::in_dir(Path::new("/m"), Path::new("/l/libort.so"));
        assert_eq!(p.model, Path::new("/m/haru-emotion.onnx"));
        assert_eq!(p.meta, Path::new("/m/haru-emotion.json"));
        assert_eq!(p.tokenizer, Path::new("/m/tokenizer.json"));
        assert_eq!(p.ort_lib, Path::new("/l/libort.so"));
    }

    #[test]
    fn explicit_paths_win_and_are_kept_even_when_missing() {
        let dir = tempfile::tempdir().unwrap();
        let p = ModelPaths::locate_with(Some(dir.path()), Some(&dir.path().join("nope.so")));
        let real = dir.path().canonicalize().unwrap();
        assert_eq!(p.model, real.join(MODEL_FILE));
        assert_eq!(p.ort_lib, real.join("nope.so"));
    }

    #[test]
    fn a_development_build_finds_the_checkout_model() {
        let found = ModelPaths::locate_with(None, Some(Path::new("/l/libort.so")));
        let root = haru_bundle::source_root().expect("tests are development builds");
        if std::env::var_os("HARU_MODEL_DIR").is_none() {
            assert!(found.meta.is_file(), "{}", found.meta.display());
            assert!(!found.meta.to_string_lossy().contains(".."));
            assert!(found.meta.starts_with(root), "{}", found.meta.display());
        }
    }
}
