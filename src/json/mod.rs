//! Free-form JSON that keeps its exact text: number digits and key order.
//!
//! Much of what this crate carries is JSON it does not interpret: Thredfi's `metadata`, keys a
//! record has that its schema does not name, everything `custom_mappings` holds. Such data must
//! come back exactly as it went in, and `serde_json::Value` cannot promise that unless two of
//! serde_json's features are switched on: `arbitrary_precision` (without it, `1234567890.123456789`
//! becomes the nearest `f64`, `1e400` is refused and integers beyond `u64` are rounded) and
//! `preserve_order` (without it, object keys come back sorted). Cargo turns a feature on for the
//! whole build, so a library that needs them changes every other crate in its user's program:
//! `arbitrary_precision` breaks untagged enums and `#[serde(flatten)]` structs holding floats
//! (serde-rs/json#721). This crate leaves both off.
//!
//! [`JsonValue`] is the crate's own JSON tree instead. A [`JsonNumber`] is the number's text as
//! it was written (`-0`, `1e+400`, `100000000000000000000000000000`), and a [`JsonObject`] keeps
//! its keys in the order they came. Reading one goes through serde_json's `raw_value` feature (an
//! additive feature that changes nothing else): serde_json hands over the value's exact text,
//! which is parsed here. Writing one gives the same text back, digit for digit.
//!
//! ```
//! use unified_accounting::json::JsonValue;
//!
//! let text = r#"{"z":1e+400,"a":-0,"m":[0.10,100000000000000000000000000001]}"#;
//! let value: JsonValue = serde_json::from_str(text)?;
//! assert_eq!(serde_json::to_string(&value)?, text);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! Exactness holds through serde_json's own reader and writer (`from_str`, `from_slice`,
//! `from_reader`, `to_string`, `to_writer`, ...). Other serde formats see integers as integers
//! and every other number as serde_json's raw-value struct; convert through JSON text for them.
//!
//! Equality is JSON's: objects are equal when they hold the same keys with equal values, in any
//! order; numbers are equal when their text is (`1.0` and `1` differ, as they would for a
//! program reading the text). Compare the written text to check the order.

use std::borrow::Cow;
use std::fmt;

mod direct;
mod node;
mod recorder;
mod tape;
mod tree;

pub(crate) use node::ExactJson;
pub(crate) use recorder::{Written, write_and_check, write_and_check_with};
pub(crate) use tape::{Tape, TapeJson};

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The name serde_json gives its raw-value newtype: asking a serde_json deserializer for it
/// yields the value's exact text, and a serde_json serializer writes a struct of that name
/// verbatim. It is the mechanism behind `serde_json::value::RawValue` (public behaviour of the
/// `raw_value` feature); `tests/exact_json.rs` checks it on every serde_json reader and writer.
pub(crate) const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// How deeply a [`JsonValue`] may nest, as serde_json's own reader allows: deeper input is an
/// error ("recursion limit exceeded") rather than a stack overflow.
pub const MAX_DEPTH: usize = 128;

/// A JSON value whose numbers keep their exact text and whose objects keep their key order. See
/// the [module docs](self).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum JsonValue {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(JsonNumber),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<JsonValue>),
    /// An object, in key order.
    Object(JsonObject),
}

/// A JSON number, held so that nothing is rounded: `0.1`, `-0`, `1e+400` and integers of any
/// length come back as they were written.
///
/// Integers that fit `i64` / `u64` (the common case: cents, counts) are held as such, without an
/// allocation; every other number as its text. Both print exactly as they were read, since JSON
/// allows one spelling of an integer (no leading zeros, no `+`), and `-0` is kept as text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JsonNumber(Repr);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Repr {
    Negative(i64),
    Positive(u64),
    Text(Box<str>),
}

/// A JSON object that keeps its keys in order. A repeated key keeps its first position and its
/// last value, as serde_json's ordered map does.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JsonObject(Map);

/// The map behind a [`JsonObject`]. Hashed with foldhash (seeded per process, as hashbrown's own
/// default) rather than std's SipHash: the crate builds a few dozen small maps per record, and
/// SipHash was a twentieth of a mapping run's time.
pub(crate) type Map = IndexMap<Key, JsonValue, foldhash::fast::RandomState>;

/// A key of a [`JsonObject`]: a field name the crate writes (a `&'static str`, as serde hands
/// every struct field's name over) is kept as it is; only keys read from input are allocated.
/// Most keys of a carried object are field names of Thredfi's wire types, and allocating each
/// was a third of the allocations of mapping a record.
pub(crate) type Key = Cow<'static, str>;

