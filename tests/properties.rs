//! Property tests: what holds for *every* input, not just the fixtures.
//!
//! The generators (`tests/properties/generators.rs`) build Thredfi customer refunds, vendor
//! refunds and unified refunds that reach every field and edge. The properties:
//!
//! - every `to_unified` output validates against the vendored Apideck schema;
//! - Thredfi → unified → Thredfi is the identity, for both resources, also through stored JSON;
//! - unified → Thredfi (create requests, per-invoice requests, full records) is a schema-valid
//!   document or a typed error, never a panic, and a create request is never rejected by its own
//!   schema (that would be a bug of the mapper, not of the input);
//! - money: every `i64` cents value survives cents → decimal → JSON → decimal → cents; every
//!   decimal with at most two places converts exactly when in range; more places is an error;
//! - allocations: the amounts that travel sum exactly to what they summed to before.
//!
//! CI runs proptest's default 256 cases per property. For a deeper run:
//! `PROPTEST_CASES=20000 cargo test --release --test properties`.

#[path = "properties/generators.rs"]
mod generators;

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;
use unified_accounting::money::{JsonDecimal, MoneyError, cents_to_decimal, decimal_to_cents};
use unified_accounting::schema::Target;
use unified_accounting::thredfi::{customer_refund, vendor_refund};
use unified_accounting::{MapOptions, MappingError, decode, unified};

const BUSINESS_ID: &str = "3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c";

fn options() -> MapOptions {
    MapOptions::new().business_id(BUSINESS_ID)
}

fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).expect("a Value always serializes")
}

/// A mapped output must satisfy its target schema (checked again here, independently of the
/// mapper's own check).
fn assert_valid<T: serde::Serialize>(output: &T, target: Target) -> Result<(), TestCaseError> {
    let value =
        serde_json::to_value(output).map_err(|error| TestCaseError::fail(error.to_string()))?;
    target
        .validate(&value)
        .map_err(|error| TestCaseError::fail(format!("{target}: {error}\n{value:#}")))
}

/// Thredfi → unified → (stored as JSON text, reloaded) → Thredfi must give back the record.
fn customer_round_trip(json: &Value, strict: bool) -> Result<unified::Refund, TestCaseError> {
    let input = bytes(json);
    let refund: customer_refund::Refund = decode::from_slice(&input)
        .map_err(|error| TestCaseError::fail(format!("generated input rejected: {error}")))?;
    let options = options().strict(strict);
    let mapped = customer_refund::to_unified(&refund, &options)
        .map_err(|error| TestCaseError::fail(format!("to_unified: {error}")))?;
    assert_valid(&mapped.output, Target::ApideckRefund)?;
    let stored =
        serde_json::to_vec(&mapped.output).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let reloaded: unified::Refund = decode::from_slice(&stored)
        .map_err(|error| TestCaseError::fail(format!("reloading the unified JSON: {error}")))?;
    prop_assert_eq!(&reloaded, &mapped.output);
    let back = customer_refund::to_record(&reloaded, &options)
        .map_err(|error| TestCaseError::fail(format!("to_record: {error}")))?;
    assert_valid(&back.output, Target::ThredfiRefund)?;
    prop_assert_eq!(&back.output, &refund);
    // The same JSON as the input, key for key and number for number.
    let written =
        serde_json::to_value(&back.output).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&written, json);
    Ok(mapped.output)
}

fn vendor_round_trip(json: &Value, strict: bool) -> Result<unified::Refund, TestCaseError> {
    let input = bytes(json);
    let refund: vendor_refund::VendorRefund = decode::from_slice(&input)
        .map_err(|error| TestCaseError::fail(format!("generated input rejected: {error}")))?;
    let options = options().strict(strict);
    let mapped = vendor_refund::to_unified(&refund, &options)
        .map_err(|error| TestCaseError::fail(format!("to_unified: {error}")))?;
    assert_valid(&mapped.output, Target::ApideckRefund)?;
    let stored =
        serde_json::to_vec(&mapped.output).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let reloaded: unified::Refund = decode::from_slice(&stored)
        .map_err(|error| TestCaseError::fail(format!("reloading the unified JSON: {error}")))?;
    prop_assert_eq!(&reloaded, &mapped.output);
    let back = vendor_refund::to_record(&reloaded, &options)
        .map_err(|error| TestCaseError::fail(format!("to_record: {error}")))?;
    assert_valid(&back.output, Target::ThredfiVendorRefund)?;
    prop_assert_eq!(&back.output, &refund);
    let written =
        serde_json::to_value(&back.output).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&written, json);
    Ok(mapped.output)
}

