//! Exact money: integer cents on one side, decimal JSON numbers on the other.
//!
//! Thredfi writes every amount as an integer count of *cents*: hundredths of the major unit, for
//! every currency it supports. Its own client divides by 100 for all nine currencies, ISK included,
//! so ISK "cents" are hundredths of a króna even though ISO 4217 gives the króna no minor unit.
//! Apideck writes amounts as JSON numbers in major units (`125.5`).
//!
//! Converting between the two is where accounting data usually goes wrong, so this module follows
//! three rules:
//!
//! 1. **No floats.** Amounts are [`rust_decimal::Decimal`] in memory and exact decimal text on the
//!    wire ([`JsonDecimal`]); `f64` never appears on the money path.
//! 2. **Exact or an error.** [`cents_to_decimal`] is always exact. [`decimal_to_cents`] succeeds
//!    only when the value is a whole number of cents that fits in `i64`; otherwise it returns a
//!    [`MoneyError`] naming the field and the value. Nothing is ever rounded.
//! 3. **Lossy-looking is reported, not hidden.** An amount with more decimals than ISO 4217 gives
//!    its currency (a fractional ISK amount, say) is legal in Thredfi, so it is not an error, but
//!    [`excess_minor_units`] lets mappers report it as a warning.
//!
//! ```
//! use unified_accounting::money::{cents_to_decimal, decimal_to_cents};
//! use rust_decimal::Decimal;
//!
//! let amount = cents_to_decimal(12_345);
//! assert_eq!(amount.to_string(), "123.45");
//! assert_eq!(decimal_to_cents(amount, "/total_amount").unwrap(), 12_345);
//!
//! let too_precise: Decimal = "12.345".parse().unwrap();
//! let error = decimal_to_cents(too_precise, "/total_amount").unwrap_err();
//! assert_eq!(
//!     error.to_string(),
//!     "/total_amount: 12.345 has 3 decimal places; a cents amount allows at most 2 \
//!      (round it explicitly before mapping if that is what you want)"
//! );
//! ```

use std::fmt;

use rust_decimal::Decimal;
use schemars::JsonSchema;

use crate::pointer::JsonPointer;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Why an amount could not be converted exactly.
///
/// Every variant carries the JSON Pointer of the field the amount came from, so the message can
/// be traced back to the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// The decimal has more fractional digits than a cents amount can hold.
    #[error(
        "{path}: {value} has {decimal_places} decimal places; a cents amount allows at most 2 \
         (round it explicitly before mapping if that is what you want)"
    )]
    TooManyDecimalPlaces {
        /// JSON Pointer of the offending field.
        path: JsonPointer,
        /// The value as given.
        value: String,
        /// How many significant decimal places it has.
        decimal_places: u32,
    },
    /// The value, in cents, lies outside the `i64` range Thredfi amounts use.
    #[error(
        "{path}: {value} is outside the range of a cents amount \
         (-92233720368547758.08 to 92233720368547758.07)"
    )]
    OutOfRange {
        /// JSON Pointer of the offending field.
        path: JsonPointer,
        /// The value as given.
        value: String,
    },
}

/// The kinds of [`MoneyError`], as [`MoneyError::kind`] reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MoneyErrorKind {
    /// [`MoneyError::TooManyDecimalPlaces`].
    TooManyDecimalPlaces,
    /// [`MoneyError::OutOfRange`].
    OutOfRange,
}

impl MoneyErrorKind {
    /// The stable snake_case name written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            MoneyErrorKind::TooManyDecimalPlaces => "too_many_decimal_places",
            MoneyErrorKind::OutOfRange => "out_of_range",
        }
    }
}

impl MoneyError {
    /// JSON Pointer of the field the amount came from.
    pub fn path(&self) -> &JsonPointer {
        match self {
            MoneyError::TooManyDecimalPlaces { path, .. } | MoneyError::OutOfRange { path, .. } => {
                path
            }
        }
    }

    /// The kind of failure.
    pub fn kind(&self) -> MoneyErrorKind {
        match self {
            MoneyError::TooManyDecimalPlaces { .. } => MoneyErrorKind::TooManyDecimalPlaces,
            MoneyError::OutOfRange { .. } => MoneyErrorKind::OutOfRange,
        }
    }

    /// Puts `prefix`, the text of a JSON Pointer, before the path.
    pub(crate) fn prepend(&mut self, prefix: &str) {
        match self {
            MoneyError::TooManyDecimalPlaces { path, .. } | MoneyError::OutOfRange { path, .. } => {
                path.prepend_text(prefix)
            }
        }
    }
}

