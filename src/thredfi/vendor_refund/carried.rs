//! What a unified refund mapped from a Thredfi vendor refund carries in `custom_mappings`.

use std::borrow::Cow;

use crate::datetime::{CalendarDate, Timestamp};
use crate::json::{JsonObject, JsonValue};
use crate::nullable::Nullable;
use crate::thredfi::carried::{
    ALLOCATIONS, CURRENCY, CarriedText, EXTRA_FIELDS, Kept, RESOURCE, STATUS, carried_struct,
};
use crate::thredfi::wire::{Currency, DocumentFileUrl, UuidText};

use super::{AllocationType, RefundType, VendorRefundPayment, VendorRefundStatus};

carried_struct! {
    /// Every key a unified refund mapped from a vendor refund carries: together with the unified
    /// fields, the whole Thredfi record. The vendor is not a unified customer, so it is here.
    pub(crate) struct CarriedVendorRefund<'a>, keys VendorRefundKeys, read {
        /// `vendor_refund`.
        thredfi_resource [RESOURCE]: Option<String> => text,
        /// Thredfi's own status (the unified status folds several together), or its `null`.
        thredfi_status [STATUS]: Nullable<VendorRefundStatus> => nullable_text,
        /// A currency code neither Thredfi's list nor Apideck's knows, which the unified
        /// `currency` cannot hold.
        thredfi_currency [CURRENCY]: Option<Currency> => text,
        /// The vendor's id, or `null`.
        vendor_id: Nullable<String> => nullable_text,
        /// The vendor's name, or `null`.
        vendor_name: Nullable<String> => nullable_text,
        /// The idempotency key.
        external_id: Nullable<String> => nullable_text,
        /// Why the vendor refunded.
        refund_type: Nullable<RefundType> => nullable_text,
        /// Internal memo.
        memo: Nullable<String> => nullable_text,
        /// Detailed reason.
        reason: Nullable<String> => nullable_text,
        /// Free-form JSON, exactly.
        metadata: Nullable<Cow<'a, JsonValue>> => value,
        /// The day the refund is expected to complete.
        expected_completion_date: Nullable<CalendarDate> => typed,
        /// Allocated amount in cents, or `null`.
        allocated_amount: Nullable<i64> => typed,
        /// Unallocated amount in cents, or `null`.
        unallocated_amount: Nullable<i64> => typed,
        /// The attached document, or `null`.
        document: Nullable<Cow<'a, DocumentFileUrl>> => typed,
        /// Every payment, or `null`.
        vendor_refund_payments: Nullable<Cow<'a, [VendorRefundPayment]>> => typed,
        /// One [`CarriedVendorAllocation`] object per unified allocation, in the same order, or
        /// `null` (the API sent `"allocations": null`).
        allocations [ALLOCATIONS]: Nullable<Vec<Kept<CarriedVendorAllocation<'a>>>> => list,
        /// Top-level keys the documented schema does not name (left out when there are none).
        extra_fields [EXTRA_FIELDS]: Cow<'a, JsonObject> => object,
    }
}

carried_struct! {
    /// What one vendor-refund allocation carries: what the unified allocation cannot hold. Its
    /// keys are those of Thredfi's `VendorRefundAllocationResponse`, so the rebuilt allocation is
    /// this object with the unified values added.
    pub(crate) struct CarriedVendorAllocation<'a>, keys VendorAllocationKeys {
        ..extra,
        /// The bill; only its `null` when the bill is the unified `id` (a bill allocation).
        bill_id: Nullable<&'a UuidText> => typed,
        /// The bill number; only its `null` when it is the unified `code` (a bill allocation).
        bill_number: Nullable<&'a String> => typed,
        /// The bill payment; only its `null` when it is the unified `id` (a payment allocation).
        bill_payment_id: Nullable<&'a UuidText> => typed,
        /// `null` when the API sent null (the id itself is the unified `allocation_id`).
        id: Nullable<&'a UuidText> => typed,
        /// `null` when the API sent null (the amount itself is the unified `amount`).
        amount: Nullable<i64> => typed,
        /// Thredfi's allocation type, as the record had it.
        allocation_type: Nullable<&'a AllocationType> => typed,
        /// The bill's outstanding balance in cents, or its `null`.
        bill_outstanding_balance_cents: Nullable<i64> => typed,
        /// The target's description, or its `null`.
        target_description: Nullable<&'a String> => typed,
        /// When the allocation was made, as the record had it.
        allocation_date: Nullable<&'a Timestamp> => typed,
        /// Notes, as the record had them.
        description: Nullable<&'a String> => typed,
        /// Free-form JSON, exactly.
        metadata: Nullable<Cow<'a, JsonValue>> => value,
        /// When the allocation was created, or its `null`.
        created_at: Nullable<&'a Timestamp> => typed,
        /// When the allocation was last updated, or its `null`.
        updated_at: Nullable<&'a Timestamp> => typed,
    }
}

impl CarriedText for VendorRefundStatus {
    fn from_text(text: &str) -> Self {
        Self::parse(text)
    }

    fn as_text(&self) -> &str {
        self.as_str()
    }
}

impl CarriedText for RefundType {
    fn from_text(text: &str) -> Self {
        Self::parse(text)
    }

    fn as_text(&self) -> &str {
        self.as_str()
    }
}
