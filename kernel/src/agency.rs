//! The agency's own wait-time data (`config/{year}/lead_times.csv`, contract §4): where it has
//! a row for a region and SVF, that row decides the region's lead-time condition instead of
//! the region's report, since 2026 part B turns on lead times "beräknas av Socialstyrelsen med
//! den data som rapporterats in till myndigheten".
//!
//! A table like the population table (delimiter detected, byte-order mark ignored, thousands
//! separators allowed, columns by header in any case) with the columns `region` (code), `svf`,
//! `sex` (empty for all patients, `kvinnor` or `män`), `patients`, `within_target`, and
//! optionally `baseline_patients` and `baseline_within_target`. Blank lines are skipped.
//!
//! All patients are women and men: where the file gives a region's SVF only by sex (a row for
//! `kvinnor` and one for `män`, none for all patients), the all-patients figures are their sum
//! ([`AgencyLeadTimes::all_patients`]) and decide. Where it gives all three, women and men must
//! sum to the all-patients row, and where it gives the all-patients row and one sex, that sex
//! cannot exceed it: a file that contradicts itself is refused at the line that does.
//!
//! Parsing borrows the text and keeps nothing on a heap: [`AgencyLeadTimes::parse`] checks
//! every row once (a duplicate row is an error, so no row silently wins), and lookups walk the
//! checked rows again.

use core::fmt;

use crate::number::{NumberError, parse_whole};
use crate::region::Region;
use crate::report::MAX_SVF_ID;
use crate::table::{detect_delimiter, fields, utf8_place, write_place};
use crate::words::eq_ignore_case;

/// The most rows the file may hold: every region, forty SVFs (a report's most), three rows
/// each (all patients, women, men). Bounds the duplicate check, which compares each row with
/// the ones before it.
pub const MAX_AGENCY_ROWS: usize = 21 * 40 * 3;

/// A sex, as the agency's file and the reports' `by_sex` name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sex {
    /// `kvinnor` in the file, `women` in a report.
    Women,
    /// `män` in the file, `men` in a report.
    Men,
}

impl Sex {
    /// Both, women first (as the official statistics list them).
    pub const ALL: [Sex; 2] = [Sex::Women, Sex::Men];

    /// The report's and the assessment's key: `women`, `men`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Sex::Women => "women",
            Sex::Men => "men",
        }
    }

    /// The file's word for it, `kvinnor` or `män`, in any case and with `ä` composed or not
    /// ([`crate::words`]); `None` for anything else.
    fn of_word(word: &str) -> Option<Sex> {
        let word = word.trim();
        let is = |a: &str| eq_ignore_case(word, a);
        if is("kvinnor") {
            Some(Sex::Women)
        } else if is("män") {
            Some(Sex::Men)
        } else {
            None
        }
    }
}

/// One checked row: a region's figures for one SVF, for all patients or one sex.
///
/// Invariant: `within ≤ patients`; a baseline has both its counts and `within ≤ patients`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgencyRow<'a> {
    /// The 1-based line of the row in the file.
    pub line: usize,
    /// The region.
    pub region: Region,
    /// The SVF, e.g. `breast` (at most [`MAX_SVF_ID`] of `a-z`, `0-9`, `_`).
    pub svf: &'a str,
    /// `None` for all patients.
    pub sex: Option<Sex>,
    /// Patients who started first treatment in the period.
    pub patients: u32,
    /// Of them, within the SVF's maximum lead time.
    pub within: u32,
    /// The reference period's `(patients, within)`, where given.
    pub baseline: Option<(u32, u32)>,
}

/// The agency's checked wait-time data.
///
/// Invariant: every row of `body` is a valid [`AgencyRow`], and no two rows share region, SVF
/// and sex.
#[derive(Clone, Copy, Debug)]
pub struct AgencyLeadTimes<'a> {
    body: &'a str,
    first_body_line: usize,
    delimiter: char,
    columns: Columns,
    field_count: usize,
    rows: usize,
}

