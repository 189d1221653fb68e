//! The assessment of a report (`svf-assessment/1`, contract §4): each condition's verdict with
//! its margin, what the report lacks, and which conditional payments the region has earned.
//!
//! Every threshold is decided in exact integer arithmetic (`100 × in_svf ≥ 70 × new_cases`).
//! Rates shown to people (`81,07 %`) are made after the decision and never used for it, in
//! hundredths of a per cent rounded half up in integers ([`crate::percent`]), as the annex's
//! shares are.

mod conditions;
pub mod detail;
mod figures;
mod lack;
#[cfg(test)]
mod tests;

use core::fmt;

use heapless::Vec;
use serde::{Serialize, Serializer};

use crate::agency::{AgencyData, NoAgencyData};
use crate::json::{JsonPath, Reason};
use crate::percent::Percent;
use crate::region::{Region, Year};
use crate::report::{self, BySex, Head, LeadTime, MAX_LEAD_TIMES, Report, ReportError, SexCounts};
use crate::rules::{Part, Rules};
use crate::time::{Date, Instant};
use crate::vocabulary::{
    Advice, ConditionId, DiagnosisId, Missing, PaymentId, SectionName, SpecialReport,
};

use conditions::{condition, missing};
pub use figures::{Baseline, Figures};
use lack::Lack;

/// The schema id of an assessment.
pub const ASSESSMENT_SCHEMA: &str = "svf-assessment/1";
/// Room for missing paths: the most a report can lack (inclusion's two counts, PREM, the
/// period's two ends, three fields of each lead-time entry, an entry and its two baselines for
/// each diagnosis, every narrative section).
pub const MAX_MISSING: usize = 2
    + 1
    + 2
    + 3 * crate::report::MAX_LEAD_TIMES
    + 3 * crate::rules::MAX_DIAGNOSES
    + SectionName::ALL.len();
/// The most bytes an assessment's JSON can take ([`Assessment::write_json`]): a report lacking
/// everything it can lack under rules with eight diagnoses of 32 characters fits
/// (`the_largest_assessment_fits`), and so does one with forty lead times of every figure
/// (`the_largest_assessment_with_every_lead_time_fits`, about 15.7 KB).
pub const MAX_JSON_BYTES: usize = 24 * 1024;
/// Room for the conditional payments' verdicts: every payment but the first.
pub const MAX_PARTS: usize = crate::payments::MAX_PAYMENTS - 1;
/// Room for conditions: five, plus one per lead-time diagnosis.
pub const MAX_CONDITIONS: usize = 5 + crate::rules::MAX_DIAGNOSES;

/// Whether the report could be assessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Read and assessed, eligible or not, complete or not.
    Assessed,
    /// Refused: it could not be read, a value is impossible, or it does not match its upload.
    Rejected,
}

impl Status {
    /// The contract's word: `assessed`, `rejected`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Assessed => "assessed",
            Status::Rejected => "rejected",
        }
    }
}

impl core::str::FromStr for Status {
    type Err = crate::vocabulary::UnknownWord;
    fn from_str(text: &str) -> Result<Status, Self::Err> {
        [Status::Assessed, Status::Rejected]
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or(crate::vocabulary::UnknownWord)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One condition's verdict: the decision and the figures it rests on. Its words for people
/// (`value`, `required`, `detail`) are made from those figures when they are asked for or
/// written ([`detail`](Condition::detail)), so a condition holds no text and stays small.
///
/// Invariant: `met` is `None` exactly when the report lacks what the condition needs; the
/// figures are the ones the verdict was decided on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    id: ConditionId,
    met: Option<bool>,
    goal_percent: Option<u8>,
    figures: Figures,
    /// Whose figures decided a lead time: the agency's or the report's (`None` for the
    /// conditions that are not lead times).
    source: Option<Source>,
    /// The same figures for women and men, where known; they never decide.
    by_sex: Option<BySex>,
}

/// Whose figures decided a lead-time condition (contract §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The agency's own wait-time data (`config/{year}/lead_times.csv`).
    Agency,
    /// The region's report.
    Report,
}

impl Source {
    /// The contract's word: `agency`, `report`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Source::Agency => "agency",
            Source::Report => "report",
        }
    }
}

impl core::str::FromStr for Source {
    type Err = crate::vocabulary::UnknownWord;
    fn from_str(text: &str) -> Result<Source, Self::Err> {
        [Source::Agency, Source::Report]
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or(crate::vocabulary::UnknownWord)
    }
}

impl Condition {
    /// `inclusion`, `prem`, `deadline`, `special_report.colorectal`, `lead_time.breast`, …
    pub fn id(&self) -> &ConditionId {
        &self.id
    }

