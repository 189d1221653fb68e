//! The national picture on the page, from [`National`]: the national figures with the previous
//! year beside them (`table#nationella`), women and men per region (`table#kon`), and per
//! lead-time diagnosis the regions missing the goal with their reasons and their account of
//! their improvement work (`section#skal`). Every rate is the national module's; a figure by
//! sex resting on fewer than five patients is `–` there, and shown as such here.

use std::fmt::{self, Write as _};

use svf_kernel::rules::Rules;

use super::format::{Esc, or_dash};
use crate::model::national::{Deviation, Figure, National, SexFigure};
use crate::present::wording::{self, Language, capitalised};

fn sex_cells(out: &mut String, by_sex: Option<&SexFigure>) -> fmt::Result {
    let (women, men, difference) = match by_sex {
        Some(s) => (
            or_dash(s.women.as_deref()),
            or_dash(s.men.as_deref()),
            s.difference_pp
                .as_deref()
                .map_or_else(|| "–".to_owned(), ToOwned::to_owned),
        ),
        None => ("–".to_owned(), "–".to_owned(), "–".to_owned()),
    };
    write!(
        out,
        "<td class=\"tal\" data-kon=\"kvinnor\">{women}</td><td class=\"tal\" data-kon=\"män\">{men}</td>\
         <td class=\"tal\" data-kon=\"skillnad\">{difference}</td>"
    )
}

pub(in crate::present) fn svf_name(svf: &str) -> String {
    match svf_kernel::vocabulary::DiagnosisId::new(svf) {
        Some(d) => capitalised(wording::diagnosis(&d, Language::Swedish)),
        None => svf.to_owned(),
    }
}

/// The national figures, this year and the previous one.
pub(super) fn write_figures(out: &mut String, national: &National) -> fmt::Result {
    let year = national.agreement_year;
    let previous = national.previous.as_ref();
    writeln!(
        out,
        "<section id=\"nationella-siffror\">\n<h2>Nationella siffror</h2>\n<p>Inklusion: andel \
         nya fall som utretts inom SVF, summerat över regionerna (Σ i SVF / Σ nya fall). \
         Ledtider: andel patienter som fått behandling inom vårdförloppets maximala ledtid \
         (Σ inom maxtid / Σ patienter), efter Socialstyrelsens uppgifter där de finns och annars \
         regionernas redovisningar. Kvinnor och män visas med skillnaden i procentenheter \
         (kvinnor minus män); en uppgift som bygger på färre än fem patienter visas som –.</p>\n\
         <div class=\"tabell\" tabindex=\"0\" role=\"region\" aria-label=\"Nationella siffror\">\n<table id=\"nationella\">\n<thead>\n<tr><th scope=\"col\">Mått</th>\
         <th scope=\"col\" class=\"tal\">{year}</th>"
    )?;
    if let Some(p) = previous {
        write!(
            out,
            "<th scope=\"col\" class=\"tal\">{}</th>",
            p.agreement_year
        )?;
    }
    writeln!(
        out,
        "<th scope=\"col\" class=\"tal\">Kvinnor</th><th scope=\"col\" class=\"tal\">Män</th>\
         <th scope=\"col\" class=\"tal\">Skillnad (procentenheter)</th><th scope=\"col\">Underlag</th></tr>\n</thead>\n<tbody>"
    )?;
    let row = |out: &mut String,
               key: &str,
               name: &str,
               figure: &Figure,
               before: Option<&Figure>,
               basis: String| {
        write!(
            out,
            "<tr data-matt=\"{}\"><th scope=\"row\">{}</th><td class=\"tal\">{}</td>",
            Esc(key),
            Esc(name),
            or_dash(figure.rate.as_deref())
        )?;
        if previous.is_some() {
            write!(
                out,
                "<td class=\"tal\" data-ar=\"foregaende\">{}</td>",
                or_dash(before.and_then(|f| f.rate.as_deref()))
            )?;
        }
        sex_cells(out, figure.by_sex.as_ref())?;
        writeln!(out, "<td>{basis}</td></tr>")
    };
    row(
        out,
        "inclusion",
        "Inklusion i SVF",
        &national.inclusion,
        previous.map(|p| &p.inclusion),
        format!(
            "{} av {} nya fall, {} regioner",
            national.inclusion.part, national.inclusion.whole, national.regions_assessed
        ),
    )?;
    for lead in &national.lead_times {
        let basis = format!(
            "{} av {} patienter, {} regioner{}",
            lead.figure.part,
            lead.figure.whole,
            lead.regions,
            if lead.agency > 0 {
                format!(" ({} efter Socialstyrelsens uppgifter)", lead.agency)
            } else {
                String::new()
            }
        );
        row(
            out,
            &format!("lead_time.{}", lead.svf),
            &format!("Ledtider, {}", svf_name(&lead.svf).to_lowercase()),
            &lead.figure,
            national.previous_lead_time(&lead.svf),
            basis,
        )?;
    }
    writeln!(out, "</tbody>\n</table>\n</div>\n</section>")
}

