//! The JSON reader every document of svf shares (reports, decisions): `serde-json-core` driven
//! by schema-aware visitors that know where they are, so that every refusal names its JSON path
//! and its reason. No heap, no recursion deeper than a schema, no unescape buffer: strings
//! arrive raw and are decoded here.

use core::fmt::{self, Write as _};

use heapless::{String, Vec};
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde_json_core::de::Error as JsonError;

use crate::region::{Region, Year};
use crate::time::Date;

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

/// Why a document (a report, a decision) is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Larger than the most accepted.
    TooLarge {
        /// Its size, or as much of it as was read.
        bytes: usize,
        /// The most accepted, in bytes.
        max: usize,
    },
    /// Not UTF-8 from this byte on.
    NotUtf8 {
        /// Offset of the first bad byte.
        offset: usize,
    },
    /// Not JSON: what the reader expected there.
    Syntax(&'static str),
    /// A number in a form svf's whole numbers do not take (`1e3`, `1000.0`, `-0`, `01000`).
    LooseNumber {
        /// How it is written: `with an exponent`.
        written: &'static str,
        /// The line.
        line: u32,
        /// The column, in characters.
        column: u32,
    },
    /// Not JSON, at a known place: what the reader expected, and the line and column (from 1;
    /// the column in characters) of the first byte that is not JSON.
    SyntaxAt {
        /// What the reader expected there.
        what: &'static str,
        /// The line.
        line: u32,
        /// The column, in characters.
        column: u32,
    },
    /// A value of the wrong type or range: what was expected.
    Expected(&'static str),
    /// A key the schema does not have.
    UnknownField,
    /// A key given twice in one object.
    DuplicateKey,
    /// A key the document must have.
    Required,
    /// `schema` is not the document's: the one it must be (`svf-report/1`).
    WrongSchema(&'static str),
    /// A year whose rules are unknown.
    UnknownYear,
    /// Not one of the 21 region codes.
    UnknownRegion,
    /// Text longer than allowed, in characters.
    TooLong {
        /// The limit.
        max_chars: usize,
    },
    /// More array items than allowed.
    TooMany {
        /// The limit.
        max: usize,
    },
    /// A raw control character (U+0000–U+001F) in a string.
    ControlCharacter,
    /// A backslash escape JSON does not have, or a lone surrogate.
    BadEscape,
    /// An SVF identifier outside `^[a-z0-9_]{1,32}$`.
    SvfPattern,
    /// Not a real date `YYYY-MM-DD`.
    BadDate,
    /// `in_svf` above `new_cases`.
    InSvfAboveNewCases {
        /// In SVF.
        in_svf: u32,
        /// New cases.
        new_cases: u32,
    },
    /// A figure for one sex above the same figure for all patients.
    SexAboveAll {
        /// The figure for the sex.
        part: u32,
        /// The figure for all.
        all: u32,
    },
    /// `within_target` above `patients` (also for the baseline).
    WithinAbovePatients {
        /// Within the target.
        within: u32,
        /// Patients.
        patients: u32,
    },
    /// The period ends before it starts.
    PeriodReversed,
    /// The upload's key is not `reports/{year}/{region code}/{name}.json`.
    KeyShape,
    /// The store cannot take the upload's key as it is: why.
    KeyRefused(&'static str),
    /// The year or region is not the one the document's key names: the key's pattern.
    KeyMismatch(&'static str),
    /// The year is not the one asked for (`svf payments --year`).
    OtherYear {
        /// The year asked for.
        expected: u16,
    },
    /// Text that must say something holds nothing visible.
    Empty,
    /// Not one of the year's conditional payments: those that are.
    UnknownPart(&'static str),
    /// The same payment twice; the first is at this index.
    DuplicatePart {
        /// Index of the first entry.
        first: u16,
    },
    /// An array that must name at least one item is empty.
    NoItems,
    /// The same SVF twice in `lead_times`; the first is at this index.
    DuplicateSvf {
        /// Index of the first entry.
        first: u16,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Reason::TooLarge { max, .. } if max % (1 << 20) == 0 => write!(
                f,
                "the file is larger than {} MiB ({max} bytes), the most accepted",
                max >> 20
            ),
            Reason::TooLarge { max, .. } => write!(
                f,
                "the file is larger than {} KiB ({max} bytes), the most accepted",
                max >> 10
            ),
            Reason::NotUtf8 { offset } => write!(f, "the text is not UTF-8 (byte {offset})"),
            Reason::Syntax(what) => write!(f, "not valid JSON: {what}"),
            Reason::LooseNumber {
                written,
                line,
                column,
            } => write!(
                f,
                "must be a whole number written in plain digits, as 1000; this one is written \
                 {written} (line {line}, column {column})"
            ),
            Reason::SyntaxAt { what, line, column } => {
                write!(f, "not valid JSON: {what} (line {line}, column {column})")
            }
            Reason::Expected(what) => write!(f, "expected {what}"),
            Reason::UnknownField => f.write_str("the schema has no such field"),
            Reason::DuplicateKey => f.write_str("the key is given twice"),
            Reason::Required => f.write_str("is required"),
            Reason::WrongSchema(schema) => write!(f, "must be \"{schema}\""),
            Reason::UnknownYear => f.write_str("must be an agreement year from 2022 to 2026"),
            Reason::UnknownRegion => {
                f.write_str("is not one of the 21 region codes (01, 03–10, 12–14, 17–25)")
            }
            Reason::TooLong { max_chars } => write!(f, "is longer than {max_chars} characters"),
            Reason::TooMany { max } => write!(f, "has more than {max} items"),
            Reason::ControlCharacter => {
                f.write_str("holds a control character; JSON needs it escaped")
            }
            Reason::BadEscape => f.write_str("holds an invalid escape sequence"),
            Reason::SvfPattern => f.write_str("must be 1 to 32 of a-z, 0-9 and _"),
            Reason::BadDate => f.write_str("must be a date YYYY-MM-DD"),
            Reason::InSvfAboveNewCases { in_svf, new_cases } => {
                write!(f, "in_svf ({in_svf}) exceeds new_cases ({new_cases})")
            }
            Reason::SexAboveAll { part, all } => {
                write!(f, "{part} for one sex exceeds {all} for all patients")
            }
            Reason::WithinAbovePatients { within, patients } => {
                write!(f, "{within} within the target exceeds {patients} patients")
            }
            Reason::KeyRefused(why) => write!(f, "the upload's key cannot be used: {why}"),
            Reason::KeyShape => {
                f.write_str("the upload's key must be reports/{year}/{region code}/{name}.json")
            }
            Reason::KeyMismatch(key) => write!(f, "does not match the key ({key})"),
            Reason::OtherYear { expected } => {
                write!(f, "is not {expected}, the year asked for")
            }
            Reason::Empty => f.write_str("must not be empty"),
            Reason::UnknownPart(parts) => {
                write!(f, "is not a conditional payment of the year ({parts})")
            }
            Reason::DuplicatePart { first } => write!(f, "the same payment as parts[{first}]"),
            Reason::NoItems => f.write_str("must name at least one"),
            Reason::PeriodReversed => f.write_str("the period ends before it starts"),
            Reason::DuplicateSvf { first } => write!(f, "the same SVF as lead_times[{first}]"),
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
pub type PathErrors = Vec<PathError, 8>;

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
    let _ = errors.push(error);
    errors
}

/// What the reader knows while it reads: where it is, what it expects there, and the first
/// error found by the schema rules (the JSON reader's own errors carry no place).
#[derive(Debug, Default)]
pub(crate) struct Trail {
    pub(crate) path: JsonPath,
    pub(crate) expected: &'static str,
    pub(crate) failure: Option<PathError>,
    pub(crate) year: Option<Year>,
    pub(crate) region: Option<Region>,
}

impl Trail {
    /// Records a schema error here and returns the error that stops the reader.
    pub(crate) fn fail<E: de::Error>(&mut self, reason: Reason) -> E {
        self.fail_at(self.path.clone(), reason)
    }

    pub(crate) fn fail_at<E: de::Error>(&mut self, path: JsonPath, reason: Reason) -> E {
        if self.failure.is_none() {
            self.failure = Some(PathError { path, reason });
        }
        E::custom("rejected")
    }

    /// The error that stopped the reading of `text`: the first schema error found, else the
    /// JSON reader's own, placed at its line and column where the text is not JSON.
    pub(crate) fn into_error(self, error: JsonError, text: &[u8]) -> PathError {
        if let Some(failure) = self.failure {
            return failure;
        }
        let reason = match error {
            JsonError::InvalidType | JsonError::InvalidNumber => Reason::Expected(self.expected),
            JsonError::EofWhileParsingList
            | JsonError::EofWhileParsingObject
            | JsonError::EofWhileParsingString
            | JsonError::EofWhileParsingNumber
            | JsonError::EofWhileParsingValue => Reason::Syntax("the text ends too early"),
            JsonError::ExpectedColon => Reason::Syntax("expected ':' after a key"),
            JsonError::ExpectedListCommaOrEnd => {
                Reason::Syntax("expected ',' or ']' after a value")
            }
            JsonError::ExpectedObjectCommaOrEnd => {
                Reason::Syntax("expected ',' or '}' after a value")
            }
            JsonError::ExpectedSomeIdent | JsonError::ExpectedSomeValue => {
                Reason::Syntax("expected a value")
            }
            JsonError::InvalidUnicodeCodePoint => Reason::Syntax("a string is not valid UTF-8"),
            JsonError::InvalidEscapeSequence => Reason::BadEscape,
            JsonError::KeyMustBeAString => Reason::Syntax("an object key must be a string"),
            JsonError::TrailingCharacters if self.path.is_root() => {
                Reason::Syntax("more text after the report")
            }
            JsonError::TrailingComma => Reason::Syntax("a comma before a closing bracket"),
            _ => Reason::Syntax("unexpected text"),
        };
        // The reader's syntax errors carry no place: a scan of the text finds it.
        let mut path = self.path;
        let reason = match (reason, first_flaw(text)) {
            // A number svf does not read, named at its own path (the reader stops only after it).
            (Reason::Syntax(_) | Reason::Expected(_), Some(flaw)) if flaw.number.is_some() => {
                let (line, column) = line_and_column(text, flaw.offset);
                path = flaw.path;
                Reason::LooseNumber {
                    written: flaw.number.unwrap_or("in another form"),
                    line,
                    column,
                }
            }
            (Reason::Syntax(what), Some(flaw)) => {
                let (line, column) = line_and_column(text, flaw.offset);
                Reason::SyntaxAt { what, line, column }
            }
            (reason, _) => reason,
        };
        PathError { path, reason }
    }
}

/// Reads the keys of one object: each must be one of `fields`, once.
pub(crate) struct Keys<'t> {
    pub(crate) trail: &'t mut Trail,
    fields: &'static [&'static str],
    seen: u32,
}

impl<'t> Keys<'t> {
    pub(crate) fn new(trail: &'t mut Trail, fields: &'static [&'static str]) -> Self {
        Keys {
            trail,
            fields,
            seen: 0,
        }
    }

    /// The next key's position in `fields`, with the path stepped into it; `None` at the end.
    pub(crate) fn next<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
    ) -> Result<Option<usize>, A::Error> {
        self.trail.expected = "a key in quotes";
        let Some(raw) = map.next_key_seed(RawStr)? else {
            return Ok(None);
        };
        // Keys are almost never escaped: then the raw text is the key.
        if !raw.contains('\\') {
            let Some(index) = self.fields.iter().position(|f| *f == raw) else {
                let mut key = String::<48>::new();
                for c in raw.chars() {
                    if key.push(c).is_err() {
                        break;
                    }
                }
                self.trail.path.push(Step::Unknown(key));
                return Err(self.trail.fail(Reason::UnknownField));
            };
            return self.enter(index).map(Some);
        }
        let mut key = String::<48>::new();
        let mut fits = true;
        decode(raw, |c| {
            fits = fits && key.push(c).is_ok();
            Ok(())
        })
        .map_err(|reason| self.trail.fail(reason))?;
        let Some(index) = self.fields.iter().position(|f| fits && *f == key.as_str()) else {
            self.trail.path.push(Step::Unknown(key));
            return Err(self.trail.fail(Reason::UnknownField));
        };
        self.enter(index).map(Some)
    }

    /// Steps the path into the field at `index`, refusing it the second time.
    fn enter<E: de::Error>(&mut self, index: usize) -> Result<usize, E> {
        self.trail.path.push(Step::Field(self.fields[index]));
        if self.seen & (1 << index) != 0 {
            return Err(self.trail.fail(Reason::DuplicateKey));
        }
        self.seen |= 1 << index;
        Ok(index)
    }

    /// Whether the field at `index` was given.
    pub(crate) fn has(&self, index: usize) -> bool {
        self.seen & (1 << index) != 0
    }
}

/// A string's raw text between its quotes, escapes still in it.
pub(crate) struct RawStr;

impl<'de> DeserializeSeed<'de> for RawStr {
    type Value = &'de str;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<&'de str, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for RawStr {
    type Value = &'de str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, raw: &'de str) -> Result<&'de str, E> {
        Ok(raw)
    }
}

/// Decodes a JSON string's raw text, calling `each` for every character.
///
/// # Errors
/// [`Reason::ControlCharacter`] for a raw U+0000–U+001F, [`Reason::BadEscape`] for an escape
/// JSON does not have or a surrogate without its pair; or what `each` returns.
pub(crate) fn decode(
    raw: &str,
    mut each: impl FnMut(char) -> Result<(), Reason>,
) -> Result<(), Reason> {
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        let decoded = match c {
            '\u{0}'..='\u{1f}' => return Err(Reason::ControlCharacter),
            '\\' => match chars.next() {
                Some('"') => '"',
                Some('\\') => '\\',
                Some('/') => '/',
                Some('b') => '\u{8}',
                Some('f') => '\u{c}',
                Some('n') => '\n',
                Some('r') => '\r',
                Some('t') => '\t',
                Some('u') => {
                    let high = hex4(&mut chars)?;
                    match high {
                        0xD800..=0xDBFF => {
                            if chars.next() != Some('\\') || chars.next() != Some('u') {
                                return Err(Reason::BadEscape);
                            }
                            let low = hex4(&mut chars)?;
                            if !(0xDC00..=0xDFFF).contains(&low) {
                                return Err(Reason::BadEscape);
                            }
                            char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                                .ok_or(Reason::BadEscape)?
                        }
                        _ => char::from_u32(high).ok_or(Reason::BadEscape)?,
                    }
                }
                _ => return Err(Reason::BadEscape),
            },
            c => c,
        };
        each(decoded)?;
    }
    Ok(())
}

fn hex4(chars: &mut core::str::Chars<'_>) -> Result<u32, Reason> {
    (0..4).try_fold(0, |value, _| {
        let digit = chars
            .next()
            .and_then(|c| c.to_digit(16))
            .ok_or(Reason::BadEscape)?;
        Ok(value * 16 + digit)
    })
}

pub(crate) const WHOLE_NUMBER: &str = "a whole number from 0 to 4294967295";

/// Reads one value with `seed`. The path, stepped into the key by [`Keys::next`], stays there
/// while the optional check looks at the value (`|trail, value| -> Result`), and is stepped out
/// of afterwards.
macro_rules! field {
    ($map:ident, $trail:ident, $seed:expr) => {{
        let value = $map.next_value_seed($seed)?;
        $trail.path.pop();
        value
    }};
    ($map:ident, $trail:ident, $seed:expr, |$t:ident, $v:ident| $check:expr) => {{
        let $v = $map.next_value_seed($seed)?;
        let $t = &mut *$trail;
        let checked = $check?;
        $trail.path.pop();
        checked
    }};
}
pub(crate) use field;

/// A whole number `0..=u32::MAX`.
pub(crate) struct Count<'t>(pub(crate) &'t mut Trail);

impl<'de> DeserializeSeed<'de> for Count<'_> {
    type Value = u32;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<u32, D::Error> {
        self.0.expected = WHOLE_NUMBER;
        <u32 as de::Deserialize>::deserialize(deserializer)
    }
}

