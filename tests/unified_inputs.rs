//! Reading unified (Apideck) refunds: bad inputs, exact numbers, null versus absent.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

mod common;

use common::{fixtures, relative, render_error, stem};
use unified_accounting::thredfi::customer_refund;
use unified_accounting::{MapOptions, decode, unified};

/// Every bad unified refund gets a typed error with the path of the field at fault.
#[test]
fn invalid_unified_inputs_are_typed_errors() {
    for path in fixtures("invalid/apideck_refund") {
        let bytes = std::fs::read(&path).unwrap();
        let mut text = format!("input: {}\n", relative(&path));
        match decode::from_slice::<unified::Refund>(&bytes) {
            Err(error) => {
                render_error(&mut text, &error.path, &error.to_string());
                text.push_str(&format!("kind: {:?}\n", error.kind));
            }
            Ok(refund) => {
                text.push_str("decoded: yes (unknown enum values are read leniently)\n");
                let strict =
                    customer_refund::to_create_request(&refund, &MapOptions::new().strict(true));
                let error = strict.expect_err("a bad input must fail at least in strict mode");
                text.push_str("strict create request:\n");
                render_error(&mut text, error.path(), &error.to_string());
            }
        }
        insta::assert_snapshot!(format!("invalid__{}", stem(&path)), text);
    }
}

/// Amounts keep their exact decimal text through read and write: no float step anywhere.
#[test]
fn amounts_survive_a_round_trip_digit_for_digit() {
    for amount in [
        "0.1",
        "1234567890123456.78",
        "92233720368547758.07",
        "-0.01",
        "12.50",
        "100",
    ] {
        let text = format!(
            r#"{{"id":"r-1","total_amount":{amount},"allocations":[{{"amount":{amount}}}]}}"#
        );
        let refund: unified::Refund = decode::from_slice(text.as_bytes()).unwrap();
        assert_eq!(serde_json::to_string(&refund).unwrap(), text, "{amount}");
        // Also through a reader, which hands over owned text instead of borrowed.
        let via_reader: unified::Refund = serde_json::from_reader(text.as_bytes()).unwrap();
        assert_eq!(via_reader, refund, "{amount}");
    }
}

/// A `serde_json::Value`, as an embedding platform might hold a document, keeps a non-integer as
/// an `f64` (the crate does not switch on `arbitrary_precision` for its users): an amount read
/// from one is that float's shortest text. Exact for amounts of up to 15 significant digits, as
/// every `f64` is; for more, read the JSON text instead (`decode::from_slice`).
#[test]
fn amounts_through_a_serde_json_value_are_that_values_floats() {
    for (amount, through_value) in [
        ("0.1", "0.1"),
        ("12.50", "12.5"),
        ("123456789012.34", "123456789012.34"),
        ("1234567890123456.78", "1234567890123456.8"),
    ] {
        let text = format!(r#"{{"id":"r-1","total_amount":{amount}}}"#);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let via_value: unified::Refund = serde_json::from_value(value).unwrap();
        let total = via_value.total_amount.as_present().unwrap();
        assert_eq!(total.to_string(), through_value, "{amount}");
    }
}

/// An amount given as a string is rejected with its path, as Apideck's schema requires.
#[test]
fn string_amounts_are_rejected() {
    let error = decode::from_slice::<unified::Refund>(br#"{"id":"r-1","total_amount":"10.00"}"#)
        .unwrap_err();
    assert_eq!(error.path, "/total_amount");
}

/// Absent and null stay different through a read and a write.
#[test]
fn absent_and_null_stay_different() {
    for text in [
        r#"{"id":"r-1","total_amount":null}"#,
        r#"{"id":"r-1","customer":null,"total_amount":1,"note":null}"#,
        r#"{"id":"r-1","total_amount":1,"tracking_categories":[null,{"id":"t"}]}"#,
        r#"{"id":"r-1","total_amount":1,"custom_fields":[{"id":"c","value":null}]}"#,
    ] {
        let refund: unified::Refund = decode::from_slice(text.as_bytes()).unwrap();
        assert_eq!(serde_json::to_string(&refund).unwrap(), text);
    }
    let error =
        decode::from_slice::<unified::Refund>(br#"{"id":"r-1","status":null}"#).unwrap_err();
    assert_eq!(error.path, "/status", "status is not nullable");
}

/// An amount finer than its currency's ISO 4217 minor unit is carried exactly, with a warning.
#[test]
fn excess_currency_precision_is_a_warning_not_an_error() {
    let text = br#"{"id":"r-1","total_amount":10.50,"currency":"ISK","refund_date":"2026-01-12T10:00:00Z",
        "payment_method":"cash","allocations":[{"id":"0f43e780-91c8-4fb6-847c-a4a2abb964bb","type":"invoice"}]}"#;
    let refund: unified::Refund = decode::from_slice(text).unwrap();
    let mapped = customer_refund::to_create_request(&refund, &MapOptions::new()).unwrap();
    assert_eq!(mapped.output.amount_cents, Some(1050));
    let warning = mapped
        .warnings
        .iter()
        .find(|warning| warning.code == unified_accounting::WarningCode::ExcessCurrencyPrecision)
        .expect("an excess-precision warning");
    assert_eq!(warning.source, "/total_amount");
}
