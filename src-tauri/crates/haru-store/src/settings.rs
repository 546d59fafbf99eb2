//! The `settings` table: user preferences as key/value rows.

use haru_core::{AppError, DisplaySettings, ErrorCode, Settings, TextSize, Theme, WeekStart};
use rusqlite::{params, Connection, OptionalExtension};

use crate::{Store, StoreError};

impl Store {
    fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|err| self.map_err(err))
    }

    /// A free-form preference (feature switches that are not part of [`Settings`]).
    pub fn preference(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.setting(&format!("pref.{key}"))
    }

    pub fn set_preference(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        put(&self.conn, &format!("pref.{key}"), Some(value)).map_err(|err| self.map_err(err))
    }

    pub fn settings(&self) -> Result<Settings, StoreError> {
        let defaults = Settings::default();
        Ok(Settings {
            language: self.setting("language")?,
            theme: self
                .setting("theme")?
                .filter(|t| Theme::parse(t).is_some())
                .unwrap_or(defaults.theme),
        })
    }

    /// Validates and stores preferences, returning what is now in effect.
    pub fn set_settings(&mut self, settings: &Settings) -> Result<Settings, StoreError> {
        if let Some(language) = &settings.language {
            if !matches!(language.as_str(), "en" | "ko") {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    format!("unsupported language '{language}' (expected en or ko)"),
                )
                .into());
            }
        }
        if Theme::parse(&settings.theme).is_none() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "unknown theme '{}' (expected system, light or dark)",
                    settings.theme
                ),
            )
            .into());
        }
        let (tx, sqlite) = self.write()?;
        put(&tx, "language", settings.language.as_deref()).map_err(sqlite)?;
        put(&tx, "theme", Some(settings.theme.as_str())).map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
        self.settings()
    }

    /// How the UI is displayed. A stored value that is no longer valid reads as the default.
    pub fn display_settings(&self) -> Result<DisplaySettings, StoreError> {
        let defaults = DisplaySettings::default();
        Ok(DisplaySettings {
            text_size: self
                .setting("display.text_size")?
                .filter(|v| TextSize::parse(v).is_ok())
                .unwrap_or(defaults.text_size),
            week_start: self
                .setting("display.week_start")?
                .filter(|v| WeekStart::parse(v).is_ok()),
        })
    }

    /// Validates and stores how the UI is displayed, returning what is now in effect. An
    /// unknown value is refused (`invalid_input`) and nothing is changed.
    pub fn set_display_settings(
        &mut self,
        display: &DisplaySettings,
    ) -> Result<DisplaySettings, StoreError> {
        display.validate().map_err(AppError::from)?;
        let (tx, sqlite) = self.write()?;
        put(&tx, "display.text_size", Some(display.text_size.as_str())).map_err(sqlite)?;
        put(&tx, "display.week_start", display.week_start.as_deref()).map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
        self.display_settings()
    }
}

/// Stores `value` under `key`, or removes the key when there is none.
fn put(conn: &Connection, key: &str, value: Option<&str>) -> rusqlite::Result<()> {
    match value {
        Some(value) => conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        ),
        None => conn.execute("DELETE FROM settings WHERE key = ?1", [key]),
    }
    .map(|_| ())
}
