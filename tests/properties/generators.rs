//! proptest generators for Thredfi customer refunds, vendor refunds, their list pages, and unified
//! refunds.
//!
//! The Thredfi generators build JSON that is valid per `schemas/thredfi/refunds.schema.json`,
//! which describes what the API really sends (schemas/README.md, T1 and T8): every response field
//! may be `null` except the record's own `id`, a required key is always there (maybe `null`), an
//! optional key may also be absent, and text that was set empty comes back as `""`. So a failure
//! of the round-trip property is a bug of the crate and not of the input. Each object (record,
//! allocation, payment, reconciliation, document, page) draws a [`Fill`]: mostly full, so the other
//! properties keep exercising real values, sometimes sparse, sometimes entirely `null`; and the
//! allocations include the shapes the API sends for credit and payment allocations (their invoice
//! or bill fields `null`). Values reach every edge: amounts include 0, 1, -1 and the `i64` limits;
//! strings are empty, ASCII, any Unicode scalar value (NUL and other control characters included)
//! and exactly their schema's maximum length; timestamps sit on year boundaries with offsets from
//! -12:00 to +14:00; allocations and payments run from none to several; free-form JSON (metadata,
//! tags, unknown keys) holds numbers whose text must survive digit for digit (`-0`, `1e+400`,
//! integers beyond `u128`, `0.0000001`).
//!
//! The unified generator is deliberately looser: it builds refunds an Apideck client could send,
//! valid or not for Thredfi (any payment-method text, any allocation type, amounts with three
//! decimals or beyond `i64`, damaged `custom_mappings`, `pass_through` that breaks the request),
//! and refunds shaped like Apideck's own responses, every field spelled out (`null`, `[]`, objects
//! whose fields are all `null`), because the property over it is "a schema-valid request or a
//! typed error, never a panic".

#![allow(dead_code)]

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Number, Value};

/// A JSON object under construction: `(key, value)` pairs, `None` meaning "key absent".
type Field = (String, Option<Value>);

/// One named field whose value (or absence) comes from `strategy`.
fn field(
    name: &str,
    strategy: impl Strategy<Value = Option<Value>> + 'static,
) -> BoxedStrategy<Field> {
    let name = name.to_owned();
    strategy
        .prop_map(move |value| (name.clone(), value))
        .boxed()
}

/// A required field.
fn required(name: &str, strategy: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Field> {
    field(name, strategy.prop_map(Some))
}

/// An optional, non-nullable field: absent or a value (for unified fields whose schema refuses
/// `null`).
fn optional(name: &str, strategy: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Field> {
    field(
        name,
        prop_oneof![1 => Just(None), 3 => strategy.prop_map(Some)],
    )
}

/// An optional, nullable field: absent, `null` or a value.
fn nullable(name: &str, strategy: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Field> {
    field(
        name,
        prop_oneof![
            1 => Just(None),
            1 => Just(Some(Value::Null)),
            3 => strategy.prop_map(Some),
        ],
    )
}

/// Builds the object from its fields, then adds up to two keys the schema does not name (kept in
/// `extra` / `custom_mappings.extra_fields` on the way through).
fn object(fields: Vec<BoxedStrategy<Field>>) -> BoxedStrategy<Value> {
    (fields, vec((extra_key(), json()), 0..=2))
        .prop_map(|(fields, extras)| {
            let mut map = Map::new();
            for (key, value) in fields {
                if let Some(value) = value {
                    map.insert(key, value);
                }
            }
            for (key, value) in extras {
                map.insert(key, value);
            }
            Value::Object(map)
        })
        .boxed()
}

/// Keys no wire type names: a fixed prefix, then any text (slashes and tildes included, which a
/// JSON Pointer must escape).
fn extra_key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("x_note".to_owned()),
        Just("x_a/b~c".to_owned()),
        text(12).prop_map(|rest| format!("x_{rest}")),
    ]
}

/// Characters: mostly printable ASCII, some of anything, and the usual troublemakers.
fn character() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => proptest::char::range(' ', '~'),
        2 => any::<char>(),
        2 => select(vec![
            '\0', '\n', '\t', '"', '\\', '/', '\u{7f}', 'é', 'ß', '€', 'ł', 'Ð', '😀', '\u{202e}',
            '\u{feff}', '\u{200b}', '\u{fffd}', '\u{ffff}', '\u{10ffff}', '中',
        ]),
    ]
}

/// A string of at most `max` characters: empty, short, or exactly `max` long.
pub fn text(max: usize) -> BoxedStrategy<String> {
    let short = max.min(24);
    prop_oneof![
        1 => Just(String::new()),
        8 => vec(character(), 1..=short.max(1)).prop_map(String::from_iter),
        1 => vec(character(), max..=max).prop_map(String::from_iter),
    ]
    .boxed()
}

/// A string with no schema limit: up to a few hundred characters.
fn free_text() -> BoxedStrategy<String> {
    text(300)
}

/// Integer cents: the edges, small values and anything in `i64`.
pub fn cents() -> BoxedStrategy<i64> {
    prop_oneof![
        3 => select(vec![0, 1, -1, 99, 100, i64::MAX, i64::MIN, i64::MAX - 1, i64::MIN + 1]),
        3 => -1_000_000i64..1_000_000,
        2 => any::<i64>(),
    ]
    .boxed()
}

fn cents_json() -> BoxedStrategy<Value> {
    cents().prop_map(Value::from).boxed()
}

/// A JSON number as serde_json holds it (its canonical text), including texts a float would
/// change: `-0`, `1e+400`, integers beyond `u128`, `0.0000001`, `100000000000000000000`.
pub fn number() -> BoxedStrategy<Number> {
    let text = prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        select(vec![
            "-0",
            "0",
            "-0.0",
            "1.0",
            "0.1",
            "1e400",
            "-1e-400",
            "1.5e-7",
            "1E+2",
            "0.0000001",
            "100000000000000000000",
            "12345678901234567890123",
            "100000000000000000000000000000000000000000000000",
            "92233720368547758.07",
            "-92233720368547758.08",
            "3.141592653589793238462643383279",
        ])
        .prop_map(str::to_owned),
        ("[1-9][0-9]{19,40}", proptest::bool::ANY).prop_map(|(digits, negative)| if negative {
            format!("-{digits}")
        } else {
            digits
        }),
        "-?(0|[1-9][0-9]{0,9})\\.[0-9]{1,12}",
        "-?[1-9]\\.[0-9]{1,6}[eE][+-]?[0-9]{1,3}",
    ];
    text.prop_filter_map("serde_json reads it", |text| {
        serde_json::from_str::<Number>(&text).ok()
    })
    .boxed()
}

