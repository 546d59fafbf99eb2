//! The idle auto-lock's setting for encrypted diaries: after how many minutes without a key
//! press or pointer move the window locks the diary (`Session::lock`). It is a preference in
//! the diary itself (`pref.idle_lock_minutes`), so it can only be read once unlocked, which is
//! when it matters. The window keeps the timer (`ui/src/lib/idleLock.ts`); the shell stores the
//! choice and says how many seconds it means.

use haru_core::{AppError, ErrorCode};
use haru_store::{Store, StoreError};

const PREFERENCE: &str = "idle_lock_minutes";

/// The choices the settings offer, in minutes; 0 is off (the default).
pub const CHOICES: &[u32] = &[0, 1, 5, 15, 30, 60];

/// Tests set `HARU_TEST_IDLE_SECONDS` to make every "on" choice mean that many seconds.
const TEST_SECONDS_VAR: &str = "HARU_TEST_IDLE_SECONDS";

/// The chosen minutes (0 = off; an unknown stored value reads as off).
pub fn minutes(store: &Store) -> Result<u32, StoreError> {
    Ok(store
        .preference(PREFERENCE)?
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|m| CHOICES.contains(m))
        .unwrap_or(0))
}

/// Stores one of [`CHOICES`]; anything else is `invalid_input`.
pub fn set_minutes(store: &mut Store, minutes: u32) -> Result<u32, StoreError> {
    if !CHOICES.contains(&minutes) {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!("the idle lock can be off or after 1, 5, 15, 30 or 60 minutes, not {minutes}"),
        )
        .into());
    }
    store.set_preference(PREFERENCE, &minutes.to_string())?;
    Ok(minutes)
}

/// How many seconds of idleness `minutes` means (0 = never), with the test override.
pub fn seconds(minutes: u32, test_override: Option<u32>) -> u32 {
    match (minutes, test_override) {
        (0, _) => 0,
        (_, Some(seconds)) if seconds > 0 => seconds,
        (m, _) => m * 60,
    }
}

/// `HARU_TEST_IDLE_SECONDS`, when set to a whole number of seconds.
pub fn test_override() -> Option<u32> {
    std::env::var(TEST_SECONDS_VAR).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_idle_lock_is_off_by_default_and_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        assert_eq!(minutes(&store).unwrap(), 0);
        assert_eq!(set_minutes(&mut store, 5).unwrap(), 5);
        assert_eq!(minutes(&store).unwrap(), 5);
        let err = AppError::from(set_minutes(&mut store, 7).unwrap_err());
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert_eq!(
            minutes(&store).unwrap(),
            5,
            "a refused value changes nothing"
        );
    }

    #[test]
    fn minutes_become_seconds_and_the_test_override_only_shortens_an_on_choice() {
        assert_eq!(seconds(0, None), 0);
        assert_eq!(seconds(0, Some(3)), 0, "off stays off");
        assert_eq!(seconds(15, None), 900);
        assert_eq!(seconds(15, Some(3)), 3);
        assert_eq!(seconds(1, Some(0)), 60);
    }
}
