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
/// plus one unknown key. The text of unknown keys is kept once, one after another, at most
/// [`UNKNOWN_KEY_BYTES`] in all (each already cut at 48): a path is about 180 bytes rather than
/// six 48-byte strings, as every error of a refused document carries one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonPath {
    steps: Vec<Kept, 6>,
    keys: String<UNKNOWN_KEY_BYTES>,
}

/// Room for the text of a path's unknown keys: two keys at their longest.
pub const UNKNOWN_KEY_BYTES: usize = 96;

/// A step as a path keeps it: an unknown key by its place in the path's key text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kept {
    Field(&'static str),
    Index(u16),
    Unknown { start: u8, len: u8 },
}

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
    /// never deeper, so this only happens inside a value that is refused anyway), and of an
    /// unknown key as much as the key text's room holds, cut at a character.
    pub fn push(&mut self, step: Step) {
        let kept = match step {
            Step::Field(name) => Kept::Field(name),
            Step::Index(index) => Kept::Index(index),
            Step::Unknown(key) => {
                let start = self.keys.len();
                for c in key.chars() {
                    if self.keys.push(c).is_err() {
                        break;
                    }
                }
                // Both within UNKNOWN_KEY_BYTES (96), so they fit a u8.
                Kept::Unknown {
                    start: u8::try_from(start).unwrap_or(u8::MAX),
                    len: u8::try_from(self.keys.len() - start).unwrap_or(u8::MAX),
                }
            }
        };
        if self.steps.push(kept).is_err()
            && let Kept::Unknown { start, .. } = kept
        {
            self.keys.truncate(usize::from(start));
        }
    }

    /// Makes this path `other`, in place (no path is made to be moved in).
    pub(crate) fn copy_from(&mut self, other: &JsonPath) {
        self.steps.clear();
        // The same capacities: both fit.
        let _ = self.steps.extend_from_slice(&other.steps);
        self.keys.clear();
        let _ = self.keys.push_str(&other.keys);
    }

    pub(crate) fn pop(&mut self) {
        if let Some(Kept::Unknown { start, .. }) = self.steps.pop() {
            self.keys.truncate(usize::from(start));
        }
    }

    /// Whether this is the document as a whole.
    pub fn is_root(&self) -> bool {
        self.steps.is_empty()
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps.iter().enumerate() {
            match *step {
                Kept::Field(name) if i == 0 => f.write_str(name)?,
                Kept::Field(name) => write!(f, ".{name}")?,
                // A key from outside, shown so that none of its control characters reaches a
                // terminal raw.
                Kept::Unknown { start, len } => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    let (start, len) = (usize::from(start), usize::from(len));
                    let name = self.keys.get(start..start + len).unwrap_or_default();
                    for c in name.chars() {
                        if c.is_control() {
                            write!(f, "{}", c.escape_unicode())?;
                        } else {
                            f.write_char(c)?;
                        }
                    }
                }
                Kept::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

impl JsonPath {
    /// Whether `kept` is this path as an [`ErrorEntry`] keeps it: its `Display` text written
    /// into [`ERROR_PATH_BYTES`], where the first piece that does not fit ends it (as
    /// `heapless::String` takes a piece whole or not at all). Compared piece by piece, with no
    /// buffer: this runs for every key of a report read again after a fault.
    pub(crate) fn is_kept_as(&self, kept: &str) -> bool {
        /// What of `kept` is still to match, the room left, and whether a piece differed.
        struct Match<'k> {
            rest: &'k [u8],
            room: usize,
            differs: bool,
        }
        impl fmt::Write for Match<'_> {
            fn write_str(&mut self, piece: &str) -> fmt::Result {
                // A piece past the room ends the text kept, and so this comparison.
                if piece.len() > self.room {
                    return Err(fmt::Error);
                }
                self.room -= piece.len();
                if let Some(rest) = self.rest.strip_prefix(piece.as_bytes()) {
                    self.rest = rest;
                    Ok(())
                } else {
                    self.differs = true;
                    Err(fmt::Error)
                }
            }
        }
        let mut matched = Match {
            rest: kept.as_bytes(),
            room: ERROR_PATH_BYTES,
            differs: false,
        };
        // Stopped by a piece that differs or does not fit, or at the end of the path.
        let _ = write!(matched, "{self}");
        !matched.differs && matched.rest.is_empty()
    }
}

/// Why a document was rejected, as an assessment lists it: the JSON path as text (cut at
/// [`ERROR_PATH_BYTES`]) and the reason, from which the messages in English and Swedish are
/// written, so that an entry holds no text of its own. Half the size of a [`PathError`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorEntry {
    /// The JSON path, `inclusion.in_svf`; empty for the report as a whole.
    pub path: String<ERROR_PATH_BYTES>,
    /// The reason.
    pub reason: Reason,
}

/// Room for an error's path in an [`ErrorEntry`].
pub const ERROR_PATH_BYTES: usize = 80;

impl ErrorEntry {
    /// The entry of a fault at `path`.
    pub fn at(path: &JsonPath, reason: Reason) -> ErrorEntry {
        let mut text = String::new();
        // A path longer than the room is cut at the first piece that does not fit.
        let _ = write!(text, "{path}");
        ErrorEntry { path: text, reason }
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

impl PathError {
    /// Whether a reading can pass over the value this fault is about and go on: a value at a
    /// key or array position, refused for what it is. Faults of the text as a whole, or of
    /// its syntax (after which no key can be found for sure), end the reading.
    pub fn can_be_passed_over(&self) -> bool {
        !self.path.is_root()
            && !matches!(
                self.reason,
                Reason::Syntax(_)
                    | Reason::SyntaxAt { .. }
                    | Reason::NotUtf8 { .. }
                    | Reason::TooLarge { .. }
            )
    }
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

/// All the errors of one document: every fault found, in the order found.
pub type PathErrors = Vec<PathError, MAX_ERRORS>;

/// The most errors one document is refused with: the first ones found; a reader stops adding
/// at this many (a report with more is refused all the same). Contract section 4: at least 16.
pub const MAX_ERRORS: usize = 16;

/// A refused document: its errors, and its year and region as far as they were read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// The agreement year, if it was read before the error.
    pub year: Option<Year>,
    /// The region, if it was read before the error.
    pub region: Option<Region>,
    /// Why: every fault found, in the order found (at most [`MAX_ERRORS`]). A report's
    /// reading goes on past a refused value; other documents' readers stop at their first.
    pub errors: PathErrors,
}

impl Rejection {
    /// A document refused as a whole, for one reason. Never inlined: a rejection is a
    /// kilobyte or more, kept off the stack of whoever reads a document until it is needed.
    #[inline(never)]
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
