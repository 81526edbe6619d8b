//! Thredfi, an embedded accounting API: its refund resources and their mappings.
//!
//! [`Thredfi`] is the provider (registered in [`crate::Registry::builtin`]); its two refund
//! resources ([`RefundKind`]) each have their own folder here:
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
//!   [`Options::business_id`] to fill the unified `company_id`;
//! - what the unified model cannot hold travels in `custom_mappings`; see [`carried`].

pub mod carried;
pub mod customer_refund;
mod fields;
pub mod list;
mod options;
pub mod pass_through;
mod payment_method;
mod request;
pub mod targets;
pub mod vendor_refund;
pub mod wire;

pub use options::Options;

use serde_json::value::RawValue;

use crate::error::Error;
use crate::mapping::{MapOptions, Mapped, ValidatedJson, ValidatedRefund};
use crate::provider::{self, OptionError, OptionSpec, Probe};
use crate::schema::Target;
use crate::unified;

/// The provider's name: the Apideck `service` of its lists, the `service_id` of its
/// `pass_through` entries, the CLI's `to-thredfi`.
pub const SERVICE: &str = "thredfi";

/// The provider's name in messages (`SERVICE` is its identifier in data).
pub(crate) const DISPLAY_NAME: &str = "Thredfi";

/// The Thredfi provider, as [`crate::Registry`] holds it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Thredfi;

impl provider::Provider for Thredfi {
    fn name(&self) -> &'static str {
        SERVICE
    }

    fn display_name(&self) -> &'static str {
        DISPLAY_NAME
    }

    fn resources(&self) -> &'static [&'static dyn provider::Resource] {
        &[&RefundKind::CustomerRefund, &RefundKind::VendorRefund]
    }

    fn targets(&self) -> &'static [&'static Target] {
        &targets::ALL
    }

    fn drift(&self) -> Option<&'static crate::drift::Profile> {
        Some(&targets::DRIFT)
    }

    fn options(&self) -> &'static [OptionSpec] {
        &options::SPECS
    }

    fn set_option(
        &self,
        options: MapOptions,
        name: &str,
        value: Option<&str>,
    ) -> Result<MapOptions, OptionError> {
        options::set(options, name, value)
    }

    /// A vendor refund has the key `vendor_id`, a customer refund `customer_id` (their values
    /// may be `null`: the key is what the API always sends).
    fn recognise(&self, record: &Probe) -> Option<&'static dyn provider::Resource> {
        RefundKind::recognised(record).map(RefundKind::as_dyn)
    }

    fn recognition_hint(&self) -> &'static str {
        "a Thredfi customer refund has the key customer_id, a vendor refund vendor_id; this \
         record has neither"
    }

    fn to_unified_unnamed(
        &self,
        record: &[u8],
        options: &MapOptions,
    ) -> Option<Result<Mapped<ValidatedRefund>, Error>> {
        RefundKind::to_unified_guessed(record, options)
    }

    fn to_unified_unnamed_json(
        &self,
        record: &[u8],
        options: &MapOptions,
    ) -> Option<Result<Mapped<ValidatedJson>, Error>> {
        RefundKind::to_unified_guessed(record, options)
    }

    /// The resource named in `custom_mappings.thredfi_resource`; else, when asked to take any
    /// refund, a vendor refund when it carries `custom_mappings.vendor_id` or has a `bill`
    /// allocation, and a customer refund otherwise.
    fn resource_for_unified(
        &self,
        refund: &unified::Refund,
        any: bool,
    ) -> Option<&'static dyn provider::Resource> {
        let named = RefundKind::named_in(refund);
        match named {
            Some(resource) => Some(resource.as_dyn()),
            None if any => Some(RefundKind::detect_unified(refund).as_dyn()),
            None => None,
        }
    }

    fn pages(&self) -> Option<&'static dyn provider::Pages> {
        Some(&list::Pages)
    }
}

/// The two Thredfi refund resources, by kind. Each is a [`provider::Resource`] (named apart from
/// that trait so both read plainly side by side).
///
/// ```
/// use unified_accounting::thredfi::RefundKind;
///
/// assert_eq!("vendor-refund".parse::<RefundKind>().unwrap(), RefundKind::VendorRefund);
/// let error = "refund".parse::<RefundKind>().unwrap_err();
/// assert_eq!(error.to_string(), r#""refund" is not a Thredfi resource: customer-refund or vendor-refund"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefundKind {
    /// [`customer_refund`]: money returned to a customer.
    CustomerRefund,
    /// [`vendor_refund`]: money a vendor returns to the business.
    VendorRefund,
}

impl RefundKind {
    /// Both resources.
    pub const ALL: [RefundKind; 2] = [RefundKind::CustomerRefund, RefundKind::VendorRefund];

