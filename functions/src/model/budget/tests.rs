//! The budget over the built-in 2024 data: what `svf budget 2024` computes.

use svf_kernel::region::Year;

use super::*;
use crate::model::budget::halland::{known_municipalities, parse_halland};

const AGREEMENT_2024: &[u8] = include_bytes!("../../../../data/agreement-2024-allocation.tsv");
const POPULATIONS_2024: &[u8] = include_bytes!("../../../../demo/populations-2024.csv");
const RCC_REGIONS: &[u8] = include_bytes!("../../../../data/rcc-regions.csv");
const HALLAND_MUNICIPALITIES: &[u8] = include_bytes!("../../../../data/halland-municipalities.csv");
const HALLAND_2023: &[u8] = include_bytes!("../../../../tests/data/halland-2023-12.csv");
const POPULATIONS_FOR_HALLAND: &[u8] =
    include_bytes!("../../../../tests/data/populations-2024-11-with-halland-2023-12.csv");

fn inputs<'a>(
    populations: &[u8],
    halland: Option<&[u8]>,
    eligibility: Option<Eligibility>,
) -> Result<Inputs<'a>, BudgetError> {
    let table = Table::parse_bytes(populations).unwrap();
    let rcc = RccMap::parse(RCC_REGIONS).unwrap();
    let populations = Populations::check("p.csv", &table, &rcc, "rcc.csv")?;
    let halland = halland.map(|bytes| {
        let known = known_municipalities(HALLAND_MUNICIPALITIES).unwrap();
        HallandTable {
            file: "h.csv".into(),
            known_file: "k.csv".into(),
            municipalities: parse_halland(bytes, &known).unwrap(),
        }
    });
    Ok(Inputs {
        year: 2024,
        agreement: Agreement::parse(AGREEMENT_2024).unwrap(),
        agreement_file: "a.tsv",
        populations,
        rcc,
        rcc_file: "rcc.csv",
        halland,
        eligibility,
    })
}

#[test]
fn halland_is_the_region_whose_municipalities_are_given() {
    assert_eq!(HALLAND.code(), "13");
}

#[test]
fn shares_round_half_up_exactly() {
    for (weight, sum, shown) in [
        (2_455_914, 10_557_682, "23,26 %"),
        (1, 6, "16,67 %"),
        (1, 8, "12,50 %"),
        (1, 80_000, "0,00 %"),
        (1, 40_000, "0,00 %"),
        (1, 20_000, "0,01 %"),
        (5, 5, "100,00 %"),
        (0, 0, "0,00 %"),
    ] {
        assert_eq!(share(weight, sum).to_string(), shown, "{weight}/{sum}");
    }
}

#[test]
fn the_built_in_2024_budget_splits_everything_but_the_rcc_population_items() {
    let budget = Budget::compute(inputs(POPULATIONS_2024, None, None).unwrap()).unwrap();
    let unsplit: Vec<&str> = budget
        .items()
        .filter(|(_, a)| matches!(a, Allotment::Unsplit))
        .map(|(i, _)| i.name.as_str())
        .collect();
    assert_eq!(
        unsplit,
        [
            "Särskild satsning på patologin",
            "Särskild satsning på radiologin",
            "Särskild satsning på rehabilitering, inklusive seneffekter och aktiva överlämningar"
        ]
    );
    assert_eq!(budget.total(), Ok(Ore::from_kronor(809_000_000).unwrap()));
    let e = budget.complete().unwrap_err();
    assert!(
        matches!(&e, BudgetError::Unsplit { items, amount, .. }
            if items.len() == 3 && *amount == Ore::from_kronor(220_000_000).unwrap()),
        "{e:?}"
    );
}

#[test]
fn with_halland_every_item_is_split() {
    let budget =
        Budget::compute(inputs(POPULATIONS_FOR_HALLAND, Some(HALLAND_2023), None).unwrap())
            .unwrap();
    assert_eq!(budget.complete(), Ok(()));
    let split = budget.halland().unwrap();
    assert_eq!(split.parts.len(), 2);
    assert_eq!(
        (split.parts[0].rcc.as_str(), split.parts[0].population),
        ("Syd", 142_660)
    );
}

#[test]
fn a_halland_table_of_another_date_is_refused() {
    let e =
        Budget::compute(inputs(POPULATIONS_2024, Some(HALLAND_2023), None).unwrap()).unwrap_err();
    assert!(matches!(e, BudgetError::HallandSum { .. }), "{e:?}");
    assert!(
        e.to_string()
            .starts_with("h.csv: Halland's municipalities sum to 343 746")
    );
}

#[test]
fn the_conditional_item_goes_to_the_eligible_only() {
    // Nobody assessed: the second payment goes to nobody, so it cannot be split.
    let none = Eligibility::of(
        Year::Y2024,
        &std::collections::BTreeMap::new(),
        &std::collections::BTreeMap::new(),
    );
    let e = Budget::compute(inputs(POPULATIONS_2024, None, Some(none)).unwrap()).unwrap_err();
    assert!(
        matches!(
            &e,
            BudgetError::Split {
                line: 4,
                reason: SplitError::Allocation(_),
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn eligibility_of_another_year_is_refused() {
    let other = Eligibility::of(
        Year::Y2026,
        &std::collections::BTreeMap::new(),
        &std::collections::BTreeMap::new(),
    );
    let e = Budget::compute(inputs(POPULATIONS_2024, None, Some(other)).unwrap()).unwrap_err();
    assert_eq!(
        e,
        BudgetError::EligibilityYear {
            year: 2024,
            assessed: Year::Y2026
        }
    );
}

#[test]
fn a_population_table_without_every_region_is_refused() {
    let text = std::str::from_utf8(POPULATIONS_2024).unwrap();
    let gotland = text.lines().find(|l| l.starts_with("09")).unwrap();
    let without = text.replace(&format!("{gotland}\n"), "");
    let e = inputs(without.as_bytes(), None, None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "p.csv: the region 09 Gotland (rcc.csv line 3) is missing; every region is needed"
    );
}

#[test]
fn a_population_of_zero_or_a_region_twice_is_refused_at_its_line_and_column() {
    let text = std::str::from_utf8(POPULATIONS_2024).unwrap();
    let gotland = text.lines().find(|l| l.starts_with("09")).unwrap();
    let line = text.lines().position(|l| l == gotland).unwrap() + 1;
    let (code, rest) = gotland.split_once(',').unwrap();
    let (name, _) = rest.split_once(',').unwrap();
    let zero = text.replace(gotland, &format!("{code},{name},0"));
    let e = inputs(zero.as_bytes(), None, None).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "p.csv: line {line}, column 3: region 09 Gotland has a population of 0; a \
             population table gives every region its population, and 0 would pay it nothing"
        )
    );
    let twice = text.replace(gotland, &format!("{gotland}\n{gotland}"));
    let e = inputs(twice.as_bytes(), None, None).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "p.csv: line {}, column 1: region 09 Gotland is listed twice; the first is on line \
             {line}",
            line + 1
        )
    );
}
