//! Field coverage: how complete a unified refund is, by Apideck's own field weights.
//!
//! A refund can be valid and still say little: `id` and `total_amount` are all the schema
//! requires. Apideck rates each field of its `Refund` schema with `x-apideck-weights` (`critical`:
//! `id`, `customer`, `currency`, `total_amount`, `refund_date`, `account`; then `high`, `medium`,
//! `low` and `edge-case`) and lists the fields a strict consumer expects with
//! `x-apideck-strict-required` (`total_amount`, `customer`). Both are read from the vendored schema
//! document ([`super::targets::DOCUMENT`], kept there as annotations), never copied into code, so
//! a new schema brings its own weights.
//!
//! A field is **filled** when it is present, not `null`, and not empty (`""`, `[]`, `{}`): an
//! empty list of allocations tells a consumer as little as no list.
//!
//! The **score** is a percentage of weighted points, rounded down: each rated field is worth
//! 8 (critical), 4 (high), 2 (medium) or 1 (low) points, edge-case fields 0 (they are reported but
//! do not count, as Apideck marks them rarely used); the score is the points of the filled fields
//! times 100 over the points of all rated fields. A refund with every critical, high, medium and
//! low field filled scores 100.
//!
//! ```
//! use unified_accounting::unified::coverage::{self, Weight};
//!
//! let refund = serde_json::json!({"id": "r1", "total_amount": 12.5, "currency": "EUR", "note": ""});
//! let report = coverage::of_json(&refund).unwrap();
//! let critical = report.level(Weight::Critical).unwrap();
//! assert_eq!((critical.filled, critical.rated), (3, 6));
//! assert_eq!(report.missing_critical, ["customer", "refund_date", "account"]);
//! assert_eq!(report.strict_required_missing, ["customer"]);
//! ```

use std::fmt;
use std::sync::OnceLock;

use serde::Serialize;

use crate::json::JsonValue;
use crate::unified::Refund;

/// The component whose weights are read.
const COMPONENT: &str = "Refund";

/// How much Apideck says a field matters (`x-apideck-weights`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Weight {
    /// `critical`: a consumer cannot do without it.
    Critical,
    /// `high`.
    High,
    /// `medium`.
    Medium,
    /// `low`.
    Low,
    /// `edge-case`: rarely used; reported, not scored.
    EdgeCase,
}

impl Weight {
    /// Every weight, most important first.
    pub const ALL: [Weight; 5] = [
        Weight::Critical,
        Weight::High,
        Weight::Medium,
        Weight::Low,
        Weight::EdgeCase,
    ];

    /// The name the schema uses (`critical`, ..., `edge-case`).
    pub fn as_str(self) -> &'static str {
        match self {
            Weight::Critical => "critical",
            Weight::High => "high",
            Weight::Medium => "medium",
            Weight::Low => "low",
            Weight::EdgeCase => "edge-case",
        }
    }

    /// The points a filled field of this weight adds to the score.
    pub fn points(self) -> u64 {
        match self {
            Weight::Critical => 8,
            Weight::High => 4,
            Weight::Medium => 2,
            Weight::Low => 1,
            Weight::EdgeCase => 0,
        }
    }

    fn from_schema(name: &str) -> Option<Self> {
        Weight::ALL
            .into_iter()
            .find(|weight| weight.as_str() == name)
    }
}

impl fmt::Display for Weight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The fields of one weight: how many are filled out of how many are rated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LevelCoverage {
    /// The weight.
    pub weight: Weight,
    /// Fields of this weight that are filled.
    pub filled: usize,
    /// Fields of this weight the schema rates.
    pub rated: usize,
}

/// The coverage of one unified refund. See the [module docs](self).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Coverage {
    /// One entry per weight, most important first.
    pub levels: Vec<LevelCoverage>,
    /// The critical fields that are not filled, in schema order.
    pub missing_critical: Vec<&'static str>,
    /// The high fields that are not filled, in schema order.
    pub missing_high: Vec<&'static str>,
    /// The strict-required fields (`x-apideck-strict-required`) that are not filled.
    pub strict_required_missing: Vec<&'static str>,
    /// Weighted points of the filled fields, as a percentage of all rated points, rounded down.
    pub score: u8,
}

