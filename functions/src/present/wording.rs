//! Every word svf says to people about the contract's ids, in Swedish and English, keyed by the
//! kernel's types: the names of conditions, payments, diagnoses and report sections, what to do
//! about a missing field or an unmet condition, and the English of a verdict's figures.
//!
//! The kernel writes the Swedish `detail` and `required` of a condition (contract §4); the
//! English here is made from the same figures and goals as numbers, never from that text.

use std::fmt;

use svf_kernel::assessment::{Baseline, Figures, Source};
use svf_kernel::rcc::{Area, ProjectField, RccMissing};
use svf_kernel::vocabulary::{
    Advice, ConditionId, DiagnosisId, Missing, PaymentId, SectionName, SpecialReport,
};

use crate::contract::provenance::Redecided;
use crate::contract::word::Word;

/// The language of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// Svenska.
    Swedish,
    /// English.
    English,
}

impl Language {
    /// The Swedish or the English of a pair.
    pub fn pick<T>(self, swedish: T, english: T) -> T {
        match self {
            Language::Swedish => swedish,
            Language::English => english,
        }
    }
}

/// A diagnosis of the lead-time conditions: `bröstcancer`, `breast cancer`; one a rules file
/// names that svf has no words for is shown by its id.
pub fn diagnosis(id: &DiagnosisId, language: Language) -> &str {
    let (sv, en) = match id.as_str() {
        "breast" => ("bröstcancer", "breast cancer"),
        "colon" => ("tjocktarmscancer", "colon cancer"),
        "rectum" => ("ändtarmscancer", "rectal cancer"),
        "prostate" => ("prostatacancer", "prostate cancer"),
        // The report schema's other examples.
        "lung" => ("lungcancer", "lung cancer"),
        "myeloma" => ("myelom", "myeloma"),
        other => (other, other),
    };
    language.pick(sv, en)
}

/// The subject of a special report: `tjock- och ändtarmscancer`, `colorectal cancer`.
fn special_report(report: SpecialReport, language: Language) -> &'static str {
    match report {
        SpecialReport::Colorectal => {
            language.pick("tjock- och ändtarmscancer", "colorectal cancer")
        }
        SpecialReport::Myeloma => language.pick("myelom", "myeloma"),
    }
}

/// A condition's name: `Inklusionsmålet`, `Ledtider, bröstcancer`.
pub fn label(id: &ConditionId, language: Language) -> String {
    match id {
        ConditionId::Inclusion => language
            .pick("Inklusionsmålet", "Inclusion goal")
            .to_owned(),
        ConditionId::Prem => language
            .pick("PREM används i uppföljningen", "PREM used in follow-up")
            .to_owned(),
        ConditionId::Deadline => language
            .pick("Inkommen i tid", "Received in time")
            .to_owned(),
        ConditionId::SpecialReport(report) => format!(
            "{}, {}",
            language.pick("Särskild redovisning", "Special report"),
            special_report(*report, language)
        ),
        ConditionId::LeadTime(d) => format!(
            "{}, {}",
            language.pick("Ledtider", "Lead times"),
            diagnosis(d, language)
        ),
    }
}

/// A stored condition's name; one of an id this version does not know, by its id.
pub fn stored_label(id: &Word<ConditionId>, language: Language) -> String {
    match id {
        Word::Known(id) => label(id, language),
        Word::Unknown(text) => text.clone(),
    }
}

/// A conditional payment's name in a notification: `Utbetalning 2, del A`.
pub fn part_name(id: PaymentId, language: Language) -> &'static str {
    match id {
        PaymentId::First => language.pick("Utbetalning 1", "First payment"),
        PaymentId::Second => language.pick("Utbetalning 2", "Second payment"),
        PaymentId::SecondA => language.pick("Utbetalning 2, del A", "Second payment, part A"),
        PaymentId::SecondB => language.pick("Utbetalning 2, del B", "Second payment, part B"),
    }
}

/// The Swedish heading of a payment's column in an annex and on the page: `Utbetalning 2 del A`.
pub fn heading(id: PaymentId) -> &'static str {
    match id {
        PaymentId::First => "Utbetalning 1",
        PaymentId::Second => "Utbetalning 2",
        PaymentId::SecondA => "Utbetalning 2 del A",
        PaymentId::SecondB => "Utbetalning 2 del B",
    }
}

