//! The page's unit tests: formats, rates from counts, rows and bars, escaping, the 2026 page.

use super::*;
use svf_kernel::assessment::{Assessment, Receipt};
use svf_kernel::payments::{Basis, Policy};
use svf_kernel::region::Year;
use svf_kernel::report::Report;
use svf_kernel::time::Instant;
use svf_kernel::vocabulary::{ConditionId, PaymentId};
use svf_kernel::{Ore, Table};

const POPULATIONS: &str = include_str!("../../../../tests/data/populations-2024-11.csv");

/// The stored view of a kernel assessment of `report` received at `received`.
fn view(report: &[u8], received: &str) -> (Region, StoredAssessment) {
    let report = Report::parse(report).unwrap();
    let rules = Rules::of(report.year);
    let received = Instant::parse_rfc3339(received).unwrap();
    let assessment = Assessment::of(&report, &rules, Receipt::new(received));
    let json = serde_json::to_vec(&assessment).unwrap();
    (report.region, StoredAssessment::parse(&json).unwrap())
}

fn report_2024(code: &str, in_svf: u32, urology: bool) -> Vec<u8> {
    let urology = if urology { ", \"urology\": \"x\"" } else { "" };
    format!(
        "{{\"schema\": \"svf-report/1\", \"agreement_year\": 2024, \"region_code\": \"{code}\",
          \"inclusion\": {{\"new_cases\": 1000, \"in_svf\": {in_svf}}}, \"prem\": {{\"used\": true}},
          \"narrative\": {{\"lead_times\": \"x\", \"prem_use\": \"x\", \"longest_waits\": \"x\"{urology}}}}}"
    )
    .into_bytes()
}

fn page(year: Year, assessments: &BTreeMap<Region, StoredAssessment>) -> String {
    let table = Table::parse(POPULATIONS).unwrap();
    let rules = Rules::of(year);
    let earned = |region: Region, _: PaymentId| {
        Basis::Assessment(assessments.get(&region).is_some_and(|a| {
            a.assessed() && a.complete && a.conditions.iter().all(|c| c.met == Some(true))
        }))
    };
    let payments = Payments::compute(&rules, &table, Policy::Withhold, earned).unwrap();
    let shares = Payments::compute(&rules, &table, Policy::Withhold, |_, _| {
        Basis::Assessment(true)
    })
    .unwrap();
    rendered(&rules, &payments, &shares, assessments)
}

