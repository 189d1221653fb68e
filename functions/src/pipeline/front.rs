//! The front door's steps (contract §10), the calls the HTTPS API makes on the bucket for a user
//! whose [`Role`] its token gave: a report stored under the role's own prefix and handled at
//! once, as its S3 event would handle it; the role's notifications; a year's summary files; a
//! decision recorded. Who may call which step is the API's to check (`door`); each step builds
//! its keys from the role, so none can reach another region's or RCC's keys.
//!
//! An upload through the API is handled by [`event::handle`] in the same call, so the answer
//! carries the notification as stored, with the kernel's assessment in it. The S3 event of the
//! same write comes after and finds that notification ([`Outcome::AlreadyDone`]): the upload
//! is stored once and notified once, whichever runs first.

use svf_kernel::region::{Region, Year};
use svf_kernel::time::Instant;
use svf_kernel::vocabulary::PaymentId;

use crate::contract::access::Role;
use crate::contract::layout;
use crate::contract::upload_ref::Upload;
use crate::pipeline::intake::Outcome;
use crate::pipeline::{PipelineError, event};
use crate::store::{Announcer, Object, ObjectInfo, ObjectStore, Precondition, StoreError};

/// A report taken in through the front door.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submitted {
    /// Its key, under the role's own prefix.
    pub key: String,
    /// Its version, in a versioned bucket.
    pub version: Option<String>,
    /// When the bucket received it.
    pub received: Instant,
    /// Its notification's id (the key's last segment), for `GET /notifications/{year}/{id}`.
    pub notification_id: String,
    /// Its notification as stored (`svf-notification/1`, the assessment inside), unchanged.
    pub notification: Vec<u8>,
}

/// Stores `bytes` as a report of `role` for `year` (received now, named by
/// [`layout::submitted_name`]) and handles it as its event would: assessed, the assessment kept
/// if it is the newest, the notification written and announced. The same bytes sent again in
/// the same second are the same upload, answered with its notification. `None` for a role
/// that uploads no reports.
///
/// # Errors
/// [`PipelineError`] when the store fails (the request may be retried) or the year's
/// configuration is broken.
pub async fn submit(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    role: Role,
    year: Year,
    bytes: Vec<u8>,
    uploader: &str,
) -> Result<Option<Submitted>, PipelineError> {
    let now = crate::store::folder::instant_of(std::time::SystemTime::now()).ok_or_else(|| {
        PipelineError::Store(StoreError::Unavailable(
            "this machine's clock is outside the years 1–9999".to_owned(),
        ))
    })?;
    let Some(key) = role.report_key(year, &layout::submitted_name(now, &bytes)) else {
        return Ok(None);
    };
    // If absent: a second request with the same bytes in the same second finds the first's
    // object, and so the first's single version and notification.
    store
        .put(&key, bytes, "application/json", Precondition::IfAbsent)
        .await?;
    let Some(written) = store.list_versions(&key).await?.pop() else {
        return Err(PipelineError::Store(StoreError::Unavailable(format!(
            "{key}: written, but the bucket lists no version of it"
        ))));
    };
    let received = written.received.unwrap_or(now);
    let upload = Upload {
        key: key.clone(),
        received,
        etag: Some(written.etag),
        version: written.version.clone(),
        sequencer: None,
        uploader: Some(uploader.to_owned()),
    };
    let notification_key = match event::handle(store, announcer, &upload).await? {
        Outcome::Assessed { notification, .. }
        | Outcome::Rejected { notification }
        | Outcome::AlreadyDone { notification } => notification,
        other => {
            return Err(PipelineError::Contention(format!(
                "{key}: written, then handled as {other:?}"
            )));
        }
    };
    let Some(notification) = store.get(&notification_key).await? else {
        return Err(PipelineError::Store(StoreError::Unavailable(format!(
            "{notification_key}: written, then not found"
        ))));
    };
    Ok(Some(Submitted {
        key,
        version: written.version,
        received,
        notification_id: layout::notification_id(&notification_key)
            .unwrap_or_default()
            .into_owned(),
        notification: notification.bytes,
    }))
}

/// One object in a listing: a notification by its id, a summary file by its name.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Listed {
    /// The notification's id or the file's name.
    pub id: String,
    /// Its size.
    pub bytes: u64,
}

/// The notifications of `role` for `year`, in key order; `None` for a role that gets none.
///
/// # Errors
/// [`PipelineError::Store`].
pub async fn notifications(
    store: &impl ObjectStore,
    role: Role,
    year: Year,
) -> Result<Option<Vec<Listed>>, PipelineError> {
    let Some(prefix) = role.notifications_prefix(year) else {
        return Ok(None);
    };
    let listed = store.list(&prefix).await?;
    Ok(Some(
        listed
            .iter()
            .filter_map(|info| listed_as(layout::notification_id(&info.key).as_deref(), info))
            .collect(),
    ))
}

fn listed_as(id: Option<&str>, info: &ObjectInfo) -> Option<Listed> {
    Some(Listed {
        id: id?.to_owned(),
        bytes: info.size,
    })
}

/// One notification of `role` for `year` by its id (the name before `.json`), if it is the
/// role's. An id is plain (letters, digits, `-`, `_`), so no id reaches outside the role's
/// prefix.
///
/// # Errors
/// [`PipelineError::Store`].
pub async fn notification(
    store: &impl ObjectStore,
    role: Role,
    year: Year,
    id: &str,
) -> Result<Option<Object>, PipelineError> {
    let plain = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
    let Some(prefix) = role.notifications_prefix(year).filter(|_| plain) else {
        return Ok(None);
    };
    Ok(store.get(&layout::notification_key_of(&prefix, id)).await?)
}

/// The files of a year's summary, in key order.
///
/// # Errors
/// [`PipelineError::Store`].
pub async fn summary_files(
    store: &impl ObjectStore,
    year: Year,
) -> Result<Vec<Listed>, PipelineError> {
    let listed = store.list(&layout::summary_prefix(year)).await?;
    Ok(listed
        .iter()
        .filter_map(|info| listed_as(layout::summary_file_name(year, &info.key), info))
        .collect())
}

/// One file of a year's summary by its name, if there is one (and the name is a file's).
///
/// # Errors
/// [`PipelineError::Store`].
pub async fn summary_file(
    store: &impl ObjectStore,
    year: Year,
    name: &str,
) -> Result<Option<Object>, PipelineError> {
    match layout::summary_file_key(year, name) {
        Some(key) => Ok(store.get(&key).await?),
        None => Ok(None),
    }
}

/// A decision the agency records through the front door: on a region (`svf-decision/1`) or on
/// a payment (`svf-payment-decision/1`). The document was read by the kernel before it comes
/// here; its S3 event then decides the year again, as for any decision written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecisionOn {
    /// `decisions/{year}/{region}.json`.
    Region(Region),
    /// `decisions/{year}/payments/{payment}.json`.
    Payment(PaymentId),
}

/// Writes a decision's document of `year`, replacing the one there was; returns its key.
///
/// # Errors
/// [`PipelineError::Store`].
pub async fn record_decision(
    store: &impl ObjectStore,
    year: Year,
    on: DecisionOn,
    bytes: Vec<u8>,
) -> Result<String, PipelineError> {
    let key = match on {
        DecisionOn::Region(region) => layout::decision_key(year, region),
        DecisionOn::Payment(payment) => layout::payment_decision_key(year, payment),
    };
    store
        .put(&key, bytes, "application/json", Precondition::Always)
        .await?;
    Ok(key)
}
