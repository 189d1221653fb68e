//! The assessment of a report (`svf-assessment/1`, contract §4): each condition's verdict with
//! its margin, what the report lacks, and which conditional payments the region has earned.
//!
//! Every threshold is decided in exact integer arithmetic (`100 × in_svf ≥ 70 × new_cases`).
//! Rates shown to people (`81,07 %`) are made after the decision and never used for it, in
//! hundredths of a per cent rounded half up in integers ([`crate::percent`]), as the annex's
//! shares are.

use core::fmt::{self, Write as _};

use heapless::{String, Vec};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::percent::Percent;
use crate::region::{Region, Year};
use crate::report::{LeadTime, Report, ReportError};
use crate::rules::{Part, Rules};
use crate::time::{Date, Instant};
use crate::vocabulary::{
    BaselineField, ConditionId, DiagnosisId, EntryField, Missing, PaymentId, SectionName,
    SpecialReport,
};

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
/// (`the_largest_assessment_fits`).
pub const MAX_JSON_BYTES: usize = 16 * 1024;
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

/// One condition's verdict.
///
/// Invariant: `met` is `None` exactly when the report lacks what the condition needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// `inclusion`, `prem`, `deadline`, `special_report.colorectal`, `lead_time.breast`, …
    pub id: ConditionId,
    /// Met, not met, or undecidable for lack of data.
    pub met: Option<bool>,
    /// The region's figure, for people: `81,07 %`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String<16>>,
    /// The requirement, for people: `70 %`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<String<48>>,
    /// The goal in whole percent, for the conditions that have one (inclusion, lead times),
    /// so that the requirement can be worded in any language without reading `required`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal_percent: Option<u8>,
    /// The verdict in Swedish with its margin: `6009 av 7412 nya fall i SVF; 820 fler än kravet`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String<192>>,
    /// The figures behind the verdict, as numbers beside the contract's fields, so that texts
    /// in any language and the page are made from them and never from `detail`.
    #[serde(skip_serializing_if = "Figures::is_none")]
    pub figures: Figures,
}

/// The figures a verdict was decided on.
///
/// Invariant: they are the ones the verdict and its Swedish `detail` were made from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Figures {
    /// None kept: the data was missing, or the condition is yes or no (PREM, special reports).
    #[default]
    None,
    /// Inclusion: `in_svf` of `new_cases` new cases in SVF; `needed` is the fewest that meet
    /// the goal.
    Inclusion {
        /// New cases included in SVF.
        in_svf: u32,
        /// New cases.
        new_cases: u32,
        /// The fewest included that meet the goal, `⌈goal × new_cases / 100⌉`.
        needed: u32,
    },
    /// The deadline: the Swedish dates the report and the region's first accepted report of
    /// the year came in (the deadline is judged on the first), and the last day.
    Deadline {
        /// When this report came in.
        received: Date,
        /// When the region's first accepted report of the year came in.
        first_received: Date,
        /// The last day.
        last_day: Date,
    },
    /// A lead time: `within` of `patients` within the maximum time, against the baseline.
    LeadTime {
        /// Patients treated within the maximum time.
        within: u32,
        /// Patients.
        patients: u32,
        /// The baseline, when reported.
        baseline: Option<Baseline>,
        /// Whether the share reaches the goal.
        reaches_goal: bool,
    },
}

/// A lead time's reference period: `within` of `patients` within the maximum time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Baseline {
    /// Patients in the reference period.
    pub patients: u32,
    /// Of them, within the maximum time.
    pub within: u32,
}

impl Figures {
    /// Whether none are kept.
    pub fn is_none(&self) -> bool {
        *self == Figures::None
    }
}

