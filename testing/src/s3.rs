//! An S3 server (`s3s-fs`, an S3 implementation over a folder) in this process on 127.0.0.1,
//! and a store on a fresh bucket in it: for the S3 tests and the pipeline benchmark. The server
//! can be told to fail one request as S3 does: an internal error, throttling, or an answer that
//! comes after the client gave up.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use aws_sdk_s3::config::retry::RetryConfig;
use aws_sdk_s3::config::timeout::TimeoutConfig;
use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder as Connections;
use s3s::auth::SimpleAuth;
use s3s::dto::{
    CreateBucketInput, CreateBucketOutput, DeleteObjectInput, DeleteObjectOutput, GetObjectInput,
    GetObjectOutput, HeadObjectInput, HeadObjectOutput, ListObjectsV2Input, ListObjectsV2Output,
    PutObjectInput, PutObjectOutput,
};
use s3s::service::S3ServiceBuilder;
use s3s::{S3Request, S3Response, S3Result, s3_error};
use svf_functions::store::aws::S3Store;

const ACCESS_KEY: &str = "svf-test";
const SECRET_KEY: &str = "svf-test-secret";

/// How long a late answer waits: longer than [`PATIENCE`], so it comes after the client gave up.
pub const LATE: Duration = Duration::from_millis(1200);
/// How long a client of [`s3_bucket_with_faults`] waits for one attempt.
pub const PATIENCE: Duration = Duration::from_millis(400);

/// How the server fails a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// `500 InternalError`, with nothing done.
    InternalError,
    /// `503 SlowDown` (throttling), with nothing done.
    SlowDown,
    /// The request is carried out, but the answer comes after the client timed out: a write
    /// happened that the client believes failed.
    LateAnswer,
}

/// Which request from now fails, and how; requests are counted from when the plan is armed.
#[derive(Debug, Default)]
pub struct Faults {
    requests: AtomicUsize,
    plan: std::sync::Mutex<Option<(usize, Fault)>>,
}

impl Faults {
    /// Fails the `at`-th request from now (counting from 0) with `fault`, once.
    pub fn arm(&self, at: usize, fault: Fault) {
        let mut plan = self.plan.lock().expect("the plan's lock");
        self.requests.store(0, Ordering::SeqCst);
        *plan = Some((at, fault));
    }

    /// The requests since the plan was armed.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The fault for the request arriving now, if it is the one planned.
    fn next(&self) -> Option<Fault> {
        let plan = self.plan.lock().expect("the plan's lock");
        let this = self.requests.fetch_add(1, Ordering::SeqCst);
        match *plan {
            Some((at, fault)) if at == this => Some(fault),
            _ => None,
        }
    }

    /// Carries out `request` unless the plan fails it.
    async fn apply<T>(&self, request: impl Future<Output = S3Result<T>>) -> S3Result<T> {
        match self.next() {
            None => request.await,
            Some(Fault::InternalError) => Err(s3_error!(InternalError, "injected fault")),
            Some(Fault::SlowDown) => Err(s3_error!(SlowDown, "injected fault")),
            Some(Fault::LateAnswer) => {
                let answer = request.await;
                tokio::time::sleep(LATE).await;
                answer
            }
        }
    }
}

/// `s3s-fs` with its writes serialised, and faults on request. `s3s-fs` checks a write's
/// condition and then writes without a lock, so two racing conditional writes can both succeed;
/// S3 lets exactly one. The pipeline's guarantees rest on S3's behaviour, so the test server
/// must have it.
struct AtomicWrites {
    inner: s3s_fs::FileSystem,
    writing: tokio::sync::Mutex<()>,
    faults: Arc<Faults>,
}

#[async_trait::async_trait]
impl s3s::S3 for AtomicWrites {
    async fn create_bucket(
        &self,
        req: S3Request<CreateBucketInput>,
    ) -> S3Result<S3Response<CreateBucketOutput>> {
        self.faults.apply(self.inner.create_bucket(req)).await
    }

    async fn put_object(
        &self,
        req: S3Request<PutObjectInput>,
    ) -> S3Result<S3Response<PutObjectOutput>> {
        self.faults
            .apply(async {
                let _one_at_a_time = self.writing.lock().await;
                self.inner.put_object(req).await
            })
            .await
    }

    async fn head_object(
        &self,
        req: S3Request<HeadObjectInput>,
    ) -> S3Result<S3Response<HeadObjectOutput>> {
        self.faults.apply(self.inner.head_object(req)).await
    }

    async fn get_object(
        &self,
        req: S3Request<GetObjectInput>,
    ) -> S3Result<S3Response<GetObjectOutput>> {
        self.faults.apply(self.inner.get_object(req)).await
    }

    async fn list_objects_v2(
        &self,
        req: S3Request<ListObjectsV2Input>,
    ) -> S3Result<S3Response<ListObjectsV2Output>> {
        self.faults.apply(self.inner.list_objects_v2(req)).await
    }

    // Only the tests delete, as an operator would by hand.
    async fn delete_object(
        &self,
        req: S3Request<DeleteObjectInput>,
    ) -> S3Result<S3Response<DeleteObjectOutput>> {
        self.faults
            .apply(async {
                let _one_at_a_time = self.writing.lock().await;
                self.inner.delete_object(req).await
            })
            .await
    }
}

/// Starts an S3 server on 127.0.0.1 over a fresh folder, with a bucket; returns a store on it
/// whose client retries as the SDK does by default.
pub async fn s3_bucket() -> S3Store {
    s3_bucket_retrying(Arc::new(Faults::default())).await
}

/// An S3 bucket whose server fails requests as `faults` plans, through a client that neither
/// retries nor waits for an answer longer than [`PATIENCE`]: every fault reaches the function,
/// as it would after the SDK's own retries ran out.
pub async fn s3_bucket_with_faults(faults: Arc<Faults>) -> S3Store {
    start(faults, |config| {
        config.retry_config(RetryConfig::disabled()).timeout_config(
            TimeoutConfig::builder()
                .operation_attempt_timeout(PATIENCE)
                .build(),
        )
    })
    .await
}

/// An S3 bucket whose server fails requests as `faults` plans, through a client that retries as
/// the SDK does by default.
pub async fn s3_bucket_retrying(faults: Arc<Faults>) -> S3Store {
    start(faults, |config| config).await
}

async fn start(
    faults: Arc<Faults>,
    client: impl FnOnce(aws_sdk_s3::config::Builder) -> aws_sdk_s3::config::Builder,
) -> S3Store {
    let root = crate::TempDir::new("s3s");
    let filesystem = s3s_fs::FileSystem::new(root.path()).expect("an s3s-fs root");
    let mut builder = S3ServiceBuilder::new(AtomicWrites {
        inner: filesystem,
        writing: tokio::sync::Mutex::new(()),
        faults,
    });
    // Requests are signed (SigV4) and checked, as S3 checks them.
    builder.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
    let service = builder.build();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        // The server's folder lives as long as the server: removed when the runtime ends.
        let _root = root;
        let http = Connections::new(TokioExecutor::new());
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                continue;
            };
            // Small responses must not wait for the peer's delayed acknowledgement.
            let _ = socket.set_nodelay(true);
            let connection = http
                .serve_connection(TokioIo::new(socket), service.clone())
                .into_owned();
            tokio::spawn(async move {
                let _ = connection.await;
            });
        }
    });
    let config = client(
        aws_sdk_s3::config::Builder::new()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("eu-north-1"))
            .credentials_provider(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "test"))
            .endpoint_url(format!("http://{address}"))
            .force_path_style(true),
    )
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