/// Any JSON value, a few levels deep: metadata, tags and unknown keys.
pub fn json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number().prop_map(Value::Number),
        text(40).prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            vec((text(10), inner), 0..4)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
    .boxed()
}

/// A hyphenated UUID in lower, upper or mixed case (kept verbatim through the round trip).
pub fn uuid() -> BoxedStrategy<String> {
    prop_oneof![
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}",
        "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
    ]
    .boxed()
}

fn uuid_json() -> BoxedStrategy<Value> {
    uuid().prop_map(Value::String).boxed()
}

fn days_in(year: u32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A calendar date `YYYY-MM-DD`: year boundaries, leap days, and anything from year 1 to 9999.
pub fn date() -> BoxedStrategy<String> {
    let year = prop_oneof![
        select(vec![
            1u32, 1969, 1970, 1999, 2000, 2024, 2025, 2026, 2100, 9999
        ]),
        1u32..=9999,
    ];
    let edge = (
        year.clone(),
        select(vec![(1u32, 1u32), (12, 31), (2, 28), (2, 29), (3, 1)]),
    )
        .prop_map(|(year, (month, day))| (year, month, day.min(days_in(year, month))));
    let any_day = (year, 1u32..=12, 1u32..=31)
        .prop_map(|(year, month, day)| (year, month, day.min(days_in(year, month))));
    prop_oneof![edge, any_day]
        .prop_map(|(year, month, day)| format!("{year:04}-{month:02}-{day:02}"))
        .boxed()
}

/// An RFC 3339 date-time: boundary dates and times, 0 to 9 fraction digits, `Z` or an offset
/// from -12:00 to +14:00.
pub fn timestamp() -> BoxedStrategy<String> {
    let time = prop_oneof![
        select(vec![(0u32, 0u32, 0u32), (23, 59, 59), (12, 0, 0)]),
        (0u32..24, 0u32..60, 0u32..60),
    ];
    let fraction = prop_oneof![
        2 => Just(String::new()),
        1 => "\\.[0-9]{1,9}",
    ];
    let offset = prop_oneof![
        3 => Just("Z".to_owned()),
        3 => select(vec!["+00:00", "-00:00", "+14:00", "-12:00", "+05:45", "-05:00", "+01:00", "-09:30"])
            .prop_map(str::to_owned),
        1 => (proptest::bool::ANY, 0u32..24, 0u32..60).prop_map(|(plus, hours, minutes)| {
            format!("{}{hours:02}:{minutes:02}", if plus { '+' } else { '-' })
        }),
    ];
    (date(), time, fraction, offset)
        .prop_map(|(date, (hour, minute, second), fraction, offset)| {
            format!("{date}T{hour:02}:{minute:02}:{second:02}{fraction}{offset}")
        })
        .boxed()
}

fn timestamp_json() -> BoxedStrategy<Value> {
    timestamp().prop_map(Value::String).boxed()
}

fn date_json() -> BoxedStrategy<Value> {
    date().prop_map(Value::String).boxed()
}

fn text_json(max: usize) -> BoxedStrategy<Value> {
    text(max).prop_map(Value::String).boxed()
}

fn free_text_json() -> BoxedStrategy<Value> {
    free_text().prop_map(Value::String).boxed()
}

fn one_of(values: &[&'static str]) -> BoxedStrategy<Value> {
    select(values.to_vec())
        .prop_map(|text| Value::String(text.to_owned()))
        .boxed()
}

/// Thredfi's nine currencies.
pub const CURRENCIES: [&str; 9] = [
    "EUR", "GBP", "USD", "SEK", "NOK", "DKK", "ISK", "MYR", "SGD",
];

/// How filled a generated Thredfi object is. The API sends `null` in every response field but the
/// record's own `id` (schemas/README.md, T8) and `""` in text that was set empty, so each object
/// (record, allocation, payment, reconciliation, document, page) draws its own fill: mostly full,
/// so the other properties keep exercising real values, sometimes sparse or entirely null. The
/// objects inside a full object are mostly full too (an all-null allocation in an otherwise
/// complete record now and then), so most records are complete or nearly so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// What the API usually sends: nearly every field set, now and then a `null`.
    Full,
    /// About half the fields `null` (or absent, where the key is optional).
    Sparse,
    /// Every field that may be `null` is `null` (an optional key is sometimes left out instead).
    Null,
}

/// The weights of the fills of an object inside an object of fill `parent` (`None`: a record or
/// page at the top).
fn fill_weights(parent: Option<Fill>) -> [(u32, Fill); 3] {
    match parent {
        None => [(12, Fill::Full), (3, Fill::Sparse), (1, Fill::Null)],
        Some(Fill::Full) => [(18, Fill::Full), (1, Fill::Sparse), (1, Fill::Null)],
        Some(Fill::Sparse | Fill::Null) => [(6, Fill::Full), (2, Fill::Sparse), (1, Fill::Null)],
    }
}

/// One strategy per fill, weighted by [`fill_weights`] (a union, not a flat map, so cases shrink
/// well).
fn filled_under(
    parent: Option<Fill>,
    make: impl Fn(Fill) -> BoxedStrategy<Value>,
) -> BoxedStrategy<Value> {
    proptest::strategy::Union::new_weighted(
        fill_weights(parent)
            .iter()
            .map(|(weight, fill)| (*weight, make(*fill)))
            .collect(),
    )
    .boxed()
}

/// A top-level object (record, page) of any fill.
fn filled(make: impl Fn(Fill) -> BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    filled_under(None, make)
}

/// A key the schema requires, whose value the API may send as `null` (a `!` field of the wire
/// types).
fn required_nullable(
    name: &str,
    strategy: impl Strategy<Value = Value> + 'static,
    fill: Fill,
) -> BoxedStrategy<Field> {
    let value = strategy.prop_map(Some);
    match fill {
        Fill::Full => field(name, prop_oneof![1 => Just(Some(Value::Null)), 20 => value]),
        Fill::Sparse => field(name, prop_oneof![1 => Just(Some(Value::Null)), 1 => value]),
        Fill::Null => field(name, Just(Some(Value::Null))),
    }
}

/// An optional key that may be `null` (a `?` field of the wire types): absent, `null` or a value.
fn optional_nullable(
    name: &str,
    strategy: impl Strategy<Value = Value> + 'static,
    fill: Fill,
) -> BoxedStrategy<Field> {
    let value = strategy.prop_map(Some);
    match fill {
        Fill::Full => field(
            name,
            prop_oneof![2 => Just(None), 1 => Just(Some(Value::Null)), 12 => value],
        ),
        Fill::Sparse => field(
            name,
            prop_oneof![1 => Just(None), 1 => Just(Some(Value::Null)), 1 => value],
        ),
        Fill::Null => field(
            name,
            prop_oneof![1 => Just(None), 3 => Just(Some(Value::Null))],
        ),
    }
}

/// The presigned document link (`DocumentFileUrl`), itself with nullable fields.
fn document_object(fill: Fill) -> BoxedStrategy<Value> {
    let url = (
        "[a-z]{1,10}",
        vec("[A-Za-z0-9_.-]{1,12}", 0..4),
        "[a-z0-9=&]{0,20}",
    )
        .prop_map(|(host, segments, query)| {
            let mut url = format!("https://{host}.example.com/{}", segments.join("/"));
            if !query.is_empty() {
                url.push('?');
                url.push_str(&query);
            }
            Value::String(url)
        });
    object(vec![
        required_nullable("url", url, fill),
        required_nullable("expires_in", cents_json(), fill),
        required_nullable("document_id", uuid_json(), fill),
        required_nullable("file_name", free_text_json(), fill),
        required_nullable("file_size", cents_json(), fill),
        required_nullable("mime_type", free_text_json(), fill),
    ])
}

/// The `document` field: a required key, null half the time (a refund without a document), else
/// a document of any fill.
fn document(fill: Fill) -> BoxedStrategy<Field> {
    match fill {
        Fill::Null => field("document", Just(Some(Value::Null))),
        Fill::Full | Fill::Sparse => field(
            "document",
            prop_oneof![
                1 => Just(Some(Value::Null)),
                1 => filled_under(Some(fill), document_object).prop_map(Some),
            ],
        ),
    }
}

/// A bank reconciliation (`EntityReconciliationDetail`).
fn reconciliation(fill: Fill) -> BoxedStrategy<Value> {
    object(vec![
        optional_nullable("payment_type", free_text_json(), fill),
        required_nullable("bank_transaction_id", uuid_json(), fill),
        required_nullable("bank_transaction_date", timestamp_json(), fill),
        required_nullable("bank_transaction_amount_cents", cents_json(), fill),
        required_nullable(
            "bank_transaction_direction",
            one_of(&["DEBIT", "CREDIT", ""]),
            fill,
        ),
        required_nullable("reconciled_amount_cents", cents_json(), fill),
        required_nullable("reconciliation_link_id", uuid_json(), fill),
        required_nullable("reconciled_at", timestamp_json(), fill),
        required_nullable(
            "currency",
            prop_oneof![4 => one_of(&CURRENCIES), 1 => text_json(5)],
            fill,
        ),
        optional_nullable("bank_account_name", free_text_json(), fill),
        optional_nullable("notes", free_text_json(), fill),
    ])
}

/// A list: empty now and then, else one to `max` items.
fn array(item: BoxedStrategy<Value>, max: usize) -> BoxedStrategy<Value> {
    prop_oneof![
        1 => Just(Value::Array(Vec::new())),
        4 => vec(item, 1..=max).prop_map(Value::Array),
    ]
    .boxed()
}

/// Customer refund statuses, allocation types and payment methods.
pub const CUSTOMER_STATUSES: [&str; 5] = ["pending", "processing", "paid", "failed", "cancelled"];
const CUSTOMER_ALLOCATION_TYPES: [&str; 4] = ["invoice", "payment", "credit", "line_item"];
const CUSTOMER_METHODS: [&str; 9] = [
    "BANK_TRANSFER",
    "CREDIT_CARD",
    "DEBIT_CARD",
    "ACH",
    "CHECK",
    "CASH",
    "PAYPAL",
    "STRIPE",
    "OTHER",
];

/// A customer allocation (`RefundAllocation`) of any type, every field nullable.
fn customer_allocation_with(fill: Fill) -> BoxedStrategy<Value> {
    object(vec![
        required_nullable("id", uuid_json(), fill),
        required_nullable("allocation_type", one_of(&CUSTOMER_ALLOCATION_TYPES), fill),
        required_nullable("amount", cents_json(), fill),
        required_nullable("invoice_id", uuid_json(), fill),
        required_nullable("invoice_number", free_text_json(), fill),
        required_nullable("invoice_outstanding_balance_cents", cents_json(), fill),
        required_nullable("target_description", free_text_json(), fill),
        optional_nullable("description", text_json(500), fill),
        optional_nullable("allocation_date", timestamp_json(), fill),
    ])
}

/// What the API really sends for a `credit` or `payment` allocation: no invoice, so every
/// `invoice_*` field is `null` (schemas/README.md, T8).
fn customer_allocation_without_invoice(fill: Fill) -> BoxedStrategy<Value> {
    object(vec![
        required_nullable("id", uuid_json(), fill),
        required_nullable("allocation_type", one_of(&["credit", "payment"]), fill),
        required_nullable("amount", cents_json(), fill),
        required("invoice_id", Just(Value::Null)),
        required("invoice_number", Just(Value::Null)),
        required("invoice_outstanding_balance_cents", Just(Value::Null)),
        required_nullable("target_description", free_text_json(), fill),
        optional_nullable("description", text_json(500), fill),
        optional_nullable("allocation_date", timestamp_json(), fill),
    ])
}

/// A customer allocation inside a refund of fill `parent`.
fn customer_allocation(parent: Fill) -> BoxedStrategy<Value> {
    prop_oneof![
        3 => filled_under(Some(parent), customer_allocation_with),
        1 => filled_under(Some(parent), customer_allocation_without_invoice),
    ]
    .boxed()
}

/// A customer refund payment (`RefundPayment`).
fn customer_payment(fill: Fill) -> BoxedStrategy<Value> {
    object(vec![
        required_nullable("id", uuid_json(), fill),
        required_nullable("refund_id", uuid_json(), fill),
        optional_nullable("external_id", text_json(255), fill),
        required_nullable("refunded_amount", cents_json(), fill),
        required_nullable("refund_processing_fee", cents_json(), fill),
        optional_nullable("completed_at", timestamp_json(), fill),
        optional_nullable("method", one_of(&CUSTOMER_METHODS), fill),
        optional_nullable("processor", text_json(100), fill),
        optional_nullable("transaction_tags", json(), fill),
        optional_nullable("memo", free_text_json(), fill),
        optional_nullable("metadata", json(), fill),
        required_nullable(
            "reconciled_bank_transactions",
            array(filled_under(Some(fill), reconciliation), 2),
            fill,
        ),
        required_nullable("created_at", timestamp_json(), fill),
        required_nullable("updated_at", timestamp_json(), fill),
    ])
}

/// A Thredfi customer refund (`Refund`), valid per the vendored schema: `null` anywhere but `id`.
pub fn customer_refund() -> BoxedStrategy<Value> {
    customer_refund_with(customer_allocation, 5)
}

/// A customer refund whose allocations come from `allocation` (up to `max` of them).
pub fn customer_refund_with(
    allocation: fn(Fill) -> BoxedStrategy<Value>,
    max: usize,
) -> BoxedStrategy<Value> {
    filled(move |fill| {
        object(vec![
            required("id", uuid_json()),
            optional_nullable("external_id", text_json(255), fill),
            required_nullable("refunded_amount", cents_json(), fill),
            optional_nullable("status", one_of(&CUSTOMER_STATUSES), fill),
            optional_nullable("completed_at", timestamp_json(), fill),
            optional_nullable("is_dedicated", any::<bool>().prop_map(Value::Bool), fill),
            optional_nullable("memo", free_text_json(), fill),
            optional_nullable("reference_number", text_json(100), fill),
            optional_nullable("metadata", json(), fill),
            required_nullable("customer_id", uuid_json(), fill),
            required_nullable("customer_name", free_text_json(), fill),
            required_nullable("allocations", array(allocation(fill), max), fill),
            required_nullable(
                "refund_payments",
                array(filled_under(Some(fill), customer_payment), 3),
                fill,
            ),
            document(fill),
            optional_nullable("currency", one_of(&CURRENCIES), fill),
            required_nullable("created_at", timestamp_json(), fill),
            required_nullable("updated_at", timestamp_json(), fill),
        ])
    })
}

/// Customer allocations only, for the allocation-sum property.
pub fn customer_allocation_strategy() -> fn(Fill) -> BoxedStrategy<Value> {
    customer_allocation
}

/// Vendor refund statuses, types, allocation types, methods, processors, payment statuses.
pub const VENDOR_STATUSES: [&str; 5] = [
    "pending",
    "partially_allocated",
    "allocated",
    "completed",
    "cancelled",
];
const REFUND_TYPES: [&str; 7] = [
    "overpayment",
    "credit_balance",
    "duplicate_payment",
    "billing_error",
    "goods_return",
    "service_cancellation",
    "other",
];
const VENDOR_ALLOCATION_TYPES: [&str; 3] = ["bill", "payment", "credit"];
const VENDOR_METHODS: [&str; 7] = [
    "bank_transfer",
    "ach",
    "wire",
    "check",
    "credit_card",
    "cash",
    "other",
];
const PROCESSORS: [&str; 5] = ["stripe", "wise", "paypal", "bank_transfer", "internal"];
const PAYMENT_STATUSES: [&str; 5] = ["pending", "processing", "completed", "failed", "cancelled"];

/// A vendor allocation (`VendorRefundAllocationResponse`) of any type, every field nullable.
fn vendor_allocation_with(fill: Fill) -> BoxedStrategy<Value> {
    object(vec![
        required_nullable("id", uuid_json(), fill),
        optional_nullable("allocation_type", one_of(&VENDOR_ALLOCATION_TYPES), fill),
        required_nullable("amount", cents_json(), fill),
        required_nullable("bill_id", uuid_json(), fill),
        required_nullable("bill_number", free_text_json(), fill),
        required_nullable("bill_outstanding_balance_cents", cents_json(), fill),
        required_nullable("bill_payment_id", uuid_json(), fill),
        optional_nullable("allocation_date", timestamp_json(), fill),
        optional_nullable("description", text_json(500), fill),
        optional_nullable("metadata", json(), fill),
        required_nullable("created_at", timestamp_json(), fill),
        required_nullable("updated_at", timestamp_json(), fill),
        required_nullable("target_description", free_text_json(), fill),
    ])
}

/// What the API really sends for each vendor allocation type (schemas/README.md, T8): a `bill`
/// allocation has no bill payment, a `payment` allocation no bill, a `credit` allocation
/// neither; the missing ones are `null`.
fn vendor_allocation_as_sent(fill: Fill) -> BoxedStrategy<Value> {
    let null = || Just(Value::Null);
    let shaped = |kind: &'static str, bill: bool, payment: bool| {
        let bill_field = |name: &str, value: BoxedStrategy<Value>| {
            if bill {
                required_nullable(name, value, fill)
            } else {
                required(name, null())
            }
        };
        object(vec![
            required_nullable("id", uuid_json(), fill),
            required("allocation_type", Just(Value::String(kind.to_owned()))),
            required_nullable("amount", cents_json(), fill),
            bill_field("bill_id", uuid_json()),
            bill_field("bill_number", free_text_json()),
            bill_field("bill_outstanding_balance_cents", cents_json()),
            if payment {
                required_nullable("bill_payment_id", uuid_json(), fill)
            } else {
                required("bill_payment_id", null())
            },
            optional_nullable("allocation_date", timestamp_json(), fill),
            optional_nullable("description", text_json(500), fill),
            optional_nullable("metadata", json(), fill),
            required_nullable("created_at", timestamp_json(), fill),
            required_nullable("updated_at", timestamp_json(), fill),
            required_nullable("target_description", free_text_json(), fill),
        ])
    };
    prop_oneof![
        shaped("bill", true, false),
        shaped("payment", false, true),
        shaped("credit", false, false),
    ]
    .boxed()
}

