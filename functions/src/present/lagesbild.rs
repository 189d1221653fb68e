//! The lägesbild as documents: `summary/{year}/lagesbild.json` (`svf-lagesbild/1`, contract
//! §7), with each area's Swedish name and each deviation in Swedish beside its id, and the
//! table `lagesbild.tsv`. The figures are [`crate::model::lagesbild`]'s; the words are here.

use std::fmt::Write as _;

use serde::Serialize;
use svf_kernel::rcc::{Area, Rcc};

use crate::model::lagesbild::{
    Deviation, DeviationKind, FinalWords, LAGESBILD_SCHEMA, Lagesbild, RccPicture,
};
use crate::present::wording::{self, Language};

/// The document, `svf-lagesbild/1`.
#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    agreement_year: u16,
    unavailable: &'a Option<String>,
    areas: Vec<AreaDocument<'a>>,
    deviations: Vec<DeviationDocument>,
    finals: &'a [FinalWords],
}

/// One area as the document has it.
#[derive(Serialize)]
struct AreaDocument<'a> {
    area: Area,
    /// Its Swedish name.
    name: &'static str,
    total_ore: Option<i64>,
    granted_ore: i64,
    passed_on: &'a Option<String>,
    projects: u32,
    rcc: &'a [RccPicture],
}

/// One deviation as the document has it: its id and its Swedish sentence.
#[derive(Serialize)]
struct DeviationDocument {
    rcc: Rcc,
    area: Option<Area>,
    kind: &'static str,
    text: String,
}

/// The `svf-lagesbild/1` document, pretty-printed JSON.
///
/// # Errors
/// Only if serde cannot write it (it can: every field is plain data).
pub fn json(lagesbild: &Lagesbild) -> serde_json::Result<Vec<u8>> {
    let document = Document {
        schema: LAGESBILD_SCHEMA,
        agreement_year: lagesbild.agreement_year.number(),
        unavailable: &lagesbild.unavailable,
        areas: lagesbild
            .areas
            .iter()
            .map(|a| AreaDocument {
                area: a.area,
                name: area_name(a.area),
                total_ore: a.total_ore,
                granted_ore: a.granted_ore,
                passed_on: &a.passed_on,
                projects: a.projects,
                rcc: &a.rcc,
            })
            .collect(),
        deviations: lagesbild
            .deviations
            .iter()
            .map(|d| DeviationDocument {
                rcc: d.rcc,
                area: d.area(),
                kind: kind(&d.kind),
                text: text(d),
            })
            .collect(),
        finals: &lagesbild.finals,
    };
    serde_json::to_vec_pretty(&document)
}

/// An area's Swedish name, as the document and the page write it.
pub fn area_name(area: Area) -> &'static str {
    wording::area(area, Language::Swedish)
}

/// A deviation's id in the document: `granted_above_received`, `nothing_passed_on`,
/// `report_missing`, `incomplete`.
pub fn kind(kind: &DeviationKind) -> &'static str {
    match kind {
        DeviationKind::GrantedAboveReceived { .. } => "granted_above_received",
        DeviationKind::NothingPassedOn { .. } => "nothing_passed_on",
        DeviationKind::ReportMissing => "report_missing",
        DeviationKind::Incomplete { .. } => "incomplete",
    }
}

/// A deviation in Swedish.
pub fn text(deviation: &Deviation) -> String {
    let rcc = deviation.rcc.name();
    match &deviation.kind {
        DeviationKind::GrantedAboveReceived {
            area,
            granted,
            received,
        } => format!(
            "RCC {rcc} har beviljat {granted} men tagit emot {received} för {}",
            area_name(*area)
        ),
        DeviationKind::NothingPassedOn { area } => format!(
            "RCC {rcc} har inte fördelat något vidare inom {}",
            area_name(*area)
        ),
        DeviationKind::ReportMissing => format!("RCC {rcc} har inte lämnat någon redovisning"),
        DeviationKind::Incomplete { missing } => format!(
            "RCC {rcc}:s redovisning är ofullständig: {}",
            missing.join(", ")
        ),
    }
}

/// The table (`lagesbild.tsv`): one row per area and RCC, then the area's total, amounts in
/// öre, shares as the page shows them.
pub fn tsv(lagesbild: &Lagesbild) -> String {
    let mut out =
        String::from("område\trcc\tredovisat\tmottaget_ore\tbeviljat_ore\tandel_vidare\tprojekt\n");
    let cell = |v: Option<String>| v.unwrap_or_default();
    for area in &lagesbild.areas {
        for r in &area.rcc {
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                area.area,
                r.rcc,
                if r.reported { "ja" } else { "nej" },
                cell(r.received_ore.map(|o| o.to_string())),
                cell(r.granted_ore.map(|o| o.to_string())),
                cell(r.passed_on.clone()),
                cell(r.projects.map(|p| p.to_string())),
            );
        }
        let _ = writeln!(
            out,
            "{}\tRiket\t\t{}\t{}\t{}\t{}",
            area.area,
            cell(area.total_ore.map(|o| o.to_string())),
            area.granted_ore,
            cell(area.passed_on.clone()),
            area.projects
        );
    }
    out
}
