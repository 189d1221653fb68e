//! The rules of each agreement year, as data: what a report must contain, the conditions of the
//! conditional payments, and the payments themselves.
//!
//! Sources: the agreements of 2022, 2024 and 2026 between the state and SKR (summarised in
//! `spec/DOMAIN.md`). Where they are silent the choice is marked *assumption*: 2023 and
//! 2025 have 2024's conditions and payments (our sources lack their agreements' text). A year's
//! parameters can be overridden by a rules file (`svf-rules/1`, read by [`Rules::with_file`]),
//! including the [`Policy`] for a conditional payment's money that a region did not earn.

use heapless::{String, Vec};

use crate::money::Ore;
use crate::region::Year;
use crate::time::Date;
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

/// What a lead-time condition is when the period had no patients of the diagnosis: a share of
/// nobody is no share at all, so the agreement's requirement cannot be met or missed; the
/// rules say which it counts as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ZeroPatients {
    /// The condition does not apply (the default): met, so it does not block the part. A
    /// region with no patients of a diagnosis in the period has no lead time to improve.
    #[default]
    NotApplicable,
    /// Not met: the part needs patients of every diagnosis of the requirement.
    NotMet,
}

impl ZeroPatients {
    /// `not_applicable` or `not_met`, as in rules files.
    pub fn name(self) -> &'static str {
        match self {
            ZeroPatients::NotApplicable => "not_applicable",
            ZeroPatients::NotMet => "not_met",
        }
    }

    /// The choice named `name`.
    pub fn from_name(name: &str) -> Option<ZeroPatients> {
        match name {
            "not_applicable" => Some(ZeroPatients::NotApplicable),
            "not_met" => Some(ZeroPatients::NotMet),
            _ => None,
        }
    }
}

/// The most diagnoses a lead-time requirement can name.
pub const MAX_DIAGNOSES: usize = 8;

/// A day of the agreement year, written without the year (`09-30`): the deadline, the last day
/// a report may arrive, Swedish time.
///
/// Invariant: a real day of the year it was made for (`02-29` only in a leap year). The fields
/// are private, so a `MonthDay` is only made by [`MonthDay::new`], which checks the day against
/// the year (a rules file's deadline is read through it too), or is the agreements' 30 September.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthDay {
    month: u8,
    day: u8,
}

/// 30 September, the agreements' deadline: a real day of every year.
const SEPTEMBER_30: MonthDay = MonthDay { month: 9, day: 30 };

impl MonthDay {
    /// The day `month`-`day` of `year`, if `year` has it.
    pub fn new(year: Year, month: u8, day: u8) -> Option<MonthDay> {
        Date::new(year.number(), month, day).map(|_| MonthDay { month, day })
    }

    /// `MM-DD`, a real day of `year`, as rules files write a deadline.
    pub(crate) fn parse(text: &str, year: Year) -> Option<MonthDay> {
        let (month, day) = text.split_once('-')?;
        let (month, day) = (month.parse::<u8>().ok()?, day.parse::<u8>().ok()?);
        MonthDay::new(year, month, day).filter(|_| text.len() == 5)
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month.
    pub fn day(self) -> u8 {
        self.day
    }
}

/// A year's rules.
///
/// Invariant: `inclusion_goal_percent` and `lead_time_goal_percent` are at most 100; the
/// deadline is a real day of the year; `payments` lists the year's payments in order;
/// `lead_time_diagnoses` are distinct. The fields are the kernel's own (`pub(crate)`), so
/// outside it rules are only made by [`Rules::of`], the agreement's, and [`Rules::with_file`],
/// and read by their getters; inside it only the rules-file reader sets a field, each value
/// checked before it is taken (and the kernel's tests, to build the largest cases).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rules {
    pub(crate) year: Year,
    pub(crate) inclusion_goal_percent: u8,
    pub(crate) deadline: MonthDay,
    pub(crate) narrative: &'static [SectionName],
    pub(crate) prem: bool,
    pub(crate) special_reports: bool,
    pub(crate) lead_time_diagnoses: Vec<DiagnosisId, MAX_DIAGNOSES>,
    pub(crate) lead_time_goal_percent: u8,
    pub(crate) zero_patients: ZeroPatients,
    pub(crate) payments: &'static [Payment],
    pub(crate) policy: Policy,
    /// The case number (*diarienummer*) of the agency's assignment for the year, shown on the
    /// pages it is reported with; empty where not known.
    pub(crate) assignment_case: String<{ 4 * MAX_ASSIGNMENT_CASE_CHARS }>,
    /// The days a region still without a complete report is reminded, relative to the deadline
    /// in Swedish days (`-14`: two weeks before; `1`: the day after), distinct, each in
    /// [`REMINDER_DAYS`].
    pub(crate) reminder_days: Vec<i8, MAX_REMINDER_DAYS>,
}

