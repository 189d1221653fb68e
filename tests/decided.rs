//! Decided payments (contract §9), as a user runs them on a folder bucket: the government's
//! decision recorded with the published annex checked krona for krona, its amounts never moved
//! by what comes after, the change shown with its cause, and `svf verify` computing the record
//! again from the basis it carries.

use std::path::Path;

use serde_json::Value;

use crate::support::{ANNEX_2024, IN_TIME, Run, data, report, set_time, svf, tempdir, write};

/// A 2024 bucket in which every region reported in time: the second payment as published.
/// `Norrbotten` reports `in_svf` of 1000 new cases (800: eligible).
fn bucket(name: &str, norrbotten: u32) -> svf_testing::TempDir {
    let dir = tempdir(name);
    // The published annex is itself a population table: the summary's annex is then the
    // published one byte for byte.
    write(
        &dir.join("config/2024/populations.csv"),
        ANNEX_2024.as_bytes(),
    );
    for code in svf_kernel::region::CODES {
        let path = dir.join(format!("reports/2024/{code}/r.json"));
        let in_svf = if code == "25" { norrbotten } else { 800 };
        write(&path, &report(code, in_svf));
        set_time(&path, IN_TIME);
    }
    dir
}

fn process(dir: &Path) -> Run {
    svf(&["process", dir.to_str().unwrap()])
}

fn json(dir: &Path, key: &str) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join(key)).unwrap()).unwrap()
}

