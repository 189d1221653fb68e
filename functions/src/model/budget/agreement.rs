//! An agreement's allocation of its money (*bilaga 1*): the items, what each amounts to, who is
//! paid and how it is split, and the stated total, which must equal the sum of the items.

use svf_kernel::Ore;
use svf_kernel::number::parse_whole;
use svf_kernel::rcc::Area;

use super::sheet::{Sheet, SheetError, error};

/// Who an item is paid to (bilaga 1's three headings).
///
/// Invariant: one of the three words a file may give (`regions`, `RCC`, `SKR`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaidTo {
    /// `regions`: paid directly to the 21 regions.
    Regions,
    /// `RCC`: paid to the regional cancer centres via SKR.
    Rcc,
    /// `SKR`: paid to SKR for RCC i samverkan.
    Skr,
}

/// How an item is split among those it is paid to (not to be confused with
/// [`svf_kernel::payments::Split`], how a payment came out).
///
/// Invariant: one of the four words a file may give ([`SplitBy::word`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SplitBy {
    /// `population`: in proportion to the population.
    Population,
    /// `conditional+population`: by population among the regions that meet the year's
    /// conditions.
    ConditionalPopulation,
    /// `equal`: in equal parts.
    Equal,
    /// `none`: the agreement does not split it; one recipient, the whole amount.
    Whole,
}

impl SplitBy {
    /// The word in the file.
    pub fn word(self) -> &'static str {
        match self {
            SplitBy::Population => "population",
            SplitBy::ConditionalPopulation => "conditional+population",
            SplitBy::Equal => "equal",
            SplitBy::Whole => "none",
        }
    }
}

impl PaidTo {
    /// The word in the file.
    pub fn word(self) -> &'static str {
        match self {
            PaidTo::Regions => "regions",
            PaidTo::Rcc => "RCC",
            PaidTo::Skr => "SKR",
        }
    }
}

/// One item of the allocation.
///
/// Invariant (as [`Agreement::parse`] makes it): the name is not empty; the amount is whole
/// kronor and not negative; the split can apply to the recipient (SKR's items are `none`, the
/// regions' never are, only the regions' can be conditional).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The line it is on.
    pub line: usize,
    /// What it is for, as the agreement names it.
    pub name: String,
    /// How much.
    pub amount: Ore,
    /// Who is paid.
    pub paid_to: PaidTo,
    /// How it is split.
    pub split: SplitBy,
    /// The special investment it funds (`patologi`), for an item the RCC pass on to projects
    /// (the optional `area` column): what the lägesbild compares the RCC's grants with.
    pub area: Option<Area>,
}

/// An agreement's allocation of its money.
///
/// Invariant: at least one item; the items sum exactly to `total`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agreement {
    /// The items in the order of the file.
    pub items: Vec<Item>,
    /// The total the file states.
    pub total: Ore,
    /// The line of the total row.
    pub total_line: usize,
}

