//! Driving the mapper over the input and writing what it gives.

use std::io::{self, BufWriter, Stdout, Write};

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::value::RawValue;
use unified_accounting::JsonPointer;
use unified_accounting::bulk::{BulkMapper, Position, RecordResult};
use unified_accounting::decode::{DecodeError, DecodeErrorKind};
use unified_accounting::json::JsonValue;
use unified_accounting::provider::Pages;
use unified_accounting::schema::{SchemaError, Target};
use unified_accounting::unified::list::{RecordFailure, list_response_json};
use unified_accounting::{Error, MapOptions, Probe, Registry, Resource, Warning};

use unified_accounting::unified::coverage::{self, Coverage};

use crate::envelope::write_envelope;
use crate::flags::Hints;
use crate::input::{self, Recognition, Shape, Unusable};
use crate::report::{Facts, RunReport};

/// Why a run stopped early.
pub enum Failure {
    /// The input or output cannot be used (exit code 2).
    Unusable(Unusable),
    /// The reader of standard output went away (`| head`): stop quietly.
    BrokenPipe,
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Unusable(Unusable(format!("cannot write the output: {error}")))
        }
    }
}

/// Counts for the summary line, and the run report when one is gathered.
#[derive(Debug, Default)]
pub struct Report {
    pub records: usize,
    pub failed: usize,
    pub warnings: usize,
    pub run: Option<RunReport>,
}

/// What is made of each record besides its result: the hint of an error, the output's coverage,
/// the facts of the run report. Read by the threads that map.
pub struct Looks<'w> {
    pub hints: &'w Hints,
    /// Compute each output's coverage (`--coverage`): in its envelope and in the report.
    pub coverage: bool,
    /// Gather the run report (`--report`, `--coverage`, or a summary table on a terminal).
    pub facts: bool,
}

impl Looks<'_> {
    /// The coverage of a mapped output, when asked.
    fn coverage(&self, result: &RecordResult) -> Option<Coverage> {
        let mapped = result.as_ref().ok().filter(|_| self.coverage)?;
        let tree = JsonValue::from_text(mapped.output.get()).ok()?;
        // The weights are the vendored schema's, checked by the library's tests.
        coverage::of_tree(&tree).ok()
    }

    fn facts(
        &self,
        position: Position,
        result: &RecordResult,
        coverage: Option<Coverage>,
    ) -> Option<Facts> {
        self.facts.then(|| match result {
            Ok(mapped) => Facts::of_success(position, &mapped.warnings, coverage),
            Err(error) => Facts::of_failure(position, error),
        })
    }
}

/// Standard output, buffered, and the progress bar on standard error.
pub struct Writer {
    out: BufWriter<Stdout>,
    progress: Option<ProgressBar>,
}

impl Writer {
    pub fn new(show_progress: bool) -> Self {
        let progress = show_progress.then(|| {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} {human_pos} records, {rate} records/s, {elapsed}",
            ) {
                bar.set_style(style.with_key(
                    "rate",
                    |state: &indicatif::ProgressState, out: &mut dyn std::fmt::Write| {
                        let _ = write!(out, "{:.0}", state.per_sec());
                    },
                ));
            }
            bar
        });
        Self {
            out: BufWriter::with_capacity(1 << 16, io::stdout()),
            progress,
        }
    }

    fn tick(&self, records: u64) {
        if let Some(bar) = &self.progress {
            bar.set_position(records);
        }
    }

    pub fn finish(&mut self) {
        if let Some(bar) = self.progress.take() {
            bar.finish_and_clear();
        }
        // A failed flush here means stdout is gone; there is nobody left to tell.
        let _ = self.out.flush();
    }
}

/// Where mapped records go: pretty JSON (one record), NDJSON envelopes, or a list response.
pub struct RecordSink<'w> {
    writer: &'w mut Writer,
    /// What is made of each record besides its result.
    looks: &'w Looks<'w>,
    /// A single document recognition found not to be JSON fails with recognition's error.
    pub not_json_is_final: bool,
    single: bool,
    envelope: Option<Collected>,
    report: Report,
    stopped: Option<Failure>,
}

