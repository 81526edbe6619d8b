//! What building any Thredfi request from a unified refund shares: the status check, amounts,
//! text limits, the idempotency key, "not carried" warnings, `pass_through` and validation.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::json::JsonValue;

use super::carried::typed_at;
use super::pass_through;
use super::payment_method::{MethodKind, accepted_spellings, recognise};
use super::wire::{Currency, UuidText};
use crate::datetime::Timestamp;
use crate::mapping::{Diagnostics, MappingError, WarningCode, validated_text};
use crate::money::{JsonDecimal, decimal_to_cents};
use crate::nullable::Nullable;
use crate::pointer::JsonPointer;
use crate::schema::Target;
use crate::unified;

/// Refuses statuses that cannot become a new Thredfi record, and reports unknown values of the
/// unified enums (strict mode: an error listing the allowed values).
pub(crate) fn check_status(
    refund: &unified::Refund,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<(), MappingError> {
    if let Some(unified::RefundType::Unknown(value)) = &refund.r#type {
        diagnostics.unknown_enum(
            "/type",
            value,
            unified::RefundType::KNOWN,
            None,
            "the type is not sent (Thredfi has no refund type of that kind)",
        )?;
    }
    if let Some(currency) = refund.currency.as_present()
        && !currency.is_known()
    {
        diagnostics.unknown_enum(
            "/currency",
            currency.as_str(),
            &unified::APIDECK_CURRENCIES,
            None,
            "it is not an Apideck currency code",
        )?;
    }
    match &refund.status {
        None
        | Some(unified::RefundStatus::Draft)
        | Some(unified::RefundStatus::Authorised)
        | Some(unified::RefundStatus::Posted)
        | Some(unified::RefundStatus::Paid) => Ok(()),
        Some(status @ (unified::RefundStatus::Voided | unified::RefundStatus::Deleted)) => {
            Err(MappingError::StatusNotCreatable {
                provider: crate::thredfi::DISPLAY_NAME,
                path: JsonPointer::root().join("status"),
                status: status.clone(),
                allowed: vec!["draft", "authorised", "posted", "paid"],
            })
        }
        Some(unified::RefundStatus::Unknown(value)) => diagnostics.unknown_enum(
            "/status",
            value,
            unified::RefundStatus::KNOWN,
            None,
            "the status is not sent (Thredfi derives its own)",
        ),
    }
}

/// A required amount in cents: missing or null is an error naming the field.
pub(crate) fn required_cents(
    amount: &Nullable<JsonDecimal>,
    path: &str,
    expected: &'static str,
) -> Result<i64, MappingError> {
    match amount {
        Nullable::Present(amount) => Ok(decimal_to_cents(amount.get(), path)?),
        Nullable::Absent | Nullable::Null => Err(MappingError::Missing {
            path: JsonPointer::from_escaped(path),
            expected,
            hint: Some(
                "Thredfi needs a definite amount; give it in major units, e.g. 24.50".into(),
            ),
        }),
    }
}

/// An amount of a full Thredfi record, whose field is required but may be null: a null unified
/// amount is a null Thredfi amount (the API sends those); a missing one is an error.
pub(crate) fn nullable_cents(
    amount: &Nullable<JsonDecimal>,
    path: &str,
    expected: &'static str,
) -> Result<Option<i64>, MappingError> {
    match amount {
        Nullable::Null => Ok(None),
        Nullable::Absent | Nullable::Present(_) => required_cents(amount, path, expected).map(Some),
    }
}

/// Thredfi's create requests take amounts of at least one cent.
pub(crate) fn at_least_one_cent(cents: i64, path: &str) -> Result<i64, MappingError> {
    if cents >= 1 {
        Ok(cents)
    } else {
        Err(MappingError::NotPositive {
            provider: crate::thredfi::DISPLAY_NAME,
            path: JsonPointer::from_escaped(path),
            amount: crate::money::cents_to_decimal(cents),
        })
    }
}

/// Whether a Thredfi request field takes the empty string (`minLength` absent) or needs at
/// least one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Blank {
    /// `""` is a valid value and is sent as it is.
    Sent,
    /// `""` is refused by the field; an empty text says nothing, so it is left out without a
    /// warning (nothing is lost).
    LeftOut,
}

