//! The government's decision of one payment (`svf-payment-decision/1`, contract §9): the case,
//! the day, who decided, and optionally the annex as published, each region's amount in kronor.
//!
//! Once decided, a payment is what was paid: svf records it with its basis and never moves it
//! (the record is the functions' work). The kernel's part is the decision itself, read with
//! its JSON path on every error like a region's decision ([`crate::decision`]), and the check
//! of a published annex against svf's own computation of the payment, krona for krona: an
//! annex that differs is refused region by region, and nothing is recorded.
//!
//! ```json
//! {"schema": "svf-payment-decision/1", "agreement_year": 2024, "payment": "second",
//!  "case": "S2024/02172", "decided_on": "2024-12-18",
//!  "decided_by": "Regeringen (Socialdepartementet)",
//!  "annex_kr": {"01": 42452908, "03": 6995883}}
//! ```

use core::fmt;

use heapless::{String, Vec};
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::decision::{MAX_CASE_CHARS, MAX_DECIDED_BY_CHARS};
use crate::json::Phrase;
use crate::json::{
    Count, JsonPath, Keys, PathError, Reason, Rejection, Trail, YearNumber, document, field,
    parse_date, read_all, said, text,
};
use crate::money::Ore;
use crate::payments::Payments;
use crate::region::{CODES, REGION_COUNT, Region, Year};
use crate::rules::Rules;
use crate::time::Date;
use crate::vocabulary::PaymentId;

/// The schema id of a payment decision.
pub const PAYMENT_DECISION_SCHEMA: &str = "svf-payment-decision/1";
/// The largest payment decision file accepted, in bytes (as a region's decision).
pub const MAX_PAYMENT_DECISION_BYTES: usize = 64 * 1024;

/// The government's decision of one of a year's payments.
///
/// Invariant: `payment` is one of `year`'s payments; `case` and `decided_by` show something and
/// hold no control character; `annex_kr` names each region at most once, in code order. The
/// fields are private: one is only made by [`PaymentDecision::parse`], which checks them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentDecision {
    year: Year,
    payment: PaymentId,
    case: String<{ 4 * MAX_CASE_CHARS }>,
    decided_on: Date,
    decided_by: String<{ 4 * MAX_DECIDED_BY_CHARS }>,
    annex_kr: Option<Vec<(Region, u32), REGION_COUNT>>,
}

/// Where a published annex and svf's computation of the payment differ: a region listed with
/// another amount, listed but not paid, or paid but not listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnnexDifference {
    /// The region.
    pub region: Region,
    /// Its amount in the annex, in kronor; `None` when the annex does not list it.
    pub annex_kr: Option<u32>,
    /// svf's amount for it.
    pub computed: Ore,
}

impl fmt::Display for AnnexDifference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.annex_kr {
            Some(kr) => write!(f, "region {}: the annex says {kr} kr", self.region.code())?,
            None => write!(f, "region {}: not in the annex", self.region.code())?,
        }
        write!(f, ", svf computes {}", self.computed)
    }
}

impl PaymentDecision {
    /// Reads a payment decision from the bytes of its file. A UTF-8 byte-order mark is ignored.
    ///
    /// # Errors
    /// The [`Rejection`]: the first error, with its JSON path.
    #[allow(clippy::result_large_err)]
    pub fn parse(bytes: &[u8]) -> Result<PaymentDecision, Rejection> {
        let bytes = document(bytes, MAX_PAYMENT_DECISION_BYTES).map_err(Rejection::whole)?;
        let mut trail = Trail::default();
        let mut raw = Raw::default();
        let read = read_all(
            bytes,
            Seed {
                trail: &mut trail,
                raw: &mut raw,
            },
        );
        if let Err(error) = read {
            let fault = trail.fault(error, bytes).map_err(Rejection::whole)?;
            return Err(Rejection {
                year: trail.year,
                region: None,
                errors: crate::json::one(fault),
            });
        }
        // The reader required every field but the annex, and checked the payment's year.
        let (Some(year), Some(payment), Some(decided_on)) = (raw.year, raw.payment, raw.decided_on)
        else {
            return Err(Rejection::whole(Reason::Required));
        };
        Ok(PaymentDecision {
            year,
            payment,
            case: raw.case,
            decided_on,
            decided_by: raw.decided_by,
            annex_kr: raw.annex_kr,
        })
    }

    /// Reads the payment decision stored at `decisions/{year}/payments/{payment}.json`,
    /// refusing one whose year or payment is not its key's (said first, before anything else).
    ///
    /// # Errors
    /// [`Reason::KeyMismatch`] at `agreement_year` or `payment`; else as
    /// [`PaymentDecision::parse`].
    #[allow(clippy::result_large_err)]
    pub fn parse_for(
        bytes: &[u8],
        year: Year,
        payment: PaymentId,
    ) -> Result<PaymentDecision, Rejection> {
        let parsed = PaymentDecision::parse(bytes);
        let field = match &parsed {
            Ok(decision) if decision.year != year => "agreement_year",
            Ok(decision) if decision.payment != payment => "payment",
            Err(rejection) if rejection.year.is_some_and(|y| y != year) => "agreement_year",
            _ => return parsed,
        };
        Err(Rejection {
            year: Some(year),
            region: None,
            errors: crate::json::one(PathError {
                path: JsonPath::of(&[field]),
                reason: Reason::KeyMismatch("decisions/{year}/payments/{payment}.json"),
            }),
        })
    }

