//! Schema drift (`unified_accounting::drift`): the vendored documents against the very sources
//! they were translated from (no drift), and against edited copies of those sources (a removed
//! enum value, a new required property, a changed type, a renamed component, ...), each
//! classified as affecting the mappings or informational.
//!
//! The Apideck base spec is the real source, read from `../shared/reference/apideck/` beside the
//! repository (as CI has it); the Thredfi sources are YAML inside Markdown pages, so their
//! round trip is tested by the CLI, which has the YAML parser (`cli/tests/drift.rs`).

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

use std::path::PathBuf;

use serde_json::{Value, json};
use unified_accounting::Registry;
use unified_accounting::drift::{self, Change, Impact, Report};

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// Apideck's spec as published (the Refund closure of 10.34.0), as an OpenAPI document.
fn apideck_source() -> Value {
    let path = shared().join("reference/apideck/openapi-10.34.0-refund-components.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the shared folder goes beside the repository)",
            path.display()
        )
    });
    serde_json::from_str(&text).unwrap()
}

fn apideck(given: &Value) -> Report {
    let profiles = drift::profiles(Registry::builtin());
    let profile = drift::detect(&profiles, given).unwrap();
    assert_eq!(profile.name(), "apideck");
    drift::compare(profile, given).unwrap()
}

fn schemas(spec: &mut Value) -> &mut serde_json::Map<String, Value> {
    spec["components"]["schemas"].as_object_mut().unwrap()
}

fn describe(report: &Report) -> Vec<String> {
    report
        .differences
        .iter()
        .map(|d| format!("{:?} {}.{} {}", d.impact, d.component, d.path, d.change))
        .collect()
}

#[test]
fn the_unchanged_apideck_source_gives_no_drift() {
    let report = apideck(&apideck_source());
    assert_eq!(describe(&report), Vec::<String>::new());
    assert!(!report.affects_mappings());
}

/// The one difference at `component.path`, or a panic listing them all.
fn only<'r>(report: &'r Report, component: &str, path: &str) -> &'r drift::Difference {
    let found: Vec<_> = report
        .differences
        .iter()
        .filter(|d| d.component == component && d.path == path)
        .collect();
    assert_eq!(found.len(), 1, "{:#?}", describe(report));
    found[0]
}

#[test]
fn a_removed_enum_value_affects_the_mappings() {
    let mut spec = apideck_source();
    let status = &mut schemas(&mut spec)["RefundStatus"]["enum"];
    let values = status.as_array_mut().unwrap();
    let before = values.len();
    values.retain(|v| v != "voided");
    assert_eq!(values.len(), before - 1, "the source has a voided status");
    let report = apideck(&spec);
    assert_eq!(report.differences.len(), 1, "{:#?}", describe(&report));
    let difference = only(&report, "RefundStatus", "");
    assert_eq!(
        difference.change,
        Change::EnumValuesRemoved {
            values: vec!["voided".into()]
        }
    );
    assert_eq!(difference.impact, Impact::AffectsMappings);
    assert!(report.affects_mappings());
}

#[test]
fn a_new_required_property_of_a_written_component_affects_the_mappings() {
    let mut spec = apideck_source();
    let refund = &mut schemas(&mut spec)["Refund"];
    refund["properties"]["approval_code"] = json!({"type": "string"});
    refund["required"]
        .as_array_mut()
        .unwrap()
        .push(json!("approval_code"));
    let report = apideck(&spec);
    let difference = only(&report, "Refund", "approval_code");
    assert_eq!(difference.change, Change::PropertyAdded { required: true });
    assert_eq!(difference.impact, Impact::AffectsMappings);
    assert_eq!(report.differences.len(), 1, "{:#?}", describe(&report));
}

#[test]
fn a_new_optional_property_nobody_reads_is_informational() {
    let mut spec = apideck_source();
    schemas(&mut spec)["Refund"]["properties"]["approval_code"] =
        json!({"type": "string", "nullable": true, "x-apideck-weights": "low"});
    let report = apideck(&spec);
    let difference = only(&report, "Refund", "approval_code");
    assert_eq!(difference.change, Change::PropertyAdded { required: false });
    assert_eq!(difference.impact, Impact::Informational);
    assert!(!report.affects_mappings(), "{:#?}", describe(&report));
}

#[test]
fn a_changed_type_of_a_used_field_affects_the_mappings() {
    let mut spec = apideck_source();
    // Apideck decides `total_amount` is a decimal string.
    let total = &mut schemas(&mut spec)["TotalAmount"];
    assert_eq!(total["type"], "number");
    total["type"] = json!("string");
    total["format"] = json!("decimal");
    let report = apideck(&spec);
    let changes: Vec<_> = report
        .differences
        .iter()
        .filter(|d| d.component == "TotalAmount")
        .map(|d| (&d.change, d.impact))
        .collect();
    assert_eq!(
        changes,
        vec![
            (
                &Change::TypeChanged {
                    from: vec!["number".into()],
                    to: vec!["string".into()]
                },
                Impact::AffectsMappings
            ),
            (
                &Change::FormatChanged {
                    from: None,
                    to: Some("decimal".into())
                },
                Impact::AffectsMappings
            ),
        ],
        "{:#?}",
        describe(&report)
    );
}

