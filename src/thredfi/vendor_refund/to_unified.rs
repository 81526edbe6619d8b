//! Thredfi vendor refund → unified refund.

use std::borrow::Cow;

use crate::json::JsonObject;

use super::carried::{CarriedVendorAllocation, CarriedVendorRefund};
use super::{
    AllocationType, PaymentMethod, PaymentStatus, Processor, RefundType, VendorRefund,
    VendorRefundAllocation, VendorRefundStatus,
};
use crate::datetime::Timestamp;
use crate::mapping::{
    Diagnostics, MapOptions, Mapped, MappingError, ValidatedJson, ValidatedRefund, validated_refund,
};
use crate::nullable::Nullable;
use crate::thredfi::carried::{self, Kept, null_only, required};
use crate::thredfi::fields::{
    allocation_amount, currency_and_total, map_allocations, nullable_required,
    unified_payment_method,
};
use crate::thredfi::wire::{Currency, UuidText};
use crate::unified;

/// Maps a Thredfi vendor refund to a unified refund, validated against Apideck's `Refund`.
///
/// The vendor is not turned into a customer: `customer` stays absent and the vendor travels in
/// `custom_mappings.vendor_id` and `vendor_name`, with `custom_mappings.thredfi_resource` set to
/// `"vendor_refund"`. The date-only `refund_date` becomes midnight UTC of that day.
///
/// # Errors
///
/// In strict mode, [`MappingError::UnknownEnumValue`] for an unknown status, currency,
/// allocation type or payment method. Otherwise only [`MappingError::InvalidOutput`], a bug.
pub fn to_unified(
    refund: &VendorRefund,
    options: &MapOptions,
) -> Result<Mapped<unified::Refund>, MappingError> {
    to_unified_validated(refund, options).map(|mapped| Mapped {
        output: mapped.output.into_typed(),
        warnings: mapped.warnings,
    })
}

/// [`to_unified`], keeping the validated refund in the form that lets the caller take the typed
/// refund, its JSON or both without copying what it does not need.
pub(crate) fn to_unified_validated(
    refund: &VendorRefund,
    options: &MapOptions,
) -> Result<Mapped<ValidatedRefund>, MappingError> {
    let (mut output, carried, diagnostics) = unified_parts(refund, options)?;
    output.custom_mappings = Nullable::Present(carried.to_object());
    let validated = validated_refund(output, &crate::unified::targets::REFUND)?;
    Ok(diagnostics.finish(validated))
}

/// [`to_unified`]'s JSON text alone, the carried data written straight from the record.
pub(crate) fn to_unified_text(
    refund: &VendorRefund,
    options: &MapOptions,
) -> Result<Mapped<ValidatedJson>, MappingError> {
    let (output, carried, diagnostics) = unified_parts(refund, options)?;
    Ok(diagnostics.finish(carried::validated_text(&output, &carried)?))
}

/// The unified refund without its `custom_mappings`, what it carries there, and the warnings.
fn unified_parts<'r, 'o>(
    refund: &'r VendorRefund,
    options: &'o MapOptions,
) -> Result<(unified::Refund, CarriedVendorRefund<'r>, Diagnostics<'o>), MappingError> {
    let mut diagnostics = Diagnostics::new(options);
    let status = refund
        .status
        .as_present()
        .map(|status| unified_status(status, &mut diagnostics))
        .transpose()?
        .flatten();
    let head = currency_and_total(
        &refund.currency,
        refund.total_refunded_amount,
        "/total_refunded_amount",
        &mut diagnostics,
    )?;
    let (allocations, carried_allocations) = map_allocations(
        refund.allocations.as_deref(),
        &mut diagnostics,
        map_allocation,
    )?;
    let payment_method = payment_method(refund, &mut diagnostics)?;
    check_carried_enums(refund, &mut diagnostics)?;
    check_vendor(refund, &mut diagnostics)?;
    let carried = carried_refund(refund, head.carried_currency, carried_allocations);
    let output = unified::Refund {
        id: Some(refund.id.as_str().to_owned()),
        number: refund.reference_number.clone(),
        company_id: Nullable::from_option(crate::thredfi::Options::of(options).business_id.clone()),
        currency: head.currency,
        total_amount: head.total,
        refund_date: refund.refund_date.as_ref().map(Timestamp::start_of_day_utc),
        status,
        r#type: Some(unified::RefundType::CashRefund),
        payment_method,
        allocations,
        note: refund.description.clone(),
        created_at: nullable_required(&refund.created_at),
        updated_at: nullable_required(&refund.updated_at),
        ..Default::default()
    };
    Ok((output, carried, diagnostics))
}

