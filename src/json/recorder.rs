//! Writing a document and its [`Tape`] in one pass.
//!
//! Every output the crate hands out is written as compact JSON and then validated. Reading the
//! freshly written text onto a tape would scan every byte a second time; instead, the tape is
//! recorded while the text is written, by a serde serializer of the crate's own that writes
//! exactly what `serde_json::to_string` writes (numbers, `null`, `true`, `false` and escapes by
//! serde_json's own compact formatter; the same spelling of every map key, enum variant, byte
//! string and non-finite float) and notes where each value starts and ends, how many members or
//! elements each container has, and which strings it escaped. Those strings (rare) are decoded
//! from the finished text; a raw fragment (a number written by its exact text, or a document
//! embedded whole, as serde_json's `RawValue`) is read onto the tape by the tape's reader.
//!
//! Why not serde_json's serializer with a recording `Formatter` (as the crate first did): that
//! serializer looks up every byte of every string in an escape table, one at a time, and most of
//! a record is strings. This one skips eight plain bytes at a time.
//!
//! The buffers (the text and the tape) are kept per thread and reused from one document to the
//! next, so a record's output costs one allocation: the text handed out.

use std::cell::Cell;
use std::io;

use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter as _};
use serde_json::value::RawValue;

use super::tape::{Entry, Kind, MAX_TEXT, Tape, skip_plain};

/// Buffers larger than this are not kept for the next document.
const MAX_KEPT_BYTES: usize = 1 << 20;

#[derive(Default)]
struct Scratch {
    text: String,
    entries: Vec<Entry>,
    /// What serde_json's formatter writes (numbers, escapes), before it joins the text.
    formatted: Vec<u8>,
    /// Whether the tape may hold an escaped string (the recorder escaped one, or a raw fragment
    /// was read onto it): only then is it searched for strings to decode.
    escapes: bool,
    /// Kept from one document to the next, unlike the rest.
    names: KnownNames,
}

/// Struct field names already written without an escape, by address and length. A field name
/// is a `&'static str`, so the same address and length is the same text for the life of the
/// process: a name checked once is not scanned again. Names are about half the strings a record
/// writes. One slot per hash of the address; a name that loses its slot is only scanned again.
struct KnownNames([(usize, usize); KnownNames::SLOTS]);

impl KnownNames {
    const SLOTS: usize = 64;

    fn identity(name: &'static str) -> (usize, usize) {
        (name.as_ptr() as usize, name.len())
    }

    /// Fibonacci hashing of the address: its top six bits pick the slot.
    fn slot(name: &'static str) -> usize {
        (name.as_ptr() as usize as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) as usize
            >> (usize::BITS - Self::SLOTS.trailing_zeros())
    }

    fn contains(&self, name: &'static str) -> bool {
        self.0.get(Self::slot(name)) == Some(&Self::identity(name))
    }

    fn insert(&mut self, name: &'static str) {
        if let Some(slot) = self.0.get_mut(Self::slot(name)) {
            *slot = Self::identity(name);
        }
    }
}

impl Default for KnownNames {
    fn default() -> Self {
        // No name lives at address 0.
        Self([(0, 0); Self::SLOTS])
    }
}

thread_local! {
    static SCRATCH: Cell<Scratch> = Cell::new(Scratch::default());
}

/// What `check` is given: the written document on a tape, or, for a text too long for one
/// (4 GiB or more), the text alone.
pub(crate) enum Written<'a> {
    /// The document, read in place.
    Tape(&'a Tape<'a>),
    /// The text, too long to be read onto a tape.
    TooLong(&'a str),
}

