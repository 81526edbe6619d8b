//! Writing a document and its [`Tape`] in one pass.
//!
//! Every output the crate hands out is written by serde_json and then validated. Reading the
//! freshly written text onto a tape would scan every byte a second time; instead, the tape is
//! recorded while serde_json writes: a [`Formatter`] that writes exactly what serde_json's
//! compact formatter writes (it delegates every byte to it), and notes where each value starts
//! and ends, how many members or elements each container has, and which strings hold an escape.
//! Those strings (rare) are decoded from the finished text; a raw fragment (a number written by
//! its exact text, or a document embedded whole) is read onto the tape by the tape's reader.
//!
//! The buffers (the text and the tape) are kept per thread and reused from one document to the
//! next, so a record's output costs one allocation: the text handed out.

use std::cell::Cell;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};
use serde_json::value::RawValue;

use super::tape::{Entry, Kind, MAX_TEXT, Tape};

/// Buffers larger than this are not kept for the next document.
const MAX_KEPT_BYTES: usize = 1 << 20;

#[derive(Default)]
struct Scratch {
    bytes: Vec<u8>,
    entries: Vec<Entry>,
    open: Vec<usize>,
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
    let mut scratch = SCRATCH.take();
    scratch.bytes.clear();
    scratch.entries.clear();
    scratch.open.clear();
    let recorded = record(value, &mut scratch);
    let result = recorded.and_then(|()| finish(&mut scratch, check));
    if scratch.bytes.capacity() <= MAX_KEPT_BYTES {
        SCRATCH.set(scratch);
    }
    result
}

fn record<T: Serialize + ?Sized>(
    value: &T,
    scratch: &mut Scratch,
) -> Result<(), serde_json::Error> {
    let recorder = Recorder {
        entries: &mut scratch.entries,
        open: &mut scratch.open,
        at: 0,
        string: None,
    };
    value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut scratch.bytes,
        recorder,
    ))
}

fn finish<R>(
    scratch: &mut Scratch,
    check: impl FnOnce(Written<'_>) -> R,
) -> Result<(Box<RawValue>, R), serde_json::Error> {
    // serde_json writes UTF-8; checked rather than assumed (no `unsafe` in this crate).
    let text = std::str::from_utf8(&scratch.bytes)
        .map_err(|error| <serde_json::Error as serde::ser::Error>::custom(error.to_string()))?;
    let verdict = if text.len() > MAX_TEXT {
        check(Written::TooLong(text))
    } else {
        let entries = std::mem::take(&mut scratch.entries);
        let tape = Tape::recorded(text, entries)
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

/// serde_json's compact formatter, noting the tape as it writes.
struct Recorder<'s> {
    entries: &'s mut Vec<Entry>,
    /// The open arrays and objects, innermost last.
    open: &'s mut Vec<usize>,
    /// Bytes written so far.
    at: usize,
    /// The string being written, if any (its entry).
    string: Option<usize>,
}

/// A writer that counts what passes through it.
struct Count<'w, W: ?Sized> {
    inner: &'w mut W,
    written: usize,
}

impl<W: ?Sized + Write> Write for Count<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(bytes)?;
        self.written += written;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Recorder<'_> {
    /// Writes through the compact formatter, counting the bytes.
    fn put<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        write: impl FnOnce(&mut CompactFormatter, &mut Count<'_, W>) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut count = Count {
            inner: writer,
            written: 0,
        };
        write(&mut CompactFormatter, &mut count)?;
        self.at += count.written;
        Ok(())
    }

    fn open(&mut self, kind: Kind) -> usize {
        let index = self.entries.len();
        self.entries.push(Entry::new(kind, self.at, index + 1));
        index
    }

    fn close(&mut self, index: usize) {
        let next = self.entries.len();
        if let Some(entry) = self.entries.get_mut(index) {
            entry.finish(self.at, next);
        }
    }

    /// A member or an element more in the innermost container.
    fn count_child(&mut self) {
        if let Some(entry) = self
            .open
            .last()
            .and_then(|&index| self.entries.get_mut(index))
        {
            entry.add_child();
        }
    }

    /// A number, `true`, `false` or `null`: an entry of its own, unless it is written inside a
    /// string (an integer map key, which serde_json writes between quotes).
    fn scalar<W: ?Sized + Write>(
        &mut self,
        kind: Kind,
        writer: &mut W,
        write: impl FnOnce(&mut CompactFormatter, &mut Count<'_, W>) -> io::Result<()>,
    ) -> io::Result<()> {
        if self.string.is_some() {
            return self.put(writer, write);
        }
        let index = self.open(kind);
        self.put(writer, write)?;
        self.close(index);
        Ok(())
    }

    fn container<W: ?Sized + Write>(
        &mut self,
        kind: Kind,
        writer: &mut W,
        write: impl FnOnce(&mut CompactFormatter, &mut Count<'_, W>) -> io::Result<()>,
    ) -> io::Result<()> {
        let index = self.open(kind);
        self.open.push(index);
        self.put(writer, write)
    }

    fn end_container<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        write: impl FnOnce(&mut CompactFormatter, &mut Count<'_, W>) -> io::Result<()>,
    ) -> io::Result<()> {
        self.put(writer, write)?;
        if let Some(index) = self.open.pop() {
            self.close(index);
        }
        Ok(())
    }
}

macro_rules! numbers {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(
            fn $method<W: ?Sized + Write>(&mut self, writer: &mut W, value: $ty) -> io::Result<()> {
                self.scalar(Kind::Number, writer, |f, w| f.$method(w, value))
            }
        )*
    };
}

