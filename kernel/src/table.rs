//! Tables of weights: populations by region, read from the text people keep them in.
//!
//! A table is UTF-8 text with a header row; the delimiter (comma, semicolon or tab) is detected
//! from the header. Columns are found by header name, case-insensitively: the code (`code`,
//! `kod`), the name (`name`, `namn`, `region`) and the weight (`weight`, `vikt`, `population`,
//! `folkmängd`, or anything starting with `befolkning`: `Befolkningsmängd (nov 2024)`, the 2021 annex's
//! `Befolkning (1 nov 2019)`). Other columns are ignored, so the published
//! payment annex is itself a table. A row without a code is the total row (`Riket`): its weight
//! must equal the sum of the others, and it is not a region. Blank lines are skipped.
//!
//! A weight of 0 is allowed here: a table of weights is any split's (`svf allocate`), and a row
//! of weight 0 is a row that is to get nothing, which a caller may well mean. A table used as
//! the population of the payments is held to more ([`crate::payments`]): every one of the 21
//! regions once, none of population 0, since no region has no inhabitants and a 0 there is a
//! slip that would silently pay a region nothing.
//!
//! Parsing borrows from the text and keeps nothing on a heap: [`Table::parse`] checks every row
//! once, and [`Table::rows`] then walks the checked rows again.

use core::fmt;

use crate::number::{NumberError, parse_whole};
use crate::words::{eq_ignore_case, starts_with_ignore_case};

/// A checked table: every row has a code, a name and a weight that fits `u32`, and a total row,
/// if present, equals the sum of the weights.
#[derive(Clone, Copy, Debug)]
pub struct Table<'a> {
    body: &'a str,
    /// Line number (1-based) of the first line of `body`.
    first_body_line: usize,
    delimiter: char,
    columns: Columns,
    /// Fields in the header, and so in every row.
    field_count: usize,
    weight_header: &'a str,
    row_count: usize,
    weight_sum: u64,
}

/// One region's row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row<'a> {
    /// 1-based line number in the text.
    pub line: usize,
    /// The region's code, e.g. `01`.
    pub code: &'a str,
    /// The region's name, e.g. `Stockholm`.
    pub name: &'a str,
    /// Its weight, e.g. its population.
    pub weight: u32,
}

/// The three columns a table must have; 0-based field positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Columns {
    code: usize,
    name: usize,
    weight: usize,
}

/// Which of the required columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// `code`, `kod`.
    Code,
    /// `name`, `namn`, `region`.
    Name,
    /// `weight`, `vikt`, `population`, `folkmängd`, `befolkning…`.
    Weight,
    /// `belopp…`: the amounts of a payment annex, read by [`Table::parse_amounts`] in the
    /// weight's place.
    Amount,
}

impl ColumnKind {
    fn describe(self) -> &'static str {
        match self {
            ColumnKind::Code => "the code (header code or kod)",
            ColumnKind::Name => "the name (header name, namn or region)",
            ColumnKind::Weight => {
                "the weight (header weight, vikt, population, folkmängd or befolkning…)"
            }
            ColumnKind::Amount => "the amount (header belopp)",
        }
    }

    /// The slot of the column a table reads: the amount is read where the weight would be.
    fn slot(self) -> usize {
        match self {
            ColumnKind::Code => 0,
            ColumnKind::Name => 1,
            ColumnKind::Weight | ColumnKind::Amount => 2,
        }
    }

    /// The kind a header names for a table of `measure`, if any: the measure's column, the
    /// code and the name; the other measure's column is one of the ignored ones.
    fn of_header_as(header: &str, measure: ColumnKind) -> Option<ColumnKind> {
        match ColumnKind::of_header(header) {
            None if measure == ColumnKind::Amount
                && starts_with_ignore_case(header.trim(), "belopp") =>
            {
                Some(ColumnKind::Amount)
            }
            Some(ColumnKind::Weight) if measure == ColumnKind::Amount => None,
            kind => kind,
        }
    }

    /// The kind a header names, if any.
    fn of_header(header: &str) -> Option<ColumnKind> {
        let header = header.trim();
        if ["code", "kod"].iter().any(|h| eq_ignore_case(header, h)) {
            Some(ColumnKind::Code)
        } else if ["name", "namn", "region"]
            .iter()
            .any(|h| eq_ignore_case(header, h))
        {
            Some(ColumnKind::Name)
        } else if ["weight", "vikt", "population", "folkmängd"]
            .iter()
            .any(|h| eq_ignore_case(header, h))
            // `Befolkningsmängd (nov 2024)`, and the 2021 annex's `Befolkning (1 nov 2019)`.
            || starts_with_ignore_case(header, "befolkning")
        {
            Some(ColumnKind::Weight)
        } else {
            None
        }
    }
}

