//! The summary page for people, `summary/{year}/index.html`: the national figures, every
//! region's payments and verdicts, the inclusion chart against the year's goal, the lead times
//! (2026), the recorded decisions beside the verdicts they override, and the deviations with
//! their reasons, in Swedish.
//!
//! One self-contained document: inline CSS and inline SVG, no script, no external asset, so it
//! opens the same from disk and from S3 static hosting. Pure: it takes what the summary computed
//! and returns the page; the same input always gives the same bytes (no clock), so an unchanged
//! summary stays unchanged.
//!
//! Every figure has an exact source. Amounts are the payments' öre in the kernel's Swedish
//! format; shares and rates are hundredths of a percent from integer counts, rounded half up;
//! verdicts (`met`) and their Swedish details are the assessments' own, never re-decided from a
//! rounded rate. The counts behind a rate (`6009 av 7412`) are the figures the assessment keeps
//! as numbers ([`StoredCondition::counts`](crate::contract::stored::StoredCondition::counts)); no text is
//! read back.
//!
//! Stable hooks for tests and scripts: `table#regioner` (one `tr[data-region]` per region in
//! `tbody`), `svg#inkludering` (one `rect.stapel[data-region][data-procent]` per region and
//! `line#mal`), `dl#riket`, `table#nationella` (one `tr[data-matt]` per measure, with
//! `td[data-kon]` for women, men and the difference), `table#ledtider` (2026; a cell decided on
//! the agency's data has `data-kalla="agency"`), `table#kon`, `section#skal` (one
//! `ul[data-svf] li[data-skal-region]` per region missing a goal), `section#avvikelser`.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use svf_kernel::decision::Decision;
use svf_kernel::payments::Payments;
use svf_kernel::region::Region;
use svf_kernel::region::Year;
use svf_kernel::rules::Rules;
use svf_kernel::time::Date;

use crate::contract::stored::StoredAssessment;
use crate::present::wording::heading;

mod chart;
pub(in crate::present) mod format;
pub mod lagesbild;
pub(in crate::present) mod picture;
mod sections;
#[cfg(test)]
mod tests;
pub(in crate::present) mod view;

pub use format::{Esc, Rate, kronor, swedish_time, whole};

/// Everything the page shows.
///
/// Invariant: `shares` has the rows and payments of `payments`, in the same order.
#[derive(Clone, Copy, Debug)]
pub struct Summary<'s, 'a> {
    /// The payments as made.
    pub payments: &'s Payments<'a>,
    /// The same payments as if every region had earned every part: each region's share, and
    /// so what is withheld from it.
    pub shares: &'s Payments<'a>,
    /// The year's rules (goals, deadline, conditions).
    pub rules: &'s Rules,
    /// The regions' assessments; a region without one has sent no report.
    pub assessments: &'s BTreeMap<Region, StoredAssessment>,
    /// The recorded decisions, which override the verdicts for payment.
    pub decisions: &'s BTreeMap<Region, Decision>,
    /// What made the page: svf's version and commit, the rules.
    pub provenance: &'s crate::contract::provenance::Provenance,
    /// The national figures: inclusion, lead times, by sex, the previous year, deviations.
    pub national: &'s crate::model::national::National,
    /// The decided payments' records, whose amounts `payments` holds.
    pub records: &'s [crate::contract::record::Record],
    /// Per region and recorded payment, where today's computation differs from the record.
    pub after: &'s crate::model::decided::After,
    /// The year's changes of the payments, newest first.
    pub history: &'s [&'s crate::contract::history::Change],
}

/// The page.
pub fn render(summary: &Summary<'_, '_>) -> String {
    let mut out = String::with_capacity(96 * 1024);
    // Writing into a String cannot fail.
    let _ = write_page(&mut out, summary);
    out
}

// ---------------------------------------------------------------------------------------------
// The page.

/// The page's style sheet, inline. The line break after `<style>` is the page's own, not the
/// file's.
const STYLE: &str = concat!("\n", include_str!("style.css"));