/// A narrative section's subject: `urologin`, `urology`.
pub fn section(name: SectionName, language: Language) -> &'static str {
    match name {
        SectionName::LeadTimes => language.pick("ledtiderna", "lead times"),
        SectionName::PremUse => language.pick("användningen av PREM", "the use of PREM"),
        SectionName::LongestWaits => language.pick("de längsta väntetiderna", "the longest waits"),
        SectionName::Urology => language.pick("urologin", "urology"),
        SectionName::MpnActionPlan => {
            language.pick("handlingsplanen för MPN", "the MPN action plan")
        }
        SectionName::Colorectal => special_report(SpecialReport::Colorectal, language),
        SectionName::Myeloma => special_report(SpecialReport::Myeloma, language),
    }
}

/// What to do about one missing path, named where it is: `PREM: används (prem.used): ange om
/// PREM används …`.
pub fn how_to_add(missing: &Word<Missing>, language: Language) -> String {
    let Word::Known(missing) = missing else {
        return missing.to_string();
    };
    let hint = match missing {
        Missing::NewCases => language
            .pick(
                "ange antalet nya cancerfall under perioden",
                "give the number of new cancer cases in the period",
            )
            .to_owned(),
        Missing::InSvf => language
            .pick(
                "ange hur många av dem som ingick i ett SVF",
                "give how many of them were included in an SVF",
            )
            .to_owned(),
        Missing::PremUsed => language
            .pick(
                "ange om PREM används i uppföljningen (ja eller nej; i filen true eller false)",
                "say whether PREM is used in the follow-up (yes or no; in the file true or false)",
            )
            .to_owned(),
        Missing::PeriodFrom | Missing::PeriodTo => language
            .pick("ange datumet som ÅÅÅÅ-MM-DD", "give the date as YYYY-MM-DD")
            .to_owned(),
        Missing::Narrative(name) => format!(
            "{} {}",
            language.pick("skriv avsnittet om", "write the section on"),
            section(*name, language)
        ),
        Missing::Baseline { .. } => language
            .pick(
                "ange utgångsläget (patienter och inom maxtid)",
                "give the baseline (patients and within the maximum time)",
            )
            .to_owned(),
        Missing::LeadTime(d) => format!(
            "{} ({})",
            language.pick("lägg till en ledtidspost", "add a lead-time entry"),
            label(&ConditionId::LeadTime(d.clone()), language)
        ),
        Missing::EntryField { .. } => language
            .pick(
                "fyll i fältet i ledtidsposten",
                "fill in the field of the lead-time entry",
            )
            .to_owned(),
    };
    let place = super::place::place(&missing.to_string(), language);
    format!("{place}: {hint}")
}

/// The opening of a rejected report's text, before its errors.
pub fn rejected(language: Language) -> &'static str {
    language.pick(
        "Redovisningen har avvisats och kan inte bedömas. Fel i filen (plats: orsak):",
        "The report was rejected and cannot be assessed. Errors in the file (place: reason):",
    )
}

/// What a region does about a rejected report.
pub fn correct_and_upload(language: Language) -> &'static str {
    language.pick(
        "Rätta uppgifterna och ladda upp redovisningen igen. Den tidigare bedömningen, om någon, gäller tills dess.",
        "Correct the report and upload it again. The earlier assessment, if any, stands until then.",
    )
}

/// A conditional payment's verdict: `villkoren är uppfyllda`.
pub fn part_verdict(eligible: bool, language: Language) -> &'static str {
    if eligible {
        language.pick("villkoren är uppfyllda", "the conditions are met")
    } else {
        language.pick("villkoren är inte uppfyllda", "the conditions are not met")
    }
}

/// A complete report's line.
pub fn complete(language: Language) -> &'static str {
    language.pick("Redovisningen är komplett.", "The report is complete.")
}