/// A table error: where and why.
///
/// Invariant: `line` is 1-based; `column`, when present, is the 1-based position of the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableError {
    /// The line the error is on.
    pub line: usize,
    /// The field's position, when the error is in one field.
    pub column: Option<usize>,
    /// What is wrong.
    pub reason: TableReason,
}

/// What is wrong in a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableReason {
    /// Bytes that are not UTF-8.
    NotUtf8,
    /// No header row at all.
    Empty,
    /// The header lacks one of the required columns.
    MissingColumn(ColumnKind),
    /// Two headers name the same kind of column.
    DuplicateColumn {
        /// Which column.
        kind: ColumnKind,
        /// 1-based position of the first.
        first: usize,
    },
    /// A row has a different number of fields from the header.
    FieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in this row.
        found: usize,
    },
    /// A quoted field without its closing quote, or with text after it.
    Quote,
    /// A region row with an empty name.
    EmptyName,
    /// A name with a tab, NUL or other control character, which would break the annex's
    /// tab-separated layout and the terminal it is shown on.
    ControlInName,
    /// The weight is not a whole number.
    Weight(NumberError),
    /// The weight is above `u32::MAX`.
    WeightTooLarge,
    /// A second total row; the first is on the given line.
    SecondTotalRow {
        /// Line of the first total row.
        first: usize,
    },
    /// The total row's weight is not the sum of the rows.
    TotalMismatch {
        /// What the total row says.
        stated: u64,
        /// The sum of the rows.
        sum: u64,
    },
    /// A header but no region rows.
    NoRows,
}

/// `line 3, column 5: ` (or `line 3: `), as every error of a table of svf's begins.
pub(crate) fn write_place(
    f: &mut fmt::Formatter<'_>,
    line: usize,
    column: Option<usize>,
) -> fmt::Result {
    write!(f, "line {line}")?;
    if let Some(column) = column {
        write!(f, ", column {column}")?;
    }
    f.write_str(": ")
}

/// The 1-based line and column (in characters) of the first byte of `bytes` that is not
/// UTF-8, `valid_up_to` bytes in.
pub(crate) fn utf8_place(bytes: &[u8], valid_up_to: usize) -> (usize, usize) {
    let good = &bytes[..valid_up_to];
    let line = good.split(|&b| b == b'\n').count();
    let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    // Characters, not bytes, before the bad byte on its line.
    let column = core::str::from_utf8(&good[line_start..]).map_or(1, |s| s.chars().count() + 1);
    (line, column)
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_place(f, self.line, self.column)?;
        match self.reason {
            TableReason::NotUtf8 => f.write_str("the text is not valid UTF-8"),
            TableReason::Empty => f.write_str("the table is empty; it needs a header row"),
            TableReason::MissingColumn(kind) => {
                write!(f, "the header has no column for {}", kind.describe())
            }
            TableReason::DuplicateColumn { kind, first } => {
                write!(
                    f,
                    "a second column for {}; the first is column {first}",
                    kind.describe()
                )
            }
            TableReason::FieldCount { expected, found } => {
                write!(
                    f,
                    "the row has {found} fields but the header has {expected}"
                )
            }
            TableReason::Quote => {
                f.write_str("a quoted field must end with a quote before the delimiter")
            }
            TableReason::EmptyName => f.write_str("the name is empty"),
            TableReason::ControlInName => f.write_str("the name holds a tab or control character"),
            TableReason::Weight(e) => write!(f, "the weight {e}"),
            TableReason::WeightTooLarge => write!(f, "the weight is larger than {}", u32::MAX),
            TableReason::SecondTotalRow { first } => {
                write!(
                    f,
                    "a second total row (empty code); the first is on line {first}"
                )
            }
            TableReason::TotalMismatch { stated, sum } => {
                write!(f, "the total row says {stated} but the rows sum to {sum}")
            }
            TableReason::NoRows => f.write_str("the table has no region rows"),
        }
    }
}

