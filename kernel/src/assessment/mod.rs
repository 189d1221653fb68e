//! The assessment of a report (`svf-assessment/1`, contract §4): each condition's verdict with
//! its margin, what the report lacks, and which conditional payments the region has earned.
//!
//! Every threshold is decided in exact integer arithmetic (`100 × in_svf ≥ 70 × new_cases`).
//! Rates shown to people (`81,07 %`) are made after the decision and never used for it, in
//! hundredths of a per cent rounded half up in integers ([`crate::percent`]), as the annex's
//! shares are.

mod conditions;
mod figures;
#[cfg(test)]
mod tests;

use core::fmt::{self, Write as _};

use heapless::{String, Vec};
use serde::{Serialize, Serializer};

use crate::percent::Percent;
use crate::region::{Region, Year};
use crate::report::{Report, ReportError};
use crate::rules::{Part, Rules};
use crate::time::Instant;
use crate::vocabulary::{ConditionId, Missing, PaymentId, SectionName, SpecialReport};

use conditions::{condition, missing};
pub use figures::{Baseline, Figures};

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
    schema: &'static str,
    /// Assessed or rejected.
    status: Status,
    /// The agreement year, when known.
    agreement_year: Option<u16>,
    /// The region's code, when known.
    region_code: Option<&'static str>,
    /// When the report was received (RFC 3339, UTC).
    #[serde(serialize_with = "display")]
    received: Instant,
    /// When the region's first accepted report of the year was received; the deadline is
    /// judged on it.
    #[serde(serialize_with = "display")]
    first_received: Instant,
    /// Nothing the year's rules require is missing.
    complete: bool,
    /// Dotted paths of what the year's rules require but the report lacks.
    missing: Vec<Missing, MAX_MISSING>,
    /// Why the report was rejected.
    errors: Vec<ErrorEntry, { crate::json::MAX_ERRORS }>,
    /// The conditions, in the rules' order.
    conditions: Vec<Condition, MAX_CONDITIONS>,
    /// The conditional payments.
    parts: Vec<PartVerdict, MAX_PARTS>,
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
                // A year's payments are the agreement's (a rules file cannot add one), at most
                // MAX_PAYMENTS with the first unconditional: MAX_PARTS has room for the rest.
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
    /// region are those of the upload when the report itself cannot say. The first
    /// [`MAX_ERRORS`](crate::json::MAX_ERRORS) errors are kept.
    pub fn rejected(
        year: Option<Year>,
        region: Option<Region>,
        received: Instant,
        errors: &[ReportError],
    ) -> Assessment {
        let mut entries = Vec::new();
        // The readers keep at most MAX_ERRORS; of a longer list the first are listed.
        for error in errors.iter().take(crate::json::MAX_ERRORS) {
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

    /// Always [`ASSESSMENT_SCHEMA`].
    pub fn schema(&self) -> &'static str {
        self.schema
    }

    /// Assessed or rejected.
    pub fn status(&self) -> Status {
        self.status
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
        self.complete
    }

    /// What the year's rules require but the report lacks.
    pub fn missing(&self) -> &[Missing] {
        &self.missing
    }

    /// Why the report was rejected; empty when it was assessed.
    pub fn errors(&self) -> &[ErrorEntry] {
        &self.errors
    }

    /// The conditions, in the rules' order; empty when the report was rejected.
    pub fn conditions(&self) -> &[Condition] {
        &self.conditions
    }

    /// The conditional payments' verdicts.
    pub fn parts(&self) -> &[PartVerdict] {
        &self.parts
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
