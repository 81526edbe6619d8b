//! Schema drift: has a vendor's published OpenAPI document moved away from the vendored schemas?
//!
//! The crate validates against JSON Schema documents translated once from a pinned vendor spec
//! (`schemas/README.md`). Vendors keep publishing: Apideck's spec moves on, Thredfi's API evolves.
//! [`compare`] reads a newer OpenAPI 3.0 document (already parsed into a [`serde_json::Value`];
//! the library has no YAML parser, the CLI reads YAML) and lists what changed in the components
//! the mappers depend on, starting from a [`Profile`]'s roots and following every `$ref`.
//!
//! **Both sides are reduced to the same facts** before they are compared, so that the
//! translation rules themselves are never reported: a type is the set of its JSON types without
//! `null`; a schema is nullable when OpenAPI says `nullable: true`, when its 2020-12 `type` holds
//! `"null"`, when its `enum` holds `null` or when an `anyOf`/`oneOf` has a `{"type": "null"}`
//! branch (R2, A1, T1); `allOf`/`anyOf` with a single non-null branch is that branch (T1's
//! `allOf: [$ref]`); `example`/`examples`, descriptions, bounds and `x-*` keys are not facts
//! (R3, R4). The deliberate deviations that normalisation cannot absorb are data of the
//! profile ([`Deviations`]): properties made nullable on purpose (T8), properties left out (T2)
//! and components the vendored document reconstructed (T4).
//!
//! **Each difference is classified** ([`Impact`]): it affects the mappings when it touches a
//! property a mapper reads or writes, or adds a required property to a component the mappers
//! write; otherwise it is informational. Which properties the mappers use is not a hand-kept
//! list: each profile derives it from the model's own serde field names (the unified model's
//! `schemars` schema, the Thredfi wire structs' generated `FIELDS`).
//!
//! ```
//! use unified_accounting::{Registry, drift};
//!
//! let vendored: serde_json::Value =
//!     serde_json::from_str(unified_accounting::unified::targets::DOCUMENT.text())?;
//! let profile = drift::detect(&drift::profiles(Registry::builtin()), &vendored)?;
//! assert_eq!(profile.name(), "apideck");
//! // The vendored document compared with itself: nothing moved.
//! let report = drift::compare(profile, &vendored)?;
//! assert!(report.differences.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::provider::Registry;
use crate::schema::Document;

/// How an OpenAPI document (and a vendored one) points at a component.
const REF_PREFIX: &str = "#/components/schemas/";

/// Schemas nested deeper than this are not followed (a guard against hostile input, not a limit
/// any real spec reaches).
const MAX_DEPTH: usize = 64;

/// A component the comparison starts from, and which way the mappers use it.
#[derive(Debug, Clone, Copy)]
pub struct Root {
    /// The component's name under `components/schemas`.
    pub component: &'static str,
    /// The mappers read records of this shape (a property that becomes optional matters).
    pub read: bool,
    /// The mappers build documents of this shape (a new required property matters).
    pub written: bool,
}

/// A property the mappers read or write: `path` inside `component`, e.g. `line_items[].type`
/// (`[]` is an array's items).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct UsedField {
    /// The component, as named in the vendored document.
    pub component: String,
    /// The property path inside the component.
    pub path: String,
}

/// The vendored document's documented deviations from its sources that normalisation does not
/// absorb (`schemas/README.md`). Comparing the vendored document with its own sources must
/// report nothing.
#[derive(Debug, Clone, Copy)]
pub struct Deviations {
    /// Components whose properties the vendored document made nullable on purpose (Thredfi T8):
    /// "nullable in ours, not in theirs" is not drift there; the other way round still is.
    pub nullable_properties: &'static [&'static str],
    /// `(component, property)` pairs left out of the vendored document on purpose (Thredfi T2).
    pub omitted_properties: &'static [(&'static str, &'static str)],
    /// Roots reconstructed by us (Thredfi T4): when the given document lacks them they are not
    /// compared (and listed as such) instead of reported as removed.
    pub reconstructed: &'static [&'static str],
}