/// Writes `value` as compact JSON (byte for byte what `serde_json::to_string` writes), gives
/// `check` the document recorded while writing, and returns the text with `check`'s answer.
///
/// # Errors
///
/// serde_json's, when `value` cannot be written.
pub(crate) fn write_and_check<T: Serialize + ?Sized, R>(
    value: &T,
    check: impl FnOnce(Written<'_>) -> R,
) -> Result<(Box<RawValue>, R), serde_json::Error> {
    written_and_checked(value, None, check)
}

/// [`write_and_check`] for a struct `value` that leaves its field `field` out: `with` is
/// written as that field, at the place the struct skips it (serde calls `skip_field` for a field
/// its `skip_serializing_if` leaves out). The text is what writing `value` with `with` in that
/// field would give, so a mapper can write a field it holds in another shape (typed data carried
/// in `custom_mappings`) without first building the field's value.
///
/// # Errors
///
/// serde_json's, when `value` or `with` cannot be written, and an error when `value` is not a
/// struct that skips `field`.
pub(crate) fn write_and_check_with<T: Serialize + ?Sized, V: Serialize, R>(
    value: &T,
    field: &'static str,
    with: &V,
    check: impl FnOnce(Written<'_>) -> R,
) -> Result<(Box<RawValue>, R), serde_json::Error> {
    written_and_checked(value, Some((field, with)), check)
}

fn written_and_checked<T: Serialize + ?Sized, R>(
    value: &T,
    splice: Option<(&'static str, &dyn WriteJson)>,
    check: impl FnOnce(Written<'_>) -> R,
) -> Result<(Box<RawValue>, R), serde_json::Error> {
    let mut scratch = SCRATCH.take();
    scratch.text.clear();
    scratch.entries.clear();
    scratch.escapes = false;
    let recorded = record(value, splice, &mut scratch);
    let result = recorded.and_then(|()| finish(&mut scratch, check));
    if scratch.text.capacity() <= MAX_KEPT_BYTES {
        SCRATCH.set(scratch);
    }
    result
}

fn record<T: Serialize + ?Sized>(
    value: &T,
    splice: Option<(&'static str, &dyn WriteJson)>,
    scratch: &mut Scratch,
) -> Result<(), serde_json::Error> {
    let mut recorder = Recorder {
        text: &mut scratch.text,
        entries: &mut scratch.entries,
        formatted: &mut scratch.formatted,
        escapes: &mut scratch.escapes,
        names: &mut scratch.names,
        splice,
    };
    value.serialize(&mut recorder)?;
    match recorder.splice {
        None => Ok(()),
        Some((field, _)) => Err(serde::ser::Error::custom(format!(
            "the document does not leave out its field `{field}`, which was given apart"
        ))),
    }
}

fn finish<R>(
    scratch: &mut Scratch,
    check: impl FnOnce(Written<'_>) -> R,
) -> Result<(Box<RawValue>, R), serde_json::Error> {
    let text = scratch.text.as_str();
    let verdict = if text.len() > MAX_TEXT {
        check(Written::TooLong(text))
    } else {
        let entries = std::mem::take(&mut scratch.entries);
        let tape = Tape::recorded(text, entries, scratch.escapes)
            .map_err(<serde_json::Error as serde::ser::Error>::custom)?;
        let verdict = check(Written::Tape(&tape));
        scratch.entries = tape.into_entries();
        verdict
    };
    // Copied verbatim into a raw value of its own (serde_json does not parse it again).
    let raw = serde_json::value::to_raw_value(&Verbatim(text))?;
    Ok((raw, verdict))
}

/// Text written as it is.
struct Verbatim<'a>(&'a str);

impl Serialize for Verbatim<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        super::serialize_raw(self.0, serializer)
    }
}

/// The compact JSON writer, noting the tape as it writes. A serializer of its own rather than a
/// `serde_json::ser::Formatter` under serde_json's: serde_json checks a string for escapes one byte
/// at a time (a fifth of mapping a record went there), while this writer skips eight plain bytes
/// at a time with the tape reader's scan, and knows which strings it escaped without being told.
///
/// The text is a `String` from the start, so the finished document needs no UTF-8 check (a
/// record's whole text, checked again, was 2% of mapping it): strings are copied in as `&str`, and
/// the few bytes serde_json's formatter writes go through [`Recorder::formatted`] first.
struct Recorder<'s> {
    text: &'s mut String,
    entries: &'s mut Vec<Entry>,
    formatted: &'s mut Vec<u8>,
    escapes: &'s mut bool,
    names: &'s mut KnownNames,
    /// A field the document's root struct leaves out, and the value to write in its place.
    splice: Option<(&'static str, &'s dyn WriteJson)>,
}

/// A value the recorder writes (`Serialize`, made object-safe for [`Recorder::splice`]).
trait WriteJson {
    fn write_json(&self, recorder: &mut Recorder<'_>) -> Result<()>;
}

impl<T: Serialize> WriteJson for T {
    fn write_json(&self, recorder: &mut Recorder<'_>) -> Result<()> {
        self.serialize(recorder)
    }
}

type Result<T, E = serde_json::Error> = std::result::Result<T, E>;

/// What serde_json's own writer reports for a map key it cannot write.
fn key_must_be_a_string() -> serde_json::Error {
    serde::ser::Error::custom("key must be a string")
}

impl Recorder<'_> {
    fn open(&mut self, kind: Kind) -> usize {
        let index = self.entries.len();
        self.entries
            .push(Entry::new(kind, self.text.len(), index + 1));
        index
    }

    fn close(&mut self, index: usize) {
        let next = self.entries.len();
        let end = self.text.len();
        if let Some(entry) = self.entries.get_mut(index) {
            entry.finish(end, next);
        }
    }

    /// A float, written by serde_json's compact formatter.
    fn scalar(
        &mut self,
        kind: Kind,
        write: impl FnOnce(&mut CompactFormatter, &mut Vec<u8>) -> io::Result<()>,
    ) -> Result<()> {
        let index = self.open(kind);
        self.format(write)?;
        self.close(index);
        Ok(())
    }

    /// A scalar whose text is known: `null`, `true`, `false`, an integer.
    fn literal(&mut self, kind: Kind, text: &str) {
        let index = self.open(kind);
        self.text.push_str(text);
        self.close(index);
    }

    /// Appends what serde_json's compact formatter writes: ASCII (digits, signs, exponents,
    /// `null`, `true`, `false`, escapes), checked as such on its way into the text.
    fn format(
        &mut self,
        write: impl FnOnce(&mut CompactFormatter, &mut Vec<u8>) -> io::Result<()>,
    ) -> Result<()> {
        self.formatted.clear();
        write(&mut CompactFormatter, self.formatted).map_err(serde_json::Error::io)?;
        let written = std::str::from_utf8(self.formatted)
            .map_err(|error| <serde_json::Error as serde::ser::Error>::custom(error.to_string()))?;
        self.text.push_str(written);
        Ok(())
    }

    /// A string between quotes, escaped as serde_json escapes it; whether it needed no escape.
    /// Most strings need none: they are one scan and one copy here, and the rare escaped one goes
    /// to [`Self::escaped`] (kept out of line so the common path stays small).
    fn string(&mut self, value: &str) -> bool {
        let index = self.open(Kind::Plain);
        let first = skip_plain(value.as_bytes(), 0);
        let plain = first == value.len();
        self.text.reserve(value.len() + 2);
        self.text.push('"');
        if plain {
            self.text.push_str(value);
        } else {
            self.escaped(value, first);
            *self.escapes = true;
            if let Some(entry) = self.entries.get_mut(index) {
                entry.mark_escaped();
            }
        }
        self.text.push('"');
        self.close(index);
        plain
    }

    /// A struct field's name: [`Self::string`], without the scan for a name written before.
    fn name(&mut self, name: &'static str) {
        if self.names.contains(name) {
            let index = self.open(Kind::Plain);
            self.text.reserve(name.len() + 2);
            self.text.push('"');
            self.text.push_str(name);
            self.text.push('"');
            self.close(index);
        } else if self.string(name) {
            self.names.insert(name);
        }
    }

    /// Something written between quotes (an integer map key): a plain string entry.
    fn quoted(
        &mut self,
        write: impl FnOnce(&mut CompactFormatter, &mut Vec<u8>) -> io::Result<()>,
    ) -> Result<()> {
        let index = self.open(Kind::Plain);
        self.text.push('"');
        self.format(write)?;
        self.text.push('"');
        self.close(index);
        Ok(())
    }

    fn begin(&mut self, kind: Kind, bracket: u8) -> usize {
        let index = self.open(kind);
        self.text.push(char::from(bracket));
        index
    }

    fn end(&mut self, index: usize, bracket: u8) {
        self.text.push(char::from(bracket));
        self.close(index);
    }

    /// Before a member or an element of the container at `index`.
    fn child(&mut self, index: usize, first: &mut bool) {
        if !std::mem::take(first) {
            self.text.push(',');
        }
        if let Some(entry) = self.entries.get_mut(index) {
            entry.add_child();
        }
    }

    /// `{"variant":` for serde's enum variants with content, as serde_json writes them.
    fn begin_variant(&mut self, variant: &str) -> usize {
        let index = self.begin(Kind::Object, b'{');
        self.child(index, &mut true);
        self.string(variant);
        self.text.push(':');
        index
    }

    /// A value written by its text (a number as written, a whole embedded document): read onto
    /// the tape by the tape's own reader, placed where it is written.
    fn raw(&mut self, fragment: &str) -> Result<()> {
        Tape::read_fragment(fragment, self.text.len(), self.entries)
            .map_err(<serde_json::Error as serde::ser::Error>::custom)?;
        *self.escapes = true;
        self.text.push_str(fragment);
        Ok(())
    }

    /// Writes the inside of a string that needs escapes, its first at `first`.
    #[inline(never)]
    #[cold]
    fn escaped(&mut self, value: &str, first: usize) {
        let bytes = value.as_bytes();
        let mut from = 0;
        let mut to = first;
        loop {
            // `to` is the length or an ASCII byte's index: a character boundary either way.
            self.text.push_str(value.get(from..to).unwrap_or_default());
            let Some(&byte) = bytes.get(to) else { break };
            let escape = match byte {
                b'"' => CharEscape::Quote,
                b'\\' => CharEscape::ReverseSolidus,
                0x08 => CharEscape::Backspace,
                0x0c => CharEscape::FormFeed,
                b'\n' => CharEscape::LineFeed,
                b'\r' => CharEscape::CarriageReturn,
                b'\t' => CharEscape::Tab,
                control => CharEscape::AsciiControl(control),
            };
            // Writing to a vector cannot fail, and an escape is ASCII.
            let _ = self.format(|f, w| f.write_char_escape(w, escape));
            from = to + 1;
            to = skip_plain(bytes, from);
        }
    }
}

/// Integers written by `itoa`, as serde_json's compact formatter writes them, straight into the
/// text (through the formatter, each number would be checked as UTF-8 on its way in).
macro_rules! integers {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(
            fn $method(self, value: $ty) -> Result<()> {
                self.literal(Kind::Number, itoa::Buffer::new().format(value));
                Ok(())
            }
        )*
    };
}

impl<'a, 's> serde::Serializer for &'a mut Recorder<'s> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Compound<'a, 's>;
    type SerializeTuple = Compound<'a, 's>;
    type SerializeTupleStruct = Compound<'a, 's>;
    type SerializeTupleVariant = Compound<'a, 's>;
    type SerializeMap = Compound<'a, 's>;
    type SerializeStruct = Compound<'a, 's>;
    type SerializeStructVariant = Compound<'a, 's>;

    fn serialize_bool(self, value: bool) -> Result<()> {
        match value {
            true => self.literal(Kind::True, "true"),
            false => self.literal(Kind::False, "false"),
        }
        Ok(())
    }

    integers! {
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128,
    }

    fn serialize_f32(self, value: f32) -> Result<()> {
        if value.is_finite() {
            self.scalar(Kind::Number, |f, w| f.write_f32(w, value))
        } else {
            self.serialize_unit()
        }
    }

    fn serialize_f64(self, value: f64) -> Result<()> {
        if value.is_finite() {
            self.scalar(Kind::Number, |f, w| f.write_f64(w, value))
        } else {
            self.serialize_unit()
        }
    }

    fn serialize_char(self, value: char) -> Result<()> {
        self.string(value.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, value: &str) -> Result<()> {
        self.string(value);
        Ok(())
    }

    fn serialize_bytes(self, value: &[u8]) -> Result<()> {
        use serde::ser::SerializeSeq as _;
        let mut seq = self.serialize_seq(Some(value.len()))?;
        for byte in value {
            seq.serialize_element(byte)?;
        }
        seq.end()
    }

    fn serialize_none(self) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<()> {
        self.literal(Kind::Null, "null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        let index = self.begin_variant(variant);
        value.serialize(&mut *self)?;
        self.end(index, b'}');
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, 's>> {
        let index = self.begin(Kind::Array, b'[');
        Ok(Compound::new(self, index, None))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 's>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, 's>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 's>> {
        let outer = self.begin_variant(variant);
        let index = self.begin(Kind::Array, b'[');
        Ok(Compound::new(self, index, Some(outer)))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, 's>> {
        let index = self.begin(Kind::Object, b'{');
        Ok(Compound::new(self, index, None))
    }

    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'a, 's>> {
        if name == super::RAW_TOKEN {
            return Ok(Compound {
                recorder: self,
                index: None,
                first: true,
                variant: None,
                root: false,
            });
        }
        let root = self.entries.is_empty();
        let mut compound = self.serialize_map(Some(len))?;
        compound.root = root;
        Ok(compound)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 's>> {
        let outer = self.begin_variant(variant);
        let index = self.begin(Kind::Object, b'{');
        Ok(Compound::new(self, index, Some(outer)))
    }
}

/// An array or object being written: its entry, whether the next child is its first, for an
/// enum variant the object around it, and whether it is the document's root struct (where a
/// [`Recorder::splice`] goes). Without an entry it is serde_json's raw value, whose one field is
/// written verbatim.
struct Compound<'a, 's> {
    recorder: &'a mut Recorder<'s>,
    index: Option<usize>,
    first: bool,
    variant: Option<usize>,
    root: bool,
}

impl<'a, 's> Compound<'a, 's> {
    fn new(recorder: &'a mut Recorder<'s>, index: usize, variant: Option<usize>) -> Self {
        Self {
            recorder,
            index: Some(index),
            first: true,
            variant,
            root: false,
        }
    }

    fn child(&mut self) {
        if let Some(index) = self.index {
            self.recorder.child(index, &mut self.first);
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.child();
        value.serialize(&mut *self.recorder)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        let Some(_) = self.index else {
            return if key == super::RAW_TOKEN {
                value.serialize(RawText(&mut *self.recorder))
            } else {
                Err(not_raw())
            };
        };
        self.child();
        self.recorder.name(key);
        self.recorder.text.push(':');
        value.serialize(&mut *self.recorder)
    }

    /// The root struct leaves `key` out: the spliced value goes there, if it is for that key.
    fn skip(&mut self, key: &'static str) -> Result<()> {
        match self.recorder.splice {
            Some((field, value)) if self.root && field == key => {
                self.recorder.splice = None;
                self.child();
                self.recorder.name(key);
                self.recorder.text.push(':');
                value.write_json(self.recorder)
            }
            _ => Ok(()),
        }
    }

    fn finish(self, bracket: u8) -> Result<()> {
        if let Some(index) = self.index {
            self.recorder.end(index, bracket);
        }
        if let Some(outer) = self.variant {
            self.recorder.end(outer, b'}');
        }
        Ok(())
    }
}

/// serde's four kinds of sequence, each written as an array.
macro_rules! arrays {
    ($($trait:ident :: $method:ident),* $(,)?) => {
        $(
            impl serde::ser::$trait for Compound<'_, '_> {
                type Ok = ();
                type Error = serde_json::Error;

                fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
                    self.element(value)
                }

                fn end(self) -> Result<()> {
                    self.finish(b']')
                }
            }
        )*
    };
}

arrays! {
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
}

impl serde::ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.child();
        key.serialize(Key(&mut *self.recorder))?;
        self.recorder.text.push(':');
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut *self.recorder)
    }

    fn end(self) -> Result<()> {
        self.finish(b'}')
    }
}

