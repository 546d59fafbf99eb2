//! `haru backup`, `haru restore`, `haru export` and `haru import`: thin wrappers that print what
//! happened. Backing up, listing and importing go through `haru_api::commands::portability`, as
//! the app's "Your data" does; errors carry the same codes as the app's.

use std::io::Write;
use std::path::{Path, PathBuf};

use haru_api::commands::portability;
use haru_core::{AppError, ErrorCode};

use crate::output::say;

/// `haru backup`: takes a backup now and prints its path; `--list` lists them instead.
pub fn backup(data_dir: Option<PathBuf>, list: bool) -> Result<(), AppError> {
    let db = crate::open_store(data_dir)?.db_file();
    if list {
        let backups = portability::list_backups(&db)?;
        if backups.is_empty() {
            eprintln!("haru: no backups yet (`haru backup` takes one)");
        }
        for b in backups {
            let state = match (&b.entries, &b.problem) {
                (Some(n), _) => format!("{n} entries"),
                (None, Some(problem)) => format!("UNUSABLE: {problem}"),
                (None, None) => "?".into(),
            };
            say(&format!(
                "{}  {:<11}  {:>10} bytes  {state}  {}",
                b.created_at, b.kind, b.size_bytes, b.path
            ))?;
        }
        return Ok(());
    }
    let info = portability::backup_now(&db)?;
    say(&info.path)
}

/// `haru restore FILE`.
pub fn restore(data_dir: Option<PathBuf>, file: &Path) -> Result<(), AppError> {
    let dir = haru_store::paths::resolve_data_dir(data_dir)?;
    // Asked for only when something here is encrypted.
    let encrypted_backup = std::fs::File::open(file).is_ok_and(|f| {
        use std::io::Read;
        let mut head = Vec::with_capacity(16);
        f.take(16).read_to_end(&mut head).is_ok() && !head.starts_with(b"SQLite format 3\0")
    });
    let secret = if encrypted_backup || haru_store::is_encrypted_in(&dir)? {
        crate::encryption::secret_or_prompt()?
    } else {
        crate::encryption::secret()?
    };
    let outcome = haru_portability::restore_in(&dir, file, secret.as_ref())?;
    say(&format!(
        "restored {} entries from {}",
        outcome.entries, outcome.restored_from
    ))?;
    if let Some(previous) = outcome.previous_saved_as {
        say(&format!(
            "the diary as it was before is kept in {previous} (restore it to undo)"
        ))?;
    }
    Ok(())
}

/// `haru export --format json|markdown|csv [--what emotions] [--output PATH]`.
pub fn export(
    data_dir: Option<PathBuf>,
    format: &str,
    what: Option<&str>,
    output: Option<PathBuf>,
    encrypt: bool,
) -> Result<(), AppError> {
    if what.is_some() && format != "csv" {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            "--what applies to --format csv only",
        ));
    }
    if encrypt && (format != "json" || output.is_none()) {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            "--encrypt applies to --format json with --output FILE",
        ));
    }
    let mut store = crate::open_store(data_dir)?;
    if encrypt {
        let passphrase = crate::encryption::export_passphrase()?;
        let path = output.unwrap_or_default();
        let summary = haru_portability::export_json_encrypted_to(
            &store,
            &path,
            source_date_epoch()?.as_deref(),
            &passphrase,
        )?;
        eprintln!(
            "haru: exported {} entries, encrypted, to {}",
            summary.entries, summary.path
        );
        return Ok(());
    }
    if store.is_encrypted() {
        eprintln!(
            "haru: note: this diary is encrypted, but this export is NOT: anyone who gets the \
             output can read it (`--format json --encrypt` writes an encrypted one)"
        );
    }
    match format {
        "csv" => crate::history::export_emotions_csv(&mut store, output),
        "json" => {
            let exported_at = source_date_epoch()?;
            match output {
                Some(path) => {
                    let summary =
                        haru_portability::export_json_to(&store, &path, exported_at.as_deref())?;
                    eprintln!(
                        "haru: exported {} entries to {}",
                        summary.entries, summary.path
                    );
                    Ok(())
                }
                None => {
                    let json = haru_portability::export_json(&store, exported_at.as_deref())?;
                    std::io::stdout()
                        .write_all(json.as_bytes())
                        .map_err(|err| AppError::new(ErrorCode::Io, err.to_string()))
                }
            }
        }
        "markdown" => {
            let dir = output.ok_or_else(|| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    "--format markdown needs --output FOLDER (one file per entry)",
                )
            })?;
            let summary = haru_portability::export_markdown(&store, &dir)?;
            eprintln!(
                "haru: wrote {} Markdown files to {}",
                summary.entries, summary.path
            );
            Ok(())
        }
        other => Err(AppError::new(
            ErrorCode::InvalidInput,
            format!("unknown export format '{other}' (json, markdown or csv)"),
        )),
    }
}

/// `SOURCE_DATE_EPOCH` (seconds), the reproducible-builds convention, fixes `exported_at`
/// so that the same diary always exports to the same bytes.
fn source_date_epoch() -> Result<Option<String>, AppError> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let bad = || {
        AppError::new(
            ErrorCode::InvalidInput,
            "SOURCE_DATE_EPOCH must be a number of seconds since 1970",
        )
    };
    let seconds: i64 = value
        .to_str()
        .ok_or_else(bad)?
        .trim()
        .parse()
        .map_err(|_| bad())?;
    let time = chrono::DateTime::from_timestamp(seconds, 0).ok_or_else(bad)?;
    Ok(Some(
        time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    ))
}

/// `haru import FILE`: Haru JSON, a Day One export (zip or JSON) or jrnl JSON, recognised by
/// content. The counts go to standard output, each entry left out and each note to standard
/// error.
pub fn import(data_dir: Option<PathBuf>, file: &Path) -> Result<(), AppError> {
    let mut store = crate::open_store(data_dir)?;
    let passphrase = if haru_portability::is_encrypted_export(file)? {
        crate::encryption::passphrase()?
    } else {
        None
    };
    let summary = portability::import(
        &mut store,
        file,
        passphrase.as_ref().map(|p| p.as_str()),
        &mut |_, _| {},
    )?;
    let moved = match summary.dates_corrected {
        0 => String::new(),
        1 => " (1 moved to its own day)".into(),
        n => format!(" ({n} moved to their own day)"),
    };
    say(&format!(
        "imported {} entries ({} export); {} already present{moved}; {} not imported",
        summary.imported,
        summary.format.replace('_', " "),
        summary.duplicates,
        summary.problems.len()
    ))?;
    let media = [
        (summary.photos_skipped, "photo", "photos"),
        (
            summary.other_media_skipped,
            "other attachment",
            "other attachments",
        ),
    ]
    .iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
    .collect::<Vec<_>>();
    if !media.is_empty() {
        say(&format!(
            "{} not imported: Haru keeps text only (placeholders removed from the text)",
            media.join(" and ")
        ))?;
    }
    for problem in &summary.problems {
        match &problem.file {
            Some(journal) => eprintln!(
                "haru: {journal}, entry {}: {}",
                problem.index, problem.reason
            ),
            None => eprintln!("haru: entry {}: {}", problem.index, problem.reason),
        }
    }
    for note in &summary.notes {
        eprintln!("haru: note: {note}");
    }
    Ok(())
}
