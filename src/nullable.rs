//! A field that can be absent, explicitly `null`, or set.
//!
//! Both APIs this crate speaks distinguish a missing key from a key whose value is `null`:
//! `{"completed_at": null}` says "not completed", while `{}` says nothing at all. `Option<T>`
//! cannot hold that difference (serde reads both as `None`), so a mapper built on it would turn
//! one into the other and the round trip would no longer be exact. [`Nullable`] keeps all three
//! states.
//!
//! Use it on a struct field with `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`:
//! the default makes a missing key [`Nullable::Absent`], and skipping keeps it missing on output.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! use unified_accounting::Nullable;
//!
//! #[derive(Serialize, Deserialize)]
//! struct Note {
//!     #[serde(default, skip_serializing_if = "Nullable::is_absent")]
//!     text: Nullable<String>,
//! }
//!
//! for json in [r#"{}"#, r#"{"text":null}"#, r#"{"text":"hi"}"#] {
//!     let note: Note = serde_json::from_str(json).unwrap();
//!     assert_eq!(serde_json::to_string(&note).unwrap(), json);
//! }
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value that is absent, `null`, or present: both APIs tell a missing key from a `null` one
/// (`{"completed_at": null}` says "not completed", `{}` says nothing), and `Option` cannot.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// The key is not there at all.
    #[default]
    Absent,
    /// The key is there with the value `null`.
    Null,
    /// The key is there with a value.
    Present(T),
}

impl<T> Nullable<T> {
    /// True when the key is missing; used as `skip_serializing_if`.
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// True when the key is there with the value `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// The value, if present.
    pub fn as_present(&self) -> Option<&T> {
        match self {
            Self::Present(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// The value, if present, by value.
    pub fn into_present(self) -> Option<T> {
        match self {
            Self::Present(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// Maps the present value, keeping absent and null as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Self::Absent => Nullable::Absent,
            Self::Null => Nullable::Null,
            Self::Present(value) => Nullable::Present(f(value)),
        }
    }

    /// Maps a reference to the present value, keeping absent and null as they are.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Self::Absent => Nullable::Absent,
            Self::Null => Nullable::Null,
            Self::Present(value) => Nullable::Present(value),
        }
    }

    /// `Present(value)` for `Some(value)`, `Absent` for `None`: for optional, non-nullable source
    /// fields whose target is nullable.
    pub fn from_option(value: Option<T>) -> Self {
        value.map_or(Self::Absent, Self::Present)
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Self::Present(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // `Absent` is skipped by `skip_serializing_if`; if a caller serializes it directly,
            // `null` is the only JSON that can stand for it.
            Self::Absent | Self::Null => serializer.serialize_none(),
            Self::Present(value) => serializer.serialize_some(value),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Only reached when the key exists, so `None` here can only mean an explicit `null`.
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Self::Present(value),
            None => Self::Null,
        })
    }
}

impl<T: JsonSchema> JsonSchema for Nullable<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Nullable_{}", T::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // Null is added explicitly (not through `Option`), so the generated schema says
        // "nullable" exactly where the wire type is `Nullable` and nowhere else.
        let mut schema = generator.subschema_for::<T>();
        let Some(object) = schema.as_object_mut() else {
            return schema;
        };
        if let Some(serde_json::Value::Array(values)) = object.get_mut("enum") {
            values.push(serde_json::Value::Null);
        }
        match object.get_mut("type") {
            Some(serde_json::Value::String(single)) => {
                let single = std::mem::take(single);
                object.insert("type".into(), serde_json::json!([single, "null"]));
                schema
            }
            Some(serde_json::Value::Array(types)) => {
                types.push("null".into());
                schema
            }
            _ => schemars::json_schema!({ "anyOf": [schema, { "type": "null" }] }),
        }
    }
}

/// A field value that can be left out of the JSON entirely.
///
/// Implemented for [`Nullable`] (absent) and `Option` (none), so one `skip_serializing_if`
/// function serves every optional field of the wire types.
pub trait Omittable {
    /// True when the field should not be written at all.
    fn is_omitted(&self) -> bool;
}

impl<T> Omittable for Nullable<T> {
    fn is_omitted(&self) -> bool {
        self.is_absent()
    }
}

impl<T> Omittable for Option<T> {
    fn is_omitted(&self) -> bool {
        self.is_none()
    }
}

/// A list that may be left out is left out when empty (and read as empty when absent).
impl<T> Omittable for Vec<T> {
    fn is_omitted(&self) -> bool {
        self.is_empty()
    }
}

/// `skip_serializing_if` for any [`Omittable`] field.
pub fn is_omitted<T: Omittable>(value: &T) -> bool {
    value.is_omitted()
}

