//! `haru recommend`, `haru feedback`, `haru catalogue …` and `haru simulate`: recommendations
//! from a terminal, over the same `haru-recommend` service the app uses.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use haru_core::{AppError, ErrorCode};

use crate::progress::Progress;
use haru_api::commands::recommend::{self, CatalogueFile};
use haru_emotion::ModelPaths;
use haru_recommend::build::{self, BuildOptions};
use haru_recommend::Vectorizer;

/// The emotion model as the recommender's vectorizer.
struct ModelVectorizer;

impl ModelVectorizer {
    fn load(threads: usize) -> Result<haru_analysis::ModelVectorizer, AppError> {
        haru_analysis::ModelVectorizer::load(&ModelPaths::locate(), threads)
    }
}

/// Where `haru catalogue build` writes: `--resources`, `$HARU_RESOURCE_DIR`, else the checkout's
/// `resources/` (development builds only: an installed `haru` must be told).
fn resources_for_writing(explicit: Option<PathBuf>) -> Result<PathBuf, AppError> {
    explicit
        .or_else(|| std::env::var_os("HARU_RESOURCE_DIR").map(PathBuf::from))
        .or_else(|| haru_bundle::source_root().map(|root| root.join("resources")))
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                "where should the catalogues go? pass --resources DIR",
            )
        })
}

/// `../shared/data` beside the checkout (development builds only); an installed `haru` needs
/// the folder named with `option`.
fn shared_data(option: &str) -> Result<PathBuf, AppError> {
    haru_bundle::source_root()
        .and_then(|root| root.parent())
        .map(|parent| parent.join("shared/data"))
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("no source data folder is known to this build: pass {option} DIR"),
            )
        })
}

pub fn catalogue_build(
    data: Option<PathBuf>,
    resources: Option<PathBuf>,
    limit: Option<usize>,
    threads: usize,
) -> Result<(), AppError> {
    let data_dir = match data {
        Some(dir) => dir,
        None => shared_data("--data")?,
    };
    if !data_dir.join("movies").is_dir() {
        return Err(AppError::new(
            ErrorCode::NotFound,
            format!(
                "no source data in {} (expected movies/ and music/); pass --data DIR",
                data_dir.display()
            ),
        ));
    }
    let opts = BuildOptions {
        data_dir,
        resources: resources_for_writing(resources)?,
        limit,
    };
    let mut model = ModelVectorizer::load(threads)?;
    let mut bar = Progress::new("", "", 0);
    let cancel = AtomicBool::new(false);
    let report = build::build(
        &opts,
        &mut model,
        &mut |s, d, t| {
            bar.stage(s);
            bar.update(d, t)
        },
        &cancel,
    )?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "catalogues written to {}: {} movies, {} songs",
        opts.resources.join("catalogue").display(),
        report.movies,
        report.music
    );
    for (source, n) in &report.per_source {
        let _ = writeln!(out, "  {source:<16} {n}");
    }
    let _ = writeln!(
        out,
        "texts analysed: {} (from an earlier interrupted run: {})",
        report.texts_analysed, report.texts_from_cache
    );
    let _ = writeln!(
        out,
        "music mood mapping on {}: held-out accuracy {:.1}%, 5-fold CV {:.1}%",
        report.mood_mapping.calibrated_on,
        report.mood_mapping.held_out_accuracy * 100.0,
        report.mood_mapping.cv_accuracy * 100.0
    );
    Ok(())
}

pub fn catalogue_annotate(
    data: Option<PathBuf>,
    resources: Option<PathBuf>,
) -> Result<(), AppError> {
    let data_dir = match data {
        Some(dir) => dir,
        None => shared_data("--data")?,
    };
    let opts = BuildOptions {
        data_dir,
        resources: resources_for_writing(resources)?,
        limit: None,
    };
    let report = build::annotate(&opts)?;
    println!(
        "catalogues in {} annotated: {} titles with a content rating, {} songs with energy and \
         valence ({} explicit)",
        opts.resources.join("catalogue").display(),
        report.titles_with_rating,
        report.songs_with_features,
        report.explicit_songs
    );
    Ok(())
}