impl Coverage {
    /// The counts of one weight.
    pub fn level(&self, weight: Weight) -> Option<&LevelCoverage> {
        self.levels.iter().find(|level| level.weight == weight)
    }

    /// Whether every strict-required field is filled.
    pub fn strict_required_filled(&self) -> bool {
        self.strict_required_missing.is_empty()
    }
}

/// The weights could not be read from the vendored schema: a bug of the crate, to report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the vendored Apideck schema has no usable field weights ({0}); a bug in unified-accounting, please report it"
)]
#[non_exhaustive]
pub struct CoverageError(String);

/// The weights and strict-required fields of `Refund`, in schema order.
#[derive(Debug)]
struct Weights {
    fields: Vec<(String, Weight)>,
    strict_required: Vec<String>,
}

fn weights() -> Result<&'static Weights, CoverageError> {
    static WEIGHTS: OnceLock<Result<Weights, String>> = OnceLock::new();
    WEIGHTS
        .get_or_init(|| read_weights(super::targets::DOCUMENT.text()))
        .as_ref()
        .map_err(|message| CoverageError(message.clone()))
}

fn read_weights(document: &str) -> Result<Weights, String> {
    let document = JsonValue::from_text(document).map_err(|error| error.to_string())?;
    let component = ["components", "schemas", COMPONENT]
        .iter()
        .try_fold(&document, |node, key| node.get(key))
        .ok_or_else(|| format!("no component {COMPONENT}"))?;
    let rated = component
        .get("x-apideck-weights")
        .and_then(JsonValue::as_object)
        .ok_or_else(|| format!("{COMPONENT} has no x-apideck-weights object"))?;
    let mut fields = Vec::with_capacity(rated.len());
    for (field, weight) in rated.iter() {
        let weight = weight
            .as_str()
            .and_then(Weight::from_schema)
            .ok_or_else(|| format!("{field} has the unknown weight {}", weight.to_text()))?;
        fields.push((field.to_owned(), weight));
    }
    let strict_required = match component.get("x-apideck-strict-required") {
        None => Vec::new(),
        Some(JsonValue::Array(names)) => names
            .iter()
            .map(|name| name.as_str().map(str::to_owned))
            .collect::<Option<_>>()
            .ok_or("x-apideck-strict-required holds a non-string")?,
        Some(_) => return Err("x-apideck-strict-required is not an array".to_owned()),
    };
    Ok(Weights {
        fields,
        strict_required,
    })
}

/// Whether a field's value tells a consumer something.
fn filled(value: Option<&JsonValue>) -> bool {
    match value {
        None | Some(JsonValue::Null) => false,
        Some(JsonValue::String(text)) => !text.is_empty(),
        Some(JsonValue::Array(items)) => !items.is_empty(),
        Some(JsonValue::Object(object)) => !object.is_empty(),
        Some(JsonValue::Bool(_) | JsonValue::Number(_)) => true,
    }
}

/// The coverage of a unified refund.
///
/// # Errors
///
/// [`CoverageError`] if the vendored schema's weights cannot be read (a bug of the crate).
pub fn of(refund: &Refund) -> Result<Coverage, CoverageError> {
    let tree = JsonValue::from_serialize(refund)
        .ok_or_else(|| CoverageError("the refund could not be written as JSON".to_owned()))?;
    of_tree(&tree)
}

/// The coverage of a unified refund given as JSON (any object; what is not a field of `Refund`
/// is ignored, and a value that is not an object fills nothing).
///
/// # Errors
///
/// As [`of`].
pub fn of_json(refund: &serde_json::Value) -> Result<Coverage, CoverageError> {
    let tree = JsonValue::from_serialize(refund).unwrap_or_default();
    of_tree(&tree)
}

