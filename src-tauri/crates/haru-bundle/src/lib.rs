//! Where the files Haru ships with are: the emotion model (`models/`), the ONNX Runtime
//! library and the catalogues (`resources/catalogue/`).
//!
//! Why one crate: the app, the `haru` command, the analysis worker and the recommender all need
//! these files, and every way of running Haru must find them in the same way. Every place is
//! relative to the running executable, so a package works installed under `/usr`, unpacked
//! into any folder, or copied:
//!
//! | how Haru runs | executable | bundled files |
//! |---|---|---|
//! | .deb / .rpm | `/usr/bin/haru-app`, `/usr/bin/haru` | `/usr/lib/Haru/` |
//! | a package unpacked into ROOT | `ROOT/usr/bin/…` | `ROOT/usr/lib/Haru/` |
//! | AppImage | `$APPDIR/usr/bin/…` | `$APPDIR/usr/lib/Haru/` |
//! | macOS app | `Haru.app/Contents/MacOS/haru-app` | `Haru.app/Contents/Resources/` |
//! | Windows; cargo's `target/{debug,release}/` | beside the executable | beside it (tauri-build copies the model and the catalogues there) |
//! | a development build | anywhere | its source checkout: `models/`, `.setup/onnxruntime/`, `resources/` |
//!
//! `/usr/lib/Haru/` is the folder Tauri's bundler gives the app's resources (`lib/` and the
//! product name), so the Tauri shell, the CLI and the packages agree on it; `/usr/lib/haru/` is
//! accepted too. A bundle folder holds `models/` (the three model files), the ONNX Runtime
//! library and `resources/catalogue/`. Only development builds know their checkout
//! (`build.rs`): a packaged binary carries no path of the machine that built it.
//!
//! Environment variables (`HARU_MODEL_DIR`, `HARU_ORT_LIB`, `HARU_RESOURCE_DIR`) and explicit
//! options come first; the callers read them. When no candidate holds the files, [`locate`]
//! answers where this build expects them (the checkout in a development build, else the first
//! bundle folder, e.g. `/usr/lib/Haru/models`), so that the error a user sees names a real place.

use std::path::{Path, PathBuf};

/// The bundle folder's name under `lib/` on Linux: Tauri's resource folder for the product
/// name "Haru" (`productName` in `tauri.conf.json`).
pub const LINUX_DIR: &str = "Haru";

/// What is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundled<'a> {
    /// The folder with `haru-emotion.onnx`, `haru-emotion.json` and `tokenizer.json`.
    Models,
    /// The ONNX Runtime shared library, by file name.
    OrtLibrary(&'a str),
    /// The folder that holds `catalogue/`.
    Resources,
}

/// The source checkout this binary was built from; `None` in a package build.
pub fn source_root() -> Option<&'static Path> {
    option_env!("HARU_SOURCE_ROOT").map(Path::new)
}

/// The bundle folders of an executable, this platform's own layout first.
pub fn bundle_dirs(exe: &Path) -> Vec<PathBuf> {
    let Some(dir) = exe.parent() else {
        return Vec::new();
    };
    let mut dirs = Vec::new();
    if cfg!(target_os = "macos") {
        dirs.push(dir.join("../Resources"));
    } else if cfg!(not(target_os = "windows")) {
        dirs.push(dir.join("../lib").join(LINUX_DIR));
        dirs.push(dir.join("../lib/haru"));
    }
    dirs.push(dir.to_path_buf());
    dirs
}

/// Every place `what` may be, in the order they are tried.
pub fn candidates(what: Bundled) -> Vec<PathBuf> {
    candidates_for(std::env::current_exe().ok().as_deref(), source_root(), what)
}

fn candidates_for(exe: Option<&Path>, checkout: Option<&Path>, what: Bundled) -> Vec<PathBuf> {
    let mut list: Vec<PathBuf> = exe
        .map(bundle_dirs)
        .unwrap_or_default()
        .iter()
        .map(|dir| match what {
            Bundled::Models => dir.join("models"),
            Bundled::OrtLibrary(name) => dir.join(name),
            Bundled::Resources => dir.join("resources"),
        })
        .collect();
    list.extend(checkout.map(|root| match what {
        Bundled::Models => root.join("models"),
        Bundled::OrtLibrary(name) => root.join(".setup/onnxruntime").join(name),
        Bundled::Resources => root.join("resources"),
    }));
    list
}

/// The first candidate for which `present` holds. When none does, `Err` with where this build
/// expects `what`: the checkout's copy in a development build, else the first bundle folder's.
pub fn locate(what: Bundled, present: impl Fn(&Path) -> bool) -> Result<PathBuf, PathBuf> {
    pick(&candidates(what), source_root().is_some(), present)
}

