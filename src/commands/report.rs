//! `svf report YEAR DIR [--out FILE]`: the agency's report to the ministry for YEAR, a Word
//! document, from the folder bucket DIR as its summary would write it
//! (`summary/{year}/rapport.docx`), without writing to the bucket.

use std::path::PathBuf;

use clap::Args;
use svf_functions::contract::layout;

use crate::commands::checker::write_whole;
use crate::commands::year;
use crate::failure::Failure;
use crate::input;

/// The arguments of `svf report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The agreement year.
    year: u16,
    /// The folder that is the bucket.
    dir: PathBuf,
    /// Where to write the document. Default: `rapport-{YEAR}.docx` in the current folder.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Writes the year's report to `--out`, whole or not at all, and says where.
///
/// # Errors
/// [`Failure::Usage`] for a folder that is not there, a year out of range or a file that cannot
/// be written; [`Failure::Refused`] when the bucket's year cannot be summarised (no population
/// table, an assessment that does not read), naming the object and the reason.
pub fn run(args: &ReportArgs, out: &mut impl std::io::Write) -> Result<(), Failure> {
    input::refuse_url(&args.dir, "report", |bucket| {
        format!(
            "In S3 the summary writes the report itself beside each year's pages under {} \
             (docs/DEPLOYING.md); to make it from a copy, aws s3 sync {bucket} DIR and run svf \
             report YEAR DIR.",
            layout::SUMMARY
        )
    })?;
    let year = year("YEAR", args.year)?;
    let (store, runtime) = crate::commands::folder_bucket(&args.dir)?;
    let docx = runtime
        .block_on(svf_functions::pipeline::summary::report(&store, year))
        .map_err(|e| Failure::Refused(format!("{}: {e}", args.dir.display())))?;
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("rapport-{year}.docx")));
    write_whole(&path, &docx)?;
    writeln!(out, "{}", path.display()).map_err(|e| Failure::output(&e))
}
