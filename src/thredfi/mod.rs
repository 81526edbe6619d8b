//! Thredfi, an embedded accounting API: its refund resources and their mappings.
//!
//! Thredfi has two refund resources, each with its own folder here:
//!
//! - [`customer_refund`]: money returned to a customer against invoices
//!   (`/v1/platform/businesses/{business_id}/invoices/refunds/`);
//! - [`vendor_refund`]: money a vendor returns to the business, applied to bills
//!   (`/v1/platform/businesses/{business_id}/vendor-refunds/`).
//!
//! Both go **to** the unified model (`to_unified`) and come **back** from it, either as the body
//! of a create request (`to_create_request`) or as the full Thredfi record (`to_record`), which
//! is identical to the original when the unified refund came from Thredfi. [`list`] turns a whole
//! Thredfi page into an Apideck list response.
//!
//! Conventions Thredfi uses and the mappers rely on:
//!
//! - every amount is integer cents, hundredths of the major unit for every currency (ISK too);
//!   see [`crate::money`];
//! - the business a record belongs to is in the URL, not the record: pass it as
//!   [`crate::MapOptions::business_id`] to fill the unified `company_id`;
//! - what the unified model cannot hold travels in `custom_mappings`; see [`carried`].

pub mod carried;
pub mod customer_refund;
mod fields;
pub mod pass_through;
pub mod payment_method;
mod request;
pub mod vendor_refund;
pub mod wire;
