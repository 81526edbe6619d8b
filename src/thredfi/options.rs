//! Thredfi's options: what a Thredfi mapping needs that a record does not hold.

use crate::mapping::MapOptions;
use crate::provider::{Direction, OptionError, OptionSpec};

/// Thredfi's options, set with [`MapOptions::with`].
///
/// ```
/// use unified_accounting::{MapOptions, thredfi};
///
/// let options = MapOptions::new().with(
///     thredfi::Options::new()
///         .business_id("3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c")
///         .split_invoices(true),
/// );
/// let thredfi = thredfi::Options::of(&options);
/// assert_eq!(thredfi.business_id.as_deref(), Some("3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c"));
/// assert!(thredfi.split_invoices);
/// assert_eq!(thredfi::Options::of(&MapOptions::new()).vendor_id, None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The business (company) the records belong to. Thredfi keeps it in the URL, not in the
    /// record, so it is given here and becomes the unified `company_id`.
    pub business_id: Option<String>,
    /// The vendor to use for a vendor-refund create request when the unified refund does not
    /// carry one in `custom_mappings.vendor_id`.
    pub vendor_id: Option<String>,
    /// A customer refund against several invoices becomes one create request per invoice (a JSON
    /// array), instead of an error: Thredfi refunds one invoice per request.
    pub split_invoices: bool,
}

impl crate::mapping::ProviderOptions for Options {}

/// The options when none were set.
static DEFAULT: Options = Options::new();

impl Options {
    /// No business id, no vendor id, no splitting.
    pub const fn new() -> Self {
        Self {
            business_id: None,
            vendor_id: None,
            split_invoices: false,
        }
    }

    /// The Thredfi options held by `options`, or the defaults.
    pub fn of(options: &MapOptions) -> &Options {
        options.get::<Options>().unwrap_or(&DEFAULT)
    }

    /// Sets [`business_id`](Self::business_id).
    pub fn business_id(mut self, business_id: impl Into<String>) -> Self {
        self.business_id = Some(business_id.into());
        self
    }

    /// Sets [`vendor_id`](Self::vendor_id).
    pub fn vendor_id(mut self, vendor_id: impl Into<String>) -> Self {
        self.vendor_id = Some(vendor_id.into());
        self
    }

    /// Sets [`split_invoices`](Self::split_invoices).
    pub fn split_invoices(mut self, split: bool) -> Self {
        self.split_invoices = split;
        self
    }
}

/// The options by name, for [`crate::Provider::options`].
pub(super) static SPECS: [OptionSpec; 3] = [
    OptionSpec::value(
        "business_id",
        "ID",
        Direction::ToUnified,
        "The Thredfi business the records belong to (becomes the unified company_id).",
    ),
    OptionSpec::value(
        "vendor_id",
        "UUID",
        Direction::FromUnified,
        "Vendor refunds: the vendor's Thredfi id, when the record has no \
         custom_mappings.vendor_id.",
    ),
    OptionSpec::switch(
        "split_invoices",
        Direction::FromUnified,
        "Customer refunds against several invoices: one create request per invoice.",
    ),
];

/// [`crate::Provider::set_option`] for Thredfi.
pub(super) fn set(
    options: MapOptions,
    name: &str,
    value: Option<&str>,
) -> Result<MapOptions, OptionError> {
    let mut thredfi = Options::of(&options).clone();
    let spec = SPECS
        .iter()
        .find(|spec| spec.name == name)
        .ok_or_else(|| OptionError::Unknown {
            provider: super::SERVICE,
            name: name.to_owned(),
            known: SPECS.iter().map(|spec| spec.name).collect(),
        })?;
    let wrong_value = || OptionError::Value {
        provider: super::SERVICE,
        name: spec.name,
        expects_value: spec.value.is_some(),
    };
    match (spec.name, value) {
        ("business_id", Some(value)) => thredfi.business_id = Some(value.to_owned()),
        ("vendor_id", Some(value)) => thredfi.vendor_id = Some(value.to_owned()),
        ("split_invoices", None) => thredfi.split_invoices = true,
        _ => return Err(wrong_value()),
    }
    Ok(options.with(thredfi))
}
