//! The report a region uploads (`svf-report/1`), read from bytes with `serde-json-core` into
//! fixed-capacity types.
//!
//! Every rule of the schema is enforced. What is present but wrong (a wrong type, an unknown or
//! duplicate key, an impossible count, an over-long text) rejects the report with the JSON path
//! and the reason. What is absent is not an error: a year's rules may require it, and the
//! assessment then lists it as *missing*. Only `schema`, `agreement_year` and `region_code` must
//! be there, since without them there are no rules to assess by.
//!
//! The parser keeps nothing on a heap and never recurses deeper than the schema (an unknown
//! key is refused before its value is read), so hostile nesting costs nothing.

use core::fmt;

use heapless::{String, Vec};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json_core::de::{Deserializer, Error as JsonError};

use crate::region::{Region, Year};
use crate::time::Date;

/// The largest report accepted, in bytes (contract §4).
pub const MAX_REPORT_BYTES: usize = 1 << 20;
/// The most lead-time entries a report may hold (the schema's `maxItems`).
pub const MAX_LEAD_TIMES: usize = 40;
/// The longest region name, in characters (the schema's `maxLength`).
pub const MAX_NAME_CHARS: usize = 64;
/// The longest narrative section, in characters. The schema sets no limit; this one is ours,
/// about 30 pages of text, so that a report is bounded in what it costs to read.
pub const MAX_NARRATIVE_CHARS: usize = 100_000;
/// The longest SVF identifier (the schema's pattern `^[a-z0-9_]{1,32}$`).
pub const MAX_SVF_ID: usize = 32;

/// A report that passed every rule of the schema.
///
/// Invariant: every count pair is possible (`in_svf ≤ new_cases`, `within_target ≤ patients`,
/// the same for the baseline), the period runs forwards, and no SVF appears twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The agreement year whose rules apply.
    pub year: Year,
    /// The reporting region.
    pub region: Region,
    /// The name the region gave itself, if any (at most [`MAX_NAME_CHARS`] characters).
    pub region_name: Option<String<{ 4 * MAX_NAME_CHARS }>>,
    /// The measured period.
    pub period: Option<Period>,
    /// The inclusion counts.
    pub inclusion: Option<Inclusion>,
    /// The PREM answer.
    pub prem: Option<Prem>,
    /// Lead-time fulfilment per SVF, in the order given; `None` when the key is absent.
    pub lead_times: Option<Vec<LeadTime, MAX_LEAD_TIMES>>,
    /// The narrative sections.
    pub narrative: Narrative,
}

/// The measured period; either end may be absent (then it is missing).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub from: Option<Date>,
    /// Last day.
    pub to: Option<Date>,
}

/// New cancer cases in the covered diagnoses, and how many were investigated within an SVF.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Inclusion {
    /// New cases.
    pub new_cases: Option<u32>,
    /// Of them, in an SVF.
    pub in_svf: Option<u32>,
}

/// Whether the region sends out and uses the PREM survey.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prem {
    /// The answer.
    pub used: Option<bool>,
}

/// Lead-time fulfilment of one SVF.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeadTime {
    /// The SVF, e.g. `breast`.
    pub svf: Option<String<MAX_SVF_ID>>,
    /// Patients who started first treatment in the period.
    pub patients: Option<u32>,
    /// Of them, within the SVF's maximum lead time.
    pub within_target: Option<u32>,
    /// The same for the reference period.
    pub baseline_patients: Option<u32>,
    /// Of them, within the maximum lead time.
    pub baseline_within_target: Option<u32>,
}

/// A narrative section: absent, present but blank, or written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Section {
    /// The key is not there.
    #[default]
    Absent,
    /// Only whitespace: counts as absent for the rules.
    Blank,
    /// Text with something in it.
    Written,
}

impl Section {
    /// Whether the section holds non-whitespace text.
    pub fn is_written(self) -> bool {
        self == Section::Written
    }
}

/// The free-text sections of a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Narrative {
    /// Lead-time situation and improvement work.
    pub lead_times: Section,
    /// How PREM results are used.
    pub prem_use: Section,
    /// Patients furthest from the goal (2024).
    pub longest_waits: Section,
    /// Access in urology (2024).
    pub urology: Section,
    /// Action plan for the MPN SVF (2022).
    pub mpn_action_plan: Section,
    /// Special report on colorectal cancer (2026).
    pub colorectal: Section,
    /// Special report on myeloma (2026).
    pub myeloma: Section,
}

