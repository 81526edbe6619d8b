//! `unified_accounting._native`: the Rust side of the Python package `unified_accounting`.
//!
//! A private module, as in pydantic-core and polars: Python code imports `unified_accounting`,
//! whose modules turn Python values into JSON text (refusing floats that are not exactly what a
//! JSON text said), build results and exceptions, and hand the work to this module. Everything
//! here is a thin layer over the library's [`BulkMapper`]: one record or a whole NDJSON stream,
//! mapped with the GIL released, written as the very result envelopes the command-line tool writes
//! (the CLI's `envelope.rs` is compiled in, not copied).
//!
//! Errors cross into Python as the package's own exception classes (`unified_accounting._errors`),
//! built here with the typed facts of the Rust error: its JSON Pointer, its kind and its category.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Cursor, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use unified_accounting::bulk::{BulkMapper, Operation, Position, RecordResult};
use unified_accounting::decode::DecodeErrorKind;
use unified_accounting::json::JsonValue;
use unified_accounting::provider::Direction;
use unified_accounting::schema::{SchemaError, Target};
use unified_accounting::unified::coverage;
use unified_accounting::{
    Error, MapOptions, MappingErrorKind, Registry, Remedy, Resource, Warning,
};

/// With the `mimalloc` feature (on by default), as in the CLI: the module's Rust allocations go
/// to mimalloc, a third faster than the system allocator on bulk runs (BENCHMARKS.md).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../../cli/src/envelope.rs"]
mod envelope;

/// One warning as Python receives it: `(code, source, target, message)`.
type WarningTuple = (&'static str, String, Option<String>, String);

/// One mapped record as Python receives it: the output's exact JSON text and its warnings.
type MappedTuple = (String, Vec<WarningTuple>);

/// One failed record of a bulk run: `(index, line, category, kind, path, message)`.
type FailureTuple = (
    usize,
    Option<usize>,
    &'static str,
    &'static str,
    String,
    String,
);

/// A bulk run's counts: `(records, ok, failed, warnings)`.
type Counts = (usize, usize, usize, usize);

/// How many failures a bulk run describes one by one; the counts stay exact beyond it, and every
/// failure is in its result envelope.
const FAILURES_KEPT: usize = 100;

/// The package's Python module that defines the exception classes.
const ERRORS_MODULE: &str = "unified_accounting._errors";

/// A configured mapper: one operation, a resource or recognition, the options, the threads.
///
/// Built once per call (or once per bulk run) by the Python package; cheap without threads.
#[pyclass(frozen, module = "unified_accounting._native")]
struct Mapper {
    inner: BulkMapper,
    /// Add each unified output's field coverage to its envelope (as the CLI's `--coverage`).
    coverage: bool,
}

#[pymethods]
impl Mapper {
    /// `operation` is `to-unified`, `to-create-request` or `to-record`; `options` are the provider
    /// options by name, `None` for a switch that is on.
    #[new]
    #[pyo3(signature = (operation, kind=None, strict=false, options=Vec::new(), threads=1, coverage=false))]
    fn new(
        operation: &str,
        kind: Option<&str>,
        strict: bool,
        options: Vec<(String, Option<String>)>,
        threads: usize,
        coverage: bool,
    ) -> PyResult<Self> {
        let (operation, way) = match operation {
            "to-unified" => (Operation::ToUnified, Direction::ToUnified),
            "to-create-request" => (Operation::ToCreateRequest, Direction::FromUnified),
            "to-record" => (Operation::ToRecord, Direction::FromUnified),
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown operation {other:?}; the operations are: \
                     to-unified, to-create-request, to-record"
                )));
            }
        };
        let mut inner = BulkMapper::new(operation)
            .options(map_options(strict, &options, way)?)
            .threads(threads)?;
        if let Some(kind) = kind {
            inner = inner.resource(resource(kind)?);
        }
        if coverage && operation != Operation::ToUnified {
            return Err(PyValueError::new_err(
                "coverage rates unified refunds: it applies to to-unified only",
            ));
        }
        Ok(Self { inner, coverage })
    }

    /// Maps one record (its JSON text): the output's exact JSON text and the warnings.
    fn map_one(&self, py: Python<'_>, record: &[u8]) -> PyResult<MappedTuple> {
        let result = py.detach(|| self.inner.map_record(record));
        match result {
            Ok(mapped) => Ok((
                mapped.output.get().to_owned(),
                warning_tuples(&mapped.warnings),
            )),
            Err(error) => Err(python_error(py, &error)),
        }
    }

    /// Maps NDJSON text, one record per non-blank line, exactly as the CLI maps a file: the result
    /// envelopes (or `None` when written to `output`), the counts and the first failures.
    #[pyo3(signature = (data, output=None))]
    fn map_ndjson(
        &self,
        py: Python<'_>,
        data: &[u8],
        output: Option<PathBuf>,
    ) -> PyResult<(Option<Vec<String>>, Counts, Vec<FailureTuple>)> {
        let outcome = py.detach(|| self.run(Cursor::new(data), output))?;
        Ok(outcome.into_tuple())
    }

    /// [`map_ndjson`](Self::map_ndjson) on a file, read and mapped without the GIL.
    #[pyo3(signature = (path, output=None))]
    fn map_file(
        &self,
        py: Python<'_>,
        path: PathBuf,
        output: Option<PathBuf>,
    ) -> PyResult<(Option<Vec<String>>, Counts, Vec<FailureTuple>)> {
        let outcome = py.detach(|| {
            let file = File::open(&path)?;
            self.run(BufReader::with_capacity(1 << 20, file), output)
        })?;
        Ok(outcome.into_tuple())
    }

    /// The number of threads records are mapped on.
    #[getter]
    fn threads(&self) -> usize {
        self.inner.thread_count()
    }
}

