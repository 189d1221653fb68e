//! Reading a summary's `payments.json` (`svf-payments/1`) in tests.

use serde_json::Value;

/// What `summary` (a parsed `payments.json`) pays region `code` of `payment`, in öre.
///
/// # Panics
/// When the summary has no such row or amount: a test's own expectation, not external data.
pub fn amount_of(summary: &Value, code: &str, payment: &str) -> i64 {
    summary["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["code"] == code)
        .unwrap_or_else(|| panic!("no row for {code}"))["amounts_ore"][payment]
        .as_i64()
        .unwrap_or_else(|| panic!("no {payment} amount for {code}"))
}
