//! Payment tables as people read them: the annex layout (tab-separated, Swedish numbers) and CSV.

use std::io::{self, Write};

use svf_kernel::Ore;
use svf_kernel::money::Grouped;
use svf_kernel::payments::Payments;
use svf_kernel::percent::Percent;

/// A row's share of the whole in percent, two decimals rounded half up: `23,26%`.
///
/// Invariant: `weight ≤ weight_sum`; a zero sum shows as `0,00%`.
#[derive(Clone, Copy, Debug)]
pub struct Share {
    /// The row's weight.
    pub weight: u32,
    /// The sum of all weights.
    pub weight_sum: u64,
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

/// The layout of the published payment annex (contract §2, `--format annex`): `Kod`,
/// `Region`, the weight column's header, `Andel` (each row's share of the rows' weight), and
/// `Belopp`, closed by `Riket` with the rows' weight, `100%` and `total`. Amounts show öre only
/// when `show_ore`.
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
    let weight_sum: u64 = rows.iter().map(|r| u64::from(r.weight)).sum();
    writeln!(out, "Kod\tRegion\t{weight_header}\tAndel\tBelopp")?;
    for row in rows {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            row.code,
            row.name,
            Grouped(u64::from(row.weight)),
            Share {
                weight: row.weight,
                weight_sum
            },
            row.amount.as_number(show_ore)
        )?;
    }
    writeln!(
        out,
        "\tRiket\t{}\t100%\t{}",
        Grouped(weight_sum),
        total.as_number(show_ore)
    )
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
///
/// # Errors
/// Those of `out`.
pub fn write_payment_annex(
    out: &mut impl Write,
    payments: &Payments<'_>,
    payment: usize,
    population_header: &str,
) -> io::Result<()> {
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
    write_annex_layout(out, &header, &rows, payments.paid(payment), false)
}

/// The payments in the annex layout: `Kod`, `Region`, the population header as given, `Andel`,
/// one column per payment in whole kronor; the total row `Riket` with what is paid, and a row
/// `Innehållet` with what is withheld when anything is.
///
/// # Errors
/// Those of `out`.
pub fn write_annex(
    out: &mut impl Write,
    payments: &Payments<'_>,
    population_header: &str,
) -> io::Result<()> {
    write!(out, "Kod\tRegion\t{population_header}\tAndel")?;
    for (id, _) in payments.payments() {
        write!(out, "\t{}", crate::present::wording::heading(*id))?;
    }
    writeln!(out)?;
    let population: u64 = payments
        .rows()
        .iter()
        .map(|r| u64::from(r.population))
        .sum();
    for row in payments.rows() {
        let share = Share {
            weight: row.population,
            weight_sum: population,
        };
        write!(
            out,
            "{}\t{}\t{}\t{share}",
            row.region.code(),
            row.name,
            Grouped(u64::from(row.population))
        )?;
        for amount in &row.amounts {
            write!(out, "\t{}", amount.as_number(false))?;
        }
        writeln!(out)?;
    }
    write!(out, "\tRiket\t{}\t100%", Grouped(population))?;
    for index in 0..payments.payments().len() {
        write!(out, "\t{}", payments.paid(index).as_number(false))?;
    }
    writeln!(out)?;
    if payments.withheld().iter().any(|w| *w != Ore::ZERO) {
        write!(out, "\tInnehållet\t\t")?;
        for withheld in payments.withheld() {
            write!(out, "\t{}", withheld.as_number(false))?;
        }
        writeln!(out)?;
    }
    Ok(())
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
