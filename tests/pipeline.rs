//! The pipeline on a folder bucket (contract §3): uploads, redelivery, order, concurrency, keys
//! that try to escape; and `svf process`, `svf demo`, `svf watch` as a user runs them.

use std::path::Path;
use std::sync::Arc;

use serde_json::{Value, json};
use svf_functions::folder::FolderStore;
use svf_functions::layout;
use svf_functions::store::{ObjectStore, Precondition, Silent, StoreError, Written};
use svf_functions::summary::{SummaryOutcome, update_summary};
use svf_functions::upload::{Outcome, Upload, handle_upload};
use svf_kernel::region::Year;
use svf_kernel::time::Instant;

use crate::support::{ANNEX_2024, annex_rows, svf};

/// A fresh folder, removed when the test is done with it.
pub fn tempdir(name: &str) -> svf_testing::TempDir {
    svf_testing::TempDir::new(name)
}

pub fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(text).unwrap()
}

/// A complete, eligible 2024 report of region `code` with `in_svf` of 1000 new cases in SVF.
pub fn report(code: &str, in_svf: u32) -> Vec<u8> {
    json!({
        "schema": "svf-report/1", "agreement_year": 2024, "region_code": code,
        "inclusion": {"new_cases": 1000, "in_svf": in_svf}, "prem": {"used": true},
        "narrative": {"lead_times": "x", "prem_use": "x", "longest_waits": "x", "urology": "x"}
    })
    .to_string()
    .into_bytes()
}

pub async fn put(store: &impl ObjectStore, key: &str, bytes: Vec<u8>) -> String {
    match store
        .put(key, bytes, "application/json", Precondition::Always)
        .await
        .unwrap()
    {
        Written::Yes(etag) => etag,
        Written::ConditionFailed => panic!("an unconditional write cannot fail its condition"),
    }
}

pub async fn json_at(store: &impl ObjectStore, key: &str) -> Option<Value> {
    store
        .get(key)
        .await
        .unwrap()
        .map(|o| serde_json::from_slice(&o.bytes).unwrap())
}

pub async fn populations(store: &impl ObjectStore) {
    let table = include_str!("data/populations-2024-11.csv")
        .as_bytes()
        .to_vec();
    put(store, &layout::populations_key(Year::Y2024), table).await;
}

/// Runs an invocation as Lambda does: one that fails because the store did not answer is run
/// again (a test S3 server under this load now and then breaks off a response body).
pub async fn as_lambda<T, F>(mut invocation: impl FnMut() -> F) -> T
where
    F: std::future::Future<Output = Result<T, svf_functions::PipelineError>>,
{
    for _ in 0..5 {
        match invocation().await {
            Ok(value) => return value,
            Err(svf_functions::PipelineError::Store(StoreError::Unavailable(why))) => {
                eprintln!("retried: {why}");
            }
            Err(other) => panic!("{other}"),
        }
    }
    panic!("the store failed five times in a row")
}

/// Keeps a figure a test measured in `target/tmp/figures/{name}.txt`, for `scripts/test.sh` to
/// print after the tests (a passing test's output is not shown) and docs/RELIABILITY.md to cite.
pub fn record(name: &str, figure: &str) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("figures");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.txt")), format!("{figure}\n")).unwrap();
}

/// Deleting an object as an operator would: the pipeline never deletes, so the store trait has
/// no delete; the tests reach into each store.
pub trait Remove {
    /// Deletes `key`.
    fn remove(&self, key: &str) -> impl std::future::Future<Output = ()>;
}

impl Remove for FolderStore {
    async fn remove(&self, key: &str) {
        std::fs::remove_file(self.path_of(key).unwrap()).unwrap();
    }
}

impl Remove for svf_testing::TempBucket {
    async fn remove(&self, key: &str) {
        std::fs::remove_file(self.path_of(key).unwrap()).unwrap();
    }
}

impl Remove for svf_functions::aws::S3Store {
    async fn remove(&self, key: &str) {
        self.client()
            .delete_object()
            .bucket(self.bucket())
            .key(key)
            .send()
            .await
            .unwrap();
    }
}

/// Every scenario below, against any store: the folder here, S3 in the S3 tests.
pub mod scenarios {
    use super::*;

    pub async fn an_upload_is_assessed_and_notified_once(store: &impl ObjectStore) {
        let key = "reports/2024/01/rapport.json";
        let etag = put(store, key, report("01", 800)).await;
        let upload = Upload::new(key.to_owned(), at("2024-09-20T10:00:00Z"), Some(etag));
        let first = handle_upload(store, &Silent, &upload).await.unwrap();
        let Outcome::Assessed {
            notification,
            current: true,
        } = first
        else {
            panic!("{first:?}")
        };
        // S3 delivers the same event again: nothing new.
        let again = handle_upload(store, &Silent, &upload).await.unwrap();
        assert_eq!(
            again,
            Outcome::AlreadyDone {
                notification: notification.clone()
            }
        );
        let notifications = store.list("notifications/2024/01/").await.unwrap();
        assert_eq!(notifications.len(), 1);
        let note = json_at(store, &notification).await.unwrap();
        assert_eq!(note["schema"], "svf-notification/1");
        assert!(
            note["text_sv"]
                .as_str()
                .unwrap()
                .contains("Inklusionsmålet: uppfyllt")
        );
        assert!(
            note["text_en"]
                .as_str()
                .unwrap()
                .contains("Inclusion goal: met")
        );
        let assessment = json_at(store, "assessments/2024/01.json").await.unwrap();
        assert_eq!(
            assessment["parts"],
            json!([{"id": "second", "eligible": true}])
        );
        assert_eq!(assessment["upload"]["key"], key);
        assert!(
            store
                .list("reports/")
                .await
                .unwrap()
                .iter()
                .all(|o| o.key == key),
            "nothing is written under reports/"
        );
    }

