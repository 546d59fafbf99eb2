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
