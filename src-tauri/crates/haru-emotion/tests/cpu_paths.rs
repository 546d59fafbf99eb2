//! The same reading on every CPU: ONNX Runtime picks its int8 kernels from the CPU it runs on
//! (AVX-512 VNNI, AVX2, SSE), so a model whose kernels round or saturate differently per path
//! reads a diary differently on different laptops. `models/fixtures/cpu_paths.json` (written by
//! `models/eval.py`) holds GoEmotions dev in English and in Korean with the gold labels and the
//! **fp32** model's probabilities, and a fixed 500-row subset per language with the shipped int8
//! model's probabilities as Python read them.
//!
//! Natively (`cargo test`, part of `make test`) every dev row is read: the int8 macro-F1
//! (shipped thresholds) must stay within the fixture's bound of the fp32 model's, language by
//! language. `make cpu-paths` runs the same test under `qemu-x86_64 -cpu Haswell` (AVX2) and
//! `-cpu Nehalem` (SSE) with `HARU_CPU_PATH_SUBSET=1`, where only the subset is read (QEMU is
//! 10–20× slower; AVX2 about 30×, so that path reads the subset's first 250 rows,
//! `HARU_CPU_PATH_ROWS`): there the readings must match the fixture's int8 readings on average
//! (mean |Δp|), in their label decisions (≤ 0.5% differ) and in macro-F1 (within the bound), so
//! every path reads like the native one, whose full-set gap to fp32 is checked above. (On a
//! 500-row subset one flipped rare label moves macro-F1 by ~0.002–0.005, so the subset is
//! compared with the reference reading, and only the full set with fp32.)

mod common;

use haru_emotion::NUM_LABELS;
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    model_id: String,
    /// Largest allowed macro-F1 difference (int8 vs fp32; this path vs the reference reading).
    max_macro_f1_gap: f64,
    /// Largest allowed |Δp| between this path and the fixture's int8 reading.
    tolerance: f32,
    languages: Vec<Language>,
}

#[derive(Deserialize)]
struct Language {
    lang: String,
    /// Row indices that carry `int8`, the reference reading checked on every path.
    subset: Vec<usize>,
    rows: Vec<Row>,
}

#[derive(Deserialize)]
struct Row {
    text: String,
    labels: Vec<usize>,
    fp32: Vec<f32>,
    #[serde(default)]
    int8: Option<Vec<f32>>,
}

type Probs = [f32; NUM_LABELS];

/// Largest mean |Δp| between a CPU path and the reference reading (measured: 0.000 natively,
/// about 0.001 under SSE).
const MAX_MEAN_DELTA: f64 = 0.005;
/// How far a CPU path's macro-F1 on the 500-row subset may be from the reference reading's.
/// On 500 rows one decision of a rare label (support 1–3) moves macro-F1 by up to ~0.007, so
/// the subset cannot resolve the full dev split's 0.005 (`max_macro_f1_gap`, checked natively on
/// every dev row against fp32): SSE's float rounding flipped 11 of 14,000 Korean decisions and
/// moved the subset's macro-F1 by 0.0066. A saturating kernel shows in the mean |Δp| and the
/// decisions first (v3 on AVX2: 0.03–0.07 on most probabilities).
const MAX_SUBSET_MACRO_F1_GAP: f64 = 0.01;

fn probs(v: &[f32]) -> Probs {
    v.try_into().expect("28 probabilities")
}

/// Macro-F1 over the labels present in the gold rows or predicted by either reading (a label
/// with no gold and no prediction is skipped, as `models/common.py` does).
fn macro_f1(gold: &[Vec<usize>], probs: &[Probs], thresholds: &[f32]) -> f64 {
    let mut sum = 0.0;
    let mut labels = 0;
    for label in 0..NUM_LABELS {
        let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
        for (g, p) in gold.iter().zip(probs) {
            let truth = g.contains(&label);
            let predicted = p[label] >= thresholds[label];
            match (truth, predicted) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                (false, false) => {}
            }
        }
        if tp + fn_ == 0 {
            continue; // no gold support in this subset: F1 undefined, skipped on both sides
        }
        sum += 2.0 * f64::from(tp) / f64::from(2 * tp + fp + fn_);
        labels += 1;
    }
    sum / f64::from(labels.max(1))
}

fn fixture() -> Fixture {
    let path = common::models_dir().join("fixtures/cpu_paths.json");
    let bytes = std::fs::read(&path).unwrap_or_else(|err| {
        panic!(
            "{} is needed ({err}): `make -C models eval` writes it",
            path.display()
        )
    });
    serde_json::from_slice(&bytes).expect("cpu_paths.json parses")
}