    pub async fn the_newest_report_wins_in_any_order(store: &impl ObjectStore) {
        let older = "reports/2024/03/v1.json";
        let newer = "reports/2024/03/v2.json";
        let e1 = put(store, older, report("03", 600)).await;
        let e2 = put(store, newer, report("03", 900)).await;
        let late = Upload::new(newer.to_owned(), at("2024-09-21T10:00:00Z"), Some(e2));
        let early = Upload::new(older.to_owned(), at("2024-09-20T10:00:00Z"), Some(e1));
        // The later report's event arrives first.
        assert!(matches!(
            handle_upload(store, &Silent, &late).await.unwrap(),
            Outcome::Assessed { current: true, .. }
        ));
        let Outcome::Assessed {
            current: false,
            notification,
        } = handle_upload(store, &Silent, &early).await.unwrap()
        else {
            panic!("the older report is assessed, not current")
        };
        // Its notification says which report counts instead, not "villkoren uppfyllda".
        let note = json_at(store, &notification).await.unwrap();
        assert_eq!(note["superseded_by"]["upload"]["key"], newer);
        assert_eq!(note["superseded_by"]["received"], "2024-09-21T10:00:00Z");
        assert!(
            note["subject"]
                .as_str()
                .unwrap()
                .ends_with("inte den gällande redovisningen"),
            "{note}"
        );
        assert!(
            note["text_sv"]
                .as_str()
                .unwrap()
                .contains("det är inte den här redovisningen som gäller")
        );
        assert!(
            note["text_en"]
                .as_str()
                .unwrap()
                .contains("this is not the report that counts")
        );
        let assessment = json_at(store, "assessments/2024/03.json").await.unwrap();
        assert_eq!(assessment["upload"]["key"], newer);
        assert_eq!(assessment["conditions"][0]["met"], true);
        assert_eq!(
            store.list("notifications/2024/03/").await.unwrap().len(),
            2,
            "each upload is notified"
        );
    }

    pub async fn a_rejected_report_never_replaces_an_assessment(store: &impl ObjectStore) {
        let good = "reports/2024/04/ok.json";
        let bad = "reports/2024/04/bad.json";
        let e1 = put(store, good, report("04", 800)).await;
        let e2 = put(store, bad, b"{\"schema\": \"svf-report/1\", \"agreement_year\": 2024, \"region_code\": \"04\", \"x\": 1}".to_vec()).await;
        handle_upload(
            store,
            &Silent,
            &Upload::new(good.to_owned(), at("2024-09-20T10:00:00Z"), Some(e1)),
        )
        .await
        .unwrap();
        let outcome = handle_upload(
            store,
            &Silent,
            &Upload::new(bad.to_owned(), at("2024-09-25T10:00:00Z"), Some(e2)),
        )
        .await
        .unwrap();
        let Outcome::Rejected { notification } = outcome else {
            panic!("{outcome:?}")
        };
        let note = json_at(store, &notification).await.unwrap();
        assert_eq!(note["assessment"]["errors"][0]["path"], "x");
        assert!(note["text_sv"].as_str().unwrap().contains("avvisats"));
        assert_eq!(
            json_at(store, "assessments/2024/04.json").await.unwrap()["upload"]["key"],
            good
        );
    }

    pub async fn a_report_must_match_its_key(store: &impl ObjectStore) {
        let key = "reports/2024/05/other-region.json";
        let etag = put(store, key, report("06", 800)).await;
        let outcome = handle_upload(
            store,
            &Silent,
            &Upload::new(key.to_owned(), at("2024-09-20T10:00:00Z"), Some(etag)),
        )
        .await
        .unwrap();
        let Outcome::Rejected { notification } = outcome else {
            panic!("{outcome:?}")
        };
        assert!(notification.starts_with("notifications/2024/05/"));
        let note = json_at(store, &notification).await.unwrap();
        assert_eq!(note["assessment"]["errors"][0]["path"], "region_code");
        assert!(json_at(store, "assessments/2024/05.json").await.is_none());
        assert!(
            json_at(store, "assessments/2024/06.json").await.is_none(),
            "no region writes another's verdict"
        );
    }

