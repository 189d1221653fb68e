//! Faults and order: every store call failing in turn leaves nothing half-done and the retry
//! finishes the work exactly once; the same uploads handled in any order, and delivered more than
//! once, end in the same assessments and summary.

use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use svf_functions::folder::FolderStore;
use svf_functions::store::{
    Condition, Object, ObjectInfo, ObjectStore, Silent, StoreError, Written,
};
use svf_functions::summary::update_summary;
use svf_functions::upload::{Outcome, Upload, handle_upload};
use svf_kernel::region::Year;

use crate::pipeline::{at, populations, put, report, tempdir};

/// A store whose `fail_at`-th call (counting from 0) fails, as S3 does when it times out or
/// throttles; every other call goes through.
struct Faulty<S> {
    inner: S,
    calls: AtomicUsize,
    fail_at: usize,
}

impl<S: ObjectStore> Faulty<S> {
    fn new(inner: S, fail_at: usize) -> Self {
        Faulty {
            inner,
            calls: AtomicUsize::new(0),
            fail_at,
        }
    }

    fn call(&self, what: &str) -> Result<(), StoreError> {
        if self.calls.fetch_add(1, Ordering::SeqCst) == self.fail_at {
            Err(StoreError::Unavailable(format!(
                "injected fault: {what} timed out (throttled)"
            )))
        } else {
            Ok(())
        }
    }
}

impl<S: ObjectStore> ObjectStore for Faulty<S> {
    async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, StoreError> {
        self.call("head")?;
        self.inner.head(key).await
    }

    async fn get(&self, key: &str) -> Result<Option<Object>, StoreError> {
        self.call("get")?;
        self.inner.get(key).await
    }

    async fn put(
        &self,
        key: &str,
        bytes: Vec<u8>,
        content_type: &str,
        condition: Condition,
    ) -> Result<Written, StoreError> {
        self.call("put")?;
        self.inner.put(key, bytes, content_type, condition).await
    }

    async fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, StoreError> {
        self.call("list")?;
        self.inner.list(prefix).await
    }
}

/// Everything in the bucket but the uploads and configuration: what the pipeline wrote.
async fn outputs(store: &impl ObjectStore) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for prefix in ["assessments/", "notifications/", "summary/"] {
        for info in store.list(prefix).await.unwrap() {
            let bytes = store.get(&info.key).await.unwrap().unwrap().bytes;
            out.push((info.key, bytes));
        }
    }
    out
}

#[tokio::test]
async fn every_failing_call_is_retried_to_exactly_one_result() {
    // The result without faults, to compare with.
    let clean = FolderStore::open(tempdir("clean")).unwrap();
    populations(&clean).await;
    let key = "reports/2024/08/kalmar.json";
    let etag = put(&clean, key, report("08", 750)).await;
    let upload = Upload {
        key: key.to_owned(),
        received: at("2024-09-20T10:00:00Z"),
        etag: Some(etag.clone()),
    };
    handle_upload(&clean, &Silent, &upload).await.unwrap();
    update_summary(&clean, Year::Y2024).await.unwrap();
    let expected = outputs(&clean).await;

    let mut failures = 0;
    for fail_at in 0.. {
        let dir = tempdir("faulty");
        let plain = FolderStore::open(&dir).unwrap();
        populations(&plain).await;
        put(&plain, key, report("08", 750)).await;
        let faulty = Faulty::new(FolderStore::open(&dir).unwrap(), fail_at);
        let first = async {
            handle_upload(&faulty, &Silent, &upload).await?;
            update_summary(&faulty, Year::Y2024).await
        }
        .await;
        if first.is_ok() {
            // Past the last call: no fault was injected.
            assert!(fail_at > 0);
            break;
        }
        failures += 1;
        // A failed attempt leaves no notification unless its work is complete.
        let notified = plain.list("notifications/").await.unwrap().len();
        assert!(notified <= 1, "call {fail_at}");
        // Lambda retries the event: it completes, exactly once.
        let retry = handle_upload(&plain, &Silent, &upload).await.unwrap();
        assert!(
            matches!(
                retry,
                Outcome::Assessed { .. } | Outcome::AlreadyDone { .. }
            ),
            "call {fail_at}: {retry:?}"
        );
        update_summary(&plain, Year::Y2024).await.unwrap();
        assert_eq!(outputs(&plain).await, expected, "call {fail_at}");
        assert_eq!(
            plain.list("notifications/").await.unwrap().len(),
            1,
            "call {fail_at}"
        );
    }
    assert!(
        failures >= 10,
        "every call of upload and summary was failed once ({failures} calls)"
    );
}

/// One region's upload: its code, a version number, the day of September it arrives, and its
/// inclusion (some fail the goal).
fn uploads() -> impl Strategy<Value = Vec<(usize, u8, u8, u32)>> {
    prop::collection::vec((0usize..4, 0u8..3, 1u8..29, 600u32..900), 1..10)
}

async fn run_in_order(
    uploads: &[(usize, u8, u8, u32)],
    order: &[usize],
    redeliver: &[bool],
) -> Vec<(String, Vec<u8>)> {
    let codes = ["01", "03", "13", "25"];
    let store = FolderStore::open(tempdir("order")).unwrap();
    populations(&store).await;
    let mut events = Vec::new();
    for &(region, version, day, in_svf) in uploads {
        let key = format!("reports/2024/{}/v{version}-d{day}.json", codes[region]);
        let etag = put(&store, &key, report(codes[region], in_svf)).await;
        events.push(Upload {
            key,
            received: at(&format!("2024-09-{day:02}T10:00:00Z")),
            etag: Some(etag),
        });
    }
    for (&i, &twice) in order.iter().zip(redeliver) {
        let event = &events[i % events.len()];
        handle_upload(&store, &Silent, event).await.unwrap();
        if twice {
            handle_upload(&store, &Silent, event).await.unwrap();
        }
        update_summary(&store, Year::Y2024).await.unwrap();
    }
    // Every event at least once, whatever the order above.
    for event in &events {
        handle_upload(&store, &Silent, event).await.unwrap();
    }
    update_summary(&store, Year::Y2024).await.unwrap();
    let mut result = outputs(&store).await;
    // Notification texts name the upload; they are the same set whatever the order.
    result.sort();
    result
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn the_order_of_events_does_not_matter(
        uploads in uploads(),
        order in prop::collection::vec(0usize..10, 0..12),
        redeliver in prop::collection::vec(any::<bool>(), 12),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let in_order = runtime.block_on(run_in_order(&uploads, &(0..uploads.len()).collect::<Vec<_>>(), &redeliver));
        let shuffled = runtime.block_on(run_in_order(&uploads, &order, &redeliver));
        prop_assert_eq!(in_order, shuffled);
    }
}
