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

mod check;
mod de;
#[cfg(test)]
mod tests;

use heapless::{String, Vec};

pub use crate::json::{JsonPath, PathError, PathErrors, Reason, Rejection, Step};
use serde_json_core::de::Error as JsonError;

use crate::json::{Faults, PASS_OVER_DEPTH, Trail, document, nests_at_most, read_all};
use crate::region::{Region, Year};
use crate::time::Date;
use crate::vocabulary::{DiagnosisId, SectionName};

use check::check;
use de::ReportSeed;

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
///
/// `L` is where its lead times are: in the report (the default), or, for the kernel's own
/// reading on a small device (`Head`), in the assessment's list, so that the forty entries
/// are held once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report<L = Vec<LeadTime, MAX_LEAD_TIMES>> {
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
    pub lead_times: Option<L>,
    /// The narrative sections.
    pub narrative: Narrative,
}

/// Lead times kept apart from the report they were read with (a [`Head`]'s): `Some` says the
/// key was there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Apart;

/// A report whose lead times are kept apart, beside it: what the kernel reads a report into
/// and decides by, so that a small device holds the forty entries once, in its assessment.
pub(crate) type Head = Report<Apart>;

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

/// Lead-time fulfilment of one SVF: each value where given.
///
/// Kept compact (the counts in one array, with a bit each for whether it is given), as an
/// assessment holds up to forty on a small device's stack (the report's entries are read
/// straight into its list; `assessment::Reported` is a view of one). Invariant: a count is
/// read only where its bit in `given` is set; of figures by sex, a sex's whole and part are
/// given together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeadTime {
    /// The four [`Count`]s in their order, then women's and men's (whole, part).
    counts: [u32; 8],
    /// Which counts are given (bit `i` for `counts[i]`, a sex's bit for both of its counts),
    /// and [`LeadTime::BY_SEX`] whether the entry has figures by sex at all.
    given: u8,
    svf: Option<DiagnosisId>,
    reason: Section,
}

/// One of a lead-time entry's counts ([`LeadTime::count`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    /// `patients`: patients who started first treatment in the period.
    Patients = 0,
    /// `within_target`: of them, within the SVF's maximum lead time.
    WithinTarget = 1,
    /// `baseline_patients`: the same for the reference period.
    BaselinePatients = 2,
    /// `baseline_within_target`: of them, within the maximum lead time.
    BaselineWithinTarget = 3,
}

impl LeadTime {
    /// The bit of `given` for the figures by sex as a whole.
    const BY_SEX: u8 = 1 << 7;
    /// Where women's counts start in `counts` (men's follow them); also the sex's bit.
    const WOMEN: usize = 4;
    const MEN: usize = 6;

    /// The SVF, e.g. `breast`, where given.
    pub fn svf(&self) -> Option<&str> {
        self.svf.as_ref().map(DiagnosisId::as_str)
    }

    /// A count, where given.
    pub fn count(&self, which: Count) -> Option<u32> {
        self.counted(which as usize)
    }

    /// Patients who started first treatment in the period.
    pub fn patients(&self) -> Option<u32> {
        self.count(Count::Patients)
    }

    /// Of them, within the SVF's maximum lead time.
    pub fn within_target(&self) -> Option<u32> {
        self.count(Count::WithinTarget)
    }

    /// The same for the reference period.
    pub fn baseline_patients(&self) -> Option<u32> {
        self.count(Count::BaselinePatients)
    }

    /// Of them, within the maximum lead time.
    pub fn baseline_within_target(&self) -> Option<u32> {
        self.count(Count::BaselineWithinTarget)
    }

    /// The period's figures for women and men, where given.
    pub fn by_sex(&self) -> Option<BySex> {
        (self.given & LeadTime::BY_SEX != 0).then(|| BySex {
            women: self.sex(LeadTime::WOMEN),
            men: self.sex(LeadTime::MEN),
        })
    }

    /// Why the goal is not met and what is done about it (asked for where it is missed).
    pub fn reason(&self) -> Section {
        self.reason
    }

    fn counted(&self, index: usize) -> Option<u32> {
        if self.given & (1 << index) == 0 {
            return None;
        }
        self.counts.get(index).copied()
    }

    fn sex(&self, at: usize) -> Option<SexCounts> {
        Some(SexCounts {
            whole: self.counted(at)?,
            part: self.counts.get(at + 1).copied()?,
        })
    }

    fn keep(&mut self, index: usize, count: u32) {
        if let Some(place) = self.counts.get_mut(index) {
            *place = count;
            self.given |= 1 << index;
        }
    }

    pub(crate) fn set_svf(&mut self, svf: DiagnosisId) {
        self.svf = Some(svf);
    }

    pub(crate) fn set_count(&mut self, which: Count, count: u32) {
        self.keep(which as usize, count);
    }

    pub(crate) fn set_by_sex(&mut self, by_sex: BySex) {
        self.given |= LeadTime::BY_SEX;
        for (at, counts) in [(LeadTime::WOMEN, by_sex.women), (LeadTime::MEN, by_sex.men)] {
            if let Some(counts) = counts {
                self.keep(at, counts.whole);
                if let Some(place) = self.counts.get_mut(at + 1) {
                    *place = counts.part;
                }
            }
        }
    }

    pub(crate) fn set_reason(&mut self, reason: Section) {
        self.reason = reason;
    }
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
    /// The [`Rejection`]: every value refused, in the order found (a syntax error ends the
    /// reading and is then the last), or, where every value reads, every impossible
    /// combination; at most [`MAX_ERRORS`](crate::json::MAX_ERRORS) in all.
    // The errors are returned by value, as there is no heap to box them on.
    #[allow(clippy::result_large_err)]
    pub fn parse(bytes: &[u8]) -> Result<Report, Rejection> {
        let mut report = Report::placeholder();
        Report::parse_into(bytes, &mut report).map(|()| report)
    }

