//! Apideck's unified accounting `Refund` and every component it references.

use crate::json::{JsonObject, JsonValue};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::currency::Currency;
use super::enums::{AddressType, AllocationType, InvoiceLineItemType, RefundStatus, RefundType};
use crate::datetime::{CalendarDate, Timestamp};
use crate::money::JsonDecimal;
use crate::nullable::{Nullable, optional_fields};

optional_fields! {
    /// A unified refund: money returned to a customer (Apideck `Refund`, spec 10.34.0).
    ///
    /// Every property of the schema is here, and nothing else (the schema has
    /// `additionalProperties: false`, so an unknown key is an input error). `id` is required on
    /// every record the crate emits but may be absent on an input for a create.
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[schemars(title = "Refund")]
    pub struct Refund {
        /// Unique identifier of the refund (read-only: assigned by the server).
        pub id: Option<String>,
        /// Reference number of the refund.
        pub number: Nullable<String>,
        /// The customer the refund goes to.
        pub customer: Nullable<LinkedCustomer>,
        /// The company (business) the refund belongs to.
        pub company_id: Nullable<String>,
        /// Currency of every amount on the refund.
        pub currency: Nullable<Currency>,
        /// Exchange rate to the company's base currency.
        pub currency_rate: Nullable<JsonDecimal>,
        /// Whether amounts include tax.
        pub tax_inclusive: Nullable<bool>,
        /// Total before tax.
        pub sub_total: Nullable<JsonDecimal>,
        /// Total refunded amount, in major units (required, but may be null).
        pub total_amount: Nullable<JsonDecimal>,
        /// Total tax.
        pub total_tax: Nullable<JsonDecimal>,
        /// When the refund happened.
        pub refund_date: Nullable<Timestamp>,
        /// Status of the refund.
        pub status: Option<RefundStatus>,
        /// Kind of refund.
        pub r#type: Option<RefundType>,
        /// How the money was returned (free text, e.g. `cash`).
        pub payment_method: Nullable<String>,
        /// Reference of the payment (a cheque number, say).
        pub payment_method_reference: Nullable<String>,
        /// Identifier of the payment method record.
        pub payment_method_id: Nullable<String>,
        /// Ledger account the refund is paid from.
        pub account: Nullable<LinkedLedgerAccount>,
        /// Line items, for itemized refunds.
        pub line_items: Option<Vec<InvoiceLineItem>>,
        /// Documents the refund is applied against.
        pub allocations: Option<Vec<Allocation>>,
        /// Tax code applied when tax is not given per line.
        pub tax_code: Nullable<String>,
        /// Discount percentage.
        pub discount_percentage: Nullable<JsonDecimal>,
        /// Discount amount.
        pub discount_amount: Nullable<JsonDecimal>,
        /// Internal note.
        pub note: Nullable<String>,
        /// Memo shown to the customer.
        pub customer_memo: Nullable<String>,
        /// Reference message.
        pub reference: Nullable<String>,
        /// Billing address.
        pub billing_address: Option<Address>,
        /// Shipping address.
        pub shipping_address: Option<Address>,
        /// Department.
        pub department: Nullable<LinkedDepartment>,
        /// Location.
        pub location: Nullable<LinkedLocation>,
        /// Tracking categories; each entry may itself be null.
        pub tracking_categories: Nullable<Vec<Nullable<LinkedTrackingCategory>>>,
        /// Provider data the unified fields cannot hold (read-only). This crate puts everything
        /// from the provider record that has no unified home here; see the crate README.
        pub custom_mappings: Nullable<JsonObject>,
        /// Custom fields.
        pub custom_fields: Option<Vec<CustomField>>,
        /// Row version for optimistic concurrency.
        pub row_version: Nullable<String>,
        /// Who last updated the record (read-only).
        pub updated_by: Nullable<String>,
        /// Who created the record (read-only).
        pub created_by: Nullable<String>,
        /// When the record was last updated (read-only).
        pub updated_at: Nullable<Timestamp>,
        /// When the record was created (read-only).
        pub created_at: Nullable<Timestamp>,
        /// Provider-specific extensions of a create or update request (write-only).
        pub pass_through: Option<Vec<PassThrough>>,
    }
}

optional_fields! {
    /// The customer a refund goes to (Apideck `LinkedCustomer`; open: unknown keys are kept).
    #[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
    pub struct LinkedCustomer {
        /// Customer identifier.
        pub id: Option<String>,
        /// Display identifier (read-only).
        pub display_id: Nullable<String>,
        /// Display name.
        pub display_name: Nullable<String>,
        /// Name (deprecated by Apideck in favour of `display_name`).
        pub name: Option<String>,
        /// Company name (read-only).
        pub company_name: Nullable<String>,
        /// Email address.
        pub email: Option<String>,
        ..extra
    }
}

