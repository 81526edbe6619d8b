//! `unified-accounting`: the library's mappings on files and pipes.
//!
//! A thin layer: the input is recognised (`input`), records are mapped by the library's
//! `BulkMapper`, and results are written (`output`). Exit codes: 0 when every record mapped (or
//! validated), 1 when some did not, 2 when the input or the arguments cannot be used at all.
//!
//! It names no provider: commands, `--kind` values, option flags and page shapes come from the
//! library's `Registry`. Like every crate of the workspace it takes the workspace's lints
//! (Cargo.toml): no `unsafe`, no panic paths on input.

mod coverage;
mod drift;
mod envelope;
mod flags;
mod input;
mod output;
mod report;

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{ArgMatches, Args, CommandFactory as _, FromArgMatches as _, Parser, Subcommand};
use unified_accounting::bulk::{BulkMapper, Operation};
use unified_accounting::provider::Direction;
use unified_accounting::schema::Target;
use unified_accounting::{MapOptions, Provider, Registry, Resource};

use crate::input::{Recognition, Shape, Unusable};
use crate::output::{Report, Writer};

/// With the `mimalloc` feature (on by default) the CLI allocates with mimalloc instead of the
/// system allocator: glibc's malloc and free are a quarter of the instructions of a run, and with
/// two threads they also contend for arenas and free what another thread allocated (see
/// BENCHMARKS.md). The library never chooses an allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit code when every record mapped or validated.
const EXIT_OK: u8 = 0;
/// Exit code when at least one record failed.
const EXIT_SOME_FAILED: u8 = 1;
/// Exit code when the input or the arguments cannot be used at all.
const EXIT_UNUSABLE: u8 = 2;

/// Translate refunds between provider APIs and Apideck's unified accounting model: exactly,
/// losslessly, every output validated against its schema.
///
/// Input is a file or standard input (no FILE, or -), holding a single JSON object, a JSON array,
/// a provider's list page (recognised by its keys) or newline-delimited JSON; the shape is
/// recognised automatically. A single object gives pretty
/// JSON; many records give one NDJSON result envelope per record: {"index", "line", "ok": true,
/// "output", "warnings"} or {"index", "line", "ok": false, "error": {"kind", "path", "message"}}.
///
/// Each provider adds a `to-<provider>` command (unified -> provider) and its options as flags
/// (the library option `business_id` is the flag --business-id).
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
    /// Provider records -> unified (Apideck) refunds.
    ToUnified {
        #[command(flatten)]
        common: CommonArgs,
        /// Write one Apideck list response (GetRefundsResponse) instead of one result per record.
        #[arg(long)]
        envelope: bool,
        /// Add each output's field coverage (Apideck's field weights) to its result envelope, and
        /// their distribution to the summary and the run report.
        #[arg(long)]
        coverage: bool,
        /// With --envelope: the URL of the unified list endpoint, for the response's links.
        #[arg(long, value_name = "URL", requires = "envelope")]
        base_url: Option<String>,
    },
    /// Check documents against a vendored schema and print every violation with its path.
    Validate {
        /// The input file (default: standard input).
        #[arg(value_name = "FILE")]
        input: Option<PathBuf>,
        /// The schema to check against (see `schema --list`).
        #[arg(long, value_name = "NAME", value_parser = schema_name)]
        schema: &'static Target,
        /// Print only the summary line and the violations.
        #[arg(long, short)]
        quiet: bool,
    },
    /// How complete unified refunds are: fields filled per Apideck weight (critical, high, medium,
    /// low, edge-case), the critical and high fields most often missing, a score distribution.
    Coverage {
        /// The input file of unified refunds, any shape (default: standard input).
        #[arg(value_name = "FILE")]
        input: Option<PathBuf>,
    },
    /// Print a vendored schema as a standalone JSON Schema 2020-12 document, or compare the
    /// vendored schemas with a newer vendor spec (`schema drift --against FILE`).
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Schema {
        /// The schema to print (see --list).
        #[arg(value_name = "NAME", value_parser = schema_name, required_unless_present = "list")]
        name: Option<&'static Target>,
        /// List the schema names.
        #[arg(long)]
        list: bool,
        #[command(subcommand)]
        action: Option<SchemaAction>,
    },
}

/// What `schema` does besides printing one.
#[derive(Debug, Subcommand)]
enum SchemaAction {
    /// Compare the vendored schemas with an OpenAPI document (JSON or YAML): exit 0 when nothing
    /// affects the mappings, 1 when something does, 2 when the document cannot be used.
    Drift(drift::DriftArgs),
}

