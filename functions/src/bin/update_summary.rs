//! Lambda function `update-summary`: an S3 event for a key under `assessments/`, `decisions/` or
//! `config/` (written or removed) → the year's assessments decided again under its
//! configuration as it is now, and its national payment table, annexes and page recomputed
//! (contract §3, [`svf_functions::pipeline::event::summary_event`]). Conditional writes with
//! retries keep concurrent invocations from losing a region; a failure returns an error so
//! Lambda retries, and the standing page says it is out of date.

use std::collections::BTreeSet;

use lambda_runtime::{Error, LambdaEvent, service_fn, tracing};
use svf_functions::contract::layout::summary_year;
use svf_functions::pipeline::event::summary_event;
use svf_functions::store::aws::{S3Store, SnsAnnouncer, s3_client, uploads_of};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let config = aws_config::load_from_env().await;
    let s3 = s3_client(&config);
    // A verdict decided again is told to the region, as an upload's is.
    let announcer = SnsAnnouncer::from_env(&config);
    lambda_runtime::run(service_fn(
        |event: LambdaEvent<aws_lambda_events::event::s3::S3Event>| {
            let (s3, announcer) = (s3.clone(), announcer.clone());
            async move {
                // One update per bucket and year, however many keys the event names.
                let years: BTreeSet<_> = uploads_of(&event.payload)?
                    .into_iter()
                    .filter_map(|(bucket, upload)| Some((bucket, summary_year(&upload.key)?)))
                    .collect();
                for (bucket, year) in years {
                    let store = S3Store::new(s3.clone(), bucket);
                    let (notified, outcome) = summary_event(&store, &announcer, year).await?;
                    tracing::info!(year = year.number(), notified = notified.len(), outcome = ?outcome, "summary");
                }
                Ok::<(), Error>(())
            }
        },
    ))
    .await
}
