//! A borrowed tape over JSON text: how the validator reads a document the crate has just written.
//!
//! Every document the crate hands out is JSON text, and every one is validated first. Building a
//! tree of owned values ([`JsonValue`](super::JsonValue)) only to be read once by the validator
//! and dropped costs a string per key and per value, a map per object, a vector per array, and
//! as many frees: most of what mapping a record used to cost. A [`Tape`] is one flat vector of
//! entries in document order, each pointing into the text (its byte range) and, for an array or
//! an object, to the entry after its last descendant, so that a member's value is skipped in one
//! step. Strings and keys are read from the text in place; only those with an escape (`\"`,
//! `\n`, `\u00e9`) are decoded, once, into a side list. One document costs two allocations
//! however large it is, and the verdict is on the exact bytes that leave the crate.
//!
//! A tape is made two ways: recorded while the crate writes its own output
//! (`super::recorder`: the text is never scanned again), or read from text the crate is given
//! ([`crate::schema::Target::validate_text`]).
//!
//! The validator reads a tape through [`TapeJson`], `jsonschema`'s [`Json`] trait: the same
//! compiled schema, the same keywords, the same error paths as the tree (checked on every
//! fixture and generated record in `tests/tape_validation.rs`).
//!
//! A tape reads one JSON value with the same grammar as the crate's tree reader: numbers by
//! JSON's grammar and kept as text, strings without raw control characters, escapes decoded by
//! serde_json, nesting bounded. It does not look for repeated keys: the crate's own documents
//! never repeat one (their models name each field once, and carried maps are cleared of the
//! names a model writes), and text from elsewhere is validated through the tree, which keeps a
//! repeated key's last value as serde_json does.

use std::borrow::Cow;

use jsonschema::JsonType;
use jsonschema::json::{Array, Json, Node, NodeIdentity, Object};

use super::node::NumberText;

/// A JSON document read in place: see the [module docs](self).
pub(crate) struct Tape<'t> {
    text: &'t str,
    entries: Vec<Entry>,
    /// The strings and keys that have an escape, decoded, in document order.
    decoded: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Null,
    True,
    False,
    Number,
    /// A string without escapes: its text is the entry's range less the quotes.
    Plain,
    /// A string with escapes: `link` is its index in `decoded`.
    Escaped,
    /// `link` is the number of elements.
    Array,
    /// `link` is the number of members; the members follow as key entry, value entries.
    Object,
}

/// 20 bytes: offsets and indexes fit `u32`, as a tape is only made of a text shorter than 4 GiB
/// (a longer one is read as a tree).
#[derive(Clone, Copy)]
pub(crate) struct Entry {
    kind: Kind,
    /// The value's bytes in the text, quotes and brackets included.
    start: u32,
    end: u32,
    /// The index of the entry after this value and all of its descendants.
    next: u32,
    link: u32,
}

/// The longest text a tape reads (its offsets are `u32`).
pub(crate) const MAX_TEXT: usize = u32::MAX as usize - 1;

// How the recorder (`super::recorder`) fills entries while it writes. Offsets and indexes
// fit `u32` for a text shorter than `MAX_TEXT`; a longer one's tape is never used.
impl Entry {
    pub(crate) fn new(kind: Kind, start: usize, next: usize) -> Self {
        Self {
            kind,
            start: start as u32,
            end: start as u32,
            next: next as u32,
            link: 0,
        }
    }

    pub(crate) fn finish(&mut self, end: usize, next: usize) {
        self.end = end as u32;
        self.next = next as u32;
    }

    pub(crate) fn add_child(&mut self) {
        self.link += 1;
    }

    pub(crate) fn mark_escaped(&mut self) {
        self.kind = Kind::Escaped;
    }
}

/// Entry buffers larger than this (about 1.3 MB) are not kept for the next text.
const MAX_KEPT_ENTRIES: usize = 1 << 16;

thread_local! {
    /// Each thread's entry buffer for reading text, reused from one text to the next (the crate
    /// reads many small values: every `metadata` of every record).
    static READ_ENTRIES: std::cell::Cell<Vec<Entry>> = const { std::cell::Cell::new(Vec::new()) };
}

