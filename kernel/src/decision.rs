//! A recorded decision (`svf-decision/1`, contract §6): the ministry's word on whether a region
//! is paid a conditional payment, with its reason and case number.
//!
//! svf's verdict is advice: "Uppfyllandet av prestationskraven bedöms av Socialdepartementet"
//! (the 2024 assignment), and in 2022 the pandemic's effect on inclusion "ska beaktas". A
//! decision overrides the automatic verdict for payment of the parts it names, and only that:
//! the assessment stays as it was.
//!
//! Every field is required; texts must say something visible; a part must be one of the year's
//! conditional payments, named once. A decision that breaks a rule is refused with its JSON
//! path and reason, read by the same path-tracking reader as reports ([`crate::json`]).
//!
//! ```json
//! {"schema": "svf-decision/1", "agreement_year": 2022, "region_code": "25",
//!  "decided_by": "Socialdepartementet", "decided_on": "2022-12-08", "case": "S2022/04567",
//!  "parts": [{"id": "second", "eligible": true, "reason": "Pandemins påverkan på inklusionen beaktas"}]}
//! ```

use core::fmt;

use heapless::{String, Vec};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::json::Phrase;
use crate::json::{
    Flag, JsonPath, Keys, PathError, PathErrors, Reason, Rejection, Step, Trail, YearNumber,
    document, field, object_seed, parse_date, read_all, said, text,
};
use crate::payments::Decided;
use crate::region::{Region, Year};
use crate::rules::Rules;
use crate::time::Date;
use crate::vocabulary::PaymentId;

/// The schema id of a decision.
pub const DECISION_SCHEMA: &str = "svf-decision/1";
/// The largest decision file accepted, in bytes.
pub const MAX_DECISION_BYTES: usize = 64 * 1024;
/// The longest reason, in characters: a paragraph or two.
pub const MAX_REASON_CHARS: usize = 1000;
/// The longest case number, in characters (`S2022/04567`).
pub const MAX_CASE_CHARS: usize = 64;
/// The longest name of who decided, in characters.
pub const MAX_DECIDED_BY_CHARS: usize = 200;
/// The most parts a decision can name: every conditional payment of a year once.
pub const MAX_PARTS: usize = 2;

/// The decision on one conditional payment.
///
/// Invariant: `id` is a conditional payment of the decision's year; `reason` shows something.
/// The fields are private: a part is only made by [`Decision::parse`], which checks both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionPart {
    id: PaymentId,
    eligible: bool,
    reason: String<{ 4 * MAX_REASON_CHARS }>,
}

impl DecisionPart {
    /// The payment: `second`, `second_a` or `second_b`.
    pub fn id(&self) -> PaymentId {
        self.id
    }

    /// Whether the region is to be paid it.
    pub fn eligible(&self) -> bool {
        self.eligible
    }

    /// Why: text that shows something.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// A decision that passed every rule.
///
/// Invariant: every part is a different conditional payment of `year`, and there is at least
/// one; the texts show something. The fields are private: a decision is only made by
/// [`Decision::parse`] (and [`Decision::parse_for`]), which refuses one that breaks a rule, and
/// is read by its getters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    year: Year,
    region: Region,
    decided_by: String<{ 4 * MAX_DECIDED_BY_CHARS }>,
    decided_on: Date,
    case: String<{ 4 * MAX_CASE_CHARS }>,
    parts: Vec<DecisionPart, MAX_PARTS>,
}

impl Decision {
    /// Reads a decision from the bytes of its file. A UTF-8 byte-order mark is ignored.
    ///
    /// # Errors
    /// The [`Rejection`]: the first error that stopped the reading, or every part that is not
    /// one of the year's conditional payments.
    // The errors are returned by value, as there is no heap to box them on.
    #[allow(clippy::result_large_err)]
    pub fn parse(bytes: &[u8]) -> Result<Decision, Rejection> {
        let bytes = document(bytes, MAX_DECISION_BYTES).map_err(Rejection::whole)?;
        let mut trail = Trail::default();
        let mut raw = RawDecision::default();
        let read = read_all(
            bytes,
            DecisionSeed {
                trail: &mut trail,
                raw: &mut raw,
            },
        );
        if let Err(error) = read {
            let fault = trail.fault(error, bytes).map_err(Rejection::whole)?;
            return Err(Rejection {
                year: trail.year,
                region: trail.region,
                errors: crate::json::one(fault),
            });
        }
        raw.check()
    }

