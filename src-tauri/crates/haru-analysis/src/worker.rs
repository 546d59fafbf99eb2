//! The background thread: load the model, then analyse saved entries (debounced) first and
//! the re-analysis backlog second, one entry at a time.

use std::collections::{HashMap, VecDeque};

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use haru_core::{AnalyserStatus, ReanalysisProgress};
use haru_emotion::{EmotionModel, ModelPaths};
use haru_store::{DbFile, Integrity, Store, StoreError, StoredAnalysis, StoredSentence};

/// How long after an entry's last save it is analysed.
pub const SAVE_DEBOUNCE: Duration = Duration::from_millis(1200);

/// With nothing to analyse for this long, the model is unloaded (~150 MB back to the OS);
/// the next save loads it again in ~0.3 s.
pub const IDLE_UNLOAD: Duration = Duration::from_secs(45);

/// What the worker tells the UI (the shell turns these into window events).
pub trait Events: Send + Sync + 'static {
    fn status(&self, status: &AnalyserStatus);
    fn analysed(&self, entry_id: i64);
    fn progress(&self, progress: &ReanalysisProgress);
}

enum Message {
    Saved(i64),
    Shutdown,
}

struct Shared {
    status: Mutex<AnalyserStatus>,
    thresholds: Mutex<Option<Vec<f32>>>,
    progress: Mutex<ReanalysisProgress>,
    cancel: AtomicBool,
    model_loaded: AtomicBool,
}

/// Handle to the analysis thread; dropping it stops the thread after the entry in hand.
pub struct AnalysisWorker {
    tx: Sender<Message>,
    shared: Arc<Shared>,
    thread: std::sync::Mutex<Option<JoinHandle<()>>>,
}

impl AnalysisWorker {
    /// Starts the thread on the diary at `db_path` (a path, or a `DbFile` with the key of an
    /// encrypted diary), loading the model from `paths` with `threads` ONNX Runtime threads.
    pub fn start(
        db_path: impl Into<DbFile>,
        paths: ModelPaths,
        threads: usize,
        events: Arc<dyn Events>,
    ) -> Self {
        Self::start_with_idle_unload(db_path, paths, threads, IDLE_UNLOAD, events)
    }

    /// [`AnalysisWorker::start`] with another idle time before the model is unloaded.
    pub fn start_with_idle_unload(
        db_path: impl Into<DbFile>,
        paths: ModelPaths,
        threads: usize,
        idle_unload: Duration,
        events: Arc<dyn Events>,
    ) -> Self {
        let shared = Arc::new(Shared {
            status: Mutex::new(AnalyserStatus::Loading),
            thresholds: Mutex::new(None),
            progress: Mutex::new(ReanalysisProgress::default()),
            cancel: AtomicBool::new(false),
            model_loaded: AtomicBool::new(false),
        });
        let db_path: DbFile = db_path.into();
        let (tx, rx) = mpsc::channel();
        let thread_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("emotion-analysis".into())
            .spawn(move || {
                run(
                    db_path,
                    paths,
                    threads,
                    idle_unload,
                    rx,
                    thread_shared,
                    events,
                )
            })
            .expect("spawn the analysis thread");
        AnalysisWorker {
            tx,
            shared,
            thread: std::sync::Mutex::new(Some(thread)),
        }
    }

    /// An entry was saved: analyse it once its text has settled.
    pub fn entry_saved(&self, entry_id: i64) {
        let _ = self.tx.send(Message::Saved(entry_id));
    }

    pub fn status(&self) -> AnalyserStatus {
        self.shared
            .status
            .lock()
            .map(|s| s.clone())
            .unwrap_or(AnalyserStatus::Loading)
    }

    /// The loaded model's per-label thresholds.
    pub fn thresholds(&self) -> Option<Vec<f32>> {
        self.shared.thresholds.lock().ok().and_then(|t| t.clone())
    }

    pub fn progress(&self) -> ReanalysisProgress {
        self.shared
            .progress
            .lock()
            .map(|p| p.clone())
            .unwrap_or_default()
    }

    /// Whether the model is in memory now (it is unloaded after a while without work).
    pub fn model_loaded(&self) -> bool {
        self.shared.model_loaded.load(Ordering::SeqCst)
    }

    /// Stops the background re-analysis (entries saved from now on are still analysed).
    pub fn cancel_reanalysis(&self) {
        self.shared.cancel.store(true, Ordering::SeqCst);
        // Wake the thread so the cancellation is reported at once.
        let _ = self.tx.send(Message::Saved(i64::MIN));
    }
}

impl AnalysisWorker {
    /// Stops the thread after the entry in hand and waits for it, closing its connection to
    /// the diary (the app calls this when it closes, so the diary is left clean). Later calls
    /// do nothing.
    pub fn shutdown(&self) {
        let _ = self.tx.send(Message::Shutdown);
        let thread = self.thread.lock().ok().and_then(|mut slot| slot.take());
        if let Some(thread) = thread {
            let _ = thread.join();
        }
    }
}

