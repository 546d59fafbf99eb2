//! Encryption at rest from the settings: unlocking (with the daily backup it was waiting for)
//! and the idle lock's setting ([`crate::locking`]).

use crate::{locking, Result, Session};

/// Unlocks an encrypted diary (`recovery`: `secret` is the recovery key); once opened, the
/// daily automatic backup that start-up could not make runs. A wrong secret is
/// `wrong_passphrase` and changes nothing.
pub fn unlock(session: &Session, secret: String, recovery: bool) -> Result<()> {
    if session.unlock(secret, recovery)? {
        session.start_auto_backup();
    }
    Ok(())
}

/// The idle lock: `(minutes chosen, seconds they mean)`; 0 is off.
pub fn idle_lock(session: &Session) -> Result<(u32, u32)> {
    let minutes = session.with_store(|s| locking::minutes(s))?;
    Ok(with_seconds(minutes))
}

/// Chooses the idle lock (one of [`locking::CHOICES`]); answers as [`idle_lock`].
pub fn set_idle_lock(session: &Session, minutes: u32) -> Result<(u32, u32)> {
    let minutes = session.with_store(|s| locking::set_minutes(s, minutes))?;
    Ok(with_seconds(minutes))
}

fn with_seconds(minutes: u32) -> (u32, u32) {
    (minutes, locking::seconds(minutes, locking::test_override()))
}
