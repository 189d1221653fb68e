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