/// A vendor allocation inside a refund of fill `parent`.
fn vendor_allocation(parent: Fill) -> BoxedStrategy<Value> {
    prop_oneof![
        3 => filled_under(Some(parent), vendor_allocation_with),
        2 => filled_under(Some(parent), vendor_allocation_as_sent),
    ]
    .boxed()
}

/// A vendor refund payment (`VendorRefundPaymentResponse`), every field nullable.
pub fn vendor_payment() -> BoxedStrategy<Value> {
    filled(vendor_payment_with)
}

/// A vendor refund payment inside a refund of fill `parent`.
fn vendor_payment_under(parent: Fill) -> BoxedStrategy<Value> {
    filled_under(Some(parent), vendor_payment_with)
}

fn vendor_payment_with(fill: Fill) -> BoxedStrategy<Value> {
    object(vec![
        required_nullable("id", uuid_json(), fill),
        required_nullable("vendor_refund_id", uuid_json(), fill),
        optional_nullable("payment_reference", text_json(100), fill),
        optional_nullable("processor_payment_id", text_json(255), fill),
        optional_nullable("payment_date", date_json(), fill),
        required_nullable("refunded_amount", cents_json(), fill),
        required_nullable("processing_fee", cents_json(), fill),
        required_nullable("net_amount", cents_json(), fill),
        optional_nullable("payment_method", one_of(&VENDOR_METHODS), fill),
        optional_nullable("processor", one_of(&PROCESSORS), fill),
        optional_nullable("status", one_of(&PAYMENT_STATUSES), fill),
        optional_nullable("submitted_at", timestamp_json(), fill),
        optional_nullable("completed_at", timestamp_json(), fill),
        optional_nullable("failed_at", timestamp_json(), fill),
        optional_nullable("failure_reason", free_text_json(), fill),
        optional_nullable("description", free_text_json(), fill),
        optional_nullable("memo", free_text_json(), fill),
        optional_nullable("metadata", json(), fill),
        optional_nullable("transaction_tags", json(), fill),
        required_nullable(
            "reconciled_bank_transactions",
            array(filled_under(Some(fill), reconciliation), 2),
            fill,
        ),
        required_nullable("created_at", timestamp_json(), fill),
        required_nullable("updated_at", timestamp_json(), fill),
    ])
}