/// The figures as numbers (dates as `YYYY-MM-DD`), beside a condition's contract fields:
/// `{"in_svf": 6009, "new_cases": 7412, "needed": 5189}`.
impl Serialize for Figures {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Day(Date);
        impl Serialize for Day {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(&self.0)
            }
        }
        match *self {
            Figures::None => serializer.serialize_none(),
            Figures::Inclusion {
                in_svf,
                new_cases,
                needed,
            } => {
                let mut s = serializer.serialize_struct("Inclusion", 3)?;
                s.serialize_field("in_svf", &in_svf)?;
                s.serialize_field("new_cases", &new_cases)?;
                s.serialize_field("needed", &needed)?;
                s.end()
            }
            Figures::Deadline {
                received,
                first_received,
                last_day,
            } => {
                let mut s = serializer.serialize_struct("Deadline", 3)?;
                s.serialize_field("received", &Day(received))?;
                s.serialize_field("first_received", &Day(first_received))?;
                s.serialize_field("last_day", &Day(last_day))?;
                s.end()
            }
            Figures::LeadTime {
                within,
                patients,
                baseline,
                reaches_goal,
            } => {
                let mut s = serializer.serialize_struct("LeadTime", 4)?;
                s.serialize_field("within", &within)?;
                s.serialize_field("patients", &patients)?;
                s.serialize_field("baseline", &baseline)?;
                s.serialize_field("reaches_goal", &reaches_goal)?;
                s.end()
            }
        }
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

    /// When this report came in.
    pub fn received(self) -> Instant {
        self.received
    }

    /// When the region's first accepted report of the year came in.
    pub fn first(self) -> Instant {
        self.first
    }
}

/// Why a report was rejected, for the assessment's `errors`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorEntry {
    /// The JSON path, `inclusion.in_svf`; empty for the report as a whole.
    pub path: String<80>,
    /// The reason.
    pub message: String<160>,
}

/// The assessment of one report.
///
/// Invariant: a rejected assessment has errors, no conditions, and no eligible part; an
/// assessed one has no errors; `complete` is `missing.is_empty()`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// Always [`ASSESSMENT_SCHEMA`].
    pub schema: &'static str,
    /// Assessed or rejected.
    pub status: Status,
    /// The agreement year, when known.
    pub agreement_year: Option<u16>,
    /// The region's code, when known.
    pub region_code: Option<&'static str>,
    /// When the report was received (RFC 3339, UTC).
    #[serde(serialize_with = "display")]
    pub received: Instant,
    /// When the region's first accepted report of the year was received; the deadline is
    /// judged on it.
    #[serde(serialize_with = "display")]
    pub first_received: Instant,
    /// Nothing the year's rules require is missing.
    pub complete: bool,
    /// Dotted paths of what the year's rules require but the report lacks.
    pub missing: Vec<Missing, MAX_MISSING>,
    /// Why the report was rejected.
    pub errors: Vec<ErrorEntry, 8>,
    /// The conditions, in the rules' order.
    pub conditions: Vec<Condition, MAX_CONDITIONS>,
    /// The conditional payments.
    pub parts: Vec<PartVerdict, 2>,
}