/// Where the agency's rows come from when a report is assessed: its checked file, or none
/// ([`NoAgencyData`]: a device, `svf assess`, the checker page), so that code without a file
/// carries none of the lookup (the assessment is generic over it).
pub trait AgencyData {
    /// The row for `region`'s `svf`, for one sex, or for all patients (`sex` `None`): the
    /// all-patients row, or where there is none, the sum of the rows for women and men.
    fn row(&self, region: Region, svf: &str, sex: Option<Sex>) -> Option<AgencyRow<'_>>;
}

impl AgencyData for AgencyLeadTimes<'_> {
    fn row(&self, region: Region, svf: &str, sex: Option<Sex>) -> Option<AgencyRow<'_>> {
        match sex {
            None => self.all_patients(region, svf),
            Some(_) => self.find(region, svf, sex),
        }
    }
}

/// No agency data: every lead time is decided on the report.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoAgencyData;

impl AgencyData for NoAgencyData {
    fn row(&self, _: Region, _: &str, _: Option<Sex>) -> Option<AgencyRow<'_>> {
        None
    }
}

impl<T: AgencyData> AgencyData for Option<T> {
    fn row(&self, region: Region, svf: &str, sex: Option<Sex>) -> Option<AgencyRow<'_>> {
        self.as_ref()?.row(region, svf, sex)
    }
}

impl<T: AgencyData + ?Sized> AgencyData for &T {
    fn row(&self, region: Region, svf: &str, sex: Option<Sex>) -> Option<AgencyRow<'_>> {
        (**self).row(region, svf, sex)
    }
}

/// Positions (0-based) of the columns.
#[derive(Clone, Copy, Debug, Default)]
struct Columns {
    region: usize,
    svf: usize,
    sex: usize,
    patients: usize,
    within: usize,
    baseline_patients: Option<usize>,
    baseline_within: Option<usize>,
}

/// The columns, by their header (compared in lower case, trimmed).
const HEADERS: [&str; 7] = [
    "region",
    "svf",
    "sex",
    "patients",
    "within_target",
    "baseline_patients",
    "baseline_within_target",
];

/// Where and why the file was refused.
///
/// Invariant: `line` is 1-based; `column`, when present, is the 1-based position of the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgencyError {
    /// The line.
    pub line: usize,
    /// The field's position, when the error is in one field.
    pub column: Option<usize>,
    /// What is wrong.
    pub reason: AgencyReason,
}

/// What is wrong in the agency's file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgencyReason {
    /// Bytes that are not UTF-8.
    NotUtf8,
    /// No header row.
    Empty,
    /// A required column is not in the header.
    MissingColumn(&'static str),
    /// A column is named twice.
    DuplicateColumn(&'static str),
    /// Only one of the two baseline columns is in the header.
    HalfBaselineColumns,
    /// A row has a different number of fields from the header.
    FieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in this row.
        found: usize,
    },
    /// A quoted field without its closing quote.
    Quote,
    /// Not one of the 21 regions' codes.
    UnknownRegion,
    /// Not an SVF id (`a-z`, `0-9`, `_`, 1 to 32 characters).
    SvfPattern,
    /// Not empty, `kvinnor` or `män`.
    UnknownSex,
    /// A count that is not a whole number.
    Count(NumberError),
    /// A count above `u32::MAX`.
    CountTooLarge,
    /// More within the target than patients.
    WithinAbovePatients,
    /// One baseline count given without the other.
    HalfBaseline,
    /// The same region, SVF and sex on an earlier line.
    Duplicate {
        /// The earlier line.
        first: usize,
    },
    /// More rows than [`MAX_AGENCY_ROWS`].
    TooManyRows,
    /// A figure for one sex above the same figure of the all-patients row.
    SexAboveAll {
        /// The line of the all-patients row.
        all_line: usize,
    },
    /// Women and men sum to other than the all-patients row says.
    SexesContradictAll {
        /// The line of the all-patients row.
        all_line: usize,
        /// The line of the women's row.
        women_line: usize,
        /// The line of the men's row.
        men_line: usize,
        /// What the all-patients row says.
        all: u32,
        /// What women and men sum to.
        sum: u64,
    },
}