fn row(dir: &Path, code: &str) -> Value {
    json(dir, "summary/2024/payments.json")["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code)
        .unwrap()
        .clone()
}

/// `svf record` of the 2024 second payment (S2024/02172) into the bucket, with `annex`.
fn record(dir: &Path, annex: &Path) -> Run {
    svf(&[
        "record",
        "--year",
        "2024",
        "--payment",
        "second",
        "--case",
        "S2024/02172",
        "--decided-on",
        "2024-12-18",
        "--annex",
        annex.to_str().unwrap(),
        "--bucket",
        dir.to_str().unwrap(),
    ])
}

fn verify(path: &Path) -> Run {
    svf(&["verify", path.to_str().unwrap()])
}

/// The issue's case: the decided second payment of 2024, then an incomplete copy of
/// Norrbotten's report dropped in two years later. Norrbotten keeps the 4 298 214 kr decided;
/// the page and `payments.json` show what today's computation would pay and why.
#[test]
fn a_decided_payment_never_moves_and_the_change_after_it_is_shown() {
    let dir = bucket("decided", 800);
    let run = record(&dir, &data("annex-2024-second-payment.tsv"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = process(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let record_path = dir.join("records/2024/second.json");
    let recorded = std::fs::read(&record_path).unwrap();
    let record: Value = serde_json::from_slice(&recorded).unwrap();
    assert_eq!(record["schema"], "svf-record/1");
    assert_eq!(record["case"], "S2024/02172");
    assert_eq!(record["amounts_ore"]["25"], 429_821_400);
    let basis: Vec<&str> = record["basis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["key"].as_str().unwrap())
        .collect();
    assert!(basis.contains(&"config/2024/populations.csv"));
    assert!(basis.contains(&"assessments/2024/25.json"));
    assert_eq!(basis.len(), 22, "{basis:?}");
    let run = verify(&record_path);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("182 500 000 kr to 21 regions"),
        "{}",
        run.stdout
    );
    let annex = std::fs::read_to_string(dir.join("summary/2024/annex-second.tsv")).unwrap();
    assert_eq!(annex, ANNEX_2024);
    let summary = json(&dir, "summary/2024/payments.json");
    assert_eq!(
        summary["payments"][1]["recorded"],
        serde_json::json!({"case": "S2024/02172", "decided_on": "2024-12-18",
            "key": "records/2024/second.json"})
    );
    assert!(row(&dir, "25").get("after_decision").is_none());

    // Two years later, an incomplete copy (inclusion far below the goal), received now.
    write(
        &dir.join("reports/2024/25/komplettering.json"),
        &report("25", 10),
    );
    let run = process(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let norrbotten = row(&dir, "25");
    assert_eq!(
        norrbotten["amounts_ore"]["second"], 429_821_400,
        "decided money stays"
    );
    assert_eq!(norrbotten["eligible"]["second"], true);
    assert_eq!(
        norrbotten["after_decision"]["second"],
        serde_json::json!({"current_ore": 0, "difference_ore": -429_821_400,
            "because": ["reports/2024/25/komplettering.json"]})
    );
    let stockholm = row(&dir, "01");
    assert_eq!(stockholm["amounts_ore"]["second"], 4_245_290_800_i64);
    assert!(
        stockholm["after_decision"]["second"]["difference_ore"]
            .as_i64()
            .unwrap()
            > 0
    );
    // What is published for the payment is the record's, byte for byte.
    assert_eq!(
        std::fs::read_to_string(dir.join("summary/2024/annex-second.tsv")).unwrap(),
        ANNEX_2024
    );
    assert_eq!(
        std::fs::read(&record_path).unwrap(),
        recorded,
        "the record never changes"
    );
    let page = std::fs::read_to_string(dir.join("summary/2024/index.html")).unwrap();
    assert!(page.contains("<h3>Ändringar efter beslutet</h3>"));
    assert!(page.contains("S2024/02172"));
    assert!(page.contains("<code>reports/2024/25/komplettering.json</code>"));
    // The region was assessed and told all the same, and told the payment stands.
    assert_eq!(json(&dir, "assessments/2024/25.json")["complete"], true);
    let notes: Vec<Value> = std::fs::read_dir(dir.join("notifications/2024/25"))
        .unwrap()
        .map(|e| serde_json::from_slice(&std::fs::read(e.unwrap().path()).unwrap()).unwrap())
        .filter(|n: &Value| n["upload"]["key"] == "reports/2024/25/komplettering.json")
        .collect();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0]["text_sv"].as_str().unwrap().contains(
            "Observera: Utbetalning 2 är beslutad (S2024/02172, 2024-12-18). Den här \
             redovisningen ändrar inte den utbetalningen; beslutet står fast."
        ),
        "{}",
        notes[0]["text_sv"]
    );
    assert_eq!(notes[0]["decided"][0]["record"], "records/2024/second.json");
    assert_eq!(verify(&record_path).code, 0);
}

/// An annex that is not svf's computation (two regions off by a krona each, the sum kept) is
/// refused region by region, and nothing is recorded.
#[test]
fn an_annex_that_is_not_svfs_computation_records_nothing() {
    let dir = bucket("annex-differs", 800);
    // A summary stands before the decision comes.
    assert_eq!(process(&dir).code, 0);
    let wrong = ANNEX_2024
        .replace("42 452 908", "42 452 909")
        .replace("4 298 214", "4 298 213");
    let path = dir.join("annex.tsv");
    std::fs::write(&path, wrong).unwrap();
    assert_eq!(record(&dir, &path).code, 0);
    let run = process(&dir);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "decisions/2024/payments/second.json: its annex is not svf's computation of the \
             payment, so nothing is recorded: region 01: the annex says 42452909 kr, svf \
             computes 42 452 908 kr; region 25: the annex says 4298213 kr"
        ),
        "{}",
        run.stderr
    );
    assert!(!dir.join("records").exists());
    // The standing summary is kept, marked out of date with the reason.
    let summary = json(&dir, "summary/2024/payments.json");
    assert_eq!(summary["status"], "out_of_date");
    assert!(
        summary["out_of_date_because"]
            .as_str()
            .unwrap()
            .contains("region 01: the annex says 42452909 kr")
    );
}

/// The government may decide over fewer than 21 regions: under `withhold`, Norrbotten not
/// eligible, the annex lists the other twenty and is recorded as it is.
#[test]
fn an_annex_over_fewer_regions_is_recorded() {
    let dir = bucket("fewer", 100);
    write(
        &dir.join("config/2024/rules.json"),
        br#"{"schema": "svf-rules/1", "policy": "withhold"}"#,
    );
    let twenty: String = ANNEX_2024
        .lines()
        .filter(|line| !line.starts_with("25\t"))
        .map(|line| {
            if line.starts_with("\tRiket") {
                // Without Norrbotten's 248 653 people and 4 298 214 kr.
                "\tRiket\t10 309 029\t100%\t178 201 786".to_owned()
            } else {
                line.to_owned()
            }
        })
        .map(|line| line + "\n")
        .collect();
    let path = dir.join("annex.tsv");
    std::fs::write(&path, twenty).unwrap();
    assert_eq!(record(&dir, &path).code, 0);
    let run = process(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let record_path = dir.join("records/2024/second.json");
    let record: Value = serde_json::from_slice(&std::fs::read(&record_path).unwrap()).unwrap();
    assert_eq!(record["amounts_ore"]["25"], 0);
    assert_eq!(record["policy"], "withhold");
    assert_eq!(
        json(&dir, "summary/2024/payments.json")["withheld_ore"]["second"],
        429_821_400
    );
    let run = verify(&record_path);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("to 20 regions"), "{}", run.stdout);
}

/// A second decision of a payment already recorded, with another case, is refused and changes
/// nothing; the same decision written again in other whitespace is the same decision.
#[test]
fn a_second_decision_of_a_recorded_payment_changes_nothing() {
    let dir = bucket("second-decision", 800);
    assert_eq!(record(&dir, &data("annex-2024-second-payment.tsv")).code, 0);
    assert_eq!(process(&dir).code, 0);
    let record_path = dir.join("records/2024/second.json");
    let recorded = std::fs::read(&record_path).unwrap();
    let decision_path = dir.join("decisions/2024/payments/second.json");
    let decision = std::fs::read_to_string(&decision_path).unwrap();
    // Pretty-printed: the same decision.
    let same: Value = serde_json::from_str(&decision).unwrap();
    write(
        &decision_path,
        serde_json::to_string_pretty(&same).unwrap().as_bytes(),
    );
    let run = process(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Another case number: refused.
    write(
        &decision_path,
        decision.replace("S2024/02172", "S2025/00001").as_bytes(),
    );
    let run = process(&dir);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "decisions/2024/payments/second.json: the payment is recorded in \
             records/2024/second.json with another decision"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&record_path).unwrap(), recorded);
    // And svf record will not write a second one into the bucket.
    let run = record(&dir, &data("annex-2024-second-payment.tsv"));
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is already decided"), "{}", run.stderr);
}

