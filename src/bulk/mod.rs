//! Mapping many records in one call: slices, iterators and newline-delimited JSON streams.
//!
//! Integration platforms map pages of thousands of records and nightly exports of millions. A
//! [`BulkMapper`] is configured once (which [`Operation`], which [`Resource`] or "recognise it in
//! each record" among a [`Registry`]'s providers, which [`MapOptions`], how many threads) and then maps any number of records,
//! giving **one result per record, in input order**: the mapped JSON with its warnings, or the
//! error with the JSON Pointer of the field at fault. A record that fails never stops the others.
//!
//! Memory stays flat however long the input: [`BulkMapper::map_iter`] and
//! [`BulkMapper::map_ndjson`] pull records in bounded batches, map a batch, hand its results out
//! and only then read on. Mapping is single-threaded unless [`BulkMapper::threads`] asks for more,
//! so an embedding platform keeps control of its own threads; with more threads (and the crate's
//! optional `parallel` feature) each batch is mapped on a private `rayon` pool and the results
//! still come out in input order.
//!
//! ```
//! use unified_accounting::Registry;
//! use unified_accounting::bulk::{BulkMapper, Operation};
//!
//! let ndjson = br#"{"id":"5b0c8f9e-2d4a-4e8b-9c1f-3a7d6e5b4c2a","refunded_amount":2450,"customer_id":"0f7e6d5c-4b3a-4291-8e7d-6c5b4a392817","customer_name":"Hanna Lindqvist","allocations":[],"refund_payments":[],"document":null,"created_at":"2026-03-14T09:21:07Z","updated_at":"2026-03-14T09:21:07Z"}
//! {"id":"not-a-uuid"}
//! "#;
//! let customer_refunds = Registry::builtin().resource("customer-refund").unwrap();
//! let mapper = BulkMapper::new(Operation::ToUnified).resource(customer_refunds);
//! let results: Vec<_> = mapper.map_ndjson(&ndjson[..]).collect::<Result<_, _>>().unwrap();
//! assert_eq!(results.len(), 2);
//! assert!(results[0].result.is_ok());
//! assert_eq!(results[1].line, 2);
//! assert_eq!(results[1].result.as_ref().unwrap_err().path(), "/id");
//! ```

mod pool;

use std::collections::VecDeque;
use std::io::{self, BufRead};
use std::ops::ControlFlow;

use serde_json::value::RawValue;

use crate::error::Error;
use crate::mapping::{MapOptions, Mapped};
use crate::provider::{Registry, Resource};
use crate::unified;

/// What a [`BulkMapper`] does to each record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Operation {
    /// A provider record → a unified refund ([`Resource::to_unified`]).
    ToUnified,
    /// A unified refund → a provider create request ([`Resource::to_create_request`]).
    ToCreateRequest,
    /// A unified refund that came from a provider → its full record ([`Resource::to_record`]).
    ToRecord,
}

/// One mapped record: its mapped JSON and warnings, or the error.
pub type RecordResult = Result<Mapped<Box<RawValue>>, Error>;

/// How many records a parallel batch holds per thread: large enough to keep every thread busy,
/// small enough that memory stays flat. Measured on 2 cores (BENCHMARKS.md): from 512 to 128 the
/// peak memory of `-j 2` fell by two thirds and the time by a tenth (a batch's results and the
/// next batch's lines stay in cache); at 64 and below the time grows again.
const BATCH_PER_THREAD: usize = 128;

/// Maps records one by one or in parallel batches, always in input order. See the
/// [module docs](self).
#[derive(Debug)]
pub struct BulkMapper {
    operation: Operation,
    resource: Option<&'static dyn Resource>,
    registry: Registry,
    options: MapOptions,
    pool: Option<pool::Pool>,
}

impl BulkMapper {
    /// A single-threaded mapper that recognises each record's resource among the built-in
    /// providers.
    pub fn new(operation: Operation) -> Self {
        Self {
            operation,
            resource: None,
            registry: Registry::default(),
            options: MapOptions::new(),
            pool: None,
        }
    }

