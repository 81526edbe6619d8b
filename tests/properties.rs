//! Property tests: what holds for *every* input, not just the fixtures.
//!
//! The generators (`tests/properties/generators.rs`) build Thredfi customer refunds, vendor
//! refunds, their list pages and unified refunds that reach every field and edge, including what
//! the Thredfi API really sends: `null` in every response field but the record's `id`, absent
//! optional keys, and `""` in text. The properties:
//!
//! - every `to_unified` output validates against the vendored Apideck schema;
//! - Thredfi → unified → Thredfi is the identity, for both resources, also through stored JSON,
//!   and also when the unified refund comes back spelled out the way Apideck responses are
//!   (`null`, `[]`, all-null objects in the fields `to_record` does not read);
//! - the null rules: a `null` total, allocation amount, customer or vendor, invoice of an invoice
//!   allocation, bill of a bill allocation or bill payment of a payment allocation gives exactly
//!   one `null_value` warning naming it (lenient) or `MappingError::NullValue` at that path
//!   (strict); no other null does; strict mode otherwise gives the lenient result;
//! - unified → Thredfi (create requests, per-invoice requests, full records) is a schema-valid
//!   document or a typed error, never a panic, and a create request is never rejected by its own
//!   schema (that would be a bug of the mapper, not of the input);
//! - a create request never holds `null` outside `metadata`, nor `""` where its schema asks for
//!   at least one character, whatever nulls and blanks the unified refund (or the Thredfi record
//!   it came from) held;
//! - `to_record` output validates against the vendored Thredfi response schema, also after the
//!   mapped unified fields were edited (to null, blank or other values), and reflects the edits;
//! - pages: every record of a Thredfi page is mapped as it would be alone or reported with its
//!   index, whatever of the envelope is `null`;
//! - money: every `i64` cents value survives cents → decimal → JSON → decimal → cents; every
//!   decimal with at most two places converts exactly when in range; more places is an error;
//! - allocations: the non-null amounts that travel sum exactly to what they summed to before, and
//!   a null amount stays null.
//!
//! CI runs proptest's default 256 cases per property. For a deeper run:
//! `PROPTEST_CASES=20000 cargo test --release --test properties`.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

#[path = "properties/generators.rs"]
mod generators;

use std::collections::BTreeSet;
use std::sync::LazyLock;

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;
use unified_accounting::json::JsonValue;
use unified_accounting::money::{JsonDecimal, MoneyError, cents_to_decimal, decimal_to_cents};
use unified_accounting::schema::Target;
use unified_accounting::thredfi::{RefundKind, customer_refund, list, vendor_refund};
use unified_accounting::{
    MapOptions, Mapped, MappingError, Nullable, WarningCode, decode, unified,
};

const BUSINESS_ID: &str = "3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c";
const VENDOR_ID: &str = "1d04bc6f-9066-4e59-a411-2626c70a70ef";

fn options() -> MapOptions {
    MapOptions::new().with(unified_accounting::thredfi::Options::new().business_id(BUSINESS_ID))
}

fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).expect("a Value always serializes")
}

fn fail(error: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(error.to_string())
}

fn to_value<T: serde::Serialize>(output: &T) -> Result<Value, TestCaseError> {
    serde_json::to_value(output).map_err(fail)
}

/// `output` spelled out the way Apideck echoes a refund ([`generators::spell_out`]), with every
/// number as `output` has it: the spelling-out works on a `serde_json::Value`, whose floats would
/// round long amounts, so the values `output` has are taken from its exact JSON and only the keys
/// the spelling-out added come from the `Value`.
fn spelled_out_exactly(
    output: &unified::Refund,
    mask: u64,
) -> Result<unified::Refund, TestCaseError> {
    fn restore(spelled: &Value, exact: &JsonValue) -> JsonValue {
        match (spelled, exact) {
            (Value::Object(spelled), JsonValue::Object(exact)) => JsonValue::Object(
                spelled
                    .iter()
                    .map(|(key, value)| {
                        let value = match exact.get(key) {
                            Some(original) => restore(value, original),
                            None => {
                                JsonValue::from_text(&value.to_string()).expect("a Value is JSON")
                            }
                        };
                        (key.clone(), value)
                    })
                    .collect(),
            ),
            (Value::Array(spelled), JsonValue::Array(exact)) if spelled.len() == exact.len() => {
                JsonValue::Array(
                    spelled
                        .iter()
                        .zip(exact)
                        .map(|(s, e)| restore(s, e))
                        .collect(),
                )
            }
            (_, exact) => exact.clone(),
        }
    }
    let exact: JsonValue =
        serde_json::from_str(&serde_json::to_string(output).map_err(fail)?).map_err(fail)?;
    let mut spelled = to_value(output)?;
    generators::spell_out(&mut spelled, mask, true);
    let text = restore(&spelled, &exact).to_text();
    decode::from_slice(text.as_bytes()).map_err(fail)
}

/// A mapped output must satisfy its target schema (checked again here, independently of the
/// mapper's own check).
fn assert_valid<T: serde::Serialize>(output: &T, target: &Target) -> Result<(), TestCaseError> {
    let text = serde_json::to_string(output).map_err(fail)?;
    target
        .validate_text(&text)
        .map_err(|error| TestCaseError::fail(format!("{target}: {error}\n{text}")))
}

/// Thredfi → unified → (stored as JSON text, reloaded) → Thredfi must give back the record, in
/// lenient mode. Returns the mapping (output and warnings).
fn customer_round_trip(json: &Value) -> Result<Mapped<unified::Refund>, TestCaseError> {
    // The generator's promise: what it builds is what the API may send.
    assert_valid(json, &unified_accounting::thredfi::targets::CUSTOMER_REFUND)?;
    let refund: customer_refund::CustomerRefund = decode::from_slice(&bytes(json))
        .map_err(|error| TestCaseError::fail(format!("generated input rejected: {error}")))?;
    let options = options();
    let mapped = customer_refund::to_unified(&refund, &options)
        .map_err(|error| TestCaseError::fail(format!("to_unified: {error}")))?;
    assert_valid(
        &mapped.output,
        &unified_accounting::unified::targets::REFUND,
    )?;
    let stored = serde_json::to_vec(&mapped.output).map_err(fail)?;
    let reloaded: unified::Refund = decode::from_slice(&stored)
        .map_err(|error| TestCaseError::fail(format!("reloading the unified JSON: {error}")))?;
    prop_assert_eq!(&reloaded, &mapped.output);
    let back = customer_refund::to_record(&reloaded, &options)
        .map_err(|error| TestCaseError::fail(format!("to_record: {error}")))?;
    assert_valid(
        &back.output,
        &unified_accounting::thredfi::targets::CUSTOMER_REFUND,
    )?;
    prop_assert_eq!(&back.output, &refund);
    // The same JSON as the input, key for key and number for number.
    prop_assert_eq!(&to_value(&back.output)?, json);
    Ok(mapped)
}

