//! Halland's population by municipality: Halland belongs to RCC Syd and RCC Väst by
//! municipality, so the RCC's populations need Halland's six municipalities. The user's table
//! is checked against the municipalities the project's data name and the RCC each belongs to
//! ([`known_municipalities`]).

use svf_kernel::money::Grouped;
use svf_kernel::number::parse_whole;

use super::sheet::{Record, Sheet, SheetError, error, strip_prefix_ignore_case};

/// A municipality of Halland and the RCC it belongs to, as the project's data state it.
///
/// Invariant (as [`known_municipalities`] makes it): neither field is empty; no two of a list
/// share a name (in any case).
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
///
/// Invariant (as [`parse_halland`] makes it): `name` and `rcc` are a known municipality's, as
/// the known list writes them.
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

/// Halland's population by municipality as read from a file, with the names messages give the
/// files.
///
/// Invariant: `municipalities` is what [`parse_halland`] read from `file`, checked against the
/// list read from `known_file`: each of Halland's municipalities once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HallandTable {
    /// The user's file, as messages name it.
    pub file: String,
    /// The list of Halland's municipalities and their RCC, as messages name it.
    pub known_file: String,
    /// The municipalities in the order of the file.
    pub municipalities: Vec<Municipality>,
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

#[cfg(test)]
mod tests {
    use super::*;

    const HALLAND: &[u8] = include_bytes!("../../../../data/halland-municipalities.csv");

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
