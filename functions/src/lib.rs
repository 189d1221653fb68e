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

use std::fmt;

#[cfg(feature = "aws")]
pub mod aws;
pub mod folder;
pub mod layout;
pub mod notification;
pub mod page;
pub mod provenance;
pub mod reconcile;
pub mod render;
pub mod store;
pub mod summary;
pub mod upload;

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