impl Mapper {
    /// Appends the record's result envelope, newline included, to `text`.
    fn write_envelope(&self, text: &mut Vec<u8>, position: Position, result: &RecordResult) {
        let coverage = result
            .as_ref()
            .ok()
            .filter(|_| self.coverage)
            .and_then(|mapped| JsonValue::from_text(mapped.output.get()).ok())
            .and_then(|tree| coverage::of_tree(&tree).ok());
        // Writing into a `Vec` cannot fail.
        let _ = envelope::write_envelope(text, position, result, python_hint, coverage.as_ref());
    }

    fn run<R: io::BufRead>(&self, reader: R, output: Option<PathBuf>) -> io::Result<Outcome> {
        let mut outcome = Outcome::default();
        // The library's pipelined drivers, as the CLI's: the next batches are mapped while this
        // thread writes or keeps the current one.
        match output {
            Some(path) => {
                let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
                let mut unwritten = None;
                self.inner.render_ndjson(
                    reader,
                    |text, position, result| {
                        self.write_envelope(text, position, &result);
                        Counted::new(position, &result)
                    },
                    |text, records| {
                        if let Err(error) = out.write_all(text) {
                            unwritten = Some(error);
                            return ControlFlow::Break(());
                        }
                        for counted in records {
                            outcome.count(counted);
                        }
                        ControlFlow::Continue(())
                    },
                )?;
                if let Some(error) = unwritten {
                    return Err(error);
                }
                out.flush()?;
            }
            None => {
                let finish = |position: Position, result: RecordResult| {
                    let mut envelope = Vec::with_capacity(2048);
                    self.write_envelope(&mut envelope, position, &result);
                    envelope.pop();
                    (envelope, Counted::new(position, &result))
                };
                let mut envelopes = Vec::new();
                self.inner
                    .for_each_ndjson(reader, finish, |(envelope, counted)| {
                        outcome.count(counted);
                        // serde_json writes UTF-8 and the outputs are JSON text, so the bytes are
                        // taken as they are, without a copy; the lossy path is never taken.
                        envelopes.push(String::from_utf8(envelope).unwrap_or_else(|error| {
                            String::from_utf8_lossy(error.as_bytes()).into_owned()
                        }));
                        ControlFlow::Continue(())
                    })?;
                outcome.envelopes = Some(envelopes);
            }
        }
        Ok(outcome)
    }
}

/// What a summary counts of one record, learnt on the thread that mapped it.
struct Counted {
    warnings: usize,
    failure: Option<FailureTuple>,
}

impl Counted {
    fn new(position: Position, result: &RecordResult) -> Self {
        match result {
            Ok(mapped) => Self {
                warnings: mapped.warnings.len(),
                failure: None,
            },
            Err(error) => Self {
                warnings: 0,
                failure: Some((
                    position.index,
                    position.line,
                    error.kind().as_str(),
                    fine_kind(error),
                    error.path().to_string(),
                    error.to_string(),
                )),
            },
        }
    }
}

/// What a bulk run gives back to Python.
#[derive(Default)]
struct Outcome {
    envelopes: Option<Vec<String>>,
    records: usize,
    ok: usize,
    failed: usize,
    warnings: usize,
    failures: Vec<FailureTuple>,
}

impl Outcome {
    fn count(&mut self, counted: Counted) {
        self.records += 1;
        self.warnings += counted.warnings;
        match counted.failure {
            None => self.ok += 1,
            Some(failure) => {
                self.failed += 1;
                if self.failures.len() < FAILURES_KEPT {
                    self.failures.push(failure);
                }
            }
        }
    }

