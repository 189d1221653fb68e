//! The agency's report to the ministry, `summary/{year}/rapport.docx`: a Word document in
//! Swedish that the agency opens, edits and sends. Its chapters follow the year's assignment
//! ([`assignment`]): the summary, the reports received, the conditions per region, the
//! deviations in the regions' own words, the national results (by sex from 2026), the reasons
//! lead-time goals are missed (2026), the lägesbild, the decisions recorded, and each payment's
//! annex as an appendix.
//!
//! Nothing is decided here. Every figure is one the summary computed and its JSON holds
//! (`payments.json`, `national.json`, `lagesbild.json`), formatted in Swedish; where a figure is
//! missing the document says so in words, never with a blank or a zero. Pure, like the page:
//! the same summary makes the same bytes.

use std::io;

use svf_kernel::Ore;
use svf_kernel::payments::Policy;
use svf_kernel::vocabulary::ConditionId;

use crate::contract::stored::StoredAssessment;
use crate::model::lagesbild::Lagesbild;
use crate::present::page::Summary;
use crate::present::page::view::{self, Line};
use crate::present::wording::{Language, heading};

pub mod assignment;
mod document;
mod lagesbild;
mod results;

use assignment::Assignment;
use document::{Align, Document, Grid};

/// Where a figure is missing, in words.
pub const MISSING: &str = "uppgift saknas";

/// Everything the report shows.
#[derive(Clone, Copy, Debug)]
pub struct Report<'r, 's, 'a> {
    /// What the summary page shows: payments, verdicts, national figures, decisions.
    pub summary: &'r Summary<'s, 'a>,
    /// The lägesbild of the special investments.
    pub lagesbild: &'r Lagesbild,
    /// The population column's header in the annexes, as the table names it.
    pub weight_header: &'r str,
}

/// The report as a `.docx` file.
///
/// # Errors
/// Only if the document cannot be packed.
pub fn docx(report: &Report<'_, '_, '_>) -> io::Result<Vec<u8>> {
    let rules = report.summary.rules;
    let assignment = Assignment::of(rules.year());
    let footer = format!(
        "Socialstyrelsen · {} {}",
        assignment.kind.to_lowercase(),
        rules.assignment_case().unwrap_or("diarienummer saknas")
    );
    document::pack(&footer, |d| {
        let lines = view::lines(report.summary);
        front_page(d, report, &assignment);
        summary(d, report, &lines);
        received(d, report, &lines);
        conditions(d, report, &lines);
        results::deviations(d, report, &lines);
        results::national(d, report, &assignment);
        if assignment.lead_time_reasons {
            results::reasons(d, report);
        }
        if assignment.lagesbild.is_some() {
            lagesbild::chapter(d, report.lagesbild, &assignment);
        }
        decisions(d, report);
        annexes(d, report);
    })
}

/// An amount in kronor for a column headed `(kr)`: `58 154 669`, öre only where there are.
fn kr(amount: Ore) -> String {
    amount.as_number(false).to_string().replace(' ', "\u{a0}")
}

/// A figure the summary's JSON holds as Swedish text (`84,30 %`, `+0,01`), its spaces
/// no-break so that it never breaks across lines; or that it is missing.
fn figure_text(text: Option<&str>) -> String {
    text.map_or_else(|| MISSING.to_owned(), |t| t.replace(' ', "\u{a0}"))
}

/// `15 november 2024`.
pub(in crate::present) fn swedish_day(year: u16, month: u8, day: u8) -> String {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let month = MONTHS
        .get(usize::from(month).wrapping_sub(1))
        .copied()
        .unwrap_or("?");
    format!("{day} {month} {year}")
}

