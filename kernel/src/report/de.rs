//! The seeds and visitors that read a report's JSON into its types, refusing what the schema
//! does not allow as they go.

use core::fmt;

use heapless::Vec;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{
    Apart, BySex, Count as LeadCount, Head, Inclusion, LeadTime, MAX_LEAD_TIMES, MAX_NAME_CHARS,
    MAX_NARRATIVE_CHARS, MAX_SVF_ID, Narrative, Period, Prem, Reason, Section, SexCounts, Step,
};
use crate::json::Phrase;
use crate::json::{Count, Flag, Keys, Trail, YearNumber, field, object_seed, parse_date, text};
use crate::region::{Region, Year};
use crate::vocabulary::DiagnosisId;

/// Reads the report into the one it is given, its lead times into `entries`.
pub(super) struct ReportSeed<'t, 'f> {
    pub(super) trail: &'t mut Trail<'f>,
    pub(super) report: &'t mut Head,
    pub(super) entries: &'t mut Vec<LeadTime, MAX_LEAD_TIMES>,
}

impl<'de> DeserializeSeed<'de> for ReportSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.trail.expected =
            const { &Phrase::new("an object (the report)", "ett objekt (redovisningen)") };
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ReportSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object (the report)")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        visit_report(self.trail, self.report, self.entries, map)
    }
}
object_seed!(PeriodSeed -> Period, "an object with from and to", "ett objekt med from och to", visit_period);
object_seed!(InclusionSeed -> Inclusion, "an object with new_cases and in_svf", "ett objekt med new_cases och in_svf", visit_inclusion);
object_seed!(InclusionBySexSeed -> BySex, "an object with women and men", "ett objekt med women och men", visit_inclusion_by_sex);
object_seed!(LeadTimeBySexSeed -> BySex, "an object with women and men", "ett objekt med women och men", visit_lead_time_by_sex);
object_seed!(CasesSeed -> SexCounts, "an object with new_cases and in_svf", "ett objekt med new_cases och in_svf", visit_cases);
object_seed!(PatientsSeed -> SexCounts, "an object with patients and within_target", "ett objekt med patients och within_target", visit_patients);
object_seed!(PremSeed -> Prem, "an object with used", "ett objekt med used", visit_prem);
object_seed!(LeadTimeSeed -> LeadTime, "an object with svf, patients and within_target", "ett objekt med svf, patients och within_target", visit_lead_time);
object_seed!(NarrativeSeed -> Narrative, "an object of narrative texts", "ett objekt med beskrivande texter", visit_narrative);

const REPORT_FIELDS: &[&str] = &[
    "schema",
    "agreement_year",
    "region_code",
    "region_name",
    "period",
    "inclusion",
    "prem",
    "lead_times",
    "narrative",
];

// Never inlined into the reader, nor are the readers of its objects (`#[inline(never)]` on
// each): inlined, their frames merged into one on the lead times' path, the deepest
// (measured on the Cortex-M3: 360 B more stack; docs/KERNEL.md).
#[inline(never)]
fn visit_report<'de, A: MapAccess<'de>>(
    trail: &mut Trail,
    report: &mut Head,
    entries: &mut Vec<LeadTime, MAX_LEAD_TIMES>,
    mut map: A,
) -> Result<(), A::Error> {
    let mut keys = Keys::new(trail, REPORT_FIELDS);
    let mut year = None;
    let mut region = None;
    while let Some(index) = keys.next(&mut map)? {
        let trail = &mut *keys.trail;
        match REPORT_FIELDS[index] {
            "schema" => field!(map, trail, text::<16>(trail, 64), |trail, schema| {
                if schema.complete && schema.text == "svf-report/1" {
                    Ok(())
                } else {
                    Err(trail.fail(Reason::WrongSchema("svf-report/1")))
                }
            }),
            "agreement_year" => {
                year = Some(field!(map, trail, YearNumber(trail), |trail, number| {
                    Year::from_number(number).ok_or_else(|| trail.fail(Reason::UnknownYear))
                }));
                trail.year = year;
            }
            "region_code" => {
                region = Some(field!(map, trail, text::<8>(trail, 8), |trail, code| {
                    Region::from_code(&code.text)
                        .filter(|_| code.complete)
                        .ok_or_else(|| trail.fail(Reason::UnknownRegion))
                }));
                trail.region = region;
            }
            "region_name" => region_name(trail, &mut map, report)?,
            "period" => report.period = Some(field!(map, trail, PeriodSeed(trail))),
            "inclusion" => report.inclusion = Some(field!(map, trail, InclusionSeed(trail))),
            "prem" => report.prem = Some(field!(map, trail, PremSeed(trail))),
            "lead_times" => {
                report.lead_times = Some(Apart);
                field!(map, trail, LeadTimesSeed { trail, entries });
            }
            _ => report.narrative = field!(map, trail, NarrativeSeed(trail)),
        }
    }
    let (Some(year), Some(region)) = (year, region) else {
        let absent = if !keys.has(0) {
            "schema"
        } else if year.is_none() {
            "agreement_year"
        } else {
            "region_code"
        };
        return Err(keys.trail.fail_below(absent, Reason::Required));
    };
    if !keys.has(0) {
        return Err(keys.trail.fail_below("schema", Reason::Required));
    }
    report.year = year;
    report.region = region;
    Ok(())
}

