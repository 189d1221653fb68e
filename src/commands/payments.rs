//! `svf payments --year YEAR --populations TABLE [--policy redistribute|withhold]
//! [--rules FILE] [--decisions FILE...] [--allow-missing] [--format json|csv|annex] ASSESSMENT...` (contract
//! §2, §5, §6).
//!
//! A region whose assessment is not given has not earned a conditional payment unless a
//! decision says so (contract §2): that is said on standard error, the regions named with what
//! it means for their money under the policy, and with no assessment at all the command refuses
//! (exit 1) unless `--allow-missing` says it is meant. Standard output is the same either way.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use clap::{Args, ValueEnum};
use svf_functions::present::tables;
use svf_kernel::payments::{PaymentRow, Payments, Policy};
use svf_kernel::region::{REGION_COUNT, Region};
use svf_kernel::vocabulary::PaymentId;

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
    /// What happens to the share of a region that has not earned a conditional payment
    /// (default: the rules', which is redistribute unless a rules file says otherwise).
    #[arg(long, value_enum)]
    policy: Option<PolicyArg>,
    /// The rules file (`svf-rules/1`) the assessments were decided under, when the year had
    /// one: each assessment's parts are checked against its verdicts under these rules.
    #[arg(long, value_name = "FILE")]
    rules: Option<String>,
    /// A recorded decision (`svf-decision/1`), which overrides the assessment for payment of
    /// the parts it names; give it once per file, at most one per region.
    #[arg(long = "decisions", value_name = "FILE", num_args = 1, action = clap::ArgAction::Append)]
    decisions: Vec<String>,
    /// The output layout.
    #[arg(long, value_enum, default_value_t = PaymentsFormat::Json)]
    format: PaymentsFormat,
    /// Compute the payments even when no assessment is given at all (every conditional
    /// payment then goes only where a decision says, the rest withheld); without it that is
    /// refused, as a list of files left out by mistake.
    #[arg(long)]
    allow_missing: bool,
    /// The regions' assessments (`svf-assessment/1`). A region without one earns no
    /// conditional payment, unless a decision says so; the regions without one are listed on
    /// standard error.
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
    let rules = input::rules(year, args.rules.as_deref())?;
    let earned = input::assessments(&rules, &args.assessments)?;
    let decisions = input::decisions(year, &args.decisions)?;
    let policy = match args.policy {
        Some(PolicyArg::Withhold) => Policy::Withhold,
        Some(PolicyArg::Redistribute) => Policy::Redistribute,
        None => rules.policy(),
    };
    let payments = Payments::compute(&rules, &table, policy, |region, id| {
        svf_functions::model::budget::payments::basis(&earned, &decisions, region, id)
    })
    .map_err(|e| Failure::Refused(format!("{}: {e}", input::display_name(&args.populations))))?;
    let conditional: Vec<&str> = rules
        .payments()
        .iter()
        .filter(|p| p.part.is_some())
        .map(|p| p.id.as_str())
        .collect();
    if earned.is_empty() && !args.allow_missing {
        return Err(Failure::Refused(format!(
            "no assessment given: without one no region has earned {}, so it would be paid only \
             where a decision says and otherwise withheld; give the regions' assessments \
             (ASSESSMENT...), or --allow-missing if that is meant",
            conditional_payments(&conditional)
        )));
    }
    if let Some(note) = missing_note(&payments, &earned, &conditional) {
        eprintln!("svf: {note}");
    }
    match args.format {
        PaymentsFormat::Json => input::write_json(out, &payments),
        PaymentsFormat::Csv => tables::write_csv(out, &payments).map_err(|e| Failure::output(&e)),
        PaymentsFormat::Annex => tables::write_annex(out, &payments, table.weight_header())
            .map_err(|e| Failure::output(&e)),
    }
}

/// `the conditional payment (second)`, `the conditional payments (second_a, second_b)`.
fn conditional_payments(ids: &[&str]) -> String {
    format!(
        "the conditional payment{} ({})",
        if ids.len() == 1 { "" } else { "s" },
        ids.join(", ")
    )
}

/// What standard error says when regions' assessments are left out: which regions (code and
/// name, and any decision on them), what that means for their money under the policy, and a
/// payment that nobody earned; `None` when every region's assessment is given.
fn missing_note(
    payments: &Payments<'_>,
    earned: &BTreeMap<Region, Vec<PaymentId>>,
    conditional: &[&str],
) -> Option<String> {
    let missing: Vec<&PaymentRow<'_>> = payments
        .rows()
        .iter()
        .filter(|row| !earned.contains_key(&row.region))
        .collect();
    if missing.is_empty() || conditional.is_empty() {
        return None;
    }
    // A region left out, with what a decision says of it: `13 Halland (second paid by decision
    // S2024/1)`.
    let described = |row: &PaymentRow<'_>| {
        let decided: Vec<String> = payments
            .payments()
            .iter()
            .zip(&row.decided)
            .filter_map(|((id, _), decided)| {
                decided.map(|d| {
                    let paid = if d.eligible { "paid" } else { "not paid" };
                    format!("{} {paid} by decision {}", id.as_str(), d.case)
                })
            })
            .collect();
        (!decided.is_empty()).then(|| format!("{} ({})", row.region, decided.join(", ")))
    };
    let with_decision: Vec<String> = missing.iter().filter_map(|row| described(row)).collect();
    let who = if missing.len() == REGION_COUNT {
        format!("any of the {REGION_COUNT} regions")
    } else {
        let regions: Vec<String> = missing
            .iter()
            .map(|row| described(row).unwrap_or_else(|| row.region.to_string()))
            .collect();
        format!(
            "{} of the {REGION_COUNT} regions: {}",
            missing.len(),
            regions.join(", ")
        )
    };
    let share = match payments.policy() {
        Policy::Redistribute => {
            "under the policy redistribute it is paid 0 kr of it, and its share goes to the \
             regions that earned it (withheld if none did)"
        }
        Policy::Withhold => {
            "under the policy withhold it is paid 0 kr of it, and its share is withheld"
        }
    };
    let mut note = format!(
        "no assessment given for {who}. Without one a region has not earned {} unless a \
         decision says so: {share}.",
        conditional_payments(conditional)
    );
    if missing.len() == REGION_COUNT && !with_decision.is_empty() {
        let _ = write!(note, " Decided: {}.", with_decision.join(", "));
    }
    for (index, (id, total)) in payments.payments().iter().enumerate() {
        if !conditional.contains(&id.as_str()) {
            continue;
        }
        let paid_to = payments
            .rows()
            .iter()
            .filter(|row| row.eligible.get(index) == Some(&true))
            .count();
        let withheld = payments.withheld().get(index).copied().unwrap_or_default();
        let _ = if paid_to == 0 {
            write!(
                note,
                " So {} is paid to no region, and all of it, {total}, is withheld.",
                id.as_str()
            )
        } else {
            write!(
                note,
                " So {} is paid to {paid_to} of the {REGION_COUNT} regions, {} in all, and {withheld} \
                 is withheld.",
                id.as_str(),
                payments.paid(index)
            )
        };
    }
    Some(note)
}
