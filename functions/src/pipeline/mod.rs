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
//! - [`decided`]: the government's payment decisions → `records/{year}/`, read by the summary.
//! - [`history`]: the standing `payments.json` and the chain of changes back from it.
//! - [`front`]: the front door's calls: an upload under the user's own prefix, handled at once;
//!   a role's notifications; a summary's files; a decision recorded.
//! - [`remind`]: the calendar: reminders before the deadline, the agency's overview (§11).
//! - [`reconcile`]: every upload without a notification handled, every summary updated.

use std::fmt;

use svf_kernel::TableError;
use svf_kernel::agency::AgencyError;
use svf_kernel::json::Rejection;
use svf_kernel::payment_decision::AnnexDifference;
use svf_kernel::payments::{PaymentError, RecordedError};
use svf_kernel::rcc::Area;
use svf_kernel::region::{Region, Year};
use svf_kernel::rules_file::RulesError;

use crate::contract::layout;
use crate::contract::record::RecordError;
use crate::contract::stored::DocumentError;
use crate::model::decided::VerifyError;
use crate::store;

pub mod decided;
pub mod event;
pub mod front;
pub mod history;
pub mod intake;
pub mod rcc_upload;
pub mod reconcile;
pub mod redecision;
pub mod remind;
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
        return Err(PipelineError::config(
            key,
            ConfigError::TooLarge {
                bytes: info.size,
                max,
            },
        ));
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
    /// An object the year's decisions rest on is broken or missing: the agency's
    /// configuration (population table, rules file, wait-time data, a decision) or a stored
    /// document.
    Config {
        /// The object's key.
        key: String,
        /// What is wrong with it (boxed: the kernel's errors carry their paths in fixed
        /// capacity, and the error is returned far more often than it is made).
        why: Box<ConfigError>,
    },
    /// A document of ours could not be written as JSON.
    Serialize(serde_json::Error),
    /// A table of ours could not be written.
    Render(std::io::Error),
    /// A conditional write kept losing to others.
    Contention(String),
}

/// What is wrong with one object the pipeline reads: a closed set, each worded once below.
#[derive(Debug)]
pub enum ConfigError {
    /// Larger than an object of its kind may be.
    TooLarge {
        /// Its size.
        bytes: u64,
        /// The most it may have.
        max: u64,
    },
    /// It is missing, and the year's assessments and decisions cannot be paid without it.
    Missing,
    /// A rules file the kernel refuses.
    Rules(Box<RulesError>),
    /// The agency's wait-time file the kernel refuses.
    LeadTimes(AgencyError),
    /// A population table the kernel refuses.
    Table(TableError),
    /// Payments the kernel cannot compute from the population table.
    Payments(PaymentError),
    /// A decision the kernel refuses.
    Decision(Box<Rejection>),
    /// A stored document that cannot be read back.
    Document(DocumentError),
    /// A report whose words cannot be read for quoting (its figures are the kernel's).
    ReportJson(serde_json::Error),
    /// A stored assessment at a region's key that is another region's.
    OfRegion(Region),
    /// A stored assessment without the upload it assesses.
    NoUpload,
    /// Under `decisions/{year}/` but not a decision's key.
    NotADecisionKey(Year),
    /// An upload without a version, where reconciling needs versions.
    Unversioned,
    /// A sum over the RCC's stored assessments beyond the range of an amount.
    Overflow(Area),
    /// Under `decisions/{year}/payments/` but not a payment decision's key.
    NotAPaymentDecisionKey(Year),
    /// A payment decision whose published annex is not svf's computation: each region that
    /// differs.
    AnnexDiffers(Vec<AnnexDifference>),
    /// A payment decision of a payment already recorded, with other fields: the record's key.
    OtherThanRecorded(String),
    /// A record that cannot be read.
    Record(RecordError),
    /// A record at another payment's or year's key.
    RecordOfAnother {
        /// The year it names.
        year: u16,
        /// The payment it names.
        payment: svf_kernel::vocabulary::PaymentId,
    },
    /// A record whose amounts cannot stand for its payment.
    Recorded(RecordedError),
    /// A new record that does not compute its own amounts again (a defect: nothing is written).
    Verify(Box<VerifyError>),
    /// A standing `payments.json` that svf did not write.
    Standing(serde_json::Error),
    /// A change of the payments that cannot be read.
    Change(crate::contract::history::ChangeError),
    /// A change the chain names that is not there: the key of what names it.
    ChangeMissing(String),
    /// A chain of changes that circles.
    ChangeLoop,
    /// A stored assessment whose report the kernel, deciding it again, now rejects (a receipt
    /// time before the period ended, kept from before such receipts were refused): it is paid
    /// on neither its old verdict nor none until the region or the agency acts.
    NoLongerAccepted {
        /// The report's key.
        report: String,
        /// The kernel's first reason: its JSON path (empty for the whole report) and message.
        reason: (String, String),
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::TooLarge { bytes, max } => write!(
                f,
                "{bytes} bytes, more than the {max} a configuration file may have"
            ),
            ConfigError::Missing => {
                f.write_str(
                    "is missing; the year's assessments and decisions cannot be paid without it",
                )
            }
            ConfigError::Rules(e) => write!(f, "{e}"),
            ConfigError::LeadTimes(e) => write!(f, "{e}"),
            ConfigError::Table(e) => write!(f, "{e}"),
            ConfigError::Payments(e) => write!(f, "{e}"),
            ConfigError::Decision(e) => write!(f, "{e}"),
            ConfigError::Document(e) => write!(f, "{e}"),
            ConfigError::ReportJson(e) => write!(f, "not a report's JSON: {e}"),
            ConfigError::OfRegion(region) => write!(f, "an assessment of region {}", region.code()),
            ConfigError::NoUpload => f.write_str("a stored assessment without its upload"),
            ConfigError::NotADecisionKey(year) => write!(
                f,
                "not a decision's key; a decision is {}",
                layout::decision_key_shape(*year)
            ),
            ConfigError::Overflow(area) => write!(
                f,
                "the sum granted within {area} is beyond the largest amount; nothing is summed \
                 from a figure the kernel did not give"
            ),
            ConfigError::NoLongerAccepted {
                report,
                reason: (path, message),
            } => {
                write!(f, "its report {report} is no longer accepted when decided again (")?;
                if !path.is_empty() {
                    write!(f, "{path}: ")?;
                }
                write!(
                    f,
                    "{message}); it is paid neither as it stood nor as rejected until the \
                     region sends a corrected report or the agency removes this assessment"
                )
            }
            ConfigError::NotAPaymentDecisionKey(year) => write!(
                f,
                "not a payment decision's key; a payment decision is {}",
                layout::payment_decisions_prefix(*year) + "{payment}.json"
            ),
            ConfigError::AnnexDiffers(differences) => write!(
                f,
                "its annex is not svf's computation of the payment, so nothing is recorded: {}",
                crate::present::decided::annex_differences(differences)
            ),
            ConfigError::OtherThanRecorded(record) => write!(
                f,
                "the payment is recorded in {record} with another decision; a decided payment \
                 is not decided again, and this one changes nothing"
            ),
            ConfigError::Record(e) => write!(f, "{e}"),
            ConfigError::RecordOfAnother { year, payment } => {
                write!(f, "a record of {payment} {year}, not of its key's payment")
            }
            ConfigError::Recorded(e) => write!(f, "{e}"),
            ConfigError::Verify(e) => write!(
                f,
                "the new record does not compute its own amounts again ({e}); nothing is recorded"
            ),
            ConfigError::Standing(e) => write!(f, "not a payments.json svf wrote: {e}"),
            ConfigError::Change(e) => write!(f, "{e}"),
            ConfigError::ChangeMissing(by) => {
                write!(f, "is missing, though {by} names it as a change of the payments")
            }
            ConfigError::ChangeLoop => {
                f.write_str("the chain of changes of the payments comes back to itself")
            }
            ConfigError::Unversioned => f.write_str(
                "the bucket keeps no versions; reconciling needs a versioned bucket (the template's)",
            ),
        }
    }
}

