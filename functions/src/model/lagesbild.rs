//! The lägesbild of the special investments (`summary/{year}/lagesbild.json`, `svf-lagesbild/1`,
//! contract §7): per area and RCC what it received, what it granted, the share passed on, the
//! projects and the criteria; national totals per area; the deviations; for the final report
//! the projects' results and the good examples.
//!
//! What an RCC *received* is never its own figure: it is the year's allocation split exactly
//! by [`crate::model::budget`] (the RCC by population, Halland by municipality, or equally), from the
//! agreement (2024 built in, else `config/{year}/agreement.tsv`, its RCC items marked with their
//! `area`) and `config/{year}/halland.csv`. What it *granted* is the kernel's exact sum of the
//! projects in its report. The share passed on is granted ÷ received in hundredths of a per
//! cent, rounded half up ([`Percent`]). The texts (criteria, projects, results, good examples)
//! are the RCC's words, quoted as written and never read for meaning.

use std::collections::BTreeMap;

use serde::Serialize;
use svf_kernel::Ore;
use svf_kernel::percent::Percent;
use svf_kernel::rcc::{Area, Rcc};
use svf_kernel::region::Year;
use svf_kernel::{Table, TableError};

use crate::contract::layout;
use crate::contract::stored::StoredRccAssessment;
use crate::contract::word::Word;
use crate::model::budget::builtin;
use crate::model::budget::{Agreement, Allotment, Budget, BudgetError, PaidTo, Recipient, Sources};
use crate::model::quote::quote;

/// The schema id of the lägesbild.
pub const LAGESBILD_SCHEMA: &str = "svf-lagesbild/1";

/// The longest text quoted, in characters.
const MAX_QUOTE: usize = 2_000;

/// The year's lägesbild, in figures and the RCC's quoted words; the `svf-lagesbild/1`
/// document and every word about it are [`crate::present::lagesbild`]'s.
#[derive(Clone, Debug)]
pub struct Lagesbild {
    /// The agreement year.
    pub agreement_year: Year,
    /// Why the received amounts could not be computed, when they could not.
    pub unavailable: Option<String>,
    /// The year's areas.
    pub areas: Vec<AreaPicture>,
    /// What deviates: granted more than received, nothing passed on, a report missing or
    /// incomplete.
    pub deviations: Vec<Deviation>,
    /// The final reports' good examples, proposals and results, per RCC.
    pub finals: Vec<FinalWords>,
    /// The day (Swedish time) of the latest RCC report it rests on; `None` before any.
    pub as_of: Option<svf_kernel::time::Date>,
}

/// One area: its total and each RCC's part.
#[derive(Clone, Debug)]
pub struct AreaPicture {
    /// The area.
    pub area: Area,
    /// The agreement's amount for it, in öre (when the agreement funds it).
    pub total_ore: Option<i64>,
    /// Σ granted by the RCC that reported.
    pub granted_ore: i64,
    /// Σ granted ÷ Σ received by the RCC that reported.
    pub passed_on: Option<String>,
    /// Projects granted, in all.
    pub projects: u32,
    /// Each RCC.
    pub rcc: Vec<RccPicture>,
}

/// One RCC's part of an area.
#[derive(Clone, Debug, Serialize)]
pub struct RccPicture {
    /// The RCC.
    pub rcc: Rcc,
    /// Whether its report (accepted) is in.
    pub reported: bool,
    /// What it received: its split of the area's amount.
    pub received_ore: Option<i64>,
    /// What it granted to projects, by its report.
    pub granted_ore: Option<i64>,
    /// Granted ÷ received.
    pub passed_on: Option<String>,
    /// Projects granted.
    pub projects: Option<u16>,
    /// Applications, where given.
    pub applications: Option<u32>,
    /// The criteria used, quoted.
    pub criteria: Option<String>,
    /// The projects, quoted.
    pub project_list: Vec<ProjectWords>,
}

/// A project as the RCC reported it.
#[derive(Clone, Debug, Default, Serialize, serde::Deserialize)]
pub struct ProjectWords {
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Who received the money.
    #[serde(default)]
    pub recipient: Option<String>,
    /// The amount granted, in öre (checked by the kernel).
    #[serde(default)]
    pub amount_ore: Option<i64>,
    /// What it does.
    #[serde(default)]
    pub description: Option<String>,
    /// Its results (final report).
    #[serde(default)]
    pub results: Option<String>,
}

