//! The record of a decided payment (`svf-record/1`, contract §9): the government's decision,
//! each region's amount as decided, the policy, and the basis, every object the computation
//! read with its bytes, so that the record alone computes its amounts again (`svf verify`).
//!
//! Written once, by a conditional create, on the first summary that sees the payment decision,
//! and never changed: from then on the decided amounts are what the summary publishes for that
//! payment, and today's computation is shown beside them.

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use svf_kernel::money::Ore;
use svf_kernel::payment_decision::PaymentDecision;
use svf_kernel::payments::Policy;
use svf_kernel::region::{Region, Year};
use svf_kernel::vocabulary::PaymentId;

use crate::contract::layout;

/// The schema id of a record.
pub const RECORD_SCHEMA: &str = "svf-record/1";

/// One object the decided computation read: its key, its version when read (the store's
/// entity tag), and its bytes with their SHA-256.
///
/// Invariant (of one [`BasisObject::of`] made): `sha256` is the hash of `bytes`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasisObject {
    /// Its key.
    pub key: String,
    /// Its version when read: the entity tag.
    pub version: String,
    /// The SHA-256 of its bytes, in lower-case hexadecimal.
    pub sha256: String,
    /// Its bytes, in base64.
    pub bytes_base64: String,
}

impl BasisObject {
    /// The object at `key`, of entity tag `version`, with these bytes.
    pub fn of(key: &str, version: &str, bytes: &[u8]) -> BasisObject {
        BasisObject {
            key: key.to_owned(),
            version: version.to_owned(),
            sha256: layout::hex(&Sha256::digest(bytes)),
            bytes_base64: BASE64.encode(bytes),
        }
    }

    /// Its bytes, checked against its hash.
    ///
    /// # Errors
    /// [`RecordError::Bytes`] when they are not base64, [`RecordError::Hash`] when they are
    /// not the bytes the hash is of.
    pub fn bytes(&self) -> Result<Vec<u8>, RecordError> {
        let bytes = BASE64
            .decode(&self.bytes_base64)
            .map_err(|_| RecordError::Bytes(self.key.clone()))?;
        if layout::hex(&Sha256::digest(&bytes)) != self.sha256 {
            return Err(RecordError::Hash(self.key.clone()));
        }
        Ok(bytes)
    }
}

/// A decided payment as recorded.
///
/// Invariant (of one [`Record::parse`] returns): its schema is `svf-record/1`, its payment is
/// one of its year's, and it has an amount for each of the 21 regions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// [`RECORD_SCHEMA`].
    pub schema: String,
    /// The agreement year.
    pub agreement_year: u16,
    /// The payment decided.
    #[serde(with = "payment_id")]
    pub payment: PaymentId,
    /// The case number of the decision.
    pub case: String,
    /// The day of the decision, `YYYY-MM-DD`.
    pub decided_on: String,
    /// Who decided.
    pub decided_by: String,
    /// The policy the amounts were computed under.
    #[serde(with = "policy")]
    pub policy: Policy,
    /// The decision itself as written (`svf-payment-decision/1`), so that a later, different
    /// decision of the same payment can be told from it.
    pub decision: BasisObject,
    /// Each region's amount as decided, in öre, by region code.
    pub amounts_ore: BTreeMap<String, i64>,
    /// The payment's annex as published when it was recorded (`annex-{payment}.tsv`), which the
    /// summary keeps publishing unchanged.
    pub annex_tsv: String,
    /// Every object the computation read.
    pub basis: Vec<BasisObject>,
    /// The build that recorded it and the rules it computed under.
    pub provenance: serde_json::Value,
}

/// Why a record cannot be read or does not compute its amounts again.
#[derive(Debug)]
pub enum RecordError {
    /// Not JSON of a record's shape: serde's reason, naming the field.
    Shape(serde_json::Error),
    /// Another schema.
    Schema(String),
    /// Its year or payment is not one svf knows together.
    Payment {
        /// The year it names.
        year: u16,
        /// The payment it names.
        payment: PaymentId,
    },
    /// A region code that is not a region's, or a region without an amount.
    Regions(String),
    /// A basis object's bytes that are not base64.
    Bytes(String),
    /// A basis object whose bytes are not those its SHA-256 is of: altered.
    Hash(String),
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::Shape(e) => write!(f, "not a record: {e}"),
            RecordError::Schema(found) => {
                write!(f, "schema is {found:?}, not {RECORD_SCHEMA:?}")
            }
            RecordError::Payment { year, payment } => {
                write!(f, "{payment} is not a payment of {year}")
            }
            RecordError::Regions(why) => write!(f, "amounts_ore: {why}"),
            RecordError::Bytes(key) => write!(f, "basis {key}: its bytes are not base64"),
            RecordError::Hash(key) => write!(
                f,
                "basis {key}: its bytes do not match their sha256; the record has been altered"
            ),
        }
    }
}

