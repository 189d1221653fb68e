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

use svf_kernel::assessment::Status;
use svf_kernel::region::{Region, Year};

use crate::contract::layout::{self, REPORTS, ReportKey};
use crate::contract::stored::StoredNotification;
use crate::contract::upload_ref::Upload;
use crate::pipeline::event;
use crate::pipeline::intake::Outcome;
use crate::pipeline::summary::SummaryOutcome;
use crate::pipeline::upload::rebuild;
use crate::pipeline::{ConfigError, PipelineError};
use crate::store::{Announcer, ObjectStore, VersionInfo};

/// Every upload the store holds under `reports/`: each version, oldest first on a key.
/// A version whose time cannot be an instant is left out and returned apart. (The year's
/// configuration is not an upload: every pass decides each year again under it as it is.)
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
    Ok((uploads, timeless))
}

/// The years whose summary can change: those with an upload, any configuration or a decision
/// (so that a new table, rules file or decision takes effect, and a decision or a broken file
/// for a year with nothing else is said, not passed over).
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
        if !store.list(&layout::config_prefix(year)).await?.is_empty()
            || !store
                .list(&layout::decisions_prefix(year))
                .await?
                .is_empty()
        {
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
    /// Each year's notifications of verdicts decided again under its configuration as it is.
    pub redecided: Vec<(Year, Vec<String>)>,
    /// Each year's summary.
    pub summaries: Vec<(Year, SummaryOutcome)>,
    /// Uploads and years that failed, with [`OnFailure::CarryOn`] (each told to the sink).
    pub failed: usize,
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

/// What a reconciliation does when one upload or one year cannot be handled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnFailure {
    /// It stops and returns the error: the invocation fails, and is retried (Lambda).
    Stop,
    /// It tells the sink and goes on with the others; the caller counts the failures (`svf
    /// process`, `svf watch`). Listing the bucket still stops it: without the list, nothing
    /// can be said to be done.
    CarryOn,
}

/// What failed, when a reconciliation carries on.
#[derive(Clone, Copy, Debug)]
pub enum Failed<'a> {
    /// An upload.
    Upload(&'a Upload),
    /// Rebuilding a year's missing assessments.
    Rebuild(Year),
    /// Deciding a year's assessments again under its configuration as it is, or its summary
    /// (the standing one is marked out of date).
    Summary(Year),
}