impl core::error::Error for TableError {}

impl<'a> Table<'a> {
    /// Reads and checks a table from raw bytes: a UTF-8 byte-order mark is ignored, and bytes
    /// that are not UTF-8 are an error at their line and column.
    ///
    /// # Errors
    /// The first [`TableError`] in the text.
    pub fn parse_bytes(bytes: &'a [u8]) -> Result<Table<'a>, TableError> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        match core::str::from_utf8(bytes) {
            Ok(text) => Table::parse(text),
            Err(e) => {
                let (line, column) = utf8_place(bytes, e.valid_up_to());
                Err(TableError {
                    line,
                    column: Some(column),
                    reason: TableReason::NotUtf8,
                })
            }
        }
    }

    /// Reads and checks a table from text (a leading byte-order mark is ignored).
    ///
    /// # Errors
    /// The first [`TableError`] in the text.
    ///
    /// # Example
    /// ```
    /// use svf_kernel::Table;
    /// let table = Table::parse("Kod;Region;Befolkningsmängd\n01;Stockholm;2 455 914\n;Riket;2 455 914\n")?;
    /// let rows: Vec<_> = table.rows().map(|row| (row.code, row.weight)).collect();
    /// assert_eq!(rows, [("01", 2_455_914)]);
    /// # Ok::<(), svf_kernel::TableError>(())
    /// ```
    pub fn parse(text: &'a str) -> Result<Table<'a>, TableError> {
        Table::parse_as(text, ColumnKind::Weight)
    }

    /// Reads a payment annex as published (`Kod`, `Region`, …, `Belopp`) as a table whose
    /// weights are its amounts in kronor, checked as any table is (the `Riket` row is their
    /// sum); its population column is then one of the ignored ones.
    ///
    /// # Errors
    /// The first [`TableError`] in the text.
    pub fn parse_amounts(text: &'a str) -> Result<Table<'a>, TableError> {
        Table::parse_as(text, ColumnKind::Amount)
    }

    fn parse_as(text: &'a str, measure: ColumnKind) -> Result<Table<'a>, TableError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = Lines {
            rest: text,
            number: 0,
        };
        let Some((header_line, header)) = lines.by_ref().find(|(_, l)| !l.trim().is_empty()) else {
            return Err(TableError {
                line: 1,
                column: None,
                reason: TableReason::Empty,
            });
        };
        let delimiter = detect_delimiter(header);
        let (columns, weight_header, field_count) =
            find_columns(header, header_line, delimiter, measure)?;
        let mut table = Table {
            body: lines.rest,
            first_body_line: lines.number + 1,
            delimiter,
            columns,
            field_count,
            weight_header,
            row_count: 0,
            weight_sum: 0,
        };
        let mut total: Option<(usize, u64)> = None;
        for (line, fields) in table.records() {
            let record = read_record(line, fields, delimiter, columns, field_count)?;
            match record {
                Record::Region(row) => {
                    table.row_count += 1;
                    table.weight_sum += u64::from(row.weight);
                }
                Record::Total { weight } => {
                    if let Some((first, _)) = total {
                        return Err(TableError {
                            line,
                            column: None,
                            reason: TableReason::SecondTotalRow { first },
                        });
                    }
                    total = Some((line, weight));
                }
            }
        }
        if table.row_count == 0 {
            return Err(TableError {
                line: header_line,
                column: None,
                reason: TableReason::NoRows,
            });
        }
        if let Some((line, stated)) = total.filter(|&(_, stated)| stated != table.weight_sum) {
            return Err(TableError {
                line,
                column: Some(columns.weight + 1),
                reason: TableReason::TotalMismatch {
                    stated,
                    sum: table.weight_sum,
                },
            });
        }
        Ok(table)
    }

    /// The region rows, in the order of the text (the total row left out).
    pub fn rows(&self) -> impl Iterator<Item = Row<'a>> + 'a {
        let (delimiter, columns) = (self.delimiter, self.columns);
        let field_count = self.field_count;
        // Every record was checked by `parse`, so none of them is an error here.
        self.records().filter_map(move |(line, fields)| {
            match read_record(line, fields, delimiter, columns, field_count) {
                Ok(Record::Region(row)) => Some(row),
                Ok(Record::Total { .. }) | Err(_) => None,
            }
        })
    }

    /// How many region rows there are.
    pub fn len(&self) -> usize {
        self.row_count
    }

    /// Whether there are no region rows; never true for a parsed table.
    pub fn is_empty(&self) -> bool {
        self.row_count == 0
    }

    /// The sum of the region rows' weights.
    pub fn weight_sum(&self) -> u64 {
        self.weight_sum
    }

    /// The weight column's header as written, e.g. `Befolkningsmängd (nov 2024)`.
    pub fn weight_header(&self) -> &'a str {
        self.weight_header
    }

    /// The delimiter found in the header.
    pub fn delimiter(&self) -> char {
        self.delimiter
    }

    /// The 1-based position of the code column, as an error about a row's code names it.
    pub fn code_column(&self) -> usize {
        self.columns.code + 1
    }

    /// The 1-based position of the weight column, as an error about a row's weight names it.
    pub fn weight_column(&self) -> usize {
        self.columns.weight + 1
    }

    /// Non-blank lines after the header, with their numbers.
    fn records(&self) -> impl Iterator<Item = (usize, &'a str)> + 'a {
        Lines {
            rest: self.body,
            number: self.first_body_line - 1,
        }
        .filter(|(_, l)| !l.trim().is_empty())
    }
}

/// Lines of the text without their `\n` or `\r\n`, numbered from 1.
struct Lines<'a> {
    rest: &'a str,
    number: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        if self.rest.is_empty() {
            return None;
        }
        self.number += 1;
        let (line, rest) = self.rest.split_once('\n').unwrap_or((self.rest, ""));
        self.rest = rest;
        Some((self.number, line.strip_suffix('\r').unwrap_or(line)))
    }
}