#[derive(Default)]
struct Collected {
    data: Vec<Box<RawValue>>,
    failures: Vec<RecordFailure>,
    warnings: Vec<Warning>,
}

impl<'w> RecordSink<'w> {
    pub fn new(writer: &'w mut Writer, looks: &'w Looks<'w>, single: bool, envelope: bool) -> Self {
        let run = looks.facts.then(|| RunReport::new(looks.coverage));
        Self {
            writer,
            looks,
            not_json_is_final: false,
            single,
            envelope: envelope.then(Collected::default),
            report: Report {
                run,
                ..Report::default()
            },
            stopped: None,
        }
    }

    pub fn take_report(&mut self) -> Report {
        std::mem::take(&mut self.report)
    }

    fn add_facts(&mut self, facts: Option<Facts>) {
        if let (Some(run), Some(facts)) = (&mut self.report.run, facts) {
            run.add(facts);
        }
    }

    /// Whether records can be written as NDJSON result envelopes by the threads that map them
    /// ([`render`]), leaving only the writing of bytes to this thread.
    fn renders_in_workers(&self) -> bool {
        !self.single && self.envelope.is_none()
    }

    /// Takes a batch of records [`render`]ed by a mapping thread: their envelopes, one after
    /// another in `text`, and what was learnt of each. A batch whose rendering failed is not
    /// written, and stops the run.
    fn accept_rendered(&mut self, text: &[u8], records: impl IntoIterator<Item = Rendered>) {
        if self.stopped.is_some() {
            return;
        }
        for rendered in records {
            self.report.records += 1;
            self.report.warnings += rendered.warnings;
            if rendered.failed {
                self.report.failed += 1;
            }
            self.add_facts(rendered.facts);
            if let Err(error) = rendered.written {
                self.stopped.get_or_insert(error.into());
            }
        }
        if self.stopped.is_none() {
            // Flushed batch by batch: a full batch is larger than the buffer and goes straight
            // out anyway, and a short one (a live stream's records as they came) is not held
            // back until later records fill the buffer.
            let written = self.writer.out.write_all(text);
            if let Err(error) = written.and_then(|()| self.writer.out.flush()) {
                self.stopped = Some(error.into());
            }
        }
        self.writer.tick(self.report.records as u64);
    }

    fn accept(&mut self, index: usize, line: Option<usize>, result: RecordResult) {
        if self.stopped.is_some() {
            return;
        }
        self.report.records += 1;
        match &result {
            Ok(mapped) => self.report.warnings += mapped.warnings.len(),
            Err(_) => self.report.failed += 1,
        }
        let position = Position { index, line };
        let coverage = self.looks.coverage(&result);
        let envelope_coverage = coverage.clone();
        let facts = self.looks.facts(position, &result, coverage);
        self.add_facts(facts);
        let written = if let Some(collected) = &mut self.envelope {
            let prefix = format!("/{index}");
            match result {
                Ok(mapped) => {
                    collected.warnings.extend(
                        mapped
                            .warnings
                            .into_iter()
                            .map(|warning| warning.within(&prefix)),
                    );
                    collected.data.push(mapped.output);
                }
                Err(error) => collected.failures.push(RecordFailure {
                    index,
                    error: error.within(&prefix),
                }),
            }
            Ok(())
        } else if self.single {
            write_single(&mut self.writer.out, result, self.looks.hints)
        } else {
            let hint = |error: &Error| self.looks.hints.hint(error);
            write_envelope(
                &mut self.writer.out,
                position,
                &result,
                hint,
                envelope_coverage.as_ref(),
            )
        };
        if let Err(error) = written {
            self.stopped = Some(error.into());
        }
        self.writer.tick(self.report.records as u64);
    }

    fn take_stop(&mut self) -> Result<(), Failure> {
        self.stopped.take().map_or(Ok(()), Err)
    }

