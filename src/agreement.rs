//! The files `svf budget` reads besides the population table: an agreement's allocation of its
//! money (*bilaga 1*), which regional cancer centre (RCC) each region belongs to, and Halland's
//! population by municipality. Each is delimited text with a header row, read strictly: every
//! error names the line and, where it lies in one field, the column.
//!
//! - [`Agreement`]: the items, what each amounts to, who is paid and how it is split, and the
//!   stated total, which must equal the sum of the items.
//! - [`RccMap`]: the six RCC in the order of the file, and each region's RCC (Halland's two).
//! - [`Municipality`]: one row of the user's Halland table, checked against Halland's six
//!   municipalities and the RCC each belongs to ([`known_municipalities`]).

use std::fmt;

use svf_kernel::Ore;
use svf_kernel::money::Grouped;
use svf_kernel::number::parse_whole;
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

fn error(line: usize, column: Option<usize>, reason: impl Into<String>) -> SheetError {
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
struct Sheet<'a> {
    header_line: usize,
    header: Vec<&'a str>,
    records: Vec<Record<'a>>,
    last_line: usize,
}

/// One line after the header; fields trimmed and unquoted.
#[derive(Debug)]
struct Record<'a> {
    line: usize,
    fields: Vec<&'a str>,
}

impl<'a> Record<'a> {
    fn field(&self, column: usize) -> &'a str {
        self.fields.get(column).copied().unwrap_or("")
    }
}

impl<'a> Sheet<'a> {
    /// Reads the text as the population tables are read (contract §1): a byte-order mark is
    /// ignored, the delimiter (tab, semicolon or comma) is the one the header holds most of,
    /// a field wholly in quotes is unwrapped.
    fn parse(bytes: &'a [u8]) -> Result<Sheet<'a>, SheetError> {
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
    fn column(&self, names: &[&str], prefix: Option<&str>) -> Result<Option<usize>, SheetError> {
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
    fn required(&self, names: &[&str], prefix: Option<&str>) -> Result<usize, SheetError> {
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

/// Who an item is paid to (bilaga 1's three headings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaidTo {
    /// `regions`: paid directly to the 21 regions.
    Regions,
    /// `RCC`: paid to the regional cancer centres via SKR.
    Rcc,
    /// `SKR`: paid to SKR for RCC i samverkan.
    Skr,
}

/// How an item is split among those it is paid to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    /// `population`: in proportion to the population.
    Population,
    /// `conditional+population`: by population among the regions that meet the year's
    /// conditions.
    ConditionalPopulation,
    /// `equal`: in equal parts.
    Equal,
    /// `none`: the agreement does not split it; one recipient, the whole amount.
    Whole,
}

impl Split {
    /// The word in the file.
    pub fn word(self) -> &'static str {
        match self {
            Split::Population => "population",
            Split::ConditionalPopulation => "conditional+population",
            Split::Equal => "equal",
            Split::Whole => "none",
        }
    }
}

impl PaidTo {
    /// The word in the file.
    pub fn word(self) -> &'static str {
        match self {
            PaidTo::Regions => "regions",
            PaidTo::Rcc => "RCC",
            PaidTo::Skr => "SKR",
        }
    }
}

/// One item of the allocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The line it is on.
    pub line: usize,
    /// What it is for, as the agreement names it.
    pub name: String,
    /// How much.
    pub amount: Ore,
    /// Who is paid.
    pub paid_to: PaidTo,
    /// How it is split.
    pub split: Split,
}

/// An agreement's allocation of its money.
///
/// Invariant: at least one item; the items sum exactly to `total`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agreement {
    /// The items in the order of the file.
    pub items: Vec<Item>,
    /// The total the file states.
    pub total: Ore,
    /// The line of the total row.
    pub total_line: usize,
}