    fn into_tuple(self) -> (Option<Vec<String>>, Counts, Vec<FailureTuple>) {
        (
            self.envelopes,
            (self.records, self.ok, self.failed, self.warnings),
            self.failures,
        )
    }
}

/// The finer kind of an error: the mapping error's kind (`over_allocated`, ...) or the decode
/// error's (`syntax`, `truncated`, `data`).
fn fine_kind(error: &Error) -> &'static str {
    match error {
        Error::Decode(error) => error.kind.as_str(),
        Error::Mapping(error) => error.kind().as_str(),
        // `Error` is `#[non_exhaustive]`: a future category names itself.
        other => other.kind().as_str(),
    }
}

fn warning_tuples(warnings: &[Warning]) -> Vec<WarningTuple> {
    warnings
        .iter()
        .map(|warning| {
            (
                warning.code.as_str(),
                warning.source.to_string(),
                warning.target.as_ref().map(ToString::to_string),
                warning.message.clone(),
            )
        })
        .collect()
}

/// The resource named `kind`, or a `ValueError` listing the names.
fn resource(kind: &str) -> PyResult<&'static dyn Resource> {
    let registry = Registry::builtin();
    registry.resource(kind).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown kind {kind:?}; the kinds are: {}",
            registry.resource_names().join(", ")
        ))
    })
}

/// Strict mode and the provider options given by name, for a mapping that goes `way`.
fn map_options(
    strict: bool,
    given: &[(String, Option<String>)],
    way: Direction,
) -> PyResult<MapOptions> {
    let registry = Registry::builtin();
    let mut options = MapOptions::new().strict(strict);
    for (name, value) in given {
        let providers: Vec<_> = registry
            .providers()
            .iter()
            .filter(|provider| {
                provider
                    .options()
                    .iter()
                    .any(|spec| spec.name == name && spec.direction.applies_to(way))
            })
            .collect();
        if providers.is_empty() {
            let known: Vec<&str> = registry
                .providers()
                .iter()
                .flat_map(|provider| provider.options())
                .filter(|spec| spec.direction.applies_to(way))
                .map(|spec| spec.name)
                .collect();
            return Err(PyValueError::new_err(format!(
                "no provider option {name:?} applies to this mapping; the options are: {}",
                known.join(", ")
            )));
        }
        // An option two providers share is set on both: each reads its own.
        for provider in providers {
            options = provider
                .set_option(options, name, value.as_deref())
                .map_err(|error| PyValueError::new_err(error.to_string()))?;
        }
    }
    Ok(options)
}

/// What a Python caller passes for what an error asks: the keyword argument of the option the
/// error names, or `kind` for a record no provider recognises. The CLI names its flags instead.
fn python_hint(error: &Error) -> Option<String> {
    let (provider, option) = match error.remedy()? {
        Remedy::Option { provider, option } => (provider, option),
        Remedy::Resource { resources } => {
            return Some(format!("pass kind=\"{}\"", resources.join("\" or kind=\"")));
        }
        // `Remedy` is `#[non_exhaustive]`: a remedy without an argument gets no hint.
        _ => return None,
    };
    Registry::builtin()
        .providers()
        .iter()
        .filter(|candidate| candidate.display_name() == provider)
        .flat_map(|candidate| candidate.options())
        .find(|spec| spec.name == option)
        .map(|spec| match spec.value {
            Some(value) => format!("pass {option}=\"{value}\""),
            None => format!("pass {option}=True"),
        })
}

/// The library's error as the package's exception (`DecodeError` or `MappingError`, both
/// `ValueError`s), carrying its path, kind, category and hint.
fn python_error(py: Python<'_>, error: &Error) -> PyErr {
    let (class, position) = match error {
        Error::Decode(decode) => ("DecodeError", Some((decode.line, decode.column))),
        Error::Mapping(_) => ("MappingError", None),
        _ => ("UnifiedAccountingError", None),
    };
    let facts = ErrorFacts {
        class,
        message: error.to_string(),
        path: error.path().as_str(),
        kind: fine_kind(error),
        category: error.kind().as_str(),
        hint: python_hint(error),
        position,
    };
    facts.into_exception(py)
}

/// What an exception of the package carries.
struct ErrorFacts<'a> {
    class: &'static str,
    message: String,
    path: &'a str,
    kind: &'static str,
    category: &'static str,
    hint: Option<String>,
    /// A decode error's line and column.
    position: Option<(usize, usize)>,
}

