//! The `analyses` and `sentence_analyses` tables: the emotion model's output per entry and per
//! sentence, keyed by model id and by the entry version it describes.
//!
//! An analysis records the entry's `updated_at` at the time it was computed, so a result that
//! arrives after the text changed again is refused instead of overwriting newer work, and
//! entries edited since their last analysis (or analysed by another model) are easy to find.

use rusqlite::{params, OptionalExtension};

use crate::{now_timestamp, Store, StoreError};

/// One sentence's distribution: `[start_char, end_char)` in the entry body.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSentence {
    pub start_char: u32,
    pub end_char: u32,
    pub probs: Vec<f32>,
}

/// An entry's analysis as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnalysis {
    pub entry_id: i64,
    pub model_id: String,
    /// The entry version (`updated_at`) that was analysed.
    pub entry_updated_at: String,
    pub probs: Vec<f32>,
    pub sentences: Vec<StoredSentence>,
}

impl StoredAnalysis {
    /// `model_id`'s reading of `entry` as it is now (this version of its text).
    pub fn of(
        entry: &haru_core::Entry,
        model_id: &str,
        probs: Vec<f32>,
        sentences: Vec<StoredSentence>,
    ) -> StoredAnalysis {
        StoredAnalysis {
            entry_id: entry.id,
            model_id: model_id.to_owned(),
            entry_updated_at: entry.updated_at.clone(),
            probs,
            sentences,
        }
    }
}

/// An analysed live entry, for history views: its day, length and distribution.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedAnalysis {
    pub entry_id: i64,
    pub date: String,
    /// Length of the body in characters (entries of one day are weighted by it).
    pub chars: u32,
    /// The writer's check-in as a distribution where they gave one (`writers_word`), else
    /// the model's reading.
    pub probs: Vec<f32>,
    pub writers_word: bool,
}

fn to_blob(probs: &[f32]) -> Vec<u8> {
    probs.iter().flat_map(|p| p.to_le_bytes()).collect()
}