impl Agreement {
    /// Reads an allocation: a header with the columns `item`, `msek`, `recipient` and `split`
    /// (other columns are ignored), one row per item with its amount in millions of kronor
    /// (`182,5`), and a last row with a name and an amount but no recipient or split: the total.
    ///
    /// # Errors
    /// The first [`SheetError`]: a missing column, an amount that is not a number of MSEK
    /// (at most six decimals, so that it is whole öre), an unknown recipient or split, a split
    /// that cannot apply to the recipient, an item named twice, no total row, or a total that
    /// is not the sum of the items.
    pub fn parse(bytes: &[u8]) -> Result<Agreement, SheetError> {
        let sheet = Sheet::parse(bytes)?;
        let name_col = sheet.required(&["item", "post"], None)?;
        let msek_col = sheet.required(&["msek"], None)?;
        let to_col = sheet.required(&["recipient", "mottagare"], None)?;
        let split_col = sheet.required(&["split", "fördelning"], None)?;
        let mut items: Vec<Item> = Vec::new();
        let mut total: Option<(usize, Ore)> = None;
        for record in &sheet.records {
            let line = record.line;
            if let Some((total_line, _)) = total {
                return Err(error(
                    line,
                    None,
                    format!("a row after the total row (line {total_line}); the total comes last"),
                ));
            }
            let name = record.field(name_col);
            if name.is_empty() {
                return Err(error(line, Some(name_col + 1), "the item has no name"));
            }
            let amount = parse_msek(record.field(msek_col))
                .map_err(|reason| error(line, Some(msek_col + 1), reason))?;
            let (to, split) = (record.field(to_col), record.field(split_col));
            if to.is_empty() && split.is_empty() {
                total = Some((line, amount));
                continue;
            }
            let paid_to = parse_paid_to(to).ok_or_else(|| {
                error(
                    line,
                    Some(to_col + 1),
                    format!("the recipient {to:?} is none of regions, RCC, SKR"),
                )
            })?;
            let split = parse_split(split).ok_or_else(|| {
                error(
                    line,
                    Some(split_col + 1),
                    format!(
                        "the split {split:?} is none of population, conditional+population, equal, none"
                    ),
                )
            })?;
            check_split(paid_to, split).map_err(|r| error(line, Some(split_col + 1), r))?;
            if let Some(first) = items.iter().find(|item| item.name == name) {
                return Err(error(
                    line,
                    Some(name_col + 1),
                    format!("the item {name:?} is also on line {}", first.line),
                ));
            }
            items.push(Item {
                line,
                name: name.to_owned(),
                amount,
                paid_to,
                split,
            });
        }
        let Some((total_line, total)) = total else {
            return Err(error(
                sheet.last_line,
                None,
                "the file has no total row (a name and an amount, no recipient or split), so \
                 the sum of the items cannot be checked",
            ));
        };
        if items.is_empty() {
            return Err(error(
                total_line,
                None,
                "there are no items before the total",
            ));
        }
        let sum = items
            .iter()
            .try_fold(Ore::ZERO, |sum, item| sum.checked_add(item.amount))
            .ok_or_else(|| {
                error(
                    total_line,
                    Some(msek_col + 1),
                    "the items' sum is too large",
                )
            })?;
        if sum != total {
            return Err(error(
                total_line,
                Some(msek_col + 1),
                format!("the total is {total}, but the items sum to {sum}"),
            ));
        }
        Ok(Agreement {
            items,
            total,
            total_line,
        })
    }
}

fn parse_paid_to(text: &str) -> Option<PaidTo> {
    match text.to_lowercase().as_str() {
        "regions" | "regioner" | "regionerna" => Some(PaidTo::Regions),
        "rcc" => Some(PaidTo::Rcc),
        "skr" => Some(PaidTo::Skr),
        _ => None,
    }
}

fn parse_split(text: &str) -> Option<Split> {
    match text.to_lowercase().as_str() {
        "population" => Some(Split::Population),
        "conditional+population" => Some(Split::ConditionalPopulation),
        "equal" => Some(Split::Equal),
        "none" => Some(Split::Whole),
        _ => None,
    }
}

