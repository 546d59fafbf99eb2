//! Backups: taken with the backup API, listed, rotated, restored (and a restore undone).

use haru_portability::{
    auto_backup, backup_now, backups_dir, list_backups, restore, restore_in, verify_backup,
};
use haru_store::Store;

use crate::{live_bodies, rich_store};

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn backup_now_writes_a_checked_self_contained_copy_with_its_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let store = rich_store(dir.path());
    let info = backup_now(&store).unwrap();
    assert_eq!(info.kind, "manual");
    assert_eq!(info.entries, Some(2));
    assert!(info.problem.is_none());
    assert!(info.file_name.starts_with("haru-") && info.file_name.ends_with("-manual.sqlite3"));
    let files = names(&backups_dir(&store));
    // One file (no -wal/-shm beside it), its checksum, no leftovers.
    assert_eq!(
        files,
        vec![info.file_name.clone(), format!("{}.sha256", info.file_name)]
    );
    assert_eq!(
        verify_backup(std::path::Path::new(&info.path), None).unwrap(),
        2
    );
    let sums = std::fs::read_to_string(format!("{}.sha256", info.path)).unwrap();
    assert!(sums.ends_with(&format!("  {}\n", info.file_name)));
    let listed = list_backups(&backups_dir(&store), None).unwrap();
    assert_eq!(listed, vec![info]);
}

#[test]
fn backups_taken_at_the_same_moment_each_get_their_own_file() {
    // Several `haru backup` runs (here: connections on threads, released together) within one
    // second share a time stamp; each must still get a name of its own and a file of its own.
    const RUNS: usize = 6;
    let dir = tempfile::tempdir().unwrap();
    drop(rich_store(dir.path()));
    let start = std::sync::Arc::new(std::sync::Barrier::new(RUNS));
    let runs: Vec<_> = (0..RUNS)
        .map(|_| {
            let data_dir = dir.path().to_path_buf();
            let start = start.clone();
            std::thread::spawn(move || {
                let store = Store::open_in(&data_dir).unwrap();
                start.wait();
                backup_now(&store)
            })
        })
        .collect();
    let mut paths: Vec<String> = runs
        .into_iter()
        .map(|run| run.join().unwrap().expect("every backup succeeds").path)
        .collect();
    paths.sort();
    paths.dedup();
    assert_eq!(
        paths.len(),
        RUNS,
        "two runs reported the same file: {paths:?}"
    );
    let store = Store::open_in(dir.path()).unwrap();
    let files = names(&backups_dir(&store));
    assert_eq!(
        files.len(),
        2 * RUNS,
        "a backup and its checksum each: {files:?}"
    );
    for path in &paths {
        assert_eq!(verify_backup(std::path::Path::new(path), None).unwrap(), 2);
    }
}

#[test]
fn automatic_backups_run_once_a_day_and_keep_the_newest_n() {
    let dir = tempfile::tempdir().unwrap();
    let store = rich_store(dir.path()); // sets pref backup.keep = 3
    let backups = backups_dir(&store);
    std::fs::create_dir_all(&backups).unwrap();
    // Older automatic backups (contents do not matter to rotation) and a manual one.
    for day in ["20250101", "20250102", "20250103", "20250104"] {
        std::fs::write(backups.join(format!("haru-{day}-120000.sqlite3")), b"old").unwrap();
    }
    std::fs::write(backups.join("haru-20240101-120000-manual.sqlite3"), b"mine").unwrap();
    let first = auto_backup(&store).unwrap().expect("no backup today yet");
    assert_eq!(first.kind, "auto");
    assert!(
        auto_backup(&store).unwrap().is_none(),
        "a second one the same day"
    );
    let files = names(&backups);
    let autos: Vec<_> = files
        .iter()
        .filter(|n| n.ends_with("0.sqlite3") || n.ends_with(&first.file_name))
        .collect();
    assert_eq!(
        autos,
        vec![
            "haru-20250103-120000.sqlite3",
            "haru-20250104-120000.sqlite3",
            &first.file_name
        ],
        "{files:?}"
    );
    assert!(files.contains(&"haru-20240101-120000-manual.sqlite3".to_owned()));
    // The old fakes are listed as unusable, with the reason.
    let listed = list_backups(&backups, None).unwrap();
    assert_eq!(listed[0].file_name, first.file_name);
    assert!(listed
        .iter()
        .any(|b| b.problem.is_some() && b.entries.is_none()));
}

#[test]
fn restore_brings_a_backup_back_and_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = rich_store(dir.path());
    let before = live_bodies(&store);
    let backup = backup_now(&store).unwrap();
    store
        .create_entry("2026-03-09", "written after the backup")
        .unwrap();
    // Another connection is open on the same diary (the app's analysis worker).
    let other = Store::open_in(dir.path()).unwrap();
    assert_eq!(other.entry_count().unwrap(), 3);

    let outcome = restore(&mut store, std::path::Path::new(&backup.path)).unwrap();
    assert_eq!(outcome.entries, 2);
    assert_eq!(live_bodies(&store), before);
    assert_eq!(
        other.entry_count().unwrap(),
        2,
        "the other connection sees the restore"
    );
    assert_eq!(store.search("river", None).unwrap().len(), 1);
    store.integrity_check().unwrap();
    assert!(store.search("after", None).unwrap().is_empty());

    // Undo: the pre-restore backup holds the later entry.
    let previous = outcome.previous_saved_as.expect("pre-restore backup");
    assert!(previous.contains("-pre-restore"));
    restore(&mut store, std::path::Path::new(&previous)).unwrap();
    assert_eq!(store.entry_count().unwrap(), 3);
    assert_eq!(store.search("after", None).unwrap().len(), 1);
    drop((store, other));
    let leftovers: Vec<_> = names(dir.path())
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn restore_into_a_new_folder_creates_the_diary() {
    let dir = tempfile::tempdir().unwrap();
    let store = rich_store(dir.path());
    let backup = backup_now(&store).unwrap();
    let fresh = tempfile::tempdir().unwrap();
    let target = fresh.path().join("diary");
    let outcome = restore_in(&target, std::path::Path::new(&backup.path), None).unwrap();
    assert_eq!(outcome.previous_saved_as, None);
    let restored = Store::open_in(&target).unwrap();
    assert_eq!(live_bodies(&restored), live_bodies(&store));
}
