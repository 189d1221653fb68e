//! The `svf` pipeline: a region uploads its report, and within seconds gets an assessment and
//! a notification, and the national summary keeps itself current.
//!
//! - [`store`]: the object-store trait the pipeline runs on; [`folder`] is a folder as the
//!   bucket (the embedded default); `aws` (feature `aws`) is S3, SNS and S3 events.
//! - [`layout`]: which key holds what (contract §3).
//! - [`upload`]: an upload under `reports/` → assessment, notification.
//! - [`summary`]: assessments and decisions → `summary/{year}/payments.json`, `payments.tsv`,
//!   each payment's annex, `index.html`.
//! - [`reconcile`]: every upload without a notification handled, every summary updated.
//! - [`provenance`]: which build and which rules decided an output.
//! - [`notification`]: the message a region reads, Swedish then English.
//! - [`render`]: payment tables for people (annex layout, CSV).
//! - [`page`]: the summary page for people, `summary/{year}/index.html`.
//! - [`stored`]: the one read type of a stored assessment.
//! - [`wording`]: every word said to people about the contract's ids, Swedish and English.
//! - [`lagesbild`]: the RCC's reports compiled: received, granted, passed on, projects.
//! - [`rcc_upload`]: an RCC's upload → its assessment and notification.
//! - [`quote`]: a region's or an RCC's words, quoted as written.
//! - [`national`]: the national picture, `summary/{year}/national.json`.
//! - [`redecision`]: the agency's wait-time data arrived or changed → the year decided again.
//! - [`budget`]: a whole agreement's money, every item split exactly (`svf budget`), with typed
//!   errors: the agreement's allocation, the RCC of each region, Halland's municipalities.

use std::fmt;

#[cfg(feature = "aws")]
pub mod aws;
pub mod budget;
pub mod folder;
pub mod lagesbild;
pub mod layout;
pub mod national;
pub mod notification;
pub mod page;
pub mod provenance;
pub mod quote;
pub mod rcc_upload;
pub mod reconcile;
pub mod redecision;
pub mod render;
pub mod store;
pub mod stored;
pub mod summary;
pub mod upload;
pub mod wording;

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
