//! The words of the calendar (contract §11): a region's reminder before the deadline, Swedish
//! then English, and the agency's overview of the day. Who is reminded is the kernel's
//! ([`Standing::reminded`]); this says it.

use std::fmt::Write as _;

use svf_kernel::region::{Region, Year};
use svf_kernel::rules::{ReminderDay, Standing};
use svf_kernel::time::Date;

use crate::contract::reminder::{
    OVERVIEW_SCHEMA, Overview, OverviewRow, REMINDER_SCHEMA, Reminder,
};
use crate::present::place;
use crate::present::report::swedish_day;
use crate::present::wording::Language;

/// One reminder day of one year.
#[derive(Clone, Copy, Debug)]
pub struct Day {
    /// The agreement year.
    pub year: Year,
    /// The day (Swedish).
    pub today: Date,
    /// Which reminder day it is.
    pub reminder: ReminderDay,
}

impl Day {
    fn deadline_sv(&self) -> String {
        let d = self.reminder.deadline;
        swedish_day(d.year(), d.month(), d.day())
    }

    fn deadline_en(&self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let d = self.reminder.deadline;
        let month = MONTHS
            .get(usize::from(d.month()).wrapping_sub(1))
            .copied()
            .unwrap_or("?");
        format!("{} {month} {}", d.day(), d.year())
    }

    /// How long is left, in Swedish: `14 dagar kvar`, `sista dagen i dag`, `sista dagen var i går`.
    fn left_sv(&self) -> String {
        match self.reminder.days_left {
            0 => "i dag är sista dagen".to_owned(),
            1 => "1 dag kvar".to_owned(),
            n if n < 0 => "sista dagen var i går".to_owned(),
            n => format!("{n} dagar kvar"),
        }
    }

    fn left_en(&self) -> String {
        match self.reminder.days_left {
            0 => "today is the last day".to_owned(),
            1 => "1 day left".to_owned(),
            n if n < 0 => "the last day was yesterday".to_owned(),
            n => format!("{n} days left"),
        }
    }
}

/// The reminder of `region`, standing so, its standing report lacking `missing` (paths).
pub fn reminder(day: &Day, region: Region, standing: Standing, missing: &[String]) -> Reminder {
    let year = day.year;
    let name = region.name();
    let (deadline_sv, deadline_en) = (day.deadline_sv(), day.deadline_en());
    let late = day.reminder.days_left < 0;
    let mut sv = String::new();
    let mut en = String::new();
    let subject;
    if standing == Standing::Incomplete {
        subject = format!(
            "Påminnelse: SVF-redovisningen {year} från {name} är ofullständig ({})",
            day.left_sv()
        );
        let _ = writeln!(
            sv,
            "Redovisningen från {name} för {year} är bedömd som ofullständig. Det här saknas:"
        );
        let _ = writeln!(
            en,
            "The report from {name} for {year} is assessed as incomplete. This is missing:"
        );
        for path in missing {
            let _ = writeln!(sv, "– {}", place::place(path, Language::Swedish));
            let _ = writeln!(en, "– {}", place::place(path, Language::English));
        }
        let _ = write!(
            sv,
            "Komplettera redovisningen och ladda upp den igen: den villkorade utbetalningen kräver en \
             fullständig redovisning. Sista dag för redovisningen är {deadline_sv} ({}); den \
             bedöms på när den första godtagna redovisningen kom in.",
            day.left_sv()
        );
        let _ = write!(
            en,
            "Complete the report and upload it again: the conditional payment requires a complete \
             report. The last day for the report is {deadline_en} ({}); it is judged on when the \
             first accepted report came in.",
            day.left_en()
        );
    } else {
        subject = format!(
            "Påminnelse: ingen SVF-redovisning {year} från {name} ({})",
            day.left_sv()
        );
        if late {
            let _ = write!(
                sv,
                "Ingen godtagen redovisning från {name} för {year} har kommit in, och sista dagen \
                 var {deadline_sv}. En redovisning som kommer in nu uppfyller inte villkoret att ha \
                 kommit in i tid, och regionen får då inte medel ur den villkorade utbetalningen; \
                 skicka den ändå, den ingår i uppföljningen."
            );
            let _ = write!(
                en,
                "No accepted report from {name} for {year} has come in, and the last day was \
                 {deadline_en}. A report that comes in now does not meet the condition of arriving \
                 on time, and the region then gets nothing of the conditional payment; send it \
                 anyway, it is part of the follow-up."
            );
        } else {
            let _ = write!(
                sv,
                "Ingen godtagen redovisning från {name} för {year} har kommit in ännu. Sista dag är \
                 {deadline_sv}, till midnatt svensk tid ({}). En redovisning som inte har kommit in då \
                 uppfyller inte villkoret, och regionen får inte medel ur den villkorade \
                 utbetalningen.",
                day.left_sv()
            );
            let _ = write!(
                en,
                "No accepted report from {name} for {year} has come in yet. The last day is \
                 {deadline_en}, until midnight Swedish time ({}). A report that has not come in by then \
                 does not meet the condition, and the region gets nothing of the conditional \
                 payment.",
                day.left_en()
            );
        }
    }
    Reminder {
        schema: REMINDER_SCHEMA,
        kind: "reminder",
        agreement_year: year.number(),
        region_code: region.code(),
        date: day.today.to_string(),
        deadline: day.reminder.deadline.to_string(),
        days_left: day.reminder.days_left,
        standing: standing.as_str(),
        missing: if standing == Standing::Incomplete {
            missing.to_vec()
        } else {
            Vec::new()
        },
        subject,
        text_sv: sv,
        text_en: en,
    }
}

