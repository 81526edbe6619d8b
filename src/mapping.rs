//! What every mapper returns: the output, its warnings, or an error with a path.
//!
//! A mapping either succeeds with a [`Mapped`] value, whose output has already passed schema
//! validation, or fails with a [`MappingError`]. Success can still come with [`Warning`]s: facts
//! the caller should know because something did not travel exactly (a field with no home in the
//! target, payments that disagree on a method, an amount finer than its currency's minor unit).
//! Each warning names the source field, the target field when there is one, and says why.
//!
//! [`MapOptions`] turns the lenient defaults into errors ([`MapOptions::strict`]) and carries the
//! facts a record does not hold itself, such as the business it belongs to.

use std::fmt;

use serde::Serialize;

use crate::decode::DecodeError;
use crate::money::MoneyError;
use crate::pointer::JsonPointer;
use crate::schema::SchemaError;

/// A mapped output and the warnings produced on the way.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mapped<T> {
    /// The mapped document, already validated against its target schema.
    pub output: T,
    /// What did not travel exactly, in the order it was found.
    pub warnings: Vec<Warning>,
}

/// Something the caller should know about a successful mapping.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Warning {
    /// What kind of warning this is, for programs.
    pub code: WarningCode,
    /// JSON Pointer of the input field concerned.
    pub source: JsonPointer,
    /// JSON Pointer of the output field concerned, or `None` when the value has no home there.
    pub target: Option<JsonPointer>,
    /// What happened and what to do about it, for people.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.code.as_str(), self.source)?;
        if let Some(target) = &self.target {
            write!(f, " -> {target}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The kinds of [`Warning`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WarningCode {
    /// An enum value the crate does not know; it was kept where possible (strict mode: an error).
    UnknownEnumValue,
    /// Payment-method text that matches no target value; the fallback was used (strict: an error).
    UnknownPaymentMethod,
    /// Payments disagree on their method, so no single method could be given.
    PaymentMethodsDisagree,
    /// An amount has more decimals than ISO 4217 gives its currency.
    ExcessCurrencyPrecision,
    /// An input field has no home in the target and was not carried.
    NotCarried,
    /// An allocation's amount differs from the amount that was sent.
    AllocationAmountIgnored,
    /// The source sent `null` where a value gives the record its meaning (an amount, the
    /// customer, an invoice allocation's invoice); the target field is null or left out, never
    /// invented (strict mode: an error).
    NullValue,
}

impl WarningCode {
    /// The code as written in JSON (`not_carried`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::UnknownEnumValue => "unknown_enum_value",
            WarningCode::UnknownPaymentMethod => "unknown_payment_method",
            WarningCode::PaymentMethodsDisagree => "payment_methods_disagree",
            WarningCode::ExcessCurrencyPrecision => "excess_currency_precision",
            WarningCode::NotCarried => "not_carried",
            WarningCode::AllocationAmountIgnored => "allocation_amount_ignored",
            WarningCode::NullValue => "null_value",
        }
    }
}

/// Options shared by every mapper: strict mode, and each provider's own options.
///
/// Strict mode is the crate's; everything else belongs to a provider and is set as that
/// provider's options type (for Thredfi, [`crate::thredfi::Options`]: the business id, the
/// fallback vendor id, splitting refunds per invoice). A provider reads its own with
/// [`MapOptions::get`]; code that sets options by name (a command line, a binding) goes through
/// [`crate::Provider::set_option`].
///
/// ```
/// use unified_accounting::{MapOptions, thredfi};
///
/// let options = MapOptions::new()
///     .strict(true)
///     .with(thredfi::Options::new().business_id("3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c"));
/// assert!(options.is_strict());
/// let thredfi = options.get::<thredfi::Options>().unwrap();
/// assert_eq!(thredfi.business_id.as_deref(), Some("3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c"));
///
/// // Equal when strict mode and every provider's options are.
/// assert_eq!(options.clone(), options);
/// assert_ne!(options, MapOptions::new().strict(true));
/// assert_ne!(
///     options,
///     MapOptions::new().strict(true).with(thredfi::Options::new().business_id("other")),
/// );
/// ```
#[derive(Debug, Clone, Default)]
pub struct MapOptions {
    strict: bool,
    /// At most one value per type: each provider's options.
    provider: Vec<std::sync::Arc<dyn ProviderOptions>>,
}

