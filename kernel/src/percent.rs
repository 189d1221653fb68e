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
}