/// `Tape::parse` into this thread's reused buffer, and `f` on the tape.
pub(crate) fn with_parsed<T>(
    text: &str,
    limit: usize,
    f: impl FnOnce(&Tape<'_>) -> T,
) -> Result<T, String> {
    let mut entries = READ_ENTRIES.take();
    entries.clear();
    let tape = Tape::read(text, limit, None, entries).map_err(Refused::into_message)?;
    let result = f(&tape);
    let entries = tape.into_entries();
    if entries.capacity() <= MAX_KEPT_ENTRIES {
        READ_ENTRIES.set(entries);
    }
    Ok(result)
}

impl<'t> Tape<'t> {
    /// Reads `text` as exactly one JSON value nested at most `limit` deep; the message says where
    /// it is not.
    #[cfg(test)]
    pub(crate) fn parse(text: &'t str, limit: usize) -> Result<Self, String> {
        Self::read(text, limit, None, Vec::new()).map_err(Refused::into_message)
    }

    /// `parse`, for text from elsewhere: `None` when an object repeats a key,
    /// which a tape does not resolve (see the [module docs](self)).
    pub(crate) fn parse_unique(text: &'t str, limit: usize) -> Result<Option<Self>, String> {
        match Self::read(text, limit, Some(Vec::new()), Vec::new()) {
            Ok(tape) => Ok(Some(tape)),
            Err(Refused::RepeatedKey) => Ok(None),
            Err(Refused::NotJson(message)) => Err(message),
        }
    }

    fn read(
        text: &'t str,
        limit: usize,
        keys: Option<Vec<usize>>,
        mut entries: Vec<Entry>,
    ) -> Result<Self, Refused> {
        if text.len() > MAX_TEXT {
            return Err("a text of 4 GiB or more".into());
        }
        // Measured on the crate's documents: one entry per 9 to 12 bytes.
        entries.reserve(text.len() / 10 + 1);
        let mut reader = Reader {
            tape: Tape {
                text,
                entries,
                decoded: Vec::new(),
            },
            at: 0,
            limit,
            keys,
            base: 0,
        };
        reader.value(0)?;
        reader.whitespace();
        if reader.at != text.len() {
            return Err("trailing characters after a JSON value".into());
        }
        Ok(reader.tape)
    }

    /// The tape the recorder noted while `text` was written: its escaped strings decoded, when
    /// it `may_escape` (most documents escape nothing, and need no pass over their entries).
    pub(crate) fn recorded(
        text: &'t str,
        mut entries: Vec<Entry>,
        may_escape: bool,
    ) -> Result<Self, String> {
        let mut decoded = Vec::new();
        let searched = if may_escape {
            &mut entries[..]
        } else {
            &mut []
        };
        for entry in searched
            .iter_mut()
            .filter(|entry| entry.kind == Kind::Escaped)
        {
            let quoted = text
                .get(entry.start as usize..entry.end as usize)
                .unwrap_or_default();
            let string = decode_escaped(quoted)?;
            entry.link = decoded.len() as u32;
            decoded.push(string);
        }
        Ok(Tape {
            text,
            entries,
            decoded,
        })
    }

    /// The entries, for the next document.
    pub(crate) fn into_entries(self) -> Vec<Entry> {
        self.entries
    }

    /// Reads `fragment`, written at byte `base` of a document being recorded, onto `entries`.
    pub(crate) fn read_fragment(
        fragment: &str,
        base: usize,
        entries: &mut Vec<Entry>,
    ) -> Result<(), String> {
        let mut reader = Reader {
            tape: Tape {
                text: fragment,
                entries: std::mem::take(entries),
                decoded: Vec::new(),
            },
            at: 0,
            limit: super::MAX_DEPTH * 2,
            keys: None,
            base,
        };
        let read = reader.value(0).map_err(Refused::into_message);
        reader.whitespace();
        *entries = reader.tape.entries;
        read?;
        if reader.at != fragment.len() {
            return Err("trailing characters after a raw JSON value".into());
        }
        Ok(())
    }

    /// The document as a tree (what [`JsonValue`](super::JsonValue)'s reader returns): a repeated
    /// key keeps its first place and its last value, as serde_json's ordered map does.
    pub(crate) fn tree(&self) -> super::JsonValue {
        self.tree_at(0)
    }

    fn tree_at(&self, index: usize) -> super::JsonValue {
        use super::{JsonNumber, JsonObject, JsonValue};
        let Some(entry) = self.entry(index) else {
            return JsonValue::Null;
        };
        // The entries after `index`, one per element (or member: its key, its value following),
        // each found by skipping the previous value whole.
        let children = |step_over_key: usize| {
            let mut at = index + 1;
            (0..entry.link).map(move |_| {
                let here = at;
                at = self
                    .entry(here + step_over_key)
                    .map_or(usize::MAX, |child| child.next as usize);
                here
            })
        };
        match entry.kind {
            Kind::Null => JsonValue::Null,
            Kind::True => JsonValue::Bool(true),
            Kind::False => JsonValue::Bool(false),
            Kind::Number => {
                JsonValue::Number(JsonNumber::from_valid(self.slice(entry.start, entry.end)))
            }
            Kind::Plain | Kind::Escaped => {
                JsonValue::String(self.string(entry).unwrap_or_default().to_owned())
            }
            Kind::Array => JsonValue::Array(children(0).map(|at| self.tree_at(at)).collect()),
            Kind::Object => {
                let mut object = super::map_with_capacity(entry.link as usize);
                for key in children(1) {
                    let name = self.entry(key).and_then(|key| self.string(key));
                    let value = self.tree_at(key + 1);
                    object.insert(Cow::Owned(name.unwrap_or_default().to_owned()), value);
                }
                JsonValue::Object(JsonObject(object))
            }
        }
    }

    /// The document's root value.
    pub(crate) fn root(&self) -> TapeNode<'_> {
        TapeNode::Entry(self, 0)
    }

    fn entry(&self, index: usize) -> Option<&Entry> {
        self.entries.get(index)
    }

    fn slice(&self, start: u32, end: u32) -> &str {
        self.text
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    /// The text of the string at `index` (plain or decoded).
    fn string(&self, entry: &Entry) -> Option<&str> {
        match entry.kind {
            Kind::Plain => Some(self.slice(entry.start + 1, entry.end.saturating_sub(1))),
            Kind::Escaped => self.decoded.get(entry.link as usize).map(String::as_str),
            _ => None,
        }
    }
}

/// Fills a [`Tape`]: a recursive-descent reader of JSON's grammar that notes each value's extent.
struct Reader<'t> {
    tape: Tape<'t>,
    at: usize,
    limit: usize,
    /// When repeated keys are looked for: the key entries of the objects being read, innermost
    /// last.
    keys: Option<Vec<usize>>,
    /// Where the text read lies in the document (a raw fragment's place in its document).
    base: usize,
}

