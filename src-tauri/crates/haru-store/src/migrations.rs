//! Numbered schema migrations, embedded in the binary and applied in one transaction.
//!
//! `PRAGMA user_version` records the schema a file was last migrated to. A file with a higher
//! number than this build knows was written by a newer Haru and is refused untouched.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::StoreError;

/// `(version, name, sql)`, in order; versions count up from 1 without gaps.
pub const MIGRATIONS: &[(u32, &str, &str)] = &[
    (1, "init", include_str!("../migrations/0001_init.sql")),
    (
        2,
        "recommendations",
        include_str!("../migrations/0002_recommendations.sql"),
    ),
    (3, "comfort", include_str!("../migrations/0003_comfort.sql")),
    (
        4,
        "checkins",
        include_str!("../migrations/0004_checkins.sql"),
    ),
    (5, "starred", include_str!("../migrations/0005_starred.sql")),
];

pub fn latest_version() -> u32 {
    MIGRATIONS.last().map(|m| m.0).unwrap_or(0)
}

pub(crate) fn schema_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Brings the database up to [`latest_version`], or refuses a newer one.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let sqlite = |err| StoreError::from_sqlite(err, path);
    let supported = latest_version();
    let found = schema_version(conn).map_err(sqlite)?;
    if found > supported {
        return Err(StoreError::SchemaTooNew {
            path: path.to_path_buf(),
            found,
            supported,
        });
    }
    if found == supported {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sqlite)?;
    // Re-read inside the write lock: another process may have migrated meanwhile.
    let found = schema_version(&tx).map_err(sqlite)?;
    for (version, _name, sql) in MIGRATIONS.iter().filter(|m| m.0 > found) {
        tx.execute_batch(sql).map_err(sqlite)?;
        tx.pragma_update(None, "user_version", version)
            .map_err(sqlite)?;
    }
    tx.commit().map_err(sqlite)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_count_up_from_one_without_gaps() {
        for (index, (version, name, sql)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(*version as usize, index + 1, "migration {name}");
            assert!(!sql.trim().is_empty(), "migration {name} is empty");
        }
    }

    #[test]
    fn all_migrations_apply_validate_and_are_idempotent() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        let path = Path::new(":memory:");
        migrate(&mut conn, path).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), latest_version());
        let violations: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(violations, 0);
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        // Every table the later features need exists.
        for table in [
            "entries",
            "entry_terms",
            "analyses",
            "sentence_analyses",
            "catalogue_items",
            "recommendations_shown",
            "feedback",
            "settings",
        ] {
            let n: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE name = ?1",
                    [table],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 1, "table {table}");
        }
        // A second run changes nothing.
        migrate(&mut conn, path).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), latest_version());
    }

    /// Migration 3 rebuilds the tables that name a strategy: rows written under version 2 are
    /// kept, and "comfort" is accepted afterwards (it was refused before).
    #[test]
    fn the_comfort_migration_keeps_rows_and_widens_the_check() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        for (_, _, sql) in &MIGRATIONS[..2] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute_batch(
            "INSERT INTO entries (id, entry_date, body, created_at, updated_at)
                 VALUES (1, '2026-03-01', 'x', 't', 't');
             INSERT INTO catalogue_items (id, kind, title, source) VALUES ('m', 'movie', 'M', 's');
             INSERT INTO recommendations_shown (entry_id, item_id, strategy, rank, score, shown_at, context)
                 VALUES (1, 'm', 'lift', 0, 0.5, 't', '[1]');
             INSERT INTO feedback (item_id, entry_id, value, created_at, strategy, context)
                 VALUES ('m', 1, 'like', 't', 'match', '[2]');",
        )
        .unwrap();
        let comfort_shown =
            "INSERT INTO recommendations_shown (entry_id, item_id, strategy, rank, score, shown_at)
                 VALUES (1, 'm', 'comfort', 1, 0.4, 't')";
        assert!(conn.execute(comfort_shown, []).is_err());
        migrate(&mut conn, Path::new(":memory:")).unwrap();
        let kept: (String, String, String, String) = conn
            .query_row(
                "SELECT s.strategy, s.context, f.strategy, f.context
                 FROM recommendations_shown s, feedback f",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(
            kept,
            ("lift".into(), "[1]".into(), "match".into(), "[2]".into())
        );
        conn.execute(comfort_shown, []).unwrap();
        conn.execute(
            "INSERT INTO feedback (item_id, value, created_at, strategy) VALUES ('m', 'seen', 't', 'comfort')",
            [],
        )
        .unwrap();
        assert!(conn
            .execute(
                "INSERT INTO feedback (item_id, value, created_at, strategy) VALUES ('m', 'seen', 't', 'party')",
                [],
            )
            .is_err());
        // Deleting the item still cascades to both rebuilt tables.
        conn.execute("DELETE FROM catalogue_items", []).unwrap();
        let left: i64 = conn
            .query_row(
                "SELECT (SELECT count(*) FROM recommendations_shown) + (SELECT count(*) FROM feedback)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn refuses_a_newer_schema() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
        let err = migrate(&mut conn, Path::new("future.sqlite3")).unwrap_err();
        assert!(matches!(err, StoreError::SchemaTooNew { .. }), "{err}");
        assert!(err.to_string().contains("future.sqlite3"));
        // Nothing was created.
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 0);
    }
}
