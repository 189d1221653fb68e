//! The notification a region gets for every upload: the verdict per condition with its margin,
//! what is missing or wrong and how to fix it, in Swedish and then in English, with the
//! assessment itself.

use std::fmt::Write as _;

use serde::Serialize;
use svf_kernel::assessment::{Assessment, Condition, Status};
use svf_kernel::region::Region;

/// The schema id of a notification.
pub const NOTIFICATION_SCHEMA: &str = "svf-notification/1";

/// The upload a notification or an assessment is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct UploadRef {
    /// Its key in the bucket.
    pub key: String,
    /// Its entity tag.
    pub etag: String,
}

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
}

impl<'a> Notification<'a> {
    /// The notification of `assessment` for `upload`.
    pub fn new(upload: &'a UploadRef, assessment: &'a Assessment) -> Notification<'a> {
        Notification {
            schema: NOTIFICATION_SCHEMA,
            upload,
            subject: subject(assessment),
            text_sv: text(assessment, &upload.key, Language::Swedish),
            text_en: text(assessment, &upload.key, Language::English),
            assessment,
        }
    }

    /// Both texts, Swedish first, for a message channel such as SNS.
    pub fn message(&self) -> String {
        format!("{}\n\n----\n\n{}", self.text_sv, self.text_en)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Language {
    Swedish,
    English,
}

fn region_name(assessment: &Assessment) -> String {
    match assessment.region_code.and_then(Region::from_code) {
        Some(region) => format!("{} {}", region.code(), region.name()),
        None => "okänd region".to_owned(),
    }
}

fn subject(assessment: &Assessment) -> String {
    let year = assessment
        .agreement_year
        .map_or_else(String::new, |y| format!(" {y}"));
    let verdict = match assessment.status {
        Status::Rejected => "avvisad",
        Status::Assessed if !assessment.complete => "ofullständig",
        Status::Assessed if assessment.parts.iter().all(|p| p.eligible) => "villkoren uppfyllda",
        Status::Assessed => "villkoren inte uppfyllda",
    };
    format!(
        "SVF-redovisning{year}, {}: {verdict}",
        region_name(assessment)
    )
}

fn label(id: &str, language: Language) -> String {
    let swedish = language == Language::Swedish;
    let diagnosis = |d: &str| -> String {
        let (sv, en) = match d {
            "breast" => ("bröstcancer", "breast cancer"),
            "colon" => ("tjocktarmscancer", "colon cancer"),
            "rectum" => ("ändtarmscancer", "rectal cancer"),
            "prostate" => ("prostatacancer", "prostate cancer"),
            other => (other, other),
        };
        (if swedish { sv } else { en }).to_owned()
    };
    match (id, swedish) {
        ("inclusion", true) => "Inklusionsmålet".to_owned(),
        ("inclusion", false) => "Inclusion goal".to_owned(),
        ("prem", true) => "PREM används i uppföljningen".to_owned(),
        ("prem", false) => "PREM used in follow-up".to_owned(),
        ("deadline", true) => "Inkommen i tid".to_owned(),
        ("deadline", false) => "Received in time".to_owned(),
        ("special_report.colorectal", true) => {
            "Särskild redovisning, tjock- och ändtarmscancer".to_owned()
        }
        ("special_report.colorectal", false) => "Special report, colorectal cancer".to_owned(),
        ("special_report.myeloma", true) => "Särskild redovisning, myelom".to_owned(),
        ("special_report.myeloma", false) => "Special report, myeloma".to_owned(),
        (id, true) if id.starts_with("lead_time.") => {
            format!("Ledtider, {}", diagnosis(&id["lead_time.".len()..]))
        }
        (id, false) if id.starts_with("lead_time.") => {
            format!("Lead times, {}", diagnosis(&id["lead_time.".len()..]))
        }
        (other, _) => other.to_owned(),
    }
}

fn part_name(id: &str, language: Language) -> &str {
    match (id, language) {
        ("second", Language::Swedish) => "Utbetalning 2",
        ("second", Language::English) => "Second payment",
        ("second_a", Language::Swedish) => "Utbetalning 2, del A",
        ("second_a", Language::English) => "Second payment, part A",
        ("second_b", Language::Swedish) => "Utbetalning 2, del B",
        ("second_b", Language::English) => "Second payment, part B",
        (other, _) => other,
    }
}

fn condition_line(out: &mut String, c: &Condition, language: Language) {
    let verdict = match (c.met, language) {
        (Some(true), Language::Swedish) => "uppfyllt",
        (Some(true), Language::English) => "met",
        (Some(false), Language::Swedish) => "inte uppfyllt",
        (Some(false), Language::English) => "not met",
        (None, Language::Swedish) => "kan inte bedömas, uppgift saknas",
        (None, Language::English) => "cannot be decided, data missing",
    };
    let _ = write!(out, "- {}: {verdict}", label(&c.id, language));
    let figures = match (&c.value, &c.required, language) {
        (Some(value), Some(required), Language::Swedish) => format!(" ({value}, krav {required})"),
        (Some(value), Some(required), Language::English) => {
            format!(" ({value}, required {required})")
        }
        _ => String::new(),
    };
    out.push_str(&figures);
    if let Some(detail) = &c.detail {
        // The detail is in Swedish; it carries the margin, so English readers get it too.
        let _ = write!(out, ". {detail}");
    }
    out.push('\n');
}

fn text(assessment: &Assessment, key: &str, language: Language) -> String {
    let sv = language == Language::Swedish;
    let mut out = String::new();
    let (date, hour, minute) = assessment.received.stockholm_clock();
    let year = assessment
        .agreement_year
        .map_or_else(|| "?".to_owned(), |y| y.to_string());
    if sv {
        let _ = writeln!(
            out,
            "Redovisning för {}, överenskommelsen {year}.",
            region_name(assessment)
        );
        let _ = writeln!(
            out,
            "Mottagen {date} kl. {hour:02}:{minute:02} svensk tid: {key}"
        );
    } else {
        let _ = writeln!(
            out,
            "Report for region {}, agreement year {year}.",
            region_name(assessment)
        );
        let _ = writeln!(
            out,
            "Received {date} at {hour:02}:{minute:02} Swedish time: {key}"
        );
    }
    out.push('\n');
    if assessment.status == Status::Rejected {
        out.push_str(if sv {
            "Redovisningen har avvisats och kan inte bedömas:\n"
        } else {
            "The report was rejected and cannot be assessed:\n"
        });
        for e in &assessment.errors {
            let place = if e.path.is_empty() {
                String::new()
            } else {
                format!("{}: ", e.path)
            };
            let _ = writeln!(out, "- {place}{}", e.message);
        }
        out.push_str(if sv {
            "\nRätta uppgifterna och ladda upp redovisningen igen.\n"
        } else {
            "\nCorrect the report and upload it again.\n"
        });
        return out;
    }
    if assessment.complete {
        out.push_str(if sv {
            "Redovisningen är komplett.\n"
        } else {
            "The report is complete.\n"
        });
    } else {
        out.push_str(if sv {
            "Redovisningen är inte komplett. Detta saknas:\n"
        } else {
            "The report is incomplete. Missing:\n"
        });
        for path in &assessment.missing {
            let _ = writeln!(out, "- {path}");
        }
        out.push_str(if sv {
            "Komplettera och ladda upp en ny version före sista dagen.\n"
        } else {
            "Add what is missing and upload a new version before the deadline.\n"
        });
    }
    out.push_str(if sv {
        "\nVillkor:\n"
    } else {
        "\nConditions:\n"
    });
    for c in &assessment.conditions {
        condition_line(&mut out, c, language);
    }
    out.push('\n');
    for part in &assessment.parts {
        let verdict = match (part.eligible, sv) {
            (true, true) => "villkoren är uppfyllda",
            (true, false) => "the conditions are met",
            (false, true) => "villkoren är inte uppfyllda",
            (false, false) => "the conditions are not met",
        };
        let _ = writeln!(out, "{}: {verdict}.", part_name(part.id, language));
    }
    out
}
