//! The unified model: Apideck's accounting `Refund` (spec 10.34.0) as Rust types.
//!
//! [`Refund`] and its components hold every property of Apideck's schema and nothing else. Three
//! choices make them safe to round-trip:
//!
//! - a nullable field is a [`crate::Nullable`], so `{"note": null}` and `{}` stay different;
//! - amounts are [`crate::money::JsonDecimal`]: JSON numbers with their exact decimal text;
//! - enums that Apideck may extend (status, type, allocation type, ...) read unknown values into
//!   an `Unknown` variant instead of failing, and refuse to write them.
//!
//! A test checks these types against the vendored schema (`schemas/apideck/`), property by
//! property, so the two cannot drift apart.

pub mod coverage;
mod currency;
mod enums;
pub mod list;
mod refund;
pub mod targets;

pub use currency::{APIDECK_CURRENCIES, Currency};
pub use enums::{AddressType, AllocationType, InvoiceLineItemType, RefundStatus, RefundType};
pub use list::{
    Cursors, Links, MappedPage, Meta, MetaWarning, PageFacts, RecordFailure, RefundList,
};
pub use refund::{
    Address, Allocation, CustomField, ExtendPath, InvoiceLineItem, LinkedCustomer,
    LinkedDepartment, LinkedInvoiceItem, LinkedLedgerAccount, LinkedLocation, LinkedTaxRate,
    LinkedTrackingCategory, LinkedWorktag, PassThrough, Refund,
};
