//! Arguments, exit codes and how failures are reported.
//!
//! Exit codes (contract §2): 0 success; 1 the input was read but refused, with the reason on
//! standard error; 2 a usage error, including a file that cannot be read at all.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::commands::allocate::{self, AllocateArgs};
use crate::commands::assess::{self, AssessArgs};
use crate::commands::budget::{self, BudgetArgs};
use crate::commands::checker::{self, CheckerArgs};
use crate::commands::decide::{self, DecideArgs};
use crate::commands::payments::{self, PaymentsArgs};
use crate::commands::process::{self, DemoArgs, ProcessArgs, WatchArgs};
use crate::commands::record::{self, RecordArgs};
use crate::commands::remind::{self, RemindArgs};
use crate::commands::report::{self, ReportArgs};
use crate::commands::status::{self, StatusArgs};
use crate::commands::verify::{self, VerifyArgs};
use crate::failure::Failure;

/// Decides, exactly and explainably, which Swedish regions have earned their SVF stimulus funds
/// and how much each is paid.
#[derive(Debug, Parser)]
#[command(name = "svf", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Split an amount among the rows of a table in proportion to their weights
    /// (largest remainder, exact in whole units).
    Allocate(AllocateArgs),
    /// Assess one report under the rules of its agreement year (exit 1 when rejected).
    Assess(AssessArgs),
    /// Compute every payment of a year from the population table, the assessments and the
    /// recorded decisions.
    Payments(PaymentsArgs),
    /// Write a recorded decision (`svf-decision/1`) that overrides a region's verdict for
    /// payment, checked as the summary checks it.
    Decide(DecideArgs),
    /// Write the government's decision of one payment (`svf-payment-decision/1`), with the
    /// annex as published, for the summary to check and record.
    Record(RecordArgs),
    /// Compute each record's payment again from the basis it carries (exit 1 at the first
    /// difference or altered object).
    Verify(VerifyArgs),
    /// Treat a folder as the bucket: assess every new upload, notify, update the summaries.
    Process(ProcessArgs),
    /// The main job on the shipped examples: a bucket with the 21 regions' 2024 reports,
    /// processed, and the national payment table.
    Demo(DemoArgs),
    /// Like process, again and again as uploads appear.
    Watch(WatchArgs),
    /// Where each region stands in a folder bucket: its assessed report, the payments it
    /// earned, decisions, its latest upload.
    Status(StatusArgs),
    /// A whole agreement's money, every item split exactly to its recipients (regions, RCC,
    /// SKR); without Halland's municipalities the RCC's items by population are shown unsplit.
    Budget(BudgetArgs),
    /// Write the pre-upload checker: one self-contained HTML page in which a coordinator fills
    /// in or loads a report and sees the kernel's verdict before uploading it.
    Checker(CheckerArgs),
    /// Write the agency's report to the ministry for a year: a Word document drafted from a
    /// folder bucket's summary, as the summary writes it beside its pages.
    Report(ReportArgs),
    /// Remind, on a reminder day before the deadline, each region without a complete report,
    /// and give the agency the day's overview (once per day; what the scheduled function does).
    Remind(RemindArgs),
}

/// Runs the command line of this process.
pub fn main() -> ExitCode {
    // clap prints its own usage errors and exits with 2, as the contract wants.
    let cli = Cli::parse();
    let mut stdout = BufWriter::new(std::io::stdout().lock());
    let outcome = match cli.command {
        Command::Allocate(args) => allocate::run(&args, &mut stdout),
        Command::Assess(args) => assess::run(&args, &mut stdout),
        Command::Payments(args) => payments::run(&args, &mut stdout),
        Command::Decide(args) => decide::run(&args, &mut stdout),
        Command::Record(args) => record::run(&args, &mut stdout),
        Command::Verify(args) => verify::run(&args, &mut stdout),
        Command::Process(args) => process::run_process(&args, &mut stdout),
        Command::Demo(args) => process::run_demo(&args, &mut stdout),
        Command::Watch(args) => process::run_watch(&args, &mut stdout),
        Command::Status(args) => status::run(&args, &mut stdout),
        Command::Budget(args) => budget::run(&args, &mut stdout),
        Command::Checker(args) => checker::run(&args, &mut stdout),
        Command::Report(args) => report::run(&args, &mut stdout),
        Command::Remind(args) => remind::run(&args, &mut stdout),
    };
    let outcome = outcome.and_then(|()| stdout.flush().map_err(|e| Failure::output(&e)));
    match outcome {
        Ok(()) | Err(Failure::Closed) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("svf: {failure}");
            failure.exit_code()
        }
    }
}
