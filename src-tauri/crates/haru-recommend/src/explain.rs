//! The one-line "why" under each card, in English or Korean.
//!
//! Every clause is derived from the numbers that ranked the item, so it is true: the day's two
//! strongest emotions, the item's two most distinctive ones (what it has more of than most of
//! its kind), and a taste clause only when that factor actually raised the item's score.

use haru_core::text::{with_josa, Josa};
use haru_core::{ItemKind, Strategy, LABELS, LABELS_KO};

use crate::catalogue::{Basis, Catalogue};
use crate::learner::f;
use crate::space::{self, DIMS};

/// English adjectives for the 28 labels.
const ADJECTIVES: [&str; 28] = [
    "admiring",
    "amused",
    "angry",
    "annoyed",
    "approving",
    "caring",
    "confused",
    "curious",
    "longing",
    "disappointed",
    "disapproving",
    "disgusted",
    "embarrassed",
    "excited",
    "afraid",
    "grateful",
    "grieving",
    "joyful",
    "loving",
    "nervous",
    "hopeful",
    "proud",
    "reflective",
    "relieved",
    "remorseful",
    "sad",
    "surprised",
    "calm",
];

const MOODS_KO: [(&str, &str); 4] = [
    ("happy", "밝은"),
    ("sad", "슬픈"),
    ("calm", "잔잔한"),
    ("energetic", "신나는"),
];

/// Inputs of one explanation.
pub struct Why<'a> {
    pub cat: &'a Catalogue,
    pub index: usize,
    pub probs: &'a [f32],
    pub strategy: Strategy,
    /// The item's feature vector and the learner's mean weights (for the taste clause).
    pub features: &'a [f32],
    pub weights: &'a [f32],
    /// Feedback events the learner has seen.
    pub updates: u32,
    pub lang: &'a str,
}

fn names(indices: &[usize], lang: &str) -> String {
    let words: Vec<&str> = indices
        .iter()
        .map(|&i| {
            if lang == "ko" {
                LABELS_KO[i]
            } else {
                ADJECTIVES[i]
            }
        })
        .collect();
    match (lang, words.as_slice()) {
        (_, []) => String::new(),
        (_, [one]) => one.to_string(),
        ("ko", [a, b, ..]) => format!("{a}·{b}"),
        (_, [a, b, ..]) => format!("{a} and {b}"),
    }
}

/// The day's strongest emotions (neutral only when nothing else registers).
fn day_labels(probs: &[f32]) -> Vec<usize> {
    let v = space::emotions(probs);
    let top: Vec<usize> = space::top_labels(&v, 2)
        .into_iter()
        .filter(|(_, w)| *w >= 0.08)
        .map(|(i, _)| i)
        .collect();
    if top.is_empty() {
        vec![LABELS.len() - 1]
    } else {
        top
    }
}

fn item_labels(cat: &Catalogue, index: usize) -> Vec<usize> {
    let d = cat.distinctive(index);
    let mut top: Vec<usize> = space::top_labels(&d, 2)
        .into_iter()
        .map(|(i, _)| i)
        .collect();
    if top.is_empty() {
        // Nothing stands out: say what it mostly is.
        let v = space::emotions(&cat.items[index].vector);
        top = space::top_labels(&v, 2)
            .into_iter()
            .map(|(i, _)| i)
            .collect();
    }
    top.retain(|&i| i < DIMS);
    top
}

