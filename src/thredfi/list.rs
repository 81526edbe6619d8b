//! A page of Thredfi results → an Apideck list response.
//!
//! Thredfi lists come in pages: `{count, page_info: {total_count, current_page, total_pages,
//! page_size}, results: [...]}`. That envelope is documented for vendor refunds; the customer
//! refund list is **assumed** to use the same one (its documentation was cut short after
//! `count`/`page_info`/`results`, which match).
//!
//! [`to_unified_list`] maps every record of a page and wraps the results in Apideck's
//! `GetRefundsResponse` ([`crate::unified::list`]). One bad record does not sink the page: the
//! good records are mapped, and each failure is reported with its index both in
//! [`MappedPage::failures`] and as a `meta.warnings` entry of the envelope, which is validated
//! against the vendored schema. Cursors are `thredfi::page::<number>` in Apideck's encoding
//! ([`page_cursor`]).

use serde_json::value::RawValue;

use super::SERVICE;
use super::wire::Page;
use crate::error::Error;
use crate::mapping::{MapOptions, Warning, WarningCode};
use crate::pointer::JsonPointer;
use crate::provider::{Probe, Resource};
use crate::unified::list::{MappedPage, PageFacts, RecordFailure, list_response};

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
    crate::unified::list::page_cursor(SERVICE, page)
}

/// The Thredfi page number a cursor stands for, if it is one of ours.
pub fn page_from_cursor(cursor: &str) -> Option<u64> {
    crate::unified::list::page_from_cursor(SERVICE, cursor)
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
    resource: &dyn Resource,
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
            source: JsonPointer::root().join("results"),
            target: Some(JsonPointer::root().join("data")),
            message: "the page's results are null: the list has no records".into(),
        });
    }
    for (index, record) in results.iter().enumerate() {
        let prefix = format!("/results/{index}");
        match resource.to_unified(record.get().as_bytes(), options) {
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
    list_response(
        SERVICE,
        data,
        failures,
        warnings,
        Some(&page_facts(&page)),
        base_url,
    )
    .map_err(Error::Mapping)
}

/// What a page says about its place in the list. `page_info.total_count` is the documented total;
/// when the API sends `page_info` as `null`, the top-level `count` (the same number) stands in.
fn page_facts(page: &Page) -> PageFacts {
    match &page.page_info {
        Some(info) => PageFacts::new(
            info.total_count.or(page.count),
            info.current_page,
            info.total_pages,
        ),
        None => PageFacts::new(page.count, None, None),
    }
}

/// Thredfi's pages, for the provider seam.
#[derive(Debug)]
pub(crate) struct Pages;

impl crate::provider::Pages for Pages {
    fn name(&self) -> &'static str {
        "a Thredfi page"
    }

    /// The keys make a page, whatever their values: the API sends `"page_info": null` and
    /// `"results": null` too.
    fn is_page(&self, document: &Probe) -> bool {
        document.has_key("results") && document.has_key("page_info")
    }

    /// Only `results` is read: mapping the records one by one does not need the page's counts,
    /// so a page whose `count` or `page_info` is missing or malformed still gives its records.
    fn records(&self, page: &[u8]) -> Result<Vec<Box<RawValue>>, Error> {
        /// The records of a page, still unparsed; `null` (a page sent without results) is none.
        #[derive(serde::Deserialize)]
        struct Results {
            #[serde(deserialize_with = "Option::deserialize")]
            results: Option<Vec<Box<RawValue>>>,
        }
        let page: Results = crate::decode::from_slice(page)?;
        Ok(page.results.unwrap_or_default())
    }

    fn record_path(&self, index: usize) -> String {
        format!("/results/{index}")
    }

    fn to_unified_list(
        &self,
        resource: &dyn Resource,
        page: &[u8],
        options: &MapOptions,
        base_url: Option<&str>,
    ) -> Result<MappedPage, Error> {
        to_unified_list(resource, page, options, base_url)
    }
}
