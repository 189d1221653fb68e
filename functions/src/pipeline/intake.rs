//! What every intake of an upload shares, a region's and an RCC's: reading the upload bounded
//! by its version, what handling it came to, the assessment as stored with its provenance, the
//! year's rules and the agency's data for assessing it, and the announcement with the
//! attributes SNS filters on.

use serde::Serialize;
use svf_kernel::agency::AgencyLeadTimes;
use svf_kernel::assessment::{Assessment, Receipt, Status};
use svf_kernel::region::{Region, Year};
use svf_kernel::report::{JsonPath, Reason, ReportError, Step};
use svf_kernel::rules::Rules;
use svf_kernel::time::Instant;

use crate::contract::layout::{self, ReportKey};
use crate::contract::provenance::{FileSource, Provenance, RulesSource};
use crate::contract::upload_ref::UploadRef;
use crate::pipeline::{ConfigError, PipelineError};
use crate::present::notification::Notification;
use crate::store::{Announcer, Attributes, Object, ObjectStore, Precondition, Written};

/// What handling an upload came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Assessed; the notification's key, and whether the region's assessment was replaced.
    Assessed {
        /// The notification written.
        notification: String,
        /// Whether this became the region's assessment (false when a later report already is).
        current: bool,
    },
    /// Rejected; the notification's key.
    Rejected {
        /// The notification written.
        notification: String,
    },
    /// Already notified: a redelivered event.
    AlreadyDone {
        /// The existing notification.
        notification: String,
    },
    /// The agency's wait-time file: the year's assessments decided again; the notifications
    /// written to the regions whose verdict changed.
    Redecided {
        /// The notifications written (none when no verdict changed, or on redelivery).
        notifications: Vec<String>,
    },
    /// Not an upload the pipeline handles: not under `reports/`, gone, or replaced since.
    Ignored(Ignored),
}

/// Why an event is not an upload the pipeline handles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ignored {
    /// The key is not under `reports/` (nor the agency's wait-time file).
    NotAnUpload,
    /// The object is gone.
    Gone,
    /// The object was written again after the event, in a bucket that keeps no versions.
    Replaced,
    /// The version the event names is gone.
    VersionGone,
}

/// Why, for the operator's log.
impl std::fmt::Display for Ignored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ignored::NotAnUpload => write!(f, "not under {}", layout::REPORTS),
            Ignored::Gone => f.write_str("the object is gone"),
            Ignored::Replaced => f.write_str("the object was replaced after this event"),
            Ignored::VersionGone => f.write_str("the version is gone"),
        }
    }
}

/// An assessment as written: the kernel's, with the upload it came from and what decided it
/// (read back as [`StoredAssessment`](crate::contract::stored::StoredAssessment)).
#[derive(Debug, Serialize)]
pub struct AssessmentRecord<A> {
    /// The assessment (`svf-assessment/1`).
    #[serde(flatten)]
    pub assessment: A,
    /// The upload it assesses; breaks ties between reports received at the same second.
    pub upload: UploadRef,
    /// What decided it: svf's version and commit, and the rules.
    pub provenance: Provenance,
}

impl<A: Serialize> AssessmentRecord<A> {
    /// The record as stored: the kernel's JSON with the upload it assesses and its provenance.
    ///
    /// # Errors
    /// [`PipelineError::Serialize`] if it cannot be written as JSON.
    pub fn to_json(&self) -> Result<Vec<u8>, PipelineError> {
        Ok(serde_json::to_vec_pretty(self)?)
    }
}

/// Announces the notification, then records it at `key` if it is not there: announced first,
/// so a retry may announce twice, never not at all. Returns whether this call recorded it.
pub(crate) async fn notify(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    key: &str,
    notification: &Notification<'_>,
) -> Result<bool, PipelineError> {
    let body = serde_json::to_vec_pretty(notification)?;
    announcer
        .announce(
            &notification.subject,
            &notification.message(),
            &attributes(notification),
        )
        .await?;
    let written = store
        .put(key, body, "application/json", Precondition::IfAbsent)
        .await?;
    Ok(written != Written::ConditionFailed)
}

/// The bytes of an upload: its version where the store keeps versions, else the object as it
/// is now, if it is still the upload's content (`None` when it is gone or was replaced).
pub(crate) async fn read(
    store: &impl ObjectStore,
    upload: &UploadRef,
) -> Result<Option<Object>, PipelineError> {
    let object = match &upload.version {
        Some(version) => store.get_version(&upload.key, version).await?,
        None => store
            .get(&upload.key)
            .await?
            .filter(|object| object.etag == upload.etag),
    };
    Ok(object)
}