/// An incomplete report's line, before what it lacks; `by` is the last day to add it.
pub fn incomplete(by: Option<&str>, language: Language) -> String {
    match (language, by) {
        (Language::Swedish, Some(day)) => format!(
            "Redovisningen är inte komplett. Komplettera och ladda upp en ny version senast {day}:"
        ),
        (Language::Swedish, None) => {
            "Redovisningen är inte komplett. Komplettera och ladda upp en ny version:".to_owned()
        }
        (Language::English, Some(day)) => format!(
            "The report is incomplete. Add what is missing and upload a new version by {day}:"
        ),
        (Language::English, None) => {
            "The report is incomplete. Add what is missing and upload a new version:".to_owned()
        }
    }
}

/// What an incomplete report received after the last day is asked for: completing it still
/// makes the report whole, but no longer earns the conditional payment.
pub fn incomplete_late(last_day: Option<&str>, language: Language) -> String {
    let day = last_day.map_or_else(String::new, |day| format!(" ({day})"));
    match language {
        Language::Swedish => format!(
            "Redovisningen är inte komplett, och sista dagen för den villkorade utbetalningen{day} \
             har passerat: en komplettering gör redovisningen fullständig men ger inte rätt till \
             utbetalningen. Det som saknas:"
        ),
        Language::English => format!(
            "The report is incomplete, and the last day for the conditional payment{day} has \
             passed: completing it makes the report whole but does not earn the payment. What \
             is missing:"
        ),
    }
}

/// The heading of the conditions' list.
pub fn conditions_heading(language: Language) -> &'static str {
    language.pick("Villkor:", "Conditions:")
}

/// A verdict: `uppfyllt`, `not met`, `kan inte bedömas, uppgift saknas`.
pub fn verdict(met: Option<bool>, language: Language) -> &'static str {
    match met {
        Some(true) => language.pick("uppfyllt", "met"),
        Some(false) => language.pick("inte uppfyllt", "not met"),
        None => language.pick(
            "kan inte bedömas, uppgift saknas",
            "cannot be decided, data missing",
        ),
    }
}

/// How to fix a condition that is not met, when the region can.
pub fn remedy(id: &ConditionId, met: Option<bool>, language: Language) -> Option<&'static str> {
    if met != Some(false) {
        return None;
    }
    Some(match id {
        ConditionId::Deadline => language.pick(
            "Kan inte rättas: redovisningen kom in efter sista dagen.",
            "Cannot be corrected: the report came in after the last day.",
        ),
        ConditionId::Inclusion => language.pick(
            "Stämmer siffrorna är villkoret inte uppfyllt; är de fel, rätta inclusion.new_cases och inclusion.in_svf och ladda upp igen.",
            "If the figures are right the condition is not met; if they are wrong, correct inclusion.new_cases and inclusion.in_svf and upload again.",
        ),
        ConditionId::Prem => language.pick(
            "Använder regionen PREM i uppföljningen, rätta prem.used till true och ladda upp igen.",
            "If the region uses PREM in the follow-up, set prem.used to true and upload again.",
        ),
        ConditionId::LeadTime(_) => language.pick(
            "Stämmer siffrorna är villkoret inte uppfyllt; är de fel, rätta ledtiderna (lead_times) och ladda upp igen.",
            "If the figures are right the condition is not met; if they are wrong, correct the lead times (lead_times) and upload again.",
        ),
        ConditionId::SpecialReport(_) => return None,
    })
}

/// A requirement in English, from the condition's goal: `70 %`, `better than the baseline or
/// at least 80 %`.
pub fn requirement_en(id: &ConditionId, goal_percent: u8) -> Option<String> {
    match id {
        ConditionId::Inclusion => Some(format!("{goal_percent} %")),
        ConditionId::LeadTime(_) => Some(format!(
            "better than the baseline or at least {goal_percent} %"
        )),
        _ => None,
    }
}

