//! The agreement's SVF items and the year's payments: who earned each conditional payment
//! ([`Eligibility`]), and the check that the items paid to the regions by population are the
//! year's payments ([`check_payments`]): the unconditional ones the payments every region gets
//! (the first), the conditional ones the conditional payments (the second; 2026 part A and
//! part B), each kind in order, as many and of the same amounts.

use std::collections::{BTreeMap, BTreeSet};

use svf_kernel::decision::Decision;
use svf_kernel::payments::Basis;
use svf_kernel::region::{Region, Year};
use svf_kernel::rules::{Payment, Rules};
use svf_kernel::vocabulary::PaymentId;

use super::agreement::{Agreement, Item, PaidTo, SplitBy};
use super::error::{BudgetError, PaymentKind, Unmatched};

/// What a region's eligibility for the conditional payment `id` rests on: its recorded
/// decision where one names the payment, else what its assessment earned (nothing without one).
pub fn basis<'d>(
    earned: &BTreeMap<Region, Vec<PaymentId>>,
    decisions: &'d BTreeMap<Region, Decision>,
    region: Region,
    id: PaymentId,
) -> Basis<'d> {
    match decisions.get(&region).and_then(|d| d.decided(id)) {
        Some(decided) => Basis::Decision(decided),
        None => Basis::Assessment(earned.get(&region).is_some_and(|parts| parts.contains(&id))),
    }
}

/// Who earned each conditional payment of a year.
///
/// Invariant: one entry per conditional payment of `Rules::of(year)`, in the rules' order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Eligibility {
    year: Year,
    payments: Vec<(PaymentId, BTreeSet<Region>)>,
}

impl Eligibility {
    /// Who earned each conditional payment of `year`, by the regions' assessments (`earned`: the
    /// parts each region earned) and the recorded decisions, which override them: as the
    /// payments decide it ([`basis`]).
    pub fn of(
        year: Year,
        earned: &BTreeMap<Region, Vec<PaymentId>>,
        decisions: &BTreeMap<Region, Decision>,
    ) -> Eligibility {
        let payments = Rules::of(year)
            .payments()
            .iter()
            .filter(|p| p.part.is_some())
            .map(|payment| {
                let eligible = Region::ALL
                    .into_iter()
                    .filter(|&region| basis(earned, decisions, region, payment.id).eligible())
                    .collect();
                (payment.id, eligible)
            })
            .collect();
        Eligibility { year, payments }
    }

    /// The year.
    pub fn year(&self) -> Year {
        self.year
    }

    /// The regions that earned each conditional payment, in the year's order.
    pub fn payments(&self) -> impl Iterator<Item = (PaymentId, &BTreeSet<Region>)> {
        self.payments.iter().map(|(id, regions)| (*id, regions))
    }
}

/// Which of the year's payments an item is, if it is one: an item paid to the regions by
/// population is an unconditional payment, a conditional item a conditional one.
pub fn kind(item: &Item) -> Option<PaymentKind> {
    match (item.paid_to, item.split) {
        (PaidTo::Regions, SplitBy::Population) => Some(PaymentKind::Unconditional),
        (PaidTo::Regions, SplitBy::ConditionalPopulation) => Some(PaymentKind::Conditional),
        _ => None,
    }
}

fn payment_kind(payment: &Payment) -> PaymentKind {
    if payment.part.is_some() {
        PaymentKind::Conditional
    } else {
        PaymentKind::Unconditional
    }
}

