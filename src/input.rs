//! Reading the files named on the command line; every message names the file.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

use svf_functions::contract::stored::StoredAssessment;
use svf_kernel::Table;
use svf_kernel::decision::{Decision, MAX_DECISION_BYTES};
use svf_kernel::region::{Region, Year};
use svf_kernel::rules::Rules;
use svf_kernel::vocabulary::PaymentId;

use crate::failure::Failure;

/// The most any file named on the command line is read: tables, rules, assessments and
/// decisions are kilobytes.
pub const MAX_INPUT_BYTES: usize = 64 << 20;

/// Reads a whole file, or standard input for `-`, of at most [`MAX_INPUT_BYTES`]: a pipe
/// (`<(…)`) is welcome, but nothing is read without bound (`--rules /dev/zero`).
///
/// # Errors
/// [`Failure::Usage`] naming the file when it cannot be read or is larger than that.
pub fn read(path: &str) -> Result<Vec<u8>, Failure> {
    let name = display_name(path);
    let bytes = read_limited(path, MAX_INPUT_BYTES)?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Failure::Usage(format!(
            "{name}: larger than {MAX_INPUT_BYTES} bytes, more than any input of svf's"
        )));
    }
    Ok(bytes)
}

/// Reads a file or standard input, but never more than `limit + 1` bytes: enough to tell that
/// it is too large without holding all of it.
///
/// # Errors
/// [`Failure::Usage`] naming the file when it cannot be read.
pub fn read_limited(path: &str, limit: usize) -> Result<Vec<u8>, Failure> {
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    let result = if path == "-" {
        std::io::stdin().take(cap).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(Path::new(path)).and_then(|f| f.take(cap).read_to_end(&mut bytes))
    };
    result.map_err(|e| Failure::Usage(format!("{}: cannot read: {e}", display_name(path))))?;
    Ok(bytes)
}

/// Writes any serialisable value as pretty JSON and a newline.
///
/// # Errors
/// [`Failure`] from the output.
pub fn write_json(
    out: &mut impl std::io::Write,
    value: &impl serde::Serialize,
) -> Result<(), Failure> {
    serde_json::to_writer_pretty(&mut *out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .map_err(|e| Failure::output(&e))
}

/// Refuses a folder argument that is a URL (`s3://bucket/prefix`, any `scheme://`): svf's
/// folder commands take a local folder as the bucket, and a URL taken as a path would be read
/// as, or made into, a folder `./s3:` in the working directory. `advice` says what to do
/// instead, given the bucket's URL for the `aws s3` command line (`s3://BUCKET` when the URL
/// is not an S3 one).
///
/// # Errors
/// [`Failure::Usage`] naming the URL, the command and what to do instead.
pub fn refuse_url(
    dir: &Path,
    command: &str,
    advice: impl FnOnce(&str) -> String,
) -> Result<(), Failure> {
    let Some(text) = dir.to_str() else {
        return Ok(());
    };
    let Some((scheme, _)) = text.split_once("://") else {
        return Ok(());
    };
    // RFC 3986's scheme; two letters at least, so that a drive (`C://…`) stays a path.
    let is_scheme = scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        return Ok(());
    }
    let bucket = if scheme.eq_ignore_ascii_case("s3") {
        text.trim_end_matches('/')
    } else {
        "s3://BUCKET"
    };
    Err(Failure::Usage(format!(
        "{}: a URL, but svf {command} takes a local folder as the bucket; nothing was read or \
         made. {}",
        dir.display(),
        advice(bucket)
    )))
}

/// How a path is named in messages.
pub fn display_name(path: &str) -> &str {
    if path == "-" { "<stdin>" } else { path }
}

/// Parses a weight table (contract §1) and checks that no region code appears twice.
///
/// # Errors
/// [`Failure::Refused`] with the file, line and column of the first problem.
pub fn table<'a>(path: &str, bytes: &'a [u8]) -> Result<Table<'a>, Failure> {
    let name = display_name(path);
    let table = Table::parse_bytes(bytes).map_err(|e| Failure::Refused(format!("{name}: {e}")))?;
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(table.len());
    for row in table.rows() {
        if let Some(first) = seen.insert(row.code, row.line) {
            return Err(Failure::Refused(format!(
                "{name}: line {}: the code {} is also on line {first}; each region appears once",
                row.line, row.code
            )));
        }
    }
    Ok(table)
}

/// A file time as an [`svf_kernel::time::Instant`] (whole seconds), or `None` outside the years 1–9999.
pub use svf_functions::store::folder::instant_of;

/// The year's rules, with the rules file (`svf-rules/1`) at `path` if one is given.
///
/// # Errors
/// [`Failure::Usage`] for an unreadable file; [`Failure::Refused`] for one the kernel refuses.
pub fn rules(year: Year, path: Option<&str>) -> Result<Rules, Failure> {
    match path {
        Some(path) => Rules::with_file(year, &read(path)?)
            .map_err(|e| Failure::Refused(format!("{}: {e}", display_name(path)))),
        None => Ok(Rules::of(year)),
    }
}

/// The conditional parts each region earned, from its assessment file (`svf-assessment/1`),
/// each checked to be of the rules' year and the only one for its region, and its parts
/// checked by the kernel against its verdicts under `rules`.
///
/// # Errors
/// [`Failure::Usage`] for an unreadable file; [`Failure::Refused`] for one that is not such an
/// assessment, whose parts contradict its verdicts, or a second for a region.
pub fn assessments(
    rules: &Rules,
    paths: &[String],
) -> Result<BTreeMap<Region, Vec<PaymentId>>, Failure> {
    let mut earned: BTreeMap<Region, Vec<PaymentId>> = BTreeMap::new();
    let mut files: BTreeMap<Region, &str> = BTreeMap::new();
    for path in paths {
        let refused = |why: &dyn std::fmt::Display| {
            Failure::Refused(format!("{}: {why}", display_name(path)))
        };
        let bytes = read(path)?;
        let (region, assessment) =
            StoredAssessment::parse_for(&bytes, rules.year()).map_err(|e| refused(&e))?;
        if let Some(first) = files.insert(region, path) {
            return Err(refused(&format!(
                "a second assessment for region {region}; the first is {first}"
            )));
        }
        earned.insert(region, assessment.earned(rules).map_err(|e| refused(&e))?);
    }
    Ok(earned)
}

/// The recorded decisions (`svf-decision/1`), each checked by the kernel and to be of `year`,
/// at most one per region.
///
/// # Errors
/// [`Failure::Usage`] for an unreadable file; [`Failure::Refused`] for a decision the kernel
/// refuses (with its JSON path), of another year, or a second for a region.
pub fn decisions(year: Year, paths: &[String]) -> Result<BTreeMap<Region, Decision>, Failure> {
    let mut decisions: BTreeMap<Region, Decision> = BTreeMap::new();
    let mut files: BTreeMap<Region, &str> = BTreeMap::new();
    for path in paths {
        let name = display_name(path);
        let bytes = read_limited(path, MAX_DECISION_BYTES)?;
        let decision = Decision::parse(&bytes)
            .map_err(|rejection| Failure::Refused(format!("{name}: {rejection}")))?;
        if decision.year() != year {
            return Err(Failure::Refused(format!(
                "{name}: agreement_year: is {}, but the payments are for {year}",
                decision.year()
            )));
        }
        if let Some(first) = files.insert(decision.region(), path) {
            return Err(Failure::Refused(format!(
                "{name}: a second decision for region {}; the first is {first}",
                decision.region()
            )));
        }
        decisions.insert(decision.region(), decision);
    }
    Ok(decisions)
}
