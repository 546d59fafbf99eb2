//! `cargo bench -p haru-emotion --bench analyse`: how long the model takes to load and to
//! analyse one diary entry (a 250-word, 12-sentence English entry and a Korean one), with one
//! intra-op thread. Prints a Markdown table; the median of `HARU_BENCH_RUNS` (default 20) runs
//! after one warm-up run, wall-clock and (Linux) on-CPU time of the calling thread, on which
//! ONNX Runtime computes with one thread. Variants of one measurement run in alternation.
//! Not a test: numbers depend on the machine and on what else runs.

use std::time::{Duration, Instant};

use haru_emotion::{split_sentences, EmotionModel, ModelPaths};

const ENGLISH: &str = "I woke up before the alarm today, which almost never happens, and lay in \
bed listening to the rain against the window for a while. Breakfast was just toast and coffee, \
but I ate it slowly and read a few pages of the novel Mina lent me last month. The morning \
meeting went badly because the client changed the whole plan again and everyone looked at me as \
if it were my fault. I was angry for an hour and wrote a long reply that I deleted before \
sending, which I think was the right call. At lunch Jae-won told me he is moving to Busan in the \
spring, and I did not know what to say. I am happy for him, but I will miss our walks along the \
river after work more than I admitted to him. The afternoon was quiet, so I finally fixed the \
bug that had been bothering me since Tuesday. It felt good to see the tests pass, even if nobody \
else noticed. On the way home the bus was late and crowded, and a small child kept singing the \
same song over and over until his mother started laughing too. Mom called while I was cooking \
and asked again whether I am eating properly and sleeping enough. I told her I am fine, which is \
mostly true, and promised to visit her next weekend. Tonight I feel tired but calm, and a little \
proud that I did not let one bad morning ruin the whole day.";

const KOREAN: &str = "오늘은 알람이 울리기 전에 일어나서 한참 동안 창밖의 빗소리를 들었다. \
아침은 토스트와 커피뿐이었지만 천천히 먹으면서 미나가 빌려준 소설을 몇 쪽 읽었다. \
오전 회의는 엉망이었는데, 고객이 또 계획을 통째로 바꿨고 모두가 마치 내 잘못인 것처럼 나를 쳐다봤다. \
한 시간 동안 화가 나서 긴 답장을 썼다가 보내기 전에 지웠는데 잘한 것 같다. \
점심에 재원이가 봄에 부산으로 이사 간다고 해서 뭐라고 해야 할지 몰랐다. \
잘된 일이라 기쁘지만 퇴근 후에 강변을 같이 걷던 시간이 생각보다 많이 그리울 것 같다. \
오후에는 조용해서 화요일부터 나를 괴롭히던 버그를 드디어 고쳤다. \
아무도 몰라줘도 테스트가 통과하는 걸 보니 뿌듯했다. \
집에 오는 버스는 늦고 붐볐고 어떤 아이가 같은 노래를 계속 불러서 결국 아이 엄마도 웃음을 터뜨렸다. \
저녁을 만들고 있는데 엄마가 전화해서 밥은 잘 먹고 잠은 충분히 자는지 또 물어보셨다. \
괜찮다고 말씀드리고 다음 주말에 꼭 가겠다고 약속했다. \
오늘 밤은 피곤하지만 마음이 차분하고, 아침 일 때문에 하루를 망치지 않은 내가 조금 자랑스럽다.";

fn median(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    f(); // warm-up
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

/// Time this thread has spent on a CPU (Linux; `None` elsewhere). With one intra-op thread
/// ONNX Runtime computes on the calling thread, so this leaves out the time the thread waited
/// for a core that other processes held.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        stat.split_whitespace().next()?.parse().ok()?,
    ))
}

/// Medians of wall-clock and on-CPU time, in ms.
struct Timing {
    wall: f64,
    cpu: Option<f64>,
}

impl Timing {
    fn of(wall: Vec<Duration>, cpu: Vec<Option<Duration>>) -> Timing {
        let cpu: Option<Vec<Duration>> = cpu.into_iter().collect();
        Timing {
            wall: median(wall),
            cpu: cpu.map(median),
        }
    }
}

impl std::fmt::Display for Timing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.cpu {
            Some(cpu) => write!(f, "{:.1} | {cpu:.1}", self.wall),
            None => write!(f, "{:.1} | –", self.wall),
        }
    }
}

