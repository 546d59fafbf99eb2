//! What goes with what: which #tags and which weekdays go with which feelings, compared with
//! the writer's own other entries. Daylio's most loved view, with Haru's multi-label readings
//! (the writer's word where they gave it, else the model's).
//!
//! How a link is decided, so that it is honest about small diaries:
//! * a group (a tag, a weekday) needs at least [`MIN_ENTRIES`] entries, and the rest of the
//!   diary as many, else it is reported as "too few entries to tell" with its count;
//! * for each feeling, the difference between the group's mean reading and the rest's mean;
//! * a bootstrap (each side resampled with replacement, [`BOOTSTRAP_ROUNDS`] times, with a
//!   fixed seed so the same diary always says the same) gives a 90% interval for the
//!   difference; a link is stated only when the interval excludes zero and the difference is
//!   at least [`MIN_DIFFERENCE`]. The strongest [`MAX_LINKS`] per group are kept.

use chrono::{Datelike, NaiveDate};
use haru_core::LABELS;
use serde::Serialize;
use ts_rs::TS;

/// Entries a group (and the rest of the diary) needs before anything is concluded.
pub const MIN_ENTRIES: usize = 5;
pub const BOOTSTRAP_ROUNDS: usize = 1000;
/// Smallest difference in mean reading worth saying (5 points).
pub const MIN_DIFFERENCE: f32 = 0.05;
pub const MAX_LINKS: usize = 3;

/// One entry as the insights read it.
#[derive(Debug, Clone)]
pub struct TaggedReading {
    pub date: NaiveDate,
    pub tags: Vec<String>,
    pub probs: Vec<f32>,
}

/// A feeling that goes with a group more (or less) than with the rest of the diary.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export, rename = "InsightLink")]
pub struct Link {
    pub label: String,
    /// Group mean minus the rest's mean (-1 … 1).
    pub difference: f32,
    /// The 90% bootstrap interval of the difference.
    pub low: f32,
    pub high: f32,
}

/// A tag or a weekday, with its links, or why there are none.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export, rename = "InsightGroup")]
pub struct GroupLinks {
    /// `tag` or `weekday`.
    #[ts(type = "\"tag\" | \"weekday\"")]
    pub kind: String,
    /// The tag (without `#`) or the weekday (`mon` … `sun`).
    pub name: String,
    pub entries: u32,
    /// False: too few entries (here or in the rest of the diary) to tell.
    pub enough: bool,
    pub links: Vec<Link>,
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The links of every tag and weekday in `entries`: tags by how many entries carry them, then
/// the weekdays Monday to Sunday.
pub fn links(entries: &[TaggedReading]) -> Vec<GroupLinks> {
    let mut tags: Vec<(String, usize)> = Vec::new();
    for entry in entries {
        for tag in &entry.tags {
            match tags.iter_mut().find(|(t, _)| t == tag) {
                Some((_, n)) => *n += 1,
                None => tags.push((tag.clone(), 1)),
            }
        }
    }
    tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut out = Vec::new();
    for (tag, _) in tags {
        let inside: Vec<bool> = entries.iter().map(|e| e.tags.contains(&tag)).collect();
        out.push(group("tag", &tag, entries, &inside));
    }
    for (day, name) in WEEKDAYS.iter().enumerate() {
        let inside: Vec<bool> = entries
            .iter()
            .map(|e| e.date.weekday().num_days_from_monday() as usize == day)
            .collect();
        if inside.iter().any(|&x| x) {
            out.push(group("weekday", name, entries, &inside));
        }
    }
    out
}

/// [`links`] of the whole diary in `store` (entries with a reading: the writer's word, else
/// the model's).
pub fn links_now(store: &haru_store::Store) -> Result<Vec<GroupLinks>, haru_store::StoreError> {
    let mut entries = Vec::new();
    for day in store.analysed_entries(None, None)? {
        let Ok(date) = NaiveDate::parse_from_str(&day.date, "%Y-%m-%d") else {
            continue;
        };
        let body = store.get_entry(day.entry_id)?.body;
        entries.push(TaggedReading {
            date,
            tags: haru_core::text::tags(&body),
            probs: day.probs,
        });
    }
    Ok(links(&entries))
}

fn group(kind: &str, name: &str, entries: &[TaggedReading], inside: &[bool]) -> GroupLinks {
    let group: Vec<&[f32]> = select(entries, inside, true);
    let rest: Vec<&[f32]> = select(entries, inside, false);
    let enough = group.len() >= MIN_ENTRIES && rest.len() >= MIN_ENTRIES;
    let mut links = Vec::new();
    if enough {
        let mut rng = SplitMix(seed_of(kind, name));
        // Resampled index sets, shared by every label (one bootstrap of the diary).
        let rounds: Vec<(Vec<usize>, Vec<usize>)> = (0..BOOTSTRAP_ROUNDS)
            .map(|_| {
                (
                    (0..group.len()).map(|_| rng.below(group.len())).collect(),
                    (0..rest.len()).map(|_| rng.below(rest.len())).collect(),
                )
            })
            .collect();
        for (label, name) in LABELS.iter().enumerate() {
            let difference = mean(&group, label, None) - mean(&rest, label, None);
            if difference.abs() < MIN_DIFFERENCE {
                continue;
            }
            let mut boot: Vec<f32> = rounds
                .iter()
                .map(|(g, r)| mean(&group, label, Some(g)) - mean(&rest, label, Some(r)))
                .collect();
            boot.sort_by(f32::total_cmp);
            let low = boot[boot.len() * 5 / 100];
            let high = boot[boot.len() * 95 / 100 - 1];
            if low > 0.0 || high < 0.0 {
                links.push(Link {
                    label: (*name).to_owned(),
                    difference,
                    low,
                    high,
                });
            }
        }
        links.sort_by(|a, b| b.difference.abs().total_cmp(&a.difference.abs()));
        links.truncate(MAX_LINKS);
    }
    GroupLinks {
        kind: kind.to_owned(),
        name: name.to_owned(),
        entries: group.len() as u32,
        enough,
        links,
    }
}

fn select<'a>(entries: &'a [TaggedReading], inside: &[bool], want: bool) -> Vec<&'a [f32]> {
    entries
        .iter()
        .zip(inside)
        .filter(|(e, &i)| i == want && e.probs.len() == LABELS.len())
        .map(|(e, _)| e.probs.as_slice())
        .collect()
}