/// `svf verify` catches a record tampered with: an amount changed, a basis object's bytes
/// changed without its hash, and a basis object changed with its hash made to match.
#[test]
fn svf_verify_catches_a_tampered_record() {
    let dir = bucket("tamper", 800);
    assert_eq!(record(&dir, &data("annex-2024-second-payment.tsv")).code, 0);
    assert_eq!(process(&dir).code, 0);
    let original = json(&dir, "records/2024/second.json");
    let tampered = dir.join("tampered.json");
    let check = |change: &dyn Fn(&mut Value), expected: &str| {
        let mut record = original.clone();
        change(&mut record);
        std::fs::write(&tampered, serde_json::to_vec(&record).unwrap()).unwrap();
        let run = verify(&tampered);
        assert_eq!(run.code, 1, "{expected}: {}", run.stdout);
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
    };
    check(
        &|r| r["amounts_ore"]["25"] = (429_821_400 + 100).into(),
        "second, region 25 Norrbotten: recorded 4 298 215 kr, computed again 4 298 214 kr",
    );
    let populations = |r: &mut Value| {
        r["basis"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|o| o["key"] == "config/2024/populations.csv")
            .unwrap()
            .clone()
    };
    check(
        &|r| {
            let mut object = populations(r);
            object["bytes_base64"] = "AAAA".into();
            replace(r, object);
        },
        "basis config/2024/populations.csv: its bytes do not match their sha256",
    );
    // Norrbotten's population doubled, the hash made to match: the amounts differ.
    check(
        &|r| {
            let mut object = populations(r);
            let table = ANNEX_2024
                .replace("248 653", "497 306")
                .replace("10 557 682", "10 806 335");
            object["bytes_base64"] = base64(table.as_bytes()).into();
            object["sha256"] = sha256(table.as_bytes()).into();
            replace(r, object);
        },
        "computed again",
    );
}

