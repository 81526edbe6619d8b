//! The bulk API: one result per record, in input order, whatever fails and however many threads.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

mod common;
/// The CLI's result envelope, the very code it writes with.
#[path = "../cli/src/envelope.rs"]
mod envelope;

use common::fixtures;
use unified_accounting::bulk::{BulkMapper, Operation, Position, RecordResult};
use unified_accounting::thredfi::RefundKind;
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
            Ok(mapped) => format!("ok {}", common::json(mapped.output.get().as_bytes())["id"]),
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
                assert_eq!(common::json(mapped.output.get().as_bytes())["id"], id);
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
fn a_line_is_read_without_its_terminator() {
    // A line cut inside a string is truncated JSON (as the same text alone is), not a string
    // running into the newline; `\r\n` endings are terminators too.
    let record = &records()[1];
    let cut = &record[..record.len() / 2];
    let mut text = [cut, b"\n", cut, b"\r\n", cut].concat();
    text.extend_from_slice(b"\r\n");
    text.extend_from_slice(record);
    text.extend_from_slice(b"\r\n");
    let mapper =
        BulkMapper::new(Operation::ToUnified).resource(RefundKind::CustomerRefund.as_dyn());
    let alone = mapper.map_record(cut).unwrap_err();
    let lines: Vec<_> = mapper
        .map_ndjson(text.as_slice())
        .map(Result::unwrap)
        .collect();
    assert_eq!(lines.len(), 4);
    for line in &lines[..3] {
        assert_eq!(line.result.as_ref().unwrap_err(), &alone);
    }
    let unified_accounting::Error::Decode(error) = alone else {
        panic!("a cut record is a decode error: {alone:?}");
    };
    assert_eq!(error.kind, decode::DecodeErrorKind::Truncated);
    assert!(lines[3].result.is_ok());
}

