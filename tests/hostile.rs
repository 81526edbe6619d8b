//! Hostile input: each case ends in a typed error or a documented result, in bounded time and
//! memory, never a panic or an abort. The documented results are listed in the README
//! ("Hostile input").
//!
//! Sizes are the (100,000 levels, 10 MB, 1,000,000 allocations) except one: the
//! 1,000,000 *valid* allocations that are mapped all the way through run at 100,000 in a debug
//! build (CI) and at 1,000,000 with `cargo test --release --test hostile`.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

mod common;

use std::time::Duration;

use common::{customer_json, fixture, timed, vendor_json, with_raw};
use serde_json::{Map, Value, json};
use unified_accounting::decode::{self, DecodeErrorKind};
use unified_accounting::thredfi::{customer_refund, vendor_refund};
use unified_accounting::{Error, MapOptions, MappingError, unified};

/// Generous wall-clock limits (a debug build on a busy 2-core machine): what they catch is a
/// quadratic blow-up or a hang, which takes minutes to hours, not a slow second.
const QUICK: Duration = Duration::from_secs(10);
const BULK: Duration = Duration::from_secs(90);

fn unified_json() -> Value {
    common::json(&fixture("apideck/refunds/02_every_field_set.json"))
}

fn customer(bytes: &[u8]) -> Result<customer_refund::CustomerRefund, decode::DecodeError> {
    decode::from_slice(bytes)
}

fn vendor(bytes: &[u8]) -> Result<vendor_refund::VendorRefund, decode::DecodeError> {
    decode::from_slice(bytes)
}

// ---------------------------------------------------------------------------------------------
// Nesting 100,000 levels deep
// ---------------------------------------------------------------------------------------------

/// serde_json stops at 128 levels: a typed decode error naming the place, not a stack overflow.
#[test]
fn nesting_100000_levels_is_a_recursion_limit_error() {
    let arrays = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let objects = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    for deep in [&arrays, &objects] {
        for key in ["metadata", "x_unknown_key", "customer_name"] {
            let input = with_raw(&customer_json(), key, deep);
            let error = timed(QUICK, "deep nesting", || customer(&input)).unwrap_err();
            assert!(
                error.message.contains("recursion limit exceeded")
                    || error.message.contains("invalid type"),
                "{key}: {error}"
            );
            assert!(
                error.path.starts_with(&format!("/{key}")),
                "{key}: {}",
                error.path
            );
        }
        let input = with_raw(&vendor_json(), "metadata", deep);
        let error = timed(QUICK, "deep nesting", || vendor(&input)).unwrap_err();
        assert!(
            error.message.contains("recursion limit exceeded"),
            "{error}"
        );
        // A unified refund, deep inside custom_mappings.
        let input = with_raw(&unified_json(), "custom_mappings", deep);
        let error = timed(QUICK, "deep nesting", || {
            decode::from_slice::<unified::Refund>(&input)
        })
        .unwrap_err();
        assert!(error.path.starts_with("/custom_mappings"), "{error}");
    }
    // The whole document nested: an array root is refused up front; an object root hits the limit.
    let error = customer(arrays.as_bytes()).unwrap_err();
    assert_eq!(error.message, "expected a JSON object, found an array");
    let error = customer(objects.as_bytes()).unwrap_err();
    assert!(
        error.message.contains("recursion limit exceeded"),
        "{error}"
    );
    // 127 levels of metadata are fine: the limit is on depth, not on nesting as such.
    let fine = format!("{}{}", "[".repeat(120), "]".repeat(120));
    let refund = customer(&with_raw(&customer_json(), "metadata", &fine)).unwrap();
    customer_refund::to_unified(&refund, &MapOptions::new()).unwrap();
}

