//! Loading the ONNX Runtime shared library once per process, without panicking.
//!
//! Why it exists: `ort` (feature `load-dynamic`) keeps one library and one environment per
//! process, and some of its paths panic on a bad library. Haru must instead report a missing,
//! damaged or wrong-version library as an ordinary error (the diary keeps working). So before
//! `ort` sees a path we check that the file exists, is readable and starts like a shared library
//! of this platform; then `ort::init_from` (which returns errors) loads it inside
//! `catch_unwind`; telemetry is switched off explicitly — twice, because ONNX Runtime 1.31's
//! Linux build has a second, 1DS telemetry channel that `DisableTelemetryEvents` does not stop:
//! without `ORT_DISABLE_TELEMETRY=1` in the environment it writes a device id and an event
//! database under `$XDG_CACHE_HOME/Microsoft/DeveloperTools/.onnxruntime/` and, a few seconds
//! later, looks up `mobile.events.data.microsoft.com` (see [`disable_telemetry`]). The
//! environment lives for the rest of
//! the process. A later request for a *different* library is refused with a clear error rather
//! than silently served by the first one.

use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ort::environment::Environment;

use crate::error::{EmotionError, Result};
use crate::paths::ORT_VERSION;

struct Loaded {
    path: PathBuf,
    env: Environment,
}

static RUNTIME: Mutex<Option<Loaded>> = Mutex::new(None);

/// Sets `ORT_DISABLE_TELEMETRY=1` for this process. Binaries call it first thing in `main`,
/// before any other thread exists (changing the environment while other threads read it is a
/// data race in libc); loading the library calls it again as a safety net for tests and
/// benches that never went through a `main` of ours.
pub fn disable_telemetry() {
    if std::env::var_os("ORT_DISABLE_TELEMETRY").as_deref() != Some(std::ffi::OsStr::new("1")) {
        std::env::set_var("ORT_DISABLE_TELEMETRY", "1");
    }
}

/// Loads ONNX Runtime from `lib` (once per process) and returns the environment.
pub(crate) fn environment(lib: &Path) -> Result<Environment> {
    let mut guard = RUNTIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let requested = lib.canonicalize().unwrap_or_else(|_| lib.to_path_buf());
    if let Some(loaded) = guard.as_ref() {
        if loaded.path == requested {
            return Ok(loaded.env.clone());
        }
        return Err(EmotionError::OrtLibraryConflict {
            loaded: loaded.path.clone(),
            requested,
        });
    }
    check_library_file(lib)?;
    disable_telemetry();
    let env = load(lib)?;
    *guard = Some(Loaded {
        path: requested,
        env: env.clone(),
    });
    Ok(env)
}

/// The library path this process loaded, if any.
pub fn loaded_library() -> Option<PathBuf> {
    let guard = RUNTIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    guard.as_ref().map(|l| l.path.clone())
}

fn load(lib: &Path) -> Result<Environment> {
    let corrupt = |reason: String| EmotionError::OrtLibraryCorrupt {
        path: lib.to_path_buf(),
        reason,
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let builder = ort::init_from(lib).map_err(|err| map_load_error(lib, err))?;
        builder
            .with_name("haru")
            .with_telemetry(false)
            .build()
            .map_err(|err| corrupt(format!("cannot create the runtime environment: {err}")))
    }));
    match outcome {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "loading it panicked".to_string());
            Err(corrupt(what))
        }
    }
}

fn map_load_error(lib: &Path, err: ort::LoadDynamicError) -> EmotionError {
    let path = lib.to_path_buf();
    match err {
        ort::LoadDynamicError::BadVersion { version_str, .. } => {
            EmotionError::OrtLibraryWrongVersion {
                path,
                found: version_str,
                expected: format!("{ORT_VERSION} (1.31 or newer)"),
            }
        }
        ort::LoadDynamicError::MissingApi { .. } => EmotionError::OrtLibraryCorrupt {
            path,
            reason: "it does not export OrtGetApiBase".into(),
        },
        other => EmotionError::OrtLibraryCorrupt {
            path,
            reason: other.to_string(),
        },
    }
}

/// Magic bytes of a shared library on this platform.
fn looks_like_shared_library(head: &[u8]) -> bool {
    if cfg!(target_os = "windows") {
        head.starts_with(b"MZ")
    } else if cfg!(target_os = "macos") {
        // Mach-O 64 (both byte orders) and universal binaries.
        matches!(
            head.get(..4),
            Some([0xcf, 0xfa, 0xed, 0xfe])
                | Some([0xfe, 0xed, 0xfa, 0xcf])
                | Some([0xca, 0xfe, 0xba, 0xbe])
        )
    } else {
        head.starts_with(b"\x7fELF")
    }
}

/// Exists, is a readable file, and starts like a shared library: checked before `dlopen`.
pub(crate) fn check_library_file(lib: &Path) -> Result<()> {
    let path = lib.to_path_buf();
    let meta = match std::fs::metadata(lib) {
        Ok(meta) => meta,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(EmotionError::OrtLibraryMissing { path });
        }
        Err(err) => {
            return Err(EmotionError::OrtLibraryCorrupt {
                path,
                reason: format!("cannot read it: {err}"),
            })
        }
    };
    if !meta.is_file() {
        return Err(EmotionError::OrtLibraryCorrupt {
            path,
            reason: "it is not a file".into(),
        });
    }
    let mut head = [0u8; 4];
    let read = std::fs::File::open(lib).and_then(|mut f| f.read_exact(&mut head));
    match read {
        Ok(()) if looks_like_shared_library(&head) => Ok(()),
        Ok(()) => Err(EmotionError::OrtLibraryCorrupt {
            path,
            reason: "it is not a shared library".into(),
        }),
        Err(err) if err.kind() == std::io::ErrorKind::UnexpectedEof => {
            Err(EmotionError::OrtLibraryCorrupt {
                path,
                reason: format!("it is truncated ({} bytes)", meta.len()),
            })
        }
        Err(err) => Err(EmotionError::OrtLibraryCorrupt {
            path,
            reason: format!("cannot read it: {err}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_checks_reject_missing_empty_and_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("libonnxruntime.so.1.31.1");
        assert!(matches!(
            check_library_file(&missing),
            Err(EmotionError::OrtLibraryMissing { .. })
        ));
        std::fs::write(&missing, b"").unwrap();
        let err = check_library_file(&missing).unwrap_err();
        assert!(err.to_string().contains("truncated"), "{err}");
        std::fs::write(&missing, b"definitely not a library").unwrap();
        let err = check_library_file(&missing).unwrap_err();
        assert!(err.to_string().contains("not a shared library"), "{err}");
        assert!(err.to_string().contains(&missing.display().to_string()));
        let err = check_library_file(dir.path()).unwrap_err();
        assert!(err.to_string().contains("not a file"), "{err}");
    }
}