/// [`of_json`] for the crate's exact JSON tree.
///
/// # Errors
///
/// As [`of`].
pub fn of_tree(refund: &JsonValue) -> Result<Coverage, CoverageError> {
    let weights = weights()?;
    let field = |name: &str| refund.as_object().and_then(|object| object.get(name));
    let mut levels: Vec<LevelCoverage> = Weight::ALL
        .into_iter()
        .map(|weight| LevelCoverage {
            weight,
            filled: 0,
            rated: 0,
        })
        .collect();
    let (mut missing_critical, mut missing_high) = (Vec::new(), Vec::new());
    let (mut points, mut total) = (0u64, 0u64);
    for (name, weight) in &weights.fields {
        let is_filled = filled(field(name));
        if let Some(level) = levels.iter_mut().find(|level| level.weight == *weight) {
            level.rated += 1;
            level.filled += usize::from(is_filled);
        }
        total += weight.points();
        if is_filled {
            points += weight.points();
        } else if *weight == Weight::Critical {
            missing_critical.push(name.as_str());
        } else if *weight == Weight::High {
            missing_high.push(name.as_str());
        }
    }
    let strict_required_missing = weights
        .strict_required
        .iter()
        .filter(|name| !filled(field(name)))
        .map(String::as_str)
        .collect();
    let score = (points * 100).checked_div(total).unwrap_or(100);
    Ok(Coverage {
        levels,
        missing_critical,
        missing_high,
        strict_required_missing,
        score: u8::try_from(score).unwrap_or(100),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weights_are_the_vendored_schemas() {
        let weights = weights().unwrap();
        let critical: Vec<&str> = weights
            .fields
            .iter()
            .filter(|(_, weight)| *weight == Weight::Critical)
            .map(|(name, _)| name.as_str())
            .collect();
        assert_eq!(
            critical,
            [
                "id",
                "customer",
                "currency",
                "total_amount",
                "refund_date",
                "account"
            ]
        );
        assert_eq!(weights.strict_required, ["total_amount", "customer"]);
        assert_eq!(weights.fields.len(), 36);
    }

    #[test]
    fn an_unknown_weight_or_a_missing_list_is_reported_not_guessed() {
        let document = |weights: &str| {
            format!(
                r#"{{"components": {{"schemas": {{"Refund": {{"x-apideck-weights": {weights}}}}}}}}}"#
            )
        };
        assert!(
            read_weights(&document(r#"{"id": "vital"}"#))
                .unwrap_err()
                .contains("vital")
        );
        assert!(read_weights(&document("[]")).is_err());
        assert!(read_weights("{}").is_err());
    }

    #[test]
    fn empty_values_fill_nothing_and_the_score_counts_points() {
        let empty = of_json(&serde_json::json!({
            "id": "", "customer": {}, "allocations": [], "currency": null
        }))
        .unwrap();
        assert!(empty.levels.iter().all(|level| level.filled == 0));
        assert_eq!(empty.score, 0);
        let weights = weights().unwrap();
        let everything: serde_json::Map<String, serde_json::Value> = weights
            .fields
            .iter()
            .map(|(name, _)| (name.clone(), serde_json::json!(1)))
            .collect();
        let full = of_json(&serde_json::Value::Object(everything)).unwrap();
        assert_eq!(full.score, 100);
        assert!(full.missing_critical.is_empty() && full.strict_required_filled());
        // Only the critical fields: their points over all points.
        let critical_only: serde_json::Map<String, serde_json::Value> = weights
            .fields
            .iter()
            .filter(|(_, weight)| *weight == Weight::Critical)
            .map(|(name, _)| (name.clone(), serde_json::json!(1)))
            .collect();
        let total: u64 = weights
            .fields
            .iter()
            .map(|(_, weight)| weight.points())
            .sum();
        let partial = of_json(&serde_json::Value::Object(critical_only)).unwrap();
        assert_eq!(u64::from(partial.score), 6 * 8 * 100 / total);
        assert!(
            of_json(&serde_json::json!([1]))
                .unwrap()
                .missing_critical
                .len()
                == 6
        );
    }
}
