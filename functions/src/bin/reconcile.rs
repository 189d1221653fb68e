//! Lambda function `reconcile`: on a schedule (and by hand, with any event), every upload under
//! `reports/` without a notification is handled as its event would have been, and every year's
//! summary is brought up to date ([`svf_functions::pipeline::reconcile`]). It is what recovers the uploads
//! whose invocations failed for good (a broken `rules.json`, say) once the cause is mended.
//!
//! The bucket is `SVF_BUCKET`. It must keep versions, as the template makes it: an upload is
//! its key and version, and without versions a reconciled upload could not be told from the
//! one its event already notified.

use lambda_runtime::{Error, LambdaEvent, service_fn, tracing};
use svf_functions::pipeline::reconcile::{Log, OnFailure, Versions, reconcile};
use svf_functions::store::aws::{S3Store, SnsAnnouncer, s3_client};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let config = aws_config::load_from_env().await;
    let s3 = s3_client(&config);
    let bucket = std::env::var("SVF_BUCKET").map_err(|_| "SVF_BUCKET is not set")?;
    let announcer = SnsAnnouncer::from_env(&config);
    lambda_runtime::run(service_fn(|_: LambdaEvent<serde_json::Value>| {
        let store = S3Store::new(s3.clone(), bucket.clone());
        let announcer = announcer.clone();
        async move {
            let done = reconcile(&store, &announcer, Versions::Required, OnFailure::Stop, &mut Log).await?;
            tracing::info!(
                handled = done.handled.len(),
                already = done.already,
                timeless = done.timeless.len(),
                "reconciled"
            );
            Ok::<_, Error>(serde_json::json!({
                "handled": done.handled.iter().map(|(upload, _)| &upload.key).collect::<Vec<_>>(),
                "already": done.already,
                "summaries": done.summaries.iter().map(|(year, outcome)| format!("{year}: {outcome:?}")).collect::<Vec<_>>(),
            }))
        }
    }))
    .await
}