/// `true` or `false`.
pub(crate) struct Flag<'t>(pub(crate) &'t mut Trail);

impl<'de> DeserializeSeed<'de> for Flag<'_> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        self.0.expected = "true or false";
        <bool as de::Deserialize>::deserialize(deserializer)
    }
}

/// The agreement year as written.
pub(crate) struct YearNumber<'t>(pub(crate) &'t mut Trail);

impl<'de> DeserializeSeed<'de> for YearNumber<'_> {
    type Value = u64;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<u64, D::Error> {
        self.0.expected = "an agreement year from 2022 to 2026";
        <u64 as de::Deserialize>::deserialize(deserializer)
    }
}

/// A string, decoded and checked to be at most `max_chars` characters. Its characters are
/// kept as far as they fit in `N` bytes; `written` tells whether any shows ([`visible`]).
pub(crate) struct Text<'t, const N: usize> {
    trail: &'t mut Trail,
    max_chars: usize,
}

/// A decoded string.
pub(crate) struct Decoded<const N: usize> {
    pub(crate) text: String<N>,
    pub(crate) complete: bool,
    pub(crate) written: bool,
}

impl<'de, const N: usize> DeserializeSeed<'de> for Text<'_, N> {
    type Value = Decoded<N>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Decoded<N>, D::Error> {
        self.trail.expected = "a string";
        let raw = RawStr.deserialize(deserializer)?;
        let max_chars = self.max_chars;
        // Most text has no escapes and no control characters: then it is its own decoding,
        // and whole-string operations beat the character loop below.
        if !raw.bytes().any(|b| b == b'\\' || b < 0x20) {
            if raw.len() > max_chars && raw.chars().count() > max_chars {
                return Err(self.trail.fail(Reason::TooLong { max_chars }));
            }
            let mut text = String::new();
            let complete = text.push_str(raw).is_ok();
            let written = raw.chars().any(visible);
            return Ok(Decoded {
                text,
                complete,
                written,
            });
        }
        let mut decoded = Decoded {
            text: String::new(),
            complete: true,
            written: false,
        };
        let mut count = 0;
        decode(raw, |c| {
            count += 1;
            if count > max_chars {
                return Err(Reason::TooLong { max_chars });
            }
            decoded.written |= visible(c);
            decoded.complete = decoded.complete && decoded.text.push(c).is_ok();
            Ok(())
        })
        .map_err(|reason| self.trail.fail(reason))?;
        Ok(decoded)
    }
}