impl Deviations {
    /// No deviations: the vendored document is a plain translation.
    pub const NONE: Deviations = Deviations {
        nullable_properties: &[],
        omitted_properties: &[],
        reconstructed: &[],
    };
}

/// What a vendored document is compared on: its roots, its deviations and the fields the
/// mappers use. The unified model has one ([`crate::unified::targets::DRIFT`]); a provider
/// declares its own and returns it from [`crate::Provider::drift`], so a second provider needs no
/// edit here.
pub struct Profile {
    name: &'static str,
    document: &'static Document,
    roots: &'static [Root],
    deviations: Deviations,
    used: fn() -> Vec<UsedField>,
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("name", &self.name)
            .field("document", &self.document.uri())
            .finish_non_exhaustive()
    }
}

impl Profile {
    /// A profile named `name` (what `--provider` takes) comparing `document` from `roots`.
    /// `used` lists the properties the mappers read or write; derive it from the model (see
    /// [`model_fields`] and [`struct_fields`]) rather than writing it out.
    pub const fn new(
        name: &'static str,
        document: &'static Document,
        roots: &'static [Root],
        deviations: Deviations,
        used: fn() -> Vec<UsedField>,
    ) -> Self {
        Self {
            name,
            document,
            roots,
            deviations,
            used,
        }
    }

    /// The profile's name: `apideck`, `thredfi`, ...
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The vendored document it compares.
    pub fn document(&self) -> &'static Document {
        self.document
    }

    /// The components the comparison starts from.
    pub fn roots(&self) -> &'static [Root] {
        self.roots
    }

    /// The documented deviations that are not drift.
    pub fn deviations(&self) -> &Deviations {
        &self.deviations
    }

    /// The properties the mappers read or write.
    pub fn used_fields(&self) -> Vec<UsedField> {
        (self.used)()
    }
}

/// Every drift profile: the unified model's, then each provider's in `registry`.
pub fn profiles(registry: &Registry) -> Vec<&'static Profile> {
    let mut all = vec![&crate::unified::targets::DRIFT];
    all.extend(registry.providers().iter().filter_map(|p| p.drift()));
    all
}

/// Why a drift check could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DriftError {
    /// The given document has no `components/schemas` object. Give an OpenAPI 3 document.
    #[error("the document has no components/schemas object; give an OpenAPI 3 document")]
    NoComponents,
    /// No profile matches the document. Name one with `--provider`.
    #[error(
        "the document's components match none of the vendored documents ({known}); name one with --provider"
    )]
    Unrecognised {
        /// The profiles there are, comma-separated.
        known: String,
    },
    /// Two profiles match the document equally well. Name one with `--provider`.
    #[error("the document matches both {first} and {second} equally; name one with --provider")]
    Ambiguous {
        /// One profile.
        first: &'static str,
        /// The other.
        second: &'static str,
    },
    /// No profile has this name.
    #[error("unknown provider {name:?}; the choices are: {known}")]
    UnknownProfile {
        /// The name asked for.
        name: String,
        /// The profiles there are, comma-separated.
        known: String,
    },
    /// The vendored document is not JSON with `components/schemas`: a build of the crate is
    /// broken. Report it.
    #[error("the vendored document {uri} cannot be read (a broken build of the crate)")]
    Vendored {
        /// The vendored document's `$id`.
        uri: &'static str,
    },
}

/// The profile named `name`.
pub fn profile_named(
    profiles: &[&'static Profile],
    name: &str,
) -> Result<&'static Profile, DriftError> {
    profiles
        .iter()
        .copied()
        .find(|p| p.name == name)
        .ok_or_else(|| DriftError::UnknownProfile {
            name: name.to_owned(),
            known: names(profiles),
        })
}

