//! The agency's wait-time data (`config/{year}/lead_times.csv`, contract §4) against any store:
//! it decides lead times both ways, its arrival or change decides the year's assessments again
//! and tells each region whose verdict changed exactly once (also when the event is delivered
//! again), and a malformed file is refused by line and column and changes nothing.

use serde_json::Value;
use svf_functions::contract::upload_ref::Upload;
use svf_functions::pipeline::event;
use svf_functions::pipeline::intake::Outcome;
use svf_functions::pipeline::summary::update_summary;
use svf_functions::store::{ObjectStore, Silent};
use svf_kernel::region::Year;

use crate::support::{at, json_at, put};

const VG: &[u8] = include_bytes!("../../spec/examples/2026-14-vastra-gotaland.json");
const HEAD: &str =
    "region;svf;sex;patients;within_target;baseline_patients;baseline_within_target\n";
const FILE: &str = "config/2026/lead_times.csv";

/// Västra Götaland's 2026 example (part B lost on rectum, 44 of 96 below its baseline) and
/// Stockholm with the same figures but rectum improved (part B earned).
fn stockholm() -> Vec<u8> {
    let mut report: Value = serde_json::from_slice(VG).unwrap();
    report["region_code"] = "01".into();
    report["region_name"] = "Stockholm".into();
    report["lead_times"][2]["within_target"] = 60.into();
    report.to_string().into_bytes()
}

async fn upload(store: &impl ObjectStore, key: &str, bytes: Vec<u8>, received: &str) -> Upload {
    let etag = put(store, key, bytes).await;
    Upload::new(key.to_owned(), at(received), Some(etag))
}