/// Whether the split can apply to the recipient.
fn check_split(paid_to: PaidTo, split: Split) -> Result<(), String> {
    match (paid_to, split) {
        (PaidTo::Regions, Split::Whole) => Err(
            "an item paid to the regions must say how it is split among them \
             (population, conditional+population or equal)"
                .to_owned(),
        ),
        (PaidTo::Rcc, Split::ConditionalPopulation) => Err(
            "conditional+population is for the regions' payments; the RCC have no such conditions"
                .to_owned(),
        ),
        (PaidTo::Skr, split) if split != Split::Whole => Err(format!(
            "SKR is one recipient: its items are not split ({} given, none expected)",
            split.word()
        )),
        _ => Ok(()),
    }
}

/// Millions of kronor, `182,5` or `1 000`, as öre: exact, at most six decimals.
fn parse_msek(text: &str) -> Result<Ore, String> {
    let (whole, decimals) = match text.find([',', '.']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let whole = parse_whole(whole, false).map_err(|e| format!("the amount {text:?} {e}"))?;
    let mut kronor = u128::from(whole) * 1_000_000;
    if let Some(decimals) = decimals {
        if decimals.is_empty()
            || decimals.len() > 6
            || !decimals.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(format!(
                "the amount {text:?} needs one to six decimals (MSEK to the krona)"
            ));
        }
        let digits = decimals
            .bytes()
            .fold(0u128, |v, b| v * 10 + u128::from(b - b'0'));
        // Six decimals of a million are whole kronor; fewer are scaled up.
        let scale = 10u128.pow(6 - u32::try_from(decimals.len()).unwrap_or(6));
        kronor += digits * scale;
    }
    kronor
        .checked_mul(100)
        .and_then(|ore| i64::try_from(ore).ok())
        .map(Ore)
        .ok_or_else(|| format!("the amount {text:?} is too large"))
}

/// Which RCC a region belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Membership {
    /// The whole region: the RCC's position in [`RccMap::centres`].
    Whole(usize),
    /// The region is split between these RCC (positions) by municipality.
    Split(Vec<usize>),
}

/// One region's row of the RCC table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The line it is on.
    pub line: usize,
    /// The region code (`13`).
    pub code: String,
    /// Its RCC.
    pub rcc: Membership,
}

/// Which RCC each region belongs to.
///
/// Invariant: every region code appears once; every position in a [`Membership`] is a valid
/// index of `centres`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RccMap {
    /// The RCC names (`Syd`), in the order they first appear in the file.
    pub centres: Vec<String>,
    /// The regions, in the order of the file.
    pub members: Vec<Member>,
}

impl RccMap {
    /// Reads the table: columns `region_code` (or `code`, `kod`) and `rcc`, whose value is an
    /// RCC name, or two or more joined by `+` for a region split between them (`Syd+Väst`).
    ///
    /// # Errors
    /// The first [`SheetError`]: a missing column, an empty code or RCC, a region twice.
    pub fn parse(bytes: &[u8]) -> Result<RccMap, SheetError> {
        let sheet = Sheet::parse(bytes)?;
        let code_col = sheet.required(&["region_code", "code", "kod"], None)?;
        let rcc_col = sheet.required(&["rcc"], None)?;
        let mut map = RccMap {
            centres: Vec::new(),
            members: Vec::new(),
        };
        for record in &sheet.records {
            let line = record.line;
            let code = record.field(code_col);
            if code.is_empty() {
                return Err(error(line, Some(code_col + 1), "the region code is empty"));
            }
            if let Some(first) = map.members.iter().find(|m| m.code == code) {
                return Err(error(
                    line,
                    Some(code_col + 1),
                    format!("the region {code} is also on line {}", first.line),
                ));
            }
            let mut positions = Vec::new();
            for name in record.field(rcc_col).split('+').map(str::trim) {
                if name.is_empty() {
                    return Err(error(
                        line,
                        Some(rcc_col + 1),
                        format!("the RCC {:?} has an empty name", record.field(rcc_col)),
                    ));
                }
                let position = if let Some(p) = map.centres.iter().position(|c| c == name) {
                    p
                } else {
                    map.centres.push(name.to_owned());
                    map.centres.len() - 1
                };
                if positions.contains(&position) {
                    return Err(error(
                        line,
                        Some(rcc_col + 1),
                        format!("the RCC {name} is named twice"),
                    ));
                }
                positions.push(position);
            }
            let rcc = match positions.as_slice() {
                [one] => Membership::Whole(*one),
                _ => Membership::Split(positions),
            };
            map.members.push(Member {
                line,
                code: code.to_owned(),
                rcc,
            });
        }
        if map.members.is_empty() {
            return Err(error(sheet.header_line, None, "a header but no regions"));
        }
        Ok(map)
    }
}