impl Narrative {
    /// The section named `name` (as in the schema), if there is one.
    pub fn section(&self, name: &str) -> Option<Section> {
        Some(match name {
            "lead_times" => self.lead_times,
            "prem_use" => self.prem_use,
            "longest_waits" => self.longest_waits,
            "urology" => self.urology,
            "mpn_action_plan" => self.mpn_action_plan,
            "colorectal" => self.colorectal,
            "myeloma" => self.myeloma,
            _ => return None,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Paths and errors

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

/// Where in a report: `lead_times[2].within_target`; empty for the report as a whole.
///
/// Invariant: at most four steps, the schema's depth plus one unknown key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonPath(Vec<Step, 4>);

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

    fn pop(&mut self) {
        self.0.pop();
    }

    /// Whether this is the report as a whole.
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
                Step::Unknown(name) if i == 0 => f.write_str(name)?,
                Step::Unknown(name) => write!(f, ".{name}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// Why a report is rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Over [`MAX_REPORT_BYTES`].
    TooLarge {
        /// Its size, or as much of it as was read.
        bytes: usize,
    },
    /// Not UTF-8 from this byte on.
    NotUtf8 {
        /// Offset of the first bad byte.
        offset: usize,
    },
    /// Not JSON: what the reader expected there.
    Syntax(&'static str),
    /// A value of the wrong type or range: what was expected.
    Expected(&'static str),
    /// A key the schema does not have.
    UnknownField,
    /// A key given twice in one object.
    DuplicateKey,
    /// A key every report must have.
    Required,
    /// `schema` is not `svf-report/1`.
    WrongSchema,
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
    /// The report's year or region is not the one its upload's key names.
    KeyMismatch,
    /// The same SVF twice in `lead_times`; the first is at this index.
    DuplicateSvf {
        /// Index of the first entry.
        first: u16,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Reason::TooLarge { .. } => {
                write!(
                    f,
                    "the report is larger than 1 MiB ({MAX_REPORT_BYTES} bytes), the most accepted"
                )
            }
            Reason::NotUtf8 { offset } => write!(f, "the text is not UTF-8 (byte {offset})"),
            Reason::Syntax(what) => write!(f, "not valid JSON: {what}"),
            Reason::Expected(what) => write!(f, "expected {what}"),
            Reason::UnknownField => f.write_str("the schema has no such field"),
            Reason::DuplicateKey => f.write_str("the key is given twice"),
            Reason::Required => f.write_str("is required"),
            Reason::WrongSchema => f.write_str("must be \"svf-report/1\""),
            Reason::UnknownYear => f.write_str("must be 2022, 2024 or 2026"),
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
            Reason::WithinAbovePatients { within, patients } => {
                write!(f, "{within} within the target exceeds {patients} patients")
            }
            Reason::KeyShape => {
                f.write_str("the upload's key must be reports/{year}/{region code}/{name}.json")
            }
            Reason::KeyMismatch => {
                f.write_str("does not match the upload's key (reports/{year}/{region code}/…)")
            }
            Reason::PeriodReversed => f.write_str("the period ends before it starts"),
            Reason::DuplicateSvf { first } => write!(f, "the same SVF as lead_times[{first}]"),
        }
    }
}

/// A rejected report: where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportError {
    /// Where; the root for the report as a whole.
    pub path: JsonPath,
    /// Why.
    pub reason: Reason,
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_root() {
            write!(f, "{}", self.reason)
        } else {
            write!(f, "{}: {}", self.path, self.reason)
        }
    }
}

impl core::error::Error for ReportError {}

/// All the errors of one report, the first parse error or every impossible value.
pub type ReportErrors = Vec<ReportError, 8>;

/// A rejected report: its errors, and its year and region as far as they were read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// The agreement year, if it was read before the error.
    pub year: Option<Year>,
    /// The region, if it was read before the error.
    pub region: Option<Region>,
    /// Why: the first error that stopped the reading, or every impossible value (at most 8).
    pub errors: ReportErrors,
}

// ---------------------------------------------------------------------------------------------
// Parsing

impl Report {
    /// Reads a report from the bytes of its file. A UTF-8 byte-order mark is ignored.
    ///
    /// # Errors
    /// The [`Rejection`]: the first error that stopped the reading, or every impossible value
    /// of an otherwise readable report (at most 8).
    // The errors are returned by value, as there is no heap to box them on.
    #[allow(clippy::result_large_err)]
    pub fn parse(bytes: &[u8]) -> Result<Report, Rejection> {
        let root = |reason| Rejection {
            year: None,
            region: None,
            errors: one(ReportError {
                path: JsonPath::default(),
                reason,
            }),
        };
        if bytes.len() > MAX_REPORT_BYTES {
            return Err(root(Reason::TooLarge { bytes: bytes.len() }));
        }
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let mut trail = Trail::default();
        // No unescape buffer: strings arrive raw and are decoded here, so any length works.
        let mut deserializer = Deserializer::new(bytes, None);
        // Filled in place: a report is kilobytes, not worth moving through every visitor.
        let mut report = Report {
            year: Year::Y2024,
            region: Region::ALL[0],
            region_name: None,
            period: None,
            inclusion: None,
            prem: None,
            lead_times: None,
            narrative: Narrative::default(),
        };
        let parsed = ReportSeed {
            trail: &mut trail,
            report: &mut report,
        }
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
        match parsed {
            Ok(_) => {
                let errors = check(&report);
                if errors.is_empty() {
                    Ok(report)
                } else {
                    Err(Rejection {
                        year: Some(report.year),
                        region: Some(report.region),
                        errors,
                    })
                }
            }
            Err(error) => {
                // UTF-8 is checked only on failure: the reader checks every string itself,
                // and text outside strings that is not UTF-8 cannot be JSON; this names the byte.
                if let Err(e) = core::str::from_utf8(bytes) {
                    return Err(root(Reason::NotUtf8 {
                        offset: e.valid_up_to(),
                    }));
                }
                let (year, region) = (trail.year, trail.region);
                Err(Rejection {
                    year,
                    region,
                    errors: one(trail.into_error(error)),
                })
            }
        }
    }
}

fn one(error: ReportError) -> ReportErrors {
    let mut errors = Vec::new();
    let _ = errors.push(error);
    errors
}

/// What the reader knows while it reads: where it is, what it expects there, and the first
/// error found by the schema rules (the JSON reader's own errors carry no place).
#[derive(Debug, Default)]
struct Trail {
    path: JsonPath,
    expected: &'static str,
    failure: Option<ReportError>,
    year: Option<Year>,
    region: Option<Region>,
}

impl Trail {
    /// Records a schema error here and returns the error that stops the reader.
    fn fail<E: de::Error>(&mut self, reason: Reason) -> E {
        self.fail_at(self.path.clone(), reason)
    }

    fn fail_at<E: de::Error>(&mut self, path: JsonPath, reason: Reason) -> E {
        if self.failure.is_none() {
            self.failure = Some(ReportError { path, reason });
        }
        E::custom("rejected")
    }

    fn into_error(self, error: JsonError) -> ReportError {
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
        ReportError {
            path: self.path,
            reason,
        }
    }
}

/// The checks that need more than one value: impossible counts, a reversed period, an SVF
/// given twice.
fn check(report: &Report) -> ReportErrors {
    {
        let mut errors = ReportErrors::new();
        let mut add = |path: JsonPath, reason| {
            let _ = errors.push(ReportError { path, reason });
        };
        if let Some(Inclusion {
            new_cases: Some(new_cases),
            in_svf: Some(in_svf),
        }) = report.inclusion
            && in_svf > new_cases
        {
            add(
                JsonPath::of(&["inclusion", "in_svf"]),
                Reason::InSvfAboveNewCases { in_svf, new_cases },
            );
        }
        if let Some(Period {
            from: Some(from),
            to: Some(to),
        }) = report.period
            && from > to
        {
            add(JsonPath::of(&["period"]), Reason::PeriodReversed);
        }
        for (index, entry) in report.lead_times.iter().flatten().enumerate() {
            let at = |field| {
                let mut path = JsonPath::of(&["lead_times"]);
                path.push(Step::Index(u16::try_from(index).unwrap_or(u16::MAX)));
                if let Some(field) = field {
                    path.push(Step::Field(field));
                }
                path
            };
            if let (Some(patients), Some(within)) = (entry.patients, entry.within_target)
                && within > patients
            {
                add(
                    at(Some("within_target")),
                    Reason::WithinAbovePatients { within, patients },
                );
            }
            if let (Some(patients), Some(within)) =
                (entry.baseline_patients, entry.baseline_within_target)
                && within > patients
            {
                add(
                    at(Some("baseline_within_target")),
                    Reason::WithinAbovePatients { within, patients },
                );
            }
            let lead_times = report.lead_times.as_deref().unwrap_or_default();
            if let Some(svf) = &entry.svf
                && let Some(first) = lead_times[..index]
                    .iter()
                    .position(|e| e.svf.as_ref() == Some(svf))
            {
                add(
                    at(Some("svf")),
                    Reason::DuplicateSvf {
                        first: u16::try_from(first).unwrap_or(u16::MAX),
                    },
                );
            }
        }
        errors
    }
}

/// Reads the keys of one object: each must be one of `fields`, once.
struct Keys<'t> {
    trail: &'t mut Trail,
    fields: &'static [&'static str],
    seen: u32,
}

