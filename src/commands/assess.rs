//! `svf assess REPORT [--received INSTANT|DATE] [--first-received INSTANT|DATE] [--rules FILE]
//! [--format json|text]` (contract §2, §4). A date is that day's start, 00:00 Swedish time.

use std::io::Write;
use std::time::SystemTime;

use clap::{Args, ValueEnum};
use svf_functions::contract::upload_ref::UploadRef;
use svf_functions::present::notification::Notification;
use svf_kernel::assessment::{Assessment, Receipt, Status};
use svf_kernel::report::MAX_REPORT_BYTES;
use svf_kernel::rules::Rules;
use svf_kernel::time::{Date, Instant, InstantError};

use crate::failure::Failure;
use crate::input;

/// Arguments of `svf assess`.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The report (`svf-report/1` JSON, or an RCC's `svf-rcc-report/1`); `-` for standard input.
    report: String,
    /// When the report was received: RFC 3339 (`2024-09-30T21:59:59Z`), or a date
    /// (`2024-09-30`), taken as that day's start, 00:00 Swedish time (the deadline is judged by
    /// the Swedish calendar day, so a report received that day is on time by it). Default: the
    /// file's modification time (now, for standard input).
    #[arg(long, value_name = "INSTANT|DATE")]
    received: Option<String>,
    /// When the region's first accepted report of the year was received, RFC 3339 or a date
    /// (its start, 00:00 Swedish time), as `--received`; the deadline is judged on it (a report
    /// completed after feedback keeps its date). Default: `--received`.
    #[arg(long, value_name = "INSTANT|DATE")]
    first_received: Option<String>,
    /// A rules file (`svf-rules/1`) overriding the parameters of the report's year.
    #[arg(long)]
    rules: Option<String>,
    /// `json`: the assessment (`svf-assessment/1`); `text`: the notification a region would
    /// get, Swedish then English.
    #[arg(long, value_enum, default_value_t = AssessFormat::Json)]
    format: AssessFormat,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AssessFormat {
    /// The assessment as JSON.
    Json,
    /// The notification's text for people.
    Text,
}

/// Runs `svf assess`: the assessment JSON on `out`; a rejected report is [`Failure::Refused`]
/// after its assessment is written.
///
/// # Errors
/// [`Failure::Usage`] for unreadable files, a bad `--received` or a bad rules file;
/// [`Failure::Refused`] when the report is rejected.
pub fn run(args: &AssessArgs, out: &mut impl Write) -> Result<(), Failure> {
    let received = if let Some(text) = &args.received {
        receipt_time("--received", text)?
    } else {
        let modified = modified(&args.report)?;
        // Never a silent default: the deadline turns on it.
        eprintln!(
            "svf: {}: taken as received {modified}, {}; give --received to set it",
            input::display_name(&args.report),
            if args.report == "-" {
                "now"
            } else {
                "the file's modification time"
            }
        );
        modified
    };
    let receipt = match &args.first_received {
        Some(text) => {
            let first = receipt_time("--first-received", text)?;
            if first > received {
                let dates = [Some(text), args.received.as_ref()]
                    .into_iter()
                    .flatten()
                    .any(|t| Date::parse(t).is_some());
                return Err(Failure::Usage(format!(
                    "--first-received {text:?} is after the report was received ({received}){}",
                    if dates {
                        "; a date is taken as its start, 00:00 Swedish time"
                    } else {
                        ""
                    }
                )));
            }
            Receipt::with_first(received, first)
        }
        None => Receipt::new(received),
    };
    let rules_file = args.rules.as_deref().map(input::read).transpose()?;
    let bytes = input::read_limited(&args.report, MAX_REPORT_BYTES)?;
    let name = input::display_name(&args.report);
    // The kernel tells them apart, as the checker page does (contract §8: the same value).
    if svf_kernel::rcc::is_rcc_report(&bytes) {
        return rcc(args, &bytes, name, received, out);
    }
    let assessment =
        Assessment::of_bytes(&bytes, receipt, |year| match (&rules_file, &args.rules) {
            (Some(file), Some(path)) => Rules::with_file(year, file)
                .map_err(|e| Failure::Usage(format!("{}: {e}", input::display_name(path)))),
            _ => Ok(Rules::of(year)),
        })?;
    match args.format {
        AssessFormat::Json => input::write_json(out, &assessment)?,
        AssessFormat::Text => {
            let upload = UploadRef::new(name, "");
            let note = Notification::new(&upload, &assessment);
            writeln!(out, "{}\n\n{}", note.subject, note.message())
                .map_err(|e| Failure::output(&e))?;
        }
    }
    if assessment.status() == Status::Rejected {
        let reasons: Vec<String> = assessment
            .errors()
            .iter()
            .map(|e| {
                if e.path.is_empty() {
                    e.reason.to_string()
                } else {
                    format!("{}: {}", e.path, e.reason)
                }
            })
            .collect();
        return Err(Failure::Refused(format!(
            "{name}: rejected: {}",
            reasons.join("; ")
        )));
    }
    Ok(())
}