/// A provider's options, as [`MapOptions::with`] holds them: a provider declares one struct
/// (`Debug + PartialEq`) and implements this (`impl ProviderOptions for Options {}`), so that only
/// an options type can be set, never by mistake a reference or an `Arc` to one (which
/// [`MapOptions::get`] would not find).
pub trait ProviderOptions: AsAny + fmt::Debug + Send + Sync + 'static {}

/// The value as `Any`, for [`MapOptions::get`] to downcast, and compared with another, for
/// `MapOptions`'s `PartialEq`; implemented for every `PartialEq` type.
#[doc(hidden)]
pub trait AsAny {
    /// The value as `Any`.
    fn as_any(&self) -> &dyn std::any::Any;

    /// Whether `other` is a value of the same type, equal to this one.
    fn equals(&self, other: &dyn std::any::Any) -> bool;
}

impl<T: std::any::Any + PartialEq> AsAny for T {
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn equals(&self, other: &dyn std::any::Any) -> bool {
        other.downcast_ref::<T>() == Some(self)
    }
}

/// Equal when strict mode is and every provider's options are (the order they were set in does
/// not matter).
impl PartialEq for MapOptions {
    fn eq(&self, other: &Self) -> bool {
        self.strict == other.strict
            && self.provider.len() == other.provider.len()
            && self.provider.iter().all(|held| {
                other
                    .provider
                    .iter()
                    .any(|theirs| (**held).equals((**theirs).as_any()))
            })
    }
}

impl MapOptions {
    /// Lenient options, no provider options.
    pub fn new() -> Self {
        Self::default()
    }

    /// In strict mode an unknown enum value, unknown payment-method text or a `null` that takes
    /// meaning from the record is an error that says what was expected, instead of a warning.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Sets a provider's options, replacing any earlier value of the same type.
    pub fn with<T: ProviderOptions>(mut self, options: T) -> Self {
        self.provider.retain(|held| !(**held).as_any().is::<T>());
        self.provider.push(std::sync::Arc::new(options));
        self
    }

    /// Changes a provider's options: `change` gets the current value (or the default) and
    /// returns the new one.
    ///
    /// ```
    /// use unified_accounting::{MapOptions, thredfi};
    ///
    /// let options = MapOptions::new()
    ///     .with(thredfi::Options::new().business_id("3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c"))
    ///     .update(|thredfi: thredfi::Options| thredfi.vendor_id("1d04bc6f-9066-4e59-a411-2626c70a70ef"));
    /// let thredfi = thredfi::Options::of(&options);
    /// assert!(thredfi.business_id.is_some() && thredfi.vendor_id.is_some());
    /// ```
    pub fn update<T: ProviderOptions + Clone + Default>(self, change: impl FnOnce(T) -> T) -> Self {
        let current = self.get::<T>().cloned().unwrap_or_default();
        self.with(change(current))
    }

    /// Whether strict mode is on.
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// A provider's options of type `T`, if set.
    pub fn get<T: ProviderOptions>(&self) -> Option<&T> {
        self.provider
            .iter()
            .find_map(|held| (**held).as_any().downcast_ref::<T>())
    }
}

