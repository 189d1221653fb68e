//! Assessments of the shared examples and of reports made to test one rule each.

extern crate std;
use super::*;
use crate::report::Report;
use crate::vocabulary::DiagnosisId;
use std::prelude::rust_2024::*;

fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(text).unwrap()
}

fn assess(json: &[u8], received: &str) -> Assessment {
    let report = Report::parse(json).unwrap();
    Assessment::of(&report, &Rules::of(report.year), Receipt::new(at(received)))
}

fn find<'a>(a: &'a Assessment, id: &str) -> &'a Condition {
    a.conditions()
        .iter()
        .find(|c| c.id.to_string() == id)
        .unwrap()
}

impl Assessment {
    /// Whether every error's message, in either language, is within its bound.
    fn message_fits(&self) -> bool {
        self.errors().iter().all(|e| {
            std::format!("{}", e.reason).len() <= ERROR_MESSAGE_BYTES
                && std::format!("{}", e.reason.swedish()).len() <= ERROR_MESSAGE_BYTES
        })
    }
}

#[test]
fn rates_for_people_round_half_up_exactly() {
    for (part, whole, shown) in [
        (561, 800, "70,13 %"),
        (6009, 7412, "81,07 %"),
        (1, 3, "33,33 %"),
        (2, 3, "66,67 %"),
        (0, 5, "0,00 %"),
        (5, 5, "100,00 %"),
        (u32::MAX, u32::MAX, "100,00 %"),
    ] {
        let rate = Percent::of(u64::from(part), u64::from(whole)).map(|r| r.to_string());
        assert_eq!(rate.as_deref(), Some(shown), "{part}/{whole}");
    }
    assert_eq!(Percent::of(1, 0), None);
}

