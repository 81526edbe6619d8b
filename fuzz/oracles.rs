//! What each fuzz target checks, shared with `tests/fuzz_regressions.rs` so that every input the
//! fuzzer ever kept is re-checked by `cargo test` with exactly the same oracles.
//!
//! Every function takes arbitrary bytes and panics only when the crate misbehaves: a panic inside
//! the crate, an output that breaks its schema, a round trip that loses something, a create
//! request refused by its own schema or holding a `null`, strict and lenient mode disagreeing,
//! a resource told wrongly from its shape, or NDJSON results out of step with the lines.
//!
//! The Thredfi API sends `null` in every response field but the record's `id` and `""` in text
//! (schemas/README.md, T8), and the crate reads all of it: so whatever record is read, lenient
//! `to_unified` maps it, strict mode fails only where lenient mode warned (`unknown_enum_value`,
//! `null_value`) and exactly at the first such field, and `to_record` gives back the record read
//! (or, for a value the wire types read but the schema refuses, refuses it with the schema's
//! violations).

#![allow(dead_code)]

use serde_json::Value;
use unified_accounting::bulk::{BulkMapper, Operation};
use unified_accounting::schema::{SchemaError, Target};
use unified_accounting::thredfi::{RefundKind, customer_refund, list, vendor_refund};
use unified_accounting::{Error, MapOptions, Mapped, MappingError, WarningCode, decode, unified};

const BUSINESS_ID: &str = "3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c";
const VENDOR_ID: &str = "1d04bc6f-9066-4e59-a411-2626c70a70ef";

fn valid<T: serde::Serialize + ?Sized>(output: &T, target: &Target) {
    let text = serde_json::to_string(output).expect("mapped output serializes");
    if let Err(error) = target.validate_text(&text) {
        panic!("invalid {target}: {error}\n{text}");
    }
}

/// A record's result as text and warnings, or its error: what two runs must agree on.
fn comparable(
    result: &unified_accounting::bulk::RecordResult,
) -> Result<(&str, &[unified_accounting::Warning]), &unified_accounting::Error> {
    result
        .as_ref()
        .map(|mapped| (mapped.output.get(), mapped.warnings.as_slice()))
}

/// The lenient mapping of a record that was read: it always succeeds, and is schema-valid.
fn lenient<R>(
    refund: &R,
    map: fn(&R, &MapOptions) -> Result<Mapped<unified::Refund>, MappingError>,
) -> Mapped<unified::Refund> {
    let options = MapOptions::new()
        .with(unified_accounting::thredfi::Options::new().business_id(BUSINESS_ID));
    let mapped = match map(refund, &options) {
        Ok(mapped) => mapped,
        Err(error) => panic!("lenient to_unified refused a record it read: {error}"),
    };
    valid(
        &mapped.output,
        &unified_accounting::unified::targets::REFUND,
    );
    mapped
}

/// Strict mode turns exactly the `unknown_enum_value` and `null_value` warnings into errors: it
/// fails at the first field lenient mode warned about with one of those codes, and otherwise gives
/// the lenient result.
fn strict_agrees(
    lenient: &Mapped<unified::Refund>,
    strict: Result<Mapped<unified::Refund>, MappingError>,
) {
    let first = lenient.warnings.iter().find(|warning| {
        matches!(
            warning.code,
            WarningCode::UnknownEnumValue | WarningCode::NullValue
        )
    });
    match (strict, first) {
        (Ok(strict), None) => {
            assert_eq!(
                strict.output, lenient.output,
                "strict and lenient outputs differ"
            );
            assert_eq!(
                strict.warnings, lenient.warnings,
                "strict and lenient warnings differ"
            );
        }
        (Ok(_), Some(warning)) => {
            panic!("strict mode accepted what lenient mode warned about: {warning}")
        }
        (Err(MappingError::UnknownEnumValue { path, .. }), Some(warning))
            if warning.code == WarningCode::UnknownEnumValue =>
        {
            assert_eq!(
                path, warning.source,
                "strict error and lenient warning name different fields"
            );
        }
        (Err(MappingError::NullValue { path, .. }), Some(warning))
            if warning.code == WarningCode::NullValue =>
        {
            assert_eq!(
                path, warning.source,
                "strict error and lenient warning name different fields"
            );
        }
        (Err(error), warning) => {
            panic!("strict mode failed with {error:?}; the first lenient warning was {warning:?}")
        }
    }
}