impl Agreement {
    /// Reads an allocation: a header with the columns `item`, `msek`, `recipient` and `split`
    /// (other columns are ignored), one row per item with its amount in millions of kronor
    /// (`182,5`), and a last row with a name and an amount but no recipient or split: the total.
    ///
    /// # Errors
    /// The first [`SheetError`]: a missing column, an amount that is not a number of MSEK
    /// (at most six decimals, so that it is whole öre), an unknown recipient or split, a split
    /// that cannot apply to the recipient, an item named twice, no total row, or a total that
    /// is not the sum of the items.
    pub fn parse(bytes: &[u8]) -> Result<Agreement, SheetError> {
        let sheet = Sheet::parse(bytes)?;
        let name_col = sheet.required(&["item", "post"], None)?;
        let msek_col = sheet.required(&["msek"], None)?;
        let to_col = sheet.required(&["recipient", "mottagare"], None)?;
        let split_col = sheet.required(&["split", "fördelning"], None)?;
        let area_col = sheet.column(&["area", "område"], None)?;
        let mut items: Vec<Item> = Vec::new();
        let mut total: Option<(usize, Ore)> = None;
        for record in &sheet.records {
            let line = record.line;
            if let Some((total_line, _)) = total {
                return Err(error(
                    line,
                    None,
                    format!("a row after the total row (line {total_line}); the total comes last"),
                ));
            }
            let name = record.field(name_col);
            if name.is_empty() {
                return Err(error(line, Some(name_col + 1), "the item has no name"));
            }
            let amount = parse_msek(record.field(msek_col))
                .map_err(|reason| error(line, Some(msek_col + 1), reason))?;
            let (to, split) = (record.field(to_col), record.field(split_col));
            if to.is_empty() && split.is_empty() {
                total = Some((line, amount));
                continue;
            }
            let paid_to = parse_paid_to(to).ok_or_else(|| {
                error(
                    line,
                    Some(to_col + 1),
                    format!("the recipient {to:?} is none of regions, RCC, SKR"),
                )
            })?;
            let split = parse_split(split).ok_or_else(|| {
                error(
                    line,
                    Some(split_col + 1),
                    format!(
                        "the split {split:?} is none of population, conditional+population, equal, none"
                    ),
                )
            })?;
            check_split(paid_to, split).map_err(|r| error(line, Some(split_col + 1), r))?;
            if let Some(first) = items.iter().find(|item| item.name == name) {
                return Err(error(
                    line,
                    Some(name_col + 1),
                    format!("the item {name:?} is also on line {}", first.line),
                ));
            }
            let area = item_area(
                area_col.map(|c| (c, record.field(c))),
                paid_to,
                &items,
                line,
            )?;
            items.push(Item {
                line,
                name: name.to_owned(),
                amount,
                paid_to,
                split,
                area,
            });
        }
        let Some((total_line, total)) = total else {
            return Err(error(
                sheet.last_line,
                None,
                "the file has no total row (a name and an amount, no recipient or split), so \
                 the sum of the items cannot be checked",
            ));
        };
        if items.is_empty() {
            return Err(error(
                total_line,
                None,
                "there are no items before the total",
            ));
        }
        check_total(&items, total, total_line, msek_col)?;
        Ok(Agreement {
            items,
            total,
            total_line,
        })
    }
}

/// That the items sum to the total row's amount.
fn check_total(
    items: &[Item],
    total: Ore,
    total_line: usize,
    msek_col: usize,
) -> Result<(), SheetError> {
    let sum = items
        .iter()
        .try_fold(Ore::ZERO, |sum, item| sum.checked_add(item.amount))
        .ok_or_else(|| {
            error(
                total_line,
                Some(msek_col + 1),
                "the items' sum is too large",
            )
        })?;
    if sum != total {
        return Err(error(
            total_line,
            Some(msek_col + 1),
            format!("the total is {total}, but the items sum to {sum}"),
        ));
    }
    Ok(())
}

/// The special investment an item funds (the optional `area` column): one of the areas, on an
/// item paid to the RCC, each area funded once.
fn item_area(
    field: Option<(usize, &str)>,
    paid_to: PaidTo,
    items: &[Item],
    line: usize,
) -> Result<Option<Area>, SheetError> {
    let (column, word) = match field {
        None | Some((_, "")) => return Ok(None),
        Some(field) => field,
    };
    let area = Area::parse(word).ok_or_else(|| {
        error(
            line,
            Some(column + 1),
            format!(
                "the area {word:?} is none of patologi, radiologi, rehabilitering, \
                 bild_och_funktionsmedicin, primarvard"
            ),
        )
    })?;
    if paid_to != PaidTo::Rcc {
        return Err(error(
            line,
            Some(column + 1),
            "only an item paid to the RCC funds a special investment",
        ));
    }
    if let Some(first) = items.iter().find(|item| item.area == Some(area)) {
        return Err(error(
            line,
            Some(column + 1),
            format!("the area {word} is also funded on line {}", first.line),
        ));
    }
    Ok(Some(area))
}