#[test]
fn stockholm_2024_is_eligible_with_its_margin() {
    let a = assess(
        include_bytes!("../../../spec/examples/2024-01-stockholm.json"),
        "2024-09-27T08:00:00Z",
    );
    assert!(
        a.complete(),
        "{:?}",
        a.missing().collect::<std::vec::Vec<_>>()
    );
    let inclusion = find(&a, "inclusion");
    assert_eq!(inclusion.met, Some(true));
    assert_eq!(
        inclusion.value().map(|v| v.to_string()).as_deref(),
        Some("81,07 %")
    );
    assert_eq!(
        inclusion.required().map(|v| v.to_string()).as_deref(),
        Some("70 %")
    );
    assert_eq!(
        inclusion.detail().map(|v| v.to_string()).as_deref(),
        Some("6009 av 7412 nya fall i SVF; 820 fler än kravet")
    );
    assert_eq!(
        find(&a, "deadline")
            .detail()
            .map(|v| v.to_string())
            .as_deref(),
        Some("inkom 2024-09-27, senast 2024-09-30")
    );
    assert!(a.eligible_for(PaymentId::Second));
    let mut buffer = std::vec![0u8; MAX_JSON_BYTES];
    let n = a.write_json(&mut buffer).unwrap();
    let json = core::str::from_utf8(&buffer[..n]).unwrap();
    assert!(json.starts_with(r#"{"schema":"svf-assessment/1","status":"assessed","agreement_year":2024,"region_code":"01","received":"2024-09-27T08:00:00Z","first_received":"2024-09-27T08:00:00Z","complete":true,"missing":[],"errors":[]"#), "{json}");
    assert!(json.contains(r#"{"id":"prem","met":true}"#), "{json}");
    assert!(
        json.ends_with(r#""parts":[{"id":"second","eligible":true}],"lead_times":[{"svf":"breast","patients":690,"within_target":301,"reason":false},{"svf":"prostate","patients":512,"within_target":188,"reason":false}],"advice":[]}"#),
        "{json}"
    );
}

#[test]
fn norrbotten_fails_inclusion_and_is_told_how_many_more() {
    let a = assess(
        include_bytes!("../../../spec/examples/2024-25-norrbotten-below-inclusion.json"),
        "2024-09-01T00:00:00Z",
    );
    let inclusion = find(&a, "inclusion");
    assert_eq!(inclusion.met, Some(false));
    assert_eq!(
        inclusion.detail().map(|v| v.to_string()).as_deref(),
        Some("580 av 1000 nya fall i SVF; 120 fler patienter i SVF behövs för att nå kravet")
    );
    assert!(a.complete());
    assert!(!a.eligible_for(PaymentId::Second));
}

#[test]
fn halland_is_incomplete() {
    let a = assess(
        include_bytes!("../../../spec/examples/2024-13-halland-incomplete.json"),
        "2024-09-01T00:00:00Z",
    );
    let missing: std::vec::Vec<std::string::String> = a
        .missing()
        .collect::<std::vec::Vec<_>>()
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(
        missing.as_slice(),
        [
            "prem.used",
            "narrative.prem_use",
            "narrative.longest_waits",
            "narrative.urology"
        ]
    );
    assert!(!a.complete());
    assert_eq!(find(&a, "prem").met, None);
    assert_eq!(
        find(&a, "inclusion").met,
        Some(true),
        "840 of 1200 is exactly 70 %"
    );
    assert!(!a.eligible_for(PaymentId::Second));
}

#[test]
fn vastra_gotaland_2026_earns_part_a_not_part_b() {
    let a = assess(
        include_bytes!("../../../spec/examples/2026-14-vastra-gotaland.json"),
        "2026-09-15T10:00:00Z",
    );
    assert!(
        a.complete(),
        "{:?}",
        a.missing().collect::<std::vec::Vec<_>>()
    );
    assert!(a.eligible_for(PaymentId::SecondA));
    assert!(!a.eligible_for(PaymentId::SecondB));
    assert_eq!(find(&a, "lead_time.rectum").met, Some(false));
    for diagnosis in ["breast", "colon", "prostate"] {
        assert_eq!(
            find(&a, &std::format!("lead_time.{diagnosis}")).met,
            Some(true),
            "{diagnosis}"
        );
    }
    assert_eq!(find(&a, "special_report.colorectal").met, Some(true));
    assert_eq!(a.conditions().len(), 9);
}

#[test]
fn the_largest_assessment_fits() {
    let mut rules = Rules::of(Year::Y2026);
    rules.lead_time_diagnoses.clear();
    for i in 0..crate::rules::MAX_DIAGNOSES {
        let id = std::format!("{i}{}", "x".repeat(31));
        rules
            .lead_time_diagnoses
            .push(DiagnosisId::new(&id).unwrap())
            .unwrap();
    }
    rules.narrative = &SectionName::ALL;
    let entries = std::vec!["{}"; crate::report::MAX_LEAD_TIMES].join(",");
    let report = std::format!(
        r#"{{"schema": "svf-report/1", "agreement_year": 2026, "region_code": "23", "period": {{}}, "lead_times": [{entries}]}}"#
    );
    let report = Report::parse(report.as_bytes()).unwrap();
    let a = Assessment::of(
        &report,
        &rules,
        Receipt::with_first(at("2026-12-31T23:59:59Z"), at("2026-10-01T00:00:00Z")),
    );
    assert_eq!(
        a.missing().collect::<std::vec::Vec<_>>().len(),
        MAX_MISSING - 2 * crate::rules::MAX_DIAGNOSES,
        "every entry and diagnosis lacks"
    );
    let mut buffer = std::vec![0u8; MAX_JSON_BYTES];
    let n = a.write_json(&mut buffer).unwrap();
    assert!(n < MAX_JSON_BYTES * 3 / 4, "{n} bytes, with room to spare");
    assert_eq!(pieces(&a), buffer[..n]);
}

#[test]
fn the_largest_assessment_with_every_lead_time_fits() {
    let mut rules = Rules::of(Year::Y2026);
    rules.lead_time_diagnoses.clear();
    let id = |i: usize| std::format!("{i:02}{}", "x".repeat(30));
    for i in 0..crate::rules::MAX_DIAGNOSES {
        rules
            .lead_time_diagnoses
            .push(DiagnosisId::new(&id(i)).unwrap())
            .unwrap();
    }
    rules.narrative = &SectionName::ALL;
    let max = u32::MAX;
    let half = max / 2;
    let entries: std::vec::Vec<_> = (0..crate::report::MAX_LEAD_TIMES)
        .map(|i| {
            std::format!(
                r#"{{"svf": "{}", "patients": {max}, "within_target": {half}, "baseline_patients": {max}, "baseline_within_target": {max},
                   "by_sex": {{"women": {{"patients": {max}, "within_target": {half}}}, "men": {{"patients": {max}, "within_target": {half}}}}}}}"#,
                id(i)
            )
        })
        .collect();
    let report = std::format!(
        r#"{{"schema": "svf-report/1", "agreement_year": 2026, "region_code": "23", "period": {{}},
            "inclusion": {{"new_cases": {max}, "in_svf": {max}, "by_sex": {{"women": {{"new_cases": {max}, "in_svf": {max}}}, "men": {{"new_cases": {max}, "in_svf": {max}}}}}}},
            "lead_times": [{}]}}"#,
        entries.join(",")
    );
    let report = Report::parse(report.as_bytes()).unwrap();
    let a = Assessment::of(
        &report,
        &rules,
        Receipt::with_first(at("2026-12-31T23:59:59Z"), at("2026-10-01T00:00:00Z")),
    );
    assert_eq!(a.reported().count(), crate::report::MAX_LEAD_TIMES);
    assert_eq!(a.advice().count(), crate::rules::MAX_DIAGNOSES);
    let mut buffer = std::vec![0u8; MAX_JSON_BYTES];
    let n = a.write_json(&mut buffer).unwrap();
    assert!(n < MAX_JSON_BYTES * 3 / 4, "{n} bytes, with room to spare");
    assert_eq!(pieces(&a), buffer[..n]);
}

/// The assessment as [`Assessment::write_json_pieces`] writes it, with the largest piece.
fn pieces_and_largest(a: &Assessment) -> (std::vec::Vec<u8>, usize) {
    let mut scratch = [0u8; MAX_PIECE_BYTES];
    let mut out = std::vec::Vec::new();
    let mut largest = 0;
    a.write_json_pieces(&mut scratch, |piece| {
        largest = largest.max(piece.len());
        out.extend_from_slice(piece);
        Ok::<(), ()>(())
    })
    .unwrap();
    (out, largest)
}

fn pieces(a: &Assessment) -> std::vec::Vec<u8> {
    pieces_and_largest(a).0
}

#[test]
fn the_pieces_are_the_whole_and_the_largest_piece_fits() {
    // The longest phrase there can be, all quotes (two bytes each when written).
    const QUOTES: crate::json::Phrase = crate::json::Phrase::new(
        "\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"",
        "\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"",
    );
    assert_eq!(QUOTES.en().len(), crate::json::PHRASE_BYTES);
    // Every error at its largest, made of the characters JSON escapes the longest: a quote is
    // two bytes, a control character six.
    let mut errors = std::vec::Vec::new();
    for _ in 0..crate::json::MAX_ERRORS {
        let mut path = crate::json::JsonPath::default();
        let key: heapless::String<48> = core::iter::repeat_n('"', 48).collect();
        path.push(crate::json::Step::Unknown(key));
        errors.push(crate::report::ReportError {
            path,
            reason: crate::json::Reason::Expected(&QUOTES),
        });
    }
    let rejected =
        Assessment::rejected(Some(Year::Y2026), None, at("2026-09-30T12:00:00Z"), &errors);
    let mut buffer = std::vec![0u8; MAX_JSON_BYTES];
    let n = rejected.write_json(&mut buffer).unwrap();
    let (written, largest) = pieces_and_largest(&rejected);
    assert_eq!(written, buffer[..n]);
    assert!(largest > 80, "{largest}");
    for example in [
        &include_bytes!("../../../spec/examples/2024-01-stockholm.json")[..],
        include_bytes!("../../../spec/examples/2024-13-halland-incomplete.json"),
        include_bytes!("../../../spec/examples/2026-14-vastra-gotaland.json"),
    ] {
        let a = assess(example, "2026-10-01T08:00:00Z");
        let n = a.write_json(&mut buffer).unwrap();
        assert_eq!(pieces(&a), buffer[..n]);
    }
    // A sink that fails stops the writing with its error.
    let mut scratch = [0u8; MAX_PIECE_BYTES];
    let mut calls = 0;
    let stopped = rejected.write_json_pieces(&mut scratch, |_| {
        calls += 1;
        if calls == 3 { Err("full") } else { Ok(()) }
    });
    assert_eq!(stopped, Err(Pieces::Emit("full")));
    assert_eq!(calls, 3);
    let mut small = [0u8; 4];
    assert_eq!(
        rejected.write_json_pieces(&mut small, |_| Ok::<(), ()>(())),
        Err(Pieces::TooLarge)
    );
}

#[test]
fn a_baseline_is_missing_only_where_it_would_decide() {
    let report = |within: u32| {
        std::format!(
            r#"{{"schema": "svf-report/1", "agreement_year": 2026, "region_code": "14",
                "inclusion": {{"new_cases": 100, "in_svf": 90}}, "prem": {{"used": true}},
                "lead_times": [{{"svf": "breast", "patients": 100, "within_target": {within}}},
                  {{"svf": "colon", "patients": 100, "within_target": 90}},
                  {{"svf": "rectum", "patients": 100, "within_target": 80}},
                  {{"svf": "prostate", "patients": 100, "within_target": 85}}],
                "narrative": {{"lead_times": "x", "prem_use": "x", "colorectal": "x", "myeloma": "x"}}}}"#
        )
    };
    let at_goal = assess(report(80).as_bytes(), "2026-09-15T10:00:00Z");
    assert!(
        at_goal.complete(),
        "{:?}",
        at_goal.missing().collect::<std::vec::Vec<_>>()
    );
    assert!(at_goal.eligible_for(PaymentId::SecondA) && at_goal.eligible_for(PaymentId::SecondB));
    let below = assess(report(79).as_bytes(), "2026-09-15T10:00:00Z");
    let missing: std::vec::Vec<std::string::String> = below
        .missing()
        .collect::<std::vec::Vec<_>>()
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(
        missing,
        [
            "lead_times.breast.baseline_patients",
            "lead_times.breast.baseline_within_target"
        ]
    );
    assert_eq!(find(&below, "lead_time.breast").met, None);
}