/// A Thredfi vendor refund (`VendorRefund`), valid per the vendored schema: `null` anywhere but
/// `id`.
pub fn vendor_refund() -> BoxedStrategy<Value> {
    vendor_refund_with(vendor_allocation, 5)
}

/// A vendor refund whose allocations come from `allocation` (up to `max` of them).
pub fn vendor_refund_with(
    allocation: fn(Fill) -> BoxedStrategy<Value>,
    max: usize,
) -> BoxedStrategy<Value> {
    filled(move |fill| {
        object(vec![
            required("id", uuid_json()),
            required_nullable("vendor_id", uuid_json(), fill),
            required_nullable("vendor_name", free_text_json(), fill),
            optional_nullable("external_id", text_json(255), fill),
            optional_nullable("refund_type", one_of(&REFUND_TYPES), fill),
            optional_nullable("reference_number", text_json(100), fill),
            optional_nullable("refund_date", date_json(), fill),
            optional_nullable("expected_completion_date", date_json(), fill),
            required_nullable("total_refunded_amount", cents_json(), fill),
            required_nullable("allocated_amount", cents_json(), fill),
            required_nullable("unallocated_amount", cents_json(), fill),
            optional_nullable("currency", one_of(&CURRENCIES), fill),
            optional_nullable("status", one_of(&VENDOR_STATUSES), fill),
            optional_nullable("description", free_text_json(), fill),
            optional_nullable("memo", free_text_json(), fill),
            optional_nullable("reason", text_json(500), fill),
            optional_nullable("metadata", json(), fill),
            required_nullable("allocations", array(allocation(fill), max), fill),
            required_nullable(
                "vendor_refund_payments",
                array(vendor_payment_under(fill), 3),
                fill,
            ),
            document(fill),
            required_nullable("created_at", timestamp_json(), fill),
            required_nullable("updated_at", timestamp_json(), fill),
        ])
    })
}