/// The verdict of a condition in English with its margin, from its figures; `None` when there
/// is nothing to add to the verdict.
pub fn detail_en(id: &ConditionId, met: Option<bool>, figures: Figures) -> Option<String> {
    Some(match figures {
        Figures::Inclusion {
            in_svf,
            new_cases,
            needed,
        } => {
            let counted = format!("{in_svf} of {new_cases} new cases in SVF");
            match in_svf.checked_sub(needed) {
                Some(0) => format!("{counted}; exactly at the requirement"),
                Some(spare) => format!("{counted}; {spare} more than required"),
                None => format!(
                    "{counted}; {} more patients in SVF are needed to meet the requirement",
                    needed - in_svf
                ),
            }
        }
        Figures::Deadline {
            received,
            first_received,
            last_day,
        } => {
            let late = if met == Some(false) { "; too late" } else { "" };
            if first_received == received {
                format!("received {received}, last day {last_day}{late}")
            } else {
                format!(
                    "first received {first_received}, this version {received}, last day {last_day}{late}"
                )
            }
        }
        Figures::LeadTime {
            within,
            patients,
            baseline,
            reaches_goal,
        } => {
            let baseline = match baseline {
                Some(Baseline {
                    patients: base_patients,
                    within: base_within,
                }) => format!("baseline {base_within} of {base_patients}"),
                None => "no baseline".to_owned(),
            };
            let verdict = match (reaches_goal, met) {
                (true, _) => "reaches the lead-time goal",
                (false, Some(true)) => "improved",
                (false, Some(false)) => "not improved and below the lead-time goal",
                (false, None) => "below the lead-time goal; the baseline is needed",
            };
            format!("{within} of {patients} within the maximum time; {baseline}; {verdict}")
        }
        Figures::NoPatients => match met {
            Some(true) => "no patients in the period; the requirement does not apply".to_owned(),
            _ => "no patients in the period; counted as not met under the year's rules".to_owned(),
        },
        Figures::None => match (id, met) {
            (ConditionId::Prem, None) => "no answer whether PREM is used (prem.used)".to_owned(),
            (ConditionId::Prem, Some(false)) => {
                "the region does not use PREM in the follow-up of SVF".to_owned()
            }
            (ConditionId::Inclusion, None) => {
                "the numbers of new cases and of cases in SVF are missing".to_owned()
            }
            (ConditionId::SpecialReport(report), None) => format!(
                "the special report is missing ({})",
                Missing::Narrative(match report {
                    SpecialReport::Colorectal => SectionName::Colorectal,
                    SpecialReport::Myeloma => SectionName::Myeloma,
                })
            ),
            (ConditionId::LeadTime(_), None) => "lead times are missing".to_owned(),
            _ => return None,
        },
    })
}

/// `Bröstcancer` of `bröstcancer`: a word as the start of a label.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A payment's heading, for an id as stored.
pub struct StoredHeading<'w>(pub &'w Word<PaymentId>);

impl fmt::Display for StoredHeading<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Word::Known(id) => f.write_str(heading(*id)),
            Word::Unknown(text) => f.write_str(text),
        }
    }
}

/// Asks for what the assessment advises (never required): `Ange skälen till att ledtidsmålet
/// inte nås för bröstcancer … (lead_times.breast.reason).`
pub fn advice(advice: &Advice, language: Language) -> String {
    match advice {
        Advice::Reason(d) => match language {
            Language::Swedish => format!(
                "Ange skälen till att ledtidsmålet inte nås för {} och hur regionen arbetar för \
                 att förbättra situationen ({advice}). Det påverkar varken fullständigheten \
                 eller utbetalningen.",
                diagnosis(d, language)
            ),
            Language::English => format!(
                "Please give the reasons why the lead-time goal is not met for {} and how the \
                 region works to improve the situation ({advice}). It changes neither \
                 completeness nor payment.",
                diagnosis(d, language)
            ),
        },
    }
}

/// The heading of the advice: `Vi ber också om:`.
pub fn advice_heading(language: Language) -> &'static str {
    language.pick("Vi ber också om:", "We also ask for:")
}

/// Whose figures decided a lead time, with the report's own counts where they differ:
/// `Socialstyrelsens uppgifter; er redovisning: 44 av 96`.
pub fn source(
    source: Source,
    reported: Option<(u32, u32)>,
    decided: Option<(u32, u32)>,
    language: Language,
) -> String {
    match source {
        Source::Report => language
            .pick("regionens redovisning", "the region's report")
            .to_owned(),
        Source::Agency => {
            let agency = language.pick("Socialstyrelsens uppgifter", "the agency's data");
            match reported {
                Some(own) if Some(own) == decided => format!(
                    "{agency}; {}",
                    language.pick("samma som er redovisning", "the same as your report")
                ),
                Some((within, patients)) => format!(
                    "{agency}; {} {within} {} {patients}",
                    language.pick("er redovisning:", "your report:"),
                    language.pick("av", "of")
                ),
                None => format!(
                    "{agency}; {}",
                    language.pick(
                        "er redovisning saknar uppgiften",
                        "your report does not give it"
                    )
                ),
            }
        }
    }
}

