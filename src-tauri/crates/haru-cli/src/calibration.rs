//! `haru simulate-calibration`: measures Haru's per-diary learning from check-ins
//! (`haru_insights::calibration`) with simulated writers over the emotion dev splits, as read by
//! the shipped model (`haru analyze --input` output beside each split's gold labels), and writes
//! the table of `tests/bench/CALIBRATION.md`, with a line on how the same measure came out with
//! other seeds ([`CHECK_SEEDS`]: one seed's 500 writers move the gain by half a point).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use haru_core::{AppError, ErrorCode, LABELS};
use haru_emotion::{ModelMeta, ModelPaths};
use haru_insights::calibration::{
    simulate, Row, LOWER_EVIDENCE, LOWEST, MIN_CORRECTIONS, MIN_EVIDENCE, NEVER_SILENCE,
    REMAP_SHARE, SHARE, SILENCE, TRUSTED,
};

/// The other seeds the report also runs (odd: the writers' generator takes `seed | 1`).
pub const CHECK_SEEDS: [u64; 8] = [1, 3, 5, 9, 11, 13, 15, 17];

/// One language's dev split: the model's readings (JSON Lines from `haru analyze`) and the
/// gold labels (GoEmotions TSV: text, comma-separated label indices).
pub struct Split {
    pub name: String,
    pub probs: PathBuf,
    pub gold: PathBuf,
}

fn bad(path: &Path, detail: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::InvalidInput,
        format!("{}: {detail}", path.display()),
    )
}

fn read_rows(split: &Split) -> Result<Vec<Row>, AppError> {
    let probs = std::fs::read_to_string(&split.probs).map_err(|e| bad(&split.probs, e))?;
    let gold = std::fs::read_to_string(&split.gold).map_err(|e| bad(&split.gold, e))?;
    let mut rows = Vec::new();
    for (n, (line, gold_line)) in probs.lines().zip(gold.lines()).enumerate() {
        let value: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| bad(&split.probs, format!("line {}: {e}", n + 1)))?;
        let probs: Vec<f32> = LABELS
            .iter()
            .map(|l| value["probs"][l].as_f64().unwrap_or(0.0) as f32)
            .collect();
        let mut labels = vec![false; LABELS.len()];
        let field = gold_line
            .split('\t')
            .nth(1)
            .ok_or_else(|| bad(&split.gold, format!("line {}: no label column", n + 1)))?;
        for index in field.split(',') {
            let i: usize = index
                .trim()
                .parse()
                .map_err(|_| bad(&split.gold, format!("line {}: label {index:?}", n + 1)))?;
            if i < labels.len() {
                labels[i] = true;
            }
        }
        rows.push(Row {
            probs,
            gold: labels,
        });
    }
    if rows.len() != gold.lines().count() {
        return Err(bad(
            &split.probs,
            "has fewer lines than the gold file (run haru analyze on the same split)",
        ));
    }
    Ok(rows)
}

