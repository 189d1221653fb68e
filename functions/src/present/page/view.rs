//! The regions as the page sees them: each region's line (its payments, shares, decisions and
//! assessment), the verdicts as people read them, and the columns of conditions.

use std::fmt;

use svf_kernel::Ore;
use svf_kernel::decision::Decision;
use svf_kernel::region::Region;
use svf_kernel::rules::Rules;
use svf_kernel::vocabulary::{ConditionId, PaymentId, SpecialReport};

use super::Summary;
use super::format::Rate;
use crate::contract::stored::StoredAssessment;

/// A verdict as people read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::present) enum Verdict {
    Met,
    NotMet,
    Missing,
}

impl Verdict {
    pub(in crate::present) fn of(met: Option<bool>) -> Verdict {
        match met {
            Some(true) => Verdict::Met,
            Some(false) => Verdict::NotMet,
            None => Verdict::Missing,
        }
    }

    /// The CSS class, also the hook for tests.
    pub(in crate::present) fn class(self) -> &'static str {
        match self {
            Verdict::Met => "uppfyllt",
            Verdict::NotMet => "ej-uppfyllt",
            Verdict::Missing => "saknas",
        }
    }

    /// A mark that tells the verdict without colour.
    pub(in crate::present) fn mark(self) -> &'static str {
        match self {
            Verdict::Met => "✓",
            Verdict::NotMet => "✗",
            Verdict::Missing => "–",
        }
    }

    pub(in crate::present) fn word(self) -> &'static str {
        match self {
            Verdict::Met => "uppfyllt",
            Verdict::NotMet => "ej uppfyllt",
            Verdict::Missing => "saknas",
        }
    }

    /// All of several verdicts: not met if any is not, else missing if any is, else met.
    fn all(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
        verdicts
            .into_iter()
            .fold(Verdict::Met, |all, v| match (all, v) {
                (Verdict::NotMet, _) | (_, Verdict::NotMet) => Verdict::NotMet,
                (Verdict::Missing, _) | (_, Verdict::Missing) => Verdict::Missing,
                _ => Verdict::Met,
            })
    }
}

/// What a payment is, under its heading.
pub(in crate::present) fn payment_note(rules: &Rules, id: PaymentId) -> &'static str {
    match rules.payment(id).and_then(|p| p.part) {
        None => "efter befolkning",
        Some(part) if part.lead_times => "villkorad, med ledtidskrav",
        Some(_) => "villkorad",
    }
}

/// One region with everything shown of it.
pub(in crate::present) struct Line<'s> {
    pub(in crate::present) region: Region,
    pub(in crate::present) name: &'s str,
    pub(in crate::present) population: u32,
    pub(in crate::present) amounts: &'s [Ore],
    pub(in crate::present) eligible: &'s [bool],
    /// Per payment: what the region's share is.
    shares: &'s [Ore],
    /// Per payment: the decision that set its eligibility, if one did.
    pub(in crate::present) decided: &'s [Option<svf_kernel::payments::Decided<'s>>],
    pub(in crate::present) assessment: Option<&'s StoredAssessment>,
    pub(in crate::present) decision: Option<&'s Decision>,
}

impl Line<'_> {
    pub(in crate::present) fn verdict(&self, id: &ConditionId) -> Verdict {
        match self.assessment {
            Some(a) if a.assessed() => Verdict::of(a.condition(id).and_then(|c| c.met)),
            _ => Verdict::Missing,
        }
    }

    /// The rate of a condition from its counts.
    pub(in crate::present) fn rate(&self, id: &ConditionId) -> Option<(Rate, u32, u32)> {
        let a = self.assessment.filter(|a| a.assessed())?;
        let (part, whole) = a.condition(id)?.counts()?;
        Some((Rate::of(part.into(), whole.into())?, part, whole))
    }

    pub(in crate::present) fn lead_times(&self, rules: &Rules) -> Verdict {
        Verdict::all(
            rules
                .lead_time_diagnoses()
                .iter()
                .map(|d| self.verdict(&ConditionId::LeadTime(d.clone()))),
        )
    }

    /// What it does not get, per payment: its share of a payment it is not eligible for (under
    /// redistribution the share the others get instead), nothing of one it is.
    pub(in crate::present) fn withheld(&self) -> impl Iterator<Item = Ore> + '_ {
        self.shares
            .iter()
            .zip(self.eligible)
            .map(|(share, eligible)| if *eligible { Ore::ZERO } else { *share })
    }

    /// Its report, as people say it.
    pub(in crate::present) fn report_state(&self) -> (&'static str, &'static str) {
        match self.assessment {
            None => ("saknas", "saknas"),
            Some(a) if !a.assessed() => ("avvisad", "ej-uppfyllt"),
            Some(a) if a.complete => ("fullständig", "uppfyllt"),
            Some(_) => ("ofullständig", "ej-uppfyllt"),
        }
    }

    /// Whether it is paid the payment at `index`.
    pub(in crate::present) fn paid(&self, index: usize) -> bool {
        self.eligible.get(index).copied().unwrap_or(false)
    }

    pub(in crate::present) fn all_earned(&self) -> bool {
        self.eligible.iter().all(|e| *e)
    }
}