/// How far a receipt time may be ahead of this machine's clock: S3's clock and the function's,
/// or a file server's and the command line's, may differ by a little, never by minutes.
pub const CLOCK_ALLOWANCE_SECONDS: i64 = 300;

/// The receipt of an upload received at `received`, unless that is later than now (with
/// [`CLOCK_ALLOWANCE_SECONDS`]): a wrong clock or file time, refused by the kernel's
/// [`Receipt::not_after`] rather than judged on the deadline as if it were true.
///
/// # Errors
/// The kernel's reason, for the upload's rejection.
pub(crate) fn receipt(received: Instant) -> Result<Receipt, Reason> {
    let receipt = Receipt::new(received);
    let now = crate::store::folder::instant_of(std::time::SystemTime::now()).and_then(|now| {
        Instant::from_unix_seconds(now.unix_seconds().saturating_add(CLOCK_ALLOWANCE_SECONDS))
    });
    match now {
        Some(now) => receipt.not_after(now),
        // A clock outside the years 1–9999 has no "now" a receipt could be later than.
        None => Ok(receipt),
    }
}

/// A rejection for a reason found outside the report's text.
pub(crate) fn rejected(
    report_key: Option<&ReportKey>,
    received: Instant,
    reason: Reason,
) -> Box<Assessment> {
    let error = ReportError {
        path: JsonPath::default(),
        reason,
    };
    let (year, region) = report_key
        .as_ref()
        .map_or((None, None), |k| (k.year, k.region));
    Box::new(Assessment::rejected(year, region, received, &[error]))
}

/// The year's rules for an upload (with `config/{year}/rules.json` if there is one) and the
/// agency's wait-time data (`config/{year}/lead_times.csv`, if there is one), and the
/// assessment of report bytes under them.
pub(crate) struct Assessor {
    rules: Option<Rules>,
    /// Where the rules came from, for the provenance.
    source: RulesSource,
    /// The agency's wait-time file, checked when read, and where it came from.
    lead_times: Option<(Vec<u8>, FileSource)>,
}

/// The most bytes the agency's wait-time file may have: its most rows, generously wide.
pub const MAX_LEAD_TIMES_BYTES: u64 = 1 << 20;

impl Assessor {
    /// The rules of the year `report_key` names.
    pub(crate) async fn for_key(
        store: &impl ObjectStore,
        report_key: Option<&ReportKey>,
    ) -> Result<Assessor, PipelineError> {
        match report_key.and_then(|k| k.year) {
            Some(year) => Assessor::for_year(store, year).await,
            None => Ok(Assessor {
                rules: None,
                source: RulesSource::BUILT_IN,
                lead_times: None,
            }),
        }
    }

    /// The rules and the agency's wait-time data of `year`. A broken file is refused with its
    /// key, line and column, and nothing is assessed under it.
    pub(crate) async fn for_year(
        store: &impl ObjectStore,
        year: Year,
    ) -> Result<Assessor, PipelineError> {
        let key = layout::lead_times_key(year);
        let lead_times =
            match crate::pipeline::configuration(store, &key, MAX_LEAD_TIMES_BYTES).await? {
                Some(file) => {
                    AgencyLeadTimes::parse(&file.bytes)
                        .map_err(|e| PipelineError::config(&key, ConfigError::LeadTimes(e)))?;
                    Some((
                        file.bytes,
                        FileSource {
                            key,
                            etag: file.etag,
                        },
                    ))
                }
                None => None,
            };
        let key = layout::rules_key(year);
        let max = svf_kernel::rules_file::MAX_RULES_BYTES as u64;
        let Some(file) = crate::pipeline::configuration(store, &key, max).await? else {
            return Ok(Assessor {
                rules: None,
                source: RulesSource::BUILT_IN,
                lead_times,
            });
        };
        let rules = Rules::with_file(year, &file.bytes)
            .map_err(|e| PipelineError::config(&key, ConfigError::Rules(Box::new(e))))?;
        Ok(Assessor {
            rules: Some(rules),
            source: RulesSource::File {
                key,
                etag: file.etag,
            },
            lead_times,
        })
    }