/// The unified `payment_method`, from the methods of the vendor refund's payments.
fn payment_method(
    refund: &VendorRefund,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<Nullable<String>, MappingError> {
    let payments = refund.vendor_refund_payments.as_deref().unwrap_or_default();
    let methods = payments.iter().enumerate().map(|(index, payment)| {
        (
            format!("/vendor_refund_payments/{index}/payment_method"),
            payment
                .payment_method
                .as_present()
                .map(PaymentMethod::as_str),
        )
    });
    unified_payment_method(
        "/vendor_refund_payments",
        methods,
        PaymentMethod::KNOWN,
        diagnostics,
    )
}

/// A null vendor is reported (strict mode: an error): the unified refund then says nothing of
/// whom the money came from.
fn check_vendor(
    refund: &VendorRefund,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<(), MappingError> {
    if refund.vendor_id.is_none() {
        diagnostics.null_value(
            "/vendor_id",
            Some(&carried::carried_at(CarriedVendorRefund::KEYS.vendor_id)),
            "the vendor",
            "custom_mappings.vendor_id is null",
        )?;
    }
    Ok(())
}

/// What the unified refund carries in `custom_mappings`: everything of the record its unified
/// fields do not hold, with the vendor and what each allocation kept (`allocations`).
fn carried_refund<'a>(
    refund: &'a VendorRefund,
    currency: Option<Currency>,
    allocations: Nullable<Vec<Kept<CarriedVendorAllocation<'a>>>>,
) -> CarriedVendorRefund<'a> {
    CarriedVendorRefund {
        thredfi_resource: Some(carried::VENDOR_REFUND.to_owned()),
        thredfi_status: refund.status.clone(),
        thredfi_currency: currency,
        vendor_id: required(&refund.vendor_id).map(|id| id.as_str().to_owned()),
        vendor_name: nullable_required(&refund.vendor_name),
        external_id: refund.external_id.clone(),
        refund_type: refund.refund_type.clone(),
        memo: refund.memo.clone(),
        reason: refund.reason.clone(),
        metadata: refund.metadata.as_ref().map(Cow::Borrowed),
        expected_completion_date: refund.expected_completion_date.clone(),
        allocated_amount: nullable_required(&refund.allocated_amount),
        unallocated_amount: nullable_required(&refund.unallocated_amount),
        document: required(&refund.document).map(Cow::Borrowed),
        vendor_refund_payments: required(&refund.vendor_refund_payments)
            .map(|payments| Cow::Borrowed(payments.as_slice())),
        allocations,
        extra_fields: Cow::Borrowed(&refund.extra),
    }
}

