//! The open diary, as the app holds it between commands: the data folder and the open store,
//! or the reason it could not be opened (the UI then shows that reason instead of the editor). An encrypted
//! diary starts `locked`: nothing is opened until `unlock` is given the passphrase, and `lock`
//! (the "Lock now" button, its shortcut and the idle auto-lock) returns it to that state: the
//! analysis worker is stopped and the store, with its key, dropped (the key is zeroized).

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::Instant;

use haru_analysis::AnalysisWorker;
use haru_core::{
    AnalyserStatus, AppError, AppStatus, EntryAnalysis, ErrorCode, SaveOutcome, SaveRequest,
};
use haru_store::{DbFile, Integrity, Secret, Store};

/// How long a deleted entry stays restorable across restarts before its text is erased.
const TRASH_GRACE: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

pub struct Session {
    pub data_dir: PathBuf,
    pub db_path: PathBuf,
    /// The open store, or why there is none (`locked` until the passphrase is given).
    store: RwLock<Result<Arc<Mutex<Store>>, AppError>>,
    /// Started when the editor is ready (it reports through window events); stopped while the
    /// diary is locked, started again when the unlocked editor is ready.
    analysis: RwLock<Option<Arc<AnalysisWorker>>>,
    /// The daily backup started at start-up or after an unlock, while it may still run:
    /// encrypting the folder or restoring a backup waits for it first.
    backup: Mutex<Option<std::thread::JoinHandle<()>>>,
    /// When the session was opened (start-up benchmarks measure from here).
    pub started: Instant,
}

impl Session {
    pub fn open(data_dir: PathBuf) -> Session {
        let db_path = data_dir.join(haru_store::DB_FILE_NAME);
        let store = Store::open_in(&data_dir).and_then(prepare);
        Session {
            data_dir,
            db_path,
            store: RwLock::new(
                store
                    .map(|s| Arc::new(Mutex::new(s)))
                    .map_err(AppError::from),
            ),
            analysis: RwLock::new(None),
            backup: Mutex::new(None),
            started: Instant::now(),
        }
    }

    /// Closes the diary for good as the app ends (window closed, SIGTERM, logout): the analysis
    /// thread stops, and the store is dropped once the command in hand (if any) is done, so
    /// SQLite checkpoints its write-ahead log and removes it. Later commands get `locked`.
    pub fn close(&self) {
        self.stop_analysis();
        let store = match self.store.write() {
            Ok(mut slot) => std::mem::replace(
                &mut *slot,
                Err(AppError::new(ErrorCode::Locked, "Haru is closing")),
            ),
            Err(_) => return,
        };
        if let Ok(store) = store {
            // Waits for a command still using it; the last reference closes the connection.
            drop(store.lock());
            drop(store);
        }
    }

    /// The analysis worker, when one runs (none before the editor is ready or while locked).
    pub fn worker(&self) -> Option<Arc<AnalysisWorker>> {
        self.analysis.read().ok().and_then(|w| w.clone())
    }

    /// Stops the analysis worker after the entry in hand, closing its connection to the diary.
    fn stop_analysis(&self) {
        let worker = self.analysis.write().ok().and_then(|mut w| w.take());
        if let Some(worker) = worker {
            worker.shutdown();
        }
    }

