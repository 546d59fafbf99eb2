//! A power cut for SQLite, in the manner of SQLite's own crash-test VFS (`test6.c`): every
//! connection this process opens (after [`install`]) goes through a shim over the default
//! VFS that remembers, per file, what was made durable by an `fsync` and what was written
//! since. [`arm`] picks the I/O operation at which the power fails; from then on every write,
//! sync, truncate and delete fails. [`power_cycle`] then rewrites each file as the disk would
//! hold it after the cut: the synced content, plus a random subset of the writes that were not
//! yet synced (a disk may have written some of its cache), and drops the shared-memory files
//! (they live in memory). Reopening the diary afterwards shows what a user would find after
//! a power cut at that instant.
//!
//! Test support only (a dev-dependency): it exists because a SIGKILL keeps everything the
//! kernel already accepted, so it cannot show a missing `fsync`; this can.

use std::collections::HashMap;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::sync::{Mutex, Once};

use rusqlite::ffi;

/// One write or truncation not yet made durable.
#[derive(Clone)]
enum Pending {
    Write { offset: u64, bytes: Vec<u8> },
    Truncate(u64),
}

#[derive(Default)]
struct FileState {
    /// The content as of the last sync (what survives a cut for sure).
    durable: Vec<u8>,
    pending: Vec<Pending>,
}

#[derive(Default)]
struct World {
    files: HashMap<String, FileState>,
    /// Operations left before the cut (`None`: not armed).
    ops_left: Option<u64>,
    /// Operations counted since the last [`arm`] or [`count_ops`] reset.
    ops_seen: u64,
    dead: bool,
}

static WORLD: Mutex<Option<World>> = Mutex::new(None);
static INSTALL: Once = Once::new();
/// The VFS this shim forwards to (the platform default, `unix`).
static mut INNER: *mut ffi::sqlite3_vfs = std::ptr::null_mut();

fn with_world<T>(f: impl FnOnce(&mut World) -> T) -> T {
    let mut guard = WORLD.lock().unwrap_or_else(|e| e.into_inner());
    f(guard.get_or_insert_with(World::default))
}

/// Registers the shim as SQLite's default VFS (once per process). Until [`arm`] it only
/// forwards and keeps its books.
pub fn install() {
    INSTALL.call_once(|| unsafe {
        let inner = ffi::sqlite3_vfs_find(std::ptr::null());
        assert!(!inner.is_null(), "no default SQLite VFS");
        INNER = inner;
        let mut vfs: ffi::sqlite3_vfs = *inner;
        vfs.szOsFile = (shim_size() + (*inner).szOsFile as usize) as c_int;
        vfs.zName = c"haru-powerloss".as_ptr();
        vfs.pNext = std::ptr::null_mut();
        vfs.xOpen = Some(x_open);
        vfs.xDelete = Some(x_delete);
        let vfs = Box::leak(Box::new(vfs));
        let rc = ffi::sqlite3_vfs_register(vfs, 1);
        assert_eq!(rc, ffi::SQLITE_OK, "sqlite3_vfs_register");
    });
}

/// The power fails at the `after`-th write/sync/truncate/delete from now (1 = the next one).
pub fn arm(after: u64) {
    with_world(|w| {
        w.ops_left = Some(after.max(1));
        w.ops_seen = 0;
        w.dead = false;
    });
}

/// Starts counting operations without a cut (to measure a workload); returns the count so far
/// and resets it.
pub fn count_ops() -> u64 {
    with_world(|w| std::mem::take(&mut w.ops_seen))
}

/// Cuts the power now (if [`arm`] did not already). Close every connection after this, then
/// call [`power_cycle`].
pub fn cut_now() {
    with_world(|w| w.dead = true);
}

/// Whether the power has been cut.
pub fn is_cut() -> bool {
    with_world(|w| w.dead)
}

