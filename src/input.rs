//! Reading the files named on the command line; every message names the file.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::time::SystemTime;

use svf_kernel::Table;
use svf_kernel::time::Instant;

use crate::cli::Failure;

/// Reads a whole file, or standard input for `-`.
///
/// # Errors
/// [`Failure::Usage`] naming the file when it cannot be read.
pub fn read(path: &str) -> Result<Vec<u8>, Failure> {
    let result = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map(|_| bytes)
    } else {
        std::fs::read(Path::new(path))
    };
    result.map_err(|e| Failure::Usage(format!("{}: cannot read: {e}", display_name(path))))
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

/// A file time as an [`Instant`] (whole seconds), or `None` outside the years 1–9999.
pub fn instant_of(time: SystemTime) -> Option<Instant> {
    let seconds = match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).ok(),
        Err(before) => i64::try_from(before.duration().as_secs()).ok().map(|s| -s),
    };
    seconds.and_then(Instant::from_unix_seconds)
}
