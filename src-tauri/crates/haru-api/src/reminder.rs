//! The daily reminder: an optional notification at a chosen local time ("Time to write"), off
//! by default, shown only when nothing was written that day. It lives in the running app: when
//! Haru is not running there is no reminder, which is why the settings offer "start Haru at
//! login" beside it (`tauri-plugin-autostart`). This is the choice and the scheduler; showing
//! the notification is the host's (the app's `notify.rs`). The choice is kept in the app's config folder
//! (`reminder.json`), not in the diary, so it is known even while an encrypted diary is locked
//! (then "written today" cannot be read and the reminder is shown). The window sends the
//! notification's words in its own language when it sets the time.
//!
//! The scheduling rule is [`next_fire`] and [`decide`], pure functions of local wall-clock time
//! (no time zones: a DST change moves the reminder with the clock).

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{NaiveDateTime, NaiveTime, TimeDelta};
use haru_core::{AppError, ErrorCode};
use serde::{Deserialize, Serialize};

/// A reminder whose time passed more than this long ago (the machine slept through it) is
/// skipped rather than shown late.
pub const MISSED_AFTER: TimeDelta = TimeDelta::hours(1);

/// How often the scheduler looks at the clock (tests shorten it with
/// `HARU_TEST_REMINDER_TICK_MS`).
const TICK: Duration = Duration::from_secs(20);

fn tick() -> Duration {
    std::env::var("HARU_TEST_REMINDER_TICK_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map(Duration::from_millis)
        .unwrap_or(TICK)
}

/// Tests set `HARU_TEST_REMINDER_FILE`: each reminder due appends `shown` or `skipped` to it
/// (a notification needs a desktop's notification service, which a test display lacks).
fn record(outcome: &str) {
    if let Some(path) = std::env::var_os("HARU_TEST_REMINDER_FILE") {
        use std::io::Write;
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| writeln!(f, "{outcome}"));
        if let Err(err) = written {
            log::warn!("cannot write HARU_TEST_REMINDER_FILE: {err}");
        }
    }
}

const FILE_NAME: &str = "reminder.json";

/// What `reminder.json` holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    /// Local time `HH:MM`; `None` is off.
    pub time: Option<String>,
    pub title: String,
    pub body: String,
}

/// `HH:MM` (24-hour) as a time of day.
pub fn parse_time(text: &str) -> Result<NaiveTime, AppError> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("'{text}' is not a time of day: use HH:MM, e.g. 21:30"),
        )
    })
}