impl PipelineError {
    /// The object at `key` is broken as `why` says.
    pub fn config(key: impl Into<String>, why: ConfigError) -> PipelineError {
        PipelineError::Config {
            key: key.into(),
            why: Box::new(why),
        }
    }

    /// Why, as the page's banner and `payments.json`'s `out_of_date_because` say it: which
    /// object is broken and why, or what the store answered.
    pub fn reason(&self) -> String {
        self.config_reason().unwrap_or_else(|| self.to_string())
    }

    /// Which object is broken and why, as the page's banner says it: `None` unless the error
    /// is of the year's configuration or stored documents.
    pub fn config_reason(&self) -> Option<String> {
        match self {
            PipelineError::Config { key, why } if matches!(**why, ConfigError::Missing) => {
                Some(format!("{key} {why}"))
            }
            PipelineError::Config { key, why } => Some(format!("{key}: {why}")),
            PipelineError::Serialize(e) => Some(format!("JSON: {e}")),
            PipelineError::Render(e) => Some(e.to_string()),
            PipelineError::Store(_) | PipelineError::Contention(_) => None,
        }
    }
}

impl From<serde_json::Error> for PipelineError {
    fn from(e: serde_json::Error) -> Self {
        PipelineError::Serialize(e)
    }
}

impl fmt::Display for PipelineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PipelineError::Store(e) => write!(f, "{e}"),
            PipelineError::Contention(key) => {
                write!(f, "{key} kept changing under the update; try again")
            }
            PipelineError::Config { key, why } if matches!(**why, ConfigError::Missing) => {
                write!(f, "configuration: {key} {why}")
            }
            PipelineError::Config { key, why } => write!(f, "configuration: {key}: {why}"),
            PipelineError::Serialize(e) => write!(f, "configuration: JSON: {e}"),
            PipelineError::Render(e) => write!(f, "configuration: {e}"),
        }
    }
}

impl std::error::Error for PipelineError {}

impl From<store::StoreError> for PipelineError {
    fn from(e: store::StoreError) -> Self {
        PipelineError::Store(e)
    }
}