#[test]
fn to_thredfi_operations_in_bulk() {
    let options = MapOptions::new()
        .with(unified_accounting::thredfi::Options::new().business_id(common::BUSINESS_ID));
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
        assert_eq!(
            common::exact(record.unwrap().output.get()),
            common::exact(original)
        );
    }
    let creates = BulkMapper::new(Operation::ToCreateRequest)
        .options(options)
        .resource(&RefundKind::VendorRefund)
        .map_all(&unified);
    // A cancelled (voided) refund, an over-allocated one, one with an untyped allocation, one
    // without a currency, one whose vendor is null and one whose total is null cannot be created;
    // the rest can (see the create_from_thredfi snapshots).
    let failed: Vec<&str> = creates
        .iter()
        .filter_map(|result| result.as_ref().err())
        .map(|error| error.path().as_str())
        .collect();
    assert_eq!(
        failed,
        [
            "/status",
            "/allocations",
            "/allocations/0/type",
            "/currency",
            "/custom_mappings/vendor_id",
            "/total_amount"
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
    assert_eq!(
        RefundKind::detect_unified(&refund),
        RefundKind::CustomerRefund
    );
    let mapper = BulkMapper::new(Operation::ToCreateRequest).options(
        MapOptions::new().with(unified_accounting::thredfi::Options::new().split_invoices(true)),
    );
    let mapped = mapper.map_record(&bytes).unwrap();
    let requests = common::json(mapped.output.get().as_bytes());
    assert_eq!(requests.as_array().unwrap().len(), 2);
    let unsplit = BulkMapper::new(Operation::ToCreateRequest);
    assert_eq!(
        unsplit.map_record(&bytes).unwrap_err().path(),
        "/allocations"
    );
}

/// Many batches on two threads (the next batch is read while one is mapped), with blank lines,
/// broken lines and results written as envelopes by the mapping threads: the same bytes, in the
/// same order, as one thread writing each result after mapping it.
#[test]
fn rendering_on_the_mapping_threads_matches_one_thread() {
    use unified_accounting::bulk::Position;

    let records = records();
    let mut text = Vec::new();
    for index in 0..2_500 {
        text.extend_from_slice(&records[index % records.len()]);
        text.extend_from_slice(if index % 10 == 0 { b"\n \n" } else { b"\n" });
    }
    let single = BulkMapper::new(Operation::ToUnified);
    let mut expected = Vec::new();
    for (index, item) in single.map_ndjson(text.as_slice()).enumerate() {
        let item = item.unwrap();
        let position = Position {
            index,
            line: Some(item.line),
        };
        envelope::write_envelope(&mut expected, position, &item.result, |_| None, None).unwrap();
    }
    for threads in [1, 2] {
        let mapper = BulkMapper::new(Operation::ToUnified)
            .threads(threads)
            .unwrap();
        let mut rendered = Vec::new();
        for bytes in mapper.map_ndjson_with(text.as_slice(), |position, result| {
            let mut bytes = Vec::new();
            envelope::write_envelope(&mut bytes, position, &result, |_| None, None).unwrap();
            bytes
        }) {
            rendered.extend_from_slice(&bytes.unwrap());
        }
        assert_eq!(rendered.len(), expected.len(), "{threads} thread(s)");
        assert!(rendered == expected, "{threads} thread(s)");
        let slice: Vec<Vec<u8>> = mapper.map_all_with(&records, |position, result| {
            format!("{} {}", position.index, result.is_ok()).into_bytes()
        });
        assert_eq!(slice.len(), records.len());
        assert_eq!(
            slice[7],
            format!("7 {}", single.map_record(&records[7]).is_ok()).into_bytes()
        );
    }
}

/// A reader that fails after some lines: every line read before the error is mapped (the batch
/// the error broke included), then one error, then the end, at one and two threads.
#[test]
fn a_read_error_ends_the_stream_after_the_lines_before_it() {
    for threads in [1, 2] {
        let mapper = BulkMapper::new(Operation::ToUnified)
            .threads(threads)
            .unwrap();
        let reader = failing_after(ndjson_of(3_000));
        let items: Vec<_> = mapper.map_ndjson(reader).collect();
        let (last, before) = items.split_last().unwrap();
        assert!(last.is_err());
        assert!(before.iter().all(Result::is_ok));
        // 3,000 is not a whole number of 256-line batches: the last, short batch is kept.
        assert_eq!(before.len(), 3_000, "{threads} thread(s)");
    }
}

/// Without `--kind`, a record's resource is guessed from its bytes and the probe skipped when
/// that is safe; the outcome must always be the probe's: detect, then read and map as detected.
#[test]
fn guessing_the_resource_gives_what_detecting_it_gives() {
    let fixture = |path: &str| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/thredfi");
        std::fs::read_to_string(root.join(path)).unwrap()
    };
    let customer = fixture("customer_refunds/01_paid_invoice_bank_transfer.json");
    let vendor = fixture("vendor_refunds/01_completed_goods_return_bill_bank_transfer_gbp.json");
    let uuid = "0f7e6d5c-4b3a-4291-8e7d-6c5b4a392817";
    let with =
        |record: &str, tail: &str| format!("{}, {tail}}}", record.trim().trim_end_matches('}'));
    let variants = vec![
        customer.clone(),
        vendor.clone(),
        with(&customer, &format!(r#""vendor_id": "{uuid}""#)),
        with(&customer, r#""vendor_id": null"#),
        with(&customer, r#""customer_id": "x""#),
        with(&customer, &format!(r#""customer_id": "{uuid}""#)),
        with(&customer, r#""extra": {"vendor_id": 1}"#),
        with(&customer, &format!(r#""vendor\u005fid": "{uuid}""#)),
        with(&vendor, &format!(r#""customer_id": "{uuid}""#)),
        with(&vendor, r#""customer_id": null"#),
        with(
            &vendor,
            &format!(r#""customer_id": "{uuid}", "customer_id": 2"#),
        ),
        with(&vendor, &format!(r#""vendor_id": "{uuid}""#)),
        with(&vendor, r#""vendor_id": null"#),
        customer.replace("\"customer_id\"", "\"vendor_id\""),
        vendor.replace("\"vendor_id\"", "\"customer_id\""),
        vendor.replace("\"vendor_id\"", "\"other_id\""),
        format!("{customer} trailing"),
        format!("[{vendor}]"),
        customer.get(..customer.len() / 2).unwrap().to_owned(),
        r#"{"vendor_id": "x", "customer_id": "y"}"#.to_owned(),
        r#"{}"#.to_owned(),
    ];
    let options = MapOptions::new()
        .with(unified_accounting::thredfi::Options::new().business_id(common::BUSINESS_ID));
    let mapper = BulkMapper::new(Operation::ToUnified).options(options.clone());
    for (index, record) in variants.iter().enumerate() {
        let bytes = record.as_bytes();
        // The slow path, decided in two steps: one probe of the top-level keys, then the read.
        let probe = unified_accounting::Probe::of(bytes);
        let recognised = probe
            .as_ref()
            .ok()
            .and_then(|probe| unified_accounting::Registry::builtin().recognise(probe));
        let expected = match (probe, recognised) {
            (Ok(_), Some(resource)) => resource
                .to_unified(bytes, &options)
                .map(|mapped| (mapped.output.json().get().to_owned(), mapped.warnings))
                .map_err(|error| error.to_string()),
            (Err(error), _) => Err(unified_accounting::Error::from(error).to_string()),
            (Ok(_), None) => Err("undetectable".to_owned()),
        };
        let got = mapper
            .map_record(bytes)
            .map(|mapped| (mapped.output.get().to_owned(), mapped.warnings))
            .map_err(|error| error.to_string());
        match (&expected, &got) {
            (Err(undetectable), Err(message)) if undetectable == "undetectable" => {
                assert!(
                    message.contains("cannot tell"),
                    "variant {index}: {message}"
                );
            }
            _ => assert_eq!(got, expected, "variant {index}"),
        }
    }
}

/// 3,000 records as NDJSON, with `interruption` (a line that is not a record, a blank line)
/// before every `every`-th.
fn interrupted_ndjson(every: usize, interruption: &[u8]) -> Vec<u8> {
    let records = records();
    let mut text = Vec::new();
    for index in 0..3_000 {
        if index % every == 0 {
            text.extend_from_slice(interruption);
        }
        text.extend_from_slice(&records[index % records.len()]);
        text.push(b'\n');
    }
    text
}

/// What the driver tests compare of each result: where it came from, and its output or error as
/// text.
type Outcome = (usize, Option<usize>, Result<String, String>);

fn outcome(position: Position, result: RecordResult) -> Outcome {
    (
        position.index,
        position.line,
        result
            .map(|mapped| mapped.output.to_string())
            .map_err(|error| error.to_string()),
    )
}

/// `for_each_ndjson` (the CLI's driver: the next batch mapped while the caller consumes this one)
/// hands over exactly what `map_ndjson_with` yields, in order, at one, two and three threads (the
/// caller maps beside one or two pool threads); it stops when asked; a read error comes after
/// every line read before it, in both.
#[test]
fn for_each_ndjson_gives_what_the_iterator_gives() {
    use std::ops::ControlFlow;
    let text = interrupted_ndjson(97, b"not json\n\n");
    let finish = outcome;
    for threads in [1, 2, 3] {
        let mapper = BulkMapper::new(Operation::ToUnified)
            .threads(threads)
            .unwrap();
        let expected: Vec<_> = mapper
            .map_ndjson_with(&text[..], finish)
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(expected.len(), 3_000 + 31);
        let mut found = Vec::new();
        mapper
            .for_each_ndjson(&text[..], finish, |item| {
                found.push(item);
                ControlFlow::Continue(())
            })
            .unwrap();
        assert_eq!(found, expected, "{threads} thread(s)");

        let mut first = Vec::new();
        mapper
            .for_each_ndjson(&text[..], finish, |item| {
                first.push(item);
                if first.len() == 700 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })
            .unwrap();
        assert_eq!(first[..], expected[..700]);

        // The reader fails where the input ends, in the middle of a batch: every line read
        // before the error is mapped and handed out, then the error, whatever the driver.
        let failing = || failing_after(text.clone());
        let mut before = Vec::new();
        let mut items = mapper.map_ndjson_with(failing(), finish);
        let error = loop {
            match items.next() {
                Some(Ok(item)) => before.push(item),
                Some(Err(error)) => break error,
                None => panic!("{threads} thread(s): the iterator ended without the error"),
            }
        };
        assert_eq!(error.to_string(), "disk gone");
        assert!(
            items.next().is_none(),
            "{threads} thread(s): the error ends it"
        );
        assert_eq!(before, expected, "{threads} thread(s)");
        let mut consumed = Vec::new();
        let outcome = mapper.for_each_ndjson(failing(), finish, |item| {
            consumed.push(item);
            ControlFlow::Continue(())
        });
        assert_eq!(outcome.unwrap_err().to_string(), "disk gone");
        assert_eq!(consumed, expected, "{threads} thread(s)");
    }
}

/// `render_ndjson` (the CLI's writer: each batch's records rendered into one text) hands over the
/// iterator's items, in order, each batch's text being its records' texts one after another, at
/// one, two and three threads; it stops after the batch that asked; a read error comes after
/// every line read before it.
#[test]
fn render_ndjson_gives_what_the_iterator_gives() {
    use std::io::Write;
    use std::ops::ControlFlow;
    let input = interrupted_ndjson(89, b"{\"id\": 1\n\n");
    let finish = outcome;
    let render = |text: &mut Vec<u8>, position: Position, result: RecordResult| {
        let item = outcome(position, result);
        writeln!(text, "{item:?}").unwrap();
        item
    };
    let line_of = |item: &Outcome| format!("{item:?}\n");
    for threads in [1, 2, 3] {
        let mapper = BulkMapper::new(Operation::ToUnified)
            .threads(threads)
            .unwrap();
        let expected: Vec<_> = mapper
            .map_ndjson_with(&input[..], finish)
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(expected.len(), 3_000 + 34);
        let (mut found, mut text, mut batches) = (Vec::new(), String::new(), 0);
        let mut consume = |batch: &[u8], items: Vec<_>| {
            let batch = std::str::from_utf8(batch).unwrap();
            assert_eq!(batch, items.iter().map(line_of).collect::<String>());
            text.push_str(batch);
            found.extend(items);
            batches += 1;
            ControlFlow::Continue(())
        };
        mapper
            .render_ndjson(&input[..], render, &mut consume)
            .unwrap();
        assert_eq!(found, expected, "{threads} thread(s)");
        assert_eq!(text, expected.iter().map(line_of).collect::<String>());
        assert!(batches > 20, "{threads} thread(s): {batches} batches");

        let mut first = Vec::new();
        mapper
            .render_ndjson(&input[..], render, |_, items| {
                first.extend(items);
                if first.len() >= 700 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })
            .unwrap();
        assert!((700..1_000).contains(&first.len()), "{}", first.len());
        assert_eq!(first[..], expected[..first.len()]);

        let mut consumed = Vec::new();
        let outcome = mapper.render_ndjson(failing_after(input.clone()), render, |_, items| {
            consumed.extend(items);
            ControlFlow::Continue(())
        });
        assert_eq!(outcome.unwrap_err().to_string(), "disk gone");
        assert_eq!(consumed, expected, "{threads} thread(s)");
    }
}

/// A stream fed a few lines at a time (a pipe whose writer sends records as they happen) has
/// its records handed out as they come: a batch ends where the data read so far ends, instead of
/// waiting for 128 lines, and at several threads such a short batch is handed out before the next
/// read (which could wait for the writer), instead of after reading ahead: through the drivers
/// and through the iterator.
#[test]
fn a_stream_fed_a_few_lines_at_a_time_is_mapped_as_it_comes() {
    use std::cell::Cell;
    use std::io::Read;
    use std::ops::ControlFlow;
    use std::rc::Rc;

    struct Chunks {
        chunks: Vec<Vec<u8>>,
        served: Rc<Cell<usize>>,
    }
    impl Read for Chunks {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let Some(chunk) = self.chunks.get(self.served.get()) else {
                return Ok(0);
            };
            buf[..chunk.len()].copy_from_slice(chunk);
            self.served.set(self.served.get() + 1);
            Ok(chunk.len())
        }
    }
    let records = records();
    let chunks: Vec<Vec<u8>> = (0..100)
        .map(|chunk| {
            let mut text = Vec::new();
            for line in 0..3 {
                text.extend_from_slice(&records[(chunk * 3 + line) % records.len()]);
                text.push(b'\n');
            }
            text
        })
        .collect();
    for threads in [1, 2, 3] {
        let mapper = BulkMapper::new(Operation::ToUnified)
            .threads(threads)
            .unwrap();
        let served = Rc::new(Cell::new(0));
        let reader = || {
            served.set(0);
            std::io::BufReader::with_capacity(
                1 << 16,
                Chunks {
                    chunks: chunks.clone(),
                    served: Rc::clone(&served),
                },
            )
        };
        let mut count = 0;
        mapper
            .for_each_ndjson(
                reader(),
                |position, _| position.index,
                |index| {
                    assert_eq!(index, count);
                    assert!(
                        served.get() <= index / 3 + 1,
                        "{threads} thread(s): record {index} handed out after {} chunks",
                        served.get()
                    );
                    count += 1;
                    ControlFlow::Continue(())
                },
            )
            .unwrap();
        assert_eq!(count, 300);

        // The iterator alike: it reads the next batch while mapping this one only when this one
        // was full.
        let mut count = 0;
        for (index, item) in mapper
            .map_ndjson_with(reader(), |position, _| position.index)
            .enumerate()
        {
            assert_eq!(item.unwrap(), index);
            assert!(
                served.get() <= index / 3 + 1,
                "{threads} thread(s), iterator: record {index} handed out after {} chunks",
                served.get()
            );
            count += 1;
        }
        assert_eq!(count, 300);
    }
}

/// A `finish` that panics on a mapping thread panics the caller of `for_each_ndjson` (as the
/// iterator does), instead of leaving it waiting for a batch that never comes.
#[test]
fn a_panic_in_finish_reaches_the_caller() {
    let text = ndjson_of(1_000);
    let mapper = BulkMapper::new(Operation::ToUnified).threads(2).unwrap();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        mapper.for_each_ndjson(
            &text[..],
            |position, _| assert!(position.index != 600, "finish failed at 600"),
            |()| std::ops::ControlFlow::Continue(()),
        )
    }));
    let payload = outcome.unwrap_err();
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
    assert_eq!(message, Some("finish failed at 600"));
}

/// `count` records as NDJSON, the fixtures in turn.
fn ndjson_of(count: usize) -> Vec<u8> {
    let records = records();
    let mut text = Vec::new();
    for index in 0..count {
        text.extend_from_slice(&records[index % records.len()]);
        text.push(b'\n');
    }
    text
}

/// A reader of `text` that fails ("disk gone") where the text ends, instead of ending.
fn failing_after(text: Vec<u8>) -> impl std::io::BufRead {
    struct Failing(std::io::Cursor<Vec<u8>>);
    impl std::io::Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(std::io::Error::other("disk gone")),
                n => Ok(n),
            }
        }
    }
    std::io::BufReader::new(Failing(std::io::Cursor::new(text)))
}