/// The explanation sentence.
pub fn why(w: &Why) -> String {
    let item = &w.cat.items[w.index];
    let ko = w.lang == "ko";
    let day = names(&day_labels(w.probs), w.lang);
    let its = names(&item_labels(w.cat, w.index), w.lang);
    let heavy = crate::fit::heavy_day(w.probs);
    let mut out = if ko {
        let what = match (item.kind, item.basis) {
            (_, Basis::Audio) => {
                let mood = item
                    .mood
                    .as_deref()
                    .and_then(|m| MOODS_KO.iter().find(|(en, _)| *en == m))
                    .map_or("", |(_, k)| k);
                format!("이 노래는 {mood} 곡으로 {its}의 느낌이에요")
            }
            (_, Basis::Reviews) => {
                format!("관객 리뷰에는 {} 많이 담겼어요", with_josa(&its, Josa::IGa))
            }
            (ItemKind::Movie, _) => format!("이 영화의 이야기는 {its}의 느낌이에요"),
            (ItemKind::Music, _) => format!("이 노래는 {its}의 느낌이에요"),
        };
        let why = match (w.strategy, heavy) {
            (Strategy::Match, _) => String::new(),
            (Strategy::Comfort, true) => "힘든 날이라 잔잔하고 따뜻한 것으로 골랐어요: ".into(),
            (Strategy::Comfort, false) => "마음을 포근하게 해 줄 것으로 골랐어요: ".into(),
            (Strategy::Lift, true) => "기분이 천천히 나아지도록 골랐어요: ".into(),
            (Strategy::Lift, false) => "기분 전환을 위해 골랐어요: ".into(),
        };
        format!("오늘 일기는 주로 {day}의 감정이었어요. {why}{what}.")
    } else {
        let what = match (item.kind, item.basis) {
            (_, Basis::Audio) => format!(
                "this {} song feels {its}",
                item.mood.as_deref().unwrap_or("gentle")
            ),
            (_, Basis::Reviews) => format!("viewers' reviews of this film read {its}"),
            (ItemKind::Movie, _) => format!("this film's story reads {its}"),
            (ItemKind::Music, _) => format!("this song reads {its}"),
        };
        let why = match (w.strategy, heavy) {
            (Strategy::Match, _) => "",
            (Strategy::Comfort, true) => "something gentle for a hard day: ",
            (Strategy::Comfort, false) => "something warm and gentle: ",
            (Strategy::Lift, true) => "to lift the mood a little at a time, ",
            (Strategy::Lift, false) => "to lift the mood, ",
        };
        format!("Your entry felt mostly {day}; {why}{what}.")
    };
    if let Some(clause) = taste_clause(w) {
        out.push(' ');
        out.push_str(&clause);
    }
    out
}

