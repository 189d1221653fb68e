//! The notification a region gets for every upload: the verdict per condition with its margin,
//! what is missing or wrong and how to fix it, in Swedish and then in English, with the
//! assessment itself.

use std::fmt::Write as _;

use serde::Serialize;
use svf_kernel::assessment::{Assessment, Condition, Figures, Source, Status};
use svf_kernel::region::Region;
use svf_kernel::vocabulary::ConditionId;

use crate::contract::provenance::Redecided;
use crate::contract::record::RecordRef;
use crate::contract::stored::NOTIFICATION_SCHEMA;
use crate::contract::upload_ref::{Superseded, UploadRef};
use crate::contract::word::Word;
use crate::present::place;
use crate::present::wording::{self, Language, printable};

/// One notification (`notifications/{year}/{region}/{id}.json`).
#[derive(Debug, Serialize)]
pub struct Notification<'a> {
    /// Always [`NOTIFICATION_SCHEMA`].
    pub schema: &'static str,
    /// The upload.
    pub upload: &'a UploadRef,
    /// A one-line summary, Swedish.
    pub subject: String,
    /// The message in Swedish.
    pub text_sv: String,
    /// The message in English.
    pub text_en: String,
    /// The assessment.
    pub assessment: &'a Assessment,
    /// The report that counts instead, when this upload is not the region's current one (a
    /// later report came in before it was handled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<&'a Superseded>,
    /// What made the verdict change, when the notification is of a decision made again rather
    /// than of an upload: a configuration file written or removed, a new build, or a stored
    /// assessment that was not the kernel's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redecided_by: Option<&'a Redecided>,
    /// The year's payments already decided, which this upload does not change (contract §9).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub decided: &'a [RecordRef],
}

impl<'a> Notification<'a> {
    /// The notification of `assessment` for `upload`.
    pub fn new(upload: &'a UploadRef, assessment: &'a Assessment) -> Notification<'a> {
        Notification::counting(upload, assessment, None)
    }

    /// The notification of `assessment` for `upload`, which is not the region's current report
    /// when `superseded_by` names the one that counts instead.
    pub fn counting(
        upload: &'a UploadRef,
        assessment: &'a Assessment,
        superseded_by: Option<&'a Superseded>,
    ) -> Notification<'a> {
        Notification {
            schema: NOTIFICATION_SCHEMA,
            upload,
            subject: subject(assessment, superseded_by.is_some()),
            text_sv: text(
                assessment,
                &upload.key,
                superseded_by,
                None,
                Language::Swedish,
            ),
            text_en: text(
                assessment,
                &upload.key,
                superseded_by,
                None,
                Language::English,
            ),
            assessment,
            superseded_by,
            redecided_by: None,
            decided: &[],
        }
    }

    /// The same notification, telling that the year's payments `decided` are decided and that
    /// this upload does not change them.
    #[must_use]
    pub fn with_decided(mut self, decided: &'a [RecordRef]) -> Notification<'a> {
        for (text, language) in [
            (&mut self.text_sv, Language::Swedish),
            (&mut self.text_en, Language::English),
        ] {
            for payment in decided {
                let _ = writeln!(text, "\n{}", decided_note(payment, language));
            }
        }
        self.decided = decided;
        self
    }

    /// The notification of `assessment`, the region's current report at `upload` decided again
    /// because the agency's wait-time file `file` arrived or changed.
    pub fn redecided(
        upload: &'a UploadRef,
        assessment: &'a Assessment,
        cause: &'a Redecided,
    ) -> Notification<'a> {
        Notification {
            schema: NOTIFICATION_SCHEMA,
            upload,
            subject: subject(assessment, false),
            text_sv: text(
                assessment,
                &upload.key,
                None,
                Some(cause),
                Language::Swedish,
            ),
            text_en: text(
                assessment,
                &upload.key,
                None,
                Some(cause),
                Language::English,
            ),
            assessment,
            superseded_by: None,
            redecided_by: Some(cause),
            decided: &[],
        }
    }

    /// Both texts, Swedish first, for a message channel such as SNS.
    pub fn message(&self) -> String {
        message(&self.text_sv, &self.text_en)
    }
}

/// A message's Swedish and English texts as one, Swedish first, for a message channel such as
/// SNS: every message svf announces (an upload's, an RCC's, a reminder) has this shape.
pub fn message(text_sv: &str, text_en: &str) -> String {
    format!("{text_sv}\n\n----\n\n{text_en}")
}