impl serde::ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }

    fn skip_field(&mut self, key: &'static str) -> Result<()> {
        self.skip(key)
    }

    fn end(self) -> Result<()> {
        self.finish(b'}')
    }
}

impl serde::ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }

    fn end(self) -> Result<()> {
        self.finish(b'}')
    }
}

/// A map key: a string, or what serde_json writes between quotes (integers, `bool`s, finite
/// floats); anything else is serde_json's "key must be a string".
struct Key<'a, 's>(&'a mut Recorder<'s>);

macro_rules! quoted_keys {
    ($($method:ident: $ty:ty => $write:ident),* $(,)?) => {
        $(
            fn $method(self, value: $ty) -> Result<()> {
                self.0.quoted(|f, w| f.$write(w, value))
            }
        )*
    };
}

/// Methods of a serializer that accepts no value of these kinds: each is `$error`.
macro_rules! refused {
    ($error:expr; $($method:ident($($arg:ty),*)),* $(,)?) => {
        $(
            fn $method(self, $(_: $arg),*) -> Result<()> {
                Err($error)
            }
        )*
    };
}

/// The compound methods of a serializer that writes no array or object: each is `$error`.
macro_rules! no_compounds {
    ($error:expr) => {
        type SerializeSeq = serde::ser::Impossible<(), serde_json::Error>;
        type SerializeTuple = serde::ser::Impossible<(), serde_json::Error>;
        type SerializeTupleStruct = serde::ser::Impossible<(), serde_json::Error>;
        type SerializeTupleVariant = serde::ser::Impossible<(), serde_json::Error>;
        type SerializeMap = serde::ser::Impossible<(), serde_json::Error>;
        type SerializeStruct = serde::ser::Impossible<(), serde_json::Error>;
        type SerializeStructVariant = serde::ser::Impossible<(), serde_json::Error>;

        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _name: &'static str,
            _index: u32,
            _variant: &'static str,
            _value: &T,
        ) -> Result<()> {
            Err($error)
        }

        fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
            Err($error)
        }

        fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
            Err($error)
        }

        fn serialize_tuple_struct(
            self,
            _name: &'static str,
            _len: usize,
        ) -> Result<Self::SerializeTupleStruct> {
            Err($error)
        }

        fn serialize_tuple_variant(
            self,
            _name: &'static str,
            _index: u32,
            _variant: &'static str,
            _len: usize,
        ) -> Result<Self::SerializeTupleVariant> {
            Err($error)
        }

        fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
            Err($error)
        }

        fn serialize_struct(
            self,
            _name: &'static str,
            _len: usize,
        ) -> Result<Self::SerializeStruct> {
            Err($error)
        }

        fn serialize_struct_variant(
            self,
            _name: &'static str,
            _index: u32,
            _variant: &'static str,
            _len: usize,
        ) -> Result<Self::SerializeStructVariant> {
            Err($error)
        }
    };
}