/// An empty [`Map`] with room for `capacity` keys.
pub(crate) fn map_with_capacity(capacity: usize) -> Map {
    Map::with_capacity_and_hasher(capacity, foldhash::fast::RandomState::default())
}

/// Text that is not one JSON value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a JSON value: {0}")]
pub struct JsonError(String);

impl JsonNumber {
    /// Checks `text` against JSON's number grammar and keeps it; `None` if it is not one number.
    pub fn from_text(text: &str) -> Option<Self> {
        if !is_json_number(text) {
            return None;
        }
        Some(Self::from_valid(text))
    }

    /// `text` is a valid JSON number.
    fn from_valid(text: &str) -> Self {
        if text != "-0" {
            if let Ok(value) = text.parse::<u64>() {
                return Self(Repr::Positive(value));
            }
            if let Ok(value) = text.parse::<i64>() {
                return Self(Repr::Negative(value));
            }
        }
        Self(Repr::Text(text.into()))
    }

    /// The value as `u64`, if it is a plain non-negative integer that fits.
    pub fn as_u64(&self) -> Option<u64> {
        match &self.0 {
            Repr::Positive(value) => Some(*value),
            Repr::Negative(_) | Repr::Text(_) => None,
        }
    }

    /// The value as `i64`, if it is a plain integer that fits (`-0` is not: its sign would be
    /// lost).
    pub fn as_i64(&self) -> Option<i64> {
        match &self.0 {
            Repr::Positive(value) => i64::try_from(*value).ok(),
            Repr::Negative(value) => Some(*value),
            Repr::Text(_) => None,
        }
    }

    /// The nearest `f64`, saturating to `±f64::MAX` beyond its range: a **lossy** view, for
    /// checks that need only the number's magnitude (schema validation of free-form data).
    pub fn to_f64_lossy(&self) -> f64 {
        saturated(self.nearest_f64())
    }

    /// [`to_f64_lossy`](Self::to_f64_lossy) of a valid JSON number's text.
    pub(crate) fn lossy_text_f64(text: &str) -> f64 {
        // A JSON number's text is always taken by `f64`'s parser.
        saturated(text.parse().unwrap_or(0.0))
    }

    /// The nearest `f64`, infinite beyond its range.
    fn nearest_f64(&self) -> f64 {
        match &self.0 {
            Repr::Positive(value) => *value as f64,
            Repr::Negative(value) => *value as f64,
            // The text is a JSON number, which `f64`'s parser always takes.
            Repr::Text(text) => text.parse().unwrap_or(0.0),
        }
    }
}

/// `value`, with the infinities replaced by `±f64::MAX`.
fn saturated(value: f64) -> f64 {
    if value.is_infinite() {
        f64::MAX.copysign(value)
    } else {
        value
    }
}

impl fmt::Display for JsonNumber {
    /// The number's exact text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Positive(value) => write!(f, "{value}"),
            Repr::Negative(value) => write!(f, "{value}"),
            Repr::Text(text) => f.write_str(text),
        }
    }
}

impl From<i64> for JsonNumber {
    fn from(value: i64) -> Self {
        match u64::try_from(value) {
            Ok(value) => Self(Repr::Positive(value)),
            Err(_) => Self(Repr::Negative(value)),
        }
    }
}

impl From<u64> for JsonNumber {
    fn from(value: u64) -> Self {
        Self(Repr::Positive(value))
    }
}

/// JSON's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
fn is_json_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = usize::from(bytes.first() == Some(&b'-'));
    let digits = |at: &mut usize| {
        let start = *at;
        while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        *at - start
    };
    match bytes.get(at) {
        Some(b'0') => at += 1,
        Some(b'1'..=b'9') => {
            digits(&mut at);
        }
        _ => return false,
    }
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        if digits(&mut at) == 0 {
            return false;
        }
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        if digits(&mut at) == 0 {
            return false;
        }
    }
    at == bytes.len()
}

impl std::str::FromStr for JsonValue {
    type Err = JsonError;

    /// As [`JsonValue::from_text`].
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::from_text(text)
    }
}

impl std::str::FromStr for JsonNumber {
    type Err = JsonError;

    /// As [`JsonNumber::from_text`], with an error for text that is not one JSON number.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::from_text(text).ok_or_else(|| JsonError(format!("{text:?} is not a JSON number")))
    }
}

impl JsonValue {
    /// Parses JSON text exactly.
    ///
    /// # Errors
    ///
    /// [`JsonError`] when `text` is not one JSON value, or nests deeper than [`MAX_DEPTH`].
    pub fn from_text(text: &str) -> Result<Self, JsonError> {
        serde_json::from_str(text).map_err(|error| JsonError(error.to_string()))
    }

