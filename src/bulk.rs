//! Mapping many records in one call: slices, iterators and newline-delimited JSON streams.
//!
//! Integration platforms map pages of thousands of records and nightly exports of millions. A
//! [`BulkMapper`] is configured once (which [`Operation`], which [`Resource`] or "detect it from
//! each record", which [`MapOptions`], how many threads) and then maps any number of records,
//! giving **one result per record, in input order**: the mapped JSON with its warnings, or the
//! error with the JSON Pointer of the field at fault. A record that fails never stops the others.
//!
//! Memory stays flat however long the input: [`BulkMapper::map_iter`] and
//! [`BulkMapper::map_ndjson`] pull records in bounded batches, map a batch, hand its results out
//! and only then read on. Mapping is single-threaded unless [`BulkMapper::threads`] asks for more,
//! so an embedding platform keeps control of its own threads; with more threads each batch is
//! mapped on a private `rayon` pool and the results still come out in input order.
//!
//! ```
//! use unified_accounting::bulk::{BulkMapper, Operation};
//! use unified_accounting::thredfi::Resource;
//!
//! let ndjson = br#"{"id":"5b0c8f9e-2d4a-4e8b-9c1f-3a7d6e5b4c2a","refunded_amount":2450,"customer_id":"0f7e6d5c-4b3a-4291-8e7d-6c5b4a392817","customer_name":"Hanna Lindqvist","allocations":[],"refund_payments":[],"document":null,"created_at":"2026-03-14T09:21:07Z","updated_at":"2026-03-14T09:21:07Z"}
//! {"id":"not-a-uuid"}
//! "#;
//! let mapper = BulkMapper::new(Operation::ToUnified).resource(Resource::CustomerRefund);
//! let results: Vec<_> = mapper.map_ndjson(&ndjson[..]).collect::<Result<_, _>>().unwrap();
//! assert_eq!(results.len(), 2);
//! assert!(results[0].result.is_ok());
//! assert_eq!(results[1].line, 2);
//! assert_eq!(results[1].result.as_ref().unwrap_err().path(), "/id");
//! ```

use std::collections::VecDeque;
use std::io::{self, BufRead};

use rayon::prelude::*;
use serde_json::Value;

use crate::error::Error;
use crate::mapping::{MapOptions, Mapped, MappingError};
use crate::thredfi::{Resource, customer_refund};
use crate::unified;

/// What a [`BulkMapper`] does to each record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// A Thredfi record → a unified refund.
    ToUnified,
    /// A unified refund → a Thredfi create request. With `split_invoices`, a customer refund
    /// against several invoices becomes an array of requests, one per invoice.
    ToCreateRequest {
        /// Split customer refunds with several invoice allocations into one request each.
        split_invoices: bool,
    },
    /// A unified refund that came from Thredfi → the full Thredfi record.
    ToRecord,
}

/// One mapped record: its mapped JSON and warnings, or the error.
pub type RecordResult = Result<Mapped<Value>, Error>;

/// How many records a parallel batch holds per thread: large enough to keep every thread busy,
/// small enough that memory stays flat.
const BATCH_PER_THREAD: usize = 512;

/// Maps records one by one or in parallel batches, always in input order. See the
/// [module docs](self).
#[derive(Debug)]
pub struct BulkMapper {
    operation: Operation,
    resource: Option<Resource>,
    options: MapOptions,
    pool: Option<rayon::ThreadPool>,
}

impl BulkMapper {
    /// A single-threaded mapper that detects each record's resource.
    pub fn new(operation: Operation) -> Self {
        Self {
            operation,
            resource: None,
            options: MapOptions::new(),
            pool: None,
        }
    }

    /// Treats every record as `resource` instead of detecting it.
    pub fn resource(mut self, resource: Resource) -> Self {
        self.resource = Some(resource);
        self
    }

    /// The mapping options (strict mode, business id, vendor id).
    pub fn options(mut self, options: MapOptions) -> Self {
        self.options = options;
        self
    }

    /// Maps on `threads` threads (`0` means one per core). `1`, the default, maps on the
    /// calling thread.
    ///
    /// # Errors
    ///
    /// The operating system's error when the threads cannot be started.
    pub fn threads(mut self, threads: usize) -> io::Result<Self> {
        self.pool = if threads == 1 {
            None
        } else {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(|index| format!("unified-accounting-{index}"))
                .build()
                .map_err(io::Error::other)?;
            Some(pool)
        };
        Ok(self)
    }

    /// The number of threads records are mapped on.
    pub fn thread_count(&self) -> usize {
        self.pool
            .as_ref()
            .map_or(1, rayon::ThreadPool::current_num_threads)
    }

    /// Maps one record (the JSON text of one document).
    ///
    /// # Errors
    ///
    /// The record's [`Error`], with the JSON Pointer of the field at fault.
    pub fn map_record(&self, record: &[u8]) -> RecordResult {
        match self.operation {
            Operation::ToUnified => {
                let resource = match self.resource {
                    Some(resource) => resource,
                    None => match Resource::detect_thredfi(record) {
                        Some(resource) => resource,
                        // Not even readable JSON: that is the error to report, not the shape.
                        None => {
                            crate::decode::from_slice::<serde::de::IgnoredAny>(record)?;
                            return Err(undetectable_thredfi());
                        }
                    },
                };
                let mapped = resource.to_unified_validated(record, &self.options)?;
                Ok(Mapped {
                    output: mapped.output.into_value(),
                    warnings: mapped.warnings,
                })
            }
            Operation::ToCreateRequest { split_invoices } => {
                let refund: unified::Refund = crate::decode::from_slice(record)?;
                let resource = self
                    .resource
                    .unwrap_or_else(|| Resource::detect_unified(&refund));
                if split_invoices && resource == Resource::CustomerRefund {
                    let mapped =
                        customer_refund::to_create_requests_per_invoice(&refund, &self.options)?;
                    let output = serde_json::to_value(&mapped.output).map_err(|error| {
                        MappingError::Unmappable {
                            path: String::new(),
                            reason: format!("the requests could not be written: {error}"),
                        }
                    })?;
                    return Ok(Mapped {
                        output,
                        warnings: mapped.warnings,
                    });
                }
                let (warnings, output) = resource.to_create_request_json(&refund, &self.options)?;
                Ok(Mapped { output, warnings })
            }
            Operation::ToRecord => {
                let refund: unified::Refund = crate::decode::from_slice(record)?;
                let resource = self
                    .resource
                    .unwrap_or_else(|| Resource::detect_unified(&refund));
                let (warnings, output) = resource.to_record_json(&refund, &self.options)?;
                Ok(Mapped { output, warnings })
            }
        }
    }

