//! The kernel's property tests (`kernel/tests/`, run by `cargo test -p svf-kernel`): the
//! allocation against a separate, plain, exact reference, and the properties the
//! largest-remainder method promises.

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use svf_kernel::{AllocationError, Ore, allocate};
use svf_testing::annex::{ANNEX_2024, annex_rows, grouped_number};

/// The largest-remainder method written the plain way: one 128-bit multiply-divide per row, a
/// sort for the leftovers. Returns the parts in öre and each row's remainder (numerator over Σw).
fn reference(total: i64, unit: i64, weights: &[u32]) -> (Vec<i64>, Vec<u128>) {
    let units = u128::try_from(total / unit).unwrap();
    let weight_sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    let mut units_of: Vec<u128> = weights
        .iter()
        .map(|&w| units * u128::from(w) / weight_sum)
        .collect();
    let remainders: Vec<u128> = weights
        .iter()
        .map(|&w| units * u128::from(w) % weight_sum)
        .collect();
    let leftover = usize::try_from(units - units_of.iter().sum::<u128>()).unwrap();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]).then(a.cmp(&b)));
    for &row in &order[..leftover] {
        units_of[row] += 1;
    }
    let parts = units_of
        .iter()
        .map(|&u| i64::try_from(u * u128::try_from(unit).unwrap()).unwrap())
        .collect();
    (parts, remainders)
}

fn kernel(total: i64, unit: i64, weights: &[u32]) -> Result<Vec<i64>, AllocationError> {
    let mut parts = vec![Ore::ZERO; weights.len()];
    let mut scratch = vec![0u64; weights.len()];
    allocate(Ore(total), Ore(unit), weights, &mut parts, &mut scratch)?;
    Ok(parts.into_iter().map(|p| p.0).collect())
}

/// Weights of several kinds: tiny (many ties and zeros), populations, and the full range.
fn weights() -> impl Strategy<Value = Vec<u32>> {
    let weight = prop_oneof![0u32..4, 2_000u32..1_000_000, any::<u32>(), Just(u32::MAX)];
    prop::collection::vec(weight, 1..300).prop_filter("some weight", |w| w.iter().any(|&x| x > 0))
}

