//! Fills a data folder with synthetic diary entries for benchmarks:
//! `cargo run --release -p haru-store --example seed -- DIR COUNT`.
//! Entries alternate Korean and English, one per day going back from 2026-11-21.

use haru_store::Store;

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
    let mut store = Store::open_in(std::path::Path::new(&dir)).expect("open store");
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    for i in 0..count {
        let date = start - chrono::Days::new((i / 2) as u64);
        let pool = if i % 2 == 0 { KO } else { EN };
        let body: Vec<&str> = (0..8).map(|k| pool[(i * 7 + k * 3) % pool.len()]).collect();
        store
            .create_entry(&date.to_string(), &format!("{} (#{i})", body.join(" ")))
            .expect("create entry");
    }
    println!("seeded {count} entries in {dir}");
}