/// Depth built by the crate itself: a `pass_through` JSONPath of 100,000 names used to recurse
/// once per name and overflow the stack (an abort). It is now an error naming the path; paths up
/// to the limit still work.
#[test]
fn a_pass_through_path_100000_names_deep_is_an_error() {
    for (names, ok) in [(100_000, false), (33, false), (32, true), (2, true)] {
        let path = format!("$.{}", vec!["a"; names].join("."));
        let refund = json!({
            "id": "r-1",
            "total_amount": 1.5,
            "refund_date": "2026-03-14T09:21:07Z",
            "allocations": [{ "id": "5af97b4d-eec2-4809-997e-849c0deda098", "type": "invoice" }],
            "pass_through": [{ "service_id": "thredfi", "extend_paths": [{ "path": path, "value": 1 }] }],
        });
        let refund: unified::Refund =
            decode::from_slice(&serde_json::to_vec(&refund).unwrap()).unwrap();
        let result = timed(QUICK, "deep pass_through path", || {
            customer_refund::to_create_request(&refund, &MapOptions::new())
        });
        match result {
            Ok(_) => assert!(ok, "{names} names"),
            Err(error) => {
                assert!(!ok, "{names} names: {error}");
                assert_eq!(error.path(), "/pass_through/0/extend_paths/0/path");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers in cents fields
// ---------------------------------------------------------------------------------------------

/// A cents field is a JSON integer within `i64` (or `null`, which the API sends and which stays
/// null: `tests/real_traffic.rs`). `1e400`, `-0`, `1.0`, `2^64` and friends are decode errors at
/// the field's path; nothing is rounded, truncated or read as zero.
#[test]
fn non_integer_cents_are_errors_at_the_field() {
    let cases = [
        ("1e400", "number out of range"),
        ("-1e400", "number out of range"),
        ("-0", "expected i64"),
        ("1.0", "expected i64"),
        ("1e2", "expected i64"),
        ("0.5", "expected i64"),
        ("18446744073709551616", "expected i64"),
        ("9223372036854775808", "expected i64"),
        ("-9223372036854775809", "expected i64"),
        ("\"2450\"", "expected i64"),
    ];
    for (raw, expected) in cases {
        let error = customer(&with_raw(&customer_json(), "refunded_amount", raw)).unwrap_err();
        assert_eq!(error.path, "/refunded_amount", "{raw}");
        assert_eq!(error.kind, DecodeErrorKind::Data, "{raw}: {error}");
        assert!(error.message.contains(expected), "{raw}: {error}");
        let error = vendor(&with_raw(&vendor_json(), "total_refunded_amount", raw)).unwrap_err();
        assert_eq!(error.path, "/total_refunded_amount", "{raw}");
        assert!(error.message.contains(expected), "{raw}: {error}");
        // Inside an allocation too.
        let mut refund = customer_json();
        refund["allocations"][0]["amount"] = Value::String("\u{1}X\u{1}".into());
        let text = refund.to_string().replacen("\"\\u0001X\\u0001\"", raw, 1);
        let error = customer(text.as_bytes()).unwrap_err();
        assert_eq!(error.path, "/allocations/0/amount", "{raw}");
    }
    // The extremes of i64 are fine, and exact.
    for raw in ["9223372036854775807", "-9223372036854775808", "0"] {
        let refund = customer(&with_raw(&customer_json(), "refunded_amount", raw)).unwrap();
        assert_eq!(
            refund
                .refunded_amount
                .map(|cents| cents.to_string())
                .as_deref(),
            Some(raw)
        );
        let unified = customer_refund::to_unified(&refund, &MapOptions::new()).unwrap();
        let back = customer_refund::to_record(&unified.output, &MapOptions::new()).unwrap();
        assert_eq!(back.output.refunded_amount, refund.refunded_amount);
    }
}

/// Unified amounts are decimals: `1.0` is one unit and `1e3` a thousand, exactly; `-0` is zero,
/// which a create request refuses (Thredfi needs at least 0.01); `1e400`, `2^64` units, a fraction
/// of a cent, a string or more than 28 places are typed errors naming `/total_amount`, never a
/// float's rounding.
#[test]
fn hostile_unified_amounts_are_exact_or_errors() {
    let map = |raw: &str| -> Result<i64, String> {
        let base = json!({
            "id": "r-1",
            "refund_date": "2026-03-14T09:21:07Z",
            "payment_method": "cash",
            "allocations": [{ "id": "5af97b4d-eec2-4809-997e-849c0deda098", "type": "invoice" }],
        });
        let input = with_raw(&base, "total_amount", raw);
        let refund: unified::Refund = decode::from_slice(&input).map_err(|e| e.to_string())?;
        let request = customer_refund::to_create_request(&refund, &MapOptions::new())
            .map_err(|e| e.to_string())?;
        Ok(request.output.amount_cents.unwrap())
    };
    assert_eq!(map("1.0"), Ok(100));
    assert_eq!(map("1e3"), Ok(100_000));
    assert_eq!(map("24.50"), Ok(2450));
    assert_eq!(map("92233720368547758.07"), Ok(i64::MAX));
    for raw in [
        "-0",
        "0",
        "-1",
        "1e400",
        "18446744073709551616",
        "92233720368547758.08",
        "0.001",
        "\"150.60\"",
        "0.00000000000000000000000000000001",
        "null",
    ] {
        let error = map(raw).unwrap_err();
        assert!(error.starts_with("/total_amount"), "{raw}: {error}");
    }
}

// ---------------------------------------------------------------------------------------------
// Large strings, NUL bytes, invalid UTF-8, byte-order marks
// ---------------------------------------------------------------------------------------------

/// A 10 MB string is just a string: mapped, carried and returned intact.
#[test]
fn ten_megabyte_strings_travel_intact() {
    let big: String = "Ω".repeat(5 << 20); // 10 MiB of UTF-8
    let mut refund = customer_json();
    refund["customer_name"] = Value::String(big.clone());
    refund["metadata"] = json!({ "note": big });
    let input = serde_json::to_vec(&refund).unwrap();
    timed(QUICK, "10 MB strings", || {
        let decoded = customer(&input).unwrap();
        let unified = customer_refund::to_unified(&decoded, &MapOptions::new()).unwrap();
        let back = customer_refund::to_record(&unified.output, &MapOptions::new()).unwrap();
        assert_eq!(back.output, decoded);
        assert_eq!(
            back.output.customer_name.as_deref().map(str::len),
            Some(big.len())
        );
    });
    // In a cents field it is a type error at the field.
    let error = customer(&with_raw(
        &customer_json(),
        "refunded_amount",
        &format!("\"{big}\""),
    ))
    .unwrap_err();
    assert_eq!(error.path, "/refunded_amount");
}

/// An escaped NUL (`\u0000`) is a character like any other and survives the round trip; a raw NUL
/// byte inside a string is a syntax error (JSON forbids control characters there), and outside a
/// string it is not JSON at all.
#[test]
fn nul_bytes() {
    let mut refund = customer_json();
    refund["customer_name"] = Value::String("A\0B\0".into());
    refund["memo"] = Value::String("\0".into());
    let decoded = customer(&serde_json::to_vec(&refund).unwrap()).unwrap();
    let unified = customer_refund::to_unified(&decoded, &MapOptions::new()).unwrap();
    let back = customer_refund::to_record(&unified.output, &MapOptions::new()).unwrap();
    assert_eq!(back.output.customer_name.as_deref(), Some("A\0B\0"));
    assert_eq!(back.output, decoded);

    let text = serde_json::to_string(&customer_json()).unwrap();
    let raw_in_string = text.replacen("Harbour", "Har\0bour", 1);
    assert_ne!(raw_in_string, text, "the fixture names Harbour");
    let error = customer(raw_in_string.as_bytes()).unwrap_err();
    assert_eq!(error.kind, DecodeErrorKind::Syntax);
    assert!(error.message.contains("control character"), "{error}");
    for input in [format!("{text}\0"), format!("\0{text}"), "\0".to_owned()] {
        let error = customer(input.as_bytes()).unwrap_err();
        assert_eq!(error.kind, DecodeErrorKind::Syntax, "{error}");
    }
}

/// Invalid UTF-8 anywhere is a syntax error with a line and column, and the field's path when it
/// is inside a string value.
#[test]
fn invalid_utf8_is_a_syntax_error() {
    let text = serde_json::to_string(&customer_json()).unwrap();
    let at = text.find("Harbour").unwrap();
    for bad in [
        &[0xFFu8][..],
        &[0xC3],
        &[0xED, 0xA0, 0x80],
        &[0xF4, 0x90, 0x80, 0x80],
    ] {
        let mut input = text.as_bytes().to_vec();
        input.splice(at..at + 1, bad.iter().copied());
        let error = customer(&input).unwrap_err();
        assert_eq!(error.kind, DecodeErrorKind::Syntax, "{bad:?}: {error}");
        assert_eq!(error.path, "/customer_name", "{bad:?}");
        assert!(error.line >= 1 && error.column >= 1);
    }
    // Lone surrogates written as escapes are refused too.
    let input = text.replacen("Harbour", "\\ud800x", 1);
    assert_eq!(
        customer(input.as_bytes()).unwrap_err().path,
        "/customer_name"
    );
    // Outside any string.
    let mut input = text.into_bytes();
    input.insert(1, 0xFF);
    assert_eq!(customer(&input).unwrap_err().kind, DecodeErrorKind::Syntax);
}

/// The library reports a byte-order mark (it is not JSON); the CLI skips it.
#[test]
fn byte_order_mark() {
    let text = serde_json::to_vec(&customer_json()).unwrap();
    let with_bom = [&[0xEF, 0xBB, 0xBF][..], &text].concat();
    let error = customer(&with_bom).unwrap_err();
    assert!(error.message.contains("byte-order mark"), "{error}");
    assert_eq!(error.kind, DecodeErrorKind::Syntax);

    // The CLI skips the mark: cli/tests/hostile.rs.
}

// ---------------------------------------------------------------------------------------------
// Duplicate keys, trailing garbage
// ---------------------------------------------------------------------------------------------

/// A named field given twice is an error ("duplicate field"); inside a free-form object
/// (`metadata`, unknown keys, `custom_mappings`) serde_json keeps the last value, as JSON parsers
/// commonly do. Both are documented; neither panics.
#[test]
fn duplicate_keys() {
    let text = serde_json::to_string(&customer_json()).unwrap();
    let input = text.replacen(
        "\"refunded_amount\":",
        "\"refunded_amount\":1,\"refunded_amount\":",
        1,
    );
    let error = customer(input.as_bytes()).unwrap_err();
    assert!(
        error.message.contains("duplicate field `refunded_amount`"),
        "{error}"
    );

    let mut allocation_dup = customer_json();
    allocation_dup["allocations"][0]["x_marker"] = Value::Null;
    let input =
        allocation_dup
            .to_string()
            .replacen("\"x_marker\":null", "\"amount\":1,\"amount\":2", 1);
    let error = customer(input.as_bytes()).unwrap_err();
    assert_eq!(error.path, "/allocations/0");
    assert!(
        error.message.contains("duplicate field `amount`"),
        "{error}"
    );

    let input = text.replacen("\"metadata\":{", "\"metadata\":{\"k\":1,\"k\":2,", 1);
    let refund = customer(input.as_bytes()).unwrap();
    let metadata = refund.metadata.as_present().unwrap();
    assert_eq!(metadata.get("k").unwrap().to_text(), "2");

    let input = text.replacen("{", "{\"x_extra\":1,\"x_extra\":2,", 1);
    let refund = customer(input.as_bytes()).unwrap();
    assert_eq!(refund.extra.get("x_extra").unwrap().to_text(), "2");

    let unified = serde_json::to_string(&unified_json()).unwrap();
    let input = unified.replacen("{", "{\"number\":\"A\",", 1);
    let error = decode::from_slice::<unified::Refund>(input.as_bytes()).unwrap_err();
    assert!(
        error.message.contains("duplicate field `number`"),
        "{error}"
    );
}

/// Anything after the document is a syntax error ("trailing characters"), for the library and
/// for a single-object CLI input (exit code 1, reported as a failed record).
#[test]
fn trailing_garbage() {
    let text = serde_json::to_string(&customer_json()).unwrap();
    for tail in [" x", "}", "{}", "\0", ",", "[1]", "null"] {
        let input = format!("{text}{tail}");
        let error = customer(input.as_bytes()).unwrap_err();
        assert!(
            error.message.contains("trailing characters"),
            "{tail:?}: {error}"
        );
        assert_eq!(error.kind, DecodeErrorKind::Syntax);
    }
    // The CLI fails that record (exit 1): cli/tests/hostile.rs.
}

// ---------------------------------------------------------------------------------------------
// A million allocations
// ---------------------------------------------------------------------------------------------

fn with_allocations(count: usize, allocation: &str) -> Vec<u8> {
    let mut refund = customer_json();
    refund["allocations"] = Value::String("\u{1}A\u{1}".into());
    let text = refund.to_string();
    let mut list = String::with_capacity(count * (allocation.len() + 1) + 2);
    list.push('[');
    for index in 0..count {
        if index > 0 {
            list.push(',');
        }
        list.push_str(allocation);
    }
    list.push(']');
    text.replacen("\"\\u0001A\\u0001\"", &list, 1).into_bytes()
}

/// 1,000,000 allocations that are not allocations: an error at the first one, at once.
#[test]
fn a_million_bad_allocations_fail_at_the_first() {
    for (item, message) in [("0", "invalid type: integer"), ("{}", "missing field `id`")] {
        let input = with_allocations(1_000_000, item);
        let error = timed(QUICK, "1M bad allocations", || customer(&input)).unwrap_err();
        assert!(error.path.starts_with("/allocations/0"), "{error}");
        assert!(error.message.contains(message), "{error}");
    }
}

/// A million real allocations, each of a type the crate does not know (so each one raises a
/// warning): mapped in linear time, every amount carried, every warning kept. Warnings used to be
/// de-duplicated with a quadratic scan, which took hours here.
#[test]
fn a_million_allocations_map_in_linear_time() {
    let count = if cfg!(debug_assertions) {
        100_000
    } else {
        1_000_000
    };
    let mut allocation = customer_json()["allocations"][0].clone();
    allocation["allocation_type"] = Value::String("store_credit".into());
    allocation["amount"] = json!(1);
    let input = with_allocations(count, &allocation.to_string());
    timed(BULK, "1M allocations", || {
        let refund = customer(&input).unwrap();
        assert_eq!(refund.allocations.as_deref().map(<[_]>::len), Some(count));
        let mapped = customer_refund::to_unified(&refund, &MapOptions::new()).unwrap();
        let allocations = mapped.output.allocations.as_deref().unwrap();
        assert_eq!(allocations.len(), count);
        let sum: rust_decimal::Decimal = allocations
            .iter()
            .map(|allocation| allocation.amount.as_present().unwrap().get())
            .sum();
        assert_eq!(sum, rust_decimal::Decimal::new(count as i64, 2));
        // One warning per allocation (each names its own path), none lost to de-duplication.
        assert_eq!(mapped.warnings.len(), count);
    });
}

/// A unified refund with a hundred thousand invoice allocations, split one request per invoice:
/// linear too (each request repeats the same warnings, de-duplicated by a set).
#[test]
fn many_invoices_split_in_linear_time() {
    let count = if cfg!(debug_assertions) {
        20_000
    } else {
        200_000
    };
    let allocations: Vec<Value> = (0..count)
        .map(|index| {
            json!({
                "id": format!("00000000-0000-4000-8000-{index:012x}"),
                "type": "invoice",
                "amount": 0.01,
            })
        })
        .collect();
    let refund = json!({
        "id": "r-1",
        "total_amount": serde_json::from_str::<Value>(&rust_decimal::Decimal::new(count as i64, 2).to_string()).unwrap(),
        "refund_date": "2026-03-14T09:21:07Z",
        "payment_method": "venmo",
        "tax_inclusive": true,
        "allocations": allocations,
    });
    let refund: unified::Refund =
        decode::from_slice(&serde_json::to_vec(&refund).unwrap()).unwrap();
    timed(BULK, "split into many requests", || {
        let mapped =
            customer_refund::to_create_requests_per_invoice(&refund, &MapOptions::new()).unwrap();
        assert_eq!(mapped.output.len(), count);
        let sent: i64 = mapped
            .output
            .iter()
            .filter_map(|request| request.amount_cents)
            .sum();
        assert_eq!(sent, count as i64);
        // The same two warnings for every request, kept once each.
        assert_eq!(mapped.warnings.len(), 2, "{:?}", mapped.warnings);
    });
}

// ---------------------------------------------------------------------------------------------
// Every required field missing, every field of every wrong type
// ---------------------------------------------------------------------------------------------

/// Every object in `value` with its JSON Pointer.
fn objects(value: &Value, pointer: String, out: &mut Vec<(String, Map<String, Value>)>) {
    match value {
        Value::Object(map) => {
            out.push((pointer.clone(), map.clone()));
            for (key, child) in map {
                objects(child, format!("{pointer}/{}", decode::escape(key)), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                objects(child, format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
}

/// The schema component describing the object at `pointer` of a Thredfi record, or `None` for
/// free-form objects (metadata, tags, unknown keys).
fn component(root: &str, pointer: &str) -> Option<&'static str> {
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    let shape: Vec<&str> = segments
        .into_iter()
        .filter(|segment| segment.parse::<usize>().is_err())
        .collect();
    match (root, shape.as_slice()) {
        ("Refund", []) => Some("Refund"),
        ("Refund", ["allocations"]) => Some("RefundAllocation"),
        ("Refund", ["refund_payments"]) => Some("RefundPayment"),
        ("Refund", ["refund_payments", "reconciled_bank_transactions"])
        | ("VendorRefund", ["vendor_refund_payments", "reconciled_bank_transactions"]) => {
            Some("EntityReconciliationDetail")
        }
        (_, ["document"]) => Some("DocumentFileUrl"),
        ("VendorRefund", []) => Some("VendorRefund"),
        ("VendorRefund", ["allocations"]) => Some("VendorRefundAllocationResponse"),
        ("VendorRefund", ["vendor_refund_payments"]) => Some("VendorRefundPaymentResponse"),
        _ => None,
    }
}

fn schema_required(component: &str) -> Vec<String> {
    let document: Value = serde_json::from_str(
        unified_accounting::thredfi::targets::CUSTOMER_REFUND
            .document()
            .text(),
    )
    .unwrap();
    document["components"]["schemas"][component]["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|name| name.as_str().unwrap().to_owned())
        .collect()
}

fn set_at(root: &mut Value, pointer: &str, value: Option<Value>) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let key = key.replace("~1", "/").replace("~0", "~");
    let parent = root.pointer_mut(parent).unwrap().as_object_mut().unwrap();
    match value {
        Some(value) => {
            parent.insert(key, value);
        }
        None => {
            parent.remove(&key);
        }
    }
}

/// Removes every key of every object in turn. A key the schema requires is a decode error at
/// exactly that key's path ("missing field"); any other key may go, and the record still maps to
/// a schema-valid unified refund. Checked against the vendored schema's `required` lists, so the
/// Rust model and the schema cannot drift apart.
#[test]
fn every_required_field_missing_in_turn() {
    type Check = fn(&[u8]) -> Result<(), Error>;
    let customer_check: Check = |bytes| {
        let refund = customer(bytes)?;
        customer_refund::to_unified(&refund, &MapOptions::new())?;
        Ok(())
    };
    let vendor_check: Check = |bytes| {
        let refund = vendor(bytes)?;
        vendor_refund::to_unified(&refund, &MapOptions::new())?;
        Ok(())
    };
    let mut checked = 0;
    for (root, record, check) in [
        ("Refund", customer_json(), customer_check),
        ("VendorRefund", vendor_json(), vendor_check),
        (
            "Refund",
            common::json(&fixture(
                "thredfi/customer_refunds/13_paid_three_methods_reconciled_nok.json",
            )),
            customer_check,
        ),
    ] {
        let mut found = Vec::new();
        objects(&record, String::new(), &mut found);
        for (pointer, object) in found {
            let Some(component) = component(root, &pointer) else {
                continue;
            };
            let required = schema_required(component);
            for key in object.keys() {
                let field = format!("{pointer}/{key}");
                let mut damaged = record.clone();
                set_at(&mut damaged, &field, None);
                let result = check(&serde_json::to_vec(&damaged).unwrap());
                if required.contains(key) {
                    let Err(Error::Decode(error)) = result else {
                        panic!(
                            "{root}{field} is required by the schema but its absence was accepted"
                        );
                    };
                    assert_eq!(error.path, field);
                    assert!(
                        error.message.starts_with("missing field"),
                        "{field}: {error}"
                    );
                } else {
                    assert!(
                        result.is_ok(),
                        "{root}{field} is optional but: {:?}",
                        result.err()
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 150, "only {checked} fields checked");
}

/// Gives every field (at every depth) each JSON type in turn. Whatever the decoder accepts maps
/// to a schema-valid unified refund; what it refuses is a decode error inside that field; and
/// everything the vendored schema accepts, the decoder accepts too.
#[test]
fn every_field_given_each_wrong_type_in_turn() {
    let replacements = [
        json!(null),
        json!(true),
        json!(0),
        json!(-1.5),
        json!("text"),
        json!([]),
        json!({}),
        json!([{}]),
    ];
    let mut checked = 0;
    for (target, record) in [
        (
            &unified_accounting::thredfi::targets::CUSTOMER_REFUND,
            customer_json(),
        ),
        (
            &unified_accounting::thredfi::targets::VENDOR_REFUND,
            vendor_json(),
        ),
    ] {
        let mut found = Vec::new();
        objects(&record, String::new(), &mut found);
        for (pointer, object) in found {
            for (key, original) in &object {
                let field = format!("{pointer}/{}", decode::escape(key));
                for replacement in &replacements {
                    if replacement == original {
                        continue;
                    }
                    let mut damaged = record.clone();
                    set_at(&mut damaged, &field, Some(replacement.clone()));
                    let bytes = serde_json::to_vec(&damaged).unwrap();
                    let decoded: Result<(), Error> = if target
                        == &unified_accounting::thredfi::targets::CUSTOMER_REFUND
                    {
                        customer(&bytes).map_err(Error::from).and_then(|refund| {
                            let mapped = customer_refund::to_unified(&refund, &MapOptions::new())?;
                            unified_accounting::unified::targets::REFUND
                                .validate(&serde_json::to_value(&mapped.output).unwrap())
                                .unwrap();
                            Ok(())
                        })
                    } else {
                        vendor(&bytes).map_err(Error::from).and_then(|refund| {
                            let mapped = vendor_refund::to_unified(&refund, &MapOptions::new())?;
                            unified_accounting::unified::targets::REFUND
                                .validate(&serde_json::to_value(&mapped.output).unwrap())
                                .unwrap();
                            Ok(())
                        })
                    };
                    match &decoded {
                        Ok(()) => {}
                        Err(Error::Decode(error)) => assert!(
                            error.path.starts_with(&field),
                            "{field} = {replacement}: error at {} ({error})",
                            error.path
                        ),
                        Err(error) => {
                            panic!("{field} = {replacement}: decoded but did not map: {error}")
                        }
                    }
                    if target.is_valid(&damaged) {
                        assert!(
                            decoded.is_ok(),
                            "{field} = {replacement} is schema-valid but refused: {decoded:?}"
                        );
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} cases checked");
}

/// The same for a unified refund given to the create mappers: a typed error or a valid request.
#[test]
fn unified_fields_given_each_wrong_type_in_turn() {
    let replacements = [
        json!(null),
        json!(true),
        json!(0),
        json!(-1.5),
        json!("text"),
        json!([]),
        json!({}),
    ];
    let record = unified_json();
    let mut found = Vec::new();
    objects(&record, String::new(), &mut found);
    let mut checked = 0;
    for (pointer, object) in found {
        for key in object.keys() {
            let field = format!("{pointer}/{}", decode::escape(key));
            for replacement in &replacements {
                let mut damaged = record.clone();
                set_at(&mut damaged, &field, Some(replacement.clone()));
                let bytes = serde_json::to_vec(&damaged).unwrap();
                match decode::from_slice::<unified::Refund>(&bytes) {
                    Err(error) => assert!(error.path.starts_with(&field), "{field}: {error}"),
                    Ok(refund) => {
                        let options = MapOptions::new().with(
                            unified_accounting::thredfi::Options::new()
                                .vendor_id("1d04bc6f-9066-4e59-a411-2626c70a70ef"),
                        );
                        for result in [
                            customer_refund::to_create_request(&refund, &options).map(|m| {
                                unified_accounting::thredfi::targets::CREATE_CUSTOMER_REFUND
                                    .validate(&serde_json::to_value(m.output).unwrap())
                            }),
                            vendor_refund::to_create_request(&refund, &options).map(|m| {
                                unified_accounting::thredfi::targets::CREATE_VENDOR_REFUND
                                    .validate(&serde_json::to_value(m.output).unwrap())
                            }),
                        ] {
                            match result {
                                Ok(validation) => validation.unwrap(),
                                Err(MappingError::InvalidOutput(error)) => {
                                    panic!("{field}: {error}")
                                }
                                Err(_) => {}
                            }
                        }
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "only {checked} cases checked");
}

// ---------------------------------------------------------------------------------------------
// Carried JSON numbers (regression: they used to be re-read from a serde_json::Value)
// ---------------------------------------------------------------------------------------------

/// Numbers in carried data (unknown keys, allocation extras, payment metadata) come back digit for
/// digit. `-0` used to come back as `0`, `100000000000000000000` as `1e+20`, and an integer beyond
/// `u64` in an allocation's unknown key made the record impossible to rebuild.
#[test]
fn carried_numbers_survive_exactly() {
    let numbers = [
        "-0",
        "100000000000000000000",
        "0.0000001",
        "12345678901234567890123",
        "1e+400",
        "-0.0",
        "1.0",
    ];
    for number in numbers {
        let mut refund = customer_json();
        let marker = Value::String("\u{1}N\u{1}".into());
        refund["x_top"] = marker.clone();
        refund["allocations"][0]["x_alloc"] = marker.clone();
        refund["refund_payments"][0]["metadata"] = json!({ "n": marker });
        refund["refund_payments"][0]["x_payment"] = marker.clone();
        let text = refund.to_string().replace("\"\\u0001N\\u0001\"", number);
        let decoded = customer(text.as_bytes()).unwrap();
        let unified = customer_refund::to_unified(&decoded, &MapOptions::new()).unwrap();
        let back = customer_refund::to_record(&unified.output, &MapOptions::new())
            .unwrap_or_else(|error| panic!("{number}: {error}"));
        assert_eq!(back.output, decoded, "{number}");
        let written = serde_json::to_string(&back.output).unwrap();
        assert_eq!(
            written.matches(&format!(":{number}")).count(),
            4,
            "{number}: {written}"
        );
    }
}

/// Found by fuzzing: a currency neither Thredfi's list nor Apideck's knows (`MyR`) was left out of
/// the unified refund with a warning, and a full record rebuilt from it silently had no currency.
/// It is now carried in `custom_mappings.thredfi_currency`, and the rebuilt record keeps it (so it
/// fails its schema, as any record with an unknown value does) instead of losing it. A code
/// Apideck knows (`JPY`) is passed on and refused by name on the way back.
#[test]
fn an_unknown_currency_is_never_silently_dropped() {
    for (code, carried) in [("MyR", true), ("JPY", false), ("eur", true)] {
        for resource in ["customer", "vendor"] {
            let mut record = if resource == "customer" {
                customer_json()
            } else {
                vendor_json()
            };
            record["currency"] = Value::String(code.into());
            let bytes = serde_json::to_vec(&record).unwrap();
            let (unified, back) = if resource == "customer" {
                let refund = customer(&bytes).unwrap();
                let unified = customer_refund::to_unified(&refund, &MapOptions::new())
                    .unwrap()
                    .output;
                let back = customer_refund::to_record(&unified, &MapOptions::new())
                    .map(|m| m.output.currency);
                (unified, back.map_err(|error| error.to_string()))
            } else {
                let refund = vendor(&bytes).unwrap();
                let unified = vendor_refund::to_unified(&refund, &MapOptions::new())
                    .unwrap()
                    .output;
                let back = vendor_refund::to_record(&unified, &MapOptions::new())
                    .map(|m| m.output.currency);
                (unified, back.map_err(|error| error.to_string()))
            };
            let kept = unified
                .custom_mappings
                .as_present()
                .unwrap()
                .get("thredfi_currency");
            assert_eq!(kept.is_some(), carried, "{resource} {code}");
            assert_eq!(
                unified.currency.as_present().is_some(),
                !carried,
                "{resource} {code}"
            );
            let error = back.expect_err("a record with an unknown currency is not emitted");
            assert!(error.contains("/currency"), "{resource} {code}: {error}");
        }
    }
}