    /// Locks an encrypted diary: the analysis worker stops (its connection, which holds the key,
    /// closes), then the store is dropped once the command in hand (if any) is done, which
    /// zeroizes its key. Later commands get `locked` until `unlock`. A diary that is not
    /// encrypted has nothing to lock (`invalid_input`); an already locked one is left as it is.
    /// The window saves its unsaved text before it asks for this.
    pub fn lock(&self) -> Result<(), AppError> {
        let store = match self.slot() {
            Ok(store) => store,
            Err(err) if err.code == ErrorCode::Locked => return Ok(()),
            Err(err) => return Err(err),
        };
        if !store.lock().map_err(|_| poisoned())?.is_encrypted() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "only an encrypted diary can be locked: turn encryption on in the settings first",
            ));
        }
        drop(store);
        self.stop_analysis();
        let store = {
            let mut slot = self.store.write().map_err(|_| poisoned())?;
            std::mem::replace(
                &mut *slot,
                Err(AppError::new(
                    ErrorCode::Locked,
                    "the diary is locked: enter the passphrase to open it",
                )),
            )
        };
        if let Ok(store) = store {
            // Waits for a command still using it; the last reference closes the connection.
            drop(store.lock());
            drop(store);
        }
        log::info!("the diary was locked");
        Ok(())
    }

    /// Whether the diary is open now (not locked, not failed).
    #[cfg(test)]
    pub fn is_open(&self) -> bool {
        self.slot().is_ok()
    }

    fn slot(&self) -> Result<Arc<Mutex<Store>>, AppError> {
        match self.store.read() {
            Ok(slot) => slot.clone(),
            Err(_) => Err(poisoned()),
        }
    }

    /// Logs what opening the diary found (called once the log is up; see `logging`).
    pub fn log_open_outcome(&self) {
        log::info!(
            "Haru {} started on {}",
            env!("CARGO_PKG_VERSION"),
            self.data_dir.display()
        );
        match &*self
            .store
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
        {
            Ok(_) => log::info!("the diary is open"),
            Err(err) if err.code == ErrorCode::Locked => {
                log::info!("the diary is encrypted; waiting for its passphrase")
            }
            Err(err) => log::error!(
                "the diary could not be opened: [{:?}] {}",
                err.code,
                err.message
            ),
        }
    }

    pub fn status(&self) -> AppStatus {
        let slot = self.slot();
        // From the file's header, not the store: status never waits for a running command.
        let encrypted = haru_store::is_encrypted_in(&self.data_dir).unwrap_or(false);
        AppStatus {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: self.data_dir.display().to_string(),
            db_path: self.db_path.display().to_string(),
            db_error: slot.err(),
            encrypted,
        }
    }

    /// What another connection needs to open the diary (its path and, if encrypted, key).
    pub fn db_file(&self) -> Result<DbFile, AppError> {
        self.with_store(|s| Ok::<_, AppError>(s.db_file()))
    }

    /// The daily automatic backup (`haru_portability::auto_backup`), on its own thread and its
    /// own connection, so a large diary's backup never holds up the window or a save. Done at
    /// start-up and after an unlock.
    pub fn start_auto_backup(&self) {
        let Ok(db) = self.db_file() else {
            return;
        };
        let running = std::thread::spawn(move || {
            let result = db
                .open(Integrity::OnAccess)
                .map_err(haru_portability::PortabilityError::from)
                .and_then(|store| haru_portability::auto_backup(&store));
            if let Err(err) = result {
                log::warn!("automatic backup failed: {err}");
            }
        });
        if let Ok(mut slot) = self.backup.lock() {
            *slot = Some(running);
        }
    }

    /// Waits for the daily backup if it is still running (its own connection reads the file).
    fn wait_for_backup(&self) {
        let running = self.backup.lock().ok().and_then(|mut slot| slot.take());
        if let Some(running) = running {
            let _ = running.join();
        }
    }

    /// Unlocks an encrypted diary with its passphrase (or, with `recovery`, the recovery key)
    /// and opens it. A wrong one is `wrong_passphrase` and leaves everything as it was. Returns
    /// whether the store was opened now (false when it already was).
    pub fn unlock(&self, secret: String, recovery: bool) -> Result<bool, AppError> {
        let mut slot = self.store.write().map_err(|_| poisoned())?;
        match &*slot {
            Ok(_) => return Ok(false),
            Err(err) if err.code != ErrorCode::Locked => return Err(err.clone()),
            Err(_) => {}
        }
        let secret = if recovery {
            Secret::recovery_key(secret)
        } else {
            Secret::passphrase(secret)
        };
        let store = Store::unlock_in(&self.data_dir, Integrity::CheckAtOpen, Some(&secret))
            .and_then(prepare)?;
        *slot = Ok(Arc::new(Mutex::new(store)));
        Ok(true)
    }

    /// Turns encryption on: the store is closed, the folder re-encrypted
    /// (`haru_portability::encrypt_folder`), and the diary left locked; the app must be
    /// restarted (the analysis worker's connection still points at the old file). Returns the
    /// recovery key, to show once.
    pub fn enable_encryption(&self, passphrase: &str) -> Result<String, AppError> {
        self.wait_for_backup();
        let mut slot = self.store.write().map_err(|_| poisoned())?;
        let store = slot.as_ref().map_err(Clone::clone)?.clone();
        // Held through the rewrite: no save can land in the old file after it was copied.
        let guard = store.lock().map_err(|_| poisoned())?;
        if guard.is_encrypted() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "this diary is already encrypted",
            ));
        }
        let outcome = haru_portability::encrypt_folder(
            &self.data_dir,
            passphrase,
            haru_store::KdfParams::default(),
        )?;
        drop(guard);
        *slot = Err(AppError::new(
            ErrorCode::Locked,
            "the diary is now encrypted: close Haru and open it again, then unlock it with the \
             passphrase",
        ));
        // The old connection is not closed here: closing it would remove `-wal` files by
        // name. The process ends soon (`quit`) without running destructors.
        std::mem::forget(store);
        outcome
            .recovery_key
            .ok_or_else(|| AppError::new(ErrorCode::Internal, "no recovery key was made"))
    }

    /// Changes the passphrase of the encrypted diary (the key file is rewritten).
    pub fn change_passphrase(&self, current: String, new: &str) -> Result<(), AppError> {
        let _slot = self.slot()?;
        haru_portability::change_passphrase(
            &self.data_dir,
            &Secret::passphrase(current),
            new,
            haru_store::KdfParams::default(),
        )?;
        Ok(())
    }

    /// Restores the backup at `backup` (see `commands::portability::backup_in`) as `haru restore` does: the
    /// backup is checked, the diary as it was saved as a `-pre-restore` backup, and the backup
    /// installed in one transaction (`haru_portability::restore`, with the diary's key when it
    /// is encrypted). The app's store is taken out of use for the restore (commands meanwhile
    /// get `busy`), then closed and opened again on the restored diary.
    pub fn restore_backup(
        &self,
        backup: &std::path::Path,
    ) -> Result<haru_core::RestoreOutcome, AppError> {
        self.wait_for_backup();
        let store = {
            let mut slot = self.store.write().map_err(|_| poisoned())?;
            let store = slot.as_ref().map_err(Clone::clone)?.clone();
            *slot = Err(AppError::new(
                ErrorCode::Busy,
                "a backup is being restored: try again in a moment",
            ));
            store
        };
        // Waits for the command in hand, if any.
        let mut guard = match store.lock() {
            Ok(guard) => guard,
            Err(_) => {
                self.put_back(Err(poisoned()));
                return Err(poisoned());
            }
        };
        let outcome = haru_portability::restore(&mut guard, backup).map_err(AppError::from);
        let key = guard.key().cloned();
        drop(guard);
        if outcome.is_err() {
            self.put_back(Ok(store));
            return outcome;
        }
        drop(store);
        let reopened = Store::open_keyed(&self.db_path, Integrity::CheckAtOpen, key.as_ref())
            .and_then(prepare)
            .map(|s| Arc::new(Mutex::new(s)))
            .map_err(AppError::from);
        let failed = reopened.as_ref().err().cloned();
        self.put_back(reopened);
        match failed {
            Some(err) => Err(err),
            None => outcome,
        }
    }

    fn put_back(&self, store: Result<Arc<Mutex<Store>>, AppError>) {
        if let Ok(mut slot) = self.store.write() {
            *slot = store;
        }
    }

    /// Starts background analysis once (the shell calls this when the editor is ready, so
    /// loading the model never competes with the window's first paint).
    /// After `lock` and `unlock` the window is ready again and the worker starts anew.
    pub fn start_analysis(&self, start: impl FnOnce(DbFile) -> AnalysisWorker) {
        let Ok(mut worker) = self.analysis.write() else {
            return;
        };
        if worker.is_none() {
            if let Ok(db) = self.db_file() {
                *worker = Some(Arc::new(start(db)));
            }
        }
    }

    /// After an import or a restore: the entries without an analysis by the loaded model are
    /// queued for the worker, which looks for them by itself only when it starts.
    pub fn queue_unanalysed(&self) {
        let Some(worker) = self.worker() else {
            return;
        };
        let AnalyserStatus::Ready { model_id, .. } = worker.status() else {
            return;
        };
        if let Ok(ids) = self.with_store(|s| s.entries_needing_analysis(&model_id)) {
            for id in ids {
                worker.entry_saved(id);
            }
        }
    }

    /// Saves, then queues the entry for emotion analysis.
    pub fn save(&self, request: &SaveRequest) -> Result<SaveOutcome, AppError> {
        let outcome = self.with_store(|s| s.save(request))?;
        if let (SaveOutcome::Saved { entry }, Some(worker)) = (&outcome, self.worker()) {
            worker.entry_saved(entry.id);
        }
        Ok(outcome)
    }

    pub fn analyser_status(&self) -> AnalyserStatus {
        match (&self.slot(), self.worker()) {
            (Err(err), _) => AnalyserStatus::Unavailable {
                message: err.message.clone(),
            },
            (Ok(_), Some(worker)) => worker.status(),
            (Ok(_), None) => AnalyserStatus::Loading,
        }
    }

    /// Fails with `model_unavailable` (and the reason) when the emotion model cannot load:
    /// `what` needs it.
    pub fn require_model(&self, what: &str) -> Result<(), AppError> {
        match self.analyser_status() {
            AnalyserStatus::Unavailable { message } => Err(AppError::new(
                ErrorCode::ModelUnavailable,
                format!("{what} need the emotion model, which is unavailable: {message}"),
            )),
            _ => Ok(()),
        }
    }

    /// Whether an entry was written today (the daily reminder is skipped then); `None` when
    /// the diary cannot be read (locked: the reminder is shown).
    pub fn written_today(&self) -> Option<bool> {
        let today = haru_core::date::today().to_string();
        self.with_store(|s| s.list_days(&today, &today))
            .ok()
            .map(|days| days.iter().any(|d| d.count > 0))
    }

    /// The loaded model's thresholds, once its files have been checked.
    pub fn thresholds(&self) -> Option<Vec<f32>> {
        self.worker().and_then(|w| w.thresholds())
    }

    /// The loaded model's id and thresholds, once its files have been checked.
    pub fn model(&self) -> Option<(String, Vec<f32>)> {
        let worker = self.worker()?;
        match (worker.status(), worker.thresholds()) {
            (AnalyserStatus::Ready { model_id, .. }, Some(thresholds)) => {
                Some((model_id, thresholds))
            }
            _ => None,
        }
    }

    /// Entry `id`'s analysis as the panel shows it, with the labels adjusted to the writer's
    /// way of naming feelings where Haru learned it (`haru_insights::writers_way`).
    pub fn analysis_of(&self, id: i64) -> Result<Option<EntryAnalysis>, AppError> {
        let thresholds = self.thresholds();
        let model = self.model();
        let model_id = model.as_ref().map(|(id, _)| id.as_str());
        self.with_store(|s| {
            crate::commands::emotions::analysis(s, id, thresholds.as_deref(), model_id)
        })
    }

    /// Runs `f` on the store, or fails with the start-up error when there is none. `f` may
    /// fail with any error that becomes an [`AppError`] (the store's, or a command's own).
    pub fn with_store<T, E: Into<AppError>>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> Result<T, AppError> {
        let store = self.slot()?;
        let mut guard: MutexGuard<'_, Store> = store.lock().map_err(|_| poisoned())?;
        f(&mut guard).map_err(Into::into)
    }
}

