//! Payment decisions read with their paths, and a published annex checked against svf's
//! computation krona for krona (the 2024 second payment, S2024/02172).

extern crate std;
use std::format;
use std::string::String as StdString;
use std::vec::Vec as StdVec;

use super::*;
use crate::Table;
use crate::payments::{Basis, Policy};

const ANNEX: &str = include_str!("../../../tests/data/annex-2024-second-payment.tsv");

/// The published annex's amounts, in kronor, by region.
fn published() -> StdVec<(Region, u32)> {
    ANNEX
        .lines()
        .skip(1)
        .take(21)
        .map(|line| {
            let mut cells = line.split('\t');
            let region = Region::from_code(cells.next().unwrap()).unwrap();
            let amount = cells.next_back().unwrap();
            let kr = amount
                .bytes()
                .filter(u8::is_ascii_digit)
                .fold(0u32, |v, b| v * 10 + u32::from(b - b'0'));
            (region, kr)
        })
        .collect()
}

fn decision_json(annex: Option<&[(Region, u32)]>) -> StdString {
    let mut json = StdString::from(
        r#"{"schema": "svf-payment-decision/1", "agreement_year": 2024, "payment": "second",
        "case": "S2024/02172", "decided_on": "2024-12-18",
        "decided_by": "Regeringen (Socialdepartementet)""#,
    );
    if let Some(annex) = annex {
        let entries: StdVec<StdString> = annex
            .iter()
            .map(|(region, kr)| format!("\"{}\": {kr}", region.code()))
            .collect();
        json.push_str(", \"annex_kr\": {");
        json.push_str(&entries.join(", "));
        json.push('}');
    }
    json.push('}');
    json
}

fn refused(json: &str) -> (StdString, StdString) {
    let rejection = PaymentDecision::parse(json.as_bytes()).unwrap_err();
    let error = &rejection.errors[0];
    (format!("{}", error.path), format!("{}", error.reason))
}

fn payments_2024(eligible: impl Fn(Region) -> bool, policy: Policy) -> Payments<'static> {
    let table = std::boxed::Box::leak(std::boxed::Box::new(Table::parse(ANNEX).unwrap()));
    Payments::compute(&Rules::of(Year::Y2024), table, policy, move |region, _| {
        Basis::Assessment(eligible(region))
    })
    .unwrap()
}

#[test]
fn the_2024_decision_reads_and_writes_back_the_same() {
    let annex = published();
    let decision = PaymentDecision::parse(decision_json(Some(&annex)).as_bytes()).unwrap();
    assert_eq!(decision.year(), Year::Y2024);
    assert_eq!(decision.payment(), PaymentId::Second);
    assert_eq!(decision.case(), "S2024/02172");
    assert_eq!(decision.decided_on(), Date::new(2024, 12, 18).unwrap());
    assert_eq!(decision.decided_by(), "Regeringen (Socialdepartementet)");
    assert_eq!(decision.annex_kr(), Some(annex.as_slice()));
    let mut buffer = [0u8; 4096];
    let written = decision.write_json(&mut buffer).unwrap();
    assert_eq!(PaymentDecision::parse(&buffer[..written]), Ok(decision));
    // The annex is optional, and kept in code order whatever order it is written in.
    let without = PaymentDecision::parse(decision_json(None).as_bytes()).unwrap();
    assert_eq!(without.annex_kr(), None);
    let mut reversed = annex.clone();
    reversed.reverse();
    let decision = PaymentDecision::parse(decision_json(Some(&reversed)).as_bytes()).unwrap();
    assert_eq!(decision.annex_kr(), Some(annex.as_slice()));
}

#[test]
fn a_broken_payment_decision_is_refused_at_its_path() {
    let good = decision_json(Some(&[(Region::ALL[0], 1)]));
    for (json, path, reason) in [
        (
            good.replace("\"case\": \"S2024/02172\",", ""),
            "case",
            "required",
        ),
        (
            good.replace("svf-payment-decision/1", "svf-decision/1"),
            "schema",
            "svf-payment-decision/1",
        ),
        (
            good.replace("\"second\"", "\"third\""),
            "payment",
            "is not a payment of the year (first or second)",
        ),
        (
            good.replace("\"second\"", "\"second_a\""),
            "payment",
            "is not a payment of the year (first or second)",
        ),
        (
            good.replace("\"01\": 1", "\"02\": 1"),
            "annex_kr.02",
            "region",
        ),
        (
            good.replace("\"01\": 1", "\"01\": 1, \"01\": 2"),
            "annex_kr.01",
            "twice",
        ),
        (
            good.replace("\"01\": 1", "\"01\": -1"),
            "annex_kr.01",
            "whole number",
        ),
        (good.replace("\"01\": 1", "\"01\": 1.5"), "annex_kr.01", ""),
        (
            good.replace("S2024/02172", "S2024/\\t02172"),
            "case",
            "control",
        ),
        (
            good.replace("S2024/02172", " "),
            "case",
            "must not be empty",
        ),
        (good.replace("2024-12-18", "2024-02-30"), "decided_on", ""),
        (
            good.replace("\"agreement_year\": 2024", "\"agreement_year\": 2021"),
            "agreement_year",
            "",
        ),
        (
            format!("{}, \"note\": 1}}", &good[..good.len() - 1]),
            "note",
            "no such field",
        ),
    ] {
        let (at, why) = refused(&json);
        assert_eq!(at, path, "{json}: {why}");
        assert!(why.contains(reason), "{json}: {why}");
    }
    let large = std::vec![b' '; MAX_PAYMENT_DECISION_BYTES + 1];
    assert!(matches!(
        PaymentDecision::parse(&large).unwrap_err().errors[0].reason,
        Reason::TooLarge { .. }
    ));
}

