//! `haru import FILE`: Haru JSON exports, Day One exports (a zip or one journal's JSON) and
//! jrnl JSON exports, told apart by their content.
//!
//! * **Haru JSON** is imported only into a diary with no entries (a new data folder, or the
//!   app right after first start): it carries ids, analyses, feedback and settings that cannot
//!   be merged into another diary without renumbering. The export is loaded into a fresh
//!   database at the export's own schema version (so older exports keep working), checked
//!   (constraints, foreign keys), migrated to the current schema, its search index rebuilt,
//!   and then installed in one transaction with the backup API: all or nothing. Exporting
//!   again gives the same file.
//! * **Day One / jrnl** entries are added to any diary; entries that cannot be read are
//!   reported by position and reason, the others are imported (together, in one transaction).
//!   Importing the same export twice adds nothing: a Day One entry is recognised by its
//!   creation instant and its text (as imported now, or as earlier Haru versions stored it,
//!   with photo placeholders), whatever day it was filed under, and one that an earlier import
//!   filed under a day its own time zone does not give is moved to its own day (only within
//!   two days, what a time-zone difference can do; text and timestamps are left alone; an
//!   entry without a zone of its own is left where it is); a jrnl entry by its day and text.
//!   How Day One exports are read: `dayone.rs`. A jrnl date is the day as written; its time
//!   is read in this computer's zone.

use haru_store::crash_point;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use zeroize::Zeroize;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat};
use haru_core::{ImportProblem, ImportSummary};
use haru_store::{ImportedEntry, Integrity, Store, MIGRATIONS};
use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;
use serde_json::Value;

use crate::dayone::{self, LocalZone, ZipLimits};
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
                "$blob" => haru_store::hex::decode(inner)
                    .map(SqlValue::Blob)
                    .ok_or_else(|| "$blob is not hexadecimal".into()),
                "$text_hex" => haru_store::hex::decode(inner)
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
    load_export_with_progress(conn, export, &mut |_, _| {})
}

/// Like [`load_export`]; `progress(done, total)` follows the rows of `entries` loaded, from
/// `(0, total)` to `(total, total)`.
pub fn load_export_with_progress(
    conn: &mut Connection,
    export: &HaruExport,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<(), String> {
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
    let total = export
        .tables
        .get("entries")
        .map_or(0, |rows| u32::try_from(rows.len()).unwrap_or(u32::MAX));
    progress(0, total);
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
            if table == "entries" {
                progress(u32::try_from(i + 1).unwrap_or(u32::MAX).min(total), total);
            }
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
    import_haru_with_progress(store, export, source, &mut |_, _| {})
}

/// Like [`import_haru`]; `progress(done, total)` follows the export's entries as they are
/// loaded (see [`load_export_with_progress`]); checking and installing them follows.
pub fn import_haru_with_progress(
    store: &mut Store,
    export: &HaruExport,
    source: &Path,
    progress: &mut dyn FnMut(u32, u32),
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
    // Staged under the diary's own key when it is encrypted: the export's text never lands
    // on disk in the clear, and the backup API copies between databases of one key only.
    let key = store.key().cloned();
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
            haru_store::private::create_new_file(&staged).map_err(PortabilityError::io(&staged))?;
            let mut conn = Connection::open(&staged).map_err(sqlite(&staged))?;
            if let Some(key) = &key {
                haru_store::key_connection(&conn, key).map_err(sqlite(&staged))?;
            }
            load_export_with_progress(&mut conn, export, progress).map_err(|detail| {
                PortabilityError::BadImport {
                    path: source.to_path_buf(),
                    detail,
                }
            })?;
        }
        crash_point("import: the export is staged");
        let imported = {
            let mut staged_store =
                Store::open_keyed(&staged, Integrity::CheckAtOpen, key.as_ref())?;
            staged_store.rebuild_search_index()?;
            staged_store.integrity_check()?;
            entry_count(&staged_store)?
        };
        crash_point("import: the staged copy is checked");
        let src = db::open_read_only(&staged)?;
        if let Some(key) = &key {
            haru_store::key_connection(&src, key).map_err(sqlite(&staged))?;
        }
        let db_path = store.path().to_path_buf();
        db::copy_database(&src, store.connection_mut()).map_err(sqlite(&db_path))?;
        crash_point("import: copied into the diary");
        store.migrate()?;
        Ok(imported)
    })();
    remove_staged(&staged);
    Ok(ImportSummary {
        format: ImportFormat::Haru.as_str().into(),
        imported: u32::try_from(result?).unwrap_or(u32::MAX),
        duplicates: 0,
        dates_corrected: 0,
        photos_skipped: 0,
        other_media_skipped: 0,
        problems: Vec::new(),
        notes: Vec::new(),
    })
}