/// Whether a character shows: not whitespace, not a control character, not an invisible
/// format character (Unicode category Cf: soft hyphen, zero-width space and joiners, bidi
/// marks, word joiner, byte-order mark, tags), and not a filler or variation selector that
/// renders as nothing. Text of only such characters says nothing, so it does not count as
/// written.
pub(crate) fn visible(c: char) -> bool {
    let invisible = matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{115f}'..='\u{1160}'
            | '\u{17b4}'..='\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}'
    );
    !(c.is_whitespace() || c.is_control() || invisible)
}

pub(crate) fn text<const N: usize>(trail: &mut Trail, max_chars: usize) -> Text<'_, N> {
    Text { trail, max_chars }
}

/// A date `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    Date::parse(text)
}

macro_rules! object_seed {
    ($seed:ident -> $value:ty, $expected:literal, $visit:ident) => {
        struct $seed<'t>(&'t mut Trail);

        impl<'de> DeserializeSeed<'de> for $seed<'_> {
            type Value = $value;

            fn deserialize<D: de::Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<$value, D::Error> {
                self.0.expected = $expected;
                deserializer.deserialize_map(self)
            }
        }

        impl<'de> Visitor<'de> for $seed<'_> {
            type Value = $value;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str($expected)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<$value, A::Error> {
                $visit(self.0, map)
            }
        }
    };
}
pub(crate) use object_seed;

