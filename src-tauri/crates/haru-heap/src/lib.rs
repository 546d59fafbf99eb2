//! Haru's memory, given back when it is no longer used.
//!
//! The emotion model's session holds ~100 MB while it analyses and is dropped after a spell
//! without work (`haru-analysis`), but glibc's malloc keeps freed memory in its heaps: the
//! app's resident memory stayed ~110 MB above its idle level after the model was unloaded
//! (`make bench`, tests/bench/RESULTS.md). Two calls fix that on Linux with glibc:
//! - [`prefer_returning_memory`] at start-up: allocations of 64 KiB and more get their own
//!   mappings, returned to the system when freed (glibc otherwise raises this threshold up
//!   to 32 MiB as large blocks come and go, and the model's buffers then stay in the heap);
//! - [`release_free_memory`] after a large drop: trims the free memory at the top and in
//!   the middle of every heap.
//!
//! Elsewhere (macOS, Windows, musl) both do nothing: those allocators return memory on
//! their own.

/// Allocations at or above this size are mapped on their own and unmapped when freed.
pub const OWN_MAPPING_FROM_BYTES: usize = 64 * 1024;

/// Makes large allocations return their memory to the system when freed. Call it once, early
/// in `main`, before other threads start. Returns whether the allocator took the setting.
pub fn prefer_returning_memory() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt only changes glibc's allocator parameters; M_MMAP_THRESHOLD takes
        // any size up to 32 MiB (HEAP_MAX / 2), and the value is a constant below that.
        unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, OWN_MAPPING_FROM_BYTES as i32) == 1 }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

/// Gives the free memory of every malloc heap back to the system. Cheap enough to call after
/// each large drop (a few milliseconds); returns whether any memory was released.
pub fn release_free_memory() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: malloc_trim takes no pointers and is thread-safe (it locks each arena).
        unsafe { libc::malloc_trim(0) == 1 }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Memory freed in the middle of the heap (as when the model's many small buffers go
    /// while other allocations stay) is returned only by the trim: resident memory (from
    /// /proc) hardly moves when every other 32 KiB block is freed, and drops by most of the
    /// freed 32 MiB after [`release_free_memory`].
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn memory_freed_inside_the_heap_is_returned_by_the_trim() {
        fn resident_kb() -> i64 {
            let status = std::fs::read_to_string("/proc/self/status").unwrap();
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
                .unwrap()
        }
        assert!(prefer_returning_memory());
        // Below the own-mapping threshold, so in the heap; touched, so resident.
        let mut blocks: Vec<Option<Vec<u8>>> =
            (0..2048).map(|_| Some(vec![1u8; 32 * 1024])).collect();
        let full = resident_kb();
        for block in blocks.iter_mut().step_by(2) {
            *block = None;
        }
        let freed = resident_kb();
        assert!(release_free_memory());
        let trimmed = resident_kb();
        assert!(
            full - freed < 8 * 1024,
            "freeing alone returned {} kB",
            full - freed
        );
        assert!(
            freed - trimmed > 20 * 1024,
            "the trim returned only {} kB ({full} → {freed} → {trimmed} kB)",
            freed - trimmed
        );
        drop(blocks);
    }
}
