//! An RCC's upload under `reports/{year}/rcc/{rcc}/` (contract §7): assessed by the kernel,
//! the RCC's newest accepted report kept as `assessments/{year}/rcc/{rcc}.json`, and one
//! notification per upload under `notifications/{year}/rcc/{rcc}/`, Swedish first.
//!
//! Safe to repeat as a region's upload is: the notification's key is the upload's identity and
//! is written last (after SNS), so a redelivered event finds it; the assessment is replaced
//! only by a report that came later, in the order of a region's uploads
//! ([`UploadOrder`]: the sequencer on one key, then the receipt time, key, version and
//! entity tag), conditionally.

use serde::Serialize;
use svf_kernel::json::{JsonPath, Reason, Step};
use svf_kernel::rcc::{MAX_RCC_REPORT_BYTES, Rcc, RccAssessment, RccRejection};
use svf_kernel::region::Year;
use svf_kernel::time::Instant;

use crate::contract::layout::{self, RccReportKey};
use crate::contract::provenance::{Provenance, RulesSource};
use crate::contract::stored::StoredRccAssessment;
use crate::contract::upload_ref::{Superseded, Upload, UploadOrder, UploadRef};
use crate::pipeline::intake::{Ignored, Outcome, read};
use crate::pipeline::{ConfigError, PipelineError};
use crate::present::rcc_notification::notification;
use crate::store::{Announcer, Attributes, ObjectStore, Precondition, Written};

/// The assessment as stored: the kernel's with the upload it is of.
#[derive(Serialize)]
struct Record<'a> {
    #[serde(flatten)]
    assessment: &'a RccAssessment,
    upload: &'a UploadRef,
    provenance: Provenance,
}

/// Handles one upload of an RCC (its key parsed as `key`).
///
/// # Errors
/// [`PipelineError`] when the store fails (retry).
pub async fn handle_rcc_upload(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    upload: &Upload,
    key: &RccReportKey,
) -> Result<Outcome, PipelineError> {
    let head = match &upload.version {
        Some(version) => store.head_version(&upload.key, version).await?,
        None => store.head(&upload.key).await?,
    };
    let Some(info) = head else {
        return Ok(Outcome::Ignored(Ignored::Gone));
    };
    if upload.version.is_none() && upload.etag.as_ref().is_some_and(|etag| *etag != info.etag) {
        return Ok(Outcome::Ignored(Ignored::Replaced));
    }
    let source = UploadRef {
        key: upload.key.clone(),
        etag: info.etag.clone(),
        version: upload.version.clone(),
        sequencer: upload.sequencer.clone(),
        uploader: upload.uploader.clone(),
    };
    let notification_key = layout::rcc_notification_key(key, &source, upload.received);
    if store.head(&notification_key).await?.is_some() {
        return Ok(Outcome::AlreadyDone {
            notification: notification_key,
        });
    }
    let assessment = if info.size > MAX_RCC_REPORT_BYTES as u64 {
        let reason = Reason::TooLarge {
            bytes: usize::try_from(info.size).unwrap_or(usize::MAX),
            max: MAX_RCC_REPORT_BYTES,
        };
        RccAssessment::rejected(
            &RccRejection::whole(key.year, key.rcc, reason),
            upload.received,
        )
    } else {
        let Some(object) = read(store, &source).await? else {
            return Ok(Outcome::Ignored(Ignored::Replaced));
        };
        assess(key, &object.bytes, upload.received)
    };
    let (mut current, mut superseded_by) = (false, None);
    if let (false, Some(year), Some(rcc)) = (assessment.is_rejected(), key.year, key.rcc) {
        superseded_by = keep_if_newest(store, year, rcc, &assessment, &source).await?;
        current = superseded_by.is_none();
    }
    let notification = notification(&source, &assessment, superseded_by.as_ref());
    let body = serde_json::to_vec_pretty(&notification)?;
    let message = notification.message();
    let attributes = Attributes {
        region_code: None,
        rcc: key.rcc.map(Rcc::as_str),
        agreement_year: key.year.map(Year::number),
        status: if assessment.is_rejected() {
            "rejected"
        } else {
            "assessed"
        },
        audience: None,
    };
    announcer
        .announce(&notification.subject, &message, &attributes)
        .await?;
    let written = store
        .put(
            &notification_key,
            body,
            "application/json",
            Precondition::IfAbsent,
        )
        .await?;
    if written == Written::ConditionFailed {
        return Ok(Outcome::AlreadyDone {
            notification: notification_key,
        });
    }
    Ok(if assessment.is_rejected() {
        Outcome::Rejected {
            notification: notification_key,
        }
    } else {
        Outcome::Assessed {
            notification: notification_key,
            current,
        }
    })
}

/// The kernel's assessment, refused when the year or RCC is not the key's.
fn assess(key: &RccReportKey, bytes: &[u8], received: Instant) -> RccAssessment {
    let (Some(year), Some(rcc)) = (key.year, key.rcc) else {
        let rejection = RccRejection::whole(None, None, Reason::KeyShape);
        return RccAssessment::rejected(&rejection, received);
    };
    let assessment = RccAssessment::of_bytes(bytes, received);
    if assessment.is_rejected() {
        return assessment;
    }
    let field = if assessment.year() != Some(year) {
        "agreement_year"
    } else if assessment.rcc() != Some(rcc) {
        "rcc"
    } else {
        return assessment;
    };
    let mut rejection = RccRejection::whole(
        assessment.year(),
        assessment.rcc(),
        Reason::KeyMismatch(layout::RCC_REPORT_KEY_SHAPE),
    );
    let mut path = JsonPath::default();
    path.push(Step::Field(field));
    if let Some(error) = rejection.errors.first_mut() {
        error.path = path;
    }
    RccAssessment::rejected(&rejection, received)
}

/// Writes the assessment as the RCC's unless a report received later already is; returns
/// `None` when it became (or already was) the RCC's, else the report that counts instead.
async fn keep_if_newest(
    store: &impl ObjectStore,
    year: Year,
    rcc: Rcc,
    assessment: &RccAssessment,
    source: &UploadRef,
) -> Result<Option<Superseded>, PipelineError> {
    let key = layout::rcc_assessment_key(year, rcc);
    let body = serde_json::to_vec_pretty(&Record {
        assessment,
        upload: source,
        provenance: Provenance::of(RulesSource::BUILT_IN),
    })?;
    for _ in 0..crate::pipeline::MAX_ATTEMPTS {
        let condition = match store.get(&key).await? {
            None => Precondition::IfAbsent,
            Some(current) => {
                let theirs = StoredRccAssessment::parse(&current.bytes)
                    .map_err(|why| PipelineError::config(&key, ConfigError::Document(why)))?;
                let Some(their_upload) = &theirs.upload else {
                    return Err(PipelineError::config(key, ConfigError::NoUpload));
                };
                // The order of a region's uploads, so both kinds are kept alike.
                let ours = UploadOrder::new(assessment.received(), source);
                let theirs_order = UploadOrder::new(theirs.received, their_upload);
                if theirs_order == ours {
                    return Ok(None);
                }
                if theirs_order > ours {
                    return Ok(Some(Superseded {
                        upload: their_upload.clone(),
                        received: theirs.received,
                    }));
                }
                Precondition::IfMatch(current.etag)
            }
        };
        if store
            .put(&key, body.clone(), "application/json", condition)
            .await?
            != Written::ConditionFailed
        {
            return Ok(None);
        }
    }
    Err(PipelineError::Contention(key))
}
