//! The `entries` table: create, update, trash/restore, delete, list. Every write keeps the
//! search index in step inside the same transaction. Deleting for good (`delete`, the trash
//! purge) leaves none of the text in the file or its write-ahead log: `secure_delete` zeroes
//! freed space, the search index is merged, and the log is truncated.

use haru_core::{text, DayCount, Entry, EntrySummary, SaveOutcome, SaveRequest};
use rusqlite::{params, OptionalExtension, Row};

use crate::{checked_date, now_timestamp, search, Store, StoreError};

const ENTRY_COLUMNS: &str = "id, entry_date, body, language, created_at, updated_at";

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<Entry> {
    let body: String = row.get(2)?;
    Ok(Entry {
        id: row.get(0)?,
        date: row.get(1)?,
        word_count: text::word_count(&body),
        body,
        language: row.get(3)?,
        created_at: row.get(4)?,
        updated_at: row.get(5)?,
    })
}

/// What is stored beside an entry's text when it is written: its date (checked), its language
/// and the time. Blank text is refused with [`StoreError::EmptyEntry`].
struct Stamped {
    date: String,
    language: &'static str,
    now: String,
}

impl Stamped {
    fn of(date: &str, body: &str) -> Result<Stamped, StoreError> {
        let date = checked_date(date)?;
        if text::is_blank(body) {
            return Err(StoreError::EmptyEntry);
        }
        Ok(Stamped {
            date,
            language: text::detect_language(body),
            now: now_timestamp(),
        })
    }
}

impl Store {
    /// Stores a new entry. Blank text is refused with [`StoreError::EmptyEntry`].
    pub fn create_entry(&mut self, date: &str, body: &str) -> Result<Entry, StoreError> {
        let stamped = Stamped::of(date, body)?;
        let (tx, sqlite) = self.write()?;
        tx.execute(
            "INSERT INTO entries (entry_date, body, language, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![stamped.date, body, stamped.language, stamped.now],
        )
        .map_err(sqlite)?;
        let id = tx.last_insert_rowid();
        search::index_entry(&tx, id, body).map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
        self.get_entry(id)
    }

    /// Replaces an entry's date and text (restoring it from the trash if it was there).
    pub fn update_entry(&mut self, id: i64, date: &str, body: &str) -> Result<Entry, StoreError> {
        let stamped = Stamped::of(date, body)?;
        let (tx, sqlite) = self.write()?;
        let was_trashed: bool = entry_row(
            &tx,
            id,
            "SELECT deleted_at IS NOT NULL FROM entries WHERE id = ?1",
            |r| r.get(0),
            sqlite,
        )?;
        tx.execute(
            "UPDATE entries SET entry_date = ?2, body = ?3, language = ?4, updated_at = ?5,
             deleted_at = NULL WHERE id = ?1",
            params![id, stamped.date, body, stamped.language, stamped.now],
        )
        .map_err(sqlite)?;
        if !was_trashed {
            search::unindex_entry(&tx, id).map_err(sqlite)?;
        }
        search::index_entry(&tx, id, body).map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
        self.get_entry(id)
    }

    /// The editor's autosave: create, update, or (for emptied text) move to the trash.
    pub fn save(&mut self, request: &SaveRequest) -> Result<SaveOutcome, StoreError> {
        let blank = text::is_blank(&request.body);
        match (request.id, blank) {
            (None, true) => {
                checked_date(&request.date)?;
                Ok(SaveOutcome::Empty)
            }
            (Some(id), true) => {
                self.trash_entry(id)?;
                Ok(SaveOutcome::Trashed { id })
            }
            (None, false) => Ok(SaveOutcome::Saved {
                entry: self.create_entry(&request.date, &request.body)?,
            }),
            (Some(id), false) => Ok(SaveOutcome::Saved {
                entry: self.update_entry(id, &request.date, &request.body)?,
            }),
        }
    }

    /// A live (not trashed) entry.
    pub fn get_entry(&self, id: i64) -> Result<Entry, StoreError> {
        entry_row(
            &self.conn,
            id,
            &format!("SELECT {ENTRY_COLUMNS} FROM entries WHERE id = ?1 AND deleted_at IS NULL"),
            entry_from_row,
            |err| self.map_err(err),
        )
    }

