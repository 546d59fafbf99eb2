//! User preferences and the start-up status the UI needs before it can show the editor.
//!
//! Preferences travel as plain strings (the UI's choices), and each one has an enum here that
//! says which strings are valid: the store parses before it writes, so a value outside the
//! list is refused with [`UnknownSetting`] (an `invalid_input` error for the UI) and never
//! stored.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, ErrorCode};

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

/// A preference value outside the accepted list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {setting} '{value}' (expected {expected})")]
pub struct UnknownSetting {
    /// What was being set, e.g. "text size".
    pub setting: &'static str,
    pub value: String,
    /// The accepted values, as a phrase: "small, normal, large or larger".
    pub expected: &'static str,
}

impl From<UnknownSetting> for AppError {
    fn from(err: UnknownSetting) -> Self {
        AppError::new(ErrorCode::InvalidInput, err.to_string())
    }
}

/// How large the whole UI is drawn: text, controls and spacing grow together (the UI scales
/// its web view by [`TextSize::scale`]), so nothing is clipped at the larger steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextSize {
    Small,
    #[default]
    Normal,
    Large,
    Larger,
}

impl TextSize {
    /// Smallest to largest: zooming in and out steps through this list.
    pub const ALL: [TextSize; 4] = [
        TextSize::Small,
        TextSize::Normal,
        TextSize::Large,
        TextSize::Larger,
    ];

    pub fn parse(text: &str) -> Result<TextSize, UnknownSetting> {
        TextSize::ALL
            .into_iter()
            .find(|size| size.as_str() == text)
            .ok_or_else(|| UnknownSetting {
                setting: "text size",
                value: text.to_owned(),
                expected: "small, normal, large or larger",
            })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TextSize::Small => "small",
            TextSize::Normal => "normal",
            TextSize::Large => "large",
            TextSize::Larger => "larger",
        }
    }

    /// The zoom factor of the web view (the UI keeps the same table in `lib/textSize.ts`).
    pub fn scale(self) -> f64 {
        match self {
            TextSize::Small => 0.9,
            TextSize::Normal => 1.0,
            TextSize::Large => 1.15,
            TextSize::Larger => 1.3,
        }
    }
}

/// The first day of the week in the calendar, the year in pixels and weekly history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekStart {
    Monday,
    Sunday,
}

impl WeekStart {
    pub fn parse(text: &str) -> Result<WeekStart, UnknownSetting> {
        match text {
            "monday" => Ok(WeekStart::Monday),
            "sunday" => Ok(WeekStart::Sunday),
            _ => Err(UnknownSetting {
                setting: "first day of the week",
                value: text.to_owned(),
                expected: "monday or sunday",
            }),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            WeekStart::Monday => "monday",
            WeekStart::Sunday => "sunday",
        }
    }

    pub fn weekday(self) -> chrono::Weekday {
        match self {
            WeekStart::Monday => chrono::Weekday::Mon,
            WeekStart::Sunday => chrono::Weekday::Sun,
        }
    }
}

/// How the UI is displayed; stored in the settings table beside [`Settings`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DisplaySettings {
    /// `small`, `normal`, `large` or `larger` (see [`TextSize`]).
    pub text_size: String,
    /// `monday`, `sunday`, or `null` to follow the UI language (the UI's `lib/weekStart.ts`).
    pub week_start: Option<String>,
}

impl Default for DisplaySettings {
    fn default() -> Self {
        DisplaySettings {
            text_size: TextSize::default().as_str().to_owned(),
            week_start: None,
        }
    }
}

impl DisplaySettings {
    /// Checks every value, naming the first one that is not accepted.
    pub fn validate(&self) -> Result<(), UnknownSetting> {
        TextSize::parse(&self.text_size)?;
        if let Some(week_start) = &self.week_start {
            WeekStart::parse(week_start)?;
        }
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_sizes_round_trip_and_grow() {
        for size in TextSize::ALL {
            assert_eq!(TextSize::parse(size.as_str()), Ok(size));
        }
        let scales: Vec<f64> = TextSize::ALL.iter().map(|s| s.scale()).collect();
        assert!(scales.windows(2).all(|w| w[0] < w[1]), "{scales:?}");
        assert_eq!(TextSize::default().scale(), 1.0);
    }

    #[test]
    fn unknown_text_size_is_a_typed_invalid_input() {
        let err = TextSize::parse("huge").unwrap_err();
        assert_eq!(err.setting, "text size");
        assert_eq!(err.value, "huge");
        let app: AppError = err.into();
        assert_eq!(app.code, ErrorCode::InvalidInput);
        assert_eq!(
            app.message,
            "unknown text size 'huge' (expected small, normal, large or larger)"
        );
        // Case matters: the UI sends exactly the listed values.
        assert!(TextSize::parse("Large").is_err());
        assert!(TextSize::parse("").is_err());
    }

    #[test]
    fn week_starts_parse() {
        assert_eq!(WeekStart::parse("monday"), Ok(WeekStart::Monday));
        assert_eq!(WeekStart::parse("sunday"), Ok(WeekStart::Sunday));
        assert_eq!(WeekStart::Monday.weekday(), chrono::Weekday::Mon);
        let err = WeekStart::parse("saturday").unwrap_err();
        assert_eq!(err.setting, "first day of the week");
        assert_eq!(
            AppError::from(err).code,
            ErrorCode::InvalidInput,
            "an unknown day is the caller's mistake"
        );
    }

    #[test]
    fn display_settings_validate_every_field() {
        assert_eq!(DisplaySettings::default().validate(), Ok(()));
        let ok = DisplaySettings {
            text_size: "larger".into(),
            week_start: Some("monday".into()),
        };
        assert_eq!(ok.validate(), Ok(()));
        let bad_size = DisplaySettings {
            text_size: "tiny".into(),
            ..DisplaySettings::default()
        };
        assert_eq!(bad_size.validate().unwrap_err().setting, "text size");
        let bad_day = DisplaySettings {
            week_start: Some("Mon".into()),
            ..DisplaySettings::default()
        };
        assert_eq!(
            bad_day.validate().unwrap_err().setting,
            "first day of the week"
        );
    }
}
