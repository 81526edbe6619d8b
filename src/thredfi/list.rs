//! A page of Thredfi results → an Apideck list response.
//!
//! Thredfi lists come in pages: `{count, page_info: {total_count, current_page, total_pages,
//! page_size}, results: [...]}`. That envelope is documented for vendor refunds; the customer
//! refund list is **assumed** to use the same one (its documentation was cut short after
//! `count`/`page_info`/`results`, which match).
//!
//! [`to_unified_list`] maps every record of a page and wraps the results in Apideck's
//! `GetRefundsResponse`. One bad record does not sink the page: the good records are mapped, and
//! each failure is reported with its index both in [`MappedPage::failures`] and as a
//! `meta.warnings` entry of the envelope, which is validated against the vendored schema.
//!
//! Cursors are opaque to Apideck clients. This crate follows Apideck's own convention, the
//! unpadded URL-safe base64 of `thredfi::page::<number>` (so `dGhyZWRmaTo6cGFnZTo6Mg` is page 2);
//! [`page_from_cursor`] turns one back into the Thredfi page number to request.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::value::RawValue;

use super::Resource;
use super::wire::{Page, PageInfo};
use crate::error::Error;
use crate::mapping::{MapOptions, MappingError, Warning, WarningCode, validated};
use crate::schema::Target;
use crate::unified::{Cursors, Links, Meta, MetaWarning, RefundList};

/// The Apideck service id of every list this crate builds.
pub const SERVICE: &str = "thredfi";

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

/// The cursor of a Thredfi page number.
///
/// ```
/// use unified_accounting::thredfi::list::{page_cursor, page_from_cursor};
///
/// assert_eq!(page_cursor(2), "dGhyZWRmaTo6cGFnZTo6Mg");
/// assert_eq!(page_from_cursor("dGhyZWRmaTo6cGFnZTo6Mg"), Some(2));
/// assert_eq!(page_from_cursor("not a cursor"), None);
/// ```
pub fn page_cursor(page: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{SERVICE}::page::{page}"))
}

/// The Thredfi page number a cursor stands for, if it is one of ours.
pub fn page_from_cursor(cursor: &str) -> Option<u64> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    text.strip_prefix(SERVICE)?
        .strip_prefix("::page::")?
        .parse()
        .ok()
}

/// Maps a whole Thredfi page of `resource` records to an Apideck list response.
///
/// `base_url` is the URL of the unified list endpoint; when given, `links` holds it with a
/// `cursor` query parameter for the previous, current and next pages.
///
/// # Errors
///
/// An [`Error`] only when the page itself is unreadable (not the Thredfi envelope), or, as a bug,
/// when the envelope fails its schema. Bad records are reported in [`MappedPage::failures`].
pub fn to_unified_list(
    resource: Resource,
    page: &[u8],
    options: &MapOptions,
    base_url: Option<&str>,
) -> Result<MappedPage, Error> {
    let page: Page = crate::decode::from_slice(page)?;
    let results = page.results.as_deref().unwrap_or_default();
    let mut data = Vec::with_capacity(results.len());
    let mut failures = Vec::new();
    let mut warnings = Vec::new();
    if page.results.is_none() {
        warnings.push(Warning {
            code: WarningCode::NullValue,
            source: "/results".into(),
            target: Some("/data".into()),
            message: "the page's results are null: the list has no records".into(),
        });
    }
    for (index, record) in results.iter().enumerate() {
        let prefix = format!("/results/{index}");
        match resource.to_unified_validated(record.get().as_bytes(), options) {
            Ok(mapped) => {
                warnings.extend(
                    mapped
                        .warnings
                        .into_iter()
                        .map(|warning| warning.within(&prefix)),
                );
                data.push(mapped.output.into_typed());
            }
            Err(error) => failures.push(RecordFailure {
                index,
                error: error.within(&prefix),
            }),
        }
    }
    let (meta, links) = meta_and_links(
        data.len(),
        &failures,
        &warnings,
        Some(&page_facts(&page)),
        base_url,
    );
    let list = RefundList {
        status_code: 200,
        status: "OK".into(),
        service: SERVICE.into(),
        resource: "refunds".into(),
        operation: "all".into(),
        meta: Some(meta),
        links,
        data,
    };
    let json = validated(&list, Target::ApideckRefundList).map_err(Error::Mapping)?;
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
/// `page` gives the counts and cursors when the records came from one Thredfi page; without it
/// the total is the number of records given (mapped and failed) and there are no cursors.
///
/// # Errors
///
/// [`MappingError::InvalidOutput`] if the envelope breaks its schema, which would be a bug.
pub fn list_response_json(
    data: Vec<Box<RawValue>>,
    failures: &[RecordFailure],
    warnings: &[Warning],
    page: Option<&PageInfo>,
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
    let (meta, links) = meta_and_links(data.len(), failures, warnings, page, base_url);
    let envelope = Envelope {
        status_code: 200,
        status: "OK",
        service: SERVICE,
        resource: "refunds",
        operation: "all",
        data,
        meta,
        links,
    };
    validated(&envelope, Target::ApideckRefundList)
}

/// `meta` (counts, cursors, one warning per failed record and per mapping warning) and `links`.
fn meta_and_links(
    items_on_page: usize,
    failures: &[RecordFailure],
    warnings: &[Warning],
    page: Option<&PageInfo>,
    base_url: Option<&str>,
) -> (Meta, Option<Links>) {
    let mut meta_warnings: Vec<MetaWarning> = failures
        .iter()
        .map(|failure| MetaWarning {
            kind: "record_rejected".into(),
            status_code: Some(422),
            error: Some(failure.error.kind().as_str().into()),
            operation: Some("all".into()),
            message: Some(format!(
                "record {} was not mapped: {}",
                failure.index, failure.error
            )),
            extra: Default::default(),
        })
        .collect();
    meta_warnings.extend(warnings.iter().map(|warning| MetaWarning {
        kind: "mapping_warning".into(),
        status_code: None,
        error: Some(warning.code.as_str().into()),
        operation: Some("all".into()),
        message: Some(warning.to_string()),
        extra: Default::default(),
    }));
    let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    // A null page number or page count leaves out the cursors it would have given, rather than
    // inventing a position in the list.
    let (previous, current, next) = match page {
        Some(info) => {
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
        None => (None, None, None),
    };
    let links = base_url.map(|base| {
        let link = |page: u64| {
            let separator = if base.contains('?') { '&' } else { '?' };
            format!("{base}{separator}cursor={}", page_cursor(page))
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
            previous: previous.map(page_cursor),
            current: current.map(page_cursor),
            next: next.map(page_cursor),
        },
        total_count: match page {
            Some(info) => info.total_count,
            None => Some(count(items_on_page + failures.len())),
        },
        warnings: meta_warnings,
    };
    (meta, links)
}

/// What a page says about its place in the list. `page_info.total_count` is the documented total;
/// when the API sends `page_info` as `null`, the top-level `count` (the same number) stands in.
fn page_facts(page: &Page) -> PageInfo {
    match &page.page_info {
        Some(info) => PageInfo {
            total_count: info.total_count.or(page.count),
            ..info.clone()
        },
        None => PageInfo {
            total_count: page.count,
            current_page: None,
            total_pages: None,
            page_size: None,
        },
    }
}
