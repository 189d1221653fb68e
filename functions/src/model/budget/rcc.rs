//! Which of the six regional cancer centres (RCC) each region belongs to: the centres in the
//! order of the file, and each region's RCC (Halland's two, by municipality).

use svf_kernel::rcc::Rcc;
use svf_kernel::region::Region;

use super::sheet::{Sheet, SheetError, error};

/// Which RCC a region belongs to.
///
/// Invariant: every position is a valid index of the [`RccMap::centres`] it came with; a
/// split names two or more RCC, each once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Membership {
    /// The whole region: the RCC's position in [`RccMap::centres`].
    Whole(usize),
    /// The region is split between these RCC (positions) by municipality.
    Split(Vec<usize>),
}

/// One region's row of the RCC table.
///
/// Invariant: `line` is the 1-based line of the file it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The line it is on.
    pub line: usize,
    /// The region (`13`, Halland).
    pub region: Region,
    /// Its RCC.
    pub rcc: Membership,
}

/// Which RCC each region belongs to.
///
/// Invariant: at least one region; every region appears once; every centre is one of the six
/// RCC, once; every position in a [`Membership`] is a valid index of the centres. Only
/// [`RccMap::parse`] makes one, so the fields are private.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RccMap {
    centres: Vec<Rcc>,
    members: Vec<Member>,
}

impl RccMap {
    /// Reads the table: columns `region_code` (or `code`, `kod`) and `rcc`, whose value is an
    /// RCC name, or two or more joined by `+` for a region split between them (`Syd+Väst`).
    ///
    /// # Errors
    /// The first [`SheetError`]: a missing column, an empty code or RCC, a code that is not
    /// one of the 21 regions', a region twice, no regions.
    pub fn parse(bytes: &[u8]) -> Result<RccMap, SheetError> {
        let sheet = Sheet::parse(bytes)?;
        let code_col = sheet.required(&["region_code", "code", "kod"], None)?;
        let rcc_col = sheet.required(&["rcc"], None)?;
        let mut map = RccMap {
            centres: Vec::new(),
            members: Vec::new(),
        };
        for record in &sheet.records {
            let line = record.line;
            let code = record.field(code_col);
            if code.is_empty() {
                return Err(error(line, Some(code_col + 1), "the region code is empty"));
            }
            let Some(region) = Region::from_code(code) else {
                return Err(error(
                    line,
                    Some(code_col + 1),
                    format!("the region code {code:?} is not one of the 21 regions' codes"),
                ));
            };
            if let Some(first) = map.member(region) {
                return Err(error(
                    line,
                    Some(code_col + 1),
                    format!("the region {code} is also on line {}", first.line),
                ));
            }
            let mut positions = Vec::new();
            for name in record.field(rcc_col).split('+').map(str::trim) {
                if name.is_empty() {
                    return Err(error(
                        line,
                        Some(rcc_col + 1),
                        format!("the RCC {:?} has an empty name", record.field(rcc_col)),
                    ));
                }
                let Some(centre) = Rcc::of_name(name) else {
                    return Err(error(
                        line,
                        Some(rcc_col + 1),
                        format!("{name:?} is not one of the six RCC"),
                    ));
                };
                let position = if let Some(p) = map.centres.iter().position(|&c| c == centre) {
                    p
                } else {
                    map.centres.push(centre);
                    map.centres.len() - 1
                };
                if positions.contains(&position) {
                    return Err(error(
                        line,
                        Some(rcc_col + 1),
                        format!("the RCC {name} is named twice"),
                    ));
                }
                positions.push(position);
            }
            let rcc = match positions.as_slice() {
                [one] => Membership::Whole(*one),
                _ => Membership::Split(positions),
            };
            map.members.push(Member { line, region, rcc });
        }
        if map.members.is_empty() {
            return Err(error(sheet.header_line, None, "a header but no regions"));
        }
        Ok(map)
    }

    /// The RCC, in the order they first appear in the file.
    pub fn centres(&self) -> &[Rcc] {
        &self.centres
    }

    /// The regions, in the order of the file.
    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// The row of `region`, if the table has it.
    pub fn member(&self, region: Region) -> Option<&Member> {
        self.members.iter().find(|m| m.region == region)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RCC_REGIONS: &[u8] = include_bytes!("../../../../data/rcc-regions.csv");

    #[test]
    fn the_rcc_table_has_six_centres_and_halland_split() {
        let map = RccMap::parse(RCC_REGIONS).unwrap();
        assert_eq!(
            map.centres(),
            [
                Rcc::StockholmGotland,
                Rcc::Mellansverige,
                Rcc::Sydost,
                Rcc::Syd,
                Rcc::Vast,
                Rcc::Norr
            ]
        );
        assert_eq!(map.members.len(), 21);
        let halland = map.member(Region::from_code("13").unwrap()).unwrap();
        assert_eq!(halland.rcc, Membership::Split(vec![3, 4]));
        let e = RccMap::parse(b"region_code,rcc\n01,Norr\n01,Syd\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, Some(1)));
        let e = RccMap::parse(b"region_code,rcc\n01,Syd+\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, Some(2)));
        let e = RccMap::parse(b"region_code,rcc\n01,Syd+Syd\n").unwrap_err();
        assert!(e.reason.contains("twice"), "{e}");
        let e = RccMap::parse(b"region_code,rcc\n02,Syd\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, Some(1)));
        assert!(e.reason.contains("not one of the 21"), "{e}");
        assert!(
            RccMap::parse(b"code,centre\n")
                .unwrap_err()
                .reason
                .contains("\"rcc\"")
        );
    }
}
