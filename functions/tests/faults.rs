//! Faults and order (`functions/tests/faults.rs`; the cases proptest shrank to are kept beside
//! it in `faults.proptest-regressions`): every store call failing in turn leaves nothing
//! half-done and the retry finishes the work exactly once; the same uploads handled in any
//! order, and delivered more than once, end in the same assessments and summary.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use svf_functions::contract::upload_ref::Upload;
use svf_functions::pipeline::PipelineError;
use svf_functions::pipeline::event;
use svf_functions::pipeline::intake::Outcome;
use svf_functions::pipeline::summary::update_summary;
use svf_functions::store::{
    Announcer, Attributes, Object, ObjectInfo, ObjectStore, Precondition, Silent, StoreError,
    VersionInfo, Written,
};
use svf_kernel::region::Year;
use svf_kernel::time::Instant;

use crate::support::{at, populations, put, record, report};
use svf_testing::s3::{Fault, Faults, s3_bucket, s3_bucket_retrying, s3_bucket_with_faults};

/// A store whose `fail_at`-th call from arming (counting from 0) fails, as S3 does when it
/// times out or throttles; every other call goes through.
struct Faulty<S> {
    inner: S,
    /// The calls since arming, and the one to fail.
    plan: Arc<(AtomicUsize, AtomicUsize)>,
}

impl<S: ObjectStore> Faulty<S> {
    fn new(inner: S) -> Self {
        Faulty {
            inner,
            plan: Arc::new((AtomicUsize::new(0), AtomicUsize::new(usize::MAX))),
        }
    }

    /// What makes the `n`-th call from now fail.
    fn arming(&self) -> impl Fn(usize) + use<S> {
        let plan = Arc::clone(&self.plan);
        move |fail_at| {
            plan.0.store(0, Ordering::SeqCst);
            plan.1.store(fail_at, Ordering::SeqCst);
        }
    }

