//! Reading the input and recognising its shape.
//!
//! Accepted shapes, recognised from the bytes themselves:
//! - a single JSON object (pretty-printed or not);
//! - a provider's list page (for Thredfi `{"count", "page_info", "results": [...]}`), as the
//!   registry's providers recognise it;
//! - a JSON array of objects (streamed element by element);
//! - newline-delimited JSON, one object per line (streamed line by line).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;

use serde::de::IgnoredAny;
use serde_json::value::RawValue;
use unified_accounting::provider::Pages;
use unified_accounting::{Probe, Registry, Resource};

/// Why the input cannot be used at all (exit code 2).
#[derive(Debug)]
pub struct Unusable(pub String);

/// The input, by shape.
pub enum Shape {
    /// One document, read whole, and what its keys make it: recognised in the same pass over its
    /// bytes as its shape.
    Single(Vec<u8>, Recognition),
    /// A provider's list page, read whole.
    Page(Vec<u8>, &'static dyn Pages),
    /// A JSON array, still to be streamed.
    Array(Box<dyn BufRead>),
    /// Newline-delimited JSON, still to be streamed.
    Lines(Box<dyn BufRead>),
}

impl Shape {
    pub fn name(&self) -> &'static str {
        match self {
            Shape::Single(..) => "a single object",
            Shape::Page(_, pages) => pages.name(),
            Shape::Array(_) => "a JSON array",
            Shape::Lines(_) => "newline-delimited JSON",
        }
    }
}

