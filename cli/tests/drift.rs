//! `schema drift --against FILE` on YAML and JSON specs: Thredfi's published OpenAPI (the two
//! pages the vendored document was translated from, merged) gives no drift; edited copies give
//! the expected differences and exit codes.
//!
//! The base spec is the real source, read from `../shared/seeds/` beside the repository (as CI
//! has it): the OpenAPI YAML inside the Markdown pages, merged and written out as YAML again, so
//! the CLI's YAML path is what reads it. The Apideck side is tested in the library
//! (`tests/schema_drift.rs`).

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::{Value, json};

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_unified-accounting"))
}

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared")
}

/// The OpenAPI document inside a Mintlify page (one ````yaml fence).
fn page_spec(name: &str) -> Value {
    let path = shared().join("seeds").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the shared folder goes beside the repository)",
            path.display()
        )
    });
    let start = text.find("````yaml").unwrap();
    let body = &text[start..];
    let body = &body[body.find('\n').unwrap() + 1..];
    let body = &body[..body.find("````").unwrap()];
    let yaml: serde_norway::Value = serde_norway::from_str(body).unwrap();
    serde_json::to_value(yaml).unwrap()
}

/// Thredfi's spec as published: the customer-refund page with the vendor-refund page's
/// components added.
fn thredfi_source() -> Value {
    let mut spec = page_spec("thredfi-create-customer-refund.md");
    let vendor = page_spec("thredfi-list-vendor-refunds.md");
    let schemas = spec["components"]["schemas"].as_object_mut().unwrap();
    for (name, schema) in vendor["components"]["schemas"].as_object().unwrap() {
        schemas.insert(name.clone(), schema.clone());
    }
    spec
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("unified-accounting-drift-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// Runs `schema drift --json` on `spec` written as YAML: the exit code and the report.
fn drift(name: &str, spec: &Value) -> (i32, Value) {
    let file = temp_file(
        &format!("{name}.yaml"),
        serde_norway::to_string(spec).unwrap().as_bytes(),
    );
    let output = cli()
        .args(["schema", "drift", "--json", "--against"])
        .arg(&file)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    (output.status.code().unwrap(), report)
}

/// `impact component.path change` per difference.
fn lines(report: &Value) -> Vec<String> {
    report["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}.{} {}",
                d["impact"].as_str().unwrap(),
                d["component"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
                d["change"].as_str().unwrap()
            )
        })
        .collect()
}

fn schema<'a>(spec: &'a mut Value, name: &str) -> &'a mut Value {
    &mut spec["components"]["schemas"][name]
}

#[test]
fn the_unchanged_thredfi_source_gives_no_drift() {
    let (code, report) = drift("unchanged", &thredfi_source());
    assert_eq!(lines(&report), Vec::<String>::new());
    assert_eq!(report["profile"], "thredfi");
    assert_eq!(report["affects_mappings"], false);
    // T4: the create-vendor-refund body is our reconstruction; the source has none to compare.
    assert_eq!(
        report["not_compared"][0]["component"],
        "CreateVendorRefundRequest"
    );
    assert_eq!(code, 0);
}

#[test]
fn a_removed_enum_value_affects_the_mappings() {
    let mut spec = thredfi_source();
    let status = schema(&mut spec, "Refund")["properties"]["status"]["enum"]
        .as_array_mut()
        .unwrap();
    status.retain(|v| v != "cancelled");
    let (code, report) = drift("enum", &spec);
    assert_eq!(
        lines(&report),
        vec!["affects_mappings Refund.status enum_values_removed"]
    );
    assert_eq!(report["differences"][0]["values"], json!(["cancelled"]));
    assert_eq!(code, 1);
}

#[test]
fn a_new_required_field_in_a_written_request_affects_the_mappings() {
    let mut spec = thredfi_source();
    let request = schema(&mut spec, "CreateSimpleRefundRequest");
    request["properties"]["refund_reason_code"] = json!({"type": "string", "maxLength": 20});
    request["required"]
        .as_array_mut()
        .unwrap()
        .push(json!("refund_reason_code"));
    let (code, report) = drift("required", &spec);
    assert_eq!(
        lines(&report),
        vec!["affects_mappings CreateSimpleRefundRequest.refund_reason_code property_added"]
    );
    assert_eq!(report["differences"][0]["required"], true);
    assert_eq!(code, 1);
}

