//! Contract §1: how tables are read, and how each refusal is worded.

use crate::support::{Run, svf_with_input};

/// `svf allocate -` on `table`, 1 000 kr in whole kronor, CSV out.
fn allocate(table: &str) -> Run {
    svf_with_input(
        &[
            "allocate", "-", "--total", "1000", "--unit", "kr", "--format", "csv",
        ],
        table.as_bytes(),
    )
}

fn amounts(run: &Run) -> Vec<String> {
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    run.stdout.lines().skip(1).map(str::to_owned).collect()
}

/// Refused with exit 1 and a message that contains every one of `parts`.
fn refused(table: &str, parts: &[&str]) {
    let run = allocate(table);
    assert_eq!(
        run.code, 1,
        "table {table:?} should be refused; stdout {}",
        run.stdout
    );
    assert!(
        run.stdout.is_empty(),
        "nothing is printed for a refused table"
    );
    for part in parts {
        assert!(run.stderr.contains(part), "{:?} lacks {part:?}", run.stderr);
    }
}

const EXPECTED: [&str; 2] = ["01,Stockholm,3,75000", "03,Uppsala,1,25000"];

#[test]
fn the_delimiter_is_detected() {
    for table in [
        "code,name,weight\n01,Stockholm,3\n03,Uppsala,1\n",
        "code;name;weight\n01;Stockholm;3\n03;Uppsala;1\n",
        "code\tname\tweight\n01\tStockholm\t3\n03\tUppsala\t1\n",
    ] {
        assert_eq!(amounts(&allocate(table)), EXPECTED, "{table:?}");
    }
}

#[test]
fn swedish_and_english_headers_in_any_case_and_order() {
    for header in [
        "code,name,weight",
        "Kod,Namn,Vikt",
        "KOD,REGION,POPULATION",
        " kod , region , Befolkningsmängd (nov 2024) ",
        "BEFOLKNINGSMÄNGD 31 DEC,Region,Kod",
    ] {
        let reordered = header.starts_with('B');
        let body = if reordered {
            "3,Stockholm,01\n1,Uppsala,03\n"
        } else {
            "01,Stockholm,3\n03,Uppsala,1\n"
        };
        assert_eq!(
            amounts(&allocate(&format!("{header}\n{body}"))),
            EXPECTED,
            "{header}"
        );
    }
}

#[test]
fn other_columns_are_ignored() {
    // (`Befolkning…` names the weight since the 2021 annex's `Befolkning (1 nov 2019)` is one.)
    let table = "Kod,Region,Andel,Kommentar,vikt,Belopp\n01,Stockholm,x,y,3,z\n03,Uppsala,,,1,\n";
    assert_eq!(amounts(&allocate(table)), EXPECTED);
}

#[test]
fn thousands_separators_space_nbsp_and_narrow_nbsp() {
    let table = "code;name;weight\n01;Stockholm;3 000 000\n03;Uppsala;1\u{a0}000\u{202f}000\n;Riket;4 000 000\n";
    assert_eq!(
        amounts(&allocate(table)),
        ["01,Stockholm,3000000,75000", "03,Uppsala,1000000,25000"]
    );
}

#[test]
fn a_total_row_is_checked_and_not_allocated() {
    assert_eq!(
        amounts(&allocate(
            "code,name,weight\n01,Stockholm,3\n03,Uppsala,1\n,Riket,4\n"
        )),
        EXPECTED
    );
    refused(
        "code,name,weight\n01,Stockholm,3\n03,Uppsala,1\n,Riket,5\n",
        &[
            "<stdin>",
            "line 4",
            "column 3",
            "the total row says 5 but the rows sum to 4",
        ],
    );
    refused(
        "code,name,weight\n01,Stockholm,3\n,Riket,3\n,Riket,3\n",
        &["line 4", "second total row", "line 3"],
    );
}

#[test]
fn a_byte_order_mark_crlf_and_blank_lines_are_fine() {
    assert_eq!(
        amounts(&allocate(
            "\u{feff}code,name,weight\r\n01,Stockholm,3\r\n\r\n03,Uppsala,1\r\n"
        )),
        EXPECTED
    );
}

#[test]
fn quoted_names() {
    let run = allocate("code,name,weight\n23,\"Jämtland, Härjedalen\",1\n");
    assert_eq!(amounts(&run), ["23,\"Jämtland, Härjedalen\",1,100000"]);
}

#[test]
fn refusals_name_the_line_the_column_and_the_reason() {
    refused("", &["line 1", "empty"]);
    refused("code,name,weight\n", &["line 1", "no region rows"]);
    refused("code,name\n01,a\n", &["line 1", "no column for the weight"]);
    refused("name,weight\na,1\n", &["no column for the code"]);
    refused("code,weight\n01,1\n", &["no column for the name"]);
    refused(
        "code,name,region,weight\n01,a,b,1\n",
        &[
            "line 1",
            "column 3",
            "second column for the name",
            "column 2",
        ],
    );
    refused(
        "code,name,weight\n01,Stockholm,3\n03,Uppsala,1x\n",
        &["line 3", "column 3", "'x'", "not a digit"],
    );
    refused(
        "code,name,weight\n01,Stockholm,-3\n",
        &["line 2", "column 3", "negative"],
    );
    refused(
        "code,name,weight\n01,Stockholm,3,5\n",
        &["line 2", "4 fields", "header has 3"],
    );
    refused("code,name,weight\n01,Stockholm\n", &["line 2", "2 fields"]);
    refused(
        "code,name,weight\n01,Stockholm,30 00\n",
        &["line 2", "column 3", "groups of three"],
    );
    refused(
        "code,name,weight\n01,Stockholm,4294967296\n",
        &["line 2", "larger than 4294967295"],
    );
    refused(
        "code,name,weight\n01,Stockholm,1.5\n",
        &["line 2", "column 3", "'.'"],
    );
    refused(
        "code,name,weight\n01,Stockholm,\n",
        &["line 2", "column 3", "empty"],
    );
    refused(
        "code,name,weight\n01,,1\n",
        &["line 2", "column 2", "name is empty"],
    );
    refused(
        "code,name,weight\n01,\"Stock,1\n",
        &["line 2", "column 2", "quote"],
    );
    refused(
        "code,name,weight\n01,Stockholm,1\n01,Uppsala,1\n",
        &["line 3", "code 01", "line 2"],
    );
    refused(
        "code,name,weight\n01,Stockholm,0\n03,Uppsala,0\n",
        &["<stdin>", "sum to zero"],
    );
}

#[test]
fn invalid_utf8_is_refused_at_its_place() {
    let run = svf_with_input(
        &["allocate", "-", "--total", "10"],
        b"code,name,weight\n01,Sk\xe5ne,1\n",
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("line 2, column 6: the text is not valid UTF-8"),
        "{}",
        run.stderr
    );
}
