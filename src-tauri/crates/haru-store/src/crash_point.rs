//! Named points inside the commands that rewrite the data folder (encrypt, decrypt, a
//! passphrase change, restore, import, backup) where the fault tests can kill the process, so
//! that "a kill at every step, then every other command" is tested step by step rather than
//! by luck. `HARU_TEST_CRASH_AT=N` kills the process with SIGKILL when it reaches its N-th
//! point (`HARU_TEST_CRASH_AT=list` prints each point as it is passed); the tests raise N
//! until the command runs to its end. Release builds compile the points to nothing, so no
//! variable can make a user's Haru crash.

/// Marks a step; see the module documentation.
#[inline]
pub fn crash_point(step: &'static str) {
    #[cfg(debug_assertions)]
    reached(step);
    #[cfg(not(debug_assertions))]
    let _ = step;
}

#[cfg(debug_assertions)]
fn reached(step: &'static str) {
    use std::sync::atomic::{AtomicU32, Ordering};
    static PASSED: AtomicU32 = AtomicU32::new(0);
    let Ok(target) = std::env::var("HARU_TEST_CRASH_AT") else {
        return;
    };
    let n = PASSED.fetch_add(1, Ordering::SeqCst) + 1;
    if target == "list" {
        eprintln!("haru: crash point {n}: {step}");
        return;
    }
    if target.parse::<u32>().ok() != Some(n) {
        return;
    }
    eprintln!("haru: killed at crash point {n}: {step}");
    // SIGKILL, as a power cut or `kill -9` would: no destructor, no flush, no clean-up.
    let _ = std::process::Command::new("kill")
        .args(["-KILL", &std::process::id().to_string()])
        .status();
    std::process::abort();
}
