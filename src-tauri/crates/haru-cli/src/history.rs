//! `haru history`, `haru export --what emotions` and the emotion filter of `haru search`: the
//! history views' data from a terminal. Entries not yet analysed (written with `haru add`, or
//! by an older model) are analysed first, with progress on stderr; without a model the
//! commands still answer from what is already analysed, and say so.

use std::io::Write;
use std::path::PathBuf;

use haru_api::commands::diary::{self, SearchQuery};
use haru_api::commands::emotions::{self, HistoryQuery};
use haru_core::SearchHit;
use haru_core::{AppError, ErrorCode, LABELS};
use haru_emotion::{ModelMeta, ModelPaths};
use haru_store::Store;

/// Brings every entry's analysis up to date with the shipped model.
pub fn ensure_analysed(store: &mut Store) {
    let mut progress = crate::progress::Progress::new("analysing", "entries", 0);
    let caught_up = haru_analysis::catch_up(store, &ModelPaths::locate(), 1, |done, total| {
        progress.update(done, total)
    });
    progress.finish();
    if let Some(problem) = caught_up.problem {
        eprintln!(
            "haru: note: emotion analysis unavailable ({problem}); showing entries analysed \
             earlier only"
        );
    }
}

/// `haru history`, as the app's history views read it (`haru_api::commands::emotions`).
pub fn history(store: &mut Store, query: &HistoryQuery<'_>, json: bool) -> Result<(), AppError> {
    // A mistyped period or date is refused before any analysis.
    query.check()?;
    ensure_analysed(store);
    let periods = emotions::history(store, query)?;
    if json {
        let rows: Vec<serde_json::Value> = periods
            .iter()
            .map(|p| {
                let probs: serde_json::Map<String, serde_json::Value> = LABELS
                    .iter()
                    .zip(&p.probs)
                    .map(|(l, v)| ((*l).to_owned(), serde_json::json!(round4(*v))))
                    .collect();
                serde_json::json!({
                    "period": p.period, "start": p.start, "end": p.end,
                    "entries": p.entries, "probs": probs,
                })
            })
            .collect();
        return crate::output::print_json(&rows);
    }
    let mut out = std::io::stdout().lock();
    for p in periods {
        let mut top: Vec<(usize, f32)> = p.probs.iter().copied().enumerate().collect();
        top.sort_by(|a, b| b.1.total_cmp(&a.1));
        let names: Vec<String> = top
            .iter()
            .take(3)
            .map(|(i, v)| format!("{} {:.0}%", LABELS[*i], v * 100.0))
            .collect();
        let _ = writeln!(
            out,
            "{:<10}  {:>3} entries  {}",
            p.period,
            p.entries,
            names.join(", ")
        );
    }
    Ok(())
}

fn round4(v: f32) -> f64 {
    (f64::from(v) * 10_000.0).round() / 10_000.0
}

pub fn export_emotions_csv(store: &mut Store, output: Option<PathBuf>) -> Result<(), AppError> {
    ensure_analysed(store);
    match output {
        // Whole or not at all (a temporary file renamed into place), and private (0600).
        Some(path) => haru_portability::export_to(store, "csv", &path)
            .map(|_| ())
            .map_err(AppError::from),
        None => std::io::stdout()
            .write_all(haru_portability::emotions_csv(store)?.0.as_bytes())
            .map_err(|err| AppError::new(ErrorCode::Io, err.to_string())),
    }
}

/// `haru search WORDS --emotion LABEL --from D --to D --tag T`, as the app's search panel
/// finds entries (`haru_api::commands::diary::search`): an emotion counts when its stored
/// probability reaches the shipped model's threshold for it, so with `--emotion` the entries
/// are brought up to date with the model first (an unknown feeling is refused before that).
pub fn search(
    store: &mut Store,
    words: &str,
    query: &SearchQuery<'_>,
) -> Result<Vec<SearchHit>, AppError> {
    let thresholds = match query.emotion {
        None => None,
        Some(label) => {
            diary::emotion_filter(label, None)?;
            ensure_analysed(store);
            ModelMeta::load(&ModelPaths::locate().meta)
                .ok()
                .map(|meta| meta.thresholds)
        }
    };
    diary::search(store, words, query, thresholds.as_ref().map(|t| &t[..]))
}
