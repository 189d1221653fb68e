//! The report a region uploads (`svf-report/1`), read from bytes with `serde-json-core` into
//! fixed-capacity types.
//!
//! Every rule of the schema is enforced. What is present but wrong (a wrong type, an unknown or
//! duplicate key, an impossible count, an over-long text) rejects the report with the JSON path
//! and the reason. What is absent is not an error: a year's rules may require it, and the
//! assessment then lists it as *missing*. Only `schema`, `agreement_year` and `region_code` must
//! be there, since without them there are no rules to assess by.
//!
//! The parser keeps nothing on a heap and never recurses deeper than the schema (an unknown
//! key is refused before its value is read), so hostile nesting costs nothing.

use core::fmt;

use heapless::{String, Vec};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json_core::de::Deserializer;

use crate::json::{
    Count, Flag, Keys, Trail, YearNumber, field, object_seed, one, parse_date, text,
};
pub use crate::json::{JsonPath, PathError, PathErrors, Reason, Rejection, Step};
use crate::region::{Region, Year};
use crate::time::Date;
use crate::vocabulary::SectionName;

/// The largest report accepted, in bytes (contract §4).
pub const MAX_REPORT_BYTES: usize = 1 << 20;
/// The most lead-time entries a report may hold (the schema's `maxItems`).
pub const MAX_LEAD_TIMES: usize = 40;
/// The longest region name, in characters (the schema's `maxLength`).
pub const MAX_NAME_CHARS: usize = 64;
/// The longest narrative section, in characters. The schema sets no limit; this one is ours,
/// about 30 pages of text, so that a report is bounded in what it costs to read.
pub const MAX_NARRATIVE_CHARS: usize = 100_000;
/// The longest SVF identifier (the schema's pattern `^[a-z0-9_]{1,32}$`).
pub const MAX_SVF_ID: usize = 32;

/// A report that passed every rule of the schema.
///
/// Invariant: every count pair is possible (`in_svf ≤ new_cases`, `within_target ≤ patients`,
/// the same for the baseline), the period runs forwards, and no SVF appears twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The agreement year whose rules apply.
    pub year: Year,
    /// The reporting region.
    pub region: Region,
    /// The name the region gave itself, if any (at most [`MAX_NAME_CHARS`] characters).
    pub region_name: Option<String<{ 4 * MAX_NAME_CHARS }>>,
    /// The measured period.
    pub period: Option<Period>,
    /// The inclusion counts.
    pub inclusion: Option<Inclusion>,
    /// The PREM answer.
    pub prem: Option<Prem>,
    /// Lead-time fulfilment per SVF, in the order given; `None` when the key is absent.
    pub lead_times: Option<Vec<LeadTime, MAX_LEAD_TIMES>>,
    /// The narrative sections.
    pub narrative: Narrative,
}

/// The measured period; either end may be absent (then it is missing).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub from: Option<Date>,
    /// Last day.
    pub to: Option<Date>,
}

/// New cancer cases in the covered diagnoses, and how many were investigated within an SVF.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Inclusion {
    /// New cases.
    pub new_cases: Option<u32>,
    /// Of them, in an SVF.
    pub in_svf: Option<u32>,
    /// The same for women and men, where given (`whole` new cases, `part` in SVF).
    pub by_sex: Option<BySex>,
}

/// A count and how many of it met the mark, for one sex: new cases and those in SVF, or
/// patients and those treated within the maximum lead time.
///
/// Invariant (of a report that passed): `part ≤ whole`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SexCounts {
    /// New cases, or patients.
    pub whole: u32,
    /// In SVF, or within the maximum lead time.
    pub part: u32,
}

/// Figures by sex (`by_sex`), each optional; they need not add up to all patients (sex not
/// recorded) but never exceed them. They never decide a part (contract §4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BySex {
    /// Women (*kvinnor*).
    pub women: Option<SexCounts>,
    /// Men (*män*).
    pub men: Option<SexCounts>,
}

/// Whether the region sends out and uses the PREM survey.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prem {
    /// The answer.
    pub used: Option<bool>,
}

