//! Errors as the user interface sees them: a stable machine-readable code plus a message.
//!
//! Each crate keeps its own `thiserror` enum and converts it into [`AppError`] at the
//! boundary, so the UI can branch on `code` and show `message` without parsing strings.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Stable error codes shared with the UI. Never rename a variant: the UI branches on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    EmptyEntry,
    NotFound,
    InvalidDate,
    InvalidInput,
    DatabaseCorrupt,
    SchemaTooNew,
    DiskFull,
    Io,
    /// The emotion model (or the ONNX Runtime library) is missing or damaged: the diary works,
    /// analysis does not.
    ModelUnavailable,
    Internal,
    /// The diary is encrypted and not unlocked yet (ask for the passphrase).
    Locked,
    /// The passphrase or recovery key does not open the diary; nothing was changed.
    WrongPassphrase,
    /// Another Haru program holds the diary (an encrypt, decrypt, passphrase change or restore
    /// in progress, or a diary open elsewhere when one of those is asked for): nothing was
    /// changed, try again.
    Busy,
    /// The diary (or a backup) is encrypted, but its key file `haru.key` is missing or damaged
    /// and no intact copy of it was found: nothing was changed; put the key file back.
    KeyMissing,
    /// The data folder or the diary file cannot be written (read-only): reading works, a
    /// change was refused and nothing was changed.
    ReadOnly,
}

impl ErrorCode {
    /// The snake_case name used on the wire and in CLI messages.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::EmptyEntry => "empty_entry",
            ErrorCode::NotFound => "not_found",
            ErrorCode::InvalidDate => "invalid_date",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::DatabaseCorrupt => "database_corrupt",
            ErrorCode::SchemaTooNew => "schema_too_new",
            ErrorCode::DiskFull => "disk_full",
            ErrorCode::Io => "io",
            ErrorCode::ModelUnavailable => "model_unavailable",
            ErrorCode::Internal => "internal",
            ErrorCode::Locked => "locked",
            ErrorCode::WrongPassphrase => "wrong_passphrase",
            ErrorCode::Busy => "busy",
            ErrorCode::KeyMissing => "key_missing",
            ErrorCode::ReadOnly => "read_only",
        }
    }
}

/// The error every IPC command rejects with: `{ code, message }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message() {
        let err = AppError::new(ErrorCode::DatabaseCorrupt, "broken");
        let json = serde_json::to_string(&err).unwrap();
        assert_eq!(json, r#"{"code":"database_corrupt","message":"broken"}"#);
    }

    #[test]
    fn as_str_matches_serde_name() {
        for code in [
            ErrorCode::EmptyEntry,
            ErrorCode::NotFound,
            ErrorCode::InvalidDate,
            ErrorCode::InvalidInput,
            ErrorCode::DatabaseCorrupt,
            ErrorCode::SchemaTooNew,
            ErrorCode::DiskFull,
            ErrorCode::Io,
            ErrorCode::ModelUnavailable,
            ErrorCode::Internal,
            ErrorCode::Locked,
            ErrorCode::WrongPassphrase,
            ErrorCode::Busy,
            ErrorCode::KeyMissing,
            ErrorCode::ReadOnly,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }
}
