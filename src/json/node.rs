//! [`JsonValue`] as an instance representation of the `jsonschema` validator.
//!
//! The validator is generic over how a document is held (`jsonschema::json`). Giving it the
//! crate's own tree means an output is checked exactly as it is written: every number with its
//! own digits, no `serde_json::Value` (whose maps would be rebuilt and whose numbers would be
//! `f64`) built only to be checked.

use std::borrow::Cow;

use jsonschema::JsonType;
use jsonschema::json::{Array, Json, JsonNumber as NumberView, Node, NodeIdentity, Object};

use super::{JsonNumber, JsonObject, JsonValue, Repr};

/// The representation: nodes are `&JsonValue`.
pub(crate) struct ExactJson;

impl Json for ExactJson {
    type Node<'a> = &'a JsonValue;
    type PreparedKey = String;
    type StringBuffer = JsonValue;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>(
        buffer: &mut JsonValue,
        string: &str,
        f: impl FnOnce(&JsonValue) -> T,
    ) -> T {
        if let JsonValue::String(existing) = buffer {
            existing.clear();
            existing.push_str(string);
        } else {
            *buffer = JsonValue::String(string.to_owned());
        }
        f(buffer)
    }
}

impl<'a> Node<'a, ExactJson> for &'a JsonValue {
    type Object = &'a JsonObject;
    type Array = &'a [JsonValue];
    type Number = &'a JsonNumber;

    fn as_object(&self) -> Option<&'a JsonObject> {
        match self {
            JsonValue::Object(object) => Some(object),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&'a [JsonValue]> {
        match self {
            JsonValue::Array(items) => Some(items),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match self {
            JsonValue::String(text) => Some(Cow::Borrowed(text)),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<&'a JsonNumber> {
        match self {
            JsonValue::Number(number) => Some(number),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self {
            JsonValue::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self, JsonValue::Null)
    }

    fn json_type(&self) -> JsonType {
        match self {
            JsonValue::Null => JsonType::Null,
            JsonValue::Bool(_) => JsonType::Boolean,
            JsonValue::Number(_) => JsonType::Number,
            JsonValue::String(_) => JsonType::String,
            JsonValue::Array(_) => JsonType::Array,
            JsonValue::Object(_) => JsonType::Object,
        }
    }

    // Cold: errors, annotations, `const` / `enum` / `uniqueItems`.
    fn to_value(&self) -> Cow<'a, serde_json::Value> {
        Cow::Owned(self.to_serde_lossy())
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(
            std::ptr::from_ref::<JsonValue>(self) as usize
        ))
    }
}

impl NumberView for &JsonNumber {
    fn as_u64(&self) -> Option<u64> {
        JsonNumber::as_u64(self)
    }

    fn as_i64(&self) -> Option<i64> {
        JsonNumber::as_i64(self)
    }

    fn as_f64(&self) -> Option<f64> {
        let value = self.nearest_f64();
        value.is_finite().then_some(value)
    }

    fn as_str(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Text(text) => Cow::Borrowed(text),
            Repr::Positive(_) | Repr::Negative(_) => Cow::Owned(self.to_string()),
        }
    }

    fn to_number(&self) -> Cow<'_, serde_json::Number> {
        Cow::Owned(match &self.0 {
            Repr::Positive(value) => serde_json::Number::from(*value),
            Repr::Negative(value) => serde_json::Number::from(*value),
            Repr::Text(_) => serde_json::Number::from_f64(self.to_f64_lossy())
                .unwrap_or_else(|| serde_json::Number::from(0)),
        })
    }

    fn is_integer(&self) -> bool {
        match &self.0 {
            Repr::Positive(_) | Repr::Negative(_) => true,
            Repr::Text(text) => NumberText(text).is_whole(),
        }
    }

    fn is_written_as_integer(&self) -> bool {
        match &self.0 {
            Repr::Positive(_) | Repr::Negative(_) => true,
            Repr::Text(text) => NumberText(text).is_written_as_integer(),
        }
    }
}

/// A valid JSON number's text, read exactly as a [`JsonNumber`] holding it reads: what the
/// validator sees of a number on a [`Tape`](super::tape::Tape), where it is never copied.
#[derive(Clone, Copy)]
pub(crate) struct NumberText<'a>(pub(crate) &'a str);

impl NumberText<'_> {
    /// As [`JsonNumber::from_valid`] decides: a plain integer that fits is held as one.
    fn held(&self) -> Option<JsonNumber> {
        if self.0.contains(['.', 'e', 'E']) {
            return None;
        }
        let number = JsonNumber::from_valid(self.0);
        matches!(number.0, Repr::Positive(_) | Repr::Negative(_)).then_some(number)
    }

    /// `-0`, `1.0`, `1e2`, integers beyond 64 bits: whole when the fraction is zero.
    fn is_whole(&self) -> bool {
        match crate::money::parse_exact_decimal(self.0) {
            Some(decimal) => decimal.fract().is_zero(),
            None => JsonNumber::lossy_text_f64(self.0).fract() == 0.0,
        }
    }
}

impl NumberView for NumberText<'_> {
    fn as_u64(&self) -> Option<u64> {
        self.held().and_then(|number| number.as_u64())
    }

    fn as_i64(&self) -> Option<i64> {
        self.held().and_then(|number| number.as_i64())
    }

    fn as_f64(&self) -> Option<f64> {
        let value: f64 = self.0.parse().unwrap_or(0.0);
        value.is_finite().then_some(value)
    }

    fn as_str(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.0)
    }

    fn to_number(&self) -> Cow<'_, serde_json::Number> {
        match self.held() {
            Some(number) => Cow::Owned((&number).to_number().into_owned()),
            None => Cow::Owned(
                serde_json::Number::from_f64(JsonNumber::lossy_text_f64(self.0))
                    .unwrap_or_else(|| serde_json::Number::from(0)),
            ),
        }
    }

    fn is_integer(&self) -> bool {
        self.held().is_some() || self.is_whole()
    }

    fn is_written_as_integer(&self) -> bool {
        !self.0.contains(['.', 'e', 'E'])
    }
}

impl<'a> Object<'a, ExactJson> for &'a JsonObject {
    type Node = &'a JsonValue;
    type MemberName = &'a str;
    type MembersIter = super::Iter<'a>;

    fn len(&self) -> usize {
        self.0.len()
    }

    fn get(&self, key: &String) -> Option<&'a JsonValue> {
        self.0.get(key.as_str())
    }

    fn members(&self) -> super::Iter<'a> {
        self.iter()
    }
}

impl<'a> Array<'a, ExactJson> for &'a [JsonValue] {
    type Node = &'a JsonValue;
    type ElementsIter = std::slice::Iter<'a, JsonValue>;

    fn len(&self) -> usize {
        <[JsonValue]>::len(self)
    }

    fn elements(&self) -> std::slice::Iter<'a, JsonValue> {
        self.iter()
    }
}
