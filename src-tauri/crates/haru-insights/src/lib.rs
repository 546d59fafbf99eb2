//! How the days felt over time: entries' emotion distributions combined per day, week or
//! month, for the history views and `haru history`. Weeks are ISO weeks (Monday to Sunday)
//! unless the person's weeks start on Sunday ([`Period::with_week_start`]).
//!
//! Several entries in one period combine as an average weighted by each entry's length in
//! characters, so a long evening entry counts more than a one-line note. Periods without
//! analysed entries are left out (the views draw gaps); entries analysed by different model
//! versions combine directly, since every model reports the same 28 labels.

pub mod calibration;
mod care;
pub mod links;
pub mod writers_way;

pub use care::{
    care_enabled, care_note, care_note_now, dismiss_care, set_care_enabled, DISMISS_DAYS, HEAVY,
    HEAVY_MIN, RECENT_DAYS, RUN_DAYS,
};

use chrono::{Datelike, NaiveDate};
use haru_core::{
    AppError, EmotionPeak, ErrorCode, PeakSentence, PeriodEmotions, WeekStart, LABELS,
};
use haru_store::{DatedAnalysis, Store, StoreError};

/// The length of the periods history is grouped into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    /// An ISO week, Monday to Sunday, named `2026-W11`.
    Week,
    /// Sunday to Saturday, named after the ISO week of its Monday (`2026-03-08` to
    /// `2026-03-14` is `2026-W11`), so both kinds of week read alike.
    WeekFromSunday,
    Month,
}

impl Period {
    pub fn parse(text: &str) -> Result<Period, AppError> {
        match text {
            "day" => Ok(Period::Day),
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            other => Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("unknown period '{other}' (expected day, week or month)"),
            )),
        }
    }

    /// Weeks that begin on `start`; days and months are unchanged.
    pub fn with_week_start(self, start: WeekStart) -> Period {
        match (self, start) {
            (Period::Week | Period::WeekFromSunday, WeekStart::Monday) => Period::Week,
            (Period::Week | Period::WeekFromSunday, WeekStart::Sunday) => Period::WeekFromSunday,
            (other, _) => other,
        }
    }

    /// The period's key and its first and last day.
    fn of(self, date: NaiveDate) -> (String, NaiveDate, NaiveDate) {
        match self {
            Period::Day => (date.to_string(), date, date),
            Period::Week | Period::WeekFromSunday => {
                let first_day = match self {
                    Period::WeekFromSunday => WeekStart::Sunday,
                    _ => WeekStart::Monday,
                };
                let start = date.week(first_day.weekday()).first_day();
                // The Monday of the week names it: the start itself, or the day after Sunday.
                let week = (start + chrono::Days::new(u64::from(first_day == WeekStart::Sunday)))
                    .iso_week();
                (
                    format!("{}-W{:02}", week.year(), week.week()),
                    start,
                    start + chrono::Days::new(6),
                )
            }
            Period::Month => {
                let first = date.with_day(1).unwrap_or(date);
                let next = first
                    .checked_add_months(chrono::Months::new(1))
                    .unwrap_or(first);
                (
                    format!("{}-{:02}", date.year(), date.month()),
                    first,
                    next.pred_opt().unwrap_or(first),
                )
            }
        }
    }
}

