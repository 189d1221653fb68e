//! The national picture of a year (`summary/{year}/national.json`, `svf-national/1`; contract
//! §3–4): inclusion as Σ in SVF / Σ new cases, lead-time fulfilment per SVF as Σ within /
//! Σ patients (from the deciding figures where a condition decided, else the report's own, so
//! 2024 too), the same for women and men with the difference in percentage points, the
//! previous agreement year beside them, and the regions that miss a goal with their reasons and
//! their own account of their improvement work, quoted from their reports.
//!
//! Every figure is made from the counts the assessments keep as numbers; rates are the kernel's
//! hundredths rounded half up ([`Percent`]), differences its exact [`PointDifference`]. A figure
//! by sex resting on fewer than [`MIN_PATIENTS`] patients is shown as `–` (RCC i samverkan's
//! rule for published wait-time data), and its counts are not published. Nothing here decides:
//! the verdicts are the assessments'.

use std::collections::BTreeMap;

use serde::Serialize;
use svf_kernel::assessment::{Figures, Source};
use svf_kernel::percent::{Percent, PointDifference};
use svf_kernel::region::{Region, Year};
use svf_kernel::rules::Rules;
use svf_kernel::vocabulary::{ConditionId, DiagnosisId};

use crate::contract::stored::{StoredAssessment, StoredBySex};
use crate::contract::word::Word;
use crate::model::quote::quote;

/// The schema id of the national figures.
pub const NATIONAL_SCHEMA: &str = "svf-national/1";

/// The fewest patients a figure by sex may rest on to be shown.
pub const MIN_PATIENTS: u32 = 5;

/// What is shown of a suppressed figure.
pub const SUPPRESSED: &str = "–";

/// The national figures of a year.
#[derive(Clone, Debug, Serialize)]
pub struct National {
    schema: &'static str,
    /// The agreement year.
    pub agreement_year: u16,
    /// Regions with an assessment.
    pub regions_assessed: usize,
    /// National inclusion.
    pub inclusion: Figure,
    /// National lead-time fulfilment, per SVF.
    pub lead_times: Vec<LeadTimeFigure>,
    /// Each region's figures.
    pub regions: Vec<RegionFigures>,
    /// The regions missing the inclusion goal.
    pub inclusion_deviations: Vec<Deviation>,
    /// The previous agreement year's national figures, when the bucket holds its assessments.
    pub previous: Option<Previous>,
}

/// A rate from its counts, with the same for women and men.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// The counted part: in SVF, or within the maximum time.
    pub part: u64,
    /// The whole: new cases, or patients.
    pub whole: u64,
    /// `part / whole`, `81,07 %`; `None` without a whole.
    pub rate: Option<String>,
    /// Women's and men's, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_sex: Option<SexFigure>,
}

/// Figures for women and men: each a rate or `–`, and the difference (women less men) in
/// percentage points when both are shown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SexFigure {
    /// Women's rate, or `–` when it rests on fewer than five; `None` when not given.
    pub women: Option<String>,
    /// Men's.
    pub men: Option<String>,
    /// Women's rate less men's, in percentage points: `+1,23`.
    pub difference_pp: Option<String>,
}

/// One SVF's fulfilment.
#[derive(Clone, Debug, Serialize)]
pub struct LeadTimeFigure {
    /// The SVF.
    pub svf: String,
    /// Whether the year's rules decide a part on it.
    pub condition: bool,
    /// Σ within / Σ patients.
    #[serde(flatten)]
    pub figure: Figure,
    /// Regions counted.
    pub regions: usize,
    /// Of them, decided on the agency's data.
    pub agency: usize,
    /// The regions missing the goal (the year's conditions only).
    pub deviations: Vec<Deviation>,
}

/// A region missing a goal, with its own words.
#[derive(Clone, Debug, Serialize)]
pub struct Deviation {
    /// The region's code.
    pub region: &'static str,
    /// The region's name.
    pub name: &'static str,
    /// Its rate.
    pub rate: Option<String>,
    /// Whether the condition is still met (a lead time improved on its baseline).
    pub met: Option<bool>,
    /// Why the goal is missed, quoted from the report (`lead_times[].reason`).
    pub reason: Option<String>,
    /// The region's account of its improvement work, quoted (`narrative.lead_times`).
    pub improvement_work: Option<String>,
}

