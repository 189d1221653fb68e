//! The one read type of a stored assessment (`svf-assessment/1`, contract §4), as the summary,
//! the page, the upload's ordering and `svf payments` / `svf status` read it back.
//!
//! Ids are read into the kernel's types; an id this version does not know (written by a later
//! one) is kept as [`Word::Unknown`] and shown as written, never matched as text. The figures
//! behind each verdict are read as numbers, so that nothing reads the Swedish `detail` back.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer};
use svf_kernel::assessment::{ASSESSMENT_SCHEMA, Baseline, Figures, Source, Status, parts_earned};
use svf_kernel::region::{Region, Year};
use svf_kernel::rules::Rules;
use svf_kernel::time::{Date, Instant};
use svf_kernel::vocabulary::{Advice, ConditionId, DiagnosisId, Missing, PaymentId};

use crate::contract::provenance::StoredProvenance;
use crate::contract::upload_ref::UploadRef;
use crate::contract::word::Word;

/// Why bytes are not the stored document they should be: a closed set, each worded once, for
/// the operator who reads it beside the object's key.
#[derive(Debug)]
pub enum DocumentError {
    /// Not JSON of the document's shape: which document (`stored assessment`), and serde's
    /// reason, which names the field.
    Shape(&'static str, serde_json::Error),
    /// Another schema than the document's.
    Schema {
        /// The schema it has.
        found: String,
        /// The one it should have.
        expected: &'static str,
    },
    /// A notification whose assessment has another schema.
    AssessmentSchema(String),
    /// An assessment of another agreement year, or of none, than the one read for.
    OtherYear {
        /// Its year, if it has one.
        found: Option<u16>,
        /// The year it was read for.
        year: Year,
    },
    /// An assessment whose region code is no region's.
    NotARegion(String),
    /// An assessment whose stated parts are not what its own verdicts earn under the year's
    /// rules (the kernel's [`parts_earned`]): edited by hand, or decided under other rules.
    Contradicts {
        /// The payment whose part is stated otherwise.
        part: PaymentId,
        /// What the assessment states: eligible or not.
        stated: bool,
    },
    /// An assessment that says it is complete and lists what is missing.
    CompleteWithMissing,
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentError::Shape(document, e) => write!(f, "not a {document}: {e}"),
            DocumentError::Schema { found, expected } => {
                write!(f, "schema is {found:?}, not {expected:?}")
            }
            DocumentError::AssessmentSchema(found) => write!(
                f,
                "its assessment's schema is {found:?}, not {ASSESSMENT_SCHEMA:?}"
            ),
            DocumentError::OtherYear {
                found: Some(other),
                year,
            } => write!(f, "the assessment is for {other}, not {year}"),
            DocumentError::OtherYear { found: None, year } => write!(
                f,
                "the assessment has no agreement year; it is not for {year}"
            ),
            DocumentError::NotARegion(code) => write!(f, "{code:?} is not a region code"),
            DocumentError::Contradicts { part, stated } => write!(
                f,
                "its part {part} is stated {}, but its own conditions and completeness make it \
                 {} under the year's rules; an assessment is not paid on its word: decide it \
                 again from its report, under the rules it was decided by",
                eligibility(*stated),
                eligibility(!*stated)
            ),
            DocumentError::CompleteWithMissing => {
                write!(f, "it says it is complete and lists what is missing")
            }
        }
    }
}

impl std::error::Error for DocumentError {}

/// `eligible`, `not eligible`.
fn eligibility(eligible: bool) -> &'static str {
    if eligible { "eligible" } else { "not eligible" }
}

