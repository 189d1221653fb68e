//! Payment tables as people read them: the annex layout as a [`Grid`] of cells, written
//! tab-separated with Swedish numbers (and as a workbook by [`super::workbook`]), and CSV.

use std::io::{self, Write};

use svf_kernel::Ore;
use svf_kernel::money::Grouped;
use svf_kernel::payments::Payments;
use svf_kernel::percent::Percent;

/// A row's share of the whole in percent, two decimals rounded half up: `23,26%`.
///
/// Invariant: `weight ≤ weight_sum`; a zero sum shows as `0,00%`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Share {
    /// The row's weight.
    pub weight: u32,
    /// The sum of all weights.
    pub weight_sum: u64,
}

impl Share {
    /// The share in hundredths of a per cent, rounded half up as it is shown.
    pub fn hundredths(&self) -> u64 {
        Percent::of(u64::from(self.weight), self.weight_sum.max(1))
            .unwrap_or(Percent::ZERO)
            .hundredths()
    }
}

impl std::fmt::Display for Share {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The annex writes the sign without a space: `23,26%`.
        let share =
            Percent::of(u64::from(self.weight), self.weight_sum.max(1)).unwrap_or(Percent::ZERO);
        write!(f, "{}%", share.number())
    }
}

/// A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break.
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// One row of an annex: a region (or any row of a weight table), its weight and its amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnnexRow<'a> {
    /// The code, `01`.
    pub code: &'a str,
    /// The name, `Stockholm`.
    pub name: &'a str,
    /// The weight (population).
    pub weight: u32,
    /// The amount.
    pub amount: Ore,
}

/// One cell of a table for people, kept as what it is so that each form writes it its way:
/// the TSV as the annex is published (`1 234 567`, `23,26%`, `42452908`), a workbook as
/// numbers with a format ([`super::workbook`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Text: a code, a name, a row's label.
    Text(String),
    /// A whole count (a population), grouped by thousands.
    Count(u64),
    /// A row's share of the whole.
    Share(Share),
    /// An amount; with its öre only when `show_ore`.
    Amount {
        /// The amount.
        ore: Ore,
        /// Whether öre are shown (an allocation in öre), or whole kronor (every annex).
        show_ore: bool,
    },
    /// Nothing.
    Empty,
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Text(text) => f.write_str(text),
            Cell::Count(n) => write!(f, "{}", Grouped(*n)),
            Cell::Share(share) => write!(f, "{share}"),
            Cell::Amount { ore, show_ore } => write!(f, "{}", ore.as_number(*show_ore)),
            Cell::Empty => Ok(()),
        }
    }
}

/// A table for people: a header and rows of cells.
///
/// Invariant (of those made here): every row has as many cells as the header; the last
/// `closing` rows are totals (`Riket`, `Innehållet`), the rest one region each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grid {
    /// The column headings.
    pub header: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
    /// How many of the last rows are totals.
    pub closing: usize,
}

impl Grid {
    /// The grid as tab-separated text, one line a row, the header first.
    ///
    /// # Errors
    /// Those of `out`.
    pub fn write_tsv(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(out, "{}", self.header.join("\t"))?;
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(ToString::to_string).collect();
            writeln!(out, "{}", cells.join("\t"))?;
        }
        Ok(())
    }
}

