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
//! as numbers ([`StoredCondition::counts`](crate::stored::StoredCondition::counts)); no text is
//! read back.
//!
//! Stable hooks for tests and scripts: `table#regioner` (one `tr[data-region]` per region in
//! `tbody`), `svg#inkludering` (one `rect.stapel[data-region][data-procent]` per region and
//! `line#mal`), `dl#riket`, `table#ledtider` (2026), `section#avvikelser`.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use svf_kernel::Ore;
use svf_kernel::decision::Decision;
use svf_kernel::money::Grouped;
use svf_kernel::payments::{Payments, Policy};
use svf_kernel::region::Region;
use svf_kernel::rules::Rules;
use svf_kernel::time::{Date, Instant};
use svf_kernel::vocabulary::{ConditionId, PaymentId, SpecialReport};

use crate::stored::StoredAssessment;
use crate::wording::{self, Language, capitalised, heading};

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
    pub provenance: &'s crate::provenance::Provenance,
}

/// The page.
pub fn render(summary: &Summary<'_, '_>) -> String {
    let mut out = String::with_capacity(96 * 1024);
    // Writing into a String cannot fail.
    let _ = write_page(&mut out, summary);
    out
}

// ---------------------------------------------------------------------------------------------
// Text.

/// Text for HTML, escaped for element content and quoted attribute values alike.
#[derive(Clone, Copy, Debug)]
pub struct Esc<'t>(pub &'t str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..at])?;
            f.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

/// The no-break space that keeps `42 452 908 kr` on one line.
const NBSP: char = '\u{a0}';

/// An amount as people read it, `42 452 908 kr`, kept on one line: the kernel's format with
/// no-break spaces.
pub fn kronor(amount: Ore) -> String {
    amount.to_string().replace(' ', "\u{a0}")
}

/// A whole number grouped by threes with no-break spaces: `2 455 914`.
pub fn whole(value: u64) -> String {
    Grouped(value).to_string().replace(' ', "\u{a0}")
}

/// Hundredths of a percent, from an exact ratio rounded half up by the kernel's one rule
/// ([`svf_kernel::percent`]): `Percent::of(6009, 7412)` is 81,07 %. The page's own type for its
/// formats (a no-break space before the sign, a decimal point for SVG attributes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Percent(pub u64);

impl Percent {
    /// `part / whole`; `None` when `whole` is zero.
    pub fn of(part: u64, whole: u64) -> Option<Percent> {
        svf_kernel::percent::Percent::of(part, whole).map(|rate| Percent(rate.0))
    }

    /// A whole percentage, such as a goal.
    pub fn whole(percent: u8) -> Percent {
        Percent(svf_kernel::percent::Percent::whole(percent).0)
    }

    /// `70 %` when whole, else as [`Display`](fmt::Display): for goals.
    pub fn short(self) -> String {
        if self.0.is_multiple_of(100) {
            format!("{}{NBSP}%", self.0 / 100)
        } else {
            self.to_string()
        }
    }

    /// For machines: `81.07`.
    pub fn decimal(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }

    /// The number only, Swedish: `81,07`.
    pub fn number(self) -> String {
        format!("{},{:02}", self.0 / 100, self.0 % 100)
    }
}

/// `81,07 %`, with a no-break space.
impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{:02}{NBSP}%", self.0 / 100, self.0 % 100)
    }
}

/// A received time in Swedish time, `2024-09-30 14:05`.
pub fn swedish_time(received: Instant) -> String {
    let (date, hour, minute) = received.stockholm_clock();
    format!("{date} {hour:02}:{minute:02}")
}

// ---------------------------------------------------------------------------------------------
// Verdicts and labels.

/// A verdict as people read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Met,
    NotMet,
    Missing,
}

impl Verdict {
    fn of(met: Option<bool>) -> Verdict {
        match met {
            Some(true) => Verdict::Met,
            Some(false) => Verdict::NotMet,
            None => Verdict::Missing,
        }
    }

    /// The CSS class, also the hook for tests.
    fn class(self) -> &'static str {
        match self {
            Verdict::Met => "uppfyllt",
            Verdict::NotMet => "ej-uppfyllt",
            Verdict::Missing => "saknas",
        }
    }

    /// A mark that tells the verdict without colour.
    fn mark(self) -> &'static str {
        match self {
            Verdict::Met => "✓",
            Verdict::NotMet => "✗",
            Verdict::Missing => "–",
        }
    }

    fn word(self) -> &'static str {
        match self {
            Verdict::Met => "uppfyllt",
            Verdict::NotMet => "ej uppfyllt",
            Verdict::Missing => "saknas",
        }
    }

    /// All of several verdicts: not met if any is not, else missing if any is, else met.
    fn all(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
        verdicts
            .into_iter()
            .fold(Verdict::Met, |all, v| match (all, v) {
                (Verdict::NotMet, _) | (_, Verdict::NotMet) => Verdict::NotMet,
                (Verdict::Missing, _) | (_, Verdict::Missing) => Verdict::Missing,
                _ => Verdict::Met,
            })
    }
}

/// What a payment is, under its heading.
fn payment_note(rules: &Rules, id: PaymentId) -> &'static str {
    match rules.payment(id).and_then(|p| p.part) {
        None => "efter befolkning",
        Some(part) if part.lead_times => "villkorad, med ledtidskrav",
        Some(_) => "villkorad",
    }
}

// ---------------------------------------------------------------------------------------------
// The regions as the page sees them.

/// One region with everything shown of it.
struct Line<'s> {
    region: Region,
    name: &'s str,
    population: u32,
    amounts: &'s [Ore],
    eligible: &'s [bool],
    /// Per payment: what the region's share is.
    shares: &'s [Ore],
    /// Per payment: the decision that set its eligibility, if one did.
    decided: &'s [Option<svf_kernel::payments::Decided<'s>>],
    assessment: Option<&'s StoredAssessment>,
    decision: Option<&'s Decision>,
}

impl Line<'_> {
    fn verdict(&self, id: &ConditionId) -> Verdict {
        match self.assessment {
            Some(a) if a.assessed() => Verdict::of(a.condition(id).and_then(|c| c.met)),
            _ => Verdict::Missing,
        }
    }

    /// The rate of a condition from its counts.
    fn rate(&self, id: &ConditionId) -> Option<(Percent, u32, u32)> {
        let a = self.assessment.filter(|a| a.assessed())?;
        let (part, whole) = a.condition(id)?.counts()?;
        Some((Percent::of(part.into(), whole.into())?, part, whole))
    }

    fn lead_times(&self, rules: &Rules) -> Verdict {
        Verdict::all(
            rules
                .lead_time_diagnoses
                .iter()
                .map(|d| self.verdict(&ConditionId::LeadTime(d.clone()))),
        )
    }

    /// What it does not get, per payment: its share of a payment it is not eligible for (under
    /// redistribution the share the others get instead), nothing of one it is.
    fn withheld(&self) -> impl Iterator<Item = Ore> + '_ {
        self.shares
            .iter()
            .zip(self.eligible)
            .map(|(share, eligible)| if *eligible { Ore::ZERO } else { *share })
    }

    /// Its report, as people say it.
    fn report_state(&self) -> (&'static str, &'static str) {
        match self.assessment {
            None => ("saknas", "saknas"),
            Some(a) if !a.assessed() => ("avvisad", "ej-uppfyllt"),
            Some(a) if a.complete => ("fullständig", "uppfyllt"),
            Some(_) => ("ofullständig", "ej-uppfyllt"),
        }
    }

    fn all_earned(&self) -> bool {
        self.eligible.iter().all(|e| *e)
    }
}

