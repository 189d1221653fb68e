//! An RCC's uploads (contract §7) against any store: assessed, kept, notified once per upload
//! (also on redelivery), refused when impossible or not the key's, told what is missing, and
//! compiled into the year's lägesbild with what each RCC received from the agreement's split.

use serde_json::Value;
use svf_functions::contract::upload_ref::Upload;
use svf_functions::pipeline::event;
use svf_functions::pipeline::intake::Outcome;
use svf_functions::pipeline::summary::update_summary;
use svf_functions::store::{ObjectStore, Silent};
use svf_kernel::region::Year;

use crate::support::{at, json_at, populations, put};

const VAST: &[u8] = include_bytes!("../../spec/examples/rcc-2024-vast-first.json");
const HALLAND: &[u8] = include_bytes!("../../demo/halland-2024.csv");

fn edited(edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut value: Value = serde_json::from_slice(VAST).unwrap();
    edit(&mut value);
    value.to_string().into_bytes()
}

async fn upload(store: &impl ObjectStore, key: &str, bytes: Vec<u8>, received: &str) -> Upload {
    let etag = put(store, key, bytes).await;
    Upload::new(key.to_owned(), at(received), Some(etag))
}

async fn notifications(store: &impl ObjectStore) -> usize {
    store
        .list("notifications/2024/rcc/vast/")
        .await
        .unwrap()
        .len()
}

pub async fn an_rccs_reports_are_assessed_and_compiled(store: &impl ObjectStore) {
    populations(store).await;
    put(store, "config/2024/halland.csv", HALLAND.to_vec()).await;
    let key = "reports/2024/rcc/vast/lagesbild.json";
    let event = upload(store, key, VAST.to_vec(), "2024-11-04T08:00:00Z").await;
    let Outcome::Assessed {
        notification,
        current: true,
    } = event::handle(store, &Silent, &event).await.unwrap()
    else {
        panic!("not assessed")
    };
    assert!(notification.starts_with("notifications/2024/rcc/vast/"));
    // Delivered again: nothing new.
    assert!(matches!(
        event::handle(store, &Silent, &event).await.unwrap(),
        Outcome::AlreadyDone { .. }
    ));
    assert_eq!(notifications(store).await, 1);
    let note = json_at(store, &notification).await.unwrap();
    assert_eq!(note["schema"], "svf-rcc-notification/1");
    let sv = note["text_sv"].as_str().unwrap();
    assert!(
        sv.starts_with("Redovisning av de särskilda satsningarna från RCC Väst"),
        "{sv}"
    );
    assert!(sv.contains("patologi: 2 projekt, 5 700 000 kr"), "{sv}");
    let stored = json_at(store, "assessments/2024/rcc/vast.json")
        .await
        .unwrap();
    assert_eq!(stored["status"], "assessed");
    assert_eq!(stored["upload"]["key"], key);

    impossible_reports_are_refused(store, key).await;
    an_earlier_report_is_told_it_does_not_count(store, key).await;
    an_incomplete_report_is_told_and_compiled(store).await;
}

/// A report that arrives after a later one (its event delayed) is assessed and told that it
/// does not count, and which does; the standing assessment stays the later one's.
async fn an_earlier_report_is_told_it_does_not_count(store: &impl ObjectStore, key: &str) {
    let late = upload(
        store,
        "reports/2024/rcc/vast/tidigare.json",
        VAST.to_vec(),
        "2024-11-01T08:00:00Z",
    )
    .await;
    let Outcome::Assessed {
        notification,
        current: false,
    } = event::handle(store, &Silent, &late).await.unwrap()
    else {
        panic!("the earlier report became current")
    };
    let note = json_at(store, &notification).await.unwrap();
    assert_eq!(note["superseded_by"]["upload"]["key"], key, "{note}");
    let sv = note["text_sv"].as_str().unwrap();
    assert!(
        sv.contains("det är inte den här redovisningen som gäller"),
        "{sv}"
    );
    assert!(sv.contains(key), "{sv}");
    assert_eq!(
        json_at(store, "assessments/2024/rcc/vast.json")
            .await
            .unwrap()["upload"]["key"],
        key
    );
}

