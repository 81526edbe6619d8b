//! `coverage`: how complete unified refunds are, by Apideck's field weights, over a whole input.
//!
//! Each document (a unified refund, or an Apideck list response, whose `data` refunds are counted
//! one by one) goes through the library's `unified::coverage`; this module only adds them up and
//! prints the distribution.

use std::collections::BTreeMap;

use unified_accounting::json::JsonValue;
use unified_accounting::unified::coverage::{self, Coverage, CoverageError, Weight};

/// The distribution of coverage over many refunds.
#[derive(Debug, Default)]
pub struct Distribution {
    /// Refunds counted.
    pub refunds: usize,
    /// Documents that are not JSON objects (not counted).
    pub unreadable: usize,
    /// Per weight: fields filled and fields rated, summed over the refunds.
    levels: BTreeMap<Weight, (usize, usize)>,
    /// Refunds missing each critical or high field.
    missing: BTreeMap<(Weight, &'static str), usize>,
    /// Refunds with every strict-required field filled.
    strict_required_filled: usize,
    /// Refunds per score decile (0-9, ..., 90-99, 100).
    scores: [usize; 11],
}

impl Distribution {
    /// Counts one document: a refund, or a list response's `data` refunds.
    pub fn add_document(&mut self, bytes: &[u8]) -> Result<(), CoverageError> {
        let tree = std::str::from_utf8(bytes)
            .ok()
            .and_then(|text| JsonValue::from_text(text).ok());
        match tree {
            Some(JsonValue::Object(object)) => match object.get("data") {
                Some(JsonValue::Array(refunds)) => {
                    refunds.iter().try_for_each(|refund| self.add(refund))
                }
                _ => self.add(&JsonValue::Object(object)),
            },
            _ => {
                self.unreadable += 1;
                Ok(())
            }
        }
    }

    fn add(&mut self, refund: &JsonValue) -> Result<(), CoverageError> {
        self.add_coverage(&coverage::of_tree(refund)?);
        Ok(())
    }

    /// Counts one refund's coverage.
    pub fn add_coverage(&mut self, found: &Coverage) {
        self.refunds += 1;
        for level in &found.levels {
            let sums = self.levels.entry(level.weight).or_default();
            sums.0 += level.filled;
            sums.1 += level.rated;
        }
        for name in &found.missing_critical {
            *self.missing.entry((Weight::Critical, name)).or_default() += 1;
        }
        for name in &found.missing_high {
            *self.missing.entry((Weight::High, name)).or_default() += 1;
        }
        self.strict_required_filled += usize::from(found.strict_required_filled());
        if let Some(bucket) = self.scores.get_mut(usize::from(found.score / 10)) {
            *bucket += 1;
        }
    }

    /// The distribution as JSON, for machines (the run report): arrays, so the order is the
    /// weights' and the scores', not the alphabet's.
    pub fn to_json(&self) -> serde_json::Value {
        let levels: Vec<serde_json::Value> = self
            .levels
            .iter()
            .map(|(weight, (filled, rated))| {
                serde_json::json!({"weight": weight.as_str(), "filled": filled, "rated": rated})
            })
            .collect();
        let missing: Vec<serde_json::Value> = self
            .missing
            .iter()
            .map(|((weight, name), count)| {
                serde_json::json!({"weight": weight.as_str(), "field": name, "refunds": count})
            })
            .collect();
        let scores: Vec<serde_json::Value> = self
            .scores
            .iter()
            .enumerate()
            .map(|(decile, count)| serde_json::json!({"score": score_range(decile), "refunds": count}))
            .collect();
        serde_json::json!({
            "refunds": self.refunds,
            "levels": levels,
            "strict_required_filled": self.strict_required_filled,
            "missing": missing,
            "scores": scores,
        })
    }

    /// The distribution as text, for a person.
    pub fn render(&self) -> String {
        let mut out = format!("{} refund(s)", self.refunds);
        if self.unreadable > 0 {
            out.push_str(&format!(
                ", {} document(s) not JSON objects (not counted)",
                self.unreadable
            ));
        }
        out.push_str("\n\nfields filled, by Apideck weight (x-apideck-weights):\n");
        for (weight, (filled, rated)) in &self.levels {
            let percent = (filled * 100).checked_div(*rated).unwrap_or(0);
            out.push_str(&format!(
                "  {:<10} {filled:>9} of {rated:>9}  {percent:>3}%\n",
                weight.as_str()
            ));
        }
        out.push_str(&format!(
            "\nstrict-required fields (x-apideck-strict-required) all filled: {} of {}\n",
            self.strict_required_filled, self.refunds
        ));
        if !self.missing.is_empty() {
            out.push_str("\nrefunds missing a critical or high field:\n");
            for ((weight, name), count) in &self.missing {
                out.push_str(&format!(
                    "  {:<10} {name:<26} {count:>9}\n",
                    weight.as_str()
                ));
            }
        }
        out.push_str("\nscore (weighted points filled, %): refunds\n");
        for (decile, count) in self
            .scores
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
        {
            out.push_str(&format!("  {:>7}  {count:>9}\n", score_range(decile)));
        }
        out
    }
}

/// The scores of a decile bucket (`0-9`, ..., `90-99`, `100`).
fn score_range(decile: usize) -> String {
    if decile == 10 {
        "100".to_owned()
    } else {
        format!("{}-{}", decile * 10, decile * 10 + 9)
    }
}
