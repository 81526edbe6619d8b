//! The Rust side of `benches/compare/compare.sh` (issue 5, section 3): the same unified documents
//! for every validator, and this crate's validation timed the way the Node and Python scripts time
//! theirs.
//!
//! ```sh
//! # Thredfi NDJSON -> the validated unified refunds, one per line (failed records are skipped).
//! cargo run --release --example compare_validators -- dump < thredfi.ndjson > unified.ndjson
//! # Times validation of those documents; prints one JSON line.
//! cargo run --release --example compare_validators -- time unified.ndjson [ROUNDS]
//! ```
//!
//! `time` reports, like `benches/compare/validate.js` and `validate.py`:
//! - `validate_per_s`: documents per second checked by `&unified_accounting::unified::targets::REFUND` (is-valid; the
//!   documents parsed beforehand), best of the rounds;
//! - `parse_validate_write_per_s`: documents per second read from their text, checked and written
//!   back to text (what a validating pipeline does with each document), best of the rounds.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

use std::io::{self, BufRead, BufWriter, Write};
use std::time::Instant;

use serde_json::Value;
use unified_accounting::MapOptions;
use unified_accounting::bulk::{BulkMapper, Operation};

const BUSINESS_ID: &str = "3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("dump") => dump(),
        Some("time") => {
            let path = args.get(1).ok_or("time needs the unified NDJSON file")?;
            let rounds = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(5);
            time(path, rounds)
        }
        _ => Err(
            "usage: compare_validators dump < thredfi.ndjson | time unified.ndjson [ROUNDS]".into(),
        ),
    }
}

fn dump() -> Result<(), Box<dyn std::error::Error>> {
    let mapper = BulkMapper::new(Operation::ToUnified)
        .options(
            MapOptions::new()
                .with(unified_accounting::thredfi::Options::new().business_id(BUSINESS_ID)),
        )
        .threads(0)?;
    let mut out = BufWriter::new(io::stdout().lock());
    for item in mapper.map_ndjson(io::stdin().lock()) {
        if let Ok(mapped) = item?.result {
            serde_json::to_writer(&mut out, &mapped.output)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(())
}

fn time(path: &str, rounds: usize) -> Result<(), Box<dyn std::error::Error>> {
    let file = io::BufReader::new(std::fs::File::open(path)?);
    let lines: Vec<String> = file.lines().collect::<Result<_, _>>()?;
    let documents: Vec<Value> = lines
        .iter()
        .map(|line| serde_json::from_str(line))
        .collect::<Result<_, _>>()?;
    let target = &unified_accounting::unified::targets::REFUND;
    target.warm_up()?;
    let count = documents.len() as f64;

    let mut best_validate = f64::INFINITY;
    let mut valid = 0;
    for _ in 0..rounds {
        let started = Instant::now();
        valid = documents
            .iter()
            .filter(|document| target.is_valid(document))
            .count();
        best_validate = best_validate.min(started.elapsed().as_secs_f64());
    }

    let mut best_pipeline = f64::INFINITY;
    let mut written = Vec::with_capacity(1 << 20);
    for _ in 0..rounds {
        let started = Instant::now();
        for line in &lines {
            let document: Value = serde_json::from_str(line)?;
            if target.is_valid(&document) {
                written.clear();
                serde_json::to_writer(&mut written, &document)?;
            }
        }
        best_pipeline = best_pipeline.min(started.elapsed().as_secs_f64());
    }

    println!(
        "{}",
        serde_json::json!({
            "validator": "unified-accounting (jsonschema 0.60, Rust)",
            "documents": documents.len(),
            "valid": valid,
            "validate_per_s": count / best_validate,
            "parse_validate_write_per_s": count / best_pipeline,
        })
    );
    Ok(())
}