#[test]
fn uppsala_2022_is_eligible() {
    let a = assess(
        include_bytes!("../../../spec/examples/2022-03-uppsala.json"),
        "2022-09-30T21:59:59Z",
    );
    assert!(
        a.complete(),
        "{:?}",
        a.missing().collect::<std::vec::Vec<_>>()
    );
    assert!(a.eligible_for(PaymentId::Second));
}

#[test]
fn the_deadline_is_midnight_swedish_time() {
    let stockholm = include_bytes!("../../../spec/examples/2024-01-stockholm.json");
    assert!(assess(stockholm, "2024-09-30T21:59:59Z").eligible_for(PaymentId::Second));
    assert!(assess(stockholm, "2024-09-30T23:59:59+02:00").eligible_for(PaymentId::Second));
    let late = assess(stockholm, "2024-09-30T22:00:00Z");
    assert!(!late.eligible_for(PaymentId::Second));
    assert_eq!(
        find(&late, "deadline")
            .detail()
            .map(|v| v.to_string())
            .as_deref(),
        Some("inkom 2024-10-01, senast 2024-09-30; för sent")
    );
    assert!(!assess(stockholm, "2024-10-01T00:00:00+02:00").eligible_for(PaymentId::Second));
}

#[test]
fn the_deadline_is_judged_on_the_first_accepted_report() {
    let stockholm = include_bytes!("../../../spec/examples/2024-01-stockholm.json");
    let report = Report::parse(stockholm).unwrap();
    let rules = Rules::of(report.year);
    let completed = Receipt::with_first(at("2024-10-05T08:00:00Z"), at("2024-09-27T08:00:00Z"));
    let a = Assessment::of(&report, &rules, completed);
    assert!(
        a.eligible_for(PaymentId::Second),
        "reported in time, completed after feedback"
    );
    assert_eq!(
        find(&a, "deadline")
            .detail()
            .map(|v| v.to_string())
            .as_deref(),
        Some("inkom första gången 2024-09-27, denna version 2024-10-05, senast 2024-09-30")
    );
    assert_eq!(a.first_received, at("2024-09-27T08:00:00Z"));
    assert_eq!(a.received, at("2024-10-05T08:00:00Z"));
    let first_late = Receipt::with_first(at("2024-10-05T08:00:00Z"), at("2024-10-01T08:00:00Z"));
    let late = Assessment::of(&report, &rules, first_late);
    assert!(!late.eligible_for(PaymentId::Second));
    assert_eq!(
        find(&late, "deadline")
            .detail()
            .map(|v| v.to_string())
            .as_deref(),
        Some(
            "inkom första gången 2024-10-01, denna version 2024-10-05, senast 2024-09-30; för sent"
        )
    );
    // A "first" after this one is this one.
    let odd = Receipt::with_first(at("2024-09-27T08:00:00Z"), at("2024-10-05T08:00:00Z"));
    assert_eq!(odd.first(), odd.received());
    let mut buffer = std::vec![0u8; MAX_JSON_BYTES];
    let n = a.write_json(&mut buffer).unwrap();
    let json = core::str::from_utf8(&buffer[..n]).unwrap();
    assert!(
        json.contains(
            r#""received":"2024-10-05T08:00:00Z","first_received":"2024-09-27T08:00:00Z""#
        ),
        "{json}"
    );
}

