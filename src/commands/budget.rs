//! `svf budget YEAR [--agreement FILE] [--populations TABLE] [--halland FILE] [--assessments
//! FILE...]... [--decisions FILE]... [--rules FILE] [--format table|tsv]`: a whole agreement's money, every item
//! split to its recipients.
//!
//! Items paid to the regions are split by the population table; items paid to the six RCC by
//! population are split by each RCC's population, the sum of its regions' (Halland's by
//! municipality, from `--halland`); equal items in equal parts; an item the agreement does not
//! split is one line. Every split is the kernel's largest-remainder allocation in whole kronor,
//! so the parts of an item sum exactly to the item, and the sum of every line is checked against
//! the total the agreement states.
//!
//! The conditional items (`conditional+population`) go, as the agreements and the payments do,
//! by population to the regions that meet the year's conditions only (redistribution): with
//! the regions' assessments (and any recorded decisions) given, among those eligible; without
//! them, as if every region met the conditions. The conditional items, in the file's order, are
//! the year's conditional payments in order (2026: part A, then part B); with assessments
//! given, the agreement's SVF items are checked to be the year's payments, in number and amount.
//!
//! The computing is the library's ([`svf_functions::model::budget`]); this module holds the arguments, the
//! built-in data, the reading of files and the exit codes.
//!
//! Without Halland's municipalities (`--halland`) the items paid to the RCC by population
//! (2024: 220 MSEK) cannot be split, since Halland belongs to RCC Syd and RCC Väst by
//! municipality. They are then shown unsplit, each on its own line with its whole amount, every
//! other item split, the total checked, the reason on standard error, and the exit code is 0.
//! Why not split them by the demo's table of Halland's municipalities (`demo/halland-2024.csv`),
//! which sums to the built-in population table? Its figures are made up, and a finance officer
//! reads this output to pay: RCC Syd's and RCC Väst's amounts would look exactly like real ones
//! (in the TSV layout, with nothing beside them to say otherwise) while off by an amount no one
//! can tell: by the shares of SCB's December 2023 figures, some 25 000 kr. Every krona of the
//! agreement is accounted for either way; an amount svf cannot know is left plainly unsplit
//! rather than made up.
//!
//! Exit codes: 0 when the sum of every line is the agreement's total, every item split or, for
//! want of Halland's municipalities only, left plainly unsplit; 1 when an input is refused; 2
//! usage.

use std::borrow::Cow;
use std::io::Write;

use clap::{Args, ValueEnum};

use crate::failure::Failure;
use crate::input;
use svf_functions::model::budget::{Agreement, Budget, BudgetError, Eligibility, Sources};
use svf_functions::present::budget::{self, Labels};

use svf_functions::model::budget::builtin::{
    AGREEMENT_2024, AGREEMENT_2024_NAME, RCC_REGIONS_NAME, YEAR as BUILT_IN_YEAR,
};
const POPULATIONS_2024: &[u8] = include_bytes!("../../demo/populations-2024.csv");
const POPULATIONS_2024_NAME: &str = "demo/populations-2024.csv";

