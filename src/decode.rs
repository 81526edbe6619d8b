//! Reading input documents, with the JSON Pointer of whatever is wrong.
//!
//! serde_json reports a bad document by line and column, which is little help in a 40 KB
//! single-line API response. [`from_slice`] reports the JSON Pointer of the offending field
//! (`/allocations/2/amount`) and what was expected there. The common case stays fast: the input
//! is parsed once, directly; only when that fails is it parsed a second time with path tracking,
//! to explain the failure.

use std::fmt;

use serde::Deserialize as _;
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::pointer::JsonPointer;

/// An input document that could not be read into the expected type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct DecodeError {
    /// JSON Pointer of the offending field (the root for the whole document).
    pub path: JsonPointer,
    /// What was wrong and what was expected.
    pub message: String,
    /// 1-based line of the error in the input, 0 if unknown.
    pub line: usize,
    /// 1-based column of the error in the input, 0 if unknown.
    pub column: usize,
    /// The broad kind of failure.
    pub kind: DecodeErrorKind,
}

/// The broad kinds of [`DecodeError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// Not JSON (bad syntax, invalid UTF-8, trailing characters).
    Syntax,
    /// The input ended in the middle of a value.
    Truncated,
    /// Valid JSON, but a field has the wrong type, is missing, or holds an impossible value.
    Data,
}

impl DecodeErrorKind {
    /// Every kind: for bindings and reports that list them.
    pub const ALL: &'static [DecodeErrorKind] = &[
        DecodeErrorKind::Syntax,
        DecodeErrorKind::Truncated,
        DecodeErrorKind::Data,
    ];

    /// The stable snake_case name written in reports: `syntax`, `truncated` or `data`.
    pub fn as_str(self) -> &'static str {
        match self {
            DecodeErrorKind::Syntax => "syntax",
            DecodeErrorKind::Truncated => "truncated",
            DecodeErrorKind::Data => "data",
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_root() {
            "(document root)"
        } else {
            self.path.as_str()
        };
        write!(f, "{path}: {}", self.message)?;
        match self.kind {
            DecodeErrorKind::Syntax | DecodeErrorKind::Truncated => write!(
                f,
                " (line {}, column {}; check that the input is complete, valid JSON)",
                self.line, self.column
            ),
            DecodeErrorKind::Data => Ok(()),
        }
    }
}

impl DecodeError {
    /// The same error, with `prefix` (a JSON Pointer) in front of its path: for records read out
    /// of a larger document, such as the results of a page.
    pub fn within(mut self, prefix: impl AsRef<str>) -> Self {
        self.path.prepend_text(prefix.as_ref());
        self
    }

    /// JSON Pointer of the offending field.
    pub fn path(&self) -> &JsonPointer {
        &self.path
    }

    /// The broad kind of failure.
    pub fn kind(&self) -> DecodeErrorKind {
        self.kind
    }

    /// A serde_json error met while reading a value at `path` by other means than
    /// [`from_slice`] (a stream of values, say): its message without the position, which is in
    /// `line` and `column`.
    pub fn from_json(error: &serde_json::Error, path: JsonPointer) -> Self {
        let kind = match error.classify() {
            Category::Eof => DecodeErrorKind::Truncated,
            Category::Syntax | Category::Io => DecodeErrorKind::Syntax,
            Category::Data => DecodeErrorKind::Data,
        };
        DecodeError {
            path,
            message: what_serde_said(error).message,
            line: error.line(),
            column: error.column(),
            kind,
        }
    }
}

/// Text that does not parse as the type asked for (`"2026-02-30".parse::<CalendarDate>()`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not {expected}")]
#[non_exhaustive]
pub struct InvalidText {
    /// The text given.
    pub text: String,
    /// What was expected instead.
    pub expected: String,
}

impl InvalidText {
    /// `text` was not `expected`.
    pub(crate) fn new(text: &str, expected: impl Into<String>) -> Self {
        Self {
            text: text.to_owned(),
            expected: expected.into(),
        }
    }
}

