//! Whole Thredfi pages → Apideck list responses.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

mod common;

use common::{BUSINESS_ID, fixtures, pretty, relative, stem};
use unified_accounting::thredfi::RefundKind;
use unified_accounting::thredfi::list::{page_from_cursor, to_unified_list};
use unified_accounting::{ErrorKind, MapOptions};

const BASE_URL: &str = "https://unify.example.com/accounting/refunds";

#[test]
fn pages_map_to_list_responses() {
    for path in fixtures("thredfi/pages") {
        let resource = if stem(&path).starts_with("vendor") {
            RefundKind::VendorRefund
        } else {
            RefundKind::CustomerRefund
        };
        let bytes = std::fs::read(&path).unwrap();
        let options = MapOptions::new()
            .with(unified_accounting::thredfi::Options::new().business_id(BUSINESS_ID));
        let page = to_unified_list(&resource, &bytes, &options, Some(BASE_URL)).unwrap();
        let envelope = common::exact(page.json.get());
        assert_eq!(
            page.json.get(),
            serde_json::to_string(&page.list).unwrap(),
            "the JSON is the list, as text"
        );
        unified_accounting::unified::targets::REFUND_LIST
            .validate_text(page.json.get())
            .unwrap();

        // `results` may be null (the API sends that for an empty page now and then).
        let results = common::json(&bytes)["results"]
            .as_array()
            .map_or(0, Vec::len);
        assert_eq!(
            page.list.data.len() + page.failures.len(),
            results,
            "every record accounted for"
        );
        let meta = page.list.meta.as_ref().unwrap();
        assert_eq!(meta.items_on_page as usize, page.list.data.len());

        let mut text = format!("input: {}\nfailures:\n", relative(&path));
        for failure in &page.failures {
            text.push_str(&format!("- index {}: {}\n", failure.index, failure.error));
        }
        // The records themselves are snapshotted one by one elsewhere; here the envelope matters.
        let mut shown = envelope.clone();
        if let unified_accounting::json::JsonValue::Object(object) = &mut shown {
            object.insert(
                "data".into(),
                format!("<{} mapped records>", page.list.data.len()).into(),
            );
        }
        text.push_str(&format!("envelope:\n{}\n", pretty(&shown)));
        insta::assert_snapshot!(format!("page__{}", stem(&path)), text);
    }
}

#[test]
fn a_bad_record_is_reported_with_its_index_and_the_rest_still_map() {
    let path = fixtures("thredfi/pages")
        .into_iter()
        .find(|path| stem(path) == "vendor_refunds_page_2")
        .unwrap();
    let page = to_unified_list(
        &RefundKind::VendorRefund,
        &std::fs::read(&path).unwrap(),
        &MapOptions::new(),
        None,
    )
    .unwrap();
    assert_eq!(page.failures.len(), 1);
    assert_eq!(page.failures[0].index, 1);
    assert_eq!(
        page.failures[0].error.path(),
        "/results/1/total_refunded_amount"
    );
    assert_eq!(page.list.data.len(), 2);
    let warnings = &page.list.meta.as_ref().unwrap().warnings;
    assert!(warnings.iter().any(|warning| {
        warning.kind == "record_rejected"
            && warning
                .message
                .as_deref()
                .unwrap()
                .contains("/results/1/total_refunded_amount")
    }));
    assert!(page.list.links.is_none(), "no links without a base URL");
}

#[test]
fn cursors_lead_back_to_thredfi_pages() {
    let path = fixtures("thredfi/pages")
        .into_iter()
        .find(|path| stem(path) == "vendor_refunds_page_2")
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let info = &common::json(&bytes)["page_info"];
    let page = to_unified_list(
        &RefundKind::VendorRefund,
        &bytes,
        &MapOptions::new(),
        Some(BASE_URL),
    )
    .unwrap();
    let cursors = &page.list.meta.as_ref().unwrap().cursors;
    let current = info["current_page"].as_u64().unwrap();
    assert_eq!(
        page_from_cursor(cursors.current.as_deref().unwrap()),
        Some(current)
    );
    assert_eq!(
        cursors.previous.as_deref().and_then(page_from_cursor),
        current.checked_sub(1).filter(|page| *page >= 1)
    );
    let links = page.list.links.as_ref().unwrap();
    assert!(links.current.starts_with(BASE_URL));
    assert!(links.current.ends_with(cursors.current.as_deref().unwrap()));
}

#[test]
fn a_document_that_is_not_a_page_is_an_error() {
    let error = to_unified_list(
        &RefundKind::CustomerRefund,
        b"[1, 2]",
        &MapOptions::new(),
        None,
    )
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert_eq!(error.kind().as_str(), "decode");
    let error = to_unified_list(
        &RefundKind::CustomerRefund,
        br#"{"count": 1, "results": []}"#,
        &MapOptions::new(),
        None,
    )
    .unwrap_err();
    assert_eq!(error.path(), "/page_info");
}

/// The envelope as the API really sends it: nulls invent nothing. A null `page_info` gives no
/// cursors and takes the total from `count`; a null `total_pages` leaves out the next cursor
/// (the previous one still follows from the page number); null `results` is an empty list with a
/// `null_value` warning, not an error.
#[test]
fn null_page_fields_invent_nothing() {
    let map = |name: &str, resource: RefundKind| {
        let path = fixtures("thredfi/pages")
            .into_iter()
            .find(|path| stem(path) == name)
            .unwrap();
        to_unified_list(
            &resource,
            &std::fs::read(&path).unwrap(),
            &MapOptions::new()
                .with(unified_accounting::thredfi::Options::new().business_id(BUSINESS_ID)),
            Some(BASE_URL),
        )
        .unwrap()
    };

    let page = map(
        "customer_refunds_page_info_null",
        RefundKind::CustomerRefund,
    );
    assert!(page.failures.is_empty());
    assert_eq!(page.list.data.len(), 2);
    let meta = page.list.meta.as_ref().unwrap();
    assert_eq!(meta.total_count, Some(2), "from count");
    assert_eq!(meta.cursors.previous, None);
    assert_eq!(meta.cursors.current, None);
    assert_eq!(meta.cursors.next, None);
    let links = page.list.links.as_ref().unwrap();
    assert_eq!(links.current, BASE_URL, "no cursor for an unknown page");
    assert_eq!(links.next, None);

    let page = map(
        "vendor_refunds_real_traffic_page_2_null_page_fields",
        RefundKind::VendorRefund,
    );
    assert!(page.failures.is_empty());
    assert_eq!(page.list.data.len(), 4);
    let meta = page.list.meta.as_ref().unwrap();
    assert_eq!(
        meta.total_count,
        Some(24),
        "total_count is null, count is not"
    );
    let cursors = &meta.cursors;
    assert_eq!(
        cursors.previous.as_deref().and_then(page_from_cursor),
        Some(1)
    );
    assert_eq!(
        cursors.current.as_deref().and_then(page_from_cursor),
        Some(2)
    );
    assert_eq!(
        cursors.next, None,
        "no page count, so no next page is invented"
    );

    let page = map("vendor_refunds_results_null", RefundKind::VendorRefund);
    assert!(page.failures.is_empty());
    assert!(page.list.data.is_empty());
    let warnings = &page.list.meta.as_ref().unwrap().warnings;
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].kind, "mapping_warning");
    assert_eq!(warnings[0].error.as_deref(), Some("null_value"));
    assert!(
        warnings[0].message.as_deref().unwrap().contains("/results"),
        "{warnings:?}"
    );
}
