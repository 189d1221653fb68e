//! No failure publishes (issue 23): a summary that cannot list, read, parse or write every
//! object it rests on publishes nothing; the standing one is kept, its page says it is out of
//! date and why, `payments.json`'s `status` says `out_of_date` with the reason, and the call
//! fails (a non-zero exit, a failed invocation). Before, an unlistable `assessments/{year}`
//! published a table that paid no region, an unreadable decision was passed over and the
//! ministry's "no" paid, and a broken `lead_times.csv` left the page looking current.

use serde_json::Value;
use svf_functions::contract::layout;
use svf_functions::contract::upload_ref::Upload;
use svf_functions::pipeline::event;
use svf_functions::store::{
    Object, ObjectInfo, ObjectStore, Precondition, Silent, StoreError, VersionInfo, Written,
};
use svf_kernel::region::Year;
use svf_testing::TempBucket;

use crate::support::{at, folder, json_at, populations, put};

/// A folder bucket whose listing of one prefix, or reading of one key, fails as a store can.
struct Failing {
    bucket: TempBucket,
    list: Option<String>,
    get: Option<String>,
}

impl Failing {
    fn new(bucket: TempBucket) -> Failing {
        Failing {
            bucket,
            list: None,
            get: None,
        }
    }
}

fn refused(what: &str) -> StoreError {
    StoreError::Unavailable(format!("{what}: permission denied"))
}

impl ObjectStore for Failing {
    async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, StoreError> {
        if self.get.as_deref() == Some(key) {
            return Err(refused(key));
        }
        self.bucket.head(key).await
    }
    async fn get(&self, key: &str) -> Result<Option<Object>, StoreError> {
        if self.get.as_deref() == Some(key) {
            return Err(refused(key));
        }
        self.bucket.get(key).await
    }
    async fn put(
        &self,
        key: &str,
        bytes: Vec<u8>,
        content_type: &str,
        condition: Precondition,
    ) -> Result<Written, StoreError> {
        self.bucket.put(key, bytes, content_type, condition).await
    }
    async fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, StoreError> {
        if self.list.as_deref() == Some(prefix) {
            return Err(refused(prefix));
        }
        self.bucket.list(prefix).await
    }
    async fn list_versions(&self, prefix: &str) -> Result<Vec<VersionInfo>, StoreError> {
        self.bucket.list_versions(prefix).await
    }
    async fn head_version(
        &self,
        key: &str,
        version: &str,
    ) -> Result<Option<ObjectInfo>, StoreError> {
        self.bucket.head_version(key, version).await
    }
    async fn get_version(&self, key: &str, version: &str) -> Result<Option<Object>, StoreError> {
        self.bucket.get_version(key, version).await
    }
}

/// A 2024 bucket with three regions assessed and its summary standing: Stockholm, Uppsala and
/// Skåne, each eligible; Skåne denied the second payment by the ministry.
async fn standing() -> Failing {
    let store = Failing::new(folder());
    populations(&store).await;
    for (code, received) in [
        ("01", "2024-09-10T08:00:00Z"),
        ("03", "2024-09-11T08:00:00Z"),
        ("12", "2024-09-12T08:00:00Z"),
    ] {
        let key = format!("reports/2024/{code}/redovisning.json");
        let etag = put(&store, &key, svf_testing::report_2024(code, 800)).await;
        event::handle(&store, &Silent, &Upload::new(key, at(received), Some(etag)))
            .await
            .unwrap();
    }
    let decision = r#"{"schema": "svf-decision/1", "agreement_year": 2024, "region_code": "12",
        "decided_by": "Socialdepartementet", "decided_on": "2024-12-05", "case": "S2024/0001",
        "parts": [{"id": "second", "eligible": false, "reason": "Ofullständig"}]}"#;
    put(
        &store,
        "decisions/2024/12.json",
        decision.as_bytes().to_vec(),
    )
    .await;
    event::summary_event(&store, &Silent, Year::Y2024)
        .await
        .unwrap();
    store
}

async fn payments(store: &impl ObjectStore) -> Value {
    json_at(store, &layout::summary_json_key(Year::Y2024))
        .await
        .unwrap()
}