/// Combines analysed entries (in date order, as the store returns them) into periods.
pub fn history(entries: &[DatedAnalysis], period: Period) -> Vec<PeriodEmotions> {
    let mut out: Vec<PeriodEmotions> = Vec::new();
    let mut weights: Vec<f64> = Vec::new();
    let mut sums: Vec<Vec<f64>> = Vec::new();
    for entry in entries {
        let Ok(date) = NaiveDate::parse_from_str(&entry.date, "%Y-%m-%d") else {
            continue;
        };
        if entry.probs.len() != LABELS.len() {
            continue;
        }
        let (key, start, end) = period.of(date);
        if out.last().map(|p| p.period != key).unwrap_or(true) {
            out.push(PeriodEmotions {
                period: key,
                start: start.to_string(),
                end: end.to_string(),
                entries: 0,
                probs: Vec::new(),
            });
            weights.push(0.0);
            sums.push(vec![0.0; LABELS.len()]);
        }
        let i = out.len() - 1;
        let weight = f64::from(entry.chars.max(1));
        out[i].entries += 1;
        weights[i] += weight;
        for (sum, p) in sums[i].iter_mut().zip(&entry.probs) {
            *sum += weight * f64::from(*p);
        }
    }
    for ((period, weight), sum) in out.iter_mut().zip(weights).zip(sums) {
        period.probs = sum.iter().map(|s| (s / weight) as f32).collect();
    }
    out
}

