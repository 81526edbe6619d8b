//! Provider options as flags, and the flag a library message's option is.
//!
//! Each option a provider declares ([`OptionSpec`]) is a flag of the commands it applies to:
//! `business_id` is `--business-id`. The name is prefixed with the provider
//! (`--thredfi-business-id`) when two providers take an option of that name, or when it would
//! collide with a flag of the command itself (`--kind`, `--strict`, `--record`, ...).
//!
//! The library's messages name library options (`the Thredfi option vendor_id`);
//! [`Hints::hint`] turns the option an error asks for into the flag to pass, for the result
//! envelope and the terminal.

use clap::ArgMatches;
use unified_accounting::provider::{Direction, OptionSpec};
use unified_accounting::{Error, MapOptions, Provider, Remedy};

use crate::input::Unusable;

/// Adds a flag per option of `providers` that applies to `way`.
pub fn option_flags(
    mut command: clap::Command,
    providers: &[&'static dyn Provider],
    way: Direction,
) -> clap::Command {
    for (provider, spec) in provider_options(providers, way) {
        let flag = flag_name(&command, providers, provider, spec.name);
        let arg = clap::Arg::new(option_id(provider, spec.name))
            .long(flag)
            .help(format!(
                "{} (the {} option {}).",
                spec.help.trim_end_matches('.'),
                provider.display_name(),
                spec.name
            ));
        command = command.arg(match spec.value {
            Some(value) => arg.value_name(value).action(clap::ArgAction::Set),
            None => arg.action(clap::ArgAction::SetTrue),
        });
    }
    command
}

fn provider_options(
    providers: &[&'static dyn Provider],
    way: Direction,
) -> impl Iterator<Item = (&'static dyn Provider, &'static OptionSpec)> {
    providers.iter().flat_map(move |provider| {
        provider
            .options()
            .iter()
            .filter(move |spec| spec.direction.applies_to(way))
            .map(move |spec| (*provider, spec))
    })
}

fn option_id(provider: &dyn Provider, name: &str) -> String {
    format!("{}.{name}", provider.name())
}

/// `--business-id` for `business_id`, prefixed with the provider when the plain name is taken.
fn flag_name(
    command: &clap::Command,
    providers: &[&'static dyn Provider],
    provider: &dyn Provider,
    name: &str,
) -> String {
    let flag = name.replace('_', "-");
    let shared = providers
        .iter()
        .filter(|other| other.options().iter().any(|spec| spec.name == name))
        .count()
        > 1;
    let builtin = ["help", "version"].contains(&flag.as_str())
        || command
            .get_arguments()
            .any(|arg| arg.get_long() == Some(flag.as_str()));
    if shared || builtin {
        format!("{}-{flag}", provider.name())
    } else {
        flag
    }
}

/// The provider options given as flags, set on `options`.
pub fn options_from_flags(
    matches: &ArgMatches,
    providers: &[&'static dyn Provider],
    way: Direction,
    mut options: MapOptions,
) -> Result<MapOptions, Unusable> {
    for (provider, spec) in provider_options(providers, way) {
        let id = option_id(provider, spec.name);
        let value = match spec.value {
            Some(_) => match matches.try_get_one::<String>(&id) {
                Ok(Some(value)) => Some(value.as_str()),
                Ok(None) | Err(_) => continue,
            },
            None if matches.try_get_one::<bool>(&id).ok().flatten() == Some(&true) => None,
            None => continue,
        };
        options = provider
            .set_option(options, spec.name, value)
            .map_err(|error| Unusable(error.to_string()))?;
    }
    Ok(options)
}

/// What a command-line user passes for what an error asks: for each provider option of a
/// command, its flag; for a record no provider recognises, `--kind`.
#[derive(Debug, Default)]
pub struct Hints {
    /// Provider (as messages name it), option, and what to pass.
    options: Vec<(&'static str, &'static str, String)>,
}

impl Hints {
    /// The hints of `command` (a subcommand, with its option flags added) for `providers`.
    pub fn new(command: &clap::Command, providers: &[&'static dyn Provider]) -> Self {
        let mut options = Vec::new();
        for provider in providers {
            for spec in provider.options() {
                let id = option_id(*provider, spec.name);
                let Some(flag) = command
                    .get_arguments()
                    .find(|arg| arg.get_id().as_str() == id)
                    .and_then(|arg| arg.get_long())
                else {
                    continue;
                };
                let pass = match spec.value {
                    Some(value) => format!("pass --{flag} {value}"),
                    None => format!("pass --{flag}"),
                };
                options.push((provider.display_name(), spec.name, pass));
            }
        }
        Self { options }
    }

    /// The hint for `error`, if a flag answers it.
    pub fn hint(&self, error: &Error) -> Option<String> {
        let (provider, option) = match error.remedy()? {
            Remedy::Option { provider, option } => (provider, option),
            Remedy::Resource { resources } => {
                return Some(format!("pass --kind {}", resources.join(" or --kind ")));
            }
            // `Remedy` is `#[non_exhaustive]`: a remedy without a flag gets no hint.
            _ => return None,
        };
        self.options
            .iter()
            .find(|(held_provider, held_option, _)| {
                *held_provider == provider && *held_option == option
            })
            .map(|(_, _, pass)| pass.clone())
    }
}

#[cfg(test)]
mod tests {
    use unified_accounting::provider::Probe;
    use unified_accounting::schema::Target;
    use unified_accounting::{Registry, Resource, unified};

    use super::*;

    /// A provider with an option named like Thredfi's and one named like a flag of the command.
    struct Clashing;

    static OPTIONS: [OptionSpec; 2] = [
        OptionSpec::value("business_id", "ID", Direction::ToUnified, "Its business."),
        OptionSpec::switch("strict", Direction::ToUnified, "Its own strictness."),
    ];

    impl Provider for Clashing {
        fn name(&self) -> &'static str {
            "clashing"
        }
        fn resources(&self) -> &'static [&'static dyn Resource] {
            &[]
        }
        fn targets(&self) -> &'static [&'static Target] {
            &[]
        }
        fn options(&self) -> &'static [OptionSpec] {
            &OPTIONS
        }
        fn recognise(&self, _: &Probe) -> Option<&'static dyn Resource> {
            None
        }
        fn recognition_hint(&self) -> &'static str {
            "it recognises nothing"
        }
        fn resource_for_unified(
            &self,
            _: &unified::Refund,
            _: bool,
        ) -> Option<&'static dyn Resource> {
            None
        }
    }

    static CLASHING: Clashing = Clashing;

    fn longs(command: &clap::Command) -> Vec<&str> {
        command
            .get_arguments()
            .filter_map(|arg| arg.get_long())
            .collect()
    }

    #[test]
    fn a_shared_or_taken_name_is_prefixed_with_the_provider() {
        let registry = Registry::builtin().clone().with(&CLASHING);
        let base = clap::Command::new("to-unified").arg(
            clap::Arg::new("strict")
                .long("strict")
                .action(clap::ArgAction::SetTrue),
        );
        let command = option_flags(base, registry.providers(), Direction::ToUnified);
        let flags = longs(&command);
        assert!(flags.contains(&"thredfi-business-id"), "{flags:?}");
        assert!(flags.contains(&"clashing-business-id"), "{flags:?}");
        assert!(flags.contains(&"clashing-strict"), "{flags:?}");
        assert!(flags.contains(&"strict"), "{flags:?}");
        assert!(!flags.contains(&"business-id"), "{flags:?}");
        // Building the command checks it: a clash would fail here.
        command.clone().debug_assert();

        let matches = command
            .try_get_matches_from([
                "to-unified",
                "--clashing-strict",
                "--thredfi-business-id",
                "b-1",
            ])
            .unwrap();
        let options = options_from_flags(
            &matches,
            registry.providers(),
            Direction::ToUnified,
            MapOptions::new(),
        )
        .unwrap_err();
        // The toy takes no option by name (the trait's default): the flag reached it.
        assert!(options.0.contains("clashing"), "{}", options.0);
    }

    #[test]
    fn hints_name_the_flag_of_the_option_an_error_asks_for() {
        let registry = Registry::builtin();
        let command = option_flags(
            clap::Command::new("to-thredfi"),
            registry.providers(),
            Direction::FromUnified,
        );
        let hints = Hints::new(&command, registry.providers());
        let needed = Error::Mapping(unified_accounting::MappingError::OptionNeeded {
            path: "/custom_mappings/vendor_id".parse().unwrap(),
            expected: "the vendor's Thredfi id",
            otherwise: "set custom_mappings.vendor_id",
            provider: "Thredfi",
            option: "vendor_id",
        });
        assert_eq!(
            hints.hint(&needed).as_deref(),
            Some("pass --vendor-id UUID")
        );
        let elsewhere = Error::Mapping(unified_accounting::MappingError::OptionNeeded {
            path: "/x".parse().unwrap(),
            expected: "x",
            otherwise: "x",
            provider: "Other",
            option: "vendor_id",
        });
        assert_eq!(hints.hint(&elsewhere), None);
    }
}