/// One region's figures.
#[derive(Clone, Debug, Serialize)]
pub struct RegionFigures {
    /// The region's code.
    pub region: &'static str,
    /// The region's name.
    pub name: &'static str,
    /// Inclusion, when reported.
    pub inclusion: Option<Figure>,
    /// Lead times, per SVF.
    pub lead_times: Vec<RegionLeadTime>,
}

/// One region's fulfilment of one SVF.
#[derive(Clone, Debug, Serialize)]
pub struct RegionLeadTime {
    /// The SVF.
    pub svf: String,
    /// Whose figures: `agency` or `report`.
    pub source: &'static str,
    /// The deciding (or reported) figures.
    #[serde(flatten)]
    pub figure: Figure,
    /// The report's own counts `(within, patients)` where the agency's decided and they differ.
    pub reported: Option<(u32, u32)>,
}

/// The previous agreement year, beside this one.
#[derive(Clone, Debug, Serialize)]
pub struct Previous {
    /// Its year.
    pub agreement_year: u16,
    /// Regions with an assessment.
    pub regions_assessed: usize,
    /// Its national inclusion.
    pub inclusion: Figure,
    /// Its lead-time fulfilment per SVF.
    pub lead_times: Vec<PreviousLeadTime>,
}

/// One SVF's fulfilment in the previous year.
#[derive(Clone, Debug, Serialize)]
pub struct PreviousLeadTime {
    /// The SVF.
    pub svf: String,
    /// Σ within / Σ patients.
    #[serde(flatten)]
    pub figure: Figure,
}

/// The words of a region's report that the national picture quotes.
#[derive(Clone, Debug, Default)]
pub struct Quotes {
    /// `narrative.lead_times`.
    pub improvement_work: Option<String>,
    /// `lead_times[].reason` by SVF.
    pub reasons: BTreeMap<String, String>,
}

/// The longest quote, in characters; a longer text is cut at a word and marked `…`.
pub const MAX_QUOTE_CHARS: usize = 600;

impl Quotes {
    /// The quotes of a report's bytes (one the kernel accepted): its words are read only to be
    /// shown, as written, and never decide anything.
    ///
    /// # Errors
    /// Why the bytes are not a report's JSON.
    pub fn of_report(bytes: &[u8]) -> Result<Quotes, serde_json::Error> {
        #[derive(serde::Deserialize)]
        struct Texts {
            #[serde(default)]
            narrative: Narrative,
            #[serde(default)]
            lead_times: Vec<Entry>,
        }
        #[derive(Default, serde::Deserialize)]
        struct Narrative {
            #[serde(default)]
            lead_times: Option<String>,
        }
        #[derive(serde::Deserialize)]
        struct Entry {
            #[serde(default)]
            svf: Option<String>,
            #[serde(default)]
            reason: Option<String>,
        }
        let texts: Texts = serde_json::from_slice(bytes)?;
        Ok(Quotes {
            improvement_work: texts
                .narrative
                .lead_times
                .as_deref()
                .and_then(|t| quote(t, MAX_QUOTE_CHARS)),
            reasons: texts
                .lead_times
                .into_iter()
                .filter_map(|e| Some((e.svf?, quote(e.reason.as_deref()?, MAX_QUOTE_CHARS)?)))
                .collect(),
        })
    }
}

/// Sums of counts: part and whole.
#[derive(Clone, Copy, Debug, Default)]
struct Sums {
    part: u64,
    whole: u64,
}

impl Sums {
    fn add(&mut self, (part, whole): (u32, u32)) {
        self.part += u64::from(part);
        self.whole += u64::from(whole);
    }
}

/// Sums for all, women and men.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    all: Sums,
    women: Option<Sums>,
    men: Option<Sums>,
}