/// Entries between `from` and `to` where `label` was strongest, strongest first, each with
/// up to three of its sentences where the emotion peaked (drill-down).
pub fn peaks(
    store: &Store,
    label: &str,
    from: Option<&str>,
    to: Option<&str>,
    limit: usize,
) -> Result<Vec<EmotionPeak>, StoreError> {
    let Some(index) = LABELS.iter().position(|l| *l == label) else {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!("unknown emotion '{label}'"),
        )
        .into());
    };
    let mut ranked: Vec<(i64, f32)> = store
        .analysed_entries(from, to)?
        .iter()
        .filter_map(|e| e.probs.get(index).map(|p| (e.entry_id, *p)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut out = Vec::new();
    for (id, score) in ranked.into_iter().take(limit) {
        let entry = store.get_entry(id)?;
        let chars: Vec<char> = entry.body.chars().collect();
        let mut sentences: Vec<PeakSentence> = store
            .analysis(id)?
            .map(|a| a.sentences)
            .unwrap_or_default()
            .iter()
            .filter_map(|s| {
                let (start, end) = (
                    s.start_char as usize,
                    (s.end_char as usize).min(chars.len()),
                );
                let score = *s.probs.get(index)?;
                (start < end).then(|| PeakSentence {
                    text: chars[start..end].iter().collect(),
                    score,
                })
            })
            .collect();
        sentences.sort_by(|a, b| b.score.total_cmp(&a.score));
        sentences.truncate(3);
        out.push(EmotionPeak {
            entry: entry.summary(),
            score,
            sentences,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(date: &str, chars: u32, label: usize, p: f32) -> DatedAnalysis {
        let mut probs = vec![0.0; 28];
        probs[label] = p;
        DatedAnalysis {
            entry_id: 0,
            date: date.into(),
            chars,
            probs,
            writers_word: false,
        }
    }

    #[test]
    fn entries_of_a_day_are_length_weighted() {
        let days = history(
            &[
                entry("2026-03-02", 300, 17, 0.9),
                entry("2026-03-02", 100, 17, 0.1),
            ],
            Period::Day,
        );
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].entries, 2);
        assert!(
            (days[0].probs[17] - 0.7).abs() < 1e-6,
            "{}",
            days[0].probs[17]
        );
    }

    #[test]
    fn weeks_are_iso_weeks_and_months_are_calendar_months() {
        let entries = [
            entry("2026-01-01", 10, 0, 1.0), // Thursday of 2026-W01
            entry("2026-01-04", 10, 0, 1.0), // Sunday, same week
            entry("2026-01-05", 10, 0, 1.0), // Monday, W02
            entry("2026-02-28", 10, 0, 1.0),
        ];
        let weeks = history(&entries, Period::Week);
        let keys: Vec<&str> = weeks.iter().map(|w| w.period.as_str()).collect();
        assert_eq!(keys, vec!["2026-W01", "2026-W02", "2026-W09"]);
        assert_eq!(
            (weeks[0].start.as_str(), weeks[0].end.as_str()),
            ("2025-12-29", "2026-01-04")
        );
        assert_eq!(weeks[0].entries, 2);
        let months = history(&entries, Period::Month);
        assert_eq!(months.len(), 2);
        assert_eq!(
            (months[1].period.as_str(), months[1].end.as_str()),
            ("2026-02", "2026-02-28")
        );
    }

    #[test]
    fn weeks_from_sunday_run_sunday_to_saturday() {
        let entries = [
            entry("2026-01-03", 10, 0, 1.0), // Saturday
            entry("2026-01-04", 10, 0, 1.0), // Sunday: a new week
            entry("2026-01-10", 10, 0, 1.0), // Saturday, same week
            entry("2026-01-11", 10, 0, 1.0), // Sunday
        ];
        let period = Period::parse("week")
            .unwrap()
            .with_week_start(WeekStart::Sunday);
        assert_eq!(period, Period::WeekFromSunday);
        let weeks = history(&entries, period);
        let spans: Vec<(&str, &str, &str, u32)> = weeks
            .iter()
            .map(|w| {
                (
                    w.period.as_str(),
                    w.start.as_str(),
                    w.end.as_str(),
                    w.entries,
                )
            })
            .collect();
        assert_eq!(
            spans,
            vec![
                ("2026-W01", "2025-12-28", "2026-01-03", 1),
                ("2026-W02", "2026-01-04", "2026-01-10", 2),
                ("2026-W03", "2026-01-11", "2026-01-17", 1),
            ]
        );
        // Monday weeks are ISO weeks; days and months do not change.
        assert_eq!(period.with_week_start(WeekStart::Monday), Period::Week);
        assert_eq!(Period::Day.with_week_start(WeekStart::Sunday), Period::Day);
        assert_eq!(
            Period::Month.with_week_start(WeekStart::Sunday),
            Period::Month
        );
    }

    #[test]
    fn peaks_rank_entries_and_sentences_by_the_emotion() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        let mut add = |date: &str, body: &str, sadness: f32, sentence_scores: &[f32]| {
            let entry = store.create_entry(date, body).unwrap();
            let mut probs = vec![0.0; 28];
            probs[25] = sadness;
            let mut start = 0u32;
            let sentences = body
                .split_inclusive(". ")
                .zip(sentence_scores)
                .map(|(text, score)| {
                    let len = text.chars().count() as u32;
                    let mut p = vec![0.0; 28];
                    p[25] = *score;
                    let s = haru_store::StoredSentence {
                        start_char: start,
                        end_char: start + len,
                        probs: p,
                    };
                    start += len;
                    s
                })
                .collect();
            store
                .save_analysis(&haru_store::StoredAnalysis::of(
                    &entry, "m", probs, sentences,
                ))
                .unwrap();
            entry.id
        };
        let mild = add("2026-03-01", "A bit low. Then fine.", 0.3, &[0.5, 0.1]);
        let sad = add(
            "2026-03-05",
            "Lunch was ok. I lost my cat. I cried.",
            0.9,
            &[0.1, 0.95, 0.8],
        );
        let found = peaks(&store, "sadness", None, None, 10).unwrap();
        assert_eq!(
            found.iter().map(|p| p.entry.id).collect::<Vec<_>>(),
            vec![sad, mild]
        );
        assert_eq!(found[0].sentences[0].text.trim(), "I lost my cat.");
        assert_eq!(found[0].sentences.len(), 3);
        assert!(
            peaks(&store, "sadness", Some("2026-03-02"), None, 10)
                .unwrap()
                .len()
                == 1
        );
        assert!(peaks(&store, "hunger", None, None, 10).is_err());
    }

    #[test]
    fn gaps_and_empty_input() {
        assert!(history(&[], Period::Month).is_empty());
        let months = history(
            &[
                entry("2025-01-10", 5, 3, 0.5),
                entry("2025-09-10", 5, 3, 0.5),
            ],
            Period::Month,
        );
        assert_eq!(
            months.len(),
            2,
            "months without entries are gaps, not zero rows"
        );
        assert!(Period::parse("year").is_err());
    }
}