/// The agency's overview of the day, from every region's row.
pub fn overview(day: &Day, regions: Vec<OverviewRow>) -> Overview {
    let names = |standing: &str| -> Vec<&str> {
        regions
            .iter()
            .filter(|r| r.standing == standing)
            .map(|r| r.name)
            .collect()
    };
    let (complete, incomplete, none) = (
        names(Standing::Complete.as_str()),
        names(Standing::Incomplete.as_str()),
        names(Standing::NoReport.as_str()),
    );
    let list = |names: &[&str], nothing: &str| {
        if names.is_empty() {
            nothing.to_owned()
        } else {
            names.join(", ")
        }
    };
    let year = day.year;
    let subject = format!(
        "SVF {year}: {} av {} regioner fullständiga, {} utan redovisning ({})",
        complete.len(),
        regions.len(),
        none.len(),
        day.left_sv()
    );
    let text_sv = format!(
        "Läget {} för redovisningarna {year}; sista dag {} ({}).\n\
         Fullständiga ({}): {}.\nOfullständiga ({}): {}.\nIngen godtagen redovisning ({}): {}.\n\
         De ofullständiga och de utan redovisning har fått en påminnelse i dag.",
        day.today,
        day.deadline_sv(),
        day.left_sv(),
        complete.len(),
        list(&complete, "inga"),
        incomplete.len(),
        list(&incomplete, "inga"),
        none.len(),
        list(&none, "inga"),
    );
    let text_en = format!(
        "The reports for {year} as of {}; last day {} ({}).\n\
         Complete ({}): {}.\nIncomplete ({}): {}.\nNo accepted report ({}): {}.\n\
         The incomplete and those without a report were reminded today.",
        day.today,
        day.deadline_en(),
        day.left_en(),
        complete.len(),
        list(&complete, "none"),
        incomplete.len(),
        list(&incomplete, "none"),
        none.len(),
        list(&none, "none"),
    );
    Overview {
        schema: OVERVIEW_SCHEMA,
        kind: "overview",
        agreement_year: year.number(),
        date: day.today.to_string(),
        deadline: day.reminder.deadline.to_string(),
        days_left: day.reminder.days_left,
        regions,
        subject,
        text_sv,
        text_en,
    }
}
