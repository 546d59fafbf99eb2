//! Full-text search that works for Korean as well as English, including one- and two-syllable
//! Korean queries.
//!
//! SQLite's default tokenizer treats a run of Hangul as one token (so "학교" never finds
//! "학교에서"), and `trigram` cannot match queries shorter than three characters. Haru
//! tokenises in Rust instead and stores three kinds of terms in one contentless FTS5 table:
//!
//! * `uni`: every CJK character and every symbol (emoji) on its own, for one-character queries;
//! * `bi`: every overlapping pair of CJK characters, so a query of n ≥ 2 characters becomes
//!   the phrase of its n−1 pairs: an exact substring match at any position (the CJK-bigram
//!   scheme of Lucene's CJKAnalyser);
//! * `words`: other words (Latin, Cyrillic, Arabic, Hebrew, … with their combining marks),
//!   matched as prefixes so "walk" finds "walking".
//!
//! Text is NFC-normalised and lower-cased first, and each term is hex-encoded so that FTS5's
//! own tokenizer sees plain ASCII and cannot split or fold any script differently from us.

use haru_core::SearchHit;
use rusqlite::{params, Transaction};
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

use crate::{Store, StoreError};

const SNIPPET_CHARS: usize = 180;
const SNIPPET_LEAD: usize = 50;
const DEFAULT_LIMIT: u32 = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Cjk,
    Word,
    Symbol,
    /// Joiners and variation selectors: invisible, dropped so 👍🏽 still finds 👍.
    Ignore,
    Separator,
}

fn classify(c: char) -> Class {
    let code = c as u32;
    if haru_core::text::is_hangul(c)
        || matches!(code, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
    {
        Class::Cjk
    } else if matches!(code, 0x200B..=0x200D | 0xFE00..=0xFE0F | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F)
    {
        Class::Ignore
    } else if c.is_alphanumeric() || is_combining_mark(c) {
        Class::Word
    } else if c.is_whitespace() || c.is_ascii() || c.is_control() || is_punctuation_block(code) {
        Class::Separator
    } else {
        Class::Symbol
    }
}

/// General and CJK punctuation, full-width ASCII punctuation.
fn is_punctuation_block(code: u32) -> bool {
    matches!(code, 0x2000..=0x206F | 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0xA0..=0xBF)
}

/// A piece of text between separators, by kind.
#[derive(Debug, PartialEq, Eq)]
enum Segment {
    Cjk(Vec<char>),
    Word(String),
    Symbol(char),
}

fn normalise(text: &str) -> String {
    text.nfc().flat_map(char::to_lowercase).collect()
}

fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut cjk: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush = |out: &mut Vec<Segment>, cjk: &mut Vec<char>, word: &mut String| {
        if !cjk.is_empty() {
            out.push(Segment::Cjk(std::mem::take(cjk)));
        }
        if !word.is_empty() {
            out.push(Segment::Word(std::mem::take(word)));
        }
    };
    for c in normalise(text).chars() {
        match classify(c) {
            Class::Cjk => {
                if !word.is_empty() {
                    flush(&mut out, &mut cjk, &mut word);
                }
                cjk.push(c);
            }
            Class::Word => {
                if !cjk.is_empty() {
                    flush(&mut out, &mut cjk, &mut word);
                }
                word.push(c);
            }
            Class::Symbol => {
                flush(&mut out, &mut cjk, &mut word);
                out.push(Segment::Symbol(c));
            }
            Class::Ignore => {}
            Class::Separator => flush(&mut out, &mut cjk, &mut word),
        }
    }
    flush(&mut out, &mut cjk, &mut word);
    out
}

fn hex(text: &str) -> String {
    crate::hex::encode(text.as_bytes())
}

fn hex_char(c: char) -> String {
    hex(c.encode_utf8(&mut [0u8; 4]))
}

fn bigram(a: char, b: char) -> String {
    let mut s = String::new();
    s.push(a);
    s.push(b);
    hex(&s)
}

/// The three indexed columns for a body.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct IndexTerms {
    pub uni: String,
    pub bi: String,
    pub words: String,
}