/// Rewrites every file the shim saw as the disk holds it after the cut: its synced content
/// plus the unsynced operations for which `keep(i)` is true (`i` counts them across files), and
/// removes `-shm` files. Afterwards the shim forwards again, unarmed, with clean books.
pub fn power_cycle(mut keep: impl FnMut(usize) -> bool) -> PowerCycle {
    let files = with_world(|w| {
        w.dead = false;
        w.ops_left = None;
        w.ops_seen = 0;
        std::mem::take(&mut w.files)
    });
    let mut report = PowerCycle::default();
    let mut i = 0;
    for (path, state) in files {
        if path.ends_with("-shm") {
            let _ = std::fs::remove_file(&path);
            continue;
        }
        let mut content = state.durable;
        for op in state.pending {
            report.unsynced += 1;
            if keep(i) {
                report.kept += 1;
                apply(&mut content, &op);
            }
            i += 1;
        }
        if std::path::Path::new(&path).exists() {
            std::fs::write(&path, &content).expect("rewrite a file after the power cut");
        }
    }
    report
}

/// What [`power_cycle`] did.
#[derive(Debug, Default, Clone, Copy)]
pub struct PowerCycle {
    /// Writes and truncations that had not been synced.
    pub unsynced: usize,
    /// How many of them the "disk" had written anyway.
    pub kept: usize,
}

fn apply(content: &mut Vec<u8>, op: &Pending) {
    match op {
        Pending::Write { offset, bytes } => {
            let start = *offset as usize;
            let end = start + bytes.len();
            if content.len() < end {
                content.resize(end, 0);
            }
            content[start..end].copy_from_slice(bytes);
        }
        Pending::Truncate(size) => content.truncate(*size as usize),
    }
}

/// Counts one mutating operation; false when the power is (now) off.
fn power_on() -> bool {
    with_world(|w| {
        if w.dead {
            return false;
        }
        w.ops_seen += 1;
        if let Some(left) = w.ops_left.as_mut() {
            *left -= 1;
            if *left == 0 {
                w.dead = true;
                return false;
            }
        }
        true
    })
}

/// The shim's file: SQLite's base struct, the file's name, then the inner VFS's file.
#[repr(C)]
struct ShimFile {
    base: ffi::sqlite3_file,
    inner_methods: *const ffi::sqlite3_io_methods,
    /// Tracked path (None: a temporary file without a name).
    path: *mut String,
}

const fn shim_size() -> usize {
    (std::mem::size_of::<ShimFile>() + 15) & !15
}

unsafe fn inner_of(file: *mut ffi::sqlite3_file) -> *mut ffi::sqlite3_file {
    (file as *mut u8).add(shim_size()) as *mut ffi::sqlite3_file
}

unsafe fn shim(file: *mut ffi::sqlite3_file) -> &'static mut ShimFile {
    &mut *(file as *mut ShimFile)
}

unsafe fn methods(file: *mut ffi::sqlite3_file) -> &'static ffi::sqlite3_io_methods {
    &*shim(file).inner_methods
}

unsafe fn path_of(file: *mut ffi::sqlite3_file) -> Option<&'static str> {
    let p = shim(file).path;
    (!p.is_null()).then(|| (*p).as_str())
}

static METHODS: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
    iVersion: 3,
    xClose: Some(x_close),
    xRead: Some(x_read),
    xWrite: Some(x_write),
    xTruncate: Some(x_truncate),
    xSync: Some(x_sync),
    xFileSize: Some(x_file_size),
    xLock: Some(x_lock),
    xUnlock: Some(x_unlock),
    xCheckReservedLock: Some(x_check_reserved_lock),
    xFileControl: Some(x_file_control),
    xSectorSize: Some(x_sector_size),
    xDeviceCharacteristics: Some(x_device_characteristics),
    xShmMap: Some(x_shm_map),
    xShmLock: Some(x_shm_lock),
    xShmBarrier: Some(x_shm_barrier),
    xShmUnmap: Some(x_shm_unmap),
    xFetch: Some(x_fetch),
    xUnfetch: Some(x_unfetch),
};

