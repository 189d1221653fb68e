//! `svf remind DIR [--now INSTANT]`: the calendar of a folder bucket (contract §11). On a
//! reminder day of a year, one reminder to each region without a complete report and one
//! overview for the agency, each written once per day; what the scheduled function does in the
//! cloud. A folder has no SNS: the documents are all there is.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use svf_functions::pipeline::remind::{Quiet, remind};
use svf_functions::store::Silent;

use crate::failure::Failure;
use crate::input;

/// The arguments of `svf remind`.
#[derive(Args, Debug)]
pub struct RemindArgs {
    /// The folder that is the bucket.
    dir: PathBuf,
    /// When it is: an RFC 3339 time or a date (that day); its Swedish day decides. Default: now.
    #[arg(long, value_name = "INSTANT")]
    now: Option<String>,
}

/// Sends the day's reminders and says what was sent.
///
/// # Errors
/// [`Failure::Usage`] for a folder that is not there or a bad `--now`; [`Failure::Refused`]
/// when a rules file or a stored assessment cannot be read, naming it.
pub fn run(args: &RemindArgs, out: &mut impl Write) -> Result<(), Failure> {
    input::refuse_url(&args.dir, "remind", |_| {
        "In the cloud the scheduled function sends the reminders every morning \
         (docs/DEPLOYING.md)."
            .to_owned()
    })?;
    let now = match &args.now {
        Some(text) => crate::commands::assess::receipt_time("--now", text)?,
        None => input::instant_of(std::time::SystemTime::now())
            .ok_or_else(|| Failure::Usage("the clock is out of range; give --now".to_owned()))?,
    };
    let (store, runtime) = crate::commands::folder_bucket(&args.dir)?;
    let years = runtime
        .block_on(remind(&store, &Silent, now))
        .map_err(|e| Failure::Refused(format!("{}: {e}", args.dir.display())))?;
    let today = now.stockholm_date();
    let write = |out: &mut dyn Write, text: String| {
        writeln!(out, "{text}").map_err(|e| Failure::output(&e))
    };
    let mut any = false;
    for (year, outcome) in years {
        match outcome {
            Ok(day) => {
                any = true;
                write(
                    out,
                    format!(
                        "{year}: {today} is a reminder day ({} days to the deadline); {} \
                         regions reminded",
                        day.days_left,
                        day.reminders.len()
                    ),
                )?;
                for (region, key, created) in &day.reminders {
                    write(
                        out,
                        format!(
                            "  {} {}: {}{}",
                            region.code(),
                            region.name(),
                            args.dir.join(key).display(),
                            if *created { "" } else { " (already sent)" }
                        ),
                    )?;
                }
                let (key, created) = &day.overview;
                write(
                    out,
                    format!(
                        "  the agency's overview: {}{}",
                        args.dir.join(key).display(),
                        if *created { "" } else { " (already sent)" }
                    ),
                )?;
            }
            Err(Quiet::Decided) => {
                write(
                    out,
                    format!("{year}: its second payment is decided; no reminders"),
                )?;
            }
            Err(Quiet::NotAReminderDay) => {}
        }
    }
    if !any {
        write(
            out,
            format!("{today} is no reminder day of any year: nothing sent"),
        )?;
    }
    Ok(())
}
