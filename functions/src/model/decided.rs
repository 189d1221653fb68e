//! Decided payments (contract §9): what the government decided is paid. A recorded payment's
//! amounts stand in the summary in place of today's computation, which is shown beside them
//! where it differs, with the inputs that changed since; and a record computes its own amounts
//! again from the basis it carries, with this build's kernel, without the bucket.
//!
//! Pure: the pipeline reads and writes; this decides nothing the kernel does not (the amounts
//! are the kernel's [`Payments`], the eligibility its [`StoredAssessment::earned`]).

use std::collections::BTreeMap;
use std::fmt;

use svf_kernel::Table;
use svf_kernel::decision::Decision;
use svf_kernel::money::Ore;
use svf_kernel::payments::{PaymentError, Payments, RecordedError};
use svf_kernel::region::{Region, Year};
use svf_kernel::rules::Rules;
use svf_kernel::rules_file::RulesError;
use svf_kernel::vocabulary::PaymentId;

use crate::contract::layout;
use crate::contract::record::{BasisObject, Record, RecordError};
use crate::contract::stored::{DocumentError, StoredAssessment};

/// Why a record does not compute its amounts again, or cannot stand for its payment.
#[derive(Debug)]
pub enum VerifyError {
    /// The record itself, or a basis object's bytes.
    Record(RecordError),
    /// Its basis has no population table.
    NoPopulations,
    /// A basis object the kernel refuses: its key, and why.
    Basis(String, String),
    /// The kernel cannot compute the payments from the basis.
    Payments(PaymentError),
    /// The record's amounts cannot stand for the payment.
    Recorded(RecordedError),
    /// The first region whose amount computed again differs from the record's.
    Differs {
        /// The payment.
        payment: PaymentId,
        /// The region.
        region: Region,
        /// The record's amount.
        recorded: Ore,
        /// The amount computed again.
        computed: Ore,
    },
}

// Worded in `present::decided`.
impl std::error::Error for VerifyError {}

impl From<RecordError> for VerifyError {
    fn from(e: RecordError) -> Self {
        VerifyError::Record(e)
    }
}

/// Computes a record's payment again from its basis alone, and checks every region's amount
/// to the öre; returns the amounts computed.
///
/// The basis is read as the summary read it: the population table, the rules file if there was
/// one, each region's stored assessment (what it earned decided by the kernel from its
/// verdicts) and each region's decision; the policy is the record's.
///
/// # Errors
/// [`VerifyError`]: a basis object altered or refused, or the first amount that differs.
pub fn verify(record: &Record) -> Result<BTreeMap<Region, Ore>, VerifyError> {
    let year = record.year()?;
    let mut bytes = BTreeMap::new();
    for object in &record.basis {
        bytes.insert(object.key.as_str(), object.bytes()?);
    }
    record.decision.bytes()?;
    let refused =
        |key: &str, why: &dyn fmt::Display| VerifyError::Basis(key.to_owned(), why.to_string());
    let populations_key = layout::populations_key(year);
    let populations = bytes
        .get(populations_key.as_str())
        .ok_or(VerifyError::NoPopulations)?;
    let table = Table::parse_bytes(populations).map_err(|e| refused(&populations_key, &e))?;
    let rules_key = layout::rules_key(year);
    let rules = match bytes.get(rules_key.as_str()) {
        Some(file) => {
            Rules::with_file(year, file).map_err(|e: RulesError| refused(&rules_key, &e))?
        }
        None => Rules::of(year),
    };
    let mut earned = BTreeMap::new();
    let mut decisions = BTreeMap::new();
    for region in Region::ALL {
        let key = layout::assessment_key(year, region);
        if let Some(bytes) = bytes.get(key.as_str()) {
            let parts = earned_by(bytes, year, region, &rules).map_err(|e| refused(&key, &e))?;
            earned.insert(region, parts);
        }
        let key = layout::decision_key(year, region);
        if let Some(bytes) = bytes.get(key.as_str()) {
            let decision =
                Decision::parse_for(bytes, year, region).map_err(|e| refused(&key, &e))?;
            decisions.insert(region, decision);
        }
    }
    let payments = Payments::compute(&rules, &table, record.policy, |region, id| {
        crate::model::budget::payments::basis(&earned, &decisions, region, id)
    })
    .map_err(VerifyError::Payments)?;
    let index = payments
        .index_of(record.payment)
        .ok_or(VerifyError::Recorded(RecordedError::NoSuchPayment(
            record.payment,
        )))?;
    let mut computed = BTreeMap::new();
    for row in payments.rows() {
        let amount = row.amounts[index];
        let recorded = record
            .amount(row.region)
            .ok_or(VerifyError::Recorded(RecordedError::Missing(row.region)))?;
        if amount != recorded {
            return Err(VerifyError::Differs {
                payment: record.payment,
                region: row.region,
                recorded,
                computed: amount,
            });
        }
        computed.insert(row.region, amount);
    }
    Ok(computed)
}