#[test]
fn twenty_three_and_twenty_five_are_assessed_as_twenty_four() {
    let stockholm = core::str::from_utf8(include_bytes!(
        "../../../spec/examples/2024-01-stockholm.json"
    ))
    .unwrap();
    for year in ["2023", "2025"] {
        // The year, and the period it reports on.
        let report = stockholm
            .replace(
                "\"agreement_year\": 2024",
                &std::format!("\"agreement_year\": {year}"),
            )
            .replace("\"2024-", &std::format!("\"{year}-"));
        assert!(report.contains(year));
        let a = assess(report.as_bytes(), &std::format!("{year}-09-27T08:00:00Z"));
        assert!(
            a.complete(),
            "{:?}",
            a.missing().collect::<std::vec::Vec<_>>()
        );
        assert!(a.eligible_for(PaymentId::Second));
        assert_eq!(a.agreement_year.map(u32::from), year.parse().ok());
        let late = assess(report.as_bytes(), &std::format!("{year}-09-30T22:00:00Z"));
        assert!(
            !late.eligible_for(PaymentId::Second),
            "{year}: by 30 September"
        );
    }
}

fn decide_with(json: &[u8], agency: &str) -> Assessment {
    let report = Report::parse(json).unwrap();
    let agency = crate::agency::AgencyLeadTimes::parse(agency.as_bytes()).unwrap();
    Assessment::decide(
        &report,
        &Rules::of(report.year),
        Receipt::new(at("2026-09-15T10:00:00Z")),
        &agency,
    )
}

const VG_2026: &[u8] = include_bytes!("../../../spec/examples/2026-14-vastra-gotaland.json");

#[test]
fn the_agencys_figures_decide_a_lead_time_both_ways() {
    let by_report = assess(VG_2026, "2026-09-15T10:00:00Z");
    assert_eq!(find(&by_report, "lead_time.rectum").met(), Some(false));
    assert_eq!(find(&by_report, "lead_time.breast").met(), Some(true));
    assert_eq!(
        find(&by_report, "lead_time.rectum").source(),
        Some(Source::Report)
    );
    assert!(!by_report.eligible_for(PaymentId::SecondB));

    // The agency counts rectum at 60 of 96 (62,5 %, above the baseline's 50 %): part B earned.
    let head = "region;svf;sex;patients;within_target;baseline_patients;baseline_within_target\n";
    let up = decide_with(VG_2026, &std::format!("{head}14;rectum;;96;60;90;45\n"));
    let rectum = find(&up, "lead_time.rectum");
    assert_eq!(
        (rectum.met(), rectum.source()),
        (Some(true), Some(Source::Agency))
    );
    assert_eq!(find(&up, "lead_time.breast").source(), Some(Source::Report));
    assert!(up.eligible_for(PaymentId::SecondB));
    // The report's own counts stay beside the agency's.
    let reported = up.reported().find(|r| r.svf() == "rectum").unwrap();
    assert_eq!(reported.counts(), Some((44, 96)));

    // The agency counts breast at 200 of 520, below its baseline: part B lost.
    let down = decide_with(VG_2026, &std::format!("{head}14;breast;;520;200;505;221\n"));
    assert_eq!(find(&down, "lead_time.breast").met(), Some(false));
    assert!(!down.eligible_for(PaymentId::SecondB));
    // Another region's rows decide nothing here.
    let other = decide_with(VG_2026, &std::format!("{head}01;rectum;;96;90;90;45\n"));
    assert_eq!(find(&other, "lead_time.rectum").met(), Some(false));
    assert_eq!(other, by_report);
}

#[test]
fn the_agency_stands_in_for_a_missing_entry_and_its_baseline() {
    let report = br#"{"schema": "svf-report/1", "agreement_year": 2026, "region_code": "14",
        "lead_times": [{"svf": "breast", "patients": 100, "within_target": 50}]}"#;
    let alone = assess(report, "2026-09-15T10:00:00Z");
    let missing: std::vec::Vec<_> = alone.missing().map(|m| m.to_string()).collect();
    assert!(missing.contains(&"lead_times.colon".into()), "{missing:?}");
    assert!(missing.contains(&"lead_times.breast.baseline_patients".into()));
    let head = "region;svf;sex;patients;within_target;baseline_patients;baseline_within_target\n";
    let agency = std::format!("{head}14;colon;;10;9;;\n14;breast;;100;50;100;40\n");
    let with = decide_with(report, &agency);
    let missing: std::vec::Vec<_> = with.missing().map(|m| m.to_string()).collect();
    assert!(
        !missing.iter().any(|m| m.starts_with("lead_times.colon")),
        "{missing:?}"
    );
    assert!(
        !missing.iter().any(|m| m.starts_with("lead_times.breast")),
        "{missing:?}"
    );
    assert_eq!(find(&with, "lead_time.colon").met(), Some(true));
    assert_eq!(find(&with, "lead_time.breast").met(), Some(true));
    // Below the goal without a baseline anywhere: the report's is asked for.
    let agency = std::format!("{head}14;breast;;100;50;;\n");
    let missing: std::vec::Vec<_> = decide_with(report, &agency)
        .missing()
        .map(|m| m.to_string())
        .collect();
    assert!(missing.contains(&"lead_times.breast.baseline_within_target".into()));
}