fn write_page(out: &mut String, summary: &Summary<'_, '_>) -> fmt::Result {
    let rules = summary.rules;
    let year = summary.payments.year();
    let lines = view::lines(summary);
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>SVF-medel {year}: utbetalningar och villkor per region</title>\n\
         <style>{STYLE}{}</style>\n</head>\n<body>\n<main>\n{CURRENT}",
        printed_foot(summary)
    )?;
    write_header(out, summary)?;
    sections::write_national(out, summary, &lines)?;
    picture::write_figures(out, summary.national)?;
    sections::write_table(out, summary, &lines)?;
    sections::write_decided(out, summary)?;
    chart::write_chart(out, rules, &lines)?;
    if !rules.lead_time_diagnoses().is_empty() {
        sections::write_lead_times(out, rules, &lines)?;
    }
    picture::write_by_sex(out, summary.national, rules)?;
    picture::write_reasons(out, summary.national, rules)?;
    sections::write_deviations(out, summary, &lines)?;
    sections::write_history(out, summary)?;
    write_footer(out, summary)?;
    writeln!(out, "</main>\n</body>\n</html>")
}

/// The page's hook for being out of date: hidden while the page is current. When a summary
/// cannot be made right (its population table gone, a stored document broken), the page that
/// stands is marked instead of left to contradict the assessments ([`mark_out_of_date`]).
const CURRENT: &str = "<div id=\"inaktuell\" hidden></div>";

/// `page` (one this module wrote) with its hook made a visible notice that its figures are out
/// of date, and why; `None` when the page has no hook (not one of svf's).
pub fn mark_out_of_date(page: &str, why: &str) -> Option<String> {
    let start = page.find("<div id=\"inaktuell\"")?;
    let end = start + page[start..].find("</div>")? + "</div>".len();
    Some(format!(
        "{}<div id=\"inaktuell\" role=\"alert\"><strong>Inaktuell sammanställning.</strong> Den \
         kunde inte räknas om. Siffrorna nedan är de senast räknade och kan motsäga \
         bedömningarna; rätta felet så räknas sammanställningen om. Felet som driftens logg \
         anger det (på engelska): <span lang=\"en\">{}</span>.</div>{}",
        &page[..start],
        Esc(why),
        &page[end..]
    ))
}

pub(in crate::present) fn deadline(rules: &Rules) -> String {
    let (month, day) = (rules.deadline().month(), rules.deadline().day());
    Date::new(rules.year().number(), month, day)
        .map_or_else(|| format!("{month:02}-{day:02}"), |d| d.to_string())
}

fn write_header(out: &mut String, summary: &Summary<'_, '_>) -> fmt::Result {
    let rules = summary.rules;
    let year = rules.year();
    let mut conditions = vec![format!(
        "inklusionsmålet {}",
        Rate::whole(rules.inclusion_goal_percent()).short()
    )];
    if rules.prem() {
        conditions.push("PREM i uppföljningen".to_owned());
    }
    conditions.push(format!("redovisningen inkommen senast {}", deadline(rules)));
    if rules.special_reports() {
        conditions
            .push("särskild redovisning om tjock- och ändtarmscancer och om myelom".to_owned());
    }
    if !rules.lead_time_diagnoses().is_empty() {
        conditions.push("för del B förbättrade ledtider".to_owned());
    }
    let last = conditions.pop().unwrap_or_default();
    writeln!(
        out,
        "<header>\n<p class=\"overrubrik\">Standardiserade vårdförlopp (SVF) · överenskommelsen {year}</p>\n\
         <h1>Stimulansmedel för SVF {year}: utbetalningar och villkor per region</h1>\n\
         <p class=\"ingress\">Regionernas redovisningar bedömda mot villkoren i {year} års \
         överenskommelse, och vad varje region får. Den första utbetalningen går till alla regioner \
         efter befolkning; den villkorade kräver en fullständig redovisning och att villkoren är \
         uppfyllda: {} och {last}.</p>\n<p class=\"utgivning\">Utgiven av {}</p>\n</header>",
        conditions.join(", "),
        Esc(&issued(summary))
    )
}

