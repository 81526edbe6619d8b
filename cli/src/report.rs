//! The run report: what went wrong across a bulk run, grouped so a person sees the pattern.
//!
//! A run of a hundred thousand records rarely fails in a hundred thousand ways: the same field of
//! the same export is wrong again and again. Failures are grouped by (category, kind, path) and
//! warnings by (code, source path), paths with their array indexes replaced by `*`
//! (`/allocations/3/amount` and `/allocations/0/amount` are both `/allocations/*/amount`). Each
//! group keeps its count, its first message and the index and line of its first three records.
//!
//! `--report FILE` writes it as one JSON document; without it, the end-of-run summary on a
//! terminal shows the largest groups as a short table.

use std::collections::HashMap;

use serde::Serialize;
use unified_accounting::bulk::Position;
use unified_accounting::unified::coverage::Coverage;
use unified_accounting::unified::list::RecordFailure;
use unified_accounting::{Error, JsonPointer, Warning};

use crate::coverage::Distribution;

/// How many records of a group are named by index and line.
const FIRST: usize = 3;

/// How many groups of each sort the terminal table shows.
const TABLE_ROWS: usize = 5;

/// What one record contributes to the report, gathered on the thread that mapped it.
#[derive(Debug, Default)]
pub struct Facts {
    position: Option<Position>,
    failure: Option<FailureFacts>,
    /// (code, source pattern, message) of each warning.
    warnings: Vec<(&'static str, String, String)>,
    /// The output's coverage, when asked.
    pub coverage: Option<Coverage>,
}

#[derive(Debug)]
struct FailureFacts {
    category: &'static str,
    kind: &'static str,
    pattern: String,
    message: String,
}

impl Facts {
    /// The facts of a mapped record.
    pub fn of_success(
        position: Position,
        warnings: &[Warning],
        coverage: Option<Coverage>,
    ) -> Self {
        Facts {
            position: Some(position),
            failure: None,
            warnings: warnings
                .iter()
                .map(|warning| {
                    (
                        warning.code.as_str(),
                        pattern(&warning.source),
                        warning.message.clone(),
                    )
                })
                .collect(),
            coverage,
        }
    }

