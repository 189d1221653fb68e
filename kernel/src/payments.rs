//! The year's payments to the regions (`svf-payments/1`, contract §5), in whole kronor.
//!
//! The first payment goes to every region by population. A conditional payment goes only to
//! the regions that earned it, by one of two policies:
//! - [`Policy::Withhold`] (the default): split among all regions as if all were eligible, and a
//!   region that is not gets nothing; its amount is withheld. Every region's amount is then
//!   fixed by population alone, whatever the others do.
//! - [`Policy::Redistribute`]: split among the eligible regions only.

use core::fmt;

use heapless::Vec;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::allocation::{AllocationError, allocate};
use crate::money::Ore;
use crate::region::{Region, Year};
use crate::rules::Rules;
use crate::table::Table;

/// The most payments in a year.
pub const MAX_PAYMENTS: usize = 3;

/// What happens to a conditional payment's share of a region that did not earn it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Policy {
    /// Not paid; reported as withheld.
    #[default]
    Withhold,
    /// Split among the eligible regions instead.
    Redistribute,
}

impl Policy {
    /// `withhold` or `redistribute`.
    pub fn name(self) -> &'static str {
        match self {
            Policy::Withhold => "withhold",
            Policy::Redistribute => "redistribute",
        }
    }
}

/// One region's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentRow<'a> {
    /// The region.
    pub region: Region,
    /// Its name as the population table writes it.
    pub name: &'a str,
    /// Its population.
    pub population: u32,
    /// Per payment, in the year's order: whether the region receives it.
    pub eligible: Vec<bool, MAX_PAYMENTS>,
    /// Per payment: the amount, whole kronor.
    pub amounts: Vec<Ore, MAX_PAYMENTS>,
}

/// Every payment of a year.
///
/// Invariant: for each payment, the rows' amounts plus the withheld amount equal its total, and
/// every amount is whole kronor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payments<'a> {
    /// The year's rules (for the payment ids and totals).
    pub year: Year,
    /// The policy for conditional payments.
    pub policy: Policy,
    /// The payments: id and total.
    pub payments: Vec<(&'static str, Ore), MAX_PAYMENTS>,
    /// The regions, in the table's order.
    pub rows: Vec<PaymentRow<'a>, 21>,
    /// Per payment: the amount not paid.
    pub withheld: Vec<Ore, MAX_PAYMENTS>,
}

/// Why payments cannot be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentError {
    /// A table row's code is not a region code.
    UnknownRegion {
        /// The table line.
        line: usize,
    },
    /// A region appears twice in the table.
    DuplicateRegion {
        /// The table line of the second.
        line: usize,
    },
    /// A region is not in the table: it could not be paid.
    MissingRegion(Region),
    /// The split itself failed (a table with no population).
    Allocation(AllocationError),
}

impl fmt::Display for PaymentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaymentError::UnknownRegion { line } => {
                write!(f, "line {line}: the code is not one of the 21 region codes")
            }
            PaymentError::DuplicateRegion { line } => {
                write!(f, "line {line}: the region is listed twice")
            }
            PaymentError::MissingRegion(region) => {
                write!(
                    f,
                    "region {region} is not in the table; every region must be, to be paid"
                )
            }
            PaymentError::Allocation(e) => write!(f, "{e}"),
        }
    }
}

impl core::error::Error for PaymentError {}

impl<'a> Payments<'a> {
    /// Computes every payment of `rules.year` from the population `table`; `eligible(region,
    /// payment id)` says whether a region earned a conditional payment.
    ///
    /// # Errors
    /// [`PaymentError`] when the table is not exactly the 21 regions or has no population.
    pub fn compute(
        rules: &Rules,
        table: &Table<'a>,
        policy: Policy,
        eligible: impl Fn(Region, &str) -> bool,
    ) -> Result<Payments<'a>, PaymentError> {
        let mut rows: Vec<PaymentRow<'a>, 21> = Vec::new();
        for row in table.rows() {
            let region = Region::from_code(row.code)
                .ok_or(PaymentError::UnknownRegion { line: row.line })?;
            if rows.iter().any(|r| r.region == region) {
                return Err(PaymentError::DuplicateRegion { line: row.line });
            }
            let entry = PaymentRow {
                region,
                name: row.name,
                population: row.weight,
                eligible: Vec::new(),
                amounts: Vec::new(),
            };
            // 21 distinct region codes at most, so it fits.
            rows.push(entry)
                .map_err(|_| PaymentError::DuplicateRegion { line: row.line })?;
        }
        if let Some(region) = Region::ALL
            .into_iter()
            .find(|r| !rows.iter().any(|row| row.region == *r))
        {
            return Err(PaymentError::MissingRegion(region));
        }
        let mut payments = Payments {
            year: rules.year,
            policy,
            payments: Vec::new(),
            rows,
            withheld: Vec::new(),
        };
        for payment in rules.payments {
            let _ = payments.payments.push((payment.id, payment.total));
            let gets = |region: Region| payment.part.is_none() || eligible(region, payment.id);
            let mut weights = [0u32; 21];
            for (weight, row) in weights.iter_mut().zip(&payments.rows) {
                // Under withhold, the split is as if all were eligible.
                *weight = if policy == Policy::Withhold || gets(row.region) {
                    row.population
                } else {
                    0
                };
            }
            let mut parts = [Ore::ZERO; 21];
            let mut scratch = [0u64; 21];
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
            let mut withheld = payment.total;
            for (row, part) in payments.rows.iter_mut().zip(parts) {
                let receives = gets(row.region);
                let amount = if receives { part } else { Ore::ZERO };
                withheld = withheld.checked_sub(amount).unwrap_or(Ore::ZERO);
                let _ = row.eligible.push(receives);
                let _ = row.amounts.push(amount);
            }
            let _ = payments.withheld.push(withheld);
        }
        Ok(payments)
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
}