fn names(profiles: &[&'static Profile]) -> String {
    profiles
        .iter()
        .map(|p| p.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which profile a document is for: the one whose vendored components share the most
/// `(component, property)` names with it. An Apideck spec shares Apideck's `Refund` closure, a
/// Thredfi one `VendorRefund`, `RefundAllocation`... (a Thredfi `Refund` alone shares only a few
/// names with Apideck's).
pub fn detect(
    profiles: &[&'static Profile],
    given: &Value,
) -> Result<&'static Profile, DriftError> {
    let given = components(given).ok_or(DriftError::NoComponents)?;
    let mut scored = Vec::new();
    for profile in profiles {
        let document = vendored_document(profile)?;
        let vendored = components(&document).ok_or(DriftError::Vendored {
            uri: profile.document.uri(),
        })?;
        let closure = reachable(vendored, profile.roots.iter().map(|r| r.component));
        let score: usize = closure
            .iter()
            .filter_map(|name| Some((vendored.get(name)?, given.get(name)?)))
            .map(|(ours, theirs)| {
                let ours = normalize(ours);
                let theirs = normalize(theirs);
                1 + ours
                    .properties
                    .keys()
                    .filter(|k| theirs.properties.contains_key(*k))
                    .count()
            })
            .sum();
        scored.push((score, *profile));
    }
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    match scored.as_slice() {
        [(best, profile), (second, other), ..] if best == second && *best > 0 => {
            Err(DriftError::Ambiguous {
                first: profile.name,
                second: other.name,
            })
        }
        [(best, profile), ..] if *best > 0 => Ok(profile),
        _ => Err(DriftError::Unrecognised {
            known: names(profiles),
        }),
    }
}

/// Whether a difference matters to the mappers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// A property a mapper reads or writes changed, or a component the mappers write gained a
    /// required property: the mappings (and maybe the model) need a look.
    AffectsMappings,
    /// Nothing a mapper reads or writes changed.
    Informational,
}

/// One change, in the vendored document's terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Change {
    /// A property the vendored schema does not have.
    PropertyAdded {
        /// Whether the new property is required.
        required: bool,
    },
    /// A vendored property the given document no longer has.
    PropertyRemoved,
    /// The JSON types (without `null`) differ.
    TypeChanged {
        /// Ours.
        from: Vec<String>,
        /// Theirs.
        to: Vec<String>,
    },
    /// The `format` differs.
    FormatChanged {
        /// Ours.
        from: Option<String>,
        /// Theirs.
        to: Option<String>,
    },
    /// Nullability differs.
    NullableChanged {
        /// Ours.
        from: bool,
        /// Theirs.
        to: bool,
    },
    /// An existing property became required.
    RequiredAdded,
    /// A required property became optional.
    RequiredRemoved,
    /// `readOnly` differs.
    ReadOnlyChanged {
        /// Ours.
        from: bool,
        /// Theirs.
        to: bool,
    },
    /// The enum gained values.
    EnumValuesAdded {
        /// The new values.
        values: Vec<String>,
    },
    /// The enum lost values.
    EnumValuesRemoved {
        /// The values gone.
        values: Vec<String>,
    },
    /// An enum appeared where there was none, or went away.
    EnumChanged {
        /// Whether ours has an enum.
        from: bool,
        /// Whether theirs has one.
        to: bool,
    },
    /// The `$ref` points elsewhere (or appeared or went away).
    RefChanged {
        /// Our target component.
        from: Option<String>,
        /// Theirs.
        to: Option<String>,
    },
    /// The number of `anyOf`/`oneOf`/`allOf` branches differs.
    BranchesChanged {
        /// Ours.
        from: usize,
        /// Theirs.
        to: usize,
    },
    /// A component reachable from the roots in the given document only.
    ComponentAdded,
    /// A component reachable in ours that the given document does not have.
    ComponentRemoved,
    /// Our component appears in the given document under another name (same place, ours gone).
    ComponentRenamed {
        /// The new name.
        to: String,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |v: &[String]| v.join(", ");
        match self {
            Change::PropertyAdded { required: true } => f.write_str("property added (required)"),
            Change::PropertyAdded { required: false } => f.write_str("property added (optional)"),
            Change::PropertyRemoved => f.write_str("property removed"),
            Change::TypeChanged { from, to } => {
                write!(f, "type {} -> {}", list(from), list(to))
            }
            Change::FormatChanged { from, to } => write!(
                f,
                "format {} -> {}",
                from.as_deref().unwrap_or("(none)"),
                to.as_deref().unwrap_or("(none)")
            ),
            Change::NullableChanged { from, to } => write!(f, "nullable {from} -> {to}"),
            Change::RequiredAdded => f.write_str("now required"),
            Change::RequiredRemoved => f.write_str("no longer required"),
            Change::ReadOnlyChanged { from, to } => write!(f, "readOnly {from} -> {to}"),
            Change::EnumValuesAdded { values } => write!(f, "enum values added: {}", list(values)),
            Change::EnumValuesRemoved { values } => {
                write!(f, "enum values removed: {}", list(values))
            }
            Change::EnumChanged { from, to } => write!(f, "enum present {from} -> {to}"),
            Change::RefChanged { from, to } => write!(
                f,
                "$ref {} -> {}",
                from.as_deref().unwrap_or("(inline)"),
                to.as_deref().unwrap_or("(inline)")
            ),
            Change::BranchesChanged { from, to } => write!(f, "branches {from} -> {to}"),
            Change::ComponentAdded => f.write_str("component added"),
            Change::ComponentRemoved => f.write_str("component removed"),
            Change::ComponentRenamed { to } => write!(f, "component renamed to {to}"),
        }
    }
}

/// One difference between the vendored document and the given one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// The component, by its vendored name (by the given name for an added component).
    pub component: String,
    /// The property path inside it (`""`: the component itself).
    pub path: String,
    /// What changed.
    #[serde(flatten)]
    pub change: Change,
    /// Whether it matters to the mappers.
    pub impact: Impact,
}