/// Where a reconciliation reports as it goes (ripgrep's `Sink`): the loop decides, the sink
/// shows. Every method has a default that says nothing, so a sink says only what it wants.
pub trait Sink {
    /// The uploads found, before any is handled: the sink may leave some for a later pass
    /// (`svf watch` leaves a file that is still being written).
    fn choose(&mut self, _uploads: &mut Vec<Upload>) {}
    /// A key under `reports/` passed over: its time cannot be read as an instant.
    fn timeless(&mut self, _key: &str) {}
    /// How many uploads are to be handled, before the first.
    fn start(&mut self, _uploads: usize) {}
    /// An upload is about to be handled.
    fn handling(&mut self, _upload: &Upload) {}
    /// An upload handled, and what became of it.
    fn handled(&mut self, _upload: &Upload, _outcome: &Outcome) {}
    /// Something failed and the pass went on ([`OnFailure::CarryOn`]).
    fn failed(&mut self, _what: Failed<'_>, _error: &PipelineError) {}
    /// The last upload was handled.
    fn uploads_done(&mut self) {}
    /// A region's missing assessment was rebuilt from its uploads.
    fn rebuilt(&mut self, _year: Year, _region: Region) {}
    /// A year's assessments were decided again, and these regions told of a changed verdict.
    fn redecided(&mut self, _year: Year, _notifications: &[String]) {}
    /// A year's summary was brought up to date.
    fn summary(&mut self, _year: Year, _outcome: &SummaryOutcome) {}
}

/// A sink that says nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Quiet;

impl Sink for Quiet {}

/// A sink that logs what needs a look (the Lambda's): each upload handled now and each
/// failure, through `tracing`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Log;

impl Sink for Log {
    fn handled(&mut self, upload: &Upload, outcome: &Outcome) {
        tracing::info!(key = upload.key, ?outcome, "reconciled an upload");
    }
    fn failed(&mut self, what: Failed<'_>, error: &PipelineError) {
        tracing::error!(?what, %error, "could not reconcile");
    }
}

/// Handles every upload without a notification, then for each year rebuilds its missing
/// assessments, decides them all again under the year's configuration as it is now, and updates
/// its summary; tells `sink` as it goes.
///
/// # Errors
/// [`PipelineError`] when the store cannot be listed, when versions are required and an
/// upload has none, and, with [`OnFailure::Stop`], when an upload or a year fails (what was
/// handled stands, and running again carries on from there).
pub async fn reconcile(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    versions: Versions,
    on_failure: OnFailure,
    sink: &mut impl Sink,
) -> Result<Reconciled, PipelineError> {
    let (mut uploads, timeless) = uploads(store).await?;
    if versions == Versions::Required
        && let Some(upload) = uploads.iter().find(|u| u.version.is_none())
    {
        return Err(PipelineError::config(&upload.key, ConfigError::Unversioned));
    }
    sink.choose(&mut uploads);
    for key in &timeless {
        sink.timeless(key);
    }
    let mut done = Reconciled {
        timeless,
        ..Reconciled::default()
    };
    sink.start(uploads.len());
    for upload in &uploads {
        sink.handling(upload);
        match event::handle(store, announcer, upload).await {
            Ok(Outcome::AlreadyDone { notification }) => {
                done.already += 1;
                sink.handled(upload, &Outcome::AlreadyDone { notification });
            }
            Ok(outcome) => {
                sink.handled(upload, &outcome);
                done.handled.push((upload.clone(), outcome));
            }
            Err(error) => carry_on(on_failure, sink, Failed::Upload(upload), error, &mut done)?,
        }
    }
    sink.uploads_done();
    for year in years(store, &uploads).await? {
        match rebuild_missing(store, year).await {
            Ok(regions) => {
                for region in regions {
                    sink.rebuilt(year, region);
                    done.rebuilt.push((year, region));
                }
            }
            Err(error) => carry_on(on_failure, sink, Failed::Rebuild(year), error, &mut done)?,
        }
        match event::summary_event(store, announcer, year).await {
            Ok((notifications, outcome)) => {
                if !notifications.is_empty() {
                    sink.redecided(year, &notifications);
                    done.redecided.push((year, notifications));
                }
                sink.summary(year, &outcome);
                done.summaries.push((year, outcome));
            }
            Err(error) => carry_on(on_failure, sink, Failed::Summary(year), error, &mut done)?,
        }
    }
    Ok(done)
}

/// The one failure policy: with [`OnFailure::Stop`] the error is returned, with
/// [`OnFailure::CarryOn`] it is told to the sink and counted.
fn carry_on(
    on_failure: OnFailure,
    sink: &mut impl Sink,
    what: Failed<'_>,
    error: PipelineError,
    done: &mut Reconciled,
) -> Result<(), PipelineError> {
    match on_failure {
        OnFailure::Stop => Err(error),
        OnFailure::CarryOn => {
            sink.failed(what, &error);
            done.failed += 1;
            Ok(())
        }
    }
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
            // A reminder is no upload's notification.
            if !layout::is_upload_notification(&prefix, &info.key) {
                continue;
            }
            let Some(object) = store.get(&info.key).await? else {
                continue;
            };
            let note = StoredNotification::parse(&object.bytes)
                .map_err(|why| PipelineError::config(&info.key, ConfigError::Document(why)))?;
            if note.assessment.status != Status::Assessed {
                continue;
            }
            found |= rebuild(store, &note.upload, note.assessment.received).await?;
        }
        if found {
            rebuilt.push(region);
        }
    }
    Ok(rebuilt)
}
