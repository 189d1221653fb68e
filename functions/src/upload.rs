//! An upload under `reports/`: assess it, keep the region's newest assessment, notify.
//!
//! Every step is safe to repeat, because S3 delivers events at least once and Lambda retries a
//! failed invocation: the notification's key is derived from the upload's key and entity tag
//! and written only if absent, and written last, so its presence means the upload is done.
//! The assessment is replaced only by a report received later (ties broken by key and entity
//! tag), so events arriving out of order end in the same state.
//!
//! The deadline is judged on the region's first accepted report of the year (contract §4):
//! the stored assessment carries `first_received`, the earliest receipt of any accepted upload
//! seen so far. A newer report is assessed with it; an older accepted report that arrives late
//! (its event delayed) lowers it, and the stored assessment is decided again from its own
//! report with the earlier date, so that any order of events ends in the same assessment.

use serde::Serialize;
use svf_kernel::agency::AgencyLeadTimes;
use svf_kernel::assessment::{Assessment, Receipt, Status};
use svf_kernel::region::{Region, Year};
use svf_kernel::report::{JsonPath, MAX_REPORT_BYTES, Reason, ReportError, Step};
use svf_kernel::rules::Rules;
use svf_kernel::time::Instant;
use tracing::info;

use crate::PipelineError;
use crate::layout::{self, REPORTS, ReportKey};
use crate::notification::{Notification, Superseded, UploadRef};
use crate::provenance::{FileSource, Provenance, RulesSource};
use crate::store::{Announcer, Object, ObjectStore, Precondition, StoreError, Written};
use crate::stored::StoredAssessment;

/// An upload as an event announces it: one write of an object (contract §3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    /// The object's key, decoded.
    pub key: String,
    /// When it was received (the event's time; a folder's modification time).
    pub received: Instant,
    /// The entity tag the event names, if any: the content the event is about.
    pub etag: Option<String>,
    /// The version the event is about, in a versioned bucket (S3's `versionId`): then that
    /// version is read, even after the key was written again.
    pub version: Option<String>,
    /// The event's place among the events on its key (S3's `sequencer`).
    pub sequencer: Option<String>,
    /// Who wrote it, where the event says (S3's principal).
    pub uploader: Option<String>,
}

impl Upload {
    /// An upload of `key` received at `received`, of the content `etag` names, with no version,
    /// sequencer or uploader (a folder bucket's).
    pub fn new(key: impl Into<String>, received: Instant, etag: Option<String>) -> Upload {
        Upload {
            key: key.into(),
            received,
            etag,
            version: None,
            sequencer: None,
            uploader: None,
        }
    }
}

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
    Ignored(&'static str),
}

/// An assessment as written: the kernel's, with the upload it came from and what decided it
/// (read back as [`StoredAssessment`]).
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

