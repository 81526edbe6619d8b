//! `schema drift --against FILE`: how a vendor's newer OpenAPI document differs from the vendored
//! schemas, and whether that affects the mappings.
//!
//! The comparison is the library's (`unified_accounting::drift`), which takes a parsed JSON value
//! so that an embedder's build never gains a YAML parser. This module only reads the file (JSON,
//! or YAML as Apideck and Thredfi publish their specs), picks the vendored document (`--provider`,
//! or recognised from the components the file has) and prints the report.
//!
//! Exit codes: 0 when nothing affects the mappings (informational differences may remain), 1
//! when something does, 2 when the file or the arguments cannot be used.

use std::io::{Read, Write};
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;
use serde_json::Value;
use unified_accounting::Registry;
use unified_accounting::drift::{self, Impact, Report};

use crate::input::Unusable;

/// The arguments of `schema drift`.
#[derive(Debug, Args)]
pub struct DriftArgs {
    /// The OpenAPI 3 document to compare with: JSON or YAML, with `components/schemas` (- reads
    /// standard input).
    #[arg(long, value_name = "FILE")]
    against: PathBuf,
    /// Which vendored document to compare it with: apideck or thredfi (default: recognised from
    /// the components the document has).
    #[arg(long, value_name = "PROVIDER")]
    provider: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// The report as `--json` prints it.
#[derive(Serialize)]
struct JsonReport<'a> {
    affects_mappings: bool,
    #[serde(flatten)]
    report: &'a Report,
}

/// Runs the check: `Ok(true)` when a difference affects the mappings.
pub fn run(registry: &Registry, args: &DriftArgs) -> Result<bool, Unusable> {
    let bytes = read(&args.against)?;
    let given = parse(&bytes).map_err(|error| {
        Unusable(format!(
            "{}: neither JSON nor YAML: {error}",
            args.against.display()
        ))
    })?;
    let profiles = drift::profiles(registry);
    let profile = match &args.provider {
        Some(name) => drift::profile_named(&profiles, name),
        None => drift::detect(&profiles, &given),
    }
    .map_err(|error| Unusable(format!("{}: {error}", args.against.display())))?;
    let report = drift::compare(profile, &given)
        .map_err(|error| Unusable(format!("{}: {error}", args.against.display())))?;
    let text = if args.json {
        let mut text = serde_json::to_string_pretty(&JsonReport {
            affects_mappings: report.affects_mappings(),
            report: &report,
        })
        .map_err(|error| Unusable(error.to_string()))?;
        text.push('\n');
        text
    } else {
        render(&report, &args.against.display().to_string())
    };
    // A reader that stops early (`| head`) is not an error of the check.
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(Unusable(format!("standard output: {error}")));
        }
        Ok(()) | Err(_) => {}
    }
    Ok(report.affects_mappings())
}

fn read(path: &PathBuf) -> Result<Vec<u8>, Unusable> {
    let mut bytes = Vec::new();
    let result = if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|read| bytes = read)
    };
    result.map_err(|error| Unusable(format!("{}: {error}", path.display())))?;
    Ok(bytes)
}

/// JSON when the document starts like JSON, YAML otherwise (YAML is a superset of JSON, but the
/// JSON parser is exact and gives better messages).
fn parse(bytes: &[u8]) -> Result<Value, String> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        return serde_json::from_slice(bytes).map_err(|e| e.to_string());
    }
    let mut yaml: serde_norway::Value =
        serde_norway::from_slice(bytes).map_err(|e| e.to_string())?;
    yaml.apply_merge().map_err(|e| e.to_string())?;
    yaml_to_json(yaml, 0)
}

/// YAML → JSON. Not through serde directly: OpenAPI YAML has non-string keys (response codes
/// such as `200:`), which a JSON object cannot hold, so keys are turned into their text.
fn yaml_to_json(value: serde_norway::Value, depth: usize) -> Result<Value, String> {
    use serde_norway::Value as Yaml;
    if depth > 256 {
        return Err("the YAML is nested too deeply".into());
    }
    Ok(match value {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Yaml::String(s) => Value::String(s),
        Yaml::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(|item| yaml_to_json(item, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Yaml::Mapping(mapping) => {
            let mut object = serde_json::Map::new();
            for (key, value) in mapping {
                let key = match key {
                    Yaml::String(s) => s,
                    Yaml::Number(n) => n.to_string(),
                    Yaml::Bool(b) => b.to_string(),
                    Yaml::Null => "null".into(),
                    Yaml::Sequence(_) | Yaml::Mapping(_) | Yaml::Tagged(_) => {
                        return Err("a YAML key that is not a scalar".into());
                    }
                };
                object.insert(key, yaml_to_json(value, depth + 1)?);
            }
            Value::Object(object)
        }
        Yaml::Tagged(tagged) => yaml_to_json(tagged.value, depth + 1)?,
    })
}

/// The text report: one line per difference, those affecting the mappings first.
fn render(report: &Report, file: &str) -> String {
    let mut out = format!(
        "schema drift: {file} against {} ({})\n",
        report.profile, report.document
    );
    let width = report
        .differences
        .iter()
        .map(|d| location(d).len())
        .max()
        .unwrap_or(0);
    for difference in &report.differences {
        let impact = match difference.impact {
            Impact::AffectsMappings => "affects mappings",
            Impact::Informational => "informational   ",
        };
        out.push_str(&format!(
            "  {impact}  {:<width$}  {}\n",
            location(difference),
            difference.change
        ));
    }
    for skipped in &report.not_compared {
        out.push_str(&format!(
            "  not compared      {}: {}\n",
            skipped.component, skipped.reason
        ));
    }
    let affecting = report
        .differences
        .iter()
        .filter(|d| d.impact == Impact::AffectsMappings)
        .count();
    out.push_str(&match report.differences.len() {
        0 => "no drift\n".to_owned(),
        n => format!(
            "{n} difference{}: {affecting} affect{} the mappings, {} informational\n",
            if n == 1 { "" } else { "s" },
            if affecting == 1 { "s" } else { "" },
            n - affecting
        ),
    });
    out
}

fn location(difference: &drift::Difference) -> String {
    if difference.path.is_empty() {
        difference.component.clone()
    } else {
        format!("{}.{}", difference.component, difference.path)
    }
}