/// A receipt time given as `flag`: an RFC 3339 instant, or a date (`2024-09-30`), which is
/// that day's start in Swedish time. A receipt date means "received that day", and the deadline
/// is judged by the Swedish calendar day, so any hour of the day is judged alike; the start, so
/// that a day is never later than a time on that day (`--first-received 2024-09-20 --received
/// 2024-09-20T10:00:00Z` holds).
///
/// # Errors
/// [`Failure::Usage`] for a text that is neither, naming the flag.
pub(crate) fn receipt_time(flag: &str, text: &str) -> Result<Instant, Failure> {
    let shaped_as_date = text.len() == 10 && !text.contains(['T', 't', ' ']);
    if !shaped_as_date {
        return Instant::parse_rfc3339(text).map_err(|e| match e {
            InstantError::Format => Failure::Usage(format!(
                "{flag} {text:?} is neither an RFC 3339 time such as 2024-09-30T21:59:59Z nor a \
                 date such as 2024-09-30"
            )),
            InstantError::Range => Failure::Usage(format!("{flag} {text:?} {e}")),
        });
    }
    let start = Date::parse(text).map(Instant::stockholm_midnight);
    // 0001-01-01's start in Sweden is in the year 0, before any instant svf writes.
    start
        .and_then(|start| Instant::from_unix_seconds(start.unix_seconds()))
        .ok_or_else(|| {
            Failure::Usage(format!(
                "{flag} {text:?} is not a date such as 2024-09-30 (YYYY-MM-DD, a real day of \
                 the years 0001-01-02 to 9999-12-31)"
            ))
        })
}

/// `svf assess` of an RCC's report (contract §7): its assessment (`svf-rcc-assessment/1`), or
/// the notification the RCC would get; refused (exit 1) when rejected.
fn rcc(
    args: &AssessArgs,
    bytes: &[u8],
    name: &str,
    received: Instant,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let assessment = svf_kernel::rcc::RccAssessment::of_bytes(bytes, received);
    match args.format {
        AssessFormat::Json => input::write_json(out, &assessment)?,
        AssessFormat::Text => {
            let upload = UploadRef::new(name, "");
            let note =
                svf_functions::present::rcc_notification::notification(&upload, &assessment, None);
            writeln!(
                out,
                "{}\n\n{}\n\n----\n\n{}",
                note.subject, note.text_sv, note.text_en
            )
            .map_err(|e| Failure::output(&e))?;
        }
    }
    if assessment.is_rejected() {
        let reasons: Vec<String> = assessment
            .errors()
            .iter()
            .map(|e| format!("{}: {}", e.path, e.reason))
            .collect();
        return Err(Failure::Refused(format!(
            "{name}: rejected: {}",
            reasons.join("; ")
        )));
    }
    Ok(())
}

/// The file's modification time, or now for standard input.
fn modified(path: &str) -> Result<Instant, Failure> {
    let time = if path == "-" {
        SystemTime::now()
    } else {
        std::fs::metadata(path)
            .and_then(|m| m.modified())
            .map_err(|e| {
                Failure::Usage(format!("{path}: cannot read its modification time: {e}"))
            })?
    };
    input::instant_of(time).ok_or_else(|| {
        Failure::Usage(format!(
            "{path}: its modification time is out of range; give --received"
        ))
    })
}
