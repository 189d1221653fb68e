//! Rates and shares as people read them: hundredths of a per cent, rounded half up from an
//! exact ratio (`6009 / 7412` is `81,07 %`, `561 / 800` is `70,13 %`). One rule for every place
//! a per cent is shown (assessments, the annex's shares, the page, the budget), so no two of
//! them can disagree on a tie. Never used to decide anything: thresholds are decided exactly in
//! integers before a rate is made.

use core::fmt;

/// A per cent in hundredths: 8107 hundredths is `81,07 %`.
///
/// Invariant: made only by [`Percent::of`] or [`Percent::whole`] (the field is private), it is
/// an exact ratio rounded half up to a hundredth of a per cent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(u64);

impl Percent {
    /// Nothing: `0,00 %`.
    pub const ZERO: Percent = Percent(0);

    /// The rate in hundredths of a per cent: 8107 for `81,07 %`.
    pub const fn hundredths(self) -> u64 {
        self.0
    }

    /// `part / whole` in hundredths of a per cent, rounded half up: ⌊(2·p·10⁴ + w) / 2w⌋,
    /// exactly in integers; `None` when `whole` is zero or the result does not fit.
    pub fn of(part: u64, whole: u64) -> Option<Percent> {
        if whole == 0 {
            return None;
        }
        let (part, whole) = (u128::from(part), u128::from(whole));
        let hundredths = (2 * part * 10_000 + whole) / (2 * whole);
        u64::try_from(hundredths).ok().map(Percent)
    }

    /// A whole per cent, such as a goal.
    pub fn whole(percent: u8) -> Percent {
        Percent(u64::from(percent) * 100)
    }

    /// The number alone, Swedish: `81,07`.
    pub fn number(self) -> impl fmt::Display {
        Number(self)
    }
}

/// The number of a [`Percent`] without its sign.
struct Number(Percent);

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{:02}", self.0.0 / 100, self.0.0 % 100)
    }
}

/// `81,07 %`.
impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} %", self.number())
    }
}

/// The difference of two rates in hundredths of a percentage point, signed: women's rate less
/// men's, `+1,23` or `-0,50` (procentenheter).
///
/// Invariant: made only by [`PointDifference::between`], from the exact difference of the
/// two ratios rounded half away from zero (so the difference of women and men and that of men
/// and women differ only in sign), never from two rounded rates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PointDifference(i64);

impl PointDifference {
    /// `a_part / a_whole − b_part / b_whole` in hundredths of a percentage point; `None` when
    /// a whole is zero or the exact products do not fit 128 bits (never for counts below
    /// 2⁵⁷, national sums included).
    pub fn between(a: (u64, u64), b: (u64, u64)) -> Option<PointDifference> {
        let ((ap, aw), (bp, bw)) = (a, b);
        if aw == 0 || bw == 0 {
            return None;
        }
        // (ap/aw − bp/bw) × 10⁴ = 10⁴ (ap·bw − bp·aw) / (aw·bw), exactly.
        let cross = |x: u64, y: u64| i128::from(x).checked_mul(i128::from(y));
        let numerator = cross(ap, bw)?
            .checked_sub(cross(bp, aw)?)?
            .checked_mul(10_000)?;
        let denominator = cross(aw, bw)?;
        let magnitude = numerator
            .checked_abs()?
            .checked_mul(2)?
            .checked_add(denominator)?
            / denominator.checked_mul(2)?;
        let hundredths = if numerator < 0 { -magnitude } else { magnitude };
        i64::try_from(hundredths).ok().map(PointDifference)
    }

    /// The difference in hundredths of a percentage point.
    pub const fn hundredths(self) -> i64 {
        self.0
    }
}

/// `+1,23`, `-0,50`, `0,00`.
impl fmt::Display for PointDifference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = match self.0 {
            0 => "",
            n if n < 0 => "-",
            _ => "+",
        };
        let n = self.0.unsigned_abs();
        write!(f, "{sign}{},{:02}", n / 100, n % 100)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::string::ToString;

    #[test]
    fn ratios_round_half_up_exactly() {
        for (part, whole, shown) in [
            (561, 800, "70,13 %"),
            (6009, 7412, "81,07 %"),
            (2_455_914, 10_557_682, "23,26 %"),
            (1, 3, "33,33 %"),
            (2, 3, "66,67 %"),
            (1, 8, "12,50 %"),
            (1, 20_000, "0,01 %"),
            (1, 40_000, "0,00 %"),
            (0, 5, "0,00 %"),
            (5, 5, "100,00 %"),
            (u64::MAX, u64::MAX, "100,00 %"),
        ] {
            let percent = Percent::of(part, whole).unwrap();
            assert_eq!(percent.to_string(), shown, "{part}/{whole}");
        }
        assert_eq!(Percent::of(1, 0), None);
        assert_eq!(Percent::whole(70).number().to_string(), "70,00");
    }

    #[test]
    fn differences_are_exact_and_symmetric() {
        for (a, b, shown) in [
            ((81, 100), (80, 100), "+1,00"),
            ((1, 3), (2, 3), "-33,33"),
            ((2, 3), (1, 3), "+33,33"),
            // 1/8 − 1/16 = 6,25 points; 1/3 − 1/3 = 0.
            ((1, 8), (1, 16), "+6,25"),
            ((1, 3), (1, 3), "0,00"),
            // 0,005 points exactly: half away from zero, both ways.
            ((1, 20_000), (0, 1), "+0,01"),
            ((0, 1), (1, 20_000), "-0,01"),
            (
                (u64::from(u32::MAX), u64::from(u32::MAX)),
                (0, u64::from(u32::MAX)),
                "+100,00",
            ),
            ((1 << 40, 1 << 41), (1, 4), "+25,00"),
        ] {
            let d = PointDifference::between(a, b).unwrap();
            assert_eq!(d.to_string(), shown, "{a:?} {b:?}");
            let back = PointDifference::between(b, a).unwrap();
            assert_eq!(back.hundredths(), -d.hundredths());
        }
        assert_eq!(PointDifference::between((1, 0), (1, 1)), None);
        assert_eq!(
            PointDifference::between((u64::MAX, u64::MAX), (1, u64::MAX)),
            None
        );
    }
}
