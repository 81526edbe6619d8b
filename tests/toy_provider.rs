//! The provider seam holds: a provider written outside `src/` (a toy, "Toybooks", with one
//! resource) plugs into a `Registry` and is mapped by the crate's generic code (bulk mapping,
//! recognition, schema lookup, options by name) without any edit to the crate. Registration into
//! `Registry::builtin()` is the one line in `src/provider/registry.rs` that a shipped provider adds;
//! an embedder's provider uses `Registry::with`, as here.

// Test, benchmark and example code may panic: that is how it reports a failure. The
// workspace denies panics (Cargo.toml, [workspace.lints]) for the library and the CLI.
#![allow(clippy::restriction)]

use serde::{Deserialize, Serialize};
use unified_accounting::bulk::{BulkMapper, Operation};
use unified_accounting::json::{JsonObject, JsonValue};
use unified_accounting::money::{JsonDecimal, cents_to_decimal, decimal_to_cents};
use unified_accounting::provider::{Direction, OptionError, OptionSpec, Pages};
use unified_accounting::schema::{Document, Target};
use unified_accounting::unified::{self, Currency};
use unified_accounting::{
    Error, MapOptions, Mapped, MappingError, Nullable, Probe, Provider, Registry, Resource,
    ValidatedJson, ValidatedRefund, Warning, WarningCode, decode, mapping,
};

// ---------------------------------------------------------------------------------------------
// The toy provider: what a provider folder would hold.

/// Toybooks' schema: its refund record and its create request.
static DOCUMENT: Document = Document::new(
    "urn:toybooks:refunds:1",
    r#"{"components": {"schemas": {
        "ToyRefund": {
            "type": "object",
            "required": ["toy_id", "amount_cents", "currency"],
            "properties": {
                "toy_id": {"type": "string"},
                "amount_cents": {"type": "integer"},
                "currency": {"type": "string", "minLength": 3, "maxLength": 3},
                "memo": {"type": ["string", "null"]}
            },
            "additionalProperties": false
        },
        "CreateToyRefund": {
            "type": "object",
            "required": ["amount_cents", "currency", "till"],
            "properties": {
                "amount_cents": {"type": "integer", "minimum": 1},
                "currency": {"type": "string"},
                "till": {"type": "string"}
            },
            "additionalProperties": false
        }
    }}}"#,
);

static TOY_REFUND: Target = Target::new(
    "toybooks-refund",
    "ToyRefund",
    &DOCUMENT,
    "a Toybooks refund",
);
static CREATE_TOY_REFUND: Target = Target::new(
    "toybooks-create-refund",
    "CreateToyRefund",
    &DOCUMENT,
    "the body of Toybooks' create-refund request",
);

/// A Toybooks record.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ToyRefund {
    toy_id: String,
    amount_cents: i64,
    currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    memo: Option<String>,
}

#[derive(Debug, Serialize)]
struct CreateToyRefund {
    amount_cents: i64,
    currency: String,
    till: String,
}

/// Toybooks' options: which till a create request books on.
#[derive(Debug, Clone, Default, PartialEq)]
struct ToyOptions {
    till: Option<String>,
}

impl unified_accounting::mapping::ProviderOptions for ToyOptions {}

static OPTIONS: [OptionSpec; 1] = [OptionSpec::value(
    "till",
    "NAME",
    Direction::FromUnified,
    "The till a create request books on.",
)];

#[derive(Debug)]
struct Toybooks;

#[derive(Debug)]
struct ToyRefunds;

static TOYBOOKS: Toybooks = Toybooks;
static TARGETS: [&Target; 2] = [&TOY_REFUND, &CREATE_TOY_REFUND];

impl Provider for Toybooks {
    fn name(&self) -> &'static str {
        "toybooks"
    }

    fn resources(&self) -> &'static [&'static dyn Resource] {
        &[&ToyRefunds]
    }

    fn targets(&self) -> &'static [&'static Target] {
        &TARGETS
    }

    fn options(&self) -> &'static [OptionSpec] {
        &OPTIONS
    }

    fn set_option(
        &self,
        options: MapOptions,
        name: &str,
        value: Option<&str>,
    ) -> Result<MapOptions, OptionError> {
        match (name, value) {
            ("till", Some(till)) => Ok(options.update(|mut toy: ToyOptions| {
                toy.till = Some(till.to_owned());
                toy
            })),
            _ => Err(OptionError::Unknown {
                provider: "toybooks",
                name: name.to_owned(),
                known: vec!["till"],
            }),
        }
    }

    fn recognise(&self, record: &Probe) -> Option<&'static dyn Resource> {
        record.has_key("toy_id").then_some(&ToyRefunds as _)
    }

    fn recognition_hint(&self) -> &'static str {
        "a Toybooks refund has the key toy_id"
    }

    fn resource_for_unified(
        &self,
        refund: &unified::Refund,
        any: bool,
    ) -> Option<&'static dyn Resource> {
        let ours = refund
            .custom_mappings
            .as_present()
            .is_some_and(|carried| carried.contains_key("toy_id"));
        (ours || any).then_some(&ToyRefunds as _)
    }

    fn pages(&self) -> Option<&'static dyn Pages> {
        None
    }
}