    /// The facts of a failed record.
    pub fn of_failure(position: Position, error: &Error) -> Self {
        let kind = match error {
            Error::Decode(decode) => decode.kind.as_str(),
            Error::Mapping(mapping) => mapping.kind().as_str(),
            // `Error` is `#[non_exhaustive]`: a future category names itself.
            other => other.kind().as_str(),
        };
        Facts {
            position: Some(position),
            failure: Some(FailureFacts {
                category: error.kind().as_str(),
                kind,
                pattern: pattern(error.path()),
                message: without_path(&error.to_string(), error.path()),
            }),
            warnings: Vec::new(),
            coverage: None,
        }
    }
}

/// `path` with every array index (a token of digits only) replaced by `*`.
pub fn pattern(path: &JsonPointer) -> String {
    let text = path.as_str();
    if !text.bytes().any(|byte| byte.is_ascii_digit()) {
        return text.to_owned();
    }
    text.split('/')
        .map(|token| {
            if !token.is_empty() && token.bytes().all(|byte| byte.is_ascii_digit()) {
                "*"
            } else {
                token
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The message without the path it starts with (the group shows the path already).
fn without_path(message: &str, path: &JsonPointer) -> String {
    message
        .strip_prefix(path.as_str())
        .and_then(|rest| rest.strip_prefix(": "))
        .unwrap_or(message)
        .to_owned()
}

/// A message cut to fit a terminal line (the report file has it whole).
fn shortened(message: &str) -> String {
    const WIDTH: usize = 80;
    match message.char_indices().nth(WIDTH) {
        Some((at, _)) => format!("{}...", message.get(..at).unwrap_or(message)),
        None => message.to_owned(),
    }
}

/// Where a record of a group is.
#[derive(Debug, Clone, Copy, Serialize)]
struct Place {
    index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
}

/// Records that failed, or warned, the same way.
#[derive(Debug, Serialize)]
struct Group {
    count: usize,
    /// The first record's message.
    message: String,
    first: Vec<Place>,
}

impl Group {
    /// Where its first record is, for the table: `line 7`, `#6` without lines, or nothing.
    fn first_place(&self) -> String {
        match self.first.first() {
            Some(Place {
                line: Some(line), ..
            }) => format!("line {line}"),
            Some(Place { index, line: None }) => format!("#{index}"),
            None => String::new(),
        }
    }

    fn add(&mut self, place: Option<Place>) {
        self.count += 1;
        if let Some(place) = place.filter(|_| self.first.len() < FIRST) {
            self.first.push(place);
        }
    }
}

/// The report of a whole run.
#[derive(Debug, Default)]
pub struct RunReport {
    records: usize,
    failed: usize,
    warnings: usize,
    failures: HashMap<(&'static str, &'static str, String), Group>,
    warned: HashMap<(&'static str, String), Group>,
    coverage: Option<Distribution>,
}

impl RunReport {
    /// A report that also gathers the coverage distribution.
    pub fn new(coverage: bool) -> Self {
        RunReport {
            coverage: coverage.then(Distribution::default),
            ..RunReport::default()
        }
    }

    /// Adds one record.
    pub fn add(&mut self, facts: Facts) {
        self.records += 1;
        let place = facts.position.map(|position| Place {
            index: position.index,
            line: position.line,
        });
        if let Some(failure) = facts.failure {
            self.failed += 1;
            self.failures
                .entry((failure.category, failure.kind, failure.pattern))
                .or_insert_with(|| Group {
                    count: 0,
                    message: failure.message,
                    first: Vec::new(),
                })
                .add(place);
        }
        for (code, source, message) in facts.warnings {
            self.add_warning(code, source, message, place);
        }
        if let (Some(distribution), Some(coverage)) = (&mut self.coverage, facts.coverage.as_ref())
        {
            distribution.add_coverage(coverage);
        }
    }

    /// The records of a list response: `records` in all, its failures (index, no line) and its
    /// warnings (not kept per record by a list response, so counted without a place).
    pub fn add_page(&mut self, records: usize, failures: &[RecordFailure], warnings: &[Warning]) {
        for failure in failures {
            let position = Position {
                index: failure.index,
                line: None,
            };
            self.add(Facts::of_failure(position, &failure.error));
        }
        self.records += records.saturating_sub(failures.len());
        let loose = Facts::of_success(
            Position {
                index: 0,
                line: None,
            },
            warnings,
            None,
        );
        for (code, source, message) in loose.warnings {
            self.add_warning(code, source, message, None);
        }
    }

    fn add_warning(
        &mut self,
        code: &'static str,
        source: String,
        message: String,
        place: Option<Place>,
    ) {
        self.warnings += 1;
        self.warned
            .entry((code, source))
            .or_insert_with(|| Group {
                count: 0,
                message,
                first: Vec::new(),
            })
            .add(place);
    }

    /// The coverage distribution, when gathered.
    pub fn coverage(&self) -> Option<&Distribution> {
        self.coverage.as_ref()
    }

    /// Failure groups, largest first (then by path, for a stable order).
    fn failure_groups(&self) -> Vec<(&(&'static str, &'static str, String), &Group)> {
        let mut groups: Vec<_> = self.failures.iter().collect();
        groups.sort_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(b.0)));
        groups
    }

    fn warning_groups(&self) -> Vec<(&(&'static str, String), &Group)> {
        let mut groups: Vec<_> = self.warned.iter().collect();
        groups.sort_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(b.0)));
        groups
    }

    /// The report as one pretty JSON document (keys in reading order: counts, then groups).
    pub fn to_json_pretty(&self) -> String {
        #[derive(Serialize)]
        struct FailureGroup<'a> {
            category: &'a str,
            kind: &'a str,
            path: &'a str,
            #[serde(flatten)]
            group: &'a Group,
        }
        #[derive(Serialize)]
        struct WarningGroup<'a> {
            code: &'a str,
            source: &'a str,
            #[serde(flatten)]
            group: &'a Group,
        }
        #[derive(Serialize)]
        struct Document<'a> {
            records: usize,
            ok: usize,
            failed: usize,
            warnings: usize,
            failure_groups: Vec<FailureGroup<'a>>,
            warning_groups: Vec<WarningGroup<'a>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            coverage: Option<serde_json::Value>,
        }
        let document = Document {
            records: self.records,
            ok: self.records - self.failed,
            failed: self.failed,
            warnings: self.warnings,
            failure_groups: self
                .failure_groups()
                .into_iter()
                .map(|((category, kind, path), group)| FailureGroup {
                    category,
                    kind,
                    path,
                    group,
                })
                .collect(),
            warning_groups: self
                .warning_groups()
                .into_iter()
                .map(|((code, source), group)| WarningGroup {
                    code,
                    source,
                    group,
                })
                .collect(),
            coverage: self.coverage.as_ref().map(Distribution::to_json),
        };
        // Only strings, numbers and derived structs: writing them cannot fail.
        serde_json::to_string_pretty(&document).unwrap_or_default()
    }

