//! Day One exports as Day One writes them: a zip holding one JSON file per journal
//! (`Journal.json`, `Travel.json`, …) beside `photos/`, `videos/`, `audios/` and `pdfs/`, or
//! one journal's JSON on its own.
//!
//! The rules:
//! * **Each entry's day is its local date in its own time zone.** Day One stores the instant
//!   (`creationDate`, UTC) and the IANA zone the entry was written in (`timeZone`); the zone
//!   comes from chrono-tz's compiled-in IANA database (fixed offsets such as `GMT+0900` are
//!   read too). `created_at` is the instant itself. Only an entry without a zone, or with one
//!   the database does not know, is dated in this computer's zone ([`LocalZone`]), and the
//!   report says how many were.
//! * **Text only.** Haru keeps no photos: the `![](dayone-moment://…)` placeholders (and
//!   `dayone-moment:/video/…`, `/audio/…`, `/pdfAttachment/…`) are removed from the text and
//!   counted in the report. Day One's other Markdown stays as it was written.
//! * **From a zip, only the journals are read**: every `.json` member that is a Day One
//!   journal, decompressed within [`ZipLimits`] whatever sizes the archive declares (a zip bomb
//!   stops at the limit). Media are never decompressed; any other file is named in the report.
//!   A zip that cannot be read, or a journal in it that is damaged, refuses the whole import:
//!   nothing is changed.

use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Seek};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value};

use crate::import::{
    collect, detect, entry_list, parse_json, rfc3339, timestamp, ForeignEntries, ForeignEntry,
    ImportFormat, MAX_IMPORT_BYTES,
};
use haru_store::ImportedEntry;

/// The most files a zip export may hold (Day One's own exports hold one file per photo).
pub const MAX_ZIP_MEMBERS: usize = 1_000_000;

/// How much of a zip export is read at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZipLimits {
    /// Unpacked bytes of all the journals together (what the archive declares is not trusted).
    pub json_bytes: u64,
    /// Files (members) in the archive.
    pub members: usize,
}

impl Default for ZipLimits {
    fn default() -> ZipLimits {
        ZipLimits {
            json_bytes: MAX_IMPORT_BYTES,
            members: MAX_ZIP_MEMBERS,
        }
    }
}

/// The zone for local times that carry none: Day One entries without a `timeZone`, and jrnl's
/// dates and times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LocalZone {
    /// This computer's zone (`TZ`, else the system setting).
    #[default]
    System,
    /// A given zone (tests, or a zone the user picks).
    Named(Tz),
}

/// The instant of `local` in `zone`: the earlier one when the clock went back, and the time
/// an hour later (the clock read an hour behind) when it falls in a gap where the clock went
/// forward.
fn instant_in<Z: TimeZone>(zone: &Z, local: NaiveDateTime) -> DateTime<Utc> {
    zone.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            let later = local.checked_add_signed(chrono::TimeDelta::hours(1))?;
            zone.from_local_datetime(&later).earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| local.and_utc())
}

impl LocalZone {
    /// The local calendar date of the instant `t`.
    pub fn date_of(self, t: DateTime<Utc>) -> NaiveDate {
        match self {
            LocalZone::System => t.with_timezone(&chrono::Local).date_naive(),
            LocalZone::Named(zone) => t.with_timezone(&zone).date_naive(),
        }
    }

    /// The instant a local date and time names.
    pub fn instant_of(self, local: NaiveDateTime) -> DateTime<Utc> {
        match self {
            LocalZone::System => instant_in(&chrono::Local, local),
            LocalZone::Named(zone) => instant_in(&zone, local),
        }
    }
}

/// A zone an entry names: an IANA name, or a fixed offset (`GMT+0900`, `UTC-05:00`, `GMT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryZone {
    Iana(Tz),
    Fixed(FixedOffset),
}