impl Resource for ToyRefunds {
    fn provider(&self) -> &'static str {
        "toybooks"
    }

    fn name(&self) -> &'static str {
        "toy-refund"
    }

    fn description(&self) -> &'static str {
        "Toybooks refunds"
    }

    fn to_unified(
        &self,
        record: &[u8],
        _options: &MapOptions,
    ) -> Result<Mapped<ValidatedRefund>, Error> {
        let toy: ToyRefund = decode::from_slice(record)?;
        let mut carried = JsonObject::new();
        carried.insert("toy_id".into(), JsonValue::String(toy.toy_id.clone()));
        let mut warnings = Vec::new();
        if let Some(memo) = &toy.memo {
            warnings.push(Warning {
                code: WarningCode::NotCarried,
                source: "/memo".parse().unwrap(),
                target: None,
                message: format!("the memo {memo:?} has no home in the unified refund"),
            });
        }
        let refund = unified::Refund {
            id: Some(toy.toy_id),
            total_amount: Nullable::Present(JsonDecimal::from(cents_to_decimal(toy.amount_cents))),
            currency: Nullable::Present(Currency::new(toy.currency)),
            custom_mappings: Nullable::Present(carried),
            ..unified::Refund::default()
        };
        Ok(Mapped {
            output: ValidatedRefund::new(refund)?,
            warnings,
        })
    }

    fn to_create_request(
        &self,
        refund: &unified::Refund,
        options: &MapOptions,
    ) -> Result<Mapped<ValidatedJson>, Error> {
        let till = options
            .get::<ToyOptions>()
            .and_then(|toy| toy.till.clone())
            .ok_or_else(|| MappingError::Missing {
                path: unified_accounting::JsonPointer::root(),
                expected: "the till",
                hint: Some("set the Toybooks option till".into()),
            })?;
        let request = CreateToyRefund {
            amount_cents: amount_cents(refund)?,
            currency: currency(refund),
            till,
        };
        Ok(Mapped {
            output: mapping::validated(&request, &CREATE_TOY_REFUND)?,
            warnings: Vec::new(),
        })
    }

    fn to_record(
        &self,
        refund: &unified::Refund,
        _options: &MapOptions,
    ) -> Result<Mapped<ValidatedJson>, Error> {
        let record = ToyRefund {
            toy_id: refund.id.clone().unwrap_or_default(),
            amount_cents: amount_cents(refund)?,
            currency: currency(refund),
            memo: None,
        };
        Ok(Mapped {
            output: mapping::validated(&record, &TOY_REFUND)?,
            warnings: Vec::new(),
        })
    }
}

fn amount_cents(refund: &unified::Refund) -> Result<i64, MappingError> {
    let amount = refund
        .total_amount
        .as_present()
        .map(|amount| amount.get())
        .unwrap_or_default();
    Ok(decimal_to_cents(amount, "/total_amount")?)
}

