//! Why a document is refused, worded for the people who wrote it, in English
//! ([`Display`](fmt::Display)) and in Swedish ([`Reason::swedish`]).

use core::fmt;

use crate::time::{Date, Instant};

/// The longest [`Phrase`] in either language, in bytes, so that a reason's message has a known
/// bound (`ERROR_MESSAGE_BYTES`).
pub const PHRASE_BYTES: usize = 80;

/// A phrase of the kernel's in both the languages its messages are read in.
///
/// Invariant: each language's text is at most [`PHRASE_BYTES`] long ([`Phrase::new`] is the
/// only way to make one, and refuses a longer one at compile time where used in a constant).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Phrase {
    en: &'static str,
    sv: &'static str,
}

impl Phrase {
    /// The phrase in English and in Swedish.
    ///
    /// # Panics
    /// When either is longer than [`PHRASE_BYTES`]; every phrase is a constant, so this is
    /// a compile-time error.
    pub const fn new(en: &'static str, sv: &'static str) -> Phrase {
        assert!(en.len() <= PHRASE_BYTES && sv.len() <= PHRASE_BYTES);
        Phrase { en, sv }
    }

    /// A phrase that is the same in both languages: ids, names of the contract.
    ///
    /// # Panics
    /// As [`Phrase::new`].
    pub const fn same(text: &'static str) -> Phrase {
        Phrase::new(text, text)
    }

    /// In English.
    pub const fn en(&self) -> &'static str {
        self.en
    }

    /// In Swedish.
    pub const fn sv(&self) -> &'static str {
        self.sv
    }
}

