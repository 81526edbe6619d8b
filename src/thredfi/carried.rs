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

use crate::json::{JsonObject, JsonValue};
use serde::de::DeserializeOwned;

use crate::mapping::MappingError;
use crate::nullable::Nullable;
use crate::pointer::JsonPointer;

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
    map: Option<&'a JsonObject>,
}

impl<'a> Carried<'a> {
    pub(crate) fn new(map: Option<&'a JsonObject>) -> Self {
        Self { map }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&'a JsonValue> {
        self.map.and_then(|map| map.get(key))
    }

    /// A string value; `null` reads as "not given" (as on a create request, which never sends a
    /// null); any other JSON type is an error. [`Carried::nullable_string`] keeps the null.
    pub(crate) fn string(&self, key: &str) -> Result<Option<&'a str>, MappingError> {
        match self.get(key) {
            None | Some(JsonValue::Null) => Ok(None),
            Some(JsonValue::String(text)) => Ok(Some(text)),
            Some(other) => Err(wrong_type(key, "a string", other)),
        }
    }

    /// A carried optional text: absent, `null` or a string, as the Thredfi record had it.
    pub(crate) fn nullable_string(&self, key: &str) -> Result<Nullable<String>, MappingError> {
        match self.get(key) {
            None => Ok(Nullable::Absent),
            Some(JsonValue::Null) => Ok(Nullable::Null),
            Some(JsonValue::String(text)) => Ok(Nullable::Present(text.clone())),
            Some(other) => Err(wrong_type(key, "a string or null", other)),
        }
    }

    /// A carried free-form value (`metadata`): absent, `null` or the value, cloned (reading it
    /// into a `JsonValue` through its text, as [`Carried::nullable`] would, only costs time).
    pub(crate) fn nullable_value(&self, key: &str) -> Nullable<JsonValue> {
        match self.get(key) {
            None => Nullable::Absent,
            Some(JsonValue::Null) => Nullable::Null,
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
            Some(JsonValue::Null) => Ok(Nullable::Null),
            Some(value) => typed_at(value, &carried_at(key)).map(Nullable::Present),
        }
    }

    /// A value read into a Thredfi wire type, with the path of any field at fault.
    pub(crate) fn typed<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, MappingError> {
        self.get(key)
            .map(|value| typed_at(value, &carried_at(key)))
            .transpose()
    }

    /// Checks that the record came from `resource`, so a full Thredfi record can be rebuilt.
    pub(crate) fn require_resource(&self, resource: &'static str) -> Result<(), MappingError> {
        match self.string(RESOURCE)? {
            Some(found) if found == resource => Ok(()),
            found => Err(MappingError::NotFromResource {
                path: JsonPointer::root().join("custom_mappings").join(RESOURCE),
                expected: resource,
                found: found.map(str::to_owned),
            }),
        }
    }
}

/// Reads a carried JSON value into a wire type; `path` is where the value sits in the unified
/// refund, so an error points into `custom_mappings`.
///
/// The value is read from its exact JSON text, so every number reaches the wire type as it was
/// carried (`-0` stays `-0`, `100000000000000000000` is not `1e20`).
pub(crate) fn typed_at<T: DeserializeOwned>(
    value: &JsonValue,
    path: &JsonPointer,
) -> Result<T, MappingError> {
    let text = value.to_text().into_bytes();
    // The common case reads the text directly; only a failure is read again with path tracking,
    // to say where it failed.
    if let Ok(typed) = T::deserialize(&mut serde_json::Deserializer::from_slice(&text)) {
        return Ok(typed);
    }
    // The text is ours, so its line and column mean nothing to the caller: the path does.
    let source = crate::decode::explain_failure::<T>(&text);
    Err(MappingError::CarriedUnreadable {
        path: source.path.clone().within(path),
        source,
    })
}

/// Where a carried key sits in a unified refund.
fn carried_at(key: &str) -> JsonPointer {
    JsonPointer::root().join("custom_mappings").join(key)
}

fn wrong_type(key: &str, expected: &'static str, found: &JsonValue) -> MappingError {
    MappingError::CarriedWrongType {
        path: carried_at(key),
        expected,
        found: found.type_name(),
    }
}

/// Builds the `custom_mappings` object of a unified refund, key by key.
#[derive(Debug, Default)]
pub(crate) struct CarriedBuilder {
    map: JsonObject,
}

impl CarriedBuilder {
    pub(crate) fn new(resource: &str) -> Self {
        let mut map = JsonObject::new();
        map.insert(RESOURCE.to_owned(), JsonValue::String(resource.to_owned()));
        Self { map }
    }

    pub(crate) fn insert(&mut self, key: &str, value: JsonValue) {
        self.map.insert(key.to_owned(), value);
    }

    /// Inserts `value` when the source field was present.
    pub(crate) fn insert_some(&mut self, key: &str, value: Option<JsonValue>) {
        if let Some(value) = value {
            self.insert(key, value);
        }
    }

    pub(crate) fn finish(self) -> JsonObject {
        self.map
    }
}

/// A wire value as carried JSON. Thredfi wire types serialize verbatim (unknown enum values
/// included), so this cannot fail for them; `Null` stands in if it ever did.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> JsonValue {
    JsonValue::from_serialize(value).unwrap_or(JsonValue::Null)
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
    fill: impl Fn(usize, &crate::unified::Allocation, &mut JsonObject) -> Result<(), MappingError>,
) -> Result<Option<Vec<T>>, MappingError> {
    let allocations = refund.allocations.as_deref().unwrap_or_default();
    let kept: Option<Vec<JsonObject>> = carried.typed(ALLOCATIONS)?.unwrap_or(Some(Vec::new()));
    let Some(kept) = kept else {
        if allocations.is_empty() {
            return Ok(None);
        }
        return Err(MappingError::CarriedAllocationsNull {
            path: JsonPointer::root()
                .join("custom_mappings")
                .join(ALLOCATIONS),
            count: allocations.len(),
        });
    };
    if kept.len() != allocations.len() {
        return Err(MappingError::AllocationCountChanged {
            path: JsonPointer::root()
                .join("custom_mappings")
                .join(ALLOCATIONS),
            carried: kept.len(),
            found: allocations.len(),
        });
    }
    allocations
        .iter()
        .zip(kept)
        .enumerate()
        .map(|(index, (allocation, mut kept))| {
            match &allocation.allocation_id {
                Some(id) => {
                    kept.insert("id".into(), JsonValue::String(id.clone()));
                }
                None if kept.contains_key("id") => {}
                None => {
                    return Err(MappingError::Missing {
                        path: JsonPointer::root()
                            .join("allocations")
                            .join_index(index)
                            .join("allocation_id"),
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
            kept.insert(
                "amount".into(),
                cents.map_or(JsonValue::Null, JsonValue::from),
            );
            fill(index, allocation, &mut kept)?;
            typed_at(
                &JsonValue::Object(kept),
                &carried_at(ALLOCATIONS).join_index(index),
            )
        })
        .collect::<Result<Vec<T>, MappingError>>()
        .map(Some)
}