/// A municipality of Halland and the RCC it belongs to, as the project's data state it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownMunicipality {
    /// Its name (`Halmstad`).
    pub name: String,
    /// Its RCC (`Syd`).
    pub rcc: String,
}

/// Reads the list of Halland's municipalities (`kommun`, `rcc`).
///
/// # Errors
/// The first [`SheetError`]: a missing column, an empty field, a municipality twice.
pub fn known_municipalities(bytes: &[u8]) -> Result<Vec<KnownMunicipality>, SheetError> {
    let sheet = Sheet::parse(bytes)?;
    let name_col = sheet.required(&["kommun", "municipality"], None)?;
    let rcc_col = sheet.required(&["rcc"], None)?;
    let mut known: Vec<KnownMunicipality> = Vec::new();
    for record in &sheet.records {
        let (name, rcc) = (record.field(name_col), record.field(rcc_col));
        if name.is_empty() || rcc.is_empty() {
            return Err(error(
                record.line,
                None,
                "a municipality and its RCC are needed",
            ));
        }
        if known
            .iter()
            .any(|k| k.name.to_lowercase() == name.to_lowercase())
        {
            return Err(error(
                record.line,
                Some(name_col + 1),
                format!("{name} is listed twice"),
            ));
        }
        known.push(KnownMunicipality {
            name: name.to_owned(),
            rcc: rcc.to_owned(),
        });
    }
    if known.is_empty() {
        return Err(error(
            sheet.header_line,
            None,
            "a header but no municipalities",
        ));
    }
    Ok(known)
}

/// One municipality of the user's Halland table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Municipality {
    /// The line it is on.
    pub line: usize,
    /// Its name as the project writes it (`Halmstad`, also for `Halmstads kommun`).
    pub name: String,
    /// Its population.
    pub population: u32,
    /// Its RCC as the project writes it (`Syd`).
    pub rcc: String,
}

/// Names of a total row in a municipal table.
const TOTAL_NAMES: [&str; 4] = ["totalt", "summa", "halland", "hallands län"];

/// Reads Halland's population by municipality: columns `kommun` (or `municipality`, `name`,
/// `namn`), the population (`population`, `befolkning`, `folkmängd` or anything starting with
/// `befolkningsmängd`) and, optionally, `rcc`. Every municipality of `known` must appear once
/// (`Halmstad`, `Halmstads kommun` and `Halmstad kommun` are all Halmstad); a stated RCC (`Syd`,
/// `RCC Syd`) must be the one `known` gives. A row named `Totalt`, `Summa`, `Halland` or
/// `Hallands län` is a total: it must equal the sum.
///
/// # Errors
/// The first [`SheetError`]: a missing column, a name that is not one of `known`, a
/// municipality twice or missing, a population that is not a whole number, an RCC that differs
/// from `known`'s, a total that is not the sum.
pub fn parse_halland(
    bytes: &[u8],
    known: &[KnownMunicipality],
) -> Result<Vec<Municipality>, SheetError> {
    let sheet = Sheet::parse(bytes)?;
    let columns = HallandColumns {
        name: sheet.required(&["kommun", "municipality", "name", "namn"], None)?,
        population: sheet.required(
            &["population", "befolkning", "folkmängd"],
            Some("befolkningsmängd"),
        )?,
        rcc: sheet.column(&["rcc"], None)?,
    };
    let mut rows: Vec<Municipality> = Vec::new();
    let mut total: Option<(usize, u64)> = None;
    for record in &sheet.records {
        let text = record.field(columns.population);
        let population = parse_whole(text, false).map_err(|e| {
            error(
                record.line,
                Some(columns.population + 1),
                format!("the population {text:?} {e}"),
            )
        })?;
        let name = record.field(columns.name);
        if TOTAL_NAMES.contains(&name.to_lowercase().as_str()) {
            if let Some((first, _)) = total {
                return Err(error(
                    record.line,
                    Some(columns.name + 1),
                    format!("a second total row; the first is on line {first}"),
                ));
            }
            total = Some((record.line, population));
            continue;
        }
        let row = municipality(record, &columns, population, known, &rows)?;
        rows.push(row);
    }
    let missing: Vec<&str> = known
        .iter()
        .filter(|k| !rows.iter().any(|r| r.name == k.name))
        .map(|k| k.name.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(error(
            sheet.last_line,
            None,
            format!(
                "the table ends without {}; all of Halland's {} municipalities are needed",
                missing.join(", "),
                known.len()
            ),
        ));
    }
    let sum: u64 = rows.iter().map(|r| u64::from(r.population)).sum();
    if let Some((line, stated)) = total.filter(|&(_, stated)| stated != sum) {
        return Err(error(
            line,
            Some(columns.population + 1),
            format!(
                "the total {} is not the sum of the municipalities, {}",
                Grouped(stated),
                Grouped(sum)
            ),
        ));
    }
    Ok(rows)
}

