//! The year's payments to the regions (`svf-payments/1`, contract §5), in whole kronor.
//!
//! The first payment goes to every region by population. A conditional payment goes only to
//! the regions that earned it, by the year's [`Policy`]:
//! - [`Policy::Redistribute`] (the default, as the agreements and the government's payment
//!   decisions do it): the whole payment is split by population among the eligible regions.
//! - [`Policy::Withhold`]: split among all regions as if all were eligible, and a region that is
//!   not gets nothing; its amount is withheld.
//!
//! The population table ([`Table`]) must hold each of the 21 regions once, each with a
//! population above 0; anything else is refused with the line and column of the row at fault
//! (a region that is missing, by its name). A weight table for `svf allocate` may hold a 0; a
//! population of 0 would silently pay a region nothing, so it is refused here.
//!
//! Whether a region earned a part is its assessment's verdict unless a recorded decision
//! ([`crate::decision`]) says otherwise: [`Basis`].
//!
//! Every amount explains itself ([`Quota`]): its exact quota as a fraction, the whole kronor
//! it got by floor, the rank of its remainder and whether that rank got one of the leftover
//! kronor. The explanation is computed here in plain integer arithmetic, apart from the
//! allocation's fast path, and the two must agree, or the payments are refused
//! ([`PaymentError::Inconsistent`]): an independent check on every krona paid.

use core::fmt;

use heapless::Vec;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::allocation::{AllocationError, allocate};
use crate::money::Ore;
use crate::region::{REGION_COUNT, Region, Year};
pub use crate::rules::Policy;
use crate::rules::Rules;
use crate::table::{Table, write_place};
pub use crate::vocabulary::PaymentId;

/// The most payments in a year.
pub const MAX_PAYMENTS: usize = 3;

/// A recorded decision on one region's conditional payment (contract §6), as the payments see
/// it: the verdict and the words that justify it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decided<'a> {
    /// Whether the region is to be paid the part.
    pub eligible: bool,
    /// Why, as the decision gives it.
    pub reason: &'a str,
    /// The case number (*diarienummer*), `S2022/04567`.
    pub case: &'a str,
}

/// What a region's eligibility for one conditional payment rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis<'a> {
    /// Its assessment: earned or not (a region without one has not).
    Assessment(bool),
    /// A recorded decision, which overrides the assessment for payment.
    Decision(Decided<'a>),
}

impl Basis<'_> {
    /// Whether the region is to be paid.
    pub fn eligible(self) -> bool {
        match self {
            Basis::Assessment(earned) => earned,
            Basis::Decision(decided) => decided.eligible,
        }
    }
}

/// How one region's part of one payment came about, in the payment's units (whole kronor):
/// the quota `numerator / denominator`, its floor, and its remainder's place in the queue for
/// the kronor left over after every floor.
///
/// Invariant: `floor = numerator / denominator`, `remainder = numerator % denominator`, and the
/// part is `floor + 1` kronor exactly when `leftover` (`rank ≤` the payment's leftover kronor).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Quota {
    /// The payment's kronor times the region's population.
    pub numerator: u64,
    /// The population of every region the payment is split among.
    pub denominator: u64,
    /// Whole kronor by floor.
    pub floor_kr: u64,
    /// What the floor left, over the same denominator.
    pub remainder: u64,
    /// 1 for the largest remainder; equal remainders: the region listed first ranks first.
    pub remainder_rank: u16,
    /// Whether its rank got one of the leftover kronor.
    pub leftover_krona: bool,
}

/// How one payment was split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Split {
    /// How many regions it was split among.
    pub regions: u16,
    /// Their population.
    pub weight_sum: u64,
    /// The kronor left after every floor, given one each in order of remainder.
    pub leftover_kr: u64,
}

/// One region's row.
///
/// Invariant: the per-payment vectors have one entry per payment, in the year's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentRow<'a> {
    /// The region.
    pub region: Region,
    /// Its name as the population table writes it.
    pub name: &'a str,
    /// Its population.
    pub population: u32,
    /// Per payment: whether the region receives it.
    pub eligible: Vec<bool, MAX_PAYMENTS>,
    /// Per payment: the amount, whole kronor.
    pub amounts: Vec<Ore, MAX_PAYMENTS>,
    /// Per payment: how its part came about; `None` when it was not in the split (not eligible
    /// under [`Policy::Redistribute`]). Under [`Policy::Withhold`] a region
    /// not eligible keeps the quota of the part that is withheld from it.
    pub quotas: Vec<Option<Quota>, MAX_PAYMENTS>,
    /// Per payment: the recorded decision that set `eligible`, if one did.
    pub decided: Vec<Option<Decided<'a>>, MAX_PAYMENTS>,
}