/// How an optional field is read: [`Nullable`] accepts `null`, `Option` does not.
///
/// serde reads `null` into an `Option` as `None`, which would silently turn an invalid `null` into
/// an absent key. Fields declared `Option` here are "optional but never null" in their schema, so
/// `null` is an input error with the field's path instead.
pub trait OptionalField<'de>: Sized {
    /// Reads the field's value (only called when the key is present).
    fn deserialize_field<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

impl<'de, T: Deserialize<'de>> OptionalField<'de> for Nullable<T> {
    fn deserialize_field<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize(deserializer)
    }
}

impl<'de, T: Deserialize<'de>> OptionalField<'de> for Option<T> {
    fn deserialize_field<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Some)
    }
}

impl<'de, T: Deserialize<'de>> OptionalField<'de> for Vec<T> {
    fn deserialize_field<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize(deserializer)
    }
}

/// `deserialize_with` for any [`OptionalField`].
pub fn deserialize_field<'de, D: Deserializer<'de>, T: OptionalField<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize_field(deserializer)
}

mod informative;

pub(crate) use informative::holds_information;

/// Declares a struct whose fields are all optional on the wire: each gets `#[serde(default)]`, is
/// read with [`deserialize_field`] and is skipped on output when omitted, so absent keys stay
/// absent and `null` stays `null` through a round trip. Ending the field list with `..extra` adds
/// an `extra` map that keeps the keys of an open object the schema does not name (see
/// [`wire_struct!`], which this expands to).
macro_rules! optional_fields {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident : $ty:ty, )*
            $( ..$extra:ident )?
        }
    ) => {
        $crate::nullable::wire_struct! {
            $(#[$meta])*
            pub struct $name {
                $( $(#[$field_meta])* pub $field ?: $ty, )*
                $( ..$extra )?
            }
        }

        impl $name {
            /// The names of the fields that hold information (see
            /// [`holds_information`](crate::nullable::holds_information)), in declaration order,
            /// leaving out those named in `skip` without looking at them (a field that is
            /// carried anyway may be large: a refund with many allocations split into many
            /// requests would otherwise be examined once per request).
            // Only the refund itself is asked, but every struct of the macro gets the method.
            #[allow(dead_code)]
            pub(crate) fn informative_fields(&self, skip: &[&str]) -> Vec<&'static str> {
                let mut informative = Vec::new();
                $(
                    let name = crate::nullable::field_name(stringify!($field));
                    if !crate::nullable::is_omitted(&self.$field)
                        && !skip.contains(&name)
                        && crate::nullable::holds_information(&self.$field)
                    {
                        informative.push(name);
                    }
                )*
                informative
            }
        }
    };
}

pub(crate) use optional_fields;

/// The JSON key of a field: its name without the `r#` of a raw identifier (`r#type`).
pub(crate) fn field_name(raw: &'static str) -> &'static str {
    raw.strip_prefix("r#").unwrap_or(raw)
}

/// An object key as the reader gives it: borrowed from the input when it can be.
pub(crate) struct Key<'de>(std::borrow::Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("a field name")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(key)))
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key)))
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// The value of an optional field, read as [`deserialize_field`] reads it.
pub(crate) struct OptionalValue<T>(pub(crate) T);

impl<'de, T: OptionalField<'de>> Deserialize<'de> for OptionalValue<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_field(deserializer).map(OptionalValue)
    }
}