    /// Maps every record of a slice; one result per record, in order.
    pub fn map_all<R: AsRef<[u8]> + Sync>(&self, records: &[R]) -> Vec<RecordResult> {
        match &self.pool {
            None => records
                .iter()
                .map(|record| self.map_record(record.as_ref()))
                .collect(),
            Some(pool) => pool.install(|| {
                records
                    .par_iter()
                    .map(|record| self.map_record(record.as_ref()))
                    .collect()
            }),
        }
    }

    /// Maps records as an iterator hands them over, lazily and in bounded batches; one result per
    /// record, in order.
    pub fn map_iter<I>(&self, records: I) -> MapIter<'_, I::IntoIter>
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]> + Send + Sync,
    {
        MapIter {
            mapper: self,
            source: records.into_iter(),
            ready: VecDeque::new(),
        }
    }

    /// Maps newline-delimited JSON from `reader`, one record per non-blank line, streaming.
    ///
    /// Each item is the result of one line, with its 1-based line number; a malformed line is an
    /// error for that line only. An `Err` item is an I/O error of the reader, after which the
    /// iterator ends.
    pub fn map_ndjson<R: BufRead>(&self, reader: R) -> NdjsonIter<'_, R> {
        NdjsonIter {
            mapper: self,
            reader,
            line: 0,
            ready: VecDeque::new(),
            done: false,
        }
    }

    fn batch_size(&self) -> usize {
        match &self.pool {
            None => 1,
            Some(pool) => BATCH_PER_THREAD * pool.current_num_threads(),
        }
    }

    fn map_batch<R: AsRef<[u8]> + Sync>(&self, batch: &[R]) -> Vec<RecordResult> {
        self.map_all(batch)
    }
}

fn undetectable_thredfi() -> Error {
    Error::Mapping(MappingError::Unmappable {
        path: String::new(),
        reason: "cannot tell whether this is a customer or a vendor refund: it has neither \
                 customer_id nor vendor_id; name the resource (CLI: --kind customer-refund or \
                 --kind vendor-refund)"
            .into(),
    })
}

/// The iterator of [`BulkMapper::map_iter`].
pub struct MapIter<'m, I: Iterator> {
    mapper: &'m BulkMapper,
    source: I,
    ready: VecDeque<RecordResult>,
}

impl<I> Iterator for MapIter<'_, I>
where
    I: Iterator,
    I::Item: AsRef<[u8]> + Send + Sync,
{
    type Item = RecordResult;

    fn next(&mut self) -> Option<RecordResult> {
        if self.ready.is_empty() {
            let batch: Vec<I::Item> = self
                .source
                .by_ref()
                .take(self.mapper.batch_size())
                .collect();
            self.ready.extend(self.mapper.map_batch(&batch));
        }
        self.ready.pop_front()
    }
}

/// The result of one line of newline-delimited JSON.
#[derive(Debug)]
pub struct LineResult {
    /// 1-based line number in the input.
    pub line: usize,
    /// The line's mapped JSON and warnings, or its error.
    pub result: RecordResult,
}

/// The iterator of [`BulkMapper::map_ndjson`].
pub struct NdjsonIter<'m, R> {
    mapper: &'m BulkMapper,
    reader: R,
    line: usize,
    ready: VecDeque<LineResult>,
    done: bool,
}

impl<R: BufRead> NdjsonIter<'_, R> {
    /// Reads up to one batch of non-blank lines.
    fn read_batch(&mut self) -> io::Result<Vec<(usize, Vec<u8>)>> {
        let size = self.mapper.batch_size();
        let mut batch = Vec::with_capacity(size);
        while batch.len() < size {
            let mut buffer = Vec::new();
            if self.reader.read_until(b'\n', &mut buffer)? == 0 {
                self.done = true;
                break;
            }
            self.line += 1;
            if buffer.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            batch.push((self.line, buffer));
        }
        Ok(batch)
    }
}

impl<R: BufRead> Iterator for NdjsonIter<'_, R> {
    type Item = io::Result<LineResult>;

    fn next(&mut self) -> Option<io::Result<LineResult>> {
        while self.ready.is_empty() {
            if self.done {
                return None;
            }
            let batch = match self.read_batch() {
                Ok(batch) => batch,
                Err(error) => {
                    self.done = true;
                    return Some(Err(error));
                }
            };
            let records: Vec<&[u8]> = batch.iter().map(|(_, bytes)| bytes.as_slice()).collect();
            let results = self.mapper.map_batch(&records);
            self.ready.extend(
                batch
                    .iter()
                    .zip(results)
                    .map(|((line, _), result)| LineResult {
                        line: *line,
                        result,
                    }),
            );
        }
        self.ready.pop_front().map(Ok)
    }
}
