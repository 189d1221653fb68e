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
    let mut buffer = [0u8; MAX_JSON_BYTES];
    let n = a.write_json(&mut buffer).unwrap();
    let json = core::str::from_utf8(&buffer[..n]).unwrap();
    assert!(json.starts_with(r#"{"schema":"svf-assessment/1","status":"assessed","agreement_year":2024,"region_code":"01","received":"2024-09-27T08:00:00Z","first_received":"2024-09-27T08:00:00Z","complete":true,"missing":[],"errors":[]"#), "{json}");
    assert!(json.contains(r#"{"id":"prem","met":true}"#), "{json}");
    assert!(
        json.ends_with(r#""parts":[{"id":"second","eligible":true}]}"#),
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
    // Every error at its largest, made of the characters JSON escapes the longest: a quote is
    // two bytes, a control character six.
    let mut errors = std::vec::Vec::new();
    for _ in 0..crate::json::MAX_ERRORS {
        let mut path = crate::json::JsonPath::default();
        let key: heapless::String<48> = core::iter::repeat_n('"', 48).collect();
        path.push(crate::json::Step::Unknown(key));
        errors.push(crate::report::ReportError {
            path,
            reason: crate::json::Reason::Expected("\u{1}\u{1f}\u{7f}\"\\"),
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
    let mut buffer = [0u8; MAX_JSON_BYTES];
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
        let report = stockholm.replace(
            "\"agreement_year\": 2024",
            &std::format!("\"agreement_year\": {year}"),
        );
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