    /// Live entries between two dates (inclusive, either bound optional), newest first.
    pub fn list_entries(
        &self,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Vec<EntrySummary>, StoreError> {
        let from = from.map(checked_date).transpose()?;
        let to = to.map(checked_date).transpose()?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ENTRY_COLUMNS} FROM entries
                 WHERE deleted_at IS NULL
                   AND (?1 IS NULL OR entry_date >= ?1) AND (?2 IS NULL OR entry_date <= ?2)
                 ORDER BY entry_date DESC, created_at DESC, id DESC"
            ))
            .map_err(|err| self.map_err(err))?;
        let rows = stmt
            .query_map(params![from, to], entry_from_row)
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|err| self.map_err(err))?;
        Ok(rows.iter().map(Entry::summary).collect())
    }

    /// "On this day": live entries written on the same month and day as `date` in earlier
    /// years, newest year first. On 28 February of a non-leap year, 29 February's entries
    /// come along (that day has no other anniversary).
    pub fn on_this_day(&self, date: &str) -> Result<Vec<EntrySummary>, StoreError> {
        let day = haru_core::parse_entry_date(date)?.to_string();
        let (year, month_day) = (day[..4].to_owned(), day[5..].to_owned());
        let leap_day_too = month_day == "02-28"
            && chrono::NaiveDate::from_ymd_opt(year.parse().unwrap_or(2001), 2, 29).is_none();
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ENTRY_COLUMNS} FROM entries
                 WHERE deleted_at IS NULL AND entry_date < ?1
                   AND (substr(entry_date, 6) = ?2 OR (?3 AND substr(entry_date, 6) = '02-29'))
                 ORDER BY entry_date DESC, created_at DESC, id DESC"
            ))
            .map_err(|err| self.map_err(err))?;
        let rows = stmt
            .query_map(
                params![format!("{year}-01-01"), month_day, leap_day_too],
                entry_from_row,
            )
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|err| self.map_err(err))?;
        Ok(rows.iter().map(Entry::summary).collect())
    }

    /// How many live entries each day in `[from, to]` holds (days without entries omitted).
    pub fn list_days(&self, from: &str, to: &str) -> Result<Vec<DayCount>, StoreError> {
        let (from, to) = (checked_date(from)?, checked_date(to)?);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT entry_date, count(*) FROM entries
                 WHERE deleted_at IS NULL AND entry_date BETWEEN ?1 AND ?2
                 GROUP BY entry_date ORDER BY entry_date",
            )
            .map_err(|err| self.map_err(err))?;
        let days = stmt
            .query_map(params![from, to], |row| {
                Ok(DayCount {
                    date: row.get(0)?,
                    count: row.get(1)?,
                })
            })
            .and_then(|rows| rows.collect())
            .map_err(|err| self.map_err(err))?;
        Ok(days)
    }

    /// Moves an entry to the trash: hidden everywhere, restorable with [`Store::restore_entry`].
    pub fn trash_entry(&mut self, id: i64) -> Result<(), StoreError> {
        let now = now_timestamp();
        let (tx, sqlite) = self.write()?;
        let changed = tx
            .execute(
                "UPDATE entries SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
                params![id, now],
            )
            .map_err(sqlite)?;
        if changed == 0 {
            return Err(StoreError::NotFound(id));
        }
        search::unindex_entry(&tx, id).map_err(sqlite)?;
        tx.commit().map_err(sqlite)
    }

    /// Brings a trashed entry back.
    pub fn restore_entry(&mut self, id: i64) -> Result<Entry, StoreError> {
        let (tx, sqlite) = self.write()?;
        let body: String = entry_row(
            &tx,
            id,
            "SELECT body FROM entries WHERE id = ?1 AND deleted_at IS NOT NULL",
            |r| r.get(0),
            sqlite,
        )?;
        tx.execute("UPDATE entries SET deleted_at = NULL WHERE id = ?1", [id])
            .map_err(sqlite)?;
        search::index_entry(&tx, id, &body).map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
        self.get_entry(id)
    }

    /// Deletes an entry for good (the CLI's `delete`, and trash older than the undo window).
    pub fn delete_entry(&mut self, id: i64) -> Result<(), StoreError> {
        let (tx, sqlite) = self.write()?;
        let live: bool = entry_row(
            &tx,
            id,
            "SELECT deleted_at IS NULL FROM entries WHERE id = ?1",
            |r| r.get(0),
            sqlite,
        )?;
        if live {
            search::unindex_entry(&tx, id).map_err(sqlite)?;
        }
        tx.execute("DELETE FROM entries WHERE id = ?1", [id])
            .map_err(sqlite)?;
        search::compact(&tx).map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
        self.scrub();
        Ok(())
    }

    /// Permanently removes entries trashed before `before` (an RFC 3339 timestamp), so deleted
    /// text does not linger in the file. Returns how many were removed.
    pub fn purge_trash(&mut self, before: &str) -> Result<usize, StoreError> {
        let (tx, sqlite) = self.write()?;
        let purged = tx
            .execute(
                "DELETE FROM entries WHERE deleted_at IS NOT NULL AND deleted_at < ?1",
                [before],
            )
            .map_err(sqlite)?;
        if purged == 0 {
            return Ok(0);
        }
        search::compact(&tx).map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
        self.scrub();
        Ok(purged)
    }

    /// After text is deleted for good: the old versions of its pages still sit in the
    /// write-ahead log (`secure_delete` zeroes the new versions only), so the log is copied
    /// into the database and truncated to nothing. Best-effort: while another connection is
    /// reading, SQLite cannot truncate it, and the next checkpoint after that reader finishes
    /// overwrites those frames.
    fn scrub(&self) {
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }

    /// Whether the entry carries a star (kept from jrnl and Day One imports).
    pub fn is_starred(&self, id: i64) -> Result<bool, StoreError> {
        entry_row(
            &self.conn,
            id,
            "SELECT starred FROM entries WHERE id = ?1",
            |r| r.get(0),
            |err| self.map_err(err),
        )
    }

    /// Number of live entries.
    pub fn entry_count(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row(
                "SELECT count(*) FROM entries WHERE deleted_at IS NULL",
                [],
                |r| r.get(0),
            )
            .map_err(|err| self.map_err(err))
    }
}

/// The one row that `sql` (which takes the entry's id as `?1`) finds for entry `id`, read by
/// `read`; `NotFound(id)` when there is none.
fn entry_row<T>(
    conn: &rusqlite::Connection,
    id: i64,
    sql: &str,
    read: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    sqlite: impl FnOnce(rusqlite::Error) -> StoreError,
) -> Result<T, StoreError> {
    conn.query_row(sql, [id], read)
        .optional()
        .map_err(sqlite)?
        .ok_or(StoreError::NotFound(id))
}