/// Arguments of `svf budget`.
#[derive(Debug, Args)]
pub struct BudgetArgs {
    /// The agreement year; 2024's allocation and population table are built in.
    year: u16,
    /// The agreement's allocation instead of the built-in one: a header `item`, `msek`,
    /// `recipient` (regions, RCC, SKR), `split` (population, conditional+population, equal,
    /// none), one row per item, and a last row `Totalt` with the total and no recipient or split.
    #[arg(long, value_name = "FILE")]
    agreement: Option<String>,
    /// The regions' population table (contract §1) instead of the built-in November 2024 one.
    #[arg(long, value_name = "TABLE")]
    populations: Option<String>,
    /// Halland's population by municipality, of the same date as the population table: columns
    /// `kommun` and `folkmängd` (or `population`), optionally `rcc`. Needed to split the items
    /// paid to the RCC by population, since Halland belongs to RCC Syd and RCC Väst.
    #[arg(long, value_name = "FILE")]
    halland: Option<String>,
    /// The regions' assessments (`svf-assessment/1`) of the year, several after one flag
    /// (`--assessments assessments/2024/*.json`, after YEAR) or one per flag: the conditional
    /// items are then split among the eligible regions only.
    #[arg(long = "assessments", value_name = "FILE", num_args = 1.., action = clap::ArgAction::Append)]
    assessments: Vec<String>,
    /// A recorded decision (`svf-decision/1`), once per file, overriding an assessment.
    #[arg(long = "decisions", value_name = "FILE", num_args = 1, action = clap::ArgAction::Append)]
    decisions: Vec<String>,
    /// The rules file (`svf-rules/1`) the assessments were decided under, when the year had
    /// one: each assessment's parts are checked against its verdicts under these rules.
    #[arg(long, value_name = "FILE")]
    rules: Option<String>,
    /// The output layout.
    #[arg(long, value_enum, default_value_t = BudgetFormat::Table)]
    format: BudgetFormat,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BudgetFormat {
    /// For people: one block per item, Swedish numbers, a summary per recipient and the total.
    Table,
    /// Tab-separated, one row per item and recipient, amounts in öre as integers.
    Tsv,
}

/// A file to read: given on the command line, or built in.
struct Source {
    /// How messages name it.
    name: String,
    bytes: Cow<'static, [u8]>,
    built_in: bool,
}

impl Source {
    fn built_in(name: &str, bytes: &'static [u8]) -> Source {
        Source {
            name: name.to_owned(),
            bytes: Cow::Borrowed(bytes),
            built_in: true,
        }
    }

    fn read(path: &str) -> Result<Source, Failure> {
        Ok(Source {
            name: input::display_name(path).to_owned(),
            bytes: Cow::Owned(input::read(path)?),
            built_in: false,
        })
    }