    /// This resource as the seam's [`provider::Resource`].
    pub fn as_dyn(self) -> &'static dyn provider::Resource {
        match self {
            RefundKind::CustomerRefund => &RefundKind::CustomerRefund,
            RefundKind::VendorRefund => &RefundKind::VendorRefund,
        }
    }

    /// `customer-refund` or `vendor-refund`.
    pub fn name(self) -> &'static str {
        match self {
            RefundKind::CustomerRefund => "customer-refund",
            RefundKind::VendorRefund => "vendor-refund",
        }
    }

    /// Which resource a Thredfi record is, by its top-level keys (see [`Thredfi`]'s
    /// recognition). `None` when it has neither key (or is not a JSON object).
    pub fn detect_thredfi(record: &[u8]) -> Option<RefundKind> {
        RefundKind::recognised(&Probe::of(record).ok()?)
    }

    /// The one recognition rule: `vendor_id` makes a vendor refund, else `customer_id` a
    /// customer refund.
    fn recognised(record: &Probe) -> Option<RefundKind> {
        if record.has_key("vendor_id") {
            Some(RefundKind::VendorRefund)
        } else if record.has_key("customer_id") {
            Some(RefundKind::CustomerRefund)
        } else {
            None
        }
    }

    /// The resource named in `custom_mappings.thredfi_resource`, if any.
    fn named_in(refund: &unified::Refund) -> Option<RefundKind> {
        let named = refund
            .custom_mappings
            .as_present()
            .and_then(|map| map.get(carried::RESOURCE))
            .and_then(crate::json::JsonValue::as_str);
        match named {
            Some(carried::VENDOR_REFUND) => Some(RefundKind::VendorRefund),
            Some(carried::CUSTOMER_REFUND) => Some(RefundKind::CustomerRefund),
            _ => None,
        }
    }

    /// Which resource a unified refund should become: the one named in
    /// `custom_mappings.thredfi_resource`; else a vendor refund when it carries
    /// `custom_mappings.vendor_id` or has a `bill` allocation; else a customer refund.
    pub fn detect_unified(refund: &unified::Refund) -> RefundKind {
        if let Some(named) = Self::named_in(refund) {
            return named;
        }
        let carried = refund.custom_mappings.as_present();
        let has_vendor = carried.is_some_and(|map| {
            map.contains_key(vendor_refund::carried::CarriedVendorRefund::KEYS.vendor_id)
        });
        let has_bill = refund
            .allocations
            .iter()
            .flatten()
            .any(|allocation| allocation.r#type == Some(unified::AllocationType::Bill));
        if has_vendor || has_bill {
            RefundKind::VendorRefund
        } else {
            RefundKind::CustomerRefund
        }
    }

    /// Detects, reads and maps a Thredfi record in one pass over its bytes, when that is sure to
    /// give what recognising it ([`Thredfi`]'s `recognise`, on a [`Probe`]) and then mapping it
    /// as that resource gives; `None` when it is not sure (then take that path).
    ///
    /// Detection is a second full parse of the record. Instead, the resource is guessed from the
    /// bytes (a `"vendor_id"` key anywhere means a vendor refund), the record is read as that
    /// resource, and the guess is kept only when the probe could not have decided otherwise: a
    /// vendor refund read without error has a unique `vendor_id` key (so the probe says vendor)
    /// unless a `customer_id` could make the probe fail; a customer refund read without error
    /// has a unique `customer_id` key and, when no `vendor_id` key is among its
    /// unknown keys, the probe says customer. Any read error, or either doubt, gives `None`, so
    /// every error is still reported exactly as before.
    pub(crate) fn to_unified_guessed<O: UnifiedOutput>(
        record: &[u8],
        options: &MapOptions,
    ) -> Option<Result<Mapped<O>, Error>> {
        // Text that is not UTF-8 is for the probe, whose error names the place.
        let text = std::str::from_utf8(record).ok()?;
        // A vectorised substring search, not a loop over the quotes: a customer refund is
        // searched to its end (std's `contains` took ~1,200 instructions per record).
        let mentions_vendor = memchr::memmem::find(record, b"\"vendor_id\"").is_some();
        let mapped = if mentions_vendor {
            let refund: vendor_refund::VendorRefund = crate::decode::try_from_str(text)?;
            if refund.extra.contains_key("customer_id") {
                return None;
            }
            O::vendor(&refund, options)
        } else {
            let refund: customer_refund::CustomerRefund = crate::decode::try_from_str(text)?;
            if refund.extra.contains_key("vendor_id") {
                return None;
            }
            O::customer(&refund, options)
        };
        Some(mapped.map_err(Error::Mapping))
    }

    /// Reads a record of this resource and maps it to unified, as `O`.
    fn to_unified_as<O: UnifiedOutput>(
        self,
        record: &[u8],
        options: &MapOptions,
    ) -> Result<Mapped<O>, Error> {
        Ok(match self {
            RefundKind::CustomerRefund => {
                let refund: customer_refund::CustomerRefund = crate::decode::from_slice(record)?;
                O::customer(&refund, options)?
            }
            RefundKind::VendorRefund => {
                let refund: vendor_refund::VendorRefund = crate::decode::from_slice(record)?;
                O::vendor(&refund, options)?
            }
        })
    }
}