    /// Met, not met, or undecidable for lack of data.
    pub fn met(&self) -> Option<bool> {
        self.met
    }

    /// The goal in whole percent, for the conditions that have one (inclusion, lead times),
    /// so that the requirement can be worded in any language without reading `required`.
    pub fn goal_percent(&self) -> Option<u8> {
        self.goal_percent
    }

    /// The figures behind the verdict, so that texts in any language and the page are made
    /// from them and never from `detail`.
    pub fn figures(&self) -> Figures {
        self.figures
    }

    /// Whose figures decided a lead time; `None` for the other conditions.
    pub fn source(&self) -> Option<Source> {
        self.source
    }

    /// The condition's counts for women and men, where known (inclusion: `whole` new cases,
    /// `part` in SVF; lead times: patients and within the maximum time).
    pub fn by_sex(&self) -> Option<BySex> {
        self.by_sex
    }

    /// The region's figure, for people: `81,07 %`.
    pub fn value(&self) -> Option<Percent> {
        match self.figures {
            Figures::Inclusion {
                in_svf, new_cases, ..
            } => Percent::of(u64::from(in_svf), u64::from(new_cases)),
            Figures::LeadTime {
                within, patients, ..
            } => Percent::of(u64::from(within), u64::from(patients)),
            Figures::None | Figures::Deadline { .. } | Figures::NoPatients => None,
        }
    }

    /// The requirement, for people: `70 %`.
    pub fn required(&self) -> Option<detail::Required> {
        detail::Required::of(self)
    }

    /// The verdict in Swedish with its margin: `6009 av 7412 nya fall i SVF; 820 fler än
    /// kravet`.
    pub fn detail(&self) -> Option<detail::Detail<'_>> {
        detail::Detail::of(self)
    }
}

/// Written as contract §4 has it, with `goal_percent` and `figures` beside the contract's
/// fields; absent values are left out.
impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Condition", 9)?;
        s.serialize_field("id", &self.id)?;
        s.serialize_field("met", &self.met)?;
        if let Some(source) = self.source {
            s.serialize_field("source", &source)?;
        }
        if let Some(value) = self.value() {
            s.serialize_field("value", &Shown(value))?;
        }
        if let Some(required) = self.required() {
            s.serialize_field("required", &Shown(required))?;
        }
        if let Some(goal) = self.goal_percent {
            s.serialize_field("goal_percent", &goal)?;
        }
        if let Some(detail) = self.detail() {
            s.serialize_field("detail", &Shown(detail))?;
        }
        if !self.figures.is_none() {
            s.serialize_field("figures", &self.figures)?;
        }
        if let Some(by_sex) = self.by_sex {
            let names = if self.id == ConditionId::Inclusion {
                ["new_cases", "in_svf"]
            } else {
                ["patients", "within"]
            };
            s.serialize_field("by_sex", &SexFigures { by_sex, names })?;
        }
        s.end()
    }
}

/// Figures by sex, written with the names of the condition's own figures:
/// `{"women": {"patients": 40, "within": 31}, "men": …}`.
struct SexFigures {
    by_sex: BySex,
    names: [&'static str; 2],
}

impl Serialize for SexFigures {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Counts(SexCounts, [&'static str; 2]);
        impl Serialize for Counts {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut s = serializer.serialize_struct("Counts", 2)?;
                s.serialize_field(self.1[0], &self.0.whole)?;
                s.serialize_field(self.1[1], &self.0.part)?;
                s.end()
            }
        }
        let mut s = serializer.serialize_struct("BySex", 2)?;
        for (sex, counts) in [("women", self.by_sex.women), ("men", self.by_sex.men)] {
            if let Some(counts) = counts {
                s.serialize_field(sex, &Counts(counts, self.names))?;
            }
        }
        s.end()
    }
}

/// One lead time as the report gives it, kept whatever the year's rules ask, so the national
/// picture has every SVF's fulfilment (2024 too) and the report's own counts stand beside the
/// agency's where the agency decided: a view of an entry of the assessment's list (the
/// report's own entries, read straight into it), one that names its SVF.
///
/// Invariant: the counts are the report's (`within ≤ patients`, a part by sex ≤ its whole).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reported<'a> {
    svf: &'a str,
    entry: &'a LeadTime,
}

impl<'a> Reported<'a> {
    /// The entry as the assessment lists it: one whose SVF is given.
    fn of(entry: &'a LeadTime) -> Option<Reported<'a>> {
        Some(Reported {
            svf: entry.svf()?,
            entry,
        })
    }

    /// The SVF, e.g. `breast`.
    pub fn svf(&self) -> &'a str {
        self.svf
    }

    /// `(within, patients)`, where both are given.
    pub fn counts(&self) -> Option<(u32, u32)> {
        Some((self.entry.within_target()?, self.entry.patients()?))
    }

