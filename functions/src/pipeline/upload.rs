//! An upload under `reports/`: assess it, keep the region's newest assessment, notify.
//!
//! Every step is safe to repeat, because S3 delivers events at least once and Lambda retries a
//! failed invocation: the notification's key is derived from the upload's key and entity tag
//! and written only if absent, and written last, so its presence means the upload is done.
//! The assessment is replaced only by a report received later (ties broken by key and entity
//! tag), so events arriving out of order end in the same state.
//!
//! The deadline is judged on the region's first accepted report of the year (contract §4):
//! the stored assessment carries `first_received`, the earliest receipt of any accepted upload
//! seen so far. A newer report is assessed with it; an older accepted report that arrives late
//! (its event delayed) lowers it, and the stored assessment is decided again from its own
//! report with the earlier date, so that any order of events ends in the same assessment.

use svf_kernel::assessment::{Assessment, Receipt, Status};
use svf_kernel::json::Phrase;
use svf_kernel::region::{Region, Year};
use svf_kernel::report::{MAX_REPORT_BYTES, Reason};
use svf_kernel::time::Instant;
use tracing::info;

use crate::contract::layout::{self, ReportKey};
use crate::contract::stored::StoredAssessment;
use crate::contract::upload_ref::{Superseded, Upload, UploadOrder, UploadRef};
use crate::pipeline::intake::{Assessor, Ignored, Outcome, notify, read, receipt, rejected};
use crate::pipeline::{ConfigError, PipelineError};
use crate::present::notification::Notification;
use crate::store::{Announcer, ObjectStore, Precondition, StoreError, Written};

/// Handles one upload of a region's report (the key under `reports/`, not an RCC's: the
/// [`event`](crate::pipeline::event) router sends it here).
///
/// # Errors
/// [`PipelineError`] when the store fails (retry) or the year's configuration is broken.
pub async fn handle_upload(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    upload: &Upload,
) -> Result<Outcome, PipelineError> {
    let key = upload.key.as_str();
    let head = match &upload.version {
        Some(version) => store.head_version(key, version).await,
        None => store.head(key).await,
    };
    let head = match head {
        // A key the store cannot take (a backslash, a control character) still gets its
        // rejection, apart under notifications/unplaced/ (contract §3).
        Err(StoreError::BadKey { reason, .. }) => {
            return refuse_key(store, announcer, upload, reason).await;
        }
        head => head?,
    };
    let Some(info) = head else {
        return Ok(Outcome::Ignored(Ignored::Gone));
    };
    if upload.version.is_none() && upload.etag.as_ref().is_some_and(|etag| *etag != info.etag) {
        // Replaced since the event, in a bucket that keeps no versions: the newer content has
        // an event of its own, and this one cannot be read any more.
        return Ok(Outcome::Ignored(Ignored::Replaced));
    }
    let report_key = ReportKey::parse(key);
    let source = UploadRef {
        key: key.to_owned(),
        etag: info.etag.clone(),
        version: upload.version.clone(),
        sequencer: upload.sequencer.clone(),
        uploader: upload.uploader.clone(),
    };
    let notification_key = layout::notification_key(report_key.as_ref(), &source, upload.received);
    if store.head(&notification_key).await?.is_some() {
        return Ok(Outcome::AlreadyDone {
            notification: notification_key,
        });
    }
    // Boxed: an assessment is kilobytes of fixed capacity, and it lives across the awaits below.
    let (assessment, current, superseded_by): (Box<Assessment>, bool, Option<Superseded>) =
        if info.size > MAX_REPORT_BYTES as u64 {
            // Refused before download.
            let too_large = Reason::TooLarge {
                bytes: usize::try_from(info.size).unwrap_or(usize::MAX),
                max: MAX_REPORT_BYTES,
            };
            (
                rejected(report_key.as_ref(), upload.received, too_large),
                false,
                None,
            )
        } else {
            let Some(object) = read(store, &source).await? else {
                return Ok(Outcome::Ignored(if source.version.is_some() {
                    Ignored::VersionGone
                } else {
                    Ignored::Replaced
                }));
            };
            match receipt(upload.received) {
                Ok(receipt) => {
                    let assessor = Assessor::for_key(store, report_key.as_ref()).await?;
                    let assessment = assessor.assess(report_key.as_ref(), &object.bytes, receipt);
                    if assessment.status() == Status::Assessed {
                        keep_if_newest(store, &assessor, &object.bytes, assessment, &source).await?
                    } else {
                        (assessment, false, None)
                    }
                }
                // Received "later than now": the clock or the file time is wrong.
                Err(reason) => (
                    rejected(report_key.as_ref(), upload.received, reason),
                    false,
                    None,
                ),
            }
        };
    // A decided payment of the year is told as standing: this upload does not change it.
    let decided = match report_key.as_ref().and_then(|k| k.year) {
        Some(year) => crate::pipeline::decided::references(store, year).await?,
        None => Vec::new(),
    };
    let notification =
        Notification::counting(&source, &assessment, superseded_by.as_ref()).with_decided(&decided);
    if !notify(store, announcer, &notification_key, &notification).await? {
        return Ok(Outcome::AlreadyDone {
            notification: notification_key,
        });
    }
    // Logs carry the region and the verdict, never the report's contents.
    info!(
        key,
        region = assessment.region_code().unwrap_or("?"),
        year = assessment.agreement_year().unwrap_or(0),
        status = ?assessment.status(),
        complete = assessment.complete(),
        eligible = ?assessment.parts().iter().filter(|p| p.eligible).map(|p| p.id).collect::<Vec<_>>(),
        current,
        "upload assessed"
    );
    Ok(match assessment.status() {
        Status::Assessed => Outcome::Assessed {
            notification: notification_key,
            current,
        },
        Status::Rejected => Outcome::Rejected {
            notification: notification_key,
        },
    })
}