    /// Treats every record as `resource` instead of recognising it.
    pub fn resource(mut self, resource: &'static dyn Resource) -> Self {
        self.resource = Some(resource);
        self
    }

    /// Recognises records among `registry`'s providers instead of the built-in ones.
    pub fn registry(mut self, registry: Registry) -> Self {
        self.registry = registry;
        self
    }

    /// The mapping options (strict mode, each provider's options).
    pub fn options(mut self, options: MapOptions) -> Self {
        self.options = options;
        self
    }

    /// Maps on `threads` threads (`0` means one per core). `1`, the default, maps on the
    /// calling thread. With more, the crate starts a private pool of `threads` threads; the
    /// NDJSON drivers ([`for_each_ndjson`](Self::for_each_ndjson),
    /// [`render_ndjson`](Self::render_ndjson)) count the calling thread as one of them, so
    /// exactly `threads` threads map at a time.
    ///
    /// # Errors
    ///
    /// The operating system's error when the threads cannot be started; without the crate's
    /// `parallel` feature, [`io::ErrorKind::Unsupported`] for anything but `1`.
    pub fn threads(mut self, threads: usize) -> io::Result<Self> {
        self.pool = if threads == 1 {
            None
        } else {
            Some(pool::Pool::new(threads)?)
        };
        Ok(self)
    }

    /// The number of threads records are mapped on.
    pub fn thread_count(&self) -> usize {
        self.pool.as_ref().map_or(1, pool::Pool::threads)
    }

    /// Maps one record (the JSON text of one document).
    ///
    /// # Errors
    ///
    /// The record's [`Error`], with the JSON Pointer of the field at fault.
    pub fn map_record(&self, record: &[u8]) -> RecordResult {
        match self.operation {
            Operation::ToUnified => {
                // The text alone: a provider may write it without building the typed refund.
                let mapped = match self.resource {
                    Some(resource) => resource.to_unified_json(record, &self.options)?,
                    None => self.registry.to_unified_json(record, &self.options)?,
                };
                Ok(into_raw(mapped))
            }
            Operation::ToCreateRequest => {
                let (refund, resource) = self.unified_input(record)?;
                resource
                    .to_create_request(&refund, &self.options)
                    .map(into_raw)
            }
            Operation::ToRecord => {
                let (refund, resource) = self.unified_input(record)?;
                resource.to_record(&refund, &self.options).map(into_raw)
            }
        }
    }

    /// A unified refund to map back, and the resource it becomes.
    fn unified_input(
        &self,
        record: &[u8],
    ) -> Result<(unified::Refund, &'static dyn Resource), Error> {
        let refund: unified::Refund = crate::decode::from_slice(record)?;
        let resource = match self.resource {
            Some(resource) => resource,
            None => self.registry.resource_for_unified(&refund)?,
        };
        Ok((refund, resource))
    }

    /// Maps every record of a slice; one result per record, in order.
    pub fn map_all<R: AsRef<[u8]> + Sync>(&self, records: &[R]) -> Vec<RecordResult> {
        self.map_all_with(records, |_, result| result)
    }