/// The arguments of each provider's `to-<provider>` command.
#[derive(Debug, Args)]
struct FromUnifiedArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Rebuild the full provider record of a unified refund that came from the provider, instead
    /// of a create request.
    #[arg(long)]
    record: bool,
}

#[derive(Debug, Args)]
struct CommonArgs {
    /// The input file (default: standard input; - also means standard input).
    #[arg(value_name = "FILE")]
    input: Option<PathBuf>,
    /// Which resource the records are (default: recognised from each record).
    #[arg(long, value_name = "RESOURCE", value_parser = resource_name)]
    kind: Option<&'static dyn Resource>,
    /// Fail on unknown enum values, unknown payment-method text and meaningful nulls instead of
    /// warning.
    #[arg(long)]
    strict: bool,
    /// Threads to map on; 0 means one per core.
    #[arg(long, short, value_name = "N", default_value_t = 1)]
    jobs: usize,
    /// No progress bar and no summary line.
    #[arg(long, short)]
    quiet: bool,
    /// Write a run report to FILE: counts, failures grouped by (kind, path) and warnings by
    /// (code, source path), each group with the index and line of its first records.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
}

fn schema_name(name: &str) -> Result<&'static Target, String> {
    let registry = Registry::builtin();
    registry.target(name).ok_or_else(|| {
        let names: Vec<&str> = registry.targets().map(Target::name).collect();
        format!(
            "unknown schema {name:?}; the schemas are: {}",
            names.join(", ")
        )
    })
}

fn resource_name(name: &str) -> Result<&'static dyn Resource, String> {
    let registry = Registry::builtin();
    registry.resource(name).ok_or_else(|| {
        format!(
            "unknown resource {name:?}; the resources are: {}",
            registry.resource_names().join(", ")
        )
    })
}

/// The command line: the derived commands, each provider's `to-<provider>` command, and every
/// provider option as a flag of the commands it applies to.
fn command_line(registry: &Registry) -> clap::Command {
    let kinds = registry.resource_names().join(", ");
    let mut command = Cli::command().mut_subcommand("to-unified", |to_unified| {
        let to_unified = to_unified.mut_arg("kind", |kind| {
            kind.help(format!(
                "Which resource the records are, one of: {kinds} (default: recognised from each \
                 record)"
            ))
        });
        flags::option_flags(to_unified, registry.providers(), Direction::ToUnified)
    });
    for provider in registry.providers() {
        let kinds: Vec<String> = registry
            .resource_names()
            .into_iter()
            .zip(registry.resources())
            .filter(|(_, resource)| resource.provider() == provider.name())
            .map(|(name, _)| name)
            .collect();
        let to_provider =
            FromUnifiedArgs::augment_args(clap::Command::new(format!("to-{}", provider.name())))
                .about(format!(
                    "Unified (Apideck) refunds -> {} create requests (or full records with \
                     --record).",
                    provider.display_name()
                ))
                .mut_arg("kind", |kind| {
                    kind.help(format!(
                        "Which resource the records become, one of: {} (default: recognised \
                         from each record)",
                        kinds.join(", ")
                    ))
                });
        command = command.subcommand(flags::option_flags(
            to_provider,
            std::slice::from_ref(provider),
            Direction::FromUnified,
        ));
    }
    command
}

fn main() -> ExitCode {
    let registry = Registry::builtin();
    let command = command_line(registry);
    let matches = command.clone().get_matches();
    // What to pass for an error that a flag answers, for the command that runs.
    let hints = |name: &str, providers: &[&'static dyn Provider]| {
        command
            .find_subcommand(name)
            .map(|sub| flags::Hints::new(sub, providers))
            .unwrap_or_default()
    };
    let code = match matches.subcommand() {
        Some((name, sub)) if name != "to-unified" && name.starts_with("to-") => {
            match from_unified_command(registry, name, sub, &hints) {
                Ok(code) => code,
                Err(error) => unusable(error),
            }
        }
        _ => match Cli::from_arg_matches(&matches) {
            Ok(cli) => run(
                cli,
                &matches,
                registry,
                hints("to-unified", registry.providers()),
            ),
            Err(error) => error.exit(),
        },
    };
    ExitCode::from(code)
}