impl EntryZone {
    pub fn parse(name: &str) -> Option<EntryZone> {
        let name = name.trim();
        if let Ok(zone) = name.parse::<Tz>() {
            return Some(EntryZone::Iana(zone));
        }
        let rest = name
            .strip_prefix("GMT")
            .or_else(|| name.strip_prefix("UTC"))?;
        if rest.is_empty() {
            return FixedOffset::east_opt(0).map(EntryZone::Fixed);
        }
        let (sign, digits) = match rest.as_bytes()[0] {
            b'+' => (1, &rest[1..]),
            b'-' => (-1, &rest[1..]),
            _ => return None,
        };
        if !digits.is_ascii() {
            return None;
        }
        let (hours, minutes) = match digits.split_once(':') {
            Some((h, m)) => (h, m),
            None if digits.len() > 2 => digits.split_at(digits.len() - 2),
            None => (digits, "0"),
        };
        let all_digits =
            |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(hours) || !all_digits(minutes) {
            return None;
        }
        let (hours, minutes): (i32, i32) = (hours.parse().ok()?, minutes.parse().ok()?);
        if hours > 18 || minutes > 59 {
            return None;
        }
        FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).map(EntryZone::Fixed)
    }

    pub fn date_of(self, t: DateTime<Utc>) -> NaiveDate {
        match self {
            EntryZone::Iana(zone) => t.with_timezone(&zone).date_naive(),
            EntryZone::Fixed(offset) => t.with_timezone(&offset).date_naive(),
        }
    }
}

/// What a `dayone-moment` placeholder points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Moment {
    Photo,
    /// A video, an audio recording, a PDF, or a kind this reader does not know.
    Other,
}