/// Why a text was not read onto a tape.
enum Refused {
    NotJson(String),
    RepeatedKey,
}

impl From<String> for Refused {
    fn from(message: String) -> Self {
        Refused::NotJson(message)
    }
}

impl Refused {
    fn into_message(self) -> String {
        match self {
            Refused::NotJson(message) => message,
            // Only looked for by `Tape::parse_unique`, which answers it.
            Refused::RepeatedKey => "a repeated key".to_owned(),
        }
    }
}

impl From<&str> for Refused {
    fn from(message: &str) -> Self {
        Refused::NotJson(message.to_owned())
    }
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.tape.text.as_bytes().get(self.at).copied()
    }

    fn whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    /// Adds an entry for the value starting at `start`, to be finished by [`Self::close`].
    // Offsets and indexes fit `u32`: the text is shorter than `MAX_TEXT`, and there are fewer
    // entries than bytes.
    fn open(&mut self, kind: Kind, start: usize) -> usize {
        let index = self.tape.entries.len();
        self.tape.entries.push(Entry {
            kind,
            start: (self.base + start) as u32,
            end: (self.base + start) as u32,
            next: index as u32 + 1,
            link: 0,
        });
        index
    }

    fn close(&mut self, index: usize, link: usize) {
        let next = self.tape.entries.len() as u32;
        if let Some(entry) = self.tape.entries.get_mut(index) {
            entry.end = (self.base + self.at) as u32;
            entry.next = next;
            entry.link = link as u32;
        }
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Result<(), Refused> {
        if self.tape.text.get(self.at..self.at + word.len()) == Some(word) {
            let index = self.open(kind, self.at);
            self.at += word.len();
            self.close(index, 0);
            Ok(())
        } else {
            Err(format!("expected {word} at byte {}", self.at).into())
        }
    }

    fn value(&mut self, depth: usize) -> Result<(), Refused> {
        self.whitespace();
        match self.peek() {
            Some(b'n') => self.literal("null", Kind::Null),
            Some(b't') => self.literal("true", Kind::True),
            Some(b'f') => self.literal("false", Kind::False),
            Some(b'"') => self.string(),
            Some(b'[') => self.array(self.deeper(depth).map_err(Refused::NotJson)?),
            Some(b'{') => self.object(self.deeper(depth).map_err(Refused::NotJson)?),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(format!("expected a JSON value at byte {}", self.at).into()),
        }
    }

    fn deeper(&self, depth: usize) -> Result<usize, String> {
        if depth >= self.limit {
            Err("recursion limit exceeded".into())
        } else {
            Ok(depth + 1)
        }
    }

    /// An array, at its `[`.
    fn array(&mut self, depth: usize) -> Result<(), Refused> {
        let index = self.open(Kind::Array, self.at);
        self.at += 1;
        self.whitespace();
        let mut count = 0;
        if self.peek() == Some(b']') {
            self.at += 1;
            self.close(index, count);
            return Ok(());
        }
        loop {
            self.value(depth)?;
            count += 1;
            self.whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    self.close(index, count);
                    return Ok(());
                }
                _ => return Err(format!("expected , or ] at byte {}", self.at).into()),
            }
        }
    }

    /// An object, at its `{`.
    fn object(&mut self, depth: usize) -> Result<(), Refused> {
        let index = self.open(Kind::Object, self.at);
        self.at += 1;
        self.whitespace();
        let mut count = 0;
        if self.peek() == Some(b'}') {
            self.at += 1;
            self.close(index, count);
            return Ok(());
        }
        let outer_keys = self.keys.as_ref().map(Vec::len);
        loop {
            self.whitespace();
            if self.peek() != Some(b'"') {
                return Err(format!("expected a key at byte {}", self.at).into());
            }
            let key = self.tape.entries.len();
            self.string()?;
            if let Some(outer) = outer_keys {
                self.check_repeat(outer, key)?;
            }
            self.whitespace();
            if self.peek() != Some(b':') {
                return Err(format!("expected : at byte {}", self.at).into());
            }
            self.at += 1;
            self.value(depth)?;
            count += 1;
            self.whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    self.close(index, count);
                    if let (Some(keys), Some(outer)) = (self.keys.as_mut(), outer_keys) {
                        keys.truncate(outer);
                    }
                    return Ok(());
                }
                _ => return Err(format!("expected , or }} at byte {}", self.at).into()),
            }
        }
    }

    /// Refuses the key at entry `key` if the object's keys read so far (those after `outer` in
    /// the list) have it already; otherwise lists it.
    fn check_repeat(&mut self, outer: usize, key: usize) -> Result<(), Refused> {
        let tape = &self.tape;
        let name = |index: usize| tape.entry(index).and_then(|entry| tape.string(entry));
        let Some(keys) = self.keys.as_mut() else {
            return Ok(());
        };
        let earlier = keys.get(outer..).unwrap_or_default();
        if earlier.iter().any(|&other| name(other) == name(key)) {
            return Err(Refused::RepeatedKey);
        }
        keys.push(key);
        Ok(())
    }

    /// A string or a key, at its opening quote.
    fn string(&mut self) -> Result<(), Refused> {
        let start = self.at;
        self.at += 1;
        let mut escaped = false;
        loop {
            self.at = skip_plain(self.tape.text.as_bytes(), self.at);
            match self.peek() {
                None => return Err("unterminated string".into()),
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.at += 2;
                }
                Some(_) => {
                    return Err(format!("control character in a string at byte {}", self.at).into());
                }
            }
        }
        self.at += 1;
        let quoted = self
            .tape
            .text
            .get(start..self.at)
            .ok_or("a string that is not UTF-8")?;
        if !escaped {
            let index = self.open(Kind::Plain, start);
            self.close(index, 0);
            return Ok(());
        }
        let text = decode_escaped(quoted)?;
        let link = self.tape.decoded.len();
        self.tape.decoded.push(text);
        let index = self.open(Kind::Escaped, start);
        self.close(index, link);
        Ok(())
    }

    /// A number: its characters, checked against JSON's grammar and kept as text.
    fn number(&mut self) -> Result<(), Refused> {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        ) {
            self.at += 1;
        }
        let text = self.tape.text.get(start..self.at).unwrap_or_default();
        if !super::is_json_number(text) {
            return Err(format!("{text} is not a JSON number").into());
        }
        let index = self.open(Kind::Number, start);
        self.close(index, 0);
        Ok(())
    }
}

