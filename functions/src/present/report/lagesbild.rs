//! The lägesbild chapter: the criteria each RCC used, the share of each area's money it passed
//! on, which and how many projects, the deviations, and (when the RCC's final reports are in)
//! their good examples, proposals and results.

use svf_kernel::Ore;

use crate::model::lagesbild::{AreaPicture, Lagesbild};
use crate::present::lagesbild::{area_name, text};
use crate::present::wording::capitalised;

use super::assignment::Assignment;
use super::document::{Align, Document, Grid};
use super::{MISSING, figure_text, kr};

fn amount(ore: Option<i64>) -> String {
    ore.map_or_else(|| MISSING.to_owned(), |o| kr(Ore(o)))
}

pub(super) fn chapter(d: &mut Document, l: &Lagesbild, a: &Assignment) {
    d.chapter("Lägesbild över de särskilda satsningarna");
    let finals = !l.finals.is_empty();
    if let Some(asked) = if finals {
        a.final_lagesbild
    } else {
        a.lagesbild
    } {
        d.text(&format!(
            "{} Uppdraget: ”{asked}”",
            if finals {
                "Detta är den andra lägesbilden, ur RCC:s slutliga rapporter."
            } else {
                "Detta är den första lägesbilden, ur RCC:s rapporter."
            }
        ));
    }
    if let Some(why) = &l.unavailable {
        d.text(&format!(
            "Lägesbilden kan inte sammanställas helt för året: {why}. Det som beror på det står \
             nedan som {MISSING}."
        ));
    }
    let mut grid = Grid::new(
        "Medel fördelade vidare per område",
        &[
            ("Område", Align::Left, 4),
            ("Avsatt (kr)", Align::Right, 2),
            ("Beviljat (kr)", Align::Right, 2),
            ("Andel fördelad", Align::Right, 2),
            ("Projekt", Align::Right, 1),
        ],
    );
    for area in &l.areas {
        grid.row(vec![
            capitalised(area_name(area.area)),
            amount(area.total_ore),
            amount(Some(area.granted_ore)),
            figure_text(area.passed_on.as_deref()),
            area.projects.to_string(),
        ]);
    }
    d.table(&grid);
    for area in &l.areas {
        area_section(d, area);
    }
    deviations_and_finals(d, l);
}

/// One area: what each RCC received and passed on, its criteria, and the projects granted.
fn area_section(d: &mut Document, area: &AreaPicture) {
    let name = capitalised(area_name(area.area));
    d.heading(2, &name);
    let mut grid = Grid::new(
        format!("{name} per RCC"),
        &[
            ("RCC", Align::Left, 2),
            ("Mottaget (kr)", Align::Right, 2),
            ("Beviljat (kr)", Align::Right, 2),
            ("Andel fördelad", Align::Right, 2),
            ("Projekt", Align::Right, 1),
            ("Ansökningar", Align::Right, 1),
        ],
    );
    for r in &area.rcc {
        let reported = |value: Option<String>| {
            if r.reported {
                value.unwrap_or_else(|| MISSING.to_owned())
            } else {
                "ingen rapport".to_owned()
            }
        };
        grid.row(vec![
            format!("RCC {}", r.rcc.name()),
            amount(r.received_ore),
            reported(r.granted_ore.map(|o| kr(Ore(o)))),
            reported(r.passed_on.as_deref().map(|p| figure_text(Some(p)))),
            reported(r.projects.map(|p| p.to_string())),
            reported(r.applications.map(|p| p.to_string())),
        ]);
    }
    d.table(&grid);
    for r in &area.rcc {
        if let Some(criteria) = &r.criteria {
            d.quote(
                criteria,
                &format!("kriterier för fördelning, RCC {}", r.rcc.name()),
            );
        }
    }
    let projects: Vec<_> = area
        .rcc
        .iter()
        .flat_map(|r| r.project_list.iter().map(move |p| (r.rcc, p)))
        .collect();
    if projects.is_empty() {
        return;
    }
    let mut grid = Grid::new(
        format!("{name}: beviljade projekt"),
        &[
            ("RCC", Align::Left, 2),
            ("Projekt", Align::Left, 4),
            ("Mottagare", Align::Left, 3),
            ("Belopp (kr)", Align::Right, 2),
        ],
    );
    for (rcc, p) in projects {
        grid.row(vec![
            format!("RCC {}", rcc.name()),
            p.name.clone().unwrap_or_else(|| MISSING.to_owned()),
            p.recipient.clone().unwrap_or_else(|| MISSING.to_owned()),
            amount(p.amount_ore),
        ]);
    }
    d.table(&grid);
}

/// The deviations, and the final reports' words where they are in.
fn deviations_and_finals(d: &mut Document, l: &Lagesbild) {
    d.heading(2, "Avvikelser");
    if l.deviations.is_empty() {
        d.text("Inga avvikelser: varje RCC har rapporterat och fördelat medel inom varje område.");
    }
    for deviation in &l.deviations {
        d.point(&text(deviation));
    }
    for f in &l.finals {
        d.heading(2, &format!("RCC {}: slutlig rapport", f.rcc.name()));
        let source = format!("RCC {}", f.rcc.name());
        for (what, words) in [
            ("goda exempel", &f.good_examples),
            ("förslag på fortsatt utvecklingsarbete", &f.proposals),
            ("resultat", &f.results),
            ("effekt på ledtider inom SVF", &f.lead_time_effects),
        ] {
            match words {
                Some(words) => d.quote(words, &format!("{what}, {source}")),
                None => d.lead(&format!("{}: ", capitalised(what)), MISSING),
            }
        }
    }
}
