//! The checks of a report that need more than one value, made once it has been read.

use super::{BySex, Head, Inclusion, JsonPath, LeadTime, Period, Reason, Step};
use crate::json::Faults;

/// The checks that need more than one value: impossible counts, a reversed period, an SVF
/// given twice. Never inlined: its list of errors (kilobytes) then takes stack only while it
/// runs, not in every frame that reads a report.
#[inline(never)]
pub(super) fn check(report: &Head, entries: &[LeadTime], errors: &mut dyn Faults) {
    {
        // A full list keeps the first found.
        let mut add = |path: JsonPath, reason| {
            let _ = errors.add(&path, reason);
        };
        if let Some(Inclusion {
            new_cases: Some(new_cases),
            in_svf: Some(in_svf),
            ..
        }) = report.inclusion
            && in_svf > new_cases
        {
            add(
                JsonPath::of(&["inclusion", "in_svf"]),
                Reason::InSvfAboveNewCases { in_svf, new_cases },
            );
        }
        if let Some(inclusion) = report.inclusion {
            let all = (inclusion.new_cases, inclusion.in_svf);
            sex_errors(
                &mut add,
                &JsonPath::of(&["inclusion"]),
                inclusion.by_sex,
                all,
                ["new_cases", "in_svf"],
            );
        }
        if let Some(Period {
            from: Some(from),
            to: Some(to),
        }) = report.period
            && from > to
        {
            add(JsonPath::of(&["period"]), Reason::PeriodReversed);
        }
        for (index, entry) in entries.iter().enumerate() {
            let at = |field| {
                let mut path = JsonPath::of(&["lead_times"]);
                path.push(Step::Index(u16::try_from(index).unwrap_or(u16::MAX)));
                if let Some(field) = field {
                    path.push(Step::Field(field));
                }
                path
            };
            if let (Some(patients), Some(within)) = (entry.patients(), entry.within_target())
                && within > patients
            {
                add(
                    at(Some("within_target")),
                    Reason::WithinAbovePatients { within, patients },
                );
            }
            if let (Some(patients), Some(within)) =
                (entry.baseline_patients(), entry.baseline_within_target())
                && within > patients
            {
                add(
                    at(Some("baseline_within_target")),
                    Reason::WithinAbovePatients { within, patients },
                );
            }
            let all = (entry.patients(), entry.within_target());
            sex_errors(
                &mut add,
                &at(None),
                entry.by_sex(),
                all,
                ["patients", "within_target"],
            );
            if let Some(svf) = &entry.svf
                && let Some(first) = entries[..index]
                    .iter()
                    .position(|e| e.svf.as_ref() == Some(svf))
            {
                add(
                    at(Some("svf")),
                    Reason::DuplicateSvf {
                        first: u16::try_from(first).unwrap_or(u16::MAX),
                    },
                );
            }
        }
    }
}

/// What is impossible in figures by sex under `at`, each given to `add`: a sex's part above
/// its whole, or either above the same figure for all patients (`all`, where given). `names`
/// are the whole's and the part's keys.
fn sex_errors(
    add: &mut impl FnMut(JsonPath, Reason),
    at: &JsonPath,
    by_sex: Option<BySex>,
    all: (Option<u32>, Option<u32>),
    names: [&'static str; 2],
) {
    let Some(by_sex) = by_sex else {
        return;
    };
    for (sex, counts) in [("women", by_sex.women), ("men", by_sex.men)] {
        let Some(counts) = counts else { continue };
        let path = |name| {
            let mut path = at.clone();
            for step in ["by_sex", sex, name] {
                path.push(Step::Field(step));
            }
            path
        };
        if counts.part > counts.whole {
            let reason = if names[0] == "new_cases" {
                Reason::InSvfAboveNewCases {
                    in_svf: counts.part,
                    new_cases: counts.whole,
                }
            } else {
                Reason::WithinAbovePatients {
                    within: counts.part,
                    patients: counts.whole,
                }
            };
            add(path(names[1]), reason);
        }
        for (name, part, all) in [
            (names[0], counts.whole, all.0),
            (names[1], counts.part, all.1),
        ] {
            if let Some(all) = all
                && part > all
            {
                add(path(name), Reason::SexAboveAll { part, all });
            }
        }
    }
}
