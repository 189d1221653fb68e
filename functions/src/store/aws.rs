//! The cloud: S3 as the store, SNS as the announcer, and S3 events as uploads.

use aws_lambda_events::event::s3::{S3Event, S3EventRecord};
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::primitives::ByteStream;
use svf_kernel::time::Instant;

use crate::contract::layout::decode_event_key;
use crate::contract::upload_ref::Upload;
use crate::store::{
    Announcer, Attributes, Object, ObjectInfo, ObjectStore, Precondition, StoreError, VersionInfo,
    Written,
};

/// The S3 client the functions use: the SDK's configuration from the environment, with
/// path-style addressing when `SVF_S3_PATH_STYLE` is `1` or `true` (S3 servers other than AWS).
pub fn s3_client(config: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    let path_style = std::env::var("SVF_S3_PATH_STYLE").is_ok_and(|v| v == "1" || v == "true");
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(config)
            .force_path_style(path_style)
            .build(),
    )
}

/// One bucket through the S3 API.
#[derive(Clone, Debug)]
pub struct S3Store {
    client: aws_sdk_s3::Client,
    bucket: String,
}

impl S3Store {
    /// The bucket `bucket` through `client`.
    pub fn new(client: aws_sdk_s3::Client, bucket: impl Into<String>) -> S3Store {
        S3Store {
            client,
            bucket: bucket.into(),
        }
    }

    /// The bucket's name.
    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// The client it calls S3 with.
    pub fn client(&self) -> &aws_sdk_s3::Client {
        &self.client
    }

    /// HEAD of the object, or of one version of it.
    async fn head_object(
        &self,
        key: &str,
        version: Option<&str>,
    ) -> Result<Option<ObjectInfo>, StoreError> {
        let request = self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(key)
            .set_version_id(version.map(str::to_owned));
        match request.send().await {
            Ok(out) => Ok(Some(ObjectInfo {
                key: key.to_owned(),
                size: out
                    .content_length()
                    .and_then(|n| u64::try_from(n).ok())
                    .unwrap_or(0),
                etag: out.e_tag().unwrap_or_default().to_owned(),
            })),
            // A version that does not exist is 404 too (400 for a malformed version id).
            Err(e) if status(&e) == Some(404) || (version.is_some() && status(&e) == Some(400)) => {
                Ok(None)
            }
            Err(e) => Err(unavailable("HEAD", key, &e)),
        }
    }

    /// GET of the object, or of one version of it.
    async fn get_object(
        &self,
        key: &str,
        version: Option<&str>,
    ) -> Result<Option<Object>, StoreError> {
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .set_version_id(version.map(str::to_owned));
        let out = match request.send().await {
            Ok(out) => out,
            Err(e) if status(&e) == Some(404) || (version.is_some() && status(&e) == Some(400)) => {
                return Ok(None);
            }
            Err(e) => return Err(unavailable("GET", key, &e)),
        };
        let etag = out.e_tag().unwrap_or_default().to_owned();
        let bytes = out
            .body
            .collect()
            .await
            .map_err(|e| StoreError::Unavailable(format!("GET {key}: reading the body: {e}")))?
            .into_bytes()
            .to_vec();
        Ok(Some(Object { bytes, etag }))
    }
}

/// The HTTP status of a failed call, if it got an answer.
fn status<E, R>(error: &SdkError<E, R>) -> Option<u16>
where
    R: HttpStatus,
{
    error.raw_response().map(HttpStatus::status)
}

/// Lets [`status`] read the status of any SDK response type.
trait HttpStatus {
    fn status(&self) -> u16;
}

impl HttpStatus for aws_sdk_s3::config::http::HttpResponse {
    fn status(&self) -> u16 {
        self.status().as_u16()
    }
}

fn unavailable<E: ProvideErrorMetadata + std::fmt::Debug, R: std::fmt::Debug>(
    what: &str,
    key: &str,
    error: &SdkError<E, R>,
) -> StoreError {
    let detail = match error {
        SdkError::ServiceError(e) => {
            format!(
                "{} {}",
                e.err().code().unwrap_or("error"),
                e.err().message().unwrap_or_default()
            )
        }
        other => format!("{other:?}"),
    };
    StoreError::Unavailable(format!("{what} {key}: {detail}"))
}

impl ObjectStore for S3Store {
    async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, StoreError> {
        self.head_object(key, None).await
    }

    async fn get(&self, key: &str) -> Result<Option<Object>, StoreError> {
        self.get_object(key, None).await
    }

