//! Sentence splitting for Korean and English diary prose.
//!
//! Why it exists: Haru scores every sentence of an entry (the UI highlights them and the entry
//! distribution gives the first and last sentences extra weight), and long entries are packed
//! into model-sized chunks of whole sentences. Diary text is informal: missing spaces after
//! full stops (`좋았다.그런데`), sentences that end with `ㅋㅋ`, `ㅠㅠ` or an emoji instead of a
//! full stop, Korean lines without any punctuation, quotes, decimals (`3.5`) and abbreviations
//! (`Mr.`, `e.g.`). This module is a small rule-based splitter for exactly that; it is pure
//! Rust, allocation-light and never fails.
//!
//! Offsets are **char offsets** (Unicode scalar values) into the original text, `[start, end)`,
//! trimmed of surrounding whitespace; every non-blank character of the input belongs to exactly
//! one sentence, in order.
//!
//! Rules, in the order they are checked while scanning:
//! 1. A blank line always ends a sentence; a single line break ends it too, unless the line
//!    looks hard-wrapped (it ends in `,`/`;`, or in a Latin letter/digit with the next line
//!    starting in lower case).
//! 2. A bracket or quote that opens and closes on the same line (within 300 chars) is kept
//!    whole; if it ends in terminal punctuation (`"정말?"`), rule 3's closing-quote checks apply.
//! 3. `.` `!` `?` `…` (and full-width forms, runs such as `?!` or `...`) end a sentence,
//!    except: decimals and list numbers (`3.5`, `1. `), abbreviations (`Mr.`, `Dr.`, `e.g.`,
//!    `i.e.`, initials `J. K.`; `etc.`, `a.m.`, months … only before lower case or digits),
//!    a full stop glued to a lower-case Latin letter (`example.com`), `!`/`?` glued to URL-ish
//!    characters, an ellipsis followed by lower case or glued to the next word, and a closing
//!    quote followed directly by Hangul (`"정말?"이라고`) or by lower-case English (`"Wow!" she
//!    said`). A full stop glued to Hangul (`좋았다.그런데`) or to a capitalised word
//!    (`home.Then`) does end the sentence.
//! 4. Runs of `ㅋ ㅎ ㅠ ㅜ ㄷ ㅡ ㅍ` (two or more, or one right after a syllable) end a sentence
//!    when text precedes them; so does `~` after a Hangul syllable (`고마워~ 내일 봐`).
//! 5. An emoji ends a sentence after a Korean sentence-final syllable (`좋았다 😊 그런데`) or
//!    before a capitalised English word (`Great day 😊 Tomorrow …`).
//! 6. After a sentence end, closing quotes/brackets and trailing emoji, `ㅋㅋ`/`ㅠㅠ` runs and
//!    emoticons (`^^`, `:)`) on the same line are kept with the sentence they follow.
//!
//! Korean sentence endings followed only by a space (`갔다 그리고`) are not split: `다` is also a
//! common word (`다 같이`), and the whole-entry pass sees the text anyway.

use serde::{Deserialize, Serialize};

/// One sentence of a text: `[start_char, end_char)` in chars of the original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub start_char: usize,
    pub end_char: usize,
    pub text: String,
}

/// A sentence's position in both chars and bytes (the crate slices the text with bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start_char: usize,
    pub end_char: usize,
    pub start_byte: usize,
    pub end_byte: usize,
}

/// Splits `text` into sentences (see the module docs for the rules). Blank text gives none.
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    split_spans(text)
        .into_iter()
        .map(|s| Sentence {
            start_char: s.start_char,
            end_char: s.end_char,
            text: text[s.start_byte..s.end_byte].to_string(),
        })
        .collect()
}

pub(crate) fn split_spans(text: &str) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let mut byte_at = Vec::with_capacity(chars.len() + 1);
    let mut b = 0;
    for c in &chars {
        byte_at.push(b);
        b += c.len_utf8();
    }
    byte_at.push(b);
    let mut splitter = Splitter {
        chars: &chars,
        start: None,
        out: Vec::new(),
    };
    splitter.run();
    splitter
        .out
        .into_iter()
        .map(|(s, e)| Span {
            start_char: s,
            end_char: e,
            start_byte: byte_at[s],
            end_byte: byte_at[e],
        })
        .collect()
}

