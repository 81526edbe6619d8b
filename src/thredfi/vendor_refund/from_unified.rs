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
use crate::mapping::{Diagnostics, MapOptions, Mapped, MappingError, validated_text};
use crate::money::decimal_to_cents;
use crate::nullable::Nullable;
use crate::thredfi::carried::{
    self, CarriedReader, Kept, Reading, carried_at, rebuild_allocations, require_resource,
};
use crate::thredfi::fields::warn_excess_precision;
use crate::thredfi::payment_method::MethodKind;
use crate::thredfi::request::{
    Blank, at_least_one_cent, check_length, check_status, external_id, finish, method_kind,
    missing, nullable_cents, nullable_timestamp, optional_text, record_currency, required_cents,
    thredfi_currency, uuid_at, warn_allocation_id, warn_not_carried,
};
use crate::thredfi::wire::{Currency, UuidText};
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
/// - `vendor_id` comes from `custom_mappings.vendor_id`, else from the Thredfi option
///   [`crate::thredfi::Options::vendor_id`].
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
    let head = RequestHead::read(refund, &carried, options, &mut diagnostics)?;
    let allocations =
        create_allocations(refund, carried.allocations()?, head.total, &mut diagnostics)?;
    let payments = SentPayments::read(
        refund,
        carried.vendor_refund_payments()?,
        head.total,
        &mut diagnostics,
    )?;
    warn_unsent(refund, &head, &payments, &mut diagnostics);
    let request = head.into_request(refund, &carried, allocations, payments.payments)?;
    let (request, value) = finish(
        request,
        refund,
        &crate::thredfi::targets::CREATE_VENDOR_REFUND,
        &mut diagnostics,
    )?;
    Ok((diagnostics.finish(request), value))
}

/// What a create request takes from the refund's head and the carried data, read and checked in
/// the order their errors are reported.
struct RequestHead {
    vendor_id: UuidText,
    total: i64,
    currency: Currency,
    refund_type: RefundType,
    /// The idempotency key and the unified field it came from.
    key: Option<(String, &'static str)>,
    reason: Option<String>,
}

impl RequestHead {
    /// Reads the head; the first error wins, so the reading order is part of the behaviour.
    fn read(
        refund: &unified::Refund,
        carried: &CarriedReader<'_, CarriedVendorRefund<'_>>,
        options: &MapOptions,
        diagnostics: &mut Diagnostics<'_>,
    ) -> Result<Self, MappingError> {
        let vendor_id = request_vendor_id(carried.vendor_id()?.into_present(), options)?;
        let (total, currency) = total_and_currency(refund, diagnostics)?;
        let refund_type = request_refund_type(carried.refund_type()?.into_present())?;
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
        Ok(Self {
            vendor_id,
            total,
            currency,
            refund_type,
            key,
            reason,
        })
    }

    /// Whether the idempotency key is the unified `id` (no carried `external_id`).
    fn key_is_id(&self) -> bool {
        self.key
            .as_ref()
            .is_some_and(|(_, source)| *source == "/id")
    }