// ---- Day One and jrnl ----

/// One entry read from a Day One or jrnl export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignEntry {
    /// The journal inside a zip export it comes from.
    pub file: Option<String>,
    /// Position in that file's entry list.
    pub index: u32,
    pub entry: ImportedEntry,
    /// Day One's `uuid`.
    pub uuid: Option<String>,
    /// The text as earlier Haru versions stored this entry, where the import changes it now
    /// (with Day One's photo placeholders; without the tags line added from the file's
    /// `tags`): a re-import recognises the entry by those too.
    pub earlier_texts: Vec<String>,
    /// Whether the day comes from the entry's own time zone (not from the importing
    /// computer's), so that it can correct the day an earlier import chose.
    pub own_zone: bool,
}

/// Entries read from a Day One or jrnl export: the good ones, the others with the reason,
/// and what the report should say besides.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ForeignEntries {
    pub entries: Vec<ForeignEntry>,
    pub problems: Vec<ImportProblem>,
    /// Photos attached to the entries (read or not): none is imported.
    pub photos: u32,
    /// Videos, audio recordings and PDFs attached to the entries.
    pub other_media: u32,
    pub notes: Vec<String>,
}

impl ForeignEntries {
    /// Adds the entries of the journal `file` of a zip export.
    pub fn append(&mut self, mut other: ForeignEntries, file: &str) {
        for entry in &mut other.entries {
            entry.file = Some(file.to_owned());
        }
        for problem in &mut other.problems {
            problem.file = Some(file.to_owned());
        }
        self.entries.append(&mut other.entries);
        self.problems.append(&mut other.problems);
        self.photos = self.photos.saturating_add(other.photos);
        self.other_media = self.other_media.saturating_add(other.other_media);
        self.notes.extend(
            other
                .notes
                .into_iter()
                .map(|note| format!("{file}: {note}")),
        );
    }
}

pub(crate) fn entry_list(value: &Value) -> Result<&Vec<Value>, String> {
    value
        .as_object()
        .and_then(|o| o.get("entries"))
        .and_then(Value::as_array)
        .ok_or_else(|| "there is no \"entries\" list".into())
}