/// A quoted JSON string with escapes, decoded: escapes (`\u00e9`, surrogate pairs) are serde_json's
/// to decode.
pub(super) fn decode_escaped(quoted: &str) -> Result<String, String> {
    serde_json::from_str(quoted).map_err(|error| error.to_string())
}

/// The index of the first byte at or after `at` that ends a run of plain string bytes: a quote,
/// a backslash or a control character (or `bytes.len()`).
///
/// Strings are most of a document's bytes, so they are scanned eight bytes at a time: a word
/// holding none of the three is skipped in a few instructions (the classic "has a zero byte"
/// test, on the word XORed with each byte sought, and its "has a byte below" variant). The last
/// bytes are one more word too, not a byte-at-a-time loop: most strings are short (keys, UUIDs,
/// dates), and their tails cost more than their words did.
pub(crate) fn skip_plain(bytes: &[u8], mut at: usize) -> usize {
    const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
    let word_at = |from: usize| {
        bytes
            .get(from..from + 8)
            .and_then(|chunk| <[u8; 8]>::try_from(chunk).ok())
            .map(u64::from_le_bytes)
    };
    while let Some(word) = word_at(at) {
        if let Some(found) = first_stopper(word) {
            return at + found;
        }
        at += 8;
    }
    if at >= bytes.len() {
        return bytes.len();
    }
    let word = match bytes
        .len()
        .checked_sub(8)
        .and_then(|from| Some((from, word_at(from)?)))
    {
        // The text's last word, shifted so that `at` is its first byte (`at - from` is 1 to 7:
        // the loop stopped short of a whole word) and filled up with plain spaces.
        Some((from, last)) => {
            let shift = (at - from) * 8;
            (last >> shift) | (SPACES << (64 - shift))
        }
        // A text shorter than a word, padded the same way.
        None => {
            let mut word = [b' '; 8];
            let tail = bytes.get(at..).unwrap_or_default();
            if let Some(head) = word.get_mut(..tail.len()) {
                head.copy_from_slice(tail);
            }
            u64::from_le_bytes(word)
        }
    };
    first_stopper(word).map_or(bytes.len(), |found| at + found)
}

