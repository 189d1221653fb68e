//! The national summary of a year (`summary/{year}/payments.json`, `payments.tsv` and the page
//! `index.html`), recomputed from every assessment and the year's population table (and, for
//! the page's goals, its rules).
//!
//! Writes are conditional on the summary being what was read before the assessments were
//! listed, and retried: when two updates race, the loser starts over from a fresh listing, so
//! the summary that stands was computed after the last assessment it must include was written.
//! The page is written the same way, so an update that lost the race cannot put back an older
//! page over a newer one. An object that already holds what an update computed is left as it
//! is (and one found holding it after a lost race counts as written): that never puts back
//! anything older, and keeps many updates racing to the same result from starting over.

use std::collections::BTreeMap;

use serde::Deserialize;
use svf_kernel::Table;
use svf_kernel::assessment::ASSESSMENT_SCHEMA;
use svf_kernel::payments::{Payments, Policy};
use svf_kernel::region::{Region, Year};
use svf_kernel::rules::Rules;
use tracing::info;

use crate::PipelineError;
use crate::layout::{self, ASSESSMENTS};
use crate::page::{self, AssessmentView};
use crate::render;
use crate::store::{Condition, ObjectStore, Written};

/// What payments need of an assessment (`svf-assessment/1`).
#[derive(Debug, Deserialize)]
struct AssessmentParts {
    schema: String,
    status: String,
    agreement_year: Option<u16>,
    region_code: Option<String>,
    parts: Vec<PartVerdict>,
}

#[derive(Debug, Deserialize)]
struct PartVerdict {
    id: String,
    eligible: bool,
}

/// The region an assessment is of, and the conditional payments it earned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Earned {
    /// The region.
    pub region: Region,
    /// The ids of the parts it is eligible for (none when the report was rejected).
    pub parts: Vec<String>,
}

/// Reads what an assessment earned, checking that it is an assessment of `year`.
///
/// # Errors
/// Why the bytes are not an assessment of that year, in words for the person who gave them.
pub fn earned(bytes: &[u8], year: Year) -> Result<Earned, String> {
    let assessment: AssessmentParts =
        serde_json::from_slice(bytes).map_err(|e| format!("not an assessment: {e}"))?;
    if assessment.schema != ASSESSMENT_SCHEMA {
        return Err(format!(
            "schema is {:?}, not {ASSESSMENT_SCHEMA:?}",
            assessment.schema
        ));
    }
    match assessment.agreement_year {
        Some(y) if y == year.number() => {}
        Some(other) => return Err(format!("the assessment is for {other}, not {year}")),
        None => {
            return Err(format!(
                "the assessment has no agreement year; it is not for {year}"
            ));
        }
    }
    let code = assessment.region_code.as_deref().unwrap_or_default();
    let region = Region::from_code(code).ok_or_else(|| format!("{code:?} is not a region code"))?;
    let parts = if assessment.status == "assessed" {
        assessment
            .parts
            .into_iter()
            .filter(|p| p.eligible)
            .map(|p| p.id)
            .collect()
    } else {
        Vec::new()
    };
    Ok(Earned { region, parts })
}

/// What updating the summary came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SummaryOutcome {
    /// Written; how many regions had an assessment.
    Written {
        /// Regions with an assessment.
        assessed: usize,
    },
    /// Already up to date.
    Unchanged,
    /// No population table for the year: nothing can be paid yet.
    NoPopulations,
}