    /// The counts by sex, where given.
    pub fn by_sex(&self) -> Option<BySex> {
        self.entry.by_sex()
    }

    /// Whether the report gives a reason for missing the goal (`lead_times[].reason`).
    pub fn reason_given(&self) -> bool {
        self.entry.reason().is_written()
    }
}

/// Written with the report's own names: `{"svf": "breast", "patients": 120,
/// "within_target": 96, "by_sex": {…}, "reason": true}`.
impl Serialize for Reported<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Reported", 5)?;
        s.serialize_field("svf", self.svf)?;
        s.serialize_field("patients", &self.entry.patients())?;
        s.serialize_field("within_target", &self.entry.within_target())?;
        if let Some(by_sex) = self.by_sex() {
            let names = ["patients", "within_target"];
            s.serialize_field("by_sex", &SexFigures { by_sex, names })?;
        }
        s.serialize_field("reason", &self.reason_given())?;
        s.end()
    }
}

/// A value written as its `Display` text, a JSON string: `"81,07 %"`, `"2024-09-30"`.
struct Shown<T>(T);

impl<T: fmt::Display> Serialize for Shown<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// Whether the region has earned one conditional payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PartVerdict {
    /// `second`, `second_a` or `second_b`.
    pub id: PaymentId,
    /// Only when the report is assessed, complete, and every condition of the part is met.
    pub eligible: bool,
}

/// When a report came in, and when the region's first accepted (not rejected) report of the
/// year did: the deadline is judged on the first, so that a report completed after feedback
/// keeps its date (contract §4).
///
/// Invariant: `first ≤ received`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Receipt {
    received: Instant,
    first: Instant,
}

impl Receipt {
    /// A report that is the region's first of the year.
    pub fn new(received: Instant) -> Receipt {
        Receipt {
            received,
            first: received,
        }
    }

    /// A report received at `received`, the region's first accepted one at `first` (a first
    /// after `received` is this one).
    pub fn with_first(received: Instant, first: Instant) -> Receipt {
        Receipt {
            received,
            first: first.min(received),
        }
    }

    /// This receipt, if it is not after `now`: the check for whoever knows the time (the
    /// kernel does not). A report cannot be received later than now; a time that says so is a
    /// wrong clock or file time, and would be judged on the deadline as if it were true. Give
    /// `now` with whatever allowance the two clocks need.
    ///
    /// # Errors
    /// [`Reason::ReceivedInFuture`], for a rejection of the report as a whole
    /// ([`Assessment::rejected`]).
    pub fn not_after(self, now: Instant) -> Result<Receipt, Reason> {
        if self.received > now {
            return Err(Reason::ReceivedInFuture {
                received: self.received,
                now,
            });
        }
        Ok(self)
    }

    /// When this report came in.
    pub fn received(self) -> Instant {
        self.received
    }

    /// When the region's first accepted report of the year came in.
    pub fn first(self) -> Instant {
        self.first
    }
}

pub use crate::json::{ERROR_PATH_BYTES, ErrorEntry};

/// An error is written as `path`, `message` (in English) and `message_sv` (the same in
/// Swedish), the messages made from the reason as they are written.
impl Serialize for ErrorEntry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("ErrorEntry", 3)?;
        s.serialize_field("path", self.path.as_str())?;
        s.serialize_field("message", &Shown(self.reason))?;
        s.serialize_field("message_sv", &Shown(self.reason.swedish()))?;
        s.end()
    }
}

/// The longest message of a reason, in either language, in bytes
/// (`every_reason_has_a_message_in_both_languages_within_its_bound`).
pub const ERROR_MESSAGE_BYTES: usize = 256;

/// The assessment of one report.
///
/// Invariant, by construction: a rejected assessment has errors and nothing else, and no part
/// of it is eligible; an assessed one has conditions and what is missing, and no errors; it is
/// complete exactly when nothing is missing. Only [`of`](Assessment::of),
/// [`rejected`](Assessment::rejected) and [`of_bytes`](Assessment::of_bytes) make one.
///
/// Compact (4.7 KB on a 32-bit device, 2.7 KB of it the report's forty lead times, read
/// straight into it), so that it and the reading of a report fit 8 KiB of a small
/// microcontroller's stack: the missing paths are `Lack` records of four bytes, conditions
/// hold figures and no text, and the errors of a rejection share their room with the
/// conditions of an assessment (and, while the report is read, hold its faults).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    agreement_year: Option<u16>,
    region_code: Option<&'static str>,
    received: Instant,
    first_received: Instant,
    outcome: Outcome,
    parts: Vec<PartVerdict, MAX_PARTS>,
    /// The report's lead times as given, read straight into this list (none when
    /// rejected); those that name an SVF are listed ([`reported`](Assessment::reported)).
    reported: Vec<LeadTime, MAX_LEAD_TIMES>,
}

