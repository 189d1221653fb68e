//! A rules file (`svf-rules/1`, `--rules` or `config/{year}/rules.json`): every parameter
//! optional, the year's own rules for the rest. Read by the same path-tracking reader as
//! reports and decisions ([`crate::json`]), so a refusal names the field and, for text that is
//! not JSON, the line and column.
//!
//! ```json
//! {"schema": "svf-rules/1", "agreement_year": 2026, "inclusion_goal_percent": 70,
//!  "lead_time_goal_percent": 80, "lead_time_diagnoses": ["breast", "colon", "rectum", "prostate"],
//!  "deadline": "09-30", "policy": "redistribute", "zero_patients": "not_applicable",
//!  "assignment_case": "S2026/00123", "reminder_days": [-14, -3, 0, 1]}
//! ```
//!
//! `reminder_days` are the days a region without a complete report is reminded (contract §11),
//! relative to the deadline in Swedish days: distinct whole numbers from -92 to 1 (the day
//! after the deadline, the last), at most eight; `[]` sends none.
//!
//! `assignment_case` is the case number of the agency's assignment for the year, which its
//! pages carry (at most 16 visible characters); 2024's is built in (`S2024/01009`).
//!
//! `zero_patients` says what a lead-time condition is for a diagnosis without patients in the
//! period ([`ZeroPatients`]): `not_applicable` (the default: met, it does not block the part)
//! or `not_met`.

use core::fmt;

use heapless::Vec;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use crate::json::{
    Count, JsonPath, Keys, PathError, Phrase, Reason, Step, Trail, document, field, read_all, said,
    text,
};
use crate::region::Year;
use crate::rules::{
    MAX_ASSIGNMENT_CASE_CHARS, MAX_DIAGNOSES, MAX_REMINDER_DAYS, MonthDay, Policy, REMINDER_DAYS,
    Rules, ZeroPatients,
};
use crate::vocabulary::DiagnosisId;

/// The largest rules file accepted, in bytes.
pub const MAX_RULES_BYTES: usize = 64 * 1024;

/// Why a rules file was refused: where in it, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesError(pub PathError);

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl core::error::Error for RulesError {}

const FIELDS: &[&str] = &[
    "schema",
    "agreement_year",
    "inclusion_goal_percent",
    "lead_time_goal_percent",
    "lead_time_diagnoses",
    "deadline",
    "policy",
    "zero_patients",
    "assignment_case",
    "reminder_days",
];

const MONTH_DAY: Phrase = Phrase::new("a real day written MM-DD", "en verklig dag skriven MM-DD");
const ZERO_PATIENTS: Phrase = Phrase::new(
    "\"not_applicable\" or \"not_met\"",
    "\"not_applicable\" eller \"not_met\"",
);
const POLICY: Phrase = Phrase::new(
    "\"redistribute\" or \"withhold\"",
    "\"redistribute\" eller \"withhold\"",
);
const REMINDER_DAY: Phrase = Phrase::new(
    "a new day from -92 to 1 (from the deadline)",
    "en ny dag från -92 till 1 (från sista dagen)",
);
const PERCENT: Phrase = Phrase::new(
    "a whole percentage from 0 to 100",
    "en hel procentsats från 0 till 100",
);

impl Rules {
    /// The rules of `year` with the parameters a rules file sets.
    ///
    /// Each parameter is checked before it is taken (a percentage at most 100, a real day of
    /// `year`, distinct SVF ids), so the rules keep their invariant.
    ///
    /// # Errors
    /// [`RulesError`] when the file is not a valid `svf-rules/1` document or is for another
    /// year: its JSON path and reason.
    // The error is returned by value, as there is no heap to box it on.
    #[allow(clippy::result_large_err)]
    pub fn with_file(year: Year, file: &[u8]) -> Result<Rules, RulesError> {
        apply(Rules::of(year), file)
    }
}

/// `rules` with the parameters `file` sets.
// The error is returned by value, as there is no heap to box it on.
#[allow(clippy::result_large_err)]
fn apply(rules: Rules, file: &[u8]) -> Result<Rules, RulesError> {
    let whole = |reason| {
        RulesError(PathError {
            path: JsonPath::default(),
            reason,
        })
    };
    let file = document(file, MAX_RULES_BYTES).map_err(whole)?;
    let mut trail = Trail::default();
    let mut read = RulesSeed {
        trail: &mut trail,
        rules,
    };
    let parsed = read_all(file, &mut read);
    let rules = read.rules;
    match parsed {
        Ok(()) => Ok(rules),
        Err(error) => Err(RulesError(trail.fault(error, file).map_err(whole)?)),
    }
}

/// Reads a rules file into the rules it is given.
struct RulesSeed<'t, 'f> {
    trail: &'t mut Trail<'f>,
    rules: Rules,
}