/// Errors of the mapping layer. Each names the JSON Pointer of the input field at fault
/// ([`MappingError::path`]) and says what would work instead; [`MappingError::kind`] tells the
/// failures apart without reading the message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MappingError {
    /// An enum value outside the allowed set, in strict mode (or where no fallback exists).
    #[error("{}unknown value {value:?}; expected one of: {}", at(path), allowed.join(", "))]
    UnknownEnumValue {
        /// JSON Pointer of the field.
        path: JsonPointer,
        /// The value found.
        value: String,
        /// Every allowed value.
        allowed: Vec<&'static str>,
    },
    /// A required value is missing or null.
    #[error("{}{expected} is required{hint}", at(path), hint = format_hint(.hint))]
    Missing {
        /// JSON Pointer of the field.
        path: JsonPointer,
        /// What was expected there.
        expected: &'static str,
        /// What to do about it, if there is something to say.
        hint: Option<String>,
    },
    /// A value the record lacks and a provider option can supply (Thredfi's `vendor_id`).
    #[error(
        "{}{expected} is required ({otherwise}, or pass the {provider} option {option})",
        at(path)
    )]
    OptionNeeded {
        /// JSON Pointer of the field.
        path: JsonPointer,
        /// What was expected there.
        expected: &'static str,
        /// What else would supply it.
        otherwise: &'static str,
        /// The provider whose option it is (`Thredfi`), as messages name it.
        provider: &'static str,
        /// The option's name (`vendor_id`), as [`crate::provider::OptionSpec::name`] gives it.
        option: &'static str,
    },
    /// In strict mode, a `null` where a value gives the record its meaning (by default a
    /// [`WarningCode::NullValue`] warning).
    #[error(
        "{}is null, but {expected} is needed for a meaningful record (strict mode; without it \
         this is a warning and the field stays null or is left out)",
        at(path)
    )]
    NullValue {
        /// JSON Pointer of the field.
        path: JsonPointer,
        /// What the value would have been.
        expected: &'static str,
    },
    /// A refund whose status says it cannot become a new provider record (voided, deleted).
    #[error(
        "{}a {status} refund cannot be created in {provider}; only {} refunds (or none given) can \
         be sent",
        at(path),
        or_list(allowed)
    )]
    StatusNotCreatable {
        /// The provider whose record or request this is (`Thredfi`), as messages name it.
        provider: &'static str,
        /// JSON Pointer of the status.
        path: JsonPointer,
        /// The status found.
        status: crate::unified::RefundStatus,
        /// The statuses that can be sent.
        allowed: Vec<&'static str>,
    },
    /// An amount the target needs to be positive (at least one cent) is zero or negative.
    #[error(
        "{}{amount} is not a positive amount; {provider} requires at least 0.01",
        at(path)
    )]
    NotPositive {
        /// The provider whose record or request this is (`Thredfi`), as messages name it.
        provider: &'static str,
        /// JSON Pointer of the amount.
        path: JsonPointer,
        /// The amount, in major units.
        amount: rust_decimal::Decimal,
    },
    /// A processing fee below zero, which a create request refuses.
    #[error(
        "{}{fee} is a negative processing fee; {provider}'s create request takes a fee of 0 or more",
        at(path)
    )]
    NegativeFee {
        /// The provider whose record or request this is (`Thredfi`), as messages name it.
        provider: &'static str,
        /// JSON Pointer of the fee.
        path: JsonPointer,
        /// The fee, in major units.
        fee: rust_decimal::Decimal,
    },
    /// The allocations add up to more than the refund.
    #[error(
        "{}the allocations add up to {allocated} but total_amount is {total}; {provider} cannot \
         allocate more than the refund",
        at(path)
    )]
    OverAllocated {
        /// The provider whose record or request this is (`Thredfi`), as messages name it.
        provider: &'static str,
        /// JSON Pointer of the allocations.
        path: JsonPointer,
        /// What the allocations add up to, in major units.
        allocated: rust_decimal::Decimal,
        /// The refund's total, in major units.
        total: rust_decimal::Decimal,
    },
    /// Text longer than the target field allows; cutting it would lose data silently.
    #[error(
        "{}{length} characters is too long for {provider}'s {field} (at most {max}); shorten it \
         before mapping",
        at(path)
    )]
    TooLong {
        /// The provider whose record or request this is (`Thredfi`), as messages name it.
        provider: &'static str,
        /// JSON Pointer of the text.
        path: JsonPointer,
        /// The target field.
        field: &'static str,
        /// The text's length, in characters.
        length: usize,
        /// The most characters the field takes.
        max: usize,
    },
    /// An identifier that must be a UUID is not one.
    #[error(
        "{}{provider} identifies {what} by UUID: expected a UUID such as \
         3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c",
        at(path)
    )]
    NotAUuid {
        /// The provider whose record or request this is (`Thredfi`), as messages name it.
        provider: &'static str,
        /// JSON Pointer of the identifier.
        path: JsonPointer,
        /// The text found.
        text: String,
        /// What the identifier names (`invoices`, `its records`).
        what: &'static str,
    },
    /// Several invoice allocations where one request covers one invoice.
    #[error(
        "{}{} invoice allocations (at indexes {}), but a {provider} refund covers one invoice; set \
         the {provider} option {option} to send one request per invoice",
        at(path),
        indexes.len(),
        join_indexes(indexes)
    )]
    SeveralInvoices {
        /// The provider whose record or request this is (`Thredfi`), as messages name it.
        provider: &'static str,
        /// The provider option that splits such a refund into one request per invoice.
        option: &'static str,
        /// JSON Pointer of the allocations.
        path: JsonPointer,
        /// The indexes of the invoice allocations; their count is `indexes.len()`.
        indexes: Vec<usize>,
    },
    /// An allocation type the target resource cannot hold.
    #[error(
        "{}allocation {index} has type {found}, which a {provider} {resource} cannot hold: use {}",
        at(path),
        or_list(allowed)
    )]
    AllocationTypeNotAllowed {
        /// The provider whose record or request this is (`Thredfi`), as messages name it.
        provider: &'static str,
        /// The resource that cannot hold it (`vendor refund`).
        resource: &'static str,
        /// JSON Pointer of the allocation's type.
        path: JsonPointer,
        /// The allocation's index.
        index: usize,
        /// The type found.
        found: crate::unified::AllocationType,
        /// The types that can be sent.
        allowed: Vec<&'static str>,
    },
    /// A full provider record was asked for, but the unified refund does not say it came from
    /// that provider resource.
    #[error(
        "{}expected {expected:?}, found {}: only a unified refund produced from a {provider} {} \
         carries what a full {provider} record needs; to create a new record in {provider}, map it to a \
         create request instead",
        at(path),
        found.as_ref().map_or_else(|| "nothing".to_owned(), |text| format!("{text:?}")),
        expected.replace('_', " ")
    )]
    NotFromResource {
        /// The provider whose record or request this is (`Thredfi`), as messages name it.
        provider: &'static str,
        /// JSON Pointer of the carried resource name.
        path: JsonPointer,
        /// The resource name needed.
        expected: &'static str,
        /// The resource name carried, if any.
        found: Option<String>,
    },
    /// A carried (`custom_mappings`) value of the wrong JSON type.
    #[error("{}expected {expected}, found {found}", at(path))]
    CarriedWrongType {
        /// JSON Pointer of the carried value.
        path: JsonPointer,
        /// The JSON type(s) expected.
        expected: &'static str,
        /// The JSON type found.
        found: &'static str,
    },
    /// Carried (`custom_mappings`) data that cannot be read as the provider's wire type.
    #[error("{}carried {provider} data is not valid: {}", at(path), source.message)]
    CarriedUnreadable {
        /// The provider whose record or request this is (`Thredfi`), as messages name it.
        provider: &'static str,
        /// JSON Pointer of the field at fault, inside `custom_mappings`.
        path: JsonPointer,
        /// What reading it reported (its path is relative to the carried value).
        #[source]
        source: DecodeError,
    },
    /// The carried allocation list is `null` but the refund has allocations.
    #[error(
        "{}is null (the {provider} record had no allocation list) but the refund has {count} \
         allocation(s); allocations cannot be added on a record that goes back to {provider}",
        at(path)
    )]
    CarriedAllocationsNull {
        /// The provider whose record or request this is (`Thredfi`), as messages name it.
        provider: &'static str,
        /// JSON Pointer of the carried allocations.
        path: JsonPointer,
        /// How many allocations the refund has.
        count: usize,
    },
    /// The refund has a different number of allocations than it carries.
    #[error(
        "{}carries {carried} allocation(s) but the refund has {found}; allocations cannot be \
         added or removed on a record that goes back to {provider}",
        at(path)
    )]
    AllocationCountChanged {
        /// The provider whose record or request this is (`Thredfi`), as messages name it.
        provider: &'static str,
        /// JSON Pointer of the carried allocations.
        path: JsonPointer,
        /// How many allocations are carried.
        carried: usize,
        /// How many the refund has.
        found: usize,
    },
    /// A `pass_through` JSONPath of a form other than `$.a.b`.
    #[error(
        "{}unsupported JSONPath {json_path:?}: only simple paths such as $.memo or \
         $.metadata.source are supported; use extend_object for top-level keys",
        at(path)
    )]
    UnsupportedJsonPath {
        /// JSON Pointer of the JSONPath.
        path: JsonPointer,
        /// The JSONPath given.
        json_path: String,
    },
    /// A `pass_through` JSONPath with more names than are supported.
    #[error(
        "{}the JSONPath has {names} names; at most {max} are supported",
        at(path)
    )]
    JsonPathTooDeep {
        /// JSON Pointer of the JSONPath.
        path: JsonPointer,
        /// How many names it has.
        names: usize,
        /// The most names supported.
        max: usize,
    },
    /// A `pass_through` JSONPath that goes through a value that is not an object.
    #[error(
        "{}cannot set a value inside {name:?}: it is {found}, not an object",
        at(path)
    )]
    JsonPathThroughNonObject {
        /// JSON Pointer of the JSONPath.
        path: JsonPointer,
        /// The name whose value is not an object.
        name: String,
        /// The JSON type found there.
        found: &'static str,
    },
    /// After `pass_through` was applied, the request broke its schema: the caller's extension
    /// is at fault.
    #[error(
        "{}after applying pass_through, the request is invalid: {source}",
        at(path)
    )]
    PassThroughBrokeRequest {
        /// JSON Pointer of `pass_through`.
        path: JsonPointer,
        /// The schema violations.
        #[source]
        source: SchemaError,
    },
    /// A mapped output could not be written as JSON: a bug of the crate, to be reported.
    #[error("{what} could not be written{}", written_detail(.source.as_ref()))]
    NotWritable {
        /// What was being written.
        what: String,
        /// What the writer reported, when it said anything.
        #[source]
        source: Option<WriteError>,
    },
    /// No provider recognises the record, and its resource was not named.
    #[error(
        "cannot tell which resource this record is ({}); name it (BulkMapper::resource, or \
         Registry::resource by name: {})",
        hints.join("; "),
        resources.join(", ")
    )]
    Unrecognised {
        /// How each provider recognises its records.
        hints: Vec<&'static str>,
        /// The names a resource can be given by.
        resources: Vec<String>,
    },
    /// An amount that cannot be converted exactly.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// The mapped output broke its target schema, so it was not emitted. With valid input this is
    /// a bug in the crate, surfaced instead of an invalid document; it can also come from carried
    /// data (`custom_mappings`) that was edited into something the target rejects.
    #[error(
        "the mapped output was not emitted because it breaks its schema (if the input is valid, \
         this is a bug in unified-accounting: please report it): {0}"
    )]
    InvalidOutput(#[source] SchemaError),
}