impl fmt::Display for AgencyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_place(f, self.line, self.column)?;
        match self.reason {
            AgencyReason::NotUtf8 => f.write_str("the text is not valid UTF-8"),
            AgencyReason::Empty => f.write_str("the file is empty; it needs a header row"),
            AgencyReason::MissingColumn(name) => write!(f, "the header has no column `{name}`"),
            AgencyReason::DuplicateColumn(name) => write!(f, "the column `{name}` is named twice"),
            AgencyReason::HalfBaselineColumns => f.write_str(
                "the header has one of `baseline_patients` and `baseline_within_target` without the other",
            ),
            AgencyReason::FieldCount { expected, found } => {
                write!(f, "the row has {found} fields but the header has {expected}")
            }
            AgencyReason::Quote => {
                f.write_str("a quoted field must end with a quote before the delimiter")
            }
            AgencyReason::UnknownRegion => f.write_str("not the code of one of the 21 regions"),
            AgencyReason::SvfPattern => {
                f.write_str("an SVF id is 1 to 32 characters of a-z, 0-9 and _")
            }
            AgencyReason::UnknownSex => {
                f.write_str("the sex is empty (all patients), `kvinnor` or `män`")
            }
            AgencyReason::Count(e) => write!(f, "the count {e}"),
            AgencyReason::CountTooLarge => write!(f, "the count is larger than {}", u32::MAX),
            AgencyReason::WithinAbovePatients => {
                f.write_str("more patients within the target than patients")
            }
            AgencyReason::HalfBaseline => {
                f.write_str("a baseline needs both its patients and its within_target")
            }
            AgencyReason::Duplicate { first } => write!(
                f,
                "the same region, SVF and sex as line {first}; one row each, so no row silently wins"
            ),
            AgencyReason::TooManyRows => write!(f, "more than {MAX_AGENCY_ROWS} rows"),
            AgencyReason::SexAboveAll { all_line } => write!(
                f,
                "more than the all-patients row on line {all_line} says; one sex is part of all"
            ),
            AgencyReason::SexesContradictAll {
                all_line,
                women_line,
                men_line,
                all,
                sum,
            } => write!(
                f,
                "women (line {women_line}) and men (line {men_line}) sum to {sum}, but the \
                 all-patients row (line {all_line}) says {all}; all patients are women and men"
            ),
        }
    }
}

impl core::error::Error for AgencyError {}

impl<'a> AgencyLeadTimes<'a> {
    /// Reads and checks the file's bytes (a UTF-8 byte-order mark is ignored).
    ///
    /// # Errors
    /// The first [`AgencyError`] in the file.
    pub fn parse(bytes: &'a [u8]) -> Result<AgencyLeadTimes<'a>, AgencyError> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let text = core::str::from_utf8(bytes).map_err(|e| {
            let (line, column) = utf8_place(bytes, e.valid_up_to());
            AgencyError {
                line,
                column: Some(column),
                reason: AgencyReason::NotUtf8,
            }
        })?;
        let mut lines = numbered(text, 0);
        let Some((header_line, header)) = lines.find(|(_, l)| !l.trim().is_empty()) else {
            return Err(AgencyError {
                line: 1,
                column: None,
                reason: AgencyReason::Empty,
            });
        };
        let delimiter = detect_delimiter(header);
        let (columns, field_count) = find_columns(header, header_line, delimiter)?;
        // The body starts after the header line.
        let offset = header.as_ptr() as usize - text.as_ptr() as usize + header.len();
        let body = text[offset..].strip_prefix("\r").unwrap_or(&text[offset..]);
        let body = body.strip_prefix('\n').unwrap_or(body);
        let mut data = AgencyLeadTimes {
            body,
            first_body_line: header_line + 1,
            delimiter,
            columns,
            field_count,
            rows: 0,
        };
        let mut count = 0;
        for (line, record) in data.records() {
            let row = data.read(line, record)?;
            count += 1;
            if count > MAX_AGENCY_ROWS {
                return Err(AgencyError {
                    line,
                    column: None,
                    reason: AgencyReason::TooManyRows,
                });
            }
            // The rows before this one are checked: compare with each of the same region and
            // SVF, once.
            let earlier = AgencyLeadTimes {
                rows: count - 1,
                ..data
            };
            let mut group = Group::default();
            for other in earlier
                .rows()
                .filter(|r| r.region == row.region && r.svf == row.svf)
            {
                if other.sex == row.sex {
                    return Err(AgencyError {
                        line,
                        column: None,
                        reason: AgencyReason::Duplicate { first: other.line },
                    });
                }
                group.add(other);
            }
            group.add(row);
            group.check(line, &data.columns)?;
        }
        data.rows = count;
        Ok(data)
    }

