//! Any amount, unit and weights: the split never panics, and when it succeeds the parts sum to
//! the total, are whole units, and are each the floor or ceiling of their exact quota.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use svf_kernel::{Ore, allocate};

#[derive(Debug, Arbitrary)]
struct Split {
    total: i64,
    unit: i64,
    weights: Vec<u32>,
}

fuzz_target!(|split: Split| {
    let n = split.weights.len();
    let mut parts = vec![Ore::ZERO; n];
    let mut scratch = vec![0u64; n];
    if allocate(
        Ore(split.total),
        Ore(split.unit),
        &split.weights,
        &mut parts,
        &mut scratch,
    )
    .is_err()
    {
        return;
    }
    let total = i128::from(split.total);
    let unit = i128::from(split.unit);
    assert_eq!(parts.iter().map(|p| i128::from(p.0)).sum::<i128>(), total);
    let units = total / unit;
    let weight_sum: i128 = split.weights.iter().map(|&w| i128::from(w)).sum();
    for (part, &weight) in parts.iter().zip(&split.weights) {
        let part = i128::from(part.0);
        assert_eq!(part % unit, 0);
        let exact = units * i128::from(weight);
        let floor = exact / weight_sum;
        let got = part / unit;
        assert!(
            got == floor || (got == floor + 1 && exact % weight_sum != 0),
            "{got} vs {exact}/{weight_sum}"
        );
    }
});
