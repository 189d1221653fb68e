//! The calendar speaks (contract §11): on a reminder day of a year, each region without a
//! complete report gets one reminder, and the agency one overview. Run daily by the scheduled
//! function and by `svf remind`; never by an upload, `svf process` or `svf watch`.
//!
//! Once per region per day: every document is created only if absent, and announced only by
//! the run that created it, so a second run, a redelivered schedule or two runs at once add
//! nothing. The price: a run that stops between the create and the announcement leaves that
//! reminder unannounced (the object stands, and the front door lists it); a reminder is never
//! announced twice.

use svf_kernel::region::{Region, Year};
use svf_kernel::rules::Standing;
use svf_kernel::time::{Date, Instant};

use crate::contract::layout;
use crate::contract::reminder::OverviewRow;
use crate::contract::stored::StoredAssessment;
use crate::pipeline::{ConfigError, PipelineError};
use crate::present::notification::message;
use crate::present::reminder::{Day, overview, reminder};
use crate::store::{Announcer, Attributes, ObjectStore, Precondition, Written};

/// What one year's reminder day did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reminded {
    /// The agreement year.
    pub year: Year,
    /// The day.
    pub today: Date,
    /// Days left to the deadline.
    pub days_left: i8,
    /// The regions reminded, with each reminder's key and whether this run created it
    /// (`false`: an earlier run had).
    pub reminders: Vec<(Region, String, bool)>,
    /// The overview's key and whether this run created it.
    pub overview: (String, bool),
}

/// Why a year is quiet today, when it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quiet {
    /// Not one of the year's reminder days.
    NotAReminderDay,
    /// A part of the year's second payment is recorded: the government has decided.
    Decided,
}

/// The reminders of `now`'s Swedish day, year by year: what each year did, or why it is quiet.
///
/// # Errors
/// [`PipelineError`] when the store fails, a rules file or a stored assessment cannot be read,
/// or an announcement fails (the reminders created stand; the next run finds them and adds
/// nothing).
pub async fn remind(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    now: Instant,
) -> Result<Vec<(Year, Result<Reminded, Quiet>)>, PipelineError> {
    let today = now.stockholm_date();
    let mut years = Vec::with_capacity(Year::ALL.len());
    for year in Year::ALL {
        years.push((year, remind_year(store, announcer, year, today).await?));
    }
    Ok(years)
}

async fn remind_year(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    year: Year,
    today: Date,
) -> Result<Result<Reminded, Quiet>, PipelineError> {
    // A year's reminder days lie within 92 days before its deadline and the day after: only the
    // years next to today's can have one, and no other year's rules file is read (a broken one
    // of a past year does not stop today's reminders).
    if today.year().abs_diff(year.number()) > 1 {
        return Ok(Err(Quiet::NotAReminderDay));
    }
    let (rules, _) = crate::pipeline::summary::rules_of(store, year).await?;
    let Some(day) = rules.reminder_on(today) else {
        return Ok(Err(Quiet::NotAReminderDay));
    };
    for payment in rules.payments().iter().filter(|p| p.part.is_some()) {
        if store
            .head(&layout::record_key(year, payment.id))
            .await?
            .is_some()
        {
            return Ok(Err(Quiet::Decided));
        }
    }
    let day = Day {
        year,
        today,
        reminder: day,
    };
    let mut rows = Vec::with_capacity(Region::ALL.len());
    let mut reminders = Vec::new();
    // In code order, as the overview lists them.
    for region in Region::ALL {
        let (standing, missing, first_received) = standing(store, year, region).await?;
        let reminded = standing.reminded();
        rows.push(OverviewRow {
            region_code: region.code(),
            name: region.name(),
            standing: standing.as_str(),
            first_received,
            reminded,
        });
        if !reminded {
            continue;
        }
        let document = reminder(&day, region, standing, &missing);
        let key = layout::reminder_key(year, region, today);
        let said = Said {
            subject: &document.subject,
            text_sv: &document.text_sv,
            text_en: &document.text_en,
            attributes: Attributes {
                region_code: Some(region.code()),
                rcc: None,
                agreement_year: Some(year.number()),
                status: "reminder",
                audience: None,
            },
        };
        let created = create_and_announce(store, announcer, &key, &document, &said).await?;
        reminders.push((region, key, created));
    }
    let document = overview(&day, rows);
    let key = layout::agency_overview_key(year, today);
    let said = Said {
        subject: &document.subject,
        text_sv: &document.text_sv,
        text_en: &document.text_en,
        attributes: Attributes {
            region_code: None,
            rcc: None,
            agreement_year: Some(year.number()),
            status: "overview",
            audience: Some("agency"),
        },
    };
    let created = create_and_announce(store, announcer, &key, &document, &said).await?;
    Ok(Ok(Reminded {
        year,
        today,
        days_left: day.reminder.days_left,
        reminders,
        overview: (key, created),
    }))
}

/// Where `region`'s report of `year` stands, what its standing report lacks, and when that
/// report first came in. `assessments/` holds only accepted reports, so none there is none.
async fn standing(
    store: &impl ObjectStore,
    year: Year,
    region: Region,
) -> Result<(Standing, Vec<String>, Option<String>), PipelineError> {
    let key = layout::assessment_key(year, region);
    let Some(object) = store.get(&key).await? else {
        return Ok((Standing::NoReport, Vec::new(), None));
    };
    let (of, assessment) = StoredAssessment::parse_for(&object.bytes, year)
        .map_err(|why| PipelineError::config(&key, ConfigError::Document(why)))?;
    if of != region {
        return Err(PipelineError::config(key, ConfigError::OfRegion(of)));
    }
    if !assessment.assessed() {
        return Ok((Standing::NoReport, Vec::new(), None));
    }
    let first = assessment
        .first_received
        .unwrap_or(assessment.received)
        .to_string();
    if assessment.complete {
        return Ok((Standing::Complete, Vec::new(), Some(first)));
    }
    let missing = assessment.missing.iter().map(ToString::to_string).collect();
    Ok((Standing::Incomplete, missing, Some(first)))
}

/// What a document says on SNS, and to whom.
struct Said<'s> {
    subject: &'s str,
    text_sv: &'s str,
    text_en: &'s str,
    attributes: Attributes<'s>,
}

/// Creates `key` with `document` unless it is there, and announces it only then: whether this
/// call created it. A second run finds the document and says nothing.
async fn create_and_announce(
    store: &impl ObjectStore,
    announcer: &impl Announcer,
    key: &str,
    document: &impl serde::Serialize,
    said: &Said<'_>,
) -> Result<bool, PipelineError> {
    let written = store
        .put(
            key,
            serde_json::to_vec_pretty(document)?,
            "application/json",
            Precondition::IfAbsent,
        )
        .await?;
    let created = matches!(written, Written::Yes(_));
    if created {
        let message = message(said.text_sv, said.text_en);
        announcer
            .announce(said.subject, &message, &said.attributes)
            .await?;
    }
    Ok(created)
}