/// Reads `bytes`, which must hold one JSON object, as a `T`, reporting the JSON Pointer of any
/// field at fault.
///
/// Every document this crate reads is an object. Insisting on that up front matters because
/// serde would otherwise also read a struct from an array of its fields in order, so `[]` would
/// quietly become an empty refund.
///
/// ```
/// use unified_accounting::decode::from_slice;
///
/// #[derive(serde::Deserialize, Debug)]
/// struct Payment { amount: i64 }
/// #[derive(serde::Deserialize, Debug)]
/// struct Refund { payments: Vec<Payment> }
///
/// let error = from_slice::<Refund>(br#"{"payments":[{"amount":1},{"amount":"2"}]}"#).unwrap_err();
/// assert_eq!(error.path, "/payments/1/amount");
/// assert_eq!(error.message, r#"invalid type: string "2", expected i64"#);
/// ```
///
/// # Errors
///
/// A [`DecodeError`] for malformed JSON, a wrong type, a missing required field or an impossible
/// value.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    expect_object(bytes)?;
    match parse(bytes) {
        Ok(value) => Ok(value),
        Err(first) => Err(explain::<T>(bytes, first)),
    }
}

/// [`from_slice`] of a record already checked as UTF-8, without the explanation: `None` for
/// anything [`from_slice`] would reject.
pub(crate) fn try_from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    expect_object(text.as_bytes()).ok()?;
    serde_json::from_str(text).ok()
}

/// serde_json's reader over `bytes`. A record checked as UTF-8 once, as a whole, is read as
/// text: serde_json's byte reader would check each string again as it meets it (a tenth of the
/// time a record takes). Bytes that are not UTF-8 go to the byte reader, for its error and
/// position.
fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    }
}

/// Checks that the first value in `bytes` opens an object, naming what it found otherwise.
fn expect_object(bytes: &[u8]) -> Result<(), DecodeError> {
    let first = bytes.iter().position(|byte| !byte.is_ascii_whitespace());
    let found = match first.and_then(|at| bytes.get(at)) {
        Some(b'{') => return Ok(()),
        None => "nothing (the input is empty)",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b'-' | b'0'..=b'9') => "a number",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        Some(0xEF) => "a UTF-8 byte-order mark (remove it)",
        Some(_) => "something that is not JSON",
    };
    // The first byte only suggests a value (`not json` starts like `null`, `truex` like `true`):
    // text that is not one JSON value is a syntax error, reported where the parser stopped.
    if first.is_some() && !found.starts_with("something") && !found.contains("byte-order") {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let parsed =
            serde::de::IgnoredAny::deserialize(&mut deserializer).and_then(|_| deserializer.end());
        if let Err(error) = parsed {
            return Err(to_decode_error(bytes, JsonPointer::root(), &error));
        }
    }
    Err(DecodeError {
        path: JsonPointer::root(),
        message: format!("expected a JSON object, found {found}"),
        line: 1,
        column: first.map_or(1, |at| at + 1),
        kind: match first {
            None => DecodeErrorKind::Truncated,
            Some(_) if found.starts_with("something") || found.contains("byte-order") => {
                DecodeErrorKind::Syntax
            }
            Some(_) => DecodeErrorKind::Data,
        },
    })
}

/// Parses again with path tracking to say where the first parse failed.
fn explain<T: DeserializeOwned>(bytes: &[u8], first: serde_json::Error) -> DecodeError {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(error) => to_decode_error(bytes, pointer(error.path()), error.inner()),
        // The value itself was fine, so what failed is what follows it (trailing characters).
        Ok(_) => match deserializer.end() {
            Err(trailing) => to_decode_error(bytes, JsonPointer::root(), &trailing),
            Ok(()) => to_decode_error(bytes, JsonPointer::root(), &first),
        },
    }
}

/// Reads `bytes` as a `T` with path tracking, knowing it fails: the error of [`from_slice`]
/// without the object check, for carried values read back out of a tree.
pub(crate) fn explain_failure<T: DeserializeOwned>(bytes: &[u8]) -> DecodeError {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(error) => to_decode_error(bytes, pointer(error.path()), error.inner()),
        Ok(_) => match deserializer.end() {
            Err(trailing) => to_decode_error(bytes, JsonPointer::root(), &trailing),
            Ok(()) => DecodeError {
                path: JsonPointer::root(),
                message: "the value could not be read".to_owned(),
                line: 0,
                column: 0,
                kind: DecodeErrorKind::Data,
            },
        },
    }
}