/// The index of the first quote, backslash or control character in the eight bytes of `word`
/// (little-endian: the first byte lowest).
fn first_stopper(word: u64) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let below = |word: u64, byte: u8| word.wrapping_sub(ONES * u64::from(byte)) & !word & HIGHS;
    let found = below(word ^ (ONES * u64::from(b'"')), 1)
        | below(word ^ (ONES * u64::from(b'\\')), 1)
        | below(word, 0x20);
    // The lowest flag is exact: a borrow only ever flags bytes above a true match.
    (found != 0).then(|| (found.trailing_zeros() / 8) as usize)
}

// ---------------------------------------------------------------------------------------------
// The validator's view
// ---------------------------------------------------------------------------------------------

/// The representation: nodes are entries of a [`Tape`].
pub(crate) struct TapeJson;

impl Json for TapeJson {
    type Node<'a> = TapeNode<'a>;
    type PreparedKey = String;
    // Names checked by `propertyNames` are nodes of their own ([`TapeNode::Name`]).
    type StringBuffer = ();
    // A lookup is a scan of the members, so a pass over them is never dearer than lookups.
    const KEYS_PER_LOOKUP: usize = usize::MAX / 1024;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>(_: &mut (), string: &str, f: impl FnOnce(TapeNode<'_>) -> T) -> T {
        f(TapeNode::Name(string))
    }
}

/// One value of a [`Tape`], or a property name on its own.
#[derive(Clone, Copy)]
pub(crate) enum TapeNode<'a> {
    /// The entry at this index.
    Entry(&'a Tape<'a>, usize),
    /// A string that is not on a tape (a property name `propertyNames` checks).
    Name(&'a str),
}

impl<'a> TapeNode<'a> {
    fn parts(&self) -> Option<(&'a Tape<'a>, &'a Entry)> {
        match *self {
            TapeNode::Entry(tape, index) => tape.entry(index).map(|entry| (tape, entry)),
            TapeNode::Name(_) => None,
        }
    }

