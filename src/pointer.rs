//! JSON Pointers (RFC 6901): where in a document an error or a warning points.
//!
//! Every error of the crate names the field at fault with a [`JsonPointer`], so a caller can
//! find it in a 40 KB single-line document. Pointers are built a step at a time
//! ([`JsonPointer::join`], [`JsonPointer::join_index`]), which escapes each key once, in one
//! place, instead of being assembled with `format!`.

use std::fmt;

/// A JSON Pointer (RFC 6901), such as `/allocations/0/amount`; empty for the document root.
///
/// It compares equal to its text, so `error.path() == "/id"` reads as it should.
///
/// ```
/// use unified_accounting::JsonPointer;
///
/// let pointer = JsonPointer::root().join("custom_mappings").join("a/b").join_index(2);
/// assert_eq!(pointer, "/custom_mappings/a~1b/2");
/// assert_eq!(pointer.within(&JsonPointer::root().join("results").join_index(1)).as_str(),
///            "/results/1/custom_mappings/a~1b/2");
/// assert!(JsonPointer::root().is_root());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JsonPointer(String);

impl JsonPointer {
    /// The pointer to the whole document (the empty string), as a constant.
    pub const ROOT: JsonPointer = JsonPointer(String::new());

    /// The pointer to the whole document (the empty string).
    pub fn root() -> Self {
        Self(String::new())
    }

    /// Whether this points at the whole document.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The pointer as text, escaped as RFC 6901 says (`~0` for `~`, `~1` for `/`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Appends an object key, escaping it.
    pub fn push(&mut self, key: &str) {
        self.0.push('/');
        if key.contains(['~', '/']) {
            self.0.push_str(&key.replace('~', "~0").replace('/', "~1"));
        } else {
            self.0.push_str(key);
        }
    }

    /// Appends an array index.
    pub fn push_index(&mut self, index: usize) {
        use fmt::Write as _;
        // Writing into a `String` cannot fail.
        let _ = write!(self.0, "/{index}");
    }

    /// This pointer followed by an object key.
    #[must_use]
    pub fn join(&self, key: &str) -> Self {
        let mut joined = self.clone();
        joined.push(key);
        joined
    }

    /// This pointer followed by an array index.
    #[must_use]
    pub fn join_index(&self, index: usize) -> Self {
        let mut joined = self.clone();
        joined.push_index(index);
        joined
    }

    /// Appends every step of `rest` (a pointer relative to this one).
    pub fn append(&mut self, rest: &JsonPointer) {
        self.0.push_str(&rest.0);
    }

    /// The same place seen from a larger document: `prefix` followed by this pointer (for a
    /// record read out of a page, `prefix` is `/results/<index>`).
    #[must_use]
    pub fn within(mut self, prefix: &JsonPointer) -> Self {
        self.0.insert_str(0, &prefix.0);
        self
    }

    /// Puts `prefix`, the text of a pointer, in front (see [`JsonPointer::within`]).
    pub(crate) fn prepend_text(&mut self, prefix: &str) {
        self.0.insert_str(0, prefix);
    }

    /// Whether the last step of this pointer is the key `key`.
    pub fn ends_with_key(&self, key: &str) -> bool {
        let mut last = JsonPointer::root();
        last.push(key);
        self.0.ends_with(&last.0)
    }

    /// Takes `text` as a pointer already escaped; callers only pass text built as pointers.
    pub(crate) fn from_escaped(text: impl Into<String>) -> Self {
        Self(text.into())
    }
}

/// Escapes one JSON Pointer reference token (RFC 6901: `~` is `~0`, `/` is `~1`).
pub fn escape(token: &str) -> String {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1")
    } else {
        token.to_owned()
    }
}

/// Text that is not a JSON Pointer, as [`JsonPointer::from_str`](std::str::FromStr) reports it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{text:?} is not a JSON Pointer: it must be empty or start with '/', and '~' must be followed \
     by 0 or 1 (RFC 6901)"
)]
#[non_exhaustive]
pub struct InvalidPointer {
    /// The text given.
    pub text: String,
}

impl std::str::FromStr for JsonPointer {
    type Err = InvalidPointer;

    /// Reads an escaped pointer (`/a~1b/0`), checking RFC 6901's grammar.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let starts_right = text.is_empty() || text.starts_with('/');
        let mut after_tilde = text.split('~').skip(1);
        let escapes_right = after_tilde.all(|rest| rest.starts_with(['0', '1']));
        if starts_right && escapes_right {
            Ok(Self(text.to_owned()))
        } else {
            Err(InvalidPointer {
                text: text.to_owned(),
            })
        }
    }
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for JsonPointer {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for JsonPointer {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for JsonPointer {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for JsonPointer {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for JsonPointer {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl PartialEq<JsonPointer> for str {
    fn eq(&self, other: &JsonPointer) -> bool {
        self == other.0
    }
}

impl PartialEq<JsonPointer> for &str {
    fn eq(&self, other: &JsonPointer) -> bool {
        *self == other.0
    }
}

impl From<JsonPointer> for String {
    fn from(pointer: JsonPointer) -> Self {
        pointer.0
    }
}

impl serde::Serialize for JsonPointer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_escaped_and_indexes_written() {
        let pointer = JsonPointer::root().join("a~b").join("c/d").join_index(10);
        assert_eq!(pointer, "/a~0b/c~1d/10");
        assert!(pointer.ends_with_key("10"));
        assert!(JsonPointer::root().join("c/d").ends_with_key("c/d"));
        assert_eq!(escape("x/~"), "x~1~0");
    }

    #[test]
    fn parsing_checks_the_grammar() {
        for good in ["", "/", "/a~0~1", "/0/x"] {
            assert_eq!(good.parse::<JsonPointer>().unwrap(), good);
        }
        for bad in ["a", "/a~", "/a~2"] {
            assert!(bad.parse::<JsonPointer>().is_err(), "{bad}");
        }
    }

    #[test]
    fn serializes_as_its_text() {
        let pointer = JsonPointer::root().join("id");
        assert_eq!(serde_json::to_string(&pointer).unwrap(), "\"/id\"");
    }
}
