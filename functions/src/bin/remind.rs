//! Lambda function `remind`: every morning on a schedule (`EventBridge`) (and by hand, with any
//! event), the day's reminders (contract §11, [`svf_functions::pipeline::remind`]): on a
//! reminder day of a year, one to each region without a complete report, announced on SNS with
//! the region's attribute, and the agency's overview (SNS `audience` = `agency`).
//!
//! The day is the scheduled event's `time` (Swedish day), so a redelivered event is the same
//! day and adds nothing; an event without a `time` (by hand) is now. The bucket is `SVF_BUCKET`,
//! the topic `SVF_TOPIC_ARN`.

use lambda_runtime::{Error, LambdaEvent, service_fn, tracing};
use svf_functions::pipeline::remind::{Quiet, Reminded, remind};
use svf_functions::store::aws::{S3Store, SnsAnnouncer, s3_client};
use svf_kernel::region::Year;
use svf_kernel::time::Instant;

/// When the event says it is, else now.
fn when(event: &serde_json::Value) -> Result<Instant, Error> {
    if let Some(time) = event.get("time").and_then(serde_json::Value::as_str) {
        return Instant::parse_rfc3339(time)
            .map_err(|e| format!("the event's time {time:?}: {e}").into());
    }
    svf_functions::store::folder::instant_of(std::time::SystemTime::now())
        .ok_or_else(|| "the clock is outside the years 1–9999".into())
}

/// What the invocation answers: per year, the reminders and the overview, or why it was quiet.
fn answer(years: Vec<(Year, Result<Reminded, Quiet>)>) -> serde_json::Value {
    let mut answer = serde_json::Map::new();
    for (year, outcome) in years {
        let said = match outcome {
            Ok(day) => {
                tracing::info!(
                    year = year.number(),
                    reminded = day.reminders.len(),
                    days_left = day.days_left,
                    "reminders"
                );
                let reminders: Vec<serde_json::Value> = day
                    .reminders
                    .iter()
                    .map(|(_, key, created)| serde_json::json!({"key": key, "created": created}))
                    .collect();
                serde_json::json!({
                    "days_left": day.days_left,
                    "reminders": reminders,
                    "overview": {"key": day.overview.0, "created": day.overview.1},
                })
            }
            Err(quiet) => serde_json::Value::String(format!("{quiet:?}")),
        };
        answer.insert(year.to_string(), said);
    }
    serde_json::Value::Object(answer)
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let config = aws_config::load_from_env().await;
    let s3 = s3_client(&config);
    let bucket = std::env::var("SVF_BUCKET").map_err(|_| "SVF_BUCKET is not set")?;
    let announcer = SnsAnnouncer::from_env(&config);
    lambda_runtime::run(service_fn(|event: LambdaEvent<serde_json::Value>| {
        let store = S3Store::new(s3.clone(), bucket.clone());
        let announcer = announcer.clone();
        async move {
            let now = when(&event.payload)?;
            // Boxed: the year-by-year future is deep, and the runtime's own is deep too.
            let years = Box::pin(remind(&store, &announcer, now)).await?;
            Ok::<_, Error>(answer(years))
        }
    }))
    .await
}