fn to_decode_error(bytes: &[u8], mut path: JsonPointer, error: &serde_json::Error) -> DecodeError {
    let said = what_serde_said(error);
    // serde reports a missing or unknown field at the object that lacks or holds it; pointing at
    // the field itself is what a reader needs.
    let message = match &said.field {
        Some(FieldNamed::Unknown(name)) => {
            if !path.ends_with_key(name) {
                path.push(name);
            }
            // serde lists every allowed key after an unknown one, which for a refund is forty
            // names.
            format!(
                "unknown field `{name}`: this object allows only the keys its schema names \
                 (additionalProperties: false)"
            )
        }
        Some(FieldNamed::Missing(name)) => {
            if !path.ends_with_key(name) {
                path.push(name);
            }
            said.message
        }
        None => said.message,
    };
    let kind = match error.classify() {
        // serde_json files a number it cannot hold (`1e400` read as an integer) under syntax. When
        // the document is well-formed JSON all the same, the complaint is about a value, not
        // broken JSON.
        Category::Syntax if is_json(bytes) => DecodeErrorKind::Data,
        Category::Eof => DecodeErrorKind::Truncated,
        Category::Syntax | Category::Io => DecodeErrorKind::Syntax,
        Category::Data => DecodeErrorKind::Data,
    };
    DecodeError {
        path,
        message,
        line: error.line(),
        column: error.column(),
        kind,
    }
}

/// Whether `bytes` is one well-formed JSON value, numbers of any size and precision included
/// (the crate's exact tree keeps a number's text instead of converting it).
fn is_json(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|text| crate::json::JsonValue::from_text(text).is_ok())
}

/// What serde_json's message says, without its position.
#[derive(Debug, PartialEq, Eq)]
struct SerdeSaid {
    /// The message, without " at line L column C" (the position is in `line()` and `column()`).
    message: String,
    /// The field a "missing field" or "unknown field" message names.
    field: Option<FieldNamed>,
}

#[derive(Debug, PartialEq, Eq)]
enum FieldNamed {
    Unknown(String),
    Missing(String),
}

/// The one place that reads serde_json's message text, because two facts are nowhere else:
///
/// - serde_json's errors have no accessor for the message without its position: `Display`
///   writes the message, then ` at line {line} column {column}` when the line is known. That
///   exact suffix, rebuilt from `line()` and `column()`, is removed.
/// - the name of a missing or unknown field is known only to the `serde::de::Error` constructor
///   that derived code calls (`missing_field`, `unknown_field`); serde_json does not override
///   them, so they format serde's fixed wording ("missing field `name`", "unknown field `name`,
///   expected ..."), and serde_json keeps only the text. Getting the name as data would take a
///   deserializer wrapper with an error type of its own around every value.
fn what_serde_said(error: &serde_json::Error) -> SerdeSaid {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = match full.strip_suffix(&suffix) {
        Some(message) if error.line() != 0 => message.to_owned(),
        _ => full,
    };
    let field = if let Some(rest) = message.strip_prefix("missing field `") {
        rest.strip_suffix('`')
            .map(|name| FieldNamed::Missing(name.to_owned()))
    } else if let Some(rest) = message.strip_prefix("unknown field `") {
        // serde writes the name unescaped, then "`, expected ..." (a list of backquoted names,
        // so the last "`, expected" is the one after the name) or "`, there are no fields".
        rest.strip_suffix("`, there are no fields")
            .or_else(|| rest.rfind("`, expected").and_then(|at| rest.get(..at)))
            .map(|name| FieldNamed::Unknown(name.to_owned()))
    } else {
        None
    };
    SerdeSaid { message, field }
}

/// The JSON Pointer of a serde path. The key serde_json uses to hand over a value's raw text
/// ([`crate::json`]) is a step of the protocol, not of the document, so it is left out.
pub(crate) fn pointer(path: &serde_path_to_error::Path) -> JsonPointer {
    use serde_path_to_error::Segment;
    let mut pointer = JsonPointer::root();
    for segment in path.iter() {
        match segment {
            Segment::Map { key } if key == crate::json::RAW_TOKEN => {}
            Segment::Seq { index } => pointer.push_index(*index),
            Segment::Map { key } => pointer.push(key),
            Segment::Enum { variant } => pointer.push(variant),
            Segment::Unknown => {}
        }
    }
    pointer
}

/// Escapes one JSON Pointer reference token (RFC 6901: `~` is `~0`, `/` is `~1`).
pub use crate::pointer::escape;