#[test]
fn a_payment_decision_filed_under_another_key_says_so_first() {
    let json = decision_json(None);
    let bytes = json.as_bytes();
    assert!(PaymentDecision::parse_for(bytes, Year::Y2024, PaymentId::Second).is_ok());
    for (year, payment, field) in [
        (Year::Y2025, PaymentId::Second, "agreement_year"),
        (Year::Y2024, PaymentId::First, "payment"),
    ] {
        let rejection = PaymentDecision::parse_for(bytes, year, payment).unwrap_err();
        assert_eq!(format!("{}", rejection.errors[0].path), field);
        assert!(matches!(rejection.errors[0].reason, Reason::KeyMismatch(_)));
    }
    // Broken too, its year is told first.
    let broken = json.replace("\"case\": \"S2024/02172\",", "");
    let rejection =
        PaymentDecision::parse_for(broken.as_bytes(), Year::Y2026, PaymentId::Second).unwrap_err();
    assert_eq!(format!("{}", rejection.errors[0].path), "agreement_year");
}

/// The independent check: the published annex of S2024/02172 is svf's computation to the
/// krona, and any region changed, left out or added is found.
#[test]
fn the_published_annex_is_checked_krona_for_krona() {
    let annex = published();
    let all = payments_2024(|_| true, Policy::Redistribute);
    let decision = PaymentDecision::parse(decision_json(Some(&annex)).as_bytes()).unwrap();
    assert_eq!(decision.annex_differences(&all).as_slice(), []);
    // Without an annex there is nothing to differ.
    let without = PaymentDecision::parse(decision_json(None).as_bytes()).unwrap();
    assert!(without.annex_differences(&all).is_empty());

    // One krona off.
    let mut off = annex.clone();
    off[20].1 += 1;
    let decision = PaymentDecision::parse(decision_json(Some(&off)).as_bytes()).unwrap();
    let found = decision.annex_differences(&all);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].region.code(), "25");
    assert_eq!(found[0].annex_kr, Some(annex[20].1 + 1));
    assert_eq!(found[0].computed, Ore(i64::from(annex[20].1) * 100));
    assert_eq!(
        format!("{}", found[0]),
        format!(
            "region 25: the annex says {} kr, svf computes {}",
            annex[20].1 + 1,
            Ore(i64::from(annex[20].1) * 100)
        )
    );

    // A region left out that svf pays.
    let fewer: StdVec<_> = annex[1..].to_vec();
    let decision = PaymentDecision::parse(decision_json(Some(&fewer)).as_bytes()).unwrap();
    let found = decision.annex_differences(&all);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].region.code(), found[0].annex_kr), ("01", None));

    // An annex over fewer regions, as decided when Norrbotten was not eligible and the policy
    // withholds its share: it agrees when it leaves Norrbotten out or lists it at 0 kr.
    let norrbotten = Region::from_code("25").unwrap();
    let withheld = payments_2024(|r| r != norrbotten, Policy::Withhold);
    let twenty: StdVec<_> = annex[..20].to_vec();
    let decision = PaymentDecision::parse(decision_json(Some(&twenty)).as_bytes()).unwrap();
    assert_eq!(decision.annex_differences(&withheld).as_slice(), []);
    let mut at_zero = twenty.clone();
    at_zero.push((norrbotten, 0));
    let decision = PaymentDecision::parse(decision_json(Some(&at_zero)).as_bytes()).unwrap();
    assert_eq!(decision.annex_differences(&withheld).as_slice(), []);
    // Redistributed, the twenty are paid more than the published annex says: all differ.
    let redistributed = payments_2024(|r| r != norrbotten, Policy::Redistribute);
    let decision = PaymentDecision::parse(decision_json(Some(&twenty)).as_bytes()).unwrap();
    assert_eq!(decision.annex_differences(&redistributed).len(), 20);
}