/// A key as people may be shown it: control characters escaped, so that none reaches a
/// terminal or a mail raw.
pub fn printable(key: &str) -> String {
    key.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_unicode().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// Why a region's assessment was decided again, in a notification: the configuration file
/// written or removed, a new build, or a stored assessment that was not the kernel's.
pub fn redecided(cause: &Redecided, language: Language) -> String {
    let sv = language == Language::Swedish;
    let because = match cause {
        Redecided::Configuration { key, etag } => {
            let key = printable(key);
            let lead_times = key.ends_with("/lead_times.csv");
            match (lead_times, etag.is_some(), sv) {
                (true, true, true) => format!(
                    "Socialstyrelsens ledtidsdata har kommit in eller ändrats ({key}). Ledtiderna \
                     avgörs av myndighetens uppgifter där de finns."
                ),
                (true, false, true) => format!(
                    "Socialstyrelsens ledtidsdata har tagits bort ({key}). Ledtiderna avgörs nu \
                     av er egen redovisning."
                ),
                (false, true, true) => format!("Årets regler har ändrats ({key})."),
                (false, false, true) => format!(
                    "Årets regelfil har tagits bort ({key}); årets regler gäller som \
                     överenskommelsen anger dem."
                ),
                (true, true, false) => format!(
                    "The agency's wait-time data arrived or changed ({key}). Lead times are \
                     decided on the agency's data where it has them."
                ),
                (true, false, false) => format!(
                    "The agency's wait-time data was removed ({key}). Lead times are now decided \
                     on your own report."
                ),
                (false, true, false) => format!("The year's rules changed ({key})."),
                (false, false, false) => format!(
                    "The year's rules file was removed ({key}); the year's rules apply as the \
                     agreement states them."
                ),
            }
        }
        Redecided::Build { svf, commit } => {
            if sv {
                format!("svf har uppdaterats (bedömningen gjordes förut av svf {svf}, {commit}).")
            } else {
                format!("svf was updated (the assessment was made before by svf {svf}, {commit}).")
            }
        }
        Redecided::Rederived => language
            .pick(
                "Den lagrade bedömningen var inte den som redovisningen ger under årets regler.",
                "The stored assessment was not the one your report gives under the year's rules.",
            )
            .to_owned(),
    };
    if sv {
        format!("Bedömningen har gjorts om, och utfallet för er redovisning har ändrats. {because}")
    } else {
        format!("The assessment was made again, and the verdict on your report changed. {because}")
    }
}

/// A special investment: `patologi`, `pathology`.
pub fn area(area: Area, language: Language) -> &'static str {
    let (sv, en) = match area {
        Area::Patologi => ("patologi", "pathology"),
        Area::Radiologi => ("radiologi", "radiology"),
        Area::Rehabilitering => ("rehabilitering", "rehabilitation"),
        Area::BildOchFunktionsmedicin => (
            "bild- och funktionsmedicin",
            "imaging and clinical physiology",
        ),
        Area::Primarvard => ("primärvård", "primary care"),
    };
    language.pick(sv, en)
}