impl Tally {
    fn add(&mut self, counts: (u32, u32), by_sex: Option<StoredBySex>) {
        self.all.add(counts);
        let [women, men] = by_sex.map(|b| b.counts()).unwrap_or_default();
        if let Some(w) = women {
            self.women.get_or_insert_default().add(w);
        }
        if let Some(m) = men {
            self.men.get_or_insert_default().add(m);
        }
    }

    fn figure(&self) -> Figure {
        let sex = |s: Option<Sums>| s.map(|s| (s.part, s.whole));
        Figure {
            part: self.all.part,
            whole: self.all.whole,
            rate: rate(self.all.part, self.all.whole),
            by_sex: sex_figure(sex(self.women), sex(self.men)),
        }
    }
}

fn rate(part: u64, whole: u64) -> Option<String> {
    Percent::of(part, whole).map(|p| p.to_string())
}

/// Women's and men's figures, each suppressed under [`MIN_PATIENTS`]; `None` when neither is
/// given.
fn sex_figure(women: Option<(u64, u64)>, men: Option<(u64, u64)>) -> Option<SexFigure> {
    if women.is_none() && men.is_none() {
        return None;
    }
    let shown = |s: Option<(u64, u64)>| s.filter(|&(_, whole)| whole >= u64::from(MIN_PATIENTS));
    let text = |s: Option<(u64, u64)>| {
        s.map(|(part, whole)| {
            if whole < u64::from(MIN_PATIENTS) {
                SUPPRESSED.to_owned()
            } else {
                rate(part, whole).unwrap_or_else(|| SUPPRESSED.to_owned())
            }
        })
    };
    let difference = match (shown(women), shown(men)) {
        (Some(w), Some(m)) => PointDifference::between(w, m).map(|d| d.to_string()),
        _ => None,
    };
    Some(SexFigure {
        women: text(women),
        men: text(men),
        difference_pp: difference,
    })
}

/// One region's figures for one SVF, and whether it decides: from the condition where the
/// rules have one, else the report's own.
struct RegionSvf {
    counts: (u32, u32),
    by_sex: Option<StoredBySex>,
    source: Source,
    reported: Option<(u32, u32)>,
    condition: Option<(Option<bool>, bool)>,
}

fn region_svfs(assessment: &StoredAssessment) -> BTreeMap<String, RegionSvf> {
    let mut svfs = BTreeMap::new();
    for reported in &assessment.lead_times {
        if let Some(counts) = reported.counts() {
            svfs.insert(
                reported.svf.to_string(),
                RegionSvf {
                    counts,
                    by_sex: reported.by_sex,
                    source: Source::Report,
                    reported: None,
                    condition: None,
                },
            );
        }
    }
    for c in &assessment.conditions {
        let Word::Known(ConditionId::LeadTime(d)) = &c.id else {
            continue;
        };
        let Figures::LeadTime {
            within,
            patients,
            reaches_goal,
            ..
        } = c.figures()
        else {
            continue;
        };
        let source = match &c.source {
            Some(Word::Known(s)) => *s,
            _ => Source::Report,
        };
        let own = assessment.reported_counts(d);
        svfs.insert(
            d.to_string(),
            RegionSvf {
                counts: (within, patients),
                by_sex: c.by_sex,
                source,
                reported: own.filter(|&o| source == Source::Agency && o != (within, patients)),
                condition: Some((c.met, reaches_goal)),
            },
        );
    }
    svfs
}

/// Whether the region misses a goal [`National::of`] lists it under: the inclusion goal, or the
/// lead-time goal of one of the rules' diagnoses. Only these regions' reports are quoted.
pub fn misses_a_goal(rules: &Rules, assessment: &StoredAssessment) -> bool {
    assessment.conditions.iter().any(|c| {
        let decides = match c.id.known() {
            Some(ConditionId::Inclusion) => true,
            Some(ConditionId::LeadTime(d)) => rules.lead_time_diagnoses().contains(d),
            _ => false,
        };
        let below = match c.figures() {
            Figures::LeadTime { reaches_goal, .. } => !reaches_goal,
            _ => c.met == Some(false),
        };
        decides && below
    })
}

