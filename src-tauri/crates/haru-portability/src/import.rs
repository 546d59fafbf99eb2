//! `haru import FILE`: Haru JSON exports, Day One JSON exports and jrnl JSON exports, told
//! apart by their shape.
//!
//! * **Haru JSON** is imported only into a diary with no entries (a new data folder, or the
//!   app right after first start): it carries ids, analyses, feedback and settings that cannot
//!   be merged into another diary without renumbering. The export is loaded into a fresh
//!   database at the export's own schema version (so older exports keep working), checked
//!   (constraints, foreign keys), migrated to the current schema, its search index rebuilt,
//!   and then installed in one transaction with the backup API: all or nothing. Exporting
//!   again gives the same file.
//! * **Day One / jrnl** entries are added to any diary. An entry whose day and text are both
//!   already present is skipped (so importing the same file twice adds nothing); entries that
//!   cannot be read are reported by position and reason, the others are imported (together,
//!   in one transaction). The entry's day is the creation time in this computer's time zone.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use zeroize::Zeroize;

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeZone};
use haru_core::{ImportProblem, ImportSummary};
use haru_store::{ImportedEntry, Store, MIGRATIONS};
use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;
use serde_json::Value;

use crate::db::{self, quote, sqlite};
use crate::export::{FORMAT, FORMAT_VERSION};
use crate::PortabilityError;

/// Import files larger than this are refused (a diary export is a few MB; this bounds memory).
pub const MAX_IMPORT_BYTES: u64 = 1 << 30;

/// The kinds of file `haru import` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Haru,
    DayOne,
    Jrnl,
}

impl ImportFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportFormat::Haru => "haru",
            ImportFormat::DayOne => "day_one",
            ImportFormat::Jrnl => "jrnl",
        }
    }
}

/// Parses JSON text (a leading byte-order mark is allowed).
pub fn parse_json(bytes: &[u8]) -> Result<Value, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|err| format!("it is not valid JSON ({err})"))
}

/// Which exporter wrote `value`, from its shape.
pub fn detect(value: &Value) -> Option<ImportFormat> {
    let object = value.as_object()?;
    if object.get("format").and_then(Value::as_str) == Some(FORMAT) {
        return Some(ImportFormat::Haru);
    }
    let entries = object.get("entries")?.as_array()?;
    let has = |key: &str| {
        entries
            .iter()
            .any(|e| e.as_object().is_some_and(|o| o.contains_key(key)))
    };
    if object.contains_key("metadata") || has("creationDate") || has("uuid") {
        Some(ImportFormat::DayOne)
    } else if object.contains_key("tags") || has("title") || (has("date") && has("body")) {
        Some(ImportFormat::Jrnl)
    } else if entries.is_empty() {
        // An empty export of either kind: nothing to do either way.
        Some(ImportFormat::Jrnl)
    } else {
        None
    }
}

// ---- Haru JSON ----

/// A Haru export, checked for shape and value types (not yet against a schema).
#[derive(Debug, Clone, PartialEq)]
pub struct HaruExport {
    pub schema_version: u32,
    /// Table name → rows (column → value).
    pub tables: BTreeMap<String, Vec<BTreeMap<String, SqlValue>>>,
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

fn from_json(value: &Value) -> Result<SqlValue, String> {
    match value {
        Value::Null => Ok(SqlValue::Null),
        Value::String(s) => Ok(SqlValue::Text(s.clone())),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Ok(SqlValue::Integer(i))
            } else if n.is_u64() {
                Err(format!("integer {n} is too large"))
            } else {
                n.as_f64()
                    .map(SqlValue::Real)
                    .ok_or_else(|| format!("number {n} cannot be stored"))
            }
        }
        Value::Object(map) if map.len() == 1 => {
            let (tag, inner) = map.iter().next().expect("one key");
            let inner = inner
                .as_str()
                .ok_or_else(|| format!("{tag} must hold a string"))?;
            match tag.as_str() {
                "$blob" => unhex(inner)
                    .map(SqlValue::Blob)
                    .ok_or_else(|| "$blob is not hexadecimal".into()),
                "$text_hex" => unhex(inner)
                    .map(|b| SqlValue::Text(String::from_utf8_lossy(&b).into_owned()))
                    .ok_or_else(|| "$text_hex is not hexadecimal".into()),
                "$real" => match inner {
                    "inf" => Ok(SqlValue::Real(f64::INFINITY)),
                    "-inf" => Ok(SqlValue::Real(f64::NEG_INFINITY)),
                    _ => Err(format!("$real '{inner}' is not inf or -inf")),
                },
                _ => Err(format!("unknown value tag '{tag}'")),
            }
        }
        Value::Bool(_) => Err("true/false is not a stored value".into()),
        Value::Array(_) | Value::Object(_) => Err("a list or object is not a stored value".into()),
    }
}

