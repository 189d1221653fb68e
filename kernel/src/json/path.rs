//! Where in a document: the JSON path, and the errors and refusals that carry one.

use core::fmt::{self, Write as _};

use heapless::{String, Vec};

use super::Reason;
use crate::region::{Region, Year};

/// One step of a JSON path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A key of the schema.
    Field(&'static str),
    /// An array position.
    Index(u16),
    /// A key the schema does not know, as written (cut at 48 bytes).
    Unknown(String<48>),
}

/// Where in a document: `lead_times[2].within_target`; empty for the document as a whole.
///
/// Invariant: at most six steps, the schema's depth (`lead_times[0].by_sex.women.patients`)
/// plus one unknown key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonPath(Vec<Step, 6>);

impl JsonPath {
    /// The path of `steps`, schema keys only.
    pub fn of(steps: &[&'static str]) -> JsonPath {
        let mut path = JsonPath::default();
        for &step in steps {
            path.push(Step::Field(step));
        }
        path
    }

    /// The path one step further down; steps beyond the depth are dropped (the schema is
    /// never deeper, so this only happens inside a value that is refused anyway).
    pub fn push(&mut self, step: Step) {
        let _ = self.0.push(step);
    }

    pub(crate) fn pop(&mut self) {
        self.0.pop();
    }

    /// Whether this is the document as a whole.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Field(name) if i == 0 => f.write_str(name)?,
                Step::Field(name) => write!(f, ".{name}")?,
                // A key from outside, shown so that none of its control characters reaches a
                // terminal raw.
                Step::Unknown(name) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    for c in name.chars() {
                        if c.is_control() {
                            write!(f, "{}", c.escape_unicode())?;
                        } else {
                            f.write_char(c)?;
                        }
                    }
                }
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// Where a document is wrong, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError {
    /// Where; the root for the document as a whole.
    pub path: JsonPath,
    /// Why.
    pub reason: Reason,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_root() {
            write!(f, "{}", self.reason)
        } else {
            write!(f, "{}: {}", self.path, self.reason)
        }
    }
}

impl core::error::Error for PathError {}

/// All the errors of one document: the first that stopped the reading, or every impossible value.
pub type PathErrors = Vec<PathError, MAX_ERRORS>;

/// The most errors one document is refused with: the first ones found; a reader stops adding
/// at this many (a report with more is refused all the same).
pub const MAX_ERRORS: usize = 8;

/// A refused document: its errors, and its year and region as far as they were read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// The agreement year, if it was read before the error.
    pub year: Option<Year>,
    /// The region, if it was read before the error.
    pub region: Option<Region>,
    /// Why: the first error that stopped the reading, or every impossible value (at most 8).
    pub errors: PathErrors,
}

impl Rejection {
    /// A document refused as a whole, for one reason.
    pub fn whole(reason: Reason) -> Rejection {
        Rejection {
            year: None,
            region: None,
            errors: one(PathError {
                path: JsonPath::default(),
                reason,
            }),
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.errors.iter().enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

pub(crate) fn one(error: PathError) -> PathErrors {
    let mut errors = Vec::new();
    // An empty vector has room for one.
    let _ = errors.push(error);
    errors
}
