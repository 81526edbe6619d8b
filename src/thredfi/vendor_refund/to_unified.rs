//! Thredfi vendor refund → unified refund.

use serde_json::{Map, Value};

use super::{
    AllocationType, PaymentMethod, PaymentStatus, Processor, RefundType, VendorRefund,
    VendorRefundAllocation, VendorRefundStatus,
};
use crate::datetime::Timestamp;
use crate::mapping::{
    Diagnostics, MapOptions, Mapped, MappingError, ValidatedRefund, validated_refund,
};
use crate::money::cents_to_decimal;
use crate::nullable::Nullable;
use crate::schema::Target;
use crate::thredfi::carried::{self, CarriedBuilder, to_json};
use crate::thredfi::fields::{
    currency_and_total, map_allocations, nullable_json, unified_payment_method,
};
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

    let status = match &refund.status {
        None => None,
        Some(status) => {
            carried.insert(carried::STATUS, Value::String(status.as_str().to_owned()));
            unified_status(status, &mut diagnostics)?
        }
    };
    let (currency, total) = currency_and_total(
        refund.currency.as_ref(),
        refund.total_refunded_amount,
        "/total_refunded_amount",
        &mut carried,
        &mut diagnostics,
    )?;
    let (allocations, carried_allocations) =
        map_allocations(&refund.allocations, &mut diagnostics, map_allocation)?;

    let methods = refund
        .vendor_refund_payments
        .iter()
        .enumerate()
        .map(|(index, payment)| {
            (
                format!("/vendor_refund_payments/{index}/payment_method"),
                payment.payment_method.as_ref().map(PaymentMethod::as_str),
            )
        });
    let payment_method = unified_payment_method(
        "/vendor_refund_payments",
        methods,
        PaymentMethod::KNOWN,
        &mut diagnostics,
    )?;

    check_carried_enums(refund, &mut diagnostics)?;
    carried.insert(
        "vendor_id",
        Value::String(refund.vendor_id.as_str().to_owned()),
    );
    carried.insert("vendor_name", Value::String(refund.vendor_name.clone()));
    carried.insert_some("external_id", refund.external_id.clone().map(Value::String));
    carried.insert_some(
        "refund_type",
        refund
            .refund_type
            .as_ref()
            .map(|kind| Value::String(kind.as_str().to_owned())),
    );
    carried.insert_some("memo", refund.memo.clone().map(Value::String));
    carried.insert_some("reason", refund.reason.clone().map(Value::String));
    carried.insert_some("metadata", nullable_json(&refund.metadata));
    match &refund.expected_completion_date {
        Nullable::Absent => {}
        Nullable::Null => carried.insert("expected_completion_date", Value::Null),
        Nullable::Present(date) => carried.insert(
            "expected_completion_date",
            Value::String(date.as_str().to_owned()),
        ),
    }
    carried.insert("allocated_amount", Value::from(refund.allocated_amount));
    carried.insert("unallocated_amount", Value::from(refund.unallocated_amount));
    carried.insert("document", to_json(&refund.document));
    carried.insert(
        "vendor_refund_payments",
        to_json(&refund.vendor_refund_payments),
    );
    carried.insert(carried::ALLOCATIONS, carried_allocations);
    if !refund.extra.is_empty() {
        carried.insert(carried::EXTRA_FIELDS, Value::Object(refund.extra.clone()));
    }

    let output = unified::Refund {
        id: Some(refund.id.as_str().to_owned()),
        number: Nullable::from_option(refund.reference_number.clone()),
        company_id: Nullable::from_option(options.get_business_id().map(str::to_owned)),
        currency,
        total_amount: Nullable::Present(total),
        refund_date: Nullable::from_option(
            refund.refund_date.as_ref().map(Timestamp::start_of_day_utc),
        ),
        status,
        r#type: Some(unified::RefundType::CashRefund),
        payment_method,
        allocations: Some(allocations),
        note: Nullable::from_option(refund.description.clone()),
        custom_mappings: Nullable::Present(carried.finish()),
        created_at: Nullable::Present(refund.created_at.clone()),
        updated_at: Nullable::Present(refund.updated_at.clone()),
        ..Default::default()
    };
    let validated = validated_refund(output, Target::ApideckRefund)?;
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
) -> Result<(unified::Allocation, Map<String, Value>), MappingError> {
    let mut kept = allocation.extra.clone();
    let bill_id = || Value::String(allocation.bill_id.as_str().to_owned());
    let bill_number = || Value::String(allocation.bill_number.clone());
    let bill_payment_id = || Value::String(allocation.bill_payment_id.as_str().to_owned());
    let (r#type, id, code) = match &allocation.allocation_type {
        Some(AllocationType::Bill) => {
            kept.insert("bill_payment_id".into(), bill_payment_id());
            (
                Some(unified::AllocationType::Bill),
                Some(allocation.bill_id.as_str().to_owned()),
                Some(allocation.bill_number.clone()),
            )
        }
        Some(AllocationType::Payment) => {
            kept.insert("bill_id".into(), bill_id());
            kept.insert("bill_number".into(), bill_number());
            (
                Some(unified::AllocationType::Other),
                Some(allocation.bill_payment_id.as_str().to_owned()),
                None,
            )
        }
        Some(AllocationType::Credit) | None => {
            kept.insert("bill_id".into(), bill_id());
            kept.insert("bill_number".into(), bill_number());
            kept.insert("bill_payment_id".into(), bill_payment_id());
            let kind = allocation
                .allocation_type
                .as_ref()
                .map(|_| unified::AllocationType::CreditMemo);
            (kind, None, None)
        }
        Some(AllocationType::Unknown(value)) => {
            diagnostics.unknown_enum(
                &format!("/allocations/{index}/allocation_type"),
                value,
                AllocationType::KNOWN,
                Some(&format!("/allocations/{index}/type")),
                "the unified allocation type is left out; the original is in \
                 custom_mappings.allocations",
            )?;
            kept.insert("bill_id".into(), bill_id());
            kept.insert("bill_number".into(), bill_number());
            kept.insert("bill_payment_id".into(), bill_payment_id());
            (None, None, None)
        }
    };
    if let Some(kind) = &allocation.allocation_type {
        kept.insert(
            "allocation_type".into(),
            Value::String(kind.as_str().to_owned()),
        );
    }
    kept.insert(
        "bill_outstanding_balance_cents".into(),
        Value::from(allocation.bill_outstanding_balance_cents),
    );
    kept.insert(
        "target_description".into(),
        Value::String(allocation.target_description.clone()),
    );
    if let Some(date) = &allocation.allocation_date {
        kept.insert(
            "allocation_date".into(),
            Value::String(date.as_str().to_owned()),
        );
    }
    if let Some(description) = &allocation.description {
        kept.insert("description".into(), Value::String(description.clone()));
    }
    if let Some(metadata) = nullable_json(&allocation.metadata) {
        kept.insert("metadata".into(), metadata);
    }
    kept.insert(
        "created_at".into(),
        Value::String(allocation.created_at.as_str().to_owned()),
    );
    kept.insert(
        "updated_at".into(),
        Value::String(allocation.updated_at.as_str().to_owned()),
    );
    let unified = unified::Allocation {
        id,
        r#type,
        code,
        amount: Nullable::Present(cents_to_decimal(allocation.amount).into()),
        allocation_id: Some(allocation.id.as_str().to_owned()),
        extra: Map::new(),
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
    if let Some(RefundType::Unknown(value)) = &refund.refund_type {
        diagnostics.unknown_enum("/refund_type", value, RefundType::KNOWN, None, KEPT)?;
    }
    for (index, payment) in refund.vendor_refund_payments.iter().enumerate() {
        if let Some(Processor::Unknown(value)) = &payment.processor {
            let path = format!("/vendor_refund_payments/{index}/processor");
            diagnostics.unknown_enum(&path, value, Processor::KNOWN, None, KEPT)?;
        }
        if let Some(PaymentStatus::Unknown(value)) = &payment.status {
            let path = format!("/vendor_refund_payments/{index}/status");
            diagnostics.unknown_enum(&path, value, PaymentStatus::KNOWN, None, KEPT)?;
        }
    }
    Ok(())
}
