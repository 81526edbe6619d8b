//! Records shaped like what the Thredfi API really sends, not what its documentation says.
//!
//! Thredfi is Django REST Framework documented by drf-spectacular, which leaves `nullable` off
//! read-only fields whose source can be null: the API sends `null` in fields the schema lists as
//! required strings and integers, and `""` for optional text set empty. Each test here takes every
//! Thredfi fixture and damages it the way the API does, one field at a time, and checks that the
//! record is read, mapped to a schema-valid unified refund and rebuilt exactly.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

mod common;

use serde_json::{Map, Value, json};
use unified_accounting::schema::Target;
use unified_accounting::thredfi::{customer_refund, list, vendor_refund};
use unified_accounting::{MapOptions, MappingError, WarningCode, decode, unified};

use common::{BUSINESS_ID, fixtures};

fn options() -> MapOptions {
    MapOptions::new().with(unified_accounting::thredfi::Options::new().business_id(BUSINESS_ID))
}

/// Which resource a fixture is, and the shared steps: decode, map, rebuild, as JSON.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Resource {
    Customer,
    Vendor,
}

impl Resource {
    fn folder(self) -> &'static str {
        match self {
            Resource::Customer => "thredfi/customer_refunds",
            Resource::Vendor => "thredfi/vendor_refunds",
        }
    }

    fn record_target(self) -> &'static Target {
        match self {
            Resource::Customer => &unified_accounting::thredfi::targets::CUSTOMER_REFUND,
            Resource::Vendor => &unified_accounting::thredfi::targets::VENDOR_REFUND,
        }
    }

    /// Thredfi bytes → (unified refund, warnings), or the error as text.
    fn to_unified(
        self,
        bytes: &[u8],
        options: &MapOptions,
    ) -> Result<(unified::Refund, Vec<unified_accounting::Warning>), String> {
        match self {
            Resource::Customer => {
                let refund: customer_refund::CustomerRefund =
                    decode::from_slice(bytes).map_err(|error| format!("decode: {error}"))?;
                let mapped = customer_refund::to_unified(&refund, options)
                    .map_err(|error| format!("map: {error}"))?;
                Ok((mapped.output, mapped.warnings))
            }
            Resource::Vendor => {
                let refund: vendor_refund::VendorRefund =
                    decode::from_slice(bytes).map_err(|error| format!("decode: {error}"))?;
                let mapped = vendor_refund::to_unified(&refund, options)
                    .map_err(|error| format!("map: {error}"))?;
                Ok((mapped.output, mapped.warnings))
            }
        }
    }

    fn strict_error(self, bytes: &[u8]) -> Option<MappingError> {
        let strict = options().strict(true);
        match self {
            Resource::Customer => {
                let refund: customer_refund::CustomerRefund = decode::from_slice(bytes).unwrap();
                customer_refund::to_unified(&refund, &strict).err()
            }
            Resource::Vendor => {
                let refund: vendor_refund::VendorRefund = decode::from_slice(bytes).unwrap();
                vendor_refund::to_unified(&refund, &strict).err()
            }
        }
    }

    /// Whether a full Thredfi record can be rebuilt from `unified`.
    fn rebuilds(self, unified: &unified::Refund) -> bool {
        match self {
            Resource::Customer => customer_refund::to_record(unified, &options()).is_ok(),
            Resource::Vendor => vendor_refund::to_record(unified, &options()).is_ok(),
        }
    }

    /// The decoded record's own JSON text, and the text of the record rebuilt from `unified`
    /// (itself first stored as JSON text and read back, as a sync would).
    fn texts(self, bytes: &[u8], unified: &unified::Refund) -> (String, String) {
        let stored = serde_json::to_vec(unified).unwrap();
        let unified: unified::Refund = decode::from_slice(&stored).unwrap();
        match self {
            Resource::Customer => {
                let refund: customer_refund::CustomerRefund = decode::from_slice(bytes).unwrap();
                let back = customer_refund::to_record(&unified, &options()).unwrap();
                assert_eq!(back.output, refund);
                (
                    serde_json::to_string(&refund).unwrap(),
                    serde_json::to_string(&back.output).unwrap(),
                )
            }
            Resource::Vendor => {
                let refund: vendor_refund::VendorRefund = decode::from_slice(bytes).unwrap();
                let back = vendor_refund::to_record(&unified, &options()).unwrap();
                assert_eq!(back.output, refund);
                (
                    serde_json::to_string(&refund).unwrap(),
                    serde_json::to_string(&back.output).unwrap(),
                )
            }
        }
    }
}

