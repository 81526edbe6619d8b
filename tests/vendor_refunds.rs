//! Thredfi vendor refunds, both ways, over every fixture.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

mod common;

use common::{BUSINESS_ID, fixtures, json, relative, render, render_error, stem};
use unified_accounting::thredfi::vendor_refund::{self, VendorRefund};
use unified_accounting::{MapOptions, decode, unified};

fn options() -> MapOptions {
    MapOptions::new().with(unified_accounting::thredfi::Options::new().business_id(BUSINESS_ID))
}

/// Thredfi → unified: one snapshot per fixture, each output schema-valid, none with a customer.
#[test]
fn to_unified_snapshots() {
    for path in fixtures("thredfi/vendor_refunds") {
        let bytes = std::fs::read(&path).unwrap();
        let refund: VendorRefund = decode::from_slice(&bytes)
            .unwrap_or_else(|error| panic!("{}: {error}", relative(&path)));
        let result = vendor_refund::to_unified(&refund, &options());
        let mapped = result
            .as_ref()
            .unwrap_or_else(|error| panic!("{}: {error}", relative(&path)));
        let value = serde_json::to_value(&mapped.output).unwrap();
        unified_accounting::unified::targets::REFUND
            .validate(&value)
            .unwrap();
        assert!(
            value.get("customer").is_none(),
            "a vendor is not a customer"
        );
        assert_eq!(
            value["custom_mappings"]["thredfi_resource"],
            "vendor_refund"
        );
        insta::assert_snapshot!(
            format!("to_unified__{}", stem(&path)),
            render(&path, &result)
        );
    }
}

/// Thredfi → unified (through JSON text) → Thredfi is the identity on every fixture.
#[test]
fn round_trip_is_exact() {
    for path in fixtures("thredfi/vendor_refunds") {
        let bytes = std::fs::read(&path).unwrap();
        let refund: VendorRefund = decode::from_slice(&bytes).unwrap();
        let unified = vendor_refund::to_unified(&refund, &options())
            .unwrap()
            .output;
        let stored = serde_json::to_vec(&unified).unwrap();
        let reloaded: unified::Refund = decode::from_slice(&stored).unwrap();
        let back = vendor_refund::to_record(&reloaded, &options())
            .unwrap_or_else(|error| panic!("{}: {error}", relative(&path)))
            .output;
        assert_eq!(
            serde_json::to_value(&back).unwrap(),
            json(&bytes),
            "{} did not survive the round trip",
            relative(&path)
        );
    }
}

/// A unified refund from a Thredfi vendor refund also maps to a create request, which carries its
/// allocations and payments.
#[test]
fn vendor_fixtures_map_to_create_requests() {
    for path in fixtures("thredfi/vendor_refunds") {
        let refund: VendorRefund = decode::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let unified = vendor_refund::to_unified(&refund, &options())
            .unwrap()
            .output;
        let result = vendor_refund::to_create_request(&unified, &options());
        insta::assert_snapshot!(
            format!("create_from_thredfi__{}", stem(&path)),
            render(&path, &result)
        );
    }
}

/// Unified → Thredfi vendor create request, over the vendor-side unified fixtures.
#[test]
fn to_create_request_snapshots() {
    for path in fixtures("apideck/refunds") {
        if !stem(&path).contains("vendor") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let refund: unified::Refund = decode::from_slice(&bytes)
            .unwrap_or_else(|error| panic!("{}: {error}", relative(&path)));
        let result = vendor_refund::to_create_request(&refund, &options());
        if let Ok(mapped) = &result {
            let value = serde_json::to_value(&mapped.output).unwrap();
            unified_accounting::thredfi::targets::CREATE_VENDOR_REFUND
                .validate(&value)
                .unwrap();
        }
        insta::assert_snapshot!(
            format!("to_create_request__{}", stem(&path)),
            render(&path, &result)
        );
    }
}

/// The vendor id may come from the caller when the record does not carry one.
#[test]
fn vendor_id_from_options() {
    let path = fixtures("apideck/refunds")
        .into_iter()
        .find(|path| stem(path).contains("no_vendor_id"))
        .unwrap();
    let refund: unified::Refund = decode::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert!(vendor_refund::to_create_request(&refund, &options()).is_err());
    let vendor = "6d1f9c2b-3a4e-4b5c-8d7e-9f0a1b2c3d4e";
    let mapped = vendor_refund::to_create_request(
        &refund,
        &options()
            .update(|thredfi: unified_accounting::thredfi::Options| thredfi.vendor_id(vendor)),
    )
    .unwrap();
    assert_eq!(mapped.output.vendor_id.as_str(), vendor);
}

/// The refund date is the calendar day in the timestamp's own offset, not in UTC.
#[test]
fn late_evening_with_offset_keeps_its_own_day() {
    let path = fixtures("apideck/refunds")
        .into_iter()
        .find(|path| stem(path).contains("late_day_offset"))
        .unwrap();
    let refund: unified::Refund = decode::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let mapped = vendor_refund::to_create_request(&refund, &options()).unwrap();
    assert_eq!(
        refund.refund_date.as_present().unwrap().as_str(),
        "2026-03-31T23:30:00-05:00"
    );
    assert_eq!(mapped.output.refund_date.unwrap().as_str(), "2026-03-31");
}

/// Every bad Thredfi vendor refund gets a typed error with the path of the field at fault.
#[test]
fn invalid_thredfi_inputs_are_typed_errors() {
    for path in fixtures("invalid/thredfi_vendor_refund") {
        let bytes = std::fs::read(&path).unwrap();
        let mut text = format!("input: {}\n", relative(&path));
        match decode::from_slice::<VendorRefund>(&bytes) {
            Err(error) => {
                render_error(&mut text, &error.path, &error.to_string());
                text.push_str(&format!("kind: {:?}\n", error.kind));
            }
            Ok(refund) => {
                let lenient = vendor_refund::to_unified(&refund, &options());
                let strict = vendor_refund::to_unified(&refund, &options().strict(true));
                let error = strict.expect_err("a bad input must fail at least in strict mode");
                text.push_str("decoded: yes (unknown enum values are read leniently)\n");
                text.push_str(&format!(
                    "lenient: {}\n",
                    match &lenient {
                        Ok(mapped) => common::render_warnings(&mapped.warnings),
                        Err(error) => format!("error: {error}\n"),
                    }
                ));
                text.push_str("strict:\n");
                render_error(&mut text, error.path(), &error.to_string());
            }
        }
        insta::assert_snapshot!(format!("invalid__{}", stem(&path)), text);
    }
}

/// A vendor refund the API sent with `"allocations": null` carries that null; it still becomes a
/// create request (with no allocations), and the full record comes back with the null.
#[test]
fn a_null_allocation_list_still_gives_a_create_request() {
    let path = fixtures("thredfi/vendor_refunds")
        .into_iter()
        .find(|path| stem(path).starts_with("01_"))
        .unwrap();
    let mut record = json(&std::fs::read(&path).unwrap());
    record["allocations"] = serde_json::Value::Null;
    let refund: VendorRefund = decode::from_slice(record.to_string().as_bytes()).unwrap();
    let unified = vendor_refund::to_unified(&refund, &options())
        .unwrap()
        .output;
    assert!(unified.allocations.is_none() || unified.allocations == Some(Vec::new()));
    let request = vendor_refund::to_create_request(&unified, &options()).unwrap();
    assert!(
        request.output.allocations.is_empty(),
        "{:?}",
        request.output
    );
    let back = vendor_refund::to_record(&unified, &options())
        .unwrap()
        .output;
    assert_eq!(back, refund);
}
