//! The JSON reader every document of svf shares (reports, decisions): `serde-json-core` driven
//! by schema-aware visitors that know where they are, so that every refusal names its JSON path
//! and its reason. No heap, no recursion deeper than a schema, no unescape buffer: strings
//! arrive raw and are decoded here.

mod flaw;
mod path;
mod read;
mod reason;
#[cfg(test)]
mod tests;

pub(crate) use path::one;
pub use path::{JsonPath, MAX_ERRORS, PathError, PathErrors, Rejection, Step, UNKNOWN_KEY_BYTES};
pub(crate) use read::{
    Count, Flag, Keys, Trail, YearNumber, field, object_seed, parse_date, said, text,
};
pub use reason::Reason;
