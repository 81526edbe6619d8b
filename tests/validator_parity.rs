//! The validator reads documents in place (a tape over their text, through jsonschema's generic
//! instance representation) instead of a `serde_json::Value`. That must not change a single
//! verdict: for every JSON fixture (good, invalid, pages, fuzz regressions) against every target,
//! `Target::validate_text` finds exactly the violations (instance path, schema path, message)
//! that jsonschema's own `serde_json::Value` validator finds, built here the same way from the
//! same vendored document. (`tests/tape_validation.rs` checks the crate's tree view and its
//! mappers' path against the tape.)

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

mod common;

use std::collections::BTreeSet;

use unified_accounting::schema::{SchemaError, Target};

/// jsonschema's stock validator for `target`, as the crate builds its own: draft 2020-12, formats
/// asserted, the vendored document as the only resource.
fn stock_validator(target: &Target) -> jsonschema::Validator {
    let uri = "urn:unified-accounting:parity";
    let document: serde_json::Value = serde_json::from_str(target.document().text()).unwrap();
    let registry = jsonschema::Registry::new()
        .add(uri, document)
        .and_then(|registry| registry.prepare())
        .unwrap();
    let root = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("{uri}#/components/schemas/{}", target.component()),
    });
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .offline()
        .with_registry(&registry)
        .build(&root)
        .unwrap()
}

type Found = BTreeSet<(String, String, String)>;

/// The one expected difference: an `additionalProperties` message lists the unexpected keys in
/// the document's order from the exact tree, and sorted from a `Value` (whose map sorts them).
/// Compared as sets.
fn normalized(message: String) -> String {
    const HEAD: &str = "Additional properties are not allowed (";
    const TAIL: &str = " were unexpected)";
    match message
        .strip_prefix(HEAD)
        .and_then(|rest| rest.strip_suffix(TAIL))
    {
        Some(names) => {
            let mut names: Vec<&str> = names.split(", ").collect();
            names.sort_unstable();
            format!("{HEAD}{}{TAIL}", names.join(", "))
        }
        None => message,
    }
}

#[test]
fn in_place_verdicts_equal_the_stock_validators_on_every_fixture() {
    let mut files = Vec::new();
    common::json_files(&common::root().join("fixtures"), &mut files);
    files.sort();
    let mut compared = 0;
    let mut invalid = 0;
    for target in unified_accounting::Registry::builtin().targets() {
        let stock = stock_validator(target);
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap();
            // Only documents a `serde_json::Value` can hold can be compared (every fixture but
            // a few fuzz regressions that are not JSON at all).
            let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
                continue;
            };
            let expected: Found = stock
                .iter_errors(&value)
                .map(|error| {
                    (
                        error.instance_path().to_string(),
                        error.schema_path().to_string(),
                        normalized(error.masked().to_string()),
                    )
                })
                .collect();
            let found: Found = match target.validate_text(&text) {
                Ok(()) => Found::new(),
                Err(SchemaError::Invalid(violations)) => violations
                    .violations()
                    .iter()
                    .map(|violation| {
                        (
                            violation.instance_path.clone(),
                            violation.schema_path.clone(),
                            normalized(violation.message.clone()),
                        )
                    })
                    .collect(),
                Err(other) => panic!("{target} {}: {other}", path.display()),
            };
            assert_eq!(found, expected, "{target} on {}", path.display());
            compared += 1;
            invalid += usize::from(!found.is_empty());
        }
    }
    // Every target meets documents it accepts and documents it refuses.
    assert!(
        compared > 100 && invalid > 50,
        "{compared} compared, {invalid} invalid"
    );
}
