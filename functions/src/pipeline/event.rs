//! The single entry from an event's key: an S3 event, a folder's new file or reconciliation's
//! catch-up all come here, and the key decides which step handles it. A new kind of upload or
//! a new event source is added here and nowhere else.
//!
//! A write or removal of a file that decides assessments (the agency's wait-time data, the
//! year's rules) decides the year again ([`redecision`]); the summary function does the same
//! before every summary ([`summary_event`]), so any order of events ends where a fresh bucket
//! would.

use svf_kernel::region::Year;

use crate::contract::layout::{self, REPORTS};
use crate::contract::upload_ref::Upload;
use crate::pipeline::PipelineError;
use crate::pipeline::intake::{Ignored, Outcome};
use crate::pipeline::summary::SummaryOutcome;
use crate::pipeline::{rcc_upload, redecision, summary, upload};
use crate::store::{Announcer, ObjectStore};

/// Handles the write (or removal) of one key: a file that decides assessments decides the year
/// again ([`redecision`]), an RCC's report is an RCC's upload ([`rcc_upload`]), anything else
/// under `reports/` a region's ([`upload`]); other keys are not uploads.
///
/// # Errors
/// [`PipelineError`] when the store fails (retry) or the year's configuration is broken.
pub async fn handle(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    upload: &Upload,
) -> Result<Outcome, PipelineError> {
    let key = upload.key.as_str();
    if let Some(year) = layout::deciding_year(key) {
        // Boxed: its future holds every region's, and would otherwise make this one's layout
        // deeper than the compiler computes.
        let notifications = Box::pin(redecision::redecide(store, announcer, year)).await?;
        return Ok(Outcome::Redecided { notifications });
    }
    if !key.starts_with(REPORTS) {
        return Ok(Outcome::Ignored(Ignored::NotAnUpload));
    }
    if let Some(rcc_key) = layout::RccReportKey::parse(key) {
        return Box::pin(rcc_upload::handle_rcc_upload(
            store, announcer, upload, &rcc_key,
        ))
        .await;
    }
    upload::handle_upload(store, announcer, upload).await
}

/// What the summary function does for a write or removal of a key of `year` (under
/// `assessments/`, `decisions/` or `config/`): the year's assessments decided again under its
/// configuration as it is now, then its summary. Returns the notifications of verdicts that
/// changed, and what became of the summary.
///
/// # Errors
/// [`PipelineError`] when the store fails, a configuration file or a stored document is broken,
/// or the summary keeps changing under the update: then nothing is published, and the standing
/// summary says it is out of date and why ([`summary::out_of_date`]).
pub async fn summary_event(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    year: Year,
) -> Result<(Vec<String>, SummaryOutcome), PipelineError> {
    let notifications = match Box::pin(redecision::redecide(store, announcer, year)).await {
        Ok(notifications) => notifications,
        Err(error) => {
            summary::out_of_date(store, year, &error).await;
            return Err(error);
        }
    };
    Ok((notifications, summary::update_summary(store, year).await?))
}
