//! User preferences and the start-up status the UI needs before it can show the editor.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::AppError;

/// Colour theme preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn parse(text: &str) -> Option<Theme> {
        match text {
            "system" => Some(Theme::System),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Preferences stored in the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Settings {
    /// `en`, `ko`, or `null` to follow the OS locale.
    pub language: Option<String>,
    /// `system`, `light` or `dark`.
    pub theme: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: None,
            theme: Theme::System.as_str().to_owned(),
        }
    }
}

/// What the UI asks first: where the diary lives and whether it could be opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AppStatus {
    pub version: String,
    pub data_dir: String,
    pub db_path: String,
    /// Set when the database could not be opened; the UI then shows this instead of the editor.
    /// Code `locked`: the diary is encrypted and waits for its passphrase (the unlock screen).
    pub db_error: Option<AppError>,
    /// The diary is encrypted at rest (SQLCipher); settings then offer "change passphrase".
    pub encrypted: bool,
}
