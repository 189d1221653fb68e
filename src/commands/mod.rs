//! One module per subcommand.

use svf_kernel::region::Year;

use crate::failure::Failure;

pub mod allocate;
pub mod assess;
pub mod budget;
pub mod checker;
pub mod decide;
pub mod payments;
pub mod process;
pub mod record;
pub mod remind;
pub mod report;
pub mod status;
pub mod verify;

/// The agreement year given as `flag`.
///
/// # Errors
/// [`Failure::Usage`] for a year without known rules.
pub fn year(flag: &str, number: u16) -> Result<Year, Failure> {
    Year::from_number(u64::from(number)).ok_or_else(|| {
        Failure::Usage(format!(
            "{flag} {number}: must be an agreement year from 2022 to 2026"
        ))
    })
}

/// The folder `dir` as the bucket, and a runtime to drive it on this thread.
///
/// # Errors
/// [`Failure::Usage`] when `dir` is no folder or cannot be opened as the bucket, naming it.
pub fn folder_bucket(
    dir: &std::path::Path,
) -> Result<
    (
        svf_functions::store::folder::FolderStore,
        tokio::runtime::Runtime,
    ),
    Failure,
> {
    if !dir.is_dir() {
        return Err(Failure::Usage(format!("{}: no such folder", dir.display())));
    }
    let store = svf_functions::store::folder::FolderStore::open(dir)
        .map_err(|e| Failure::Usage(format!("{}: {e}", dir.display())))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| Failure::Usage(format!("cannot start: {e}")))?;
    Ok((store, runtime))
}
