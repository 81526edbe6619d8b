//! The error of operations that read input and map it in one call.

use crate::decode::DecodeError;
use crate::mapping::MappingError;
use crate::pointer::JsonPointer;

/// Either the input could not be read, or it could not be mapped. Both name the JSON Pointer of
/// the field at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is not JSON of the expected shape.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The input was read but cannot be mapped.
    #[error(transparent)]
    Mapping(#[from] MappingError),
}

impl Error {
    /// JSON Pointer of the input field at fault (the root for the whole document).
    pub fn path(&self) -> &JsonPointer {
        match self {
            Error::Decode(error) => &error.path,
            Error::Mapping(error) => error.path(),
        }
    }

    /// The kind of error, for code that handles kinds differently and for machine-readable
    /// reports ([`ErrorKind::as_str`]).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Decode(_) => ErrorKind::Decode,
            Error::Mapping(MappingError::InvalidOutput(_)) => ErrorKind::InvalidOutput,
            Error::Mapping(_) => ErrorKind::Mapping,
        }
    }

    /// What the caller can give to answer the error ([`MappingError::remedy`]); `None` for a
    /// record that cannot be read.
    pub fn remedy(&self) -> Option<crate::mapping::Remedy<'_>> {
        match self {
            Error::Decode(_) => None,
            Error::Mapping(error) => error.remedy(),
        }
    }

    /// The same error with `prefix` (a JSON Pointer) before its path, for a record read out of a
    /// larger document.
    pub fn within(self, prefix: impl AsRef<str>) -> Self {
        match self {
            Error::Decode(error) => Error::Decode(error.within(prefix)),
            Error::Mapping(error) => Error::Mapping(error.within(prefix)),
        }
    }
}

/// The kinds of [`Error`], as [`Error::kind`] reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input could not be read ([`Error::Decode`]): fix the document at the path.
    Decode,
    /// The input was read but cannot be mapped ([`Error::Mapping`]): the message says what the
    /// field must hold.
    Mapping,
    /// The mapped output broke its schema: a bug of the crate (or of damaged carried data), to
    /// be reported.
    InvalidOutput,
}

impl ErrorKind {
    /// The stable name written in reports: `decode`, `mapping` or `invalid_output`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Decode => "decode",
            ErrorKind::Mapping => "mapping",
            ErrorKind::InvalidOutput => "invalid_output",
        }
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