/// Thredfi → unified → (stored JSON) → Thredfi gives back the record that was read. The only
/// refusal allowed is of a record the schema refuses too (a value the wire types read but the
/// vendored schema does not accept, such as an unknown enum value or a `document.url` that is no
/// URI), with the schema's violations or the unknown value named.
fn rebuilds<R: PartialEq + std::fmt::Debug + serde::Serialize>(
    refund: &R,
    mapped: &Mapped<unified::Refund>,
    target: &Target,
    to_record: fn(&unified::Refund, &MapOptions) -> Result<Mapped<R>, MappingError>,
) {
    let options = MapOptions::new()
        .with(unified_accounting::thredfi::Options::new().business_id(BUSINESS_ID));
    let stored = serde_json::to_vec(&mapped.output).expect("a unified refund serializes");
    let reloaded: unified::Refund = match decode::from_slice(&stored) {
        Ok(reloaded) => reloaded,
        Err(error) => panic!("the unified refund does not read back from its own JSON: {error}"),
    };
    assert_eq!(
        reloaded, mapped.output,
        "the unified refund changed through its JSON"
    );
    match to_record(&reloaded, &options) {
        Ok(back) => {
            valid(&back.output, target);
            assert_eq!(&back.output, refund, "round trip lost something");
        }
        // The schema's refusal, or (for a currency the unified refund holds but Thredfi's nine do
        // not) the unknown value named.
        Err(error @ (MappingError::InvalidOutput(_) | MappingError::UnknownEnumValue { .. })) => {
            let read = serde_json::to_value(refund).expect("a record serializes");
            assert!(
                !target.is_valid(&read),
                "to_record refused a rebuilt record although the record read is schema-valid: \
                 {error}"
            );
        }
        Err(error) => panic!("to_record failed on a refund mapped from Thredfi: {error}"),
    }
}

/// Which resource a record's shape names: it has exactly one of the keys `customer_id` and
/// `vendor_id` (with any value, `null` included: the API sends null there too).
fn named_resource(data: &[u8]) -> Option<RefundKind> {
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(data) else {
        return None;
    };
    match (
        map.contains_key("customer_id"),
        map.contains_key("vendor_id"),
    ) {
        (true, false) => Some(RefundKind::CustomerRefund),
        (false, true) => Some(RefundKind::VendorRefund),
        _ => None,
    }
}