fn lines<'s>(summary: &Summary<'s, '_>) -> Vec<Line<'s>> {
    summary
        .payments
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| Line {
            region: row.region,
            name: row.name,
            population: row.population,
            amounts: &row.amounts,
            eligible: &row.eligible,
            shares: summary
                .shares
                .rows
                .get(index)
                .filter(|s| s.region == row.region)
                .map_or(&row.amounts, |s| &s.amounts),
            decided: &row.decided,
            assessment: summary.assessments.get(&row.region),
            decision: summary.decisions.get(&row.region),
        })
        .collect()
}

/// A column of conditions in the table of regions.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Column {
    /// One condition.
    Condition(ConditionId),
    /// Every lead-time requirement as one (the lead-time table has them one by one).
    LeadTimes,
}

impl Column {
    /// Its heading (HTML).
    fn title(&self) -> &'static str {
        match self {
            Column::Condition(ConditionId::Inclusion) => "Inklusions\u{ad}målet",
            Column::Condition(ConditionId::Prem) => "PREM",
            Column::Condition(ConditionId::Deadline) => "I tid",
            Column::Condition(ConditionId::SpecialReport(SpecialReport::Colorectal)) => {
                "Tjock- och ändtarm<small>särskild redovisning</small>"
            }
            Column::Condition(ConditionId::SpecialReport(SpecialReport::Myeloma)) => {
                "Myelom<small>särskild redovisning</small>"
            }
            Column::Condition(ConditionId::LeadTime(_)) | Column::LeadTimes => {
                "Ledtider<small>del B, se nedan</small>"
            }
        }
    }
}

/// The hook of a column: the condition's id, `lead_time` for the lead times as one.
impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Column::Condition(id) => id.fmt(f),
            Column::LeadTimes => f.write_str("lead_time"),
        }
    }
}

/// The conditions shown as columns: the rules' own, the lead times as one.
fn condition_columns(rules: &Rules) -> Vec<Column> {
    let mut columns = vec![Column::Condition(ConditionId::Inclusion)];
    if rules.prem {
        columns.push(Column::Condition(ConditionId::Prem));
    }
    columns.push(Column::Condition(ConditionId::Deadline));
    if rules.special_reports {
        for report in [SpecialReport::Colorectal, SpecialReport::Myeloma] {
            columns.push(Column::Condition(ConditionId::SpecialReport(report)));
        }
    }
    if !rules.lead_time_diagnoses.is_empty() {
        columns.push(Column::LeadTimes);
    }
    columns
}

// ---------------------------------------------------------------------------------------------
// The page.

