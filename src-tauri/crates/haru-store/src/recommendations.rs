//! The recommendation tables: items that were shown or imported, what was shown for which
//! day, the feedback buttons, and the learner's state.
//!
//! Ranking itself lives in `haru-recommend`; this module only reads and writes rows, each
//! multi-row write in one transaction.

use rusqlite::{params, OptionalExtension, Row};

use crate::{now_timestamp, Store, StoreError};

/// A catalogue item as stored (`source = 'user'` marks the user's own imports).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub creator: Option<String>,
    pub year: Option<i32>,
    pub genres: Vec<String>,
    pub language: Option<String>,
    pub popularity: Option<f32>,
    pub link: Option<String>,
    pub source: String,
    pub basis: Option<String>,
    pub mood: Option<String>,
    pub vector: Option<Vec<f32>>,
    pub model_sha256: Option<String>,
    pub user_text: Option<String>,
    pub user_features: Option<String>,
}

/// One card shown for a day.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownRow {
    pub entry_id: Option<i64>,
    pub item_id: String,
    pub strategy: String,
    pub rank: u32,
    pub score: f32,
    pub shown_at: String,
    /// The day's 28 probabilities.
    pub context: Vec<f32>,
}

/// One click, with the item's title for the history view.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackRow {
    pub item_id: String,
    pub entry_id: Option<i64>,
    /// like, dislike, seen or not_now.
    pub value: String,
    pub strategy: Option<String>,
    pub context: Option<Vec<f32>>,
    pub created_at: String,
    pub kind: String,
    pub title: String,
    pub creator: Option<String>,
}

fn vector_to_blob(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn blob_to_vector(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

fn context_json(v: &[f32]) -> String {
    let clean: Vec<f32> = v
        .iter()
        .map(|x| if x.is_finite() { *x } else { 0.0 })
        .collect();
    serde_json_lite(&clean)
}

/// `[0.1,0.2]` without pulling serde_json into the store.
fn serde_json_lite(v: &[f32]) -> String {
    let parts: Vec<String> = v.iter().map(|x| format!("{x}")).collect();
    format!("[{}]", parts.join(","))
}

fn parse_context(text: &str) -> Vec<f32> {
    text.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .filter_map(|x| x.trim().parse::<f32>().ok())
        .collect()
}

fn genres_json(genres: &[String]) -> String {
    let parts: Vec<String> = genres
        .iter()
        .map(|g| {
            let escaped: String = g
                .chars()
                .flat_map(|c| match c {
                    '"' => vec!['\\', '"'],
                    '\\' => vec!['\\', '\\'],
                    c if (c as u32) < 0x20 => vec![' '],
                    c => vec![c],
                })
                .collect();
            format!("\"{escaped}\"")
        })
        .collect();
    format!("[{}]", parts.join(","))
}

fn parse_genres(text: &str) -> Vec<String> {
    // Written by `genres_json`: a flat array of strings.
    let inner = text.trim().trim_start_matches('[').trim_end_matches(']');
    let mut out = Vec::new();
    let mut current = String::new();
    let (mut in_str, mut escaped) = (false, false);
    for c in inner.chars() {
        match (in_str, escaped, c) {
            (true, true, c) => {
                current.push(c);
                escaped = false;
            }
            (true, false, '\\') => escaped = true,
            (true, false, '"') => {
                in_str = false;
                out.push(std::mem::take(&mut current));
            }
            (true, false, c) => current.push(c),
            (false, _, '"') => in_str = true,
            _ => {}
        }
    }
    out
}

const ITEM_COLUMNS: &str = "id, kind, title, creator, year, genres, language, popularity, link, \
                            source, basis, mood, vector, model_sha256, user_text, user_features";

fn item_from_row(r: &Row) -> rusqlite::Result<ItemRow> {
    Ok(ItemRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        title: r.get(2)?,
        creator: r.get(3)?,
        year: r.get(4)?,
        genres: parse_genres(&r.get::<_, String>(5)?),
        language: r.get(6)?,
        popularity: r.get::<_, Option<f64>>(7)?.map(|p| p as f32),
        link: r.get(8)?,
        source: r.get(9)?,
        basis: r.get(10)?,
        mood: r.get(11)?,
        vector: r.get::<_, Option<Vec<u8>>>(12)?.map(|b| blob_to_vector(&b)),
        model_sha256: r.get(13)?,
        user_text: r.get(14)?,
        user_features: r.get(15)?,
    })
}

fn upsert_item(tx: &rusqlite::Transaction, item: &ItemRow) -> rusqlite::Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO catalogue_items ({ITEM_COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
             ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, title = excluded.title,
               creator = excluded.creator, year = excluded.year, genres = excluded.genres,
               language = excluded.language, popularity = excluded.popularity,
               link = excluded.link, source = excluded.source, basis = excluded.basis,
               mood = excluded.mood, vector = excluded.vector,
               model_sha256 = excluded.model_sha256,
               user_text = COALESCE(excluded.user_text, catalogue_items.user_text),
               user_features = COALESCE(excluded.user_features, catalogue_items.user_features)"
        ),
        params![
            item.id,
            item.kind,
            item.title,
            item.creator,
            item.year,
            genres_json(&item.genres),
            item.language,
            item.popularity.map(f64::from),
            item.link,
            item.source,
            item.basis,
            item.mood,
            item.vector.as_deref().map(vector_to_blob),
            item.model_sha256,
            item.user_text,
            item.user_features,
        ],
    )
    .map(|_| ())
}

