//! Benchmarks of the largest-remainder split: the kernel's [`allocate`] against a plain reference
//! (one `u128` multiply-divide per row, then a sort of the rows by remainder) and against the
//! peer on crates.io, `largest-remainder-method` 0.1.1 (`apportion`: `f64` quotas and a sort),
//! so that every run prints the ratio to it. The peer is timed as a caller uses it (weights as
//! `u64`, a new `Vec` returned); whether its `f64` quotas give the exact split is printed per
//! case, not required.
//!
//! Before anything is timed, every case is split by both and the results must be identical, so
//! `cargo bench --bench split -- --test` is also a correctness check.
//!
//! Run: `cargo bench --bench split` (results in `target/criterion/split/`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use svf_kernel::{Ore, Table, allocate};

/// The published annex of the 2024 second payment: 21 regions and their populations.
const ANNEX_2024: &str = include_str!("../tests/data/annex-2024-second-payment.tsv");

/// The 2024 stimulus money: 182 500 000 kr.
const STIMULUS_2024: Ore = Ore(18_250_000_000);

/// One benchmark case: an amount, its unit and the weights to split it by.
struct Case {
    name: &'static str,
    total: Ore,
    unit: Ore,
    weights: Vec<u32>,
}

/// `rows` weights drawn uniformly from 2 000..1 000 000, the same every run.
fn random_weights(rows: usize, seed: u64) -> Vec<u32> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..rows)
        .map(|_| rng.random_range(2_000..1_000_000))
        .collect()
}

fn cases() -> Vec<Case> {
    let annex = Table::parse(ANNEX_2024).expect("the annex parses");
    let annex_weights: Vec<u32> = annex.rows().map(|row| row.weight).collect();
    assert_eq!(annex_weights.len(), 21, "the annex has 21 regions");
    vec![
        Case {
            name: "annex-21-ore",
            total: STIMULUS_2024,
            unit: Ore(1),
            weights: annex_weights.clone(),
        },
        Case {
            name: "annex-21-kr",
            total: STIMULUS_2024,
            unit: Ore::KRONA,
            weights: annex_weights,
        },
        Case {
            name: "rcc-6-equal-kr",
            total: Ore::from_kronor(28_000_000).expect("in range"),
            unit: Ore::KRONA,
            weights: vec![1; 6],
        },
        Case {
            name: "municipalities-290-kr",
            total: STIMULUS_2024,
            unit: Ore::KRONA,
            weights: random_weights(290, 290),
        },
        Case {
            name: "random-10k-ore",
            total: STIMULUS_2024,
            unit: Ore(1),
            weights: random_weights(10_000, 10_000),
        },
        Case {
            name: "random-1m-ore",
            total: STIMULUS_2024,
            unit: Ore(1),
            weights: random_weights(1_000_000, 1_000_000),
        },
    ]
}

/// The plain largest-remainder method: for each row, `units × weight` divided by the weight sum
/// in `u128` gives the floor and the remainder; the rows sorted by (remainder descending, row
/// ascending) take the leftover units one each. `order` is working memory, one entry per row.
fn reference(total: Ore, unit: Ore, weights: &[u32], parts: &mut [Ore], order: &mut [(u64, u32)]) {
    let units = u128::try_from(total.0 / unit.0).expect("non-negative total");
    let weight_sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    let mut floor_sum = 0u128;
    for (row, ((&weight, part), key)) in weights
        .iter()
        .zip(parts.iter_mut())
        .zip(order.iter_mut())
        .enumerate()
    {
        let product = units * u128::from(weight);
        let floor = product / weight_sum;
        let remainder = product % weight_sum;
        floor_sum += floor;
        *part = Ore(i64::try_from(floor).expect("part fits") * unit.0);
        *key = (
            u64::try_from(remainder).expect("remainder below the weight sum"),
            u32::try_from(row).expect("fewer than 2^32 rows"),
        );
    }
    let leftover = usize::try_from(units - floor_sum).expect("fewer leftovers than rows");
    let order = &mut order[..weights.len()];
    order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, row) in &order[..leftover] {
        parts[row as usize].0 += unit.0;
    }
}

/// Splits every case with both implementations and insists they agree, and that the parts add
/// up to the total.
fn check(cases: &[Case]) {
    for case in cases {
        let rows = case.weights.len();
        let mut kernel_parts = vec![Ore::ZERO; rows];
        let mut scratch = vec![0u64; rows];
        allocate(
            case.total,
            case.unit,
            &case.weights,
            &mut kernel_parts,
            &mut scratch,
        )
        .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let mut reference_parts = vec![Ore::ZERO; rows];
        let mut order = vec![(0u64, 0u32); rows];
        reference(
            case.total,
            case.unit,
            &case.weights,
            &mut reference_parts,
            &mut order,
        );
        if let Some(row) = (0..rows).find(|&i| kernel_parts[i] != reference_parts[i]) {
            panic!(
                "{}: kernel and reference differ at row {row}: {:?} vs {:?}",
                case.name, kernel_parts[row], reference_parts[row]
            );
        }
        let sum: i64 = kernel_parts.iter().map(|p| p.0).sum();
        assert_eq!(
            sum, case.total.0,
            "{}: the parts sum to the total",
            case.name
        );
    }
}