/// Vendor allocations only, for the allocation-sum property.
pub fn vendor_allocation_strategy() -> fn(Fill) -> BoxedStrategy<Value> {
    vendor_allocation
}

/// A page count or number: small, an edge, or anything in `u64`.
fn page_number() -> BoxedStrategy<Value> {
    prop_oneof![
        2 => select(vec![0u64, 1, 2, 3, u64::MAX]),
        4 => 0u64..50,
        1 => any::<u64>(),
    ]
    .prop_map(Value::from)
    .boxed()
}

/// A record that is not a valid Thredfi refund, so a page also has records that fail.
fn broken_record() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(json_value("{}")),
        Just(json_value("null")),
        Just(json_value("[1, 2]")),
        Just(json_value(r#"{"id": null}"#)),
        Just(json_value(r#"{"id": "not-a-uuid"}"#)),
    ]
    .boxed()
}

/// A Thredfi list page (`PaginatedRefundList` / `PaginatedVendorRefundList`) of `record`s:
/// `count`, `page_info` (and each of its integers) and `results` may each be `null`.
fn page(record: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    let records = prop_oneof![9 => record, 1 => broken_record()].boxed();
    filled(move |fill| {
        let page_info = object_without_extras(vec![
            required_nullable("total_count", page_number(), fill),
            required_nullable("current_page", page_number(), fill),
            required_nullable("total_pages", page_number(), fill),
            required_nullable("page_size", page_number(), fill),
        ]);
        object_without_extras(vec![
            required_nullable("count", page_number(), fill),
            required_nullable("page_info", page_info, fill),
            required_nullable(
                "results",
                vec(records.clone(), 0..4).prop_map(Value::Array),
                fill,
            ),
        ])
    })
}

/// A page of customer refunds.
pub fn customer_page() -> BoxedStrategy<Value> {
    page(customer_refund())
}

/// A page of vendor refunds.
pub fn vendor_page() -> BoxedStrategy<Value> {
    page(vendor_refund())
}

/// A decimal amount as JSON number text: whole cents mostly, but also zero, negatives, three or
/// more decimals, trailing zeros, exponents and values beyond `i64` cents.
pub fn decimal_amount() -> BoxedStrategy<Value> {
    let text = prop_oneof![
        4 => cents().prop_map(|cents| rust_decimal::Decimal::new(cents, 2).to_string()),
        2 => (1i64..100_000_000, 0u32..=2).prop_map(|(mantissa, scale)| {
            rust_decimal::Decimal::new(mantissa, scale).to_string()
        }),
        2 => select(vec![
            "0", "0.00", "0.01", "-0.01", "24.50", "12.345", "1.005", "1.500", "1e3", "2.5E-1",
            "92233720368547758.07", "92233720368547758.08", "-92233720368547758.08",
            "-92233720368547758.09", "1e400", "0.00000000000000000000000000001", "-0",
        ])
        .prop_map(str::to_owned),
    ];
    text.prop_filter_map("serde_json reads it", |text| {
        serde_json::from_str::<Value>(&text).ok()
    })
    .boxed()
}

/// Payment-method texts: Thredfi's names on either side, synonyms, and things nobody knows.
fn payment_method_text() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => select(vec![
            "bank_transfer", "BANK_TRANSFER", "Bank Transfer", "cheque", "Cheque", "CHECK", "card",
            "Credit-Card", "credit_card", "debit card", "ACH", "direct debit", "wire", "Wire Transfer",
            "SEPA", "bacs", "EFT", "PayPal", "stripe", "cash", "other", "venmo", "", "💸",
        ])
        .prop_map(|text| Value::String(text.to_owned())),
        1 => text_json(30),
    ]
    .boxed()
}