impl<'t> Keys<'t> {
    fn new(trail: &'t mut Trail, fields: &'static [&'static str]) -> Self {
        Keys {
            trail,
            fields,
            seen: 0,
        }
    }

    /// The next key's position in `fields`, with the path stepped into it; `None` at the end.
    fn next<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Option<usize>, A::Error> {
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
    fn has(&self, index: usize) -> bool {
        self.seen & (1 << index) != 0
    }
}

/// A string's raw text between its quotes, escapes still in it.
struct RawStr;

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
fn decode(raw: &str, mut each: impl FnMut(char) -> Result<(), Reason>) -> Result<(), Reason> {
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

const WHOLE_NUMBER: &str = "a whole number from 0 to 4294967295";

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

/// A whole number `0..=u32::MAX`.
struct Count<'t>(&'t mut Trail);

impl<'de> DeserializeSeed<'de> for Count<'_> {
    type Value = u32;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<u32, D::Error> {
        self.0.expected = WHOLE_NUMBER;
        <u32 as de::Deserialize>::deserialize(deserializer)
    }
}

/// `true` or `false`.
struct Flag<'t>(&'t mut Trail);

impl<'de> DeserializeSeed<'de> for Flag<'_> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        self.0.expected = "true or false";
        <bool as de::Deserialize>::deserialize(deserializer)
    }
}

