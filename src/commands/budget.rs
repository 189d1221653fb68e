//! `svf budget YEAR [--agreement FILE] [--populations TABLE] [--halland FILE] [--assessments
//! FILE]... [--decisions FILE]... [--format table|tsv]`: a whole agreement's money, every item
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
//! the year's conditional payments in order (2026: part A, then part B).
//!
//! Exit codes: 0 when every item is split and the sum is the agreement's total; 1 when an input
//! is refused, or when an item could not be split (everything else is still printed, the reason
//! on standard error); 2 usage.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};

use clap::{Args, ValueEnum};
use svf_functions::summary;
use svf_kernel::money::Grouped;
use svf_kernel::percent::Percent;
use svf_kernel::region::Region as RegionId;
use svf_kernel::rules::Rules;
use svf_kernel::{AllocationError, Ore, allocate};

use crate::agreement::{
    Agreement, Item, Membership, Municipality, PaidTo, RccMap, Split, known_municipalities,
    parse_halland,
};
use crate::failure::Failure;
use crate::input;

/// The year whose data are built in.
const BUILT_IN_YEAR: u16 = 2024;
const AGREEMENT_2024: &[u8] = include_bytes!("../../data/agreement-2024-allocation.tsv");
const AGREEMENT_2024_NAME: &str = "data/agreement-2024-allocation.tsv";
const POPULATIONS_2024: &[u8] = include_bytes!("../../demo/populations-2024.csv");
const POPULATIONS_2024_NAME: &str = "demo/populations-2024.csv";
const RCC_REGIONS: &[u8] = include_bytes!("../../data/rcc-regions.csv");
const RCC_REGIONS_NAME: &str = "data/rcc-regions.csv";
const HALLAND_MUNICIPALITIES: &[u8] = include_bytes!("../../data/halland-municipalities.csv");
const HALLAND_MUNICIPALITIES_NAME: &str = "data/halland-municipalities.csv";
/// Halland's region code: the one region whose municipalities `--halland` gives.
const HALLAND: &str = "13";

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
    /// A region's assessment (`svf-assessment/1`) of the year, once per file: the conditional
    /// items are then split among the eligible regions only.
    #[arg(long = "assessments", value_name = "FILE", num_args = 1, action = clap::ArgAction::Append)]
    assessments: Vec<String>,
    /// A recorded decision (`svf-decision/1`), once per file, overriding an assessment.
    #[arg(long = "decisions", value_name = "FILE", num_args = 1, action = clap::ArgAction::Append)]
    decisions: Vec<String>,
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

/// A region of the population table.
struct Region {
    code: String,
    name: String,
    population: u32,
}

/// One recipient's part of an item.
struct Part {
    /// The region code, for a region.
    code: Option<String>,
    recipient: String,
    /// The weight of the split: a population, or 1 for equal parts.
    weight: u64,
    amount: Ore,
}

/// What became of an item.
enum Outcome {
    /// Split among its recipients; the parts sum to the item.
    Split { parts: Vec<Part>, weight_sum: u64 },
    /// One recipient, the whole amount.
    Whole { recipient: String },
    /// Could not be split: Halland's municipalities are missing.
    Unsplit,
}

/// Halland's split between RCC, for the output.
struct HallandSplit {
    source: String,
    /// Per RCC of Halland (in the order of the RCC table): its name, population, municipalities.
    parts: Vec<(String, u64, Vec<String>)>,
}

/// Everything `svf budget` prints.
struct Budget {
    year: u16,
    agreement: Agreement,
    /// The allocation's file, as messages name it.
    agreement_name: String,
    /// The allocation's file, as the output names it.
    agreement_source: String,
    populations_source: String,
    population_header: String,
    regions: Vec<Region>,
    centres: Vec<String>,
    /// `None` when Halland's municipalities are missing.
    halland: Option<HallandSplit>,
    /// Whether the conditional items are split among the eligible only (assessments given).
    conditional_known: bool,
    outcomes: Vec<Outcome>,
}

