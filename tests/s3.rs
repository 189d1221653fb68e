//! The pipeline on S3: the real `aws-sdk-s3` client, through the S3 store, against an S3 server
//! (`s3s-fs`, an S3 implementation over a folder) running in this process on 127.0.0.1. The same
//! scenarios as on the folder bucket, and S3's own conditional writes.

use std::sync::Arc;

use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder as Connections;
use s3s::auth::SimpleAuth;
use s3s::dto::{
    CreateBucketInput, CreateBucketOutput, GetObjectInput, GetObjectOutput, HeadObjectInput,
    HeadObjectOutput, ListObjectsV2Input, ListObjectsV2Output, PutObjectInput, PutObjectOutput,
};
use s3s::service::S3ServiceBuilder;
use s3s::{S3Request, S3Response, S3Result};
use svf_functions::aws::S3Store;
use svf_functions::store::{Condition, ObjectStore, Written};

use crate::pipeline::{scenarios, tempdir};

const ACCESS_KEY: &str = "svf-test";
const SECRET_KEY: &str = "svf-test-secret";

/// `s3s-fs` with its writes serialised. It checks a write's condition and then writes without a
/// lock, so two racing conditional writes can both succeed; S3 lets exactly one. The pipeline's
/// guarantees rest on S3's behaviour, so the test server must have it.
struct AtomicWrites {
    inner: s3s_fs::FileSystem,
    writing: tokio::sync::Mutex<()>,
}

#[async_trait::async_trait]
impl s3s::S3 for AtomicWrites {
    async fn create_bucket(
        &self,
        req: S3Request<CreateBucketInput>,
    ) -> S3Result<S3Response<CreateBucketOutput>> {
        self.inner.create_bucket(req).await
    }

    async fn put_object(
        &self,
        req: S3Request<PutObjectInput>,
    ) -> S3Result<S3Response<PutObjectOutput>> {
        let _one_at_a_time = self.writing.lock().await;
        self.inner.put_object(req).await
    }

    async fn head_object(
        &self,
        req: S3Request<HeadObjectInput>,
    ) -> S3Result<S3Response<HeadObjectOutput>> {
        self.inner.head_object(req).await
    }

    async fn get_object(
        &self,
        req: S3Request<GetObjectInput>,
    ) -> S3Result<S3Response<GetObjectOutput>> {
        self.inner.get_object(req).await
    }

    async fn list_objects_v2(
        &self,
        req: S3Request<ListObjectsV2Input>,
    ) -> S3Result<S3Response<ListObjectsV2Output>> {
        self.inner.list_objects_v2(req).await
    }
}

/// Starts an S3 server on 127.0.0.1 over a fresh folder, with a bucket; returns a store on it.
pub async fn s3_bucket() -> S3Store {
    let root = tempdir("s3s");
    let filesystem = s3s_fs::FileSystem::new(&root).expect("an s3s-fs root");
    let mut builder = S3ServiceBuilder::new(AtomicWrites {
        inner: filesystem,
        writing: tokio::sync::Mutex::new(()),
    });
    // Requests are signed (SigV4) and checked, as S3 checks them.
    builder.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
    let service = builder.build();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        let http = Connections::new(TokioExecutor::new());
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                continue;
            };
            let connection = http
                .serve_connection(TokioIo::new(socket), service.clone())
                .into_owned();
            tokio::spawn(async move {
                let _ = connection.await;
            });
        }
    });
    let config = aws_sdk_s3::config::Builder::new()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-north-1"))
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "test"))
        .endpoint_url(format!("http://{address}"))
        .force_path_style(true)
        .build();
    let client = aws_sdk_s3::Client::from_conf(config);
    client
        .create_bucket()
        .bucket("svf")
        .send()
        .await
        .expect("a bucket");
    S3Store::new(client, "svf")
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn s3_twenty_one_concurrent_uploads() {
    scenarios::twenty_one_concurrent_uploads(Arc::new(s3_bucket().await)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_conditional_writes() {
    let store = s3_bucket().await;
    assert!(matches!(
        store
            .put("a/b.json", b"1".to_vec(), "x", Condition::IfAbsent)
            .await
            .unwrap(),
        Written::Yes(_)
    ));
    assert_eq!(
        store
            .put("a/b.json", b"2".to_vec(), "x", Condition::IfAbsent)
            .await
            .unwrap(),
        Written::ConditionFailed
    );
    let etag = store.head("a/b.json").await.unwrap().unwrap().etag;
    assert_eq!(
        store
            .put(
                "a/b.json",
                b"3".to_vec(),
                "x",
                Condition::IfMatch("\"0123\"".into())
            )
            .await
            .unwrap(),
        Written::ConditionFailed
    );
    assert!(matches!(
        store
            .put("a/b.json", b"4".to_vec(), "x", Condition::IfMatch(etag))
            .await
            .unwrap(),
        Written::Yes(_)
    ));
    let object = store.get("a/b.json").await.unwrap().unwrap();
    assert_eq!(object.bytes, b"4");
    assert_eq!(store.head("missing").await.unwrap(), None);
    assert_eq!(store.get("missing").await.unwrap(), None);
    assert_eq!(
        store
            .put(
                "missing",
                b"5".to_vec(),
                "x",
                Condition::IfMatch(object.etag)
            )
            .await
            .unwrap(),
        Written::ConditionFailed
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_lists_every_page() {
    let store = s3_bucket().await;
    // More than one page of ListObjectsV2 (1 000 keys).
    for i in 0..1005 {
        store
            .put(&format!("p/{i:04}"), vec![], "x", Condition::Always)
            .await
            .unwrap();
    }
    store
        .put("q/other", vec![], "x", Condition::Always)
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