/// Västra Götaland's 2026 report with rectum's improvement fixed (part B earned), and colon
/// of `colon_patients` patients, none of them within the time.
fn vg_2026_with_colon(colon_patients: u32) -> std::string::String {
    let report = core::str::from_utf8(VG_2026).unwrap();
    let colon = r#"{ "svf": "colon", "patients": 210, "within_target": 120, "baseline_patients": 198, "baseline_within_target": 101 }"#;
    assert!(report.contains(colon));
    report
        .replace(
            colon,
            &std::format!(
                r#"{{ "svf": "colon", "patients": {colon_patients}, "within_target": 0 }}"#
            ),
        )
        .replace(r#""within_target": 44"#, r#""within_target": 60"#)
}

#[test]
fn a_diagnosis_without_patients_does_not_apply_and_does_not_block_part_b() {
    let report = vg_2026_with_colon(0);
    let a = assess(report.as_bytes(), "2026-09-15T10:00:00Z");
    assert!(
        a.complete(),
        "{:?}",
        a.missing().collect::<std::vec::Vec<_>>()
    );
    let colon = find(&a, "lead_time.colon");
    assert_eq!(colon.met(), Some(true));
    assert_eq!(colon.figures(), Figures::NoPatients);
    assert_eq!(colon.value(), None);
    assert_eq!(
        colon.detail().map(|d| d.to_string()).as_deref(),
        Some("inga patienter under perioden; kravet gäller inte")
    );
    assert!(a.eligible_for(PaymentId::SecondB));
    let mut buffer = std::vec![0u8; MAX_JSON_BYTES];
    let n = a.write_json(&mut buffer).unwrap();
    let json = core::str::from_utf8(&buffer[..n]).unwrap();
    assert!(
        json.contains(
            r#"{"id":"lead_time.colon","met":true,"source":"report","required":"bättre än utgångsläget eller minst 80 %","goal_percent":80,"detail":"inga patienter under perioden; kravet gäller inte","figures":{"patients":0}}"#
        ),
        "{json}"
    );
    // The same report with one colon patient, within the time or not, is decided as ever.
    let one = assess(vg_2026_with_colon(1).as_bytes(), "2026-09-15T10:00:00Z");
    assert_eq!(find(&one, "lead_time.colon").met(), None);

    // A rules file may count it as not met.
    let parsed = Report::parse(report.as_bytes()).unwrap();
    let rules = Rules::with_file(
        Year::Y2026,
        br#"{"schema": "svf-rules/1", "zero_patients": "not_met"}"#,
    )
    .unwrap();
    let strict = Assessment::of(&parsed, &rules, Receipt::new(at("2026-09-15T10:00:00Z")));
    let colon = find(&strict, "lead_time.colon");
    assert_eq!(colon.met(), Some(false));
    assert_eq!(
        colon.detail().map(|d| d.to_string()).as_deref(),
        Some("inga patienter under perioden; räknas enligt årets regler som inte uppfyllt")
    );
    assert!(!strict.eligible_for(PaymentId::SecondB));
    assert!(strict.eligible_for(PaymentId::SecondA));

    // The agency's row without patients is the same.
    let head = "region;svf;sex;patients;within_target\n";
    let agency = decide_with(
        VG_2026,
        &std::format!("{head}14;breast;;0;0\n14;rectum;;96;60\n"),
    );
    let breast = find(&agency, "lead_time.breast");
    assert_eq!(
        (breast.met(), breast.figures(), breast.source()),
        (Some(true), Figures::NoPatients, Some(Source::Agency))
    );
}

#[test]
fn the_agencys_rows_by_sex_alone_decide_on_their_sum() {
    // The report says rectum 44 of 96, below its baseline; the agency gives women and men only,
    // 30 of 50 and 30 of 46: 60 of 96, above the baseline of 45 of 90.
    let head = "region;svf;sex;patients;within_target;baseline_patients;baseline_within_target\n";
    let agency = std::format!("{head}14;rectum;kvinnor;50;30;;\n14;rectum;män;46;30;;\n");
    let a = decide_with(VG_2026, &agency);
    let rectum = find(&a, "lead_time.rectum");
    assert_eq!(
        (rectum.met(), rectum.source()),
        (Some(true), Some(Source::Agency))
    );
    assert_eq!(
        rectum.figures(),
        Figures::LeadTime {
            within: 60,
            patients: 96,
            baseline: Some(Baseline {
                patients: 90,
                within: 45
            }),
            reaches_goal: false
        }
    );
    let by_sex = rectum.by_sex().unwrap();
    assert_eq!(by_sex.women.map(|c| (c.part, c.whole)), Some((30, 50)));
    assert_eq!(by_sex.men.map(|c| (c.part, c.whole)), Some((30, 46)));
    assert!(a.eligible_for(PaymentId::SecondB));
}

#[test]
fn figures_by_sex_are_kept_and_never_decide() {
    let report = br#"{"schema": "svf-report/1", "agreement_year": 2026, "region_code": "14",
        "inclusion": {"new_cases": 100, "in_svf": 80, "by_sex": {"women": {"new_cases": 60, "in_svf": 30}, "men": {"new_cases": 4, "in_svf": 4}}},
        "lead_times": [{"svf": "breast", "patients": 100, "within_target": 90,
                        "by_sex": {"women": {"patients": 98, "within_target": 10}}}]}"#;
    let a = assess(report, "2026-09-15T10:00:00Z");
    let inclusion = find(&a, "inclusion");
    assert_eq!(inclusion.met(), Some(true));
    let women = inclusion.by_sex().unwrap().women.unwrap();
    assert_eq!((women.part, women.whole), (30, 60));
    let breast = find(&a, "lead_time.breast");
    assert_eq!(breast.met(), Some(true));
    assert_eq!(breast.by_sex().unwrap().women.unwrap().part, 10);
    let mut buffer = std::vec![0u8; MAX_JSON_BYTES];
    let n = a.write_json(&mut buffer).unwrap();
    let json = core::str::from_utf8(&buffer[..n]).unwrap();
    assert!(
        json.contains(
            r#""by_sex":{"women":{"new_cases":60,"in_svf":30},"men":{"new_cases":4,"in_svf":4}}"#
        ),
        "{json}"
    );
    assert!(json.contains(r#""source":"report""#), "{json}");
    // The agency's rows by sex replace the report's where the agency decides.
    let head = "region;svf;sex;patients;within_target\n";
    let agency =
        std::format!("{head}14;breast;;100;90\n14;breast;kvinnor;50;45\n14;breast;män;50;45\n");
    let b = decide_with(report, &agency);
    let by_sex = find(&b, "lead_time.breast").by_sex().unwrap();
    assert_eq!(by_sex.women.map(|c| (c.part, c.whole)), Some((45, 50)));
    assert_eq!(by_sex.men.map(|c| (c.part, c.whole)), Some((45, 50)));
}

#[test]
fn a_missed_goal_without_a_reason_is_advised_not_required() {
    let report = |reason: &str| {
        std::format!(
            r#"{{"schema": "svf-report/1", "agreement_year": 2026, "region_code": "14",
            "lead_times": [{{"svf": "breast", "patients": 100, "within_target": 50,
                            "baseline_patients": 100, "baseline_within_target": 40{reason}}},
                          {{"svf": "colon", "patients": 100, "within_target": 90}}]}}"#
        )
    };
    let without = assess(report("").as_bytes(), "2026-09-15T10:00:00Z");
    let advice: std::vec::Vec<_> = without.advice().map(|a| a.to_string()).collect();
    assert_eq!(advice, ["lead_times.breast.reason"]);
    let blank = assess(
        report(r#", "reason": "  ""#).as_bytes(),
        "2026-09-15T10:00:00Z",
    );
    assert_eq!(blank.advice().count(), 1);
    let with = assess(
        report(r#", "reason": "Brist på bröstkirurger""#).as_bytes(),
        "2026-09-15T10:00:00Z",
    );
    assert_eq!(with.advice().count(), 0);
    // The advice changes neither completeness nor any verdict.
    assert_eq!(without.complete(), with.complete());
    assert_eq!(without.conditions(), with.conditions());
    assert_eq!(without.parts(), with.parts());
}

#[test]
fn a_receipt_before_the_period_ended_is_refused_and_says_so() {
    let stockholm = include_bytes!("../../../spec/examples/2024-01-stockholm.json");
    for (received, message) in [
        (
            "1970-01-01T00:00:00Z",
            "received 1970-01-01T00:00:00Z, before the period ended (2024-06-30); a report \
             comes after its period, so the receipt time is wrong",
        ),
        (
            "2024-03-15T09:00:00Z",
            "received 2024-03-15T09:00:00Z, before the period ended (2024-06-30); a report \
             comes after its period, so the receipt time is wrong",
        ),
        // The period ends at midnight Swedish time (CEST) after its last day.
        (
            "2024-06-30T21:59:59Z",
            "received 2024-06-30T21:59:59Z, before the period ended (2024-06-30); a report \
             comes after its period, so the receipt time is wrong",
        ),
    ] {
        let a = assess(stockholm, received);
        assert_eq!(a.status(), Status::Rejected, "{received}");
        assert_eq!(a.errors().len(), 1);
        assert_eq!(a.errors()[0].path.as_str(), "period.to");
        assert_eq!(std::format!("{}", a.errors()[0].reason), message);
        assert!(a.message_fits(), "{received}");
        assert!(!a.eligible_for(PaymentId::Second));
        assert_eq!(a.first_received(), at(received));
        assert_eq!(a.agreement_year(), Some(2024));
        assert_eq!(a.region_code(), Some("01"));
    }
    let at_midnight = assess(stockholm, "2024-06-30T22:00:00Z");
    assert_eq!(at_midnight.status(), Status::Assessed);
    assert!(at_midnight.eligible_for(PaymentId::Second));

    // Without the period's end, the agreement year's start (midnight Swedish time, CET).
    let without = br#"{"schema": "svf-report/1", "agreement_year": 2024, "region_code": "01"}"#;
    let early = assess(without, "2023-12-31T22:59:59Z");
    assert_eq!(early.status(), Status::Rejected);
    assert_eq!(early.errors()[0].path.as_str(), "agreement_year");
    assert_eq!(
        std::format!("{}", early.errors()[0].reason),
        "received 2023-12-31T22:59:59Z, before the agreement year 2024 began; the receipt time \
         is wrong"
    );
    assert_eq!(
        assess(without, "2023-12-31T23:00:00Z").status(),
        Status::Assessed
    );
}

/// A first receipt before the period ended (kept from before such receipts were refused) does
/// not make a late report on time: the deadline is judged on the report's own receipt.
#[test]
fn a_first_receipt_before_the_period_ended_is_not_taken() {
    let stockholm = include_bytes!("../../../spec/examples/2024-01-stockholm.json");
    let report = Report::parse(stockholm).unwrap();
    let rules = Rules::of(report.year);
    let late = at("2024-10-05T08:00:00Z");
    for first in ["1970-01-01T00:00:00Z", "2024-06-30T21:59:59Z"] {
        let a = Assessment::of(&report, &rules, Receipt::with_first(late, at(first)));
        assert_eq!(a.status(), Status::Assessed, "{first}");
        assert_eq!(a.first_received(), late, "{first}");
        assert_eq!(find(&a, "deadline").met(), Some(false), "{first}");
        assert!(!a.eligible_for(PaymentId::Second), "{first}");
    }
    // A first receipt after the period ended and before the deadline still counts.
    let first = at("2024-09-27T08:00:00Z");
    let a = Assessment::of(&report, &rules, Receipt::with_first(late, first));
    assert_eq!(a.first_received(), first);
    assert!(a.eligible_for(PaymentId::Second));
}

#[test]
fn a_receipt_later_than_now_is_refused_by_whoever_knows_now() {
    let now = at("2024-10-01T08:00:00Z");
    let receipt = Receipt::new(at("2024-09-27T08:00:00Z"));
    assert_eq!(receipt.not_after(now), Ok(receipt));
    assert_eq!(Receipt::new(now).not_after(now), Ok(Receipt::new(now)));
    let future = Receipt::new(at("2031-01-01T00:00:00Z"));
    let reason = future.not_after(now).unwrap_err();
    assert_eq!(
        reason,
        Reason::ReceivedInFuture {
            received: at("2031-01-01T00:00:00Z"),
            now
        }
    );
    let rejected = Assessment::rejected(
        Some(Year::Y2024),
        Region::from_code("01"),
        future.received(),
        &[ReportError {
            path: JsonPath::default(),
            reason,
        }],
    );
    assert_eq!(
        std::format!("{}", rejected.errors()[0].reason),
        "received 2031-01-01T00:00:00Z, later than now (2024-10-01T08:00:00Z); the receipt time \
         is wrong"
    );
    assert!(rejected.message_fits());
}

/// Every shipped example's parts are what [`parts_earned`] makes of its own verdicts, and a
/// verdict changed one at a time changes the parts as the rules say: the check a stored
/// assessment is read back with is the rule a fresh one was decided by.
#[test]
fn parts_follow_from_the_verdicts_by_one_rule() {
    for (json, received) in [
        (
            &include_bytes!("../../../spec/examples/2024-01-stockholm.json")[..],
            "2024-09-27T08:00:00Z",
        ),
        (
            &include_bytes!("../../../spec/examples/2026-14-vastra-gotaland.json")[..],
            "2026-09-27T08:00:00Z",
        ),
    ] {
        let a = assess(json, received);
        let rules = Rules::of(Year::from_number(u64::from(a.agreement_year().unwrap())).unwrap());
        let met = |id: &ConditionId| a.conditions().iter().find(|c| c.id == *id)?.met;
        assert_eq!(parts_earned(&rules, a.complete(), met), a.parts);
        assert!(
            a.parts.iter().any(|p| p.eligible),
            "the example earns a part"
        );
        // Incomplete: nothing.
        assert!(parts_earned(&rules, false, met).iter().all(|p| !p.eligible));
        // Each condition not met, or not decided, or absent, takes every part resting on it.
        for id in condition_ids(&rules) {
            for instead in [Some(false), None] {
                let parts = parts_earned(&rules, a.complete(), |c| {
                    if *c == id { instead } else { met(c) }
                });
                for (part, before) in parts.iter().zip(&a.parts) {
                    let rests = rules.payment(part.id).and_then(|p| p.part).unwrap();
                    let expected = before.eligible && !part_rests_on(rests, &id);
                    assert_eq!(part.eligible, expected, "{id} {instead:?} {:?}", part.id);
                }
            }
        }
    }
}

/// Every reason, each with the largest figures and longest phrase it can carry, has a message in
/// English and in Swedish, different and within the bound an assessment's pieces are sized for.
#[test]
fn every_reason_has_a_message_in_both_languages_within_its_bound() {
    use crate::json::{PHRASE_BYTES, Phrase, Reason};
    use crate::time::{Date, Instant};
    const LONGEST: Phrase = Phrase::new(
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "åååååååååååååååååååååååååååååååååååååååx",
    );
    assert_eq!(LONGEST.en().len(), PHRASE_BYTES);
    assert_eq!(LONGEST.sv().len(), PHRASE_BYTES - 1);
    let instant = Instant::parse_rfc3339("2099-12-31T23:59:59Z").unwrap();
    let date = Date::parse("2099-12-31").unwrap();
    let (n, u) = (u32::MAX, usize::MAX);
    let phrase = &LONGEST;
    let reasons = [
        Reason::TooLarge {
            bytes: u,
            max: 1 << 20,
        },
        Reason::TooLarge { bytes: u, max: u },
        Reason::NotUtf8 { offset: u },
        Reason::Syntax(phrase),
        Reason::LooseNumber {
            written: phrase,
            line: n,
            column: n,
        },
        Reason::SyntaxAt {
            what: phrase,
            line: n,
            column: n,
        },
        Reason::Expected(phrase),
        Reason::UnknownField,
        Reason::DuplicateKey,
        Reason::Required,
        Reason::WrongSchema("svf-payment-decision/1"),
        Reason::UnknownYear,
        Reason::UnknownRegion,
        Reason::TooLong { max_chars: u },
        Reason::TooMany { max: u },
        Reason::ControlCharacter,
        Reason::BadEscape,
        Reason::ControlInText,
        Reason::SvfPattern,
        Reason::BadDate,
        Reason::InSvfAboveNewCases {
            in_svf: n,
            new_cases: n,
        },
        Reason::SexAboveAll { part: n, all: n },
        Reason::WithinAbovePatients {
            within: n,
            patients: n,
        },
        Reason::PeriodReversed,
        Reason::KeyShape,
        Reason::KeyRefused(phrase),
        Reason::KeyMismatch("decisions/{year}/payments/{payment}.json"),
        Reason::ReceivedBeforePeriodEnd {
            received: instant,
            last_day: date,
        },
        Reason::ReceivedBeforeYear {
            received: instant,
            year: u16::MAX,
        },
        Reason::ReceivedInFuture {
            received: instant,
            now: instant,
        },
        Reason::OtherYear { expected: u16::MAX },
        Reason::Empty,
        Reason::UnknownPart(phrase),
        Reason::UnknownPayment(phrase),
        Reason::DuplicatePart { first: u16::MAX },
        Reason::NoItems,
        Reason::DuplicateSvf { first: u16::MAX },
        Reason::UnknownRcc,
        Reason::UnknownStage,
        Reason::AreaNotOfYear(phrase),
        Reason::DuplicateArea { first: u16::MAX },
        Reason::AmountTooLarge,
        Reason::AmountsOverflow,
    ];
    for reason in reasons {
        let (en, sv) = (
            std::format!("{reason}"),
            std::format!("{}", reason.swedish()),
        );
        assert!(en.len() <= ERROR_MESSAGE_BYTES, "{} bytes: {en}", en.len());
        assert!(sv.len() <= ERROR_MESSAGE_BYTES, "{} bytes: {sv}", sv.len());
        assert!(!sv.is_empty() && en != sv, "{en:?} / {sv:?}");
    }
}

/// Reports that exercise every path of [`Assessment::of_bytes_into`]: assessed (complete,
/// incomplete, every field of a lead time), refused by the reader, by the checks, by many
/// faults, as a whole, and received too early.
fn place_cases() -> std::vec::Vec<(std::vec::Vec<u8>, &'static str)> {
    let shared: [&[u8]; 5] = [
        include_bytes!("../../../spec/examples/2024-01-stockholm.json"),
        include_bytes!("../../../spec/examples/2024-13-halland-incomplete.json"),
        include_bytes!("../../../spec/examples/2022-03-uppsala.json"),
        VG_2026,
        include_bytes!("../../../spec/examples/2024-25-norrbotten-below-inclusion.json"),
    ];
    let head = r#""schema": "svf-report/1", "agreement_year": 2026, "region_code": "14""#;
    let faults: std::vec::Vec<_> = (0..20)
        .map(|i| std::format!(r#"{{"svf": "s{i}", "patients": -1, "within_target": 1}}"#))
        .collect();
    let mut cases: std::vec::Vec<(std::vec::Vec<u8>, &'static str)> = shared
        .iter()
        .map(|bytes| (bytes.to_vec(), "2026-09-27T08:00:00Z"))
        .collect();
    for (text, received) in [
        (
            std::format!(r#"{{{head}, "lead_times": [{}]}}"#, faults.join(",")),
            "2026-09-27T08:00:00Z",
        ),
        (
            std::format!(
                r#"{{{head}, "lead_times": [{{"svf": "breast", "patients": 5, "within_target": 9, "baseline_patients": 4, "baseline_within_target": 2, "by_sex": {{"women": {{"patients": 3, "within_target": 4}}}}, "reason": " "}}]}}"#
            ),
            "2026-09-27T08:00:00Z",
        ),
        (
            std::format!(
                r#"{{{head}, "lead_times": [{{"svf": "breast", "patients": 5, "within_target": 4, "baseline_patients": 4, "baseline_within_target": 2, "by_sex": {{"men": {{"patients": 3, "within_target": 1}}}}, "reason": "ja"}}, {{"svf": "colon"}}]}}"#
            ),
            "2026-09-27T08:00:00Z",
        ),
        (
            std::format!(r#"{{{head}, "period": {{"to": "2026-12-31"}}}}"#),
            "2026-09-27T08:00:00Z",
        ),
        (
            std::format!(r#"{{{head}, "extra": 1, "prem": 2"#),
            "2026-09-27T08:00:00Z",
        ),
        ("\u{feff}[1, 2]".into(), "2026-09-27T08:00:00Z"),
        (std::string::String::new(), "2026-09-27T08:00:00Z"),
    ] {
        cases.push((text.into_bytes(), received));
    }
    cases.push((std::vec![0xff, b'{'], "2026-09-27T08:00:00Z"));
    cases
}

#[test]
fn an_assessment_made_in_place_is_the_one_returned() {
    let rules = |year| Ok::<_, core::convert::Infallible>(Rules::of(year));
    // One place for every case in turn: each must leave nothing of the one before.
    let mut place = Assessment::placeholder();
    let cases = place_cases();
    for round in [false, true] {
        for (bytes, received) in &cases {
            let receipt = Receipt::new(at(received));
            let fresh = Assessment::of_bytes(bytes, receipt, rules).unwrap();
            place.of_bytes_into(bytes, receipt, rules).unwrap();
            assert_eq!(
                place,
                fresh,
                "{}",
                std::string::String::from_utf8_lossy(bytes)
            );
            let mut one = std::vec![0u8; MAX_JSON_BYTES];
            let mut other = std::vec![0u8; MAX_JSON_BYTES];
            let n = place.write_json(&mut one).unwrap();
            let m = fresh.write_json(&mut other).unwrap();
            assert_eq!(one[..n], other[..m]);
            if round {
                // The report read as the host reads it, assessed from the report: the same.
                let old = match Report::parse(bytes) {
                    Ok(report) => Assessment::of(&report, &Rules::of(report.year), receipt),
                    Err(r) => Assessment::rejected(r.year, r.region, receipt.received, &r.errors),
                };
                assert_eq!(place, old);
            }
        }
    }
    // A rules reader's error leaves the placeholder, not part of a report (its lead times
    // are read into the place before the year's rules are asked for).
    assert_ne!(place, Assessment::placeholder());
    let refused = place.of_bytes_into(&cases[0].0, Receipt::new(at(cases[0].1)), |_| {
        Err("no rules")
    });
    assert_eq!(refused, Err("no rules"));
    assert_eq!(place, Assessment::placeholder());
}

#[test]
fn the_statuses_of_the_place_cases_are_the_ones_meant() {
    use Status::{Assessed, Rejected};
    let rules = |year| Ok::<_, core::convert::Infallible>(Rules::of(year));
    let statuses: std::vec::Vec<_> = place_cases()
        .iter()
        .map(|(bytes, received)| {
            let a = Assessment::of_bytes(bytes, Receipt::new(at(received)), rules).unwrap();
            (a.status(), a.errors().len())
        })
        .collect();
    assert_eq!(
        statuses,
        [
            (Assessed, 0),
            (Assessed, 0),
            (Assessed, 0),
            (Assessed, 0),
            (Assessed, 0),
            (Rejected, crate::json::MAX_ERRORS),
            // within_target above patients; women's within above their patients.
            (Rejected, 2),
            (Assessed, 0),
            (Rejected, 1),
            // An unknown key, then a PREM that is not an object; the reading ends there.
            (Rejected, 2),
            (Rejected, 1),
            (Rejected, 1),
            (Rejected, 1),
        ]
    );
}

#[test]
fn a_reported_entry_keeps_every_count_it_was_given() {
    let rules = |year| Ok::<_, core::convert::Infallible>(Rules::of(year));
    let cases = place_cases();
    let a = Assessment::of_bytes(&cases[7].0, Receipt::new(at(cases[7].1)), rules).unwrap();
    let reported: std::vec::Vec<_> = a.reported().collect();
    let [breast, colon] = reported[..] else {
        unreachable!("two entries: {reported:?}");
    };
    assert_eq!(breast.svf(), "breast");
    assert_eq!(breast.counts(), Some((4, 5)));
    assert_eq!(
        breast.by_sex(),
        Some(BySex {
            women: None,
            men: Some(SexCounts { whole: 3, part: 1 }),
        })
    );
    assert!(breast.reason_given());
    assert_eq!(colon.svf(), "colon");
    assert_eq!(
        (colon.counts(), colon.by_sex(), colon.reason_given()),
        (None, None, false)
    );
}
