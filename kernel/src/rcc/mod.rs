//! The report an RCC uploads on the special investments (`svf-rcc-report/1`, contract §7), and
//! its assessment (`svf-rcc-assessment/1`): rejected when impossible, incomplete with what is
//! missing, and per area the projects granted and the sum granted, exact in öre.
//!
//! What each RCC *received* is never read from its report: it is the year's allocation split
//! by the budget (the pipeline's `lagesbild`). The texts (criteria, what a project does, its
//! results, the good examples) are only checked to say something; the pipeline quotes them.
//!
//! Read with the same path-tracking reader as a region's report: every refusal names its JSON
//! path and its reason, nothing is kept on a heap, and the reader never goes deeper than the
//! schema.

mod de;
mod schema;

use core::fmt;

use heapless::Vec;
use serde::Serialize;

use crate::Ore;
use crate::json::Phrase;
use crate::json::{JsonPath, MAX_ERRORS, PathError, Reason, Step};
use crate::region::Year;
use crate::time::Instant;

pub use schema::is_rcc_report;

/// The schema id of an RCC's report.
pub const RCC_REPORT_SCHEMA: &str = "svf-rcc-report/1";
/// The schema id of its assessment.
pub const RCC_ASSESSMENT_SCHEMA: &str = "svf-rcc-assessment/1";
/// The most areas a report may hold (a year has at most this many special investments).
pub const MAX_AREAS: usize = 8;
/// The most projects one area may list.
pub const MAX_PROJECTS: usize = 200;
/// The longest text, in characters (about ten pages).
pub const MAX_TEXT_CHARS: usize = 20_000;
/// The longest name (of a project, a recipient), in characters.
pub const MAX_NAME_CHARS: usize = 300;
/// The most missing paths an assessment lists; beyond, it says how many more.
pub const MAX_MISSING: usize = 32;
/// The largest report accepted, in bytes.
pub const MAX_RCC_REPORT_BYTES: usize = 1 << 20;

/// One of the six regional cancer centres (contract §7, `rcc-regions.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rcc {
    /// RCC Norr.
    Norr,
    /// RCC Mellansverige.
    Mellansverige,
    /// RCC Stockholm Gotland.
    StockholmGotland,
    /// RCC Sydöst.
    Sydost,
    /// RCC Syd.
    Syd,
    /// RCC Väst.
    Vast,
}

impl Rcc {
    /// All six, north to south as RCC i samverkan lists them.
    pub const ALL: [Rcc; 6] = [
        Rcc::Norr,
        Rcc::Mellansverige,
        Rcc::StockholmGotland,
        Rcc::Sydost,
        Rcc::Syd,
        Rcc::Vast,
    ];

    /// The key's and the report's word: `norr`, `stockholm-gotland`, `vast`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Rcc::Norr => "norr",
            Rcc::Mellansverige => "mellansverige",
            Rcc::StockholmGotland => "stockholm-gotland",
            Rcc::Sydost => "sydost",
            Rcc::Syd => "syd",
            Rcc::Vast => "vast",
        }
    }

    /// The name as `rcc-regions.csv` and people write it: `Stockholm Gotland`, `Väst`.
    pub const fn name(self) -> &'static str {
        match self {
            Rcc::Norr => "Norr",
            Rcc::Mellansverige => "Mellansverige",
            Rcc::StockholmGotland => "Stockholm Gotland",
            Rcc::Sydost => "Sydöst",
            Rcc::Syd => "Syd",
            Rcc::Vast => "Väst",
        }
    }

    /// The RCC the word names.
    pub fn parse(word: &str) -> Option<Rcc> {
        Rcc::ALL.into_iter().find(|r| r.as_str() == word)
    }

    /// The RCC whose name (`rcc-regions.csv`'s) this is.
    pub fn of_name(name: &str) -> Option<Rcc> {
        Rcc::ALL.into_iter().find(|r| r.name() == name)
    }
}

impl core::str::FromStr for Rcc {
    type Err = crate::vocabulary::UnknownWord;
    fn from_str(text: &str) -> Result<Rcc, Self::Err> {
        Rcc::parse(text).ok_or(crate::vocabulary::UnknownWord)
    }
}

