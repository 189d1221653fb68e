//! `svf allocate TABLE --total AMOUNT [--unit ore|kr] [--format json|csv|annex]` (contract §2).

use std::io::Write;

use clap::{Args, ValueEnum};
use serde::Serialize;
use svf_functions::present::tables::{AnnexRow, csv_field, write_annex_layout};
use svf_kernel::number::parse_kronor;
use svf_kernel::{AllocationError, Ore, Table, allocate};

use crate::failure::Failure;
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
        Format::Annex => write_annex(out, &split, table.weight_header()),
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

fn write_annex(
    out: &mut impl Write,
    split: &Split<'_>,
    weight_header: &str,
) -> std::io::Result<()> {
    let rows: Vec<AnnexRow<'_>> = split
        .rows
        .iter()
        .map(|part| AnnexRow {
            code: part.code,
            name: part.name,
            weight: part.weight,
            amount: Ore(part.amount_ore),
        })
        .collect();
    // Öre are shown only when the split could produce them.
    let show_ore = split.unit_ore < Ore::KRONA.0;
    write_annex_layout(out, weight_header, &rows, Ore(split.total_ore), show_ore)
}
