//! The page's sections of figures: the national cards, the table of regions, the lead times
//! (2026), and the deviations with the decisions beside them.

use std::fmt::{self, Write as _};

use svf_kernel::Ore;
use svf_kernel::decision::Decision;
use svf_kernel::payments::{Payments, Policy};
use svf_kernel::rules::Rules;
use svf_kernel::time::Instant;
use svf_kernel::vocabulary::ConditionId;

use super::format::{Esc, NBSP, Rate, kronor, swedish_time, whole};
use super::view::{Column, Line, Verdict, condition_columns, deviates, payment_note};
use super::{Summary, deadline};
use crate::present::place;
use crate::present::wording::{self, Language, capitalised, heading};

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

pub(super) fn write_national(
    out: &mut String,
    summary: &Summary<'_, '_>,
    lines: &[Line<'_>],
) -> fmt::Result {
    writeln!(
        out,
        "<section id=\"nationellt\">\n<h2>Riket</h2>\n<div id=\"riket\">\n<dl class=\"nyckeltal\">"
    )?;
    write_money(out, summary, lines)?;
    writeln!(out, "</dl>\n<dl class=\"nyckeltal\">")?;
    write_reports(out, summary, lines)?;
    writeln!(out, "</dl>\n</div>\n</section>")
}

/// Whether the share a region does not earn of payment `index` goes to the regions that did:
/// under `redistribute`, unless nobody earned it (then the whole payment is withheld).
fn redistributed(payments: &Payments<'_>, index: usize) -> bool {
    payments.policy() == Policy::Redistribute
        && payments.withheld().get(index).copied().unwrap_or(Ore::ZERO) == Ore::ZERO
}

/// The money: in all, per payment, paid and withheld.
fn write_money(out: &mut String, summary: &Summary<'_, '_>, lines: &[Line<'_>]) -> fmt::Result {
    let payments = summary.payments;
    let rules = summary.rules;
    let total = sum(payments.payments().iter().map(|(_, t)| *t));
    let paid = sum((0..payments.payments().len()).map(|i| payments.paid(i)));
    let withheld = sum(payments.withheld().iter().copied());
    let regions = lines.len();
    card(out, "totalt", "", "Medel totalt", &kronor(total), &[])?;
    for (index, (id, payment_total)) in payments.payments().iter().enumerate() {
        let conditional = rules.payment(*id).is_some_and(|p| p.part.is_some());
        let notes = if conditional {
            let earned = lines.iter().filter(|l| l.paid(index)).count();
            let withheld = payments.withheld().get(index).copied().unwrap_or(Ore::ZERO);
            let mut notes = vec![
                format!(
                    "{}, {earned} av {regions} regioner",
                    payment_note(rules, *id)
                ),
                format!("utbetalas {}", kronor(payments.paid(index))),
            ];
            // Nothing withheld is not said as "innehålls 0 kr".
            if withheld != Ore::ZERO {
                notes.push(format!("innehålls {}", kronor(withheld)));
            }
            notes
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
    if withheld == Ore::ZERO {
        return Ok(());
    }
    card(
        out,
        "innehalls",
        "innehalls",
        match payments.policy() {
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

pub(super) fn write_table(
    out: &mut String,
    summary: &Summary<'_, '_>,
    lines: &[Line<'_>],
) -> fmt::Result {
    let payments = summary.payments;
    let rules = summary.rules;
    let columns = condition_columns(rules);
    let policy = match payments.policy() {
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
         redovisning saknas).</p>\n<div class=\"tabell\" tabindex=\"0\" role=\"region\" aria-label=\"Regionerna\">\n<table id=\"regioner\">\n<thead>\n<tr>\
         <th scope=\"col\">Kod</th><th scope=\"col\">Region</th>\
         <th scope=\"col\" class=\"tal\">Befolkning</th><th scope=\"col\" class=\"tal\">Andel</th>",
        Verdict::Met.mark(),
        Verdict::NotMet.mark(),
        Verdict::Missing.mark()
    )?;
    for (id, _) in payments.payments() {
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
                Rate::whole(rules.inclusion_goal_percent()).short()
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
    for index in 0..payments.payments().len() {
        write!(
            out,
            "<td class=\"tal\">{}</td>",
            kronor(payments.paid(index))
        )?;
    }
    let span = 1 + columns.len();
    writeln!(out, "<td colspan=\"{span}\"></td></tr>")?;
    if payments.withheld().iter().any(|w| *w != Ore::ZERO) {
        write!(
            out,
            "<tr><td></td><th scope=\"row\">Innehålls</th><td></td><td></td>"
        )?;
        for withheld in payments.withheld() {
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
        Rate::of(u64::from(line.population), population).unwrap_or(Rate(0))
    )?;
    let payments = summary.payments.payments().iter();
    let cells = payments
        .zip(line.amounts)
        .zip(line.withheld())
        .zip(line.decided.iter().chain(std::iter::repeat(&None)));
    for (index, ((((id, _), amount), withheld), decided)) in cells.enumerate() {
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
            let note = if redistributed(summary.payments, index) {
                "omfördelas".to_owned()
            } else {
                format!("innehålls {}", kronor(withheld))
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

pub(super) fn write_lead_times(out: &mut String, rules: &Rules, lines: &[Line<'_>]) -> fmt::Result {
    writeln!(
        out,
        "<section id=\"ledtiderna\">\n<h2>Ledtider</h2>\n<p>Andel patienter som fått behandling \
         inom vårdförloppets maximala ledtid. Kravet för del B: bättre än regionens utgångsläge \
         eller minst {}.</p>\n<div class=\"tabell\" tabindex=\"0\" role=\"region\" aria-label=\"Ledtider per region\">\n<table id=\"ledtider\">\n<thead>\n<tr>\
         <th scope=\"col\">Kod</th><th scope=\"col\">Region</th>",
        Rate::whole(rules.lead_time_goal_percent()).short()
    )?;
    for d in rules.lead_time_diagnoses() {
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
        for d in rules.lead_time_diagnoses() {
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
            let source = source_note(line, &id);
            write!(
                out,
                "<td class=\"tal villkor {}\" data-villkor=\"{}\"{} title=\"{}\">{rate}\
                 <small>{} {}</small>{}</td>",
                verdict.class(),
                id,
                source.0,
                Esc(detail),
                verdict.mark(),
                verdict.word(),
                source.1
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
    for d in rules.lead_time_diagnoses() {
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

/// Where a lead time was decided on the agency's data: the cell's attribute, and a note with
/// the region's own counts beside the agency's where they differ, so the two can be reconciled.
fn source_note(line: &Line<'_>, id: &ConditionId) -> (&'static str, String) {
    let Some(assessment) = line.assessment.filter(|a| a.assessed()) else {
        return ("", String::new());
    };
    let Some(condition) = assessment.condition(id) else {
        return ("", String::new());
    };
    let agency = condition.source.as_ref().and_then(|s| s.known()).copied()
        == Some(svf_kernel::assessment::Source::Agency);
    if !agency {
        return (" data-kalla=\"report\"", String::new());
    }
    let ConditionId::LeadTime(d) = id else {
        return ("", String::new());
    };
    let own = assessment.reported_counts(d);
    let note = match (own, condition.counts()) {
        (Some(own), Some(decided)) if own == decided => {
            "<small class=\"kalla\">Socialstyrelsen; samma som regionens</small>".to_owned()
        }
        (Some((within, patients)), _) => format!(
            "<small class=\"kalla\">Socialstyrelsen; regionens: {within} av {patients}</small>"
        ),
        (None, _) => {
            "<small class=\"kalla\">Socialstyrelsen; regionen redovisar inte</small>".to_owned()
        }
    };
    (" data-kalla=\"agency\"", note)
}

/// The decided payments: each with its case, day and record, and *Ändringar efter beslutet*,
/// where today's computation would pay otherwise, as information for the agency, never as a
/// payment. Nothing when no payment of the year is recorded.
pub(super) fn write_decided(out: &mut String, summary: &Summary<'_, '_>) -> fmt::Result {
    if summary.records.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<section id=\"beslut\">\n<h2>Beslutade utbetalningar</h2>\n<p>Det regeringen har \
         beslutat betalas ut: tabellens belopp för en beslutad utbetalning är beslutets, och svf \
         ändrar dem aldrig. Beslutet och allt det vilar på finns i beslutets arkivpost.</p>\n<ul>"
    )?;
    for record in summary.records {
        writeln!(
            out,
            "<li>{}: beslut {} den {} av {} (arkivpost <code>{}</code>)</li>",
            heading(record.payment),
            Esc(&record.case),
            Esc(&record.decided_on),
            Esc(&record.decided_by),
            Esc(&crate::contract::layout::record_key(
                summary.payments.year(),
                record.payment
            ))
        )?;
    }
    writeln!(out, "</ul>\n<h3>Ändringar efter beslutet</h3>")?;
    if summary.after.is_empty() {
        return writeln!(
            out,
            "<p class=\"inga\">Inga: en beräkning i dag ger samma belopp som besluten.</p>\n</section>"
        );
    }
    writeln!(
        out,
        "<p>Vad en beräkning i dag skulle ge, och vad som har ändrats sedan beslutet. Som \
         information till myndigheten: det beslutade beloppet är det som betalas.</p>\n\
         <table class=\"efter-beslut\">\n<thead><tr><th>Region</th><th>Utbetalning</th>\
         <th class=\"tal\">Beslutat</th><th class=\"tal\">I dag</th>\
         <th class=\"tal\">Skillnad</th><th>Ändrat sedan beslutet</th></tr></thead>\n<tbody>"
    )?;
    for (region, changes) in summary.after {
        for (payment, change) in changes {
            let decided = Ore(change.current_ore - change.difference_ore);
            let sign = if change.difference_ore > 0 { "+" } else { "" };
            let because: Vec<String> = change
                .because
                .iter()
                .map(|key| format!("<code>{}</code>", Esc(key)))
                .collect();
            writeln!(
                out,
                "<tr data-region=\"{code}\"><td>{code} {name}</td><td>{}</td>\
                 <td class=\"tal\">{}</td><td class=\"tal\">{}</td>\
                 <td class=\"tal\">{sign}{}</td><td>{}</td></tr>",
                heading(*payment),
                kronor(decided),
                kronor(Ore(change.current_ore)),
                kronor(Ore(change.difference_ore)),
                because.join(", "),
                code = region.code(),
                name = Esc(region.name()),
            )?;
        }
    }
    writeln!(out, "</tbody>\n</table>\n</section>")
}

/// *Ändringshistorik*: every change of a region's eligibility or amount, newest first, with
/// what was written behind it. The year's first summary is one line, not every region's.
pub(super) fn write_history(out: &mut String, summary: &Summary<'_, '_>) -> fmt::Result {
    if summary.history.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<section id=\"historik\">\n<h2>Ändringshistorik</h2>\n<p>Varje ändring av en regions \
         rätt till en utbetalning eller dess belopp, den senaste först, med det som skrevs och \
         ledde till den.</p>\n<ol class=\"historik\">"
    )?;
    for change in summary.history {
        let at =
            Instant::parse_rfc3339(&change.at).map_or_else(|_| change.at.clone(), swedish_time);
        write!(out, "<li><h3>{}</h3>", Esc(&at))?;
        if change.changes.iter().all(|c| c.before.is_none()) {
            write!(
                out,
                "<p>Årets första sammanställning: {} regioner.</p>",
                change
                    .changes
                    .iter()
                    .map(|c| &c.region)
                    .collect::<std::collections::BTreeSet<_>>()
                    .len()
            )?;
        } else {
            write!(out, "<ul>")?;
            for c in change.changes.iter().filter(|c| c.before.is_some()) {
                let name = svf_kernel::region::Region::from_code(&c.region).map_or_else(
                    || c.region.clone(),
                    |r| format!("{} {}", r.code(), r.name()),
                );
                let payment = svf_kernel::vocabulary::PaymentId::parse(&c.payment)
                    .map_or_else(|| c.payment.clone(), |id| heading(id).to_owned());
                let before = c.before.map_or(0, |b| b.amount_ore);
                write!(
                    out,
                    "<li>{}, {}: {} → {}</li>",
                    Esc(&name),
                    Esc(&payment),
                    kronor(Ore(before)),
                    kronor(Ore(c.after.amount_ore))
                )?;
            }
            write!(out, "</ul>")?;
        }
        let writes: Vec<String> = change
            .writes
            .iter()
            .map(|w| match w.version {
                Some(_) => format!("<code>{}</code>", Esc(&w.key)),
                None => format!("<code>{}</code> (borttagen)", Esc(&w.key)),
            })
            .collect();
        if !writes.is_empty() {
            write!(out, "<p>Skrivet: {}</p>", writes.join(", "))?;
        }
        writeln!(out, "</li>")?;
    }
    writeln!(out, "</ol>\n</section>")
}

pub(super) fn write_deviations(
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
                write!(out, "{lead}")?;
                // The report as a whole has no place.
                if !error.path.is_empty() {
                    write_place(out, &error.path)?;
                    write!(out, ": ")?;
                }
                match &error.message_sv {
                    Some(message) => write!(out, "{}", Esc(message))?,
                    // Written before svf gave its reasons in Swedish: the English, marked so.
                    None => write!(out, "<span lang=\"en\">{}</span>", Esc(&error.message))?,
                }
            }
            write!(out, ".</li>")?;
        } else if !assessment.complete {
            write!(out, "<li>Redovisningen är ofullständig; saknas: ")?;
            for (index, path) in assessment.missing.iter().enumerate() {
                let separator = if index == 0 { "" } else { "; " };
                write!(out, "{separator}")?;
                write_place(out, &path.to_string())?;
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

/// Where in the report something is, in words with its path: `Inklusion: nya fall
/// (<code>inclusion.new_cases</code>)`; the path alone where svf has no name for it.
fn write_place(out: &mut String, path: &str) -> fmt::Result {
    match place::name(path, Language::Swedish) {
        Some(name) => write!(out, "{} (<code>{}</code>)", Esc(&name), Esc(path)),
        None => write!(out, "<code>{}</code>", Esc(path)),
    }
}

/// What a deviating region is not paid, and the decision that set what it is paid, if any.
fn write_not_paid(out: &mut String, payments: &Payments<'_>, line: &Line<'_>) -> fmt::Result {
    // Per payment what the region is not paid: redistributed to the regions that earned it, or
    // withheld when the policy withholds or nobody earned it.
    for (lead, moved) in [
        ("Innehålls", false),
        ("Fördelas på de berättigade regionerna i stället", true),
    ] {
        let amounts: Vec<String> = payments
            .payments()
            .iter()
            .zip(line.withheld())
            .enumerate()
            .filter(|(index, (_, w))| *w != Ore::ZERO && redistributed(payments, *index) == moved)
            .map(|(_, ((id, _), w))| format!("{} ({})", kronor(w), Esc(heading(*id))))
            .collect();
        if !amounts.is_empty() {
            write!(
                out,
                "<p class=\"belopp\">{lead}: {}</p>",
                amounts.join(", ")
            )?;
        }
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
        decision.region().code(),
        Esc(decision.decided_by()),
        decision.decided_on(),
        Esc(decision.case())
    )?;
    for part in decision.parts() {
        write!(
            out,
            "<li data-beslut=\"{}\"><strong>{}:</strong> {}. Skäl: {}</li>",
            if part.eligible() {
                "beviljas"
            } else {
                "avslag"
            },
            Esc(heading(part.id())),
            if part.eligible() {
                "beviljas"
            } else {
                "beviljas inte"
            },
            Esc(part.reason())
        )?;
    }
    write!(out, "</ul></div>")
}