/// Checks the shape of a Haru export.
pub fn parse_haru_export(value: &Value) -> Result<HaruExport, String> {
    let object = value.as_object().ok_or("the top level is not an object")?;
    if object.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(format!("\"format\" is not \"{FORMAT}\""));
    }
    let version = object
        .get("version")
        .and_then(Value::as_u64)
        .ok_or("\"version\" is missing")?;
    if version > u64::from(FORMAT_VERSION) {
        return Err(format!(
            "it is export format version {version}, newer than this Haru reads ({FORMAT_VERSION}); update Haru"
        ));
    }
    let schema_version = object
        .get("schema_version")
        .and_then(Value::as_u64)
        .and_then(|v| u32::try_from(v).ok())
        .ok_or("\"schema_version\" is missing")?;
    let supported = haru_store::latest_version();
    if schema_version == 0 || schema_version > supported {
        return Err(format!(
            "it was written at database schema {schema_version}; this Haru understands 1 to {supported} (update Haru)"
        ));
    }
    let tables_json = object
        .get("tables")
        .and_then(Value::as_object)
        .ok_or("\"tables\" is missing")?;
    let mut tables = BTreeMap::new();
    for (table, rows) in tables_json {
        let rows = rows
            .as_array()
            .ok_or_else(|| format!("table {table} is not a list of rows"))?;
        let mut parsed = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            let row = row
                .as_object()
                .ok_or_else(|| format!("table {table}, row {i}: not an object"))?;
            let mut values = BTreeMap::new();
            for (column, value) in row {
                let value = from_json(value)
                    .map_err(|e| format!("table {table}, row {i}, column {column}: {e}"))?;
                values.insert(column.clone(), value);
            }
            parsed.push(values);
        }
        tables.insert(table.clone(), parsed);
    }
    Ok(HaruExport {
        schema_version,
        tables,
    })
}