    fn call(&self, what: &str) -> Result<(), StoreError> {
        let (calls, fail_at) = &*self.plan;
        if calls.fetch_add(1, Ordering::SeqCst) == fail_at.load(Ordering::SeqCst) {
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
        condition: Precondition,
    ) -> Result<Written, StoreError> {
        self.call("put")?;
        self.inner.put(key, bytes, content_type, condition).await
    }

    async fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, StoreError> {
        self.call("list")?;
        self.inner.list(prefix).await
    }

    async fn list_versions(&self, prefix: &str) -> Result<Vec<VersionInfo>, StoreError> {
        self.call("list_versions")?;
        self.inner.list_versions(prefix).await
    }

    async fn head_version(
        &self,
        key: &str,
        version: &str,
    ) -> Result<Option<ObjectInfo>, StoreError> {
        self.call("head_version")?;
        self.inner.head_version(key, version).await
    }

    async fn get_version(&self, key: &str, version: &str) -> Result<Option<Object>, StoreError> {
        self.call("get_version")?;
        self.inner.get_version(key, version).await
    }
}

/// An announcer (SNS) that fails its first `failures` announcements and counts the rest.
struct FlakyTopic {
    failures: AtomicUsize,
    delivered: AtomicUsize,
}

impl Announcer for FlakyTopic {
    async fn announce(
        &self,
        _subject: &str,
        _message: &str,
        _attributes: &Attributes<'_>,
    ) -> Result<(), StoreError> {
        let left = self.failures.load(Ordering::SeqCst);
        if left > 0 {
            self.failures.store(left - 1, Ordering::SeqCst);
            return Err(StoreError::Unavailable(
                "injected fault: SNS Publish throttled".into(),
            ));
        }
        self.delivered.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

/// Everything in the bucket but the uploads and configuration: what the pipeline wrote.
async fn outputs(store: &impl ObjectStore) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for prefix in ["assessments/", "notifications/", "summary/"] {
        for info in store.list(prefix).await.unwrap() {
            let bytes = store.get(&info.key).await.unwrap().unwrap().bytes;
            let bytes = crate::support::without_history(&info.key, bytes);
            out.push((info.key, bytes));
        }
    }
    out
}

const KEY: &str = "reports/2024/08/kalmar.json";

fn the_upload(etag: String) -> Upload {
    Upload::new(KEY.to_owned(), at("2024-09-20T10:00:00Z"), Some(etag))
}

/// One upload and the summary after it: the work one event starts.
async fn the_work(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    upload: &Upload,
) -> Result<(), PipelineError> {
    event::handle(store, announcer, upload).await?;
    update_summary(store, Year::Y2024).await?;
    Ok(())
}

/// The work in `clean`, a bucket without faults: the upload, and what it must end in.
async fn without_faults(clean: &impl ObjectStore) -> (Upload, Vec<(String, Vec<u8>)>) {
    populations(clean).await;
    let upload = the_upload(put(clean, KEY, report("08", 750)).await);
    the_work(clean, &Silent, &upload).await.unwrap();
    (upload, outputs(clean).await)
}

/// Fails each store call of one upload and the summary after it in turn, each time in a fresh
/// bucket from `bucket` (a store, and a way to make its `n`-th call from now fail). Each failed
/// invocation must return an error (so Lambda retries) and leave at most one notification; the
/// retry must end in exactly the outputs of a run without faults, with one notification.
/// Returns how many calls were failed.
async fn each_call_failing_in_turn<S, A, F>(mut bucket: impl FnMut() -> F) -> usize
where
    S: ObjectStore,
    A: Fn(usize),
    F: std::future::Future<Output = (S, A)>,
{
    let (upload, expected) = without_faults(&bucket().await.0).await;

    let mut failures = 0;
    for fail_at in 0.. {
        let (store, arm) = bucket().await;
        populations(&store).await;
        put(&store, KEY, report("08", 750)).await;
        arm(fail_at);
        if the_work(&store, &Silent, &upload).await.is_ok() {
            // Past the last call: no fault was injected.
            assert!(fail_at > 10, "only {fail_at} calls");
            break;
        }
        failures += 1;
        // A failed attempt leaves no notification unless its work is complete.
        let notified = store.list("notifications/").await.unwrap().len();
        assert!(notified <= 1, "call {fail_at}");
        // Lambda retries the event: it completes, exactly once.
        let retry = event::handle(&store, &Silent, &upload).await.unwrap();
        assert!(
            matches!(
                retry,
                Outcome::Assessed { .. } | Outcome::AlreadyDone { .. }
            ),
            "call {fail_at}: {retry:?}"
        );
        update_summary(&store, Year::Y2024).await.unwrap();
        assert_eq!(outputs(&store).await, expected, "call {fail_at}");
        assert_eq!(
            store.list("notifications/").await.unwrap().len(),
            1,
            "call {fail_at}"
        );
    }
    failures
}

#[tokio::test]
async fn every_failing_call_is_retried_to_exactly_one_result() {
    let failures = each_call_failing_in_turn(|| async {
        let store = Faulty::new(svf_testing::TempBucket::new("faulty"));
        let arm = store.arming();
        (store, arm)
    })
    .await;
    assert!(failures >= 10, "{failures} calls failed");
    record(
        "faults-store",
        &format!(
            "folder bucket: {failures} store calls failed in turn, each retried to exactly one result"
        ),
    );
}

/// The same through S3: the server fails one request in turn, as an internal error, as
/// throttling, and as an answer that comes after the client gave up (the write was done), to a
/// client without retries of its own (as after the SDK's retries ran out).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_failing_s3_request_is_retried_to_exactly_one_result() {
    let mut figures = Vec::new();
    for fault in [Fault::InternalError, Fault::SlowDown, Fault::LateAnswer] {
        let failures = each_call_failing_in_turn(|| async {
            let faults = Arc::new(Faults::default());
            let store = s3_bucket_with_faults(Arc::clone(&faults)).await;
            (store, move |at| faults.arm(at, fault))
        })
        .await;
        assert!(failures >= 10, "{fault:?}: {failures} requests failed");
        figures.push(format!("{fault:?} {failures}"));
    }
    record(
        "faults-s3",
        &format!(
            "S3: requests failed in turn, each retried to exactly one result: {}",
            figures.join(", ")
        ),
    );
}

/// With the SDK's own retries (its default), one failed request is retried by the client and
/// the invocation succeeds at once, with the same result.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sdk_retries_one_failed_s3_request_itself() {
    let (upload, expected) = without_faults(&s3_bucket().await).await;
    for fail_at in 0.. {
        let faults = Arc::new(Faults::default());
        let store = s3_bucket_retrying(Arc::clone(&faults)).await;
        populations(&store).await;
        put(&store, KEY, report("08", 750)).await;
        let fault = if fail_at % 2 == 0 {
            Fault::InternalError
        } else {
            Fault::SlowDown
        };
        faults.arm(fail_at, fault);
        the_work(&store, &Silent, &upload).await.unwrap();
        if faults.requests() <= fail_at {
            assert!(fail_at > 10, "only {fail_at} requests");
            break;
        }
        assert_eq!(
            outputs(&store).await,
            expected,
            "request {fail_at}, {fault:?}"
        );
    }
}