    /// The agreement year.
    pub fn year(&self) -> Year {
        self.year
    }

    /// The payment decided.
    pub fn payment(&self) -> PaymentId {
        self.payment
    }

    /// The case number (*diarienummer*): `S2024/02172`.
    pub fn case(&self) -> &str {
        &self.case
    }

    /// The day of the decision.
    pub fn decided_on(&self) -> Date {
        self.decided_on
    }

    /// Who decided: `Regeringen (Socialdepartementet)`.
    pub fn decided_by(&self) -> &str {
        &self.decided_by
    }

    /// The annex as published, each listed region's amount in kronor in code order; `None`
    /// when the decision does not give it.
    pub fn annex_kr(&self) -> Option<&[(Region, u32)]> {
        self.annex_kr.as_deref()
    }

    /// Where the published annex differs from `payments`' amounts of the decided payment
    /// (svf's standing computation), in code order: a region listed with another amount than
    /// svf's to the krona, listed though svf pays it nothing, or paid by svf but not listed.
    /// Empty when the annex agrees, or is not given. A region listed with 0 kr agrees with a
    /// region svf pays nothing: an annex may list every region or only those paid.
    pub fn annex_differences(&self, payments: &Payments<'_>) -> Vec<AnnexDifference, REGION_COUNT> {
        let mut differences = Vec::new();
        let Some(annex) = &self.annex_kr else {
            return differences;
        };
        let index = payments.index_of(self.payment);
        for row in payments.rows() {
            let computed = index
                .and_then(|i| row.amounts.get(i).copied())
                .unwrap_or(Ore(0));
            let listed = annex
                .iter()
                .find(|(r, _)| *r == row.region)
                .map(|(_, kr)| *kr);
            let agrees = match listed {
                Some(kr) => computed.0 == i64::from(kr) * 100,
                None => computed.0 == 0,
            };
            if !agrees {
                // One per row, and there are at most 21 rows.
                let _ = differences.push(AnnexDifference {
                    region: row.region,
                    annex_kr: listed,
                    computed,
                });
            }
        }
        differences
    }

    /// Writes the decision as `svf-payment-decision/1` JSON into `buffer`; returns the length.
    ///
    /// # Errors
    /// [`serde_json_core::ser::Error::BufferFull`] when `buffer` is too small; 4 KiB always
    /// suffices.
    pub fn write_json(&self, buffer: &mut [u8]) -> Result<usize, serde_json_core::ser::Error> {
        serde_json_core::to_slice(self, buffer)
    }
}

/// `svf-payment-decision/1`, as [`PaymentDecision::parse`] reads it.
impl Serialize for PaymentDecision {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Annex<'a>(&'a [(Region, u32)]);
        impl Serialize for Annex<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (region, kr) in self.0 {
                    map.serialize_entry(region.code(), kr)?;
                }
                map.end()
            }
        }
        struct Shown<T>(T);
        impl<T: fmt::Display> Serialize for Shown<T> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(&self.0)
            }
        }
        let fields = if self.annex_kr.is_some() { 7 } else { 6 };
        let mut s = serializer.serialize_struct("PaymentDecision", fields)?;
        s.serialize_field("schema", PAYMENT_DECISION_SCHEMA)?;
        s.serialize_field("agreement_year", &self.year.number())?;
        s.serialize_field("payment", &self.payment)?;
        s.serialize_field("case", self.case.as_str())?;
        s.serialize_field("decided_on", &Shown(self.decided_on))?;
        s.serialize_field("decided_by", self.decided_by.as_str())?;
        if let Some(annex) = &self.annex_kr {
            s.serialize_field("annex_kr", &Annex(annex))?;
        }
        s.end()
    }
}

/// A payment decision as read.
#[derive(Debug, Default)]
struct Raw {
    year: Option<Year>,
    payment: Option<PaymentId>,
    case: String<{ 4 * MAX_CASE_CHARS }>,
    decided_on: Option<Date>,
    decided_by: String<{ 4 * MAX_DECIDED_BY_CHARS }>,
    annex_kr: Option<Vec<(Region, u32), REGION_COUNT>>,
}

/// Reads the payment decision into the one it is given.
struct Seed<'t, 'f> {
    trail: &'t mut Trail<'f>,
    raw: &'t mut Raw,
}

