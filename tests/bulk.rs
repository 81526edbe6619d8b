//! The bulk API: one result per record, in input order, whatever fails and however many threads.

mod common;

use common::fixtures;
use unified_accounting::bulk::{BulkMapper, Operation};
use unified_accounting::thredfi::Resource;
use unified_accounting::{MapOptions, decode, unified};

/// Every Thredfi fixture (customer and vendor) as compact JSON, with a broken record every
/// seventh position.
fn records() -> Vec<Vec<u8>> {
    let mut records: Vec<Vec<u8>> = ["thredfi/customer_refunds", "thredfi/vendor_refunds"]
        .iter()
        .flat_map(|folder| fixtures(folder))
        .map(|path| {
            common::json(&std::fs::read(path).unwrap())
                .to_string()
                .into_bytes()
        })
        .collect();
    for at in (0..records.len()).step_by(7) {
        records.insert(at, br#"{"id":"broken","refunded_amount":"x"}"#.to_vec());
    }
    records
}

fn outcome_summary(results: &[unified_accounting::bulk::RecordResult]) -> Vec<String> {
    results
        .iter()
        .map(|result| match result {
            Ok(mapped) => format!("ok {}", mapped.output["id"]),
            Err(error) => format!("error {}", error.path()),
        })
        .collect()
}

#[test]
fn one_result_per_record_in_order_and_failures_do_not_stop_the_rest() {
    let records = records();
    let mapper = BulkMapper::new(Operation::ToUnified);
    let results = mapper.map_all(&records);
    assert_eq!(results.len(), records.len());
    for (record, result) in records.iter().zip(&results) {
        match result {
            Ok(mapped) => {
                let id = common::json(record)["id"].clone();
                assert_eq!(mapped.output["id"], id);
            }
            Err(_) => assert!(record.starts_with(br#"{"id":"broken""#)),
        }
    }
    assert_eq!(
        results.iter().filter(|result| result.is_err()).count(),
        records.len().div_ceil(8),
    );
}

#[test]
fn threads_change_nothing_but_speed() {
    let records = records();
    let single = BulkMapper::new(Operation::ToUnified).map_all(&records);
    let parallel = BulkMapper::new(Operation::ToUnified).threads(2).unwrap();
    assert_eq!(parallel.thread_count(), 2);
    assert_eq!(
        outcome_summary(&parallel.map_all(&records)),
        outcome_summary(&single)
    );
    // Many batches' worth through the iterator keeps the order too.
    let many: Vec<Vec<u8>> = records.iter().cycle().take(3000).cloned().collect();
    let expected = outcome_summary(&BulkMapper::new(Operation::ToUnified).map_all(&many));
    let streamed: Vec<_> = parallel.map_iter(many.iter()).collect();
    assert_eq!(outcome_summary(&streamed), expected);
}

#[test]
fn ndjson_results_carry_line_numbers() {
    let records = records();
    let mut text = Vec::new();
    for record in &records {
        text.extend_from_slice(record);
        text.extend_from_slice(b"\n\n"); // blank lines are skipped, but counted
    }
    let mapper = BulkMapper::new(Operation::ToUnified).threads(2).unwrap();
    let lines: Vec<_> = mapper
        .map_ndjson(text.as_slice())
        .map(Result::unwrap)
        .collect();
    assert_eq!(lines.len(), records.len());
    for (index, line) in lines.iter().enumerate() {
        assert_eq!(line.line, 2 * index + 1);
    }
}

#[test]
fn to_thredfi_operations_in_bulk() {
    let options = MapOptions::new().business_id(common::BUSINESS_ID);
    let thredfi: Vec<Vec<u8>> = fixtures("thredfi/vendor_refunds")
        .into_iter()
        .map(|path| std::fs::read(path).unwrap())
        .collect();
    let unified: Vec<Vec<u8>> = BulkMapper::new(Operation::ToUnified)
        .options(options.clone())
        .map_all(&thredfi)
        .into_iter()
        .map(|result| serde_json::to_vec(&result.unwrap().output).unwrap())
        .collect();
    let records = BulkMapper::new(Operation::ToRecord)
        .options(options.clone())
        .map_all(&unified);
    for (original, record) in thredfi.iter().zip(records) {
        assert_eq!(record.unwrap().output, common::json(original));
    }
    let creates = BulkMapper::new(Operation::ToCreateRequest {
        split_invoices: false,
    })
    .options(options)
    .resource(Resource::VendorRefund)
    .map_all(&unified);
    // A cancelled (voided) refund, an over-allocated one, one with an untyped allocation and one
    // without a currency cannot be created; the rest can (see the create_from_thredfi snapshots).
    let failed: Vec<&str> = creates
        .iter()
        .filter_map(|result| result.as_ref().err())
        .map(|error| error.path())
        .collect();
    assert_eq!(
        failed,
        [
            "/status",
            "/allocations",
            "/allocations/0/type",
            "/currency"
        ]
    );
}

#[test]
fn split_invoices_in_bulk_gives_an_array_of_requests() {
    let path = fixtures("apideck/refunds")
        .into_iter()
        .find(|path| common::stem(path).contains("several_invoices"))
        .unwrap();
    let bytes = std::fs::read(path).unwrap();
    let refund: unified::Refund = decode::from_slice(&bytes).unwrap();
    assert_eq!(Resource::detect_unified(&refund), Resource::CustomerRefund);
    let mapper = BulkMapper::new(Operation::ToCreateRequest {
        split_invoices: true,
    });
    let mapped = mapper.map_record(&bytes).unwrap();
    assert_eq!(mapped.output.as_array().unwrap().len(), 2);
    let unsplit = BulkMapper::new(Operation::ToCreateRequest {
        split_invoices: false,
    });
    assert_eq!(
        unsplit.map_record(&bytes).unwrap_err().path(),
        "/allocations"
    );
}