/// The most reminder days a year may have.
pub const MAX_REMINDER_DAYS: usize = 8;

/// The range of a reminder day, relative to the deadline: from about three months before it to
/// the day after, after which no reminder is sent (contract §11).
pub const REMINDER_DAYS: core::ops::RangeInclusive<i8> = -92..=1;

/// The reminder days unless the rules file says otherwise: 14 and 3 days before the deadline,
/// its day, and the day after.
const DEFAULT_REMINDER_DAYS: [i8; 4] = [-14, -3, 0, 1];

/// Where a region's report of the year stands, as a reminder sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// No accepted report (none sent, or every one rejected).
    NoReport,
    /// An accepted report that is not complete.
    Incomplete,
    /// A complete report.
    Complete,
}

impl Standing {
    /// Whether a region so standing is reminded on a reminder day: unless its report is
    /// complete.
    pub fn reminded(self) -> bool {
        self != Standing::Complete
    }

    /// The contract's word: `no_report`, `incomplete`, `complete`.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::NoReport => "no_report",
            Standing::Incomplete => "incomplete",
            Standing::Complete => "complete",
        }
    }
}

/// A day on which the regions without a complete report are reminded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReminderDay {
    /// The deadline's day.
    pub deadline: Date,
    /// Days from today to the deadline: 14, 3, 0 (today is the last day), -1 (it was
    /// yesterday).
    pub days_left: i8,
}

