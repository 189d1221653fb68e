//! `svf payments --year YEAR --populations TABLE [--policy redistribute|withhold]
//! [--decisions FILE...] [--format json|csv|annex] ASSESSMENT...` (contract §2, §5, §6).

use std::collections::BTreeMap;
use std::io::Write;

use clap::{Args, ValueEnum};
use svf_functions::render;
use svf_functions::summary::{self, Earned};
use svf_kernel::decision::{Decision, MAX_DECISION_BYTES};
use svf_kernel::payments::{Payments, Policy};
use svf_kernel::region::{Region, Year};
use svf_kernel::rules::Rules;

use crate::cli::Failure;
use crate::commands::year;
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
    /// Recorded decisions (`svf-decision/1`), which override the assessments for payment of
    /// the parts they name; at most one per region.
    #[arg(long, num_args = 1..)]
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
    let earned = earned_parts(year, &args.assessments)?;
    let decisions = decisions(year, &args.decisions)?;
    let rules = Rules::of(year);
    let policy = match args.policy {
        PolicyArg::Withhold => Policy::Withhold,
        PolicyArg::Redistribute => Policy::Redistribute,
    };
    let payments = Payments::compute(&rules, &table, policy, |region, id| {
        summary::basis(&earned, &decisions, region, id)
    })
    .map_err(|e| Failure::Refused(format!("{}: {e}", input::display_name(&args.populations))))?;
    match args.format {
        PaymentsFormat::Json => input::write_json(out, &payments),
        PaymentsFormat::Csv => render::write_csv(out, &payments).map_err(|e| Failure::output(&e)),
        PaymentsFormat::Annex => render::write_annex(out, &payments, table.weight_header())
            .map_err(|e| Failure::output(&e)),
    }
}

/// The conditional parts each region earned, from its assessment file.
fn earned_parts(year: Year, paths: &[String]) -> Result<BTreeMap<Region, Vec<String>>, Failure> {
    let mut earned: BTreeMap<Region, Vec<String>> = BTreeMap::new();
    let mut files: BTreeMap<Region, &str> = BTreeMap::new();
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

/// The recorded decisions, each checked by the kernel and to be of `year`.
fn decisions(year: Year, paths: &[String]) -> Result<BTreeMap<Region, Decision>, Failure> {
    let mut decisions: BTreeMap<Region, Decision> = BTreeMap::new();
    let mut files: BTreeMap<Region, &str> = BTreeMap::new();
    for path in paths {
        let name = input::display_name(path);
        let bytes = input::read_limited(path, MAX_DECISION_BYTES)?;
        let decision = Decision::parse(&bytes)
            .map_err(|rejection| Failure::Refused(format!("{name}: {rejection}")))?;
        if decision.year != year {
            return Err(Failure::Refused(format!(
                "{name}: agreement_year: is {}, but the payments are for {year}",
                decision.year
            )));
        }
        if let Some(first) = files.insert(decision.region, path) {
            return Err(Failure::Refused(format!(
                "{name}: a second decision for region {}; the first is {first}",
                decision.region
            )));
        }
        decisions.insert(decision.region, decision);
    }
    Ok(decisions)
}