/// "You often like …" when the learned genre/language weights lifted this item, or the
/// onboarding preference did.
fn taste_clause(w: &Why) -> Option<String> {
    let ko = w.lang == "ko";
    let x = w.features;
    let genre_lift: f32 = (f::GENRE..f::LANGUAGE).map(|i| x[i] * (w.weights[i])).sum();
    let language_lift: f32 = (f::LANGUAGE..f::ERA).map(|i| x[i] * w.weights[i]).sum();
    let item = &w.cat.items[w.index];
    let genre = item.genres.first().map(|g| g.to_lowercase());
    if w.updates >= 3 && genre_lift > 0.4 {
        if let Some(g) = &genre {
            return Some(if ko {
                format!("좋아요를 누른 {g} 장르와 비슷해요.")
            } else {
                format!("You've liked {g} picks like this.")
            });
        }
    }
    if x[f::PREF_GENRE] > 0.0 && w.weights[f::PREF_GENRE] > 0.2 {
        return Some(if ko {
            "좋아한다고 알려 준 장르예요.".to_string()
        } else {
            "It's a genre you told Haru you enjoy.".to_string()
        });
    }
    if w.updates >= 3 && language_lift > 0.4 {
        return Some(if ko {
            "자주 좋아하는 언어의 작품이에요.".to_string()
        } else {
            "It's in a language you often like.".to_string()
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::tests::item;
    use crate::learner::Learner;

    /// Why the catalogue's first item is offered on a day read as `probs`, with no stated
    /// tastes and nothing learned yet.
    fn first_item_why(cat: &Catalogue, probs: &[f32], strategy: Strategy, lang: &str) -> String {
        let prefs = haru_core::RecommendationPrefs::default();
        let x = crate::rank::features(cat, 0, probs, strategy, &prefs);
        why(&Why {
            cat,
            index: 0,
            probs,
            strategy,
            features: &x,
            weights: &Learner::default().mean,
            updates: 0,
            lang,
        })
    }

    #[test]
    fn explanations_name_the_days_and_the_items_emotions() {
        let cat = Catalogue::new(
            vec![
                item(
                    "a",
                    ItemKind::Movie,
                    &["Comedy"],
                    &[("amusement", 0.9), ("joy", 0.6)],
                ),
                item("b", ItemKind::Movie, &["Drama"], &[("sadness", 0.9)]),
            ],
            None,
        );
        let mut probs = vec![0.0; 28];
        probs[haru_core::emotion::label_index("gratitude").unwrap()] = 0.7;
        probs[haru_core::emotion::label_index("joy").unwrap()] = 0.4;
        let why_of = |lang| first_item_why(&cat, &probs, Strategy::Match, lang);
        let en = why_of("en");
        assert!(
            en.starts_with(
                "Your entry felt mostly grateful and joyful; this film's story reads amused"
            ),
            "{en}"
        );
        let ko = why_of("ko");
        assert!(ko.contains("감사·기쁨") && ko.contains("재미"), "{ko}");
    }

    #[test]
    fn reviews_take_the_korean_particle_that_fits() {
        let reviewed = |pairs: &[(&str, f32)]| {
            let mut it = item("r", ItemKind::Movie, &["Drama"], pairs);
            it.basis = Basis::Reviews;
            it
        };
        let say = |pairs: &[(&str, f32)]| {
            let cat = Catalogue::new(
                vec![
                    reviewed(pairs),
                    item("o", ItemKind::Movie, &["Drama"], &[("neutral", 0.9)]),
                ],
                None,
            );
            first_item_why(&cat, &[0.0; 28], Strategy::Match, "ko")
        };
        // 감사 ends in a vowel, 슬픔 in a consonant.
        let vowel = say(&[("gratitude", 0.9)]);
        assert!(
            vowel.contains("관객 리뷰에는 감사가 많이 담겼어요"),
            "{vowel}"
        );
        let consonant = say(&[("sadness", 0.9)]);
        assert!(
            consonant.contains("관객 리뷰에는 슬픔이 많이 담겼어요"),
            "{consonant}"
        );
        assert!(!vowel.contains("(가)") && !consonant.contains("(가)"));
    }

    #[test]
    fn a_taste_clause_appears_only_when_it_raised_the_score() {
        let cat = Catalogue::new(
            vec![item(
                "a",
                ItemKind::Movie,
                &["Comedy"],
                &[("amusement", 0.9)],
            )],
            None,
        );
        let probs = vec![0.1; 28];
        let prefs = haru_core::RecommendationPrefs::default();
        let x = crate::rank::features(&cat, 0, &probs, Strategy::Lift, &prefs);
        let weights = Learner::default().mean;
        let mut liked_weights = weights.clone();
        liked_weights[f::GENRE + crate::learner::genre_bucket("comedy")] = 2.0;
        let base = Why {
            cat: &cat,
            index: 0,
            probs: &probs,
            strategy: Strategy::Lift,
            features: &x,
            weights: &weights,
            updates: 10,
            lang: "en",
        };
        assert!(!why(&base).contains("You've liked"));
        let liked = Why {
            weights: &liked_weights,
            ..base
        };
        assert!(
            why(&liked).contains("You've liked comedy picks"),
            "{}",
            why(&liked)
        );
        assert!(why(&liked).contains("to lift the mood"));
    }

    #[test]
    fn comfort_says_so_kindly_in_both_languages() {
        let cat = Catalogue::new(
            vec![item("a", ItemKind::Movie, &["Drama"], &[("caring", 0.9)])],
            None,
        );
        let mut hard = vec![0.0; 28];
        hard[haru_core::emotion::label_index("grief").unwrap()] = 0.6;
        hard[haru_core::emotion::label_index("sadness").unwrap()] = 0.3;
        let mut light = vec![0.0; 28];
        light[haru_core::emotion::label_index("joy").unwrap()] = 0.6;
        let say = |probs: &[f32], strategy, lang| first_item_why(&cat, probs, strategy, lang);
        let en = say(&hard, Strategy::Comfort, "en");
        assert!(
            en.starts_with("Your entry felt mostly grieving and sad; something gentle for a hard day: this film's story reads caring"),
            "{en}"
        );
        assert!(say(&hard, Strategy::Comfort, "ko").contains("힘든 날이라 잔잔하고 따뜻한"));
        assert!(say(&light, Strategy::Comfort, "en").contains("something warm and gentle"));
        assert!(say(&hard, Strategy::Lift, "en").contains("a little at a time"));
        assert!(say(&hard, Strategy::Lift, "ko").contains("천천히"));
        assert!(!say(&hard, Strategy::Match, "en").contains("gentle"));
    }
}
