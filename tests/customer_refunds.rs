//! Thredfi customer refunds, both ways, over every fixture.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

mod common;

use common::{BUSINESS_ID, fixtures, json, relative, render, render_error, stem};
use unified_accounting::thredfi::customer_refund::{self, CustomerRefund};
use unified_accounting::{MapOptions, decode, unified};

fn options() -> MapOptions {
    MapOptions::new().with(unified_accounting::thredfi::Options::new().business_id(BUSINESS_ID))
}

/// Thredfi → unified: one snapshot per fixture, each output schema-valid.
#[test]
fn to_unified_snapshots() {
    for path in fixtures("thredfi/customer_refunds") {
        let bytes = std::fs::read(&path).unwrap();
        let refund: CustomerRefund = decode::from_slice(&bytes)
            .unwrap_or_else(|error| panic!("{}: {error}", relative(&path)));
        let result = customer_refund::to_unified(&refund, &options());
        let mapped = result
            .as_ref()
            .unwrap_or_else(|error| panic!("{}: {error}", relative(&path)));
        let value = serde_json::to_value(&mapped.output).unwrap();
        unified_accounting::unified::targets::REFUND
            .validate(&value)
            .unwrap();
        insta::assert_snapshot!(
            format!("to_unified__{}", stem(&path)),
            render(&path, &result)
        );
    }
}

