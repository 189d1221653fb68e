//! The 21 regions and the agreement years.

use core::fmt;

/// One of Sweden's 21 regions, by its two-digit county (*län*) code as in the payment annex.
///
/// Invariant: always one of the 21 codes in [`Region::ALL`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Region(u8);

/// How many regions there are: every table of regions has this many rows.
pub const REGION_COUNT: usize = 21;

/// Codes and names of the regions, in code order.
const REGIONS: [(&str, &str); REGION_COUNT] = [
    ("01", "Stockholm"),
    ("03", "Uppsala"),
    ("04", "Sörmland"),
    ("05", "Östergötland"),
    ("06", "Jönköpings län"),
    ("07", "Kronoberg"),
    ("08", "Kalmar"),
    ("09", "Gotland"),
    ("10", "Blekinge"),
    ("12", "Skåne"),
    ("13", "Halland"),
    ("14", "Västra Götaland"),
    ("17", "Värmland"),
    ("18", "Örebro"),
    ("19", "Västmanland"),
    ("20", "Dalarna"),
    ("21", "Gävleborg"),
    ("22", "Västernorrland"),
    ("23", "Jämtland Härjedalen"),
    ("24", "Västerbotten"),
    ("25", "Norrbotten"),
];

/// The 21 codes in code order, the position of each its region's in [`Region::ALL`]: the keys
/// of a JSON object by region.
pub const CODES: [&str; REGION_COUNT] = {
    let mut codes = [""; REGION_COUNT];
    let mut i = 0;
    while i < REGION_COUNT {
        codes[i] = REGIONS[i].0;
        i += 1;
    }
    codes
};

impl Region {
    /// All 21 regions in code order.
    pub const ALL: [Region; REGION_COUNT] = {
        let mut all = [Region(0); REGION_COUNT];
        let mut i = 0;
        while i < REGION_COUNT {
            // i < 21 fits u8.
            #[allow(clippy::cast_possible_truncation)]
            {
                all[i] = Region(i as u8);
            }
            i += 1;
        }
        all
    };

    /// The region with this code (`"01"` … `"25"`), if there is one.
    pub fn from_code(code: &str) -> Option<Region> {
        REGIONS
            .iter()
            .position(|(c, _)| *c == code)
            .and_then(|i| u8::try_from(i).ok())
            .map(Region)
    }

    /// The region a table's code names: as [`Region::from_code`], and a one-digit code as the
    /// two-digit one a spreadsheet made of it by dropping its leading zero (`1` is `01`).
    pub fn from_table_code(code: &str) -> Option<Region> {
        match code.as_bytes() {
            [digit @ b'1'..=b'9'] => {
                let padded = [b'0', *digit];
                core::str::from_utf8(&padded)
                    .ok()
                    .and_then(Region::from_code)
            }
            _ => Region::from_code(code),
        }
    }

    /// The two-digit code.
    pub fn code(self) -> &'static str {
        REGIONS[usize::from(self.0)].0
    }

    /// The region's name in Swedish.
    pub fn name(self) -> &'static str {
        REGIONS[usize::from(self.0)].1
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.name())
    }
}

/// An agreement year whose rules `svf` knows: every agreement from 2022 to 2026.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Year {
    /// The 2022 agreement.
    Y2022,
    /// The 2023 agreement.
    Y2023,
    /// The 2024 agreement.
    Y2024,
    /// The 2025 agreement.
    Y2025,
    /// The 2026 agreement.
    Y2026,
}

impl Year {
    /// Every known year, in order.
    pub const ALL: [Year; 5] = [
        Year::Y2022,
        Year::Y2023,
        Year::Y2024,
        Year::Y2025,
        Year::Y2026,
    ];

    /// The year `number`, if its rules are known.
    pub fn from_number(number: u64) -> Option<Year> {
        Year::ALL
            .into_iter()
            .find(|y| u64::from(y.number()) == number)
    }

    /// The calendar year.
    pub fn number(self) -> u16 {
        match self {
            Year::Y2022 => 2022,
            Year::Y2023 => 2023,
            Year::Y2024 => 2024,
            Year::Y2025 => 2025,
            Year::Y2026 => 2026,
        }
    }
}

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for region in Region::ALL {
            assert_eq!(Region::from_code(region.code()), Some(region));
        }
        assert_eq!(Region::from_code("02"), None);
        assert_eq!(Region::from_code("1"), None);
        assert_eq!(
            Region::from_code("25").map(Region::name),
            Some("Norrbotten")
        );
    }

    /// A table's code a spreadsheet stripped of its leading zero is the region's; a code that
    /// is no region's stays none, with or without the zero.
    #[test]
    fn a_table_code_without_its_leading_zero_is_the_regions() {
        assert_eq!(Region::from_table_code("1"), Region::from_code("01"));
        assert_eq!(Region::from_table_code("9"), Region::from_code("09"));
        assert_eq!(Region::from_table_code("25"), Region::from_code("25"));
        for none in ["2", "0", "11", "001", "", "x"] {
            assert_eq!(Region::from_table_code(none), None, "{none}");
        }
    }

    #[test]
    fn years() {
        assert_eq!(Year::from_number(2024), Some(Year::Y2024));
        assert_eq!(Year::from_number(2023), Some(Year::Y2023));
        assert_eq!(Year::from_number(2025), Some(Year::Y2025));
        assert_eq!(Year::from_number(2021), None);
        assert_eq!(Year::from_number(2027), None);
        for year in Year::ALL {
            assert_eq!(Year::from_number(u64::from(year.number())), Some(year));
        }
    }
}
