//! Validation against the vendored JSON Schemas in `schemas/`.
//!
//! Every document the crate emits is checked against the schema of the API that will receive it
//! before it is returned. A failure here is never the caller's fault: it means a mapper built
//! something the target API would reject, so it surfaces as an error listing every violation with
//! its instance path, instead of a record that fails later, somewhere else.
//!
//! The schemas are JSON Schema 2020-12 documents written for this crate (see `schemas/README.md`
//! for their provenance and every translation rule). They are embedded in the binary with
//! `include_str!`, each [`Target`]'s validators (one reading the crate's own output in place, as
//! a tape recorded while it was written; one reading trees) are compiled once per process on first
//! use, `format` is asserted (`date-time`, `date`, `uuid`, ...), and validators are built offline:
//! no `$ref` is ever resolved over the network or from the file system (the `jsonschema` crate's
//! resolver features are not even compiled in).
//!
//! ```
//! use unified_accounting::schema::SchemaError;
//! use unified_accounting::unified::targets::REFUND;
//! use serde_json::json;
//!
//! let record = json!({ "id": "r-1", "total_amount": 12.5, "currency": "EUR" });
//! assert!(REFUND.validate(&record).is_ok());
//!
//! let bad = json!({ "id": "r-1", "total_amount": "12.50" });
//! let Err(SchemaError::Invalid(found)) = REFUND.validate(&bad) else {
//!     panic!("a string amount must be rejected");
//! };
//! assert_eq!(found.violations()[0].instance_path, "/total_amount");
//! ```

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use serde_json::Value;

use jsonschema::json::Json;

use crate::json::{ExactJson, JsonValue, Tape, TapeJson};

/// A vendored JSON Schema document (an OpenAPI document's `components`), embedded in the binary.
///
/// Each provider declares its own (`static DOCUMENT: Document = Document::new(uri, include_str!(...))`),
/// and a [`Target`] per component it validates against.
#[derive(Debug)]
pub struct Document {
    uri: &'static str,
    text: &'static str,
}

impl Document {
    /// A document known by `uri` (a `urn:` that no resolver could fetch), whose text is `text`.
    pub const fn new(uri: &'static str, text: &'static str) -> Self {
        Self { uri, text }
    }

    /// The URI the document is registered under when validators are compiled.
    pub fn uri(&self) -> &'static str {
        self.uri
    }

    /// The document's text, exactly as vendored.
    pub fn text(&self) -> &'static str {
        self.text
    }
}

/// A schema the crate validates against: one component of a vendored [`Document`].
///
/// Targets are statics declared where their model lives: the unified ones in
/// [`crate::unified::targets`], each provider's in its own folder (for Thredfi,
/// [`crate::thredfi::targets`]). [`crate::Registry::targets`] lists them all. Two targets are equal
/// when they have the same [`name`](Self::name).
pub struct Target {
    name: &'static str,
    component: &'static str,
    document: &'static Document,
    description: &'static str,
    /// Compiled on first use, once per process, then shared by every thread: one validator
    /// reading trees ([`validate`](Self::validate), [`validate_json`](Self::validate_json)), one
    /// reading the text the crate writes, in place (every output of a mapping).
    compiled: OnceLock<Compiled<ExactJson>>,
    compiled_text: OnceLock<Compiled<TapeJson>>,
}

impl Target {
    /// The target `name` validating `component` (a key of the document's
    /// `components/schemas`).
    pub const fn new(
        name: &'static str,
        component: &'static str,
        document: &'static Document,
        description: &'static str,
    ) -> Self {
        Self {
            name,
            component,
            document,
            description,
            compiled: OnceLock::new(),
            compiled_text: OnceLock::new(),
        }
    }

