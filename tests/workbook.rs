//! The summary's workbooks (`payments.xlsx`, `annex-{payment}.xlsx`) read back by openpyxl, as a
//! spreadsheet program reads them, cell for cell against `payments.json`: numbers as numbers,
//! kronor formatted as kronor, Swedish headers, totals that are the payments'.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{svf, tempdir, tool};

/// The workbook's cells as openpyxl reads them (`tests/workbook_cells.py`); `None` where
/// Python has no openpyxl (the test is passed over, unless `SVF_REQUIRE_TOOLS`).
fn cells(path: &Path) -> Option<Value> {
    let python = tool(
        Path::new("python3"),
        "the workbook test reads .xlsx with openpyxl",
    )?;
    let has = Command::new(&python)
        .args(["-c", "import openpyxl"])
        .status()
        .is_ok_and(|s| s.success());
    if !has {
        assert!(
            std::env::var_os("SVF_REQUIRE_TOOLS").is_none(),
            "openpyxl is not installed (bash scripts/setup.sh installs it)"
        );
        eprintln!("skipped: openpyxl is not installed");
        return None;
    }
    let out = Command::new(python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workbook_cells.py"))
        .arg(path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("JSON"))
}

/// A number cell's value, as a whole number of kronor or people.
fn whole(cell: &Value) -> i64 {
    assert_eq!(cell["type"], "n", "a number, not text: {cell}");
    // openpyxl gives a whole number as an int: one with a fraction would not be one.
    cell["value"]
        .as_i64()
        .unwrap_or_else(|| panic!("a whole number: {cell}"))
}

/// The first row's texts: the column headings.
fn headings(rows: &[Value]) -> Vec<&str> {
    rows[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect()
}

/// What `payment` pays in all: its regions' amounts summed (`total_ore` less `withheld_ore`).
fn paid(regions: &[Value], payment: &Value) -> i64 {
    let id = payment["id"].as_str().unwrap();
    regions
        .iter()
        .map(|r| r["amounts_ore"][id].as_i64().unwrap())
        .sum()
}

#[test]
fn the_summarys_workbooks_are_its_tables_cell_for_cell() {
    let dir = tempdir("workbook");
    let run = svf(&["demo", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary = dir.join("summary/2024");
    let Some(book) = cells(&summary.join("payments.xlsx")) else {
        return;
    };
    let json: Value =
        serde_json::from_slice(&std::fs::read(summary.join("payments.json")).unwrap()).unwrap();
    let payments = json["payments"].as_array().unwrap();
    let rows = book["rows"].as_array().unwrap();
    assert_eq!(book["sheets"], serde_json::json!(["Utbetalningar"]));

    // The header in Swedish and bold, then one row per region and Riket.
    let header = headings(rows);
    assert_eq!(&header[..2], ["Kod", "Region"]);
    assert!(header[2].starts_with("Befolkning"), "{header:?}");
    assert_eq!(header[3], "Andel");
    assert_eq!(&header[4..], ["Utbetalning 1", "Utbetalning 2"]);
    assert!(
        rows[0]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["bold"] == true)
    );
    let regions = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1 + regions.len() + 1);
    for (row, region) in rows[1..].iter().zip(regions) {
        let cells = row.as_array().unwrap();
        assert_eq!(cells[0]["value"], region["code"]);
        assert_eq!(cells[0]["type"], "s", "a code is text: 01 keeps its zero");
        assert_eq!(cells[1]["value"], region["name"]);
        assert_eq!(whole(&cells[2]), region["population"].as_i64().unwrap());
        assert_eq!(cells[2]["format"], "#,##0");
        assert_eq!(cells[3]["format"], "0.00%");
        for (cell, payment) in cells[4..].iter().zip(payments) {
            let id = payment["id"].as_str().unwrap();
            assert_eq!(
                whole(cell) * 100,
                region["amounts_ore"][id].as_i64().unwrap(),
                "{} {id}",
                region["code"]
            );
            assert!(cell["format"].as_str().unwrap().contains("kr"), "{cell}");
        }
    }
    let riket = rows.last().unwrap().as_array().unwrap();
    assert_eq!(riket[1]["value"], "Riket");
    assert!(riket[1]["bold"].as_bool().unwrap());
    for (cell, payment) in riket[4..].iter().zip(payments) {
        assert_eq!(whole(cell) * 100, paid(regions, payment), "{payment}");
    }

    // Each payment's annex: the regions paid, their amounts, Riket the payment's total.
    for payment in payments {
        let id = payment["id"].as_str().unwrap();
        let Some(annex) = cells(&summary.join(format!("annex-{id}.xlsx"))) else {
            return;
        };
        let rows = annex["rows"].as_array().unwrap();
        let header = headings(rows);
        assert_eq!(header[4], "Belopp");
        let paid_regions: Vec<&Value> = regions
            .iter()
            .filter(|r| r["eligible"][id] == true)
            .collect();
        assert_eq!(rows.len(), 1 + paid_regions.len() + 1, "{id}");
        for (row, region) in rows[1..].iter().zip(&paid_regions) {
            let cells = row.as_array().unwrap();
            assert_eq!(cells[0]["value"], region["code"]);
            assert_eq!(
                whole(&cells[4]) * 100,
                region["amounts_ore"][id].as_i64().unwrap()
            );
        }
        let riket = rows.last().unwrap().as_array().unwrap();
        assert_eq!(whole(&riket[4]) * 100, paid(regions, payment));
    }
}