/// Lead-time fulfilment of one SVF.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeadTime {
    /// The SVF, e.g. `breast`.
    pub svf: Option<String<MAX_SVF_ID>>,
    /// Patients who started first treatment in the period.
    pub patients: Option<u32>,
    /// Of them, within the SVF's maximum lead time.
    pub within_target: Option<u32>,
    /// The same for the reference period.
    pub baseline_patients: Option<u32>,
    /// Of them, within the maximum lead time.
    pub baseline_within_target: Option<u32>,
    /// The period's figures for women and men, where given.
    pub by_sex: Option<BySex>,
    /// Why the goal is not met and what is done about it (asked for where it is missed).
    pub reason: Section,
}

/// A narrative section: absent, present but blank, or written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Section {
    /// The key is not there.
    #[default]
    Absent,
    /// Only whitespace: counts as absent for the rules.
    Blank,
    /// Text with something in it.
    Written,
}

impl Section {
    /// Whether the section holds non-whitespace text.
    pub fn is_written(self) -> bool {
        self == Section::Written
    }
}

/// The free-text sections of a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Narrative {
    /// Lead-time situation and improvement work.
    pub lead_times: Section,
    /// How PREM results are used.
    pub prem_use: Section,
    /// Patients furthest from the goal (2024).
    pub longest_waits: Section,
    /// Access in urology (2024).
    pub urology: Section,
    /// Action plan for the MPN SVF (2022).
    pub mpn_action_plan: Section,
    /// Special report on colorectal cancer (2026).
    pub colorectal: Section,
    /// Special report on myeloma (2026).
    pub myeloma: Section,
}

impl Narrative {
    /// The section `name`.
    pub fn section(&self, name: SectionName) -> Section {
        match name {
            SectionName::LeadTimes => self.lead_times,
            SectionName::PremUse => self.prem_use,
            SectionName::LongestWaits => self.longest_waits,
            SectionName::Urology => self.urology,
            SectionName::MpnActionPlan => self.mpn_action_plan,
            SectionName::Colorectal => self.colorectal,
            SectionName::Myeloma => self.myeloma,
        }
    }
}

/// Where a report is wrong, and why.
pub type ReportError = PathError;

/// All the errors of one report, the first parse error or every impossible value.
pub type ReportErrors = PathErrors;

// ---------------------------------------------------------------------------------------------
// Parsing

impl Report {
    /// Reads a report from the bytes of its file. A UTF-8 byte-order mark is ignored.
    ///
    /// # Errors
    /// The [`Rejection`]: the first error that stopped the reading, or every impossible value
    /// of an otherwise readable report (at most 8).
    // The errors are returned by value, as there is no heap to box them on.
    #[allow(clippy::result_large_err)]
    pub fn parse(bytes: &[u8]) -> Result<Report, Rejection> {
        let root = |reason| Rejection {
            year: None,
            region: None,
            errors: one(ReportError {
                path: JsonPath::default(),
                reason,
            }),
        };
        if bytes.len() > MAX_REPORT_BYTES {
            return Err(root(Reason::TooLarge {
                bytes: bytes.len(),
                max: MAX_REPORT_BYTES,
            }));
        }
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let mut trail = Trail::default();
        // No unescape buffer: strings arrive raw and are decoded here, so any length works.
        let mut deserializer = Deserializer::new(bytes, None);
        // Filled in place: a report is kilobytes, not worth moving through every visitor.
        let mut report = Report {
            year: Year::Y2024,
            region: Region::ALL[0],
            region_name: None,
            period: None,
            inclusion: None,
            prem: None,
            lead_times: None,
            narrative: Narrative::default(),
        };
        let parsed = ReportSeed {
            trail: &mut trail,
            report: &mut report,
        }
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
        match parsed {
            Ok(_) => {
                let errors = check(&report);
                if errors.is_empty() {
                    Ok(report)
                } else {
                    Err(Rejection {
                        year: Some(report.year),
                        region: Some(report.region),
                        errors,
                    })
                }
            }
            Err(error) => {
                // UTF-8 is checked only on failure: the reader checks every string itself,
                // and text outside strings that is not UTF-8 cannot be JSON; this names the byte.
                if let Err(e) = core::str::from_utf8(bytes) {
                    return Err(root(Reason::NotUtf8 {
                        offset: e.valid_up_to(),
                    }));
                }
                let (year, region) = (trail.year, trail.region);
                Err(Rejection {
                    year,
                    region,
                    errors: one(trail.into_error(error, bytes)),
                })
            }
        }
    }
}

