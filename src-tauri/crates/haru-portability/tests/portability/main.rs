//! `haru-portability` through its public API on real files in temporary folders: one test
//! binary (modules below) to keep link times down.

mod backups;
mod corrupt;
mod dayone;
mod encryption;
mod folder_lock;
mod foreign;
mod fuzz;
mod key_copies;
mod permissions;
mod progress;
mod round_trip;
mod upgrade;

use std::path::Path;

use haru_store::{Store, StoredAnalysis, StoredSentence};

/// A diary with a bit of everything: live and trashed entries in two scripts, an analysis
/// with sentences, catalogue items, a shown recommendation, feedback and settings.
pub fn rich_store(dir: &Path) -> Store {
    let mut store = Store::open_in(dir).unwrap();
    let first = store
        .create_entry("2026-03-01", "오늘은 학교에서 친구를 만났다. A good day ☀️")
        .unwrap();
    let second = store
        .create_entry("2026-03-02", "Long walk by the river.\nQuiet \"evening\".")
        .unwrap();
    let trashed = store.create_entry("2026-03-03", "to the bin").unwrap();
    store.trash_entry(trashed.id).unwrap();
    let probs: Vec<f32> = (0..28).map(|i| (i as f32 + 0.5) / 29.0).collect();
    assert!(store
        .save_analysis(&StoredAnalysis {
            entry_id: first.id,
            model_id: "haru-emotion-v2".into(),
            entry_updated_at: first.updated_at.clone(),
            probs: probs.clone(),
            sentences: vec![
                StoredSentence {
                    start_char: 0,
                    end_char: 17,
                    probs: probs.iter().rev().copied().collect(),
                },
                StoredSentence {
                    start_char: 18,
                    end_char: 30,
                    probs: vec![1.0 / 3.0; 28],
                },
            ],
        })
        .unwrap());
    store
        .set_settings(&haru_core::Settings {
            language: Some("ko".into()),
            theme: "dark".into(),
        })
        .unwrap();
    store.set_preference("backup.keep", "3").unwrap();
    // The writer's own word on the second entry (kept by exports, imports and encryption).
    store
        .set_checkin(
            second.id,
            &haru_core::CheckIn::new(&["relief", "caring"], Some(0.4), Some(-0.6)).unwrap(),
        )
        .unwrap();
    let conn = store.connection();
    conn.execute_batch(&format!(
        "INSERT INTO catalogue_items (id, kind, title, year, genres, language, popularity, link, source, vector)
           VALUES ('tmdb:1', 'movie', 'Paterson', 2016, '[\"drama\"]', 'en', 0.1, NULL, 'tmdb', x'0000803f000000bf'),
                  ('mb:2', 'music', '봄날', NULL, '[]', 'ko', 1e300, 'https://example.invalid', 'musicbrainz', NULL),
                  ('x:3', 'music', 'inf', NULL, '[]', NULL, 9e999, NULL, 'test', x'');
         INSERT INTO recommendations_shown (entry_id, item_id, strategy, rank, score, shown_at)
           VALUES ({a}, 'tmdb:1', 'match', 1, 0.30000000000000004, '2026-03-01T10:00:00.000Z'),
                  (NULL, 'mb:2', 'lift', 2, -0.0, '2026-03-01T10:00:00.000Z');
         INSERT INTO feedback (item_id, entry_id, value, created_at)
           VALUES ('tmdb:1', {a}, 'like', '2026-03-01T10:01:00.000Z'),
                  ('mb:2', {b}, 'not_now', '2026-03-02T08:00:00.000Z');",
        a = first.id,
        b = second.id
    ))
    .unwrap();
    store
}

pub fn live_bodies(store: &Store) -> Vec<String> {
    let mut bodies: Vec<String> = store
        .list_entries(None, None)
        .unwrap()
        .into_iter()
        .map(|e| store.get_entry(e.id).unwrap().body)
        .collect();
    bodies.sort();
    bodies
}
