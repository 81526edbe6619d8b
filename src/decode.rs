//! Reading input documents, with the JSON Pointer of whatever is wrong.
//!
//! serde_json reports a bad document by line and column, which is little help in a 40 KB
//! single-line API response. [`from_slice`] reports the JSON Pointer of the offending field
//! (`/allocations/2/amount`) and what was expected there. The common case stays fast: the input
//! is parsed once, directly; only when that fails is it parsed a second time with path tracking,
//! to explain the failure.

use std::fmt;

use serde::de::DeserializeOwned;

/// An input document that could not be read into the expected type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct DecodeError {
    /// JSON Pointer of the offending field (empty for the document root).
    pub path: String,
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

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(document root)"
        } else {
            &self.path
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
    pub fn within(mut self, prefix: &str) -> Self {
        self.path.insert_str(0, prefix);
        self
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
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(value),
        Err(first) => Err(explain::<T>(bytes, first)),
    }
}

/// [`from_slice`] without the explanation: `None` for anything [`from_slice`] would reject.
pub(crate) fn try_from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    expect_object(bytes).ok()?;
    serde_json::from_slice(bytes).ok()
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
    Err(DecodeError {
        path: String::new(),
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
        Err(error) => to_decode_error(pointer(error.path()), error.inner()),
        // The value itself was fine, so what failed is what follows it (trailing characters).
        Ok(_) => match deserializer.end() {
            Err(trailing) => to_decode_error(String::new(), &trailing),
            Ok(()) => to_decode_error(String::new(), &first),
        },
    }
}

fn to_decode_error(mut path: String, error: &serde_json::Error) -> DecodeError {
    let full = error.to_string();
    let message = match full.rfind(" at line ") {
        Some(at) => full.get(..at).unwrap_or(&full).to_owned(),
        None => full,
    };
    // serde lists every allowed key after an unknown one, which for a refund is forty names.
    let message = match message.find(", expected one of") {
        Some(at) if message.starts_with("unknown field") => format!(
            "{}: this object allows only the keys its schema names (additionalProperties: false)",
            message.get(..at).unwrap_or(&message)
        ),
        _ => message,
    };
    // serde reports a missing or unknown field at the object that lacks or holds it; pointing at
    // the field itself is what a reader needs.
    for prefix in ["missing field `", "unknown field `"] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some(name) = rest.split('`').next()
        {
            let token = format!("/{}", escape(name));
            if !path.ends_with(&token) {
                path.push_str(&token);
            }
        }
    }
    let kind = match error.classify() {
        // serde_json files an out-of-range number (`1e400`) under syntax; to a reader it is a
        // value problem, not broken JSON.
        serde_json::error::Category::Syntax if message.starts_with("number out of range") => {
            DecodeErrorKind::Data
        }
        serde_json::error::Category::Eof => DecodeErrorKind::Truncated,
        serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
            DecodeErrorKind::Syntax
        }
        serde_json::error::Category::Data => DecodeErrorKind::Data,
    };
    DecodeError {
        path,
        message,
        line: error.line(),
        column: error.column(),
        kind,
    }
}

/// The JSON Pointer of a serde path. The key serde_json uses to hand over a value's raw text
/// ([`crate::json`]) is a step of the protocol, not of the document, so it is left out.
pub(crate) fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Map { key } if key == crate::json::RAW_TOKEN => {}
            Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape(key));
            }
            Segment::Enum { variant } => {
                pointer.push('/');
                pointer.push_str(&escape(variant));
            }
            Segment::Unknown => {}
        }
    }
    pointer
}

/// Escapes one JSON Pointer reference token (RFC 6901: `~` is `~0`, `/` is `~1`).
pub fn escape(token: &str) -> String {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1")
    } else {
        token.to_owned()
    }
}

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
