//! The page's text formats: HTML escaping, amounts and whole numbers with no-break spaces,
//! rates in hundredths of a percent, received times in Swedish time.

use std::fmt;

use svf_kernel::Ore;
use svf_kernel::money::Grouped;
use svf_kernel::time::Instant;

/// Text for HTML, escaped for element content and quoted attribute values alike.
#[derive(Clone, Copy, Debug)]
pub struct Esc<'t>(pub &'t str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..at])?;
            f.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

/// The no-break space that keeps `42 452 908 kr` on one line.
pub(in crate::present) const NBSP: char = '\u{a0}';

/// An amount as people read it, `42 452 908 kr`, kept on one line: the kernel's format with
/// no-break spaces.
pub fn kronor(amount: Ore) -> String {
    amount.to_string().replace(' ', "\u{a0}")
}

/// A whole number grouped by threes with no-break spaces: `2 455 914`.
pub fn whole(value: u64) -> String {
    Grouped(value).to_string().replace(' ', "\u{a0}")
}

/// A rate or share in hundredths of a percent, from an exact ratio rounded half up by the
/// kernel's one rule ([`svf_kernel::percent::Percent`]): `Rate::of(6009, 7412)` is 81,07 %. The
/// page's own type for its formats (a no-break space before the sign, a decimal point for SVG
/// attributes); the kernel's type is the value, this one how the page writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rate(pub u64);

impl Rate {
    /// `part / whole`; `None` when `whole` is zero.
    pub fn of(part: u64, whole: u64) -> Option<Rate> {
        svf_kernel::percent::Percent::of(part, whole).map(|rate| Rate(rate.hundredths()))
    }

    /// A whole percentage, such as a goal.
    pub fn whole(percent: u8) -> Rate {
        Rate(svf_kernel::percent::Percent::whole(percent).hundredths())
    }

    /// `70 %` when whole, else as [`Display`](fmt::Display): for goals.
    pub fn short(self) -> String {
        if self.0.is_multiple_of(100) {
            format!("{}{NBSP}%", self.0 / 100)
        } else {
            self.to_string()
        }
    }

    /// For machines: `81.07`.
    pub fn decimal(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }

    /// The number only, Swedish: `81,07`.
    pub fn number(self) -> String {
        format!("{},{:02}", self.0 / 100, self.0 % 100)
    }
}

/// `81,07 %`, with a no-break space.
impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{:02}{NBSP}%", self.0 / 100, self.0 % 100)
    }
}

/// A figure as written (`81,07 %`, `+1,23`) kept on one line, or `–` where there is none.
pub(in crate::present) fn or_dash(text: Option<&str>) -> String {
    text.map_or_else(|| "–".to_owned(), |t| t.replace(' ', "\u{a0}"))
}

/// A received time in Swedish time, `2024-09-30 14:05`.
pub fn swedish_time(received: Instant) -> String {
    let (date, hour, minute) = received.stockholm_clock();
    format!("{date} {hour:02}:{minute:02}")
}
