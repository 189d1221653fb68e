//! What a report lacks, compactly: a [`Missing`] path in four bytes, with a lead-time diagnosis
//! by its place among the year's rules' diagnoses instead of its name.

use crate::vocabulary::{BaselineField, DiagnosisId, EntryField, Missing, SectionName};

/// A missing path as the assessment keeps it; [`Lack::missing`] gives the path.
///
/// Invariant: a diagnosis index is the diagnosis's place in the rules' `lead_time_diagnoses`
/// of the assessment it belongs to (at most `MAX_DIAGNOSES`, so it fits a `u8`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lack {
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
    /// `lead_times[{index}].{field}`.
    EntryField {
        /// The entry's position.
        index: u16,
        /// The field.
        field: EntryField,
    },
    /// `lead_times.{diagnosis}`.
    LeadTime(u8),
    /// `lead_times.{diagnosis}.{field}`.
    Baseline {
        /// The diagnosis's place among the rules'.
        diagnosis: u8,
        /// The figure.
        field: BaselineField,
    },
    /// `narrative.{section}`.
    Narrative(SectionName),
}

// Kept small on purpose: an assessment holds up to MAX_MISSING of them.
const _: () = assert!(core::mem::size_of::<Lack>() <= 4);

impl Lack {
    /// The path, with the diagnoses found by `diagnosis` (their place among the rules'); `None`
    /// when a place names none, which the invariant rules out.
    pub fn missing<'d>(self, diagnosis: impl Fn(u8) -> Option<&'d DiagnosisId>) -> Option<Missing> {
        Some(match self {
            Lack::NewCases => Missing::NewCases,
            Lack::InSvf => Missing::InSvf,
            Lack::PremUsed => Missing::PremUsed,
            Lack::PeriodFrom => Missing::PeriodFrom,
            Lack::PeriodTo => Missing::PeriodTo,
            Lack::EntryField { index, field } => Missing::EntryField { index, field },
            Lack::LeadTime(d) => Missing::LeadTime(diagnosis(d)?.clone()),
            Lack::Baseline {
                diagnosis: d,
                field,
            } => Missing::Baseline {
                diagnosis: diagnosis(d)?.clone(),
                field,
            },
            Lack::Narrative(section) => Missing::Narrative(section),
        })
    }
}