/// What is wrong at one place of a text that fails to be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Flaw {
    /// The first byte that is wrong.
    pub(crate) offset: usize,
    /// The JSON path of the value it is in (keys as written, escapes and all).
    pub(crate) path: JsonPath,
    /// A number in a form svf does not read (`1e3`, `1000.0`, `-0`, `01000`): how it is
    /// written; `None` for text that is not JSON.
    pub(crate) number: Option<&'static str>,
}

/// One open object or array while scanning.
#[derive(Clone, Debug)]
enum Frame {
    /// An object, and the key whose value comes (as written, cut at 48 bytes).
    Object(String<48>),
    /// An array, and the index of the value that comes.
    Array(u16),
}

/// The first flaw of `text`: a byte that cannot be JSON, or a number svf's counts do not take
/// (an exponent, a fraction, `-0`, leading zeros), with where it is. `None` when the text is
/// one JSON value whose numbers are plain whole numbers. Iterative, with a fixed stack: nesting
/// deeper than 128 is reported where it goes too deep. Only run on a text that failed to read,
/// to say exactly where and why.
// One state machine, read best whole.
#[allow(clippy::too_many_lines)]
pub(crate) fn first_flaw(text: &[u8]) -> Option<Flaw> {
    /// What may come next.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Next {
        Value,
        ValueOrClose,
        Key,
        KeyOrClose,
        Colon,
        CommaOrClose,
        End,
    }
    fn after(open: &Vec<Frame, 128>) -> Next {
        if open.is_empty() {
            Next::End
        } else {
            Next::CommaOrClose
        }
    }
    fn path_of(open: &Vec<Frame, 128>) -> JsonPath {
        let mut path = JsonPath::default();
        for frame in open {
            path.push(match frame {
                Frame::Object(key) => Step::Unknown(key.clone()),
                Frame::Array(index) => Step::Index(*index),
            });
        }
        path
    }
    let mut open: Vec<Frame, 128> = Vec::new();
    let mut next = Next::Value;
    let mut i = 0;
    let flaw = |open: &Vec<Frame, 128>, offset, number| {
        Some(Flaw {
            offset,
            path: path_of(open),
            number,
        })
    };
    loop {
        while text
            .get(i)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            i += 1;
        }
        let Some(&b) = text.get(i) else {
            return if next == Next::End {
                None
            } else {
                flaw(&open, i, None)
            };
        };
        next = match (next, b) {
            (Next::ValueOrClose, b']') | (Next::KeyOrClose, b'}') => {
                open.pop();
                i += 1;
                after(&open)
            }
            (Next::Value | Next::ValueOrClose, b'{' | b'[') => {
                let frame = if b == b'{' {
                    Frame::Object(String::new())
                } else {
                    Frame::Array(0)
                };
                if open.push(frame).is_err() {
                    return flaw(&open, i, None);
                }
                i += 1;
                if b == b'{' {
                    Next::KeyOrClose
                } else {
                    Next::ValueOrClose
                }
            }
            (Next::Value | Next::ValueOrClose, b'-' | b'0'..=b'9') => match number(text, i) {
                Ok((end, None)) => {
                    i = end;
                    after(&open)
                }
                Ok((_, written)) => return flaw(&open, i, written),
                Err(at) => return flaw(&open, at, None),
            },
            (Next::Value | Next::ValueOrClose, _) => match scalar(text, i) {
                Ok(end) => {
                    i = end;
                    after(&open)
                }
                Err(at) => return flaw(&open, at, None),
            },
            (Next::Key | Next::KeyOrClose, b'"') => match string(text, i) {
                Ok(end) => {
                    if let Some(Frame::Object(key)) = open.last_mut() {
                        key.clear();
                        let raw = &text[i + 1..end - 1];
                        for c in core::str::from_utf8(raw).unwrap_or("?").chars() {
                            if key.push(c).is_err() {
                                break;
                            }
                        }
                    }
                    i = end;
                    Next::Colon
                }
                Err(at) => return flaw(&open, at, None),
            },
            (Next::Colon, b':') => {
                i += 1;
                Next::Value
            }
            (Next::CommaOrClose, b',') => {
                i += 1;
                match open.last_mut() {
                    Some(Frame::Array(index)) => {
                        *index = index.saturating_add(1);
                        Next::Value
                    }
                    _ => Next::Key,
                }
            }
            (Next::CommaOrClose, b'}') if matches!(open.last(), Some(Frame::Object(_))) => {
                open.pop();
                i += 1;
                after(&open)
            }
            (Next::CommaOrClose, b']') if matches!(open.last(), Some(Frame::Array(_))) => {
                open.pop();
                i += 1;
                after(&open)
            }
            _ => return flaw(&open, i, None),
        };
    }
}

