//! Every mapping failure is a variant of its own with typed fields, a JSON Pointer and a kind, so
//! a caller can tell an over-allocation from a bad UUID without reading the message.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

use std::error::Error as _;

use rust_decimal::Decimal;
use unified_accounting::decode::{self, DecodeErrorKind};
use unified_accounting::thredfi::{customer_refund, vendor_refund};
use unified_accounting::{JsonPointer, MapOptions, MappingError, MappingErrorKind, unified};

const VENDOR: &str = "0f7e6d5c-4b3a-4291-8e7d-6c5b4a392817";
const INVOICE: &str = "9b18a903-77b0-4384-9ed8-9aa4bab2c2cf";

fn refund(json: serde_json::Value) -> unified::Refund {
    decode::from_slice(&serde_json::to_vec(&json).unwrap()).unwrap()
}

fn options() -> MapOptions {
    MapOptions::new().with(unified_accounting::thredfi::Options::new().vendor_id(VENDOR))
}

fn base() -> serde_json::Value {
    serde_json::json!({
        "id": "ref-1",
        "currency": "EUR",
        "total_amount": 10.0,
        "refund_date": "2026-03-28T10:44:18Z",
        "customer": {"id": VENDOR},
    })
}

fn with(mut json: serde_json::Value, key: &str, value: serde_json::Value) -> serde_json::Value {
    json[key] = value;
    json
}

#[test]
fn over_allocation_carries_both_amounts() {
    let input = with(
        base(),
        "allocations",
        serde_json::json!([{"type": "bill", "id": INVOICE, "amount": 12.5}]),
    );
    let error = vendor_refund::to_create_request(&refund(input), &options()).unwrap_err();
    assert_eq!(error.kind(), MappingErrorKind::OverAllocated);
    assert_eq!(error.kind().as_str(), "over_allocated");
    assert_eq!(error.path(), "/allocations");
    let MappingError::OverAllocated {
        allocated, total, ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*allocated, Decimal::new(1250, 2));
    assert_eq!(*total, Decimal::new(1000, 2));
    assert_eq!(
        error.to_string(),
        "/allocations: the allocations add up to 12.50 but total_amount is 10.00; Thredfi cannot \
         allocate more than the refund"
    );
}

#[test]
fn a_bad_uuid_carries_the_text() {
    let input = with(
        base(),
        "allocations",
        serde_json::json!([{"type": "invoice", "id": "INV-7"}]),
    );
    let error = customer_refund::to_create_request(&refund(input), &options()).unwrap_err();
    assert_eq!(error.kind(), MappingErrorKind::NotAUuid);
    assert_eq!(
        error.path(),
        &JsonPointer::root()
            .join("allocations")
            .join_index(0)
            .join("id")
    );
    let MappingError::NotAUuid { text, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(text, "INV-7");
}

#[test]
fn several_invoices_carry_their_indexes() {
    let input = with(
        base(),
        "allocations",
        serde_json::json!([
            {"type": "invoice", "id": INVOICE, "amount": 4},
            {"type": "bill", "id": INVOICE},
            {"type": "invoice", "id": INVOICE, "amount": 6},
        ]),
    );
    let error = customer_refund::to_create_request(&refund(input), &options()).unwrap_err();
    let MappingError::SeveralInvoices { indexes, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(indexes, &[0, 2]);
    // The option that answers it, for a front end to phrase as its flag or argument.
    assert_eq!(
        error.remedy(),
        Some(unified_accounting::Remedy::Option {
            provider: "Thredfi",
            option: "split_invoices"
        })
    );
    assert!(
        error
            .to_string()
            .starts_with("/allocations: 2 invoice allocations (at indexes 0, 2)"),
        "{error}"
    );
}

#[test]
fn a_voided_refund_names_the_statuses_that_can_be_sent() {
    let input = with(base(), "status", serde_json::json!("voided"));
    let error = vendor_refund::to_create_request(&refund(input), &options()).unwrap_err();
    let MappingError::StatusNotCreatable {
        status, allowed, ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(status, &unified::RefundStatus::Voided);
    assert_eq!(allowed, &["draft", "authorised", "posted", "paid"]);
    assert_eq!(
        error.to_string(),
        "/status: a voided refund cannot be created in Thredfi; only draft, authorised, posted or \
         paid refunds (or none given) can be sent"
    );
}

#[test]
fn damaged_carried_data_keeps_the_decode_error_as_its_source() {
    let input = with(
        base(),
        "custom_mappings",
        serde_json::json!({"thredfi_resource": "vendor_refund", "vendor_refund_payments": [{"refunded_amount": "x"}]}),
    );
    let error = vendor_refund::to_create_request(&refund(input), &options()).unwrap_err();
    assert_eq!(error.kind(), MappingErrorKind::CarriedUnreadable);
    assert!(
        error
            .path()
            .starts_with("/custom_mappings/vendor_refund_payments/0"),
        "{error}"
    );
    let source = error.source().unwrap();
    let decode = source.downcast_ref::<decode::DecodeError>().unwrap();
    assert_eq!(decode.kind(), DecodeErrorKind::Data);
    assert!(decode.path.starts_with("/0"), "{decode}");
}

#[test]
fn carried_data_of_the_wrong_type_names_both_types() {
    let input = with(
        base(),
        "custom_mappings",
        serde_json::json!({"external_id": 7}),
    );
    let error = vendor_refund::to_create_request(&refund(input), &options()).unwrap_err();
    let MappingError::CarriedWrongType {
        path,
        expected,
        found,
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(path, "/custom_mappings/external_id");
    assert_eq!((*expected, *found), ("a string", "a number"));
}

#[test]
fn a_record_not_from_thredfi_says_so() {
    let error = vendor_refund::to_record(&refund(base()), &options()).unwrap_err();
    let MappingError::NotFromResource {
        expected, found, ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!((*expected, found.as_deref()), ("vendor_refund", None));
    assert_eq!(error.path(), "/custom_mappings/thredfi_resource");
}

#[test]
fn invalid_output_has_its_schema_error_as_source() {
    // Not reachable with valid input; the variant's source is what a caller walks.
    let schema = unified_accounting::unified::targets::REFUND
        .validate_text("{\"total_amount\": \"x\"}")
        .unwrap_err();
    let error = MappingError::InvalidOutput(schema.clone());
    assert_eq!(error.kind(), MappingErrorKind::InvalidOutput);
    assert!(error.path().is_root());
    assert_eq!(error.source().unwrap().to_string(), schema.to_string());
}

#[test]
fn an_unknown_field_points_at_itself() {
    let error =
        decode::from_slice::<unified::Refund>(br#"{"total_amount": 1, "x/y": 2}"#).unwrap_err();
    assert_eq!(error.path, "/x~1y");
    assert_eq!(
        error.message,
        "unknown field `x/y`: this object allows only the keys its schema names \
         (additionalProperties: false)"
    );
}