/// The vendor status table of the README: allocation progress is authorised until fully
/// allocated (posted); completed means the money arrived (paid).
fn unified_status(
    status: &VendorRefundStatus,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<Option<unified::RefundStatus>, MappingError> {
    Ok(match status {
        VendorRefundStatus::Pending | VendorRefundStatus::PartiallyAllocated => {
            Some(unified::RefundStatus::Authorised)
        }
        VendorRefundStatus::Allocated => Some(unified::RefundStatus::Posted),
        VendorRefundStatus::Completed => Some(unified::RefundStatus::Paid),
        VendorRefundStatus::Cancelled => Some(unified::RefundStatus::Voided),
        VendorRefundStatus::Unknown(value) => {
            diagnostics.unknown_enum(
                "/status",
                value,
                VendorRefundStatus::KNOWN,
                Some("/status"),
                "the unified status is left out; the original is in custom_mappings.thredfi_status",
            )?;
            None
        }
    })
}

/// A bill allocation points at the bill (`id` = bill id, `code` = bill number), a payment
/// allocation at the bill payment, a credit allocation at nothing: a credit balance has no
/// document of its own. What the unified allocation does not hold is kept.
fn map_allocation<'a>(
    allocation: &'a VendorRefundAllocation,
    index: usize,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<(unified::Allocation, CarriedVendorAllocation<'a>), MappingError> {
    let target = allocation_target(allocation, index, diagnostics)?;
    let amount = allocation_amount(allocation.amount, index, diagnostics)?;
    let kept = kept_allocation(allocation, &target);
    let unified = unified::Allocation {
        id: target.id,
        r#type: target.r#type,
        code: target.code,
        amount,
        allocation_id: id_text(&allocation.id),
        extra: JsonObject::new(),
    };
    Ok((unified, kept))
}

/// What a Thredfi allocation points at, as the unified allocation holds it.
struct Target {
    r#type: Option<unified::AllocationType>,
    id: Option<String>,
    code: Option<String>,
    /// The bill is the unified `id` (and its number the `code`), so only its null is carried.
    bill: bool,
    /// The bill payment is the unified `id`, so only its null is carried.
    bill_payment: bool,
}

impl Target {
    /// A bill allocation: the bill is the unified `id`, its number the `code`. A null bill is
    /// reported (strict mode: an error).
    fn bill(
        allocation: &VendorRefundAllocation,
        index: usize,
        diagnostics: &mut Diagnostics<'_>,
    ) -> Result<Self, MappingError> {
        if allocation.bill_id.is_none() {
            null_target(
                index,
                "bill_id",
                "the bill of a bill allocation",
                diagnostics,
            )?;
        }
        Ok(Self {
            r#type: Some(unified::AllocationType::Bill),
            id: id_text(&allocation.bill_id),
            code: allocation.bill_number.clone(),
            bill: true,
            bill_payment: false,
        })
    }

    /// A payment allocation: the bill payment is the unified `id`. A null bill payment is
    /// reported (strict mode: an error).
    fn bill_payment(
        allocation: &VendorRefundAllocation,
        index: usize,
        diagnostics: &mut Diagnostics<'_>,
    ) -> Result<Self, MappingError> {
        if allocation.bill_payment_id.is_none() {
            let what = "the bill payment of a payment allocation";
            null_target(index, "bill_payment_id", what, diagnostics)?;
        }
        Ok(Self {
            r#type: Some(unified::AllocationType::Other),
            id: id_text(&allocation.bill_payment_id),
            code: None,
            bill: false,
            bill_payment: true,
        })
    }

    /// An allocation that points at no document the unified allocation could name.
    fn nothing(r#type: Option<unified::AllocationType>) -> Self {
        Self {
            r#type,
            id: None,
            code: None,
            bill: false,
            bill_payment: false,
        }
    }
}

/// The unified type, id and code of an allocation, by its Thredfi type. An unknown type is
/// reported (strict mode: an error).
fn allocation_target(
    allocation: &VendorRefundAllocation,
    index: usize,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<Target, MappingError> {
    match &allocation.allocation_type {
        Nullable::Present(AllocationType::Bill) => Target::bill(allocation, index, diagnostics),
        Nullable::Present(AllocationType::Payment) => {
            Target::bill_payment(allocation, index, diagnostics)
        }
        Nullable::Present(AllocationType::Credit) => {
            Ok(Target::nothing(Some(unified::AllocationType::CreditMemo)))
        }
        Nullable::Absent | Nullable::Null => Ok(Target::nothing(None)),
        Nullable::Present(AllocationType::Unknown(value)) => {
            diagnostics.unknown_enum(
                &format!("/allocations/{index}/allocation_type"),
                value,
                AllocationType::KNOWN,
                Some(&format!("/allocations/{index}/type")),
                "the unified allocation type is left out; the original is in \
                 custom_mappings.allocations",
            )?;
            Ok(Target::nothing(None))
        }
    }
}

/// Reports the null `field` of the allocation at `index`, which the unified `id` would hold.
fn null_target(
    index: usize,
    field: &str,
    what: &'static str,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<(), MappingError> {
    diagnostics.null_value(
        &format!("/allocations/{index}/{field}"),
        Some(&format!("/allocations/{index}/id")),
        what,
        "the unified allocation has no id",
    )
}

/// What an allocation carries: every field the unified allocation does not hold, as it was, and
/// the null of one it would hold.
fn kept_allocation<'a>(
    allocation: &'a VendorRefundAllocation,
    target: &Target,
) -> CarriedVendorAllocation<'a> {
    CarriedVendorAllocation {
        extra: Cow::Borrowed(&allocation.extra),
        bill_id: carried_target(target.bill, &allocation.bill_id),
        bill_number: carried_target(target.bill, &allocation.bill_number),
        bill_payment_id: carried_target(target.bill_payment, &allocation.bill_payment_id),
        id: null_only(&allocation.id),
        amount: null_only(&allocation.amount),
        allocation_type: allocation.allocation_type.as_ref(),
        bill_outstanding_balance_cents: nullable_required(
            &allocation.bill_outstanding_balance_cents,
        ),
        target_description: required(&allocation.target_description),
        allocation_date: allocation.allocation_date.as_ref(),
        description: allocation.description.as_ref(),
        metadata: allocation.metadata.as_ref().map(Cow::Borrowed),
        created_at: required(&allocation.created_at),
        updated_at: required(&allocation.updated_at),
    }
}

/// A target field the unified allocation holds (`held`) carries only its null; any other is
/// carried as it was.
fn carried_target<T>(held: bool, value: &Option<T>) -> Nullable<&T> {
    if held {
        null_only(value)
    } else {
        required(value)
    }
}

/// A Thredfi id as unified text.
fn id_text(id: &Option<UuidText>) -> Option<String> {
    id.as_ref().map(|id| id.as_str().to_owned())
}

/// Enum values that only travel in `custom_mappings` still get the strict-mode check, so strict
/// mode means "every enum value in the input is known".
fn check_carried_enums(
    refund: &VendorRefund,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<(), MappingError> {
    const KEPT: &str = "kept as is in custom_mappings";
    if let Nullable::Present(RefundType::Unknown(value)) = &refund.refund_type {
        diagnostics.unknown_enum("/refund_type", value, RefundType::KNOWN, None, KEPT)?;
    }
    let payments = refund.vendor_refund_payments.as_deref().unwrap_or_default();
    for (index, payment) in payments.iter().enumerate() {
        if let Nullable::Present(Processor::Unknown(value)) = &payment.processor {
            let path = format!("/vendor_refund_payments/{index}/processor");
            diagnostics.unknown_enum(&path, value, Processor::KNOWN, None, KEPT)?;
        }
        if let Nullable::Present(PaymentStatus::Unknown(value)) = &payment.status {
            let path = format!("/vendor_refund_payments/{index}/status");
            diagnostics.unknown_enum(&path, value, PaymentStatus::KNOWN, None, KEPT)?;
        }
    }
    Ok(())
}
