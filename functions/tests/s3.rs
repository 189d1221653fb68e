//! The pipeline on S3 (`functions/tests/s3.rs`): the real `aws-sdk-s3` client, through the S3
//! store, against an S3 server (`s3s-fs`, an S3 implementation over a folder) running in this
//! process on 127.0.0.1. The same scenarios as on the folder bucket, and S3's own conditional
//! writes.

use svf_functions::store::{ObjectStore, Precondition};

use crate::scenarios;
use crate::support::record;
use svf_testing::s3::s3_bucket;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_an_rccs_reports_are_assessed_and_compiled() {
    crate::rcc::an_rccs_reports_are_assessed_and_compiled(&s3_bucket().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_the_agencys_data_decides_and_tells_each_region_once() {
    crate::lead_times::the_agencys_data_decides_and_tells_each_region_once(&s3_bucket().await)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_an_upload_is_assessed_and_notified_once() {
    scenarios::an_upload_is_assessed_and_notified_once(&s3_bucket().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_the_newest_report_wins_in_any_order() {
    scenarios::the_newest_report_wins_in_any_order(&s3_bucket().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_a_rejected_report_never_replaces_an_assessment() {
    scenarios::a_rejected_report_never_replaces_an_assessment(&s3_bucket().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_a_report_must_match_its_key() {
    scenarios::a_report_must_match_its_key(&s3_bucket().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_an_oversized_upload_is_rejected_unread() {
    scenarios::an_oversized_upload_is_rejected_unread(&s3_bucket().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_keys_outside_reports_are_ignored() {
    scenarios::keys_outside_reports_are_ignored(&s3_bucket().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_a_re_upload_of_earlier_bytes_is_an_upload() {
    scenarios::a_re_upload_of_earlier_bytes_is_an_upload(&s3_bucket().await, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_the_summary_is_never_wrong_in_silence() {
    scenarios::the_summary_is_never_wrong_in_silence(&s3_bucket().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_the_deadline_is_judged_on_the_first_accepted_report() {
    scenarios::the_deadline_is_judged_on_the_first_accepted_report(&s3_bucket().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_a_decision_moves_the_money() {
    scenarios::a_decision_moves_the_money(&s3_bucket().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn s3_twenty_one_concurrent_uploads_round_after_round() {
    let rounds = scenarios::race_rounds();
    let race = scenarios::twenty_one_concurrent_uploads(rounds, s3_bucket).await;
    record(
        "concurrency-s3",
        &format!("S3 bucket (s3s-fs, aws-sdk-s3): {race}"),
    );
    assert_eq!(race.rounds, rounds);
    assert!(race.written >= race.rounds, "{race:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_conditional_writes() {
    scenarios::conditional_writes(&s3_bucket().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_lists_every_page() {
    let store = s3_bucket().await;
    // More than one page of ListObjectsV2 (1 000 keys).
    for i in 0..1005 {
        store
            .put(&format!("p/{i:04}"), vec![], "x", Precondition::Always)
            .await
            .unwrap();
    }
    store
        .put("q/other", vec![], "x", Precondition::Always)
        .await
        .unwrap();
    let keys: Vec<String> = store
        .list("p/")
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.key)
        .collect();
    assert_eq!(keys.len(), 1005);
    assert_eq!(keys.first().map(String::as_str), Some("p/0000"));
    assert_eq!(keys.last().map(String::as_str), Some("p/1004"));
}
