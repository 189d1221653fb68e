//! Every change re-decides (issue 23): whatever the order in which the same uploads and the same
//! configuration writes and removals arrive, each handled as its event is (an upload by the
//! assess function, every other key by the summary function), the bucket ends with the
//! assessments and the summary that a fresh bucket gives for the final configuration and the
//! same uploads. Before, a rules file mended after some regions reported left them decided
//! under the old goal, and a removed wait-time file left part B with the region it gave it to.

use proptest::prelude::*;
use serde_json::Value;
use svf_functions::contract::layout;
use svf_functions::contract::upload_ref::Upload;
use svf_functions::pipeline::event;
use svf_functions::store::{ObjectStore, Silent};
use svf_kernel::region::Year;
use svf_testing::TempBucket;

use crate::support::{at, folder, put};

const VG: &[u8] = include_bytes!("../../spec/examples/2026-14-vastra-gotaland.json");
const POPULATIONS_2024: &str = include_str!("../../tests/data/populations-2024-11.csv");
/// A goal of 60 % where the agreement's is 70 %: a mistake the agency mends, or the mend.
const RULES_60: &str =
    r#"{"schema": "svf-rules/1", "agreement_year": 2024, "inclusion_goal_percent": 60}"#;
/// The agency's rectum figures for Västra Götaland: 60 of 96 within target, which earns it
/// part B that its own 44 of 96 do not.
const AGENCY: &str = "region;svf;sex;patients;within_target;baseline_patients;baseline_within_target\n\
                      14;rectum;;96;60;90;45\n";

/// One thing that happens to the bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Change {
    /// A region's 2024 report: (region, in SVF of 1000, the receipt time).
    Report(&'static str, u32, &'static str),
    /// Västra Götaland's 2026 report.
    Report2026,
    /// The 2024 population table written.
    Populations2024,
    /// The 2026 population table written.
    Populations2026,
    /// The 2024 rules file written (goal 60 %), or removed.
    Rules(bool),
    /// The 2026 wait-time file written, or removed.
    LeadTimes(bool),
}

/// The uploads and configuration every order is made of: 01 passes at 60 % only, 03 at both
/// goals, 25 at neither; 25 reports twice (the later one counts); the rules file and the
/// wait-time file are each written, removed and written again or not.
const CHANGES: [Change; 11] = [
    Change::Report("01", 650, "2024-09-10T08:00:00Z"),
    Change::Report("03", 750, "2024-09-11T08:00:00Z"),
    Change::Report("25", 550, "2024-09-12T08:00:00Z"),
    Change::Report("25", 580, "2024-09-20T08:00:00Z"),
    Change::Report2026,
    Change::Populations2024,
    Change::Populations2026,
    Change::Rules(true),
    Change::Rules(false),
    Change::LeadTimes(true),
    Change::LeadTimes(false),
];

fn report_2024(code: &str, in_svf: u32) -> Vec<u8> {
    svf_testing::report_2024(code, in_svf)
}

fn populations_2026() -> Vec<u8> {
    POPULATIONS_2024.replace("2024", "2026").into_bytes()
}

/// Puts (or removes) what `change` names and handles it as its event would be handled.
async fn apply(store: &TempBucket, change: Change) {
    let (key, bytes, year) = match change {
        Change::Report(code, in_svf, received) => {
            let key = format!("reports/2024/{code}/{received}.json").replace(':', "-");
            let etag = put(store, &key, report_2024(code, in_svf)).await;
            let upload = Upload::new(key, at(received), Some(etag));
            event::handle(store, &Silent, &upload).await.unwrap();
            // The assessment's write starts the summary function.
            summary(store, Year::Y2024).await;
            return;
        }
        Change::Report2026 => {
            let key = "reports/2026/14/redovisning.json".to_owned();
            let etag = put(store, &key, VG.to_vec()).await;
            let upload = Upload::new(key, at("2026-09-15T08:00:00Z"), Some(etag));
            event::handle(store, &Silent, &upload).await.unwrap();
            summary(store, Year::Y2026).await;
            return;
        }
        Change::Populations2024 => (
            layout::populations_key(Year::Y2024),
            Some(POPULATIONS_2024.as_bytes().to_vec()),
            Year::Y2024,
        ),
        Change::Populations2026 => (
            layout::populations_key(Year::Y2026),
            Some(populations_2026()),
            Year::Y2026,
        ),
        Change::Rules(written) => (
            layout::rules_key(Year::Y2024),
            written.then(|| RULES_60.as_bytes().to_vec()),
            Year::Y2024,
        ),
        Change::LeadTimes(written) => (
            layout::lead_times_key(Year::Y2026),
            written.then(|| AGENCY.as_bytes().to_vec()),
            Year::Y2026,
        ),
    };
    if let Some(bytes) = bytes {
        put(store, &key, bytes).await;
    } else {
        let path = store.dir().join(&key);
        if path.exists() {
            std::fs::remove_file(path).unwrap();
        }
    }
    // A configuration file's write or removal starts the summary function.
    summary(store, year).await;
}

