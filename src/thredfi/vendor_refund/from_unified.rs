//! Unified refund → Thredfi vendor refund: the create request and the full record.

use crate::pointer::JsonPointer;
use serde_json::value::RawValue;
use std::borrow::Cow;

use crate::json::{JsonObject, JsonValue};

use super::carried::{CarriedVendorAllocation, CarriedVendorRefund};
use super::{
    AllocationType, CreateVendorRefundAllocation, CreateVendorRefundPayment,
    CreateVendorRefundRequest, PaymentMethod, Processor, RefundType, VendorRefund,
    VendorRefundAllocation, VendorRefundPayment, VendorRefundStatus,
};
use crate::datetime::Timestamp;
use crate::mapping::{Diagnostics, MapOptions, Mapped, MappingError, validated};
use crate::money::decimal_to_cents;
use crate::nullable::Nullable;
use crate::thredfi::carried::{
    self, Reading, carried_at, rebuild_allocations, require_resource, typed_at,
};
use crate::thredfi::fields::warn_excess_precision;
use crate::thredfi::payment_method::MethodKind;
use crate::thredfi::request::{
    Blank, at_least_one_cent, check_length, check_status, external_id, finish, method_kind,
    missing, nullable_cents, nullable_timestamp, optional_text, record_currency, required_cents,
    thredfi_currency, uuid_at, warn_allocation_id, warn_not_carried,
};
use crate::unified;

/// `custom_mappings` keys the create request reads.
const CARRIED_KEYS: [&str; 8] = {
    let keys = CarriedVendorRefund::KEYS;
    [
        keys.vendor_id,
        keys.external_id,
        keys.refund_type,
        keys.memo,
        keys.reason,
        keys.metadata,
        keys.vendor_refund_payments,
        keys.allocations,
    ]
};

/// Maps a unified refund to the body of Thredfi's `POST /vendor-refunds/`.
///
/// - `vendor_id` comes from `custom_mappings.vendor_id`, else from [`MapOptions::vendor_id`].
/// - `refund_date` is the calendar date of the unified date-time **in its own UTC offset**:
///   `2026-03-31T23:30:00-05:00` is sent as `2026-03-31`, the day the refund happened where it
///   happened, although it is already 1 April in UTC.
/// - `refund_type`, `memo`, `reason`, `metadata` and `external_id` come from `custom_mappings`
///   when present (`refund_type` defaults to `other`; `external_id` falls back to the unified id).
/// - Allocations: `bill` → a bill allocation (`id` is the bill's UUID), `credit_memo` → a credit
///   allocation, `other` → a payment allocation (`id` is the bill payment's UUID). A null amount
///   means the whole total. Together they may not exceed the total.
/// - Payments are sent when the unified refund carries them (`custom_mappings.vendor_refund_payments`,
///   present on refunds that came from Thredfi).
///
/// # Errors
///
/// A [`MappingError`] naming the field for: no vendor id; a missing, null, non-positive or
/// sub-cent total; a currency outside Thredfi's nine; an allocation of another type (naming the
/// allocation and its type); allocations over the total; text over Thredfi's limits; a voided or
/// deleted refund.
pub fn to_create_request(
    refund: &unified::Refund,
    options: &MapOptions,
) -> Result<Mapped<CreateVendorRefundRequest>, MappingError> {
    to_create_request_value(refund, options).map(|(mapped, _)| mapped)
}

