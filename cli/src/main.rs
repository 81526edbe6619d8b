//! `unified-accounting`: the library's mappings on files and pipes.
//!
//! A thin layer: the input is recognised (`input`), records are mapped by the library's
//! `BulkMapper`, and results are written (`output`). Exit codes: 0 when every record mapped (or
//! validated), 1 when some did not, 2 when the input or the arguments cannot be used at all.

#![forbid(unsafe_code)]
// The same rule as the library: no panic paths on input (see src/lib.rs and tests/lints.rs).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::string_slice,
        clippy::get_unwrap,
        clippy::unwrap_in_result,
        clippy::panic_in_result_fn,
        clippy::todo,
        clippy::unimplemented,
        clippy::unreachable
    )
)]

mod input;
mod output;

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};
use unified_accounting::MapOptions;
use unified_accounting::bulk::{BulkMapper, Operation};
use unified_accounting::schema::Target;
use unified_accounting::thredfi::Resource;

use crate::input::{Shape, Unusable};
use crate::output::{Report, Writer};

/// With the `mimalloc` feature the CLI allocates with mimalloc instead of the system allocator:
/// mapping builds and drops a JSON tree per record, and glibc's malloc/free are a quarter of the
/// instructions of a run (see BENCHMARKS.md). The library never chooses an allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit code when every record mapped or validated.
const EXIT_OK: u8 = 0;
/// Exit code when at least one record failed.
const EXIT_SOME_FAILED: u8 = 1;
/// Exit code when the input or the arguments cannot be used at all.
const EXIT_UNUSABLE: u8 = 2;

/// Translate refunds between Thredfi and Apideck's unified accounting model: exactly, losslessly,
/// every output validated against its schema.
///
/// Input is a file or standard input (no FILE, or -), holding a single JSON object, a JSON array,
/// a Thredfi page ({"count", "page_info", "results"}) or newline-delimited JSON; the shape is
/// recognised automatically. A single object gives pretty JSON; many records give one
/// NDJSON result envelope per record: {"index", "line", "ok": true, "output", "warnings"} or
/// {"index", "line", "ok": false, "error": {"kind", "path", "message"}}.
///
/// Exit codes: 0 every record mapped; 1 some records failed (the others are still written);
/// 2 unusable input or arguments (missing file, empty or non-JSON input, unknown option).
#[derive(Debug, Parser)]
#[command(name = "unified-accounting", version, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Thredfi refunds -> unified (Apideck) refunds.
    ToUnified {
        #[command(flatten)]
        common: CommonArgs,
        /// Write one Apideck list response (GetRefundsResponse) instead of one result per record.
        #[arg(long)]
        envelope: bool,
        /// With --envelope: the URL of the unified list endpoint, for the response's links.
        #[arg(long, value_name = "URL", requires = "envelope")]
        base_url: Option<String>,
    },
    /// Unified (Apideck) refunds -> Thredfi create requests (or full records with --record).
    ToThredfi {
        #[command(flatten)]
        common: CommonArgs,
        /// Rebuild the full Thredfi record of a unified refund that came from Thredfi, instead of a
        /// create request.
        #[arg(long, conflicts_with = "split_invoices")]
        record: bool,
        /// Vendor refunds: the vendor's Thredfi id, when the record has no custom_mappings.vendor_id.
        #[arg(long, value_name = "UUID")]
        vendor_id: Option<String>,
        /// Customer refunds against several invoices: one create request per invoice.
        #[arg(long)]
        split_invoices: bool,
    },
    /// Check documents against a vendored schema and print every violation with its path.
    Validate {
        /// The input file (default: standard input).
        #[arg(value_name = "FILE")]
        input: Option<PathBuf>,
        /// The schema to check against (see `schema --list`).
        #[arg(long, value_name = "NAME", value_parser = schema_name)]
        schema: Target,
        /// Print only the summary line and the violations.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Print a vendored schema as a standalone JSON Schema 2020-12 document.
    Schema {
        /// The schema to print (see --list).
        #[arg(value_name = "NAME", value_parser = schema_name, required_unless_present = "list")]
        name: Option<Target>,
        /// List the schema names.
        #[arg(long)]
        list: bool,
    },
}

#[derive(Debug, Args)]
struct CommonArgs {
    /// The input file (default: standard input; - also means standard input).
    #[arg(value_name = "FILE")]
    input: Option<PathBuf>,
    /// Which Thredfi resource the records are (default: recognised from each record).
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// Fail on unknown enum values and unknown payment-method text instead of warning.
    #[arg(long)]
    strict: bool,
    /// The Thredfi business the records belong to (becomes the unified company_id).
    #[arg(long, value_name = "ID")]
    business_id: Option<String>,
    /// Threads to map on; 0 means one per core.
    #[arg(long, short, value_name = "N", default_value_t = 1)]
    jobs: usize,
    /// No progress bar and no summary line.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Kind {
    /// Thredfi customer refunds (/invoices/refunds/).
    CustomerRefund,
    /// Thredfi vendor refunds (/vendor-refunds/).
    VendorRefund,
}

impl From<Kind> for Resource {
    fn from(kind: Kind) -> Resource {
        match kind {
            Kind::CustomerRefund => Resource::CustomerRefund,
            Kind::VendorRefund => Resource::VendorRefund,
        }
    }
}

