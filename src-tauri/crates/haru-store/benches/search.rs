//! Search speed over a 10,000-entry diary: `cargo bench -p haru-store --bench search`.
//! Prints a Markdown table (median and p95 per query shape). A benchmark, not a test: it
//! asserts nothing about time.

use std::time::{Duration, Instant};

use haru_store::Store;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::process::Command::new(env!("CARGO"))
        .args([
            "run",
            "--release",
            "-q",
            "-p",
            "haru-store",
            "--example",
            "seed",
            "--",
        ])
        .arg(dir.path())
        .arg("10000")
        .status()
        .expect("run the seed example");
    assert!(seed.success());
    let store = Store::open_in(dir.path()).unwrap();
    println!("| query | hits | median | p95 |");
    println!("|---|---|---|---|");
    for query in [
        "학교",
        "꽃",
        "발표가 걱정",
        "river",
        "walk",
        "grateful family",
        "(#9999)",
    ] {
        let hits = store.search(query, None).unwrap().len();
        let mut times: Vec<Duration> = (0..50)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(store.search(query, None).unwrap());
                t.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "| `{query}` | {hits} | {:.2} ms | {:.2} ms |",
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[times.len() * 95 / 100].as_secs_f64() * 1e3
        );
    }
}