/// What the caller can give to answer a [`MappingError`]: the front end (a command line, a
/// binding) only phrases it (`--vendor-id UUID`, `vendor_id="UUID"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Remedy<'e> {
    /// Set a provider option.
    Option {
        /// The provider, as messages name it ([`crate::Provider::display_name`]).
        provider: &'static str,
        /// The option's name ([`crate::provider::OptionSpec::name`]).
        option: &'static str,
    },
    /// Name the resource the record is, one of `resources`.
    Resource {
        /// The names a resource can be given by.
        resources: &'e [String],
    },
}

impl MappingError {
    /// What the caller can give to answer this error, if anything answers it.
    pub fn remedy(&self) -> Option<Remedy<'_>> {
        match self {
            MappingError::OptionNeeded {
                provider, option, ..
            }
            | MappingError::SeveralInvoices {
                provider, option, ..
            } => Some(Remedy::Option { provider, option }),
            MappingError::Unrecognised { resources, .. } => Some(Remedy::Resource { resources }),
            // Every other failure is in the record itself: no option or name changes it.
            _ => None,
        }
    }
}

/// What a JSON writer reported (serde_json's errors are neither `Clone` nor `PartialEq`, which
/// [`MappingError`] is, so its message is kept).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct WriteError {
    message: String,
}

