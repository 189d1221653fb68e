//! Lambda function `update-summary`: an S3 event for a key under `assessments/`, `decisions/` or
//! `config/` → the year's national payment table, annexes and page recomputed (contract §3). Conditional writes with retries keep
//! concurrent invocations from losing a region; a failure returns an error so Lambda retries.

use std::collections::BTreeSet;

use lambda_runtime::{Error, LambdaEvent, service_fn, tracing};
use svf_functions::contract::layout::summary_year;
use svf_functions::pipeline::summary::update_summary;
use svf_functions::store::aws::{S3Store, s3_client, uploads_of};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let config = aws_config::load_from_env().await;
    let s3 = s3_client(&config);
    lambda_runtime::run(service_fn(
        |event: LambdaEvent<aws_lambda_events::event::s3::S3Event>| {
            let s3 = s3.clone();
            async move {
                // One update per bucket and year, however many keys the event names.
                let years: BTreeSet<_> = uploads_of(&event.payload)?
                    .into_iter()
                    .filter_map(|(bucket, upload)| Some((bucket, summary_year(&upload.key)?)))
                    .collect();
                for (bucket, year) in years {
                    let outcome = update_summary(&S3Store::new(s3.clone(), bucket), year).await?;
                    tracing::info!(year = year.number(), outcome = ?outcome, "summary");
                }
                Ok::<(), Error>(())
            }
        },
    ))
    .await
}
