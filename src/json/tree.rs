//! Serializing straight into a [`JsonValue`], without writing text and parsing it again.
//!
//! The mappers carry many small wire values (ids, amounts, timestamps, whole payment records)
//! into `custom_mappings`. Going through text would cost a buffer and a parse per value; this
//! serializer builds the tree directly. Numbers the crate writes as raw text ([`JsonDecimal`],
//! free-form numbers) arrive as serde_json's raw-value struct and are read from that text, so the
//! tree is exactly what serde_json's writer would have written.
//!
//! [`JsonDecimal`]: crate::money::JsonDecimal

use std::borrow::Cow;
use std::fmt;

use serde::ser::{self, Serialize};

use super::{FromRaw, JsonNumber, JsonObject, JsonValue, Map, RAW_TOKEN, map_with_capacity};

/// Why a value could not be turned into a tree (a map key that is not a string or a number, or a
/// raw value that is not JSON).
#[derive(Debug)]
pub(crate) struct TreeError(String);

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TreeError {}

impl ser::Error for TreeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        TreeError(message.to_string())
    }
}

/// The serializer; `value.serialize(TreeSerializer)` gives the tree.
pub(crate) struct TreeSerializer;

fn number(value: impl Into<JsonNumber>) -> JsonValue {
    JsonValue::Number(value.into())
}

fn text_number(text: &str) -> JsonValue {
    JsonNumber::from_text(text).map_or(JsonValue::Null, JsonValue::Number)
}

fn float(value: f64) -> JsonValue {
    // As serde_json's writer: a float that is not finite is `null`.
    if value.is_finite() {
        text_number(&format!("{value:?}"))
    } else {
        JsonValue::Null
    }
}

fn single(key: &'static str, value: JsonValue) -> JsonValue {
    let mut object = map_with_capacity(1);
    object.insert(Cow::Borrowed(key), value);
    JsonValue::Object(JsonObject(object))
}

impl ser::Serializer for TreeSerializer {
    type Ok = JsonValue;
    type Error = TreeError;
    type SerializeSeq = SeqBuilder;
    type SerializeTuple = SeqBuilder;
    type SerializeTupleStruct = SeqBuilder;
    type SerializeTupleVariant = SeqBuilder;
    type SerializeMap = MapBuilder;
    type SerializeStruct = StructBuilder;
    type SerializeStructVariant = MapBuilder;

