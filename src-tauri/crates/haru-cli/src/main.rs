//! `haru`: the diary from a terminal. Every subcommand is a thin layer over `haru-store` (and
//! `haru-emotion` for `analyze`), so scripts, benchmarks and the maintainers can drive exactly
//! what the app does, headless.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

mod analyse;
mod calibration;
mod encryption;
mod history;
mod output;
mod portability;
mod progress;
mod recommend;

use clap::{Parser, Subcommand};
use haru_api::commands::{diary::SearchQuery, emotions::HistoryQuery, insights};
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

    /// Read the passphrase of an encrypted diary from the first line of standard input
    /// (otherwise from $HARU_PASSPHRASE; $HARU_RECOVERY_KEY unlocks with the recovery key).
    #[arg(long, global = true)]
    passphrase_stdin: bool,

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
    /// Print one entry; with `--json`, also its reading as the app's panel shows it (the predicted
    /// labels, those adjusted to how the writer names feelings, the dominant one, each
    /// sentence's dominant one, the strongest five) and the writer's check-in.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search (Korean and English; short Korean queries work), optionally by
    /// feeling and date: `haru search "" --emotion sadness --from 2026-03-01 --to 2026-03-31`.
    Search {
        /// Words to find ("" with a filter lists every entry that passes it).
        query: String,
        #[arg(long)]
        json: bool,
        /// At most this many results.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Only entries where this emotion (a GoEmotions label) passes the model's threshold.
        #[arg(long)]
        emotion: Option<String>,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: Option<String>,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        to: Option<String>,
        /// Only entries carrying this #tag (`--tag 운동` or `--tag '#운동'`).
        #[arg(long)]
        tag: Option<String>,
    },
    /// What goes with what: the feelings that go with each #tag and weekday, compared with
    /// the rest of your diary (at least 5 entries on each side; a 90% bootstrap interval).
    Insights {
        #[arg(long)]
        json: bool,
    },
    /// On this day: what you wrote on this date (or --date's) in earlier years.
    OnThisDay {
        /// YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The #tags written in your entries, with how many entries carry each.
    Tags {
        #[arg(long)]
        json: bool,
    },
    /// Emotions over time: per day, ISO week or month, the entries' combined distribution
    /// (length-weighted) and how many entries there were.
    History {
        /// day, week or month.
        #[arg(long, default_value = "day")]
        by: String,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        /// Weeks begin on monday (the default) or sunday.
        #[arg(long, value_parser = ["monday", "sunday"])]
        week_start: Option<String>,
        /// Only the entries carrying this #tag (with or without the #).
        #[arg(long)]
        tag: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Export data. `--format json`: everything, losslessly (`haru import` reads it back;
    /// `SOURCE_DATE_EPOCH` fixes its `exported_at`); `--format markdown --output FOLDER`: one
    /// file per entry; `--format csv [--what emotions]`: one row per entry with its date and
    /// 28 emotion scores.
    Export {
        #[arg(long, value_parser = ["json", "markdown", "csv"])]
        format: String,
        #[arg(long, value_parser = ["emotions"])]
        what: Option<String>,
        /// Write here instead of standard output (a folder for markdown).
        #[arg(long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// With --format json: encrypt the file under the passphrase ($HARU_PASSPHRASE or
        /// --passphrase-stdin); `haru import` reads it back with the same passphrase.
        #[arg(long)]
        encrypt: bool,
    },
    /// Turn encryption at rest on: the diary and its backups are rewritten encrypted under the
    /// passphrase ($HARU_PASSPHRASE or --passphrase-stdin); prints the recovery key once.
    /// Close the app first.
    Encrypt,
    /// Turn encryption off: the diary and its backups are rewritten in the clear.
    Decrypt,
    /// Change the passphrase: the current one (or $HARU_RECOVERY_KEY), then the new one
    /// ($HARU_NEW_PASSPHRASE, or the second line with --passphrase-stdin).
    Passphrase,
    /// Back up the diary now and print the backup's path (`--list`: list the backups).
    Backup {
        #[arg(long)]
        list: bool,
    },
    /// Restore a backup (checked first; the current diary is kept as a backup to undo).
    Restore { file: PathBuf },
    /// Import a Haru JSON export (into an empty diary), a Day One export (the .zip or a
    /// journal's JSON) or a jrnl JSON export.
    Import { file: PathBuf },
    /// Delete an entry permanently.
    Delete { id: i64 },
    /// Say how the day really felt: `haru feel ID --labels joy,gratitude [--pleasant 0.6
    /// --energy -0.2]` (Haru's 28 feelings; pleasantness and energy each -1 … 1). Where you
    /// have spoken, history goes by your word; `--clear` removes it.
    Feel {
        id: i64,
        /// Comma-separated feelings, e.g. `sadness,relief`.
        #[arg(long, value_delimiter = ',', required_unless_present = "clear")]
        labels: Vec<String>,
        #[arg(long, allow_hyphen_values = true)]
        pleasant: Option<f32>,
        #[arg(long, allow_hyphen_values = true)]
        energy: Option<f32>,
        #[arg(long, conflicts_with_all = ["labels", "pleasant", "energy"])]
        clear: bool,
    },
    /// The movie and music catalogues: `build` (from ../shared/data with the shipped model),
    /// `import FILE` (your own CSV/JSON), `stats`.
    #[command(subcommand, alias = "catalog")]
    Catalogue(CatalogueCommand),
    /// Movies and songs that fit a text's mood: `haru recommend --text "…" --json`.
    Recommend {
        /// The day's text (analysed with the on-device model).
        #[arg(long)]
        text: String,
        /// movie or music (default: both).
        #[arg(long)]
        kind: Option<String>,
        /// Items per kind.
        #[arg(long, default_value_t = 5)]
        k: usize,
        /// match (fit the mood), comfort (warm, gentle, low in arousal: for a hard day) or
        /// lift (move it toward calm and bright); default: comfort on a heavy day, else your
        /// saved choice, else match.
        #[arg(long)]
        strategy: Option<String>,
        /// Language of the explanations: en or ko.
        #[arg(long, default_value = "en", value_parser = ["en", "ko"])]
        lang: String,
        /// Print a JSON array of {id, kind, title, year, genres, language, score, why,
        /// strategy}, with energy and valence for songs and audience for films.
        #[arg(long)]
        json: bool,
    },
    /// Tell Haru what you thought of a recommendation (it learns from likes and dislikes;
    /// disliked and seen items never return).
    Feedback {
        #[arg(long)]
        item: String,
        /// like, dislike, seen or not-now.
        #[arg(long)]
        value: String,
        /// The entry the item was recommended for (default: the one it was last shown for).
        #[arg(long)]
        entry: Option<i64>,
    },
    /// Measures learning from check-ins with simulated writers over the emotion dev splits as
    /// the shipped model reads them (`make simulate-calibration` prepares the inputs).
    SimulateCalibration {
        /// `haru analyze --input` output for the English dev split, and its gold TSV.
        #[arg(long)]
        en_probs: PathBuf,
        #[arg(long)]
        en_gold: PathBuf,
        /// The same for the Korean dev split.
        #[arg(long)]
        ko_probs: PathBuf,
        #[arg(long)]
        ko_gold: PathBuf,
        #[arg(long, default_value_t = 100)]
        writers: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Write the Markdown report here as well as to standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Synthetic users with hidden tastes rate what four rankers show them for N days;
    /// prints satisfaction (likes / shown) per day.
    Simulate(recommend::SimulateArgs),
    /// Read the emotions in text with the on-device model (no diary needed).
    ///
    /// `--input IN --output OUT.jsonl`: one UTF-8 text per line in, one JSON object per line
    /// out, in order: {"probs": {label: p, … 28 labels}, "labels": [predicted, …]}.
    /// `--text TEXT`: a readable summary with bars and each sentence's top emotion.
    /// (Named `analyze` as the evaluation contract has it; `haru analyse` works too.)
    #[command(name = "analyze", alias = "analyse")]
    Analyse(AnalyseArgs),
}

#[derive(Subcommand)]
enum CatalogueCommand {
    /// Build resources/catalogue/ from the source data (resumable; progress on stderr).
    Build {
        /// Folder with movies/ and music/ (default: ../shared/data beside the checkout, in a
        /// development build).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Where catalogue/ is written (default: $HARU_RESOURCE_DIR, else the source
        /// checkout's resources/ in a development build).
        #[arg(long, value_name = "DIR")]
        resources: Option<PathBuf>,
        /// At most N items per source (quick trial builds).
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// ONNX Runtime threads.
        #[arg(long, value_name = "N", default_value_t = 1)]
        threads: usize,
    },
    /// Add what needs no model to the catalogues in place: titles' content ratings and songs'
    /// energy, valence and explicit flag, joined by id from the source data (vectors and the
    /// model stamp untouched).
    Annotate {
        /// Folder with movies/ and music/ (default: ../shared/data beside the checkout).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Folder holding catalogue/ (default as for `build`).
        #[arg(long, value_name = "DIR")]
        resources: Option<PathBuf>,
    },
    /// Import your own movies or songs from a CSV or JSON file (see the README for columns);
    /// bad rows are reported by row and reason, the rest imported.
    Import { file: PathBuf },
    /// What the catalogues hold.
    Stats {
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["input", "text"])))]
struct AnalyseArgs {
    /// UTF-8 text file, one text per line (an empty line is an empty text). Each line gets
    /// its plain reading (the whole text at once, as the thresholds were tuned; the bulk
    /// scoring for evaluation), where the app and --text read an entry sentence by sentence.
    #[arg(long, value_name = "IN", requires = "output")]
    input: Option<PathBuf>,
    /// Where to write the JSON Lines (written whole at the end, never half).
    #[arg(long, value_name = "OUT.jsonl", requires = "input")]
    output: Option<PathBuf>,
    /// Analyse this text as the app analyses an entry and print a summary (the same predicted
    /// labels, and the same label for each sentence, as the app's panel).
    #[arg(long)]
    text: Option<String>,
    /// ONNX Runtime threads.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u16).range(1..=256))]
    threads: u16,
    /// Texts run together for speed with --input (1: each line exactly as if analysed alone).
    #[arg(long, value_name = "N", default_value_t = haru_emotion::DEFAULT_MAX_BATCH as u16,
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    batch_size: u16,
    /// Folder with haru-emotion.onnx, haru-emotion.json and tokenizer.json (default:
    /// $HARU_MODEL_DIR, then the installed copy beside the executable, e.g. /usr/lib/Haru/models;
    /// a development build then tries its source checkout).
    #[arg(long, value_name = "DIR")]
    model_dir: Option<PathBuf>,
    /// The ONNX Runtime library (default: $HARU_ORT_LIB, $ORT_DYLIB_PATH, then the installed
    /// copy beside the executable, e.g. /usr/lib/Haru/; a development build then tries its
    /// source checkout's .setup/onnxruntime/).
    #[arg(long, value_name = "PATH")]
    ort_lib: Option<PathBuf>,
}

fn main() -> ExitCode {
    // Before any thread starts: ONNX Runtime must never phone home (see haru_emotion::runtime).
    haru_emotion::disable_telemetry();
    // Large buffers (the model's) go back to the system when freed: `haru analyze` over 1,500
    // lines peaked at 126 MB instead of 146 MB, no slower.
    haru_heap::prefer_returning_memory();
    let cli = Cli::parse();
    encryption::set_passphrase_stdin(cli.passphrase_stdin);
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
    let integrity = haru_store::Integrity::OnAccess;
    // A plain diary still gets the secret that was given: an `encrypt` running in another
    // process may finish while this one waits for the folder, and `unlock_in` decides again
    // once it holds the folder.
    let secret = if haru_store::is_encrypted_in(&dir)? {
        encryption::secret_or_prompt()?
    } else {
        encryption::secret()?
    };
    Ok(Store::unlock_in(&dir, integrity, secret.as_ref())?)
}

use output::{print_json, print_list};

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
            print_list(json, &entries, |e| {
                format!(
                    "{:>6}  {}  {:>5}w  {}",
                    e.id,
                    e.date,
                    e.word_count,
                    for_terminal(&e.preview)
                )
            })
        }
        Command::Show { id, json } => {
            let store = open_store(cli.data_dir)?;
            let entry = store.get_entry(id)?;
            let analysis = store.analysis(id)?;
            let checkin = store.checkin(id)?;
            // An analysis of an earlier version of the text is shown as such.
            let current = analysis
                .as_ref()
                .is_some_and(|a| a.entry_updated_at == entry.updated_at);
            let strongest = analysis
                .as_ref()
                .map(|a| haru_core::emotion::strongest(&a.probs, 5))
                .unwrap_or_default();
            if json {
                let mut value = serde_json::to_value(&entry)
                    .map_err(|err| AppError::new(ErrorCode::Internal, err.to_string()))?;
                // The reading as the app's panel shows it: the same predicted labels, the same
                // adjustment to the writer's way, the same dominant label.
                let model = haru_emotion::ModelMeta::load(&haru_emotion::ModelPaths::locate().meta);
                let (model_id, thresholds) = match &model {
                    Ok(meta) => (Some(meta.model_id.as_str()), Some(&meta.thresholds[..])),
                    Err(_) => (None, None),
                };
                let panel =
                    haru_api::commands::emotions::analysis(&store, id, thresholds, model_id)?;
                value["emotions"] = match (&analysis, &panel) {
                    (Some(a), Some(panel)) => serde_json::json!({
                        "model_id": a.model_id,
                        "current": current,
                        "labels": panel.labels,
                        "adjusted": panel.adjusted,
                        "dominant": haru_core::LABELS[haru_core::emotion::dominant(&a.probs) as usize],
                        "sentences": panel
                            .sentences
                            .iter()
                            .map(|s| haru_core::LABELS.get(s.dominant as usize).copied())
                            .collect::<Vec<_>>(),
                        "strongest": strongest
                            .iter()
                            .map(|(i, p)| serde_json::json!({
                                "label": haru_core::LABELS[*i],
                                "probability": p,
                            }))
                            .collect::<Vec<_>>(),
                    }),
                    _ => serde_json::Value::Null,
                };
                value["starred"] = store.is_starred(id)?.into();
                value["tags"] = haru_core::text::tags(&entry.body).into();
                value["checkin"] = serde_json::to_value(&checkin)
                    .map_err(|err| AppError::new(ErrorCode::Internal, err.to_string()))?;
                return print_json(&value);
            }
            let starred = store.is_starred(id)?;
            println!(
                "#{}  {}  ({} words, {}){}",
                entry.id,
                entry.date,
                entry.word_count,
                entry.language,
                if starred { "  ★" } else { "" }
            );
            if !strongest.is_empty() {
                let shown: Vec<String> = strongest
                    .iter()
                    .take(3)
                    .map(|(i, p)| format!("{} {:.0}%", haru_core::LABELS[*i], p * 100.0))
                    .collect();
                let note = if current {
                    ""
                } else {
                    " (read before the last edit)"
                };
                let whose = if checkin.is_some() {
                    "Haru read"
                } else {
                    "feelings"
                };
                println!("{whose}: {}{note}", shown.join(", "));
            }
            if let Some(checkin) = &checkin {
                let mut line = format!("your word: {}", checkin.labels.join(", "));
                if let Some(p) = checkin.pleasant {
                    let _ = write!(line, "; pleasant {p:+.1}");
                }
                if let Some(e) = checkin.energy {
                    let _ = write!(line, "; energy {e:+.1}");
                }
                println!("{line}");
            }
            println!();
            println!("{}", for_terminal(&entry.body));
            Ok(())
        }
        Command::Search {
            query,
            json,
            limit,
            emotion,
            from,
            to,
            tag,
        } => {
            let mut store = open_store(cli.data_dir)?;
            let filter = SearchQuery {
                limit: Some(limit),
                emotion: emotion.as_deref(),
                from: from.as_deref(),
                to: to.as_deref(),
                tag: tag.as_deref(),
            };
            let hits = history::search(&mut store, &query, &filter)?;
            print_list(json, &hits, |hit| {
                format!(
                    "{:>6}  {}  {}",
                    hit.entry.id,
                    hit.entry.date,
                    for_terminal(&hit.snippet)
                )
            })
        }
        Command::Insights { json } => {
            let mut store = open_store(cli.data_dir)?;
            history::ensure_analysed(&mut store);
            let groups = haru_insights::links::links_now(&store)?;
            if json {
                return print_json(&groups);
            }
            let mut out = std::io::stdout().lock();
            for group in groups {
                let name = match group.kind.as_str() {
                    "tag" => format!("#{}", for_terminal(&group.name)),
                    _ => group.name.clone(),
                };
                if !group.enough {
                    let _ = writeln!(
                        out,
                        "{name} ({} entries): too few entries to tell",
                        group.entries
                    );
                    continue;
                }
                let said: Vec<String> = group
                    .links
                    .iter()
                    .map(|l| {
                        format!(
                            "{} {:+.0} points ({:+.0} … {:+.0})",
                            l.label,
                            l.difference * 100.0,
                            l.low * 100.0,
                            l.high * 100.0
                        )
                    })
                    .collect();
                let said = if said.is_empty() {
                    "no feeling stands out".to_owned()
                } else {
                    said.join(", ")
                };
                let _ = writeln!(out, "{name} ({} entries): {said}", group.entries);
            }
            Ok(())
        }
        Command::OnThisDay { date, json } => {
            // Checked before the diary is opened.
            if let Some(date) = &date {
                haru_core::parse_entry_date(date)?;
            }
            let store = open_store(cli.data_dir)?;
            let entries = insights::on_this_day(&store, date.as_deref())?;
            print_list(json, &entries, |e| {
                format!("{:>6}  {}  {}", e.id, e.date, for_terminal(&e.preview))
            })
        }
        Command::SimulateCalibration {
            en_probs,
            en_gold,
            ko_probs,
            ko_gold,
            writers,
            seed,
            output,
        } => {
            let splits = [
                calibration::Split {
                    name: "GoEmotions dev, English".into(),
                    probs: en_probs,
                    gold: en_gold,
                },
                calibration::Split {
                    name: "GoEmotions dev, Korean".into(),
                    probs: ko_probs,
                    gold: ko_gold,
                },
            ];
            let report = calibration::run(&splits, writers, seed)?;
            if let Some(path) = output {
                std::fs::write(&path, &report).map_err(|e| {
                    AppError::new(ErrorCode::Io, format!("{}: {e}", path.display()))
                })?;
            }
            print!("{report}");
            Ok(())
        }
        Command::Tags { json } => {
            let store = open_store(cli.data_dir)?;
            let tags = store.tag_counts()?;
            if json {
                let list: Vec<_> = tags
                    .iter()
                    .map(|(tag, entries)| serde_json::json!({ "tag": tag, "entries": entries }))
                    .collect();
                return print_json(&list);
            }
            let mut out = std::io::stdout().lock();
            for (tag, entries) in tags {
                let _ = writeln!(out, "{entries:>6}  #{}", for_terminal(&tag));
            }
            Ok(())
        }
        Command::History {
            by,
            from,
            to,
            week_start,
            tag,
            json,
        } => {
            let mut store = open_store(cli.data_dir)?;
            let query = HistoryQuery {
                by: &by,
                from: from.as_deref(),
                to: to.as_deref(),
                week_start: week_start.as_deref(),
                tag: tag.as_deref(),
            };
            history::history(&mut store, &query, json)
        }
        Command::Export {
            format,
            what,
            output,
            encrypt,
        } => portability::export(cli.data_dir, &format, what.as_deref(), output, encrypt),
        Command::Encrypt => encryption::encrypt(cli.data_dir),
        Command::Decrypt => encryption::decrypt(cli.data_dir),
        Command::Passphrase => encryption::change(cli.data_dir),
        Command::Backup { list } => portability::backup(cli.data_dir, list),
        Command::Restore { file } => portability::restore(cli.data_dir, &file),
        Command::Import { file } => portability::import(cli.data_dir, &file),
        Command::Delete { id } => {
            let mut store = open_store(cli.data_dir)?;
            store.delete_entry(id)?;
            println!("deleted entry {id}");
            Ok(())
        }
        Command::Feel {
            id,
            labels,
            pleasant,
            energy,
            clear,
        } => {
            // Checked before the diary is opened.
            if !clear {
                haru_core::CheckIn::new(&labels, pleasant, energy)?;
            }
            let mut store = open_store(cli.data_dir)?;
            if !clear {
                let stored = insights::set_checkin(&mut store, id, &labels, pleasant, energy)?;
                println!("entry {id}: {}", stored.labels.join(", "));
            } else if store.clear_checkin(id)? {
                println!("entry {id}: your word removed");
            } else {
                println!("entry {id} had no word of yours");
            }
            Ok(())
        }
        Command::Analyse(args) => analyse::run(args),
        Command::Catalogue(CatalogueCommand::Build {
            data,
            resources,
            limit,
            threads,
        }) => recommend::catalogue_build(data, resources, limit, threads),
        Command::Catalogue(CatalogueCommand::Annotate { data, resources }) => {
            recommend::catalogue_annotate(data, resources)
        }
        Command::Catalogue(CatalogueCommand::Import { file }) => {
            recommend::catalogue_import(cli.data_dir, &file)
        }
        Command::Catalogue(CatalogueCommand::Stats { json }) => {
            recommend::catalogue_stats(cli.data_dir, json)
        }
        Command::Recommend {
            text,
            kind,
            k,
            strategy,
            lang,
            json,
        } => recommend::recommend(
            cli.data_dir,
            recommend::RecommendArgs {
                text,
                kind,
                k,
                strategy,
                lang,
                json,
            },
        ),
        Command::Feedback { item, value, entry } => {
            recommend::feedback(cli.data_dir, &item, &value, entry)
        }
        Command::Simulate(args) => recommend::simulate(args),
    }
}

