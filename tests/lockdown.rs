//! Nothing lost, nothing let in: the guarantees that are configuration rather than code.
//!
//! - The library and the binary deny every panic path on input (`unwrap`, `expect`, `panic!`,
//!   unchecked indexing and slicing, unfinished code) and forbid `unsafe`, declared once in the
//!   workspace manifest (`[workspace.lints]`) and taken by every crate; `cargo clippy
//!   --all-targets -- -D warnings` (CI) enforces the lints, this test that they stay declared.
//! - The schema validator cannot reach the network or the file system: `jsonschema` is built
//!   without its resolver features, and no HTTP client is anywhere in the dependency graph. (That
//!   a `$ref` to an http or file URL is refused rather than fetched is the unit test
//!   `schema::tests::a_ref_outside_the_embedded_documents_is_refused_not_fetched`.)

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const DENIED: [&str; 11] = [
    "clippy::unwrap_used",
    "clippy::expect_used",
    "clippy::panic",
    "clippy::indexing_slicing",
    "clippy::string_slice",
    "clippy::get_unwrap",
    "clippy::unwrap_in_result",
    "clippy::panic_in_result_fn",
    "clippy::todo",
    "clippy::unimplemented",
    "clippy::unreachable",
];

fn manifest(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The lints are declared once, in the workspace manifest, and every crate of the workspace that
/// ships or runs code takes them; only the benchmarks' counting allocator (the one `unsafe` impl,
/// never a dependency of the library) stays out.
#[test]
fn every_crate_takes_the_workspace_lints() {
    let root = manifest("Cargo.toml");
    let section = |name: &str| -> String {
        let start = root
            .find(&format!("[{name}]\n"))
            .unwrap_or_else(|| panic!("Cargo.toml has no [{name}]"));
        let body = &root[start + name.len() + 3..];
        body[..body.find("\n[").unwrap_or(body.len())].to_owned()
    };
    assert!(
        section("workspace.lints.rust").contains("unsafe_code = \"forbid\""),
        "the workspace must forbid unsafe code"
    );
    let clippy = section("workspace.lints.clippy");
    for lint in DENIED {
        let name = lint.trim_start_matches("clippy::");
        assert!(
            clippy.contains(&format!("\n{name} = \"deny\""))
                || clippy.starts_with(&format!("{name} = \"deny\"")),
            "the workspace must deny {lint}"
        );
    }
    for member in ["Cargo.toml", "cli/Cargo.toml", "tests/embedder/Cargo.toml"] {
        assert!(
            manifest(member).contains("[lints]\nworkspace = true\n"),
            "{member} must take the workspace lints"
        );
    }
}

/// The resolved dependency graph: `jsonschema` without `resolve-http` / `resolve-file`, and no
/// crate that can speak HTTP at all.
#[test]
fn the_validator_has_no_way_to_fetch_anything() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // Only the host's packages: `cargo test` downloads nothing else, so a fresh cargo home holds
    // no crate of another platform (anstyle-wincon, windows-sys, ...), and an unfiltered
    // `--offline` resolve would fail on a clean machine while passing on a warm one.
    let output = Command::new(&cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--filter-platform",
            &host_triple(&cargo),
            "--manifest-path",
        ])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let names: std::collections::HashMap<&str, &str> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|package| {
            (
                package["id"].as_str().unwrap(),
                package["name"].as_str().unwrap(),
            )
        })
        .collect();
    let mut jsonschema_seen = false;
    for node in metadata["resolve"]["nodes"].as_array().unwrap() {
        let name = names[node["id"].as_str().unwrap()];
        let features: Vec<&str> = node["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|feature| feature.as_str().unwrap())
            .collect();
        assert!(
            ![
                "reqwest",
                "ureq",
                "hyper",
                "isahc",
                "curl",
                "attohttpc",
                "surf",
                "rustls",
                "native-tls"
            ]
            .contains(&name),
            "{name} is in the dependency graph: something could reach the network"
        );
        if name == "jsonschema" {
            jsonschema_seen = true;
            for feature in ["resolve-http", "resolve-file", "resolve-async", "default"] {
                assert!(
                    !features.contains(&feature),
                    "jsonschema is built with {feature}"
                );
            }
        }
    }
    assert!(jsonschema_seen, "jsonschema is the validator");
}

/// The host's target triple, as rustc reports it (`host: x86_64-unknown-linux-gnu`).
fn host_triple(cargo: &str) -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| {
        Path::new(cargo)
            .with_file_name("rustc")
            .to_string_lossy()
            .into_owned()
    });
    let rustc = if Path::new(&rustc).exists() {
        rustc
    } else {
        "rustc".into()
    };
    let output = Command::new(rustc)
        .arg("-vV")
        .output()
        .expect("rustc -vV runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .trim()
        .to_owned()
}

/// What an embedder compiles: the library with default features pulls in no CLI crate (clap,
/// indicatif), no allocator (mimalloc), no thread pool (rayon, only with `parallel`) and nothing
/// of the Python binding (pyo3).
#[test]
fn the_library_alone_depends_only_on_what_mapping_needs() {
    let tree = |features: &[&str]| -> Vec<String> {
        let args = [
            &[
                "-p",
                "unified-accounting",
                "-e",
                "normal",
                "--prefix",
                "none",
                "-f",
                "{p}",
            ][..],
            features,
        ]
        .concat();
        cargo_tree(&args)
            .lines()
            .filter_map(|line| line.split_whitespace().next())
            .map(str::to_owned)
            .collect()
    };
    let default = tree(&[]);
    assert!(
        default.iter().any(|name| name == "jsonschema"),
        "{default:?}"
    );
    for not_mapping in [
        "clap",
        "indicatif",
        "mimalloc",
        "rayon",
        "rayon-core",
        "pyo3",
    ] {
        assert!(
            !default.iter().any(|name| name == not_mapping),
            "{not_mapping} is in the library's default dependency tree"
        );
    }
    let parallel = tree(&["--features", "parallel"]);
    assert!(parallel.iter().any(|name| name == "rayon"), "{parallel:?}");
    for not_mapping in ["clap", "pyo3"] {
        assert!(
            !parallel.iter().any(|name| name == not_mapping),
            "{parallel:?}"
        );
    }
}

/// serde_json's global switches stay off: `arbitrary_precision` (it breaks an embedder's
/// untagged enums and flattened structs holding floats, serde-rs/json#721) and
/// `preserve_order`. Cargo unifies features across a build, so this is checked both for the
/// library as an embedder gets it (normal dependencies, default features) and for this
/// workspace's own test build, which would otherwise hide a dependency of the tests switching
/// them on for the library too. `tests/embedder` shows what an embedder's code does with them off.
#[test]
fn serde_json_global_features_stay_off() {
    for scope in [
        &["-p", "unified-accounting", "-e", "features,normal"][..],
        &["--workspace", "-e", "features"][..],
    ] {
        let tree = cargo_tree(&[&["-i", "serde_json"][..], scope].concat());
        assert!(tree.contains("serde_json feature \"raw_value\""), "{tree}");
        for switch in ["arbitrary_precision", "preserve_order"] {
            assert!(
                !tree.contains(&format!("serde_json feature \"{switch}\"")),
                "{scope:?}: serde_json is built with {switch}:\n{tree}"
            );
        }
    }
}

/// `cargo tree --offline` of this workspace with `args`: its output, or a failed test.
fn cargo_tree(args: &[&str]) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(&cargo)
        .args(["tree", "--offline", "--manifest-path"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .args(args)
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}