/// What a stored assessment earned, under `rules`.
fn earned_by(
    bytes: &[u8],
    year: Year,
    region: Region,
    rules: &Rules,
) -> Result<Vec<PaymentId>, DocumentError> {
    let (of, assessment) = StoredAssessment::parse_for(bytes, year)?;
    if of != region {
        return Err(DocumentError::NotARegion(of.code().to_owned()));
    }
    assessment.earned(rules)
}

/// Where today's computation of a recorded payment differs from the record, for one region.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AfterDecision {
    /// What today's computation would pay.
    pub current_ore: i64,
    /// Today's minus the decided.
    pub difference_ore: i64,
    /// The inputs changed since the record: the upload behind a changed assessment, or the key
    /// of any other object added, changed or removed.
    pub because: Vec<String>,
}

/// Per region, per recorded payment whose computation now differs from the record.
pub type After = BTreeMap<Region, BTreeMap<PaymentId, AfterDecision>>;

/// The summary's payments with every recorded payment as decided, and, per region and
/// payment, where today's computation (`standing`) differs from the record.
pub struct Settled<'a> {
    /// What is published: the recorded payments' amounts in place of today's.
    pub payments: Payments<'a>,
    /// Per region, per recorded payment whose computation now differs.
    pub after: After,
}

/// Settles `standing` with the `records`: each recorded payment's amounts are the record's, and
/// where today's differ, [`AfterDecision`] says by how much and `because` of what (`changed`,
/// the inputs added, changed or removed since the record, as [`changed_since`] gives them).
///
/// # Errors
/// [`RecordedError`] when a record's amounts cannot stand for its payment.
pub fn settle<'a>(
    standing: Payments<'a>,
    records: &[Record],
    changed: &dyn Fn(&Record) -> Vec<String>,
) -> Result<Settled<'a>, RecordedError> {
    let mut after = After::new();
    let today = standing.clone();
    let mut payments = standing;
    for record in records {
        let Some(index) = today.index_of(record.payment) else {
            return Err(RecordedError::NoSuchPayment(record.payment));
        };
        let because = changed(record);
        for row in today.rows() {
            let current = row.amounts[index];
            let decided = record.amount(row.region).unwrap_or(Ore::ZERO);
            if current != decided {
                after.entry(row.region).or_default().insert(
                    record.payment,
                    AfterDecision {
                        current_ore: current.0,
                        difference_ore: current.0 - decided.0,
                        because: because.clone(),
                    },
                );
            }
        }
        payments = payments.with_recorded(record.payment, |region| record.amount(region))?;
    }
    Ok(Settled { payments, after })
}

/// The inputs added, changed or removed since `record`: by key and SHA-256 against `now` (the
/// objects today's computation read), a changed assessment named by the upload behind it
/// (`upload_of`), in key order.
pub fn changed_since(
    record: &Record,
    now: &[BasisObject],
    upload_of: &dyn Fn(&str) -> Option<String>,
) -> Vec<String> {
    let then: BTreeMap<&str, &str> = record
        .basis
        .iter()
        .map(|o| (o.key.as_str(), o.sha256.as_str()))
        .collect();
    let today: BTreeMap<&str, &str> = now
        .iter()
        .map(|o| (o.key.as_str(), o.sha256.as_str()))
        .collect();
    let mut keys: Vec<&str> = then.keys().chain(today.keys()).copied().collect();
    keys.sort_unstable();
    keys.dedup();
    let mut changed: Vec<String> = keys
        .into_iter()
        .filter(|key| then.get(key) != today.get(key))
        .map(|key| upload_of(key).unwrap_or_else(|| key.to_owned()))
        .collect();
    changed.dedup();
    changed
}

#[cfg(test)]
mod tests {
    use svf_kernel::payment_decision::PaymentDecision;
    use svf_kernel::payments::{Basis, Policy};

    use super::*;

    const ANNEX: &str = include_str!("../../../tests/data/annex-2024-second-payment.tsv");