fn parse_paid_to(text: &str) -> Option<PaidTo> {
    match text.to_lowercase().as_str() {
        "regions" | "regioner" | "regionerna" => Some(PaidTo::Regions),
        "rcc" => Some(PaidTo::Rcc),
        "skr" => Some(PaidTo::Skr),
        _ => None,
    }
}

fn parse_split(text: &str) -> Option<SplitBy> {
    match text.to_lowercase().as_str() {
        "population" => Some(SplitBy::Population),
        "conditional+population" => Some(SplitBy::ConditionalPopulation),
        "equal" => Some(SplitBy::Equal),
        "none" => Some(SplitBy::Whole),
        _ => None,
    }
}

/// Whether the split can apply to the recipient.
fn check_split(paid_to: PaidTo, split: SplitBy) -> Result<(), String> {
    match (paid_to, split) {
        (PaidTo::Regions, SplitBy::Whole) => Err(
            "an item paid to the regions must say how it is split among them \
             (population, conditional+population or equal)"
                .to_owned(),
        ),
        (PaidTo::Rcc, SplitBy::ConditionalPopulation) => Err(
            "conditional+population is for the regions' payments; the RCC have no such conditions"
                .to_owned(),
        ),
        (PaidTo::Skr, split) if split != SplitBy::Whole => Err(format!(
            "SKR is one recipient: its items are not split ({} given, none expected)",
            split.word()
        )),
        _ => Ok(()),
    }
}

