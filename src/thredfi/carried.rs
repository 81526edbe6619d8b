//! The Thredfi data a unified refund carries in `custom_mappings`.
//!
//! Apideck's `Refund` has no field for much of what Thredfi records (the idempotency key, the
//! attached document, the full payment history, each allocation's original type, ...), and it is
//! closed (`additionalProperties: false`), so none of it may be added at the top level. It all
//! goes into `custom_mappings`, a free-form object, under the keys named here. The reverse mappers
//! read the same keys back, which is what makes Thredfi → unified → Thredfi exact.
//!
//! `custom_mappings.thredfi_resource` says which Thredfi resource a unified refund came from
//! (`customer_refund` or `vendor_refund`): the documented way to tell them apart.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::decode::escape;
use crate::mapping::MappingError;
use crate::nullable::Nullable;

/// Key naming the Thredfi resource a unified refund came from.
pub const RESOURCE: &str = "thredfi_resource";
/// `thredfi_resource` value of a customer refund.
pub const CUSTOMER_REFUND: &str = "customer_refund";
/// `thredfi_resource` value of a vendor refund.
pub const VENDOR_REFUND: &str = "vendor_refund";
/// Key holding Thredfi's own status, which the unified status folds together.
pub const STATUS: &str = "thredfi_status";
/// Key holding a currency code the unified model cannot hold (unknown to Thredfi's list and to
/// Apideck's, such as `MyR`), so that it is not lost on the way back.
pub const CURRENCY: &str = "thredfi_currency";
/// Key holding, per allocation and in the same order, what the unified allocation cannot hold.
pub const ALLOCATIONS: &str = "allocations";
/// Key holding a customer refund's `customer_name` when its `customer_id` is null, so the unified
/// refund has no customer to hold the name.
pub const CUSTOMER_NAME: &str = "customer_name";
/// Key holding top-level keys of the Thredfi record that its documented schema does not name.
pub const EXTRA_FIELDS: &str = "extra_fields";

/// Read access to a unified refund's `custom_mappings`, with errors that name the exact path.
pub(crate) struct Carried<'a> {
    map: Option<&'a Map<String, Value>>,
}

impl<'a> Carried<'a> {
    pub(crate) fn new(map: Option<&'a Map<String, Value>>) -> Self {
        Self { map }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.and_then(|map| map.get(key))
    }

    /// A string value; `null` reads as "not given" (as on a create request, which never sends a
    /// null); any other JSON type is an error. [`Carried::nullable_string`] keeps the null.
    pub(crate) fn string(&self, key: &str) -> Result<Option<&'a str>, MappingError> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(wrong_type(key, "a string", other)),
        }
    }

    /// A carried optional text: absent, `null` or a string, as the Thredfi record had it.
    pub(crate) fn nullable_string(&self, key: &str) -> Result<Nullable<String>, MappingError> {
        match self.get(key) {
            None => Ok(Nullable::Absent),
            Some(Value::Null) => Ok(Nullable::Null),
            Some(Value::String(text)) => Ok(Nullable::Present(text.clone())),
            Some(other) => Err(wrong_type(key, "a string or null", other)),
        }
    }

    /// A carried free-form value (`metadata`): absent, `null` or the value, cloned (reading it
    /// into a `Value` through its text, as [`Carried::nullable`] would, only costs time).
    pub(crate) fn nullable_value(&self, key: &str) -> Nullable<Value> {
        match self.get(key) {
            None => Nullable::Absent,
            Some(Value::Null) => Nullable::Null,
            Some(value) => Nullable::Present(value.clone()),
        }
    }

    /// A carried optional value read into a wire type: absent, `null` or the value.
    pub(crate) fn nullable<T: DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Nullable<T>, MappingError> {
        match self.get(key) {
            None => Ok(Nullable::Absent),
            Some(Value::Null) => Ok(Nullable::Null),
            Some(value) => {
                typed_at(value, &format!("/custom_mappings/{}", escape(key))).map(Nullable::Present)
            }
        }
    }

    /// A value read into a Thredfi wire type, with the path of any field at fault.
    pub(crate) fn typed<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, MappingError> {
        self.get(key)
            .map(|value| typed_at(value, &format!("/custom_mappings/{}", escape(key))))
            .transpose()
    }

    /// Checks that the record came from `resource`, so a full Thredfi record can be rebuilt.
    pub(crate) fn require_resource(&self, resource: &str) -> Result<(), MappingError> {
        match self.string(RESOURCE)? {
            Some(found) if found == resource => Ok(()),
            found => Err(MappingError::Unmappable {
                path: format!("/custom_mappings/{RESOURCE}"),
                reason: format!(
                    "expected {resource:?}, found {}: only a unified refund produced from a \
                     Thredfi {} carries what a full Thredfi record needs; to create a new record \
                     in Thredfi, map it to a create request instead",
                    found.map_or_else(|| "nothing".to_owned(), |text| format!("{text:?}")),
                    resource.replace('_', " ")
                ),
            }),
        }
    }
}