/// The agreement year as written.
struct YearNumber<'t>(&'t mut Trail);

impl<'de> DeserializeSeed<'de> for YearNumber<'_> {
    type Value = u64;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<u64, D::Error> {
        self.0.expected = "2022, 2024 or 2026";
        <u64 as de::Deserialize>::deserialize(deserializer)
    }
}

/// A string, decoded and checked to be at most `max_chars` characters. Its characters are
/// kept as far as they fit in `N` bytes; `written` tells whether any is not whitespace.
struct Text<'t, const N: usize> {
    trail: &'t mut Trail,
    max_chars: usize,
}

/// A decoded string.
struct Decoded<const N: usize> {
    text: String<N>,
    complete: bool,
    written: bool,
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
            let written = raw.chars().any(|c| !c.is_whitespace());
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
            decoded.written |= !c.is_whitespace();
            decoded.complete = decoded.complete && decoded.text.push(c).is_ok();
            Ok(())
        })
        .map_err(|reason| self.trail.fail(reason))?;
        Ok(decoded)
    }
}

fn text<const N: usize>(trail: &mut Trail, max_chars: usize) -> Text<'_, N> {
    Text { trail, max_chars }
}

/// A date `YYYY-MM-DD`.
fn parse_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |range: core::ops::Range<usize>| {
        let digits = &b[range];
        digits.iter().all(u8::is_ascii_digit).then(|| {
            digits
                .iter()
                .fold(0u16, |v, &c| v * 10 + u16::from(c - b'0'))
        })
    };
    Date::new(
        number(0..4)?,
        u8::try_from(number(5..7)?).ok()?,
        u8::try_from(number(8..10)?).ok()?,
    )
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

/// Reads the report into the one it is given.
struct ReportSeed<'t> {
    trail: &'t mut Trail,
    report: &'t mut Report,
}

