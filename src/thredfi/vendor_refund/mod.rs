//! Thredfi vendor refunds (`/vendor-refunds/`): wire types and both mappings.
//!
//! A vendor refund is money a vendor returns to the business (an overpaid bill, a returned good),
//! applied to bills, bill payments or a credit balance. Apideck's `Refund` is customer-side only
//! and closed, so a vendor refund does **not** get a `customer`: its vendor travels in
//! `custom_mappings.vendor_id` / `vendor_name`, and `custom_mappings.thredfi_resource` is
//! `"vendor_refund"`. That key is the documented way to tell a vendor refund from a customer
//! refund in unified output.
//!
//! - [`to_unified()`]: a Thredfi [`VendorRefund`] → a unified [`crate::unified::Refund`].
//! - [`to_create_request`]: a unified refund → the body of `POST /vendor-refunds/`
//!   ([`CreateVendorRefundRequest`]).
//! - [`to_record`]: a unified refund that came from Thredfi → the identical [`VendorRefund`].

pub(crate) mod carried;
pub(crate) mod from_unified;
pub(crate) mod to_unified;

pub use from_unified::{to_create_request, to_record};
pub use to_unified::to_unified;

use crate::json::JsonValue;
use serde::{Deserialize, Serialize};

use super::wire::{BankReconciliation, Currency, DocumentFileUrl, UuidText};
use crate::datetime::{CalendarDate, Timestamp};
use crate::nullable::{Nullable, wire_struct};
use crate::open_enum::open_enum;

open_enum! {
    /// Status of a vendor refund, computed by Thredfi from its allocations.
    pub verbatim enum VendorRefundStatus {
        /// Nothing allocated yet.
        Pending => "pending",
        /// Partly allocated.
        PartiallyAllocated => "partially_allocated",
        /// Fully allocated.
        Allocated => "allocated",
        /// Completed (money received).
        Completed => "completed",
        /// Cancelled.
        Cancelled => "cancelled",
    }
}

open_enum! {
    /// Why the vendor refunded.
    pub verbatim enum RefundType {
        /// The business paid too much.
        Overpayment => "overpayment",
        /// A credit balance paid out.
        CreditBalance => "credit_balance",
        /// A payment made twice.
        DuplicatePayment => "duplicate_payment",
        /// A billing mistake.
        BillingError => "billing_error",
        /// Goods sent back.
        GoodsReturn => "goods_return",
        /// A cancelled service.
        ServiceCancellation => "service_cancellation",
        /// Anything else.
        Other => "other",
    }
}

open_enum! {
    /// What a vendor-refund allocation is applied against.
    pub verbatim enum AllocationType {
        /// A bill.
        Bill => "bill",
        /// A bill payment.
        Payment => "payment",
        /// A credit balance for later use.
        Credit => "credit",
    }
}

open_enum! {
    /// How the vendor paid the refund (Thredfi's vendor-side methods, lower case).
    pub verbatim enum PaymentMethod {
        /// Bank transfer.
        BankTransfer => "bank_transfer",
        /// ACH transfer.
        Ach => "ach",
        /// Wire transfer.
        Wire => "wire",
        /// Check.
        Check => "check",
        /// Credit card reversal.
        CreditCard => "credit_card",
        /// Cash.
        Cash => "cash",
        /// Anything else.
        Other => "other",
    }
}

open_enum! {
    /// Who processed a vendor refund payment.
    pub verbatim enum Processor {
        /// Stripe.
        Stripe => "stripe",
        /// Wise (TransferWise).
        Wise => "wise",
        /// PayPal.
        Paypal => "paypal",
        /// A direct bank transfer.
        BankTransfer => "bank_transfer",
        /// Processed internally.
        Internal => "internal",
    }
}

open_enum! {
    /// Status of a vendor refund payment.
    pub verbatim enum PaymentStatus {
        /// Not yet sent.
        Pending => "pending",
        /// On its way.
        Processing => "processing",
        /// Received.
        Completed => "completed",
        /// Failed.
        Failed => "failed",
        /// Cancelled.
        Cancelled => "cancelled",
    }
}