pub(crate) fn timestamp(t: DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Reads each entry with `read` (which leaves `file` and `index` to this function), and
/// refuses the ones with an invalid date or no text.
pub(crate) fn collect(
    entries: &[Value],
    mut read: impl FnMut(&serde_json::Map<String, Value>) -> Result<ForeignEntry, String>,
) -> ForeignEntries {
    let mut out = ForeignEntries::default();
    for (i, entry) in entries.iter().enumerate() {
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        let result = entry
            .as_object()
            .ok_or_else(|| "not an object".to_owned())
            .and_then(&mut read)
            .and_then(|e| {
                haru_core::parse_entry_date(&e.entry.date).map_err(|err| err.message)?;
                if haru_core::text::is_blank(&e.entry.body) {
                    Err("the text is empty".into())
                } else {
                    Ok(e)
                }
            });
        match result {
            Ok(e) => out.entries.push(ForeignEntry { index, ..e }),
            Err(reason) => out.problems.push(ImportProblem {
                file: None,
                index,
                reason,
            }),
        }
    }
    out
}

pub(crate) fn rfc3339(value: &Value, field: &str) -> Result<DateTime<chrono::FixedOffset>, String> {
    let text = value
        .as_str()
        .ok_or_else(|| format!("\"{field}\" is not a string"))?;
    DateTime::parse_from_rfc3339(text)
        .map_err(|_| format!("\"{field}\" ({text}) is not an ISO 8601 / RFC 3339 time"))
}

/// jrnl JSON (`{"entries": [{"date": "YYYY-MM-DD", "time": "HH:MM", "title", "body", …}]}`):
/// the text is the title, a line break and the body; the time is read in this computer's zone.
pub fn read_jrnl(value: &Value) -> Result<ForeignEntries, String> {
    read_jrnl_in(value, LocalZone::System)
}

/// Like [`read_jrnl`], the time read in `local`. The day is the one written, in any zone.
pub fn read_jrnl_in(value: &Value, local: LocalZone) -> Result<ForeignEntries, String> {
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
        let utc = local.instant_of(NaiveDateTime::new(date, time));
        // jrnl's tags (`@work`, usually written inline too) become Haru `#tags`.
        let tags = string_list(e.get("tags"));
        let body = haru_core::text::with_tags(&text, &tags);
        Ok(ForeignEntry {
            file: None,
            index: 0,
            earlier_texts: if body != text { vec![text] } else { Vec::new() },
            entry: ImportedEntry {
                date: date.to_string(),
                body,
                created_at: timestamp(utc),
                updated_at: timestamp(utc),
                starred: e.get("starred").and_then(Value::as_bool).unwrap_or(false),
            },
            uuid: None,
            own_zone: false,
        })
    }))
}

/// The strings of a JSON list (a missing or malformed list is none: tags are optional).
pub(crate) fn string_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// An entry already in the diary (live or in the trash), as an import compares it.
struct Present {
    id: i64,
    date: String,
    created_at: String,
    body: String,
}

