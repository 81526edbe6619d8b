//! The Rust unified model and the vendored Apideck schema describe the same thing.
//!
//! Two independent checks, so that neither the types nor the schema can drift alone:
//!
//! 1. the schema `schemars` derives from the Rust types has the same components, property names,
//!    base types, formats, enums and open/closed objects as the vendored schema;
//! 2. for every property of every component, the Rust types accept `null` exactly where the
//!    vendored schema does (checked by deserializing, since `schemars` marks every `Option`
//!    nullable and cannot tell the two kinds of optional field apart).

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use unified_accounting::unified::Refund;

/// A schema reduced to what both sides must agree on.
#[derive(Debug, PartialEq)]
struct Shape {
    types: BTreeSet<String>,
    format: Option<String>,
    enumeration: BTreeSet<String>,
    closed: bool,
    properties: BTreeMap<String, Shape>,
    items: Option<Box<Shape>>,
}

/// Every JSON type but null (nullability is checked separately).
const ANY: [&str; 5] = ["array", "boolean", "number", "object", "string"];

struct Document<'a> {
    root: &'a Value,
    refs_prefix: &'a str,
}

impl Document<'_> {
    fn resolve<'v>(&'v self, schema: &'v Value) -> &'v Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let pointer = reference.trim_start_matches('#');
                assert!(reference.starts_with(self.refs_prefix), "{reference}");
                self.resolve(
                    self.root
                        .pointer(pointer)
                        .unwrap_or_else(|| panic!("{reference}")),
                )
            }
            None => schema,
        }
    }

    fn shape(&self, schema: &Value, depth: usize) -> Shape {
        assert!(depth < 12, "unexpectedly deep schema");
        let schema = self.resolve(schema);
        let mut shape = Shape {
            types: BTreeSet::new(),
            format: None,
            enumeration: BTreeSet::new(),
            closed: false,
            properties: BTreeMap::new(),
            items: None,
        };
        // A schema with no type constraint (annotations such as `description` aside) admits any
        // value.
        let constrains = ["type", "anyOf", "enum", "properties", "items"]
            .iter()
            .any(|keyword| schema.get(keyword).is_some());
        if schema == &Value::Bool(true) || (schema.is_object() && !constrains) {
            shape.types = ANY.iter().map(|t| t.to_string()).collect();
            return shape;
        }
        match schema.get("type") {
            Some(Value::String(single)) => {
                shape.types.insert(single.clone());
            }
            Some(Value::Array(many)) => {
                shape
                    .types
                    .extend(many.iter().map(|t| t.as_str().unwrap().to_owned()));
            }
            _ => {}
        }
        // A union of alternatives is compared by the union of what they admit.
        // Branches that only require keys (CustomField's "id or name") say nothing about types.
        let typed_branches = schema
            .get("anyOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|branch| {
                !(branch.is_object()
                    && branch
                        .as_object()
                        .unwrap()
                        .keys()
                        .all(|key| key == "required"))
            });
        for branch in typed_branches {
            let branch = self.shape(branch, depth + 1);
            shape.types.extend(branch.types);
            shape.enumeration.extend(branch.enumeration);
            shape.properties.extend(branch.properties);
            shape.closed |= branch.closed;
            if shape.items.is_none() {
                shape.items = branch.items;
            }
            if shape.format.is_none() {
                shape.format = branch.format;
            }
        }
        // `integer` formats (`int64`) are schemars' annotations of Rust integer widths.
        shape.format = shape.format.take().or_else(|| {
            schema
                .get("format")
                .and_then(Value::as_str)
                .filter(|format| !format.starts_with("int") && !format.starts_with("uint"))
                .map(str::to_owned)
        });
        for value in schema
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            shape.enumeration.insert(value.to_string());
        }
        shape.closed |= schema.get("additionalProperties") == Some(&Value::Bool(false));
        for (name, property) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            shape
                .properties
                .insert(name.clone(), self.shape(property, depth + 1));
        }
        if let Some(items) = schema.get("items") {
            shape.items = Some(Box::new(self.shape(items, depth + 1)));
        }
        // Nullability is checked separately (see the module docs).
        shape.types.remove("null");
        shape.enumeration.remove("null");
        // "Any value" carries no item or property constraints worth comparing.
        if shape.types.len() == ANY.len() {
            shape.items = None;
            shape.properties.clear();
        }
        shape
    }
}

fn vendored() -> Value {
    serde_json::from_str(unified_accounting::unified::targets::DOCUMENT.text()).unwrap()
}

