//! The pipeline on a folder bucket (`functions/tests/folder.rs`; contract §3): every scenario,
//! no upload lost to a broken rules file, keys that try to escape the folder, and conditional
//! writes leaving no temporary file behind.

use svf_functions::contract::upload_ref::Upload;
use svf_functions::pipeline::event;
use svf_functions::pipeline::summary::SummaryOutcome;
use svf_functions::store::folder::{FolderStore, etag_of};
use svf_functions::store::{ObjectStore, Precondition, Silent, StoreError, Written};
use svf_kernel::region::Year;

use crate::scenarios;
use crate::support::{folder, populations, put, record, report, tempdir};

#[tokio::test]
async fn folder_an_rccs_reports_are_assessed_and_compiled() {
    crate::rcc::an_rccs_reports_are_assessed_and_compiled(&folder()).await;
}

#[tokio::test]
async fn folder_the_agencys_data_decides_and_tells_each_region_once() {
    crate::lead_times::the_agencys_data_decides_and_tells_each_region_once(&folder()).await;
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
    use svf_functions::pipeline::reconcile::{OnFailure, Quiet, Versions, reconcile};
    let store = folder();
    populations(&store).await;
    // In a folder an upload's time is its file's.
    let upload_of = |key: &str, etag: String| {
        let received =
            svf_functions::store::folder::instant_of(store.modified(key).unwrap()).unwrap();
        Upload::new(key, received, Some(etag))
    };
    let etag = put(&store, "reports/2024/01/a.json", report("01", 800)).await;
    let early = upload_of("reports/2024/01/a.json", etag);
    event::handle(&store, &Silent, &early).await.unwrap();
    put(
        &store,
        "config/2024/rules.json",
        b"{\"schema\": \"svf-rules/1\", \"policy\": \"keep\"}".to_vec(),
    )
    .await;
    let key = "reports/2024/03/b.json";
    let etag = put(&store, key, report("03", 800)).await;
    let lost = upload_of(key, etag);
    let error = event::handle(&store, &Silent, &lost).await.unwrap_err();
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
    let done = reconcile(&store, &Silent, Versions::None, OnFailure::Stop, &mut Quiet)
        .await
        .unwrap();
    let handled: Vec<&str> = done.handled.iter().map(|(u, _)| u.key.as_str()).collect();
    assert_eq!(handled, [key], "only the upload without a notification");
    assert_eq!(done.already, 1, "the one handled before is found done");
    assert_eq!(store.list("notifications/2024/03/").await.unwrap().len(), 1);
    assert!(matches!(
        done.summaries.as_slice(),
        [(Year::Y2024, SummaryOutcome::Written { .. })]
    ));
    let again = reconcile(&store, &Silent, Versions::None, OnFailure::Stop, &mut Quiet)
        .await
        .unwrap();
    assert!(again.handled.is_empty());
    assert_eq!(again.already, 2);
    let refused = reconcile(
        &store,
        &Silent,
        Versions::Required,
        OnFailure::Stop,
        &mut Quiet,
    )
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
async fn folder_twenty_one_concurrent_uploads_round_after_round() {
    let rounds = scenarios::race_rounds();
    let race = scenarios::twenty_one_concurrent_uploads(rounds, || async { folder() }).await;
    record("concurrency-folder", &format!("folder bucket: {race}"));
    assert_eq!(race.rounds, rounds);
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
    // A symbolic link is not followed, and what lies behind it is not said to be nothing.
    let listed = store.list("reports/").await;
    assert!(
        matches!(&listed, Err(StoreError::Unavailable(why)) if why.contains("symbolic link")),
        "{listed:?}"
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

/// Issue 23, 1: svf's temporaries live in its own folder, `.svf/tmp/`, which no key can name
/// and no listing shows; a user's file named like a temporary is an object like any other, and
/// sweeping never takes it, however old.
#[tokio::test]
async fn folder_a_file_named_like_a_temporary_is_an_object_and_never_swept() {
    let store = folder();
    // 10 September 2024, 10:00 UTC: long before any sweep's minute.
    let long_ago = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_hours(479_434);
    let mine = [
        "reports/2024/01/.svf-tmp-1-0",
        "config/2024/.svf-tmp-99-0",
        "decisions/2024/.svf-tmp-7-7.json",
    ];
    for key in mine {
        let path = store.root().join(key);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, key.as_bytes()).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(long_ago))
            .unwrap();
    }
    // svf's own temporary, left by a kill long ago: the only thing a sweep may take.
    let own = store.root().join(".svf/tmp/1-0");
    std::fs::create_dir_all(own.parent().unwrap()).unwrap();
    std::fs::write(&own, b"half").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&own)
        .and_then(|f| f.set_modified(long_ago))
        .unwrap();
    let swept = store.sweep_temporaries();
    assert_eq!(swept, [".svf/tmp/1-0"], "only svf's own");
    assert!(!own.exists());
    for key in mine {
        let object = store.get(key).await.unwrap().expect("still there");
        assert_eq!(object.bytes, key.as_bytes());
    }
    let listed: Vec<String> = store
        .list("")
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.key)
        .collect();
    let mut expected = mine.map(str::to_owned).to_vec();
    expected.sort();
    assert_eq!(listed, expected, "svf's own folder is never a key");
    // A write goes through svf's folder and leaves nothing in the key's.
    put(&store, "config/2024/.svf-tmp-99-0", b"again".to_vec()).await;
    for key in [".svf/tmp/x", ".SVF/lock", ".svf"] {
        let refused = store.get(key).await;
        assert!(
            matches!(refused, Err(StoreError::BadKey { .. })),
            "{key}: {refused:?}"
        );
    }
    assert_eq!(
        std::fs::read_dir(store.root().join(".svf/tmp"))
            .unwrap()
            .count(),
        0,
        "no temporary left behind"
    );
}