/// Bytes → Thredfi record → unified refund, for both resources, lenient and strict; → back. A
/// record that was read maps in lenient mode, schema-valid; strict mode agrees with it; the full
/// record rebuilt from it is the record read. The bulk API (and so the CLI) maps it the same, and
/// tells the resource from its shape.
pub fn to_unified(data: &[u8]) {
    let strict = MapOptions::new()
        .strict(true)
        .with(unified_accounting::thredfi::Options::new().business_id(BUSINESS_ID));
    let customer = decode::from_slice::<customer_refund::CustomerRefund>(data).ok();
    let vendor = decode::from_slice::<vendor_refund::VendorRefund>(data).ok();

    if let Some(refund) = &customer {
        let mapped = lenient(refund, customer_refund::to_unified);
        strict_agrees(&mapped, customer_refund::to_unified(refund, &strict));
        rebuilds(
            refund,
            &mapped,
            &unified_accounting::thredfi::targets::CUSTOMER_REFUND,
            customer_refund::to_record,
        );
    }
    if let Some(refund) = &vendor {
        let mapped = lenient(refund, vendor_refund::to_unified);
        strict_agrees(&mapped, vendor_refund::to_unified(refund, &strict));
        rebuilds(
            refund,
            &mapped,
            &unified_accounting::thredfi::targets::VENDOR_REFUND,
            vendor_refund::to_record,
        );
    }

    // A record of one resource, by its shape: detected as that resource (a null customer_id or
    // vendor_id is still that key), and mapped by the bulk API (the CLI's path) exactly as alone.
    let readable = match named_resource(data) {
        Some(RefundKind::CustomerRefund) if customer.is_some() => Some(RefundKind::CustomerRefund),
        Some(RefundKind::VendorRefund) if vendor.is_some() => Some(RefundKind::VendorRefund),
        _ => None,
    };
    if let Some(resource) = readable {
        assert_eq!(
            RefundKind::detect_thredfi(data),
            Some(resource),
            "a {} not detected as one",
            resource.name()
        );
        let options = MapOptions::new()
            .with(unified_accounting::thredfi::Options::new().business_id(BUSINESS_ID));
        let (alone, value) =
            match unified_accounting::Resource::to_unified(&resource, data, &options) {
                Ok(mapped) => {
                    let (typed, value) = mapped.output.into_parts();
                    (
                        Mapped {
                            output: typed,
                            warnings: mapped.warnings,
                        },
                        value,
                    )
                }
                Err(error) => panic!("to_unified refused a record it reads: {error}"),
            };
        valid(&value, &unified_accounting::unified::targets::REFUND);
        let bulk = BulkMapper::new(Operation::ToUnified).options(options);
        match bulk.map_record(data) {
            Ok(mapped) => {
                assert_eq!(
                    mapped.output.get(),
                    value.get(),
                    "the bulk API maps the record differently"
                );
                assert_eq!(
                    mapped.warnings, alone.warnings,
                    "the bulk API warns differently"
                );
            }
            Err(error) => panic!("the bulk API refused a {}: {error}", resource.name()),
        }
    }

    for options in [
        MapOptions::new()
            .with(unified_accounting::thredfi::Options::new().business_id(BUSINESS_ID)),
        MapOptions::new()
            .strict(true)
            .with(unified_accounting::thredfi::Options::new().business_id(BUSINESS_ID)),
    ] {
        // A Thredfi page → an Apideck list response (bad records reported, not fatal): one
        // record or one failure per result.
        for resource in RefundKind::ALL {
            match list::to_unified_list(&resource, data, &options, Some(BASE_URL)) {
                Ok(page) => {
                    valid(
                        &page.list,
                        &unified_accounting::unified::targets::REFUND_LIST,
                    );
                    let written = serde_json::to_string(&page.list).expect("list serializes");
                    assert_eq!(page.json.get(), written, "the stored JSON is the list");
                    let results = serde_json::from_slice::<Value>(data)
                        .ok()
                        .and_then(|page| {
                            page.get("results").and_then(Value::as_array).map(Vec::len)
                        })
                        .unwrap_or(0);
                    assert_eq!(
                        page.list.data.len() + page.failures.len(),
                        results,
                        "one record or one failure per result"
                    );
                }
                Err(Error::Mapping(MappingError::InvalidOutput(error))) => {
                    panic!("a list response broke its schema: {error}")
                }
                Err(_) => {}
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = list::page_from_cursor(text);
    }
}

const BASE_URL: &str = "https://unify.example.com/accounting/refunds?limit=20";

fn no_invalid_output<T>(result: &Result<T, MappingError>, what: &str) {
    if let Err(MappingError::InvalidOutput(error)) = result {
        panic!("{what} built a request its schema refuses: {error}");
    }
}

/// A create request never sends `null` (Thredfi's create requests accept it only in the untyped
/// `metadata`), however many nulls the unified refund or its carried Thredfi data hold. Only
/// checked without `pass_through`, through which a caller may set any key to anything.
fn no_null<T: serde::Serialize>(request: &T, refund: &unified::Refund, what: &str) {
    fn find(value: &Value, path: &str) -> Option<String> {
        match value {
            Value::Null => Some(path.to_owned()),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(index, item)| find(item, &format!("{path}/{index}"))),
            Value::Object(map) => map
                .iter()
                .filter(|(key, _)| key.as_str() != "metadata")
                .find_map(|(key, child)| find(child, &format!("{path}/{key}"))),
            Value::Bool(_) | Value::Number(_) | Value::String(_) => None,
        }
    }
    if refund
        .pass_through
        .as_ref()
        .is_some_and(|entries| !entries.is_empty())
    {
        return;
    }
    let value = serde_json::to_value(request).expect("a request serializes");
    if let Some(path) = find(&value, "") {
        panic!("{what} sends null at {path}: {value}");
    }
}

/// A full record rebuilt from a unified refund is a Thredfi record like any other: mapped to
/// unified and back, it comes back unchanged.
fn record_is_stable<R: PartialEq + std::fmt::Debug>(
    record: &R,
    to_unified: fn(&R, &MapOptions) -> Result<Mapped<unified::Refund>, MappingError>,
    to_record: fn(&unified::Refund, &MapOptions) -> Result<Mapped<R>, MappingError>,
) {
    let lenient =
        MapOptions::new().with(unified_accounting::thredfi::Options::new().vendor_id(VENDOR_ID));
    let mapped = match to_unified(record, &lenient) {
        Ok(mapped) => mapped,
        Err(error) => panic!("a rebuilt record does not map to unified: {error}"),
    };
    match to_record(&mapped.output, &lenient) {
        Ok(again) => assert_eq!(
            &again.output, record,
            "a rebuilt record changed on a second trip"
        ),
        Err(error) => panic!("a rebuilt record does not rebuild again: {error}"),
    }
}

/// Bytes → unified refund → every Thredfi mapping. Successes are schema-valid; a create request
/// is never refused by its own schema and never sends `null`. (A full record may be refused: a
/// carried unknown enum value is refused by design; one that is emitted maps to unified and back
/// unchanged.)
pub fn to_thredfi(data: &[u8]) {
    let Ok(refund) = decode::from_slice::<unified::Refund>(data) else {
        return;
    };
    for strict in [false, true] {
        let options = MapOptions::new()
            .strict(strict)
            .with(unified_accounting::thredfi::Options::new().vendor_id(VENDOR_ID));

        let result = customer_refund::to_create_request(&refund, &options);
        no_invalid_output(&result, "to_create_request");
        if let Ok(mapped) = &result {
            valid(
                &mapped.output,
                &unified_accounting::thredfi::targets::CREATE_CUSTOMER_REFUND,
            );
            no_null(&mapped.output, &refund, "to_create_request");
        }

        let result = customer_refund::to_create_requests_per_invoice(&refund, &options);
        no_invalid_output(&result, "to_create_requests_per_invoice");
        if let Ok(mapped) = &result {
            for request in &mapped.output {
                valid(
                    request,
                    &unified_accounting::thredfi::targets::CREATE_CUSTOMER_REFUND,
                );
                no_null(request, &refund, "to_create_requests_per_invoice");
            }
        }

        let result = vendor_refund::to_create_request(&refund, &options);
        no_invalid_output(&result, "vendor to_create_request");
        if let Ok(mapped) = &result {
            valid(
                &mapped.output,
                &unified_accounting::thredfi::targets::CREATE_VENDOR_REFUND,
            );
            no_null(&mapped.output, &refund, "vendor to_create_request");
        }

        if let Ok(mapped) = customer_refund::to_record(&refund, &options) {
            valid(
                &mapped.output,
                &unified_accounting::thredfi::targets::CUSTOMER_REFUND,
            );
            record_is_stable(
                &mapped.output,
                customer_refund::to_unified,
                customer_refund::to_record,
            );
        }
        if let Ok(mapped) = vendor_refund::to_record(&refund, &options) {
            valid(
                &mapped.output,
                &unified_accounting::thredfi::targets::VENDOR_REFUND,
            );
            record_is_stable(
                &mapped.output,
                vendor_refund::to_unified,
                vendor_refund::to_record,
            );
        }
    }
}

/// Bytes → JSON → every vendored schema: the quick and the detailed check agree, and an invalid
/// document names at least one violation.
pub fn validate(data: &[u8]) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    for target in unified_accounting::Registry::builtin().targets() {
        let quick = target.is_valid(&value);
        match target.validate(&value) {
            Ok(()) => assert!(quick, "{target}: validate accepts what is_valid refuses"),
            Err(SchemaError::Invalid(found)) => {
                assert!(!quick, "{target}: is_valid accepts what validate refuses");
                assert!(
                    !found.violations().is_empty(),
                    "{target}: invalid, no violation"
                );
            }
            Err(error) => panic!("{target}: {error}"),
        }
    }
}

