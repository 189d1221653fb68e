//! Where in a report a fault or a missing value is, in words a coordinator knows: `Inklusion:
//! nya fall (inclusion.new_cases)`, `Ledtider, post 2: patienter (lead_times[1].patients)`.
//!
//! The JSON path is the contract's (§4), machine text the kernel writes; it is read here only to
//! find its field's name, and always shown after it, so that the one who edits the file finds
//! the place too. A path of no field svf names (an unknown key) is named by the nearest field it
//! is in, else shown as it is.

use std::collections::BTreeMap;

use svf_kernel::vocabulary::SectionName;

use super::wording::{self, Language};

/// A field of the report by its path with every array index written `[]`, and its name in
/// Swedish and English; `{n}` stands for the entry's number (the first index, counted from 1).
const FIELDS: &[(&str, &str, &str)] = &[
    ("schema", "Formatets namn", "Format name"),
    ("agreement_year", "Överenskommelseår", "Agreement year"),
    ("region_code", "Regionkod", "Region code"),
    ("region_name", "Regionens namn", "Region name"),
    ("period", "Perioden", "Period"),
    ("period.from", "Perioden: från", "Period: from"),
    ("period.to", "Perioden: till", "Period: to"),
    ("inclusion", "Inklusion", "Inclusion"),
    (
        "inclusion.new_cases",
        "Inklusion: nya fall",
        "Inclusion: new cases",
    ),
    ("inclusion.in_svf", "Inklusion: i SVF", "Inclusion: in SVF"),
    ("inclusion.by_sex", "Inklusion per kön", "Inclusion by sex"),
    (
        "inclusion.by_sex.women",
        "Inklusion, kvinnor",
        "Inclusion, women",
    ),
    ("inclusion.by_sex.men", "Inklusion, män", "Inclusion, men"),
    (
        "inclusion.by_sex.women.new_cases",
        "Inklusion, kvinnor: nya fall",
        "Inclusion, women: new cases",
    ),
    (
        "inclusion.by_sex.women.in_svf",
        "Inklusion, kvinnor: i SVF",
        "Inclusion, women: in SVF",
    ),
    (
        "inclusion.by_sex.men.new_cases",
        "Inklusion, män: nya fall",
        "Inclusion, men: new cases",
    ),
    (
        "inclusion.by_sex.men.in_svf",
        "Inklusion, män: i SVF",
        "Inclusion, men: in SVF",
    ),
    ("prem", "PREM", "PREM"),
    ("prem.used", "PREM i uppföljningen", "PREM in the follow-up"),
    ("lead_times", "Ledtider", "Lead times"),
    (
        "lead_times[]",
        "Ledtider, post {n}",
        "Lead times, entry {n}",
    ),
    (
        "lead_times[].svf",
        "Ledtider, post {n}: SVF",
        "Lead times, entry {n}: SVF",
    ),
    (
        "lead_times[].patients",
        "Ledtider, post {n}: patienter",
        "Lead times, entry {n}: patients",
    ),
    (
        "lead_times[].within_target",
        "Ledtider, post {n}: inom maxtid",
        "Lead times, entry {n}: within the maximum time",
    ),
    (
        "lead_times[].baseline_patients",
        "Ledtider, post {n}: utgångsläge, patienter",
        "Lead times, entry {n}: baseline, patients",
    ),
    (
        "lead_times[].baseline_within_target",
        "Ledtider, post {n}: utgångsläge, inom maxtid",
        "Lead times, entry {n}: baseline, within the maximum time",
    ),
    (
        "lead_times[].by_sex",
        "Ledtider, post {n}: per kön",
        "Lead times, entry {n}: by sex",
    ),
    (
        "lead_times[].by_sex.women",
        "Ledtider, post {n}: kvinnor",
        "Lead times, entry {n}: women",
    ),
    (
        "lead_times[].by_sex.men",
        "Ledtider, post {n}: män",
        "Lead times, entry {n}: men",
    ),
    (
        "lead_times[].by_sex.women.patients",
        "Ledtider, post {n}: kvinnor, patienter",
        "Lead times, entry {n}: women, patients",
    ),
    (
        "lead_times[].by_sex.women.within_target",
        "Ledtider, post {n}: kvinnor, inom maxtid",
        "Lead times, entry {n}: women, within the maximum time",
    ),
    (
        "lead_times[].by_sex.men.patients",
        "Ledtider, post {n}: män, patienter",
        "Lead times, entry {n}: men, patients",
    ),
    (
        "lead_times[].by_sex.men.within_target",
        "Ledtider, post {n}: män, inom maxtid",
        "Lead times, entry {n}: men, within the maximum time",
    ),
    (
        "lead_times[].reason",
        "Ledtider, post {n}: orsak",
        "Lead times, entry {n}: reason",
    ),
    ("narrative", "Beskrivningar", "Narrative"),
];

