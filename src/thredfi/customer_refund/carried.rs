//! What a unified refund mapped from a Thredfi customer refund carries in `custom_mappings`.

use std::borrow::Cow;

use crate::datetime::Timestamp;
use crate::json::{JsonObject, JsonValue};
use crate::nullable::Nullable;
use crate::thredfi::carried::{
    ALLOCATIONS, CURRENCY, CUSTOMER_NAME, CarriedText, EXTRA_FIELDS, Kept, RESOURCE, STATUS,
    carried_struct,
};
use crate::thredfi::wire::{Currency, DocumentFileUrl, UuidText};

use super::{AllocationType, RefundPayment, RefundStatus};

carried_struct! {
    /// Every key a unified refund mapped from a customer refund carries: together with the
    /// unified fields, the whole Thredfi record.
    pub(crate) struct CarriedCustomerRefund<'a>, keys CustomerRefundKeys, read {
        /// `customer_refund`.
        thredfi_resource [RESOURCE]: Option<String> => text,
        /// Thredfi's own status (the unified status folds several together), or its `null`.
        thredfi_status [STATUS]: Nullable<RefundStatus> => nullable_text,
        /// A currency code neither Thredfi's list nor Apideck's knows, which the unified
        /// `currency` cannot hold.
        thredfi_currency [CURRENCY]: Option<Currency> => text,
        /// `customer_name`, only when `customer_id` is null (no unified customer holds it then).
        customer_name [CUSTOMER_NAME]: Nullable<String> => nullable_text,
        /// The idempotency key.
        external_id: Nullable<String> => nullable_text,
        /// Whether the refund is dedicated to one invoice.
        is_dedicated: Nullable<bool> => typed,
        /// Free-form JSON, exactly.
        metadata: Nullable<Cow<'a, JsonValue>> => value,
        /// The attached document, or `null`.
        document: Nullable<Cow<'a, DocumentFileUrl>> => typed,
        /// Every payment, or `null`.
        refund_payments: Nullable<Cow<'a, [RefundPayment]>> => typed,
        /// One [`CarriedCustomerAllocation`] object per unified allocation, in the same order, or
        /// `null` (the API sent `"allocations": null`).
        allocations [ALLOCATIONS]: Nullable<Vec<Kept<CarriedCustomerAllocation<'a>>>> => list,
        /// Top-level keys the documented schema does not name (left out when there are none).
        extra_fields [EXTRA_FIELDS]: Cow<'a, JsonObject> => object,
    }
}

carried_struct! {
    /// What one customer-refund allocation carries: what the unified allocation cannot hold. Its
    /// keys are those of Thredfi's `RefundAllocation`, so the rebuilt allocation is this object
    /// with the unified values added.
    pub(crate) struct CarriedCustomerAllocation<'a>, keys CustomerAllocationKeys {
        ..extra,
        /// `null` when the API sent null (the id itself is the unified `allocation_id`).
        id: Nullable<&'a UuidText> => typed,
        /// `null` when the API sent null (the amount itself is the unified `amount`).
        amount: Nullable<i64> => typed,
        /// `null` when the API sent null (the invoice itself is the unified `id`).
        invoice_id: Nullable<&'a UuidText> => typed,
        /// `null` when the API sent null (the number itself is the unified `code`).
        invoice_number: Nullable<&'a String> => typed,
        /// Thredfi's allocation type, or its `null`.
        allocation_type: Nullable<&'a AllocationType> => typed,
        /// The invoice's outstanding balance in cents, or its `null`.
        invoice_outstanding_balance_cents: Nullable<i64> => typed,
        /// The target's description, or its `null`.
        target_description: Nullable<&'a String> => typed,
        /// Notes, as the record had them.
        description: Nullable<&'a String> => typed,
        /// When the allocation was made, as the record had it.
        allocation_date: Nullable<&'a Timestamp> => typed,
    }
}

impl CarriedText for RefundStatus {
    fn from_text(text: &str) -> Self {
        Self::parse(text)
    }

    fn as_text(&self) -> &str {
        self.as_str()
    }
}