/// Every operation, and whether customer refunds are split per invoice (the Thredfi option
/// `split_invoices`).
const OPERATIONS: [(Operation, bool); 4] = [
    (Operation::ToUnified, false),
    (Operation::ToCreateRequest, false),
    (Operation::ToCreateRequest, true),
    (Operation::ToRecord, false),
];

fn bulk_options(split_invoices: bool) -> MapOptions {
    MapOptions::new().with(
        unified_accounting::thredfi::Options::new()
            .vendor_id(VENDOR_ID)
            .split_invoices(split_invoices),
    )
}

/// One two-thread mapper per operation, built once (a thread pool per input would make the fuzzer
/// spend its time starting threads). The fuzz crate and the tests build the library with its
/// `parallel` feature, so a pool that cannot be built is a failure, not a skipped check.
fn threaded(operation: (Operation, bool)) -> &'static BulkMapper {
    static MAPPERS: std::sync::OnceLock<Vec<((Operation, bool), BulkMapper)>> =
        std::sync::OnceLock::new();
    MAPPERS
        .get_or_init(|| {
            OPERATIONS
                .iter()
                .map(|&(operation, split)| {
                    let mapper = BulkMapper::new(operation)
                        .options(bulk_options(split))
                        .threads(2)
                        .expect("a two-thread mapper (the `parallel` feature is on)");
                    ((operation, split), mapper)
                })
                .collect()
        })
        .iter()
        .find(|(candidate, _)| *candidate == operation)
        .map(|(_, mapper)| mapper)
        .expect("a mapper for every operation")
}