/// Where in `text` the first byte is that cannot be JSON (a loose number counts as JSON).
#[cfg(test)]
fn first_syntax_error(text: &[u8]) -> Option<usize> {
    match first_flaw(text) {
        Some(Flaw {
            number: Some(_), ..
        }) => None,
        flaw => flaw.map(|f| f.offset),
    }
}

/// `true`, `false`, `null` or a string starting at `at`: where it ends, or where it stops
/// being one.
fn scalar(text: &[u8], at: usize) -> Result<usize, usize> {
    if text[at] == b'"' {
        return string(text, at);
    }
    for word in [&b"true"[..], b"false", b"null"] {
        if text[at..].starts_with(word) {
            return Ok(at + word.len());
        }
    }
    Err(at)
}

/// A string from its opening quote at `at`: where it ends (after the closing quote), or the
/// first byte that cannot be in it (a raw control character, a bad escape, the end).
fn string(text: &[u8], at: usize) -> Result<usize, usize> {
    let mut i = at + 1;
    loop {
        match text.get(i) {
            None => return Err(i),
            Some(b'"') => return Ok(i + 1),
            Some(b'\\') => match text.get(i + 1) {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                Some(b'u') => {
                    let hex = text.get(i + 2..i + 6).ok_or(i)?;
                    if !hex.iter().all(u8::is_ascii_hexdigit) {
                        return Err(i);
                    }
                    i += 6;
                }
                _ => return Err(i),
            },
            Some(&b) if b < 0x20 => return Err(i),
            Some(_) => i += 1,
        }
    }
}