/// The checks that need more than one value: impossible counts, a reversed period, an SVF
/// given twice.
fn check(report: &Report) -> ReportErrors {
    {
        let mut errors = ReportErrors::new();
        let mut add = |path: JsonPath, reason| {
            let _ = errors.push(ReportError { path, reason });
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
            for (path, reason) in sex_errors(
                &JsonPath::of(&["inclusion"]),
                inclusion.by_sex,
                all,
                ["new_cases", "in_svf"],
            ) {
                add(path, reason);
            }
        }
        if let Some(Period {
            from: Some(from),
            to: Some(to),
        }) = report.period
            && from > to
        {
            add(JsonPath::of(&["period"]), Reason::PeriodReversed);
        }
        for (index, entry) in report.lead_times.iter().flatten().enumerate() {
            let at = |field| {
                let mut path = JsonPath::of(&["lead_times"]);
                path.push(Step::Index(u16::try_from(index).unwrap_or(u16::MAX)));
                if let Some(field) = field {
                    path.push(Step::Field(field));
                }
                path
            };
            if let (Some(patients), Some(within)) = (entry.patients, entry.within_target)
                && within > patients
            {
                add(
                    at(Some("within_target")),
                    Reason::WithinAbovePatients { within, patients },
                );
            }
            if let (Some(patients), Some(within)) =
                (entry.baseline_patients, entry.baseline_within_target)
                && within > patients
            {
                add(
                    at(Some("baseline_within_target")),
                    Reason::WithinAbovePatients { within, patients },
                );
            }
            let all = (entry.patients, entry.within_target);
            for (path, reason) in
                sex_errors(&at(None), entry.by_sex, all, ["patients", "within_target"])
            {
                add(path, reason);
            }
            let lead_times = report.lead_times.as_deref().unwrap_or_default();
            if let Some(svf) = &entry.svf
                && let Some(first) = lead_times[..index]
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
        errors
    }
}

/// What is impossible in figures by sex under `at`: a sex's part above its whole, or either
/// above the same figure for all patients (`all`, where given). `names` are the whole's and the
/// part's keys.
fn sex_errors(
    at: &JsonPath,
    by_sex: Option<BySex>,
    all: (Option<u32>, Option<u32>),
    names: [&'static str; 2],
) -> Vec<(JsonPath, Reason), 6> {
    let mut errors = Vec::new();
    let Some(by_sex) = by_sex else {
        return errors;
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
            let _ = errors.push((path(names[1]), reason));
        }
        for (name, part, all) in [
            (names[0], counts.whole, all.0),
            (names[1], counts.part, all.1),
        ] {
            if let Some(all) = all
                && part > all
            {
                let _ = errors.push((path(name), Reason::SexAboveAll { part, all }));
            }
        }
    }
    errors
}

/// Reads the report into the one it is given.
struct ReportSeed<'t> {
    trail: &'t mut Trail,
    report: &'t mut Report,
}

impl<'de> DeserializeSeed<'de> for ReportSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.trail.expected = "an object (the report)";
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ReportSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object (the report)")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        visit_report(self.trail, self.report, map)
    }
}
object_seed!(PeriodSeed -> Period, "an object with from and to", visit_period);
object_seed!(InclusionSeed -> Inclusion, "an object with new_cases and in_svf", visit_inclusion);
object_seed!(InclusionBySexSeed -> BySex, "an object with women and men", visit_inclusion_by_sex);
object_seed!(LeadTimeBySexSeed -> BySex, "an object with women and men", visit_lead_time_by_sex);
object_seed!(CasesSeed -> SexCounts, "an object with new_cases and in_svf", visit_cases);
object_seed!(PatientsSeed -> SexCounts, "an object with patients and within_target", visit_patients);
object_seed!(PremSeed -> Prem, "an object with used", visit_prem);
object_seed!(LeadTimeSeed -> LeadTime, "an object with svf, patients and within_target", visit_lead_time);
object_seed!(NarrativeSeed -> Narrative, "an object of narrative texts", visit_narrative);

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

