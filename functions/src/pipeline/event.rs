//! The single entry from an event's key: an S3 event, a folder's new file or reconciliation's
//! catch-up all come here, and the key decides which step handles it. A new kind of upload or
//! a new event source is added here and nowhere else.

use crate::contract::layout::{self, REPORTS};
use crate::contract::upload_ref::Upload;
use crate::pipeline::PipelineError;
use crate::pipeline::intake::{Ignored, Outcome};
use crate::pipeline::{rcc_upload, redecision, upload};
use crate::store::{Announcer, ObjectStore};

/// Handles the write of one key: the agency's wait-time file decides the year again
/// ([`redecision`]), an RCC's report is an RCC's upload ([`rcc_upload`]), anything else under
/// `reports/` a region's ([`upload`]); other keys are not uploads.
///
/// # Errors
/// [`PipelineError`] when the store fails (retry) or the year's configuration is broken.
pub async fn handle(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    upload: &Upload,
) -> Result<Outcome, PipelineError> {
    let key = upload.key.as_str();
    if let Some(year) = layout::lead_times_year(key) {
        // Boxed: its future holds every region's, and would otherwise make this one's layout
        // deeper than the compiler computes.
        let notifications = Box::pin(redecision::redecide(store, announcer, year, upload)).await?;
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
