//! A whole agreement's money, every item split to its recipients: the library behind
//! `svf budget`, with typed errors ([`BudgetError`]) and no exit codes.
//!
//! Items paid to the regions are split by the population table; items paid to the six RCC by
//! population are split by each RCC's population, the sum of its regions' (Halland's by
//! municipality); equal items in equal parts; an item the agreement does not split is one line.
//! Every split is the kernel's largest-remainder allocation ([`svf_kernel::allocation`]) in whole
//! kronor, so the parts of an item sum exactly to the item, and the sum of every line is checked
//! against the total the agreement states.
//!
//! The conditional items go by population to the regions that meet the year's conditions only
//! (redistribution): with an [`Eligibility`], among those eligible, the agreement's SVF items
//! first checked to be the year's payments ([`payments::check_payments`]); without one, as if
//! every region met the conditions.
//!
//! - [`agreement`]: the agreement's allocation (*bilaga 1*).
//! - [`rcc`]: the RCC of each region.
//! - [`halland`]: Halland's population by municipality.
//! - [`payments`]: who earned each conditional payment; the SVF items against the year's rules.
//! - [`error`]: why a budget could not be made.

pub mod agreement;
pub mod builtin;
pub mod error;
pub mod halland;
pub mod payments;
pub mod rcc;
mod sheet;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use svf_kernel::percent::Percent;
use svf_kernel::rcc::Rcc;
use svf_kernel::region::Region;
use svf_kernel::rules::Rules;
use svf_kernel::{Ore, Table, allocate};

pub use agreement::{Agreement, Item, PaidTo, SplitBy};
pub use error::{BudgetError, PaymentKind, SplitError, Unmatched};
pub use halland::{HallandTable, KnownMunicipality, Municipality};
pub use payments::Eligibility;
pub use rcc::{Member, Membership, RccMap};
pub use sheet::SheetError;

/// Halland: the one region whose municipalities can be given.
const HALLAND: Region = Region::ALL[10];

/// A region of the population table: the kernel's region with the table's name and population.
///
/// Invariant: `name` and `population` are the table's, on the region's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionPopulation {
    /// The region.
    pub region: Region,
    /// Its name as the population table writes it (`Norrbottn` in the published annex).
    pub name: String,
    /// Its population.
    pub population: u32,
}

/// A population table checked against the RCC table.
///
/// Invariant: the regions of the RCC table, each once, in the population table's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Populations {
    file: String,
    header: String,
    regions: Vec<RegionPopulation>,
}

impl Populations {
    /// Checks that `table` holds exactly the regions `rcc` names, each once with a population
    /// above 0 (as the payments' population table must, `svf_kernel::payments`). `file` and
    /// `rcc_file` are the names messages give the files.
    ///
    /// # Errors
    /// [`BudgetError::RegionWithoutRcc`] for a row that is not a region of the RCC table (its
    /// code no region's, or a region the table lacks); [`BudgetError::DuplicateRegion`] for a
    /// region listed twice; [`BudgetError::ZeroPopulation`] for a population of 0;
    /// [`BudgetError::RegionMissing`] for a region of the RCC table not in the population
    /// table.
    pub fn check(
        file: &str,
        table: &Table<'_>,
        rcc: &RccMap,
        rcc_file: &str,
    ) -> Result<Populations, BudgetError> {
        let mut regions: Vec<RegionPopulation> = Vec::with_capacity(table.len());
        // Each region's line, for the second of a region listed twice.
        let mut lines: Vec<usize> = Vec::with_capacity(table.len());
        for row in table.rows() {
            let Some(region) = Region::from_code(row.code).filter(|&r| rcc.member(r).is_some())
            else {
                return Err(BudgetError::RegionWithoutRcc {
                    file: file.to_owned(),
                    line: row.line,
                    code: row.code.to_owned(),
                    name: row.name.to_owned(),
                    rcc_file: rcc_file.to_owned(),
                });
            };
            if let Some(first) = regions.iter().position(|r| r.region == region) {
                return Err(BudgetError::DuplicateRegion {
                    file: file.to_owned(),
                    line: row.line,
                    column: table.code_column(),
                    region,
                    first: lines[first],
                });
            }
            if row.weight == 0 {
                return Err(BudgetError::ZeroPopulation {
                    file: file.to_owned(),
                    line: row.line,
                    column: table.weight_column(),
                    region,
                });
            }
            lines.push(row.line);
            regions.push(RegionPopulation {
                region,
                name: row.name.to_owned(),
                population: row.weight,
            });
        }
        if let Some(member) = rcc
            .members()
            .iter()
            .find(|m| !regions.iter().any(|r| r.region == m.region))
        {
            return Err(BudgetError::RegionMissing {
                file: file.to_owned(),
                region: member.region,
                rcc_file: rcc_file.to_owned(),
                rcc_line: member.line,
            });
        }
        Ok(Populations {
            file: file.to_owned(),
            header: table.weight_header().to_owned(),
            regions,
        })
    }

