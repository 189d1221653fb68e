//! `svf payments --year YEAR --populations TABLE [--policy redistribute|withhold]
//! [--decisions FILE...] [--format json|csv|annex] ASSESSMENT...` (contract §2, §5, §6).

use std::io::Write;

use clap::{Args, ValueEnum};
use svf_functions::present::tables;
use svf_kernel::payments::{Payments, Policy};
use svf_kernel::rules::Rules;

use crate::commands::year;
use crate::failure::Failure;
use crate::input;

/// Arguments of `svf payments`.
#[derive(Debug, Args)]
pub struct PaymentsArgs {
    /// The agreement year, 2022 to 2026.
    #[arg(long)]
    year: u16,
    /// The population table (contract §1) with the 21 regions.
    #[arg(long)]
    populations: String,
    /// What happens to the share of a region that has not earned a conditional payment.
    #[arg(long, value_enum, default_value_t = PolicyArg::Redistribute)]
    policy: PolicyArg,
    /// A recorded decision (`svf-decision/1`), which overrides the assessment for payment of
    /// the parts it names; give it once per file, at most one per region.
    #[arg(long = "decisions", value_name = "FILE", num_args = 1, action = clap::ArgAction::Append)]
    decisions: Vec<String>,
    /// The output layout.
    #[arg(long, value_enum, default_value_t = PaymentsFormat::Json)]
    format: PaymentsFormat,
    /// The regions' assessments (`svf-assessment/1`). A region without one earns no
    /// conditional payment, unless a decision says so.
    assessments: Vec<String>,
}

/// `--policy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PolicyArg {
    /// Split among the eligible regions (as the agreements and the government do).
    Redistribute,
    /// Not paid; reported as withheld.
    Withhold,
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
/// table, assessment or decision.
pub fn run(args: &PaymentsArgs, out: &mut impl Write) -> Result<(), Failure> {
    let year = year("--year", args.year)?;
    let bytes = input::read(&args.populations)?;
    let table = input::table(&args.populations, &bytes)?;
    let earned = input::assessments(year, &args.assessments)?;
    let decisions = input::decisions(year, &args.decisions)?;
    let rules = Rules::of(year);
    let policy = match args.policy {
        PolicyArg::Withhold => Policy::Withhold,
        PolicyArg::Redistribute => Policy::Redistribute,
    };
    let payments = Payments::compute(&rules, &table, policy, |region, id| {
        svf_functions::model::budget::payments::basis(&earned, &decisions, region, id)
    })
    .map_err(|e| Failure::Refused(format!("{}: {e}", input::display_name(&args.populations))))?;
    match args.format {
        PaymentsFormat::Json => input::write_json(out, &payments),
        PaymentsFormat::Csv => tables::write_csv(out, &payments).map_err(|e| Failure::output(&e)),
        PaymentsFormat::Annex => tables::write_annex(out, &payments, table.weight_header())
            .map_err(|e| Failure::output(&e)),
    }
}