    pub async fn an_oversized_upload_is_rejected_unread(store: &impl ObjectStore) {
        let key = "reports/2024/07/huge.json";
        let etag = put(store, key, vec![b' '; (1 << 20) + 1]).await;
        let outcome = handle_upload(
            store,
            &Silent,
            &Upload::new(key.to_owned(), at("2024-09-20T10:00:00Z"), Some(etag)),
        )
        .await
        .unwrap();
        let Outcome::Rejected { notification } = outcome else {
            panic!("{outcome:?}")
        };
        let note = json_at(store, &notification).await.unwrap();
        assert!(
            note["assessment"]["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("larger than 1 MiB")
        );
    }

    pub async fn keys_outside_reports_are_ignored(store: &impl ObjectStore) {
        let upload = Upload::new(
            "assessments/2024/01.json".to_owned(),
            at("2024-09-20T10:00:00Z"),
            None,
        );
        assert!(matches!(
            handle_upload(store, &Silent, &upload).await.unwrap(),
            Outcome::Ignored(_)
        ));
        let key = "reports/whatever.json";
        let etag = put(store, key, report("01", 800)).await;
        let outcome = handle_upload(
            store,
            &Silent,
            &Upload::new(key.to_owned(), at("2024-09-20T10:00:00Z"), Some(etag)),
        )
        .await
        .unwrap();
        let Outcome::Rejected { notification } = outcome else {
            panic!("{outcome:?}")
        };
        assert!(notification.starts_with("notifications/unplaced/"));
    }

    /// A complete 2024 report of `code` with `in_svf` of 1000 in SVF, without its urology
    /// section when `complete` is false (then it is incomplete and earns nothing).
    pub fn report_of(code: &str, in_svf: u32, complete: bool) -> Vec<u8> {
        let mut report: Value = serde_json::from_slice(&super::report(code, in_svf)).unwrap();
        if !complete {
            report["narrative"]
                .as_object_mut()
                .unwrap()
                .remove("urology");
        }
        report.to_string().into_bytes()
    }

    async fn upload(store: &impl ObjectStore, key: &str, bytes: Vec<u8>, received: &str) -> Upload {
        let etag = put(store, key, bytes).await;
        Upload::new(key.to_owned(), at(received), Some(etag))
    }

    /// Norrbotten uploads a passing report, a failing one, then the passing one again, to one
    /// key: three uploads, three notifications, and the third decides, also when every event
    /// is delivered again in reverse. `sequenced` gives the events S3's sequencers (an S3
    /// bucket without versions); without, an upload is its key, content and time (a folder).
    pub async fn a_re_upload_of_earlier_bytes_is_an_upload(
        store: &impl ObjectStore,
        sequenced: bool,
    ) {
        populations(store).await;
        let key = "reports/2024/25/redovisning.json";
        let mut events = Vec::new();
        for (index, (in_svf, received)) in [
            (800, "2024-09-10T10:00:00Z"),
            (600, "2024-09-12T10:00:00Z"),
            (800, "2024-09-14T10:00:00Z"),
        ]
        .into_iter()
        .enumerate()
        {
            let mut event = upload(store, key, report("25", in_svf), received).await;
            if sequenced {
                // Left-padded comparison: the longer sequencer of the third event is later.
                event.sequencer = Some(
                    [
                        "0055AED6DCD90281E5",
                        "0055AED6DCD90281E6",
                        "00055AED6DCD90281E7A",
                    ][index]
                        .to_owned(),
                );
            }
            let outcome = handle_upload(store, &Silent, &event).await.unwrap();
            assert!(
                matches!(outcome, Outcome::Assessed { current: true, .. }),
                "upload {index}: {outcome:?}"
            );
            update_summary(store, Year::Y2024).await.unwrap();
            events.push(event);
        }
        let notes = store.list("notifications/2024/25/").await.unwrap();
        assert_eq!(notes.len(), 3, "one notification per upload");
        for event in events.iter().rev() {
            let outcome = handle_upload(store, &Silent, event).await.unwrap();
            assert!(
                matches!(outcome, Outcome::AlreadyDone { .. } | Outcome::Ignored(_)),
                "{outcome:?}"
            );
        }
        assert_eq!(store.list("notifications/2024/25/").await.unwrap().len(), 3);
        let assessment = json_at(store, "assessments/2024/25.json").await.unwrap();
        assert_eq!(
            assessment["received"], "2024-09-14T10:00:00Z",
            "the third decides"
        );
        assert_eq!(
            assessment["parts"],
            json!([{"id": "second", "eligible": true}])
        );
        if sequenced {
            assert_eq!(assessment["upload"]["sequencer"], "00055AED6DCD90281E7A");
        }
        let summary = json_at(store, "summary/2024/payments.json").await.unwrap();
        assert_eq!(summary["rows"][20]["code"], "25");
        assert_eq!(
            summary["rows"][20]["eligible"]["second"], true,
            "Norrbotten is paid"
        );
    }

    /// The summary never pays wrong in silence: a stray key is not a region's assessment, a
    /// deleted assessment is rebuilt from its upload, and a population table gone from under
    /// the assessments is an error naming it, with the page that stands marked out of date.
    pub async fn the_summary_is_never_wrong_in_silence(store: &(impl ObjectStore + Remove)) {
        use svf_functions::reconcile::rebuild_missing;
        populations(store).await;
        upload_and_assess(store, "01", 800).await;
        update_summary(store, Year::Y2024).await.unwrap();
        let paid = amounts_of(
            &json_at(store, "summary/2024/payments.json").await.unwrap(),
            "second",
        )[0];
        assert!(paid > 0);
        let mut stray = json_at(store, "assessments/2024/01.json").await.unwrap();
        stray["parts"][0]["eligible"] = json!(false);
        put(
            store,
            "assessments/2024/backup/01.json",
            stray.to_string().into_bytes(),
        )
        .await;
        update_summary(store, Year::Y2024).await.unwrap();
        let summary = json_at(store, "summary/2024/payments.json").await.unwrap();
        assert_eq!(
            amounts_of(&summary, "second")[0],
            paid,
            "the stray key is not Stockholm's"
        );

        let before = store
            .get("assessments/2024/01.json")
            .await
            .unwrap()
            .unwrap()
            .bytes;
        // Gone (deleted by hand): rebuilt from the upload its notification names.
        let folderless = "assessments/2024/01.json";
        put(store, folderless, b"x".to_vec()).await;
        assert!(
            update_summary(store, Year::Y2024)
                .await
                .unwrap_err()
                .to_string()
                .contains(folderless)
        );
        delete(store, folderless).await;
        assert_eq!(rebuild_missing(store, Year::Y2024).await.unwrap().len(), 1);
        assert_eq!(store.get(folderless).await.unwrap().unwrap().bytes, before);

        delete(store, "config/2024/populations.csv").await;
        let error = update_summary(store, Year::Y2024)
            .await
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("config/2024/populations.csv is missing"),
            "{error}"
        );
        let page = text_at(store, "summary/2024/index.html").await;
        assert!(
            page.contains("Inaktuell sammanställning"),
            "the page says it is out of date"
        );
        populations(store).await;
        update_summary(store, Year::Y2024).await.unwrap();
        assert!(
            !text_at(store, "summary/2024/index.html")
                .await
                .contains("Inaktuell")
        );
    }

    /// Deletes `key` as an operator would.
    async fn delete(store: &impl Remove, key: &str) {
        store.remove(key).await;
    }

    /// A region reports on time, incomplete, and completes after the deadline: it keeps "in
    /// time", whatever the order its events arrive in and however often; a rejected upload on
    /// time does not count as the first.
    pub async fn the_deadline_is_judged_on_the_first_accepted_report(store: &impl ObjectStore) {
        let mut kept = Vec::new();
        // Forward, backward, and backward with both events delivered twice.
        for (code, order) in [
            ("06", [0, 1, 1, 1]),
            ("07", [1, 0, 0, 0]),
            ("08", [1, 0, 1, 0]),
        ] {
            let on_time = upload(
                store,
                &format!("reports/2024/{code}/forsta.json"),
                report_of(code, 800, false),
                "2024-09-20T10:00:00Z",
            )
            .await;
            let completed = upload(
                store,
                &format!("reports/2024/{code}/komplett.json"),
                report_of(code, 800, true),
                "2024-10-05T10:00:00Z",
            )
            .await;
            let events = [on_time, completed];
            for index in order {
                handle_upload(store, &Silent, &events[index]).await.unwrap();
            }
            let assessment = json_at(store, &format!("assessments/2024/{code}.json"))
                .await
                .unwrap();
            assert_eq!(
                assessment["upload"]["key"],
                format!("reports/2024/{code}/komplett.json")
            );
            assert_eq!(
                assessment["first_received"], "2024-09-20T10:00:00Z",
                "{code}"
            );
            assert_eq!(assessment["received"], "2024-10-05T10:00:00Z");
            assert_eq!(assessment["complete"], true);
            assert_eq!(
                assessment["parts"],
                json!([{"id": "second", "eligible": true}]),
                "{code}"
            );
            assert_eq!(
                assessment["conditions"][2]["detail"],
                "inkom första gången 2024-09-20, denna version 2024-10-05, senast 2024-09-30"
            );
            assert_eq!(
                store
                    .list(&format!("notifications/2024/{code}/"))
                    .await
                    .unwrap()
                    .len(),
                2,
                "one notification per upload"
            );
            kept.push((
                assessment["conditions"].clone(),
                assessment["parts"].clone(),
            ));
        }
        assert!(
            kept.windows(2).all(|w| w[0] == w[1]),
            "the same in every order"
        );

        // A rejected upload on time is no first report.
        let broken = upload(
            store,
            "reports/2024/10/trasig.json",
            b"{\"schema\": \"svf-report/1\"".to_vec(),
            "2024-09-20T10:00:00Z",
        )
        .await;
        let late = upload(
            store,
            "reports/2024/10/sen.json",
            report_of("10", 800, true),
            "2024-10-05T10:00:00Z",
        )
        .await;
        for event in [&broken, &late] {
            handle_upload(store, &Silent, event).await.unwrap();
        }
        let assessment = json_at(store, "assessments/2024/10.json").await.unwrap();
        assert_eq!(assessment["first_received"], "2024-10-05T10:00:00Z");
        assert_eq!(
            assessment["parts"],
            json!([{"id": "second", "eligible": false}])
        );
        assert_eq!(
            assessment["conditions"][2]["detail"],
            "inkom 2024-10-05, senast 2024-09-30; för sent"
        );
    }