fn front_page(d: &mut Document, report: &Report<'_, '_, '_>, a: &Assignment) {
    let rules = report.summary.rules;
    let year = rules.year().number();
    d.styled("FrontMatter", "Socialstyrelsen");
    d.styled("Title", &format!("{} {year}", a.title));
    d.styled(
        "Subtitle",
        &format!("{} till Regeringskansliet (Socialdepartementet)", a.kind),
    );
    d.styled(
        "FrontMatter",
        &format!(
            "Uppdragets diarienummer: {}",
            rules.assignment_case().unwrap_or(MISSING)
        ),
    );
    d.styled(
        "FrontMatter",
        &format!(
            "Överenskommelsen {year}: {}",
            a.agreement_case.unwrap_or(MISSING)
        ),
    );
    d.styled(
        "FrontMatter",
        &format!("Ska lämnas senast {}", swedish_day(year, a.due.0, a.due.1)),
    );
    let as_of = crate::present::page::as_of(report.summary)
        .map_or_else(|| MISSING.to_owned(), |day| day.to_string());
    d.styled("FrontMatter", &format!("Underlaget per {as_of}"));
    d.styled(
        "FrontMatter",
        "Utkast framtaget av svf ur sammanställningen: varje siffra är sammanställningens; \
         texten redigeras av myndigheten före beslut.",
    );
    d.contents();
    d.chapter("Uppdraget");
    d.text(&format!(
        "Regeringen har gett Socialstyrelsen i uppdrag att följa upp regionernas arbete med \
         standardiserade vårdförlopp (SVF) enligt överenskommelsen {year} mellan staten och \
         Sveriges Kommuner och Regioner. Socialstyrelsen ska inom ramen för uppdraget:"
    ));
    for task in a.tasks {
        d.point(task);
    }
    if a.by_sex {
        d.text(
            "Uppföljningen ska där så är relevant belysa skillnader utifrån kön, och ha ett \
             särskilt fokus på de för överenskommelsen relevanta ledtider inom SVF som inte \
             uppfylls.",
        );
    }
    if let Some((y, m, day)) = a.final_due {
        d.text(&format!(
            "Denna {} lämnas senast {}; slutredovisningen senast {}.",
            a.kind.to_lowercase(),
            swedish_day(year, a.due.0, a.due.1),
            swedish_day(y, m, day)
        ));
    }
}

fn summary(d: &mut Document, report: &Report<'_, '_, '_>, lines: &[Line<'_>]) {
    let s = report.summary;
    let rules = s.rules;
    d.chapter("Sammanfattning");
    let assessed = lines
        .iter()
        .filter(|l| l.assessment.is_some_and(StoredAssessment::assessed))
        .count();
    let complete = lines
        .iter()
        .filter(|l| l.assessment.is_some_and(|a| a.assessed() && a.complete))
        .count();
    d.text(&format!(
        "{assessed} av {} regioner har lämnat en redovisning som har kunnat bedömas; {complete} \
         av dem är fullständiga.",
        lines.len()
    ));
    for (index, (id, _)) in s.payments.payments().iter().enumerate() {
        if rules.payment(*id).and_then(|p| p.part).is_none() {
            continue;
        }
        let (paid, not): (Vec<&Line<'_>>, Vec<&Line<'_>>) =
            lines.iter().partition(|l| l.paid(index));
        let not: Vec<&str> = not.iter().map(|l| l.name).collect();
        let rest = if not.is_empty() {
            "Samtliga regioner får medel.".to_owned()
        } else {
            format!("Medel får inte: {}.", not.join(", "))
        };
        d.lead(
            &format!("{}: ", heading(*id)),
            &format!(
                "{} av {} regioner uppfyller villkoren eller har beviljats medel genom beslut. {rest}",
                paid.len(),
                lines.len()
            ),
        );
    }
    let mut grid = Grid::new(
        "Utbetalningarna",
        &[
            ("Utbetalning", Align::Left, 3),
            ("Belopp (kr)", Align::Right, 2),
            ("Regioner som får medel", Align::Right, 2),
            ("Fördelas", Align::Left, 3),
            ("Innehålls (kr)", Align::Right, 2),
        ],
    );
    for (index, (id, total)) in s.payments.payments().iter().enumerate() {
        let withheld = s.payments.withheld().get(index).copied();
        let paid = lines.iter().filter(|l| l.paid(index)).count();
        grid.row(vec![
            heading(*id).to_owned(),
            kr(*total),
            paid.to_string(),
            view::payment_note(rules, *id).to_owned(),
            withheld.map_or_else(|| MISSING.to_owned(), kr),
        ]);
    }
    d.table(&grid);
    d.text(match s.payments.policy() {
        Policy::Redistribute => {
            "En region som inte uppfyller villkoren får inte sin andel av en villkorad \
             utbetalning; andelen fördelas efter befolkning mellan de regioner som uppfyller \
             dem, så som regeringen har gjort i sina beslut om utbetalning."
        }
        Policy::Withhold => {
            "En region som inte uppfyller villkoren får inte sin andel av en villkorad \
             utbetalning; andelen innehålls."
        }
    });
}