    fn kind(&self) -> Option<Kind> {
        match self {
            TapeNode::Entry(..) => self.parts().map(|(_, entry)| entry.kind),
            TapeNode::Name(_) => Some(Kind::Plain),
        }
    }

    fn container(&self, kind: Kind) -> Option<Container<'a>> {
        let (tape, entry) = self.parts()?;
        match self {
            TapeNode::Entry(_, index) if entry.kind == kind => Some(Container {
                tape,
                index: *index,
                len: entry.link as usize,
            }),
            _ => None,
        }
    }
}

impl<'a> Node<'a, TapeJson> for TapeNode<'a> {
    type Object = TapeObject<'a>;
    type Array = TapeArray<'a>;
    type Number = NumberText<'a>;

    fn as_object(&self) -> Option<TapeObject<'a>> {
        self.container(Kind::Object).map(TapeObject)
    }

    fn as_array(&self) -> Option<TapeArray<'a>> {
        self.container(Kind::Array).map(TapeArray)
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match *self {
            TapeNode::Name(name) => Some(Cow::Borrowed(name)),
            TapeNode::Entry(..) => {
                let (tape, entry) = self.parts()?;
                tape.string(entry).map(Cow::Borrowed)
            }
        }
    }

    fn as_number(&self) -> Option<NumberText<'a>> {
        let (tape, entry) = self.parts()?;
        (entry.kind == Kind::Number).then(|| NumberText(tape.slice(entry.start, entry.end)))
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.kind()? {
            Kind::True => Some(true),
            Kind::False => Some(false),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        self.kind() == Some(Kind::Null)
    }

    fn is_number(&self) -> bool {
        self.kind() == Some(Kind::Number)
    }

    fn json_type(&self) -> JsonType {
        match self.kind() {
            Some(Kind::Null) | None => JsonType::Null,
            Some(Kind::True | Kind::False) => JsonType::Boolean,
            Some(Kind::Number) => JsonType::Number,
            Some(Kind::Plain | Kind::Escaped) => JsonType::String,
            Some(Kind::Array) => JsonType::Array,
            Some(Kind::Object) => JsonType::Object,
        }
    }

    // Cold: errors, annotations, `const` / `enum` / `uniqueItems`. Read through the tree reader,
    // so that a value looks exactly as it does to the tree's validator.
    fn to_value(&self) -> Cow<'a, serde_json::Value> {
        let value = match *self {
            TapeNode::Name(name) => serde_json::Value::String(name.to_owned()),
            TapeNode::Entry(..) => self
                .parts()
                .and_then(|(tape, entry)| {
                    super::exact_for_validation(tape.slice(entry.start, entry.end))
                })
                .map(|value| value.to_serde_lossy())
                .unwrap_or_default(),
        };
        Cow::Owned(value)
    }

    fn identity(&self) -> Option<NodeIdentity> {
        match *self {
            // An entry's address is its own while the tape lives.
            TapeNode::Entry(..) => self
                .parts()
                .map(|(_, entry)| NodeIdentity::new(std::ptr::from_ref(entry) as usize)),
            TapeNode::Name(name) => Some(NodeIdentity::tagged(name.as_ptr() as usize, 1)),
        }
    }
}

/// An array or an object on a tape.
#[derive(Clone, Copy)]
struct Container<'a> {
    tape: &'a Tape<'a>,
    index: usize,
    len: usize,
}

impl Container<'_> {
    /// The index of the first child's entry.
    fn first(&self) -> usize {
        self.index + 1
    }

    /// The index after the subtree at `index`.
    fn after(&self, index: usize) -> usize {
        self.tape
            .entry(index)
            .map_or(usize::MAX, |entry| entry.next as usize)
    }
}

/// An object on a tape.
pub(crate) struct TapeObject<'a>(Container<'a>);

/// An array on a tape.
pub(crate) struct TapeArray<'a>(Container<'a>);

/// The members of a [`TapeObject`], as the validator reads them.
pub(crate) struct Members<'a> {
    object: Container<'a>,
    key: usize,
    left: usize,
}