    /// The 21 regions of 2024, Norrbotten below the inclusion goal: the summary redistributes
    /// its share; a recorded decision grants it, another denies Stockholm, and the money and
    /// the annex follow while the assessments stay as they were; a broken decision writes no
    /// summary.
    pub async fn a_decision_moves_the_money(store: &impl ObjectStore) {
        populations(store).await;
        let rows = annex_rows(ANNEX_2024);
        let regions: Vec<(&str, u128)> = rows[1..22]
            .iter()
            .map(|r| {
                (
                    r[0],
                    u128::try_from(crate::support::grouped_number(r[2])).unwrap(),
                )
            })
            .collect();
        for (code, _) in &regions {
            let in_svf = if *code == "25" { 600 } else { 750 };
            upload_and_assess(store, code, in_svf).await;
        }
        let paid_to = |eligible: &dyn Fn(&str) -> bool| {
            let weights: Vec<u128> = regions
                .iter()
                .map(|(code, w)| if eligible(code) { *w } else { 0 })
                .collect();
            crate::support::independent_split(182_500_000, &weights)
        };
        let second = |summary: &Value| amounts_of(summary, "second");
        update_summary(store, Year::Y2024).await.unwrap();
        let summary = json_at(store, "summary/2024/payments.json").await.unwrap();
        assert_eq!(summary["policy"], "redistribute");
        assert_eq!(second(&summary), paid_to(&|code| code != "25"));
        assert_eq!(summary["withheld_ore"]["second"], 0);
        let annex = text_at(store, "summary/2024/annex-second.tsv").await;
        assert!(
            annex.starts_with("Kod\tRegion\tpopulation exkl. 1 region\tAndel\tBelopp\n"),
            "{annex}"
        );
        assert_eq!(
            annex.lines().count(),
            22,
            "20 regions paid, the header and Riket"
        );

        let grant = json!({"schema": "svf-decision/1", "agreement_year": 2024, "region_code": "25",
            "decided_by": "Socialdepartementet", "decided_on": "2024-12-05", "case": "S2024/01009",
            "parts": [{"id": "second", "eligible": true, "reason": "Inklusionen räknad på rätt underlag når målet"}]});
        let deny = json!({"schema": "svf-decision/1", "agreement_year": 2024, "region_code": "01",
            "decided_by": "Socialdepartementet", "decided_on": "2024-12-05", "case": "S2024/01010",
            "parts": [{"id": "second", "eligible": false, "reason": "Redovisningen av urologin avser fel år"}]});
        put(
            store,
            "decisions/2024/25.json",
            grant.to_string().into_bytes(),
        )
        .await;
        put(
            store,
            "decisions/2024/01.json",
            deny.to_string().into_bytes(),
        )
        .await;
        assert!(matches!(
            update_summary(store, Year::Y2024).await.unwrap(),
            SummaryOutcome::Written { .. }
        ));
        let summary = json_at(store, "summary/2024/payments.json").await.unwrap();
        assert_eq!(second(&summary), paid_to(&|code| code != "01"));
        let norrbotten = &summary["rows"][20];
        assert_eq!(norrbotten["eligible"]["second"], true);
        assert_eq!(
            norrbotten["decided"]["second"],
            json!({"eligible": true, "reason": "Inklusionen räknad på rätt underlag når målet", "case": "S2024/01009"})
        );
        assert_eq!(summary["rows"][0]["decided"]["second"]["eligible"], false);
        assert!(
            summary["rows"][1].get("decided").is_none(),
            "only decided rows say so"
        );
        let assessment = json_at(store, "assessments/2024/25.json").await.unwrap();
        assert_eq!(
            assessment["parts"],
            json!([{"id": "second", "eligible": false}]),
            "the assessment stays as it was"
        );
        let annex = text_at(store, "summary/2024/annex-second.tsv").await;
        assert!(
            annex.starts_with("Kod\tRegion\tpopulation exkl. 1 region\t"),
            "{annex}"
        );
        assert!(
            !annex.contains("\nStockholm") && !annex.contains("01\tStockholm"),
            "{annex}"
        );
        assert!(annex.contains("25\tNorrbotten\t"), "{annex}");
        let page = text_at(store, "summary/2024/index.html").await;
        assert!(
            page.contains("beslut: beviljas (S2024/01009)"),
            "the page shows the decision"
        );
        assert!(page.contains("beslut: beviljas inte (S2024/01010)"));
        assert!(page.contains("Inklusionen räknad på rätt underlag når målet"));
        assert!(page.contains("ej uppfyllt"), "and the verdict it overrides");

        a_broken_decision_writes_no_summary(store, &deny).await;
    }

