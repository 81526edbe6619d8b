//! The seam between the crate and each provider.
//!
//! The crate has one centre, the unified model ([`crate::unified`]), and one adapter per
//! provider API around it. Everything generic (bulk mapping, list responses, the command-line
//! tool) talks to a provider only through the traits here:
//!
//! - a [`Provider`] declares its [`Resource`]s, its schema [`Target`]s, the options it takes
//!   ([`OptionSpec`]), how a record of it is recognised (from a [`Probe`] of the record's
//!   top-level keys), which of its resources a unified refund should become, and how its list
//!   pages are read ([`Pages`]);
//! - a [`Resource`] maps one record type both ways: provider → unified ([`Resource::to_unified`],
//!   and [`Resource::to_unified_json`] when only the text is wanted, which a provider may write
//!   without building the typed refund), unified → create request
//!   ([`Resource::to_create_request`]) and unified → full record ([`Resource::to_record`]).
//!
//! A [`Registry`] holds the providers in use. [`Registry::builtin`] holds the ones shipped with
//! the crate; an embedder can build its own with [`Registry::with`] and hand it to
//! [`crate::bulk::BulkMapper::registry`].
//!
//! # Adding a provider
//!
//! A second provider is one folder and its registration (two lines):
//!
//! 1. `src/<provider>/`, with a `mod.rs` that declares the provider (a unit struct implementing
//!    [`Provider`]), one module per resource (its wire types, `to_unified`, `from_unified`, and a
//!    type implementing [`Resource`]), `targets.rs` with its vendored [`crate::schema::Document`]
//!    (in `schemas/<provider>/`) and one static [`Target`] per response, request and page schema,
//!    and an options struct if it takes any (implementing
//!    [`ProviderOptions`](crate::mapping::ProviderOptions), set with [`MapOptions::with`], read with
//!    [`MapOptions::get`], named in [`Provider::options`] for the command line).
//! 2. Its fixtures in `fixtures/<provider>/`, snapshot tests in `tests/`.
//! 3. One line in `src/provider/registry.rs` (`BUILTIN`) and `pub mod <provider>;` in `lib.rs`.
//!
//! Nothing else changes: the CLI's `--kind` values, its `to-<provider>` command and its option
//! flags, `schema --list`, recognition of records and pages, and bulk mapping all come from the
//! registry. `tests/toy_provider.rs` plugs a provider that is not in `src/` at all into a
//! [`Registry`] and maps through [`crate::bulk::BulkMapper`] to prove it.
//!
//! Every output a provider hands out is validated, by type: a [`Resource`] returns a
//! [`ValidatedRefund`] (which only [`ValidatedRefund::new`] makes) for unified refunds, and a
//! [`ValidatedJson`] (which only [`crate::mapping::validated`] makes) for its own documents.

mod probe;
mod registry;

use std::fmt;

use serde_json::value::RawValue;

use crate::error::Error;
use crate::mapping::{MapOptions, Mapped, ValidatedJson, ValidatedRefund};
use crate::schema::Target;
use crate::unified;

pub use probe::Probe;
pub use registry::Registry;