/// Every payment of a year.
///
/// Invariant: for each payment, the rows' amounts plus the withheld amount equal its total,
/// every amount is whole kronor and not negative, and every amount is its [`Quota`]'s floor
/// plus its leftover krona, except in a payment that is recorded: its amounts are those its
/// record holds ([`Payments::with_recorded`]), and its quotas are `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payments<'a> {
    year: Year,
    policy: Policy,
    totals: Vec<(PaymentId, Ore), MAX_PAYMENTS>,
    splits: Vec<Split, MAX_PAYMENTS>,
    rows: Vec<PaymentRow<'a>, REGION_COUNT>,
    withheld: Vec<Ore, MAX_PAYMENTS>,
    recorded: Vec<bool, MAX_PAYMENTS>,
}

/// Why a recorded payment's amounts cannot stand for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordedError {
    /// Not one of the year's payments.
    NoSuchPayment(PaymentId),
    /// A region of the table without a recorded amount.
    Missing(Region),
    /// An amount below zero or not whole kronor.
    Amount(Region, Ore),
    /// More in all than the payment's total.
    OverTotal {
        /// The recorded amounts' sum.
        recorded: Ore,
        /// The payment's total.
        total: Ore,
    },
}

impl fmt::Display for RecordedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordedError::NoSuchPayment(id) => write!(f, "{id} is not a payment of the year"),
            RecordedError::Missing(region) => {
                write!(f, "region {} has no recorded amount", region.code())
            }
            RecordedError::Amount(region, amount) => write!(
                f,
                "region {}: {amount} is not an amount in whole kronor",
                region.code()
            ),
            RecordedError::OverTotal { recorded, total } => {
                write!(
                    f,
                    "the recorded amounts sum to {recorded}, more than the total {total}"
                )
            }
        }
    }
}

// The fields are private so that only `compute` makes a `Payments`: the invariant spans them.
impl<'a> Payments<'a> {
    /// The year.
    pub fn year(&self) -> Year {
        self.year
    }

    /// The policy for conditional payments.
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// The payments: id and total, in the rules' order.
    pub fn payments(&self) -> &[(PaymentId, Ore)] {
        &self.totals
    }

    /// Per payment: how it was split.
    pub fn splits(&self) -> &[Split] {
        &self.splits
    }

    /// The regions, in the table's order.
    pub fn rows(&self) -> &[PaymentRow<'a>] {
        &self.rows
    }

    /// Per payment: the amount not paid.
    pub fn withheld(&self) -> &[Ore] {
        &self.withheld
    }
}

/// Why payments cannot be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentError {
    /// A table row's code is not a region code.
    UnknownRegion {
        /// The table line.
        line: usize,
        /// The code column's position (1-based).
        column: usize,
    },
    /// A region appears twice in the table.
    DuplicateRegion {
        /// The table line of the second.
        line: usize,
        /// The code column's position (1-based).
        column: usize,
        /// The region.
        region: Region,
        /// The table line of the first.
        first: usize,
    },
    /// A region's population is 0: no region has no inhabitants, and a region of population 0
    /// would silently be paid nothing.
    ZeroPopulation {
        /// The table line.
        line: usize,
        /// The population column's position (1-based).
        column: usize,
        /// The region.
        region: Region,
    },
    /// A region is not in the table: it could not be paid.
    MissingRegion(Region),
    /// The split itself failed (a table with no population).
    Allocation(AllocationError),
    /// The allocation and the plain quota arithmetic disagree about a region's part: a defect,
    /// never paid out.
    Inconsistent(Region),
    /// The rules have more payments than [`MAX_PAYMENTS`] (no year's agreement has).
    TooManyPayments(usize),
}

impl fmt::Display for PaymentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaymentError::TooManyPayments(count) => write!(
                f,
                "the rules have {count} payments; svf pays at most {MAX_PAYMENTS} a year"
            ),
            PaymentError::UnknownRegion { line, column } => {
                write_place(f, *line, Some(*column))?;
                f.write_str("the code is not one of the 21 region codes")
            }
            PaymentError::DuplicateRegion {
                line,
                column,
                region,
                first,
            } => {
                write_place(f, *line, Some(*column))?;
                write!(
                    f,
                    "region {region} is listed twice; the first is on line {first}"
                )
            }
            PaymentError::ZeroPopulation {
                line,
                column,
                region,
            } => {
                write_place(f, *line, Some(*column))?;
                write!(
                    f,
                    "region {region} has a population of 0; a population table gives every \
                     region its population, and 0 would pay it nothing"
                )
            }
            PaymentError::MissingRegion(region) => {
                write!(
                    f,
                    "region {region} is not in the table; every region must be, to be paid"
                )
            }
            PaymentError::Allocation(e) => write!(f, "{e}"),
            PaymentError::Inconsistent(region) => write!(
                f,
                "the split and its check disagree about region {region}; nothing is paid"
            ),
        }
    }
}

