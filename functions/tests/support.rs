//! What the pipeline's tests share (`functions/tests/`): objects put and read, the populations,
//! invocations run as Lambda runs them, figures kept for `scripts/test.sh`, and deleting as an
//! operator would.

use std::path::Path;

use serde_json::Value;
use svf_functions::contract::layout;
use svf_functions::store::folder::FolderStore;
use svf_functions::store::{ObjectStore, Precondition, StoreError, Written};
use svf_kernel::region::Year;
use svf_kernel::time::Instant;

/// A complete, eligible 2024 report of region `code` with `in_svf` of 1000 new cases in SVF.
pub use svf_testing::report_2024 as report;
/// A fresh folder, removed when the test is done with it.
pub use svf_testing::tempdir;

/// A fresh folder bucket, removed when the test is done with it.
pub fn folder() -> svf_testing::TempBucket {
    svf_testing::TempBucket::new("bucket")
}

pub fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(text).unwrap()
}

pub async fn put(store: &impl ObjectStore, key: &str, bytes: Vec<u8>) -> String {
    match store
        .put(key, bytes, "application/json", Precondition::Always)
        .await
        .unwrap()
    {
        Written::Yes(etag) => etag,
        Written::ConditionFailed => panic!("an unconditional write cannot fail its condition"),
    }
}

pub async fn json_at(store: &impl ObjectStore, key: &str) -> Option<Value> {
    store
        .get(key)
        .await
        .unwrap()
        .map(|o| serde_json::from_slice(&o.bytes).unwrap())
}

pub async fn populations(store: &impl ObjectStore) {
    let table = include_str!("../../tests/data/populations-2024-11.csv")
        .as_bytes()
        .to_vec();
    put(store, &layout::populations_key(Year::Y2024), table).await;
}

/// Runs an invocation as Lambda does: one that fails because the store did not answer is run
/// again (a test S3 server under this load now and then breaks off a response body).
pub async fn as_lambda<T, F>(mut invocation: impl FnMut() -> F) -> T
where
    F: std::future::Future<Output = Result<T, svf_functions::pipeline::PipelineError>>,
{
    for _ in 0..5 {
        match invocation().await {
            Ok(value) => return value,
            Err(svf_functions::pipeline::PipelineError::Store(StoreError::Unavailable(why))) => {
                eprintln!("retried: {why}");
            }
            Err(other) => panic!("{other}"),
        }
    }
    panic!("the store failed five times in a row")
}

/// Keeps a figure a test measured in `target/tmp/figures/{name}.txt`, for `scripts/test.sh` to
/// print after the tests (a passing test's output is not shown) and docs/RELIABILITY.md to cite.
pub fn record(name: &str, figure: &str) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("figures");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.txt")), format!("{figure}\n")).unwrap();
}

/// Deleting an object as an operator would: the pipeline never deletes, so the store trait has
/// no delete; the tests reach into each store.
pub trait Remove {
    /// Deletes `key`.
    fn remove(&self, key: &str) -> impl std::future::Future<Output = ()>;
}

impl Remove for FolderStore {
    async fn remove(&self, key: &str) {
        std::fs::remove_file(self.path_of(key).unwrap()).unwrap();
    }
}

impl Remove for svf_testing::TempBucket {
    async fn remove(&self, key: &str) {
        std::fs::remove_file(self.path_of(key).unwrap()).unwrap();
    }
}

impl Remove for svf_functions::store::aws::S3Store {
    async fn remove(&self, key: &str) {
        self.client()
            .delete_object()
            .bucket(self.bucket())
            .key(key)
            .send()
            .await
            .unwrap();
    }
}

/// An output with what depends on the path the bucket took left out: the history's head in
/// `payments.json` (`change`) and the page's history section. The history is a record of the
/// path (contract §9); a test that two paths end in the same bucket compares everything else.
pub fn without_history(key: &str, bytes: Vec<u8>) -> Vec<u8> {
    if key.ends_with("/payments.json") {
        let mut summary: Value = serde_json::from_slice(&bytes).unwrap();
        if let Some(fields) = summary.as_object_mut() {
            fields.remove("change");
            // The generation hashes the page, whose history section differs too.
            fields.remove("generation");
        }
        return serde_json::to_vec(&summary).unwrap();
    }
    if key.ends_with("/index.html") {
        let page = String::from_utf8(bytes).unwrap();
        if let (Some(start), Some(end)) = (
            page.find("<section id=\"historik\">"),
            page.find("</ol>\n</section>"),
        ) {
            return format!("{}{}", &page[..start], &page[end..]).into_bytes();
        }
        return page.into_bytes();
    }
    bytes
}

/// Region `code`'s 2024 report with `in_svf` of 1000 in SVF, uploaded as `name` at `received`
/// and handled as Lambda would (retried where the store did not answer).
pub async fn upload_report(
    store: &impl ObjectStore,
    code: &str,
    name: &str,
    in_svf: u32,
    received: &str,
) {
    let key = format!("reports/2024/{code}/{name}");
    let etag = put(store, &key, report(code, in_svf)).await;
    let event = svf_functions::contract::upload_ref::Upload::new(key, at(received), Some(etag));
    as_lambda(|| {
        svf_functions::pipeline::event::handle(store, &svf_functions::store::Silent, &event)
    })
    .await;
}
