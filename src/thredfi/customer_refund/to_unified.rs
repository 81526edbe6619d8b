//! Thredfi customer refund → unified refund.

use serde_json::{Map, Value};

use super::{AllocationType, PaymentMethod, Refund, RefundAllocation, RefundStatus};
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

/// Maps a Thredfi customer refund to a unified refund, validated against Apideck's `Refund`.
///
/// `options.business_id` becomes `company_id`. Everything the unified model cannot hold is carried
/// in `custom_mappings` (see [`crate::thredfi::carried`]), so [`super::to_record`] can rebuild the
/// identical Thredfi record.
///
/// ```
/// use unified_accounting::{MapOptions, thredfi::customer_refund};
///
/// let refund: customer_refund::Refund = serde_json::from_str(r#"{
///     "id": "5b0c8f9e-2d4a-4e8b-9c1f-3a7d6e5b4c2a",
///     "refunded_amount": 2450,
///     "status": "paid",
///     "currency": "EUR",
///     "customer_id": "0f7e6d5c-4b3a-4291-8e7d-6c5b4a392817",
///     "customer_name": "Hanna Lindqvist",
///     "allocations": [],
///     "refund_payments": [],
///     "document": null,
///     "created_at": "2026-03-14T09:21:07Z",
///     "updated_at": "2026-03-14T09:21:07Z"
/// }"#).unwrap();
///
/// let mapped = customer_refund::to_unified(&refund, &MapOptions::new()).unwrap();
/// let unified = serde_json::to_value(&mapped.output).unwrap();
/// assert_eq!(unified["total_amount"].to_string(), "24.50");
/// assert_eq!(unified["status"], "paid");
/// assert_eq!(unified["custom_mappings"]["thredfi_resource"], "customer_refund");
/// ```
///
/// # Errors
///
/// In strict mode, [`MappingError::UnknownEnumValue`] for a status, currency, allocation type or
/// payment method the crate does not know (by default those are warnings). Otherwise only
/// [`MappingError::InvalidOutput`], which would be a bug.
pub fn to_unified(
    refund: &Refund,
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
    refund: &Refund,
    options: &MapOptions,
) -> Result<Mapped<ValidatedRefund>, MappingError> {
    let mut diagnostics = Diagnostics::new(options);
    let mut carried = CarriedBuilder::new(carried::CUSTOMER_REFUND);

    let status = match &refund.status {
        None => None,
        Some(status) => {
            carried.insert(carried::STATUS, Value::String(status.as_str().to_owned()));
            unified_status(status, &mut diagnostics)?
        }
    };
    let (currency, total) = currency_and_total(
        refund.currency.as_ref(),
        refund.refunded_amount,
        "/refunded_amount",
        &mut carried,
        &mut diagnostics,
    )?;
    let (allocations, carried_allocations) =
        map_allocations(&refund.allocations, &mut diagnostics, map_allocation)?;

    let methods = refund
        .refund_payments
        .iter()
        .enumerate()
        .map(|(index, payment)| {
            (
                format!("/refund_payments/{index}/method"),
                payment.method.as_ref().map(PaymentMethod::as_str),
            )
        });
    let payment_method = unified_payment_method(
        "/refund_payments",
        methods,
        PaymentMethod::KNOWN,
        &mut diagnostics,
    )?;

    carried.insert_some("external_id", refund.external_id.clone().map(Value::String));
    carried.insert_some("is_dedicated", refund.is_dedicated.map(Value::Bool));
    carried.insert_some("metadata", nullable_json(&refund.metadata));
    carried.insert("document", to_json(&refund.document));
    carried.insert("refund_payments", to_json(&refund.refund_payments));
    carried.insert(carried::ALLOCATIONS, carried_allocations);
    if !refund.extra.is_empty() {
        carried.insert(carried::EXTRA_FIELDS, Value::Object(refund.extra.clone()));
    }

    let output = unified::Refund {
        id: Some(refund.id.as_str().to_owned()),
        number: Nullable::from_option(refund.reference_number.clone()),
        customer: Nullable::Present(unified::LinkedCustomer {
            id: Some(refund.customer_id.as_str().to_owned()),
            display_name: Nullable::Present(refund.customer_name.clone()),
            ..Default::default()
        }),
        company_id: Nullable::from_option(options.get_business_id().map(str::to_owned)),
        currency,
        total_amount: Nullable::Present(total),
        refund_date: refund.completed_at.clone(),
        status,
        r#type: Some(unified::RefundType::CashRefund),
        payment_method,
        allocations: Some(allocations),
        note: Nullable::from_option(refund.memo.clone()),
        custom_mappings: Nullable::Present(carried.finish()),
        created_at: Nullable::Present(refund.created_at.clone()),
        updated_at: Nullable::Present(refund.updated_at.clone()),
        ..Default::default()
    };
    let validated = validated_refund(output, Target::ApideckRefund)?;
    Ok(diagnostics.finish(validated))
}

/// The status table of the README: pending and processing are authorised (not yet fully paid),
/// failed and cancelled are voided.
fn unified_status(
    status: &RefundStatus,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<Option<unified::RefundStatus>, MappingError> {
    Ok(match status {
        RefundStatus::Pending | RefundStatus::Processing => Some(unified::RefundStatus::Authorised),
        RefundStatus::Paid => Some(unified::RefundStatus::Paid),
        RefundStatus::Failed | RefundStatus::Cancelled => Some(unified::RefundStatus::Voided),
        RefundStatus::Unknown(value) => {
            diagnostics.unknown_enum(
                "/status",
                value,
                RefundStatus::KNOWN,
                Some("/status"),
                "the unified status is left out; the original is in custom_mappings.thredfi_status",
            )?;
            None
        }
    })
}

fn map_allocation(
    allocation: &RefundAllocation,
    index: usize,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<(unified::Allocation, Map<String, Value>), MappingError> {
    let r#type = match &allocation.allocation_type {
        AllocationType::Invoice | AllocationType::LineItem => {
            Some(unified::AllocationType::Invoice)
        }
        AllocationType::Credit => Some(unified::AllocationType::CreditMemo),
        AllocationType::Payment => Some(unified::AllocationType::Other),
        AllocationType::Unknown(value) => {
            diagnostics.unknown_enum(
                &format!("/allocations/{index}/allocation_type"),
                value,
                AllocationType::KNOWN,
                Some(&format!("/allocations/{index}/type")),
                "the unified allocation type is left out; the original is in \
                 custom_mappings.allocations",
            )?;
            None
        }
    };
    let unified = unified::Allocation {
        id: Some(allocation.invoice_id.as_str().to_owned()),
        r#type,
        code: Some(allocation.invoice_number.clone()),
        amount: Nullable::Present(cents_to_decimal(allocation.amount).into()),
        allocation_id: Some(allocation.id.as_str().to_owned()),
        extra: Map::new(),
    };
    let mut kept = allocation.extra.clone();
    kept.insert(
        "allocation_type".into(),
        Value::String(allocation.allocation_type.as_str().to_owned()),
    );
    kept.insert(
        "invoice_outstanding_balance_cents".into(),
        Value::from(allocation.invoice_outstanding_balance_cents),
    );
    kept.insert(
        "target_description".into(),
        Value::String(allocation.target_description.clone()),
    );
    if let Some(description) = &allocation.description {
        kept.insert("description".into(), Value::String(description.clone()));
    }
    if let Some(date) = &allocation.allocation_date {
        kept.insert(
            "allocation_date".into(),
            Value::String(date.as_str().to_owned()),
        );
    }
    Ok((unified, kept))
}