/// The page of `payments` (`shares` as if every region earned every part), with neither
/// decisions, records nor history.
fn rendered(
    rules: &Rules,
    payments: &Payments,
    shares: &Payments,
    assessments: &BTreeMap<Region, StoredAssessment>,
) -> String {
    let national = crate::model::national::National::of(rules, assessments, &BTreeMap::new(), None);
    render(&Summary {
        payments,
        shares,
        rules,
        assessments,
        decisions: &BTreeMap::new(),
        provenance: &crate::contract::provenance::Provenance::of(
            crate::contract::provenance::RulesSource::BUILT_IN,
        ),
        national: &national,
        records: &[],
        after: &BTreeMap::new(),
        history: &[],
    })
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn escapes_everything_that_could_be_markup() {
    assert_eq!(
        Esc(r#"<script>alert("x") & 'y'</script>"#).to_string(),
        "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
    );
    assert_eq!(Esc("Västra Götaland").to_string(), "Västra Götaland");
    assert_eq!(Esc("").to_string(), "");
}

#[test]
fn swedish_formats() {
    assert_eq!(kronor(Ore(4_245_290_800)), "42\u{a0}452\u{a0}908\u{a0}kr");
    assert_eq!(whole(2_455_914), "2\u{a0}455\u{a0}914");
    assert_eq!(
        Rate::of(2_455_914, 10_557_682).unwrap().to_string(),
        "23,26\u{a0}%"
    );
    assert_eq!(Rate::of(6009, 7412).unwrap().decimal(), "81.07");
    // Half up at exactly half a hundredth, as the annex's shares.
    assert_eq!(Rate::of(1, 32).unwrap().number(), "3,13");
    assert_eq!(Rate::of(561, 800).unwrap().number(), "70,13");
    assert_eq!(Rate::of(0, 5), Some(Rate(0)));
    assert_eq!(Rate::of(5, 5), Some(Rate(10_000)));
    assert_eq!(Rate::of(1, 0), None);
    assert_eq!(Rate::whole(70).to_string(), "70,00\u{a0}%");
    assert_eq!(Rate::whole(70).short(), "70\u{a0}%");
    assert_eq!(Rate(7050).short(), "70,50\u{a0}%");
    let at = |text| Instant::parse_rfc3339(text).unwrap();
    assert_eq!(
        swedish_time(at("2024-09-30T21:59:59Z")),
        "2024-09-30 23:59",
        "summer time"
    );
    assert_eq!(swedish_time(at("2024-12-02T08:00:00Z")), "2024-12-02 09:00");
    // The shares agree with the annex layout's.
    for (part, whole) in [(2_455_914u32, 10_557_682u64), (61_093, 10_557_682), (1, 8)] {
        let annex = crate::present::tables::Share {
            weight: part,
            weight_sum: whole,
        }
        .to_string();
        assert_eq!(
            Rate::of(u64::from(part), whole).unwrap().to_string(),
            annex.replace('%', "\u{a0}%")
        );
    }
}

#[test]
fn rates_are_the_kernels_counts_not_its_words() {
    let (_, stockholm) = view(
        include_bytes!("../../../../spec/examples/2024-01-stockholm.json"),
        "2024-09-27T08:00:00Z",
    );
    let inclusion = stockholm.condition(&ConditionId::Inclusion).unwrap();
    assert_eq!(inclusion.counts(), Some((6009, 7412)));
    let (_, vgr) = view(
        include_bytes!("../../../../spec/examples/2026-14-vastra-gotaland.json"),
        "2026-09-27T08:00:00Z",
    );
    let breast = ConditionId::LeadTime(svf_kernel::vocabulary::DiagnosisId::new("breast").unwrap());
    assert_eq!(vgr.condition(&breast).unwrap().counts(), Some((250, 520)));
    // A detail in other words changes no rate.
    let mut reworded = vgr.clone();
    for c in &mut reworded.conditions {
        c.detail = Some("omformulerad".to_owned());
    }
    let mut original = BTreeMap::new();
    original.insert(Region::from_code("14").unwrap(), vgr);
    let mut changed = BTreeMap::new();
    changed.insert(Region::from_code("14").unwrap(), reworded);
    let rates = |html: &str| -> Vec<String> {
        html.match_indices("data-procent=\"")
            .map(|(at, _)| html[at..at + 24].to_owned())
            .collect()
    };
    assert_eq!(
        rates(&page(Year::Y2026, &original)),
        rates(&page(Year::Y2026, &changed))
    );
}

#[test]
fn twenty_one_rows_and_bars_with_missing_regions_shown_as_missing() {
    let mut assessments = BTreeMap::new();
    for region in Region::ALL.into_iter().skip(2) {
        let in_svf = if region.code() == "25" { 650 } else { 800 };
        let (r, v) = view(
            &report_2024(region.code(), in_svf, region.code() != "13"),
            "2024-09-20T08:00:00Z",
        );
        assessments.insert(r, v);
    }
    let html = page(Year::Y2024, &assessments);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(!html.contains("<script"), "no script");
    for asset in [" src=", "<link", "url(http", "@import"] {
        assert!(!html.contains(asset), "no external asset: {asset}");
    }
    assert_eq!(count(&html, "<tr data-region="), 21);
    assert_eq!(count(&html, "<rect class=\"stapel"), 21);
    assert_eq!(count(&html, "id=\"mal\""), 1);
    assert_eq!(count(&html, "class=\"stapel saknas\""), 2);
    assert!(
        html.contains("class=\"stapel ej-uppfyllt\" data-region=\"25\" data-procent=\"65.00\"")
    );
    assert!(html.contains("class=\"stapel saknas\" data-region=\"01\" data-procent=\"\""));
    assert!(html.contains("data-region=\"14\" data-procent=\"80.00\""));
    // The goal line at 70 % of a 300 px plot.
    assert!(html.contains("<line id=\"mal\" data-procent=\"70.00\""));
    // Stockholm and Uppsala sent nothing; Halland left out urology; Norrbotten is below.
    for (code, reason) in [
        ("01", "Ingen redovisning har kommit in."),
        ("03", "Ingen redovisning har kommit in."),
        ("13", "<code>narrative.urology</code>"),
        (
            "25",
            "650 av 1000 nya fall i SVF; 50 fler patienter i SVF behövs",
        ),
    ] {
        let start = html
            .find(&format!("<li data-region=\"{code}\">"))
            .unwrap_or_else(|| panic!("{code} is a deviation"));
        let end = start + html[start..].find("</ul></li>").unwrap();
        assert!(
            html[start..end].contains(reason),
            "{code}: {}",
            &html[start..end]
        );
        assert!(html[start..end].contains("Innehålls: "), "{code}");
    }
    assert_eq!(count(&html, "<li data-region="), 4);
    // The withheld amount is the region's share of the second payment.
    assert!(html.contains("Innehålls: 42\u{a0}452\u{a0}908\u{a0}kr (Utbetalning 2)"));
    assert!(html.contains("data-nyckeltal=\"alla-villkor\""));
    assert!(html.contains("<dd>17 av 21</dd>"), "all conditions met");
    assert!(html.contains("<dd>19 av 21<small>2 saknas</small></dd>"));
    // Pure: the same input, the same page.
    assert_eq!(html, page(Year::Y2024, &assessments));
}

#[test]
fn names_from_outside_are_escaped() {
    let populations = POPULATIONS.replace("Stockholm", "Stock<b>holm</b> & \"co\"");
    let table = Table::parse(&populations).unwrap();
    let rules = Rules::of(Year::Y2024);
    let payments = Payments::compute(&rules, &table, Policy::Withhold, |_, _| {
        Basis::Assessment(false)
    })
    .unwrap();
    let mut assessments = BTreeMap::new();
    let rejected = br#"{"schema": "svf-assessment/1", "status": "rejected",
        "received": "2024-09-20T08:00:00Z", "missing": ["narrative.<i>"],
        "errors": [{"path": "x<y", "message": "unknown field `<img src=x>`"}]}"#;
    assessments.insert(
        Region::from_code("03").unwrap(),
        StoredAssessment::parse(rejected).unwrap(),
    );
    let html = rendered(&rules, &payments, &payments, &assessments);
    // The page names a region as svf knows it, never by the table's spelling (which the annex
    // keeps): what the table says does not reach the page at all.
    assert!(!html.contains("holm&lt;/b&gt;"));
    assert!(!html.contains("<b>holm"));
    assert!(html.contains("01 Stockholm"), "the region's own name");
    // Written before svf gave reasons in Swedish: the English, marked as English.
    assert!(html.contains(
        "<code>x&lt;y</code>: <span lang=\"en\">unknown field `&lt;img src=x&gt;`</span>"
    ));
    assert!(!html.contains("<img"));
    assert!(html.contains("Inkom 2024-09-20 10:00 (svensk tid)"));
    // The issuer, the assignment's case and the day of the latest report, on the first page
    // and, printed, at the foot of every page.
    let issued = "Socialstyrelsen · uppdrag S2024/01009 · läget 2024-09-20";
    assert!(html.contains(&format!("<p class=\"utgivning\">Utgiven av {issued}</p>")));
    assert!(html.contains(&format!(
        "@bottom-left {{ content: \"SVF-medel 2024 · {issued}\"; }}"
    )));
}

#[test]
fn the_2026_page_shows_the_lead_times() {
    let mut assessments = BTreeMap::new();
    let (region, vgr) = view(
        include_bytes!("../../../../spec/examples/2026-14-vastra-gotaland.json"),
        "2026-09-27T08:00:00Z",
    );
    assessments.insert(region, vgr);
    let html = page(Year::Y2026, &assessments);
    assert!(html.contains("<table id=\"ledtider\">"));
    assert_eq!(count(&html, "data-villkor=\"lead_time.breast\""), 21);
    assert!(html.contains("Utbetalning 2 del B"));
    // Rectum: 44 of 96, not better than 45 of 90.
    assert!(html.contains("<li><strong>Ledtider, ändtarmscancer:</strong>"));
    assert!(html.contains("45,83\u{a0}%<small>✗ ej uppfyllt</small>"));
}

/// The page with eligibility given per region and payment, under `policy`.
fn page_with(year: Year, policy: Policy, earned: impl Fn(Region, PaymentId) -> bool) -> String {
    let table = Table::parse(POPULATIONS).unwrap();
    let rules = Rules::of(year);
    let payments = Payments::compute(&rules, &table, policy, |region, id| {
        Basis::Assessment(earned(region, id))
    })
    .unwrap();
    let shares = Payments::compute(&rules, &table, Policy::Withhold, |_, _| {
        Basis::Assessment(true)
    })
    .unwrap();
    let assessments = BTreeMap::new();
    rendered(&rules, &payments, &shares, &assessments)
}

/// Nobody eligible for 2026's part B under `redistribute`: its 125 MSEK is withheld, and the
/// page says so everywhere, never that it goes to the eligible regions; part A, earned by all
/// but one, is redistributed. And where nothing is withheld, no "innehålls 0 kr".
#[test]
fn withheld_and_redistributed_are_said_as_they_happened() {
    let norrbotten = Region::from_code("25").unwrap();
    let html = page_with(Year::Y2026, Policy::Redistribute, |region, id| {
        id == PaymentId::SecondA && region != norrbotten
    });
    assert!(html.contains("Innehålls (ingen region att fördela till)"));
    let part_b = "(Utbetalning 2 del B)";
    for card in html.split("<li data-region=").skip(1) {
        let card = &card[..card.find("</li>").unwrap_or(card.len())];
        if card.contains(part_b) {
            assert!(card.contains("Innehålls: "), "{card}");
            assert!(!card.contains("i stället: 0"), "{card}");
        }
    }
    let norrbotten_card = html.split("<li data-region=\"25\">").nth(1).unwrap();
    let norrbotten_card = &norrbotten_card[..norrbotten_card.find("</li>").unwrap()];
    assert!(
        norrbotten_card.contains("Fördelas på de berättigade regionerna i stället: ")
            && norrbotten_card.contains("(Utbetalning 2 del A)"),
        "{norrbotten_card}"
    );
    assert!(
        !norrbotten_card.contains("i stället: 0")
            && !norrbotten_card
                .split("Fördelas på de berättigade regionerna i stället")
                .nth(1)
                .unwrap()
                .split("</p>")
                .next()
                .unwrap()
                .contains("del B"),
        "{norrbotten_card}"
    );

    // 2024, every region eligible: nothing withheld, and nothing says "innehålls 0 kr".
    let html = page_with(Year::Y2024, Policy::Redistribute, |_, _| true);
    assert!(!html.contains("Innehålls (ingen region att fördela till)"));
    assert!(!html.contains("innehålls 0"), "no 'innehålls 0 kr'");
}

/// Every table that may scroll sideways is in a region the keyboard reaches (tabindex 0) and
/// a screen reader names (WCAG 2.1.1, axe's scrollable-region-focusable).
#[test]
fn scrollable_tables_are_reached_by_keyboard_and_named() {
    let html = page_with(Year::Y2026, Policy::Redistribute, |_, _| true);
    assert_eq!(
        count(&html, "<div class=\"tabell\">"),
        0,
        "a table region without a tab stop"
    );
    let regions = count(
        &html,
        "<div class=\"tabell\" tabindex=\"0\" role=\"region\" aria-label=\"",
    );
    assert!(regions >= 3, "{regions}");
}