    async fn list_versions(&self, prefix: &str) -> Result<Vec<VersionInfo>, StoreError> {
        let mut out = Vec::new();
        let (mut key_marker, mut version_marker) = (None::<String>, None::<String>);
        loop {
            let page = self
                .client
                .list_object_versions()
                .bucket(&self.bucket)
                .prefix(prefix)
                .set_key_marker(key_marker.take())
                .set_version_id_marker(version_marker.take())
                .send()
                .await
                .map_err(|e| unavailable("LIST VERSIONS", prefix, &e))?;
            for version in page.versions() {
                let Some(key) = version.key() else { continue };
                out.push(VersionInfo {
                    key: key.to_owned(),
                    // An unversioned bucket answers "null" for every object.
                    version: version
                        .version_id()
                        .filter(|v| *v != "null")
                        .map(str::to_owned),
                    size: version
                        .size()
                        .and_then(|n| u64::try_from(n).ok())
                        .unwrap_or(0),
                    etag: version.e_tag().unwrap_or_default().to_owned(),
                    received: version
                        .last_modified()
                        .and_then(|t| Instant::from_unix_seconds(t.secs())),
                });
            }
            if page.is_truncated() != Some(true) {
                break;
            }
            key_marker = page.next_key_marker().map(str::to_owned);
            version_marker = page.next_version_id_marker().map(str::to_owned);
            if key_marker.is_none() {
                break;
            }
        }
        // Oldest first on each key, as S3 lists newest first.
        out.sort_by(|a, b| a.key.cmp(&b.key).then(a.received.cmp(&b.received)));
        Ok(out)
    }

    async fn head_version(
        &self,
        key: &str,
        version: &str,
    ) -> Result<Option<ObjectInfo>, StoreError> {
        self.head_object(key, Some(version)).await
    }

    async fn get_version(&self, key: &str, version: &str) -> Result<Option<Object>, StoreError> {
        self.get_object(key, Some(version)).await
    }

    async fn put(
        &self,
        key: &str,
        bytes: Vec<u8>,
        content_type: &str,
        condition: Precondition,
    ) -> Result<Written, StoreError> {
        let mut request = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(ByteStream::from(bytes));
        let conditional = condition != Precondition::Always;
        request = match condition {
            Precondition::Always => request,
            Precondition::IfAbsent => request.if_none_match("*"),
            Precondition::IfMatch(etag) => request.if_match(etag),
        };
        match request.send().await {
            Ok(out) => Ok(Written::Yes(out.e_tag().unwrap_or_default().to_owned())),
            // 412: the condition failed. 409: a concurrent conditional write won. 404: the
            // object to match is gone (S3 answers so for If-Match on a missing key).
            Err(e) if conditional && matches!(status(&e), Some(412 | 409 | 404)) => {
                Ok(Written::ConditionFailed)
            }
            Err(e) => Err(unavailable("PUT", key, &e)),
        }
    }

    async fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, StoreError> {
        let mut out = Vec::new();
        let mut pages = self
            .client
            .list_objects_v2()
            .bucket(&self.bucket)
            .prefix(prefix)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| unavailable("LIST", prefix, &e))?;
            for object in page.contents() {
                let Some(key) = object.key() else { continue };
                out.push(ObjectInfo {
                    key: key.to_owned(),
                    size: object
                        .size()
                        .and_then(|n| u64::try_from(n).ok())
                        .unwrap_or(0),
                    etag: object.e_tag().unwrap_or_default().to_owned(),
                });
            }
        }
        out.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(out)
    }
}

/// Announces notifications on an SNS topic, when one is configured (`SVF_TOPIC_ARN`).
#[derive(Clone, Debug)]
pub struct SnsAnnouncer {
    topic: Option<(aws_sdk_sns::Client, String)>,
}

impl SnsAnnouncer {
    /// Publishes to `topic_arn` through `client`; `None` announces nothing.
    pub fn new(topic: Option<(aws_sdk_sns::Client, String)>) -> SnsAnnouncer {
        SnsAnnouncer { topic }
    }

    /// The topic a function announces on, `SVF_TOPIC_ARN` as the template sets it; none
    /// (nothing announced) when it is unset or empty.
    pub fn from_env(config: &aws_config::SdkConfig) -> SnsAnnouncer {
        let topic = std::env::var("SVF_TOPIC_ARN")
            .ok()
            .filter(|arn| !arn.is_empty());
        SnsAnnouncer::new(topic.map(|arn| (aws_sdk_sns::Client::new(config), arn)))
    }
}

