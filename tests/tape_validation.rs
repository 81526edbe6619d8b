//! The crate validates what it writes without building a tree: the validator reads the written
//! text in place (a tape, `src/json/tape.rs`). That must not change a single verdict. Against the
//! tree path (`Target::validate_json` on the exact `JsonValue` tree, a second, independent view of
//! a document for the validator; the tape itself is checked against jsonschema's stock
//! `serde_json::Value` validator in `tests/validator_parity.rs`), the tape path must find the
//! same violations, in the same order, with the same instance paths, schema paths and messages:
//!
//! - `Target::validate_text` (the tape, for text from anywhere) on every JSON fixture (good,
//!   invalid, pages, fuzz regressions) against every target;
//! - `mapping::validated` (the path every mapper ends with: the tape recorded while the crate
//!   writes the document, `src/json/recorder.rs`) on the same documents;
//! - both, on generated Thredfi records, generated unified refunds (plausible and hostile), the
//!   unified refunds mapped from generated records, and each of those damaged at one generated
//!   place with generated JSON, so that every keyword meets documents it refuses.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

mod common;

#[path = "properties/generators.rs"]
mod generators;

use proptest::prelude::*;
use serde_json::Value;
use unified_accounting::json::JsonValue;
use unified_accounting::schema::{SchemaError, Target, Violation};
use unified_accounting::thredfi::{customer_refund, vendor_refund};
use unified_accounting::{MapOptions, MappingError, Registry, decode, mapping};

/// A verdict, comparable: the violations in the order they were found.
type Verdict = Result<(), Vec<Violation>>;

fn verdict(result: Result<(), SchemaError>, what: &str) -> Verdict {
    match result {
        Ok(()) => Ok(()),
        Err(SchemaError::Invalid(found)) => Err(found.violations().to_vec()),
        Err(other) => panic!("{what}: {other}"),
    }
}

fn tree_verdict(target: &Target, text: &str) -> Verdict {
    let tree = JsonValue::from_text(text).unwrap();
    verdict(target.validate_json(&tree), "tree")
}

fn tape_verdict(target: &Target, text: &str) -> Verdict {
    verdict(target.validate_text(text), "tape")
}

/// The mappers' path: the document written by the crate's writer, checked on the tape recorded as it was
/// written.
fn written_verdict(target: &'static Target, text: &str) -> Verdict {
    let tree = JsonValue::from_text(text).unwrap();
    match mapping::validated(&tree, target) {
        Ok(validated) => {
            assert_eq!(validated.get(), tree.to_text(), "the text that was checked");
            Ok(())
        }
        Err(MappingError::InvalidOutput(error)) => verdict(Err(error), "written"),
        Err(other) => panic!("written: {other}"),
    }
}

/// Checks the three paths agree on `text` against every target; returns how many refused it.
fn agree(text: &str, what: &str) -> usize {
    let mut refused = 0;
    for target in Registry::builtin().targets() {
        let tree = tree_verdict(target, text);
        assert_eq!(tape_verdict(target, text), tree, "{target} on {what}");
        assert_eq!(
            written_verdict(target, text),
            tree,
            "{target} on {what} (written)"
        );
        refused += usize::from(tree.is_err());
    }
    refused
}

#[test]
fn the_tape_finds_what_the_tree_finds_on_every_fixture() {
    let mut files = Vec::new();
    common::json_files(&common::root().join("fixtures"), &mut files);
    files.sort();
    let (mut documents, mut refusals) = (0, 0);
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        // The fuzz regressions that are not JSON at all are refused by both readers alike.
        if JsonValue::from_text(&text).is_err() {
            for target in Registry::builtin().targets() {
                assert!(
                    matches!(
                        target.validate_text(&text),
                        Err(SchemaError::NotJson { .. })
                    ),
                    "{target} on {}",
                    path.display()
                );
            }
            continue;
        }
        refusals += agree(&text, &path.display().to_string());
        documents += 1;
    }
    // Every target meets documents it accepts and documents it refuses.
    assert!(
        documents > 50 && refusals > 100,
        "{documents} documents, {refusals} refusals"
    );
}