/// A region's report as people say it, in words.
fn report_state(line: &Line<'_>) -> &'static str {
    match line.assessment {
        None => "ingen redovisning inkommen",
        Some(a) if !a.assessed() => "avvisad",
        Some(a) if a.complete => "fullständig",
        Some(_) => "ofullständig",
    }
}

fn received(d: &mut Document, report: &Report<'_, '_, '_>, lines: &[Line<'_>]) {
    let rules = report.summary.rules;
    d.chapter("Inkomna redovisningar");
    d.text(&format!(
        "Redovisningarna skulle ha inkommit senast {} (svensk tid). Tiden för när en \
         redovisning inkommit är den första godtagna redovisningens; en komplettering efter \
         återkoppling ändrar den inte.",
        crate::present::page::deadline(rules)
    ));
    let mut grid = Grid::new(
        "Inkomna redovisningar",
        &[
            ("Kod", Align::Left, 2),
            ("Region", Align::Left, 5),
            ("Inkom", Align::Left, 4),
            ("Senast kompletterad", Align::Left, 4),
            ("Redovisningen", Align::Left, 4),
            ("Saknas", Align::Left, 6),
        ],
    );
    for line in lines {
        let (first, last, missing) = match line.assessment {
            None => (
                "ingen redovisning inkommen".to_owned(),
                "ingen komplettering".to_owned(),
                "hela redovisningen".to_owned(),
            ),
            Some(a) => {
                let first = a.first_received.unwrap_or(a.received);
                let last = if first == a.received {
                    "ingen komplettering".to_owned()
                } else {
                    crate::present::page::swedish_time(a.received)
                };
                let missing: Vec<String> = a
                    .missing
                    .iter()
                    .map(|m| crate::present::place::place(&m.to_string(), Language::Swedish))
                    .collect();
                (
                    crate::present::page::swedish_time(first),
                    last,
                    if missing.is_empty() {
                        "inget".to_owned()
                    } else {
                        missing.join("; ")
                    },
                )
            }
        };
        grid.row(vec![
            line.region.code().to_owned(),
            line.name.to_owned(),
            first,
            last,
            report_state(line).to_owned(),
            missing,
        ]);
    }
    d.table(&grid);
}

/// A condition column's heading, short: the table has a column per condition and payment.
fn column_title(column: &view::Column) -> &'static str {
    use svf_kernel::vocabulary::SpecialReport;
    match column {
        view::Column::Condition(ConditionId::Inclusion) => "Inklusion",
        view::Column::Condition(ConditionId::Prem) => "PREM",
        view::Column::Condition(ConditionId::Deadline) => "I tid",
        view::Column::Condition(ConditionId::SpecialReport(SpecialReport::Colorectal)) => {
            "Tjock- och ändtarm"
        }
        view::Column::Condition(ConditionId::SpecialReport(SpecialReport::Myeloma)) => "Myelom",
        view::Column::Condition(ConditionId::LeadTime(_)) | view::Column::LeadTimes => {
            "Ledtider (del B)"
        }
    }
}

fn conditions(d: &mut Document, report: &Report<'_, '_, '_>, lines: &[Line<'_>]) {
    let s = report.summary;
    let rules = s.rules;
    d.chapter("Villkoren per region");
    d.text(
        "Varje regions redovisning är bedömd mot villkoren i årets överenskommelse: ja om \
         villkoret är uppfyllt, nej om inte, saknas om det inte kan bedömas. Kolumnerna för de \
         villkorade utbetalningarna säger om regionen får medel ur dem. Ett beslut som \
         regeringen eller departementet har fattat gäller för utbetalningen framför \
         bedömningen; dess diarienummer står i sista kolumnen.",
    );
    let columns = view::condition_columns(rules);
    let conditional: Vec<(usize, svf_kernel::vocabulary::PaymentId)> = s
        .payments
        .payments()
        .iter()
        .enumerate()
        .filter(|(_, (id, _))| rules.payment(*id).and_then(|p| p.part).is_some())
        .map(|(index, (id, _))| (index, *id))
        .collect();
    let paid: Vec<&str> = conditional.iter().map(|(_, id)| heading(*id)).collect();
    let mut spec: Vec<(&str, Align, usize)> =
        vec![("Kod", Align::Left, 2), ("Region", Align::Left, 5)];
    spec.extend(columns.iter().map(|c| (column_title(c), Align::Left, 3)));
    spec.extend(paid.iter().map(|t| (*t, Align::Left, 3)));
    spec.push(("Beslut", Align::Left, 4));
    let mut grid = Grid::new("Villkoren per region", &spec);
    for line in lines {
        let mut row = vec![line.region.code().to_owned(), line.name.to_owned()];
        for column in &columns {
            let verdict = match column {
                view::Column::Condition(id) => line.verdict(id),
                view::Column::LeadTimes => line.lead_times(rules),
            };
            row.push(
                match verdict {
                    view::Verdict::Met => "ja",
                    view::Verdict::NotMet => "nej",
                    view::Verdict::Missing => "saknas",
                }
                .to_owned(),
            );
        }
        for (index, _) in &conditional {
            row.push(if line.paid(*index) { "ja" } else { "nej" }.to_owned());
        }
        row.push(
            line.decision
                .map_or_else(|| "inget".to_owned(), |dc| dc.case().to_owned()),
        );
        grid.row(row);
    }
    d.table(&grid);
}