const UNIFIED_ALLOCATION_TYPES: [&str; 11] = [
    "invoice",
    "order",
    "expense",
    "credit_memo",
    "over_payment",
    "pre_payment",
    "journal_entry",
    "other",
    "bill",
    "credit_note",
    "",
];

/// A unified allocation (Apideck `Allocation`), any type, amount or id.
pub fn unified_allocation() -> BoxedStrategy<Value> {
    let id = prop_oneof![3 => uuid_json(), 1 => text_json(40)];
    object_without_extras(vec![
        optional("id", id),
        optional("type", one_of(&UNIFIED_ALLOCATION_TYPES)),
        optional("code", text_json(40)),
        nullable("amount", decimal_amount()),
        optional("allocation_id", text_json(40)),
    ])
}

fn object_without_extras(fields: Vec<BoxedStrategy<Field>>) -> BoxedStrategy<Value> {
    fields
        .prop_map(|fields| {
            Value::Object(
                fields
                    .into_iter()
                    .filter_map(|(key, value)| value.map(|value| (key, value)))
                    .collect(),
            )
        })
        .boxed()
}

/// `custom_mappings` as an Apideck client might send it: the keys the Thredfi mappers read, with
/// good or damaged values, and others.
fn custom_mappings() -> BoxedStrategy<Value> {
    let damaged_or = |good: BoxedStrategy<Value>| prop_oneof![4 => good, 1 => json()].boxed();
    object(vec![
        optional(
            "thredfi_resource",
            damaged_or(one_of(&["customer_refund", "vendor_refund", "invoice"])),
        ),
        optional("thredfi_status", damaged_or(one_of(&CUSTOMER_STATUSES))),
        optional("external_id", damaged_or(text_json(260))),
        optional("vendor_id", damaged_or(uuid_json())),
        optional("vendor_name", damaged_or(free_text_json())),
        optional("refund_type", damaged_or(one_of(&REFUND_TYPES))),
        optional("memo", damaged_or(free_text_json())),
        optional("reason", damaged_or(text_json(510))),
        nullable("metadata", json()),
        optional(
            "vendor_refund_payments",
            damaged_or(array(vendor_payment(), 2)),
        ),
        optional(
            "allocations",
            damaged_or(array(
                object(vec![
                    optional("allocation_type", one_of(&VENDOR_ALLOCATION_TYPES)),
                    optional("description", damaged_or(text_json(510))),
                    nullable("metadata", json()),
                ]),
                3,
            )),
        ),
        optional("allocated_amount", damaged_or(cents_json())),
        optional("unallocated_amount", damaged_or(cents_json())),
    ])
}