    /// The value written as compact JSON text, exactly.
    pub fn to_text(&self) -> String {
        // Writing a tree of strings, numbers already checked against the grammar and ordered
        // maps into a `String` cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The JSON text of any serializable value, read back as a tree. Exact for the crate's own
    /// types (their numbers are written as text); `None` if `value` cannot be written as JSON.
    pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> Option<Self> {
        value.serialize(tree::TreeSerializer).ok()
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            JsonValue::String(text) => Some(text),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&JsonObject> {
        match self {
            JsonValue::Object(object) => Some(object),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, JsonValue::Null)
    }

    /// The member `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&JsonValue> {
        self.as_object().and_then(|object| object.get(key))
    }

    /// The JSON type's name with its article, for messages: `"a string"`, `"null"`, ...
    pub fn type_name(&self) -> &'static str {
        match self {
            JsonValue::Null => "null",
            JsonValue::Bool(_) => "a boolean",
            JsonValue::Number(_) => "a number",
            JsonValue::String(_) => "a string",
            JsonValue::Array(_) => "an array",
            JsonValue::Object(_) => "an object",
        }
    }

    /// A **lossy** `serde_json::Value` of this value, for the schema validator: numbers become
    /// the nearest `f64` (saturating), keys lose their order. Never use it for output.
    pub fn to_serde_lossy(&self) -> serde_json::Value {
        match self {
            JsonValue::Null => serde_json::Value::Null,
            JsonValue::Bool(flag) => serde_json::Value::Bool(*flag),
            JsonValue::Number(number) => serde_json::Value::Number(
                number
                    .as_u64()
                    .map(serde_json::Number::from)
                    .or_else(|| number.as_i64().map(serde_json::Number::from))
                    .or_else(|| serde_json::Number::from_f64(number.to_f64_lossy()))
                    .unwrap_or_else(|| serde_json::Number::from(0)),
            ),
            JsonValue::String(text) => serde_json::Value::String(text.clone()),
            JsonValue::Array(items) => {
                serde_json::Value::Array(items.iter().map(JsonValue::to_serde_lossy).collect())
            }
            JsonValue::Object(object) => serde_json::Value::Object(
                object
                    .iter()
                    .map(|(key, value)| (key.to_owned(), value.to_serde_lossy()))
                    .collect(),
            ),
        }
    }
}

impl From<String> for JsonValue {
    fn from(text: String) -> Self {
        JsonValue::String(text)
    }
}

impl From<&str> for JsonValue {
    fn from(text: &str) -> Self {
        JsonValue::String(text.to_owned())
    }
}

impl From<i64> for JsonValue {
    fn from(value: i64) -> Self {
        JsonValue::Number(value.into())
    }
}

impl From<bool> for JsonValue {
    fn from(value: bool) -> Self {
        JsonValue::Bool(value)
    }
}

impl From<JsonObject> for JsonValue {
    fn from(object: JsonObject) -> Self {
        JsonValue::Object(object)
    }
}

impl From<Vec<JsonValue>> for JsonValue {
    fn from(items: Vec<JsonValue>) -> Self {
        JsonValue::Array(items)
    }
}

impl JsonObject {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when the object has no keys.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&JsonValue> {
        self.0.get(key)
    }

    /// The value of `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut JsonValue> {
        self.0.get_mut(key)
    }

    /// True when the object has `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// Makes room for `additional` more keys.
    pub fn reserve(&mut self, additional: usize) {
        self.0.reserve(additional);
    }

    /// Sets `key`; an existing key keeps its position. Returns the value it replaced.
    pub fn insert(&mut self, key: String, value: JsonValue) -> Option<JsonValue> {
        self.0.insert(Cow::Owned(key), value)
    }

    /// [`insert`](Self::insert) for a name known at compile time, without allocating it.
    pub(crate) fn insert_static(&mut self, key: &'static str, value: JsonValue) {
        self.0.insert(Cow::Borrowed(key), value);
    }

    /// Removes `key`, keeping the order of the others.
    pub fn remove(&mut self, key: &str) -> Option<JsonValue> {
        self.0.shift_remove(key)
    }

    /// The value of `key`, inserting `default()` at the end first if it is missing.
    pub fn get_or_insert_with(
        &mut self,
        key: &str,
        default: impl FnOnce() -> JsonValue,
    ) -> &mut JsonValue {
        self.0
            .entry(Cow::Owned(key.to_owned()))
            .or_insert_with(default)
    }

    /// The keys and values, in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.0.iter())
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> {
        self.0.keys().map(|key| &**key)
    }

    /// The values, in key order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &JsonValue> {
        self.0.values()
    }
}