    /// The checked rows, in the file's order.
    pub fn rows(&self) -> impl Iterator<Item = AgencyRow<'a>> + '_ {
        let data = *self;
        self.records()
            .take(self.rows)
            .filter_map(move |(line, record)| data.read(line, record).ok())
    }

    /// How many rows the file has.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether the file has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The row for `region`'s `svf`, for all patients (`sex` `None`) or one sex, as the file
    /// writes it.
    pub fn find(&self, region: Region, svf: &str, sex: Option<Sex>) -> Option<AgencyRow<'a>> {
        self.rows()
            .find(|r| r.region == region && r.svf == svf && r.sex == sex)
    }

    /// The figures for all of `region`'s patients of `svf`: the all-patients row, or where the
    /// file has none, the sum of its rows for women and men (at the first of their lines; with
    /// a baseline where both give one). `None` where it has neither, or only one sex, which is
    /// not all patients.
    pub fn all_patients(&self, region: Region, svf: &str) -> Option<AgencyRow<'a>> {
        let mut group = Group::default();
        for row in self.rows().filter(|r| r.region == region && r.svf == svf) {
            group.add(row);
        }
        if let Some(all) = group.all {
            return Some(all);
        }
        let (women, men) = (group.women?, group.men?);
        // The parser refused a file whose sexes sum beyond a count.
        let sum = |a: u32, b: u32| a.checked_add(b);
        Some(AgencyRow {
            line: women.line.min(men.line),
            sex: None,
            patients: sum(women.patients, men.patients)?,
            within: sum(women.within, men.within)?,
            baseline: match (women.baseline, men.baseline) {
                (Some((wp, ww)), Some((mp, mw))) => Some((sum(wp, mp)?, sum(ww, mw)?)),
                _ => None,
            },
            ..women
        })
    }

    fn records(&self) -> impl Iterator<Item = (usize, &'a str)> + 'a {
        numbered(self.body, self.first_body_line - 1).filter(|(_, l)| !l.trim().is_empty())
    }

    /// Reads and checks one line.
    fn read(&self, line: usize, record: &'a str) -> Result<AgencyRow<'a>, AgencyError> {
        let at = |column: usize, reason| AgencyError {
            line,
            column: Some(column + 1),
            reason,
        };
        let mut values: [&str; 7] = [""; 7];
        let mut found = 0;
        for (i, field) in fields(record, self.delimiter).enumerate() {
            // The only way a field fails is an unclosed quote.
            let field = field.map_err(|_| at(i, AgencyReason::Quote))?;
            let c = self.columns;
            let slot = [
                Some(c.region),
                Some(c.svf),
                Some(c.sex),
                Some(c.patients),
                Some(c.within),
                c.baseline_patients,
                c.baseline_within,
            ]
            .iter()
            .position(|&p| p == Some(i));
            if let Some(slot) = slot {
                values[slot] = field.trim();
            }
            found += 1;
        }
        if found != self.field_count {
            return Err(AgencyError {
                line,
                column: None,
                reason: AgencyReason::FieldCount {
                    expected: self.field_count,
                    found,
                },
            });
        }
        let c = self.columns;
        let region =
            Region::from_code(values[0]).ok_or(at(c.region, AgencyReason::UnknownRegion))?;
        let svf = values[1];
        let svf_valid = !svf.is_empty()
            && svf.len() <= MAX_SVF_ID
            && svf
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !svf_valid {
            return Err(at(c.svf, AgencyReason::SvfPattern));
        }
        let sex = if values[2].is_empty() {
            None
        } else {
            Some(Sex::of_word(values[2]).ok_or(at(c.sex, AgencyReason::UnknownSex))?)
        };
        let count = |slot: usize, column: usize| -> Result<Option<u32>, AgencyError> {
            if values[slot].is_empty() && slot >= 5 {
                return Ok(None);
            }
            let n =
                parse_whole(values[slot], false).map_err(|e| at(column, AgencyReason::Count(e)))?;
            u32::try_from(n)
                .map(Some)
                .map_err(|_| at(column, AgencyReason::CountTooLarge))
        };
        let patients = count(3, c.patients)?.unwrap_or(0);
        let within = count(4, c.within)?.unwrap_or(0);
        if within > patients {
            return Err(at(c.within, AgencyReason::WithinAbovePatients));
        }
        let baseline = match (c.baseline_patients, c.baseline_within) {
            (Some(bp), Some(bw)) => match (count(5, bp)?, count(6, bw)?) {
                (Some(p), Some(w)) if w > p => {
                    return Err(at(bw, AgencyReason::WithinAbovePatients));
                }
                (Some(p), Some(w)) => Some((p, w)),
                (None, None) => None,
                (None, Some(_)) => return Err(at(bp, AgencyReason::HalfBaseline)),
                (Some(_), None) => return Err(at(bw, AgencyReason::HalfBaseline)),
            },
            _ => None,
        };
        Ok(AgencyRow {
            line,
            region,
            svf,
            sex,
            patients,
            within,
            baseline,
        })
    }
}

/// The rows of one region's SVF: for all patients, women and men.
#[derive(Clone, Copy, Default)]
struct Group<'a> {
    all: Option<AgencyRow<'a>>,
    women: Option<AgencyRow<'a>>,
    men: Option<AgencyRow<'a>>,
}

