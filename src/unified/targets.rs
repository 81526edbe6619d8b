//! The unified model's schemas: Apideck's `Refund`, its create input and its list response.
//!
//! ```
//! use unified_accounting::unified::targets;
//!
//! assert_eq!(targets::REFUND.name(), "apideck-refund");
//! assert_eq!(targets::REFUND.component(), "Refund");
//! ```

use crate::drift::{self, Deviations, Profile, Root, UsedField};
use crate::schema::{Document, Target};

/// The Apideck accounting document (spec 10.34.0): the `Refund` closure, `RefundInput` and the
/// list envelopes.
pub static DOCUMENT: Document = Document::new(
    "urn:unified-accounting:apideck:accounting:10.34.0",
    include_str!("../../schemas/apideck/accounting-refunds.schema.json"),
);

/// Apideck `Refund`: every unified record the crate emits (`id` required).
pub static REFUND: Target = Target::new(
    "apideck-refund",
    "Refund",
    &DOCUMENT,
    "a unified (Apideck) refund, as the crate emits it",
);

/// Apideck `Refund` as a create input: the same schema with only `total_amount` required,
/// because `id` is read-only and assigned by the server.
pub static REFUND_INPUT: Target = Target::new(
    "apideck-refund-input",
    "RefundInput",
    &DOCUMENT,
    "a unified (Apideck) refund as a create input",
);

/// Apideck `GetRefundsResponse`: a list envelope of unified refunds.
pub static REFUND_LIST: Target = Target::new(
    "apideck-refund-list",
    "GetRefundsResponse",
    &DOCUMENT,
    "an Apideck list response of refunds",
);

/// Every unified target.
pub static ALL: [&Target; 3] = [&REFUND, &REFUND_INPUT, &REFUND_LIST];

/// Schema drift of the Apideck document (`schema drift --provider apideck`): Apideck's `Refund`
/// and everything it references. The mappers read it (a unified input) and write it (every
/// record they emit), so a new required property anywhere in it affects them. Every deviation
/// of this document (R1–R7, A1–A5) is absorbed by normalisation or outside the `Refund` closure.
pub static DRIFT: Profile = Profile::new(
    "apideck",
    &DOCUMENT,
    &[Root {
        component: "Refund",
        read: true,
        written: true,
    }],
    Deviations::NONE,
    used_fields,
);

/// The unified model's fields: the properties its `schemars` schema (built from the serde field
/// names) shares with the vendored `Refund`, followed through both sides' references.
fn used_fields() -> Vec<UsedField> {
    let model = serde_json::to_value(schemars::schema_for!(super::Refund)).unwrap_or_default();
    drift::model_fields(&DOCUMENT, "Refund", &model)
}