/// A stored assessment.
///
/// Invariant (of one [`StoredAssessment::parse`] returns): its schema is `svf-assessment/1`.
#[derive(Clone, Debug, Deserialize)]
pub struct StoredAssessment {
    schema: String,
    /// Assessed or rejected.
    #[serde(deserialize_with = "contract_word")]
    pub status: Status,
    /// The agreement year, when the report said.
    #[serde(default)]
    pub agreement_year: Option<u16>,
    /// The region's code, when the report said.
    #[serde(default)]
    pub region_code: Option<String>,
    /// When the report was received.
    #[serde(deserialize_with = "instant")]
    pub received: Instant,
    /// When the region's first accepted report of the year was received; absent in
    /// assessments written before it was kept, and then `received`.
    #[serde(default, deserialize_with = "some_instant")]
    pub first_received: Option<Instant>,
    /// Nothing the year's rules require is missing.
    #[serde(default)]
    pub complete: bool,
    /// What the report lacks.
    #[serde(default)]
    pub missing: Vec<Word<Missing>>,
    /// Why a rejected report was rejected.
    #[serde(default)]
    pub errors: Vec<StoredError>,
    /// The conditions' verdicts.
    #[serde(default)]
    pub conditions: Vec<StoredCondition>,
    /// The conditional payments.
    #[serde(default)]
    pub parts: Vec<StoredPart>,
    /// The upload it is of (absent in `svf assess` output).
    #[serde(default)]
    pub upload: Option<UploadRef>,
    /// The report's lead times as given (absent in assessments written before they were kept).
    #[serde(default)]
    pub lead_times: Vec<StoredReported>,
    /// What the region is asked for beyond the rules' requirements.
    #[serde(default)]
    pub advice: Vec<Word<Advice>>,
    /// What decided it (absent in `svf assess` output).
    #[serde(default)]
    pub provenance: Option<StoredProvenance>,
}

/// One lead time as the report gave it.
#[derive(Clone, Debug, Deserialize)]
pub struct StoredReported {
    /// The SVF.
    pub svf: Word<DiagnosisId>,
    /// Patients.
    #[serde(default)]
    pub patients: Option<u32>,
    /// Of them, within the maximum time.
    #[serde(default)]
    pub within_target: Option<u32>,
    /// The same by sex.
    #[serde(default)]
    pub by_sex: Option<StoredBySex>,
    /// Whether the report gives a reason for missing the goal.
    #[serde(default)]
    pub reason: bool,
}

impl StoredAssessment {
    /// The report's own `(within, patients)` for the SVF `svf`, where it gives both.
    pub fn reported_counts(&self, svf: &DiagnosisId) -> Option<(u32, u32)> {
        self.lead_times
            .iter()
            .find(|r| r.svf.known() == Some(svf))
            .and_then(StoredReported::counts)
    }
}

impl StoredReported {
    /// `(within, patients)`, where both are given.
    pub fn counts(&self) -> Option<(u32, u32)> {
        Some((self.within_target?, self.patients?))
    }
}

/// Figures for women and men, as stored.
#[derive(Clone, Copy, Debug, Default, Deserialize)]
pub struct StoredBySex {
    /// Women.
    #[serde(default)]
    pub women: Option<StoredSexCounts>,
    /// Men.
    #[serde(default)]
    pub men: Option<StoredSexCounts>,
}

/// One sex's counts under any of the names the assessment writes them with: new cases and in
/// SVF (inclusion), patients and within the maximum time (a condition's `within`, a reported
/// lead time's `within_target`).
#[derive(Clone, Copy, Debug, Default, Deserialize)]
pub struct StoredSexCounts {
    #[serde(default)]
    new_cases: Option<u32>,
    #[serde(default)]
    in_svf: Option<u32>,
    #[serde(default)]
    patients: Option<u32>,
    #[serde(default)]
    within: Option<u32>,
    #[serde(default)]
    within_target: Option<u32>,
}

impl StoredSexCounts {
    /// `(part, whole)`.
    pub fn counts(&self) -> Option<(u32, u32)> {
        let whole = self.new_cases.or(self.patients)?;
        let part = self.in_svf.or(self.within).or(self.within_target)?;
        Some((part, whole))
    }
}

impl StoredBySex {
    /// `(part, whole)` of women and of men.
    pub fn counts(&self) -> [Option<(u32, u32)>; 2] {
        [
            self.women.and_then(|c| c.counts()),
            self.men.and_then(|c| c.counts()),
        ]
    }
}

