//! An RCC's reports read and assessed (`svf_kernel::rcc`): the example, every refusal, every
//! incompleteness.

use svf_kernel::rcc::{Area, Rcc, RccAssessment, RccReport, Stage};
use svf_kernel::region::Year;
use svf_kernel::time::Instant;

const EXAMPLE: &[u8] = include_bytes!("../../spec/examples/rcc-2024-vast-first.json");

fn at() -> Instant {
    Instant::parse_rfc3339("2024-11-01T08:00:00Z").unwrap()
}

fn refused(json: &str) -> (String, String) {
    let rejection = RccReport::parse(json.as_bytes()).expect_err(json);
    let e = &rejection.errors[0];
    (e.path.to_string(), e.reason.to_string())
}

/// The example with `edit` applied to its JSON value.
fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut value: serde_json::Value = serde_json::from_slice(EXAMPLE).unwrap();
    edit(&mut value);
    value.to_string()
}

#[test]
fn the_example_is_complete_with_its_sums() {
    let a = RccAssessment::of_bytes(EXAMPLE, at());
    assert!(!a.is_rejected());
    assert!(a.complete(), "{:?}", a.missing());
    assert_eq!(
        (a.rcc(), a.year(), a.stage()),
        (Some(Rcc::Vast), Some(Year::Y2024), Some(Stage::First))
    );
    let figures: Vec<_> = a
        .areas()
        .iter()
        .map(|f| (f.area, f.projects, f.granted_ore, f.applications))
        .collect();
    assert_eq!(
        figures,
        [
            (Area::Patologi, 2, 570_000_000, Some(9)),
            (Area::Radiologi, 1, 300_000_000, Some(6)),
            (Area::Rehabilitering, 1, 800_000_000, None),
        ]
    );
    let mut buffer = vec![0u8; 16 * 1024];
    let n = a.write_json(&mut buffer).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&buffer[..n]).unwrap();
    assert_eq!(json["schema"], "svf-rcc-assessment/1");
    assert_eq!(json["status"], "assessed");
    assert_eq!(json["areas"][0]["granted_ore"], 570_000_000);
}

#[test]
fn impossible_reports_are_refused_with_their_place() {
    let cases: Vec<(String, &str, &str)> = vec![
        (
            edited(|v| v["rcc"] = "vastra".into()),
            "rcc",
            "is not one of the six RCC",
        ),
        (
            edited(|v| v["stage"] = "second".into()),
            "stage",
            "must be \"first\" or \"final\"",
        ),
        (
            edited(|v| v["areas"][1]["area"] = "primarvard".into()),
            "areas[1].area",
            "is not a special investment of the year (patologi, radiologi, rehabilitering)",
        ),
        (
            edited(|v| v["areas"][1]["area"] = "patologi".into()),
            "areas[1].area",
            "the same area as areas[0]",
        ),
        (
            edited(|v| v["areas"][0]["projects"][1]["amount_ore"] = (-5).into()),
            "areas[0].projects[1].amount_ore",
            "expected a whole number of öre from 0",
        ),
        (
            edited(|v| v["areas"][0]["projects"][1]["amount_ore"] = u64::MAX.into()),
            "areas[0].projects[1].amount_ore",
            "is larger than the largest amount",
        ),
        (
            edited(|v| {
                v["areas"][0]["projects"][0]["amount_ore"] = i64::MAX.into();
                v["areas"][0]["projects"][1]["amount_ore"] = 1.into();
            }),
            "areas[0].projects[1].amount_ore",
            "the area's amounts sum beyond",
        ),
        (
            edited(|v| v["areas"][0]["projects"][0]["budget"] = 1.into()),
            "areas[0].projects[0].budget",
            "the schema has no such field",
        ),
        (
            edited(|v| v["schema"] = "svf-report/1".into()),
            "schema",
            "must be \"svf-rcc-report/1\"",
        ),
        (
            edited(|v| {
                v.as_object_mut().unwrap().remove("rcc");
            }),
            "rcc",
            "is required",
        ),
        (
            edited(|v| v["agreement_year"] = 2021.into()),
            "agreement_year",
            "must be an agreement year",
        ),
        (
            edited(|v| {
                v["areas"][2].as_object_mut().unwrap().remove("area");
            }),
            "areas[2].area",
            "is required",
        ),
        (
            "{\"schema\": \"svf-rcc-report/1\",".into(),
            "",
            "not valid JSON",
        ),
    ];
    for (json, path, reason) in cases {
        let (p, r) = refused(&json);
        assert_eq!(p, path, "{json}");
        assert!(r.starts_with(reason), "{r} / {reason}");
    }
    let a = RccAssessment::of_bytes(b"[]", at());
    assert!(a.is_rejected() && !a.complete() && a.areas().is_empty());
}

#[test]
fn what_is_asked_for_and_missing_is_listed() {
    let json = edited(|v| {
        v.as_object_mut().unwrap().remove("stage");
        v["areas"].as_array_mut().unwrap().remove(1);
        v["areas"][0]["criteria"] = "   ".into();
        v["areas"][0]["projects"][1]
            .as_object_mut()
            .unwrap()
            .remove("recipient");
        v["areas"][1]["projects"][0]
            .as_object_mut()
            .unwrap()
            .remove("amount_ore");
    });
    let a = RccAssessment::of_bytes(json.as_bytes(), at());
    let (missing, more) = a.missing();
    let missing: Vec<_> = missing.iter().map(ToString::to_string).collect();
    assert_eq!(
        missing,
        [
            "stage",
            "areas.radiologi",
            "areas[0].criteria",
            "areas[0].projects[1].recipient",
            "areas[1].projects[0].amount_ore",
        ]
    );
    assert_eq!(more, 0);
    assert!(!a.complete());
    // The final report asks for results, good examples, proposals and lead-time effects.
    let final_report = edited(|v| v["stage"] = "final".into());
    let a = RccAssessment::of_bytes(final_report.as_bytes(), at());
    let (missing, _) = a.missing();
    let missing: Vec<_> = missing.iter().map(ToString::to_string).collect();
    assert_eq!(missing.len(), 4 + 4, "{missing:?}");
    assert!(missing.contains(&"areas[0].projects[0].results".to_string()));
    assert!(missing.contains(&"lead_time_effects".to_string()));
}
