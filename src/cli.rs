//! Arguments, exit codes and how failures are reported.
//!
//! Exit codes (contract §2): 0 success; 1 the input was read but refused, with the reason on
//! standard error; 2 a usage error, including a file that cannot be read at all.

use std::fmt;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::commands::allocate::{self, AllocateArgs};
use crate::commands::assess::{self, AssessArgs};
use crate::commands::budget::{self, BudgetArgs};
use crate::commands::decide::{self, DecideArgs};
use crate::commands::payments::{self, PaymentsArgs};
use crate::commands::process::{self, DemoArgs, ProcessArgs, WatchArgs};
use crate::commands::status::{self, StatusArgs};

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
    /// SKR); exit 1 if an item could not be split.
    Budget(BudgetArgs),
}

/// Why a command did not succeed; decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// The input was read but refused (exit 1).
    Refused(String),
    /// The command line was wrong or named something unreadable (exit 2).
    Usage(String),
    /// Whoever read the output stopped reading (`svf … | head`): not an error.
    Closed,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Refused(message) | Failure::Usage(message) => f.write_str(message),
            Failure::Closed => f.write_str("the output was closed"),
        }
    }
}

impl Failure {
    /// A failure to write the output.
    pub fn output(error: &std::io::Error) -> Failure {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::Closed
        } else {
            Failure::Usage(format!("cannot write the output: {error}"))
        }
    }

    fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Refused(_) => ExitCode::from(1),
            Failure::Usage(_) => ExitCode::from(2),
            Failure::Closed => ExitCode::SUCCESS,
        }
    }
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
        Command::Process(args) => process::run_process(&args, &mut stdout),
        Command::Demo(args) => process::run_demo(&args, &mut stdout),
        Command::Watch(args) => process::run_watch(&args, &mut stdout),
        Command::Status(args) => status::run(&args, &mut stdout),
        Command::Budget(args) => budget::run(&args, &mut stdout),
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