fn present_entries(store: &Store) -> Result<Vec<Present>, PortabilityError> {
    let mut stmt = store
        .connection()
        .prepare("SELECT id, entry_date, created_at, body FROM entries")
        .map_err(sqlite(store.path()))?;
    let rows = stmt
        .query_map([], |r| {
            let created_at: String = r.get(2)?;
            Ok(Present {
                id: r.get(0)?,
                date: r.get(1)?,
                // One spelling of the instant, whatever wrote it.
                created_at: DateTime::parse_from_rfc3339(&created_at)
                    .map(|t| timestamp(t.to_utc()))
                    .unwrap_or(created_at),
                body: r.get(3)?,
            })
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(sqlite(store.path()));
    rows
}

/// Whether an entry filed under `filed` that belongs under `due` was filed by an importer that
/// read its instant in another time zone (zones are at most 26 hours apart: two days).
fn zone_shifted(filed: &str, due: &str) -> bool {
    match (
        NaiveDate::parse_from_str(filed, "%Y-%m-%d"),
        NaiveDate::parse_from_str(due, "%Y-%m-%d"),
    ) {
        (Ok(filed), Ok(due)) => filed != due && (filed - due).num_days().abs() <= 2,
        _ => false,
    }
}

/// Adds foreign entries to `store`, skipping those already there (Day One: the same creation
/// instant and text; jrnl: the same day and text) or read earlier in this import (Day One:
/// also the same `uuid`), and moving Day One entries an earlier import filed under another
/// day to their own day. All in one transaction.
pub fn import_foreign(
    store: &mut Store,
    format: ImportFormat,
    read: ForeignEntries,
) -> Result<ImportSummary, PortabilityError> {
    import_foreign_with_progress(store, format, read, &mut |_, _| {})
}

/// Like [`import_foreign`]; `progress(done, total)` follows the new entries written, from
/// `(0, total)` to `(total, total)` (entries already present are not counted).
pub fn import_foreign_with_progress(
    store: &mut Store,
    format: ImportFormat,
    read: ForeignEntries,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<ImportSummary, PortabilityError> {
    let present = present_entries(store)?;
    let mut fresh = Vec::new();
    let mut redate: BTreeMap<i64, String> = BTreeMap::new();
    let mut duplicates = 0u32;
    let mut dates_corrected = 0u32;
    if format == ImportFormat::DayOne {
        let mut by_instant: HashMap<(&str, &str), Vec<&Present>> = HashMap::new();
        for p in &present {
            by_instant
                .entry((p.created_at.as_str(), p.body.as_str()))
                .or_default()
                .push(p);
        }
        let mut uuids: HashSet<String> = HashSet::new();
        let mut seen: HashSet<(String, String)> = HashSet::new();
        for foreign in read.entries {
            let entry = foreign.entry;
            let repeated_uuid = foreign.uuid.is_some_and(|uuid| !uuids.insert(uuid));
            let repeated = !seen.insert((entry.created_at.clone(), entry.body.clone()));
            if repeated_uuid || repeated {
                duplicates += 1;
                continue;
            }
            let texts = std::iter::once(entry.body.as_str())
                .chain(foreign.earlier_texts.iter().map(String::as_str));
            let matches: Vec<&Present> = texts
                .filter_map(|text| by_instant.get(&(entry.created_at.as_str(), text)))
                .flatten()
                .copied()
                .collect();
            if matches.is_empty() {
                fresh.push(entry);
                continue;
            }
            duplicates += 1;
            if !foreign.own_zone {
                continue;
            }
            let mut moved = false;
            for p in matches {
                if zone_shifted(&p.date, &entry.date) && !redate.contains_key(&p.id) {
                    redate.insert(p.id, entry.date.clone());
                    moved = true;
                }
            }
            dates_corrected += u32::from(moved);
        }
    } else {
        let mut seen: HashSet<(String, String)> =
            present.into_iter().map(|p| (p.date, p.body)).collect();
        for foreign in read.entries {
            let entry = foreign.entry;
            let known_before = foreign
                .earlier_texts
                .iter()
                .any(|text| seen.contains(&(entry.date.clone(), text.clone())));
            if !known_before && seen.insert((entry.date.clone(), entry.body.clone())) {
                fresh.push(entry);
            } else {
                duplicates += 1;
            }
        }
    }
    let redate: Vec<(i64, String)> = redate.into_iter().collect();
    crash_point("import: entries read, before their one transaction");
    let total = u32::try_from(fresh.len()).unwrap_or(u32::MAX);
    progress(0, total);
    store.import_entries_with_progress(&fresh, &redate, &mut |done| {
        progress(u32::try_from(done).unwrap_or(u32::MAX).min(total), total)
    })?;
    crash_point("import: the transaction committed");
    Ok(ImportSummary {
        format: format.as_str().into(),
        imported: u32::try_from(fresh.len()).unwrap_or(u32::MAX),
        duplicates,
        dates_corrected,
        photos_skipped: read.photos,
        other_media_skipped: read.other_media,
        problems: read.problems,
        notes: read.notes,
    })
}

/// Whether `path` is an encrypted export (`haru export --encrypt`), which needs a passphrase.
pub fn is_encrypted_export(path: &Path) -> Result<bool, PortabilityError> {
    let mut head = Vec::with_capacity(8);
    std::fs::File::open(path)
        .and_then(|f| f.take(8).read_to_end(&mut head))
        .map_err(PortabilityError::io(path))?;
    Ok(haru_store::crypt::is_sealed(&head))
}

/// How `haru import` reads a file; the defaults are what the CLI and the app use.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions<'a> {
    /// Opens an encrypted export (`haru export --encrypt`).
    pub passphrase: Option<&'a str>,
    /// The zone of local times that carry none (this computer's by default).
    pub local_zone: LocalZone,
    /// How much of a zip export is read at most.
    pub zip_limits: ZipLimits,
    /// How many bytes of any other file are read at most (`None`: [`MAX_IMPORT_BYTES`]).
    pub max_bytes: Option<u64>,
}

/// `haru import FILE`: reads, recognises and imports `path` into `store`.
pub fn import_file(store: &mut Store, path: &Path) -> Result<ImportSummary, PortabilityError> {
    import_file_opts(store, path, &ImportOptions::default())
}

/// Like [`import_file`]; an encrypted export (`haru export --encrypt`) is opened with
/// `passphrase` (without one, or with a wrong one, nothing is imported).
pub fn import_file_with(
    store: &mut Store,
    path: &Path,
    passphrase: Option<&str>,
) -> Result<ImportSummary, PortabilityError> {
    import_file_opts(
        store,
        path,
        &ImportOptions {
            passphrase,
            ..ImportOptions::default()
        },
    )
}

/// Whether `head` (the first bytes of a file) starts a zip archive (an empty one too).
fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

/// Like [`import_file`], with `options`. A zip is read as a Day One export (its journals
/// only, within `options.zip_limits`: the archive itself may be larger than
/// [`MAX_IMPORT_BYTES`], its photos are never unpacked); any other file is read whole.
pub fn import_file_opts(
    store: &mut Store,
    path: &Path,
    options: &ImportOptions<'_>,
) -> Result<ImportSummary, PortabilityError> {
    import_file_with_progress(store, path, options, &mut |_, _| {})
}

/// Like [`import_file_opts`]; `progress(done, total)` follows the entries imported, from
/// `(0, total)` to `(total, total)` (see [`import_haru_with_progress`] and
/// [`import_foreign_with_progress`]). Nothing is reported while the file is read.
pub fn import_file_with_progress(
    store: &mut Store,
    path: &Path,
    options: &ImportOptions<'_>,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<ImportSummary, PortabilityError> {
    let bad = |detail: String| PortabilityError::BadImport {
        path: path.to_path_buf(),
        detail,
    };
    let mut head = Vec::with_capacity(8);
    let mut file = std::fs::File::open(path).map_err(PortabilityError::io(path))?;
    (&mut file)
        .take(8)
        .read_to_end(&mut head)
        .map_err(PortabilityError::io(path))?;
    if is_zip(&head) {
        let read = dayone::read_day_one_zip(
            std::io::BufReader::new(file),
            options.zip_limits,
            options.local_zone,
        )
        .map_err(bad)?;
        return import_foreign_with_progress(store, ImportFormat::DayOne, read, progress);
    }
    let named_zip = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("zip"));
    if named_zip && !haru_store::crypt::is_sealed(&head) {
        return Err(bad(
            "it is named .zip but is not a zip archive (an export or download that stopped \
             early, or another file renamed?); export it from Day One again"
                .into(),
        ));
    }
    // The read itself is bounded, not the size the file system reports: a pipe or a device
    // (`/dev/zero`) reports none and would otherwise be read until memory runs out.
    // The file is read through the handle already open (a pipe cannot be opened twice).
    let limit = options.max_bytes.unwrap_or(MAX_IMPORT_BYTES);
    let mut bytes = head;
    file.take(limit.saturating_add(1).saturating_sub(bytes.len() as u64))
        .read_to_end(&mut bytes)
        .map_err(PortabilityError::io(path))?;
    if bytes.len() as u64 > limit {
        bytes.zeroize();
        return Err(bad(format!("it is larger than {limit} bytes")));
    }
    if haru_store::crypt::is_sealed(&bytes) {
        let passphrase = options.passphrase.ok_or_else(|| {
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
            import_haru_with_progress(store, &export, path, progress)
        }
        Some(format @ ImportFormat::DayOne) => {
            let read = dayone::read_day_one_in(&value, options.local_zone).map_err(bad)?;
            import_foreign_with_progress(store, format, read, progress)
        }
        Some(format @ ImportFormat::Jrnl) => {
            let read = read_jrnl_in(&value, options.local_zone).map_err(bad)?;
            import_foreign_with_progress(store, format, read, progress)
        }
        None => Err(bad(
            "it is neither a Haru export, a Day One export (zip or JSON) nor a jrnl JSON export"
                .into(),
        )),
    }
}