/// Per conditional payment of the year, in order: whether each region (by code) is eligible.
type Eligibility = Vec<BTreeMap<String, bool>>;

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
        eligibility.as_ref(),
    )?;
    let written = match args.format {
        BudgetFormat::Table => write_table(out, &budget),
        BudgetFormat::Tsv => write_tsv(out, &budget),
    };
    written
        .and_then(|()| out.flush())
        .map_err(|e| Failure::output(&e))?;
    let unsplit: Vec<&Item> = budget
        .agreement
        .items
        .iter()
        .zip(&budget.outcomes)
        .filter(|(_, outcome)| matches!(outcome, Outcome::Unsplit))
        .map(|(item, _)| item)
        .collect();
    if unsplit.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = unsplit
        .iter()
        .map(|item| format!("{} (line {})", item.name, item.line))
        .collect();
    let amount = sum(unsplit.iter().map(|item| item.amount))?;
    Err(Failure::Refused(format!(
        "{}: {} paid to the RCC by population could not be split: {}. Halland belongs to \
         RCC Syd and RCC Väst by municipality, so Halland's population by municipality is needed \
         (--halland FILE, columns kommun and folkmängd of the same date as the population \
         table). Everything else is printed; {amount} is left unsplit.",
        budget.agreement_name,
        if unsplit.len() == 1 {
            "1 item".to_owned()
        } else {
            format!("{} items", unsplit.len())
        },
        names.join(", "),
    )))
}