    fn serialize_bool(self, value: bool) -> Result<JsonValue, TreeError> {
        Ok(JsonValue::Bool(value))
    }
    fn serialize_i8(self, value: i8) -> Result<JsonValue, TreeError> {
        Ok(number(i64::from(value)))
    }
    fn serialize_i16(self, value: i16) -> Result<JsonValue, TreeError> {
        Ok(number(i64::from(value)))
    }
    fn serialize_i32(self, value: i32) -> Result<JsonValue, TreeError> {
        Ok(number(i64::from(value)))
    }
    fn serialize_i64(self, value: i64) -> Result<JsonValue, TreeError> {
        Ok(number(value))
    }
    fn serialize_i128(self, value: i128) -> Result<JsonValue, TreeError> {
        Ok(text_number(&value.to_string()))
    }
    fn serialize_u8(self, value: u8) -> Result<JsonValue, TreeError> {
        Ok(number(u64::from(value)))
    }
    fn serialize_u16(self, value: u16) -> Result<JsonValue, TreeError> {
        Ok(number(u64::from(value)))
    }
    fn serialize_u32(self, value: u32) -> Result<JsonValue, TreeError> {
        Ok(number(u64::from(value)))
    }
    fn serialize_u64(self, value: u64) -> Result<JsonValue, TreeError> {
        Ok(number(value))
    }
    fn serialize_u128(self, value: u128) -> Result<JsonValue, TreeError> {
        Ok(text_number(&value.to_string()))
    }
    fn serialize_f32(self, value: f32) -> Result<JsonValue, TreeError> {
        Ok(float(f64::from(value)))
    }
    fn serialize_f64(self, value: f64) -> Result<JsonValue, TreeError> {
        Ok(float(value))
    }
    fn serialize_char(self, value: char) -> Result<JsonValue, TreeError> {
        Ok(JsonValue::String(value.to_string()))
    }
    fn serialize_str(self, value: &str) -> Result<JsonValue, TreeError> {
        Ok(JsonValue::String(value.to_owned()))
    }
    fn serialize_bytes(self, value: &[u8]) -> Result<JsonValue, TreeError> {
        Ok(JsonValue::Array(
            value.iter().map(|byte| number(u64::from(*byte))).collect(),
        ))
    }
    fn serialize_none(self) -> Result<JsonValue, TreeError> {
        Ok(JsonValue::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<JsonValue, TreeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<JsonValue, TreeError> {
        Ok(JsonValue::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<JsonValue, TreeError> {
        Ok(JsonValue::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<JsonValue, TreeError> {
        Ok(JsonValue::String(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<JsonValue, TreeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<JsonValue, TreeError> {
        Ok(single(variant, value.serialize(self)?))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder, TreeError> {
        Ok(SeqBuilder {
            items: Vec::with_capacity(len.unwrap_or(0).min(1024)),
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder, TreeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<SeqBuilder, TreeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SeqBuilder, TreeError> {
        let mut builder = self.serialize_seq(Some(len))?;
        builder.variant = Some(variant);
        Ok(builder)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapBuilder, TreeError> {
        Ok(MapBuilder {
            object: map_with_capacity(len.unwrap_or(0).min(1024)),
            key: None,
            variant: None,
        })
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<StructBuilder, TreeError> {
        if name == RAW_TOKEN {
            return Ok(StructBuilder::Raw(None));
        }
        Ok(StructBuilder::Object(map_with_capacity(len)))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<MapBuilder, TreeError> {
        let mut builder = self.serialize_map(Some(len))?;
        builder.variant = Some(variant);
        Ok(builder)
    }
}

/// An array under construction (and, for a tuple variant, the variant that wraps it).
pub(crate) struct SeqBuilder {
    items: Vec<JsonValue>,
    variant: Option<&'static str>,
}

impl SeqBuilder {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        self.items.push(value.serialize(TreeSerializer)?);
        Ok(())
    }

    fn finish(self) -> JsonValue {
        let array = JsonValue::Array(self.items);
        match self.variant {
            Some(variant) => single(variant, array),
            None => array,
        }
    }
}

impl ser::SerializeSeq for SeqBuilder {
    type Ok = JsonValue;
    type Error = TreeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        self.push(value)
    }
    fn end(self) -> Result<JsonValue, TreeError> {
        Ok(self.finish())
    }
}

impl ser::SerializeTuple for SeqBuilder {
    type Ok = JsonValue;
    type Error = TreeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        self.push(value)
    }
    fn end(self) -> Result<JsonValue, TreeError> {
        Ok(self.finish())
    }
}

impl ser::SerializeTupleStruct for SeqBuilder {
    type Ok = JsonValue;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        self.push(value)
    }
    fn end(self) -> Result<JsonValue, TreeError> {
        Ok(self.finish())
    }
}

impl ser::SerializeTupleVariant for SeqBuilder {
    type Ok = JsonValue;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        self.push(value)
    }
    fn end(self) -> Result<JsonValue, TreeError> {
        Ok(self.finish())
    }
}

/// An object under construction from a map (or a struct variant).
pub(crate) struct MapBuilder {
    object: Map,
    key: Option<String>,
    variant: Option<&'static str>,
}

impl MapBuilder {
    fn finish(self) -> JsonValue {
        let object = JsonValue::Object(JsonObject(self.object));
        match self.variant {
            Some(variant) => single(variant, object),
            None => object,
        }
    }
}

impl ser::SerializeMap for MapBuilder {
    type Ok = JsonValue;
    type Error = TreeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), TreeError> {
        self.key = Some(match key.serialize(TreeSerializer)? {
            JsonValue::String(text) => text,
            // serde_json writes number keys as their text; so does this.
            JsonValue::Number(number) => number.to_string(),
            JsonValue::Bool(flag) => flag.to_string(),
            other => {
                return Err(TreeError(format!(
                    "a map key must be a string, found {}",
                    other.type_name()
                )));
            }
        });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| TreeError("a map value without its key".into()))?;
        self.object
            .insert(Cow::Owned(key), value.serialize(TreeSerializer)?);
        Ok(())
    }
    fn end(self) -> Result<JsonValue, TreeError> {
        Ok(self.finish())
    }
}

impl ser::SerializeStructVariant for MapBuilder {
    type Ok = JsonValue;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), TreeError> {
        self.object
            .insert(Cow::Borrowed(key), value.serialize(TreeSerializer)?);
        Ok(())
    }
    fn end(self) -> Result<JsonValue, TreeError> {
        Ok(self.finish())
    }
}

/// A struct under construction, or serde_json's raw-value struct, whose one field is JSON text.
pub(crate) enum StructBuilder {
    Object(Map),
    Raw(Option<JsonValue>),
}

impl ser::SerializeStruct for StructBuilder {
    type Ok = JsonValue;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), TreeError> {
        match self {
            StructBuilder::Object(object) => {
                object.insert(Cow::Borrowed(key), value.serialize(TreeSerializer)?);
            }
            StructBuilder::Raw(slot) => {
                let JsonValue::String(text) = value.serialize(TreeSerializer)? else {
                    return Err(TreeError("a raw JSON value that is not text".into()));
                };
                *slot = Some(<JsonValue as FromRaw>::from_text(&text).map_err(TreeError)?);
            }
        }
        Ok(())
    }
    fn end(self) -> Result<JsonValue, TreeError> {
        match self {
            StructBuilder::Object(object) => Ok(JsonValue::Object(JsonObject(object))),
            StructBuilder::Raw(value) => {
                value.ok_or_else(|| TreeError("an empty raw JSON value".into()))
            }
        }
    }
}