/// Reads the region's name into the report. Never inlined: the name's decoding buffer (a
/// quarter kilobyte) is then on the stack only while the name is read, not while the lead
/// times are, deeper down.
#[inline(never)]
fn region_name<'de, A: MapAccess<'de>>(
    trail: &mut Trail,
    map: &mut A,
    report: &mut Head,
) -> Result<(), A::Error> {
    let name = field!(
        map,
        trail,
        text::<{ 4 * MAX_NAME_CHARS }>(trail, MAX_NAME_CHARS)
    );
    report.region_name = Some(name.text);
    Ok(())
}

#[inline(never)]
fn visit_period<'de, A: MapAccess<'de>>(trail: &mut Trail, mut map: A) -> Result<Period, A::Error> {
    const FIELDS: &[&str] = &["from", "to"];
    let mut keys = Keys::new(trail, FIELDS);
    let mut period = Period::default();
    while let Some(index) = keys.next(&mut map)? {
        let trail = &mut *keys.trail;
        let date = field!(map, trail, text::<16>(trail, 16), |trail, date| {
            parse_date(&date.text).ok_or_else(|| trail.fail(Reason::BadDate))
        });
        if index == 0 {
            period.from = Some(date);
        } else {
            period.to = Some(date);
        }
    }
    Ok(period)
}

#[inline(never)]
fn visit_inclusion<'de, A: MapAccess<'de>>(
    trail: &mut Trail,
    mut map: A,
) -> Result<Inclusion, A::Error> {
    const FIELDS: &[&str] = &["new_cases", "in_svf", "by_sex"];
    let mut keys = Keys::new(trail, FIELDS);
    let mut inclusion = Inclusion::default();
    while let Some(index) = keys.next(&mut map)? {
        let trail = &mut *keys.trail;
        if index == 2 {
            inclusion.by_sex = Some(field!(map, trail, InclusionBySexSeed(trail)));
            continue;
        }
        let count = Some(field!(map, trail, Count(trail)));
        if index == 0 {
            inclusion.new_cases = count;
        } else {
            inclusion.in_svf = count;
        }
    }
    Ok(inclusion)
}

fn visit_inclusion_by_sex<'de, A: MapAccess<'de>>(
    trail: &mut Trail,
    map: A,
) -> Result<BySex, A::Error> {
    visit_by_sex(trail, map, true)
}

fn visit_lead_time_by_sex<'de, A: MapAccess<'de>>(
    trail: &mut Trail,
    map: A,
) -> Result<BySex, A::Error> {
    visit_by_sex(trail, map, false)
}

/// `{"women": {…}, "men": {…}}`: new cases and in SVF when `cases`, else patients and within
/// the target.
fn visit_by_sex<'de, A: MapAccess<'de>>(
    trail: &mut Trail,
    mut map: A,
    cases: bool,
) -> Result<BySex, A::Error> {
    const FIELDS: &[&str] = &["women", "men"];
    let mut keys = Keys::new(trail, FIELDS);
    let mut by_sex = BySex::default();
    while let Some(index) = keys.next(&mut map)? {
        let trail = &mut *keys.trail;
        let read = Some(if cases {
            field!(map, trail, CasesSeed(trail))
        } else {
            field!(map, trail, PatientsSeed(trail))
        });
        if index == 0 {
            by_sex.women = read;
        } else {
            by_sex.men = read;
        }
    }
    Ok(by_sex)
}

fn visit_cases<'de, A: MapAccess<'de>>(trail: &mut Trail, map: A) -> Result<SexCounts, A::Error> {
    visit_counts(trail, map, &["new_cases", "in_svf"])
}

fn visit_patients<'de, A: MapAccess<'de>>(
    trail: &mut Trail,
    map: A,
) -> Result<SexCounts, A::Error> {
    visit_counts(trail, map, &["patients", "within_target"])
}

/// A whole and its part, both required.
fn visit_counts<'de, A: MapAccess<'de>>(
    trail: &mut Trail,
    mut map: A,
    fields: &'static [&'static str],
) -> Result<SexCounts, A::Error> {
    let mut keys = Keys::new(trail, fields);
    let mut counts = SexCounts::default();
    while let Some(index) = keys.next(&mut map)? {
        let trail = &mut *keys.trail;
        let count = field!(map, trail, Count(trail));
        if index == 0 {
            counts.whole = count;
        } else {
            counts.part = count;
        }
    }
    if let Some(absent) = (0..fields.len()).find(|&i| !keys.has(i)) {
        return Err(keys.trail.fail_below(fields[absent], Reason::Required));
    }
    Ok(counts)
}

