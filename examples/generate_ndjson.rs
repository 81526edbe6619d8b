//! Writes a large NDJSON input for load tests and benchmarks, built from the bundled fixtures.
//!
//! ```sh
//! cargo run --release --example generate_ndjson -- 1000000 > /tmp/refunds.ndjson
//! cargo run --release --example generate_ndjson -- 1000000 --corrupt-every 10 > /tmp/with-bad.ndjson
//! ```
//!
//! Record `i` is fixture `i mod n` (customer and vendor refunds alternate through the fixture
//! list) with its `id` replaced by a UUID derived from `i` and its total amount varied, so no two
//! records are the same. With `--corrupt-every k`, every k-th line (lines k, 2k, ...) is broken
//! in one of three ways: cut in half (not JSON), the amount given as a string, or the customer or
//! vendor id removed. The expected counts are printed on standard error.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

use std::io::{self, BufWriter, Write};
use std::path::Path;

use serde_json::Value;

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count: usize = args
        .first()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let corrupt_every: Option<usize> = args
        .iter()
        .position(|arg| arg == "--corrupt-every")
        .and_then(|at| args.get(at + 1))
        .and_then(|k| k.parse().ok())
        .filter(|k| *k > 0);

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/thredfi");
    let mut templates: Vec<Value> = Vec::new();
    for folder in ["customer_refunds", "vendor_refunds"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(folder))?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .collect();
        paths.sort();
        for path in paths {
            templates.push(serde_json::from_slice(&std::fs::read(path)?)?);
        }
    }

    let mut out = BufWriter::with_capacity(1 << 20, io::stdout().lock());
    let mut corrupted = 0usize;
    for index in 0..count {
        let mut record = templates[index % templates.len()].clone();
        record["id"] = Value::String(format!("{:08x}-0000-4000-8000-{:012x}", index >> 16, index));
        let amount_key = if record.get("vendor_id").is_some() {
            "total_refunded_amount"
        } else {
            "refunded_amount"
        };
        let base = record[amount_key].as_i64().unwrap_or(0);
        record[amount_key] = Value::from(base.saturating_add((index % 1000) as i64));
        let line_number = index + 1;
        let mut line = record.to_string();
        if corrupt_every.is_some_and(|k| line_number % k == 0) {
            corrupted += 1;
            line = match (line_number / corrupt_every.unwrap_or(1)) % 3 {
                0 => {
                    // Cut at a character boundary: the fixtures hold non-ASCII text.
                    let mut cut = line.len() / 2;
                    while !line.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    line[..cut].to_owned()
                }
                1 => {
                    record[amount_key] = Value::String("12.50".into());
                    record.to_string()
                }
                _ => {
                    if let Value::Object(object) = &mut record {
                        object.remove("customer_id");
                        object.remove("vendor_id");
                    }
                    record.to_string()
                }
            };
        }
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    eprintln!(
        "{count} records, {corrupted} corrupted, {} good",
        count - corrupted
    );
    Ok(())
}