impl std::error::Error for RecordError {}

impl Record {
    /// Reads a record.
    ///
    /// # Errors
    /// [`RecordError`] when the bytes are not a record of a year's payment with an amount for
    /// each region.
    pub fn parse(bytes: &[u8]) -> Result<Record, RecordError> {
        let record: Record = serde_json::from_slice(bytes).map_err(RecordError::Shape)?;
        if record.schema != RECORD_SCHEMA {
            return Err(RecordError::Schema(record.schema));
        }
        record.year()?;
        for code in record.amounts_ore.keys() {
            if Region::from_code(code).is_none() {
                return Err(RecordError::Regions(format!(
                    "{code:?} is not a region code"
                )));
            }
        }
        if let Some(region) = Region::ALL
            .into_iter()
            .find(|r| !record.amounts_ore.contains_key(r.code()))
        {
            return Err(RecordError::Regions(format!(
                "region {} has no amount",
                region.code()
            )));
        }
        Ok(record)
    }

    /// The record of `decision` with these amounts, basis and annex.
    pub fn new(
        decision: (&PaymentDecision, BasisObject),
        policy: Policy,
        amounts: impl IntoIterator<Item = (Region, Ore)>,
        annex_tsv: String,
        basis: Vec<BasisObject>,
        provenance: serde_json::Value,
    ) -> Record {
        let (decided, written) = decision;
        Record {
            schema: RECORD_SCHEMA.to_owned(),
            agreement_year: decided.year().number(),
            payment: decided.payment(),
            case: decided.case().to_owned(),
            decided_on: decided.decided_on().to_string(),
            decided_by: decided.decided_by().to_owned(),
            policy,
            decision: written,
            amounts_ore: amounts
                .into_iter()
                .map(|(region, amount)| (region.code().to_owned(), amount.0))
                .collect(),
            annex_tsv,
            basis,
            provenance,
        }
    }

    /// Its year.
    ///
    /// # Errors
    /// [`RecordError::Payment`] for a year svf does not know or a payment not of it.
    pub fn year(&self) -> Result<Year, RecordError> {
        let unknown = || RecordError::Payment {
            year: self.agreement_year,
            payment: self.payment,
        };
        let year = Year::from_number(u64::from(self.agreement_year)).ok_or_else(unknown)?;
        svf_kernel::rules::Rules::of(year)
            .payment(self.payment)
            .ok_or_else(unknown)?;
        Ok(year)
    }

    /// The amount decided for `region`.
    pub fn amount(&self, region: Region) -> Option<Ore> {
        self.amounts_ore.get(region.code()).copied().map(Ore)
    }

    /// The basis object at `key`, if the computation read one.
    pub fn basis_object(&self, key: &str) -> Option<&BasisObject> {
        self.basis.iter().find(|o| o.key == key)
    }

    /// The record as JSON, as it is stored.
    ///
    /// # Errors
    /// When serde cannot write it (it always can).
    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        let mut json = serde_json::to_vec_pretty(self)?;
        json.push(b'\n');
        Ok(json)
    }
}

/// A decided payment as a notification names it: which, when, in which case, and its record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordRef {
    /// The payment.
    pub payment: PaymentId,
    /// The case number.
    pub case: String,
    /// The day of the decision.
    pub decided_on: String,
    /// The record's key.
    pub record: String,
}

impl Record {
    /// How a notification names it.
    pub fn reference(&self) -> RecordRef {
        RecordRef {
            payment: self.payment,
            case: self.case.clone(),
            decided_on: self.decided_on.clone(),
            record: self
                .year()
                .map(|year| layout::record_key(year, self.payment))
                .unwrap_or_default(),
        }
    }
}

/// `redistribute` or `withhold`.
mod policy {
    use serde::{Deserialize, Deserializer, Serializer};
    use svf_kernel::payments::Policy;

    // serde's `with` passes the field by reference.
    #[allow(clippy::trivially_copy_pass_by_ref)]
    pub fn serialize<S: Serializer>(policy: &Policy, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(policy.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Policy, D::Error> {
        let name = String::deserialize(deserializer)?;
        Policy::from_name(&name).ok_or_else(|| {
            serde::de::Error::custom(format!("{name:?} is not redistribute or withhold"))
        })
    }
}

/// A payment id, `second`.
mod payment_id {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use svf_kernel::vocabulary::PaymentId;

    // serde's `with` passes the field by reference.
    #[allow(clippy::trivially_copy_pass_by_ref)]
    pub fn serialize<S: Serializer>(id: &PaymentId, serializer: S) -> Result<S::Ok, S::Error> {
        id.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PaymentId, D::Error> {
        let name = String::deserialize(deserializer)?;
        PaymentId::parse(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("{name:?} is not a payment id")))
    }
}