impl Drop for AnalysisWorker {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn set_status(shared: &Shared, events: &dyn Events, status: AnalyserStatus) {
    if let Ok(mut slot) = shared.status.lock() {
        *slot = status.clone();
    }
    events.status(&status);
}

fn publish_progress(shared: &Shared, events: &dyn Events, progress: ReanalysisProgress) {
    if let Ok(mut slot) = shared.progress.lock() {
        *slot = progress.clone();
    }
    events.progress(&progress);
}

fn run(
    db_path: DbFile,
    paths: ModelPaths,
    threads: usize,
    idle_unload: Duration,
    rx: Receiver<Message>,
    shared: Arc<Shared>,
    events: Arc<dyn Events>,
) {
    let events = events.as_ref();
    set_status(&shared, events, AnalyserStatus::Loading);
    // Check the files now; create the ONNX session only when there is work (it holds
    // ~150 MB), so an idle diary does not pay for the model.
    let checked = db_path
        .open(Integrity::OnAccess)
        .map_err(|err| err.to_string())
        .and_then(|store| check_model_files(&paths).map(|meta| (store, meta)));
    let (mut store, meta) = match checked {
        Ok(checked) => checked,
        Err(message) => {
            log::warn!("emotion analysis unavailable: {message}");
            set_status(&shared, events, AnalyserStatus::Unavailable { message });
            // Keep draining so senders never block; nothing else to do.
            while let Ok(Message::Saved(_)) = rx.recv() {}
            return;
        }
    };
    let model_id = meta.model_id.clone();
    if let Ok(mut slot) = shared.thresholds.lock() {
        *slot = Some(meta.thresholds.to_vec());
    }
    let mut model: Option<EmotionModel> = None;
    let mut last_work = Instant::now();
    set_status(
        &shared,
        events,
        AnalyserStatus::Ready {
            model_id: model_id.clone(),
            labels: haru_core::LABELS.iter().map(|l| (*l).to_owned()).collect(),
        },
    );

    let mut backlog: VecDeque<i64> = store
        .entries_needing_analysis(&model_id)
        .unwrap_or_default()
        .into();
    let mut progress = ReanalysisProgress {
        done: 0,
        total: backlog.len() as u32,
        running: !backlog.is_empty(),
        cancelled: false,
    };
    publish_progress(&shared, events, progress.clone());
    let mut pending: HashMap<i64, Instant> = HashMap::new();

    loop {
        let now = Instant::now();
        let wait = if !backlog.is_empty() {
            Duration::ZERO
        } else if let Some(due) = pending.values().min() {
            due.saturating_duration_since(now)
        } else if model.is_some() {
            (last_work + idle_unload).saturating_duration_since(now)
        } else {
            Duration::from_secs(3600)
        };
        let mut messages = Vec::new();
        match rx.recv_timeout(wait) {
            Ok(message) => messages.push(message),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        messages.extend(rx.try_iter());
        for message in messages {
            match message {
                Message::Shutdown => return,
                Message::Saved(id) if id != i64::MIN => {
                    pending.insert(id, Instant::now() + SAVE_DEBOUNCE);
                }
                Message::Saved(_) => {}
            }
        }

        if shared.cancel.swap(false, Ordering::SeqCst) && !backlog.is_empty() {
            backlog.clear();
            progress.running = false;
            progress.cancelled = true;
            publish_progress(&shared, events, progress.clone());
        }

        let now = Instant::now();
        let due: Vec<i64> = pending
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(id, _)| *id)
            .collect();
        if due.is_empty() && backlog.is_empty() {
            if model.is_some() && now.duration_since(last_work) >= idle_unload {
                model = None;
                shared.model_loaded.store(false, Ordering::SeqCst);
                // The session's memory goes back to the system, not only to malloc.
                haru_heap::release_free_memory();
            }
            continue;
        }
        last_work = now;
        if model.is_none() {
            match EmotionModel::load(&paths, threads) {
                Ok(loaded) => {
                    model = Some(loaded);
                    shared.model_loaded.store(true, Ordering::SeqCst);
                }
                Err(err) => {
                    let message = err.to_string();
                    log::warn!("emotion analysis unavailable: {message}");
                    set_status(&shared, events, AnalyserStatus::Unavailable { message });
                    while let Ok(Message::Saved(_)) = rx.recv() {}
                    return;
                }
            }
        }
        let Some(loaded) = model.as_mut() else {
            continue;
        };
        for id in due {
            pending.remove(&id);
            analyse_entry(&mut store, loaded, &model_id, id, events);
        }
        if let Some(id) = backlog.pop_front() {
            analyse_entry(&mut store, loaded, &model_id, id, events);
            progress.done += 1;
            progress.running = !backlog.is_empty();
            publish_progress(&shared, events, progress.clone());
        }
    }
}

struct Silent;

impl Events for Silent {
    fn status(&self, _: &AnalyserStatus) {}
    fn analysed(&self, _: i64) {}
    fn progress(&self, _: &ReanalysisProgress) {}
}

/// What [`catch_up`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CatchUp {
    /// Entries analysed now.
    pub analysed: Vec<i64>,
    /// Entries that were due and are still without up-to-date emotions (without a usable
    /// model: those never analysed at all).
    pub not_analysed: u32,
    /// Why nothing or not everything was analysed, when something stood in the way.
    pub problem: Option<String>,
}

