//! Thredfi customer refund → unified refund.

use std::borrow::Cow;

use crate::json::JsonObject;

use super::carried::{CarriedCustomerAllocation, CarriedCustomerRefund};
use super::{AllocationType, CustomerRefund, PaymentMethod, RefundAllocation, RefundStatus};
use crate::mapping::{
    Diagnostics, MapOptions, Mapped, MappingError, ValidatedJson, ValidatedRefund, validated_refund,
};
use crate::nullable::Nullable;
use crate::thredfi::carried::{self, null_only, required};
use crate::thredfi::fields::{
    allocation_amount, currency_and_total, map_allocations, nullable_required,
    unified_payment_method,
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
/// let refund: customer_refund::CustomerRefund = serde_json::from_str(r#"{
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
    refund: &CustomerRefund,
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
    refund: &CustomerRefund,
    options: &MapOptions,
) -> Result<Mapped<ValidatedRefund>, MappingError> {
    let (mut output, carried, diagnostics) = unified_parts(refund, options)?;
    output.custom_mappings = Nullable::Present(carried.to_object());
    let validated = validated_refund(output, &crate::unified::targets::REFUND)?;
    Ok(diagnostics.finish(validated))
}

/// [`to_unified`]'s JSON text alone, the carried data written straight from the record.
pub(crate) fn to_unified_text(
    refund: &CustomerRefund,
    options: &MapOptions,
) -> Result<Mapped<ValidatedJson>, MappingError> {
    let (output, carried, diagnostics) = unified_parts(refund, options)?;
    Ok(diagnostics.finish(carried::validated_text(&output, &carried)?))
}

/// The unified refund without its `custom_mappings`, what it carries there, and the warnings.
fn unified_parts<'r, 'o>(
    refund: &'r CustomerRefund,
    options: &'o MapOptions,
) -> Result<(unified::Refund, CarriedCustomerRefund<'r>, Diagnostics<'o>), MappingError> {
    let mut diagnostics = Diagnostics::new(options);

    let status = match refund.status.as_present() {
        Some(status) => unified_status(status, &mut diagnostics)?,
        None => None,
    };
    let head = currency_and_total(
        &refund.currency,
        refund.refunded_amount,
        "/refunded_amount",
        &mut diagnostics,
    )?;
    let (allocations, carried_allocations) = map_allocations(
        refund.allocations.as_deref(),
        &mut diagnostics,
        map_allocation,
    )?;
    let (customer, customer_name) = customer(refund, &mut diagnostics)?;

    let payment_method = payment_method(refund, &mut diagnostics)?;

    let carried = CarriedCustomerRefund {
        thredfi_currency: head.carried_currency,
        customer_name,
        allocations: carried_allocations,
        ..carried_fields(refund)
    };
    let output = unified::Refund {
        id: Some(refund.id.as_str().to_owned()),
        number: refund.reference_number.clone(),
        customer,
        company_id: Nullable::from_option(crate::thredfi::Options::of(options).business_id.clone()),
        currency: head.currency,
        total_amount: head.total,
        refund_date: refund.completed_at.clone(),
        status,
        r#type: Some(unified::RefundType::CashRefund),
        payment_method,
        allocations,
        note: refund.memo.clone(),
        created_at: nullable_required(&refund.created_at),
        updated_at: nullable_required(&refund.updated_at),
        ..Default::default()
    };
    Ok((output, carried, diagnostics))
}

/// What the unified refund carries of `refund` as it is (the rest is set where it is mapped).
fn carried_fields(refund: &CustomerRefund) -> CarriedCustomerRefund<'_> {
    CarriedCustomerRefund {
        thredfi_resource: Some(carried::CUSTOMER_REFUND.to_owned()),
        thredfi_status: refund.status.clone(),
        thredfi_currency: None,
        customer_name: Nullable::Absent,
        external_id: refund.external_id.clone(),
        is_dedicated: refund.is_dedicated.clone(),
        metadata: refund.metadata.as_ref().map(Cow::Borrowed),
        document: required(&refund.document).map(Cow::Borrowed),
        refund_payments: required(&refund.refund_payments)
            .map(|payments| Cow::Borrowed(payments.as_slice())),
        allocations: Nullable::Absent,
        extra_fields: Cow::Borrowed(&refund.extra),
    }
}

/// The one method of every payment, if they agree (see [`unified_payment_method`]).
fn payment_method(
    refund: &CustomerRefund,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<Nullable<String>, MappingError> {
    let payments = refund.refund_payments.as_deref().unwrap_or_default();
    let methods = payments.iter().enumerate().map(|(index, payment)| {
        (
            format!("/refund_payments/{index}/method"),
            payment.method.as_present().map(PaymentMethod::as_str),
        )
    });
    unified_payment_method(
        "/refund_payments",
        methods,
        PaymentMethod::KNOWN,
        diagnostics,
    )
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
/// `custom_mappings.customer_name` (returned second) so the record still comes back whole.
fn customer(
    refund: &CustomerRefund,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<(Nullable<unified::LinkedCustomer>, Nullable<String>), MappingError> {
    let Some(id) = &refund.customer_id else {
        diagnostics.null_value(
            "/customer_id",
            Some("/customer"),
            "the customer",
            "the unified refund has no customer; customer_name is in \
             custom_mappings.customer_name",
        )?;
        return Ok((Nullable::Absent, nullable_required(&refund.customer_name)));
    };
    let customer = unified::LinkedCustomer {
        id: Some(id.as_str().to_owned()),
        display_name: nullable_required(&refund.customer_name),
        ..Default::default()
    };
    Ok((Nullable::Present(customer), Nullable::Absent))
}

/// The unified allocation type: invoice and line-item allocations are invoices (and should name
/// one), credits are credit memos, payments are `other`.
fn allocation_type(
    allocation: &RefundAllocation,
    index: usize,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<Option<unified::AllocationType>, MappingError> {
    Ok(match &allocation.allocation_type {
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
    })
}

/// Invoice and line-item allocations point at the invoice (`id` = `invoice_id`, `code` =
/// `invoice_number`); credit and payment allocations carry no invoice, so the API sends those
/// fields as `null` and the unified allocation has no `id`. A `null` unified allocation field is
/// kept as `null` in `custom_mappings.allocations`, so the record comes back identical.
fn map_allocation<'a>(
    allocation: &'a RefundAllocation,
    index: usize,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<(unified::Allocation, CarriedCustomerAllocation<'a>), MappingError> {
    let r#type = allocation_type(allocation, index, diagnostics)?;
    let amount = allocation_amount(allocation.amount, index, diagnostics)?;
    let kept = CarriedCustomerAllocation {
        extra: Cow::Borrowed(&allocation.extra),
        id: null_only(&allocation.id),
        amount: null_only(&allocation.amount),
        invoice_id: null_only(&allocation.invoice_id),
        invoice_number: null_only(&allocation.invoice_number),
        allocation_type: required(&allocation.allocation_type),
        invoice_outstanding_balance_cents: nullable_required(
            &allocation.invoice_outstanding_balance_cents,
        ),
        target_description: required(&allocation.target_description),
        description: allocation.description.as_ref(),
        allocation_date: allocation.allocation_date.as_ref(),
    };
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