impl FromIterator<(String, JsonValue)> for JsonObject {
    fn from_iter<I: IntoIterator<Item = (String, JsonValue)>>(items: I) -> Self {
        Self(
            items
                .into_iter()
                .map(|(key, value)| (Cow::Owned(key), value))
                .collect(),
        )
    }
}

/// The keys and values of a [`JsonObject`], in order ([`JsonObject::iter`]).
#[derive(Debug, Clone)]
pub struct Iter<'a>(indexmap::map::Iter<'a, Key, JsonValue>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a JsonValue);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(key, value)| (&**key, value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(key, value)| (&**key, value))
    }
}

/// The keys and values of a [`JsonObject`], in order, owned (`JsonObject::into_iter`).
#[derive(Debug)]
pub struct IntoIter(indexmap::map::IntoIter<Key, JsonValue>);

impl Iterator for IntoIter {
    type Item = (String, JsonValue);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(key, value)| (key.into_owned(), value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for IntoIter {}

impl DoubleEndedIterator for IntoIter {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0
            .next_back()
            .map(|(key, value)| (key.into_owned(), value))
    }
}

impl IntoIterator for JsonObject {
    type Item = (String, JsonValue);
    type IntoIter = IntoIter;

    fn into_iter(self) -> IntoIter {
        IntoIter(self.0.into_iter())
    }
}

impl<'a> IntoIterator for &'a JsonObject {
    type Item = (&'a str, &'a JsonValue);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// Writes `text` (which must be valid JSON) verbatim through a serde_json serializer.
pub(crate) fn serialize_raw<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    let mut raw = serializer.serialize_struct(RAW_TOKEN, 1)?;
    raw.serialize_field(RAW_TOKEN, text)?;
    raw.end()
}

impl Serialize for JsonNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Repr::Positive(value) => serializer.serialize_u64(*value),
            Repr::Negative(value) => serializer.serialize_i64(*value),
            Repr::Text(text) => serialize_raw(text, serializer),
        }
    }
}

impl Serialize for JsonValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            JsonValue::Null => serializer.serialize_unit(),
            JsonValue::Bool(flag) => serializer.serialize_bool(*flag),
            JsonValue::Number(number) => number.serialize(serializer),
            JsonValue::String(text) => serializer.serialize_str(text),
            JsonValue::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            JsonValue::Object(object) => object.serialize(serializer),
        }
    }
}

impl Serialize for JsonObject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// A type read from a JSON value's exact text.
///
/// serde_json hands that text over when asked for its raw-value newtype. Any other deserializer
/// (another format, or serde's buffering behind a user's `#[serde(untagged)]`) answers with a
/// plain newtype, and [`FromRaw::from_data`] reads what it gives through serde's data model:
/// as exact as that format is, and refused where exactness cannot be shown.
pub(crate) trait FromRaw: Sized {
    /// What the value must be, for error messages.
    const EXPECTING: &'static str;
    /// Reads the value from its JSON text.
    fn from_text(text: &str) -> Result<Self, String>;
    /// Reads the value from a deserializer that cannot give the text.
    fn from_data<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// Deserializes a [`FromRaw`] type through serde_json's raw-value protocol.
pub(crate) fn deserialize_raw<'de, D: Deserializer<'de>, T: FromRaw>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_newtype_struct(RAW_TOKEN, RawVisitor(std::marker::PhantomData))
}

struct RawVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: FromRaw> Visitor<'de> for RawVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        // serde_json's raw-value protocol: one entry, keyed by the token, whose value is the
        // text (borrowed from the input when it can be, else a transient copy).
        let key: Option<RawKey> = map.next_key()?;
        if key.is_none() {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        }
        map.next_value_seed(TextSeed(std::marker::PhantomData))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::from_data(deserializer)
    }
}

struct RawKey;

impl<'de> Deserialize<'de> for RawKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = RawKey;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("serde_json's raw value")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<RawKey, E> {
                if key == RAW_TOKEN {
                    Ok(RawKey)
                } else {
                    Err(de::Error::invalid_value(de::Unexpected::Str(key), &self))
                }
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct TextSeed<T>(std::marker::PhantomData<T>);

impl<'de, T: FromRaw> DeserializeSeed<'de> for TextSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<T: FromRaw> Visitor<'_> for TextSeed<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("the raw text of a JSON value")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        T::from_text(text).map_err(E::custom)
    }
}

impl FromRaw for JsonValue {
    const EXPECTING: &'static str = "any JSON value";

