//! An S3 server (`s3s-fs`, an S3 implementation over a folder) in this process on 127.0.0.1,
//! and a store on a fresh bucket in it: for the S3 tests and the pipeline benchmark.

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
    let root = std::env::temp_dir().join(format!(
        "svf-s3s-{}-{}",
        std::process::id(),
        rand::random::<u64>()
    ));
    std::fs::create_dir_all(&root).expect("a folder for the server");
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
