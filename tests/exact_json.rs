//! `json::JsonValue` and the amounts keep their exact text through every serde_json reader and
//! writer, without serde_json's `arbitrary_precision` or `preserve_order` (which the crate leaves
//! off: `tests/lockdown.rs`). The mechanism is serde_json's raw-value protocol; these tests are
//! what would catch serde_json changing it.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

use serde::Deserialize;
use unified_accounting::json::{JsonNumber, JsonValue, MAX_DEPTH};
use unified_accounting::money::JsonDecimal;
use unified_accounting::schema::SchemaError;
use unified_accounting::{decode, unified};

const TEXT: &str = r#"{"z":1e+400,"a":-0,"m":[0.10,123456789012345678901234567890123,1E-7,-1.5e-400],"é\u00e9":"\ud83d\ude00\n","":{},"n":null,"t":true,"f":false}"#;

/// What serde_json's writer gives for `TEXT`: the same, except that escapes a writer need not
/// use are written as the characters themselves.
const WRITTEN: &str = r#"{"z":1e+400,"a":-0,"m":[0.10,123456789012345678901234567890123,1E-7,-1.5e-400],"éé":"😀\n","":{},"n":null,"t":true,"f":false}"#;

#[test]
fn every_reader_gives_the_exact_value_and_every_writer_the_exact_text() {
    let from_str: JsonValue = serde_json::from_str(TEXT).unwrap();
    let from_slice: JsonValue = serde_json::from_slice(TEXT.as_bytes()).unwrap();
    let from_reader: JsonValue = serde_json::from_reader(TEXT.as_bytes()).unwrap();
    let tracked: JsonValue =
        serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(TEXT)).unwrap();
    for value in [&from_slice, &from_reader, &tracked] {
        assert_eq!(value, &from_str);
    }
    assert_eq!(serde_json::to_string(&from_str).unwrap(), WRITTEN);
    assert_eq!(
        String::from_utf8(serde_json::to_vec(&from_str).unwrap()).unwrap(),
        WRITTEN
    );
    let mut written = Vec::new();
    serde_json::to_writer(&mut written, &from_str).unwrap();
    assert_eq!(String::from_utf8(written).unwrap(), WRITTEN);
    // Pretty output keeps the numbers and the order too.
    let pretty = serde_json::to_string_pretty(&from_str).unwrap();
    let again: JsonValue = serde_json::from_str(&pretty).unwrap();
    assert_eq!(again.to_text(), WRITTEN);
    assert!(
        pretty.starts_with("{\n  \"z\": 1e+400,\n  \"a\": -0,"),
        "{pretty}"
    );
}