/// Converts Thredfi integer cents to a decimal amount in major units, exactly.
///
/// The result always has scale 2 (`100` cents is `1.00`), so the written JSON number shows the
/// precision the amount was recorded with.
pub fn cents_to_decimal(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// Converts a decimal amount in major units to integer cents, exactly.
///
/// `path` is the text of the JSON Pointer of the field the amount came from (`/total_amount`);
/// it is carried into the error.
///
/// # Errors
///
/// [`MoneyError::TooManyDecimalPlaces`] when the value is not a whole number of cents (trailing
/// zeros do not count: `1.500` is fine), [`MoneyError::OutOfRange`] when the cents do not fit in
/// `i64`.
pub fn decimal_to_cents(amount: Decimal, path: &str) -> Result<i64, MoneyError> {
    let normalized = amount.normalize();
    if normalized.scale() > 2 {
        return Err(MoneyError::TooManyDecimalPlaces {
            path: JsonPointer::from_escaped(path),
            value: amount.to_string(),
            decimal_places: normalized.scale(),
        });
    }
    let out_of_range = || MoneyError::OutOfRange {
        path: JsonPointer::from_escaped(path),
        value: amount.to_string(),
    };
    // A scale of at most 2 means `mantissa * 10^(2 - scale)` is the exact cents value.
    let factor: i128 = match normalized.scale() {
        0 => 100,
        1 => 10,
        _ => 1,
    };
    let cents = normalized
        .mantissa()
        .checked_mul(factor)
        .ok_or_else(out_of_range)?;
    i64::try_from(cents).map_err(|_| out_of_range())
}

/// The number of decimal places ISO 4217 gives a currency's minor unit.
///
/// Returns `None` for a code this table does not know; callers treat that as "no opinion" rather
/// than guessing. The table covers every currency Thredfi accepts and the common zero- and
/// three-decimal currencies.
pub fn iso_minor_units(currency: &str) -> Option<u32> {
    let units = match currency {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "UYI" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        "CLF" | "UYW" => 4,
        "EUR" | "GBP" | "USD" | "SEK" | "NOK" | "DKK" | "MYR" | "SGD" | "AUD" | "CAD" | "CHF"
        | "CNY" | "HKD" | "INR" | "MXN" | "NZD" | "PLN" | "ZAR" => 2,
        _ => return None,
    };
    Some(units)
}

/// How many more decimal places `amount` uses than ISO 4217 gives `currency`, if any.
///
/// `Some(n)` means the amount is legal but finer than the currency's minor unit (for example
/// `1.50` ISK: ISK has no minor unit); mappers report that as a warning. `None` means the amount
/// fits, or the currency is not in the table.
pub fn excess_minor_units(amount: Decimal, currency: &str) -> Option<u32> {
    let allowed = iso_minor_units(currency)?;
    let used = amount.normalize().scale();
    (used > allowed).then(|| used - allowed)
}

/// A [`Decimal`] that is a JSON **number** on the wire, written and read with its exact text.
///
/// Apideck's schema types every amount as `number`, so a string such as `"10.00"` is invalid, and
/// going through `f64` would corrupt values such as `1234567890123456.78`. `JsonDecimal` writes the
/// decimal's own text as the number (`12.50` stays `12.50`) and reads a number's text without any
/// float step. Reading rejects strings, and rejects numbers that a `Decimal` cannot hold exactly
/// (more than 28 decimal places, or too large) instead of rounding them.
///
/// ```
/// use unified_accounting::money::JsonDecimal;
///
/// let parsed: JsonDecimal = serde_json::from_str("92233720368547758.07").unwrap();
/// assert_eq!(serde_json::to_string(&parsed).unwrap(), "92233720368547758.07");
/// assert!(serde_json::from_str::<JsonDecimal>("\"10.00\"").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct JsonDecimal(pub Decimal);

impl JsonDecimal {
    /// The wrapped decimal.
    pub fn get(self) -> Decimal {
        self.0
    }
}

impl From<Decimal> for JsonDecimal {
    fn from(value: Decimal) -> Self {
        Self(value)
    }
}

impl fmt::Display for JsonDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Parses the text of a JSON number into a `Decimal` without rounding.
///
/// Accepts what JSON accepts (`-12.5`, `1e3`, `2.5E-1`); fails rather than rounds when the value
/// has more precision or magnitude than `Decimal` holds.
pub fn parse_exact_decimal(text: &str) -> Option<Decimal> {
    let (mantissa_text, exponent) = match text.find(['e', 'E']) {
        Some(at) => {
            let exponent: i32 = text.get(at + 1..)?.parse().ok()?;
            (text.get(..at)?, exponent)
        }
        None => (text, 0),
    };
    let mantissa = Decimal::from_str_exact(mantissa_text).ok()?;
    if exponent == 0 {
        return Some(mantissa);
    }
    if mantissa.is_zero() {
        return Some(mantissa);
    }
    // Scaling by a power of ten: a negative exponent raises the scale, a positive one multiplies.
    if exponent < 0 {
        let scale = mantissa.scale().checked_add(exponent.unsigned_abs())?;
        if scale > Decimal::MAX_SCALE {
            return None;
        }
        Decimal::try_from_i128_with_scale(mantissa.mantissa(), scale).ok()
    } else {
        let mut value = mantissa;
        for _ in 0..exponent {
            value = value.checked_mul(Decimal::TEN)?;
        }
        Some(value)
    }
}

impl Serialize for JsonDecimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The decimal's own digits, written as the number's text: no float step, and `12.50`
        // keeps its trailing zero. A `Decimal` renders in at most 31 characters, so a buffer on
        // the stack saves an allocation per amount.
        crate::json::serialize_raw(DecimalText::of(self.0).as_str(), serializer)
    }
}

