//! One pass over a document's top level: is it JSON, is it an object, which keys does it have.

use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};

use crate::decode::DecodeError;

/// The top-level keys of a JSON object, read in one pass over its bytes without building any of
/// its values: what shape checks and record recognition need.
///
/// A key counts whatever its value, `null` included: the API sends `"vendor_id": null`, and the
/// key still says which resource the record is.
///
/// ```
/// use unified_accounting::Probe;
///
/// let probe = Probe::of(br#"{"vendor_id": null, "amount": {"deep": [1, 2]}}"#).unwrap();
/// assert!(probe.has_key("vendor_id"));
/// assert!(!probe.has_key("deep"));
/// assert!(Probe::of(b"[1, 2]").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    keys: Vec<String>,
}

impl Probe {
    /// Reads `document`, which must be one JSON object.
    ///
    /// # Errors
    ///
    /// The [`DecodeError`] of a document that is not JSON or not an object, as
    /// [`crate::decode::from_slice`] reports it.
    pub fn of(document: &[u8]) -> Result<Probe, DecodeError> {
        // `from_slice` parses once, and a second time only to explain a failure.
        crate::decode::from_slice::<Probe>(document)
    }

    /// Whether the object has the key `key` (at its top level).
    pub fn has_key(&self, key: &str) -> bool {
        self.keys.iter().any(|held| held == key)
    }

    /// The top-level keys, in document order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(String::as_str)
    }
}

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Keys;

        impl<'de> Visitor<'de> for Keys {
            type Value = Probe;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(Probe { keys })
            }
        }

        deserializer.deserialize_map(Keys)
    }
}
