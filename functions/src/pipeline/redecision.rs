//! A year's assessments decided again from their stored reports under the year's configuration
//! as it is now (contract §4): after the agency's wait-time file (`config/{year}/lead_times.csv`)
//! or the year's rules file (`config/{year}/rules.json`) was written or removed, before every
//! summary, and on every reconciling pass. Nothing a verdict rests on is trusted from a stored
//! assessment: each is re-derived by the kernel, so the result never depends on the order in
//! which uploads and configuration changes arrived, nor on a stored assessment edited by hand.
//!
//! A region whose verdict changed (a condition's `met`, completeness, or a part's eligibility)
//! is told once: the notification's key is derived from the stored assessment it replaces and
//! from what decided anew, and it is written before the assessment, so a redelivered event finds
//! either the assessment already decided (nothing differs, nothing is written) or the
//! notification already there (the assessment is written, no second message). Figures that
//! changed without changing the verdict (the agency's counts beside the region's), and a
//! provenance that now names other files, are stored without a message. A broken file is
//! refused with its line and column before anything is decided, and changes nothing. A stored
//! assessment whose report the kernel now rejects stops the year's summary with the reason
//! (it is paid neither as it stood nor as rejected until someone acts).

use svf_kernel::agency::AgencyLeadTimes;
use svf_kernel::assessment::{Assessment, Receipt, Status};
use svf_kernel::region::{Region, Year};
use tracing::info;

use crate::contract::layout::{self, ReportKey};
use crate::contract::stored::StoredAssessment;
use crate::contract::word::Word;
use crate::pipeline::intake::{Assessor, notify, read, receipt};
use crate::pipeline::{ConfigError, PipelineError};
use crate::present::notification::Notification;
use crate::store::{Announcer, ObjectStore, Precondition, Written};

/// Decides every region's current assessment of `year` again under the year's configuration as
/// it is now; returns the notifications written (one per region whose verdict changed).
///
/// # Errors
/// [`PipelineError::Config`] when a configuration file is broken, or a stored assessment
/// cannot be read; [`PipelineError`] when the store fails (retry).
pub async fn redecide(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    year: Year,
) -> Result<Vec<String>, PipelineError> {
    let assessor = Assessor::for_year(store, year).await?;
    let mut notifications = Vec::new();
    // Read once for every region (the duplicate check is quadratic in the rows).
    let agency = assessor.agency();
    for region in Region::ALL {
        let written =
            redecide_region(store, announcer, (&assessor, agency.as_ref()), year, region).await?;
        notifications.extend(written);
    }
    if !notifications.is_empty() {
        info!(
            year = year.number(),
            notified = notifications.len(),
            "assessments decided again"
        );
    }
    Ok(notifications)
}

/// One region: its current assessment decided again, stored when it differs, and the region
/// told when its verdict changed. Returns the notification written, if any.
async fn redecide_region(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    (assessor, agency): (&Assessor, Option<&AgencyLeadTimes<'_>>),
    year: Year,
    region: Region,
) -> Result<Option<String>, PipelineError> {
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
        if let Err(reason) = receipt(theirs.received) {
            // Kept from before such receipts were refused: it would be the region's newest
            // for good, and every real report after it "older".
            return Err(PipelineError::config(
                key,
                ConfigError::NoLongerAccepted {
                    report: upload.key.clone(),
                    reason: (String::new(), reason.to_string()),
                },
            ));
        }
        let receipt = Receipt::with_first(theirs.received, theirs.first_received());
        let again = assessor.assess_with(
            ReportKey::parse(&upload.key).as_ref(),
            &report.bytes,
            receipt,
            agency,
        );
        if again.status() != Status::Assessed {
            // Rejected now: neither its old verdict nor none is paid in silence.
            let reason = again.errors().first().map_or_else(
                || (String::new(), String::new()),
                |e| (e.path.to_string(), e.reason.to_string()),
            );
            return Err(PipelineError::config(
                key,
                ConfigError::NoLongerAccepted {
                    report: upload.key.clone(),
                    reason,
                },
            ));
        }
        let record = assessor.record(&again, &upload);
        let body = record.to_json()?;
        if body == current.bytes {
            return Ok(written);
        }
        if verdict_changed(&theirs, &again) && written.is_none() {
            let cause = record.provenance.redecided_since(
                theirs.provenance.as_ref(),
                &layout::lead_times_key(year),
                &layout::rules_key(year),
            );
            let identity = format!("{}\n{}", current.etag, record.provenance.swedish());
            let note = layout::redecision_notification_key(year, region, &identity);
            if store.head(&note).await?.is_none() {
                let notification = Notification::redecided(&upload, &again, &cause);
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
