//! Reading JSON text straight into a [`JsonValue`](super::JsonValue) tree.
//!
//! The crate's reader of JSON text is the [tape](super::tape): it notes where each value lies,
//! and a tree is then built from the tape. Reading a free-form value (a record's `metadata`, a
//! unified refund's whole `custom_mappings`) that way passes over the text twice and fills a tape
//! only to drop it; for `custom_mappings` of a unified refund mapped back to Thredfi that was the
//! largest single cost of the mapping.
//!
//! This reader builds the tree in one pass. It accepts exactly what the tape reader accepts and
//! builds the tree the tape would give (a repeated key keeps its first place and its last value),
//! but it does not explain a refusal: on anything it does not accept it answers `None`, and the
//! caller reads the text with the tape reader, whose message says what is wrong and where. So
//! valid text costs one pass and every error is still the tape reader's, word for word.

use std::borrow::Cow;

use super::tape::{decode_escaped, skip_plain};
use super::{JsonNumber, JsonObject, JsonValue};

/// `text` as exactly one JSON value nested at most `limit` deep, or `None` when the tape reader
/// would refuse it (or, for no other reason, when an escaped string cannot be decoded).
pub(crate) fn tree(text: &str, limit: usize) -> Option<JsonValue> {
    let (members, items) = BUFFERS.take();
    let mut reader = Direct {
        text,
        at: 0,
        limit,
        members,
        items,
    };
    let value = reader.value(0).filter(|_| {
        reader.whitespace();
        reader.at == text.len()
    });
    let Direct {
        mut members,
        mut items,
        ..
    } = reader;
    if members.capacity() <= MAX_KEPT && items.capacity() <= MAX_KEPT {
        // Left behind by a refusal half-way; empty after a value read whole.
        members.clear();
        items.clear();
        BUFFERS.set((members, items));
    }
    value
}

/// Buffers larger than this are not kept for the next text.
const MAX_KEPT: usize = 1 << 12;

/// A reader's member and item buffers (see [`Direct`]).
type Buffers = (Vec<(String, JsonValue)>, Vec<JsonValue>);

thread_local! {
    /// Each thread's buffers, reused from one text to the next (the crate reads many small
    /// values: every `metadata` of every record).
    static BUFFERS: std::cell::Cell<Buffers> = const { std::cell::Cell::new((Vec::new(), Vec::new())) };
}

struct Direct<'t> {
    text: &'t str,
    at: usize,
    limit: usize,
    /// The members of the objects being read, innermost last: one buffer for every object, so an
    /// object's map is made once at its final size.
    members: Vec<(String, JsonValue)>,
    /// The elements of the arrays being read, innermost last, for the same reason.
    items: Vec<JsonValue>,
}

