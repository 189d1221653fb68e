//! Delimited text as `svf budget` reads it besides the population table: a header row and
//! records, read strictly, every error naming the line and, where it lies in one field, the
//! column.

use std::fmt;

use svf_kernel::table::{self, detect_delimiter};

/// Where and why a file was refused.
///
/// Invariant: `line` is 1-based; `column`, when present, is the 1-based position of the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetError {
    /// The line the error is on.
    pub line: usize,
    /// The field's position, when the error is in one field.
    pub column: Option<usize>,
    /// What is wrong, in a sentence without a capital or a full stop.
    pub reason: String,
}

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(column) => write!(f, "line {}, column {column}: {}", self.line, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

impl std::error::Error for SheetError {}

pub(crate) fn error(line: usize, column: Option<usize>, reason: impl Into<String>) -> SheetError {
    SheetError {
        line,
        column,
        reason: reason.into(),
    }
}

/// Delimited text: a header and records, blank lines and `#` comment lines left out.
///
/// Invariant: every record has as many fields as the header.
#[derive(Debug)]
pub(crate) struct Sheet<'a> {
    pub(crate) header_line: usize,
    header: Vec<&'a str>,
    pub(crate) records: Vec<Record<'a>>,
    pub(crate) last_line: usize,
}

/// One line after the header; fields trimmed and unquoted.
#[derive(Debug)]
pub(crate) struct Record<'a> {
    pub(crate) line: usize,
    fields: Vec<&'a str>,
}

impl<'a> Record<'a> {
    pub(crate) fn field(&self, column: usize) -> &'a str {
        self.fields.get(column).copied().unwrap_or("")
    }
}

impl<'a> Sheet<'a> {
    /// Reads the text as the population tables are read (contract §1): a byte-order mark is
    /// ignored, the delimiter (tab, semicolon or comma) is the one the header holds most of,
    /// a field wholly in quotes is unwrapped.
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<Sheet<'a>, SheetError> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let good = &bytes[..e.valid_up_to()];
            let line = good.split(|&b| b == b'\n').count();
            let start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let column = std::str::from_utf8(&good[start..]).map_or(1, |s| s.chars().count() + 1);
            error(line, None, format!("character {column} is not UTF-8"))
        })?;
        let mut lines = text
            .split('\n')
            .map(|line| line.strip_suffix('\r').unwrap_or(line))
            .enumerate()
            .map(|(i, line)| (i + 1, line))
            .filter(|(_, line)| {
                let trimmed = line.trim();
                !trimmed.is_empty() && !trimmed.starts_with('#')
            });
        let Some((header_line, header_text)) = lines.next() else {
            return Err(error(1, None, "the file has no header row"));
        };
        let delimiter = detect_delimiter(header_text);
        let header = split_fields(header_text, delimiter)
            .map_err(|column| error(header_line, Some(column), "a quote is not closed"))?;
        let mut records = Vec::new();
        let mut last_line = header_line;
        for (line, text) in lines {
            let fields = split_fields(text, delimiter)
                .map_err(|column| error(line, Some(column), "a quote is not closed"))?;
            if fields.len() != header.len() {
                return Err(error(
                    line,
                    None,
                    format!(
                        "{} fields, but the header (line {header_line}) has {}",
                        fields.len(),
                        header.len()
                    ),
                ));
            }
            last_line = line;
            records.push(Record { line, fields });
        }
        Ok(Sheet {
            header_line,
            header,
            records,
            last_line,
        })
    }

    /// The position of the column whose header is one of `names` or starts with `prefix`
    /// (case-insensitive), if there is one.
    pub(crate) fn column(
        &self,
        names: &[&str],
        prefix: Option<&str>,
    ) -> Result<Option<usize>, SheetError> {
        let mut found: Option<usize> = None;
        for (i, header) in self.header.iter().enumerate() {
            let header = header.to_lowercase();
            let matches = names.iter().any(|name| header == *name)
                || prefix.is_some_and(|p| header.starts_with(p));
            if matches {
                if let Some(first) = found {
                    return Err(error(
                        self.header_line,
                        Some(i + 1),
                        format!(
                            "the column {:?} names what column {} already names",
                            self.header[i],
                            first + 1
                        ),
                    ));
                }
                found = Some(i);
            }
        }
        Ok(found)
    }

    /// As [`Sheet::column`], but the column must be there.
    pub(crate) fn required(
        &self,
        names: &[&str],
        prefix: Option<&str>,
    ) -> Result<usize, SheetError> {
        self.column(names, prefix)?.ok_or_else(|| {
            let mut accepted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
            if let Some(p) = prefix {
                accepted.push(format!("anything starting with {p:?}"));
            }
            error(
                self.header_line,
                None,
                format!("the header lacks the column {}", accepted.join(" or ")),
            )
        })
    }
}

/// The fields of a line, trimmed, read as the kernel reads every table (quoted fields
/// unwrapped). On error, the 1-based position of the field.
fn split_fields(line: &str, delimiter: char) -> Result<Vec<&str>, usize> {
    table::fields(line, delimiter)
        .enumerate()
        .map(|(index, field)| field.map(str::trim).map_err(|_| index + 1))
        .collect()
}

/// `text` without `prefix`, compared without regard to ASCII case.
pub(crate) fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}
