//! Small facts about diary text: blankness, word counts, previews, the script it is in and
//! the `#tags` written in it.

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

/// A Korean particle (조사) whose form depends on the sound before it: the first form follows a
/// final consonant (받침), the second a vowel; 으로/로 takes 로 after ㄹ as well ("서울로").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Josa {
    /// 이/가
    IGa,
    /// 을/를
    EulReul,
    /// 은/는
    EunNeun,
    /// 과/와
    GwaWa,
    /// 으로/로
    EuroRo,
}

/// How a word's last sound ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    Vowel,
    Rieul,
    Consonant,
}

/// The sound `word` ends with, ignoring trailing spaces, punctuation and closing brackets.
/// Digits and Latin letters are read the Korean way: 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 (and 10
/// 십, 100 백) end in a consonant, 2 이, 4 사, 5 오, 9 구 in a vowel; L (엘) and R (알) end in ㄹ,
/// M (엠) and N (엔) in another consonant, other letters in a vowel. Anything else, or nothing,
/// counts as a vowel.
fn ending(word: &str) -> Ending {
    for c in word.chars().rev() {
        let code = c as u32;
        if (0xAC00..=0xD7A3).contains(&code) {
            return match (code - 0xAC00) % 28 {
                0 => Ending::Vowel,
                8 => Ending::Rieul,
                _ => Ending::Consonant,
            };
        }
        match c.to_ascii_lowercase() {
            '1' | '7' | '8' | 'l' | 'r' => return Ending::Rieul,
            '0' | '3' | '6' | 'm' | 'n' => return Ending::Consonant,
            c if c.is_alphanumeric() => return Ending::Vowel,
            _ => {}
        }
    }
    Ending::Vowel
}

impl Josa {
    /// The particle that belongs after `word` ("기쁨" → 이, "분노" → 가).
    pub fn after(self, word: &str) -> &'static str {
        let (consonant, vowel) = match self {
            Josa::IGa => ("이", "가"),
            Josa::EulReul => ("을", "를"),
            Josa::EunNeun => ("은", "는"),
            Josa::GwaWa => ("과", "와"),
            Josa::EuroRo => ("으로", "로"),
        };
        match (self, ending(word)) {
            (_, Ending::Vowel) | (Josa::EuroRo, Ending::Rieul) => vowel,
            _ => consonant,
        }
    }
}

/// `word` followed by the particle that fits it ("슬픔" + 을/를 → "슬픔을").
pub fn with_josa(word: &str, josa: Josa) -> String {
    format!("{word}{}", josa.after(word))
}

/// The `#tags` written in `text` (`#운동`, `#family`, `#deep_work`), lower-cased, each once, in
/// the order they first appear. A tag starts after a space, a line start or an opening bracket
/// (so `page#section` and `&#35;` are not tags), runs over letters (any script), digits, `_`
/// and `-`, and is not only digits (`#1` is a number).
pub fn tags(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i] == '#'
            && (i == 0 || chars[i - 1].is_whitespace() || "([{\"'“‘".contains(chars[i - 1]));
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < chars.len()
            && (chars[end].is_alphanumeric() || chars[end] == '_' || chars[end] == '-')
        {
            end += 1;
        }
        let tag: String = chars[i + 1..end].iter().collect::<String>();
        let tag = tag.trim_end_matches(['-', '_']).to_lowercase();
        if !tag.is_empty() && !tag.chars().all(|c| c.is_ascii_digit()) && !found.contains(&tag) {
            found.push(tag);
        }
        i = end.max(i + 1);
    }
    found
}