    /// The largest groups as a short table, for a person at a terminal; empty when nothing
    /// failed or warned.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let failures = self.failure_groups();
        if !failures.is_empty() {
            out.push_str(&format!(
                "{:>9}  {:<32}  {:>8}  why\n",
                "failed", "where", "first"
            ));
            for ((category, kind, path), group) in failures.iter().take(TABLE_ROWS) {
                let path = if path.is_empty() { "(record)" } else { path };
                out.push_str(&format!(
                    "{:>9}  {path:<32}  {:>8}  {category} ({kind}): {}\n",
                    group.count,
                    group.first_place(),
                    shortened(&group.message)
                ));
            }
            if failures.len() > TABLE_ROWS {
                out.push_str(&format!(
                    "{:>9}  ... {} more group(s)\n",
                    "",
                    failures.len() - TABLE_ROWS
                ));
            }
        }
        let warnings = self.warning_groups();
        if !warnings.is_empty() {
            out.push_str(&format!(
                "{:>9}  {:<32}  {:>8}  code\n",
                "warned", "where", "first"
            ));
            for ((code, source), group) in warnings.iter().take(TABLE_ROWS) {
                out.push_str(&format!(
                    "{:>9}  {source:<32}  {:>8}  {code}\n",
                    group.count,
                    group.first_place()
                ));
            }
            if warnings.len() > TABLE_ROWS {
                out.push_str(&format!(
                    "{:>9}  ... {} more group(s)\n",
                    "",
                    warnings.len() - TABLE_ROWS
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_shows_the_largest_groups_first_with_their_path_and_why() {
        use unified_accounting::bulk::{BulkMapper, Operation};
        let mapper = BulkMapper::new(Operation::ToUnified);
        let mut run = RunReport::new(false);
        let records: [&[u8]; 4] = [b"{\"id\": 1", b"not json", b"{\"a\": 1}", b"{\"b\": 2}"];
        for (index, record) in records.into_iter().enumerate() {
            let position = Position {
                index,
                line: Some(index + 1),
            };
            let error = mapper.map_record(record).unwrap_err();
            run.add(Facts::of_failure(position, &error));
        }
        let table = run.table();
        let rows: Vec<&str> = table.lines().collect();
        assert_eq!(rows.len(), 4, "{table}");
        assert!(rows[0].starts_with("   failed  where"), "{table}");
        // The two unrecognised records are one group, and the largest.
        assert!(rows[1].starts_with("        2  (record)"), "{table}");
        assert!(rows[1].contains("line 3"), "{table}");
        assert!(
            rows[1].contains("mapping (unrecognised): cannot tell which resource"),
            "{table}"
        );
        assert!(
            table.contains("decode (syntax)") && table.contains("decode (truncated)"),
            "{table}"
        );
        let json: serde_json::Value = serde_json::from_str(&run.to_json_pretty()).unwrap();
        assert_eq!(
            json["failure_groups"][0]["first"],
            serde_json::json!([{"index": 2, "line": 3}, {"index": 3, "line": 4}])
        );
    }

    #[test]
    fn array_indexes_become_stars_and_keys_stay() {
        let path: JsonPointer = "/allocations/12/amount".parse().unwrap();
        assert_eq!(pattern(&path), "/allocations/*/amount");
        let path: JsonPointer = "/custom_mappings/x1/0".parse().unwrap();
        assert_eq!(pattern(&path), "/custom_mappings/x1/*");
        assert_eq!(pattern(&JsonPointer::root()), "");
    }
}
