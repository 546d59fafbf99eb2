//! Exports: lossless Haru JSON and Markdown (one file per entry). The emotion CSV stays in
//! the CLI (`haru export --format csv --what emotions`), which analyses pending entries first.
//!
//! ## Haru JSON (`format: haru-export`, `version: 1`)
//!
//! ```json
//! {
//!   "format": "haru-export",
//!   "version": 1,
//!   "schema_version": 1,
//!   "exported_at": "2026-03-01T09:00:00Z",
//!   "tables": {
//!     "entries": [
//!       {"body":"…","created_at":"…","entry_date":"2026-03-01","id":1,…}
//!     ],
//!     …
//!   }
//! }
//! ```
//!
//! Every ordinary table of the database is written, generically from the schema, so columns and
//! tables added by later migrations are carried without changing this code; the full-text index
//! (a virtual table and its shadow tables) is derived and rebuilt on import. Values keep their
//! SQLite type: integers and reals as JSON numbers (a real always has a fraction or exponent,
//! and parsing is exact, so it comes back bit for bit), text as strings, NULL as null, and what
//! JSON cannot hold as one-key objects: `{"$blob": "<hex>"}`, `{"$real": "inf"|"-inf"}`,
//! `{"$text_hex": "<hex>"}` (text that is not UTF-8).
//!
//! The file is deterministic: tables by name, rows ordered by primary key (else by every
//! column), keys in each row sorted, one row per line. Only `exported_at` depends on the
//! moment; pass it explicitly (the CLI honours `SOURCE_DATE_EPOCH`) to get byte-identical files
//! from identical diaries.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use haru_core::{ExportSummary, LABELS};
use haru_store::Store;
use rusqlite::types::ValueRef;
use serde_json::Value;

use crate::db::{self, quote, sqlite};
use crate::PortabilityError;

pub const FORMAT: &str = "haru-export";
pub const FORMAT_VERSION: u32 = 1;

fn tagged(tag: &str, value: String) -> Value {
    let mut map = serde_json::Map::new();
    map.insert(tag.to_owned(), Value::String(value));
    Value::Object(map)
}

fn to_json(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(r) if r.is_finite() => Value::from(r),
        ValueRef::Real(r) => tagged("$real", if r > 0.0 { "inf" } else { "-inf" }.into()),
        ValueRef::Text(bytes) => match std::str::from_utf8(bytes) {
            Ok(text) => Value::String(text.to_owned()),
            Err(_) => tagged("$text_hex", haru_store::hex::encode(bytes)),
        },
        ValueRef::Blob(bytes) => tagged("$blob", haru_store::hex::encode(bytes)),
    }
}

/// The diary as Haru JSON (see the module documentation). `exported_at`: RFC 3339; `None`
/// means now.
pub fn export_json(store: &Store, exported_at: Option<&str>) -> Result<String, PortabilityError> {
    export_json_with_progress(store, exported_at, &mut |_, _| {})
}