/// Thredfi → unified → Thredfi gives back the identical record on every fixture: same keys, same
/// values, `null` and absent kept apart, every number digit for digit.
#[test]
fn round_trip_is_exact() {
    for path in fixtures("thredfi/customer_refunds") {
        let bytes = std::fs::read(&path).unwrap();
        let refund: CustomerRefund = decode::from_slice(&bytes).unwrap();
        let unified = customer_refund::to_unified(&refund, &options())
            .unwrap()
            .output;
        // Through JSON text too, as a real consumer would store and reload it.
        let stored = serde_json::to_vec(&unified).unwrap();
        let reloaded: unified::Refund = decode::from_slice(&stored).unwrap();
        let back = customer_refund::to_record(&reloaded, &options())
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

/// Unified → Thredfi create request: one snapshot per unified fixture, success or error.
#[test]
fn to_create_request_snapshots() {
    for path in fixtures("apideck/refunds") {
        if stem(&path).contains("vendor") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let refund: unified::Refund = decode::from_slice(&bytes)
            .unwrap_or_else(|error| panic!("{}: {error}", relative(&path)));
        let result = customer_refund::to_create_request(&refund, &options());
        if let Ok(mapped) = &result {
            let value = serde_json::to_value(&mapped.output).unwrap();
            unified_accounting::thredfi::targets::CREATE_CUSTOMER_REFUND
                .validate(&value)
                .unwrap();
        }
        insta::assert_snapshot!(
            format!("to_create_request__{}", stem(&path)),
            render(&path, &result)
        );
    }
}

/// Several invoices can be split into one request per invoice, on request.
#[test]
fn several_invoices_split_into_one_request_each() {
    let path = fixtures("apideck/refunds")
        .into_iter()
        .find(|path| stem(path).contains("several_invoices"))
        .unwrap();
    let refund: unified::Refund = decode::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let result = customer_refund::to_create_requests_per_invoice(&refund, &options());
    insta::assert_snapshot!("split__several_invoices", render(&path, &result));
}

/// Strict mode turns unknown payment-method text into an error listing what would work.
#[test]
fn strict_mode_rejects_unknown_payment_method_text() {
    let path = fixtures("apideck/refunds")
        .into_iter()
        .find(|path| stem(path).contains("unknown_payment_method"))
        .unwrap();
    let refund: unified::Refund = decode::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let error = customer_refund::to_create_request(&refund, &options().strict(true)).unwrap_err();
    assert_eq!(error.path(), "/payment_method");
    assert!(error.to_string().contains("BANK_TRANSFER"), "{error}");
    assert!(error.to_string().contains("cheque"), "{error}");
}

/// Every bad Thredfi customer refund gets a typed error with the path of the field at fault.
#[test]
fn invalid_thredfi_inputs_are_typed_errors() {
    for path in fixtures("invalid/thredfi_customer_refund") {
        let bytes = std::fs::read(&path).unwrap();
        let mut text = format!("input: {}\n", relative(&path));
        match decode::from_slice::<CustomerRefund>(&bytes) {
            Err(error) => {
                render_error(&mut text, &error.path, &error.to_string());
                text.push_str(&format!("kind: {:?}\n", error.kind));
            }
            Ok(refund) => {
                let lenient = customer_refund::to_unified(&refund, &options());
                let strict = customer_refund::to_unified(&refund, &options().strict(true));
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

/// Carried `extra_fields` edited to name a field the record writes itself: the record keeps its
/// own field (mapped from the unified refund), the carried copy is left out with a warning, and
/// no key appears twice in the record's JSON. Vendor refunds alike.
#[test]
fn carried_extra_fields_never_repeat_a_records_own_key() {
    use unified_accounting::WarningCode;
    use unified_accounting::thredfi::vendor_refund::{self, VendorRefund};

    fn edited(unified: &unified::Refund) -> unified::Refund {
        let mut value = serde_json::to_value(unified).unwrap();
        value["custom_mappings"]["extra_fields"] = serde_json::json!({
            "id": "not the record's id",
            "created_at": 7,
            "kept": {"id": 1},
        });
        decode::from_slice(&serde_json::to_vec(&value).unwrap()).unwrap()
    }
    fn check(text: &str, warnings: &[unified_accounting::Warning], id: &str) {
        let keys = top_level_keys(text);
        let unique: std::collections::BTreeSet<&String> = keys.iter().collect();
        assert_eq!(unique.len(), keys.len(), "a key repeated in {keys:?}");
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(value["id"], id);
        assert_eq!(value["kept"], serde_json::json!({"id": 1}));
        assert_ne!(value["created_at"], 7);
        let dropped: Vec<(&str, &str)> = warnings
            .iter()
            .filter(|warning| warning.code == WarningCode::NotCarried)
            .map(|warning| {
                (
                    warning.source.as_str(),
                    warning.target.as_ref().unwrap().as_str(),
                )
            })
            .collect();
        assert_eq!(
            dropped,
            // In the carried map's order (a `serde_json::Value` sorted it).
            [
                ("/custom_mappings/extra_fields/created_at", "/created_at"),
                ("/custom_mappings/extra_fields/id", "/id"),
            ]
        );
    }

    let bytes = std::fs::read(&fixtures("thredfi/customer_refunds")[0]).unwrap();
    let refund: CustomerRefund = decode::from_slice(&bytes).unwrap();
    let unified = customer_refund::to_unified(&refund, &options())
        .unwrap()
        .output;
    let back = customer_refund::to_record(&edited(&unified), &options()).unwrap();
    check(
        &serde_json::to_string(&back.output).unwrap(),
        &back.warnings,
        &refund.id.to_string(),
    );

    let bytes = std::fs::read(&fixtures("thredfi/vendor_refunds")[0]).unwrap();
    let refund: VendorRefund = decode::from_slice(&bytes).unwrap();
    let unified = vendor_refund::to_unified(&refund, &options())
        .unwrap()
        .output;
    let back = vendor_refund::to_record(&edited(&unified), &options()).unwrap();
    check(
        &serde_json::to_string(&back.output).unwrap(),
        &back.warnings,
        &refund.id.to_string(),
    );
}

/// The keys of a JSON object's text, in order, repeats included (a map type would merge them).
fn top_level_keys(text: &str) -> Vec<String> {
    struct Keys;
    impl<'de> serde::de::Visitor<'de> for Keys {
        type Value = Vec<String>;
        fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            formatter.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Vec<String>, A::Error> {
            let mut keys = Vec::new();
            while let Some((key, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                keys.push(key);
            }
            Ok(keys)
        }
    }
    serde::Deserializer::deserialize_map(&mut serde_json::Deserializer::from_str(text), Keys)
        .unwrap()
}
