//! What the functions log (`functions/tests/logs.rs`): the key, region and verdict, never what
//! a region wrote.

use std::sync::Arc;

use serde_json::json;
use svf_functions::contract::upload_ref::Upload;
use svf_functions::pipeline::event;
use svf_functions::pipeline::summary::update_summary;
use svf_functions::store::{ObjectStore, Silent};
use svf_kernel::region::Year;

use crate::support::{at, folder, populations, put};

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
                "logs::logs_carry_no_report_contents",
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
                event::handle(&store, &Silent, &upload).await.unwrap();
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
