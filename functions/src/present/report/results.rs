//! The chapters of results: the deviations with the regions' own words, the national results
//! (by sex where the assignment asks), and the reasons lead-time goals are missed.

use crate::model::national::{Deviation, Figure, National, RegionFigures, SexFigure};
use crate::present::page::picture::svf_name;
use crate::present::page::view::{self, Line, Verdict};
use crate::present::page::whole as count;
use crate::present::wording::{self, Language};

use super::assignment::Assignment;
use super::document::{Align, Document, Grid};
use super::{MISSING, Report, figure_text, report_state};

/// A rate as the JSON holds it, or that it is missing.
fn rate(rate: Option<&String>) -> String {
    figure_text(rate.map(String::as_str))
}

/// A sex's rate: `–` in the figures (fewer than five patients) in words.
fn sex_rate(rate: Option<&String>) -> String {
    match rate.map(String::as_str) {
        Some("–") => FEWER_THAN_FIVE.to_owned(),
        other => figure_text(other),
    }
}

/// Where a sex's figure rests on fewer than five patients and is not shown.
pub const FEWER_THAN_FIVE: &str = "färre än fem";

/// Women's, men's and the difference, in words where missing.
fn by_sex(figure: Option<&SexFigure>) -> [String; 3] {
    match figure {
        None => [MISSING.to_owned(), MISSING.to_owned(), MISSING.to_owned()],
        Some(s) => [
            sex_rate(s.women.as_ref()),
            sex_rate(s.men.as_ref()),
            rate(s.difference_pp.as_ref()),
        ],
    }
}

fn quote_deviation(d: &mut Document, deviation: &Deviation) {
    let source = format!("ur redovisningen från {}", deviation.name);
    if let Some(reason) = &deviation.reason {
        d.quote(reason, &format!("skäl, {source}"));
    }
    if let Some(work) = &deviation.improvement_work {
        d.quote(work, &format!("förbättringsarbete, {source}"));
    }
    if deviation.reason.is_none() && deviation.improvement_work.is_none() {
        d.text("Regionen har inte beskrivit skäl eller förbättringsarbete.");
    }
}

pub(super) fn deviations(d: &mut Document, report: &Report<'_, '_, '_>, lines: &[Line<'_>]) {
    let s = report.summary;
    d.chapter("Avvikelser och regionernas förbättringsarbete");
    let deviating: Vec<&Line<'_>> = lines.iter().filter(|l| view::deviates(l)).collect();
    if deviating.is_empty() {
        d.text("Samtliga regioner har lämnat fullständiga redovisningar och uppfyller villkoren.");
        return;
    }
    d.text(
        "För varje region som inte uppfyller ett villkor, eller vars redovisning inte är \
         fullständig: vad som avviker, och regionens egna ord om skälen och om hur den arbetar \
         med att förbättra situationen, citerade som de står i redovisningen.",
    );
    for line in deviating {
        d.heading(2, line.name);
        d.lead("Redovisningen: ", report_state(line));
        if let Some(a) = line.assessment {
            for condition in &a.conditions {
                let verdict = Verdict::of(condition.met);
                if verdict == Verdict::Met {
                    continue;
                }
                let label = wording::stored_label(&condition.id, Language::Swedish);
                let detail = condition
                    .detail
                    .as_deref()
                    .map_or_else(String::new, |x| format!(" – {x}"));
                d.point(&format!(
                    "{}: {}{detail}",
                    wording::capitalised(&label),
                    verdict.word()
                ));
            }
        }
        if let Some(decision) = line.decision {
            d.point(&format!(
                "Beslut {} den {} ({}): gäller för utbetalningen framför bedömningen.",
                decision.case(),
                decision.decided_on(),
                decision.decided_by()
            ));
        }
        for (text, what) in own_words(s.national, line.region.code()) {
            d.quote(
                text,
                &format!("{what}, ur redovisningen från {}", line.name),
            );
        }
    }
}

