//! The session with the real emotion model, reporting to a test's host as the app's window
//! would be told: a saved entry is analysed in the background, announced, and read back as
//! the panel shows it.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use haru_analysis::AnalysisWorker;
use haru_api::host::{Event, Host, WorkerEvents};
use haru_api::Session;
use haru_core::{AnalyserStatus, SaveOutcome, SaveRequest};

#[derive(Default)]
struct FakeHost(Mutex<Vec<Event>>);

impl Host for FakeHost {
    fn emit(&self, event: Event) {
        self.0.lock().unwrap().push(event);
    }
}

impl FakeHost {
    fn wait_for(&self, what: &str, found: impl Fn(&Event) -> bool) {
        let start = Instant::now();
        while !self.0.lock().unwrap().iter().any(&found) {
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "no {what} in {:?}",
                self.0.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[test]
fn a_saved_entry_is_analysed_announced_and_read_as_the_panel_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::open(dir.path().to_path_buf());
    let host = Arc::new(FakeHost::default());
    let events = Arc::new(WorkerEvents(host.clone()));
    session.start_analysis(|db| {
        AnalysisWorker::start(db, haru_emotion::ModelPaths::locate(), 1, events)
    });
    let SaveOutcome::Saved { entry } = session
        .save(&SaveRequest {
            id: None,
            date: "2026-03-14".into(),
            body: "My grandmother passed away today. I cried all evening and I miss her.".into(),
        })
        .unwrap()
    else {
        panic!("not saved");
    };
    host.wait_for("analysis of the entry", |e| {
        *e == Event::Analysed { entry_id: entry.id }
    });
    host.wait_for("ready status", |e| {
        matches!(e, Event::AnalyserStatus(AnalyserStatus::Ready { .. }))
    });
    let analysis = session.analysis_of(entry.id).unwrap().expect("analysed");
    assert!(!analysis.stale);
    assert!(
        analysis
            .labels
            .iter()
            .any(|l| l == "sadness" || l == "grief"),
        "{:?}",
        analysis.labels
    );
    assert_eq!(analysis.sentences.len(), 2);
    session.close();
}