    /// Writes the collected records as one Apideck list response of `service`.
    pub fn finish_envelope(
        mut self,
        service: &str,
        base_url: Option<&str>,
    ) -> Result<Report, Failure> {
        self.take_stop()?;
        let collected = self.envelope.take().unwrap_or_default();
        let value = list_response_json(
            service,
            collected.data,
            &collected.failures,
            &collected.warnings,
            None,
            base_url,
        )
        .map_err(|error| Failure::Unusable(Unusable(error.to_string())))?;
        write_pretty(&mut self.writer.out, &value)?;
        Ok(self.take_report())
    }
}

/// Writes JSON text indented, every number and key order as they are: the text is read as an
/// exact [`JsonValue`] first (a `serde_json::Value` would round numbers and sort keys).
fn write_pretty(out: &mut impl Write, json: &RawValue) -> io::Result<()> {
    let value = JsonValue::from_text(json.get()).map_err(io::Error::other)?;
    serde_json::to_writer_pretty(&mut *out, &value)?;
    out.write_all(b"\n")
}

fn print_warnings(warnings: &[Warning]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}

fn write_single(out: &mut impl Write, result: RecordResult, hints: &Hints) -> io::Result<()> {
    match result {
        Ok(mapped) => {
            print_warnings(&mapped.warnings);
            write_pretty(out, &mapped.output)
        }
        Err(error) => {
            eprintln!("error: {error}");
            if let Some(hint) = hints.hint(&error) {
                eprintln!("hint: {hint}");
            }
            Ok(())
        }
    }
}

/// What is learnt of one record whose result envelope the thread that mapped it wrote.
pub struct Rendered {
    written: io::Result<()>,
    failed: bool,
    warnings: usize,
    facts: Option<Facts>,
}

/// Appends the record's result envelope to its batch's `text` (nothing, if writing it fails).
fn render(
    text: &mut Vec<u8>,
    position: Position,
    result: RecordResult,
    looks: &Looks<'_>,
) -> Rendered {
    let start = text.len();
    let coverage = looks.coverage(&result);
    let hint = |error: &Error| looks.hints.hint(error);
    let written = write_envelope(text, position, &result, hint, coverage.as_ref());
    if written.is_err() {
        text.truncate(start);
    }
    Rendered {
        written,
        failed: result.is_err(),
        warnings: result.as_ref().map_or(0, |mapped| mapped.warnings.len()),
        facts: looks.facts(position, &result, coverage),
    }
}

/// Maps every record of `shape` into `sink`, streaming where the shape allows.
pub fn map_shape(
    shape: Shape,
    mapper: &BulkMapper,
    sink: &mut RecordSink<'_>,
) -> Result<(), Failure> {
    match shape {
        Shape::Single(bytes, recognition) => {
            let known = match recognition {
                Recognition::NotJson if sink.not_json_is_final => Probe::of(&bytes).err(),
                Recognition::NotJson | Recognition::Resource(_) | Recognition::Unrecognised => None,
            };
            let result = match known {
                Some(error) => Err(Error::Decode(error)),
                None => mapper.map_record(&bytes),
            };
            sink.accept(0, None, result);
        }
        Shape::Page(bytes, pages) => map_page(&bytes, pages, mapper, sink)?,
        Shape::Array(reader) => map_array(reader, mapper, sink),
        Shape::Lines(reader) => map_lines(reader, mapper, sink)?,
    }
    sink.take_stop()
}

/// The records of a page, each error's path starting at its place in the page.
fn map_page(
    bytes: &[u8],
    pages: &dyn Pages,
    mapper: &BulkMapper,
    sink: &mut RecordSink<'_>,
) -> Result<(), Failure> {
    let records = page_records(bytes, pages)?;
    let records: Vec<&[u8]> = records
        .iter()
        .map(|record| record.get().as_bytes())
        .collect();
    for (index, result) in mapper.map_all(&records).into_iter().enumerate() {
        let prefix = pages.record_path(index);
        sink.accept(index, None, result.map_err(|error| error.within(&prefix)));
    }
    Ok(())
}