/// Every field's name in `language`, by its path pattern (indices as `[]`, `{n}` for the
/// entry's number): the table the checker page looks paths up in, as [`place`] does.
pub fn names(language: Language) -> BTreeMap<String, String> {
    let mut names: BTreeMap<String, String> = FIELDS
        .iter()
        .map(|&(pattern, sv, en)| (pattern.to_owned(), language.pick(sv, en).to_owned()))
        .collect();
    for section in SectionName::ALL {
        let name = wording::capitalised(wording::section(section, language));
        names.insert(
            format!("narrative.{}", section.as_str()),
            format!("{}: {name}", language.pick("Beskrivning", "Narrative")),
        );
    }
    names
}

/// The place of `path` in words, with the path after: `Inklusion: nya fall
/// (inclusion.new_cases)`; an unknown key by the field it is in: `Inklusion
/// (inclusion.new_case)`; the report as a whole (an empty path) is the empty string.
pub fn place(path: &str, language: Language) -> String {
    if path.is_empty() {
        return String::new();
    }
    match name(path, language) {
        Some(name) => format!("{name} ({path})"),
        None => path.to_owned(),
    }
}

/// The name of the field at `path`, or of the nearest field that holds it, without the path:
/// `Ledtider, post 2: patienter`; `None` for a path outside every field svf names.
pub fn name(path: &str, language: Language) -> Option<String> {
    name_in(path, &names(language))
}

/// The name of `path` or of the nearest field that holds it, `{n}` filled in.
fn name_in(path: &str, names: &BTreeMap<String, String>) -> Option<String> {
    let (pattern, first_index) = pattern_of(path);
    let mut pattern = pattern.as_str();
    loop {
        if let Some(name) = names.get(pattern) {
            let number = first_index.map_or(String::new(), |i| (i + 1).to_string());
            return Some(name.replace("{n}", &number));
        }
        // The field it is in: the pattern without its last key or index.
        let cut = pattern.rfind(['.', '['])?;
        pattern = &pattern[..cut];
    }
}

/// The path with every index written `[]`, and its first index.
fn pattern_of(path: &str) -> (String, Option<u64>) {
    let mut pattern = String::with_capacity(path.len());
    let mut first = None;
    let mut rest = path;
    while let Some(open) = rest.find('[') {
        pattern.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(']') {
            Some(close) if after[..close].bytes().all(|b| b.is_ascii_digit()) => {
                if first.is_none() {
                    first = after[..close].parse().ok();
                }
                pattern.push_str("[]");
                rest = &after[close + 1..];
            }
            // Not an index (a key holding a bracket): the rest as it is.
            _ => {
                pattern.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    pattern.push_str(rest);
    (pattern, first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_named_with_its_path_after() {
        for (path, sv, en) in [
            (
                "inclusion.new_cases",
                "Inklusion: nya fall (inclusion.new_cases)",
                "Inclusion: new cases (inclusion.new_cases)",
            ),
            (
                "lead_times[1].patients",
                "Ledtider, post 2: patienter (lead_times[1].patients)",
                "Lead times, entry 2: patients (lead_times[1].patients)",
            ),
            (
                "lead_times[0].by_sex.men.within_target",
                "Ledtider, post 1: män, inom maxtid (lead_times[0].by_sex.men.within_target)",
                "Lead times, entry 1: men, within the maximum time \
                 (lead_times[0].by_sex.men.within_target)",
            ),
            (
                "narrative.urology",
                "Beskrivning: Urologin (narrative.urology)",
                "Narrative: Urology (narrative.urology)",
            ),
            // An unknown key, by the field it is in; one outside every field, as it is.
            (
                "inclusion.new_case",
                "Inklusion (inclusion.new_case)",
                "Inclusion (inclusion.new_case)",
            ),
            ("submitted", "submitted", "submitted"),
            ("", "", ""),
        ] {
            assert_eq!(place(path, Language::Swedish), sv, "{path}");
            assert_eq!(place(path, Language::English), en, "{path}");
        }
    }

    #[test]
    fn every_field_of_the_schema_has_a_name() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../../spec/report.schema.json")).unwrap();
        let mut paths = Vec::new();
        leaves(&schema, &schema, "", &mut paths);
        assert!(paths.len() > 30, "{paths:?}");
        let names = names(Language::Swedish);
        for path in paths {
            assert!(names.contains_key(&path), "{path} has no name");
        }
    }

    /// Every field's path pattern in the schema, objects and arrays as well as values.
    fn leaves(
        root: &serde_json::Value,
        node: &serde_json::Value,
        prefix: &str,
        out: &mut Vec<String>,
    ) {
        let node = match node.get("$ref").and_then(|r| r.as_str()) {
            Some(r) => root.pointer(&r[1..]).unwrap(),
            None => node,
        };
        if !prefix.is_empty() {
            out.push(prefix.to_owned());
        }
        if let Some(properties) = node.get("properties").and_then(|p| p.as_object()) {
            for (key, value) in properties {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                leaves(root, value, &path, out);
            }
        } else if let Some(items) = node.get("items") {
            leaves(root, items, &format!("{prefix}[]"), out);
        }
    }
}