    /// A short stable name (`apideck-refund`, `thredfi-create-refund-request`, ...).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The component this target validates against, e.g. `Refund`.
    pub fn component(&self) -> &'static str {
        self.component
    }

    /// What documents this target checks, in a sentence.
    pub fn description(&self) -> &'static str {
        self.description
    }

    /// The vendored document holding this target.
    pub fn document(&self) -> &'static Document {
        self.document
    }

    fn validator(&self) -> Result<&jsonschema::Validator<ExactJson>, SchemaError> {
        self.ready(self.compiled.get_or_init(|| compile(self)))
    }

    fn text_validator(&self) -> Result<&jsonschema::Validator<TapeJson>, SchemaError> {
        self.ready(self.compiled_text.get_or_init(|| compile(self)))
    }

    fn ready<'a, F: Json>(
        &self,
        compiled: &'a Compiled<F>,
    ) -> Result<&'a jsonschema::Validator<F>, SchemaError> {
        compiled.as_ref().map_err(|message| SchemaError::Compile {
            target: self.name(),
            message: message.clone(),
        })
    }

    /// Compiles this target's validators now instead of on first use (for servers that want the
    /// cost at start-up, and benchmarks that want it outside the measurement).
    ///
    /// # Errors
    ///
    /// [`SchemaError::Compile`] if the embedded schema does not compile (a bug in the crate).
    pub fn warm_up(&self) -> Result<(), SchemaError> {
        self.validator()?;
        self.text_validator().map(|_| ())
    }

    /// True when `instance` satisfies this target. The cheap check, without error details.
    pub fn is_valid(&self, instance: &Value) -> bool {
        JsonValue::from_serialize(instance).is_some_and(
            |tree| matches!(self.validator(), Ok(validator) if validator.is_valid(&tree)),
        )
    }

    /// Checks `instance` against this target and reports every violation.
    ///
    /// Valid documents take the fast path (a yes/no check); the detailed walk that collects every
    /// violation runs only for documents that fail.
    ///
    /// # Errors
    ///
    /// [`SchemaError::Invalid`] listing every violation, or [`SchemaError::Compile`] if the
    /// embedded schema does not compile.
    pub fn validate(&self, instance: &Value) -> Result<(), SchemaError> {
        let tree = JsonValue::from_serialize(instance).unwrap_or_default();
        self.validate_json(&tree)
    }

    /// [`validate`](Self::validate) for JSON text, every number as written: prefer it to parsing
    /// the text into a `serde_json::Value` yourself, which (without serde_json's
    /// `arbitrary_precision`, which this crate leaves off) rounds numbers to `f64`, refuses those
    /// beyond it (`1e400`) and documents nested more than 128 levels.
    ///
    /// # Errors
    ///
    /// [`SchemaError::NotJson`] when `text` is not one JSON value; otherwise as
    /// [`validate`](Self::validate).
    ///
    /// The text is read in place (no tree of values is built), as the crate reads its own
    /// outputs; a text whose object repeats a key is read as a tree instead, keeping the key's
    /// last value as serde_json does.
    pub fn validate_text(&self, text: &str) -> Result<(), SchemaError> {
        match Tape::parse_unique(text, crate::json::MAX_DEPTH * 2) {
            Ok(Some(tape)) => self.check(self.text_validator()?, tape.root()),
            Ok(None) => self.validate_as_tree(text),
            Err(_) => Err(self.not_json(text)),
        }
    }

    /// `text` read as a tree and validated: for what a tape does not take (a repeated key, 4 GiB
    /// or more).
    fn validate_as_tree(&self, text: &str) -> Result<(), SchemaError> {
        let tree = crate::json::exact_for_validation(text).ok_or_else(|| self.not_json(text))?;
        self.validate_json(&tree)
    }

    fn not_json(&self, text: &str) -> SchemaError {
        SchemaError::NotJson {
            target: self.name(),
            message: serde_json::from_str::<serde::de::IgnoredAny>(text)
                .err()
                .map_or_else(|| "too deeply nested".to_owned(), |error| error.to_string()),
        }
    }

    /// [`validate`](Self::validate) for an exact [`JsonValue`]: every number is checked as it
    /// is written.
    ///
    /// # Errors
    ///
    /// As [`validate`](Self::validate).
    pub fn validate_json(&self, instance: &JsonValue) -> Result<(), SchemaError> {
        self.check(self.validator()?, instance)
    }

    /// Validates a document the crate itself has just written, as recorded while it was written
    /// (a [`Tape`]): no tree is built, and the verdict is on the very bytes that are handed out.
    /// A text too long for a tape (4 GiB or more) is read as a tree.
    pub(crate) fn validate_written(
        &self,
        written: crate::json::Written<'_>,
    ) -> Result<(), SchemaError> {
        match written {
            crate::json::Written::Tape(tape) => self.check(self.text_validator()?, tape.root()),
            crate::json::Written::TooLong(text) => self.validate_as_tree(text),
        }
    }

    /// The verdict of `validator` on `instance`: the yes/no check, and the detailed walk that
    /// collects every violation only when it says no.
    fn check<'i, F: Json>(
        &self,
        validator: &'i jsonschema::Validator<F>,
        instance: F::Node<'i>,
    ) -> Result<(), SchemaError> {
        if validator.is_valid(instance.clone()) {
            return Ok(());
        }
        let violations = validator
            .iter_errors(instance)
            .map(|error| Violation {
                instance_path: error.instance_path().to_string(),
                schema_path: error.schema_path().to_string(),
                message: error.masked().to_string(),
            })
            .collect();
        Err(SchemaError::Invalid(SchemaViolations {
            target: self.name(),
            violations,
        }))
    }
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Target").field(&self.name).finish()
    }
}