const RESOURCES: [Resource; 2] = [Resource::Customer, Resource::Vendor];

/// Every (pointer, key, value) of every object in `value`, depth first.
fn fields(value: &Value, pointer: &str, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let path = format!("{pointer}/{}", decode::escape(key));
                out.push((path.clone(), child.clone()));
                // Free-form values are any JSON already; their insides are not record fields.
                if !matches!(key.as_str(), "metadata" | "transaction_tags") {
                    fields(child, &path, out);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                fields(child, &format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
}

fn replaced(record: &Value, pointer: &str, with: Value) -> Value {
    let mut record = record.clone();
    *record.pointer_mut(pointer).unwrap() = with;
    record
}

fn every_fixture() -> Vec<(Resource, String, Value)> {
    let mut all = Vec::new();
    for resource in RESOURCES {
        for path in fixtures(resource.folder()) {
            let record: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            all.push((resource, common::stem(&path), record));
        }
    }
    all
}

/// Checks one damaged record: read, mapped, schema-valid, rebuilt identically (value for value
/// and, through the typed record, key for key).
fn round_trips(
    resource: Resource,
    label: &str,
    record: &Value,
) -> Vec<unified_accounting::Warning> {
    assert!(
        resource.record_target().is_valid(record),
        "{label}: the vendored response schema refuses what the API sends"
    );
    let bytes = serde_json::to_vec(record).unwrap();
    let (unified, warnings) = resource
        .to_unified(&bytes, &options())
        .unwrap_or_else(|error| panic!("{label}: {error}"));
    unified_accounting::unified::targets::REFUND
        .validate(&serde_json::to_value(&unified).unwrap())
        .unwrap_or_else(|error| panic!("{label}: {error}"));
    let (read, rebuilt) = resource.texts(&bytes, &unified);
    assert_eq!(rebuilt, read, "{label}: rebuilt text differs");
    assert_eq!(
        serde_json::from_str::<Value>(&rebuilt).unwrap(),
        *record,
        "{label}: rebuilt record differs from what was sent"
    );
    warnings
}

/// Every field but the record's own `id`, set to `null` in turn, in every fixture: read, mapped,
/// rebuilt exactly. A hundred of them per fixture.
#[test]
fn null_in_every_field_in_turn_round_trips() {
    let mut checked = 0;
    for (resource, name, record) in every_fixture() {
        let mut found = Vec::new();
        fields(&record, "", &mut found);
        for (pointer, original) in found {
            if pointer == "/id" || original.is_null() {
                continue;
            }
            let damaged = replaced(&record, &pointer, Value::Null);
            round_trips(resource, &format!("{name} {pointer} = null"), &damaged);
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} cases");
}

/// The record's own `id` is the one field that may not be null: a typed decode error at `/id`.
#[test]
fn a_null_record_id_is_a_decode_error() {
    for (resource, name, record) in every_fixture() {
        let damaged = replaced(&record, "/id", Value::Null);
        let bytes = serde_json::to_vec(&damaged).unwrap();
        let error = match resource {
            Resource::Customer => decode::from_slice::<customer_refund::CustomerRefund>(&bytes)
                .map(drop)
                .unwrap_err(),
            Resource::Vendor => decode::from_slice::<vendor_refund::VendorRefund>(&bytes)
                .map(drop)
                .unwrap_err(),
        };
        assert_eq!(error.path, "/id", "{name}");
        assert!(!resource.record_target().is_valid(&damaged), "{name}");
    }
}

/// `""` in every text field in turn (DRF's `blank=True`), where the field's format allows it:
/// read and rebuilt as `""`, never turned into null or dropped.
#[test]
fn blank_text_in_every_field_round_trips() {
    let mut checked = 0;
    for (resource, name, record) in every_fixture() {
        let mut found = Vec::new();
        fields(&record, "", &mut found);
        for (pointer, original) in found {
            if !original.is_string() || original == "" {
                continue;
            }
            let damaged = replaced(&record, &pointer, json!(""));
            let valid = resource.record_target().is_valid(&damaged);
            let bytes = serde_json::to_vec(&damaged).unwrap();
            let read = resource.to_unified(&bytes, &options());
            if !valid {
                // A uuid or date-time cannot be blank (a decode error, as the schema says); a
                // blank enum value is an unknown one, read leniently and reported; a blank in
                // carried-only text with a format (`document.url`) travels to unified, and the
                // full record holding it is refused rather than emitted.
                match &read {
                    Err(error) => assert!(error.starts_with("decode"), "{name} {pointer}: {error}"),
                    Ok((unified, warnings)) => assert!(
                        warnings
                            .iter()
                            .any(|w| w.code == WarningCode::UnknownEnumValue && w.source == pointer)
                            || !resource.rebuilds(unified),
                        "{name} {pointer} = \"\" is schema-invalid but read and rebuilt silently"
                    ),
                }
                continue;
            }
            assert!(read.is_ok(), "{name} {pointer} = \"\": {:?}", read.err());
            round_trips(resource, &format!("{name} {pointer} = \"\""), &damaged);
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} cases");
}

/// All nullable fields null at once, in every nested object: still one valid unified refund and
/// the identical record back.
#[test]
fn every_field_null_at_once_round_trips() {
    for (resource, name, record) in every_fixture() {
        let mut all_null = record.clone();
        let mut found = Vec::new();
        fields(&record, "", &mut found);
        // Deepest first, so a parent set to null does not hide its children's pointers; then
        // the objects themselves stay (their fields are null), except lists set to null below.
        for (pointer, value) in found.iter().rev() {
            if pointer == "/id" || value.is_object() || value.is_array() {
                continue;
            }
            if let Some(slot) = all_null.pointer_mut(pointer) {
                *slot = Value::Null;
            }
        }
        let warnings = round_trips(resource, &format!("{name} all null"), &all_null);
        assert!(
            warnings.iter().any(|w| w.code == WarningCode::NullValue),
            "{name}: a null total must be reported"
        );
        // And the lists themselves null.
        for list in ["allocations", "refund_payments", "vendor_refund_payments"] {
            if record.get(list).is_some() {
                let damaged = replaced(&record, &format!("/{list}"), Value::Null);
                round_trips(resource, &format!("{name} /{list} = null"), &damaged);
            }
        }
    }
}

/// The nulls that take a refund's meaning away are reported by name (strict mode: an error at
/// that field); the others (an unset memo, a credit allocation's missing invoice) are not.
#[test]
fn meaningful_nulls_warn_and_strict_mode_refuses_them() {
    let customer: Value = serde_json::from_slice(
        &std::fs::read(fixtures("thredfi/customer_refunds")[0].clone()).unwrap(),
    )
    .unwrap();
    let vendor: Value = serde_json::from_slice(
        &std::fs::read(fixtures("thredfi/vendor_refunds")[0].clone()).unwrap(),
    )
    .unwrap();
    assert_eq!(customer["allocations"][0]["allocation_type"], "invoice");
    assert_eq!(vendor["allocations"][0]["allocation_type"], "bill");
    let meaningful = [
        (
            Resource::Customer,
            &customer,
            "/refunded_amount",
            "/total_amount",
        ),
        (Resource::Customer, &customer, "/customer_id", "/customer"),
        (
            Resource::Customer,
            &customer,
            "/allocations/0/amount",
            "/allocations/0/amount",
        ),
        (
            Resource::Customer,
            &customer,
            "/allocations/0/invoice_id",
            "/allocations/0/id",
        ),
        (
            Resource::Vendor,
            &vendor,
            "/total_refunded_amount",
            "/total_amount",
        ),
        (
            Resource::Vendor,
            &vendor,
            "/vendor_id",
            "/custom_mappings/vendor_id",
        ),
        (
            Resource::Vendor,
            &vendor,
            "/allocations/0/amount",
            "/allocations/0/amount",
        ),
        (
            Resource::Vendor,
            &vendor,
            "/allocations/0/bill_id",
            "/allocations/0/id",
        ),
    ];
    for (resource, record, pointer, target) in meaningful {
        let damaged = replaced(record, pointer, Value::Null);
        let warnings = round_trips(resource, pointer, &damaged);
        let null_warnings: Vec<_> = warnings
            .iter()
            .filter(|warning| warning.code == WarningCode::NullValue)
            .collect();
        assert_eq!(null_warnings.len(), 1, "{pointer}: {warnings:?}");
        assert_eq!(null_warnings[0].source, pointer);
        assert_eq!(null_warnings[0].target.as_deref(), Some(target));
        let bytes = serde_json::to_vec(&damaged).unwrap();
        match resource.strict_error(&bytes) {
            Some(MappingError::NullValue { path, .. }) => assert_eq!(path, pointer),
            other => panic!("{pointer}: strict mode gave {other:?}"),
        }
    }
    let harmless = [
        (Resource::Customer, &customer, "/memo"),
        (Resource::Customer, &customer, "/currency"),
        (Resource::Customer, &customer, "/customer_name"),
        (
            Resource::Customer,
            &customer,
            "/refund_payments/0/processor",
        ),
        (Resource::Customer, &customer, "/refund_payments/0/memo"),
        (
            Resource::Customer,
            &customer,
            "/allocations/0/target_description",
        ),
        (Resource::Vendor, &vendor, "/description"),
        (Resource::Vendor, &vendor, "/allocations/0/bill_payment_id"),
        (
            Resource::Vendor,
            &vendor,
            "/vendor_refund_payments/0/processor",
        ),
    ];
    for (resource, record, pointer) in harmless {
        let damaged = replaced(record, pointer, Value::Null);
        let warnings = round_trips(resource, pointer, &damaged);
        assert!(
            !warnings.iter().any(|w| w.code == WarningCode::NullValue),
            "{pointer}: {warnings:?}"
        );
        let bytes = serde_json::to_vec(&damaged).unwrap();
        assert!(resource.strict_error(&bytes).is_none(), "{pointer}");
    }
}

/// How the mapped fields carry a null: null where the unified field is nullable, absent where it
/// is not, and never a made-up value.
#[test]
fn null_sources_give_null_or_absent_unified_fields() {
    let customer: Value = serde_json::from_slice(
        &std::fs::read(fixtures("thredfi/customer_refunds")[0].clone()).unwrap(),
    )
    .unwrap();
    let unified_json = |record: &Value| {
        let bytes = serde_json::to_vec(record).unwrap();
        let (unified, _) = Resource::Customer.to_unified(&bytes, &options()).unwrap();
        serde_json::to_value(unified).unwrap()
    };
    let cases = [
        ("/refunded_amount", "/total_amount", Some(Value::Null)),
        ("/currency", "/currency", Some(Value::Null)),
        ("/memo", "/note", Some(Value::Null)),
        ("/reference_number", "/number", Some(Value::Null)),
        ("/customer_id", "/customer", None),
        (
            "/customer_name",
            "/customer/display_name",
            Some(Value::Null),
        ),
        ("/allocations/0/invoice_id", "/allocations/0/id", None),
        ("/allocations/0/invoice_number", "/allocations/0/code", None),
        (
            "/allocations/0/amount",
            "/allocations/0/amount",
            Some(Value::Null),
        ),
        ("/allocations/0/id", "/allocations/0/allocation_id", None),
        (
            "/allocations/0/allocation_type",
            "/allocations/0/type",
            None,
        ),
        ("/created_at", "/created_at", Some(Value::Null)),
        ("/allocations", "/allocations", None),
    ];
    for (source, target, expected) in cases {
        let unified = unified_json(&replaced(&customer, source, Value::Null));
        assert_eq!(
            unified.pointer(target).cloned(),
            expected,
            "{source} -> {target}"
        );
    }
    let unified = unified_json(&replaced(&customer, "/customer_id", Value::Null));
    assert_eq!(
        unified["custom_mappings"]["customer_name"],
        customer["customer_name"]
    );
}

/// Timestamps as DRF renders them: microseconds, `+00:00` and other offsets, kept digit for digit
/// through unified and back; vendor dates are `YYYY-MM-DD`.
#[test]
fn drf_timestamps_keep_their_exact_text() {
    let customer: Value = serde_json::from_slice(
        &std::fs::read(fixtures("thredfi/customer_refunds")[0].clone()).unwrap(),
    )
    .unwrap();
    for text in [
        "2026-03-14T09:24:50.123456Z",
        "2026-03-14T09:24:50.123456+00:00",
        "2026-03-14T14:54:50.000001+05:30",
        "2026-03-14T01:24:50-08:00",
        "2026-03-14T09:24:50Z",
    ] {
        let mut record = customer.clone();
        record["created_at"] = json!(text);
        record["completed_at"] = json!(text);
        record["allocations"][0]["allocation_date"] = json!(text);
        let bytes = serde_json::to_vec(&record).unwrap();
        let (unified, _) = Resource::Customer.to_unified(&bytes, &options()).unwrap();
        let value = serde_json::to_value(&unified).unwrap();
        assert_eq!(value["created_at"], text);
        assert_eq!(value["refund_date"], text);
        round_trips(Resource::Customer, text, &record);
    }
}

/// A create request never holds a null (nor a blank where Thredfi needs text): carried nulls are
/// left out, whatever field of the source record was null.
#[test]
fn create_requests_never_send_null() {
    fn nulls(value: &Value, pointer: &str, out: &mut Vec<String>) {
        match value {
            Value::Null => out.push(pointer.to_owned()),
            Value::Object(map) => {
                for (key, child) in map {
                    // Inside metadata a null is the caller's own data, not a field of ours.
                    if key == "metadata" && !child.is_null() {
                        continue;
                    }
                    nulls(child, &format!("{pointer}/{key}"), out);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    nulls(child, &format!("{pointer}/{index}"), out);
                }
            }
            _ => {}
        }
    }
    let mut sent = 0;
    for (resource, name, record) in every_fixture() {
        let mut found = Vec::new();
        fields(&record, "", &mut found);
        for (pointer, original) in found {
            if pointer == "/id" || original.is_null() {
                continue;
            }
            let damaged = replaced(&record, &pointer, Value::Null);
            let bytes = serde_json::to_vec(&damaged).unwrap();
            let (unified, _) = resource.to_unified(&bytes, &options()).unwrap();
            let options = options().update(|thredfi: unified_accounting::thredfi::Options| {
                thredfi.vendor_id("9b2f6c1e-4d3a-4e8b-a7c6-5d4e3f2a1b0c")
            });
            let request = match resource {
                Resource::Customer => customer_refund::to_create_request(&unified, &options)
                    .map(|mapped| serde_json::to_value(mapped.output).unwrap()),
                Resource::Vendor => vendor_refund::to_create_request(&unified, &options)
                    .map(|mapped| serde_json::to_value(mapped.output).unwrap()),
            };
            // Some nulls leave nothing to send (no amount, no invoice): a typed error then.
            let Ok(request) = request else { continue };
            let mut found = Vec::new();
            nulls(&request, "", &mut found);
            assert!(
                found.is_empty(),
                "{name} {pointer} = null: request has null at {found:?}"
            );
            sent += 1;
        }
    }
    assert!(sent > 500, "only {sent} requests");
}

/// A page as the API sends it: null counts, null page numbers, a null result list. The envelope
/// is still a valid Apideck list; nothing is invented for what the page did not say.
#[test]
fn pages_with_nulls_map_to_valid_envelopes() {
    let record: Value = serde_json::from_slice(
        &std::fs::read(fixtures("thredfi/customer_refunds")[0].clone()).unwrap(),
    )
    .unwrap();
    let page = |count: Value, page_info: Value, results: Value| {
        serde_json::to_vec(&json!({"count": count, "page_info": page_info, "results": results}))
            .unwrap()
    };
    let info = json!({"total_count": 7, "current_page": 2, "total_pages": 3, "page_size": 2});
    // (page bytes, expected total_count, expected next cursor, records mapped)
    type Case = (Vec<u8>, Option<u64>, Option<&'static str>, usize);
    let cases: [Case; 5] = [
        (
            page(json!(7), info.clone(), json!([record.clone()])),
            Some(7),
            Some("Mw"),
            1,
        ),
        (
            page(json!(7), Value::Null, json!([record.clone()])),
            Some(7),
            None,
            1,
        ),
        (
            page(
                Value::Null,
                json!({"total_count": null, "current_page": 2, "total_pages": null, "page_size": null}),
                json!([record.clone()]),
            ),
            None,
            None,
            1,
        ),
        (
            page(json!(0), info.clone(), Value::Null),
            Some(7),
            Some("Mw"),
            0,
        ),
        (page(Value::Null, Value::Null, Value::Null), None, None, 0),
    ];
    for (bytes, total, next, items) in cases {
        assert!(
            unified_accounting::thredfi::targets::CUSTOMER_REFUND_PAGE
                .is_valid(&serde_json::from_slice(&bytes).unwrap())
        );
        let mapped = list::to_unified_list(
            &unified_accounting::thredfi::RefundKind::CustomerRefund,
            &bytes,
            &options(),
            None,
        )
        .unwrap();
        unified_accounting::unified::targets::REFUND_LIST
            .validate_text(mapped.json.get())
            .unwrap();
        let json = common::json(mapped.json.get().as_bytes());
        let meta = &json["meta"];
        assert_eq!(meta["total_count"].as_u64(), total, "{meta}");
        let next_cursor = meta["cursors"]["next"]
            .as_str()
            .map(|cursor| list::page_from_cursor(cursor).unwrap().to_string());
        assert_eq!(
            next_cursor.as_deref().map(|page| page == "3"),
            next.map(|_| true),
            "{meta}"
        );
        assert_eq!(mapped.list.data.len(), items);
        let results_null = serde_json::from_slice::<Value>(&bytes).unwrap()["results"].is_null();
        assert_eq!(
            mapped.warnings.iter().any(|w| w.source == "/results"),
            results_null
        );
    }
}

/// Apideck's own responses spell out every field, most of them empty. Mapped to Thredfi, only
/// fields that hold information are reported as not carried: never a `null`, `[]`, `{}`, `""` or
/// an object whose fields are all empty.
#[test]
fn empty_unified_fields_are_not_reported_as_lost() {
    let empty_address = json!({
        "id": null, "type": null, "string": null, "name": null, "line1": null, "line2": null,
        "line3": null, "line4": null, "line5": null, "street_number": null, "city": null,
        "state": null, "postal_code": null, "country": null, "latitude": null, "longitude": null,
        "county": null, "contact_name": null, "salutation": null, "phone_number": null,
        "fax": null, "email": null, "website": null, "notes": null, "row_version": null
    });
    let mut refund = json!({
        "id": "5b0c8f9e-2d4a-4e8b-9c1f-3a7d6e5b4c2a",
        "number": null,
        "customer": {"id": "0f7e6d5c-4b3a-4291-8e7d-6c5b4a392817", "display_name": null},
        "company_id": null,
        "currency": "EUR",
        "currency_rate": null,
        "tax_inclusive": null,
        "sub_total": null,
        "total_amount": 24.50,
        "total_tax": null,
        "tax_code": null,
        "balance": null,
        "refund_date": "2026-03-14T09:21:07Z",
        "status": "paid",
        "type": "cash_refund",
        "payment_method": null,
        "payment_method_reference": null,
        "payment_method_id": null,
        "account": null,
        "line_items": [],
        "billing_address": empty_address.clone(),
        "shipping_address": empty_address,
        "tracking_categories": null,
        "allocations": [{"id": "1760bc8e-56bd-4a60-a27d-b69b3d2e4b8c", "type": "invoice", "amount": 24.50}],
        "note": null,
        "department": null,
        "location": null,
        "custom_fields": [],
        "custom_mappings": null,
        "row_version": null,
        "updated_by": null,
        "created_by": null,
        "updated_at": null,
        "created_at": null,
        "pass_through": []
    });
    let schema = &unified_accounting::unified::targets::REFUND;
    // Only fields the vendored schema knows: an unknown one would be refused, not ignored.
    refund
        .as_object_mut()
        .unwrap()
        .retain(|key, _| schema_has_property(key));
    schema.validate(&refund).unwrap();
    let typed: unified::Refund = decode::from_slice(&serde_json::to_vec(&refund).unwrap()).unwrap();
    let mapped = customer_refund::to_create_request(&typed, &options()).unwrap();
    let lost: Vec<_> = mapped
        .warnings
        .iter()
        .filter(|warning| warning.code == WarningCode::NotCarried)
        .collect();
    // Exactly the fields that hold information and have no home in the request; none of the
    // thirty-odd empty ones.
    assert_eq!(
        lost.iter().map(|w| w.source.as_str()).collect::<Vec<_>>(),
        ["/customer", "/currency", "/status", "/type"],
        "{lost:?}"
    );
    // A null payment_method is not a lost method: only the fallback to OTHER is reported.
    assert!(
        mapped
            .warnings
            .iter()
            .all(|warning| warning.source != "/payment_method"
                || warning.code == WarningCode::UnknownPaymentMethod)
    );
    let vendor_options = options().update(|thredfi: unified_accounting::thredfi::Options| {
        thredfi.vendor_id("9b2f6c1e-4d3a-4e8b-a7c6-5d4e3f2a1b0c")
    });
    let mut vendor = refund.clone();
    vendor["allocations"] =
        json!([{"id": "1760bc8e-56bd-4a60-a27d-b69b3d2e4b8c", "type": "bill", "amount": 24.50}]);
    vendor["customer"] = Value::Null;
    let typed: unified::Refund = decode::from_slice(&serde_json::to_vec(&vendor).unwrap()).unwrap();
    let mapped = vendor_refund::to_create_request(&typed, &vendor_options).unwrap();
    let lost: Vec<&str> = mapped
        .warnings
        .iter()
        .filter(|warning| warning.code == WarningCode::NotCarried)
        .map(|warning| warning.source.as_str())
        .collect();
    assert_eq!(lost, ["/status", "/type"], "{:?}", mapped.warnings);
}

fn schema_has_property(key: &str) -> bool {
    static DOCUMENT: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
        serde_json::from_str(
            unified_accounting::unified::targets::REFUND
                .document()
                .text(),
        )
        .unwrap()
    });
    DOCUMENT["components"]["schemas"]["Refund"]["properties"]
        .as_object()
        .is_some_and(|properties: &Map<String, Value>| properties.contains_key(key))
}
