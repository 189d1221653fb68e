//! The history of a year's payments (`svf-change/1`, contract §9): one object under
//! `history/{year}/` for every change of any region's eligibility or amount in
//! `payments.json`, with when, the writes behind it, and each value before and after.
//!
//! The changes form a chain: each names the one before it (`previous`), and `payments.json`
//! names the latest (`change`). A change is written, by a conditional create under a key
//! derived from the summary it leaves and the one it makes, before the `payments.json` that
//! names it: a redelivered event finds it there and adds none, and a summary that lost a race
//! leaves one that no chain reaches, so that readers, who walk the chain, see every change
//! once and no change that was never published.

use serde::{Deserialize, Serialize};

/// The schema id of a change.
pub const CHANGE_SCHEMA: &str = "svf-change/1";

/// One region's figures for one payment, as `payments.json` has them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Whether the region receives it.
    pub eligible: bool,
    /// Its amount in öre.
    pub amount_ore: i64,
}

/// One region's change for one payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionChange {
    /// The region's code.
    pub region: String,
    /// The payment's id.
    pub payment: String,
    /// Before; `None` when the year had no summary yet.
    pub before: Option<Figures>,
    /// After.
    pub after: Figures,
}

/// An input of the summary as it was read: its key and version (entity tag); `None` for one
/// removed since the summary before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Write {
    /// The key.
    pub key: String,
    /// Its version when read; `None`: removed.
    pub version: Option<String>,
}

/// One change of a year's payments.
///
/// Invariant (of one [`Change::parse`] returns): its schema is `svf-change/1`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// [`CHANGE_SCHEMA`].
    pub schema: String,
    /// The agreement year.
    pub agreement_year: u16,
    /// When it was published, RFC 3339 UTC (the first summary that made it).
    pub at: String,
    /// The change before it, by key; `None` for the year's first.
    pub previous: Option<String>,
    /// The inputs written, changed or removed since the summary before, behind the change.
    pub writes: Vec<Write>,
    /// Every region's and payment's figures that changed.
    pub changes: Vec<RegionChange>,
}

/// Why bytes are not a change.
#[derive(Debug)]
pub enum ChangeError {
    /// Not JSON of a change's shape.
    Shape(serde_json::Error),
    /// Another schema.
    Schema(String),
}

impl std::fmt::Display for ChangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChangeError::Shape(e) => write!(f, "not a change of the payments (svf-change/1): {e}"),
            ChangeError::Schema(found) => {
                write!(f, "schema is {found:?}, not {CHANGE_SCHEMA:?}")
            }
        }
    }
}

impl std::error::Error for ChangeError {}

impl Change {
    /// Reads a change.
    ///
    /// # Errors
    /// [`ChangeError`] when the bytes are not one.
    pub fn parse(bytes: &[u8]) -> Result<Change, ChangeError> {
        let change: Change = serde_json::from_slice(bytes).map_err(ChangeError::Shape)?;
        if change.schema != CHANGE_SCHEMA {
            return Err(ChangeError::Schema(change.schema));
        }
        Ok(change)
    }

    /// The change as stored.
    ///
    /// # Errors
    /// When serde cannot write it (it always can).
    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        let mut json = serde_json::to_vec_pretty(self)?;
        json.push(b'\n');
        Ok(json)
    }
}