// ---- character classes ----

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whitespace, control characters and invisible format characters (not ZWJ: emoji use it).
fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
        )
}

fn is_inline_blank(c: char) -> bool {
    is_blank(c) && !is_line_break(c)
}

fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '‥' | '。' | '！' | '？' | '．' | '｡' | '‼' | '⁇' | '⁈' | '⁉'
    )
}

fn is_full_stop(c: char) -> bool {
    matches!(c, '.' | '．' | '。' | '｡')
}

fn is_ellipsis_char(c: char) -> bool {
    matches!(c, '.' | '…' | '‥' | '．')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '”'
            | '’'
            | '」'
            | '』'
            | ')'
            | ']'
            | '}'
            | '》'
            | '〉'
            | '）'
            | '］'
            | '｝'
            | '»'
            | '›'
            | '】'
            | '〕'
    )
}

fn closer_for(c: char) -> Option<char> {
    Some(match c {
        '(' => ')',
        '[' => ']',
        '{' => '}',
        '“' => '”',
        '‘' => '’',
        '「' => '」',
        '『' => '』',
        '《' => '》',
        '〈' => '〉',
        '（' => '）',
        '«' => '»',
        '【' => '】',
        '〔' => '〕',
        '"' => '"',
        _ => return None,
    })
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// Hangul syllables, jamo and CJK ideographs/kana: scripts written without case.
fn is_cjk(c: char) -> bool {
    is_hangul_syllable(c)
        || ('\u{1100}'..='\u{11FF}').contains(&c)
        || ('\u{3130}'..='\u{318F}').contains(&c)
        || ('\u{3040}'..='\u{30FF}').contains(&c)
        || ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

fn is_laugh_jamo(c: char) -> bool {
    matches!(c, 'ㅋ' | 'ㅎ' | 'ㅠ' | 'ㅜ' | 'ㄷ' | 'ㅡ' | 'ㅍ')
}

/// Pictographic emoji and the characters that glue emoji sequences together.
fn is_emoji_part(c: char) -> bool {
    let u = c as u32;
    matches!(u,
        0x1F000..=0x1FAFF   // cards, enclosed, pictographs, emoticons, transport, supplemental
        | 0x2600..=0x27BF   // miscellaneous symbols, dingbats (☀ ☺ ♥ ✨ ❤)
        | 0x2300..=0x23FF   // ⌚ ⏰ ⏳
        | 0x2B00..=0x2BFF   // ⭐ ⬆
        | 0x200D            // zero-width joiner
        | 0xFE0E | 0xFE0F   // variation selectors
        | 0x20E3            // keycap
        | 0xE0020..=0xE007F // tags (flags)
        | 0x3030 | 0x303D | 0x3297 | 0x3299)
}

fn is_emoji_start(c: char) -> bool {
    is_emoji_part(c)
        && !matches!(
            c as u32,
            0x200D | 0xFE0E | 0xFE0F | 0x20E3 | 0xE0020..=0xE007F
        )
}

/// ASCII emoticons kept with the sentence they follow.
const EMOTICONS: &[&str] = &[
    "^^;", "^^", "^_^", "^-^", "^.^", ";;", ":)", ":-)", ":(", ":-(", ":D", ":-D", ":P", ";)",
    "T_T", "T.T", "TT",
];

/// Korean syllables that end a sentence often enough that an emoji after them ends it too.
const KO_FINAL: &[char] = &[
    '다', '요', '죠', '네', '까', '지', '음', '함', '임', '됨', '군', '걸', '듯', '어', '아', '야',
    '자', '래', '해', '데', '니',
];

/// Never split after these (lower case, without the final full stop).
const ABBR_ALWAYS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "e.g", "i.e", "cf", "fig",
    "approx", "capt", "col", "gen", "lt", "sgt", "rev", "hon", "dept", "univ", "ft",
];

/// Split after these only when the next word is capitalised or not Latin.
const ABBR_SOFT: &[&str] = &[
    "etc", "a.m", "p.m", "u.s", "u.k", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "min", "max", "hr", "hrs", "mins", "sec", "vol", "pp",
    "ed", "est", "inc", "ltd", "co", "corp", "ave", "blvd", "rd",
];

struct Splitter<'a> {
    chars: &'a [char],
    /// First char of the sentence being built.
    start: Option<usize>,
    out: Vec<(usize, usize)>,
}