fn display<S: Serializer>(value: &impl fmt::Display, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// Formats into a fixed-capacity string; text that does not fit is cut (the capacities are
/// chosen so that it never is).
fn text<const N: usize>(args: fmt::Arguments<'_>) -> String<N> {
    let mut out = String::new();
    let _ = out.write_fmt(args);
    out
}

/// A Swedish percentage with two decimals from an exact ratio: `81,07 %`.
/// `81,07 %`, by the one rounding rule of [`Percent`].
fn rate(part: u32, whole: u32) -> Option<String<16>> {
    Percent::of(u64::from(part), u64::from(whole)).map(|rate| text(format_args!("{rate}")))
}

impl Assessment {
    /// Assesses a report received as `receipt` says under `rules` (which must be for its year).
    pub fn of(report: &Report, rules: &Rules, receipt: Receipt) -> Assessment {
        let missing = missing(report, rules);
        let mut conditions = Vec::new();
        let mut add = |id: ConditionId| {
            // MAX_CONDITIONS is five and one per diagnosis: no push can fail.
            let _ = conditions.push(condition(id, report, rules, receipt));
        };
        add(ConditionId::Inclusion);
        if rules.prem {
            add(ConditionId::Prem);
        }
        add(ConditionId::Deadline);
        if rules.special_reports {
            add(ConditionId::SpecialReport(SpecialReport::Colorectal));
            add(ConditionId::SpecialReport(SpecialReport::Myeloma));
        }
        for diagnosis in &rules.lead_time_diagnoses {
            add(ConditionId::LeadTime(diagnosis.clone()));
        }
        let complete = missing.is_empty();
        let mut parts = Vec::new();
        for payment in rules.payments {
            if let Some(part) = payment.part {
                let eligible = complete && part_conditions_met(&conditions, part);
                let _ = parts.push(PartVerdict {
                    id: payment.id,
                    eligible,
                });
            }
        }
        Assessment {
            schema: ASSESSMENT_SCHEMA,
            status: Status::Assessed,
            agreement_year: Some(report.year.number()),
            region_code: Some(report.region.code()),
            received: receipt.received,
            first_received: receipt.first,
            complete,
            missing,
            errors: Vec::new(),
            conditions,
            parts,
        }
    }

    /// The assessment of a rejected report: its errors, and no payment earned. The year and
    /// region are those of the upload when the report itself cannot say.
    pub fn rejected(
        year: Option<Year>,
        region: Option<Region>,
        received: Instant,
        errors: &[ReportError],
    ) -> Assessment {
        let mut entries = Vec::new();
        for error in errors {
            let entry = ErrorEntry {
                path: text(format_args!("{}", error.path)),
                message: text(format_args!("{}", error.reason)),
            };
            let _ = entries.push(entry);
        }
        let mut parts = Vec::new();
        if let Some(year) = year {
            for payment in Rules::of(year).payments.iter().filter(|p| p.part.is_some()) {
                let _ = parts.push(PartVerdict {
                    id: payment.id,
                    eligible: false,
                });
            }
        }
        Assessment {
            schema: ASSESSMENT_SCHEMA,
            status: Status::Rejected,
            agreement_year: year.map(Year::number),
            region_code: region.map(Region::code),
            received,
            first_received: received,
            complete: false,
            missing: Vec::new(),
            errors: entries,
            conditions: Vec::new(),
            parts,
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
        match Report::parse(bytes) {
            Ok(report) => Ok(Assessment::of(&report, &rules(report.year)?, receipt)),
            Err(rejection) => Ok(Assessment::rejected(
                rejection.year,
                rejection.region,
                receipt.received,
                &rejection.errors,
            )),
        }
    }

    /// Whether the region has earned the conditional payment `id`.
    pub fn eligible_for(&self, id: PaymentId) -> bool {
        self.parts.iter().any(|p| p.id == id && p.eligible)
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

/// Whether every condition a part needs is met (`Some(true)`).
fn part_conditions_met(conditions: &[Condition], part: Part) -> bool {
    conditions.iter().all(|c| {
        let needed = match c.id {
            ConditionId::SpecialReport(_) => part.special_reports,
            ConditionId::LeadTime(_) => part.lead_times,
            ConditionId::Inclusion | ConditionId::Prem | ConditionId::Deadline => true,
        };
        !needed || c.met == Some(true)
    })
}

/// What the rules require and the report lacks, as dotted paths.
fn missing(report: &Report, rules: &Rules) -> Vec<Missing, MAX_MISSING> {
    let mut missing = Vec::new();
    // MAX_MISSING is the most a report can lack, so no push can fail.
    let mut add = |path: Missing| {
        let _ = missing.push(path);
    };
    let inclusion = report.inclusion.unwrap_or_default();
    if inclusion.new_cases.is_none() {
        add(Missing::NewCases);
    }
    if inclusion.in_svf.is_none() {
        add(Missing::InSvf);
    }
    if rules.prem && report.prem.and_then(|p| p.used).is_none() {
        add(Missing::PremUsed);
    }
    if let Some(period) = report.period {
        if period.from.is_none() {
            add(Missing::PeriodFrom);
        }
        if period.to.is_none() {
            add(Missing::PeriodTo);
        }
    }
    let entries = report.lead_times.as_deref().unwrap_or_default();
    // Fields the schema requires in every entry, in every year.
    for (index, entry) in (0u16..).zip(entries) {
        for (field, absent) in [
            (EntryField::Svf, entry.svf.is_none()),
            (EntryField::Patients, entry.patients.is_none()),
            (EntryField::WithinTarget, entry.within_target.is_none()),
        ] {
            if absent {
                add(Missing::EntryField { index, field });
            }
        }
    }
    for diagnosis in &rules.lead_time_diagnoses {
        match lead_time(report, diagnosis) {
            None => add(Missing::LeadTime(diagnosis.clone())),
            // The baseline is asked for only where it would decide: a share below the goal.
            Some(entry) if !below_goal(entry, rules.lead_time_goal_percent) => {}
            Some(entry) => {
                for (field, absent) in [
                    (BaselineField::Patients, entry.baseline_patients.is_none()),
                    (
                        BaselineField::WithinTarget,
                        entry.baseline_within_target.is_none(),
                    ),
                ] {
                    if absent {
                        add(Missing::Baseline {
                            diagnosis: diagnosis.clone(),
                            field,
                        });
                    }
                }
            }
        }
    }
    for &section in rules.narrative {
        if !report.narrative.section(section).is_written() {
            add(Missing::Narrative(section));
        }
    }
    missing
}

/// Whether the entry's share within the maximum lead time is known and below `goal`.
fn below_goal(entry: &LeadTime, goal: u8) -> bool {
    match (entry.patients, entry.within_target) {
        (Some(patients), Some(within)) if patients > 0 => {
            100 * u64::from(within) < u64::from(goal) * u64::from(patients)
        }
        _ => false,
    }
}

fn lead_time<'r>(report: &'r Report, diagnosis: &DiagnosisId) -> Option<&'r LeadTime> {
    report
        .lead_times
        .as_deref()
        .unwrap_or_default()
        .iter()
        .find(|e| e.svf.as_deref() == Some(diagnosis.as_str()))
}

fn condition(id: ConditionId, report: &Report, rules: &Rules, receipt: Receipt) -> Condition {
    let mut c = Condition {
        id: id.clone(),
        met: None,
        value: None,
        required: None,
        goal_percent: None,
        detail: None,
        figures: Figures::None,
    };
    match id {
        ConditionId::Inclusion => {
            let goal = rules.inclusion_goal_percent;
            c.required = Some(text(format_args!("{goal} %")));
            c.goal_percent = Some(goal);
            inclusion_verdict(&mut c, report, goal);
        }
        ConditionId::Prem => {
            c.met = report.prem.and_then(|p| p.used);
            c.detail = match c.met {
                Some(true) => None,
                Some(false) => Some(text(format_args!(
                    "regionen använder inte PREM i uppföljningen av SVF"
                ))),
                None => Some(text(format_args!(
                    "uppgift saknas om PREM används (prem.used)"
                ))),
            };
        }
        ConditionId::Deadline => {
            deadline_verdict(&mut c, report.year.number(), rules.deadline, receipt);
        }
        ConditionId::SpecialReport(special) => {
            let (section, swedish) = match special {
                SpecialReport::Colorectal => (SectionName::Colorectal, "tjock- och ändtarmscancer"),
                SpecialReport::Myeloma => (SectionName::Myeloma, "myelom"),
            };
            let written = report.narrative.section(section).is_written();
            c.met = written.then_some(true);
            if !written {
                c.detail = Some(text(format_args!(
                    "särskild redovisning om {swedish} saknas (narrative.{})",
                    section.as_str()
                )));
            }
        }
        ConditionId::LeadTime(diagnosis) => {
            let goal = rules.lead_time_goal_percent;
            c.required = Some(text(format_args!(
                "bättre än utgångsläget eller minst {goal} %"
            )));
            c.goal_percent = Some(goal);
            lead_time_verdict(&mut c, lead_time(report, &diagnosis), goal);
        }
    }
    c
}

/// Met when `100 × in_svf ≥ goal × new_cases`; the detail gives the margin in patients.
fn inclusion_verdict(c: &mut Condition, report: &Report, goal: u8) {
    let inclusion = report.inclusion.unwrap_or_default();
    let (Some(new_cases), Some(in_svf)) = (inclusion.new_cases, inclusion.in_svf) else {
        c.detail = Some(text(format_args!(
            "uppgift saknas om nya fall och fall i SVF"
        )));
        return;
    };
    let met = 100 * u64::from(in_svf) >= u64::from(goal) * u64::from(new_cases);
    // The fewest patients in SVF that meet the goal: ⌈goal × new_cases / 100⌉.
    let needed = (u64::from(goal) * u64::from(new_cases)).div_ceil(100);
    c.met = Some(met);
    c.value = rate(in_svf, new_cases);
    c.figures = Figures::Inclusion {
        in_svf,
        new_cases,
        needed: u32::try_from(needed).unwrap_or(u32::MAX),
    };
    c.detail = Some(if met {
        match u64::from(in_svf) - needed {
            0 => text(format_args!(
                "{in_svf} av {new_cases} nya fall i SVF; precis på kravet"
            )),
            margin => text(format_args!(
                "{in_svf} av {new_cases} nya fall i SVF; {margin} fler än kravet"
            )),
        }
    } else {
        text(format_args!(
            "{in_svf} av {new_cases} nya fall i SVF; {} fler patienter i SVF behövs för att nå kravet",
            needed - u64::from(in_svf)
        ))
    });
}

/// Met when the region's first accepted report of the year was received before midnight
/// Swedish time at the end of the deadline day; the detail names this report's date too when
/// it came later.
fn deadline_verdict(c: &mut Condition, year: u16, (month, day): (u8, u8), receipt: Receipt) {
    let last_day = Date::new(year, month, day);
    let Some(end) = last_day
        .and_then(Date::next)
        .map(Instant::stockholm_midnight)
    else {
        return;
    };
    let met = receipt.first < end;
    c.met = Some(met);
    let received = receipt.received.stockholm_date();
    let first_received = receipt.first.stockholm_date();
    if let Some(last_day) = last_day {
        c.figures = Figures::Deadline {
            received,
            first_received,
            last_day,
        };
        let late = if met { "" } else { "; för sent" };
        c.detail = Some(if first_received == received {
            text(format_args!("inkom {received}, senast {last_day}{late}"))
        } else {
            text(format_args!(
                "inkom första gången {first_received}, denna version {received}, senast {last_day}{late}"
            ))
        });
    }
}

/// Assumption (DOMAIN.md): met when the share treated within the maximum lead time is above
/// the baseline share, or at least the goal. Both compared exactly by cross-multiplication.
fn lead_time_verdict(c: &mut Condition, entry: Option<&LeadTime>, goal: u8) {
    let Some((patients, within)) = entry.and_then(|e| Some((e.patients?, e.within_target?))) else {
        c.detail = Some(text(format_args!("uppgift saknas om ledtider")));
        return;
    };
    if patients == 0 {
        c.detail = Some(text(format_args!("inga patienter under perioden")));
        return;
    }
    c.value = rate(within, patients);
    let reaches_goal = 100 * u64::from(within) >= u64::from(goal) * u64::from(patients);
    let baseline = entry.and_then(|e| {
        Some(Baseline {
            patients: e.baseline_patients?,
            within: e.baseline_within_target?,
        })
    });
    let improved = baseline.map(
        |Baseline {
             patients: base_patients,
             within: base_within,
         }| {
            // within / patients > base_within / base_patients, without division.
            base_patients > 0
                && u64::from(within) * u64::from(base_patients)
                    > u64::from(base_within) * u64::from(patients)
        },
    );
    c.met = match (reaches_goal, improved) {
        (true, _) | (false, Some(true)) => Some(true),
        (false, Some(false)) => Some(false),
        (false, None) => None,
    };
    c.figures = Figures::LeadTime {
        within,
        patients,
        baseline,
        reaches_goal,
    };
    let baseline_text: String<64> = match baseline {
        Some(Baseline {
            patients: base_patients,
            within: base_within,
        }) => match rate(base_within, base_patients) {
            Some(base_rate) => text(format_args!(
                "utgångsläge {base_within} av {base_patients} ({base_rate})"
            )),
            None => text(format_args!("utgångsläget har inga patienter")),
        },
        None => text(format_args!("utgångsläge saknas")),
    };
    let verdict = match (reaches_goal, improved) {
        (true, _) => "når ledtidsmålet",
        (false, Some(true)) => "förbättrat",
        (false, Some(false)) => "inte förbättrat och under ledtidsmålet",
        (false, None) => "under ledtidsmålet; utgångsläge behövs",
    };
    c.detail = Some(text(format_args!(
        "{within} av {patients} inom maxtid; {baseline_text}; {verdict}"
    )));
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::report::Report;
    use std::prelude::rust_2024::*;

    fn at(text: &str) -> Instant {
        Instant::parse_rfc3339(text).unwrap()
    }

    fn assess(json: &[u8], received: &str) -> Assessment {
        let report = Report::parse(json).unwrap();
        Assessment::of(&report, &Rules::of(report.year), Receipt::new(at(received)))
    }

    fn find<'a>(a: &'a Assessment, id: &str) -> &'a Condition {
        a.conditions
            .iter()
            .find(|c| c.id.to_string() == id)
            .unwrap()
    }

    #[test]
    fn rates_for_people_round_half_up_exactly() {
        for (part, whole, shown) in [
            (561, 800, "70,13 %"),
            (6009, 7412, "81,07 %"),
            (1, 3, "33,33 %"),
            (2, 3, "66,67 %"),
            (0, 5, "0,00 %"),
            (5, 5, "100,00 %"),
            (u32::MAX, u32::MAX, "100,00 %"),
        ] {
            assert_eq!(rate(part, whole).as_deref(), Some(shown), "{part}/{whole}");
        }
        assert_eq!(rate(1, 0), None);
    }

    #[test]
    fn stockholm_2024_is_eligible_with_its_margin() {
        let a = assess(
            include_bytes!("../../spec/examples/2024-01-stockholm.json"),
            "2024-09-27T08:00:00Z",
        );
        assert!(a.complete, "{:?}", a.missing);
        let inclusion = find(&a, "inclusion");
        assert_eq!(inclusion.met, Some(true));
        assert_eq!(inclusion.value.as_deref(), Some("81,07 %"));
        assert_eq!(inclusion.required.as_deref(), Some("70 %"));
        assert_eq!(
            inclusion.detail.as_deref(),
            Some("6009 av 7412 nya fall i SVF; 820 fler än kravet")
        );
        assert_eq!(
            find(&a, "deadline").detail.as_deref(),
            Some("inkom 2024-09-27, senast 2024-09-30")
        );
        assert!(a.eligible_for(PaymentId::Second));
        let mut buffer = [0u8; MAX_JSON_BYTES];
        let n = a.write_json(&mut buffer).unwrap();
        let json = core::str::from_utf8(&buffer[..n]).unwrap();
        assert!(json.starts_with(r#"{"schema":"svf-assessment/1","status":"assessed","agreement_year":2024,"region_code":"01","received":"2024-09-27T08:00:00Z","first_received":"2024-09-27T08:00:00Z","complete":true,"missing":[],"errors":[]"#), "{json}");
        assert!(json.contains(r#"{"id":"prem","met":true}"#), "{json}");
        assert!(
            json.ends_with(r#""parts":[{"id":"second","eligible":true}]}"#),
            "{json}"
        );
    }

    #[test]
    fn norrbotten_fails_inclusion_and_is_told_how_many_more() {
        let a = assess(
            include_bytes!("../../spec/examples/2024-25-norrbotten-below-inclusion.json"),
            "2024-09-01T00:00:00Z",
        );
        let inclusion = find(&a, "inclusion");
        assert_eq!(inclusion.met, Some(false));
        assert_eq!(
            inclusion.detail.as_deref(),
            Some("580 av 1000 nya fall i SVF; 120 fler patienter i SVF behövs för att nå kravet")
        );
        assert!(a.complete);
        assert!(!a.eligible_for(PaymentId::Second));
    }

    #[test]
    fn halland_is_incomplete() {
        let a = assess(
            include_bytes!("../../spec/examples/2024-13-halland-incomplete.json"),
            "2024-09-01T00:00:00Z",
        );
        let missing: std::vec::Vec<std::string::String> = a
            .missing
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(
            missing.as_slice(),
            [
                "prem.used",
                "narrative.prem_use",
                "narrative.longest_waits",
                "narrative.urology"
            ]
        );
        assert!(!a.complete);
        assert_eq!(find(&a, "prem").met, None);
        assert_eq!(
            find(&a, "inclusion").met,
            Some(true),
            "840 of 1200 is exactly 70 %"
        );
        assert!(!a.eligible_for(PaymentId::Second));
    }

    #[test]
    fn vastra_gotaland_2026_earns_part_a_not_part_b() {
        let a = assess(
            include_bytes!("../../spec/examples/2026-14-vastra-gotaland.json"),
            "2026-09-15T10:00:00Z",
        );
        assert!(a.complete, "{:?}", a.missing);
        assert!(a.eligible_for(PaymentId::SecondA));
        assert!(!a.eligible_for(PaymentId::SecondB));
        assert_eq!(find(&a, "lead_time.rectum").met, Some(false));
        for diagnosis in ["breast", "colon", "prostate"] {
            assert_eq!(
                find(&a, &std::format!("lead_time.{diagnosis}")).met,
                Some(true),
                "{diagnosis}"
            );
        }
        assert_eq!(find(&a, "special_report.colorectal").met, Some(true));
        assert_eq!(a.conditions.len(), 9);
    }

    #[test]
    fn the_largest_assessment_fits() {
        let mut rules = Rules::of(Year::Y2026);
        rules.lead_time_diagnoses.clear();
        for i in 0..crate::rules::MAX_DIAGNOSES {
            let id = std::format!("{i}{}", "x".repeat(31));
            rules
                .lead_time_diagnoses
                .push(DiagnosisId::new(&id).unwrap())
                .unwrap();
        }
        rules.narrative = &SectionName::ALL;
        let entries = std::vec!["{}"; crate::report::MAX_LEAD_TIMES].join(",");
        let report = std::format!(
            r#"{{"schema": "svf-report/1", "agreement_year": 2026, "region_code": "23", "period": {{}}, "lead_times": [{entries}]}}"#
        );
        let report = Report::parse(report.as_bytes()).unwrap();
        let a = Assessment::of(
            &report,
            &rules,
            Receipt::with_first(at("2026-12-31T23:59:59Z"), at("2026-10-01T00:00:00Z")),
        );
        assert_eq!(
            a.missing.len(),
            MAX_MISSING - 2 * crate::rules::MAX_DIAGNOSES,
            "every entry and diagnosis lacks"
        );
        let mut buffer = std::vec![0u8; MAX_JSON_BYTES];
        let n = a.write_json(&mut buffer).unwrap();
        assert!(n < MAX_JSON_BYTES * 3 / 4, "{n} bytes, with room to spare");
    }

    #[test]
    fn a_baseline_is_missing_only_where_it_would_decide() {
        let report = |within: u32| {
            std::format!(
                r#"{{"schema": "svf-report/1", "agreement_year": 2026, "region_code": "14",
                "inclusion": {{"new_cases": 100, "in_svf": 90}}, "prem": {{"used": true}},
                "lead_times": [{{"svf": "breast", "patients": 100, "within_target": {within}}},
                  {{"svf": "colon", "patients": 100, "within_target": 90}},
                  {{"svf": "rectum", "patients": 100, "within_target": 80}},
                  {{"svf": "prostate", "patients": 100, "within_target": 85}}],
                "narrative": {{"lead_times": "x", "prem_use": "x", "colorectal": "x", "myeloma": "x"}}}}"#
            )
        };
        let at_goal = assess(report(80).as_bytes(), "2026-09-15T10:00:00Z");
        assert!(at_goal.complete, "{:?}", at_goal.missing);
        assert!(
            at_goal.eligible_for(PaymentId::SecondA) && at_goal.eligible_for(PaymentId::SecondB)
        );
        let below = assess(report(79).as_bytes(), "2026-09-15T10:00:00Z");
        let missing: std::vec::Vec<std::string::String> = below
            .missing
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(
            missing,
            [
                "lead_times.breast.baseline_patients",
                "lead_times.breast.baseline_within_target"
            ]
        );
        assert_eq!(find(&below, "lead_time.breast").met, None);
    }

    #[test]
    fn uppsala_2022_is_eligible() {
        let a = assess(
            include_bytes!("../../spec/examples/2022-03-uppsala.json"),
            "2022-09-30T21:59:59Z",
        );
        assert!(a.complete, "{:?}", a.missing);
        assert!(a.eligible_for(PaymentId::Second));
    }

    #[test]
    fn the_deadline_is_midnight_swedish_time() {
        let stockholm = include_bytes!("../../spec/examples/2024-01-stockholm.json");
        assert!(assess(stockholm, "2024-09-30T21:59:59Z").eligible_for(PaymentId::Second));
        assert!(assess(stockholm, "2024-09-30T23:59:59+02:00").eligible_for(PaymentId::Second));
        let late = assess(stockholm, "2024-09-30T22:00:00Z");
        assert!(!late.eligible_for(PaymentId::Second));
        assert_eq!(
            find(&late, "deadline").detail.as_deref(),
            Some("inkom 2024-10-01, senast 2024-09-30; för sent")
        );
        assert!(!assess(stockholm, "2024-10-01T00:00:00+02:00").eligible_for(PaymentId::Second));
    }

    #[test]
    fn the_deadline_is_judged_on_the_first_accepted_report() {
        let stockholm = include_bytes!("../../spec/examples/2024-01-stockholm.json");
        let report = Report::parse(stockholm).unwrap();
        let rules = Rules::of(report.year);
        let completed = Receipt::with_first(at("2024-10-05T08:00:00Z"), at("2024-09-27T08:00:00Z"));
        let a = Assessment::of(&report, &rules, completed);
        assert!(
            a.eligible_for(PaymentId::Second),
            "reported in time, completed after feedback"
        );
        assert_eq!(
            find(&a, "deadline").detail.as_deref(),
            Some("inkom första gången 2024-09-27, denna version 2024-10-05, senast 2024-09-30")
        );
        assert_eq!(a.first_received, at("2024-09-27T08:00:00Z"));
        assert_eq!(a.received, at("2024-10-05T08:00:00Z"));
        let first_late =
            Receipt::with_first(at("2024-10-05T08:00:00Z"), at("2024-10-01T08:00:00Z"));
        let late = Assessment::of(&report, &rules, first_late);
        assert!(!late.eligible_for(PaymentId::Second));
        assert_eq!(
            find(&late, "deadline").detail.as_deref(),
            Some(
                "inkom första gången 2024-10-01, denna version 2024-10-05, senast 2024-09-30; för sent"
            )
        );
        // A "first" after this one is this one.
        let odd = Receipt::with_first(at("2024-09-27T08:00:00Z"), at("2024-10-05T08:00:00Z"));
        assert_eq!(odd.first(), odd.received());
        let mut buffer = [0u8; MAX_JSON_BYTES];
        let n = a.write_json(&mut buffer).unwrap();
        let json = core::str::from_utf8(&buffer[..n]).unwrap();
        assert!(
            json.contains(
                r#""received":"2024-10-05T08:00:00Z","first_received":"2024-09-27T08:00:00Z""#
            ),
            "{json}"
        );
    }

    #[test]
    fn twenty_three_and_twenty_five_are_assessed_as_twenty_four() {
        let stockholm =
            core::str::from_utf8(include_bytes!("../../spec/examples/2024-01-stockholm.json"))
                .unwrap();
        for year in ["2023", "2025"] {
            let report = stockholm.replace(
                "\"agreement_year\": 2024",
                &std::format!("\"agreement_year\": {year}"),
            );
            assert!(report.contains(year));
            let a = assess(report.as_bytes(), &std::format!("{year}-09-27T08:00:00Z"));
            assert!(a.complete, "{:?}", a.missing);
            assert!(a.eligible_for(PaymentId::Second));
            assert_eq!(a.agreement_year.map(u32::from), year.parse().ok());
            let late = assess(report.as_bytes(), &std::format!("{year}-09-30T22:00:00Z"));
            assert!(
                !late.eligible_for(PaymentId::Second),
                "{year}: by 30 September"
            );
        }
    }
}
