//! The rules of each agreement year, as data: what a report must contain, the conditions of the
//! conditional payments, and the payments themselves.
//!
//! Sources: the agreements of 2022, 2024 and 2026 between the state and SKR (summarised in
//! `spec/DOMAIN.md`). Where they are silent the choice is marked *assumption*: 2023 and
//! 2025 have 2024's conditions and payments (our sources lack their agreements' text). A year's
//! parameters can be overridden by a rules file (`svf-rules/1`, read by [`Rules::with_file`]),
//! including the [`Policy`] for a conditional payment's money that a region did not earn.

use heapless::Vec;

use crate::money::Ore;
use crate::region::Year;
pub use crate::vocabulary::{DiagnosisId, PaymentId, SectionName};

/// A payment of the year: its id, its total, and whether it is conditional.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Payment {
    /// `first`, `second`, `second_a` or `second_b`.
    pub id: PaymentId,
    /// The whole amount.
    pub total: Ore,
    /// Which conditions it needs; `None` for the first payment, which every region gets.
    pub part: Option<Part>,
}

/// A conditional part: which conditions must all be met.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    /// Inclusion, PREM and the deadline are always needed.
    pub special_reports: bool,
    /// The lead-time requirements too (2026 part B).
    pub lead_times: bool,
}

/// What happens to a conditional payment's share of a region that did not earn it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Policy {
    /// Split among the eligible regions only (the default): the agreements' "till de regioner
    /// som uppfyllt de grundläggande kraven", as the government's payment decisions of 2023 and
    /// 2025 did.
    #[default]
    Redistribute,
    /// Split among all regions as if all were eligible; a region that is not gets nothing, and
    /// its amount is reported as withheld. An agency may configure it.
    Withhold,
}

impl Policy {
    /// `redistribute` or `withhold`, as in rules files and `svf-payments/1`.
    pub fn name(self) -> &'static str {
        match self {
            Policy::Withhold => "withhold",
            Policy::Redistribute => "redistribute",
        }
    }

    /// The policy named `name`.
    pub fn from_name(name: &str) -> Option<Policy> {
        match name {
            "withhold" => Some(Policy::Withhold),
            "redistribute" => Some(Policy::Redistribute),
            _ => None,
        }
    }
}

/// The most diagnoses a lead-time requirement can name.
pub const MAX_DIAGNOSES: usize = 8;

/// A year's rules.
///
/// Invariant: `inclusion_goal_percent` and `lead_time_goal_percent` are at most 100; the
/// deadline is a real day of the year; `payments` lists the year's payments in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rules {
    /// The year.
    pub year: Year,
    /// The inclusion goal in whole percent (70): met when `100 × in_svf ≥ goal × new_cases`.
    pub inclusion_goal_percent: u8,
    /// The last day a report may arrive, Swedish time: (month, day) of the agreement year.
    pub deadline: (u8, u8),
    /// Narrative sections the report must have (schema names under `narrative`).
    pub narrative: &'static [SectionName],
    /// Whether PREM is a condition and `prem.used` required.
    pub prem: bool,
    /// Whether the special reports on colorectal cancer and myeloma are conditions (2026).
    pub special_reports: bool,
    /// Diagnoses with a lead-time requirement (2026 part B); empty before 2026.
    pub lead_time_diagnoses: Vec<DiagnosisId, MAX_DIAGNOSES>,
    /// The national lead-time goal in whole percent (80).
    pub lead_time_goal_percent: u8,
    /// The year's payments.
    pub payments: &'static [Payment],
    /// What happens to the share of a region that did not earn a conditional payment.
    pub policy: Policy,
}

const fn msek(million: i64, hundred_thousands: i64) -> Ore {
    Ore((million * 1_000_000 + hundred_thousands * 100_000) * 100)
}

const PAYMENTS_2022_2024: [Payment; 2] = [
    Payment {
        id: PaymentId::First,
        total: msek(182, 5),
        part: None,
    },
    Payment {
        id: PaymentId::Second,
        total: msek(182, 5),
        part: Some(Part {
            special_reports: false,
            lead_times: false,
        }),
    },
];