/// Millions of kronor, `182,5` or `1 000`, as öre: exact, at most six decimals.
fn parse_msek(text: &str) -> Result<Ore, String> {
    let (whole, decimals) = match text.find([',', '.']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let whole = parse_whole(whole, false).map_err(|e| format!("the amount {text:?} {e}"))?;
    let mut kronor = u128::from(whole) * 1_000_000;
    if let Some(decimals) = decimals {
        if decimals.is_empty()
            || decimals.len() > 6
            || !decimals.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(format!(
                "the amount {text:?} needs one to six decimals (MSEK to the krona)"
            ));
        }
        let digits = decimals
            .bytes()
            .fold(0u128, |v, b| v * 10 + u128::from(b - b'0'));
        // Six decimals of a million are whole kronor; fewer are scaled up.
        let scale = 10u128.pow(6 - u32::try_from(decimals.len()).unwrap_or(6));
        kronor += digits * scale;
    }
    kronor
        .checked_mul(100)
        .and_then(|ore| i64::try_from(ore).ok())
        .map(Ore)
        .ok_or_else(|| format!("the amount {text:?} is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const AGREEMENT_2024: &[u8] = include_bytes!("../../../../data/agreement-2024-allocation.tsv");

    fn agreement(text: &str) -> Result<Agreement, SheetError> {
        Agreement::parse(text.as_bytes())
    }

    #[test]
    fn the_2024_allocation_is_809_msek_in_15_items() {
        let agreement = Agreement::parse(AGREEMENT_2024).unwrap();
        assert_eq!(agreement.items.len(), 15);
        assert_eq!(agreement.total, Ore::from_kronor(809_000_000).unwrap());
        assert_eq!(agreement.total_line, 18);
        let first = &agreement.items[0];
        assert_eq!(first.line, 3);
        assert_eq!(first.amount, Ore::from_kronor(182_500_000).unwrap());
        assert_eq!(
            (first.paid_to, first.split),
            (PaidTo::Regions, SplitBy::Population)
        );
        // The agreement's section 6: 365 MSEK to the regions, 405 to the RCC, 39 to SKR.
        for (to, msek) in [
            (PaidTo::Regions, 365),
            (PaidTo::Rcc, 405),
            (PaidTo::Skr, 39),
        ] {
            let sum: i64 = agreement
                .items
                .iter()
                .filter(|i| i.paid_to == to)
                .map(|i| i.amount.0)
                .sum();
            assert_eq!(sum, msek * 100_000_000, "{to:?}");
        }
    }

    #[test]
    fn msek_amounts_are_exact() {
        assert_eq!(parse_msek("182,5"), Ok(Ore(18_250_000_000)));
        assert_eq!(parse_msek("0.000001"), Ok(Ore(100)));
        assert_eq!(parse_msek("1 000"), Ok(Ore(100_000_000_000)));
        assert!(
            parse_msek("0,0000001")
                .unwrap_err()
                .contains("six decimals")
        );
        assert!(parse_msek("1,").unwrap_err().contains("decimals"));
        assert!(parse_msek("").unwrap_err().contains("is empty"));
        assert!(parse_msek("12 34").unwrap_err().contains("groups of three"));
        assert!(parse_msek("-5").unwrap_err().contains("negative"));
        assert!(
            parse_msek("99999999999999")
                .unwrap_err()
                .contains("too large")
        );
    }

    #[test]
    fn broken_allocations_are_refused_at_their_place() {
        let header = "item\tmsek\trecipient\tsplit\n";
        for (body, line, column, reason) in [
            (
                "A\t1\tRCC\tequal\nTotalt\t2\t\t\n",
                3,
                Some(2),
                "the items sum to 1 000 000 kr",
            ),
            ("A\t1\tRCC\tequal\n", 2, None, "no total row"),
            (
                "A\tett\tRCC\tequal\nTotalt\t1\t\t\n",
                2,
                Some(2),
                "not a digit",
            ),
            (
                "A\t1\tkommuner\tequal\nT\t1\t\t\n",
                2,
                Some(3),
                "none of regions, RCC, SKR",
            ),
            (
                "A\t1\tRCC\tlottery\nT\t1\t\t\n",
                2,
                Some(4),
                "none of population",
            ),
            (
                "A\t1\tSKR\tequal\nT\t1\t\t\n",
                2,
                Some(4),
                "SKR is one recipient",
            ),
            (
                "A\t1\tregions\tnone\nT\t1\t\t\n",
                2,
                Some(4),
                "must say how it is split",
            ),
            (
                "A\t1\tRCC\tconditional+population\nT\t1\t\t\n",
                2,
                Some(4),
                "no such conditions",
            ),
            (
                "A\t1\tRCC\tequal\nA\t1\tRCC\tequal\nT\t2\t\t\n",
                3,
                Some(1),
                "also on line 2",
            ),
            ("\t1\tRCC\tequal\nT\t1\t\t\n", 2, Some(1), "no name"),
            (
                "A\t1\tRCC\nT\t1\t\t\n",
                2,
                None,
                "3 fields, but the header (line 1) has 4",
            ),
            (
                "T\t1\t\t\nA\t1\tRCC\tequal\n",
                3,
                None,
                "after the total row (line 2)",
            ),
            ("T\t0\t\t\n", 2, None, "no items"),
        ] {
            let e = agreement(&format!("{header}{body}")).unwrap_err();
            assert_eq!((e.line, e.column), (line, column), "{body:?}: {e}");
            assert!(e.reason.contains(reason), "{body:?}: {e}");
        }
        let e = agreement("item\tamount\trecipient\tsplit\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.reason.contains("\"msek\""), "{e}");
        let e =
            Agreement::parse(b"item\tmsek\trecipient\tsplit\nA\x80\t1\tRCC\tequal\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.reason.contains("character 2 is not UTF-8"), "{e}");
        assert_eq!(agreement("").unwrap_err().line, 1);
    }

    #[test]
    fn quoted_fields_and_other_delimiters() {
        let a = agreement(
            "item;msek;recipient;split\n\"Rehabilitering; vuxna\";2;RCC;equal\nTotalt;2;;\n",
        )
        .unwrap();
        assert_eq!(a.items[0].name, "Rehabilitering; vuxna");
        let e = agreement("item,msek,recipient,split\n\"Open,2,RCC,equal\nT,2,,\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, Some(1)));
    }
}