/// Optional text for a request field with Thredfi's length limits. Text over the limit is an
/// error, since cutting it would lose data silently.
pub(crate) fn optional_text(
    value: &Nullable<String>,
    path: &str,
    target: &'static str,
    blank: Blank,
    max_chars: Option<usize>,
) -> Result<Option<String>, MappingError> {
    let Some(text) = value.as_present() else {
        return Ok(None);
    };
    if text.is_empty() && blank == Blank::LeftOut {
        return Ok(None);
    }
    check_length(text, path, target, max_chars)?;
    Ok(Some(text.clone()))
}

/// Text longer than Thredfi allows is an error naming the field and both lengths.
pub(crate) fn check_length(
    text: &str,
    path: &str,
    target: &'static str,
    max_chars: Option<usize>,
) -> Result<(), MappingError> {
    let length = text.chars().count();
    match max_chars {
        Some(max) if length > max => Err(MappingError::TooLong {
            provider: crate::thredfi::DISPLAY_NAME,
            path: JsonPointer::from_escaped(path),
            field: target,
            length,
            max,
        }),
        _ => Ok(()),
    }
}

/// The idempotency key: `custom_mappings.external_id` (`carried`) when the refund carries one
/// (it came from Thredfi, or the caller set it), otherwise the unified `id`. Returns the key and
/// the unified field it came from.
pub(crate) fn external_id(
    refund: &unified::Refund,
    carried: Option<String>,
    required: bool,
) -> Result<Option<(String, &'static str)>, MappingError> {
    let chosen = match carried {
        Some(key) if !key.is_empty() => Some((key, "/custom_mappings/external_id")),
        _ => refund
            .id
            .as_ref()
            .filter(|id| !id.is_empty())
            .map(|id| (id.clone(), "/id")),
    };
    match chosen {
        Some((key, path)) => {
            check_length(&key, path, "external_id", Some(255))?;
            Ok(Some((key, path)))
        }
        None if required => Err(MappingError::Missing {
            path: JsonPointer::from_escaped("/custom_mappings/external_id"),
            expected: "an idempotency key (custom_mappings.external_id or id)",
            hint: Some(
                "Thredfi requires an external_id unique per business; set custom_mappings.external_id"
                    .into(),
            ),
        }),
        None => Ok(None),
    }
}