impl core::error::Error for PaymentError {}

impl<'a> Payments<'a> {
    /// Computes every payment of `rules.year` from the population `table` under `policy`;
    /// `basis(region, payment id)` says what a region's eligibility for a conditional payment
    /// rests on.
    ///
    /// # Errors
    /// [`PaymentError`] when the table is not exactly the 21 regions, each once with a
    /// population above 0: the line and column of the row at fault, or the region missing.
    pub fn compute(
        rules: &Rules,
        table: &Table<'a>,
        policy: Policy,
        basis: impl Fn(Region, PaymentId) -> Basis<'a>,
    ) -> Result<Payments<'a>, PaymentError> {
        // With at most MAX_PAYMENTS payments, no push below can fail: every vector has room
        // for one entry per payment, and `rows_of` gives one row per region.
        if rules.payments().len() > MAX_PAYMENTS {
            return Err(PaymentError::TooManyPayments(rules.payments().len()));
        }
        let mut payments = Payments {
            year: rules.year(),
            policy,
            totals: Vec::new(),
            splits: Vec::new(),
            rows: rows_of(table)?,
            withheld: Vec::new(),
            recorded: Vec::new(),
        };
        for payment in rules.payments() {
            let _ = payments.totals.push((payment.id, payment.total));
            let mut weights = [0u32; REGION_COUNT];
            for (weight, row) in weights.iter_mut().zip(payments.rows.iter_mut()) {
                let (receives, decided) = match payment.part {
                    None => (true, None),
                    Some(_) => match basis(row.region, payment.id) {
                        Basis::Assessment(earned) => (earned, None),
                        Basis::Decision(decided) => (decided.eligible, Some(decided)),
                    },
                };
                let _ = row.eligible.push(receives);
                let _ = row.decided.push(decided);
                // Under withhold, the split is as if all were eligible.
                *weight = if policy == Policy::Withhold || receives {
                    row.population
                } else {
                    0
                };
            }
            let mut parts = [Ore::ZERO; REGION_COUNT];
            let mut scratch = [0u64; REGION_COUNT];
            let split = allocate(
                payment.total,
                Ore::KRONA,
                &weights,
                &mut parts,
                &mut scratch,
            );
            match split {
                Ok(()) => {}
                // Nobody eligible to redistribute to: everything is withheld.
                Err(AllocationError::ZeroTotalWeight) if policy == Policy::Redistribute => {}
                Err(e) => return Err(PaymentError::Allocation(e)),
            }
            let units = payment.total.0.unsigned_abs() / Ore::KRONA.0.unsigned_abs();
            let (quotas, split) = quotas(units, &weights);
            let _ = payments.splits.push(split);
            let mut withheld = payment.total;
            for ((row, part), quota) in payments.rows.iter_mut().zip(parts).zip(quotas) {
                // The independent check: the allocation's part is the quota's floor plus its
                // leftover krona, or zero for a region outside the split.
                let expected = quota.map_or(0, |q| q.floor_kr + u64::from(q.leftover_krona));
                if Some(part.0)
                    != i64::try_from(expected)
                        .ok()
                        .and_then(|kr| kr.checked_mul(Ore::KRONA.0))
                {
                    return Err(PaymentError::Inconsistent(row.region));
                }
                let receives = row.eligible.last().copied().unwrap_or(false);
                let amount = if receives { part } else { Ore::ZERO };
                withheld = withheld.checked_sub(amount).unwrap_or(Ore::ZERO);
                let _ = row.amounts.push(amount);
                let _ = row.quotas.push(quota);
            }
            let _ = payments.withheld.push(withheld);
            let _ = payments.recorded.push(false);
        }
        Ok(payments)
    }

    /// These payments with payment `id` as it was decided and recorded: each region's amount
    /// is `recorded(region)`, a region is eligible when it is paid (every region, for an
    /// unconditional payment), what is left of the total is withheld, and no quota is given,
    /// since the amounts are the record's, not this computation's. The government's decision
    /// is what is paid; a computation made since is shown beside it, never in its place.
    ///
    /// # Errors
    /// [`RecordedError`] when the record does not hold a whole-kronor amount, not negative, for
    /// every region of the table, or its amounts exceed the payment's total.
    pub fn with_recorded(
        mut self,
        id: PaymentId,
        recorded: impl Fn(Region) -> Option<Ore>,
    ) -> Result<Payments<'a>, RecordedError> {
        let index = self.index_of(id).ok_or(RecordedError::NoSuchPayment(id))?;
        let total = self.totals[index].1;
        let conditional = Rules::of(self.year)
            .payment(id)
            .is_some_and(|p| p.part.is_some());
        let mut sum = Ore::ZERO;
        for row in &self.rows {
            let amount = recorded(row.region).ok_or(RecordedError::Missing(row.region))?;
            if amount.0 < 0 || amount.0 % 100 != 0 {
                return Err(RecordedError::Amount(row.region, amount));
            }
            sum = Ore(sum.0.checked_add(amount.0).unwrap_or(i64::MAX));
        }
        // A sum beyond i64 (never a real record's) is over any total as well.
        if sum.0 > total.0 {
            return Err(RecordedError::OverTotal {
                recorded: sum,
                total,
            });
        }
        for row in &mut self.rows {
            // Every row has an amount: checked above.
            let amount = recorded(row.region).unwrap_or(Ore::ZERO);
            row.amounts[index] = amount;
            row.eligible[index] = !conditional || amount.0 > 0;
            row.quotas[index] = None;
        }
        self.withheld[index] = Ore(total.0 - sum.0);
        self.recorded[index] = true;
        Ok(self)
    }

    /// Whether payment `index` holds its record's amounts ([`Payments::with_recorded`]).
    pub fn is_recorded(&self, index: usize) -> bool {
        self.recorded.get(index).copied().unwrap_or(false)
    }

    /// What the regions are paid in all, per payment.
    pub fn paid(&self, payment: usize) -> Ore {
        Ore(self
            .rows
            .iter()
            .filter_map(|r| r.amounts.get(payment))
            .map(|a| a.0)
            .sum())
    }

    /// The index of the payment `id`.
    pub fn index_of(&self, id: PaymentId) -> Option<usize> {
        self.totals.iter().position(|(p, _)| *p == id)
    }
}