impl<'a> Iterator for Members<'a> {
    type Item = (Cow<'a, str>, TapeNode<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let tape = self.object.tape;
        let name = tape.string(tape.entry(self.key)?)?;
        let value = self.key + 1;
        self.key = self.object.after(value);
        Some((Cow::Borrowed(name), TapeNode::Entry(tape, value)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.left))
    }
}

impl<'a> Object<'a, TapeJson> for TapeObject<'a> {
    type Node = TapeNode<'a>;
    type MemberName = Cow<'a, str>;
    type MembersIter = Members<'a>;

    fn len(&self) -> usize {
        self.0.len
    }

    fn get(&self, key: &String) -> Option<TapeNode<'a>> {
        self.members()
            .find(|(name, _)| name.as_ref() == key.as_str())
            .map(|(_, value)| value)
    }

    fn members(&self) -> Members<'a> {
        Members {
            object: self.0,
            key: self.0.first(),
            left: self.0.len,
        }
    }
}

/// The elements of a [`TapeArray`].
pub(crate) struct Elements<'a> {
    array: Container<'a>,
    at: usize,
    left: usize,
}

impl<'a> Iterator for Elements<'a> {
    type Item = TapeNode<'a>;

    fn next(&mut self) -> Option<TapeNode<'a>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let at = self.at;
        self.at = self.array.after(at);
        Some(TapeNode::Entry(self.array.tape, at))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<'a> Array<'a, TapeJson> for TapeArray<'a> {
    type Node = TapeNode<'a>;
    type ElementsIter = Elements<'a>;

    fn len(&self) -> usize {
        self.0.len
    }

    fn elements(&self) -> Elements<'a> {
        Elements {
            array: self.0,
            at: self.0.first(),
            left: self.0.len,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unreachable)]