    /// Every row's amount of the payment `id`, in öre.
    fn amounts_of(summary: &Value, id: &str) -> Vec<i64> {
        summary["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["amounts_ore"][id].as_i64().unwrap())
            .collect()
    }

    /// Region `code` uploads a complete 2024 report with `in_svf` of 1000 on time; assessed.
    async fn upload_and_assess(store: &impl ObjectStore, code: &str, in_svf: u32) {
        let event = upload(
            store,
            &format!("reports/2024/{code}/r.json"),
            report(code, in_svf),
            "2024-09-20T10:00:00Z",
        )
        .await;
        handle_upload(store, &Silent, &event).await.unwrap();
    }

    /// A decision that breaks a rule stops the summary; what stands, stands.
    async fn a_broken_decision_writes_no_summary(store: &impl ObjectStore, good: &Value) {
        let before = text_at(store, "summary/2024/payments.json").await;
        let mut broken = good.clone();
        broken["region_code"] = json!("03");
        broken["parts"][0]["reason"] = json!("  ");
        put(
            store,
            "decisions/2024/03.json",
            broken.to_string().into_bytes(),
        )
        .await;
        let error = update_summary(store, Year::Y2024)
            .await
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("decisions/2024/03.json: parts[0].reason: must not be empty"),
            "{error}"
        );
        assert_eq!(text_at(store, "summary/2024/payments.json").await, before);
    }

    async fn text_at(store: &impl ObjectStore, key: &str) -> String {
        String::from_utf8(store.get(key).await.unwrap().unwrap().bytes).unwrap()
    }

    /// 21 regions upload at once; every upload's summary update races the others'.
    /// The store's conditional writes, as S3 has them: if absent, if the entity tag matches
    /// (never for a missing key), and reads of missing keys.
    pub async fn conditional_writes(store: &impl ObjectStore) {
        assert!(matches!(
            store
                .put("a/b.json", b"1".to_vec(), "x", Precondition::IfAbsent)
                .await
                .unwrap(),
            Written::Yes(_)
        ));
        assert_eq!(
            store
                .put("a/b.json", b"2".to_vec(), "x", Precondition::IfAbsent)
                .await
                .unwrap(),
            Written::ConditionFailed
        );
        let etag = store.head("a/b.json").await.unwrap().unwrap().etag;
        assert_eq!(
            store
                .put(
                    "a/b.json",
                    b"3".to_vec(),
                    "x",
                    Precondition::IfMatch("\"0123\"".into())
                )
                .await
                .unwrap(),
            Written::ConditionFailed
        );
        assert!(matches!(
            store
                .put("a/b.json", b"4".to_vec(), "x", Precondition::IfMatch(etag))
                .await
                .unwrap(),
            Written::Yes(_)
        ));
        let object = store.get("a/b.json").await.unwrap().unwrap();
        assert_eq!(object.bytes, b"4");
        assert_eq!(store.head("missing").await.unwrap(), None);
        assert_eq!(store.get("missing").await.unwrap(), None);
        assert_eq!(
            store
                .put(
                    "missing",
                    b"5".to_vec(),
                    "x",
                    Precondition::IfMatch(object.etag)
                )
                .await
                .unwrap(),
            Written::ConditionFailed
        );
    }

    /// What rounds of 21 concurrent uploads came to: the figures of docs/RELIABILITY.md.
    #[derive(Debug, Default)]
    pub struct Race {
        /// Rounds run, each on a fresh bucket.
        pub rounds: usize,
        /// Invocations that failed because the store did not answer, and were run again.
        pub store_retries: usize,
        /// Summary updates that wrote the summary.
        pub written: usize,
        /// Summary updates that found it already current (another update had included them).
        pub unchanged: usize,
        /// The longest round.
        pub slowest: std::time::Duration,
        /// All rounds together.
        pub total: std::time::Duration,
    }

    impl std::fmt::Display for Race {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let rounds = u32::try_from(self.rounds.max(1)).unwrap_or(u32::MAX);
            write!(
                f,
                "{} rounds of 21 concurrent uploads, each complete and consistent; \
                 {} invocations run again after a store failure; summary written {} times, \
                 found current {} times; mean round {:.2?}, slowest {:.2?}",
                self.rounds,
                self.store_retries,
                self.written,
                self.unchanged,
                self.total / rounds,
                self.slowest
            )
        }
    }

    /// `rounds` times, on a fresh bucket from `bucket`: the 21 regions upload at once, each
    /// upload assessed and then the summary updated, all racing. Every round must end with all
    /// 21 regions assessed once, notified once, and paid the published annex in both the JSON
    /// and the table: whatever the interleaving, the summary is complete and consistent.
    pub async fn twenty_one_concurrent_uploads<S, F>(
        rounds: usize,
        mut bucket: impl FnMut() -> F,
    ) -> Race
    where
        S: ObjectStore + 'static,
        F: std::future::Future<Output = S>,
    {
        let mut race = Race::default();
        for round in 0..rounds {
            let store = Arc::new(bucket().await);
            let started = std::time::Instant::now();
            let retries = Arc::new(std::sync::atomic::AtomicUsize::new(0));
            let mut tasks = Vec::new();
            populations(&*store).await;
            for row in &annex_rows(ANNEX_2024)[1..22] {
                let code = row[0].to_owned();
                let store = Arc::clone(&store);
                let retries = Arc::clone(&retries);
                tasks.push(tokio::spawn(async move {
                    let key = format!("reports/2024/{code}/r.json");
                    let etag = put(&*store, &key, report(&code, 750)).await;
                    let upload = Upload::new(key, at("2024-09-20T10:00:00Z"), Some(etag));
                    let (_, tries) = counted(|| handle_upload(&*store, &Silent, &upload)).await;
                    let (summary, more) = counted(|| update_summary(&*store, Year::Y2024)).await;
                    retries.fetch_add(tries + more, std::sync::atomic::Ordering::Relaxed);
                    summary
                }));
            }
            for task in tasks {
                match task.await.unwrap() {
                    SummaryOutcome::Written { .. } => race.written += 1,
                    SummaryOutcome::Unchanged => race.unchanged += 1,
                    SummaryOutcome::NoPopulations => panic!("round {round}: no populations"),
                }
            }
            let took = started.elapsed();
            race.slowest = race.slowest.max(took);
            race.total += took;
            race.store_retries += retries.load(std::sync::atomic::Ordering::Relaxed);
            race.rounds += 1;
            the_summary_is_complete(&*store, round).await;
        }
        race
    }

    /// Runs an invocation as Lambda does, counting the runs again (see [`as_lambda`]).
    async fn counted<T, F>(mut invocation: impl FnMut() -> F) -> (T, usize)
    where
        F: std::future::Future<Output = Result<T, svf_functions::PipelineError>>,
    {
        let mut again = 0;
        let value = as_lambda(|| {
            again += 1;
            invocation()
        })
        .await;
        (value, again - 1)
    }

    async fn the_summary_is_complete(store: &impl ObjectStore, round: usize) {
        assert_eq!(
            store.list("assessments/2024/").await.unwrap().len(),
            21,
            "round {round}"
        );
        assert_eq!(
            store.list("notifications/2024/").await.unwrap().len(),
            21,
            "round {round}: one notification per upload"
        );
        let summary = json_at(store, "summary/2024/payments.json").await.unwrap();
        let rows = summary["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 21, "round {round}");
        assert!(
            rows.iter().all(|r| r["eligible"]["second"] == true),
            "round {round}: {summary}"
        );
        let published: Vec<i64> = annex_rows(ANNEX_2024)[1..22]
            .iter()
            .map(|r| crate::support::grouped_number(r[4]) * 100)
            .collect();
        let paid: Vec<i64> = rows
            .iter()
            .map(|r| r["amounts_ore"]["second"].as_i64().unwrap())
            .collect();
        assert_eq!(paid, published, "round {round}");
        let tsv = store
            .get("summary/2024/payments.tsv")
            .await
            .unwrap()
            .unwrap();
        let tsv = String::from_utf8(tsv.bytes).unwrap();
        assert!(
            tsv.contains("\tRiket\t10 557 682\t100%\t182 500 000\t182 500 000\n"),
            "round {round}: the table is of the same, complete summary\n{tsv}"
        );
    }
}