fn visit_report<'de, A: MapAccess<'de>>(
    trail: &mut Trail,
    report: &mut Report,
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
            "region_name" => {
                let name = field!(
                    map,
                    trail,
                    text::<{ 4 * MAX_NAME_CHARS }>(trail, MAX_NAME_CHARS)
                );
                report.region_name = Some(name.text);
            }
            "period" => report.period = Some(field!(map, trail, PeriodSeed(trail))),
            "inclusion" => report.inclusion = Some(field!(map, trail, InclusionSeed(trail))),
            "prem" => report.prem = Some(field!(map, trail, PremSeed(trail))),
            "lead_times" => {
                let entries = report.lead_times.insert(Vec::new());
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
        return Err(keys
            .trail
            .fail_at(JsonPath::of(&[absent]), Reason::Required));
    };
    if !keys.has(0) {
        return Err(keys
            .trail
            .fail_at(JsonPath::of(&["schema"]), Reason::Required));
    }
    report.year = year;
    report.region = region;
    Ok(())
}

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
        let mut path = keys.trail.path.clone();
        path.push(Step::Field(fields[absent]));
        return Err(keys.trail.fail_at(path, Reason::Required));
    }
    Ok(counts)
}

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
            entry.by_sex = Some(field!(map, trail, LeadTimeBySexSeed(trail)));
            continue;
        }
        if index == 6 {
            // Nothing of the text is kept: only whether it says something.
            let trail = &mut *keys.trail;
            let text = field!(map, trail, text::<0>(trail, MAX_NARRATIVE_CHARS));
            entry.reason = if text.written {
                Section::Written
            } else {
                Section::Blank
            };
            continue;
        }
        if index == 0 {
            let trail = &mut *keys.trail;
            entry.svf = Some(field!(
                map,
                trail,
                text::<MAX_SVF_ID>(trail, MAX_SVF_ID),
                |trail, id| {
                    let valid = id.complete
                        && !id.text.is_empty()
                        && id
                            .text
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
                    if valid {
                        Ok(id.text)
                    } else {
                        Err(trail.fail(Reason::SvfPattern))
                    }
                }
            ));
            continue;
        }
        let trail = &mut *keys.trail;
        let count = Some(field!(map, trail, Count(trail)));
        match index {
            1 => entry.patients = count,
            2 => entry.within_target = count,
            3 => entry.baseline_patients = count,
            _ => entry.baseline_within_target = count,
        }
    }
    Ok(entry)
}

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
struct LeadTimesSeed<'t> {
    trail: &'t mut Trail,
    entries: &'t mut Vec<LeadTime, MAX_LEAD_TIMES>,
}