pub fn index_terms(body: &str) -> IndexTerms {
    let mut terms = IndexTerms::default();
    let push = |column: &mut String, term: String| {
        if !column.is_empty() {
            column.push(' ');
        }
        column.push_str(&term);
    };
    for segment in segments(body) {
        match segment {
            Segment::Cjk(chars) => {
                for c in &chars {
                    push(&mut terms.uni, hex_char(*c));
                }
                for pair in chars.windows(2) {
                    push(&mut terms.bi, bigram(pair[0], pair[1]));
                }
            }
            Segment::Word(word) => push(&mut terms.words, hex(&word)),
            Segment::Symbol(c) => push(&mut terms.uni, hex_char(c)),
        }
    }
    terms
}

/// Turns what the user typed into an FTS5 MATCH expression (all parts must match), or `None`
/// when the query holds nothing searchable.
pub fn match_expression(query: &str) -> Option<String> {
    let parts: Vec<String> = segments(query)
        .into_iter()
        .map(|segment| match segment {
            Segment::Cjk(chars) if chars.len() == 1 => format!("uni:{}", hex_char(chars[0])),
            Segment::Cjk(chars) => {
                let pairs: Vec<String> = chars.windows(2).map(|p| bigram(p[0], p[1])).collect();
                format!("bi:\"{}\"", pairs.join(" "))
            }
            Segment::Word(word) => format!("words:{}*", hex(&word)),
            Segment::Symbol(c) => format!("uni:{}", hex_char(c)),
        })
        .collect();
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(" AND "))
    }
}

pub(crate) fn index_entry(tx: &Transaction<'_>, id: i64, body: &str) -> rusqlite::Result<()> {
    let terms = index_terms(body);
    tx.execute(
        "INSERT INTO entry_terms (rowid, uni, bi, words) VALUES (?1, ?2, ?3, ?4)",
        params![id, terms.uni, terms.bi, terms.words],
    )?;
    Ok(())
}

/// Merges the index into one segment, so the terms of deleted entries are dropped from it
/// rather than only marked deleted (with `secure_delete`, their old pages are zeroed).
pub(crate) fn compact(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO entry_terms (entry_terms) VALUES ('optimize')",
        [],
    )?;
    Ok(())
}

pub(crate) fn unindex_entry(tx: &Transaction<'_>, id: i64) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM entry_terms WHERE rowid = ?1", [id])?;
    Ok(())
}

/// The strings to highlight: each query segment as typed (normalised).
fn highlight_needles(query: &str) -> Vec<Vec<char>> {
    segments(query)
        .into_iter()
        .map(|segment| match segment {
            Segment::Cjk(chars) => chars,
            Segment::Word(word) => word.chars().collect(),
            Segment::Symbol(c) => vec![c],
        })
        .collect()
}

fn lower_char(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// A window of the body around the first match, with every match inside it marked.
pub fn snippet(body: &str, query: &str) -> (String, Vec<(u32, u32)>) {
    let chars: Vec<char> = body.chars().collect();
    let lowered: Vec<char> = chars.iter().map(|c| lower_char(*c)).collect();
    let needles = highlight_needles(query);
    let mut matches: Vec<(usize, usize)> = Vec::new();
    for needle in needles.iter().filter(|n| !n.is_empty()) {
        let mut start = 0;
        while start + needle.len() <= lowered.len() {
            if lowered[start..start + needle.len()] == needle[..] {
                matches.push((start, start + needle.len()));
                start += needle.len();
            } else {
                start += 1;
            }
        }
    }
    matches.sort_unstable();
    let first = matches.first().map(|m| m.0).unwrap_or(0);
    let mut window_start = first.saturating_sub(SNIPPET_LEAD);
    // Start at a word boundary when one is near.
    if window_start > 0 {
        if let Some(offset) = chars[window_start..first]
            .iter()
            .position(|c| c.is_whitespace())
        {
            window_start += offset + 1;
        }
    }
    let window_end = (window_start + SNIPPET_CHARS).min(chars.len());
    let mut snippet = String::new();
    let prefix = if window_start > 0 { "…" } else { "" };
    snippet.push_str(prefix);
    let mut utf16_at = vec![0u32; window_end - window_start + 1];
    let mut offset = prefix.encode_utf16().count() as u32;
    for (i, c) in chars[window_start..window_end].iter().enumerate() {
        utf16_at[i] = offset;
        let c = if c.is_control() && *c != '\t' {
            ' '
        } else {
            *c
        };
        snippet.push(c);
        offset += c.len_utf16() as u32;
    }
    utf16_at[window_end - window_start] = offset;
    if window_end < chars.len() {
        snippet.push('…');
    }
    let mut highlights = Vec::new();
    let mut last_end = window_start;
    for (start, end) in matches {
        if start < last_end || start < window_start || end > window_end {
            continue;
        }
        highlights.push((utf16_at[start - window_start], utf16_at[end - window_start]));
        last_end = end;
    }
    (snippet, highlights)
}

/// Narrows a search to a date range and to entries where one emotion reaches a threshold.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SearchFilter<'a> {
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    /// `(label index, threshold)`: keep entries whose stored probability is at least this.
    pub emotion: Option<(usize, f32)>,
}

