//! `svf allocate TABLE --total AMOUNT [--unit ore|kr] [--format json|csv|annex]` (contract §2).

use std::io::Write;

use clap::{Args, ValueEnum};
use serde::Serialize;
use svf_kernel::money::Grouped;
use svf_kernel::number::parse_kronor;
use svf_kernel::{AllocationError, Ore, Table, allocate};

use crate::cli::Failure;
use crate::input;

/// Arguments of `svf allocate`.
#[derive(Debug, Args)]
pub struct AllocateArgs {
    /// The weight table (CSV, semicolon or tab separated); `-` for standard input.
    table: String,
    /// The amount in kronor: `182500000`, `182 500 000`, `182_500_000,50`.
    #[arg(long, allow_hyphen_values = true)]
    total: String,
    /// The smallest part: every amount is a whole multiple of it.
    #[arg(long, value_enum, default_value_t = Unit::Ore)]
    unit: Unit,
    /// The output layout.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
}

/// The unit amounts are split in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Unit {
    /// One öre.
    Ore,
    /// One krona (100 öre), as payments are made.
    Kr,
}

impl Unit {
    fn ore(self) -> Ore {
        match self {
            Unit::Ore => Ore(1),
            Unit::Kr => Ore::KRONA,
        }
    }
}

/// Output layouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `{"total_ore", "unit_ore", "rows": [{"code", "name", "weight", "amount_ore"}]}`.
    Json,
    /// `code,name,weight,amount_ore`.
    Csv,
    /// The layout of the published payment annex, tab-separated.
    Annex,
}

/// One region's part, as every output format shows it.
#[derive(Debug, Serialize)]
struct Part<'a> {
    code: &'a str,
    name: &'a str,
    weight: u32,
    amount_ore: i64,
}

/// The whole split.
#[derive(Debug, Serialize)]
struct Split<'a> {
    total_ore: i64,
    unit_ore: i64,
    rows: Vec<Part<'a>>,
}

/// Runs `svf allocate`, writing the result to `out`.
///
/// # Errors
/// [`Failure::Usage`] for an unreadable file or a malformed amount; [`Failure::Refused`] for a
/// table that breaks contract §1 or an amount the table cannot be split into.
pub fn run(args: &AllocateArgs, out: &mut impl Write) -> Result<(), Failure> {
    let total = parse_kronor(&args.total)
        .map_err(|e| Failure::Usage(format!("--total {:?}: the amount {e}", args.total)))?;
    let bytes = input::read(&args.table)?;
    let table = input::table(&args.table, &bytes)?;
    let split = split(&table, total, args.unit.ore()).map_err(|e| {
        // Name what the user has to change: the amount, or the table.
        let place = match e {
            AllocationError::NotMultipleOfUnit { .. } | AllocationError::OutOfRange(_) => {
                "--total".to_owned()
            }
            _ => input::display_name(&args.table).to_owned(),
        };
        Failure::Refused(format!("{place}: {e}"))
    })?;
    let written = match args.format {
        Format::Json => write_json(out, &split),
        Format::Csv => write_csv(out, &split),
        Format::Annex => write_annex(out, &split, table.weight_header(), table.weight_sum()),
    };
    written.map_err(|e| Failure::output(&e))
}

/// Splits `total` among the table's rows by the kernel.
fn split<'a>(table: &Table<'a>, total: Ore, unit: Ore) -> Result<Split<'a>, AllocationError> {
    let weights: Vec<u32> = table.rows().map(|row| row.weight).collect();
    let mut amounts = vec![Ore::ZERO; weights.len()];
    let mut scratch = vec![0u64; weights.len()];
    allocate(total, unit, &weights, &mut amounts, &mut scratch)?;
    let rows = table
        .rows()
        .zip(amounts)
        .map(|(row, amount)| Part {
            code: row.code,
            name: row.name,
            weight: row.weight,
            amount_ore: amount.0,
        })
        .collect();
    Ok(Split {
        total_ore: total.0,
        unit_ore: unit.0,
        rows,
    })
}

fn write_json(out: &mut impl Write, split: &Split<'_>) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, split)?;
    writeln!(out)
}

fn write_csv(out: &mut impl Write, split: &Split<'_>) -> std::io::Result<()> {
    writeln!(out, "code,name,weight,amount_ore")?;
    for part in &split.rows {
        writeln!(
            out,
            "{},{},{},{}",
            csv_field(part.code),
            csv_field(part.name),
            part.weight,
            part.amount_ore
        )?;
    }
    Ok(())
}

/// A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break.
pub(crate) fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn write_annex(
    out: &mut impl Write,
    split: &Split<'_>,
    weight_header: &str,
    weight_sum: u64,
) -> std::io::Result<()> {
    // Öre are shown only when the split could produce them.
    let show_ore = split.unit_ore < Ore::KRONA.0;
    writeln!(out, "Kod\tRegion\t{weight_header}\tAndel\tBelopp")?;
    for part in &split.rows {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            part.code,
            part.name,
            Grouped(u64::from(part.weight)),
            Share {
                weight: part.weight,
                weight_sum
            },
            Ore(part.amount_ore).as_number(show_ore)
        )?;
    }
    writeln!(
        out,
        "\tRiket\t{}\t100%\t{}",
        Grouped(weight_sum),
        Ore(split.total_ore).as_number(show_ore)
    )
}

/// A row's share of the whole in percent, two decimals rounded half up: `23,26%`.
///
/// Invariant: `weight ≤ weight_sum` and `weight_sum > 0` (a parsed, splittable table).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Share {
    pub(crate) weight: u32,
    pub(crate) weight_sum: u64,
}

impl std::fmt::Display for Share {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Hundredths of a percent, rounded half up, exactly: ⌊(2·w·10⁴ + W) / 2W⌋.
        let sum = u128::from(self.weight_sum).max(1);
        let hundredths = (2 * u128::from(self.weight) * 10_000 + sum) / (2 * sum);
        write!(f, "{},{:02}%", hundredths / 100, hundredths % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_rounds_half_up() {
        let share = |weight, weight_sum| Share { weight, weight_sum }.to_string();
        assert_eq!(share(2_455_914, 10_557_682), "23,26%");
        assert_eq!(share(61_093, 10_557_682), "0,58%");
        // 1/8 = 12,5 % exactly; 1/80000 = 0,00125 % rounds to 0,00; 1/16 = 6,25 %.
        assert_eq!(share(1, 8), "12,50%");
        assert_eq!(share(1, 80_000), "0,00%");
        assert_eq!(share(1, 40_000), "0,00%");
        assert_eq!(share(1, 20_000), "0,01%");
        assert_eq!(share(5, 5), "100,00%");
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