/// The layout of the published payment annex (contract §2, `--format annex`): `Kod`,
/// `Region`, the weight column's header, `Andel` (each row's share of the rows' weight), and
/// `Belopp`, closed by `Riket` with the rows' weight, `100%` and `total`. Amounts show öre only
/// when `show_ore`.
pub fn annex_layout(
    weight_header: &str,
    rows: &[AnnexRow<'_>],
    total: Ore,
    show_ore: bool,
) -> Grid {
    let weight_sum: u64 = rows.iter().map(|r| u64::from(r.weight)).sum();
    let mut grid = Grid {
        header: ["Kod", "Region", weight_header, "Andel", "Belopp"]
            .map(str::to_owned)
            .to_vec(),
        rows: Vec::with_capacity(rows.len() + 1),
        closing: 1,
    };
    for row in rows {
        grid.rows.push(vec![
            Cell::Text(row.code.to_owned()),
            Cell::Text(row.name.to_owned()),
            Cell::Count(u64::from(row.weight)),
            Cell::Share(Share {
                weight: row.weight,
                weight_sum,
            }),
            Cell::Amount {
                ore: row.amount,
                show_ore,
            },
        ]);
    }
    grid.rows.push(vec![
        Cell::Empty,
        Cell::Text("Riket".to_owned()),
        Cell::Count(weight_sum),
        Cell::Text("100%".to_owned()),
        Cell::Amount {
            ore: total,
            show_ore,
        },
    ]);
    grid
}

/// [`annex_layout`] as tab-separated text.
///
/// # Errors
/// Those of `out`.
pub fn write_annex_layout(
    out: &mut impl Write,
    weight_header: &str,
    rows: &[AnnexRow<'_>],
    total: Ore,
    show_ore: bool,
) -> io::Result<()> {
    annex_layout(weight_header, rows, total, show_ore).write_tsv(out)
}

/// The weight column's header when `left_out` regions are not in the annex, as the
/// government writes it: ` exkl. 3 regioner` before any parenthesis, `Befolkningsmängd exkl.
/// 3 regioner (sep 2025)`.
pub fn header_excluding(header: &str, left_out: usize) -> String {
    let words = match left_out {
        0 => return header.to_owned(),
        1 => " exkl. 1 region".to_owned(),
        n => format!(" exkl. {n} regioner"),
    };
    match header.find('(') {
        Some(at) => format!("{}{words} {}", header[..at].trim_end(), &header[at..]),
        None => format!("{header}{words}"),
    }
}

/// One payment's annex as the government publishes it (contract §5): the regions paid, their
/// population, their share among them and their amount, closed by `Riket`; the population
/// header as the table's, with the regions left out counted in it.
pub fn payment_annex(payments: &Payments<'_>, payment: usize, population_header: &str) -> Grid {
    let rows: Vec<AnnexRow<'_>> = payments
        .rows()
        .iter()
        .filter(|r| r.eligible.get(payment).copied().unwrap_or(false))
        .map(|r| AnnexRow {
            code: r.region.code(),
            name: r.name,
            weight: r.population,
            amount: r.amounts.get(payment).copied().unwrap_or(Ore::ZERO),
        })
        .collect();
    let header = header_excluding(population_header, payments.rows().len() - rows.len());
    annex_layout(&header, &rows, payments.paid(payment), false)
}

/// [`payment_annex`] as tab-separated text.
///
/// # Errors
/// Those of `out`.
pub fn write_payment_annex(
    out: &mut impl Write,
    payments: &Payments<'_>,
    payment: usize,
    population_header: &str,
) -> io::Result<()> {
    payment_annex(payments, payment, population_header).write_tsv(out)
}

/// The payments in the annex layout: `Kod`, `Region`, the population header as given, `Andel`,
/// one column per payment in whole kronor; the total row `Riket` with what is paid, and a row
/// `Innehållet` with what is withheld when anything is.
pub fn annex(payments: &Payments<'_>, population_header: &str) -> Grid {
    let mut header: Vec<String> = ["Kod", "Region", population_header, "Andel"]
        .map(str::to_owned)
        .to_vec();
    for (id, _) in payments.payments() {
        header.push(crate::present::wording::heading(*id).to_owned());
    }
    let kronor = |ore| Cell::Amount {
        ore,
        show_ore: false,
    };
    let population: u64 = payments
        .rows()
        .iter()
        .map(|r| u64::from(r.population))
        .sum();
    let mut rows = Vec::with_capacity(payments.rows().len() + 2);
    for row in payments.rows() {
        let mut cells = vec![
            Cell::Text(row.region.code().to_owned()),
            Cell::Text(row.name.to_owned()),
            Cell::Count(u64::from(row.population)),
            Cell::Share(Share {
                weight: row.population,
                weight_sum: population,
            }),
        ];
        cells.extend(row.amounts.iter().map(|a| kronor(*a)));
        rows.push(cells);
    }
    let mut total = vec![
        Cell::Empty,
        Cell::Text("Riket".to_owned()),
        Cell::Count(population),
        Cell::Text("100%".to_owned()),
    ];
    total.extend((0..payments.payments().len()).map(|i| kronor(payments.paid(i))));
    rows.push(total);
    let mut closing = 1;
    if payments.withheld().iter().any(|w| *w != Ore::ZERO) {
        let mut withheld = vec![
            Cell::Empty,
            Cell::Text("Innehållet".to_owned()),
            Cell::Empty,
            Cell::Empty,
        ];
        withheld.extend(payments.withheld().iter().map(|w| kronor(*w)));
        rows.push(withheld);
        closing = 2;
    }
    Grid {
        header,
        rows,
        closing,
    }
}

/// [`annex`] as tab-separated text.
///
/// # Errors
/// Those of `out`.
pub fn write_annex(
    out: &mut impl Write,
    payments: &Payments<'_>,
    population_header: &str,
) -> io::Result<()> {
    annex(payments, population_header).write_tsv(out)
}

/// The payments as CSV: code, name, population, then per payment `ID_eligible`, `ID_ore`.
///
/// # Errors
/// Those of `out`.
pub fn write_csv(out: &mut impl Write, payments: &Payments<'_>) -> io::Result<()> {
    write!(out, "code,name,population")?;
    for (id, _) in payments.payments() {
        write!(out, ",{id}_eligible,{id}_ore")?;
    }
    writeln!(out)?;
    for row in payments.rows() {
        write!(
            out,
            "{},{},{}",
            row.region.code(),
            csv_field(row.name),
            row.population
        )?;
        for (eligible, amount) in row.eligible.iter().zip(&row.amounts) {
            write!(out, ",{eligible},{}", amount.0)?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_rounds_half_up() {
        let share = |weight, weight_sum| Share { weight, weight_sum }.to_string();
        assert_eq!(share(2_455_914, 10_557_682), "23,26%");
        assert_eq!(share(61_093, 10_557_682), "0,58%");
        assert_eq!(share(1, 8), "12,50%");
        assert_eq!(share(1, 40_000), "0,00%");
        assert_eq!(share(1, 20_000), "0,01%");
        assert_eq!(share(5, 5), "100,00%");
    }

    #[test]
    fn the_header_counts_the_regions_left_out_before_its_parenthesis() {
        assert_eq!(
            header_excluding("Befolkningsmängd (sep 2025)", 3),
            "Befolkningsmängd exkl. 3 regioner (sep 2025)"
        );
        assert_eq!(
            header_excluding("Befolkningsmängd(sep 2025)", 1),
            "Befolkningsmängd exkl. 1 region (sep 2025)"
        );
        assert_eq!(
            header_excluding("population", 2),
            "population exkl. 2 regioner"
        );
        assert_eq!(
            header_excluding("Befolkningsmängd (nov 2024)", 0),
            "Befolkningsmängd (nov 2024)"
        );
    }

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("Skåne"), "Skåne");
        assert_eq!(
            csv_field("Jämtland, Härjedalen"),
            "\"Jämtland, Härjedalen\""
        );
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
    }
}
