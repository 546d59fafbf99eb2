//! What Haru tells the writer about their days, beyond one entry's reading: where a feeling
//! peaked (the history's drill-down), the gentle-care note, entries of this day in earlier
//! years, the writer's own word on a day (check-ins) and what Haru learned from it. Each
//! function fills in what the window leaves out (today's date, a bounded list) the same way for
//! the app and `haru on-this-day` / `haru feel`.

use haru_core::{CareNote, CheckIn, EmotionPeak, EntrySummary};
use haru_insights::writers_way::CalibrationStatus;
use haru_store::Store;

use crate::{Result, Session};

/// How many peaks the drill-down lists when the window does not say, and at the most.
pub const PEAKS_DEFAULT: u32 = 20;
pub const PEAKS_MAX: u32 = 200;

/// Entries (and their sentences) where `label` peaked between two optional dates, the
/// strongest first: `limit` of them (default [`PEAKS_DEFAULT`], at most [`PEAKS_MAX`]).
pub fn peaks(
    store: &Store,
    label: &str,
    from: Option<&str>,
    to: Option<&str>,
    limit: Option<u32>,
) -> Result<Vec<EmotionPeak>> {
    let limit = limit.unwrap_or(PEAKS_DEFAULT).min(PEAKS_MAX) as usize;
    Ok(haru_insights::peaks(store, label, from, to, limit)?)
}

/// The gentle-care note to show today, if any (the rule: `haru_insights::care`).
pub fn care_note(store: &Store) -> Result<Option<CareNote>> {
    Ok(haru_insights::care_note_now(
        store,
        haru_core::date::today(),
    )?)
}

/// "Not now": no care note for the next days, from today.
pub fn dismiss_care(store: &mut Store) -> Result<()> {
    Ok(haru_insights::dismiss_care(
        store,
        haru_core::date::today(),
    )?)
}

/// Entries of the same month and day as `date` (default: today) in earlier years, newest
/// first; an invalid date is refused.
pub fn on_this_day(store: &Store, date: Option<&str>) -> Result<Vec<EntrySummary>> {
    let date = match date {
        Some(date) => haru_core::parse_entry_date(date)?,
        None => haru_core::date::today(),
    };
    Ok(store.on_this_day(&date.to_string())?)
}

/// Records the writer's word on how entry `entry_id`'s day felt (labels among the 28; an
/// optional pleasantness × energy point, each −1 … 1), replacing any earlier one.
pub fn set_checkin(
    store: &mut Store,
    entry_id: i64,
    labels: &[String],
    pleasant: Option<f32>,
    energy: Option<f32>,
) -> Result<CheckIn> {
    let checkin = CheckIn::new(labels, pleasant, energy)?;
    Ok(store.set_checkin(entry_id, &checkin)?)
}

/// What Haru learned of how the writer names feelings, against the model the worker has
/// loaded (none loaded: what is stored, without the model's part).
pub fn calibration_status(session: &Session) -> Result<CalibrationStatus> {
    let model = session.model();
    let model = model.as_ref().map(|(id, t)| (id.as_str(), t.as_slice()));
    session.with_store(|s| haru_insights::writers_way::calibration_status(s, model))
}