/// The delimiter that occurs most in the header; ties prefer tab, then semicolon, then comma.
/// Shared with the command line's other tables (the agreement's items), so every table is read
/// alike.
pub fn detect_delimiter(header: &str) -> char {
    let count = |d: char| header.chars().filter(|&c| c == d).count();
    let mut best = ('\t', count('\t'));
    for d in [';', ','] {
        let n = count(d);
        if n > best.1 {
            best = (d, n);
        }
    }
    best.0
}

/// Fields of one line, with quoted fields (`"Jämtland, Härjedalen"`) unwrapped; a quote that is
/// not closed, or not followed by the delimiter or the end of the line, is an error
/// ([`TableReason::Quote`]) after which the line yields nothing more. Unquoted fields are not
/// trimmed.
pub struct Fields<'a> {
    rest: Option<&'a str>,
    delimiter: char,
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<&'a str, TableReason>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.rest?;
        if let Some(quoted) = rest.trim_start_matches(' ').strip_prefix('"') {
            // A quoted field runs to the next quote, which must be followed by the delimiter
            // (after optional spaces) or the end of the line.
            let Some(end) = quoted.find('"') else {
                self.rest = None;
                return Some(Err(TableReason::Quote));
            };
            let field = &quoted[..end];
            let after = quoted[end + 1..].trim_start_matches(' ');
            if after.is_empty() {
                self.rest = None;
            } else if let Some(next) = after.strip_prefix(self.delimiter) {
                self.rest = Some(next);
            } else {
                self.rest = None;
                return Some(Err(TableReason::Quote));
            }
            return Some(Ok(field));
        }
        if let Some((field, next)) = rest.split_once(self.delimiter) {
            self.rest = Some(next);
            Some(Ok(field))
        } else {
            self.rest = None;
            Some(Ok(rest))
        }
    }
}

/// The fields of `line`, split at `delimiter`.
pub fn fields(line: &str, delimiter: char) -> Fields<'_> {
    Fields {
        rest: Some(line),
        delimiter,
    }
}

/// A checked line: a region or the total.
enum Record<'a> {
    Region(Row<'a>),
    Total { weight: u64 },
}