/// Who is eligible for each conditional payment of the year, from the assessments and
/// decisions given; `None` when none are.
fn eligibility(args: &BudgetArgs) -> Result<Option<Eligibility>, Failure> {
    if args.assessments.is_empty() && args.decisions.is_empty() {
        return Ok(None);
    }
    let year = crate::commands::year("svf budget", args.year)?;
    let earned = input::assessments(year, &args.assessments)?;
    let decisions = input::decisions(year, &args.decisions)?;
    let conditional = Rules::of(year)
        .payments
        .iter()
        .filter(|p| p.part.is_some())
        .map(|payment| {
            RegionId::ALL
                .iter()
                .map(|&region| {
                    let basis = summary::basis(&earned, &decisions, region, payment.id);
                    (region.code().to_owned(), basis.eligible())
                })
                .collect()
        })
        .collect();
    Ok(Some(conditional))
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

/// Reads every input, checks them against each other and splits every item.
fn compute(
    year: u16,
    agreement_source: &Source,
    populations_source: &Source,
    halland_source: Option<&Source>,
    eligibility: Option<&Eligibility>,
) -> Result<Budget, Failure> {
    let refused = |name: &str, e: &dyn std::fmt::Display| Failure::Refused(format!("{name}: {e}"));
    let agreement = Agreement::parse(&agreement_source.bytes)
        .map_err(|e| refused(&agreement_source.name, &e))?;
    let table = input::table(&populations_source.name, &populations_source.bytes)?;
    let rcc = RccMap::parse(RCC_REGIONS).map_err(|e| refused(RCC_REGIONS_NAME, &e))?;
    let regions: Vec<Region> = table
        .rows()
        .map(|row| Region {
            code: row.code.to_owned(),
            name: row.name.to_owned(),
            population: row.weight,
        })
        .collect();
    check_regions(&populations_source.name, &table, &rcc)?;
    let municipalities = match halland_source {
        Some(source) => {
            let known = known_municipalities(HALLAND_MUNICIPALITIES)
                .map_err(|e| refused(HALLAND_MUNICIPALITIES_NAME, &e))?;
            let rows =
                parse_halland(&source.bytes, &known).map_err(|e| refused(&source.name, &e))?;
            Some((source, rows))
        }
        None => None,
    };
    let (rcc_populations, halland) = rcc_populations(
        &rcc,
        &regions,
        &populations_source.name,
        municipalities
            .as_ref()
            .map(|(source, rows)| (source.name.as_str(), rows.as_slice())),
    )?;
    let conditional_items = agreement
        .items
        .iter()
        .filter(|i| i.split == Split::ConditionalPopulation)
        .count();
    if let Some(eligibility) = eligibility
        && eligibility.len() != conditional_items
    {
        return Err(Failure::Refused(format!(
            "{}: {conditional_items} conditional items, but {year} has {} conditional payments;              each conditional item is one of them, in order",
            agreement_source.name,
            eligibility.len()
        )));
    }
    let mut outcomes = Vec::with_capacity(agreement.items.len());
    let mut conditional = eligibility.into_iter().flatten();
    for item in &agreement.items {
        let eligible = if item.split == Split::ConditionalPopulation {
            conditional.next()
        } else {
            None
        };
        let outcome = split_item(
            item,
            &regions,
            &rcc.centres,
            rcc_populations.as_deref(),
            eligible,
        )
        .map_err(|e| {
            Failure::Refused(format!(
                "{}: line {}: {}: {e}",
                agreement_source.name, item.line, item.name
            ))
        })?;
        outcomes.push(outcome);
    }
    let budget = Budget {
        year,
        agreement_name: agreement_source.name.clone(),
        agreement_source: agreement_source.label(),
        populations_source: populations_source.label(),
        population_header: table.weight_header().to_owned(),
        regions,
        centres: rcc.centres,
        halland,
        conditional_known: eligibility.is_some(),
        outcomes,
        agreement,
    };
    check_total(&budget)?;
    Ok(budget)
}

/// The population table must hold exactly the regions the RCC table names.
fn check_regions(name: &str, table: &svf_kernel::Table<'_>, rcc: &RccMap) -> Result<(), Failure> {
    for row in table.rows() {
        if !rcc.members.iter().any(|m| m.code == row.code) {
            return Err(Failure::Refused(format!(
                "{name}: line {}: the region {} ({}) is not in {RCC_REGIONS_NAME}, which gives \
                 every region's RCC",
                row.line, row.code, row.name
            )));
        }
    }
    for member in &rcc.members {
        if !table.rows().any(|row| row.code == member.code) {
            return Err(Failure::Refused(format!(
                "{name}: the region {} ({RCC_REGIONS_NAME} line {}) is missing; every region is \
                 needed",
                member.code, member.line
            )));
        }
    }
    Ok(())
}

/// Each RCC's population: the sum of its regions', Halland's by municipality. `None` when a
/// region is split between RCC and its municipalities were not given.
fn rcc_populations(
    rcc: &RccMap,
    regions: &[Region],
    populations_name: &str,
    municipalities: Option<(&str, &[Municipality])>,
) -> Result<(Option<Vec<u64>>, Option<HallandSplit>), Failure> {
    let mut sums = vec![0u64; rcc.centres.len()];
    let mut halland = None;
    for member in &rcc.members {
        // check_regions made sure every member is in the table.
        let Some(region) = regions.iter().find(|r| r.code == member.code) else {
            continue;
        };
        match &member.rcc {
            Membership::Whole(p) => sums[*p] += u64::from(region.population),
            Membership::Split(positions) => {
                if member.code != HALLAND {
                    return Err(Failure::Refused(format!(
                        "{RCC_REGIONS_NAME}: line {}: the region {} is split between RCC, but \
                         only Halland's municipalities can be given (--halland)",
                        member.line, member.code
                    )));
                }
                let Some((source, rows)) = municipalities else {
                    return Ok((None, None));
                };
                let sum: u64 = rows.iter().map(|m| u64::from(m.population)).sum();
                if sum != u64::from(region.population) {
                    return Err(Failure::Refused(format!(
                        "{source}: Halland's municipalities sum to {}, but {populations_name} \
                         gives {} {}; the figures must be of the same date (give municipal \
                         figures of the population table's date, or a population table of the \
                         municipal figures' date with --populations)",
                        Grouped(sum),
                        region.name,
                        Grouped(u64::from(region.population)),
                    )));
                }
                let mut parts: Vec<(String, u64, Vec<String>)> = positions
                    .iter()
                    .map(|&p| (rcc.centres[p].clone(), 0, Vec::new()))
                    .collect();
                for m in rows {
                    let Some(at) = positions.iter().position(|&p| rcc.centres[p] == m.rcc) else {
                        return Err(Failure::Refused(format!(
                            "{HALLAND_MUNICIPALITIES_NAME}: {} belongs to RCC {}, which \
                             {RCC_REGIONS_NAME} (line {}) does not name for Halland",
                            m.name, m.rcc, member.line
                        )));
                    };
                    sums[positions[at]] += u64::from(m.population);
                    parts[at].1 += u64::from(m.population);
                    parts[at].2.push(m.name.clone());
                }
                for part in &mut parts {
                    part.2.sort();
                }
                halland = Some(HallandSplit {
                    source: source.to_owned(),
                    parts,
                });
            }
        }
    }
    Ok((Some(sums), halland))
}

/// Splits one item, or says it cannot be split.
fn split_item(
    item: &Item,
    regions: &[Region],
    centres: &[String],
    rcc_populations: Option<&[u64]>,
    eligible: Option<&BTreeMap<String, bool>>,
) -> Result<Outcome, String> {
    match (item.paid_to, item.split) {
        (_, Split::Whole) => Ok(Outcome::Whole {
            recipient: whole_recipient(item.paid_to).to_owned(),
        }),
        (PaidTo::Regions, split) => {
            let weights: Vec<u32> = match split {
                Split::Equal => vec![1; regions.len()],
                // Among the eligible only, when it is known who they are.
                Split::ConditionalPopulation => regions
                    .iter()
                    .map(|r| {
                        let paid =
                            eligible.is_none_or(|e| e.get(&r.code).copied().unwrap_or(false));
                        if paid { r.population } else { 0 }
                    })
                    .collect(),
                _ => regions.iter().map(|r| r.population).collect(),
            };
            let recipients = regions
                .iter()
                .map(|r| (Some(r.code.clone()), r.name.clone()));
            split_among(item.amount, recipients, &weights)
        }
        (PaidTo::Rcc, split) => {
            let weights: Vec<u32> = if split == Split::Equal {
                vec![1; centres.len()]
            } else {
                let Some(populations) = rcc_populations else {
                    return Ok(Outcome::Unsplit);
                };
                populations
                    .iter()
                    .zip(centres)
                    .map(|(&p, name)| {
                        u32::try_from(p).map_err(|_| {
                            format!(
                                "the population of RCC {name}, {}, is above the largest weight, {}",
                                Grouped(p),
                                Grouped(u64::from(u32::MAX))
                            )
                        })
                    })
                    .collect::<Result<_, _>>()?
            };
            let recipients = centres.iter().map(|c| (None, format!("RCC {c}")));
            split_among(item.amount, recipients, &weights)
        }
        // The agreement's parser lets SKR have only `none`.
        (PaidTo::Skr, _) => Ok(Outcome::Whole {
            recipient: whole_recipient(PaidTo::Skr).to_owned(),
        }),
    }
}

/// The kernel's allocation in whole kronor.
fn split_among(
    amount: Ore,
    recipients: impl Iterator<Item = (Option<String>, String)>,
    weights: &[u32],
) -> Result<Outcome, String> {
    let mut amounts = vec![Ore::ZERO; weights.len()];
    let mut scratch = vec![0u64; weights.len()];
    allocate(amount, Ore::KRONA, weights, &mut amounts, &mut scratch)
        .map_err(|e: AllocationError| e.to_string())?;
    let parts = recipients
        .zip(weights)
        .zip(amounts)
        .map(|(((code, recipient), &weight), amount)| Part {
            code,
            recipient,
            weight: u64::from(weight),
            amount,
        })
        .collect();
    Ok(Outcome::Split {
        parts,
        weight_sum: weights.iter().map(|&w| u64::from(w)).sum(),
    })
}

/// The one recipient of an item the agreement does not split.
fn whole_recipient(paid_to: PaidTo) -> &'static str {
    match paid_to {
        PaidTo::Regions => "regionerna",
        PaidTo::Rcc => "RCC via SKR",
        PaidTo::Skr => "SKR (RCC i samverkan)",
    }
}