/// A region's own words in its deviations (reasons, improvement work) with what each is, each
/// text once: a region often gives the same improvement work for inclusion and every lead time.
fn own_words<'n>(national: &'n National, code: &str) -> Vec<(&'n str, String)> {
    let mut quoted: Vec<(&'n str, String)> = Vec::new();
    let mut quote = |text: Option<&'n String>, what: String| {
        if let Some(text) = text
            && !quoted.iter().any(|(t, _)| t == text)
        {
            quoted.push((text.as_str(), what));
        }
    };
    for deviation in national
        .inclusion_deviations
        .iter()
        .filter(|x| x.region == code)
    {
        quote(deviation.reason.as_ref(), "skäl, inklusion".to_owned());
        quote(
            deviation.improvement_work.as_ref(),
            "förbättringsarbete".to_owned(),
        );
    }
    for lead in &national.lead_times {
        for deviation in lead.deviations.iter().filter(|x| x.region == code) {
            let svf = svf_name(&lead.svf).to_lowercase();
            quote(deviation.reason.as_ref(), format!("skäl, {svf}"));
            quote(
                deviation.improvement_work.as_ref(),
                "förbättringsarbete".to_owned(),
            );
        }
    }
    quoted
}

/// Every region of the payments, in their order, with its national figures where it has any
/// (a region without an assessed report has none).
fn every_region<'r>(
    report: &'r Report<'_, '_, '_>,
) -> impl Iterator<Item = (svf_kernel::region::Region, Option<&'r RegionFigures>)> + 'r {
    let national = report.summary.national;
    report.summary.payments.rows().iter().map(move |row| {
        let code = row.region.code();
        (
            row.region,
            national.regions.iter().find(|f| f.region == code),
        )
    })
}

/// The columns by sex: women's rate, men's, and the difference.
const SEX_COLUMNS: [(&str, Align, usize); 3] = [
    ("Kvinnor", Align::Right, 2),
    ("Män", Align::Right, 2),
    ("Skillnad (procentenheter)", Align::Right, 2),
];

/// The columns of a figure: part, whole, rate, and by sex where the assignment asks.
fn figure_cells(figure: Option<&Figure>, sexes: bool) -> Vec<String> {
    let mut cells = match figure {
        Some(f) => vec![count(f.part), count(f.whole), rate(f.rate.as_ref())],
        None => vec![MISSING.to_owned(), MISSING.to_owned(), MISSING.to_owned()],
    };
    if sexes {
        cells.extend(by_sex(figure.and_then(|f| f.by_sex.as_ref())));
    }
    cells
}

pub(super) fn national(d: &mut Document, report: &Report<'_, '_, '_>, a: &Assignment) {
    let national = report.summary.national;
    let year = national.agreement_year;
    d.chapter("Nationella resultat");
    let inclusion = &national.inclusion;
    d.text(&format!(
        "I riket utreddes {} av {} nya cancerfall inom SVF under första halvåret {year}: {}. \
         Inklusionsmålet är {} procent. {} regioner har redovisat siffror som bedömts.",
        count(inclusion.part),
        count(inclusion.whole),
        rate(inclusion.rate.as_ref()),
        report.summary.rules.inclusion_goal_percent(),
        national.regions_assessed
    ));
    if a.by_sex {
        let [women, men, difference] = by_sex(inclusion.by_sex.as_ref());
        d.text(&format!(
            "Kvinnor: {women}; män: {men}; skillnad (kvinnor minus män): {difference} \
             procentenheter. Andelar som vilar på färre än fem patienter visas inte."
        ));
    }
    d.heading(2, "Inklusion per region");
    let mut columns = vec![
        ("Kod", Align::Left, 2),
        ("Region", Align::Left, 5),
        ("I SVF", Align::Right, 2),
        ("Nya fall", Align::Right, 2),
        ("Andel", Align::Right, 2),
    ];
    if a.by_sex {
        columns.extend(SEX_COLUMNS);
    }
    let mut grid = Grid::new("Inklusion per region", &columns);
    for (region, figures) in every_region(report) {
        let mut row = vec![region.code().to_owned(), region.name().to_owned()];
        row.extend(figure_cells(
            figures.and_then(|f| f.inclusion.as_ref()),
            a.by_sex,
        ));
        grid.row(row);
    }
    let mut total = vec!["Riket".to_owned(), "alla regioner".to_owned()];
    total.extend(figure_cells(Some(inclusion), a.by_sex));
    grid.row(total);
    d.table(&grid);
    if !national.lead_times.is_empty() {
        lead_times(d, report, a);
    }
    if let Some(previous) = &national.previous {
        d.heading(2, &format!("Jämfört med {}", previous.agreement_year));
        let this = year.to_string();
        let before = previous.agreement_year.to_string();
        let mut grid = Grid::new(
            "Jämfört med föregående år",
            &[
                ("Mått", Align::Left, 4),
                (this.as_str(), Align::Right, 2),
                (before.as_str(), Align::Right, 2),
            ],
        );
        grid.row(vec![
            "Inklusion".to_owned(),
            rate(inclusion.rate.as_ref()),
            rate(previous.inclusion.rate.as_ref()),
        ]);
        for lead in &national.lead_times {
            let before = previous
                .lead_times
                .iter()
                .find(|p| p.svf == lead.svf)
                .and_then(|p| p.figure.rate.as_ref());
            grid.row(vec![
                format!("Ledtid, {}", svf_name(&lead.svf).to_lowercase()),
                rate(lead.figure.rate.as_ref()),
                rate(before),
            ]);
        }
        d.table(&grid);
    } else {
        d.text(
            "Jämförelse med föregående år: uppgift saknas (ingen sammanställning för det året).",
        );
    }
}

/// The national lead times per SVF, then per region.
fn lead_times(d: &mut Document, report: &Report<'_, '_, '_>, a: &Assignment) {
    let national = report.summary.national;
    d.heading(2, "Ledtider per SVF");
    d.text(
        "Andelen patienter som började behandling inom SVF:ets maximala ledtid. Där \
         Socialstyrelsens väntetidsdata finns avgör de; annars regionens redovisade siffror.",
    );
    let mut columns = vec![
        ("SVF", Align::Left, 3),
        ("Inom ledtid", Align::Right, 2),
        ("Patienter", Align::Right, 2),
        ("Andel", Align::Right, 2),
    ];
    if a.by_sex {
        columns.extend(SEX_COLUMNS);
    }
    columns.push(("Villkor för utbetalning", Align::Left, 2));
    columns.push(("Regioner", Align::Right, 1));
    columns.push(("Varav Socialstyrelsens data", Align::Right, 2));
    let mut grid = Grid::new("Ledtider per SVF", &columns);
    for lead in &national.lead_times {
        let mut row = vec![svf_name(&lead.svf)];
        row.extend(figure_cells(Some(&lead.figure), a.by_sex));
        row.push(if lead.condition { "ja" } else { "nej" }.to_owned());
        row.push(lead.regions.to_string());
        row.push(lead.agency.to_string());
        grid.row(row);
    }
    d.table(&grid);
    by_region(d, report);
}

/// Each region's share within the lead time, per SVF.
fn by_region(d: &mut Document, report: &Report<'_, '_, '_>) {
    let national = report.summary.national;
    let names: Vec<String> = national
        .lead_times
        .iter()
        .map(|l| svf_name(&l.svf))
        .collect();
    let mut columns = vec![("Kod", Align::Left, 2), ("Region", Align::Left, 3)];
    columns.extend(names.iter().map(|n| (n.as_str(), Align::Right, 2)));
    let mut grid = Grid::new("Ledtider per region", &columns);
    for (region, figures) in every_region(report) {
        let mut row = vec![region.code().to_owned(), region.name().to_owned()];
        for lead in &national.lead_times {
            let figure = figures.and_then(|f| f.lead_times.iter().find(|l| l.svf == lead.svf));
            row.push(rate(figure.and_then(|f| f.figure.rate.as_ref())));
        }
        grid.row(row);
    }
    d.table(&grid);
}

pub(super) fn reasons(d: &mut Document, report: &Report<'_, '_, '_>) {
    let national = report.summary.national;
    d.chapter("Skäl till att ledtidsmålen inte nås");
    d.text(
        "Per SVF de regioner som inte når ledtidsmålet, med regionens egna ord om skälen och \
         om förbättringsarbetet.",
    );
    let missed: Vec<_> = national
        .lead_times
        .iter()
        .filter(|lead| !lead.deviations.is_empty())
        .collect();
    if missed.is_empty() {
        d.text("Alla regioner når ledtidsmålen för de SVF som överenskommelsen gäller.");
    }
    for lead in missed {
        d.heading(2, &svf_name(&lead.svf));
        for deviation in &lead.deviations {
            d.lead(
                &format!("{}: ", deviation.name),
                &format!(
                    "{} ({})",
                    rate(deviation.rate.as_ref()),
                    match deviation.met {
                        Some(true) => "villkoret uppfyllt",
                        Some(false) => "villkoret ej uppfyllt",
                        None => "villkoret kan inte bedömas",
                    }
                ),
            );
            quote_deviation(d, deviation);
        }
    }
}
