//! An upload as the store announces it ([`Upload`]), the reference to it that assessments and
//! notifications keep ([`UploadRef`], contract §3), and the report that counts instead of one
//! that came in late ([`Superseded`]).

use serde::Serialize;
use svf_kernel::time::Instant;

/// An upload as an event announces it: one write of an object (contract §3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    /// The object's key, decoded.
    pub key: String,
    /// When it was received (the event's time; a folder's modification time).
    pub received: Instant,
    /// The entity tag the event names, if any: the content the event is about.
    pub etag: Option<String>,
    /// The version the event is about, in a versioned bucket (S3's `versionId`): then that
    /// version is read, even after the key was written again.
    pub version: Option<String>,
    /// The event's place among the events on its key (S3's `sequencer`).
    pub sequencer: Option<String>,
    /// Who wrote it, where the event says (S3's principal).
    pub uploader: Option<String>,
}

impl Upload {
    /// An upload of `key` received at `received`, of the content `etag` names, with no version,
    /// sequencer or uploader (a folder bucket's).
    pub fn new(key: impl Into<String>, received: Instant, etag: Option<String>) -> Upload {
        Upload {
            key: key.into(),
            received,
            etag,
            version: None,
            sequencer: None,
            uploader: None,
        }
    }
}

/// The upload a notification or an assessment is about: one write of an object (contract §3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct UploadRef {
    /// Its key in the bucket.
    pub key: String,
    /// Its entity tag.
    pub etag: String,
    /// Its version, in a versioned bucket (S3's `versionId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Its place among the events on its key (S3's `sequencer`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequencer: Option<String>,
    /// Who wrote it, where the store says (S3's principal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uploader: Option<String>,
}

impl UploadRef {
    /// The upload of `key` with entity tag `etag`, of no version, sequencer or uploader.
    pub fn new(key: impl Into<String>, etag: impl Into<String>) -> UploadRef {
        UploadRef {
            key: key.into(),
            etag: etag.into(),
            version: None,
            sequencer: None,
            uploader: None,
        }
    }
}

/// The report that counts for a region instead of the one a notification is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Superseded {
    /// Its upload.
    pub upload: UploadRef,
    /// When it came in.
    #[serde(serialize_with = "rfc3339")]
    pub received: Instant,
}

// The signature serde's `serialize_with` asks for.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn rfc3339<S: serde::Serializer>(instant: &Instant, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(instant)
}

/// An upload's place in the order of one region's (or one RCC's) uploads: which came later.
///
/// # Comparisons
/// `a < b` when `a` came before `b`: on one key by S3's sequencer first (compared left-padded,
/// as S3 documents), then by receipt time; across keys by receipt time, then key; last by
/// sequencer, version and entity tag, so that two uploads compare equal only when they are one.
/// Sequencers order the events on one key only, and S3's event times follow them; where a
/// folder's times do not, the receipt time decides.
#[derive(Clone, Copy, Debug)]
pub struct UploadOrder<'a> {
    received: Instant,
    upload: &'a UploadRef,
}

impl<'a> UploadOrder<'a> {
    /// The place of `upload`, received at `received`.
    pub fn new(received: Instant, upload: &'a UploadRef) -> UploadOrder<'a> {
        UploadOrder { received, upload }
    }
}

impl Ord for UploadOrder<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let (a, b) = (self.upload, other.upload);
        let by_sequencer = match (&a.sequencer, &b.sequencer) {
            (Some(x), Some(y)) if a.key == b.key => {
                let width = x.len().max(y.len());
                format!("{x:0>width$}").cmp(&format!("{y:0>width$}"))
            }
            _ => std::cmp::Ordering::Equal,
        };
        by_sequencer
            .then(self.received.cmp(&other.received))
            .then_with(|| a.key.cmp(&b.key))
            .then_with(|| a.sequencer.cmp(&b.sequencer))
            .then_with(|| a.version.cmp(&b.version))
            .then_with(|| a.etag.cmp(&b.etag))
    }
}

impl PartialOrd for UploadOrder<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for UploadOrder<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for UploadOrder<'_> {}