/// A root the comparison skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotCompared {
    /// The component.
    pub component: &'static str,
    /// Why it was not compared.
    pub reason: &'static str,
}

/// The outcome of [`compare`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The profile compared (`apideck`, `thredfi`).
    pub profile: &'static str,
    /// The vendored document's `$id`.
    pub document: &'static str,
    /// Every difference, those affecting the mappings first.
    pub differences: Vec<Difference>,
    /// Roots not compared (documented deviations).
    pub not_compared: Vec<NotCompared>,
}

impl Report {
    /// Whether any difference affects the mappings (the CLI then exits 1).
    pub fn affects_mappings(&self) -> bool {
        self.differences
            .iter()
            .any(|d| d.impact == Impact::AffectsMappings)
    }
}

/// Compares `profile`'s vendored document with `given`, an OpenAPI 3 document (or any document
/// with `components/schemas`), from the profile's roots through every `$ref`.
pub fn compare(profile: &Profile, given: &Value) -> Result<Report, DriftError> {
    let document = vendored_document(profile)?;
    let vendored = components(&document).ok_or(DriftError::Vendored {
        uri: profile.document.uri(),
    })?;
    let mut given = components(given).ok_or(DriftError::NoComponents)?.clone();
    // What we left out on purpose (T2) is not looked at, nor what only it references.
    for (component, property) in profile.deviations.omitted_properties {
        if let Some(Value::Object(properties)) = given
            .get_mut(*component)
            .and_then(|schema| schema.get_mut("properties"))
        {
            properties.remove(*property);
        }
    }
    let given = &given;
    let used: BTreeSet<(String, String)> = profile
        .used_fields()
        .into_iter()
        .map(|f| (f.component, f.path))
        .collect();
    let mut walk = Walk {
        profile,
        vendored,
        given,
        read: reachable(
            vendored,
            profile.roots.iter().filter(|r| r.read).map(|r| r.component),
        ),
        written: reachable(
            vendored,
            profile
                .roots
                .iter()
                .filter(|r| r.written)
                .map(|r| r.component),
        ),
        used_components: used.iter().map(|(c, _)| c.clone()).collect(),
        used,
        paired: BTreeMap::new(),
        queue: Vec::new(),
        differences: Vec::new(),
    };
    let mut not_compared = Vec::new();
    for root in profile.roots {
        if given.contains_key(root.component) {
            walk.queue
                .push((root.component.to_owned(), root.component.to_owned()));
        } else if profile.deviations.reconstructed.contains(&root.component) {
            not_compared.push(NotCompared {
                component: root.component,
                reason: "not in the given document; our schema is reconstructed (documented deviation), so there is nothing to compare",
            });
        } else {
            walk.push(root.component, "", Change::ComponentRemoved, true);
        }
    }
    while let Some((ours, theirs)) = walk.queue.pop() {
        walk.component(&ours, &theirs);
    }
    // Components reachable on one side only, beyond the pairs followed above.
    let roots_present = profile
        .roots
        .iter()
        .map(|r| r.component)
        .filter(|c| given.contains_key(*c));
    let ours_reachable = reachable(vendored, roots_present.clone());
    let theirs_reachable = reachable(given, roots_present);
    let paired_theirs: BTreeSet<String> = walk.paired.values().cloned().collect();
    for name in &ours_reachable {
        if !walk.paired.contains_key(name) && !given.contains_key(name) {
            let used = walk.used_components.contains(name);
            walk.push(name, "", Change::ComponentRemoved, used);
        }
    }
    for name in &theirs_reachable {
        if !paired_theirs.contains(name) && !vendored.contains_key(name) {
            walk.push(name, "", Change::ComponentAdded, false);
        }
    }
    let mut differences = walk.differences;
    differences
        .sort_by(|a, b| (a.impact, &a.component, &a.path).cmp(&(b.impact, &b.component, &b.path)));
    Ok(Report {
        profile: profile.name,
        document: profile.document.uri(),
        differences,
        not_compared,
    })
}