/// Runs the simulation on each split and returns the Markdown report.
pub fn run(splits: &[Split], writers: usize, seed: u64) -> Result<String, AppError> {
    let meta = ModelMeta::load(&ModelPaths::locate().meta)
        .map_err(|e| AppError::new(ErrorCode::ModelUnavailable, e.to_string()))?;
    let thresholds: Vec<f32> = meta.thresholds.to_vec();
    let steps = [10, 30, 100];
    let later = 100;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Learning the writer's word: simulated writers\n\n`haru simulate-calibration \
         --writers {writers} --seed {seed}` (`make simulate-calibration`), model \
         `{}`.\n\nEach writer has 1–3 systematic disagreements with the gold labels of a dev \
         split (never names a feeling; names one whenever the model gives it half its \
         threshold; calls feeling *a* *b*), on feelings drawn in proportion to how often they \
         occur; writes {} entries drawn from the split (a day the writer would name no feeling \
         on, every gold feeling taken away by a quirk, is no check-in: the app asks for at \
         least one feeling); corrects the first ones in order; and \
         is scored (label-set F1 against its own word) on its last {later}, after 10, 30 and 100 \
         corrections. No rule is learned before {MIN_CORRECTIONS} corrections, and a rule is \
         kept only if, learned without each correction in turn (from the others, with one day \
         of evidence less), it would have read that correction closer to the writer's word \
         than the model (leave-one-out). A rule that stops predicting a feeling, or reads it as \
         another, also needs the writer's silence about it to be unlikely by the model's own \
         probabilities (the product of 1 − p over the writer's check-ins, the days the model \
         read it below its threshold included, p taken at most at {TRUSTED}: at most \
         {NEVER_SILENCE} to stop predicting it, {SILENCE} to read it as another; a feeling \
         read at 0.3 goes unnamed on four days by chance one time in four); a feeling read \
         as another needs {MIN_EVIDENCE} days that show it and {:.0}% of the days the model \
         read it. A lowered threshold needs {LOWER_EVIDENCE} named days \
         below the model's, and starts from the lowest named day (with {LOWER_EVIDENCE} at or \
         above it) from which the writer named {:.0}% of the days the model left out; it goes \
         halfway from there down to the highest day below that the writer left \
         unnamed, never below {:.0}% of the model's threshold. An entry the rules leave \
         without a feeling gets the strongest one, relative to its threshold, that they do not \
         rule out.\n",
        meta.model_id,
        steps[2] + later,
        REMAP_SHARE * 100.0,
        SHARE * 100.0,
        LOWEST * 100.0
    );
    let _ = writeln!(
        out,
        "| split | corrections | writers | F1, model | F1, with the rules | gain (points) | \
         worst writer (points) | writers > 2 points worse | writers with rules |\n\
         |---|---|---|---|---|---|---|---|---|"
    );
    let mut met = true;
    let mut others = Vec::new();
    for split in splits {
        let rows = read_rows(split)?;
        let seeds: Vec<u64> = CHECK_SEEDS.into_iter().filter(|&s| s != seed).collect();
        let runs: Vec<_> = seeds
            .iter()
            .map(|&s| simulate(&rows, &thresholds, writers, &steps, later, s))
            .collect();
        let at_30 = |run: &[haru_insights::calibration::SimulationPoint]| {
            run.iter().find(|p| p.corrections == 30).cloned()
        };
        let gains: Vec<String> = runs
            .iter()
            .filter_map(|run| at_30(run))
            .map(|p| format!("{:+.2}", (p.calibrated_f1 - p.model_f1) * 100.0))
            .collect();
        let met_on = runs
            .iter()
            .filter_map(|run| at_30(run))
            .filter(|p| p.calibrated_f1 - p.model_f1 >= 0.05)
            .count();
        let worse: Vec<String> = steps
            .iter()
            .map(|&k| {
                let n: usize = runs
                    .iter()
                    .flat_map(|run| run.iter().filter(|p| p.corrections == k))
                    .map(|p| p.writers_worse_by_2)
                    .sum();
                format!("{n} after {k}")
            })
            .collect();
        let worst = runs
            .iter()
            .flatten()
            .map(|p| p.worst_change)
            .fold(f64::INFINITY, f64::min);
        others.push(format!(
            "{}: {} (+5 or more on {met_on} of {}); writers more than 2 points worse, of \
             {}: {} (the worst {:+.1})",
            split.name,
            gains.join(", "),
            seeds.len(),
            writers * seeds.len(),
            worse.join(", "),
            worst * 100.0
        ));
        for p in simulate(&rows, &thresholds, writers, &steps, later, seed) {
            met &= p.writers_worse_by_2 == 0
                && (p.corrections != 30 || p.calibrated_f1 - p.model_f1 >= 0.05);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {:.3} | {:.3} | {:+.1} | {:+.1} | {} | {} |",
                split.name,
                p.corrections,
                p.writers,
                p.model_f1,
                p.calibrated_f1,
                (p.calibrated_f1 - p.model_f1) * 100.0,
                p.worst_change * 100.0,
                p.writers_worse_by_2,
                p.writers_with_rules
            );
        }
    }
    let _ = writeln!(
        out,
        "\nThe goal: at least +5 points after 30 corrections in both languages, and no writer \
         more than 2 points worse. {}",
        if met {
            "Met in this run."
        } else {
            "Not met in this run."
        }
    );
    let _ = writeln!(
        out,
        "\nThe same with seeds {} (tuning used these, not seed {seed}), gain after 30 \
         corrections in points: {}.",
        CHECK_SEEDS
            .iter()
            .filter(|&&s| s != seed)
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        others.join("; ")
    );
    Ok(out)
}
