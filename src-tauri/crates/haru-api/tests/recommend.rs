//! The recommender as the app and the CLI load it (the shipped catalogues in `resources/`, the
//! model's description in `models/`), and the import of the writer's own songs.

use haru_api::commands::recommend::{self, CatalogueFile};
use haru_core::ErrorCode;
use haru_store::Store;

fn diary() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path()).unwrap();
    (dir, store)
}

#[test]
fn catalogues_of_another_model_are_refused_and_the_shipped_model_is_accepted() {
    let (_dir, store) = diary();
    let shipped = recommend::model_sha256(&haru_emotion::ModelPaths::locate())
        .expect("the shipped model's description carries its sha256");
    let recommender = recommend::load(&store, Some(&shipped)).unwrap();
    assert!(recommender.stats(&store).unwrap().movies >= 10_000);
    let err = recommend::load(&store, Some("0123456789abcdef"))
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::InvalidInput, "{err:?}");
    assert!(
        err.message.contains("another emotion model"),
        "{}",
        err.message
    );
}

#[test]
fn a_song_file_imports_its_good_rows_without_the_model_and_names_the_bad_ones() {
    let (_dir, mut store) = diary();
    let file = CatalogueFile::read(
        "mine.csv",
        b"title,artist,year,valence,energy\nMy Song,Me,2020,0.9,0.8\n,Nobody,2020,0.5,0.5\n",
    )
    .unwrap();
    assert_eq!(file.rows(), 1);
    assert!(
        !file.needs_model(),
        "audio features place songs without a text"
    );
    let mut seen = Vec::new();
    let (report, items) = file
        .import(&mut store, None, &mut |done, total| {
            seen.push((done, total))
        })
        .unwrap();
    assert_eq!((report.imported, items.len()), (1, 1));
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].row, 3);
    assert_eq!(store.user_items().unwrap().len(), 1);

    let err = CatalogueFile::read("mine.pdf", b"%PDF").err().unwrap();
    assert_eq!(err.code, ErrorCode::InvalidInput);
}

#[derive(Default)]
struct Recorder(std::sync::Mutex<Vec<haru_api::host::Event>>);

impl haru_api::host::Host for Recorder {
    fn emit(&self, event: haru_api::host::Event) {
        self.0.lock().unwrap().push(event);
    }
}

#[test]
fn the_apps_recommender_loads_once_imports_with_progress_and_is_forgotten_on_demand() {
    let dir = tempfile::tempdir().unwrap();
    let session = haru_api::Session::open(dir.path().to_path_buf());
    let recorder = std::sync::Arc::new(Recorder::default());
    let host: std::sync::Arc<dyn haru_api::host::Host> = recorder.clone();
    let recs = recommend::Recs::default();
    let before = recs
        .with(&session, &host, |r, s| r.stats(s))
        .unwrap()
        .user_items;
    assert_eq!(before, 0);
    let report = recs
        .import(
            &session,
            &host,
            "mine.csv",
            b"title,artist,year,valence,energy\nMy Song,Me,2020,0.9,0.8\n",
        )
        .unwrap();
    assert_eq!(report.imported, 1);
    let stats = recs.with(&session, &host, |r, s| r.stats(s)).unwrap();
    assert_eq!(stats.user_items, 1, "the loaded index has the new item");
    let events = recorder.0.lock().unwrap().clone();
    let progress: Vec<(u32, u32, bool)> = events
        .iter()
        .map(|e| match e {
            haru_api::host::Event::Catalogue(p) => (p.done, p.total, p.finished),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(progress.first(), Some(&(0, 1, false)));
    assert_eq!(progress.last(), Some(&(1, 1, true)));
    recs.forget();
    assert_eq!(
        recs.with(&session, &host, |r, s| r.stats(s))
            .unwrap()
            .user_items,
        1,
        "loaded again from the diary"
    );
}
