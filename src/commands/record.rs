//! `svf record --year YEAR --payment ID --case CASE --decided-on DATE [--decided-by WHO]
//! [--annex FILE] (--out FILE | --bucket DIR)`: writes the government's decision of one payment
//! (`svf-payment-decision/1`, contract §9), checked by the same kernel code the summary reads it
//! with. `--annex` is the decided annex as published (a table with `Belopp`), carried as
//! `annex_kr` so that the summary checks it against its own computation, krona for krona,
//! before anything is recorded.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use serde_json::{Map, Value, json};
use svf_functions::contract::layout;
use svf_functions::store::folder::FolderStore;
use svf_functions::store::{ObjectStore, Precondition, Written};
use svf_kernel::Table;
use svf_kernel::payment_decision::PaymentDecision;

use crate::commands::year;
use crate::failure::Failure;
use crate::input;

/// Arguments of `svf record`.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The agreement year, 2022 to 2026.
    #[arg(long)]
    year: u16,
    /// The payment decided: `first`, `second` (2026: `first`, `second_a`, `second_b`).
    #[arg(long)]
    payment: String,
    /// The case number (*diarienummer*), `S2024/02172`.
    #[arg(long)]
    case: String,
    /// The day of the decision, `YYYY-MM-DD`.
    #[arg(long)]
    decided_on: String,
    /// Who decided.
    #[arg(long, default_value = "Regeringen (Socialdepartementet)")]
    decided_by: String,
    /// The annex as the government published it: a table with `Kod`, `Region` and `Belopp`
    /// (kronor), and a `Riket` row with their sum.
    #[arg(long, value_name = "FILE")]
    annex: Option<String>,
    /// Write the payment decision to this file.
    #[arg(long, conflicts_with = "bucket", required_unless_present = "bucket")]
    out: Option<PathBuf>,
    /// Write it into this folder bucket at `decisions/{year}/payments/{payment}.json`, never
    /// over another; `svf process DIR` then records the payment.
    #[arg(long)]
    bucket: Option<PathBuf>,
}

/// Runs `svf record`.
///
/// # Errors
/// [`Failure::Usage`] for an unknown year or an unreadable file; [`Failure::Refused`] for a
/// decision the kernel refuses (with its JSON path), an annex that is not a table of amounts,
/// or a payment already decided in the bucket.
pub fn run(args: &RecordArgs, out: &mut impl Write) -> Result<(), Failure> {
    let year = year("--year", args.year)?;
    let mut document = json!({
        "schema": "svf-payment-decision/1", "agreement_year": year.number(),
        "payment": args.payment, "case": args.case, "decided_on": args.decided_on,
        "decided_by": args.decided_by,
    });
    if let Some(path) = &args.annex {
        let bytes = input::read(path)?;
        let text = String::from_utf8_lossy(&bytes);
        let table = Table::parse_amounts(&text)
            .map_err(|e| Failure::Refused(format!("{}: {e}", input::display_name(path))))?;
        let annex: Map<String, Value> = table
            .rows()
            .map(|row| (row.code.to_owned(), Value::from(row.weight)))
            .collect();
        document["annex_kr"] = Value::Object(annex);
    }
    let text = serde_json::to_vec(&document).map_err(|e| Failure::Usage(e.to_string()))?;
    // The kernel's own reading decides whether it is a payment decision; its paths name the
    // flags' fields.
    let decision = PaymentDecision::parse(&text)
        .map_err(|rejection| Failure::Refused(format!("the payment decision: {rejection}")))?;
    let mut bytes = Vec::new();
    input::write_json(&mut bytes, &decision)?;
    match (&args.out, &args.bucket) {
        (Some(path), _) => std::fs::write(path, &bytes)
            .map_err(|e| Failure::Usage(format!("{}: {e}", path.display()))),
        (None, Some(dir)) => into_bucket(dir, &decision, bytes, out),
        (None, None) => Err(Failure::Usage("give --out FILE or --bucket DIR".to_owned())),
    }
}

/// Writes the payment decision at its key in the folder bucket `dir`, never over another: a
/// decided payment is not decided again.
fn into_bucket(
    dir: &std::path::Path,
    decision: &PaymentDecision,
    bytes: Vec<u8>,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let key = layout::payment_decision_key(decision.year(), decision.payment());
    input::refuse_url(dir, "record --bucket", |bucket| {
        format!(
            "To record it in an S3 bucket, write it with --out FILE and copy it to its key \
             there (aws s3 cp FILE {bucket}/{key}); the summary function then records the \
             payment."
        )
    })?;
    if !dir.is_dir() {
        return Err(Failure::Usage(format!("{}: not a folder", dir.display())));
    }
    let store =
        FolderStore::open(dir).map_err(|e| Failure::Usage(format!("{}: {e}", dir.display())))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| Failure::Usage(format!("cannot start: {e}")))?;
    let written = runtime
        .block_on(store.put(&key, bytes, "application/json", Precondition::IfAbsent))
        .map_err(|e| Failure::Refused(e.to_string()))?;
    if written == Written::ConditionFailed {
        return Err(Failure::Refused(format!(
            "{key}: the payment {} of {} is already decided; a decided payment is not decided \
             again",
            decision.payment(),
            decision.year()
        )));
    }
    writeln!(
        out,
        "decided   {}  (run svf process {} to record the payment)",
        store.root().join(&key).display(),
        dir.display()
    )
    .map_err(|e| Failure::output(&e))
}