/// Walks a tape back into a tree, through the validator's view only.
pub(crate) fn tree_of(node: TapeNode<'_>) -> super::JsonValue {
    use super::{JsonNumber, JsonValue};
    use jsonschema::json::JsonNumber as _;
    if let Some(object) = node.as_object() {
        return JsonValue::Object(
            object
                .members()
                .map(|(name, value)| (name.into_owned(), tree_of(value)))
                .collect(),
        );
    }
    if let Some(array) = node.as_array() {
        return JsonValue::Array(array.elements().map(tree_of).collect());
    }
    if let Some(number) = node.as_number() {
        return JsonValue::Number(
            JsonNumber::from_text(&number.as_str()).unwrap_or_else(|| unreachable!()),
        );
    }
    if let Some(text) = node.as_string() {
        return JsonValue::String(text.into_owned());
    }
    match node.as_boolean() {
        Some(flag) => JsonValue::Bool(flag),
        None => {
            assert!(node.is_null());
            JsonValue::Null
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Read, then written by serde_json: the text comes back exactly (compacted), through the
    /// tree and through the validator's view alike.
    #[test]
    fn a_tape_reads_every_value_exactly() {
        let cases = [
            (
                r#"{"a":1,"b":[true,false,null,{"c":"d"}],"e":{},"f":[],"g":-0}"#,
                r#"{"a":1,"b":[true,false,null,{"c":"d"}],"e":{},"f":[],"g":-0}"#,
            ),
            (
                r#" { "z" : 1e+400 , "m" : [ 0.10 , 100000000000000000000000000001 ] } "#,
                r#"{"z":1e+400,"m":[0.10,100000000000000000000000000001]}"#,
            ),
            (
                r#"{"esc\"aped":"line\nbreak \u00e9 \ud83d\ude00","plain":"x"}"#,
                r#"{"esc\"aped":"line\nbreak é 😀","plain":"x"}"#,
            ),
            (
                r#"[[[[]]],{"a":{"b":{"c":[1,2,3]}}},"",-12.5e-3]"#,
                r#"[[[[]]],{"a":{"b":{"c":[1,2,3]}}},"",-12.5e-3]"#,
            ),
            // A repeated key keeps its first place and its last value.
            (r#"{"a":1,"b":2,"a":{"c":3}}"#, r#"{"a":{"c":3},"b":2}"#),
            ("\"only a string\"", "\"only a string\""),
            ("42", "42"),
        ];
        for (text, written) in cases {
            let tape = Tape::parse(text, 256).unwrap();
            let tree = tape.tree();
            assert_eq!(serde_json::to_string(&tree).unwrap(), written, "{text}");
            if !text.contains(r#""a":1,"b":2,"a""#) {
                assert_eq!(tree_of(tape.root()), tree, "{text}");
            }
            assert_eq!(
                tape.root().to_value().into_owned(),
                tree.to_serde_lossy(),
                "{text}"
            );
        }
    }

    /// Texts that are not one JSON value (also the direct reader's, `super::super::direct`).
    pub(in crate::json) const NOT_JSON: [&str; 16] = [
        "",
        "{",
        "[1,]",
        r#"{"a" 1}"#,
        r#"{"a":1,}"#,
        "01",
        "1.",
        "-",
        "+1",
        "nul",
        "\"\u{1}\"",
        r#""\x""#,
        r#""\ud800""#,
        "{} {}",
        "[1] x",
        "\"unterminated\\",
    ];

    /// Text that is not one JSON value is refused, by the tape and so by the tree built from it.
    #[test]
    fn what_is_not_json_is_refused() {
        for text in NOT_JSON {
            assert!(Tape::parse(text, 256).is_err(), "{text:?}");
            assert!(
                super::super::exact_for_validation(text).is_none(),
                "{text:?}"
            );
        }
        let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
        assert!(Tape::parse(&deep, 256).is_err());
        assert!(Tape::parse(&deep, 300).is_ok());
    }

    #[test]
    fn plain_runs_end_at_the_first_special_byte() {
        // Fillers next to the bytes sought (0x21, 0x23, 0x5b, 0x5d), at the edge of the control
        // range (0x20), and beyond ASCII, where a borrow could flag a wrong byte.
        let fillers = [b'a', 0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xff];
        for special in [b'"', b'\\', 0x00, 0x01, 0x1f, b'\n'] {
            for filler in fillers {
                for length in 0..40 {
                    for start in 0..3.min(length + 1) {
                        let mut bytes = vec![filler; length];
                        bytes.extend_from_slice(&[special, special, filler, b'"']);
                        assert_eq!(
                            skip_plain(&bytes, start),
                            length,
                            "{special:#x} after {length} x {filler:#x}"
                        );
                    }
                }
            }
        }
        // Bytes just above the control range, and UTF-8 beyond ASCII, are plain.
        let text = "\u{20}\u{21}\u{23}\u{5b}\u{5d}\u{7f}é€😀 ~";
        assert_eq!(skip_plain(text.as_bytes(), 0), text.len());
    }

    #[test]
    fn plain_runs_agree_with_a_byte_by_byte_scan_at_every_offset() {
        let naive = |bytes: &[u8], at: usize| {
            (at..bytes.len())
                .find(|&i| matches!(bytes[i], b'"' | b'\\' | 0x00..=0x1f))
                .unwrap_or(bytes.len())
        };
        // Every length around one and two words, a stopper at every place or none, scanned from
        // every start: before the stopper (found), after it (not seen), in short texts and in the
        // overlapping last word of long ones.
        for length in 0..26 {
            for filler in [b'a', 0x20, 0x7f, 0xff] {
                for stopper in [None, Some(b'"'), Some(b'\\'), Some(0x00), Some(0x1f)] {
                    for place in 0..length.max(1) {
                        let mut bytes = vec![filler; length];
                        if let (Some(stopper), Some(byte)) = (stopper, bytes.get_mut(place)) {
                            *byte = stopper;
                        }
                        for start in 0..=length {
                            assert_eq!(
                                skip_plain(&bytes, start),
                                naive(&bytes, start),
                                "{bytes:?} from {start}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn lookups_skip_whole_values() {
        let text = r#"{"a":{"x":[1,{"y":2}]},"b":[[1],[2]],"c":"found"}"#;
        let tape = Tape::parse(text, 16).unwrap();
        let object = tape.root().as_object().unwrap();
        assert_eq!(object.len(), 3);
        let found = object.get(&"c".to_owned()).unwrap();
        assert_eq!(found.as_string().as_deref(), Some("found"));
        assert!(object.get(&"x".to_owned()).is_none());
        let b = object.get(&"b".to_owned()).unwrap().as_array().unwrap();
        assert_eq!(b.len(), 2);
        let second: Vec<_> = b.elements().collect();
        assert_eq!(
            tree_of(second[1]),
            super::super::JsonValue::from_text("[2]").unwrap()
        );
    }
}
