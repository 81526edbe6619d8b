//! What each fuzz target checks, shared with `tests/fuzz_regressions.rs` so that every input the
//! fuzzer ever kept is re-checked by `cargo test` with exactly the same oracles.
//!
//! Every function takes arbitrary bytes and panics only when the crate misbehaves: a panic inside
//! the crate, an output that breaks its schema, a round trip that loses something, a create
//! request refused by its own schema, or NDJSON results out of step with the lines.

#![allow(dead_code)]

use unified_accounting::bulk::{BulkMapper, Operation};
use unified_accounting::schema::{SchemaError, Target};
use unified_accounting::thredfi::{Resource, customer_refund, list, vendor_refund};
use unified_accounting::{Error, MapOptions, MappingError, decode, unified};

const BUSINESS_ID: &str = "3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c";
const VENDOR_ID: &str = "1d04bc6f-9066-4e59-a411-2626c70a70ef";

fn valid<T: serde::Serialize>(output: &T, target: Target) {
    let value = serde_json::to_value(output).expect("mapped output serializes");
    if let Err(error) = target.validate(&value) {
        panic!("invalid {target}: {error}\n{value}");
    }
}

/// Bytes → Thredfi record → unified refund, for both resources, lenient and strict. A success is
/// schema-valid; when the full record can be rebuilt from it, it is the record that was read.
pub fn to_unified(data: &[u8]) {
    for strict in [false, true] {
        let options = MapOptions::new().strict(strict).business_id(BUSINESS_ID);

        if let Ok(refund) = decode::from_slice::<customer_refund::Refund>(data)
            && let Ok(mapped) = customer_refund::to_unified(&refund, &options)
        {
            valid(&mapped.output, Target::ApideckRefund);
            if let Ok(back) = customer_refund::to_record(&mapped.output, &options) {
                assert_eq!(back.output, refund, "customer round trip lost something");
            }
        }

        if let Ok(refund) = decode::from_slice::<vendor_refund::VendorRefund>(data)
            && let Ok(mapped) = vendor_refund::to_unified(&refund, &options)
        {
            valid(&mapped.output, Target::ApideckRefund);
            if let Ok(back) = vendor_refund::to_record(&mapped.output, &options) {
                assert_eq!(back.output, refund, "vendor round trip lost something");
            }
        }

        // The path the bulk API and the CLI take: the resource detected from the bytes.
        if let Some(resource) = Resource::detect_thredfi(data)
            && let Ok((_, value)) = resource.to_unified_json(data, &options)
        {
            valid(&value, Target::ApideckRefund);
        }

        // A Thredfi page → an Apideck list response (bad records reported, not fatal).
        for resource in Resource::ALL {
            match list::to_unified_list(resource, data, &options, Some(BASE_URL)) {
                Ok(page) => {
                    valid(&page.list, Target::ApideckRefundList);
                    let written = serde_json::to_value(&page.list).expect("list serializes");
                    assert_eq!(page.json, written, "the stored JSON is the list");
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

/// Bytes → unified refund → every Thredfi mapping. Successes are schema-valid; a create request
/// is never refused by its own schema. (A full record may be: a carried unknown enum value is
/// refused by design.)
pub fn to_thredfi(data: &[u8]) {
    let Ok(refund) = decode::from_slice::<unified::Refund>(data) else {
        return;
    };
    for strict in [false, true] {
        let options = MapOptions::new().strict(strict).vendor_id(VENDOR_ID);

        let result = customer_refund::to_create_request(&refund, &options);
        no_invalid_output(&result, "to_create_request");
        if let Ok(mapped) = &result {
            valid(&mapped.output, Target::ThredfiCreateRefundRequest);
        }

        let result = customer_refund::to_create_requests_per_invoice(&refund, &options);
        no_invalid_output(&result, "to_create_requests_per_invoice");
        if let Ok(mapped) = &result {
            for request in &mapped.output {
                valid(request, Target::ThredfiCreateRefundRequest);
            }
        }

        let result = vendor_refund::to_create_request(&refund, &options);
        no_invalid_output(&result, "vendor to_create_request");
        if let Ok(mapped) = &result {
            valid(&mapped.output, Target::ThredfiCreateVendorRefundRequest);
        }

        if let Ok(mapped) = customer_refund::to_record(&refund, &options) {
            valid(&mapped.output, Target::ThredfiRefund);
        }
        if let Ok(mapped) = vendor_refund::to_record(&refund, &options) {
            valid(&mapped.output, Target::ThredfiVendorRefund);
        }
    }
}

/// Bytes → JSON → every vendored schema: the quick and the detailed check agree, and an invalid
/// document names at least one violation.
pub fn validate(data: &[u8]) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    for target in Target::ALL {
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

const OPERATIONS: [Operation; 4] = [
    Operation::ToUnified,
    Operation::ToCreateRequest {
        split_invoices: false,
    },
    Operation::ToCreateRequest {
        split_invoices: true,
    },
    Operation::ToRecord,
];

/// One two-thread mapper per operation, built once (a thread pool per input would make the fuzzer
/// spend its time starting threads).
fn threaded(operation: Operation) -> Option<&'static BulkMapper> {
    static MAPPERS: std::sync::OnceLock<Vec<(Operation, BulkMapper)>> = std::sync::OnceLock::new();
    MAPPERS
        .get_or_init(|| {
            OPERATIONS
                .iter()
                .filter_map(|operation| {
                    BulkMapper::new(*operation)
                        .options(MapOptions::new().vendor_id(VENDOR_ID))
                        .threads(2)
                        .ok()
                        .map(|mapper| (*operation, mapper))
                })
                .collect()
        })
        .iter()
        .find(|(candidate, _)| *candidate == operation)
        .map(|(_, mapper)| mapper)
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
    for operation in OPERATIONS {
        let mapper = BulkMapper::new(operation).options(MapOptions::new().vendor_id(VENDOR_ID));
        let mut lines = Vec::new();
        let mut results = Vec::new();
        for item in mapper.map_ndjson(std::io::Cursor::new(data)) {
            let item = item.expect("reading from memory cannot fail");
            if operation == Operation::ToUnified
                && let Ok(mapped) = &item.result
            {
                valid(&mapped.output, Target::ApideckRefund);
            }
            lines.push(item.line);
            results.push(item.result);
        }
        assert_eq!(
            lines, expected,
            "{operation:?}: one result per non-blank line, in order"
        );
        if let Some(threaded) = threaded(operation) {
            let items: Vec<_> = threaded
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
                    &item.result, single,
                    "{operation:?}: threaded result differs"
                );
            }
        }
    }
}
