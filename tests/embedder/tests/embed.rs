//! The embedder's own serde code works in the same build as the library, and the library maps
//! exactly there.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

use embedder_check::{Limits, Reading, Settings};
use unified_accounting::thredfi::RefundKind;
use unified_accounting::{MapOptions, decode, unified};

#[test]
fn an_untagged_enum_holding_an_f64_deserializes() {
    let readings: Vec<Reading> = serde_json::from_str(r#"[1.5, "off", 2]"#).unwrap();
    assert_eq!(
        readings,
        [
            Reading::Number(1.5),
            Reading::Label("off".into()),
            Reading::Number(2.0)
        ]
    );
}

#[test]
fn a_flattened_struct_holding_a_float_deserializes() {
    let settings: Settings = serde_json::from_str(r#"{"name":"a","ratio":1.5}"#).unwrap();
    assert_eq!(
        settings,
        Settings {
            name: "a".into(),
            limits: Limits { ratio: 1.5 }
        }
    );
}

/// In the same build, a Thredfi refund maps to unified and back to the identical text: the
/// free-form metadata and unknown keys with their key order and odd numbers (`1e+400`, `-0`,
/// `0.10`, an integer beyond `u128`), the largest cents amount as `92233720368547758.07`. (The
/// documented fields come back in the schema's order, which the record here already has.)
#[test]
fn a_thredfi_refund_maps_exactly_in_the_same_build() {
    let record = r#"{"id":"c2b9546e-0f02-40f3-adb7-f1d5cbf15150","external_id":null,"refunded_amount":9223372036854775807,"status":"paid","completed_at":null,"is_dedicated":false,"memo":"","reference_number":"RF-1","metadata":{"z":1e+400,"a":-0,"m":[0.10,123456789012345678901234567890]},"customer_id":"f1d5effe-dcda-46fb-b2b2-7cadc29f12fb","customer_name":"Harbourside","allocations":[],"refund_payments":[],"document":null,"currency":"GBP","created_at":"2026-03-14T09:21:07Z","updated_at":"2026-03-14T09:21:07Z","x_extra":{"b":1.50,"a":2}}"#;
    let options = MapOptions::new();
    let resource = RefundKind::detect_thredfi(record.as_bytes()).unwrap();
    let (typed, json) =
        unified_accounting::Resource::to_unified(&resource, record.as_bytes(), &options)
            .unwrap()
            .output
            .into_parts();
    assert!(
        json.get()
            .contains(r#""total_amount":92233720368547758.07"#),
        "{json}"
    );
    let reread: unified::Refund = decode::from_slice(json.get().as_bytes()).unwrap();
    assert_eq!(reread, typed);
    let back = unified_accounting::Resource::to_record(&resource, &reread, &options).unwrap();
    assert_eq!(back.output.get(), record);
}
