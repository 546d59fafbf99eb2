//! Diary dates are local calendar days (`YYYY-MM-DD`), not instants: an entry written at
//! 23:59 in Seoul belongs to that Seoul day wherever the file is opened later.

use crate::error::{AppError, ErrorCode};

pub type EntryDate = chrono::NaiveDate;

/// Parses a strict `YYYY-MM-DD` calendar date, naming the bad input in the error.
pub fn parse_entry_date(text: &str) -> Result<EntryDate, AppError> {
    let trimmed = text.trim();
    let well_formed = trimmed.len() == 10
        && trimmed.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let parsed = if well_formed {
        chrono::NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").ok()
    } else {
        None
    };
    parsed.ok_or_else(|| {
        AppError::new(
            ErrorCode::InvalidDate,
            format!(
                "invalid date '{text}': expected a calendar date as YYYY-MM-DD, e.g. 2026-03-14"
            ),
        )
    })
}

/// Today's date in the user's local time zone.
pub fn today() -> EntryDate {
    chrono::Local::now().date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_dates() {
        assert_eq!(
            parse_entry_date("2026-02-28").unwrap().to_string(),
            "2026-02-28"
        );
        assert_eq!(
            parse_entry_date("2024-02-29").unwrap().to_string(),
            "2024-02-29"
        );
    }

    #[test]
    fn rejects_impossible_or_malformed_dates() {
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "26-01-01",
            "",
            "tomorrow",
            "2026/01/01",
        ] {
            let err = parse_entry_date(bad).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidDate, "{bad}");
            assert!(
                err.message.contains(bad),
                "message names the input: {}",
                err.message
            );
        }
    }
}