/// The elements of a JSON array, streamed in batches; a break in the array is the error of the
/// element where it happened.
fn map_array(reader: Box<dyn io::BufRead>, mapper: &BulkMapper, sink: &mut RecordSink<'_>) {
    let mut next_index = 0;
    let batch = mapper.thread_count() * 512;
    let streamed = input::stream_array(reader, batch, &mut |elements| {
        let records: Vec<&[u8]> = elements
            .iter()
            .map(|element| element.get().as_bytes())
            .collect();
        if sink.renders_in_workers() {
            let first = next_index;
            let rendered = mapper.map_all_with(&records, |position, result| {
                let index = first + position.index;
                let mut text = Vec::with_capacity(8 << 10);
                let rendered = render(
                    &mut text,
                    Position { index, line: None },
                    result,
                    sink.looks,
                );
                (text, rendered)
            });
            for (text, rendered) in rendered {
                sink.accept_rendered(&text, [rendered]);
                next_index += 1;
            }
        } else {
            for result in mapper.map_all(&records) {
                sink.accept(next_index, None, result);
                next_index += 1;
            }
        }
    });
    if let Err(error) = streamed {
        // The array breaks off here; what came before it is already written.
        let kind = if error.is_eof() {
            DecodeErrorKind::Truncated
        } else {
            DecodeErrorKind::Syntax
        };
        let mut decode = DecodeError::from_json(&error, JsonPointer::root().join_index(next_index));
        decode.kind = kind;
        sink.accept(next_index, None, Err(Error::Decode(decode)));
    }
}

/// Newline-delimited JSON, streamed; rendered by the mapping threads when the sink allows.
fn map_lines(
    reader: Box<dyn io::BufRead>,
    mapper: &BulkMapper,
    sink: &mut RecordSink<'_>,
) -> Result<(), Failure> {
    let unreadable =
        |error: io::Error| Failure::Unusable(Unusable(format!("cannot read the input: {error}")));
    if sink.renders_in_workers() {
        let looks = sink.looks;
        // The library's driver: the next batches are mapped and rendered while this thread
        // writes the current one.
        mapper
            .render_ndjson(
                reader,
                |text, position, result| render(text, position, result, looks),
                |text, records| {
                    sink.accept_rendered(text, records);
                    if sink.stopped.is_some() {
                        std::ops::ControlFlow::Break(())
                    } else {
                        std::ops::ControlFlow::Continue(())
                    }
                },
            )
            .map_err(unreadable)?;
    } else {
        for (index, item) in mapper.map_ndjson(reader).enumerate() {
            let outcome = item.map_err(unreadable)?;
            sink.accept(index, Some(outcome.line), outcome.result);
            if sink.stopped.is_some() {
                break;
            }
        }
    }
    Ok(())
}

fn page_records(bytes: &[u8], pages: &dyn Pages) -> Result<Vec<Box<RawValue>>, Failure> {
    pages.records(bytes).map_err(|error| {
        Failure::Unusable(Unusable(format!(
            "{} cannot be read: {error}",
            pages.name()
        )))
    })
}

/// What a list response is made with: the providers, the resource named, the options, the
/// unified endpoint for its links.
pub struct Listing<'a> {
    pub registry: &'a Registry,
    pub kind: Option<&'static dyn Resource>,
    pub options: &'a MapOptions,
    pub base_url: Option<&'a str>,
}

/// A provider's list page → one Apideck list response with the page's counts and cursors.
pub fn page_envelope(
    writer: &mut Writer,
    bytes: &[u8],
    pages: &dyn Pages,
    listing: &Listing<'_>,
    looks: &Looks<'_>,
) -> Result<Report, Failure> {
    let Listing {
        registry,
        kind,
        options,
        base_url,
    } = *listing;
    let resource = match kind {
        Some(resource) => resource,
        None => page_records(bytes, pages)?
            .iter()
            .find_map(|record| {
                let probe = Probe::of(record.get().as_bytes()).ok()?;
                registry.recognise(&probe)
            })
            .ok_or_else(|| {
                Failure::Unusable(Unusable(
                    "cannot tell which resource this page holds (no record is recognised); pass \
                     --kind"
                        .into(),
                ))
            })?,
    };
    let page = pages
        .to_unified_list(resource, bytes, options, base_url)
        .map_err(|error| {
            Failure::Unusable(Unusable(format!(
                "{} cannot be read: {error}",
                pages.name()
            )))
        })?;
    write_pretty(&mut writer.out, &page.json)?;
    let records = page.list.data.len() + page.failures.len();
    let run = looks.facts.then(|| {
        // A page's warnings are not kept per record: each is counted where its path says.
        let mut run = RunReport::new(false);
        run.add_page(records, &page.failures, &page.warnings);
        run
    });
    Ok(Report {
        records,
        failed: page.failures.len(),
        warnings: page.warnings.len(),
        run,
    })
}

