//! How each condition is decided, and what a report lacks under the year's rules.

use heapless::Vec;

use super::{Baseline, Condition, Figures, Lack, MAX_MISSING, Receipt, Source};
use crate::agency::{AgencyData, Sex};
use crate::report::{BySex, Head, LeadTime, SexCounts};
use crate::rules::{MonthDay, Rules, ZeroPatients};
use crate::time::{Date, Instant};
use crate::vocabulary::{
    BaselineField, ConditionId, DiagnosisId, EntryField, SectionName, SpecialReport,
};

/// What the rules require and the report lacks, as dotted paths. A lead time the agency's
/// data gives is not asked of the report, nor a baseline the agency gives.
pub(super) fn missing(
    missing: &mut Vec<Lack, MAX_MISSING>,
    report: &Head,
    entries: &[LeadTime],
    rules: &Rules,
    agency: &impl AgencyData,
) {
    missing.clear();
    // MAX_MISSING is the most a report can lack, so no push can fail.
    let mut add = |path: Lack| {
        let _ = missing.push(path);
    };
    let inclusion = report.inclusion.unwrap_or_default();
    if inclusion.new_cases.is_none() {
        add(Lack::NewCases);
    }
    if inclusion.in_svf.is_none() {
        add(Lack::InSvf);
    }
    if rules.prem() && report.prem.and_then(|p| p.used).is_none() {
        add(Lack::PremUsed);
    }
    if let Some(period) = report.period {
        if period.from.is_none() {
            add(Lack::PeriodFrom);
        }
        if period.to.is_none() {
            add(Lack::PeriodTo);
        }
    }
    // Fields the schema requires in every entry, in every year.
    for (index, entry) in (0u16..).zip(entries) {
        for (field, absent) in [
            (EntryField::Svf, entry.svf().is_none()),
            (EntryField::Patients, entry.patients().is_none()),
            (EntryField::WithinTarget, entry.within_target().is_none()),
        ] {
            if absent {
                add(Lack::EntryField { index, field });
            }
        }
    }
    // At most MAX_DIAGNOSES (8): a place fits a u8.
    for (place, diagnosis) in (0u8..).zip(rules.lead_time_diagnoses()) {
        let entry = lead_time(entries, diagnosis);
        if let Some(row) = agency.row(report.region, diagnosis.as_str(), None) {
            // The agency decides; the report's baseline is asked for only where the agency
            // gives none and it would decide.
            let below = 100 * u64::from(row.within)
                < u64::from(rules.lead_time_goal_percent()) * u64::from(row.patients);
            if !below || row.baseline.is_some() || row.patients == 0 {
                continue;
            }
            let entry_baseline = entry.is_some_and(|e| {
                e.baseline_patients().is_some() && e.baseline_within_target().is_some()
            });
            if !entry_baseline {
                for field in [BaselineField::Patients, BaselineField::WithinTarget] {
                    add(Lack::Baseline {
                        diagnosis: place,
                        field,
                    });
                }
            }
            continue;
        }
        match entry {
            None => add(Lack::LeadTime(place)),
            // The baseline is asked for only where it would decide: a share below the goal.
            Some(entry) if !below_goal(entry, rules.lead_time_goal_percent()) => {}
            Some(entry) => {
                for (field, absent) in [
                    (BaselineField::Patients, entry.baseline_patients().is_none()),
                    (
                        BaselineField::WithinTarget,
                        entry.baseline_within_target().is_none(),
                    ),
                ] {
                    if absent {
                        add(Lack::Baseline {
                            diagnosis: place,
                            field,
                        });
                    }
                }
            }
        }
    }
    for &section in rules.narrative() {
        if !report.narrative.section(section).is_written() {
            add(Lack::Narrative(section));
        }
    }
}

/// Whether the entry's share within the maximum lead time is known and below `goal`.
fn below_goal(entry: &LeadTime, goal: u8) -> bool {
    match (entry.patients(), entry.within_target()) {
        (Some(patients), Some(within)) if patients > 0 => {
            100 * u64::from(within) < u64::from(goal) * u64::from(patients)
        }
        _ => false,
    }
}

pub(super) fn lead_time<'r>(
    entries: &'r [LeadTime],
    diagnosis: &DiagnosisId,
) -> Option<&'r LeadTime> {
    entries.iter().find(|e| e.svf() == Some(diagnosis.as_str()))
}