#[test]
fn every_cpu_path_reads_like_the_reference_and_int8_like_fp32() {
    let fx = fixture();
    let mut model = common::load_model();
    assert_eq!(
        fx.model_id,
        model.model_id(),
        "fixture is for another model"
    );
    assert!(
        fx.max_macro_f1_gap <= 0.005,
        "the bound is the issue's 0.005"
    );
    assert!(fx.tolerance <= 0.04, "the parity tolerance");
    let subset_only = std::env::var_os("HARU_CPU_PATH_SUBSET").is_some();
    // HARU_CPU_PATH_ROWS=N reads only the subset's first N rows (every tenth dev row, so
    // still spread over dev): `make cpu-paths` sets it for the AVX2 path, the slowest to
    // emulate. Unset or empty: the whole subset.
    let subset_rows = std::env::var("HARU_CPU_PATH_ROWS")
        .ok()
        .filter(|v| !v.is_empty())
        .map(|v| {
            v.parse::<usize>()
                .expect("HARU_CPU_PATH_ROWS is a row count")
        })
        .unwrap_or(usize::MAX);
    assert!(subset_rows >= 100, "at least 100 subset rows per language");
    let thresholds = *model.thresholds();
    model.set_max_batch(1); // one text per run, as the fixture's readings
    for language in &fx.languages {
        let lang = &language.lang;
        assert!(language.subset.len() >= 200, "{lang}: too few subset rows");

        // 1. This CPU path against the reference int8 reading, on the subset.
        let rows: Vec<&Row> = language
            .subset
            .iter()
            .take(subset_rows)
            .map(|&i| &language.rows[i])
            .collect();
        let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
        let here = model.analyse_batch(&texts).unwrap();
        let reference: Vec<Probs> = rows
            .iter()
            .map(|r| probs(r.int8.as_deref().expect("subset rows carry int8")))
            .collect();
        let gold: Vec<Vec<usize>> = rows.iter().map(|r| r.labels.clone()).collect();
        let deltas: Vec<f32> = here
            .iter()
            .zip(&reference)
            .flat_map(|(a, b)| a.iter().zip(b).map(|(x, y)| (x - y).abs()))
            .collect();
        let worst = deltas.iter().copied().fold(0f32, f32::max);
        let mean_dp = deltas.iter().map(|&d| f64::from(d)).sum::<f64>() / deltas.len() as f64;
        let flipped = here
            .iter()
            .zip(&reference)
            .flat_map(|(a, b)| {
                (0..NUM_LABELS).map(move |j| (a[j] >= thresholds[j]) != (b[j] >= thresholds[j]))
            })
            .filter(|&f| f)
            .count();
        let (f1_here, f1_ref) = (
            macro_f1(&gold, &here, &thresholds),
            macro_f1(&gold, &reference, &thresholds),
        );
        eprintln!(
            "cpu path, {lang}: {} subset rows, |Δp| vs reference mean {mean_dp:.5} worst {worst:.5}, \
             {flipped} of {} decisions differ, macro-F1 {f1_here:.4} (reference {f1_ref:.4})",
            rows.len(),
            deltas.len()
        );
        // The integer products are the same on every path (no pair of weights can saturate);
        // what differs is float rounding (exp, erf, LayerNorm kernels per instruction set),
        // which moves an activation across an int8 rounding step now and then. That shows as a
        // rare outlier (up to ~0.045 on one of 14,000 probabilities under SSE), so the bound is on
        // the mean, the decisions and the macro-F1; the parity test bounds every probability
        // of its fixture with the one tolerance.
        assert!(
            mean_dp <= MAX_MEAN_DELTA,
            "{lang}: this CPU path reads {mean_dp:.5} away from the reference on average"
        );
        assert!(
            flipped * 200 <= deltas.len(),
            "{lang}: {flipped} of {} label decisions differ from the reference reading",
            deltas.len()
        );
        assert!(
            (f1_here - f1_ref).abs() <= MAX_SUBSET_MACRO_F1_GAP,
            "{lang}: macro-F1 {f1_here:.4} on this CPU path vs {f1_ref:.4} for the reference reading"
        );
        if subset_only {
            continue;
        }

        // 2. Natively, every dev row: int8 against fp32.
        let texts: Vec<&str> = language.rows.iter().map(|r| r.text.as_str()).collect();
        let gold: Vec<Vec<usize>> = language.rows.iter().map(|r| r.labels.clone()).collect();
        let fp32: Vec<Probs> = language.rows.iter().map(|r| probs(&r.fp32)).collect();
        let int8 = model.analyse_batch(&texts).unwrap();
        let f1_fp32 = macro_f1(&gold, &fp32, &thresholds);
        let f1_int8 = macro_f1(&gold, &int8, &thresholds);
        let mean_dp = int8
            .iter()
            .zip(&fp32)
            .flat_map(|(a, b)| a.iter().zip(b).map(|(x, y)| f64::from((x - y).abs())))
            .sum::<f64>()
            / (int8.len() * NUM_LABELS) as f64;
        eprintln!(
            "int8 vs fp32, {lang}: {} rows, macro-F1 {f1_int8:.4} vs {f1_fp32:.4}, mean |Δp| {mean_dp:.4}",
            texts.len()
        );
        assert!(
            (f1_int8 - f1_fp32).abs() <= fx.max_macro_f1_gap,
            "{lang}: int8 macro-F1 {f1_int8:.4} is more than {} from fp32's {f1_fp32:.4}",
            fx.max_macro_f1_gap
        );
        assert!(mean_dp <= 0.01, "{lang}: mean |Δp| {mean_dp} from fp32");
    }
}

#[test]
fn macro_f1_counts_like_the_python_side() {
    // Two labels with support: label 0 perfect (F1 1), label 1 one hit, one miss, one false
    // alarm (F1 0.5); label 2 has no gold support and is skipped.
    let gold = vec![vec![0, 1], vec![1], vec![0]];
    let mut probs = vec![[0.0f32; NUM_LABELS]; 3];
    probs[0][0] = 0.9;
    probs[0][1] = 0.9;
    probs[1][2] = 0.9;
    probs[2][0] = 0.9;
    probs[2][1] = 0.9;
    let thresholds = [0.5f32; NUM_LABELS];
    let f1 = macro_f1(&gold, &probs, &thresholds);
    assert!((f1 - 0.75).abs() < 1e-9, "{f1}");
}
