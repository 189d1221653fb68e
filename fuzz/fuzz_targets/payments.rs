//! The agency's own inputs to the payments: a rules file, a population table and who earned
//! what, from any bytes. Reading never panics; payments that are computed keep their invariant
//! (per payment, what is paid plus what is withheld is the total, in whole kronor), pay nothing
//! to a region that did not earn a conditional payment, and withhold nothing when redistributing
//! to at least one eligible region; the allocation never disagrees with the plain quota
//! arithmetic that explains each amount ([`PaymentError::Inconsistent`] never happens).
//!
//! Layout of the input: byte 0 picks the year (low three bits, modulo the five years) and the
//! policy (bit 3); bytes 1–3 are a bit per region (in table order) saying whether it earned the
//! conditional payments; byte 4 is the length of a rules file that follows (0: none); the rest
//! is the table.
#![no_main]

use libfuzzer_sys::fuzz_target;
use svf_kernel::Table;
use svf_kernel::payments::{Basis, PaymentError, Payments, Policy};
use svf_kernel::region::{Region, Year};
use svf_kernel::rules::Rules;

fuzz_target!(|data: &[u8]| {
    let Some((&[flags, m0, m1, m2, rules_len], rest)) = data.split_first_chunk::<5>() else {
        return;
    };
    let year = Year::ALL[usize::from(flags & 7) % Year::ALL.len()];
    let policy = if flags & 8 == 0 {
        Policy::Withhold
    } else {
        Policy::Redistribute
    };
    let mask = u32::from_le_bytes([m0, m1, m2, 0]);
    let Some((rules_file, table)) = rest.split_at_checked(usize::from(rules_len)) else {
        return;
    };
    let rules = if rules_file.is_empty() {
        Rules::of(year)
    } else {
        match Rules::with_file(year, rules_file) {
            Ok(rules) => rules,
            Err(_) => return,
        }
    };
    let Ok(table) = Table::parse_bytes(table) else {
        return;
    };
    let earned = |region: Region| {
        table
            .rows()
            .position(|r| r.code == region.code())
            .is_some_and(|i| i < 24 && mask & (1 << i) != 0)
    };
    let payments = match Payments::compute(&rules, &table, policy, |region, _| {
        Basis::Assessment(earned(region))
    }) {
        Ok(payments) => payments,
        Err(PaymentError::Inconsistent(region)) => {
            panic!("the split and its quotas disagree about {}", region.code())
        }
        Err(_) => return,
    };
    assert_eq!(payments.rows().len(), 21);
    for (p, &(id, total)) in payments.payments().iter().enumerate() {
        let conditional = rules.payment(id).is_some_and(|payment| payment.part.is_some());
        let paid = payments.paid(p);
        assert_eq!(paid.0 + payments.withheld()[p].0, total.0, "payment {id}");
        let anyone = payments.rows().iter().any(|r| earned(r.region));
        if !conditional || (policy == Policy::Redistribute && anyone) {
            assert_eq!(payments.withheld()[p].0, 0, "payment {id}");
        }
        for row in payments.rows() {
            let amount = row.amounts[p].0;
            assert!(amount >= 0 && amount % 100 == 0, "{id}: {amount} öre");
            if conditional && !earned(row.region) {
                assert_eq!(amount, 0, "{id}: {} did not earn it", row.region.code());
            }
            if let Some(quota) = row.quotas[p] {
                assert_eq!(quota.floor_kr, quota.numerator / quota.denominator);
                assert!(quota.remainder < quota.denominator);
            }
        }
    }
});