pub(super) fn condition(
    id: ConditionId,
    report: &Head,
    entries: &[LeadTime],
    rules: &Rules,
    receipt: Receipt,
    agency: &impl AgencyData,
) -> Condition {
    let mut c = Condition {
        id: id.clone(),
        met: None,
        goal_percent: None,
        figures: Figures::None,
        source: None,
        by_sex: None,
    };
    match id {
        ConditionId::Inclusion => {
            let goal = rules.inclusion_goal_percent();
            c.goal_percent = Some(goal);
            inclusion_verdict(&mut c, report, goal);
            c.by_sex = report.inclusion.and_then(|i| i.by_sex);
        }
        ConditionId::Prem => c.met = report.prem.and_then(|p| p.used),
        ConditionId::Deadline => {
            deadline_verdict(&mut c, report.year.number(), rules.deadline(), receipt);
        }
        ConditionId::SpecialReport(special) => {
            let section = match special {
                SpecialReport::Colorectal => SectionName::Colorectal,
                SpecialReport::Myeloma => SectionName::Myeloma,
            };
            c.met = report
                .narrative
                .section(section)
                .is_written()
                .then_some(true);
        }
        ConditionId::LeadTime(diagnosis) => {
            c.goal_percent = Some(rules.lead_time_goal_percent());
            let entry = lead_time(entries, &diagnosis);
            let reported_baseline = entry.and_then(|e| {
                Some(Baseline {
                    patients: e.baseline_patients()?,
                    within: e.baseline_within_target()?,
                })
            });
            let agency_row = agency.row(report.region, diagnosis.as_str(), None);
            if let Some(row) = agency_row {
                // The agency's own figures decide; its baseline where it gives one, else the
                // region's.
                c.source = Some(Source::Agency);
                let baseline = row
                    .baseline
                    .map(|(patients, within)| Baseline { patients, within })
                    .or(reported_baseline);
                lead_time_verdict(&mut c, Some((row.patients, row.within)), baseline, rules);
                let of_sex = |sex| {
                    agency
                        .row(report.region, diagnosis.as_str(), Some(sex))
                        .map(|r| SexCounts {
                            whole: r.patients,
                            part: r.within,
                        })
                };
                let by_sex = BySex {
                    women: of_sex(Sex::Women),
                    men: of_sex(Sex::Men),
                };
                c.by_sex = (by_sex != BySex::default()).then_some(by_sex);
            } else {
                c.source = Some(Source::Report);
                let counts = entry.and_then(|e| Some((e.patients()?, e.within_target()?)));
                lead_time_verdict(&mut c, counts, reported_baseline, rules);
                c.by_sex = entry.and_then(LeadTime::by_sex);
            }
        }
    }
    c
}

/// Met when `100 × in_svf ≥ goal × new_cases`; the figures give the margin in patients.
fn inclusion_verdict(c: &mut Condition, report: &Head, goal: u8) {
    let inclusion = report.inclusion.unwrap_or_default();
    let (Some(new_cases), Some(in_svf)) = (inclusion.new_cases, inclusion.in_svf) else {
        return;
    };
    let met = 100 * u64::from(in_svf) >= u64::from(goal) * u64::from(new_cases);
    // The fewest patients in SVF that meet the goal: ⌈goal × new_cases / 100⌉, at most
    // new_cases (goal ≤ 100), so it fits a u32.
    let needed = (u64::from(goal) * u64::from(new_cases)).div_ceil(100);
    c.met = Some(met);
    c.figures = Figures::Inclusion {
        in_svf,
        new_cases,
        needed: u32::try_from(needed).unwrap_or(u32::MAX),
    };
}

/// Met when the region's first accepted report of the year was received before midnight
/// Swedish time at the end of the deadline day.
fn deadline_verdict(c: &mut Condition, year: u16, deadline: MonthDay, receipt: Receipt) {
    let last_day = Date::new(year, deadline.month(), deadline.day());
    let Some(end) = last_day
        .and_then(Date::next)
        .map(Instant::stockholm_midnight)
    else {
        return;
    };
    c.met = Some(receipt.first < end);
    if let Some(last_day) = last_day {
        c.figures = Figures::Deadline {
            received: receipt.received.stockholm_date(),
            first_received: receipt.first.stockholm_date(),
            last_day,
        };
    }
}

/// Assumption (DOMAIN.md): met when the share treated within the maximum lead time is above
/// the baseline share, or at least the goal. Both compared exactly by cross-multiplication. A
/// period without patients has no share: the rules say what it counts as
/// ([`ZeroPatients`]).
fn lead_time_verdict(
    c: &mut Condition,
    counts: Option<(u32, u32)>,
    baseline: Option<Baseline>,
    rules: &Rules,
) {
    let Some((patients, within)) = counts else {
        return;
    };
    if patients == 0 {
        c.met = Some(rules.zero_patients() == ZeroPatients::NotApplicable);
        c.figures = Figures::NoPatients;
        return;
    }
    let goal = rules.lead_time_goal_percent();
    let reaches_goal = 100 * u64::from(within) >= u64::from(goal) * u64::from(patients);
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
}