    /// [`map_all`](Self::map_all), handing each record's result to `finish` on the thread that
    /// mapped it: with several threads, whatever `finish` does (writing the result as bytes, say)
    /// runs in parallel too, and only its return values come back, in input order. `finish` gets
    /// the record's [`Position`] (its index in `records`; no line).
    pub fn map_all_with<R, T, F>(&self, records: &[R], finish: F) -> Vec<T>
    where
        R: AsRef<[u8]> + Sync,
        T: Send,
        F: Fn(Position, RecordResult) -> T + Sync,
    {
        let one = |(index, record): (usize, &R)| {
            let position = Position { index, line: None };
            finish(position, self.map_record(record.as_ref()))
        };
        match &self.pool {
            None => records.iter().enumerate().map(one).collect(),
            Some(pool) => pool.map(records.iter().enumerate().collect(), one),
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
    /// error for that line only. An `Err` item is an I/O error of the reader: it comes after the
    /// results of every line read before it, and the iterator ends there.
    pub fn map_ndjson<R: BufRead>(&self, reader: R) -> NdjsonIter<'_, R> {
        NdjsonIter {
            inner: self.map_ndjson_with(reader, line_result),
        }
    }

    /// [`map_ndjson_with`](Self::map_ndjson_with), driven to the end here: `consume` gets each
    /// item in input order on the calling thread, and may stop the run with
    /// `ControlFlow::Break`. With several threads the next batches are mapped while `consume`
    /// handles the current one; an iterator cannot do that (it hands a batch out and waits for
    /// its caller), so this is the faster way to handle many results. To write them all to one
    /// output, [`render_ndjson`](Self::render_ndjson) is faster still.
    ///
    /// # Errors
    ///
    /// The reader's I/O error, once every record read before it has been consumed.
    ///
    /// ```
    /// use std::ops::ControlFlow;
    /// use unified_accounting::bulk::{BulkMapper, Operation};
    ///
    /// let ndjson = b"{\"id\": 1}\n\nnot json\n";
    /// let mapper = BulkMapper::new(Operation::ToUnified).threads(2).unwrap();
    /// let mut lines = Vec::new();
    /// mapper.for_each_ndjson(
    ///     &ndjson[..],
    ///     |position, result| (position.line, result.is_ok()),
    ///     |item| {
    ///         lines.push(item);
    ///         ControlFlow::Continue(())
    ///     },
    /// )?;
    /// assert_eq!(lines, [(Some(1), false), (Some(3), false)]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn for_each_ndjson<R, T, F, C>(
        &self,
        reader: R,
        finish: F,
        mut consume: C,
    ) -> io::Result<()>
    where
        R: BufRead,
        T: Send,
        F: Fn(Position, RecordResult) -> T + Sync,
        C: FnMut(T) -> ControlFlow<()>,
    {
        self.drive(
            reader,
            |lines, (), results: &mut Vec<T>| {
                results.extend(
                    lines
                        .records()
                        .map(|(position, record)| finish(position, self.map_record(record))),
                );
            },
            |(), results| {
                for item in results {
                    consume(item)?;
                }
                ControlFlow::Continue(())
            },
        )
    }

    /// Maps newline-delimited JSON from `reader` and renders every result as text, for writing
    /// them all to one output (the CLI's and the Python package's way to write a file).
    ///
    /// `render` runs on the thread that mapped the record: it appends the record's text to its
    /// batch's buffer and returns what the caller wants to know of the record (a count, a
    /// failure to report). `consume` gets, in input order on the calling thread, each batch's
    /// text (the texts of its records, one after another) and `render`'s values for its records;
    /// it may stop the run with `ControlFlow::Break`. A batch's buffer is reused from batch to
    /// batch, so no record's text is allocated on its own, handed between threads or written on
    /// its own; with several threads, the next batches are mapped and rendered while `consume`
    /// writes this one. [`Position`]s are as in [`map_ndjson_with`](Self::map_ndjson_with).
    ///
    /// # Errors
    ///
    /// The reader's I/O error, once every record read before it has been consumed.
    ///
    /// ```
    /// use std::io::Write;
    /// use std::ops::ControlFlow;
    /// use unified_accounting::bulk::{BulkMapper, Operation};
    ///
    /// let ndjson = b"{\"id\": 1}\n\nnot json\n";
    /// let mapper = BulkMapper::new(Operation::ToUnified).threads(2).unwrap();
    /// let (mut out, mut failed) = (Vec::new(), 0);
    /// mapper.render_ndjson(
    ///     &ndjson[..],
    ///     |text, position, result| {
    ///         // Writing to a `Vec` cannot fail.
    ///         let _ = writeln!(text, "line {:?}: {}", position.line, result.is_ok());
    ///         result.is_err()
    ///     },
    ///     |text, records| {
    ///         out.extend_from_slice(text);
    ///         failed += records.into_iter().filter(|&failed| failed).count();
    ///         ControlFlow::Continue(())
    ///     },
    /// )?;
    /// assert_eq!(out, b"line Some(1): false\nline Some(3): false\n");
    /// assert_eq!(failed, 2);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn render_ndjson<R, S, F, C>(&self, reader: R, render: F, mut consume: C) -> io::Result<()>
    where
        R: BufRead,
        S: Send,
        F: Fn(&mut Vec<u8>, Position, RecordResult) -> S + Sync,
        C: FnMut(&[u8], Vec<S>) -> ControlFlow<()>,
    {
        self.drive(
            reader,
            |lines, text: &mut Vec<u8>, rendered: &mut Vec<S>| {
                text.clear();
                rendered.extend(
                    lines
                        .records()
                        .map(|(position, record)| render(text, position, self.map_record(record))),
                );
            },
            |text, rendered| consume(text, rendered),
        )
    }

