//! Development builds know where their source checkout is, so that `cargo run` and `cargo test`
//! find `models/`, `.setup/onnxruntime/` and `resources/` there. A package build
//! (`HARU_PACKAGE_BUILD=1`, set by `make package`) leaves it out: an installed binary finds
//! its files beside itself only, and carries no path of the machine that built it.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-env-changed=HARU_PACKAGE_BUILD");
    let packaged = std::env::var_os("HARU_PACKAGE_BUILD").is_some_and(|v| !v.is_empty());
    if !packaged {
        let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
        let root = Path::new(&manifest).join("../../..");
        let root = root.canonicalize().unwrap_or(root);
        println!("cargo:rustc-env=HARU_SOURCE_ROOT={}", root.display());
    }
}