/// One reason a report was rejected.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct StoredError {
    /// The JSON path; empty for the report as a whole.
    #[serde(default)]
    pub path: String,
    /// The reason, in English.
    #[serde(default)]
    pub message: String,
    /// The reason in Swedish; absent in assessments written before svf wrote it (2026-12),
    /// which are shown with their English `message`, marked as English.
    #[serde(default)]
    pub message_sv: Option<String>,
}

/// One condition's verdict.
#[derive(Clone, Debug, Deserialize)]
pub struct StoredCondition {
    /// Its id.
    pub id: Word<ConditionId>,
    /// Met, not met, or undecidable for lack of data.
    #[serde(default)]
    pub met: Option<bool>,
    /// The region's figure for people, `81,07 %`.
    #[serde(default)]
    pub value: Option<String>,
    /// The requirement for people (Swedish), `70 %`.
    #[serde(default)]
    pub required: Option<String>,
    /// The goal in whole percent, for inclusion and lead times.
    #[serde(default)]
    pub goal_percent: Option<u8>,
    /// The verdict in Swedish with its margin.
    #[serde(default)]
    pub detail: Option<String>,
    /// The figures behind the verdict, as stored.
    #[serde(default)]
    figures: Option<StoredFigures>,
    /// Whose figures decided a lead time.
    #[serde(default)]
    pub source: Option<Word<Source>>,
    /// The condition's counts by sex.
    #[serde(default)]
    pub by_sex: Option<StoredBySex>,
}

/// Every field any condition's figures have; which are present says the kind.
#[derive(Clone, Debug, Default, Deserialize)]
struct StoredFigures {
    in_svf: Option<u32>,
    new_cases: Option<u32>,
    needed: Option<u32>,
    #[serde(default, deserialize_with = "some_date")]
    received: Option<Date>,
    #[serde(default, deserialize_with = "some_date")]
    first_received: Option<Date>,
    #[serde(default, deserialize_with = "some_date")]
    last_day: Option<Date>,
    within: Option<u32>,
    patients: Option<u32>,
    baseline: Option<StoredBaseline>,
    reaches_goal: Option<bool>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
struct StoredBaseline {
    patients: u32,
    within: u32,
}

impl StoredCondition {
    /// The figures the verdict was decided on, as the kernel's type: [`Figures::None`] when
    /// none were kept (also in assessments written before figures were).
    pub fn figures(&self) -> Figures {
        let Some(f) = &self.figures else {
            return Figures::None;
        };
        if let (Some(in_svf), Some(new_cases), Some(needed)) = (f.in_svf, f.new_cases, f.needed) {
            return Figures::Inclusion {
                in_svf,
                new_cases,
                needed,
            };
        }
        if let (Some(received), Some(first_received), Some(last_day)) =
            (f.received, f.first_received, f.last_day)
        {
            return Figures::Deadline {
                received,
                first_received,
                last_day,
            };
        }
        if let (Some(within), Some(patients), Some(reaches_goal)) =
            (f.within, f.patients, f.reaches_goal)
        {
            return Figures::LeadTime {
                within,
                patients,
                baseline: f.baseline.map(|b| Baseline {
                    patients: b.patients,
                    within: b.within,
                }),
                reaches_goal,
            };
        }
        if f.patients == Some(0) && f.within.is_none() && f.reaches_goal.is_none() {
            return Figures::NoPatients;
        }
        Figures::None
    }