/// The properties of `component` in `document` that a model also has, following both sides'
/// `$ref`s: the fields a mapper built on that model reads or writes. `model` is a JSON Schema the
/// model derives (`schemars::schema_for!`, whose names are the serde field names; `$ref`s into
/// its `$defs`).
pub fn model_fields(document: &Document, component: &str, model: &Value) -> Vec<UsedField> {
    let Some(vendored) = serde_json::from_str::<Value>(document.text())
        .ok()
        .and_then(|doc| components(&doc).cloned())
    else {
        return Vec::new();
    };
    let Some(root) = vendored.get(component) else {
        return Vec::new();
    };
    let mut out = BTreeSet::new();
    let ours = normalize(root);
    let theirs = normalize(model);
    model_walk(&vendored, model, component, "", &ours, &theirs, &mut out, 0);
    out.into_iter().collect()
}

#[allow(clippy::too_many_arguments)]
fn model_walk(
    vendored: &Map<String, Value>,
    model_root: &Value,
    component: &str,
    path: &str,
    ours: &Node,
    theirs: &Node,
    out: &mut BTreeSet<UsedField>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let (component, path, ours) = match ours.reference.as_deref().and_then(|r| {
        vendored
            .get(r)
            .map(|schema| (r.to_owned(), String::new(), normalize(schema)))
    }) {
        Some(resolved) => resolved,
        None => (component.to_owned(), path.to_owned(), ours.clone()),
    };
    let theirs = match theirs
        .reference
        .as_deref()
        .and_then(|r| model_root.pointer(r.trim_start_matches('#')))
    {
        Some(schema) => normalize(schema),
        None => theirs.clone(),
    };
    for (name, child) in &ours.properties {
        let Some(model_child) = theirs.properties.get(name) else {
            continue;
        };
        let child_path = join(&path, name);
        let fresh = out.insert(UsedField {
            component: component.clone(),
            path: child_path.clone(),
        });
        if fresh {
            model_walk(
                vendored,
                model_root,
                &component,
                &child_path,
                child,
                model_child,
                out,
                depth + 1,
            );
        }
    }
    if let (Some(item), Some(model_item)) = (&ours.items, &theirs.items) {
        model_walk(
            vendored,
            model_root,
            &component,
            &format!("{path}[]"),
            item,
            model_item,
            out,
            depth + 1,
        );
    }
    for (branch, model_branch) in ours.branches.iter().zip(&theirs.branches) {
        model_walk(
            vendored,
            model_root,
            &component,
            &path,
            branch,
            model_branch,
            out,
            depth + 1,
        );
    }
}

