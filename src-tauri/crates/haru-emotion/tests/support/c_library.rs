//! Small C shared libraries for the tests that hand `ort` a library that is not the ONNX
//! Runtime it expects: compiled with the system C compiler (`make setup` installs
//! `build-essential`). haru-emotion's and haru-cli's tests both include this file (`#[path]`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Compiles `source` into the shared library `dir/file_name`.
pub fn compile(dir: &Path, file_name: &str, source: &str) -> PathBuf {
    let c = dir.join(format!("{file_name}.c"));
    let lib = dir.join(file_name);
    std::fs::write(&c, source).unwrap();
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let status = Command::new(&cc)
        .args(["-shared", "-fPIC", "-o"])
        .arg(&lib)
        .arg(&c)
        .status()
        .unwrap_or_else(|err| {
            panic!(
                "this test needs a C compiler ({cc}: {err}); `make setup` installs build-essential"
            )
        });
    assert!(status.success(), "{cc} failed on {}", c.display());
    lib
}

/// A library that says it is ONNX Runtime `version` (`OrtGetApiBase` and its version string)
/// but hands out no API.
pub fn fake_onnx_runtime(dir: &Path, file_name: &str, version: &str) -> PathBuf {
    let source = r#"
typedef struct OrtApiBase {
    const void *(*GetApi)(unsigned int version);
    const char *(*GetVersionString)(void);
} OrtApiBase;
static const void *get_api(unsigned int version) { (void)version; return 0; }
static const char *version(void) { return "VERSION"; }
static const OrtApiBase base = { get_api, version };
const OrtApiBase *OrtGetApiBase(void) { return &base; }
"#;
    compile(dir, file_name, &source.replace("VERSION", version))
}