    /// Reads the decision stored at `decisions/{year}/{region}.json`, refusing one whose year
    /// or region is not its key's.
    ///
    /// A year or region that is not the key's is the first thing said, before anything else
    /// that is wrong with the decision: a part that is no payment of *its* year says nothing
    /// useful of a decision filed under another year.
    ///
    /// # Errors
    /// [`Reason::KeyMismatch`] at `agreement_year` or `region_code` when the decision names
    /// them and they are not the key's; else as [`Decision::parse`].
    #[allow(clippy::result_large_err)]
    pub fn parse_for(bytes: &[u8], year: Year, region: Region) -> Result<Decision, Rejection> {
        let (named_year, named_region, decision) = match Decision::parse(bytes) {
            Ok(decision) => (Some(decision.year), Some(decision.region), Ok(decision)),
            Err(rejection) => (rejection.year, rejection.region, Err(rejection)),
        };
        let field = if named_year.is_some_and(|y| y != year) {
            "agreement_year"
        } else if named_region.is_some_and(|r| r != region) {
            "region_code"
        } else {
            return decision;
        };
        Err(Rejection {
            year: named_year,
            region: named_region,
            errors: crate::json::one(PathError {
                path: JsonPath::of(&[field]),
                reason: Reason::KeyMismatch("decisions/{year}/{region code}.json"),
            }),
        })
    }

    /// The agreement year.
    pub fn year(&self) -> Year {
        self.year
    }

    /// The region decided on.
    pub fn region(&self) -> Region {
        self.region
    }

    /// Who decided: `Socialdepartementet`.
    pub fn decided_by(&self) -> &str {
        &self.decided_by
    }

    /// When.
    pub fn decided_on(&self) -> Date {
        self.decided_on
    }

    /// The case number (*diarienummer*).
    pub fn case(&self) -> &str {
        &self.case
    }

    /// The parts decided, in the order given: at least one, each a different conditional
    /// payment of the year.
    pub fn parts(&self) -> &[DecisionPart] {
        &self.parts
    }

    /// What the decision says of the payment `id`, if it names it.
    pub fn decided(&self, id: PaymentId) -> Option<Decided<'_>> {
        self.parts.iter().find(|p| p.id == id).map(|p| Decided {
            eligible: p.eligible,
            reason: &p.reason,
            case: &self.case,
        })
    }

    /// Writes the decision as `svf-decision/1` JSON into `buffer`; returns the length written.
    ///
    /// # Errors
    /// [`serde_json_core::ser::Error::BufferFull`] when `buffer` is too small; 16 KiB always
    /// suffices.
    pub fn write_json(&self, buffer: &mut [u8]) -> Result<usize, serde_json_core::ser::Error> {
        serde_json_core::to_slice(self, buffer)
    }
}

/// `svf-decision/1`, as [`Decision::parse`] reads it.
impl Serialize for Decision {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Part<'p> {
            id: PaymentId,
            eligible: bool,
            reason: &'p str,
        }
        struct Parts<'p>(&'p [DecisionPart]);
        impl Serialize for Parts<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.iter().map(|p| Part {
                    id: p.id,
                    eligible: p.eligible,
                    reason: &p.reason,
                }))
            }
        }
        struct Shown<T>(T);
        impl<T: fmt::Display> Serialize for Shown<T> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(&self.0)
            }
        }
        let mut s = serializer.serialize_struct("Decision", 7)?;
        s.serialize_field("schema", DECISION_SCHEMA)?;
        s.serialize_field("agreement_year", &self.year.number())?;
        s.serialize_field("region_code", self.region.code())?;
        s.serialize_field("decided_by", self.decided_by.as_str())?;
        s.serialize_field("decided_on", &Shown(self.decided_on))?;
        s.serialize_field("case", self.case.as_str())?;
        s.serialize_field("parts", &Parts(&self.parts))?;
        s.end()
    }
}

/// The conditional payments of `year`, as a rejection names them.
fn parts_of(year: Year) -> &'static Phrase {
    // The years' payments are fixed by the agreements (rules files cannot change them).
    match year {
        Year::Y2026 => const { &Phrase::new("second_a or second_b", "second_a eller second_b") },
        _ => const { &Phrase::new("second", "second") },
    }
}