/// The exact sum of decimal amounts (as cents, in `i128` so nothing can overflow).
fn sum_cents<'a>(
    amounts: impl Iterator<Item = &'a unified::Allocation>,
) -> Result<i128, TestCaseError> {
    let mut sum: i128 = 0;
    for allocation in amounts {
        let amount = allocation
            .amount
            .as_present()
            .ok_or_else(|| TestCaseError::fail("allocation without an amount"))?;
        let cents = decimal_to_cents(amount.get(), "/amount")
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        sum += i128::from(cents);
    }
    Ok(sum)
}

fn json_cents(value: &Value, key: &str) -> i128 {
    value
        .get(key)
        .and_then(Value::as_i64)
        .map(i128::from)
        .unwrap_or_default()
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

proptest! {
    /// Every generated customer refund maps to a schema-valid unified refund, and back to itself.
    #[test]
    fn customer_refund_round_trip_is_the_identity(json in generators::customer_refund()) {
        customer_round_trip(&json, false)?;
    }

    /// Known values only, so strict mode maps them too, with the same result.
    #[test]
    fn customer_refund_maps_in_strict_mode(json in generators::customer_refund()) {
        customer_round_trip(&json, true)?;
    }

    /// Every generated vendor refund maps to a schema-valid unified refund, and back to itself.
    #[test]
    fn vendor_refund_round_trip_is_the_identity(json in generators::vendor_refund()) {
        vendor_round_trip(&json, false)?;
    }

    #[test]
    fn vendor_refund_maps_in_strict_mode(json in generators::vendor_refund()) {
        vendor_round_trip(&json, true)?;
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
        let refund: customer_refund::Refund = decode::from_slice(&bytes(&json))
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        let mapped = customer_refund::to_unified(&refund, &options())
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        assert_valid(&mapped.output, Target::ApideckRefund)?;
    }

    /// A unified refund from any client: each Thredfi mapping is a schema-valid document or a
    /// typed error naming a field, never a panic.
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
            options = options.vendor_id("1d04bc6f-9066-4e59-a411-2626c70a70ef");
        }
        match customer_refund::to_create_request(&refund, &options) {
            Ok(mapped) => assert_valid(&mapped.output, Target::ThredfiCreateRefundRequest)?,
            Err(error) => typed_create_error(&error)?,
        }
        match customer_refund::to_create_requests_per_invoice(&refund, &options) {
            Ok(mapped) => {
                for request in &mapped.output {
                    assert_valid(request, Target::ThredfiCreateRefundRequest)?;
                }
            }
            Err(error) => typed_create_error(&error)?,
        }
        match vendor_refund::to_create_request(&refund, &options) {
            Ok(mapped) => assert_valid(&mapped.output, Target::ThredfiCreateVendorRefundRequest)?,
            Err(error) => typed_create_error(&error)?,
        }
        // A full record is only rebuilt from a refund that came from Thredfi; anything else is a
        // typed error (a carried unknown enum value is refused by the schema, by design).
        if let Ok(mapped) = customer_refund::to_record(&refund, &options) {
            assert_valid(&mapped.output, Target::ThredfiRefund)?;
        }
        if let Ok(mapped) = vendor_refund::to_record(&refund, &options) {
            assert_valid(&mapped.output, Target::ThredfiVendorRefund)?;
        }
    }

    /// A unified refund that came from Thredfi goes back as a valid create request (or a typed
    /// error for what a create cannot hold, such as a zero amount).
    #[test]
    fn mapped_thredfi_refunds_give_valid_create_requests(
        customer in generators::customer_refund(),
        vendor in generators::vendor_refund(),
    ) {
        let unified = customer_round_trip(&customer, false)?;
        match customer_refund::to_create_requests_per_invoice(&unified, &options()) {
            Ok(mapped) => {
                for request in &mapped.output {
                    assert_valid(request, Target::ThredfiCreateRefundRequest)?;
                }
            }
            Err(error) => typed_create_error(&error)?,
        }
        let unified = vendor_round_trip(&vendor, false)?;
        match vendor_refund::to_create_request(&unified, &options()) {
            Ok(mapped) => assert_valid(&mapped.output, Target::ThredfiCreateVendorRefundRequest)?,
            Err(error) => typed_create_error(&error)?,
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
        prop_assert_eq!(ours, Target::ApideckRefund.is_valid(&refund), "{}", text);
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
        prop_assert_eq!(ours, Target::ThredfiCreateVendorRefundRequest.is_valid(&request), "{}", text);
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
        // Also through a serde_json::Value, as a caller holding parsed JSON would.
        let value: Value = serde_json::from_str(&text)
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        let via_value: JsonDecimal = serde_json::from_value(value)
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(decimal_to_cents(via_value.get(), "/x"), Ok(cents));
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

    /// Customer refunds: the unified allocation amounts sum exactly to the Thredfi cents they
    /// came from, and back again; a per-invoice split sends exactly the invoice allocations' sum.
    #[test]
    fn customer_allocation_sums_are_kept(
        json in generators::customer_refund_with(generators::customer_allocation_strategy(), 12),
    ) {
        let before: i128 = json["allocations"]
            .as_array()
            .map(|allocations| allocations.iter().map(|a| json_cents(a, "amount")).sum())
            .unwrap_or_default();
        let unified = customer_round_trip(&json, false)?;
        let allocations = unified.allocations.as_deref().unwrap_or_default();
        prop_assert_eq!(sum_cents(allocations.iter())?, before);
        let invoices: Vec<&unified::Allocation> = allocations
            .iter()
            .filter(|a| a.r#type == Some(unified::AllocationType::Invoice))
            .collect();
        let invoice_sum = sum_cents(invoices.iter().copied())?;
        if let Ok(mapped) = customer_refund::to_create_requests_per_invoice(&unified, &options()) {
            let sent: i128 = mapped
                .output
                .iter()
                .map(|request| i128::from(request.amount_cents.unwrap_or_default()))
                .sum();
            if invoices.len() > 1 {
                prop_assert_eq!(sent, invoice_sum);
            }
        }
    }

    /// Vendor refunds: the same for vendor allocations, and a create request's allocations sum
    /// to what the unified allocations summed to.
    #[test]
    fn vendor_allocation_sums_are_kept(
        json in generators::vendor_refund_with(generators::vendor_allocation_strategy(), 12),
    ) {
        let before: i128 = json["allocations"]
            .as_array()
            .map(|allocations| allocations.iter().map(|a| json_cents(a, "amount")).sum())
            .unwrap_or_default();
        let unified = vendor_round_trip(&json, false)?;
        let allocations = unified.allocations.as_deref().unwrap_or_default();
        prop_assert_eq!(sum_cents(allocations.iter())?, before);
        if let Ok(mapped) = vendor_refund::to_create_request(&unified, &options()) {
            let sent: i128 = mapped
                .output
                .allocations
                .iter()
                .map(|allocation| i128::from(allocation.amount_cents))
                .sum();
            let typed = allocations.iter().filter(|a| a.r#type.is_some());
            prop_assert_eq!(sent, sum_cents(typed)?);
        }
    }

    /// Unified allocations with decimal amounts: what a vendor create request sends sums exactly
    /// to the unified amounts (a null amount standing for the whole total).
    #[test]
    fn unified_allocation_sums_travel_exactly(json in generators::unified_refund()) {
        let Ok(refund) = decode::from_slice::<unified::Refund>(&bytes(&json)) else {
            return Ok(());
        };
        let options = options().vendor_id("1d04bc6f-9066-4e59-a411-2626c70a70ef");
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