/// Recomputes the summary of `year` and writes it if it changed.
///
/// # Errors
/// [`PipelineError`] when the store fails, the population table or an assessment is broken,
/// or the summary keeps changing under the update.
pub async fn update_summary(
    store: &impl ObjectStore,
    year: Year,
) -> Result<SummaryOutcome, PipelineError> {
    let json_key = layout::summary_json_key(year);
    let tsv_key = layout::summary_tsv_key(year);
    let html_key = layout::summary_html_key(year);
    'attempts: for _ in 0..crate::MAX_ATTEMPTS {
        // Read what stands before listing: the conditions below then mean "nothing was written
        // since our listing began".
        let json_now = store.get(&json_key).await?;
        let tsv_now = store.get(&tsv_key).await?;
        let html_now = store.get(&html_key).await?;
        let Some(populations) = store.get(&layout::populations_key(year)).await? else {
            return Ok(SummaryOutcome::NoPopulations);
        };
        let rules = match store.get(&layout::rules_key(year)).await? {
            Some(file) => Rules::with_file(year, &file.bytes)
                .map_err(|e| PipelineError::Config(format!("{}: {e}", layout::rules_key(year))))?,
            None => Rules::of(year),
        };
        let assessed = assessments_by_region(store, year).await?;
        let regions = assessed.len();
        let summary = summarise(year, &populations.bytes, &rules, assessed)?;
        let unchanged = |now: &Option<crate::store::Object>, new: &[u8]| {
            now.as_ref().is_some_and(|o| o.bytes == new)
        };
        if unchanged(&json_now, &summary.json)
            && unchanged(&tsv_now, &summary.tsv)
            && unchanged(&html_now, &summary.html)
        {
            return Ok(SummaryOutcome::Unchanged);
        }
        // The table and the page for people first, the JSON last: the JSON standing means all
        // three are current.
        let writes = [
            (
                &tsv_key,
                summary.tsv,
                "text/tab-separated-values; charset=utf-8",
                tsv_now,
            ),
            (
                &html_key,
                summary.html,
                "text/html; charset=utf-8",
                html_now,
            ),
            (&json_key, summary.json, "application/json", json_now),
        ];
        for (key, bytes, content_type, now) in writes {
            let condition = match now {
                // Already as it should be: left alone, so racing updates lose less often.
                Some(object) if object.bytes == bytes => continue,
                Some(object) => Condition::IfMatch(object.etag),
                None => Condition::IfAbsent,
            };
            if store
                .put(key, bytes.clone(), content_type, condition)
                .await?
                == Written::ConditionFailed
            {
                // Written since our read. If by an update that computed the same, it stands as
                // ours would; anything else may be newer than our listing: start over.
                if store.get(key).await?.is_some_and(|o| o.bytes == bytes) {
                    continue;
                }
                continue 'attempts;
            }
        }
        info!(year = year.number(), assessed = regions, "summary written");
        return Ok(SummaryOutcome::Written { assessed: regions });
    }
    Err(PipelineError::Contention(json_key))
}

/// A year's summary, as written.
struct Outputs {
    json: Vec<u8>,
    tsv: Vec<u8>,
    html: Vec<u8>,
}

/// The summary of `year` from its population table, rules and assessments.
fn summarise(
    year: Year,
    populations: &[u8],
    rules: &Rules,
    assessed: BTreeMap<Region, (Vec<String>, AssessmentView)>,
) -> Result<Outputs, PipelineError> {
    let config = |e: &dyn std::fmt::Display| {
        PipelineError::Config(format!("{}: {e}", layout::populations_key(year)))
    };
    let table = Table::parse_bytes(populations).map_err(|e| config(&e))?;
    let payments = Payments::compute(&Rules::of(year), &table, Policy::Withhold, |region, id| {
        assessed
            .get(&region)
            .is_some_and(|(parts, _)| parts.iter().any(|p| p == id))
    })
    .map_err(|e| config(&e))?;
    let mut json = serde_json::to_vec_pretty(&payments)?;
    json.push(b'\n');
    let mut tsv = Vec::new();
    render::write_annex(&mut tsv, &payments, table.weight_header())
        .map_err(|e| PipelineError::Config(e.to_string()))?;
    // Each region's share of every payment, for what the page says is withheld from whom.
    let shares = Payments::compute(&Rules::of(year), &table, Policy::Withhold, |_, _| true)
        .map_err(|e| config(&e))?;
    let views: BTreeMap<Region, AssessmentView> = assessed
        .into_iter()
        .map(|(region, (_, view))| (region, view))
        .collect();
    let html = page::render(&page::Summary {
        payments: &payments,
        shares: &shares,
        rules,
        assessments: &views,
    })
    .into_bytes();
    Ok(Outputs { json, tsv, html })
}

/// The conditional parts each region has earned, and what the page shows of its assessment,
/// from `assessments/{year}/`.
async fn assessments_by_region(
    store: &impl ObjectStore,
    year: Year,
) -> Result<BTreeMap<Region, (Vec<String>, AssessmentView)>, PipelineError> {
    let mut by_region = BTreeMap::new();
    for info in store.list(&format!("{ASSESSMENTS}{year}/")).await? {
        let Some(region) = info
            .key
            .rsplit('/')
            .next()
            .and_then(|f| f.strip_suffix(".json"))
            .and_then(Region::from_code)
        else {
            continue;
        };
        let Some(object) = store.get(&info.key).await? else {
            continue;
        };
        let found = earned(&object.bytes, year)
            .map_err(|why| PipelineError::Config(format!("{}: {why}", info.key)))?;
        if found.region != region {
            return Err(PipelineError::Config(format!(
                "{}: an assessment of region {}",
                info.key,
                found.region.code()
            )));
        }
        let view: AssessmentView = serde_json::from_slice(&object.bytes)
            .map_err(|e| PipelineError::Config(format!("{}: {e}", info.key)))?;
        by_region.insert(region, (found.parts, view));
    }
    Ok(by_region)
}