/// The columns of a Halland table (0-based).
struct HallandColumns {
    name: usize,
    population: usize,
    rcc: Option<usize>,
}

/// One municipality's row, checked against the known ones and the rows before it.
fn municipality(
    record: &Record<'_>,
    columns: &HallandColumns,
    population: u64,
    known: &[KnownMunicipality],
    before: &[Municipality],
) -> Result<Municipality, SheetError> {
    let line = record.line;
    let name = record.field(columns.name);
    let Some(municipality) = known.iter().find(|k| names_municipality(name, &k.name)) else {
        let names: Vec<&str> = known.iter().map(|k| k.name.as_str()).collect();
        return Err(error(
            line,
            Some(columns.name + 1),
            format!(
                "{name:?} is not one of Halland's municipalities ({})",
                names.join(", ")
            ),
        ));
    };
    if let Some(first) = before.iter().find(|r| r.name == municipality.name) {
        return Err(error(
            line,
            Some(columns.name + 1),
            format!("{} is also on line {}", municipality.name, first.line),
        ));
    }
    let population = u32::try_from(population).map_err(|_| {
        error(
            line,
            Some(columns.population + 1),
            format!(
                "the population {:?} is too large",
                record.field(columns.population)
            ),
        )
    })?;
    if let Some(col) = columns.rcc {
        let stated = record.field(col);
        let bare = strip_prefix_ignore_case(stated, "rcc ")
            .unwrap_or(stated)
            .trim();
        if bare.to_lowercase() != municipality.rcc.to_lowercase() {
            return Err(error(
                line,
                Some(col + 1),
                format!(
                    "{} belongs to RCC {} (data/halland-municipalities.csv), not {stated:?}",
                    municipality.name, municipality.rcc
                ),
            ));
        }
    }
    Ok(Municipality {
        line,
        name: municipality.name.clone(),
        population,
        rcc: municipality.rcc.clone(),
    })
}

