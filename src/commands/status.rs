//! `svf status DIR [--year YEAR] [--region CODE]`: where each region stands, from the folder
//! bucket's own records: its current assessment (when it came, complete or not, each
//! conditional payment earned or not, and a recorded decision where one overrides it) and its
//! latest upload when that is not the assessed one (a rejection, say). Aligned columns on a
//! terminal, tab-separated values with a header through a pipe.
//!
//! It reads the stored JSON the pipeline wrote for machines (`svf-assessment/1`,
//! `svf-notification/1`, `svf-decision/1`), never the texts for people.

use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write};
use std::path::PathBuf;

use clap::Args;
use svf_functions::contract::history::{Change, RegionChange};
use svf_functions::contract::layout;
use svf_functions::contract::stored::{StoredAssessment, StoredNotification};
use svf_functions::present::page::swedish_time;
use svf_functions::present::wording::heading;
use svf_functions::present::wording::printable;
use svf_functions::store::ObjectStore;
use svf_functions::store::folder::FolderStore;
use svf_kernel::decision::Decision;
use svf_kernel::money::Ore;
use svf_kernel::region::{Region, Year};
use svf_kernel::rules::Rules;
use svf_kernel::time::Instant;
use svf_kernel::vocabulary::PaymentId;

use crate::commands::year;
use crate::failure::Failure;
use crate::input;

/// Arguments of `svf status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The folder that is the bucket.
    dir: PathBuf,
    /// Only this agreement year (default: every year the bucket has anything of).
    #[arg(long)]
    year: Option<u16>,
    /// Only this region, by its code (`25`).
    #[arg(long)]
    region: Option<String>,
}

/// Runs `svf status`.
///
/// # Errors
/// [`Failure::Usage`] for a folder that is not there, an unknown year or region;
/// [`Failure::Refused`] for a stored record that cannot be read.
pub fn run(args: &StatusArgs, out: &mut impl Write) -> Result<(), Failure> {
    input::refuse_url(&args.dir, "status", |bucket| {
        format!(
            "To see where the regions stand in an S3 bucket, copy it to a folder (aws s3 sync \
             {bucket} DIR) and run svf status DIR; in S3 the cloud functions keep each year's \
             summary under {} (docs/DEPLOYING.md).",
            layout::SUMMARY
        )
    })?;
    let (store, runtime) = crate::commands::folder_bucket(&args.dir)?;
    let region = args
        .region
        .as_deref()
        .map(|code| {
            Region::from_code(code).ok_or_else(|| {
                Failure::Usage(format!("--region {code}: not one of the 21 region codes"))
            })
        })
        .transpose()?;
    let years = match args.year {
        Some(number) => vec![year("--year", number)?],
        None => runtime.block_on(years_present(&store))?,
    };
    let mut rows = vec![header()];
    for &year in &years {
        // The rules the year's assessments were decided under, to read what they earned.
        let (rules, _) = runtime
            .block_on(svf_functions::pipeline::summary::rules_of(&store, year))
            .map_err(|e| Failure::Refused(e.to_string()))?;
        let regions = region.map_or_else(|| Region::ALL.to_vec(), |r| vec![r]);
        for region in regions {
            rows.push(runtime.block_on(row(&store, &rules, region))?);
        }
    }
    let written = if std::io::stdout().is_terminal() {
        write_aligned(out, &rows)
    } else {
        rows.iter()
            .try_for_each(|row| writeln!(out, "{}", row.join("\t")))
    };
    written.map_err(|e| Failure::output(&e))?;
    if let Some(region) = region {
        for year in years {
            let history = runtime
                .block_on(svf_functions::pipeline::history::history(&store, year))
                .map_err(|e| Failure::Refused(e.to_string()))?;
            write_history(out, year, region, &history).map_err(|e| Failure::output(&e))?;
        }
    }
    Ok(())
}

/// The region's changes of the year's payments (contract §9), newest first: when, each payment
/// from and to, and what was written behind it.
fn write_history<'h>(
    out: &mut impl Write,
    year: Year,
    region: Region,
    history: &'h [Change],
) -> std::io::Result<()> {
    let mine: Vec<(&'h Change, Vec<&'h RegionChange>)> = history
        .iter()
        .map(|change| {
            let of_region = change
                .changes
                .iter()
                .filter(|c| c.region == region.code())
                .collect::<Vec<_>>();
            (change, of_region)
        })
        .filter(|(_, of_region)| !of_region.is_empty())
        .collect();
    writeln!(
        out,
        "\nHistorik {year}, {} {}: {} ändringar",
        region.code(),
        region.name(),
        mine.len()
    )?;
    for (change, of_region) in mine {
        let at =
            Instant::parse_rfc3339(&change.at).map_or_else(|_| change.at.clone(), swedish_time);
        let figures: Vec<String> = of_region
            .iter()
            .map(|c| {
                let payment = PaymentId::parse(&c.payment)
                    .map_or_else(|| c.payment.clone(), |id| heading(id).to_owned());
                let before = c
                    .before
                    .map_or_else(|| "–".to_owned(), |b| Ore(b.amount_ore).to_string());
                format!("{payment}: {before} → {}", Ore(c.after.amount_ore))
            })
            .collect();
        let writes: Vec<&str> = change.writes.iter().map(|w| w.key.as_str()).collect();
        writeln!(
            out,
            "{}  {}  ({})",
            printable(&at),
            figures.join("; "),
            printable(&writes.join(", "))
        )?;
    }
    Ok(())
}

