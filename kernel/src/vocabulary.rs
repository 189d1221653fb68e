//! The words of the contract as types: payment, condition and diagnosis ids, and the paths of
//! what a report lacks. Each is written to the contract's string (`Display`, `Serialize`) and
//! read back from it (`parse`), so that no code anywhere matches ids by prefix or compares them
//! as text, and a change of wording can never change a number.

use core::fmt;
use core::str::FromStr;

use heapless::String;
use serde::{Serialize, Serializer};

/// A text that is none of the contract's words of its kind: an id from a later version of svf,
/// or a typing error, where stored data is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownWord;

impl fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("is not a word of the contract")
    }
}

impl core::error::Error for UnknownWord {}

/// `FromStr` through each type's `parse`, so that `"second_a".parse::<PaymentId>()` works.
macro_rules! from_str_by_parse {
    ($($ty:ty),*) => {$(
        impl FromStr for $ty {
            type Err = UnknownWord;
            fn from_str(text: &str) -> Result<$ty, UnknownWord> {
                <$ty>::parse(text).ok_or(UnknownWord)
            }
        }
    )*};
}

from_str_by_parse!(
    PaymentId,
    DiagnosisId,
    ConditionId,
    SectionName,
    Missing,
    Advice
);

/// One of a year's payments (contract §5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PaymentId {
    /// `first`: to every region by population.
    First,
    /// `second`: conditional (2022–2025).
    Second,
    /// `second_a`: conditional, part A (2026).
    SecondA,
    /// `second_b`: conditional with the lead-time requirements, part B (2026).
    SecondB,
}

impl PaymentId {
    /// Every payment id.
    pub const ALL: [PaymentId; 4] = [
        PaymentId::First,
        PaymentId::Second,
        PaymentId::SecondA,
        PaymentId::SecondB,
    ];

    /// The contract's string: `first`, `second`, `second_a`, `second_b`.
    pub const fn as_str(self) -> &'static str {
        match self {
            PaymentId::First => "first",
            PaymentId::Second => "second",
            PaymentId::SecondA => "second_a",
            PaymentId::SecondB => "second_b",
        }
    }

    /// The id the contract's string names.
    pub fn parse(text: &str) -> Option<PaymentId> {
        PaymentId::ALL.into_iter().find(|id| id.as_str() == text)
    }
}

impl fmt::Display for PaymentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for PaymentId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// An SVF with a lead-time requirement (`breast`, `colon`, …; a rules file may name others).
///
/// Invariant: 1 to 32 characters of `a-z`, `0-9` and `_` (the schema's pattern).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DiagnosisId(String<32, u8>);

impl DiagnosisId {
    /// The id `text` is, if it keeps the pattern.
    pub fn parse(text: &str) -> Option<DiagnosisId> {
        DiagnosisId::new(text)
    }

    /// The id `text` is, if it keeps the pattern.
    pub fn new(text: &str) -> Option<DiagnosisId> {
        let valid = !text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            return None;
        }
        String::try_from(text).ok().map(DiagnosisId)
    }

    /// The id as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DiagnosisId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A special report of 2026 (part A).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SpecialReport {
    /// `colorectal`: colorectal cancer.
    Colorectal,
    /// `myeloma`: myeloma.
    Myeloma,
}

impl SpecialReport {
    /// Its name, as the report's narrative section is called.
    pub const fn as_str(self) -> &'static str {
        match self {
            SpecialReport::Colorectal => "colorectal",
            SpecialReport::Myeloma => "myeloma",
        }
    }
}

/// A condition of a conditional payment (contract §4).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConditionId {
    /// `inclusion`: the inclusion goal.
    Inclusion,
    /// `prem`: PREM sent out and used.
    Prem,
    /// `deadline`: received in time.
    Deadline,
    /// `special_report.colorectal`, `special_report.myeloma` (2026).
    SpecialReport(SpecialReport),
    /// `lead_time.{diagnosis}` (2026 part B).
    LeadTime(DiagnosisId),
}

impl ConditionId {
    /// The id the contract's string names.
    pub fn parse(text: &str) -> Option<ConditionId> {
        Some(match text {
            "inclusion" => ConditionId::Inclusion,
            "prem" => ConditionId::Prem,
            "deadline" => ConditionId::Deadline,
            "special_report.colorectal" => ConditionId::SpecialReport(SpecialReport::Colorectal),
            "special_report.myeloma" => ConditionId::SpecialReport(SpecialReport::Myeloma),
            other => ConditionId::LeadTime(DiagnosisId::new(other.strip_prefix("lead_time.")?)?),
        })
    }

