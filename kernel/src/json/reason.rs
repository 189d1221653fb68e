//! Why a document is refused, worded for the people who wrote it.

use core::fmt;

use crate::time::{Date, Instant};

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
    /// A control character (a tab, a line break, an escape, …), escaped in the JSON, in a text
    /// that is shown in one line of a table or a page.
    ControlInText,
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
    /// The report was received before the period it reports on ended: no receipt time can be
    /// right that is (a clock at 1970, a file's time from elsewhere).
    ReceivedBeforePeriodEnd {
        /// When it was received.
        received: Instant,
        /// The period's last day.
        last_day: Date,
    },
    /// A report that gives no end of its period was received before its agreement year began.
    ReceivedBeforeYear {
        /// When it was received.
        received: Instant,
        /// The agreement year.
        year: u16,
    },
    /// The report was received later than now: the receipt time cannot be right.
    ReceivedInFuture {
        /// When it was received, as given.
        received: Instant,
        /// Now.
        now: Instant,
    },
    /// The year is not the one asked for (`svf payments --year`).
    OtherYear {
        /// The year asked for.
        expected: u16,
    },
    /// Text that must say something holds nothing visible.
    Empty,
    /// Not one of the year's conditional payments: those that are.
    UnknownPart(&'static str),
    /// Not one of the year's payments: those that are.
    UnknownPayment(&'static str),
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
    /// Not one of the six RCC (`norr`, `mellansverige`, `stockholm-gotland`, `sydost`, `syd`,
    /// `vast`).
    UnknownRcc,
    /// Not `first` or `final`.
    UnknownStage,
    /// Not one of the year's special investments: those that are.
    AreaNotOfYear(&'static str),
    /// The same area twice in `areas`; the first is at this index.
    DuplicateArea {
        /// Index of the first entry.
        first: u16,
    },
    /// An amount above the largest (`i64::MAX` öre).
    AmountTooLarge,
    /// The amounts of an area sum beyond the largest amount (`i64::MAX` öre).
    AmountsOverflow,
}

impl fmt::Display for Reason {
    #[allow(clippy::too_many_lines)] // One arm per variant, each its message.
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
            Reason::ControlInText => f.write_str(
                "holds a control character (a tab, a line break, an escape, …); the text is \
                 shown in tables and pages and must be visible characters and spaces only",
            ),
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
            Reason::ReceivedBeforePeriodEnd { received, last_day } => write!(
                f,
                "received {received}, before the period ended ({last_day}); a report comes \
                 after its period, so the receipt time is wrong"
            ),
            Reason::ReceivedBeforeYear { received, year } => write!(
                f,
                "received {received}, before the agreement year {year} began; the receipt \
                 time is wrong"
            ),
            Reason::ReceivedInFuture { received, now } => write!(
                f,
                "received {received}, later than now ({now}); the receipt time is wrong"
            ),
            Reason::OtherYear { expected } => {
                write!(f, "is not {expected}, the year asked for")
            }
            Reason::Empty => f.write_str("must not be empty"),
            Reason::UnknownPart(parts) => {
                write!(f, "is not a conditional payment of the year ({parts})")
            }
            Reason::UnknownPayment(payments) => {
                write!(f, "is not a payment of the year ({payments})")
            }
            Reason::DuplicatePart { first } => write!(f, "the same payment as parts[{first}]"),
            Reason::NoItems => f.write_str("must name at least one"),
            Reason::PeriodReversed => f.write_str("the period ends before it starts"),
            Reason::DuplicateSvf { first } => write!(f, "the same SVF as lead_times[{first}]"),
            Reason::UnknownRcc => f.write_str(
                "is not one of the six RCC (norr, mellansverige, stockholm-gotland, sydost, syd, vast)",
            ),
            Reason::UnknownStage => f.write_str("must be \"first\" or \"final\""),
            Reason::AreaNotOfYear(areas) => {
                write!(f, "is not a special investment of the year ({areas})")
            }
            Reason::DuplicateArea { first } => write!(f, "the same area as areas[{first}]"),
            Reason::AmountTooLarge => write!(
                f,
                "is larger than the largest amount, {} öre",
                i64::MAX
            ),
            Reason::AmountsOverflow => write!(
                f,
                "the area's amounts sum beyond the largest amount, {} öre",
                i64::MAX
            ),
        }
    }
}
