//! Thredfi's schemas: both refund resources, their create requests and their list pages.

use crate::schema::{Document, Target};

/// The Thredfi document: customer and vendor refunds, their create requests and list pages.
pub static DOCUMENT: Document = Document::new(
    "urn:unified-accounting:thredfi:refunds:1.0.0",
    include_str!("../../schemas/thredfi/refunds.schema.json"),
);

/// Thredfi customer `Refund` response: a full record converted back to Thredfi.
pub static CUSTOMER_REFUND: Target = Target::new(
    "thredfi-refund",
    "Refund",
    &DOCUMENT,
    "a Thredfi customer refund, as the API returns it",
);

/// Thredfi `CreateSimpleRefundRequest`: the body of `POST /invoices/refunds/`.
pub static CREATE_CUSTOMER_REFUND: Target = Target::new(
    "thredfi-create-refund-request",
    "CreateSimpleRefundRequest",
    &DOCUMENT,
    "the body of Thredfi's create-customer-refund request",
);

/// Thredfi `PaginatedRefundList`: a page of customer refunds.
pub static CUSTOMER_REFUND_PAGE: Target = Target::new(
    "thredfi-refund-page",
    "PaginatedRefundList",
    &DOCUMENT,
    "a page of Thredfi customer refunds",
);

/// Thredfi `VendorRefund` response: a full record converted back to Thredfi.
pub static VENDOR_REFUND: Target = Target::new(
    "thredfi-vendor-refund",
    "VendorRefund",
    &DOCUMENT,
    "a Thredfi vendor refund, as the API returns it",
);

/// Thredfi create-vendor-refund body (`POST /vendor-refunds/`).
pub static CREATE_VENDOR_REFUND: Target = Target::new(
    "thredfi-create-vendor-refund-request",
    "CreateVendorRefundRequest",
    &DOCUMENT,
    "the body of Thredfi's create-vendor-refund request",
);

/// Thredfi `PaginatedVendorRefundList`: a page of vendor refunds.
pub static VENDOR_REFUND_PAGE: Target = Target::new(
    "thredfi-vendor-refund-page",
    "PaginatedVendorRefundList",
    &DOCUMENT,
    "a page of Thredfi vendor refunds",
);

/// Every Thredfi target.
pub static ALL: [&Target; 6] = [
    &CUSTOMER_REFUND,
    &CREATE_CUSTOMER_REFUND,
    &CUSTOMER_REFUND_PAGE,
    &VENDOR_REFUND,
    &CREATE_VENDOR_REFUND,
    &VENDOR_REFUND_PAGE,
];