/// What was found: the conditions and what is missing, or why the report was rejected.
// The variants share their room on purpose (there is no heap to box one in); either is a
// kilobyte or two.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Assessed {
        missing: Vec<Lack, MAX_MISSING>,
        conditions: Vec<Condition, MAX_CONDITIONS>,
    },
    Rejected {
        errors: Vec<ErrorEntry, { crate::json::MAX_ERRORS }>,
    },
}

/// Written as contract §4 has it, every field in its order.
impl Serialize for Assessment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeSeq, SerializeStruct};
        struct MissingList<'a>(&'a Assessment);
        impl Serialize for MissingList<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(None)?;
                for missing in self.0.missing() {
                    seq.serialize_element(&Shown(missing))?;
                }
                seq.end()
            }
        }
        let mut s = serializer.serialize_struct("Assessment", 13)?;
        s.serialize_field("schema", ASSESSMENT_SCHEMA)?;
        s.serialize_field("status", &self.status())?;
        s.serialize_field("agreement_year", &self.agreement_year)?;
        s.serialize_field("region_code", &self.region_code)?;
        s.serialize_field("received", &Shown(self.received))?;
        s.serialize_field("first_received", &Shown(self.first_received))?;
        s.serialize_field("complete", &self.complete())?;
        s.serialize_field("missing", &MissingList(self))?;
        s.serialize_field("errors", self.errors())?;
        s.serialize_field("conditions", self.conditions())?;
        s.serialize_field("parts", &self.parts)?;
        s.serialize_field("lead_times", &ReportedList(self))?;
        s.serialize_field("advice", &AdviceList(self))?;
        s.end()
    }
}

struct ReportedList<'a>(&'a Assessment);

impl Serialize for ReportedList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(None)?;
        for reported in self.0.reported() {
            seq.serialize_element(&reported)?;
        }
        seq.end()
    }
}

struct AdviceList<'a>(&'a Assessment);

impl Serialize for AdviceList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(None)?;
        for advice in self.0.advice() {
            seq.serialize_element(&Shown(advice))?;
        }
        seq.end()
    }
}

impl Assessment {
    /// Assesses a report received as `receipt` says under `rules` (which must be for its year).
    pub fn of(report: &Report, rules: &Rules, receipt: Receipt) -> Assessment {
        Assessment::decide(report, rules, receipt, &NoAgencyData)
    }

    /// Assesses a report as [`of`](Assessment::of) does, with the agency's wait-time data
    /// deciding the lead times it has a row for (contract §4).
    ///
    /// A report received before the period it reports on ended (before its agreement year
    /// began, when it gives no end) is rejected: no such receipt time can be right, and taken
    /// as it is it would be "on time" and the region's first receipt for good. A first receipt
    /// that early is not taken either: the deadline is judged on the report's own receipt.
    pub fn decide(
        report: &Report,
        rules: &Rules,
        receipt: Receipt,
        agency: &impl AgencyData,
    ) -> Assessment {
        let mut assessment = Assessment::placeholder();
        let entries = report.lead_times.as_deref().unwrap_or_default();
        // The list has the report's capacity.
        let _ = assessment.reported.extend_from_slice(entries);
        assessment.decide_in_place(&report.head(), rules, receipt, agency);
        assessment
    }

    /// An assessment to be filled in place ([`of_bytes_into`](Assessment::of_bytes_into)):
    /// a rejection of nothing, received at the epoch. It stands for no upload.
    pub fn placeholder() -> Assessment {
        Assessment {
            agreement_year: None,
            region_code: None,
            received: Instant::EPOCH,
            first_received: Instant::EPOCH,
            outcome: Outcome::Rejected { errors: Vec::new() },
            parts: Vec::new(),
            reported: Vec::new(),
        }
    }

    /// Makes `self` the [`placeholder`](Assessment::placeholder), field by field (no
    /// assessment-sized value is made to be moved in).
    fn clear(&mut self) {
        self.outcome = Outcome::Rejected { errors: Vec::new() };
        self.refused(None, None, Instant::EPOCH);
    }