/// The agency that issues the page.
const ISSUER: &str = "Socialstyrelsen";

/// Who issues the page, the assignment's case number and the day of its latest underlying
/// document (a report's receipt, a decision): the line a public document carries on its first
/// page, and, printed, at the foot of every page. The day is the inputs', not the clock's, so
/// the same inputs make the same page.
fn issued(summary: &Summary<'_, '_>) -> String {
    issued_line(
        summary.rules.year(),
        summary.rules.assignment_case(),
        as_of(summary),
    )
}

/// `Socialstyrelsen · uppdrag S2024/01009 · läget 2024-09-30`: the issuer, the assignment's
/// case number (or that it is missing and where it is set) and the day of the latest document
/// the page rests on.
pub(super) fn issued_line(year: Year, case: Option<&str>, as_of: Option<Date>) -> String {
    let case = case.map_or_else(
        || {
            format!(
                "uppdragets diarienummer saknas (anges som assignment_case i \
                 config/{year}/rules.json)"
            )
        },
        |case| format!("uppdrag {case}"),
    );
    let day = as_of.map_or_else(
        || "inga underlag ännu".to_owned(),
        |day| format!("läget {day}"),
    );
    format!("{ISSUER} · {case} · {day}")
}

/// The page's foot on paper: the year, and who issued it, the case and the day.
fn printed_foot(summary: &Summary<'_, '_>) -> String {
    page_foot(
        &format!("SVF-medel {}", summary.rules.year()),
        &issued(summary),
    )
}

/// A rule for the foot of every printed page: `title · issued` at the bottom left (the page
/// number is the style sheet's, at the right).
pub(super) fn page_foot(title: &str, issued: &str) -> String {
    format!(
        "@page {{ @bottom-left {{ content: \"{} · {}\"; }} }}\n",
        css_string(title),
        css_string(issued)
    )
}

/// The day (Swedish time) of the latest report received or decision taken.
pub(in crate::present) fn as_of(summary: &Summary<'_, '_>) -> Option<Date> {
    let received = summary
        .assessments
        .values()
        .map(|a| a.received.stockholm_date());
    let decided = summary.decisions.values().map(Decision::decided_on);
    received.chain(decided).max()
}

/// Text for a CSS string: quotes, backslashes and line breaks escaped.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' => {
                let _ = write!(out, "\\{:x} ", u32::from(c));
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn write_footer(out: &mut String, summary: &Summary<'_, '_>) -> fmt::Result {
    let year = summary.payments.year();
    writeln!(
        out,
        "<footer>\n<p>Belopp i hela kronor, fördelade efter befolkning med största \
         restmetoden. Andelar och procent är avrundade till två decimaler (uppåt vid exakt \
         hälft); villkoren avgörs exakt i heltal. Datum skrivs år-månad-dag, tider i svensk tid.</p>\n\
         <p>Underlag: bedömningarna i <code>assessments/{year}/</code>, besluten i \
         <code>decisions/{year}/</code> och befolkningen i \
         <code>config/{year}/populations.csv</code>. Samma tabell maskinläsbar: \
         <a href=\"payments.json\">payments.json</a>, de nationella siffrorna: \
         <a href=\"national.json\">national.json</a>, lägesbilden över de särskilda \
         satsningarna: <a href=\"lagesbild.html\">lagesbild.html</a>, och i bilagans form: \
         <a href=\"payments.tsv\">payments.tsv</a>. Varje utbetalnings bilaga: {}.</p>\n\
         <p class=\"proveniens\">Beräknad av {}.</p>\n</footer>",
        summary
            .payments
            .payments()
            .iter()
            .map(|(id, _)| format!("<a href=\"annex-{id}.tsv\">{}</a>", Esc(heading(*id))))
            .collect::<Vec<_>>()
            .join(", "),
        Esc(&summary.provenance.swedish())
    )
}
