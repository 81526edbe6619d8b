//! Unified refund → Thredfi customer refund: the create request and the full record.

use crate::pointer::JsonPointer;
use serde_json::value::RawValue;
use std::borrow::Cow;

use crate::json::{JsonObject, JsonValue};

use super::carried::{CarriedCustomerAllocation, CarriedCustomerRefund};
use super::{
    AllocationType, CreateSimpleRefundRequest, CustomerRefund, PaymentMethod, RefundAllocation,
    RefundStatus,
};
use crate::mapping::{Diagnostics, MapOptions, Mapped, MappingError, WarningCode, validated_text};
use crate::money::decimal_to_cents;
use crate::nullable::Nullable;
use crate::thredfi::carried::{self, Kept, Reading, rebuild_allocations, require_resource};
use crate::thredfi::fields::warn_excess_precision;
use crate::thredfi::payment_method::MethodKind;
use crate::thredfi::request::{
    Blank, at_least_one_cent, check_status, external_id, finish, method_kind, missing,
    nullable_cents, nullable_timestamp, optional_text, record_currency, required_cents, uuid_at,
    warn_allocation_id, warn_not_carried,
};
use crate::thredfi::wire::UuidText;
use crate::unified;

/// Maps a unified refund to the body of Thredfi's `POST /invoices/refunds/`.
///
/// Thredfi refunds exactly one invoice per request, so the refund needs exactly one allocation of
/// type `invoice` (whose `id` is the invoice's UUID). `pass_through` entries for service `thredfi`
/// are applied before validation. Every present unified field the request has no home for is
/// reported in a [`WarningCode::NotCarried`] warning.
///
/// # Errors
///
/// A [`MappingError`] naming the field when there is no invoice allocation or several (see
/// [`to_create_requests_per_invoice`]), the invoice id is not a UUID, `refund_date` is missing,
/// `total_amount` is missing, null, not positive or finer than a cent, a text is over Thredfi's
/// length limit, the refund is voided or deleted, or (strict mode) the payment method or status
/// is unknown.
pub fn to_create_request(
    refund: &unified::Refund,
    options: &MapOptions,
) -> Result<Mapped<CreateSimpleRefundRequest>, MappingError> {
    to_create_request_value(refund, options).map(|(mapped, _)| mapped)
}

/// [`to_create_request`], also returning the validated JSON.
pub(crate) fn to_create_request_value(
    refund: &unified::Refund,
    options: &MapOptions,
) -> Result<(Mapped<CreateSimpleRefundRequest>, Box<RawValue>), MappingError> {
    let mut diagnostics = Diagnostics::new(options);
    let invoices = invoice_allocations(refund, &mut diagnostics)?;
    let (index, invoice) = single_invoice(&invoices)?;
    let amount = at_least_one_cent(
        required_cents(&refund.total_amount, "/total_amount", "total_amount")?,
        "/total_amount",
    )?;
    if let (Some(total), Some(currency)) = (
        refund.total_amount.as_present(),
        refund.currency.as_present(),
    ) {
        warn_excess_precision(
            total.get(),
            currency.as_str(),
            "/total_amount",
            "/amount_cents",
            &mut diagnostics,
        );
    }
    warn_allocated_amount(invoice, index, amount, &mut diagnostics)?;
    let request = build(refund, index, invoice, Some(amount), None, &mut diagnostics)?;
    let (request, value) = finish(
        request,
        refund,
        &crate::thredfi::targets::CREATE_CUSTOMER_REFUND,
        &mut diagnostics,
    )?;
    Ok((diagnostics.finish(request), value))
}