    /// [`decide`](Assessment::decide), written over `self`, whose list of lead times holds the
    /// report's: the lists are filled where they stay, so that a small device holds one
    /// assessment and no copy of it. Never inlined: its temporaries are on the stack only
    /// while it runs.
    #[inline(never)]
    fn decide_in_place(
        &mut self,
        report: &Head,
        rules: &Rules,
        receipt: Receipt,
        agency: &impl AgencyData,
    ) {
        if let Some(error) = received_too_early(report, receipt.received) {
            self.reject_in_place(
                Some(report.year),
                Some(report.region),
                receipt.received,
                &[error],
            );
            return;
        }
        // A first receipt that cannot have been one (before the period ended: kept from before
        // such receipts were refused, or edited) is not taken, or it would be "on time" for
        // good: the deadline is then judged on this report's own receipt.
        let receipt = if received_too_early(report, receipt.first).is_some() {
            Receipt::new(receipt.received)
        } else {
            receipt
        };
        self.agreement_year = Some(report.year.number());
        self.region_code = Some(report.region.code());
        self.received = receipt.received;
        self.first_received = receipt.first;
        self.outcome = Outcome::Assessed {
            missing: Vec::new(),
            conditions: Vec::new(),
        };
        self.parts.clear();
        let entries = &self.reported;
        if let Outcome::Assessed {
            missing: lacks,
            conditions,
        } = &mut self.outcome
        {
            missing(lacks, report, entries, rules, agency);
            each_condition(rules, |id| {
                // MAX_CONDITIONS is five and one per diagnosis: no push can fail.
                let _ = conditions.push(condition(id, report, entries, rules, receipt, agency));
                true
            });
            self.parts = parts_earned(rules, lacks.is_empty(), |id| {
                conditions.iter().find(|c| c.id == *id).and_then(|c| c.met)
            });
        }
    }

    /// The assessment of a rejected report: its errors, and no payment earned. The year and
    /// region are those of the upload when the report itself cannot say. The first
    /// [`MAX_ERRORS`](crate::json::MAX_ERRORS) errors are kept.
    pub fn rejected(
        year: Option<Year>,
        region: Option<Region>,
        received: Instant,
        errors: &[ReportError],
    ) -> Assessment {
        let mut assessment = Assessment::placeholder();
        assessment.reject_in_place(year, region, received, errors);
        assessment
    }

    /// [`rejected`](Assessment::rejected), written over `self`.
    #[inline(never)]
    fn reject_in_place(
        &mut self,
        year: Option<Year>,
        region: Option<Region>,
        received: Instant,
        errors: &[ReportError],
    ) {
        self.outcome = Outcome::Rejected { errors: Vec::new() };
        if let Outcome::Rejected { errors: entries } = &mut self.outcome {
            // The readers keep at most MAX_ERRORS; of a longer list the first are listed.
            for error in errors.iter().take(crate::json::MAX_ERRORS) {
                let _ = entries.push(ErrorEntry::at(&error.path, error.reason));
            }
        }
        self.refused(year, region, received);
    }

    /// Makes `self` a rejection with the errors its outcome already lists: no lead times,
    /// and no part earned.
    #[inline(never)]
    fn refused(&mut self, year: Option<Year>, region: Option<Region>, received: Instant) {
        self.agreement_year = year.map(Year::number);
        self.region_code = region.map(Region::code);
        self.received = received;
        self.first_received = received;
        self.parts.clear();
        self.reported.clear();
        if let Some(year) = year {
            for payment in Rules::of(year)
                .payments()
                .iter()
                .filter(|p| p.part.is_some())
            {
                let _ = self.parts.push(PartVerdict {
                    id: payment.id,
                    eligible: false,
                });
            }
        }
    }

    /// Reads and assesses a report's bytes, with the year's rules from `rules` (which may read
    /// a rules file; its error rejects nothing but is returned as is).
    ///
    /// # Errors
    /// Whatever `rules` returns.
    pub fn of_bytes<E>(
        bytes: &[u8],
        receipt: Receipt,
        rules: impl FnOnce(Year) -> Result<Rules, E>,
    ) -> Result<Assessment, E> {
        Assessment::decide_bytes(bytes, receipt, rules, &NoAgencyData)
    }

    /// Reads and assesses a report's bytes as [`of_bytes`](Assessment::of_bytes) does, with
    /// the agency's wait-time data deciding the lead times it has a row for.
    ///
    /// # Errors
    /// Whatever `rules` returns.
    pub fn decide_bytes<E>(
        bytes: &[u8],
        receipt: Receipt,
        rules: impl FnOnce(Year) -> Result<Rules, E>,
        agency: &impl AgencyData,
    ) -> Result<Assessment, E> {
        let mut assessment = Assessment::placeholder();
        assessment.decide_bytes_into(bytes, receipt, rules, agency)?;
        Ok(assessment)
    }

