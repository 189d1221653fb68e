//! Lambda function `assess-report`: an S3 event for a key under `reports/` → the upload's
//! assessment and notification (contract §3). A failure returns an error, so Lambda retries;
//! every step is safe to repeat.

use lambda_runtime::{Error, LambdaEvent, service_fn, tracing};
use svf_functions::pipeline::event;
use svf_functions::store::aws::{S3Store, SnsAnnouncer, s3_client, uploads_of};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // JSON logs when AWS_LAMBDA_LOG_FORMAT is JSON, as the template sets.
    tracing::init_default_subscriber();
    let config = aws_config::load_from_env().await;
    let s3 = s3_client(&config);
    let announcer = SnsAnnouncer::from_env(&config);
    let handler = service_fn(
        |event: LambdaEvent<aws_lambda_events::event::s3::S3Event>| {
            let (s3, announcer) = (s3.clone(), announcer.clone());
            async move {
                for (bucket, upload) in uploads_of(&event.payload)? {
                    let store = S3Store::new(s3.clone(), bucket);
                    let outcome = event::handle(&store, &announcer, &upload).await?;
                    tracing::info!(key = upload.key, outcome = ?outcome, "handled");
                }
                Ok::<(), Error>(())
            }
        },
    );
    lambda_runtime::run(handler).await
}