async fn part_b(store: &impl ObjectStore, region: &str) -> bool {
    let a = json_at(store, &format!("assessments/2026/{region}.json"))
        .await
        .unwrap();
    let part = a["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "second_b")
        .unwrap()
        .clone();
    part["eligible"].as_bool().unwrap()
}

async fn condition(store: &impl ObjectStore, region: &str, id: &str) -> Value {
    let a = json_at(store, &format!("assessments/2026/{region}.json"))
        .await
        .unwrap();
    a["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
        .clone()
}

async fn notified(store: &impl ObjectStore, region: &str) -> usize {
    store
        .list(&format!("notifications/2026/{region}/"))
        .await
        .unwrap()
        .len()
}

fn redecided(outcome: Outcome) -> Vec<String> {
    match outcome {
        Outcome::Redecided { notifications } => notifications,
        other => panic!("{other:?}"),
    }
}

pub async fn the_agencys_data_decides_and_tells_each_region_once(store: &impl ObjectStore) {
    two_regions(store).await;
    let event = overturned(store).await;
    // Delivered again: nothing new.
    let again = redecided(event::handle(store, &Silent, &event).await.unwrap());
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(
        (notified(store, "14").await, notified(store, "01").await),
        (2, 2)
    );
    the_money_follows(store).await;
    a_change_and_a_broken_file(store).await;
}

/// Västra Götaland and Stockholm assessed on their reports.
async fn two_regions(store: &impl ObjectStore) {
    let populations = include_str!("../../tests/data/populations-2024-11.csv");
    put(
        store,
        "config/2026/populations.csv",
        populations.as_bytes().to_vec(),
    )
    .await;
    for (key, bytes) in [
        ("reports/2026/14/vg.json", VG.to_vec()),
        ("reports/2026/01/sthlm.json", stockholm()),
    ] {
        let event = upload(store, key, bytes, "2026-09-15T10:00:00Z").await;
        let outcome = event::handle(store, &Silent, &event).await.unwrap();
        assert!(
            matches!(outcome, Outcome::Assessed { current: true, .. }),
            "{outcome:?}"
        );
    }
    assert!(!part_b(store, "14").await);
    assert!(part_b(store, "01").await);
    assert_eq!(
        condition(store, "14", "lead_time.rectum").await["source"],
        "report"
    );
}

/// The agency's counts overturn both; returns the file's event.
async fn overturned(store: &impl ObjectStore) -> Upload {
    // The agency's counts overturn both: Västra Götaland's rectum improved (60 of 96),
    // Stockholm's breast below its baseline (200 of 520).
    let agency = format!("{HEAD}14;rectum;;96;60;90;45\n01;breast;;520;200;505;221\n");
    let event = upload(store, FILE, agency.into_bytes(), "2026-10-20T08:00:00Z").await;
    let notes = redecided(event::handle(store, &Silent, &event).await.unwrap());
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(part_b(store, "14").await);
    assert!(!part_b(store, "01").await);
    let rectum = condition(store, "14", "lead_time.rectum").await;
    assert_eq!(rectum["source"], "agency");
    assert_eq!(rectum["figures"]["within"], 60);
    assert_eq!(
        condition(store, "14", "lead_time.breast").await["source"],
        "report"
    );
    // The report's own counts stay in the assessment beside the agency's, and the region is
    // told both.
    let a = json_at(store, "assessments/2026/14.json").await.unwrap();
    let own = a["lead_times"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["svf"] == "rectum")
        .unwrap()
        .clone();
    assert_eq!(own["within_target"], 44);
    assert_eq!(a["provenance"]["lead_times"]["key"], FILE);
    let note = json_at(store, &notes[1]).await.unwrap();
    let note = if note["upload"]["key"] == "reports/2026/14/vg.json" {
        note
    } else {
        json_at(store, &notes[0]).await.unwrap()
    };
    let text = note["text_sv"].as_str().unwrap();
    assert!(text.contains("Socialstyrelsens ledtidsdata"), "{text}");
    assert!(text.contains("er redovisning: 44 av 96"), "{text}");
    assert!(
        note["text_en"]
            .as_str()
            .unwrap()
            .contains("your report: 44 of 96")
    );
    assert_eq!(note["redecided_by"]["key"], FILE);
    assert_eq!(
        (notified(store, "14").await, notified(store, "01").await),
        (2, 2)
    );

    event
}

async fn the_money_follows(store: &impl ObjectStore) {
    // The money follows: part B to Västra Götaland, not to Stockholm.
    update_summary(store, Year::Y2026).await.unwrap();
    let payments = json_at(store, "summary/2026/payments.json").await.unwrap();
    let amount = |code: &str| {
        payments["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .unwrap()["amounts_ore"]["second_b"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(amount("01"), 0);
    assert_eq!(
        amount("14"),
        12_500_000_000,
        "the only region earning part B gets it all"
    );
    let national = json_at(store, "summary/2026/national.json").await.unwrap();
    let rectum = national["lead_times"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["svf"] == "rectum")
        .unwrap()
        .clone();
    // Σ within / Σ patients over the deciding figures: (60 + 60) / (96 + 96).
    assert_eq!(
        (rectum["part"].as_u64(), rectum["whole"].as_u64()),
        (Some(120), Some(192))
    );
    assert_eq!(rectum["rate"], "62,50 %");
    assert_eq!(rectum["agency"], 1);
}

async fn a_change_and_a_broken_file(store: &impl ObjectStore) {
    // A change of the file: only the region whose verdict changes is told, once.
    let changed = format!("{HEAD}14;rectum;;96;44;90;45\n01;breast;;520;200;505;221\n");
    let event = upload(store, FILE, changed.into_bytes(), "2026-10-27T08:00:00Z").await;
    let notes = redecided(event::handle(store, &Silent, &event).await.unwrap());
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].starts_with("notifications/2026/14/"));
    assert!(!part_b(store, "14").await);
    assert_eq!(
        (notified(store, "14").await, notified(store, "01").await),
        (3, 2)
    );

    // A malformed file is refused with its line and column, and changes nothing.
    let before = store
        .get("assessments/2026/14.json")
        .await
        .unwrap()
        .unwrap();
    let broken = format!("{HEAD}14;rectum;;96;44;90;45\n01;breast;;520;600;505;221\n");
    let event = upload(store, FILE, broken.into_bytes(), "2026-11-03T08:00:00Z").await;
    let error = event::handle(store, &Silent, &event)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("config/2026/lead_times.csv: line 3, column 5"),
        "{error}"
    );
    let after = store
        .get("assessments/2026/14.json")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(before.bytes, after.bytes);
    assert_eq!(
        (notified(store, "14").await, notified(store, "01").await),
        (3, 2)
    );
    // And a new upload under it is not assessed with anything made up: it fails the same way,
    // to be retried once the file is fixed.
    let event = upload(
        store,
        "reports/2026/01/again.json",
        stockholm(),
        "2026-11-04T08:00:00Z",
    )
    .await;
    assert!(event::handle(store, &Silent, &event).await.is_err());
}
