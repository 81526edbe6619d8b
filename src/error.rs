//! The error of operations that read input and map it in one call.

use crate::decode::DecodeError;
use crate::mapping::MappingError;

/// Either the input could not be read, or it could not be mapped. Both name the JSON Pointer of
/// the field at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The input is not JSON of the expected shape.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The input was read but cannot be mapped.
    #[error(transparent)]
    Mapping(#[from] MappingError),
}

impl Error {
    /// JSON Pointer of the input field at fault (empty for the document root).
    pub fn path(&self) -> &str {
        match self {
            Error::Decode(error) => &error.path,
            Error::Mapping(error) => error.path(),
        }
    }

    /// A short stable name of the kind of error, for machine-readable reports.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Decode(_) => "decode",
            Error::Mapping(MappingError::InvalidOutput(_)) => "invalid_output",
            Error::Mapping(_) => "mapping",
        }
    }

    /// The same error with `prefix` (a JSON Pointer) before its path, for a record read out of a
    /// larger document.
    pub fn within(self, prefix: &str) -> Self {
        match self {
            Error::Decode(error) => Error::Decode(error.within(prefix)),
            Error::Mapping(error) => Error::Mapping(error.within(prefix)),
        }
    }
}