/// One provider API: its resources, schemas, options, and how its records are recognised. See
/// the [module docs](self).
pub trait Provider: Send + Sync + 'static {
    /// A short stable name, lower case (`thredfi`): the Apideck `service` of its lists, the CLI's
    /// `to-<name>` command.
    fn name(&self) -> &'static str;

    /// Its name in messages (`Thredfi`), also the `provider` field of the mapping errors that
    /// name it; by default [`name`](Self::name).
    fn display_name(&self) -> &'static str {
        self.name()
    }

    /// Its record types.
    fn resources(&self) -> &'static [&'static dyn Resource];

    /// Its schemas (responses, requests, pages), for listing and for validating by name.
    fn targets(&self) -> &'static [&'static Target];

    /// What `schema drift` compares for this provider: its vendored document's roots, deviations
    /// and the fields its mappers use. None (the default): the provider is not checked for drift.
    fn drift(&self) -> Option<&'static crate::drift::Profile> {
        None
    }

    /// The options it takes, for code that sets them by name (a command line, a binding).
    fn options(&self) -> &'static [OptionSpec] {
        &[]
    }

    /// Sets the option `name` (one of [`options`](Self::options)) from text: `value` is `None`
    /// for a switch.
    ///
    /// # Errors
    ///
    /// [`OptionError`] for an option it does not take or a value it refuses.
    fn set_option(
        &self,
        options: MapOptions,
        name: &str,
        value: Option<&str>,
    ) -> Result<MapOptions, OptionError> {
        let _ = (options, value);
        Err(OptionError::Unknown {
            provider: self.name(),
            name: name.to_owned(),
            known: Vec::new(),
        })
    }

    /// Which of its resources a record is, from its top-level keys; `None` when the record is
    /// not recognisably one of its own.
    fn recognise(&self, record: &Probe) -> Option<&'static dyn Resource>;

    /// How [`recognise`](Self::recognise) tells its resources apart, for the message of a record
    /// no provider recognises (`a Thredfi customer refund has the key customer_id, ...`).
    /// It describes what the provider looks for, and says the record lacks it.
    fn recognition_hint(&self) -> &'static str;

    /// Maps a record whose resource was not named, in one pass over its bytes when the provider
    /// can be sure which resource it is without a [`Probe`]; `None` when it cannot (then the
    /// record is probed and [`recognise`](Self::recognise)d). It must give what recognising then
    /// mapping would give. The registry asks only its first provider (a later provider's guess
    /// could take a record an earlier one recognises); providers without such a fast path keep
    /// the default.
    fn to_unified_unnamed(
        &self,
        record: &[u8],
        options: &MapOptions,
    ) -> Option<Result<Mapped<ValidatedRefund>, Error>> {
        let _ = (record, options);
        None
    }

    /// [`to_unified_unnamed`](Self::to_unified_unnamed) when only the JSON text is wanted (see
    /// [`Resource::to_unified_json`]). The default takes the text of `to_unified_unnamed`.
    fn to_unified_unnamed_json(
        &self,
        record: &[u8],
        options: &MapOptions,
    ) -> Option<Result<Mapped<ValidatedJson>, Error>> {
        self.to_unified_unnamed(record, options)
            .map(|result| result.map(json_of))
    }

    /// Which of its resources a unified refund should become: `Some` when the refund names this
    /// provider (its carried data), or when the provider is asked to take any refund
    /// (`any = true`, it is the one chosen).
    fn resource_for_unified(
        &self,
        refund: &unified::Refund,
        any: bool,
    ) -> Option<&'static dyn Resource>;

    /// How its list pages are read, if it has any.
    fn pages(&self) -> Option<&'static dyn Pages> {
        None
    }
}

/// One record type of a provider, mapped both ways. See the [module docs](self).
pub trait Resource: Send + Sync + fmt::Debug + 'static {
    /// The provider's [`Provider::name`].
    fn provider(&self) -> &'static str;

    /// A short stable name, unique within the provider (`customer-refund`).
    fn name(&self) -> &'static str;

    /// What the resource is, in a sentence (for help texts).
    fn description(&self) -> &'static str;

    /// Reads a record of this resource (its JSON text) and maps it to a validated unified
    /// refund.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] for a record that cannot be read, [`Error::Mapping`] for one that
    /// cannot be mapped.
    fn to_unified(
        &self,
        record: &[u8],
        options: &MapOptions,
    ) -> Result<Mapped<ValidatedRefund>, Error>;

    /// [`to_unified`](Self::to_unified) when only the JSON text is wanted, as in bulk mapping
    /// and the CLI. It must give the very text and warnings of `to_unified`; a provider may
    /// write it without building the typed refund (Thredfi writes what it carries in
    /// `custom_mappings` straight from the record, which is most of a record's cost). The
    /// default takes the text of `to_unified`.
    ///
    /// # Errors
    ///
    /// As [`to_unified`](Self::to_unified).
    fn to_unified_json(
        &self,
        record: &[u8],
        options: &MapOptions,
    ) -> Result<Mapped<ValidatedJson>, Error> {
        self.to_unified(record, options).map(json_of)
    }

    /// Maps a unified refund to this resource's create request (the JSON body to send), already
    /// validated against the provider's request schema. A provider option may make it an array
    /// of requests (Thredfi's `split_invoices`).
    ///
    /// # Errors
    ///
    /// [`Error::Mapping`] naming the field that cannot be mapped.
    fn to_create_request(
        &self,
        refund: &unified::Refund,
        options: &MapOptions,
    ) -> Result<Mapped<ValidatedJson>, Error>;

    /// Rebuilds this resource's full record from a unified refund that came from it, validated
    /// against the provider's response schema.
    ///
    /// # Errors
    ///
    /// [`Error::Mapping`] when the refund did not come from this resource or its carried data
    /// is damaged.
    fn to_record(
        &self,
        refund: &unified::Refund,
        options: &MapOptions,
    ) -> Result<Mapped<ValidatedJson>, Error>;
}