    /// The counts behind the condition's rate, `(part, whole)`: in SVF of new cases, within
    /// the maximum time of patients.
    pub fn counts(&self) -> Option<(u32, u32)> {
        match self.figures() {
            Figures::Inclusion {
                in_svf, new_cases, ..
            } => Some((in_svf, new_cases)),
            Figures::LeadTime {
                within, patients, ..
            } => Some((within, patients)),
            Figures::None | Figures::Deadline { .. } | Figures::NoPatients => None,
        }
    }
}

/// Whether the region earned one conditional payment.
#[derive(Clone, Debug, Deserialize)]
pub struct StoredPart {
    /// The payment.
    pub id: Word<PaymentId>,
    /// Eligible.
    pub eligible: bool,
}

impl StoredAssessment {
    /// Reads a stored assessment.
    ///
    /// # Errors
    /// Why the bytes are not an assessment, in words for the person who gave them.
    pub fn parse(bytes: &[u8]) -> Result<StoredAssessment, DocumentError> {
        let assessment: StoredAssessment = serde_json::from_slice(bytes)
            .map_err(|e| DocumentError::Shape("stored assessment", e))?;
        if assessment.schema != ASSESSMENT_SCHEMA {
            return Err(DocumentError::Schema {
                found: assessment.schema,
                expected: ASSESSMENT_SCHEMA,
            });
        }
        Ok(assessment)
    }

    /// Reads a stored assessment of `year`, and the region it is of.
    ///
    /// # Errors
    /// Why the bytes are not an assessment of a region for that year.
    pub fn parse_for(
        bytes: &[u8],
        year: Year,
    ) -> Result<(Region, StoredAssessment), DocumentError> {
        let assessment = StoredAssessment::parse(bytes)?;
        match assessment.agreement_year {
            Some(y) if y == year.number() => {}
            found => return Err(DocumentError::OtherYear { found, year }),
        }
        let code = assessment.region_code.as_deref().unwrap_or_default();
        let region =
            Region::from_code(code).ok_or_else(|| DocumentError::NotARegion(code.to_owned()))?;
        Ok((region, assessment))
    }

    /// Whether the report was assessed (not rejected).
    pub fn assessed(&self) -> bool {
        self.status == Status::Assessed
    }

    /// The condition `id`, when the assessment has it.
    pub fn condition(&self, id: &ConditionId) -> Option<&StoredCondition> {
        self.conditions.iter().find(|c| c.id.known() == Some(id))
    }

    /// The conditional payments of `rules` (the year's) it earned: none when the report was
    /// rejected. The kernel decides them from the assessment's verdicts ([`parts_earned`]), and
    /// parts stated otherwise are refused, never paid: a stored assessment is a file anyone
    /// with access to the bucket can edit. A part this version does not know earns nothing.
    ///
    /// # Errors
    /// [`DocumentError::Contradicts`] for a part stated otherwise than its verdicts earn;
    /// [`DocumentError::CompleteWithMissing`].
    pub fn earned(&self, rules: &Rules) -> Result<Vec<PaymentId>, DocumentError> {
        if self.complete && !self.missing.is_empty() {
            return Err(DocumentError::CompleteWithMissing);
        }
        let complete = self.assessed() && self.complete;
        let earned = parts_earned(rules, complete, |id| self.condition(id).and_then(|c| c.met));
        for part in &earned {
            let stated = self
                .parts
                .iter()
                .any(|p| p.id.known() == Some(&part.id) && p.eligible);
            if stated != part.eligible {
                return Err(DocumentError::Contradicts {
                    part: part.id,
                    stated,
                });
            }
        }
        Ok(earned.iter().filter(|p| p.eligible).map(|p| p.id).collect())
    }

