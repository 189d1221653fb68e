//! Criterion group `summary outputs`: what the summary draws from one computation, side by side
//! on the same 21 regions: the page (`index.html`) and the report to the ministry
//! (`rapport.docx`, every chapter, packed), so that the document's cost to each summary is read
//! against the page's.
//!
//! Run: `cargo bench --bench report`. Figures: docs/PERFORMANCE.md.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use svf_functions::contract::provenance::{Provenance, RulesSource};
use svf_functions::contract::stored::StoredAssessment;
use svf_functions::model::lagesbild::Lagesbild;
use svf_functions::model::national::National;
use svf_functions::present::page;
use svf_functions::present::report::{Report, docx};
use svf_kernel::Table;
use svf_kernel::assessment::{Assessment, Receipt};
use svf_kernel::payments::{Basis, Payments, Policy};
use svf_kernel::region::{Region, Year};
use svf_kernel::rules::Rules;
use svf_kernel::time::Instant;

const STOCKHOLM: &str = include_str!("../spec/examples/2024-01-stockholm.json");
const POPULATIONS: &str = include_str!("../tests/data/populations-2024-11.csv");

fn outputs(c: &mut Criterion) {
    let rules = Rules::of(Year::Y2024);
    let received = Instant::parse_rfc3339("2024-09-27T08:00:00Z").expect("an instant");
    let mut assessments = BTreeMap::new();
    for region in Region::ALL {
        let text = STOCKHOLM.replace(
            "\"region_code\": \"01\"",
            &format!("\"region_code\": \"{}\"", region.code()),
        );
        let report = svf_kernel::report::Report::parse(text.as_bytes()).expect("a report");
        let assessment = Assessment::of(&report, &rules, Receipt::new(received));
        let json = serde_json::to_vec(&assessment).expect("JSON");
        assessments.insert(region, StoredAssessment::parse(&json).expect("stored"));
    }
    let table = Table::parse(POPULATIONS).expect("the table");
    let payments = Payments::compute(&rules, &table, Policy::Redistribute, |_, _| {
        Basis::Assessment(true)
    })
    .expect("payments");
    let national = National::of(&rules, &assessments, &BTreeMap::new(), None);
    let summary = page::Summary {
        payments: &payments,
        shares: &payments,
        rules: &rules,
        assessments: &assessments,
        decisions: &BTreeMap::new(),
        provenance: &Provenance::of(RulesSource::BUILT_IN),
        national: &national,
        records: &[],
        after: &BTreeMap::new(),
        history: &[],
    };
    let lagesbild = Lagesbild {
        agreement_year: Year::Y2024,
        unavailable: None,
        areas: Vec::new(),
        deviations: Vec::new(),
        finals: Vec::new(),
        as_of: None,
    };
    let report = Report {
        summary: &summary,
        lagesbild: &lagesbild,
        weight_header: table.weight_header(),
    };
    let mut group = c.benchmark_group("summary outputs");
    group.bench_function("page (index.html)", |b| {
        b.iter(|| page::render(black_box(&summary)));
    });
    group.bench_function("report (rapport.docx)", |b| {
        b.iter(|| docx(black_box(&report)).expect("packed"));
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = outputs
}
criterion_main!(benches);
