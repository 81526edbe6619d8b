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
    Diagnostics, MapOptions, Mapped, MappingError, ValidatedRefund, validated_refund,
};
use crate::nullable::Nullable;
use crate::thredfi::carried::{self, null_only, required};
use crate::thredfi::fields::{
    allocation_amount, currency_and_total, map_allocations, nullable_required,
    unified_payment_method,
};
use crate::thredfi::wire::UuidText;
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
    let mut diagnostics = Diagnostics::new(options);

    let status = match refund.status.as_present() {
        Some(status) => unified_status(status, &mut diagnostics)?,
        None => None,
    };
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
    let payment_method = unified_payment_method(
        "/vendor_refund_payments",
        methods,
        PaymentMethod::KNOWN,
        &mut diagnostics,
    )?;

    check_carried_enums(refund, &mut diagnostics)?;
    if refund.vendor_id.is_none() {
        diagnostics.null_value(
            "/vendor_id",
            Some(&carried::carried_at(CarriedVendorRefund::KEYS.vendor_id)),
            "the vendor",
            "custom_mappings.vendor_id is null",
        )?;
    }
    let carried = CarriedVendorRefund {
        thredfi_resource: Some(carried::VENDOR_REFUND.to_owned()),
        thredfi_status: refund.status.clone(),
        thredfi_currency: head.carried_currency,
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
        allocations: carried_allocations,
        extra_fields: Cow::Borrowed(&refund.extra),
    };

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
        custom_mappings: Nullable::Present(carried.into_object()),
        created_at: nullable_required(&refund.created_at),
        updated_at: nullable_required(&refund.updated_at),
        ..Default::default()
    };
    let validated = validated_refund(output, &crate::unified::targets::REFUND)?;
    Ok(diagnostics.finish(validated))
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
fn map_allocation(
    allocation: &VendorRefundAllocation,
    index: usize,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<(unified::Allocation, JsonObject), MappingError> {
    let id_of = |id: &Option<UuidText>| id.as_ref().map(|id| id.as_str().to_owned());
    // A bill allocation's bill and a payment allocation's bill payment are the unified `id`, so
    // only their null is carried; every other target field is carried as it was.
    let (r#type, id, code, bill, bill_payment) = match &allocation.allocation_type {
        Nullable::Present(AllocationType::Bill) => {
            if allocation.bill_id.is_none() {
                diagnostics.null_value(
                    &format!("/allocations/{index}/bill_id"),
                    Some(&format!("/allocations/{index}/id")),
                    "the bill of a bill allocation",
                    "the unified allocation has no id",
                )?;
            }
            (
                Some(unified::AllocationType::Bill),
                id_of(&allocation.bill_id),
                allocation.bill_number.clone(),
                true,
                false,
            )
        }
        Nullable::Present(AllocationType::Payment) => {
            if allocation.bill_payment_id.is_none() {
                diagnostics.null_value(
                    &format!("/allocations/{index}/bill_payment_id"),
                    Some(&format!("/allocations/{index}/id")),
                    "the bill payment of a payment allocation",
                    "the unified allocation has no id",
                )?;
            }
            (
                Some(unified::AllocationType::Other),
                id_of(&allocation.bill_payment_id),
                None,
                false,
                true,
            )
        }
        Nullable::Present(AllocationType::Credit) | Nullable::Absent | Nullable::Null => {
            let kind = allocation
                .allocation_type
                .as_present()
                .map(|_| unified::AllocationType::CreditMemo);
            (kind, None, None, false, false)
        }
        Nullable::Present(AllocationType::Unknown(value)) => {
            diagnostics.unknown_enum(
                &format!("/allocations/{index}/allocation_type"),
                value,
                AllocationType::KNOWN,
                Some(&format!("/allocations/{index}/type")),
                "the unified allocation type is left out; the original is in \
                 custom_mappings.allocations",
            )?;
            (None, None, None, false, false)
        }
    };
    let amount = allocation_amount(allocation.amount, index, diagnostics)?;
    let kept = CarriedVendorAllocation {
        extra: Cow::Borrowed(&allocation.extra),
        bill_id: if bill {
            null_only(&allocation.bill_id)
        } else {
            required(&allocation.bill_id)
        },
        bill_number: if bill {
            null_only(&allocation.bill_number)
        } else {
            required(&allocation.bill_number)
        },
        bill_payment_id: if bill_payment {
            null_only(&allocation.bill_payment_id)
        } else {
            required(&allocation.bill_payment_id)
        },
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
    };
    let unified = unified::Allocation {
        id,
        r#type,
        code,
        amount,
        allocation_id: id_of(&allocation.id),
        extra: JsonObject::new(),
    };
    Ok((unified, kept.into_object()))
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