/// A number from `at`, JSON's `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, or digits
/// with leading zeros: where it ends, and how it is written when it is not a plain whole number
/// (`None` for `1000`). `Err` where a number stops being one.
fn number(text: &[u8], at: usize) -> Result<(usize, Option<&'static str>), usize> {
    let digits = |from: usize| {
        let end = from
            + text[from..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        if end == from { Err(from) } else { Ok(end) }
    };
    let mut i = at;
    let negative = text.get(i) == Some(&b'-');
    if negative {
        i += 1;
    }
    let start = i;
    i = digits(i)?;
    let mut written = None;
    if text[start] == b'0' && i > start + 1 {
        written = Some("with leading zeros");
    } else if negative && text[start..i].iter().all(|&b| b == b'0') {
        written = Some("as -0");
    }
    if text.get(i) == Some(&b'.') {
        i = digits(i + 1)?;
        written = written.or(Some("with a decimal point"));
    }
    if matches!(text.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(text.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        i = digits(i)?;
        written = written.or(Some("with an exponent"));
    }
    Ok((i, written))
}

/// The line and column (from 1; the column in characters) of the byte at `offset`.
pub(crate) fn line_and_column(text: &[u8], offset: usize) -> (u32, u32) {
    let before = &text[..offset.min(text.len())];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |n| n + 1);
    // Only on a refusal, over at most a report: no need for a faster count.
    #[allow(clippy::naive_bytecount)]
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    // Characters, not bytes: every byte but UTF-8's continuation bytes starts one.
    let column = before[line_start..]
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count()
        + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_byte_that_is_not_json() {
        for (text, at) in [
            (&b"{}"[..], None),
            (
                b" [1, -2.5e3, \"a\\u00e5\", true, false, null, {\"k\": []}] ",
                None,
            ),
            (b"", Some(0)),
            (b"{\"a\": 1,}", Some(8)),
            (b"[1 2]", Some(3)),
            (b"{\"a\" 1}", Some(5)),
            (b"{\"a\": tru}", Some(6)),
            // Leading zeros are a loose number (first_flaw names it), not text that is not JSON.
            (b"{\"a\": 01}", None),
            (b"{\"a\": \"x\ny\"}", Some(8)),
            (b"{\"a\": \"\\q\"}", Some(7)),
            (b"{} x", Some(3)),
            (b"[1,", Some(3)),
            (b"{\"a\": -}", Some(7)),
            (b"[1.]", Some(3)),
            (b"{1: 2}", Some(1)),
            (b"[}", Some(1)),
        ] {
            assert_eq!(
                first_syntax_error(text),
                at,
                "{:?}",
                core::str::from_utf8(text)
            );
        }
        let deep = [b'['; 200];
        assert_eq!(first_syntax_error(&deep), Some(128), "too deep");
    }

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "{\n  \"å\": x".as_bytes();
        assert_eq!(line_and_column(text, text.len() - 1), (2, 8));
        assert_eq!(line_and_column(text, 0), (1, 1));
    }
}