/// The amount an outcome accounts for: its parts, or the whole item.
fn outcome_amount(item: &Item, outcome: &Outcome) -> Result<Ore, Failure> {
    match outcome {
        Outcome::Split { parts, .. } => sum(parts.iter().map(|p| p.amount)),
        Outcome::Whole { .. } | Outcome::Unsplit => Ok(item.amount),
    }
}

fn sum(mut amounts: impl Iterator<Item = Ore>) -> Result<Ore, Failure> {
    amounts
        .try_fold(Ore::ZERO, Ore::checked_add)
        .ok_or_else(|| Failure::Refused("the amounts' sum is too large".into()))
}

/// Every item's parts sum to the item, and everything to the agreement's total: a check
/// independent of the allocation's own guarantee.
fn check_total(budget: &Budget) -> Result<(), Failure> {
    for (item, outcome) in budget.agreement.items.iter().zip(&budget.outcomes) {
        let amount = outcome_amount(item, outcome)?;
        if amount != item.amount {
            return Err(Failure::Refused(format!(
                "{}: line {}: the parts of {} sum to {amount}, not {}; nothing is printed",
                budget.agreement_name, item.line, item.name, item.amount
            )));
        }
    }
    let total = printed_total(budget)?;
    if total != budget.agreement.total {
        return Err(Failure::Refused(format!(
            "{}: the lines sum to {total}, not the agreement's total {}; nothing is printed",
            budget.agreement_name, budget.agreement.total
        )));
    }
    Ok(())
}

