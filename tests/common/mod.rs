//! Helpers shared by the fixture-driven snapshot tests.
//!
//! Every snapshot is a small document: the fixture it came from, the mapped output as pretty JSON
//! (or the error, with its path), then the warnings one per line. Reading a snapshot tells what
//! the mapping does with that input.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use unified_accounting::{Mapped, MappingError, Warning};

/// The business id every fixture test maps under.
pub const BUSINESS_ID: &str = "3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c";

/// The repository's root: this crate's folder, or its parent for the `cli/` package, whose tests
/// share these helpers and the fixtures.
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    if here.join("fixtures").is_dir() {
        here.to_path_buf()
    } else {
        here.parent().unwrap_or(here).to_path_buf()
    }
}

/// The fixture files of a folder under `fixtures/`, sorted.
pub fn fixtures(folder: &str) -> Vec<PathBuf> {
    let dir = root().join("fixtures").join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

/// The file name without `.json`: the snapshot's name.
pub fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// `fixtures/...` relative path, for the snapshot header.
pub fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

pub fn pretty<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap()
}

pub fn render_warnings(warnings: &[Warning]) -> String {
    if warnings.is_empty() {
        return "warnings: none\n".into();
    }
    let mut text = String::from("warnings:\n");
    for warning in warnings {
        writeln!(text, "- {warning}").unwrap();
    }
    text
}

/// A mapping result as a snapshot document.
pub fn render<T: serde::Serialize>(
    source: &Path,
    result: &Result<Mapped<T>, MappingError>,
) -> String {
    let mut text = format!("input: {}\n", relative(source));
    match result {
        Ok(mapped) => {
            writeln!(text, "output:\n{}", pretty(&mapped.output)).unwrap();
            text.push_str(&render_warnings(&mapped.warnings));
        }
        Err(error) => render_error(&mut text, error.path(), &error.to_string()),
    }
    text
}

pub fn render_error(text: &mut String, path: &str, message: &str) {
    writeln!(
        text,
        "error at: {}",
        if path.is_empty() { "(root)" } else { path }
    )
    .unwrap();
    writeln!(text, "message: {message}").unwrap();
}

/// Parses text as JSON for comparisons where key order must not matter but every value,
/// number text included, must.
pub fn json(text: &[u8]) -> serde_json::Value {
    serde_json::from_slice(text).unwrap()
}

/// JSON text read exactly: numbers as written (`1.50` is not `1.5`), keys in any order compare
/// equal. For comparing outputs, which a `serde_json::Value` would round.
#[allow(dead_code)]
pub fn exact(text: impl AsRef<[u8]>) -> unified_accounting::json::JsonValue {
    serde_json::from_slice(text.as_ref()).unwrap()
}

/// Replaces the first `"key":value` of the compact JSON text `base` for `key` with `raw` text.
pub fn with_raw(base: &serde_json::Value, key: &str, raw: &str) -> Vec<u8> {
    let mut object = base.as_object().unwrap().clone();
    object.insert(
        key.to_owned(),
        serde_json::Value::String("\u{1}PLACEHOLDER\u{1}".into()),
    );
    let text = serde_json::to_string(&object).unwrap();
    text.replacen("\"\\u0001PLACEHOLDER\\u0001\"", raw, 1)
        .into_bytes()
}

/// The bytes of a file under `fixtures/`.
pub fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(root().join("fixtures").join(path)).unwrap()
}

/// The customer refund every hostile case starts from.
pub fn customer_json() -> serde_json::Value {
    json(&fixture(
        "thredfi/customer_refunds/01_paid_invoice_bank_transfer.json",
    ))
}

/// The vendor refund every hostile case starts from.
pub fn vendor_json() -> serde_json::Value {
    json(&fixture(
        "thredfi/vendor_refunds/01_completed_goods_return_bill_bank_transfer_gbp.json",
    ))
}

/// Runs `run`, failing when it takes `limit` or longer: what that catches is a quadratic blow-up
/// or a hang, not a slow second.
pub fn timed<T>(limit: std::time::Duration, what: &str, run: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let result = run();
    let elapsed = started.elapsed();
    assert!(elapsed < limit, "{what} took {elapsed:?} (limit {limit:?})");
    result
}

/// Every `.json` file under `dir`, recursively, into `found`.
pub fn json_files(dir: &Path, found: &mut Vec<PathBuf>) {
    files(dir, "json", found);
}

/// Every file under `dir` (recursively) whose extension is `extension`.
pub fn files(dir: &Path, extension: &str, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, extension, found);
        } else if path.extension().is_some_and(|ext| ext == extension) {
            found.push(path);
        }
    }
}