fn region_name(assessment: &Assessment, language: Language) -> String {
    match assessment.region_code().and_then(Region::from_code) {
        Some(region) => format!("{} {}", region.code(), region.name()),
        None => language
            .pick("okänd region", "an unknown region")
            .to_owned(),
    }
}

/// `SVF-redovisning 2024, 01 Stockholm: villkoren uppfyllda`; of a superseded upload, that it
/// is not the report that counts.
fn subject(assessment: &Assessment, superseded: bool) -> String {
    let year = assessment
        .agreement_year()
        .map_or_else(String::new, |y| format!(" {y}"));
    let verdict = match assessment.status() {
        _ if superseded => "inte den gällande redovisningen",
        Status::Rejected => "avvisad",
        Status::Assessed if !assessment.complete() => "ofullständig",
        Status::Assessed if assessment.parts().iter().all(|p| p.eligible) => "villkoren uppfyllda",
        Status::Assessed => "villkoren inte uppfyllda",
    };
    format!(
        "SVF-redovisning{year}, {}: {verdict}",
        region_name(assessment, Language::Swedish)
    )
}

/// The verdict of a condition with its margin: the kernel's Swedish, or English from the
/// figures.
fn detail(c: &Condition, language: Language) -> Option<String> {
    match language {
        Language::Swedish => c.detail().map(|d| d.to_string()),
        Language::English => wording::detail_en(c.id(), c.met(), c.figures()),
    }
}

fn condition_line(out: &mut String, c: &Condition, assessment: &Assessment, language: Language) {
    let _ = write!(
        out,
        "- {}: {}",
        wording::label(c.id(), language),
        wording::verdict(c.met(), language)
    );
    let required = match language {
        Language::Swedish => c.required().map(|r| r.to_string()),
        Language::English => c
            .goal_percent()
            .and_then(|goal| wording::requirement_en(c.id(), goal)),
    };
    if let (Some(value), Some(required)) = (c.value(), required) {
        let word = language.pick("krav", "required");
        let _ = write!(out, " ({value}, {word} {required})");
    }
    if let Some(detail) = detail(c, language) {
        let _ = write!(out, ". {detail}");
    }
    // Only the agency's decisions are marked: the region's own figures need no word.
    if let (Some(source @ Source::Agency), ConditionId::LeadTime(d)) = (c.source(), c.id()) {
        let reported = assessment
            .reported()
            .find(|r| r.svf() == d.as_str())
            .and_then(|r| r.counts());
        let decided = match c.figures() {
            Figures::LeadTime {
                within, patients, ..
            } => Some((within, patients)),
            _ => None,
        };
        let _ = write!(
            out,
            " [{}]",
            wording::source(source, reported, decided, language)
        );
    }
    out.push('\n');
    if let Some(remedy) = wording::remedy(c.id(), c.met(), language) {
        let _ = writeln!(out, "  {remedy}");
    }
}

/// The deadline's last day, when the assessment knows it.
fn last_day(assessment: &Assessment) -> Option<String> {
    assessment
        .conditions()
        .iter()
        .find_map(|c| match c.figures() {
            Figures::Deadline { last_day, .. } => Some(last_day.to_string()),
            _ => None,
        })
}

/// Whose report, which year, when it came in and under which key.
fn write_heading(out: &mut String, assessment: &Assessment, key: &str, sv: bool) {
    let (date, hour, minute) = assessment.received().stockholm_clock();
    let year = assessment.agreement_year().map(|y| y.to_string());
    if sv {
        let year = year.map_or_else(
            || " (år okänt)".to_owned(),
            |y| format!(", överenskommelsen {y}"),
        );
        let _ = writeln!(
            out,
            "Redovisning för {}{year}.",
            region_name(assessment, Language::Swedish)
        );
        let _ = writeln!(
            out,
            "Mottagen {date} kl. {hour:02}:{minute:02} svensk tid: {key}"
        );
    } else {
        let name = match assessment.region_code().and_then(Region::from_code) {
            Some(region) => format!("region {} {}", region.code(), region.name()),
            None => region_name(assessment, Language::English),
        };
        let year = year.map_or_else(
            || " (year unknown)".to_owned(),
            |y| format!(", agreement year {y}"),
        );
        let _ = writeln!(out, "Report for {name}{year}.");
        let _ = writeln!(
            out,
            "Received {date} at {hour:02}:{minute:02} Swedish time: {key}"
        );
    }
}

