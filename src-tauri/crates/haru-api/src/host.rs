//! The front end as the application layer sees it: something that shows what long work is
//! doing. The app's host turns each [`Event`] into the window event of the same name (its
//! payload is the event, serialised), tests record them with a host of their own, and work
//! that reports progress (the analysis worker, "Your data", catalogue imports) speaks only to
//! a [`Host`], never to Tauri.

use std::sync::Arc;

use haru_core::{
    AnalyserStatus, CatalogueProgress, DataProgress, DataStage, DataTask, ReanalysisProgress,
};
use serde::Serialize;

/// What the front end is told, with the name of the window event that carries it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Event {
    /// `analyser-status`: the emotion model is loading, ready or unavailable (and why).
    AnalyserStatus(AnalyserStatus),
    /// `analysis-updated`: an entry has a new analysis.
    Analysed { entry_id: i64 },
    /// `reanalysis-progress`: entries of an older model being read again.
    Reanalysis(ReanalysisProgress),
    /// `catalogue-progress`: the writer's films and songs being read.
    Catalogue(CatalogueProgress),
    /// `data-progress`: a backup, restore, export or import.
    Data(DataProgress),
}

impl Event {
    /// The window event's name (`ui/src/lib/api.ts` listens for these).
    pub fn name(&self) -> &'static str {
        match self {
            Event::AnalyserStatus(_) => "analyser-status",
            Event::Analysed { .. } => "analysis-updated",
            Event::Reanalysis(_) => "reanalysis-progress",
            Event::Catalogue(_) => "catalogue-progress",
            Event::Data(_) => "data-progress",
        }
    }
}

/// The front end: the app's window, or a test's recorder.
pub trait Host: Send + Sync + 'static {
    fn emit(&self, event: Event);
}

/// The analysis worker's callbacks (`haru_analysis::Events`) as events to a host.
pub struct WorkerEvents(pub Arc<dyn Host>);

impl haru_analysis::Events for WorkerEvents {
    fn status(&self, status: &AnalyserStatus) {
        self.0.emit(Event::AnalyserStatus(status.clone()));
    }
    fn analysed(&self, entry_id: i64) {
        self.0.emit(Event::Analysed { entry_id });
    }
    fn progress(&self, progress: &ReanalysisProgress) {
        self.0.emit(Event::Reanalysis(progress.clone()));
    }
}

/// Reports a "Your data" task's `done` of `total` to a host, only when the stage or the whole
/// percentage changes (an import of 10,000 entries sends about a hundred events, not 10,000).
pub struct DataCounter<'a> {
    host: &'a dyn Host,
    task: DataTask,
    last: Option<(DataStage, u32, u32)>,
}

impl<'a> DataCounter<'a> {
    pub fn new(host: &'a dyn Host, task: DataTask) -> Self {
        DataCounter {
            host,
            task,
            last: None,
        }
    }

    /// `done` of `total` at `stage`.
    pub fn report(&mut self, stage: DataStage, done: u32, total: u32) {
        let percent = |done: u32, total: u32| {
            if total == 0 {
                100
            } else {
                u64::from(done) * 100 / u64::from(total)
            }
        };
        let changed = match self.last {
            None => true,
            Some((s, d, t)) => s != stage || t != total || percent(d, t) != percent(done, total),
        };
        if changed {
            self.last = Some((stage, done, total));
            self.host
                .emit(data_event(self.task, stage, Some((done, total))));
        }
    }
}

/// The `data-progress` event of `task` at `stage`, with `(done, total)` when counted.
pub fn data_event(task: DataTask, stage: DataStage, count: Option<(u32, u32)>) -> Event {
    Event::Data(DataProgress {
        task,
        stage,
        done: count.map(|c| c.0),
        total: count.map(|c| c.1),
    })
}

/// Runs `work`, announced to the host as `task`: `working` first, then `done` or `failed`.
pub fn announced<T, E>(
    host: &dyn Host,
    task: DataTask,
    work: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    host.emit(data_event(task, DataStage::Working, None));
    let result = work();
    let end = if result.is_ok() {
        DataStage::Done
    } else {
        DataStage::Failed
    };
    host.emit(data_event(task, end, None));
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Recorder(Mutex<Vec<Event>>);
    impl Host for Recorder {
        fn emit(&self, event: Event) {
            self.0.lock().unwrap().push(event);
        }
    }

    #[test]
    fn events_carry_the_window_names_and_their_payloads_as_they_were() {
        let analysed = Event::Analysed { entry_id: 7 };
        assert_eq!(analysed.name(), "analysis-updated");
        assert_eq!(
            serde_json::to_value(&analysed).unwrap(),
            serde_json::json!({"entry_id": 7})
        );
        let status = Event::AnalyserStatus(AnalyserStatus::Loading);
        assert_eq!(
            serde_json::to_value(&status).unwrap(),
            serde_json::to_value(AnalyserStatus::Loading).unwrap()
        );
    }

    #[test]
    fn a_data_counter_reports_each_whole_percent_once_and_announced_work_ends_done_or_failed() {
        let host = Recorder::default();
        {
            let mut counter = DataCounter::new(&host, DataTask::Import);
            for done in 0..=1000 {
                counter.report(DataStage::Working, done, 1000);
            }
        }
        assert_eq!(host.0.lock().unwrap().len(), 101);
        host.0.lock().unwrap().clear();
        let failed: Result<(), ()> = announced(&host, DataTask::Export, || Err(()));
        assert!(failed.is_err());
        let stages: Vec<DataStage> = host
            .0
            .lock()
            .unwrap()
            .iter()
            .map(|e| match e {
                Event::Data(p) => p.stage,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(stages, vec![DataStage::Working, DataStage::Failed]);
    }
}