/// `validate`: checks each document of `shape`, printing every violation.
pub fn validate_shape(shape: Shape, target: &Target, quiet: bool) -> Result<Report, Failure> {
    let mut report = Report::default();
    each_document(shape, &mut |label, bytes| {
        report.records += 1;
        if !check_document(&label, bytes, target, quiet) {
            report.failed += 1;
        }
    })?;
    io::stdout().flush()?;
    Ok(report)
}

/// Hands every document of `shape` to `each` with a label for messages (`document`,
/// `element 3`, `line 7`): a single document or page whole, an array's elements, NDJSON's
/// non-blank lines.
pub fn each_document(shape: Shape, each: &mut dyn FnMut(String, &[u8])) -> Result<(), Failure> {
    match shape {
        Shape::Single(bytes, _) | Shape::Page(bytes, _) => each("document".into(), &bytes),
        Shape::Array(reader) => {
            let mut index = 0;
            let streamed = input::stream_array(reader, 512, &mut |elements| {
                for element in elements {
                    each(format!("element {index}"), element.get().as_bytes());
                    index += 1;
                }
            });
            if let Err(error) = streamed {
                return Err(Failure::Unusable(Unusable(format!(
                    "the array breaks off after {index} element(s): {error}"
                ))));
            }
        }
        Shape::Lines(reader) => {
            let mut line = 0;
            for read in io::BufRead::split(reader, b'\n') {
                let bytes = read.map_err(|error| {
                    Failure::Unusable(Unusable(format!("cannot read the input: {error}")))
                })?;
                line += 1;
                if !bytes.iter().all(u8::is_ascii_whitespace) {
                    each(format!("line {line}"), &bytes);
                }
            }
        }
    }
    Ok(())
}

/// Checks one document against `target` and prints the verdict; true when it is valid.
fn check_document(label: &str, bytes: &[u8], target: &Target, quiet: bool) -> bool {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            println!("{label}: not JSON: {error}");
            return false;
        }
    };
    match target.validate_text(text) {
        Ok(()) => {
            if !quiet {
                println!("{label}: valid");
            }
            return true;
        }
        Err(SchemaError::Invalid(found)) => {
            println!("{label}: {} violation(s)", found.violations().len());
            for violation in found.violations() {
                let path = if violation.instance_path.is_empty() {
                    "(document root)"
                } else {
                    &violation.instance_path
                };
                println!("  {path}: {}", violation.message);
            }
        }
        Err(SchemaError::NotJson { message, .. }) => println!("{label}: not JSON: {message}"),
        // A schema that does not compile (a bug of the crate), or a failure added later.
        Err(error) => println!("{label}: {error}"),
    }
    false
}

/// A target as a standalone JSON Schema document: its vendored document with a root `$ref`.
pub fn standalone_schema(target: &Target) -> Result<String, Unusable> {
    // Read exactly, so the document keeps its key order and numbers.
    let mut document = JsonValue::from_text(target.document().text())
        .map_err(|error| Unusable(format!("the embedded schema is broken (a bug): {error}")))?;
    if let JsonValue::Object(object) = &mut document {
        object.insert(
            "$ref".into(),
            JsonValue::String(format!("#/components/schemas/{}", target.component())),
        );
    }
    serde_json::to_string_pretty(&document)
        .map_err(|error| Unusable(format!("cannot write the schema: {error}")))
}
