//! Why a budget could not be made, one variant per way: each carries what its message needs,
//! and the message names the file (and line) it is about. Which exit code a failure gets is the
//! command line's business, not this module's.

use std::fmt;

use svf_kernel::money::Grouped;
use svf_kernel::region::{Region, Year};
use svf_kernel::vocabulary::PaymentId;
use svf_kernel::{AllocationError, Ore};

use super::sheet::SheetError;

/// Why a budget could not be made.
///
/// Invariant: every file name is the name messages give the file (`<stdin>` for standard
/// input); every line is 1-based.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BudgetError {
    /// A file is not as its format says.
    Sheet {
        /// The file.
        file: String,
        /// Where and why.
        error: SheetError,
    },
    /// A region of the population table that the RCC table does not name (or no region at all).
    RegionWithoutRcc {
        /// The population table.
        file: String,
        /// The line of the row.
        line: usize,
        /// The row's code, as the table writes it.
        code: String,
        /// The row's name, as the table writes it.
        name: String,
        /// The RCC table.
        rcc_file: String,
    },
    /// A region listed twice in the population table.
    DuplicateRegion {
        /// The population table.
        file: String,
        /// The line of the second row.
        line: usize,
        /// The code column's position (1-based).
        column: usize,
        /// The region.
        region: Region,
        /// The line of the first row.
        first: usize,
    },
    /// A region of population 0 in the population table: no region has no inhabitants, and
    /// its share of every item would silently be nothing.
    ZeroPopulation {
        /// The population table.
        file: String,
        /// The line of the row.
        line: usize,
        /// The population column's position (1-based).
        column: usize,
        /// The region.
        region: Region,
    },
    /// A region of the RCC table that the population table lacks.
    RegionMissing {
        /// The population table.
        file: String,
        /// The region.
        region: Region,
        /// The RCC table.
        rcc_file: String,
        /// The region's line in the RCC table.
        rcc_line: usize,
    },
    /// The RCC table splits a region other than Halland between RCC.
    SplitRegion {
        /// The RCC table.
        rcc_file: String,
        /// The region's line in it.
        line: usize,
        /// The region.
        region: Region,
    },
    /// Halland's municipalities do not sum to Halland's population in the population table.
    HallandSum {
        /// The municipal table.
        file: String,
        /// The population table.
        populations_file: String,
        /// The municipalities' sum.
        municipalities: u64,
        /// Halland's name in the population table.
        name: String,
        /// Halland's population in the population table.
        population: u32,
    },
    /// A municipality's RCC is not one the RCC table gives Halland.
    MunicipalityRcc {
        /// The list of Halland's municipalities.
        known_file: String,
        /// The municipality.
        municipality: String,
        /// Its RCC according to that list.
        rcc: String,
        /// The RCC table.
        rcc_file: String,
        /// Halland's line in the RCC table.
        rcc_line: usize,
    },
    /// The assessments are of another year than the budget.
    EligibilityYear {
        /// The budget's year.
        year: u16,
        /// The assessments' year.
        assessed: Year,
    },
    /// The agreement's SVF items of one kind are not as many as the year's payments of that
    /// kind.
    PaymentCount {
        /// The agreement's file.
        file: String,
        /// Which items and payments.
        kind: PaymentKind,
        /// How many such items the agreement has.
        items: usize,
        /// The year.
        year: Year,
        /// The year's payments of the kind, in order.
        payments: Vec<PaymentId>,
        /// The first item or payment left without its counterpart.
        unmatched: Unmatched,
    },
    /// An SVF item's amount is not the total of the year's payment it is.
    PaymentAmount {
        /// The agreement's file.
        file: String,
        /// The item's line.
        line: usize,
        /// The item's name.
        item: String,
        /// The item's amount.
        amount: Ore,
        /// The year.
        year: Year,
        /// The payment the item is, by its place among the items.
        payment: PaymentId,
        /// The payment's total in the year's rules.
        total: Ore,
    },
    /// An item could not be split.
    Split {
        /// The agreement's file.
        file: String,
        /// The item's line.
        line: usize,
        /// The item's name.
        item: String,
        /// Why.
        reason: SplitError,
    },
    /// An item's parts do not sum to the item (the allocation promises they do).
    PartsSum {
        /// The agreement's file.
        file: String,
        /// The item's line.
        line: usize,
        /// The item's name.
        item: String,
        /// What the parts sum to.
        parts: Ore,
        /// The item's amount.
        amount: Ore,
    },
    /// The lines do not sum to the agreement's total.
    Total {
        /// The agreement's file.
        file: String,
        /// What the lines sum to.
        lines: Ore,
        /// The total the agreement states.
        total: Ore,
    },
    /// A sum of amounts beyond the range of [`Ore`].
    Overflow,
    /// Items paid to the RCC by population could not be split for want of Halland's
    /// municipalities; everything else was.
    Unsplit {
        /// The agreement's file.
        file: String,
        /// The items: line and name, in the order of the file; at least one.
        items: Vec<(usize, String)>,
        /// Their sum.
        amount: Ore,
    },
}