#[inline(never)]
fn visit_prem<'de, A: MapAccess<'de>>(trail: &mut Trail, mut map: A) -> Result<Prem, A::Error> {
    const FIELDS: &[&str] = &["used"];
    let mut keys = Keys::new(trail, FIELDS);
    let mut prem = Prem::default();
    while keys.next(&mut map)?.is_some() {
        let trail = &mut *keys.trail;
        prem.used = Some(field!(map, trail, Flag(trail)));
    }
    Ok(prem)
}

#[inline(never)]
fn visit_lead_time<'de, A: MapAccess<'de>>(
    trail: &mut Trail,
    mut map: A,
) -> Result<LeadTime, A::Error> {
    const FIELDS: &[&str] = &[
        "svf",
        "patients",
        "within_target",
        "baseline_patients",
        "baseline_within_target",
        "by_sex",
        "reason",
    ];
    let mut keys = Keys::new(trail, FIELDS);
    let mut entry = LeadTime::default();
    while let Some(index) = keys.next(&mut map)? {
        if index == 5 {
            let trail = &mut *keys.trail;
            entry.set_by_sex(field!(map, trail, LeadTimeBySexSeed(trail)));
            continue;
        }
        if index == 6 {
            // Nothing of the text is kept: only whether it says something.
            let trail = &mut *keys.trail;
            let text = field!(map, trail, text::<0>(trail, MAX_NARRATIVE_CHARS));
            entry.set_reason(if text.written {
                Section::Written
            } else {
                Section::Blank
            });
            continue;
        }
        if index == 0 {
            let trail = &mut *keys.trail;
            entry.set_svf(field!(
                map,
                trail,
                text::<MAX_SVF_ID>(trail, MAX_SVF_ID),
                |trail, id| {
                    // The schema's pattern `^[a-z0-9_]{1,32}$` is a diagnosis id's.
                    id.complete
                        .then(|| DiagnosisId::new(&id.text))
                        .flatten()
                        .ok_or_else(|| trail.fail(Reason::SvfPattern))
                }
            ));
            continue;
        }
        let trail = &mut *keys.trail;
        let count = field!(map, trail, Count(trail));
        let which = match index {
            1 => LeadCount::Patients,
            2 => LeadCount::WithinTarget,
            3 => LeadCount::BaselinePatients,
            _ => LeadCount::BaselineWithinTarget,
        };
        entry.set_count(which, count);
    }
    Ok(entry)
}

#[inline(never)]
fn visit_narrative<'de, A: MapAccess<'de>>(
    trail: &mut Trail,
    mut map: A,
) -> Result<Narrative, A::Error> {
    const FIELDS: &[&str] = &[
        "lead_times",
        "prem_use",
        "longest_waits",
        "urology",
        "mpn_action_plan",
        "colorectal",
        "myeloma",
    ];
    let mut keys = Keys::new(trail, FIELDS);
    let mut narrative = Narrative::default();
    while let Some(index) = keys.next(&mut map)? {
        // Nothing of the text is kept: the rules ask only whether it is there.
        let trail = &mut *keys.trail;
        let text = field!(map, trail, text::<0>(trail, MAX_NARRATIVE_CHARS));
        let section = if text.written {
            Section::Written
        } else {
            Section::Blank
        };
        let slot = match index {
            0 => &mut narrative.lead_times,
            1 => &mut narrative.prem_use,
            2 => &mut narrative.longest_waits,
            3 => &mut narrative.urology,
            4 => &mut narrative.mpn_action_plan,
            5 => &mut narrative.colorectal,
            _ => &mut narrative.myeloma,
        };
        *slot = section;
    }
    Ok(narrative)
}

/// The `lead_times` array, read into the vector it is given.
struct LeadTimesSeed<'t, 'f> {
    trail: &'t mut Trail<'f>,
    entries: &'t mut Vec<LeadTime, MAX_LEAD_TIMES>,
}

impl<'de> DeserializeSeed<'de> for LeadTimesSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.trail.expected = const {
            &Phrase::new(
                "an array of lead-time objects",
                "en lista med ledtidsposter",
            )
        };
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for LeadTimesSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of lead-time objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (trail, entries) = (self.trail, self.entries);
        for index in 0..=u16::MAX {
            trail.path.push(Step::Index(index));
            if trail.skips() {
                // An entry an earlier reading refused as a whole: passed over, the next read.
                let passed = seq.next_element::<IgnoredAny>()?;
                trail.path.pop();
                if passed.is_none() {
                    return Ok(());
                }
                continue;
            }
            let Some(entry) = seq.next_element_seed(LeadTimeSeed(&mut *trail))? else {
                trail.path.pop();
                return Ok(());
            };
            if entries.push(entry).is_err() {
                return Err(trail.fail(Reason::TooMany {
                    max: MAX_LEAD_TIMES,
                }));
            }
            trail.path.pop();
        }
        Ok(())
    }
}