impl WriteError {
    pub(crate) fn from_json(error: &serde_json::Error) -> Self {
        Self {
            message: error.to_string(),
        }
    }
}

/// `MappingErrorKind`, its names and `MappingError::kind`, from one list of the variants and their
/// report names: a new variant is one line here (the compiler asks for it, as `kind` matches
/// every variant).
macro_rules! kinds {
    ($($variant:ident => $name:literal),+ $(,)?) => {
        /// The kinds of [`MappingError`], as [`MappingError::kind`] reports them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum MappingErrorKind {
            $(
                #[doc = concat!("[`MappingError::", stringify!($variant), "`].")]
                $variant,
            )+
        }

        impl MappingErrorKind {
            /// Every kind, in declaration order: for bindings and reports that list them.
            pub const ALL: &'static [MappingErrorKind] = &[$(MappingErrorKind::$variant,)+];

            /// The stable snake_case name written in reports (`over_allocated`, ...).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(MappingErrorKind::$variant => $name,)+
                }
            }
        }

        impl MappingError {
            /// The kind of failure, for code that handles kinds differently and for
            /// machine-readable reports ([`MappingErrorKind::as_str`]).
            pub fn kind(&self) -> MappingErrorKind {
                match self {
                    $(MappingError::$variant { .. } => MappingErrorKind::$variant,)+
                }
            }
        }
    };
}

