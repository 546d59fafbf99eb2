//! What the command prints on standard output: one line, or a value as pretty JSON. A closed
//! pipe or a full disk is an `io` error like any other, never a panic.

use std::io::Write;

use haru_core::{AppError, ErrorCode};

/// Prints one line.
pub(crate) fn say(line: &str) -> Result<(), AppError> {
    writeln!(std::io::stdout(), "{line}")
        .map_err(|err| AppError::new(ErrorCode::Io, err.to_string()))
}

/// Prints `value` as pretty JSON.
pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> Result<(), AppError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|err| AppError::new(ErrorCode::Internal, err.to_string()))?;
    say(&text)
}

/// A list: as pretty JSON with `--json`, else one line per item (a reader that stops early,
/// `haru list | head`, is not an error here).
pub(crate) fn print_list<T: serde::Serialize>(
    json: bool,
    items: &[T],
    line: impl Fn(&T) -> String,
) -> Result<(), AppError> {
    if json {
        return print_json(&items);
    }
    let mut out = std::io::stdout().lock();
    for item in items {
        let _ = writeln!(out, "{}", line(item));
    }
    Ok(())
}