/// The paragraph that says a payment is decided and an upload does not change it.
fn decided_note(payment: &RecordRef, language: Language) -> String {
    let name = wording::part_name(payment.payment, language);
    let (case, day) = (printable(&payment.case), printable(&payment.decided_on));
    match language {
        Language::Swedish => format!(
            "Observera: {name} är beslutad ({case}, {day}). Den här redovisningen ändrar inte \
             den utbetalningen; beslutet står fast."
        ),
        Language::English => format!(
            "Note: {name} was decided on {day} ({case}). This report does not change that \
             payment; the decision stands."
        ),
    }
}

/// The paragraph that tells a region its upload is not the report that counts, and which is.
/// The paragraph that says a later report counts instead of this one.
pub(crate) fn superseded_note(out: &mut String, instead: &Superseded, sv: bool) {
    let (date, hour, minute) = instead.received.stockholm_clock();
    let counting = printable(&instead.upload.key);
    let _ = if sv {
        writeln!(
            out,
            "Observera: det är inte den här redovisningen som gäller. En senare inkommen \
             redovisning bedöms och avgör utbetalningen: {counting} (mottagen {date} kl. \
             {hour:02}:{minute:02}). Bedömningen nedan gäller bara den här versionen.\n"
        )
    } else {
        writeln!(
            out,
            "Note: this is not the report that counts. A report received later is assessed \
             and decides the payment: {counting} (received {date} at {hour:02}:{minute:02}). \
             The assessment below is of this version only.\n"
        )
    };
}

