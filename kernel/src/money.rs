//! Money: whole öre, and how people read it.
//!
//! Every amount inside svf is an integer number of öre (1 kr = 100 öre). People see kronor in
//! Swedish format: a space between groups of three digits and a decimal comma, `42 452 908 kr`,
//! `42 452 908,50 kr`.

use core::fmt;

/// An amount of money in whole öre.
///
/// Invariant: the value is exact; there is no rounding anywhere in this type. Arithmetic is
/// checked (`checked_*`), so an overflow is an error the caller sees, never a wrapped amount.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ore(pub i64);

/// Öre in one krona.
pub const ORE_PER_KRONA: i64 = 100;

impl Ore {
    /// Zero öre.
    pub const ZERO: Ore = Ore(0);
    /// One krona.
    pub const KRONA: Ore = Ore(ORE_PER_KRONA);

    /// `kronor` whole kronor, or `None` if that does not fit in `i64` öre.
    ///
    /// # Example
    /// ```
    /// use svf_kernel::Ore;
    /// assert_eq!(Ore::from_kronor(182_500_000), Some(Ore(18_250_000_000)));
    /// ```
    pub const fn from_kronor(kronor: i64) -> Option<Ore> {
        match kronor.checked_mul(ORE_PER_KRONA) {
            Some(ore) => Some(Ore(ore)),
            None => None,
        }
    }

    /// The amount in öre.
    pub const fn ore(self) -> i64 {
        self.0
    }

    /// `self + other`, or `None` on overflow.
    pub const fn checked_add(self, other: Ore) -> Option<Ore> {
        match self.0.checked_add(other.0) {
            Some(v) => Some(Ore(v)),
            None => None,
        }
    }

    /// `self - other`, or `None` on overflow.
    pub const fn checked_sub(self, other: Ore) -> Option<Ore> {
        match self.0.checked_sub(other.0) {
            Some(v) => Some(Ore(v)),
            None => None,
        }
    }

    /// Displays the amount as kronor, always with the öre after a decimal comma
    /// (`1 056 053,00 kr`), as a column of amounts at öre precision is printed.
    pub const fn with_ore(self) -> Kronor {
        Kronor {
            amount: self,
            ore: OreDigits::Always,
            suffix: true,
        }
    }

    /// Displays the amount as kronor without the ` kr` suffix, for a table column whose
    /// header already says the unit; `show_ore` as in [`Ore::with_ore`], else only when non-zero.
    pub const fn as_number(self, show_ore: bool) -> Kronor {
        let ore = if show_ore {
            OreDigits::Always
        } else {
            OreDigits::WhenNonZero
        };
        Kronor {
            amount: self,
            ore,
            suffix: false,
        }
    }
}

/// `42 452 908 kr`, or `42 452 908,50 kr` when there are öre.
///
/// ```
/// use svf_kernel::Ore;
/// assert_eq!(format!("{}", Ore(4_245_290_800)), "42 452 908 kr");
/// assert_eq!(format!("{}", Ore(4_245_290_850)), "42 452 908,50 kr");
/// ```
impl fmt::Display for Ore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Kronor {
            amount: *self,
            ore: OreDigits::WhenNonZero,
            suffix: true,
        }
        .fmt(f)
    }
}

/// When the öre digits are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OreDigits {
    Always,
    WhenNonZero,
}

/// An [`Ore`] amount in a chosen Swedish layout; made by [`Ore::with_ore`] and [`Ore::as_number`].
#[derive(Clone, Copy, Debug)]
pub struct Kronor {
    amount: Ore,
    ore: OreDigits,
    suffix: bool,
}

impl fmt::Display for Kronor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.amount.0;
        if value < 0 {
            f.write_str("-")?;
        }
        // unsigned_abs: i64::MIN has no positive i64 counterpart.
        let magnitude = value.unsigned_abs();
        let ore_per_krona = ORE_PER_KRONA.unsigned_abs();
        write_grouped(f, magnitude / ore_per_krona)?;
        let ore = magnitude % ore_per_krona;
        if self.ore == OreDigits::Always || ore != 0 {
            write!(f, ",{ore:02}")?;
        }
        if self.suffix {
            f.write_str(" kr")?;
        }
        Ok(())
    }
}

/// Writes `value` with a space between groups of three digits: `10 557 682`.
///
/// # Errors
/// Only those of the formatter.
pub fn write_grouped(f: &mut impl fmt::Write, value: u64) -> fmt::Result {
    // u64::MAX has 20 digits.
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut rest = value;
    loop {
        // `rest % 10` is below 10, so the cast is exact.
        digits[len] = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for (printed, position) in (0..len).rev().enumerate() {
        if printed > 0 && (position + 1) % 3 == 0 {
            f.write_char(' ')?;
        }
        f.write_char(char::from(digits[position]))?;
    }
    Ok(())
}

/// A whole number with space-grouped thousands, for `Display`: `Grouped(10_557_682)` is `10 557 682`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grouped(pub u64);

impl fmt::Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_grouped(f, self.0)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::format;

    #[test]
    fn swedish_display() {
        assert_eq!(format!("{}", Ore(4_245_290_800)), "42 452 908 kr");
        assert_eq!(format!("{}", Ore(4_245_290_850)), "42 452 908,50 kr");
        assert_eq!(format!("{}", Ore(5)), "0,05 kr");
        assert_eq!(format!("{}", Ore(0)), "0 kr");
        assert_eq!(format!("{}", Ore(-123_456)), "-1 234,56 kr");
        assert_eq!(format!("{}", Ore(100_000)), "1 000 kr");
        assert_eq!(format!("{}", Ore(99_900)), "999 kr");
        assert_eq!(
            format!("{}", Ore(i64::MIN)),
            "-92 233 720 368 547 758,08 kr"
        );
        assert_eq!(format!("{}", Ore(i64::MAX)), "92 233 720 368 547 758,07 kr");
        assert_eq!(format!("{}", Ore(100).with_ore()), "1,00 kr");
        assert_eq!(
            format!("{}", Ore(18_250_000_000).as_number(false)),
            "182 500 000"
        );
        assert_eq!(
            format!("{}", Ore(18_250_000_000).as_number(true)),
            "182 500 000,00"
        );
    }

    #[test]
    fn grouping() {
        assert_eq!(format!("{}", Grouped(0)), "0");
        assert_eq!(format!("{}", Grouped(999)), "999");
        assert_eq!(format!("{}", Grouped(1000)), "1 000");
        assert_eq!(format!("{}", Grouped(10_557_682)), "10 557 682");
        assert_eq!(
            format!("{}", Grouped(u64::MAX)),
            "18 446 744 073 709 551 615"
        );
    }

    #[test]
    fn kronor_constructor_checks_overflow() {
        assert_eq!(Ore::from_kronor(1), Some(Ore(100)));
        assert_eq!(Ore::from_kronor(i64::MAX / 100 + 1), None);
    }
}