/// Decides an upload's assessment again and keeps it if it is the region's newest, without a
/// notification (the upload had its own): how a deleted stored assessment is rebuilt.
/// Returns whether it became the region's assessment.
///
/// # Errors
/// [`PipelineError`] when the store fails or the year's configuration is broken.
pub async fn rebuild(
    store: &impl ObjectStore,
    upload: &UploadRef,
    received: Instant,
) -> Result<bool, PipelineError> {
    let Some(object) = read(store, upload).await? else {
        return Ok(false);
    };
    let Ok(receipt) = receipt(received) else {
        // Its upload was told so; a receipt later than now is no region's assessment.
        return Ok(false);
    };
    let report_key = ReportKey::parse(&upload.key);
    let assessor = Assessor::for_key(store, report_key.as_ref()).await?;
    let assessment = assessor.assess(report_key.as_ref(), &object.bytes, receipt);
    if assessment.status() != Status::Assessed {
        return Ok(false);
    }
    let (_, current, _) =
        keep_if_newest(store, &assessor, &object.bytes, assessment, upload).await?;
    Ok(current)
}

/// The rejection of an upload whose key the store cannot take: its notification, unplaced.
async fn refuse_key(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    upload: &Upload,
    why: &'static Phrase,
) -> Result<Outcome, PipelineError> {
    let mut source = UploadRef::new(upload.key.clone(), upload.etag.clone().unwrap_or_default());
    source.version.clone_from(&upload.version);
    source.sequencer.clone_from(&upload.sequencer);
    let notification_key = layout::notification_key(None, &source, upload.received);
    if store.head(&notification_key).await?.is_some() {
        return Ok(Outcome::AlreadyDone {
            notification: notification_key,
        });
    }
    let assessment = rejected(None, upload.received, Reason::KeyRefused(why));
    let notification = Notification::new(&source, &assessment);
    if !notify(store, announcer, &notification_key, &notification).await? {
        return Ok(Outcome::AlreadyDone {
            notification: notification_key,
        });
    }
    Ok(Outcome::Rejected {
        notification: notification_key,
    })
}