wire_struct! {
    /// A Thredfi vendor refund as the API returns it (`VendorRefund`, all amounts in cents).
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct VendorRefund {
        /// Vendor refund identifier.
        pub id: UuidText,
        /// The vendor who issued the refund.
        pub vendor_id!: Option<UuidText>,
        /// The vendor's company name.
        pub vendor_name!: Option<String>,
        /// Your identifier for the refund (idempotency key).
        pub external_id?: Nullable<String>,
        /// Why the vendor refunded.
        pub refund_type?: Nullable<RefundType>,
        /// External reference number.
        pub reference_number?: Nullable<String>,
        /// The day the refund was issued (a date, no time).
        pub refund_date?: Nullable<CalendarDate>,
        /// The day the refund is expected to complete.
        pub expected_completion_date?: Nullable<CalendarDate>,
        /// Total refunded amount, in cents.
        pub total_refunded_amount!: Option<i64>,
        /// Allocated amount, in cents.
        pub allocated_amount!: Option<i64>,
        /// Unallocated amount, in cents.
        pub unallocated_amount!: Option<i64>,
        /// Currency.
        pub currency?: Nullable<Currency>,
        /// Status.
        pub status?: Nullable<VendorRefundStatus>,
        /// Description of the refund's reason or context.
        pub description?: Nullable<String>,
        /// Internal memo.
        pub memo?: Nullable<String>,
        /// Detailed reason.
        pub reason?: Nullable<String>,
        /// Free-form key-value pairs (any JSON, including null).
        pub metadata?: Nullable<JsonValue>,
        /// What the refund is applied against.
        pub allocations!: Option<Vec<VendorRefundAllocation>>,
        /// Payments received for the refund.
        pub vendor_refund_payments!: Option<Vec<VendorRefundPayment>>,
        /// The latest attached document, or null when there is none (documented deviation).
        pub document!: Option<DocumentFileUrl>,
        /// When the refund was created.
        pub created_at!: Option<Timestamp>,
        /// When the refund was last updated.
        pub updated_at!: Option<Timestamp>,
        ..extra
    }
}

wire_struct! {
    /// One allocation of a vendor refund (`VendorRefundAllocationResponse`).
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct VendorRefundAllocation {
        /// Allocation identifier.
        pub id!: Option<UuidText>,
        /// What the allocation is applied against (optional in Thredfi's schema).
        pub allocation_type?: Nullable<AllocationType>,
        /// Allocated amount, in cents.
        pub amount!: Option<i64>,
        /// The bill.
        pub bill_id!: Option<UuidText>,
        /// The bill's number.
        pub bill_number!: Option<String>,
        /// The bill's outstanding balance, in cents.
        pub bill_outstanding_balance_cents!: Option<i64>,
        /// The bill payment.
        pub bill_payment_id!: Option<UuidText>,
        /// When the allocation was made.
        pub allocation_date?: Nullable<Timestamp>,
        /// Notes.
        pub description?: Nullable<String>,
        /// Free-form key-value pairs (any JSON).
        pub metadata?: Nullable<JsonValue>,
        /// When the allocation was created.
        pub created_at!: Option<Timestamp>,
        /// When the allocation was last updated.
        pub updated_at!: Option<Timestamp>,
        /// Human-readable description of the target.
        pub target_description!: Option<String>,
        ..extra
    }
}