/// The table's rows as payment rows: exactly the 21 regions, each once, each with a population.
fn rows_of<'a>(table: &Table<'a>) -> Result<Vec<PaymentRow<'a>, REGION_COUNT>, PaymentError> {
    let mut rows: Vec<PaymentRow<'a>, REGION_COUNT> = Vec::new();
    // The line of each region's row, for the second of a region listed twice.
    let mut lines = [0usize; REGION_COUNT];
    for row in table.rows() {
        let (line, column) = (row.line, table.code_column());
        let region = Region::from_table_code(row.code)
            .ok_or(PaymentError::UnknownRegion { line, column })?;
        if let Some(first) = rows.iter().position(|r| r.region == region) {
            return Err(PaymentError::DuplicateRegion {
                line,
                column,
                region,
                first: lines[first],
            });
        }
        if row.weight == 0 {
            return Err(PaymentError::ZeroPopulation {
                line,
                column: table.weight_column(),
                region,
            });
        }
        if let Some(slot) = lines.get_mut(rows.len()) {
            *slot = line;
        }
        let entry = PaymentRow {
            region,
            name: row.name,
            population: row.weight,
            eligible: Vec::new(),
            amounts: Vec::new(),
            quotas: Vec::new(),
            decided: Vec::new(),
        };
        // 21 distinct region codes at most, so it fits.
        let _ = rows.push(entry);
    }
    if let Some(region) = Region::ALL
        .into_iter()
        .find(|r| !rows.iter().any(|row| row.region == *r))
    {
        return Err(PaymentError::MissingRegion(region));
    }
    Ok(rows)
}

/// Each row's quota of `units` whole kronor by `weights`, by the definition of the largest
/// remainder method and nothing cleverer: floor, remainder, rank by remainder (ties: the row
/// listed first), and the leftover kronor to the best ranks. Rows of weight zero are outside
/// the split.
fn quotas(units: u64, weights: &[u32; REGION_COUNT]) -> ([Option<Quota>; REGION_COUNT], Split) {
    let weight_sum: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    let mut quotas = [None; REGION_COUNT];
    if weight_sum == 0 {
        let split = Split {
            regions: 0,
            weight_sum,
            leftover_kr: 0,
        };
        return (quotas, split);
    }
    let mut floors = 0u64;
    for (quota, &weight) in quotas.iter_mut().zip(weights) {
        if weight == 0 {
            continue;
        }
        // A year's payment is at most a few hundred million kronor (below 2^32), and a weight
        // is below 2^32: the product fits in 64 bits.
        let numerator = units.saturating_mul(u64::from(weight));
        floors += numerator / weight_sum;
        *quota = Some(Quota {
            numerator,
            denominator: weight_sum,
            floor_kr: numerator / weight_sum,
            remainder: numerator % weight_sum,
            remainder_rank: 0,
            leftover_krona: false,
        });
    }
    let leftover = units.saturating_sub(floors);
    let remainders: [Option<u64>; REGION_COUNT] = quotas.map(|q| q.map(|q| q.remainder));
    let mut regions = 0u16;
    for (index, quota) in quotas.iter_mut().enumerate() {
        let Some(quota) = quota else { continue };
        regions += 1;
        let ahead = remainders
            .iter()
            .enumerate()
            .filter(|&(other, r)| {
                r.is_some_and(|r| r > quota.remainder || (r == quota.remainder && other < index))
            })
            .count();
        // At most 20 rows are ahead.
        let rank = u16::try_from(ahead).unwrap_or(u16::MAX).saturating_add(1);
        quota.remainder_rank = rank;
        quota.leftover_krona = u64::from(rank) <= leftover;
    }
    let split = Split {
        regions,
        weight_sum,
        leftover_kr: leftover,
    };
    (quotas, split)
}

