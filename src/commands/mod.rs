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
