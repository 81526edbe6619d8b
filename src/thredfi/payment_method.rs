//! Reading a free-text payment method into Thredfi's vocabularies.
//!
//! Apideck's `payment_method` is free text (`"Bank Transfer"`, `"cheque"`, `"Credit-Card"`), while
//! Thredfi accepts a closed set, spelled differently on each side: upper case for customer refunds
//! (`BANK_TRANSFER`), lower case for vendor refunds (`bank_transfer`, plus `wire`). The text is
//! compared case- and punctuation-insensitively against the names and common synonyms below,
//! giving a [`MethodKind`]; each resource then maps the kind to its own value with an exhaustive
//! `match`.

/// The payment methods either Thredfi vocabulary can express.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodKind {
    /// Cash.
    Cash,
    /// Check / cheque.
    Check,
    /// Credit card (and "card" alone).
    CreditCard,
    /// Debit card.
    DebitCard,
    /// ACH / direct debit.
    Ach,
    /// Bank transfer (SEPA, BACS, EFT, ...).
    BankTransfer,
    /// Wire transfer.
    Wire,
    /// PayPal.
    Paypal,
    /// Stripe.
    Stripe,
    /// The explicit "other".
    Other,
}

/// Every synonym recognised, as `(normalised text, kind)`; normalised means lower case with
/// everything but letters and digits removed.
pub const SYNONYMS: &[(&str, MethodKind)] = &[
    ("cash", MethodKind::Cash),
    ("check", MethodKind::Check),
    ("cheque", MethodKind::Check),
    ("chq", MethodKind::Check),
    ("creditcard", MethodKind::CreditCard),
    ("card", MethodKind::CreditCard),
    ("cc", MethodKind::CreditCard),
    ("creditcardreversal", MethodKind::CreditCard),
    ("debitcard", MethodKind::DebitCard),
    ("debit", MethodKind::DebitCard),
    ("ach", MethodKind::Ach),
    ("achdirectdebit", MethodKind::Ach),
    ("achtransfer", MethodKind::Ach),
    ("directdebit", MethodKind::Ach),
    ("banktransfer", MethodKind::BankTransfer),
    ("bank", MethodKind::BankTransfer),
    ("transfer", MethodKind::BankTransfer),
    ("eft", MethodKind::BankTransfer),
    ("sepa", MethodKind::BankTransfer),
    ("sepatransfer", MethodKind::BankTransfer),
    ("bacs", MethodKind::BankTransfer),
    ("directbanktransfer", MethodKind::BankTransfer),
    ("wire", MethodKind::Wire),
    ("wiretransfer", MethodKind::Wire),
    ("banktransferwire", MethodKind::Wire),
    ("paypal", MethodKind::Paypal),
    ("stripe", MethodKind::Stripe),
    ("other", MethodKind::Other),
];

/// Lower case, letters and digits only: `"Credit-Card"` and `"credit card"` both become
/// `creditcard`.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The kind `text` names, if any.
pub fn recognise(text: &str) -> Option<MethodKind> {
    let key = normalise(text);
    SYNONYMS
        .iter()
        .find(|(synonym, _)| *synonym == key)
        .map(|(_, kind)| *kind)
}

/// Every recognised spelling, for error messages that list what would have worked.
pub fn accepted_spellings() -> Vec<&'static str> {
    SYNONYMS.iter().map(|(synonym, _)| *synonym).collect()
}

/// `BANK_TRANSFER` → `bank_transfer`: the unified spelling of a Thredfi method.
pub fn to_lower_snake(text: &str) -> String {
    text.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_synonyms_are_recognised_whatever_their_case_and_punctuation() {
        assert_eq!(recognise("Cheque"), Some(MethodKind::Check));
        assert_eq!(recognise("Bank Transfer"), Some(MethodKind::BankTransfer));
        assert_eq!(recognise("Venmo"), None);
    }
}
