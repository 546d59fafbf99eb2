//! Where the model files and the ONNX Runtime library are.
//!
//! Why it exists: the same crate runs from a source checkout (`cargo test`, `cargo run`), from
//! an installed package (`/usr/bin/haru` with files in `/usr/lib/haru/`), from a folder copied
//! next to the binary, and from the app (which knows its resource folder and passes explicit
//! paths). [`ModelPaths::locate`] tries these in a fixed, documented order, and never downloads
//! anything.
//!
//! Order, for the model folder (`haru-emotion.onnx`, `haru-emotion.json`, `tokenizer.json`):
//! 1. an explicit folder (`--model-dir`), else `$HARU_MODEL_DIR` — used as given, even when
//!    files are missing there (so that the error names the folder the user chose);
//! 2. `<exe dir>/models/`, then `<exe dir>/../lib/haru/models/` (packages);
//! 3. the repository's `models/`, as known at compile time.
//!
//! For the ONNX Runtime library ([`ORT_LIB_NAME`]): an explicit path, `$HARU_ORT_LIB`,
//! `$ORT_DYLIB_PATH`; then `<exe dir>/`, `<exe dir>/../lib/haru/`; then the repository's
//! `.setup/onnxruntime/` (made by `make setup`).
//!
//! Among the candidates of steps 2–3 the first that holds the files wins; when none does, the
//! last one (the repository path) is returned so the error names a real, expected location.

use std::path::{Path, PathBuf};

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

/// The repository's `models/` folder, as known at compile time.
pub const REPO_MODEL_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../models");
/// The repository's ONNX Runtime folder (`make setup` puts the library there).
pub const REPO_ORT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../.setup/onnxruntime");

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
        let exe_dir = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(Path::to_path_buf));

        let model_dir = model_dir
            .map(Path::to_path_buf)
            .or_else(|| env("HARU_MODEL_DIR"))
            .unwrap_or_else(|| {
                let mut candidates = Vec::new();
                if let Some(dir) = &exe_dir {
                    candidates.push(dir.join("models"));
                    candidates.push(dir.join("../lib/haru/models"));
                }
                candidates.push(PathBuf::from(REPO_MODEL_DIR));
                first_existing(&candidates, |dir| dir.join(META_FILE).is_file())
            });

        let ort_lib = ort_lib
            .map(Path::to_path_buf)
            .or_else(|| env("HARU_ORT_LIB"))
            .or_else(|| env("ORT_DYLIB_PATH"))
            .unwrap_or_else(|| {
                let mut candidates = Vec::new();
                if let Some(dir) = &exe_dir {
                    candidates.push(dir.join(ORT_LIB_NAME));
                    candidates.push(dir.join("../lib/haru").join(ORT_LIB_NAME));
                }
                candidates.push(Path::new(REPO_ORT_DIR).join(ORT_LIB_NAME));
                first_existing(&candidates, |path| path.is_file())
            });

        ModelPaths::in_dir(&clean(&model_dir), &clean(&ort_lib))
    }
}

fn first_existing(candidates: &[PathBuf], ok: impl Fn(&Path) -> bool) -> PathBuf {
    candidates
        .iter()
        .find(|c| ok(c))
        .or(candidates.last())
        .cloned()
        .unwrap_or_default()
}

/// Resolves `..` where the path exists, so messages show `/repo/models`, not
/// `/repo/src-tauri/crates/haru-emotion/../../../models`.
fn clean(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    // A missing file: canonicalise the parent, keep the name.
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => match parent.canonicalize() {
            Ok(real) => real.join(name),
            Err(_) => path.to_path_buf(),
        },
        _ => path.to_path_buf(),
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
    fn repository_paths_are_the_fallback() {
        let repo_models = clean(Path::new(REPO_MODEL_DIR));
        assert!(repo_models.ends_with("models"), "{}", repo_models.display());
        assert!(!repo_models.to_string_lossy().contains(".."));
    }

    #[test]
    fn first_existing_prefers_the_first_match_then_the_last_candidate() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::fs::create_dir(&b).unwrap();
        assert_eq!(first_existing(&[a.clone(), b.clone()], |p| p.is_dir()), b);
        assert_eq!(first_existing(&[b.clone(), a.clone()], |p| p.is_file()), a);
    }
}