/// An area's national sum beyond the range of an amount: from the part of `rcc`, which a
/// report that the kernel accepted cannot give, but a stored assessment edited by hand can.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow {
    /// The area.
    pub area: Area,
    /// The RCC whose part took it beyond.
    pub rcc: Rcc,
}

/// One deviation of an RCC's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deviation {
    /// The RCC.
    pub rcc: Rcc,
    /// What deviates.
    pub kind: DeviationKind,
}

/// What deviates in an RCC's report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeviationKind {
    /// It granted more within an area than it received for it.
    GrantedAboveReceived {
        /// The area.
        area: Area,
        /// What it granted.
        granted: Ore,
        /// What it received.
        received: Ore,
    },
    /// It received money for an area and granted nothing of it.
    NothingPassedOn {
        /// The area.
        area: Area,
    },
    /// No accepted report is in.
    ReportMissing,
    /// Its report is incomplete: what is missing, as the assessment names it.
    Incomplete {
        /// The missing fields' paths.
        missing: Vec<String>,
    },
}

impl Deviation {
    /// The area it is about, when it is about one.
    pub fn area(&self) -> Option<Area> {
        match &self.kind {
            DeviationKind::GrantedAboveReceived { area, .. }
            | DeviationKind::NothingPassedOn { area } => Some(*area),
            DeviationKind::ReportMissing | DeviationKind::Incomplete { .. } => None,
        }
    }
}

/// A final report's words.
#[derive(Clone, Debug, Serialize)]
pub struct FinalWords {
    /// The RCC.
    pub rcc: Rcc,
    /// Good examples.
    pub good_examples: Option<String>,
    /// Proposals for further development.
    pub proposals: Option<String>,
    /// Overall results, short and long term.
    pub results: Option<String>,
    /// The investments' effect on lead times in SVF.
    pub lead_time_effects: Option<String>,
}

/// The words of one RCC report the lägesbild quotes.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct RccTexts {
    #[serde(default)]
    stage: Option<String>,
    #[serde(default)]
    areas: Vec<AreaTexts>,
    #[serde(default)]
    good_examples: Option<String>,
    #[serde(default)]
    proposals: Option<String>,
    #[serde(default)]
    results: Option<String>,
    #[serde(default)]
    lead_time_effects: Option<String>,
}

#[derive(Clone, Debug, Default, serde::Deserialize)]
struct AreaTexts {
    #[serde(default)]
    area: Option<String>,
    #[serde(default)]
    criteria: Option<String>,
    #[serde(default)]
    projects: Vec<ProjectWords>,
}

impl RccTexts {
    /// The words of a report's bytes (one the kernel accepted), to be shown as written.
    ///
    /// # Errors
    /// Why the bytes are not a report's JSON.
    pub fn of_report(bytes: &[u8]) -> Result<RccTexts, serde_json::Error> {
        let mut texts: RccTexts = serde_json::from_slice(bytes)?;
        for text in [
            &mut texts.good_examples,
            &mut texts.proposals,
            &mut texts.results,
            &mut texts.lead_time_effects,
        ] {
            *text = text.as_deref().and_then(|t| quote(t, MAX_QUOTE));
        }
        for area in &mut texts.areas {
            area.criteria = area.criteria.as_deref().and_then(|t| quote(t, MAX_QUOTE));
            for p in &mut area.projects {
                for text in [
                    &mut p.name,
                    &mut p.recipient,
                    &mut p.description,
                    &mut p.results,
                ] {
                    *text = text.as_deref().and_then(|t| quote(t, MAX_QUOTE));
                }
            }
        }
        Ok(texts)
    }

    fn area(&self, area: Area) -> Option<&AreaTexts> {
        self.areas
            .iter()
            .find(|a| a.area.as_deref() == Some(area.as_str()))
    }
}

/// The configuration the received amounts are split from.
pub struct Configuration<'a> {
    /// The population table's bytes (`config/{year}/populations.csv`).
    pub populations: &'a [u8],
    /// Its key, as messages name it.
    pub populations_file: &'a str,
    /// The agreement's allocation and its key, if the agency gave one.
    pub agreement: Option<(&'a str, &'a [u8])>,
    /// Halland's municipalities and the key, if given.
    pub halland: Option<(&'a str, &'a [u8])>,
}