/// A map from payment id to a per-payment value, for the JSON.
struct ById<'p, T> {
    ids: &'p [(PaymentId, Ore)],
    values: &'p [T],
}

impl<T: Serialize> Serialize for ById<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.values.len()))?;
        for ((id, _), value) in self.ids.iter().zip(self.values) {
            map.serialize_entry(id.as_str(), value)?;
        }
        map.end()
    }
}

/// The decided payments of a row only, for the JSON.
struct DecidedById<'p, 'a> {
    ids: &'p [(PaymentId, Ore)],
    decided: &'p [Option<Decided<'a>>],
}

impl Serialize for DecidedById<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Entry<'d> {
            eligible: bool,
            reason: &'d str,
            case: &'d str,
        }
        let count = self.decided.iter().flatten().count();
        let mut map = serializer.serialize_map(Some(count))?;
        for ((id, _), decided) in self.ids.iter().zip(self.decided) {
            if let Some(d) = decided {
                map.serialize_entry(
                    id.as_str(),
                    &Entry {
                        eligible: d.eligible,
                        reason: d.reason,
                        case: d.case,
                    },
                )?;
            }
        }
        map.end()
    }
}

/// `svf-payments/1` (contract §5), with each payment's split and each amount's quota.
impl Serialize for Payments<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct PaymentTotal {
            id: PaymentId,
            total_ore: i64,
            split_among: u16,
            weight_sum: u64,
            leftover_kr: u64,
        }
        struct Row<'p, 'a>(&'p PaymentRow<'a>, &'p [(PaymentId, Ore)]);
        impl Serialize for Row<'_, '_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let (row, ids) = (self.0, self.1);
                let amounts: Vec<i64, MAX_PAYMENTS> = row.amounts.iter().map(|a| a.0).collect();
                let decided = row.decided.iter().any(Option::is_some);
                let mut s = serializer.serialize_struct("Row", 7)?;
                s.serialize_field("code", row.region.code())?;
                s.serialize_field("name", row.name)?;
                s.serialize_field("population", &row.population)?;
                s.serialize_field(
                    "eligible",
                    &ById {
                        ids,
                        values: &row.eligible,
                    },
                )?;
                s.serialize_field(
                    "amounts_ore",
                    &ById {
                        ids,
                        values: &amounts,
                    },
                )?;
                s.serialize_field(
                    "quotas",
                    &ById {
                        ids,
                        values: &row.quotas,
                    },
                )?;
                if decided {
                    s.serialize_field(
                        "decided",
                        &DecidedById {
                            ids,
                            decided: &row.decided,
                        },
                    )?;
                } else {
                    s.skip_field("decided")?;
                }
                s.end()
            }
        }
        struct Rows<'p, 'a>(&'p Payments<'a>);
        impl Serialize for Rows<'_, '_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.rows.iter().map(|r| Row(r, &self.0.totals)))
            }
        }
        let totals: Vec<PaymentTotal, MAX_PAYMENTS> = self
            .totals
            .iter()
            .zip(&self.splits)
            .map(|(&(id, total), split)| PaymentTotal {
                id,
                total_ore: total.0,
                split_among: split.regions,
                weight_sum: split.weight_sum,
                leftover_kr: split.leftover_kr,
            })
            .collect();
        let withheld: Vec<i64, MAX_PAYMENTS> = self.withheld.iter().map(|w| w.0).collect();
        let mut s = serializer.serialize_struct("Payments", 6)?;
        s.serialize_field("schema", "svf-payments/1")?;
        s.serialize_field("agreement_year", &self.year.number())?;
        s.serialize_field("policy", self.policy.name())?;
        s.serialize_field("payments", &totals)?;
        s.serialize_field("rows", &Rows(self))?;
        s.serialize_field(
            "withheld_ore",
            &ById {
                ids: &self.totals,
                values: &withheld,
            },
        )?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANNEX: &str = include_str!("../../tests/data/annex-2024-second-payment.tsv");

    fn annex_amounts() -> impl Iterator<Item = i64> {
        ANNEX.lines().skip(1).take(21).map(|line| {
            let amount = line.rsplit('\t').next().unwrap_or_default();
            amount
                .bytes()
                .filter(u8::is_ascii_digit)
                .fold(0i64, |v, b| v * 10 + i64::from(b - b'0'))
                * 100
        })
    }

    fn earned(eligible: impl Fn(Region) -> bool) -> impl Fn(Region, PaymentId) -> Basis<'static> {
        move |region, _| Basis::Assessment(eligible(region))
    }

    #[test]
    fn rules_with_more_payments_than_there_is_room_for_are_refused() {
        extern crate std;
        let table = Table::parse(ANNEX).unwrap();
        let year = Rules::of(Year::Y2026);
        let four = [
            year.payments[0],
            year.payments[1],
            year.payments[2],
            year.payments[0],
        ];
        let rules = Rules {
            payments: std::boxed::Box::leak(std::boxed::Box::new(four)),
            ..year
        };
        let refused = Payments::compute(&rules, &table, Policy::Withhold, earned(|_| true));
        assert_eq!(refused, Err(PaymentError::TooManyPayments(4)));
    }

    /// A decided payment stands as recorded whatever the standing computation says: Norrbotten
    /// not eligible today is paid what the decision gave it, and a broken record is refused.
    #[test]
    fn a_recorded_payment_holds_its_records_amounts() {
        let table = Table::parse(ANNEX).unwrap();
        let rules = Rules::of(Year::Y2024);
        let norrbotten = Region::from_code("25").unwrap();
        let decided =
            Payments::compute(&rules, &table, Policy::Redistribute, earned(|_| true)).unwrap();
        let amounts: Vec<(Region, Ore), REGION_COUNT> = decided
            .rows
            .iter()
            .map(|r| (r.region, r.amounts[1]))
            .collect();
        let record = |region: Region| amounts.iter().find(|(r, _)| *r == region).map(|a| a.1);
        let standing = Payments::compute(
            &rules,
            &table,
            Policy::Redistribute,
            earned(|r| r != norrbotten),
        )
        .unwrap();
        assert_ne!(standing.rows, decided.rows);
        let frozen = standing
            .clone()
            .with_recorded(PaymentId::Second, record)
            .unwrap();
        assert!(frozen.is_recorded(1) && !frozen.is_recorded(0));
        for (row, was) in frozen.rows.iter().zip(&decided.rows) {
            assert_eq!(row.amounts[1], was.amounts[1]);
            assert!(row.eligible[1]);
            assert_eq!(row.quotas[1], None);
        }
        assert_eq!(frozen.withheld[1], Ore::ZERO);
        assert_eq!(frozen.paid(1), Ore(18_250_000_000));
        // The first payment is untouched.
        for (row, now) in frozen.rows.iter().zip(&standing.rows) {
            assert_eq!(row.amounts[0], now.amounts[0]);
        }
        // A record of fewer regions paid leaves the rest withheld, those regions not eligible.
        let fewer = |region: Region| {
            if region == norrbotten {
                Some(Ore::ZERO)
            } else {
                record(region)
            }
        };
        let frozen = standing
            .clone()
            .with_recorded(PaymentId::Second, fewer)
            .unwrap();
        assert_eq!(frozen.withheld[1], record(norrbotten).unwrap());
        assert!(!frozen.rows[20].eligible[1]);

        let refused = |recorded: &dyn Fn(Region) -> Option<Ore>| {
            standing
                .clone()
                .with_recorded(PaymentId::Second, recorded)
                .unwrap_err()
        };
        assert_eq!(
            refused(&|r| if r == norrbotten { None } else { record(r) }),
            RecordedError::Missing(norrbotten)
        );
        assert_eq!(
            refused(&|r| if r == norrbotten {
                Some(Ore(50))
            } else {
                record(r)
            }),
            RecordedError::Amount(norrbotten, Ore(50))
        );
        assert_eq!(
            refused(&|r| if r == norrbotten {
                Some(Ore(-100))
            } else {
                record(r)
            }),
            RecordedError::Amount(norrbotten, Ore(-100))
        );
        assert!(matches!(
            refused(&|r| record(r).map(|a| Ore(a.0 + 100))),
            RecordedError::OverTotal { .. }
        ));
        assert_eq!(
            standing
                .with_recorded(PaymentId::SecondA, record)
                .unwrap_err(),
            RecordedError::NoSuchPayment(PaymentId::SecondA)
        );
    }

    /// A population table whose codes a spreadsheet stripped of their leading zero (`1` for
    /// `01`) pays the same; `1` beside `01` is one region twice.
    #[test]
    fn codes_without_their_leading_zero_are_the_regions() {
        extern crate std;
        let mut stripped = std::string::String::new();
        for line in ANNEX.lines() {
            stripped.push_str(line.strip_prefix('0').unwrap_or(line));
            stripped.push('\n');
        }
        let stripped: &'static str = std::boxed::Box::leak(stripped.into_boxed_str());
        let table = Table::parse(stripped).unwrap();
        assert_eq!(table.rows().next().unwrap().code, "1");
        let rules = Rules::of(Year::Y2024);
        let p = Payments::compute(&rules, &table, Policy::Redistribute, earned(|_| true)).unwrap();
        for (row, expected) in p.rows.iter().zip(annex_amounts()) {
            assert_eq!(row.amounts[1], Ore(expected));
        }
        assert_eq!(p.rows[0].region, Region::from_code("01").unwrap());
        let twice = ANNEX.replacen("03\tUppsala", "1\tUppsala", 1);
        let twice: &'static str = std::boxed::Box::leak(twice.into_boxed_str());
        let table = Table::parse(twice).unwrap();
        assert!(matches!(
            Payments::compute(&rules, &table, Policy::Redistribute, earned(|_| true)),
            Err(PaymentError::DuplicateRegion { .. })
        ));
    }

    #[test]
    fn all_eligible_2024_pays_the_annex_twice() {
        let table = Table::parse(ANNEX).unwrap();
        for policy in [Policy::Withhold, Policy::Redistribute] {
            let p = Payments::compute(&Rules::of(Year::Y2024), &table, policy, earned(|_| true))
                .unwrap();
            for (row, expected) in p.rows.iter().zip(annex_amounts()) {
                assert_eq!(row.amounts.as_slice(), [Ore(expected), Ore(expected)]);
            }
            assert_eq!(p.withheld.as_slice(), [Ore::ZERO, Ore::ZERO]);
        }
    }

    #[test]
    fn dalarna_gets_no_extra_krona_because_nine_are_left_and_it_ranks_tenth() {
        let table = Table::parse(ANNEX).unwrap();
        let p = Payments::compute(
            &Rules::of(Year::Y2024),
            &table,
            Policy::Redistribute,
            earned(|_| true),
        )
        .unwrap();
        assert_eq!(p.splits[1].leftover_kr, 9);
        assert_eq!(p.splits[1].regions, 21);
        assert_eq!(p.splits[1].weight_sum, 10_557_682);
        let dalarna = p.rows.iter().find(|r| r.region.code() == "20").unwrap();
        let quota = dalarna.quotas[1].unwrap();
        assert_eq!(quota.numerator, 182_500_000 * 287_451);
        assert_eq!(quota.denominator, 10_557_682);
        assert_eq!(quota.remainder_rank, 10);
        assert!(!quota.leftover_krona);
        assert_eq!(
            dalarna.amounts[1],
            Ore(i64::try_from(quota.floor_kr).unwrap() * 100)
        );
        let extra = p
            .rows
            .iter()
            .filter(|r| r.quotas[1].is_some_and(|q| q.leftover_krona))
            .count();
        assert_eq!(extra, 9, "nine regions are rounded up");
    }

    #[test]
    fn withhold_keeps_each_share_and_redistribute_shares_it_out() {
        let table = Table::parse(ANNEX).unwrap();
        let rules = Rules::of(Year::Y2024);
        let norrbotten = Region::from_code("25").unwrap();
        let halland = Region::from_code("13").unwrap();
        let eligible = |r: Region| r != norrbotten && r != halland;
        let withhold =
            Payments::compute(&rules, &table, Policy::Withhold, earned(eligible)).unwrap();
        let expected: [i64; 21] = {
            let mut all = [0; 21];
            for (slot, amount) in all.iter_mut().zip(annex_amounts()) {
                *slot = amount;
            }
            all
        };
        let mut withheld_sum = 0;
        for (row, &amount) in withhold.rows.iter().zip(&expected) {
            let second = if eligible(row.region) { amount } else { 0 };
            withheld_sum += amount - second;
            assert_eq!(row.amounts[1], Ore(second), "{}", row.region);
            assert_eq!(row.amounts[0], Ore(amount), "the first payment goes to all");
            assert!(
                row.quotas[1].is_some(),
                "under withhold every region has its quota"
            );
        }
        assert_eq!(withhold.withheld[1], Ore(withheld_sum));
        assert_eq!(withheld_sum, (4_298_214 + 5_946_191) * 100);

        let redistribute =
            Payments::compute(&rules, &table, Policy::Redistribute, earned(eligible)).unwrap();
        assert_eq!(redistribute.paid(1), Ore(18_250_000_000));
        assert_eq!(redistribute.withheld[1], Ore::ZERO);
        assert_eq!(redistribute.splits[1].regions, 19);
        for (row, &amount) in redistribute.rows.iter().zip(&expected) {
            if eligible(row.region) {
                assert!(
                    row.amounts[1].0 > amount,
                    "{} gains from the redistribution",
                    row.region
                );
            } else {
                assert_eq!(row.amounts[1], Ore::ZERO);
                assert_eq!(row.quotas[1], None, "outside the split");
            }
        }
    }

    #[test]
    fn a_decision_overrides_the_assessment_and_says_so() {
        let table = Table::parse(ANNEX).unwrap();
        let rules = Rules::of(Year::Y2024);
        let granted = Decided {
            eligible: true,
            reason: "Pandemins påverkan beaktas",
            case: "S2022/04567",
        };
        let p = Payments::compute(&rules, &table, Policy::Redistribute, |region, _| {
            if region.code() == "25" {
                Basis::Decision(granted)
            } else {
                Basis::Assessment(region.code() != "13")
            }
        })
        .unwrap();
        let norrbotten = p.rows.iter().find(|r| r.region.code() == "25").unwrap();
        assert!(norrbotten.eligible[1]);
        assert!(norrbotten.amounts[1] > Ore::ZERO);
        assert_eq!(norrbotten.decided.as_slice(), [None, Some(granted)]);
        assert_eq!(p.splits[1].regions, 20);
    }

    #[test]
    fn nobody_eligible() {
        let table = Table::parse(ANNEX).unwrap();
        let rules = Rules::of(Year::Y2026);
        for policy in [Policy::Withhold, Policy::Redistribute] {
            let p = Payments::compute(&rules, &table, policy, earned(|_| false)).unwrap();
            assert_eq!(
                p.withheld.as_slice(),
                [Ore::ZERO, Ore(12_500_000_000), Ore(12_500_000_000)]
            );
            assert_eq!(p.paid(0), Ore(25_000_000_000));
        }
    }

    #[test]
    fn the_table_must_hold_the_21_regions() {
        let rules = Rules::of(Year::Y2024);
        let short = Table::parse("code,name,population\n01,Stockholm,5\n").unwrap();
        let all = || earned(|_| true);
        assert!(matches!(
            Payments::compute(&rules, &short, Policy::Withhold, all()),
            Err(PaymentError::MissingRegion(_))
        ));
        let unknown = Table::parse("name,code,population\nNowhere,02,5\n").unwrap();
        assert_eq!(
            Payments::compute(&rules, &unknown, Policy::Withhold, all()),
            Err(PaymentError::UnknownRegion { line: 2, column: 2 })
        );
        let twice = Table::parse("code,name,population\n01,Stockholm,5\n01,Stockholm,5\n").unwrap();
        let stockholm = Region::from_code("01").unwrap();
        assert_eq!(
            Payments::compute(&rules, &twice, Policy::Withhold, all()),
            Err(PaymentError::DuplicateRegion {
                line: 3,
                column: 1,
                region: stockholm,
                first: 2
            })
        );
    }

    /// A table of the 21 regions, each of population 1000 but `zero`'s, of 0.
    fn populations_with_zero(zero: &str) -> heapless::String<1024> {
        use core::fmt::Write;
        let mut text = heapless::String::new();
        let _ = text.push_str("Kod;Region;Befolkningsmängd\n");
        for region in Region::ALL {
            let population = if region.code() == zero { 0 } else { 1000 };
            let _ = writeln!(text, "{};{};{population}", region.code(), region.name());
        }
        text
    }

    #[test]
    fn a_population_of_zero_is_refused_with_its_line_and_column() {
        extern crate std;
        let text = populations_with_zero("25");
        let table = Table::parse(&text).unwrap();
        let norrbotten = Region::from_code("25").unwrap();
        for (year, policy) in [
            (Year::Y2024, Policy::Redistribute),
            (Year::Y2026, Policy::Withhold),
        ] {
            let refused = Payments::compute(&Rules::of(year), &table, policy, |_, _| {
                Basis::Assessment(true)
            })
            .unwrap_err();
            assert_eq!(
                refused,
                PaymentError::ZeroPopulation {
                    line: 22,
                    column: 3,
                    region: norrbotten
                }
            );
            assert_eq!(
                std::string::ToString::to_string(&refused),
                "line 22, column 3: region 25 Norrbotten has a population of 0; a population \
                 table gives every region its population, and 0 would pay it nothing"
            );
        }
        // The same table is a weight table like any other: allocate splits by it.
        assert_eq!(table.weight_sum(), 20_000);
    }

    #[test]
    fn a_missing_region_is_named() {
        extern crate std;
        let rules = Rules::of(Year::Y2024);
        let text = populations_with_zero("none");
        let gotland = "09;Gotland;1000\n";
        assert!(text.contains(gotland));
        let without_gotland = text.replace(gotland, "");
        let table = Table::parse(&without_gotland).unwrap();
        let refused = Payments::compute(&rules, &table, Policy::Redistribute, |_, _| {
            Basis::Assessment(true)
        })
        .unwrap_err();
        assert_eq!(
            std::string::ToString::to_string(&refused),
            "region 09 Gotland is not in the table; every region must be, to be paid"
        );
    }
}
