//! Every input a fuzzer found something with (`fixtures/fuzz_regressions/<target>/`), and every
//! fixture, through the fuzz targets' own checks (`fuzz/oracles.rs`). Keeps fixed findings fixed
//! and keeps the oracles compiling and meaningful between fuzzing sessions.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

#[path = "../fuzz/oracles.rs"]
mod oracles;

use std::path::{Path, PathBuf};

fn files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap_or_else(|error| panic!("{}: {error}", folder.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.is_file() && !path.file_name().unwrap().to_string_lossy().starts_with('.')
        })
        .collect();
    files.sort();
    files
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The kept findings, each through its own target's checks.
#[test]
fn fuzz_findings_stay_fixed() {
    type Check = fn(&[u8]);
    let targets: [(&str, Check); 4] = [
        ("to_unified", oracles::to_unified),
        ("to_thredfi", oracles::to_thredfi),
        ("validate", oracles::validate),
        ("ndjson_bulk", oracles::ndjson_bulk),
    ];
    for (target, check) in targets {
        for path in files(&root().join("fuzz_regressions").join(target)) {
            let bytes = std::fs::read(&path).unwrap();
            eprintln!("{target}: {}", path.display());
            check(&bytes);
        }
    }
}

/// Every fixture, good or bad, through every target's checks (the fuzzers' seed corpus).
#[test]
fn fixtures_pass_every_fuzz_check() {
    let mut all = Vec::new();
    for folder in [
        "thredfi/customer_refunds",
        "thredfi/vendor_refunds",
        "thredfi/pages",
        "apideck/refunds",
        "invalid/apideck_refund",
        "invalid/thredfi_customer_refund",
        "invalid/thredfi_vendor_refund",
    ] {
        all.extend(files(&root().join(folder)));
    }
    let mut lines = Vec::new();
    for path in &all {
        let bytes = std::fs::read(path).unwrap();
        oracles::to_unified(&bytes);
        oracles::to_thredfi(&bytes);
        oracles::validate(&bytes);
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) {
            lines.extend(value.to_string().into_bytes());
        } else {
            lines.extend(
                bytes
                    .iter()
                    .map(|&byte| if byte == b'\n' { b' ' } else { byte }),
            );
        }
        lines.push(b'\n');
    }
    oracles::ndjson_bulk(&lines);
}