    /// [`of_bytes`](Assessment::of_bytes) written over `self`, for a small device: the caller
    /// keeps the one assessment, and the report is read into it. Its lead times go straight
    /// into the assessment's list, and its faults, while it is read, into the room its
    /// conditions take later, as the errors a rejection lists; only the rest of the report
    /// (a few hundred bytes) is on the stack while this runs. On `Err`, `self` is the
    /// [`placeholder`](Assessment::placeholder).
    ///
    /// # Errors
    /// Whatever `rules` returns.
    pub fn of_bytes_into<E>(
        &mut self,
        bytes: &[u8],
        receipt: Receipt,
        rules: impl FnOnce(Year) -> Result<Rules, E>,
    ) -> Result<(), E> {
        self.decide_bytes_into(bytes, receipt, rules, &NoAgencyData)
    }

    #[inline(never)]
    fn decide_bytes_into<E>(
        &mut self,
        bytes: &[u8],
        receipt: Receipt,
        rules: impl FnOnce(Year) -> Result<Rules, E>,
        agency: &impl AgencyData,
    ) -> Result<(), E> {
        let mut head = Head::blank();
        self.outcome = Outcome::Rejected { errors: Vec::new() };
        let Outcome::Rejected { errors } = &mut self.outcome else {
            unreachable!("the outcome was made a rejection on the line before");
        };
        match report::read(bytes, &mut head, &mut self.reported, errors) {
            Ok(()) => match rules(head.year) {
                Ok(rules) => self.decide_in_place(&head, &rules, receipt, agency),
                Err(error) => {
                    self.clear();
                    return Err(error);
                }
            },
            Err((year, region)) => self.refused(year, region, receipt.received),
        }
        Ok(())
    }