impl core::str::FromStr for Area {
    type Err = crate::vocabulary::UnknownWord;
    fn from_str(text: &str) -> Result<Area, Self::Err> {
        Area::parse(text).ok_or(crate::vocabulary::UnknownWord)
    }
}

impl fmt::Display for Rcc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A special investment the RCC pass on to projects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    /// Patologi (2024–2026).
    Patologi,
    /// Radiologi (2024, 2025).
    Radiologi,
    /// Rehabilitering (2024, 2025: "inklusive seneffekter och aktiva överlämningar"; 2026:
    /// "rehabilitering, palliativ vård, seneffekter och aktiva överlämningar").
    Rehabilitering,
    /// Bild- och funktionsmedicin (2026).
    BildOchFunktionsmedicin,
    /// Primärvård (2026).
    Primarvard,
}

impl Area {
    /// Every area of any year.
    pub const ALL: [Area; 5] = [
        Area::Patologi,
        Area::Radiologi,
        Area::Rehabilitering,
        Area::BildOchFunktionsmedicin,
        Area::Primarvard,
    ];

    /// The report's word: `patologi`, `bild_och_funktionsmedicin`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Area::Patologi => "patologi",
            Area::Radiologi => "radiologi",
            Area::Rehabilitering => "rehabilitering",
            Area::BildOchFunktionsmedicin => "bild_och_funktionsmedicin",
            Area::Primarvard => "primarvard",
        }
    }

    /// The area the word names.
    pub fn parse(word: &str) -> Option<Area> {
        Area::ALL.into_iter().find(|a| a.as_str() == word)
    }

    /// The year's special investments, in the agreement's order; none for a year whose
    /// agreement svf does not have (2022). 2023 and 2025 are 2024's, as their rules are
    /// (DOMAIN.md); 2026's are the assignment's (seed `004_…`), rehabilitering standing for
    /// "rehabilitering, palliativ vård, seneffekter och aktiva överlämningar" as in 2024.
    pub fn of_year(year: Year) -> &'static [Area] {
        match year {
            Year::Y2022 => &[],
            Year::Y2023 | Year::Y2024 | Year::Y2025 => {
                &[Area::Patologi, Area::Radiologi, Area::Rehabilitering]
            }
            Year::Y2026 => &[
                Area::Primarvard,
                Area::Patologi,
                Area::BildOchFunktionsmedicin,
                Area::Rehabilitering,
            ],
        }
    }

    /// The year's areas as a refusal lists them.
    fn listed(year: Year) -> &'static Phrase {
        match year {
            Year::Y2022 => {
                const {
                    &Phrase::new(
                        "none: svf has no special investments for 2022",
                        "inga: svf har inga särskilda satsningar för 2022",
                    )
                }
            }
            Year::Y2023 | Year::Y2024 | Year::Y2025 => {
                const { &Phrase::same("patologi, radiologi, rehabilitering") }
            }
            Year::Y2026 => {
                const { &Phrase::same("primarvard, patologi, bild_och_funktionsmedicin, rehabilitering") }
            }
        }
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Area {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for Rcc {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Which of the two reports of a year: the first lägesbild's or the final one's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// By 15 November: criteria, shares passed on, projects.
    First,
    /// By 31 March (2027 for 2026): the projects with their results, good examples, proposals,
    /// results on lead times.
    Final,
}

/// One project as the reader found it: what it has, not its texts.
// Each flag is whether one text of the schema says something; they are independent.
#[allow(clippy::struct_excessive_bools)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct ProjectFound {
    name: bool,
    recipient: bool,
    amount: Option<Ore>,
    description: bool,
    results: bool,
}