impl<'de> DeserializeSeed<'de> for &mut RulesSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.trail.expected =
            const { &Phrase::new("an object (the rules)", "ett objekt (reglerna)") };
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for &mut RulesSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object (the rules)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let year = self.rules.year.number();
        let mut keys = Keys::new(self.trail, FIELDS);
        while let Some(index) = keys.next(&mut map)? {
            let trail = &mut *keys.trail;
            let rules = &mut self.rules;
            match FIELDS[index] {
                "schema" => field!(map, trail, text::<16>(trail, 64), |trail, schema| {
                    if schema.complete && schema.text == "svf-rules/1" {
                        Ok(())
                    } else {
                        Err(trail.fail(Reason::WrongSchema("svf-rules/1")))
                    }
                }),
                "agreement_year" => field!(map, trail, Count(trail), |trail, number| {
                    if number == u32::from(year) {
                        Ok(())
                    } else {
                        Err(trail.fail(Reason::OtherYear { expected: year }))
                    }
                }),
                "inclusion_goal_percent" => {
                    rules.inclusion_goal_percent = field!(map, trail, Percent(trail), |t, p| p
                        .ok_or_else(|| t.fail(Reason::Expected(&PERCENT))));
                }
                "lead_time_goal_percent" => {
                    rules.lead_time_goal_percent = field!(map, trail, Percent(trail), |t, p| p
                        .ok_or_else(|| t.fail(Reason::Expected(&PERCENT))));
                }
                "lead_time_diagnoses" => {
                    rules.lead_time_diagnoses.clear();
                    field!(
                        map,
                        trail,
                        DiagnosesSeed {
                            trail,
                            diagnoses: &mut rules.lead_time_diagnoses
                        }
                    );
                }
                "deadline" => {
                    rules.deadline = field!(map, trail, text::<16>(trail, 16), |trail, day| {
                        MonthDay::parse(&day.text, rules.year)
                            .filter(|_| day.complete)
                            .ok_or_else(|| trail.fail(Reason::Expected(&MONTH_DAY)))
                    });
                }
                "assignment_case" => {
                    let case = said!(
                        map,
                        trail,
                        4 * MAX_ASSIGNMENT_CASE_CHARS,
                        MAX_ASSIGNMENT_CASE_CHARS
                    );
                    rules.assignment_case = case;
                }
                "reminder_days" => {
                    rules.reminder_days.clear();
                    field!(
                        map,
                        trail,
                        ReminderDaysSeed {
                            trail,
                            days: &mut rules.reminder_days
                        }
                    );
                }
                "zero_patients" => {
                    rules.zero_patients =
                        field!(map, trail, text::<16>(trail, 16), |trail, name| {
                            ZeroPatients::from_name(&name.text)
                                .filter(|_| name.complete)
                                .ok_or_else(|| trail.fail(Reason::Expected(&ZERO_PATIENTS)))
                        });
                }
                _ => {
                    rules.policy = field!(map, trail, text::<16>(trail, 16), |trail, name| {
                        Policy::from_name(&name.text)
                            .filter(|_| name.complete)
                            .ok_or_else(|| trail.fail(Reason::Expected(&POLICY)))
                    });
                }
            }
        }
        if !keys.has(0) {
            return Err(keys
                .trail
                .fail_at(JsonPath::of(&["schema"]), Reason::Required));
        }
        Ok(())
    }
}

/// The `reminder_days` array: distinct days in [`REMINDER_DAYS`], at most
/// [`MAX_REMINDER_DAYS`].
struct ReminderDaysSeed<'t, 'f> {
    trail: &'t mut Trail<'f>,
    days: &'t mut Vec<i8, MAX_REMINDER_DAYS>,
}

impl<'de> DeserializeSeed<'de> for ReminderDaysSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.trail.expected =
            const { &Phrase::new("an array of reminder days", "en lista med påminnelsedagar") };
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ReminderDaysSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of reminder days")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (trail, days) = (self.trail, self.days);
        loop {
            let index = u16::try_from(days.len()).unwrap_or(u16::MAX);
            trail.path.push(Step::Index(index));
            trail.expected = &REMINDER_DAY;
            let Some(day) = seq.next_element::<i64>()? else {
                trail.path.pop();
                return Ok(());
            };
            let day = i8::try_from(day)
                .ok()
                .filter(|d| REMINDER_DAYS.contains(d) && !days.contains(d))
                .ok_or_else(|| trail.fail(Reason::Expected(&REMINDER_DAY)))?;
            if days.push(day).is_err() {
                trail.path.pop();
                return Err(trail.fail(Reason::TooMany {
                    max: MAX_REMINDER_DAYS,
                }));
            }
            trail.path.pop();
        }
    }
}

/// A whole percentage, `None` above 100; any other value is refused as not one.
struct Percent<'t, 'f>(&'t mut Trail<'f>);

impl<'de> DeserializeSeed<'de> for Percent<'_, '_> {
    type Value = Option<u8>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Option<u8>, D::Error> {
        self.0.expected = &PERCENT;
        let value = <u32 as de::Deserialize>::deserialize(deserializer)?;
        Ok(u8::try_from(value).ok().filter(|p| *p <= 100))
    }
}

/// The `lead_time_diagnoses` array: distinct SVF ids, at most [`MAX_DIAGNOSES`].
struct DiagnosesSeed<'t, 'f> {
    trail: &'t mut Trail<'f>,
    diagnoses: &'t mut Vec<DiagnosisId, MAX_DIAGNOSES>,
}

impl<'de> DeserializeSeed<'de> for DiagnosesSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.trail.expected = const { &Phrase::new("an array of SVF ids", "en lista med SVF-id") };
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for DiagnosesSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of SVF ids")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (trail, diagnoses) = (self.trail, self.diagnoses);
        loop {
            let index = u16::try_from(diagnoses.len()).unwrap_or(u16::MAX);
            trail.path.push(Step::Index(index));
            let Some(id) = seq.next_element_seed(text::<32>(&mut *trail, 32))? else {
                trail.path.pop();
                return Ok(());
            };
            let Some(id) = DiagnosisId::new(&id.text).filter(|_| id.complete) else {
                return Err(trail.fail(Reason::SvfPattern));
            };
            if let Some(first) = diagnoses.iter().position(|d| *d == id) {
                return Err(trail.fail(Reason::DuplicateSvf {
                    first: u16::try_from(first).unwrap_or(u16::MAX),
                }));
            }
            if diagnoses.push(id).is_err() {
                trail.path.pop();
                return Err(trail.fail(Reason::TooMany { max: MAX_DIAGNOSES }));
            }
            trail.path.pop();
        }
    }
}
