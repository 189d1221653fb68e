//! The report's unit tests: missing figures said in words, the year's chapters, the same bytes.

use std::collections::BTreeMap;

use svf_kernel::assessment::{Assessment, Receipt};
use svf_kernel::payments::{Basis, Payments, Policy};
use svf_kernel::region::{Region, Year};
use svf_kernel::rules::Rules;
use svf_kernel::time::Instant;
use svf_kernel::{Table, vocabulary::PaymentId};

use super::{Report, docx};
use crate::contract::stored::StoredAssessment;
use crate::model::lagesbild::Lagesbild;
use crate::present::page::Summary;

const POPULATIONS: &str = include_str!("../../../../tests/data/populations-2024-11.csv");
const VASTRA_GOTALAND_2026: &[u8] =
    include_bytes!("../../../../spec/examples/2026-14-vastra-gotaland.json");

/// The document's XML, as the package stores it (`docx-rs` stores its parts uncompressed).
fn document_xml(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let start = text.find("<w:document").expect("the document part, stored");
    let end = text[start..].find("</w:document>").expect("its end") + start;
    text[start..end].to_owned()
}

/// The report of `year` with only `assessed` in, and a lägesbild that cannot be computed.
fn report(year: Year, assessed: &[(&[u8], &str)]) -> Vec<u8> {
    let rules = Rules::of(year);
    let mut assessments = BTreeMap::new();
    for (bytes, received) in assessed {
        let report = svf_kernel::report::Report::parse(bytes).unwrap();
        let received = Instant::parse_rfc3339(received).unwrap();
        let assessment = Assessment::of(&report, &rules, Receipt::new(received));
        let json = serde_json::to_vec(&assessment).unwrap();
        assessments.insert(report.region, StoredAssessment::parse(&json).unwrap());
    }
    let table = Table::parse(POPULATIONS).unwrap();
    let earned = |region: Region, _: PaymentId| {
        Basis::Assessment(assessments.get(&region).is_some_and(|a| a.complete))
    };
    let payments = Payments::compute(&rules, &table, Policy::Redistribute, earned).unwrap();
    let shares = Payments::compute(&rules, &table, Policy::Withhold, |_, _| {
        Basis::Assessment(true)
    })
    .unwrap();
    let national =
        crate::model::national::National::of(&rules, &assessments, &BTreeMap::new(), None);
    let summary = Summary {
        payments: &payments,
        shares: &shares,
        rules: &rules,
        assessments: &assessments,
        decisions: &BTreeMap::new(),
        provenance: &crate::contract::provenance::Provenance::of(
            crate::contract::provenance::RulesSource::BUILT_IN,
        ),
        national: &national,
        records: &[],
        after: &BTreeMap::new(),
        history: &[],
    };
    let lagesbild = Lagesbild {
        agreement_year: year,
        unavailable: Some("överenskommelsens fördelning saknas".to_owned()),
        areas: Vec::new(),
        deviations: Vec::new(),
        finals: Vec::new(),
        as_of: None,
    };
    docx(&Report {
        summary: &summary,
        lagesbild: &lagesbild,
        weight_header: table.weight_header(),
    })
    .unwrap()
}

#[test]
fn a_year_with_one_report_says_what_is_missing_in_words_never_a_blank() {
    let bytes = report(
        Year::Y2026,
        &[(VASTRA_GOTALAND_2026, "2026-09-10T08:00:00Z")],
    );
    assert_eq!(
        bytes,
        report(
            Year::Y2026,
            &[(VASTRA_GOTALAND_2026, "2026-09-10T08:00:00Z")]
        ),
        "the same summary, the same bytes"
    );
    let xml = document_xml(&bytes);
    // The 20 regions without a report, in the table of reports received.
    assert!(xml.matches("ingen redovisning inkommen").count() >= 20);
    // Their inclusion, in words.
    let missing = xml.matches(super::MISSING).count();
    assert!(missing >= 20 * 3, "{missing} times {:?}", super::MISSING);
    // No figure left blank: the only empty cells are the annexes' code column of `Riket`, as
    // the government's annex has it.
    let payments = Rules::of(Year::Y2026).payments().len();
    assert_eq!(
        xml.matches("<w:t xml:space=\"preserve\"></w:t>").count(),
        payments,
        "a blank cell"
    );
    assert!(xml.contains("Skäl till att ledtidsmålen inte nås"));
    assert!(xml.contains("Lägesbilden kan inte sammanställas helt"));
    assert!(xml.contains("Västra Götaland"));
    // Every table's first row is a header row.
    assert_eq!(
        xml.matches("<w:tbl>").count(),
        xml.matches("<w:tblHeader />").count()
    );
}

#[test]
fn each_year_has_its_assignments_chapters() {
    let y2022 = document_xml(&report(Year::Y2022, &[]));
    assert!(
        !y2022.contains("Lägesbild över"),
        "2022 asks for no lägesbild"
    );
    assert!(!y2022.contains("Skäl till att ledtidsmålen"));
    assert!(y2022.contains("Redovisning till Regeringskansliet"));
    let y2024 = document_xml(&report(Year::Y2024, &[]));
    assert!(y2024.contains("Lägesbild över"));
    assert!(!y2024.contains("Kvinnor"), "2024 is not followed up by sex");
    assert!(y2024.contains("S2023/03336"));
    let y2025 = document_xml(&report(Year::Y2025, &[]));
    assert!(y2025.contains("Överenskommelsen 2025: uppgift saknas"));
    assert!(y2025.contains("31 mars 2026"));
}