/// Per area the agreement's amount and each RCC's part of it.
type Received = BTreeMap<Area, (Ore, BTreeMap<Rcc, Ore>)>;

/// What each RCC received per area: the year's allocation split, or why it cannot be.
fn received(year: Year, config: &Configuration<'_>) -> Result<Received, String> {
    let (agreement_file, agreement_bytes) = match config.agreement {
        Some(given) => given,
        None if year.number() == builtin::YEAR => {
            (builtin::AGREEMENT_2024_NAME, builtin::AGREEMENT_2024)
        }
        None => {
            return Err(format!(
                "överenskommelsens fördelning saknas: {} (bara {}:s är inbyggd)",
                layout::agreement_key(year),
                builtin::YEAR
            ));
        }
    };
    let agreement = Agreement::parse(agreement_bytes)
        .map_err(|e| BudgetError::sheet(agreement_file, e).to_string())?;
    let table = Table::parse_bytes(config.populations)
        .map_err(|e: TableError| format!("{}: {e}", config.populations_file))?;
    let sources = Sources {
        agreement: (agreement_file, agreement),
        populations: (config.populations_file, &table),
        halland: config.halland,
    };
    let budget = Budget::from_sources(year.number(), sources, None).map_err(|e| e.to_string())?;
    let mut by_area = BTreeMap::new();
    for (item, allotment) in budget.items() {
        let Some(area) = item.area.filter(|_| item.paid_to == PaidTo::Rcc) else {
            continue;
        };
        let portions = match allotment {
            Allotment::Split { portions, .. } => portions,
            Allotment::Unsplit => {
                return Err(format!(
                    "Hallands befolkning per kommun behövs för att dela {} mellan RCC Syd och \
                     RCC Väst: {}",
                    item.name,
                    layout::halland_key(year)
                ));
            }
            Allotment::Whole { .. } => {
                return Err(format!(
                    "{} (rad {}) delas inte mellan de sex RCC i fördelningen",
                    item.name, item.line
                ));
            }
        };
        let mut parts = BTreeMap::new();
        for portion in portions {
            let Recipient::Rcc(rcc) = portion.recipient else {
                return Err(format!(
                    "{} (rad {}) delas inte mellan de sex RCC i fördelningen",
                    item.name, item.line
                ));
            };
            parts.insert(rcc, portion.amount);
        }
        by_area.insert(area, (item.amount, parts));
    }
    Ok(by_area)
}

fn share(part: i64, whole: i64) -> Option<String> {
    let (part, whole) = (u64::try_from(part).ok()?, u64::try_from(whole).ok()?);
    Percent::of(part, whole).map(|p| p.to_string())
}

/// The RCC whose report is missing or incomplete.
fn report_deviations(
    year: Year,
    assessments: &BTreeMap<Rcc, StoredRccAssessment>,
) -> Vec<Deviation> {
    let mut deviations = Vec::new();
    for rcc in Rcc::ALL {
        match assessments.get(&rcc) {
            None if !Area::of_year(year).is_empty() => deviations.push(Deviation {
                rcc,
                kind: DeviationKind::ReportMissing,
            }),
            Some(a) if !a.complete => deviations.push(Deviation {
                rcc,
                kind: DeviationKind::Incomplete {
                    missing: a.missing.clone(),
                },
            }),
            _ => {}
        }
    }
    deviations
}

/// The final reports' words.
fn finals(texts: &BTreeMap<Rcc, RccTexts>) -> Vec<FinalWords> {
    Rcc::ALL
        .into_iter()
        .filter_map(|rcc| {
            let t = texts.get(&rcc)?;
            (t.stage.as_deref() == Some("final")).then(|| FinalWords {
                rcc,
                good_examples: t.good_examples.clone(),
                proposals: t.proposals.clone(),
                results: t.results.clone(),
                lead_time_effects: t.lead_time_effects.clone(),
            })
        })
        .collect()
}

