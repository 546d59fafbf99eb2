//! The emotion history as the history views and `haru history` read it: entries' readings
//! combined by day, ISO week or month (`haru_insights::history`), optionally of one tag's
//! entries only, and the days where the writer's own word stands in for the model's.

use std::collections::HashSet;

use haru_core::{EntryAnalysis, PeriodEmotions, WeekStart};
use haru_insights::Period;
use haru_store::Store;

use crate::Result;

/// Entries a tag filter can reach (every entry of a diary written daily for 27 years).
const TAGGED_ENTRIES_MAX: u32 = 10_000;

/// Entry `id`'s reading as the app's panel shows it and `haru show --json` prints it, or
/// `None` when it was never analysed: the predicted labels at the loaded model's `thresholds`
/// (`haru_core::emotion::predicted_at_thresholds`, as `haru analyze`), each sentence's dominant
/// label (`haru_core::emotion::dominant`), and, when the reading is by the loaded model
/// (`model_id`), the labels adjusted to how the writer names feelings where Haru learned it
/// (`haru_insights::writers_way`).
pub fn analysis(
    store: &Store,
    id: i64,
    thresholds: Option<&[f32]>,
    model_id: Option<&str>,
) -> Result<Option<EntryAnalysis>> {
    let mut analysis = haru_analysis::entry_analysis(store, id, thresholds)?;
    if let (Some(a), Some(model_id), Some(thresholds)) = (analysis.as_mut(), model_id, thresholds) {
        if a.model_id == model_id {
            a.adjusted = haru_insights::writers_way::adjusted_labels(
                store, id, model_id, &a.probs, thresholds,
            )?;
        }
    }
    Ok(analysis)
}

/// What a history asks for.
#[derive(Debug, Default, Clone)]
pub struct HistoryQuery<'a> {
    /// `day`, `week` or `month`.
    pub by: &'a str,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    /// `monday` (the default) or `sunday`.
    pub week_start: Option<&'a str>,
    /// Only the entries carrying this #tag.
    pub tag: Option<&'a str>,
}

impl HistoryQuery<'_> {
    /// The period it asks for, once its words and dates (`YYYY-MM-DD`) are checked.
    pub fn check(&self) -> Result<Period> {
        let mut period = Period::parse(self.by)?;
        if let Some(day) = self.week_start {
            period = period.with_week_start(WeekStart::parse(day)?);
        }
        for date in [self.from, self.to].into_iter().flatten() {
            haru_core::parse_entry_date(date)?;
        }
        Ok(period)
    }
}

/// Emotions per period between two optional dates.
pub fn history(store: &Store, query: &HistoryQuery<'_>) -> Result<Vec<PeriodEmotions>> {
    let period = query.check()?;
    let mut entries = store.analysed_entries(query.from, query.to)?;
    if let Some(tag) = query.tag {
        let tagged: HashSet<i64> = store
            .search_tagged("", &Default::default(), Some(tag), Some(TAGGED_ENTRIES_MAX))?
            .into_iter()
            .map(|hit| hit.entry.id)
            .collect();
        entries.retain(|e| tagged.contains(&e.entry_id));
    }
    Ok(haru_insights::history(&entries, period))
}

/// The days between two optional dates with at least one entry in the writer's own word,
/// in order.
pub fn writers_word_days(
    store: &Store,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<String>> {
    let mut dates: Vec<String> = store
        .analysed_entries(from, to)?
        .into_iter()
        .filter(|d| d.writers_word)
        .map(|d| d.date)
        .collect();
    dates.sort_unstable();
    dates.dedup();
    Ok(dates)
}