/// A region's inclusion: its counts `(in SVF, new cases)`, by sex, and whether it is met.
type InclusionOf = ((u32, u32), Option<StoredBySex>, Option<bool>);

fn inclusion_of(assessment: &StoredAssessment) -> Option<InclusionOf> {
    let c = assessment.condition(&ConditionId::Inclusion)?;
    Some((c.counts()?, c.by_sex, c.met))
}

fn region_figure(counts: (u32, u32), by_sex: Option<StoredBySex>) -> Figure {
    let mut tally = Tally::default();
    tally.add(counts, by_sex);
    tally.figure()
}

impl National {
    /// The figures of `year` from its assessments, with the reports' words in `quotes` and
    /// the previous year's assessments, if any.
    pub fn of(
        rules: &Rules,
        assessments: &BTreeMap<Region, StoredAssessment>,
        quotes: &BTreeMap<Region, Quotes>,
        previous: Option<(Year, &BTreeMap<Region, StoredAssessment>)>,
    ) -> National {
        let assessed: Vec<(Region, &StoredAssessment)> = assessments
            .iter()
            .filter(|(_, a)| a.assessed())
            .map(|(r, a)| (*r, a))
            .collect();
        let (inclusion, lead) = totals(&assessed);
        let no_quotes = Quotes::default();
        let quotes_of = |r: &Region| quotes.get(r).unwrap_or(&no_quotes);
        let mut inclusion_deviations = Vec::new();
        let mut regions = Vec::new();
        for &(region, assessment) in &assessed {
            let inc = inclusion_of(assessment);
            if let Some((counts, _, Some(false))) = inc {
                inclusion_deviations.push(Deviation {
                    region: region.code(),
                    name: region.name(),
                    rate: rate(u64::from(counts.0), u64::from(counts.1)),
                    met: Some(false),
                    reason: None,
                    improvement_work: quotes_of(&region).improvement_work.clone(),
                });
            }
            regions.push(RegionFigures {
                region: region.code(),
                name: region.name(),
                inclusion: inc.map(|(counts, by_sex, _)| region_figure(counts, by_sex)),
                lead_times: region_svfs(assessment)
                    .into_iter()
                    .map(|(svf, s)| RegionLeadTime {
                        svf,
                        source: s.source.as_str(),
                        figure: region_figure(s.counts, s.by_sex),
                        reported: s.reported,
                    })
                    .collect(),
            });
        }
        let diagnoses: Vec<&DiagnosisId> = rules.lead_time_diagnoses().iter().collect();
        let mut order: Vec<String> = diagnoses.iter().map(ToString::to_string).collect();
        for svf in lead.keys() {
            if !order.contains(svf) {
                order.push(svf.clone());
            }
        }
        let lead_times = order
            .into_iter()
            .filter_map(|svf| {
                let (tally, count, agency) = lead.get(&svf)?;
                let condition = diagnoses.iter().any(|d| d.as_str() == svf);
                let deviations = assessed
                    .iter()
                    .filter_map(|&(region, assessment)| {
                        let s = region_svfs(assessment).remove(&svf)?;
                        let (met, false) = s.condition? else {
                            return None;
                        };
                        let q = quotes_of(&region);
                        Some(Deviation {
                            region: region.code(),
                            name: region.name(),
                            rate: rate(u64::from(s.counts.0), u64::from(s.counts.1)),
                            met,
                            reason: q.reasons.get(&svf).cloned(),
                            improvement_work: q.improvement_work.clone(),
                        })
                    })
                    .collect();
                Some(LeadTimeFigure {
                    svf,
                    condition,
                    figure: tally.figure(),
                    regions: *count,
                    agency: *agency,
                    deviations,
                })
            })
            .collect();
        let previous = previous.and_then(|(year, assessments)| previous_of(year, assessments));
        National {
            schema: NATIONAL_SCHEMA,
            agreement_year: rules.year().number(),
            regions_assessed: assessed.len(),
            inclusion: inclusion.figure(),
            lead_times,
            regions,
            inclusion_deviations,
            previous,
        }
    }

