//! The lägesbild for people, `summary/{year}/lagesbild.html`: Swedish, one self-contained
//! document like `index.html` (its style sheet inline, no script, no external asset).
//!
//! Stable hooks: `table.omrade[data-omrade]` (one per area, `tr[data-rcc]` per RCC with
//! `td[data-falt]` cells), `section#avvikelser-lagesbild li[data-rcc]`, `section#projekt`.

use std::fmt::{self, Write as _};

use super::format::{Esc, kronor, or_dash};
use crate::contract::layout;
use crate::model::lagesbild::{Lagesbild, RccPicture};
use svf_kernel::Ore;

/// The page; `assignment_case` is the year's (its rules'), for the line of who issued it.
pub fn render(lagesbild: &Lagesbild, assignment_case: Option<&str>) -> String {
    let mut out = String::with_capacity(32 * 1024);
    let _ = write_page(&mut out, lagesbild, assignment_case);
    out
}

fn amount(ore: Option<i64>) -> String {
    ore.map_or_else(|| "–".to_owned(), |o| kronor(Ore(o)))
}

fn write_page(out: &mut String, l: &Lagesbild, assignment_case: Option<&str>) -> fmt::Result {
    let year = l.agreement_year;
    let issued = super::issued_line(year, assignment_case, l.as_of);
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Lägesbild {year}: de särskilda satsningarna</title>\n<style>{}{}</style>\n</head>\n\
         <body>\n<main>\n<header>\n<p class=\"overrubrik\">Standardiserade vårdförlopp (SVF) · \
         överenskommelsen {year}</p>\n<h1>Lägesbild {year}: de särskilda satsningarna</h1>\n\
         <p class=\"ingress\">Vad varje regionalt cancercentrum (RCC) har tagit emot per område, \
         vad det har fördelat vidare till projekt och hur stor andel det är. Det mottagna \
         beloppet är överenskommelsens fördelning, delad exakt i kronor (efter befolkning, \
         Halland efter kommun, eller lika); det beviljade är summan av projekten i RCC:s \
         redovisning. Andelen är beviljat ÷ mottaget, avrundad till hundradels procent.</p>\n\
         <p class=\"utgivning\">Utgiven av {}</p>\n</header>",
        super::STYLE,
        super::page_foot(&format!("Lägesbild {year}"), &issued),
        Esc(&issued)
    )?;
    if let Some(why) = &l.unavailable {
        writeln!(
            out,
            "<div id=\"saknas\" role=\"alert\"><strong>Det mottagna kan inte beräknas.</strong> {}</div>",
            Esc(why)
        )?;
    }
    write_areas(out, l)?;
    writeln!(
        out,
        "<section id=\"avvikelser-lagesbild\">\n<h2>Avvikelser</h2>"
    )?;
    if l.deviations.is_empty() {
        writeln!(out, "<p>Inga avvikelser.</p>")?;
    } else {
        writeln!(out, "<ul>")?;
        for d in &l.deviations {
            writeln!(
                out,
                "<li data-rcc=\"{}\" data-avvikelse=\"{}\">{}</li>",
                d.rcc,
                crate::present::lagesbild::kind(&d.kind),
                Esc(&crate::present::lagesbild::text(d))
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    write_projects(out, l)?;
    writeln!(
        out,
        "<footer>\n<p>Underlag: RCC:s redovisningar i <code>{}</code> och deras \
         bedömningar i <code>{}</code>; fördelningen ur överenskommelsen. \
         Maskinläsbart: <a href=\"lagesbild.json\">lagesbild.json</a>, \
         <a href=\"lagesbild.tsv\">lagesbild.tsv</a>. Utbetalningarna till regionerna: \
         <a href=\"index.html\">index.html</a>.</p>\n</footer>\n</main>\n</body>\n</html>",
        layout::rcc_reports_prefix(year),
        layout::rcc_assessments_prefix(year)
    )
}

fn write_areas(out: &mut String, l: &Lagesbild) -> fmt::Result {
    for area in &l.areas {
        writeln!(
            out,
            "<section class=\"omrade\" data-omrade=\"{}\">\n<h2>{}</h2>\n<p>Avsatt: {}. Beviljat av \
             de RCC som redovisat: {} i {} projekt ({} vidare).</p>\n<div class=\"tabell\">\n\
             <table class=\"omrade\" data-omrade=\"{}\">\n<thead>\n<tr><th scope=\"col\">RCC</th>\
             <th scope=\"col\" class=\"tal\">Mottaget</th><th scope=\"col\" class=\"tal\">Beviljat</th>\
             <th scope=\"col\" class=\"tal\">Andel vidare</th><th scope=\"col\" class=\"tal\">Projekt</th>\
             <th scope=\"col\">Kriterier för fördelningen</th></tr>\n</thead>\n<tbody>",
            area.area,
            Esc(&super::super::wording::capitalised(
                crate::present::lagesbild::area_name(area.area)
            )),
            amount(area.total_ore),
            amount(Some(area.granted_ore)),
            area.projects,
            or_dash(area.passed_on.as_deref()),
            area.area
        )?;
        for r in &area.rcc {
            write_rcc_row(out, r)?;
        }
        writeln!(out, "</tbody>\n</table>\n</div>\n</section>")?;
    }
    Ok(())
}

fn write_projects(out: &mut String, l: &Lagesbild) -> fmt::Result {
    writeln!(
        out,
        "</section>\n<section id=\"projekt\">\n<h2>Beviljade projekt</h2>"
    )?;
    for area in &l.areas {
        for r in area.rcc.iter().filter(|r| !r.project_list.is_empty()) {
            writeln!(
                out,
                "<h3>{} · RCC {}</h3>\n<ul data-omrade=\"{}\" data-rcc=\"{}\">",
                Esc(&super::super::wording::capitalised(
                    crate::present::lagesbild::area_name(area.area)
                )),
                Esc(r.rcc.name()),
                area.area,
                r.rcc
            )?;
            for p in &r.project_list {
                write!(
                    out,
                    "<li><strong>{}</strong>, {}: {}. {}",
                    Esc(p.name.as_deref().unwrap_or("(namn saknas)")),
                    Esc(p.recipient.as_deref().unwrap_or("(mottagare saknas)")),
                    amount(p.amount_ore),
                    Esc(p.description.as_deref().unwrap_or(""))
                )?;
                if let Some(results) = &p.results {
                    write!(out, " <em>Resultat:</em> {}", Esc(results))?;
                }
                writeln!(out, "</li>")?;
            }
            writeln!(out, "</ul>")?;
        }
    }
    writeln!(out, "</section>")?;
    if !l.finals.is_empty() {
        writeln!(
            out,
            "<section id=\"slutredovisning\">\n<h2>Goda exempel, förslag och resultat</h2>"
        )?;
        for f in &l.finals {
            writeln!(out, "<h3>RCC {}</h3>\n<dl>", Esc(f.rcc.name()))?;
            for (title, text) in [
                ("Goda exempel", &f.good_examples),
                ("Förslag på fortsatt utvecklingsarbete", &f.proposals),
                ("Resultat på kort och lång sikt", &f.results),
                ("Effekt på ledtider inom SVF", &f.lead_time_effects),
            ] {
                writeln!(
                    out,
                    "<dt>{title}</dt><dd>{}</dd>",
                    Esc(text.as_deref().unwrap_or("–"))
                )?;
            }
            writeln!(out, "</dl>")?;
        }
        writeln!(out, "</section>")?;
    }
    Ok(())
}

fn write_rcc_row(out: &mut String, r: &RccPicture) -> fmt::Result {
    let (granted, share, projects) = if r.reported {
        (
            amount(r.granted_ore),
            or_dash(r.passed_on.as_deref()),
            r.projects.map_or_else(|| "0".to_owned(), |p| p.to_string()),
        )
    } else {
        (
            "redovisning saknas".to_owned(),
            "–".to_owned(),
            "–".to_owned(),
        )
    };
    writeln!(
        out,
        "<tr data-rcc=\"{}\"><th scope=\"row\">RCC {}</th><td class=\"tal\" data-falt=\"mottaget\">{}</td>\
         <td class=\"tal\" data-falt=\"beviljat\">{granted}</td><td class=\"tal\" data-falt=\"andel\">{share}</td>\
         <td class=\"tal\" data-falt=\"projekt\">{projects}</td><td data-falt=\"kriterier\">{}</td></tr>",
        r.rcc,
        Esc(r.rcc.name()),
        amount(r.received_ore),
        Esc(r.criteria.as_deref().unwrap_or("–"))
    )
}