wire_struct! {
    /// One payment of a vendor refund (`VendorRefundPaymentResponse`).
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct VendorRefundPayment {
        /// Payment identifier.
        pub id!: Option<UuidText>,
        /// The vendor refund the payment belongs to.
        pub vendor_refund_id!: Option<UuidText>,
        /// Your payment reference.
        pub payment_reference?: Nullable<String>,
        /// The processor's payment id.
        pub processor_payment_id?: Nullable<String>,
        /// The day the payment was made.
        pub payment_date?: Nullable<CalendarDate>,
        /// Amount received, in cents.
        pub refunded_amount!: Option<i64>,
        /// Processing fee, in cents.
        pub processing_fee!: Option<i64>,
        /// Amount after fees, in cents.
        pub net_amount!: Option<i64>,
        /// Payment method.
        pub payment_method?: Nullable<PaymentMethod>,
        /// Processor.
        pub processor?: Nullable<Processor>,
        /// Status.
        pub status?: Nullable<PaymentStatus>,
        /// When the payment was submitted.
        pub submitted_at?: Nullable<Timestamp>,
        /// When the payment completed.
        pub completed_at?: Nullable<Timestamp>,
        /// When the payment failed.
        pub failed_at?: Nullable<Timestamp>,
        /// Why the payment failed.
        pub failure_reason?: Nullable<String>,
        /// Description.
        pub description?: Nullable<String>,
        /// Internal memo.
        pub memo?: Nullable<String>,
        /// Free-form key-value pairs (any JSON).
        pub metadata?: Nullable<JsonValue>,
        /// Tags for reconciliation (any JSON).
        pub transaction_tags?: Nullable<JsonValue>,
        /// Bank transactions the payment is reconciled to.
        pub reconciled_bank_transactions!: Option<Vec<BankReconciliation>>,
        /// When the payment record was created.
        pub created_at!: Option<Timestamp>,
        /// When the payment record was last updated.
        pub updated_at!: Option<Timestamp>,
        ..extra
    }
}

wire_struct! {
    /// The body of `POST /vendor-refunds/` (reconstructed from Thredfi's docs; see `schemas/README.md`).
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct CreateVendorRefundRequest {
        /// The vendor issuing the refund.
        pub vendor_id: UuidText,
        /// Total refunded, in cents (at least 1).
        pub total_refunded_amount_cents: i64,
        /// Currency (one of Thredfi's nine).
        pub currency: Currency,
        /// Idempotency key.
        pub external_id?: Option<String>,
        /// External reference number.
        pub reference_number?: Option<String>,
        /// Why the vendor refunded (Thredfi's default: `other`).
        pub refund_type?: Option<RefundType>,
        /// The day of the refund; Thredfi defaults to today.
        pub refund_date?: Option<CalendarDate>,
        /// Description.
        pub description?: Option<String>,
        /// Internal memo.
        pub memo?: Option<String>,
        /// Reason.
        pub reason?: Option<String>,
        /// Free-form key-value pairs.
        pub metadata?: Option<JsonValue>,
        /// Allocations created with the refund (left out when there are none).
        pub allocations?: Vec<CreateVendorRefundAllocation>,
        /// Payments created with the refund (left out when there are none).
        pub payments?: Vec<CreateVendorRefundPayment>,
        ..extra
    }
}

wire_struct! {
    /// An allocation created with a vendor refund.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct CreateVendorRefundAllocation {
        /// What the allocation is applied against.
        pub allocation_type: AllocationType,
        /// Amount in cents (at least 1).
        pub amount_cents: i64,
        /// The bill, for a `bill` allocation.
        pub bill_id?: Option<UuidText>,
        /// The bill payment, for a `payment` allocation.
        pub bill_payment_id?: Option<UuidText>,
        /// Notes.
        pub description?: Option<String>,
        /// Free-form key-value pairs.
        pub metadata?: Option<JsonValue>,
    }
}

wire_struct! {
    /// A payment created with a vendor refund.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct CreateVendorRefundPayment {
        /// Amount received, in cents (at least 1).
        pub refunded_amount_cents: i64,
        /// Your payment reference.
        pub payment_reference?: Option<String>,
        /// Processing fee in cents.
        pub processing_fee_cents?: Option<i64>,
        /// Payment method.
        pub payment_method?: Option<PaymentMethod>,
        /// Processor.
        pub processor?: Option<Processor>,
        /// The day of the payment.
        pub payment_date?: Option<CalendarDate>,
        /// Description.
        pub description?: Option<String>,
        /// Internal memo.
        pub memo?: Option<String>,
        /// Free-form key-value pairs.
        pub metadata?: Option<JsonValue>,
    }
}