/// `text` without its `![…](dayone-moment:…)` placeholders, and what they pointed at (kind and
/// identifier). A line left blank by the removal goes, with the blank lines around it, so the
/// paragraphs keep one blank line between them; text without placeholders comes back as is.
fn strip_moments(text: &str) -> (String, Vec<(Moment, String)>) {
    const TARGET: &str = "](dayone-moment:";
    if !text.contains(TARGET) {
        return (text.to_owned(), Vec::new());
    }
    let mut moments = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    let mut after_removed = false;
    for line in text.split('\n') {
        let mut kept = String::with_capacity(line.len());
        let mut rest = line;
        let mut removed = false;
        while let Some(start) = rest.find("![") {
            let tail = &rest[start..];
            let Some(close) = tail.find(TARGET) else {
                break;
            };
            let target = &tail[close + TARGET.len()..];
            let Some(end) = target.find(')') else {
                break;
            };
            let alt = &tail[2..close];
            if alt.contains('[') || alt.contains(']') {
                // Not one image: keep this "![" and look further on.
                kept.push_str(&rest[..start + 2]);
                rest = &rest[start + 2..];
                continue;
            }
            let reference = target[..end].trim();
            let (kind, id) = match reference.strip_prefix("//") {
                Some(id) => (Moment::Photo, id),
                None => (Moment::Other, reference.trim_start_matches('/')),
            };
            moments.push((kind, id.split_whitespace().next().unwrap_or("").to_owned()));
            kept.push_str(&rest[..start]);
            rest = &target[end + 1..];
            removed = true;
        }
        kept.push_str(rest);
        let blank = kept.trim().is_empty();
        if removed && blank {
            after_removed = true;
            continue;
        }
        let previous_blank = lines.last().is_none_or(|l| l.trim().is_empty());
        if blank && after_removed && previous_blank {
            continue;
        }
        if !blank {
            after_removed = false;
        }
        lines.push(kept);
    }
    if moments.is_empty() {
        return (text.to_owned(), moments);
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    (lines.join("\n"), moments)
}

/// Photos and other media of one entry: the identifiers in its `photos`, `videos`, `audios`
/// and `pdfAttachments` lists and in its text's placeholders, each counted once.
fn count_media(entry: &Map<String, Value>, moments: &[(Moment, String)]) -> (u32, u32) {
    let mut seen: HashSet<(Moment, String)> = HashSet::new();
    let mut unnamed = [0u32; 2];
    for (key, kind) in [
        ("photos", Moment::Photo),
        ("videos", Moment::Other),
        ("audios", Moment::Other),
        ("pdfAttachments", Moment::Other),
    ] {
        for item in entry
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match item.get("identifier").and_then(Value::as_str) {
                Some(id) if !id.is_empty() => {
                    seen.insert((kind, id.to_owned()));
                }
                _ => unnamed[usize::from(kind == Moment::Other)] += 1,
            }
        }
    }
    for (kind, id) in moments {
        if id.is_empty() {
            unnamed[usize::from(*kind == Moment::Other)] += 1;
        } else {
            // A video placeholder names `video/ID`; its list item names `ID`.
            let id = id.rsplit('/').next().unwrap_or(id);
            seen.insert((*kind, id.to_owned()));
        }
    }
    let photos = seen.iter().filter(|(k, _)| *k == Moment::Photo).count();
    let other = seen.len() - photos;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (
        count(photos).saturating_add(unnamed[0]),
        count(other).saturating_add(unnamed[1]),
    )
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "2 photos", "1 other attachment", "2 photos and 1 other attachment".
pub(crate) fn media_phrase(photos: u32, other: u32) -> String {
    let photos_text = plural(photos, "photo", "photos");
    let other_text = plural(other, "other attachment", "other attachments");
    match (photos, other) {
        (_, 0) => photos_text,
        (0, _) => other_text,
        _ => format!("{photos_text} and {other_text}"),
    }
}

/// Day One JSON (`{"entries": [{"text", "creationDate", "timeZone"?, "modifiedDate"?,
/// "uuid"?, "photos"?, …}]}`), entries without a zone dated in this computer's zone.
pub fn read_day_one(value: &Value) -> Result<ForeignEntries, String> {
    read_day_one_in(value, LocalZone::System)
}

/// Like [`read_day_one`], entries without a zone dated in `local`.
pub fn read_day_one_in(value: &Value, local: LocalZone) -> Result<ForeignEntries, String> {
    let mut photos = 0u32;
    let mut other_media = 0u32;
    let mut unknown_zones: BTreeMap<String, u32> = BTreeMap::new();
    let mut out = collect(entry_list(value)?, |e| {
        let (text, moments) = match e.get("text") {
            Some(Value::String(text)) => {
                let (clean, moments) = strip_moments(text);
                (Some((text, clean)), moments)
            }
            Some(_) => return Err("\"text\" is not a string".into()),
            None => (None, Vec::new()),
        };
        let (entry_photos, entry_other) = count_media(e, &moments);
        photos = photos.saturating_add(entry_photos);
        other_media = other_media.saturating_add(entry_other);
        let Some((original, body)) = text else {
            return Err("\"text\" is missing (an entry with only media?)".into());
        };
        if haru_core::text::is_blank(&body) && entry_photos + entry_other > 0 {
            return Err(format!(
                "it has no text, only {} (Haru keeps text only)",
                media_phrase(entry_photos, entry_other)
            ));
        }
        let created = rfc3339(
            e.get("creationDate").ok_or("\"creationDate\" is missing")?,
            "creationDate",
        )?
        .to_utc();
        let updated = match e.get("modifiedDate") {
            Some(v) => rfc3339(v, "modifiedDate")?.to_utc(),
            None => created,
        };
        let zone = match e.get("timeZone") {
            None | Some(Value::Null) => None,
            Some(Value::String(name)) if name.trim().is_empty() => None,
            Some(Value::String(name)) => {
                let zone = EntryZone::parse(name);
                if zone.is_none() {
                    *unknown_zones.entry(name.clone()).or_default() += 1;
                }
                zone
            }
            Some(_) => return Err("\"timeZone\" is not a string".into()),
        };
        let date = match zone {
            Some(zone) => zone.date_of(created),
            None => local.date_of(created),
        };
        let uuid = match e.get("uuid") {
            Some(Value::String(uuid)) if !uuid.trim().is_empty() => Some(uuid.trim().to_owned()),
            _ => None,
        };
        // Day One's tags (kept outside the text) become Haru `#tags` on a last line.
        let tagged = haru_core::text::with_tags(&body, &crate::import::string_list(e.get("tags")));
        let mut earlier_texts = Vec::new();
        for earlier in [&body, original] {
            if *earlier != tagged && !earlier_texts.contains(earlier) {
                earlier_texts.push(earlier.clone());
            }
        }
        Ok(ForeignEntry {
            file: None,
            index: 0,
            own_zone: zone.is_some(),
            earlier_texts,
            entry: ImportedEntry {
                date: date.to_string(),
                body: tagged,
                created_at: timestamp(created),
                updated_at: timestamp(updated),
                starred: e.get("starred").and_then(Value::as_bool).unwrap_or(false),
            },
            uuid,
        })
    });
    out.photos = photos;
    out.other_media = other_media;
    for (name, count) in unknown_zones {
        out.notes.push(format!(
            "the time zone \"{name}\" is unknown, so {} dated in this computer's time zone",
            plural(count, "entry with it was", "entries with it were")
        ));
    }
    Ok(out)
}

/// Files of a Day One zip that hold no journal and are passed over without a word: folders,
/// media (counted from the entries instead) and what macOS adds to archives it makes.
fn is_quietly_skipped(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    name.ends_with('/')
        || name.starts_with("__MACOSX/")
        || base.starts_with("._")
        || base == ".DS_Store"
        || name.split('/').rev().skip(1).any(|folder| {
            ["photos", "videos", "audios", "pdfs"]
                .iter()
                .any(|media| folder.eq_ignore_ascii_case(media))
        })
}

/// Reads the Day One zip export in `reader`: every journal in it, in archive order, each
/// entry's problems and the notes naming the journal they come from.
pub fn read_day_one_zip<R: Read + Seek>(
    reader: R,
    limits: ZipLimits,
    local: LocalZone,
) -> Result<ForeignEntries, String> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|err| {
        format!(
            "it is not a readable zip archive ({err}); an export or download that stopped \
             early looks like this: export it from Day One again"
        )
    })?;
    if archive.len() > limits.members {
        return Err(format!(
            "the zip holds {} files, more than the {} Haru reads from one export",
            archive.len(),
            limits.members
        ));
    }
    let mut out = ForeignEntries::default();
    let mut journals = 0usize;
    let mut left = limits.json_bytes;
    let mut not_read: Vec<String> = Vec::new();
    for i in 0..archive.len() {
        let name = match archive.name_for_index(i) {
            Some(Ok(name)) => name.into_owned(),
            Some(Err(err)) => {
                return Err(format!(
                    "file {i} in the zip has an unreadable name ({err})"
                ))
            }
            None => continue,
        };
        if is_quietly_skipped(&name) {
            continue;
        }
        if !name.to_ascii_lowercase().ends_with(".json") {
            not_read.push(format!("{name} (not a journal)"));
            continue;
        }
        let bytes = {
            let member = archive.by_index(i).map_err(|err| {
                format!("{name} in the zip cannot be read ({err}); export it from Day One again")
            })?;
            let too_big = || {
                format!(
                    "the journals in the zip unpack to more than {} bytes (at {name}), more \
                     than Haru reads from one export",
                    limits.json_bytes
                )
            };
            if member.size() > left {
                return Err(too_big());
            }
            let mut bytes = Vec::new();
            // The declared size is not trusted: read at most one byte past what is left.
            member
                .take(left.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(|err| {
                    format!("{name} in the zip is damaged ({err}); export it from Day One again")
                })?;
            let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
            if read > left {
                return Err(too_big());
            }
            left -= read;
            bytes
        };
        let value = parse_json(&bytes).map_err(|err| format!("{name} in the zip: {err}"))?;
        drop(bytes);
        let is_journal = detect(&value) == Some(ImportFormat::DayOne)
            || entry_list(&value).is_ok_and(Vec::is_empty);
        if !is_journal {
            not_read.push(format!("{name} (not a Day One journal)"));
            continue;
        }
        journals += 1;
        let read = read_day_one_in(&value, local).map_err(|err| format!("{name}: {err}"))?;
        out.append(read, &name);
    }
    if journals == 0 {
        return Err(
            "there is no Day One journal (a .json file with \"entries\") in this zip".into(),
        );
    }
    const LISTED: usize = 10;
    if !not_read.is_empty() {
        let mut line = format!(
            "not read from the zip: {}",
            not_read
                .iter()
                .take(LISTED)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        );
        if not_read.len() > LISTED {
            line.push_str(&format!(" and {} more", not_read.len() - LISTED));
        }
        out.notes.push(line);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_go_and_paragraphs_stay() {
        let (text, moments) = strip_moments(
            "![](dayone-moment://AAA)\n\nMorning walk.\n\n![](dayone-moment://BBB)\n\n\
             ![](dayone-moment:/video/CCC)\n\nThen **coffee** ![alt](dayone-moment://DDD) here.\n\n\
             ![](dayone-moment:/pdfAttachment/EEE)\n",
        );
        assert_eq!(text, "Morning walk.\n\nThen **coffee**  here.");
        assert_eq!(
            moments,
            vec![
                (Moment::Photo, "AAA".into()),
                (Moment::Photo, "BBB".into()),
                (Moment::Other, "video/CCC".into()),
                (Moment::Photo, "DDD".into()),
                (Moment::Other, "pdfAttachment/EEE".into()),
            ]
        );
        let plain = "No photos, a [link](https://example.invalid) and ![an image](pic.png).\n\n\n";
        assert_eq!(strip_moments(plain), (plain.to_owned(), Vec::new()));
        // Not a placeholder: the brackets are not one image.
        let odd = "![a] b](dayone-moment://X)";
        assert_eq!(strip_moments(odd).0, "![a] b](dayone-moment://X)");
    }

    #[test]
    fn zones_by_name_and_by_offset() {
        assert_eq!(
            EntryZone::parse("Asia/Seoul"),
            Some(EntryZone::Iana(chrono_tz::Asia::Seoul))
        );
        let hours = |h: i32| Some(EntryZone::Fixed(FixedOffset::east_opt(h * 3600).unwrap()));
        assert_eq!(EntryZone::parse("GMT+0900"), hours(9));
        assert_eq!(EntryZone::parse("UTC-05:00"), hours(-5));
        assert_eq!(EntryZone::parse("GMT+9"), hours(9));
        assert_eq!(
            EntryZone::parse("GMT+05:30"),
            Some(EntryZone::Fixed(
                FixedOffset::east_opt(5 * 3600 + 1800).unwrap()
            ))
        );
        for bad in [
            "Mars/Olympus",
            "GMT+99",
            "GMT+",
            "GMT9",
            "",
            "UTC+1:2:3",
            "GMT+가나",
        ] {
            assert_eq!(EntryZone::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_local_time_in_a_gap_or_overlap_has_one_instant() {
        let la = LocalZone::Named(chrono_tz::America::Los_Angeles);
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        // 02:30 did not exist on 10 March 2024: read with the clock an hour behind.
        assert_eq!(
            timestamp(la.instant_of(at("2024-03-10 02:30"))),
            "2024-03-10T10:30:00.000Z"
        );
        // 01:30 happened twice on 3 November 2024: the first one.
        assert_eq!(
            timestamp(la.instant_of(at("2024-11-03 01:30"))),
            "2024-11-03T08:30:00.000Z"
        );
    }
}
