//! The history of a year's payments (contract §9), on the folder bucket and on S3: every
//! change of a region's eligibility or amount is one `history/{year}/` object, chained from
//! `payments.json`; a redelivered event adds none, summaries racing lose none, and a change
//! that is not svf's stops the summary, named.

use std::sync::Arc;

use svf_functions::contract::history::Change;
use svf_functions::pipeline::summary::update_summary;
use svf_functions::store::ObjectStore;
use svf_kernel::region::Year;
use svf_testing::s3::s3_bucket;

use crate::support::{as_lambda, folder, json_at, populations, put, upload_report};

/// The chain from `payments.json`, newest first.
async fn chain(store: &impl ObjectStore) -> Vec<(String, Change)> {
    let summary = json_at(store, "summary/2024/payments.json").await.unwrap();
    let mut next = summary["change"].as_str().map(str::to_owned);
    let mut found = Vec::new();
    while let Some(key) = next.take() {
        let object = store.get(&key).await.unwrap().unwrap();
        let change = Change::parse(&object.bytes).unwrap();
        next.clone_from(&change.previous);
        found.push((key, change));
    }
    found
}

pub async fn every_change_is_kept_once_in_order(store: Arc<impl ObjectStore + 'static>) {
    populations(&*store).await;
    upload_report(&*store, "01", "r.json", 800, "2024-09-20T10:00:00Z").await;
    upload_report(&*store, "25", "r.json", 800, "2024-09-20T10:00:00Z").await;
    update_summary(&*store, Year::Y2024).await.unwrap();
    let first = chain(&*store).await;
    assert_eq!(first.len(), 1);
    assert!(first[0].1.changes.iter().all(|c| c.before.is_none()));
    assert_eq!(first[0].1.previous, None);

    // Norrbotten's newer report misses the goal: its second payment goes to 0, and
    // Stockholm's grows (redistributed).
    upload_report(&*store, "25", "v2.json", 100, "2024-09-25T10:00:00Z").await;
    update_summary(&*store, Year::Y2024).await.unwrap();
    let second = chain(&*store).await;
    assert_eq!(second.len(), 2);
    let (key, change) = &second[0];
    assert_eq!(change.previous.as_deref(), Some(first[0].0.as_str()));
    let norrbotten = change
        .changes
        .iter()
        .find(|c| c.region == "25" && c.payment == "second")
        .unwrap();
    assert!(norrbotten.before.unwrap().eligible);
    assert!(!norrbotten.after.eligible);
    assert_eq!(norrbotten.after.amount_ore, 0);
    assert!(
        change
            .changes
            .iter()
            .any(|c| c.region == "01" && c.payment == "second")
    );
    assert!(
        change
            .writes
            .iter()
            .any(|w| w.key == "assessments/2024/25.json" && w.version.is_some()),
        "{:?}",
        change.writes
    );
    let page = store.get("summary/2024/index.html").await.unwrap().unwrap();
    let page = String::from_utf8(page.bytes).unwrap();
    assert!(page.contains("<h2>Ändringshistorik</h2>"));
    assert!(page.contains("25 Norrbotten, Utbetalning 2:"));

    // Redelivered: nothing changes, no change is added.
    let listed = store.list("history/2024/").await.unwrap().len();
    update_summary(&*store, Year::Y2024).await.unwrap();
    assert_eq!(store.list("history/2024/").await.unwrap().len(), listed);
    assert_eq!(chain(&*store).await[0].0, *key);

    // Norrbotten mends its report, and four summaries race on it: the chain gains exactly
    // one change, from the summary before to the one that stands.
    upload_report(&*store, "25", "v3.json", 800, "2024-09-27T10:00:00Z").await;
    let mut racing = Vec::new();
    for _ in 0..4 {
        let store = Arc::clone(&store);
        racing.push(tokio::spawn(async move {
            as_lambda(|| update_summary(&*store, Year::Y2024)).await
        }));
    }
    for summary in racing {
        summary.await.unwrap();
    }
    let third = chain(&*store).await;
    assert_eq!(third.len(), 3, "one change for one transition, none lost");
    assert_eq!(third[0].1.previous.as_deref(), Some(key.as_str()));
    let mended = third[0]
        .1
        .changes
        .iter()
        .find(|c| c.region == "25" && c.payment == "second")
        .unwrap();
    assert!(mended.after.eligible);

    // A change that is not svf's, where the chain names one: the summary stops, named.
    put(
        &*store,
        &third[1].0,
        b"{\"schema\": \"svf-change/9\"}".to_vec(),
    )
    .await;
    upload_report(&*store, "03", "r.json", 800, "2024-09-20T10:00:00Z").await;
    let error = update_summary(&*store, Year::Y2024)
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains(&third[1].0), "{error}");
    assert!(error.contains("svf-change/1"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn folder_every_change_is_kept_once_in_order() {
    every_change_is_kept_once_in_order(Arc::new(folder())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_every_change_is_kept_once_in_order() {
    every_change_is_kept_once_in_order(Arc::new(s3_bucket().await)).await;
}
