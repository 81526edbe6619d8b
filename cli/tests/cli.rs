//! The `unified-accounting` binary on real files and pipes.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

#[path = "../../tests/common/mod.rs"]
mod common;

use std::path::PathBuf;

use assert_cmd::Command;
use common::{fixtures, stem};
use serde_json::Value;

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_unified-accounting"))
}

fn fixture(folder: &str, name: &str) -> PathBuf {
    fixtures(folder)
        .into_iter()
        .find(|path| stem(path).starts_with(name))
        .unwrap_or_else(|| panic!("no fixture {folder}/{name}*"))
}

/// Every Thredfi fixture as one line of JSON.
fn fixture_lines() -> Vec<String> {
    ["thredfi/customer_refunds", "thredfi/vendor_refunds"]
        .iter()
        .flat_map(|folder| fixtures(folder))
        .map(|path| common::json(&std::fs::read(path).unwrap()).to_string())
        .collect()
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("unified-accounting-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn ndjson(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The `output` of each envelope as the exact text the tool wrote (a `serde_json::Value` would
/// sort its keys and round its numbers).
fn output_texts(stdout: &[u8]) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Envelope {
        output: Box<serde_json::value::RawValue>,
    }
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| {
            let envelope: Envelope = serde_json::from_str(line).unwrap();
            envelope.output.get().to_owned()
        })
        .collect()
}

#[test]
fn single_object_gives_pretty_unified_json() {
    let output = cli()
        .args(["to-unified", "--business-id", common::BUSINESS_ID])
        .arg(fixture("thredfi/customer_refunds", "01_"))
        .assert()
        .success()
        .get_output()
        .clone();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("{\n  \"id\""),
        "pretty JSON, id first: {text}"
    );
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["company_id"], common::BUSINESS_ID);
    let summary = String::from_utf8(output.stderr).unwrap();
    assert!(summary.contains("1 record(s): 1 ok, 0 failed"), "{summary}");
}

#[test]
fn every_fixture_converts_through_a_pipe_and_back() {
    for path in fixtures("thredfi/customer_refunds")
        .into_iter()
        .chain(fixtures("thredfi/vendor_refunds"))
    {
        let original = std::fs::read(&path).unwrap();
        let unified = cli()
            .arg("to-unified")
            .write_stdin(original.clone())
            .assert()
            .success();
        let unified = unified.get_output().stdout.clone();
        let back = cli()
            .args(["to-thredfi", "--record", "-"])
            .write_stdin(unified)
            .assert()
            .success();
        let back: Value = serde_json::from_slice(&back.get_output().stdout).unwrap();
        assert_eq!(back, common::json(&original), "{}", path.display());
    }
}

#[test]
fn ndjson_gives_one_envelope_per_record() {
    let lines = fixture_lines();
    let input = lines.join("\n") + "\n";
    let assert = cli()
        .arg("to-unified")
        .write_stdin(input)
        .assert()
        .success();
    let envelopes = ndjson(&assert.get_output().stdout);
    assert_eq!(envelopes.len(), lines.len());
    for (index, envelope) in envelopes.iter().enumerate() {
        assert_eq!(envelope["index"], index);
        assert_eq!(envelope["line"], index + 1);
        assert_eq!(envelope["ok"], true);
    }
}

#[test]
fn a_bad_record_in_the_middle_of_ndjson_does_not_stop_the_rest() {
    let mut lines = fixture_lines();
    lines.insert(3, r#"{"id": "this line is broken"#.to_owned());
    lines.insert(6, String::new());
    let path = temp_file("bad_middle.ndjson", (lines.join("\n") + "\n").as_bytes());
    let assert = cli().arg("to-unified").arg(&path).assert().code(1);
    let envelopes = ndjson(&assert.get_output().stdout);
    assert_eq!(
        envelopes.len(),
        lines.len() - 1,
        "the blank line is not a record"
    );
    let failed: Vec<&Value> = envelopes
        .iter()
        .filter(|envelope| envelope["ok"] == false)
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["line"], 4);
    assert_eq!(failed[0]["error"]["kind"], "decode");
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("1 failed"), "{stderr}");
}