/// One area of a report, as read.
///
/// Invariant: `granted` is the exact sum of the projects' amounts, at most `i64::MAX` öre.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AreaReport {
    /// The area.
    pub area: Area,
    /// Whether the criteria used to pass the money on are written.
    pub criteria: bool,
    /// The number of applications, where given.
    pub applications: Option<u32>,
    /// Projects listed.
    pub projects: u16,
    /// The sum of their amounts.
    pub granted: Ore,
    /// What the projects lack, by index: name, recipient, amount, description, results.
    lacks: Vec<(u16, ProjectField), MAX_MISSING>,
    /// Lacks beyond the room of `lacks`.
    more: u16,
}

/// A field a project must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectField {
    /// `name`.
    Name,
    /// `recipient`.
    Recipient,
    /// `amount_ore`.
    Amount,
    /// `description`: what the project does.
    Description,
    /// `results` (the final report).
    Results,
}

impl ProjectField {
    /// The report's key.
    pub const fn as_str(self) -> &'static str {
        match self {
            ProjectField::Name => "name",
            ProjectField::Recipient => "recipient",
            ProjectField::Amount => "amount_ore",
            ProjectField::Description => "description",
            ProjectField::Results => "results",
        }
    }
}

/// An RCC's report that passed every rule of the schema.
///
/// Invariant: every area is of the year, once; every amount and every area's sum is at most
/// `i64::MAX` öre.
// Each flag is whether one text of the schema says something; they are independent.
#[allow(clippy::struct_excessive_bools)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RccReport {
    /// The agreement year.
    pub year: Year,
    /// The RCC.
    pub rcc: Rcc,
    /// First or final; `None` when not given (then it is missing).
    pub stage: Option<Stage>,
    /// The areas, in the report's order; `None` when the key is absent.
    pub areas: Option<Vec<AreaReport, MAX_AREAS>>,
    /// `good_examples` written (asked for in the final report).
    pub good_examples: bool,
    /// `proposals` written (final).
    pub proposals: bool,
    /// `results` written (final): overall results, short and long term.
    pub results: bool,
    /// `lead_time_effects` written (final): the investments' effect on lead times in SVF.
    pub lead_time_effects: bool,
}

/// Why an RCC's report was refused: the year and RCC where read, and the errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RccRejection {
    /// The year, when read.
    pub year: Option<Year>,
    /// The RCC, when read.
    pub rcc: Option<Rcc>,
    /// The errors (the first that stopped the reading).
    pub errors: Vec<PathError, MAX_ERRORS>,
}

impl RccRejection {
    /// A report refused as a whole.
    pub fn whole(year: Option<Year>, rcc: Option<Rcc>, reason: Reason) -> RccRejection {
        let mut errors = Vec::new();
        let _ = errors.push(PathError {
            path: JsonPath::default(),
            reason,
        });
        RccRejection { year, rcc, errors }
    }
}

impl RccReport {
    /// Reads an RCC's report from its bytes (a UTF-8 byte-order mark is ignored).
    ///
    /// # Errors
    /// The [`RccRejection`]: what stopped the reading, with its path.
    #[allow(clippy::result_large_err)]
    pub fn parse(bytes: &[u8]) -> Result<RccReport, RccRejection> {
        let bytes = crate::json::document(bytes, MAX_RCC_REPORT_BYTES)
            .map_err(|reason| RccRejection::whole(None, None, reason))?;
        de::parse(bytes)
    }
}

/// What an RCC's report lacks, as its dotted path: `stage`, `areas`, `areas[1].criteria`,
/// `areas[0].projects[3].amount_ore`, `good_examples`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RccMissing {
    /// `stage`.
    Stage,
    /// `areas`: no area at all.
    Areas,
    /// `areas[{index}]`: a year's area not reported (by its place among the year's).
    Area(Area),
    /// `areas[{index}].criteria`.
    Criteria(u16),
    /// `areas[{index}].projects[{project}].{field}`.
    Project {
        /// The area's index in the report.
        area: u16,
        /// The project's index.
        project: u16,
        /// The field.
        field: ProjectField,
    },
    /// `good_examples` (final).
    GoodExamples,
    /// `proposals` (final).
    Proposals,
    /// `results` (final).
    Results,
    /// `lead_time_effects` (final).
    LeadTimeEffects,
}