fn schema_name(name: &str) -> Result<Target, String> {
    Target::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Target::ALL.iter().map(|target| target.name()).collect();
        format!(
            "unknown schema {name:?}; the schemas are: {}",
            names.join(", ")
        )
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::ToUnified {
            common,
            envelope,
            base_url,
        } => map_command(
            &common,
            Operation::ToUnified,
            MapOptions::new(),
            envelope.then_some(base_url),
        ),
        Command::ToThredfi {
            common,
            record,
            vendor_id,
            split_invoices,
        } => {
            let operation = if record {
                Operation::ToRecord
            } else {
                Operation::ToCreateRequest { split_invoices }
            };
            let options = match vendor_id {
                Some(vendor) => MapOptions::new().vendor_id(vendor),
                None => MapOptions::new(),
            };
            map_command(&common, operation, options, None)
        }
        Command::Validate {
            input,
            schema,
            quiet,
        } => validate_command(input, schema, quiet),
        Command::Schema { name, list } => schema_command(name, list),
    };
    ExitCode::from(code)
}

fn unusable(Unusable(message): Unusable) -> u8 {
    eprintln!("error: {message}");
    EXIT_UNUSABLE
}

/// `to-unified` and `to-thredfi`. `envelope` is `Some(base_url)` when a list response is asked.
fn map_command(
    common: &CommonArgs,
    operation: Operation,
    options: MapOptions,
    envelope: Option<Option<String>>,
) -> u8 {
    let started = Instant::now();
    let mut options = options.strict(common.strict);
    if let Some(business) = &common.business_id {
        options = options.business_id(business.clone());
    }
    let mut mapper = BulkMapper::new(operation).options(options.clone());
    if let Some(kind) = common.kind {
        mapper = mapper.resource(kind.into());
    }
    let mapper = match mapper.threads(common.jobs) {
        Ok(mapper) => mapper,
        Err(error) => {
            return unusable(Unusable(format!(
                "cannot start {} threads: {error}",
                common.jobs
            )));
        }
    };
    let shape = match input::open(common.input.as_deref())
        .and_then(|(reader, _)| input::recognise(reader))
    {
        Ok(shape) => shape,
        Err(error) => return unusable(error),
    };
    let shape_name = shape.name();
    let show_progress = !common.quiet
        && std::io::stderr().is_terminal()
        && matches!(shape, Shape::Array(_) | Shape::Lines(_));
    let mut writer = Writer::new(show_progress);
    let report = match (shape, envelope) {
        (Shape::Page(bytes), Some(base_url)) => output::page_envelope(
            &mut writer,
            &bytes,
            common.kind.map(Into::into),
            &options,
            base_url.as_deref(),
        ),
        (shape, envelope) => {
            let single = matches!(shape, Shape::Single(_));
            let mut sink = output::RecordSink::new(&mut writer, single, envelope.is_some());
            let streamed = output::map_shape(shape, &mapper, &mut sink);
            match (streamed, envelope) {
                (Err(error), _) => Err(error),
                (Ok(()), Some(base_url)) => sink.finish_envelope(base_url.as_deref()),
                (Ok(()), None) => Ok(sink.report()),
            }
        }
    };
    let report = match report {
        Ok(report) => report,
        Err(output::Failure::Unusable(error)) => return unusable(error),
        Err(output::Failure::BrokenPipe) => return EXIT_OK,
    };
    writer.finish();
    if !common.quiet {
        summary(&report, shape_name, started);
    }
    if report.failed == 0 {
        EXIT_OK
    } else {
        EXIT_SOME_FAILED
    }
}

fn summary(report: &Report, shape: &str, started: Instant) {
    eprintln!(
        "{} record(s): {} ok, {} failed, {} warning(s) in {:.2}s ({shape})",
        report.records,
        report.records - report.failed,
        report.failed,
        report.warnings,
        started.elapsed().as_secs_f64()
    );
    if report.failed > 0 {
        eprintln!(
            "hint: each failed record names the field at fault (its JSON Pointer); fix those \
             records and run again, or use --kind / --strict as the messages suggest"
        );
    }
}

fn validate_command(input: Option<PathBuf>, target: Target, quiet: bool) -> u8 {
    let started = Instant::now();
    let shape = match input::open(input.as_deref()).and_then(|(reader, _)| input::recognise(reader))
    {
        Ok(shape) => shape,
        Err(error) => return unusable(error),
    };
    let shape_name = shape.name();
    match output::validate_shape(shape, target, quiet) {
        Ok(report) => {
            eprintln!(
                "{} document(s): {} valid, {} invalid against {target} in {:.2}s ({shape_name})",
                report.records,
                report.records - report.failed,
                report.failed,
                started.elapsed().as_secs_f64()
            );
            if report.failed == 0 {
                EXIT_OK
            } else {
                EXIT_SOME_FAILED
            }
        }
        Err(output::Failure::Unusable(error)) => unusable(error),
        Err(output::Failure::BrokenPipe) => EXIT_OK,
    }
}

fn schema_command(name: Option<Target>, list: bool) -> u8 {
    if list {
        for target in Target::ALL {
            println!("{:<40} {}", target.name(), target.component());
        }
        return EXIT_OK;
    }
    let Some(target) = name else {
        return unusable(Unusable("name a schema, or pass --list".into()));
    };
    match output::standalone_schema(target) {
        Ok(text) => {
            println!("{text}");
            EXIT_OK
        }
        Err(error) => unusable(error),
    }
}