/// Deserializes a string and checks it with `parse`, as `String::deserialize` followed by
/// `parse` would (same entry point, same messages: "expected a string" for another type,
/// `invalid value: string "...", expected <what parse says>` for a bad one), but without first
/// copying the text into a `String` of its own: `parse` sees the borrowed text and makes the only
/// copy. Used by the checked text types (UUIDs, dates, timestamps), of which a refund has dozens.
pub(crate) fn checked_text<'de, D, T>(
    deserializer: D,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::de::{self, Unexpected, Visitor};

    struct Checked<T> {
        parse: fn(&str) -> Result<T, String>,
    }

    impl<T> Visitor<'_> for Checked<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
            (self.parse)(text)
                .map_err(|expected| E::invalid_value(Unexpected::Str(text), &expected.as_str()))
        }

        fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<T, E> {
            match std::str::from_utf8(bytes) {
                Ok(text) => self.visit_str(text),
                Err(_) => Err(E::invalid_value(Unexpected::Bytes(bytes), &self)),
            }
        }
    }

    deserializer.deserialize_string(Checked { parse })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_only_starts_like_a_value_is_a_syntax_error() {
        let kind = |text: &str| {
            let error = expect_object(text.as_bytes()).unwrap_err();
            (error.kind, error.message)
        };
        for text in ["not json", "nul", "truex", "12abc", "\"open"] {
            let (found, message) = kind(text);
            assert_ne!(found, DecodeErrorKind::Data, "{text}: {message}");
            assert!(
                !message.starts_with("expected a JSON object"),
                "{text}: {message}"
            );
        }
        for (text, named) in [("null", "null"), ("true", "a boolean"), ("12", "a number")] {
            let (found, message) = kind(text);
            assert_eq!(found, DecodeErrorKind::Data, "{text}");
            assert_eq!(message, format!("expected a JSON object, found {named}"));
        }
    }

    #[test]
    fn all_lists_every_kind_once() {
        // An exhaustive match: a new kind does not compile until it has a place in `ALL`.
        let place = |kind: DecodeErrorKind| match kind {
            DecodeErrorKind::Syntax => 0,
            DecodeErrorKind::Truncated => 1,
            DecodeErrorKind::Data => 2,
        };
        let places: Vec<usize> = DecodeErrorKind::ALL
            .iter()
            .map(|kind| place(*kind))
            .collect();
        assert_eq!(places, [0, 1, 2]);
    }

    fn said(json: &str) -> SerdeSaid {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Payment {
            amount: i64,
        }
        what_serde_said(&serde_json::from_str::<Payment>(json).unwrap_err())
    }

    #[test]
    fn serdes_message_is_read_for_the_field_name_and_without_the_position() {
        assert_eq!(
            said(r#"{"amount": 1, "a`, b": 2}"#),
            SerdeSaid {
                message: "unknown field `a`, b`, expected `amount`".to_owned(),
                field: Some(FieldNamed::Unknown("a`, b".to_owned())),
            }
        );
        assert_eq!(
            said(r#"{"amount": 1, "x": 2}"#).field,
            Some(FieldNamed::Unknown("x".to_owned()))
        );
        assert_eq!(
            said("{}"),
            SerdeSaid {
                message: "missing field `amount`".to_owned(),
                field: Some(FieldNamed::Missing("amount".to_owned())),
            }
        );
        assert_eq!(
            said(r#"{"amount": "1"}"#).message,
            r#"invalid type: string "1", expected i64"#
        );
        // A message that itself contains " at line " keeps it.
        let error = serde_json::from_str::<i64>(r#""x at line 3""#).unwrap_err();
        assert!(
            what_serde_said(&error).message.contains("x at line 3"),
            "{error}"
        );
    }

    #[test]
    fn an_out_of_range_number_is_a_data_error() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Payment {
            amount: i64,
        }
        let error = from_slice::<Payment>(br#"{"amount": 1e400}"#).unwrap_err();
        assert_eq!(error.kind, DecodeErrorKind::Data, "{error}");
        assert_eq!(error.path, "/amount");
        // Cut short after it, the document is not JSON at all, which is what to fix first.
        let error = from_slice::<Payment>(br#"{"amount": 1e400"#).unwrap_err();
        assert_eq!(error.kind, DecodeErrorKind::Syntax, "{error}");
    }
}