    /// When the region's first accepted report of the year came in.
    pub fn first_received(&self) -> Instant {
        self.first_received.unwrap_or(self.received)
    }
}

/// The schema id of a region's notification.
pub const NOTIFICATION_SCHEMA: &str = "svf-notification/1";

/// A stored notification (`svf-notification/1`), as far as it is read back: which upload it
/// is of and the assessment it gave. Its texts are for people and never read.
#[derive(Clone, Debug, Deserialize)]
pub struct StoredNotification {
    schema: String,
    /// The upload.
    pub upload: UploadRef,
    /// The assessment of it.
    pub assessment: StoredAssessment,
}

impl StoredNotification {
    /// Reads a stored notification.
    ///
    /// # Errors
    /// Why the bytes are not a notification, in words for the person who gave them.
    pub fn parse(bytes: &[u8]) -> Result<StoredNotification, DocumentError> {
        let note: StoredNotification =
            serde_json::from_slice(bytes).map_err(|e| DocumentError::Shape("notification", e))?;
        if note.schema != NOTIFICATION_SCHEMA {
            return Err(DocumentError::Schema {
                found: note.schema,
                expected: NOTIFICATION_SCHEMA,
            });
        }
        if note.assessment.schema != ASSESSMENT_SCHEMA {
            return Err(DocumentError::AssessmentSchema(note.assessment.schema));
        }
        Ok(note)
    }
}

fn contract_word<'de, D: Deserializer<'de>, T: FromStr>(deserializer: D) -> Result<T, D::Error> {
    let text = String::deserialize(deserializer)?;
    text.parse()
        .map_err(|_| serde::de::Error::custom(format!("{text:?} is not a word of the contract")))
}

fn instant<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Instant, D::Error> {
    let text = String::deserialize(deserializer)?;
    Instant::parse_rfc3339(&text).map_err(|e| serde::de::Error::custom(format!("{text:?} {e}")))
}

fn some_instant<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Instant>, D::Error> {
    instant(deserializer).map(Some)
}

fn some_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Date>, D::Error> {
    let text = String::deserialize(deserializer)?;
    Date::parse(&text)
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a date YYYY-MM-DD")))
}

#[cfg(test)]
mod tests {
    use svf_kernel::assessment::{Assessment, Receipt};
    use svf_kernel::report::Report;

    use super::*;

    fn rules_of(assessment: &Assessment) -> Rules {
        let year = assessment.agreement_year().map(u64::from);
        Rules::of(year.and_then(Year::from_number).unwrap())
    }

    fn stored(json: &[u8], received: &str) -> (Assessment, StoredAssessment) {
        let report = Report::parse(json).unwrap();
        let received = Instant::parse_rfc3339(received).unwrap();
        let assessment = Assessment::of(&report, &Rules::of(report.year), Receipt::new(received));
        let bytes = serde_json::to_vec(&assessment).unwrap();
        (assessment, StoredAssessment::parse(&bytes).unwrap())
    }

    #[test]
    fn an_assessment_reads_back_as_it_was_written() {
        for (json, received) in [
            (
                &include_bytes!("../../../spec/examples/2024-01-stockholm.json")[..],
                "2024-09-27T08:00:00Z",
            ),
            (
                include_bytes!("../../../spec/examples/2024-13-halland-incomplete.json"),
                "2024-09-20T08:00:00Z",
            ),
            (
                include_bytes!("../../../spec/examples/2026-14-vastra-gotaland.json"),
                "2026-09-20T08:00:00Z",
            ),
        ] {
            let (written, read) = stored(json, received);
            assert_eq!(read.status, written.status());
            assert_eq!(read.received, written.received());
            assert_eq!(read.first_received(), written.first_received());
            let missing: Vec<_> = read.missing.iter().map(|m| m.known().cloned()).collect();
            let expected: Vec<_> = written.missing().map(Some).collect();
            assert_eq!(missing, expected);
            assert_eq!(read.conditions.len(), written.conditions().len());
            for (read, written) in read.conditions.iter().zip(written.conditions()) {
                assert_eq!(read.id.known(), Some(written.id()));
                assert_eq!(read.met, written.met());
                assert_eq!(read.goal_percent, written.goal_percent());
                assert_eq!(read.figures(), written.figures(), "{}", written.id());
            }
            let earned: Vec<_> = written
                .parts()
                .iter()
                .filter(|p| p.eligible)
                .map(|p| p.id)
                .collect();
            assert_eq!(read.earned(&rules_of(&written)).unwrap(), earned);
        }
    }

    /// One edit of an assessment's JSON.
    type Edit = fn(&mut serde_json::Value);