impl<'de> DeserializeSeed<'de> for Seed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.trail.expected = const {
            &Phrase::new(
                "an object (the payment decision)",
                "ett objekt (utbetalningsbeslutet)",
            )
        };
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object (the payment decision)")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        visit(self.trail, self.raw, map)
    }
}

const FIELDS: &[&str] = &[
    "schema",
    "agreement_year",
    "payment",
    "case",
    "decided_on",
    "decided_by",
    "annex_kr",
];

/// Every field but this one is required.
const OPTIONAL: &str = "annex_kr";

fn visit<'de, A: MapAccess<'de>>(
    trail: &mut Trail,
    raw: &mut Raw,
    mut map: A,
) -> Result<(), A::Error> {
    let mut keys = Keys::new(trail, FIELDS);
    while let Some(index) = keys.next(&mut map)? {
        let trail = &mut *keys.trail;
        match FIELDS[index] {
            "schema" => field!(map, trail, text::<24>(trail, 64), |trail, schema| {
                if schema.complete && schema.text == PAYMENT_DECISION_SCHEMA {
                    Ok(())
                } else {
                    Err(trail.fail(Reason::WrongSchema(PAYMENT_DECISION_SCHEMA)))
                }
            }),
            "agreement_year" => {
                raw.year = Some(field!(map, trail, YearNumber(trail), |trail, number| {
                    Year::from_number(number).ok_or_else(|| trail.fail(Reason::UnknownYear))
                }));
                trail.year = raw.year;
            }
            "payment" => {
                // Checked against the year at the end, as the year may come after it.
                let year = raw.year;
                raw.payment = Some(field!(map, trail, text::<16>(trail, 16), |trail, id| {
                    PaymentId::parse(&id.text)
                        .filter(|_| id.complete)
                        .ok_or_else(|| trail.fail(Reason::UnknownPayment(payments_of(year))))
                }));
            }
            "case" => raw.case = said!(map, trail, 4 * MAX_CASE_CHARS, MAX_CASE_CHARS),
            "decided_on" => {
                raw.decided_on = Some(field!(map, trail, text::<16>(trail, 16), |trail, date| {
                    parse_date(&date.text).ok_or_else(|| trail.fail(Reason::BadDate))
                }));
            }
            "decided_by" => {
                raw.decided_by = said!(map, trail, 4 * MAX_DECIDED_BY_CHARS, MAX_DECIDED_BY_CHARS);
            }
            _ => {
                let mut annex = Vec::new();
                field!(
                    map,
                    trail,
                    AnnexSeed {
                        trail,
                        annex: &mut annex
                    }
                );
                raw.annex_kr = Some(annex);
            }
        }
    }
    if let Some(absent) = (0..FIELDS.len()).find(|&i| FIELDS[i] != OPTIONAL && !keys.has(i)) {
        return Err(keys
            .trail
            .fail_at(JsonPath::of(&[FIELDS[absent]]), Reason::Required));
    }
    // Both read: the payment must be the year's.
    if let (Some(year), Some(payment)) = (raw.year, raw.payment)
        && Rules::of(year).payment(payment).is_none()
    {
        return Err(keys.trail.fail_at(
            JsonPath::of(&["payment"]),
            Reason::UnknownPayment(payments_of(Some(year))),
        ));
    }
    Ok(())
}

/// The payments of `year` (of any year when unknown), as a rejection names them.
fn payments_of(year: Option<Year>) -> &'static Phrase {
    // The years' payments are fixed by the agreements (rules files cannot change them).
    match year {
        Some(Year::Y2026) => {
            const {
                &Phrase::new(
                    "first, second_a or second_b",
                    "first, second_a eller second_b",
                )
            }
        }
        Some(_) => const { &Phrase::new("first or second", "first eller second") },
        None => {
            const {
                &Phrase::new(
                    "first, second, second_a or second_b",
                    "first, second, second_a eller second_b",
                )
            }
        }
    }
}

/// The `annex_kr` object: region code to whole kronor, each region once.
struct AnnexSeed<'t, 'f> {
    trail: &'t mut Trail<'f>,
    annex: &'t mut Vec<(Region, u32), REGION_COUNT>,
}

impl<'de> DeserializeSeed<'de> for AnnexSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.trail.expected = const {
            &Phrase::new(
                "an object of region codes and amounts in kronor",
                "ett objekt med regionkoder och belopp i kronor",
            )
        };
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for AnnexSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of region codes and amounts in kronor")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // The keys are the 21 codes; Keys refuses any other and any given twice.
        let mut keys = Keys::of(self.trail, &CODES, Reason::UnknownRegion);
        while let Some(index) = keys.next(&mut map)? {
            let trail = &mut *keys.trail;
            let kr = field!(map, trail, Count(trail));
            // A region's position in CODES is its position in Region::ALL: 21 at most.
            let _ = self.annex.push((Region::ALL[index], kr));
        }
        self.annex.sort_unstable_by_key(|(region, _)| *region);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