fn vendor_round_trip(json: &Value) -> Result<Mapped<unified::Refund>, TestCaseError> {
    assert_valid(json, &unified_accounting::thredfi::targets::VENDOR_REFUND)?;
    let refund: vendor_refund::VendorRefund = decode::from_slice(&bytes(json))
        .map_err(|error| TestCaseError::fail(format!("generated input rejected: {error}")))?;
    let options = options();
    let mapped = vendor_refund::to_unified(&refund, &options)
        .map_err(|error| TestCaseError::fail(format!("to_unified: {error}")))?;
    assert_valid(
        &mapped.output,
        &unified_accounting::unified::targets::REFUND,
    )?;
    let stored = serde_json::to_vec(&mapped.output).map_err(fail)?;
    let reloaded: unified::Refund = decode::from_slice(&stored)
        .map_err(|error| TestCaseError::fail(format!("reloading the unified JSON: {error}")))?;
    prop_assert_eq!(&reloaded, &mapped.output);
    let back = vendor_refund::to_record(&reloaded, &options)
        .map_err(|error| TestCaseError::fail(format!("to_record: {error}")))?;
    assert_valid(
        &back.output,
        &unified_accounting::thredfi::targets::VENDOR_REFUND,
    )?;
    prop_assert_eq!(&back.output, &refund);
    prop_assert_eq!(&to_value(&back.output)?, json);
    Ok(mapped)
}

/// The README's null rules for a customer refund: the JSON Pointers of the nulls that give a
/// `null_value` warning (strict mode: an error).
fn customer_meaningful_nulls(json: &Value) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    for field in ["refunded_amount", "customer_id"] {
        if json[field].is_null() {
            paths.insert(format!("/{field}"));
        }
    }
    for (index, allocation) in json["allocations"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        if allocation["amount"].is_null() {
            paths.insert(format!("/allocations/{index}/amount"));
        }
        let invoice_type = matches!(
            allocation["allocation_type"].as_str(),
            Some("invoice" | "line_item")
        );
        if invoice_type && allocation["invoice_id"].is_null() {
            paths.insert(format!("/allocations/{index}/invoice_id"));
        }
    }
    paths
}

/// The same for a vendor refund.
fn vendor_meaningful_nulls(json: &Value) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    for field in ["total_refunded_amount", "vendor_id"] {
        if json[field].is_null() {
            paths.insert(format!("/{field}"));
        }
    }
    for (index, allocation) in json["allocations"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        if allocation["amount"].is_null() {
            paths.insert(format!("/allocations/{index}/amount"));
        }
        let document = match allocation.get("allocation_type").and_then(Value::as_str) {
            Some("bill") => Some("bill_id"),
            Some("payment") => Some("bill_payment_id"),
            _ => None,
        };
        if let Some(field) = document
            && allocation[field].is_null()
        {
            paths.insert(format!("/allocations/{index}/{field}"));
        }
    }
    paths
}

/// Lenient mode warns `null_value` exactly at `expected`; strict mode fails with
/// `MappingError::NullValue` at the first of those warnings, or, when there are none, gives the
/// lenient result (the generated records hold only known enum values, so nothing else can make
/// strict mode fail).
fn check_null_rules(
    lenient: &Mapped<unified::Refund>,
    strict: Result<Mapped<unified::Refund>, MappingError>,
    expected: &BTreeSet<String>,
) -> Result<(), TestCaseError> {
    let null_warnings: Vec<&unified_accounting::Warning> = lenient
        .warnings
        .iter()
        .filter(|warning| warning.code == WarningCode::NullValue)
        .collect();
    let warned: BTreeSet<String> = null_warnings
        .iter()
        .map(|warning| warning.source.to_string())
        .collect();
    prop_assert_eq!(&warned, expected, "null_value warnings");
    prop_assert_eq!(null_warnings.len(), expected.len(), "one warning per null");
    for warning in &null_warnings {
        prop_assert!(!warning.message.is_empty());
    }
    match strict {
        Ok(mapped) => {
            prop_assert!(
                expected.is_empty(),
                "strict mode accepted nulls {:?}",
                expected
            );
            prop_assert_eq!(&mapped.output, &lenient.output);
            prop_assert_eq!(&mapped.warnings, &lenient.warnings);
        }
        Err(MappingError::NullValue {
            path,
            expected: what,
        }) => {
            prop_assert_eq!(
                Some(path.as_str()),
                null_warnings.first().map(|w| w.source.as_str())
            );
            prop_assert!(!what.is_empty());
        }
        Err(other) => {
            return Err(TestCaseError::fail(format!(
                "strict mode failed with something other than a null: {other}"
            )));
        }
    }
    Ok(())
}

/// What the null rules do to the unified refund: a null total is a null `total_amount`, a null
/// allocation amount a null unified amount, a null invoice / bill / bill payment no unified
/// allocation id.
fn check_null_consequences(
    json: &Value,
    unified: &unified::Refund,
    total_key: &str,
    id_key: fn(&Value) -> Option<&'static str>,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(json[total_key].is_null(), unified.total_amount.is_null());
    let Some(allocations) = json["allocations"].as_array() else {
        prop_assert!(unified.allocations.is_none());
        return Ok(());
    };
    let mapped = unified.allocations.as_deref().unwrap_or_default();
    prop_assert_eq!(allocations.len(), mapped.len());
    for (source, target) in allocations.iter().zip(mapped) {
        prop_assert_eq!(source["amount"].is_null(), target.amount.is_null());
        prop_assert_eq!(source["id"].as_str(), target.allocation_id.as_deref());
        if let Some(key) = id_key(source) {
            prop_assert_eq!(source[key].as_str(), target.id.as_deref());
        }
    }
    Ok(())
}

