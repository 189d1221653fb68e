//! The agency's wait-time file (`config/{year}/lead_times.csv`) arrived or changed: every
//! region's current assessment of the year is decided again from its stored report, with the
//! file deciding the lead times it has rows for (contract §4).
//!
//! A region whose verdict changed (a condition's `met`, completeness, or a part's eligibility)
//! is told once: the notification's key is derived from the file's write and the region, and
//! it is written before the assessment, so a redelivered event finds either the assessment
//! already decided (nothing differs, nothing is written) or the notification already there
//! (the assessment is written, no second message). Figures that changed without changing the
//! verdict (the agency's counts beside the region's) are stored without a message. A broken
//! file is refused with its line and column before anything is decided, and changes nothing.

use svf_kernel::agency::AgencyLeadTimes;
use svf_kernel::assessment::{Assessment, Receipt, Status};
use svf_kernel::region::{Region, Year};
use tracing::info;

use crate::contract::layout::{self, ReportKey};
use crate::contract::stored::StoredAssessment;
use crate::contract::upload_ref::Upload;
use crate::contract::upload_ref::UploadRef;
use crate::contract::word::Word;
use crate::pipeline::intake::{Assessor, notify, read};
use crate::pipeline::{ConfigError, PipelineError};
use crate::present::notification::Notification;
use crate::store::{Announcer, ObjectStore, Precondition, Written};

/// Decides the year's assessments again after the write of the agency's file that `event`
/// announces; returns the notifications written.
///
/// # Errors
/// [`PipelineError::Config`] when the file (or the year's rules) is broken, or a stored
/// assessment cannot be read; [`PipelineError`] when the store fails (retry).
pub async fn redecide(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    year: Year,
    event: &Upload,
) -> Result<Vec<String>, PipelineError> {
    let assessor = Assessor::for_year(store, year).await?;
    let file = match store.head(&event.key).await? {
        Some(info) => UploadRef {
            key: event.key.clone(),
            etag: info.etag,
            version: event.version.clone(),
            sequencer: event.sequencer.clone(),
            uploader: event.uploader.clone(),
        },
        // Deleted since: the assessments are decided without it, as they are now read.
        None => UploadRef::new(event.key.clone(), event.etag.clone().unwrap_or_default()),
    };
    let mut notifications = Vec::new();
    // Read once for every region (the duplicate check is quadratic in the rows).
    let agency = assessor.agency();
    let decider = Decider {
        assessor: &assessor,
        agency: agency.as_ref(),
        file: &file,
        event,
    };
    for region in Region::ALL {
        if let Some(written) = redecide_region(store, announcer, &decider, year, region).await? {
            notifications.push(written);
        }
    }
    info!(
        key = event.key,
        year = year.number(),
        notified = notifications.len(),
        "assessments decided again"
    );
    Ok(notifications)
}

/// What decides again: the year's rules and the agency's data read once, and the file's write
/// that made it.
struct Decider<'a> {
    assessor: &'a Assessor,
    agency: Option<&'a AgencyLeadTimes<'a>>,
    file: &'a UploadRef,
    event: &'a Upload,
}

/// One region: its current assessment decided again, stored when it differs, and the region
/// told when its verdict changed. Returns the notification written, if any.
async fn redecide_region(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    decider: &Decider<'_>,
    year: Year,
    region: Region,
) -> Result<Option<String>, PipelineError> {
    let Decider {
        assessor,
        agency,
        file,
        event,
    } = *decider;
    let key = layout::assessment_key(year, region);
    let mut written = None;
    for _ in 0..crate::pipeline::MAX_ATTEMPTS {
        let Some(current) = store.get(&key).await? else {
            return Ok(written);
        };
        let theirs = StoredAssessment::parse(&current.bytes)
            .map_err(|why| PipelineError::config(&key, ConfigError::Document(why)))?;
        let Some(upload) = theirs.upload.clone() else {
            return Err(PipelineError::config(key, ConfigError::NoUpload));
        };
        let Some(report) = read(store, &upload).await? else {
            // Its report is gone (a bucket without versions, overwritten): nothing to decide
            // from; the new content's own event decides it.
            return Ok(written);
        };
        let receipt = Receipt::with_first(theirs.received, theirs.first_received());
        let again = assessor.assess_with(
            ReportKey::parse(&upload.key).as_ref(),
            &report.bytes,
            receipt,
            agency,
        );
        if again.status() != Status::Assessed {
            // Not so under today's rules: the stored verdict stands, as it was decided.
            return Ok(written);
        }
        let body = assessor.record(&again, &upload).to_json()?;
        if same_assessment(&current.bytes, &body)? {
            return Ok(written);
        }
        if verdict_changed(&theirs, &again) && written.is_none() {
            let note = layout::redecision_notification_key(year, region, file, event.received);
            if store.head(&note).await?.is_none() {
                let notification = Notification::redecided(&upload, &again, file);
                notify(store, announcer, &note, &notification).await?;
                written = Some(note);
            }
        }
        let put = store
            .put(
                &key,
                body,
                "application/json",
                Precondition::IfMatch(current.etag),
            )
            .await?;
        if put != Written::ConditionFailed {
            return Ok(written);
        }
    }
    Err(PipelineError::Contention(key))
}

/// Whether two stored assessments say the same, apart from what decided them (the build and
/// the files' entity tags in `provenance`).
fn same_assessment(stored: &[u8], new: &[u8]) -> Result<bool, PipelineError> {
    let strip = |bytes: &[u8]| -> Result<serde_json::Value, PipelineError> {
        let mut value: serde_json::Value = serde_json::from_slice(bytes)?;
        if let Some(object) = value.as_object_mut() {
            object.remove("provenance");
        }
        Ok(value)
    };
    Ok(strip(stored)? == strip(new)?)
}

/// Whether the verdict differs: completeness, a condition's `met`, or a part's eligibility.
fn verdict_changed(before: &StoredAssessment, after: &Assessment) -> bool {
    let conditions_before: Vec<_> = before
        .conditions
        .iter()
        .map(|c| (c.id.clone(), c.met))
        .collect();
    let conditions_after: Vec<_> = after
        .conditions()
        .iter()
        .map(|c| (Word::Known(c.id().clone()), c.met()))
        .collect();
    let parts_before: Vec<_> = before
        .parts
        .iter()
        .map(|p| (p.id.clone(), p.eligible))
        .collect();
    let parts_after: Vec<_> = after
        .parts()
        .iter()
        .map(|p| (Word::Known(p.id), p.eligible))
        .collect();
    before.complete != after.complete()
        || conditions_before != conditions_after
        || parts_before != parts_after
}
