//! Small facts about diary text: blankness, word counts, previews and the script it is in.

/// True when the text holds nothing worth saving (only whitespace, including U+3000 and
/// zero-width characters).
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}')
    })
}

/// Whitespace-separated words; Korean is written with spaces between words (어절), so the
/// same rule counts both languages the way their writers expect.
pub fn word_count(text: &str) -> u32 {
    text.split_whitespace().count().min(u32::MAX as usize) as u32
}

/// The first `max_chars` characters on one line, for lists.
pub fn preview(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut last_was_space = false;
    for c in text.trim().chars() {
        if out.chars().count() >= max_chars {
            out.push('…');
            break;
        }
        if c.is_whitespace() {
            if !last_was_space {
                out.push(' ');
            }
            last_was_space = true;
        } else {
            out.push(c);
            last_was_space = false;
        }
    }
    out
}

/// `ko`, `en` or `und`, from the share of Hangul among letters.
pub fn detect_language(text: &str) -> &'static str {
    let (mut hangul, mut latin) = (0usize, 0usize);
    for c in text.chars() {
        if is_hangul(c) {
            hangul += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    // A Hangul syllable carries about three Latin letters' worth of text.
    let hangul_weight = hangul * 3;
    if hangul_weight == 0 && latin == 0 {
        "und"
    } else if hangul_weight >= latin {
        "ko"
    } else {
        "en"
    }
}

/// Hangul syllables, jamo and compatibility jamo.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xD7B0..=0xD7FF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_detection() {
        assert!(is_blank(""));
        assert!(is_blank(" \n\t\u{3000}\u{200B}"));
        assert!(!is_blank(" a "));
        assert!(!is_blank("🙂"));
    }

    #[test]
    fn counts_words_in_both_languages() {
        assert_eq!(word_count("오늘은 정말 좋은 하루였다."), 4);
        assert_eq!(word_count("  A quiet day,\nfinally. "), 4);
        assert_eq!(word_count(""), 0);
    }

    #[test]
    fn preview_is_one_line_and_bounded() {
        assert_eq!(preview("a\n\n b  c", 10), "a b c");
        assert_eq!(preview("abcdef", 3), "abc…");
    }

    #[test]
    fn detects_language() {
        assert_eq!(detect_language("오늘은 친구를 만났다"), "ko");
        assert_eq!(detect_language("I met a friend today"), "en");
        assert_eq!(detect_language("오늘 coffee 마셨다"), "ko");
        assert_eq!(detect_language("1234 🙂"), "und");
    }
}