impl Store {
    /// Inserts or updates items, all or none.
    pub fn upsert_items(&mut self, items: &[ItemRow]) -> Result<(), StoreError> {
        let (tx, sqlite) = self.write()?;
        for item in items {
            upsert_item(&tx, item).map_err(sqlite)?;
        }
        tx.commit().map_err(sqlite)
    }

    /// The user's imported items.
    pub fn user_items(&self) -> Result<Vec<ItemRow>, StoreError> {
        let sqlite = |err| self.map_err(err);
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {ITEM_COLUMNS} FROM catalogue_items WHERE source = 'user' ORDER BY id"
            ))
            .map_err(sqlite)?;
        let rows = stmt.query_map([], item_from_row).map_err(sqlite)?;
        rows.collect::<Result<_, _>>().map_err(sqlite)
    }

    pub fn item_row(&self, id: &str) -> Result<Option<ItemRow>, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {ITEM_COLUMNS} FROM catalogue_items WHERE id = ?1"),
                [id],
                item_from_row,
            )
            .optional()
            .map_err(|err| self.map_err(err))
    }

    /// Stores the shown items' snapshots and the shown rows in one transaction.
    pub fn record_shown(
        &mut self,
        items: &[ItemRow],
        shown: &[ShownRow],
    ) -> Result<(), StoreError> {
        let (tx, sqlite) = self.write()?;
        for item in items {
            // Keep a user item's own row (it is the catalogue of record).
            let is_user: bool = tx
                .query_row(
                    "SELECT source = 'user' FROM catalogue_items WHERE id = ?1",
                    [&item.id],
                    |r| r.get(0),
                )
                .optional()
                .map_err(sqlite)?
                .unwrap_or(false);
            if !is_user {
                upsert_item(&tx, item).map_err(sqlite)?;
            }
        }
        for s in shown {
            tx.execute(
                "INSERT INTO recommendations_shown
                   (entry_id, item_id, strategy, rank, score, shown_at, context)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    s.entry_id,
                    s.item_id,
                    s.strategy,
                    s.rank,
                    if s.score.is_finite() {
                        s.score as f64
                    } else {
                        0.0
                    },
                    s.shown_at,
                    context_json(&s.context),
                ],
            )
            .map_err(sqlite)?;
        }
        tx.commit().map_err(sqlite)
    }

    /// Every row shown for an entry under a strategy, oldest first.
    pub fn shown_for_entry(
        &self,
        entry_id: i64,
        strategy: &str,
    ) -> Result<Vec<ShownRow>, StoreError> {
        self.shown_where(
            "entry_id = ?1 AND strategy = ?2 ORDER BY shown_at, rank",
            params![entry_id, strategy],
        )
    }

    /// Items shown at or after `since` (RFC 3339), for rotation.
    pub fn shown_since(&self, since: &str) -> Result<Vec<ShownRow>, StoreError> {
        self.shown_where("shown_at >= ?1 ORDER BY shown_at", params![since])
    }

    /// The last time an item was shown (its context is what a click on it learns from).
    pub fn last_shown(&self, item_id: &str) -> Result<Option<ShownRow>, StoreError> {
        Ok(self
            .shown_where(
                "item_id = ?1 ORDER BY shown_at DESC, id DESC LIMIT 1",
                params![item_id],
            )?
            .pop())
    }

    pub fn shown_count(&self) -> Result<u32, StoreError> {
        self.conn
            .query_row("SELECT COUNT(*) FROM recommendations_shown", [], |r| {
                r.get(0)
            })
            .map_err(|err| self.map_err(err))
    }

    fn shown_where(
        &self,
        clause: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<ShownRow>, StoreError> {
        let sqlite = |err| self.map_err(err);
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT entry_id, item_id, strategy, rank, score, shown_at, context
                 FROM recommendations_shown WHERE {clause}"
            ))
            .map_err(sqlite)?;
        let rows = stmt
            .query_map(args, |r| {
                Ok(ShownRow {
                    entry_id: r.get(0)?,
                    item_id: r.get(1)?,
                    strategy: r.get(2)?,
                    rank: r.get(3)?,
                    score: r.get::<_, f64>(4)? as f32,
                    shown_at: r.get(5)?,
                    context: parse_context(&r.get::<_, String>(6)?),
                })
            })
            .map_err(sqlite)?;
        rows.collect::<Result<_, _>>().map_err(sqlite)
    }

    /// Stores a click and, in the same transaction, the learner state it produced.
    pub fn add_feedback(
        &mut self,
        item: Option<&ItemRow>,
        row: &FeedbackRow,
        learner: Option<(&str, &str)>,
    ) -> Result<(), StoreError> {
        let (tx, sqlite) = self.write()?;
        if let Some(item) = item {
            let exists: bool = tx
                .query_row(
                    "SELECT COUNT(*) > 0 FROM catalogue_items WHERE id = ?1",
                    [&item.id],
                    |r| r.get(0),
                )
                .map_err(sqlite)?;
            if !exists {
                upsert_item(&tx, item).map_err(sqlite)?;
            }
        }
        tx.execute(
            "INSERT INTO feedback (item_id, entry_id, value, strategy, context, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                row.item_id,
                row.entry_id,
                row.value,
                row.strategy,
                row.context.as_deref().map(context_json),
                if row.created_at.is_empty() {
                    now_timestamp()
                } else {
                    row.created_at.clone()
                },
            ],
        )
        .map_err(sqlite)?;
        if let Some((kind, state)) = learner {
            tx.execute(
                "INSERT INTO learner_state (kind, state, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (kind) DO UPDATE SET state = excluded.state,
                   updated_at = excluded.updated_at",
                params![kind, state, now_timestamp()],
            )
            .map_err(sqlite)?;
        }
        tx.commit().map_err(sqlite)
    }

    /// Every click, newest first, with the item's title.
    pub fn feedback_rows(&self) -> Result<Vec<FeedbackRow>, StoreError> {
        let sqlite = |err| self.map_err(err);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT f.item_id, f.entry_id, f.value, f.strategy, f.context, f.created_at,
                        c.kind, c.title, c.creator
                 FROM feedback f JOIN catalogue_items c ON c.id = f.item_id
                 ORDER BY f.created_at DESC, f.id DESC",
            )
            .map_err(sqlite)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(FeedbackRow {
                    item_id: r.get(0)?,
                    entry_id: r.get(1)?,
                    value: r.get(2)?,
                    strategy: r.get(3)?,
                    context: r.get::<_, Option<String>>(4)?.map(|c| parse_context(&c)),
                    created_at: r.get(5)?,
                    kind: r.get(6)?,
                    title: r.get(7)?,
                    creator: r.get(8)?,
                })
            })
            .map_err(sqlite)?;
        rows.collect::<Result<_, _>>().map_err(sqlite)
    }

    pub fn learner_state(&self, kind: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row(
                "SELECT state FROM learner_state WHERE kind = ?1",
                [kind],
                |r| r.get(0),
            )
            .optional()
            .map_err(|err| self.map_err(err))
    }

    /// Forgets what was learned (the clicks themselves stay, and so do their exclusions).
    pub fn reset_learner(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM learner_state", [])
            .map(|_| ())
            .map_err(|err| self.map_err(err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, source: &str) -> ItemRow {
        ItemRow {
            id: id.into(),
            kind: "movie".into(),
            title: format!("Film \"{id}\""),
            creator: None,
            year: Some(1999),
            genres: vec!["drama".into(), "sci \"fi\"".into()],
            language: Some("en".into()),
            popularity: Some(0.5),
            link: None,
            source: source.into(),
            basis: Some("story".into()),
            mood: None,
            vector: Some(vec![0.25; 28]),
            model_sha256: Some("abc".into()),
            user_text: None,
            user_features: None,
        }
    }

    #[test]
    fn shown_items_feedback_and_learner_state_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        let entry = store.create_entry("2026-03-01", "a day").unwrap();
        let shown = ShownRow {
            entry_id: Some(entry.id),
            item_id: "tmdb:1".into(),
            strategy: "match".into(),
            rank: 0,
            score: 1.5,
            shown_at: "2026-03-01T10:00:00.000Z".into(),
            context: vec![0.1; 28],
        };
        store
            .record_shown(&[item("tmdb:1", "tmdb")], std::slice::from_ref(&shown))
            .unwrap();
        assert_eq!(
            store.shown_for_entry(entry.id, "match").unwrap(),
            vec![shown.clone()]
        );
        assert!(store.shown_for_entry(entry.id, "lift").unwrap().is_empty());
        assert_eq!(store.last_shown("tmdb:1").unwrap(), Some(shown));
        assert_eq!(
            store.item_row("tmdb:1").unwrap(),
            Some(item("tmdb:1", "tmdb"))
        );

        let click = FeedbackRow {
            item_id: "tmdb:1".into(),
            entry_id: Some(entry.id),
            value: "not_now".into(),
            strategy: Some("match".into()),
            context: Some(vec![0.1; 28]),
            created_at: String::new(),
            kind: String::new(),
            title: String::new(),
            creator: None,
        };
        store
            .add_feedback(None, &click, Some(("movie", "{\"w\":1}")))
            .unwrap();
        let rows = store.feedback_rows().unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].title, "Film \"tmdb:1\"");
        assert_eq!(rows[0].value, "not_now");
        assert_eq!(
            store.learner_state("movie").unwrap().as_deref(),
            Some("{\"w\":1}")
        );
        store.reset_learner().unwrap();
        assert_eq!(store.learner_state("movie").unwrap(), None);
        assert_eq!(
            store.feedback_rows().unwrap().len(),
            1,
            "clicks survive a reset"
        );

        let bad = FeedbackRow {
            value: "meh".into(),
            ..click
        };
        assert!(
            store.add_feedback(None, &bad, None).is_err(),
            "CHECK refuses unknown values"
        );
    }

    #[test]
    fn user_items_are_kept_when_shown() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        let mut mine = item("user:1", "user");
        mine.user_text = Some("my own words".into());
        store.upsert_items(&[mine.clone()]).unwrap();
        let mut snapshot = item("user:1", "tmdb");
        snapshot.user_text = None;
        store.record_shown(&[snapshot], &[]).unwrap();
        assert_eq!(store.user_items().unwrap(), vec![mine]);
    }

    #[test]
    fn genres_and_contexts_survive_odd_characters() {
        let g = vec!["a\"b".to_string(), "c\\d".into(), "é, f".into()];
        assert_eq!(parse_genres(&genres_json(&g)), g);
        assert_eq!(
            parse_context(&context_json(&[0.5, f32::NAN, 1e-7])),
            vec![0.5, 0.0, 1e-7]
        );
    }
}