/// What a Thredfi record is mapped into: the validated refund, typed and as text, or the text
/// alone (written without building the typed `custom_mappings`: the bulk path).
pub(crate) trait UnifiedOutput: Sized {
    fn customer(
        refund: &customer_refund::CustomerRefund,
        options: &MapOptions,
    ) -> Result<Mapped<Self>, crate::MappingError>;

    fn vendor(
        refund: &vendor_refund::VendorRefund,
        options: &MapOptions,
    ) -> Result<Mapped<Self>, crate::MappingError>;
}

impl UnifiedOutput for ValidatedRefund {
    fn customer(
        refund: &customer_refund::CustomerRefund,
        options: &MapOptions,
    ) -> Result<Mapped<Self>, crate::MappingError> {
        customer_refund::to_unified::to_unified_validated(refund, options)
    }

    fn vendor(
        refund: &vendor_refund::VendorRefund,
        options: &MapOptions,
    ) -> Result<Mapped<Self>, crate::MappingError> {
        vendor_refund::to_unified::to_unified_validated(refund, options)
    }
}

impl UnifiedOutput for ValidatedJson {
    fn customer(
        refund: &customer_refund::CustomerRefund,
        options: &MapOptions,
    ) -> Result<Mapped<Self>, crate::MappingError> {
        customer_refund::to_unified::to_unified_text(refund, options)
    }

    fn vendor(
        refund: &vendor_refund::VendorRefund,
        options: &MapOptions,
    ) -> Result<Mapped<Self>, crate::MappingError> {
        vendor_refund::to_unified::to_unified_text(refund, options)
    }
}

impl std::str::FromStr for RefundKind {
    type Err = crate::decode::InvalidText;

    /// `customer-refund` or `vendor-refund`, as [`RefundKind::name`] writes them.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        RefundKind::ALL
            .into_iter()
            .find(|resource| resource.name() == text)
            .ok_or_else(|| {
                crate::decode::InvalidText::new(
                    text,
                    "a Thredfi resource: customer-refund or vendor-refund",
                )
            })
    }
}

impl provider::Resource for RefundKind {
    fn provider(&self) -> &'static str {
        SERVICE
    }

    fn name(&self) -> &'static str {
        RefundKind::name(*self)
    }

    fn description(&self) -> &'static str {
        match self {
            RefundKind::CustomerRefund => "Thredfi customer refunds (/invoices/refunds/)",
            RefundKind::VendorRefund => "Thredfi vendor refunds (/vendor-refunds/)",
        }
    }

    fn to_unified(
        &self,
        record: &[u8],
        options: &MapOptions,
    ) -> Result<Mapped<ValidatedRefund>, Error> {
        self.to_unified_as(record, options)
    }

    fn to_unified_json(
        &self,
        record: &[u8],
        options: &MapOptions,
    ) -> Result<Mapped<ValidatedJson>, Error> {
        self.to_unified_as(record, options)
    }

    /// With [`Options::split_invoices`], a customer refund becomes a JSON array of requests, one
    /// per invoice allocation.
    fn to_create_request(
        &self,
        refund: &unified::Refund,
        options: &MapOptions,
    ) -> Result<Mapped<ValidatedJson>, Error> {
        Ok(match self {
            RefundKind::CustomerRefund if Options::of(options).split_invoices => {
                let (mapped, texts) =
                    customer_refund::from_unified::to_create_requests_per_invoice_value(
                        refund, options,
                    )?;
                let texts = texts.into_iter().map(ValidatedJson::from_validated);
                Mapped {
                    output: ValidatedJson::array(texts.collect())?,
                    warnings: mapped.warnings,
                }
            }
            RefundKind::CustomerRefund => as_json(
                customer_refund::from_unified::to_create_request_value(refund, options)?,
            ),
            RefundKind::VendorRefund => as_json(
                vendor_refund::from_unified::to_create_request_value(refund, options)?,
            ),
        })
    }

    fn to_record(
        &self,
        refund: &unified::Refund,
        options: &MapOptions,
    ) -> Result<Mapped<ValidatedJson>, Error> {
        Ok(match self {
            RefundKind::CustomerRefund => as_json(customer_refund::from_unified::to_record_value(
                refund, options,
            )?),
            RefundKind::VendorRefund => as_json(vendor_refund::from_unified::to_record_value(
                refund, options,
            )?),
        })
    }
}

/// A mapper's typed output and its validated text → the text, with the warnings.
fn as_json<T>((mapped, json): (Mapped<T>, Box<RawValue>)) -> Mapped<ValidatedJson> {
    Mapped {
        output: ValidatedJson::from_validated(json),
        warnings: mapped.warnings,
    }
}