#[test]
fn keys_keep_their_order_and_a_repeated_key_its_first_place_and_last_value() {
    let value: JsonValue = serde_json::from_str(r#"{"b":1,"a":2,"b":3}"#).unwrap();
    assert_eq!(value.to_text(), r#"{"b":3,"a":2}"#);
    let keys: Vec<&str> = value.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["b", "a"]);
}

#[test]
fn numbers_are_equal_by_their_text_and_objects_in_any_order() {
    let one: JsonValue = serde_json::from_str("1.0").unwrap();
    let other: JsonValue = serde_json::from_str("1").unwrap();
    assert_ne!(one, other, "a program reading the text tells them apart");
    let left: JsonValue = serde_json::from_str(r#"{"a":1,"b":[2]}"#).unwrap();
    let right: JsonValue = serde_json::from_str(r#"{"b":[2],"a":1}"#).unwrap();
    assert_eq!(left, right);
    assert_eq!(JsonNumber::from_text("-0").unwrap().as_i64(), None);
    assert_eq!(JsonNumber::from_text("-12").unwrap().as_i64(), Some(-12));
    for not_a_number in ["01", "1.", ".5", "+1", "1e", "--1", "NaN", ""] {
        assert!(
            JsonNumber::from_text(not_a_number).is_none(),
            "{not_a_number}"
        );
    }
}

/// Deeper than serde_json's own reader allows is an error, not a stack overflow, also where the
/// raw text arrives whole (serde_json skips a raw value without a depth limit).
#[test]
fn nesting_beyond_the_limit_is_an_error() {
    let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(JsonValue::from_text(&fine).is_ok());
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let error = JsonValue::from_text(&deep).unwrap_err();
    assert!(
        error.to_string().contains("recursion limit exceeded"),
        "{error}"
    );
}

/// Other deserializers (here serde's buffering behind an untagged enum, and a
/// `serde_json::Value`) cannot give the text: values come through serde's data model, exactly
/// where it is, and amounts only where a float provably is its text.
#[test]
fn without_the_text_values_come_through_the_data_model() {
    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    enum Either {
        Free(JsonValue),
    }
    let Either::Free(value) = serde_json::from_str(r#"{"a":[1,-2,1.5,"x",null]}"#).unwrap();
    assert_eq!(value.to_text(), r#"{"a":[1,-2,1.5,"x",null]}"#);

    let value: serde_json::Value = serde_json::from_str(r#"{"b":2,"a":0.1}"#).unwrap();
    let via_value: JsonValue = serde_json::from_value(value).unwrap();
    assert_eq!(
        via_value.to_text(),
        r#"{"a":0.1,"b":2}"#,
        "a Value sorts its keys"
    );

    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    enum Amount {
        Decimal(JsonDecimal),
    }
    let Amount::Decimal(amount) = serde_json::from_str("12.50").unwrap();
    assert_eq!(
        amount.to_string(),
        "12.5",
        "the data model has only the float"
    );
    assert!(serde_json::from_str::<Amount>("1234567890123456.78").is_err());
}

/// An amount's errors name the field and say what was expected, with no trace of the protocol.
#[test]
fn amount_errors_point_at_the_field() {
    for (raw, message) in [
        (
            r#""10.00""#,
            "invalid type: string \"10.00\", expected a JSON number",
        ),
        (
            "true",
            "invalid type: boolean `true`, expected a JSON number",
        ),
        ("[]", "invalid type: sequence, expected a JSON number"),
        ("{}", "invalid type: map, expected a JSON number"),
        ("1e400", "invalid value: number 1e400"),
        ("0.00000000000000000000000000001", "invalid value: number"),
    ] {
        let text = format!(r#"{{"id":"r-1","total_amount":{raw}}}"#);
        let error = decode::from_slice::<unified::Refund>(text.as_bytes()).unwrap_err();
        assert_eq!(error.path, "/total_amount", "{raw}");
        assert!(error.message.contains(message), "{raw}: {}", error.message);
        assert!(!error.message.contains("serde_json::private"), "{raw}");
    }
}

/// `validate_text` checks documents a `serde_json::Value` cannot hold: numbers beyond `f64` in
/// free-form fields, and nesting beyond 128 levels. Types are still judged.
#[test]
fn text_is_validated_where_a_value_cannot_hold_it() {
    let nested = format!("{}1{}", "{\"a\":".repeat(130), "}".repeat(130));
    for custom in [
        "{\"big\":1e400}".to_owned(),
        format!("{{\"deep\":{nested}}}"),
    ] {
        let text = format!(r#"{{"id":"r-1","total_amount":1.5,"custom_mappings":{custom}}}"#);
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());
        unified_accounting::unified::targets::REFUND
            .validate_text(&text)
            .unwrap();
    }
    let error = unified_accounting::unified::targets::REFUND
        .validate_text(r#"{"id":"r-1","total_amount":"1e400"}"#)
        .unwrap_err();
    assert!(matches!(error, SchemaError::Invalid(_)), "{error}");
    let error = unified_accounting::unified::targets::REFUND
        .validate_text("{")
        .unwrap_err();
    assert!(matches!(error, SchemaError::NotJson { .. }), "{error}");
}
