//! Apideck's list envelope for refunds (`GetRefundsResponse`).

use crate::json::JsonObject;
use serde::{Deserialize, Serialize};

use super::Refund;

/// A page of unified refunds as Apideck's `GET /accounting/refunds` returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefundList {
    /// HTTP status code of the response (200).
    pub status_code: u16,
    /// HTTP status text (`OK`).
    pub status: String,
    /// The provider the records come from (`thredfi`).
    pub service: String,
    /// The unified resource (`refunds`).
    pub resource: String,
    /// The operation (`all`).
    pub operation: String,
    /// The records of this page.
    pub data: Vec<Refund>,
    /// Counts, cursors and warnings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Links to this page and its neighbours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
}

/// Response metadata (Apideck `Meta`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Number of records on this page.
    pub items_on_page: u64,
    /// Cursors to this page and its neighbours.
    pub cursors: Cursors,
    /// Number of records across all pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<u64>,
    /// Advisory warnings: here, one per record that could not be mapped and one per mapping
    /// warning, each naming the record's index.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<MetaWarning>,
}

/// Opaque cursors (Apideck `Meta.cursors`); null where there is no such page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cursors {
    /// The page before this one.
    pub previous: Option<String>,
    /// This page.
    pub current: Option<String>,
    /// The page after this one.
    pub next: Option<String>,
}

/// Links to pages (Apideck `Links`); previous and next are null at the ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Links {
    /// The page before this one.
    pub previous: Option<String>,
    /// This page.
    pub current: String,
    /// The page after this one.
    pub next: Option<String>,
}

/// An advisory warning in `meta.warnings` (Apideck `WorkflowWarning`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetaWarning {
    /// Kind of warning: `record_rejected` or `mapping_warning`.
    #[serde(rename = "type")]
    pub kind: String,
    /// HTTP-like status code: 422 for a rejected record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<u16>,
    /// Error kind (`decode`, `mapping`) or warning code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The operation the warning concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// What happened, starting with the JSON Pointer of the field at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Other keys (the envelope is open). Written exactly; read through serde's buffering for
    /// `flatten`, which holds a number as the `f64` it prints as.
    #[serde(flatten)]
    pub extra: JsonObject,
}
