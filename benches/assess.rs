//! Criterion group `assess`: a report read, assessed and written as JSON, end to end, in the
//! kernel; all 21 regions; and the same bytes read by `serde_json` for comparison.
//!
//! Run: `cargo bench --bench assess`. Figures: docs/PERFORMANCE.md.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use svf_kernel::assessment::{Assessment, Receipt};
use svf_kernel::region::Region;
use svf_kernel::rules::Rules;
use svf_kernel::time::Instant;

const STOCKHOLM: &[u8] = include_bytes!("../spec/examples/2024-01-stockholm.json");

/// Parse, assess and serialise one report into `buffer`; the bytes written.
fn end_to_end(bytes: &[u8], received: Instant, buffer: &mut [u8]) -> usize {
    let assessment = Assessment::of_bytes(bytes, Receipt::new(received), |year| {
        Ok::<_, std::convert::Infallible>(Rules::of(year))
    })
    .unwrap_or_else(|never| match never {});
    assessment
        .write_json(buffer)
        .expect("MAX_JSON_BYTES holds any assessment")
}

/// Stockholm's report as each of the 21 regions would send it.
fn reports_of_21_regions() -> Vec<Vec<u8>> {
    let text = std::str::from_utf8(STOCKHOLM).expect("UTF-8");
    Region::ALL
        .iter()
        .map(|region| {
            text.replace(
                "\"region_code\": \"01\"",
                &format!("\"region_code\": \"{}\"", region.code()),
            )
            .into_bytes()
        })
        .collect()
}

fn assess(c: &mut Criterion) {
    let received = Instant::parse_rfc3339("2024-09-27T08:00:00Z").expect("a valid instant");
    let mut buffer = vec![0u8; svf_kernel::assessment::MAX_JSON_BYTES];
    let written = end_to_end(STOCKHOLM, received, &mut buffer);
    assert!(
        std::str::from_utf8(&buffer[..written])
            .expect("UTF-8")
            .contains("\"eligible\":true")
    );

    let mut group = c.benchmark_group("assess");
    group.throughput(Throughput::Elements(1));
    group.bench_function(BenchmarkId::new("kernel", "one report"), |b| {
        b.iter(|| end_to_end(black_box(STOCKHOLM), received, &mut buffer));
    });
    let report = svf_kernel::report::Report::parse(STOCKHOLM).expect("a valid report");
    let rules = Rules::of(report.year);
    let assessment = Assessment::of(&report, &rules, Receipt::new(received));
    group.bench_function(BenchmarkId::new("kernel parse only", "one report"), |b| {
        b.iter(|| svf_kernel::report::Report::parse(black_box(STOCKHOLM)).expect("a valid report"));
    });
    group.bench_function(BenchmarkId::new("kernel assess only", "one report"), |b| {
        b.iter(|| Assessment::of(black_box(&report), &rules, Receipt::new(received)));
    });
    group.bench_function(
        BenchmarkId::new("kernel serialise only", "one report"),
        |b| {
            b.iter(|| {
                black_box(&assessment)
                    .write_json(&mut buffer)
                    .expect("fits")
            });
        },
    );
    group.bench_function(
        BenchmarkId::new("serde_json parse only", "one report"),
        |b| {
            b.iter(|| {
                serde_json::from_slice::<serde_json::Value>(black_box(STOCKHOLM))
                    .expect("valid JSON")
            });
        },
    );
    let reports = reports_of_21_regions();
    group.throughput(Throughput::Elements(21));
    group.bench_function(BenchmarkId::new("kernel", "21 regions"), |b| {
        b.iter(|| {
            reports
                .iter()
                .map(|r| end_to_end(black_box(r), received, &mut buffer))
                .sum::<usize>()
        });
    });
    group.finish();
}

criterion_group!(benches, assess);
criterion_main!(benches);
