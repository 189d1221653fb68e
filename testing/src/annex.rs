//! The published 2024 second payment annex, and what checks it written independently of the
//! kernel (from the definitions, the plain way): the largest-remainder split, the annex's
//! shares and its grouped numbers. Shared by the kernel's property tests, the pipeline's
//! scenarios and the command line's tests.

/// The published 2024 second payment annex, byte for byte:
/// `tests/data/annex-2024-second-payment.tsv` (see `tests/data/README.md` for its source).
pub const ANNEX_2024: &str = include_str!("../../tests/data/annex-2024-second-payment.tsv");

/// Parses one annex-layout line into its fields.
pub fn annex_rows(text: &str) -> Vec<Vec<&str>> {
    text.lines()
        .map(|line| line.split('\t').collect())
        .collect()
}

/// `42 452 908` → 42452908.
pub fn grouped_number(text: &str) -> i64 {
    text.replace(' ', "")
        .parse()
        .expect("a space-grouped whole number")
}

/// Largest remainder written independently of the kernel, from its definition: exact integer
/// quotas, floors, then one krona each to the largest remainders (ties: the row listed first).
/// Weights of zero are outside the split. Returns öre.
pub fn independent_split(total_kr: u128, weights: &[u128]) -> Vec<i64> {
    let sum: u128 = weights.iter().sum();
    let mut parts: Vec<u128> = weights.iter().map(|w| total_kr * w / sum).collect();
    let mut order: Vec<usize> = (0..weights.len()).filter(|&i| weights[i] > 0).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(total_kr * weights[i] % sum), i));
    let left = total_kr - parts.iter().sum::<u128>();
    for &i in order.iter().take(usize::try_from(left).unwrap()) {
        parts[i] += 1;
    }
    parts
        .into_iter()
        .map(|p| i64::try_from(p * 100).unwrap())
        .collect()
}

/// A share in the annex's way, independently: hundredths of a per cent rounded half up,
/// written `23,26%`.
pub fn independent_share(weight: u128, sum: u128) -> String {
    let hundredths = (weight * 20_000 + sum) / (2 * sum);
    format!("{},{:02}%", hundredths / 100, hundredths % 100)
}

/// A whole number grouped by threes with spaces, independently: `2 455 914`.
pub fn grouped(value: u128) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}
