//! Apideck's `Currency`: 183 codes, read leniently, written only when known.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Every value of Apideck's `Currency` enum (spec 10.34.0), in spec order.
pub const APIDECK_CURRENCIES: [&str; 183] = [
    "UNKNOWN_CURRENCY",
    "AED",
    "AFN",
    "ALL",
    "AMD",
    "ANG",
    "AOA",
    "ARS",
    "AUD",
    "AWG",
    "AZN",
    "BAM",
    "BBD",
    "BDT",
    "BGN",
    "BHD",
    "BIF",
    "BMD",
    "BND",
    "BOB",
    "BOV",
    "BRL",
    "BSD",
    "BTN",
    "BWP",
    "BYR",
    "BZD",
    "CAD",
    "CDF",
    "CHE",
    "CHF",
    "CHW",
    "CLF",
    "CLP",
    "CNY",
    "COP",
    "COU",
    "CRC",
    "CUC",
    "CUP",
    "CVE",
    "CZK",
    "DJF",
    "DKK",
    "DOP",
    "DZD",
    "EGP",
    "ERN",
    "ETB",
    "EUR",
    "FJD",
    "FKP",
    "GBP",
    "GEL",
    "GHS",
    "GIP",
    "GMD",
    "GNF",
    "GTQ",
    "GYD",
    "HKD",
    "HNL",
    "HRK",
    "HTG",
    "HUF",
    "IDR",
    "ILS",
    "INR",
    "IQD",
    "IRR",
    "ISK",
    "JMD",
    "JOD",
    "JPY",
    "KES",
    "KGS",
    "KHR",
    "KMF",
    "KPW",
    "KRW",
    "KWD",
    "KYD",
    "KZT",
    "LAK",
    "LBP",
    "LKR",
    "LRD",
    "LSL",
    "LTL",
    "LVL",
    "LYD",
    "MAD",
    "MDL",
    "MGA",
    "MKD",
    "MMK",
    "MNT",
    "MOP",
    "MRO",
    "MUR",
    "MVR",
    "MWK",
    "MXN",
    "MXV",
    "MYR",
    "MZN",
    "NAD",
    "NGN",
    "NIO",
    "NOK",
    "NPR",
    "NZD",
    "OMR",
    "PAB",
    "PEN",
    "PGK",
    "PHP",
    "PKR",
    "PLN",
    "PYG",
    "QAR",
    "RON",
    "RSD",
    "RUB",
    "RWF",
    "SAR",
    "SBD",
    "SCR",
    "SDG",
    "SEK",
    "SGD",
    "SHP",
    "SLL",
    "SOS",
    "SRD",
    "SSP",
    "STD",
    "SVC",
    "SYP",
    "SZL",
    "THB",
    "TJS",
    "TMT",
    "TND",
    "TOP",
    "TRC",
    "TRY",
    "TTD",
    "TWD",
    "TZS",
    "UAH",
    "UGX",
    "USD",
    "USN",
    "USS",
    "UYI",
    "UYU",
    "UZS",
    "VEF",
    "VND",
    "VUV",
    "WST",
    "XAF",
    "XAG",
    "XAU",
    "XBA",
    "XBB",
    "XBC",
    "XBD",
    "XCD",
    "XDR",
    "XOF",
    "XPD",
    "XPF",
    "XPT",
    "XTS",
    "XXX",
    "YER",
    "ZAR",
    "ZMK",
    "ZMW",
    "BTC",
    "ETH",
];

/// A currency code as Apideck writes it (`EUR`, `ISK`, `UNKNOWN_CURRENCY`, ...).
///
/// Reading accepts any string, so a code Apideck adds later does not make a record unreadable;
/// [`Currency::is_known`] tells whether the vendored schema lists it. Writing an unknown code is
/// an error, so the crate never emits a value the schema rejects.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Currency(String);

impl Currency {
    /// Wraps a code as given.
    pub fn new(code: impl Into<String>) -> Self {
        Self(code.into())
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when Apideck's schema lists the code.
    pub fn is_known(&self) -> bool {
        match letter_code(self.0.as_bytes()) {
            Some(index) => KNOWN_LETTER_CODES
                .get(index / 64)
                .is_some_and(|word| word >> (index % 64) & 1 == 1),
            None => APIDECK_CURRENCIES.contains(&self.0.as_str()),
        }
    }
}

/// The place of a three-capital-letter code among `AAA` to `ZZZ`.
const fn letter_code(code: &[u8]) -> Option<usize> {
    let [a, b, c] = *code else { return None };
    if !a.is_ascii_uppercase() || !b.is_ascii_uppercase() || !c.is_ascii_uppercase() {
        return None;
    }
    Some(((a - b'A') as usize * 26 + (b - b'A') as usize) * 26 + (c - b'A') as usize)
}

/// Apideck's three-letter codes as one bit each among `AAA` to `ZZZ`, built at compile time.
/// Every amount written checks its currency: a scan of the 183 codes was 4% of a mapping.
#[expect(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: an index out of range fails the build, never a run"
)]
const KNOWN_LETTER_CODES: [u64; 26 * 26 * 26 / 64 + 1] = {
    let mut bits = [0; 26 * 26 * 26 / 64 + 1];
    let mut at = 0;
    while at < APIDECK_CURRENCIES.len() {
        if let Some(index) = letter_code(APIDECK_CURRENCIES[at].as_bytes()) {
            bits[index / 64] |= 1 << (index % 64);
        }
        at += 1;
    }
    bits
};

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.is_known() {
            serializer.serialize_str(&self.0)
        } else {
            Err(serde::ser::Error::custom(format!(
                "currency {:?} is not one of the {} codes Apideck's schema allows",
                self.0,
                APIDECK_CURRENCIES.len()
            )))
        }
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

impl JsonSchema for Currency {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Currency".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "enum": APIDECK_CURRENCIES.as_slice() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bitset answers as a scan of the list does, for every three-letter code and for codes
    /// of other shapes.
    #[test]
    fn is_known_is_membership_of_the_list() {
        let scan = |code: &str| APIDECK_CURRENCIES.contains(&code);
        let mut codes: Vec<String> = Vec::new();
        for a in b'A'..=b'Z' {
            for b in b'A'..=b'Z' {
                for c in b'A'..=b'Z' {
                    codes.push(String::from_utf8(vec![a, b, c]).unwrap());
                }
            }
        }
        codes.extend(
            [
                "UNKNOWN_CURRENCY",
                "unknown_currency",
                "",
                "EU",
                "EURO",
                "eur",
                "Eur",
                "E1R",
                "@AA",
                "[AA",
                "ÉUR",
            ]
            .map(String::from),
        );
        let mut known = 0;
        for code in &codes {
            let currency = Currency::new(code.as_str());
            assert_eq!(currency.is_known(), scan(code), "{code:?}");
            known += usize::from(currency.is_known());
        }
        assert_eq!(known, APIDECK_CURRENCIES.len());
    }
}