impl PartialEq for Target {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Target {}

impl Hash for Target {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A compiled validator, or the compiler's message if the embedded schema is broken.
type Compiled<F> = Result<jsonschema::Validator<F>, String>;

fn compile<F: Json>(target: &Target) -> Compiled<F> {
    let (text, uri) = (target.document.text, target.document.uri);
    let document: Value = serde_json::from_str(text).map_err(|error| error.to_string())?;
    let registry = jsonschema::Registry::new()
        .add(uri, document)
        .and_then(|registry| registry.prepare())
        .map_err(|error| error.to_string())?;
    let root = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("{uri}#/components/schemas/{}", target.component()),
    });
    build_offline(&root, &registry)
}

/// The one way the crate builds a validator: formats asserted, every `$ref` resolved from the
/// embedded documents in `registry` or not at all (`offline`, and the `jsonschema` crate's
/// `resolve-http` / `resolve-file` features are not compiled in).
fn build_offline<F: Json>(
    root: &Value,
    registry: &jsonschema::Registry,
) -> Result<jsonschema::Validator<F>, String> {
    jsonschema::options_for::<F>()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .offline()
        .with_registry(registry)
        .build(root)
        .map_err(|error| error.to_string())
}

/// One way a document breaks its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON Pointer of the offending value in the document (`/allocations/2/amount`).
    pub instance_path: String,
    /// JSON Pointer of the schema keyword that failed.
    pub schema_path: String,
    /// What the keyword expected.
    pub message: String,
}

/// Every violation of one document against one [`Target`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaViolations {
    target: &'static str,
    violations: Vec<Violation>,
}

impl SchemaViolations {
    /// The name of the target that was violated.
    pub fn target(&self) -> &'static str {
        self.target
    }

    /// The violations, in the order the validator found them.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for SchemaViolations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} violation(s) of the {} schema:",
            self.violations.len(),
            self.target
        )?;
        for violation in &self.violations {
            let path = if violation.instance_path.is_empty() {
                "(document root)"
            } else {
                &violation.instance_path
            };
            write!(f, "\n  {path}: {}", violation.message)?;
        }
        Ok(())
    }
}

/// Errors of the schema-validation layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SchemaError {
    /// The document does not satisfy the schema.
    #[error("{0}")]
    Invalid(SchemaViolations),
    /// The embedded schema itself failed to compile: a bug in the crate, please report it.
    #[error(
        "the embedded {target} schema does not compile (a bug in unified-accounting): {message}"
    )]
    Compile {
        /// The target whose schema failed.
        target: &'static str,
        /// The compiler's message.
        message: String,
    },
    /// The text given to [`Target::validate_text`] is not one JSON value.
    #[error("the document to check against the {target} schema is not JSON: {message}")]
    NotJson {
        /// The target it was to be checked against.
        target: &'static str,
        /// serde_json's message.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_compiles() {
        let registry = crate::Registry::builtin();
        for target in registry.targets() {
            assert_eq!(target.warm_up(), Ok(()), "{target}");
            assert_eq!(registry.target(target.name()), Some(target));
        }
    }

    /// A `$ref` to the network or the file system, at the root or deep inside an embedded
    /// document, is refused when the validator is built, by the same builder the crate uses; it is
    /// never fetched. (Nothing could fetch it: `tests/lockdown.rs` checks that no HTTP client and
    /// no resolver feature is compiled in.)
    #[test]
    fn a_ref_outside_the_embedded_documents_is_refused_not_fetched() {
        let uris = [
            "https://example.com/schema.json",
            "http://127.0.0.1:9/schema.json",
            "file:///etc/passwd",
            "file:///dev/zero",
            "schema.json",
            "../../schemas/apideck/accounting-refunds.schema.json",
        ];
        let empty = jsonschema::Registry::new()
            .prepare()
            .expect("an empty registry");
        for uri in uris {
            let started = std::time::Instant::now();
            let root = serde_json::json!({ "$ref": uri });
            let built = build_offline::<ExactJson>(&root, &empty);
            assert!(built.is_err(), "{uri} must not resolve");

            // The same reference buried in an embedded document.
            let document = serde_json::json!({
                "components": { "schemas": { "Thing": {
                    "type": "object",
                    "properties": { "inner": { "$ref": uri } }
                } } }
            });
            let registry = jsonschema::Registry::new()
                .add("urn:unified-accounting:test", document)
                .and_then(|registry| registry.prepare())
                .expect("the document registers");
            let root = serde_json::json!({
                "$ref": "urn:unified-accounting:test#/components/schemas/Thing"
            });
            assert!(
                build_offline::<TapeJson>(&root, &registry).is_err(),
                "{uri} must not resolve"
            );
            // Refused at once, not after a connection attempt or a read.
            assert!(
                started.elapsed() < std::time::Duration::from_secs(2),
                "{uri}"
            );
        }
    }
}
