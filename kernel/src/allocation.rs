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
//! - the weight sum is the same for every row, so the fraction it divides is turned once into a
//!   64-bit fixed-point number, and each row's quotient is one multiplication by it, made exact
//!   by two wrapping multiplications (`Quotas`);
//! - the leftover units need no sort of all the rows: the pass that makes the remainders counts
//!   them by their top byte, which finds the byte that holds the threshold; a second pass hands
//!   a unit to every row above that byte and gathers the few rows in it, which are narrowed the
//!   same way, a byte at a time, until few enough remain to rank directly (`Handout`);
//! - a table of 17 to 64 rows is noted by the top 4 bits of its remainders, one bit a row in 16
//!   buckets, as the remainders are made: the buckets from the top find the threshold's bucket,
//!   the rows above it get their unit straight from the bits, and only the rows in it (about
//!   one in 16) are ranked. Tables of at most 16 rows are ranked directly;
//! - amounts in öre or kronor are divided by a constant, and a large table with less to split
//!   than its weights sum to (no whole part in any quota) skips that multiplication per row.

use core::fmt;
use core::hint::select_unpredictable;

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
    // Öre and kronor are the units in use: divided by as constants they cost a multiplication,
    // not a hardware division (tens of cycles, a good part of a small table's split).
    // Both are positive here, so the conversions are exact (and unsigned division cannot trap).
    let (units, rest) = match (total.0.unsigned_abs(), unit.0.unsigned_abs()) {
        (total, 1) => (total, 0),
        (total, 100) => (total / 100, total % 100),
        (total, other) => (total / other, total % other),
    };
    if rest != 0 {
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
    let keys = &mut scratch[..rows];
    let unit = unit.0;

    let quotas = Quotas::new(units, weight_sum);
    let mut handout = Handout {
        weights,
        parts,
        quotas,
        unit,
    };
    // Each floor loses less than one unit, so fewer than `rows` units are left over.
    let leftover = |floor_sum: u64| usize::try_from(units - floor_sum).unwrap_or(usize::MAX);
    let quota = |weight| quotas.of(weight);
    if rows <= TINY {
        let floor_sum = quota_pass(unit, weights, handout.parts, keys, quota, |_, _| {});
        let leftover = leftover(floor_sum);
        if leftover > 0 {
            handout.hand_out_tiny(keys, leftover);
        }
    } else if rows <= FEW {
        // Each row is noted, as it is made, in the bucket of its key's top 4 bits (one bit a
        // row: at most 64 rows), so that the handout finds the threshold's bucket from 16 counts
        // and touches only the rows that earn a unit and the few that share that bucket.
        // Each bucket is also counted: counting the bits later would take a dozen
        // instructions a bucket (there is no population count in the base instruction set).
        let mut buckets = [0u64; BUCKETS];
        let mut counts = [0u8; BUCKETS];
        let floor_sum = quota_pass(unit, weights, handout.parts, keys, quota, |row, key| {
            buckets[bucket_of(key)] |= 1 << (row % FEW);
            counts[bucket_of(key)] += 1;
        });
        let leftover = leftover(floor_sum);
        if leftover > 0 {
            handout.hand_out_few(keys, leftover, &buckets, &counts);
        }
    } else {
        // The keys' top bytes are counted in the same pass, so the handout needs no pass of
        // its own to find the threshold's byte (one 8-byte stream a row less).
        let mut histogram = [0u32; 256];
        let floor_sum = floor_pass(&quotas, unit, weights, handout.parts, keys, &mut histogram);
        let leftover = leftover(floor_sum);
        if leftover > 0 {
            handout.hand_out_many(keys, leftover, &histogram);
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

/// Every row's floor into `parts` and its remainder key into `keys`, each row's number and key
/// also shown to `count`; returns the sum of the floors. `quota` is a row's `(floor, key)` by its
/// weight: [`Quotas::of`], or the same without its whole part where that is known to be zero.
#[inline]
fn quota_pass(
    unit: i64,
    weights: &[u32],
    parts: &mut [Ore],
    keys: &mut [u64],
    quota: impl Fn(u32) -> (u64, u64),
    mut count: impl FnMut(usize, u64),
) -> u64 {
    let mut floor_sum = 0u64;
    for (row, ((&weight, part), key)) in weights
        .iter()
        .zip(parts.iter_mut())
        .zip(keys.iter_mut())
        .enumerate()
    {
        let (floor_units, remainder_key) = quota(weight);
        floor_sum += floor_units;
        // floor_units × unit ≤ units × unit = total ≤ i64::MAX: exact, no overflow.
        *part = Ore(floor_units.cast_signed() * unit);
        *key = remainder_key;
        count(row, remainder_key);
    }
    floor_sum
}

/// For tables of more than [`FEW`] rows: [`quota_pass`] with the keys counted by their top byte
/// in `histogram`. Row counts fit `u32`, so the histogram cannot overflow.
///
/// A large table is bound by the multiplier here (five multiplications a row), so when the
/// amount is less than the weight sum (`whole = 0`: every floor is the fractional quotient) the
/// pass is made without `whole × w`; measured at 1 000 000 rows, that loop is about a sixth
/// faster.
fn floor_pass(
    quotas: &Quotas,
    unit: i64,
    weights: &[u32],
    parts: &mut [Ore],
    keys: &mut [u64],
    histogram: &mut [u32; 256],
) -> u64 {
    let count = |_, key: u64| histogram[row_of(key >> 56)] += 1;
    if quotas.whole == 0 {
        quota_pass(unit, weights, parts, keys, |w| quotas.fractional(w), count)
    } else {
        quota_pass(unit, weights, parts, keys, |w| quotas.of(w), count)
    }
}

/// The quota `units × w / W` of a row of weight `w`, in whole units and a remainder, for one
/// amount of `units` and one weight sum `W`.
///
/// With `units = whole × W + part` (`part < W`) the quota is `whole × w + part × w / W`. The
/// second term goes through `fraction = ⌊part × 2^64 / W⌋`, the fraction `part / W` in 64-bit
/// fixed point: `fraction` falls short of `part × 2^64 / W` by less than 1, so `fraction × w`
/// falls short of `part × w × 2^64 / W` by less than `w < 2^32`, and its high word is the
/// quotient `⌊part × w / W⌋` or one less. One less only if the short-fall crossed a multiple of
/// 2^64, which leaves the low word within `w` of 2^64; only then is the quotient checked exactly.
#[derive(Clone, Copy, Debug)]
struct Quotas {
    whole: u64,
    part: u64,
    fraction: u64,
    weight_sum: u64,
    /// `W.leading_zeros()`: remainders (below `W`) shifted left by this keep their order and
    /// spread over the top bits, which is where [`Handout`] looks first.
    shift: u32,
}

impl Quotas {
    /// The quotas of `units` over the weight sum `weight_sum`, which must not be zero.
    fn new(units: u64, weight_sum: u64) -> Quotas {
        // `max(1)` only guards the impossible `weight_sum = 0` against a division by zero.
        let weight_sum = weight_sum.max(1);
        let part = units % weight_sum;
        // part < W, so the quotient is below 2^64.
        let fraction =
            u64::try_from((u128::from(part) << 64) / u128::from(weight_sum)).unwrap_or(u64::MAX);
        Quotas {
            whole: units / weight_sum,
            part,
            fraction,
            weight_sum,
            shift: weight_sum.leading_zeros(),
        }
    }

    /// A row's quota: `(⌊units × w / W⌋, key)`, where the key is the remainder
    /// `units × w mod W` shifted left by `shift`, so keys order as the remainders do.
    #[inline]
    fn of(self, weight: u32) -> (u64, u64) {
        let (quotient, key) = self.fractional(weight);
        // whole × w + quotient ≤ units × w / W ≤ units, as w ≤ W: no overflow.
        (self.whole * u64::from(weight) + quotient, key)
    }

    /// A row's fractional quotient `⌊part × w / W⌋` (below `w`, as `part < W`) and its key, as
    /// in [`Quotas::of`].
    #[inline]
    fn fractional(self, weight: u32) -> (u64, u64) {
        let weight = u64::from(weight);
        let product = u128::from(self.fraction) * u128::from(weight);
        // Truncations are the point: the product's two 64-bit words.
        #[allow(clippy::cast_possible_truncation)]
        let (mut quotient, low) = ((product >> 64) as u64, product as u64);
        // The true remainder is below W < 2^64, so it is exact modulo 2^64.
        let mut remainder = self
            .part
            .wrapping_mul(weight)
            .wrapping_sub(quotient.wrapping_mul(self.weight_sum));
        if low.checked_add(weight).is_none() {
            // Rare: the quotient may be one short. `quotient ≤ ⌊part × w / W⌋`, so this is ≥ 0.
            let exact = u128::from(self.part) * u128::from(weight)
                - u128::from(quotient) * u128::from(self.weight_sum);
            if exact >= u128::from(self.weight_sum) {
                quotient += 1;
                remainder = remainder.wrapping_sub(self.weight_sum);
            }
        }
        (quotient, remainder << self.shift)
    }
}

/// Candidates this few are ranked directly rather than narrowed further.
const FEW: usize = 64;

/// Tables this small are ranked directly: `select_nth_unstable` sorts them by insertion, which
/// costs less than finding the threshold's bucket first.
const TINY: usize = 16;

/// The buckets of a small table's keys ([`Handout::hand_out_few`]): by their top 4 bits.
const BUCKETS: usize = 16;

/// A key's bucket: its top 4 bits, below [`BUCKETS`].
fn bucket_of(key: u64) -> usize {
    row_of(key >> 60)
}

/// The rows whose bits are set in `rows`, in order.
fn bits(mut rows: u64) -> impl Iterator<Item = usize> {
    core::iter::from_fn(move || {
        let row = rows.trailing_zeros();
        // Clears the lowest set bit; at 0 (no rows left) the iteration ends.
        rows &= rows.wrapping_sub(1);
        (row < u64::BITS).then_some(row as usize)
    })
}

/// Hands out the leftover units, one each to the rows with the largest remainder keys
/// ([`Quotas::of`]), of equal keys the earliest rows.
struct Handout<'a> {
    weights: &'a [u32],
    parts: &'a mut [Ore],
    quotas: Quotas,
    unit: i64,
}

impl Handout<'_> {
    /// Hands out `leftover` units (`1 ≤ leftover < keys.len()`) among at most [`TINY`] rows,
    /// where `keys[row]` is row's remainder key, ranked directly; `keys` is then used up.
    fn hand_out_tiny(&mut self, keys: &mut [u64], leftover: usize) {
        // At most 64 rows of at most 2^32 − 1 each: W < 2^38, so `Quotas::shift` is at least 26
        // and every key's low 26 bits are clear, as `entry` needs.
        for (row, key) in keys.iter_mut().enumerate() {
            *key = entry(*key, row);
        }
        for &best in best(keys, leftover) {
            self.give(tag(best));
        }
    }

    /// Hands out `leftover` units (`1 ≤ leftover < keys.len()`) among at most [`FEW`] rows,
    /// where `keys[row]` is row's remainder key, `buckets[b]` has bit `row` set for every row
    /// whose key's top 4 bits are `b`, and `counts[b]` is the number of those rows. The buckets
    /// from the top, until they hold `leftover` keys, find the bucket of the threshold: every
    /// row above it earns a unit, and only the rows in it (about one in 16 when the remainders
    /// are spread out) are ranked. `keys` is then used up.
    fn hand_out_few(
        &mut self,
        keys: &mut [u64],
        leftover: usize,
        buckets: &[u64; BUCKETS],
        counts: &[u8; BUCKETS],
    ) {
        let mut above = 0;
        let mut winners = 0u64;
        let mut threshold = 0;
        for (bucket, (&rows, &count)) in buckets.iter().zip(counts).enumerate().rev() {
            let count = usize::from(count);
            if bucket == 0 || above + count >= leftover {
                threshold = rows;
                break;
            }
            above += count;
            winners |= rows;
        }
        for row in bits(winners) {
            self.give(row);
        }
        // 1 ≤ needed ≤ the rows in the threshold's bucket, as it holds the `leftover`-th key.
        let needed = leftover - above;
        // The bucket's rows are gathered at the front of `keys` as entries, in row order, so the
        // i-th is written at place i ≤ its row: no key is overwritten before it is read.
        // At most 64 rows of at most 2^32 − 1 each: W < 2^38, so `Quotas::shift` is at least 26
        // and every key's low 26 bits are clear, as `entry` needs.
        let mut gathered = 0;
        for row in bits(threshold) {
            if let Some(&key) = keys.get(row) {
                // gathered ≤ row < keys.len(): in bounds.
                keys[gathered] = entry(key, row);
                gathered += 1;
            }
        }
        for &best in best(&mut keys[..gathered], needed) {
            self.give(tag(best));
        }
    }

    /// More than [`FEW`] rows: the count by the top byte of the keys (made in the quotas' pass)
    /// finds the byte value that holds the threshold; one pass hands a unit to every row above
    /// it and gathers the rows in it, which [`Handout::narrow`] ranks.
    fn hand_out_many(&mut self, keys: &mut [u64], leftover: usize, histogram: &[u32; 256]) {
        let (digit, above) = threshold_digit(histogram, leftover);
        // The gathered row numbers go to the front of `keys`, never ahead of the row being read,
        // so no key is overwritten before it is used.
        let mut candidates = 0;
        let (mut lowest, mut highest) = (u64::MAX, 0);
        for row in 0..keys.len() {
            let key = keys[row];
            // Which rows earn a unit follows no pattern: a branch would often be mispredicted.
            self.parts[row].0 += select_unpredictable(key >> 56 > digit, self.unit, 0);
            if key >> 56 == digit {
                keys[candidates] = row as u64;
                candidates += 1;
                lowest = lowest.min(key);
                highest = highest.max(key);
            }
        }
        self.narrow(&mut keys[..candidates], leftover - above, lowest, highest);
    }

    /// Hands `needed` units to the best of the `candidates` (row numbers, in order), whose keys
    /// all lie in `lowest..=highest` and share their top byte; `needed ≤ candidates.len()`.
    /// Keys are computed again as needed: there are usually few candidates.
    fn narrow(
        &mut self,
        mut candidates: &mut [u64],
        mut needed: usize,
        mut lowest: u64,
        mut highest: u64,
    ) {
        loop {
            if needed == 0 {
                return;
            }
            if lowest == highest {
                // All keys are equal: the earliest rows.
                for &row in candidates.iter().take(needed) {
                    self.give(row_of(row));
                }
                return;
            }
            if candidates.len() <= FEW {
                // Shifting out the shared top byte keeps the keys' order and clears their low
                // byte, as `entry` needs.
                let mut ranked = [0u64; FEW];
                for ((slot, &row), place) in ranked.iter_mut().zip(candidates.iter()).zip(0..) {
                    *slot = entry(self.key(row_of(row)) << 8, place);
                }
                let count = candidates.len();
                for &best in best(&mut ranked[..count], needed) {
                    self.give(row_of(candidates[tag(best)]));
                }
                return;
            }
            // The keys agree above their highest differing bit; the byte below it splits them.
            let shift = 56u32.saturating_sub((lowest ^ highest).leading_zeros());
            let byte = |key: u64| (key >> shift) & 0xff;
            let keys = candidates.iter().map(|&row| self.key(row_of(row)));
            let (digit, above) = digit_holding(keys, shift, needed);
            needed -= above;
            // As in `hand_out_many`: the rows above earn a unit, the rows in the byte stay.
            let mut kept = 0;
            (lowest, highest) = (u64::MAX, 0);
            for i in 0..candidates.len() {
                let row = candidates[i];
                let key = self.key(row_of(row));
                if byte(key) > digit {
                    self.give(row_of(row));
                } else if byte(key) == digit {
                    candidates[kept] = row;
                    kept += 1;
                    lowest = lowest.min(key);
                    highest = highest.max(key);
                }
            }
            // `lowest` and `highest` were among the candidates and differ in this byte, so
            // fewer candidates are kept than there were: the loop ends.
            candidates = &mut candidates[..kept];
        }
    }

    /// The remainder key of `row`, computed again.
    fn key(&self, row: usize) -> u64 {
        self.quotas.of(self.weights[row]).1
    }

    /// One leftover unit to `row`.
    fn give(&mut self, row: usize) {
        self.parts[row].0 += self.unit;
    }
}

/// Counts `keys` by their byte `(key >> shift) mod 256` and returns the byte value that holds
/// the `needed`-th largest key, and how many keys have a larger byte (`1 ≤ needed ≤` keys).
fn digit_holding(keys: impl Iterator<Item = u64>, shift: u32, needed: usize) -> (u64, usize) {
    let mut histogram = [0u32; 256];
    for key in keys {
        histogram[row_of((key >> shift) & 0xff)] += 1;
    }
    threshold_digit(&histogram, needed)
}

/// Of keys counted by a byte in `histogram`, the byte value that holds the `needed`-th largest
/// key, and how many keys have a larger byte (`1 ≤ needed ≤` the keys counted).
fn threshold_digit(histogram: &[u32; 256], needed: usize) -> (u64, usize) {
    let count = |digit: usize| usize::try_from(histogram[digit]).unwrap_or(usize::MAX);
    let mut above = 0;
    let mut digit = 255;
    while digit > 0 && above + count(digit) < needed {
        above += count(digit);
        digit -= 1;
    }
    (digit as u64, above)
}

/// The low bits of an [`entry`] that carry its tag.
const TAG: u64 = FEW as u64 - 1;

/// A candidate's entry for ranking: its key, whose low 6 bits must be clear, with a `tag` below
/// [`FEW`] in them, arranged so that ascending order is best first: larger keys, and of equal
/// keys the smaller tag (the earlier row).
fn entry(key: u64, tag: usize) -> u64 {
    debug_assert_eq!(key & TAG, 0, "the low bits carry the tag");
    !(key | (TAG - tag as u64))
}

/// The tag back from an [`entry`].
fn tag(entry: u64) -> usize {
    row_of(TAG - (!entry & TAG))
}

/// The `needed` best of `entries` (the smallest), in no particular order.
fn best(entries: &mut [u64], needed: usize) -> &[u64] {
    match needed.min(entries.len()).checked_sub(1) {
        Some(last) => {
            entries.select_nth_unstable(last);
            &entries[..=last]
        }
        None => &[],
    }
}

/// A row number kept in a `u64`; it came from a `usize`, so it fits back.
#[allow(clippy::cast_possible_truncation)]
fn row_of(stored: u64) -> usize {
    stored as usize
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::{vec, vec::Vec};

    use super::*;

    #[test]
    fn quotas_match_u128_division() {
        let sums = [
            1u64,
            6,
            10_557_682,
            (1 << 32) - 1,
            1 << 39,
            (1 << 63) - 1,
            1 << 63,
            u64::MAX - 1,
            u64::MAX,
        ];
        let weights = [0u32, 1, 2, 3, 1000, 65_537, u32::MAX - 1, u32::MAX];
        for &sum in &sums {
            let unit_counts = [
                0u64,
                1,
                sum - 1,
                sum,
                sum.saturating_add(1),
                sum / 3,
                sum.wrapping_mul(7) / 2,
                i64::MAX.unsigned_abs(),
                18_250_000_000,
            ];
            for &units in &unit_counts {
                let quotas = Quotas::new(units, sum);
                for &w in &weights {
                    if u64::from(w) > sum {
                        continue;
                    }
                    let exact = u128::from(units) * u128::from(w);
                    let (floor, key) = quotas.of(w);
                    assert_eq!(
                        u128::from(floor),
                        exact / u128::from(sum),
                        "{units} × {w} / {sum}"
                    );
                    assert_eq!(
                        u128::from(key >> quotas.shift),
                        exact % u128::from(sum),
                        "{units} × {w} mod {sum}"
                    );
                    assert!(key.trailing_zeros() >= quotas.shift || key == 0);
                }
            }
        }
    }

    /// Checks an allocation of `units` whole units against what the method promises: every row
    /// gets its floor or one more, and the rows that get one more all rank above the rows that
    /// do not (larger remainder, or equal and earlier).
    fn check(units: u64, weights: &[u32]) {
        let rows = weights.len();
        let mut parts = vec![Ore::ZERO; rows];
        let mut scratch = vec![0u64; rows];
        allocate(
            Ore(units.cast_signed()),
            Ore(1),
            weights,
            &mut parts,
            &mut scratch,
        )
        .unwrap();
        let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
        let mut extra = 0u128;
        // (remainder, −row) of the lowest-ranked winner and the highest-ranked loser.
        let mut lowest_winner = (u128::MAX, 0i64);
        let mut highest_loser = (0u128, i64::MIN);
        for (row, (&w, part)) in weights.iter().zip(&parts).enumerate() {
            let quota = u128::from(units) * u128::from(w);
            let rank = (quota % sum, -i64::try_from(row).unwrap());
            match u128::from(part.0.unsigned_abs()) - quota / sum {
                0 => highest_loser = highest_loser.max(rank),
                1 => {
                    lowest_winner = lowest_winner.min(rank);
                    extra += 1;
                }
                other => panic!("row {row} of {rows} got {other} extra units"),
            }
        }
        let floors: u128 = weights
            .iter()
            .map(|&w| u128::from(units) * u128::from(w) / sum)
            .sum();
        assert_eq!(
            extra,
            u128::from(units) - floors,
            "{rows} rows, {units} units"
        );
        assert!(lowest_winner > highest_loser, "{rows} rows, {units} units");
    }

    /// `rows` deterministic pseudo-random weights in `low..low + span`.
    fn weights(rows: usize, seed: u64, low: u32, span: u32) -> Vec<u32> {
        let mut state = seed;
        (0..rows)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                low + u32::try_from((state >> 33) % u64::from(span)).unwrap()
            })
            .collect()
    }

    #[test]
    fn ties_go_to_earlier_rows() {
        check(5, &[1, 1, 1]);
        check(7, &[2, 1, 2, 1, 2]);
        check(1, &[3; 7]);
        check(999, &vec![1; 1000]);
        check(1000 * 37 + 501, &vec![4; 1000]);
    }

    #[test]
    fn few_rows_keep_the_promise() {
        for seed in 0..20 {
            check(18_250_000_000, &weights(21, seed, 2_000, 998_000));
            check(182_500_000, &weights(64, seed, 1, 10));
            check(12_345, &weights(7, seed, 1, 3));
            check(i64::MAX.unsigned_abs(), &weights(64, seed, u32::MAX - 9, 9));
        }
    }

    #[test]
    fn many_rows_keep_the_promise() {
        for seed in 0..4 {
            // Distinct remainders: narrowed through the bytes.
            check(18_250_000_000, &weights(700, seed, 2_000, 998_000));
            check(18_250_000_000, &weights(20_000, seed, 2_000, 998_000));
            // Many equal remainders, and the threshold among them.
            check(1_000_003, &weights(700, seed, 1, 4));
            check(700 * 5 + 350, &weights(700, seed, 6, 2));
            // Huge weights: a weight sum far above 2^32.
            check(
                i64::MAX.unsigned_abs(),
                &weights(300, seed, u32::MAX - 50, 50),
            );
        }
    }

    #[test]
    fn clustered_remainders_are_narrowed_byte_by_byte() {
        // units × w < W: the remainders are units × w themselves, all close together, so the
        // threshold is found several bytes down.
        check(2_500, &weights(5_000, 1, 1_000_000, 5_000));
        check(2_500, &weights(5_000, 2, 1_000_000, 50));
        check(4_999, &vec![7; 5_000]);
    }

    /// The plain method, all in `u128`: floors, then the leftover units to the rows sorted by
    /// remainder (descending), of equal remainders the earlier row first.
    fn reference(total: i64, unit: i64, weights: &[u32]) -> Vec<Ore> {
        let units = u128::from((total / unit).unsigned_abs());
        let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
        let mut parts: Vec<u128> = weights
            .iter()
            .map(|&w| units * u128::from(w) / sum)
            .collect();
        let mut order: Vec<(u128, usize)> = weights
            .iter()
            .enumerate()
            .map(|(row, &w)| (units * u128::from(w) % sum, row))
            .collect();
        order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let leftover = units - parts.iter().sum::<u128>();
        for &(_, row) in order.iter().take(usize::try_from(leftover).unwrap()) {
            parts[row] += 1;
        }
        parts
            .iter()
            .map(|&p| Ore(i64::try_from(p).unwrap() * unit))
            .collect()
    }

    /// `allocate` must give exactly the reference's parts.
    fn same_as_reference(total: i64, unit: i64, weights: &[u32]) {
        let mut parts = vec![Ore(-1); weights.len()];
        let mut scratch = vec![u64::MAX; weights.len()];
        allocate(Ore(total), Ore(unit), weights, &mut parts, &mut scratch).unwrap();
        assert_eq!(
            parts,
            reference(total, unit, weights),
            "{total} in units of {unit} over {weights:?}"
        );
    }

    /// Every path (at most 16 rows, 17 to 64 rows by buckets, more rows with and without a
    /// whole part, units öre, kronor and others) against the `u128` reference, on random
    /// weights of every size from 1 to 2^32 − 1 and totals up to `i64::MAX`.
    #[test]
    fn every_path_matches_a_u128_reference() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let sizes = [1, 2, 3, 6, 15, 16, 17, 21, 33, 63, 64, 65, 66, 100, 290];
        for round in 0..400 {
            let rows = sizes[round % sizes.len()];
            // Weights of one scale a table: tiny (many ties), annex-like, or near u32::MAX.
            let span = [2u64, 4, 1_000, 1_000_000, 1 << 32][round % 5];
            let low = if round % 7 == 0 {
                u64::from(u32::MAX) + 1 - span
            } else {
                0
            };
            let weights: Vec<u32> = (0..rows)
                .map(|_| u32::try_from(low + next() % span).unwrap())
                .collect();
            if weights.iter().all(|&w| w == 0) {
                continue;
            }
            let unit = [1i64, 100, 7, 1_000_000][round % 4];
            // Totals below and far above the weight sum (no whole part, and a large one).
            let most = i64::MAX / unit;
            let units = match round % 3 {
                0 => next() % 10_000,
                1 => next() % 100_000_000_000,
                _ => next() % most.unsigned_abs(),
            };
            same_as_reference(units.cast_signed() * unit, unit, &weights);
        }
    }

    #[test]
    fn buckets_with_ties_and_clusters_match_the_reference() {
        // 17 to 64 rows: all keys equal (one bucket), two values, and keys crowded into the top
        // bucket (units × w just below W).
        for rows in [17, 21, 40, 64] {
            same_as_reference(18_250_000_000, 100, &vec![1; rows]);
            same_as_reference(1_000_003, 1, &vec![3; rows]);
            let alternating: Vec<u32> = (0..rows).map(|row| 1 + u32::from(row % 2 == 0)).collect();
            same_as_reference(10_007, 1, &alternating);
            let crowded: Vec<u32> = (1_000_000u32..).take(rows).collect();
            let sum: i64 = crowded.iter().map(|&w| i64::from(w)).sum();
            same_as_reference(sum - 1, 1, &crowded);
            same_as_reference(i64::MAX, 1, &vec![u32::MAX; rows]);
        }
        // More than 64 rows with no whole part and with one.
        same_as_reference(12_345, 1, &vec![1_000_000; 300]);
        same_as_reference(i64::MAX, 1, &vec![u32::MAX; 300]);
    }

    #[test]
    fn units_divided_by_constants_refuse_the_same() {
        let mut parts = [Ore(7); 2];
        let mut scratch = [0; 2];
        for (total, unit) in [(150, 100), (1, 100), (i64::MAX, 100), (10, 3)] {
            assert_eq!(
                allocate(Ore(total), Ore(unit), &[1, 1], &mut parts, &mut scratch),
                Err(AllocationError::NotMultipleOfUnit {
                    total: Ore(total),
                    unit: Ore(unit)
                })
            );
        }
        assert_eq!(parts, [Ore(7); 2]);
        same_as_reference(i64::MAX, 1, &[1, 2]);
        same_as_reference(i64::MAX / 100 * 100, 100, &[1, 2, 3]);
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