/// Women and men per region: inclusion, and each lead time the rules decide on.
pub(super) fn write_by_sex(out: &mut String, national: &National, rules: &Rules) -> fmt::Result {
    let any = national.regions.iter().any(|r| {
        r.inclusion.as_ref().is_some_and(|f| f.by_sex.is_some())
            || r.lead_times.iter().any(|l| l.figure.by_sex.is_some())
    });
    if !any {
        return Ok(());
    }
    writeln!(
        out,
        "<section id=\"kvinnor-och-man\">\n<h2>Kvinnor och män</h2>\n<p>Andelar för kvinnor och \
         män där regionen eller Socialstyrelsen redovisat dem, med skillnaden i procentenheter \
         (kvinnor minus män). Under fem patienter visas –. Uppgifterna avgör inte utbetalningen.</p>\n\
         <div class=\"tabell\" tabindex=\"0\" role=\"region\" aria-label=\"Kvinnor och män per region\">\n<table id=\"kon\">\n<thead>\n<tr><th scope=\"col\">Kod</th>\
         <th scope=\"col\">Region</th><th scope=\"col\">Mått</th><th scope=\"col\" class=\"tal\">Kvinnor</th>\
         <th scope=\"col\" class=\"tal\">Män</th><th scope=\"col\" class=\"tal\">Skillnad</th></tr>\n</thead>\n<tbody>"
    )?;
    for region in &national.regions {
        let mut measures: Vec<(String, &Figure)> = Vec::new();
        if let Some(f) = region.inclusion.as_ref().filter(|f| f.by_sex.is_some()) {
            measures.push(("Inklusion i SVF".to_owned(), f));
        }
        for lead in &region.lead_times {
            let decides = rules
                .lead_time_diagnoses()
                .iter()
                .any(|d| d.as_str() == lead.svf);
            if lead.figure.by_sex.is_some() && (decides || rules.lead_time_diagnoses().is_empty()) {
                measures.push((
                    format!("Ledtider, {}", svf_name(&lead.svf).to_lowercase()),
                    &lead.figure,
                ));
            }
        }
        for (name, figure) in measures {
            write!(
                out,
                "<tr data-region=\"{}\"><td>{}</td><th scope=\"row\">{}</th><td>{}</td>",
                region.region,
                region.region,
                Esc(region.name),
                Esc(&name)
            )?;
            sex_cells(out, figure.by_sex.as_ref())?;
            writeln!(out, "</tr>")?;
        }
    }
    writeln!(out, "</tbody>\n</table>\n</div>\n</section>")
}

fn write_deviation(out: &mut String, d: &Deviation) -> fmt::Result {
    let verdict = match d.met {
        Some(true) => "förbättrat mot utgångsläget, villkoret uppfyllt",
        Some(false) => "villkoret inte uppfyllt",
        None => "villkoret kan inte avgöras",
    };
    write!(
        out,
        "<li data-skal-region=\"{}\"><strong>{} {}</strong>: {} ({verdict}).",
        d.region,
        d.region,
        Esc(d.name),
        or_dash(d.rate.as_deref())
    )?;
    match &d.reason {
        Some(reason) => write!(out, " Skäl: <q class=\"skal\">{}</q>", Esc(reason))?,
        None => write!(
            out,
            " <span class=\"saknas\">Skäl saknas i redovisningen.</span>"
        )?,
    }
    if let Some(work) = &d.improvement_work {
        write!(
            out,
            " Regionens beskrivning av ledtiderna och förbättringsarbetet: <q class=\"forbattring\">{}</q>",
            Esc(work)
        )?;
    }
    writeln!(out, "</li>")
}

/// Per lead-time diagnosis, the regions missing the goal, with their reasons; and the regions
/// missing the inclusion goal with their account.
pub(super) fn write_reasons(out: &mut String, national: &National, rules: &Rules) -> fmt::Result {
    let decided: Vec<_> = national.lead_times.iter().filter(|l| l.condition).collect();
    if decided.is_empty() && national.inclusion_deviations.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<section id=\"skal\">\n<h2>Mål som inte nås och skälen</h2>\n<p>Regionerna som inte når \
         {} inom maxtid, per vårdförlopp, med skälen och förbättringsarbetet som de själva \
         beskriver dem i sina redovisningar (citerade).</p>",
        super::format::Rate::whole(rules.lead_time_goal_percent()).short()
    )?;
    for lead in decided {
        writeln!(
            out,
            "<h3 data-svf=\"{}\">{}</h3>",
            Esc(&lead.svf),
            Esc(&svf_name(&lead.svf))
        )?;
        if lead.deviations.is_empty() {
            writeln!(out, "<p>Alla regioner med uppgifter når målet.</p>")?;
            continue;
        }
        writeln!(out, "<ul data-svf=\"{}\">", Esc(&lead.svf))?;
        for d in &lead.deviations {
            write_deviation(out, d)?;
        }
        writeln!(out, "</ul>")?;
    }
    if !national.inclusion_deviations.is_empty() {
        writeln!(
            out,
            "<h3 data-matt=\"inclusion\">Inklusionsmålet</h3>\n<ul data-matt=\"inclusion\">"
        )?;
        for d in &national.inclusion_deviations {
            write!(
                out,
                "<li data-skal-region=\"{}\"><strong>{} {}</strong>: {}.",
                d.region,
                d.region,
                Esc(d.name),
                or_dash(d.rate.as_deref())
            )?;
            if let Some(work) = &d.improvement_work {
                write!(
                    out,
                    " Regionens beskrivning av förbättringsarbetet: \
                     <q class=\"forbattring\">{}</q>",
                    Esc(work)
                )?;
            }
            writeln!(out, "</li>")?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "</section>")
}