/// What the pass that recognised a single document found.
#[derive(Debug, Clone, Copy)]
pub enum Recognition {
    /// A record of this resource.
    Resource(&'static dyn Resource),
    /// JSON that no provider recognises.
    Unrecognised,
    /// Not JSON at all: reading it as any resource can only fail the same way.
    NotJson,
}

/// Opens a file, or standard input for `None` or `-`, and the file's length when known.
pub fn open(path: Option<&Path>) -> Result<(Box<dyn BufRead>, Option<u64>), Unusable> {
    match path {
        None => Ok((Box::new(BufReader::new(io::stdin())), None)),
        Some(path) if path.as_os_str() == "-" => Ok((Box::new(BufReader::new(io::stdin())), None)),
        Some(path) => {
            let file = File::open(path).map_err(|error| {
                Unusable(format!(
                    "cannot open {}: {error}; check the path, or pass - to read standard input",
                    path.display()
                ))
            })?;
            let length = file.metadata().ok().map(|metadata| metadata.len());
            Ok((Box::new(BufReader::with_capacity(1 << 16, file)), length))
        }
    }
}

/// Recognises the shape of what `reader` holds, reading no more than it must.
pub fn recognise(mut reader: Box<dyn BufRead>, registry: &Registry) -> Result<Shape, Unusable> {
    let read_error = |error: io::Error| Unusable(format!("cannot read the input: {error}"));
    skip_bom_and_whitespace(&mut reader).map_err(read_error)?;
    let first = reader.fill_buf().map_err(read_error)?.first().copied();
    match first {
        None => Err(Unusable(
            "the input is empty: give a JSON object, a JSON array, a list page or \
             newline-delimited JSON"
                .into(),
        )),
        Some(b'[') => Ok(Shape::Array(reader)),
        Some(b'{') => recognise_object_input(reader, registry).map_err(read_error),
        Some(other) => Err(Unusable(format!(
            "the input is not JSON (it starts with byte 0x{other:02x}); give a JSON object, a JSON \
             array, a list page or newline-delimited JSON"
        ))),
    }
}

fn skip_bom_and_whitespace(reader: &mut Box<dyn BufRead>) -> io::Result<()> {
    // A UTF-8 byte-order mark is not JSON, but editors write it; it is skipped, not an error.
    if reader.fill_buf()?.starts_with(&[0xEF, 0xBB, 0xBF]) {
        reader.consume(3);
    }
    loop {
        let buffer = reader.fill_buf()?;
        let blank = buffer
            .iter()
            .take_while(|byte| byte.is_ascii_whitespace())
            .count();
        if blank == 0 {
            return Ok(());
        }
        reader.consume(blank);
    }
}

fn is_json_value(bytes: &[u8]) -> bool {
    serde_json::from_slice::<IgnoredAny>(bytes).is_ok()
}

/// Input starting with `{`: one document (possibly a page), or one object per line.
///
/// The first line decides: if it is a complete JSON value on its own, the input is read line by
/// line (one line alone is then a single object). If it is not, the input is a multi-line
/// document, unless the second line is a complete value: then it is newline-delimited JSON
/// whose first line is broken. When neither is, the whole input is read: a complete document is
/// one document; a broken one is newline-delimited JSON after all if any unindented line is a
/// complete object (its first lines were broken), and one broken document otherwise.
///
/// A document is read once to tell all of that: the [`Probe`] that finds it complete also holds
/// the top-level keys that make it a page, or a record of a known resource.
fn recognise_object_input(mut reader: Box<dyn BufRead>, registry: &Registry) -> io::Result<Shape> {
    let mut first = Vec::new();
    reader.read_until(b'\n', &mut first)?;
    let mut second = Vec::new();
    reader.read_until(b'\n', &mut second)?;
    let first_probe = probe(&first);
    let second_blank = second.iter().all(u8::is_ascii_whitespace);
    let rest_is_empty = second_blank && reader.fill_buf()?.is_empty();
    if let (Some(probe), true) = (&first_probe, rest_is_empty) {
        return Ok(classify_document(first, probe, registry));
    }
    if first_probe.is_some() || (!second_blank && is_json_value(&second)) {
        let prefix = Cursor::new([first, second].concat());
        return Ok(Shape::Lines(Box::new(BufReader::new(prefix.chain(reader)))));
    }
    let mut whole = [first, second].concat();
    reader.read_to_end(&mut whole)?;
    // Nothing followed the first line: it is the whole document, and it was probed already.
    let whole_probe = if rest_is_empty { None } else { probe(&whole) };
    match whole_probe {
        Some(probe) => Ok(classify_document(whole, &probe, registry)),
        None if has_complete_object_line(&whole) => Ok(Shape::Lines(Box::new(Cursor::new(whole)))),
        None => Ok(Shape::Single(whole, Recognition::NotJson)),
    }
}

/// One pass over a document's top level, without explaining a failure (shape detection only
/// needs to know).
fn probe(bytes: &[u8]) -> Option<Probe> {
    serde_json::from_slice(bytes).ok()
}

/// Whether a line of `bytes` starts with `{` at its first byte and is a complete JSON value: a
/// record of newline-delimited JSON. A pretty-printed document never has one (nested values are
/// indented), so a broken document is not mistaken for records.
fn has_complete_object_line(bytes: &[u8]) -> bool {
    bytes
        .split(|byte| *byte == b'\n')
        .any(|line| line.first() == Some(&b'{') && is_json_value(line))
}

fn classify_document(bytes: Vec<u8>, probe: &Probe, registry: &Registry) -> Shape {
    match registry.pages(probe) {
        Some(pages) => Shape::Page(bytes, pages),
        None => Shape::Single(
            bytes,
            registry
                .recognise(probe)
                .map_or(Recognition::Unrecognised, Recognition::Resource),
        ),
    }
}

/// Streams the elements of a JSON array to `each`, in batches of `batch` elements, with flat
/// memory. Returns the number of elements, or the array's syntax error (with the elements before
/// it already handed over).
pub fn stream_array(
    reader: Box<dyn BufRead>,
    batch: usize,
    each: &mut dyn FnMut(&[Box<RawValue>]),
) -> Result<usize, serde_json::Error> {
    use serde::de::Deserializer as _;

    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    let count = (&mut deserializer).deserialize_seq(Elements { batch, each })?;
    deserializer.end()?;
    Ok(count)
}

/// The visitor of [`stream_array`]: hands the elements over `batch` at a time.
struct Elements<'f> {
    batch: usize,
    each: &'f mut dyn FnMut(&[Box<RawValue>]),
}

impl<'de> serde::de::Visitor<'de> for Elements<'_> {
    type Value = usize;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON array of records")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut pending = Vec::with_capacity(self.batch);
        let mut count = 0;
        loop {
            let element = match seq.next_element::<Box<RawValue>>() {
                Ok(Some(element)) => element,
                Ok(None) => break,
                Err(error) => {
                    // The elements read before the break are still good: hand them over.
                    if !pending.is_empty() {
                        (self.each)(&pending);
                    }
                    return Err(error);
                }
            };
            pending.push(element);
            count += 1;
            if pending.len() == self.batch {
                (self.each)(&pending);
                pending.clear();
            }
        }
        if !pending.is_empty() {
            (self.each)(&pending);
        }
        Ok(count)
    }
}