fn replace(record: &mut Value, object: Value) {
    let slot = record["basis"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|slot| slot["key"] == object["key"])
        .unwrap();
    *slot = object;
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    use std::fmt::Write as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .fold(String::new(), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

/// `svf record` writes only what the kernel reads as a payment decision of the year.
#[test]
fn svf_record_refuses_what_is_not_a_payment_of_the_year() {
    let dir = tempdir("record-refused");
    let run = svf(&[
        "record",
        "--year",
        "2024",
        "--payment",
        "second_a",
        "--case",
        "S2024/1",
        "--decided-on",
        "2024-12-18",
        "--bucket",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("payment: is not a payment of the year (first or second)"),
        "{}",
        run.stderr
    );
    assert!(!dir.join("decisions").exists());
}

/// The shipped record (`tests/golden/record-2024-second.json`, the demo's record of
/// S2024/02172) computes again with this build, and the demo records the same amounts and
/// annex: a change that would move decided money fails the build.
#[test]
fn the_shipped_record_computes_again_and_the_demo_records_the_same() {
    let golden_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/record-2024-second.json");
    let run = verify(&golden_path);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let golden: Value = serde_json::from_slice(&std::fs::read(&golden_path).unwrap()).unwrap();
    let dir = tempdir("demo-record");
    let run = svf(&["demo", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("records/2024/second.json"),
        "{}",
        run.stdout
    );
    let record = json(&dir, "records/2024/second.json");
    for field in [
        "case",
        "decided_on",
        "decided_by",
        "policy",
        "amounts_ore",
        "annex_tsv",
    ] {
        assert_eq!(record[field], golden[field], "{field}");
    }
    let keys = |r: &Value| -> Vec<Value> {
        r["basis"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["key"].clone())
            .collect()
    };
    assert_eq!(keys(&record), keys(&golden));
    assert_eq!(record["annex_tsv"], ANNEX_2024);
}

/// `svf status --region` shows the region's history: each change of its payments, newest
/// first, with what was written behind it.
#[test]
fn svf_status_shows_a_regions_history() {
    let dir = bucket("status-history", 800);
    assert_eq!(process(&dir).code, 0);
    let late = dir.join("reports/2024/25/komplettering.json");
    write(&late, &report("25", 10));
    set_time(&late, IN_TIME + 3600);
    assert_eq!(process(&dir).code, 0);
    let run = svf(&["status", dir.to_str().unwrap(), "--region", "25"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Historik 2024, 25 Norrbotten: 2 ändringar"),
        "{}",
        run.stdout
    );
    let newest = run
        .stdout
        .lines()
        .find(|l| l.contains("→ 0 kr"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(
        newest.contains("Utbetalning 2: 4 298 214 kr → 0 kr"),
        "{newest}"
    );
    assert!(newest.contains("assessments/2024/25.json"), "{newest}");
}

/// A record or a payment decision that is not what it should be is named with its key and
/// reason, and the standing summary is kept.
#[test]
fn a_broken_record_or_payment_decision_is_named() {
    let dir = bucket("broken-record", 800);
    assert_eq!(record(&dir, &data("annex-2024-second-payment.tsv")).code, 0);
    assert_eq!(process(&dir).code, 0);
    let record_path = dir.join("records/2024/second.json");
    let good = std::fs::read(&record_path).unwrap();
    write(&record_path, b"{\"schema\": \"svf-record/1\"}");
    let run = process(&dir);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("records/2024/second.json: not a record:"),
        "{}",
        run.stderr
    );
    write(&record_path, &good);
    // A payment decision at a key that is no payment's, and one of another year.
    write(&dir.join("decisions/2024/payments/third.json"), b"{}");
    let run = process(&dir);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "decisions/2024/payments/third.json: not a payment decision's key; a payment \
             decision is decisions/2024/payments/{payment}.json"
        ),
        "{}",
        run.stderr
    );
    std::fs::remove_file(dir.join("decisions/2024/payments/third.json")).unwrap();
    let decision = dir.join("decisions/2024/payments/first.json");
    let text = std::fs::read_to_string(dir.join("decisions/2024/payments/second.json")).unwrap();
    write(
        &decision,
        text.replace("\"agreement_year\": 2024", "\"agreement_year\": 2022")
            .replace("\"second\"", "\"first\"")
            .as_bytes(),
    );
    let run = process(&dir);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("decisions/2024/payments/first.json: agreement_year: does not match the key"),
        "{}",
        run.stderr
    );
    assert_eq!(
        json(&dir, "summary/2024/payments.json")["status"],
        "out_of_date"
    );
}