/// Finds the required columns in the header; returns them, the weight header as written, and
/// the number of fields.
fn find_columns(
    header: &str,
    line: usize,
    delimiter: char,
    measure: ColumnKind,
) -> Result<(Columns, &str, usize), TableError> {
    let mut found: [Option<usize>; 3] = [None; 3];
    let mut weight_header = "";
    let mut field_count = 0;
    for (position, field) in fields(header, delimiter).enumerate() {
        let field = field.map_err(|reason| TableError {
            line,
            column: Some(position + 1),
            reason,
        })?;
        field_count += 1;
        let Some(kind) = ColumnKind::of_header_as(field, measure) else {
            continue;
        };
        let slot = &mut found[kind.slot()];
        if let Some(first) = *slot {
            return Err(TableError {
                line,
                column: Some(position + 1),
                reason: TableReason::DuplicateColumn {
                    kind,
                    first: first + 1,
                },
            });
        }
        *slot = Some(position);
        if kind == measure {
            weight_header = field.trim();
        }
    }
    let column = |kind: ColumnKind| {
        found[kind.slot()].ok_or(TableError {
            line,
            column: None,
            reason: TableReason::MissingColumn(kind),
        })
    };
    let columns = Columns {
        code: column(ColumnKind::Code)?,
        name: column(ColumnKind::Name)?,
        weight: column(measure)?,
    };
    Ok((columns, weight_header, field_count))
}

