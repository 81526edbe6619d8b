//! Thredfi customer refund → unified refund.

use crate::json::{JsonObject, JsonValue};

use super::{AllocationType, PaymentMethod, Refund, RefundAllocation, RefundStatus};
use crate::mapping::{
    Diagnostics, MapOptions, Mapped, MappingError, ValidatedRefund, validated_refund,
};
use crate::nullable::Nullable;
use crate::thredfi::carried::{self, CarriedBuilder, to_json};
use crate::thredfi::fields::{
    allocation_amount, carry_status, currency_and_total, keep_null, map_allocations, nullable_json,
    nullable_required, nullable_value, unified_payment_method,
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
/// let unified = &mapped.output;
/// assert_eq!(unified.total_amount.as_present().unwrap().to_string(), "24.50");
/// // Written as JSON text, the amount keeps its digits (`24.50`, not `24.5`).
/// let text = serde_json::to_string(unified).unwrap();
/// assert!(text.contains(r#""total_amount":24.50"#));
/// let carried = unified.custom_mappings.as_present().unwrap();
/// assert_eq!(carried.get("thredfi_resource").unwrap().as_str(), Some("customer_refund"));
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

    let status = match carry_status(&refund.status, RefundStatus::as_str, &mut carried) {
        Some(status) => unified_status(status, &mut diagnostics)?,
        None => None,
    };
    let (currency, total) = currency_and_total(
        &refund.currency,
        refund.refunded_amount,
        "/refunded_amount",
        &mut carried,
        &mut diagnostics,
    )?;
    let (allocations, carried_allocations) = map_allocations(
        refund.allocations.as_deref(),
        &mut diagnostics,
        map_allocation,
    )?;
    let customer = customer(refund, &mut carried, &mut diagnostics)?;

    let payments = refund.refund_payments.as_deref().unwrap_or_default();
    let methods = payments.iter().enumerate().map(|(index, payment)| {
        (
            format!("/refund_payments/{index}/method"),
            payment.method.as_present().map(PaymentMethod::as_str),
        )
    });
    let payment_method = unified_payment_method(
        "/refund_payments",
        methods,
        PaymentMethod::KNOWN,
        &mut diagnostics,
    )?;

    carried.insert_some("external_id", nullable_json(&refund.external_id));
    carried.insert_some("is_dedicated", nullable_json(&refund.is_dedicated));
    carried.insert_some("metadata", nullable_value(&refund.metadata));
    carried.insert("document", to_json(&refund.document));
    carried.insert("refund_payments", to_json(&refund.refund_payments));
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
        customer,
        company_id: Nullable::from_option(crate::thredfi::Options::of(options).business_id.clone()),
        currency,
        total_amount: total,
        refund_date: refund.completed_at.clone(),
        status,
        r#type: Some(unified::RefundType::CashRefund),
        payment_method,
        allocations,
        note: refund.memo.clone(),
        custom_mappings: Nullable::Present(carried.finish()),
        created_at: nullable_required(&refund.created_at),
        updated_at: nullable_required(&refund.updated_at),
        ..Default::default()
    };
    let validated = validated_refund(output, &crate::unified::targets::REFUND)?;
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

/// The unified customer: Thredfi's `customer_id` and `customer_name`. A null `customer_id` gives
/// no customer (none is invented) and a warning; the name then travels in
/// `custom_mappings.customer_name` so the record still comes back whole.
fn customer(
    refund: &Refund,
    carried: &mut CarriedBuilder,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<Nullable<unified::LinkedCustomer>, MappingError> {
    let Some(id) = &refund.customer_id else {
        diagnostics.null_value(
            "/customer_id",
            Some("/customer"),
            "the customer",
            "the unified refund has no customer; customer_name is in \
             custom_mappings.customer_name",
        )?;
        carried.insert(
            carried::CUSTOMER_NAME,
            refund
                .customer_name
                .clone()
                .map_or(JsonValue::Null, JsonValue::String),
        );
        return Ok(Nullable::Absent);
    };
    Ok(Nullable::Present(unified::LinkedCustomer {
        id: Some(id.as_str().to_owned()),
        display_name: nullable_required(&refund.customer_name),
        ..Default::default()
    }))
}

/// Invoice and line-item allocations point at the invoice (`id` = `invoice_id`, `code` =
/// `invoice_number`); credit and payment allocations carry no invoice, so the API sends those
/// fields as `null` and the unified allocation has no `id`. A `null` unified allocation field is
/// kept as `null` in `custom_mappings.allocations`, so the record comes back identical.
fn map_allocation(
    allocation: &RefundAllocation,
    index: usize,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<(unified::Allocation, JsonObject), MappingError> {
    let r#type = match &allocation.allocation_type {
        None => None,
        Some(AllocationType::Invoice | AllocationType::LineItem) => {
            if allocation.invoice_id.is_none() {
                diagnostics.null_value(
                    &format!("/allocations/{index}/invoice_id"),
                    Some(&format!("/allocations/{index}/id")),
                    "the invoice of an invoice or line-item allocation",
                    "the unified allocation has no id",
                )?;
            }
            Some(unified::AllocationType::Invoice)
        }
        Some(AllocationType::Credit) => Some(unified::AllocationType::CreditMemo),
        Some(AllocationType::Payment) => Some(unified::AllocationType::Other),
        Some(AllocationType::Unknown(value)) => {
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
    let amount = allocation_amount(allocation.amount, index, diagnostics)?;
    let mut kept = allocation.extra.clone();
    keep_null(&mut kept, "id", &allocation.id);
    keep_null(&mut kept, "amount", &allocation.amount);
    keep_null(&mut kept, "invoice_id", &allocation.invoice_id);
    keep_null(&mut kept, "invoice_number", &allocation.invoice_number);
    kept.insert(
        "allocation_type".into(),
        allocation
            .allocation_type
            .as_ref()
            .map_or(JsonValue::Null, |kind| {
                JsonValue::String(kind.as_str().to_owned())
            }),
    );
    kept.insert(
        "invoice_outstanding_balance_cents".into(),
        allocation
            .invoice_outstanding_balance_cents
            .map_or(JsonValue::Null, JsonValue::from),
    );
    kept.insert(
        "target_description".into(),
        allocation
            .target_description
            .clone()
            .map_or(JsonValue::Null, JsonValue::String),
    );
    if let Some(description) = nullable_json(&allocation.description) {
        kept.insert("description".into(), description);
    }
    if let Some(date) = nullable_json(&allocation.allocation_date) {
        kept.insert("allocation_date".into(), date);
    }
    let unified = unified::Allocation {
        id: allocation
            .invoice_id
            .as_ref()
            .map(|id| id.as_str().to_owned()),
        r#type,
        code: allocation.invoice_number.clone(),
        amount,
        allocation_id: allocation.id.as_ref().map(|id| id.as_str().to_owned()),
        extra: JsonObject::new(),
    };
    Ok((unified, kept))
}
