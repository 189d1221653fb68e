//! The national summary of a year (`summary/{year}/payments.json` and `payments.tsv`),
//! recomputed from every assessment and the year's population table.
//!
//! Writes are conditional on the summary being what was read before the assessments were
//! listed, and retried: when two updates race, the loser starts over from a fresh listing, so
//! the summary that stands was computed after the last assessment it must include was written.

use std::collections::HashMap;

use serde::Deserialize;
use svf_kernel::Table;
use svf_kernel::assessment::ASSESSMENT_SCHEMA;
use svf_kernel::payments::{Payments, Policy};
use svf_kernel::region::{Region, Year};
use svf_kernel::rules::Rules;
use tracing::info;

use crate::PipelineError;
use crate::layout::{self, ASSESSMENTS};
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
    for _ in 0..crate::MAX_ATTEMPTS {
        // Read what stands before listing: the conditions below then mean "nothing was written
        // since our listing began".
        let json_now = store.get(&json_key).await?;
        let tsv_now = store.get(&tsv_key).await?;
        let Some(populations) = store.get(&layout::populations_key(year)).await? else {
            return Ok(SummaryOutcome::NoPopulations);
        };
        let earned = earned_by_region(store, year).await?;
        let table = Table::parse_bytes(&populations.bytes).map_err(|e| {
            PipelineError::Config(format!("{}: {e}", layout::populations_key(year)))
        })?;
        let payments =
            Payments::compute(&Rules::of(year), &table, Policy::Withhold, |region, id| {
                earned
                    .get(&region)
                    .is_some_and(|parts| parts.iter().any(|p| p == id))
            })
            .map_err(|e| {
                PipelineError::Config(format!("{}: {e}", layout::populations_key(year)))
            })?;
        let mut json = serde_json::to_vec_pretty(&payments)?;
        json.push(b'\n');
        let mut tsv = Vec::new();
        render::write_annex(&mut tsv, &payments, table.weight_header())
            .map_err(|e| PipelineError::Config(e.to_string()))?;
        let unchanged = |now: &Option<crate::store::Object>, new: &[u8]| {
            now.as_ref().is_some_and(|o| o.bytes == new)
        };
        if unchanged(&json_now, &json) && unchanged(&tsv_now, &tsv) {
            return Ok(SummaryOutcome::Unchanged);
        }
        let condition = |now: &Option<crate::store::Object>| match now {
            Some(object) => Condition::IfMatch(object.etag.clone()),
            None => Condition::IfAbsent,
        };
        // The table for people first, the JSON last: the JSON standing means both are current.
        if store
            .put(
                &tsv_key,
                tsv,
                "text/tab-separated-values; charset=utf-8",
                condition(&tsv_now),
            )
            .await?
            == Written::ConditionFailed
        {
            continue;
        }
        if store
            .put(&json_key, json, "application/json", condition(&json_now))
            .await?
            == Written::ConditionFailed
        {
            continue;
        }
        info!(
            year = year.number(),
            assessed = earned.len(),
            "summary written"
        );
        return Ok(SummaryOutcome::Written {
            assessed: earned.len(),
        });
    }
    Err(PipelineError::Contention(json_key))
}

/// The conditional parts each region has earned, from `assessments/{year}/`.
async fn earned_by_region(
    store: &impl ObjectStore,
    year: Year,
) -> Result<HashMap<Region, Vec<String>>, PipelineError> {
    let mut by_region = HashMap::new();
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
        let eligible = found.parts;
        by_region.insert(region, eligible);
    }
    Ok(by_region)
}