/// Each region's second payment in öre, as the standing `payments.json` has it.
fn second(payments: &Value) -> Vec<(String, i64)> {
    payments["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["amounts_ore"]["second"].as_i64().unwrap_or(0) > 0)
        .map(|row| {
            (
                row["code"].as_str().unwrap().to_owned(),
                row["amounts_ore"]["second"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// What a failure must leave: the figures as they stood, `status` out of date with `why` in
/// its reason, and the page's banner saying so.
async fn kept_and_marked(store: &Failing, before: &Value, why: &str) {
    let after = payments(store).await;
    assert_eq!(second(&after), second(before), "{after}");
    assert_eq!(after["status"], "out_of_date", "{after}");
    let reason = after["out_of_date_because"].as_str().unwrap();
    assert!(reason.contains(why), "{reason}");
    let page = store
        .get(&layout::summary_html_key(Year::Y2024))
        .await
        .unwrap()
        .unwrap();
    let page = String::from_utf8(page.bytes).unwrap();
    assert!(
        page.contains("Inaktuell sammanställning"),
        "the page is not marked"
    );
}

#[tokio::test]
async fn an_unlistable_assessments_folder_publishes_nothing() {
    let mut store = standing().await;
    let before = payments(&store).await;
    assert_eq!(before["status"], "current");
    assert_eq!(second(&before).len(), 2, "{before}");
    store.list = Some(layout::assessments_prefix(Year::Y2024));
    let error = event::summary_event(&store, &Silent, Year::Y2024)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("permission denied"), "{error}");
    kept_and_marked(&store, &before, "assessments/2024/").await;
    // Mended: the summary is current again, of the same figures.
    store.list = None;
    event::summary_event(&store, &Silent, Year::Y2024)
        .await
        .unwrap();
    let after = payments(&store).await;
    assert_eq!(after["status"], "current", "{after}");
    assert!(after.get("out_of_date_because").is_none(), "{after}");
}

#[tokio::test]
async fn an_unreadable_decision_is_never_passed_over() {
    let mut store = standing().await;
    let before = payments(&store).await;
    store.get = Some("decisions/2024/12.json".to_owned());
    event::summary_event(&store, &Silent, Year::Y2024)
        .await
        .unwrap_err();
    kept_and_marked(&store, &before, "decisions/2024/12.json").await;
}

#[tokio::test]
async fn an_unreadable_assessment_never_moves_its_money_to_the_others() {
    let mut store = standing().await;
    let before = payments(&store).await;
    store.get = Some("assessments/2024/03.json".to_owned());
    event::summary_event(&store, &Silent, Year::Y2024)
        .await
        .unwrap_err();
    kept_and_marked(&store, &before, "assessments/2024/03.json").await;
}

#[tokio::test]
async fn a_broken_wait_time_file_publishes_nothing() {
    let store = standing().await;
    let before = payments(&store).await;
    // A 2024 file is read as 2026's would be: the year's assessments are decided under it.
    put(
        &store,
        &layout::lead_times_key(Year::Y2024),
        b"region;svf;sex;patients\n01;rectum;;many\n".to_vec(),
    )
    .await;
    let error = event::summary_event(&store, &Silent, Year::Y2024)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("lead_times.csv"), "{error}");
    kept_and_marked(&store, &before, "config/2024/lead_times.csv").await;
}

#[tokio::test]
async fn a_broken_wait_time_file_in_a_fresh_bucket_publishes_no_table() {
    let store = folder();
    populations(&store).await;
    let key = "reports/2024/01/redovisning.json";
    let etag = put(&store, key, svf_testing::report_2024("01", 800)).await;
    event::handle(
        &store,
        &Silent,
        &Upload::new(key.to_owned(), at("2024-09-10T08:00:00Z"), Some(etag)),
    )
    .await
    .unwrap();
    put(
        &store,
        &layout::lead_times_key(Year::Y2024),
        b"region;svf;sex;patients\n01;rectum;;many\n".to_vec(),
    )
    .await;
    event::summary_event(&store, &Silent, Year::Y2024)
        .await
        .unwrap_err();
    assert!(
        store
            .head(&layout::summary_json_key(Year::Y2024))
            .await
            .unwrap()
            .is_none(),
        "a table was published under a broken wait-time file"
    );
}

#[tokio::test]
async fn payments_json_names_every_output_of_its_generation() {
    let store = standing().await;
    let payments = payments(&store).await;
    let generation = payments["generation"].as_object().unwrap();
    assert!(
        generation.contains_key("summary/2024/index.html"),
        "{payments}"
    );
    assert!(
        generation.contains_key("summary/2024/annex-second.tsv"),
        "{payments}"
    );
    for (key, digest) in generation {
        let object = store.get(key).await.unwrap().unwrap();
        let hex: String = sha256(&object.bytes);
        assert_eq!(digest.as_str(), Some(hex.as_str()), "{key}");
    }
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    layout::hex(&sha2::Sha256::digest(bytes))
}