unsafe extern "C" fn x_open(
    _vfs: *mut ffi::sqlite3_vfs,
    name: ffi::sqlite3_filename,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    let inner = inner_of(file);
    let rc = ((*INNER).xOpen.unwrap())(INNER, name, inner, flags, out_flags);
    let s = shim(file);
    s.path = std::ptr::null_mut();
    if rc != ffi::SQLITE_OK || (*inner).pMethods.is_null() {
        s.base.pMethods = std::ptr::null();
        return rc;
    }
    s.inner_methods = (*inner).pMethods;
    s.base.pMethods = &METHODS;
    if !name.is_null() {
        let path = CStr::from_ptr(name).to_string_lossy().into_owned();
        with_world(|w| {
            w.files.entry(path.clone()).or_insert_with(|| FileState {
                durable: std::fs::read(&path).unwrap_or_default(),
                pending: Vec::new(),
            });
        });
        s.path = Box::into_raw(Box::new(path));
    }
    rc
}

unsafe extern "C" fn x_delete(
    _vfs: *mut ffi::sqlite3_vfs,
    name: *const c_char,
    sync_dir: c_int,
) -> c_int {
    if !power_on() {
        return ffi::SQLITE_IOERR_DELETE;
    }
    let rc = ((*INNER).xDelete.unwrap())(INNER, name, sync_dir);
    if rc == ffi::SQLITE_OK && !name.is_null() {
        let path = CStr::from_ptr(name).to_string_lossy().into_owned();
        with_world(|w| w.files.remove(&path));
    }
    rc
}

unsafe extern "C" fn x_close(file: *mut ffi::sqlite3_file) -> c_int {
    let rc = (methods(file).xClose.unwrap())(inner_of(file));
    let s = shim(file);
    if !s.path.is_null() {
        drop(Box::from_raw(s.path));
        s.path = std::ptr::null_mut();
    }
    rc
}

unsafe extern "C" fn x_read(
    file: *mut ffi::sqlite3_file,
    buf: *mut c_void,
    amount: c_int,
    offset: ffi::sqlite3_int64,
) -> c_int {
    (methods(file).xRead.unwrap())(inner_of(file), buf, amount, offset)
}

unsafe extern "C" fn x_write(
    file: *mut ffi::sqlite3_file,
    buf: *const c_void,
    amount: c_int,
    offset: ffi::sqlite3_int64,
) -> c_int {
    if !power_on() {
        return ffi::SQLITE_IOERR_WRITE;
    }
    let rc = (methods(file).xWrite.unwrap())(inner_of(file), buf, amount, offset);
    if rc == ffi::SQLITE_OK {
        if let Some(path) = path_of(file) {
            let bytes = std::slice::from_raw_parts(buf as *const u8, amount as usize).to_vec();
            with_world(|w| {
                if let Some(state) = w.files.get_mut(path) {
                    state.pending.push(Pending::Write {
                        offset: offset as u64,
                        bytes,
                    });
                }
            });
        }
    }
    rc
}

unsafe extern "C" fn x_truncate(file: *mut ffi::sqlite3_file, size: ffi::sqlite3_int64) -> c_int {
    if !power_on() {
        return ffi::SQLITE_IOERR_TRUNCATE;
    }
    let rc = (methods(file).xTruncate.unwrap())(inner_of(file), size);
    if rc == ffi::SQLITE_OK {
        if let Some(path) = path_of(file) {
            with_world(|w| {
                if let Some(state) = w.files.get_mut(path) {
                    state.pending.push(Pending::Truncate(size as u64));
                }
            });
        }
    }
    rc
}

unsafe extern "C" fn x_sync(file: *mut ffi::sqlite3_file, flags: c_int) -> c_int {
    if !power_on() {
        return ffi::SQLITE_IOERR_FSYNC;
    }
    let rc = (methods(file).xSync.unwrap())(inner_of(file), flags);
    if rc == ffi::SQLITE_OK {
        if let Some(path) = path_of(file) {
            with_world(|w| {
                if let Some(state) = w.files.get_mut(path) {
                    for op in std::mem::take(&mut state.pending) {
                        apply(&mut state.durable, &op);
                    }
                }
            });
        }
    }
    rc
}