fn poisoned() -> AppError {
    AppError::new(
        ErrorCode::Internal,
        "the diary store is unavailable after an earlier failure",
    )
}

/// Start-up work on a freshly opened store: erase the text of entries trashed long ago.
fn prepare(mut store: Store) -> Result<Store, haru_store::StoreError> {
    let cutoff =
        (chrono::Utc::now() - TRASH_GRACE).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    store.purge_trash(&cutoff)?;
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn save(state: &Session, body: &str) {
        state
            .save(&SaveRequest {
                id: None,
                date: "2026-03-14".into(),
                body: body.into(),
            })
            .unwrap();
    }

    /// Backs the diary up now (as the settings' "Back up now" does) and returns the backup's
    /// path, found again as a restore finds it.
    fn back_up(state: &Session) -> std::path::PathBuf {
        let db = state.db_file().unwrap();
        let backup = crate::commands::portability::backup_now(&db).unwrap();
        crate::commands::portability::backup_in(db.path(), db.key(), &backup.file_name).unwrap()
    }

    fn entries(state: &Session) -> usize {
        state
            .with_store(|s| s.list_entries(None, None))
            .unwrap()
            .len()
    }

    #[test]
    fn a_restore_from_the_settings_keeps_the_diary_as_it_was_and_reopens_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let state = Session::open(dir.path().to_path_buf());
        save(&state, "before the backup");
        let path = back_up(&state);
        save(&state, "after the backup");
        assert_eq!(entries(&state), 2);

        let outcome = state.restore_backup(&path).unwrap();
        assert_eq!(outcome.entries, 1);
        assert_eq!(entries(&state), 1, "the store serves the restored diary");
        save(&state, "written after the restore");
        assert_eq!(entries(&state), 2);

        let db = state.db_file().unwrap();
        let listed = crate::commands::portability::list_backups(&db).unwrap();
        let pre = listed.iter().find(|b| b.kind == "pre-restore").unwrap();
        assert_eq!(pre.entries, Some(2), "the diary as it was is kept");
        assert_eq!(
            outcome.previous_saved_as.as_deref(),
            Some(pre.path.as_str())
        );
    }

    #[test]
    fn a_damaged_backup_is_refused_and_the_diary_stays_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let state = Session::open(dir.path().to_path_buf());
        save(&state, "one");
        let path = back_up(&state);
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&path, bytes).unwrap();
        let err = state.restore_backup(&path).unwrap_err();
        assert_eq!(err.code, ErrorCode::DatabaseCorrupt, "{err:?}");
        assert_eq!(entries(&state), 1);
        save(&state, "two");
    }

    #[test]
    fn an_encrypted_diary_restores_with_its_own_key() {
        std::env::set_var("HARU_TEST_FAST_KDF", "1");
        let dir = tempfile::tempdir().unwrap();
        {
            let state = Session::open(dir.path().to_path_buf());
            save(&state, "plain at first");
            state.enable_encryption("four unrelated words").unwrap();
        }
        let state = Session::open(dir.path().to_path_buf());
        state.unlock("four unrelated words".into(), false).unwrap();
        assert!(state.db_file().unwrap().key().is_some());
        let path = back_up(&state);
        save(&state, "after the backup");
        assert_eq!(state.restore_backup(&path).unwrap().entries, 1);
        assert_eq!(entries(&state), 1);
        assert!(state.db_file().unwrap().key().is_some());
    }

    struct NoEvents;
    impl haru_analysis::Events for NoEvents {
        fn status(&self, _: &AnalyserStatus) {}
        fn analysed(&self, _: i64) {}
        fn progress(&self, _: &haru_core::ReanalysisProgress) {}
    }

    /// A worker on the diary with a model folder that does not exist (it holds a connection).
    fn start_worker(state: &Session, dir: &std::path::Path) {
        state.start_analysis(|db| {
            AnalysisWorker::start(
                db,
                haru_emotion::ModelPaths::in_dir(&dir.join("no-model"), &dir.join("no-lib")),
                1,
                Arc::new(NoEvents),
            )
        });
    }

    fn encrypted_diary(dir: &std::path::Path) -> Session {
        std::env::set_var("HARU_TEST_FAST_KDF", "1");
        {
            let state = Session::open(dir.to_path_buf());
            save(&state, "the secret of the day");
            state.enable_encryption("four unrelated words").unwrap();
        }
        let state = Session::open(dir.to_path_buf());
        state.unlock("four unrelated words".into(), false).unwrap();
        state
    }

    #[test]
    fn locking_drops_the_store_and_the_worker_and_unlocking_brings_them_back() {
        let dir = tempfile::tempdir().unwrap();
        let state = encrypted_diary(dir.path());
        start_worker(&state, dir.path());
        assert!(state.worker().is_some());

        state.lock().unwrap();
        assert!(!state.is_open());
        assert!(state.worker().is_none(), "the analysis worker stops");
        let err = state.db_file().unwrap_err();
        assert_eq!(err.code, ErrorCode::Locked, "no key is handed out: {err:?}");
        let err = state
            .with_store(|s| s.list_entries(None, None))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Locked);
        assert_eq!(state.status().db_error.unwrap().code, ErrorCode::Locked);
        assert!(state.status().encrypted);
        state.lock().unwrap();
        assert!(
            state
                .save(&SaveRequest {
                    id: None,
                    date: "2026-03-15".into(),
                    body: "while locked".into(),
                })
                .is_err(),
            "nothing is written while locked"
        );

        let err = state
            .unlock("not the passphrase".into(), false)
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::WrongPassphrase);
        assert!(!state.is_open());
        assert!(state.unlock("four unrelated words".into(), false).unwrap());
        assert_eq!(entries(&state), 1, "the entry is back");
        start_worker(&state, dir.path());
        assert!(state.worker().is_some(), "the worker starts again");
        save(&state, "after the unlock");
        assert_eq!(entries(&state), 2);
    }

    #[test]
    fn a_diary_without_encryption_cannot_be_locked() {
        let dir = tempfile::tempdir().unwrap();
        let state = Session::open(dir.path().to_path_buf());
        save(&state, "plain");
        let err = state.lock().unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert!(state.is_open());
        assert_eq!(entries(&state), 1);
    }
}