impl fmt::Display for RccMissing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            RccMissing::Stage => f.write_str("stage"),
            RccMissing::Areas => f.write_str("areas"),
            RccMissing::Area(area) => write!(f, "areas.{area}"),
            RccMissing::Criteria(i) => write!(f, "areas[{i}].criteria"),
            RccMissing::Project {
                area,
                project,
                field,
            } => write!(f, "areas[{area}].projects[{project}].{}", field.as_str()),
            RccMissing::GoodExamples => f.write_str("good_examples"),
            RccMissing::Proposals => f.write_str("proposals"),
            RccMissing::Results => f.write_str("results"),
            RccMissing::LeadTimeEffects => f.write_str("lead_time_effects"),
        }
    }
}

/// One area's figures in the assessment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct AreaFigures {
    /// The area.
    pub area: Area,
    /// Projects granted money.
    pub projects: u16,
    /// The sum granted, in öre.
    pub granted_ore: i64,
    /// Applications, where given.
    pub applications: Option<u32>,
}

/// The assessment of an RCC's report (`svf-rcc-assessment/1`).
///
/// Invariant: rejected ones have errors and no areas; assessed ones no errors; complete
/// exactly when nothing is missing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RccAssessment {
    year: Option<Year>,
    rcc: Option<Rcc>,
    stage: Option<Stage>,
    received: Instant,
    missing: Vec<RccMissing, MAX_MISSING>,
    more_missing: u16,
    errors: Vec<PathError, MAX_ERRORS>,
    areas: Vec<AreaFigures, MAX_AREAS>,
    rejected: bool,
}

impl RccAssessment {
    /// Assesses a report read from an upload received at `received`.
    pub fn of(report: &RccReport, received: Instant) -> RccAssessment {
        let mut missing: Vec<RccMissing, MAX_MISSING> = Vec::new();
        let mut more = 0u16;
        // Projects' lacks the reader had no room for count as more.
        let beyond: u16 = report
            .areas
            .iter()
            .flatten()
            .fold(0, |n, a| n.saturating_add(a.more));
        let mut add = |m: RccMissing| {
            if missing.push(m).is_err() {
                more = more.saturating_add(1);
            }
        };
        if report.stage.is_none() {
            add(RccMissing::Stage);
        }
        let final_report = report.stage == Some(Stage::Final);
        let mut areas = Vec::new();
        match &report.areas {
            None => add(RccMissing::Areas),
            Some(reported) => {
                for &area in Area::of_year(report.year) {
                    if !reported.iter().any(|a| a.area == area) {
                        add(RccMissing::Area(area));
                    }
                }
                for (index, a) in (0u16..).zip(reported.iter()) {
                    if !a.criteria {
                        add(RccMissing::Criteria(index));
                    }
                    for &(project, field) in &a.lacks {
                        if field == ProjectField::Results && !final_report {
                            continue;
                        }
                        add(RccMissing::Project {
                            area: index,
                            project,
                            field,
                        });
                    }
                    // MAX_AREAS is the reader's room too: no push can fail.
                    let _ = areas.push(AreaFigures {
                        area: a.area,
                        projects: a.projects,
                        granted_ore: a.granted.ore(),
                        applications: a.applications,
                    });
                }
            }
        }
        if final_report {
            for (written, m) in [
                (report.good_examples, RccMissing::GoodExamples),
                (report.proposals, RccMissing::Proposals),
                (report.results, RccMissing::Results),
                (report.lead_time_effects, RccMissing::LeadTimeEffects),
            ] {
                if !written {
                    add(m);
                }
            }
        }
        RccAssessment {
            year: Some(report.year),
            rcc: Some(report.rcc),
            stage: report.stage,
            received,
            missing,
            more_missing: more.saturating_add(beyond),
            errors: Vec::new(),
            areas,
            rejected: false,
        }
    }

    /// The assessment of a refused report.
    pub fn rejected(rejection: &RccRejection, received: Instant) -> RccAssessment {
        RccAssessment {
            year: rejection.year,
            rcc: rejection.rcc,
            stage: None,
            received,
            missing: Vec::new(),
            more_missing: 0,
            errors: rejection.errors.clone(),
            areas: Vec::new(),
            rejected: true,
        }
    }