/// A `Decimal`'s text, rendered on the stack.
struct DecimalText {
    bytes: [u8; 48],
    len: usize,
}

impl Default for DecimalText {
    fn default() -> Self {
        Self {
            bytes: [0; 48],
            len: 0,
        }
    }
}

impl DecimalText {
    /// The text `Display` gives a `Decimal` (`-` for any negative value, zero included; every
    /// digit of the scale, trailing zeros kept; `0.` before a fraction with no whole part),
    /// written digit by digit: `Display` through `format_args!` took ~1,400 instructions per
    /// amount, a few percent of a whole mapping.
    fn of(value: Decimal) -> Self {
        let mut text = Self::default();
        // The mantissa's digits, lowest first: at most 29 (it is below 2^96).
        let mut digits = [b'0'; 40];
        let mut count = 0;
        let mut push_digit = |digit: u8| {
            if let Some(place) = digits.get_mut(count) {
                *place = b'0' + digit;
                count += 1;
            }
        };
        let mantissa = value.mantissa().unsigned_abs();
        // Most amounts fit 64 bits, whose division is far cheaper than 128-bit division.
        match u64::try_from(mantissa) {
            Ok(mut small) => {
                while small != 0 {
                    push_digit((small % 10) as u8);
                    small /= 10;
                }
            }
            Err(_) => {
                let mut large = mantissa;
                while large != 0 {
                    push_digit((large % 10) as u8);
                    large /= 10;
                }
            }
        }
        let scale = value.scale() as usize;
        // Zeros stand for the digits the mantissa lacks below the point (`digits` starts as '0').
        let len = count.max(scale);
        let whole = len - scale;
        if value.is_sign_negative() {
            text.push(b'-');
        }
        if whole == 0 {
            text.push(b'0');
        }
        for (place, &digit) in digits
            .get(..len)
            .unwrap_or_default()
            .iter()
            .rev()
            .enumerate()
        {
            if place == whole {
                text.push(b'.');
            }
            text.push(digit);
        }
        text
    }

    fn push(&mut self, byte: u8) {
        if let Some(place) = self.bytes.get_mut(self.len) {
            *place = byte;
            self.len += 1;
        }
    }

    fn as_str(&self) -> &str {
        self.bytes
            .get(..self.len)
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or_default()
    }
}

const EXPECTING: &str = "a JSON number (not a string) that a 96-bit decimal holds exactly";

impl crate::json::FromRaw for JsonDecimal {
    const EXPECTING: &'static str = EXPECTING;

    fn from_text(text: &str) -> Result<Self, String> {
        use de::Error as _;
        // The text of one JSON value; anything but a number is the usual type error.
        let unexpected = match text.as_bytes().first() {
            Some(b'-' | b'0'..=b'9') => {
                return parse_exact_decimal(text).map(JsonDecimal).ok_or_else(|| {
                    format!(
                        "invalid value: number {text}, expected a number a 96-bit decimal holds \
                         exactly (at most 28 decimal places)"
                    )
                });
            }
            Some(b'"') => {
                let string: String = serde_json::from_str(text).unwrap_or_default();
                return Err(serde_json::Error::invalid_type(
                    de::Unexpected::Str(&string),
                    &EXPECTING,
                )
                .to_string());
            }
            Some(b'n') => de::Unexpected::Unit,
            Some(b't') => de::Unexpected::Bool(true),
            Some(b'f') => de::Unexpected::Bool(false),
            Some(b'[') => de::Unexpected::Seq,
            _ => de::Unexpected::Map,
        };
        Err(serde_json::Error::invalid_type(unexpected, &EXPECTING).to_string())
    }