/// The summary function on an event of `year`. It fails (and Lambda retries) only while
/// assessments wait for the year's population table.
async fn summary(store: &TempBucket, year: Year) {
    let outcome = event::summary_event(store, &Silent, year).await;
    let waiting = store
        .head(&layout::populations_key(year))
        .await
        .unwrap()
        .is_none();
    assert!(outcome.is_ok() || waiting, "{outcome:?}");
}

/// What must not depend on the order: every assessment and each year's payments.
async fn outcome(store: &TempBucket) -> Vec<(String, Value)> {
    let mut found = Vec::new();
    for year in [Year::Y2024, Year::Y2026] {
        let mut keys: Vec<String> = store
            .list(&layout::assessments_prefix(year))
            .await
            .unwrap()
            .into_iter()
            .map(|info| info.key)
            .collect();
        keys.push(layout::summary_json_key(year));
        keys.sort();
        for key in keys {
            if let Some(object) = store.get(&key).await.unwrap() {
                let bytes = crate::support::without_history(&key, object.bytes);
                found.push((key, serde_json::from_slice(&bytes).unwrap()));
            }
        }
    }
    found
}

/// The final configuration of an order (each file's last write or removal), laid out first in
/// a fresh bucket, then every upload: the bucket every order must end as.
async fn fresh(order: &[Change]) -> Vec<(String, Value)> {
    let store = folder();
    let last = |is: fn(&Change) -> bool| order.iter().rev().find(|c| is(c)).copied();
    let configuration = [
        last(|c| matches!(c, Change::Rules(_))),
        last(|c| matches!(c, Change::LeadTimes(_))),
        Some(Change::Populations2024),
        Some(Change::Populations2026),
    ];
    for change in configuration.into_iter().flatten() {
        apply(&store, change).await;
    }
    for change in CHANGES {
        if matches!(change, Change::Report(..) | Change::Report2026) {
            apply(&store, change).await;
        }
    }
    outcome(&store).await
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_order_ends_as_a_fresh_bucket(order in Just(CHANGES.to_vec()).prop_shuffle()) {
        let runtime = runtime();
        let store = folder();
        for &change in &order {
            runtime.block_on(apply(&store, change));
        }
        let got = runtime.block_on(outcome(&store));
        let want = runtime.block_on(fresh(&order));
        prop_assert_eq!(
            got.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            want.iter().map(|(k, _)| k).collect::<Vec<_>>()
        );
        for ((key, got), (_, want)) in got.iter().zip(&want) {
            prop_assert_eq!(got, want, "{} after {:?}", key, order);
        }
    }
}

#[test]
fn a_mended_goal_decides_the_regions_that_reported_before_it() {
    // The examples of the issue, in the order that went wrong: 01 reports under a goal of
    // 60 % (mistaken), the goal is mended to 70 % by removing the file, and 01 loses the
    // second payment it would have kept.
    let runtime = runtime();
    let store = folder();
    for change in [
        Change::Populations2024,
        Change::Rules(true),
        Change::Report("01", 650, "2024-09-10T08:00:00Z"),
        Change::Rules(false),
    ] {
        runtime.block_on(apply(&store, change));
    }
    let stockholm = runtime
        .block_on(store.get("assessments/2024/01.json"))
        .unwrap()
        .unwrap();
    let stockholm: Value = serde_json::from_slice(&stockholm.bytes).unwrap();
    assert_eq!(stockholm["parts"][0]["eligible"], false, "{stockholm}");
    assert_eq!(stockholm["provenance"]["rules"], "built in", "{stockholm}");
}

#[test]
fn a_removed_agency_file_takes_back_the_part_it_gave() {
    let runtime = runtime();
    let store = folder();
    for change in [
        Change::Populations2026,
        Change::LeadTimes(true),
        Change::Report2026,
        Change::LeadTimes(false),
    ] {
        runtime.block_on(apply(&store, change));
    }
    let vg = runtime
        .block_on(store.get("assessments/2026/14.json"))
        .unwrap()
        .unwrap();
    let vg: Value = serde_json::from_slice(&vg.bytes).unwrap();
    let part_b = vg["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "second_b")
        .unwrap();
    assert_eq!(part_b["eligible"], false, "{vg}");
    assert!(
        vg["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["source"] != "agency"),
        "{vg}"
    );
    assert!(vg["provenance"].get("lead_times").is_none(), "{vg}");
}