#[test]
fn a_json_array_is_streamed() {
    let lines = fixture_lines();
    let input = format!("[\n{}\n]", lines.join(",\n"));
    let assert = cli()
        .arg("to-unified")
        .write_stdin(input)
        .assert()
        .success();
    assert_eq!(ndjson(&assert.get_output().stdout).len(), lines.len());
}

#[test]
fn a_page_gives_envelopes_or_a_list_response() {
    let page = fixture("thredfi/pages", "vendor_refunds_page_2");
    let assert = cli().arg("to-unified").arg(&page).assert().code(1);
    let envelopes = ndjson(&assert.get_output().stdout);
    assert_eq!(envelopes.len(), 3);
    assert_eq!(
        envelopes[1]["error"]["path"],
        "/results/1/total_refunded_amount"
    );

    let assert = cli()
        .args([
            "to-unified",
            "--envelope",
            "--base-url",
            "https://unify.example.com/refunds",
        ])
        .arg(&page)
        .assert()
        .code(1);
    let list: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(list["service"], "thredfi");
    assert_eq!(list["data"].as_array().unwrap().len(), 2);
    assert_eq!(list["meta"]["warnings"][0]["type"], "record_rejected");
    assert!(
        list["links"]["current"]
            .as_str()
            .unwrap()
            .contains("cursor=")
    );
}

#[test]
fn ndjson_with_envelope_gives_a_list_response() {
    let input = fixture_lines().join("\n");
    let assert = cli()
        .args(["to-unified", "--envelope"])
        .write_stdin(input)
        .assert()
        .success();
    let list: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(
        list["data"].as_array().unwrap().len(),
        fixture_lines().len()
    );
}

#[test]
fn kind_can_be_forced() {
    let path = fixture("thredfi/customer_refunds", "01_");
    cli()
        .args(["to-unified", "--kind", "vendor-refund"])
        .arg(&path)
        .assert()
        .code(1);
    cli()
        .args(["to-unified", "--kind", "customer-refund"])
        .arg(&path)
        .assert()
        .success();
}

#[test]
fn to_thredfi_create_requests_and_split() {
    let assert = cli()
        .arg("to-thredfi")
        .arg(fixture("apideck/refunds", "02_"))
        .assert()
        .success();
    let request: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(request["method"], "BANK_TRANSFER");
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("warning: [not_carried] /line_items"),
        "{stderr}"
    );

    let several = fixture("apideck/refunds", "05_");
    cli().arg("to-thredfi").arg(&several).assert().code(1);
    let assert = cli()
        .args(["to-thredfi", "--split-invoices"])
        .arg(&several)
        .assert()
        .success();
    let requests: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(requests.as_array().unwrap().len(), 2);

    let vendor = fixture("apideck/refunds", "25_");
    cli().arg("to-thredfi").arg(&vendor).assert().code(1);
    cli()
        .args([
            "to-thredfi",
            "--vendor-id",
            "6d1f9c2b-3a4e-4b5c-8d7e-9f0a1b2c3d4e",
        ])
        .arg(&vendor)
        .assert()
        .success();
}

#[test]
fn truncated_json_is_a_failed_record() {
    let path = fixture("invalid/thredfi_customer_refund", "01_");
    let assert = cli().arg("to-unified").arg(&path).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("EOF while parsing"), "{stderr}");
    assert!(
        stderr.contains("check that the input is complete"),
        "{stderr}"
    );
}

