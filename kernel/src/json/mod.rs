//! The JSON reader every document of svf shares (reports, decisions): `serde-json-core` driven
//! by schema-aware visitors that know where they are, so that every refusal names its JSON path
//! and its reason. No heap, no recursion deeper than a schema (or, passing over a refused value,
//! than [`PASS_OVER_DEPTH`]), no unescape buffer: strings arrive raw and are decoded here.

mod flaw;
mod path;
mod read;
mod reason;
#[cfg(test)]
mod tests;

pub(crate) use flaw::{is_json, nests_at_most};
pub(crate) use path::one;

/// The deepest nesting of a text whose refused values a reading passes over to find the next
/// fault: three times the schema's depth. A deeper text is refused at its first fault.
pub const PASS_OVER_DEPTH: usize = 16;
pub use path::{
    ERROR_PATH_BYTES, ErrorEntry, JsonPath, MAX_ERRORS, PathError, PathErrors, Rejection, Step,
    UNKNOWN_KEY_BYTES,
};
pub(crate) use read::{
    Count, Faults, Flag, Keys, RawStr, Trail, YearNumber, document, field, object_seed, parse_date,
    read_all, said, text,
};
pub use reason::{PHRASE_BYTES, Phrase, Reason, Swedish};