fn mean(rows: &[&[f32]], label: usize, pick: Option<&[usize]>) -> f32 {
    let sum: f32 = match pick {
        Some(pick) => pick.iter().map(|&i| rows[i][label]).sum(),
        None => rows.iter().map(|r| r[label]).sum(),
    };
    let n = pick.map_or(rows.len(), <[usize]>::len);
    sum / n.max(1) as f32
}

fn seed_of(kind: &str, name: &str) -> u64 {
    // FNV-1a: a stable seed per group, so a diary always gives the same answer.
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for byte in kind.bytes().chain([0]).chain(name.bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// SplitMix64: small, fast, good enough for resampling indices.
struct SplitMix(u64);

impl SplitMix {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z % n as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(name: &str) -> usize {
        LABELS.iter().position(|l| *l == name).unwrap()
    }

    /// A diary of `n` days; `reading(i)` gives day i's tags and its joy / sadness.
    fn diary(
        n: usize,
        reading: impl Fn(usize) -> (Vec<&'static str>, f32, f32),
    ) -> Vec<TaggedReading> {
        let start = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(); // a Monday
        (0..n)
            .map(|i| {
                let (tags, joy, sadness) = reading(i);
                let mut probs = vec![0.02; LABELS.len()];
                probs[label("joy")] = joy;
                probs[label("sadness")] = sadness;
                TaggedReading {
                    date: start + chrono::Days::new(i as u64),
                    tags: tags.into_iter().map(str::to_owned).collect(),
                    probs,
                }
            })
            .collect()
    }

    /// Noise in 0 … 0.2 that does not follow any tag or weekday.
    fn noise(i: usize, salt: u64) -> f32 {
        let mut rng = SplitMix(i as u64 * 7919 + salt);
        rng.below(1000) as f32 / 5000.0
    }

    #[test]
    fn a_planted_tag_feeling_link_is_found_with_its_interval() {
        // Days with #운동 carry joy 0.7 (± noise), the others 0.3; sadness follows nothing.
        let days = diary(60, |i| {
            let exercise = i % 3 == 0;
            let joy = if exercise { 0.6 } else { 0.2 } + noise(i, 1);
            (
                if exercise { vec!["운동"] } else { vec![] },
                joy,
                0.2 + noise(i, 2),
            )
        });
        let all = links(&days);
        let exercise = all
            .iter()
            .find(|g| g.kind == "tag" && g.name == "운동")
            .unwrap();
        assert_eq!(exercise.entries, 20);
        assert!(exercise.enough);
        assert_eq!(exercise.links.len(), 1, "{:?}", exercise.links);
        let joy = &exercise.links[0];
        assert_eq!(joy.label, "joy");
        assert!((joy.difference - 0.4).abs() < 0.05, "{joy:?}");
        assert!(
            joy.low > 0.3
                && joy.high < 0.5
                && joy.low < joy.difference
                && joy.difference < joy.high
        );
        // Weekdays carry no planted link (every third day cycles through all of them).
        for weekday in all.iter().filter(|g| g.kind == "weekday") {
            assert!(weekday.links.is_empty(), "{weekday:?}");
        }
    }

    #[test]
    fn no_link_is_claimed_where_none_was_planted() {
        let days = diary(90, |i| {
            let tags = if i % 2 == 0 {
                vec!["work"]
            } else {
                vec!["home"]
            };
            (tags, 0.3 + noise(i, 3), 0.3 + noise(i, 4))
        });
        for group in links(&days) {
            assert!(group.enough);
            assert!(group.links.is_empty(), "{group:?}");
        }
    }

    #[test]
    fn too_few_entries_are_said_to_be_too_few() {
        let days = diary(12, |i| {
            let tags = if i < 4 { vec!["trip"] } else { vec![] };
            (tags, if i < 4 { 0.9 } else { 0.1 }, 0.1)
        });
        let all = links(&days);
        let trip = all.iter().find(|g| g.name == "trip").unwrap();
        assert_eq!(trip.entries, 4);
        assert!(!trip.enough);
        assert!(trip.links.is_empty());
        // Each weekday has at most 2 of the 12 days.
        assert!(all
            .iter()
            .filter(|g| g.kind == "weekday")
            .all(|g| !g.enough));
    }

    #[test]
    fn the_same_diary_always_gives_the_same_answer() {
        let days = diary(40, |i| {
            (
                if i % 4 == 0 { vec!["family"] } else { vec![] },
                0.2 + noise(i, 5),
                0.5 - noise(i, 6),
            )
        });
        assert_eq!(links(&days), links(&days));
    }
}