fn customer_allocation_id_key(_: &Value) -> Option<&'static str> {
    Some("invoice_id")
}

fn vendor_allocation_id_key(allocation: &Value) -> Option<&'static str> {
    match allocation.get("allocation_type").and_then(Value::as_str) {
        Some("bill") => Some("bill_id"),
        Some("payment") => Some("bill_payment_id"),
        // A credit balance (or an untyped allocation) points at no document.
        _ => None,
    }
}

/// The exact sum of the present decimal amounts (as cents, in `i128` so nothing can overflow),
/// and how many amounts were null.
fn sum_cents<'a>(
    allocations: impl Iterator<Item = &'a unified::Allocation>,
) -> Result<(i128, usize), TestCaseError> {
    let mut sum: i128 = 0;
    let mut nulls = 0;
    for allocation in allocations {
        match &allocation.amount {
            Nullable::Present(amount) => {
                let cents = decimal_to_cents(amount.get(), "/amount").map_err(fail)?;
                sum += i128::from(cents);
            }
            Nullable::Null => nulls += 1,
            Nullable::Absent => return Err(TestCaseError::fail("allocation without an amount")),
        }
    }
    Ok((sum, nulls))
}

/// The sum of the non-null `amount`s of a Thredfi allocation list, and how many were null.
fn json_sum(allocations: &Value) -> (i128, usize) {
    let mut sum = 0;
    let mut nulls = 0;
    for allocation in allocations.as_array().into_iter().flatten() {
        match allocation["amount"].as_i64() {
            Some(cents) => sum += i128::from(cents),
            None => nulls += 1,
        }
    }
    (sum, nulls)
}

/// An error a create request may legitimately end in: anything but "the mapper built a request
/// its own schema rejects", which would be a bug.
fn typed_create_error(error: &MappingError) -> Result<(), TestCaseError> {
    match error {
        MappingError::InvalidOutput(violations) => Err(TestCaseError::fail(format!(
            "a create request failed its own schema (a mapper bug): {violations}"
        ))),
        _ => {
            prop_assert!(!error.to_string().is_empty());
            Ok(())
        }
    }
}

/// The vendored Thredfi document, parsed once.
static THREDFI_SCHEMAS: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str(unified_accounting::thredfi::targets::DOCUMENT.text())
        .expect("vendored JSON")
});

fn component(name: &str) -> &'static Value {
    &THREDFI_SCHEMAS["components"]["schemas"][name]
}

/// A create request holds no `null` outside `metadata` (Thredfi's create requests accept null
/// nowhere else, and an open object would let an unknown `null` key through the schema) and no
/// text shorter than its schema's `minLength` (`""` where at least one character is needed),
/// walking the request beside its schema component.
fn assert_clean_request<T: serde::Serialize>(
    request: &T,
    component_name: &str,
) -> Result<(), TestCaseError> {
    fn walk(value: &Value, schema: Option<&Value>, path: &str) -> Result<(), String> {
        match value {
            Value::Null => Err(format!("{path}: null in a create request")),
            Value::String(text) => {
                let min = schema
                    .and_then(|schema| schema.get("minLength"))
                    .and_then(Value::as_u64)
                    .unwrap_or(0);
                let length = u64::try_from(text.chars().count()).unwrap_or(u64::MAX);
                if length < min {
                    Err(format!("{path}: {text:?} is shorter than minLength {min}"))
                } else {
                    Ok(())
                }
            }
            Value::Array(items) => items.iter().enumerate().try_for_each(|(index, item)| {
                let items_schema = schema.and_then(|schema| schema.get("items"));
                walk(item, items_schema, &format!("{path}/{index}"))
            }),
            Value::Object(map) => map.iter().try_for_each(|(key, child)| {
                if key == "metadata" {
                    // Free-form (R7): any JSON, null included.
                    return Ok(());
                }
                let child_schema = schema
                    .and_then(|schema| schema.get("properties"))
                    .and_then(|properties| properties.get(key));
                walk(child, child_schema, &format!("{path}/{key}"))
            }),
            Value::Bool(_) | Value::Number(_) => Ok(()),
        }
    }
    let value = to_value(request)?;
    let schema = component(component_name);
    prop_assert!(schema.is_object(), "no component {}", component_name);
    walk(&value, Some(schema), "")
        .map_err(|problem| TestCaseError::fail(format!("{problem}\n{value:#}")))
}

/// Every create request a unified refund gives, with `options`: schema-valid and clean, or a
/// typed error.
fn check_create_requests(
    refund: &unified::Refund,
    options: &MapOptions,
) -> Result<(), TestCaseError> {
    match customer_refund::to_create_request(refund, options) {
        Ok(mapped) => {
            assert_valid(
                &mapped.output,
                &unified_accounting::thredfi::targets::CREATE_CUSTOMER_REFUND,
            )?;
            assert_clean_request(&mapped.output, "CreateSimpleRefundRequest")?;
        }
        Err(error) => typed_create_error(&error)?,
    }
    match customer_refund::to_create_requests_per_invoice(refund, options) {
        Ok(mapped) => {
            for request in &mapped.output {
                assert_valid(
                    request,
                    &unified_accounting::thredfi::targets::CREATE_CUSTOMER_REFUND,
                )?;
                assert_clean_request(request, "CreateSimpleRefundRequest")?;
            }
        }
        Err(error) => typed_create_error(&error)?,
    }
    match vendor_refund::to_create_request(refund, options) {
        Ok(mapped) => {
            assert_valid(
                &mapped.output,
                &unified_accounting::thredfi::targets::CREATE_VENDOR_REFUND,
            )?;
            assert_clean_request(&mapped.output, "CreateVendorRefundRequest")?;
        }
        Err(error) => typed_create_error(&error)?,
    }
    Ok(())
}

/// A unified JSON refund without its `pass_through`: a caller's `extend_object` may set any key to
/// anything (`null` included) on an open request object, which is the caller's choice, not the
/// mapper's.
fn without_pass_through(json: &Value) -> Value {
    let mut json = json.clone();
    if let Value::Object(map) = &mut json {
        map.remove("pass_through");
    }
    json
}