kinds!(
    UnknownEnumValue => "unknown_enum_value",
    Missing => "missing",
    OptionNeeded => "option_needed",
    NullValue => "null_value",
    StatusNotCreatable => "status_not_creatable",
    NotPositive => "not_positive",
    NegativeFee => "negative_fee",
    OverAllocated => "over_allocated",
    TooLong => "too_long",
    NotAUuid => "not_a_uuid",
    SeveralInvoices => "several_invoices",
    AllocationTypeNotAllowed => "allocation_type_not_allowed",
    NotFromResource => "not_from_resource",
    CarriedWrongType => "carried_wrong_type",
    CarriedUnreadable => "carried_unreadable",
    CarriedAllocationsNull => "carried_allocations_null",
    AllocationCountChanged => "allocation_count_changed",
    UnsupportedJsonPath => "unsupported_json_path",
    JsonPathTooDeep => "json_path_too_deep",
    JsonPathThroughNonObject => "json_path_through_non_object",
    PassThroughBrokeRequest => "pass_through_broke_request",
    Unrecognised => "unrecognised",
    NotWritable => "not_writable",
    Money => "money",
    InvalidOutput => "invalid_output",
);

/// Written as [`MappingErrorKind::as_str`] gives it, so reports and `Display` agree.
impl Serialize for MappingErrorKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for MappingErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `"/path: "`, or nothing for the document root.
fn at(path: &JsonPointer) -> String {
    if path.is_root() {
        String::new()
    } else {
        format!("{path}: ")
    }
}

fn format_hint(hint: &Option<String>) -> String {
    hint.as_deref()
        .map(|text| format!(" ({text})"))
        .unwrap_or_default()
}

/// `a, b, c or d`.
fn or_list(values: &[&str]) -> String {
    match values.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_owned(),
        None => String::new(),
    }
}

fn join_indexes(indexes: &[usize]) -> String {
    let texts: Vec<String> = indexes.iter().map(usize::to_string).collect();
    texts.join(", ")
}

fn written_detail(source: Option<&WriteError>) -> String {
    source.map_or_else(|| " as JSON".to_owned(), |error| format!(": {error}"))
}

/// The document root, for errors that point at no input field.
static ROOT: JsonPointer = JsonPointer::ROOT;

/// `path` and `within`, from one list of the variants that have a `path` field: a new variant
/// with a path joins the list; one without joins the pathless arms of both.
macro_rules! paths {
    ($($variant:ident),+ $(,)?) => {
        impl MappingError {
            /// JSON Pointer of the input field at fault (the root for the whole document or an
            /// output error).
            pub fn path(&self) -> &JsonPointer {
                match self {
                    $(MappingError::$variant { path, .. })|+ => path,
                    MappingError::Money(error) => error.path(),
                    MappingError::Unrecognised { .. }
                    | MappingError::NotWritable { .. }
                    | MappingError::InvalidOutput(_) => &ROOT,
                }
            }

            /// The same error with `prefix` (a JSON Pointer) before its path.
            pub fn within(mut self, prefix: impl AsRef<str>) -> Self {
                let prefix = prefix.as_ref();
                match &mut self {
                    $(MappingError::$variant { path, .. })|+ => path.prepend_text(prefix),
                    MappingError::Money(error) => error.prepend(prefix),
                    MappingError::Unrecognised { .. }
                    | MappingError::NotWritable { .. }
                    | MappingError::InvalidOutput(_) => {}
                }
                self
            }
        }
    };
}

paths!(
    UnknownEnumValue,
    Missing,
    OptionNeeded,
    NullValue,
    StatusNotCreatable,
    NotPositive,
    NegativeFee,
    OverAllocated,
    TooLong,
    NotAUuid,
    SeveralInvoices,
    AllocationTypeNotAllowed,
    NotFromResource,
    CarriedWrongType,
    CarriedUnreadable,
    CarriedAllocationsNull,
    AllocationCountChanged,
    UnsupportedJsonPath,
    JsonPathTooDeep,
    JsonPathThroughNonObject,
    PassThroughBrokeRequest,
);

impl Warning {
    /// The same warning with `prefix` (a JSON Pointer) before its source path.
    pub fn within(mut self, prefix: impl AsRef<str>) -> Self {
        self.source.prepend_text(prefix.as_ref());
        self
    }
}