impl Store {
    /// Entries matching every part of `query`, best first, with highlighted snippets.
    pub fn search(&self, query: &str, limit: Option<u32>) -> Result<Vec<SearchHit>, StoreError> {
        self.search_filtered(query, &SearchFilter::default(), limit)
    }

    /// [`Store::search`] within `filter`. A blank query with a filter lists the matching
    /// entries newest first ("sad entries in March").
    pub fn search_filtered(
        &self,
        query: &str,
        filter: &SearchFilter<'_>,
        limit: Option<u32>,
    ) -> Result<Vec<SearchHit>, StoreError> {
        self.search_tagged(query, filter, None, limit)
    }

    /// [`Store::search_filtered`], keeping only entries that carry `#tag` (compared as
    /// `haru_core::text::tags` reads them: lower-cased, without the `#`).
    pub fn search_tagged(
        &self,
        query: &str,
        filter: &SearchFilter<'_>,
        tag: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT).clamp(1, 10_000) as usize;
        let from = filter.from.map(crate::checked_date).transpose()?;
        let to = filter.to.map(crate::checked_date).transpose()?;
        let expression = match_expression(query);
        let tag = tag.map(|t| t.trim().trim_start_matches('#').to_lowercase());
        let filtered = filter.from.is_some()
            || filter.to.is_some()
            || filter.emotion.is_some()
            || tag.is_some();
        if expression.is_none() && !filtered {
            return Ok(Vec::new());
        }
        // Without an emotion or tag filter SQL can stop at `limit`; with one, rows are
        // checked here.
        let sql_limit = if filter.emotion.is_some() || tag.is_some() {
            -1
        } else {
            limit as i64
        };
        let sql = if expression.is_some() {
            "SELECT e.id, e.entry_date, e.body, e.language, e.created_at, e.updated_at, a.probs
             FROM entry_terms JOIN entries e ON e.id = entry_terms.rowid
             LEFT JOIN analyses a ON a.entry_id = e.id
             WHERE entry_terms MATCH ?1 AND e.deleted_at IS NULL
               AND (?2 IS NULL OR e.entry_date >= ?2) AND (?3 IS NULL OR e.entry_date <= ?3)
             ORDER BY entry_terms.rank, e.entry_date DESC
             LIMIT ?4"
        } else {
            "SELECT e.id, e.entry_date, e.body, e.language, e.created_at, e.updated_at, a.probs
             FROM entries e LEFT JOIN analyses a ON a.entry_id = e.id
             WHERE ?1 IS NULL AND e.deleted_at IS NULL
               AND (?2 IS NULL OR e.entry_date >= ?2) AND (?3 IS NULL OR e.entry_date <= ?3)
             ORDER BY e.entry_date DESC, e.created_at DESC
             LIMIT ?4"
        };
        let mut stmt = self
            .conn
            .prepare_cached(sql)
            .map_err(|err| self.map_err(err))?;
        let rows = stmt
            .query_map(params![expression, from, to, sql_limit], |row| {
                let body: String = row.get(2)?;
                let probs: Option<Vec<u8>> = row.get(6)?;
                Ok((
                    haru_core::Entry {
                        id: row.get(0)?,
                        date: row.get(1)?,
                        word_count: haru_core::text::word_count(&body),
                        body,
                        language: row.get(3)?,
                        created_at: row.get(4)?,
                        updated_at: row.get(5)?,
                    },
                    probs,
                ))
            })
            .map_err(|err| self.map_err(err))?;
        let mut hits = Vec::new();
        for row in rows {
            let (entry, probs) = row.map_err(|err| self.map_err(err))?;
            if tag
                .as_ref()
                .is_some_and(|tag| !haru_core::text::tags(&entry.body).contains(tag))
            {
                continue;
            }
            if let Some((label, threshold)) = filter.emotion {
                let p = probs
                    .as_deref()
                    .and_then(|blob| blob.get(label * 4..label * 4 + 4))
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]));
                if p.is_none_or(|p| p < threshold) {
                    continue;
                }
            }
            let (snippet, highlights) = snippet(&entry.body, query);
            hits.push(SearchHit {
                entry: entry.summary(),
                snippet,
                highlights,
            });
            if hits.len() >= limit {
                break;
            }
        }
        Ok(hits)
    }
}