    /// The regions, in the population table's order.
    pub fn regions(&self) -> &[RegionPopulation] {
        &self.regions
    }
}

/// Who is paid a portion of an item, or a whole item: an id, worded by
/// [`crate::present::budget`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recipient {
    /// A region, with its name as the population table spells it (the published annex's).
    Region {
        /// The region.
        region: Region,
        /// Its name in the population table.
        name: String,
    },
    /// A regional cancer centre.
    Rcc(Rcc),
    /// The regions together: an item paid to the regions that the agreement does not split.
    Regions,
    /// The RCC together, via SKR: an item paid to the RCC that the agreement does not split.
    RccViaSkr,
    /// SKR itself (RCC i samverkan).
    Skr,
}

/// One recipient's portion of an item.
///
/// Invariant: `share` is `weight` of the split's weight sum ([`share`]); the recipient is a
/// region for the regions' items and an RCC for the RCC's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Portion {
    /// Who is paid.
    pub recipient: Recipient,
    /// The weight of the split: a population, or 1 for equal parts.
    pub weight: u64,
    /// Its share of the split.
    pub share: Percent,
    /// What it is paid.
    pub amount: Ore,
}

/// What became of an item.
///
/// Invariant: the portions of a split sum to the item; `weight_sum` is the sum of their weights.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Allotment {
    /// Split among its recipients.
    Split {
        /// One per recipient, in the order of the population table or of the RCC table.
        portions: Vec<Portion>,
        /// The sum of the weights.
        weight_sum: u64,
    },
    /// One recipient, the whole amount.
    Whole {
        /// Who.
        recipient: Recipient,
    },
    /// Could not be split: Halland's municipalities are missing.
    Unsplit,
}

/// Halland's part of one RCC.
///
/// Invariant: `population` is the sum of the municipalities'.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HallandRcc {
    /// The RCC (`Syd`).
    pub rcc: String,
    /// Its part of Halland's population.
    pub population: u64,
    /// Its municipalities, sorted.
    pub municipalities: Vec<String>,
}

/// Halland's split between RCC.
///
/// Invariant: one part per RCC the RCC table gives Halland, in that table's order; the parts'
/// populations sum to Halland's in the population table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HallandSplit {
    /// The municipal table, as messages name it.
    pub file: String,
    /// The parts.
    pub parts: Vec<HallandRcc>,
}

/// What a budget is made of: the parsed inputs, and the names messages give their files.
///
/// Invariant: none beyond its fields'; [`Budget::compute`] checks them against each other.
#[derive(Debug)]
pub struct Inputs<'a> {
    /// The agreement year.
    pub year: u16,
    /// The allocation.
    pub agreement: Agreement,
    /// The allocation's file.
    pub agreement_file: &'a str,
    /// The population table, checked against `rcc`.
    pub populations: Populations,
    /// The RCC of each region.
    pub rcc: RccMap,
    /// The RCC table's file.
    pub rcc_file: &'a str,
    /// Halland's population by municipality, if given.
    pub halland: Option<HallandTable>,
    /// Who earned each conditional payment, if known.
    pub eligibility: Option<Eligibility>,
}

