//! The user's own catalogue: a CSV or JSON file of movies/songs, checked row by row.
//!
//! Columns (CSV header names, or JSON object keys; case-insensitive):
//! - `title` (required), `id` (optional; default: derived from kind + title + creator),
//!   `kind` (`movie` or `music`; default `music` when audio features are given, else `movie`),
//!   `creator` / `artist` / `director`, `year`, `genres` (`a|b` or `a, b`; a JSON array too),
//!   `language` (ISO 639-1), `link`;
//! - `text` / `description` / `overview` / `lyrics`: read by the emotion model; or
//! - audio features: `valence` and `energy` (0–1, required for songs without text),
//!   `danceability`, `acousticness` (0–1, default 0.5), `tempo` (BPM, default 120),
//!   `loudness` (dB, default −8), `mode` (0/1).
//!
//! Bad rows are reported with their row number and reason; good rows are imported. Items are
//! stored with the text or features they came from, so they can be re-vectorised when the
//! model changes.

use std::collections::HashSet;

use haru_core::{ImportReport, ItemKind, RowError};
use serde_json::Value;

use crate::music::AudioFeatures;

/// Rows accepted in one file.
pub const MAX_ROWS: usize = 200_000;
/// Longest text read per item (characters).
pub const MAX_TEXT_CHARS: usize = 20_000;

/// A validated row, before vectorising.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    pub row: u32,
    pub id: String,
    pub kind: ItemKind,
    pub title: String,
    pub creator: Option<String>,
    pub year: Option<i32>,
    pub genres: Vec<String>,
    pub language: Option<String>,
    pub link: Option<String>,
    pub text: Option<String>,
    pub features: Option<AudioFeatures>,
}

/// The outcome of parsing: good rows and per-row errors (or one file-level error).
#[derive(Debug, Default)]
pub struct Parsed {
    pub rows: Vec<ImportRow>,
    pub errors: Vec<RowError>,
}

impl Parsed {
    pub fn report(&self, imported: u32) -> ImportReport {
        ImportReport {
            imported,
            errors: self.errors.clone(),
        }
    }
}

/// A whole-file problem (not UTF-8, empty, no title column, not CSV/JSON).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct FileError(pub String);

/// Parses a file's bytes; `name` picks the format by extension (`.json` or else CSV), and a
/// body starting with `[` or `{` is read as JSON either way.
pub fn parse(name: &str, bytes: &[u8]) -> Result<Parsed, FileError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        FileError(format!(
            "{name} is not UTF-8 text (invalid byte at offset {at}, line {line}); save it as UTF-8 and try again"
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(FileError(format!("{name} is empty")));
    }
    let first = text.trim_start().chars().next().unwrap_or(' ');
    if name.to_lowercase().ends_with(".json") || first == '[' || first == '{' {
        parse_json(name, text)
    } else {
        parse_csv(name, text)
    }
}

type Fields = Vec<(String, Value)>;

fn parse_json(name: &str, text: &str) -> Result<Parsed, FileError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| FileError(format!("{name} is not valid JSON: {e}")))?;
    let list = match value {
        Value::Array(a) => a,
        Value::Object(mut o) => match o.remove("items") {
            Some(Value::Array(a)) => a,
            _ => {
                return Err(FileError(format!(
                    "{name}: expected an array of items, or {{\"items\": [...]}}"
                )))
            }
        },
        _ => return Err(FileError(format!("{name}: expected an array of items"))),
    };
    if list.len() > MAX_ROWS {
        return Err(FileError(format!(
            "{name} has {} items; at most {MAX_ROWS} per file",
            list.len()
        )));
    }
    let mut parsed = Parsed::default();
    let mut ids = HashSet::new();
    for (i, v) in list.into_iter().enumerate() {
        let row = i as u32 + 1;
        match v {
            Value::Object(o) => {
                let fields: Fields = o.into_iter().map(|(k, v)| (k.to_lowercase(), v)).collect();
                push(&mut parsed, &mut ids, row, &fields);
            }
            _ => parsed.errors.push(RowError {
                row,
                reason: "not an object".into(),
            }),
        }
    }
    Ok(parsed)
}

fn parse_csv(name: &str, text: &str) -> Result<Parsed, FileError> {
    let delimiter = {
        let header = text.lines().next().unwrap_or("");
        [b',', b';', b'\t']
            .into_iter()
            .max_by_key(|d| header.matches(*d as char).count())
            .unwrap_or(b',')
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| FileError(format!("{name}: cannot read the header row: {e}")))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    if !headers.iter().any(|h| h == "title") {
        return Err(FileError(format!(
            "{name}: the header row has no 'title' column (found: {}); see the import format in the README",
            headers.join(", ")
        )));
    }
    let mut parsed = Parsed::default();
    let mut ids = HashSet::new();
    for (i, record) in reader.records().enumerate() {
        let row = i as u32 + 2; // the header is row 1
        if i >= MAX_ROWS {
            parsed.errors.push(RowError {
                row,
                reason: format!("more than {MAX_ROWS} rows: the rest of the file was not read"),
            });
            break;
        }
        match record {
            Ok(record) => {
                if record.len() != headers.len() {
                    parsed.errors.push(RowError {
                        row,
                        reason: format!(
                            "{} columns, the header has {}",
                            record.len(),
                            headers.len()
                        ),
                    });
                    continue;
                }
                let fields: Fields = headers
                    .iter()
                    .cloned()
                    .zip(record.iter().map(|v| Value::String(v.to_string())))
                    .collect();
                push(&mut parsed, &mut ids, row, &fields);
            }
            Err(e) => parsed.errors.push(RowError {
                row,
                reason: format!("unreadable row: {e}"),
            }),
        }
    }
    Ok(parsed)
}