/// The sum of every line printed.
fn printed_total(budget: &Budget) -> Result<Ore, Failure> {
    let mut total = Ore::ZERO;
    for (item, outcome) in budget.agreement.items.iter().zip(&budget.outcomes) {
        total = total
            .checked_add(outcome_amount(item, outcome)?)
            .ok_or_else(|| Failure::Refused("the amounts' sum is too large".into()))?;
    }
    Ok(total)
}

/// A share in percent by the kernel's one rounding rule: `23,26 %`; a zero sum shows `0,00 %`.
fn percent(weight: u64, sum: u64) -> String {
    Percent::of(weight, sum.max(1))
        .unwrap_or(Percent(0))
        .to_string()
}

/// How an item is paid and split, in Swedish.
fn describe(item: &Item, centres: usize, conditional_known: bool) -> String {
    match (item.paid_to, item.split) {
        (PaidTo::Regions, Split::Population) => "till regionerna efter befolkningsmängd".into(),
        (PaidTo::Regions, Split::ConditionalPopulation) if conditional_known => {
            "till regionerna efter befolkningsmängd, villkorat: delat mellan de regioner som \
             uppfyller årets villkor enligt bedömningarna och besluten; de andra får 0 kr"
                .into()
        }
        (PaidTo::Regions, Split::ConditionalPopulation) => {
            "till regionerna efter befolkningsmängd, villkorat: bara de regioner som uppfyller \
             årets villkor får del, efter befolkningsmängd bland dem; här delarna om alla gör det"
                .into()
        }
        (PaidTo::Regions, _) => "till regionerna, lika delar".into(),
        (PaidTo::Rcc, Split::Equal) => format!("till de {centres} RCC via SKR, lika delar"),
        (PaidTo::Rcc, Split::Whole) => {
            "till RCC via SKR; överenskommelsen delar inte upp posten: hela beloppet".into()
        }
        (PaidTo::Rcc, _) => format!("till de {centres} RCC via SKR efter befolkningsmängd"),
        (PaidTo::Skr, _) => "till SKR (RCC i samverkan): hela beloppet".into(),
    }
}

