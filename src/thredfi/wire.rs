//! Wire types both Thredfi refund resources share: currency, attached document, bank
//! reconciliation, identifiers, and the list envelope.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::datetime::Timestamp;
use crate::nullable::{Nullable, wire_struct};
use crate::open_enum::open_enum;

open_enum! {
    /// The nine currencies Thredfi accepts on refunds.
    pub verbatim enum Currency {
        /// Euro.
        Eur => "EUR",
        /// British pound.
        Gbp => "GBP",
        /// US dollar.
        Usd => "USD",
        /// Swedish krona.
        Sek => "SEK",
        /// Norwegian krone.
        Nok => "NOK",
        /// Danish krone.
        Dkk => "DKK",
        /// Icelandic króna (Thredfi still counts it in hundredths).
        Isk => "ISK",
        /// Malaysian ringgit.
        Myr => "MYR",
        /// Singapore dollar.
        Sgd => "SGD",
    }
}

/// A UUID in its hyphenated text form (`format: uuid`), checked on input and kept verbatim.
///
/// Kept as text rather than [`uuid::Uuid`] so that the exact spelling Thredfi sent (upper or
/// lower case) comes back unchanged on a round trip.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UuidText(String);

impl std::str::FromStr for UuidText {
    type Err = crate::decode::InvalidText;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text).map_err(|expected| crate::decode::InvalidText::new(text, expected))
    }
}

impl UuidText {
    /// Checks that `text` is a hyphenated UUID (`8-4-4-4-12` hex digits).
    ///
    /// # Errors
    ///
    /// A message saying what was expected.
    pub fn parse(text: &str) -> Result<Self, String> {
        // `try_parse` also accepts the simple, braced and URN forms; only the 36-character
        // hyphenated one is JSON Schema's `uuid`.
        if text.len() == 36 && uuid::Uuid::try_parse(text).is_ok() {
            Ok(Self(text.to_owned()))
        } else {
            Err("a UUID such as 3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c".to_owned())
        }
    }

    /// The text exactly as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The UUID value (case no longer matters).
    pub fn to_uuid(&self) -> uuid::Uuid {
        // The text was checked when the value was built; the nil UUID keeps this total.
        uuid::Uuid::try_parse(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for UuidText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for UuidText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for UuidText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::decode::checked_text(deserializer, Self::parse)
    }
}

impl JsonSchema for UuidText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "UuidText".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "uuid" })
    }
}

wire_struct! {
    /// A document attached to a refund, with a presigned download URL (Thredfi `DocumentFileUrl`).
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct DocumentFileUrl {
        /// Presigned URL for downloading the document.
        pub url!: Option<String>,
        /// Seconds until the URL expires.
        pub expires_in!: Option<i64>,
        /// Document identifier.
        pub document_id!: Option<UuidText>,
        /// Original file name.
        pub file_name!: Option<String>,
        /// File size in bytes.
        pub file_size!: Option<i64>,
        /// MIME type.
        pub mime_type!: Option<String>,
        ..extra
    }
}

wire_struct! {
    /// The bank transaction a payment is reconciled to (Thredfi `EntityReconciliationDetail`).
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct BankReconciliation {
        /// Kind of payment reconciled.
        pub payment_type?: Nullable<String>,
        /// Bank transaction identifier.
        pub bank_transaction_id!: Option<UuidText>,
        /// When the bank transaction happened.
        pub bank_transaction_date!: Option<Timestamp>,
        /// Bank transaction amount in cents.
        pub bank_transaction_amount_cents!: Option<i64>,
        /// Direction of the bank transaction (e.g. `DEBIT`).
        pub bank_transaction_direction!: Option<String>,
        /// Amount reconciled, in cents.
        pub reconciled_amount_cents!: Option<i64>,
        /// Identifier of the reconciliation link.
        pub reconciliation_link_id!: Option<UuidText>,
        /// When the reconciliation was made.
        pub reconciled_at!: Option<Timestamp>,
        /// Currency of the bank transaction.
        pub currency!: Option<String>,
        /// Name of the bank account.
        pub bank_account_name?: Nullable<String>,
        /// Notes.
        pub notes?: Nullable<String>,
        ..extra
    }
}

/// Page information of a Thredfi list response. Every field may be `null` (see [`Page`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageInfo {
    /// Number of records across all pages.
    #[serde(deserialize_with = "Option::deserialize")]
    pub total_count: Option<u64>,
    /// This page's number, counted from 1.
    #[serde(deserialize_with = "Option::deserialize")]
    pub current_page: Option<u64>,
    /// Number of pages.
    #[serde(deserialize_with = "Option::deserialize")]
    pub total_pages: Option<u64>,
    /// Records per page.
    #[serde(deserialize_with = "Option::deserialize")]
    pub page_size: Option<u64>,
}

/// A Thredfi list response: `{count, page_info, results}`, with the records still unparsed.
///
/// Records stay raw JSON until they are mapped one by one, so a single bad record is reported with
/// its index instead of failing the whole page. Every key is required but may be `null`, as for
/// the records themselves: the API is liberal in what it sends, so the reader is too.
#[derive(Debug, Serialize, Deserialize)]
pub struct Page {
    /// Number of records across all pages.
    #[serde(deserialize_with = "Option::deserialize")]
    pub count: Option<u64>,
    /// Page information.
    #[serde(deserialize_with = "Option::deserialize")]
    pub page_info: Option<PageInfo>,
    /// The records of this page, unparsed.
    #[serde(deserialize_with = "Option::deserialize")]
    pub results: Option<Vec<Box<serde_json::value::RawValue>>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_hyphenated_form_is_a_uuid() {
        let text = "3F1C0D2E-8A47-4C1B-9D0E-6B5A4F3E2D1C";
        let parsed = UuidText::parse(text).unwrap();
        assert_eq!(parsed.as_str(), text, "the spelling is kept");
        assert_eq!(parsed.to_uuid().to_string(), text.to_ascii_lowercase());
        for bad in [
            "3f1c0d2e8a474c1b9d0e6b5a4f3e2d1c",
            "{3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c}",
            "urn:uuid:3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c",
            "3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1g",
            "3f1c0d2e+8a47-4c1b-9d0e-6b5a4f3e2d1c",
            "",
        ] {
            assert!(UuidText::parse(bad).is_err(), "{bad}");
        }
    }
}
