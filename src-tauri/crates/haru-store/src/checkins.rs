//! The `checkins` table: the writer's own word on an entry (see `haru_core::checkin`), one per
//! entry, removed with it (foreign key, `ON DELETE CASCADE`).

use haru_core::CheckIn;
use rusqlite::{params, OptionalExtension};

use crate::{now_timestamp, Store, StoreError};

impl Store {
    /// Records (or replaces) the writer's check-in for live entry `entry_id`.
    pub fn set_checkin(&mut self, entry_id: i64, checkin: &CheckIn) -> Result<CheckIn, StoreError> {
        // Checked again here: a check-in built by hand (an import, a test) obeys the same rules.
        let mut stored = CheckIn::new(&checkin.labels, checkin.pleasant, checkin.energy)?;
        stored.updated_at = now_timestamp();
        let (tx, sqlite) = self.write()?;
        let live: Option<bool> = tx
            .query_row(
                "SELECT deleted_at IS NULL FROM entries WHERE id = ?1",
                [entry_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(sqlite)?;
        if live != Some(true) {
            return Err(StoreError::NotFound(entry_id));
        }
        tx.execute(
            "INSERT INTO checkins (entry_id, labels, pleasant, energy, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (entry_id) DO UPDATE SET labels = excluded.labels,
                 pleasant = excluded.pleasant, energy = excluded.energy,
                 updated_at = excluded.updated_at",
            params![
                entry_id,
                stored.labels.join(","),
                stored.pleasant,
                stored.energy,
                stored.updated_at
            ],
        )
        .map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
        Ok(stored)
    }

    /// Removes the writer's check-in for `entry_id`; whether there was one.
    pub fn clear_checkin(&mut self, entry_id: i64) -> Result<bool, StoreError> {
        let (tx, sqlite) = self.write()?;
        let removed = tx
            .execute("DELETE FROM checkins WHERE entry_id = ?1", [entry_id])
            .map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
        Ok(removed > 0)
    }

    /// The writer's check-in for `entry_id`, if any.
    pub fn checkin(&self, entry_id: i64) -> Result<Option<CheckIn>, StoreError> {
        self.conn
            .query_row(
                "SELECT labels, pleasant, energy, updated_at FROM checkins WHERE entry_id = ?1",
                [entry_id],
                |r| {
                    let labels: String = r.get(0)?;
                    Ok(CheckIn {
                        labels: split_labels(&labels),
                        pleasant: r.get(1)?,
                        energy: r.get(2)?,
                        updated_at: r.get(3)?,
                    })
                },
            )
            .optional()
            .map_err(|err| self.map_err(err))
    }
}

impl Store {
    /// What Haru goes by for an entry (recommendations): the writer's word as a distribution
    /// where they gave one, else the model's analysis; `None` while neither exists.
    pub fn entry_reading(&self, entry_id: i64) -> Result<Option<Vec<f32>>, StoreError> {
        if let Some(checkin) = self.checkin(entry_id)? {
            return Ok(Some(checkin.distribution()));
        }
        Ok(self.analysis(entry_id)?.map(|a| a.probs))
    }
}

/// A correction as stored: the writer's feelings for an entry and the model's probabilities
/// for it.
pub type StoredCorrection = (Vec<String>, Vec<f32>);

impl Store {
    /// The writer's corrections of the model's readings: each live entry's check-in (its
    /// feelings) with the probabilities model `model_id` (any model when `None`) stored for
    /// the entry, for check-ins made after `after` (a timestamp; all when `None`), oldest
    /// first. What Haru learns the writer's way of naming feelings from
    /// (`haru_insights::writers_way`).
    pub fn corrections(
        &self,
        model_id: Option<&str>,
        after: Option<&str>,
    ) -> Result<Vec<StoredCorrection>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.labels, a.probs FROM checkins c
                 JOIN entries e ON e.id = c.entry_id AND e.deleted_at IS NULL
                 JOIN analyses a ON a.entry_id = c.entry_id
                 WHERE (?1 IS NULL OR a.model_id = ?1) AND (?2 IS NULL OR c.updated_at > ?2)
                 ORDER BY c.updated_at, c.entry_id",
            )
            .map_err(|err| self.map_err(err))?;
        stmt.query_map(params![model_id, after], |r| {
            let labels: String = r.get(0)?;
            let probs: Vec<u8> = r.get(1)?;
            Ok((split_labels(&labels), crate::analyses::from_blob(&probs)))
        })
        .and_then(|rows| rows.collect())
        .map_err(|err| self.map_err(err))
    }
}

pub(crate) fn split_labels(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}