/// Where a budget's inputs come from: each file's name, as messages name it, with what it
/// holds. The RCC of each region and Halland's municipalities are the built-in tables
/// ([`builtin`]). The caller reads the allocation and the population table (in that order, so
/// that the first broken file is the one named), each in its own way.
#[derive(Clone, Debug)]
pub struct Sources<'a> {
    /// The agreement's allocation, read.
    pub agreement: (&'a str, Agreement),
    /// The population table, read.
    pub populations: (&'a str, &'a Table<'a>),
    /// Halland's population by municipality, if given.
    pub halland: Option<(&'a str, &'a [u8])>,
}

/// An agreement's money, every item split.
///
/// Invariant: one allotment per item, in order; a split's portions sum to its item; every
/// line (the portions, the items not split up, the items left unsplit) sums to the agreement's
/// total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Budget {
    year: u16,
    agreement: Agreement,
    agreement_file: String,
    population_header: String,
    regions: Vec<RegionPopulation>,
    centres: Vec<Rcc>,
    halland: Option<HallandSplit>,
    conditional_known: bool,
    allotments: Vec<Allotment>,
}

impl Budget {
    /// Reads the built-in tables and Halland's file, checks every input against the others and
    /// splits every item: the one place a budget's inputs are assembled, for `svf budget` and
    /// the lägesbild.
    ///
    /// # Errors
    /// [`BudgetError::Sheet`] naming the file that cannot be read, and every error of
    /// [`Populations::check`] and [`Budget::compute`].
    pub fn from_sources(
        year: u16,
        sources: Sources<'_>,
        eligibility: Option<Eligibility>,
    ) -> Result<Budget, BudgetError> {
        let (agreement_file, agreement) = sources.agreement;
        let rcc = RccMap::parse(builtin::RCC_REGIONS)
            .map_err(|e| BudgetError::sheet(builtin::RCC_REGIONS_NAME, e))?;
        let (populations_file, table) = sources.populations;
        let populations =
            Populations::check(populations_file, table, &rcc, builtin::RCC_REGIONS_NAME)?;
        let halland = match sources.halland {
            Some((file, bytes)) => {
                let known = halland::known_municipalities(builtin::HALLAND_MUNICIPALITIES)
                    .map_err(|e| BudgetError::sheet(builtin::HALLAND_MUNICIPALITIES_NAME, e))?;
                let municipalities = halland::parse_halland(bytes, &known)
                    .map_err(|e| BudgetError::sheet(file, e))?;
                Some(HallandTable {
                    file: file.to_owned(),
                    known_file: builtin::HALLAND_MUNICIPALITIES_NAME.to_owned(),
                    municipalities,
                })
            }
            None => None,
        };
        Budget::compute(Inputs {
            year,
            agreement,
            agreement_file,
            populations,
            rcc,
            rcc_file: builtin::RCC_REGIONS_NAME,
            halland,
            eligibility,
        })
    }

