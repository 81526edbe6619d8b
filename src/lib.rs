//! # unified-accounting
//!
//! Translates accounting records between a provider's native API and Apideck's unified
//! accounting model, **exactly** (money never passes through a float and is never rounded),
//! **losslessly** (what the target cannot hold is carried in `custom_mappings` or reported as a
//! warning naming the field) and **safely** (every output is validated against a vendored JSON
//! Schema before it is returned).
//!
//! The first provider is [Thredfi](thredfi), with customer refunds and vendor refunds mapped both
//! ways:
//!
//! ```
//! use unified_accounting::{MapOptions, decode, thredfi, thredfi::customer_refund};
//!
//! let json = br#"{
//!     "id": "5b0c8f9e-2d4a-4e8b-9c1f-3a7d6e5b4c2a",
//!     "refunded_amount": 1234567,
//!     "status": "processing",
//!     "currency": "GBP",
//!     "customer_id": "0f7e6d5c-4b3a-4291-8e7d-6c5b4a392817",
//!     "customer_name": "Harbour & Finch Ltd",
//!     "allocations": [],
//!     "refund_payments": [],
//!     "document": null,
//!     "created_at": "2026-03-14T09:21:07Z",
//!     "updated_at": "2026-03-14T09:21:07Z"
//! }"#;
//! let refund: customer_refund::CustomerRefund = decode::from_slice(json)?;
//! let options = MapOptions::new()
//!     .with(thredfi::Options::new().business_id("3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c"));
//! let unified = customer_refund::to_unified(&refund, &options)?.output;
//!
//! // And back: the identical Thredfi record.
//! let again = customer_refund::to_record(&unified, &options)?.output;
//! assert_eq!(again, refund);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Map of the crate
//!
//! - [`unified`]: the Apideck `Refund` model, its schemas, its list responses and its field
//!   coverage ([`unified::coverage`]).
//! - [`provider`]: the seam every provider plugs into ([`Provider`], [`Resource`]) and the
//!   [`Registry`] of providers in use; [`thredfi`]: the first provider, one folder per resource.
//! - [`bulk`]: many records at once, from slices, iterators and NDJSON streams, through the
//!   registry.
//! - [`mapping`]: results, warnings, options and the mapping error (one variant per failure,
//!   [`MappingError::kind`]); [`decode`]: reading input with the [`JsonPointer`] of any error;
//!   [`Error`]: either of them.
//! - [`schema`]: the vendored schemas and their compiled validators; [`drift`]: how a newer
//!   vendor spec differs from them, and whether that affects the mappings.
//! - Shared building blocks: [`money`] (cents ↔ decimal, exactly), [`json`] (free-form JSON that
//!   keeps its exact text), [`datetime`] (timestamps that keep their text), [`Nullable`] (absent
//!   vs `null` vs set).

// The crate's other lints (no `unsafe`, no panic paths on input) are the workspace's, declared
// once in Cargo.toml for every crate.
#![warn(missing_docs)]

pub mod bulk;
pub mod datetime;
pub mod decode;
pub mod drift;
mod error;
pub mod json;
pub mod mapping;
pub mod money;
mod nullable;
mod open_enum;
mod pointer;
pub mod provider;
pub mod schema;
pub mod thredfi;
pub mod unified;

pub use error::{Error, ErrorKind};
pub use mapping::{
    MapOptions, Mapped, MappingError, MappingErrorKind, Remedy, ValidatedJson, ValidatedRefund,
    Warning, WarningCode, WriteError,
};
pub use nullable::Nullable;
pub use pointer::{InvalidPointer, JsonPointer};
pub use provider::{Probe, Provider, Registry, Resource};

/// The README's examples, compiled and run as doc tests so they cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