/// Bytes as NDJSON → the bulk API, every operation: one result per non-blank line, in order, with
/// its line number; every unified output schema-valid; on two threads (read-ahead and all) exactly
/// the same results as on one.
pub fn ndjson_bulk(data: &[u8]) {
    let expected: Vec<usize> = data
        .split(|byte| *byte == b'\n')
        .enumerate()
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
        .map(|(index, _)| index + 1)
        .collect();
    for (operation, split) in OPERATIONS {
        let mapper = BulkMapper::new(operation).options(bulk_options(split));
        let mut lines = Vec::new();
        let mut results = Vec::new();
        for item in mapper.map_ndjson(std::io::Cursor::new(data)) {
            let item = item.expect("reading from memory cannot fail");
            if operation == Operation::ToUnified
                && let Ok(mapped) = &item.result
            {
                valid(
                    &mapped.output,
                    &unified_accounting::unified::targets::REFUND,
                );
            }
            lines.push(item.line);
            results.push(item.result);
        }
        assert_eq!(
            lines, expected,
            "{operation:?}: one result per non-blank line, in order"
        );
        let items: Vec<_> = threaded((operation, split))
            .map_ndjson(std::io::Cursor::new(data))
            .map(|item| item.expect("reading from memory cannot fail"))
            .collect();
        let threaded_lines: Vec<usize> = items.iter().map(|item| item.line).collect();
        assert_eq!(
            threaded_lines, lines,
            "{operation:?}: threaded line numbers differ"
        );
        for (item, single) in items.iter().zip(&results) {
            assert_eq!(
                comparable(&item.result),
                comparable(single),
                "{operation:?}: threaded result differs"
            );
        }
    }
}