/// Loads `export` into the fresh database `conn` (schema created here at the export's version).
pub fn load_export(conn: &mut Connection, export: &HaruExport) -> Result<(), String> {
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(|e| e.to_string())?;
    let tx = conn.transaction().map_err(|e| e.to_string())?;
    for (version, name, sql) in MIGRATIONS.iter().filter(|m| m.0 <= export.schema_version) {
        tx.execute_batch(sql)
            .map_err(|e| format!("creating schema {version} ({name}): {e}"))?;
    }
    tx.pragma_update(None, "user_version", export.schema_version)
        .map_err(|e| e.to_string())?;
    tx.pragma_update(None, "defer_foreign_keys", true)
        .map_err(|e| e.to_string())?;
    let known = db::user_tables(&tx).map_err(|e| e.to_string())?;
    for table in export.tables.keys() {
        if !known.contains(table) {
            return Err(format!(
                "table {table} does not exist at schema {}",
                export.schema_version
            ));
        }
    }
    let order = db::foreign_key_order(&tx, &known).map_err(|e| e.to_string())?;
    // Rows a migration may have seeded are replaced by the export's.
    for table in order.iter().rev() {
        tx.execute(&format!("DELETE FROM {}", quote(table)), [])
            .map_err(|e| format!("table {table}: {e}"))?;
    }
    for table in &order {
        let Some(rows) = export.tables.get(table) else {
            continue;
        };
        let columns: Vec<String> = db::columns(&tx, table)
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        for (i, row) in rows.iter().enumerate() {
            if let Some(unknown) = row.keys().find(|c| !columns.contains(c)) {
                return Err(format!("table {table}, row {i}: no column {unknown}"));
            }
            let names: Vec<String> = row.keys().map(|c| quote(c)).collect();
            let sql = if names.is_empty() {
                format!("INSERT INTO {} DEFAULT VALUES", quote(table))
            } else {
                format!(
                    "INSERT INTO {} ({}) VALUES ({})",
                    quote(table),
                    names.join(", "),
                    vec!["?"; names.len()].join(", ")
                )
            };
            let mut stmt = tx.prepare_cached(&sql).map_err(|e| e.to_string())?;
            stmt.execute(rusqlite::params_from_iter(row.values()))
                .map_err(|e| format!("table {table}, row {i}: {e}"))?;
        }
    }
    let violation: Option<(String, Option<i64>, String)> = tx
        .query_row(
            "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .ok();
    if let Some((table, rowid, parent)) = violation {
        return Err(format!(
            "table {table} (row id {}) refers to a missing row of {parent}",
            rowid.map_or("?".into(), |r| r.to_string())
        ));
    }
    tx.commit().map_err(|e| e.to_string())
}

fn entry_count(store: &Store) -> Result<i64, PortabilityError> {
    store
        .connection()
        .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
        .map_err(sqlite(store.path()))
}

/// Imports a checked Haru export into `store`, which must hold no entries.
pub fn import_haru(
    store: &mut Store,
    export: &HaruExport,
    source: &Path,
) -> Result<ImportSummary, PortabilityError> {
    let existing = entry_count(store)?;
    if existing > 0 {
        return Err(PortabilityError::NotEmpty { entries: existing });
    }
    let data_dir = store
        .path()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let staged = data_dir.join(format!(".haru-import-{}.sqlite3", std::process::id()));
    let remove_staged = |staged: &Path| {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = staged.as_os_str().to_owned();
            name.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
    };
    remove_staged(&staged);
    let result = (|| -> Result<i64, PortabilityError> {
        {
            let mut conn = Connection::open(&staged).map_err(sqlite(&staged))?;
            load_export(&mut conn, export).map_err(|detail| PortabilityError::BadImport {
                path: source.to_path_buf(),
                detail,
            })?;
        }
        let imported = {
            let mut staged_store = Store::open(&staged)?;
            staged_store.rebuild_search_index()?;
            staged_store.integrity_check()?;
            entry_count(&staged_store)?
        };
        let src = db::open_read_only(&staged)?;
        let db_path = store.path().to_path_buf();
        db::copy_database(&src, store.connection_mut()).map_err(sqlite(&db_path))?;
        store.migrate()?;
        Ok(imported)
    })();
    remove_staged(&staged);
    Ok(ImportSummary {
        format: ImportFormat::Haru.as_str().into(),
        imported: u32::try_from(result?).unwrap_or(u32::MAX),
        duplicates: 0,
        problems: Vec::new(),
    })
}

// ---- Day One and jrnl ----

/// Entries read from a Day One or jrnl export: the good ones with their position, and the
/// others with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ForeignEntries {
    pub entries: Vec<(u32, ImportedEntry)>,
    pub problems: Vec<ImportProblem>,
}

fn entry_list(value: &Value) -> Result<&Vec<Value>, String> {
    value
        .as_object()
        .and_then(|o| o.get("entries"))
        .and_then(Value::as_array)
        .ok_or_else(|| "there is no \"entries\" list".into())
}

