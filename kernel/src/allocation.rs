//! Allocation: an amount split in proportion to weights, exactly, in whole units.
//!
//! This is the largest-remainder (Hamilton) method, the rule behind the published payment annex:
//! every row gets the floor of its quota `units × weight / Σ weights` in whole units, and the units
//! left over go one each to the rows with the largest remainders; of equal remainders, the row
//! listed earlier wins. Everything is integer arithmetic; the parts always sum to the total.
//!
//! # How it is fast
//! The plain method divides a 128-bit product by the weight sum once per row and sorts the rows
//! by remainder. Here:
//! - the divisor is the same for every row, so its reciprocal is computed once and each row
//!   costs two multiplications ([`Divisor`], after Möller and Granlund, "Improved division by
//!   invariant integers", IEEE Trans. Computers 60(2), 2011, algorithm 4);
//! - the leftovers need only the threshold remainder, found by a radix selection over the
//!   remainders (a few linear passes, no sort), then one pass hands out the units.

use core::fmt;

use crate::money::Ore;

/// Why an allocation was refused. Nothing is written to the output on error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocationError {
    /// The weights sum to zero (or there are no rows): there is nothing to split in proportion to.
    ZeroTotalWeight,
    /// The total is not a whole number of units.
    NotMultipleOfUnit {
        /// The amount to split.
        total: Ore,
        /// The unit it had to be a multiple of.
        unit: Ore,
    },
    /// The output or scratch buffer has fewer elements than there are rows.
    BufferTooSmall {
        /// Elements needed: one per row.
        needed: usize,
    },
    /// An input lies outside what the method accepts.
    OutOfRange(Limit),
}

/// Which range an input broke; see [`AllocationError::OutOfRange`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// The total is negative.
    NegativeTotal,
    /// The unit is zero or negative.
    UnitNotPositive,
    /// More rows than `u32::MAX`: the weight sum could overflow.
    TooManyRows,
}

impl fmt::Display for AllocationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllocationError::ZeroTotalWeight => f.write_str(
                "the weights sum to zero, so there is nothing to split in proportion to",
            ),
            AllocationError::NotMultipleOfUnit { total, unit } => write!(
                f,
                "the total {} is not a whole number of units of {}",
                total.with_ore(),
                unit.with_ore()
            ),
            AllocationError::BufferTooSmall { needed } => {
                write!(
                    f,
                    "the output and scratch buffers need room for {needed} rows"
                )
            }
            AllocationError::OutOfRange(Limit::NegativeTotal) => {
                f.write_str("the total is negative")
            }
            AllocationError::OutOfRange(Limit::UnitNotPositive) => {
                f.write_str("the unit must be at least 1 öre")
            }
            AllocationError::OutOfRange(Limit::TooManyRows) => {
                write!(f, "more than {} rows", u32::MAX)
            }
        }
    }
}

impl core::error::Error for AllocationError {}

