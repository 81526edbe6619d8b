//! Thredfi customer refunds (`/invoices/refunds/`): wire types and both mappings.
//!
//! A Thredfi customer refund is money returned to a customer against one or more invoices. Its
//! amounts are integer cents, its status follows its payments (`pending` → `processing` → `paid`),
//! and what it was applied against is listed in `allocations`.
//!
//! - [`to_unified()`]: a Thredfi [`CustomerRefund`] → a unified [`crate::unified::Refund`], with
//!   everything the unified model has no field for carried in `custom_mappings`.
//! - [`to_create_request`]: a unified refund → the body of Thredfi's
//!   `POST /invoices/refunds/` ([`CreateSimpleRefundRequest`]), which refunds exactly one invoice;
//!   [`to_create_requests_per_invoice`] splits a refund against several invoices into one request
//!   per invoice.
//! - [`to_record`]: a unified refund that came from Thredfi → the identical Thredfi
//!   [`CustomerRefund`].
//!
//! The mapping tables are in the crate README.

pub(crate) mod carried;
pub(crate) mod from_unified;
pub(crate) mod to_unified;

pub use from_unified::{to_create_request, to_create_requests_per_invoice, to_record};
pub use to_unified::to_unified;

use serde::Serialize;

use crate::json::JsonValue;

use super::wire::{BankReconciliation, Currency, DocumentFileUrl, UuidText};
use crate::datetime::Timestamp;
use crate::nullable::{Nullable, wire_struct};
use crate::open_enum::open_enum;

open_enum! {
    /// Status of a customer refund (Thredfi `Refund.status`).
    pub verbatim enum RefundStatus {
        /// Created, nothing paid yet.
        Pending => "pending",
        /// Partly paid.
        Processing => "processing",
        /// Fully paid.
        Paid => "paid",
        /// Failed.
        Failed => "failed",
        /// Cancelled.
        Cancelled => "cancelled",
    }
}

open_enum! {
    /// What a customer-refund allocation is applied against (Thredfi `RefundAllocation`).
    pub verbatim enum AllocationType {
        /// A whole invoice.
        Invoice => "invoice",
        /// A payment.
        Payment => "payment",
        /// Customer credit.
        Credit => "credit",
        /// One line of an invoice.
        LineItem => "line_item",
    }
}

open_enum! {
    /// How a customer refund is paid out (Thredfi's customer-side methods, upper case).
    pub verbatim enum PaymentMethod {
        /// Bank transfer.
        BankTransfer => "BANK_TRANSFER",
        /// Credit card.
        CreditCard => "CREDIT_CARD",
        /// Debit card.
        DebitCard => "DEBIT_CARD",
        /// ACH / direct debit.
        Ach => "ACH",
        /// Check / cheque.
        Check => "CHECK",
        /// Cash.
        Cash => "CASH",
        /// PayPal.
        Paypal => "PAYPAL",
        /// Stripe.
        Stripe => "STRIPE",
        /// Anything else.
        Other => "OTHER",
    }
}

wire_struct! {
    /// A Thredfi customer refund as the API returns it (the component Thredfi calls `Refund`; all
    /// amounts in cents).
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct CustomerRefund {
        /// Refund identifier.
        pub id: UuidText,
        /// Your identifier for the refund (idempotency key).
        pub external_id?: Nullable<String>,
        /// Total refunded amount, in cents.
        pub refunded_amount!: Option<i64>,
        /// Status.
        pub status?: Nullable<RefundStatus>,
        /// When the refund was fully paid; null until then.
        pub completed_at?: Nullable<Timestamp>,
        /// Whether the refund is dedicated to one invoice.
        pub is_dedicated?: Nullable<bool>,
        /// Description or reason.
        pub memo?: Nullable<String>,
        /// Reference number.
        pub reference_number?: Nullable<String>,
        /// Free-form key-value pairs (any JSON, including null).
        pub metadata?: Nullable<JsonValue>,
        /// The customer receiving the refund.
        pub customer_id!: Option<UuidText>,
        /// The customer's display name.
        pub customer_name!: Option<String>,
        /// What the refund is applied against.
        pub allocations!: Option<Vec<RefundAllocation>>,
        /// Payments made for the refund.
        pub refund_payments!: Option<Vec<RefundPayment>>,
        /// The latest attached document, or null when there is none (a documented deviation: the
        /// schema marks it required and non-null, but refunds without a document exist).
        pub document!: Option<DocumentFileUrl>,
        /// Currency.
        pub currency?: Nullable<Currency>,
        /// When the refund was created.
        pub created_at!: Option<Timestamp>,
        /// When the refund was last updated.
        pub updated_at!: Option<Timestamp>,
        ..extra
    }
}

wire_struct! {
    /// One allocation of a customer refund (Thredfi `RefundAllocation`).
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct RefundAllocation {
        /// Allocation identifier.
        pub id!: Option<UuidText>,
        /// What the allocation is applied against.
        pub allocation_type!: Option<AllocationType>,
        /// Allocated amount, in cents.
        pub amount!: Option<i64>,
        /// The invoice.
        pub invoice_id!: Option<UuidText>,
        /// The invoice's number.
        pub invoice_number!: Option<String>,
        /// The invoice's outstanding balance, in cents.
        pub invoice_outstanding_balance_cents!: Option<i64>,
        /// Human-readable description of the target.
        pub target_description!: Option<String>,
        /// Notes.
        pub description?: Nullable<String>,
        /// When the allocation was made.
        pub allocation_date?: Nullable<Timestamp>,
        ..extra
    }
}

wire_struct! {
    /// One payment of a customer refund (Thredfi `RefundPayment`).
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct RefundPayment {
        /// Payment identifier.
        pub id!: Option<UuidText>,
        /// The refund the payment belongs to.
        pub refund_id!: Option<UuidText>,
        /// Your identifier for the payment.
        pub external_id?: Nullable<String>,
        /// Amount paid, in cents.
        pub refunded_amount!: Option<i64>,
        /// Processing fee, in cents.
        pub refund_processing_fee!: Option<i64>,
        /// When the payment completed.
        pub completed_at?: Nullable<Timestamp>,
        /// Payment method.
        pub method?: Nullable<PaymentMethod>,
        /// Payment processor (free text, e.g. `Stripe`).
        pub processor?: Nullable<String>,
        /// Tags for reconciliation (any JSON).
        pub transaction_tags?: Nullable<JsonValue>,
        /// Notes.
        pub memo?: Nullable<String>,
        /// Free-form key-value pairs (any JSON).
        pub metadata?: Nullable<JsonValue>,
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
    /// The body of Thredfi's `POST /invoices/refunds/` (`CreateSimpleRefundRequest`).
    ///
    /// The multipart-only `document` upload is not part of a JSON body and is not produced.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct CreateSimpleRefundRequest {
        /// The invoice to refund.
        pub invoice_id: UuidText,
        /// How the refund is paid out.
        pub method: PaymentMethod,
        /// When the refund was completed.
        pub completed_at: Timestamp,
        /// Amount in cents; omitted means "the invoice's full amount".
        pub amount_cents?: Option<i64>,
        /// Idempotency key, unique per business.
        pub external_id: String,
        /// Description.
        pub memo?: Option<String>,
        /// Reference number.
        pub reference_number?: Option<String>,
        /// Payment processor (only set through `pass_through`).
        pub processor?: Option<String>,
        /// Processing fee in cents (only set through `pass_through`).
        pub refund_processing_fee_cents?: Option<i64>,
        ..extra
    }
}
