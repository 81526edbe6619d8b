//! Apideck list responses (`GetRefundsResponse`) around mapped records.
//!
//! A provider's page of records becomes one Apideck list response: the mapped records in
//! `data`, one `meta.warnings` entry per record that could not be mapped (with its index) and per
//! mapping warning, the counts, and cursors. Every provider's pages go through the builders here,
//! so every list response is written and validated the same way.
//!
//! Cursors are opaque to Apideck clients. This crate follows Apideck's own convention, the
//! unpadded URL-safe base64 of `<service>::page::<number>` (so for Thredfi
//! `dGhyZWRmaTo6cGFnZTo6Mg` is page 2); [`page_from_cursor`] turns one back into the provider's
//! page number to request.

use crate::json::JsonObject;
use serde::{Deserialize, Serialize};

use super::Refund;

/// A page of unified refunds as Apideck's `GET /accounting/refunds` returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefundList {
    /// HTTP status code of the response (200).
    pub status_code: u16,
    /// HTTP status text (`OK`).
    pub status: String,
    /// The provider the records come from (`thredfi`).
    pub service: String,
    /// The unified resource (`refunds`).
    pub resource: String,
    /// The operation (`all`).
    pub operation: String,
    /// The records of this page.
    pub data: Vec<Refund>,
    /// Counts, cursors and warnings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Links to this page and its neighbours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
}

/// Response metadata (Apideck `Meta`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Number of records on this page.
    pub items_on_page: u64,
    /// Cursors to this page and its neighbours.
    pub cursors: Cursors,
    /// Number of records across all pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<u64>,
    /// Advisory warnings: here, one per record that could not be mapped and one per mapping
    /// warning, each naming the record's index.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<MetaWarning>,
}

/// Opaque cursors (Apideck `Meta.cursors`); null where there is no such page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cursors {
    /// The page before this one.
    pub previous: Option<String>,
    /// This page.
    pub current: Option<String>,
    /// The page after this one.
    pub next: Option<String>,
}

/// Links to pages (Apideck `Links`); previous and next are null at the ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Links {
    /// The page before this one.
    pub previous: Option<String>,
    /// This page.
    pub current: String,
    /// The page after this one.
    pub next: Option<String>,
}

/// An advisory warning in `meta.warnings` (Apideck `WorkflowWarning`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetaWarning {
    /// Kind of warning: `record_rejected` or `mapping_warning`.
    #[serde(rename = "type")]
    pub kind: String,
    /// HTTP-like status code: 422 for a rejected record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<u16>,
    /// Error kind (`decode`, `mapping`) or warning code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The operation the warning concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// What happened, starting with the JSON Pointer of the field at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Other keys (the envelope is open). Written exactly; read through serde's buffering for
    /// `flatten`, which holds a number as the `f64` it prints as.
    #[serde(flatten)]
    pub extra: JsonObject,
}

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::value::RawValue;

use crate::error::Error;
use crate::mapping::{MappingError, Warning, validated_text};

/// A mapped page: the Apideck envelope, and what could not be mapped.
#[derive(Debug, Clone)]
pub struct MappedPage {
    /// The Apideck list response, validated; failed records are absent from `data` and listed
    /// in `meta.warnings`.
    pub list: RefundList,
    /// The records that could not be mapped, in page order.
    pub failures: Vec<RecordFailure>,
    /// Warnings of the mapped records; each source path starts with `/results/<index>`.
    pub warnings: Vec<Warning>,
    /// `list` as the JSON text that was validated, ready to write without serializing it again.
    pub json: Box<RawValue>,
}

/// A record of a page that could not be mapped.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordFailure {
    /// Position of the record in the page's `results`, from 0.
    pub index: usize,
    /// Why; its path starts with `/results/<index>`.
    pub error: Error,
}

/// Where a page sits in its list, as the provider said (any of it may be unknown).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageFacts {
    /// Number of records across all pages.
    pub total_count: Option<u64>,
    /// This page's number, counted from 1.
    pub current_page: Option<u64>,
    /// Number of pages.
    pub total_pages: Option<u64>,
}

impl PageFacts {
    /// Facts with every field given.
    pub fn new(
        total_count: Option<u64>,
        current_page: Option<u64>,
        total_pages: Option<u64>,
    ) -> Self {
        Self {
            total_count,
            current_page,
            total_pages,
        }
    }
}

/// The cursor of page `page` of `service`'s list.
///
/// ```
/// use unified_accounting::unified::list::{page_cursor, page_from_cursor};
///
/// assert_eq!(page_cursor("thredfi", 2), "dGhyZWRmaTo6cGFnZTo6Mg");
/// assert_eq!(page_from_cursor("thredfi", "dGhyZWRmaTo6cGFnZTo6Mg"), Some(2));
/// assert_eq!(page_from_cursor("thredfi", "not a cursor"), None);
/// ```
pub fn page_cursor(service: &str, page: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{service}::page::{page}"))
}

/// The page number a cursor of `service` stands for, if it is one of ours.
pub fn page_from_cursor(service: &str, cursor: &str) -> Option<u64> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    text.strip_prefix(service)?
        .strip_prefix("::page::")?
        .parse()
        .ok()
}