fn timestamp(t: DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn collect(
    entries: &[Value],
    read: impl Fn(&serde_json::Map<String, Value>) -> Result<ImportedEntry, String>,
) -> ForeignEntries {
    let mut out = ForeignEntries::default();
    for (i, entry) in entries.iter().enumerate() {
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        let result = entry
            .as_object()
            .ok_or_else(|| "not an object".to_owned())
            .and_then(&read)
            .and_then(|e| {
                haru_core::parse_entry_date(&e.date).map_err(|err| err.message)?;
                if haru_core::text::is_blank(&e.body) {
                    Err("the text is empty".into())
                } else {
                    Ok(e)
                }
            });
        match result {
            Ok(e) => out.entries.push((index, e)),
            Err(reason) => out.problems.push(ImportProblem { index, reason }),
        }
    }
    out
}

fn rfc3339(value: &Value, field: &str) -> Result<DateTime<chrono::FixedOffset>, String> {
    let text = value
        .as_str()
        .ok_or_else(|| format!("\"{field}\" is not a string"))?;
    DateTime::parse_from_rfc3339(text)
        .map_err(|_| format!("\"{field}\" ({text}) is not an ISO 8601 / RFC 3339 time"))
}

/// Day One JSON (`{"entries": [{"text", "creationDate", "modifiedDate"?, "uuid"?, …}]}`).
pub fn read_day_one(value: &Value) -> Result<ForeignEntries, String> {
    Ok(collect(entry_list(value)?, |e| {
        let body = match e.get("text") {
            Some(Value::String(text)) => text.clone(),
            Some(_) => return Err("\"text\" is not a string".into()),
            None => return Err("\"text\" is missing (an entry with only media?)".into()),
        };
        let created = rfc3339(
            e.get("creationDate").ok_or("\"creationDate\" is missing")?,
            "creationDate",
        )?;
        let updated = match e.get("modifiedDate") {
            Some(v) => rfc3339(v, "modifiedDate")?,
            None => created,
        };
        Ok(ImportedEntry {
            date: created.with_timezone(&Local).date_naive().to_string(),
            body,
            created_at: timestamp(created.to_utc()),
            updated_at: timestamp(updated.to_utc()),
        })
    }))
}

/// jrnl JSON (`{"entries": [{"date": "YYYY-MM-DD", "time": "HH:MM", "title", "body", …}]}`):
/// the text is the title, a line break and the body.
pub fn read_jrnl(value: &Value) -> Result<ForeignEntries, String> {
    Ok(collect(entry_list(value)?, |e| {
        let text_field = |key: &str| match e.get(key) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(format!("\"{key}\" is not a string")),
        };
        let (title, body) = (text_field("title")?, text_field("body")?);
        let text = match (title.trim().is_empty(), body.trim().is_empty()) {
            (false, false) => format!("{title}\n{body}"),
            (false, true) => title,
            (true, _) => body,
        };
        let date_text = e
            .get("date")
            .and_then(Value::as_str)
            .ok_or("\"date\" is missing")?;
        let date = NaiveDate::parse_from_str(date_text, "%Y-%m-%d")
            .map_err(|_| format!("\"date\" ({date_text}) is not YYYY-MM-DD"))?;
        let time = match e.get("time").and_then(Value::as_str) {
            None => NaiveTime::MIN,
            Some(t) => NaiveTime::parse_from_str(t, "%H:%M")
                .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
                .map_err(|_| format!("\"time\" ({t}) is not HH:MM"))?,
        };
        let local = NaiveDateTime::new(date, time);
        let utc = Local
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.to_utc())
            .unwrap_or_else(|| local.and_utc());
        Ok(ImportedEntry {
            date: date.to_string(),
            body: text,
            created_at: timestamp(utc),
            updated_at: timestamp(utc),
        })
    }))
}