/// The fields of model structs placed at `(component, path)` of the vendored document: each
/// entry is a component, the path of the object inside it (`""` for the component itself,
/// `allocations[]` for an array's items) and the struct's serde field names.
pub fn struct_fields(table: &[(&str, &str, &[&str])]) -> Vec<UsedField> {
    let mut out = Vec::new();
    for (component, at, fields) in table {
        for field in *fields {
            let name = field.strip_prefix("r#").unwrap_or(field);
            out.push(UsedField {
                component: (*component).to_owned(),
                path: join(at, name),
            });
        }
    }
    out
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn components(document: &Value) -> Option<&Map<String, Value>> {
    document.pointer("/components/schemas")?.as_object()
}

/// The vendored document of `profile`, parsed (each call parses it again: a drift check runs
/// once, and the crate keeps no second copy of the text around).
fn vendored_document(profile: &Profile) -> Result<Value, DriftError> {
    let uri = profile.document.uri();
    let value: Value =
        serde_json::from_str(profile.document.text()).map_err(|_| DriftError::Vendored { uri })?;
    if components(&value).is_none() {
        return Err(DriftError::Vendored { uri });
    }
    Ok(value)
}

/// The components reachable from `roots` through `$ref`s (roots included when they exist).
fn reachable<'a>(
    components: &Map<String, Value>,
    roots: impl Iterator<Item = &'a str>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.map(str::to_owned).collect();
    while let Some(name) = stack.pop() {
        let Some(schema) = components.get(&name) else {
            continue;
        };
        if !seen.insert(name) {
            continue;
        }
        collect_refs(schema, &mut stack, 0);
    }
    seen
}