/// The one invoice allocation a create request refunds: none, or several, is an error saying
/// what to do.
fn single_invoice<'r>(
    invoices: &[(usize, &'r unified::Allocation)],
) -> Result<(usize, &'r unified::Allocation), MappingError> {
    match invoices {
        [single] => Ok(*single),
        [] => Err(MappingError::Missing {
            path: JsonPointer::from_escaped("/allocations"),
            expected: "one allocation of type invoice",
            hint: Some(
                "a Thredfi customer refund is made against one invoice; add an allocation \
                 {\"type\": \"invoice\", \"id\": \"<invoice uuid>\"}"
                    .into(),
            ),
        }),
        several => Err(MappingError::SeveralInvoices {
            provider: crate::thredfi::DISPLAY_NAME,
            option: "split_invoices",
            path: JsonPointer::root().join("allocations"),
            indexes: several.iter().map(|(index, _)| *index).collect(),
        }),
    }
}

/// The request sends `total_amount`; an invoice allocation that says otherwise is reported.
fn warn_allocated_amount(
    invoice: &unified::Allocation,
    index: usize,
    amount: i64,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<(), MappingError> {
    let Some(allocated) = invoice.amount.as_present() else {
        return Ok(());
    };
    let path = format!("/allocations/{index}/amount");
    if decimal_to_cents(allocated.get(), &path)? != amount {
        diagnostics.warn(
            WarningCode::AllocationAmountIgnored,
            path,
            Some("/amount_cents"),
            format!(
                "the invoice allocation says {allocated} but total_amount is sent as the refund \
                 amount"
            ),
        );
    }
    Ok(())
}

/// Maps a unified refund against several invoices to one create request per invoice allocation.
///
/// Each request refunds its allocation's `amount` (required when there is more than one invoice)
/// and gets the idempotency key `<external_id>:<invoice id>`, so retrying the whole batch is safe.
/// A refund with a single invoice allocation gives the same single request as
/// [`to_create_request`], except that the allocation's amount, when given, is what is sent.
///
/// # Errors
///
/// As [`to_create_request`], plus a missing or null allocation amount when there are several
/// invoices.
pub fn to_create_requests_per_invoice(
    refund: &unified::Refund,
    options: &MapOptions,
) -> Result<Mapped<Vec<CreateSimpleRefundRequest>>, MappingError> {
    to_create_requests_per_invoice_value(refund, options).map(|(mapped, _)| mapped)
}

/// A request's JSON text, as it was validated.
type ValidatedText = Box<RawValue>;

/// [`to_create_requests_per_invoice`], also returning each request's validated JSON.
pub(crate) fn to_create_requests_per_invoice_value(
    refund: &unified::Refund,
    options: &MapOptions,
) -> Result<(Mapped<Vec<CreateSimpleRefundRequest>>, Vec<ValidatedText>), MappingError> {
    let mut diagnostics = Diagnostics::new(options);
    let invoices = invoice_allocations(refund, &mut diagnostics)?;
    if invoices.is_empty() {
        return Err(MappingError::Missing {
            path: JsonPointer::from_escaped("/allocations"),
            expected: "at least one allocation of type invoice",
            hint: None,
        });
    }
    let (base_key, base_source) = idempotency_key(refund)?;
    let total = required_cents(&refund.total_amount, "/total_amount", "total_amount")?;
    let single = invoices.len() == 1;
    let mut requests = Vec::with_capacity(invoices.len());
    let mut texts = Vec::with_capacity(invoices.len());
    let mut allocated_sum: i128 = 0;
    for (index, invoice) in &invoices {
        let cents = invoice_cents(invoice, *index, single, total)?;
        allocated_sum += i128::from(cents);
        let key = if single {
            base_key.clone()
        } else {
            let invoice_id = invoice.id.as_deref().unwrap_or_default();
            format!("{base_key}:{invoice_id}")
        };
        crate::thredfi::request::check_length(
            &key,
            "/custom_mappings/external_id",
            "external_id",
            Some(255),
        )?;
        let request = build(
            refund,
            *index,
            invoice,
            Some(cents),
            Some((key, base_source)),
            &mut diagnostics,
        )?;
        let target = &crate::thredfi::targets::CREATE_CUSTOMER_REFUND;
        let (request, text) = finish(request, refund, target, &mut diagnostics)?;
        requests.push(request);
        texts.push(text);
    }
    warn_allocated_sum(allocated_sum, total, &mut diagnostics);
    Ok((diagnostics.finish(requests), texts))
}

/// Each request sends its own allocation's amount; allocations that do not add up to
/// `total_amount` are reported.
fn warn_allocated_sum(allocated_sum: i128, total: i64, diagnostics: &mut Diagnostics<'_>) {
    if allocated_sum != i128::from(total) {
        diagnostics.warn(
            WarningCode::AllocationAmountIgnored,
            "/total_amount",
            None,
            format!(
                "the invoice allocations add up to {} but total_amount is {}; each request carries \
                 its allocation's amount",
                crate::money::cents_to_decimal(i64::try_from(allocated_sum).unwrap_or(i64::MAX)),
                crate::money::cents_to_decimal(total)
            ),
        );
    }
}

/// The refund's idempotency key (`custom_mappings.external_id`, else its id) and where it came
/// from; a create request cannot be sent without one.
fn idempotency_key(refund: &unified::Refund) -> Result<(String, &'static str), MappingError> {
    let carried =
        CarriedCustomerRefund::reader(refund.custom_mappings.as_present(), Reading::Request)
            .external_id()?
            .into_present();
    external_id(refund, carried, true)?.ok_or_else(|| MappingError::Missing {
        path: carried::carried_at(CarriedCustomerRefund::KEYS.external_id),
        expected: "an idempotency key",
        hint: None,
    })
}

/// What one invoice's request refunds, in cents: its allocation's amount, or the whole
/// `total_amount` when it is the only invoice and gives none.
fn invoice_cents(
    invoice: &unified::Allocation,
    index: usize,
    single: bool,
    total: i64,
) -> Result<i64, MappingError> {
    let path = JsonPointer::root()
        .join("allocations")
        .join_index(index)
        .join("amount");
    let cents = match (&invoice.amount, single) {
        (Nullable::Present(amount), _) => decimal_to_cents(amount.get(), &path)?,
        (_, true) => total,
        (_, false) => {
            return Err(MappingError::Missing {
                path,
                expected: "the amount refunded against this invoice",
                hint: Some("with several invoices each allocation needs its own amount".into()),
            });
        }
    };
    at_least_one_cent(cents, &path)
}

/// The `invoice` allocations, with their indexes; other types are reported as not carried.
fn invoice_allocations<'r>(
    refund: &'r unified::Refund,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<Vec<(usize, &'r unified::Allocation)>, MappingError> {
    let mut invoices = Vec::new();
    for (index, allocation) in refund.allocations.iter().flatten().enumerate() {
        match &allocation.r#type {
            Some(unified::AllocationType::Invoice) => invoices.push((index, allocation)),
            Some(
                unified::AllocationType::Order
                | unified::AllocationType::Expense
                | unified::AllocationType::CreditMemo
                | unified::AllocationType::OverPayment
                | unified::AllocationType::PrePayment
                | unified::AllocationType::JournalEntry
                | unified::AllocationType::Other
                | unified::AllocationType::Bill,
            )
            | None => diagnostics.warn(
                WarningCode::NotCarried,
                format!("/allocations/{index}"),
                None,
                format!(
                    "a {} allocation cannot be sent: Thredfi's create request refunds one invoice",
                    allocation
                        .r#type
                        .as_ref()
                        .map_or("untyped", |kind| kind.as_str())
                ),
            ),
            Some(unified::AllocationType::Unknown(value)) => {
                diagnostics.unknown_enum(
                    &format!("/allocations/{index}/type"),
                    value,
                    unified::AllocationType::KNOWN,
                    None,
                    "the allocation is not sent",
                )?;
            }
        }
    }
    Ok(invoices)
}