impl<'de> DeserializeSeed<'de> for LeadTimesSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.trail.expected = "an array of lead-time objects";
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for LeadTimesSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of lead-time objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (trail, entries) = (self.trail, self.entries);
        loop {
            let index = u16::try_from(entries.len()).unwrap_or(u16::MAX);
            trail.path.push(Step::Index(index));
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
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::prelude::rust_2024::*;
    use std::string::ToString;

    fn rejected(json: &str) -> std::string::String {
        let rejection = Report::parse(json.as_bytes()).expect_err("the report should be rejected");
        rejection
            .errors
            .iter()
            .map(ToString::to_string)
            .collect::<std::vec::Vec<_>>()
            .join("; ")
    }

    const HEAD: &str = r#""schema": "svf-report/1", "agreement_year": 2024, "region_code": "01""#;

    fn with(body: &str) -> std::string::String {
        std::format!("{{{HEAD}{body}}}")
    }

    #[test]
    fn the_shared_examples_parse() {
        let stockholm =
            Report::parse(include_bytes!("../../spec/examples/2024-01-stockholm.json")).unwrap();
        assert_eq!(stockholm.region.code(), "01");
        assert_eq!(
            stockholm.inclusion,
            Some(Inclusion {
                new_cases: Some(7412),
                in_svf: Some(6009),
                by_sex: None,
            })
        );
        assert_eq!(stockholm.lead_times.as_ref().map(|l| l.len()), Some(2));
        assert!(stockholm.narrative.urology.is_written());
        assert_eq!(stockholm.region_name.as_deref(), Some("Stockholm"));
        let halland = Report::parse(include_bytes!(
            "../../spec/examples/2024-13-halland-incomplete.json"
        ))
        .unwrap();
        assert_eq!(halland.prem, None);
        assert_eq!(halland.narrative.prem_use, Section::Absent);
        for bytes in [
            &include_bytes!("../../spec/examples/2022-03-uppsala.json")[..],
            include_bytes!("../../spec/examples/2024-25-norrbotten-below-inclusion.json"),
            include_bytes!("../../spec/examples/2026-14-vastra-gotaland.json"),
        ] {
            Report::parse(bytes).unwrap();
        }
    }

    #[test]
    fn figures_by_sex_and_reasons_are_read_and_checked() {
        let report = Report::parse(
            with(
                r#", "inclusion": {"new_cases": 100, "in_svf": 80, "by_sex": {"women": {"new_cases": 55, "in_svf": 47}, "men": {"new_cases": 44, "in_svf": 33}}},
                "lead_times": [{"svf": "breast", "patients": 50, "within_target": 30, "reason": "Brist p\u00e5 radiologer",
                  "by_sex": {"women": {"patients": 49, "within_target": 30}}}]"#,
            )
            .as_bytes(),
        )
        .unwrap();
        let by_sex = report.inclusion.unwrap().by_sex.unwrap();
        assert_eq!(
            by_sex.women,
            Some(SexCounts {
                whole: 55,
                part: 47
            })
        );
        assert_eq!(
            by_sex.men,
            Some(SexCounts {
                whole: 44,
                part: 33
            })
        );
        let entry = &report.lead_times.as_ref().unwrap()[0];
        assert_eq!(entry.reason, Section::Written);
        assert_eq!(entry.by_sex.unwrap().men, None);
        for (body, expected) in [
            (
                r#", "inclusion": {"new_cases": 100, "in_svf": 80, "by_sex": {"women": {"new_cases": 10, "in_svf": 11}}}"#,
                "inclusion.by_sex.women.in_svf: in_svf (11) exceeds new_cases (10)",
            ),
            (
                r#", "inclusion": {"new_cases": 100, "in_svf": 80, "by_sex": {"men": {"new_cases": 101, "in_svf": 1}}}"#,
                "inclusion.by_sex.men.new_cases: 101 for one sex exceeds 100 for all patients",
            ),
            (
                r#", "inclusion": {"new_cases": 100, "in_svf": 80, "by_sex": {"men": {"new_cases": 90, "in_svf": 81}}}"#,
                "inclusion.by_sex.men.in_svf: 81 for one sex exceeds 80 for all patients",
            ),
            (
                r#", "lead_times": [{"svf": "colon", "patients": 9, "within_target": 8, "by_sex": {"women": {"patients": 5, "within_target": 6}}}]"#,
                "lead_times[0].by_sex.women.within_target: 6 within the target exceeds 5 patients",
            ),
            (
                r#", "inclusion": {"by_sex": {"women": {"new_cases": 10}}}"#,
                "inclusion.by_sex.women.in_svf: is required",
            ),
            (
                r#", "inclusion": {"by_sex": {"other": {}}}"#,
                "inclusion.by_sex.other: the schema has no such field",
            ),
            (
                r#", "lead_times": [{"svf": "colon", "by_sex": {"men": {"patients": 1, "within_target": 0, "x": 1}}}]"#,
                "lead_times[0].by_sex.men.x: the schema has no such field",
            ),
        ] {
            assert!(
                rejected(&with(body)).starts_with(expected),
                "{body}\n→ {}",
                rejected(&with(body))
            );
        }
    }

    #[test]
    fn json_syntax_errors_name_their_line_and_column() {
        let text = "{\n  \"schema\": \"svf-report/1\",\n  \"agreement_year\": 2024\n  \"region_code\": \"01\"\n}";
        assert_eq!(
            rejected(text),
            "not valid JSON: expected ',' or '}' after a value (line 4, column 3)"
        );
        assert_eq!(
            rejected(
                "{\"schema\": \"svf-report/1\", \"agreement_year\": 2024, \"region_code\": \"01\",}"
            ),
            "not valid JSON: a comma before a closing bracket (line 1, column 72)"
        );
    }

    #[test]
    fn numbers_svf_does_not_read_are_named_at_their_own_path() {
        for (number, written) in [
            ("1e3", "with an exponent"),
            ("1000.0", "with a decimal point"),
            ("-0", "as -0"),
            ("01000", "with leading zeros"),
            ("1E+3", "with an exponent"),
        ] {
            let text = with(&std::format!(
                r#", "inclusion": {{"new_cases": {number}, "in_svf": 5}}"#
            ));
            let message = rejected(&text);
            assert!(
                message.starts_with(&std::format!(
                    "inclusion.new_cases: must be a whole number written in plain digits, as 1000; this one is written {written} (line 1, column "
                )),
                "{number}: {message}"
            );
        }
        let text =
            with(r#", "lead_times": [{"svf": "breast", "patients": 10, "within_target": 9.5}]"#);
        assert!(
            rejected(&text).starts_with("lead_times[0].within_target: must be a whole number"),
            "{}",
            rejected(&text)
        );
    }

    #[test]
    fn text_of_only_invisible_characters_is_not_written() {
        for blank in [
            r"\u200b",
            r"\u0000",
            r"\ufeff\u2060\u00ad",
            " \u{200b}\u{feff} ",
            r"\t\n",
        ] {
            let report = Report::parse(
                with(&std::format!(r#", "narrative": {{"urology": "{blank}"}}"#)).as_bytes(),
            )
            .unwrap();
            assert_eq!(report.narrative.urology, Section::Blank, "{blank:?}");
        }
        for written in [".", "x\u{200b}", r"\u00e5", "1"] {
            let report = Report::parse(
                with(&std::format!(
                    r#", "narrative": {{"urology": "{written}"}}"#
                ))
                .as_bytes(),
            )
            .unwrap();
            assert_eq!(report.narrative.urology, Section::Written, "{written:?}");
        }
    }

    #[test]
    fn control_characters_of_a_key_are_never_echoed_raw() {
        let message = rejected(&with(r#", "\u001b[2Jx": 1"#));
        assert_eq!(message, "\\u{1b}[2Jx: the schema has no such field");
    }

    #[test]
    fn escapes_in_text() {
        let report = Report::parse(with(r#", "region_name": "V\u00e4stra \"G\u00f6taland\" \ud83d\ude00", "narrative": {"urology": " \n\t "}"#).as_bytes()).unwrap();
        assert_eq!(
            report.region_name.as_deref(),
            Some("Västra \"Götaland\" 😀")
        );
        assert_eq!(report.narrative.urology, Section::Blank);
        assert!(
            rejected(&with(r#", "region_name": "a\qb""#))
                .contains("region_name: holds an invalid escape")
        );
        assert!(rejected(&with(r#", "region_name": "\ud83d""#)).contains("invalid escape"));
        assert!(rejected(&with(", \"region_name\": \"a\u{1}b\"")).contains("control character"));
    }

    #[test]
    #[allow(clippy::too_many_lines)] // One line per case.
    fn rejections_name_path_and_reason() {
        let cases = [
            ("", "not valid JSON: the text ends too early"),
            ("[]", "expected an object (the report)"),
            ("{\"schema\": \"svf-report/1\"", "not valid JSON"),
            (
                r#"{"schema": "svf-report/2", "agreement_year": 2024, "region_code": "01"}"#,
                "schema: must be \"svf-report/1\"",
            ),
            (
                r#"{"schema": "svf-report/1", "agreement_year": 2027, "region_code": "01"}"#,
                "agreement_year: must be an agreement year from 2022 to 2026",
            ),
            (
                r#"{"schema": "svf-report/1", "agreement_year": 2024, "region_code": "02"}"#,
                "region_code: is not one of the 21",
            ),
            (
                r#"{"schema": "svf-report/1", "agreement_year": 2024}"#,
                "region_code: is required",
            ),
            (
                r#"{"agreement_year": 2024, "region_code": "01"}"#,
                "schema: is required",
            ),
            (
                &with(r#", "colour": 1"#),
                "colour: the schema has no such field",
            ),
            (
                &with(r#", "region_code": "01""#),
                "region_code: the key is given twice",
            ),
            (
                &with(r#", "inclusion": {"new_cases": -1, "in_svf": 0}"#),
                "inclusion.new_cases: expected a whole number",
            ),
            (
                &with(r#", "inclusion": {"new_cases": 4294967296}"#),
                "inclusion.new_cases: expected a whole number",
            ),
            (
                &with(r#", "inclusion": {"new_cases": "7"}"#),
                "inclusion.new_cases: expected a whole number",
            ),
            (
                &with(r#", "inclusion": {"new_cases": 5, "in_svf": 6}"#),
                "inclusion.in_svf: in_svf (6) exceeds new_cases (5)",
            ),
            (
                &with(r#", "inclusion": {"new_cases": 5, "extra": 6}"#),
                "inclusion.extra: the schema has no such field",
            ),
            (
                &with(r#", "prem": {"used": null}"#),
                "prem.used: expected true or false",
            ),
            (
                &with(r#", "prem": {"used": "yes"}"#),
                "prem.used: expected true or false",
            ),
            (
                &with(r#", "lead_times": [{"svf": "breast", "patients": 5, "within_target": 6}]"#),
                "lead_times[0].within_target: 6 within the target exceeds 5 patients",
            ),
            (
                &with(r#", "lead_times": [{"svf": "breast"}, {"svf": "breast"}]"#),
                "lead_times[1].svf: the same SVF as lead_times[0]",
            ),
            (
                &with(r#", "lead_times": [{"svf": "Breast"}]"#),
                "lead_times[0].svf: must be 1 to 32",
            ),
            (
                &with(r#", "lead_times": [{"svf": ""}]"#),
                "lead_times[0].svf: must be 1 to 32",
            ),
            (
                &with(r#", "lead_times": [{"svf": "breast", "bogus": [[[[[[[[1]]]]]]]]}]"#),
                "lead_times[0].bogus: the schema has no such field",
            ),
            (
                &with(r#", "lead_times": {}"#),
                "lead_times: expected an array",
            ),
            (
                &with(r#", "lead_times": [[]]"#),
                "lead_times[0]: expected an object with svf",
            ),
            (
                &with(r#", "period": {"from": "2024-02-30", "to": "2024-06-30"}"#),
                "period.from: must be a date",
            ),
            (
                &with(r#", "period": {"from": "2024-07-01", "to": "2024-06-30"}"#),
                "period: the period ends before it starts",
            ),
            (
                &with(r#", "narrative": {"urology": 5}"#),
                "narrative.urology: expected a string",
            ),
            (
                &with(r#", "narrative": {"poetry": "x"}"#),
                "narrative.poetry: the schema has no such field",
            ),
            (
                &std::format!("{} x", with("")),
                "not valid JSON: more text after the report",
            ),
            (
                &with(r#", "inclusion": {"new_cases": 5,}"#),
                "inclusion: not valid JSON",
            ),
        ];
        for (json, expected) in cases {
            let message = rejected(json);
            assert!(
                message.contains(expected),
                "{json}\n  gave {message:?}\n  wanted {expected:?}"
            );
        }
    }

    #[test]
    fn too_many_lead_times_and_too_long_texts() {
        let entries: std::vec::Vec<_> = (0..41)
            .map(|i| std::format!(r#"{{"svf": "s{i}"}}"#))
            .collect();
        let message = rejected(&with(&std::format!(
            r#", "lead_times": [{}]"#,
            entries.join(",")
        )));
        assert!(
            message.contains("lead_times[40]: has more than 40 items"),
            "{message}"
        );
        let name = "å".repeat(65);
        assert!(
            rejected(&with(&std::format!(r#", "region_name": "{name}""#)))
                .contains("region_name: is longer than 64 characters")
        );
        Report::parse(with(&std::format!(r#", "region_name": "{}""#, "å".repeat(64))).as_bytes())
            .unwrap();
    }

    #[test]
    fn size_utf8_and_bom() {
        let big = std::vec![b' '; MAX_REPORT_BYTES + 1];
        assert!(matches!(
            Report::parse(&big).unwrap_err().errors[0].reason,
            Reason::TooLarge { .. }
        ));
        assert_eq!(
            Report::parse(b"{\"schema\": \"\xff\"}").unwrap_err().errors[0].reason,
            Reason::NotUtf8 { offset: 12 }
        );
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend_from_slice(with("").as_bytes());
        Report::parse(&bom).unwrap();
    }

    #[test]
    fn escaped_keys_are_keys() {
        let report = Report::parse(with(r#", "\u0070rem": {"used": true}"#).as_bytes()).unwrap();
        assert_eq!(report.prem, Some(Prem { used: Some(true) }));
    }
}