impl<'de> DeserializeSeed<'de> for ReportSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.trail.expected = "an object (the report)";
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ReportSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object (the report)")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        visit_report(self.trail, self.report, map)
    }
}
object_seed!(PeriodSeed -> Period, "an object with from and to", visit_period);
object_seed!(InclusionSeed -> Inclusion, "an object with new_cases and in_svf", visit_inclusion);
object_seed!(PremSeed -> Prem, "an object with used", visit_prem);
object_seed!(LeadTimeSeed -> LeadTime, "an object with svf, patients and within_target", visit_lead_time);
object_seed!(NarrativeSeed -> Narrative, "an object of narrative texts", visit_narrative);

const REPORT_FIELDS: &[&str] = &[
    "schema",
    "agreement_year",
    "region_code",
    "region_name",
    "period",
    "inclusion",
    "prem",
    "lead_times",
    "narrative",
];

fn visit_report<'de, A: MapAccess<'de>>(
    trail: &mut Trail,
    report: &mut Report,
    mut map: A,
) -> Result<(), A::Error> {
    let mut keys = Keys::new(trail, REPORT_FIELDS);
    let mut year = None;
    let mut region = None;
    while let Some(index) = keys.next(&mut map)? {
        let trail = &mut *keys.trail;
        match REPORT_FIELDS[index] {
            "schema" => field!(map, trail, text::<16>(trail, 64), |trail, schema| {
                if schema.complete && schema.text == "svf-report/1" {
                    Ok(())
                } else {
                    Err(trail.fail(Reason::WrongSchema))
                }
            }),
            "agreement_year" => {
                year = Some(field!(map, trail, YearNumber(trail), |trail, number| {
                    Year::from_number(number).ok_or_else(|| trail.fail(Reason::UnknownYear))
                }));
                trail.year = year;
            }
            "region_code" => {
                region = Some(field!(map, trail, text::<8>(trail, 8), |trail, code| {
                    Region::from_code(&code.text)
                        .filter(|_| code.complete)
                        .ok_or_else(|| trail.fail(Reason::UnknownRegion))
                }));
                trail.region = region;
            }
            "region_name" => {
                let name = field!(
                    map,
                    trail,
                    text::<{ 4 * MAX_NAME_CHARS }>(trail, MAX_NAME_CHARS)
                );
                report.region_name = Some(name.text);
            }
            "period" => report.period = Some(field!(map, trail, PeriodSeed(trail))),
            "inclusion" => report.inclusion = Some(field!(map, trail, InclusionSeed(trail))),
            "prem" => report.prem = Some(field!(map, trail, PremSeed(trail))),
            "lead_times" => {
                let entries = report.lead_times.insert(Vec::new());
                field!(map, trail, LeadTimesSeed { trail, entries });
            }
            _ => report.narrative = field!(map, trail, NarrativeSeed(trail)),
        }
    }
    let (Some(year), Some(region)) = (year, region) else {
        let absent = if !keys.has(0) {
            "schema"
        } else if year.is_none() {
            "agreement_year"
        } else {
            "region_code"
        };
        return Err(keys
            .trail
            .fail_at(JsonPath::of(&[absent]), Reason::Required));
    };
    if !keys.has(0) {
        return Err(keys
            .trail
            .fail_at(JsonPath::of(&["schema"]), Reason::Required));
    }
    report.year = year;
    report.region = region;
    Ok(())
}

fn visit_period<'de, A: MapAccess<'de>>(trail: &mut Trail, mut map: A) -> Result<Period, A::Error> {
    const FIELDS: &[&str] = &["from", "to"];
    let mut keys = Keys::new(trail, FIELDS);
    let mut period = Period::default();
    while let Some(index) = keys.next(&mut map)? {
        let trail = &mut *keys.trail;
        let date = field!(map, trail, text::<16>(trail, 16), |trail, date| {
            parse_date(&date.text).ok_or_else(|| trail.fail(Reason::BadDate))
        });
        if index == 0 {
            period.from = Some(date);
        } else {
            period.to = Some(date);
        }
    }
    Ok(period)
}