/// Sets the meaningful nulls of a generated customer refund to values, so that exactly one can
/// then be nulled; returns the candidates for that one.
fn repair_customer(json: &mut Value) -> Vec<String> {
    let mut candidates = vec!["/refunded_amount".to_owned(), "/customer_id".to_owned()];
    if json["refunded_amount"].is_null() {
        json["refunded_amount"] = Value::from(2450);
    }
    if json["customer_id"].is_null() {
        json["customer_id"] = Value::from("0f7e6d5c-4b3a-4291-8e7d-6c5b4a392817");
    }
    if let Some(allocations) = json["allocations"].as_array_mut() {
        for (index, allocation) in allocations.iter_mut().enumerate() {
            if allocation["amount"].is_null() {
                allocation["amount"] = Value::from(100);
            }
            candidates.push(format!("/allocations/{index}/amount"));
            if matches!(
                allocation["allocation_type"].as_str(),
                Some("invoice" | "line_item")
            ) {
                if allocation["invoice_id"].is_null() {
                    allocation["invoice_id"] = Value::from("31ec7ec0-c6b6-4870-a184-752ca7ac69ae");
                }
                candidates.push(format!("/allocations/{index}/invoice_id"));
            }
        }
    }
    candidates
}

fn repair_vendor(json: &mut Value) -> Vec<String> {
    let mut candidates = vec!["/total_refunded_amount".to_owned(), "/vendor_id".to_owned()];
    if json["total_refunded_amount"].is_null() {
        json["total_refunded_amount"] = Value::from(2450);
    }
    if json["vendor_id"].is_null() {
        json["vendor_id"] = Value::from("5af97b4d-eec2-4809-997e-849c0deda098");
    }
    if let Some(allocations) = json["allocations"].as_array_mut() {
        for (index, allocation) in allocations.iter_mut().enumerate() {
            if allocation["amount"].is_null() {
                allocation["amount"] = Value::from(100);
            }
            candidates.push(format!("/allocations/{index}/amount"));
            let field = match allocation.get("allocation_type").and_then(Value::as_str) {
                Some("bill") => "bill_id",
                Some("payment") => "bill_payment_id",
                _ => continue,
            };
            if allocation[field].is_null() {
                allocation[field] = Value::from("9b2d5c1e-7f3a-4e6b-8c9d-0a1b2c3d4e5f");
            }
            candidates.push(format!("/allocations/{index}/{field}"));
        }
    }
    candidates
}

/// Maps `json` lenient and strict after nulling `path` (the only meaningful null left), and checks
/// that the strict error and the lenient warning both name exactly `path`.
fn check_one_null<R>(
    json: &Value,
    path: &str,
    map: impl Fn(&R, &MapOptions) -> Result<Mapped<unified::Refund>, MappingError>,
) -> Result<(), TestCaseError>
where
    R: serde::de::DeserializeOwned,
{
    let mut json = json.clone();
    *json
        .pointer_mut(path)
        .ok_or_else(|| TestCaseError::fail(format!("no {path}")))? = Value::Null;
    let record: R = decode::from_slice(&bytes(&json)).map_err(fail)?;
    match map(&record, &options().strict(true)) {
        Err(MappingError::NullValue { path: found, .. }) => prop_assert_eq!(found.as_str(), path),
        Err(other) => return Err(TestCaseError::fail(format!("strict: {other}"))),
        Ok(_) => {
            return Err(TestCaseError::fail(format!(
                "strict mode accepted a null {path}"
            )));
        }
    }
    let mapped = map(&record, &options()).map_err(fail)?;
    let nulls: Vec<&str> = mapped
        .warnings
        .iter()
        .filter(|warning| warning.code == WarningCode::NullValue)
        .map(|warning| warning.source.as_str())
        .collect();
    prop_assert_eq!(nulls, vec![path]);
    assert_valid(
        &mapped.output,
        &unified_accounting::unified::targets::REFUND,
    )?;
    Ok(())
}

/// A value to put in a mapped unified field: `null`, `""`, or (from `text`) something else.
fn edit(choice: u8, text: Value) -> Value {
    match choice % 3 {
        0 => Value::Null,
        1 => Value::String(String::new()),
        _ => text,
    }
}