/// Collects warnings while a mapper runs, applying strict mode in one place.
#[derive(Debug)]
pub(crate) struct Diagnostics<'a> {
    pub(crate) options: &'a MapOptions,
    pub(crate) warnings: Vec<Warning>,
}

impl<'a> Diagnostics<'a> {
    pub(crate) fn new(options: &'a MapOptions) -> Self {
        Self {
            options,
            warnings: Vec::new(),
        }
    }

    pub(crate) fn warn(
        &mut self,
        code: WarningCode,
        source: impl Into<String>,
        target: Option<&str>,
        message: impl Into<String>,
    ) {
        // The mappers write their pointers already escaped (literal field names and indexes, and
        // `pointer::escape` for carried keys).
        self.warnings.push(Warning {
            code,
            source: JsonPointer::from_escaped(source.into()),
            target: target.map(JsonPointer::from_escaped),
            message: message.into(),
        });
    }

    /// An unknown enum value: an error in strict mode, otherwise a warning saying what was done.
    pub(crate) fn unknown_enum(
        &mut self,
        path: &str,
        value: &str,
        allowed: &[&'static str],
        target: Option<&str>,
        consequence: &str,
    ) -> Result<(), MappingError> {
        if self.options.is_strict() {
            return Err(MappingError::UnknownEnumValue {
                path: JsonPointer::from_escaped(path),
                value: value.to_owned(),
                allowed: allowed.to_vec(),
            });
        }
        self.warn(
            WarningCode::UnknownEnumValue,
            path,
            target,
            format!(
                "unknown value {value:?} (known: {}); {consequence}",
                allowed.join(", ")
            ),
        );
        Ok(())
    }

    /// Reports a `null` that takes meaning from the record: a [`WarningCode::NullValue`] warning
    /// naming the field, or in strict mode a [`MappingError::NullValue`].
    pub(crate) fn null_value(
        &mut self,
        path: &str,
        target: Option<&str>,
        expected: &'static str,
        consequence: &str,
    ) -> Result<(), MappingError> {
        if self.options.is_strict() {
            return Err(MappingError::NullValue {
                path: JsonPointer::from_escaped(path),
                expected,
            });
        }
        self.warn(
            WarningCode::NullValue,
            path,
            target,
            format!("{expected} is null; {consequence}"),
        );
        Ok(())
    }

    /// The output with its warnings; a warning raised twice (one per request of a split, say) is
    /// kept once.
    pub(crate) fn finish<T>(self, output: T) -> Mapped<T> {
        // A set, not `Vec::contains`: a record with a million allocations can raise a million
        // warnings, and a quadratic scan over them would take hours. The set borrows the
        // warnings and hashes with foldhash (as `JsonObject` does): cloning each warning and
        // hashing its message with SipHash was 3% of mapping a refund back to Thredfi.
        let first: Vec<bool> = {
            let mut seen = std::collections::HashSet::with_capacity_and_hasher(
                self.warnings.len(),
                foldhash::fast::RandomState::default(),
            );
            self.warnings
                .iter()
                .map(|warning| seen.insert(warning))
                .collect()
        };
        let mut first = first.into_iter();
        let mut warnings = self.warnings;
        warnings.retain(|_| first.next().unwrap_or(true));
        Mapped { output, warnings }
    }
}

/// Checks a mapper's output against its target schema and writes it as JSON text, so nothing
/// invalid ever leaves the crate. Returns the text, exactly as it will be handed out: callers
/// write it without serializing again. Every provider's mapper ends with it (or with
/// [`ValidatedRefund::new`] for a unified refund).
///
/// # Errors
///
/// [`MappingError::InvalidOutput`] listing every violation; an error naming the target when the
/// output cannot be written as JSON.
///
/// The output is written once, and the validator reads the document as it was recorded while
/// being written (no tree of values is built, and the text is not read again): the verdict is on
/// the very bytes that are returned, every number with its digits.
pub fn validated<T: Serialize>(
    output: &T,
    target: &'static crate::schema::Target,
) -> Result<ValidatedJson, MappingError> {
    validated_text(output, target).map(ValidatedJson)
}

/// [`validated`], as the bare text the crate's own list envelopes and mappers pass on.
pub(crate) fn validated_text<T: Serialize>(
    output: &T,
    target: &'static crate::schema::Target,
) -> Result<Box<serde_json::value::RawValue>, MappingError> {
    checked_text(
        crate::json::write_and_check(output, |written| target.validate_written(written)),
        target,
    )
}

/// [`validated_text`] for an output struct that leaves its field `field` out, written with
/// `with` in that field: the text (and the verdict) of the output holding `with` there, without
/// building that value first. How a mapper writes typed data it carries in `custom_mappings`
/// when only the text is wanted.
pub(crate) fn validated_text_with<T: Serialize, V: Serialize>(
    output: &T,
    field: &'static str,
    with: &V,
    target: &'static crate::schema::Target,
) -> Result<Box<serde_json::value::RawValue>, MappingError> {
    checked_text(
        crate::json::write_and_check_with(output, field, with, |written| {
            target.validate_written(written)
        }),
        target,
    )
}

fn checked_text(
    written: Result<
        (
            Box<serde_json::value::RawValue>,
            Result<(), crate::schema::SchemaError>,
        ),
        serde_json::Error,
    >,
    target: &'static crate::schema::Target,
) -> Result<Box<serde_json::value::RawValue>, MappingError> {
    let (text, verdict) = written.map_err(|error| MappingError::NotWritable {
        what: format!("the mapped {target}"),
        source: Some(WriteError::from_json(&error)),
    })?;
    verdict.map_err(MappingError::InvalidOutput)?;
    Ok(text)
}

/// JSON text that passed its target's schema: what a provider's [`crate::Resource`] hands out.
/// Only [`validated`] makes one (and [`ValidatedJson::array`] from such texts), so a provider
/// cannot return a document that was not checked.
#[derive(Debug, Clone)]
pub struct ValidatedJson(Box<serde_json::value::RawValue>);

impl ValidatedJson {
    /// Text the crate itself validated.
    pub(crate) fn from_validated(text: Box<serde_json::value::RawValue>) -> Self {
        Self(text)
    }