/// Medians of `runs` runs of `f` after one warm-up run.
fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> Timing {
    time_ab(runs.div_ceil(2), |_| f())
        .into_iter()
        .reduce(|a, b| Timing {
            wall: (a.wall + b.wall) / 2.0,
            cpu: a.cpu.zip(b.cpu).map(|(x, y)| (x + y) / 2.0),
        })
        .expect("two timings")
}

/// Medians of `f(false)` and `f(true)`, measured in alternation (A B B A …) so that load
/// from other processes falls on both alike, after one warm-up run of each.
fn time_ab<T>(runs: usize, mut f: impl FnMut(bool) -> T) -> [Timing; 2] {
    f(false);
    f(true);
    let mut wall = [Vec::new(), Vec::new()];
    let mut cpu = [Vec::new(), Vec::new()];
    for i in 0..runs {
        for which in [i % 2 == 1, i % 2 == 0] {
            let (t, c) = (Instant::now(), thread_cpu());
            std::hint::black_box(f(which));
            let k = usize::from(which);
            wall[k].push(t.elapsed());
            cpu[k].push(thread_cpu().zip(c).map(|(after, before)| after - before));
        }
    }
    let [wall_a, wall_b] = wall;
    let [cpu_a, cpu_b] = cpu;
    [Timing::of(wall_a, cpu_a), Timing::of(wall_b, cpu_b)]
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    let runs: usize = std::env::var("HARU_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20)
        .max(1);
    let paths = ModelPaths::locate();

    let t = Instant::now();
    let mut model = match EmotionModel::load(&paths, 1) {
        Ok(model) => model,
        Err(err) => {
            eprintln!("analyse bench: {err}");
            std::process::exit(1);
        }
    };
    let cold_load = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    drop(EmotionModel::load(&paths, 1).expect("second load"));
    let warm_load = t.elapsed().as_secs_f64() * 1000.0;

    println!(
        "Model `{}` (`{}`), 1 intra-op thread, median of {runs} runs.\n",
        model.model_id(),
        paths.model.display()
    );
    println!("| measurement | ms | ms on CPU |");
    println!("|---|---:|---:|");
    println!(
        "| model load, first in process (ORT library + session; hash check and tokenizer \
         beside them) | {cold_load:.0} | – |"
    );
    println!(
        "| model load, again (session; hash check and tokenizer beside it) | {warm_load:.0} | – |"
    );

    for (name, text) in [("English", ENGLISH), ("Korean", KOREAN)] {
        let words = text.split_whitespace().count();
        let sentences = split_sentences(text).len();
        let tokens = model.token_ids(text).expect("tokenise").len();
        let label = format!("{name} entry ({words} words, {sentences} sentences, {tokens} tokens)");
        let full = measure(runs, || model.analyse(text).expect("analyze"));
        println!("| {label}: `analyse` (one run: the whole text and every sentence) | {full} |");
        let ms = time(runs, || {
            model
                .sentence_token_ranges(text)
                .expect("tokenise")
                .sentences
                .len()
        });
        println!(
            "| {label}: splitting + tokenising only (with each sentence's tokens) | {ms:.2} | – |"
        );
        let whole = measure(runs, || {
            model.analyse_batch(&[text]).expect("analyse_batch")
        });
        println!("| {label}: plain reading only (`analyse_batch`, no sentence marks) | {whole} |");
        let ms = time(runs, || haru_emotion::split_sentences(text));
        println!("| {label}: sentence splitting only | {ms:.3} | – |");
    }

    // Bulk scoring of short texts (one per line in `haru analyze --input`).
    let lines: Vec<String> = split_sentences(ENGLISH)
        .into_iter()
        .chain(split_sentences(KOREAN))
        .cycle()
        .take(240)
        .enumerate()
        .map(|(i, s)| format!("{} ({i})", s.text)) // unique: identical texts are scored once
        .collect();
    for batch in [haru_emotion::DEFAULT_MAX_BATCH, 1] {
        model.set_max_batch(batch);
        let t = measure(runs.min(5), || {
            model.analyse_batch(&lines).expect("analyse_batch")
        });
        let per = |ms: f64| ms / lines.len() as f64;
        println!(
            "| {} single sentences (`analyse_batch`, batch ≤ {batch}), per sentence | {:.1} | {} |",
            lines.len(),
            per(t.wall),
            t.cpu.map_or("–".into(), |c| format!("{:.1}", per(c)))
        );
    }
}