/// A unit and a total that is a multiple of it, anywhere up to `i64::MAX` öre.
fn total_and_unit() -> impl Strategy<Value = (i64, i64)> {
    let unit = prop_oneof![Just(1i64), Just(100), 1i64..1_000_000, Just(i64::MAX)];
    unit.prop_flat_map(|unit| {
        let max_units = i64::MAX / unit;
        let units = prop_oneof![0..=max_units.min(1000), 0..=max_units, Just(max_units)];
        units.prop_map(move |units| (units * unit, unit))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn equals_the_reference((total, unit) in total_and_unit(), weights in weights()) {
        prop_assert_eq!(kernel(total, unit, &weights).unwrap(), reference(total, unit, &weights).0);
    }

    #[test]
    fn parts_sum_to_the_total_in_whole_units((total, unit) in total_and_unit(), weights in weights()) {
        let parts = kernel(total, unit, &weights).unwrap();
        prop_assert_eq!(parts.iter().map(|&p| i128::from(p)).sum::<i128>(), i128::from(total));
        prop_assert!(parts.iter().all(|&p| p % unit == 0 && p >= 0));
    }

    #[test]
    fn every_part_is_the_floor_or_ceiling_of_its_quota((total, unit) in total_and_unit(), weights in weights()) {
        let parts = kernel(total, unit, &weights).unwrap();
        let units = u128::try_from(total / unit).unwrap();
        let weight_sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
        for (&part, &weight) in parts.iter().zip(&weights) {
            let got = u128::try_from(part / unit).unwrap();
            let exact = units * u128::from(weight);
            let floor = exact / weight_sum;
            let ceiling = floor + u128::from(exact % weight_sum != 0);
            prop_assert!(got == floor || got == ceiling, "{} units, quota {}/{}", got, exact, weight_sum);
        }
    }

    #[test]
    fn a_zero_weight_gets_zero((total, unit) in total_and_unit(), mut weights in weights(), at in any::<prop::sample::Index>()) {
        let row = at.index(weights.len());
        weights[row] = 0;
        prop_assume!(weights.iter().any(|&w| w > 0));
        prop_assert_eq!(kernel(total, unit, &weights).unwrap()[row], 0);
    }

    #[test]
    fn scaling_all_weights_changes_nothing((total, unit) in total_and_unit(), weights in prop::collection::vec(1u32..100_000, 1..200), factor in 1u32..40_000) {
        let scaled: Vec<u32> = weights.iter().map(|&w| w * factor).collect();
        prop_assert_eq!(kernel(total, unit, &scaled).unwrap(), kernel(total, unit, &weights).unwrap());
    }

    #[test]
    fn permuting_rows_permutes_the_parts(
        (total, unit) in total_and_unit(),
        (weights, order) in weights().prop_flat_map(|w| {
            let n = w.len();
            (Just(w), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        }),
    ) {
        let parts = kernel(total, unit, &weights).unwrap();
        let permuted_weights: Vec<u32> = order.iter().map(|&i| weights[i]).collect();
        let permuted = kernel(total, unit, &permuted_weights).unwrap();
        let (_, remainders) = reference(total, unit, &weights);
        for (position, &row) in order.iter().enumerate() {
            // Ties aside: rows sharing a remainder may trade the unit, as they are listed differently.
            let tied = remainders.iter().filter(|&&r| r == remainders[row]).count() > 1;
            if !tied {
                prop_assert_eq!(permuted[position], parts[row], "row {}", row);
            }
        }
    }

    #[test]
    fn an_equal_split_differs_by_at_most_one_unit((total, unit) in total_and_unit(), rows in 1usize..100) {
        let parts = kernel(total, unit, &vec![1; rows]).unwrap();
        let (min, max) = (parts.iter().min().unwrap(), parts.iter().max().unwrap());
        prop_assert!(max - min <= unit);
        // Equal remainders: the earlier rows get the leftovers.
        prop_assert!(parts.windows(2).all(|pair| pair[0] >= pair[1]));
    }
}

#[test]
fn a_million_random_rows_equal_the_reference() {
    let mut rng = ChaCha8Rng::seed_from_u64(2024);
    let weights: Vec<u32> = (0..1_000_000)
        .map(|_| rng.random_range(2_000..1_000_000))
        .collect();
    for unit in [1, 100] {
        assert_eq!(
            kernel(18_250_000_000, unit, &weights).unwrap(),
            reference(18_250_000_000, unit, &weights).0
        );
    }
}

#[test]
fn many_tied_rows_equal_the_reference() {
    // Thousands of rows share each remainder: the radix selection ends on a run of equal keys.
    let weights: Vec<u32> = (0..100_000u32).map(|i| 1 + i % 7).collect();
    for total in [1, 99_999, 400_003, 18_250_000_000] {
        assert_eq!(
            kernel(total, 1, &weights).unwrap(),
            reference(total, 1, &weights).0,
            "total {total}"
        );
    }
}

#[test]
fn the_2024_annex_in_the_kernel_alone() {
    let table = svf_kernel::Table::parse(ANNEX_2024).unwrap();
    let weights: Vec<u32> = table.rows().map(|r| r.weight).collect();
    let amounts: Vec<i64> = annex_rows(ANNEX_2024)[1..22]
        .iter()
        .map(|row| grouped_number(row[4]) * 100)
        .collect();
    assert_eq!(kernel(18_250_000_000, 100, &weights).unwrap(), amounts);
    let fixed =
        svf_kernel::allocate_heapless::<21>(Ore(18_250_000_000), Ore::KRONA, &weights).unwrap();
    assert_eq!(fixed.iter().map(|p| p.0).collect::<Vec<_>>(), amounts);
}