/// Impossible reports are refused with their place, and never replace the assessment.
async fn impossible_reports_are_refused(store: &impl ObjectStore, key: &str) {
    for (name, bytes, path) in [
        ("fel-rcc.json", edited(|v| v["rcc"] = "syd".into()), "rcc"),
        (
            "fel-ar.json",
            edited(|v| v["agreement_year"] = 2025.into()),
            "agreement_year",
        ),
        (
            "fel-omrade.json",
            edited(|v| v["areas"][0]["area"] = "primarvard".into()),
            "areas[0].area",
        ),
        (
            "for-mycket.json",
            edited(|v| {
                v["areas"][0]["projects"][0]["amount_ore"] = i64::MAX.into();
            }),
            "areas[0].projects[1].amount_ore",
        ),
        (
            "negativt.json",
            edited(|v| v["areas"][0]["projects"][0]["amount_ore"] = (-1).into()),
            "areas[0].projects[0].amount_ore",
        ),
    ] {
        let event = upload(
            store,
            &format!("reports/2024/rcc/vast/{name}"),
            bytes,
            "2024-11-05T08:00:00Z",
        )
        .await;
        let Outcome::Rejected { notification } =
            event::handle(store, &Silent, &event).await.unwrap()
        else {
            panic!("{name} not rejected")
        };
        let note = json_at(store, &notification).await.unwrap();
        assert_eq!(note["assessment"]["status"], "rejected", "{name}");
        assert_eq!(note["assessment"]["errors"][0]["path"], path, "{name}");
        assert!(note["text_sv"].as_str().unwrap().contains(path), "{name}");
    }
    let unknown = upload(
        store,
        "reports/2024/rcc/vastra/x.json",
        VAST.to_vec(),
        "2024-11-05T09:00:00Z",
    )
    .await;
    assert!(matches!(
        event::handle(store, &Silent, &unknown).await.unwrap(),
        Outcome::Rejected { .. }
    ));
    assert_eq!(
        json_at(store, "assessments/2024/rcc/vast.json")
            .await
            .unwrap()["upload"]["key"],
        key
    );
}

/// An incomplete report is told what is missing, and, as the newest, counts; the lägesbild.
async fn an_incomplete_report_is_told_and_compiled(store: &impl ObjectStore) {
    let incomplete = edited(|v| {
        v["areas"][1]["criteria"] = " ".into();
        v["areas"][0]["projects"][0]
            .as_object_mut()
            .unwrap()
            .remove("recipient");
    });
    let event = upload(
        store,
        "reports/2024/rcc/vast/v2.json",
        incomplete,
        "2024-11-06T08:00:00Z",
    )
    .await;
    let Outcome::Assessed {
        notification,
        current: true,
    } = event::handle(store, &Silent, &event).await.unwrap()
    else {
        panic!("not assessed")
    };
    let note = json_at(store, &notification).await.unwrap();
    let sv = note["text_sv"].as_str().unwrap();
    assert!(
        sv.contains("areas[1].criteria: beskriv kriterierna"),
        "{sv}"
    );
    assert!(
        sv.contains("areas[0].projects[0].recipient: ange vem som fått medlen"),
        "{sv}"
    );
    assert_eq!(note["assessment"]["complete"], false);

    // The lägesbild: what Väst received is the agreement's split, never its own figure.
    update_summary(store, Year::Y2024).await.unwrap();
    let lagesbild = json_at(store, "summary/2024/lagesbild.json").await.unwrap();
    let patologi = &lagesbild["areas"][0];
    assert_eq!(patologi["area"], "patologi");
    let vast = patologi["rcc"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rcc"] == "vast")
        .unwrap()
        .clone();
    assert_eq!(vast["received_ore"], 1_118_223_300);
    assert_eq!(vast["granted_ore"], 570_000_000);
    assert_eq!(vast["passed_on"], "50,97 %");
    let sum: i64 = patologi["rcc"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["received_ore"].as_i64().unwrap())
        .sum();
    assert_eq!(sum, 6_000_000_000);
    let kinds: Vec<&str> = lagesbild["deviations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "report_missing").count(),
        5,
        "{kinds:?}"
    );
    assert!(kinds.contains(&"incomplete"), "{kinds:?}");
    let page = store
        .get("summary/2024/lagesbild.html")
        .await
        .unwrap()
        .unwrap();
    let page = String::from_utf8(page.bytes).unwrap();
    assert!(
        page.contains("Digital patologi i hela regionen"),
        "the projects are quoted"
    );
    assert!(
        store
            .get("summary/2024/lagesbild.tsv")
            .await
            .unwrap()
            .is_some()
    );
}