/// The card as the CLI contract prints it.
#[derive(serde::Serialize)]
struct CliCard<'a> {
    id: &'a str,
    kind: &'a str,
    title: &'a str,
    year: Option<i32>,
    genres: &'a [String],
    language: Option<&'a str>,
    score: f32,
    why: &'a str,
    /// The strategy the list was ranked for (a heavy day defaults to comfort).
    strategy: &'a str,
    /// Songs: energy and musical valence (0–1) from their audio features.
    #[serde(skip_serializing_if = "Option::is_none")]
    energy: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valence: Option<f32>,
    /// Films and series: preschool, kids, family or general.
    #[serde(skip_serializing_if = "Option::is_none")]
    audience: Option<&'a str>,
}

pub struct RecommendArgs {
    pub text: String,
    pub kind: Option<String>,
    pub k: usize,
    pub strategy: Option<String>,
    pub lang: String,
    pub json: bool,
}

pub fn recommend(data_dir: Option<PathBuf>, args: RecommendArgs) -> Result<(), AppError> {
    let kinds: Vec<haru_core::ItemKind> = match args.kind.as_deref() {
        None => vec![haru_core::ItemKind::Movie, haru_core::ItemKind::Music],
        Some(k) => vec![haru_core::ItemKind::parse(k).ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("--kind must be movie or music (got '{k}')"),
            )
        })?],
    };
    if args.text.trim().is_empty() {
        return Err(AppError::new(
            ErrorCode::EmptyEntry,
            "--text is empty: nothing to recommend for",
        ));
    }
    if !(1..=100).contains(&args.k) {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            "--k must be from 1 to 100",
        ));
    }
    let mut store = crate::open_store(data_dir)?;
    let chosen = match args.strategy.as_deref() {
        Some(s) => Some(haru_core::Strategy::parse(s).ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("--strategy must be match, comfort or lift (got '{s}')"),
            )
        })?),
        None => None,
    };
    let mut model = ModelVectorizer::load(1)?;
    let mut recommender = recommend::load(&store, Some(&model.model_sha256()))?;
    refresh_stale(&mut store, &mut recommender, &mut model)?;
    let probs = model.model_mut().analyse(&args.text)?.probs.to_vec();
    let strategy = match chosen {
        Some(s) => s,
        None => haru_recommend::Recommender::default_strategy(&store, None, Some(&probs))?,
    };
    let mut cards = Vec::new();
    for kind in kinds {
        let ask = haru_recommend::service::Ask {
            entry_id: None,
            probs: &probs,
            kind,
            k: args.k,
            strategy,
            lang: &args.lang,
        };
        cards.extend(recommender.recommend(&mut store, &ask)?);
    }
    if args.json {
        let out: Vec<CliCard> = cards
            .iter()
            .map(|c| CliCard {
                id: &c.id,
                kind: c.kind.as_str(),
                title: &c.title,
                year: c.year,
                genres: &c.genres,
                language: c.language.as_deref(),
                score: c.score,
                why: &c.why,
                strategy: strategy.as_str(),
                energy: c.energy,
                valence: c.valence,
                audience: c.audience.map(|a| a.as_str()),
            })
            .collect();
        return crate::output::print_json(&out);
    }
    let mut out = std::io::stdout().lock();
    for c in &cards {
        let year = c.year.map(|y| format!(" ({y})")).unwrap_or_default();
        let by = c
            .creator
            .as_deref()
            .map(|a| format!(" — {a}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "[{}] {}{}{}  id={}",
            c.kind.as_str(),
            c.title,
            year,
            by,
            c.id
        );
        let _ = writeln!(out, "      {}", c.why);
    }
    Ok(())
}

/// Imported items read by an older model are read again first (with a progress bar), so
/// vectors of two models are never ranked together.
fn refresh_stale(
    store: &mut haru_store::Store,
    recommender: &mut haru_recommend::Recommender,
    model: &mut haru_analysis::ModelVectorizer,
) -> Result<(), AppError> {
    let mut bar = Progress::new("", "", 0);
    recommend::refresh_stale(store, recommender, model, &mut |d, t| {
        bar.stage("refresh");
        bar.update(d, t)
    })?;
    Ok(())
}

pub fn feedback(
    data_dir: Option<PathBuf>,
    item: &str,
    value: &str,
    entry: Option<i64>,
) -> Result<(), AppError> {
    let value = haru_core::FeedbackValue::parse(value).ok_or_else(|| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("--value must be like, dislike, seen or not-now (got '{value}')"),
        )
    })?;
    let mut store = crate::open_store(data_dir)?;
    let mut recommender = recommend::load(&store, None)?;
    recommender.feedback(&mut store, item, entry, value)?;
    println!("{} recorded for {item}", value.as_str());
    Ok(())
}

