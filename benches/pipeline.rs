//! Criterion group `pipeline`: one upload handled end to end (head, read, assess, keep the
//! newest assessment, notify) on the folder bucket and on S3 (an `s3s-fs` server in this process,
//! reached by `aws-sdk-s3` over 127.0.0.1); and on the folder, a batch of 21 with the summary.
//!
//! Run: `cargo bench --bench pipeline`. Target: at least 1 000 reports per second on the folder
//! bucket. Figures: docs/PERFORMANCE.md.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use svf_functions::contract::layout;
use svf_functions::store::folder::FolderStore;
use svf_functions::store::{ObjectStore, Precondition, Silent};

use svf_functions::contract::upload_ref::Upload;
use svf_functions::pipeline::event;
use svf_functions::pipeline::intake::Outcome;
use svf_functions::pipeline::summary::update_summary;
use svf_kernel::region::{Region, Year};
use svf_kernel::time::Instant;

const STOCKHOLM: &str = include_str!("../spec/examples/2024-01-stockholm.json");

fn report_of(region: Region) -> Vec<u8> {
    STOCKHOLM
        .replace(
            "\"region_code\": \"01\"",
            &format!("\"region_code\": \"{}\"", region.code()),
        )
        .into_bytes()
}

/// Uploads report number `n` and handles its event.
async fn one_upload(store: &impl ObjectStore, n: u64, received: Instant) {
    let key = format!("reports/2024/01/r{n}.json");
    store
        .put(
            &key,
            report_of(Region::ALL[0]),
            "application/json",
            Precondition::Always,
        )
        .await
        .expect("written");
    let upload = Upload::new(key, received, None);
    let outcome = event::handle(store, &Silent, black_box(&upload))
        .await
        .expect("handled");
    assert!(matches!(outcome, Outcome::Assessed { .. }));
}

fn pipeline(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    // The S3 server runs on this runtime's threads, beside the client.
    let multi = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let dir = svf_testing::TempDir::new("bench");
    let store = FolderStore::open(dir.path()).expect("a folder");
    let received = Instant::parse_rfc3339("2024-09-27T08:00:00Z").expect("an instant");
    runtime.block_on(async {
        let table = include_bytes!("../tests/data/populations-2024-11.csv").to_vec();
        store
            .put(
                &layout::populations_key(Year::Y2024),
                table,
                "text/csv",
                Precondition::Always,
            )
            .await
            .expect("written");
    });

    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Elements(1));
    // Each iteration is a new upload (a new key), so every step really happens.
    let mut n = 0u64;
    group.bench_function(BenchmarkId::new("folder", "one upload"), |b| {
        b.iter(|| {
            n += 1;
            runtime.block_on(one_upload(&store, n, received));
        });
    });
    let s3 = multi.block_on(svf_testing::s3::s3_bucket());
    let mut m = 0u64;
    group.bench_function(
        BenchmarkId::new("s3 (in-process s3s-fs)", "one upload"),
        |b| {
            b.iter(|| {
                m += 1;
                multi.block_on(one_upload(&s3, m, received));
            });
        },
    );
    group.throughput(Throughput::Elements(21));
    let mut round = 0u64;
    group.bench_function(
        BenchmarkId::new("folder", "21 uploads and the summary"),
        |b| {
            b.iter(|| {
                round += 1;
                runtime.block_on(async {
                    for region in Region::ALL {
                        let key = format!("reports/2024/{}/round{round}.json", region.code());
                        store
                            .put(
                                &key,
                                report_of(region),
                                "application/json",
                                Precondition::Always,
                            )
                            .await
                            .expect("written");
                        event::handle(&store, &Silent, &Upload::new(key, received, None))
                            .await
                            .expect("handled");
                    }
                    update_summary(&store, Year::Y2024).await.expect("summary");
                });
            });
        },
    );
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = pipeline
}
criterion_main!(benches);