/// Free-text payment method → a [`MethodKind`]: unknown or missing text falls back to `Other`
/// with a warning that quotes it (strict mode: unknown text is an error listing what works).
pub(crate) fn method_kind(
    refund: &unified::Refund,
    allowed: &[&'static str],
    diagnostics: &mut Diagnostics<'_>,
) -> Result<MethodKind, MappingError> {
    let Some(text) = refund.payment_method.as_present() else {
        diagnostics.warn(
            WarningCode::UnknownPaymentMethod,
            "/payment_method",
            Some("/method"),
            "no payment_method given; sent as other",
        );
        return Ok(MethodKind::Other);
    };
    if let Some(kind) = recognise(text) {
        return Ok(kind);
    }
    if diagnostics.options.is_strict() {
        let mut accepted: Vec<&'static str> = allowed.to_vec();
        accepted.extend(accepted_spellings());
        return Err(MappingError::UnknownEnumValue {
            path: JsonPointer::from_escaped("/payment_method"),
            value: text.clone(),
            allowed: accepted,
        });
    }
    diagnostics.warn(
        WarningCode::UnknownPaymentMethod,
        "/payment_method",
        Some("/method"),
        format!(
            "payment method {text:?} matches none of Thredfi's ({}); sent as other",
            allowed.join(", ")
        ),
    );
    Ok(MethodKind::Other)
}

/// Warns about every unified field that holds information (see
/// [`crate::nullable::holds_information`]) and that the request has no home for. `carried` lists
/// the unified fields (top-level names) that did travel; `carried_custom_mappings` the
/// `custom_mappings` keys that did. An empty field is not a loss, so it is not reported.
pub(crate) fn warn_not_carried(
    refund: &unified::Refund,
    carried: &[&str],
    carried_custom_mappings: &[&str],
    diagnostics: &mut Diagnostics<'_>,
) {
    for field in refund.informative_fields(carried) {
        if field == "custom_mappings" {
            let keys = refund.custom_mappings.as_present();
            for (key, value) in keys.into_iter().flat_map(|map| map.iter()) {
                if !carried_custom_mappings.contains(&key)
                    && crate::nullable::holds_information(value)
                {
                    diagnostics.warn(
                        WarningCode::NotCarried,
                        format!("/custom_mappings/{}", crate::decode::escape(key)),
                        None,
                        "the Thredfi request has no field for it",
                    );
                }
            }
            continue;
        }
        diagnostics.warn(
            WarningCode::NotCarried,
            format!("/{field}"),
            None,
            "the Thredfi request has no field for it",
        );
    }
}

/// Warns that an allocation's `allocation_id` is not sent: Thredfi gives every allocation it
/// creates an id of its own.
pub(crate) fn warn_allocation_id(
    allocation: &unified::Allocation,
    index: usize,
    diagnostics: &mut Diagnostics<'_>,
) {
    if allocation.allocation_id.is_some() {
        diagnostics.warn(
            WarningCode::NotCarried,
            format!("/allocations/{index}/allocation_id"),
            None,
            "Thredfi assigns each allocation it creates its own id, so this one is not sent",
        );
    }
}

/// Applies `pass_through`, then validates: returns the final request and its JSON.
///
/// A schema violation after a `pass_through` entry was applied is reported against
/// `/pass_through` (the caller's extension broke the request); without one it is a bug of ours.
pub(crate) fn finish<T: Serialize + DeserializeOwned>(
    request: T,
    refund: &unified::Refund,
    target: &'static Target,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<(T, Box<RawValue>), MappingError> {
    let extensions = refund.pass_through.as_deref().unwrap_or_default();
    let applies = extensions
        .iter()
        .any(|entry| entry.service_id == super::SERVICE);
    if extensions.is_empty() {
        let value = validated_text(&request, target)?;
        return Ok((request, value));
    }
    let mut value =
        JsonValue::from_serialize(&request).ok_or_else(|| MappingError::NotWritable {
            what: "the request".to_owned(),
            source: None,
        })?;
    if let JsonValue::Object(object) = &mut value {
        pass_through::apply(object, extensions, diagnostics)?;
    }
    let request: T = typed_at(&value, &JsonPointer::root().join("pass_through"))?;
    match validated_text(&request, target) {
        Err(MappingError::InvalidOutput(source @ crate::schema::SchemaError::Invalid(_)))
            if applies =>
        {
            Err(MappingError::PassThroughBrokeRequest {
                path: JsonPointer::root().join("pass_through"),
                source,
            })
        }
        other => other.map(|value| (request, value)),
    }
}

/// A unified currency as one of Thredfi's nine; anything else is an error listing them.
pub(crate) fn thredfi_currency(code: &str) -> Result<Currency, MappingError> {
    match Currency::parse(code) {
        Currency::Unknown(value) => Err(MappingError::UnknownEnumValue {
            path: JsonPointer::from_escaped("/currency"),
            value,
            allowed: Currency::KNOWN.to_vec(),
        }),
        known => Ok(known),
    }
}

/// The currency of a full Thredfi record: the unified one (which must be one of Thredfi's nine),
/// else a code `carried` because the unified model could not hold it. A carried unknown code is
/// kept as it was, so the record then fails its schema instead of silently losing its currency.
pub(crate) fn record_currency(
    refund: &unified::Refund,
    carried: Option<Currency>,
) -> Result<Nullable<Currency>, MappingError> {
    match &refund.currency {
        Nullable::Present(currency) => thredfi_currency(currency.as_str()).map(Nullable::Present),
        Nullable::Null => Ok(Nullable::Null),
        Nullable::Absent => Ok(Nullable::from_option(carried)),
    }
}

/// A unified identifier that must be a Thredfi UUID.
pub(crate) fn uuid_at(id: &str, path: &str) -> Result<UuidText, MappingError> {
    UuidText::parse(id).map_err(|_| MappingError::NotAUuid {
        provider: crate::thredfi::DISPLAY_NAME,
        path: JsonPointer::from_escaped(path),
        text: id.to_owned(),
        what: "its records",
    })
}

/// A timestamp a full Thredfi record requires, which may be null: null stays null, a missing one
/// is an error.
pub(crate) fn nullable_timestamp(
    value: &Nullable<Timestamp>,
    path: &str,
) -> Result<Option<Timestamp>, MappingError> {
    match value {
        Nullable::Present(value) => Ok(Some(value.clone())),
        Nullable::Null => Ok(None),
        Nullable::Absent => Err(missing(path, "a date-time")),
    }
}

/// A required value with no source.
pub(crate) fn missing(path: &str, expected: &'static str) -> MappingError {
    MappingError::Missing {
        path: JsonPointer::from_escaped(path),
        expected,
        hint: None,
    }
}