fn push(parsed: &mut Parsed, ids: &mut HashSet<String>, row: u32, fields: &Fields) {
    match validate(row, fields) {
        Ok(item) => {
            if ids.insert(item.id.clone()) {
                parsed.rows.push(item);
            } else {
                parsed.errors.push(RowError {
                    row,
                    reason: format!("duplicate id '{}' (an earlier row has it)", item.id),
                });
            }
        }
        Err(reason) => parsed.errors.push(RowError { row, reason }),
    }
}

fn get<'a>(fields: &'a Fields, names: &[&str]) -> Option<&'a Value> {
    names.iter().find_map(|n| {
        fields
            .iter()
            .find(|(k, v)| k == n && !matches!(v, Value::Null) && v.as_str() != Some(""))
            .map(|(_, v)| v)
    })
}

fn string(fields: &Fields, names: &[&str], max: usize) -> Result<Option<String>, String> {
    match get(fields, names) {
        None => Ok(None),
        Some(Value::String(s)) => {
            let s = s.trim();
            if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
                return Err(format!("{} contains control characters", names[0]));
            }
            if s.chars().count() > max {
                return Err(format!("{} is longer than {max} characters", names[0]));
            }
            Ok(Some(s.to_string()).filter(|s| !s.is_empty()))
        }
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(format!("{} must be text", names[0])),
    }
}

fn number(fields: &Fields, name: &str) -> Result<Option<f64>, String> {
    let v = match get(fields, &[name]) {
        None => return Ok(None),
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
        Some(_) => None,
    };
    match v {
        Some(x) if x.is_finite() && x.abs() < 1e9 => Ok(Some(x)),
        Some(x) => Err(format!("{name} is not a usable number ({x})")),
        None => Err(format!("{name} is not a number")),
    }
}

