//! The figures a verdict was decided on, and how they are written beside its contract fields.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::Shown;
use crate::time::Date;

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
    /// A lead time of a period without patients: no share to decide on, so the rules'
    /// [`ZeroPatients`](crate::rules::ZeroPatients) decided it. Written `{"patients": 0}`.
    NoPatients,
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
                s.serialize_field("received", &Shown(received))?;
                s.serialize_field("first_received", &Shown(first_received))?;
                s.serialize_field("last_day", &Shown(last_day))?;
                s.end()
            }
            Figures::NoPatients => {
                let mut s = serializer.serialize_struct("NoPatients", 1)?;
                s.serialize_field("patients", &0u32)?;
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
