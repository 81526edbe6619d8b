//! An embedding service's own serde code, compiled in the same build as `unified-accounting`.
//!
//! Cargo unifies features across a build: had the library switched on serde_json's
//! `arbitrary_precision`, every number below would reach serde as a map holding its text, and
//! both shapes would stop deserializing (serde-rs/json#721, serde-rs/json#1108). The tests in
//! `tests/embed.rs` read them beside a Thredfi refund mapped by the library.

use serde::Deserialize;

/// A sensor reading that is a number or a label: an untagged enum holding an `f64`.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Reading {
    /// A measurement.
    Number(f64),
    /// A label.
    Label(String),
}

/// A settings document whose numeric part is flattened in.
#[derive(Debug, PartialEq, Deserialize)]
pub struct Settings {
    /// The settings' name.
    pub name: String,
    /// The flattened part.
    #[serde(flatten)]
    pub limits: Limits,
}

/// The numbers of [`Settings`], flattened.
#[derive(Debug, PartialEq, Deserialize)]
pub struct Limits {
    /// A ratio such as `1.5`.
    pub ratio: f64,
}