    fn from_text(text: &str) -> Result<Self, String> {
        parse_whole(text, MAX_DEPTH)
    }

    fn from_data<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DataVisitor)
    }
}

/// Builds a [`JsonValue`] from serde's data model, for deserializers other than serde_json's.
struct DataVisitor;

impl<'de> Visitor<'de> for DataVisitor {
    type Value = JsonValue;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<JsonValue, E> {
        Ok(JsonValue::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<JsonValue, E> {
        Ok(value.into())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<JsonValue, E> {
        Ok(JsonValue::Number(value.into()))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<JsonValue, E> {
        Ok(JsonValue::Number(JsonNumber::from_valid(
            &value.to_string(),
        )))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<JsonValue, E> {
        Ok(JsonValue::Number(JsonNumber::from_valid(
            &value.to_string(),
        )))
    }

    // The float's shortest rendering is the text that reads back as this very float.
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<JsonValue, E> {
        if !value.is_finite() {
            return Err(de::Error::invalid_value(
                de::Unexpected::Float(value),
                &self,
            ));
        }
        let text = format!("{value:?}");
        JsonNumber::from_text(&text)
            .map(JsonValue::Number)
            .ok_or_else(|| de::Error::invalid_value(de::Unexpected::Float(value), &self))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<JsonValue, E> {
        Ok(JsonValue::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<JsonValue, E> {
        Ok(JsonValue::String(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<JsonValue, E> {
        Ok(JsonValue::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<JsonValue, E> {
        Ok(JsonValue::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<JsonValue, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<JsonValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(DataSeed)? {
            items.push(item);
        }
        Ok(JsonValue::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonValue, A::Error> {
        let mut object = map_with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(key) = map.next_key::<String>()? {
            object.insert(Cow::Owned(key), map.next_value_seed(DataSeed)?);
        }
        Ok(JsonValue::Object(JsonObject(object)))
    }
}

struct DataSeed;

impl<'de> DeserializeSeed<'de> for DataSeed {
    type Value = JsonValue;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<JsonValue, D::Error> {
        deserializer.deserialize_any(DataVisitor)
    }
}

impl<'de> Deserialize<'de> for JsonValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_raw(deserializer)
    }
}

impl<'de> Deserialize<'de> for JsonObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Member by member, so an error deep inside names its key in the path.
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = JsonObject;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonObject, A::Error> {
                let mut object = map_with_capacity(map.size_hint().unwrap_or(0).min(64));
                while let Some(key) = map.next_key::<String>()? {
                    let value: JsonValue = map.next_value()?;
                    object.insert(Cow::Owned(key), value);
                }
                Ok(JsonObject(object))
            }
        }
        deserializer.deserialize_map(ObjectVisitor)
    }
}

impl FromRaw for JsonNumber {
    const EXPECTING: &'static str = "a JSON number";

    fn from_text(text: &str) -> Result<Self, String> {
        JsonNumber::from_text(text).ok_or_else(|| format!("expected a JSON number, found {text}"))
    }

    fn from_data<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match JsonValue::from_data(deserializer)? {
            JsonValue::Number(number) => Ok(number),
            other => Err(de::Error::custom(format!(
                "expected a JSON number, found {}",
                other.type_name()
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for JsonNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_raw(deserializer)
    }
}

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

impl JsonSchema for JsonValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AnyValue".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        true.into()
    }
}

impl JsonSchema for JsonObject {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Map_of_AnyValue".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "object", "additionalProperties": true })
    }
}

/// JSON text read exactly, for the schema validator: nesting up to twice [`MAX_DEPTH`], since the
/// crate's own output nests a few levels around each carried value (`custom_mappings.metadata`),
/// which is itself at most [`MAX_DEPTH`] deep. `None` for text that is not JSON.
pub(crate) fn exact_for_validation(text: &str) -> Option<JsonValue> {
    parse_whole(text, MAX_DEPTH * 2).ok()
}

/// `text` as exactly one JSON value nested at most `limit` deep, read straight into a tree
/// ([`direct`]); text that reader does not accept is read onto a [`Tape`] (the crate's reader of
/// JSON text), whose refusal says why. The input has usually passed serde_json's reader as a raw
/// value already, but both readers still refuse anything that is not JSON, so a bug elsewhere
/// can never turn into a wrong value.
fn parse_whole(text: &str, limit: usize) -> Result<JsonValue, String> {
    match direct::tree(text, limit) {
        Some(tree) => Ok(tree),
        None => tape::with_parsed(text, limit, |tape| tape.tree()),
    }
}