    /// A JSON array of validated texts, each kept exactly as it was checked (one create request
    /// per invoice, say).
    ///
    /// # Errors
    ///
    /// [`MappingError::NotWritable`] if the array text cannot be made (it always can: each item
    /// is JSON already).
    pub fn array(items: Vec<ValidatedJson>) -> Result<Self, MappingError> {
        let mut text = String::from("[");
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                text.push(',');
            }
            text.push_str(item.0.get());
        }
        text.push(']');
        serde_json::value::RawValue::from_string(text)
            .map(Self)
            .map_err(|error| MappingError::NotWritable {
                what: "the array of documents".to_owned(),
                source: Some(WriteError::from_json(&error)),
            })
    }

    /// The text.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// The text, as the raw JSON value it is.
    pub fn into_raw(self) -> Box<serde_json::value::RawValue> {
        self.0
    }
}

/// A unified refund that passed validation against [`crate::unified::targets::REFUND`], with
/// the JSON text that was validated: callers take the typed refund, the text or both, and
/// nothing is serialized twice.
///
/// What every provider's [`crate::Resource::to_unified`] returns; [`ValidatedRefund::new`] is
/// the only way to make one, so no unified record leaves a provider unchecked.
#[derive(Debug)]
pub struct ValidatedRefund {
    typed: crate::unified::Refund,
    json: Box<serde_json::value::RawValue>,
}

impl ValidatedRefund {
    /// Validates `refund` and writes its JSON text.
    ///
    /// # Errors
    ///
    /// [`MappingError::InvalidOutput`] listing every violation.
    pub fn new(refund: crate::unified::Refund) -> Result<Self, MappingError> {
        validated_refund(refund, &crate::unified::targets::REFUND)
    }

    /// The typed refund.
    pub fn typed(&self) -> &crate::unified::Refund {
        &self.typed
    }

    /// The validated JSON text.
    pub fn json(&self) -> &serde_json::value::RawValue {
        &self.json
    }

    /// The typed refund alone.
    pub fn into_typed(self) -> crate::unified::Refund {
        self.typed
    }

    /// The validated JSON alone.
    pub fn into_json(self) -> Box<serde_json::value::RawValue> {
        self.json
    }

    /// Both.
    pub fn into_parts(self) -> (crate::unified::Refund, Box<serde_json::value::RawValue>) {
        (self.typed, self.json)
    }
}

/// [`validated`] for a unified refund, keeping the typed refund beside its text.
pub(crate) fn validated_refund(
    output: crate::unified::Refund,
    target: &'static crate::schema::Target,
) -> Result<ValidatedRefund, MappingError> {
    let json = validated_text(&output, target)?;
    Ok(ValidatedRefund {
        typed: output,
        json,
    })
}