fn run(cli: Cli, matches: &ArgMatches, registry: &Registry, hints: flags::Hints) -> u8 {
    match cli.command {
        Command::ToUnified {
            common,
            envelope,
            coverage,
            base_url,
        } => {
            let Some((_, sub)) = matches.subcommand() else {
                return unusable(Unusable("no command".into()));
            };
            let options = flags::options_from_flags(
                sub,
                registry.providers(),
                Direction::ToUnified,
                MapOptions::new(),
            );
            match options {
                Ok(options) => map_command(
                    &common,
                    Operation::ToUnified,
                    registry.clone(),
                    options,
                    &hints,
                    coverage,
                    envelope.then_some(base_url),
                ),
                Err(error) => unusable(error),
            }
        }
        Command::Validate {
            input,
            schema,
            quiet,
        } => validate_command(input, schema, quiet),
        Command::Schema {
            action: Some(SchemaAction::Drift(args)),
            ..
        } => match drift::run(registry, &args) {
            Ok(true) => EXIT_SOME_FAILED,
            Ok(false) => EXIT_OK,
            Err(error) => unusable(error),
        },
        Command::Schema {
            name,
            list,
            action: None,
        } => schema_command(registry, name, list),
        Command::Coverage { input } => coverage_command(input),
    }
}

/// `to-<provider>`: unified refunds to that provider's requests or records.
fn from_unified_command(
    registry: &Registry,
    name: &str,
    sub: &ArgMatches,
    hints: &dyn Fn(&str, &[&'static dyn Provider]) -> flags::Hints,
) -> Result<u8, Unusable> {
    let provider = name
        .strip_prefix("to-")
        .and_then(|provider| registry.provider(provider))
        .ok_or_else(|| Unusable(format!("unknown command {name}")))?;
    let args =
        FromUnifiedArgs::from_arg_matches(sub).map_err(|error| Unusable(error.to_string()))?;
    if let Some(kind) = args.common.kind
        && kind.provider() != provider.name()
    {
        return Err(Unusable(format!(
            "--kind {kind} is not a {} resource",
            provider.name()
        )));
    }
    let options = flags::options_from_flags(
        sub,
        std::slice::from_ref(&provider),
        Direction::FromUnified,
        MapOptions::new(),
    )?;
    let operation = if args.record {
        Operation::ToRecord
    } else {
        Operation::ToCreateRequest
    };
    Ok(map_command(
        &args.common,
        operation,
        Registry::empty().with(provider),
        options,
        &hints(name, std::slice::from_ref(&provider)),
        false,
        None,
    ))
}

fn unusable(Unusable(message): Unusable) -> u8 {
    eprintln!("error: {message}");
    EXIT_UNUSABLE
}

/// `to-unified` and `to-<provider>`. `envelope` is `Some(base_url)` when a list response is asked;
/// `coverage` adds each output's field coverage.
fn map_command(
    common: &CommonArgs,
    operation: Operation,
    registry: Registry,
    options: MapOptions,
    hints: &flags::Hints,
    coverage: bool,
    envelope: Option<Option<String>>,
) -> u8 {
    let started = Instant::now();
    let options = options.strict(common.strict);
    let shape = match input::open(common.input.as_deref())
        .and_then(|(reader, _)| input::recognise(reader, &registry))
    {
        Ok(shape) => shape,
        Err(error) => return unusable(error),
    };
    let kind = resource_of(&shape, operation, common.kind);
    let mapper = match mapper(common, operation, &registry, &options, kind) {
        Ok(mapper) => mapper,
        Err(error) => return unusable(error),
    };
    let shape_name = shape.name();
    let show_progress = !common.quiet
        && std::io::stderr().is_terminal()
        && matches!(shape, Shape::Array(_) | Shape::Lines(_));
    let mut writer = Writer::new(show_progress);
    // The summary's table of failure groups is for a person at a terminal.
    let table = !common.quiet && common.report.is_none() && std::io::stderr().is_terminal();
    let looks = output::Looks {
        hints,
        coverage,
        facts: common.report.is_some() || coverage || table,
    };
    let job = Job {
        registry: &registry,
        mapper: &mapper,
        options: &options,
        kind,
        named_kind: common.kind,
        looks: &looks,
        operation,
    };
    let report = match job.run(&mut writer, shape, envelope) {
        Ok(report) => report,
        Err(output::Failure::Unusable(error)) => return unusable(error),
        Err(output::Failure::BrokenPipe) => return EXIT_OK,
    };
    writer.finish();
    if let (Some(path), Some(run)) = (&common.report, &report.run) {
        let written = std::fs::write(path, run.to_json_pretty() + "\n");
        if let Err(error) = written {
            return unusable(Unusable(format!(
                "cannot write the report to {}: {error}",
                path.display()
            )));
        }
    }
    if !common.quiet {
        summary(&report, shape_name, started);
        if let Some(run) = &report.run {
            if table {
                eprint!("{}", run.table());
            }
            if let Some(distribution) = run.coverage() {
                eprint!(
                    "\ncoverage of the unified outputs\n{}",
                    distribution.render()
                );
            }
        }
    }
    if report.failed == 0 {
        EXIT_OK
    } else {
        EXIT_SOME_FAILED
    }
}

/// The resource every record is mapped as: the one named, else a single record's, recognised
/// with its shape in the same pass over its bytes.
fn resource_of(
    shape: &Shape,
    operation: Operation,
    named: Option<&'static dyn Resource>,
) -> Option<&'static dyn Resource> {
    match (shape, operation) {
        (Shape::Single(_, Recognition::Resource(recognised)), Operation::ToUnified) => {
            named.or(Some(*recognised))
        }
        _ => named,
    }
}

/// The bulk mapper of a run: `kind` named or recognised, on `--jobs` threads.
fn mapper(
    common: &CommonArgs,
    operation: Operation,
    registry: &Registry,
    options: &MapOptions,
    kind: Option<&'static dyn Resource>,
) -> Result<BulkMapper, Unusable> {
    let mut mapper = BulkMapper::new(operation)
        .registry(registry.clone())
        .options(options.clone());
    if let Some(kind) = kind {
        mapper = mapper.resource(kind);
    }
    mapper
        .threads(common.jobs)
        .map_err(|error| Unusable(format!("cannot start {} threads: {error}", common.jobs)))
}

/// What a mapping run needs once its input is recognised.
struct Job<'a> {
    registry: &'a Registry,
    mapper: &'a BulkMapper,
    options: &'a MapOptions,
    /// The resource every record is mapped as, named or recognised.
    kind: Option<&'static dyn Resource>,
    /// The resource `--kind` named.
    named_kind: Option<&'static dyn Resource>,
    /// What is made of each record besides its result (hints, coverage, report facts).
    looks: &'a output::Looks<'a>,
    operation: Operation,
}