fn collect_refs(value: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                match (key.as_str(), child) {
                    ("$ref", Value::String(target)) => {
                        if let Some(name) = target.strip_prefix(REF_PREFIX) {
                            out.push(name.to_owned());
                        }
                    }
                    // Values of these keys are data, not schemas.
                    ("enum" | "example" | "examples" | "default", _) => {}
                    _ => collect_refs(child, out, depth + 1),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_refs(item, out, depth + 1);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

/// A schema reduced to the facts both sides are compared on (see the module docs).
#[derive(Debug, Clone, Default, PartialEq)]
struct Node {
    types: BTreeSet<String>,
    nullable: bool,
    format: Option<String>,
    enumeration: Option<BTreeSet<String>>,
    reference: Option<String>,
    read_only: bool,
    required: BTreeSet<String>,
    properties: BTreeMap<String, Node>,
    items: Option<Box<Node>>,
    branches: Vec<Node>,
}

fn normalize(schema: &Value) -> Node {
    let mut node = Node::default();
    if let Value::Object(object) = schema {
        absorb(&mut node, object, 0);
    }
    node
}

fn is_null_only(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
}

fn absorb(node: &mut Node, object: &Map<String, Value>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let add_type = |node: &mut Node, name: &str| {
        if name == "null" {
            node.nullable = true;
        } else {
            node.types.insert(name.to_owned());
        }
    };
    match object.get("type") {
        Some(Value::String(name)) => add_type(node, name),
        Some(Value::Array(names)) => {
            for name in names.iter().filter_map(Value::as_str) {
                add_type(node, name);
            }
        }
        _ => {}
    }
    if object.get("nullable") == Some(&Value::Bool(true)) {
        node.nullable = true;
    }
    if let Some(Value::String(format)) = object.get("format") {
        node.format = Some(format.clone());
    }
    if let Some(Value::Array(values)) = object.get("enum") {
        let mut set = BTreeSet::new();
        for value in values {
            match value {
                Value::Null => node.nullable = true,
                Value::String(text) => {
                    set.insert(text.clone());
                }
                other => {
                    set.insert(other.to_string());
                }
            }
        }
        node.enumeration = Some(set);
    }
    if let Some(Value::String(target)) = object.get("$ref") {
        node.reference = Some(target.strip_prefix(REF_PREFIX).unwrap_or(target).to_owned());
    }
    if object.get("readOnly") == Some(&Value::Bool(true)) {
        node.read_only = true;
    }
    if let Some(Value::Array(names)) = object.get("required") {
        node.required
            .extend(names.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    if let Some(Value::Object(properties)) = object.get("properties") {
        for (name, schema) in properties {
            let mut child = Node::default();
            if let Value::Object(child_object) = schema {
                absorb(&mut child, child_object, depth + 1);
            }
            node.properties.insert(name.clone(), child);
        }
    }
    if let Some(Value::Object(items)) = object.get("items") {
        let mut item = Node::default();
        absorb(&mut item, items, depth + 1);
        node.items = Some(Box::new(item));
    }
    for keyword in ["allOf", "anyOf", "oneOf"] {
        let Some(Value::Array(branches)) = object.get(keyword) else {
            continue;
        };
        let mut kept = Vec::new();
        for branch in branches {
            if is_null_only(branch) {
                node.nullable = true;
            } else {
                kept.push(branch);
            }
        }
        // One real branch (OpenAPI's `allOf: [$ref]` beside annotations, a 2020-12
        // `anyOf: [$ref, null]`) is that branch.
        if let [Value::Object(single)] = kept.as_slice() {
            absorb(node, single, depth + 1);
            continue;
        }
        for branch in kept {
            let mut child = Node::default();
            if let Value::Object(branch_object) = branch {
                absorb(&mut child, branch_object, depth + 1);
            }
            // Under OpenAPI each branch of an `anyOf` carries its own `nullable`.
            if keyword != "allOf" && child.nullable {
                node.nullable = true;
            }
            node.branches.push(child);
        }
    }
}

struct Walk<'a> {
    profile: &'a Profile,
    vendored: &'a Map<String, Value>,
    given: &'a Map<String, Value>,
    read: BTreeSet<String>,
    written: BTreeSet<String>,
    used: BTreeSet<(String, String)>,
    used_components: BTreeSet<String>,
    /// Our component -> theirs, once compared.
    paired: BTreeMap<String, String>,
    queue: Vec<(String, String)>,
    differences: Vec<Difference>,
}

impl Walk<'_> {
    fn push(&mut self, component: &str, path: &str, change: Change, affects: bool) {
        self.differences.push(Difference {
            component: component.to_owned(),
            path: path.to_owned(),
            change,
            impact: if affects {
                Impact::AffectsMappings
            } else {
                Impact::Informational
            },
        });
    }

    fn is_used(&self, component: &str, property: Option<&str>) -> bool {
        match property {
            Some(path) => self.used.contains(&(component.to_owned(), path.to_owned())),
            None => self.used_components.contains(component),
        }
    }

    fn component(&mut self, ours: &str, theirs: &str) {
        if self.paired.contains_key(ours) {
            return;
        }
        self.paired.insert(ours.to_owned(), theirs.to_owned());
        let (Some(our_schema), Some(their_schema)) =
            (self.vendored.get(ours), self.given.get(theirs))
        else {
            let used = self.is_used(ours, None);
            self.push(ours, "", Change::ComponentRemoved, used);
            return;
        };
        if ours != theirs && !self.given.contains_key(ours) && !self.vendored.contains_key(theirs) {
            let used = self.is_used(ours, None);
            self.push(
                ours,
                "",
                Change::ComponentRenamed {
                    to: theirs.to_owned(),
                },
                used,
            );
        }
        let our_node = normalize(our_schema);
        let their_node = normalize(their_schema);
        self.node(ours, "", None, &our_node, &their_node, 0);
    }

    /// Compares two nodes at `path` of `component`; `property` is the path of the nearest
    /// property (what the used-field set is keyed by), `None` at the component's top.
    fn node(
        &mut self,
        component: &str,
        path: &str,
        property: Option<&str>,
        ours: &Node,
        theirs: &Node,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let used = self.is_used(component, property);
        let written = self.written.contains(component);
        let read = self.read.contains(component);
        if ours.types != theirs.types {
            self.push(
                component,
                path,
                Change::TypeChanged {
                    from: ours.types.iter().cloned().collect(),
                    to: theirs.types.iter().cloned().collect(),
                },
                used,
            );
        }
        if ours.format != theirs.format {
            self.push(
                component,
                path,
                Change::FormatChanged {
                    from: ours.format.clone(),
                    to: theirs.format.clone(),
                },
                used,
            );
        }
        let made_nullable_by_us = ours.nullable
            && !theirs.nullable
            && property.is_some()
            && self
                .profile
                .deviations
                .nullable_properties
                .contains(&component);
        if ours.nullable != theirs.nullable && !made_nullable_by_us {
            self.push(
                component,
                path,
                Change::NullableChanged {
                    from: ours.nullable,
                    to: theirs.nullable,
                },
                used,
            );
        }
        if ours.read_only != theirs.read_only {
            self.push(
                component,
                path,
                Change::ReadOnlyChanged {
                    from: ours.read_only,
                    to: theirs.read_only,
                },
                used && written,
            );
        }
        match (&ours.enumeration, &theirs.enumeration) {
            (Some(a), Some(b)) => {
                let removed: Vec<String> = a.difference(b).cloned().collect();
                let added: Vec<String> = b.difference(a).cloned().collect();
                if !removed.is_empty() {
                    self.push(
                        component,
                        path,
                        Change::EnumValuesRemoved { values: removed },
                        used,
                    );
                }
                if !added.is_empty() {
                    // A mapping table has a row per known value and no catch-all: a new value
                    // reaches the mappers as unknown.
                    self.push(
                        component,
                        path,
                        Change::EnumValuesAdded { values: added },
                        used,
                    );
                }
            }
            (None, None) => {}
            (a, b) => self.push(
                component,
                path,
                Change::EnumChanged {
                    from: a.is_some(),
                    to: b.is_some(),
                },
                used,
            ),
        }
        match (&ours.reference, &theirs.reference) {
            (Some(a), Some(b)) => {
                if a != b {
                    self.push(
                        component,
                        path,
                        Change::RefChanged {
                            from: Some(a.clone()),
                            to: Some(b.clone()),
                        },
                        used || property.is_none(),
                    );
                }
                // A component reached from a used property is used as a whole: its own type,
                // format and enum are what the property holds (`TotalAmount`, `RefundStatus`).
                if used {
                    self.used_components.insert(a.clone());
                }
                self.queue.push((a.clone(), b.clone()));
            }
            (None, None) => {}
            (a, b) => self.push(
                component,
                path,
                Change::RefChanged {
                    from: a.clone(),
                    to: b.clone(),
                },
                used,
            ),
        }
        let mut changes = Vec::new();
        for name in theirs.properties.keys() {
            let child_path = join(path, name);
            match ours.properties.get(name) {
                None => {
                    let required = theirs.required.contains(name);
                    changes.push((
                        child_path,
                        Change::PropertyAdded { required },
                        required && written,
                    ));
                }
                Some(_) => {
                    if theirs.required.contains(name) && !ours.required.contains(name) {
                        changes.push((child_path, Change::RequiredAdded, written));
                    }
                }
            }
        }
        for name in ours.properties.keys() {
            let child_path = join(path, name);
            let child_used = self
                .used
                .contains(&(component.to_owned(), child_path.clone()));
            if !theirs.properties.contains_key(name) {
                changes.push((child_path, Change::PropertyRemoved, child_used));
            } else if ours.required.contains(name) && !theirs.required.contains(name) {
                changes.push((child_path, Change::RequiredRemoved, child_used && read));
            }
        }
        for (child_path, change, affects) in changes {
            self.push(component, &child_path, change, affects);
        }
        for (name, our_child) in &ours.properties {
            if let Some(their_child) = theirs.properties.get(name) {
                let child_path = join(path, name);
                self.node(
                    component,
                    &child_path,
                    Some(&child_path),
                    our_child,
                    their_child,
                    depth + 1,
                );
            }
        }
        if let (Some(our_item), Some(their_item)) = (&ours.items, &theirs.items) {
            self.node(
                component,
                &format!("{path}[]"),
                property,
                our_item,
                their_item,
                depth + 1,
            );
        }
        if ours.branches.len() != theirs.branches.len() {
            self.push(
                component,
                path,
                Change::BranchesChanged {
                    from: ours.branches.len(),
                    to: theirs.branches.len(),
                },
                used,
            );
        }
        for (index, (our_branch, their_branch)) in
            ours.branches.iter().zip(&theirs.branches).enumerate()
        {
            self.node(
                component,
                &format!("{path}<{index}>"),
                property,
                our_branch,
                their_branch,
                depth + 1,
            );
        }
    }
}