/// Like [`export_json`]; `progress(done, total)` follows the rows of `entries` written (every
/// entry, the trash's too), from `(0, total)` to `(total, total)`.
pub fn export_json_with_progress(
    store: &Store,
    exported_at: Option<&str>,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<String, PortabilityError> {
    let conn = store.connection();
    let path = store.path();
    let exported_at = exported_at
        .map(str::to_owned)
        .unwrap_or_else(|| chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    // One read transaction: every table from the same moment.
    let tx = conn.unchecked_transaction().map_err(sqlite(path))?;
    let schema_version = db::schema_version(&tx).map_err(sqlite(path))?;
    let mut out = String::new();
    out.push_str("{\n");
    let _ = writeln!(out, "  \"format\": \"{FORMAT}\",");
    let _ = writeln!(out, "  \"version\": {FORMAT_VERSION},");
    let _ = writeln!(out, "  \"schema_version\": {schema_version},");
    let _ = writeln!(
        out,
        "  \"exported_at\": {},",
        Value::String(exported_at.clone())
    );
    out.push_str("  \"tables\": {");
    let tables = db::user_tables(&tx).map_err(sqlite(path))?;
    let total: u32 = tx
        .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
        .map_err(sqlite(path))?;
    let mut done = 0u32;
    progress(0, total);
    for (t, table) in tables.iter().enumerate() {
        let entries = table == "entries";
        out.push_str(if t == 0 { "\n" } else { ",\n" });
        let _ = write!(out, "    {}: [", Value::String(table.clone()));
        let columns = db::columns(&tx, table).map_err(sqlite(path))?;
        let mut key: Vec<&(String, i64)> = columns.iter().filter(|(_, pk)| *pk > 0).collect();
        key.sort_by_key(|(_, pk)| *pk);
        let order: Vec<String> = if key.is_empty() {
            columns.iter().map(|(c, _)| quote(c)).collect()
        } else {
            key.iter().map(|(c, _)| quote(c)).collect()
        };
        let select = format!(
            "SELECT {} FROM {} ORDER BY {}",
            columns
                .iter()
                .map(|(c, _)| quote(c))
                .collect::<Vec<_>>()
                .join(", "),
            quote(table),
            order.join(", ")
        );
        let mut stmt = tx.prepare(&select).map_err(sqlite(path))?;
        let mut rows = stmt.query([]).map_err(sqlite(path))?;
        let mut first = true;
        while let Some(row) = rows.next().map_err(sqlite(path))? {
            let mut object = BTreeMap::new();
            for (i, (name, _)) in columns.iter().enumerate() {
                let value = row.get_ref(i).map_err(sqlite(path))?;
                object.insert(name.as_str(), to_json(value));
            }
            out.push_str(if first { "\n      " } else { ",\n      " });
            first = false;
            out.push_str(&serde_json::to_string(&object).map_err(|err| {
                PortabilityError::BadImport {
                    path: path.to_path_buf(),
                    detail: err.to_string(),
                }
            })?);
            if entries {
                done += 1;
                progress(done.min(total), total);
            }
        }
        out.push_str(if first { "]" } else { "\n    ]" });
    }
    out.push_str(if tables.is_empty() {
        "}\n}\n"
    } else {
        "\n  }\n}\n"
    });
    Ok(out)
}

/// Writes [`export_json`] to `path` (whole or not at all).
pub fn export_json_to(
    store: &Store,
    path: &Path,
    exported_at: Option<&str>,
) -> Result<ExportSummary, PortabilityError> {
    export_json_to_with_progress(store, path, exported_at, &mut |_, _| {})
}

/// Like [`export_json_to`], with progress as in [`export_json_with_progress`].
pub fn export_json_to_with_progress(
    store: &Store,
    path: &Path,
    exported_at: Option<&str>,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<ExportSummary, PortabilityError> {
    let json = export_json_with_progress(store, exported_at, progress)?;
    db::write_atomically(path, json.as_bytes())?;
    Ok(ExportSummary {
        format: "json".into(),
        path: path.display().to_string(),
        entries: all_entries(store)?,
        not_analysed: 0,
    })
}

/// Writes [`export_json`] sealed under `passphrase` (Argon2id + XChaCha20-Poly1305; see
/// `haru_store::crypt::seal`): `haru import` reads it back with the same passphrase.
pub fn export_json_encrypted_to(
    store: &Store,
    path: &Path,
    exported_at: Option<&str>,
    passphrase: &str,
) -> Result<ExportSummary, PortabilityError> {
    export_json_encrypted_to_with_progress(store, path, exported_at, passphrase, &mut |_, _| {})
}

/// Like [`export_json_encrypted_to`], with progress as in [`export_json_with_progress`].
pub fn export_json_encrypted_to_with_progress(
    store: &Store,
    path: &Path,
    exported_at: Option<&str>,
    passphrase: &str,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<ExportSummary, PortabilityError> {
    let json = zeroize::Zeroizing::new(export_json_with_progress(store, exported_at, progress)?);
    let sealed = haru_store::crypt::seal(json.as_bytes(), passphrase, Default::default())?;
    db::write_atomically(path, &sealed)?;
    Ok(ExportSummary {
        format: "json-encrypted".into(),
        path: path.display().to_string(),
        entries: all_entries(store)?,
        not_analysed: 0,
    })
}

fn all_entries(store: &Store) -> Result<u32, PortabilityError> {
    store
        .connection()
        .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
        .map_err(sqlite(store.path()))
}

/// Writes one Markdown file per live entry into the folder `dir` (created if missing), named
/// `YYYY-MM-DD-<id>.md`, with YAML front matter (date, id, created, updated, the three
/// strongest emotions of its analysis when there is one) and the text as written.
pub fn export_markdown(store: &Store, dir: &Path) -> Result<ExportSummary, PortabilityError> {
    export_markdown_with_progress(store, dir, &mut |_, _| {})
}

/// Like [`export_markdown`]; `progress(done, total)` follows the files written, from
/// `(0, total)` to `(total, total)`, `total` the live entries.
pub fn export_markdown_with_progress(
    store: &Store,
    dir: &Path,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<ExportSummary, PortabilityError> {
    let conn = store.connection();
    let path = store.path();
    haru_store::private::create_dir(dir).map_err(PortabilityError::io(dir))?;
    let mut stmt = conn
        .prepare(
            "SELECT e.id, e.entry_date, e.body, e.created_at, e.updated_at,
                    (SELECT a.probs FROM analyses a WHERE a.entry_id = e.id
                     ORDER BY a.analysed_at DESC LIMIT 1)
             FROM entries e WHERE e.deleted_at IS NULL ORDER BY e.entry_date, e.id",
        )
        .map_err(sqlite(path))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<Vec<u8>>>(5)?,
            ))
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(sqlite(path))?;
    let total = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    progress(0, total);
    for (done, (id, date, body, created, updated, probs)) in rows.iter().enumerate() {
        let mut text = String::new();
        text.push_str("---\n");
        let _ = writeln!(text, "date: {date}");
        let _ = writeln!(text, "id: {id}");
        let _ = writeln!(text, "created: {}", Value::String(created.clone()));
        let _ = writeln!(text, "updated: {}", Value::String(updated.clone()));
        if let Some(blob) = probs {
            let probs: Vec<f32> = blob
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            text.push_str("emotions:\n");
            for (i, p) in &haru_core::emotion::strongest(&probs, 3) {
                let _ = writeln!(text, "  - {}: {:.3}", LABELS[*i], p);
            }
        }
        text.push_str("---\n\n");
        text.push_str(body);
        if !body.ends_with('\n') {
            text.push('\n');
        }
        let file = dir.join(format!("{date}-{id}.md"));
        db::write_atomically(&file, text.as_bytes())?;
        progress(
            u32::try_from(done + 1).unwrap_or(u32::MAX).min(total),
            total,
        );
    }
    Ok(ExportSummary {
        format: "markdown".into(),
        path: dir.display().to_string(),
        entries: rows.len() as u32,
        not_analysed: 0,
    })
}

/// Emotion scores as CSV: `id,date,<28 labels>`, one row per analysed live entry, scores to 4
/// decimals (`haru export --format csv --what emotions`; the CLI analyses pending entries
/// first).
pub fn emotions_csv(store: &Store) -> Result<(String, u32), PortabilityError> {
    emotions_csv_with_progress(store, &mut |_, _| {})
}

/// Like [`emotions_csv`]; `progress(done, total)` follows the rows, `total` the analysed
/// live entries.
pub fn emotions_csv_with_progress(
    store: &Store,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<(String, u32), PortabilityError> {
    let entries = store.analysed_entries(None, None)?;
    let total = u32::try_from(entries.len()).unwrap_or(u32::MAX);
    progress(0, total);
    let mut csv = String::from("id,date");
    for label in LABELS {
        csv.push(',');
        csv.push_str(label);
    }
    csv.push('\n');
    for (done, entry) in entries.iter().enumerate() {
        let _ = write!(csv, "{},{}", entry.entry_id, entry.date);
        for p in &entry.probs {
            let _ = write!(csv, ",{p:.4}");
        }
        csv.push('\n');
        progress(
            u32::try_from(done + 1).unwrap_or(u32::MAX).min(total),
            total,
        );
    }
    Ok((csv, u32::try_from(entries.len()).unwrap_or(u32::MAX)))
}

/// The app's "export": `json` and `csv` to a file, `markdown` into a folder.
pub fn export_to(
    store: &Store,
    format: &str,
    path: &Path,
) -> Result<ExportSummary, PortabilityError> {
    export_to_with_progress(store, format, path, &mut |_, _| {})
}

/// Like [`export_to`]; `progress(done, total)` follows the entries written (see
/// [`export_json_with_progress`], [`export_markdown_with_progress`] and
/// [`emotions_csv_with_progress`]).
pub fn export_to_with_progress(
    store: &Store,
    format: &str,
    path: &Path,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<ExportSummary, PortabilityError> {
    match format {
        "json" => export_json_to_with_progress(store, path, None, progress),
        "markdown" => export_markdown_with_progress(store, path, progress),
        "csv" => {
            let (csv, entries) = emotions_csv_with_progress(store, progress)?;
            db::write_atomically(path, csv.as_bytes())?;
            Ok(ExportSummary {
                format: "csv".into(),
                path: path.display().to_string(),
                entries,
                not_analysed: 0,
            })
        }
        other => Err(PortabilityError::BadImport {
            path: path.to_path_buf(),
            detail: format!("unknown export format '{other}' (json, markdown or csv)"),
        }),
    }
}
