//! How each condition is decided, and what a report lacks under the year's rules.

use heapless::{String, Vec};

use super::{Baseline, Condition, Figures, MAX_MISSING, Receipt, rate, text};
use crate::report::{LeadTime, Report};
use crate::rules::Rules;
use crate::time::{Date, Instant};
use crate::vocabulary::{
    BaselineField, ConditionId, DiagnosisId, EntryField, Missing, SectionName, SpecialReport,
};

/// What the rules require and the report lacks, as dotted paths.
pub(super) fn missing(report: &Report, rules: &Rules) -> Vec<Missing, MAX_MISSING> {
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

pub(super) fn condition(
    id: ConditionId,
    report: &Report,
    rules: &Rules,
    receipt: Receipt,
) -> Condition {
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