    /// The previous year's figure for `svf`, if any.
    pub fn previous_lead_time(&self, svf: &str) -> Option<&Figure> {
        self.previous
            .as_ref()?
            .lead_times
            .iter()
            .find(|p| p.svf == svf)
            .map(|p| &p.figure)
    }
}

/// The previous year's national figures; `None` without an accepted report.
fn previous_of(year: Year, assessments: &BTreeMap<Region, StoredAssessment>) -> Option<Previous> {
    let assessed: Vec<(Region, &StoredAssessment)> = assessments
        .iter()
        .filter(|(_, a)| a.assessed())
        .map(|(r, a)| (*r, a))
        .collect();
    if assessed.is_empty() {
        return None;
    }
    let (inclusion, lead) = totals(&assessed);
    Some(Previous {
        agreement_year: year.number(),
        regions_assessed: assessed.len(),
        inclusion: inclusion.figure(),
        lead_times: lead
            .into_iter()
            .map(|(svf, (tally, _, _))| PreviousLeadTime {
                svf,
                figure: tally.figure(),
            })
            .collect(),
    })
}

/// Inclusion and each SVF's tally (with regions counted and how many on the agency's data).
fn totals(
    assessed: &[(Region, &StoredAssessment)],
) -> (Tally, BTreeMap<String, (Tally, usize, usize)>) {
    let mut inclusion = Tally::default();
    let mut lead: BTreeMap<String, (Tally, usize, usize)> = BTreeMap::new();
    for &(_, assessment) in assessed {
        if let Some((counts, by_sex, _)) = inclusion_of(assessment) {
            inclusion.add(counts, by_sex);
        }
        for (svf, s) in region_svfs(assessment) {
            let entry = lead.entry(svf).or_default();
            entry.0.add(s.counts, s.by_sex);
            entry.1 += 1;
            entry.2 += usize::from(s.source == Source::Agency);
        }
    }
    (inclusion, lead)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_by_sex_on_fewer_than_five_is_suppressed() {
        // Four men: not shown, and no difference; five: shown, with the difference.
        let four = sex_figure(Some((40, 50)), Some((3, 4))).unwrap();
        assert_eq!(four.women.as_deref(), Some("80,00 %"));
        assert_eq!(four.men.as_deref(), Some(SUPPRESSED));
        assert_eq!(four.difference_pp, None);
        let five = sex_figure(Some((40, 50)), Some((3, 5))).unwrap();
        assert_eq!(five.men.as_deref(), Some("60,00 %"));
        assert_eq!(five.difference_pp.as_deref(), Some("+20,00"));
        // Women under five too: the rule is the same for both.
        let women = sex_figure(Some((4, 4)), Some((30, 50))).unwrap();
        assert_eq!(women.women.as_deref(), Some(SUPPRESSED));
        assert_eq!(sex_figure(None, None), None);
        let men_only = sex_figure(None, Some((30, 50))).unwrap();
        assert_eq!((men_only.women, men_only.difference_pp), (None, None));
    }

    #[test]
    fn quotes_are_the_regions_words_trimmed_and_bounded() {
        let long = "ord ".repeat(400);
        let report = serde_json::json!({
            "narrative": {"lead_times": format!("  {long}")},
            "lead_times": [
                {"svf": "breast", "reason": "Brist på\tröntgenläkare."},
                {"svf": "colon", "reason": "   "},
                {"svf": "rectum"}
            ]
        });
        let quotes = Quotes::of_report(report.to_string().as_bytes()).unwrap();
        let work = quotes.improvement_work.unwrap();
        assert!(work.ends_with("ord…"), "{work}");
        assert!(work.chars().count() <= MAX_QUOTE_CHARS + 1);
        assert_eq!(quotes.reasons["breast"], "Brist på röntgenläkare.");
        assert!(!quotes.reasons.contains_key("colon"));
        assert!(!quotes.reasons.contains_key("rectum"));
        assert!(Quotes::of_report(b"[1, 2]").is_err());
    }
}