#[test]
fn unusable_input_exits_with_2() {
    let empty = temp_file("empty.json", b"");
    let binary = temp_file(
        "binary.bin",
        &[0x7f, b'E', b'L', b'F', 0, 1, 2, 3, 0xff, 0xfe],
    );
    for (path, expected) in [
        (empty, "the input is empty"),
        (binary, "the input is not JSON"),
        (PathBuf::from("/nonexistent/refunds.json"), "cannot open"),
    ] {
        let assert = cli().arg("to-unified").arg(&path).assert().code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains(expected), "{}: {stderr}", path.display());
    }
    cli()
        .args(["to-unified", "--no-such-flag"])
        .assert()
        .code(2);
    cli()
        .args(["validate", "--schema", "no-such-schema"])
        .assert()
        .code(2);
}

#[test]
fn validate_prints_every_violation_with_its_path() {
    let bad = temp_file(
        "bad_unified.json",
        br#"{"id": 7, "total_amount": "10.00", "refund_date": "2021-05-01", "extra": 1}"#,
    );
    let assert = cli()
        .args(["validate", "--schema", "apideck-refund"])
        .arg(&bad)
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    for path in ["/id", "/total_amount", "/refund_date", "(document root)"] {
        assert!(
            stdout.contains(&format!("  {path}: ")),
            "{path} missing from {stdout}"
        );
    }
    cli()
        .args(["validate", "--schema", "thredfi-refund"])
        .arg(fixture("thredfi/customer_refunds", "01_"))
        .assert()
        .success();
}

#[test]
fn schema_prints_a_standalone_schema() {
    let assert = cli().args(["schema", "apideck-refund"]).assert().success();
    let schema: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(schema["$ref"], "#/components/schemas/Refund");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let assert = cli().args(["schema", "--list"]).assert().success();
    let list = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(list.contains("thredfi-create-vendor-refund-request"));
}

/// Real-traffic records (nulls where the schema says required, blank strings, DRF timestamps),
/// one NDJSON file per resource (`fixtures/thredfi/ndjson/`): every line maps, and
/// `to-thredfi --record` on the outputs gives back each original line exactly: the same JSON
/// value, and the same text, so key order and number spelling too.
#[test]
fn real_traffic_ndjson_maps_and_comes_back_exactly() {
    let dir = common::root().join("fixtures/thredfi/ndjson");
    for name in [
        "customer_refunds_real_traffic.ndjson",
        "vendor_refunds_real_traffic.ndjson",
    ] {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() > 1, "{name} has too few records");
        let assert = cli()
            .args(["to-unified", "--business-id", common::BUSINESS_ID])
            .arg(&path)
            .assert()
            .success();
        let envelopes = ndjson(&assert.get_output().stdout);
        assert_eq!(envelopes.len(), lines.len(), "{name}");
        let mut unified = String::new();
        for (index, envelope) in envelopes.iter().enumerate() {
            assert_eq!(envelope["index"], index, "{name}");
            assert_eq!(envelope["line"], index + 1, "{name}");
            assert_eq!(
                envelope["ok"],
                true,
                "{name} line {}: {envelope}",
                index + 1
            );
        }
        for output in output_texts(&assert.get_output().stdout) {
            unified.push_str(&output);
            unified.push('\n');
        }

        let assert = cli()
            .args(["to-thredfi", "--record", "-"])
            .write_stdin(unified)
            .assert()
            .success();
        let records = ndjson(&assert.get_output().stdout);
        let texts = output_texts(&assert.get_output().stdout);
        assert_eq!(records.len(), lines.len(), "{name}");
        for (index, ((record, text), line)) in records.iter().zip(&texts).zip(&lines).enumerate() {
            assert_eq!(record["ok"], true, "{name} line {}: {record}", index + 1);
            let original: Value = serde_json::from_str(line).unwrap();
            assert_eq!(
                record["output"],
                original,
                "{name} line {} did not come back",
                index + 1
            );
            assert_eq!(
                text,
                line,
                "{name} line {}: same value, but not the same text (key order?)",
                index + 1
            );
        }
    }
}

