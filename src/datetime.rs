//! Timestamps and calendar dates that keep their exact text.
//!
//! A mapper must not rewrite a timestamp it merely passes along: `2026-02-13T10:58:03.887570Z`
//! re-formatted by a date library may come back as `2026-02-13T10:58:03.887570+00:00`, which is the
//! same instant but a different record, and the Thredfi → unified → Thredfi round trip would no
//! longer be exact. [`Timestamp`] and [`CalendarDate`] therefore check their text on the way in
//! (RFC 3339 `date-time`, and `full-date`), keep it verbatim, and parse it with `chrono` only when
//! a mapper needs the value.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An RFC 3339 `date-time` (`2026-03-14T09:21:07.412Z`), checked on input and kept verbatim.
///
/// ```
/// use unified_accounting::datetime::Timestamp;
///
/// let at: Timestamp = "2026-03-14T09:21:07.412Z".parse().unwrap();
/// assert_eq!(at.as_str(), "2026-03-14T09:21:07.412Z");
/// assert!("2026-03-14 09:21".parse::<Timestamp>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(String);

impl std::str::FromStr for Timestamp {
    type Err = crate::decode::InvalidText;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text).map_err(|expected| crate::decode::InvalidText::new(text, expected))
    }
}

impl std::str::FromStr for CalendarDate {
    type Err = crate::decode::InvalidText;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text).map_err(|expected| crate::decode::InvalidText::new(text, expected))
    }
}

impl Timestamp {
    /// Checks `text` as an RFC 3339 date-time and keeps it as given.
    ///
    /// # Errors
    ///
    /// A message saying what was expected, when the text is not an RFC 3339 date-time.
    pub fn parse(text: &str) -> Result<Self, String> {
        if !plainly_valid(text) {
            parse_rfc3339(text)?;
        }
        Ok(Self(text.to_owned()))
    }

    /// Midnight UTC at the start of `date` (`2026-03-14T00:00:00Z`).
    pub fn start_of_day_utc(date: &CalendarDate) -> Self {
        Self(format!("{}T00:00:00Z", date.as_str()))
    }

    /// The text exactly as it was given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The instant with its own UTC offset.
    pub fn to_datetime(&self) -> DateTime<FixedOffset> {
        // The text was checked when the value was built, so a second parse cannot fail; falling
        // back to the Unix epoch keeps this total without a panic path.
        parse_rfc3339(&self.0).unwrap_or_default()
    }

    /// The calendar date in the timestamp's own offset: `2026-03-31T23:30:00-05:00` is
    /// 31 March, although it is already 1 April in UTC.
    pub fn local_date(&self) -> CalendarDate {
        CalendarDate::from_naive(self.to_datetime().date_naive())
    }
}

fn parse_rfc3339(text: &str) -> Result<DateTime<FixedOffset>, String> {
    // chrono also accepts a space as the separator; JSON Schema's `date-time` (and so the vendored
    // schemas) does not, so only `T` or, as RFC 3339 allows, `t` passes.
    //
    // chrono also takes a leap second (`:60`) at any minute; RFC 3339 and JSON Schema allow one
    // only at 23:59:60 UTC (`15:59:60-08:00` is fine, `10:30:60Z` is not). Accepting more than the
    // schema would let a record in whose mapped output then fails validation.
    let strict = matches!(text.as_bytes().get(10), Some(b'T' | b't'));
    match DateTime::parse_from_rfc3339(text) {
        Ok(value) if strict && leap_second_allowed(&value) => Ok(value),
        _ => Err("an RFC 3339 date-time such as 2026-03-14T09:21:07Z".to_owned()),
    }
}

