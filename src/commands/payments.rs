//! `svf payments --year YEAR --populations TABLE [--policy withhold|redistribute]
//! [--format json|csv|annex] ASSESSMENT...` (contract §2, §5).

use std::collections::HashMap;
use std::io::Write;

use clap::{Args, ValueEnum};
use svf_functions::render;
use svf_functions::summary::{self, Earned};
use svf_kernel::payments::{Payments, Policy};
use svf_kernel::region::{Region, Year};
use svf_kernel::rules::Rules;

use crate::cli::Failure;
use crate::commands::assess::write;
use crate::input;

/// Arguments of `svf payments`.
#[derive(Debug, Args)]
pub struct PaymentsArgs {
    /// The agreement year: 2022, 2024 or 2026.
    #[arg(long)]
    year: u16,
    /// The population table (contract §1) with the 21 regions.
    #[arg(long)]
    populations: String,
    /// What happens to the share of a region that has not earned a conditional payment.
    #[arg(long, value_enum, default_value_t = PolicyArg::Withhold)]
    policy: PolicyArg,
    /// The output layout.
    #[arg(long, value_enum, default_value_t = PaymentsFormat::Json)]
    format: PaymentsFormat,
    /// The regions' assessments (`svf-assessment/1`). A region without one earns no
    /// conditional payment.
    assessments: Vec<String>,
}

/// `--policy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PolicyArg {
    /// Not paid; reported as withheld.
    Withhold,
    /// Split among the eligible regions.
    Redistribute,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PaymentsFormat {
    /// `svf-payments/1`.
    Json,
    /// One row per region: code, name, population, then per payment `ID_eligible`, `ID_ore`.
    Csv,
    /// The annex layout, one amount column per payment, tab-separated.
    Annex,
}

/// Runs `svf payments`.
///
/// # Errors
/// [`Failure::Usage`] for an unknown year or unreadable file; [`Failure::Refused`] for a bad
/// table or assessment.
pub fn run(args: &PaymentsArgs, out: &mut impl Write) -> Result<(), Failure> {
    let year = Year::from_number(u64::from(args.year)).ok_or_else(|| {
        Failure::Usage(format!("--year {}: must be 2022, 2024 or 2026", args.year))
    })?;
    let bytes = input::read(&args.populations)?;
    let table = input::table(&args.populations, &bytes)?;
    let earned = earned_parts(year, &args.assessments)?;
    let rules = Rules::of(year);
    let policy = match args.policy {
        PolicyArg::Withhold => Policy::Withhold,
        PolicyArg::Redistribute => Policy::Redistribute,
    };
    let payments = Payments::compute(&rules, &table, policy, |region, id| {
        earned
            .get(&region)
            .is_some_and(|parts| parts.iter().any(|p| p == id))
    })
    .map_err(|e| Failure::Refused(format!("{}: {e}", input::display_name(&args.populations))))?;
    match args.format {
        PaymentsFormat::Json => write(out, &payments),
        PaymentsFormat::Csv => render::write_csv(out, &payments).map_err(|e| Failure::output(&e)),
        PaymentsFormat::Annex => render::write_annex(out, &payments, table.weight_header())
            .map_err(|e| Failure::output(&e)),
    }
}

/// The conditional parts each region earned, from its assessment file.
fn earned_parts(year: Year, paths: &[String]) -> Result<HashMap<Region, Vec<String>>, Failure> {
    let mut earned: HashMap<Region, Vec<String>> = HashMap::new();
    let mut files: HashMap<Region, &str> = HashMap::new();
    for path in paths {
        let refused =
            |why: String| Failure::Refused(format!("{}: {why}", input::display_name(path)));
        let bytes = input::read(path)?;
        let Earned { region, parts } = summary::earned(&bytes, year).map_err(refused)?;
        if let Some(first) = files.insert(region, path) {
            return Err(refused(format!(
                "a second assessment for region {region}; the first is {first}"
            )));
        }
        earned.insert(region, parts);
    }
    Ok(earned)
}