    /// The driver of [`for_each_ndjson`](Self::for_each_ndjson) and
    /// [`render_ndjson`](Self::render_ndjson): reads `reader` into [`Batch`]es, has `map` put
    /// each batch's results into its vector (a whole batch on one thread, the caller's or a pool
    /// thread's, or here without a pool; `E` is the driver's own room in the batch) and hands
    /// them to `consume`, in input order; then the reader's error, if any.
    fn drive<R, E, T>(
        &self,
        mut reader: R,
        map: impl Fn(&Lines, &mut E, &mut Vec<T>) + Sync,
        mut consume: impl FnMut(&E, Vec<T>) -> ControlFlow<()>,
    ) -> io::Result<()>
    where
        R: BufRead,
        E: Default + Send,
        T: Send,
    {
        let (mut line, mut index, mut done) = (0, 0, false);
        // One thread maps a whole batch (see `Pool::pipeline`), so a batch is one thread's
        // share, not the whole pool's.
        let mut read = |mut batch: Batch<E, T>| {
            if done {
                return None;
            }
            let lines = &mut batch.lines;
            read_lines(
                &mut reader,
                BATCH_PER_THREAD,
                &mut line,
                &mut index,
                &mut done,
                lines,
            );
            // A short batch (the source had no more at hand, or ended) is mapped and handed
            // over before reading on.
            let full = lines.lines.len() == BATCH_PER_THREAD;
            let any = !lines.lines.is_empty() || lines.error.is_some();
            // Room for every line, made here: see `Batch::results`.
            batch.results = Vec::with_capacity(lines.lines.len());
            any.then_some((batch, full))
        };
        let map = |batch: &mut Batch<E, T>| {
            map(&batch.lines, &mut batch.room, &mut batch.results);
            (std::mem::take(&mut batch.results), batch.lines.error.take())
        };
        let mut consume = |batch: &Batch<E, T>, (results, error): (Vec<T>, Option<io::Error>)| {
            if consume(&batch.room, results).is_break() {
                return Ok(ControlFlow::Break(()));
            }
            error.map_or(Ok(ControlFlow::Continue(())), Err)
        };
        match &self.pool {
            Some(pool) => pool.pipeline(read, map, consume),
            None => {
                let mut spare = Batch::default();
                while let Some((mut batch, _)) = read(spare) {
                    let output = map(&mut batch);
                    if consume(&batch, output)?.is_break() {
                        break;
                    }
                    spare = batch;
                }
                Ok(())
            }
        }
    }

