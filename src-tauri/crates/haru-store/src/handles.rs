//! Whole-database access for `haru-portability` (backups, restore, export, import).
//!
//! SQLite does that work itself (the online backup API, generic reads of every table), so it
//! needs the connection rather than one method per table. Taking the connection from an open
//! `Store` (never re-opening the file by path) means an encrypted diary's keyed connection
//! (SQLCipher) works unchanged. Every write that bypasses the per-table modules is here or in
//! `haru-portability`, so they are easy to find.

use std::path::Path;

use haru_core::text;
use rusqlite::{params, Connection};

use crate::{migrations, search, Store, StoreError};

/// An entry brought in from elsewhere (an import), with its own timestamps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEntry {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub body: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
    /// Starred in the app it came from.
    pub starred: bool,
}

/// Classifies a SQLite error on `path` the way the store does (damaged file, full disk, …).
pub fn classify_sqlite(err: rusqlite::Error, path: &Path) -> StoreError {
    StoreError::from_sqlite(err, path)
}

impl Store {
    /// The open connection (read-only use: export, backup source).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The open connection, for SQLite-level writes (restore through the backup API).
    pub fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Brings the schema up to date again (after a restore brought in an older one).
    pub fn migrate(&mut self) -> Result<(), StoreError> {
        let Store { conn, path, .. } = self;
        migrations::migrate(conn, path)
    }

    /// Rebuilds the search index from the live entries (after an import or restore).
    pub fn rebuild_search_index(&mut self) -> Result<usize, StoreError> {
        let (tx, sqlite) = self.write()?;
        tx.execute(
            "INSERT INTO entry_terms (entry_terms) VALUES ('delete-all')",
            [],
        )
        .map_err(sqlite)?;
        let live: Vec<(i64, String)> = {
            let mut stmt = tx
                .prepare("SELECT id, body FROM entries WHERE deleted_at IS NULL ORDER BY id")
                .map_err(sqlite)?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(sqlite)?;
            rows
        };
        for (id, body) in &live {
            search::index_entry(&tx, *id, body).map_err(sqlite)?;
        }
        tx.commit().map_err(sqlite)?;
        Ok(live.len())
    }

    /// Adds imported entries in one transaction (all or none), indexed for search; returns
    /// their new ids in order. Blank bodies and invalid dates are refused.
    pub fn insert_imported_entries(
        &mut self,
        entries: &[ImportedEntry],
    ) -> Result<Vec<i64>, StoreError> {
        self.import_entries(entries, &[])
    }

    /// Like [`Store::insert_imported_entries`], and in the same transaction moves the entries
    /// in `redate` (id, new `YYYY-MM-DD`) to another day: entries an earlier import filed
    /// under the wrong day. Their text, timestamps and analyses stay as they are.
    pub fn import_entries(
        &mut self,
        entries: &[ImportedEntry],
        redate: &[(i64, String)],
    ) -> Result<Vec<i64>, StoreError> {
        self.import_entries_with_progress(entries, redate, &mut |_| {})
    }

    /// Like [`Store::import_entries`]; `progress(done)` follows each entry written (before
    /// the transaction commits: the entries are in the diary only once this returns `Ok`).
    pub fn import_entries_with_progress(
        &mut self,
        entries: &[ImportedEntry],
        redate: &[(i64, String)],
        progress: &mut dyn FnMut(usize),
    ) -> Result<Vec<i64>, StoreError> {
        for entry in entries {
            crate::checked_date(&entry.date)?;
            if text::is_blank(&entry.body) {
                return Err(StoreError::EmptyEntry);
            }
        }
        for (_, date) in redate {
            crate::checked_date(date)?;
        }
        let (tx, sqlite) = self.write()?;
        for (id, date) in redate {
            let changed = tx
                .execute(
                    "UPDATE entries SET entry_date = ?2 WHERE id = ?1",
                    params![id, date],
                )
                .map_err(sqlite)?;
            if changed == 0 {
                return Err(StoreError::NotFound(*id));
            }
        }
        let mut ids = Vec::with_capacity(entries.len());
        for entry in entries {
            tx.execute(
                "INSERT INTO entries (entry_date, body, language, created_at, updated_at, starred)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    entry.date,
                    entry.body,
                    text::detect_language(&entry.body),
                    entry.created_at,
                    entry.updated_at,
                    entry.starred
                ],
            )
            .map_err(sqlite)?;
            let id = tx.last_insert_rowid();
            search::index_entry(&tx, id, &entry.body).map_err(sqlite)?;
            ids.push(id);
            progress(ids.len());
        }
        tx.commit().map_err(sqlite)?;
        Ok(ids)
    }
}