/// Issue 23, 4: a conditional write holds between two processes on one folder (two `svf
/// watch`, or `watch` and `process`), as S3's does between two writers: of two writes "if
/// absent" at once, exactly one is written, every time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn folder_conditional_writes_hold_between_two_processes() {
    let bucket = folder();
    // Two stores on one folder: what two processes have.
    let stores = [
        std::sync::Arc::new(FolderStore::open(bucket.root()).unwrap()),
        std::sync::Arc::new(FolderStore::open(bucket.root()).unwrap()),
    ];
    let mut both = 0;
    for round in 0..100 {
        let key = format!("notifications/2024/01/{round}.json");
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let writes: Vec<_> = stores
            .iter()
            .enumerate()
            .map(|(writer, store)| {
                let (store, barrier, key) = (store.clone(), barrier.clone(), key.clone());
                std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .build()
                        .unwrap();
                    barrier.wait();
                    runtime.block_on(store.put(
                        &key,
                        format!("writer {writer}").into_bytes(),
                        "application/json",
                        Precondition::IfAbsent,
                    ))
                })
            })
            .collect();
        let written = writes
            .into_iter()
            .map(|w| w.join().unwrap().unwrap())
            .filter(|w| matches!(w, Written::Yes(_)))
            .count();
        assert!(written >= 1, "round {round}: nothing written");
        if written == 2 {
            both += 1;
        }
    }
    assert_eq!(
        both, 0,
        "rounds where both writes \"if absent\" were written"
    );
}

/// A chain of folders, built by renames so that no path handed to the system is long, whose
/// innermost file lies more than `PATH_MAX` (4 096 bytes) below `at`: the system cannot list it,
/// even for root (whom permissions do not stop).
fn too_deep_to_list(at: &std::path::Path) {
    let work = tempdir("deep");
    let name = "d".repeat(250);
    std::fs::create_dir(work.join("chain")).unwrap();
    std::fs::write(work.join("chain/25.json"), b"{}").unwrap();
    for _ in 0..18 {
        std::fs::create_dir(work.join("next")).unwrap();
        std::fs::rename(work.join("chain"), work.join("next").join(&name)).unwrap();
        std::fs::rename(work.join("next"), work.join("chain")).unwrap();
    }
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::fs::rename(work.join("chain"), at).unwrap();
}