/// Writes the assessment as the region's, unless a report received later (or at the same
/// second with a greater key and entity tag) already is; a conditional write, retried until it
/// holds. The deadline is judged on the earliest accepted receipt: ours is assessed again with
/// the stored first receipt when that is earlier, and when ours is older but earlier than the
/// stored first receipt, the stored assessment is decided again from its own report with ours
/// as its first. Returns our assessment as it stands and whether it became the region's.
async fn keep_if_newest(
    store: &impl ObjectStore,
    assessor: &Assessor,
    bytes: &[u8],
    assessment: Box<Assessment>,
    source: &UploadRef,
) -> Result<(Box<Assessment>, bool, Option<Superseded>), PipelineError> {
    let (Some(year), Some(region)) = (
        assessment
            .agreement_year()
            .and_then(|y| Year::from_number(u64::from(y))),
        assessment.region_code().and_then(Region::from_code),
    ) else {
        return Ok((assessment, false, None));
    };
    let key = layout::assessment_key(year, region);
    let received = assessment.received();
    let report_key = ReportKey::parse(&source.key);
    for _ in 0..crate::pipeline::MAX_ATTEMPTS {
        let Some(current) = store.get(&key).await? else {
            let body = assessor.record(&assessment, source).to_json()?;
            if let Written::Yes(_) = store
                .put(&key, body, "application/json", Precondition::IfAbsent)
                .await?
            {
                return Ok((assessment, true, None));
            }
            continue;
        };
        let theirs = StoredAssessment::parse(&current.bytes)
            .map_err(|why| PipelineError::config(&key, ConfigError::Document(why)))?;
        let Some(their_upload) = theirs.upload.clone() else {
            return Err(PipelineError::config(key, ConfigError::NoUpload));
        };
        let (their_received, their_first) = (theirs.received, theirs.first_received());
        // What counts instead of ours, when a later report does.
        let superseded = || {
            Some(Superseded {
                upload: their_upload.clone(),
                received: their_received,
            })
        };
        let mine = if their_first < received {
            let receipt = Receipt::with_first(received, their_first);
            assessor.assess(report_key.as_ref(), bytes, receipt)
        } else {
            assessment.clone()
        };
        let theirs = UploadOrder::new(their_received, &their_upload)
            .cmp(&UploadOrder::new(received, source));
        if theirs == std::cmp::Ordering::Equal {
            return Ok((mine, true, None));
        }
        if theirs == std::cmp::Ordering::Greater {
            // A later report is the region's. Ours may still be its first.
            if received >= their_first {
                return Ok((mine, false, superseded()));
            }
            let Some(their_report) = read(store, &their_upload).await? else {
                // Replaced since it was assessed in a bucket without versions; the new
                // content's own event will follow.
                return Ok((mine, false, superseded()));
            };
            let receipt = Receipt::with_first(their_received, received);
            let again = assessor.assess(
                ReportKey::parse(&their_upload.key).as_ref(),
                &their_report.bytes,
                receipt,
            );
            if again.status() != Status::Assessed {
                // Not so under today's rules: the stored verdict stands, as it was decided.
                return Ok((mine, false, superseded()));
            }
            let body = assessor.record(&again, &their_upload).to_json()?;
            if let Written::Yes(_) = store
                .put(
                    &key,
                    body,
                    "application/json",
                    Precondition::IfMatch(current.etag),
                )
                .await?
            {
                return Ok((mine, false, superseded()));
            }
            continue;
        }
        let body = assessor.record(&mine, source).to_json()?;
        if let Written::Yes(_) = store
            .put(
                &key,
                body,
                "application/json",
                Precondition::IfMatch(current.etag),
            )
            .await?
        {
            return Ok((mine, true, None));
        }
    }
    Err(PipelineError::Contention(key))
}
