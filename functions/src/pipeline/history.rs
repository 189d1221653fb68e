//! The history of a year's payments as the pipeline reads it (contract §9): the standing
//! `payments.json` and the chain of changes (`history/{year}/`) walked back from the latest it
//! names. What a change holds, and how one is made from two sets of figures, is
//! [`crate::model::history`]'s; writing one is the summary's.

use svf_kernel::region::Year;
use svf_kernel::time::Instant;

use crate::contract::history::Change;
use crate::contract::layout;
use crate::model::history::Previous;
use crate::pipeline::{ConfigError, PipelineError};
use crate::store::{Object, ObjectStore};

/// What stands before a summary is made: the `payments.json` and the year's changes.
pub(crate) struct Standing {
    /// The clock when it was read, for the time of a change.
    pub(crate) now: Option<Instant>,
    /// The standing `payments.json`, read and as bytes.
    pub(crate) previous: Option<(Previous, Vec<u8>)>,
    /// The changes, newest first.
    pub(crate) history: Vec<Change>,
}

/// Reads the standing `payments.json` (`standing`, as read) and walks the year's changes back
/// from the latest it names.
///
/// # Errors
/// [`PipelineError::Config`] for a `payments.json` svf did not write, or a change in the chain
/// that is missing or not one.
pub(crate) async fn standing(
    store: &impl ObjectStore,
    year: Year,
    standing: Option<&Object>,
) -> Result<Standing, PipelineError> {
    let json_key = layout::summary_json_key(year);
    let previous = match standing {
        Some(object) => Some((
            Previous::parse(&object.bytes)
                .map_err(|e| PipelineError::config(&json_key, ConfigError::Standing(e)))?,
            object.bytes.clone(),
        )),
        None => None,
    };
    let latest = previous.as_ref().and_then(|(p, _)| p.change.clone());
    let history = chain(store, &json_key, latest).await?;
    let now = crate::store::folder::instant_of(std::time::SystemTime::now());
    Ok(Standing {
        now,
        previous,
        history,
    })
}

/// The year's changes of the payments, newest first, from the standing `payments.json` (none
/// without one): what `svf status` shows of a region.
///
/// # Errors
/// [`PipelineError::Config`] for a `payments.json` svf did not write, or a change in the chain
/// that is missing or not one; [`PipelineError`] when the store fails.
pub async fn history(store: &impl ObjectStore, year: Year) -> Result<Vec<Change>, PipelineError> {
    let json_key = layout::summary_json_key(year);
    let Some(object) = store.get(&json_key).await? else {
        return Ok(Vec::new());
    };
    let standing = Previous::parse(&object.bytes)
        .map_err(|e| PipelineError::config(&json_key, ConfigError::Standing(e)))?;
    chain(store, &json_key, standing.change).await
}

/// The chain of changes back from `latest`, which `named_by` names.
async fn chain(
    store: &impl ObjectStore,
    named_by: &str,
    latest: Option<String>,
) -> Result<Vec<Change>, PipelineError> {
    let mut history: Vec<Change> = Vec::new();
    let mut next = latest;
    while let Some(key) = next.take() {
        let Some(object) = store.get(&key).await? else {
            return Err(PipelineError::config(
                key,
                ConfigError::ChangeMissing(named_by.to_owned()),
            ));
        };
        let change = Change::parse(&object.bytes)
            .map_err(|e| PipelineError::config(&key, ConfigError::Change(e)))?;
        if history.len() > MAX_CHANGES || change.previous.as_ref() == Some(&key) {
            return Err(PipelineError::config(key, ConfigError::ChangeLoop));
        }
        next.clone_from(&change.previous);
        history.push(change);
    }
    Ok(history)
}

/// The most changes a year's chain is walked for: far more than any year has, and a bound on
/// a chain that, written by hand, would circle.
const MAX_CHANGES: usize = 100_000;