optional_fields! {
    /// A ledger account (Apideck `LinkedLedgerAccount`).
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct LinkedLedgerAccount {
        /// Account identifier.
        pub id: Option<String>,
        /// Account name.
        pub name: Nullable<String>,
        /// Nominal code.
        pub nominal_code: Nullable<String>,
        /// Account code.
        pub code: Nullable<String>,
        /// Parent account identifier.
        pub parent_id: Nullable<String>,
        /// Display identifier.
        pub display_id: Nullable<String>,
    }
}

optional_fields! {
    /// A line of an itemized refund (Apideck `InvoiceLineItem`).
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct InvoiceLineItem {
        /// Line identifier.
        pub id: Nullable<String>,
        /// Row identifier.
        pub row_id: Option<String>,
        /// Item code.
        pub code: Nullable<String>,
        /// Position of the line.
        pub line_number: Nullable<i64>,
        /// Description.
        pub description: Nullable<String>,
        /// Kind of line.
        pub r#type: Nullable<InvoiceLineItemType>,
        /// Tax amount.
        pub tax_amount: Nullable<JsonDecimal>,
        /// Total amount of the line.
        pub total_amount: Nullable<JsonDecimal>,
        /// Quantity.
        pub quantity: Nullable<JsonDecimal>,
        /// Unit price.
        pub unit_price: Nullable<JsonDecimal>,
        /// Unit of measure.
        pub unit_of_measure: Nullable<String>,
        /// Discount percentage.
        pub discount_percentage: Nullable<JsonDecimal>,
        /// Discount amount.
        pub discount_amount: Nullable<JsonDecimal>,
        /// Date of service.
        pub service_date: Nullable<CalendarDate>,
        /// Category identifier.
        pub category_id: Nullable<String>,
        /// Location identifier.
        pub location_id: Nullable<String>,
        /// Department identifier.
        pub department_id: Nullable<String>,
        /// Subsidiary identifier.
        pub subsidiary_id: Nullable<String>,
        /// Shipping identifier.
        pub shipping_id: Nullable<String>,
        /// Memo.
        pub memo: Nullable<String>,
        /// Whether the line is prepaid.
        pub prepaid: Nullable<bool>,
        /// The item sold.
        pub item: Option<LinkedInvoiceItem>,
        /// What tax applies on.
        pub tax_applicable_on: Nullable<String>,
        /// Tax recoverability.
        pub tax_recoverability: Nullable<String>,
        /// Tax method.
        pub tax_method: Nullable<String>,
        /// Worktags; each entry may itself be null.
        pub worktags: Option<Vec<Nullable<LinkedWorktag>>>,
        /// Tax rate.
        pub tax_rate: Option<LinkedTaxRate>,
        /// Tracking categories; each entry may itself be null.
        pub tracking_categories: Nullable<Vec<Nullable<LinkedTrackingCategory>>>,
        /// Ledger account.
        pub ledger_account: Nullable<LinkedLedgerAccount>,
        /// Custom fields.
        pub custom_fields: Option<Vec<CustomField>>,
        /// Row version.
        pub row_version: Nullable<String>,
        /// Who last updated the line (read-only).
        pub updated_by: Nullable<String>,
        /// Who created the line (read-only).
        pub created_by: Nullable<String>,
        /// When the line was created (read-only).
        pub created_at: Nullable<Timestamp>,
        /// When the line was last updated (read-only).
        pub updated_at: Nullable<Timestamp>,
    }
}

optional_fields! {
    /// What a refund is applied against (Apideck `Allocation`; open: unknown keys are kept).
    #[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
    pub struct Allocation {
        /// Identifier of the document the refund is attributed to.
        pub id: Option<String>,
        /// Kind of document.
        pub r#type: Option<AllocationType>,
        /// Human-readable code of the document (read-only), e.g. an invoice number.
        pub code: Option<String>,
        /// Amount allocated; null means the refund's `total_amount`.
        pub amount: Nullable<JsonDecimal>,
        /// Identifier of the allocation itself.
        pub allocation_id: Option<String>,
        ..extra
    }
}

