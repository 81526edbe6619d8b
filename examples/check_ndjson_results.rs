//! Checks the CLI's NDJSON result envelopes for an input made by `generate_ndjson` with
//! `--corrupt-every K`: every line is answered once, in order; exactly the lines K, 2K, 3K, ...
//! failed (each with its line number); every other line mapped; the counts add up.
//!
//! ```sh
//! cargo run --release --example generate_ndjson -- 1000000 --corrupt-every 10 > /tmp/corrupt.ndjson
//! target/release/unified-accounting to-unified /tmp/corrupt.ndjson \
//!   | cargo run --release --example check_ndjson_results -- 1000000 --corrupt-every 10
//! ```
//!
//! Prints one summary line and exits 0 when everything matched, 1 (listing the first mismatches)
//! otherwise.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

use std::io::{self, BufRead};
use std::process::ExitCode;

use serde_json::Value;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let records: usize = args.first().and_then(|n| n.parse().ok()).unwrap_or(0);
    let every: usize = args
        .iter()
        .position(|arg| arg == "--corrupt-every")
        .and_then(|at| args.get(at + 1))
        .and_then(|k| k.parse().ok())
        .unwrap_or(0);
    let corrupted = |line: usize| every > 0 && line % every == 0;

    let mut seen = 0usize;
    let mut ok = 0usize;
    let mut failed = 0usize;
    let mut mismatches: Vec<String> = Vec::new();
    let mut note = |text: String| {
        if mismatches.len() < 20 {
            mismatches.push(text);
        }
    };
    for (index, text) in io::stdin().lock().lines().enumerate() {
        let text = match text {
            Ok(text) => text,
            Err(error) => {
                note(format!("output line {}: unreadable: {error}", index + 1));
                break;
            }
        };
        seen += 1;
        let envelope: Value = match serde_json::from_str(&text) {
            Ok(value) => value,
            Err(error) => {
                note(format!("output line {}: not JSON: {error}", index + 1));
                continue;
            }
        };
        let line = index + 1;
        if envelope["index"].as_u64() != u64::try_from(index).ok()
            || envelope["line"].as_u64() != u64::try_from(line).ok()
        {
            note(format!(
                "result {index}: index {} line {} (expected {index} and {line})",
                envelope["index"], envelope["line"]
            ));
        }
        match (envelope["ok"].as_bool(), corrupted(line)) {
            (Some(true), false) => ok += 1,
            (Some(false), true) => failed += 1,
            (Some(true), true) => note(format!("line {line} was corrupted but mapped")),
            (Some(false), false) => note(format!(
                "line {line} was good but failed: {}",
                envelope["error"]
            )),
            (None, _) => note(format!("line {line}: no \"ok\" in the envelope")),
        }
    }
    let expected_bad = records.checked_div(every).unwrap_or(0);
    if seen != records {
        note(format!("{seen} results for {records} records"));
    }
    println!(
        "{seen} result(s) for {records} record(s): {ok} ok (expected {}), {failed} failed (expected \
         {expected_bad}); {}",
        records - expected_bad,
        if mismatches.is_empty() && ok + failed == records && failed == expected_bad {
            "every count and line number matches"
        } else {
            "MISMATCH"
        }
    );
    for mismatch in &mismatches {
        println!("  {mismatch}");
    }
    if mismatches.is_empty() && ok + failed == records && failed == expected_bad {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