/// [`to_create_request`], also returning the validated JSON.
pub(crate) fn to_create_request_value(
    refund: &unified::Refund,
    options: &MapOptions,
) -> Result<(Mapped<CreateVendorRefundRequest>, Box<RawValue>), MappingError> {
    let mut diagnostics = Diagnostics::new(options);
    check_status(refund, &mut diagnostics)?;
    let carried =
        CarriedVendorRefund::reader(refund.custom_mappings.as_present(), Reading::Request);

    let vendor_id = match (
        carried.vendor_id()?.into_present(),
        crate::thredfi::Options::of(options).vendor_id.as_deref(),
    ) {
        (Some(id), _) => uuid_at(&id, &carried_at(CarriedVendorRefund::KEYS.vendor_id))?,
        (None, Some(id)) => uuid_at(id, &carried_at(CarriedVendorRefund::KEYS.vendor_id))?,
        (None, None) => {
            return Err(MappingError::Missing {
                path: carried_at(CarriedVendorRefund::KEYS.vendor_id),
                expected: "the vendor's Thredfi id",
                hint: Some(
                    "a vendor refund needs its vendor: set custom_mappings.vendor_id, or pass \
                     the Thredfi option vendor_id (thredfi::Options::vendor_id)"
                        .into(),
                ),
            });
        }
    };
    let total = at_least_one_cent(
        required_cents(&refund.total_amount, "/total_amount", "total_amount")?,
        "/total_amount",
    )?;
    let currency = match refund.currency.as_present() {
        Some(currency) => thredfi_currency(currency.as_str())?,
        None => {
            return Err(MappingError::Missing {
                path: JsonPointer::from_escaped("/currency"),
                expected: "the currency",
                hint: Some(
                    "Thredfi requires one of EUR, GBP, USD, SEK, NOK, DKK, ISK, MYR, SGD".into(),
                ),
            });
        }
    };
    if let Some(amount) = refund.total_amount.as_present() {
        warn_excess_precision(
            amount.get(),
            currency.as_str(),
            "/total_amount",
            "/total_refunded_amount_cents",
            &mut diagnostics,
        );
    }
    let refund_type = match carried.refund_type()?.into_present() {
        None => RefundType::Other,
        Some(refund_type) => match refund_type {
            RefundType::Unknown(value) => {
                return Err(MappingError::UnknownEnumValue {
                    path: carried_at(CarriedVendorRefund::KEYS.refund_type),
                    value,
                    allowed: RefundType::KNOWN.to_vec(),
                });
            }
            known => known,
        },
    };
    let key = external_id(refund, carried.external_id()?.into_present(), false)?;
    let reason = carried.reason()?.into_present();
    if let Some(reason) = &reason {
        check_length(
            reason,
            &carried_at(CarriedVendorRefund::KEYS.reason),
            "reason",
            Some(500),
        )?;
    }
    let allocations = create_allocations(refund, carried.allocations()?, total, &mut diagnostics)?;
    let payments = create_payments(carried.vendor_refund_payments()?, &mut diagnostics)?;
    let method = refund
        .payment_method
        .as_present()
        .map(|_| method_kind(refund, PaymentMethod::KNOWN, &mut diagnostics))
        .transpose()?;

    let mut payments = payments;
    let synthesized = payments.is_empty() && method.is_some();
    if payments.is_empty()
        && let Some(kind) = method
    {
        // Without carried payments, a stated method becomes one payment of the whole amount,
        // as Thredfi's own client records a vendor refund.
        let reference = optional_text(
            &refund.payment_method_reference,
            "/payment_method_reference",
            "payment_reference",
            Blank::Sent,
            Some(100),
        )?;
        payments.push(CreateVendorRefundPayment {
            refunded_amount_cents: total,
            payment_reference: reference,
            processing_fee_cents: None,
            payment_method: Some(vendor_method(kind, &mut diagnostics)),
            processor: None,
            payment_date: refund
                .refund_date
                .as_present()
                .map(|date| date.local_date()),
            description: None,
            memo: None,
            metadata: None,
        });
    }

    let mut carried_fields = vec![
        "total_amount",
        "currency",
        "refund_date",
        "number",
        "note",
        "allocations",
        "custom_mappings",
        "pass_through",
    ];
    if key.as_ref().is_some_and(|(_, source)| *source == "/id") {
        carried_fields.push("id");
    }
    if !payments.is_empty() {
        // Either the carried payments say how the money arrived, or the synthesized payment
        // holds the method and its reference.
        carried_fields.push("payment_method");
        if synthesized {
            carried_fields.push("payment_method_reference");
        }
    }
    warn_not_carried(refund, &carried_fields, &CARRIED_KEYS, &mut diagnostics);
    if let Some(map) = refund.custom_mappings.as_present() {
        for (key, value) in map {
            if !CARRIED_KEYS.contains(&key.as_str())
                && !is_record_only_key(key)
                && crate::nullable::holds_information(value)
            {
                diagnostics.warn(
                    crate::mapping::WarningCode::NotCarried,
                    format!("/custom_mappings/{}", crate::decode::escape(key)),
                    None,
                    "the Thredfi vendor refund request has no field for it",
                );
            }
        }
    }
    let request = CreateVendorRefundRequest {
        vendor_id,
        total_refunded_amount_cents: total,
        currency,
        external_id: key.map(|(key, _)| key),
        reference_number: optional_text(
            &refund.number,
            "/number",
            "reference_number",
            Blank::LeftOut,
            Some(100),
        )?,
        refund_type: Some(refund_type),
        refund_date: refund
            .refund_date
            .as_present()
            .map(|date| date.local_date()),
        description: optional_text(&refund.note, "/note", "description", Blank::Sent, None)?,
        memo: carried.memo()?.into_present(),
        reason,
        metadata: carried.metadata()?.into_present().map(Cow::into_owned),
        allocations,
        payments,
        extra: JsonObject::new(),
    };
    let (request, value) = finish(
        request,
        refund,
        &crate::thredfi::targets::CREATE_VENDOR_REFUND,
        &mut diagnostics,
    )?;
    Ok((diagnostics.finish(request), value))
}