/// Checks that the agreement's SVF items are the payments of `rules`: per kind, as many items
/// as payments, and each item, in order, of its payment's total.
///
/// # Errors
/// [`BudgetError::PaymentCount`] naming the first item or payment left over, checked for the
/// unconditional kind first; then [`BudgetError::PaymentAmount`] for the first item, in the
/// order of the file, whose amount is not its payment's total. `file` is the agreement's name
/// in messages.
pub fn check_payments(file: &str, agreement: &Agreement, rules: &Rules) -> Result<(), BudgetError> {
    let mut pairs: Vec<(&Item, &Payment)> = Vec::new();
    for kind in [PaymentKind::Unconditional, PaymentKind::Conditional] {
        let items: Vec<&Item> = agreement
            .items
            .iter()
            .filter(|item| self::kind(item) == Some(kind))
            .collect();
        let payments: Vec<&Payment> = rules
            .payments()
            .iter()
            .filter(|p| payment_kind(p) == kind)
            .collect();
        if items.len() != payments.len() {
            let unmatched = match (items.get(payments.len()), payments.get(items.len())) {
                (Some(item), _) => Unmatched::Item {
                    line: item.line,
                    name: item.name.clone(),
                },
                (None, Some(payment)) => Unmatched::Payment(payment.id),
                // The lengths differ, so one of them is longer.
                (None, None) => continue,
            };
            return Err(BudgetError::PaymentCount {
                file: file.to_owned(),
                kind,
                items: items.len(),
                year: rules.year(),
                payments: payments.iter().map(|p| p.id).collect(),
                unmatched,
            });
        }
        pairs.extend(items.into_iter().zip(payments));
    }
    pairs.sort_by_key(|(item, _)| item.line);
    match pairs
        .iter()
        .find(|(item, payment)| item.amount != payment.total)
    {
        Some((item, payment)) => Err(BudgetError::PaymentAmount {
            file: file.to_owned(),
            line: item.line,
            item: item.name.clone(),
            amount: item.amount,
            year: rules.year(),
            payment: payment.id,
            total: payment.total,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AGREEMENT_2024: &[u8] = include_bytes!("../../../../data/agreement-2024-allocation.tsv");

    fn agreement(text: &str) -> Agreement {
        Agreement::parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn the_2024_agreement_is_2024s_payments() {
        let agreement = Agreement::parse(AGREEMENT_2024).unwrap();
        assert_eq!(
            check_payments("a.tsv", &agreement, &Rules::of(Year::Y2024)),
            Ok(())
        );
    }

    #[test]
    fn an_item_of_another_amount_than_its_payment_is_refused_naming_both() {
        let a = agreement(
            "item\tmsek\trecipient\tsplit\nUtbetalning 1\t182,5\tregions\tpopulation\n\
             Utbetalning 2\t100\tregions\tconditional+population\nT\t282,5\t\t\n",
        );
        let e = check_payments("a.tsv", &a, &Rules::of(Year::Y2024)).unwrap_err();
        assert_eq!(
            e,
            BudgetError::PaymentAmount {
                file: "a.tsv".into(),
                line: 3,
                item: "Utbetalning 2".into(),
                amount: svf_kernel::Ore::from_kronor(100_000_000).unwrap(),
                year: Year::Y2024,
                payment: PaymentId::Second,
                total: svf_kernel::Ore::from_kronor(182_500_000).unwrap(),
            }
        );
        assert_eq!(
            e.to_string(),
            "a.tsv: line 3: Utbetalning 2 is 100 000 000 kr, but it is 2024's payment second, \
             which is 182 500 000 kr"
        );
    }

    #[test]
    fn items_fewer_or_more_than_the_payments_are_refused_naming_the_one_left_over() {
        // 2024's agreement against 2026's three payments: the first is 250 MSEK, and 2026 has
        // two conditional payments where the agreement has one conditional item.
        let a = Agreement::parse(AGREEMENT_2024).unwrap();
        let e = check_payments("a.tsv", &a, &Rules::of(Year::Y2026)).unwrap_err();
        assert!(
            matches!(
                &e,
                BudgetError::PaymentCount {
                    kind: PaymentKind::Conditional,
                    items: 1,
                    unmatched: Unmatched::Payment(PaymentId::SecondB),
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            "a.tsv: 1 conditional item, but 2026 has 2 conditional payments (second_a, \
             second_b); each conditional item is one of them, in order, so the payment \
             second_b has no item"
        );
        let two = agreement(
            "item\tmsek\trecipient\tsplit\nA\t182,5\tregions\tpopulation\n\
             B\t182,5\tregions\tpopulation\nC\t182,5\tregions\tconditional+population\n\
             T\t547,5\t\t\n",
        );
        let e = check_payments("a.tsv", &two, &Rules::of(Year::Y2024)).unwrap_err();
        assert!(e.to_string().contains("B (line 3) has no payment"), "{e}");
        assert!(
            e.to_string()
                .contains("2 items paid to the regions by population, but 2024 has 1 unconditional payment (first)"),
            "{e}"
        );
    }

    #[test]
    fn nobody_assessed_earns_nothing() {
        let e = Eligibility::of(Year::Y2026, &BTreeMap::new(), &BTreeMap::new());
        let ids: Vec<PaymentId> = e.payments().map(|(id, _)| id).collect();
        assert_eq!(ids, [PaymentId::SecondA, PaymentId::SecondB]);
        assert!(e.payments().all(|(_, regions)| regions.is_empty()));
    }
}