/// Which of the agreement's SVF items, and which of the year's payments.
///
/// Invariant: one of the two kinds of SVF payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentKind {
    /// Items paid to the regions by population; payments every region gets (the first).
    Unconditional,
    /// Conditional items; conditional payments (the second; 2026 part A and part B).
    Conditional,
}

impl PaymentKind {
    fn item(self) -> &'static str {
        match self {
            PaymentKind::Unconditional => "item paid to the regions by population",
            PaymentKind::Conditional => "conditional item",
        }
    }

    fn items(self) -> &'static str {
        match self {
            PaymentKind::Unconditional => "items paid to the regions by population",
            PaymentKind::Conditional => "conditional items",
        }
    }

    fn payments(self, count: usize) -> &'static str {
        match (self, count) {
            (PaymentKind::Unconditional, 1) => "unconditional payment",
            (PaymentKind::Unconditional, _) => "unconditional payments",
            (PaymentKind::Conditional, 1) => "conditional payment",
            (PaymentKind::Conditional, _) => "conditional payments",
        }
    }
}

/// The first of the agreement's items or the year's payments left without its counterpart.
///
/// Invariant: names an item of the agreement (its line and name) or a payment of the year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unmatched {
    /// An item beyond the year's payments.
    Item {
        /// Its line.
        line: usize,
        /// Its name.
        name: String,
    },
    /// A payment beyond the agreement's items.
    Payment(PaymentId),
}

impl fmt::Display for Unmatched {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unmatched::Item { line, name } => write!(f, "{name} (line {line}) has no payment"),
            Unmatched::Payment(id) => write!(f, "the payment {id} has no item"),
        }
    }
}

/// Why an item could not be split.
///
/// Invariant: `population` in [`SplitError::RccPopulation`] is above `u32::MAX`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The kernel's allocation refused.
    Allocation(AllocationError),
    /// An RCC's population is above the largest weight the allocation takes.
    RccPopulation {
        /// The RCC (`Syd`).
        rcc: String,
        /// Its population.
        population: u64,
    },
}

impl fmt::Display for SplitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SplitError::Allocation(e) => write!(f, "{e}"),
            SplitError::RccPopulation { rcc, population } => write!(
                f,
                "the population of RCC {rcc}, {}, is above the largest weight, {}",
                Grouped(*population),
                Grouped(u64::from(u32::MAX))
            ),
        }
    }
}

impl std::error::Error for SplitError {}

impl BudgetError {
    /// A file's [`SheetError`], with the file.
    pub fn sheet(file: &str, error: SheetError) -> BudgetError {
        BudgetError::Sheet {
            file: file.to_owned(),
            error,
        }
    }
}