/// `pass_through` entries: for Thredfi or another service, merging objects and setting paths,
/// some of which break the request.
fn pass_through() -> BoxedStrategy<Value> {
    let path = prop_oneof![
        select(vec![
            "$.memo",
            "$.reference_number",
            "$.metadata.source",
            "$.amount_cents",
            "$.total_refunded_amount_cents",
            "$.memo.inner",
            "$..memo",
            "$.a[0]",
            "$",
            "memo",
        ])
        .prop_map(|path| Value::String(path.to_owned())),
        text_json(12),
    ];
    let extend_path =
        object_without_extras(vec![required("path", path), required("value", json())]);
    let extend_object = vec(
        (
            prop_oneof![
                select(vec![
                    "processor",
                    "refund_processing_fee_cents",
                    "memo",
                    "amount_cents",
                    "method",
                    "currency",
                    "vendor_id",
                    "x_custom",
                ])
                .prop_map(str::to_owned),
                text(10),
            ],
            prop_oneof![json(), cents_json()],
        ),
        0..3,
    )
    .prop_map(|pairs| Value::Object(pairs.into_iter().collect()));
    let entry = object_without_extras(vec![
        required("service_id", one_of(&["thredfi", "thredfi", "xero"])),
        optional("operation_id", text_json(10)),
        optional("extend_object", extend_object),
        optional(
            "extend_paths",
            vec(extend_path, 0..3).prop_map(Value::Array),
        ),
    ]);
    vec(entry, 0..3).prop_map(Value::Array).boxed()
}

/// A unified refund (Apideck `Refund`) as a client could send it for a create: two thirds are
/// plausible for Thredfi (so the success path is exercised), one third anything at all.
pub fn unified_refund() -> BoxedStrategy<Value> {
    prop_oneof![
        4 => plausible_unified_refund(),
        2 => hostile_unified_refund(),
        1 => apideck_response_refund(),
    ]
    .boxed()
}

/// Whole positive cents as a decimal JSON number (`0.01` to `10,000,000.00`).
fn positive_amount(max_cents: i64) -> BoxedStrategy<Value> {
    prop_oneof![
        3 => 1i64..=max_cents,
        1 => select(vec![1i64, 100, max_cents]),
    ]
    .prop_map(|cents| {
        serde_json::from_str(&rust_decimal::Decimal::new(cents, 2).to_string())
            .expect("a decimal is a JSON number")
    })
    .boxed()
}

/// A unified refund a Thredfi create should accept: a positive total of whole cents, a refund
/// date, a known currency, a status that can be created, allocations of the types each side takes
/// (one invoice, or bills / credits / bill payments adding up to at most the total), and
/// `custom_mappings` with the keys the vendor request reads. Edges still vary: lengths at their
/// limits, Unicode, every payment-method spelling, benign and breaking `pass_through`.
pub fn plausible_unified_refund() -> BoxedStrategy<Value> {
    let invoice = object_without_extras(vec![
        required("id", uuid_json()),
        required("type", Just(Value::String("invoice".into()))),
        optional("code", text_json(40)),
        nullable("amount", positive_amount(10_000_000)),
        optional("allocation_id", text_json(40)),
    ]);
    let vendor_allocation = object_without_extras(vec![
        required("id", uuid_json()),
        required("type", one_of(&["bill", "credit_memo", "other"])),
        optional("code", text_json(40)),
        required("amount", positive_amount(100_000)),
        optional("allocation_id", text_json(40)),
    ]);
    let allocations = prop_oneof![
        2 => (invoice, vec(unified_allocation(), 0..2)).prop_map(|(invoice, mut others)| {
            others.insert(0, invoice);
            Value::Array(others)
        }),
        2 => vec(vendor_allocation, 0..4).prop_map(Value::Array),
    ];
    let carried = object(vec![
        optional(
            "external_id",
            text(255)
                .prop_filter("non-empty", |t| !t.is_empty())
                .prop_map(Value::String),
        ),
        optional("vendor_id", uuid_json()),
        optional("refund_type", one_of(&REFUND_TYPES)),
        optional("memo", free_text_json()),
        optional("reason", text_json(500)),
        nullable("metadata", json()),
        optional("vendor_refund_payments", array(vendor_payment(), 2)),
    ]);
    let benign_pass_through = prop_oneof![
        Just(json_value(
            r#"[{"service_id":"thredfi","extend_object":{"processor":"STRIPE"}}]"#
        )),
        Just(json_value(
            r#"[{"service_id":"thredfi","extend_paths":[{"path":"$.metadata.source","value":"sync"}]}]"#
        )),
        Just(json_value(
            r#"[{"service_id":"xero","extend_object":{"anything":1}}]"#
        )),
    ];
    object_without_extras(vec![
        required("id", uuid_json()),
        nullable("number", text_json(100)),
        optional(
            "customer",
            object_without_extras(vec![
                optional("id", uuid_json()),
                nullable("display_name", free_text_json()),
            ]),
        ),
        required("currency", one_of(&CURRENCIES)),
        required("total_amount", positive_amount(1_000_000_000)),
        required("refund_date", timestamp_json()),
        optional("status", one_of(&["draft", "authorised", "posted", "paid"])),
        optional(
            "type",
            one_of(&["refund_receipt", "cash_refund", "credit_note_refund"]),
        ),
        nullable("payment_method", payment_method_text()),
        nullable("payment_method_reference", text_json(100)),
        required("allocations", allocations),
        nullable("note", free_text_json()),
        optional("custom_mappings", carried),
        optional("pass_through", benign_pass_through),
    ])
}

