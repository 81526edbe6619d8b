//! Thredfi vendor refund → unified refund.

use crate::json::{JsonObject, JsonValue};

use super::{
    AllocationType, PaymentMethod, PaymentStatus, Processor, RefundType, VendorRefund,
    VendorRefundAllocation, VendorRefundStatus,
};
use crate::datetime::Timestamp;
use crate::mapping::{
    Diagnostics, MapOptions, Mapped, MappingError, ValidatedRefund, validated_refund,
};
use crate::nullable::Nullable;
use crate::thredfi::carried::{self, CarriedBuilder, to_json};
use crate::thredfi::fields::{
    allocation_amount, carry_status, currency_and_total, keep_null, map_allocations, nullable_json,
    nullable_required, nullable_value, unified_payment_method,
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
    let mut carried = CarriedBuilder::new(carried::VENDOR_REFUND);

    let status = match carry_status(&refund.status, VendorRefundStatus::as_str, &mut carried) {
        Some(status) => unified_status(status, &mut diagnostics)?,
        None => None,
    };
    let (currency, total) = currency_and_total(
        &refund.currency,
        refund.total_refunded_amount,
        "/total_refunded_amount",
        &mut carried,
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
            Some("/custom_mappings/vendor_id"),
            "the vendor",
            "custom_mappings.vendor_id is null",
        )?;
    }
    carried.insert("vendor_id", to_json(&refund.vendor_id));
    carried.insert("vendor_name", to_json(&refund.vendor_name));
    carried.insert_some("external_id", nullable_json(&refund.external_id));
    carried.insert_some("refund_type", nullable_json(&refund.refund_type));
    carried.insert_some("memo", nullable_json(&refund.memo));
    carried.insert_some("reason", nullable_json(&refund.reason));
    carried.insert_some("metadata", nullable_value(&refund.metadata));
    carried.insert_some(
        "expected_completion_date",
        nullable_json(&refund.expected_completion_date),
    );
    carried.insert("allocated_amount", to_json(&refund.allocated_amount));
    carried.insert("unallocated_amount", to_json(&refund.unallocated_amount));
    carried.insert("document", to_json(&refund.document));
    carried.insert(
        "vendor_refund_payments",
        to_json(&refund.vendor_refund_payments),
    );
    carried.insert(carried::ALLOCATIONS, carried_allocations);
    if !refund.extra.is_empty() {
        carried.insert(
            carried::EXTRA_FIELDS,
            JsonValue::Object(refund.extra.clone()),
        );
    }

    let output = unified::Refund {
        id: Some(refund.id.as_str().to_owned()),
        number: refund.reference_number.clone(),
        company_id: Nullable::from_option(crate::thredfi::Options::of(options).business_id.clone()),
        currency,
        total_amount: total,
        refund_date: refund.refund_date.as_ref().map(Timestamp::start_of_day_utc),
        status,
        r#type: Some(unified::RefundType::CashRefund),
        payment_method,
        allocations,
        note: refund.description.clone(),
        custom_mappings: Nullable::Present(carried.finish()),
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
    let mut kept = allocation.extra.clone();
    let id_of = |id: &Option<UuidText>| id.as_ref().map(|id| id.as_str().to_owned());
    let (r#type, id, code) = match &allocation.allocation_type {
        Nullable::Present(AllocationType::Bill) => {
            if allocation.bill_id.is_none() {
                diagnostics.null_value(
                    &format!("/allocations/{index}/bill_id"),
                    Some(&format!("/allocations/{index}/id")),
                    "the bill of a bill allocation",
                    "the unified allocation has no id",
                )?;
            }
            keep_null(&mut kept, "bill_id", &allocation.bill_id);
            keep_null(&mut kept, "bill_number", &allocation.bill_number);
            kept.insert(
                "bill_payment_id".into(),
                to_json(&allocation.bill_payment_id),
            );
            (
                Some(unified::AllocationType::Bill),
                id_of(&allocation.bill_id),
                allocation.bill_number.clone(),
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
            kept.insert("bill_id".into(), to_json(&allocation.bill_id));
            kept.insert("bill_number".into(), to_json(&allocation.bill_number));
            keep_null(&mut kept, "bill_payment_id", &allocation.bill_payment_id);
            (
                Some(unified::AllocationType::Other),
                id_of(&allocation.bill_payment_id),
                None,
            )
        }
        Nullable::Present(AllocationType::Credit) | Nullable::Absent | Nullable::Null => {
            kept.insert("bill_id".into(), to_json(&allocation.bill_id));
            kept.insert("bill_number".into(), to_json(&allocation.bill_number));
            kept.insert(
                "bill_payment_id".into(),
                to_json(&allocation.bill_payment_id),
            );
            let kind = allocation
                .allocation_type
                .as_present()
                .map(|_| unified::AllocationType::CreditMemo);
            (kind, None, None)
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
            kept.insert("bill_id".into(), to_json(&allocation.bill_id));
            kept.insert("bill_number".into(), to_json(&allocation.bill_number));
            kept.insert(
                "bill_payment_id".into(),
                to_json(&allocation.bill_payment_id),
            );
            (None, None, None)
        }
    };
    let amount = allocation_amount(allocation.amount, index, diagnostics)?;
    keep_null(&mut kept, "id", &allocation.id);
    keep_null(&mut kept, "amount", &allocation.amount);
    if let Some(kind) = nullable_json(&allocation.allocation_type) {
        kept.insert("allocation_type".into(), kind);
    }
    kept.insert(
        "bill_outstanding_balance_cents".into(),
        to_json(&allocation.bill_outstanding_balance_cents),
    );
    kept.insert(
        "target_description".into(),
        to_json(&allocation.target_description),
    );
    for (key, value) in [
        (
            "allocation_date",
            nullable_json(&allocation.allocation_date),
        ),
        ("description", nullable_json(&allocation.description)),
        ("metadata", nullable_value(&allocation.metadata)),
    ] {
        if let Some(value) = value {
            kept.insert(key.into(), value);
        }
    }
    kept.insert("created_at".into(), to_json(&allocation.created_at));
    kept.insert("updated_at".into(), to_json(&allocation.updated_at));
    let unified = unified::Allocation {
        id,
        r#type,
        code,
        amount,
        allocation_id: id_of(&allocation.id),
        extra: JsonObject::new(),
    };
    Ok((unified, kept))
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