impl Formatter for Recorder<'_> {
    fn write_null<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.scalar(Kind::Null, writer, |f, w| f.write_null(w))
    }

    fn write_bool<W: ?Sized + Write>(&mut self, writer: &mut W, value: bool) -> io::Result<()> {
        let kind = if value { Kind::True } else { Kind::False };
        self.scalar(kind, writer, |f, w| f.write_bool(w, value))
    }

    numbers! {
        write_i8: i8, write_i16: i16, write_i32: i32, write_i64: i64, write_i128: i128,
        write_u8: u8, write_u16: u16, write_u32: u32, write_u64: u64, write_u128: u128,
        write_f32: f32, write_f64: f64,
    }

    fn write_number_str<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        value: &str,
    ) -> io::Result<()> {
        self.scalar(Kind::Number, writer, |f, w| f.write_number_str(w, value))
    }

    fn begin_string<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if self.string.is_none() {
            self.string = Some(self.open(Kind::Plain));
        }
        self.put(writer, |f, w| f.begin_string(w))
    }

    fn end_string<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.put(writer, |f, w| f.end_string(w))?;
        if let Some(index) = self.string.take() {
            self.close(index);
        }
        Ok(())
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        self.put(writer, |f, w| f.write_string_fragment(w, fragment))
    }

    fn write_char_escape<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        char_escape: CharEscape,
    ) -> io::Result<()> {
        if let Some(entry) = self.string.and_then(|index| self.entries.get_mut(index)) {
            entry.mark_escaped();
        }
        self.put(writer, |f, w| f.write_char_escape(w, char_escape))
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.container(Kind::Array, writer, |f, w| f.begin_array(w))
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.end_container(writer, |f, w| f.end_array(w))
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.count_child();
        self.put(writer, |f, w| f.begin_array_value(w, first))
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.put(writer, |f, w| f.end_array_value(w))
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.container(Kind::Object, writer, |f, w| f.begin_object(w))
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.end_container(writer, |f, w| f.end_object(w))
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.count_child();
        self.put(writer, |f, w| f.begin_object_key(w, first))
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.put(writer, |f, w| f.end_object_key(w))
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.put(writer, |f, w| f.begin_object_value(w))
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.put(writer, |f, w| f.end_object_value(w))
    }

    /// A value written by its text (a number as written, a whole embedded document): read onto
    /// the tape by the tape's own reader, placed where it is written.
    fn write_raw_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        if self.string.is_none() {
            Tape::read_fragment(fragment, self.at, self.entries).map_err(io::Error::other)?;
        }
        self.put(writer, |f, w| f.write_raw_fragment(w, fragment))
    }
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
}