    /// Checks the inputs against each other and splits every item.
    ///
    /// # Errors
    /// [`BudgetError::SplitRegion`], [`BudgetError::HallandSum`] or
    /// [`BudgetError::MunicipalityRcc`] when the RCC populations cannot be made; with an
    /// eligibility, [`BudgetError::EligibilityYear`], [`BudgetError::PaymentCount`] or
    /// [`BudgetError::PaymentAmount`] when the SVF items are not the year's payments;
    /// [`BudgetError::Split`] for an item that cannot be split; [`BudgetError::PartsSum`],
    /// [`BudgetError::Total`] or [`BudgetError::Overflow`] when the sums do not check.
    pub fn compute(inputs: Inputs<'_>) -> Result<Budget, BudgetError> {
        let Inputs {
            year,
            agreement,
            agreement_file,
            populations,
            rcc,
            rcc_file,
            halland,
            eligibility,
        } = inputs;
        let (rcc_populations, halland) =
            rcc_populations(&rcc, rcc_file, &populations, halland.as_ref())?;
        if let Some(eligibility) = &eligibility {
            if eligibility.year().number() != year {
                return Err(BudgetError::EligibilityYear {
                    year,
                    assessed: eligibility.year(),
                });
            }
            payments::check_payments(agreement_file, &agreement, &Rules::of(eligibility.year()))?;
        }
        let mut conditional = eligibility.iter().flat_map(Eligibility::payments);
        let mut allotments = Vec::with_capacity(agreement.items.len());
        for item in &agreement.items {
            let eligible = if item.split == SplitBy::ConditionalPopulation {
                conditional.next().map(|(_, regions)| regions)
            } else {
                None
            };
            let allotment = split_item(
                item,
                &populations.regions,
                rcc.centres(),
                rcc_populations.as_deref(),
                eligible,
            )
            .map_err(|reason| BudgetError::Split {
                file: agreement_file.to_owned(),
                line: item.line,
                item: item.name.clone(),
                reason,
            })?;
            allotments.push(allotment);
        }
        let budget = Budget {
            year,
            agreement,
            agreement_file: agreement_file.to_owned(),
            population_header: populations.header,
            regions: populations.regions,
            centres: rcc.centres().to_vec(),
            halland,
            conditional_known: eligibility.is_some(),
            allotments,
        };
        budget.check_total()?;
        Ok(budget)
    }

    /// The agreement year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The allocation.
    pub fn agreement(&self) -> &Agreement {
        &self.agreement
    }

    /// How messages name the allocation's file.
    pub fn agreement_file(&self) -> &str {
        &self.agreement_file
    }

    /// The population table's weight header (`Befolkning 31 dec 2022`).
    pub fn population_header(&self) -> &str {
        &self.population_header
    }

    /// Whether the conditional items went among the eligible (an [`Eligibility`] was given).
    pub fn conditional_known(&self) -> bool {
        self.conditional_known
    }

    /// Every item with what became of it, in the order of the file.
    pub fn items(&self) -> impl Iterator<Item = (&Item, &Allotment)> {
        self.agreement.items.iter().zip(&self.allotments)
    }

    /// The regions, in the population table's order.
    pub fn regions(&self) -> &[RegionPopulation] {
        &self.regions
    }

    /// The RCC, in the RCC table's order.
    pub fn centres(&self) -> &[Rcc] {
        &self.centres
    }

    /// Halland's split between RCC, when its municipalities were given.
    pub fn halland(&self) -> Option<&HallandSplit> {
        self.halland.as_ref()
    }

    /// The sum of every line.
    ///
    /// # Errors
    /// [`BudgetError::Overflow`] when it is beyond the range of [`Ore`].
    pub fn total(&self) -> Result<Ore, BudgetError> {
        self.items()
            .try_fold(Ore::ZERO, |total, (item, allotment)| {
                total
                    .checked_add(allotment_amount(item, allotment)?)
                    .ok_or(BudgetError::Overflow)
            })
    }

    /// Whether every item was split.
    ///
    /// # Errors
    /// [`BudgetError::Unsplit`] naming the items left unsplit and their sum;
    /// [`BudgetError::Overflow`] when that sum is beyond the range of [`Ore`].
    pub fn complete(&self) -> Result<(), BudgetError> {
        let unsplit: Vec<&Item> = self
            .items()
            .filter(|(_, allotment)| matches!(allotment, Allotment::Unsplit))
            .map(|(item, _)| item)
            .collect();
        if unsplit.is_empty() {
            return Ok(());
        }
        Err(BudgetError::Unsplit {
            file: self.agreement_file.clone(),
            items: unsplit
                .iter()
                .map(|item| (item.line, item.name.clone()))
                .collect(),
            amount: sum(unsplit.iter().map(|item| item.amount))?,
        })
    }