/// A page is recognised by its keys, whatever their values: `"page_info": null` and
/// `"results": null` are still pages, not single records.
#[test]
fn pages_with_null_envelope_fields_are_pages() {
    let page = fixture("thredfi/pages", "customer_refunds_page_info_null");
    let output = cli().arg("to-unified").arg(&page).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines = ndjson(&output.stdout);
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|line| line["ok"] == true));
    assert!(String::from_utf8_lossy(&output.stderr).contains("a Thredfi page"));

    let empty = fixture("thredfi/pages", "vendor_refunds_results_null");
    let output = cli()
        .args(["to-unified", "--envelope", "--kind", "vendor-refund"])
        .arg(&empty)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(list["data"], serde_json::json!([]));
    assert_eq!(list["meta"]["warnings"][0]["error"], "null_value");
}

/// The library names library options; the CLI adds, beside the message, the flag that answers
/// it: in the result envelope (`hint`) and on standard error for a single record.
#[test]
fn errors_a_flag_answers_carry_that_flag() {
    let file = temp_file("unrecognised.ndjson", b"{\"nobody\": 1}\n{\"also\": 2}\n");
    let output = cli().arg("to-unified").arg(&file).output().unwrap();
    let lines = ndjson(&output.stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0]["error"]["hint"],
        "pass --kind customer-refund or --kind vendor-refund"
    );

    let vendor = fixture("apideck/refunds", "25_vendor_no_vendor_id");
    let output = cli().arg("to-thredfi").arg(&vendor).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("the Thredfi option vendor_id"), "{stderr}");
    assert!(stderr.contains("hint: pass --vendor-id UUID"), "{stderr}");

    // A decode error has no flag to suggest, and its envelope no hint.
    let file = temp_file("not-json.ndjson", b"{\"id\": \n{\"nobody\": 1}\n");
    let output = cli().arg("to-unified").arg(&file).output().unwrap();
    let lines = ndjson(&output.stdout);
    assert_eq!(lines[0]["error"]["kind"], "decode", "{}", lines[0]);
    assert!(lines[0]["error"].get("hint").is_none(), "{}", lines[0]);
    assert!(lines[1]["error"].get("hint").is_some(), "{}", lines[1]);
}

/// A single document that is not JSON is reported with the error the library's mapping gives,
/// though the CLI reads it only once more after recognising its shape (not again as each
/// provider's records).
#[test]
fn a_broken_single_document_gets_the_mapping_error() {
    use unified_accounting::bulk::{BulkMapper, Operation};
    let documents: [&[u8]; 3] = [
        b"{\"id\": ",
        b"{\"customer_id\": \"x\", nope}",
        b"{\n  \"vendor_id\": \"x\",\n  \"allocations\": [\n    {\"amount\": 1,\n",
    ];
    for (index, document) in documents.into_iter().enumerate() {
        let file = temp_file(&format!("broken-{index}.json"), document);
        let output = cli().arg("to-unified").arg(&file).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let expected = BulkMapper::new(Operation::ToUnified)
            .map_record(document)
            .unwrap_err();
        assert!(
            stderr.lines().next() == Some(&format!("error: {expected}")[..]),
            "{index}: {stderr}"
        );
    }
}

/// A page's records are mapped one by one without its counts: a page without `count`, or with a
/// `page_info` of the wrong shape, still gives its records (only `--envelope`, which writes the
/// counts, needs them).
#[test]
fn a_page_without_its_counts_still_gives_its_records() {
    let page = fixture("thredfi/pages", "customer_refunds_page_info_null");
    let mut without_count = common::json(&std::fs::read(&page).unwrap());
    without_count.as_object_mut().unwrap().remove("count");
    let mut odd_info = without_count.clone();
    odd_info["page_info"] = serde_json::json!({"total_count": "x"});
    for (name, page) in [("no-count", without_count), ("odd-info", odd_info)] {
        let file = temp_file(&format!("{name}.json"), page.to_string().as_bytes());
        let output = cli().arg("to-unified").arg(&file).output().unwrap();
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let lines = ndjson(&output.stdout);
        assert_eq!(lines.len(), 2, "{name}");
        assert!(lines.iter().all(|line| line["ok"] == true), "{name}");
    }
}