impl ErrorFacts<'_> {
    /// A document given as text that is not JSON at all (a `DecodeError` of kind `syntax`).
    fn not_json(message: String) -> Self {
        ErrorFacts {
            class: "DecodeError",
            message,
            path: "",
            kind: DecodeErrorKind::Syntax.as_str(),
            category: "decode",
            hint: None,
            position: None,
        }
    }

    fn into_exception(self, py: Python<'_>) -> PyErr {
        let built = (|| -> PyResult<PyErr> {
            let kwargs = PyDict::new(py);
            kwargs.set_item("path", self.path)?;
            kwargs.set_item("kind", self.kind)?;
            kwargs.set_item("category", self.category)?;
            kwargs.set_item("hint", self.hint)?;
            if let Some((line, column)) = self.position {
                kwargs.set_item("line", line)?;
                kwargs.set_item("column", column)?;
            }
            let instance = py
                .import(ERRORS_MODULE)?
                .getattr(self.class)?
                .call((self.message,), Some(&kwargs))?;
            Ok(PyErr::from_value(instance))
        })();
        // If the package's own module cannot be imported, that error says why.
        built.unwrap_or_else(|failure| failure)
    }
}

/// Every violation of `document` (JSON text) against the schema `name`:
/// `(instance_path, schema_path, message)`, none when it is valid.
#[pyfunction]
fn validate(py: Python<'_>, document: &str, name: &str) -> PyResult<Vec<(String, String, String)>> {
    let registry = Registry::builtin();
    let target = registry.target(name).ok_or_else(|| {
        let names: Vec<&str> = registry.targets().map(Target::name).collect();
        PyValueError::new_err(format!(
            "unknown schema {name:?}; the schemas are: {}",
            names.join(", ")
        ))
    })?;
    match py.detach(|| target.validate_text(document)) {
        Ok(()) => Ok(Vec::new()),
        Err(SchemaError::Invalid(violations)) => Ok(violations
            .violations()
            .iter()
            .map(|violation| {
                (
                    violation.instance_path.clone(),
                    violation.schema_path.clone(),
                    violation.message.clone(),
                )
            })
            .collect()),
        Err(error @ SchemaError::NotJson { .. }) => {
            Err(ErrorFacts::not_json(error.to_string()).into_exception(py))
        }
        Err(other) => Err(PyRuntimeError::new_err(other.to_string())),
    }
}

/// The field coverage of a unified refund (JSON text), as JSON text: the library's
/// `unified::coverage::Coverage`.
#[pyfunction]
fn refund_coverage(py: Python<'_>, document: &str) -> PyResult<String> {
    let tree = JsonValue::from_text(document).map_err(|error| {
        ErrorFacts::not_json(format!("(document root): {error}")).into_exception(py)
    })?;
    let found =
        coverage::of_tree(&tree).map_err(|error| PyRuntimeError::new_err(error.to_string()))?;
    serde_json::to_string(&found).map_err(|error| PyRuntimeError::new_err(error.to_string()))
}

/// The vendored schemas: `(name, component, description)`.
#[pyfunction]
fn schemas() -> Vec<(&'static str, &'static str, &'static str)> {
    Registry::builtin()
        .targets()
        .map(|target| (target.name(), target.component(), target.description()))
        .collect()
}

/// The resources records can be (the values of `kind`).
#[pyfunction]
fn resources() -> Vec<String> {
    Registry::builtin().resource_names()
}

/// The provider options: `(provider, name, value, direction, help)`; `value` is `None` for a
/// switch, `direction` is `to-unified`, `from-unified` or `both`.
#[pyfunction]
fn provider_options() -> Vec<(
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
)> {
    Registry::builtin()
        .providers()
        .iter()
        .flat_map(|provider| {
            provider.options().iter().map(|spec| {
                let direction = match spec.direction {
                    Direction::ToUnified => "to-unified",
                    Direction::FromUnified => "from-unified",
                    // `Direction` is `#[non_exhaustive]`; `Both` and anything wider.
                    _ => "both",
                };
                (provider.name(), spec.name, spec.value, direction, spec.help)
            })
        })
        .collect()
}

/// The kinds errors report: `(mapping kinds, decode kinds)`.
#[pyfunction]
fn error_kinds() -> (Vec<&'static str>, Vec<&'static str>) {
    (
        MappingErrorKind::ALL
            .iter()
            .map(|kind| kind.as_str())
            .collect(),
        DecodeErrorKind::ALL
            .iter()
            .map(|kind| kind.as_str())
            .collect(),
    )
}

/// The native module.
#[pymodule]
mod _native {
    #[pymodule_export]
    use super::{
        Mapper, error_kinds, provider_options, refund_coverage, resources, schemas, validate,
    };

    #[pymodule_init]
    fn init(module: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods as _;
        module.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