impl<'t> Direct<'t> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Option<JsonValue> {
        self.whitespace();
        match self.peek()? {
            b'n' => self.literal("null", JsonValue::Null),
            b't' => self.literal("true", JsonValue::Bool(true)),
            b'f' => self.literal("false", JsonValue::Bool(false)),
            b'"' => self
                .string()
                .map(|text| JsonValue::String(text.into_owned())),
            b'[' => self.array(self.deeper(depth)?),
            b'{' => self.object(self.deeper(depth)?),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn deeper(&self, depth: usize) -> Option<usize> {
        (depth < self.limit).then_some(depth + 1)
    }

    fn literal(&mut self, word: &str, value: JsonValue) -> Option<JsonValue> {
        (self.text.get(self.at..self.at + word.len()) == Some(word)).then(|| {
            self.at += word.len();
            value
        })
    }

    /// An array, at its `[`.
    fn array(&mut self, depth: usize) -> Option<JsonValue> {
        self.at += 1;
        self.whitespace();
        let first = self.items.len();
        if self.peek() != Some(b']') {
            loop {
                let item = self.value(depth)?;
                self.items.push(item);
                self.whitespace();
                match self.peek()? {
                    b',' => self.at += 1,
                    b']' => break,
                    _ => return None,
                }
            }
        }
        self.at += 1;
        Some(JsonValue::Array(self.items.drain(first..).collect()))
    }

    /// An object, at its `{`.
    fn object(&mut self, depth: usize) -> Option<JsonValue> {
        self.at += 1;
        self.whitespace();
        let first = self.members.len();
        if self.peek() != Some(b'}') {
            loop {
                self.whitespace();
                if self.peek() != Some(b'"') {
                    return None;
                }
                let key = self.string()?.into_owned();
                self.whitespace();
                if self.peek() != Some(b':') {
                    return None;
                }
                self.at += 1;
                let value = self.value(depth)?;
                self.members.push((key, value));
                self.whitespace();
                match self.peek()? {
                    b',' => self.at += 1,
                    b'}' => break,
                    _ => return None,
                }
            }
        }
        self.at += 1;
        let members = self.members.drain(first..);
        let mut object = super::map_with_capacity(members.len());
        for (key, value) in members {
            object.insert(Cow::Owned(key), value);
        }
        Some(JsonValue::Object(JsonObject(object)))
    }

    /// A string or a key, at its opening quote: borrowed from the text unless it has escapes.
    fn string(&mut self) -> Option<Cow<'t, str>> {
        let start = self.at;
        self.at += 1;
        let mut escaped = false;
        loop {
            self.at = skip_plain(self.text.as_bytes(), self.at);
            match self.peek()? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.at += 2;
                }
                _ => return None,
            }
        }
        self.at += 1;
        if escaped {
            decode_escaped(self.text.get(start..self.at)?)
                .ok()
                .map(Cow::Owned)
        } else {
            self.text.get(start + 1..self.at - 1).map(Cow::Borrowed)
        }
    }

    /// A number: its characters, checked against JSON's grammar and kept as text.
    fn number(&mut self) -> Option<JsonValue> {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        ) {
            self.at += 1;
        }
        let text = self.text.get(start..self.at)?;
        super::is_json_number(text).then(|| JsonValue::Number(JsonNumber::from_valid(text)))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::tape::Tape;

    /// The direct reader's answer against the tape reader's: the same tree (compared as written
    /// text, which shows key order) where the tape accepts the text, `None` where it refuses.
    fn agree(text: &str, limit: usize) -> Result<(), TestCaseError> {
        let written = |tree| {
            serde_json::to_string(&tree).map_err(|error| TestCaseError::fail(error.to_string()))
        };
        let direct = super::tree(text, limit);
        match Tape::parse(text, limit) {
            Ok(tape) => {
                let direct = direct.ok_or_else(|| {
                    TestCaseError::fail(format!("refused what the tape reads: {text:?}"))
                })?;
                prop_assert_eq!(written(direct)?, written(tape.tree())?, "{:?}", text);
            }
            Err(_) => prop_assert!(direct.is_none(), "read what the tape refuses: {text:?}"),
        }
        Ok(())
    }

    fn fixture_texts() -> Vec<String> {
        fn walk(dir: &std::path::Path, texts: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, texts);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    if path.extension().is_some_and(|ext| ext == "ndjson") {
                        texts.extend(text.lines().map(str::to_owned));
                    } else {
                        texts.push(text);
                    }
                }
            }
        }
        let mut texts = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
            &mut texts,
        );
        texts
    }

    /// Every fixture (valid records, invalid ones, text that is not JSON), and the tape reader's
    /// own cases: repeated keys, escapes, exact numbers, refusals, the depth limit.
    #[test]
    fn the_direct_reader_agrees_with_the_tape_on_every_fixture() {
        let texts = fixture_texts();
        assert!(texts.len() > 50, "{} fixture texts", texts.len());
        let mut read = 0;
        for text in &texts {
            agree(text, 128).unwrap();
            read += usize::from(super::tree(text, 128).is_some());
        }
        assert!(read > 50, "{read} of {} read", texts.len());
        let cases = [
            r#"{"a":1,"b":2,"a":{"c":3}}"#,
            r#"{"esc\"aped":"line\nbreak \u00e9 \ud83d\ude00","plain":"x","a":{"a":1,"a":2}}"#,
            r#" { "z" : 1e+400 , "m" : [ 0.10 , 100000000000000000000000000001, -0 ] } "#,
        ];
        for text in cases.into_iter().chain(super::super::tape::tests::NOT_JSON) {
            agree(text, 128).unwrap();
        }
        for depth in [3, 4, 5] {
            let deep = format!("{}{}", "[{\"a\":".repeat(2), "}]".repeat(2));
            agree(&deep, depth).unwrap();
            let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            for limit in depth - 1..=depth + 1 {
                agree(&arrays, limit).unwrap();
            }
        }
    }

    fn json_text() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("null".to_owned()),
            Just("true".to_owned()),
            Just("false".to_owned()),
            proptest::sample::select(vec![
                "0",
                "-0",
                "12.50",
                "1e+400",
                "-3.2E-7",
                "18446744073709551616"
            ])
            .prop_map(str::to_owned),
            "[a-c\"\\\\\u{e9}\n]{0,6}".prop_map(|text| serde_json::to_string(&text).unwrap()),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4)
                    .prop_map(|items| format!("[{}]", items.join(","))),
                proptest::collection::vec(("[ab\"]{0,2}", inner), 0..4).prop_map(|members| {
                    let members: Vec<String> = members
                        .into_iter()
                        .map(|(key, value)| {
                            format!("{}: {value}", serde_json::to_string(&key).unwrap())
                        })
                        .collect();
                    format!("{{ {} }}", members.join(" ,"))
                }),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_048))]
        /// Generated JSON (repeated keys, escapes, exact numbers, whitespace), whole and with one
        /// byte replaced, removed or added anywhere.
        #[test]
        fn the_direct_reader_agrees_with_the_tape(
            text in json_text(),
            place in any::<proptest::sample::Index>(),
            byte in proptest::sample::select(b"\"\\{}[],: 0-e.\x01a".to_vec()),
            damage in 0..4u8,
            limit in 2..6usize,
        ) {
            agree(&text, limit)?;
            let mut bytes = text.into_bytes();
            let at = place.index(bytes.len() + 1);
            match damage {
                0 => {}
                1 if at < bytes.len() => bytes[at] = byte,
                2 if at < bytes.len() => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, byte),
            }
            if let Ok(damaged) = String::from_utf8(bytes) {
                agree(&damaged, limit)?;
            }
        }
    }
}