fn currency(refund: &unified::Refund) -> String {
    refund
        .currency
        .as_present()
        .map(|currency| currency.as_str().to_owned())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// The crate's generic code, driving it.

fn registry() -> Registry {
    Registry::builtin().clone().with(&TOYBOOKS)
}

const TOY: &str = r#"{"toy_id": "t-1", "amount_cents": 1999, "currency": "EUR", "memo": "till 4"}"#;
const THREDFI: &str = r#"{"id":"5b0c8f9e-2d4a-4e8b-9c1f-3a7d6e5b4c2a","refunded_amount":2450,"customer_id":"0f7e6d5c-4b3a-4291-8e7d-6c5b4a392817","customer_name":"Hanna Lindqvist","allocations":[],"refund_payments":[],"document":null,"created_at":"2026-03-14T09:21:07Z","updated_at":"2026-03-14T09:21:07Z"}"#;

#[test]
fn the_registry_lists_the_toy_beside_the_builtin_providers() {
    let registry = registry();
    let names: Vec<&str> = registry.providers().iter().map(|p| p.name()).collect();
    assert_eq!(names, ["thredfi", "toybooks"]);
    assert_eq!(
        registry.resource("toy-refund").map(|r| r.provider()),
        Some("toybooks")
    );
    assert_eq!(
        registry
            .resource("toybooks/toy-refund")
            .map(|r| r.to_string()),
        Some("toybooks/toy-refund".to_owned())
    );
    assert_eq!(
        registry.target("toybooks-create-refund"),
        Some(&CREATE_TOY_REFUND)
    );
    // The built-in registry is untouched.
    assert!(Registry::builtin().resource("toy-refund").is_none());
    assert!(Registry::builtin().target("toybooks-refund").is_none());
    assert!(TOY_REFUND.warm_up().is_ok());
}

#[test]
fn bulk_mapping_recognises_each_providers_records_in_one_stream() {
    let mapper = BulkMapper::new(Operation::ToUnified).registry(registry());
    let ndjson = format!("{TOY}\n{THREDFI}\n{{\"nobody_id\": 1}}\n");
    let results: Vec<_> = mapper
        .map_ndjson(ndjson.as_bytes())
        .map(Result::unwrap)
        .collect();
    assert_eq!(results.len(), 3);

    let toy = results[0].result.as_ref().unwrap();
    assert!(
        toy.output.get().contains(r#""total_amount":19.99"#),
        "{}",
        toy.output
    );
    assert_eq!(toy.warnings.len(), 1);
    assert_eq!(toy.warnings[0].source, "/memo");

    let thredfi = results[1].result.as_ref().unwrap();
    assert!(
        thredfi
            .output
            .get()
            .contains(r#""thredfi_resource":"customer_refund""#)
    );

    let unknown = results[2].result.as_ref().unwrap_err();
    let message = unknown.to_string();
    assert!(
        message.contains("a Toybooks refund has the key toy_id"),
        "{message}"
    );
    assert!(message.contains("toy-refund"), "{message}");
}

/// Recognition goes in registration order, the fast path included: a record both providers
/// could claim goes to the one registered first.
#[test]
fn a_record_two_providers_could_claim_goes_to_the_first_registered() {
    let both = THREDFI.replacen('{', r#"{"toy_id": "t-9", "#, 1);
    let thredfi_first = BulkMapper::new(Operation::ToUnified).registry(registry());
    let mapped = thredfi_first.map_record(both.as_bytes()).unwrap();
    assert!(
        mapped
            .output
            .get()
            .contains(r#""thredfi_resource":"customer_refund""#)
    );

    let toy_first = Registry::empty()
        .with(&TOYBOOKS)
        .with(Registry::builtin().provider("thredfi").unwrap());
    let error = BulkMapper::new(Operation::ToUnified)
        .registry(toy_first)
        .map_record(both.as_bytes())
        .unwrap_err();
    // Toybooks took it, and its record type refuses Thredfi's keys.
    assert!(matches!(error, Error::Decode(_)), "{error}");
    assert!(error.to_string().contains("unknown field"), "{error}");
}

#[test]
fn the_toy_maps_back_with_its_options_set_by_name() {
    let unified = BulkMapper::new(Operation::ToUnified)
        .registry(registry())
        .map_record(TOY.as_bytes())
        .unwrap()
        .output;

    // Unified -> Toybooks: the carried toy_id names the provider, even with Thredfi first.
    let without_till = BulkMapper::new(Operation::ToCreateRequest).registry(registry());
    let error = without_till
        .map_record(unified.get().as_bytes())
        .unwrap_err();
    assert!(error.to_string().contains("till"), "{error}");

    let options = TOYBOOKS
        .set_option(MapOptions::new(), "till", Some("front"))
        .unwrap();
    assert!(
        TOYBOOKS
            .set_option(MapOptions::new(), "drawer", Some("x"))
            .is_err()
    );
    let create = BulkMapper::new(Operation::ToCreateRequest)
        .registry(registry())
        .options(options)
        .map_record(unified.get().as_bytes())
        .unwrap();
    assert_eq!(
        create.output.get(),
        r#"{"amount_cents":1999,"currency":"EUR","till":"front"}"#
    );

    let record = BulkMapper::new(Operation::ToRecord)
        .registry(registry())
        .map_record(unified.get().as_bytes())
        .unwrap();
    assert_eq!(
        record.output.get(),
        r#"{"toy_id":"t-1","amount_cents":1999,"currency":"EUR"}"#
    );
}

#[test]
fn a_toy_output_that_breaks_its_schema_is_refused() {
    // A zero amount breaks the create request's `minimum`: the output is never handed out.
    let unified = unified::Refund {
        id: Some("t-2".into()),
        total_amount: Nullable::Present(JsonDecimal::from(cents_to_decimal(0))),
        currency: Nullable::Present(Currency::new("EUR")),
        ..unified::Refund::default()
    };
    let options = MapOptions::new().with(ToyOptions {
        till: Some("front".into()),
    });
    let error = ToyRefunds
        .to_create_request(&unified, &options)
        .unwrap_err();
    assert!(
        matches!(error, Error::Mapping(MappingError::InvalidOutput(_))),
        "{error}"
    );
}