/// The longest assignment case number a rules file may give, in characters (`S2024/01009` is
/// eleven).
pub const MAX_ASSIGNMENT_CASE_CHARS: usize = 16;

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
            deadline: SEPTEMBER_30,
            narrative: &[],
            prem: true,
            special_reports: false,
            lead_time_diagnoses: Vec::new(),
            lead_time_goal_percent: 80,
            zero_patients: ZeroPatients::NotApplicable,
            payments: &PAYMENTS_2022_2024,
            policy: Policy::Redistribute,
            assignment_case: String::new(),
            reminder_days: Vec::new(),
        };
        for day in DEFAULT_REMINDER_DAYS {
            // Four fit in eight.
            let _ = rules.reminder_days.push(day);
        }
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
                if year == Year::Y2024 {
                    // The government's assignment to the agency for 2024 (DOMAIN.md).
                    let _ = rules.assignment_case.push_str("S2024/01009");
                }
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

    /// The year.
    pub fn year(&self) -> Year {
        self.year
    }

    /// The inclusion goal in whole percent (70), at most 100: met when
    /// `100 × in_svf ≥ goal × new_cases`.
    pub fn inclusion_goal_percent(&self) -> u8 {
        self.inclusion_goal_percent
    }

    /// The last day a report may arrive, Swedish time: a real day of the agreement year.
    pub fn deadline(&self) -> MonthDay {
        self.deadline
    }

    /// Narrative sections the report must have (schema names under `narrative`).
    pub fn narrative(&self) -> &'static [SectionName] {
        self.narrative
    }

    /// Whether PREM is a condition and `prem.used` required.
    pub fn prem(&self) -> bool {
        self.prem
    }

    /// Whether the special reports on colorectal cancer and myeloma are conditions (2026).
    pub fn special_reports(&self) -> bool {
        self.special_reports
    }

    /// Diagnoses with a lead-time requirement (2026 part B), each once; empty before 2026.
    pub fn lead_time_diagnoses(&self) -> &[DiagnosisId] {
        &self.lead_time_diagnoses
    }

    /// The national lead-time goal in whole percent (80), at most 100.
    pub fn lead_time_goal_percent(&self) -> u8 {
        self.lead_time_goal_percent
    }

    /// What a lead-time condition is for a diagnosis without patients in the period: not
    /// applicable (met; the default) or not met.
    pub fn zero_patients(&self) -> ZeroPatients {
        self.zero_patients
    }

    /// The year's payments, in order.
    pub fn payments(&self) -> &'static [Payment] {
        self.payments
    }

    /// What happens to the share of a region that did not earn a conditional payment.
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// The days a region without a complete report is reminded, relative to the deadline
    /// (`-14` … `1`).
    pub fn reminder_days(&self) -> &[i8] {
        &self.reminder_days
    }

    /// The deadline as a day of the agreement's year.
    pub fn deadline_date(&self) -> Option<Date> {
        Date::new(
            self.year.number(),
            self.deadline.month(),
            self.deadline.day(),
        )
    }

    /// Whether `today` (a Swedish day) is one of the year's reminder days, and if so how many
    /// days are left to the deadline. Never after the day after the deadline.
    pub fn reminder_on(&self, today: Date) -> Option<ReminderDay> {
        let deadline = self.deadline_date()?;
        let relative = i8::try_from(deadline.days_until(today)).ok()?;
        // Within the range, so its negation is too.
        (REMINDER_DAYS.contains(&relative) && self.reminder_days.contains(&relative)).then(|| {
            ReminderDay {
                deadline,
                days_left: -relative,
            }
        })
    }

    /// The case number of the agency's assignment for the year (2024: `S2024/01009`, from the
    /// government's decision), or as the rules file gives it; `None` where not known.
    pub fn assignment_case(&self) -> Option<&str> {
        Some(self.assignment_case.as_str()).filter(|case| !case.is_empty())
    }

    /// The payment with this id.
    pub fn payment(&self, id: PaymentId) -> Option<&Payment> {
        self.payments.iter().find(|p| p.id == id)
    }
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
    fn a_month_day_is_a_real_day_of_its_year() {
        let leap_day = MonthDay::new(Year::Y2024, 2, 29).unwrap();
        assert_eq!((leap_day.month(), leap_day.day()), (2, 29));
        assert_eq!(MonthDay::new(Year::Y2026, 2, 29), None);
        assert_eq!(MonthDay::new(Year::Y2026, 4, 31), None);
        assert_eq!(MonthDay::new(Year::Y2026, 13, 1), None);
        assert_eq!(MonthDay::new(Year::Y2026, 9, 0), None);
        assert_eq!(MonthDay::new(Year::Y2022, 9, 30), Some(SEPTEMBER_30));
        assert_eq!(MonthDay::parse("02-29", Year::Y2024), Some(leap_day));
        for text in ["02-29", "9-30", "09-3", "09-030", "09/30", "09-30 "] {
            assert_eq!(MonthDay::parse(text, Year::Y2026), None, "{text}");
        }
        for year in Year::ALL {
            assert_eq!(Rules::of(year).deadline(), SEPTEMBER_30);
        }
    }

    #[test]
    fn twenty_three_and_twenty_five_have_the_rules_of_twenty_four() {
        for year in [Year::Y2023, Year::Y2025] {
            let rules = Rules::of(year);
            let mut like_2024 = Rules::of(Year::Y2024);
            like_2024.year = year;
            // Only the assignment's case number is the year's own.
            like_2024.assignment_case.clear();
            assert_eq!(rules, like_2024, "{year}");
            assert_eq!(rules.policy, Policy::Redistribute);
        }
    }

    #[test]
    fn the_assignment_case_is_2024s_or_as_a_rules_file_gives_it() {
        assert_eq!(
            Rules::of(Year::Y2024).assignment_case(),
            Some("S2024/01009")
        );
        assert_eq!(Rules::of(Year::Y2026).assignment_case(), None);
        let file = br#"{"schema": "svf-rules/1", "assignment_case": "S2026/00123"}"#;
        let rules = Rules::with_file(Year::Y2026, file).unwrap();
        assert_eq!(rules.assignment_case(), Some("S2026/00123"));
        for (bad, reason) in [
            (
                &br#"{"schema": "svf-rules/1", "assignment_case": "S2026/\t1"}"#[..],
                crate::json::Reason::ControlInText,
            ),
            (
                br#"{"schema": "svf-rules/1", "assignment_case": "  "}"#,
                crate::json::Reason::Empty,
            ),
            (
                br#"{"schema": "svf-rules/1", "assignment_case": "S2026/00123456789"}"#,
                crate::json::Reason::TooLong { max_chars: 16 },
            ),
        ] {
            let refused = Rules::with_file(Year::Y2026, bad).unwrap_err();
            assert_eq!(
                refused.0.path,
                crate::json::JsonPath::of(&["assignment_case"])
            );
            assert_eq!(refused.0.reason, reason);
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
    fn a_diagnosis_without_patients_does_not_apply_unless_a_rules_file_says_not_met() {
        for year in Year::ALL {
            assert_eq!(Rules::of(year).zero_patients(), ZeroPatients::NotApplicable);
        }
        for (name, expected) in [
            ("not_met", ZeroPatients::NotMet),
            ("not_applicable", ZeroPatients::NotApplicable),
        ] {
            let file = std::format!(r#"{{"schema": "svf-rules/1", "zero_patients": "{name}"}}"#);
            let rules = Rules::with_file(Year::Y2026, file.as_bytes()).unwrap();
            assert_eq!(rules.zero_patients(), expected);
            assert_eq!(expected.name(), name);
        }
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
        assert_eq!(rules.deadline, MonthDay::new(Year::Y2026, 10, 15).unwrap());
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
            (br#"{"schema": "svf-rules/1", "zero_patients": "met"}"#, "zero_patients: expected \"not_applicable\" or \"not_met\""),
            (br#"{"schema": "svf-rules/1", "zero_patients": false}"#, "zero_patients: expected a string"),
            (b"{\"schema\": \"svf-rules/1\",\n \"policy\" \"keep\"}", "policy: not valid JSON: expected ':' after a key (line 2, column 11)"),
        ] {
            let message = refused(file);
            assert!(message.starts_with(expected), "{:?}\n→ {message}", core::str::from_utf8(file));
        }
        // A byte-order mark is no error.
        assert!(
            Rules::with_file(Year::Y2026, b"\xef\xbb\xbf{\"schema\": \"svf-rules/1\"}").is_ok()
        );
        for (file, expected) in [
            (
                &br#"{"schema": "svf-rules/1", "reminder_days": [2]}"#[..],
                "reminder_days[0]: expected a new day from -92 to 1",
            ),
            (
                br#"{"schema": "svf-rules/1", "reminder_days": [-93]}"#,
                "reminder_days[0]: expected a new day",
            ),
            (
                br#"{"schema": "svf-rules/1", "reminder_days": [-3, -3]}"#,
                "reminder_days[1]: expected a new day",
            ),
            (
                br#"{"schema": "svf-rules/1", "reminder_days": [-1.5]}"#,
                "reminder_days[0]:",
            ),
            (
                br#"{"schema": "svf-rules/1", "reminder_days": [-9,-8,-7,-6,-5,-4,-3,-2,-1]}"#,
                "reminder_days: has more than 8 items",
            ),
            (
                br#"{"schema": "svf-rules/1", "reminder_days": -3}"#,
                "reminder_days: expected an array of reminder days",
            ),
        ] {
            let message = refused(file);
            assert!(
                message.starts_with(expected),
                "{:?}\n→ {message}",
                core::str::from_utf8(file)
            );
        }
    }

    #[test]
    fn reminders_come_14_and_3_days_before_the_deadline_on_it_and_the_day_after() {
        let rules = Rules::of(Year::Y2024);
        let day = |month, day| Date::new(2024, month, day).unwrap();
        let deadline = day(9, 30);
        let left = |today| rules.reminder_on(today).map(|r| r.days_left);
        assert_eq!(left(day(9, 16)), Some(14));
        assert_eq!(left(day(9, 27)), Some(3));
        assert_eq!(left(deadline), Some(0));
        assert_eq!(left(day(10, 1)), Some(-1));
        for quiet in [day(9, 15), day(9, 17), day(9, 29), day(10, 2), day(1, 1)] {
            assert_eq!(left(quiet), None, "{quiet}");
        }
        assert_eq!(rules.reminder_on(deadline).unwrap().deadline, deadline);
        // Another year's days are not this year's.
        assert_eq!(rules.reminder_on(Date::new(2025, 9, 30).unwrap()), None);
        // A rules file sets its own; none at all sends none.
        let weekly = Rules::with_file(
            Year::Y2024,
            br#"{"schema": "svf-rules/1", "deadline": "10-15", "reminder_days": [-7, 0]}"#,
        )
        .unwrap();
        assert_eq!(weekly.reminder_days(), [-7, 0]);
        assert_eq!(weekly.reminder_on(day(10, 8)).map(|r| r.days_left), Some(7));
        assert_eq!(weekly.reminder_on(day(9, 30)), None);
        let none = Rules::with_file(
            Year::Y2024,
            br#"{"schema": "svf-rules/1", "reminder_days": []}"#,
        )
        .unwrap();
        assert!(none.reminder_days().is_empty());
        assert_eq!(none.reminder_on(deadline), None);
    }
}