fn visit_inclusion<'de, A: MapAccess<'de>>(
    trail: &mut Trail,
    mut map: A,
) -> Result<Inclusion, A::Error> {
    const FIELDS: &[&str] = &["new_cases", "in_svf"];
    let mut keys = Keys::new(trail, FIELDS);
    let mut inclusion = Inclusion::default();
    while let Some(index) = keys.next(&mut map)? {
        let trail = &mut *keys.trail;
        let count = Some(field!(map, trail, Count(trail)));
        if index == 0 {
            inclusion.new_cases = count;
        } else {
            inclusion.in_svf = count;
        }
    }
    Ok(inclusion)
}

fn visit_prem<'de, A: MapAccess<'de>>(trail: &mut Trail, mut map: A) -> Result<Prem, A::Error> {
    const FIELDS: &[&str] = &["used"];
    let mut keys = Keys::new(trail, FIELDS);
    let mut prem = Prem::default();
    while keys.next(&mut map)?.is_some() {
        let trail = &mut *keys.trail;
        prem.used = Some(field!(map, trail, Flag(trail)));
    }
    Ok(prem)
}

fn visit_lead_time<'de, A: MapAccess<'de>>(
    trail: &mut Trail,
    mut map: A,
) -> Result<LeadTime, A::Error> {
    const FIELDS: &[&str] = &[
        "svf",
        "patients",
        "within_target",
        "baseline_patients",
        "baseline_within_target",
    ];
    let mut keys = Keys::new(trail, FIELDS);
    let mut entry = LeadTime::default();
    while let Some(index) = keys.next(&mut map)? {
        if index == 0 {
            let trail = &mut *keys.trail;
            entry.svf = Some(field!(
                map,
                trail,
                text::<MAX_SVF_ID>(trail, MAX_SVF_ID),
                |trail, id| {
                    let valid = id.complete
                        && !id.text.is_empty()
                        && id
                            .text
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
                    if valid {
                        Ok(id.text)
                    } else {
                        Err(trail.fail(Reason::SvfPattern))
                    }
                }
            ));
            continue;
        }
        let trail = &mut *keys.trail;
        let count = Some(field!(map, trail, Count(trail)));
        match index {
            1 => entry.patients = count,
            2 => entry.within_target = count,
            3 => entry.baseline_patients = count,
            _ => entry.baseline_within_target = count,
        }
    }
    Ok(entry)
}

fn visit_narrative<'de, A: MapAccess<'de>>(
    trail: &mut Trail,
    mut map: A,
) -> Result<Narrative, A::Error> {
    const FIELDS: &[&str] = &[
        "lead_times",
        "prem_use",
        "longest_waits",
        "urology",
        "mpn_action_plan",
        "colorectal",
        "myeloma",
    ];
    let mut keys = Keys::new(trail, FIELDS);
    let mut narrative = Narrative::default();
    while let Some(index) = keys.next(&mut map)? {
        // Nothing of the text is kept: the rules ask only whether it is there.
        let trail = &mut *keys.trail;
        let text = field!(map, trail, text::<0>(trail, MAX_NARRATIVE_CHARS));
        let section = if text.written {
            Section::Written
        } else {
            Section::Blank
        };
        let slot = match index {
            0 => &mut narrative.lead_times,
            1 => &mut narrative.prem_use,
            2 => &mut narrative.longest_waits,
            3 => &mut narrative.urology,
            4 => &mut narrative.mpn_action_plan,
            5 => &mut narrative.colorectal,
            _ => &mut narrative.myeloma,
        };
        *slot = section;
    }
    Ok(narrative)
}

/// The `lead_times` array, read into the vector it is given.
struct LeadTimesSeed<'t> {
    trail: &'t mut Trail,
    entries: &'t mut Vec<LeadTime, MAX_LEAD_TIMES>,
}