pub(crate) fn from_blob(blob: &[u8]) -> Vec<f32> {
    blob.chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

impl Store {
    /// Stores `analysis`, replacing any earlier one of the entry, unless the entry changed
    /// (or disappeared) since the analysed version. Returns whether it was stored.
    pub fn save_analysis(&mut self, analysis: &StoredAnalysis) -> Result<bool, StoreError> {
        let (tx, sqlite) = self.write()?;
        let current: Option<String> = tx
            .query_row(
                "SELECT updated_at FROM entries WHERE id = ?1 AND deleted_at IS NULL",
                [analysis.entry_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(sqlite)?;
        if current.as_deref() != Some(analysis.entry_updated_at.as_str()) {
            return Ok(false);
        }
        tx.execute(
            "DELETE FROM analyses WHERE entry_id = ?1",
            [analysis.entry_id],
        )
        .map_err(sqlite)?;
        tx.execute(
            "DELETE FROM sentence_analyses WHERE entry_id = ?1",
            [analysis.entry_id],
        )
        .map_err(sqlite)?;
        tx.execute(
            "INSERT INTO analyses (entry_id, model_id, probs, entry_updated_at, analysed_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                analysis.entry_id,
                analysis.model_id,
                to_blob(&analysis.probs),
                analysis.entry_updated_at,
                now_timestamp()
            ],
        )
        .map_err(sqlite)?;
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO sentence_analyses (entry_id, model_id, idx, start_char, end_char, probs)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(sqlite)?;
            for (idx, sentence) in analysis.sentences.iter().enumerate() {
                insert
                    .execute(params![
                        analysis.entry_id,
                        analysis.model_id,
                        idx as i64,
                        sentence.start_char,
                        sentence.end_char,
                        to_blob(&sentence.probs)
                    ])
                    .map_err(sqlite)?;
            }
        }
        tx.commit().map_err(sqlite)?;
        Ok(true)
    }

    /// The stored analysis of a live entry, whichever model made it.
    pub fn analysis(&self, entry_id: i64) -> Result<Option<StoredAnalysis>, StoreError> {
        let head = self
            .conn
            .query_row(
                "SELECT a.model_id, a.entry_updated_at, a.probs FROM analyses a
                 JOIN entries e ON e.id = a.entry_id AND e.deleted_at IS NULL
                 WHERE a.entry_id = ?1 ORDER BY a.analysed_at DESC LIMIT 1",
                [entry_id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Vec<u8>>(2)?,
                    ))
                },
            )
            .optional()
            .map_err(|err| self.map_err(err))?;
        let Some((model_id, entry_updated_at, probs)) = head else {
            return Ok(None);
        };
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT start_char, end_char, probs FROM sentence_analyses
                 WHERE entry_id = ?1 AND model_id = ?2 ORDER BY idx",
            )
            .map_err(|err| self.map_err(err))?;
        let sentences = stmt
            .query_map(params![entry_id, model_id], |r| {
                Ok(StoredSentence {
                    start_char: r.get(0)?,
                    end_char: r.get(1)?,
                    probs: from_blob(&r.get::<_, Vec<u8>>(2)?),
                })
            })
            .and_then(|rows| rows.collect())
            .map_err(|err| self.map_err(err))?;
        Ok(Some(StoredAnalysis {
            entry_id,
            model_id,
            entry_updated_at,
            probs: from_blob(&probs),
            sentences,
        }))
    }

    /// Every live entry with a reading between two dates (inclusive, either bound optional),
    /// by date: the writer's own word where they gave one, else the model's analysis. Entries
    /// edited since their analysis keep their last distribution until the new one lands.
    pub fn analysed_entries(
        &self,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Vec<DatedAnalysis>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT e.id, e.entry_date, length(e.body), a.probs, c.labels FROM entries e
                 LEFT JOIN analyses a ON a.entry_id = e.id
                 LEFT JOIN checkins c ON c.entry_id = e.id
                 WHERE e.deleted_at IS NULL
                   AND (a.entry_id IS NOT NULL OR c.entry_id IS NOT NULL)
                   AND (?1 IS NULL OR e.entry_date >= ?1) AND (?2 IS NULL OR e.entry_date <= ?2)
                 ORDER BY e.entry_date, e.id",
            )
            .map_err(|err| self.map_err(err))?;
        let rows = stmt
            .query_map(params![from, to], |r| {
                let writers_word: Option<String> = r.get(4)?;
                let probs = match &writers_word {
                    Some(labels) => {
                        haru_core::checkin::distribution_of(&crate::checkins::split_labels(labels))
                    }
                    None => from_blob(&r.get::<_, Vec<u8>>(3)?),
                };
                Ok(DatedAnalysis {
                    entry_id: r.get(0)?,
                    date: r.get(1)?,
                    chars: r.get(2)?,
                    probs,
                    writers_word: writers_word.is_some(),
                })
            })
            .and_then(|rows| rows.collect())
            .map_err(|err| self.map_err(err))?;
        Ok(rows)
    }

    /// How many live entries have no analysis at all (by any model).
    pub fn count_never_analysed(&self) -> Result<u32, StoreError> {
        self.conn
            .query_row(
                "SELECT count(*) FROM entries e WHERE e.deleted_at IS NULL
                   AND NOT EXISTS (SELECT 1 FROM analyses a WHERE a.entry_id = e.id)",
                [],
                |r| r.get(0),
            )
            .map_err(|err| self.map_err(err))
    }

    /// Live entries with no up-to-date analysis by `model_id` (never analysed, edited since,
    /// or analysed by another model), oldest first.
    pub fn entries_needing_analysis(&self, model_id: &str) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT e.id FROM entries e
                 LEFT JOIN analyses a ON a.entry_id = e.id AND a.model_id = ?1
                 WHERE e.deleted_at IS NULL
                   AND (a.entry_id IS NULL OR a.entry_updated_at <> e.updated_at)
                 ORDER BY e.entry_date, e.id",
            )
            .map_err(|err| self.map_err(err))?;
        let ids = stmt
            .query_map([model_id], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(|err| self.map_err(err))?;
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analysis_of(store: &Store, id: i64, model: &str, first: f32) -> StoredAnalysis {
        let entry = store.get_entry(id).unwrap();
        StoredAnalysis {
            entry_id: id,
            model_id: model.into(),
            entry_updated_at: entry.updated_at,
            probs: (0..28)
                .map(|i| if i == 0 { first } else { 0.01 * i as f32 })
                .collect(),
            sentences: vec![
                StoredSentence {
                    start_char: 0,
                    end_char: 3,
                    probs: vec![0.5; 28],
                },
                StoredSentence {
                    start_char: 4,
                    end_char: 9,
                    probs: vec![0.25; 28],
                },
            ],
        }
    }

    #[test]
    fn analyses_round_trip_and_replace_older_ones() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        let id = store.create_entry("2026-01-01", "Hi. Again.").unwrap().id;
        assert_eq!(store.entries_needing_analysis("m1").unwrap(), vec![id]);
        let first = analysis_of(&store, id, "m1", 0.9);
        assert!(store.save_analysis(&first).unwrap());
        assert_eq!(store.analysis(id).unwrap().unwrap(), first);
        assert!(store.entries_needing_analysis("m1").unwrap().is_empty());
        // A new model makes every entry due again; its result replaces the old one.
        assert_eq!(store.entries_needing_analysis("m2").unwrap(), vec![id]);
        let second = analysis_of(&store, id, "m2", 0.3);
        assert!(store.save_analysis(&second).unwrap());
        assert_eq!(store.analysis(id).unwrap().unwrap(), second);
    }

    #[test]
    fn a_result_for_an_older_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        let id = store.create_entry("2026-01-01", "first").unwrap().id;
        let stale = analysis_of(&store, id, "m1", 0.9);
        std::thread::sleep(std::time::Duration::from_millis(5));
        store.update_entry(id, "2026-01-01", "second").unwrap();
        assert!(!store.save_analysis(&stale).unwrap());
        assert!(store.analysis(id).unwrap().is_none());
        assert_eq!(store.entries_needing_analysis("m1").unwrap(), vec![id]);
        // Deleting an entry deletes its analyses (foreign key cascade).
        let fresh = analysis_of(&store, id, "m1", 0.9);
        assert!(store.save_analysis(&fresh).unwrap());
        store.delete_entry(id).unwrap();
        let left: i64 = store
            .conn
            .query_row("SELECT count(*) FROM sentence_analyses", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }
}