/// Text from elsewhere may repeat a key; the tape does not resolve that, so such text is read
/// as a tree, where the last value counts (as for serde_json and the receiving APIs).
#[test]
fn a_repeated_key_counts_with_its_last_value() {
    let target = &unified_accounting::unified::targets::REFUND;
    let last_good = r#"{"id":"r-1","total_amount":"12.50","total_amount":12.5}"#;
    let last_bad = r#"{"id":"r-1","total_amount":12.5,"total_amount":"12.50"}"#;
    assert_eq!(target.validate_text(last_good), Ok(()));
    let Err(SchemaError::Invalid(found)) = target.validate_text(last_bad) else {
        panic!("the last value is a string");
    };
    assert_eq!(found.violations()[0].instance_path, "/total_amount");
    // Also deep down, and not confused by the same key in a sibling or a parent.
    let nested = r#"{"id":"r-1","total_amount":1,"custom_mappings":{"a":{"id":1},"b":{"id":2,"x":{"id":3}}}}"#;
    assert_eq!(target.validate_text(nested), Ok(()));
    for text in [last_good, last_bad, nested] {
        assert_eq!(tape_verdict(target, text), tree_verdict(target, text));
    }
}

/// Every leaf and container of `value`, as JSON Pointers.
fn places(value: &Value, at: String, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                places(
                    item,
                    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                    found,
                );
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                places(item, format!("{at}/{index}"), found);
            }
        }
        _ => {}
    }
    found.push(at);
}

/// `text` with the value at one of its places (chosen by `pick`) replaced by `replacement`.
fn damaged(text: &str, pick: usize, replacement: Value) -> String {
    let mut value: Value = serde_json::from_str(text).unwrap();
    let mut found = Vec::new();
    places(&value, String::new(), &mut found);
    let place = &found[pick % found.len()];
    match value.pointer_mut(place) {
        Some(slot) => *slot = replacement,
        None => value = replacement,
    }
    serde_json::to_string(&value).unwrap()
}

/// The unified refund a Thredfi record maps to, as the crate writes it (exact numbers).
fn mapped(record: &Value) -> Option<String> {
    let bytes = serde_json::to_vec(record).unwrap();
    let options = MapOptions::new()
        .with(unified_accounting::thredfi::Options::new().business_id(common::BUSINESS_ID));
    let refund = if record.get("vendor_id").is_some() {
        let typed: vendor_refund::VendorRefund = decode::from_slice(&bytes).ok()?;
        vendor_refund::to_unified(&typed, &options).ok()?.output
    } else {
        let typed: customer_refund::CustomerRefund = decode::from_slice(&bytes).ok()?;
        customer_refund::to_unified(&typed, &options).ok()?.output
    };
    Some(serde_json::to_string(&refund).unwrap())
}

fn record() -> BoxedStrategy<Value> {
    prop_oneof![generators::customer_refund(), generators::vendor_refund()].boxed()
}

fn unified_refund() -> BoxedStrategy<Value> {
    prop_oneof![
        generators::plausible_unified_refund(),
        generators::hostile_unified_refund(),
        generators::unified_refund(),
    ]
    .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Generated Thredfi records, and the unified refunds they map to, whole and damaged.
    #[test]
    fn the_tape_finds_what_the_tree_finds_on_generated_records(
        record in record(),
        pick in any::<usize>(),
        replacement in generators::json(),
    ) {
        let text = serde_json::to_string(&record).unwrap();
        agree(&text, "a generated record");
        agree(&damaged(&text, pick, replacement.clone()), "a damaged record");
        if let Some(unified) = mapped(&record) {
            prop_assert_eq!(
                tape_verdict(&unified_accounting::unified::targets::REFUND, &unified),
                Ok(())
            );
            agree(&unified, "a mapped refund");
            agree(&damaged(&unified, pick, replacement), "a damaged mapped refund");
        }
    }

    /// Generated unified refunds (plausible, hostile, anything), whole and damaged.
    #[test]
    fn the_tape_finds_what_the_tree_finds_on_generated_unified_refunds(
        refund in unified_refund(),
        pick in any::<usize>(),
        replacement in generators::json(),
    ) {
        let text = serde_json::to_string(&refund).unwrap();
        agree(&text, "a generated unified refund");
        agree(&damaged(&text, pick, replacement), "a damaged unified refund");
    }
}
