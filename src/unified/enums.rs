//! The closed vocabularies of Apideck's `Refund`, read leniently (see [`crate::open_enum`]).

use crate::open_enum::open_enum;

open_enum! {
    /// Status of a refund (Apideck `RefundStatus`).
    pub enum RefundStatus {
        /// Not yet approved.
        Draft => "draft",
        /// Approved, not yet posted or paid.
        Authorised => "authorised",
        /// Posted to the ledger.
        Posted => "posted",
        /// Paid out.
        Paid => "paid",
        /// Voided.
        Voided => "voided",
        /// Deleted.
        Deleted => "deleted",
    }
}

open_enum! {
    /// Kind of refund (Apideck `RefundType`).
    pub enum RefundType {
        /// A refund receipt (QuickBooks RefundReceipt, NetSuite CashRefund).
        RefundReceipt => "refund_receipt",
        /// A cash refund (Sage Intacct).
        CashRefund => "cash_refund",
        /// A refund of a credit note (Zoho Books).
        CreditNoteRefund => "credit_note_refund",
    }
}

open_enum! {
    /// Kind of document an allocation points at (Apideck `Allocation.type`).
    pub enum AllocationType {
        /// An invoice.
        Invoice => "invoice",
        /// An order.
        Order => "order",
        /// An expense.
        Expense => "expense",
        /// A credit memo (credit note).
        CreditMemo => "credit_memo",
        /// An overpayment.
        OverPayment => "over_payment",
        /// A prepayment.
        PrePayment => "pre_payment",
        /// A journal entry.
        JournalEntry => "journal_entry",
        /// Anything else.
        Other => "other",
        /// A bill.
        Bill => "bill",
    }
}

open_enum! {
    /// Kind of invoice line (Apideck `InvoiceLineItem.type`).
    pub enum InvoiceLineItemType {
        /// A sold item.
        SalesItem => "sales_item",
        /// A discount.
        Discount => "discount",
        /// An informational line.
        Info => "info",
        /// A subtotal.
        SubTotal => "sub_total",
        /// A service.
        Service => "service",
        /// Anything else.
        Other => "other",
    }
}

open_enum! {
    /// Kind of address (Apideck `Address.type`).
    pub enum AddressType {
        /// Primary address.
        Primary => "primary",
        /// Secondary address.
        Secondary => "secondary",
        /// Home address.
        Home => "home",
        /// Office address.
        Office => "office",
        /// Shipping address.
        Shipping => "shipping",
        /// Billing address.
        Billing => "billing",
        /// Work address.
        Work => "work",
        /// Anything else.
        Other => "other",
    }
}