#[test]
fn a_renamed_component_is_reported_at_its_reference_and_compared_under_its_new_name() {
    let mut spec = apideck_source();
    let components = schemas(&mut spec);
    let linked = components.remove("LinkedCustomer").unwrap();
    components.insert("CustomerReference".into(), linked);
    components["Refund"]["properties"]["customer"]["$ref"] =
        json!("#/components/schemas/CustomerReference");
    let report = apideck(&spec);
    assert_eq!(
        describe(&report),
        vec![
            "AffectsMappings LinkedCustomer. component renamed to CustomerReference",
            "AffectsMappings Refund.customer $ref LinkedCustomer -> CustomerReference",
        ]
    );
}

#[test]
fn a_removed_used_property_affects_the_mappings() {
    let mut spec = apideck_source();
    let refund = &mut schemas(&mut spec)["Refund"];
    refund["properties"]
        .as_object_mut()
        .unwrap()
        .remove("tracking_categories");
    let report = apideck(&spec);
    let difference = only(&report, "Refund", "tracking_categories");
    assert_eq!(difference.change, Change::PropertyRemoved);
    assert_eq!(difference.impact, Impact::AffectsMappings);
}

#[test]
fn nullable_is_the_same_fact_on_both_sides() {
    // OpenAPI 3.1 spelling of the same source: `type: [X, "null"]` instead of `nullable: true`.
    let mut spec = apideck_source();
    let customer = &mut schemas(&mut spec)["LinkedCustomer"];
    customer.as_object_mut().unwrap().remove("nullable");
    customer["type"] = json!(["object", "null"]);
    assert!(apideck(&spec).differences.is_empty());
    // And dropping it is drift on a field the mappers use.
    schemas(&mut spec)["LinkedCustomer"]["type"] = json!("object");
    let report = apideck(&spec);
    let difference = only(&report, "LinkedCustomer", "");
    assert_eq!(
        difference.change,
        Change::NullableChanged {
            from: true,
            to: false
        }
    );
    assert_eq!(difference.impact, Impact::AffectsMappings);
}

#[test]
fn a_document_without_components_or_a_known_shape_is_unusable() {
    let profiles = drift::profiles(Registry::builtin());
    assert_eq!(
        drift::detect(&profiles, &json!({"openapi": "3.0.3"})).unwrap_err(),
        drift::DriftError::NoComponents
    );
    assert!(matches!(
        drift::detect(&profiles, &json!({"components": {"schemas": {"Pet": {}}}})).unwrap_err(),
        drift::DriftError::Unrecognised { .. }
    ));
    assert!(matches!(
        drift::profile_named(&profiles, "xero").unwrap_err(),
        drift::DriftError::UnknownProfile { .. }
    ));
}

#[test]
fn the_used_fields_come_from_the_model() {
    let profiles = drift::profiles(Registry::builtin());
    let apideck = drift::profile_named(&profiles, "apideck").unwrap();
    let used: Vec<String> = apideck
        .used_fields()
        .iter()
        .map(|f| format!("{}.{}", f.component, f.path))
        .collect();
    for expected in [
        "Refund.total_amount",
        "Refund.status",
        "Refund.line_items",
        "InvoiceLineItem.type",
        "LinkedCustomer.id",
        "Allocation.type",
    ] {
        assert!(
            used.contains(&expected.to_string()),
            "{expected}: {used:#?}"
        );
    }
    let thredfi = drift::profile_named(&profiles, "thredfi").unwrap();
    let used: Vec<String> = thredfi
        .used_fields()
        .iter()
        .map(|f| format!("{}.{}", f.component, f.path))
        .collect();
    for expected in [
        "Refund.refunded_amount",
        "VendorRefundAllocationResponse.allocation_type",
        "CreateVendorRefundRequest.allocations[].amount_cents",
        "CreateSimpleRefundRequest.invoice_id",
    ] {
        assert!(
            used.contains(&expected.to_string()),
            "{expected}: {used:#?}"
        );
    }
}

#[test]
fn each_vendored_document_is_recognised_and_matches_itself() {
    let profiles = drift::profiles(Registry::builtin());
    for (name, text) in [
        (
            "apideck",
            unified_accounting::unified::targets::DOCUMENT.text(),
        ),
        (
            "thredfi",
            unified_accounting::thredfi::targets::DOCUMENT.text(),
        ),
    ] {
        let vendored: Value = serde_json::from_str(text).unwrap();
        let profile = drift::detect(&profiles, &vendored).unwrap();
        assert_eq!(profile.name(), name);
        let report = drift::compare(profile, &vendored).unwrap();
        assert_eq!(describe(&report), Vec::<String>::new(), "{name}");
        assert!(report.not_compared.is_empty(), "{name}");
    }
}