    /// The record of `assessment` of `source` as decided here.
    pub(crate) fn record<'a>(
        &self,
        assessment: &'a Assessment,
        source: &UploadRef,
    ) -> AssessmentRecord<&'a Assessment> {
        AssessmentRecord {
            assessment,
            upload: source.clone(),
            provenance: self.provenance(),
        }
    }

    /// What decided, for the provenance.
    fn provenance(&self) -> Provenance {
        let mut provenance = Provenance::of(self.source.clone());
        provenance.lead_times = self.lead_times.as_ref().map(|(_, file)| file.clone());
        provenance
    }

    /// The agency's wait-time data, read from the bytes kept here (checked when they were
    /// read, so this cannot fail): read once for as many assessments as are made with it.
    pub(crate) fn agency(&self) -> Option<AgencyLeadTimes<'_>> {
        self.lead_times
            .as_ref()
            .and_then(|(bytes, _)| AgencyLeadTimes::parse(bytes).ok())
    }

    /// Assesses the bytes, and rejects a report whose year or region is not its key's.
    pub(crate) fn assess(
        &self,
        report_key: Option<&ReportKey>,
        bytes: &[u8],
        receipt: Receipt,
    ) -> Box<Assessment> {
        self.assess_with(report_key, bytes, receipt, self.agency().as_ref())
    }

    /// [`assess`](Assessor::assess) with the agency's data already read ([`Assessor::agency`]).
    pub(crate) fn assess_with(
        &self,
        report_key: Option<&ReportKey>,
        bytes: &[u8],
        receipt: Receipt,
        agency: Option<&AgencyLeadTimes<'_>>,
    ) -> Box<Assessment> {
        let received = receipt.received();
        let Some(key) = report_key.filter(|k| k.json) else {
            // A name that is not a report's, in a region's folder, is still that region's
            // rejection (the region is told, by its folder's year and code).
            return rejected(report_key, received, Reason::KeyShape);
        };
        // The agency's data is of the key's year; a report of another year is rejected below.
        let assessment = Assessment::decide_bytes(
            bytes,
            receipt,
            |year| {
                Ok::<_, std::convert::Infallible>(match &self.rules {
                    Some(rules) if rules.year() == year => rules.clone(),
                    _ => Rules::of(year),
                })
            },
            &agency,
        )
        .unwrap_or_else(|never| match never {});
        if assessment.status() == Status::Rejected {
            return Box::new(assessment);
        }
        let year_matches = assessment.agreement_year() == key.year.map(Year::number);
        let region_matches = assessment.region_code() == key.region.map(Region::code);
        if year_matches && region_matches {
            return Box::new(assessment);
        }
        let field = if year_matches {
            "region_code"
        } else {
            "agreement_year"
        };
        let mut error = ReportError {
            path: JsonPath::default(),
            reason: Reason::KeyMismatch(layout::REPORT_KEY_SHAPE),
        };
        error.path.push(Step::Field(field));
        let year = assessment
            .agreement_year()
            .and_then(|y| Year::from_number(u64::from(y)));
        let region = assessment.region_code().and_then(Region::from_code);
        Box::new(Assessment::rejected(year, region, received, &[error]))
    }
}

/// What SNS filters a region's notification on: the region whose folder the upload is in (or
/// that its report names, where the key does not say), the agreement year and the status.
pub fn attributes<'n>(notification: &'n Notification<'_>) -> Attributes<'n> {
    let key = ReportKey::parse(&notification.upload.key);
    Attributes {
        rcc: None,
        region_code: key
            .as_ref()
            .and_then(|k| k.region)
            .map(Region::code)
            .or(notification.assessment.region_code()),
        agreement_year: key
            .as_ref()
            .and_then(|k| k.year)
            .map(Year::number)
            .or(notification.assessment.agreement_year()),
        status: notification.assessment.status().as_str(),
        audience: None,
    }
}

#[cfg(test)]
mod tests {
    use svf_kernel::assessment::Assessment;
    use svf_kernel::time::Instant;

    use super::*;

    #[test]
    fn the_attributes_name_the_region_whose_folder_it_was_even_when_the_report_cannot() {
        use svf_kernel::report::{JsonPath, Reason, ReportError};
        let received = Instant::parse_rfc3339("2024-09-20T10:00:00Z").unwrap();
        let error = ReportError {
            path: JsonPath::default(),
            reason: Reason::Syntax(
                const {
                    &svf_kernel::json::Phrase::new(
                        "the text ends too early",
                        "texten tar slut för tidigt",
                    )
                },
            ),
        };
        let broken = Assessment::rejected(None, None, received, &[error]);
        let upload = UploadRef::new("reports/2024/25/trasig.json", "\"e\"");
        let note = Notification::new(&upload, &broken);
        assert_eq!(
            attributes(&note),
            Attributes {
                rcc: None,
                region_code: Some("25"),
                agreement_year: Some(2024),
                status: "rejected",
                audience: None,
            }
        );
        let unplaced = UploadRef::new("reports/x.json", "\"e\"");
        let note = Notification::new(&unplaced, &broken);
        assert_eq!(attributes(&note).region_code, None);
    }
}
