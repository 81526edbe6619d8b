//! Whether a value holds information, asked of its serialization without building anything.
//!
//! The answer is the one the value's JSON tree would give ([`tree_holds_information`]):
//! `null`, `""`, and arrays and objects made only of such values say nothing; numbers and
//! booleans do. Reading it off the serializer calls instead of building the tree first matters
//! because the question is asked of every field of every unified refund mapped back to a
//! provider, `custom_mappings` included, which holds most of a record.

use std::fmt;

use serde::Serialize;
use serde::ser;

use crate::json::JsonValue;

/// Whether a field's value says anything: not `null`, `""`, `[]` or `{}`, and not an array or
/// object made only of such values. A value that cannot be serialized counts as holding
/// information.
///
/// Apideck's responses spell out every field, most of them empty (`"line_items": []`, an address
/// `{"id": null, "line1": null, ...}`); a "not carried" warning for each of those would drown the
/// one that matters, so only fields that hold information are reported.
pub(crate) fn holds_information<T: Serialize + ?Sized>(value: &T) -> bool {
    value.serialize(Probe).unwrap_or(true)
}

/// The same question asked of a tree (for a raw value's text, read as JSON).
fn tree_holds_information(value: &JsonValue) -> bool {
    match value {
        JsonValue::Null => false,
        JsonValue::String(text) => !text.is_empty(),
        JsonValue::Bool(_) | JsonValue::Number(_) => true,
        JsonValue::Array(items) => items.iter().any(tree_holds_information),
        JsonValue::Object(map) => map.values().any(tree_holds_information),
    }
}

/// The serializer that answers.
struct Probe;

/// Whether any child said something (an array's elements, an object's or struct's values).
struct Any(bool);

type Result<T = bool> = std::result::Result<T, fmt::Error>;

/// Serializer methods whose answer is `true` whatever the value.
macro_rules! answers_true {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(
            fn $method(self, _: $ty) -> Result {
                Ok(true)
            }
        )*
    };
}

impl ser::Serializer for Probe {
    type Ok = bool;
    type Error = fmt::Error;
    type SerializeSeq = Any;
    type SerializeTuple = Any;
    type SerializeTupleStruct = Any;
    type SerializeTupleVariant = Any;
    type SerializeMap = Any;
    type SerializeStruct = Raw;
    type SerializeStructVariant = Any;

    // Numbers and booleans always say something.
    answers_true! {
        serialize_bool: bool, serialize_char: char,
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128,
    }

