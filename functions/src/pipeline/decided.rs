//! Decided payments in the bucket (contract §9): the government's payment decisions under
//! `decisions/{year}/payments/`, and the records under `records/{year}/`, which the summary
//! writes once, on first sight of a decision, by a conditional create, and never changes.
//!
//! A payment decision whose published annex differs from svf's computation is refused, region
//! by region, and nothing is recorded; a later decision of a recorded payment with other
//! fields is refused and changes nothing. Both stop the year's summary with the reason (it is
//! marked out of date), as any object a payment rests on that cannot be taken does.

use svf_kernel::payment_decision::{MAX_PAYMENT_DECISION_BYTES, PaymentDecision};
use svf_kernel::region::Year;
use svf_kernel::rules::Rules;
use svf_kernel::vocabulary::PaymentId;
use tracing::warn;

use crate::contract::layout;
use crate::contract::record::{BasisObject, Record, RecordError, RecordRef};
use crate::pipeline::{ConfigError, PipelineError};
use crate::store::{ObjectStore, Precondition, Written};

/// A payment decision as read: the kernel's reading, its key and the object as it was.
pub struct Decided {
    /// The decision.
    pub decision: PaymentDecision,
    /// `decisions/{year}/payments/{payment}.json`.
    pub key: String,
    /// The object, for the record.
    pub object: BasisObject,
}

/// The year's payment decisions. Every object under `decisions/{year}/payments/` must be one,
/// at its payment's key: a decision moves money, so one that cannot be read stops the summary.
///
/// # Errors
/// [`PipelineError::Config`] for an object that is not a payment decision of its key;
/// [`PipelineError`] when the store fails.
pub async fn payment_decisions(
    store: &impl ObjectStore,
    year: Year,
) -> Result<Vec<Decided>, PipelineError> {
    let mut decided = Vec::new();
    for info in store.list(&layout::payment_decisions_prefix(year)).await? {
        let Some(payment) = layout::payment_decision_payment(year, &info.key) else {
            return Err(PipelineError::config(
                info.key,
                ConfigError::NotAPaymentDecisionKey(year),
            ));
        };
        let Some(object) =
            crate::pipeline::configuration(store, &info.key, MAX_PAYMENT_DECISION_BYTES as u64)
                .await?
        else {
            continue;
        };
        let decision =
            PaymentDecision::parse_for(&object.bytes, year, payment).map_err(|rejection| {
                PipelineError::config(&info.key, ConfigError::Decision(Box::new(rejection)))
            })?;
        decided.push(Decided {
            decision,
            object: BasisObject::of(&info.key, &object.etag, &object.bytes),
            key: info.key,
        });
    }
    Ok(decided)
}

/// The year's records, in the order of the year's payments.
///
/// # Errors
/// [`PipelineError::Config`] for a record that cannot be read or is not of its key's payment;
/// [`PipelineError`] when the store fails.
pub async fn records(store: &impl ObjectStore, year: Year) -> Result<Vec<Record>, PipelineError> {
    let mut records = Vec::new();
    for (key, payment, read) in stored_records(store, year).await? {
        let record = read.map_err(|why| PipelineError::config(&key, ConfigError::Record(why)))?;
        if record.year().ok() != Some(year) || record.payment != payment {
            return Err(PipelineError::config(
                key,
                ConfigError::RecordOfAnother {
                    year: record.agreement_year,
                    payment: record.payment,
                },
            ));
        }
        records.push(record);
    }
    Ok(records)
}

/// The year's decided payments as a notification names them. A record that cannot be read is
/// left out here, with a warning in the log: the summary stops on it and names it, and an
/// upload's notification is not held back for it.
///
/// # Errors
/// [`PipelineError`] when the store fails.
pub async fn references(
    store: &impl ObjectStore,
    year: Year,
) -> Result<Vec<RecordRef>, PipelineError> {
    let mut references = Vec::new();
    for (key, payment, read) in stored_records(store, year).await? {
        match read {
            Ok(record) if record.payment == payment => references.push(record.reference()),
            Ok(_) => warn!(key, "a record of another payment; the summary names it"),
            Err(why) => warn!(key, %why, "a record that cannot be read; the summary names it"),
        }
    }
    Ok(references)
}

/// Every record the year has, in the order of the year's payments: its key, the payment its
/// key is for, and its reading.
async fn stored_records(
    store: &impl ObjectStore,
    year: Year,
) -> Result<Vec<(String, PaymentId, Result<Record, RecordError>)>, PipelineError> {
    let mut stored = Vec::new();
    for payment in Rules::of(year).payments() {
        let key = layout::record_key(year, payment.id);
        if let Some(object) = store.get(&key).await? {
            let read = Record::parse(&object.bytes);
            stored.push((key, payment.id, read));
        }
    }
    Ok(stored)
}

/// Writes a new record where none is; returns whether it was written (`false`: another
/// summary recorded the payment first, and its record stands).
///
/// # Errors
/// [`PipelineError`] when the store fails or the record cannot be serialised.
pub async fn write_record(
    store: &impl ObjectStore,
    record: &Record,
) -> Result<bool, PipelineError> {
    let year = record
        .year()
        .map_err(|why| PipelineError::config(layout::RECORDS, ConfigError::Record(why)))?;
    let key = layout::record_key(year, record.payment);
    let written = store
        .put(
            &key,
            record.to_json()?,
            "application/json",
            Precondition::IfAbsent,
        )
        .await?;
    Ok(matches!(written, Written::Yes(_)))
}

/// Whether a payment decision says what the record of its payment recorded: the same case,
/// day, decider and annex (a decision written again in other whitespace is the same one).
pub fn same_as_recorded(decided: &Decided, record: &Record) -> bool {
    if decided.object.sha256 == record.decision.sha256 {
        return true;
    }
    let Ok(bytes) = record.decision.bytes() else {
        return false;
    };
    PaymentDecision::parse(&bytes).is_ok_and(|recorded| recorded == decided.decision)
}