fn json_value(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

/// A unified refund with anything in it: any payment-method text, any allocation type, amounts
/// with three decimals or beyond `i64`, damaged `custom_mappings`, `pass_through` that breaks the
/// request.
pub fn hostile_unified_refund() -> BoxedStrategy<Value> {
    let customer = object_without_extras(vec![
        optional("id", prop_oneof![uuid_json(), text_json(20)]),
        nullable("display_name", free_text_json()),
    ]);
    let currency = prop_oneof![
        4 => one_of(&CURRENCIES),
        1 => one_of(&["JPY", "UNKNOWN_CURRENCY", "XYZ", "usd"]),
    ];
    object_without_extras(vec![
        optional("id", prop_oneof![uuid_json(), text_json(260)]),
        nullable("number", text_json(110)),
        nullable("customer", customer),
        nullable("company_id", text_json(20)),
        nullable("currency", currency),
        nullable("currency_rate", decimal_amount()),
        nullable("tax_inclusive", any::<bool>().prop_map(Value::Bool)),
        nullable("total_amount", decimal_amount()),
        nullable("refund_date", timestamp_json()),
        optional(
            "status",
            one_of(&[
                "draft",
                "authorised",
                "posted",
                "paid",
                "voided",
                "deleted",
                "refunded",
            ]),
        ),
        optional(
            "type",
            one_of(&[
                "refund_receipt",
                "cash_refund",
                "credit_note_refund",
                "sale_refund",
            ]),
        ),
        nullable("payment_method", payment_method_text()),
        nullable("payment_method_reference", text_json(110)),
        optional(
            "allocations",
            vec(unified_allocation(), 0..5).prop_map(Value::Array),
        ),
        nullable("note", free_text_json()),
        nullable("custom_mappings", custom_mappings()),
        nullable("created_at", timestamp_json()),
        nullable("updated_at", timestamp_json()),
        optional("pass_through", pass_through()),
    ])
}

/// The top-level fields of Apideck's `Refund` and how an Apideck response spells each one out
/// when it has no value: `null`, `[]`, or an object whose every field is `null`. `status` and
/// `type` are not nullable, so a response leaves them out instead.
const APIDECK_EMPTY_FIELDS: [(&str, &str); 35] = [
    ("number", "null"),
    ("customer", "null"),
    ("company_id", "null"),
    ("currency", "null"),
    ("currency_rate", "null"),
    ("tax_inclusive", "null"),
    ("sub_total", "null"),
    ("total_amount", "null"),
    ("total_tax", "null"),
    ("refund_date", "null"),
    ("payment_method", "null"),
    ("payment_method_reference", "null"),
    ("payment_method_id", "null"),
    ("account", "null"),
    ("line_items", "[]"),
    ("allocations", "[]"),
    ("tax_code", "null"),
    ("discount_percentage", "null"),
    ("discount_amount", "null"),
    ("note", "null"),
    ("customer_memo", "null"),
    ("reference", "null"),
    ("billing_address", "address"),
    ("shipping_address", "address"),
    ("department", "null"),
    ("location", "null"),
    ("tracking_categories", "null"),
    ("custom_mappings", "null"),
    ("custom_fields", "[]"),
    ("row_version", "null"),
    ("updated_by", "null"),
    ("created_by", "null"),
    ("updated_at", "null"),
    ("created_at", "null"),
    ("pass_through", "[]"),
];

/// Fields a full Thredfi record is rebuilt from (`to_record` reads them), so an echo that spells
/// them out as `null` where they were absent says something different; everything else in
/// [`APIDECK_EMPTY_FIELDS`] is only noise to `to_record`. (`to_record` reads `allocations` too,
/// but `[]` where the list was absent or `null` still means "no allocations".)
pub const READ_BY_TO_RECORD: [&str; 8] = [
    "number",
    "currency",
    "total_amount",
    "refund_date",
    "note",
    "custom_mappings",
    "updated_at",
    "created_at",
];

/// An Apideck `Address` with every field `null`, as a response sends an empty address.
fn empty_address() -> Value {
    let fields = [
        "id",
        "type",
        "string",
        "name",
        "line1",
        "line2",
        "line3",
        "line4",
        "line5",
        "street_number",
        "city",
        "state",
        "postal_code",
        "country",
        "latitude",
        "longitude",
        "county",
        "contact_name",
        "salutation",
        "phone_number",
        "fax",
        "email",
        "website",
        "notes",
        "row_version",
    ];
    Value::Object(
        fields
            .iter()
            .map(|name| ((*name).to_owned(), Value::Null))
            .collect(),
    )
}

/// Spells a unified refund out the way an Apideck response does: each absent top-level field for
/// which `mask` has its bit set (bit `i` for field `i` of [`APIDECK_EMPTY_FIELDS`]) gets its
/// empty spelling, a present customer gets its missing nullable fields as `null`, and each
/// allocation its missing `amount` as `null`. `keep_meaning` leaves out the fields `to_record`
/// reads ([`READ_BY_TO_RECORD`]), so the echo of a mapped refund still means the same record.
pub fn spell_out(refund: &mut Value, mask: u64, keep_meaning: bool) {
    let Value::Object(map) = refund else { return };
    for (bit, (name, empty)) in APIDECK_EMPTY_FIELDS.iter().enumerate() {
        if mask >> bit & 1 == 0
            || map.contains_key(*name)
            || (keep_meaning && READ_BY_TO_RECORD.contains(name))
        {
            continue;
        }
        let value = match *empty {
            "[]" => Value::Array(Vec::new()),
            "address" => empty_address(),
            _ => Value::Null,
        };
        map.insert((*name).to_owned(), value);
    }
    if let Some(Value::Object(customer)) = map.get_mut("customer") {
        for name in ["display_id", "display_name", "company_name"] {
            if mask >> 40 & 1 == 1 && !(keep_meaning && name == "display_name") {
                customer.entry(name).or_insert(Value::Null);
            }
        }
    }
    if !keep_meaning && let Some(Value::Array(allocations)) = map.get_mut("allocations") {
        for allocation in allocations {
            if let Value::Object(allocation) = allocation {
                allocation.entry("amount").or_insert(Value::Null);
            }
        }
    }
}

/// A unified refund shaped like an Apideck response: a plausible or hostile refund with most of
/// its absent fields spelled out as `null`, `[]` or all-null objects.
pub fn apideck_response_refund() -> BoxedStrategy<Value> {
    spelled_out(prop_oneof![3 => plausible_unified_refund(), 1 => hostile_unified_refund()].boxed())
}

/// A plausible unified refund, and the same refund shaped like an Apideck response.
pub fn apideck_response_plausible_refund() -> BoxedStrategy<(Value, Value)> {
    (
        plausible_unified_refund(),
        prop_oneof![1 => Just(u64::MAX), 2 => any::<u64>()],
    )
        .prop_map(|(refund, mask)| {
            let mut spelled = refund.clone();
            spell_out(&mut spelled, mask, false);
            (refund, spelled)
        })
        .boxed()
}

fn spelled_out(refund: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    (refund, prop_oneof![1 => Just(u64::MAX), 2 => any::<u64>()])
        .prop_map(|(mut refund, mask)| {
            spell_out(&mut refund, mask, false);
            refund
        })
        .boxed()
}