/// A part as read, before its id is checked against the year.
#[derive(Debug, Default)]
struct RawPart {
    id: String<16>,
    eligible: bool,
    reason: String<{ 4 * MAX_REASON_CHARS }>,
}

/// A decision as read, before its parts are checked against the year.
#[derive(Debug, Default)]
struct RawDecision {
    year: Option<Year>,
    region: Option<Region>,
    decided_by: String<{ 4 * MAX_DECIDED_BY_CHARS }>,
    decided_on: Option<Date>,
    case: String<{ 4 * MAX_CASE_CHARS }>,
    parts: Vec<RawPart, MAX_PARTS>,
}

impl RawDecision {
    /// The decision, once every part names a conditional payment of its year, once.
    #[allow(clippy::result_large_err)]
    fn check(self) -> Result<Decision, Rejection> {
        // The reader required every field, so these are there.
        let (Some(year), Some(region), Some(decided_on)) =
            (self.year, self.region, self.decided_on)
        else {
            return Err(Rejection::whole(Reason::Required));
        };
        let rules = Rules::of(year);
        let mut errors = PathErrors::new();
        let mut parts = Vec::new();
        for (index, raw) in self.parts.into_iter().enumerate() {
            let at = || {
                let mut path = JsonPath::of(&["parts"]);
                path.push(Step::Index(u16::try_from(index).unwrap_or(u16::MAX)));
                path.push(Step::Field("id"));
                path
            };
            let payment = rules
                .payments()
                .iter()
                .find(|p| p.part.is_some() && p.id.as_str() == raw.id.as_str());
            let Some(payment) = payment else {
                let _ = errors.push(PathError {
                    path: at(),
                    reason: Reason::UnknownPart(parts_of(year)),
                });
                continue;
            };
            if let Some(first) = parts.iter().position(|p: &DecisionPart| p.id == payment.id) {
                let _ = errors.push(PathError {
                    path: at(),
                    reason: Reason::DuplicatePart {
                        first: u16::try_from(first).unwrap_or(u16::MAX),
                    },
                });
                continue;
            }
            let _ = parts.push(DecisionPart {
                id: payment.id,
                eligible: raw.eligible,
                reason: raw.reason,
            });
        }
        if !errors.is_empty() {
            return Err(Rejection {
                year: Some(year),
                region: Some(region),
                errors,
            });
        }
        Ok(Decision {
            year,
            region,
            decided_by: self.decided_by,
            decided_on,
            case: self.case,
            parts,
        })
    }
}

/// Reads the decision into the one it is given.
struct DecisionSeed<'t, 'f> {
    trail: &'t mut Trail<'f>,
    raw: &'t mut RawDecision,
}

impl<'de> DeserializeSeed<'de> for DecisionSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.trail.expected =
            const { &Phrase::new("an object (the decision)", "ett objekt (beslutet)") };
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DecisionSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object (the decision)")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        visit_decision(self.trail, self.raw, map)
    }
}

object_seed!(PartSeed -> RawPart, "an object with id, eligible and reason", "ett objekt med id, eligible och reason", visit_part);

const DECISION_FIELDS: &[&str] = &[
    "schema",
    "agreement_year",
    "region_code",
    "decided_by",
    "decided_on",
    "case",
    "parts",
];

