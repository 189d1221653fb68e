//! Nothing lost: every upload under `reports/` that has no notification yet is handled as its
//! event would have been, and every year's summary is brought up to date.
//!
//! Events can be lost: an invocation that kept failing (a broken `rules.json`, say) is dropped
//! by Lambda after its retries and parked in the on-failure queue. Once the cause is mended,
//! reconciling finds the uploads without a notification and handles them; the rest find their
//! notification and do nothing, so reconciling is always safe to run again. The folder bucket's
//! `svf process` is exactly this; in the cloud the `reconcile` function runs it on a schedule.
//!
//! Every version a store keeps is an upload: in a versioned bucket a report written over since
//! still gets its notification. An upload is identified as its event identifies it (contract
//! §3): by version where the bucket keeps them, else by content and time (a folder).

use std::collections::BTreeSet;

use svf_kernel::region::{Region, Year};
use svf_kernel::time::Instant;

use crate::contract::layout::{self, REPORTS, ReportKey};
use crate::contract::upload_ref::Upload;
use crate::contract::upload_ref::UploadRef;
use crate::pipeline::PipelineError;
use crate::pipeline::event;
use crate::pipeline::intake::Outcome;
use crate::pipeline::summary::{SummaryOutcome, update_summary};
use crate::pipeline::upload::rebuild;
use crate::store::{Announcer, ObjectStore, VersionInfo};

/// Every upload the store holds under `reports/`: each version, oldest first on a key.
/// A version whose time cannot be an instant is left out and returned apart.
///
/// # Errors
/// [`PipelineError::Store`] when the store cannot be listed.
pub async fn uploads(
    store: &impl ObjectStore,
) -> Result<(Vec<Upload>, Vec<String>), PipelineError> {
    let mut uploads = Vec::new();
    let mut timeless = Vec::new();
    // An upload of each version, or its key among the timeless.
    let mut add = |version: VersionInfo| match version.received {
        Some(received) => {
            let mut upload = Upload::new(version.key, received, Some(version.etag));
            upload.version = version.version;
            uploads.push(upload);
        }
        None => timeless.push(version.key),
    };
    for version in store.list_versions(REPORTS).await? {
        add(version);
    }
    // Last, so the year's reports are assessed before they are decided again: each year's
    // agency wait-time file as it is now (its current version), whose handling decides the
    // year's assessments again where they differ, and is idempotent.
    for year in Year::ALL {
        let key = layout::lead_times_key(year);
        let Some(current) = store.head(&key).await? else {
            continue;
        };
        let newest = store
            .list_versions(&key)
            .await?
            .into_iter()
            .filter(|v| v.key == key && v.etag == current.etag)
            .max_by_key(|v| v.received);
        if let Some(version) = newest {
            add(version);
        }
    }
    Ok((uploads, timeless))
}

/// The years whose summary can change: those with an upload, and those with a population
/// table (so that a new table, rules file or decision takes effect).
///
/// # Errors
/// [`PipelineError::Store`] when the store fails.
pub async fn years(
    store: &impl ObjectStore,
    uploads: &[Upload],
) -> Result<BTreeSet<Year>, PipelineError> {
    let mut years: BTreeSet<Year> = uploads
        .iter()
        .filter_map(|u| ReportKey::parse(&u.key).and_then(|k| k.year))
        .collect();
    for year in Year::ALL {
        if store.head(&layout::populations_key(year)).await?.is_some() {
            years.insert(year);
        }
    }
    Ok(years)
}

/// What a reconciliation did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// Uploads handled now: each with what became of it.
    pub handled: Vec<(Upload, Outcome)>,
    /// Uploads that were done before.
    pub already: usize,
    /// Keys whose time could not be read as an instant.
    pub timeless: Vec<String>,
    /// Regions whose missing assessment was rebuilt from their uploads.
    pub rebuilt: Vec<(Year, Region)>,
    /// Each year's summary.
    pub summaries: Vec<(Year, SummaryOutcome)>,
}

/// Whether every upload must be a version of its object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Versions {
    /// S3: an upload is its key and version; a bucket without versions is refused, since a
    /// reconciled upload could not be told from the one its event notified (by sequencer).
    Required,
    /// A folder: an upload is its key, content and time, as `svf process` has always seen it.
    None,
}

/// Handles every upload without a notification, then updates every year's summary.
///
/// # Errors
/// [`PipelineError`] when the store fails or a year's configuration is broken (what was
/// handled stands, and running again carries on from there), or when versions are required and
/// an upload has none.
pub async fn reconcile(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    versions: Versions,
) -> Result<Reconciled, PipelineError> {
    let (uploads, timeless) = uploads(store).await?;
    if versions == Versions::Required
        && let Some(upload) = uploads.iter().find(|u| u.version.is_none())
    {
        return Err(PipelineError::Config(format!(
            "{}: the bucket keeps no versions; reconciling needs a versioned bucket (the template's)",
            upload.key
        )));
    }
    let mut done = Reconciled {
        timeless,
        ..Reconciled::default()
    };
    for upload in &uploads {
        match event::handle(store, announcer, upload).await? {
            Outcome::AlreadyDone { .. } => done.already += 1,
            outcome => done.handled.push((upload.clone(), outcome)),
        }
    }
    let years = years(store, &uploads).await?;
    for &year in &years {
        let regions = rebuild_missing(store, year).await?;
        done.rebuilt.extend(regions.into_iter().map(|r| (year, r)));
    }
    for year in years {
        done.summaries
            .push((year, update_summary(store, year).await?));
    }
    Ok(done)
}

/// Rebuilds each region's assessment of `year` that is gone (deleted by hand, say) though its
/// accepted uploads were notified: from those uploads, the newest kept. Returns the regions
/// rebuilt. A summary never pays from a silence where an assessment should be.
///
/// # Errors
/// [`PipelineError`] when the store fails, a notification cannot be read, or the
/// configuration is broken.
pub async fn rebuild_missing(
    store: &impl ObjectStore,
    year: Year,
) -> Result<Vec<Region>, PipelineError> {
    let mut rebuilt = Vec::new();
    for region in Region::ALL {
        if store
            .head(&layout::assessment_key(year, region))
            .await?
            .is_some()
        {
            continue;
        }
        let prefix = layout::notifications_prefix(year, Some(region));
        let mut found = false;
        for info in store.list(&prefix).await? {
            let Some(object) = store.get(&info.key).await? else {
                continue;
            };
            let note: NotedUpload = serde_json::from_slice(&object.bytes).map_err(|e| {
                PipelineError::Config(format!("{}: not a notification: {e}", info.key))
            })?;
            if note.assessment.status != "assessed" {
                continue;
            }
            let received = Instant::parse_rfc3339(&note.assessment.received)
                .map_err(|e| PipelineError::Config(format!("{}: received {e}", info.key)))?;
            found |= rebuild(store, &note.upload, received).await?;
        }
        if found {
            rebuilt.push(region);
        }
    }
    Ok(rebuilt)
}

/// What rebuilding reads of a notification (`svf-notification/1`): the upload and whether and
/// when it was assessed.
#[derive(Debug, serde::Deserialize)]
struct NotedUpload {
    upload: UploadRef,
    assessment: NotedAssessment,
}

#[derive(Debug, serde::Deserialize)]
struct NotedAssessment {
    status: String,
    received: String,
}