    fn from_data<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonDecimalVisitor)
    }
}

/// Reads an amount from deserializers that cannot give a number's text (other formats, serde's
/// buffering behind a caller's `#[serde(untagged)]`).
struct JsonDecimalVisitor;

impl<'de> Visitor<'de> for JsonDecimalVisitor {
    type Value = JsonDecimal;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(EXPECTING)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<JsonDecimal, E> {
        Ok(JsonDecimal(Decimal::from(value)))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<JsonDecimal, E> {
        Ok(JsonDecimal(Decimal::from(value)))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<JsonDecimal, E> {
        Decimal::try_from_i128_with_scale(value, 0)
            .map(JsonDecimal)
            .map_err(|_| {
                de::Error::invalid_value(de::Unexpected::Other("a 128-bit integer"), &self)
            })
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<JsonDecimal, E> {
        i128::try_from(value)
            .map_err(|_| {
                de::Error::invalid_value(de::Unexpected::Other("a 128-bit integer"), &self)
            })
            .and_then(|value| self.visit_i128(value))
    }

    /// A float is taken only when it provably is what its source text said: its shortest
    /// rendering has at most 15 significant digits, and every decimal text of at most 15
    /// significant digits reads back from the nearest `f64` unchanged. `0.1` passes;
    /// `1234567890123456.78`, which no `f64` holds, is refused rather than rounded.
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<JsonDecimal, E> {
        let text = format!("{value:?}");
        let refuse = || de::Error::invalid_value(de::Unexpected::Float(value), &self);
        if !value.is_finite() || significant_digits(&text) > 15 {
            return Err(refuse());
        }
        parse_exact_decimal(&text)
            .map(JsonDecimal)
            .ok_or_else(refuse)
    }
}

/// Significant digits of a decimal or exponent rendering (`0.00120` has 2, `1.5e-7` has 2: trailing zeros say nothing about a float).
pub(crate) fn significant_digits(text: &str) -> usize {
    let mantissa = text.split(['e', 'E']).next().unwrap_or_default();
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    digits
        .trim_start_matches('0')
        .trim_end_matches('0')
        .len()
        .max(1)
}

impl<'de> Deserialize<'de> for JsonDecimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::json::deserialize_raw(deserializer)
    }
}

impl JsonSchema for JsonDecimal {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "JsonDecimal".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "number" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    /// The hand-written text is `Display`'s, at every edge: zero and negative zero at every
    /// scale, the largest mantissa, each side of the 64-bit fast path.
    #[test]
    fn decimal_text_is_displays_text_at_the_edges() {
        let mantissas = [
            0,
            1,
            9,
            10,
            99,
            100,
            12_345,
            u64::MAX as i128,
            u64::MAX as i128 + 1,
            (1 << 96) - 1,
        ];
        for mantissa in mantissas {
            for scale in 0..=Decimal::MAX_SCALE {
                for negative in [false, true] {
                    let magnitude = Decimal::from_i128_with_scale(mantissa, scale);
                    let mut value = magnitude;
                    value.set_sign_negative(negative);
                    assert_eq!(
                        DecimalText::of(value).as_str(),
                        value.to_string(),
                        "{mantissa} {scale} {negative}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4_096))]
        /// And on any 96-bit mantissa, scale and sign.
        #[test]
        fn decimal_text_is_displays_text(lo: u32, mid: u32, hi: u32, negative: bool, scale in 0..=Decimal::MAX_SCALE, small: bool) {
            let value = if small {
                Decimal::from_parts(lo, mid % 8, 0, negative, scale)
            } else {
                Decimal::from_parts(lo, mid, hi, negative, scale)
            };
            let text = DecimalText::of(value);
            proptest::prop_assert_eq!(text.as_str(), value.to_string());
        }
    }

    #[test]
    fn cents_round_trip_at_the_extremes() {
        for cents in [0, 1, -1, 12_345, i64::MAX, i64::MIN] {
            assert_eq!(decimal_to_cents(cents_to_decimal(cents), "/x"), Ok(cents));
        }
        assert_eq!(
            cents_to_decimal(i64::MAX).to_string(),
            "92233720368547758.07"
        );
    }

    #[test]
    fn trailing_zeros_are_not_extra_precision() {
        assert_eq!(decimal_to_cents(dec("1.500"), "/x"), Ok(150));
        assert_eq!(decimal_to_cents(dec("10"), "/x"), Ok(1000));
    }

    #[test]
    fn three_decimal_places_is_an_error_not_a_rounding() {
        let error = decimal_to_cents(dec("12.345"), "/allocations/2/amount").unwrap_err();
        assert_eq!(
            error,
            MoneyError::TooManyDecimalPlaces {
                path: JsonPointer::from_escaped("/allocations/2/amount"),
                value: "12.345".into(),
                decimal_places: 3
            }
        );
    }

    #[test]
    fn beyond_i64_cents_is_out_of_range() {
        assert!(matches!(
            decimal_to_cents(dec("92233720368547758.08"), "/x"),
            Err(MoneyError::OutOfRange { .. })
        ));
        assert!(matches!(
            decimal_to_cents(dec("-92233720368547758.09"), "/x"),
            Err(MoneyError::OutOfRange { .. })
        ));
        assert_eq!(
            decimal_to_cents(dec("-92233720368547758.08"), "/x"),
            Ok(i64::MIN)
        );
    }

    #[test]
    fn excess_precision_for_the_currency() {
        assert_eq!(excess_minor_units(dec("1.50"), "ISK"), Some(1));
        assert_eq!(excess_minor_units(dec("100.00"), "ISK"), None);
        assert_eq!(excess_minor_units(dec("1.25"), "ISK"), Some(2));
        assert_eq!(excess_minor_units(dec("1.25"), "EUR"), None);
        assert_eq!(excess_minor_units(dec("1.25"), "XYZ"), None);
    }

    #[test]
    fn json_numbers_round_trip_digit_for_digit() {
        for text in [
            "0.1",
            "1234567890123456.78",
            "92233720368547758.07",
            "-0.01",
            "12.50",
            "0",
            "7",
        ] {
            let parsed: JsonDecimal = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&parsed).unwrap(), text);
            let mut reader = std::io::Cursor::new(text.as_bytes());
            let from_reader: JsonDecimal = serde_json::from_reader(&mut reader).unwrap();
            assert_eq!(from_reader, parsed);
        }
    }

    /// A `serde_json::Value` holds a non-integer as an `f64` (the crate leaves
    /// `arbitrary_precision` off), so an amount read from one is only as exact as that float:
    /// taken when it has at most 15 significant digits, refused beyond.
    #[test]
    fn amounts_from_a_float_are_taken_only_when_provably_exact() {
        for (text, expected) in [
            ("0.1", Some("0.1")),
            ("12.5", Some("12.5")),
            ("123456789012345", Some("123456789012345")),
            ("123456789.012345", Some("123456789.012345")),
            ("1234567890123456.78", None),
            ("0.30000000000000004", None),
        ] {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let untagged = serde_json::from_value::<Untagged>(value);
            match (untagged, expected) {
                (Ok(Untagged::Amount(amount)), Some(expected)) => {
                    assert_eq!(amount.to_string(), expected, "{text}");
                }
                (Err(_), None) => {}
                (other, _) => panic!("{text}: {other:?}"),
            }
        }
    }

    /// serde's buffering behind `#[serde(untagged)]` cannot give the text, so this takes the
    /// data-model path.
    #[derive(Debug, serde::Deserialize)]
    #[serde(untagged)]
    enum Untagged {
        Amount(JsonDecimal),
    }

    #[test]
    fn significant_digits_ignore_leading_and_trailing_zeros() {
        assert_eq!(significant_digits("0.00120"), 2);
        assert_eq!(significant_digits("1.5e-7"), 2);
        assert_eq!(significant_digits("100"), 1);
        assert_eq!(significant_digits("0.0"), 1);
        assert_eq!(significant_digits("1234567890123456.8"), 17);
    }

    #[test]
    fn exponents_are_read_exactly() {
        assert_eq!(parse_exact_decimal("1e3"), Some(dec("1000")));
        assert_eq!(parse_exact_decimal("25E-1"), Some(dec("2.5")));
        assert_eq!(parse_exact_decimal("1e400"), None);
        assert_eq!(parse_exact_decimal("1e-400"), None);
    }

    #[test]
    fn strings_and_unrepresentable_numbers_are_rejected() {
        assert!(serde_json::from_str::<JsonDecimal>("\"10.00\"").is_err());
        assert!(serde_json::from_str::<JsonDecimal>("1e400").is_err());
        assert!(serde_json::from_str::<JsonDecimal>("123456789012345678901234567890123").is_err());
        assert!(serde_json::from_str::<JsonDecimal>("0.00000000000000000000000000000001").is_err());
    }
}