fn visit_decision<'de, A: MapAccess<'de>>(
    trail: &mut Trail,
    raw: &mut RawDecision,
    mut map: A,
) -> Result<(), A::Error> {
    let mut keys = Keys::new(trail, DECISION_FIELDS);
    while let Some(index) = keys.next(&mut map)? {
        let trail = &mut *keys.trail;
        match DECISION_FIELDS[index] {
            "schema" => field!(map, trail, text::<16>(trail, 64), |trail, schema| {
                if schema.complete && schema.text == DECISION_SCHEMA {
                    Ok(())
                } else {
                    Err(trail.fail(Reason::WrongSchema(DECISION_SCHEMA)))
                }
            }),
            "agreement_year" => {
                raw.year = Some(field!(map, trail, YearNumber(trail), |trail, number| {
                    Year::from_number(number).ok_or_else(|| trail.fail(Reason::UnknownYear))
                }));
                trail.year = raw.year;
            }
            "region_code" => {
                raw.region = Some(field!(map, trail, text::<8>(trail, 8), |trail, code| {
                    Region::from_code(&code.text)
                        .filter(|_| code.complete)
                        .ok_or_else(|| trail.fail(Reason::UnknownRegion))
                }));
                trail.region = raw.region;
            }
            "decided_by" => {
                raw.decided_by = said!(map, trail, 4 * MAX_DECIDED_BY_CHARS, MAX_DECIDED_BY_CHARS);
            }
            "decided_on" => {
                raw.decided_on = Some(field!(map, trail, text::<16>(trail, 16), |trail, date| {
                    parse_date(&date.text).ok_or_else(|| trail.fail(Reason::BadDate))
                }));
            }
            "case" => raw.case = said!(map, trail, 4 * MAX_CASE_CHARS, MAX_CASE_CHARS),
            _ => {
                field!(
                    map,
                    trail,
                    PartsSeed {
                        trail,
                        parts: &mut raw.parts
                    }
                );
            }
        }
    }
    if let Some(absent) = (0..DECISION_FIELDS.len()).find(|&i| !keys.has(i)) {
        return Err(keys
            .trail
            .fail_at(JsonPath::of(&[DECISION_FIELDS[absent]]), Reason::Required));
    }
    if raw.parts.is_empty() {
        return Err(keys
            .trail
            .fail_at(JsonPath::of(&["parts"]), Reason::NoItems));
    }
    Ok(())
}

const PART_FIELDS: &[&str] = &["id", "eligible", "reason"];

fn visit_part<'de, A: MapAccess<'de>>(trail: &mut Trail, mut map: A) -> Result<RawPart, A::Error> {
    let mut keys = Keys::new(trail, PART_FIELDS);
    let mut part = RawPart::default();
    while let Some(index) = keys.next(&mut map)? {
        let trail = &mut *keys.trail;
        match index {
            0 => {
                // Checked against the year once the whole decision is read; an id too long
                // to be one is refused here.
                part.id = field!(map, trail, text::<16>(trail, 16), |trail, id| {
                    if id.complete {
                        Ok(id.text)
                    } else {
                        Err(trail.fail(Reason::Expected(
                            const {
                                &Phrase::new(
                                    "a payment id such as \"second\"",
                                    "ett utbetalnings-id som \"second\"",
                                )
                            },
                        )))
                    }
                });
            }
            1 => part.eligible = field!(map, trail, Flag(trail)),
            _ => part.reason = said!(map, trail, 4 * MAX_REASON_CHARS, MAX_REASON_CHARS),
        }
    }
    if let Some(absent) = (0..PART_FIELDS.len()).find(|&i| !keys.has(i)) {
        let mut path = keys.trail.path.clone();
        path.push(Step::Field(PART_FIELDS[absent]));
        return Err(keys.trail.fail_at(path, Reason::Required));
    }
    Ok(part)
}

/// The `parts` array, read into the vector it is given.
struct PartsSeed<'t, 'f> {
    trail: &'t mut Trail<'f>,
    parts: &'t mut Vec<RawPart, MAX_PARTS>,
}