fn header() -> Vec<String> {
    [
        "år",
        "kod",
        "region",
        "bedömd redovisning inkom",
        "redovisning",
        "villkorade utbetalningar",
        "senaste uppladdning",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// The years with an assessment, a notification or a population table.
async fn years_present(store: &FolderStore) -> Result<Vec<Year>, Failure> {
    let mut years = Vec::new();
    for year in Year::ALL {
        let mut present = false;
        for prefix in [
            layout::assessments_prefix(year),
            layout::notifications_prefix(year, None),
        ] {
            present |= !store.list(&prefix).await.map_err(refused)?.is_empty();
        }
        present |= store
            .head(&layout::populations_key(year))
            .await
            .map_err(refused)?
            .is_some();
        if present {
            years.push(year);
        }
    }
    Ok(years)
}

fn refused(e: impl std::fmt::Display) -> Failure {
    Failure::Refused(e.to_string())
}

/// The stored document at `key`, read by `parse`; `None` when there is none.
async fn stored<T, E: std::fmt::Display>(
    store: &FolderStore,
    key: &str,
    parse: impl Fn(&[u8]) -> Result<T, E>,
) -> Result<Option<T>, Failure> {
    let Some(object) = store.get(key).await.map_err(refused)? else {
        return Ok(None);
    };
    parse(&object.bytes)
        .map(Some)
        .map_err(|why| Failure::Refused(format!("{key}: {why}")))
}

/// One region's line for one year.
async fn row(store: &FolderStore, rules: &Rules, region: Region) -> Result<Vec<String>, Failure> {
    let year = rules.year();
    let key = layout::assessment_key(year, region);
    let assessment = stored(store, &key, StoredAssessment::parse).await?;
    let decision = stored(store, &layout::decision_key(year, region), |bytes| {
        Decision::parse_for(bytes, year, region).map_err(Box::new)
    })
    .await?;
    let (received, state, parts) = match &assessment {
        Some(a) => {
            let state = if a.complete {
                "fullständig"
            } else {
                "ofullständig"
            };
            let earned = a
                .earned(rules)
                .map_err(|why| Failure::Refused(format!("{key}: {why}")))?;
            let parts: Vec<String> = rules
                .payments()
                .iter()
                .filter(|p| p.part.is_some())
                .map(|payment| {
                    let mut verdict = format!(
                        "{}: {}",
                        heading(payment.id),
                        if earned.contains(&payment.id) {
                            "uppfyllt"
                        } else {
                            "ej uppfyllt"
                        }
                    );
                    if let Some(decided) = decision.as_ref().and_then(|d| d.decided(payment.id)) {
                        let _ = write!(
                            verdict,
                            " (beslut {}: {})",
                            printable(decided.case),
                            if decided.eligible {
                                "beviljas"
                            } else {
                                "beviljas inte"
                            }
                        );
                    }
                    verdict
                })
                .collect();
            (swedish_time(a.received), state.to_owned(), parts.join("; "))
        }
        None => (String::new(), "saknas".to_owned(), String::new()),
    };
    let latest = latest_upload(store, year, region, assessment.as_ref()).await?;
    Ok(vec![
        year.to_string(),
        region.code().to_owned(),
        region.name().to_owned(),
        received,
        state,
        parts,
        latest,
    ])
}

/// The region's latest upload, when it is not the assessed one: `avvisad 2024-09-25 10:00`.
async fn latest_upload(
    store: &FolderStore,
    year: Year,
    region: Region,
    assessment: Option<&StoredAssessment>,
) -> Result<String, Failure> {
    let mut latest: Option<StoredNotification> = None;
    let prefix = layout::notifications_prefix(year, Some(region));
    for info in store.list(&prefix).await.map_err(refused)? {
        // A reminder is no upload's.
        if !layout::is_upload_notification(&prefix, &info.key) {
            continue;
        }
        let Some(note) = stored(store, &info.key, StoredNotification::parse).await? else {
            continue;
        };
        if latest
            .as_ref()
            .is_none_or(|l| note.assessment.received > l.assessment.received)
        {
            latest = Some(note);
        }
    }
    let Some(latest) = latest else {
        return Ok(String::new());
    };
    if assessment.is_some_and(|a| a.upload.as_ref() == Some(&latest.upload)) {
        return Ok("den bedömda".to_owned());
    }
    let status = if latest.assessment.assessed() {
        "bedömd, inte den senaste inkomna"
    } else {
        "avvisad"
    };
    Ok(format!(
        "{status} {}",
        swedish_time(latest.assessment.received)
    ))
}

/// Rows in columns padded to their widest cell, in characters.
fn write_aligned(out: &mut impl Write, rows: &[Vec<String>]) -> std::io::Result<()> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let mut line = String::new();
        for (cell, width) in row.iter().zip(&widths) {
            line.push_str(cell);
            line.extend(std::iter::repeat_n(' ', width - cell.chars().count() + 2));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