/// Reads a carried JSON value into a wire type; `path` is where the value sits in the unified
/// refund, so an error points into `custom_mappings`.
///
/// The value is read from its JSON text, not from the `Value` itself: serde_json hands a `Value`'s
/// numbers to a visitor as `u64` / `i64` / `f64` whenever those print the same digits, which
/// rewrites `-0` as `0`, `100000000000000000000` as `1e20` and `0.0000001` as `1e-7`, and the
/// buffering behind `#[serde(flatten)]` rejects integers beyond `u64` outright. Parsing the text
/// keeps every number exactly as it was carried.
pub(crate) fn typed_at<T: DeserializeOwned>(value: &Value, path: &str) -> Result<T, MappingError> {
    let text = serde_json::to_vec(value).map_err(|error| MappingError::Unmappable {
        path: path.to_owned(),
        reason: format!("carried Thredfi data could not be written: {error}"),
    })?;
    // The common case reads the text directly; only a failure is read again with path tracking,
    // to say where it failed.
    if let Ok(typed) = T::deserialize(&mut serde_json::Deserializer::from_slice(&text)) {
        return Ok(typed);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(&text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let mut field = path.to_owned();
        for segment in error.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => {
                    field.push('/');
                    field.push_str(&index.to_string());
                }
                serde_path_to_error::Segment::Map { key } => {
                    field.push('/');
                    field.push_str(&escape(key));
                }
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => {}
            }
        }
        // The text is ours, so its line and column mean nothing to the caller: the path does.
        let message = error.inner().to_string();
        let message = match message.rfind(" at line ") {
            Some(at) => message.get(..at).unwrap_or(&message),
            None => &message,
        };
        MappingError::Unmappable {
            path: field,
            reason: format!("carried Thredfi data is not valid: {message}"),
        }
    })
}

fn wrong_type(key: &str, expected: &str, found: &Value) -> MappingError {
    MappingError::Unmappable {
        path: format!("/custom_mappings/{}", escape(key)),
        reason: format!("expected {expected}, found {}", json_type(found)),
    }
}

/// The JSON type name of a value, for messages.
pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Builds the `custom_mappings` object of a unified refund, key by key.
#[derive(Debug, Default)]
pub(crate) struct CarriedBuilder {
    map: Map<String, Value>,
}

impl CarriedBuilder {
    pub(crate) fn new(resource: &str) -> Self {
        let mut map = Map::new();
        map.insert(RESOURCE.to_owned(), Value::String(resource.to_owned()));
        Self { map }
    }

    pub(crate) fn insert(&mut self, key: &str, value: Value) {
        self.map.insert(key.to_owned(), value);
    }

    /// Inserts `value` when the source field was present.
    pub(crate) fn insert_some(&mut self, key: &str, value: Option<Value>) {
        if let Some(value) = value {
            self.insert(key, value);
        }
    }

    pub(crate) fn finish(self) -> Map<String, Value> {
        self.map
    }
}

/// A wire value as carried JSON. Thredfi wire types serialize verbatim (unknown enum values
/// included), so this cannot fail for them; `Null` stands in if it ever did.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Rebuilds a full record's allocations: each unified allocation (its `allocation_id` and exact
/// amount) merged with what its carried entry kept, then `fill` adds the fields the unified
/// allocation holds for this resource, and the result is read as the wire type.
///
/// A field the unified allocation has no value for keeps what the carried entry says (a `null`
/// the API sent, kept there by `to_unified`); with neither, it is an error naming the field. A
/// carried `null` list (the API sent `"allocations": null`) comes back as `null` when the unified
/// refund has no allocations.
pub(crate) fn rebuild_allocations<T: DeserializeOwned>(
    refund: &crate::unified::Refund,
    carried: &Carried<'_>,
    fill: impl Fn(
        usize,
        &crate::unified::Allocation,
        &mut Map<String, Value>,
    ) -> Result<(), MappingError>,
) -> Result<Option<Vec<T>>, MappingError> {
    let allocations = refund.allocations.as_deref().unwrap_or_default();
    let kept: Option<Vec<Map<String, Value>>> =
        carried.typed(ALLOCATIONS)?.unwrap_or(Some(Vec::new()));
    let Some(kept) = kept else {
        if allocations.is_empty() {
            return Ok(None);
        }
        return Err(MappingError::Unmappable {
            path: format!("/custom_mappings/{ALLOCATIONS}"),
            reason: format!(
                "is null (the Thredfi record had no allocation list) but the refund has {} \
                 allocation(s); allocations cannot be added on a record that goes back to Thredfi",
                allocations.len()
            ),
        });
    };
    if kept.len() != allocations.len() {
        return Err(MappingError::Unmappable {
            path: format!("/custom_mappings/{ALLOCATIONS}"),
            reason: format!(
                "carries {} allocation(s) but the refund has {}; allocations cannot be added or \
                 removed on a record that goes back to Thredfi",
                kept.len(),
                allocations.len()
            ),
        });
    }
    allocations
        .iter()
        .zip(kept)
        .enumerate()
        .map(|(index, (allocation, mut kept))| {
            match &allocation.allocation_id {
                Some(id) => {
                    kept.insert("id".into(), Value::String(id.clone()));
                }
                None if kept.contains_key("id") => {}
                None => {
                    return Err(MappingError::Missing {
                        path: format!("/allocations/{index}/allocation_id"),
                        expected: "the allocation id",
                        hint: None,
                    });
                }
            }
            let cents = super::request::nullable_cents(
                &allocation.amount,
                &format!("/allocations/{index}/amount"),
                "the allocated amount",
            )?;
            kept.insert("amount".into(), cents.map_or(Value::Null, Value::from));
            fill(index, allocation, &mut kept)?;
            typed_at(
                &Value::Object(kept),
                &format!("/custom_mappings/{ALLOCATIONS}/{index}"),
            )
        })
        .collect::<Result<Vec<T>, MappingError>>()
        .map(Some)
}