/// A record whose `customer_id` is null is still a customer refund: its real error is reported,
/// not "cannot tell whether this is a customer or a vendor refund".
#[test]
fn a_null_customer_id_still_says_customer_refund() {
    let path = fixture("thredfi/customer_refunds", "18_paid_null_customer_id");
    let mut record = common::json(&std::fs::read(path).unwrap());
    assert!(record["customer_id"].is_null());
    record["refunded_amount"] = Value::String("12.50".into());
    let lines = format!("{record}\n{}\n", fixture_lines()[0]);
    let file = temp_file("null-customer-bad-amount.ndjson", lines.as_bytes());
    let output = cli().arg("to-unified").arg(&file).output().unwrap();
    let line = &ndjson(&output.stdout)[0];
    assert_eq!(line["ok"], false);
    assert_eq!(line["error"]["path"], "/refunded_amount", "{line}");
}

#[test]
fn coverage_counts_fields_by_apideck_weight_over_any_input_shape() {
    let vendor_lines: Vec<String> = fixtures("thredfi/vendor_refunds")
        .into_iter()
        .map(|path| common::json(&std::fs::read(path).unwrap()).to_string())
        .collect();
    let mapped = cli()
        .arg("to-unified")
        .arg("-q")
        .write_stdin(vendor_lines.join("\n"))
        .output()
        .unwrap();
    let unified = output_texts(&mapped.stdout);
    let as_lines = cli()
        .arg("coverage")
        .write_stdin(unified.join("\n"))
        .output()
        .unwrap();
    assert!(as_lines.status.success());
    let report = String::from_utf8(as_lines.stdout).unwrap();
    let count = unified.len();
    assert!(
        report.starts_with(&format!("{count} refund(s)\n")),
        "{report}"
    );
    // A vendor refund has no customer: Apideck's critical, strict-required field is never filled.
    assert!(
        report.contains(&format!("all filled: 0 of {count}")),
        "{report}"
    );
    let count_text = count.to_string();
    let customer_line = ["critical", "customer", count_text.as_str()];
    assert!(
        report
            .lines()
            .any(|line| line.split_whitespace().eq(customer_line)),
        "{report}"
    );
    // The same refunds as one Apideck list response (`data`) give the same distribution.
    let listed = cli()
        .args(["to-unified", "-q", "--envelope"])
        .write_stdin(vendor_lines.join("\n"))
        .output()
        .unwrap();
    let from_list = cli()
        .arg("coverage")
        .write_stdin(listed.stdout)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(from_list.stdout).unwrap(), report);
}

/// A record of `folder` with at least `allocations` allocations, as JSON.
fn record_with_allocations(folder: &str, allocations: usize) -> Value {
    fixtures(folder)
        .into_iter()
        .map(|path| common::json(&std::fs::read(path).unwrap()))
        .find(|record| {
            record["allocations"]
                .as_array()
                .is_some_and(|items| items.len() >= allocations)
        })
        .unwrap()
}

