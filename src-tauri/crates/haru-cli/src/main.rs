//! `haru`: the diary from a terminal. Every subcommand is a thin layer over `haru-store`, so
//! scripts, benchmarks and the maintainers can drive exactly what the app does, headless.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use haru_core::{AppError, ErrorCode};
use haru_store::Store;

#[derive(Parser)]
#[command(
    name = "haru",
    version,
    about = "Haru (하루): an offline diary that understands how your day felt"
)]
struct Cli {
    /// Diary folder (default: $HARU_DATA_DIR, else the OS data folder).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Add an entry and print its id.
    Add {
        /// The entry's day, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// The entry's text.
        #[arg(long, conflicts_with = "file", required_unless_present = "file")]
        text: Option<String>,
        /// Read the entry's text from a UTF-8 file.
        #[arg(long, value_name = "PATH")]
        file: Option<PathBuf>,
    },
    /// List entries, newest first.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print one entry.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search (Korean and English; short Korean queries work).
    Search {
        query: String,
        #[arg(long)]
        json: bool,
        /// At most this many results.
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Delete an entry permanently.
    Delete { id: i64 },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("haru: error [{}]: {}", err.code.as_str(), err.message);
            ExitCode::FAILURE
        }
    }
}

fn open_store(data_dir: Option<PathBuf>) -> Result<Store, AppError> {
    let dir = haru_store::paths::resolve_data_dir(data_dir)?;
    // The app checks the whole file at start; a command touches only what it reads, and
    // SQLite reports damage in any page it reads.
    Ok(Store::open_in_with(&dir, haru_store::Integrity::OnAccess)?)
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), AppError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|err| AppError::new(ErrorCode::Internal, err.to_string()))?;
    writeln!(std::io::stdout(), "{text}")
        .map_err(|err| AppError::new(ErrorCode::Io, err.to_string()))
}

fn run(cli: Cli) -> Result<(), AppError> {
    match cli.command {
        Command::Add { date, text, file } => {
            // Validate the date before touching the database.
            haru_core::parse_entry_date(&date)?;
            let body = match (text, file) {
                (Some(text), _) => text,
                (None, Some(path)) => read_text_file(&path)?,
                (None, None) => unreachable!("clap requires --text or --file"),
            };
            let mut store = open_store(cli.data_dir)?;
            match store.create_entry(&date, &body) {
                Ok(entry) => {
                    println!("{}", entry.id);
                    Ok(())
                }
                Err(haru_store::StoreError::EmptyEntry) => Err(AppError::new(
                    ErrorCode::EmptyEntry,
                    "the entry is empty (only whitespace): nothing was saved",
                )),
                Err(err) => Err(err.into()),
            }
        }
        Command::List { json } => {
            let store = open_store(cli.data_dir)?;
            let entries = store.list_entries(None, None)?;
            if json {
                return print_json(&entries);
            }
            let mut out = std::io::stdout().lock();
            for e in entries {
                let _ = writeln!(
                    out,
                    "{:>6}  {}  {:>5}w  {}",
                    e.id, e.date, e.word_count, e.preview
                );
            }
            Ok(())
        }
        Command::Show { id, json } => {
            let store = open_store(cli.data_dir)?;
            let entry = store.get_entry(id)?;
            if json {
                return print_json(&entry);
            }
            println!(
                "#{}  {}  ({} words, {})",
                entry.id, entry.date, entry.word_count, entry.language
            );
            println!();
            println!("{}", entry.body);
            Ok(())
        }
        Command::Search { query, json, limit } => {
            let store = open_store(cli.data_dir)?;
            let hits = store.search(&query, Some(limit))?;
            if json {
                return print_json(&hits);
            }
            let mut out = std::io::stdout().lock();
            for hit in hits {
                let _ = writeln!(
                    out,
                    "{:>6}  {}  {}",
                    hit.entry.id, hit.entry.date, hit.snippet
                );
            }
            Ok(())
        }
        Command::Delete { id } => {
            let mut store = open_store(cli.data_dir)?;
            store.delete_entry(id)?;
            println!("deleted entry {id}");
            Ok(())
        }
    }
}

fn read_text_file(path: &std::path::Path) -> Result<String, AppError> {
    let bytes = std::fs::read(path).map_err(|err| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot read {}: {err}", path.display()),
        )
    })?;
    String::from_utf8(bytes).map_err(|err| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "{} is not UTF-8 text (invalid byte at offset {})",
                path.display(),
                err.utf8_error().valid_up_to()
            ),
        )
    })
}