/// True for the timestamps APIs send (`2026-03-14T09:21:07.412Z`, `...+05:30`) when they are
/// valid, checked by hand: a timestamp's digits at their places, every field in range, the day in
/// its month. chrono's RFC 3339 reader took a twentieth of mapping a record, for seven timestamps.
/// `false` says nothing: anything else (a leap second, more than nine fraction digits, any other
/// shape) is read by [`parse_rfc3339`], which has the last word. Tested to agree with it.
fn plainly_valid(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |at: usize, count: usize| -> Option<u32> {
        bytes
            .get(at..at + count)?
            .iter()
            .try_fold(0, |value, &byte| {
                byte.is_ascii_digit()
                    .then(|| value * 10 + u32::from(byte - b'0'))
            })
    };
    let at = |index: usize, expected: &[u8]| {
        bytes.get(index).is_some_and(|byte| expected.contains(byte))
    };
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        digits(0, 4),
        digits(5, 2),
        digits(8, 2),
        digits(11, 2),
        digits(14, 2),
        digits(17, 2),
    ) else {
        return false;
    };
    let shape = at(4, b"-") && at(7, b"-") && at(10, b"Tt") && at(13, b":") && at(16, b":");
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if !shape || day == 0 || day > days || hour > 23 || minute > 59 || second > 59 {
        return false;
    }
    // An optional fraction of one to nine digits, then the offset.
    let mut rest = bytes.get(19..).unwrap_or_default();
    if let Some(fraction) = rest.strip_prefix(b".") {
        let count = fraction
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        if count == 0 || count > 9 {
            return false;
        }
        rest = fraction.get(count..).unwrap_or_default();
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            let two = |tens: u8, ones: u8| {
                (tens.is_ascii_digit() && ones.is_ascii_digit())
                    .then(|| (tens - b'0') * 10 + (ones - b'0'))
            };
            matches!((two(*h1, *h2), two(*m1, *m2)), (Some(hours), Some(minutes)) if hours <= 23 && minutes <= 59)
        }
        _ => false,
    }
}

/// A leap second (chrono: nanoseconds of a second past 10^9) only in the last minute of a UTC day.
fn leap_second_allowed(value: &DateTime<FixedOffset>) -> bool {
    use chrono::Timelike;
    let utc = value.naive_utc();
    utc.nanosecond() < 1_000_000_000 || (utc.hour() == 23 && utc.minute() == 59)
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::decode::checked_text(deserializer, Self::parse)
    }
}

impl JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date-time" })
    }
}

/// An RFC 3339 `full-date` (`2026-03-14`), checked on input and kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CalendarDate(String);

impl CalendarDate {
    /// Checks `text` as a `YYYY-MM-DD` date and keeps it as given.
    ///
    /// # Errors
    ///
    /// A message saying what was expected, when the text is not a valid calendar date.
    pub fn parse(text: &str) -> Result<Self, String> {
        // The shape by hand, the calendar by chrono: `parse_from_str` interprets its format
        // string on every call (1.4% of mapping a record went there).
        let digits = |from: usize, to: usize| {
            text.get(from..to)
                .filter(|part| part.bytes().all(|byte| byte.is_ascii_digit()))
                .and_then(|part| part.parse::<u32>().ok())
        };
        let well_formed = text.len() == 10
            && text.as_bytes().get(4) == Some(&b'-')
            && text.as_bytes().get(7) == Some(&b'-')
            && match (digits(0, 4), digits(5, 7), digits(8, 10)) {
                (Some(year), Some(month), Some(day)) => i32::try_from(year)
                    .ok()
                    .and_then(|year| NaiveDate::from_ymd_opt(year, month, day))
                    .is_some(),
                _ => false,
            };
        if well_formed {
            Ok(Self(text.to_owned()))
        } else {
            Err("a calendar date written YYYY-MM-DD such as 2026-03-14".to_owned())
        }
    }

    fn from_naive(date: NaiveDate) -> Self {
        Self(date.format("%Y-%m-%d").to_string())
    }

    /// The text exactly as it was given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for CalendarDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for CalendarDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::decode::checked_text(deserializer, Self::parse)
    }
}

