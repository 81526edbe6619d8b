//! Bulk mapping and the CLI ask only for the unified refund's JSON text
//! (`Resource::to_unified_json`, `Registry::to_unified_json`), and Thredfi then writes what it
//! carries in `custom_mappings` straight from the record instead of building it as a tree first.
//! That must change nothing: the text, the warnings and any error must be those of the typed
//! path (`to_unified`, whose text is the typed refund written whole), byte for byte, on every
//! fixture record (good, invalid, real traffic, page records, fuzz regressions) and on generated
//! records, under each set of options (business id or none, strict or not).

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

mod common;

#[path = "properties/generators.rs"]
mod generators;

use proptest::prelude::*;
use unified_accounting::thredfi::RefundKind;
use unified_accounting::{Error, MapOptions, Mapped, Registry};

fn option_sets() -> Vec<MapOptions> {
    let business = || unified_accounting::thredfi::Options::new().business_id(common::BUSINESS_ID);
    vec![
        MapOptions::new(),
        MapOptions::new().with(business()),
        MapOptions::new().with(business()).strict(true),
    ]
}

/// The typed path's outcome as text, and the text path's, side by side.
type Outcome = Result<(String, Vec<unified_accounting::Warning>), Error>;

fn typed(result: Result<Mapped<unified_accounting::ValidatedRefund>, Error>) -> Outcome {
    result.map(|mapped| (mapped.output.json().get().to_owned(), mapped.warnings))
}

fn text(result: Result<Mapped<unified_accounting::ValidatedJson>, Error>) -> Outcome {
    result.map(|mapped| (mapped.output.get().to_owned(), mapped.warnings))
}

/// Both paths agree on `record`, through the registry (resource guessed) and through each
/// resource named. Returns whether the registry mapped it (so that a test can tell it checked
/// real outputs, not only errors).
#[track_caller]
fn same_on_both_paths(record: &[u8], what: &str) -> bool {
    let mut mapped = false;
    for options in option_sets() {
        let registry = Registry::builtin();
        let by_registry = typed(registry.to_unified(record, &options));
        assert_eq!(
            by_registry,
            text(registry.to_unified_json(record, &options)),
            "{what}: registry, {options:?}"
        );
        if let Ok((json, _)) = &by_registry {
            assert!(json.contains("\"custom_mappings\":{"), "{what}: {json}");
            mapped = true;
        }
        for resource in RefundKind::ALL {
            let resource = resource.as_dyn();
            assert_eq!(
                typed(resource.to_unified(record, &options)),
                text(resource.to_unified_json(record, &options)),
                "{what}: {resource}, {options:?}"
            );
        }
    }
    mapped
}

/// Every record the fixtures hold: single records, NDJSON lines and page results.
fn fixture_records() -> Vec<(String, Vec<u8>)> {
    let mut records = Vec::new();
    let mut files = Vec::new();
    for folder in [
        "fixtures/thredfi",
        "fixtures/invalid",
        "fixtures/fuzz_regressions",
    ] {
        common::json_files(&common::root().join(folder), &mut files);
        common::files(&common::root().join(folder), "ndjson", &mut files);
    }
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = common::relative(&path);
        if name.ends_with(".ndjson") {
            for (line, text) in bytes.split(|&byte| byte == b'\n').enumerate() {
                if !text.iter().all(u8::is_ascii_whitespace) {
                    records.push((format!("{name}:{}", line + 1), text.to_vec()));
                }
            }
            continue;
        }
        let page = serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|value| value.get("results").and_then(|r| r.as_array()).cloned());
        if let Some(results) = page {
            for (index, result) in results.iter().enumerate() {
                records.push((
                    format!("{name}/results/{index}"),
                    serde_json::to_vec(result).unwrap(),
                ));
            }
        }
        records.push((name, bytes));
    }
    records
}

#[test]
fn the_text_path_writes_what_the_typed_path_writes_on_every_fixture() {
    let records = fixture_records();
    assert!(records.len() > 100, "{} fixture records", records.len());
    let mapped = records
        .iter()
        .filter(|(name, record)| same_on_both_paths(record, name))
        .count();
    assert!(mapped > 50, "only {mapped} fixture records mapped");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn the_text_path_writes_what_the_typed_path_writes_on_generated_records(
        record in prop_oneof![generators::customer_refund(), generators::vendor_refund()],
    ) {
        same_on_both_paths(&serde_json::to_vec(&record).unwrap(), "generated");
    }
}