fn folder() -> svf_testing::TempBucket {
    svf_testing::TempBucket::new("bucket")
}

#[tokio::test]
async fn folder_an_upload_is_assessed_and_notified_once() {
    scenarios::an_upload_is_assessed_and_notified_once(&folder()).await;
}

#[tokio::test]
async fn folder_the_newest_report_wins_in_any_order() {
    scenarios::the_newest_report_wins_in_any_order(&folder()).await;
}

#[tokio::test]
async fn folder_a_rejected_report_never_replaces_an_assessment() {
    scenarios::a_rejected_report_never_replaces_an_assessment(&folder()).await;
}

#[tokio::test]
async fn folder_a_report_must_match_its_key() {
    scenarios::a_report_must_match_its_key(&folder()).await;
}

#[tokio::test]
async fn folder_an_oversized_upload_is_rejected_unread() {
    scenarios::an_oversized_upload_is_rejected_unread(&folder()).await;
}

#[tokio::test]
async fn folder_keys_outside_reports_are_ignored() {
    scenarios::keys_outside_reports_are_ignored(&folder()).await;
}

#[tokio::test]
async fn folder_a_re_upload_of_earlier_bytes_is_an_upload() {
    scenarios::a_re_upload_of_earlier_bytes_is_an_upload(&folder(), false).await;
}

/// An upload whose invocation fails for good (a broken rules file) is not lost: once the file
/// is mended, reconciling handles it, and only it.
#[tokio::test]
async fn folder_no_upload_is_lost_to_a_broken_rules_file() {
    use svf_functions::reconcile::{Versions, reconcile};
    let store = folder();
    populations(&store).await;
    // In a folder an upload's time is its file's.
    let upload_of = |key: &str, etag: String| {
        let received = svf_functions::folder::instant_of(store.modified(key).unwrap()).unwrap();
        Upload::new(key, received, Some(etag))
    };
    let etag = put(&store, "reports/2024/01/a.json", report("01", 800)).await;
    let early = upload_of("reports/2024/01/a.json", etag);
    handle_upload(&store, &Silent, &early).await.unwrap();
    put(
        &store,
        "config/2024/rules.json",
        b"{\"schema\": \"svf-rules/1\", \"policy\": \"keep\"}".to_vec(),
    )
    .await;
    let key = "reports/2024/03/b.json";
    let etag = put(&store, key, report("03", 800)).await;
    let lost = upload_of(key, etag);
    let error = handle_upload(&store, &Silent, &lost).await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("config/2024/rules.json: policy: expected"),
        "{error}"
    );
    assert!(
        store
            .list("notifications/2024/03/")
            .await
            .unwrap()
            .is_empty()
    );
    put(
        &store,
        "config/2024/rules.json",
        b"{\"schema\": \"svf-rules/1\"}".to_vec(),
    )
    .await;
    let done = reconcile(&store, &Silent, Versions::None).await.unwrap();
    let handled: Vec<&str> = done.handled.iter().map(|(u, _)| u.key.as_str()).collect();
    assert_eq!(handled, [key], "only the upload without a notification");
    assert_eq!(done.already, 1, "the one handled before is found done");
    assert_eq!(store.list("notifications/2024/03/").await.unwrap().len(), 1);
    assert!(matches!(
        done.summaries.as_slice(),
        [(Year::Y2024, SummaryOutcome::Written { .. })]
    ));
    let again = reconcile(&store, &Silent, Versions::None).await.unwrap();
    assert!(again.handled.is_empty());
    assert_eq!(again.already, 2);
    let refused = reconcile(&store, &Silent, Versions::Required)
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("keeps no versions"),
        "{refused}"
    );
}

#[tokio::test]
async fn folder_the_summary_is_never_wrong_in_silence() {
    scenarios::the_summary_is_never_wrong_in_silence(&folder()).await;
}

#[tokio::test]
async fn folder_the_deadline_is_judged_on_the_first_accepted_report() {
    scenarios::the_deadline_is_judged_on_the_first_accepted_report(&folder()).await;
}