impl Announcer for SnsAnnouncer {
    async fn announce(
        &self,
        subject: &str,
        message: &str,
        attributes: &Attributes<'_>,
    ) -> Result<(), StoreError> {
        let Some((client, arn)) = &self.topic else {
            return Ok(());
        };
        // SNS subjects are ASCII-printable and at most 100 characters.
        let subject: String = subject
            .chars()
            .map(|c| match c {
                'å' | 'ä' => 'a',
                'Å' | 'Ä' => 'A',
                'ö' => 'o',
                'Ö' => 'O',
                c if c.is_ascii() && !c.is_ascii_control() => c,
                _ => '?',
            })
            .take(100)
            .collect();
        let mut request = client
            .publish()
            .topic_arn(arn)
            .subject(subject)
            .message(message)
            .message_attributes("status", sns_attribute("String", attributes.status)?);
        if let Some(region) = attributes.region_code {
            request = request.message_attributes("region_code", sns_attribute("String", region)?);
        }
        if let Some(rcc) = attributes.rcc {
            request = request.message_attributes("rcc", sns_attribute("String", rcc)?);
        }
        if let Some(audience) = attributes.audience {
            request = request.message_attributes("audience", sns_attribute("String", audience)?);
        }
        if let Some(year) = attributes.agreement_year {
            request = request.message_attributes(
                "agreement_year",
                sns_attribute("Number", &year.to_string())?,
            );
        }
        request.send().await.map(|_| ()).map_err(|e| {
            StoreError::Unavailable(format!(
                "SNS publish: {}",
                aws_sdk_sns::error::DisplayErrorContext(&e)
            ))
        })
    }
}

/// One SNS message attribute.
fn sns_attribute(
    data_type: &str,
    value: &str,
) -> Result<aws_sdk_sns::types::MessageAttributeValue, StoreError> {
    aws_sdk_sns::types::MessageAttributeValue::builder()
        .data_type(data_type)
        .string_value(value)
        .build()
        .map_err(|e| StoreError::Unavailable(format!("SNS attribute: {e}")))
}

/// Why an event record cannot be handled.
#[derive(Debug, PartialEq, Eq)]
pub enum EventError {
    /// A field the record must have is missing.
    Missing(&'static str),
    /// The key's form encoding is broken.
    Key(String),
    /// The event time is out of range.
    Time,
}

impl std::fmt::Display for EventError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EventError::Missing(field) => write!(f, "the S3 event record has no {field}"),
            EventError::Key(key) => write!(
                f,
                "the S3 event key {key:?} is not valid form encoding of UTF-8"
            ),
            EventError::Time => f.write_str("the S3 event time is out of range"),
        }
    }
}

impl std::error::Error for EventError {}

/// The bucket and the upload an S3 event record announces.
///
/// # Errors
/// [`EventError`] for a record without a bucket or key, a broken key, or an impossible time.
pub fn upload_of(record: &S3EventRecord) -> Result<(String, Upload), EventError> {
    let bucket = record
        .s3
        .bucket
        .name
        .clone()
        .ok_or(EventError::Missing("bucket name"))?;
    let encoded = record
        .s3
        .object
        .key
        .as_deref()
        .ok_or(EventError::Missing("object key"))?;
    let key = decode_event_key(encoded).ok_or_else(|| EventError::Key(encoded.to_owned()))?;
    let received =
        Instant::from_unix_seconds(record.event_time.timestamp()).ok_or(EventError::Time)?;
    // S3 events carry the entity tag unquoted; the API quotes it.
    let etag = record
        .s3
        .object
        .e_tag
        .as_deref()
        .filter(|e| !e.is_empty())
        .map(|e| {
            if e.starts_with('"') {
                e.to_owned()
            } else {
                format!("\"{e}\"")
            }
        });
    let object = &record.s3.object;
    let present = |value: &Option<String>| value.clone().filter(|v| !v.is_empty());
    let mut upload = Upload::new(key, received, etag);
    // A versioned bucket names the version the event is about; the sequencer orders the
    // events on one key; the principal is who wrote it.
    upload.version = present(&object.version_id).filter(|v| v != "null");
    upload.sequencer = present(&object.sequencer);
    upload.uploader = present(&record.principal_id.principal_id);
    Ok((bucket, upload))
}

/// Every record's bucket and upload.
///
/// # Errors
/// The first record that cannot be read.
pub fn uploads_of(event: &S3Event) -> Result<Vec<(String, Upload)>, EventError> {
    event.records.iter().map(upload_of).collect()
}