/// `text` with the `tags` it does not carry yet added as a last line (`#work #family`), for
/// imports whose tags live outside the text (Day One's `tags`, jrnl's). Tag names lose a
/// leading `@`/`#`, and spaces inside become `_`.
pub fn with_tags(text: &str, tags_to_add: &[impl AsRef<str>]) -> String {
    let present = tags(text);
    let mut line: Vec<String> = Vec::new();
    for tag in tags_to_add {
        let name: String = tag
            .as_ref()
            .trim()
            .trim_start_matches(['@', '#'])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("_");
        let written = format!("#{name}");
        let Some(recognised) = tags(&written).into_iter().next() else {
            continue;
        };
        if !present.contains(&recognised) && !line.iter().any(|t| tags(t)[0] == recognised) {
            line.push(written);
        }
    }
    if line.is_empty() {
        return text.to_owned();
    }
    format!("{}\n\n{}", text.trim_end(), line.join(" "))
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

    /// Each (word, particle, what `with_josa` must give).
    fn check_josa(cases: &[(&str, Josa, &str)]) {
        for &(word, josa, want) in cases {
            assert_eq!(with_josa(word, josa), want, "{word} + {josa:?}");
        }
    }

    #[test]
    fn korean_particles_follow_the_sound_before_them() {
        check_josa(&[
            // The last syllable's final consonant, or none.
            ("기쁨", Josa::IGa, "기쁨이"),
            ("분노", Josa::IGa, "분노가"),
            ("슬픔", Josa::EulReul, "슬픔을"),
            ("안도", Josa::EulReul, "안도를"),
            ("두려움", Josa::EunNeun, "두려움은"),
            ("감사", Josa::EunNeun, "감사는"),
            ("사랑", Josa::GwaWa, "사랑과"),
            ("감사", Josa::GwaWa, "감사와"),
            ("기쁨·슬픔", Josa::IGa, "기쁨·슬픔이"),
            ("기쁨·감사", Josa::IGa, "기쁨·감사가"),
            // 으로/로 takes 로 after ㄹ as after a vowel.
            ("서울", Josa::EuroRo, "서울로"),
            ("바다", Josa::EuroRo, "바다로"),
            ("기쁨", Josa::EuroRo, "기쁨으로"),
            ("서울", Josa::IGa, "서울이"),
            // Digits, Latin letters and punctuation as they are read.
            ("1", Josa::IGa, "1이"),
            ("2", Josa::IGa, "2가"),
            ("10", Josa::EulReul, "10을"),
            ("7", Josa::EuroRo, "7로"),
            ("3", Josa::EuroRo, "3으로"),
            ("HTML", Josa::IGa, "HTML이"),
            ("PC", Josa::EulReul, "PC를"),
            ("“기쁨”", Josa::IGa, "“기쁨”이"),
            ("", Josa::IGa, "가"),
            ("…", Josa::EulReul, "…를"),
        ]);
        // The ends of the syllable block: 가 (U+AC00) has no final, 힣 (U+D7A3) has ㅎ.
        assert_eq!(Josa::IGa.after("가"), "가");
        assert_eq!(Josa::IGa.after("힣"), "이");
    }

    #[test]
    fn tags_are_found_in_both_languages_once_and_lower_cased() {
        assert_eq!(
            tags("#운동 했다. Dinner with #Family, then #family again (#deep_work)."),
            vec!["운동", "family", "deep_work"]
        );
        assert_eq!(
            tags("see page#section, issue #12, &#35; and a lone # sign"),
            Vec::<String>::new()
        );
        assert_eq!(tags("#2026년-목표 시작"), vec!["2026년-목표"]);
        assert_eq!(tags("end #tag-"), vec!["tag"]);
    }

    #[test]
    fn imported_tags_are_added_once_as_a_last_line() {
        assert_eq!(
            with_tags("Long day at @work.", &["@work", "family time"]),
            "Long day at @work.\n\n#work #family_time"
        );
        assert_eq!(
            with_tags("Already #work here", &["work"]),
            "Already #work here"
        );
        assert_eq!(with_tags("No tags", &[] as &[&str]), "No tags");
        assert_eq!(with_tags("Odd", &["@", "  "]), "Odd");
    }
}