/// What the reader expects before it knows: nothing said.
pub(crate) const NOTHING: Phrase = Phrase::new("", "");

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
    Syntax(&'static Phrase),
    /// A number in a form svf's whole numbers do not take (`1e3`, `1000.0`, `-0`, `01000`).
    LooseNumber {
        /// How it is written: `with an exponent`.
        written: &'static Phrase,
        /// The line.
        line: u32,
        /// The column, in characters.
        column: u32,
    },
    /// Not JSON, at a known place: what the reader expected, and the line and column (from 1;
    /// the column in characters) of the first byte that is not JSON.
    SyntaxAt {
        /// What the reader expected there.
        what: &'static Phrase,
        /// The line.
        line: u32,
        /// The column, in characters.
        column: u32,
    },
    /// A value of the wrong type or range: what was expected.
    Expected(&'static Phrase),
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
    KeyRefused(&'static Phrase),
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
    UnknownPart(&'static Phrase),
    /// Not one of the year's payments: those that are.
    UnknownPayment(&'static Phrase),
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
    AreaNotOfYear(&'static Phrase),
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
            Reason::Syntax(what) => write!(f, "not valid JSON: {}", what.en()),
            Reason::LooseNumber {
                written,
                line,
                column,
            } => write!(
                f,
                "must be a whole number written in plain digits, as 1000; this one is written \
                 {} (line {line}, column {column})",
                written.en()
            ),
            Reason::SyntaxAt { what, line, column } => {
                write!(
                    f,
                    "not valid JSON: {} (line {line}, column {column})",
                    what.en()
                )
            }
            Reason::Expected(what) => write!(f, "expected {}", what.en()),
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
            Reason::KeyRefused(why) => {
                write!(f, "the upload's key cannot be used: {}", why.en())
            },
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
                write!(f, "is not a conditional payment of the year ({})", parts.en())
            }
            Reason::UnknownPayment(payments) => {
                write!(f, "is not a payment of the year ({})", payments.en())
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
                write!(f, "is not a special investment of the year ({})", areas.en())
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

impl Reason {
    /// The reason in Swedish, for the notification's Swedish text and the checker page.
    pub fn swedish(&self) -> Swedish<'_> {
        Swedish(self)
    }
}

/// A [`Reason`] written in Swedish ([`Reason::swedish`]).
#[derive(Clone, Copy, Debug)]
pub struct Swedish<'r>(&'r Reason);

impl fmt::Display for Swedish<'_> {
    #[allow(clippy::too_many_lines)] // One arm per variant, each its message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self.0 {
            Reason::TooLarge { max, .. } if max % (1 << 20) == 0 => write!(
                f,
                "filen är större än {} MiB ({max} byte), det mesta som tas emot",
                max >> 20
            ),
            Reason::TooLarge { max, .. } => write!(
                f,
                "filen är större än {} KiB ({max} byte), det mesta som tas emot",
                max >> 10
            ),
            Reason::NotUtf8 { offset } => write!(
                f,
                "texten är inte UTF-8 (byte {offset}); spara filen som UTF-8"
            ),
            Reason::Syntax(what) => write!(f, "inte giltig JSON: {}", what.sv()),
            Reason::LooseNumber {
                written,
                line,
                column,
            } => write!(
                f,
                "måste vara ett heltal skrivet med enbart siffror, som 1000; det här är skrivet \
                 {} (rad {line}, kolumn {column})",
                written.sv()
            ),
            Reason::SyntaxAt { what, line, column } => write!(
                f,
                "inte giltig JSON: {} (rad {line}, kolumn {column})",
                what.sv()
            ),
            Reason::Expected(what) => write!(f, "här ska stå {}", what.sv()),
            Reason::UnknownField => f.write_str("fältet finns inte i formatet"),
            Reason::DuplicateKey => f.write_str("fältet anges två gånger"),
            Reason::Required => f.write_str("måste anges"),
            Reason::WrongSchema(schema) => write!(f, "måste vara \"{schema}\""),
            Reason::UnknownYear => f.write_str("måste vara ett överenskommelseår från 2022 till 2026"),
            Reason::UnknownRegion => {
                f.write_str("är inte en av de 21 regionkoderna (01, 03–10, 12–14, 17–25)")
            }
            Reason::TooLong { max_chars } => write!(f, "är längre än {max_chars} tecken"),
            Reason::TooMany { max } => write!(f, "har fler än {max} poster"),
            Reason::ControlCharacter => {
                f.write_str("innehåller ett styrtecken; i JSON måste det skrivas med \\")
            }
            Reason::BadEscape => f.write_str("innehåller en ogiltig teckenkod efter \\"),
            Reason::ControlInText => f.write_str(
                "innehåller ett styrtecken (tabb, radbrytning, escape …); texten visas i \
                 tabeller och på sidor och får bara ha synliga tecken och mellanslag",
            ),
            Reason::SvfPattern => f.write_str("måste vara 1 till 32 av a-z, 0-9 och _"),
            Reason::BadDate => f.write_str("måste vara ett datum ÅÅÅÅ-MM-DD"),
            Reason::InSvfAboveNewCases { in_svf, new_cases } => write!(
                f,
                "fall i SVF ({in_svf}) är fler än nya fall ({new_cases})"
            ),
            Reason::SexAboveAll { part, all } => {
                write!(f, "{part} för ett kön är fler än {all} för alla patienter")
            }
            Reason::WithinAbovePatients { within, patients } => {
                write!(f, "{within} inom maxtid är fler än {patients} patienter")
            }
            Reason::KeyRefused(why) => {
                write!(f, "uppladdningens namn kan inte användas: {}", why.sv())
            }
            Reason::KeyShape => f.write_str(
                "uppladdningens namn måste vara reports/{år}/{regionkod}/{namn}.json",
            ),
            Reason::KeyMismatch(key) => write!(f, "stämmer inte med uppladdningens namn ({key})"),
            Reason::ReceivedBeforePeriodEnd { received, last_day } => write!(
                f,
                "mottagen {received}, innan perioden slutade ({last_day}); en redovisning \
                 kommer efter sin period, så mottagningstiden är fel"
            ),
            Reason::ReceivedBeforeYear { received, year } => write!(
                f,
                "mottagen {received}, innan överenskommelseåret {year} började; \
                 mottagningstiden är fel"
            ),
            Reason::ReceivedInFuture { received, now } => write!(
                f,
                "mottagen {received}, senare än nu ({now}); mottagningstiden är fel"
            ),
            Reason::OtherYear { expected } => write!(f, "är inte {expected}, året som efterfrågas"),
            Reason::Empty => f.write_str("får inte vara tomt"),
            Reason::UnknownPart(parts) => {
                write!(f, "är inte en villkorad utbetalning för året ({})", parts.sv())
            }
            Reason::UnknownPayment(payments) => {
                write!(f, "är inte en utbetalning för året ({})", payments.sv())
            }
            Reason::DuplicatePart { first } => {
                write!(f, "samma utbetalning som parts[{first}]")
            }
            Reason::NoItems => f.write_str("måste ange minst en"),
            Reason::PeriodReversed => f.write_str("perioden slutar innan den börjar"),
            Reason::DuplicateSvf { first } => write!(f, "samma SVF som lead_times[{first}]"),
            Reason::UnknownRcc => f.write_str(
                "är inte ett av de sex RCC (norr, mellansverige, stockholm-gotland, sydost, syd, vast)",
            ),
            Reason::UnknownStage => f.write_str("måste vara \"first\" eller \"final\""),
            Reason::AreaNotOfYear(areas) => {
                write!(f, "är inte en särskild satsning för året ({})", areas.sv())
            }
            Reason::DuplicateArea { first } => write!(f, "samma område som areas[{first}]"),
            Reason::AmountTooLarge => {
                write!(f, "är större än det största beloppet, {} öre", i64::MAX)
            }
            Reason::AmountsOverflow => write!(
                f,
                "områdets belopp blir sammanlagt större än det största beloppet, {} öre",
                i64::MAX
            ),
        }
    }
}
