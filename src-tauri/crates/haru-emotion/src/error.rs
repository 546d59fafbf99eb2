//! What can go wrong when loading or running the emotion model, in words a user can act on.
//!
//! Why it exists: the model, its tokenizer and the ONNX Runtime library are separate files that
//! a user (or a packager) can lose, damage or mix up. Each failure names the file and says what
//! to do; [`EmotionError::code`] maps it onto the app-wide [`haru_core::ErrorCode`] so the UI can
//! show "analysis unavailable" instead of an error screen.

use std::path::{Path, PathBuf};

use haru_core::{AppError, ErrorCode};

/// What to do when a shipped file is missing or damaged.
pub(crate) const FIX_FILES: &str = "reinstall Haru, or point HARU_MODEL_DIR at a folder with \
haru-emotion.onnx, haru-emotion.json and tokenizer.json (in a source checkout: the files are \
committed under models/)";
/// What to do when the ONNX Runtime library is missing or damaged.
pub(crate) const FIX_ORT: &str = "reinstall Haru, or set HARU_ORT_LIB to an ONNX Runtime 1.31 \
shared library (in a source checkout: run `make setup`)";

#[derive(Debug, thiserror::Error)]
pub enum EmotionError {
    #[error("emotion model file {path} is missing: {FIX_FILES}")]
    ModelMissing { path: PathBuf },

    #[error("emotion model file {path} is damaged ({reason}): {FIX_FILES}")]
    ModelCorrupt { path: PathBuf, reason: String },

    #[error("model description {path} is invalid ({reason}): {FIX_FILES}")]
    MetaInvalid { path: PathBuf, reason: String },

    #[error("tokenizer file {path} is invalid ({reason}): {FIX_FILES}")]
    TokenizerInvalid { path: PathBuf, reason: String },

    #[error("ONNX Runtime library {path} is missing: {FIX_ORT}")]
    OrtLibraryMissing { path: PathBuf },

    #[error("ONNX Runtime library {path} is damaged or not ONNX Runtime ({reason}): {FIX_ORT}")]
    OrtLibraryCorrupt { path: PathBuf, reason: String },

    #[error(
        "ONNX Runtime library {path} has the wrong version ({found}; Haru needs {expected}): {FIX_ORT}"
    )]
    OrtLibraryWrongVersion {
        path: PathBuf,
        found: String,
        expected: String,
    },

    #[error(
        "ONNX Runtime was already loaded from {loaded} in this process; {requested} cannot be \
         loaded as well: restart Haru to use another library"
    )]
    OrtLibraryConflict { loaded: PathBuf, requested: PathBuf },

    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("emotion analysis failed: {0}")]
    Inference(String),
}

impl EmotionError {
    /// The app-wide code: every loading problem is `model_unavailable` (the diary itself works
    /// without the model); a failed run of a loaded model is `internal`.
    pub fn code(&self) -> ErrorCode {
        match self {
            EmotionError::Inference(_) => ErrorCode::Internal,
            _ => ErrorCode::ModelUnavailable,
        }
    }

    /// The file the error is about, when there is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            EmotionError::ModelMissing { path }
            | EmotionError::ModelCorrupt { path, .. }
            | EmotionError::MetaInvalid { path, .. }
            | EmotionError::TokenizerInvalid { path, .. }
            | EmotionError::OrtLibraryMissing { path }
            | EmotionError::OrtLibraryCorrupt { path, .. }
            | EmotionError::OrtLibraryWrongVersion { path, .. }
            | EmotionError::Io { path, .. } => Some(path),
            EmotionError::OrtLibraryConflict { requested, .. } => Some(requested),
            EmotionError::Inference(_) => None,
        }
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::NotFound {
            return EmotionError::ModelMissing {
                path: path.to_path_buf(),
            };
        }
        EmotionError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<EmotionError> for AppError {
    fn from(err: EmotionError) -> Self {
        AppError::new(err.code(), err.to_string())
    }
}

pub type Result<T, E = EmotionError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_and_the_fix() {
        let err = EmotionError::ModelMissing {
            path: PathBuf::from("/x/haru-emotion.onnx"),
        };
        let text = err.to_string();
        assert!(text.contains("/x/haru-emotion.onnx"), "{text}");
        assert!(text.contains("HARU_MODEL_DIR"), "{text}");
        assert_eq!(err.code(), ErrorCode::ModelUnavailable);

        let err = EmotionError::OrtLibraryWrongVersion {
            path: PathBuf::from("/lib/libonnxruntime.so.1.20.0"),
            found: "1.20.0".into(),
            expected: "1.31".into(),
        };
        assert!(err.to_string().contains("1.20.0"));
        assert!(err.to_string().contains("HARU_ORT_LIB"));
        let app: AppError = err.into();
        assert_eq!(app.code, ErrorCode::ModelUnavailable);

        assert_eq!(
            EmotionError::Inference("x".into()).code(),
            ErrorCode::Internal
        );
    }
}
