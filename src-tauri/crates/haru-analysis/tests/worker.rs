//! The analysis worker with the real shipped model on a real diary file.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use haru_analysis::{entry_analysis, AnalysisWorker, Events};
use haru_core::{AnalyserStatus, ReanalysisProgress};
use haru_emotion::ModelPaths;
use haru_store::Store;

#[derive(Debug)]
enum Seen {
    Status(AnalyserStatus),
    Analysed(i64),
    Progress(ReanalysisProgress),
}

struct Recorder(Mutex<Sender<Seen>>);

impl Events for Recorder {
    fn status(&self, status: &AnalyserStatus) {
        let _ = self.0.lock().unwrap().send(Seen::Status(status.clone()));
    }
    fn analysed(&self, entry_id: i64) {
        let _ = self.0.lock().unwrap().send(Seen::Analysed(entry_id));
    }
    fn progress(&self, progress: &ReanalysisProgress) {
        let _ = self
            .0
            .lock()
            .unwrap()
            .send(Seen::Progress(progress.clone()));
    }
}

fn recorder() -> (Arc<Recorder>, Receiver<Seen>) {
    let (tx, rx) = mpsc::channel();
    (Arc::new(Recorder(Mutex::new(tx))), rx)
}

fn wait_for(rx: &Receiver<Seen>, what: &str, mut matches: impl FnMut(&Seen) -> bool) {
    loop {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(seen) if matches(&seen) => return,
            Ok(_) => {}
            Err(_) => panic!("timed out waiting for {what}"),
        }
    }
}

#[test]
fn existing_entries_are_analysed_in_the_background_and_saves_are_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let english = store
        .create_entry(
            "2026-03-01",
            "I got the job! I am so happy and grateful. 🎉",
        )
        .unwrap()
        .id;
    let korean = store
        .create_entry(
            "2026-03-02",
            "오늘은 너무 슬펐다. 강아지가 아파서 눈물이 났다.",
        )
        .unwrap()
        .id;
    let (events, rx) = recorder();
    let worker = AnalysisWorker::start(store.path().to_path_buf(), ModelPaths::locate(), 1, events);
    wait_for(&rx, "the model to be ready", |s| {
        matches!(s, Seen::Status(AnalyserStatus::Ready { .. }))
    });
    wait_for(
        &rx,
        "the backlog to finish",
        |s| matches!(s, Seen::Progress(p) if !p.running && p.done == 2 && p.total == 2),
    );
    let thresholds = worker.thresholds().expect("thresholds once ready");

    let joy = haru_core::LABELS.iter().position(|l| *l == "joy").unwrap();
    let sadness = haru_core::LABELS
        .iter()
        .position(|l| *l == "sadness")
        .unwrap();
    let happy = entry_analysis(&store, english, Some(&thresholds))
        .unwrap()
        .unwrap();
    assert!(!happy.stale);
    assert_eq!(happy.probs.len(), 28);
    assert!(happy.probs[joy] > happy.probs[sadness], "{:?}", happy.probs);
    assert_eq!(happy.sentences.len(), 2, "{:?}", happy.sentences);
    let sad = entry_analysis(&store, korean, Some(&thresholds))
        .unwrap()
        .unwrap();
    assert!(sad.probs[sadness] > sad.probs[joy], "{:?}", sad.probs);
    assert!(!sad.labels.is_empty());

    // An edit makes the stored analysis stale until the debounced re-analysis lands.
    store
        .update_entry(
            english,
            "2026-03-01",
            "Everything went wrong today. I feel awful.",
        )
        .unwrap();
    assert!(
        entry_analysis(&store, english, None)
            .unwrap()
            .unwrap()
            .stale
    );
    worker.entry_saved(english);
    wait_for(
        &rx,
        "the edited entry to be analysed",
        |s| matches!(s, Seen::Analysed(id) if *id == english),
    );
    let after = entry_analysis(&store, english, Some(&thresholds))
        .unwrap()
        .unwrap();
    assert!(!after.stale);
    assert!(after.probs[joy] < happy.probs[joy]);
    // Sentence ranges are UTF-16 offsets into the body.
    let body: Vec<u16> = store
        .get_entry(english)
        .unwrap()
        .body
        .encode_utf16()
        .collect();
    let first = &after.sentences[0];
    assert_eq!(
        String::from_utf16(&body[first.start as usize..first.end as usize]).unwrap(),
        "Everything went wrong today."
    );
}

#[test]
fn cancelling_stops_the_backlog() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    for i in 0..40 {
        store
            .create_entry(
                "2026-04-01",
                &format!("Entry {i}. A fairly ordinary day at work, then dinner with friends."),
            )
            .unwrap();
    }
    let (events, rx) = recorder();
    let worker = AnalysisWorker::start(store.path().to_path_buf(), ModelPaths::locate(), 1, events);
    wait_for(
        &rx,
        "the first backlog item",
        |s| matches!(s, Seen::Progress(p) if p.done >= 1),
    );
    worker.cancel_reanalysis();
    wait_for(
        &rx,
        "the cancellation",
        |s| matches!(s, Seen::Progress(p) if p.cancelled && !p.running),
    );
    let progress = worker.progress();
    assert!(progress.done < 40, "{progress:?}");
    assert!(progress.cancelled);
}

#[test]
fn a_missing_model_leaves_the_diary_writable_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let located = ModelPaths::locate();
    let missing = dir.path().join("no-models-here");
    let paths = ModelPaths::in_dir(&missing, &located.ort_lib);
    let (events, rx) = recorder();
    let worker = AnalysisWorker::start(store.path().to_path_buf(), paths, 1, events);
    let mut message = String::new();
    wait_for(&rx, "the unavailable status", |s| match s {
        Seen::Status(AnalyserStatus::Unavailable { message: m }) => {
            message = m.clone();
            true
        }
        _ => false,
    });
    assert!(message.contains("no-models-here"), "{message}");
    let id = store
        .create_entry("2026-05-01", "still writable")
        .unwrap()
        .id;
    worker.entry_saved(id);
    assert_eq!(store.get_entry(id).unwrap().body, "still writable");
    assert!(matches!(
        worker.status(),
        AnalyserStatus::Unavailable { .. }
    ));
}

#[test]
fn the_model_loads_for_work_and_unloads_when_idle() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let (events, rx) = recorder();
    let worker = AnalysisWorker::start_with_idle_unload(
        store.path().to_path_buf(),
        ModelPaths::locate(),
        1,
        Duration::from_secs(3),
        events,
    );
    wait_for(&rx, "the model to be ready", |s| {
        matches!(s, Seen::Status(AnalyserStatus::Ready { .. }))
    });
    assert!(
        !worker.model_loaded(),
        "nothing to analyse yet: no session in memory"
    );
    for round in 0..2 {
        let id = store
            .create_entry("2026-06-01", "What a lovely surprise party!")
            .unwrap()
            .id;
        worker.entry_saved(id);
        wait_for(
            &rx,
            "the entry to be analysed",
            |s| matches!(s, Seen::Analysed(got) if *got == id),
        );
        assert!(worker.model_loaded(), "round {round}: loaded for the work");
        assert!(entry_analysis(&store, id, None).unwrap().is_some());
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while worker.model_loaded() {
            assert!(
                std::time::Instant::now() < deadline,
                "round {round}: the idle model was never unloaded"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