    /// How the output names it.
    fn label(&self) -> String {
        if self.built_in {
            format!("{} (inbyggd)", self.name)
        } else {
            self.name.clone()
        }
    }
}

/// Runs `svf budget`, writing the result to `out`.
///
/// # Errors
/// [`Failure::Usage`] for an unreadable file or standard input named twice;
/// [`Failure::Refused`] for a year without data, an input that breaks its format, figures
/// that do not agree with each other, or an item that could not be split (after printing the
/// rest).
pub fn run(args: &BudgetArgs, out: &mut impl Write) -> Result<(), Failure> {
    let stdin_uses = [&args.agreement, &args.populations, &args.halland]
        .iter()
        .filter(|a| a.as_deref() == Some("-"))
        .count();
    if stdin_uses > 1 {
        return Err(Failure::Usage(
            "standard input (-) can be only one of --agreement, --populations, --halland".into(),
        ));
    }
    let (agreement, populations) = sources(args)?;
    let halland = args.halland.as_deref().map(Source::read).transpose()?;
    let eligibility = eligibility(args)?;
    let budget = compute(
        args.year,
        &agreement,
        &populations,
        halland.as_ref(),
        eligibility,
    )?;
    let labels = Labels {
        agreement: &agreement.label(),
        populations: &populations.label(),
        rcc: &format!("{RCC_REGIONS_NAME} (inbyggd)"),
    };
    let written = match args.format {
        BudgetFormat::Table => budget::write_table(out, &budget, labels),
        BudgetFormat::Tsv => budget::write_tsv(out, &budget),
    };
    written
        .and_then(|()| out.flush())
        .map_err(|e| Failure::output(&e))?;
    match budget.complete() {
        Ok(()) => Ok(()),
        // Shown, explained and summed, not an error: see the module's notes.
        Err(unsplit @ BudgetError::Unsplit { .. }) => {
            eprintln!(
                "svf: {unsplit} The budget is still whole: the amount stands on its own lines, \
                 and every line sums to the agreement's total."
            );
            Ok(())
        }
        Err(error) => Err(refused(&error)),
    }
}

/// The exit code of a budget that could not be made: every such failure is an input read but
/// refused (exit 1), and an item left unsplit leaves the output incomplete, also 1.
fn refused(error: &BudgetError) -> Failure {
    match error {
        BudgetError::Sheet { .. }
        | BudgetError::RegionWithoutRcc { .. }
        | BudgetError::DuplicateRegion { .. }
        | BudgetError::ZeroPopulation { .. }
        | BudgetError::RegionMissing { .. }
        | BudgetError::SplitRegion { .. }
        | BudgetError::HallandSum { .. }
        | BudgetError::MunicipalityRcc { .. }
        | BudgetError::EligibilityYear { .. }
        | BudgetError::PaymentCount { .. }
        | BudgetError::PaymentAmount { .. }
        | BudgetError::Split { .. }
        | BudgetError::PartsSum { .. }
        | BudgetError::Total { .. }
        | BudgetError::Overflow
        | BudgetError::Unsplit { .. } => Failure::Refused(error.to_string()),
    }
}

/// Who is eligible for each conditional payment of the year, from the assessments and
/// decisions given; `None` when none are.
fn eligibility(args: &BudgetArgs) -> Result<Option<Eligibility>, Failure> {
    if args.assessments.is_empty() && args.decisions.is_empty() {
        return Ok(None);
    }
    let year = crate::commands::year("svf budget", args.year)?;
    let rules = input::rules(year, args.rules.as_deref())?;
    let earned = input::assessments(&rules, &args.assessments)?;
    let decisions = input::decisions(year, &args.decisions)?;
    Ok(Some(Eligibility::of(year, &earned, &decisions)))
}

/// The allocation and the population table: given, or built in for 2024.
fn sources(args: &BudgetArgs) -> Result<(Source, Source), Failure> {
    let built_in = args.year == BUILT_IN_YEAR;
    let mut missing = Vec::new();
    if args.agreement.is_none() && !built_in {
        missing.push("the agreement's allocation (--agreement FILE)");
    }
    if args.populations.is_none() && !built_in {
        missing.push("the regions' population table (--populations TABLE)");
    }
    if !missing.is_empty() {
        return Err(Failure::Refused(format!(
            "svf budget {}: no data for {} is built in (only {BUILT_IN_YEAR}'s: \
             {AGREEMENT_2024_NAME} and {POPULATIONS_2024_NAME}); give {}",
            args.year,
            args.year,
            missing.join(" and ")
        )));
    }
    let agreement = match &args.agreement {
        Some(path) => Source::read(path)?,
        None => Source::built_in(AGREEMENT_2024_NAME, AGREEMENT_2024),
    };
    let populations = match &args.populations {
        Some(path) => Source::read(path)?,
        None => Source::built_in(POPULATIONS_2024_NAME, POPULATIONS_2024),
    };
    Ok((agreement, populations))
}

/// Reads every input (the RCC table and Halland's municipalities built in) and has the
/// library check them against each other and split every item.
fn compute(
    year: u16,
    agreement_source: &Source,
    populations_source: &Source,
    halland_source: Option<&Source>,
    eligibility: Option<Eligibility>,
) -> Result<Budget, Failure> {
    let agreement = Agreement::parse(&agreement_source.bytes)
        .map_err(|e| refused(&BudgetError::sheet(&agreement_source.name, e)))?;
    let table = input::table(&populations_source.name, &populations_source.bytes)?;
    let sources = Sources {
        agreement: (&agreement_source.name, agreement),
        populations: (&populations_source.name, &table),
        halland: halland_source.map(|s| (s.name.as_str(), s.bytes.as_ref())),
    };
    Budget::from_sources(year, sources, eligibility).map_err(|e| refused(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_data_make_the_2024_budget() {
        let agreement = Source::built_in(AGREEMENT_2024_NAME, AGREEMENT_2024);
        let populations = Source::built_in(POPULATIONS_2024_NAME, POPULATIONS_2024);
        let budget = compute(2024, &agreement, &populations, None, None).unwrap();
        assert_eq!(budget.agreement().items.len(), 15);
        // Without Halland's municipalities the RCC's items by population are left unsplit,
        // which `run` says and does not count a failure.
        assert!(matches!(
            budget.complete(),
            Err(BudgetError::Unsplit { ref items, .. }) if items.len() == 3
        ));
    }
}