    /// [`map_ndjson`](Self::map_ndjson), handing each record's result to `finish` on the thread
    /// that mapped it (see [`map_all_with`](Self::map_all_with)); the items are `finish`'s return
    /// values, in input order. [`Position::index`] counts the non-blank lines from 0.
    ///
    /// With several threads the next batch of lines is read while the current one is mapped, so
    /// reading, mapping and `finish` overlap; the caller only consumes the results.
    ///
    /// ```
    /// use unified_accounting::bulk::{BulkMapper, Operation};
    ///
    /// let ndjson = b"{\"id\": 1}\n\nnot json\n";
    /// let mapper = BulkMapper::new(Operation::ToUnified).threads(2).unwrap();
    /// // `finish` runs on the mapping threads: here it writes each outcome as a line of text.
    /// let lines: Vec<String> = mapper
    ///     .map_ndjson_with(&ndjson[..], |position, result| match result {
    ///         Ok(_) => format!("{:?}: ok", position.line),
    ///         Err(error) => format!("{:?}: {} at {:?}", position.line, error.kind(), error.path()),
    ///     })
    ///     .collect::<Result<_, _>>()
    ///     .unwrap();
    /// assert_eq!(lines.len(), 2);
    /// assert!(lines[0].starts_with("Some(1): "));
    /// assert!(lines[1].starts_with("Some(3): decode"));
    /// ```
    pub fn map_ndjson_with<R, T, F>(&self, reader: R, finish: F) -> NdjsonWith<'_, R, F, T>
    where
        R: BufRead,
        T: Send,
        F: Fn(Position, RecordResult) -> T + Sync,
    {
        NdjsonWith {
            mapper: self,
            reader,
            finish,
            line: 0,
            index: 0,
            ahead: None,
            failed: None,
            spare: Lines::default(),
            ready: VecDeque::new(),
            done: false,
        }
    }

    fn batch_size(&self) -> usize {
        match &self.pool {
            None => 1,
            Some(pool) => BATCH_PER_THREAD * pool.threads(),
        }
    }

    fn map_batch<R: AsRef<[u8]> + Sync>(&self, batch: &[R]) -> Vec<RecordResult> {
        self.map_all(batch)
    }
}

fn into_raw(mapped: Mapped<crate::mapping::ValidatedJson>) -> Mapped<Box<RawValue>> {
    Mapped {
        output: mapped.output.into_raw(),
        warnings: mapped.warnings,
    }
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

/// Where a record came from, for the `*_with` methods' `finish`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 0-based index of the record among the records (non-blank lines for NDJSON).
    pub index: usize,
    /// 1-based line number, for NDJSON input.
    pub line: Option<usize>,
}

/// The result of one line of newline-delimited JSON.
#[derive(Debug)]
pub struct LineResult {
    /// 1-based line number in the input.
    pub line: usize,
    /// The line's mapped JSON and warnings, or its error.
    pub result: RecordResult,
}

fn line_result(position: Position, result: RecordResult) -> LineResult {
    LineResult {
        line: position.line.unwrap_or_default(),
        result,
    }
}

/// The iterator of [`BulkMapper::map_ndjson`].
pub struct NdjsonIter<'m, R> {
    inner: NdjsonWith<'m, R, fn(Position, RecordResult) -> LineResult, LineResult>,
}

impl<R: BufRead> Iterator for NdjsonIter<'_, R> {
    type Item = io::Result<LineResult>;

    fn next(&mut self) -> Option<io::Result<LineResult>> {
        self.inner.next()
    }
}

/// A batch of non-blank lines: one buffer holding them all (reused from batch to batch, so
/// reading allocates nothing once it is warm) and where each line lies in it.
#[derive(Default)]
struct Lines {
    bytes: Vec<u8>,
    /// Position and byte range of each line.
    lines: Vec<(Position, usize, usize)>,
    /// The reader's error that ended this batch (and the input), to be reported after the lines
    /// read before it: every line read is mapped whatever the batch size, so a failing reader
    /// gives the same records before its error at every thread count and through every driver.
    error: Option<io::Error>,
}

/// What [`BulkMapper::drive`] reads lines into: a batch of lines, the driver's room for its
/// output (`E`: [`render_ndjson`](BulkMapper::render_ndjson)'s text buffer, or nothing), and the
/// vector of the records' results.
struct Batch<E, T> {
    lines: Lines,
    room: E,
    /// Made by the reading thread with room for every line, filled by the mapping thread without
    /// growing, handed to `consume` and freed on the calling thread: where it was allocated.
    /// Allocated by the mapping thread instead, it was freed on another thread once per batch,
    /// and glibc's allocator put such chunks in the freeing thread's cache, where that thread's
    /// own small allocations reused them beside the other thread's: two threads then ran at
    /// 1.2-1.4x one instead of 1.8x in most processes (BENCHMARKS.md, fifth session).
    results: Vec<T>,
}

