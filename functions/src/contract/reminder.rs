//! The documents of the calendar (contract §11): a region's reminder
//! (`notifications/{year}/{region}/reminders/{date}.json`) and the agency's overview of the
//! day (`notifications/{year}/agency/{date}.json`). Their words are `present::reminder`'s.

use serde::Serialize;

/// The schema of a region's reminder.
pub const REMINDER_SCHEMA: &str = "svf-reminder/1";

/// The schema of the agency's overview.
pub const OVERVIEW_SCHEMA: &str = "svf-reminder-overview/1";

/// A region's reminder of one day.
///
/// Invariant: `standing` is `no_report` or `incomplete` (a complete report is never reminded);
/// `missing` is empty unless it is `incomplete`.
#[derive(Clone, Debug, Serialize)]
pub struct Reminder {
    /// [`REMINDER_SCHEMA`].
    pub schema: &'static str,
    /// `reminder`.
    pub kind: &'static str,
    /// The agreement year.
    pub agreement_year: u16,
    /// The region.
    pub region_code: &'static str,
    /// The reminder's day (Swedish).
    pub date: String,
    /// The deadline's day.
    pub deadline: String,
    /// Days from `date` to the deadline (0: today is the last day; -1: it was yesterday).
    pub days_left: i8,
    /// `no_report` or `incomplete`.
    pub standing: &'static str,
    /// What the standing report lacks, as the assessment's paths.
    pub missing: Vec<String>,
    /// One line, Swedish.
    pub subject: String,
    /// The message in Swedish.
    pub text_sv: String,
    /// The message in English.
    pub text_en: String,
}

/// One region in the agency's overview.
#[derive(Clone, Debug, Serialize)]
pub struct OverviewRow {
    /// The region's code.
    pub region_code: &'static str,
    /// Its name.
    pub name: &'static str,
    /// `no_report`, `incomplete` or `complete`.
    pub standing: &'static str,
    /// When its standing report was first received (RFC 3339), if it has one.
    pub first_received: Option<String>,
    /// Whether it was reminded today.
    pub reminded: bool,
}

/// The agency's overview of one reminder day: who has reported, who is complete, who is
/// missing, with the days left.
///
/// Invariant: `regions` has the 21 regions in code order.
#[derive(Clone, Debug, Serialize)]
pub struct Overview {
    /// [`OVERVIEW_SCHEMA`].
    pub schema: &'static str,
    /// `overview`.
    pub kind: &'static str,
    /// The agreement year.
    pub agreement_year: u16,
    /// The day (Swedish).
    pub date: String,
    /// The deadline's day.
    pub deadline: String,
    /// Days from `date` to the deadline.
    pub days_left: i8,
    /// Every region.
    pub regions: Vec<OverviewRow>,
    /// One line, Swedish.
    pub subject: String,
    /// The message in Swedish.
    pub text_sv: String,
    /// The message in English.
    pub text_en: String,
}
