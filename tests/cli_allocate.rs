//! Contract §2, `svf allocate`: arguments, formats and exit codes.

use serde_json::Value;

use crate::support::{data, svf, svf_with_input};

const TWO_REGIONS: &str = "code,name,weight\n01,Stockholm,2\n03,Uppsala,1\n";

#[test]
fn json_is_the_default_and_keeps_input_order() {
    let run = svf_with_input(&["allocate", "-", "--total", "1"], TWO_REGIONS.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"total_ore": 100, "unit_ore": 1, "rows": [
            {"code": "01", "name": "Stockholm", "weight": 2, "amount_ore": 67},
            {"code": "03", "name": "Uppsala", "weight": 1, "amount_ore": 33},
        ]})
    );
}

#[test]
fn amounts_with_separators_and_decimals() {
    for (total, ore) in [
        ("1 000", 100_000),
        ("1_000", 100_000),
        ("1\u{a0}000,5", 100_050),
        ("0.01", 1),
        ("7,25", 725),
    ] {
        let run = svf_with_input(&["allocate", "-", "--total", total], TWO_REGIONS.as_bytes());
        assert_eq!(run.code, 0, "{total}: {}", run.stderr);
        let json: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(json["total_ore"], ore, "{total}");
    }
}

#[test]
fn a_total_that_is_not_a_multiple_of_the_unit_is_refused() {
    let run = svf_with_input(
        &["allocate", "-", "--total", "10,50", "--unit", "kr"],
        TWO_REGIONS.as_bytes(),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("--total") && run.stderr.contains("10,50 kr"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_with_2() {
    for args in [
        vec!["allocate"],
        vec!["allocate", "-", "--total", "abc"],
        vec!["allocate", "-", "--total", "1,234"],
        vec!["allocate", "-", "--total", "-5"],
        vec!["allocate", "-", "--total", "1", "--unit", "euro"],
        vec!["allocate", "-", "--total", "1", "--format", "xml"],
        vec!["allocate", "/no/such/table.csv", "--total", "1"],
        vec!["no-such-command"],
    ] {
        let run = svf_with_input(&args, TWO_REGIONS.as_bytes());
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
        assert!(!run.stderr.is_empty());
    }
}

#[test]
fn a_missing_file_is_named() {
    let run = svf(&["allocate", "/no/such/table.csv", "--total", "1"]);
    assert!(run.stderr.contains("/no/such/table.csv"), "{}", run.stderr);
}

#[test]
fn csv_format() {
    let run = svf_with_input(
        &["allocate", "-", "--total", "1", "--format", "csv"],
        TWO_REGIONS.as_bytes(),
    );
    assert_eq!(
        run.stdout,
        "code,name,weight,amount_ore\n01,Stockholm,2,67\n03,Uppsala,1,33\n"
    );
}

#[test]
fn annex_format_shows_ore_only_below_one_krona() {
    let table = "Kod\tRegion\tBefolkningsmängd\n01\tStockholm\t2 000\n03\tUppsala\t1 000\n";
    let run = svf_with_input(
        &["allocate", "-", "--total", "1000", "--format", "annex"],
        table.as_bytes(),
    );
    assert_eq!(
        run.stdout,
        "Kod\tRegion\tBefolkningsmängd\tAndel\tBelopp\n01\tStockholm\t2 000\t66,67%\t666,67\n03\tUppsala\t1 000\t33,33%\t333,33\n\tRiket\t3 000\t100%\t1 000,00\n"
    );
    let run = svf_with_input(
        &[
            "allocate", "-", "--total", "1000", "--unit", "kr", "--format", "annex",
        ],
        table.as_bytes(),
    );
    assert_eq!(
        run.stdout,
        "Kod\tRegion\tBefolkningsmängd\tAndel\tBelopp\n01\tStockholm\t2 000\t66,67%\t667\n03\tUppsala\t1 000\t33,33%\t333\n\tRiket\t3 000\t100%\t1 000\n"
    );
}

#[test]
fn the_shipped_population_table_splits_the_second_payment() {
    let path = data("populations-2024-11.csv");
    let run = svf(&[
        "allocate",
        path.to_str().unwrap(),
        "--total",
        "182500000",
        "--unit",
        "kr",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("\n01,Stockholm,2455914,4245290800\n"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.lines().count(), 22);
}