/// Adds foreign entries to `store`, skipping those whose day and text are already there.
pub fn import_foreign(
    store: &mut Store,
    format: ImportFormat,
    read: ForeignEntries,
) -> Result<ImportSummary, PortabilityError> {
    let mut seen: HashSet<(String, String)> = {
        let mut stmt = store
            .connection()
            .prepare("SELECT entry_date, body FROM entries")
            .map_err(sqlite(store.path()))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect::<Result<HashSet<_>, _>>())
            .map_err(sqlite(store.path()))?;
        rows
    };
    let mut fresh = Vec::new();
    let mut duplicates = 0u32;
    for (_, entry) in read.entries {
        if seen.insert((entry.date.clone(), entry.body.clone())) {
            fresh.push(entry);
        } else {
            duplicates += 1;
        }
    }
    store.insert_imported_entries(&fresh)?;
    Ok(ImportSummary {
        format: format.as_str().into(),
        imported: u32::try_from(fresh.len()).unwrap_or(u32::MAX),
        duplicates,
        problems: read.problems,
    })
}

/// Whether `path` is an encrypted export (`haru export --encrypt`), which needs a passphrase.
pub fn is_encrypted_export(path: &Path) -> Result<bool, PortabilityError> {
    use std::io::Read;
    let mut head = Vec::with_capacity(8);
    std::fs::File::open(path)
        .and_then(|f| f.take(8).read_to_end(&mut head))
        .map_err(PortabilityError::io(path))?;
    Ok(haru_store::crypt::is_sealed(&head))
}

/// `haru import FILE`: reads, recognises and imports `path` into `store`.
pub fn import_file(store: &mut Store, path: &Path) -> Result<ImportSummary, PortabilityError> {
    import_file_with(store, path, None)
}

/// Like [`import_file`]; an encrypted export (`haru export --encrypt`) is opened with
/// `passphrase` (without one, or with a wrong one, nothing is imported).
pub fn import_file_with(
    store: &mut Store,
    path: &Path,
    passphrase: Option<&str>,
) -> Result<ImportSummary, PortabilityError> {
    let bad = |detail: String| PortabilityError::BadImport {
        path: path.to_path_buf(),
        detail,
    };
    let size = std::fs::metadata(path)
        .map_err(PortabilityError::io(path))?
        .len();
    if size > MAX_IMPORT_BYTES {
        return Err(bad(format!("it is larger than {MAX_IMPORT_BYTES} bytes")));
    }
    let mut bytes = std::fs::read(path).map_err(PortabilityError::io(path))?;
    if haru_store::crypt::is_sealed(&bytes) {
        let passphrase = passphrase.ok_or_else(|| {
            PortabilityError::Store(haru_store::StoreError::Locked {
                data_dir: path.to_path_buf(),
            })
        })?;
        let opened = haru_store::crypt::open_sealed(&bytes, passphrase).ok_or_else(|| {
            PortabilityError::Store(haru_store::StoreError::WrongPassphrase {
                data_dir: path.to_path_buf(),
                recovery: false,
            })
        })?;
        bytes.zeroize();
        bytes = opened.to_vec();
    }
    let value = parse_json(&bytes);
    bytes.zeroize();
    let value = value.map_err(bad)?;
    match detect(&value) {
        Some(ImportFormat::Haru) => {
            let export = parse_haru_export(&value).map_err(bad)?;
            import_haru(store, &export, path)
        }
        Some(format @ ImportFormat::DayOne) => {
            let read = read_day_one(&value).map_err(bad)?;
            import_foreign(store, format, read)
        }
        Some(format @ ImportFormat::Jrnl) => {
            let read = read_jrnl(&value).map_err(bad)?;
            import_foreign(store, format, read)
        }
        None => Err(bad(
            "it is neither a Haru export, a Day One JSON export nor a jrnl JSON export".into(),
        )),
    }
}