fn text(
    assessment: &Assessment,
    key: &str,
    superseded_by: Option<&Superseded>,
    redecided_by: Option<&Redecided>,
    language: Language,
) -> String {
    let key = &printable(key);
    let sv = language == Language::Swedish;
    let mut out = String::new();
    write_heading(&mut out, assessment, key, sv);
    out.push('\n');
    if let Some(cause) = redecided_by {
        let _ = writeln!(out, "{}\n", wording::redecided(cause, language));
    }
    if let Some(instead) = superseded_by {
        superseded_note(&mut out, instead, sv);
    }
    if assessment.status() == Status::Rejected {
        let _ = writeln!(out, "{}", wording::rejected(language));
        for e in assessment.errors() {
            let place = place::place(&e.path, language);
            let place = if place.is_empty() {
                place
            } else {
                format!("{place}: ")
            };
            let reason = if sv {
                e.reason.swedish().to_string()
            } else {
                e.reason.to_string()
            };
            let _ = writeln!(out, "- {place}{reason}");
        }
        let _ = writeln!(out, "\n{}", wording::correct_and_upload(language));
        return out;
    }
    for part in assessment.parts() {
        let verdict = wording::part_verdict(part.eligible, language);
        let _ = writeln!(out, "{}: {verdict}.", wording::part_name(part.id, language));
    }
    if assessment.complete() {
        let _ = writeln!(out, "{}", wording::complete(language));
    } else {
        let by = last_day(assessment);
        // Past the last day (the first accepted report was late too), a completion cannot
        // earn the payment: it is not asked for "by" a day that has gone.
        let late = assessment
            .conditions()
            .iter()
            .any(|c| *c.id() == ConditionId::Deadline && c.met() == Some(false));
        let asked = if late {
            wording::incomplete_late(by.as_deref(), language)
        } else {
            wording::incomplete(by.as_deref(), language)
        };
        let _ = writeln!(out, "\n{asked}");
        for missing in assessment.missing() {
            let missing = Word::Known(missing);
            let _ = writeln!(out, "- {}", wording::how_to_add(&missing, language));
        }
    }
    let _ = writeln!(out, "\n{}", wording::conditions_heading(language));
    for c in assessment.conditions() {
        condition_line(&mut out, c, assessment, language);
    }
    let mut advice = assessment.advice().peekable();
    if advice.peek().is_some() {
        let _ = writeln!(out, "\n{}", wording::advice_heading(language));
        for a in advice {
            let _ = writeln!(out, "- {}", wording::advice(&a, language));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use svf_kernel::assessment::Receipt;
    use svf_kernel::report::Report;
    use svf_kernel::rules::Rules;
    use svf_kernel::time::Instant;

    use super::*;

    fn notify(json: &[u8], received: &str) -> (String, String) {
        let report = Report::parse(json).unwrap();
        let received = Instant::parse_rfc3339(received).unwrap();
        let assessment = Assessment::of(&report, &Rules::of(report.year), Receipt::new(received));
        let upload = UploadRef::new("reports/2024/x/r.json", "\"e\"");
        let note = Notification::new(&upload, &assessment);
        (note.text_sv, note.text_en)
    }

    const STOCKHOLM: &[u8] = include_bytes!("../../../spec/examples/2024-01-stockholm.json");
    const HALLAND: &[u8] = include_bytes!("../../../spec/examples/2024-13-halland-incomplete.json");
    const NORRBOTTEN: &[u8] =
        include_bytes!("../../../spec/examples/2024-25-norrbotten-below-inclusion.json");
    const VASTRA_GOTALAND: &[u8] =
        include_bytes!("../../../spec/examples/2026-14-vastra-gotaland.json");

    /// Words of the Swedish texts that must not reach the English one.
    fn no_swedish(en: &str) {
        for word in [
            " av ",
            "fler",
            "krav",
            "saknas",
            "inkom",
            "senast",
            "utgångsläge",
        ] {
            assert!(!en.contains(word), "{word:?} in\n{en}");
        }
    }

    #[test]
    fn a_passing_report_gives_its_margin_in_both_languages() {
        let (sv, en) = notify(STOCKHOLM, "2024-09-27T08:00:00Z");
        assert!(
            sv.contains("Mottagen 2024-09-27 kl. 10:00 svensk tid"),
            "{sv}"
        );
        assert!(
            sv.contains("Utbetalning 2: villkoren är uppfyllda."),
            "{sv}"
        );
        assert!(
            sv.contains("Inklusionsmålet: uppfyllt (81,07 %, krav 70 %). 6009 av 7412 nya fall i SVF; 820 fler än kravet"),
            "{sv}"
        );
        assert!(
            en.contains("Inclusion goal: met (81,07 %, required 70 %). 6009 of 7412 new cases in SVF; 820 more than required"),
            "{en}"
        );
        assert!(
            en.contains("Received in time: met. received 2024-09-27, last day 2024-09-30"),
            "{en}"
        );
        no_swedish(&en);
    }

    #[test]
    fn a_report_completed_after_feedback_keeps_its_first_date_in_both_languages() {
        let report = Report::parse(STOCKHOLM).unwrap();
        let at = |text| Instant::parse_rfc3339(text).unwrap();
        let receipt = Receipt::with_first(at("2024-10-05T08:00:00Z"), at("2024-09-27T08:00:00Z"));
        let assessment = Assessment::of(&report, &Rules::of(report.year), receipt);
        let upload = UploadRef::new("reports/2024/01/komplett.json", "\"e\"");
        let note = Notification::new(&upload, &assessment);
        assert!(
            note.text_sv.contains(
                "- Inkommen i tid: uppfyllt. inkom första gången 2024-09-27, denna version \
                 2024-10-05, senast 2024-09-30"
            ),
            "{}",
            note.text_sv
        );
        assert!(
            note.text_en.contains(
                "- Received in time: met. first received 2024-09-27, this version 2024-10-05, \
                 last day 2024-09-30"
            ),
            "{}",
            note.text_en
        );
        assert!(note.subject.ends_with("villkoren uppfyllda"));
    }

    /// An incomplete report that came in after the last day is not asked to be completed "by"
    /// that day, which has gone: it is told that completing it no longer earns the payment.
    #[test]
    fn an_incomplete_late_report_is_not_asked_for_the_impossible() {
        let (sv, en) = notify(HALLAND, "2024-10-02T09:00:00Z");
        assert!(!sv.contains("senast 2024-09-30:"), "{sv}");
        assert!(
            sv.contains(
                "Redovisningen är inte komplett, och sista dagen för den villkorade \
                 utbetalningen (2024-09-30) har passerat"
            ),
            "{sv}"
        );
        assert!(!en.contains("upload a new version by 2024-09-30"), "{en}");
        assert!(en.contains("does not earn the payment"), "{en}");
        // In time, it is asked by the day.
        let (sv, _) = notify(HALLAND, "2024-09-20T09:00:00Z");
        assert!(
            sv.contains("Komplettera och ladda upp en ny version senast 2024-09-30:"),
            "{sv}"
        );
    }

    /// A rejection of an upload whose region and year cannot be told says so in each language,
    /// never Swedish in the English text ("region okänd region, agreement year ?").
    #[test]
    fn an_unknown_region_and_year_are_said_in_each_language() {
        let received = Instant::parse_rfc3339("2024-09-20T09:00:00Z").unwrap();
        let error = svf_kernel::report::ReportError {
            path: svf_kernel::report::JsonPath::default(),
            reason: svf_kernel::report::Reason::Empty,
        };
        let assessment = Assessment::rejected(None, None, received, &[error]);
        let upload = UploadRef::new("reports/x.docx", "\"e\"");
        let note = Notification::new(&upload, &assessment);
        assert!(
            note.text_en
                .starts_with("Report for an unknown region (year unknown)."),
            "{}",
            note.text_en
        );
        assert!(!note.text_en.contains("okänd"), "{}", note.text_en);
        assert!(
            note.text_sv
                .starts_with("Redovisning för okänd region (år okänt)."),
            "{}",
            note.text_sv
        );
    }

    /// Each fault of a rejected report is told where it is in words a coordinator knows, the
    /// JSON path after, and why in the text's own language: no English in the Swedish text.
    #[test]
    fn a_rejections_faults_are_placed_and_told_in_each_language() {
        let text = br#"{"schema": "svf-report/1", "agreement_year": 2024, "region_code": "13",
            "inclusion": {"new_cases": "7 323", "in_svf": 10},
            "lead_times": [{"svf": "breast", "patients": 10, "within_target": -1}],
            "prem": {"used": "ja"}}"#;
        let rejection = Report::parse(text).unwrap_err();
        let received = Instant::parse_rfc3339("2024-09-20T09:00:00Z").unwrap();
        let assessment = Assessment::rejected(None, None, received, &rejection.errors);
        let upload = UploadRef::new("reports/2024/13/r.json", "\"e\"");
        let note = Notification::new(&upload, &assessment);
        let (sv, en) = (&note.text_sv, &note.text_en);
        for line in [
            "- Inklusion: nya fall (inclusion.new_cases): här ska stå ett heltal från 0 till 4294967295",
            "- Ledtider, post 1: inom maxtid (lead_times[0].within_target): här ska stå ett heltal",
            "- PREM i uppföljningen (prem.used): här ska stå true eller false",
        ] {
            assert!(sv.contains(line), "{line:?} in\n{sv}");
        }
        for line in [
            "- Inclusion: new cases (inclusion.new_cases): expected a whole number from 0 to 4294967295",
            "- Lead times, entry 1: within the maximum time (lead_times[0].within_target): expected",
            "- PREM in the follow-up (prem.used): expected true or false",
        ] {
            assert!(en.contains(line), "{line:?} in\n{en}");
        }
        assert!(!sv.contains("expected"), "{sv}");
        no_swedish(en);
    }

    #[test]
    fn a_failing_report_says_how_many_are_lacking_and_what_can_be_done() {
        let (sv, en) = notify(NORRBOTTEN, "2024-10-01T09:00:00Z");
        assert!(sv.contains("fler patienter i SVF behövs"), "{sv}");
        assert!(en.contains("more patients in SVF are needed"), "{en}");
        assert!(
            sv.contains("Kan inte rättas: redovisningen kom in efter sista dagen."),
            "{sv}"
        );
        assert!(
            en.contains("received 2024-10-01, last day 2024-09-30; too late"),
            "{en}"
        );
        assert!(en.contains("Cannot be corrected"), "{en}");
        assert!(
            en.contains("correct inclusion.new_cases and inclusion.in_svf"),
            "{en}"
        );
        assert!(
            en.contains("Second payment: the conditions are not met."),
            "{en}"
        );
        no_swedish(&en);
    }

    #[test]
    fn an_incomplete_report_lists_what_to_add_and_by_when() {
        let (sv, en) = notify(HALLAND, "2024-09-20T08:00:00Z");
        assert!(
            sv.contains("ladda upp en ny version senast 2024-09-30:"),
            "{sv}"
        );
        assert!(en.contains("upload a new version by 2024-09-30:"), "{en}");
        assert!(
            sv.contains(
                "- PREM i uppföljningen (prem.used): ange om PREM används i uppföljningen \
                 (ja eller nej; i filen true eller false)"
            ),
            "{sv}"
        );
        assert!(
            en.contains("- PREM in the follow-up (prem.used): say whether PREM is used"),
            "{en}"
        );
        no_swedish(&en);
    }

    #[test]
    fn lead_times_in_2026_are_explained_in_english_too() {
        let (sv, en) = notify(VASTRA_GOTALAND, "2026-09-20T08:00:00Z");
        assert!(sv.contains("Ledtider, bröstcancer:"), "{sv}");
        assert!(en.contains("Lead times, breast cancer:"), "{en}");
        assert!(en.contains("within the maximum time; baseline "), "{en}");
        assert!(
            en.contains("required better than the baseline or at least 80 %"),
            "{en}"
        );
        no_swedish(&en);
    }
}