/// Splits `total` among the rows in proportion to `weights`, in whole multiples of `unit`, by the
/// largest-remainder method; writes row `i`'s part to `parts[i]`.
///
/// The parts always sum exactly to `total`; each is the floor or the ceiling of its exact quota,
/// in units. `scratch` is working memory (one `u64` per row) so that no heap is needed.
/// An equal split is the same call with equal weights.
///
/// Range: `total` from 0 to `i64::MAX` öre, weights up to `u32::MAX`, up to `u32::MAX` rows.
///
/// # Errors
/// [`AllocationError`]: zero total weight, a total that is not a multiple of the unit, buffers
/// shorter than `weights`, or an input out of range. On error `parts` is left untouched.
///
/// # Example
/// ```
/// use svf_kernel::{allocate, Ore};
/// let weights = [1, 1, 1];
/// let mut parts = [Ore::ZERO; 3];
/// let mut scratch = [0u64; 3];
/// allocate(Ore::from_kronor(100).unwrap(), Ore::KRONA, &weights, &mut parts, &mut scratch)?;
/// assert_eq!(parts, [Ore(3400), Ore(3300), Ore(3300)]);
/// # Ok::<(), svf_kernel::AllocationError>(())
/// ```
pub fn allocate(
    total: Ore,
    unit: Ore,
    weights: &[u32],
    parts: &mut [Ore],
    scratch: &mut [u64],
) -> Result<(), AllocationError> {
    let rows = weights.len();
    if total.0 < 0 {
        return Err(AllocationError::OutOfRange(Limit::NegativeTotal));
    }
    if unit.0 <= 0 {
        return Err(AllocationError::OutOfRange(Limit::UnitNotPositive));
    }
    if total.0 % unit.0 != 0 {
        return Err(AllocationError::NotMultipleOfUnit { total, unit });
    }
    if u32::try_from(rows).is_err() {
        return Err(AllocationError::OutOfRange(Limit::TooManyRows));
    }
    if parts.len() < rows || scratch.len() < rows {
        return Err(AllocationError::BufferTooSmall { needed: rows });
    }
    // At most u32::MAX rows of at most u32::MAX each: below 2^64, no overflow.
    let weight_sum: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    if weight_sum == 0 {
        return Err(AllocationError::ZeroTotalWeight);
    }
    let parts = &mut parts[..rows];
    let remainders = &mut scratch[..rows];
    // Both are positive here, so the casts are exact.
    let units = total.0.unsigned_abs() / unit.0.unsigned_abs();
    let unit = unit.0.unsigned_abs();

    // units × w / W = (whole × W + part) × w / W = whole × w + part × w / W, with part < W, so
    // the division left per row has a quotient below 2^32 and fits the 2-by-1 divider.
    let divisor = Divisor::new(weight_sum);
    let whole = units / weight_sum;
    let part_scaled = (units % weight_sum) << divisor.shift;
    let mut floor_sum = 0u64;
    for ((&weight, share), remainder) in weights
        .iter()
        .zip(parts.iter_mut())
        .zip(remainders.iter_mut())
    {
        let weight = u64::from(weight);
        let (quotient, scaled_remainder) =
            divisor.divide(u128::from(part_scaled) * u128::from(weight));
        // whole × w ≤ units × w / W ≤ units, and (floor + 1) × unit ≤ total ≤ i64::MAX below.
        let floor_units = whole * weight + quotient;
        floor_sum += floor_units;
        *share = Ore(i64::try_from(floor_units * unit).unwrap_or(i64::MAX));
        *remainder = scaled_remainder;
    }

    // Each floor loses less than one unit, so fewer than `rows` units are left over.
    let leftover = usize::try_from(units - floor_sum).unwrap_or(usize::MAX);
    if leftover == 0 {
        return Ok(());
    }
    let threshold = Threshold::select(remainders, leftover);
    let unit = i64::try_from(unit).unwrap_or(i64::MAX);
    let mut equal_taken = 0;
    for (share, &remainder) in parts.iter_mut().zip(remainders.iter()) {
        let gets_unit = remainder > threshold.remainder
            || (remainder == threshold.remainder && equal_taken < threshold.equal_taken);
        if remainder == threshold.remainder && gets_unit {
            equal_taken += 1;
        }
        if gets_unit {
            share.0 += unit;
        }
    }
    Ok(())
}

/// [`allocate`] into a fixed-capacity vector, for small tables (`N` rows at most) without any
/// buffers to hand in. The scratch space lives on the stack: `8 × N` bytes.
///
/// # Errors
/// As [`allocate`]; more rows than `N` is [`AllocationError::BufferTooSmall`].
///
/// # Example
/// ```
/// use svf_kernel::{allocate_heapless, Ore};
/// // Six regional cancer centres, 28 MSEK shared equally, in whole kronor.
/// let parts = allocate_heapless::<6>(Ore::from_kronor(28_000_000).unwrap(), Ore::KRONA, &[1; 6])?;
/// assert_eq!(parts[0], Ore(466_666_700));
/// assert_eq!(parts[5], Ore(466_666_600));
/// # Ok::<(), svf_kernel::AllocationError>(())
/// ```
pub fn allocate_heapless<const N: usize>(
    total: Ore,
    unit: Ore,
    weights: &[u32],
) -> Result<heapless::Vec<Ore, N>, AllocationError> {
    let mut parts = [Ore::ZERO; N];
    let mut scratch = [0u64; N];
    allocate(total, unit, weights, &mut parts, &mut scratch)?;
    // `allocate` checked that `weights.len() <= N`.
    let mut out = heapless::Vec::new();
    for &part in &parts[..weights.len()] {
        out.push(part)
            .map_err(|_| AllocationError::BufferTooSmall {
                needed: weights.len(),
            })?;
    }
    Ok(out)
}

/// Division of 128-bit numbers by one fixed 64-bit divisor through a precomputed reciprocal.
///
/// Invariant: `normalized = d << shift` has its top bit set, and `reciprocal` is
/// `⌊(2^128 − 1) / normalized⌋ − 2^64`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Divisor {
    normalized: u64,
    reciprocal: u64,
    pub(crate) shift: u32,
}

impl Divisor {
    /// The divider for `d`, which must not be zero.
    pub(crate) fn new(d: u64) -> Divisor {
        let shift = d.leading_zeros();
        let normalized = d << shift;
        // normalized ≥ 2^63, so the quotient lies in [2^64, 2^65) and the difference fits u64;
        // `max(1)` only guards the impossible d = 0 against a division by zero.
        let quotient = u128::MAX / u128::from(normalized.max(1));
        let reciprocal = u64::try_from(quotient - (1u128 << 64)).unwrap_or(u64::MAX);
        Divisor {
            normalized,
            reciprocal,
            shift,
        }
    }