impl JsonSchema for CalendarDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CalendarDate".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_keep_their_text() {
        for text in [
            "2026-02-13T10:58:03.887570Z",
            "2026-03-31T23:30:00-05:00",
            "2026-01-01T00:00:00+00:00",
            "2026-03-14t09:21:07z",
            "2016-12-31T23:59:60Z",
            "1998-12-31T15:59:60.123-08:00",
        ] {
            let value: Timestamp = serde_json::from_str(&format!("{text:?}")).unwrap();
            assert_eq!(value.as_str(), text);
        }
    }

    #[test]
    fn non_rfc3339_is_rejected() {
        for text in [
            "2026-13-40T99:00:00Z",
            "2021-05-01",
            "2026-03-01 10:00:00Z",
            "",
            "2026-03-14T10:30:60Z",
            "2016-12-31T23:59:60+01:00",
        ] {
            assert!(Timestamp::parse(text).is_err(), "{text}");
        }
        for text in ["2026-02-30", "2026-3-1", "20260301", "2026-03-01T00:00:00Z"] {
            assert!(CalendarDate::parse(text).is_err(), "{text}");
        }
    }

    /// Timestamp-like texts: valid ones in every field's range and at its edges, and each
    /// damaged by one byte.
    fn timestamp_like() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let field = |max: u32| prop_oneof![0..=max, Just(0), Just(max), max..=max + 2];
        let fraction = prop_oneof![Just(String::new()), "\\.[0-9]{1,12}", Just(".".to_owned()),];
        let offset = prop_oneof![
            Just("Z".to_owned()),
            Just("z".to_owned()),
            (prop_oneof![Just('+'), Just('-')], field(24), field(60))
                .prop_map(|(sign, hours, minutes)| format!("{sign}{hours:02}:{minutes:02}")),
            "[+-][0-9]{1,3}:?[0-9]{0,3}",
        ];
        (
            prop_oneof![0_u32..=9999, Just(1900), Just(2000), Just(2024), Just(2100)],
            // February, and the last days of months, more often than chance.
            prop_oneof![field(12), Just(2)],
            prop_oneof![field(31), 27_u32..=31],
            field(23),
            field(59),
            field(60),
            prop_oneof![Just('T'), Just('t'), Just(' ')],
            fraction,
            offset,
            any::<Option<(prop::sample::Index, char)>>(),
        )
            .prop_map(
                |(year, month, day, hour, minute, second, separator, fraction, offset, damage)| {
                    let mut text = format!(
                        "{year:04}-{month:02}-{day:02}{separator}{hour:02}:{minute:02}:{second:02}{fraction}{offset}"
                    );
                    if let Some((index, replacement)) = damage {
                        let at = index.index(text.len());
                        if text.is_char_boundary(at) && text.is_char_boundary(at + 1) {
                            text.replace_range(at..at + 1, &replacement.to_string());
                        }
                    }
                    text
                },
            )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        #[test]
        fn the_quick_check_agrees_with_chrono(text in timestamp_like()) {
            let strict = parse_rfc3339(&text).is_ok();
            if plainly_valid(&text) {
                proptest::prop_assert!(strict, "{text} passed the quick check only");
            }
            proptest::prop_assert_eq!(Timestamp::parse(&text).is_ok(), strict, "{}", text);
        }
    }

    #[test]
    fn the_quick_check_takes_the_usual_shapes_and_leaves_the_rest_to_chrono() {
        for text in [
            "2026-03-14T09:21:07.412Z",
            "2026-02-13T10:58:03.887570Z",
            "2024-02-29T00:00:00+23:59",
            "2026-12-31t23:59:59.123456789-00:00",
        ] {
            assert!(plainly_valid(text), "{text}");
        }
        for text in [
            "2016-12-31T23:59:60Z",
            "2026-02-13T10:58:03.8875701234Z",
            "2023-02-29T00:00:00Z",
            "2026-03-14T09:21:07",
            "2026-03-14T24:00:00Z",
            "2026-03-14T09:21:07+24:00",
        ] {
            assert!(!plainly_valid(text), "{text}");
        }
    }

    #[test]
    fn local_date_uses_the_timestamps_own_offset() {
        let late = Timestamp::parse("2026-03-31T23:30:00-05:00").unwrap();
        assert_eq!(late.local_date().as_str(), "2026-03-31");
        let date = CalendarDate::parse("2026-03-14").unwrap();
        assert_eq!(
            Timestamp::start_of_day_utc(&date).as_str(),
            "2026-03-14T00:00:00Z"
        );
    }
}