optional_fields! {
    /// A postal address (Apideck `Address`).
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Address {
        /// Address identifier.
        pub id: Nullable<String>,
        /// Kind of address.
        pub r#type: Nullable<AddressType>,
        /// The whole address as one string.
        pub string: Nullable<String>,
        /// Name of the address.
        pub name: Nullable<String>,
        /// First line.
        pub line1: Nullable<String>,
        /// Second line.
        pub line2: Nullable<String>,
        /// Third line.
        pub line3: Nullable<String>,
        /// Fourth line.
        pub line4: Nullable<String>,
        /// Fifth line.
        pub line5: Nullable<String>,
        /// Street number.
        pub street_number: Nullable<String>,
        /// City.
        pub city: Nullable<String>,
        /// State or region.
        pub state: Nullable<String>,
        /// Postal code.
        pub postal_code: Nullable<String>,
        /// Country.
        pub country: Nullable<String>,
        /// Latitude, as text.
        pub latitude: Nullable<String>,
        /// Longitude, as text.
        pub longitude: Nullable<String>,
        /// County.
        pub county: Nullable<String>,
        /// Contact name.
        pub contact_name: Nullable<String>,
        /// Salutation.
        pub salutation: Nullable<String>,
        /// Phone number.
        pub phone_number: Nullable<String>,
        /// Fax number.
        pub fax: Nullable<String>,
        /// Email address.
        pub email: Nullable<String>,
        /// Website.
        pub website: Nullable<String>,
        /// Notes.
        pub notes: Nullable<String>,
        /// Row version.
        pub row_version: Nullable<String>,
    }
}

optional_fields! {
    /// A department (Apideck `LinkedDepartment`; open: unknown keys are kept).
    #[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
    pub struct LinkedDepartment {
        /// Department identifier (read-only).
        pub id: Option<String>,
        /// Display identifier.
        pub display_id: Nullable<String>,
        /// Name.
        pub name: Nullable<String>,
        /// Identifier in the downstream system (read-only).
        pub downstream_id: Nullable<String>,
        ..extra
    }
}

optional_fields! {
    /// A location (Apideck `LinkedLocation`; open: unknown keys are kept).
    #[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
    pub struct LinkedLocation {
        /// Location identifier.
        pub id: Option<String>,
        /// Display identifier.
        pub display_id: Nullable<String>,
        /// Name.
        pub name: Nullable<String>,
        /// Identifier in the downstream system (read-only).
        pub downstream_id: Nullable<String>,
        ..extra
    }
}

optional_fields! {
    /// A tracking category (Apideck `LinkedTrackingCategory`; open: unknown keys are kept).
    #[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
    pub struct LinkedTrackingCategory {
        /// Category identifier.
        pub id: Option<String>,
        /// Code.
        pub code: Nullable<String>,
        /// Name.
        pub name: Nullable<String>,
        /// Parent category identifier.
        pub parent_id: Option<String>,
        /// Parent category name.
        pub parent_name: Nullable<String>,
        ..extra
    }
}

optional_fields! {
    /// A custom field (Apideck `CustomField`): needs an `id` or a `name`.
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct CustomField {
        /// Field identifier.
        pub id: Nullable<String>,
        /// Field name.
        pub name: Nullable<String>,
        /// Description.
        pub description: Nullable<String>,
        /// The value: a string, number, boolean, object, array of those, or null.
        pub value: Nullable<JsonValue>,
    }
}

optional_fields! {
    /// The item on a line (Apideck `LinkedInvoiceItem`; open: unknown keys are kept).
    #[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
    pub struct LinkedInvoiceItem {
        /// Item identifier.
        pub id: Nullable<String>,
        /// Item code.
        pub code: Nullable<String>,
        /// Item name.
        pub name: Nullable<String>,
        ..extra
    }
}

optional_fields! {
    /// A worktag (Apideck `LinkedWorktag`; open: unknown keys are kept).
    #[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
    pub struct LinkedWorktag {
        /// Worktag identifier.
        pub id: Option<String>,
        /// Worktag value.
        pub value: Nullable<String>,
        ..extra
    }
}

optional_fields! {
    /// A tax rate on a line (Apideck `LinkedTaxRate`).
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct LinkedTaxRate {
        /// Tax rate identifier.
        pub id: Nullable<String>,
        /// Tax code.
        pub code: Nullable<String>,
        /// Name (read-only).
        pub name: Nullable<String>,
        /// Rate, in percent.
        pub rate: Nullable<JsonDecimal>,
    }
}

/// A provider-specific extension of a create or update request (Apideck `PassThroughBody` item).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PassThrough {
    /// The provider the extension is for (`thredfi` for this crate's Thredfi mappers).
    pub service_id: String,
    /// Workflow operation the extension applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// Keys merged into the request object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extend_object: Option<JsonObject>,
    /// Values set at JSONPath locations of the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extend_paths: Option<Vec<ExtendPath>>,
}

/// One `extend_paths` entry: set `value` at `path` (a JSONPath such as `$.nested.property`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtendPath {
    /// Where to set the value.
    pub path: String,
    /// The value to set; any JSON, including null.
    pub value: JsonValue,
}