    /// The request: the head, the refund's own text fields and the rest of the carried data.
    fn into_request(
        self,
        refund: &unified::Refund,
        carried: &CarriedReader<'_, CarriedVendorRefund<'_>>,
        allocations: Vec<CreateVendorRefundAllocation>,
        payments: Vec<CreateVendorRefundPayment>,
    ) -> Result<CreateVendorRefundRequest, MappingError> {
        Ok(CreateVendorRefundRequest {
            vendor_id: self.vendor_id,
            total_refunded_amount_cents: self.total,
            currency: self.currency,
            external_id: self.key.map(|(key, _)| key),
            reference_number: optional_text(
                &refund.number,
                "/number",
                "reference_number",
                Blank::LeftOut,
                Some(100),
            )?,
            refund_type: Some(self.refund_type),
            refund_date: refund
                .refund_date
                .as_present()
                .map(|date| date.local_date()),
            description: optional_text(&refund.note, "/note", "description", Blank::Sent, None)?,
            memo: carried.memo()?.into_present(),
            reason: self.reason,
            metadata: carried.metadata()?.into_present().map(Cow::into_owned),
            allocations,
            payments,
            extra: JsonObject::new(),
        })
    }
}

/// The vendor: the carried `vendor_id`, else the Thredfi option; a vendor refund cannot be
/// created without one.
fn request_vendor_id(
    carried: Option<String>,
    options: &MapOptions,
) -> Result<UuidText, MappingError> {
    let path = carried_at(CarriedVendorRefund::KEYS.vendor_id);
    match (
        carried,
        crate::thredfi::Options::of(options).vendor_id.as_deref(),
    ) {
        (Some(id), _) => uuid_at(&id, &path),
        (None, Some(id)) => uuid_at(id, &path),
        (None, None) => Err(MappingError::OptionNeeded {
            path,
            expected: "the vendor's Thredfi id",
            otherwise: "a vendor refund needs its vendor: set custom_mappings.vendor_id",
            provider: crate::thredfi::DISPLAY_NAME,
            option: "vendor_id",
        }),
    }
}

/// The total in cents (at least one) and its currency (one of Thredfi's nine), warning when the
/// total is finer than the currency's minor unit.
fn total_and_currency(
    refund: &unified::Refund,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<(i64, Currency), MappingError> {
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
            diagnostics,
        );
    }
    Ok((total, currency))
}

/// The carried refund type, `other` when there is none; a type Thredfi does not know cannot be
/// sent.
fn request_refund_type(carried: Option<RefundType>) -> Result<RefundType, MappingError> {
    match carried {
        None => Ok(RefundType::Other),
        Some(RefundType::Unknown(value)) => Err(MappingError::UnknownEnumValue {
            path: carried_at(CarriedVendorRefund::KEYS.refund_type),
            value,
            allowed: RefundType::KNOWN.to_vec(),
        }),
        Some(known) => Ok(known),
    }
}

/// The payments a create request sends, and whether they are the one payment made up from the
/// unified method.
struct SentPayments {
    payments: Vec<CreateVendorRefundPayment>,
    synthesized: bool,
}

impl SentPayments {
    /// The carried payments; without them, a stated method becomes one payment of the whole
    /// amount, as Thredfi's own client records a vendor refund.
    fn read(
        refund: &unified::Refund,
        carried: Nullable<Cow<'_, [VendorRefundPayment]>>,
        total: i64,
        diagnostics: &mut Diagnostics<'_>,
    ) -> Result<Self, MappingError> {
        let mut payments = create_payments(carried, diagnostics)?;
        let method = refund
            .payment_method
            .as_present()
            .map(|_| method_kind(refund, PaymentMethod::KNOWN, diagnostics))
            .transpose()?;
        let synthesized = payments.is_empty() && method.is_some();
        if payments.is_empty()
            && let Some(kind) = method
        {
            payments.push(synthesized_payment(refund, kind, total, diagnostics)?);
        }
        Ok(Self {
            payments,
            synthesized,
        })
    }
}