    fn payments(
        table: &Table<'static>,
        year: Year,
        policy: Policy,
        eligible: impl Fn(Region, PaymentId) -> bool,
    ) -> Payments<'static> {
        Payments::compute(&Rules::of(year), table, policy, |region, id| {
            Basis::Assessment(eligible(region, id))
        })
        .unwrap()
    }

    fn record_of(decided: &Payments<'_>, payment: PaymentId) -> Record {
        let json = format!(
            r#"{{"schema": "svf-payment-decision/1", "agreement_year": {}, "payment": "{payment}",
            "case": "S{}/1", "decided_on": "{}-12-17", "decided_by": "Regeringen"}}"#,
            decided.year().number(),
            decided.year().number(),
            decided.year().number()
        );
        let decision = PaymentDecision::parse(json.as_bytes()).unwrap();
        let index = decided.index_of(payment).unwrap();
        Record::new(
            (
                &decision,
                BasisObject::of("decisions/x", "e", json.as_bytes()),
            ),
            decided.policy(),
            decided.rows().iter().map(|r| (r.region, r.amounts[index])),
            String::new(),
            Vec::new(),
            serde_json::Value::Null,
        )
    }

    /// 2026's two conditional parts, under both policies: each recorded part holds its
    /// record's amounts and shows today's beside it; the unrecorded first payment is today's.
    #[test]
    fn both_parts_of_2026_stand_as_recorded_under_both_policies() {
        let table: &'static Table<'static> = Box::leak(Box::new(Table::parse(ANNEX).unwrap()));
        let norrbotten = Region::from_code("25").unwrap();
        let stockholm = Region::from_code("01").unwrap();
        for policy in [Policy::Redistribute, Policy::Withhold] {
            let decided = payments(table, Year::Y2026, policy, |_, _| true);
            let records = [
                record_of(&decided, PaymentId::SecondA),
                record_of(&decided, PaymentId::SecondB),
            ];
            // Since: Norrbotten lost part A, Stockholm part B.
            let today = payments(table, Year::Y2026, policy, |region, id| {
                !(region == norrbotten && id == PaymentId::SecondA
                    || region == stockholm && id == PaymentId::SecondB)
            });
            let changed = |_: &Record| vec!["reports/2026/25/r.json".to_owned()];
            let settled = settle(today.clone(), &records, &changed).unwrap();
            for (row, was) in settled.payments.rows().iter().zip(decided.rows()) {
                assert_eq!(row.amounts[1..], was.amounts[1..], "{policy:?}");
            }
            for (row, now) in settled.payments.rows().iter().zip(today.rows()) {
                assert_eq!(row.amounts[0], now.amounts[0]);
            }
            let a = &settled.after[&norrbotten][&PaymentId::SecondA];
            assert_eq!(a.current_ore, 0);
            assert_eq!(a.difference_ore, -decided.rows()[20].amounts[1].0);
            let b = &settled.after[&stockholm][&PaymentId::SecondB];
            assert_eq!(b.current_ore, 0);
            let norrbotten_b = settled.after[&norrbotten].get(&PaymentId::SecondB);
            match policy {
                // Redistributed, everyone else's share of each part moved too: Norrbotten
                // would get more of part B without Stockholm.
                Policy::Redistribute => {
                    assert_eq!(settled.after.len(), 21);
                    assert!(norrbotten_b.is_some_and(|b| b.difference_ore > 0));
                }
                // Withheld, only the two regions that lost a part differ.
                Policy::Withhold => {
                    assert_eq!(settled.after.len(), 2);
                    assert!(norrbotten_b.is_none());
                }
            }
        }
    }

    /// What changed since a record: by key and hash, an assessment named by its upload.
    #[test]
    fn the_changes_since_a_record_are_named_by_key() {
        let decided = {
            let table: &'static Table<'static> = Box::leak(Box::new(Table::parse(ANNEX).unwrap()));
            payments(table, Year::Y2024, Policy::Redistribute, |_, _| true)
        };
        let mut record = record_of(&decided, PaymentId::Second);
        record.basis = vec![
            BasisObject::of("assessments/2024/25.json", "a", b"old"),
            BasisObject::of("config/2024/populations.csv", "p", b"table"),
            BasisObject::of("decisions/2024/13.json", "d", b"decision"),
        ];
        let now = [
            BasisObject::of("assessments/2024/25.json", "b", b"new"),
            BasisObject::of("config/2024/lead_times.csv", "l", b"added"),
            BasisObject::of("config/2024/populations.csv", "p2", b"table"),
        ];
        let upload_of = |key: &str| {
            (key == "assessments/2024/25.json").then(|| "reports/2024/25/k.json".to_owned())
        };
        assert_eq!(
            changed_since(&record, &now, &upload_of),
            [
                "reports/2024/25/k.json",
                "config/2024/lead_times.csv",
                "decisions/2024/13.json"
            ]
        );
    }
}