impl fmt::Display for BudgetError {
    #[allow(clippy::too_many_lines)] // One arm per variant, each its message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BudgetError::Sheet { file, error } => write!(f, "{file}: {error}"),
            BudgetError::RegionWithoutRcc {
                file,
                line,
                code,
                name,
                rcc_file,
            } => write!(
                f,
                "{file}: line {line}: the region {code} ({name}) is not in {rcc_file}, which \
                 gives every region's RCC"
            ),
            BudgetError::DuplicateRegion {
                file,
                line,
                column,
                region,
                first,
            } => write!(
                f,
                "{file}: line {line}, column {column}: region {region} is listed twice; the \
                 first is on line {first}"
            ),
            BudgetError::ZeroPopulation {
                file,
                line,
                column,
                region,
            } => write!(
                f,
                "{file}: line {line}, column {column}: region {region} has a population of 0; a \
                 population table gives every region its population, and 0 would pay it nothing"
            ),
            BudgetError::RegionMissing {
                file,
                region,
                rcc_file,
                rcc_line,
            } => write!(
                f,
                "{file}: the region {region} ({rcc_file} line {rcc_line}) is missing; every \
                 region is needed"
            ),
            BudgetError::SplitRegion {
                rcc_file,
                line,
                region,
            } => write!(
                f,
                "{rcc_file}: line {line}: the region {} is split between RCC, but only \
                 Halland's municipalities can be given (--halland)",
                region.code()
            ),
            BudgetError::HallandSum {
                file,
                populations_file,
                municipalities,
                name,
                population,
            } => write!(
                f,
                "{file}: Halland's municipalities sum to {}, but {populations_file} gives {name} \
                 {}; the figures must be of the same date (give municipal figures of the \
                 population table's date, or a population table of the municipal figures' date \
                 with --populations)",
                Grouped(*municipalities),
                Grouped(u64::from(*population)),
            ),
            BudgetError::MunicipalityRcc {
                known_file,
                municipality,
                rcc,
                rcc_file,
                rcc_line,
            } => write!(
                f,
                "{known_file}: {municipality} belongs to RCC {rcc}, which {rcc_file} (line \
                 {rcc_line}) does not name for Halland"
            ),
            BudgetError::EligibilityYear { year, assessed } => write!(
                f,
                "the assessments and decisions are of {assessed}, but the budget is for {year}"
            ),
            BudgetError::PaymentCount {
                file,
                kind,
                items,
                year,
                payments,
                unmatched,
            } => payment_count(f, file, *kind, *items, *year, payments, unmatched),
            BudgetError::PaymentAmount {
                file,
                line,
                item,
                amount,
                year,
                payment,
                total,
            } => write!(
                f,
                "{file}: line {line}: {item} is {amount}, but it is {year}'s payment {payment}, \
                 which is {total}"
            ),
            BudgetError::Split {
                file,
                line,
                item,
                reason,
            } => write!(f, "{file}: line {line}: {item}: {reason}"),
            BudgetError::PartsSum {
                file,
                line,
                item,
                parts,
                amount,
            } => write!(
                f,
                "{file}: line {line}: the parts of {item} sum to {parts}, not {amount}; nothing \
                 is printed"
            ),
            BudgetError::Total { file, lines, total } => write!(
                f,
                "{file}: the lines sum to {lines}, not the agreement's total {total}; nothing is \
                 printed"
            ),
            BudgetError::Overflow => f.write_str("the amounts' sum is too large"),
            BudgetError::Unsplit {
                file,
                items,
                amount,
            } => unsplit(f, file, items, *amount),
        }
    }
}

/// [`BudgetError::PaymentCount`]'s message.
fn payment_count(
    f: &mut fmt::Formatter<'_>,
    file: &str,
    kind: PaymentKind,
    items: usize,
    year: Year,
    payments: &[PaymentId],
    unmatched: &Unmatched,
) -> fmt::Result {
    let ids: Vec<&str> = payments.iter().map(|id| id.as_str()).collect();
    write!(
        f,
        "{file}: {items} {}, but {year} has {} {} ({}); each {} is one of them, in order, so \
         {unmatched}",
        if items == 1 {
            kind.item()
        } else {
            kind.items()
        },
        payments.len(),
        kind.payments(payments.len()),
        ids.join(", "),
        kind.item(),
    )
}

/// [`BudgetError::Unsplit`]'s message.
fn unsplit(
    f: &mut fmt::Formatter<'_>,
    file: &str,
    items: &[(usize, String)],
    amount: Ore,
) -> fmt::Result {
    let names: Vec<String> = items
        .iter()
        .map(|(line, name)| format!("{name} (line {line})"))
        .collect();
    write!(
        f,
        "{file}: {} paid to the RCC by population could not be split: {}. Halland belongs to \
         RCC Syd and RCC Väst by municipality, so Halland's population by municipality is needed \
         (--halland FILE, columns kommun and folkmängd of the same date as the population \
         table). Everything else is printed; {amount} is left unsplit.",
        if items.len() == 1 {
            "1 item".to_owned()
        } else {
            format!("{} items", items.len())
        },
        names.join(", "),
    )
}

impl std::error::Error for BudgetError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BudgetError::Sheet { error, .. } => Some(error),
            BudgetError::Split { reason, .. } => Some(reason),
            _ => None,
        }
    }
}
