//! Applying Apideck `pass_through` entries to a Thredfi request.
//!
//! `pass_through` is Apideck's escape hatch for provider-specific fields the unified model has no
//! name for, such as Thredfi's `processor` or `refund_processing_fee_cents`. Only entries whose
//! `service_id` is `thredfi` apply. Each one's `extend_object` is merged into the request (its keys
//! replace the mapped ones), then each `extend_paths` entry sets its value at a simple JSONPath
//! (`$.a.b`: dot-separated names from the root, creating objects on the way). Other JSONPath forms
//! (brackets, wildcards, filters) are refused rather than guessed at. The result is validated
//! against the request schema like any other output.

use crate::json::{JsonObject, JsonValue};

use crate::mapping::{Diagnostics, MappingError, WarningCode};
use crate::pointer::JsonPointer;
use crate::unified::PassThrough;

/// The most names an `extend_paths` path may have. Thredfi's request bodies are two or three
/// levels deep; the limit keeps a hostile path (`$.a.a.a...` with 100,000 names) from building a
/// value too deep to write, read back or even drop without overflowing the stack.
pub const MAX_PATH_DEPTH: usize = 32;

/// Applies every `thredfi` entry to `request`, warning about entries for other services.
pub(crate) fn apply(
    request: &mut JsonObject,
    entries: &[PassThrough],
    diagnostics: &mut Diagnostics<'_>,
) -> Result<(), MappingError> {
    for (index, entry) in entries.iter().enumerate() {
        let base = JsonPointer::root().join("pass_through").join_index(index);
        if entry.service_id != super::SERVICE {
            diagnostics.warn(
                WarningCode::NotCarried,
                base.as_str(),
                None,
                format!(
                    "pass_through for service {:?} does not apply to Thredfi (only {:?} does)",
                    entry.service_id,
                    super::SERVICE
                ),
            );
            continue;
        }
        if let Some(extension) = &entry.extend_object {
            for (key, value) in extension {
                request.insert(key.to_owned(), value.clone());
            }
        }
        for (path_index, extend) in entry.extend_paths.iter().flatten().enumerate() {
            let at = base
                .join("extend_paths")
                .join_index(path_index)
                .join("path");
            let names =
                simple_path(&extend.path).ok_or_else(|| MappingError::UnsupportedJsonPath {
                    path: at.clone(),
                    json_path: extend.path.clone(),
                })?;
            if names.len() > MAX_PATH_DEPTH {
                return Err(MappingError::JsonPathTooDeep {
                    path: at,
                    names: names.len(),
                    max: MAX_PATH_DEPTH,
                });
            }
            set_at(request, &names, extend.value.clone(), &at)?;
        }
    }
    Ok(())
}

/// `$.a.b` → `["a", "b"]`; `None` for any other JSONPath form.
fn simple_path(path: &str) -> Option<Vec<&str>> {
    let rest = path.strip_prefix("$.")?;
    let names: Vec<&str> = rest.split('.').collect();
    let simple = names.iter().all(|name| {
        let mut chars = name.chars();
        chars
            .next()
            .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    simple.then_some(names)
}

fn set_at(
    object: &mut JsonObject,
    names: &[&str],
    value: JsonValue,
    at: &JsonPointer,
) -> Result<(), MappingError> {
    match names {
        [] => Ok(()),
        [last] => {
            object.insert((*last).to_owned(), value);
            Ok(())
        }
        [first, rest @ ..] => {
            let child = object.get_or_insert_with(first, || JsonValue::Object(JsonObject::new()));
            match child {
                JsonValue::Object(inner) => set_at(inner, rest, value, at),
                other => Err(MappingError::JsonPathThroughNonObject {
                    path: at.clone(),
                    name: (*first).to_owned(),
                    found: other.type_name(),
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a path of 100,000 names used to recurse once per name and overflow the stack
    /// (an abort, not even a panic).
    #[test]
    fn a_deep_path_is_an_error_not_a_stack_overflow() {
        let options = crate::MapOptions::new();
        let mut diagnostics = Diagnostics::new(&options);
        let deep = format!("$.{}", vec!["a"; 100_000].join("."));
        let entries = [PassThrough {
            service_id: crate::thredfi::SERVICE.into(),
            operation_id: None,
            extend_object: None,
            extend_paths: Some(vec![crate::unified::ExtendPath {
                path: deep,
                value: JsonValue::Null,
            }]),
        }];
        let mut request = JsonObject::new();
        let error = apply(&mut request, &entries, &mut diagnostics).unwrap_err();
        assert_eq!(error.path(), "/pass_through/0/extend_paths/0/path");
        assert!(request.is_empty());

        let limit = format!("$.{}", vec!["a"; MAX_PATH_DEPTH].join("."));
        let entries = [PassThrough {
            extend_paths: Some(vec![crate::unified::ExtendPath {
                path: limit,
                value: JsonValue::Null,
            }]),
            ..entries[0].clone()
        }];
        apply(&mut request, &entries, &mut diagnostics).unwrap();
    }

    #[test]
    fn simple_paths_only() {
        assert_eq!(simple_path("$.memo"), Some(vec!["memo"]));
        assert_eq!(
            simple_path("$.metadata.source"),
            Some(vec!["metadata", "source"])
        );
        for path in [
            "$", "$.", "$..memo", "$.a[0]", "$['a']", "memo", "$.a.*", "$.a b",
        ] {
            assert_eq!(simple_path(path), None, "{path}");
        }
    }
}