const PAYMENTS_2026: [Payment; 3] = [
    Payment {
        id: PaymentId::First,
        total: msek(250, 0),
        part: None,
    },
    Payment {
        id: PaymentId::SecondA,
        total: msek(125, 0),
        part: Some(Part {
            special_reports: true,
            lead_times: false,
        }),
    },
    Payment {
        id: PaymentId::SecondB,
        total: msek(125, 0),
        part: Some(Part {
            special_reports: true,
            lead_times: true,
        }),
    },
];

impl Rules {
    /// The rules of `year` as the agreement states them.
    pub fn of(year: Year) -> Rules {
        let mut rules = Rules {
            year,
            inclusion_goal_percent: 70,
            deadline: (9, 30),
            narrative: &[],
            prem: true,
            special_reports: false,
            lead_time_diagnoses: Vec::new(),
            lead_time_goal_percent: 80,
            payments: &PAYMENTS_2022_2024,
            policy: Policy::Redistribute,
        };
        match year {
            // Lead-time development, inclusion outcome, the MPN action plan, PREM use.
            Year::Y2022 => {
                rules.narrative = &[
                    SectionName::LeadTimes,
                    SectionName::PremUse,
                    SectionName::MpnActionPlan,
                ];
            }
            // Lead times per SVF against the goal, PREM use, the longest waits, urology.
            // Assumption (DOMAIN.md): 2023 and 2025 ask what 2024 asks.
            Year::Y2023 | Year::Y2024 | Year::Y2025 => {
                rules.narrative = &[
                    SectionName::LeadTimes,
                    SectionName::PremUse,
                    SectionName::LongestWaits,
                    SectionName::Urology,
                ];
            }
            Year::Y2026 => {
                rules.narrative = &[
                    SectionName::LeadTimes,
                    SectionName::PremUse,
                    SectionName::Colorectal,
                    SectionName::Myeloma,
                ];
                rules.special_reports = true;
                // Assumption (DOMAIN.md): the four diagnoses of part B.
                for diagnosis in ["breast", "colon", "rectum", "prostate"] {
                    // Four valid ids in room for eight: neither can fail.
                    if let Some(id) = DiagnosisId::new(diagnosis) {
                        let _ = rules.lead_time_diagnoses.push(id);
                    }
                }
                rules.payments = &PAYMENTS_2026;
            }
        }
        rules
    }

    /// The payment with this id.
    pub fn payment(&self, id: PaymentId) -> Option<&Payment> {
        self.payments.iter().find(|p| p.id == id)
    }
}