impl<'de> DeserializeSeed<'de> for PartsSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.trail.expected =
            const { &Phrase::new("an array of parts", "en lista med delar (parts)") };
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PartsSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of parts")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (trail, parts) = (self.trail, self.parts);
        loop {
            let index = u16::try_from(parts.len()).unwrap_or(u16::MAX);
            trail.path.push(Step::Index(index));
            let Some(part) = seq.next_element_seed(PartSeed(&mut *trail))? else {
                trail.path.pop();
                return Ok(());
            };
            if parts.push(part).is_err() {
                return Err(trail.fail(Reason::TooMany { max: MAX_PARTS }));
            }
            trail.path.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::string::ToString;

    const GRANT: &str = r#"{"schema": "svf-decision/1", "agreement_year": 2022, "region_code": "25",
        "decided_by": "Socialdepartementet", "decided_on": "2022-12-08", "case": "S2022/04567",
        "parts": [{"id": "second", "eligible": true, "reason": "Pandemins p\u00e5verkan p\u00e5 inklusionen beaktas"}]}"#;

    fn refused(json: &str) -> std::string::String {
        Decision::parse(json.as_bytes())
            .expect_err("the decision should be refused")
            .to_string()
    }

    #[test]
    fn the_contracts_example_is_read_and_written_back() {
        let decision = Decision::parse(GRANT.as_bytes()).unwrap();
        assert_eq!(decision.year, Year::Y2022);
        assert_eq!(decision.region.code(), "25");
        assert_eq!(decision.case.as_str(), "S2022/04567");
        assert_eq!(decision.decided_on.to_string(), "2022-12-08");
        let second = decision.decided(PaymentId::Second).unwrap();
        assert!(second.eligible);
        assert_eq!(second.reason, "Pandemins påverkan på inklusionen beaktas");
        assert_eq!(second.case, "S2022/04567");
        assert_eq!(decision.decided(PaymentId::SecondA), None);
        let mut buffer = [0u8; 16 * 1024];
        let n = decision.write_json(&mut buffer).unwrap();
        assert_eq!(Decision::parse(&buffer[..n]), Ok(decision));
    }

    #[test]
    fn the_key_must_name_the_decisions_year_and_region() {
        let norrbotten = Region::from_code("25").unwrap();
        assert!(Decision::parse_for(GRANT.as_bytes(), Year::Y2022, norrbotten).is_ok());
        let other_year = Decision::parse_for(GRANT.as_bytes(), Year::Y2024, norrbotten);
        assert_eq!(
            other_year.unwrap_err().to_string(),
            "agreement_year: does not match the key (decisions/{year}/{region code}.json)"
        );
        let stockholm = Region::from_code("01").unwrap();
        let other_region = Decision::parse_for(GRANT.as_bytes(), Year::Y2022, stockholm);
        assert!(
            other_region
                .unwrap_err()
                .to_string()
                .starts_with("region_code: ")
        );
    }

    #[test]
    fn a_decision_of_another_year_is_told_about_its_year_before_its_parts() {
        // A 2026 decision naming 2022's part, filed under 2022: its year is what is wrong.
        let norrbotten = Region::from_code("25").unwrap();
        let filed = GRANT.replacen(r#""agreement_year": 2022"#, r#""agreement_year": 2026"#, 1);
        let refused = Decision::parse_for(filed.as_bytes(), Year::Y2022, norrbotten).unwrap_err();
        assert_eq!(refused.year, Some(Year::Y2026));
        assert_eq!(
            refused.to_string(),
            "agreement_year: does not match the key (decisions/{year}/{region code}.json)"
        );
        // Under its own year the part is what is wrong.
        let refused = Decision::parse_for(filed.as_bytes(), Year::Y2026, norrbotten).unwrap_err();
        assert!(
            refused.to_string().starts_with("parts[0].id: "),
            "{refused}"
        );
        // Another region's broken decision is told about its region first.
        let stockholm = Region::from_code("01").unwrap();
        let broken = GRANT.replace(r#""id": "second""#, r#""id": "third""#);
        let refused = Decision::parse_for(broken.as_bytes(), Year::Y2022, stockholm).unwrap_err();
        assert!(
            refused
                .to_string()
                .starts_with("region_code: does not match the key"),
            "{refused}"
        );
    }

    #[test]
    fn control_characters_in_its_texts_are_refused_with_their_path() {
        let with = |from: &str, to: &str| {
            assert!(GRANT.contains(from), "{from}");
            GRANT.replacen(from, to, 1)
        };
        for (json, path) in [
            (with("S2022/04567", r"S2022/\t04567"), "case"),
            (with("S2022/04567", r"S2022/04567\n"), "case"),
            (
                with("Socialdepartementet", r"\u001b[31mSocialdepartementet"),
                "decided_by",
            ),
            (with("Pandemins", r"Pandemins\r\n"), "parts[0].reason"),
            (with("Pandemins", r"Pandemins\u0085"), "parts[0].reason"),
            (with("Pandemins", "Pandemins\u{7f}"), "parts[0].reason"),
        ] {
            assert_eq!(
                refused(&json),
                std::format!(
                    "{path}: holds a control character (a tab, a line break, an escape, …); the \
                     text is shown in tables and pages and must be visible characters and \
                     spaces only"
                ),
                "{json}"
            );
        }
        // A raw one is not even JSON's.
        let raw = with("S2022/04567", "S2022/\t04567");
        assert!(
            refused(&raw).starts_with("case: holds a control character; JSON needs it escaped")
        );
    }

    #[test]
    fn every_broken_rule_is_named_with_its_path() {
        let with = |from: &str, to: &str| {
            assert!(GRANT.contains(from), "{from}");
            GRANT.replacen(from, to, 1)
        };
        let cases = [
            (
                with(r#""decided_by": "Socialdepartementet", "#, ""),
                "decided_by: is required",
            ),
            (
                with(r#""case": "S2022/04567""#, r#""case": " ""#),
                "case: must not be empty",
            ),
            (
                with(
                    r#""reason": "Pandemins"#,
                    r#""reason": "\u200b", "x": "Pandemins"#,
                ),
                "parts[0].reason: must not be empty",
            ),
            (
                with(
                    r#", "reason": "Pandemins p\u00e5verkan p\u00e5 inklusionen beaktas""#,
                    "",
                ),
                "parts[0].reason: is required",
            ),
            (
                with(r#""id": "second""#, r#""id": "second_a""#),
                "parts[0].id: is not a conditional payment of the year (second)",
            ),
            (
                with(r#""id": "second""#, r#""id": "first""#),
                "parts[0].id: is not a conditional payment of the year (second)",
            ),
            (
                with(r#""parts": [{"#, r#""parts": [], "x": [{"#),
                "x: the schema has no such field",
            ),
            (
                with(
                    r#""schema": "svf-decision/1""#,
                    r#""schema": "svf-report/1""#,
                ),
                "schema: must be \"svf-decision/1\"",
            ),
            (
                with(
                    r#""decided_on": "2022-12-08""#,
                    r#""decided_on": "2022-02-30""#,
                ),
                "decided_on: must be a date YYYY-MM-DD",
            ),
            (
                with(r#""agreement_year": 2022"#, r#""agreement_year": 2021"#),
                "agreement_year: must be an agreement year from 2022 to 2026",
            ),
            (
                with(r#""region_code": "25""#, r#""region_code": "26""#),
                "region_code: is not one of the 21",
            ),
            (
                with(r#""eligible": true"#, r#""eligible": "yes""#),
                "parts[0].eligible: expected true or false",
            ),
            (
                with(r#""case""#, r#""colour": 1, "case""#),
                "colour: the schema has no such field",
            ),
            (
                with(r#""case""#, r#""case": "x", "case""#),
                "case: the key is given twice",
            ),
        ];
        for (json, expected) in &cases {
            let message = refused(json);
            assert!(message.starts_with(expected), "{json}\n→ {message}");
        }
        let empty_parts = with(
            r#"[{"id": "second", "eligible": true, "reason": "Pandemins p\u00e5verkan p\u00e5 inklusionen beaktas"}]"#,
            "[]",
        );
        assert_eq!(refused(&empty_parts), "parts: must name at least one");
        let twice = GRANT.replace(
            r#"{"id": "second", "eligible": true, "reason": "Pandemins p\u00e5verkan p\u00e5 inklusionen beaktas"}"#,
            r#"{"id": "second", "eligible": true, "reason": "a"}, {"id": "second", "eligible": false, "reason": "b"}"#,
        );
        assert_eq!(refused(&twice), "parts[1].id: the same payment as parts[0]");
        assert_eq!(refused("[]"), "expected an object (the decision)");
        assert!(refused("{").starts_with("not valid JSON"));
        assert!(refused(&"x".repeat(MAX_DECISION_BYTES + 1)).contains("larger than 64 KiB"));
    }

    #[test]
    fn twenty_twenty_six_decides_part_a_and_b_apart() {
        let decision = GRANT
            .replace("2022", "2026")
            .replace(
                r#"{"id": "second", "eligible": true, "reason": "Pandemins p\u00e5verkan p\u00e5 inklusionen beaktas"}"#,
                r#"{"id": "second_b", "eligible": false, "reason": "Ledtiderna \u00e4r inte f\u00f6rb\u00e4ttrade"}"#,
            );
        let decision = Decision::parse(decision.as_bytes()).unwrap();
        assert_eq!(decision.decided(PaymentId::SecondA), None);
        assert_eq!(
            decision.decided(PaymentId::SecondB).map(|d| d.eligible),
            Some(false)
        );
        let wrong = GRANT.replace("2022", "2026");
        assert!(refused(&wrong).starts_with(
            "parts[0].id: is not a conditional payment of the year (second_a or second_b)"
        ));
    }
}