/// The request for one invoice allocation.
fn build(
    refund: &unified::Refund,
    index: usize,
    invoice: &unified::Allocation,
    amount_cents: Option<i64>,
    key_override: Option<(String, &'static str)>,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<CreateSimpleRefundRequest, MappingError> {
    check_status(refund, diagnostics)?;
    let invoice_id = invoice_uuid(invoice, index)?;
    let completed_at =
        refund
            .refund_date
            .as_present()
            .cloned()
            .ok_or_else(|| MappingError::Missing {
                path: JsonPointer::from_escaped("/refund_date"),
                expected: "refund_date",
                hint: Some(
                    "Thredfi's completed_at is required; give the date-time the refund was made"
                        .into(),
                ),
            })?;
    warn_allocation_id(invoice, index, diagnostics);
    let method = customer_method(method_kind(refund, PaymentMethod::KNOWN, diagnostics)?);
    let (key, key_source) = match key_override {
        Some(chosen) => chosen,
        None => idempotency_key(refund)?,
    };
    let memo = optional_text(&refund.note, "/note", "memo", Blank::LeftOut, None)?;
    let reference_number = optional_text(
        &refund.number,
        "/number",
        "reference_number",
        Blank::LeftOut,
        Some(100),
    )?;
    warn_unsent(refund, key_source, diagnostics);
    Ok(CreateSimpleRefundRequest {
        invoice_id,
        method,
        completed_at,
        amount_cents,
        external_id: key,
        memo,
        reference_number,
        processor: None,
        refund_processing_fee_cents: None,
        extra: JsonObject::new(),
    })
}

/// The invoice's id, which Thredfi requires to be a UUID.
fn invoice_uuid(invoice: &unified::Allocation, index: usize) -> Result<UuidText, MappingError> {
    let path = || {
        JsonPointer::root()
            .join("allocations")
            .join_index(index)
            .join("id")
    };
    let id = invoice.id.as_deref().ok_or_else(|| MappingError::Missing {
        path: path(),
        expected: "the invoice's UUID",
        hint: None,
    })?;
    UuidText::parse(id).map_err(|_| MappingError::NotAUuid {
        provider: crate::thredfi::DISPLAY_NAME,
        path: path(),
        text: id.to_owned(),
        what: "invoices",
    })
}

/// Reports every present unified field the request has no home for. The status is checked in
/// `build`; Thredfi derives its own, so it does not travel.
fn warn_unsent(refund: &unified::Refund, key_source: &str, diagnostics: &mut Diagnostics<'_>) {
    let mut carried_fields = vec![
        "total_amount",
        "refund_date",
        "payment_method",
        "allocations",
        "note",
        "number",
        "pass_through",
    ];
    if key_source == "/id" {
        carried_fields.push("id");
    }
    warn_not_carried(
        refund,
        &carried_fields,
        &[CarriedCustomerRefund::KEYS.external_id],
        diagnostics,
    );
}

/// Customer refunds have no separate wire transfer; it is a bank transfer.
fn customer_method(kind: MethodKind) -> PaymentMethod {
    match kind {
        MethodKind::Cash => PaymentMethod::Cash,
        MethodKind::Check => PaymentMethod::Check,
        MethodKind::CreditCard => PaymentMethod::CreditCard,
        MethodKind::DebitCard => PaymentMethod::DebitCard,
        MethodKind::Ach => PaymentMethod::Ach,
        MethodKind::BankTransfer | MethodKind::Wire => PaymentMethod::BankTransfer,
        MethodKind::Paypal => PaymentMethod::Paypal,
        MethodKind::Stripe => PaymentMethod::Stripe,
        MethodKind::Other => PaymentMethod::Other,
    }
}

/// Rebuilds the Thredfi customer refund a unified refund was mapped from.
///
/// The result is identical to the original record (every field, `null` versus absent kept) when
/// the unified refund came from [`super::to_unified()`] unchanged. Edits to mapped unified fields
/// (amounts, dates, note, number, customer) are reflected; Thredfi's own status is taken from
/// `custom_mappings.thredfi_status` when present.
///
/// # Errors
///
/// [`MappingError::NotFromResource`] when the refund does not carry `custom_mappings.thredfi_resource
/// = "customer_refund"` (it did not come from Thredfi) or its carried data is damaged, and a
/// [`MappingError`] naming the field when a required Thredfi field has no source.
pub fn to_record(
    refund: &unified::Refund,
    options: &MapOptions,
) -> Result<Mapped<CustomerRefund>, MappingError> {
    to_record_value(refund, options).map(|(mapped, _)| mapped)
}

/// [`to_record`], also returning the validated JSON.
pub(crate) fn to_record_value(
    refund: &unified::Refund,
    options: &MapOptions,
) -> Result<(Mapped<CustomerRefund>, Box<RawValue>), MappingError> {
    let mut diagnostics = Diagnostics::new(options);
    let reader =
        CarriedCustomerRefund::reader(refund.custom_mappings.as_present(), Reading::Record);
    require_resource(reader.thredfi_resource()?, carried::CUSTOMER_REFUND)?;
    let carried = reader.read_all()?;

    let status = match carried.thredfi_status {
        Nullable::Absent => Nullable::from_option(refund.status.as_ref().map(thredfi_status)),
        carried => carried,
    };
    let (customer_id, customer_name) = record_customer(refund, carried.customer_name)?;

    let output = CustomerRefund {
        id: refund
            .id
            .as_deref()
            .ok_or_else(|| missing("/id", "the refund id"))
            .and_then(|id| uuid_at(id, "/id"))?,
        external_id: carried.external_id,
        refunded_amount: nullable_cents(&refund.total_amount, "/total_amount", "total_amount")?,
        status,
        completed_at: refund.refund_date.clone(),
        is_dedicated: carried.is_dedicated,
        memo: refund.note.clone(),
        reference_number: refund.number.clone(),
        metadata: carried.metadata.map(Cow::into_owned),
        customer_id,
        customer_name,
        allocations: record_allocations(refund, carried.allocations)?,
        // A record always has the key: carried data without it had an empty list.
        refund_payments: match carried.refund_payments {
            Nullable::Absent => Some(Vec::new()),
            Nullable::Null => None,
            Nullable::Present(payments) => Some(payments.into_owned()),
        },
        document: carried.document.into_present().map(Cow::into_owned),
        currency: record_currency(refund, carried.thredfi_currency)?,
        created_at: nullable_timestamp(&refund.created_at, "/created_at")?,
        updated_at: nullable_timestamp(&refund.updated_at, "/updated_at")?,
        extra: carried::record_extra(
            carried.extra_fields,
            CustomerRefund::FIELDS,
            &mut diagnostics,
        ),
    };
    let value = validated_text(&output, &crate::thredfi::targets::CUSTOMER_REFUND)?;
    Ok((diagnostics.finish(output), value))
}

/// `customer_id` and `customer_name` from the unified customer. A refund whose `customer_id` was
/// null has no unified customer; its name was carried in `custom_mappings.customer_name`.
fn record_customer(
    refund: &unified::Refund,
    carried_name: Nullable<String>,
) -> Result<(Option<UuidText>, Option<String>), MappingError> {
    let Some(customer) = refund.customer.as_present() else {
        return match carried_name {
            Nullable::Absent => Err(missing("/customer/id", "the customer's id")),
            name => Ok((None, name.into_present())),
        };
    };
    let id = customer
        .id
        .as_deref()
        .ok_or_else(|| missing("/customer/id", "the customer's id"))
        .and_then(|id| uuid_at(id, "/customer/id"))?;
    let name = match &customer.display_name {
        Nullable::Present(name) => Some(name.clone()),
        Nullable::Null => None,
        Nullable::Absent => {
            return Err(missing(
                "/customer/display_name",
                "the customer's display name",
            ));
        }
    };
    Ok((Some(id), name))
}

/// Used only when the record does not carry Thredfi's own status.
fn thredfi_status(status: &unified::RefundStatus) -> RefundStatus {
    match status {
        unified::RefundStatus::Draft | unified::RefundStatus::Authorised => RefundStatus::Pending,
        unified::RefundStatus::Posted | unified::RefundStatus::Paid => RefundStatus::Paid,
        unified::RefundStatus::Voided | unified::RefundStatus::Deleted => RefundStatus::Cancelled,
        unified::RefundStatus::Unknown(value) => RefundStatus::Unknown(value.clone()),
    }
}

fn record_allocations(
    refund: &unified::Refund,
    kept: Nullable<Vec<Kept<CarriedCustomerAllocation<'_>>>>,
) -> Result<Option<Vec<RefundAllocation>>, MappingError> {
    let keys = CarriedCustomerAllocation::KEYS;
    rebuild_allocations(refund, kept, |index, allocation, kept| {
        // The unified id and code are the invoice's; where they are missing, the carried entry
        // says whether the API sent null.
        for (field, value, source) in [
            (keys.invoice_id, &allocation.id, "id"),
            (keys.invoice_number, &allocation.code, "code"),
        ] {
            match value {
                Some(value) => {
                    kept.insert(field.into(), JsonValue::String(value.clone()));
                }
                None if kept.contains_key(field) => {}
                None => {
                    return Err(missing(
                        &format!("/allocations/{index}/{source}"),
                        "a value",
                    ));
                }
            }
        }
        if !kept.contains_key(keys.allocation_type) {
            let kind = allocation_type(allocation.r#type.as_ref());
            kept.insert(
                keys.allocation_type.into(),
                JsonValue::String(kind.as_str().to_owned()),
            );
        }
        Ok(())
    })
}

/// Used only when the carried allocation does not say its Thredfi type.
fn allocation_type(kind: Option<&unified::AllocationType>) -> AllocationType {
    match kind {
        Some(unified::AllocationType::Invoice) | None => AllocationType::Invoice,
        Some(unified::AllocationType::CreditMemo) => AllocationType::Credit,
        Some(
            unified::AllocationType::Order
            | unified::AllocationType::Expense
            | unified::AllocationType::OverPayment
            | unified::AllocationType::PrePayment
            | unified::AllocationType::JournalEntry
            | unified::AllocationType::Other
            | unified::AllocationType::Bill,
        ) => AllocationType::Payment,
        Some(unified::AllocationType::Unknown(value)) => AllocationType::Unknown(value.clone()),
    }
}