impl<E: Default, T> Default for Batch<E, T> {
    fn default() -> Self {
        Self {
            lines: Lines::default(),
            room: E::default(),
            results: Vec::new(),
        }
    }
}

impl Lines {
    fn clear(&mut self) {
        self.bytes.clear();
        self.lines.clear();
        self.error = None;
    }

    fn records(&self) -> impl ExactSizeIterator<Item = (Position, &[u8])> {
        self.lines.iter().map(|&(position, start, end)| {
            (position, self.bytes.get(start..end).unwrap_or_default())
        })
    }
}

/// The iterator of [`BulkMapper::map_ndjson_with`].
pub struct NdjsonWith<'m, R, F, T> {
    mapper: &'m BulkMapper,
    reader: R,
    finish: F,
    /// Lines read so far (blank ones included).
    line: usize,
    /// Non-blank lines read so far.
    index: usize,
    /// The batch read while the previous one was mapped.
    ahead: Option<Lines>,
    /// The reader's error, handed out once the lines read before it are.
    failed: Option<io::Error>,
    /// A buffer to read the next batch into.
    spare: Lines,
    ready: VecDeque<T>,
    done: bool,
}

/// Reads up to `size` non-blank lines into `batch` (cleared first). Sets `done` at the end of
/// the input, or at the reader's error, which it keeps in `batch.error` after the lines read
/// before it (a line the error cut short is dropped: its end was never read).
///
/// A batch also ends, with at least one line, where the reader's buffered data does: a stream
/// fed line by line (a pipe) has its records mapped as they come instead of waiting for a full
/// batch. A file read through a buffer almost never ends a line exactly at the buffer's end, so
/// its batches stay full.
fn read_lines<R: BufRead>(
    reader: &mut R,
    size: usize,
    line: &mut usize,
    index: &mut usize,
    done: &mut bool,
    batch: &mut Lines,
) {
    batch.clear();
    while batch.lines.len() < size {
        let start = batch.bytes.len();
        let drained = match read_line(reader, &mut batch.bytes) {
            Ok((0, _)) => {
                *done = true;
                break;
            }
            Ok((_, drained)) => drained,
            Err(error) => {
                batch.bytes.truncate(start);
                batch.error = Some(error);
                *done = true;
                break;
            }
        };
        *line += 1;
        // The record ends before its line terminator (`\n` or `\r\n`): a line cut in the middle
        // of a string then reads as truncated, not as a string holding a control character.
        let mut end = batch.bytes.len();
        for terminator in [b'\n', b'\r'] {
            if end > start && batch.bytes.get(end - 1) == Some(&terminator) {
                end -= 1;
            }
        }
        if batch
            .bytes
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .all(u8::is_ascii_whitespace)
        {
            batch.bytes.truncate(start);
        } else {
            let position = Position {
                index: *index,
                line: Some(*line),
            };
            *index += 1;
            batch.lines.push((position, start, end));
        }
        if drained && !batch.lines.is_empty() {
            break;
        }
    }
}

/// `BufRead::read_until(b'\n')`, finding the line end with a vectorised search (std's byte
/// search took ~2,300 instructions per 2 KB record).
///
/// Also says whether the line ended exactly where the reader's buffered data did: reading on
/// would then wait for the source (a pipe whose writer has sent nothing more yet).
fn read_line<R: BufRead>(reader: &mut R, line: &mut Vec<u8>) -> io::Result<(usize, bool)> {
    let mut read = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        let (taken, done, drained) = match memchr::memchr(b'\n', available) {
            Some(at) => (
                available.get(..=at).unwrap_or(available),
                true,
                at + 1 == available.len(),
            ),
            None => (available, available.is_empty(), available.is_empty()),
        };
        line.extend_from_slice(taken);
        let used = taken.len();
        reader.consume(used);
        read += used;
        if done {
            return Ok((read, drained));
        }
    }
}