/// One payment of the whole `total`, by the unified method and with its reference.
fn synthesized_payment(
    refund: &unified::Refund,
    kind: MethodKind,
    total: i64,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<CreateVendorRefundPayment, MappingError> {
    let reference = optional_text(
        &refund.payment_method_reference,
        "/payment_method_reference",
        "payment_reference",
        Blank::Sent,
        Some(100),
    )?;
    Ok(CreateVendorRefundPayment {
        refunded_amount_cents: total,
        payment_reference: reference,
        processing_fee_cents: None,
        payment_method: Some(vendor_method(kind, diagnostics)),
        processor: None,
        payment_date: refund
            .refund_date
            .as_present()
            .map(|date| date.local_date()),
        description: None,
        memo: None,
        metadata: None,
    })
}

/// Warns about every unified field and `custom_mappings` key that holds information the request
/// has no field for.
fn warn_unsent(
    refund: &unified::Refund,
    head: &RequestHead,
    payments: &SentPayments,
    diagnostics: &mut Diagnostics<'_>,
) {
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
    if head.key_is_id() {
        carried_fields.push("id");
    }
    if !payments.payments.is_empty() {
        // Either the carried payments say how the money arrived, or the synthesized payment
        // holds the method and its reference.
        carried_fields.push("payment_method");
        if payments.synthesized {
            carried_fields.push("payment_method_reference");
        }
    }
    warn_not_carried(refund, &carried_fields, &CARRIED_KEYS, diagnostics);
    warn_unsent_keys(refund, diagnostics);
}

/// Warns about each `custom_mappings` key that holds information and that neither the request nor
/// the full record reads.
fn warn_unsent_keys(refund: &unified::Refund, diagnostics: &mut Diagnostics<'_>) {
    let Some(map) = refund.custom_mappings.as_present() else {
        return;
    };
    for (key, value) in map {
        if !CARRIED_KEYS.contains(&key)
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

/// The unified allocations as create-request allocations, each with the description and metadata
/// its carried entry kept; together they may not exceed `total`.
fn create_allocations(
    refund: &unified::Refund,
    kept: Nullable<Vec<Kept<CarriedVendorAllocation<'_>>>>,
    total: i64,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<Vec<CreateVendorRefundAllocation>, MappingError> {
    let allocations = refund.allocations.as_deref().unwrap_or_default();
    // A carried null list is what a Thredfi record with `"allocations": null` leaves: nothing
    // was carried per allocation, so each is created from the unified allocation alone, as for
    // a refund that never came from Thredfi.
    let kept: Vec<JsonObject> = match kept {
        Nullable::Absent | Nullable::Null => Vec::new(),
        Nullable::Present(kept) => kept.into_iter().map(Kept::into_object).collect(),
    };
    let mut created = Vec::with_capacity(allocations.len());
    let mut sum: i128 = 0;
    for (index, allocation) in allocations.iter().enumerate() {
        let one = create_allocation(allocation, index, kept.get(index), total)?;
        sum += i128::from(one.amount_cents);
        created.push(one);
        warn_unsent_allocation_fields(allocation, index, diagnostics);
    }
    if sum > i128::from(total) {
        return Err(MappingError::OverAllocated {
            provider: crate::thredfi::DISPLAY_NAME,
            path: JsonPointer::root().join("allocations"),
            allocated: crate::money::cents_to_decimal(i64::try_from(sum).unwrap_or(i64::MAX)),
            total: crate::money::cents_to_decimal(total),
        });
    }
    Ok(created)
}

/// Where a field of the unified allocation at `index` sits.
fn allocation_at(index: usize, field: &str) -> String {
    format!("/allocations/{index}/{field}")
}

/// One unified allocation as a create-request allocation; a null amount means the whole `total`.
fn create_allocation(
    allocation: &unified::Allocation,
    index: usize,
    kept: Option<&JsonObject>,
    total: i64,
) -> Result<CreateVendorRefundAllocation, MappingError> {
    let keys = CarriedVendorAllocation::KEYS;
    let (allocation_type, bill_id, bill_payment_id) = allocation_target(allocation, index)?;
    let cents = match allocation.amount.as_present() {
        Some(amount) => decimal_to_cents(amount.get(), &allocation_at(index, "amount"))?,
        None => total,
    };
    let cents = at_least_one_cent(cents, &allocation_at(index, "amount"))?;
    let description = match kept.and_then(|kept| kept.get(keys.description)) {
        Some(JsonValue::String(text)) => {
            check_length(
                text,
                &allocation_at(index, "description"),
                "allocation description",
                Some(500),
            )?;
            Some(text.clone())
        }
        _ => None,
    };
    Ok(CreateVendorRefundAllocation {
        allocation_type,
        amount_cents: cents,
        bill_id,
        bill_payment_id,
        description,
        metadata: kept
            .and_then(|kept| kept.get(keys.metadata))
            .filter(|value| !value.is_null())
            .cloned(),
    })
}

/// The Thredfi allocation type of a unified allocation and the document it points at: the bill
/// (`bill`), the bill payment (`other`) or nothing (`credit_memo`, the vendor's credit balance).
/// Returns the type, the bill and the bill payment.
fn allocation_target(
    allocation: &unified::Allocation,
    index: usize,
) -> Result<(AllocationType, Option<UuidText>, Option<UuidText>), MappingError> {
    let uuid_id = || {
        allocation
            .id
            .as_deref()
            .ok_or_else(|| {
                missing(
                    &allocation_at(index, "id"),
                    "the UUID of the allocated document",
                )
            })
            .and_then(|id| uuid_at(id, &allocation_at(index, "id")))
    };
    match &allocation.r#type {
        Some(unified::AllocationType::Bill) => Ok((AllocationType::Bill, Some(uuid_id()?), None)),
        Some(unified::AllocationType::CreditMemo) => Ok((AllocationType::Credit, None, None)),
        Some(unified::AllocationType::Other) => {
            Ok((AllocationType::Payment, None, Some(uuid_id()?)))
        }
        Some(
            other @ (unified::AllocationType::Invoice
            | unified::AllocationType::Order
            | unified::AllocationType::Expense
            | unified::AllocationType::OverPayment
            | unified::AllocationType::PrePayment
            | unified::AllocationType::JournalEntry
            | unified::AllocationType::Unknown(_)),
        ) => Err(MappingError::AllocationTypeNotAllowed {
            provider: crate::thredfi::DISPLAY_NAME,
            path: JsonPointer::from_escaped(allocation_at(index, "type")),
            index,
            resource: "vendor refund",
            found: other.clone(),
            allowed: vec![
                "bill",
                "credit_memo (a credit balance)",
                "other (a bill payment)",
            ],
        }),
        None => Err(MappingError::Missing {
            path: JsonPointer::from_escaped(allocation_at(index, "type")),
            expected: "the allocation type (bill, credit_memo or other)",
            hint: None,
        }),
    }
}

/// Warns about the fields of a unified allocation that Thredfi does not take from a create
/// request: a credit allocation's id, the allocation id, and a code other than a bill's.
fn warn_unsent_allocation_fields(
    allocation: &unified::Allocation,
    index: usize,
    diagnostics: &mut Diagnostics<'_>,
) {
    if matches!(allocation.r#type, Some(unified::AllocationType::CreditMemo))
        && allocation.id.is_some()
    {
        diagnostics.warn(
            crate::mapping::WarningCode::NotCarried,
            allocation_at(index, "id"),
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
            allocation_at(index, "code"),
            None,
            "only a bill allocation's code (the bill number) is known to Thredfi, and it is \
             read from the bill",
        );
    }
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
        check_sendable(&payment, &at)?;
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

/// Refuses a carried payment (at `at`) that a create request could not send.
fn check_sendable(payment: &VendorRefundPayment, at: &JsonPointer) -> Result<(), MappingError> {
    if let Some(reference) = payment.payment_reference.as_present() {
        check_length(
            reference,
            &at.join("payment_reference"),
            "payment_reference",
            Some(100),
        )?;
    }
    // A carried payment can hold what a create request may not: a negative fee (a fee rebate),
    // or a method or processor this crate does not know. Each is an error naming the field,
    // never a request the schema would reject.
    if let Some(fee) = payment.processing_fee
        && fee < 0
    {
        return Err(MappingError::NegativeFee {
            provider: crate::thredfi::DISPLAY_NAME,
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
    Ok(())
}

/// Rebuilds the Thredfi vendor refund a unified refund was mapped from.
///
/// Identical to the original record when the unified refund came from [`super::to_unified()`]
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
    let mut diagnostics = Diagnostics::new(options);
    let reader = CarriedVendorRefund::reader(refund.custom_mappings.as_present(), Reading::Record);
    require_resource(reader.thredfi_resource()?, carried::VENDOR_REFUND)?;
    let carried = reader.read_all()?;
    let output = VendorRefund {
        id: refund
            .id
            .as_deref()
            .ok_or_else(|| missing("/id", "the refund id"))
            .and_then(|id| uuid_at(id, "/id"))?,
        vendor_id: record_vendor_id(carried.vendor_id)?,
        vendor_name: required_carried(
            carried.vendor_name,
            CarriedVendorRefund::KEYS.vendor_name,
            "the vendor name",
        )?,
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
        allocated_amount: carried_amount(carried.allocated_amount)?,
        unallocated_amount: carried_amount(carried.unallocated_amount)?,
        currency: record_currency(refund, carried.thredfi_currency)?,
        status: record_status(refund, carried.thredfi_status),
        description: refund.note.clone(),
        memo: carried.memo,
        reason: carried.reason,
        metadata: carried.metadata.map(Cow::into_owned),
        allocations: record_allocations(refund, carried.allocations)?,
        vendor_refund_payments: record_payments(carried.vendor_refund_payments),
        document: carried.document.into_present().map(Cow::into_owned),
        created_at: nullable_timestamp(&refund.created_at, "/created_at")?,
        updated_at: nullable_timestamp(&refund.updated_at, "/updated_at")?,
        extra: carried::record_extra(carried.extra_fields, VendorRefund::FIELDS, &mut diagnostics),
    };
    let value = validated_text(&output, &crate::thredfi::targets::VENDOR_REFUND)?;
    Ok((diagnostics.finish(output), value))
}

/// A carried value the record requires but that may be null: a carried null stays null, a
/// missing one is an error naming the key.
fn required_carried<T>(
    value: Nullable<T>,
    key: &str,
    expected: &'static str,
) -> Result<Option<T>, MappingError> {
    match value {
        Nullable::Absent => Err(missing(&carried_at(key), expected)),
        value => Ok(value.into_present()),
    }
}

/// The carried vendor id, which must be a UUID (or null).
fn record_vendor_id(carried: Nullable<String>) -> Result<Option<UuidText>, MappingError> {
    let key = CarriedVendorRefund::KEYS.vendor_id;
    required_carried(carried, key, "the vendor id")?
        .map(|id| uuid_at(&id, &carried_at(key)))
        .transpose()
}

/// The carried allocated or unallocated amount; the error for a missing one names both.
fn carried_amount(amount: Nullable<i64>) -> Result<Option<i64>, MappingError> {
    match amount {
        Nullable::Absent => Err(missing(
            "/custom_mappings",
            "the carried allocated and unallocated amounts",
        )),
        amount => Ok(amount.into_present()),
    }
}

/// The carried payments; a record always has the key, so carried data without it had an empty
/// list.
fn record_payments(
    carried: Nullable<Cow<'_, [VendorRefundPayment]>>,
) -> Option<Vec<VendorRefundPayment>> {
    match carried {
        Nullable::Absent => Some(Vec::new()),
        Nullable::Null => None,
        Nullable::Present(payments) => Some(payments.into_owned()),
    }
}

/// Thredfi's own status as carried (or its null), else the one the unified status stands for.
fn record_status(
    refund: &unified::Refund,
    carried: Nullable<VendorRefundStatus>,
) -> Nullable<VendorRefundStatus> {
    match carried {
        Nullable::Absent => Nullable::from_option(refund.status.as_ref().map(thredfi_status)),
        status => status,
    }
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
    kept: Nullable<Vec<Kept<CarriedVendorAllocation<'_>>>>,
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
