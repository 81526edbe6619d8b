//! The providers in use, and the questions answered across all of them.

use std::sync::LazyLock;

use super::{Probe, Provider, Resource};
use crate::error::Error;
use crate::mapping::{MapOptions, Mapped, MappingError, ValidatedJson, ValidatedRefund};
use crate::schema::Target;
use crate::unified;

/// The providers shipped with the crate. Registering a new one is one line here.
static BUILTIN: &[&dyn Provider] = &[&crate::thredfi::Thredfi];

/// A set of providers: what the generic code (bulk mapping, the CLI) asks about
/// resources, schemas, options and recognition.
///
/// ```
/// use unified_accounting::Registry;
///
/// let registry = Registry::builtin();
/// let resource = registry.resource("customer-refund").unwrap();
/// assert_eq!(resource.provider(), "thredfi");
/// assert!(registry.target("apideck-refund").is_some());
/// ```
#[derive(Clone)]
pub struct Registry {
    providers: Vec<&'static dyn Provider>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.providers.iter().map(|provider| provider.name()))
            .finish()
    }
}

/// The built-in providers, as [`Registry::builtin`] (not an empty registry: that is
/// [`Registry::empty`]).
impl Default for Registry {
    fn default() -> Self {
        Registry::builtin().clone()
    }
}

impl Registry {
    /// The providers shipped with the crate.
    pub fn builtin() -> &'static Registry {
        static REGISTRY: LazyLock<Registry> = LazyLock::new(|| Registry {
            providers: BUILTIN.to_vec(),
        });
        &REGISTRY
    }

    /// A registry with no provider.
    pub fn empty() -> Registry {
        Registry {
            providers: Vec::new(),
        }
    }

    /// This registry with `provider` added after the others (a provider of the same name is
    /// replaced).
    pub fn with(mut self, provider: &'static dyn Provider) -> Registry {
        self.providers.retain(|held| held.name() != provider.name());
        self.providers.push(provider);
        self
    }

    /// The providers, in registration order.
    pub fn providers(&self) -> &[&'static dyn Provider] {
        &self.providers
    }

    /// The provider named `name`.
    pub fn provider(&self, name: &str) -> Option<&'static dyn Provider> {
        self.providers
            .iter()
            .copied()
            .find(|provider| provider.name() == name)
    }

    /// Every resource of every provider.
    pub fn resources(&self) -> impl Iterator<Item = &'static dyn Resource> + '_ {
        self.providers
            .iter()
            .flat_map(|provider| provider.resources().iter().copied())
    }

    /// The resource named `name`: `provider/resource` (`thredfi/customer-refund`), or the
    /// resource name alone when one provider has it.
    pub fn resource(&self, name: &str) -> Option<&'static dyn Resource> {
        if let Some((provider, resource)) = name.split_once('/') {
            return self
                .resources()
                .find(|held| held.provider() == provider && held.name() == resource);
        }
        let mut matching = self.resources().filter(|held| held.name() == name);
        let found = matching.next()?;
        matching.next().is_none().then_some(found)
    }

    /// The names [`resource`](Self::resource) accepts: each resource's own name when it is
    /// unique, `provider/resource` otherwise.
    pub fn resource_names(&self) -> Vec<String> {
        self.resources()
            .map(|resource| {
                if self.resource(resource.name()).is_some() {
                    resource.name().to_owned()
                } else {
                    format!("{}/{}", resource.provider(), resource.name())
                }
            })
            .collect()
    }

    /// Every schema: the unified model's, then each provider's.
    pub fn targets(&self) -> impl Iterator<Item = &'static Target> + '_ {
        unified::targets::ALL.iter().copied().chain(
            self.providers
                .iter()
                .flat_map(|provider| provider.targets().iter().copied()),
        )
    }

    /// The schema named `name` ([`Target::name`]).
    pub fn target(&self, name: &str) -> Option<&'static Target> {
        self.targets().find(|target| target.name() == name)
    }

    /// Which resource a provider record is: the first provider that recognises its top-level
    /// keys.
    pub fn recognise(&self, record: &Probe) -> Option<&'static dyn Resource> {
        self.providers
            .iter()
            .find_map(|provider| provider.recognise(record))
    }

    /// Reads a provider record whose resource is not named and maps it to unified: the first
    /// provider's one-pass path when it is sure, else one [`Probe`] of the record to recognise
    /// it. Only the first provider guesses: a later one's guess could take a record that an
    /// earlier provider's [`Provider::recognise`] claims, and recognition goes in registration
    /// order.
    ///
    /// # Errors
    ///
    /// The record's [`Error`]; [`MappingError::Unrecognised`] when no provider recognises it.
    pub fn to_unified(
        &self,
        record: &[u8],
        options: &MapOptions,
    ) -> Result<Mapped<ValidatedRefund>, Error> {
        if let Some(mapped) = self
            .providers
            .first()
            .and_then(|provider| provider.to_unified_unnamed(record, options))
        {
            return mapped;
        }
        self.recognised(record)?.to_unified(record, options)
    }

    /// [`to_unified`](Self::to_unified) when only the JSON text is wanted (see
    /// [`Resource::to_unified_json`]): the same text and warnings.
    ///
    /// # Errors
    ///
    /// As [`to_unified`](Self::to_unified).
    pub fn to_unified_json(
        &self,
        record: &[u8],
        options: &MapOptions,
    ) -> Result<Mapped<ValidatedJson>, Error> {
        if let Some(mapped) = self
            .providers
            .first()
            .and_then(|provider| provider.to_unified_unnamed_json(record, options))
        {
            return mapped;
        }
        self.recognised(record)?.to_unified_json(record, options)
    }

    /// The resource of a record, probed and recognised.
    fn recognised(&self, record: &[u8]) -> Result<&'static dyn Resource, Error> {
        let probe = Probe::of(record)?;
        self.recognise(&probe)
            .ok_or_else(|| Error::Mapping(self.unrecognised()))
    }

    /// Which resource a unified refund should become: the one its carried data names, else the
    /// first provider's choice.
    ///
    /// # Errors
    ///
    /// [`MappingError::Unrecognised`] when the registry has no provider.
    pub fn resource_for_unified(
        &self,
        refund: &unified::Refund,
    ) -> Result<&'static dyn Resource, MappingError> {
        self.providers
            .iter()
            .find_map(|provider| provider.resource_for_unified(refund, false))
            .or_else(|| {
                self.providers
                    .first()
                    .and_then(|provider| provider.resource_for_unified(refund, true))
            })
            .ok_or_else(|| self.unrecognised())
    }

    /// The page format a document with these top-level keys belongs to.
    pub fn pages(&self, document: &Probe) -> Option<&'static dyn super::Pages> {
        self.providers
            .iter()
            .filter_map(|provider| provider.pages())
            .find(|pages| pages.is_page(document))
    }

    fn unrecognised(&self) -> MappingError {
        MappingError::Unrecognised {
            hints: self
                .providers
                .iter()
                .map(|provider| provider.recognition_hint())
                .collect(),
            resources: self.resource_names(),
        }
    }
}