fn validate(row: u32, fields: &Fields) -> Result<ImportRow, String> {
    let _ = row;
    let title = string(fields, &["title", "name", "song", "track"], 300)?
        .ok_or_else(|| "title is missing".to_string())?;
    let creator = string(fields, &["creator", "artist", "director"], 200)?;
    let year = match number(fields, "year")? {
        None => None,
        Some(y) if y.fract() == 0.0 && (1800.0..=2100.0).contains(&y) => Some(y as i32),
        Some(y) => {
            return Err(format!(
                "year must be a whole year from 1800 to 2100 (got {y})"
            ))
        }
    };
    let genres: Vec<String> = match get(fields, &["genres", "genre"]) {
        None => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|g| g.as_str())
            .map(str::to_string)
            .collect(),
        Some(Value::String(s)) => s.split(['|', ',', ';']).map(str::to_string).collect(),
        Some(_) => return Err("genres must be text or a list".into()),
    }
    .into_iter()
    .map(|g| crate::catalogue::normalise_genre(&g))
    .filter(|g| !g.is_empty() && g.chars().count() <= 60)
    .take(10)
    .collect();
    let language = string(fields, &["language", "lang"], 10)?.map(|l| l.to_lowercase());
    if let Some(l) = &language {
        if !(2..=3).contains(&l.len()) || !l.chars().all(|c| c.is_ascii_lowercase()) {
            return Err(format!(
                "language must be an ISO 639-1 code like 'en' or 'ko' (got '{l}')"
            ));
        }
    }
    let link = string(fields, &["link", "url"], 500)?;
    let text = string(
        fields,
        &["text", "description", "overview", "lyrics", "plot"],
        MAX_TEXT_CHARS,
    )?;
    let valence = number(fields, "valence")?;
    let energy = number(fields, "energy")?;
    let features = match (valence, energy) {
        (Some(v), Some(e)) => {
            let f = AudioFeatures {
                valence: v as f32,
                energy: e as f32,
                danceability: number(fields, "danceability")?.unwrap_or(0.5) as f32,
                acousticness: number(fields, "acousticness")?.unwrap_or(0.5) as f32,
                tempo: number(fields, "tempo")?.unwrap_or(120.0) as f32,
                loudness: number(fields, "loudness")?.unwrap_or(-8.0) as f32,
                mode: number(fields, "mode")?.map(|m| m as f32),
            };
            f.validate()?;
            Some(f)
        }
        (Some(_), None) => {
            return Err("energy is missing (audio features need valence and energy)".into())
        }
        (None, Some(_)) => {
            return Err("valence is missing (audio features need valence and energy)".into())
        }
        (None, None) => None,
    };
    if text.is_none() && features.is_none() {
        return Err("needs a text (text/description/overview/lyrics) or audio features (valence and energy)".into());
    }
    let kind = match string(fields, &["kind", "type"], 20)?.map(|k| k.to_lowercase()) {
        None => {
            if features.is_some() {
                ItemKind::Music
            } else {
                ItemKind::Movie
            }
        }
        Some(k) => match k.as_str() {
            "movie" | "film" | "series" | "tv show" => ItemKind::Movie,
            "music" | "song" | "track" => ItemKind::Music,
            other => return Err(format!("kind must be movie or music (got '{other}')")),
        },
    };
    let id = match string(fields, &["id"], 120)? {
        Some(id) => id,
        None => {
            let key = format!(
                "{}|{}|{}",
                kind.as_str(),
                title.to_lowercase(),
                creator.as_deref().unwrap_or("").to_lowercase()
            );
            use sha2::Digest;
            let digest = sha2::Sha256::digest(key.as_bytes());
            digest[..8].iter().map(|b| format!("{b:02x}")).collect()
        }
    };
    Ok(ImportRow {
        row,
        id: format!("user:{id}"),
        kind,
        title,
        creator,
        year,
        genres,
        language,
        link,
        text,
        features,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_are_checked_one_by_one() {
        let csv = "title,artist,year,genres,valence,energy,text\n\
                   Good Song,Me,2001,pop|rock,0.8,0.7,\n\
                   ,Nobody,2001,,0.5,0.5,\n\
                   Bad Year,Me,20x1,,0.5,0.5,\n\
                   Loud,Me,2001,,NaN,0.5,\n\
                   Huge,Me,2001,,1e300,0.5,\n\
                   Story,,1999,drama,,,A quiet film about a hopeful summer.\n\
                   Good Song,Me,2002,,0.1,0.1,\n\
                   short,row\n\
                   Neither,,,,,,\n";
        let parsed = parse("mine.csv", csv.as_bytes()).unwrap();
        assert_eq!(parsed.rows.len(), 2, "{:?}", parsed.errors);
        assert_eq!(parsed.rows[0].kind, ItemKind::Music);
        assert_eq!(parsed.rows[0].genres, vec!["pop", "rock"]);
        assert_eq!(parsed.rows[1].kind, ItemKind::Movie);
        let reasons: Vec<(u32, &str)> = parsed
            .errors
            .iter()
            .map(|e| (e.row, e.reason.as_str()))
            .collect();
        assert_eq!(reasons.len(), 7, "{reasons:?}");
        assert!(reasons[0].0 == 3 && reasons[0].1.contains("title is missing"));
        assert!(reasons[1].1.contains("year"));
        assert!(reasons[2].1.contains("valence"));
        assert!(reasons[3].1.contains("valence") || reasons[3].1.contains("usable"));
        assert!(reasons[4].0 == 8 && reasons[4].1.contains("duplicate id"));
        assert!(reasons[5].1.contains("columns"));
        assert!(reasons[6].1.contains("needs a text"));
    }

    #[test]
    fn file_level_problems_are_named() {
        assert!(parse("a.csv", b"").unwrap_err().0.contains("empty"));
        let err = parse("a.csv", b"title\n\xff\xfe oops").unwrap_err().0;
        assert!(err.contains("not UTF-8") && err.contains("line 2"), "{err}");
        let err = parse("a.csv", b"name;artist\nx;y").unwrap_err().0;
        assert!(
            err.contains("no 'title' column") && err.contains("name, artist"),
            "{err}"
        );
        assert!(parse("a.json", b"{\"oops\": 1}")
            .unwrap_err()
            .0
            .contains("array"));
        assert!(parse("a.json", b"[1, 2")
            .unwrap_err()
            .0
            .contains("not valid JSON"));
    }

    #[test]
    fn json_items_and_many_rows() {
        let json = r#"{"items": [
            {"title": "Film", "kind": "movie", "overview": "A warm story.", "genres": ["Comedy"], "year": 2010, "id": "f1"},
            {"title": "Song", "valence": 0.2, "energy": 0.3, "tempo": "90"},
            {"title": "Film 2", "kind": "podcast", "text": "x"},
            3
        ]}"#;
        let parsed = parse("mine.json", json.as_bytes()).unwrap();
        assert_eq!(parsed.rows.len(), 2);
        assert_eq!(parsed.rows[0].id, "user:f1");
        assert_eq!(parsed.rows[1].features.unwrap().tempo, 90.0);
        assert_eq!(parsed.errors.len(), 2);
        assert_eq!(parsed.errors[1].row, 4);

        let mut big = String::from("title,valence,energy\n");
        for i in 0..100_000 {
            big.push_str(&format!("song {i},0.5,0.5\n"));
        }
        let parsed = parse("big.csv", big.as_bytes()).unwrap();
        assert_eq!((parsed.rows.len(), parsed.errors.len()), (100_000, 0));
    }
}