/// The annex's own `Belopp` column (whole kronor) must come out of the kernel at unit kr.
fn check_annex_amounts() {
    let annex = Table::parse(ANNEX_2024).expect("the annex parses");
    let weights: Vec<u32> = annex.rows().map(|row| row.weight).collect();
    let published: Vec<i64> = ANNEX_2024
        .lines()
        .skip(1)
        .filter(|line| !line.starts_with('\t') && !line.trim().is_empty())
        .map(|line| {
            let amount = line.rsplit('\t').next().expect("an amount column");
            amount
                .replace(' ', "")
                .parse::<i64>()
                .expect("whole kronor")
                * 100
        })
        .collect();
    let mut parts = vec![Ore::ZERO; weights.len()];
    let mut scratch = vec![0u64; weights.len()];
    allocate(
        STIMULUS_2024,
        Ore::KRONA,
        &weights,
        &mut parts,
        &mut scratch,
    )
    .expect("splits");
    let parts: Vec<i64> = parts.iter().map(|p| p.0).collect();
    assert_eq!(
        parts, published,
        "the kernel reproduces the published annex"
    );
}

/// Says, for each case, whether the peer's split equals the kernel's (its quotas are `f64`).
fn compare_peer(cases: &[Case]) {
    for case in cases {
        let rows = case.weights.len();
        let mut parts = vec![Ore::ZERO; rows];
        let mut scratch = vec![0u64; rows];
        allocate(
            case.total,
            case.unit,
            &case.weights,
            &mut parts,
            &mut scratch,
        )
        .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let votes: Vec<u64> = case.weights.iter().map(|&w| u64::from(w)).collect();
        let units = u64::try_from(case.total.0 / case.unit.0).expect("non-negative total");
        let peer = largest_remainder_method::apportion(&votes, units);
        let differing = parts
            .iter()
            .zip(&peer)
            .filter(|(ours, theirs)| u64::try_from(ours.0 / case.unit.0).ok() != Some(**theirs))
            .count();
        println!(
            "peer largest-remainder-method on {}: {}",
            case.name,
            if differing == 0 {
                "the same split".to_owned()
            } else {
                format!("{differing} of {rows} rows differ")
            }
        );
    }
}

fn split(c: &mut Criterion) {
    let cases = cases();
    check(&cases);
    check_annex_amounts();
    compare_peer(&cases);

    let mut group = c.benchmark_group("split");
    for case in &cases {
        let rows = case.weights.len();
        group.throughput(Throughput::Elements(rows as u64));
        if rows >= 100_000 {
            // Milliseconds per call: a fixed number of calls per sample keeps the run short.
            group
                .sampling_mode(SamplingMode::Flat)
                .sample_size(20)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(4));
        } else {
            group
                .sampling_mode(SamplingMode::Auto)
                .sample_size(50)
                .warm_up_time(Duration::from_millis(500))
                .measurement_time(Duration::from_secs(2));
        }

        let mut parts = vec![Ore::ZERO; rows];
        let mut scratch = vec![0u64; rows];
        group.bench_with_input(BenchmarkId::new("kernel", case.name), case, |b, case| {
            b.iter(|| {
                allocate(
                    black_box(case.total),
                    black_box(case.unit),
                    black_box(&case.weights),
                    &mut parts,
                    &mut scratch,
                )
                .expect("the case splits");
                black_box(&parts);
            });
        });

        let mut order = vec![(0u64, 0u32); rows];
        group.bench_with_input(BenchmarkId::new("reference", case.name), case, |b, case| {
            b.iter(|| {
                reference(
                    black_box(case.total),
                    black_box(case.unit),
                    black_box(&case.weights),
                    &mut parts,
                    &mut order,
                );
                black_box(&parts);
            });
        });

        let votes: Vec<u64> = case.weights.iter().map(|&w| u64::from(w)).collect();
        let units = u64::try_from(case.total.0 / case.unit.0).expect("non-negative total");
        group.bench_with_input(
            BenchmarkId::new("peer largest-remainder-method", case.name),
            case,
            |b, _| {
                b.iter(|| {
                    black_box(largest_remainder_method::apportion(
                        black_box(&votes),
                        black_box(units),
                    ))
                });
            },
        );
    }
    group.finish();
}

criterion_group!(benches, split);
criterion_main!(benches);
