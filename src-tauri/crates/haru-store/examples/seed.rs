//! Fills a data folder with synthetic diary entries for benchmarks:
//! `cargo run --release -p haru-store --example seed -- DIR COUNT [analysed]`.
//! Entries alternate Korean and English, two per day going back from 2026-11-21 (one per day
//! with `analysed`, which also stores a pseudo-random emotion analysis per entry and sentence,
//! so history views can be measured without running the model 3,650 times).

use haru_store::{Store, StoredAnalysis, StoredSentence};

const KO: &[&str] = &[
    "오늘은 아침 일찍 일어나 산책을 했다.",
    "회사에서 회의가 길어져서 조금 지쳤다.",
    "친구와 학교 앞 카페에서 오랜만에 이야기를 나눴다.",
    "비가 와서 집에서 책을 읽으며 쉬었다.",
    "저녁에 엄마가 끓여준 된장찌개가 정말 맛있었다.",
    "내일 발표가 걱정되지만 준비는 다 했다.",
    "한강에서 자전거를 타니 마음이 가벼워졌다.",
];
const EN: &[&str] = &[
    "Woke up early and went for a walk by the river.",
    "Work was long and the meetings drained me.",
    "Had coffee with an old friend near the school.",
    "It rained all day, so I stayed in and read.",
    "Dinner with family made me feel grateful.",
    "Nervous about tomorrow's presentation, but ready.",
    "Cycled along the park and felt lighter afterwards.",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: seed DIR COUNT");
    let count: usize = args
        .next()
        .expect("usage: seed DIR COUNT")
        .parse()
        .expect("COUNT");
    let analysed = args.next().as_deref() == Some("analysed");
    let mut store = Store::open_in(std::path::Path::new(&dir)).expect("open store");
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let mut rng = haru_core::XorShift(0x9e37_79b9_7f4a_7c15);
    let mut random = move || rng.below(1000) as f32 / 1000.0;
    for i in 0..count {
        let per_day = if analysed { 1 } else { 2 };
        let date = start - chrono::Days::new((i / per_day) as u64);
        let pool = if i % 2 == 0 { KO } else { EN };
        let sentences: Vec<&str> = (0..11)
            .map(|k| pool[(i * 7 + k * 3) % pool.len()])
            .collect();
        let entry = store
            .create_entry(
                &date.to_string(),
                &format!("{} (#{i})", sentences.join(" ")),
            )
            .expect("create entry");
        if analysed {
            let mut probs = || (0..28).map(|_| random().powi(3)).collect::<Vec<f32>>();
            let mut at = 0u32;
            let sentences = sentences
                .iter()
                .map(|s| {
                    let len = s.chars().count() as u32;
                    let stored = StoredSentence {
                        start_char: at,
                        end_char: at + len,
                        probs: probs(),
                    };
                    at += len + 1;
                    stored
                })
                .collect();
            store
                .save_analysis(&StoredAnalysis::of(&entry, "synthetic", probs(), sentences))
                .expect("store analysis");
        }
    }
    println!("seeded {count} entries in {dir}");
}