impl Lagesbild {
    /// The lägesbild of `year` from its configuration, the RCC's stored assessments and their
    /// reports' words.
    ///
    /// # Errors
    /// [`Overflow`] when an area's national sum is beyond the range of an amount.
    pub fn compute(
        year: Year,
        config: &Configuration<'_>,
        assessments: &BTreeMap<Rcc, StoredRccAssessment>,
        texts: &BTreeMap<Rcc, RccTexts>,
    ) -> Result<Lagesbild, Overflow> {
        let (received, unavailable) = match received(year, config) {
            Ok(received) => (received, None),
            Err(why) => (BTreeMap::new(), Some(why)),
        };
        let no_texts = RccTexts::default();
        let mut deviations = Vec::new();
        let mut areas = Vec::new();
        for &area in Area::of_year(year) {
            let funded = received.get(&area);
            let mut picture = AreaPicture {
                area,
                total_ore: funded.map(|(total, _)| total.ore()),
                granted_ore: 0,
                passed_on: None,
                projects: 0,
                rcc: Vec::new(),
            };
            let mut received_by_reporters = 0i64;
            for rcc in Rcc::ALL {
                let received_ore = funded
                    .and_then(|(_, parts)| parts.get(&rcc))
                    .map(|o| o.ore());
                let figures = assessments
                    .get(&rcc)
                    .and_then(|a| a.areas.iter().find(|f| f.area == Word::Known(area)));
                let words = texts.get(&rcc).unwrap_or(&no_texts).area(area);
                let reported = assessments.contains_key(&rcc);
                if let Some(f) = figures {
                    // Sums beyond the range of an amount are refused, never saturated.
                    let overflow = Overflow { area, rcc };
                    picture.granted_ore = picture
                        .granted_ore
                        .checked_add(f.granted_ore)
                        .ok_or(overflow)?;
                    picture.projects += u32::from(f.projects);
                    received_by_reporters = received_by_reporters
                        .checked_add(received_ore.unwrap_or(0))
                        .ok_or(overflow)?;
                    if let Some(r) = received_ore {
                        if f.granted_ore > r {
                            deviations.push(Deviation {
                                rcc,
                                kind: DeviationKind::GrantedAboveReceived {
                                    area,
                                    granted: Ore(f.granted_ore),
                                    received: Ore(r),
                                },
                            });
                        } else if f.granted_ore == 0 {
                            deviations.push(Deviation {
                                rcc,
                                kind: DeviationKind::NothingPassedOn { area },
                            });
                        }
                    }
                }
                picture.rcc.push(RccPicture {
                    rcc,
                    reported,
                    received_ore,
                    granted_ore: figures.map(|f| f.granted_ore),
                    passed_on: figures
                        .zip(received_ore)
                        .and_then(|(f, r)| share(f.granted_ore, r)),
                    projects: figures.map(|f| f.projects),
                    applications: figures.and_then(|f| f.applications),
                    criteria: words.and_then(|w| w.criteria.clone()),
                    project_list: words.map(|w| w.projects.clone()).unwrap_or_default(),
                });
            }
            picture.passed_on = share(picture.granted_ore, received_by_reporters);
            areas.push(picture);
        }
        deviations.extend(report_deviations(year, assessments));
        let finals = finals(texts);
        let as_of = assessments
            .values()
            .map(|a| a.received.stockholm_date())
            .max();
        Ok(Lagesbild {
            agreement_year: year,
            unavailable,
            areas,
            deviations,
            finals,
            as_of,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::stored::StoredRccAssessment;

    const POPULATIONS: &[u8] = include_bytes!("../../../demo/populations-2024.csv");
    const HALLAND: &[u8] = include_bytes!("../../../demo/halland-2024.csv");

    fn config<'a>(halland: Option<&'a [u8]>, agreement: Option<&'a [u8]>) -> Configuration<'a> {
        Configuration {
            populations: POPULATIONS,
            populations_file: "config/x/populations.csv",
            agreement: agreement.map(|a| ("config/x/agreement.tsv", a)),
            halland: halland.map(|h| ("config/x/halland.csv", h)),
        }
    }

    #[test]
    fn a_year_without_what_it_needs_says_so() {
        let none = BTreeMap::new();
        let l =
            Lagesbild::compute(Year::Y2024, &config(None, None), &none, &BTreeMap::new()).unwrap();
        let why = l.unavailable.unwrap();
        assert!(why.contains("config/2024/halland.csv"), "{why}");
        let l = Lagesbild::compute(
            Year::Y2026,
            &config(Some(HALLAND), None),
            &none,
            &BTreeMap::new(),
        )
        .unwrap();
        assert!(l.unavailable.unwrap().contains("config/2026/agreement.tsv"));
        assert_eq!(l.areas.len(), 4, "2026's four areas, received unknown");
        assert!(
            l.areas
                .iter()
                .all(|a| a.rcc.iter().all(|r| r.received_ore.is_none()))
        );
        // Every RCC's report is missing.
        assert_eq!(l.deviations.len(), 6);
        let broken = b"item\tmsek\trecipient\tsplit\tarea\nX\t1\tRCC\tpopulation\tkirurgi\nTotalt\t1\t\t\t\n";
        let l = Lagesbild::compute(
            Year::Y2024,
            &config(Some(HALLAND), Some(broken)),
            &none,
            &BTreeMap::new(),
        )
        .unwrap();
        let why = l.unavailable.unwrap();
        assert!(
            why.contains("config/x/agreement.tsv") && why.contains("line 2"),
            "{why}"
        );
    }

    #[test]
    fn a_final_report_shows_its_results_and_granting_too_much_deviates() {
        let report = serde_json::json!({
            "schema": "svf-rcc-report/1", "agreement_year": 2024, "rcc": "norr", "stage": "final",
            "areas": [{"area": "patologi", "criteria": "Kriterier.",
                       "projects": [{"name": "P", "recipient": "R", "amount_ore": 600_000_000,
                                     "description": "D", "results": "Kortare svarstider."}]}],
            "good_examples": "Gott exempel.", "proposals": "Förslag.", "results": "Resultat.",
            "lead_time_effects": "Ledtiderna kortades med två veckor."
        });
        let bytes = report.to_string().into_bytes();
        let at = svf_kernel::time::Instant::parse_rfc3339("2025-03-01T08:00:00Z").unwrap();
        let assessed = svf_kernel::rcc::RccAssessment::of_bytes(&bytes, at);
        let stored = StoredRccAssessment::parse(&serde_json::to_vec(&assessed).unwrap()).unwrap();
        let assessments = BTreeMap::from([(Rcc::Norr, stored)]);
        let texts = BTreeMap::from([(Rcc::Norr, RccTexts::of_report(&bytes).unwrap())]);
        let l = Lagesbild::compute(
            Year::Y2024,
            &config(Some(HALLAND), None),
            &assessments,
            &texts,
        )
        .unwrap();
        assert_eq!(l.unavailable, None);
        let norr = &l.areas[0].rcc[0];
        // Norr received 5 126 012 kr of patologi and granted 6 000 000 kr.
        assert_eq!(norr.received_ore, Some(512_601_200));
        assert_eq!(norr.passed_on.as_deref(), Some("117,05 %"));
        assert!(l.deviations.iter().any(|d| d.kind
            == DeviationKind::GrantedAboveReceived {
                area: Area::Patologi,
                granted: Ore(600_000_000),
                received: Ore(512_601_200),
            }));
        assert_eq!(
            norr.project_list[0].results.as_deref(),
            Some("Kortare svarstider.")
        );
        assert_eq!(l.finals.len(), 1);
        assert_eq!(
            l.finals[0].lead_time_effects.as_deref(),
            Some("Ledtiderna kortades med två veckor.")
        );
        let page = crate::present::page::lagesbild::render(&l, None);
        assert!(page.contains("Effekt på ledtider inom SVF"));
        assert!(page.contains("Ledtiderna kortades med två veckor."));
    }

    #[test]
    fn a_sum_beyond_the_range_of_an_amount_is_refused_not_saturated() {
        // Two stored assessments edited by hand, each granting near the largest amount.
        let stored = |rcc: &str| {
            let json = format!(
                r#"{{"schema": "svf-rcc-assessment/1", "status": "assessed", "agreement_year": 2024,
                    "rcc": "{rcc}", "received": "2025-03-01T08:00:00Z", "complete": true,
                    "areas": [{{"area": "patologi", "granted_ore": {}, "projects": 1}}]}}"#,
                i64::MAX - 1
            );
            StoredRccAssessment::parse(json.as_bytes()).unwrap()
        };
        let assessments = BTreeMap::from([(Rcc::Norr, stored("norr")), (Rcc::Syd, stored("syd"))]);
        let refused = Lagesbild::compute(
            Year::Y2024,
            &config(Some(HALLAND), None),
            &assessments,
            &BTreeMap::new(),
        )
        .unwrap_err();
        assert_eq!(refused.area, Area::Patologi);
    }
}