impl Job<'_> {
    /// Maps every record of `shape` and writes the results: one result per record, or one list
    /// response when `envelope` is `Some(base_url)`.
    fn run(
        &self,
        writer: &mut Writer,
        shape: Shape,
        envelope: Option<Option<String>>,
    ) -> Result<Report, output::Failure> {
        if let (Shape::Page(bytes, pages), Some(base_url)) = (&shape, &envelope) {
            let listing = output::Listing {
                registry: self.registry,
                kind: self.named_kind,
                options: self.options,
                base_url: base_url.as_deref(),
            };
            return output::page_envelope(writer, bytes, *pages, &listing, self.looks);
        }
        let single = matches!(shape, Shape::Single(..));
        let mut sink = output::RecordSink::new(writer, self.looks, single, envelope.is_some());
        // Recognition found a single document is not JSON: mapping it to unified without a named
        // resource would read it again, as each provider's records, only to fail the same way.
        sink.not_json_is_final =
            self.operation == Operation::ToUnified && self.named_kind.is_none();
        output::map_shape(shape, self.mapper, &mut sink)?;
        match envelope {
            Some(base_url) => {
                // The list's `service`: the provider the records come from.
                let service = self
                    .kind
                    .map(|resource| resource.provider())
                    .or_else(|| {
                        self.registry
                            .providers()
                            .first()
                            .map(|provider| provider.name())
                    })
                    .unwrap_or_default();
                sink.finish_envelope(service, base_url.as_deref())
            }
            None => Ok(sink.take_report()),
        }
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
             records and run again; where a flag would help, the error's hint names it"
        );
    }
}

fn validate_command(input: Option<PathBuf>, target: &'static Target, quiet: bool) -> u8 {
    let started = Instant::now();
    let shape = match input::open(input.as_deref())
        .and_then(|(reader, _)| input::recognise(reader, Registry::builtin()))
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

fn coverage_command(input: Option<PathBuf>) -> u8 {
    let shape = match input::open(input.as_deref())
        .and_then(|(reader, _)| input::recognise(reader, Registry::builtin()))
    {
        Ok(shape) => shape,
        Err(error) => return unusable(error),
    };
    let mut distribution = coverage::Distribution::default();
    let mut broken = None;
    let counted = output::each_document(shape, &mut |_, bytes| {
        if let Err(error) = distribution.add_document(bytes) {
            broken.get_or_insert(error);
        }
    });
    match (counted, broken) {
        (Err(output::Failure::Unusable(error)), _) => unusable(error),
        (Err(output::Failure::BrokenPipe), _) => EXIT_OK,
        (Ok(()), Some(error)) => unusable(Unusable(error.to_string())),
        (Ok(()), None) => {
            print!("{}", distribution.render());
            EXIT_OK
        }
    }
}

fn schema_command(registry: &Registry, name: Option<&'static Target>, list: bool) -> u8 {
    if list {
        for target in registry.targets() {
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