pub(in crate::present) fn lines<'s>(summary: &Summary<'s, '_>) -> Vec<Line<'s>> {
    summary
        .payments
        .rows()
        .iter()
        .enumerate()
        .map(|(index, row)| Line {
            region: row.region,
            // For people, the region's name as svf knows it, not the table's spelling (the
            // published annex writes "Norrbottn"; the annex keeps it).
            name: row.region.name(),
            population: row.population,
            amounts: &row.amounts,
            eligible: &row.eligible,
            shares: summary
                .shares
                .rows()
                .get(index)
                .filter(|s| s.region == row.region)
                .map_or(&row.amounts, |s| &s.amounts),
            decided: &row.decided,
            assessment: summary.assessments.get(&row.region),
            decision: summary.decisions.get(&row.region),
        })
        .collect()
}

/// A column of conditions in the table of regions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(in crate::present) enum Column {
    /// One condition.
    Condition(ConditionId),
    /// Every lead-time requirement as one (the lead-time table has them one by one).
    LeadTimes,
}

impl Column {
    /// Its heading (HTML).
    pub(in crate::present) fn title(&self) -> &'static str {
        match self {
            Column::Condition(ConditionId::Inclusion) => "Inklusions\u{ad}målet",
            Column::Condition(ConditionId::Prem) => "PREM",
            Column::Condition(ConditionId::Deadline) => "I tid",
            Column::Condition(ConditionId::SpecialReport(SpecialReport::Colorectal)) => {
                "Tjock- och ändtarm<small>särskild redovisning</small>"
            }
            Column::Condition(ConditionId::SpecialReport(SpecialReport::Myeloma)) => {
                "Myelom<small>särskild redovisning</small>"
            }
            Column::Condition(ConditionId::LeadTime(_)) | Column::LeadTimes => {
                "Ledtider<small>del B, se nedan</small>"
            }
        }
    }
}

/// The hook of a column: the condition's id, `lead_time` for the lead times as one.
impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Column::Condition(id) => id.fmt(f),
            Column::LeadTimes => f.write_str("lead_time"),
        }
    }
}

/// The conditions shown as columns: the rules' own, the lead times as one.
pub(in crate::present) fn condition_columns(rules: &Rules) -> Vec<Column> {
    let mut columns = vec![Column::Condition(ConditionId::Inclusion)];
    if rules.prem() {
        columns.push(Column::Condition(ConditionId::Prem));
    }
    columns.push(Column::Condition(ConditionId::Deadline));
    if rules.special_reports() {
        for report in [SpecialReport::Colorectal, SpecialReport::Myeloma] {
            columns.push(Column::Condition(ConditionId::SpecialReport(report)));
        }
    }
    if !rules.lead_time_diagnoses().is_empty() {
        columns.push(Column::LeadTimes);
    }
    columns
}

/// Whether a region's line belongs among the deviations: a verdict short of every condition,
/// or a decision that overrides one.
pub(in crate::present) fn deviates(line: &Line<'_>) -> bool {
    line.decision.is_some()
        || !line.all_earned()
        || line.assessment.is_none_or(|a| {
            !a.assessed() || !a.complete || a.conditions.iter().any(|c| c.met != Some(true))
        })
}
