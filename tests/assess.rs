//! `svf assess` (contract §2, §4): the shared examples, the exact edges of every condition, and
//! rules files.

use proptest::prelude::*;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use crate::support::{spec_example, svf, svf_with_input};

/// Assesses `report` (JSON text) received at `received`; returns the exit code and the JSON.
fn assess(report: &Value, received: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["assess", "-", "--received", received];
    args.extend_from_slice(extra);
    let run = svf_with_input(&args, report.to_string().as_bytes());
    let json = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {} {}", run.stdout, run.stderr));
    (run.code, json)
}

fn condition<'a>(assessment: &'a Value, id: &str) -> &'a Value {
    assessment["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

fn eligible(assessment: &Value, part: &str) -> bool {
    assessment["parts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["id"] == part && p["eligible"] == true)
}

/// A complete, eligible 2024 report with these inclusion counts.
fn report_2024(new_cases: u32, in_svf: u32) -> Value {
    json!({
        "schema": "svf-report/1", "agreement_year": 2024, "region_code": "01",
        "inclusion": {"new_cases": new_cases, "in_svf": in_svf}, "prem": {"used": true},
        "narrative": {"lead_times": "x", "prem_use": "x", "longest_waits": "x", "urology": "x"}
    })
}

fn example(name: &str, received: &str) -> (i32, Value) {
    let report: Value =
        serde_json::from_slice(&std::fs::read(spec_example(name)).unwrap()).unwrap();
    assess(&report, received, &[])
}

#[test]
fn stockholm_2024_is_eligible() {
    let (code, a) = example("2024-01-stockholm.json", "2024-09-27T08:00:00Z");
    assert_eq!(code, 0);
    assert_eq!(a["status"], "assessed");
    assert_eq!(a["complete"], true);
    assert_eq!(
        condition(&a, "inclusion"),
        &json!({"id": "inclusion", "met": true, "value": "81,07 %", "required": "70 %",
                "goal_percent": 70, "detail": "6009 av 7412 nya fall i SVF; 820 fler än kravet",
                "figures": {"in_svf": 6009, "new_cases": 7412, "needed": 5189}})
    );
    assert_eq!(condition(&a, "prem"), &json!({"id": "prem", "met": true}));
    assert_eq!(
        condition(&a, "deadline")["detail"],
        "inkom 2024-09-27, senast 2024-09-30"
    );
    assert_eq!(a["parts"], json!([{"id": "second", "eligible": true}]));
}

#[test]
fn norrbotten_2024_fails_inclusion() {
    let (code, a) = example(
        "2024-25-norrbotten-below-inclusion.json",
        "2024-09-27T08:00:00Z",
    );
    assert_eq!(code, 0, "assessed, though not eligible");
    assert_eq!(condition(&a, "inclusion")["met"], false);
    assert!(
        condition(&a, "inclusion")["detail"]
            .as_str()
            .unwrap()
            .contains("120 fler patienter i SVF behövs")
    );
    assert!(!eligible(&a, "second"));
}

#[test]
fn halland_2024_is_incomplete() {
    let (code, a) = example("2024-13-halland-incomplete.json", "2024-09-27T08:00:00Z");
    assert_eq!(code, 0);
    assert_eq!(a["complete"], false);
    assert_eq!(
        a["missing"],
        json!([
            "prem.used",
            "narrative.prem_use",
            "narrative.longest_waits",
            "narrative.urology"
        ])
    );
    assert_eq!(condition(&a, "prem")["met"], Value::Null);
    assert!(!eligible(&a, "second"));
}

#[test]
fn vastra_gotaland_2026_part_a_not_part_b() {
    let (code, a) = example("2026-14-vastra-gotaland.json", "2026-09-27T08:00:00Z");
    assert_eq!(code, 0);
    assert!(eligible(&a, "second_a"));
    assert!(!eligible(&a, "second_b"));
    assert_eq!(condition(&a, "lead_time.rectum")["met"], false);
    assert_eq!(
        condition(&a, "lead_time.rectum")["detail"],
        "44 av 96 inom maxtid; utgångsläge 45 av 90 (50,00 %); inte förbättrat och under ledtidsmålet"
    );
}

#[test]
fn uppsala_2022_is_eligible() {
    let (code, a) = example("2022-03-uppsala.json", "2022-09-27T08:00:00Z");
    assert_eq!(code, 0);
    assert!(eligible(&a, "second"));
}

#[test]
fn inclusion_exactly_at_70_percent_and_one_patient_below() {
    let at = |new_cases: u32, in_svf: u32| {
        let (_, a) = assess(&report_2024(new_cases, in_svf), "2024-09-01T00:00:00Z", &[]);
        condition(&a, "inclusion")["met"].as_bool().unwrap()
    };
    assert!(at(1000, 700));
    assert!(!at(1000, 699));
    assert!(at(7412, 5189), "⌈0.7 × 7412⌉ = 5189");
    assert!(!at(7412, 5188));
    assert!(at(3, 3) && !at(3, 2), "0.7 × 3 = 2.1 needs 3");
    // Near u32::MAX: 0.7 × 4294967295 = 3006477106.5, so 3006477107 is the least that meets it.
    assert!(at(u32::MAX, 3_006_477_107));
    assert!(!at(u32::MAX, 3_006_477_106));
    let (_, a) = assess(
        &report_2024(u32::MAX, 3_006_477_106),
        "2024-09-01T00:00:00Z",
        &[],
    );
    assert_eq!(
        condition(&a, "inclusion")["detail"],
        "3006477106 av 4294967295 nya fall i SVF; 1 fler patienter i SVF behövs för att nå kravet"
    );
    let (_, a) = assess(&report_2024(1000, 700), "2024-09-01T00:00:00Z", &[]);
    assert_eq!(
        condition(&a, "inclusion")["detail"],
        "700 av 1000 nya fall i SVF; precis på kravet"
    );
}

#[test]
fn the_deadline_is_midnight_swedish_time_in_every_year() {
    for year in [2022, 2024, 2026] {
        let mut report = report_2024(10, 10);
        report["agreement_year"] = json!(year);
        let met = |received: String| {
            let (_, a) = assess(&report, &received, &[]);
            condition(&a, "deadline")["met"].as_bool().unwrap()
        };
        // Summer time (UTC+2) is in force on 30 September every year.
        assert!(met(format!("{year}-09-30T21:59:59Z")), "{year}");
        assert!(!met(format!("{year}-09-30T22:00:00Z")), "{year}");
        assert!(met(format!("{year}-09-30T23:59:59+02:00")), "{year}");
        assert!(!met(format!("{year}-10-01T00:00:00+02:00")), "{year}");
        assert!(met(format!("{year}-09-30T22:59:59+01:00")), "{year}");
        assert!(!met(format!("{year}-09-30T23:00:00+01:00")), "{year}");
        assert!(
            met(format!("{year}-09-30T12:00:00-09:00")),
            "{year}: 21:00Z"
        );
        assert!(
            !met(format!("{year}-09-30T13:00:00-09:00")),
            "{year}: 22:00Z"
        );
        assert!(met(format!("{year}-01-01T00:00:00Z")), "{year}");
    }
}

/// A complete 2026 report whose breast entry has these counts.
fn report_2026(patients: u32, within: u32, baseline: Option<(u32, u32)>) -> Value {
    let mut breast = json!({"svf": "breast", "patients": patients, "within_target": within});
    if let Some((base_patients, base_within)) = baseline {
        breast["baseline_patients"] = json!(base_patients);
        breast["baseline_within_target"] = json!(base_within);
    }
    let other = |svf: &str| json!({"svf": svf, "patients": 10, "within_target": 9, "baseline_patients": 10, "baseline_within_target": 1});
    json!({
        "schema": "svf-report/1", "agreement_year": 2026, "region_code": "14",
        "inclusion": {"new_cases": 10, "in_svf": 10}, "prem": {"used": true},
        "lead_times": [breast, other("colon"), other("rectum"), other("prostate")],
        "narrative": {"lead_times": "x", "prem_use": "x", "colorectal": "x", "myeloma": "x"}
    })
}

#[test]
fn lead_time_edges_2026() {
    let verdict = |report: Value| {
        let (_, a) = assess(&report, "2026-09-01T00:00:00Z", &[]);
        (
            condition(&a, "lead_time.breast")["met"].clone(),
            eligible(&a, "second_b"),
        )
    };
    // Exactly 80 % meets the goal, whatever the baseline.
    assert_eq!(
        verdict(report_2026(100, 80, Some((100, 95)))),
        (json!(true), true)
    );
    assert_eq!(
        verdict(report_2026(100, 79, Some((100, 95)))),
        (json!(false), false)
    );
    // Equal to the baseline is no improvement; one patient more is.
    assert_eq!(
        verdict(report_2026(100, 50, Some((200, 100)))),
        (json!(false), false)
    );
    assert_eq!(
        verdict(report_2026(100, 51, Some((200, 100)))),
        (json!(true), true)
    );
    // Below 80 % without a baseline cannot be decided: missing, and not eligible.
    let (_, a) = assess(&report_2026(100, 50, None), "2026-09-01T00:00:00Z", &[]);
    assert_eq!(condition(&a, "lead_time.breast")["met"], Value::Null);
    assert!(
        a["missing"]
            .as_array()
            .unwrap()
            .contains(&json!("lead_times.breast.baseline_patients"))
    );
    assert!(!eligible(&a, "second_a"), "incomplete reports earn nothing");
}

#[test]
fn a_diagnosis_without_patients_does_not_apply_unless_the_rules_say_not_met() {
    let report = report_2026(0, 0, None);
    let (code, a) = assess(&report, "2026-09-01T00:00:00Z", &[]);
    assert_eq!(code, 0);
    let breast = condition(&a, "lead_time.breast");
    assert_eq!(breast["met"], true);
    assert_eq!(breast["figures"], json!({"patients": 0}));
    assert_eq!(
        breast["detail"],
        "inga patienter under perioden; kravet gäller inte"
    );
    assert_eq!(a["complete"], true);
    assert!(eligible(&a, "second_b"), "it does not block part B");
    // The notification says so in both languages, and never that data is missing.
    let text = svf_with_input(
        &[
            "assess",
            "-",
            "--received",
            "2026-09-01T00:00:00Z",
            "--format",
            "text",
        ],
        report.to_string().as_bytes(),
    );
    assert!(
        text.stdout.contains(
            "- Ledtider, bröstcancer: uppfyllt. inga patienter under perioden; kravet gäller inte\n"
        ),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains(
            "- Lead times, breast cancer: met. no patients in the period; the requirement does not apply\n"
        ),
        "{}",
        text.stdout
    );
    assert!(!text.stdout.contains("uppgift saknas"), "{}", text.stdout);

    let dir = tempdir();
    let rules = dir.join("rules.json");
    std::fs::write(
        &rules,
        r#"{"schema": "svf-rules/1", "zero_patients": "not_met"}"#,
    )
    .unwrap();
    let rules = rules.to_str().unwrap();
    let (_, a) = assess(&report, "2026-09-01T00:00:00Z", &["--rules", rules]);
    let breast = condition(&a, "lead_time.breast");
    assert_eq!(breast["met"], false);
    assert_eq!(
        breast["detail"],
        "inga patienter under perioden; räknas enligt årets regler som inte uppfyllt"
    );
    assert!(!eligible(&a, "second_b"));
    assert!(eligible(&a, "second_a"));
}

#[test]
fn a_receipt_before_the_period_ended_is_rejected_and_never_in_time() {
    for received in ["1970-01-01T00:00:00Z", "2024-03-15T08:00:00Z"] {
        let (code, a) = example("2024-01-stockholm.json", received);
        assert_eq!(code, 1, "{received}");
        assert_eq!(a["status"], "rejected");
        assert_eq!(
            a["errors"],
            json!([{"path": "period.to", "message": format!(
                "received {received}, before the period ended (2024-06-30); a report comes \
                 after its period, so the receipt time is wrong"
            ), "message_sv": format!(
                "mottagen {received}, innan perioden slutade (2024-06-30); en redovisning \
                 kommer efter sin period, så mottagningstiden är fel"
            )}])
        );
        assert_eq!(a["conditions"], json!([]), "no deadline met");
        assert_eq!(a["parts"], json!([{"id": "second", "eligible": false}]));
    }
    let (code, a) = example("2024-01-stockholm.json", "2024-07-01T08:00:00Z");
    assert_eq!((code, &a["status"]), (0, &json!("assessed")));
}

#[test]
fn a_rules_file_overrides_the_goals() {
    let dir = tempdir();
    let rules = dir.join("rules.json");
    std::fs::write(
        &rules,
        r#"{"schema": "svf-rules/1", "lead_time_goal_percent": 75, "inclusion_goal_percent": 80}"#,
    )
    .unwrap();
    let rules = rules.to_str().unwrap();
    let (_, a) = assess(
        &report_2026(100, 76, Some((100, 95))),
        "2026-09-01T00:00:00Z",
        &["--rules", rules],
    );
    assert_eq!(condition(&a, "lead_time.breast")["met"], true);
    assert_eq!(
        condition(&a, "lead_time.breast")["required"],
        "bättre än utgångsläget eller minst 75 %"
    );
    let (_, a) = assess(
        &report_2024(10, 7),
        "2024-09-01T00:00:00Z",
        &["--rules", rules],
    );
    assert_eq!(condition(&a, "inclusion")["met"], false);
    assert_eq!(condition(&a, "inclusion")["required"], "80 %");
    std::fs::write(
        dir.join("bad.json"),
        r#"{"schema": "svf-rules/1", "inclusion_goal_percent": 170}"#,
    )
    .unwrap();
    let run = svf_with_input(
        &[
            "assess",
            "-",
            "--rules",
            dir.join("bad.json").to_str().unwrap(),
        ],
        report_2024(1, 1).to_string().as_bytes(),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bad.json") && run.stderr.contains("0 to 100"),
        "{}",
        run.stderr
    );
}

#[test]
fn rejected_reports_exit_1_with_a_verdict_and_the_reason() {
    let mut report = report_2024(5, 9);
    let (code, a) = assess(&report, "2024-09-01T00:00:00Z", &[]);
    assert_eq!(code, 1);
    assert_eq!(a["status"], "rejected");
    assert_eq!(
        a["errors"],
        json!([{"path": "inclusion.in_svf", "message": "in_svf (9) exceeds new_cases (5)",
            "message_sv": "fall i SVF (9) är fler än nya fall (5)"}])
    );
    assert_eq!(
        a["parts"],
        json!([{"id": "second", "eligible": false}]),
        "the year is known, so its parts are listed"
    );
    report["mystery"] = json!(1);
    let run = svf_with_input(
        &["assess", "-", "--received", "2024-09-01T00:00:00Z"],
        report.to_string().as_bytes(),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("mystery: the schema has no such field"),
        "{}",
        run.stderr
    );
}

#[test]
fn received_defaults_to_the_file_time_and_bad_instants_are_usage_errors() {
    let (code, a) = example("2024-01-stockholm.json", "2024-09-01T00:00:00Z");
    assert_eq!(
        (code, a["received"].as_str()),
        (0, Some("2024-09-01T00:00:00Z"))
    );
    let run = svf(&[
        "assess",
        spec_example("2024-01-stockholm.json").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(json["received"].as_str().unwrap().ends_with('Z'));
    for bad in ["yesterday", "2024-09-31T00:00:00Z", "2024-09-30 21:59:59"] {
        let run = svf_with_input(&["assess", "-", "--received", bad], b"{}");
        assert_eq!(run.code, 2, "{bad}");
    }
}

/// A receipt given as a date means "received that day": its start, 00:00 Swedish time, so the
/// deadline's day decides, in summer time and in winter time; `--first-received` alike.
#[test]
fn a_receipt_date_is_that_days_start_in_swedish_time() {
    let report = report_2024(10, 10);
    let deadline = |a: &Value| condition(a, "deadline")["met"].as_bool().unwrap();
    let (code, a) = assess(&report, "2024-09-30", &[]);
    assert_eq!(code, 0);
    assert_eq!(a["received"], "2024-09-29T22:00:00Z", "CEST, UTC+2");
    assert!(deadline(&a), "received on the last day");
    let (_, a) = assess(&report, "2024-10-01", &[]);
    assert_eq!(a["received"], "2024-09-30T22:00:00Z");
    assert!(!deadline(&a), "received the day after");
    let (_, a) = assess(&report, "2024-12-01", &[]);
    assert_eq!(a["received"], "2024-11-30T23:00:00Z", "CET, UTC+1");
    let (code, a) = assess(&report, "2024-10-05", &["--first-received", "2024-09-30"]);
    assert_eq!(code, 0);
    assert_eq!(a["first_received"], "2024-09-29T22:00:00Z");
    assert!(deadline(&a), "first received on the last day");
    let (_, a) = assess(
        &report,
        "2024-10-05T08:00:00Z",
        &["--first-received", "2024-09-27"],
    );
    assert_eq!(a["first_received"], "2024-09-26T22:00:00Z");
    let (code, _) = assess(
        &report,
        "2024-09-20T10:00:00Z",
        &["--first-received", "2024-09-20"],
    );
    assert_eq!(code, 0, "a day is never later than a time on that day");
    // A time later the same day is after the day's start.
    let run = svf_with_input(
        &[
            "assess",
            "-",
            "--received",
            "2024-09-20",
            "--first-received",
            "2024-09-20T10:00:00Z",
        ],
        report.to_string().as_bytes(),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("a date is taken as its start, 00:00 Swedish time"),
        "{}",
        run.stderr
    );
    for (flag, bad) in [
        ("--received", "2024-09-31"),
        ("--received", "0001-01-01"),
        ("--first-received", "2024-9-30x"),
    ] {
        let mut args = vec!["assess", "-", flag, bad];
        if flag == "--first-received" {
            args.extend(["--received", "2024-10-05"]);
        }
        let run = svf_with_input(&args, report.to_string().as_bytes());
        assert_eq!(run.code, 2, "{bad}");
        assert!(
            run.stderr
                .contains(&format!("{flag} \"{bad}\" is not a date")),
            "{bad}: {}",
            run.stderr
        );
    }
    let run = svf_with_input(&["assess", "-", "--received", "igår"], b"{}");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nor a date such as 2024-09-30"),
        "{}",
        run.stderr
    );
    let help = svf(&["assess", "--help"]);
    assert!(
        help.stdout.contains("00:00 Swedish time"),
        "{}",
        help.stdout
    );
}

fn tempdir() -> svf_testing::TempDir {
    svf_testing::TempDir::new("test")
}

/// Writes a JSON value with its object keys in a shuffled order and random whitespace.
fn reserialise(value: &Value, rng: &mut ChaCha8Rng) -> String {
    let space = |rng: &mut ChaCha8Rng| [" ", "", "\n", "\t ", "\r\n  "][rng.random_range(0..5)];
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.shuffle(rng);
            let inner: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| {
                    let (a, b, c) = (space(rng), space(rng), space(rng));
                    format!(
                        "{a}{}{b}:{c}{}",
                        Value::String(k.clone()),
                        reserialise(v, rng)
                    )
                })
                .collect();
            format!("{{{}{}}}", inner.join(","), space(rng))
        }
        Value::Array(items) => {
            let inner: Vec<String> = items
                .iter()
                .map(|v| format!("{}{}", space(rng), reserialise(v, rng)))
                .collect();
            format!("[{}{}]", inner.join(","), space(rng))
        }
        other => other.to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn verdicts_do_not_depend_on_key_order_or_whitespace(seed in any::<u64>(), example in 0usize..5) {
        let names = ["2024-01-stockholm.json", "2024-25-norrbotten-below-inclusion.json", "2024-13-halland-incomplete.json", "2026-14-vastra-gotaland.json", "2022-03-uppsala.json"];
        let text = std::fs::read_to_string(spec_example(names[example])).unwrap();
        let report: Value = serde_json::from_str(&text).unwrap();
        let reordered = reserialise(&report, &mut ChaCha8Rng::seed_from_u64(seed));
        let original = svf_with_input(&["assess", "-", "--received", "2024-09-01T00:00:00Z"], text.as_bytes());
        let other = svf_with_input(&["assess", "-", "--received", "2024-09-01T00:00:00Z"], reordered.as_bytes());
        prop_assert_eq!(original.code, other.code);
        prop_assert_eq!(original.stdout, other.stdout, "{}", reordered);
    }
}

#[test]
fn svf_assess_reads_an_rccs_report_too() {
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec/examples/rcc-2024-vast-first.json"
    );
    let run = svf(&["assess", example, "--received", "2024-11-04T08:00:00Z"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let assessment: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(assessment["schema"], "svf-rcc-assessment/1");
    assert_eq!(assessment["complete"], true);
    assert_eq!(assessment["areas"][0]["granted_ore"], 570_000_000);
    let text = svf(&[
        "assess",
        example,
        "--received",
        "2024-11-04T08:00:00Z",
        "--format",
        "text",
    ]);
    assert!(
        text.stdout
            .starts_with("Lägesbild 2024, RCC Väst: komplett"),
        "{}",
        text.stdout
    );
    let broken = br#"{"schema": "svf-rcc-report/1", "agreement_year": 2024, "rcc": "vast", "areas": [{"area": "kirurgi"}]}"#;
    let run = crate::support::svf_with_input(
        &["assess", "-", "--received", "2024-11-04T08:00:00Z"],
        broken,
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("areas[0].area: is not a special investment of the year"),
        "{}",
        run.stderr
    );
}