impl serde::Serializer for Key<'_, '_> {
    type Ok = ();
    type Error = serde_json::Error;

    no_compounds!(key_must_be_a_string());

    fn serialize_str(self, value: &str) -> Result<()> {
        self.0.string(value);
        Ok(())
    }

    fn serialize_char(self, value: char) -> Result<()> {
        self.serialize_str(value.encode_utf8(&mut [0; 4]))
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    quoted_keys! {
        serialize_bool: bool => write_bool,
        serialize_i8: i8 => write_i8, serialize_i16: i16 => write_i16,
        serialize_i32: i32 => write_i32, serialize_i64: i64 => write_i64,
        serialize_i128: i128 => write_i128,
        serialize_u8: u8 => write_u8, serialize_u16: u16 => write_u16,
        serialize_u32: u32 => write_u32, serialize_u64: u64 => write_u64,
        serialize_u128: u128 => write_u128,
    }

    fn serialize_f32(self, value: f32) -> Result<()> {
        if !value.is_finite() {
            return Err(float_key_must_be_finite());
        }
        self.0.quoted(|f, w| f.write_f32(w, value))
    }

    fn serialize_f64(self, value: f64) -> Result<()> {
        if !value.is_finite() {
            return Err(float_key_must_be_finite());
        }
        self.0.quoted(|f, w| f.write_f64(w, value))
    }

    refused! {
        key_must_be_a_string();
        serialize_bytes(&[u8]), serialize_none(), serialize_unit(),
        serialize_unit_struct(&'static str),
    }
}

/// What serde_json's own writer reports for a NaN or infinite float map key.
fn float_key_must_be_finite() -> serde_json::Error {
    serde::ser::Error::custom("float key must be finite (got NaN or +/-inf)")
}

/// The one field of serde_json's raw value: its text, written verbatim.
struct RawText<'a, 's>(&'a mut Recorder<'s>);

impl serde::Serializer for RawText<'_, '_> {
    type Ok = ();
    type Error = serde_json::Error;

    no_compounds!(not_raw());

    fn serialize_str(self, value: &str) -> Result<()> {
        self.0.raw(value)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _value: &T,
    ) -> Result<()> {
        Err(not_raw())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<()> {
        Err(not_raw())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
    ) -> Result<()> {
        Err(not_raw())
    }

    refused! {
        not_raw();
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_i64(i64), serialize_u8(u8), serialize_u16(u16), serialize_u32(u32),
        serialize_u64(u64), serialize_f32(f32), serialize_f64(f64), serialize_char(char),
        serialize_bytes(&[u8]), serialize_none(), serialize_unit(),
        serialize_unit_struct(&'static str),
    }
}

/// What serde_json's own writer reports for a raw value that is not text.
fn not_raw() -> serde_json::Error {
    serde::ser::Error::custom("expected RawValue")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::JsonValue;

    fn tape_text<T: Serialize>(value: &T) -> (String, JsonValue) {
        let (raw, tree) = write_and_check(value, |written| match written {
            Written::Tape(tape) => crate::json::tape::tree_of(tape.root()),
            Written::TooLong(_) => panic!("a short text"),
        })
        .unwrap();
        (raw.get().to_owned(), tree)
    }

    #[test]
    fn the_recorded_tape_is_the_written_text() {
        let texts = [
            r#"{"a":1,"b":[true,false,null,{"c":"d"}],"e":{},"f":[],"g":-0,"h":1e+400}"#,
            r#"{"esc\"aped":"line\nbreak \u00e9 😀","plain":"x","ctl":"\u0001"}"#,
            r#"[[[[]]],{"a":{"b":{"c":[1,2,3]}}},"",-12.5e-3,100000000000000000000000000001]"#,
            "\"only a string\"",
            "42",
        ];
        for text in texts {
            let value = JsonValue::from_text(text).unwrap();
            let (written, tree) = tape_text(&value);
            assert_eq!(written, serde_json::to_string(&value).unwrap());
            assert_eq!(tree, value, "{text}");
        }
        // Typed values: integer map keys (written between quotes), floats, bytes, enums.
        let mut map = std::collections::BTreeMap::new();
        map.insert(7_u32, vec![1.5_f64, f64::NAN]);
        map.insert(12, vec![]);
        let typed = (map, b"ab".as_slice(), Some(-3_i8), "\u{1F600}\t");
        let (written, tree) = tape_text(&typed);
        assert_eq!(written, serde_json::to_string(&typed).unwrap());
        assert_eq!(tree, JsonValue::from_text(&written).unwrap());
    }

    #[derive(Serialize)]
    struct Unit;

    #[derive(Serialize)]
    struct Newtype(&'static str);

    #[derive(Serialize)]
    struct Pair(i32, Option<bool>);

    #[derive(Serialize)]
    enum Shape {
        Plain,
        Wrapped(u8),
        Pair(i8, &'static str),
        Named { x: f32, tags: Vec<char> },
    }

    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    enum KeyName {
        First,
    }

    /// Written by this writer: the text and the tape's tree, or serde_json's message.
    fn written<T: Serialize + ?Sized>(value: &T) -> Result<(String, JsonValue), String> {
        let (raw, tree) = write_and_check(value, |written| match written {
            Written::Tape(tape) => Some(crate::json::tape::tree_of(tape.root())),
            Written::TooLong(_) => None,
        })
        .map_err(|error| error.to_string())?;
        Ok((raw.get().to_owned(), tree.ok_or("a short text has a tape")?))
    }

    /// The same text as serde_json, and a tape that reads back as that text.
    #[track_caller]
    fn same_as_serde_json<T: Serialize + ?Sized>(value: &T) {
        let expected = serde_json::to_string(value).unwrap();
        let (text, tree) = written(value).unwrap();
        assert_eq!(text, expected);
        assert_eq!(tree, JsonValue::from_text(&expected).unwrap(), "{expected}");
    }

    #[test]
    fn every_serde_shape_is_written_as_serde_json_writes_it() {
        same_as_serde_json(&Unit);
        same_as_serde_json(&Newtype("inner"));
        same_as_serde_json(&Pair(-7, None));
        same_as_serde_json(&[
            Shape::Plain,
            Shape::Wrapped(255),
            Shape::Pair(-128, "two"),
            Shape::Named {
                x: 0.1,
                tags: vec!['a', '"', '\u{7}'],
            },
            Shape::Named {
                x: f32::INFINITY,
                tags: vec![],
            },
        ]);
        same_as_serde_json(&(i128::MIN, u128::MAX, f64::MIN_POSITIVE, -0.0_f64, 1e300_f64));
        same_as_serde_json(&((), Some(()), [(); 0], ((),)));
        same_as_serde_json(&serde_bytes_like(&[0, 1, 255]));
        let nested: Vec<Vec<Vec<u8>>> = vec![vec![], vec![vec![]], vec![vec![1, 2]]];
        same_as_serde_json(&nested);
    }

    /// Field names are scanned for escapes until one is known plain; a name that needs an
    /// escape is escaped every time, however often it is written.
    #[test]
    fn field_names_are_escaped_every_time_they_need_it() {
        #[derive(Serialize)]
        struct Names {
            plain: u8,
            #[serde(rename = "quo\"te")]
            quoted: u8,
            #[serde(rename = "tab\there")]
            tabbed: &'static str,
        }
        let names = Names {
            plain: 1,
            quoted: 2,
            tabbed: "x",
        };
        for _ in 0..3 {
            same_as_serde_json(&names);
            same_as_serde_json(&[&names, &names]);
        }
    }

    /// `&[u8]` through `serialize_bytes` (serde writes a plain slice as a sequence).
    fn serde_bytes_like(bytes: &[u8]) -> impl Serialize + '_ {
        struct Bytes<'a>(&'a [u8]);
        impl Serialize for Bytes<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_bytes(self.0)
            }
        }
        Bytes(bytes)
    }

    #[test]
    fn map_keys_are_spelled_as_serde_json_spells_them() {
        use std::collections::BTreeMap;
        same_as_serde_json(&BTreeMap::from([(true, 1), (false, 2)]));
        same_as_serde_json(&BTreeMap::from([('k', 1), ('"', 2)]));
        same_as_serde_json(&BTreeMap::from([(i128::MIN, "low"), (-1, "minus one")]));
        same_as_serde_json(&BTreeMap::from([(KeyName::First, ())]));
        same_as_serde_json(&BTreeMap::from([(Some("some"), 1)]));
        same_as_serde_json(&HashMapOf(vec![(0.25_f64, 1), (-3.0, 2)]));

        // What serde_json refuses, this writer refuses.
        for (refused, expected) in [
            (
                written(&HashMapOf(vec![(vec![1], 1)])),
                "key must be a string",
            ),
            (written(&HashMapOf(vec![((), 1)])), "key must be a string"),
            (
                written(&HashMapOf(vec![(None::<u8>, 1)])),
                "key must be a string",
            ),
            (
                written(&HashMapOf(vec![(f64::NAN, 1)])),
                "float key must be finite",
            ),
        ] {
            let message = refused.unwrap_err();
            assert!(message.starts_with(expected), "{message}");
        }
        assert!(serde_json::to_string(&HashMapOf(vec![(vec![1], 1)])).is_err());
    }

    /// A map of any keys, in the given order.
    struct HashMapOf<K, V>(Vec<(K, V)>);

    impl<K: Serialize, V: Serialize> Serialize for HashMapOf<K, V> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_map(self.0.iter().map(|(key, value)| (key, value)))
        }
    }