/// SNS failing: the invocation fails before the notification is recorded, so the retry
/// announces and records it; the announcement is delivered at least once, the record once.
#[tokio::test]
async fn a_failed_announcement_is_retried_and_recorded_once() {
    let store = svf_testing::TempBucket::new("sns");
    populations(&store).await;
    let upload = the_upload(put(&store, KEY, report("08", 750)).await);
    let topic = FlakyTopic {
        failures: AtomicUsize::new(2),
        delivered: AtomicUsize::new(0),
    };
    for attempt in 0..2 {
        let failed = event::handle(&store, &topic, &upload).await;
        assert!(
            matches!(
                failed,
                Err(PipelineError::Store(StoreError::Unavailable(_)))
            ),
            "attempt {attempt}: {failed:?}"
        );
        assert!(store.list("notifications/").await.unwrap().is_empty());
    }
    let done = event::handle(&store, &topic, &upload).await.unwrap();
    assert!(
        matches!(done, Outcome::Assessed { current: true, .. }),
        "{done:?}"
    );
    let again = event::handle(&store, &topic, &upload).await.unwrap();
    assert!(matches!(again, Outcome::AlreadyDone { .. }), "{again:?}");
    assert_eq!(topic.delivered.load(Ordering::SeqCst), 1);
    assert_eq!(store.list("notifications/").await.unwrap().len(), 1);
    assert_eq!(store.list("assessments/").await.unwrap().len(), 1);
}

/// One region's upload: its code, a version number, the day it arrives (1–30 September, then
/// 31–40 for 1–10 October, after the deadline), and its inclusion (some fail the goal).
fn uploads() -> impl Strategy<Value = Vec<(usize, u8, u8, u32)>> {
    prop::collection::vec((0usize..4, 0u8..3, 1u8..41, 600u32..900), 1..10)
}

/// The receipt time of day `day` (see [`uploads`]).
fn day_received(day: u8) -> Instant {
    if day <= 30 {
        at(&format!("2024-09-{day:02}T10:00:00Z"))
    } else {
        at(&format!("2024-10-{:02}T10:00:00Z", day - 30))
    }
}

/// What order must not change: the assessments and the summary exactly; of each notification,
/// which upload it is for and whether it was rejected. A notification's verdict is what was
/// known when its upload was handled: a report completed after the deadline, handled before the
/// region's earlier, on-time report, is told it came late.
fn order_independent(outputs: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    outputs
        .into_iter()
        .map(|(key, bytes)| {
            if !key.starts_with("notifications/") {
                return (key, bytes);
            }
            let note: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            let kept = serde_json::json!([note["upload"], note["assessment"]["status"]]);
            (key, kept.to_string().into_bytes())
        })
        .collect()
}

async fn run_in_order(
    uploads: &[(usize, u8, u8, u32)],
    order: &[usize],
    redeliver: &[bool],
) -> Vec<(String, Vec<u8>)> {
    let codes = ["01", "03", "13", "25"];
    let store = svf_testing::TempBucket::new("order");
    populations(&store).await;
    let mut events = Vec::new();
    for &(region, version, day, in_svf) in uploads {
        let key = format!("reports/2024/{}/v{version}-d{day}.json", codes[region]);
        let etag = put(&store, &key, report(codes[region], in_svf)).await;
        events.push(Upload::new(key, day_received(day), Some(etag)));
    }
    for (&i, &twice) in order.iter().zip(redeliver) {
        let event = &events[i % events.len()];
        event::handle(&store, &Silent, event).await.unwrap();
        if twice {
            event::handle(&store, &Silent, event).await.unwrap();
        }
        update_summary(&store, Year::Y2024).await.unwrap();
    }
    // Every event at least once, whatever the order above.
    for event in &events {
        event::handle(&store, &Silent, event).await.unwrap();
    }
    update_summary(&store, Year::Y2024).await.unwrap();
    let mut result = order_independent(outputs(&store).await);
    // Notifications are named by their upload; they are the same set whatever the order.
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