/// Handles one upload.
///
/// # Errors
/// [`PipelineError`] when the store fails (retry) or the year's configuration is broken.
pub async fn handle_upload(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    upload: &Upload,
) -> Result<Outcome, PipelineError> {
    let key = upload.key.as_str();
    if let Some(year) = layout::lead_times_year(key) {
        // Boxed: its future holds every region's, and would otherwise make this one's layout
        // deeper than the compiler computes.
        let notifications =
            Box::pin(crate::redecision::redecide(store, announcer, year, upload)).await?;
        return Ok(Outcome::Redecided { notifications });
    }
    if !key.starts_with(REPORTS) {
        return Ok(Outcome::Ignored("not under reports/"));
    }
    if let Some(rcc_key) = layout::RccReportKey::parse(key) {
        return Box::pin(crate::rcc_upload::handle_rcc_upload(
            store, announcer, upload, &rcc_key,
        ))
        .await;
    }
    let head = match &upload.version {
        Some(version) => store.head_version(key, version).await,
        None => store.head(key).await,
    };
    let head = match head {
        // A key the store cannot take (a backslash, a control character) still gets its
        // rejection, apart under notifications/unplaced/ (contract §3).
        Err(StoreError::BadKey { reason, .. }) => {
            return refuse_key(store, announcer, upload, reason).await;
        }
        head => head?,
    };
    let Some(info) = head else {
        return Ok(Outcome::Ignored("the object is gone"));
    };
    if upload.version.is_none() && upload.etag.as_ref().is_some_and(|etag| *etag != info.etag) {
        // Replaced since the event, in a bucket that keeps no versions: the newer content has
        // an event of its own, and this one cannot be read any more.
        return Ok(Outcome::Ignored("the object was replaced after this event"));
    }
    let report_key = ReportKey::parse(key);
    let source = UploadRef {
        key: key.to_owned(),
        etag: info.etag.clone(),
        version: upload.version.clone(),
        sequencer: upload.sequencer.clone(),
        uploader: upload.uploader.clone(),
    };
    let notification_key = layout::notification_key(report_key.as_ref(), &source, upload.received);
    if store.head(&notification_key).await?.is_some() {
        return Ok(Outcome::AlreadyDone {
            notification: notification_key,
        });
    }
    // Boxed: an assessment is kilobytes of fixed capacity, and it lives across the awaits below.
    let (assessment, current, superseded_by): (Box<Assessment>, bool, Option<Superseded>) =
        if info.size > MAX_REPORT_BYTES as u64 {
            // Refused before download.
            let too_large = Reason::TooLarge {
                bytes: usize::try_from(info.size).unwrap_or(usize::MAX),
                max: MAX_REPORT_BYTES,
            };
            (
                rejected(report_key.as_ref(), upload.received, too_large),
                false,
                None,
            )
        } else {
            let Some(object) = read(store, &source).await? else {
                return Ok(Outcome::Ignored(if source.version.is_some() {
                    "the version is gone"
                } else {
                    "the object was replaced after this event"
                }));
            };
            let assessor = Assessor::for_key(store, report_key.as_ref()).await?;
            let receipt = Receipt::new(upload.received);
            let assessment = assessor.assess(report_key.as_ref(), &object.bytes, receipt);
            if assessment.status() == Status::Assessed {
                keep_if_newest(store, &assessor, &object.bytes, assessment, &source).await?
            } else {
                (assessment, false, None)
            }
        };
    let notification = Notification::counting(&source, &assessment, superseded_by.as_ref());
    if !notify(store, announcer, &notification_key, &notification).await? {
        return Ok(Outcome::AlreadyDone {
            notification: notification_key,
        });
    }
    // Logs carry the region and the verdict, never the report's contents.
    info!(
        key,
        region = assessment.region_code().unwrap_or("?"),
        year = assessment.agreement_year().unwrap_or(0),
        status = ?assessment.status(),
        complete = assessment.complete(),
        eligible = ?assessment.parts().iter().filter(|p| p.eligible).map(|p| p.id).collect::<Vec<_>>(),
        current,
        "upload assessed"
    );
    Ok(match assessment.status() {
        Status::Assessed => Outcome::Assessed {
            notification: notification_key,
            current,
        },
        Status::Rejected => Outcome::Rejected {
            notification: notification_key,
        },
    })
}

/// Decides an upload's assessment again and keeps it if it is the region's newest, without a
/// notification (the upload had its own): how a deleted stored assessment is rebuilt.
/// Returns whether it became the region's assessment.
///
/// # Errors
/// [`PipelineError`] when the store fails or the year's configuration is broken.
pub async fn rebuild(
    store: &impl ObjectStore,
    upload: &UploadRef,
    received: Instant,
) -> Result<bool, PipelineError> {
    let Some(object) = read(store, upload).await? else {
        return Ok(false);
    };
    let report_key = ReportKey::parse(&upload.key);
    let assessor = Assessor::for_key(store, report_key.as_ref()).await?;
    let assessment = assessor.assess(report_key.as_ref(), &object.bytes, Receipt::new(received));
    if assessment.status() != Status::Assessed {
        return Ok(false);
    }
    let (_, current, _) =
        keep_if_newest(store, &assessor, &object.bytes, assessment, upload).await?;
    Ok(current)
}