/// The validated Apideck list response of `service` around records already mapped to
/// [`crate::unified::Refund`]s.
///
/// # Errors
///
/// [`MappingError::InvalidOutput`] if the envelope breaks its schema, which would be a bug.
pub fn list_response(
    service: &str,
    data: Vec<super::Refund>,
    failures: Vec<RecordFailure>,
    warnings: Vec<Warning>,
    page: Option<&PageFacts>,
    base_url: Option<&str>,
) -> Result<MappedPage, MappingError> {
    let (meta, links) = meta_and_links(service, data.len(), &failures, &warnings, page, base_url);
    let list = RefundList {
        status_code: 200,
        status: "OK".into(),
        service: service.into(),
        resource: "refunds".into(),
        operation: "all".into(),
        meta: Some(meta),
        links,
        data,
    };
    let json = validated_text(&list, &super::targets::REFUND_LIST)?;
    Ok(MappedPage {
        json,
        list,
        failures,
        warnings,
    })
}

/// An Apideck list response around records that are already mapped and validated JSON (as the
/// bulk API produces them), validated as a whole.
///
/// `page` gives the counts and cursors when the records came from one provider page; without it
/// the total is the number of records given (mapped and failed) and there are no cursors.
///
/// # Errors
///
/// [`MappingError::InvalidOutput`] if the envelope breaks its schema, which would be a bug.
pub fn list_response_json(
    service: &str,
    data: Vec<Box<RawValue>>,
    failures: &[RecordFailure],
    warnings: &[Warning],
    page: Option<&PageFacts>,
    base_url: Option<&str>,
) -> Result<Box<RawValue>, MappingError> {
    /// The envelope of [`RefundList`] around records that are already JSON text.
    #[derive(serde::Serialize)]
    struct Envelope<'a> {
        status_code: u16,
        status: &'a str,
        service: &'a str,
        resource: &'a str,
        operation: &'a str,
        data: Vec<Box<RawValue>>,
        meta: Meta,
        #[serde(skip_serializing_if = "Option::is_none")]
        links: Option<Links>,
    }
    let (meta, links) = meta_and_links(service, data.len(), failures, warnings, page, base_url);
    let envelope = Envelope {
        status_code: 200,
        status: "OK",
        service,
        resource: "refunds",
        operation: "all",
        data,
        meta,
        links,
    };
    validated_text(&envelope, &super::targets::REFUND_LIST)
}

/// `meta` (counts, cursors, one warning per failed record and per mapping warning) and `links`.
fn meta_and_links(
    service: &str,
    items_on_page: usize,
    failures: &[RecordFailure],
    warnings: &[Warning],
    page: Option<&PageFacts>,
    base_url: Option<&str>,
) -> (Meta, Option<Links>) {
    let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    let (previous, current, next) = neighbours(page);
    let links = base_url.map(|base| {
        let link = |page: u64| {
            let separator = if base.contains('?') { '&' } else { '?' };
            format!("{base}{separator}cursor={}", page_cursor(service, page))
        };
        Links {
            previous: previous.map(link),
            current: current.map_or_else(|| base.to_owned(), link),
            next: next.map(link),
        }
    });
    let meta = Meta {
        items_on_page: count(items_on_page),
        cursors: Cursors {
            previous: previous.map(|page| page_cursor(service, page)),
            current: current.map(|page| page_cursor(service, page)),
            next: next.map(|page| page_cursor(service, page)),
        },
        total_count: match page {
            Some(info) => info.total_count,
            None => Some(count(items_on_page + failures.len())),
        },
        warnings: meta_warnings(failures, warnings),
    };
    (meta, links)
}

/// The previous, current and next page numbers. A null page number or page count leaves out the
/// cursors it would have given, rather than inventing a position in the list.
fn neighbours(page: Option<&PageFacts>) -> (Option<u64>, Option<u64>, Option<u64>) {
    let Some(info) = page else {
        return (None, None, None);
    };
    let current = info.current_page;
    (
        current.filter(|&page| page > 1).map(|page| page - 1),
        current,
        current
            .zip(info.total_pages)
            .filter(|(page, pages)| page < pages)
            .map(|(page, _)| page + 1),
    )
}

/// One `record_rejected` entry per failed record, then one `mapping_warning` per warning.
fn meta_warnings(failures: &[RecordFailure], warnings: &[Warning]) -> Vec<MetaWarning> {
    let rejected = failures.iter().map(|failure| MetaWarning {
        kind: "record_rejected".into(),
        status_code: Some(422),
        error: Some(failure.error.kind().as_str().into()),
        operation: Some("all".into()),
        message: Some(format!(
            "record {} was not mapped: {}",
            failure.index, failure.error
        )),
        extra: Default::default(),
    });
    let warned = warnings.iter().map(|warning| MetaWarning {
        kind: "mapping_warning".into(),
        status_code: None,
        error: Some(warning.code.as_str().into()),
        operation: Some("all".into()),
        message: Some(warning.to_string()),
        extra: Default::default(),
    });
    rejected.chain(warned).collect()
}