/// What to add to an RCC's report: `areas[0].criteria: beskriv kriterierna …`.
pub fn rcc_missing(missing: &RccMissing, language: Language) -> String {
    let what = match (missing, language) {
        (RccMissing::Stage, Language::Swedish) => {
            "ange om det är den första eller den slutliga lägesbilden (first eller final)"
                .to_owned()
        }
        (RccMissing::Stage, Language::English) => {
            "say whether this is the first or the final status report (first or final)".to_owned()
        }
        (RccMissing::Areas, Language::Swedish) => "redovisa årets områden".to_owned(),
        (RccMissing::Areas, Language::English) => "report the year's areas".to_owned(),
        (RccMissing::Area(a), _) => match language {
            Language::Swedish => format!("redovisa området {}", area(*a, language)),
            Language::English => format!("report the area {}", area(*a, language)),
        },
        (RccMissing::Criteria(_), Language::Swedish) => {
            "beskriv kriterierna för fördelningen av medlen".to_owned()
        }
        (RccMissing::Criteria(_), Language::English) => {
            "describe the criteria used to pass the money on".to_owned()
        }
        (RccMissing::Project { field, .. }, _) => {
            let (sv, en) = match field {
                ProjectField::Name => ("ange projektets namn", "give the project's name"),
                ProjectField::Recipient => {
                    ("ange vem som fått medlen", "give who received the money")
                }
                ProjectField::Amount => (
                    "ange beviljat belopp i öre",
                    "give the amount granted, in öre",
                ),
                ProjectField::Description => (
                    "beskriv vad projektet gör",
                    "describe what the project does",
                ),
                ProjectField::Results => (
                    "beskriv projektets resultat",
                    "describe the project's results",
                ),
            };
            language.pick(sv, en).to_owned()
        }
        (RccMissing::GoodExamples, _) => language
            .pick("beskriv goda exempel", "describe good examples")
            .to_owned(),
        (RccMissing::Proposals, _) => language
            .pick(
                "lämna förslag på fortsatt utvecklingsarbete",
                "give proposals for further development",
            )
            .to_owned(),
        (RccMissing::Results, _) => language
            .pick(
                "beskriv övergripande resultat på kort och lång sikt",
                "describe the overall results, short and long term",
            )
            .to_owned(),
        (RccMissing::LeadTimeEffects, _) => language
            .pick(
                "beskriv satsningarnas effekt på ledtider inom SVF",
                "describe the investments' effect on lead times in SVF",
            )
            .to_owned(),
    };
    format!("{missing}: {what}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page and the notifications name every SVF the report schema gives as an example in
    /// Swedish, never by its id ("Ledtider, lung").
    #[test]
    fn the_schemas_example_diagnoses_have_swedish_names() {
        for (id, sv, en) in [
            ("lung", "Ledtider, lungcancer", "Lead times, lung cancer"),
            ("myeloma", "Ledtider, myelom", "Lead times, myeloma"),
            (
                "breast",
                "Ledtider, bröstcancer",
                "Lead times, breast cancer",
            ),
        ] {
            let condition = ConditionId::LeadTime(DiagnosisId::new(id).unwrap());
            assert_eq!(label(&condition, Language::Swedish), sv);
            assert_eq!(label(&condition, Language::English), en);
        }
    }

    #[test]
    fn every_condition_and_payment_has_words_in_both_languages() {
        let ids = [
            ConditionId::Inclusion,
            ConditionId::Prem,
            ConditionId::Deadline,
            ConditionId::SpecialReport(SpecialReport::Colorectal),
            ConditionId::SpecialReport(SpecialReport::Myeloma),
            ConditionId::LeadTime(DiagnosisId::new("breast").unwrap()),
        ];
        for id in &ids {
            let (sv, en) = (label(id, Language::Swedish), label(id, Language::English));
            assert_ne!(sv, en, "{id}");
            assert!(!sv.contains('_') && !en.contains('_'), "{sv} / {en}");
        }
        for id in PaymentId::ALL {
            assert_ne!(
                part_name(id, Language::Swedish),
                part_name(id, Language::English)
            );
            assert!(heading(id).starts_with("Utbetalning"));
        }
        for name in SectionName::ALL {
            assert!(!section(name, Language::English).contains('_'));
        }
    }

    #[test]
    fn a_missing_path_is_named_by_the_contract_and_explained() {
        let missing = Word::Known(Missing::Narrative(SectionName::Urology));
        assert_eq!(
            how_to_add(&missing, Language::Swedish),
            "Beskrivning: Urologin (narrative.urology): skriv avsnittet om urologin"
        );
        let unknown = Word::Unknown("narrative.poetry".to_owned());
        assert_eq!(how_to_add(&unknown, Language::English), "narrative.poetry");
    }
}