    /// Every item's parts sum to the item, and everything to the agreement's total: a check
    /// independent of the allocation's own guarantee.
    fn check_total(&self) -> Result<(), BudgetError> {
        for (item, allotment) in self.items() {
            let amount = allotment_amount(item, allotment)?;
            if amount != item.amount {
                return Err(BudgetError::PartsSum {
                    file: self.agreement_file.clone(),
                    line: item.line,
                    item: item.name.clone(),
                    parts: amount,
                    amount: item.amount,
                });
            }
        }
        let total = self.total()?;
        if total != self.agreement.total {
            return Err(BudgetError::Total {
                file: self.agreement_file.clone(),
                lines: total,
                total: self.agreement.total,
            });
        }
        Ok(())
    }
}

/// A share by the kernel's one rounding rule (`23,26 %`); a zero sum is `0,00 %`.
pub fn share(weight: u64, sum: u64) -> Percent {
    Percent::of(weight, sum.max(1)).unwrap_or(Percent::ZERO)
}

/// Each RCC's population: the sum of its regions', Halland's by municipality; `None` when a
/// region is split between RCC and its municipalities were not given.
fn rcc_populations(
    rcc: &RccMap,
    rcc_file: &str,
    populations: &Populations,
    municipalities: Option<&HallandTable>,
) -> Result<(Option<Vec<u64>>, Option<HallandSplit>), BudgetError> {
    let mut sums = vec![0u64; rcc.centres().len()];
    let mut halland = None;
    for member in rcc.members() {
        // Populations::check made sure every member is in the table.
        let Some(region) = populations
            .regions
            .iter()
            .find(|r| r.region == member.region)
        else {
            continue;
        };
        let positions = match &member.rcc {
            Membership::Whole(p) => {
                if let Some(sum) = sums.get_mut(*p) {
                    *sum += u64::from(region.population);
                }
                continue;
            }
            Membership::Split(positions) => positions,
        };
        if member.region != HALLAND {
            return Err(BudgetError::SplitRegion {
                rcc_file: rcc_file.to_owned(),
                line: member.line,
                region: member.region,
            });
        }
        let Some(table) = municipalities else {
            return Ok((None, None));
        };
        let sum: u64 = table
            .municipalities
            .iter()
            .map(|m| u64::from(m.population))
            .sum();
        if sum != u64::from(region.population) {
            return Err(BudgetError::HallandSum {
                file: table.file.clone(),
                populations_file: populations.file.clone(),
                municipalities: sum,
                name: region.name.clone(),
                population: region.population,
            });
        }
        let name = |p: usize| rcc.centres().get(p).map_or("", |c| c.name());
        let mut parts: Vec<HallandRcc> = positions
            .iter()
            .map(|&p| HallandRcc {
                rcc: name(p).to_owned(),
                population: 0,
                municipalities: Vec::new(),
            })
            .collect();
        for m in &table.municipalities {
            let found = positions
                .iter()
                .zip(parts.iter_mut())
                .find(|(p, _)| name(**p) == m.rcc);
            let Some((&p, part)) = found else {
                return Err(BudgetError::MunicipalityRcc {
                    known_file: table.known_file.clone(),
                    municipality: m.name.clone(),
                    rcc: m.rcc.clone(),
                    rcc_file: rcc_file.to_owned(),
                    rcc_line: member.line,
                });
            };
            if let Some(sum) = sums.get_mut(p) {
                *sum += u64::from(m.population);
            }
            part.population += u64::from(m.population);
            part.municipalities.push(m.name.clone());
        }
        for part in &mut parts {
            part.municipalities.sort();
        }
        halland = Some(HallandSplit {
            file: table.file.clone(),
            parts,
        });
    }
    Ok((Some(sums), halland))
}