fn decisions(d: &mut Document, report: &Report<'_, '_, '_>) {
    let s = report.summary;
    d.chapter("Registrerade beslut");
    if s.decisions.is_empty() && s.records.is_empty() {
        d.text("Inga beslut är registrerade för året.");
        return;
    }
    if !s.decisions.is_empty() {
        d.text(
            "Beslut om enskilda regioners villkorade utbetalning gäller för utbetalningen \
             framför bedömningen.",
        );
        let mut grid = Grid::new(
            "Beslut om regioner",
            &[
                ("Region", Align::Left, 3),
                ("Utbetalning", Align::Left, 2),
                ("Beslut", Align::Left, 2),
                ("Beslutat av", Align::Left, 3),
                ("Datum", Align::Left, 2),
                ("Diarienummer", Align::Left, 2),
                ("Skäl", Align::Left, 5),
            ],
        );
        for (region, decision) in s.decisions {
            for part in decision.parts() {
                grid.row(vec![
                    region.name().to_owned(),
                    heading(part.id()).to_owned(),
                    if part.eligible() {
                        "beviljas"
                    } else {
                        "beviljas inte"
                    }
                    .to_owned(),
                    decision.decided_by().to_owned(),
                    decision.decided_on().to_string(),
                    decision.case().to_owned(),
                    part.reason().to_owned(),
                ]);
            }
        }
        d.table(&grid);
    }
    if !s.records.is_empty() {
        d.text(
            "Beslutade utbetalningar: beloppen i beslutets bilaga gäller och ändras inte av \
             senare underlag.",
        );
        let mut grid = Grid::new(
            "Beslut om utbetalning",
            &[
                ("Utbetalning", Align::Left, 3),
                ("Diarienummer", Align::Left, 2),
                ("Beslutsdatum", Align::Left, 2),
                ("Beslutat av", Align::Left, 3),
            ],
        );
        for record in s.records {
            grid.row(vec![
                heading(record.payment).to_owned(),
                record.case.clone(),
                record.decided_on.clone(),
                record.decided_by.clone(),
            ]);
        }
        d.table(&grid);
    }
}

/// Each payment's annex as an appendix, in the layout the government publishes: the decided
/// amounts where the payment is decided.
fn annexes(d: &mut Document, report: &Report<'_, '_, '_>) {
    let s = report.summary;
    for (index, (id, _)) in s.payments.payments().iter().enumerate() {
        let title = format!("Bilaga {}. {}", index + 1, heading(*id));
        d.chapter(&title);
        if let Some(record) = s.records.iter().find(|r| r.payment == *id) {
            d.text(&format!(
                "Utbetalningen är beslutad ({}, {}); beloppen är beslutets.",
                record.case, record.decided_on
            ));
        } else {
            d.text("Utbetalningen är inte beslutad; beloppen är dagens beräkning.");
        }
        let annex = crate::present::tables::payment_annex(s.payments, index, report.weight_header);
        let columns: Vec<(&str, Align, usize)> = annex
            .header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let align = if i < 2 { Align::Left } else { Align::Right };
                (h.as_str(), align, if i == 1 { 3 } else { 2 })
            })
            .collect();
        let mut grid = Grid::new(title.as_str(), &columns);
        for row in &annex.rows {
            grid.row(row.iter().map(annex_cell).collect());
        }
        d.table(&grid);
    }
}

/// An annex cell as the document shows it: as the published annex, with non-breaking spaces.
fn annex_cell(cell: &crate::present::tables::Cell) -> String {
    use crate::present::tables::Cell;
    match cell {
        Cell::Empty => String::new(),
        Cell::Amount { ore, .. } => kr(*ore),
        Cell::Text(text) => text.clone(),
        // Digits grouped by no-break spaces, so that a figure never breaks across lines.
        Cell::Count(_) | Cell::Share(_) => cell.to_string().replace(' ', "\u{a0}"),
    }
}

#[cfg(test)]
mod tests;