    /// Reads and assesses a report's bytes.
    pub fn of_bytes(bytes: &[u8], received: Instant) -> RccAssessment {
        match RccReport::parse(bytes) {
            Ok(report) => RccAssessment::of(&report, received),
            Err(rejection) => RccAssessment::rejected(&rejection, received),
        }
    }

    /// Whether the report was refused.
    pub fn is_rejected(&self) -> bool {
        self.rejected
    }

    /// The year, when known.
    pub fn year(&self) -> Option<Year> {
        self.year
    }

    /// The RCC, when known.
    pub fn rcc(&self) -> Option<Rcc> {
        self.rcc
    }

    /// First or final.
    pub fn stage(&self) -> Option<Stage> {
        self.stage
    }

    /// When the report came in.
    pub fn received(&self) -> Instant {
        self.received
    }

    /// Nothing asked for is missing, and the report was not refused.
    pub fn complete(&self) -> bool {
        !self.rejected && self.missing.is_empty()
    }

    /// What is missing, and how many more beyond the list's room.
    pub fn missing(&self) -> (&[RccMissing], u16) {
        (&self.missing, self.more_missing)
    }

    /// Why the report was refused.
    pub fn errors(&self) -> &[PathError] {
        &self.errors
    }

    /// Each area's projects and sum granted.
    pub fn areas(&self) -> &[AreaFigures] {
        &self.areas
    }

    /// Writes the assessment as JSON into `buffer`; returns the length.
    ///
    /// # Errors
    /// [`serde_json_core::ser::Error::BufferFull`] when `buffer` is too small (16 KiB always
    /// suffices: 32 missing paths, 8 errors and 8 areas).
    pub fn write_json(&self, buffer: &mut [u8]) -> Result<usize, serde_json_core::ser::Error> {
        serde_json_core::to_slice(self, buffer)
    }
}

/// A value written as its `Display` text.
struct Shown<T>(T);

impl<T: fmt::Display> Serialize for Shown<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// One error as the assessment writes it.
struct ErrorShown<'a>(&'a PathError);

impl Serialize for ErrorShown<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Error", 2)?;
        s.serialize_field("path", &Shown(&self.0.path))?;
        s.serialize_field("message", &Shown(&self.0.reason))?;
        s.end()
    }
}

impl Serialize for RccAssessment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeSeq, SerializeStruct};
        struct List<'a, T>(&'a [T]);
        impl<T: fmt::Display> Serialize for List<'_, T> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
                for item in self.0 {
                    seq.serialize_element(&Shown(item))?;
                }
                seq.end()
            }
        }
        struct Errors<'a>(&'a [PathError]);
        impl Serialize for Errors<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
                for e in self.0 {
                    seq.serialize_element(&ErrorShown(e))?;
                }
                seq.end()
            }
        }
        let mut s = serializer.serialize_struct("RccAssessment", 11)?;
        s.serialize_field("schema", RCC_ASSESSMENT_SCHEMA)?;
        s.serialize_field(
            "status",
            if self.rejected {
                "rejected"
            } else {
                "assessed"
            },
        )?;
        s.serialize_field("agreement_year", &self.year.map(Year::number))?;
        s.serialize_field("rcc", &self.rcc)?;
        s.serialize_field("stage", &self.stage)?;
        s.serialize_field("received", &Shown(self.received))?;
        s.serialize_field("complete", &self.complete())?;
        s.serialize_field("missing", &List(&self.missing))?;
        s.serialize_field("more_missing", &self.more_missing)?;
        s.serialize_field("errors", &Errors(&self.errors))?;
        s.serialize_field("areas", &self.areas)?;
        s.end()
    }
}

/// A path `areas[{area}]…` for the reader's checks.
fn area_path(index: u16, field: Option<&'static str>) -> JsonPath {
    let mut path = JsonPath::of(&["areas"]);
    path.push(Step::Index(index));
    if let Some(field) = field {
        path.push(Step::Field(field));
    }
    path
}