    /// A report to be filled by [`parse_into`](Report::parse_into): 2024, Stockholm, nothing
    /// reported. It stands for no upload and is never assessed as one.
    pub fn placeholder() -> Report {
        blank()
    }

    /// [`parse`](Report::parse) into a report the caller holds. On `Err`, what `report` holds
    /// is unspecified (part of the text may have been read into it).
    ///
    /// # Errors
    /// As [`parse`](Report::parse).
    #[inline(never)]
    // No heap to box the rejection in; it is returned where the caller keeps it.
    #[allow(clippy::result_large_err)]
    pub fn parse_into(bytes: &[u8], report: &mut Report) -> Result<(), Rejection> {
        let mut head = Head::blank();
        let mut errors = PathErrors::new();
        let entries = report.lead_times.insert(Vec::new());
        let read = read(bytes, &mut head, entries, &mut errors);
        let entries = report.lead_times.take();
        *report = head.with_lead_times(head.lead_times.and(entries));
        read.map_err(|(year, region)| Rejection {
            year,
            region,
            errors,
        })
    }

    /// This report with its lead times apart: the report as the kernel decides by it.
    pub(crate) fn head(&self) -> Head {
        self.with_lead_times(self.lead_times.as_ref().map(|_| Apart))
    }
}

impl<L> Report<L> {
    /// This report with `lead_times` in place of its own (which are not copied).
    fn with_lead_times<M>(&self, lead_times: Option<M>) -> Report<M> {
        Report {
            year: self.year,
            region: self.region,
            region_name: self.region_name.clone(),
            period: self.period,
            inclusion: self.inclusion,
            prem: self.prem,
            lead_times,
            narrative: self.narrative,
        }
    }
}

impl Head {
    /// A head to read into: as [`Report::placeholder`].
    pub(crate) fn blank() -> Head {
        blank()
    }
}

/// 2024, Stockholm, nothing reported.
fn blank<L>() -> Report<L> {
    Report {
        year: Year::Y2024,
        region: Region::ALL[0],
        region_name: None,
        period: None,
        inclusion: None,
        prem: None,
        lead_times: None,
        narrative: Narrative::default(),
    }
}

/// Reads `bytes` into `report` and its lead times into `entries`, every fault into `faults`.
/// `Err`: the year and region as far as read; the faults are then in `faults`, in the order
/// found: every value refused (a syntax error ends the reading and is then the last), or,
/// where every value reads, every impossible combination (at most
/// [`MAX_ERRORS`](crate::json::MAX_ERRORS) in all).
///
/// The faults and the lead times are kept by the caller (on a small device, in its
/// assessment's room): they are kilobytes, never moved.
pub(crate) fn read(
    bytes: &[u8],
    report: &mut Head,
    entries: &mut Vec<LeadTime, MAX_LEAD_TIMES>,
    faults: &mut dyn Faults,
) -> Result<(), (Option<Year>, Option<Region>)> {
    faults.clear();
    let bytes = match document(bytes, MAX_REPORT_BYTES) {
        Ok(bytes) => bytes,
        Err(reason) => return Err(refused_whole(faults, reason)),
    };
    loop {
        *report = Head::blank();
        entries.clear();
        let mut trail = Trail::skipping(&mut *faults);
        let read = read_all(
            bytes,
            ReportSeed {
                trail: &mut trail,
                report: &mut *report,
                entries: &mut *entries,
            },
        );
        if let Err(error) = read {
            match noted(&mut trail, error, bytes) {
                Some(end) => return Err(end),
                None => continue,
            }
        }
        drop(trail);
        // Impossible combinations are looked for once every value could be read: values
        // passed over would stand in as nothing and be blamed for it.
        if faults.is_empty() {
            check(report, entries, faults);
        }
        if faults.is_empty() {
            return Ok(());
        }
        return Err((Some(report.year), Some(report.region)));
    }
}

/// Notes the fault that stopped a reading (`read_all`'s `error`) with the trail's faults:
/// `None` to read again, passing over it; else the reading ends, with the year and region as
/// far as read. Never inlined: the fault (a few hundred bytes) is on the stack only while it
/// is noted, not while the report is read.
#[inline(never)]
fn noted(
    trail: &mut Trail,
    error: JsonError,
    bytes: &[u8],
) -> Option<(Option<Year>, Option<Region>)> {
    let fault = trail.fault(error, bytes);
    let end = (trail.year, trail.region);
    let Some(faults) = trail.faults() else {
        return Some(end);
    };
    let fault = match fault {
        Ok(fault) => fault,
        Err(reason) => return Some(refused_whole(faults, reason)),
    };
    // A fault found again (a required value passed over, text that is not JSON) ends the
    // reading; so do a full list and a fault no reading can pass over (the text as a whole,
    // or its syntax), as does a text nested too deep to pass over its values safely.
    let again = faults.has(&fault.path);
    let last = again || !fault.can_be_passed_over() || !nests_at_most(bytes, PASS_OVER_DEPTH);
    if !again && faults.add(&fault.path, fault.reason) && !last {
        None
    } else {
        Some(end)
    }
}

/// Refuses the text as a whole, for `reason`: the trail's faults are that one alone.
#[inline(never)]
fn refused_whole(faults: &mut dyn Faults, reason: Reason) -> (Option<Year>, Option<Region>) {
    faults.clear();
    // An empty list has room for one.
    let _ = faults.add(&JsonPath::default(), reason);
    (None, None)
}
