//! Field mappings both Thredfi refund resources share: currency, total amount, payment method.

use crate::thredfi::carried::Kept;
use rust_decimal::Decimal;

use super::payment_method::to_lower_snake;
use super::wire::Currency;
use crate::mapping::{Diagnostics, MappingError, WarningCode};
use crate::money::{JsonDecimal, cents_to_decimal, excess_minor_units};
use crate::nullable::Nullable;
use crate::unified;

/// Thredfi currency → unified currency. Every Thredfi code is an Apideck code; an unknown one is
/// passed on when Apideck knows it and left out otherwise, with a warning (strict: an error).
fn map_currency(
    currency: &Nullable<Currency>,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<Nullable<unified::Currency>, MappingError> {
    let currency = match currency {
        Nullable::Absent => return Ok(Nullable::Absent),
        // Apideck's currency is nullable: null stays null.
        Nullable::Null => return Ok(Nullable::Null),
        Nullable::Present(currency) => currency,
    };
    let code = match currency {
        Currency::Eur
        | Currency::Gbp
        | Currency::Usd
        | Currency::Sek
        | Currency::Nok
        | Currency::Dkk
        | Currency::Isk
        | Currency::Myr
        | Currency::Sgd => currency.as_str(),
        Currency::Unknown(value) => {
            let passed_on = unified::Currency::new(value.as_str()).is_known();
            diagnostics.unknown_enum(
                "/currency",
                value,
                Currency::KNOWN,
                Some("/currency"),
                if passed_on {
                    "it is passed on as an Apideck currency code"
                } else {
                    "Apideck does not know it either, so the unified currency is left out; the \
                     original is in custom_mappings.thredfi_currency"
                },
            )?;
            if !passed_on {
                return Ok(Nullable::Absent);
            }
            value
        }
    };
    Ok(Nullable::Present(unified::Currency::new(code)))
}

/// What [`currency_and_total`] gives.
pub(crate) struct Head {
    pub(crate) currency: Nullable<unified::Currency>,
    pub(crate) total: Nullable<JsonDecimal>,
    /// For `custom_mappings.thredfi_currency`: a code the unified `currency` cannot hold, never
    /// dropped.
    pub(crate) carried_currency: Option<Currency>,
}

/// The head both `to_unified` mappers share: the currency, the exact total, and the currency to
/// carry. A null total stays null, with a warning: a refund of no stated amount has lost its
/// point (strict mode: an error).
pub(crate) fn currency_and_total(
    currency: &Nullable<Currency>,
    cents: Option<i64>,
    cents_path: &str,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<Head, MappingError> {
    let mapped = map_currency(currency, diagnostics)?;
    let carried_currency = match (currency, &mapped) {
        (Nullable::Present(unknown @ Currency::Unknown(_)), Nullable::Absent) => {
            Some(unknown.clone())
        }
        _ => None,
    };
    let Some(cents) = cents else {
        diagnostics.null_value(
            cents_path,
            Some("/total_amount"),
            "the refunded amount",
            "total_amount is null",
        )?;
        return Ok(Head {
            currency: mapped,
            total: Nullable::Null,
            carried_currency,
        });
    };
    let total = total_amount(cents, cents_path, currency.as_present(), diagnostics);
    Ok(Head {
        currency: mapped,
        total: Nullable::Present(total),
        carried_currency,
    })
}

/// An allocation's amount: exact, or null with a warning when the API sent null (strict mode: an
/// error), since an allocation of no amount says nothing about how the refund was applied.
pub(crate) fn allocation_amount(
    cents: Option<i64>,
    index: usize,
    diagnostics: &mut Diagnostics<'_>,
) -> Result<Nullable<JsonDecimal>, MappingError> {
    match cents {
        Some(cents) => Ok(Nullable::Present(JsonDecimal(cents_to_decimal(cents)))),
        None => {
            diagnostics.null_value(
                &format!("/allocations/{index}/amount"),
                Some(&format!("/allocations/{index}/amount")),
                "the allocated amount",
                "the unified allocation's amount is null",
            )?;
            Ok(Nullable::Null)
        }
    }
}

/// The unified allocations and, in the same order, what each carries.
pub(crate) type MappedAllocations<C> = (Option<Vec<unified::Allocation>>, Nullable<Vec<Kept<C>>>);

/// Maps every allocation with `map_one`, giving the unified allocations and, in the same order,
/// what each kept for `custom_mappings.allocations`. A null list (the API sends one in place of
/// `[]` now and then) gives no unified allocations and a carried `null`, so it comes back null.
pub(crate) fn map_allocations<'a, A, C>(
    allocations: Option<&'a [A]>,
    diagnostics: &mut Diagnostics<'_>,
    mut map_one: impl FnMut(
        &'a A,
        usize,
        &mut Diagnostics<'_>,
    ) -> Result<(unified::Allocation, C), MappingError>,
) -> Result<MappedAllocations<C>, MappingError> {
    let Some(allocations) = allocations else {
        return Ok((None, Nullable::Null));
    };
    let mut mapped = Vec::with_capacity(allocations.len());
    let mut kept = Vec::with_capacity(allocations.len());
    for (index, allocation) in allocations.iter().enumerate() {
        let (unified, carried) = map_one(allocation, index, diagnostics)?;
        mapped.push(unified);
        kept.push(Kept::Mapped(carried));
    }
    Ok((Some(mapped), Nullable::Present(kept)))
}

/// Cents → the unified total, warning when the amount is finer than the currency's minor unit.
fn total_amount(
    cents: i64,
    path: &str,
    currency: Option<&Currency>,
    diagnostics: &mut Diagnostics<'_>,
) -> JsonDecimal {
    let amount = cents_to_decimal(cents);
    if let Some(currency) = currency {
        warn_excess_precision(
            amount,
            currency.as_str(),
            path,
            "/total_amount",
            diagnostics,
        );
    }
    JsonDecimal(amount)
}

/// Warns when `amount` is finer than ISO 4217's minor unit for `currency` (`1.50` ISK): legal in
/// Thredfi's hundredths, so carried exactly, but worth a look.
pub(crate) fn warn_excess_precision(
    amount: Decimal,
    currency: &str,
    source: &str,
    target: &str,
    diagnostics: &mut Diagnostics<'_>,
) {
    if let Some(excess) = excess_minor_units(amount, currency) {
        diagnostics.warn(
            WarningCode::ExcessCurrencyPrecision,
            source,
            Some(target),
            format!(
                "{amount} {currency} has {excess} more decimal place(s) than ISO 4217 gives \
                 {currency}; carried exactly"
            ),
        );
    }
}

/// The unified `payment_method` from the methods of a refund's payments: the one method in lower
/// snake case when every payment that names one agrees; null with a warning when they disagree;
/// absent when no payment names one.
pub(crate) fn unified_payment_method<'m>(
    payments_path: &str,
    methods: impl Iterator<Item = (String, Option<&'m str>)>,
    known: &[&'static str],
    diagnostics: &mut Diagnostics<'_>,
) -> Result<Nullable<String>, MappingError> {
    let mut chosen: Option<&str> = None;
    // Distinct methods in order of appearance; the set keeps this linear when a record has many
    // payments with many different (unknown) methods.
    let mut seen: Vec<&str> = Vec::new();
    let mut distinct: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (path, method) in methods {
        let Some(method) = method else { continue };
        if !known.contains(&method) {
            diagnostics.unknown_enum(
                &path,
                method,
                known,
                Some("/payment_method"),
                "it is passed on in lower case",
            )?;
        }
        if distinct.insert(method) {
            seen.push(method);
        }
        chosen.get_or_insert(method);
    }
    Ok(match (chosen, seen.len()) {
        (None, _) => Nullable::Absent,
        (Some(method), 1) => Nullable::Present(to_lower_snake(method)),
        (Some(_), _) => {
            diagnostics.warn(
                WarningCode::PaymentMethodsDisagree,
                payments_path,
                Some("/payment_method"),
                format!(
                    "payments use different methods ({}), so payment_method is null; each \
                     payment's method is in custom_mappings",
                    seen.join(", ")
                ),
            );
            Nullable::Null
        }
    })
}

/// A required-but-nullable Thredfi field as a nullable unified one: null stays null (the owned
/// form of [`super::carried::required`]).
pub(crate) fn nullable_required<T: Clone>(value: &Option<T>) -> Nullable<T> {
    super::carried::required(value).map(T::clone)
}