#[test]
fn derived_schema_matches_the_vendored_one() {
    let vendored = vendored();
    let ours = serde_json::to_value(schemars::schema_for!(Refund)).unwrap();
    let theirs_doc = Document {
        root: &vendored,
        refs_prefix: "#/components/schemas/",
    };
    let ours_doc = Document {
        root: &ours,
        refs_prefix: "#/$defs/",
    };
    let theirs = theirs_doc.shape(&vendored["components"]["schemas"]["Refund"], 0);
    let ours = ours_doc.shape(&ours, 0);
    compare("Refund", &ours, &theirs);
}

fn compare(path: &str, ours: &Shape, theirs: &Shape) {
    let our_names: BTreeSet<_> = ours.properties.keys().collect();
    let their_names: BTreeSet<_> = theirs.properties.keys().collect();
    assert_eq!(our_names, their_names, "{path}: property names differ");
    assert_eq!(ours.types, theirs.types, "{path}: types differ");
    assert_eq!(ours.format, theirs.format, "{path}: formats differ");
    assert_eq!(ours.enumeration, theirs.enumeration, "{path}: enums differ");
    assert_eq!(
        ours.closed, theirs.closed,
        "{path}: additionalProperties differ"
    );
    for (name, theirs_property) in &theirs.properties {
        compare(
            &format!("{path}/{name}"),
            &ours.properties[name],
            theirs_property,
        );
    }
    match (&ours.items, &theirs.items) {
        (Some(ours), Some(theirs)) => compare(&format!("{path}/items"), ours, theirs),
        (None, None) => {}
        _ => panic!("{path}: one side is an array of items, the other is not"),
    }
}

/// Where each component sits in a refund, with the smallest object that holds it.
fn component_locations() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        ("Refund", "", json!({})),
        ("LinkedCustomer", "/customer", json!({})),
        ("LinkedLedgerAccount", "/account", json!({})),
        ("InvoiceLineItem", "/line_items/0", json!({})),
        ("LinkedInvoiceItem", "/line_items/0/item", json!({})),
        ("LinkedWorktag", "/line_items/0/worktags/0", json!({})),
        ("LinkedTaxRate", "/line_items/0/tax_rate", json!({})),
        ("Allocation", "/allocations/0", json!({})),
        ("Address", "/billing_address", json!({})),
        ("LinkedDepartment", "/department", json!({})),
        ("LinkedLocation", "/location", json!({})),
        (
            "LinkedTrackingCategory",
            "/tracking_categories/0",
            json!({}),
        ),
        ("CustomField", "/custom_fields/0", json!({"id": "cf-1"})),
    ]
}

fn place(pointer: &str, object: Value) -> Value {
    let mut refund = json!({"id": "r-1", "total_amount": 1});
    if pointer.is_empty() {
        for (key, value) in object.as_object().unwrap() {
            refund[key] = value.clone();
        }
        return refund;
    }
    // Build the containers on the way: arrays for numeric tokens, objects otherwise.
    let tokens: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    let mut node = &mut refund;
    for (index, token) in tokens.iter().enumerate() {
        let last = index + 1 == tokens.len();
        let next_is_index = tokens
            .get(index + 1)
            .is_some_and(|next| next.parse::<usize>().is_ok());
        let fresh = if last {
            object.clone()
        } else if next_is_index {
            json!([])
        } else {
            json!({})
        };
        node = match token.parse::<usize>() {
            Ok(_) => {
                let array = node.as_array_mut().unwrap();
                array.push(fresh);
                array.last_mut().unwrap()
            }
            Err(_) => {
                node[*token] = fresh;
                &mut node[*token]
            }
        };
    }
    refund
}

#[test]
fn null_is_accepted_exactly_where_the_schema_allows_it() {
    let vendored = vendored();
    let doc = Document {
        root: &vendored,
        refs_prefix: "#/components/schemas/",
    };
    let mut checked = 0;
    for (component, pointer, base) in component_locations() {
        let schema = &vendored["components"]["schemas"][component];
        for (name, property) in schema["properties"].as_object().unwrap() {
            let property = doc.resolve(property);
            let schema_allows_null = match property.get("type") {
                Some(Value::Array(types)) => types.contains(&json!("null")),
                Some(_) => false,
                None => property["anyOf"].as_array().is_some_and(|branches| {
                    branches.iter().any(|b| {
                        b["type"] == "null"
                            || b["type"]
                                .as_array()
                                .is_some_and(|t| t.contains(&json!("null")))
                    })
                }),
            };
            let mut object = base.clone();
            object[name] = Value::Null;
            let instance = place(pointer, object);
            let rust_accepts_null = serde_json::from_value::<Refund>(instance.clone()).is_ok();
            assert_eq!(
                rust_accepts_null, schema_allows_null,
                "{component}.{name} at {pointer}: the Rust model and the schema disagree on null \
                 ({instance})"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} properties checked");
}
