//! The notification an RCC gets for every upload of its report on the special investments
//! (`svf-rcc-notification/1`, contract §7): refused with each place and reason, or what is
//! missing and what was granted per area, in Swedish and then in English, with the assessment.

use std::fmt::Write as _;

use serde::Serialize;
use svf_kernel::rcc::{RccAssessment, Stage};

use crate::contract::upload_ref::{Superseded, UploadRef};
use crate::present::notification::superseded_note;
use crate::present::wording::printable;
use crate::present::wording::{self, Language};

/// The schema id of an RCC's notification.
pub const RCC_NOTIFICATION_SCHEMA: &str = "svf-rcc-notification/1";

/// An RCC's notification.
#[derive(Debug, Serialize)]
pub struct RccNotification<'a> {
    /// Always [`RCC_NOTIFICATION_SCHEMA`].
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
    pub assessment: &'a RccAssessment,
    /// The RCC's report that counts instead, when a later one is already in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<&'a Superseded>,
}

impl RccNotification<'_> {
    /// Both texts, Swedish first, for a message channel such as SNS.
    pub fn message(&self) -> String {
        crate::present::notification::message(&self.text_sv, &self.text_en)
    }
}

/// The RCC's notification of an assessment (also `svf assess` of an RCC's report).
pub fn notification<'a>(
    upload: &'a UploadRef,
    assessment: &'a RccAssessment,
    superseded_by: Option<&'a Superseded>,
) -> RccNotification<'a> {
    let rcc = assessment
        .rcc()
        .map_or_else(|| "okänt RCC".to_owned(), |r| format!("RCC {}", r.name()));
    let year = assessment
        .year()
        .map_or_else(String::new, |y| format!(" {y}"));
    let verdict = if assessment.is_rejected() {
        "avvisad"
    } else if assessment.complete() {
        "komplett"
    } else {
        "ofullständig"
    };
    RccNotification {
        schema: RCC_NOTIFICATION_SCHEMA,
        upload,
        subject: format!("Lägesbild{year}, {rcc}: {verdict}"),
        text_sv: text(assessment, &upload.key, superseded_by, Language::Swedish),
        text_en: text(assessment, &upload.key, superseded_by, Language::English),
        assessment,
        superseded_by,
    }
}

fn text(
    assessment: &RccAssessment,
    key: &str,
    superseded_by: Option<&Superseded>,
    language: Language,
) -> String {
    let sv = language == Language::Swedish;
    let key = printable(key);
    let mut out = String::new();
    let rcc = assessment
        .rcc()
        .map_or_else(|| "?".to_owned(), |r| format!("RCC {}", r.name()));
    let year = assessment
        .year()
        .map_or_else(|| "?".to_owned(), |y| y.to_string());
    let stage = match (assessment.stage(), sv) {
        (Some(Stage::First), true) => "första lägesbilden",
        (Some(Stage::Final), true) => "slutliga lägesbilden",
        (None, true) => "lägesbilden",
        (Some(Stage::First), false) => "first status report",
        (Some(Stage::Final), false) => "final status report",
        (None, false) => "status report",
    };
    let _ = if sv {
        writeln!(
            out,
            "Redovisning av de särskilda satsningarna från {rcc}, överenskommelsen {year}, {stage}.\nMottagen: {key}\n"
        )
    } else {
        writeln!(
            out,
            "Report on the special investments from {rcc}, agreement year {year}, {stage}.\nReceived: {key}\n"
        )
    };
    if let Some(instead) = superseded_by {
        superseded_note(&mut out, instead, sv);
    }
    if assessment.is_rejected() {
        let _ = writeln!(out, "{}", wording::rejected(language));
        for e in assessment.errors() {
            let place = if e.path.is_root() {
                String::new()
            } else {
                format!("{}: ", e.path)
            };
            let _ = writeln!(out, "- {place}{}", e.reason);
        }
        let _ = writeln!(out, "\n{}", wording::correct_and_upload(language));
        return out;
    }
    let (missing, more) = assessment.missing();
    if missing.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            language.pick("Redovisningen är komplett.", "The report is complete.")
        );
    } else {
        let _ = writeln!(
            out,
            "{}",
            language.pick(
                "Redovisningen är inte komplett. Komplettera och ladda upp en ny version:",
                "The report is not complete. Please add the following and upload a new version:"
            )
        );
        for m in missing {
            let _ = writeln!(out, "- {}", wording::rcc_missing(m, language));
        }
        if more > 0 {
            let _ = writeln!(
                out,
                "- {}",
                if sv {
                    format!("och {more} uppgifter till om projekten")
                } else {
                    format!("and {more} more about the projects")
                }
            );
        }
    }
    let _ = writeln!(
        out,
        "\n{}",
        language.pick("Beviljat per område:", "Granted per area:")
    );
    for a in assessment.areas() {
        let _ = writeln!(
            out,
            "- {}: {} {}, {}",
            wording::area(a.area, language),
            a.projects,
            language.pick("projekt", "projects"),
            svf_kernel::Ore(a.granted_ore)
        );
    }
    let _ = writeln!(
        out,
        "\n{}",
        language.pick(
            "Vad RCC har tagit emot beräknas ur överenskommelsens fördelning, inte ur redovisningen.",
            "What the RCC received is computed from the agreement's allocation, not taken from the report."
        )
    );
    out
}