pub fn catalogue_import(data_dir: Option<PathBuf>, file: &std::path::Path) -> Result<(), AppError> {
    let bytes = std::fs::read(file).map_err(|e| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot read {}: {e}", file.display()),
        )
    })?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let catalogue = CatalogueFile::read(&name, &bytes)?;
    let mut store = crate::open_store(data_dir)?;
    let mut model = if catalogue.needs_model() {
        Some(ModelVectorizer::load(1)?)
    } else {
        None
    };
    if let Some(model) = model.as_mut() {
        let mut recommender = recommend::load(&store, None)?;
        refresh_stale(&mut store, &mut recommender, model)?;
    }
    let mut bar = Progress::new("", "", 0);
    let (report, _) = catalogue.import(
        &mut store,
        model.as_mut().map(|m| m as &mut dyn Vectorizer),
        &mut |d, t| {
            bar.stage("import");
            bar.update(d, t)
        },
    )?;
    println!(
        "imported {} item(s) from {}",
        report.imported,
        file.display()
    );
    for e in &report.errors {
        eprintln!("  row {}: {}", e.row, e.reason);
    }
    if report.imported == 0 && !report.errors.is_empty() {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!("no row of {} could be imported", file.display()),
        ));
    }
    Ok(())
}

pub fn catalogue_stats(data_dir: Option<PathBuf>, json: bool) -> Result<(), AppError> {
    let store = crate::open_store(data_dir)?;
    let recommender = recommend::load(&store, None)?;
    let stats = recommender.stats(&store)?;
    if json {
        return crate::output::print_json(&stats);
    }
    println!(
        "movies: {}\nsongs: {}\nyour items: {} ({} waiting for the current model)",
        stats.movies, stats.music, stats.user_items, stats.stale_items
    );
    println!(
        "model sha256: {}",
        stats.model_sha256.as_deref().unwrap_or("(mixed)")
    );
    println!(
        "top genres: {}",
        stats
            .genres
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

/// `haru simulate`'s options: the simulated users ([`SimulateArgs::mix`]), their day texts and
/// the report.
#[derive(clap::Args)]
pub struct SimulateArgs {
    #[arg(long, default_value_t = 200)]
    pub users: usize,
    #[arg(long, default_value_t = 30)]
    pub days: usize,
    /// Items per kind per day.
    #[arg(long, default_value_t = 5)]
    pub k: usize,
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Share of users who want their mood lifted.
    #[arg(long, default_value_t = 0.5)]
    pub lift_share: f32,
    /// Share of users with a preferred language.
    #[arg(long, default_value_t = 0.6)]
    pub language_share: f32,
    /// Noise in the users' judgement (standard deviation).
    #[arg(long, default_value_t = 0.6)]
    pub noise: f32,
    /// Day texts drawn from the emotion data (half English, half Korean).
    #[arg(long, default_value_t = 400)]
    pub texts: usize,
    /// The emotion data folder (default: ../shared/data/emotion beside the checkout).
    #[arg(long, value_name = "DIR")]
    pub emotion_data: Option<PathBuf>,
    /// A heavy-day panel (TSV: lang, situation, text): report what match, comfort and
    /// lift offer on those days, and satisfaction by day of users living through them.
    #[arg(long, value_name = "TSV")]
    pub panel: Option<PathBuf>,
    /// Write the report here.
    #[arg(long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

impl SimulateArgs {
    pub fn mix(&self) -> haru_recommend::simulate::Mix {
        haru_recommend::simulate::Mix {
            users: self.users,
            days: self.days,
            k: self.k,
            seed: self.seed,
            lift_share: self.lift_share,
            language_share: self.language_share,
            noise: self.noise,
        }
    }
}

/// The panel file's texts (TSV with a header: lang, situation, text).
fn panel_texts(path: &std::path::Path) -> Result<Vec<String>, AppError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    let texts: Vec<String> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.splitn(3, '\t').nth(2))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    if texts.is_empty() {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "{} holds no entries (expected a header, then lang<TAB>situation<TAB>text lines)",
                path.display()
            ),
        ));
    }
    Ok(texts)
}