/// Keys a refund that came from Thredfi carries for the full record only; a create request has no
/// field for them, which is expected, so they are not reported one by one.
fn is_record_only_key(key: &str) -> bool {
    let keys = CarriedVendorRefund::KEYS;
    [
        keys.thredfi_resource,
        keys.thredfi_status,
        keys.thredfi_currency,
        keys.extra_fields,
        keys.vendor_name,
        keys.expected_completion_date,
        keys.allocated_amount,
        keys.unallocated_amount,
        keys.document,
    ]
    .contains(&key)
}

fn vendor_method(kind: MethodKind, diagnostics: &mut Diagnostics<'_>) -> PaymentMethod {
    let lossy = |diagnostics: &mut Diagnostics<'_>, name: &str| {
        diagnostics.warn(
            crate::mapping::WarningCode::UnknownPaymentMethod,
            "/payment_method",
            Some("/payments/0/payment_method"),
            format!("Thredfi vendor refunds have no {name} method; sent as other"),
        );
        PaymentMethod::Other
    };
    match kind {
        MethodKind::Cash => PaymentMethod::Cash,
        MethodKind::Check => PaymentMethod::Check,
        MethodKind::CreditCard => PaymentMethod::CreditCard,
        MethodKind::Ach => PaymentMethod::Ach,
        MethodKind::BankTransfer => PaymentMethod::BankTransfer,
        MethodKind::Wire => PaymentMethod::Wire,
        MethodKind::Other => PaymentMethod::Other,
        MethodKind::DebitCard => lossy(diagnostics, "debit card"),
        MethodKind::Paypal => lossy(diagnostics, "PayPal"),
        MethodKind::Stripe => lossy(diagnostics, "Stripe"),
    }
}