    // A float that is not finite is written as `null`.
    fn serialize_f32(self, value: f32) -> Result {
        Ok(value.is_finite())
    }
    fn serialize_f64(self, value: f64) -> Result {
        Ok(value.is_finite())
    }
    fn serialize_str(self, value: &str) -> Result {
        Ok(!value.is_empty())
    }
    // Bytes are written as an array of numbers.
    fn serialize_bytes(self, value: &[u8]) -> Result {
        Ok(!value.is_empty())
    }
    fn serialize_none(self) -> Result {
        Ok(false)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        Ok(false)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        Ok(false)
    }
    // A unit variant is its name, a string.
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        Ok(!variant.is_empty())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    // `{"variant": value}`: an object whose one value is `value`.
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Any> {
        Ok(Any(false))
    }
    fn serialize_tuple(self, _: usize) -> Result<Any> {
        Ok(Any(false))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Any> {
        Ok(Any(false))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Any> {
        Ok(Any(false))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Any> {
        Ok(Any(false))
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Raw> {
        Ok(if name == crate::json::RAW_TOKEN {
            Raw::Text(false)
        } else {
            Raw::Struct(Any(false))
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Any> {
        Ok(Any(false))
    }
}

impl Any {
    fn add<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        // Once something is said, the rest need not be asked.
        if !self.0 {
            self.0 = value.serialize(Probe)?;
        }
        Ok(())
    }
}

macro_rules! elements {
    ($($trait:ident :: $method:ident),* $(,)?) => {
        $(
            impl ser::$trait for Any {
                type Ok = bool;
                type Error = fmt::Error;

                fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
                    self.add(value)
                }

                fn end(self) -> Result {
                    Ok(self.0)
                }
            }
        )*
    };
}

elements! {
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
}

impl ser::SerializeMap for Any {
    type Ok = bool;
    type Error = fmt::Error;

    // Keys say nothing: an object holds information through its values.
    fn serialize_key<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<()> {
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.add(value)
    }

    fn end(self) -> Result {
        Ok(self.0)
    }
}

impl ser::SerializeStructVariant for Any {
    type Ok = bool;
    type Error = fmt::Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &'static str, value: &T) -> Result<()> {
        self.add(value)
    }

    fn end(self) -> Result {
        Ok(self.0)
    }
}

/// A struct, or serde_json's raw value: exact JSON text (a number written with its own digits),
/// which says what its value says.
enum Raw {
    Struct(Any),
    Text(bool),
}

impl ser::SerializeStruct for Raw {
    type Ok = bool;
    type Error = fmt::Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &'static str, value: &T) -> Result<()> {
        match self {
            Raw::Struct(any) => any.add(value),
            Raw::Text(says) => {
                // The text, through serde's `Display`-writing serializer (a `str` is written as
                // it is), read as JSON.
                let text = Text(value).to_string();
                *says = JsonValue::from_text(&text)
                    .map(|value| tree_holds_information(&value))
                    .map_err(|_| fmt::Error)?;
                Ok(())
            }
        }
    }

    fn end(self) -> Result {
        Ok(match self {
            Raw::Struct(any) => any.0,
            Raw::Text(says) => says,
        })
    }
}

/// A value written by serde's serializer for `fmt::Formatter`: a `str` as it is.
struct Text<'a, T: ?Sized>(&'a T);

impl<T: Serialize + ?Sized> fmt::Display for Text<'_, T> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.serialize(formatter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The answer of the tree the value serializes to: what this module replaces.
    fn tree_says<T: Serialize + ?Sized>(value: &T) -> bool {
        JsonValue::from_serialize(value).is_none_or(|tree| tree_holds_information(&tree))
    }

    #[track_caller]
    fn agree<T: Serialize + ?Sized + fmt::Debug>(value: &T) {
        assert_eq!(holds_information(value), tree_says(value), "{value:?}");
    }

    fn every_value(value: &JsonValue, found: &mut Vec<JsonValue>) {
        found.push(value.clone());
        match value {
            JsonValue::Array(items) => items.iter().for_each(|item| every_value(item, found)),
            JsonValue::Object(map) => map.values().for_each(|item| every_value(item, found)),
            _ => {}
        }
    }

    fn fixture_files(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                fixture_files(&path, found);
            } else if path.extension().is_some_and(|ext| ext == "json") {
                found.push(path);
            }
        }
    }

    #[test]
    fn the_answer_is_the_trees_on_every_shape() {
        let texts = [
            "null",
            "\"\"",
            "\"x\"",
            "0",
            "-0",
            "1e400",
            "false",
            "true",
            "[]",
            "{}",
            "[null,\"\",[],{}]",
            "{\"a\":null,\"b\":\"\",\"c\":{\"d\":[]}}",
            "[[[0]]]",
            "{\"a\":{\"b\":{\"c\":false}}}",
            "[\"\",\"\",\"y\"]",
        ];
        for text in texts {
            agree(&JsonValue::from_text(text).unwrap());
        }
        // Typed shapes: options, floats, bytes, enums, maps with number keys, raw numbers.
        #[derive(Debug, Serialize)]
        enum Shape {
            Unit,
            Newtype(Option<u8>),
            Tuple(String, Option<bool>),
            Struct { a: Option<String>, b: Vec<()> },
        }
        agree(&[Shape::Unit]);
        agree(&Shape::Newtype(None));
        agree(&Shape::Newtype(Some(0)));
        agree(&Shape::Tuple(String::new(), None));
        agree(&Shape::Struct {
            a: Some(String::new()),
            b: vec![(), ()],
        });
        agree(&Shape::Struct {
            a: Some("x".into()),
            b: vec![],
        });
        agree(&(f64::NAN, None::<u8>));
        agree(&[f64::INFINITY]);
        agree(&[0.5_f32]);
        agree(&std::collections::BTreeMap::from([(1, ""), (2, "")]));
        agree(&std::collections::BTreeMap::from([(1, ""), (2, "z")]));
        agree(&crate::money::JsonDecimal::from(
            rust_decimal::Decimal::new(0, 2),
        ));
        agree(&Some(crate::Nullable::<String>::Null));
    }

    #[test]
    fn the_answer_is_the_trees_on_every_fixture_value_and_refund_field() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut files = Vec::new();
        fixture_files(&root, &mut files);
        let mut values = Vec::new();
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap();
            if let Ok(value) = JsonValue::from_text(&text) {
                every_value(&value, &mut values);
            }
            if let Ok(refund) = serde_json::from_str::<crate::unified::Refund>(&text) {
                agree(&refund);
                agree(&refund.customer);
                agree(&refund.total_amount);
                agree(&refund.allocations);
                agree(&refund.line_items);
                agree(&refund.billing_address);
                agree(&refund.custom_mappings);
                agree(&refund.pass_through);
                agree(&refund.tracking_categories);
            }
        }
        assert!(values.len() > 1000, "{} values", values.len());
        values.iter().for_each(agree);
    }
}
