//! Decided payments (contract §9) in the pipeline, on the folder bucket and on S3: the
//! government's payment decision recorded once, by a conditional create, also when summaries
//! race; the record's amounts standing whatever comes after; the record computing its amounts
//! again from its basis alone.

use std::sync::Arc;

use serde_json::Value;
use svf_functions::contract::record::Record;
use svf_functions::model::decided::verify;
use svf_functions::pipeline::summary::update_summary;
use svf_functions::store::ObjectStore;
use svf_kernel::region::Year;
use svf_testing::annex::{ANNEX_2024, annex_rows, grouped_number};
use svf_testing::s3::s3_bucket;

use crate::support::{as_lambda, folder, json_at, put, upload_report};

/// The record of 2024's second payment, which must be there.
async fn recorded(store: &impl ObjectStore) -> svf_functions::store::Object {
    store
        .get("records/2024/second.json")
        .await
        .unwrap()
        .expect("the second payment is recorded")
}

/// The 2024 second payment's decision, S2024/02172, with the published annex.
fn decision() -> Vec<u8> {
    let annex: serde_json::Map<String, Value> = annex_rows(ANNEX_2024)
        .into_iter()
        .skip(1)
        .filter(|cells| !cells[0].is_empty())
        .map(|cells| (cells[0].to_owned(), Value::from(grouped_number(cells[4]))))
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "schema": "svf-payment-decision/1", "agreement_year": 2024, "payment": "second",
        "case": "S2024/02172", "decided_on": "2024-12-18",
        "decided_by": "Regeringen (Socialdepartementet)", "annex_kr": annex,
    }))
    .unwrap()
}

fn second_of(summary: &Value, code: &str) -> i64 {
    svf_testing::payments::amount_of(summary, code, "second")
}

/// Every region reports in time; the decision comes; `summaries` summaries run at once. One
/// record is written, which computes again; a late incomplete report moves no decided öre.
pub async fn a_payment_decision_is_recorded_once_and_stands(
    store: Arc<impl ObjectStore + 'static>,
    summaries: usize,
) {
    put(
        &*store,
        "config/2024/populations.csv",
        ANNEX_2024.as_bytes().to_vec(),
    )
    .await;
    for code in svf_kernel::region::CODES {
        upload_report(&*store, code, "r.json", 800, "2024-09-20T10:00:00Z").await;
    }
    update_summary(&*store, Year::Y2024).await.unwrap();
    put(&*store, "decisions/2024/payments/second.json", decision()).await;
    let mut racing = Vec::new();
    for _ in 0..summaries {
        let store = Arc::clone(&store);
        racing.push(tokio::spawn(async move {
            as_lambda(|| update_summary(&*store, Year::Y2024)).await
        }));
    }
    for summary in racing {
        summary.await.unwrap();
    }
    let object = recorded(&*store).await;
    let record = Record::parse(&object.bytes).unwrap();
    assert_eq!(record.case, "S2024/02172");
    let computed = verify(&record).unwrap();
    assert_eq!(computed.values().map(|a| a.0).sum::<i64>(), 18_250_000_000);
    let summary = json_at(&*store, "summary/2024/payments.json")
        .await
        .unwrap();
    let decided = second_of(&summary, "25");
    assert_eq!(decided, 429_821_400);

    // Two years on, an incomplete copy: assessed, told, and no decided öre moves.
    upload_report(
        &*store,
        "25",
        "komplettering.json",
        10,
        "2026-11-30T10:00:00Z",
    )
    .await;
    update_summary(&*store, Year::Y2024).await.unwrap();
    let summary = json_at(&*store, "summary/2024/payments.json")
        .await
        .unwrap();
    assert_eq!(second_of(&summary, "25"), decided);
    let norrbotten = summary["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "25")
        .unwrap();
    assert_eq!(norrbotten["after_decision"]["second"]["current_ore"], 0);
    assert_eq!(
        norrbotten["after_decision"]["second"]["because"],
        serde_json::json!(["reports/2024/25/komplettering.json"])
    );
    let annex = store
        .get("summary/2024/annex-second.tsv")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(annex.bytes, ANNEX_2024.as_bytes());
    let again = recorded(&*store).await;
    assert_eq!(again.bytes, object.bytes, "the record never changes");
    assert_eq!(again.etag, object.etag);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn folder_a_payment_decision_is_recorded_once_and_stands() {
    a_payment_decision_is_recorded_once_and_stands(Arc::new(folder()), 4).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_a_payment_decision_is_recorded_once_and_stands() {
    a_payment_decision_is_recorded_once_and_stands(Arc::new(s3_bucket().await), 4).await;
}

/// An annex decided over fewer than 21 regions (under `withhold`, Norrbotten not eligible,
/// the annex lists the other twenty) is recorded, Norrbotten at 0; an annex one krona off is
/// refused, region by region, and nothing is recorded.
pub async fn an_annex_over_twenty_regions_is_recorded_and_one_off_is_not(store: &impl ObjectStore) {
    put(
        store,
        "config/2024/populations.csv",
        ANNEX_2024.as_bytes().to_vec(),
    )
    .await;
    put(
        store,
        "config/2024/rules.json",
        br#"{"schema": "svf-rules/1", "policy": "withhold"}"#.to_vec(),
    )
    .await;
    for code in svf_kernel::region::CODES {
        let in_svf = if code == "25" { 100 } else { 800 };
        upload_report(store, code, "r.json", in_svf, "2024-09-20T10:00:00Z").await;
    }
    update_summary(store, Year::Y2024).await.unwrap();
    let mut off: Value = serde_json::from_slice(&decision()).unwrap();
    off["annex_kr"]["01"] = Value::from(42_452_909);
    off["annex_kr"].as_object_mut().unwrap().remove("25");
    put(
        store,
        "decisions/2024/payments/second.json",
        serde_json::to_vec(&off).unwrap(),
    )
    .await;
    let error = update_summary(store, Year::Y2024)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("region 01: the annex says 42452909 kr, svf computes 42 452 908 kr"),
        "{error}"
    );
    assert!(
        store
            .get("records/2024/second.json")
            .await
            .unwrap()
            .is_none()
    );
    off["annex_kr"]["01"] = Value::from(42_452_908);
    put(
        store,
        "decisions/2024/payments/second.json",
        serde_json::to_vec(&off).unwrap(),
    )
    .await;
    update_summary(store, Year::Y2024).await.unwrap();
    let object = recorded(store).await;
    let record = Record::parse(&object.bytes).unwrap();
    assert_eq!(record.amounts_ore["25"], 0);
    assert_eq!(record.amounts_ore["01"], 4_245_290_800);
    verify(&record).unwrap();
    let summary = json_at(store, "summary/2024/payments.json").await.unwrap();
    assert_eq!(summary["withheld_ore"]["second"], 429_821_400);
    assert_eq!(summary["status"], "current");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn folder_an_annex_over_twenty_regions_is_recorded_and_one_off_is_not() {
    an_annex_over_twenty_regions_is_recorded_and_one_off_is_not(&folder()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_an_annex_over_twenty_regions_is_recorded_and_one_off_is_not() {
    an_annex_over_twenty_regions_is_recorded_and_one_off_is_not(&s3_bucket().await).await;
}
