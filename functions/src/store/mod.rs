//! Room 2, the store: the object store the pipeline runs on, a small trait over the few calls it
//! needs, so the same code runs on S3 in the cloud, on a folder on a laptop, and on test
//! doubles. The adapters know no pipeline step and no word.
//!
//! - [`folder`]: a folder as the bucket (the embedded default).
//! - `aws` (feature `aws`): S3, SNS and S3 events.

#[cfg(feature = "aws")]
pub mod aws;
pub mod folder;

use std::fmt;

use std::future::Future;
use svf_kernel::json::Phrase;

/// What a store knows of one object without reading it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectInfo {
    /// Its key.
    pub key: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its entity tag, which changes whenever its content does.
    pub etag: String,
}

/// One version of an object: every write a versioned bucket keeps, or the one a folder has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionInfo {
    /// Its key.
    pub key: String,
    /// Its version id; `None` where the store keeps no versions (a folder).
    pub version: Option<String>,
    /// Its size in bytes.
    pub size: u64,
    /// Its entity tag.
    pub etag: String,
    /// When it was written (S3's `LastModified`, a file's modification time); `None` when the
    /// time cannot be an instant of the years 1–9999.
    pub received: Option<svf_kernel::time::Instant>,
}

/// An object's content and its entity tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Object {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// The entity tag of exactly these bytes.
    pub etag: String,
}

/// When a write may happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Precondition {
    /// Always.
    Always,
    /// Only if no object has the key (`If-None-Match: *`).
    IfAbsent,
    /// Only if the object still has this entity tag (`If-Match`).
    IfMatch(String),
}

/// The outcome of a conditional write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    /// Written; the new entity tag.
    Yes(String),
    /// The condition did not hold; nothing was written.
    ConditionFailed,
}

/// A store failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The key is not acceptable to this store (it would escape the folder, say).
    BadKey {
        /// The key.
        key: String,
        /// Why.
        reason: &'static Phrase,
    },
    /// The store did not answer as it should (network, throttling, disk); worth a retry.
    Unavailable(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::BadKey { key, reason } => {
                write!(f, "the key {key:?} is refused: {}", reason.en())
            }
            StoreError::Unavailable(why) => write!(f, "the store failed: {why}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// The calls the pipeline makes on a bucket. Implementations must be safe to call from several
/// tasks at once; conditional writes must be atomic with respect to each other.
pub trait ObjectStore: Send + Sync {
    /// The object's size and entity tag, or `None` if there is none.
    fn head(
        &self,
        key: &str,
    ) -> impl Future<Output = Result<Option<ObjectInfo>, StoreError>> + Send;

    /// The object, or `None` if there is none.
    fn get(&self, key: &str) -> impl Future<Output = Result<Option<Object>, StoreError>> + Send;

    /// Writes the object if `condition` holds.
    fn put(
        &self,
        key: &str,
        bytes: Vec<u8>,
        content_type: &str,
        condition: Precondition,
    ) -> impl Future<Output = Result<Written, StoreError>> + Send;

    /// Every object whose key starts with `prefix`, in key order.
    fn list(
        &self,
        prefix: &str,
    ) -> impl Future<Output = Result<Vec<ObjectInfo>, StoreError>> + Send;

    /// Every version of every object whose key starts with `prefix`, in key order and, on one
    /// key, oldest first: what was written, including what was written over since.
    fn list_versions(
        &self,
        prefix: &str,
    ) -> impl Future<Output = Result<Vec<VersionInfo>, StoreError>> + Send;

    /// One version of an object (a versioned bucket keeps every write), or `None` if there is
    /// no such version.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] also from a store that keeps no versions (a folder).
    fn head_version(
        &self,
        key: &str,
        version: &str,
    ) -> impl Future<Output = Result<Option<ObjectInfo>, StoreError>> + Send;

    /// The bytes of one version of an object, or `None` if there is no such version.
    ///
    /// # Errors
    /// As [`ObjectStore::head_version`].
    fn get_version(
        &self,
        key: &str,
        version: &str,
    ) -> impl Future<Output = Result<Option<Object>, StoreError>> + Send;
}

/// What a subscriber can filter an announcement on (SNS message attributes): the region, the
/// year and the verdict, so that a region can subscribe to its own notifications only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attributes<'a> {
    /// The region's code, when the upload names one (`25`).
    pub region_code: Option<&'a str>,
    /// The RCC, for an RCC's upload (`vast`), so that an RCC can subscribe to its own.
    pub rcc: Option<&'a str>,
    /// The agreement year, when known.
    pub agreement_year: Option<u16>,
    /// `assessed` or `rejected` (an upload), `reminder` or `overview` (contract §11).
    pub status: &'a str,
    /// Who the message is for when it is no region's or RCC's: `agency` (the overview of a
    /// reminder day).
    pub audience: Option<&'a str>,
}

/// Where notifications are also announced (SNS in the cloud); the object in the bucket is the
/// record, this is a courtesy, delivered at least once.
pub trait Announcer: Send + Sync {
    /// Publishes one message with attributes to filter on.
    fn announce(
        &self,
        subject: &str,
        message: &str,
        attributes: &Attributes<'_>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// No announcements: the notification objects are all there is.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Announcer for Silent {
    async fn announce(
        &self,
        _subject: &str,
        _message: &str,
        _attributes: &Attributes<'_>,
    ) -> Result<(), StoreError> {
        Ok(())
    }
}