/// Writes rows of cells in columns; `right[i]` aligns column `i` to the right.
fn write_grid(
    out: &mut impl Write,
    indent: &str,
    rows: &[Vec<String>],
    right: &[bool],
) -> io::Result<()> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    for row in rows {
        let mut line = String::from(indent);
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = " ".repeat(widths[i] - cell.chars().count());
            if right.get(i).copied().unwrap_or(false) {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// The human layout: a heading with the sources, one block per item, a summary per recipient,
/// the total and its check.
fn write_table(out: &mut impl Write, budget: &Budget) -> io::Result<()> {
    let agreement = &budget.agreement;
    writeln!(
        out,
        "Överenskommelsen {}: {} i {} poster",
        budget.year,
        agreement.total,
        agreement.items.len()
    )?;
    writeln!(out, "Poster: {}", budget.agreement_source)?;
    writeln!(
        out,
        "Befolkning: {}, kolumnen \"{}\"",
        budget.populations_source, budget.population_header
    )?;
    writeln!(out, "RCC: {RCC_REGIONS_NAME} (inbyggd)")?;
    let needs_halland = agreement
        .items
        .iter()
        .any(|i| i.paid_to == PaidTo::Rcc && i.split == Split::Population);
    match &budget.halland {
        Some(split) => {
            let parts: Vec<String> = split
                .parts
                .iter()
                .map(|(rcc, population, names)| {
                    format!("RCC {rcc} {} ({})", Grouped(*population), names.join(", "))
                })
                .collect();
            writeln!(
                out,
                "Halland efter kommun: {}: {}",
                split.source,
                parts.join("; ")
            )?;
        }
        None if !needs_halland => {}
        None => writeln!(
            out,
            "Halland efter kommun: saknas (--halland FIL); Halland hör till RCC Syd och RCC Väst \
             efter kommun, så RCC:s befolkning kan inte beräknas"
        )?,
    }
    writeln!(
        out,
        "Varje post delas i hela kronor med största-rest-metoden; delarna summerar exakt till posten."
    )?;
    for (number, (item, outcome)) in agreement.items.iter().zip(&budget.outcomes).enumerate() {
        writeln!(out)?;
        writeln!(out, "{:>2}. {}: {}", number + 1, item.name, item.amount)?;
        writeln!(
            out,
            "    {}",
            describe(item, budget.centres.len(), budget.conditional_known)
        )?;
        write_outcome(out, item, outcome)?;
    }
    writeln!(out)?;
    write_summary(out, budget)
}

/// One item's lines.
fn write_outcome(out: &mut impl Write, item: &Item, outcome: &Outcome) -> io::Result<()> {
    match outcome {
        Outcome::Split { parts, weight_sum } => {
            let has_code = parts.iter().any(|p| p.code.is_some());
            let by_population = item.split != Split::Equal;
            let mut rows = Vec::with_capacity(parts.len() + 2);
            let mut heading = Vec::new();
            if has_code {
                heading.push("Kod".to_owned());
            }
            heading.push(if has_code { "Region" } else { "Mottagare" }.to_owned());
            if by_population {
                heading.push("Befolkning".to_owned());
            }
            heading.extend(["Andel".to_owned(), "Belopp".to_owned()]);
            rows.push(heading);
            for part in parts {
                let mut row = Vec::new();
                if has_code {
                    row.push(part.code.clone().unwrap_or_default());
                }
                row.push(part.recipient.clone());
                if by_population {
                    row.push(Grouped(part.weight).to_string());
                }
                row.push(percent(part.weight, *weight_sum));
                row.push(part.amount.to_string());
                rows.push(row);
            }
            let mut total = Vec::new();
            if has_code {
                total.push(String::new());
            }
            total.push("Summa".to_owned());
            if by_population {
                total.push(Grouped(*weight_sum).to_string());
            }
            total.push(percent(*weight_sum, *weight_sum));
            total.push(item.amount.to_string());
            rows.push(total);
            let mut right = Vec::new();
            if has_code {
                right.push(false);
            }
            right.push(false);
            if by_population {
                right.push(true);
            }
            right.extend([true, true]);
            write_grid(out, "    ", &rows, &right)
        }
        Outcome::Whole { recipient } => write_grid(
            out,
            "    ",
            &[vec![recipient.clone(), item.amount.to_string()]],
            &[false, true],
        ),
        Outcome::Unsplit => writeln!(
            out,
            "    EJ FÖRDELAD: Hallands befolkning per kommun saknas (--halland FIL); {} odelat",
            item.amount
        ),
    }
}

/// Per recipient: every region, every RCC, what went to RCC via SKR or to SKR as a whole, what
/// could not be split; then the total and its check against the agreement.
fn write_summary(out: &mut impl Write, budget: &Budget) -> io::Result<()> {
    let items = budget.agreement.items.iter().zip(&budget.outcomes);
    let mut regions = vec![Ore::ZERO; budget.regions.len()];
    let mut centres = vec![Ore::ZERO; budget.centres.len()];
    let mut groups = [Ore::ZERO; 3];
    let (mut rcc_whole, mut unsplit) = (Ore::ZERO, Ore::ZERO);
    let add = |a: Ore, b: Ore| {
        a.checked_add(b)
            .ok_or_else(|| io::Error::other("sum overflow"))
    };
    for (item, outcome) in items {
        let group = match item.paid_to {
            PaidTo::Regions => 0,
            PaidTo::Rcc => 1,
            PaidTo::Skr => 2,
        };
        groups[group] = add(groups[group], item.amount)?;
        match outcome {
            Outcome::Split { parts, .. } => {
                let sums = if item.paid_to == PaidTo::Regions {
                    &mut regions
                } else {
                    &mut centres
                };
                for (sum, part) in sums.iter_mut().zip(parts) {
                    *sum = add(*sum, part.amount)?;
                }
            }
            Outcome::Whole { .. } if item.paid_to == PaidTo::Rcc => {
                rcc_whole = add(rcc_whole, item.amount)?;
            }
            Outcome::Whole { .. } => {}
            Outcome::Unsplit => unsplit = add(unsplit, item.amount)?,
        }
    }
    let mut rows: Vec<Vec<String>> = vec![vec!["Per mottagare".into(), String::new()]];
    rows.push(vec!["  Regionerna".into(), groups[0].to_string()]);
    for (region, amount) in budget.regions.iter().zip(&regions) {
        rows.push(vec![
            format!("    {}  {}", region.code, region.name),
            amount.to_string(),
        ]);
    }
    rows.push(vec!["  RCC via SKR".into(), groups[1].to_string()]);
    for (centre, amount) in budget.centres.iter().zip(&centres) {
        rows.push(vec![format!("    RCC {centre}"), amount.to_string()]);
    }
    if rcc_whole != Ore::ZERO {
        rows.push(vec![
            "    poster som inte delas upp på RCC".into(),
            rcc_whole.to_string(),
        ]);
    }
    if unsplit != Ore::ZERO {
        rows.push(vec![
            "    EJ FÖRDELAT: Hallands befolkning per kommun saknas".into(),
            unsplit.to_string(),
        ]);
    }
    rows.push(vec![
        "  SKR (RCC i samverkan)".into(),
        groups[2].to_string(),
    ]);
    let total = printed_total(budget).map_err(|e| io::Error::other(e.to_string()))?;
    rows.push(vec!["Totalt".into(), total.to_string()]);
    write_grid(out, "", &rows, &[false, true])?;
    let verdict = if total == budget.agreement.total {
        "summan stämmer"
    } else {
        "SUMMAN STÄMMER INTE"
    };
    writeln!(
        out,
        "Överenskommelsens totalbelopp enligt {}, rad {}: {}; {verdict}.",
        budget.agreement_name, budget.agreement.total_line, budget.agreement.total
    )?;
    if unsplit != Ore::ZERO {
        writeln!(
            out,
            "Ofullständigt: {unsplit} kunde inte fördelas på RCC (se ovan)."
        )?;
    }
    Ok(())
}

/// A field for the TSV: tabs and line breaks would break the row.
fn tsv_field(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// The machine layout: one row per item and recipient.
fn write_tsv(out: &mut impl Write, budget: &Budget) -> io::Result<()> {
    writeln!(
        out,
        "item\titem_name\tpaid_to\tsplit\tcode\trecipient\tweight\tamount_ore\tstatus"
    )?;
    for (number, (item, outcome)) in budget
        .agreement
        .items
        .iter()
        .zip(&budget.outcomes)
        .enumerate()
    {
        let head = format!(
            "{}\t{}\t{}\t{}",
            number + 1,
            tsv_field(&item.name),
            item.paid_to.word(),
            item.split.word()
        );
        match outcome {
            Outcome::Split { parts, .. } => {
                for part in parts {
                    writeln!(
                        out,
                        "{head}\t{}\t{}\t{}\t{}\tsplit",
                        tsv_field(part.code.as_deref().unwrap_or("")),
                        tsv_field(&part.recipient),
                        part.weight,
                        part.amount.0
                    )?;
                }
            }
            Outcome::Whole { recipient } => {
                writeln!(out, "{head}\t\t{recipient}\t\t{}\twhole", item.amount.0)?;
            }
            Outcome::Unsplit => writeln!(out, "{head}\t\t\t\t{}\tunsplit", item.amount.0)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_half_up_exactly() {
        assert_eq!(percent(2_455_914, 10_557_682), "23,26 %");
        assert_eq!(percent(1, 6), "16,67 %");
        assert_eq!(percent(1, 8), "12,50 %");
        assert_eq!(percent(1, 80_000), "0,00 %");
        assert_eq!(percent(1, 40_000), "0,00 %");
        assert_eq!(percent(1, 20_000), "0,01 %");
        assert_eq!(percent(5, 5), "100,00 %");
        assert_eq!(percent(0, 0), "0,00 %");
    }

    #[test]
    fn the_built_in_2024_budget_splits_everything_but_the_rcc_population_items() {
        let agreement = Source::built_in(AGREEMENT_2024_NAME, AGREEMENT_2024);
        let populations = Source::built_in(POPULATIONS_2024_NAME, POPULATIONS_2024);
        let budget = compute(2024, &agreement, &populations, None, None).unwrap();
        let unsplit: Vec<&str> = budget
            .agreement
            .items
            .iter()
            .zip(&budget.outcomes)
            .filter(|(_, o)| matches!(o, Outcome::Unsplit))
            .map(|(i, _)| i.name.as_str())
            .collect();
        assert_eq!(
            unsplit,
            [
                "Särskild satsning på patologin",
                "Särskild satsning på radiologin",
                "Särskild satsning på rehabilitering, inklusive seneffekter och aktiva överlämningar"
            ]
        );
        assert_eq!(
            printed_total(&budget).unwrap(),
            Ore::from_kronor(809_000_000).unwrap()
        );
    }
}
