//! History query speed over ten years of daily entries (3,650 entries, ~40,000 sentences):
//! `cargo bench -p haru-insights --bench history`. Prints a Markdown table (median and p95 of
//! 30 runs). The analyses are synthetic (seeded pseudo-random distributions): this measures
//! the store query and the aggregation, not the model. Not a test: it asserts nothing.

use std::time::{Duration, Instant};

use haru_insights::{history, peaks, Period};
use haru_store::{Store, StoredAnalysis, StoredSentence};

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2016, 11, 22).unwrap();
    let mut rng = haru_core::XorShift(0x2545_f491_4f6c_dd1d);
    let mut next = move || rng.below(10_000) as f32 / 10_000.0;
    let sentence = "오늘은 평범한 하루였지만 저녁에 친구와 산책을 했다. ";
    let mut sentences_total = 0;
    for day in 0..3650u64 {
        let date = (start + chrono::Days::new(day)).to_string();
        let body = sentence.repeat(11);
        let entry = store.create_entry(&date, &body).unwrap();
        let len = sentence.chars().count() as u32;
        let mut probs = || (0..28).map(|_| next()).collect::<Vec<f32>>();
        let sentences = (0..11)
            .map(|i| StoredSentence {
                start_char: i * len,
                end_char: (i + 1) * len,
                probs: probs(),
            })
            .collect::<Vec<_>>();
        sentences_total += sentences.len();
        store
            .save_analysis(&StoredAnalysis::of(&entry, "bench", probs(), sentences))
            .unwrap();
    }
    println!(
        "{} entries, {sentences_total} sentences\n",
        store.entry_count().unwrap()
    );
    println!("| query | rows | median | p95 |");
    println!("|---|---|---|---|");
    let bench = |name: &str, f: &mut dyn FnMut() -> usize| {
        let rows = f();
        let mut times: Vec<Duration> = (0..30)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "| {name} | {rows} | {:.2} ms | {:.2} ms |",
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[times.len() * 95 / 100].as_secs_f64() * 1e3
        );
    };
    for (name, period) in [
        ("by day", Period::Day),
        ("by week", Period::Week),
        ("by month", Period::Month),
    ] {
        bench(&format!("history {name}, all ten years"), &mut || {
            history(&store.analysed_entries(None, None).unwrap(), period).len()
        });
    }
    bench("history by day, one year", &mut || {
        history(
            &store
                .analysed_entries(Some("2025-01-01"), Some("2025-12-31"))
                .unwrap(),
            Period::Day,
        )
        .len()
    });
    bench(
        "drill-down: top 20 sadness peaks, all ten years",
        &mut || peaks(&store, "sadness", None, None, 20).unwrap().len(),
    );
}