/// The next moment at `at` strictly after `now`: today if that is still ahead, else tomorrow.
pub fn next_fire(now: NaiveDateTime, at: NaiveTime) -> NaiveDateTime {
    let today = now.date().and_time(at);
    if today > now {
        today
    } else {
        today + TimeDelta::days(1)
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    /// Not yet.
    Wait,
    /// Show the reminder now.
    Fire,
    /// Its time came, but it is not shown (written today already, or missed while asleep).
    Skip,
}

/// What to do at `now` about the reminder due at `due`; `written_today` is `None` when the
/// diary cannot be read (locked): then it is shown.
pub fn decide(now: NaiveDateTime, due: NaiveDateTime, written_today: Option<bool>) -> Decision {
    if now < due {
        Decision::Wait
    } else if now - due > MISSED_AFTER || written_today == Some(true) {
        Decision::Skip
    } else {
        Decision::Fire
    }
}

/// The reminder's choice, held by the shell and kept in `reminder.json`.
pub struct Reminders {
    file: PathBuf,
    current: Mutex<Reminder>,
}

impl Reminders {
    /// Reads `reminder.json` in `config_dir` (a missing or unreadable file is "off").
    pub fn load(config_dir: PathBuf) -> Reminders {
        let file = config_dir.join(FILE_NAME);
        let current = std::fs::read(&file)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Reminder>(&bytes).ok())
            .filter(|r| r.time.as_deref().map(parse_time).is_none_or(|t| t.is_ok()))
            .unwrap_or_default();
        Reminders {
            file,
            current: Mutex::new(current),
        }
    }

    pub fn get(&self) -> Reminder {
        self.current.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// Sets (or with `None` turns off) the reminder and writes the file. Calls are serialised
    /// (the lock is held across the write), so two settings sent in quick succession land in
    /// the order they took the lock and the temporary file is never shared.
    pub fn set(&self, reminder: Reminder) -> Result<Reminder, AppError> {
        let time = reminder
            .time
            .as_deref()
            .map(parse_time)
            .transpose()?
            .map(|t| t.format("%H:%M").to_string());
        let reminder = Reminder { time, ..reminder };
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(dir) = self.file.parent() {
            std::fs::create_dir_all(dir).map_err(io_error)?;
        }
        let json = serde_json::to_vec_pretty(&reminder)
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
        let tmp = self.file.with_extension("json.tmp");
        std::fs::write(&tmp, json).map_err(io_error)?;
        std::fs::rename(&tmp, &self.file).map_err(io_error)?;
        *current = reminder.clone();
        Ok(reminder)
    }
}

fn io_error(err: std::io::Error) -> AppError {
    AppError::new(
        ErrorCode::Io,
        format!("the reminder setting could not be saved: {err}"),
    )
}

/// Runs the scheduler on its own thread for as long as the app runs: each tick it reads the
/// choice, and at the due time asks `written_today` and calls `show`.
pub fn start(
    reminders: impl Fn() -> Reminder + Send + 'static,
    written_today: impl Fn() -> Option<bool> + Send + 'static,
    show: impl Fn(&Reminder) + Send + 'static,
) {
    let spawned = std::thread::Builder::new()
        .name("reminder".into())
        .spawn(move || {
            // (the chosen time, when it is next due)
            let mut scheduled: Option<(NaiveTime, NaiveDateTime)> = None;
            let tick = tick();
            loop {
                let reminder = reminders();
                let now = chrono::Local::now().naive_local();
                let at = reminder.time.as_deref().and_then(|t| parse_time(t).ok());
                scheduled = match (at, scheduled) {
                    (None, _) => None,
                    (Some(at), Some((was, due))) if was == at => Some((at, due)),
                    (Some(at), _) => Some((at, next_fire(now, at))),
                };
                if let Some((at, due)) = scheduled {
                    match decide(now, due, None) {
                        Decision::Wait => {}
                        _ => {
                            // Only now is the diary asked (a locked one answers None).
                            match decide(now, due, written_today()) {
                                Decision::Fire => {
                                    log::info!("daily reminder shown");
                                    record("shown");
                                    show(&reminder);
                                }
                                _ => {
                                    log::info!("daily reminder skipped");
                                    record("skipped");
                                }
                            }
                            scheduled = Some((at, next_fire(now, at)));
                        }
                    }
                }
                std::thread::sleep(tick);
            }
        });
    if let Err(err) = spawned {
        log::warn!("the reminder could not start: {err}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(day: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, day)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn the_next_fire_is_today_while_ahead_and_tomorrow_after_across_midnight() {
        assert_eq!(next_fire(at(14, 20, 0), time(21, 30)), at(14, 21, 30));
        assert_eq!(next_fire(at(14, 21, 30), time(21, 30)), at(15, 21, 30));
        assert_eq!(next_fire(at(14, 22, 0), time(21, 30)), at(15, 21, 30));
        // Across midnight, and across the month's end.
        assert_eq!(next_fire(at(14, 23, 59), time(0, 10)), at(15, 0, 10));
        assert_eq!(next_fire(at(15, 0, 5), time(0, 10)), at(15, 0, 10));
        assert_eq!(
            next_fire(at(31, 23, 0), time(8, 0)),
            at(31, 8, 0) + TimeDelta::days(1)
        );
    }

    #[test]
    fn it_fires_at_its_time_unless_written_today_or_missed_long_ago() {
        let due = at(14, 21, 30);
        assert_eq!(decide(at(14, 21, 29), due, Some(false)), Decision::Wait);
        assert_eq!(decide(at(14, 21, 30), due, Some(false)), Decision::Fire);
        assert_eq!(decide(at(14, 21, 31), due, Some(true)), Decision::Skip);
        assert_eq!(
            decide(at(14, 21, 31), due, None),
            Decision::Fire,
            "a locked diary cannot say; the reminder shows"
        );
        assert_eq!(
            decide(at(14, 23, 0), due, Some(false)),
            Decision::Skip,
            "slept through it"
        );
    }

    #[test]
    fn times_parse_as_hh_mm_only() {
        assert_eq!(parse_time("21:30").unwrap(), time(21, 30));
        assert_eq!(parse_time(" 07:05 ").unwrap(), time(7, 5));
        for bad in ["24:00", "9pm", "", "21:60"] {
            assert_eq!(parse_time(bad).unwrap_err().code, ErrorCode::InvalidInput);
        }
    }

    #[test]
    fn the_choice_round_trips_through_its_file_and_is_off_by_default() {
        let dir = tempfile::tempdir().unwrap();
        let reminders = Reminders::load(dir.path().join("config"));
        assert_eq!(reminders.get().time, None);
        let set = reminders
            .set(Reminder {
                time: Some("7:05".into()),
                title: "Haru".into(),
                body: "Time to write".into(),
            })
            .unwrap();
        assert_eq!(set.time.as_deref(), Some("07:05"));
        let again = Reminders::load(dir.path().join("config"));
        assert_eq!(again.get(), set);
        assert!(reminders
            .set(Reminder {
                time: Some("later".into()),
                ..Reminder::default()
            })
            .is_err());
        assert_eq!(Reminders::load(dir.path().join("config")).get(), set);
        reminders.set(Reminder::default()).unwrap();
        assert_eq!(Reminders::load(dir.path().join("config")).get().time, None);
    }
}