/// Declares a provider wire struct whose optional fields are marked with `?`:
///
/// ```text
/// wire_struct! {
///     #[derive(Serialize)]
///     pub struct Payment {
///         pub id: UuidText,                        // required, never null
///         pub amount!: Option<i64>,                // required key, may be null
///         pub memo?: Nullable<String>,             // optional, may be null
///         pub fee_cents?: Option<i64>,             // optional, never null (requests)
///         ..extra                                  // keep undocumented keys
///     }
/// }
/// ```
///
/// A `?` field gets the same treatment as every field of [`optional_fields!`]: `default`, read
/// with [`deserialize_field`], skipped on output when omitted. A `!` field is an `Option` whose key
/// must be there but whose value may be `null`: what the Thredfi API really sends in many fields
/// its documentation lists as required and non-null (drf-spectacular omits `nullable` on
/// read-only fields). Required fields are written as given (with any attributes of their own).
///
/// `..extra` adds a [`JsonObject`](crate::json::JsonObject) that keeps, in order and with their
/// exact text, the keys the documented schema does not name, so nothing is lost. Such a struct
/// derives `Serialize` only: the macro writes its `Deserialize`, a map visitor that reads each
/// named field directly and every other key as a [`JsonValue`](crate::json::JsonValue). serde's
/// own `#[serde(flatten)]` cannot do this exactly: it buffers unknown values in serde's data
/// model, where a number's text is already gone.
macro_rules! wire_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($body:tt)* }
    ) => {
        $crate::nullable::wire_struct!(@fields $name [$(#[$meta])* pub struct $name] [] [] $($body)*);
    };
    (@fields $name:ident $head:tt [$($done:tt)*] [$($reads:tt)*]
        $(#[$field_meta:meta])* pub $field:ident ?: $ty:ty, $($rest:tt)*
    ) => {
        $crate::nullable::wire_struct!(@fields $name $head [
            $($done)*
            $(#[$field_meta])*
            #[serde(
                default,
                deserialize_with = "crate::nullable::deserialize_field",
                skip_serializing_if = "crate::nullable::is_omitted"
            )]
            pub $field: $ty,
        ] [$($reads)* (optional $field $ty)] $($rest)*);
    };
    (@fields $name:ident $head:tt [$($done:tt)*] [$($reads:tt)*]
        $(#[$field_meta:meta])* pub $field:ident !: $ty:ty, $($rest:tt)*
    ) => {
        $crate::nullable::wire_struct!(@fields $name $head [
            $($done)*
            $(#[$field_meta])*
            #[serde(deserialize_with = "Option::deserialize")]
            pub $field: $ty,
        ] [$($reads)* (required $field $ty)] $($rest)*);
    };
    (@fields $name:ident $head:tt [$($done:tt)*] [$($reads:tt)*]
        $(#[$field_meta:meta])* pub $field:ident : $ty:ty, $($rest:tt)*
    ) => {
        $crate::nullable::wire_struct!(@fields $name $head [
            $($done)*
            $(#[$field_meta])*
            pub $field: $ty,
        ] [$($reads)* (required $field $ty)] $($rest)*);
    };
    (@fields $name:ident [$($head:tt)*] [$($done:tt)*] [$(($kind:ident $field:ident $ty:ty))*] ..$extra:ident) => {
        $crate::nullable::wire_struct!(@names $name [$($field)*]);
        $($head)* {
            $($done)*
            /// Keys the documented schema does not name, in order and with their exact text,
            /// kept so nothing is lost.
            #[serde(flatten)]
            pub $extra: $crate::json::JsonObject,
        }
        $crate::nullable::wire_struct!(@deserialize [$($head)*] [$(($kind $field $ty))*] $extra);
    };
    (@fields $name:ident [$($head:tt)*] [$($done:tt)*] [$(($kind:ident $field:ident $ty:ty))*]) => {
        $crate::nullable::wire_struct!(@names $name [$($field)*]);
        $($head)* { $($done)* }
    };
    (@names $name:ident [$($field:ident)*]) => {
        impl $name {
            /// The JSON keys this struct names, in declaration order, as written in the source
            /// (a raw identifier keeps its `r#`; [`field_name`](crate::nullable::field_name)
            /// strips it). The schema drift check reads them to know which properties the
            /// mappers read and write, so the list is never kept by hand a second time.
            #[allow(dead_code)]
            pub(crate) const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];
        }
    };
    (@deserialize [$(#[$meta:meta])* pub struct $name:ident] [$(($kind:ident $field:ident $ty:ty))*] $extra:ident) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct FieldsVisitor;
                impl<'de> serde::de::Visitor<'de> for FieldsVisitor {
                    type Value = $name;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        formatter.write_str(concat!("struct ", stringify!($name)))
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$name, A::Error> {
                        $( let mut $field: Option<$ty> = None; )*
                        let mut $extra = $crate::json::JsonObject::new();
                        while let Some(key) = map.next_key::<$crate::nullable::Key<'de>>()? {
                            $(
                                let name = $crate::nullable::field_name(stringify!($field));
                                if key.as_str() == name {
                                    if $field.is_some() {
                                        return Err(serde::de::Error::duplicate_field(name));
                                    }
                                    $field = Some($crate::nullable::wire_struct!(@read $kind map));
                                    continue;
                                }
                            )*
                            let value: $crate::json::JsonValue = map.next_value()?;
                            $extra.insert(key.into_owned(), value);
                        }
                        Ok($name {
                            $( $field: $crate::nullable::wire_struct!(@missing $kind $field), )*
                            $extra,
                        })
                    }
                }
                deserializer.deserialize_map(FieldsVisitor)
            }
        }
    };
    (@read optional $map:ident) => {
        $map.next_value::<$crate::nullable::OptionalValue<_>>()?.0
    };
    (@read required $map:ident) => {
        $map.next_value()?
    };
    (@missing optional $field:ident) => {
        $field.unwrap_or_default()
    };
    (@missing required $field:ident) => {
        match $field {
            Some(value) => value,
            None => {
                return Err(serde::de::Error::missing_field(
                    $crate::nullable::field_name(stringify!($field)),
                ));
            }
        }
    };
}

pub(crate) use wire_struct;