/// Splits one item, or says it cannot be split.
fn split_item(
    item: &Item,
    regions: &[RegionPopulation],
    centres: &[Rcc],
    rcc_populations: Option<&[u64]>,
    eligible: Option<&BTreeSet<Region>>,
) -> Result<Allotment, SplitError> {
    match (item.paid_to, item.split) {
        (_, SplitBy::Whole) => Ok(Allotment::Whole {
            recipient: whole_recipient(item.paid_to),
        }),
        (PaidTo::Regions, split) => {
            let weights: Vec<u32> = match split {
                SplitBy::Equal => vec![1; regions.len()],
                // Among the eligible only, when it is known who they are.
                SplitBy::ConditionalPopulation => regions
                    .iter()
                    .map(|r| {
                        let paid = eligible.is_none_or(|e| e.contains(&r.region));
                        if paid { r.population } else { 0 }
                    })
                    .collect(),
                _ => regions.iter().map(|r| r.population).collect(),
            };
            let recipients = regions.iter().map(|r| Recipient::Region {
                region: r.region,
                name: r.name.clone(),
            });
            split_among(item.amount, recipients, &weights)
        }
        (PaidTo::Rcc, split) => {
            let weights: Vec<u32> = if split == SplitBy::Equal {
                vec![1; centres.len()]
            } else {
                let Some(populations) = rcc_populations else {
                    return Ok(Allotment::Unsplit);
                };
                populations
                    .iter()
                    .zip(centres)
                    .map(|(&p, centre)| {
                        u32::try_from(p).map_err(|_| SplitError::RccPopulation {
                            rcc: centre.name().to_owned(),
                            population: p,
                        })
                    })
                    .collect::<Result<_, _>>()?
            };
            let recipients = centres.iter().map(|&c| Recipient::Rcc(c));
            split_among(item.amount, recipients, &weights)
        }
        // The agreement's parser lets SKR have only `none`.
        (PaidTo::Skr, _) => Ok(Allotment::Whole {
            recipient: whole_recipient(PaidTo::Skr),
        }),
    }
}

/// The kernel's allocation in whole kronor.
fn split_among(
    amount: Ore,
    recipients: impl Iterator<Item = Recipient>,
    weights: &[u32],
) -> Result<Allotment, SplitError> {
    let mut amounts = vec![Ore::ZERO; weights.len()];
    let mut scratch = vec![0u64; weights.len()];
    allocate(amount, Ore::KRONA, weights, &mut amounts, &mut scratch)
        .map_err(SplitError::Allocation)?;
    let weight_sum: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    let portions = recipients
        .zip(weights)
        .zip(amounts)
        .map(|((recipient, &weight), amount)| Portion {
            recipient,
            weight: u64::from(weight),
            share: share(u64::from(weight), weight_sum),
            amount,
        })
        .collect();
    Ok(Allotment::Split {
        portions,
        weight_sum,
    })
}

/// The one recipient of an item the agreement does not split.
fn whole_recipient(paid_to: PaidTo) -> Recipient {
    match paid_to {
        PaidTo::Regions => Recipient::Regions,
        PaidTo::Rcc => Recipient::RccViaSkr,
        PaidTo::Skr => Recipient::Skr,
    }
}

impl Portion {
    /// The region paid, for a region's portion.
    pub fn region(&self) -> Option<Region> {
        match &self.recipient {
            Recipient::Region { region, .. } => Some(*region),
            _ => None,
        }
    }
}

/// The amount an allotment accounts for: its portions, or the whole item.
fn allotment_amount(item: &Item, allotment: &Allotment) -> Result<Ore, BudgetError> {
    match allotment {
        Allotment::Split { portions, .. } => sum(portions.iter().map(|p| p.amount)),
        Allotment::Whole { .. } | Allotment::Unsplit => Ok(item.amount),
    }
}

fn sum(mut amounts: impl Iterator<Item = Ore>) -> Result<Ore, BudgetError> {
    amounts
        .try_fold(Ore::ZERO, Ore::checked_add)
        .ok_or(BudgetError::Overflow)
}