impl Splitter<'_> {
    fn n(&self) -> usize {
        self.chars.len()
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// Ends the current sentence at `end` (exclusive), trimming blanks.
    fn close(&mut self, end: usize) {
        if let Some(start) = self.start.take() {
            let mut e = end.min(self.n());
            while e > start && is_blank(self.chars[e - 1]) {
                e -= 1;
            }
            if e > start {
                self.out.push((start, e));
            }
        }
    }

    fn skip_inline_blanks(&self, mut i: usize) -> usize {
        while i < self.n() && is_inline_blank(self.chars[i]) {
            i += 1;
        }
        i
    }

    fn prev_non_blank(&self, i: usize) -> Option<char> {
        self.chars[..i]
            .iter()
            .rev()
            .find(|c| !is_blank(**c))
            .copied()
    }

    /// Whether the sentence being built has content before `i`.
    fn has_content_before(&self, i: usize) -> bool {
        matches!(self.start, Some(s) if s < i)
    }

    /// Where the scan goes on after a run that ends at `j`: when the run `ends` the sentence,
    /// past the trailers that still belong to it (closing it there); otherwise at `j`.
    fn past(&mut self, j: usize, ends: bool) -> usize {
        if !ends {
            return j;
        }
        let end = self.absorb_trailers(j);
        self.close(end);
        end
    }

    fn run(&mut self) {
        let n = self.n();
        let mut i = 0;
        while i < n {
            let c = self.chars[i];
            if is_line_break(c) {
                let mut j = i;
                let mut breaks = 0;
                while j < n && is_blank(self.chars[j]) {
                    let b = self.chars[j];
                    if is_line_break(b) && !(b == '\n' && j > 0 && self.chars[j - 1] == '\r') {
                        breaks += 1;
                    }
                    j += 1;
                }
                if self.start.is_some() && (breaks >= 2 || j >= n || !self.soft_wrap(i, j)) {
                    self.close(i);
                }
                i = j;
                continue;
            }
            if is_blank(c) {
                i += 1;
                continue;
            }
            if self.start.is_none() {
                self.start = Some(i);
            }
            if let Some(close_at) = self.protected_span(i) {
                let after = close_at + 1;
                if close_at > i + 1 && is_terminal(self.chars[close_at - 1]) {
                    let k = self.absorb_closers(after);
                    let ends = self.boundary_after_closers(k);
                    i = self.past(k, ends);
                    continue;
                }
                i = after;
                continue;
            }
            if is_terminal(c) {
                let mut j = i;
                while j < n && is_terminal(self.chars[j]) {
                    j += 1;
                }
                if !self.terminal_is_boundary(i, j) {
                    i = j;
                    continue;
                }
                let k = self.absorb_closers(j);
                let ends = k == j || self.boundary_after_closers(k);
                i = self.past(k, ends);
                continue;
            }
            if matches!(c, '~' | '～') {
                let mut j = i;
                while j < n && matches!(self.chars[j], '~' | '～') {
                    j += 1;
                }
                let after_ok = self.at(j).is_none_or(|d| {
                    is_blank(d) || is_laugh_jamo(d) || is_emoji_start(d) || is_terminal(d)
                });
                let ends = i > 0 && is_hangul_syllable(self.chars[i - 1]) && after_ok;
                i = self.past(j, ends);
                continue;
            }
            if is_laugh_jamo(c) {
                let j = self.laugh_end(i);
                let count = self.chars[i..j]
                    .iter()
                    .filter(|c| is_laugh_jamo(**c))
                    .count();
                let glued_single = count == 1
                    && i > 0
                    && is_hangul_syllable(self.chars[i - 1])
                    && self.at(j).is_none_or(is_blank);
                let ends = self.has_content_before(i) && (count >= 2 || glued_single);
                i = self.past(j, ends);
                continue;
            }
            if is_emoji_start(c) {
                let j = self.emoji_end(i);
                let ends = self.has_content_before(i) && self.emoji_ends_sentence(i, j);
                i = self.past(j, ends);
                continue;
            }
            i += 1;
        }
        self.close(n);
    }

    /// A single line break between `i` (the break) and `j` (the next content) that does not
    /// end the sentence: a hard-wrapped line.
    fn soft_wrap(&self, i: usize, j: usize) -> bool {
        let Some(prev) = self.prev_non_blank(i) else {
            return false;
        };
        if matches!(prev, ',' | ';') {
            return true;
        }
        let next = self.at(j);
        prev.is_ascii_alphanumeric() && next.is_some_and(|n| n.is_ascii_lowercase())
    }

    /// If an opening bracket/quote at `i` closes on the same line within 300 chars and holds
    /// terminal punctuation, the index of its closer.
    fn protected_span(&self, i: usize) -> Option<usize> {
        let open = self.chars[i];
        let close = closer_for(open)?;
        if open == '"' {
            // An ASCII quote opens only at a sentence or word start.
            let starts = self.start == Some(i)
                || i == 0
                || is_blank(self.chars[i - 1])
                || closer_for(self.chars[i - 1]).is_some();
            if !starts {
                return None;
            }
        }
        let limit = (i + 300).min(self.n());
        let mut depth = 0usize;
        let mut has_terminal = false;
        for k in i + 1..limit {
            let c = self.chars[k];
            if is_line_break(c) {
                return None;
            }
            if c == close {
                if depth == 0 {
                    return has_terminal.then_some(k);
                }
                depth -= 1;
            } else if c == open {
                depth += 1;
            } else if is_terminal(c) {
                has_terminal = true;
            }
        }
        None
    }

    /// Whether the run of terminal punctuation `chars[i..j]` ends the sentence.
    fn terminal_is_boundary(&self, i: usize, j: usize) -> bool {
        if !self.has_content_before(i) {
            return false; // "...그래도": leading punctuation belongs to what follows
        }
        let run = &self.chars[i..j];
        let next = self.at(j);
        let next_word = self.at(self.skip_inline_blanks(j));
        let glued = next.is_some_and(|c| !is_blank(c));
        let prev = self.chars[i - 1];

        if run.len() == 1 && is_full_stop(run[0]) {
            return self.full_stop_is_boundary(i, j);
        }
        if run.iter().all(|c| is_ellipsis_char(*c)) {
            // "I don't know... maybe", "그냥...모르겠다": a pause, not an end.
            if next_word.is_some_and(|c| c.is_ascii_lowercase() || c == ',') {
                return false;
            }
            if glued
                && next.is_some_and(|c| {
                    !is_closer(c) && !is_emoji_start(c) && !is_laugh_jamo(c) && !c.is_uppercase()
                })
            {
                return false;
            }
            return true;
        }
        // '!' / '?' runs: not inside URLs or words ("?q=1", "Yahoo!mail").
        if glued
            && prev.is_ascii_alphanumeric()
            && next
                .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "=&/".contains(c))
        {
            return false;
        }
        true
    }

    fn full_stop_is_boundary(&self, i: usize, j: usize) -> bool {
        let prev = self.chars[i - 1];
        let next = self.at(j);
        let after = self.skip_inline_blanks(j);
        let next_word = self.at(after);

        // Decimals and versions: 3.5, v1.2
        if prev.is_ascii_digit() && next.is_some_and(|c| c.is_ascii_digit()) {
            return false;
        }
        // A list number: "1. 오늘은"
        let start = self.start.unwrap_or(i);
        let body = &self.chars[start..i];
        if !body.is_empty() && body.len() <= 3 && body.iter().all(|c| c.is_ascii_digit()) {
            return false;
        }
        // End of line or text: always a boundary.
        if next_word.is_none_or(is_line_break) {
            return true;
        }

        // The ASCII word before the stop, dots included ("e.g", "mr", "u.s").
        let mut w = i;
        while w > start && (self.chars[w - 1].is_ascii_alphabetic() || self.chars[w - 1] == '.') {
            w -= 1;
        }
        let word_chars = &self.chars[w..i];
        let word: String = word_chars.iter().collect::<String>().to_ascii_lowercase();
        let word_is_standalone = w == 0 || !self.chars[w - 1].is_alphanumeric();

        if word_is_standalone && !word.is_empty() {
            if ABBR_ALWAYS.contains(&word.as_str()) {
                return false;
            }
            // Initials: "J. K. Rowling" (but "I." is the pronoun).
            if word_chars.len() == 1 && word_chars[0].is_ascii_uppercase() && word_chars[0] != 'I' {
                return false;
            }
            if ABBR_SOFT.contains(&word.as_str()) || word.contains('.') {
                return !next_word.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
            }
        }

        let Some(next) = next else { return true };
        if is_blank(next) {
            return true;
        }
        // Glued to the next character: "좋았다.그런데", "home.Then", "example.com".
        if is_cjk(next) {
            return true;
        }
        if next.is_ascii_digit() {
            return is_hangul_syllable(prev);
        }
        if next.is_ascii_uppercase() {
            return word_chars.len() >= 2 && !word.contains('.');
        }
        if next.is_ascii_lowercase() || next == '/' || next == '_' || next == '-' || next == '@' {
            return false;
        }
        true
    }

    /// After closing quotes/brackets at `k`: quoted speech that continues the sentence?
    fn boundary_after_closers(&self, k: usize) -> bool {
        if self.at(k).is_some_and(is_hangul_syllable) {
            return false; // "정말?"이라고 물었다
        }
        let next_word = self.at(self.skip_inline_blanks(k));
        !next_word.is_some_and(|c| c.is_ascii_lowercase()) // "Wow!" she said
    }

    fn absorb_closers(&self, mut k: usize) -> usize {
        while k < self.n() && is_closer(self.chars[k]) {
            k += 1;
        }
        k
    }

    /// Extends a sentence end over what belongs to it on the same line: closers, more
    /// punctuation, emoji, laughter runs and emoticons.
    fn absorb_trailers(&self, mut k: usize) -> usize {
        let n = self.n();
        loop {
            while k < n {
                let c = self.chars[k];
                if is_closer(c) || is_terminal(c) || is_emoji_part(c) || matches!(c, '~' | '～') {
                    k += 1;
                } else if is_laugh_jamo(c) {
                    k = self.laugh_end(k);
                } else if let Some(len) = self.emoticon_at(k) {
                    k += len;
                } else {
                    break;
                }
            }
            let m = self.skip_inline_blanks(k);
            if m == k || m >= n {
                break;
            }
            let c = self.chars[m];
            let p = if is_emoji_start(c) {
                self.emoji_end(m)
            } else if is_laugh_jamo(c) {
                self.laugh_end(m)
            } else if let Some(len) = self.emoticon_at(m) {
                m + len
            } else {
                break;
            };
            let stands_alone = self
                .at(p)
                .is_none_or(|d| is_blank(d) || is_terminal(d) || is_closer(d) || is_emoji_part(d));
            if !stands_alone {
                break;
            }
            k = p;
        }
        k
    }

    /// End of a run of laughter/crying jamo starting at `i`; `ㅠ.ㅠ` and `ㅠ_ㅠ` count as one.
    fn laugh_end(&self, i: usize) -> usize {
        let mut j = i;
        while j < self.n() {
            let c = self.chars[j];
            let joiner =
                matches!(c, '.' | '_') && j > i && self.at(j + 1).is_some_and(is_laugh_jamo);
            if !(is_laugh_jamo(c) || joiner) {
                break;
            }
            j += 1;
        }
        j
    }

    fn emoji_end(&self, i: usize) -> usize {
        let mut j = i;
        while j < self.n() && is_emoji_part(self.chars[j]) {
            j += 1;
        }
        j
    }

    fn emoticon_at(&self, k: usize) -> Option<usize> {
        EMOTICONS.iter().find_map(|e| {
            let len = e.chars().count();
            let matches =
                self.chars.len() >= k + len && self.chars[k..k + len].iter().copied().eq(e.chars());
            // An emoticon must not be the start of a word ("TTS", ":Daniel").
            let ends = self.at(k + len).is_none_or(|c| !c.is_alphanumeric());
            (matches && ends).then_some(len)
        })
    }

    /// Whether the emoji run `chars[i..j]` ends the sentence (rule 5).
    fn emoji_ends_sentence(&self, i: usize, j: usize) -> bool {
        let after = self.skip_inline_blanks(j);
        let Some(next) = self.at(after) else {
            return false; // end of text: closed anyway
        };
        if is_line_break(next) {
            return false; // the line break decides
        }
        let prev = self.prev_non_blank(i);
        if prev.is_some_and(|p| KO_FINAL.contains(&p)) {
            return true;
        }
        // "Great day 😊 Tomorrow …": a capitalised word (not an acronym like "NY").
        prev.is_some_and(|p| p.is_alphabetic() && !is_cjk(p))
            && next.is_ascii_uppercase()
            && self.at(after + 1).is_some_and(|c| c.is_ascii_lowercase())
            && after > j
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        split_sentences(text).into_iter().map(|s| s.text).collect()
    }

    fn check(text: &str, expected: &[&str]) {
        assert_eq!(texts(text), expected, "splitting {text:?}");
    }

    #[test]
    fn english_basic_punctuation() {
        check(
            "I woke up late. Was it raining? Yes! It was.",
            &["I woke up late.", "Was it raining?", "Yes!", "It was."],
        );
        check(
            "What?! Really?? No way!!!",
            &["What?!", "Really??", "No way!!!"],
        );
    }

    #[test]
    fn korean_endings_with_punctuation() {
        check(
            "오늘은 학교에 갔다. 친구를 만났어요. 정말 좋았죠. 날씨도 좋네. 내일 또 갈까?",
            &[
                "오늘은 학교에 갔다.",
                "친구를 만났어요.",
                "정말 좋았죠.",
                "날씨도 좋네.",
                "내일 또 갈까?",
            ],
        );
    }

    #[test]
    fn korean_line_endings_without_punctuation() {
        check(
            "오늘은 학교에 갔다\n친구를 만났다\n\n저녁에는 비가 왔다",
            &["오늘은 학교에 갔다", "친구를 만났다", "저녁에는 비가 왔다"],
        );
        check(
            "좋았다\r\n그런데 피곤했다\r\n",
            &["좋았다", "그런데 피곤했다"],
        );
    }

    #[test]
    fn korean_space_after_ending_is_not_split() {
        // "다" is also a word ("다 같이"); without punctuation or a line break we keep it.
        check(
            "우리는 다 같이 갔다 그리고 웃었다",
            &["우리는 다 같이 갔다 그리고 웃었다"],
        );
    }

    #[test]
    fn missing_space_after_punctuation() {
        check("좋았다.그런데 피곤했다.", &["좋았다.", "그런데 피곤했다."]);
        check("정말?진짜 몰랐어!대박", &["정말?", "진짜 몰랐어!", "대박"]);
        check(
            "I went home.Then I slept.",
            &["I went home.", "Then I slept."],
        );
        check(
            "3시에 만났다.4시에 헤어졌다.",
            &["3시에 만났다.", "4시에 헤어졌다."],
        );
    }

    #[test]
    fn laughter_and_crying_runs_end_sentences() {
        check(
            "너무 웃겼다ㅋㅋㅋ 내일도 보자",
            &["너무 웃겼다ㅋㅋㅋ", "내일도 보자"],
        );
        check("시험 망했어ㅠㅠ 슬프다", &["시험 망했어ㅠㅠ", "슬프다"]);
        check("재밌었음ㅎㅎ진짜로", &["재밌었음ㅎㅎ", "진짜로"]);
        check("웃겼다 ㅋㅋ 진짜", &["웃겼다 ㅋㅋ", "진짜"]);
        check(
            "슬펐다 ㅠ.ㅠ 내일은 괜찮겠지",
            &["슬펐다 ㅠ.ㅠ", "내일은 괜찮겠지"],
        );
        // A leading run belongs to the sentence it starts.
        check("ㅋㅋㅋ 진짜 웃겼다.", &["ㅋㅋㅋ 진짜 웃겼다."]);
        // A single jamo glued to a syllable, then a space.
        check("슬프다ㅠ 그래도 괜찮아", &["슬프다ㅠ", "그래도 괜찮아"]);
    }

    #[test]
    fn trailers_stay_with_their_sentence() {
        check(
            "좋았다. ㅋㅋ 그런데 피곤했다.",
            &["좋았다. ㅋㅋ", "그런데 피곤했다."],
        );
        check(
            "Great day! 😊😊 Then rain.",
            &["Great day! 😊😊", "Then rain."],
        );
        check("좋았다.ㅋㅋ그런데", &["좋았다.ㅋㅋ", "그런데"]);
        check(
            "I passed. :) Then dinner.",
            &["I passed. :)", "Then dinner."],
        );
        check("고마웠다. ^^ 내일 봐요.", &["고마웠다. ^^", "내일 봐요."]);
        check(
            "He said \"bye.\" Then left.",
            &["He said \"bye.\"", "Then left."],
        );
    }

    #[test]
    fn emoji_as_sentence_end() {
        check(
            "오늘 정말 좋았다 😊 내일도 기대된다",
            &["오늘 정말 좋았다 😊", "내일도 기대된다"],
        );
        check(
            "Great day 😊 Tomorrow will be better",
            &["Great day 😊", "Tomorrow will be better"],
        );
        // Mid-sentence emoji stay inside.
        check("오늘 🍕 먹었다.", &["오늘 🍕 먹었다."]);
        check("I ❤️ NY so much.", &["I ❤️ NY so much."]);
        check("피자 먹었다 🍕", &["피자 먹었다 🍕"]);
        check("👨‍👩‍👧 가족과 함께했다.", &["👨‍👩‍👧 가족과 함께했다."]);
    }

    #[test]
    fn emoji_only_and_symbols() {
        check("😊", &["😊"]);
        check("😂😂😂\n🥲", &["😂😂😂", "🥲"]);
        check("...", &["..."]);
    }

    #[test]
    fn decimals_and_numbers() {
        check(
            "I ran 3.5 km today. It was fine.",
            &["I ran 3.5 km today.", "It was fine."],
        );
        check(
            "체온이 37.5도였다. 쉬었다.",
            &["체온이 37.5도였다.", "쉬었다."],
        );
        check("1. 일어났다\n2. 운동했다", &["1. 일어났다", "2. 운동했다"]);
        check("Version 1.2.3 works.", &["Version 1.2.3 works."]);
    }

    #[test]
    fn abbreviations() {
        check(
            "I met Mr. Kim today. He was kind.",
            &["I met Mr. Kim today.", "He was kind."],
        );
        check(
            "Bring fruit, e.g. apples. Then go.",
            &["Bring fruit, e.g. apples.", "Then go."],
        );
        check(
            "We talked, i.e. argued. Sad.",
            &["We talked, i.e. argued.", "Sad."],
        );
        check(
            "Dr. Lee and Mrs. Park came.",
            &["Dr. Lee and Mrs. Park came."],
        );
        check("J. K. Rowling wrote it.", &["J. K. Rowling wrote it."]);
        check("I woke at 7 a.m. and ran.", &["I woke at 7 a.m. and ran."]);
        check(
            "I woke at 7 a.m. Then I ran.",
            &["I woke at 7 a.m.", "Then I ran."],
        );
        check(
            "Apples, pears, etc. and more.",
            &["Apples, pears, etc. and more."],
        );
        check("So did I. Then we left.", &["So did I.", "Then we left."]);
        check("See example.com for more.", &["See example.com for more."]);
    }

    #[test]
    fn ellipsis() {
        check(
            "I don't know... maybe tomorrow.",
            &["I don't know... maybe tomorrow."],
        );
        check(
            "그냥... 모르겠다. 자야지.",
            &["그냥...", "모르겠다.", "자야지."],
        );
        check("그래서…결국 갔다.", &["그래서…결국 갔다."]);
        check(
            "Waiting... Nothing happened.",
            &["Waiting...", "Nothing happened."],
        );
    }

    #[test]
    fn quotes_and_brackets() {
        check(
            "그가 \"정말?\"이라고 물었다. 나는 웃었다.",
            &["그가 \"정말?\"이라고 물었다.", "나는 웃었다."],
        );
        check(
            "\"Wow!\" she said. I laughed.",
            &["\"Wow!\" she said.", "I laughed."],
        );
        check(
            "엄마가 “밥 먹어. 식는다.”라고 하셨다. 배불렀다.",
            &["엄마가 “밥 먹어. 식는다.”라고 하셨다.", "배불렀다."],
        );
        check(
            "(오늘은 힘들었다. 그래도 괜찮다.) 내일 보자.",
            &["(오늘은 힘들었다. 그래도 괜찮다.)", "내일 보자."],
        );
        check("「좋아!」 그렇게 말했다.", &["「좋아!」", "그렇게 말했다."]);
        // Unbalanced brackets do not swallow the text.
        check(
            "(괄호가 안 닫힘. 다음 문장.",
            &["(괄호가 안 닫힘.", "다음 문장."],
        );
    }

    #[test]
    fn tilde_after_korean() {
        check("고마워~ 내일 봐", &["고마워~", "내일 봐"]);
        check("3~4시에 만났다.", &["3~4시에 만났다."]);
    }

    #[test]
    fn line_breaks_and_hard_wraps() {
        check(
            "Today I walked to the\nriver and sat there.\nIt was calm.",
            &[
                "Today I walked to the\nriver and sat there.",
                "It was calm.",
            ],
        );
        check("First line\nSecond line", &["First line", "Second line"]);
        check("오늘은,\n비가 왔다.", &["오늘은,\n비가 왔다."]);
        check("좋다\u{2028}싫다", &["좋다", "싫다"]);
    }

    #[test]
    fn mixed_korean_english() {
        check(
            "오늘 meeting이 있었다. It went well! 기분 좋다ㅎㅎ",
            &["오늘 meeting이 있었다.", "It went well!", "기분 좋다ㅎㅎ"],
        );
    }

    #[test]
    fn blank_and_control_characters() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences("   \n\t \r\n ").is_empty());
        assert!(split_sentences("\u{0}\u{1}\u{7f}\u{200B}").is_empty());
        check("\u{1}좋았다.\u{7}\n\u{0}", &["좋았다."]);
        check("\u{FEFF}Hello. Bye.", &["Hello.", "Bye."]);
    }

    #[test]
    fn offsets_are_chars_into_the_original_text() {
        let text = "  한국어 문장이다.  Then English!\n😊 끝";
        let sentences = split_sentences(text);
        let chars: Vec<char> = text.chars().collect();
        for s in &sentences {
            let slice: String = chars[s.start_char..s.end_char].iter().collect();
            assert_eq!(slice, s.text);
        }
        assert_eq!(sentences[0].start_char, 2);
        assert_eq!(
            sentences[0].end_char,
            2 + "한국어 문장이다.".chars().count()
        );
        assert_eq!(sentences.len(), 3);
        assert_eq!(sentences[2].text, "😊 끝");
    }

    /// Every non-blank char lands in exactly one sentence, in order, for many inputs.
    #[test]
    fn spans_cover_all_content_in_order() {
        let samples = [
            "오늘은 좋았다.그런데 ㅋㅋ 피곤했다ㅠㅠ!! \"정말?\" 3.5 e.g. Mr. 😊😊\n\n끝",
            "a.b.c. d! e? f… g‥ h。i！j？",
            "((((((",
            "\"\"\"\"",
            "ㅋ",
            "ㅋㅋ",
            "~~~",
            ". . .",
            "!?!?",
            "👍🏽👍🏽 ok.",
            "1.\n2.\n3.",
            "Mr.",
            "e.g.",
            "A. B. C.",
            "다.",
            "\u{0}.\u{0}",
        ];
        for text in samples {
            let chars: Vec<char> = text.chars().collect();
            let spans = split_spans(text);
            let mut covered = vec![false; chars.len()];
            let mut last_end = 0;
            for s in &spans {
                assert!(
                    s.start_char >= last_end && s.start_char < s.end_char,
                    "{text:?}"
                );
                assert_eq!(
                    &text[s.start_byte..s.end_byte],
                    chars[s.start_char..s.end_char].iter().collect::<String>()
                );
                for c in covered.iter_mut().take(s.end_char).skip(s.start_char) {
                    *c = true;
                }
                last_end = s.end_char;
            }
            for (k, c) in chars.iter().enumerate() {
                if !is_blank(*c) {
                    assert!(covered[k], "{text:?}: char {k} {c:?} not in any sentence");
                }
            }
        }
    }

    #[test]
    fn long_text_is_linear_enough() {
        let unit = "오늘은 학교에 갔다. I met a friend! 좋았다ㅋㅋ ";
        let text = unit.repeat(4000); // ~150k chars
        let started = std::time::Instant::now();
        let n = split_sentences(&text).len();
        assert_eq!(n, 3 * 4000);
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn long_unpunctuated_text_is_one_sentence() {
        let text = "가나다라 ".repeat(5000);
        assert_eq!(split_sentences(&text).len(), 1);
    }
}