    /// Always [`ASSESSMENT_SCHEMA`].
    pub fn schema(&self) -> &'static str {
        ASSESSMENT_SCHEMA
    }

    /// Assessed or rejected.
    pub fn status(&self) -> Status {
        match self.outcome {
            Outcome::Assessed { .. } => Status::Assessed,
            Outcome::Rejected { .. } => Status::Rejected,
        }
    }

    /// The agreement year, when known (a rejected report may not say).
    pub fn agreement_year(&self) -> Option<u16> {
        self.agreement_year
    }

    /// The region's code, when known.
    pub fn region_code(&self) -> Option<&'static str> {
        self.region_code
    }

    /// When the report was received.
    pub fn received(&self) -> Instant {
        self.received
    }

    /// When the region's first accepted report of the year was received.
    pub fn first_received(&self) -> Instant {
        self.first_received
    }

    /// Nothing the year's rules require is missing (and the report was not rejected).
    pub fn complete(&self) -> bool {
        matches!(&self.outcome, Outcome::Assessed { missing, .. } if missing.is_empty())
    }

    /// What the year's rules require but the report lacks, in the order found; none when the
    /// report was rejected.
    pub fn missing(&self) -> impl Iterator<Item = Missing> + '_ {
        let lacks: &[Lack] = match &self.outcome {
            Outcome::Assessed { missing, .. } => missing,
            Outcome::Rejected { .. } => &[],
        };
        lacks
            .iter()
            .filter_map(|lack| lack.missing(|i| self.diagnosis(i)))
    }

    /// The `index`th lead-time diagnosis of the rules: the assessment's `index`th lead-time
    /// condition, as [`of`](Assessment::of) adds one for each diagnosis in the rules' order.
    fn diagnosis(&self, index: u8) -> Option<&DiagnosisId> {
        self.conditions()
            .iter()
            .filter_map(|c| match c.id() {
                ConditionId::LeadTime(d) => Some(d),
                _ => None,
            })
            .nth(usize::from(index))
    }

    /// Why the report was rejected; empty when it was assessed.
    pub fn errors(&self) -> &[ErrorEntry] {
        match &self.outcome {
            Outcome::Rejected { errors } => errors,
            Outcome::Assessed { .. } => &[],
        }
    }

    /// The conditions, in the rules' order; empty when the report was rejected.
    pub fn conditions(&self) -> &[Condition] {
        match &self.outcome {
            Outcome::Assessed { conditions, .. } => conditions,
            Outcome::Rejected { .. } => &[],
        }
    }

    /// The conditional payments' verdicts.
    pub fn parts(&self) -> &[PartVerdict] {
        &self.parts
    }

    /// The report's lead times as given, every SVF, whatever the year's rules ask.
    pub fn reported(&self) -> impl Iterator<Item = Reported<'_>> + '_ {
        self.reported.iter().filter_map(Reported::of)
    }

    /// What the region is asked for beyond what the rules require, so completeness and
    /// eligibility do not turn on it: a reason for each lead-time diagnosis of the rules whose
    /// deciding figures miss the goal, where the report gives none (`lead_times.breast.reason`).
    pub fn advice(&self) -> impl Iterator<Item = Advice> + '_ {
        self.conditions().iter().filter_map(|c| {
            let ConditionId::LeadTime(diagnosis) = c.id() else {
                return None;
            };
            let Figures::LeadTime {
                reaches_goal: false,
                ..
            } = c.figures
            else {
                return None;
            };
            let given = self
                .reported()
                .any(|r| r.svf() == diagnosis.as_str() && r.reason_given());
            (!given).then(|| Advice::Reason(diagnosis.clone()))
        })
    }

    /// Whether the region has earned the conditional payment `id`.
    pub fn eligible_for(&self, id: PaymentId) -> bool {
        self.parts.iter().any(|p| p.id == id && p.eligible)
    }

    /// Writes the assessment as JSON piece by piece: each field's key and value, and each
    /// element of a list, is made in `scratch` and handed to `emit`, so a device needs a buffer
    /// for the largest piece ([`MAX_PIECE_BYTES`]) rather than for the whole. The pieces put
    /// together are the bytes [`write_json`](Assessment::write_json) writes.
    ///
    /// # Errors
    /// [`Pieces::TooLarge`] when a piece does not fit `scratch` ([`MAX_PIECE_BYTES`] always
    /// suffices); [`Pieces::Emit`] with the first error of `emit`, after which nothing more is
    /// emitted.
    pub fn write_json_pieces<E>(
        &self,
        scratch: &mut [u8],
        mut emit: impl FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), Pieces<E>> {
        /// Literal text, or one value made in the scratch buffer, to the sink.
        struct Out<'s, F> {
            scratch: &'s mut [u8],
            emit: F,
        }
        impl<E, F: FnMut(&[u8]) -> Result<(), E>> Out<'_, F> {
            fn text(&mut self, text: &[u8]) -> Result<(), Pieces<E>> {
                (self.emit)(text).map_err(Pieces::Emit)
            }
            fn value(&mut self, value: &dyn ErasedValue) -> Result<(), Pieces<E>> {
                let n = value.write(self.scratch).map_err(|_| Pieces::TooLarge)?;
                (self.emit)(&self.scratch[..n]).map_err(Pieces::Emit)
            }
            fn list<'v, T: ErasedValue + 'v>(
                &mut self,
                items: impl Iterator<Item = &'v T>,
            ) -> Result<(), Pieces<E>> {
                self.text(b"[")?;
                for (i, item) in items.enumerate() {
                    if i > 0 {
                        self.text(b",")?;
                    }
                    self.value(item)?;
                }
                self.text(b"]")
            }
        }
        let mut out = Out {
            scratch,
            emit: &mut emit,
        };
        out.text(b"{\"schema\":")?;
        out.value(&ASSESSMENT_SCHEMA)?;
        out.text(b",\"status\":")?;
        out.value(&self.status())?;
        out.text(b",\"agreement_year\":")?;
        out.value(&self.agreement_year)?;
        out.text(b",\"region_code\":")?;
        out.value(&self.region_code)?;
        out.text(b",\"received\":")?;
        out.value(&Shown(self.received))?;
        out.text(b",\"first_received\":")?;
        out.value(&Shown(self.first_received))?;
        out.text(b",\"complete\":")?;
        out.value(&self.complete())?;
        out.text(b",\"missing\":[")?;
        for (i, missing) in self.missing().enumerate() {
            if i > 0 {
                out.text(b",")?;
            }
            out.value(&Shown(missing))?;
        }
        out.text(b"],\"errors\":")?;
        out.list(self.errors().iter())?;
        out.text(b",\"conditions\":")?;
        out.list(self.conditions().iter())?;
        out.text(b",\"parts\":")?;
        out.list(self.parts.iter())?;
        out.text(b",\"lead_times\":[")?;
        for (i, reported) in self.reported().enumerate() {
            if i > 0 {
                out.text(b",")?;
            }
            out.value(&reported)?;
        }
        out.text(b"],\"advice\":[")?;
        for (i, advice) in self.advice().enumerate() {
            if i > 0 {
                out.text(b",")?;
            }
            out.value(&Shown(advice))?;
        }
        out.text(b"]}")
    }

    /// Writes the assessment as JSON into `buffer`; returns the length written.
    ///
    /// # Errors
    /// [`serde_json_core::ser::Error::BufferFull`] when `buffer` is too small;
    /// [`MAX_JSON_BYTES`] always suffices.
    pub fn write_json(&self, buffer: &mut [u8]) -> Result<usize, serde_json_core::ser::Error> {
        serde_json_core::to_slice(self, buffer)
    }
}

/// Why [`Assessment::write_json_pieces`] stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pieces<E> {
    /// A piece did not fit the scratch buffer.
    TooLarge,
    /// The sink failed.
    Emit(E),
}