/// Whether `text` names the municipality `name`: `Halmstad`, `Halmstad kommun` or
/// `Halmstads kommun`, in any case.
fn names_municipality(text: &str, name: &str) -> bool {
    let text = text.to_lowercase();
    let name = name.to_lowercase();
    text == name || text == format!("{name} kommun") || text == format!("{name}s kommun")
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const AGREEMENT_2024: &[u8] = include_bytes!("../data/agreement-2024-allocation.tsv");
    const RCC_REGIONS: &[u8] = include_bytes!("../data/rcc-regions.csv");
    const HALLAND: &[u8] = include_bytes!("../data/halland-municipalities.csv");

    fn agreement(text: &str) -> Result<Agreement, SheetError> {
        Agreement::parse(text.as_bytes())
    }

    #[test]
    fn the_2024_allocation_is_809_msek_in_15_items() {
        let agreement = Agreement::parse(AGREEMENT_2024).unwrap();
        assert_eq!(agreement.items.len(), 15);
        assert_eq!(agreement.total, Ore::from_kronor(809_000_000).unwrap());
        assert_eq!(agreement.total_line, 18);
        let first = &agreement.items[0];
        assert_eq!(first.line, 3);
        assert_eq!(first.amount, Ore::from_kronor(182_500_000).unwrap());
        assert_eq!(
            (first.paid_to, first.split),
            (PaidTo::Regions, Split::Population)
        );
        // The agreement's section 6: 365 MSEK to the regions, 405 to the RCC, 39 to SKR.
        for (to, msek) in [
            (PaidTo::Regions, 365),
            (PaidTo::Rcc, 405),
            (PaidTo::Skr, 39),
        ] {
            let sum: i64 = agreement
                .items
                .iter()
                .filter(|i| i.paid_to == to)
                .map(|i| i.amount.0)
                .sum();
            assert_eq!(sum, msek * 100_000_000, "{to:?}");
        }
    }

    #[test]
    fn msek_amounts_are_exact() {
        assert_eq!(parse_msek("182,5"), Ok(Ore(18_250_000_000)));
        assert_eq!(parse_msek("0.000001"), Ok(Ore(100)));
        assert_eq!(parse_msek("1 000"), Ok(Ore(100_000_000_000)));
        assert!(
            parse_msek("0,0000001")
                .unwrap_err()
                .contains("six decimals")
        );
        assert!(parse_msek("1,").unwrap_err().contains("decimals"));
        assert!(parse_msek("").unwrap_err().contains("is empty"));
        assert!(parse_msek("12 34").unwrap_err().contains("groups of three"));
        assert!(parse_msek("-5").unwrap_err().contains("negative"));
        assert!(
            parse_msek("99999999999999")
                .unwrap_err()
                .contains("too large")
        );
    }

    #[test]
    fn broken_allocations_are_refused_at_their_place() {
        let header = "item\tmsek\trecipient\tsplit\n";
        for (body, line, column, reason) in [
            (
                "A\t1\tRCC\tequal\nTotalt\t2\t\t\n",
                3,
                Some(2),
                "the items sum to 1 000 000 kr",
            ),
            ("A\t1\tRCC\tequal\n", 2, None, "no total row"),
            (
                "A\tett\tRCC\tequal\nTotalt\t1\t\t\n",
                2,
                Some(2),
                "not a digit",
            ),
            (
                "A\t1\tkommuner\tequal\nT\t1\t\t\n",
                2,
                Some(3),
                "none of regions, RCC, SKR",
            ),
            (
                "A\t1\tRCC\tlottery\nT\t1\t\t\n",
                2,
                Some(4),
                "none of population",
            ),
            (
                "A\t1\tSKR\tequal\nT\t1\t\t\n",
                2,
                Some(4),
                "SKR is one recipient",
            ),
            (
                "A\t1\tregions\tnone\nT\t1\t\t\n",
                2,
                Some(4),
                "must say how it is split",
            ),
            (
                "A\t1\tRCC\tconditional+population\nT\t1\t\t\n",
                2,
                Some(4),
                "no such conditions",
            ),
            (
                "A\t1\tRCC\tequal\nA\t1\tRCC\tequal\nT\t2\t\t\n",
                3,
                Some(1),
                "also on line 2",
            ),
            ("\t1\tRCC\tequal\nT\t1\t\t\n", 2, Some(1), "no name"),
            (
                "A\t1\tRCC\nT\t1\t\t\n",
                2,
                None,
                "3 fields, but the header (line 1) has 4",
            ),
            (
                "T\t1\t\t\nA\t1\tRCC\tequal\n",
                3,
                None,
                "after the total row (line 2)",
            ),
            ("T\t0\t\t\n", 2, None, "no items"),
        ] {
            let e = agreement(&format!("{header}{body}")).unwrap_err();
            assert_eq!((e.line, e.column), (line, column), "{body:?}: {e}");
            assert!(e.reason.contains(reason), "{body:?}: {e}");
        }
        let e = agreement("item\tamount\trecipient\tsplit\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.reason.contains("\"msek\""), "{e}");
        let e =
            Agreement::parse(b"item\tmsek\trecipient\tsplit\nA\x80\t1\tRCC\tequal\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.reason.contains("character 2 is not UTF-8"), "{e}");
        assert_eq!(agreement("").unwrap_err().line, 1);
    }

    #[test]
    fn quoted_fields_and_other_delimiters() {
        let a = agreement(
            "item;msek;recipient;split\n\"Rehabilitering; vuxna\";2;RCC;equal\nTotalt;2;;\n",
        )
        .unwrap();
        assert_eq!(a.items[0].name, "Rehabilitering; vuxna");
        let e = agreement("item,msek,recipient,split\n\"Open,2,RCC,equal\nT,2,,\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, Some(1)));
    }

    #[test]
    fn the_rcc_table_has_six_centres_and_halland_split() {
        let map = RccMap::parse(RCC_REGIONS).unwrap();
        assert_eq!(
            map.centres,
            [
                "Stockholm Gotland",
                "Mellansverige",
                "Sydöst",
                "Syd",
                "Väst",
                "Norr"
            ]
        );
        assert_eq!(map.members.len(), 21);
        let halland = map.members.iter().find(|m| m.code == "13").unwrap();
        assert_eq!(halland.rcc, Membership::Split(vec![3, 4]));
        let e = RccMap::parse(b"region_code,rcc\n01,Norr\n01,Syd\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, Some(1)));
        let e = RccMap::parse(b"region_code,rcc\n01,Syd+\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, Some(2)));
        let e = RccMap::parse(b"region_code,rcc\n01,Syd+Syd\n").unwrap_err();
        assert!(e.reason.contains("twice"), "{e}");
        assert!(
            RccMap::parse(b"code,centre\n")
                .unwrap_err()
                .reason
                .contains("\"rcc\"")
        );
    }

    #[test]
    fn halland_tables() {
        let known = known_municipalities(HALLAND).unwrap();
        assert_eq!(known.len(), 6);
        let good = "Kommun;Folkmängd;RCC\nHalmstads kommun;105 796;RCC Syd\nHylte;10 299;syd\n\
                    Laholm;26 565;Syd\nFalkenberg;47 108;Väst\nVarberg;68 325;Väst\n\
                    Kungsbacka kommun;85 653;Väst\nHallands län;343 746;\n";
        let rows = parse_halland(good.as_bytes(), &known).unwrap();
        assert_eq!(rows.len(), 6);
        assert_eq!(
            (rows[0].name.as_str(), rows[0].rcc.as_str()),
            ("Halmstad", "Syd")
        );
        // Without the RCC column, the known assignment is used.
        let plain = "kommun,population\nHalmstad,1\nHylte,2\nLaholm,3\nFalkenberg,4\nVarberg,5\nKungsbacka,6\n";
        let rows = parse_halland(plain.as_bytes(), &known).unwrap();
        assert_eq!(rows[3].rcc, "Väst");
        for (text, line, column, reason) in [
            (
                good.replace("Hylte;10 299;syd", "Hylte;10 299;Väst"),
                3,
                Some(3),
                "belongs to RCC Syd",
            ),
            (
                good.replace("Hylte;", "Göteborg;"),
                3,
                Some(1),
                "not one of Halland's",
            ),
            (
                good.replace("Hylte;", "Laholm;"),
                4,
                Some(1),
                "Laholm is also on line 3",
            ),
            (
                good.replace("10 299", "10 2 99"),
                3,
                Some(2),
                "groups of three",
            ),
            (
                good.replace("343 746", "343 747"),
                8,
                Some(2),
                "not the sum",
            ),
            (
                good.replace("Hylte;10 299;syd\n", ""),
                7,
                None,
                "without Hylte",
            ),
            (good.replace("Kommun;", "Ort;"), 1, None, "lacks the column"),
        ] {
            let e = parse_halland(text.as_bytes(), &known).unwrap_err();
            assert_eq!((e.line, e.column), (line, column), "{e}");
            assert!(e.reason.contains(reason), "{e}");
        }
    }
}