    #[test]
    fn every_escape_is_serde_jsons() {
        let every_ascii: String = (0_u8..0x80).map(char::from).collect();
        same_as_serde_json(&every_ascii);
        same_as_serde_json(&HashMapOf(vec![(every_ascii.as_str(), &every_ascii)]));
        for length in 0..20 {
            for at in 0..length {
                let mut text = "é".repeat(length);
                text.insert(at * 2, '\\');
                same_as_serde_json(&text);
            }
        }
        let (_, tree) = written("tab\there").unwrap();
        assert_eq!(
            tree.as_str(),
            Some("tab\there"),
            "escaped strings read back decoded"
        );
    }

    #[test]
    fn raw_values_are_written_verbatim_and_read_onto_the_tape() {
        let raw =
            serde_json::value::RawValue::from_string(r#"{"a" : [1 ,2.50]}"#.to_owned()).unwrap();
        same_as_serde_json(&[&raw, &raw]);
        let number = JsonValue::from_text("1.000000000000000000001").unwrap();
        same_as_serde_json(&number);
    }

    proptest::proptest! {
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(text in "\\PC*|[\\x00-\\x7f]*") {
            same_as_serde_json(&text);
            same_as_serde_json(&HashMapOf(vec![(text.as_str(), 0)]));
        }
    }

    #[derive(Serialize)]
    struct Skipping<T> {
        a: u8,
        #[serde(skip_serializing_if = "Option::is_none")]
        inner: Option<Box<Skipping<T>>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        b: Option<T>,
    }

    fn spliced<T: Serialize>(value: &Skipping<T>, with: &[u8]) -> Result<String, String> {
        write_and_check_with(value, "b", &with, |_| ())
            .map(|(raw, ())| raw.get().to_owned())
            .map_err(|error| error.to_string())
    }

    #[test]
    fn a_spliced_field_is_written_where_the_root_struct_skips_it() {
        let without = |inner| Skipping::<Vec<u8>> {
            a: 1,
            b: None,
            inner,
        };
        // Where the root skips `b`; the nested struct that skips a `b` first is left alone.
        let nested = without(Some(Box::new(without(None))));
        let whole = Skipping {
            b: Some(vec![7, 8]),
            ..without(Some(Box::new(without(None))))
        };
        assert_eq!(
            spliced(&nested, &[7, 8]).unwrap(),
            serde_json::to_string(&whole).unwrap()
        );
        assert_eq!(
            spliced(&nested, &[7, 8]).unwrap(),
            r#"{"a":1,"inner":{"a":1},"b":[7,8]}"#
        );
        // A root that writes `b` itself does not leave it out: an error, not a repeated key.
        let written = Skipping {
            b: Some(vec![1]),
            ..without(None)
        };
        let error = spliced(&written, &[7]).unwrap_err();
        assert!(
            error.contains("does not leave out its field `b`"),
            "{error}"
        );
        // Nor does a document that is not a struct.
        assert!(write_and_check_with(&[1, 2], "b", &0, |_| ()).is_err());
    }
}