/// The text of a validated refund, still known to be validated.
fn json_of(mapped: Mapped<ValidatedRefund>) -> Mapped<ValidatedJson> {
    Mapped {
        output: ValidatedJson::from_validated(mapped.output.into_json()),
        warnings: mapped.warnings,
    }
}

impl fmt::Display for dyn Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.provider(), self.name())
    }
}

impl PartialEq for dyn Resource {
    fn eq(&self, other: &Self) -> bool {
        self.provider() == other.provider() && self.name() == other.name()
    }
}

/// How a provider's list pages are read and mapped.
pub trait Pages: Send + Sync + 'static {
    /// What such a page is called, with its article (`a Thredfi page`), for messages.
    fn name(&self) -> &'static str;

    /// Whether a document with these top-level keys is one of the provider's pages.
    fn is_page(&self, document: &Probe) -> bool;

    /// The records of a page, unparsed, in page order (see [`record_path`](Self::record_path)
    /// for where each one sits).
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when the page cannot be read.
    fn records(&self, page: &[u8]) -> Result<Vec<Box<RawValue>>, Error>;

    /// The JSON Pointer of record `index` in a page (`/results/3`).
    fn record_path(&self, index: usize) -> String;

    /// Maps a whole page of `resource` records to an Apideck list response.
    ///
    /// # Errors
    ///
    /// An [`Error`] only when the page itself is unreadable; bad records are reported in
    /// [`unified::MappedPage::failures`].
    fn to_unified_list(
        &self,
        resource: &dyn Resource,
        page: &[u8],
        options: &MapOptions,
        base_url: Option<&str>,
    ) -> Result<unified::MappedPage, Error>;
}

/// Which way an option applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Direction {
    /// Provider records → unified refunds.
    ToUnified,
    /// Unified refunds → provider requests and records.
    FromUnified,
    /// Both ways.
    Both,
}

impl Direction {
    /// Whether an option of this direction applies to a mapping that goes `way`.
    pub fn applies_to(self, way: Direction) -> bool {
        match self {
            Direction::Both => true,
            Direction::ToUnified | Direction::FromUnified => self == way || way == Direction::Both,
        }
    }
}

/// A provider option, as code that sets options by name sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct OptionSpec {
    /// The option's name, snake case (`business_id`); a command line spells it `--business-id`.
    pub name: &'static str,
    /// What its value is (`UUID`), or `None` for a switch.
    pub value: Option<&'static str>,
    /// Which mappings it affects.
    pub direction: Direction,
    /// What it does, in a sentence.
    pub help: &'static str,
}

impl OptionSpec {
    /// An option taking a value.
    pub const fn value(
        name: &'static str,
        value: &'static str,
        direction: Direction,
        help: &'static str,
    ) -> Self {
        Self {
            name,
            value: Some(value),
            direction,
            help,
        }
    }

    /// A switch (no value).
    pub const fn switch(name: &'static str, direction: Direction, help: &'static str) -> Self {
        Self {
            name,
            value: None,
            direction,
            help,
        }
    }
}

/// An option set by name that cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OptionError {
    /// The provider takes no option of that name.
    #[error("{provider} has no option {name:?}; its options are: {}", known.join(", "))]
    Unknown {
        /// The provider asked.
        provider: &'static str,
        /// The name given.
        name: String,
        /// The options it takes.
        known: Vec<&'static str>,
    },
    /// The value was missing, or given to a switch.
    #[error("the {provider} option {name} {}", if *expects_value { "needs a value" } else { "takes no value" })]
    Value {
        /// The provider asked.
        provider: &'static str,
        /// The option.
        name: &'static str,
        /// Whether it takes a value.
        expects_value: bool,
    },
}