/// The longest entry `haru add --file` reads (a diary day is kilobytes; this bounds memory).
const MAX_ENTRY_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads an entry's text for `haru add --file`. The read itself is bounded: a pipe or a device
/// (`/dev/zero`) reports no size and would otherwise be read until memory runs out.
fn read_text_file(path: &std::path::Path) -> Result<String, AppError> {
    use std::io::Read;
    let cannot = |err: std::io::Error| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot read {}: {err}", path.display()),
        )
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(cannot)?
        .take(MAX_ENTRY_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_ENTRY_FILE_BYTES {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "{} is larger than {MAX_ENTRY_FILE_BYTES} bytes, too long for one entry: nothing \
                 was saved",
                path.display()
            ),
        ));
    }
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

/// Diary text as the human-readable output prints it: control characters (an escape sequence
/// pasted or imported into an entry could retitle the terminal, clear it or hide lines) are
/// shown as `\x1b`-style escapes; line breaks (`\n`, `\r\n`) and tabs stay. `--json` prints
/// the text exactly.
fn for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    let keep = |c: char, next: Option<char>| {
        !c.is_control() || c == '\n' || c == '\t' || (c == '\r' && next == Some('\n'))
    };
    let mut chars = text.chars().peekable();
    let mut clean = true;
    while let Some(c) = chars.next() {
        if !keep(c, chars.peek().copied()) {
            clean = false;
            break;
        }
    }
    if clean {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if keep(c, chars.peek().copied()) {
            out.push(c);
        } else {
            out.push_str(&format!("\\x{:02x}", u32::from(c)));
        }
    }
    std::borrow::Cow::Owned(out)
}
