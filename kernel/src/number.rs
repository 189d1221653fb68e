//! Numbers as people write them in Swedish tables: `2 455 914`, `182 500 000,50`.

use core::fmt;

use crate::money::{ORE_PER_KRONA, Ore};

/// Why a written number was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Nothing was written.
    Empty,
    /// A minus sign: amounts and weights are never negative.
    Negative,
    /// A character that is neither a digit nor an accepted separator.
    NotADigit(char),
    /// Thousands separators not between groups of three digits (`24 55914`).
    Grouping,
    /// A decimal part of other than one or two digits, or where none is allowed.
    Decimals,
    /// Larger than the largest accepted value.
    TooLarge,
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberError::Empty => f.write_str("is empty"),
            NumberError::Negative => f.write_str("is negative"),
            NumberError::NotADigit(c) => write!(f, "has {c:?}, which is not a digit"),
            NumberError::Grouping => {
                f.write_str("has thousands separators that are not between groups of three digits")
            }
            NumberError::Decimals => {
                f.write_str("needs one or two decimals after the decimal sign")
            }
            NumberError::TooLarge => f.write_str("is too large"),
        }
    }
}

impl core::error::Error for NumberError {}

/// Space, no-break space (U+00A0) and narrow no-break space (U+202F): the thousands separators
/// of Swedish text.
fn is_space_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// Parses a whole number, with optional thousands separators (space, U+00A0, U+202F; also `_`
/// when `underscore` is true) between groups of three digits.
///
/// # Errors
/// [`NumberError`] says what is wrong; surrounding whitespace is ignored.
pub fn parse_whole(text: &str, underscore: bool) -> Result<u64, NumberError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(NumberError::Empty);
    }
    if text.starts_with('-') || text.starts_with('\u{2212}') {
        return Err(NumberError::Negative);
    }
    let mut value = 0u64;
    // Digits in the current group, and whether a separator has been seen.
    let mut group = 0usize;
    let mut grouped = false;
    let mut previous_separator = false;
    for c in text.chars() {
        if let Some(digit) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(digit)))
                .ok_or(NumberError::TooLarge)?;
            group += 1;
            previous_separator = false;
        } else if is_space_separator(c) || (underscore && c == '_') {
            // The first group has 1–3 digits, every later one exactly 3.
            if previous_separator || group == 0 || group > 3 || (grouped && group != 3) {
                return Err(NumberError::Grouping);
            }
            grouped = true;
            group = 0;
            previous_separator = true;
        } else {
            return Err(NumberError::NotADigit(c));
        }
    }
    if grouped && group != 3 {
        return Err(NumberError::Grouping);
    }
    Ok(value)
}

/// Parses an amount of kronor as the command line takes it: a whole number as in
/// [`parse_whole`] (also with `_`), then optionally `,` or `.` and one or two digits of öre.
///
/// # Errors
/// [`NumberError`]; [`NumberError::TooLarge`] above `i64::MAX` öre.
///
/// # Example
/// ```
/// use svf_kernel::{number::parse_kronor, Ore};
/// assert_eq!(parse_kronor("182 500 000"), Ok(Ore(18_250_000_000)));
/// assert_eq!(parse_kronor("1_000,5"), Ok(Ore(100_050)));
/// ```
pub fn parse_kronor(text: &str) -> Result<Ore, NumberError> {
    let text = text.trim();
    let (kronor, ore) = match text.find([',', '.']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let kronor = parse_whole(kronor, true)?;
    let ore = match ore {
        None => 0,
        Some(decimals) => {
            let digits = decimals.len();
            if !(1..=2).contains(&digits) || !decimals.bytes().all(|b| b.is_ascii_digit()) {
                return Err(NumberError::Decimals);
            }
            let value: u64 = decimals
                .bytes()
                .fold(0, |v, b| v * 10 + u64::from(b - b'0'));
            if digits == 1 { value * 10 } else { value }
        }
    };
    let total = i64::try_from(kronor)
        .ok()
        .and_then(|k| k.checked_mul(ORE_PER_KRONA))
        .and_then(|k| k.checked_add(i64::try_from(ore).ok()?))
        .ok_or(NumberError::TooLarge)?;
    Ok(Ore(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers() {
        assert_eq!(parse_whole("2455914", false), Ok(2_455_914));
        assert_eq!(parse_whole(" 2 455 914 ", false), Ok(2_455_914));
        assert_eq!(parse_whole("2\u{a0}455\u{202f}914", false), Ok(2_455_914));
        assert_eq!(parse_whole("0", false), Ok(0));
        assert_eq!(parse_whole("1_000", true), Ok(1000));
        assert_eq!(
            parse_whole("1_000", false),
            Err(NumberError::NotADigit('_'))
        );
        assert_eq!(parse_whole("24 55914", false), Err(NumberError::Grouping));
        assert_eq!(parse_whole("2455 914", false), Err(NumberError::Grouping));
        assert_eq!(parse_whole("2  455", false), Err(NumberError::Grouping));
        assert_eq!(parse_whole("2 45", false), Err(NumberError::Grouping));
        assert_eq!(parse_whole("", false), Err(NumberError::Empty));
        assert_eq!(parse_whole("-5", false), Err(NumberError::Negative));
        assert_eq!(parse_whole("12x", false), Err(NumberError::NotADigit('x')));
        assert_eq!(parse_whole("١٢", false), Err(NumberError::NotADigit('١')));
        assert_eq!(
            parse_whole("18446744073709551616", false),
            Err(NumberError::TooLarge)
        );
    }

    #[test]
    fn kronor() {
        assert_eq!(parse_kronor("182500000"), Ok(Ore(18_250_000_000)));
        assert_eq!(parse_kronor("182_500_000.25"), Ok(Ore(18_250_000_025)));
        assert_eq!(parse_kronor("1,5"), Ok(Ore(150)));
        assert_eq!(parse_kronor("1,"), Err(NumberError::Decimals));
        assert_eq!(parse_kronor("1,505"), Err(NumberError::Decimals));
        assert_eq!(parse_kronor("1,5,0"), Err(NumberError::Decimals));
        assert_eq!(parse_kronor("92233720368547758,07"), Ok(Ore(i64::MAX)));
        assert_eq!(
            parse_kronor("92233720368547758,08"),
            Err(NumberError::TooLarge)
        );
        assert_eq!(parse_kronor("-1"), Err(NumberError::Negative));
    }
}
