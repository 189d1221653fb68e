//! A word of the contract as read back from a stored document: an id this version knows, or the
//! text a later version wrote, kept as written and never matched as text.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer};

/// A word of the contract as stored: one this version knows, or the text as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Word<T> {
    /// A word of the contract.
    Known(T),
    /// Text that is no word this version of svf knows.
    Unknown(String),
}

impl<T> Word<T> {
    /// The word, when it is known.
    pub fn known(&self) -> Option<&T> {
        match self {
            Word::Known(word) => Some(word),
            Word::Unknown(_) => None,
        }
    }
}

impl<T: fmt::Display> fmt::Display for Word<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Word::Known(word) => word.fmt(f),
            Word::Unknown(text) => f.write_str(text),
        }
    }
}

impl<'de, T: FromStr> Deserialize<'de> for Word<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(match text.parse() {
            Ok(word) => Word::Known(word),
            Err(_) => Word::Unknown(text),
        })
    }
}