impl Store {
    /// Every `#tag` in the live entries with how many entries carry it, most used first (then
    /// by name).
    pub fn tag_counts(&self) -> Result<Vec<(String, u32)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT body FROM entries WHERE deleted_at IS NULL AND instr(body, '#') > 0",
            )
            .map_err(|err| self.map_err(err))?;
        let bodies = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|err| self.map_err(err))?;
        let mut counts: std::collections::BTreeMap<String, u32> = Default::default();
        for body in bodies {
            for tag in haru_core::text::tags(&body.map_err(|err| self.map_err(err))?) {
                *counts.entry(tag).or_default() += 1;
            }
        }
        let mut out: Vec<(String, u32)> = counts.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_runs_become_unigrams_and_bigrams() {
        let terms = index_terms("학교에");
        assert_eq!(terms.uni.split(' ').count(), 3);
        assert_eq!(terms.bi.split(' ').count(), 2);
        assert!(terms.words.is_empty());
    }

    #[test]
    fn query_shapes() {
        assert_eq!(match_expression("  ,. "), None);
        let one = match_expression("꽃").unwrap();
        assert!(one.starts_with("uni:"), "{one}");
        let two = match_expression("학교").unwrap();
        assert!(two.starts_with("bi:\""), "{two}");
        let word = match_expression("Walk").unwrap();
        assert_eq!(word, format!("words:{}*", hex("walk")));
        assert_eq!(
            match_expression("walk 학교")
                .unwrap()
                .matches(" AND ")
                .count(),
            1
        );
    }

    #[test]
    fn mixed_scripts_split_into_segments() {
        assert_eq!(
            segments("카페cafe☕️"),
            vec![
                Segment::Cjk(vec!['카', '페']),
                Segment::Word("cafe".into()),
                Segment::Symbol('☕'),
            ]
        );
    }

    #[test]
    fn snippet_marks_matches_in_utf16_units() {
        let (snippet, highlights) = snippet("😀 오늘 학교에 갔다. 학교는 좋다", "학교");
        let utf16: Vec<u16> = snippet.encode_utf16().collect();
        assert_eq!(highlights.len(), 2);
        for (start, end) in highlights {
            let text = String::from_utf16(&utf16[start as usize..end as usize]).unwrap();
            assert_eq!(text, "학교");
        }
    }

    #[test]
    fn snippet_of_long_text_is_a_window() {
        let body = format!("{} needle {}", "a ".repeat(500), "b ".repeat(500));
        let (snippet, highlights) = snippet(&body, "needle");
        assert!(snippet.starts_with('…') && snippet.ends_with('…'));
        assert!(snippet.chars().count() <= SNIPPET_CHARS + 2);
        assert_eq!(highlights.len(), 1);
    }
}