/// The rejection of an upload whose key the store cannot take: its notification, unplaced.
async fn refuse_key(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    upload: &Upload,
    why: &'static str,
) -> Result<Outcome, PipelineError> {
    let mut source = UploadRef::new(upload.key.clone(), upload.etag.clone().unwrap_or_default());
    source.version.clone_from(&upload.version);
    source.sequencer.clone_from(&upload.sequencer);
    let notification_key = layout::notification_key(None, &source, upload.received);
    if store.head(&notification_key).await?.is_some() {
        return Ok(Outcome::AlreadyDone {
            notification: notification_key,
        });
    }
    let assessment = rejected(None, upload.received, Reason::KeyRefused(why));
    let notification = Notification::new(&source, &assessment);
    if !notify(store, announcer, &notification_key, &notification).await? {
        return Ok(Outcome::AlreadyDone {
            notification: notification_key,
        });
    }
    Ok(Outcome::Rejected {
        notification: notification_key,
    })
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
            &notification.attributes(),
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

/// Which of two uploads of a region came later: on one key, by S3's sequencer first (compared
/// left-padded, as S3 documents), then by receipt time; across keys by receipt time, then key;
/// last by version and entity tag, so that two uploads compare equal only when they are one.
/// Sequencers order the events on one key only, and S3's event times follow them; where a
/// folder's times do not, the receipt time decides.
pub(crate) fn later(a: (Instant, &UploadRef), b: (Instant, &UploadRef)) -> std::cmp::Ordering {
    let ((a_time, a), (b_time, b)) = (a, b);
    let by_sequencer = match (&a.sequencer, &b.sequencer) {
        (Some(x), Some(y)) if a.key == b.key => {
            let width = x.len().max(y.len());
            format!("{x:0>width$}").cmp(&format!("{y:0>width$}"))
        }
        _ => std::cmp::Ordering::Equal,
    };
    by_sequencer
        .then(a_time.cmp(&b_time))
        .then_with(|| a.key.cmp(&b.key))
        .then_with(|| a.sequencer.cmp(&b.sequencer))
        .then_with(|| a.version.cmp(&b.version))
        .then_with(|| a.etag.cmp(&b.etag))
}

/// A rejection for a reason found outside the report's text.
fn rejected(report_key: Option<&ReportKey>, received: Instant, reason: Reason) -> Box<Assessment> {
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
    async fn for_key(
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
        let lead_times = match crate::configuration(store, &key, MAX_LEAD_TIMES_BYTES).await? {
            Some(file) => {
                AgencyLeadTimes::parse(&file.bytes)
                    .map_err(|e| PipelineError::Config(format!("{key}: {e}")))?;
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
        let Some(file) = crate::configuration(store, &key, max).await? else {
            return Ok(Assessor {
                rules: None,
                source: RulesSource::BUILT_IN,
                lead_times,
            });
        };
        let rules = Rules::with_file(year, &file.bytes)
            .map_err(|e| PipelineError::Config(format!("{key}: {e}")))?;
        Ok(Assessor {
            rules: Some(rules),
            source: RulesSource::File {
                key,
                etag: file.etag,
            },
            lead_times,
        })
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
        let Some(key) = report_key else {
            return rejected(None, received, Reason::KeyShape);
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
            reason: Reason::KeyMismatch("reports/{year}/{region code}/…"),
        };
        error.path.push(Step::Field(field));
        let year = assessment
            .agreement_year()
            .and_then(|y| Year::from_number(u64::from(y)));
        let region = assessment.region_code().and_then(Region::from_code);
        Box::new(Assessment::rejected(year, region, received, &[error]))
    }
}

/// Writes the assessment as the region's, unless a report received later (or at the same
/// second with a greater key and entity tag) already is; a conditional write, retried until it
/// holds. The deadline is judged on the earliest accepted receipt: ours is assessed again with
/// the stored first receipt when that is earlier, and when ours is older but earlier than the
/// stored first receipt, the stored assessment is decided again from its own report with ours
/// as its first. Returns our assessment as it stands and whether it became the region's.
async fn keep_if_newest(
    store: &impl ObjectStore,
    assessor: &Assessor,
    bytes: &[u8],
    assessment: Box<Assessment>,
    source: &UploadRef,
) -> Result<(Box<Assessment>, bool, Option<Superseded>), PipelineError> {
    let (Some(year), Some(region)) = (
        assessment
            .agreement_year()
            .and_then(|y| Year::from_number(u64::from(y))),
        assessment.region_code().and_then(Region::from_code),
    ) else {
        return Ok((assessment, false, None));
    };
    let key = layout::assessment_key(year, region);
    let received = assessment.received();
    let report_key = ReportKey::parse(&source.key);
    for _ in 0..crate::MAX_ATTEMPTS {
        let Some(current) = store.get(&key).await? else {
            let body = stored(&assessment, source, assessor)?;
            if let Written::Yes(_) = store
                .put(&key, body, "application/json", Precondition::IfAbsent)
                .await?
            {
                return Ok((assessment, true, None));
            }
            continue;
        };
        let theirs = StoredAssessment::parse(&current.bytes)
            .map_err(|why| PipelineError::Config(format!("{key}: {why}")))?;
        let Some(their_upload) = theirs.upload.clone() else {
            return Err(PipelineError::Config(format!(
                "{key}: a stored assessment without its upload"
            )));
        };
        let (their_received, their_first) = (theirs.received, theirs.first_received());
        // What counts instead of ours, when a later report does.
        let superseded = || {
            Some(Superseded {
                upload: their_upload.clone(),
                received: their_received,
            })
        };
        let mine = if their_first < received {
            let receipt = Receipt::with_first(received, their_first);
            assessor.assess(report_key.as_ref(), bytes, receipt)
        } else {
            assessment.clone()
        };
        let theirs = later((their_received, &their_upload), (received, source));
        if theirs == std::cmp::Ordering::Equal {
            return Ok((mine, true, None));
        }
        if theirs == std::cmp::Ordering::Greater {
            // A later report is the region's. Ours may still be its first.
            if received >= their_first {
                return Ok((mine, false, superseded()));
            }
            let Some(their_report) = read(store, &their_upload).await? else {
                // Replaced since it was assessed in a bucket without versions; the new
                // content's own event will follow.
                return Ok((mine, false, superseded()));
            };
            let receipt = Receipt::with_first(their_received, received);
            let again = assessor.assess(
                ReportKey::parse(&their_upload.key).as_ref(),
                &their_report.bytes,
                receipt,
            );
            if again.status() != Status::Assessed {
                // Not so under today's rules: the stored verdict stands, as it was decided.
                return Ok((mine, false, superseded()));
            }
            let body = stored(&again, &their_upload, assessor)?;
            if let Written::Yes(_) = store
                .put(
                    &key,
                    body,
                    "application/json",
                    Precondition::IfMatch(current.etag),
                )
                .await?
            {
                return Ok((mine, false, superseded()));
            }
            continue;
        }
        let body = stored(&mine, source, assessor)?;
        if let Written::Yes(_) = store
            .put(
                &key,
                body,
                "application/json",
                Precondition::IfMatch(current.etag),
            )
            .await?
        {
            return Ok((mine, true, None));
        }
    }
    Err(PipelineError::Contention(key))
}

/// An assessment as stored: the kernel's JSON with the upload it assesses.
pub(crate) fn stored(
    assessment: &Assessment,
    source: &UploadRef,
    assessor: &Assessor,
) -> Result<Vec<u8>, PipelineError> {
    let stored = AssessmentRecord {
        assessment,
        upload: source.clone(),
        provenance: assessor.provenance(),
    };
    Ok(serde_json::to_vec_pretty(&stored)?)
}