    /// `(⌊u / normalized⌋, u mod normalized)` for `u < normalized × 2^64`: the quotient and the
    /// remainder of `u >> shift` by `d`, the remainder still shifted left by `shift`.
    #[inline]
    pub(crate) fn divide(self, u: u128) -> (u64, u64) {
        let d = self.normalized;
        // Truncations are the point: the dividend's two 64-bit words.
        #[allow(clippy::cast_possible_truncation)]
        let (high, low) = ((u >> 64) as u64, u as u64);
        let product = u128::from(self.reciprocal) * u128::from(high);
        let estimate = product.wrapping_add(u);
        #[allow(clippy::cast_possible_truncation)]
        let (mut quotient, estimate_low) =
            (((estimate >> 64) as u64).wrapping_add(1), estimate as u64);
        let mut remainder = low.wrapping_sub(quotient.wrapping_mul(d));
        if remainder > estimate_low {
            quotient = quotient.wrapping_sub(1);
            remainder = remainder.wrapping_add(d);
        }
        if remainder >= d {
            quotient = quotient.wrapping_add(1);
            remainder -= d;
        }
        (quotient, remainder)
    }
}

/// The smallest remainder that still earns a unit, and how many rows with exactly that remainder
/// earn one (the earliest rows first).
///
/// Invariant: the rows with a remainder above `remainder`, plus the first `equal_taken` rows whose
/// remainder equals it, are exactly the `leftover` rows with the largest remainders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Threshold {
    remainder: u64,
    equal_taken: usize,
}

/// Candidates this few are ranked directly rather than narrowed further.
const FEW: usize = 64;

impl Threshold {
    /// Finds the threshold for `leftover` units (`1 ≤ leftover < remainders.len()`): a radix
    /// selection on the remainders, eight bits at a time from the top, until few candidates remain.
    fn select(remainders: &[u64], leftover: usize) -> Threshold {
        // Candidates are the remainders whose top `prefix_bits` bits equal `prefix`; `needed` of
        // them still earn a unit (every remainder above the candidates has earned one already).
        let mut prefix = 0u64;
        let mut prefix_bits = 0u32;
        let mut candidates = remainders.len();
        let mut needed = leftover;
        while candidates > FEW && prefix_bits < 64 {
            let shift = 56 - prefix_bits;
            let mask = prefix_mask(prefix_bits);
            let mut histogram = [0usize; 256];
            for &r in remainders {
                if r & mask == prefix {
                    histogram[((r >> shift) & 0xff) as usize] += 1;
                }
            }
            // `needed ≤ candidates = Σ histogram`, so some digit holds the threshold.
            let mut digit = 0;
            for d in (0..histogram.len()).rev() {
                if histogram[d] >= needed {
                    digit = d;
                    break;
                }
                needed -= histogram[d];
            }
            candidates = histogram[digit];
            prefix |= (digit as u64) << shift;
            prefix_bits += 8;
        }
        if candidates > FEW {
            // All candidates have the same remainder: the earliest `needed` of them.
            return Threshold {
                remainder: prefix,
                equal_taken: needed,
            };
        }
        Self::rank_few(remainders, prefix, prefix_mask(prefix_bits), needed)
    }

    /// Ranks the at most [`FEW`] remainders matching `prefix` under `mask`, by remainder
    /// (largest first) and then row (earliest first), and takes the `needed`-th.
    fn rank_few(remainders: &[u64], prefix: u64, mask: u64, needed: usize) -> Threshold {
        // Remainder in the high half, the row's complement in the low half: sorting these
        // descending orders by remainder, then by row ascending.
        let mut ranked = [0u128; FEW];
        let mut count = 0;
        for (row, &r) in remainders.iter().enumerate() {
            if r & mask == prefix && count < FEW {
                ranked[count] = (u128::from(r) << 64) | u128::from(!(row as u64));
                count += 1;
            }
        }
        let ranked = &mut ranked[..count];
        ranked.sort_unstable_by(|a, b| b.cmp(a));
        let taken = &ranked[..needed.min(count)];
        let Some(&last) = taken.last() else {
            return Threshold {
                remainder: u64::MAX,
                equal_taken: 0,
            };
        };
        #[allow(clippy::cast_possible_truncation)]
        let remainder = (last >> 64) as u64;
        let equal_taken = taken
            .iter()
            .filter(|&&key| (key >> 64) as u64 == remainder)
            .count();
        Threshold {
            remainder,
            equal_taken,
        }
    }
}