/// `haru simulate --panel FILE`: what each strategy offers on the panel's days, and users
/// who want match, comfort or lift living through them.
fn simulate_panel(
    args: &SimulateArgs,
    path: &std::path::Path,
    catalogue: &haru_recommend::Catalogue,
    model: &mut haru_analysis::ModelVectorizer,
) -> Result<String, AppError> {
    use haru_core::Strategy;
    let texts = panel_texts(path)?;
    let mut days = Vec::with_capacity(texts.len());
    for chunk in texts.chunks(32) {
        days.extend(model.vectorize(chunk)?);
    }
    let started = Instant::now();
    let report = haru_recommend::simulate::panel(catalogue, &days, args.k);
    let runs: Vec<_> = Strategy::ALL
        .iter()
        .map(|&s| {
            (
                s,
                haru_recommend::simulate::run_with(catalogue, &days, &args.mix(), Some(s)),
            )
        })
        .collect();
    if args.json {
        let json = serde_json::json!({
            "panel": report,
            "simulations": runs.iter().map(|(s, r)| serde_json::json!({"strategy": s, "report": r})).collect::<Vec<_>>(),
        });
        return Ok(serde_json::to_string_pretty(&json).unwrap());
    }
    let m = &args.mix();
    let mut out = format!(
        "Heavy-day panel `{}`: {} entries, {} read as heavy by `fit::heavy_day`; {} movies + {} \
         songs per entry and strategy, prior weights, no stated tastes.\n\n{}\nMatch and lift \
         share {:.1}% of an entry's picks.\n",
        path.display(),
        report.days,
        report.heavy,
        m.k,
        m.k,
        report.table(),
        100.0 * report.match_lift_overlap
    );
    for (s, r) in &runs {
        out.push_str(&format!(
            "\nUsers who all want *{}*, living through the panel's days ({} users × {} days, seed \
             {}, language share {}, noise {}): fit-aware satisfaction, taste-only in brackets.\n\n{}",
            s.as_str(),
            m.users,
            m.days,
            m.seed,
            m.language_share,
            m.noise,
            r.table()
        ));
    }
    out.push_str(&format!("\n{:.0} s.\n", started.elapsed().as_secs_f64()));
    Ok(out)
}

pub fn simulate(args: SimulateArgs) -> Result<(), AppError> {
    let mix = args.mix();
    let resources = haru_recommend::catalogue::locate_resources()?;
    let catalogue = haru_recommend::Catalogue::load_shipped(&resources)?;
    if let Some(path) = &args.panel {
        let mut model = ModelVectorizer::load(1)?;
        let text = simulate_panel(&args, path, &catalogue, &mut model)?;
        return write_report(args.output.as_deref(), text);
    }
    let emotion_dir = match args.emotion_data {
        Some(dir) => dir,
        None => shared_data("--emotion-data")?.join("emotion"),
    };
    let mut model = ModelVectorizer::load(1)?;
    let texts = haru_recommend::simulate::day_texts(&emotion_dir, args.texts / 2, args.seed)?;
    let mut bar = Progress::new("", "", 0);
    let mut days = Vec::with_capacity(texts.len());
    for (i, chunk) in texts.chunks(32).enumerate() {
        days.extend(model.vectorize(chunk)?);
        bar.stage("days");
        bar.update(((i + 1) * 32).min(texts.len()), texts.len());
    }
    let started = Instant::now();
    let report = haru_recommend::simulate::run(&catalogue, &days, &mix);
    let text =
        if args.json {
            serde_json::to_string_pretty(&report).unwrap()
        } else {
            let m = &report.mix;
            format!(
            "Satisfaction (likes / shown; users also reject picks that do not fit the day, taste \
             alone in brackets), {} users × {} days, {} movies + {} songs a day, seed {}, lift \
             share {}, language share {}, noise {}; {} day texts (GoEmotions dev + KOTE val, first \
             person), {} of them heavy days; {:.0} s.\n\n{}",
            m.users, m.days, m.k, m.k, m.seed, m.lift_share, m.language_share, m.noise,
            report.day_texts,
            days.iter().filter(|p| haru_recommend::fit::heavy_day(p)).count(),
            started.elapsed().as_secs_f64(), report.table()
        )
        };
    write_report(args.output.as_deref(), text)
}

fn write_report(output: Option<&std::path::Path>, text: String) -> Result<(), AppError> {
    match output {
        Some(path) => std::fs::write(path, text + "\n").map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!("cannot write {}: {e}", path.display()),
            )
        }),
        None => {
            println!("{text}");
            Ok(())
        }
    }
}