/// `MM-DD`, a real day of `year`.
pub(crate) fn month_day(text: &str, year: u16) -> Option<(u8, u8)> {
    let (month, day) = text.split_once('-')?;
    let (month, day) = (month.parse::<u8>().ok()?, day.parse::<u8>().ok()?);
    (text.len() == 5 && crate::time::Date::new(year, month, day).is_some()).then_some((month, day))
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[test]
    fn the_years_differ_as_the_agreements_do() {
        assert_eq!(Rules::of(Year::Y2024).payments.len(), 2);
        assert_eq!(Rules::of(Year::Y2026).payments.len(), 3);
        assert_eq!(Rules::of(Year::Y2026).lead_time_diagnoses.len(), 4);
        assert!(
            Rules::of(Year::Y2022)
                .narrative
                .contains(&SectionName::MpnActionPlan)
        );
        let total: i64 = Rules::of(Year::Y2026)
            .payments
            .iter()
            .map(|p| p.total.0)
            .sum();
        assert_eq!(total, 50_000_000_000);
        assert_eq!(
            Rules::of(Year::Y2024)
                .payment(PaymentId::Second)
                .map(|p| p.total),
            Some(Ore(18_250_000_000))
        );
    }

    #[test]
    fn twenty_three_and_twenty_five_have_the_rules_of_twenty_four() {
        for year in [Year::Y2023, Year::Y2025] {
            let rules = Rules::of(year);
            let mut like_2024 = Rules::of(Year::Y2024);
            like_2024.year = year;
            assert_eq!(rules, like_2024, "{year}");
            assert_eq!(rules.policy, Policy::Redistribute);
        }
    }

    #[test]
    fn the_policy_is_redistribute_unless_a_rules_file_says_withhold() {
        for year in Year::ALL {
            assert_eq!(Rules::of(year).policy, Policy::Redistribute);
        }
        let withhold = br#"{"schema": "svf-rules/1", "policy": "withhold"}"#;
        assert_eq!(
            Rules::with_file(Year::Y2025, withhold).map(|r| r.policy),
            Ok(Policy::Withhold)
        );
        let redistribute = br#"{"schema": "svf-rules/1", "policy": "redistribute"}"#;
        assert_eq!(
            Rules::with_file(Year::Y2025, redistribute).map(|r| r.policy),
            Ok(Policy::Redistribute)
        );
        let other = br#"{"schema": "svf-rules/1", "policy": "keep"}"#;
        let refused = Rules::with_file(Year::Y2025, other).unwrap_err();
        assert_eq!(refused.0.path, crate::json::JsonPath::of(&["policy"]));
    }

    #[test]
    fn a_rules_file_overrides_parameters() {
        let file = br#"{"schema": "svf-rules/1", "agreement_year": 2026, "inclusion_goal_percent": 75,
            "lead_time_goal_percent": 85, "lead_time_diagnoses": ["breast", "lung"], "deadline": "10-15"}"#;
        let rules = Rules::with_file(Year::Y2026, file).unwrap();
        assert_eq!(rules.inclusion_goal_percent, 75);
        assert_eq!(rules.lead_time_goal_percent, 85);
        assert_eq!(
            rules
                .lead_time_diagnoses
                .iter()
                .map(DiagnosisId::as_str)
                .collect::<Vec<_, 8>>()
                .as_slice(),
            ["breast", "lung"]
        );
        assert_eq!(rules.deadline, (10, 15));
        assert_eq!(
            Rules::with_file(Year::Y2024, br#"{"schema": "svf-rules/1"}"#).unwrap(),
            Rules::of(Year::Y2024)
        );
    }

    #[test]
    fn bad_rules_files_are_refused_with_their_path_and_reason() {
        let refused = |json: &[u8]| {
            std::string::ToString::to_string(&Rules::with_file(Year::Y2026, json).unwrap_err())
        };
        for (file, expected) in [
            (&br#"{"schema": "svf-rules/1", "colour": 1}"#[..], "colour: the schema has no such field"),
            (br#"{"schema": "svf-rules/9"}"#, "schema: must be \"svf-rules/1\""),
            (br#"{"policy": "withhold"}"#, "schema: is required"),
            (br#"{"schema": "svf-rules/1", "agreement_year": 2024}"#, "agreement_year: is not 2026, the year asked for"),
            (br#"{"schema": "svf-rules/1", "inclusion_goal_percent": 101}"#, "inclusion_goal_percent: expected a whole percentage from 0 to 100"),
            (br#"{"schema": "svf-rules/1", "inclusion_goal_percent": "70"}"#, "inclusion_goal_percent: expected a whole percentage from 0 to 100"),
            (br#"{"schema": "svf-rules/1", "lead_time_goal_percent": 8e1}"#, "lead_time_goal_percent: must be a whole number written in plain digits"),
            (br#"{"schema": "svf-rules/1", "lead_time_diagnoses": ["Breast"]}"#, "lead_time_diagnoses[0]: must be 1 to 32 of a-z, 0-9 and _"),
            (br#"{"schema": "svf-rules/1", "lead_time_diagnoses": ["a", "a"]}"#, "lead_time_diagnoses[1]: the same SVF as lead_times[0]"),
            (br#"{"schema": "svf-rules/1", "lead_time_diagnoses": ["a","b","c","d","e","f","g","h","i"]}"#, "lead_time_diagnoses: has more than 8 items"),
            (br#"{"schema": "svf-rules/1", "deadline": "02-30"}"#, "deadline: expected a real day written MM-DD"),
            (br#"{"schema": "svf-rules/1", "deadline": "9-30"}"#, "deadline: expected a real day written MM-DD"),
            (br#"{"schema": "svf-rules/1", "policy": "keep"}"#, "policy: expected \"redistribute\" or \"withhold\""),
            (b"{\"schema\": \"svf-rules/1\",\n \"policy\" \"keep\"}", "policy: not valid JSON: expected ':' after a key (line 2, column 11)"),
        ] {
            let message = refused(file);
            assert!(message.starts_with(expected), "{:?}\n→ {message}", core::str::from_utf8(file));
        }
        // A byte-order mark is no error.
        assert!(
            Rules::with_file(Year::Y2026, b"\xef\xbb\xbf{\"schema\": \"svf-rules/1\"}").is_ok()
        );
    }
}