    /// Parts stated otherwise than the verdicts earn are refused, in every way they can be:
    /// a part switched, a condition switched, completeness switched, a part left out, a
    /// rejection with an eligible part. Each edit is one a text editor makes in a second.
    #[test]
    fn parts_that_contradict_the_verdicts_are_refused() {
        let (written, _) = stored(
            include_bytes!("../../../spec/examples/2026-14-vastra-gotaland.json"),
            "2026-09-20T08:00:00Z",
        );
        let rules = rules_of(&written);
        let json = serde_json::to_value(&written).unwrap();
        assert!(
            written.parts().iter().any(|p| p.eligible),
            "the example earns a part"
        );
        let edits: [(&str, Edit); 6] = [
            ("a part switched", |a| {
                let part = &mut a["parts"][0]["eligible"];
                *part = (!part.as_bool().unwrap()).into();
            }),
            ("the inclusion condition not met", |a| {
                a["conditions"][0]["met"] = false.into();
            }),
            ("the inclusion condition undecided", |a| {
                a["conditions"][0]["met"] = serde_json::Value::Null;
            }),
            ("the conditions left out", |a| {
                a["conditions"] = serde_json::json!([]);
            }),
            ("incomplete", |a| a["complete"] = false.into()),
            ("rejected", |a| a["status"] = "rejected".into()),
        ];
        for (what, edit) in edits {
            let mut edited = json.clone();
            edit(&mut edited);
            let read = StoredAssessment::parse(&serde_json::to_vec(&edited).unwrap()).unwrap();
            let why = read.earned(&rules).map(|_| ()).unwrap_err();
            assert!(
                matches!(why, DocumentError::Contradicts { .. }),
                "{what}: {why}"
            );
            assert!(why.to_string().contains("own conditions"), "{what}: {why}");
        }
        // A part stated not eligible whose verdicts earn it is refused as well.
        let mut edited = json.clone();
        for part in edited["parts"].as_array_mut().unwrap() {
            part["eligible"] = false.into();
        }
        let read = StoredAssessment::parse(&serde_json::to_vec(&edited).unwrap()).unwrap();
        assert!(matches!(
            read.earned(&rules),
            Err(DocumentError::Contradicts { stated: false, .. })
        ));
        // Complete with something missing.
        let mut edited = json;
        edited["missing"] = serde_json::json!(["prem"]);
        let read = StoredAssessment::parse(&serde_json::to_vec(&edited).unwrap()).unwrap();
        assert!(matches!(
            read.earned(&rules),
            Err(DocumentError::CompleteWithMissing)
        ));
    }

    #[test]
    fn a_lead_time_without_patients_reads_back_as_such() {
        let report = br#"{"schema": "svf-report/1", "agreement_year": 2026, "region_code": "14",
            "lead_times": [{"svf": "breast", "patients": 0, "within_target": 0}]}"#;
        let (written, read) = stored(report, "2026-09-20T08:00:00Z");
        let breast = ConditionId::LeadTime(DiagnosisId::new("breast").unwrap());
        let (written, read) = (
            written
                .conditions()
                .iter()
                .find(|c| *c.id() == breast)
                .unwrap(),
            read.condition(&breast).unwrap(),
        );
        assert_eq!(written.figures(), Figures::NoPatients);
        assert_eq!(read.figures(), Figures::NoPatients);
        assert_eq!(read.met, Some(true));
        assert_eq!(read.counts(), None);
    }

