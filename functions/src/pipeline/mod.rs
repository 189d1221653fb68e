//! Room 5, the pipeline: the only code that calls the store or the announcer. An event's key
//! goes to [`event`], which routes it to the step that handles it; every step reads what it
//! needs through the store, asks the kernel and [`crate::model`] for every decision and figure,
//! has [`crate::present`] word them, and writes the contract's documents.
//!
//! - [`event`]: a key that changed → the step that handles it.
//! - [`intake`]: what every intake of an upload shares: reading it bounded, the order of
//!   uploads, the stored record, the announcement.
//! - [`upload`]: a region's upload under `reports/` → assessment, notification.
//! - [`rcc_upload`]: an RCC's upload → its assessment and notification.
//! - [`redecision`]: the agency's wait-time data arrived or changed → the year decided again.
//! - [`summary`]: assessments, decisions and configuration → `summary/{year}/`.
//! - [`reconcile`]: every upload without a notification handled, every summary updated.

use std::fmt;

use crate::store;

pub mod event;
pub mod intake;
pub mod rcc_upload;
pub mod reconcile;
pub mod redecision;
pub mod summary;
pub mod upload;

/// The largest population table read, in bytes: 21 rows need a few hundred.
pub const MAX_TABLE_BYTES: u64 = 1 << 20;

/// One of the agency's configuration objects (a population table, a rules file, a decision),
/// read only when it is at most `max` bytes: a file gone wrong (a log written to the wrong
/// key, a device) is refused by its key rather than read without bound.
///
/// # Errors
/// [`PipelineError::Config`] naming the key for an object over `max`; the store's errors.
pub async fn configuration(
    store: &impl store::ObjectStore,
    key: &str,
    max: u64,
) -> Result<Option<store::Object>, PipelineError> {
    let Some(info) = store.head(key).await? else {
        return Ok(None);
    };
    if info.size > max {
        return Err(PipelineError::Config(format!(
            "{key}: {} bytes, more than the {max} a configuration file may have",
            info.size
        )));
    }
    Ok(store.get(key).await?)
}

/// How often a conditional write is tried before the pipeline gives up (and, in Lambda, the
/// invocation fails and is retried).
pub const MAX_ATTEMPTS: usize = 20;

/// Why the pipeline could not finish; the work is left as it was, safe to retry.
#[derive(Debug)]
pub enum PipelineError {
    /// The store failed.
    Store(store::StoreError),
    /// The agency's configuration for the year is broken (population table, rules file).
    Config(String),
    /// A conditional write kept losing to others.
    Contention(String),
}

impl From<serde_json::Error> for PipelineError {
    fn from(e: serde_json::Error) -> Self {
        PipelineError::Config(format!("JSON: {e}"))
    }
}

impl fmt::Display for PipelineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PipelineError::Store(e) => write!(f, "{e}"),
            PipelineError::Config(why) => write!(f, "configuration: {why}"),
            PipelineError::Contention(key) => {
                write!(f, "{key} kept changing under the update; try again")
            }
        }
    }
}

impl std::error::Error for PipelineError {}

impl From<store::StoreError> for PipelineError {
    fn from(e: store::StoreError) -> Self {
        PipelineError::Store(e)
    }
}
