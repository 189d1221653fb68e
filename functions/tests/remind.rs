//! The calendar (contract §11) on a folder bucket: on the year's reminder days each region
//! without a complete report is reminded once, the agency gets one overview, and nothing else
//! of the bucket's readers trips over a reminder. The same over S3 with moto, the function run
//! by a scheduled event under `cargo lambda watch`, is in `scripts/lambda_e2e.py`.

use std::sync::Mutex;

use serde_json::Value;
use svf_functions::contract::access::Role;
use svf_functions::contract::layout;
use svf_functions::pipeline::front;
use svf_functions::pipeline::remind::{Quiet, Reminded, remind};
use svf_functions::store::{Announcer, Attributes, ObjectStore, Silent, StoreError};
use svf_kernel::region::{Region, Year};

use crate::support::{at, folder, json_at, populations, put, upload_report};

/// One announcement: subject, region attribute, status, audience.
type Message = (String, Option<String>, String, Option<String>);

/// What was announced.
#[derive(Default)]
struct Heard(Mutex<Vec<Message>>);

impl Announcer for Heard {
    async fn announce(
        &self,
        subject: &str,
        _message: &str,
        attributes: &Attributes<'_>,
    ) -> Result<(), StoreError> {
        self.0.lock().unwrap().push((
            subject.to_owned(),
            attributes.region_code.map(str::to_owned),
            attributes.status.to_owned(),
            attributes.audience.map(str::to_owned),
        ));
        Ok(())
    }
}

fn region(code: &str) -> Region {
    Region::from_code(code).unwrap()
}

/// The 2024 day `remind` did at `now`, or why it was quiet.
async fn day_2024(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    now: &str,
) -> Result<Reminded, Quiet> {
    let years = remind(store, announcer, at(now)).await.unwrap();
    let (_, outcome) = years
        .into_iter()
        .find(|(year, _)| *year == Year::Y2024)
        .unwrap();
    outcome
}

/// Stockholm complete, Halland incomplete (the example report), everyone else silent.
async fn bucket_of_three_kinds() -> svf_testing::TempBucket {
    let bucket = folder();
    populations(&bucket).await;
    upload_report(&bucket, "01", "r.json", 800, "2024-09-10T08:00:00Z").await;
    let halland = include_bytes!("../../spec/examples/2024-13-halland-incomplete.json");
    let key = "reports/2024/13/halland.json";
    let etag = put(&bucket, key, halland.to_vec()).await;
    let upload = svf_functions::contract::upload_ref::Upload::new(
        key,
        at("2024-09-12T08:00:00Z"),
        Some(etag),
    );
    svf_functions::pipeline::event::handle(&*bucket, &Silent, &upload)
        .await
        .unwrap();
    bucket
}

/// The overview of `day` as the agency reads it, and what was announced: each region with its
/// attribute, the agency once.
async fn overview_and_announcements(bucket: &impl ObjectStore, day: &Reminded, heard: &Heard) {
    let overview = json_at(bucket, &day.overview.0).await.unwrap();
    assert_eq!(day.overview.0, "notifications/2024/agency/2024-09-27.json");
    let rows = overview["regions"].as_array().unwrap();
    assert_eq!(rows.len(), 21);
    let standing = |code: &str| {
        rows.iter()
            .find(|r| r["region_code"] == code)
            .map(|r| r["standing"].clone())
            .unwrap()
    };
    assert_eq!(standing("01"), "complete");
    assert_eq!(standing("13"), "incomplete");
    assert_eq!(standing("25"), "no_report");

    // Announced: each region with its attribute, and the agency once.
    {
        let heard = heard.0.lock().unwrap();
        assert_eq!(heard.len(), 21);
        let regions: Vec<_> = heard.iter().filter_map(|h| h.1.clone()).collect();
        assert_eq!(regions.len(), 20);
        assert!(
            heard
                .iter()
                .filter(|h| h.1.is_some())
                .all(|h| h.2 == "reminder")
        );
        let agency: Vec<_> = heard
            .iter()
            .filter(|h| h.3.as_deref() == Some("agency"))
            .collect();
        assert_eq!(agency.len(), 1);
        assert_eq!(agency[0].2, "overview");
    }
}