proptest! {
    /// Every generated customer refund (nulls and blanks included) maps to a schema-valid unified
    /// refund, and back to itself.
    #[test]
    fn customer_refund_round_trip_is_the_identity(json in generators::customer_refund()) {
        customer_round_trip(&json)?;
    }

    /// Every generated vendor refund maps to a schema-valid unified refund, and back to itself.
    #[test]
    fn vendor_refund_round_trip_is_the_identity(json in generators::vendor_refund()) {
        vendor_round_trip(&json)?;
    }

    /// The null rules, customer side: a null total, customer or allocation amount, or a null
    /// invoice on an invoice / line-item allocation, gives one `null_value` warning naming it
    /// (strict: `MappingError::NullValue` at the first); no other null does; the unified refund
    /// shows each null (no total, no customer, no allocation id or amount), never a made-up value.
    #[test]
    fn customer_nulls_follow_the_null_rules(json in generators::customer_refund()) {
        let lenient = customer_round_trip(&json)?;
        let refund: customer_refund::CustomerRefund = decode::from_slice(&bytes(&json)).map_err(fail)?;
        let strict = customer_refund::to_unified(&refund, &options().strict(true));
        check_null_rules(&lenient, strict, &customer_meaningful_nulls(&json))?;
        check_null_consequences(&json, &lenient.output, "refunded_amount", customer_allocation_id_key)?;
        match lenient.output.customer.as_present() {
            Some(customer) => {
                prop_assert_eq!(customer.id.as_deref(), json["customer_id"].as_str());
                prop_assert_eq!(
                    customer.display_name.as_present().map(String::as_str),
                    json["customer_name"].as_str()
                );
            }
            None => prop_assert!(json["customer_id"].is_null(), "customer lost"),
        }
    }

    /// The null rules, vendor side: a null total, vendor or allocation amount, a null bill on a
    /// bill allocation or a null bill payment on a payment allocation.
    #[test]
    fn vendor_nulls_follow_the_null_rules(json in generators::vendor_refund()) {
        let lenient = vendor_round_trip(&json)?;
        let refund: vendor_refund::VendorRefund = decode::from_slice(&bytes(&json)).map_err(fail)?;
        let strict = vendor_refund::to_unified(&refund, &options().strict(true));
        check_null_rules(&lenient, strict, &vendor_meaningful_nulls(&json))?;
        check_null_consequences(&json, &lenient.output, "total_refunded_amount", vendor_allocation_id_key)?;
        prop_assert!(lenient.output.customer.is_absent(), "a vendor is no customer");
        let carried = lenient.output.custom_mappings.as_present();
        prop_assert_eq!(
            carried.and_then(|map| map.get("vendor_id")).map(JsonValue::to_text),
            Some(json["vendor_id"].to_string())
        );
    }

    /// One meaningful null at a time, customer side: with every other meaningful field set, a
    /// null at that one field is `MappingError::NullValue` at exactly its path in strict mode, and
    /// exactly one `null_value` warning naming it in lenient mode.
    #[test]
    fn a_single_customer_null_is_named(json in generators::customer_refund(), pick in any::<usize>()) {
        let mut json = json;
        let candidates = repair_customer(&mut json);
        let path = &candidates[pick % candidates.len()];
        check_one_null(&json, path, customer_refund::to_unified)?;
    }

    /// The same, vendor side.
    #[test]
    fn a_single_vendor_null_is_named(json in generators::vendor_refund(), pick in any::<usize>()) {
        let mut json = json;
        let candidates = repair_vendor(&mut json);
        let path = &candidates[pick % candidates.len()];
        check_one_null(&json, path, vendor_refund::to_unified)?;
    }

    /// Apideck echoes a refund back with every field spelled out (`null`, `[]`, all-null
    /// addresses) and the customer's empty fields as `null`: in the fields `to_record` does not
    /// read, that changes nothing, so the record comes back identical, and its create requests
    /// stay clean.
    #[test]
    fn an_apideck_echo_still_rebuilds_the_record(
        customer in generators::customer_refund(),
        vendor in generators::vendor_refund(),
        mask in any::<u64>(),
    ) {
        let mapped = customer_round_trip(&customer)?;
        let echo = spelled_out_exactly(&mapped.output, mask)?;
        let record = customer_refund::to_record(&echo, &options()).map_err(fail)?;
        prop_assert_eq!(&to_value(&record.output)?, &customer);
        check_create_requests(&echo, &options())?;

        let mapped = vendor_round_trip(&vendor)?;
        let echo = spelled_out_exactly(&mapped.output, mask)?;
        let record = vendor_refund::to_record(&echo, &options()).map_err(fail)?;
        prop_assert_eq!(&to_value(&record.output)?, &vendor);
        check_create_requests(&echo, &options().update(|thredfi: unified_accounting::thredfi::Options| thredfi.vendor_id(VENDOR_ID)))?;
    }

    /// Unknown enum values anywhere still map (a warning each), and the output is still valid.
    #[test]
    fn unknown_enum_values_are_warnings_not_failures(
        json in generators::customer_refund(),
        status in "[a-z_]{1,12}",
        currency in "[A-Z]{3}",
    ) {
        let mut json = json;
        json["status"] = Value::String(status);
        json["currency"] = Value::String(currency);
        let refund: customer_refund::CustomerRefund = decode::from_slice(&bytes(&json))
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        let mapped = customer_refund::to_unified(&refund, &options())
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        assert_valid(&mapped.output, &unified_accounting::unified::targets::REFUND)?;
    }

    /// A unified refund from any client (Apideck-response-shaped ones included): each Thredfi
    /// mapping is a schema-valid document or a typed error naming a field, never a panic.
    #[test]
    fn unified_to_thredfi_is_valid_or_a_typed_error(
        json in generators::unified_refund(),
        strict in any::<bool>(),
        vendor_fallback in any::<bool>(),
    ) {
        let Ok(refund) = decode::from_slice::<unified::Refund>(&bytes(&json)) else {
            // Not a unified refund at all (e.g. a number that no decimal holds): a typed decode
            // error, which is all this property asks.
            return Ok(());
        };
        let mut options = options().strict(strict);
        if vendor_fallback {
            options = options.update(|thredfi: unified_accounting::thredfi::Options| thredfi.vendor_id(VENDOR_ID));
        }
        match customer_refund::to_create_request(&refund, &options) {
            Ok(mapped) => assert_valid(&mapped.output, &unified_accounting::thredfi::targets::CREATE_CUSTOMER_REFUND)?,
            Err(error) => typed_create_error(&error)?,
        }
        match customer_refund::to_create_requests_per_invoice(&refund, &options) {
            Ok(mapped) => {
                for request in &mapped.output {
                    assert_valid(request, &unified_accounting::thredfi::targets::CREATE_CUSTOMER_REFUND)?;
                }
            }
            Err(error) => typed_create_error(&error)?,
        }
        match vendor_refund::to_create_request(&refund, &options) {
            Ok(mapped) => assert_valid(&mapped.output, &unified_accounting::thredfi::targets::CREATE_VENDOR_REFUND)?,
            Err(error) => typed_create_error(&error)?,
        }
        // A full record is only rebuilt from a refund that came from Thredfi; anything else is a
        // typed error (a carried unknown enum value is refused by the schema, by design).
        if let Ok(mapped) = customer_refund::to_record(&refund, &options) {
            assert_valid(&mapped.output, &unified_accounting::thredfi::targets::CUSTOMER_REFUND)?;
        }
        if let Ok(mapped) = vendor_refund::to_record(&refund, &options) {
            assert_valid(&mapped.output, &unified_accounting::thredfi::targets::VENDOR_REFUND)?;
        }
    }

    /// No create request holds `null` outside `metadata`, or `""` in a field whose schema asks for
    /// at least one character, whatever nulls and blanks the unified refund holds (its
    /// `pass_through` left out: that is the caller's own edit of the request).
    #[test]
    fn create_requests_hold_no_null_and_no_blank(
        json in generators::unified_refund(),
        strict in any::<bool>(),
    ) {
        let Ok(refund) = decode::from_slice::<unified::Refund>(&bytes(&without_pass_through(&json))) else {
            return Ok(());
        };
        check_create_requests(&refund, &options().strict(strict).update(|thredfi: unified_accounting::thredfi::Options| thredfi.vendor_id(VENDOR_ID)))?;
    }

    /// A refund spelled out the way an Apideck response is (`null`, `[]`, all-null addresses and
    /// customer fields) is read whenever the refund itself is, and its create requests are valid
    /// and clean: the empty spellings are neither sent nor an error.
    #[test]
    fn apideck_shaped_refunds_are_read_and_sent_clean(
        (plain, spelled) in generators::apideck_response_plausible_refund(),
    ) {
        if decode::from_slice::<unified::Refund>(&bytes(&plain)).is_err() {
            // Not readable to begin with (an amount no decimal holds, say).
            return Ok(());
        }
        let refund: unified::Refund = decode::from_slice(&bytes(&without_pass_through(&spelled)))
            .map_err(|error| {
                TestCaseError::fail(format!("an Apideck-shaped refund was refused: {error}"))
            })?;
        check_create_requests(&refund, &options().update(|thredfi: unified_accounting::thredfi::Options| thredfi.vendor_id(VENDOR_ID)))?;
    }

    /// A unified refund that came from Thredfi goes back as a valid, clean create request (or a
    /// typed error for what a create cannot hold, such as a zero or null amount): the record's
    /// nulls (a payment's processor, memo or amount, a credit allocation's bill) never reach it.
    #[test]
    fn mapped_thredfi_refunds_give_valid_create_requests(
        customer in generators::customer_refund(),
        vendor in generators::vendor_refund(),
        vendor_fallback in any::<bool>(),
    ) {
        let mut options = options();
        if vendor_fallback {
            options = options.update(|thredfi: unified_accounting::thredfi::Options| thredfi.vendor_id(VENDOR_ID));
        }
        let unified = customer_round_trip(&customer)?.output;
        check_create_requests(&unified, &options)?;
        let unified = vendor_round_trip(&vendor)?.output;
        check_create_requests(&unified, &options)?;
    }

    /// `to_record` output validates against the vendored Thredfi response schema also when the
    /// mapped unified fields were edited (to null, `""` or another value; lengths within the
    /// schema's limits), and every edit shows in the record.
    #[test]
    fn edited_refunds_rebuild_valid_records(
        customer in generators::customer_refund(),
        vendor in generators::vendor_refund(),
        choices in proptest::collection::vec(any::<u8>(), 8),
        cents in generators::cents(),
        text in generators::text(100),
        when in generators::timestamp(),
    ) {
        let text = Value::String(text);
        let amount = (choices[0] % 2 == 1).then(|| cents_to_decimal(cents));
        let date = if choices[1] % 2 == 0 { Value::Null } else { Value::String(when) };
        let note = edit(choices[2], text.clone());
        let number = edit(choices[3], text.clone());
        let allocation_amount = if choices[5] % 2 == 0 { Value::Null } else { Value::from(1) };
        // The edits are made on the refund's exact JSON (a `serde_json::Value` would round its
        // long amounts); `check` reads a lossy `Value` of the result.
        let exact = |value: &Value| JsonValue::from_text(&value.to_string()).expect("a Value is JSON");
        let apply = |unified: &unified::Refund| -> Result<(Value, Vec<u8>), TestCaseError> {
            let written = serde_json::to_string(unified).map_err(fail)?;
            let mut json = JsonValue::from_text(&written).map_err(fail)?;
            let JsonValue::Object(object) = &mut json else {
                return Err(fail("a unified refund is an object"));
            };
            let total = amount.map_or(JsonValue::Null, |amount| {
                JsonValue::from_text(&amount.to_string()).expect("a decimal is a JSON number")
            });
            object.insert("total_amount".into(), total);
            object.insert("refund_date".into(), exact(&date));
            object.insert("note".into(), exact(&note));
            object.insert("number".into(), exact(&number));
            if let Some(JsonValue::Array(allocations)) = object.get_mut("allocations")
                && let Some(JsonValue::Object(first)) = allocations.first_mut()
            {
                first.insert("amount".into(), exact(&allocation_amount));
            }
            if let Some(JsonValue::Object(customer)) = object.get_mut("customer") {
                customer.insert("display_name".into(), exact(&edit(choices[4], text.clone())));
            }
            Ok((json.to_serde_lossy(), json.to_text().into_bytes()))
        };
        let check = |record: &Value, edited: &Value, note_key: &str, total_key: &str| -> Result<(), TestCaseError> {
            prop_assert_eq!(
                record[total_key].as_i64().map(cents_to_decimal),
                amount
            );
            prop_assert_eq!(&record[note_key], &edited["note"]);
            prop_assert_eq!(&record["reference_number"], &edited["number"]);
            if let Some(first) = record["allocations"].as_array().and_then(|a| a.first()) {
                let expected = edited["allocations"][0]["amount"].as_number().map(|_| 100);
                prop_assert_eq!(first["amount"].as_i64(), expected);
            }
            Ok(())
        };

        let mapped = customer_round_trip(&customer)?;
        let (edited, edited_bytes) = apply(&mapped.output)?;
        let refund: unified::Refund = decode::from_slice(&edited_bytes).map_err(fail)?;
        let record = customer_refund::to_record(&refund, &options())
            .map_err(|error| TestCaseError::fail(format!("to_record after editing: {error}\n{edited:#}")))?;
        assert_valid(&record.output, &unified_accounting::thredfi::targets::CUSTOMER_REFUND)?;
        let record = to_value(&record.output)?;
        check(&record, &edited, "memo", "refunded_amount")?;
        prop_assert_eq!(&record["completed_at"], &edited["refund_date"]);
        if let Some(customer) = edited.get("customer").filter(|c| c.is_object()) {
            prop_assert_eq!(&record["customer_name"], &customer["display_name"]);
        }

        let mapped = vendor_round_trip(&vendor)?;
        let (edited, edited_bytes) = apply(&mapped.output)?;
        let refund: unified::Refund = decode::from_slice(&edited_bytes).map_err(fail)?;
        let record = vendor_refund::to_record(&refund, &options())
            .map_err(|error| TestCaseError::fail(format!("to_record after editing: {error}\n{edited:#}")))?;
        assert_valid(&record.output, &unified_accounting::thredfi::targets::VENDOR_REFUND)?;
        let record = to_value(&record.output)?;
        check(&record, &edited, "description", "total_refunded_amount")?;
        prop_assert_eq!(record["refund_date"].is_null(), edited["refund_date"].is_null());
    }

    /// A Thredfi page, whatever of its envelope is `null`: every record is mapped exactly as it
    /// is alone, or reported with its index; the list response is valid; `null` results give no
    /// records and a `null_value` warning; the counts and cursors come from the page and are
    /// left out, never invented, where the page has `null`.
    #[test]
    fn pages_map_record_by_record(
        customer in generators::customer_page(),
        vendor in generators::vendor_page(),
    ) {
        for (resource, page) in [(RefundKind::CustomerRefund, customer), (RefundKind::VendorRefund, vendor)] {
            let mapped = list::to_unified_list(&resource, &bytes(&page), &options(), None)
                .map_err(|error| TestCaseError::fail(format!("page refused: {error}")))?;
            assert_valid(&mapped.list, &unified_accounting::unified::targets::REFUND_LIST)?;
            prop_assert_eq!(mapped.json.get(), serde_json::to_string(&mapped.list).map_err(fail)?);
            let results = page["results"].as_array().cloned().unwrap_or_default();
            prop_assert_eq!(mapped.list.data.len() + mapped.failures.len(), results.len());
            let mut data = mapped.list.data.iter();
            let mut failures = mapped.failures.iter();
            for (index, record) in results.iter().enumerate() {
                match unified_accounting::Resource::to_unified(&resource, &bytes(record), &options()) {
                    Ok(alone) => prop_assert_eq!(Some(alone.output.typed()), data.next()),
                    Err(_) => prop_assert_eq!(failures.next().map(|f| f.index), Some(index)),
                }
            }
            let results_null = mapped
                .warnings
                .iter()
                .any(|w| w.code == WarningCode::NullValue && w.source == "/results");
            prop_assert_eq!(results_null, page["results"].is_null());
            let meta = mapped.list.meta.as_ref().ok_or_else(|| fail("no meta"))?;
            let info = &page["page_info"];
            let total = info["total_count"].as_u64().or_else(|| page["count"].as_u64());
            prop_assert_eq!(meta.total_count, total);
            let current = info["current_page"].as_u64();
            prop_assert_eq!(meta.cursors.current.clone(), current.map(list::page_cursor));
        }
    }

    /// The decoder's date-time check and the schemas' `format: date-time` agree on every
    /// candidate, valid or not (leap seconds, hour 24, out-of-range offsets, lower-case
    /// separators, missing parts). A timestamp the decoder accepted but the schema refused let a
    /// record in whose mapped output then failed validation (`10:30:60Z` did, until fixed).
    #[test]
    fn timestamps_are_accepted_exactly_when_the_schema_accepts_them(
        year in prop_oneof![Just(0u32), Just(1970), Just(2016), 0u32..=9999],
        month in 0u32..=13,
        day in 0u32..=32,
        hour in 0u32..=25,
        minute in 0u32..=61,
        second in prop_oneof![0u32..=61, Just(59), Just(60)],
        fraction in prop_oneof![Just(String::new()), "\\.[0-9]{1,12}", Just(".".to_owned())],
        separator in prop_oneof![8 => Just('T'), 1 => Just('t'), 1 => Just(' ')],
        offset in prop_oneof![
            Just("Z".to_owned()),
            Just("z".to_owned()),
            Just("".to_owned()),
            (proptest::bool::ANY, 0u32..=25, 0u32..=61).prop_map(|(plus, h, m)| {
                format!("{}{h:02}:{m:02}", if plus { '+' } else { '-' })
            }),
        ],
    ) {
        let text = format!(
            "{year:04}-{month:02}-{day:02}{separator}{hour:02}:{minute:02}:{second:02}{fraction}{offset}"
        );
        let ours = unified_accounting::datetime::Timestamp::parse(&text).is_ok();
        let refund = serde_json::json!({ "id": "r", "total_amount": 1, "refund_date": text });
        prop_assert_eq!(ours, unified_accounting::unified::targets::REFUND.is_valid(&refund), "{}", text);
    }

    /// The same for calendar dates and `format: date`.
    #[test]
    fn dates_are_accepted_exactly_when_the_schema_accepts_them(
        year in prop_oneof![Just(0u32), 0u32..=9999, Just(10000)],
        month in 0u32..=13,
        day in 0u32..=32,
    ) {
        let text = format!("{year:04}-{month:02}-{day:02}");
        let ours = unified_accounting::datetime::CalendarDate::parse(&text).is_ok();
        let request = serde_json::json!({
            "vendor_id": "5af97b4d-eec2-4809-997e-849c0deda098",
            "total_refunded_amount_cents": 1,
            "currency": "EUR",
            "refund_date": text,
        });
        prop_assert_eq!(ours, unified_accounting::thredfi::targets::CREATE_VENDOR_REFUND.is_valid(&request), "{}", text);
    }

    /// A list cursor gives back its page, for every page number.
    #[test]
    fn page_cursors_round_trip(page in any::<u64>()) {
        use unified_accounting::thredfi::list::{page_cursor, page_from_cursor};
        prop_assert_eq!(page_from_cursor(&page_cursor(page)), Some(page));
    }

    /// Every `i64` cents value survives cents → decimal → JSON text → decimal → cents exactly,
    /// and the JSON text is the decimal's own digits.
    #[test]
    fn every_cents_value_survives_json(cents in any::<i64>()) {
        let amount = cents_to_decimal(cents);
        let text = serde_json::to_string(&JsonDecimal(amount))
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(&text, &amount.to_string());
        let read: JsonDecimal = serde_json::from_str(&text)
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(read.get(), amount);
        prop_assert_eq!(decimal_to_cents(read.get(), "/x"), Ok(cents));
        // Also through a serde_json::Value, as a caller holding parsed JSON would: it holds the
        // amount as an `f64`, exact for up to 15 significant digits (longer amounts must be read
        // from the text, as above).
        let value: Value = serde_json::from_str(&text)
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        let via_value: JsonDecimal = serde_json::from_value(value)
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        if cents.unsigned_abs() < 10u64.pow(15) {
            prop_assert_eq!(decimal_to_cents(via_value.get(), "/x"), Ok(cents));
        }
    }

    /// A decimal with at most two places converts exactly when its cents fit in `i64`, and is an
    /// out-of-range error otherwise; trailing zeros (any scale) do not count as places.
    #[test]
    fn two_places_convert_exactly(mantissa in any::<i64>(), scale in 0u32..=2, zeros in 0u32..=8) {
        let amount = Decimal::new(mantissa, scale);
        let expected = i128::from(mantissa) * 10i128.pow(2 - scale);
        let padded = Decimal::from_i128_with_scale(
            i128::from(mantissa) * 10i128.pow(zeros),
            scale + zeros,
        );
        for value in [amount, padded] {
            match i64::try_from(expected) {
                Ok(cents) => prop_assert_eq!(decimal_to_cents(value, "/x"), Ok(cents)),
                Err(_) => {
                    let is_out_of_range = matches!(
                        decimal_to_cents(value, "/x"),
                        Err(MoneyError::OutOfRange { .. })
                    );
                    prop_assert!(is_out_of_range);
                }
            }
        }
    }

    /// More than two significant decimal places is an error naming the field, never a rounding.
    #[test]
    fn more_places_is_an_error(mantissa in any::<i64>(), scale in 3u32..=28) {
        let amount = Decimal::new(mantissa, scale);
        prop_assume!(amount.normalize().scale() > 2);
        let error = decimal_to_cents(amount, "/allocations/3/amount");
        let is_places_error = matches!(
            &error,
            Err(MoneyError::TooManyDecimalPlaces { path, decimal_places, .. })
                if path == "/allocations/3/amount" && *decimal_places > 2
        );
        prop_assert!(is_places_error, "{error:?}");
    }

    /// Customer refunds: the non-null unified allocation amounts sum exactly to the Thredfi cents
    /// they came from, a null amount stays null, and a per-invoice split sends exactly the invoice
    /// allocations' sum.
    #[test]
    fn customer_allocation_sums_are_kept(
        json in generators::customer_refund_with(generators::customer_allocation_strategy(), 12),
    ) {
        let before = json_sum(&json["allocations"]);
        let unified = customer_round_trip(&json)?.output;
        let allocations = unified.allocations.as_deref().unwrap_or_default();
        prop_assert_eq!(sum_cents(allocations.iter())?, before);
        let invoices: Vec<&unified::Allocation> = allocations
            .iter()
            .filter(|a| a.r#type == Some(unified::AllocationType::Invoice))
            .collect();
        let (invoice_sum, _) = sum_cents(invoices.iter().copied())?;
        if let Ok(mapped) = customer_refund::to_create_requests_per_invoice(&unified, &options()) {
            let sent: i128 = mapped
                .output
                .iter()
                .map(|request| i128::from(request.amount_cents.unwrap_or_default()))
                .sum();
            if invoices.len() > 1 {
                // Several invoices: each needs its own amount, so none was null.
                prop_assert!(invoices.iter().all(|a| a.amount.as_present().is_some()));
                prop_assert_eq!(sent, invoice_sum);
            }
        }
    }

    /// Vendor refunds: the same for vendor allocations, and a create request's allocations sum
    /// to what the unified allocations summed to (a null amount standing for the whole total, as
    /// for any unified input).
    #[test]
    fn vendor_allocation_sums_are_kept(
        json in generators::vendor_refund_with(generators::vendor_allocation_strategy(), 12),
    ) {
        let before = json_sum(&json["allocations"]);
        let unified = vendor_round_trip(&json)?.output;
        let allocations = unified.allocations.as_deref().unwrap_or_default();
        prop_assert_eq!(sum_cents(allocations.iter())?, before);
        if let Ok(mapped) = vendor_refund::to_create_request(&unified, &options().update(|thredfi: unified_accounting::thredfi::Options| thredfi.vendor_id(VENDOR_ID))) {
            let total = i128::from(mapped.output.total_refunded_amount_cents);
            let sent: i128 = mapped
                .output
                .allocations
                .iter()
                .map(|allocation| i128::from(allocation.amount_cents))
                .sum();
            let typed: Vec<&unified::Allocation> =
                allocations.iter().filter(|a| a.r#type.is_some()).collect();
            let (typed_sum, typed_nulls) = sum_cents(typed.iter().copied())?;
            prop_assert_eq!(sent, typed_sum + total * i128::try_from(typed_nulls).unwrap_or(0));
            prop_assert!(sent <= total);
        }
    }

    /// Unified allocations with decimal amounts: what a vendor create request sends sums exactly
    /// to the unified amounts (a null amount standing for the whole total).
    #[test]
    fn unified_allocation_sums_travel_exactly(json in generators::unified_refund()) {
        let Ok(refund) = decode::from_slice::<unified::Refund>(&bytes(&json)) else {
            return Ok(());
        };
        let options = options().update(|thredfi: unified_accounting::thredfi::Options| thredfi.vendor_id("1d04bc6f-9066-4e59-a411-2626c70a70ef"));
        if let Ok(mapped) = vendor_refund::to_create_request(&refund, &options) {
            let total = mapped.output.total_refunded_amount_cents;
            let expected: i128 = refund
                .allocations
                .iter()
                .flatten()
                .map(|allocation| match allocation.amount.as_present() {
                    Some(amount) => decimal_to_cents(amount.get(), "/x").map(i128::from).unwrap_or(-1),
                    None => i128::from(total),
                })
                .sum();
            let sent: i128 = mapped
                .output
                .allocations
                .iter()
                .map(|allocation| i128::from(allocation.amount_cents))
                .sum();
            prop_assert_eq!(sent, expected);
            prop_assert!(sent <= i128::from(total));
        }
        if let Ok(mapped) = customer_refund::to_create_requests_per_invoice(&refund, &options) {
            if mapped.output.len() > 1 {
                let expected: i128 = refund
                    .allocations
                    .iter()
                    .flatten()
                    .filter(|a| a.r#type == Some(unified::AllocationType::Invoice))
                    .filter_map(|a| a.amount.as_present())
                    .map(|amount| decimal_to_cents(amount.get(), "/x").map(i128::from).unwrap_or(-1))
                    .sum();
                let sent: i128 = mapped
                    .output
                    .iter()
                    .map(|request| i128::from(request.amount_cents.unwrap_or_default()))
                    .sum();
                prop_assert_eq!(sent, expected);
            }
        }
    }
}