#[test]
fn a_new_optional_field_in_a_response_is_informational() {
    let mut spec = thredfi_source();
    schema(&mut spec, "VendorRefund")["properties"]["approved_by"] =
        json!({"type": "string", "readOnly": true});
    let (code, report) = drift("optional", &spec);
    assert_eq!(
        lines(&report),
        vec!["informational VendorRefund.approved_by property_added"]
    );
    assert_eq!(code, 0);
}

#[test]
fn a_changed_type_affects_the_mappings() {
    let mut spec = thredfi_source();
    schema(&mut spec, "VendorRefund")["properties"]["total_refunded_amount"]["type"] =
        json!("string");
    let (code, report) = drift("type", &spec);
    assert_eq!(
        lines(&report),
        vec!["affects_mappings VendorRefund.total_refunded_amount type_changed"]
    );
    assert_eq!(report["differences"][0]["to"], json!(["string"]));
    assert_eq!(code, 1);
}

#[test]
fn a_renamed_component_is_reported_and_compared_under_its_new_name() {
    let mut spec = thredfi_source();
    let text = serde_json::to_string(&spec)
        .unwrap()
        .replace("EntityReconciliationDetail", "BankReconciliationDetail");
    spec = serde_json::from_str(&text).unwrap();
    let (code, report) = drift("renamed", &spec);
    assert_eq!(
        lines(&report),
        vec![
            "affects_mappings EntityReconciliationDetail. component_renamed",
            "affects_mappings RefundPayment.reconciled_bank_transactions[] ref_changed",
            "affects_mappings VendorRefundPaymentResponse.reconciled_bank_transactions[] ref_changed",
        ]
    );
    assert_eq!(report["differences"][0]["to"], "BankReconciliationDetail");
    assert_eq!(code, 1);
}

#[test]
fn json_input_and_a_named_provider_work_too() {
    let file = temp_file("thredfi.json", thredfi_source().to_string().as_bytes());
    let output = cli()
        .args(["schema", "drift", "--provider", "thredfi", "--against"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).ends_with("no drift\n"));
}

#[test]
fn an_unusable_document_exits_2() {
    let not_yaml = temp_file("broken.yaml", b"components: [\n");
    cli()
        .args(["schema", "drift", "--against"])
        .arg(&not_yaml)
        .assert()
        .code(2);
    let no_components = temp_file("bare.yaml", b"openapi: 3.0.3\ninfo: {title: x}\n");
    cli()
        .args(["schema", "drift", "--against"])
        .arg(&no_components)
        .assert()
        .code(2);
    let unknown = temp_file("pets.json", br#"{"components": {"schemas": {"Pet": {}}}}"#);
    cli()
        .args(["schema", "drift", "--against"])
        .arg(&unknown)
        .assert()
        .code(2);
}

#[test]
fn t8_nullable_responses_are_not_drift_but_a_nullable_record_id_is() {
    let mut spec = thredfi_source();
    // The source says what it always said: non-null. Ours accepts null (T8): no drift.
    assert!(
        schema(&mut spec, "RefundAllocation")["properties"]["invoice_id"]
            .get("nullable")
            .is_none()
    );
    // Thredfi marking the top-level id nullable is drift: T8 keeps that id non-null.
    schema(&mut spec, "Refund")["properties"]["id"]["nullable"] = json!(true);
    let (code, report) = drift("t8", &spec);
    assert_eq!(
        lines(&report),
        vec!["affects_mappings Refund.id nullable_changed"]
    );
    assert_eq!(code, 1);
}

#[test]
fn a_published_vendor_refund_request_is_compared_with_our_reconstruction() {
    // T4: when Thredfi publishes the body, it is compared like any other root.
    let document =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schemas/thredfi/refunds.schema.json");
    let vendored: Value = serde_json::from_slice(&std::fs::read(document).unwrap()).unwrap();
    let mut request = vendored["components"]["schemas"]["CreateVendorRefundRequest"].clone();
    request["required"]
        .as_array_mut()
        .unwrap()
        .push(json!("payment_terms"));
    request["properties"]["payment_terms"] = json!({"type": "string"});
    let mut spec = thredfi_source();
    spec["components"]["schemas"]["CreateVendorRefundRequest"] = request;
    let (code, report) = drift("t4", &spec);
    assert_eq!(
        lines(&report),
        vec!["affects_mappings CreateVendorRefundRequest.payment_terms property_added"]
    );
    assert_eq!(report["not_compared"], json!([]));
    assert_eq!(code, 1);
}