/// Brings the emotions of the live entries up to date with the model at `paths`, in this
/// thread, before something that reads them all (`haru history`, exports):
/// `progress(done, total)` from `(0, total)`. Without a usable model (missing, damaged)
/// nothing is analysed and `problem` says why; what was analysed earlier stays usable.
pub fn catch_up(
    store: &mut Store,
    paths: &ModelPaths,
    threads: usize,
    mut progress: impl FnMut(usize, usize),
) -> CatchUp {
    let unavailable = |store: &Store, problem: String| CatchUp {
        analysed: Vec::new(),
        not_analysed: store.count_never_analysed().unwrap_or(0),
        problem: Some(problem),
    };
    let meta = match haru_emotion::ModelMeta::load(&paths.meta) {
        Ok(meta) => meta,
        Err(err) => return unavailable(store, err.to_string()),
    };
    let due = match store.entries_needing_analysis(&meta.model_id) {
        Ok(due) if due.is_empty() => return CatchUp::default(),
        Ok(due) => due,
        Err(err) => return unavailable(store, err.to_string()),
    };
    progress(0, due.len());
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let mut model = match EmotionModel::load(paths, threads) {
        Ok(model) => model,
        Err(err) => {
            return CatchUp {
                analysed: Vec::new(),
                not_analysed: count(due.len()),
                problem: Some(err.to_string()),
            }
        }
    };
    let problem = analyse_pending(store, &mut model, progress)
        .err()
        .map(|err| err.to_string());
    drop(model);
    let left = store
        .entries_needing_analysis(&meta.model_id)
        .unwrap_or_default();
    // Entries saved meanwhile are someone else's to analyse: only those due here count.
    let (missed, analysed): (Vec<i64>, Vec<i64>) =
        due.into_iter().partition(|id| left.contains(id));
    CatchUp {
        analysed,
        not_analysed: count(missed.len()),
        problem,
    }
}

/// Analyses, in the calling thread, every entry whose analysis is missing or out of date
/// (the CLI does this before `history` and `export`). `progress(done, total)` follows each
/// entry. Returns how many entries were due.
pub fn analyse_pending(
    store: &mut Store,
    model: &mut EmotionModel,
    mut progress: impl FnMut(usize, usize),
) -> Result<usize, StoreError> {
    let model_id = model.model_id().to_owned();
    let due = store.entries_needing_analysis(&model_id)?;
    for (done, id) in due.iter().enumerate() {
        analyse_entry(store, model, &model_id, *id, &Silent);
        progress(done + 1, due.len());
    }
    Ok(due.len())
}

/// The model's description parses and every file it needs is there; loading the session
/// itself (and verifying the model's hash) happens on first use.
fn check_model_files(paths: &ModelPaths) -> Result<haru_emotion::ModelMeta, String> {
    let meta = haru_emotion::ModelMeta::load(&paths.meta).map_err(|err| err.to_string())?;
    for (what, path) in [
        ("emotion model", &paths.model),
        ("tokenizer", &paths.tokenizer),
        ("ONNX Runtime library", &paths.ort_lib),
    ] {
        if !path.is_file() {
            return Err(format!(
                "the {what} {} is missing; reinstall Haru (or run `make setup` in a source tree)",
                path.display()
            ));
        }
    }
    Ok(meta)
}

/// Analyses the current text of `id` and stores the result (unless the text changed
/// meanwhile, in which case a newer save is already queued).
fn analyse_entry(
    store: &mut Store,
    model: &mut EmotionModel,
    model_id: &str,
    id: i64,
    events: &dyn Events,
) {
    let entry = match store.get_entry(id) {
        Ok(entry) => entry,
        Err(StoreError::NotFound(_)) => return,
        Err(err) => {
            log::warn!("cannot read entry {id} for analysis: {err}");
            return;
        }
    };
    let analysis = match model.analyse(&entry.body) {
        Ok(analysis) => analysis,
        Err(err) => {
            log::warn!("analysing entry {id} failed: {err}");
            return;
        }
    };
    let stored = StoredAnalysis {
        entry_id: id,
        model_id: model_id.to_owned(),
        entry_updated_at: entry.updated_at,
        probs: analysis.probs.to_vec(),
        sentences: analysis
            .sentences
            .iter()
            .map(|s| StoredSentence {
                start_char: s.start_char as u32,
                end_char: s.end_char as u32,
                probs: s.probs.to_vec(),
            })
            .collect(),
    };
    match store.save_analysis(&stored) {
        Ok(true) => events.analysed(id),
        Ok(false) => {}
        Err(err) => log::warn!("storing the analysis of entry {id} failed: {err}"),
    }
}