#[test]
fn the_run_report_groups_failures_and_warnings_by_path_pattern() {
    let mut lines = fixture_lines();
    let mut first_amount = record_with_allocations("thredfi/customer_refunds", 1);
    first_amount["allocations"][0]["amount"] = serde_json::json!(12.5);
    let mut second_amount = record_with_allocations("thredfi/customer_refunds", 2);
    second_amount["allocations"][1]["amount"] = serde_json::json!(1.5);
    let mut text_amount = record_with_allocations("thredfi/customer_refunds", 1);
    text_amount["refunded_amount"] = serde_json::json!("24.50");
    let good = lines.len();
    lines.extend([
        first_amount.to_string(),
        "not json".to_owned(),
        second_amount.to_string(),
        text_amount.to_string(),
        String::new(),
        text_amount.to_string(),
    ]);
    let report_path = temp_file("report.json", b"");
    let run = cli()
        .args(["to-unified", "-q", "--report"])
        .arg(&report_path)
        .write_stdin(lines.join("\n"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&std::fs::read(&report_path).unwrap()).unwrap();
    let envelopes = ndjson(&run.stdout);
    let warnings: usize = envelopes
        .iter()
        .map(|envelope| envelope["warnings"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(report["records"], envelopes.len());
    assert_eq!(report["failed"], 5);
    assert_eq!(report["ok"], envelopes.len() - 5);
    assert_eq!(report["warnings"], warnings);
    let groups: Vec<(String, String, u64, Vec<u64>)> = report["failure_groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|group| {
            let lines = group["first"]
                .as_array()
                .unwrap()
                .iter()
                .map(|place| place["line"].as_u64().unwrap())
                .collect();
            (
                group["kind"].as_str().unwrap().to_owned(),
                group["path"].as_str().unwrap().to_owned(),
                group["count"].as_u64().unwrap(),
                lines,
            )
        })
        .collect();
    let line = |offset: usize| (good + offset) as u64;
    assert_eq!(
        groups,
        [
            (
                "data".into(),
                "/allocations/*/amount".into(),
                2,
                vec![line(1), line(3)]
            ),
            (
                "data".into(),
                "/refunded_amount".into(),
                2,
                vec![line(4), line(6)]
            ),
            ("syntax".into(), String::new(), 1, vec![line(2)]),
        ]
    );
    // Warnings are grouped the same way, and every group's path has its indexes as `*`.
    let warning_groups = report["warning_groups"].as_array().unwrap();
    let counted: u64 = warning_groups
        .iter()
        .map(|group| group["count"].as_u64().unwrap())
        .sum();
    assert_eq!(counted as usize, warnings);
    for group in warning_groups {
        let source = group["source"].as_str().unwrap();
        assert!(
            source
                .split('/')
                .all(|token| !token.bytes().all(|b| b.is_ascii_digit()) || token.is_empty()),
            "{source}"
        );
    }
}

#[test]
fn coverage_goes_into_each_envelope_and_the_report() {
    let lines = fixture_lines();
    let report_path = temp_file("coverage-report.json", b"");
    let run = cli()
        .args(["to-unified", "-q", "--coverage", "--report"])
        .arg(&report_path)
        .write_stdin(lines.join("\n"))
        .output()
        .unwrap();
    let envelopes = ndjson(&run.stdout);
    let covered: Vec<&Value> = envelopes
        .iter()
        .filter(|envelope| envelope["ok"] == true)
        .map(|envelope| &envelope["coverage"])
        .collect();
    assert!(!covered.is_empty());
    for coverage in &covered {
        assert_eq!(coverage["levels"][0]["weight"], "critical");
        assert!(coverage["score"].as_u64().unwrap() <= 100);
    }
    // Every unified output lacks `account`, which no Thredfi refund carries.
    assert!(covered.iter().all(|coverage| {
        coverage["missing_critical"]
            .as_array()
            .unwrap()
            .contains(&Value::from("account"))
    }));
    let report: Value = serde_json::from_slice(&std::fs::read(&report_path).unwrap()).unwrap();
    assert_eq!(report["coverage"]["refunds"], covered.len());
    let account = report["coverage"]["missing"]
        .as_array()
        .unwrap()
        .iter()
        .find(|missing| missing["field"] == "account")
        .unwrap();
    assert_eq!(account["refunds"], covered.len());
    assert!(
        envelopes
            .iter()
            .all(|envelope| envelope["ok"] == true || envelope.get("coverage").is_none())
    );
}