/// The mask that keeps the top `bits` bits of a `u64` (none for 0, all for 64).
fn prefix_mask(bits: u32) -> u64 {
    !u64::MAX.checked_shr(bits).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn divisor_matches_u128_division() {
        let divisors = [
            1u64,
            2,
            3,
            7,
            10_557_682,
            1 << 32,
            (1 << 63) - 1,
            1 << 63,
            u64::MAX - 1,
            u64::MAX,
        ];
        for &d in &divisors {
            let divisor = Divisor::new(d);
            let n = u128::from(divisor.normalized);
            let dividends = [
                0u128,
                1,
                n - 1,
                n,
                n * 2 + 1,
                (n << 63) + 12345,
                (n << 64) - 1,
                (n - 1) << 64,
            ];
            for &u in &dividends {
                let (q, r) = divisor.divide(u);
                assert_eq!(u128::from(q), u / n, "quotient of {u} by {d}");
                assert_eq!(u128::from(r), u % n, "remainder of {u} by {d}");
            }
        }
    }

    #[test]
    fn threshold_prefers_earlier_rows_on_ties() {
        let remainders = [5, 7, 5, 7, 5];
        assert_eq!(
            Threshold::select(&remainders, 3),
            Threshold {
                remainder: 5,
                equal_taken: 1
            }
        );
        assert_eq!(
            Threshold::select(&remainders, 2),
            Threshold {
                remainder: 7,
                equal_taken: 2
            }
        );
    }

    #[test]
    fn threshold_over_many_equal_remainders() {
        let remainders = [42u64; 1000];
        assert_eq!(
            Threshold::select(&remainders, 999),
            Threshold {
                remainder: 42,
                equal_taken: 999
            }
        );
    }

    #[test]
    fn threshold_narrows_through_the_radix_levels() {
        // 500 distinct remainders spread over the top bits: more than FEW, so it narrows.
        let mut remainders = [0u64; 500];
        for (i, r) in remainders.iter_mut().enumerate() {
            *r = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
        let mut sorted = remainders;
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        for leftover in [1, 2, 63, 64, 65, 250, 499] {
            let t = Threshold::select(&remainders, leftover);
            assert_eq!(
                t,
                Threshold {
                    remainder: sorted[leftover - 1],
                    equal_taken: 1
                },
                "leftover {leftover}"
            );
        }
    }

    #[test]
    fn errors_leave_parts_untouched() {
        let mut parts = [Ore(7); 2];
        let mut scratch = [0; 2];
        assert_eq!(
            allocate(Ore(100), Ore(100), &[0, 0], &mut parts, &mut scratch),
            Err(AllocationError::ZeroTotalWeight)
        );
        assert_eq!(
            allocate(Ore(150), Ore(100), &[1, 1], &mut parts, &mut scratch),
            Err(AllocationError::NotMultipleOfUnit {
                total: Ore(150),
                unit: Ore(100)
            })
        );
        assert_eq!(
            allocate(Ore(-100), Ore(100), &[1, 1], &mut parts, &mut scratch),
            Err(AllocationError::OutOfRange(Limit::NegativeTotal))
        );
        assert_eq!(
            allocate(Ore(100), Ore(0), &[1, 1], &mut parts, &mut scratch),
            Err(AllocationError::OutOfRange(Limit::UnitNotPositive))
        );
        assert_eq!(
            allocate(Ore(100), Ore(1), &[1, 1, 1], &mut parts, &mut scratch),
            Err(AllocationError::BufferTooSmall { needed: 3 })
        );
        assert_eq!(
            allocate(Ore(100), Ore(1), &[], &mut parts, &mut scratch),
            Err(AllocationError::ZeroTotalWeight)
        );
        assert_eq!(parts, [Ore(7); 2]);
    }

    #[test]
    fn extremes_do_not_overflow() {
        let mut parts = [Ore::ZERO; 3];
        let mut scratch = [0; 3];
        allocate(
            Ore(i64::MAX),
            Ore(1),
            &[u32::MAX, u32::MAX, 1],
            &mut parts,
            &mut scratch,
        )
        .unwrap();
        assert_eq!(
            parts.iter().map(|p| i128::from(p.0)).sum::<i128>(),
            i128::from(i64::MAX)
        );
        allocate(Ore(0), Ore(1), &[1, 2, 3], &mut parts, &mut scratch).unwrap();
        assert_eq!(parts, [Ore::ZERO; 3]);
        allocate(
            Ore(i64::MAX),
            Ore(i64::MAX),
            &[0, 5, 5],
            &mut parts,
            &mut scratch,
        )
        .unwrap();
        assert_eq!(parts, [Ore(0), Ore(i64::MAX), Ore(0)]);
    }
}