unsafe extern "C" fn x_file_size(
    file: *mut ffi::sqlite3_file,
    size: *mut ffi::sqlite3_int64,
) -> c_int {
    (methods(file).xFileSize.unwrap())(inner_of(file), size)
}

unsafe extern "C" fn x_lock(file: *mut ffi::sqlite3_file, level: c_int) -> c_int {
    (methods(file).xLock.unwrap())(inner_of(file), level)
}

unsafe extern "C" fn x_unlock(file: *mut ffi::sqlite3_file, level: c_int) -> c_int {
    (methods(file).xUnlock.unwrap())(inner_of(file), level)
}

unsafe extern "C" fn x_check_reserved_lock(file: *mut ffi::sqlite3_file, out: *mut c_int) -> c_int {
    (methods(file).xCheckReservedLock.unwrap())(inner_of(file), out)
}

unsafe extern "C" fn x_file_control(
    file: *mut ffi::sqlite3_file,
    op: c_int,
    arg: *mut c_void,
) -> c_int {
    (methods(file).xFileControl.unwrap())(inner_of(file), op, arg)
}

unsafe extern "C" fn x_sector_size(file: *mut ffi::sqlite3_file) -> c_int {
    (methods(file).xSectorSize.unwrap())(inner_of(file))
}

unsafe extern "C" fn x_device_characteristics(file: *mut ffi::sqlite3_file) -> c_int {
    (methods(file).xDeviceCharacteristics.unwrap())(inner_of(file))
}

unsafe extern "C" fn x_shm_map(
    file: *mut ffi::sqlite3_file,
    page: c_int,
    page_size: c_int,
    extend: c_int,
    out: *mut *mut c_void,
) -> c_int {
    match methods(file).xShmMap {
        Some(f) => f(inner_of(file), page, page_size, extend, out),
        None => ffi::SQLITE_IOERR_SHMMAP,
    }
}

unsafe extern "C" fn x_shm_lock(
    file: *mut ffi::sqlite3_file,
    offset: c_int,
    n: c_int,
    flags: c_int,
) -> c_int {
    match methods(file).xShmLock {
        Some(f) => f(inner_of(file), offset, n, flags),
        None => ffi::SQLITE_IOERR_SHMLOCK,
    }
}

unsafe extern "C" fn x_shm_barrier(file: *mut ffi::sqlite3_file) {
    if let Some(f) = methods(file).xShmBarrier {
        f(inner_of(file))
    }
}

unsafe extern "C" fn x_shm_unmap(file: *mut ffi::sqlite3_file, delete: c_int) -> c_int {
    match methods(file).xShmUnmap {
        // After the cut the shared memory is not deleted either (the files are dealt with in
        // `power_cycle`).
        Some(f) => f(inner_of(file), if is_cut() { 0 } else { delete }),
        None => ffi::SQLITE_OK,
    }
}

unsafe extern "C" fn x_fetch(
    file: *mut ffi::sqlite3_file,
    offset: ffi::sqlite3_int64,
    amount: c_int,
    out: *mut *mut c_void,
) -> c_int {
    match methods(file).xFetch {
        Some(f) if methods(file).iVersion >= 3 => f(inner_of(file), offset, amount, out),
        _ => {
            *out = std::ptr::null_mut();
            ffi::SQLITE_OK
        }
    }
}

unsafe extern "C" fn x_unfetch(
    file: *mut ffi::sqlite3_file,
    offset: ffi::sqlite3_int64,
    p: *mut c_void,
) -> c_int {
    match methods(file).xUnfetch {
        Some(f) if methods(file).iVersion >= 3 => f(inner_of(file), offset, p),
        _ => ffi::SQLITE_OK,
    }
}

/// What the fault tests share besides the power cut (the CLI's kill tests too): a seeded
/// generator and a folder snapshot.
pub mod support {
    use std::path::Path;

    /// The seeded generator (the tests print its seed so that a failure can be replayed).
    pub use haru_core::XorShift;

    /// Copies the folder `from` (a prepared diary) to `to`, recursively.
    pub fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for item in std::fs::read_dir(from).unwrap() {
            let path = item.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                copy_dir(&path, &target);
            } else {
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }
}