const STYLE: &str = r#"
:root { --ok: #1a7f37; --fail: #b42318; --missing: #6b7280; --ink: #1c2330; --muted: #5a6372;
  --line: #dde1e6; --soft: #f4f6f8; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.45; font-size: 15px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
main { max-width: 1480px; margin: 0 auto; padding: 28px 24px 48px; }
header { border-bottom: 3px solid var(--ink); padding-bottom: 14px; }
.overrubrik { margin: 0; font-size: 13px; letter-spacing: .06em; text-transform: uppercase; color: var(--muted); }
h1 { margin: 2px 0 6px; font-size: 28px; line-height: 1.2; }
.ingress { margin: 0; max-width: 70em; color: var(--muted); }
h2 { margin: 36px 0 4px; font-size: 20px; }
h2 + p { margin-top: 0; color: var(--muted); max-width: 70em; }
.tal { font-variant-numeric: tabular-nums; white-space: nowrap; }
.nyckeltal { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; margin: 14px 0 0; }
.nyckeltal > div { background: var(--soft); border-radius: 6px; padding: 10px 14px 12px; border-left: 4px solid var(--ink); }
.nyckeltal > div.innehalls { border-left-color: var(--fail); }
.nyckeltal > div.uppfyllt { border-left-color: var(--ok); }
.nyckeltal dt { font-size: 13px; color: var(--muted); }
.nyckeltal dd { margin: 2px 0 0; font-size: 21px; font-weight: 650; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nyckeltal dd small { display: block; font-size: 13px; font-weight: 400; color: var(--muted); white-space: normal; }
.tabell { overflow-x: auto; margin-top: 12px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { font-size: 12.5px; font-weight: 650; color: var(--muted); vertical-align: bottom; border-bottom: 2px solid var(--ink); hyphens: manual; }
thead th small { display: block; font-weight: 400; }
thead th.tal { white-space: normal; }
th.tal, td.tal { text-align: right; }
tbody tr:nth-child(even) { background: #fafbfc; }
tbody th { font-weight: 600; }
tfoot td, tfoot th { font-weight: 650; border-top: 2px solid var(--ink); border-bottom: none; }
tfoot tr + tr td, tfoot tr + tr th { border-top: none; font-weight: 400; color: var(--fail); }
td.villkor { white-space: nowrap; font-size: 13px; }
td.villkor small { display: block; color: inherit; font-size: 12.5px; white-space: nowrap; }
.uppfyllt { color: var(--ok); }
.ej-uppfyllt { color: var(--fail); font-weight: 650; }
.saknas { color: var(--missing); font-style: italic; }
td.noll { color: var(--fail); }
td.noll small { display: block; font-size: 12px; font-weight: 400; white-space: normal; }
td.redovisning { white-space: nowrap; }
td.redovisning small { display: block; font-size: 12px; color: var(--muted); font-style: normal; font-weight: 400; font-variant-numeric: tabular-nums; }
#regioner th, #regioner td { padding-left: 5px; padding-right: 5px; }
#ledtider { width: auto; }
#ledtider th, #ledtider td { padding-left: 14px; padding-right: 14px; }
figure { margin: 12px 0 0; }
figure svg { display: block; width: 100%; max-width: 1160px; height: auto; }
figcaption { color: var(--muted); font-size: 13.5px; max-width: 70em; }
#avvikelser > ul { list-style: none; padding: 0; margin: 12px 0 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 12px; }
#avvikelser > ul > li { border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 6px; padding: 10px 14px; }
#avvikelser h3 { margin: 0 0 4px; font-size: 16px; }
#avvikelser ul ul { margin: 4px 0 0; padding-left: 18px; }
#avvikelser .belopp { margin: 0; font-weight: 650; color: var(--fail); }
#avvikelser .inkom { margin: 0; color: var(--muted); font-size: 13.5px; }
#avvikelser .beslut { margin: 6px 0; padding: 6px 10px; background: var(--soft); border-left: 3px solid var(--ink); }
#avvikelser .beslut p { margin: 0; }
td small.beslut { color: var(--ink); font-style: normal; font-weight: 650; }
code { font-size: 13px; background: var(--soft); padding: 0 3px; border-radius: 3px; }
#inaktuell { margin: 0 0 16px; padding: 12px 16px; border: 3px solid var(--fail); background: #fff4f2; font-size: 16px; }
.inga { padding: 10px 14px; border-left: 4px solid var(--ok); background: var(--soft); }
footer { margin-top: 40px; padding-top: 12px; border-top: 1px solid var(--line); color: var(--muted); font-size: 13px; }
footer p { margin: 4px 0; max-width: 80em; }
a { color: #1f4fa3; }
@media print { main { max-width: none; padding: 0; } #avvikelser > ul { display: block; } #avvikelser > ul > li { break-inside: avoid; margin-bottom: 8px; } }
"#;

fn write_page(out: &mut String, summary: &Summary<'_, '_>) -> fmt::Result {
    let rules = summary.rules;
    let year = summary.payments.year;
    let lines = lines(summary);
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>SVF-medel {year}: utbetalningar och villkor per region</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n<main>\n{CURRENT}"
    )?;
    write_header(out, summary)?;
    write_national(out, summary, &lines)?;
    write_table(out, summary, &lines)?;
    write_chart(out, rules, &lines)?;
    if !rules.lead_time_diagnoses.is_empty() {
        write_lead_times(out, rules, &lines)?;
    }
    write_deviations(out, summary, &lines)?;
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
         kunde inte räknas om: {}. Siffrorna nedan är de senast räknade och kan motsäga \
         bedömningarna; rätta felet så räknas sammanställningen om.</div>{}",
        &page[..start],
        Esc(why),
        &page[end..]
    ))
}

fn deadline(rules: &Rules) -> String {
    let (month, day) = rules.deadline;
    Date::new(rules.year.number(), month, day)
        .map_or_else(|| format!("{month:02}-{day:02}"), |d| d.to_string())
}

fn write_header(out: &mut String, summary: &Summary<'_, '_>) -> fmt::Result {
    let rules = summary.rules;
    let year = rules.year;
    let mut conditions = vec![format!(
        "inklusionsmålet {}",
        Percent::whole(rules.inclusion_goal_percent).short()
    )];
    if rules.prem {
        conditions.push("PREM i uppföljningen".to_owned());
    }
    conditions.push(format!("redovisningen inkommen senast {}", deadline(rules)));
    if rules.special_reports {
        conditions
            .push("särskild redovisning om tjock- och ändtarmscancer och om myelom".to_owned());
    }
    if !rules.lead_time_diagnoses.is_empty() {
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
         uppfyllda: {} och {last}.</p>\n</header>",
        conditions.join(", ")
    )
}

/// The sum of amounts that are each a part of the year's funds, so it cannot overflow.
fn sum(amounts: impl Iterator<Item = Ore>) -> Ore {
    Ore(amounts.map(|o| o.0).sum())
}

/// A key figure: its hook, an optional class, title, value and lines of notes (all HTML).
fn card(
    out: &mut String,
    key: &str,
    class: &str,
    title: &str,
    value: &str,
    notes: &[String],
) -> fmt::Result {
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{class}\"")
    };
    write!(
        out,
        "<div data-nyckeltal=\"{key}\"{class}><dt>{title}</dt><dd>{value}"
    )?;
    for note in notes {
        write!(out, "<small>{note}</small>")?;
    }
    writeln!(out, "</dd></div>")
}

/// Whether a region's line belongs among the deviations: a verdict short of every condition,
/// or a decision that overrides one.
fn deviates(line: &Line<'_>) -> bool {
    line.decision.is_some()
        || !line.all_earned()
        || line.assessment.is_none_or(|a| {
            !a.assessed() || !a.complete || a.conditions.iter().any(|c| c.met != Some(true))
        })
}

fn write_national(out: &mut String, summary: &Summary<'_, '_>, lines: &[Line<'_>]) -> fmt::Result {
    writeln!(
        out,
        "<section id=\"nationellt\">\n<h2>Riket</h2>\n<div id=\"riket\">\n<dl class=\"nyckeltal\">"
    )?;
    write_money(out, summary, lines)?;
    writeln!(out, "</dl>\n<dl class=\"nyckeltal\">")?;
    write_reports(out, summary, lines)?;
    writeln!(out, "</dl>\n</div>\n</section>")
}

/// The money: in all, per payment, paid and withheld.
fn write_money(out: &mut String, summary: &Summary<'_, '_>, lines: &[Line<'_>]) -> fmt::Result {
    let payments = summary.payments;
    let rules = summary.rules;
    let total = sum(payments.payments.iter().map(|(_, t)| *t));
    let paid = sum((0..payments.payments.len()).map(|i| payments.paid(i)));
    let withheld = sum(payments.withheld.iter().copied());
    let regions = lines.len();
    card(out, "totalt", "", "Medel totalt", &kronor(total), &[])?;
    for (index, (id, payment_total)) in payments.payments.iter().enumerate() {
        let conditional = rules.payment(*id).is_some_and(|p| p.part.is_some());
        let notes = if conditional {
            let earned = lines
                .iter()
                .filter(|l| l.eligible.get(index).copied().unwrap_or(false))
                .count();
            vec![
                format!(
                    "{}, {earned} av {regions} regioner",
                    payment_note(rules, *id)
                ),
                format!("utbetalas {}", kronor(payments.paid(index))),
                format!(
                    "innehålls {}",
                    kronor(payments.withheld.get(index).copied().unwrap_or(Ore::ZERO))
                ),
            ]
        } else {
            vec![format!(
                "{}, alla {regions} regioner",
                payment_note(rules, *id)
            )]
        };
        card(
            out,
            id.as_str(),
            "",
            &Esc(heading(*id)).to_string(),
            &kronor(*payment_total),
            &notes,
        )?;
    }
    card(
        out,
        "utbetalas",
        "uppfyllt",
        "Utbetalas",
        &kronor(paid),
        &[],
    )?;
    card(
        out,
        "innehalls",
        if withheld == Ore::ZERO {
            ""
        } else {
            "innehalls"
        },
        match payments.policy {
            Policy::Withhold => "Innehålls",
            Policy::Redistribute => "Innehålls (ingen region att fördela till)",
        },
        &kronor(withheld),
        &[],
    )
}

/// The reports: who met every condition, who reported, who deviates, the deadline.
fn write_reports(out: &mut String, summary: &Summary<'_, '_>, lines: &[Line<'_>]) -> fmt::Result {
    let rules = summary.rules;
    let received = lines.iter().filter(|l| l.assessment.is_some()).count();
    let all_met = lines.iter().filter(|l| l.all_earned()).count();
    let deviating = lines.iter().filter(|l| deviates(l)).count();
    let regions = lines.len();
    card(
        out,
        "alla-villkor",
        if all_met == regions { "uppfyllt" } else { "" },
        "Regioner som uppfyller alla villkor",
        &format!("{all_met} av {regions}"),
        &[],
    )?;
    let missing = regions - received;
    card(
        out,
        "redovisningar",
        if missing == 0 { "" } else { "innehalls" },
        "Redovisningar inkomna",
        &format!("{received} av {regions}"),
        &[if missing == 0 {
            "ingen saknas".to_owned()
        } else {
            format!("{missing} saknas")
        }],
    )?;
    card(
        out,
        "avvikelser",
        if deviating == 0 { "" } else { "innehalls" },
        "Regioner med avvikelser",
        &deviating.to_string(),
        &[if deviating == 0 {
            "alla uppfyller villkoren".to_owned()
        } else {
            "<a href=\"#avvikelser\">skälen nedan</a>".to_owned()
        }],
    )?;
    let latest = summary
        .assessments
        .values()
        .map(|a| a.received)
        .max()
        .map(|latest| format!("senast inkomna {}", swedish_time(latest)));
    card(
        out,
        "sista-dag",
        "",
        "Sista dag för redovisning",
        &deadline(rules),
        latest.as_slice(),
    )
}

fn write_table(out: &mut String, summary: &Summary<'_, '_>, lines: &[Line<'_>]) -> fmt::Result {
    let payments = summary.payments;
    let rules = summary.rules;
    let columns = condition_columns(rules);
    let policy = match payments.policy {
        Policy::Withhold => {
            "En region som inte uppfyller villkoren för en utbetalning får 0 kr av den; dess andel innehålls."
        }
        Policy::Redistribute => {
            "En region som inte uppfyller villkoren för en utbetalning får 0 kr av den; dess andel fördelas på de andra."
        }
    };
    writeln!(
        out,
        "<section id=\"regionerna\">\n<h2>Regionerna</h2>\n<p>Utbetalningarna fördelas efter \
         befolkning. {policy} Villkor: {} uppfyllt, {} ej uppfyllt, {} saknas (uppgift eller \
         redovisning saknas).</p>\n<div class=\"tabell\">\n<table id=\"regioner\">\n<thead>\n<tr>\
         <th scope=\"col\">Kod</th><th scope=\"col\">Region</th>\
         <th scope=\"col\" class=\"tal\">Befolkning</th><th scope=\"col\" class=\"tal\">Andel</th>",
        Verdict::Met.mark(),
        Verdict::NotMet.mark(),
        Verdict::Missing.mark()
    )?;
    for (id, _) in &payments.payments {
        write!(
            out,
            "<th scope=\"col\" class=\"tal\">{}<small>{}</small></th>",
            Esc(heading(*id)),
            payment_note(rules, *id)
        )?;
    }
    write!(
        out,
        "<th scope=\"col\">Redovisning<small>inkom, svensk tid</small></th>"
    )?;
    for column in &columns {
        let title = column.title();
        if *column == Column::Condition(ConditionId::Inclusion) {
            write!(
                out,
                "<th scope=\"col\" class=\"tal\">{title}<small>mål {}</small></th>",
                Percent::whole(rules.inclusion_goal_percent).short()
            )?;
        } else {
            write!(out, "<th scope=\"col\">{title}</th>")?;
        }
    }
    writeln!(out, "</tr>\n</thead>\n<tbody>")?;
    let population: u64 = lines.iter().map(|l| u64::from(l.population)).sum();
    for line in lines {
        write_row(out, summary, &columns, line, population)?;
    }
    write!(
        out,
        "</tbody>\n<tfoot>\n<tr><td></td><th scope=\"row\">Riket</th><td class=\"tal\">{}</td>\
         <td class=\"tal\">100,00{NBSP}%</td>",
        whole(population)
    )?;
    for index in 0..payments.payments.len() {
        write!(
            out,
            "<td class=\"tal\">{}</td>",
            kronor(payments.paid(index))
        )?;
    }
    let span = 1 + columns.len();
    writeln!(out, "<td colspan=\"{span}\"></td></tr>")?;
    if payments.withheld.iter().any(|w| *w != Ore::ZERO) {
        write!(
            out,
            "<tr><td></td><th scope=\"row\">Innehålls</th><td></td><td></td>"
        )?;
        for withheld in &payments.withheld {
            write!(out, "<td class=\"tal\">{}</td>", kronor(*withheld))?;
        }
        writeln!(out, "<td colspan=\"{span}\"></td></tr>")?;
    }
    writeln!(out, "</tfoot>\n</table>\n</div>\n</section>")
}

/// One region's row of the table.
fn write_row(
    out: &mut String,
    summary: &Summary<'_, '_>,
    columns: &[Column],
    line: &Line<'_>,
    population: u64,
) -> fmt::Result {
    let code = line.region.code();
    write!(
        out,
        "<tr data-region=\"{code}\"><td>{code}</td><th scope=\"row\">{}</th>\
         <td class=\"tal\" data-befolkning=\"{}\">{}</td><td class=\"tal\">{}</td>",
        Esc(line.name),
        line.population,
        whole(u64::from(line.population)),
        Percent::of(u64::from(line.population), population).unwrap_or(Percent(0))
    )?;
    let payments = summary.payments.payments.iter();
    let cells = payments
        .zip(line.amounts)
        .zip(line.withheld())
        .zip(line.decided.iter().chain(std::iter::repeat(&None)));
    for ((((id, _), amount), withheld), decided) in cells {
        // A decision shows beside the amount it set, with its case number.
        let decision = decided.map_or_else(String::new, |d| {
            format!(
                "<small class=\"beslut\" data-beslut=\"{}\">beslut: {} ({})</small>",
                if d.eligible { "beviljas" } else { "avslag" },
                if d.eligible {
                    "beviljas"
                } else {
                    "beviljas inte"
                },
                Esc(d.case)
            )
        });
        if withheld == Ore::ZERO {
            write!(
                out,
                "<td class=\"tal\" data-betalning=\"{id}\" data-ore=\"{}\">{}{decision}</td>",
                amount.0,
                kronor(*amount)
            )?;
        } else {
            let note = match summary.payments.policy {
                Policy::Withhold => format!("innehålls {}", kronor(withheld)),
                Policy::Redistribute => "omfördelas".to_owned(),
            };
            write!(
                out,
                "<td class=\"tal noll\" data-betalning=\"{id}\" data-ore=\"{}\">{}\
                 <small>{note}</small>{decision}</td>",
                amount.0,
                kronor(*amount),
            )?;
        }
    }
    let (state, class) = line.report_state();
    match line.assessment {
        Some(a) => write!(
            out,
            "<td class=\"redovisning {class}\">{state}<small>{}</small></td>",
            swedish_time(a.received)
        )?,
        None => write!(out, "<td class=\"redovisning {class}\">{state}</td>")?,
    }
    for column in columns {
        let verdict = match column {
            Column::LeadTimes => line.lead_times(summary.rules),
            Column::Condition(id) => line.verdict(id),
        };
        let (class, rate) = if *column == Column::Condition(ConditionId::Inclusion) {
            // The rate above its verdict, as in the lead-time table.
            let rate = line.rate(&ConditionId::Inclusion).map_or_else(
                String::new,
                |(rate, part, whole)| {
                    format!("<span title=\"{part} av {whole} nya fall i SVF\">{rate}</span>")
                },
            );
            ("tal villkor", rate)
        } else {
            ("villkor", String::new())
        };
        let words = format!("{} {}", verdict.mark(), verdict.word());
        let words = if rate.is_empty() {
            words
        } else {
            format!("{rate}<small>{words}</small>")
        };
        write!(
            out,
            "<td class=\"{class} {}\" data-villkor=\"{column}\">{words}</td>",
            verdict.class()
        )?;
    }
    writeln!(out, "</tr>")
}

// The chart's geometry, in pixels of its view box. The plot is 300 px high, so a rate in
// hundredths of a percent is exactly 3 hundredths of a pixel per hundredth: no rounding.
const CHART_WIDTH: u64 = 1160;
const CHART_HEIGHT: u64 = 500;
const PLOT_LEFT: u64 = 64;
const PLOT_TOP: u64 = 70;
const PLOT_HEIGHT: u64 = 300;
const SLOT: u64 = 48;
const BAR: u64 = 30;

/// A coordinate in hundredths of a pixel, written `123.45`.
struct Px(u64);

impl fmt::Display for Px {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// The height of a rate, in hundredths of a pixel.
fn bar_height(rate: Percent) -> u64 {
    rate.0.min(10_000) * PLOT_HEIGHT / 100
}

fn write_chart(out: &mut String, rules: &Rules, lines: &[Line<'_>]) -> fmt::Result {
    let goal = Percent::whole(rules.inclusion_goal_percent);
    let goal_text = goal.short();
    let bottom = PLOT_TOP + PLOT_HEIGHT;
    let slots = u64::try_from(lines.len()).unwrap_or(0);
    let right = PLOT_LEFT + slots * SLOT;
    writeln!(
        out,
        "<section id=\"diagram\">\n<h2>Inklusion per region</h2>\n<p>Andel nya cancerfall som \
         utretts inom ett SVF under första halvåret, mot målet {goal_text}. Staplarna är \
         {} gröna när målet är uppfyllt och {} röda och randiga när det inte är det; \
         en region utan uppgift visas som saknas.</p>",
        Verdict::Met.mark(),
        Verdict::NotMet.mark()
    )?;
    write_chart_frame(out, &goal_text, right)?;
    for (index, line) in lines.iter().enumerate() {
        write_bar(out, index, line)?;
    }
    let goal_y = Px(bottom * 100 - bar_height(goal));
    writeln!(
        out,
        "<line id=\"mal\" data-procent=\"{}\" x1=\"{}\" y1=\"{goal_y}\" x2=\"{}\" y2=\"{goal_y}\" \
         stroke=\"#1c2330\" stroke-width=\"2\" stroke-dasharray=\"7 4\"/>\
         <text x=\"{}\" y=\"{goal_y}\" dy=\"4\" font-weight=\"650\">mål {goal_text}</text>",
        goal.decimal(),
        PLOT_LEFT - 4,
        right + 4,
        right + 10
    )?;
    writeln!(
        out,
        "</svg>\n<figcaption>Andelen är antalet nya fall i SVF delat med antalet nya fall, \
         avrundad till två decimaler. Om målet är uppfyllt avgörs exakt i heltal, inte av den \
         avrundade andelen.</figcaption>\n</figure>\n</section>"
    )
}

/// The chart's frame: the SVG element, its pattern and style, the legend and the axis.
fn write_chart_frame(out: &mut String, goal_text: &str, right: u64) -> fmt::Result {
    let bottom = PLOT_TOP + PLOT_HEIGHT;
    writeln!(
        out,
        "<figure>\n<svg id=\"inkludering\" xmlns=\"http://www.w3.org/2000/svg\" \
         viewBox=\"0 0 {CHART_WIDTH} {CHART_HEIGHT}\" role=\"img\" \
         aria-labelledby=\"inkludering-titel\" font-family=\"system-ui, 'DejaVu Sans', sans-serif\">\n\
         <title id=\"inkludering-titel\">Inklusion per region mot målet {goal_text}</title>\n\
         <defs><pattern id=\"ej-uppfyllt-rand\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"7\" height=\"7\" fill=\"#b42318\"/>\
         <rect width=\"3\" height=\"7\" fill=\"#ffffff\" fill-opacity=\"0.5\"/></pattern></defs>\n\
         <style>text {{ fill: #1c2330; font-size: 12px; }} .axel {{ fill: #5a6372; }} \
         .varde {{ font-size: 11px; font-variant-numeric: tabular-nums; paint-order: stroke; \
         stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }} \
         .markering {{ font-size: 14px; font-weight: 700; }} \
         .markering.uppfyllt {{ fill: #1a7f37; }} .markering.ej-uppfyllt {{ fill: #b42318; }} \
         .saknas-text {{ fill: #6b7280; font-style: italic; }}</style>"
    )?;
    // The legend.
    writeln!(
        out,
        "<g class=\"forklaring\" transform=\"translate({PLOT_LEFT} 14)\">\
         <rect x=\"0\" y=\"0\" width=\"16\" height=\"16\" fill=\"#1a7f37\"/>\
         <text x=\"22\" y=\"13\">{} uppfyllt</text>\
         <rect x=\"130\" y=\"0\" width=\"16\" height=\"16\" fill=\"url(#ej-uppfyllt-rand)\"/>\
         <text x=\"152\" y=\"13\">{} ej uppfyllt</text>\
         <rect x=\"280\" y=\"0\" width=\"16\" height=\"16\" fill=\"#f3f4f6\" stroke=\"#9aa1ab\" stroke-dasharray=\"4 3\"/>\
         <text x=\"302\" y=\"13\">saknas</text>\
         <line x1=\"380\" y1=\"8\" x2=\"412\" y2=\"8\" stroke=\"#1c2330\" stroke-width=\"2\" stroke-dasharray=\"7 4\"/>\
         <text x=\"418\" y=\"13\">målet {goal_text}</text></g>",
        Verdict::Met.mark(),
        Verdict::NotMet.mark()
    )?;
    // The axis: a line every 20 %.
    for step in 0..=5u64 {
        let rate = Percent(step * 2000);
        let y = bottom * 100 - bar_height(rate);
        writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{right}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>\
             <text class=\"axel\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}{NBSP}%</text>",
            PLOT_LEFT - 4,
            Px(y),
            Px(y),
            if step == 0 { "#1c2330" } else { "#e3e6ea" },
            PLOT_LEFT - 8,
            Px(y + 400),
            step * 20
        )?;
    }
    Ok(())
}

/// One region's bar (or its place, marked missing) and its name under the axis.
fn write_bar(out: &mut String, index: usize, line: &Line<'_>) -> fmt::Result {
    let bottom = PLOT_TOP + PLOT_HEIGHT;
    let slot = PLOT_LEFT + u64::try_from(index).unwrap_or(0) * SLOT;
    let centre = slot + SLOT / 2;
    let x = slot + (SLOT - BAR) / 2;
    let code = line.region.code();
    let name = Esc(line.name);
    if let Some((rate, part, whole)) = line.rate(&ConditionId::Inclusion) {
        let verdict = line.verdict(&ConditionId::Inclusion);
        let (fill, class) = match verdict {
            Verdict::Met => ("#1a7f37", "uppfyllt"),
            Verdict::NotMet => ("url(#ej-uppfyllt-rand)", "ej-uppfyllt"),
            Verdict::Missing => ("#9aa1ab", "saknas"),
        };
        let height = bar_height(rate);
        let top = bottom * 100 - height;
        writeln!(
            out,
            "<rect class=\"stapel {class}\" data-region=\"{code}\" data-procent=\"{}\" \
                     x=\"{x}\" y=\"{}\" width=\"{BAR}\" height=\"{}\" fill=\"{fill}\">\
                     <title>{name}: {rate} ({part} av {whole} nya fall i SVF), {}</title></rect>\
                     <text class=\"varde\" x=\"{centre}\" y=\"{}\" text-anchor=\"middle\">{}</text>\
                     <text class=\"markering {class}\" x=\"{centre}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            rate.decimal(),
            Px(top),
            Px(height),
            verdict.word(),
            Px(top.saturating_sub(500)),
            rate.number(),
            Px(top.saturating_sub(1900)),
            verdict.mark()
        )?;
    } else {
        let why = if line.assessment.is_some_and(StoredAssessment::assessed) {
            "uppgift saknas"
        } else {
            "redovisning saknas"
        };
        writeln!(
            out,
            "<rect class=\"stapel saknas\" data-region=\"{code}\" data-procent=\"\" \
                     x=\"{x}\" y=\"{PLOT_TOP}\" width=\"{BAR}\" height=\"{PLOT_HEIGHT}\" fill=\"#f3f4f6\" \
                     stroke=\"#9aa1ab\" stroke-dasharray=\"4 3\"><title>{name}: {why}</title></rect>\
                     <text class=\"saknas-text\" text-anchor=\"middle\" \
                     transform=\"translate({} {}) rotate(-90)\">{why}</text>",
            centre + 4,
            PLOT_TOP + PLOT_HEIGHT / 2
        )?;
    }
    writeln!(
        out,
        "<text x=\"{centre}\" y=\"{}\" text-anchor=\"end\" transform=\"rotate(-45 {centre} {})\">{name}</text>",
        bottom + 16,
        bottom + 16
    )
}

fn write_lead_times(out: &mut String, rules: &Rules, lines: &[Line<'_>]) -> fmt::Result {
    writeln!(
        out,
        "<section id=\"ledtiderna\">\n<h2>Ledtider</h2>\n<p>Andel patienter som fått behandling \
         inom vårdförloppets maximala ledtid. Kravet för del B: bättre än regionens utgångsläge \
         eller minst {}.</p>\n<div class=\"tabell\">\n<table id=\"ledtider\">\n<thead>\n<tr>\
         <th scope=\"col\">Kod</th><th scope=\"col\">Region</th>",
        Percent::whole(rules.lead_time_goal_percent).short()
    )?;
    for d in &rules.lead_time_diagnoses {
        write!(
            out,
            "<th scope=\"col\" class=\"tal\">{}</th>",
            Esc(&capitalised(wording::diagnosis(d, Language::Swedish)))
        )?;
    }
    writeln!(
        out,
        "<th scope=\"col\">Alla fyra</th></tr>\n</thead>\n<tbody>"
    )?;
    for line in lines {
        let code = line.region.code();
        write!(
            out,
            "<tr data-region=\"{code}\"><td>{code}</td><th scope=\"row\">{}</th>",
            Esc(line.name)
        )?;
        for d in &rules.lead_time_diagnoses {
            let id = ConditionId::LeadTime(d.clone());
            let verdict = line.verdict(&id);
            let detail = line
                .assessment
                .and_then(|a| a.condition(&id))
                .and_then(|c| c.detail.as_deref())
                .unwrap_or("redovisning saknas");
            let rate = line
                .rate(&id)
                .map_or_else(String::new, |(rate, _, _)| rate.to_string());
            write!(
                out,
                "<td class=\"tal villkor {}\" data-villkor=\"{}\" title=\"{}\">{rate}\
                 <small>{} {}</small></td>",
                verdict.class(),
                id,
                Esc(detail),
                verdict.mark(),
                verdict.word()
            )?;
        }
        let all = line.lead_times(rules);
        writeln!(
            out,
            "<td class=\"villkor {}\">{} {}</td></tr>",
            all.class(),
            all.mark(),
            all.word()
        )?;
    }
    write!(
        out,
        "</tbody>\n<tfoot>\n<tr><td></td><th scope=\"row\">Uppfyllt</th>"
    )?;
    let regions = lines.len();
    for d in &rules.lead_time_diagnoses {
        let id = ConditionId::LeadTime(d.clone());
        let met = lines
            .iter()
            .filter(|l| l.verdict(&id) == Verdict::Met)
            .count();
        write!(out, "<td class=\"tal\">{met} av {regions}</td>")?;
    }
    let met = lines
        .iter()
        .filter(|l| l.lead_times(rules) == Verdict::Met)
        .count();
    writeln!(
        out,
        "<td>{met} av {regions}</td></tr>\n</tfoot>\n</table>\n</div>\n</section>"
    )
}

fn write_deviations(
    out: &mut String,
    summary: &Summary<'_, '_>,
    lines: &[Line<'_>],
) -> fmt::Result {
    let payments = summary.payments;
    writeln!(
        out,
        "<section id=\"avvikelser\">\n<h2>Avvikelser</h2>\n<p>Regioner vars redovisning saknas, \
         avvisades, är ofullständig eller inte uppfyller ett villkor, med skälen ur bedömningen, och regioner där ett beslut avgör utbetalningen.</p>"
    )?;
    let deviating: Vec<&Line<'_>> = lines.iter().filter(|l| deviates(l)).collect();
    if deviating.is_empty() {
        return writeln!(
            out,
            "<p class=\"inga\">Inga avvikelser: alla {} regioner har lämnat fullständiga \
             redovisningar i tid och uppfyller villkoren.</p>\n</section>",
            lines.len()
        );
    }
    writeln!(out, "<ul>")?;
    for line in deviating {
        write!(
            out,
            "<li data-region=\"{}\"><h3>{} {}</h3>",
            line.region.code(),
            line.region.code(),
            Esc(line.name)
        )?;
        write_not_paid(out, payments, line)?;
        let Some(assessment) = line.assessment else {
            writeln!(
                out,
                "<ul><li>Ingen redovisning har kommit in.</li></ul></li>"
            )?;
            continue;
        };
        write!(
            out,
            "<p class=\"inkom\">Inkom {} (svensk tid)</p><ul>",
            swedish_time(assessment.received)
        )?;
        if !assessment.assessed() {
            write!(out, "<li>Redovisningen avvisades")?;
            for (index, error) in assessment.errors.iter().enumerate() {
                let lead = if index == 0 { ": " } else { "; " };
                if error.path.is_empty() {
                    write!(out, "{lead}{}", Esc(&error.message))?;
                } else {
                    write!(
                        out,
                        "{lead}<code>{}</code> {}",
                        Esc(&error.path),
                        Esc(&error.message)
                    )?;
                }
            }
            write!(out, ".</li>")?;
        } else if !assessment.complete {
            write!(out, "<li>Redovisningen är ofullständig; saknas: ")?;
            for (index, path) in assessment.missing.iter().enumerate() {
                let separator = if index == 0 { "" } else { ", " };
                write!(out, "{separator}<code>{}</code>", Esc(&path.to_string()))?;
            }
            write!(out, ".</li>")?;
        }
        for condition in &assessment.conditions {
            let verdict = Verdict::of(condition.met);
            if verdict == Verdict::Met {
                continue;
            }
            let word = match verdict {
                Verdict::NotMet => "ej uppfyllt",
                _ => "kan inte bedömas, uppgift saknas",
            };
            write!(
                out,
                "<li><strong>{}:</strong> <span class=\"{}\">{} {word}</span>",
                Esc(&wording::stored_label(&condition.id, Language::Swedish)),
                verdict.class(),
                verdict.mark()
            )?;
            if let Some(detail) = &condition.detail {
                write!(out, " – {}", Esc(detail))?;
            }
            write!(out, "</li>")?;
        }
        writeln!(out, "</ul></li>")?;
    }
    writeln!(out, "</ul>\n</section>")
}

/// What a deviating region is not paid, and the decision that set what it is paid, if any.
fn write_not_paid(out: &mut String, payments: &Payments<'_>, line: &Line<'_>) -> fmt::Result {
    let withheld: Vec<String> = payments
        .payments
        .iter()
        .zip(line.withheld())
        .filter(|(_, w)| *w != Ore::ZERO)
        .map(|((id, _), w)| format!("{} ({})", kronor(w), Esc(heading(*id))))
        .collect();
    if !withheld.is_empty() {
        let lead = match payments.policy {
            Policy::Withhold => "Innehålls",
            Policy::Redistribute => "Fördelas på de berättigade regionerna i stället",
        };
        write!(
            out,
            "<p class=\"belopp\">{lead}: {}</p>",
            withheld.join(", ")
        )?;
    }
    if let Some(decision) = line.decision {
        write_decision(out, decision)?;
    }
    Ok(())
}

/// A recorded decision as the deviations show it: who decided, when, the case, and per part
/// the outcome and its reason; the verdict it overrides stands beside it in the same card.
fn write_decision(out: &mut String, decision: &Decision) -> fmt::Result {
    write!(
        out,
        "<div class=\"beslut\" data-beslut-region=\"{}\"><p><strong>Beslut</strong> av {} \
         {}, diarienummer {}; det gäller för utbetalningen framför bedömningen nedan.</p><ul>",
        decision.region.code(),
        Esc(&decision.decided_by),
        decision.decided_on,
        Esc(&decision.case)
    )?;
    for part in &decision.parts {
        write!(
            out,
            "<li data-beslut=\"{}\"><strong>{}:</strong> {}. Skäl: {}</li>",
            if part.eligible { "beviljas" } else { "avslag" },
            Esc(heading(part.id)),
            if part.eligible {
                "beviljas"
            } else {
                "beviljas inte"
            },
            Esc(&part.reason)
        )?;
    }
    write!(out, "</ul></div>")
}

fn write_footer(out: &mut String, summary: &Summary<'_, '_>) -> fmt::Result {
    let year = summary.payments.year;
    writeln!(
        out,
        "<footer>\n<p>Belopp i hela kronor, fördelade efter befolkning med största \
         restmetoden. Andelar och procent är avrundade till två decimaler (uppåt vid exakt \
         hälft); villkoren avgörs exakt i heltal. Datum skrivs år-månad-dag, tider i svensk tid.</p>\n\
         <p>Underlag: bedömningarna i <code>assessments/{year}/</code>, besluten i \
         <code>decisions/{year}/</code> och befolkningen i \
         <code>config/{year}/populations.csv</code>. Samma tabell maskinläsbar: \
         <a href=\"payments.json\">payments.json</a>, och i bilagans form: \
         <a href=\"payments.tsv\">payments.tsv</a>. Varje utbetalnings bilaga: {}.</p>\n\
         <p class=\"proveniens\">Beräknad av {}.</p>\n</footer>",
        summary
            .payments
            .payments
            .iter()
            .map(|(id, _)| format!("<a href=\"annex-{id}.tsv\">{}</a>", Esc(heading(*id))))
            .collect::<Vec<_>>()
            .join(", "),
        Esc(&summary.provenance.swedish())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use svf_kernel::Table;
    use svf_kernel::assessment::{Assessment, Receipt};
    use svf_kernel::payments::Basis;
    use svf_kernel::region::Year;
    use svf_kernel::report::Report;

    const POPULATIONS: &str = include_str!("../../tests/data/populations-2024-11.csv");

    /// The stored view of a kernel assessment of `report` received at `received`.
    fn view(report: &[u8], received: &str) -> (Region, StoredAssessment) {
        let report = Report::parse(report).unwrap();
        let rules = Rules::of(report.year);
        let received = Instant::parse_rfc3339(received).unwrap();
        let assessment = Assessment::of(&report, &rules, Receipt::new(received));
        let json = serde_json::to_vec(&assessment).unwrap();
        (report.region, StoredAssessment::parse(&json).unwrap())
    }

    fn report_2024(code: &str, in_svf: u32, urology: bool) -> Vec<u8> {
        let urology = if urology { ", \"urology\": \"x\"" } else { "" };
        format!(
            "{{\"schema\": \"svf-report/1\", \"agreement_year\": 2024, \"region_code\": \"{code}\",
              \"inclusion\": {{\"new_cases\": 1000, \"in_svf\": {in_svf}}}, \"prem\": {{\"used\": true}},
              \"narrative\": {{\"lead_times\": \"x\", \"prem_use\": \"x\", \"longest_waits\": \"x\"{urology}}}}}"
        )
        .into_bytes()
    }

    fn page(year: Year, assessments: &BTreeMap<Region, StoredAssessment>) -> String {
        let table = Table::parse(POPULATIONS).unwrap();
        let rules = Rules::of(year);
        let earned = |region: Region, _: PaymentId| {
            Basis::Assessment(assessments.get(&region).is_some_and(|a| {
                a.assessed() && a.complete && a.conditions.iter().all(|c| c.met == Some(true))
            }))
        };
        let payments = Payments::compute(&rules, &table, Policy::Withhold, earned).unwrap();
        let shares = Payments::compute(&rules, &table, Policy::Withhold, |_, _| {
            Basis::Assessment(true)
        })
        .unwrap();
        render(&Summary {
            payments: &payments,
            shares: &shares,
            rules: &rules,
            assessments,
            decisions: &BTreeMap::new(),
            provenance: &crate::provenance::Provenance::of(
                crate::provenance::RulesSource::BUILT_IN,
            ),
        })
    }

    fn count(haystack: &str, needle: &str) -> usize {
        haystack.matches(needle).count()
    }

    #[test]
    fn escapes_everything_that_could_be_markup() {
        assert_eq!(
            Esc(r#"<script>alert("x") & 'y'</script>"#).to_string(),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
        assert_eq!(Esc("Västra Götaland").to_string(), "Västra Götaland");
        assert_eq!(Esc("").to_string(), "");
    }

    #[test]
    fn swedish_formats() {
        assert_eq!(kronor(Ore(4_245_290_800)), "42\u{a0}452\u{a0}908\u{a0}kr");
        assert_eq!(whole(2_455_914), "2\u{a0}455\u{a0}914");
        assert_eq!(
            Percent::of(2_455_914, 10_557_682).unwrap().to_string(),
            "23,26\u{a0}%"
        );
        assert_eq!(Percent::of(6009, 7412).unwrap().decimal(), "81.07");
        // Half up at exactly half a hundredth, as the annex's shares.
        assert_eq!(Percent::of(1, 32).unwrap().number(), "3,13");
        assert_eq!(Percent::of(561, 800).unwrap().number(), "70,13");
        assert_eq!(Percent::of(0, 5), Some(Percent(0)));
        assert_eq!(Percent::of(5, 5), Some(Percent(10_000)));
        assert_eq!(Percent::of(1, 0), None);
        assert_eq!(Percent::whole(70).to_string(), "70,00\u{a0}%");
        assert_eq!(Percent::whole(70).short(), "70\u{a0}%");
        assert_eq!(Percent(7050).short(), "70,50\u{a0}%");
        let at = |text| Instant::parse_rfc3339(text).unwrap();
        assert_eq!(
            swedish_time(at("2024-09-30T21:59:59Z")),
            "2024-09-30 23:59",
            "summer time"
        );
        assert_eq!(swedish_time(at("2024-12-02T08:00:00Z")), "2024-12-02 09:00");
        // The shares agree with the annex layout's.
        for (part, whole) in [(2_455_914u32, 10_557_682u64), (61_093, 10_557_682), (1, 8)] {
            let annex = crate::render::Share {
                weight: part,
                weight_sum: whole,
            }
            .to_string();
            assert_eq!(
                Percent::of(u64::from(part), whole).unwrap().to_string(),
                annex.replace('%', "\u{a0}%")
            );
        }
    }

    #[test]
    fn rates_are_the_kernels_counts_not_its_words() {
        let (_, stockholm) = view(
            include_bytes!("../../spec/examples/2024-01-stockholm.json"),
            "2024-09-27T08:00:00Z",
        );
        let inclusion = stockholm.condition(&ConditionId::Inclusion).unwrap();
        assert_eq!(inclusion.counts(), Some((6009, 7412)));
        let (_, vgr) = view(
            include_bytes!("../../spec/examples/2026-14-vastra-gotaland.json"),
            "2026-09-27T08:00:00Z",
        );
        let breast =
            ConditionId::LeadTime(svf_kernel::vocabulary::DiagnosisId::new("breast").unwrap());
        assert_eq!(vgr.condition(&breast).unwrap().counts(), Some((250, 520)));
        // A detail in other words changes no rate.
        let mut reworded = vgr.clone();
        for c in &mut reworded.conditions {
            c.detail = Some("omformulerad".to_owned());
        }
        let mut original = BTreeMap::new();
        original.insert(Region::from_code("14").unwrap(), vgr);
        let mut changed = BTreeMap::new();
        changed.insert(Region::from_code("14").unwrap(), reworded);
        let rates = |html: &str| -> Vec<String> {
            html.match_indices("data-procent=\"")
                .map(|(at, _)| html[at..at + 24].to_owned())
                .collect()
        };
        assert_eq!(
            rates(&page(Year::Y2026, &original)),
            rates(&page(Year::Y2026, &changed))
        );
    }

    #[test]
    fn twenty_one_rows_and_bars_with_missing_regions_shown_as_missing() {
        let mut assessments = BTreeMap::new();
        for region in Region::ALL.into_iter().skip(2) {
            let in_svf = if region.code() == "25" { 650 } else { 800 };
            let (r, v) = view(
                &report_2024(region.code(), in_svf, region.code() != "13"),
                "2024-09-20T08:00:00Z",
            );
            assessments.insert(r, v);
        }
        let html = page(Year::Y2024, &assessments);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(!html.contains("<script"), "no script");
        for asset in [" src=", "<link", "url(http", "@import"] {
            assert!(!html.contains(asset), "no external asset: {asset}");
        }
        assert_eq!(count(&html, "<tr data-region="), 21);
        assert_eq!(count(&html, "<rect class=\"stapel"), 21);
        assert_eq!(count(&html, "id=\"mal\""), 1);
        assert_eq!(count(&html, "class=\"stapel saknas\""), 2);
        assert!(
            html.contains("class=\"stapel ej-uppfyllt\" data-region=\"25\" data-procent=\"65.00\"")
        );
        assert!(html.contains("class=\"stapel saknas\" data-region=\"01\" data-procent=\"\""));
        assert!(html.contains("data-region=\"14\" data-procent=\"80.00\""));
        // The goal line at 70 % of a 300 px plot.
        assert!(html.contains("<line id=\"mal\" data-procent=\"70.00\""));
        // Stockholm and Uppsala sent nothing; Halland left out urology; Norrbotten is below.
        for (code, reason) in [
            ("01", "Ingen redovisning har kommit in."),
            ("03", "Ingen redovisning har kommit in."),
            ("13", "<code>narrative.urology</code>"),
            (
                "25",
                "650 av 1000 nya fall i SVF; 50 fler patienter i SVF behövs",
            ),
        ] {
            let start = html
                .find(&format!("<li data-region=\"{code}\">"))
                .unwrap_or_else(|| panic!("{code} is a deviation"));
            let end = start + html[start..].find("</ul></li>").unwrap();
            assert!(
                html[start..end].contains(reason),
                "{code}: {}",
                &html[start..end]
            );
            assert!(html[start..end].contains("Innehålls: "), "{code}");
        }
        assert_eq!(count(&html, "<li data-region="), 4);
        // The withheld amount is the region's share of the second payment.
        assert!(html.contains("Innehålls: 42\u{a0}452\u{a0}908\u{a0}kr (Utbetalning 2)"));
        assert!(html.contains("data-nyckeltal=\"alla-villkor\""));
        assert!(html.contains("<dd>17 av 21</dd>"), "all conditions met");
        assert!(html.contains("<dd>19 av 21<small>2 saknas</small></dd>"));
        // Pure: the same input, the same page.
        assert_eq!(html, page(Year::Y2024, &assessments));
    }

    #[test]
    fn names_from_outside_are_escaped() {
        let populations = POPULATIONS.replace("Stockholm", "Stock<b>holm</b> & \"co\"");
        let table = Table::parse(&populations).unwrap();
        let rules = Rules::of(Year::Y2024);
        let payments = Payments::compute(&rules, &table, Policy::Withhold, |_, _| {
            Basis::Assessment(false)
        })
        .unwrap();
        let mut assessments = BTreeMap::new();
        let rejected = br#"{"schema": "svf-assessment/1", "status": "rejected",
            "received": "2024-09-20T08:00:00Z", "missing": ["narrative.<i>"],
            "errors": [{"path": "x<y", "message": "unknown field `<img src=x>`"}]}"#;
        assessments.insert(
            Region::from_code("03").unwrap(),
            StoredAssessment::parse(rejected).unwrap(),
        );
        let html = render(&Summary {
            payments: &payments,
            shares: &payments,
            rules: &rules,
            assessments: &assessments,
            decisions: &BTreeMap::new(),
            provenance: &crate::provenance::Provenance::of(
                crate::provenance::RulesSource::BUILT_IN,
            ),
        });
        assert!(html.contains("Stock&lt;b&gt;holm&lt;/b&gt; &amp; &quot;co&quot;"));
        assert!(!html.contains("<b>holm"));
        assert!(html.contains("<code>x&lt;y</code> unknown field `&lt;img src=x&gt;`"));
        assert!(!html.contains("<img"));
        assert!(html.contains("Inkom 2024-09-20 10:00 (svensk tid)"));
    }

    #[test]
    fn the_2026_page_shows_the_lead_times() {
        let mut assessments = BTreeMap::new();
        let (region, vgr) = view(
            include_bytes!("../../spec/examples/2026-14-vastra-gotaland.json"),
            "2026-09-27T08:00:00Z",
        );
        assessments.insert(region, vgr);
        let html = page(Year::Y2026, &assessments);
        assert!(html.contains("<table id=\"ledtider\">"));
        assert_eq!(count(&html, "data-villkor=\"lead_time.breast\""), 21);
        assert!(html.contains("Utbetalning 2 del B"));
        // Rectum: 44 of 96, not better than 45 of 90.
        assert!(html.contains("<li><strong>Ledtider, ändtarmscancer:</strong>"));
        assert!(html.contains("45,83\u{a0}%<small>✗ ej uppfyllt</small>"));
    }
}