/// Issue 23, 2: a folder under the bucket that cannot be listed fails the listing with the
/// store's error naming it, rather than being passed over: a summary built from that listing
/// then publishes nothing rather than paying without it. A folder reached through a symbolic
/// link is the same: the listing cannot say what is under the prefix.
#[tokio::test]
async fn folder_a_folder_that_cannot_be_listed_fails_the_listing() {
    let store = folder();
    put(&store, "decisions/2024/01.json", b"{}".to_vec()).await;
    put(&store, "reports/2024/01/r.json", b"{}".to_vec()).await;
    too_deep_to_list(&store.root().join("decisions/2024/arkiv"));
    let failed = store.list("decisions/").await;
    let Err(StoreError::Unavailable(why)) = &failed else {
        panic!("the listing must fail: {failed:?}");
    };
    assert!(why.contains("decisions/2024/arkiv/ddd"), "{why}");
    assert!(
        store.list_versions("decisions/2024/").await.is_err(),
        "list_versions alike"
    );
    // Other prefixes are listed as before.
    assert_eq!(store.list("reports/").await.unwrap().len(), 1);
    // A prefix through a symbolic link.
    let elsewhere = tempdir("elsewhere");
    std::fs::write(elsewhere.join("01.json"), b"{}").unwrap();
    std::fs::create_dir_all(store.root().join("assessments")).unwrap();
    std::os::unix::fs::symlink(&*elsewhere, store.root().join("assessments/2024")).unwrap();
    let failed = store.list("assessments/2024/").await;
    let Err(StoreError::Unavailable(why)) = &failed else {
        panic!("the listing must fail: {failed:?}");
    };
    assert!(
        why.contains("assessments/2024") && why.contains("symbolic link"),
        "{why}"
    );
}

/// Issue 23, 3: something at a key that is not a regular file (a FIFO, a folder, a symbolic
/// link) is that key's error: it is there (head and the listing say so), and reading it fails
/// with the key and why, at once, never opening a FIFO; the keys beside it read as before.
#[tokio::test]
async fn folder_an_entry_that_is_not_a_file_is_its_keys_error() {
    let store = folder();
    let root = store.root().to_owned();
    put(&store, "config/2023/lead_times.csv", b"ok".to_vec()).await;
    std::fs::create_dir_all(root.join("config/2024")).unwrap();
    let fifo = root.join("config/2024/lead_times.csv");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::fs::create_dir_all(root.join("config/2025/lead_times.csv")).unwrap();
    std::fs::create_dir_all(root.join("config/2026")).unwrap();
    std::os::unix::fs::symlink(
        root.join("config/2023/lead_times.csv"),
        root.join("config/2026/lead_times.csv"),
    )
    .unwrap();
    for (year, kind) in [
        (2024, "a FIFO"),
        (2025, "a folder"),
        (2026, "a symbolic link"),
    ] {
        let key = format!("config/{year}/lead_times.csv");
        let head = store.head(&key).await;
        assert!(
            matches!(&head, Ok(Some(info)) if info.key == key),
            "{key} is there: {head:?}"
        );
        let read = tokio::time::timeout(std::time::Duration::from_secs(10), store.get(&key))
            .await
            .expect("never waits on a FIFO");
        let error = read.expect_err(&key).to_string();
        assert!(error.contains(&key) && error.contains(kind), "{error}");
    }
    let listed: Vec<String> = store
        .list("config/")
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.key)
        .collect();
    assert_eq!(
        listed,
        [
            "config/2023/lead_times.csv",
            "config/2024/lead_times.csv",
            "config/2026/lead_times.csv"
        ],
        "the FIFO and the link are objects; the folder is a prefix"
    );
    assert_eq!(
        store
            .get("config/2023/lead_times.csv")
            .await
            .unwrap()
            .unwrap()
            .bytes,
        b"ok"
    );
    // Nothing is written over them, nor through the link.
    for key in ["config/2024/lead_times.csv", "config/2026/lead_times.csv"] {
        let write = store
            .put(key, b"new".to_vec(), "text/csv", Precondition::Always)
            .await;
        assert!(write.is_err(), "{key}: {write:?}");
    }
    assert_eq!(
        std::fs::read(root.join("config/2023/lead_times.csv")).unwrap(),
        b"ok"
    );
}

/// Issue 23, 4: a file written again at the same size, with its modification time set back
/// (`cp -p`, `rsync -t`, an unzip), is a new object: its entity tag is its new content's, not
/// one remembered from before (a remembered one would take it for the upload already handled).
#[tokio::test]
async fn folder_a_rewrite_at_the_same_size_and_time_is_seen() {
    let store = folder();
    let key = "reports/2024/01/r.json";
    put(&store, key, b"aaaa".to_vec()).await;
    let path = store.path_of(key).unwrap();
    let time = std::fs::metadata(&path).unwrap().modified().unwrap();
    assert_eq!(
        store.head(key).await.unwrap().unwrap().etag,
        etag_of(b"aaaa")
    );
    std::fs::write(&path, b"bbbb").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(time))
        .unwrap();
    assert_eq!(
        store.head(key).await.unwrap().unwrap().etag,
        etag_of(b"bbbb")
    );
    assert_eq!(
        store.list("reports/").await.unwrap()[0].etag,
        etag_of(b"bbbb")
    );
}