/// Room for the largest piece [`Assessment::write_json_pieces`] makes (1 552 B): an error
/// entry whose path is all control characters, each written `\u00XX`, with its messages in
/// both languages (`the_largest_piece_fits`). A condition's piece and a missing path's are far
/// smaller. Exactly that, not rounded up: it is a device's buffer, on its stack while the
/// JSON is written (the deepest step for an assessed report).
// An error entry: every byte of its path escaped to six (`\u00XX`), each message at most a
// quote (escaped to two bytes) per byte of the kernel's own words, and its keys and quotes
// (`{"path":"","message":"","message_sv":""}`, 41 bytes).
pub const MAX_PIECE_BYTES: usize = 6 * ERROR_PATH_BYTES + 2 * 2 * ERROR_MESSAGE_BYTES + 48;

/// A value serialised into a buffer, whatever its type (so one closure writes them all).
trait ErasedValue {
    fn write(&self, buffer: &mut [u8]) -> Result<usize, serde_json_core::ser::Error>;
}

impl<T: Serialize + ?Sized> ErasedValue for T {
    fn write(&self, buffer: &mut [u8]) -> Result<usize, serde_json_core::ser::Error> {
        serde_json_core::to_slice(self, buffer)
    }
}

/// Why `received` cannot be when `report` was received: before its period ended (midnight
/// Swedish time after its last day), or, when it gives no end, before its agreement year began.
fn received_too_early(report: &Head, received: Instant) -> Option<ReportError> {
    let year = report.year.number();
    let (earliest, path, reason) = match report.period.and_then(|p| p.to) {
        Some(last_day) => (
            last_day.next().map(Instant::stockholm_midnight)?,
            JsonPath::of(&["period", "to"]),
            Reason::ReceivedBeforePeriodEnd { received, last_day },
        ),
        None => (
            Instant::stockholm_midnight(Date::new(year, 1, 1)?),
            JsonPath::of(&["agreement_year"]),
            Reason::ReceivedBeforeYear { received, year },
        ),
    };
    (received < earliest).then_some(ReportError { path, reason })
}

/// The conditions the year's rules judge, in the order an assessment lists them.
pub fn condition_ids(rules: &Rules) -> Vec<ConditionId, MAX_CONDITIONS> {
    let mut ids = Vec::new();
    // MAX_CONDITIONS is five and one per diagnosis: no push can fail.
    each_condition(rules, |id| {
        let _ = ids.push(id);
        true
    });
    ids
}

/// Calls `f` with each condition the year's rules judge, in order, while it returns `true`;
/// returns whether it always did. One at a time, so that deciding the parts holds no list of
/// them on a small device's stack.
fn each_condition(rules: &Rules, mut f: impl FnMut(ConditionId) -> bool) -> bool {
    let fixed = [
        Some(ConditionId::Inclusion),
        rules.prem().then_some(ConditionId::Prem),
        Some(ConditionId::Deadline),
        rules
            .special_reports()
            .then_some(ConditionId::SpecialReport(SpecialReport::Colorectal)),
        rules
            .special_reports()
            .then_some(ConditionId::SpecialReport(SpecialReport::Myeloma)),
    ];
    fixed.into_iter().flatten().all(&mut f)
        && rules
            .lead_time_diagnoses()
            .iter()
            .all(|diagnosis| f(ConditionId::LeadTime(diagnosis.clone())))
}

/// Which of the year's conditional payments a report earns, from its verdicts: it is complete,
/// and every condition the part rests on ([`condition_ids`]) is met (`met(id)` is the
/// condition's verdict, `None` when undecidable or absent). The one rule from verdicts to
/// money, for a fresh assessment and for a stored one read back, so that a stored verdict
/// whose parts say otherwise is found out rather than paid.
pub fn parts_earned(
    rules: &Rules,
    complete: bool,
    met: impl Fn(&ConditionId) -> Option<bool>,
) -> Vec<PartVerdict, MAX_PARTS> {
    let mut parts = Vec::new();
    for payment in rules.payments() {
        if let Some(part) = payment.part {
            let eligible = complete
                && each_condition(rules, |id| {
                    !part_rests_on(part, &id) || met(&id) == Some(true)
                });
            // A year's payments are the agreement's (a rules file cannot add one), at most
            // MAX_PAYMENTS with the first unconditional: MAX_PARTS has room for the rest.
            let _ = parts.push(PartVerdict {
                id: payment.id,
                eligible,
            });
        }
    }
    parts
}

/// Whether a conditional payment rests on a condition: inclusion, PREM and the deadline always;
/// the special reports and the lead times when the part says.
fn part_rests_on(part: Part, id: &ConditionId) -> bool {
    match id {
        ConditionId::SpecialReport(_) => part.special_reports,
        ConditionId::LeadTime(_) => part.lead_times,
        ConditionId::Inclusion | ConditionId::Prem | ConditionId::Deadline => true,
    }
}
