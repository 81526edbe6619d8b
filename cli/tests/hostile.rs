//! Hostile input through the command-line tool: bad lines among good ones, a byte-order mark,
//! trailing garbage, and ten thousand records with every tenth broken. Each bad record is
//! reported with its line number, the others are mapped, and the counts add up (the library's
//! side of the same inputs is in the root crate's `tests/hostile.rs`).

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

#[path = "../../tests/common/mod.rs"]
mod common;

use std::path::PathBuf;
use std::time::Duration;

use assert_cmd::Command;
use common::{customer_json, timed, vendor_json, with_raw};
use serde_json::{Value, json};

/// A generous wall-clock limit (a debug build on a busy 2-core machine): what it catches is a
/// quadratic blow-up or a hang, not a slow second.
const BULK: Duration = Duration::from_secs(90);

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_unified-accounting"))
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("unified-accounting-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// The CLI's NDJSON result envelopes.
fn envelopes(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let text = serde_json::to_vec(&customer_json()).unwrap();
    let with_bom = [&[0xEF, 0xBB, 0xBF][..], &text].concat();
    let path = temp_file("bom.json", &with_bom);
    cli()
        .args(["to-unified", "-q"])
        .arg(&path)
        .assert()
        .success();
    let ndjson = [&[0xEF, 0xBB, 0xBF][..], &text, b"\n", &text, b"\n"].concat();
    let path = temp_file("bom.ndjson", &ndjson);
    let output = cli()
        .args(["to-unified", "-q"])
        .arg(&path)
        .assert()
        .success();
    assert_eq!(envelopes(&output.get_output().stdout).len(), 2);
}

#[test]
fn trailing_garbage_fails_the_record() {
    let text = serde_json::to_string(&customer_json()).unwrap();
    let path = temp_file("trailing.json", format!("{text} x").as_bytes());
    cli().args(["to-unified", "-q"]).arg(&path).assert().code(1);
}

// ---------------------------------------------------------------------------------------------
// The CLI: bad lines among good ones
// ---------------------------------------------------------------------------------------------

/// Hostile lines among good NDJSON lines: each bad one is reported with its line number, every
/// good one is mapped, and the counts add up.
#[test]
fn cli_reports_each_hostile_line_and_maps_the_rest() {
    let good = serde_json::to_vec(&customer_json()).unwrap();
    let good_vendor = serde_json::to_vec(&vendor_json()).unwrap();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let bad_lines: Vec<Vec<u8>> = vec![
        with_raw(&customer_json(), "metadata", &deep),
        with_raw(&customer_json(), "refunded_amount", "1e400"),
        with_raw(&customer_json(), "refunded_amount", "-0"),
        [&good[..good.len() / 2]].concat(),
        [&good[..10], &[0xFF, 0xFE], &good[10..]].concat(),
        [&good[..], b" trailing"].concat(),
        b"\0\0\0".to_vec(),
        b"[1,2,3]".to_vec(),
        good.iter()
            .map(|&b| if b == b'H' { 0 } else { b })
            .collect(),
    ];
    let mut input = Vec::new();
    let mut expected_bad = Vec::new();
    let mut line = 0;
    for bad in &bad_lines {
        for record in [&good, &good_vendor] {
            line += 1;
            input.extend_from_slice(record);
            input.push(b'\n');
        }
        line += 1;
        input.extend_from_slice(bad);
        input.push(b'\n');
        expected_bad.push(line);
    }
    let path = temp_file("hostile.ndjson", &input);
    let output = timed(BULK, "CLI over hostile lines", || {
        cli()
            .args(["to-unified"])
            .arg(&path)
            .assert()
            .code(1)
            .get_output()
            .clone()
    });
    let results = envelopes(&output.stdout);
    assert_eq!(results.len(), line);
    let failed: Vec<usize> = results
        .iter()
        .filter(|result| result["ok"] == json!(false))
        .map(|result| result["line"].as_u64().unwrap() as usize)
        .collect();
    assert_eq!(failed, expected_bad);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let ok = line - expected_bad.len();
    assert!(
        stderr.contains(&format!(
            "{line} record(s): {ok} ok, {} failed",
            expected_bad.len()
        )),
        "{stderr}"
    );
}

/// NDJSON whose first lines are broken is still NDJSON: the CLI used to take input whose first
/// two lines were not complete JSON for one multi-line document, so one error hid every good
/// record after them. A broken pretty-printed document is still one document.
#[test]
fn cli_ndjson_with_broken_first_lines() {
    let good = serde_json::to_string(&customer_json()).unwrap();
    for broken in 1..=3 {
        let mut lines: Vec<String> = (0..broken)
            .map(|index| {
                String::from_utf8_lossy(&good.as_bytes()[..good.len() / (index + 2)]).into_owned()
            })
            .collect();
        lines.extend(std::iter::repeat_n(good.clone(), 4));
        let path = temp_file(
            &format!("broken-first-{broken}.ndjson"),
            (lines.join("\n") + "\n").as_bytes(),
        );
        let output = cli().args(["to-unified", "-q"]).arg(&path).assert().code(1);
        let results = envelopes(&output.get_output().stdout);
        let outcome: Vec<(u64, bool)> = results
            .iter()
            .map(|result| {
                (
                    result["line"].as_u64().unwrap(),
                    result["ok"].as_bool().unwrap(),
                )
            })
            .collect();
        let expected: Vec<(u64, bool)> = (1..=broken as u64 + 4)
            .map(|line| (line, line > broken as u64))
            .collect();
        assert_eq!(outcome, expected, "{broken} broken first line(s)");
    }
    let pretty = serde_json::to_string_pretty(&customer_json()).unwrap();
    let path = temp_file(
        "truncated-pretty.json",
        &pretty.as_bytes()[..pretty.len() / 2],
    );
    let output = cli().args(["to-unified"]).arg(&path).assert().code(1);
    let stderr = String::from_utf8_lossy(&output.get_output().stderr);
    assert!(stderr.contains("1 record(s): 0 ok, 1 failed"), "{stderr}");
}

/// The corrupted-lines run at a size CI affords: 10,000 records built from the fixtures,
/// every 10th line broken (cut in half, amount as a string, or customer/vendor id removed), through
/// the real binary. Every good record maps, every bad one is reported with its line number and the
/// reason, and the counts add up exactly. (The 1,000,000-record run is the README's manual check.)
#[test]
fn cli_ten_thousand_records_with_ten_percent_corrupted() {
    const RECORDS: usize = 10_000;
    const EVERY: usize = 10;
    let mut templates: Vec<Value> = Vec::new();
    for folder in ["thredfi/customer_refunds", "thredfi/vendor_refunds"] {
        for path in common::fixtures(folder) {
            templates.push(common::json(&std::fs::read(path).unwrap()));
        }
    }
    let mut input = Vec::new();
    let mut expected: Vec<(usize, &str)> = Vec::new();
    for index in 0..RECORDS {
        let mut record = templates[index % templates.len()].clone();
        record["id"] = Value::String(format!("{:08x}-0000-4000-8000-{index:012x}", index >> 16));
        let amount_key = if record.get("vendor_id").is_some() {
            "total_refunded_amount"
        } else {
            "refunded_amount"
        };
        let line = index + 1;
        let mut text = record.to_string();
        if line % EVERY == 0 {
            let how = match (line / EVERY) % 3 {
                0 => {
                    // Cut at a byte, not a character: half a UTF-8 sequence is part of the test.
                    let bytes = text.as_bytes();
                    text = String::from_utf8_lossy(&bytes[..bytes.len() / 2]).into_owned();
                    "cut"
                }
                1 => {
                    record[amount_key] = Value::String("12.50".into());
                    text = record.to_string();
                    "amount"
                }
                _ => {
                    let object = record.as_object_mut().unwrap();
                    object.remove("customer_id");
                    object.remove("vendor_id");
                    text = record.to_string();
                    "id"
                }
            };
            expected.push((line, how));
        }
        input.extend_from_slice(text.as_bytes());
        input.push(b'\n');
    }
    let path = temp_file("corrupted.ndjson", &input);
    let output = timed(BULK, "10,000 NDJSON records", || {
        cli()
            .args(["to-unified", "--business-id", common::BUSINESS_ID])
            .arg(&path)
            .assert()
            .code(1)
            .get_output()
            .clone()
    });
    let results = envelopes(&output.stdout);
    assert_eq!(results.len(), RECORDS);
    let mut failures = Vec::new();
    for (index, result) in results.iter().enumerate() {
        assert_eq!(result["index"], json!(index));
        assert_eq!(result["line"], json!(index + 1));
        if result["ok"] == json!(true) {
            unified_accounting::unified::targets::REFUND
                .validate(&result["output"])
                .unwrap();
        } else {
            failures.push(result);
        }
    }
    assert_eq!(failures.len(), expected.len());
    for (result, (line, how)) in failures.iter().zip(&expected) {
        assert_eq!(result["line"], json!(line));
        let error = &result["error"];
        match *how {
            "cut" => assert_eq!(error["kind"], json!("decode"), "line {line}: {error}"),
            "amount" => assert!(
                error["path"] == json!("/refunded_amount")
                    || error["path"] == json!("/total_refunded_amount"),
                "line {line}: {error}"
            ),
            _ => assert!(
                error["message"]
                    .as_str()
                    .unwrap()
                    .contains("cannot tell which resource this record is"),
                "line {line}: {error}"
            ),
        }
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary = format!(
        "{RECORDS} record(s): {} ok, {} failed",
        RECORDS - expected.len(),
        expected.len()
    );
    assert!(stderr.contains(&summary), "{stderr}");
}
