//! Where in a document: the JSON path, and the errors and refusals that carry one.

use core::fmt;

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
    steps: Vec<Kept, MAX_STEPS>,
    keys: String<UNKNOWN_KEY_BYTES>,
}

/// The most steps a path holds: the schema's depth and one unknown key.
const MAX_STEPS: usize = 6;

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

    /// Whether `other` names the same place: the same steps, a key the same whether the schema
    /// knows it or not. The scan of a text that failed to read names keys as written
    /// (`Step::Unknown`) where the reader names the schema's (`Step::Field`); a fault the scan
    /// placed (a number svf does not read) is then the value the reader passes over.
    pub(crate) fn is_at(&self, other: &JsonPath) -> bool {
        self.steps.len() == other.steps.len()
            && self
                .steps
                .iter()
                .zip(&other.steps)
                .all(|(a, b)| match (a, b) {
                    (Kept::Index(a), Kept::Index(b)) => a == b,
                    (Kept::Index(_), _) | (_, Kept::Index(_)) => false,
                    _ => self.key(*a) == other.key(*b),
                })
    }

    /// The text of a key step.
    fn key(&self, step: Kept) -> &str {
        match step {
            Kept::Field(name) => name,
            Kept::Unknown { start, len } => {
                let (start, len) = (usize::from(start), usize::from(len));
                self.keys.get(start..start + len).unwrap_or_default()
            }
            Kept::Index(_) => "",
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
        (0..self.steps.len()).try_for_each(|i| self.write_step(i, f))
    }
}

impl JsonPath {
    /// Writes step `i` as the path's text shows it. One writer for every use (a formatter,
    /// an entry's text, a comparison), so that each is the same text and the code is there
    /// once.
    fn write_step(&self, i: usize, f: &mut dyn fmt::Write) -> fmt::Result {
        let Some(step) = self.steps.get(i).copied() else {
            return Ok(());
        };
        if let Kept::Index(index) = step {
            return write!(f, "[{index}]");
        }
        if i > 0 {
            f.write_str(".")?;
        }
        if let Kept::Field(name) = step {
            return f.write_str(name);
        }
        // A key from outside, shown so that none of its control characters reaches a terminal
        // raw.
        for c in self.key(step).chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_unicode())?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }

    /// Writes the path's text into `out` as an [`ErrorEntry`] keeps it, step by step: where
    /// a piece does not fit (a piece is taken whole or not at all, as `heapless::String`
    /// takes it), the text ends. Returns where each step ends in the text, and how many there
    /// are; `None` when `out` is a match and a piece differs.
    fn write_kept(&self, out: &mut Text<'_>) -> Option<Ends> {
        let mut ends = Ends {
            steps: u8::try_from(self.steps.len()).unwrap_or(u8::MAX),
            at: [0; MAX_STEPS],
        };
        for (i, end) in ends.at.iter_mut().enumerate().take(self.steps.len()) {
            if !out.cut {
                let written = self.write_step(i, out);
                // Refused, and not for want of room: a piece differs from the text matched.
                if written.is_err() && !out.cut {
                    return None;
                }
            }
            // Within ERROR_PATH_BYTES (80): fits a u8.
            *end = u8::try_from(out.at).unwrap_or(u8::MAX);
        }
        Some(ends)
    }

    /// Whether `kept` is this path as an [`ErrorEntry`] keeps it: the same text, each step
    /// ending where the entry's ends. That is [`is_at`](JsonPath::is_at) for every path whose
    /// text fits [`ERROR_PATH_BYTES`] (but for an unknown key that spells out the escapes the
    /// text shows for control characters): where a step ends tells an unknown key `period.to`
    /// from the path `period` → `to`. Compared piece by piece, with no buffer: this runs for
    /// every key of a report read again after a fault.
    pub(crate) fn is_kept_as(&self, kept: &ErrorEntry) -> bool {
        let mut matched = Text {
            out: Out::Match(kept.path.as_bytes()),
            at: 0,
            cut: false,
        };
        self.write_kept(&mut matched)
            .is_some_and(|ends| ends == kept.ends && matched.at == kept.path.len())
    }
}

/// The text of an [`ErrorEntry`]'s path, being written or matched piece by piece, as far as
/// it got (`at`), and whether a piece found no room in [`ERROR_PATH_BYTES`] (then the text
/// ends there).
struct Text<'k> {
    out: Out<'k>,
    at: usize,
    cut: bool,
}

/// Where the pieces go: into an entry's text, or matched against one.
enum Out<'k> {
    Write(&'k mut String<ERROR_PATH_BYTES>),
    Match(&'k [u8]),
}

impl fmt::Write for Text<'_> {
    /// A piece past the room is not taken, and ends the text; one that differs from the text
    /// matched is an error.
    fn write_str(&mut self, piece: &str) -> fmt::Result {
        let end = self.at + piece.len();
        if end > ERROR_PATH_BYTES {
            self.cut = true;
            return Err(fmt::Error);
        }
        match &mut self.out {
            Out::Write(text) => text.push_str(piece).map_err(|_| fmt::Error)?,
            Out::Match(kept) => {
                if kept.get(self.at..end) != Some(piece.as_bytes()) {
                    return Err(fmt::Error);
                }
            }
        }
        self.at = end;
        Ok(())
    }
}

/// Where each step of a path ends in an [`ErrorEntry`]'s text, and how many steps it has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Ends {
    steps: u8,
    at: [u8; MAX_STEPS],
}

/// Why a document was rejected, as an assessment lists it: the JSON path as text (cut at
/// [`ERROR_PATH_BYTES`]) and the reason, from which the messages in English and Swedish are
/// written, so that an entry holds no text of its own. About half the size of a
/// [`PathError`]. It also keeps where each step of the path ends in the text, so that it is
/// known which path it is (a reading that passes over the faults it kept compares paths so).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorEntry {
    /// The JSON path, `inclusion.in_svf`; empty for the report as a whole.
    pub path: String<ERROR_PATH_BYTES>,
    /// The reason.
    pub reason: Reason,
    ends: Ends,
}

/// Room for an error's path in an [`ErrorEntry`].
pub const ERROR_PATH_BYTES: usize = 80;

impl ErrorEntry {
    /// The entry of a fault at `path`.
    pub fn at(path: &JsonPath, reason: Reason) -> ErrorEntry {
        let mut text = String::new();
        let mut written = Text {
            out: Out::Write(&mut text),
            at: 0,
            cut: false,
        };
        // Writing is never refused but for room (a path longer than the room is cut at the
        // first piece that does not fit).
        let ends = path.write_kept(&mut written).unwrap_or_default();
        ErrorEntry {
            path: text,
            reason,
            ends,
        }
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