fn create_allocations(
    refund: &unified::Refund,
    kept: Nullable<Vec<JsonObject>>,
    total: i64,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<Vec<CreateVendorRefundAllocation>, MappingError> {
    let allocations = refund.allocations.as_deref().unwrap_or_default();
    let kept: Vec<JsonObject> = match kept {
        Nullable::Absent => Vec::new(),
        Nullable::Present(kept) => kept,
        // A create request has always refused a carried null list, as not a list.
        Nullable::Null => typed_at(&JsonValue::Null, &carried_at(carried::ALLOCATIONS))?,
    };
    let keys = CarriedVendorAllocation::KEYS;
    let mut created = Vec::with_capacity(allocations.len());
    let mut sum: i128 = 0;
    for (index, allocation) in allocations.iter().enumerate() {
        let at = |field: &str| format!("/allocations/{index}/{field}");
        let uuid_id = || {
            allocation
                .id
                .as_deref()
                .ok_or_else(|| missing(&at("id"), "the UUID of the allocated document"))
                .and_then(|id| uuid_at(id, &at("id")))
        };
        let (allocation_type, bill_id, bill_payment_id) = match &allocation.r#type {
            Some(unified::AllocationType::Bill) => (AllocationType::Bill, Some(uuid_id()?), None),
            Some(unified::AllocationType::CreditMemo) => (AllocationType::Credit, None, None),
            Some(unified::AllocationType::Other) => {
                (AllocationType::Payment, None, Some(uuid_id()?))
            }
            Some(
                other @ (unified::AllocationType::Invoice
                | unified::AllocationType::Order
                | unified::AllocationType::Expense
                | unified::AllocationType::OverPayment
                | unified::AllocationType::PrePayment
                | unified::AllocationType::JournalEntry
                | unified::AllocationType::Unknown(_)),
            ) => {
                return Err(MappingError::AllocationTypeNotAllowed {
                    path: JsonPointer::from_escaped(at("type")),
                    index,
                    found: other.clone(),
                    allowed: vec!["bill", "credit_memo", "other"],
                });
            }
            None => {
                return Err(MappingError::Missing {
                    path: JsonPointer::from_escaped(at("type")),
                    expected: "the allocation type (bill, credit_memo or other)",
                    hint: None,
                });
            }
        };
        let cents = match allocation.amount.as_present() {
            Some(amount) => decimal_to_cents(amount.get(), &at("amount"))?,
            None => total,
        };
        let cents = at_least_one_cent(cents, &at("amount"))?;
        sum += i128::from(cents);
        let kept = kept.get(index);
        let description = match kept.and_then(|kept| kept.get(keys.description)) {
            Some(JsonValue::String(text)) => {
                check_length(
                    text,
                    &at("description"),
                    "allocation description",
                    Some(500),
                )?;
                Some(text.clone())
            }
            _ => None,
        };
        created.push(CreateVendorRefundAllocation {
            allocation_type,
            amount_cents: cents,
            bill_id,
            bill_payment_id,
            description,
            metadata: kept
                .and_then(|kept| kept.get(keys.metadata))
                .filter(|value| !value.is_null())
                .cloned(),
        });
        if matches!(allocation.r#type, Some(unified::AllocationType::CreditMemo))
            && allocation.id.is_some()
        {
            diagnostics.warn(
                crate::mapping::WarningCode::NotCarried,
                at("id"),
                None,
                "a Thredfi credit allocation draws on the vendor's credit balance and points at no \
                 document, so this id is not sent",
            );
        }
        warn_allocation_id(allocation, index, diagnostics);
        if allocation.code.is_some()
            && !matches!(allocation.r#type, Some(unified::AllocationType::Bill))
        {
            diagnostics.warn(
                crate::mapping::WarningCode::NotCarried,
                at("code"),
                None,
                "only a bill allocation's code (the bill number) is known to Thredfi, and it is \
                 read from the bill",
            );
        }
    }
    if sum > i128::from(total) {
        return Err(MappingError::OverAllocated {
            path: JsonPointer::root().join("allocations"),
            allocated: crate::money::cents_to_decimal(i64::try_from(sum).unwrap_or(i64::MAX)),
            total: crate::money::cents_to_decimal(total),
        });
    }
    Ok(created)
}

/// Payments carried from a Thredfi vendor refund, as create-request payments. Carried `null`s are
/// left out (a create request never sends one); a payment whose amount is null cannot be sent at
/// all, and is reported instead.
fn create_payments(
    carried: Nullable<Cow<'_, [VendorRefundPayment]>>,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<Vec<CreateVendorRefundPayment>, MappingError> {
    let payments = carried
        .into_present()
        .map(Cow::into_owned)
        .unwrap_or_default();
    let mut created = Vec::with_capacity(payments.len());
    for (index, payment) in payments.into_iter().enumerate() {
        let at = carried_at(CarriedVendorRefund::KEYS.vendor_refund_payments).join_index(index);
        let Some(refunded_amount) = payment.refunded_amount else {
            diagnostics.warn(
                crate::mapping::WarningCode::NotCarried,
                at.join("refunded_amount"),
                None,
                "this carried payment's amount is null, so the payment is not sent (Thredfi's \
                 create request needs an amount for each payment)",
            );
            continue;
        };
        if let Some(reference) = payment.payment_reference.as_present() {
            check_length(
                reference,
                &at.join("payment_reference"),
                "payment_reference",
                Some(100),
            )?;
        }
        // A carried payment can hold what a create request may not: a negative fee (a fee
        // rebate), or a method or processor this crate does not know. Each is an error naming
        // the field, never a request the schema would reject.
        if let Some(fee) = payment.processing_fee
            && fee < 0
        {
            return Err(MappingError::NegativeFee {
                path: at.join("processing_fee"),
                fee: crate::money::cents_to_decimal(fee),
            });
        }
        if let Nullable::Present(PaymentMethod::Unknown(value)) = &payment.payment_method {
            return Err(MappingError::UnknownEnumValue {
                path: at.join("payment_method"),
                value: value.clone(),
                allowed: PaymentMethod::KNOWN.to_vec(),
            });
        }
        if let Nullable::Present(Processor::Unknown(value)) = &payment.processor {
            return Err(MappingError::UnknownEnumValue {
                path: at.join("processor"),
                value: value.clone(),
                allowed: Processor::KNOWN.to_vec(),
            });
        }
        created.push(CreateVendorRefundPayment {
            refunded_amount_cents: at_least_one_cent(refunded_amount, &at.join("refunded_amount"))?,
            payment_reference: payment.payment_reference.into_present(),
            processing_fee_cents: payment.processing_fee,
            payment_method: payment.payment_method.into_present(),
            processor: payment.processor.into_present(),
            payment_date: payment.payment_date.into_present(),
            description: payment.description.into_present(),
            memo: payment.memo.into_present(),
            metadata: payment
                .metadata
                .into_present()
                .filter(|value| !value.is_null()),
        });
    }
    Ok(created)
}

/// Rebuilds the Thredfi vendor refund a unified refund was mapped from.
///
/// Identical to the original record when the unified refund came from [`super::to_unified`]
/// unchanged; the date-only `refund_date` is the calendar date of the unified date-time in its own
/// offset.
///
/// # Errors
///
/// [`MappingError::NotFromResource`] when the refund does not carry `custom_mappings.thredfi_resource
/// = "vendor_refund"` or its carried data is damaged, and a [`MappingError`] naming the field when
/// a required Thredfi field has no source.
pub fn to_record(
    refund: &unified::Refund,
    options: &MapOptions,
) -> Result<Mapped<VendorRefund>, MappingError> {
    to_record_value(refund, options).map(|(mapped, _)| mapped)
}

/// [`to_record`], also returning the validated JSON.
pub(crate) fn to_record_value(
    refund: &unified::Refund,
    options: &MapOptions,
) -> Result<(Mapped<VendorRefund>, Box<RawValue>), MappingError> {
    let diagnostics = Diagnostics::new(options);
    let reader = CarriedVendorRefund::reader(refund.custom_mappings.as_present(), Reading::Record);
    require_resource(reader.thredfi_resource()?, carried::VENDOR_REFUND)?;
    let carried = reader.read_all()?;
    // Required on the record but may be null; a carried null stays null.
    let required_carried = |amount: Nullable<i64>| -> Result<Option<i64>, MappingError> {
        match amount {
            Nullable::Absent => Err(missing(
                "/custom_mappings",
                "the carried allocated and unallocated amounts",
            )),
            amount => Ok(amount.into_present()),
        }
    };
    let output = VendorRefund {
        id: refund
            .id
            .as_deref()
            .ok_or_else(|| missing("/id", "the refund id"))
            .and_then(|id| uuid_at(id, "/id"))?,
        vendor_id: match carried.vendor_id {
            Nullable::Present(id) => Some(uuid_at(
                &id,
                &carried_at(CarriedVendorRefund::KEYS.vendor_id),
            )?),
            Nullable::Null => None,
            Nullable::Absent => {
                return Err(missing(
                    &carried_at(CarriedVendorRefund::KEYS.vendor_id),
                    "the vendor id",
                ));
            }
        },
        vendor_name: match carried.vendor_name {
            Nullable::Absent => {
                return Err(missing(
                    &carried_at(CarriedVendorRefund::KEYS.vendor_name),
                    "the vendor name",
                ));
            }
            name => name.into_present(),
        },
        external_id: carried.external_id,
        refund_type: carried.refund_type,
        reference_number: refund.number.clone(),
        refund_date: refund.refund_date.as_ref().map(Timestamp::local_date),
        expected_completion_date: carried.expected_completion_date,
        total_refunded_amount: nullable_cents(
            &refund.total_amount,
            "/total_amount",
            "total_amount",
        )?,
        allocated_amount: required_carried(carried.allocated_amount)?,
        unallocated_amount: required_carried(carried.unallocated_amount)?,
        currency: record_currency(refund, carried.thredfi_currency)?,
        status: match carried.thredfi_status {
            Nullable::Absent => Nullable::from_option(refund.status.as_ref().map(thredfi_status)),
            status => status,
        },
        description: refund.note.clone(),
        memo: carried.memo,
        reason: carried.reason,
        metadata: carried.metadata.map(Cow::into_owned),
        allocations: record_allocations(refund, carried.allocations)?,
        // A record always has the key: carried data without it had an empty list.
        vendor_refund_payments: match carried.vendor_refund_payments {
            Nullable::Absent => Some(Vec::new()),
            Nullable::Null => None,
            Nullable::Present(payments) => Some(payments.into_owned()),
        },
        document: carried.document.into_present().map(Cow::into_owned),
        created_at: nullable_timestamp(&refund.created_at, "/created_at")?,
        updated_at: nullable_timestamp(&refund.updated_at, "/updated_at")?,
        extra: carried.extra_fields.into_owned(),
    };
    let value = validated(&output, &crate::thredfi::targets::VENDOR_REFUND)?;
    Ok((diagnostics.finish(output), value))
}

/// Used only when the record does not carry Thredfi's own status.
fn thredfi_status(status: &unified::RefundStatus) -> VendorRefundStatus {
    match status {
        unified::RefundStatus::Draft | unified::RefundStatus::Authorised => {
            VendorRefundStatus::Pending
        }
        unified::RefundStatus::Posted => VendorRefundStatus::Allocated,
        unified::RefundStatus::Paid => VendorRefundStatus::Completed,
        unified::RefundStatus::Voided | unified::RefundStatus::Deleted => {
            VendorRefundStatus::Cancelled
        }
        unified::RefundStatus::Unknown(value) => VendorRefundStatus::Unknown(value.clone()),
    }
}

fn record_allocations(
    refund: &unified::Refund,
    kept: Nullable<Vec<JsonObject>>,
) -> Result<Option<Vec<VendorRefundAllocation>>, MappingError> {
    let keys = CarriedVendorAllocation::KEYS;
    rebuild_allocations(refund, kept, |_, allocation, kept| {
        // The unified id and code hold the bill (bill allocations) or the bill payment (payment
        // allocations); everything else was kept as it was.
        // A field the unified allocation has no value for keeps what the carried entry says
        // (the null the API sent, for a credit allocation's bill fields).
        let kind = kept
            .get(keys.allocation_type)
            .and_then(JsonValue::as_str)
            .map(AllocationType::parse);
        match kind {
            Some(AllocationType::Bill) => {
                if let Some(id) = &allocation.id {
                    kept.insert(keys.bill_id.into(), JsonValue::String(id.clone()));
                }
                if let Some(code) = &allocation.code {
                    kept.insert(keys.bill_number.into(), JsonValue::String(code.clone()));
                }
            }
            Some(AllocationType::Payment) => {
                if let Some(id) = &allocation.id {
                    kept.insert(keys.bill_payment_id.into(), JsonValue::String(id.clone()));
                }
            }
            Some(AllocationType::Credit | AllocationType::Unknown(_)) | None => {}
        }
        Ok(())
    })
}
