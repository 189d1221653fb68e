//! `svf payments` (contract §5): payment tables for 2024 and 2026, with regions that fail,
//! under both policies, checked against the published annex and an independent split.

use serde_json::{Value, json};

use crate::support::{
    ANNEX_2024, annex_rows, data, grouped_number, independent_split, svf, svf_with_input,
};

/// The 21 regions: code and population, from the published annex.
fn regions() -> Vec<(String, u128)> {
    annex_rows(ANNEX_2024)[1..22]
        .iter()
        .map(|r| {
            (
                r[0].to_owned(),
                u128::try_from(grouped_number(r[2])).unwrap(),
            )
        })
        .collect()
}

/// The published 2024 amounts in öre, by region code.
fn annex_amounts() -> Vec<i64> {
    annex_rows(ANNEX_2024)[1..22]
        .iter()
        .map(|r| grouped_number(r[4]) * 100)
        .collect()
}

/// A report for `code` in `year` that meets every condition, or fails the named one.
fn report(year: u16, code: &str, fail: Option<&str>) -> Value {
    let mut r = json!({
        "schema": "svf-report/1", "agreement_year": year, "region_code": code,
        "inclusion": {"new_cases": 100, "in_svf": 90}, "prem": {"used": true},
        "narrative": {"lead_times": "x", "prem_use": "x", "longest_waits": "x", "urology": "x",
                      "mpn_action_plan": "x", "colorectal": "x", "myeloma": "x"}
    });
    if year == 2026 {
        let entry = |svf: &str| json!({"svf": svf, "patients": 10, "within_target": 9, "baseline_patients": 10, "baseline_within_target": 5});
        r["lead_times"] = json!([
            entry("breast"),
            entry("colon"),
            entry("rectum"),
            entry("prostate")
        ]);
    }
    match fail {
        Some("inclusion") => r["inclusion"]["in_svf"] = json!(69),
        Some("incomplete") => r["narrative"]["prem_use"] = json!("   "),
        Some("lead_time") => r["lead_times"][1]["within_target"] = json!(5),
        _ => {}
    }
    r
}

/// Assessment files in a temporary folder, removed with them.
struct Assessments {
    _dir: svf_testing::TempDir,
    files: Vec<String>,
}

impl std::ops::Deref for Assessments {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.files
    }
}

/// Writes the assessment of each region's report into a fresh folder; returns the paths.
fn assessments(year: u16, fail: &[(&str, &str)]) -> Assessments {
    let dir = svf_testing::TempDir::new("payments");
    let received = format!("{year}-09-15T12:00:00Z");
    let files = regions()
        .iter()
        .map(|(code, _)| {
            let failure = fail.iter().find(|(c, _)| c == code).map(|(_, why)| *why);
            let run = svf_with_input(
                &["assess", "-", "--received", &received],
                report(year, code, failure).to_string().as_bytes(),
            );
            assert_eq!(run.code, 0, "{}", run.stderr);
            let path = dir.join(format!("{code}.json"));
            std::fs::write(&path, run.stdout).unwrap();
            path.to_str().unwrap().to_owned()
        })
        .collect();
    Assessments { _dir: dir, files }
}