    /// Whether the condition is a lead-time requirement (part B).
    pub fn is_lead_time(&self) -> bool {
        matches!(self, ConditionId::LeadTime(_))
    }

    /// Whether the condition is a special report (2026 part A).
    pub fn is_special_report(&self) -> bool {
        matches!(self, ConditionId::SpecialReport(_))
    }
}

impl fmt::Display for ConditionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConditionId::Inclusion => f.write_str("inclusion"),
            ConditionId::Prem => f.write_str("prem"),
            ConditionId::Deadline => f.write_str("deadline"),
            ConditionId::SpecialReport(report) => write!(f, "special_report.{}", report.as_str()),
            ConditionId::LeadTime(diagnosis) => write!(f, "lead_time.{diagnosis}"),
        }
    }
}

impl Serialize for ConditionId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A narrative section of the report (`narrative.{name}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionName {
    /// `lead_times`: lead times and improvement work.
    LeadTimes,
    /// `prem_use`: how PREM results are used.
    PremUse,
    /// `longest_waits`: the patients furthest from the goal (2024).
    LongestWaits,
    /// `urology`: access in urology (2024).
    Urology,
    /// `mpn_action_plan`: the MPN action plan (2022).
    MpnActionPlan,
    /// `colorectal`: the special report on colorectal cancer (2026).
    Colorectal,
    /// `myeloma`: the special report on myeloma (2026).
    Myeloma,
}

impl SectionName {
    /// Every section, in the schema's order.
    pub const ALL: [SectionName; 7] = [
        SectionName::LeadTimes,
        SectionName::PremUse,
        SectionName::LongestWaits,
        SectionName::Urology,
        SectionName::MpnActionPlan,
        SectionName::Colorectal,
        SectionName::Myeloma,
    ];

    /// Its key under `narrative`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SectionName::LeadTimes => "lead_times",
            SectionName::PremUse => "prem_use",
            SectionName::LongestWaits => "longest_waits",
            SectionName::Urology => "urology",
            SectionName::MpnActionPlan => "mpn_action_plan",
            SectionName::Colorectal => "colorectal",
            SectionName::Myeloma => "myeloma",
        }
    }

    /// The section its key names.
    pub fn parse(text: &str) -> Option<SectionName> {
        SectionName::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// A field of a lead-time entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryField {
    /// `svf`.
    Svf,
    /// `patients`.
    Patients,
    /// `within_target`.
    WithinTarget,
}

impl EntryField {
    /// Every field an entry must have.
    pub const ALL: [EntryField; 3] = [
        EntryField::Svf,
        EntryField::Patients,
        EntryField::WithinTarget,
    ];

    const fn as_str(self) -> &'static str {
        match self {
            EntryField::Svf => "svf",
            EntryField::Patients => "patients",
            EntryField::WithinTarget => "within_target",
        }
    }
}

/// A baseline figure of a lead-time requirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BaselineField {
    /// `baseline_patients`.
    Patients,
    /// `baseline_within_target`.
    WithinTarget,
}

impl BaselineField {
    /// Both baseline figures.
    pub const ALL: [BaselineField; 2] = [BaselineField::Patients, BaselineField::WithinTarget];

    const fn as_str(self) -> &'static str {
        match self {
            BaselineField::Patients => "baseline_patients",
            BaselineField::WithinTarget => "baseline_within_target",
        }
    }
}

/// What a report lacks that the year's rules require (contract §4 `missing`), written as its
/// dotted path: `inclusion.new_cases`, `lead_times.breast.baseline_patients`, `narrative.urology`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Missing {
    /// `inclusion.new_cases`.
    NewCases,
    /// `inclusion.in_svf`.
    InSvf,
    /// `prem.used`.
    PremUsed,
    /// `period.from`.
    PeriodFrom,
    /// `period.to`.
    PeriodTo,
    /// `lead_times[{index}].{field}`: a field every entry must have.
    EntryField {
        /// The entry's position.
        index: u16,
        /// The field.
        field: EntryField,
    },
    /// `lead_times.{diagnosis}`: no entry for a diagnosis with a requirement.
    LeadTime(DiagnosisId),
    /// `lead_times.{diagnosis}.{field}`: a baseline that would decide.
    Baseline {
        /// The diagnosis.
        diagnosis: DiagnosisId,
        /// The figure.
        field: BaselineField,
    },
    /// `narrative.{section}`.
    Narrative(SectionName),
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::NewCases => f.write_str("inclusion.new_cases"),
            Missing::InSvf => f.write_str("inclusion.in_svf"),
            Missing::PremUsed => f.write_str("prem.used"),
            Missing::PeriodFrom => f.write_str("period.from"),
            Missing::PeriodTo => f.write_str("period.to"),
            Missing::EntryField { index, field } => {
                write!(f, "lead_times[{index}].{}", field.as_str())
            }
            Missing::LeadTime(diagnosis) => write!(f, "lead_times.{diagnosis}"),
            Missing::Baseline { diagnosis, field } => {
                write!(f, "lead_times.{diagnosis}.{}", field.as_str())
            }
            Missing::Narrative(section) => write!(f, "narrative.{}", section.as_str()),
        }
    }
}

impl Serialize for Missing {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// What a region is asked for beyond what the rules require (the assessment's `advice`):
/// completeness and eligibility never turn on it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Advice {
    /// `lead_times.{diagnosis}.reason`: why the goal is missed and what is done about it.
    Reason(DiagnosisId),
}

impl fmt::Display for Advice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Advice::Reason(diagnosis) => write!(f, "lead_times.{diagnosis}.reason"),
        }
    }
}

impl Advice {
    /// The advice the contract's string names.
    pub fn parse(text: &str) -> Option<Advice> {
        let diagnosis = text.strip_prefix("lead_times.")?.strip_suffix(".reason")?;
        DiagnosisId::new(diagnosis).map(Advice::Reason)
    }
}

impl Missing {
    /// The path the contract's string names.
    pub fn parse(text: &str) -> Option<Missing> {
        Some(match text {
            "inclusion.new_cases" => Missing::NewCases,
            "inclusion.in_svf" => Missing::InSvf,
            "prem.used" => Missing::PremUsed,
            "period.from" => Missing::PeriodFrom,
            "period.to" => Missing::PeriodTo,
            other => {
                if let Some(section) = other.strip_prefix("narrative.") {
                    return SectionName::parse(section).map(Missing::Narrative);
                }
                if let Some(rest) = other.strip_prefix("lead_times[") {
                    let (index, field) = rest.split_once("].")?;
                    let field = [
                        EntryField::Svf,
                        EntryField::Patients,
                        EntryField::WithinTarget,
                    ]
                    .into_iter()
                    .find(|f| f.as_str() == field)?;
                    return Some(Missing::EntryField {
                        index: index.parse().ok()?,
                        field,
                    });
                }
                let rest = other.strip_prefix("lead_times.")?;
                match rest.split_once('.') {
                    None => Missing::LeadTime(DiagnosisId::new(rest)?),
                    Some((diagnosis, field)) => Missing::Baseline {
                        diagnosis: DiagnosisId::new(diagnosis)?,
                        field: [BaselineField::Patients, BaselineField::WithinTarget]
                            .into_iter()
                            .find(|f| f.as_str() == field)?,
                    },
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::string::ToString;

    use super::*;

    #[test]
    fn every_id_reads_back_from_the_string_it_writes() {
        for id in PaymentId::ALL {
            assert_eq!(PaymentId::parse(id.as_str()), Some(id));
        }
        assert_eq!(PaymentId::parse("third"), None);
        for text in [
            "inclusion",
            "prem",
            "deadline",
            "special_report.colorectal",
            "special_report.myeloma",
            "lead_time.breast",
            "lead_time.lung_2",
        ] {
            let id = ConditionId::parse(text).unwrap();
            assert_eq!(id.to_string(), text);
        }
        for bad in ["lead_time.", "lead_time.Breast", "special_report.lung", "x"] {
            assert_eq!(ConditionId::parse(bad), None, "{bad}");
        }
        for text in [
            "inclusion.new_cases",
            "inclusion.in_svf",
            "prem.used",
            "period.from",
            "period.to",
            "lead_times[3].within_target",
            "lead_times.breast",
            "lead_times.breast.baseline_patients",
            "lead_times.rectum.baseline_within_target",
            "narrative.urology",
        ] {
            assert_eq!(Missing::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Missing::parse("narrative.poetry"), None);
        assert_eq!(DiagnosisId::new(""), None);
        assert_eq!(DiagnosisId::new(&"a".repeat(33)), None);
    }
}