    #[test]
    fn an_unknown_id_is_kept_as_written_and_earns_nothing() {
        let json = br#"{"schema":"svf-assessment/1","status":"assessed","agreement_year":2030,
            "region_code":"01","received":"2030-09-01T00:00:00Z","complete":true,
            "missing":["narrative.poetry"],
            "conditions":[{"id":"lead_time.Lung","met":true}],
            "parts":[{"id":"second_c","eligible":true},{"id":"second","eligible":true}]}"#;
        let read = StoredAssessment::parse(json).unwrap();
        assert_eq!(read.missing, [Word::Unknown("narrative.poetry".to_owned())]);
        assert_eq!(read.conditions[0].id.to_string(), "lead_time.Lung");
        assert_eq!(read.conditions[0].figures(), Figures::None);
        // What it states cannot be paid: it is complete with something missing, and 2024's
        // conditions are not there to earn its part.
        let rules = Rules::of(Year::from_number(2024).unwrap());
        assert!(matches!(
            read.earned(&rules),
            Err(DocumentError::CompleteWithMissing)
        ));
        let mut read = read;
        read.missing.clear();
        assert!(matches!(
            read.earned(&rules),
            Err(DocumentError::Contradicts {
                part: PaymentId::Second,
                stated: true
            })
        ));
    }

    #[test]
    fn what_is_not_an_assessment_is_said() {
        for (json, why) in [
            (&b"[]"[..], "not a stored assessment"),
            (
                br#"{"schema":"svf-payments/1","status":"assessed","received":"2024-09-01T00:00:00Z"}"#,
                "schema is",
            ),
            (
                br#"{"schema":"svf-assessment/1","status":"maybe","received":"2024-09-01T00:00:00Z"}"#,
                "\"maybe\" is not a word of the contract",
            ),
            (
                br#"{"schema":"svf-assessment/1","status":"assessed","received":"yesterday"}"#,
                "\"yesterday\" is not an RFC 3339",
            ),
        ] {
            let error = StoredAssessment::parse(json).unwrap_err().to_string();
            assert!(error.contains(why), "{error}");
        }
        let year = Year::from_number(2024).unwrap();
        let other_year =
            br#"{"schema":"svf-assessment/1","status":"assessed","agreement_year":2025,
            "region_code":"01","received":"2025-09-01T00:00:00Z"}"#;
        let error = StoredAssessment::parse_for(other_year, year)
            .unwrap_err()
            .to_string();
        assert!(error.contains("for 2025, not 2024"), "{error}");
    }
}

/// An RCC's stored assessment (`svf-rcc-assessment/1`), as the upload's ordering and the
/// lägesbild read it back.
#[derive(Clone, Debug, Deserialize)]
pub struct StoredRccAssessment {
    schema: String,
    /// `assessed` or `rejected` (only assessed ones are stored).
    #[serde(deserialize_with = "contract_word")]
    pub status: Status,
    /// The year.
    #[serde(default)]
    pub agreement_year: Option<u16>,
    /// The RCC.
    #[serde(default)]
    pub rcc: Option<Word<svf_kernel::rcc::Rcc>>,
    /// `first` or `final`.
    #[serde(default)]
    pub stage: Option<String>,
    /// When the report was received.
    #[serde(deserialize_with = "instant")]
    pub received: Instant,
    /// Nothing asked for is missing.
    #[serde(default)]
    pub complete: bool,
    /// What is missing, as paths.
    #[serde(default)]
    pub missing: Vec<String>,
    /// Each area's projects and sum granted.
    #[serde(default)]
    pub areas: Vec<StoredRccArea>,
    /// The upload it is of.
    #[serde(default)]
    pub upload: Option<UploadRef>,
}

/// One area's figures of an RCC's assessment.
#[derive(Clone, Debug, Deserialize)]
pub struct StoredRccArea {
    /// The area.
    pub area: Word<svf_kernel::rcc::Area>,
    /// Projects granted money.
    pub projects: u16,
    /// The sum granted, in öre.
    pub granted_ore: i64,
    /// Applications, where given.
    #[serde(default)]
    pub applications: Option<u32>,
}

impl StoredRccAssessment {
    /// Reads an RCC's stored assessment.
    ///
    /// # Errors
    /// Why the bytes are not one.
    pub fn parse(bytes: &[u8]) -> Result<StoredRccAssessment, DocumentError> {
        let a: StoredRccAssessment = serde_json::from_slice(bytes)
            .map_err(|e| DocumentError::Shape("stored RCC assessment", e))?;
        if a.schema != svf_kernel::rcc::RCC_ASSESSMENT_SCHEMA {
            return Err(DocumentError::Schema {
                found: a.schema,
                expected: svf_kernel::rcc::RCC_ASSESSMENT_SCHEMA,
            });
        }
        Ok(a)
    }
}
