//! Every scenario of the pipeline (`functions/tests/scenarios.rs`), against any store: the
//! folder bucket in `folder`, S3 in `s3` (contract §3): uploads, redelivery, order, rejections,
//! the summary, decisions, conditional writes and concurrency.

use std::sync::Arc;

use serde_json::{Value, json};
use svf_functions::contract::upload_ref::Upload;
use svf_functions::pipeline::event;
use svf_functions::pipeline::intake::Outcome;
use svf_functions::pipeline::summary::{SummaryOutcome, update_summary};
use svf_functions::store::{ObjectStore, Precondition, Silent, Written};
use svf_kernel::region::Year;
use svf_testing::annex::{ANNEX_2024, annex_rows, grouped_number, independent_split};

use crate::support::{Remove, as_lambda, at, json_at, populations, put, report};

pub async fn an_upload_is_assessed_and_notified_once(store: &impl ObjectStore) {
    let key = "reports/2024/01/rapport.json";
    let etag = put(store, key, report("01", 800)).await;
    let upload = Upload::new(key.to_owned(), at("2024-09-20T10:00:00Z"), Some(etag));
    let first = event::handle(store, &Silent, &upload).await.unwrap();
    let Outcome::Assessed {
        notification,
        current: true,
    } = first
    else {
        panic!("{first:?}")
    };
    // S3 delivers the same event again: nothing new.
    let again = event::handle(store, &Silent, &upload).await.unwrap();
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
        event::handle(store, &Silent, &late).await.unwrap(),
        Outcome::Assessed { current: true, .. }
    ));
    let Outcome::Assessed {
        current: false,
        notification,
    } = event::handle(store, &Silent, &early).await.unwrap()
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
    event::handle(
        store,
        &Silent,
        &Upload::new(good.to_owned(), at("2024-09-20T10:00:00Z"), Some(e1)),
    )
    .await
    .unwrap();
    let outcome = event::handle(
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
    let outcome = event::handle(
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
    let outcome = event::handle(
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
        event::handle(store, &Silent, &upload).await.unwrap(),
        Outcome::Ignored(_)
    ));
    let key = "reports/whatever.json";
    let etag = put(store, key, report("01", 800)).await;
    let outcome = event::handle(
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
    let mut report: Value = serde_json::from_slice(&crate::support::report(code, in_svf)).unwrap();
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
pub async fn a_re_upload_of_earlier_bytes_is_an_upload(store: &impl ObjectStore, sequenced: bool) {
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
        let outcome = event::handle(store, &Silent, &event).await.unwrap();
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
        let outcome = event::handle(store, &Silent, event).await.unwrap();
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
    use svf_functions::pipeline::reconcile::rebuild_missing;
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
            event::handle(store, &Silent, &events[index]).await.unwrap();
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
        event::handle(store, &Silent, event).await.unwrap();
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
        .map(|r| (r[0], u128::try_from(grouped_number(r[2])).unwrap()))
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
        independent_split(182_500_000, &weights)
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
    event::handle(store, &Silent, &event).await.unwrap();
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
    // Nothing published: the figures stand, said to be out of date, and why.
    let standing: Value =
        serde_json::from_str(&text_at(store, "summary/2024/payments.json").await).unwrap();
    let mut was: Value = serde_json::from_str(&before).unwrap();
    was["status"] = json!("out_of_date");
    was["out_of_date_because"] = standing["out_of_date_because"].clone();
    assert_eq!(standing, was);
    assert!(
        standing["out_of_date_because"]
            .as_str()
            .unwrap()
            .contains("decisions/2024/03.json: parts[0].reason: must not be empty")
    );
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

/// How many rounds the concurrency tests run: `SVF_RACE_ROUNDS`, else 10. CI runs 10 (each S3
/// round takes seconds in the test profile); `SVF_RACE_ROUNDS=50` is the long run whose figures
/// docs/RELIABILITY.md records.
pub fn race_rounds() -> usize {
    match std::env::var("SVF_RACE_ROUNDS") {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("SVF_RACE_ROUNDS={text:?} is not a number of rounds")),
        Err(_) => 10,
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
                let (_, tries) = counted(|| event::handle(&*store, &Silent, &upload)).await;
                let (summary, more) = counted(|| update_summary(&*store, Year::Y2024)).await;
                retries.fetch_add(tries + more, std::sync::atomic::Ordering::Relaxed);
                summary
            }));
        }
        for task in tasks {
            match task.await.unwrap() {
                SummaryOutcome::Written { .. } => race.written += 1,
                SummaryOutcome::Unchanged { .. } => race.unchanged += 1,
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
    F: std::future::Future<Output = Result<T, svf_functions::pipeline::PipelineError>>,
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
        .map(|r| grouped_number(r[4]) * 100)
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
