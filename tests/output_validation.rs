//! Nothing invalid leaves the crate: an output that breaks its schema is an error listing every
//! violation with its path, never a document.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

mod common;

use unified_accounting::json::JsonValue;
use unified_accounting::schema::SchemaError;
use unified_accounting::thredfi::customer_refund::{self, CustomerRefund};
use unified_accounting::{MapOptions, MappingError, decode};

#[test]
fn a_record_that_would_break_its_schema_is_not_emitted() {
    let path = common::fixtures("thredfi/customer_refunds").remove(0);
    let refund: CustomerRefund = decode::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let mut unified = customer_refund::to_unified(&refund, &MapOptions::new())
        .unwrap()
        .output;

    // Damage the carried data: Thredfi allows at most 255 characters of external_id, and the
    // document's URL must be a URI.
    let carried = unified.custom_mappings.as_present().cloned().unwrap();
    let mut damaged = carried.clone();
    damaged.insert("external_id".into(), "x".repeat(300).into());
    let Some(JsonValue::Object(document)) = damaged.get_mut("document") else {
        panic!("the fixture has a document");
    };
    document.insert("url".into(), "not a uri".into());
    unified.custom_mappings = damaged.into();

    let error = customer_refund::to_record(&unified, &MapOptions::new()).unwrap_err();
    let MappingError::InvalidOutput(SchemaError::Invalid(found)) = &error else {
        panic!("expected a schema violation, got {error}");
    };
    let paths: Vec<&str> = found
        .violations()
        .iter()
        .map(|v| v.instance_path.as_str())
        .collect();
    assert!(paths.contains(&"/external_id"), "{paths:?}");
    // `document` is `DocumentFileUrl | null`, so the whole alternative fails at /document.
    assert!(paths.contains(&"/document"), "{paths:?}");
    assert_eq!(found.target(), "thredfi-refund");
    assert!(error.to_string().contains("/external_id"), "{error}");
}