impl<'a> Group<'a> {
    fn add(&mut self, row: AgencyRow<'a>) {
        let slot = match row.sex {
            None => &mut self.all,
            Some(Sex::Women) => &mut self.women,
            Some(Sex::Men) => &mut self.men,
        };
        *slot = Some(row);
    }

    /// Refuses a sex above all patients (at the sex's line), and at `line` (the row that
    /// completes the three) women and men that do not sum to all patients, or whose sum does
    /// not fit a count, as the all-patients figure it stands for must.
    fn check(&self, line: usize, columns: &Columns) -> Result<(), AgencyError> {
        let at = |line: usize, column: usize, reason| AgencyError {
            line,
            column: Some(column + 1),
            reason,
        };
        // (figure, its column) pairs: patients, within, and the baseline's where all give one.
        let figures = |r: &AgencyRow<'_>| {
            [
                (Some(r.patients), columns.patients),
                (Some(r.within), columns.within),
                (
                    r.baseline.map(|b| b.0),
                    columns.baseline_patients.unwrap_or(0),
                ),
                (
                    r.baseline.map(|b| b.1),
                    columns.baseline_within.unwrap_or(0),
                ),
            ]
        };
        if let Some(all) = self.all {
            for sex in [self.women, self.men].into_iter().flatten() {
                for ((part, column), (whole, _)) in figures(&sex).into_iter().zip(figures(&all)) {
                    if let (Some(part), Some(whole)) = (part, whole)
                        && part > whole
                    {
                        let reason = AgencyReason::SexAboveAll { all_line: all.line };
                        return Err(at(sex.line, column, reason));
                    }
                }
            }
        }
        let (Some(women), Some(men)) = (self.women, self.men) else {
            return Ok(());
        };
        let pairs = figures(&women).into_iter().zip(figures(&men));
        for (index, ((w, column), (m, _))) in pairs.enumerate() {
            let (Some(w), Some(m)) = (w, m) else { continue };
            let sum = u64::from(w) + u64::from(m);
            match self.all.map(|all| figures(&all)[index].0) {
                Some(Some(all)) if u64::from(all) != sum => {
                    let reason = AgencyReason::SexesContradictAll {
                        all_line: self.all.map_or(0, |a| a.line),
                        women_line: women.line,
                        men_line: men.line,
                        all,
                        sum,
                    };
                    return Err(at(line, column, reason));
                }
                None if sum > u64::from(u32::MAX) => {
                    return Err(at(line, column, AgencyReason::CountTooLarge));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Finds the columns in the header; returns them and the number of fields.
fn find_columns(
    header: &str,
    line: usize,
    delimiter: char,
) -> Result<(Columns, usize), AgencyError> {
    let mut positions: [Option<usize>; 7] = [None; 7];
    let mut count = 0;
    for (i, field) in fields(header, delimiter).enumerate() {
        let field = field.map_err(|_| AgencyError {
            line,
            column: Some(i + 1),
            reason: AgencyReason::Quote,
        })?;
        let name = field.trim().trim_start_matches('\u{feff}');
        if let Some(kind) = HEADERS.iter().position(|h| name.eq_ignore_ascii_case(h)) {
            if positions[kind].is_some() {
                return Err(AgencyError {
                    line,
                    column: Some(i + 1),
                    reason: AgencyReason::DuplicateColumn(HEADERS[kind]),
                });
            }
            positions[kind] = Some(i);
        }
        count += 1;
    }
    let required = |kind: usize| {
        positions[kind].ok_or(AgencyError {
            line,
            column: None,
            reason: AgencyReason::MissingColumn(HEADERS[kind]),
        })
    };
    let columns = Columns {
        region: required(0)?,
        svf: required(1)?,
        sex: required(2)?,
        patients: required(3)?,
        within: required(4)?,
        baseline_patients: positions[5],
        baseline_within: positions[6],
    };
    if columns.baseline_patients.is_some() != columns.baseline_within.is_some() {
        return Err(AgencyError {
            line,
            column: None,
            reason: AgencyReason::HalfBaselineColumns,
        });
    }
    Ok((columns, count))
}

/// Lines without their `\n` or `\r\n`, numbered from `before + 1`.
fn numbered(text: &str, before: usize) -> impl Iterator<Item = (usize, &str)> {
    (before + 1..).zip(
        text.split_inclusive('\n')
            .map(|l| l.strip_suffix('\n').unwrap_or(l))
            .map(|l| l.strip_suffix('\r').unwrap_or(l)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "region;svf;sex;patients;within_target;baseline_patients;baseline_within_target\n\
        14;breast;;1 200;1 020;1 180;950\n\
        14;breast;kvinnor;1 190;1 012;;\n\
        14;breast;män;10;8;;\n\
        01;prostate;;2000;1200;;\n";

    fn refused(text: &str) -> AgencyError {
        AgencyLeadTimes::parse(text.as_bytes()).expect_err(text)
    }

    #[test]
    fn rows_are_found_by_region_svf_and_sex() {
        let data = AgencyLeadTimes::parse(FILE.as_bytes()).unwrap();
        assert_eq!(data.len(), 4);
        let vg = Region::from_code("14").unwrap();
        let all = data.find(vg, "breast", None).unwrap();
        assert_eq!((all.line, all.patients, all.within), (2, 1200, 1020));
        assert_eq!(all.baseline, Some((1180, 950)));
        let men = data.find(vg, "breast", Some(Sex::Men)).unwrap();
        assert_eq!((men.patients, men.within, men.baseline), (10, 8, None));
        assert!(data.find(vg, "colon", None).is_none());
        assert!(
            data.find(Region::from_code("01").unwrap(), "breast", None)
                .is_none()
        );
    }

    #[test]
    fn a_sex_written_decomposed_is_the_same_word() {
        let text = "region;svf;sex;patients;within_target\n\
            01;colon;ma\u{308}n;5;4\n01;colon;MA\u{308}N;5;4\n";
        let e = refused(text);
        // Both lines read as men: the second is the first again.
        assert_eq!(
            (e.line, e.reason),
            (3, AgencyReason::Duplicate { first: 2 })
        );
        let data = AgencyLeadTimes::parse(
            b"region;svf;sex;patients;within_target\n01;colon;ma\xcc\x88n;5;4\n",
        )
        .unwrap();
        assert_eq!(data.rows().next().map(|r| r.sex), Some(Some(Sex::Men)));
    }

    #[test]
    fn bom_crlf_commas_and_any_case_headers() {
        let text = "\u{feff}Region,SVF,Sex,Patients,Within_Target\r\n\r\n01,colon,KVINNOR,5,4\r\n";
        let data = AgencyLeadTimes::parse(text.as_bytes()).unwrap();
        let row = data.rows().next().unwrap();
        assert_eq!(
            (row.line, row.sex, row.baseline),
            (3, Some(Sex::Women), None)
        );
    }

    #[test]
    fn refusals_name_line_column_and_reason() {
        let head = "region;svf;sex;patients;within_target\n";
        let cases: &[(&str, usize, Option<usize>, AgencyReason)] = &[
            ("", 1, None, AgencyReason::Empty),
            (
                "region;svf;patients;within_target\n",
                1,
                None,
                AgencyReason::MissingColumn("sex"),
            ),
            ("99;breast;;10;5\n", 2, Some(1), AgencyReason::UnknownRegion),
            ("01;Breast;;10;5\n", 2, Some(2), AgencyReason::SvfPattern),
            (
                "01;breast;kvinna;10;5\n",
                2,
                Some(3),
                AgencyReason::UnknownSex,
            ),
            (
                "01;breast;;-10;5\n",
                2,
                Some(4),
                AgencyReason::Count(NumberError::Negative),
            ),
            (
                "01;breast;;4294967296;5\n",
                2,
                Some(4),
                AgencyReason::CountTooLarge,
            ),
            (
                "01;breast;;10;11\n",
                2,
                Some(5),
                AgencyReason::WithinAbovePatients,
            ),
            (
                "01;breast;;10\n",
                2,
                None,
                AgencyReason::FieldCount {
                    expected: 5,
                    found: 4,
                },
            ),
            (
                "01;breast;;10;5\n\n01;breast;;12;6\n",
                4,
                None,
                AgencyReason::Duplicate { first: 2 },
            ),
        ];
        for &(rows, line, column, reason) in cases {
            let text = if rows.starts_with("region") || rows.is_empty() {
                concat(rows, "")
            } else {
                concat(head, rows)
            };
            let e = refused(&text);
            assert_eq!(
                (e.line, e.column, e.reason),
                (line, column, reason),
                "{rows:?}"
            );
        }
        let half = "region;svf;sex;patients;within_target;baseline_patients\n";
        assert_eq!(refused(half).reason, AgencyReason::HalfBaselineColumns);
        let full = "region;svf;sex;patients;within_target;baseline_patients;baseline_within_target\n01;breast;;10;5;8;\n";
        let e = refused(full);
        assert_eq!(
            (e.line, e.column, e.reason),
            (2, Some(7), AgencyReason::HalfBaseline)
        );
        let e =
            AgencyLeadTimes::parse(b"region;svf;sex;patients;within_target\n01;br\xffeast;;1;1\n")
                .unwrap_err();
        assert_eq!(
            (e.line, e.column, e.reason),
            (2, Some(6), AgencyReason::NotUtf8)
        );
        let shown = heapless_text(refused(&concat(head, "01;breast;;10;11\n")));
        assert_eq!(
            shown.as_str(),
            "line 2, column 5: more patients within the target than patients"
        );
    }

    #[test]
    fn rows_by_sex_only_stand_for_all_patients_by_their_sum() {
        let text = "region;svf;sex;patients;within_target;baseline_patients;baseline_within_target\n\
            14;breast;kvinnor;1 190;1 012;1 170;940\n\
            14;breast;män;10;8;10;10\n\
            14;colon;män;40;30;;\n";
        let data = AgencyLeadTimes::parse(text.as_bytes()).unwrap();
        let vg = Region::from_code("14").unwrap();
        let all = data.all_patients(vg, "breast").unwrap();
        assert_eq!(
            (all.line, all.sex, all.patients, all.within, all.baseline),
            (2, None, 1200, 1020, Some((1180, 950)))
        );
        assert_eq!(AgencyData::row(&data, vg, "breast", None), Some(all));
        // As written, there is no all-patients row.
        assert_eq!(data.find(vg, "breast", None), None);
        // One sex is not all patients.
        assert_eq!(data.all_patients(vg, "colon"), None);
        // An all-patients row is itself.
        let written = AgencyLeadTimes::parse(FILE.as_bytes()).unwrap();
        assert_eq!(
            written.all_patients(vg, "breast"),
            written.find(vg, "breast", None)
        );
    }

    #[test]
    fn rows_by_sex_that_contradict_all_patients_are_refused_at_their_line() {
        let head = "region;svf;sex;patients;within_target\n";
        // Women and men sum to 1 201 patients; the all-patients row says 1 200.
        let e = refused(&concat(
            head,
            "14;breast;;1 200;1 020\n14;breast;kvinnor;1 190;1 012\n14;breast;män;11;8\n",
        ));
        assert_eq!(
            (e.line, e.column, e.reason),
            (
                4,
                Some(4),
                AgencyReason::SexesContradictAll {
                    all_line: 2,
                    women_line: 3,
                    men_line: 4,
                    all: 1200,
                    sum: 1201
                }
            )
        );
        assert_eq!(
            heapless_text(e).as_str(),
            "line 4, column 4: women (line 3) and men (line 4) sum to 1201, but the \
             all-patients row (line 2) says 1200; all patients are women and men"
        );
        // In any order: the all-patients row last, the within figures at odds.
        let e = refused(&concat(
            head,
            "14;breast;män;10;8\n14;breast;kvinnor;1 190;1 000\n14;breast;;1 200;1 020\n",
        ));
        assert_eq!((e.line, e.column), (4, Some(5)));
        // One sex above all patients.
        let e = refused(&concat(
            head,
            "14;breast;;100;50\n14;breast;kvinnor;101;50\n",
        ));
        assert_eq!(
            (e.line, e.column, e.reason),
            (3, Some(4), AgencyReason::SexAboveAll { all_line: 2 })
        );
        // Two sexes whose sum no count can hold.
        let e = refused(&concat(
            head,
            "14;breast;kvinnor;4294967295;0\n14;breast;män;1;0\n",
        ));
        assert_eq!(
            (e.line, e.column, e.reason),
            (3, Some(4), AgencyReason::CountTooLarge)
        );
        // The shared file agrees with itself.
        assert!(AgencyLeadTimes::parse(FILE.as_bytes()).is_ok());
    }

    fn concat(a: &str, b: &str) -> heapless::String<512> {
        let mut s = heapless::String::try_from(a).unwrap();
        s.push_str(b).unwrap();
        s
    }
    fn heapless_text(e: AgencyError) -> heapless::String<512> {
        use core::fmt::Write;
        let mut s = heapless::String::new();
        write!(s, "{e}").unwrap();
        s
    }
}