/// A map from payment id to a per-payment value, for the JSON.
struct ById<'p, T> {
    ids: &'p [(&'static str, Ore)],
    values: &'p [T],
}

impl<T: Serialize> Serialize for ById<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.values.len()))?;
        for ((id, _), value) in self.ids.iter().zip(self.values) {
            map.serialize_entry(id, value)?;
        }
        map.end()
    }
}

/// `svf-payments/1` (contract §5).
impl Serialize for Payments<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct PaymentTotal {
            id: &'static str,
            total_ore: i64,
        }
        struct Row<'p, 'a>(&'p PaymentRow<'a>, &'p [(&'static str, Ore)]);
        impl Serialize for Row<'_, '_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let (row, ids) = (self.0, self.1);
                let amounts: Vec<i64, MAX_PAYMENTS> = row.amounts.iter().map(|a| a.0).collect();
                let mut s = serializer.serialize_struct("Row", 5)?;
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
                s.end()
            }
        }
        struct Rows<'p, 'a>(&'p Payments<'a>);
        impl Serialize for Rows<'_, '_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.rows.iter().map(|r| Row(r, &self.0.payments)))
            }
        }
        let totals: Vec<PaymentTotal, MAX_PAYMENTS> = self
            .payments
            .iter()
            .map(|&(id, total)| PaymentTotal {
                id,
                total_ore: total.0,
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
                ids: &self.payments,
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

    #[test]
    fn all_eligible_2024_pays_the_annex_twice() {
        let table = Table::parse(ANNEX).unwrap();
        let p = Payments::compute(&Rules::of(Year::Y2024), &table, Policy::Withhold, |_, _| {
            true
        })
        .unwrap();
        for (row, expected) in p.rows.iter().zip(annex_amounts()) {
            assert_eq!(row.amounts.as_slice(), [Ore(expected), Ore(expected)]);
        }
        assert_eq!(p.withheld.as_slice(), [Ore::ZERO, Ore::ZERO]);
    }

    #[test]
    fn withhold_keeps_each_share_and_redistribute_shares_it_out() {
        let table = Table::parse(ANNEX).unwrap();
        let rules = Rules::of(Year::Y2024);
        let norrbotten = Region::from_code("25").unwrap();
        let halland = Region::from_code("13").unwrap();
        let eligible = |r: Region, _: &str| r != norrbotten && r != halland;
        let withhold = Payments::compute(&rules, &table, Policy::Withhold, eligible).unwrap();
        let expected: [i64; 21] = {
            let mut all = [0; 21];
            for (slot, amount) in all.iter_mut().zip(annex_amounts()) {
                *slot = amount;
            }
            all
        };
        let mut withheld_sum = 0;
        for (row, &amount) in withhold.rows.iter().zip(&expected) {
            let second = if eligible(row.region, "second") {
                amount
            } else {
                0
            };
            withheld_sum += amount - second;
            assert_eq!(row.amounts[1], Ore(second), "{}", row.region);
            assert_eq!(row.amounts[0], Ore(amount), "the first payment goes to all");
        }
        assert_eq!(withhold.withheld[1], Ore(withheld_sum));
        assert_eq!(withheld_sum, (4_298_214 + 5_946_191) * 100);

        let redistribute =
            Payments::compute(&rules, &table, Policy::Redistribute, eligible).unwrap();
        assert_eq!(redistribute.paid(1), Ore(18_250_000_000));
        assert_eq!(redistribute.withheld[1], Ore::ZERO);
        for (row, &amount) in redistribute.rows.iter().zip(&expected) {
            if eligible(row.region, "second") {
                assert!(
                    row.amounts[1].0 > amount,
                    "{} gains from the redistribution",
                    row.region
                );
            } else {
                assert_eq!(row.amounts[1], Ore::ZERO);
            }
        }
    }

    #[test]
    fn nobody_eligible() {
        let table = Table::parse(ANNEX).unwrap();
        let rules = Rules::of(Year::Y2026);
        for policy in [Policy::Withhold, Policy::Redistribute] {
            let p = Payments::compute(&rules, &table, policy, |_, _| false).unwrap();
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
        assert!(matches!(
            Payments::compute(&rules, &short, Policy::Withhold, |_, _| true),
            Err(PaymentError::MissingRegion(_))
        ));
        let unknown = Table::parse("code,name,population\n02,Nowhere,5\n").unwrap();
        assert_eq!(
            Payments::compute(&rules, &unknown, Policy::Withhold, |_, _| true),
            Err(PaymentError::UnknownRegion { line: 2 })
        );
        let twice = Table::parse("code,name,population\n01,Stockholm,5\n01,Stockholm,5\n").unwrap();
        assert_eq!(
            Payments::compute(&rules, &twice, Policy::Withhold, |_, _| true),
            Err(PaymentError::DuplicateRegion { line: 3 })
        );
    }
}