fn pick(
    candidates: &[PathBuf],
    checkout_is_last: bool,
    present: impl Fn(&Path) -> bool,
) -> Result<PathBuf, PathBuf> {
    if let Some(found) = candidates.iter().find(|c| present(c)) {
        return Ok(clean(found));
    }
    let expected = if checkout_is_last {
        candidates.last()
    } else {
        candidates.first()
    };
    Err(clean(&expected.cloned().unwrap_or_default()))
}

/// Resolves `..` and links as far as the path exists, so messages show `/usr/lib/Haru/models`,
/// not `/usr/bin/../lib/Haru/models`; the missing rest is kept as written.
pub fn clean(path: &Path) -> PathBuf {
    let mut missing = Vec::new();
    let mut existing = path;
    loop {
        if let Ok(mut real) = existing.canonicalize() {
            real.extend(missing.iter().rev());
            return real;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name);
                existing = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn an_installed_binary_looks_in_usr_lib_haru_first() {
        let dirs = bundle_dirs(Path::new("/usr/bin/haru"));
        assert_eq!(
            dirs,
            [
                PathBuf::from("/usr/bin/../lib/Haru"),
                PathBuf::from("/usr/bin/../lib/haru"),
                PathBuf::from("/usr/bin"),
            ]
        );
        let models = candidates_for(Some(Path::new("/usr/bin/haru")), None, Bundled::Models);
        assert_eq!(models[0], Path::new("/usr/bin/../lib/Haru/models"));
        let ort = candidates_for(
            Some(Path::new("/usr/bin/haru-app")),
            None,
            Bundled::OrtLibrary("libonnxruntime.so.1.31.1"),
        );
        assert_eq!(
            ort[0],
            Path::new("/usr/bin/../lib/Haru/libonnxruntime.so.1.31.1")
        );
    }

    #[test]
    fn the_checkout_comes_last_with_its_own_layout() {
        let exe = Path::new("/x/bin/haru");
        let checkout = Path::new("/src/haru");
        let ort = candidates_for(Some(exe), Some(checkout), Bundled::OrtLibrary("ort.so"));
        assert_eq!(
            ort.last().unwrap(),
            Path::new("/src/haru/.setup/onnxruntime/ort.so")
        );
        let res = candidates_for(Some(exe), Some(checkout), Bundled::Resources);
        assert_eq!(res.last().unwrap(), Path::new("/src/haru/resources"));
        assert_eq!(res.len(), bundle_dirs(exe).len() + 1);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn an_unpacked_package_finds_its_own_files() {
        let root = tempfile::tempdir().unwrap();
        let models = root.path().join("usr/lib/Haru/models");
        std::fs::create_dir_all(&models).unwrap();
        std::fs::write(models.join("haru-emotion.json"), "{}").unwrap();
        // `usr/bin/../lib` resolves only where `usr/bin` exists, as it does beside a binary.
        std::fs::create_dir_all(root.path().join("usr/bin")).unwrap();
        let exe = root.path().join("usr/bin/haru");
        let found = pick(
            &candidates_for(Some(&exe), Some(Path::new("/nonexistent")), Bundled::Models),
            true,
            |d| d.join("haru-emotion.json").is_file(),
        );
        assert_eq!(found, Ok(models.canonicalize().unwrap()));
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn when_nothing_is_there_the_expected_place_is_named() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("usr/lib")).unwrap();
        std::fs::create_dir_all(root.path().join("usr/bin")).unwrap();
        let exe = root.path().join("usr/bin/haru");
        let lib = root.path().join("usr/lib").canonicalize().unwrap();
        // A package build: the first bundle folder, with `..` resolved.
        let packaged = pick(
            &candidates_for(Some(&exe), None, Bundled::Models),
            false,
            |_| false,
        );
        assert_eq!(packaged, Err(lib.join("Haru/models")));
        // A development build: the checkout.
        let dev = pick(
            &candidates_for(Some(&exe), Some(root.path()), Bundled::Models),
            true,
            |_| false,
        );
        assert_eq!(dev, Err(root.path().canonicalize().unwrap().join("models")));
    }

    #[test]
    fn development_builds_know_their_checkout() {
        let root = source_root().expect("tests are development builds");
        assert!(root.join("Cargo.toml").is_file(), "{}", root.display());
        assert!(!root.to_string_lossy().contains(".."), "{}", root.display());
        let models = candidates(Bundled::Models);
        assert_eq!(models.last().unwrap(), &root.join("models"));
    }

    #[test]
    fn clean_resolves_what_exists_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        std::fs::create_dir(real.join("a")).unwrap();
        assert_eq!(
            clean(&real.join("a/../missing.so")),
            real.join("missing.so")
        );
        assert_eq!(clean(&real.join("a/../b/c")), real.join("b/c"));
        assert_eq!(clean(&real.join("a/..")), real);
    }
}