impl<'de> DeserializeSeed<'de> for LeadTimesSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.trail.expected = "an array of lead-time objects";
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for LeadTimesSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of lead-time objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (trail, entries) = (self.trail, self.entries);
        loop {
            let index = u16::try_from(entries.len()).unwrap_or(u16::MAX);
            trail.path.push(Step::Index(index));
            let Some(entry) = seq.next_element_seed(LeadTimeSeed(&mut *trail))? else {
                trail.path.pop();
                return Ok(());
            };
            if entries.push(entry).is_err() {
                return Err(trail.fail(Reason::TooMany {
                    max: MAX_LEAD_TIMES,
                }));
            }
            trail.path.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::prelude::rust_2024::*;
    use std::string::ToString;

    fn rejected(json: &str) -> std::string::String {
        let rejection = Report::parse(json.as_bytes()).expect_err("the report should be rejected");
        rejection
            .errors
            .iter()
            .map(ToString::to_string)
            .collect::<std::vec::Vec<_>>()
            .join("; ")
    }

    const HEAD: &str = r#""schema": "svf-report/1", "agreement_year": 2024, "region_code": "01""#;

    fn with(body: &str) -> std::string::String {
        std::format!("{{{HEAD}{body}}}")
    }

    #[test]
    fn the_shared_examples_parse() {
        let stockholm =
            Report::parse(include_bytes!("../../spec/examples/2024-01-stockholm.json")).unwrap();
        assert_eq!(stockholm.region.code(), "01");
        assert_eq!(
            stockholm.inclusion,
            Some(Inclusion {
                new_cases: Some(7412),
                in_svf: Some(6009)
            })
        );
        assert_eq!(stockholm.lead_times.as_ref().map(|l| l.len()), Some(2));
        assert!(stockholm.narrative.urology.is_written());
        assert_eq!(stockholm.region_name.as_deref(), Some("Stockholm"));
        let halland = Report::parse(include_bytes!(
            "../../spec/examples/2024-13-halland-incomplete.json"
        ))
        .unwrap();
        assert_eq!(halland.prem, None);
        assert_eq!(halland.narrative.prem_use, Section::Absent);
        for bytes in [
            &include_bytes!("../../spec/examples/2022-03-uppsala.json")[..],
            include_bytes!("../../spec/examples/2024-25-norrbotten-below-inclusion.json"),
            include_bytes!("../../spec/examples/2026-14-vastra-gotaland.json"),
        ] {
            Report::parse(bytes).unwrap();
        }
    }

    #[test]
    fn escapes_in_text() {
        let report = Report::parse(with(r#", "region_name": "V\u00e4stra \"G\u00f6taland\" \ud83d\ude00", "narrative": {"urology": " \n\t "}"#).as_bytes()).unwrap();
        assert_eq!(
            report.region_name.as_deref(),
            Some("Västra \"Götaland\" 😀")
        );
        assert_eq!(report.narrative.urology, Section::Blank);
        assert!(
            rejected(&with(r#", "region_name": "a\qb""#))
                .contains("region_name: holds an invalid escape")
        );
        assert!(rejected(&with(r#", "region_name": "\ud83d""#)).contains("invalid escape"));
        assert!(rejected(&with(", \"region_name\": \"a\u{1}b\"")).contains("control character"));
    }

    #[test]
    #[allow(clippy::too_many_lines)] // One line per case.
    fn rejections_name_path_and_reason() {
        let cases = [
            ("", "not valid JSON: the text ends too early"),
            ("[]", "expected an object (the report)"),
            ("{\"schema\": \"svf-report/1\"", "not valid JSON"),
            (
                r#"{"schema": "svf-report/2", "agreement_year": 2024, "region_code": "01"}"#,
                "schema: must be \"svf-report/1\"",
            ),
            (
                r#"{"schema": "svf-report/1", "agreement_year": 2023, "region_code": "01"}"#,
                "agreement_year: must be 2022, 2024 or 2026",
            ),
            (
                r#"{"schema": "svf-report/1", "agreement_year": 2024, "region_code": "02"}"#,
                "region_code: is not one of the 21",
            ),
            (
                r#"{"schema": "svf-report/1", "agreement_year": 2024}"#,
                "region_code: is required",
            ),
            (
                r#"{"agreement_year": 2024, "region_code": "01"}"#,
                "schema: is required",
            ),
            (
                &with(r#", "colour": 1"#),
                "colour: the schema has no such field",
            ),
            (
                &with(r#", "region_code": "01""#),
                "region_code: the key is given twice",
            ),
            (
                &with(r#", "inclusion": {"new_cases": -1, "in_svf": 0}"#),
                "inclusion.new_cases: expected a whole number",
            ),
            (
                &with(r#", "inclusion": {"new_cases": 4294967296}"#),
                "inclusion.new_cases: expected a whole number",
            ),
            (
                &with(r#", "inclusion": {"new_cases": "7"}"#),
                "inclusion.new_cases: expected a whole number",
            ),
            (
                &with(r#", "inclusion": {"new_cases": 5, "in_svf": 6}"#),
                "inclusion.in_svf: in_svf (6) exceeds new_cases (5)",
            ),
            (
                &with(r#", "inclusion": {"new_cases": 5, "extra": 6}"#),
                "inclusion.extra: the schema has no such field",
            ),
            (
                &with(r#", "prem": {"used": null}"#),
                "prem.used: expected true or false",
            ),
            (
                &with(r#", "prem": {"used": "yes"}"#),
                "prem.used: expected true or false",
            ),
            (
                &with(r#", "lead_times": [{"svf": "breast", "patients": 5, "within_target": 6}]"#),
                "lead_times[0].within_target: 6 within the target exceeds 5 patients",
            ),
            (
                &with(r#", "lead_times": [{"svf": "breast"}, {"svf": "breast"}]"#),
                "lead_times[1].svf: the same SVF as lead_times[0]",
            ),
            (
                &with(r#", "lead_times": [{"svf": "Breast"}]"#),
                "lead_times[0].svf: must be 1 to 32",
            ),
            (
                &with(r#", "lead_times": [{"svf": ""}]"#),
                "lead_times[0].svf: must be 1 to 32",
            ),
            (
                &with(r#", "lead_times": [{"svf": "breast", "bogus": [[[[[[[[1]]]]]]]]}]"#),
                "lead_times[0].bogus: the schema has no such field",
            ),
            (
                &with(r#", "lead_times": {}"#),
                "lead_times: expected an array",
            ),
            (
                &with(r#", "lead_times": [[]]"#),
                "lead_times[0]: expected an object with svf",
            ),
            (
                &with(r#", "period": {"from": "2024-02-30", "to": "2024-06-30"}"#),
                "period.from: must be a date",
            ),
            (
                &with(r#", "period": {"from": "2024-07-01", "to": "2024-06-30"}"#),
                "period: the period ends before it starts",
            ),
            (
                &with(r#", "narrative": {"urology": 5}"#),
                "narrative.urology: expected a string",
            ),
            (
                &with(r#", "narrative": {"poetry": "x"}"#),
                "narrative.poetry: the schema has no such field",
            ),
            (
                &std::format!("{} x", with("")),
                "not valid JSON: more text after the report",
            ),
            (
                &with(r#", "inclusion": {"new_cases": 5,}"#),
                "inclusion: not valid JSON",
            ),
        ];
        for (json, expected) in cases {
            let message = rejected(json);
            assert!(
                message.contains(expected),
                "{json}\n  gave {message:?}\n  wanted {expected:?}"
            );
        }
    }

    #[test]
    fn too_many_lead_times_and_too_long_texts() {
        let entries: std::vec::Vec<_> = (0..41)
            .map(|i| std::format!(r#"{{"svf": "s{i}"}}"#))
            .collect();
        let message = rejected(&with(&std::format!(
            r#", "lead_times": [{}]"#,
            entries.join(",")
        )));
        assert!(
            message.contains("lead_times[40]: has more than 40 items"),
            "{message}"
        );
        let name = "å".repeat(65);
        assert!(
            rejected(&with(&std::format!(r#", "region_name": "{name}""#)))
                .contains("region_name: is longer than 64 characters")
        );
        Report::parse(with(&std::format!(r#", "region_name": "{}""#, "å".repeat(64))).as_bytes())
            .unwrap();
    }

    #[test]
    fn size_utf8_and_bom() {
        let big = std::vec![b' '; MAX_REPORT_BYTES + 1];
        assert!(matches!(
            Report::parse(&big).unwrap_err().errors[0].reason,
            Reason::TooLarge { .. }
        ));
        assert_eq!(
            Report::parse(b"{\"schema\": \"\xff\"}").unwrap_err().errors[0].reason,
            Reason::NotUtf8 { offset: 12 }
        );
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend_from_slice(with("").as_bytes());
        Report::parse(&bom).unwrap();
    }

    #[test]
    fn escaped_keys_are_keys() {
        let report = Report::parse(with(r#", "\u0070rem": {"used": true}"#).as_bytes()).unwrap();
        assert_eq!(report.prem, Some(Prem { used: Some(true) }));
    }
}