#[tokio::test]
async fn each_region_without_a_complete_report_is_reminded_once_per_reminder_day() {
    let bucket = bucket_of_three_kinds().await;
    let heard = Heard::default();
    // Friday 27 September 2024, 08:00 in Sweden: three days before the deadline.
    let day = day_2024(&*bucket, &heard, "2024-09-27T06:00:00Z")
        .await
        .unwrap();
    assert_eq!(day.days_left, 3);
    let reminded: Vec<&str> = day.reminders.iter().map(|(r, _, _)| r.code()).collect();
    assert_eq!(reminded.len(), 20, "all but Stockholm: {reminded:?}");
    assert!(!reminded.contains(&"01") && reminded.contains(&"13") && reminded.contains(&"25"));
    assert!(day.reminders.iter().all(|(_, _, created)| *created));

    let halland = json_at(&*bucket, "notifications/2024/13/reminders/2024-09-27.json")
        .await
        .unwrap();
    assert_eq!(halland["kind"], "reminder");
    assert_eq!(halland["standing"], "incomplete");
    assert_eq!(halland["days_left"], 3);
    assert_eq!(halland["deadline"], "2024-09-30");
    assert!(!halland["missing"].as_array().unwrap().is_empty());
    let sv = halland["text_sv"].as_str().unwrap();
    assert!(
        sv.contains("ofullständig") && sv.contains("30 september 2024"),
        "{sv}"
    );
    let missing = halland["missing"][0].as_str().unwrap();
    assert!(sv.contains(missing), "the missing field is named: {sv}");
    assert!(halland["text_en"].as_str().unwrap().contains("incomplete"));
    let norrbotten = json_at(&*bucket, "notifications/2024/25/reminders/2024-09-27.json")
        .await
        .unwrap();
    assert_eq!(norrbotten["standing"], "no_report");
    assert!(
        norrbotten["text_sv"]
            .as_str()
            .unwrap()
            .contains("3 dagar kvar")
    );
    assert!(
        json_at(&*bucket, "notifications/2024/01/reminders/2024-09-27.json")
            .await
            .is_none(),
        "a complete report gets no reminder"
    );

    overview_and_announcements(&bucket, &day, &heard).await;

    // A second run that day, at another hour: nothing more.
    let again = Heard::default();
    let day = day_2024(&*bucket, &again, "2024-09-27T15:30:00Z")
        .await
        .unwrap();
    assert!(day.reminders.iter().all(|(_, _, created)| !*created));
    assert!(!day.overview.1);
    assert!(again.0.lock().unwrap().is_empty());

    // Not a reminder day; the day after the deadline is; the day after that is not.
    assert_eq!(
        day_2024(&*bucket, &Silent, "2024-09-28T06:00:00Z")
            .await
            .unwrap_err(),
        Quiet::NotAReminderDay
    );
    let after = day_2024(&*bucket, &Silent, "2024-10-01T06:00:00Z")
        .await
        .unwrap();
    assert_eq!(after.days_left, -1);
    let late = json_at(&*bucket, "notifications/2024/25/reminders/2024-10-01.json")
        .await
        .unwrap();
    assert!(
        late["text_sv"]
            .as_str()
            .unwrap()
            .contains("sista dagen var")
    );
    assert_eq!(
        day_2024(&*bucket, &Silent, "2024-10-02T06:00:00Z")
            .await
            .unwrap_err(),
        Quiet::NotAReminderDay
    );
}

#[tokio::test]
async fn reminders_are_listed_by_the_front_door_and_passed_over_by_reconcile() {
    let bucket = bucket_of_three_kinds().await;
    day_2024(&*bucket, &Silent, "2024-09-16T06:00:00Z")
        .await
        .unwrap();
    // Norrbotten's own list has its reminder, readable by its id; Stockholm's has none.
    let norrbotten = Role::Region(region("25"));
    let listed = front::notifications(&*bucket, norrbotten, Year::Y2024)
        .await
        .unwrap()
        .unwrap();
    let ids: Vec<&str> = listed.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["reminder-2024-09-16"]);
    let read = front::notification(&*bucket, norrbotten, Year::Y2024, "reminder-2024-09-16")
        .await
        .unwrap()
        .unwrap();
    let read: Value = serde_json::from_slice(&read.bytes).unwrap();
    assert_eq!(read["region_code"], "25");
    let stockholm = Role::Region(region("01"));
    assert!(
        front::notification(&*bucket, stockholm, Year::Y2024, "reminder-2024-09-16")
            .await
            .unwrap()
            .is_none()
    );
    // A region without an assessment has only reminders among its notifications: reconcile
    // finds no upload to rebuild, and is not stopped by them.
    let rebuilt = svf_functions::pipeline::reconcile::rebuild_missing(&*bucket, Year::Y2024)
        .await
        .unwrap();
    assert!(rebuilt.is_empty());
}

#[tokio::test]
async fn a_rules_file_sets_the_days_and_a_decided_second_payment_ends_them() {
    let bucket = bucket_of_three_kinds().await;
    put(
        &*bucket,
        &layout::rules_key(Year::Y2024),
        br#"{"schema": "svf-rules/1", "reminder_days": [-1]}"#.to_vec(),
    )
    .await;
    assert_eq!(
        day_2024(&*bucket, &Silent, "2024-09-27T06:00:00Z")
            .await
            .unwrap_err(),
        Quiet::NotAReminderDay
    );
    let day = day_2024(&*bucket, &Silent, "2024-09-29T06:00:00Z")
        .await
        .unwrap();
    assert_eq!(day.days_left, 1);
    // Once a part of the second payment is recorded, the government has decided: no reminder.
    put(
        &*bucket,
        &layout::rules_key(Year::Y2024),
        br#"{"schema": "svf-rules/1"}"#.to_vec(),
    )
    .await;
    put(
        &*bucket,
        &layout::record_key(Year::Y2024, svf_kernel::vocabulary::PaymentId::Second),
        b"{}".to_vec(),
    )
    .await;
    assert_eq!(
        day_2024(&*bucket, &Silent, "2024-09-30T06:00:00Z")
            .await
            .unwrap_err(),
        Quiet::Decided
    );
    assert!(
        json_at(&*bucket, "notifications/2024/25/reminders/2024-09-30.json")
            .await
            .is_none()
    );
}