fn payments(year: u16, policy: &str, files: &[String]) -> Value {
    let populations = data("populations-2024-11.csv");
    let year = year.to_string();
    let mut args = vec![
        "payments",
        "--year",
        &year,
        "--populations",
        populations.to_str().unwrap(),
    ];
    // "" leaves the policy to the default.
    if !policy.is_empty() {
        args.extend(["--policy", policy]);
    }
    args.extend(files.iter().map(String::as_str));
    let run = svf(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// The kernel-independent split.
fn split(total_kr: u128, weights: &[u128]) -> Vec<i64> {
    independent_split(total_kr, weights)
}

fn amounts(p: &Value, id: &str) -> Vec<i64> {
    p["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["amounts_ore"][id].as_i64().unwrap())
        .collect()
}

#[test]
fn all_eligible_2024_pays_the_published_annex() {
    let files = assessments(2024, &[]);
    for policy in ["withhold", "redistribute", ""] {
        let p = payments(2024, policy, &files);
        assert_eq!(amounts(&p, "second"), annex_amounts(), "{policy:?}");
        assert_eq!(amounts(&p, "first"), annex_amounts());
        assert_eq!(p["withheld_ore"], json!({"first": 0, "second": 0}));
        let split = |id| json!({"id": id, "total_ore": 18_250_000_000_i64, "split_among": 21, "weight_sum": 10_557_682, "leftover_kr": 9});
        assert_eq!(p["payments"], json!([split("first"), split("second")]));
    }
    assert_eq!(payments(2024, "", &files)["policy"], "redistribute");
}

/// Every amount explains itself: its quota as a fraction, its floor, the rank of its remainder
/// and whether that rank got one of the leftover kronor; all recomputed here from the table.
#[test]
fn each_amount_explains_itself() {
    let p = payments(2024, "", &assessments(2024, &[]));
    let weights: Vec<u128> = regions().iter().map(|(_, w)| *w).collect();
    let sum: u128 = weights.iter().sum();
    let remainders: Vec<u128> = weights.iter().map(|w| 182_500_000 * w % sum).collect();
    for (index, row) in p["rows"].as_array().unwrap().iter().enumerate() {
        let quota = &row["quotas"]["second"];
        let numerator = 182_500_000 * weights[index];
        assert_eq!(quota["numerator"].as_u64().map(u128::from), Some(numerator));
        assert_eq!(quota["denominator"].as_u64().map(u128::from), Some(sum));
        assert_eq!(
            quota["floor_kr"].as_u64().map(u128::from),
            Some(numerator / sum)
        );
        assert_eq!(
            quota["remainder"].as_u64().map(u128::from),
            Some(numerator % sum)
        );
        let ahead = (0..weights.len())
            .filter(|&j| {
                remainders[j] > remainders[index]
                    || (remainders[j] == remainders[index] && j < index)
            })
            .count();
        assert_eq!(quota["remainder_rank"].as_u64(), Some(ahead as u64 + 1));
        let extra = ahead < 9;
        assert_eq!(quota["leftover_krona"].as_bool(), Some(extra));
        let kronor = i64::try_from(numerator / sum).unwrap() + i64::from(extra);
        assert_eq!(row["amounts_ore"]["second"].as_i64(), Some(kronor * 100));
    }
    let dalarna = &p["rows"][15];
    assert_eq!(dalarna["code"], "20");
    assert_eq!(
        dalarna["quotas"]["second"]["remainder_rank"], 10,
        "Dalarna: 0.507, tenth"
    );
    assert_eq!(dalarna["quotas"]["second"]["leftover_krona"], false);
}

#[test]
fn failing_regions_2024_under_both_policies() {
    let fail = [("25", "inclusion"), ("13", "incomplete")];
    let files = assessments(2024, &fail);
    let published = annex_amounts();
    let failed = |code: &str| fail.iter().any(|(c, _)| *c == code);

    let withhold = payments(2024, "withhold", &files);
    let mut withheld_sum = 0;
    for ((code, _), (amount, published)) in regions()
        .iter()
        .zip(amounts(&withhold, "second").iter().zip(&published))
    {
        if failed(code) {
            assert_eq!(*amount, 0, "{code}");
            withheld_sum += published;
        } else {
            assert_eq!(amount, published, "{code} keeps its share of the annex");
        }
    }
    assert_eq!(withhold["withheld_ore"]["second"], withheld_sum);
    assert_eq!(
        amounts(&withhold, "first"),
        published,
        "the first payment is unconditional"
    );

    let redistribute = payments(2024, "redistribute", &files);
    let weights: Vec<u128> = regions()
        .iter()
        .map(|(code, w)| if failed(code) { 0 } else { *w })
        .collect();
    assert_eq!(
        amounts(&redistribute, "second"),
        split(182_500_000, &weights)
    );
    assert_eq!(redistribute["withheld_ore"]["second"], 0);
    let row = &redistribute["rows"][20];
    assert_eq!(
        (row["code"].as_str(), row["eligible"]["second"].as_bool()),
        (Some("25"), Some(false))
    );
}

#[test]
fn failing_regions_2026_under_both_policies() {
    let fail = [("01", "lead_time"), ("12", "inclusion")];
    let files = assessments(2026, &fail);
    let all: Vec<u128> = regions().iter().map(|(_, w)| *w).collect();
    let without = |codes: &[&str]| -> Vec<u128> {
        regions()
            .iter()
            .map(|(code, w)| {
                if codes.contains(&code.as_str()) {
                    0
                } else {
                    *w
                }
            })
            .collect()
    };
    let zero_for = |mut amounts: Vec<i64>, codes: &[&str]| {
        for (amount, (code, _)) in amounts.iter_mut().zip(regions()) {
            if codes.contains(&code.as_str()) {
                *amount = 0;
            }
        }
        amounts
    };

    let withhold = payments(2026, "withhold", &files);
    assert_eq!(amounts(&withhold, "first"), split(250_000_000, &all));
    assert_eq!(
        amounts(&withhold, "second_a"),
        zero_for(split(125_000_000, &all), &["12"])
    );
    assert_eq!(
        amounts(&withhold, "second_b"),
        zero_for(split(125_000_000, &all), &["01", "12"])
    );

    let redistribute = payments(2026, "redistribute", &files);
    assert_eq!(amounts(&redistribute, "first"), split(250_000_000, &all));
    assert_eq!(
        amounts(&redistribute, "second_a"),
        split(125_000_000, &without(&["12"]))
    );
    assert_eq!(
        amounts(&redistribute, "second_b"),
        split(125_000_000, &without(&["01", "12"]))
    );
    for id in ["first", "second_a", "second_b"] {
        assert_eq!(
            amounts(&redistribute, id).iter().sum::<i64>(),
            redistribute["payments"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["id"] == id)
                .unwrap()["total_ore"]
                .as_i64()
                .unwrap()
        );
    }
}

#[test]
fn a_region_without_an_assessment_earns_no_conditional_payment() {
    let files = assessments(2024, &[]);
    let p = payments(2024, "withhold", &files[1..]);
    assert_eq!(
        p["rows"][0]["eligible"],
        json!({"first": true, "second": false})
    );
    assert_eq!(p["withheld_ore"]["second"], annex_amounts()[0]);
}

/// Runs `svf payments` for 2024 over `files` with the extra arguments.
fn payments_run(extra: &[&str], files: &[String]) -> crate::support::Run {
    let populations = data("populations-2024-11.csv");
    let mut args = vec![
        "payments",
        "--year",
        "2024",
        "--populations",
        populations.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    args.extend(files.iter().map(String::as_str));
    svf(&args)
}

/// Regions whose assessments are left out are named on standard error, code and name, with
/// what that means for their money under the policy; standard output is as it was, and with
/// all 21 given nothing is said.
#[test]
fn regions_without_an_assessment_are_said_on_standard_error() {
    let files = assessments(2024, &[]);
    for format in ["json", "csv", "annex"] {
        let run = payments_run(&["--format", format], &files);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stderr, "", "{format}: all 21 given");
    }
    let some: Vec<String> = files
        .iter()
        .filter(|f| !f.ends_with("13.json") && !f.ends_with("25.json"))
        .cloned()
        .collect();
    let run = payments_run(&[], &some);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let p: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(p["payments"][1]["split_among"], 19);
    for said in [
        "svf: no assessment given for 2 of the 21 regions: 13 Halland, 25 Norrbotten.",
        "has not earned the conditional payment (second) unless a decision says so",
        "under the policy redistribute it is paid 0 kr of it, and its share goes to the \
         regions that earned it",
        "So second is paid to 19 of the 21 regions, 182 500 000 kr in all, and 0 kr is withheld.",
    ] {
        assert!(run.stderr.contains(said), "{said}: {}", run.stderr);
    }
    let run = payments_run(&["--policy", "withhold", "--format", "annex"], &files[1..]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let withheld = annex_rows(&run.stdout)[23][5].to_owned();
    for said in [
        "svf: no assessment given for 1 of the 21 regions: 01 Stockholm.",
        "under the policy withhold it is paid 0 kr of it, and its share is withheld.",
        &format!("and {withheld} kr is withheld."),
    ] {
        assert!(run.stderr.contains(said), "{said}: {}", run.stderr);
    }
    // A decision on a region left out is said beside it.
    let dir = svf_testing::TempDir::new("payments-decision");
    let decision = dir.join("13.json");
    let decided = svf(&[
        "decide",
        "--year",
        "2024",
        "--region",
        "13",
        "--case",
        "S2024/7",
        "--part",
        "second",
        "--eligible",
        "yes",
        "--reason",
        "Beaktas",
        "--out",
        decision.to_str().unwrap(),
    ]);
    assert_eq!(decided.code, 0, "{}", decided.stderr);
    let run = payments_run(&["--decisions", decision.to_str().unwrap()], &some);
    assert!(
        run.stderr
            .contains("13 Halland (second paid by decision S2024/7), 25 Norrbotten."),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("paid to 20 of the 21"),
        "{}",
        run.stderr
    );
}

/// With no assessment at all every conditional payment would be withheld (or paid only where
/// a decision says): refused (exit 1, nothing on standard output) unless `--allow-missing`
/// says it is meant, and then said.
#[test]
fn no_assessment_at_all_is_refused_unless_allowed() {
    for policy in ["redistribute", "withhold"] {
        let run = payments_run(&["--policy", policy], &[]);
        assert_eq!(run.code, 1, "{policy}: {}", run.stderr);
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr.contains("no assessment given") && run.stderr.contains("--allow-missing"),
            "{}",
            run.stderr
        );
        let run = payments_run(&["--policy", policy, "--allow-missing"], &[]);
        assert_eq!(run.code, 0, "{policy}: {}", run.stderr);
        let p: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(p["withheld_ore"]["second"], 18_250_000_000_i64);
        assert_eq!(amounts(&p, "first"), annex_amounts());
        for said in [
            "svf: no assessment given for any of the 21 regions.",
            &format!("under the policy {policy}"),
            "So second is paid to no region, and all of it, 182 500 000 kr, is withheld.",
        ] {
            assert!(run.stderr.contains(said), "{said}: {}", run.stderr);
        }
    }
    // The flag changes nothing when the assessments are given.
    let files = assessments(2024, &[]);
    let with = payments_run(&["--allow-missing"], &files);
    let without = payments_run(&[], &files);
    assert_eq!((with.code, &with.stdout), (0, &without.stdout));
}

#[test]
fn bad_assessment_sets_are_refused() {
    let files = assessments(2024, &[]);
    let populations = data("populations-2024-11.csv");
    let populations = populations.to_str().unwrap();
    let run = svf(&[
        "payments",
        "--year",
        "2024",
        "--populations",
        populations,
        &files[0],
        &files[0],
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("a second assessment for region 01"),
        "{}",
        run.stderr
    );
    let run = svf(&[
        "payments",
        "--year",
        "2026",
        "--populations",
        populations,
        &files[0],
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("for 2024, not 2026"), "{}", run.stderr);
    let run = svf(&["payments", "--year", "2027", "--populations", populations]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("from 2022 to 2026"), "{}", run.stderr);
    let short = "code,name,population\n01,Stockholm,5\n";
    let run = svf_with_input(
        &["payments", "--year", "2024", "--populations", "-"],
        short.as_bytes(),
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is not in the table"), "{}", run.stderr);
}

#[test]
fn annex_layout_of_a_year() {
    let files = assessments(2024, &[("25", "inclusion")]);
    let populations = data("annex-2024-second-payment.tsv");
    let mut args = vec![
        "payments",
        "--year",
        "2024",
        "--populations",
        populations.to_str().unwrap(),
        "--format",
        "annex",
        "--policy",
        "withhold",
    ];
    args.extend(files.iter().map(String::as_str));
    let run = svf(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = annex_rows(&run.stdout);
    assert_eq!(
        rows[0],
        [
            "Kod",
            "Region",
            "Befolkningsmängd (nov 2024)",
            "Andel",
            "Utbetalning 1",
            "Utbetalning 2"
        ]
    );
    assert_eq!(
        rows[1],
        [
            "01",
            "Stockholm",
            "2 455 914",
            "23,26%",
            "42 452 908",
            "42 452 908"
        ]
    );
    assert_eq!(
        rows[21],
        ["25", "Norrbottn", "248 653", "2,36%", "4 298 214", "0"]
    );
    assert_eq!(
        rows[22],
        [
            "",
            "Riket",
            "10 557 682",
            "100%",
            "182 500 000",
            "178 201 786"
        ]
    );
    assert_eq!(rows[23], ["", "Innehållet", "", "", "0", "4 298 214"]);
}

/// A population table is held to more than a weight table: a region of population 0 is
/// refused at its line and column by `svf payments` and `svf budget` (a 0 would pay it
/// nothing), and a region missing is named; `svf allocate` takes the same table, a 0 and all.
#[test]
fn a_population_of_zero_or_a_missing_region_is_refused_where_it_is() {
    let populations = std::fs::read_to_string(data("populations-2024-11.csv")).unwrap();
    let zero = populations.replace("09,Gotland,61093", "09,Gotland,0");
    assert_ne!(zero, populations);
    let line = zero.lines().position(|l| l == "09,Gotland,0").unwrap() + 1;
    let expected = format!(
        "svf: <stdin>: line {line}, column 3: region 09 Gotland has a population of 0; a \
         population table gives every region its population, and 0 would pay it nothing"
    );
    let run = svf_with_input(
        &["payments", "--year", "2024", "--populations", "-"],
        zero.as_bytes(),
    );
    assert_eq!((run.code, run.stderr.trim()), (1, expected.as_str()));
    let run = svf_with_input(&["budget", "2024", "--populations", "-"], zero.as_bytes());
    assert_eq!((run.code, run.stderr.trim()), (1, expected.as_str()));
    // As weights for a split, a row of 0 gets nothing.
    let run = svf_with_input(
        &["allocate", "-", "--total", "100", "--format", "csv"],
        zero.as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("09,Gotland,0,0\n"), "{}", run.stdout);

    let without = populations.replace("09,Gotland,61093\n", "");
    let run = svf_with_input(
        &["payments", "--year", "2024", "--populations", "-"],
        without.as_bytes(),
    );
    assert_eq!(
        (run.code, run.stderr.trim()),
        (
            1,
            "svf: <stdin>: region 09 Gotland is not in the table; every region must be, to be paid"
        )
    );
}