#[tokio::test]
async fn folder_a_decision_moves_the_money() {
    scenarios::a_decision_moves_the_money(&folder()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn folder_twenty_one_concurrent_uploads_fifty_times() {
    let race = scenarios::twenty_one_concurrent_uploads(50, || async { folder() }).await;
    record("concurrency-folder", &format!("folder bucket: {race}"));
    assert_eq!(race.rounds, 50);
    assert!(race.written >= race.rounds, "{race:?}");
}

#[tokio::test]
async fn the_folder_refuses_keys_that_escape_it() {
    let dir = tempdir("escape");
    let outside = tempdir("outside");
    std::fs::write(outside.join("secret.json"), b"{}").unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("reports")).unwrap();
    let store = FolderStore::open(&dir).unwrap();
    for key in [
        "../x.json",
        "/etc/passwd",
        "a//b",
        "a/./b",
        "a/../../b",
        "",
        "a\\..\\b",
        "reports/secret.json",
        "x/\u{0}",
    ] {
        let refused = store.get(key).await;
        assert!(
            matches!(refused, Err(StoreError::BadKey { .. })),
            "{key:?}: {refused:?}"
        );
        let write = store
            .put(key, b"x".to_vec(), "text/plain", Precondition::Always)
            .await;
        assert!(
            matches!(write, Err(StoreError::BadKey { .. })),
            "{key:?}: {write:?}"
        );
    }
    assert!(
        store.list("reports/").await.unwrap().is_empty(),
        "a symbolic link is not followed"
    );
    assert_eq!(std::fs::read(outside.join("secret.json")).unwrap(), b"{}");
}

#[tokio::test]
async fn conditional_writes_on_the_folder() {
    let store = folder();
    scenarios::conditional_writes(&store).await;
    let names: Vec<String> = std::fs::read_dir(store.root().join("a"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["b.json"], "no temporary file is left behind");
}

fn process(dir: &Path) -> crate::support::Run {
    svf(&["process", dir.to_str().unwrap()])
}

#[test]
fn svf_process_handles_each_upload_once() {
    let dir = tempdir("process");
    std::fs::create_dir_all(dir.join("reports/2024/09")).unwrap();
    std::fs::create_dir_all(dir.join("config/2024")).unwrap();
    std::fs::write(
        dir.join("config/2024/populations.csv"),
        include_str!("data/populations-2024-11.csv"),
    )
    .unwrap();
    std::fs::write(dir.join("reports/2024/09/gotland.json"), report("09", 900)).unwrap();
    std::fs::write(dir.join("reports/2024/09/broken.json"), b"{").unwrap();
    let run = process(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("assessed  reports/2024/09/gotland.json"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("rejected  reports/2024/09/broken.json"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("1 assessed, 1 rejected, 0 notified before"),
        "{}",
        run.stdout
    );
    let again = process(&dir);
    assert!(
        again
            .stdout
            .contains("0 assessed, 0 rejected, 2 notified before"),
        "{}",
        again.stdout
    );
    // The file's time is its receipt time: this one arrived now, long after 2024's deadline.
    let assessment: Value =
        serde_json::from_slice(&std::fs::read(dir.join("assessments/2024/09.json")).unwrap())
            .unwrap();
    assert_eq!(assessment["conditions"][2]["met"], false);
    let summary: Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary/2024/payments.json")).unwrap())
            .unwrap();
    assert_eq!(summary["withheld_ore"]["second"], 18_250_000_000_i64);
}

/// The case on the built binary: Norrbotten uploads a passing report, a failing one,
/// then the passing one again, to one file; each pass notifies the new upload, and the third
/// decides the payment.
#[test]
fn svf_process_counts_a_re_upload_of_earlier_bytes() {
    let dir = tempdir("reupload");
    std::fs::create_dir_all(dir.join("config/2024")).unwrap();
    std::fs::write(
        dir.join("config/2024/populations.csv"),
        include_str!("data/populations-2024-11.csv"),
    )
    .unwrap();
    let path = dir.join("reports/2024/25/redovisning.json");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // 10, 12 and 14 September 2024, 10:00 UTC.
    for (in_svf, day) in [
        (800, 1_725_962_400),
        (600, 1_726_135_200),
        (800, 1_726_308_000),
    ] {
        std::fs::write(&path, report("25", in_svf)).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| {
                f.set_modified(
                    std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(day),
                )
            })
            .unwrap();
        let run = process(&dir);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout.contains("1 assessed, 0 rejected"),
            "{}",
            run.stdout
        );
    }
    let notes = std::fs::read_dir(dir.join("notifications/2024/25"))
        .unwrap()
        .count();
    assert_eq!(notes, 3);
    let table = std::fs::read_to_string(dir.join("summary/2024/payments.tsv")).unwrap();
    let norrbotten = table.lines().find(|l| l.starts_with("25\t")).unwrap();
    assert!(
        !norrbotten.ends_with("\t0"),
        "Norrbotten is paid: {norrbotten}"
    );
}

/// On a terminal (a pseudo-terminal from `script`), many uploads get a progress bar instead of
/// a line each; through a pipe, a line each (the test above and below).
#[test]
fn svf_process_shows_a_progress_bar_on_a_terminal() {
    let why = "the progress-bar test runs svf on a pseudo-terminal with util-linux's script";
    let Some(script) = crate::support::tool(std::path::Path::new("script"), why) else {
        return;
    };
    let dir = tempdir("terminal");
    let command = format!(
        "{} demo {}",
        env!("CARGO_BIN_EXE_svf"),
        dir.to_str().unwrap()
    );
    let run = std::process::Command::new(script)
        .args(["-qec", &command, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("script (util-linux) runs the demo on a pseudo-terminal");
    let screen = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{screen}");
    assert!(screen.contains("21/21 uploads"), "{screen}");
    assert!(screen.contains("21 assessed, 0 rejected"), "{screen}");
    assert!(!screen.contains("assessed  reports/"), "{screen}");

    let piped = svf(&["process", dir.to_str().unwrap()]);
    assert!(!piped.stdout.contains("uploads"), "{}", piped.stdout);
}

#[test]
fn svf_demo_pays_the_published_annex() {
    let dir = tempdir("demo");
    let run = svf(&["demo", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("21 assessed, 0 rejected"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stdout.matches("assessed  reports/2024/").count(),
        21,
        "not a terminal: a line per upload\n{}",
        run.stdout
    );
    let table = std::fs::read_to_string(dir.join("summary/2024/payments.tsv")).unwrap();
    assert!(
        run.stdout.ends_with(&table),
        "the demo prints the national table"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("summary/2024/annex-second.tsv")).unwrap(),
        ANNEX_2024,
        "the second payment's annex is the published annex, byte for byte"
    );
    let ours = annex_rows(&table);
    for (ours, published) in ours[1..23].iter().zip(&annex_rows(ANNEX_2024)[1..23]) {
        assert_eq!(
            (ours[0], ours[5]),
            (published[0], published[4]),
            "second payment"
        );
    }
    let again = svf(&["demo", dir.to_str().unwrap()]);
    assert!(
        again
            .stdout
            .contains("0 assessed, 0 rejected, 21 notified before"),
        "{}",
        again.stdout
    );
}

#[test]
fn svf_watch_processes_uploads_as_they_appear() {
    let dir = tempdir("watch");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_svf"))
        .args([
            "watch",
            dir.to_str().unwrap(),
            "--interval",
            "0.1",
            "--rounds",
            "600",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    std::fs::create_dir_all(dir.join("reports/2024/10")).unwrap();
    std::fs::write(dir.join("reports/2024/10/blekinge.json"), report("10", 900)).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let notified = loop {
        let found = std::fs::read_dir(dir.join("notifications/2024/10")).map_or(0, Iterator::count);
        if found > 0 || std::time::Instant::now() > deadline {
            break found;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(notified, 1);
}

/// A report caught half-copied is left alone until it has stopped changing: it is assessed
/// once whole, never rejected for the half.
#[test]
fn svf_watch_waits_for_a_file_to_stop_changing() {
    let dir = tempdir("watch-settle");
    let path = dir.join("reports/2024/10/blekinge.json");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let whole = report("10", 900);
    std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_svf"))
        .args([
            "watch",
            dir.to_str().unwrap(),
            "--interval",
            "0.1",
            "--rounds",
            "100",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1200));
    let early = std::fs::read_dir(dir.join("notifications/2024/10")).map_or(0, Iterator::count);
    std::fs::write(&path, &whole).unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        early, 0,
        "nothing while the file is being written\n{stdout}"
    );
    assert!(
        stdout.contains("assessed  reports/2024/10/blekinge.json"),
        "{stdout}"
    );
    assert!(!stdout.contains("rejected"), "{stdout}");
}

/// `svf status`: each region's assessed report, what it earned and its latest upload, as
/// tab-separated values through a pipe.
#[test]
fn svf_status_shows_where_each_region_stands() {
    let dir = tempdir("status");
    assert_eq!(svf(&["demo", dir.to_str().unwrap()]).code, 0);
    std::fs::write(dir.join("reports/2024/25/trasig.json"), b"{").unwrap();
    assert_eq!(process(&dir).code, 0);
    let run = svf(&["status", dir.to_str().unwrap(), "--year", "2024"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), 22, "a header and the 21 regions");
    assert_eq!(rows[0][0], "år");
    assert!(rows.iter().all(|r| r.len() == 7), "{}", run.stdout);
    let stockholm = &rows[1];
    assert_eq!(&stockholm[..3], ["2024", "01", "Stockholm"]);
    assert_eq!(stockholm[4], "fullständig");
    assert_eq!(stockholm[5], "Utbetalning 2: uppfyllt");
    assert_eq!(stockholm[6], "den bedömda");
    let norrbotten = &rows[21];
    assert!(norrbotten[6].starts_with("avvisad "), "{norrbotten:?}");
    let one = svf(&["status", dir.to_str().unwrap(), "--region", "25"]);
    assert_eq!(one.stdout.lines().count(), 2, "{}", one.stdout);
    let missing = svf(&["status", dir.join("nej").to_str().unwrap()]);
    assert_eq!(missing.code, 2);
    let bad = svf(&["status", dir.to_str().unwrap(), "--region", "02"]);
    assert_eq!(bad.code, 2);
}

/// A typo in the bucket's folder is refused; nothing is created.
#[test]
fn svf_process_refuses_a_folder_that_is_not_there() {
    let dir = tempdir("typo").join("demoo");
    for command in ["process", "watch"] {
        let run = svf(&[command, dir.to_str().unwrap(), "--rounds", "1"]
            [..if command == "process" { 2 } else { 4 }]);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert!(run.stderr.contains("no such folder"), "{}", run.stderr);
        assert!(!dir.exists(), "{command} created {}", dir.display());
    }
}

/// What the functions log, captured: a writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Logs carry the key, region and verdict, never what a region wrote: not its narrative, not a
/// name, not an unknown key or a wrongly typed value of a rejected report.
#[test]
fn logs_carry_no_report_contents() {
    // Alone in a process of its own: `tracing` caches per call site whether anyone listens, for
    // every thread at once, so other tests' threads would race with this one's subscriber.
    if std::env::var_os("SVF_LOG_TEST_ALONE").is_none() {
        let alone = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "pipeline::logs_carry_no_report_contents",
                "--test-threads=1",
            ])
            .env("SVF_LOG_TEST_ALONE", "1")
            .output()
            .unwrap();
        assert!(
            alone.status.success(),
            "{}\n{}",
            String::from_utf8_lossy(&alone.stdout),
            String::from_utf8_lossy(&alone.stderr)
        );
        assert!(
            String::from_utf8_lossy(&alone.stdout).contains("1 passed"),
            "the test ran in its own process"
        );
        return;
    }
    let secret = "HEMLIG-patientuppgift-1934";
    let reports = [
        (
            "reports/2024/01/ok.json",
            json!({
                "schema": "svf-report/1", "agreement_year": 2024, "region_code": "01",
                "region_name": secret,
                "inclusion": {"new_cases": 1000, "in_svf": 800}, "prem": {"used": true},
                "narrative": {"lead_times": secret, "prem_use": "x", "longest_waits": "x",
                              "urology": "x"}
            }),
        ),
        (
            "reports/2024/03/unknown.json",
            json!({"schema": "svf-report/1", "agreement_year": 2024, "region_code": "03",
                   secret: 1}),
        ),
        (
            "reports/2024/04/typed.json",
            json!({"schema": "svf-report/1", "agreement_year": 2024, "region_code": "04",
                   "inclusion": secret}),
        ),
    ];
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer({
            let logs = logs.clone();
            move || logs.clone()
        })
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(async {
            let store = folder();
            populations(&store).await;
            for (key, report) in &reports {
                let etag = put(&store, key, report.to_string().into_bytes()).await;
                let upload = Upload::new((*key).to_owned(), at("2024-09-20T10:00:00Z"), Some(etag));
                handle_upload(&store, &Silent, &upload).await.unwrap();
            }
            update_summary(&store, Year::Y2024).await.unwrap();
            // The secret is in what the region is told: the test would see it if logged.
            let told = store.list("notifications/2024/03/").await.unwrap();
            let note = store.get(&told[0].key).await.unwrap().unwrap();
            assert!(String::from_utf8_lossy(&note.bytes).contains(secret));
        });
    });
    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert_eq!(logs.matches("upload assessed").count(), 3, "{logs}");
    assert!(logs.contains("summary written"), "{logs}");
    assert!(!logs.contains(secret), "{logs}");
}
