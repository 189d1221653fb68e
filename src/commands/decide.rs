//! `svf decide --year YEAR --region CODE --case CASE (--part ID --eligible yes|no --reason TEXT)...
//! [--decided-by WHO] [--decided-on DATE] [--out FILE | --bucket DIR [--replace]]`: writes a
//! recorded decision (`svf-decision/1`, contract §6) for an assessor, checked by the same kernel
//! code that reads it, so a file this writes is one the summary accepts.

use std::io::Write;
use std::path::PathBuf;
use std::time::SystemTime;

use clap::{Args, ValueEnum};
use serde_json::{Value, json};
use svf_functions::contract::layout;
use svf_functions::store::folder::FolderStore;
use svf_functions::store::{ObjectStore, Precondition, Written};
use svf_kernel::decision::Decision;
use svf_kernel::region::Region;

use crate::commands::year;
use crate::failure::Failure;
use crate::input;

/// Arguments of `svf decide`.
#[derive(Debug, Args)]
pub struct DecideArgs {
    /// The agreement year, 2022 to 2026.
    #[arg(long)]
    year: u16,
    /// The region's code, `25`.
    #[arg(long)]
    region: String,
    /// The case number (*diarienummer*), `S2022/04567`.
    #[arg(long)]
    case: String,
    /// A conditional payment decided (`second`; 2026: `second_a`, `second_b`); give
    /// `--eligible` and `--reason` for each, in the same order.
    #[arg(long = "part", required = true)]
    parts: Vec<String>,
    /// Whether the region is paid the part, for each `--part`.
    #[arg(long, value_enum, required = true)]
    eligible: Vec<Eligible>,
    /// Why, for each `--part`.
    #[arg(long = "reason", required = true)]
    reasons: Vec<String>,
    /// Who decided.
    #[arg(long, default_value = "Socialdepartementet")]
    decided_by: String,
    /// When, `YYYY-MM-DD` (default: today, Swedish time).
    #[arg(long)]
    decided_on: Option<String>,
    /// Write the decision to this file (default: standard output).
    #[arg(long, conflicts_with = "bucket")]
    out: Option<PathBuf>,
    /// Write the decision into this folder bucket, at `decisions/{year}/{region}.json`; run
    /// `svf process DIR` afterwards to update the summary.
    #[arg(long)]
    bucket: Option<PathBuf>,
    /// With `--bucket`: replace a decision already recorded for the region and year.
    #[arg(long, requires = "bucket")]
    replace: bool,
}

/// `--eligible`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Eligible {
    /// Paid the part.
    Yes,
    /// Not paid the part.
    No,
}

/// Runs `svf decide`.
///
/// # Errors
/// [`Failure::Usage`] for an unknown year or parts, flags or reasons that do not pair up;
/// [`Failure::Refused`] for a decision the kernel refuses (with its JSON path) or one already
/// recorded.
pub fn run(args: &DecideArgs, out: &mut impl Write) -> Result<(), Failure> {
    let year = year("--year", args.year)?;
    if args.parts.len() != args.eligible.len() || args.parts.len() != args.reasons.len() {
        return Err(Failure::Usage(format!(
            "give --eligible and --reason once for each --part ({} parts, {} --eligible, {} \
             --reason)",
            args.parts.len(),
            args.eligible.len(),
            args.reasons.len()
        )));
    }
    let decided_on = match &args.decided_on {
        Some(date) => date.clone(),
        None => today()?,
    };
    let parts: Vec<Value> = args
        .parts
        .iter()
        .zip(&args.eligible)
        .zip(&args.reasons)
        .map(|((id, eligible), reason)| {
            json!({"id": id, "eligible": *eligible == Eligible::Yes, "reason": reason})
        })
        .collect();
    let document = json!({
        "schema": "svf-decision/1", "agreement_year": year.number(),
        "region_code": args.region, "decided_by": args.decided_by,
        "decided_on": decided_on, "case": args.case, "parts": parts,
    });
    let text = serde_json::to_vec(&document).map_err(|e| Failure::Usage(e.to_string()))?;
    // The kernel's own reading decides whether it is a decision; its paths name the flags'
    // fields.
    let decision = Decision::parse(&text)
        .map_err(|rejection| Failure::Refused(format!("the decision: {rejection}")))?;
    // Written as the kernel writes a decision: the contract's order, the kernel's values.
    let mut bytes = Vec::new();
    input::write_json(&mut bytes, &decision)?;
    match (&args.out, &args.bucket) {
        (Some(path), _) => std::fs::write(path, &bytes)
            .map_err(|e| Failure::Usage(format!("{}: {e}", path.display()))),
        (None, Some(dir)) => record(dir, &decision, bytes, args.replace, out),
        (None, None) => out.write_all(&bytes).map_err(|e| Failure::output(&e)),
    }
}

/// Writes the decision at its key in the folder bucket `dir`, never over another unless asked.
fn record(
    dir: &std::path::Path,
    decision: &Decision,
    bytes: Vec<u8>,
    replace: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let key = layout::decision_key(decision.year(), decision.region());
    input::refuse_url(dir, "decide --bucket", |bucket| {
        format!(
            "To record it in an S3 bucket, write the decision with --out FILE and copy it to its \
             key there (aws s3 cp FILE {bucket}/{key}); the cloud functions then update the \
             summary."
        )
    })?;
    if !dir.is_dir() {
        return Err(Failure::Usage(format!("{}: not a folder", dir.display())));
    }
    let store =
        FolderStore::open(dir).map_err(|e| Failure::Usage(format!("{}: {e}", dir.display())))?;
    let condition = if replace {
        Precondition::Always
    } else {
        Precondition::IfAbsent
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| Failure::Usage(format!("cannot start: {e}")))?;
    let written = runtime
        .block_on(store.put(&key, bytes, "application/json", condition))
        .map_err(|e| Failure::Refused(e.to_string()))?;
    if written == Written::ConditionFailed {
        return Err(Failure::Refused(format!(
            "{key}: a decision is already recorded for {} in {}; give --replace to replace it",
            region_name(decision.region()),
            decision.year()
        )));
    }
    writeln!(
        out,
        "recorded  {}  (run svf process {} to update the summary)",
        store.root().join(&key).display(),
        dir.display()
    )
    .map_err(|e| Failure::output(&e))
}

fn region_name(region: Region) -> String {
    format!("{} {}", region.code(), region.name())
}

/// Today's date in Sweden.
fn today() -> Result<String, Failure> {
    input::instant_of(SystemTime::now())
        .map(|now| now.stockholm_date().to_string())
        .ok_or_else(|| Failure::Usage("the clock is out of range; give --decided-on".to_owned()))
}
