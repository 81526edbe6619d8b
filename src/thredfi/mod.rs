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
pub mod list;
pub mod pass_through;
pub mod payment_method;
mod request;
pub mod vendor_refund;
pub mod wire;

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;

use crate::error::Error;
use crate::mapping::{MapOptions, Mapped, ValidatedRefund, Warning};
use crate::unified;

/// The two Thredfi refund resources, for code that handles either (bulk mapping, the CLI).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resource {
    /// [`customer_refund`]: money returned to a customer.
    CustomerRefund,
    /// [`vendor_refund`]: money a vendor returns to the business.
    VendorRefund,
}

impl Resource {
    /// Both resources.
    pub const ALL: [Resource; 2] = [Resource::CustomerRefund, Resource::VendorRefund];

    /// `customer-refund` or `vendor-refund`.
    pub fn name(self) -> &'static str {
        match self {
            Resource::CustomerRefund => "customer-refund",
            Resource::VendorRefund => "vendor-refund",
        }
    }

    /// Which resource a Thredfi record is, by its shape: a vendor refund has the key
    /// `vendor_id`, a customer refund `customer_id` (their values may be `null`: the key is
    /// what the API always sends). `None` when it has neither (or is not an object).
    pub fn detect_thredfi(record: &[u8]) -> Option<Resource> {
        #[derive(Deserialize)]
        struct Probe {
            #[serde(default, deserialize_with = "key_present")]
            vendor_id: bool,
            #[serde(default, deserialize_with = "key_present")]
            customer_id: bool,
        }
        let probe: Probe = serde_json::from_slice(record).ok()?;
        match (probe.vendor_id, probe.customer_id) {
            (true, _) => Some(Resource::VendorRefund),
            (false, true) => Some(Resource::CustomerRefund),
            (false, false) => None,
        }
    }

    /// Which resource a unified refund should become: the one named in
    /// `custom_mappings.thredfi_resource`; else a vendor refund when it carries
    /// `custom_mappings.vendor_id` or has a `bill` allocation; else a customer refund.
    pub fn detect_unified(refund: &unified::Refund) -> Resource {
        let carried = refund.custom_mappings.as_present();
        let named = carried
            .and_then(|map| map.get(carried::RESOURCE))
            .and_then(crate::json::JsonValue::as_str);
        match named {
            Some(carried::VENDOR_REFUND) => return Resource::VendorRefund,
            Some(carried::CUSTOMER_REFUND) => return Resource::CustomerRefund,
            _ => {}
        }
        let has_vendor = carried.is_some_and(|map| map.contains_key("vendor_id"));
        let has_bill = refund
            .allocations
            .iter()
            .flatten()
            .any(|allocation| allocation.r#type == Some(unified::AllocationType::Bill));
        if has_vendor || has_bill {
            Resource::VendorRefund
        } else {
            Resource::CustomerRefund
        }
    }

    /// Reads a Thredfi record of this resource and maps it to unified; also returns the
    /// validated JSON text.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] for a record that cannot be read, [`Error::Mapping`] for one that
    /// cannot be mapped.
    pub fn to_unified_json(
        self,
        record: &[u8],
        options: &MapOptions,
    ) -> Result<(Mapped<unified::Refund>, Box<RawValue>), Error> {
        let mapped = self.to_unified_validated(record, options)?;
        let (output, value) = mapped.output.into_both();
        Ok((
            Mapped {
                output,
                warnings: mapped.warnings,
            },
            value,
        ))
    }

    /// [`to_unified_json`](Self::to_unified_json) for callers that want only the JSON or only
    /// the typed refund: neither is copied to make the other.
    pub(crate) fn to_unified_validated(
        self,
        record: &[u8],
        options: &MapOptions,
    ) -> Result<Mapped<ValidatedRefund>, Error> {
        Ok(match self {
            Resource::CustomerRefund => {
                let refund: customer_refund::Refund = crate::decode::from_slice(record)?;
                customer_refund::to_unified::to_unified_validated(&refund, options)?
            }
            Resource::VendorRefund => {
                let refund: vendor_refund::VendorRefund = crate::decode::from_slice(record)?;
                vendor_refund::to_unified::to_unified_validated(&refund, options)?
            }
        })
    }

    /// Detects, reads and maps a Thredfi record in one pass over its bytes, when that is sure to
    /// give what [`detect_thredfi`](Self::detect_thredfi) followed by
    /// [`to_unified_json`](Self::to_unified_json) gives; `None` when it is not sure (then take
    /// that path).
    ///
    /// Detection is a second full parse of the record. Instead, the resource is guessed from the
    /// bytes (a `"vendor_id"` key anywhere means a vendor refund), the record is read as that
    /// resource, and the guess is kept only when the probe could not have decided otherwise: a
    /// vendor refund read without error has a unique `vendor_id` key (so the probe says vendor)
    /// unless a `customer_id` could make the probe fail; a customer refund read without error
    /// has a unique `customer_id` key and, when no `vendor_id` key is among its
    /// unknown keys, the probe says customer. Any read error, or either doubt, gives `None`, so
    /// every error is still reported exactly as before.
    pub(crate) fn to_unified_guessed(
        record: &[u8],
        options: &MapOptions,
    ) -> Option<Result<Mapped<ValidatedRefund>, Error>> {
        const VENDOR_KEY: &[u8] = b"\"vendor_id\"";
        let mentions_vendor = record.iter().enumerate().any(|(at, byte)| {
            *byte == b'"' && record.get(at..at + VENDOR_KEY.len()) == Some(VENDOR_KEY)
        });
        let mapped = if mentions_vendor {
            let refund: vendor_refund::VendorRefund = crate::decode::try_from_slice(record)?;
            if refund.extra.contains_key("customer_id") {
                return None;
            }
            vendor_refund::to_unified::to_unified_validated(&refund, options)
        } else {
            let refund: customer_refund::Refund = crate::decode::try_from_slice(record)?;
            if refund.extra.contains_key("vendor_id") {
                return None;
            }
            customer_refund::to_unified::to_unified_validated(&refund, options)
        };
        Some(mapped.map_err(Error::Mapping))
    }

    /// Maps a unified refund to this resource's create request; returns the warnings and the
    /// validated JSON text.
    ///
    /// # Errors
    ///
    /// A [`crate::MappingError`] naming the field that cannot be mapped.
    pub fn to_create_request_json(
        self,
        refund: &unified::Refund,
        options: &MapOptions,
    ) -> Result<(Vec<Warning>, Box<RawValue>), Error> {
        Ok(match self {
            Resource::CustomerRefund => {
                let (mapped, value) =
                    customer_refund::from_unified::to_create_request_value(refund, options)?;
                (mapped.warnings, value)
            }
            Resource::VendorRefund => {
                let (mapped, value) =
                    vendor_refund::from_unified::to_create_request_value(refund, options)?;
                (mapped.warnings, value)
            }
        })
    }

    /// Rebuilds this resource's full Thredfi record from a unified refund that came from it;
    /// returns the warnings and the validated JSON text.
    ///
    /// # Errors
    ///
    /// A [`crate::MappingError`] when the refund did not come from this resource or its carried
    /// data is damaged.
    pub fn to_record_json(
        self,
        refund: &unified::Refund,
        options: &MapOptions,
    ) -> Result<(Vec<Warning>, Box<RawValue>), Error> {
        Ok(match self {
            Resource::CustomerRefund => {
                let (mapped, value) =
                    customer_refund::from_unified::to_record_value(refund, options)?;
                (mapped.warnings, value)
            }
            Resource::VendorRefund => {
                let (mapped, value) =
                    vendor_refund::from_unified::to_record_value(refund, options)?;
                (mapped.warnings, value)
            }
        })
    }
}

/// `deserialize_with` for a probe: true when the key is there, whatever its value (`null`
/// included; a missing key takes the `default`, false).
fn key_present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    IgnoredAny::deserialize(deserializer).map(|_| true)
}