/// Checks one non-blank line after the header.
fn read_record(
    line: usize,
    text: &str,
    delimiter: char,
    columns: Columns,
    field_count: usize,
) -> Result<Record<'_>, TableError> {
    let mut code = "";
    let mut name = "";
    let mut weight = "";
    let mut found = 0;
    for (position, field) in fields(text, delimiter).enumerate() {
        let field = field.map_err(|reason| TableError {
            line,
            column: Some(position + 1),
            reason,
        })?;
        found += 1;
        if position == columns.code {
            code = field.trim();
        } else if position == columns.name {
            name = field.trim();
        } else if position == columns.weight {
            weight = field;
        }
    }
    if found != field_count {
        return Err(TableError {
            line,
            column: None,
            reason: TableReason::FieldCount {
                expected: field_count,
                found,
            },
        });
    }
    let at = |position: usize, reason| TableError {
        line,
        column: Some(position + 1),
        reason,
    };
    let weight =
        parse_whole(weight, false).map_err(|e| at(columns.weight, TableReason::Weight(e)))?;
    if code.is_empty() {
        return Ok(Record::Total { weight });
    }
    if name.is_empty() {
        return Err(at(columns.name, TableReason::EmptyName));
    }
    if name.chars().any(char::is_control) {
        return Err(at(columns.name, TableReason::ControlInName));
    }
    let weight =
        u32::try_from(weight).map_err(|_| at(columns.weight, TableReason::WeightTooLarge))?;
    Ok(Record::Region(Row {
        line,
        code,
        name,
        weight,
    }))
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::prelude::rust_2024::*;

    fn error(text: &str) -> TableError {
        Table::parse(text).expect_err("the table should be refused")
    }

    /// A published annex read for its amounts: `Belopp` in the weight's place, the population
    /// column ignored, the `Riket` row their sum; without `Belopp` it is said which is missing.
    #[test]
    fn an_annex_is_read_for_its_amounts() {
        let annex = include_str!("../../tests/data/annex-2024-second-payment.tsv");
        let table = Table::parse_amounts(annex).unwrap();
        assert_eq!(table.len(), 21);
        assert_eq!(table.weight_sum(), 182_500_000);
        assert_eq!(table.weight_header(), "Belopp");
        let first = table.rows().next().unwrap();
        assert_eq!((first.code, first.weight), ("01", 42_452_908));
        let population = Table::parse(annex).unwrap();
        assert_eq!(population.rows().next().unwrap().weight, 2_455_914);
        let without = Table::parse_amounts("Kod\tRegion\tBefolkningsmängd\n01\tStockholm\t5\n");
        assert_eq!(
            without.unwrap_err().reason,
            TableReason::MissingColumn(ColumnKind::Amount)
        );
        // The total row must be the amounts' sum.
        let wrong = annex.replace("182 500 000", "182 500 001");
        assert!(Table::parse_amounts(&wrong).is_err());
    }

    #[test]
    fn headers_in_any_case_and_language() {
        for header in [
            "code,name,weight",
            "KOD,Namn,Vikt",
            " Kod ; Region ; BEFOLKNINGSMÄNGD 2024 ",
            // Decomposed (NFD), as some exports write it.
            "Kod;Region;Befolkningsma\u{308}ngd (nov 2024)",
            "kod\tregion\tpopulation",
            // The 2021 annex's header.
            "Kod\tRegion\tBefolkning (1 nov 2019)",
            "Kod;Region;Folkmängd",
            "Kod;Region;FOLKMA\u{308}NGD",
        ] {
            let delimiter = detect_delimiter(header);
            let body = ["01", "Stockholm", "10"].join(&delimiter.to_string());
            let text = [header, body.as_str()].join("\n");
            let table = Table::parse(&text).unwrap();
            let row = table.rows().next().unwrap();
            assert_eq!(
                (row.code, row.name, row.weight, row.line),
                ("01", "Stockholm", 10, 2),
                "{header}"
            );
        }
    }

    #[test]
    fn delimiter_is_the_most_frequent() {
        assert_eq!(detect_delimiter("a,b,c"), ',');
        assert_eq!(detect_delimiter("a;b;c"), ';');
        assert_eq!(detect_delimiter("a\tb,c\td"), '\t');
        assert_eq!(detect_delimiter("a;b,c;d"), ';');
    }

    #[test]
    fn quoted_fields() {
        let table = Table::parse("code,name,weight\n23,\"Jämtland, Härjedalen\",132466\n").unwrap();
        assert_eq!(table.rows().next().unwrap().name, "Jämtland, Härjedalen");
        assert_eq!(
            error("code,name,weight\n23,\"Jämtland,132466\n").reason,
            TableReason::Quote
        );
    }

    #[test]
    fn refusals_name_line_and_column() {
        assert_eq!(error("").reason, TableReason::Empty);
        assert_eq!(
            error("code,name\n01,a\n").reason,
            TableReason::MissingColumn(ColumnKind::Weight)
        );
        assert_eq!(
            error("code,name,region,weight\n").reason,
            TableReason::DuplicateColumn {
                kind: ColumnKind::Name,
                first: 2
            }
        );
        assert_eq!(error("code,name,weight\n").reason, TableReason::NoRows);
        let tab = error("code,name,weight\n01,Stock\tholm,5\n");
        assert_eq!(
            (tab.reason, tab.line, tab.column),
            (TableReason::ControlInName, 2, Some(2))
        );
        assert_eq!(
            error("code,name,weight\n01,a\u{0}b,5\n").reason,
            TableReason::ControlInName
        );
        let e = error("code,name,weight\n01,a,1\n02,b,x\n");
        assert_eq!(
            (e.line, e.column, e.reason),
            (3, Some(3), TableReason::Weight(NumberError::NotADigit('x')))
        );
        let e = error("code,name,weight\n01,a,1,9\n");
        assert_eq!(
            (e.line, e.reason),
            (
                2,
                TableReason::FieldCount {
                    expected: 3,
                    found: 4
                }
            )
        );
        let e = error("code,name,weight\n01,a,4294967296\n");
        assert_eq!(
            (e.line, e.column, e.reason),
            (2, Some(3), TableReason::WeightTooLarge)
        );
        let e = error("code,name,weight\n01,,5\n");
        assert_eq!(
            (e.line, e.column, e.reason),
            (2, Some(2), TableReason::EmptyName)
        );
        let e = error("code,name,weight\n01,a,5\n,Riket,6\n");
        assert_eq!(
            (e.line, e.reason),
            (3, TableReason::TotalMismatch { stated: 6, sum: 5 })
        );
        let e = error("code,name,weight\n01,a,5\n,Riket,5\n,Riket,5\n");
        assert_eq!(
            (e.line, e.reason),
            (4, TableReason::SecondTotalRow { first: 3 })
        );
        let e = Table::parse_bytes(b"code,name,weight\n01,\xc3\xa5a\xff,5\n").unwrap_err();
        assert_eq!(
            (e.line, e.column, e.reason),
            (2, Some(6), TableReason::NotUtf8)
        );
    }

    #[test]
    fn bom_crlf_and_blank_lines() {
        let table =
            Table::parse_bytes(b"\xef\xbb\xbfcode,name,weight\r\n\r\n01,a,5\r\n,Riket,5\r\n\r\n")
                .unwrap();
        assert_eq!(table.len(), 1);
        assert_eq!(table.weight_sum(), 5);
        assert_eq!(table.rows().next().unwrap().line, 3);
    }
}