impl<R, F, T> NdjsonWith<'_, R, F, T>
where
    R: BufRead,
    T: Send,
    F: Fn(Position, RecordResult) -> T + Sync,
{
    fn read_into(&mut self, mut batch: Lines) -> Lines {
        let size = self.mapper.batch_size();
        read_lines(
            &mut self.reader,
            size,
            &mut self.line,
            &mut self.index,
            &mut self.done,
            &mut batch,
        );
        batch
    }

    fn map_lines(mapper: &BulkMapper, finish: &F, batch: &Lines) -> Vec<T> {
        let one =
            |(position, record): (Position, &[u8])| finish(position, mapper.map_record(record));
        match &mapper.pool {
            None => batch.records().map(one).collect(),
            Some(pool) => pool.map(batch.records().collect(), one),
        }
    }

    /// Maps the next batch into `ready`; with a pool, reads the batch after it meanwhile, unless
    /// the batch is short (its source had no more at hand: reading on could wait for a live
    /// stream's writer while this batch's results are ready), as `BulkMapper::drive` does. The
    /// reader's error, if it ended the batch, waits in `failed` until the batch is handed out.
    fn fill(&mut self) {
        let mut batch = match self.ahead.take() {
            Some(batch) => batch,
            None => {
                let spare = std::mem::take(&mut self.spare);
                self.read_into(spare)
            }
        };
        self.failed = batch.error.take();
        let full = batch.lines.len() == self.mapper.batch_size();
        match &self.mapper.pool {
            Some(pool) if full && !self.done => {
                let mapper = self.mapper;
                let mut results = Vec::new();
                let mut spare = std::mem::take(&mut self.spare);
                let finish = &self.finish;
                let batch_ref = &batch;
                let results_ref = &mut results;
                let (reader, line, index, done) = (
                    &mut self.reader,
                    &mut self.line,
                    &mut self.index,
                    &mut self.done,
                );
                pool.overlap(
                    move || *results_ref = Self::map_lines(mapper, finish, batch_ref),
                    || read_lines(reader, mapper.batch_size(), line, index, done, &mut spare),
                );
                self.ready.extend(results);
                self.ahead = Some(spare);
            }
            _ => self
                .ready
                .extend(Self::map_lines(self.mapper, &self.finish, &batch)),
        }
        self.spare = batch;
    }
}

impl<R, F, T> Iterator for NdjsonWith<'_, R, F, T>
where
    R: BufRead,
    T: Send,
    F: Fn(Position, RecordResult) -> T + Sync,
{
    type Item = io::Result<T>;

    fn next(&mut self) -> Option<io::Result<T>> {
        while self.ready.is_empty() {
            if let Some(error) = self.failed.take() {
                return Some(Err(error));
            }
            if self.done && self.ahead.is_none() {
                return None;
            }
            self.fill();
        }
        self.ready.pop_front().map(Ok)
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader};

    proptest::proptest! {
        /// `read_line` gives what `read_until(b'\n')` gives, line by line, whatever the reader's
        /// buffer size (a line split across refills, a last line without its end, empty lines).
        #[test]
        fn read_line_is_read_until(text in proptest::collection::vec(
            proptest::sample::select(vec![b'\n', b'\r', b'a', b'{', b'"', 0xff]), 0..64),
            capacity in 1..12usize,
        ) {
            let mut ours = BufReader::with_capacity(capacity, &text[..]);
            let mut std = BufReader::with_capacity(capacity, &text[..]);
            loop {
                let (mut mine, mut theirs) = (Vec::new(), Vec::new());
                let (read, drained) = super::read_line(&mut ours, &mut mine).unwrap();
                proptest::prop_assert_eq!(drained, ours.buffer().is_empty());
                proptest::prop_assert_eq!(read, std.read_until(b'\n', &mut theirs).unwrap());
                proptest::prop_assert_eq!(&mine, &theirs);
                if read == 0 {
                    break;
                }
            }
        }
    }
}
